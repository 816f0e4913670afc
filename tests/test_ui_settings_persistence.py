"""Settings shared with QSettings, window state surviving a restart, the key kept out of plain sight."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMenu

from evodesk.app import open_main_window
from evodesk.config import Paths, Settings, read_settings_file, write_settings_file
from evodesk.secrets import ApiKeyStore, KeyStorage
from evodesk.simulator import Simulator
from evodesk.ui.dialogs.settings import SettingsDialog
from evodesk.ui.tasks.runner import TaskRunner

pytestmark = pytest.mark.gui

KEY = "5E0C1A2B-3C4D-4E5F-8A9B-0C1D2E3F4A5B"


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


def test_config_and_qsettings_read_each_other(qapp: QApplication, tmp_path: Path) -> None:
    path = tmp_path / "settings.ini"
    write_settings_file(path, {"server/url": "http://a:1", "ui/lang": "pt_BR"})
    qs = QSettings(str(path), QSettings.Format.IniFormat)
    assert qs.value("server/url") == "http://a:1"
    assert qs.value("ui/lang") == "pt_BR"
    qs.setValue("server/url", "https://b.example")
    qs.setValue("window/status_filter", "pending")
    qs.sync()
    del qs
    assert read_settings_file(path) == {"server/url": "https://b.example", "ui/lang": "pt_BR"}
    write_settings_file(path, {"ui/lang": "en"})
    qs = QSettings(str(path), QSettings.Format.IniFormat)
    assert qs.value("window/status_filter") == "pending"  # our write kept the window's keys
    assert qs.value("ui/lang") == "en"


def _dialog(qtbot: Any, tmp_path: Path, ring: KeyringBackend, **settings: Any) -> SettingsDialog:
    paths = Paths.under(tmp_path)
    paths.ensure()
    runner = TaskRunner()
    dialog = SettingsDialog(
        paths, Settings(**settings), runner=runner, key_store=ApiKeyStore(paths.settings_file, env={}, backend=ring)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_key_goes_to_the_keyring_when_there_is_one(qtbot: Any, tmp_path: Path) -> None:
    ring = MemoryKeyring()
    dialog = _dialog(qtbot, tmp_path, ring)
    assert "system keyring" in dialog.findChild(QLabel, "keyStorageLabel").text()
    dialog.serverUrlEdit.setText("https://evo.example.com")
    dialog.apiKeyEdit.setText(KEY)
    qtbot.mouseClick(dialog.saveButton, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.key_storage is KeyStorage.KEYRING
    assert ring.items == {("evodesk", "https://evo.example.com"): KEY}
    assert KEY not in (tmp_path / "settings.ini").read_text(encoding="utf-8")
    assert read_settings_file(tmp_path / "settings.ini") == {"server/url": "https://evo.example.com"}


def test_without_a_keyring_the_dialog_says_the_file_is_used(qtbot: Any, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, tmp_path, fail.Keyring())
    assert "No system keyring" in dialog.findChild(QLabel, "keyStorageLabel").text()
    dialog.serverUrlEdit.setText("https://evo.example.com")
    dialog.apiKeyEdit.setText(KEY)
    qtbot.mouseClick(dialog.saveButton, Qt.MouseButton.LeftButton)
    assert dialog.key_storage is KeyStorage.SETTINGS_FILE
    assert read_settings_file(tmp_path / "settings.ini")["server/api_key"] == KEY


def test_copy_key_and_masked_database_password(qtbot: Any, tmp_path: Path) -> None:
    dialog = _dialog(
        qtbot,
        tmp_path,
        fail.Keyring(),
        api_url="https://evo.example.com",
        api_key=KEY,
        database_url="postgresql+psycopg://ops:hunter2secret@db.example:5432/chips",
    )
    database = dialog.findChild(QLabel, "databaseLabel").text()
    assert "hunter2secret" not in database and "db.example" in database
    qtbot.mouseClick(dialog.copyKeyButton, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == KEY


def test_window_layout_and_filter_survive_a_restart(qtbot: Any, tmp_path: Path, simulator: Simulator) -> None:
    argv = ["--data-dir", str(tmp_path), "--api-url", simulator.url, "--api-key", "test-key"]
    window = open_main_window(argv)
    qtbot.addWidget(window)
    index = window.statusFilter.findData("pending")
    assert index > 0
    window.statusFilter.setCurrentIndex(index)
    # Stay inside the offscreen screen, which clamps restored geometry to its own size.
    available = window.screen().availableGeometry()
    window.resize(min(760, available.width() - 20), min(560, available.height() - 40))
    size = (window.width(), window.height())
    assert size != (1280, 760)
    window.chipsTable.horizontalHeader().resizeSection(1, 333)
    window.close()
    again = open_main_window(argv)
    qtbot.addWidget(again)
    assert again.statusFilter.currentData() == "pending"
    assert (again.width(), again.height()) == size
    assert again.chipsTable.horizontalHeader().sectionSize(1) == 333
    again.close()


def test_open_log_folder_action(qtbot: Any, tmp_path: Path, simulator: Simulator) -> None:
    window = open_main_window(["--data-dir", str(tmp_path), "--api-url", simulator.url, "--api-key", "test-key"])
    qtbot.addWidget(window)
    in_menus = [a.objectName() for menu in window.menuBar().findChildren(QMenu) for a in menu.actions()]
    assert "openLogFolderAction" in in_menus
    window.open_log_folder()
    assert (tmp_path / "logs").is_dir()
    window.close()


def test_the_dialog_shows_the_key_kept_in_the_keyring(qtbot: Any, tmp_path: Path) -> None:
    # The window's settings do not carry the keyring's key (it is looked up on a worker); the dialog asks.
    ring = MemoryKeyring()
    ring.set_password("evodesk", "https://evo.example.com", KEY)
    dialog = _dialog(qtbot, tmp_path, ring, api_url="https://evo.example.com")
    assert dialog.apiKeyEdit.text() == KEY
