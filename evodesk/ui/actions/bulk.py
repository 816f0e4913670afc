"""Acting on many chips at once: one confirmation naming the count, then one chip after another with progress.

``BulkRun`` does the work (one manager call at a time, so the server sees one request for this and the operator
can stop between chips); ``BulkDialog`` shows its progress and, row by row, what happened to each chip. Nothing
ends silently half-done: a chip the server acted on but the database could not record is reported as such
(``ActionNotRecorded``), and chips left when the operator cancels are listed as not done.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QCloseEvent, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evodesk.domain import Chip, ConnectionState
from evodesk.services import InstanceManager, format_phone
from evodesk.services.errors import ActionNotRecorded
from evodesk.ui.actions.chip_action import BULK_ACTIONS, ChipAction
from evodesk.ui.shared import widgets
from evodesk.ui.shared.messages import describe_error
from evodesk.ui.tasks.runner import TaskRunner

ModelIndex = QModelIndex | QPersistentModelIndex

_CTX = "BulkDialog"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


class Outcome(enum.StrEnum):
    """What happened to one chip of a bulk action."""

    DONE = "done"
    FAILED = "failed"
    NOT_RECORDED = "not_recorded"
    SKIPPED = "skipped"
    NOT_STARTED = "not_started"


_OUTCOME_COLORS = {
    Outcome.DONE: widgets.STATE_COLORS[ConnectionState.OPEN],
    Outcome.FAILED: widgets.STATE_COLORS[ConnectionState.CLOSE],
    Outcome.NOT_RECORDED: widgets.STATE_COLORS[ConnectionState.REFUSED],
    Outcome.SKIPPED: widgets.STATE_COLORS[ConnectionState.UNKNOWN],
    Outcome.NOT_STARTED: widgets.CANCELLED_COLOR,
}


@dataclass(frozen=True, slots=True)
class BulkResult:
    """One chip's line in the result list: the outcome in a word and in a sentence."""

    chip: Chip
    outcome: Outcome
    message: str
    updated: Chip | None = None
    error: BaseException | None = None


def _action_words(action: ChipAction) -> dict[str, str]:
    return {
        ChipAction.DISCONNECT: {
            "title": _tr("Disconnect chips"),
            "running": _tr("Disconnecting {index} of {total}: “{instance}”…"),
            "done": _tr("Disconnected"),
        },
        ChipAction.RESTART: {
            "title": _tr("Restart chips"),
            "running": _tr("Restarting {index} of {total}: “{instance}”…"),
            "done": _tr("Restarted"),
        },
        ChipAction.DELETE: {
            "title": _tr("Delete chips"),
            "running": _tr("Deleting {index} of {total}: “{instance}”…"),
            "done": _tr("Deleted"),
        },
    }[action]


class BulkRun(QObject):
    """Runs one action over several chips, one chip at a time, on the runner's network pool.

    ``current(chip_id)`` returns the chip as the window knows it now (refreshes may have changed it since the
    selection); its version is the one the action expects. ``applies(action, chip)`` says whether the action still
    fits the chip; chips it no longer fits are skipped, not failed.
    """

    # (1-based index, total, chip about to be worked on)
    progressed = Signal(int, int, object)
    # A chip is finished (``BulkResult``).
    chipFinished = Signal(object)
    # Every chip is accounted for (list of ``BulkResult`` in the order of the chips).
    finished = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        manager: InstanceManager,
        action: ChipAction,
        chips: Sequence[Chip],
        *,
        current: Callable[[int], Chip | None] | None = None,
        applies: Callable[[str, Chip], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if action not in BULK_ACTIONS:
            raise ValueError(f"unknown bulk action {action!r}")
        self.action = action
        self.chips = list(chips)
        self._runner = runner
        self._manager = manager
        self._current = current or (lambda _chip_id: None)
        self._applies = applies or (lambda _action, _chip: True)
        self._index = 0
        self._cancelled = False
        self._running = False
        self.results: list[BulkResult] = []

    @property
    def running(self) -> bool:
        """True from ``start`` until ``finished``."""
        return self._running

    @property
    def cancelled(self) -> bool:
        """True once ``cancel`` was called."""
        return self._cancelled

    def start(self) -> None:
        """Begin with the first chip."""
        if self._running or self.results:
            return
        self._running = True
        self._next()

    @Slot()
    def cancel(self) -> None:
        """Stop after the chip being worked on; the rest are reported as not done."""
        self._cancelled = True

    def _next(self) -> None:
        if self._index >= len(self.chips) or self._cancelled:
            self._finish()
            return
        selected = self.chips[self._index]
        chip = self._current(selected.id) or selected
        self.progressed.emit(self._index + 1, len(self.chips), chip)
        if not self._applies(self.action, chip):
            self._record(BulkResult(chip, Outcome.SKIPPED, _tr("Skipped: no longer applies to this chip's state")))
            return
        manager = self._manager
        if self.action == ChipAction.DISCONNECT:
            work: Callable[[], Any] = partial(manager.disconnect, chip.id, expected_version=chip.version)
        elif self.action == ChipAction.DELETE:
            work = partial(manager.delete, chip.id, expected_version=chip.version)
        else:
            work = partial(manager.restart, chip.id)
        self._runner.submit(
            work,
            on_success=partial(self._on_done, chip),
            on_error=partial(self._on_failed, chip),
            owner=self,
        )

    def _on_done(self, chip: Chip, result: object) -> None:
        updated = result if isinstance(result, Chip) else None
        self._record(BulkResult(chip, Outcome.DONE, _action_words(self.action)["done"], updated=updated))

    def _on_failed(self, chip: Chip, exc: BaseException) -> None:
        outcome = Outcome.NOT_RECORDED if isinstance(exc, ActionNotRecorded) else Outcome.FAILED
        self._record(BulkResult(chip, outcome, describe_error(exc), error=exc))

    def _record(self, result: BulkResult) -> None:
        self.results.append(result)
        self._index += 1
        self.chipFinished.emit(result)
        self._next()

    def _finish(self) -> None:
        for chip in self.chips[self._index :]:
            self.results.append(BulkResult(chip, Outcome.NOT_STARTED, _tr("Not done: cancelled before this chip")))
        self._index = len(self.chips)
        self._running = False
        self.finished.emit(list(self.results))


class BulkResultModel(QAbstractTableModel):
    """The per-chip result list: phone, instance, result (with a coloured dot)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._results: list[BulkResult] = []

    @property
    def results(self) -> list[BulkResult]:
        """The results shown, in order."""
        return list(self._results)

    def add(self, result: BulkResult) -> None:
        """Append one chip's result."""
        row = len(self._results)
        self.beginInsertRows(QModelIndex(), row, row)
        self._results.append(result)
        self.endInsertRows()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of results."""
        return 0 if parent.isValid() else len(self._results)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Phone, instance, result."""
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [self.tr("Phone"), self.tr("Instance"), self.tr("Result")][section] if 0 <= section < 3 else None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Texts, the outcome's dot on the result, the full message as its tooltip."""
        if not index.isValid() or index.row() >= len(self._results):
            return None
        result = self._results[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return [format_phone(result.chip.phone), result.chip.instance_name, result.message][column]
        if role == Qt.ItemDataRole.DecorationRole and column == 2:
            return widgets.dot_icon(_OUTCOME_COLORS[result.outcome])
        if role == Qt.ItemDataRole.ForegroundRole and column == 2 and result.outcome is not Outcome.DONE:
            return QColor("#8a1c12") if result.outcome is Outcome.FAILED else None
        return None


class _PaddedRows(QStyledItemDelegate):
    """Rows sized to their (wrapped) text plus some air, like the fixed-height rows of the chips table."""

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        """The text's size plus 10 pixels of height."""
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + 10)


class BulkDialog(QDialog):
    """Progress of a ``BulkRun`` and its per-chip results; Cancel stops after the chip being worked on.

    Closing the dialog while it runs cancels the same way (the chip in flight finishes and is reported).
    """

    def __init__(self, run: BulkRun, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulkProgress")
        self.run = run
        words = _action_words(run.action)
        self.setWindowTitle(words["title"])
        self.statusLabel = QLabel(self)
        self.statusLabel.setObjectName("bulkStatus")
        self.statusLabel.setWordWrap(True)
        self.progressBar = QProgressBar(self)
        self.progressBar.setObjectName("bulkProgressBar")
        self.progressBar.setRange(0, len(run.chips))
        self.progressBar.setValue(0)
        self.progressBar.setFormat(self.tr("%v of %m"))
        self.model = BulkResultModel(self)
        self.resultView = QTableView(self)
        self.resultView.setObjectName("bulkResult")
        self.resultView.setModel(self.model)
        self.resultView.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.resultView.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.resultView.setAlternatingRowColors(True)
        self.resultView.setShowGrid(False)
        # Error texts wrap onto more lines: the operator must be able to read why a chip failed.
        self.resultView.setWordWrap(True)
        self.resultView.setItemDelegate(_PaddedRows(self.resultView))
        self.resultView.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.resultView.verticalHeader().hide()
        self.resultView.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.resultView.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        metrics = self.resultView.fontMetrics()
        for column, sample in enumerate(("+55 00 00000-00000", "atendimento-sp-00")):
            self.resultView.setColumnWidth(column, metrics.horizontalAdvance(sample) + 24)
        self.summaryLabel = QLabel(self)
        self.summaryLabel.setObjectName("bulkSummary")
        self.summaryLabel.setWordWrap(True)
        self.cancelButton = QPushButton(self.tr("Cancel"), self)
        self.cancelButton.setObjectName("bulkCancelButton")
        self.cancelButton.setToolTip(self.tr("Stop after the chip being worked on"))
        self.cancelButton.clicked.connect(self._cancel)
        self.closeButton = QPushButton(self.tr("Close"), self)
        self.closeButton.setObjectName("bulkCloseButton")
        self.closeButton.clicked.connect(self.accept)
        self.closeButton.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summaryLabel, 1)
        buttons.addWidget(self.cancelButton)
        buttons.addWidget(self.closeButton)
        layout = QVBoxLayout(self)
        layout.addWidget(self.statusLabel)
        layout.addWidget(self.progressBar)
        layout.addWidget(self.resultView, 1)
        layout.addLayout(buttons)
        run.progressed.connect(self._on_progress)
        run.chipFinished.connect(self._on_chip_finished)
        run.finished.connect(self._on_finished)
        self.statusLabel.setText(self.tr("Starting…"))
        self.resize(720, 460)

    @property
    def finished_run(self) -> bool:
        """True once every chip is accounted for."""
        return not self.run.running and bool(self.run.results)

    @Slot(int, int, object)
    def _on_progress(self, index: int, total: int, chip: Chip) -> None:
        self.statusLabel.setText(
            _action_words(self.run.action)["running"].format(index=index, total=total, instance=chip.instance_name)
        )

    @Slot(object)
    def _on_chip_finished(self, result: BulkResult) -> None:
        self.model.add(result)
        self.progressBar.setValue(self.model.rowCount())
        self.resultView.scrollToBottom()

    @Slot(object)
    def _on_finished(self, results: list[BulkResult]) -> None:
        for result in results[self.model.rowCount() :]:
            self.model.add(result)
        self.progressBar.setValue(len(results))
        counts = {outcome: sum(1 for r in results if r.outcome is outcome) for outcome in Outcome}
        parts = [self.tr("%n done", "", counts[Outcome.DONE])]
        if counts[Outcome.FAILED]:
            parts.append(self.tr("%n failed", "", counts[Outcome.FAILED]))
        if counts[Outcome.NOT_RECORDED]:
            parts.append(self.tr("%n done on the server but not recorded", "", counts[Outcome.NOT_RECORDED]))
        if counts[Outcome.SKIPPED]:
            parts.append(self.tr("%n skipped", "", counts[Outcome.SKIPPED]))
        if counts[Outcome.NOT_STARTED]:
            parts.append(self.tr("%n not done (cancelled)", "", counts[Outcome.NOT_STARTED]))
        self.summaryLabel.setText(" · ".join(parts))
        problems = len(results) - counts[Outcome.DONE]
        if self.run.cancelled:
            self.statusLabel.setText(self.tr("Cancelled. The chips below say what was done."))
        elif problems:
            self.statusLabel.setText(self.tr("Finished with problems: see the chips marked below."))
        else:
            self.statusLabel.setText(self.tr("Finished: every chip done."))
        self.cancelButton.hide()
        self.closeButton.setEnabled(True)
        self.closeButton.setDefault(True)
        self.closeButton.setFocus()

    @Slot()
    def _cancel(self) -> None:
        self.run.cancel()
        self.cancelButton.setEnabled(False)
        self.cancelButton.setText(self.tr("Cancelling…"))

    def reject(self) -> None:
        """Esc or the window's close button: cancel while running, close once finished."""
        if self.run.running:
            self._cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window's close button while running cancels instead of closing."""
        if self.run.running:
            self._cancel()
            event.ignore()
            return
        super().closeEvent(event)
