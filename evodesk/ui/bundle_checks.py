"""What ``evodesk --smoke-test`` checks of a bundle's data files and plugins, beyond importing and running.

Each of these goes missing from a frozen build without an import failing, and the operator would only see its
effect: English instead of Portuguese, a blank icon, the Fusion look on Windows, API keys in the settings file.
``steps()`` gives them in order, each with the name the smoke test reports when it fails.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtGui import QIcon, QImageReader
from PySide6.QtWidgets import QStyleFactory

from evodesk._resources import translation_dirs, translation_file
from evodesk.secrets import ApiKeyStore

# A string of evodesk/app.py (context "App") and its pt_BR catalogue translates.
_PROBE_CONTEXT = "App"
_PROBE_TEXT = "evodesk: unexpected error"


def steps(resource_dir: Path, tmp: Path) -> Iterator[tuple[str, Callable[[], None]]]:
    """(step name, check) pairs for this platform; a check raises with a one-line reason."""
    yield "translations", check_translations
    yield "icons", partial(check_icon, resource_dir / "icons" / "evodesk.svg")
    if sys.platform == "win32":
        yield "Windows style", check_windows_style
        yield "Windows Credential Manager", partial(check_keyring, tmp / "settings.ini")


def check_translations() -> None:
    """evodesk's and Qt's catalogues for pt_BR and English load, and the pt_BR one translates evodesk."""
    qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    for lang in ("pt_BR", "en"):
        ours = translation_file(lang)
        if ours is None:
            looked_in = ", ".join(dict.fromkeys(str(folder) for folder in translation_dirs()))
            raise FileNotFoundError(f"no evodesk_{lang}.qm (looked in {looked_in})")
        for path in (ours, qt_folder / f"qtbase_{lang}.qm"):
            translator = QTranslator()
            if not translator.load(str(path)):
                raise FileNotFoundError(f"Qt cannot load the translation catalogue {path}")
            if (
                path is ours
                and lang == "pt_BR"
                and translator.translate(_PROBE_CONTEXT, _PROBE_TEXT) in ("", _PROBE_TEXT)
            ):
                raise RuntimeError(f"{path} does not translate evodesk's own strings")


def check_icon(path: Path) -> None:
    """The SVG application icon is there and renders (the SVG image-format and icon-engine plugins)."""
    if not path.is_file():
        raise FileNotFoundError(f"no application icon ({path})")
    if b"svg" not in [bytes(name.data()) for name in QImageReader.supportedImageFormats()]:
        raise RuntimeError("Qt cannot read SVG (image-format plugin missing?)")
    if QIcon(str(path)).pixmap(32, 32).isNull():
        raise RuntimeError(f"Qt renders {path.name} as nothing (icon-engine plugin missing?)")


def check_windows_style() -> None:
    """The native look, a plugin (styles/qmodernwindowsstyle.dll); without it Qt falls back to Fusion."""
    styles = list(QStyleFactory.keys())  # a static method, not a mapping
    if "windowsvista" not in {style.lower() for style in styles}:
        raise RuntimeError(f"no native Windows style (Qt offers {', '.join(styles)})")


def check_keyring(settings_file: Path) -> None:
    """A usable OS keyring (on Windows keyring's backend and the pywin32-ctypes it calls); nothing is stored."""
    store = ApiKeyStore(settings_file, env={})
    if not store.keyring_usable():
        backend = type(store.backend)
        raise RuntimeError(f"no usable keyring (keyring chose {backend.__module__}.{backend.__name__})")
