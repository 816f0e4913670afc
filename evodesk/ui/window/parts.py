"""The complete main window: its actions, menus, toolbar and status bar, and the rooms it is made of, wired.

``MainWindow`` paints its frame first and builds this once that frame is on screen (``WindowParts``): the chips
page, the backend, the refresh controller, the actions controller and the fleet features. Each of those knows
only what it is given; this module connects their signals, and turns what they report into the banners, the
status bar and the empty table's text.
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import partial
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSizePolicy, QStyle, QToolBar, QToolButton, QWidget

from evodesk.config import Paths, Settings
from evodesk.domain import Chip, SyncReport
from evodesk.services import EvolutionAuthError, EvolutionError, EvolutionUnavailable, InstanceManager, StoreError
from evodesk.ui.actions.chip_action import ChipAction, allowed
from evodesk.ui.actions.controller import ActionsController
from evodesk.ui.actions.status import StatusActions
from evodesk.ui.chips.avatars import AvatarLoader
from evodesk.ui.chips.model import format_moment
from evodesk.ui.chips.page import ChipsPage
from evodesk.ui.dialogs.settings import SettingsDialog
from evodesk.ui.fleet.features import FleetFeatures
from evodesk.ui.shared import widgets
from evodesk.ui.shared.demo import ScanSimulator
from evodesk.ui.shared.messages import describe_error
from evodesk.ui.tasks.runner import Pool, TaskRunner
from evodesk.ui.window.backend import Backend
from evodesk.ui.window.help import HelpMenu
from evodesk.ui.window.live import LiveWiring
from evodesk.ui.window.refresh import RefreshController

log = logging.getLogger("evodesk.ui.main_window")

# Backend is built by MainWindow beside the parts (it starts opening once they exist).
__all__ = ["Backend", "WindowParts"]


class WindowParts(QObject):
    """Everything of the main window but its frame; see the module docstring.

    ``backend`` is the window's ``Backend`` (created with the frame, so it can start before this exists).
    """

    def __init__(
        self,
        window: QMainWindow,
        runner: TaskRunner,
        settings: Settings,
        backend: Backend,
        *,
        paths: Paths | None,
        simulator: ScanSimulator | None,
        demo: bool,
    ) -> None:
        super().__init__(window)
        self.window = window
        self._runner = runner
        self._settings = settings
        self._paths = paths
        self._demo = demo
        self.backend = backend
        self._build_actions()
        self.page = ChipsPage(self.chip_actions, window)
        self.avatars = AvatarLoader(runner, paths.data_dir / "avatars", self) if paths is not None else None
        if self.avatars is not None:
            self.page.show_avatars(self.avatars)
        self.refresh = RefreshController(runner, settings, window.isMinimized, self)
        self.actions = ActionsController(runner, self.page, self.chip_actions, window, simulator=simulator)
        self.status = StatusActions(runner, self.page, window)
        self._build_menus_and_toolbar()
        window.setCentralWidget(self.page)
        self._build_status_bar()
        # Tray and drop notifications, drift, audit and batch onboarding.
        self.fleet = FleetFeatures(
            runner,
            self.page,
            self.refresh,
            self.actions,
            window,
            window.menuBar(),
            self.toolbar,
            simulator=simulator,
        )
        # The server's events: QR dialogs, rows, drops and the status bar's live label.
        self.live = LiveWiring(window, backend, self.page, self.actions, self.fleet, self.refresh)
        self.live.message.connect(self._show_message)
        # Last in the menu bar, as on every platform.
        self.help = HelpMenu(
            window,
            window.menuBar(),
            settings,
            lambda: self.backend.server_info,
            lambda: self.backend.manager.database() if self.backend.manager is not None else None,
            self.openLogFolderAction,
        )
        self._connect()

    # -- construction ------------------------------------------------------------------------------------

    def _action(self, object_name: str, text: str, tip: str, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(object_name)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setToolTip(f"{tip} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
        # Added to the window so the shortcut works wherever the focus is inside it.
        self.window.addAction(action)
        return action

    def _build_actions(self) -> None:
        style = self.window.style()
        self.newInstanceAction = self._action(
            "newInstanceAction",
            self.tr("New instance"),
            self.tr("Create an instance for a phone number and show its QR code"),
            QKeySequence("Ctrl+N"),
        )
        self.newInstanceAction.setIcon(widgets.plus_icon())
        self.refreshAction = self._action(
            "refreshAction",
            self.tr("Refresh"),
            self.tr("Ask the server for the state of every chip now"),
            QKeySequence("F5"),
        )
        self.refreshAction.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_BrowserReload))
        self.findAction = self._action(
            "findAction",
            self.tr("Search"),
            self.tr("Search by phone, instance or profile name"),
            QKeySequence("Ctrl+F"),
        )
        self.disconnectAction = self._action(
            "disconnectAction",
            self.tr("Disconnect"),
            self.tr("Log WhatsApp out of the selected chips (the instance stays; reconnect with a new QR code)"),
        )
        self.reconnectAction = self._action(
            "reconnectAction",
            self.tr("Reconnect…"),
            # Enter on a row does the same through the view's "activated" signal.
            self.tr("Show a new QR code for the selected chip (Enter or double-click on the row)"),
        )
        self.restartAction = self._action(
            "restartAction",
            self.tr("Restart"),
            self.tr("Restart the WhatsApp session of the selected connected chips"),
        )
        self.deleteAction = self._action(
            "deleteAction",
            self.tr("Delete…"),
            self.tr("Delete the instance on the server and mark the chip cancelled (kept for history)"),
            QKeySequence("Del"),
        )
        self.chipSettingsAction = self._action(
            "chipSettingsAction",
            self.tr("Chip settings…"),
            self.tr("Behaviour, proxy and profile of the selected chips (one or many at once)"),
        )
        self.settingsAction = self._action(
            "settingsAction", self.tr("Settings…"), self.tr("Server address, API key and database")
        )
        self.quitAction = self._action("quitAction", self.tr("Quit"), self.tr("Close evodesk"), QKeySequence("Ctrl+Q"))
        self.openLogFolderAction = self._action(
            "openLogFolderAction",
            self.tr("Open log folder"),
            self.tr("Show the folder with evodesk's log files (attach them when reporting a problem)"),
        )
        self.chip_actions: dict[str, QAction] = {
            ChipAction.DISCONNECT: self.disconnectAction,
            ChipAction.RECONNECT: self.reconnectAction,
            ChipAction.RESTART: self.restartAction,
            ChipAction.DELETE: self.deleteAction,
            ChipAction.SETTINGS: self.chipSettingsAction,
        }

    def _build_menus_and_toolbar(self) -> None:
        window = self.window
        menu = window.menuBar()
        file_menu = menu.addMenu(self.tr("&File"))
        file_menu.addAction(self.newInstanceAction)
        file_menu.addAction(self.refreshAction)
        file_menu.addSeparator()
        file_menu.addAction(self.settingsAction)
        file_menu.addAction(self.openLogFolderAction)
        file_menu.addSeparator()
        file_menu.addAction(self.quitAction)
        chip_menu = menu.addMenu(self.tr("&Chip"))
        for action in self.chip_actions.values():
            chip_menu.addAction(action)
        chip_menu.addSeparator()
        chip_menu.addMenu(self.status.menu)
        self.page.context_menus.append(self.status.menu)

        toolbar = QToolBar(self.tr("Main toolbar"), window)
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        window.addToolBar(toolbar)
        self.toolbar = toolbar
        self.newInstanceButton = QToolButton(toolbar)
        self.newInstanceButton.setObjectName("newInstanceButton")
        self.newInstanceButton.setDefaultAction(self.newInstanceAction)
        self.newInstanceButton.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addWidget(self.newInstanceButton)
        self.refreshButton = QToolButton(toolbar)
        self.refreshButton.setObjectName("refreshButton")
        self.refreshButton.setDefaultAction(self.refreshAction)
        self.refreshButton.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addWidget(self.refreshButton)
        toolbar.addSeparator()
        toolbar.addWidget(self.page.searchEdit)
        toolbar.addWidget(self.page.statusFilter)
        spacer = QWidget(toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.page.summaryLabel)

    def _build_status_bar(self) -> None:
        status = self.window.statusBar()
        status.setObjectName("statusBar")
        self.serverLabel = QLabel(status)
        self.serverLabel.setObjectName("serverLabel")
        self.apiVersionLabel = QLabel(status)
        self.apiVersionLabel.setObjectName("apiVersionLabel")
        self.databaseLabel = QLabel(status)
        self.databaseLabel.setObjectName("databaseLabel")
        self.lastSyncLabel = QLabel(status)
        self.lastSyncLabel.setObjectName("lastSyncLabel")
        for label in (self.serverLabel, self.apiVersionLabel, self.databaseLabel, self.lastSyncLabel):
            label.setContentsMargins(6, 0, 6, 0)
            status.addPermanentWidget(label)

    def _connect(self) -> None:
        page, actions, refresh, backend, fleet = self.page, self.actions, self.refresh, self.backend, self.fleet
        self.newInstanceAction.triggered.connect(actions.new_instance)
        self.refreshAction.triggered.connect(self.refresh_now)
        self.findAction.triggered.connect(page.focus_search)
        for name, action in self.chip_actions.items():
            action.triggered.connect(partial(actions.run, name))
        self.settingsAction.triggered.connect(self.open_settings)
        self.quitAction.triggered.connect(self.window.close)
        self.openLogFolderAction.triggered.connect(self.open_log_folder)
        page.selectionUpdated.connect(self._update_selection_ui)
        page.chipActivated.connect(self._on_activated)
        page.apiStatusBanner.retryRequested.connect(self.retry_now)
        page.databaseBanner.retryRequested.connect(self.open_backend)
        backend.ready.connect(self._on_backend_ready)
        backend.failed.connect(self._on_backend_failed)
        backend.serverInfoChanged.connect(self.update_status_labels)
        refresh.started.connect(self.update_status_labels)
        refresh.synced.connect(self._on_synced)
        refresh.finished.connect(self._on_sync_finished)
        for source in (actions, fleet, self.status):
            source.message.connect(self._show_message)
            source.failed.connect(self.show_error)
        actions.syncRequested.connect(refresh.request)
        self.status.syncRequested.connect(refresh.request)
        page.selectionUpdated.connect(self.status.update_enabled)
        fleet.showRequested.connect(self.show_window)
        fleet.refreshRequested.connect(self.refresh_now)
        fleet.quitRequested.connect(self.window.close)

    # -- the backend -------------------------------------------------------------------------------------

    def open_backend(self) -> None:
        """Open the database (again, after a failure)."""
        self.page.databaseBanner.set_retrying()
        self.page.set_backend_state("opening")
        self.backend.open()

    def _on_backend_ready(self, manager: InstanceManager) -> None:
        self.refresh.set_manager(manager)
        self.actions.set_manager(manager)
        if self.avatars is not None:
            self.avatars.set_service(manager.chip_settings())
        self.status.set_manager(manager)
        self.fleet.backend_ready(manager)
        self.page.databaseBanner.clear()
        self.page.set_backend_state("ready")
        self.update_status_labels()
        self.page.schedule_update()
        self._runner.submit(
            partial(manager.list_chips, include_cancelled=True),
            on_success=self._on_chips_loaded,
            on_error=self._on_load_failed,
            pool=Pool.DATABASE,
            owner=self,
        )
        self.backend.fetch_server_info()
        self.refresh.request()
        if manager.journal is not None:
            # A create interrupted by a crash left an instance on the server; adopt it (or forget it).
            self._runner.submit(
                manager.recover_orphans,
                on_success=self._on_orphans_recovered,
                on_error=lambda exc: log.warning("recovering interrupted creates failed: %s", exc),
                owner=self,
            )

    def _on_orphans_recovered(self, adopted: list[Chip]) -> None:
        if not adopted:
            return
        names = ", ".join(chip.instance_name for chip in adopted)
        self._show_message(
            self.tr("Recovered instances created before evodesk last stopped: {names}").format(names=names), 15000
        )
        for chip in adopted:
            self.page.model.update_chip(chip)
        self.refresh.request()

    def _on_backend_failed(self, exc: BaseException) -> None:
        self.page.databaseBanner.show_problem(
            self.tr("evodesk cannot open the chips database"), describe_error(exc), None
        )
        self.page.set_backend_state("failed")

    def _on_chips_loaded(self, chips: list[Chip]) -> None:
        # A sync that answered first has fresher data than this read.
        if not self.refresh.synced_once:
            self.page.model.set_chips(chips)
        self.page.update_empty_state()

    def _on_load_failed(self, exc: BaseException) -> None:
        log.error("cannot read the chips", exc_info=exc)
        self.page.databaseBanner.show_problem(self.tr("The chips cannot be read"), describe_error(exc), None)

    # -- the fleet refresh -------------------------------------------------------------------------------

    def refresh_now(self) -> None:
        """F5: refresh now, letting a probe through even if the server was marked unreachable."""
        if self.page.apiStatusBanner.isVisible():
            self.retry_now()
        else:
            self.refresh.request()

    def retry_now(self) -> None:
        """The banner's "Retry now": forget the circuit breaker's wait and refresh."""
        if self.backend.manager is None:
            return
        self.page.apiStatusBanner.set_retrying()
        self.refresh.retry_now()

    def _on_synced(self, report: SyncReport) -> None:
        self.page.model.set_chips(report.chips)
        self.page.apiStatusBanner.clear()
        self.backend.fetch_server_info()
        notes: list[str] = []
        if report.dropped:
            names = ", ".join(chip.instance_name for chip in report.dropped[:5])
            notes.append(self.tr("Disconnected since the last refresh: {names}").format(names=names))
        # An instance whose chip was just deleted lingers on the server for a moment (deletes are
        # asynchronous there): it is not "unknown", so it is not worth the operator's attention.
        deleted = {chip.instance_name.lower() for chip in report.chips if chip.is_cancelled}
        unknown = [info for info in report.unknown_instances if info.name.lower() not in deleted]
        if unknown:
            notes.append(self.tr("%n instance(s) on the server are not in the database", "", len(unknown)))
        if report.missing_instances:
            notes.append(self.tr("%n chip(s) have no instance on the server", "", len(report.missing_instances)))
        if notes:
            self._show_message(" · ".join(notes), 15000)

    def _on_sync_finished(self, error: BaseException | None) -> None:
        if error is not None:
            self._show_sync_problem(error)
        self.update_status_labels()

    def _show_sync_problem(self, exc: BaseException) -> None:
        if isinstance(exc, EvolutionUnavailable) and exc.reason != "unavailable":  # reached, but too slow or too long
            title = self.tr("The Evolution API server is not answering properly")
        elif isinstance(exc, EvolutionUnavailable):
            title = self.tr("The Evolution API server cannot be reached")
        elif isinstance(exc, EvolutionAuthError):
            title = self.tr("The Evolution API server refused the API key")
        elif isinstance(exc, EvolutionError):
            title = self.tr("The Evolution API server answered with an error")
        elif isinstance(exc, StoreError):
            title = self.tr("The chips database cannot be updated")
        else:
            title = self.tr("The chips could not be refreshed")
        self.page.apiStatusBanner.show_problem(title, describe_error(exc), self.refresh.next_sync_at)

    # -- what the window shows ---------------------------------------------------------------------------

    def _update_selection_ui(self) -> None:
        ready = self.backend.manager is not None
        self.actions.update_enabled()
        self.newInstanceAction.setEnabled(ready)
        self.refreshAction.setEnabled(ready)
        self.page.details.show_chips(self.page.selected_chips() if ready else [])
        self.page.update_empty_state()

    def _on_activated(self, chip: Chip) -> None:
        if allowed(ChipAction.RECONNECT, chip):
            self.actions.reconnect(chip)

    def update_status_labels(self) -> None:
        """The status bar's server, API version, database and last refresh."""
        url = self._settings.api_url or ""
        parts = urlsplit(url)
        host = parts.hostname or url
        if parts.port:
            host = f"{host}:{parts.port}"
        if self._demo:
            self.serverLabel.setText(self.tr("Server: {host} (demo simulator)").format(host=host))
        else:
            self.serverLabel.setText(self.tr("Server: {host}").format(host=host or self.tr("not configured")))
        self.serverLabel.setToolTip(url)
        info = self.backend.server_info
        if info is not None:
            self.apiVersionLabel.setText(self.tr("Evolution API {version}").format(version=info.version))
        else:
            self.apiVersionLabel.setText(self.tr("API version unknown"))
        if self.backend.manager is not None:
            database = self.backend.manager.database()
            self.databaseLabel.setText(self.tr("Database: {backend}").format(backend=database.label))
            self.databaseLabel.setToolTip(database.url)
        else:
            self.databaseLabel.setText(self.tr("Database: opening…"))
        last: datetime | None = self.refresh.last_sync
        if self.refresh.syncing:
            self.lastSyncLabel.setText(self.tr("Refreshing…"))
        elif last is not None:
            self.lastSyncLabel.setText(self.tr("Last sync {time}").format(time=format_moment(last)))
        else:
            self.lastSyncLabel.setText(self.tr("Not synced yet"))

    def _show_message(self, text: str, timeout: int) -> None:
        if text:
            self.window.statusBar().showMessage(text, timeout)
        else:
            self.window.statusBar().clearMessage()

    def show_error(self, title: str, text: str) -> QMessageBox:
        """A non-blocking message box (the event loop and the refreshes keep running while it is open)."""
        self.window.statusBar().showMessage(text.splitlines()[0], 15000)
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("errorMessageBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()
        return box

    def show_window(self) -> None:
        """Bring the main window to the front."""
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()

    def open_settings(self) -> SettingsDialog | None:
        """Edit the server settings; they apply the next time evodesk starts."""
        if self._paths is None:
            return None
        dialog = SettingsDialog(self._paths, self._settings, self.window, runner=self._runner)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self._show_message(self.tr("Settings saved; they apply when evodesk starts again."), 0)
        )
        dialog.open()
        return dialog

    def open_log_folder(self) -> bool:
        """Open the log folder in the desktop's file manager; False when there is none to open."""
        if self._paths is None:
            return False
        self._paths.log_dir.mkdir(parents=True, exist_ok=True)
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._paths.log_dir)))
        if not opened:
            self._show_message(self.tr("The log folder is {path}").format(path=self._paths.log_dir), 15000)
        return opened

    def shutdown(self) -> None:
        """Stop the timers and close the dialogs and views (the window waits for the workers afterwards)."""
        self.refresh.stop()
        self.page.stop()
        self.page.apiStatusBanner.clear()
        self.page.databaseBanner.clear()
        self.fleet.shutdown()
        self.actions.shutdown()
