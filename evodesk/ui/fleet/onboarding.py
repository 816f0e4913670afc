"""Batch onboarding: paste many phone numbers, check them all, then create and link them one after another.

Nothing is created until every number of the list is valid, appears once, and belongs to no live chip; a list
with any problem is refused as a whole, each bad line named with its error. Then each number is created and its
QR dialog shown; the next opens when the previous one connects, is closed, or is skipped. A number that failed or
was skipped can be retried (created again, or reconnected when its chip exists). The table ends as the summary.
"""

from __future__ import annotations

import enum
import html
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QCloseEvent, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evodesk.domain import Chip, ConnectionState, PollResult, QrCode, QrDialogState
from evodesk.services import (
    BatchCheck,
    BatchEntry,
    BatchProblem,
    InstanceManager,
    InvalidPhone,
    QrPolicy,
    format_phone,
)
from evodesk.ui.dialogs.create import first_poll_result
from evodesk.ui.qr.dialog import QrCodeDialog
from evodesk.ui.shared import widgets
from evodesk.ui.shared.demo import ScanSimulator
from evodesk.ui.shared.messages import describe_error
from evodesk.ui.tasks.runner import Pool, TaskRunner

ModelIndex = QModelIndex | QPersistentModelIndex


class Step(enum.StrEnum):
    """Where one number of the batch is."""

    WAITING = "waiting"
    CREATING = "creating"
    SCANNING = "scanning"
    CONNECTED = "connected"
    SKIPPED = "skipped"
    FAILED = "failed"


_STEP_COLORS = {
    Step.WAITING: widgets.CANCELLED_COLOR,
    Step.CREATING: widgets.BUSY_COLOR,
    Step.SCANNING: widgets.STATE_COLORS[ConnectionState.CONNECTING],
    Step.CONNECTED: widgets.STATE_COLORS[ConnectionState.OPEN],
    Step.SKIPPED: widgets.STATE_COLORS[ConnectionState.UNKNOWN],
    Step.FAILED: widgets.STATE_COLORS[ConnectionState.CLOSE],
}
_RETRYABLE = frozenset({Step.SKIPPED, Step.FAILED})
_CTX = "OnboardingDialog"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


@dataclass(frozen=True, slots=True)
class OnboardItem:
    """One number of the batch: its step, its chip once created, and the reason of a failure."""

    entry: BatchEntry
    step: Step = Step.WAITING
    chip: Chip | None = None
    message: str = ""


def usable_entries(check: BatchCheck) -> list[BatchEntry]:
    """The numbers of a checked list that can be created: repeats are already out, numbers with a chip too."""
    taken = {(p.line, p.text) for p in check.problems if p.code in ("batch.known_phone", "batch.known_name")}
    return [entry for entry in check.entries if (entry.line, entry.text) not in taken]


def problem_text(problem: BatchProblem) -> str:
    """One bad line of the list, in the operator's words."""
    if problem.code == "batch.repeated":
        why = _tr("repeated (already on line {line})").format(line=problem.other_line)
    elif problem.code == "batch.known_phone":
        why = _tr("already has a chip (“{instance}”)").format(instance=problem.instance_name)
    elif problem.code == "batch.known_name":
        why = _tr("the instance name “{instance}” is already in use").format(instance=problem.instance_name)
    elif problem.error is not None:
        why = describe_error(problem.error)
    else:
        why = describe_error(InvalidPhone(problem.code, problem.message))
    return _tr("Line {line}: “{text}” — {why}").format(line=problem.line, text=problem.text, why=why)


class OnboardModel(QAbstractTableModel):
    """The batch as a table: phone, instance, what happened."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[OnboardItem] = []

    def set_items(self, items: list[OnboardItem]) -> None:
        """Show a new batch."""
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def update(self, row: int, item: OnboardItem) -> None:
        """Replace one number's line."""
        self.items[row] = item
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Numbers in the batch."""
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Phone, instance, state."""
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [self.tr("Phone"), self.tr("Instance"), self.tr("State")][section] if 0 <= section < 3 else None

    def step_text(self, item: OnboardItem) -> str:
        """The state column's text."""
        text = {
            Step.WAITING: self.tr("Waiting"),
            Step.CREATING: self.tr("Creating…"),
            Step.SCANNING: self.tr("Showing the QR code"),
            Step.CONNECTED: self.tr("Connected"),
            Step.SKIPPED: self.tr("Skipped"),
            Step.FAILED: self.tr("Failed"),
        }[item.step]
        return f"{text}: {item.message}" if item.message else text

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Texts, a coloured dot for the state, the full message as tooltip."""
        if not index.isValid() or index.row() >= len(self.items):
            return None
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            instance = item.chip.instance_name if item.chip is not None else item.entry.instance_name
            return [format_phone(item.entry.digits), instance, self.step_text(item)][index.column()]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 2:
            return widgets.dot_icon(_STEP_COLORS[item.step])
        return None


class OnboardingDialog(QDialog):
    """Paste numbers → all checked → each created and linked in turn, with Skip, Retry and a summary."""

    # A chip was created or changed (the window shows it at once).
    chipChanged = Signal(object)
    # The walk through the batch ended (every number connected, skipped or failed).
    walkFinished = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        manager: InstanceManager,
        *,
        simulator: ScanSimulator | None = None,
        policy: QrPolicy | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("onboardingDialog")
        self.setWindowTitle(self.tr("Add several numbers"))
        self._runner = runner
        self._manager = manager
        self._simulator = simulator
        self._policy = policy
        self._queue: list[int] = []
        self._active: int | None = None
        self._skip_requested = False
        self._checking = False
        self._stopped = False
        self.qr_dialog: QDialog | None = None
        self.check: BatchCheck | None = None
        self._build()
        self.resize(640, 520)

    # -- construction ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_input_page())
        self.pages.addWidget(self._build_run_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    def _build_input_page(self) -> QWidget:
        page = QWidget(self)
        intro = QLabel(
            self.tr(
                "Paste the phone numbers, one per line (or separated by “;”, “,” or spaces), with the area code. "
                "Every number is checked before anything is created; then each one gets its QR code in turn."
            ),
            page,
        )
        intro.setWordWrap(True)
        self.phonesEdit = QPlainTextEdit(page)
        self.phonesEdit.setObjectName("onboardPhonesEdit")
        self.phonesEdit.setPlaceholderText("11 98765-4321\n21 99876-5432\n+55 31 98888-7777")
        self.phonesEdit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.problemsLabel = QLabel(page)
        self.problemsLabel.setObjectName("onboardProblems")
        self.problemsLabel.setWordWrap(True)
        self.problemsLabel.setTextFormat(Qt.TextFormat.RichText)
        self.problemsLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problemsLabel.hide()
        self.startButton = QPushButton(self.tr("Check and start"), page)
        self.startButton.setObjectName("onboardStartButton")
        self.startButton.setDefault(True)
        self.startButton.clicked.connect(self.check_and_start)
        self._usable: list[BatchEntry] = []
        self.leaveOutButton = QPushButton(page)
        self.leaveOutButton.setObjectName("onboardLeaveOutButton")
        self.leaveOutButton.setAutoDefault(False)
        self.leaveOutButton.hide()
        self.leaveOutButton.clicked.connect(self.leave_out_problems)
        # A button box, like the other dialogs: the platform's order of Cancel and the accepting button.
        row = QDialogButtonBox(page)
        row.addButton(self.leaveOutButton, QDialogButtonBox.ButtonRole.ActionRole)
        row.addButton(self.startButton, QDialogButtonBox.ButtonRole.AcceptRole)
        row.addButton(QDialogButtonBox.StandardButton.Cancel).clicked.connect(self.reject)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.phonesEdit, 1)
        layout.addWidget(self.problemsLabel)
        layout.addWidget(row)
        return page

    def _build_run_page(self) -> QWidget:
        page = QWidget(self)
        self.currentLabel = QLabel(page)
        self.currentLabel.setObjectName("onboardCurrent")
        self.currentLabel.setWordWrap(True)
        self.model = OnboardModel(self)
        self.table = QTableView(page)
        self.table.setObjectName("onboardList")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.summaryLabel = QLabel(page)
        self.summaryLabel.setObjectName("onboardSummary")
        self.summaryLabel.setWordWrap(True)
        self.skipButton = QPushButton(self.tr("Skip"), page)
        self.skipButton.setObjectName("onboardSkipButton")
        self.skipButton.setToolTip(self.tr("Leave this number for later and go on with the next one"))
        self.skipButton.clicked.connect(self.skip_current)
        self.retryButton = QPushButton(self.tr("Retry"), page)
        self.retryButton.setObjectName("onboardRetryButton")
        self.retryButton.setToolTip(self.tr("Try the selected number again (skipped or failed)"))
        self.retryButton.clicked.connect(self.retry_selected)
        self.closeButton = QPushButton(self.tr("Close"), page)
        self.closeButton.setObjectName("onboardCloseButton")
        self.closeButton.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.summaryLabel, 1)
        row.addWidget(self.skipButton)
        row.addWidget(self.retryButton)
        row.addWidget(self.closeButton)
        layout = QVBoxLayout(page)
        layout.addWidget(self.currentLabel)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        return page

    # -- public ----------------------------------------------------------------------------------------

    @property
    def items(self) -> list[OnboardItem]:
        """The numbers of the batch and where each is."""
        return list(self.model.items)

    @property
    def walking(self) -> bool:
        """True while a number is being created or shown, or numbers wait their turn."""
        return self._active is not None or bool(self._queue)

    @property
    def checking(self) -> bool:
        """True while the list is being checked."""
        return self._checking

    def counts(self) -> dict[Step, int]:
        """How many numbers are at each step."""
        return {step: sum(1 for item in self.model.items if item.step is step) for step in Step}

    @Slot()
    def check_and_start(self) -> None:
        """Check the whole list; refuse it with every problem listed, or start creating the numbers."""
        if self._checking:
            return
        self._checking = True
        self.startButton.setEnabled(False)
        self.problemsLabel.hide()
        self.leaveOutButton.hide()
        manager, text = self._manager, self.phonesEdit.toPlainText()
        self._runner.submit(
            lambda: manager.check_numbers(text),
            on_success=self._on_checked,
            on_error=self._on_check_failed,
            on_finished=self._on_check_finished,
            pool=Pool.DATABASE,
            owner=self,
        )

    # -- checking --------------------------------------------------------------------------------------

    def _on_checked(self, check: BatchCheck) -> None:
        self.check = check
        if not check.entries and not check.problems:
            self._show_problems(self.tr("The list is empty: paste at least one phone number."), [])
            return
        if not check.ok:
            self._usable = usable_entries(check)
            title = self.tr("Nothing was created yet: fix these lines and check again, or leave them out.")
            self._show_problems(title, [problem_text(problem) for problem in check.problems])
            self.leaveOutButton.setText(self.tr("Leave them out and go on with %n number(s)", "", len(self._usable)))
            self.leaveOutButton.setVisible(bool(self._usable))
            return
        self._start(list(check.entries))

    @Slot()
    def leave_out_problems(self) -> None:
        """Go on with the numbers that can be used; the invalid, repeated and known lines are left out."""
        if self._usable:
            self._start(self._usable)

    def _start(self, entries: list[BatchEntry]) -> None:
        self.leaveOutButton.hide()
        self.problemsLabel.hide()
        self.model.set_items([OnboardItem(entry) for entry in entries])
        self._queue = list(range(len(entries)))
        self.pages.setCurrentIndex(1)
        self._advance()

    def _show_problems(self, title: str, lines: list[str]) -> None:
        body = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        color = widgets.STATE_COLORS[ConnectionState.CLOSE]
        self.problemsLabel.setText(f"<p style='color:{color}'><b>{html.escape(title)}</b></p><ul>{body}</ul>")
        self.problemsLabel.show()

    def _on_check_failed(self, exc: BaseException) -> None:
        self._show_problems(self.tr("The list could not be checked: {reason}").format(reason=describe_error(exc)), [])

    def _on_check_finished(self) -> None:
        self._checking = False
        self.startButton.setEnabled(True)

    # -- the walk --------------------------------------------------------------------------------------

    def _set(self, row: int, **changes: Any) -> OnboardItem:
        item = replace(self.model.items[row], **changes)
        self.model.update(row, item)
        self._update_buttons()
        return item

    def _advance(self) -> None:
        if self._active is not None or self._stopped:
            return
        if not self._queue:
            self._finish_walk()
            return
        row = self._queue.pop(0)
        self._active = row
        self._skip_requested = False
        self.table.selectRow(row)
        item = self.model.items[row]
        total = len(self.model.items)
        self.currentLabel.setText(
            self.tr("Number {index} of {total}: {phone}").format(
                index=row + 1, total=total, phone=format_phone(item.entry.digits)
            )
        )
        self.summaryLabel.clear()
        manager = self._manager
        if item.chip is None:
            self._set(row, step=Step.CREATING, message="")
            digits = item.entry.digits
            self._runner.submit(
                lambda: manager.create(digits),
                on_success=partial(self._on_created, row),
                on_error=partial(self._on_failed, row),
                owner=self,
            )
        else:
            self._set(row, step=Step.CREATING, message="")
            chip = item.chip
            self._runner.submit(
                lambda: manager.reconnect(chip.id),
                on_success=partial(self._on_reconnected, row),
                on_error=partial(self._on_failed, row),
                owner=self,
            )

    def _on_created(self, row: int, result: tuple[Chip, QrCode | None]) -> None:
        chip, qr = result
        self._set(row, chip=chip)
        self.chipChanged.emit(chip)
        self._show_qr(row, chip, first_poll_result(qr, chip))

    def _on_reconnected(self, row: int, result: PollResult) -> None:
        chip = self.model.items[row].chip
        assert chip is not None
        if result.state is QrDialogState.CONNECTED:
            self._connected(row, result.chip or chip)
            self._done_with(row)
            return
        self._show_qr(row, chip, result)

    def _show_qr(self, row: int, chip: Chip, initial: PollResult) -> None:
        if self._skip_requested or self._stopped:
            self._set(row, step=Step.SKIPPED, message="")
            self._done_with(row)
            return
        self._set(row, step=Step.SCANNING, message="")
        self.currentLabel.setText(
            self.tr("Number {index} of {total}: {phone} — scan the QR code in its window, or press Skip.").format(
                index=row + 1, total=len(self.model.items), phone=format_phone(chip.phone)
            )
        )
        dialog = QrCodeDialog(
            self._runner,
            self._manager,
            chip,
            initial=initial,
            simulator=self._simulator,
            policy=self._policy,
            parent=self,
        )
        # Where the walk is, in the window the operator is looking at while scanning.
        dialog.setWindowTitle(
            self.tr("Link WhatsApp — number {index} of {total}: {phone} ({instance})").format(
                index=row + 1, total=len(self.model.items), phone=format_phone(chip.phone), instance=chip.instance_name
            )
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.connected.connect(partial(self._connected, row))
        dialog.finished.connect(partial(self._on_qr_closed, row))
        self.qr_dialog = dialog
        # Not modal: the Skip button of this dialog must stay usable while the QR code is shown.
        dialog.show()
        dialog.raise_()

    def _connected(self, row: int, chip: Chip) -> None:
        self._set(row, step=Step.CONNECTED, chip=chip, message="")
        self.chipChanged.emit(chip)

    def _on_qr_closed(self, row: int, _result: int = 0) -> None:
        self.qr_dialog = None
        if self.model.items[row].step is Step.SCANNING:
            self._set(row, step=Step.SKIPPED, message=self.tr("QR code closed before the phone was linked"))
        self._done_with(row)

    def _on_failed(self, row: int, exc: BaseException) -> None:
        self._set(row, step=Step.FAILED, message=describe_error(exc))
        self._done_with(row)

    def _done_with(self, row: int) -> None:
        if self._active == row:
            self._active = None
        self._advance()

    def _finish_walk(self) -> None:
        counts = self.counts()
        self.currentLabel.setText(self.tr("Done."))
        self.summaryLabel.setText(
            self.tr("{connected} connected · {skipped} skipped · {failed} failed").format(
                connected=counts[Step.CONNECTED], skipped=counts[Step.SKIPPED], failed=counts[Step.FAILED]
            )
        )
        self._update_buttons()
        self.walkFinished.emit()

    @Slot()
    def skip_current(self) -> None:
        """Leave the number being worked on for later (its QR dialog closes) and go on with the next."""
        row = self._active
        if row is None:
            return
        self._skip_requested = True
        if self.qr_dialog is not None:
            self._set(row, step=Step.SKIPPED, message="")
            self.qr_dialog.close()

    @Slot()
    def retry_selected(self) -> None:
        """Queue the selected skipped or failed number again (created again, or reconnected if its chip exists)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        row = rows[0].row()
        if self.model.items[row].step not in _RETRYABLE or row in self._queue or row == self._active:
            return
        self._set(row, step=Step.WAITING, message="")
        self._queue.append(row)
        self._advance()

    @Slot()
    def _update_buttons(self) -> None:
        self.skipButton.setEnabled(self._active is not None)
        rows = self.table.selectionModel().selectedRows()
        retry = bool(rows) and self.model.items[rows[0].row()].step in _RETRYABLE
        self.retryButton.setEnabled(retry)

    # -- closing ---------------------------------------------------------------------------------------

    def _stop(self) -> None:
        """Stop the walk: the QR dialog closes, numbers not reached stay waiting (nothing created for them)."""
        self._stopped = True
        self._queue.clear()
        if self.qr_dialog is not None:
            self.qr_dialog.close()

    def reject(self) -> None:
        """Close: stop the walk first."""
        self._stop()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window's close button stops the walk as well."""
        self._stop()
        super().closeEvent(event)
