"""The audit trail (``chip_events``) in a filterable table, with its CSV export.

Events are read on the database pool (``InstanceManager.audit``), filtered by chip (phone, instance or profile
text), operator (OS user) and a date range; the newest ``AUDIT_LIMIT`` of them are shown. The words and the CSV
files are :mod:`evodesk.ui.fleet.export`'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QDateTime,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTime,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evodesk.domain import ChipStatus
from evodesk.services import AuditFilter, AuditPage, AuditRow, InstanceManager, format_phone
from evodesk.ui.fleet.export import (
    ACTION_CODES,
    CsvExporter,
    action_text,
    details_text,
    export_audit_csv,
    local_moment,
    status_text,
    when_text,
)
from evodesk.ui.shared.messages import describe_error
from evodesk.ui.tasks.runner import Pool, TaskHandle, TaskRunner

ModelIndex = QModelIndex | QPersistentModelIndex

_DEFAULT_DAYS = 30
_FILTER_DELAY_MS = 300
_CTX = "AuditView"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


# -- the table ---------------------------------------------------------------------------------------------


class AuditTableModel(QAbstractTableModel):
    """The events as rows: when, operator, computer, phone, instance, action, status before and after, details."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AuditRow] = []

    @property
    def rows(self) -> list[AuditRow]:
        """The rows in display order."""
        return list(self._rows)

    def set_rows(self, rows: Sequence[AuditRow]) -> None:
        """Show ``rows`` (a new query's answer: the whole table is replaced)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of events."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of columns."""
        return 0 if parent.isValid() else 9

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = [
            self.tr("When"),
            self.tr("Operator"),
            self.tr("Computer"),
            self.tr("Phone"),
            self.tr("Instance"),
            self.tr("Action"),
            self.tr("Status before"),
            self.tr("Status after"),
            self.tr("Details"),
        ]
        return titles[section] if 0 <= section < len(titles) else None

    def cells(self, row: AuditRow) -> list[str]:
        """The texts of one row, as shown."""
        event, chip = row.event, row.chip
        return [
            when_text(event.at),
            event.os_user,
            event.host,
            format_phone(chip.phone) if chip is not None else "",
            chip.instance_name if chip is not None else "",
            action_text(event.action),
            status_text(event.status_before),
            status_text(event.status_after),
            details_text(event.details),
        ]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; the full timestamp and details as tooltips."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(row)[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 0:
                return local_moment(row.event.at).isoformat(timespec="seconds")
            if index.column() == 5:
                return action_text(row.event.action)
            if index.column() == 8:
                return details_text(row.event.details)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort on the column's value (time for "When", text otherwise); ties keep the newest first."""
        if not 0 <= column < self.columnCount():
            return
        self.layoutAboutToBeChanged.emit()
        if column == 0:
            self._rows.sort(key=lambda row: (row.event.at, row.event.id))
        else:
            self._rows.sort(key=lambda row: self.cells(row)[column].lower())
        if order == Qt.SortOrder.DescendingOrder:
            self._rows.reverse()
        self.layoutChanged.emit()


class AuditView(QDialog):
    """Who did what to which chip, and when: filter, read, export to CSV."""

    # A load finished (rows shown).
    loaded = Signal(int)

    def __init__(self, runner: TaskRunner, manager: InstanceManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditView")
        self.setWindowTitle(self.tr("Audit trail"))
        self._runner = runner
        self._manager = manager
        self._serial = 0
        self._truncated = False
        self._loading = False
        self._exporter = CsvExporter(runner, self)
        self._exporter.exported.connect(self._on_exported)
        self._exporter.failed.connect(self._on_export_failed)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(_FILTER_DELAY_MS)
        self._reload_timer.timeout.connect(self.reload)
        self._build()
        self.resize(1280, 640)

    def _build(self) -> None:
        self.chipFilter = QLineEdit(self)
        self.chipFilter.setObjectName("auditChipFilter")
        self.chipFilter.setPlaceholderText(self.tr("Phone, instance or profile"))
        self.chipFilter.setClearButtonEnabled(True)
        self.userFilter = QComboBox(self)
        self.userFilter.setObjectName("auditUserFilter")
        self.userFilter.setEditable(True)
        self.userFilter.setMinimumContentsLength(12)
        line = self.userFilter.lineEdit()
        assert line is not None
        line.setPlaceholderText(self.tr("Any operator"))
        line.setClearButtonEnabled(True)
        today = QDate.currentDate()
        self.fromDate = QDateEdit(today.addDays(-_DEFAULT_DAYS), self)
        self.fromDate.setObjectName("auditFromDate")
        self.toDate = QDateEdit(today, self)
        self.toDate.setObjectName("auditToDate")
        for edit in (self.fromDate, self.toDate):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy" if edit.locale().name().startswith("pt") else "yyyy-MM-dd")

        filters = QHBoxLayout()
        for label, widget in (
            (self.tr("Chip:"), self.chipFilter),
            (self.tr("Operator:"), self.userFilter),
            (self.tr("From:"), self.fromDate),
            (self.tr("To:"), self.toDate),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget, 2 if widget is self.chipFilter else 1)

        self.model = AuditTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # The details take what the other columns leave: at 1280 px they must stay in view.
        header.setSectionResizeMode(8, QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        samples = [
            when_text(datetime(2026, 12, 28, 23, 59, 59, tzinfo=UTC)),
            "maria.souza.s",
            "estacao-00",
            "+55 00 00000-0000",
            "atendimento-sp-00",
            max((action_text(code) for code in ACTION_CODES), key=metrics.horizontalAdvance),
            status_text(ChipStatus.CANCELLED),
            status_text(ChipStatus.CANCELLED),
        ]
        for column, text in enumerate(samples):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            # Wide enough for the longest usual value and for the title with its sort arrow.
            width = max(metrics.horizontalAdvance(text) + 24, metrics.horizontalAdvance(title) + 36)
            if column == 5:
                # The longest action words are rare; they are elided (the tooltip has them) for the details' sake.
                width = min(width, metrics.horizontalAdvance("M" * 16))
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setDefaultSectionSize(max(24, metrics.height() + 8))

        self.countLabel = QLabel(self)
        self.countLabel.setObjectName("auditCountLabel")
        self.exportButton = QPushButton(self.tr("Export CSV…"), self)
        self.exportButton.setObjectName("auditExportButton")
        self.exportButton.setToolTip(self.tr("Save the events listed (current filter) as a CSV file for Excel"))
        self.exportButton.clicked.connect(self.ask_export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.countLabel, 1)
        bottom.addWidget(self.exportButton)
        bottom.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        # "To" follows the calendar while it says today, so a view left open past midnight still shows new events.
        self._to_is_today = True
        self.toDate.dateChanged.connect(self._on_to_date_edited)
        self.chipFilter.textChanged.connect(self._schedule_reload)
        self.userFilter.currentTextChanged.connect(self._schedule_reload)
        self.fromDate.dateChanged.connect(self._schedule_reload)
        self.toDate.dateChanged.connect(self._schedule_reload)

    # -- loading ---------------------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        """True while a query runs."""
        return self._loading

    def current_filter(self) -> AuditFilter:
        """The filter the widgets describe; the date range covers whole local days, both ends included."""
        start, end = self.fromDate.date(), self.toDate.date()
        if end < start:
            start, end = end, start
        since = QDateTime(start, QTime(0, 0)).toSecsSinceEpoch()
        until = QDateTime(end.addDays(1), QTime(0, 0)).toSecsSinceEpoch()
        return AuditFilter(
            chip_text=self.chipFilter.text(),
            os_user=self.userFilter.currentText(),
            since=datetime.fromtimestamp(since, UTC),
            until=datetime.fromtimestamp(until, UTC),
        )

    @Slot(QDate)
    def _on_to_date_edited(self, date: QDate) -> None:
        self._to_is_today = date == QDate.currentDate()

    @Slot()
    def _schedule_reload(self) -> None:
        self._reload_timer.start()

    @Slot()
    def reload(self) -> None:
        """Read the events for the current filter (the latest request wins)."""
        self._reload_timer.stop()
        if self._to_is_today and self.toDate.date() != QDate.currentDate():
            self.toDate.blockSignals(True)
            self.toDate.setDate(QDate.currentDate())
            self.toDate.blockSignals(False)
        self._serial += 1
        serial = self._serial
        self._loading = True
        self.countLabel.setText(self.tr("Loading…"))
        manager, wanted = self._manager, self.current_filter()
        self._runner.submit(
            lambda: manager.audit(wanted),
            on_success=lambda page: self._on_loaded(serial, page),
            on_error=lambda exc: self._on_load_failed(serial, exc),
            pool=Pool.DATABASE,
            owner=self,
        )

    def _on_loaded(self, serial: int, page: AuditPage) -> None:
        if serial != self._serial:
            return
        self._loading = False
        self._truncated = page.truncated
        self.model.set_rows(page.rows)
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() != 0 or header.sortIndicatorOrder() != Qt.SortOrder.DescendingOrder:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._remember_users(page.users)
        self._update_count()
        self.loaded.emit(len(page.rows))

    def _on_load_failed(self, serial: int, exc: BaseException) -> None:
        if serial != self._serial:
            return
        self._loading = False
        self.countLabel.setText(self.tr("The audit trail cannot be read: {reason}").format(reason=describe_error(exc)))

    def _remember_users(self, users: Sequence[str]) -> None:
        known = {self.userFilter.itemText(i) for i in range(self.userFilter.count())}
        new = [user for user in users if user not in known]
        if not new:
            return
        # Adding items must not change what the operator is typing.
        text = self.userFilter.currentText()
        self.userFilter.blockSignals(True)
        self.userFilter.addItems(new)
        self.userFilter.setCurrentText(text)
        self.userFilter.blockSignals(False)

    def _update_count(self) -> None:
        count = self.model.rowCount()
        if self._truncated:
            text = self.tr("Showing the newest %n event(s); narrow the dates to see older ones.", "", count)
        else:
            text = self.tr("%n event(s)", "", count)
        self.countLabel.setText(text)

    # -- export ----------------------------------------------------------------------------------------

    @Slot()
    def ask_export(self) -> QFileDialog:
        """Ask where to save the events listed, then write them."""
        name = f"evodesk-audit-{datetime.now().strftime('%Y%m%d-%H%M')}.csv"
        return self._exporter.ask(self, self.tr("Export the audit trail"), name, self.export)

    @Slot(str)
    def export(self, path: str) -> TaskHandle:
        """Write the rows shown now, in their order, to ``path`` on a worker."""
        rows = tuple(self.model.rows)
        self.countLabel.setText(self.tr("Saving {path}…").format(path=path))
        return self._exporter.export(path, lambda target: export_audit_csv(target, rows))

    @Slot(str, int)
    def _on_exported(self, path: str, count: int) -> None:
        self.countLabel.setText(self.tr("%n event(s) saved to {path}", "", count).format(path=path))

    @Slot(str, str)
    def _on_export_failed(self, path: str, reason: str) -> None:
        self.countLabel.setText(self.tr("Could not save {path}: {reason}").format(path=path, reason=reason))

    def showEvent(self, event: QShowEvent) -> None:
        """Load the events whenever the view opens."""
        super().showEvent(event)
        if not event.spontaneous():
            self.reload()
