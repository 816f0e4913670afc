"""Secrets stay out of log files; the API key goes to the keyring, or to an owner-only file without one."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from evodesk.config import read_settings_file
from evodesk.logs import redactor, setup_logging
from evodesk.secrets import ApiKeyStore, KeyStorage

KEY = "9F1C2A7E-5B3D-4C8A-A1B2-C3D4E5F6A7B8"
QR = "2@y8eK+bjtEjUWy9/FOMabcdef,Xy1234567890abcdefghijkl=,Qw0987654321zyxwvutsrq=,Zz112233445566778899aa="


class MemoryKeyring(KeyringBackend):
    """An OS keyring stand-in: no keyring daemon runs on a headless test machine."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = setup_logging(tmp_path / "logs")
    yield path
    for handler in list(logging.getLogger().handlers):
        if getattr(handler, "_evodesk", False):
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_secrets_and_qr_payloads_never_reach_the_log_file(log_file: Path) -> None:
    redactor().add_secret(KEY)
    log = logging.getLogger("evodesk.test")
    log.info("using key %s", KEY)
    log.warning("headers={'apikey': '%s'}", "another-secret-value")
    log.info("qr %s shown", QR)
    log.info("png data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB")
    try:
        raise RuntimeError(f"request failed with key {KEY}")
    except RuntimeError:
        log.exception("boom")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert KEY not in text
    assert "another-secret-value" not in text
    assert QR not in text and "y8eK+bjtEjUWy9" not in text
    assert "iVBORw0KGgo" not in text
    assert "using key ***" in text
    assert "<qr payload>" in text
    assert "RuntimeError: request failed with key ***" in text


def test_file_fallback_without_a_usable_keyring(tmp_path: Path) -> None:
    store = ApiKeyStore(tmp_path / "settings.ini", env={}, backend=fail.Keyring())
    assert store.keyring_usable() is False
    assert store.save("http://evo:8080", f"  {KEY}  ") is KeyStorage.SETTINGS_FILE
    assert read_settings_file(tmp_path / "settings.ini") == {"server/api_key": KEY}
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "settings.ini").stat().st_mode) == 0o600
    loaded = store.load("http://evo:8080")
    assert loaded.value == KEY and loaded.storage is KeyStorage.SETTINGS_FILE
    assert KEY not in repr(loaded)


def test_keyring_is_used_when_usable_and_the_file_copy_removed(tmp_path: Path) -> None:
    ring = MemoryKeyring()
    settings = tmp_path / "settings.ini"
    ApiKeyStore(settings, env={}, backend=fail.Keyring()).save("http://evo", "old-file-key")
    store = ApiKeyStore(settings, env={}, backend=ring)
    assert store.save("http://evo", KEY) is KeyStorage.KEYRING
    assert ring.items == {("evodesk", "http://evo"): KEY}
    assert "server/api_key" not in read_settings_file(settings)
    assert store.load("http://evo").storage is KeyStorage.KEYRING
    assert store.load("http://other").storage is KeyStorage.NONE
    store.delete("http://evo")
    assert ring.items == {}


def test_environment_wins(tmp_path: Path) -> None:
    ring = MemoryKeyring()
    store = ApiKeyStore(tmp_path / "s.ini", env={"EVOLUTION_API_KEY": " env-key "}, backend=ring)
    store.save("http://evo", KEY)
    loaded = store.load("http://evo")
    assert loaded.value == "env-key" and loaded.storage is KeyStorage.ENVIRONMENT


def test_empty_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="empty"):
        ApiKeyStore(tmp_path / "s.ini", env={}, backend=fail.Keyring()).save("http://evo", "   ")
    assert not (tmp_path / "s.ini").exists()


def test_records_held_before_the_log_file_opens_are_written_to_it_scrubbed(tmp_path: Path) -> None:
    from evodesk.logs import hold_records, holding_records

    redactor().add_secret(KEY)
    log = logging.getLogger("evodesk.test.held")
    hold_records()
    try:
        assert holding_records()
        log.info("held before the file, key %s", KEY)
        log.debug("below the file's level")
        path = setup_logging(tmp_path / "logs")
        assert not holding_records()
        log.info("after the file opened")
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_evodesk", False):
                logging.getLogger().removeHandler(handler)
                handler.close()
    assert "held before the file, key ***" in text and KEY not in text
    assert "below the file's level" not in text
    assert text.index("held before the file") < text.index("after the file opened")


def test_pieces_of_the_key_and_lone_surrogates_in_a_traceback_are_handled(log_file: Path) -> None:
    redactor().add_secret(KEY)
    log = logging.getLogger("evodesk.test")
    try:
        # A parser quoting the first bytes of a broken line cuts the key; a server's text holds a lone surrogate.
        raise ValueError(f"illegal header line: b'x-{KEY[:9]}' from 'Loja \ud800 fim'")
    except ValueError:
        log.exception("refresh failed")
    log.info("tail %s and profile %s", KEY[-7:], "Loja \ud800 fim")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert KEY[:9] not in text and KEY[-7:] not in text
    assert "illegal header line: b'x-***'" in text
    assert "profile Loja \\ud800 fim" in text
