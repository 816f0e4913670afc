"""The operator's main window: a frame that paints first, then the complete window built into it.

``evodesk`` starts with ``frame_first``: the operator sees the window (title, size and place as they left it,
"Opening evodesk…") as soon as Qt can show one. Importing what the complete window needs (the services, the table
model, the dialogs, PySide6's widget classes) takes longer than starting Qt itself, so it happens in ``complete()``,
in the next turn of the event loop after that first paint: ``evodesk.ui.window.parts`` is imported there, the one
deferred import of the window, and builds everything else. This module imports only what the frame needs.

Threading rule: nothing here waits on the network or the database. Every call into the services goes through
the ``TaskRunner``; callbacks run on the GUI thread and only touch widgets there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QVBoxLayout, QWidget

from evodesk.config import Paths, Settings
from evodesk.ui.shared.demo import ScanSimulator
from evodesk.ui.shared.ui_settings import UiSettings
from evodesk.ui.tasks.runner import TaskRunner

log = logging.getLogger("evodesk.ui.main_window")

# A window built frame first completes this long after construction even if it never paints (never exposed).
FRAME_FIRST_FALLBACK_MS = 400
# How long a closing window waits for running workers (a request stuck on its timeout ends sooner).
SHUTDOWN_WAIT_MS = 12000


class _AfterFirstPaint(QObject):
    """Event filter that calls ``then`` once, in the event-loop turn after the watched widget first painted."""

    def __init__(self, parent: QObject, then: Callable[[], None]) -> None:
        super().__init__(parent)
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            # The paint event arrives in the middle of Qt's repaint; a zero timer fires once it is on screen.
            QTimer.singleShot(0, self._then)
            self.deleteLater()
        return False


class MainWindow(QMainWindow):
    """The chips page with its toolbar, menus, banners and status bar (``WindowParts`` once complete).

    ``open_backend`` builds the ``InstanceManager`` (opening and migrating the database, creating the client);
    it runs on the runner's database pool once the window is complete. ``simulator`` is the in-process simulator
    of demo mode, for the QR dialog's "Simulate scan" button. Closing the window stops the timers, waits for the
    workers and closes the backend.

    Once complete, the window's parts are reachable as attributes: ``page``, ``backend`` (``manager``,
    ``server_info``), ``refresh`` (``last_sync``, ``syncing``, ``next_sync_at``), ``parts.actions``, ``fleet``, the
    widgets and actions by their object names, and the operator's verbs (``request_sync``, ``run_action``...).
    """

    # Emitted once the whole window exists (menus, table, panels); the database starts opening then.
    completed = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        settings: Settings,
        # Returns an InstanceManager; its type is not imported before the first paint (see the module docstring).
        open_backend: Callable[[], Any],
        *,
        paths: Paths | None = None,
        simulator: ScanSimulator | None = None,
        demo: bool = False,
        parent: QWidget | None = None,
        frame_first: bool = False,
        # Builds the LiveFleet of an open InstanceManager (live events); None: polling only.
        open_live: Callable[[Any], Any] | None = None,
    ) -> None:
        """Build the window; with ``frame_first`` only its frame, the rest once that frame has painted."""
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self._runner = runner
        self._settings = settings
        self._open_backend = open_backend
        self._open_live = open_live
        self._paths = paths
        self.simulator = simulator
        self.demo = demo
        self._cleanups: list[Callable[[], None]] = []
        self._complete = False
        self._closed = False
        self._ui_settings = UiSettings(paths.settings_file) if paths is not None else None

        title = self.tr("evodesk")
        if demo:
            title = self.tr("evodesk — Demo (built-in simulator)")
        self.setWindowTitle(title)
        self.resize(1280, 760)
        self._restore_geometry()
        if frame_first:
            self.setCentralWidget(self._opening_frame())
            self.installEventFilter(_AfterFirstPaint(self, self.complete))
            # A window that is never exposed (started minimised, on another desktop) gets no paint event.
            QTimer.singleShot(FRAME_FIRST_FALLBACK_MS, self.complete)
        else:
            self.complete()

    def _opening_frame(self) -> QWidget:
        # Stretches centre the text: an alignment flag would import PySide6's Qt namespace, about 15 ms.
        frame = QWidget(self)
        frame.setObjectName("openingFrame")
        label = QLabel(self.tr("Opening evodesk…"), frame)
        label.setObjectName("openingLabel")
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        label.setFont(font)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(label)
        row.addStretch(1)
        column = QVBoxLayout(frame)
        column.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        return frame

    @property
    def is_complete(self) -> bool:
        """Whether the menus, toolbar, table and panels exist (always, unless built with ``frame_first``)."""
        return self._complete

    @Slot()
    def complete(self) -> None:
        """Build the rest of the window and start opening the database; does nothing the second time."""
        if self._complete or self._closed:
            return
        # The window's one deferred import: everything the complete window needs (see the module docstring).
        from evodesk.ui.window.parts import Backend, WindowParts

        backend = Backend(self._runner, self._open_backend, self, open_live=self._open_live)
        parts = WindowParts(
            self,
            self._runner,
            self._settings,
            backend,
            paths=self._paths,
            simulator=self.simulator,
            demo=self.demo,
        )
        self.parts = parts
        page = self.page = parts.page
        self.backend = backend
        self.refresh = parts.refresh
        self.fleet = parts.fleet
        # The widgets and actions by their object names, as the operator (and automation) knows them.
        self.model, self.proxy, self.chipsTable = page.model, page.proxy, page.chipsTable
        self.searchEdit, self.statusFilter, self.summaryLabel = page.searchEdit, page.statusFilter, page.summaryLabel
        self.emptyLabel, self.apiStatusBanner, self.databaseBanner = (
            page.emptyLabel,
            page.apiStatusBanner,
            page.databaseBanner,
        )
        self.newInstanceButton, self.refreshButton = parts.newInstanceButton, parts.refreshButton
        self.serverLabel, self.apiVersionLabel = parts.serverLabel, parts.apiVersionLabel
        self.databaseLabel, self.lastSyncLabel = parts.databaseLabel, parts.lastSyncLabel
        self.liveStatusLabel = parts.live.liveStatusLabel
        self.newInstanceAction, self.refreshAction, self.findAction = (
            parts.newInstanceAction,
            parts.refreshAction,
            parts.findAction,
        )
        self.disconnectAction, self.reconnectAction = parts.disconnectAction, parts.reconnectAction
        self.restartAction, self.deleteAction = parts.restartAction, parts.deleteAction
        self.settingsAction, self.quitAction = parts.settingsAction, parts.quitAction
        self.openLogFolderAction, self.chip_actions = parts.openLogFolderAction, parts.chip_actions
        self.driftAction, self.auditAction = parts.fleet.driftAction, parts.fleet.auditAction
        self.onboardAction = parts.fleet.onboardAction
        # The operator's verbs.
        self.request_sync = parts.refresh.request
        self.refresh_now, self.retry_now = parts.refresh_now, parts.retry_now
        self.run_action, self.reconnect = parts.actions.run, parts.actions.reconnect
        self.open_qr_dialog, self.new_instance = parts.actions.open_qr_dialog, parts.actions.new_instance
        self.open_settings, self.open_log_folder = parts.open_settings, parts.open_log_folder
        self.select_chip, self.selected_chips = page.select_chip, page.selected_chips
        self.show_error = parts.show_error
        self._complete = True

        # After every timer and signal exists: restoring the filter fires the same handlers as a click.
        self._restore_state()
        parts.update_status_labels()
        page.selectionUpdated.emit()
        # Start on the table so Del, Enter and the arrows act on chips rather than on the search box.
        page.chipsTable.setFocus()
        QTimer.singleShot(0, self, parts.open_backend)
        self.completed.emit()

    def add_cleanup(self, cleanup: Callable[[], None]) -> None:
        """Run ``cleanup`` after the workers have stopped when the window closes (e.g. stop the simulator)."""
        self._cleanups.append(cleanup)

    # -- window events -----------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        """Pause the periodic refresh while minimised; refresh at once when restored."""
        if event.type() == QEvent.Type.WindowStateChange and self._complete:
            if self.isMinimized():
                self.refresh.pause()
            else:
                self.refresh.resume()
        super().changeEvent(event)

    def _restore_geometry(self) -> None:
        """Put the window where and as large as the operator left it (before it is first shown)."""
        if self._ui_settings is not None and not self._ui_settings.get("window/geometry").isEmpty():
            self.restoreGeometry(self._ui_settings.get("window/geometry"))

    def _restore_state(self) -> None:
        """Put back the splitter, columns and filter the operator left last time."""
        if self._ui_settings is None:
            return
        get = self._ui_settings.get
        self.page.restore_layout(get("window/splitter"), get("window/header"), get("window/status_filter"))

    def _save_state(self) -> None:
        if self._ui_settings is None:
            return
        self._ui_settings.set("window/geometry", self.saveGeometry())
        # Closed before it was complete: the rest of the layout keeps what was saved last time.
        if self._complete:
            splitter, header, status_filter = self.page.saved_layout()
            self._ui_settings.set("window/splitter", splitter)
            self._ui_settings.set("window/header", header)
            self._ui_settings.set("window/status_filter", status_filter)
        if not self._ui_settings.sync():
            log.warning("the window layout could not be saved")

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop everything this window started before it goes away."""
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the timers, wait for the workers, close the backend, run the cleanups. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._save_state()
        if self._complete:
            self.parts.shutdown()
        # Hide first so the operator is not left looking at a frozen window while workers finish.
        self.hide()
        if not self._runner.shutdown(SHUTDOWN_WAIT_MS):
            log.warning("some background work was still running when the window closed")
        if self._complete:
            self.backend.close()
        for cleanup in self._cleanups:
            try:
                cleanup()
            except Exception:
                log.exception("cleanup failed while closing the window")
