"""The window's own settings (geometry, splitter, columns, filter) in the same INI file as ``evodesk.config``.

QSettings in INI format behind typed accessors with one table of defaults, so a missing or hand-edited value
can never hand the window something of the wrong type.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings


@dataclass(frozen=True, slots=True)
class _Option:
    key: str
    kind: type
    default: Any


# key → type and default; the INI section is the part before the slash, as QSettings writes it.
OPTIONS: dict[str, _Option] = {
    option.key: option
    for option in (
        _Option("window/geometry", QByteArray, QByteArray()),
        _Option("window/state", QByteArray, QByteArray()),
        _Option("window/splitter", QByteArray, QByteArray()),
        _Option("window/header", QByteArray, QByteArray()),
        _Option("window/status_filter", str, ""),
        _Option("window/search", str, ""),
    )
}


class UiSettings:
    """Typed read/write of the window's settings; unknown keys are refused."""

    def __init__(self, settings_file: Path) -> None:
        self._settings = QSettings(str(settings_file), QSettings.Format.IniFormat)

    def get(self, key: str) -> Any:
        """The stored value converted to the option's type, or its default."""
        option = OPTIONS[key]
        value = self._settings.value(key, option.default)
        if option.kind is QByteArray:
            return value if isinstance(value, QByteArray) else option.default
        if option.kind is str:
            return value if isinstance(value, str) else option.default
        return option.default

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` (it must have the option's type)."""
        option = OPTIONS[key]
        if not isinstance(value, option.kind):
            raise TypeError(f"{key} takes {option.kind.__name__}, not {type(value).__name__}")
        self._settings.setValue(key, value)

    def sync(self) -> bool:
        """Write to disk now; False when the file could not be written."""
        self._settings.sync()
        return self._settings.status() == QSettings.Status.NoError
