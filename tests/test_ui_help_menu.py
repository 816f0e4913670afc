"""The Help menu: About names the versions, the server, the database and the bundled licences; the shortcuts
list is read from the window's actions; the log folder opens from there too."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMenu

from evodesk import __version__
from evodesk.config import Paths
from evodesk.ui.window.help import BUNDLED, AboutDialog, ShortcutsDialog
from helpers import OpenWindow, Rig, wait_synced

pytestmark = pytest.mark.gui


def test_about_names_evodesk_the_server_its_evolution_version_the_database_and_the_licences(
    qtbot, fleet: Rig, open_window: OpenWindow
) -> None:
    window = open_window()
    wait_synced(qtbot, window)
    qtbot.waitUntil(lambda: window.backend.server_info is not None, timeout=5000)
    help_menu = window.menuBar().findChild(QMenu, "helpMenu")
    assert help_menu is not None and help_menu.title() == "&Help"
    assert window.menuBar().actions()[-1].menu() is help_menu
    about = window.parts.help.show_about()
    assert isinstance(about, AboutDialog) and about.isVisible()
    text = about.detailsLabel.text()
    assert f"evodesk {__version__}" == about.findChild(type(about.detailsLabel), "aboutTitle").text()
    assert f"Server: {fleet.sim.url}" in text
    assert f"Evolution API version: {window.backend.server_info.version}" in text
    assert "Database: SQLite — sqlite:///" in text
    table = about.licencesTable
    assert table.rowCount() == len(BUNDLED)
    rows = {table.item(row, 0).text(): (table.item(row, 1).text(), table.item(row, 2).text()) for row in range(10)}
    assert rows["Qt / PySide6"][1] == "LGPL-3.0" and rows["psycopg"][1] == "LGPL-3.0"
    assert rows["httpx"][0] not in ("", "—")
    about.close()


def test_the_shortcuts_list_comes_from_the_window_and_the_log_folder_opens_from_help(
    qtbot, fleet: Rig, open_window: OpenWindow, tmp_path: Path
) -> None:
    window = open_window()
    wait_synced(qtbot, window)
    shortcuts = window.parts.help.show_shortcuts()
    assert isinstance(shortcuts, ShortcutsDialog)
    listed = {
        shortcuts.table.item(row, 1).text(): shortcuts.table.item(row, 0).text()
        for row in range(shortcuts.table.rowCount())
    }
    assert listed["New instance"] == "Ctrl+N"
    assert listed["Refresh"] == "F5"
    assert listed["Search"] == "Ctrl+F"
    assert "Show the QR code of the selected disconnected chip" in listed
    shortcuts.close()
    help_menu = window.menuBar().findChild(QMenu, "helpMenu")
    assert window.openLogFolderAction in help_menu.actions()
    log_dir = Paths.under(tmp_path / "home").log_dir
    window.openLogFolderAction.trigger()
    QApplication.processEvents()
    assert log_dir.is_dir()
