"""The Help menu: About (versions, server, database, licences), the keyboard shortcuts, the log folder.

Everything shown is read when the dialog opens: the server's version from the window's backend (the status bar's
source), the database from the manager, the libraries' versions from their installed metadata.
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from importlib import metadata

import PySide6
from PySide6.QtCore import QObject, Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evodesk import __version__
from evodesk.config import Settings
from evodesk.domain import ServerInfo
from evodesk.services import DatabaseInfo, mask_url

# The libraries a build of evodesk bundles (pyproject's dependencies and Qt itself) with their licences.
BUNDLED: tuple[tuple[str, str, str], ...] = (
    ("Qt / PySide6", "PySide6-Essentials", "LGPL-3.0"),
    ("Shiboken6", "shiboken6", "LGPL-3.0"),
    ("httpx", "httpx", "BSD-3-Clause"),
    ("SQLAlchemy", "SQLAlchemy", "MIT"),
    ("Alembic", "alembic", "MIT"),
    ("psycopg", "psycopg", "LGPL-3.0"),
    ("phonenumbers", "phonenumbers", "Apache-2.0"),
    ("qrcode", "qrcode", "BSD-3-Clause"),
    ("Pillow", "pillow", "MIT-CMU"),
    ("platformdirs", "platformdirs", "MIT"),
    ("keyring", "keyring", "MIT"),
    ("Python", "", "PSF-2.0"),
)


def _version(distribution: str) -> str:
    if not distribution:
        return platform.python_version()
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        # A frozen build may leave the metadata out; the library is there all the same.
        return "—"


class AboutDialog(QDialog):
    """evodesk's version, the server and its Evolution version, the database, and the bundled libraries."""

    def __init__(
        self, server_url: str, server: ServerInfo | None, database: DatabaseInfo | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About evodesk"))
        title = QLabel(self.tr("evodesk {version}").format(version=__version__), self)
        title.setObjectName("aboutTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        lines = [
            self.tr("Manages the WhatsApp numbers (chips) of an Evolution API server."),
            self.tr("Server: {url}").format(url=mask_url(server_url) if server_url else self.tr("not configured")),
            self.tr("Evolution API version: {version}").format(
                version=server.version if server is not None else self.tr("unknown (the server has not answered)")
            ),
            self.tr("Database: {kind} — {url}").format(kind=database.label, url=database.url)
            if database is not None
            else self.tr("Database: not open"),
            self.tr("Qt {qt}, PySide6 {pyside}, Python {python}").format(
                qt=qVersion(), pyside=PySide6.__version__, python=platform.python_version()
            ),
        ]
        self.detailsLabel = QLabel("\n".join(lines), self)
        self.detailsLabel.setObjectName("aboutDetails")
        self.detailsLabel.setWordWrap(True)
        self.detailsLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        licences = QLabel(self.tr("evodesk is MIT-licensed. It bundles these libraries, under their licences:"), self)
        licences.setWordWrap(True)
        self.licencesTable = QTableWidget(len(BUNDLED), 3, self)
        self.licencesTable.setObjectName("aboutLicences")
        self.licencesTable.setHorizontalHeaderLabels([self.tr("Library"), self.tr("Version"), self.tr("Licence")])
        for row, (name, distribution, licence) in enumerate(BUNDLED):
            for column, text in enumerate((name, _version(distribution), licence)):
                self.licencesTable.setItem(row, column, QTableWidgetItem(text))
        self.licencesTable.verticalHeader().hide()
        self.licencesTable.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.licencesTable.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.detailsLabel)
        layout.addWidget(licences)
        layout.addWidget(self.licencesTable, 1)
        layout.addWidget(buttons)
        self.resize(560, 560)


class ShortcutsDialog(QDialog):
    """Every keyboard shortcut of the window, read from its actions, and the keys of the chips table."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows: list[tuple[str, str]] = []
        for action in window.findChildren(QAction):
            shortcut = action.shortcut()
            if shortcut.isEmpty() or not action.text():
                continue
            rows.append((shortcut.toString(QKeySequence.SequenceFormat.NativeText), action.text().replace("&", "")))
        rows.sort(key=lambda row: row[1].lower())
        rows += [
            (self.tr("Enter"), self.tr("Show the QR code of the selected disconnected chip")),
            (self.tr("Tab"), self.tr("Move between the list, the details panel's buttons, search and filter")),
            (self.tr("Shift+click, Ctrl+click"), self.tr("Select several chips for one action")),
        ]
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("What they do")])
        for row, (keys, what) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(what))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(620, 420)


class HelpMenu(QObject):
    """The Help menu and what it opens; ``server`` and ``database`` give what the window knows at that moment."""

    def __init__(
        self,
        window: QMainWindow,
        menu_bar: QMenuBar,
        settings: Settings,
        server: Callable[[], ServerInfo | None],
        database: Callable[[], DatabaseInfo | None],
        log_folder: QAction,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._server = server
        self._database = database
        menu = menu_bar.addMenu(self.tr("&Help"))
        menu.setObjectName("helpMenu")
        self.shortcutsAction = QAction(self.tr("Keyboard shortcuts"), window)
        self.shortcutsAction.setObjectName("shortcutsAction")
        self.shortcutsAction.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.shortcutsAction.triggered.connect(self.show_shortcuts)
        self.aboutAction = QAction(self.tr("About evodesk"), window)
        self.aboutAction.setObjectName("aboutAction")
        self.aboutAction.setMenuRole(QAction.MenuRole.AboutRole)
        self.aboutAction.triggered.connect(self.show_about)
        menu.addAction(self.shortcutsAction)
        menu.addAction(log_folder)
        menu.addSeparator()
        menu.addAction(self.aboutAction)

    def show_about(self) -> AboutDialog:
        """Open the About dialog (modeless, deleted on close)."""
        dialog = AboutDialog(self._settings.api_url or "", self._server(), self._database(), self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def show_shortcuts(self) -> ShortcutsDialog:
        """Open the list of keyboard shortcuts (modeless, deleted on close)."""
        dialog = ShortcutsDialog(self._window, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
