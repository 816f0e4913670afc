"""ChipSettingsDialog: a chip's behaviour, proxy and profile, for one chip or for many at once.

One chip: its current values are loaded on a worker, Save sends only what changed, and a change a connected chip
takes only with a new socket (always online, full history sync, a proxy) is followed by the offer to restart,
saying why. Several chips: the same form starts with every field "keep each chip's own"; Save asks once, naming
the count, then the chips run a few at a time with progress, a cancel button and one line per chip; the failed
ones can be run again, and the connected ones that need it restarted.

Every call goes through the task runner; the dialog never waits on the server. Nothing the dialog shows holds a
proxy password: the service never hands it over, and the password field is emptied once the dialog is done.
"""

from __future__ import annotations

import html
import logging
import threading
from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from evodesk.domain import Chip
from evodesk.services import (
    BatchReport,
    ChipEdit,
    ChipResult,
    ChipSettingsService,
    ChipSettingsView,
    Outcome,
    RestartReason,
    format_phone,
)
from evodesk.ui.dialogs.chip_form import ChipSettingsForm
from evodesk.ui.dialogs.chip_texts import describe, outcome_text, restart_question, summary_text
from evodesk.ui.tasks.runner import TaskRunner

log = logging.getLogger("evodesk.ui.chip_settings")


class _Relay(QObject):
    """Carries a batch's per-chip progress from the worker thread to the GUI thread (a queued signal)."""

    progressed = Signal(int, int, object)


class ChipSettingsDialog(QDialog):
    """See the module docstring. ``chips``: the chips it edits (one, or the selection / the filtered rows)."""

    # The chips (ids) whose settings, proxy, profile or socket changed: the window refreshes them.
    changed = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        service: ChipSettingsService,
        chips: Sequence[Chip],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chipSettingsDialog")
        self._runner = runner
        self._service = service
        self.chips = list(chips)
        self.many = len(self.chips) > 1
        self.report: BatchReport | None = None
        self.restart_report: BatchReport | None = None
        self._edit: ChipEdit | None = None
        self._cancel: threading.Event | None = None
        self._running = False
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._on_progress)
        if self.many:
            self.setWindowTitle(self.tr("Settings of %n chip(s)", "", len(self.chips)))
        else:
            self.setWindowTitle(self.tr("Chip settings: {instance}").format(instance=self.chips[0].instance_name))
        self.setMinimumWidth(520)
        self._build()
        if not self.many:
            self._load()

    # -- building ----------------------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.headerLabel = QLabel(self)
        self.headerLabel.setObjectName("chipSettingsHeader")
        self.headerLabel.setWordWrap(True)
        if self.many:
            self.headerLabel.setText(
                self.tr(
                    "The changes apply to each of the %n selected chip(s); what you leave alone stays as it is.",
                    "",
                    len(self.chips),
                )
            )
        else:
            chip = self.chips[0]
            self.headerLabel.setText(f"<b>{html.escape(chip.instance_name)}</b> · {format_phone(chip.phone)}")
        layout.addWidget(self.headerLabel)
        self.pages = QStackedWidget(self)
        self.form = ChipSettingsForm(self.many, self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # The whole form at once where the screen allows it; a small screen scrolls.
        scroll.setMinimumHeight(min(self.form.sizeHint().height() + 4, 620))
        self.pages.addWidget(scroll)
        self.pages.addWidget(self._run_page())
        layout.addWidget(self.pages, 1)
        self.statusLabel = QLabel(self)
        self.statusLabel.setObjectName("chipSettingsStatus")
        self.statusLabel.setWordWrap(True)
        self.statusLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.statusLabel)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.retryButton = QPushButton(self.tr("Retry failed"), self)
        self.retryButton.setObjectName("retryFailedButton")
        self.retryButton.clicked.connect(self._retry_failed)
        self.restartButton = QPushButton(self.tr("Restart now"), self)
        self.restartButton.setObjectName("restartButton")
        self.restartButton.clicked.connect(self._offer_restart)
        self.cancelRunButton = QPushButton(self.tr("Stop"), self)
        self.cancelRunButton.setObjectName("cancelRunButton")
        self.cancelRunButton.clicked.connect(self._stop)
        self.saveButton = QPushButton(self.tr("Save"), self)
        self.saveButton.setObjectName("saveButton")
        self.saveButton.setDefault(True)
        self.saveButton.clicked.connect(self._save)
        self.closeButton = QPushButton(self.tr("Cancel"), self)
        self.closeButton.setObjectName("closeButton")
        self.closeButton.clicked.connect(self.reject)
        for button in (self.retryButton, self.restartButton, self.cancelRunButton):
            button.hide()
            buttons.addWidget(button)
        buttons.addWidget(self.saveButton)
        buttons.addWidget(self.closeButton)
        layout.addLayout(buttons)

    def _run_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.progressBar = QProgressBar(page)
        self.progressBar.setObjectName("chipSettingsProgress")
        self.summaryLabel = QLabel(page)
        self.summaryLabel.setObjectName("chipSettingsSummary")
        self.resultsTable = QTableWidget(0, 2, page)
        self.resultsTable.setObjectName("chipSettingsResults")
        self.resultsTable.setHorizontalHeaderLabels([self.tr("Instance"), self.tr("Result")])
        self.resultsTable.horizontalHeader().setStretchLastSection(True)
        self.resultsTable.verticalHeader().hide()
        self.resultsTable.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.resultsTable.setWordWrap(True)
        layout.addWidget(self.progressBar)
        layout.addWidget(self.summaryLabel)
        layout.addWidget(self.resultsTable, 1)
        return page

    # -- one chip: load ----------------------------------------------------------------------------------

    def _load(self) -> None:
        self.form.setEnabled(False)
        self.saveButton.setEnabled(False)
        self.statusLabel.setText(self.tr("Reading the chip's current settings from the server…"))
        chip_id = self.chips[0].id
        self._runner.submit(
            partial(self._service.load, chip_id), on_success=self._on_loaded, on_error=self._on_load_failed, owner=self
        )

    def _on_loaded(self, view: ChipSettingsView) -> None:
        self.form.load(view)
        self.form.setEnabled(True)
        self.saveButton.setEnabled(True)
        self.statusLabel.setText("")

    def _on_load_failed(self, error: BaseException) -> None:
        log.info("settings of %s not loaded: %s", self.chips[0].instance_name, error)
        self.statusLabel.setText(
            self.tr("The current settings could not be read: {error}").format(error=describe(error))
        )

    # -- save --------------------------------------------------------------------------------------------

    def _save(self) -> None:
        edit = self.form.edit()
        if edit.is_empty:
            self.statusLabel.setText(self.tr("Nothing was changed."))
            return
        if self.many:
            if not self._confirm_many():
                return
            self._edit = edit
            self._start_batch([chip.id for chip in self.chips])
            return
        self._busy(True)
        self.statusLabel.setText(self.tr("Saving…"))
        self._runner.submit(
            partial(self._service.save, self.chips[0].id, edit),
            on_success=self._on_saved,
            on_error=self._on_save_error,
            on_finished=partial(self._busy, False),
            owner=self,
        )

    def _busy(self, busy: bool) -> None:
        self._running = busy
        self.saveButton.setEnabled(not busy)
        self.form.setEnabled(not busy)

    def _on_save_error(self, error: BaseException) -> None:
        # Bad input: nothing was sent; the dialog stays open with what the operator typed.
        self.statusLabel.setText(describe(error))

    def _on_saved(self, result: ChipResult) -> None:
        if result.outcome is Outcome.FAILED:
            self.statusLabel.setText(describe(result.error) if result.error is not None else outcome_text(result))
            if result.changes:
                self.changed.emit([result.chip_id])
            return
        if result.outcome is Outcome.UNCHANGED:
            self.statusLabel.setText(self.tr("The server already had these values: nothing was sent."))
            return
        self.changed.emit([result.chip_id])
        if result.restart_needed and self._ask_restart(1, result.restart_reasons):
            self._restart([result.chip_id], result.restart_reasons)
            return
        self._finish()

    def _confirm_many(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Apply settings"),
            self.tr("Apply these changes to %n chip(s)?", "", len(self.chips)),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("confirmDialog")
        box.setInformativeText(self.tr("Fields you left alone keep each chip's own value."))
        accept = box.addButton(self.tr("Apply to %n chip(s)", "", len(self.chips)), QMessageBox.ButtonRole.AcceptRole)
        accept.setObjectName("confirmButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        answer = box.clickedButton() is accept
        box.deleteLater()
        return answer

    def _ask_restart(self, count: int, reasons: Sequence[RestartReason]) -> bool:
        question, detail = restart_question(count, reasons)
        box = QMessageBox(
            QMessageBox.Icon.Question, self.tr("Restart needed"), question, QMessageBox.StandardButton.NoButton, self
        )
        box.setObjectName("restartQuestion")
        box.setInformativeText(detail)
        accept = box.addButton(self.tr("Restart now"), QMessageBox.ButtonRole.AcceptRole)
        accept.setObjectName("restartNowButton")
        later = box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        later.setObjectName("restartLaterButton")
        box.setDefaultButton(later)
        box.exec()
        answer = box.clickedButton() is accept
        box.deleteLater()
        return answer

    # -- many chips --------------------------------------------------------------------------------------

    def _start_batch(self, chip_ids: Sequence[int], *, restart: Sequence[RestartReason] | None = None) -> None:
        self.pages.setCurrentIndex(1)
        self.saveButton.hide()
        self.retryButton.hide()
        self.restartButton.hide()
        self.cancelRunButton.show()
        self.cancelRunButton.setEnabled(True)
        self.closeButton.setEnabled(False)
        self.progressBar.setRange(0, len(chip_ids))
        self.progressBar.setValue(0)
        self._rows = {chip_id: index for index, chip_id in enumerate(chip_ids)}
        self.resultsTable.setRowCount(len(chip_ids))
        names = {chip.id: chip.instance_name for chip in self.chips}
        for chip_id, index in self._rows.items():
            self.resultsTable.setItem(index, 0, QTableWidgetItem(names.get(chip_id, f"#{chip_id}")))
            self.resultsTable.setItem(index, 1, QTableWidgetItem(self.tr("Waiting…")))
        self._cancel = threading.Event()
        self._running = True
        cancel, emit = self._cancel, self._relay.progressed.emit
        if restart is not None:
            self.statusLabel.setText(self.tr("Restarting…"))
            work = partial(self._service.restart, chip_ids, reasons=restart, progress=emit, cancel=cancel)
            done = self._on_restart_done
        else:
            self.statusLabel.setText(self.tr("Applying…"))
            assert self._edit is not None
            work = partial(self._service.apply, chip_ids, self._edit, progress=emit, cancel=cancel)
            done = self._on_batch_done
        self._runner.submit(work, on_success=done, on_error=self._on_batch_error, owner=self)

    def _on_progress(self, done: int, _total: int, result: ChipResult) -> None:
        self.progressBar.setValue(done)
        index = self._rows.get(result.chip_id)
        if index is not None:
            item = QTableWidgetItem(outcome_text(result))
            if result.outcome is Outcome.FAILED and result.error is not None:
                item.setToolTip(describe(result.error))
            self.resultsTable.setItem(index, 1, item)

    def _stop(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
        self.cancelRunButton.setEnabled(False)
        self.statusLabel.setText(self.tr("Stopping after the chips already under way…"))

    def _after_run(self, report: BatchReport) -> None:
        self._running = False
        self.cancelRunButton.hide()
        self.closeButton.setEnabled(True)
        self.closeButton.setText(self.tr("Close"))
        for result in report.results:
            self._on_progress(self.progressBar.value(), 0, result)
        self.resultsTable.resizeColumnToContents(0)
        self.resultsTable.resizeRowsToContents()
        self.summaryLabel.setText(
            summary_text(len(report.applied), len(report.unchanged), len(report.failed), len(report.cancelled))
        )
        self.retryButton.setVisible(bool(report.retry_ids))
        touched = [result.chip_id for result in report.results if result.changes]
        if touched:
            self.changed.emit(touched)

    def _on_batch_done(self, report: BatchReport) -> None:
        self.report = report
        self._after_run(report)
        self.restartButton.setVisible(bool(report.restart_ids))
        if report.failed or report.cancelled:
            self.statusLabel.setText(self.tr("Finished with problems: see each chip's line."))
        else:
            self.statusLabel.setText(self.tr("Done."))

    def _on_restart_done(self, report: BatchReport) -> None:
        self.restart_report = report
        self._after_run(report)
        self.retryButton.hide()
        if report.failed:
            self.statusLabel.setText(self.tr("%n chip(s) could not be restarted.", "", len(report.failed)))
        elif self.many:
            self.statusLabel.setText(self.tr("Restarted."))
        else:
            self._finish()

    def _on_batch_error(self, error: BaseException) -> None:
        self._running = False
        self.cancelRunButton.hide()
        self.closeButton.setEnabled(True)
        self.statusLabel.setText(describe(error))
        if self.many and self.report is None:
            self.pages.setCurrentIndex(0)
            self.saveButton.show()

    def _retry_failed(self) -> None:
        if self.report is not None and self.report.retry_ids:
            self._start_batch(self.report.retry_ids)

    def _offer_restart(self) -> None:
        if self.report is None or not self.report.restart_ids:
            return
        reasons = [
            reason for result in self.report.results if result.restart_needed for reason in result.restart_reasons
        ]
        if self._ask_restart(len(self.report.restart_ids), reasons):
            self._restart(self.report.restart_ids, reasons)

    def _restart(self, chip_ids: Sequence[int], reasons: Sequence[RestartReason]) -> None:
        self.restartButton.hide()
        self._start_batch(chip_ids, restart=reasons)

    # -- closing -----------------------------------------------------------------------------------------

    def _finish(self) -> None:
        self.form.proxyPasswordEdit.clear()
        self.accept()

    def abandon(self) -> None:
        """The window is closing: stop a batch after the chips under way and close without waiting."""
        if self._cancel is not None:
            self._cancel.set()
        self._running = False
        self.close()

    def reject(self) -> None:
        if self._running:
            # A batch under way finishes or stops first: its results must be seen.
            return
        self.form.proxyPasswordEdit.clear()
        super().reject()

    def done(self, result: int) -> None:
        self.form.proxyPasswordEdit.clear()
        super().done(result)
