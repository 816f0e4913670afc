"""Where the API key lives: the environment first, then the OS keyring, else the settings file (owner-only).

A workstation without a usable keyring (a headless Linux box, a locked-down Windows profile) still works: the
key is written to the settings file with owner-only permissions, and ``KeyStorage.SETTINGS_FILE`` lets the
settings dialog say so.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from evodesk.config import ENV_API_KEY, Settings, read_settings_file, write_settings_file

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger("evodesk.secrets")

SERVICE = "evodesk"
FILE_KEY = "server/api_key"


class KeyStorage(enum.StrEnum):
    """Where a key was found or put."""

    COMMAND_LINE = "command line"
    ENVIRONMENT = "environment"
    KEYRING = "keyring"
    SETTINGS_FILE = "settings file"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class StoredKey:
    """An API key and where it came from (the value never shows in a repr)."""

    value: str | None = field(repr=False)
    storage: KeyStorage


class ApiKeyStore:
    """Reads and writes the API key of one server URL (the keyring account)."""

    def __init__(
        self,
        settings_file: Path,
        *,
        env: Mapping[str, str] | None = None,
        backend: KeyringBackend | None = None,
    ) -> None:
        self.settings_file = settings_file
        self._env = os.environ if env is None else env
        self._backend = backend

    @property
    def backend(self) -> KeyringBackend:
        """The keyring backend in use (the platform's, unless one was given)."""
        if self._backend is not None:
            return self._backend
        # Imported here: keyring looks up its backends through package metadata, about 30 ms that a start with
        # the key on the command line or in the environment does not need to pay.
        import keyring

        return keyring.get_keyring()

    def keyring_usable(self) -> bool:
        """False for the "fail" and "null" backends that keyring picks when nothing real is available."""
        backend = self.backend
        try:
            priority = float(backend.priority)
        except Exception:  # some backends compute priority by probing the system and may raise
            return False
        return priority > 0 and type(backend).__module__.split(".")[-1] not in {"fail", "null"}

    def load(self, account: str) -> StoredKey:
        """The key for ``account`` (the server URL), looking in the environment, the keyring, the file."""
        env_value = self._env.get(ENV_API_KEY, "").strip()
        if env_value:
            return StoredKey(env_value, KeyStorage.ENVIRONMENT)
        if self.keyring_usable():
            from keyring.errors import KeyringError

            try:
                value = self.backend.get_password(SERVICE, account)
            except KeyringError as exc:
                log.warning("keyring unavailable, falling back to the settings file: %s", type(exc).__name__)
            else:
                if value:
                    return StoredKey(value, KeyStorage.KEYRING)
        value = read_settings_file(self.settings_file).get(FILE_KEY, "").strip()
        if value:
            return StoredKey(value, KeyStorage.SETTINGS_FILE)
        return StoredKey(None, KeyStorage.NONE)

    def save(self, account: str, key: str) -> KeyStorage:
        """Store ``key`` for ``account``; the keyring when usable (removing any copy in the file), else the file."""
        key = key.strip()
        if not key:
            raise ValueError("the API key is empty")
        if self.keyring_usable():
            from keyring.errors import KeyringError

            try:
                self.backend.set_password(SERVICE, account, key)
            except KeyringError as exc:
                log.warning("keyring refused the key, keeping it in the settings file: %s", type(exc).__name__)
            else:
                write_settings_file(self.settings_file, {FILE_KEY: None})
                return KeyStorage.KEYRING
        write_settings_file(self.settings_file, {FILE_KEY: key})
        return KeyStorage.SETTINGS_FILE

    def delete(self, account: str) -> None:
        """Forget the key everywhere evodesk may have put it."""
        if self.keyring_usable():
            from keyring.errors import KeyringError

            with contextlib.suppress(KeyringError):
                self.backend.delete_password(SERVICE, account)
        write_settings_file(self.settings_file, {FILE_KEY: None})


def with_stored_key(settings: Settings, store: ApiKeyStore) -> Settings:
    """``settings`` with the key evodesk uses for its server: command line > environment > keyring > file.

    A key given on the command line or in the environment is used as it is; otherwise the store is asked (it may
    reach the OS keyring, which can be slow or wait for the operator to unlock it: call this off the GUI thread).
    """
    if settings.api_url and settings.sources.get("api_key") not in {"command line", "environment"}:
        stored = store.load(settings.api_url)
        if stored.value:
            sources = {**settings.sources, "api_key": str(stored.storage)}
            settings = dataclasses.replace(settings, api_key=stored.value, sources=sources)
    return settings
