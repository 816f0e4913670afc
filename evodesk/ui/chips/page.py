"""The chips page: the banners, the chips table with its model and filter, the details panel, the empty state.

The page also makes the search box, the status filter and the fleet summary that the window puts in its toolbar.
It knows nothing of the services: the window tells it whether the database is open (``set_backend_state``) and
the actions controller reads the selection from it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QByteArray, QEvent, QItemSelectionModel, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evodesk.domain import Chip
from evodesk.ui.chips.avatars import AvatarDelegate, AvatarLoader, VisibleRows
from evodesk.ui.chips.details import DetailsPanel
from evodesk.ui.chips.filters import FleetSummary, StatusFilter
from evodesk.ui.chips.model import ChipsTableModel, Column, format_moment
from evodesk.ui.chips.proxy import ChipsFilterProxy
from evodesk.ui.shared import widgets

# Dates are measured in the operator's own locale format (pt_BR's "28/12/2026 23:58" is wider than "12/28/26").
_SAMPLE_MOMENT = datetime(2026, 12, 28, 23, 58, tzinfo=UTC)


class ChipsPage(QWidget):
    """The window's central widget; see the module docstring.

    ``actions`` are the per-chip actions keyed by name (the details panel's buttons and the context menu).
    """

    # The selection or the rows changed; emitted once after the event that caused it (many rows may change
    # in one refresh), so whoever recomputes action states does it once.
    selectionUpdated = Signal()
    # A row was activated (Enter, double-click) on this chip.
    chipActivated = Signal(object)

    def __init__(self, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chipsPage")
        self._actions = actions
        self._backend_state = "opening"
        self.model = ChipsTableModel(self)
        self.proxy = ChipsFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.setSpacing(8)
        self._layout: QBoxLayout = layout
        # Submenus the window adds to the table's context menu (the business status).
        self.context_menus: list[QMenu] = []
        self.apiStatusBanner = widgets.StatusBanner("apiStatusBanner", self)
        layout.addWidget(self.apiStatusBanner)
        self.databaseBanner = widgets.StatusBanner("databaseBanner", self)
        layout.addWidget(self.databaseBanner)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        self.chipsTable = self._build_table(splitter)
        splitter.addWidget(self.chipsTable)
        self.details = DetailsPanel(self.model, actions, splitter)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([1000, 270])
        self.splitter = splitter
        layout.addWidget(splitter, 1)
        self._build_filters()

        self._update_timer = QTimer(self)
        self._update_timer.setSingleShot(True)
        self._update_timer.setInterval(0)
        self._update_timer.timeout.connect(self.selectionUpdated)
        self.chipsTable.selectionModel().selectionChanged.connect(self.schedule_update)
        for signal in (
            self.proxy.dataChanged,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.layoutChanged,
            self.proxy.modelReset,
        ):
            signal.connect(self.schedule_update)
        self.chipsTable.activated.connect(self._on_activated)
        self.chipsTable.customContextMenuRequested.connect(self._show_context_menu)
        self.searchEdit.textChanged.connect(self.proxy.set_search)
        # Typing "zz" after "z" keeps the same (no) rows: the proxy says nothing, the empty text must follow.
        self.searchEdit.textChanged.connect(self.schedule_update)
        self.statusFilter.currentIndexChanged.connect(self._on_filter_changed)
        self.model.summaryChanged.connect(self._update_summary)
        self._update_summary(self.model.summary)

    # -- construction ------------------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.searchEdit = QLineEdit(self)
        self.searchEdit.setObjectName("searchEdit")
        self.searchEdit.setPlaceholderText(self.tr("Search phone, instance or profile (Ctrl+F)"))
        self.searchEdit.setClearButtonEnabled(True)
        self.searchEdit.setMinimumWidth(300)
        self.searchEdit.setAccessibleName(self.tr("Search chips"))
        self.statusFilter = QComboBox(self)
        self.statusFilter.setObjectName("statusFilter")
        self.statusFilter.setAccessibleName(self.tr("Status filter"))
        self.statusFilter.setToolTip(self.tr("Show only chips in one state (deleted chips only with Cancelled)"))
        for value, text in self._filter_labels():
            self.statusFilter.addItem(text, value.value)
        self.summaryLabel = QLabel(self)
        self.summaryLabel.setObjectName("summaryLabel")
        self.summaryLabel.setContentsMargins(8, 0, 8, 0)

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
        # Tab leaves the table for the details panel's buttons instead of walking its cells.
        table.setTabKeyNavigation(False)
        vertical = table.verticalHeader()
        # A fixed row height keeps 10,000 rows cheap: the header never measures rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(max(28, table.fontMetrics().height() + 12))
        vertical.hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        _profile_takes_the_rest(header)
        header.setHighlightSections(False)
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

    def show_avatars(self, loader: AvatarLoader) -> None:
        """Profile pictures beside the phone numbers and in the details panel, fetched for the rows in view."""
        table = self.chipsTable
        table.setItemDelegateForColumn(Column.PHONE, AvatarDelegate(loader, table))
        size = table.verticalHeader().defaultSectionSize() - 8
        table.setColumnWidth(Column.PHONE, table.columnWidth(Column.PHONE) + size + 8)
        self.visibleRows = VisibleRows(table, loader)
        self.details.show_avatars(loader)

    def add_notice(self, notice: QWidget) -> None:
        """Show ``notice`` under the two banners, above the table."""
        self._layout.insertWidget(2, notice)

    # -- selection ---------------------------------------------------------------------------------------

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

    def shown_chips(self) -> list[Chip]:
        """The chips of the table's rows, in their order (current search, filter and sort)."""
        proxy = self.proxy
        chips = [proxy.chip(proxy.index(row, 0)) for row in range(proxy.rowCount())]
        return [chip for chip in chips if chip is not None]

    def show_filter(self, value: StatusFilter) -> None:
        """Choose a status filter as the operator would."""
        self.statusFilter.setCurrentIndex(self.statusFilter.findData(value.value))

    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected."""
        self.searchEdit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.searchEdit.selectAll()

    def schedule_update(self) -> None:
        """Recompute what depends on the selection and the rows once, after the current event."""
        if not self._update_timer.isActive():
            self._update_timer.start()

    def stop(self) -> None:
        """The window is closing: no more deferred updates."""
        self._update_timer.stop()

    def set_backend_state(self, state: str) -> None:
        """``"opening"``, ``"failed"`` or ``"ready"``: what the empty table says while it has no rows."""
        self._backend_state = state
        self.update_empty_state()

    def update_empty_state(self) -> None:
        """Show, over an empty table, why it is empty."""
        if self.proxy.rowCount() > 0:
            self.emptyLabel.hide()
            return
        if self._backend_state != "ready":
            text = (
                self.tr("The chips database could not be opened.")
                if self._backend_state == "failed"
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

    # -- reactions ---------------------------------------------------------------------------------------

    def _on_filter_changed(self, _index: int) -> None:
        value = self.statusFilter.currentData()
        self.proxy.set_status_filter(StatusFilter(value) if value else StatusFilter.ALL)

    def _on_activated(self, index: QModelIndex) -> None:
        chip = self.proxy.chip(index)
        if chip is not None:
            self.chipActivated.emit(chip)

    def _show_context_menu(self, pos: QPoint) -> None:
        index = self.chipsTable.indexAt(pos)
        if not index.isValid():
            return
        if not self.chipsTable.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self.chipsTable.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
        # The actions' states follow the new selection before the menu shows them.
        self._update_timer.stop()
        self.selectionUpdated.emit()
        menu = QMenu(self)
        menu.setObjectName("chipContextMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in self._actions.values():
            menu.addAction(action)
        for extra in self.context_menus:
            menu.addMenu(extra)
        menu.popup(self.chipsTable.viewport().mapToGlobal(pos))

    def _update_summary(self, summary: FleetSummary) -> None:
        # Three counts in one style: number first, then what it counts, each with its own plural.
        text = " · ".join(
            (
                self.tr("%n connected", "", summary.connected),
                self.tr("%n need(s) attention", "", summary.attention),
                self.tr("%n pending", "", summary.pending),
            )
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keep the empty-state text centred over the table."""
        if event.type() == QEvent.Type.Resize and watched is self.chipsTable.viewport():
            self.emptyLabel.setGeometry(self.chipsTable.viewport().rect())
        return super().eventFilter(watched, event)

    # -- saved layout ------------------------------------------------------------------------------------

    def restore_layout(self, splitter: QByteArray, header: QByteArray, status_filter: object) -> None:
        """Put back the splitter, columns and filter the operator left last time (empty values are skipped)."""
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        if not header.isEmpty():
            self.chipsTable.horizontalHeader().restoreState(header)
            _profile_takes_the_rest(self.chipsTable.horizontalHeader())
        index = self.statusFilter.findData(status_filter)
        if index >= 0:
            self.statusFilter.setCurrentIndex(index)

    def saved_layout(self) -> tuple[QByteArray, QByteArray, str]:
        """The splitter, the columns and the filter, as ``restore_layout`` takes them."""
        return (
            self.splitter.saveState(),
            self.chipsTable.horizontalHeader().saveState(),
            str(self.statusFilter.currentData() or ""),
        )


def _profile_takes_the_rest(header: QHeaderView) -> None:
    """The profile column takes what the others leave: the table fits its width, with no horizontal scrollbar.

    The sample widths of the other columns fit 1280 px beside the details panel in both languages; a long
    profile name is elided (its tooltip has it whole) rather than pushing the table wider than the window.
    """
    header.setStretchLastSection(False)
    header.setSectionResizeMode(Column.PROFILE, QHeaderView.ResizeMode.Stretch)
