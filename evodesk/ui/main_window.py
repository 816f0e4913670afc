"""The operator's main window: the chips table, per-chip actions, fleet refresh and the server status.

Threading rule: nothing here waits on the network or the database. Every call into ``InstanceManager`` (and the
store behind it) goes through the ``TaskRunner``; callbacks run on the GUI thread and only touch widgets there.
Opening the database (migrations included) also runs on a worker, so the window paints before it is ready.
"""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QTimer, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QVBoxLayout, QWidget

from evodesk.ui.tasks import Pool, TaskRunner
from evodesk.ui.ui_settings import UiSettings

if TYPE_CHECKING:
    from PySide6.QtCore import QItemSelectionModel, Qt, QUrl
    from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QComboBox,
        QDialog,
        QFormLayout,
        QFrame,
        QHeaderView,
        QLineEdit,
        QMenu,
        QMessageBox,
        QSizePolicy,
        QSplitter,
        QStyle,
        QTableView,
        QToolBar,
        QToolButton,
    )

    from evodesk.config import Paths, Settings
    from evodesk.domain import Chip, ConnectionState, PollResult, QrDialogState, ServerInfo, SyncReport
    from evodesk.evolution import EvolutionAuthError, EvolutionError, EvolutionUnavailable
    from evodesk.services import InstanceManager, format_phone
    from evodesk.simulator import Simulator
    from evodesk.store.errors import ChipConflict, StoreError
    from evodesk.ui import widgets
    from evodesk.ui.chips_model import (
        ChipsFilterProxy,
        ChipsTableModel,
        Column,
        FleetSummary,
        StatusFilter,
        format_moment,
    )
    from evodesk.ui.fleet import BULK_ACTIONS, FleetFeatures
    from evodesk.ui.messages import describe_error


def _import_window_parts() -> None:
    """Import what the complete window needs, binding the names the methods below use.

    ``evodesk`` paints the window's frame first and builds the rest right after (see ``MainWindow``): these
    imports (the client, the services, the table model, PySide6's widget classes) take longer than starting
    Qt itself, so they are not paid before that first paint. Repeated calls cost a dictionary lookup each.
    """
    global QItemSelectionModel, Qt, QUrl, QAction, QCloseEvent, QDesktopServices, QKeySequence
    global QAbstractItemView, QComboBox, QDialog, QFormLayout, QFrame, QHeaderView, QLineEdit, QMenu, QMessageBox
    global QSizePolicy, QSplitter, QStyle, QTableView, QToolBar, QToolButton
    global EvolutionAuthError, EvolutionError, EvolutionUnavailable, format_phone
    global ChipConflict, StoreError, widgets, ChipsFilterProxy, ChipsTableModel, Column, FleetSummary, StatusFilter
    global format_moment, BULK_ACTIONS, FleetFeatures, describe_error
    global Chip, ConnectionState, QrDialogState
    from PySide6.QtCore import QItemSelectionModel, Qt, QUrl
    from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QComboBox,
        QDialog,
        QFormLayout,
        QFrame,
        QHeaderView,
        QLineEdit,
        QMenu,
        QMessageBox,
        QSizePolicy,
        QSplitter,
        QStyle,
        QTableView,
        QToolBar,
        QToolButton,
    )

    from evodesk.domain import Chip, ConnectionState, QrDialogState
    from evodesk.evolution import EvolutionAuthError, EvolutionError, EvolutionUnavailable
    from evodesk.services import format_phone
    from evodesk.store.errors import ChipConflict, StoreError
    from evodesk.ui import widgets
    from evodesk.ui.chips_model import (
        ChipsFilterProxy,
        ChipsTableModel,
        Column,
        FleetSummary,
        StatusFilter,
        format_moment,
    )
    from evodesk.ui.fleet import BULK_ACTIONS, FleetFeatures
    from evodesk.ui.messages import describe_error


log = logging.getLogger("evodesk.ui.main_window")

# Sync interval multiplier after consecutive failures: 1, 2, then 4 at most.
MAX_BACKOFF = 4
# A window built frame first completes this long after construction even if it never paints (never exposed).
FRAME_FIRST_FALLBACK_MS = 400
# How long a closing window waits for running workers (a request stuck on its timeout ends sooner).
SHUTDOWN_WAIT_MS = 12000
# Dates are measured in the operator's own locale format (pt_BR's "28/12/2026 23:58" is wider than "12/28/26").
_SAMPLE_MOMENT = datetime(2026, 12, 28, 23, 58, tzinfo=UTC)


class ChipAction:
    """Names of the per-chip actions (also the suffix of their object names)."""

    DISCONNECT = "disconnect"
    RECONNECT = "reconnect"
    RESTART = "restart"
    DELETE = "delete"


def allowed(action: str, chip: Chip) -> bool:
    """Whether ``action`` makes sense for ``chip`` in its current state."""
    from evodesk.domain import ConnectionState  # callable before any window exists (see _import_window_parts)

    if chip.is_cancelled:
        return False
    state = chip.connection_state
    if action in (ChipAction.DISCONNECT, ChipAction.RESTART):
        return state in (ConnectionState.OPEN, ConnectionState.CONNECTING)
    if action == ChipAction.RECONNECT:
        return state is not ConnectionState.OPEN
    return action == ChipAction.DELETE


@dataclass
class _Batch:
    """One operator action over one or more chips; reported once when all of them are done."""

    action: str
    chips: list[Chip]
    pending: int
    done: list[Chip] = field(default_factory=list)
    failed: list[tuple[Chip, BaseException]] = field(default_factory=list)


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
    """The chips table with its toolbar, actions panel, status banner and status bar.

    ``open_backend`` builds the ``InstanceManager`` (opening and migrating the database, creating the client);
    it runs on the runner's database pool. ``simulator`` is the in-process simulator of demo mode, handed to
    the QR dialog for its "Simulate scan" button. Closing the window stops the timers, waits for the workers
    and closes the client and the store.
    """

    # Emitted once the whole window exists (menus, table, panels); the database starts opening then.
    completed = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        settings: Settings,
        open_backend: Callable[[], InstanceManager],
        *,
        paths: Paths | None = None,
        simulator: Simulator | None = None,
        demo: bool = False,
        parent: QWidget | None = None,
        frame_first: bool = False,
    ) -> None:
        """Build the window; with ``frame_first`` only its frame, the rest once that frame has painted.

        ``frame_first`` is how ``evodesk`` starts: the operator sees the window (title, size and place as they
        left it, "Opening evodesk…") as soon as Qt can show one, and the menus, toolbar and table follow in the
        next turns of the event loop (``complete()``). Without it, the window is complete on return.
        """
        super().__init__(parent)
        self.setObjectName("MainWindow")
        self._runner = runner
        self._settings = settings
        self._open_backend = open_backend
        self._paths = paths
        self.simulator = simulator
        self.demo = demo
        self.manager: InstanceManager | None = None
        self.server_info: ServerInfo | None = None
        self.last_sync: datetime | None = None
        self._cleanups: list[Callable[[], None]] = []
        self._complete = False
        self._closed = False
        self._sync_in_flight = False
        self._sync_again = False
        self._sync_error: BaseException | None = None
        self._synced_once = False
        self._failures = 0
        self._paused = False
        self._next_sync_at: float | None = None
        self._backend_error: BaseException | None = None
        self._qr_dialogs: dict[int, QDialog] = {}
        self._server_info_pending = False
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
        _import_window_parts()
        self.model = ChipsTableModel(self)
        self.proxy = ChipsFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self._build_actions()
        self._build_ui()
        self._connect_signals()
        # Tray and drop notifications, drift, audit, bulk actions and batch onboarding.
        self.fleet = FleetFeatures(self, self._runner)
        self.driftAction = self.fleet.driftAction
        self.auditAction = self.fleet.auditAction
        self.onboardAction = self.fleet.onboardAction

        self._sync_timer = QTimer(self)
        self._sync_timer.setObjectName("syncTimer")
        self._sync_timer.setSingleShot(True)
        self._sync_timer.timeout.connect(self.request_sync)
        # Several model/selection signals can fire in one go (a refresh of many rows); recompute the action
        # states and the details panel once, after the event that caused them.
        self._refresh_ui_timer = QTimer(self)
        self._refresh_ui_timer.setSingleShot(True)
        self._refresh_ui_timer.setInterval(0)
        self._refresh_ui_timer.timeout.connect(self._update_selection_ui)
        self._complete = True

        # After every timer and signal exists: restoring the filter fires the same handlers as a click.
        self._restore_state()
        self._update_summary(self.model.summary)
        self._update_selection_ui()
        self._update_status_labels()
        # Start on the table so Del, Enter and the arrows act on chips rather than on the search box.
        self.chipsTable.setFocus(Qt.FocusReason.OtherFocusReason)
        QTimer.singleShot(0, self._start_backend)
        self.completed.emit()

    # -- construction ------------------------------------------------------------------------------------

    def _action(self, object_name: str, text: str, tip: str, shortcut: QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(object_name)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setToolTip(f"{tip} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
        # Added to the window so the shortcut works wherever the focus is inside it.
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        style = self.style()
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
        }

    def _build_ui(self) -> None:
        menu = self.menuBar()
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

        toolbar = QToolBar(self.tr("Main toolbar"), self)
        toolbar.setObjectName("mainToolBar")
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(toolbar)
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
        self.searchEdit = QLineEdit(toolbar)
        self.searchEdit.setObjectName("searchEdit")
        self.searchEdit.setPlaceholderText(self.tr("Search phone, instance or profile (Ctrl+F)"))
        self.searchEdit.setClearButtonEnabled(True)
        self.searchEdit.setMinimumWidth(300)
        self.searchEdit.setAccessibleName(self.tr("Search chips"))
        toolbar.addWidget(self.searchEdit)
        self.statusFilter = QComboBox(toolbar)
        self.statusFilter.setObjectName("statusFilter")
        self.statusFilter.setAccessibleName(self.tr("Status filter"))
        self.statusFilter.setToolTip(self.tr("Show only chips in one state (deleted chips only with Cancelled)"))
        for value, text in self._filter_labels():
            self.statusFilter.addItem(text, value.value)
        toolbar.addWidget(self.statusFilter)
        spacer = QWidget(toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.summaryLabel = QLabel(toolbar)
        self.summaryLabel.setObjectName("summaryLabel")
        self.summaryLabel.setContentsMargins(8, 0, 8, 0)
        toolbar.addWidget(self.summaryLabel)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.setSpacing(8)
        self.apiStatusBanner = widgets.StatusBanner("apiStatusBanner", central)
        layout.addWidget(self.apiStatusBanner)
        self.databaseBanner = widgets.StatusBanner("databaseBanner", central)
        layout.addWidget(self.databaseBanner)

        splitter = QSplitter(Qt.Orientation.Horizontal, central)
        splitter.setChildrenCollapsible(False)
        self.chipsTable = self._build_table(splitter)
        splitter.addWidget(self.chipsTable)
        self.detailsPanel = self._build_details(splitter)
        splitter.addWidget(self.detailsPanel)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([1000, 270])
        self.splitter = splitter
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        status = self.statusBar()
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

    def _filter_labels(self) -> list[tuple[StatusFilter, str]]:
        return [
            (StatusFilter.ALL, self.tr("All chips")),
            (StatusFilter.CONNECTED, self.tr("Connected")),
            (StatusFilter.ATTENTION, self.tr("Needs attention")),
            (StatusFilter.PENDING, self.tr("Pending")),
            (StatusFilter.WARMING, self.tr("Warming")),
            (StatusFilter.ACTIVE, self.tr("Active")),
            (StatusFilter.CANCELLED, self.tr("Cancelled (deleted)")),
        ]

    def _build_table(self, parent: QWidget) -> QTableView:
        table = QTableView(parent)
        table.setObjectName("chipsTable")
        table.setModel(self.proxy)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.INSTANCE, Qt.SortOrder.AscendingOrder)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.setAccessibleName(self.tr("Chips"))
        vertical = table.verticalHeader()
        # A fixed row height keeps 10,000 rows cheap: the header never measures rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(max(28, table.fontMetrics().height() + 12))
        vertical.hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics = table.fontMetrics()
        # Column widths as sample texts (measured in the current font) plus padding; "Last change" takes the rest.
        samples = {
            Column.PHONE: "+55 00 00000-0000",
            Column.INSTANCE: "atendimento-sp-00",
            Column.PROFILE: "Atendimento Centro",
            Column.STATUS: "Cancelled",
            Column.CONNECTION: "Disconnected: device mismatch",
            Column.SINCE: format_moment(_SAMPLE_MOMENT),
            Column.UPDATED: format_moment(_SAMPLE_MOMENT),
        }
        for column, sample in samples.items():
            # Room for the badge icon and the cell margins around the text.
            extra = 44 if column is Column.CONNECTION else 14 if column in (Column.SINCE, Column.UPDATED) else 22
            table.setColumnWidth(column, metrics.horizontalAdvance(sample) + extra)

        self.emptyLabel = QLabel(table.viewport())
        self.emptyLabel.setObjectName("emptyLabel")
        self.emptyLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.emptyLabel.setWordWrap(True)
        self.emptyLabel.setStyleSheet(f"color: {widgets.MUTED_TEXT}; font-size: 13pt;")
        self.emptyLabel.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        table.viewport().installEventFilter(self)
        return table

    def _build_details(self, parent: QWidget) -> QFrame:
        panel = QFrame(parent)
        panel.setObjectName("detailsPanel")
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        panel.setMinimumWidth(250)
        panel.setMaximumWidth(420)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        self.detailsTitle = QLabel(panel)
        self.detailsTitle.setObjectName("detailsTitle")
        font = self.detailsTitle.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.detailsTitle.setFont(font)
        self.detailsTitle.setWordWrap(True)
        self.detailsTitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detailsTitle)
        self.detailsState = QLabel(panel)
        self.detailsState.setObjectName("detailsState")
        self.detailsState.setWordWrap(True)
        layout.addWidget(self.detailsState)

        self.detailsForm = QWidget(panel)
        form = QFormLayout(self.detailsForm)
        self._details_layout = form
        form.setContentsMargins(0, 4, 0, 4)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._detail_fields: dict[str, QLabel] = {}
        for key, label in (
            ("instance", self.tr("Instance")),
            ("profile", self.tr("Profile")),
            ("status", self.tr("Status")),
            ("since", self.tr("Since")),
            ("updated", self.tr("Last change")),
        ):
            value = QLabel(self.detailsForm)
            value.setObjectName(f"details_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._detail_fields[key] = value
            form.addRow(label + ":", value)
        layout.addWidget(self.detailsForm)

        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        for name, action in self.chip_actions.items():
            button = QToolButton(panel)
            button.setObjectName(f"{name}Button")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMinimumHeight(30)
            buttons.addWidget(button)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        layout.addStretch(1)
        hint = QLabel(
            self.tr(
                "Tip: select several rows to disconnect, restart or delete them together. Enter or a "
                "double-click shows the QR code of a disconnected chip."
            ),
            panel,
        )
        hint.setObjectName("detailsHint")
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {widgets.MUTED_TEXT};")
        layout.addWidget(hint)
        return panel

    def _connect_signals(self) -> None:
        self.newInstanceAction.triggered.connect(self.new_instance)
        self.refreshAction.triggered.connect(self.refresh_now)
        self.findAction.triggered.connect(self._focus_search)
        self.disconnectAction.triggered.connect(lambda: self.run_action(ChipAction.DISCONNECT))
        self.reconnectAction.triggered.connect(lambda: self.run_action(ChipAction.RECONNECT))
        self.restartAction.triggered.connect(lambda: self.run_action(ChipAction.RESTART))
        self.deleteAction.triggered.connect(lambda: self.run_action(ChipAction.DELETE))
        self.settingsAction.triggered.connect(self.open_settings)
        self.quitAction.triggered.connect(self.close)
        self.openLogFolderAction.triggered.connect(self.open_log_folder)
        self.searchEdit.textChanged.connect(self.proxy.set_search)
        self.statusFilter.currentIndexChanged.connect(self._on_filter_changed)
        self.chipsTable.activated.connect(self._on_activated)
        self.chipsTable.customContextMenuRequested.connect(self._show_context_menu)
        self.chipsTable.selectionModel().selectionChanged.connect(self._schedule_ui_update)
        self.model.summaryChanged.connect(self._update_summary)
        for signal in (
            self.proxy.dataChanged,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.layoutChanged,
            self.proxy.modelReset,
        ):
            signal.connect(self._schedule_ui_update)
        self.apiStatusBanner.retryRequested.connect(self.retry_now)
        self.databaseBanner.retryRequested.connect(self._start_backend)

    # -- backend -----------------------------------------------------------------------------------------

    def add_cleanup(self, cleanup: Callable[[], None]) -> None:
        """Run ``cleanup`` after the workers have stopped when the window closes (e.g. stop the simulator)."""
        self._cleanups.append(cleanup)

    @Slot()
    def _start_backend(self) -> None:
        if self._closed or self.manager is not None:
            return
        self.databaseBanner.set_retrying()
        self._backend_error = None
        self._update_empty_state()
        self._runner.submit(
            self._build_backend,
            on_success=self._on_backend_ready,
            on_error=self._on_backend_failed,
            pool=Pool.DATABASE,
            owner=self,
        )

    def _build_backend(self) -> InstanceManager:
        # Runs on the database worker.
        manager = self._open_backend()
        if self._closed:
            # The window went away while the database was opening: nobody will close these otherwise.
            manager.client.close()
            manager.store.close()
        return manager

    @Slot(object)
    def _on_backend_ready(self, manager: InstanceManager) -> None:
        self.manager = manager
        self.fleet.backend_ready(manager)
        self.databaseBanner.clear()
        self._update_status_labels()
        self._schedule_ui_update()
        self._runner.submit(
            partial(manager.store.list_chips, include_cancelled=True),
            on_success=self._on_chips_loaded,
            on_error=self._on_load_failed,
            pool=Pool.DATABASE,
            owner=self,
        )
        self._fetch_server_info()
        self.request_sync()
        if manager.journal is not None:
            # A create interrupted by a crash left an instance on the server; adopt it (or forget it).
            self._runner.submit(
                manager.recover_orphans,
                on_success=self._on_orphans_recovered,
                on_error=lambda exc: log.warning("recovering interrupted creates failed: %s", exc),
                owner=self,
            )

    @Slot(object)
    def _on_orphans_recovered(self, adopted: list[Chip]) -> None:
        if not adopted:
            return
        names = ", ".join(chip.instance_name for chip in adopted)
        self.statusBar().showMessage(
            self.tr("Recovered instances created before evodesk last stopped: {names}").format(names=names), 15000
        )
        for chip in adopted:
            self.model.update_chip(chip)
        self.request_sync()

    @Slot(object)
    def _on_backend_failed(self, exc: BaseException) -> None:
        log.error("cannot open the database or the server client", exc_info=exc)
        self._backend_error = exc
        self.databaseBanner.show_problem(self.tr("evodesk cannot open the chips database"), describe_error(exc), None)
        self._update_empty_state()

    @Slot(object)
    def _on_chips_loaded(self, chips: list[Chip]) -> None:
        # A sync that answered first has fresher data than this read.
        if not self._synced_once:
            self.model.set_chips(chips)
        self._update_empty_state()

    @Slot(object)
    def _on_load_failed(self, exc: BaseException) -> None:
        log.error("cannot read the chips", exc_info=exc)
        self.databaseBanner.show_problem(self.tr("The chips cannot be read"), describe_error(exc), None)

    def _fetch_server_info(self) -> None:
        if self.manager is None or self._server_info_pending:
            return
        self._server_info_pending = True
        client = self.manager.client

        def done() -> None:
            self._server_info_pending = False

        self._runner.submit(
            client.server_info,
            on_success=self._on_server_info,
            on_error=lambda exc: log.info("server version unavailable: %s", exc),
            on_finished=done,
            owner=self,
        )

    @Slot(object)
    def _on_server_info(self, info: ServerInfo) -> None:
        self.server_info = info
        self._update_status_labels()

    # -- fleet refresh -----------------------------------------------------------------------------------

    @property
    def syncing(self) -> bool:
        """True while a fleet refresh is in flight."""
        return self._sync_in_flight

    @property
    def next_sync_at(self) -> float | None:
        """Wall-clock time of the next automatic refresh, or None (one is running, or paused)."""
        return self._next_sync_at

    @Slot()
    def request_sync(self) -> None:
        """Refresh every chip from the server now (one request); at most one refresh runs at a time."""
        if self.manager is None or self._closed:
            return
        if self._sync_in_flight:
            self._sync_again = True
            return
        self._sync_timer.stop()
        self._next_sync_at = None
        self._sync_in_flight = True
        self._update_status_labels()
        self.fleet.sync_started()
        self._runner.submit(
            self.manager.sync,
            on_success=self._on_synced,
            on_error=self._on_sync_failed,
            on_finished=self._on_sync_finished,
            owner=self,
        )

    @Slot()
    def refresh_now(self) -> None:
        """F5: refresh now, letting a probe through even if the server was marked unreachable."""
        if self.apiStatusBanner.isVisible():
            self.retry_now()
        else:
            self.request_sync()

    @Slot()
    def retry_now(self) -> None:
        """The banner's "Retry now": forget the circuit breaker's wait and refresh."""
        if self.manager is None:
            return
        self.manager.client.breaker.reset()
        self.apiStatusBanner.set_retrying()
        self.request_sync()

    @Slot(object)
    def _on_synced(self, report: SyncReport) -> None:
        self._synced_once = True
        self._sync_error = None
        self._failures = 0
        self.last_sync = report.at
        self.model.set_chips(report.chips)
        self.fleet.on_synced(report)
        self.apiStatusBanner.clear()
        if self.server_info is None:
            self._fetch_server_info()
        notes: list[str] = []
        if report.dropped:
            names = ", ".join(chip.instance_name for chip in report.dropped[:5])
            notes.append(self.tr("Disconnected since the last refresh: {names}").format(names=names))
        # An instance whose chip was just deleted lingers on the server for a moment (deletes are
        # asynchronous there): it is not "unknown", so it is not worth the operator's attention.
        deleted = {chip.instance_name.lower() for chip in report.chips if chip.is_cancelled}
        unknown = [info for info in report.unknown_instances if info.name.lower() not in deleted]
        if unknown:
            notes.append(
                self.tr("{count} instance(s) on the server are not in the database").format(count=len(unknown))
            )
        if report.missing_instances:
            notes.append(
                self.tr("{count} chip(s) have no instance on the server").format(count=len(report.missing_instances))
            )
        if notes:
            self.statusBar().showMessage(" · ".join(notes), 15000)

    @Slot(object)
    def _on_sync_failed(self, exc: BaseException) -> None:
        self._failures += 1
        self._sync_error = exc
        if isinstance(exc, EvolutionUnavailable):
            log.info("refresh failed: %s", exc)
        else:
            log.warning("refresh failed", exc_info=exc)

    @Slot()
    def _on_sync_finished(self) -> None:
        self._sync_in_flight = False
        if self._closed:
            return
        if self._sync_again:
            self._sync_again = False
            self.request_sync()
            return
        self._schedule_next_sync()
        if self._sync_error is not None:
            self._show_sync_problem(self._sync_error)
        self._update_status_labels()

    def _schedule_next_sync(self) -> None:
        if self.isMinimized():
            self._paused = True
            self._next_sync_at = None
            return
        delay = self._settings.sync_interval * min(2**self._failures, MAX_BACKOFF)
        if self.manager is not None and self._failures:
            retry_at = self.manager.client.breaker.status().retry_at
            if retry_at is not None:
                # Asking before the breaker lets a probe through would only fail fast again.
                delay = max(delay, retry_at - time.time() + 0.2)
        self._next_sync_at = time.time() + delay
        self._sync_timer.start(max(0, int(delay * 1000)))

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
        self.apiStatusBanner.show_problem(title, describe_error(exc), self._next_sync_at)

    # -- actions -----------------------------------------------------------------------------------------

    def selected_chips(self) -> list[Chip]:
        """The chips of the selected rows, in display order."""
        rows = self.chipsTable.selectionModel().selectedRows(0)
        chips = [self.proxy.chip(index) for index in sorted(rows, key=lambda index: index.row())]
        return [chip for chip in chips if chip is not None]

    def select_chip(self, chip_id: int) -> bool:
        """Select and show the row of a chip; False when it is not visible with the current filter."""
        row = self.model.row_of(chip_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.chipsTable.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.chipsTable.scrollTo(index)
        return True

    def _eligible(self, action: str, chips: Sequence[Chip]) -> list[Chip]:
        return [chip for chip in chips if allowed(action, chip) and not self.model.is_busy(chip.id)]

    def run_action(self, action: str) -> None:
        """Run a per-chip action on the selection (after confirmation where it destroys something)."""
        if self.manager is None:
            return
        chips = self._eligible(action, self.selected_chips())
        if not chips:
            return
        if action == ChipAction.RECONNECT:
            self.reconnect(chips[0])
            return
        if len(chips) > 1 and action in BULK_ACTIONS:
            # One confirmation naming the count, then one chip after another with progress and results.
            self.fleet.run_bulk(action, chips)
            return
        if action in (ChipAction.DISCONNECT, ChipAction.DELETE) and not self._confirm(action, chips):
            return
        manager = self.manager
        batch = _Batch(action, chips, pending=len(chips))
        self.fleet.expect(chips)
        self.model.set_busy([chip.id for chip in chips], True)
        self._schedule_ui_update()
        for chip in chips:
            if action == ChipAction.DISCONNECT:
                work: Callable[[], Any] = partial(manager.disconnect, chip.id, expected_version=chip.version)
            elif action == ChipAction.DELETE:
                work = partial(manager.delete, chip.id, expected_version=chip.version)
            else:
                work = partial(manager.restart, chip.id)
            self._runner.submit(
                work,
                on_success=partial(self._on_action_done, batch, chip),
                on_error=partial(self._on_action_failed, batch, chip),
                on_finished=partial(self._on_action_finished, batch, chip),
                owner=self,
            )

    def _confirm(self, action: str, chips: Sequence[Chip]) -> bool:
        """Ask before a destructive action; the question names the phone and the instance of each chip."""
        names = [f"{format_phone(chip.phone)} ({chip.instance_name})" for chip in chips]
        listed = "\n".join(f"• {name}" for name in names[:8])
        if len(names) > 8:
            listed += "\n" + self.tr("… and {count} more").format(count=len(names) - 8)
        if action == ChipAction.DELETE:
            title = self.tr("Delete chip")
            button = self.tr("Delete")
            if len(chips) == 1:
                question = self.tr("Delete {phone} (instance “{instance}”)?").format(
                    phone=format_phone(chips[0].phone), instance=chips[0].instance_name
                )
            else:
                question = self.tr("Delete these {count} chips?").format(count=len(chips)) + "\n\n" + listed
            detail = self.tr(
                "The instance is removed from the Evolution server and the chip is marked cancelled. "
                "Its history stays in the database. This cannot be undone."
            )
        else:
            title = self.tr("Disconnect chip")
            button = self.tr("Disconnect")
            if len(chips) == 1:
                question = self.tr("Disconnect WhatsApp from {phone} (instance “{instance}”)?").format(
                    phone=format_phone(chips[0].phone), instance=chips[0].instance_name
                )
            else:
                question = self.tr("Disconnect these {count} chips?").format(count=len(chips)) + "\n\n" + listed
            detail = self.tr(
                "The instance stays on the server and the chip goes back to pending. "
                "Connecting it again needs a new QR code scan."
            )
        box = QMessageBox(QMessageBox.Icon.Warning, title, question, QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("confirmDialog")
        box.setInformativeText(detail)
        accept = box.addButton(button, QMessageBox.ButtonRole.AcceptRole)
        accept.setObjectName("confirmButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        # A short modal question; the event loop keeps running (refreshes and workers go on meanwhile).
        box.exec()
        return box.clickedButton() is accept

    def _on_action_done(self, batch: _Batch, chip: Chip, result: object) -> None:
        if isinstance(result, Chip):
            self.model.update_chip(result)
            batch.done.append(result)
        else:
            batch.done.append(chip)

    def _on_action_failed(self, batch: _Batch, chip: Chip, exc: BaseException) -> None:
        log.info("%s of %s failed: %s", batch.action, chip.instance_name, exc)
        batch.failed.append((chip, exc))

    def _on_action_finished(self, batch: _Batch, chip: Chip) -> None:
        self.model.set_busy([chip.id], False)
        self.fleet.action_finished([chip])
        batch.pending -= 1
        self._schedule_ui_update()
        if batch.pending > 0:
            return
        self._report_batch(batch)
        self.request_sync()

    def _done_text(self, action: str, instance: str) -> str:
        return {
            ChipAction.DISCONNECT: self.tr("“{instance}” disconnected"),
            ChipAction.DELETE: self.tr("“{instance}” deleted"),
            ChipAction.RESTART: self.tr("“{instance}” restarted"),
        }[action].format(instance=instance)

    def _failed_title(self, action: str) -> str:
        return {
            ChipAction.DISCONNECT: self.tr("Disconnect failed"),
            ChipAction.DELETE: self.tr("Delete failed"),
            ChipAction.RESTART: self.tr("Restart failed"),
            ChipAction.RECONNECT: self.tr("Reconnect failed"),
        }[action]

    def _report_batch(self, batch: _Batch) -> None:
        if len(batch.chips) == 1 and batch.done:
            self.statusBar().showMessage(self._done_text(batch.action, batch.done[0].instance_name), 10000)
        elif batch.done:
            names = ", ".join(chip.instance_name for chip in batch.done[:6])
            more = "…" if len(batch.done) > 6 else ""
            self.statusBar().showMessage(
                self.tr("{action}: {count} done ({names}{more})").format(
                    action=self.chip_actions[batch.action].text().rstrip("…"),
                    count=len(batch.done),
                    names=names,
                    more=more,
                ),
                10000,
            )
        if batch.failed:
            lines = [f"“{chip.instance_name}”: {describe_error(exc)}" for chip, exc in batch.failed]
            self.show_error(self._failed_title(batch.action), "\n".join(lines))

    def show_error(self, title: str, text: str) -> QMessageBox:
        """A non-blocking message box (the event loop and the refreshes keep running while it is open)."""
        self.statusBar().showMessage(text.splitlines()[0], 15000)
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("errorMessageBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.open()
        return box

    # -- reconnect, QR dialog, new instance --------------------------------------------------------------

    def reconnect(self, chip: Chip) -> None:
        """Ask the server for a new QR code (row busy meanwhile), then show it in the QR dialog."""
        if self.manager is None or not allowed(ChipAction.RECONNECT, chip) or self.model.is_busy(chip.id):
            return
        existing = self._qr_dialogs.get(chip.id)
        if existing is not None:
            existing.raise_()
            existing.activateWindow()
            return
        self.model.set_busy([chip.id], True)
        self._schedule_ui_update()
        self.statusBar().showMessage(
            self.tr("Asking the server for a QR code for “{instance}”…").format(instance=chip.instance_name)
        )
        self._runner.submit(
            partial(self.manager.reconnect, chip.id, expected_version=chip.version),
            on_success=partial(self._on_reconnected, chip),
            on_error=partial(self._on_reconnect_failed, chip),
            on_finished=partial(self._on_reconnect_finished, chip),
            owner=self,
        )

    def _on_reconnected(self, chip: Chip, result: PollResult) -> None:
        if result.state is QrDialogState.CONNECTED:
            if result.chip is not None:
                self.model.update_chip(result.chip)
            self.statusBar().showMessage(
                self.tr("“{instance}” is already connected").format(instance=chip.instance_name), 10000
            )
            self.request_sync()
            return
        self.statusBar().clearMessage()
        self.open_qr_dialog(self.model.chip_by_id(chip.id) or chip, result)

    def _on_reconnect_failed(self, chip: Chip, exc: BaseException) -> None:
        self.show_error(self._failed_title(ChipAction.RECONNECT), f"“{chip.instance_name}”: {describe_error(exc)}")
        if isinstance(exc, ChipConflict):
            self.request_sync()

    def _on_reconnect_finished(self, chip: Chip) -> None:
        self.model.set_busy([chip.id], False)
        self._schedule_ui_update()

    def open_qr_dialog(self, chip: Chip, initial: PollResult | None) -> QDialog | None:
        """Show the QR dialog for ``chip`` (one per chip); the list refreshes when it connects or closes."""
        if self.manager is None:
            return None
        existing = self._qr_dialogs.get(chip.id)
        if existing is not None:
            existing.raise_()
            return existing
        from evodesk.ui.qr_dialog import QrCodeDialog  # imported on first use: keeps the start fast

        dialog = QrCodeDialog(self._runner, self.manager, chip, initial=initial, simulator=self.simulator, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.connected.connect(self._on_qr_connected)
        dialog.finished.connect(partial(self._on_qr_closed, chip.id))
        self._qr_dialogs[chip.id] = dialog
        dialog.open()
        return dialog

    @Slot(object)
    def _on_qr_connected(self, chip: Chip) -> None:
        self.model.update_chip(chip)
        self.statusBar().showMessage(self.tr("“{instance}” connected").format(instance=chip.instance_name), 10000)
        self.request_sync()

    def _on_qr_closed(self, chip_id: int, _result: int = 0) -> None:
        self._qr_dialogs.pop(chip_id, None)
        self.request_sync()

    @Slot()
    def new_instance(self) -> QDialog | None:
        """Open the create dialog; a created chip goes straight to its QR dialog."""
        if self.manager is None:
            return None
        from evodesk.ui.create_dialog import CreateInstanceDialog

        dialog = CreateInstanceDialog(self._runner, self.manager, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._on_created)
        dialog.open()
        return dialog

    @Slot(object, object)
    def _on_created(self, chip: Chip, poll: PollResult | None) -> None:
        self.model.update_chip(chip)
        self.select_chip(chip.id)
        self.statusBar().showMessage(self.tr("“{instance}” created").format(instance=chip.instance_name), 10000)
        # The create dialog closes itself right after this signal; open the QR dialog once it has gone.
        QTimer.singleShot(0, lambda: self._open_created_qr(chip, poll))
        self.request_sync()

    def _open_created_qr(self, chip: Chip, poll: PollResult | None) -> None:
        if not self._closed:
            self.open_qr_dialog(chip, poll)

    @Slot()
    def open_settings(self) -> None:
        """Edit the server settings; they apply the next time evodesk starts."""
        if self._paths is None:
            return
        try:
            from evodesk.ui.settings_dialog import SettingsDialog
        except ImportError:
            self.show_error(
                self.tr("Settings"),
                self.tr("Set EVOLUTION_API_URL and EVOLUTION_API_KEY, or use --api-url and --api-key."),
            )
            return
        dialog = SettingsDialog(self._paths, self._settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.statusBar().showMessage(self.tr("Settings saved; they apply when evodesk starts again."))
        )
        dialog.open()

    # -- view reactions ----------------------------------------------------------------------------------

    @Slot()
    def _focus_search(self) -> None:
        self.searchEdit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.searchEdit.selectAll()

    @Slot(int)
    def _on_filter_changed(self, _index: int) -> None:
        value = self.statusFilter.currentData()
        self.proxy.set_status_filter(StatusFilter(value) if value else StatusFilter.ALL)

    @Slot(QModelIndex)
    def _on_activated(self, index: QModelIndex) -> None:
        chip = self.proxy.chip(index)
        if chip is not None and allowed(ChipAction.RECONNECT, chip):
            self.reconnect(chip)

    @Slot(QPoint)
    def _show_context_menu(self, pos: QPoint) -> None:
        index = self.chipsTable.indexAt(pos)
        if not index.isValid():
            return
        if not self.chipsTable.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self.chipsTable.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
        self._update_selection_ui()
        menu = QMenu(self)
        menu.setObjectName("chipContextMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in self.chip_actions.values():
            menu.addAction(action)
        menu.popup(self.chipsTable.viewport().mapToGlobal(pos))

    @Slot()
    def _schedule_ui_update(self) -> None:
        if not self._refresh_ui_timer.isActive():
            self._refresh_ui_timer.start()

    @Slot()
    def _update_selection_ui(self) -> None:
        chips = self.selected_chips() if self.manager is not None else []
        for name, action in self.chip_actions.items():
            eligible = self._eligible(name, chips)
            enabled = bool(eligible) and (name != ChipAction.RECONNECT or len(chips) == 1)
            action.setEnabled(enabled)
        self.newInstanceAction.setEnabled(self.manager is not None)
        self.refreshAction.setEnabled(self.manager is not None)
        self._update_details(chips)
        self._update_empty_state()

    def _update_details(self, chips: list[Chip]) -> None:
        if len(chips) != 1:
            self.detailsForm.setVisible(False)
            if not chips:
                self.detailsTitle.setText(self.tr("No chip selected"))
                self.detailsState.setText(self.tr("Select a chip in the list to see its details and actions."))
            else:
                self.detailsTitle.setText(self.tr("{count} chips selected").format(count=len(chips)))
                self.detailsState.setText(
                    self.tr("Actions apply to every selected chip they fit; the others are skipped.")
                )
            return
        chip = chips[0]
        self.detailsForm.setVisible(True)
        self.detailsTitle.setText(format_phone(chip.phone))
        busy = self.model.is_busy(chip.id)
        state = self.tr("Working…") if busy else self.model.connection_text(chip)
        tip = html.escape(self.model.connection_tip(chip, busy=busy)).replace("\n", "<br>")
        self.detailsState.setText(f"<b>{html.escape(state)}</b><br>{tip}")
        fields = self._detail_fields
        fields["instance"].setText(chip.instance_name)
        fields["profile"].setText(chip.profile_name or "—")
        fields["status"].setText(self.model.status_text(chip.status))
        fields["since"].setText(self.model.display_text(chip, Column.SINCE) or "—")
        since_label = self._details_layout.labelForField(fields["since"])
        if isinstance(since_label, QLabel):
            if chip.is_cancelled:
                since_label.setText(self.tr("Deleted at:"))
            elif chip.connection_state is ConnectionState.OPEN:
                since_label.setText(self.tr("Connected since:"))
            else:
                since_label.setText(self.tr("Disconnected at:"))
        fields["updated"].setText(format_moment(chip.updated_at))

    def _update_empty_state(self) -> None:
        if self.proxy.rowCount() > 0:
            self.emptyLabel.hide()
            return
        if self.manager is None:
            text = (
                self.tr("The chips database could not be opened.")
                if self._backend_error is not None
                else self.tr("Opening the chips database…")
            )
        elif self.model.rowCount() == 0:
            text = self.tr("No chips yet.\nPress New instance (Ctrl+N) to add the first one.")
        elif self.proxy.search_text:
            text = self.tr("No chip matches “{text}”.").format(text=self.searchEdit.text().strip())
        else:
            text = self.tr("No chip in this category.")
        self.emptyLabel.setText(text)
        self.emptyLabel.setGeometry(self.chipsTable.viewport().rect())
        self.emptyLabel.show()

    @Slot(object)
    def _update_summary(self, summary: FleetSummary) -> None:
        attention = (
            self.tr("1 needs attention")
            if summary.attention == 1
            else self.tr("{count} need attention").format(count=summary.attention)
        )
        text = self.tr("{connected} connected · {attention} · {pending} pending").format(
            connected=summary.connected, attention=attention, pending=summary.pending
        )
        self.summaryLabel.setText(text)
        self.summaryLabel.setToolTip(
            self.tr(
                "{total} chips: {connected} connected, {attention} need attention, {pending} pending, "
                "{warming} warming, {active} active, {cancelled} deleted (hidden unless filtered)"
            ).format(
                total=summary.total,
                connected=summary.connected,
                attention=summary.attention,
                pending=summary.pending,
                warming=summary.warming,
                active=summary.active,
                cancelled=summary.cancelled,
            )
        )

    def _update_status_labels(self) -> None:
        url = self._settings.api_url or ""
        parts = urlsplit(url)
        host = parts.hostname or url
        if parts.port:
            host = f"{host}:{parts.port}"
        if self.demo:
            self.serverLabel.setText(self.tr("Server: {host} (demo simulator)").format(host=host))
        else:
            self.serverLabel.setText(self.tr("Server: {host}").format(host=host or self.tr("not configured")))
        self.serverLabel.setToolTip(url)
        if self.server_info is not None:
            self.apiVersionLabel.setText(self.tr("Evolution API {version}").format(version=self.server_info.version))
        else:
            self.apiVersionLabel.setText(self.tr("API version unknown"))
        if self.manager is not None:
            backend = "PostgreSQL" if self.manager.store.backend == "postgresql" else "SQLite"
            self.databaseLabel.setText(self.tr("Database: {backend}").format(backend=backend))
            self.databaseLabel.setToolTip(self.manager.store.url)
        else:
            self.databaseLabel.setText(self.tr("Database: opening…"))
        if self._sync_in_flight:
            self.lastSyncLabel.setText(self.tr("Refreshing…"))
        elif self.last_sync is not None:
            self.lastSyncLabel.setText(self.tr("Last sync {time}").format(time=format_moment(self.last_sync)))
        else:
            self.lastSyncLabel.setText(self.tr("Not synced yet"))

    # -- window events -----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep the empty-state text centred over the table."""
        if event.type() == QEvent.Type.Resize and watched is self.chipsTable.viewport():
            self.emptyLabel.setGeometry(self.chipsTable.viewport().rect())
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        """Pause the periodic refresh while minimised; refresh at once when restored."""
        if event.type() == QEvent.Type.WindowStateChange and self._complete:
            if self.isMinimized():
                self._sync_timer.stop()
                self._next_sync_at = None
                self._paused = True
            elif self._paused:
                self._paused = False
                self.request_sync()
        super().changeEvent(event)

    @Slot()
    def open_log_folder(self) -> bool:
        """Open the log folder in the desktop's file manager; False when there is none to open."""
        if self._paths is None:
            return False
        self._paths.log_dir.mkdir(parents=True, exist_ok=True)
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._paths.log_dir)))
        if not opened:
            self.statusBar().showMessage(self.tr("The log folder is {path}").format(path=self._paths.log_dir), 15000)
        return opened

    def _restore_geometry(self) -> None:
        """Put the window where and as large as the operator left it (before it is first shown)."""
        if self._ui_settings is not None and not self._ui_settings.get("window/geometry").isEmpty():
            self.restoreGeometry(self._ui_settings.get("window/geometry"))

    def _restore_state(self) -> None:
        """Put back the splitter, columns and filter the operator left last time."""
        if self._ui_settings is None:
            return
        get = self._ui_settings.get
        if not get("window/splitter").isEmpty():
            self.splitter.restoreState(get("window/splitter"))
        if not get("window/header").isEmpty():
            self.chipsTable.horizontalHeader().restoreState(get("window/header"))
        index = self.statusFilter.findData(get("window/status_filter"))
        if index >= 0:
            self.statusFilter.setCurrentIndex(index)

    def _save_state(self) -> None:
        if self._ui_settings is None:
            return
        self._ui_settings.set("window/geometry", self.saveGeometry())
        # Closed before it was complete: the rest of the layout keeps what was saved last time.
        if self._complete:
            self._ui_settings.set("window/splitter", self.splitter.saveState())
            self._ui_settings.set("window/header", self.chipsTable.horizontalHeader().saveState())
            self._ui_settings.set("window/status_filter", str(self.statusFilter.currentData() or ""))
        if not self._ui_settings.sync():
            log.warning("the window layout could not be saved")

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop everything this window started before it goes away."""
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the timers, wait for the workers, close the client and the store, run the cleanups. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._save_state()
        if self._complete:
            self._sync_timer.stop()
            self._refresh_ui_timer.stop()
            self.apiStatusBanner.clear()
            self.databaseBanner.clear()
            self.fleet.shutdown()
        for dialog in list(self._qr_dialogs.values()):
            dialog.close()
        self._qr_dialogs.clear()
        # Hide first so the operator is not left looking at a frozen window while workers finish.
        self.hide()
        if not self._runner.shutdown(SHUTDOWN_WAIT_MS):
            log.warning("some background work was still running when the window closed")
        if self.manager is not None:
            self.manager.client.close()
            self.manager.store.close()
        for cleanup in self._cleanups:
            try:
                cleanup()
            except Exception:
                log.exception("cleanup failed while closing the window")
