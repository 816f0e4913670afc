"""Running the operator's actions: on the selected chip or chips, on one chip from a notice, and the dialogs they open.

One chip: confirmed where it destroys something, run on a worker, its row busy meanwhile, the outcome in the
status bar or an error box. Several chips: one confirmation, then ``BulkRun`` one chip after another in the
progress dialog. Reconnect asks for a QR code and opens the chip's QR dialog (one per chip); a new instance opens
the create dialog, then the QR dialog of the chip it created.

The controller reaches the window only through its signals; the page gives it the selection and the rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QWidget

from evodesk.domain import Chip, PollResult, QrDialogState
from evodesk.services import ChipConflict, InstanceManager
from evodesk.ui.actions.bulk import BulkDialog, BulkResult, BulkRun
from evodesk.ui.actions.chip_action import (
    BULK_ACTIONS,
    CONFIRMED_ACTIONS,
    ChipAction,
    allowed,
    confirm,
    done_text,
    eligible,
    failed_title,
)
from evodesk.ui.chips.page import ChipsPage
from evodesk.ui.dialogs.chip_settings import ChipSettingsDialog
from evodesk.ui.dialogs.create import CreateInstanceDialog
from evodesk.ui.qr.dialog import QrCodeDialog
from evodesk.ui.shared.demo import ScanSimulator
from evodesk.ui.shared.messages import describe_error
from evodesk.ui.tasks.runner import TaskRunner

log = logging.getLogger("evodesk.ui.main_window")


class ActionsController(QObject):
    """See the module docstring. ``dialog_parent`` is the widget the dialogs and questions belong to."""

    # An action starts on these chips (a list): what it causes is not a drop.
    actionStarted = Signal(object)
    # The action on these chips (a list) ended.
    actionFinished = Signal(object)
    # Something changed on the server: the fleet should be refreshed.
    syncRequested = Signal()
    # A line for the status bar, and for how long (ms; 0 until replaced).
    message = Signal(str, int)
    # Something failed: (title, text) for an error box.
    failed = Signal(str, str)

    def __init__(
        self,
        runner: TaskRunner,
        page: ChipsPage,
        actions: dict[str, QAction],
        dialog_parent: QWidget,
        *,
        simulator: ScanSimulator | None = None,
    ) -> None:
        super().__init__(dialog_parent)
        self._runner = runner
        self._page = page
        self._actions = actions
        self._parent = dialog_parent
        self._simulator = simulator
        self._closed = False
        self.manager: InstanceManager | None = None
        self.qr_dialogs: dict[int, QrCodeDialog] = {}
        self.bulk: BulkDialog | None = None
        self.chip_settings: ChipSettingsDialog | None = None

    def set_manager(self, manager: InstanceManager) -> None:
        """The backend is open: actions can run."""
        self.manager = manager

    def update_enabled(self) -> None:
        """Enable each action when it fits at least one selected chip (reconnect: exactly one)."""
        chips = self._page.selected_chips() if self.manager is not None else []
        for name, action in self._actions.items():
            fits = eligible(name, chips, self._page.model.is_busy)
            action.setEnabled(bool(fits) and (name != ChipAction.RECONNECT or len(chips) == 1))

    # -- on the selection --------------------------------------------------------------------------------

    def run(self, action: ChipAction | str) -> None:
        """Run ``action`` on the selected chips it fits (after confirmation where it destroys something)."""
        action = ChipAction(action)
        if self.manager is None:
            return
        chips = eligible(action, self._page.selected_chips(), self._page.model.is_busy)
        if not chips:
            return
        if action == ChipAction.SETTINGS:
            self.open_chip_settings(chips)
        elif action == ChipAction.RECONNECT:
            self.reconnect(chips[0])
        elif len(chips) > 1 and action in BULK_ACTIONS:
            self.run_bulk(action, chips)
        else:
            self._run_one(action, chips[0])

    def _run_one(self, action: ChipAction, chip: Chip) -> None:
        if action in CONFIRMED_ACTIONS and not confirm(self._parent, action, [chip]):
            return
        manager = self.manager
        assert manager is not None
        if action == ChipAction.DISCONNECT:
            work: Callable[[], Any] = partial(manager.disconnect, chip.id, expected_version=chip.version)
        elif action == ChipAction.DELETE:
            work = partial(manager.delete, chip.id, expected_version=chip.version)
        else:
            work = partial(manager.restart, chip.id)
        self.actionStarted.emit([chip])
        self._set_busy([chip], True)
        self._runner.submit(
            work,
            on_success=partial(self._on_done, action, chip),
            on_error=partial(self._on_failed, action, chip),
            on_finished=partial(self._on_finished, chip),
            owner=self,
        )

    def _on_done(self, action: ChipAction, chip: Chip, result: object) -> None:
        if isinstance(result, Chip):
            self._page.model.update_chip(result)
        self.message.emit(done_text(action, chip.instance_name), 10000)

    def _on_failed(self, action: ChipAction, chip: Chip, exc: BaseException) -> None:
        log.info("%s of %s failed: %s", action, chip.instance_name, exc)
        self.failed.emit(failed_title(action), f"“{chip.instance_name}”: {describe_error(exc)}")

    def _on_finished(self, chip: Chip) -> None:
        self._set_busy([chip], False)
        self.actionFinished.emit([chip])
        self.syncRequested.emit()

    def _set_busy(self, chips: Sequence[Chip], busy: bool) -> None:
        self._page.model.set_busy([chip.id for chip in chips], busy)
        self._page.schedule_update()

    # -- several chips -----------------------------------------------------------------------------------

    def run_bulk(self, action: ChipAction, chips: Sequence[Chip]) -> BulkDialog | None:
        """One confirmation naming the count, then the chips one after another in the progress dialog."""
        if self.manager is None or not chips:
            return None
        if self.bulk is not None and self.bulk.run.running:
            # One bulk action at a time: the operator sees the one under way instead.
            self.message.emit(self.tr("Another action on several chips is still running."), 10000)
            self.bulk.raise_()
            return None
        if not confirm(self._parent, action, chips):
            return None
        model = self._page.model
        chips = list(chips)
        self.actionStarted.emit(chips)
        model.set_busy([chip.id for chip in chips], True)
        run = BulkRun(self._runner, self.manager, action, chips, current=model.chip_by_id, applies=allowed)
        # The row stays busy until its own turn has come and gone, so nobody acts on it twice meanwhile.
        run.chipFinished.connect(self._on_bulk_chip_finished)
        run.finished.connect(self._on_bulk_finished)
        dialog = BulkDialog(run, self._parent)
        run.setParent(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._forget_bulk)
        self.bulk = dialog
        dialog.open()
        run.start()
        return dialog

    def _on_bulk_chip_finished(self, result: BulkResult) -> None:
        model = self._page.model
        model.set_busy([result.chip.id], False)
        if result.updated is not None:
            model.update_chip(result.updated)
        self.actionFinished.emit([result.chip])

    def _on_bulk_finished(self, results: list[BulkResult]) -> None:
        chips = [result.chip for result in results]
        self._page.model.set_busy([chip.id for chip in chips], False)
        self.actionFinished.emit(chips)
        self.syncRequested.emit()

    def _forget_bulk(self) -> None:
        self.bulk = None

    # -- reconnect and the QR dialogs --------------------------------------------------------------------

    def reconnect(self, chip: Chip) -> None:
        """Ask the server for a new QR code (row busy meanwhile), then show it in the QR dialog."""
        model = self._page.model
        if self.manager is None or not allowed(ChipAction.RECONNECT, chip) or model.is_busy(chip.id):
            return
        existing = self.qr_dialogs.get(chip.id)
        if existing is not None:
            existing.raise_()
            existing.activateWindow()
            return
        self._set_busy([chip], True)
        self.message.emit(
            self.tr("Asking the server for a QR code for “{instance}”…").format(instance=chip.instance_name), 0
        )
        self._runner.submit(
            partial(self.manager.reconnect, chip.id, expected_version=chip.version),
            on_success=partial(self._on_reconnected, chip),
            on_error=partial(self._on_reconnect_failed, chip),
            on_finished=partial(self._set_busy, [chip], False),
            owner=self,
        )

    def _on_reconnected(self, chip: Chip, result: PollResult) -> None:
        if result.state is QrDialogState.CONNECTED:
            if result.chip is not None:
                self._page.model.update_chip(result.chip)
            self.message.emit(self.tr("“{instance}” is already connected").format(instance=chip.instance_name), 10000)
            self.syncRequested.emit()
            return
        self.message.emit("", 0)
        self.open_qr_dialog(self._page.model.chip_by_id(chip.id) or chip, result)

    def _on_reconnect_failed(self, chip: Chip, exc: BaseException) -> None:
        self.failed.emit(failed_title(ChipAction.RECONNECT), f"“{chip.instance_name}”: {describe_error(exc)}")
        if isinstance(exc, ChipConflict):
            self.syncRequested.emit()

    def open_qr_dialog(self, chip: Chip, initial: PollResult | None) -> QrCodeDialog | None:
        """Show the QR dialog for ``chip`` (one per chip); the list refreshes when it connects or closes."""
        if self.manager is None or self._closed:
            return None
        existing = self.qr_dialogs.get(chip.id)
        if existing is not None:
            existing.raise_()
            return existing
        dialog = QrCodeDialog(
            self._runner, self.manager, chip, initial=initial, simulator=self._simulator, parent=self._parent
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.connected.connect(self._on_qr_connected)
        dialog.finished.connect(partial(self._on_qr_closed, chip.id))
        self.qr_dialogs[chip.id] = dialog
        dialog.open()
        return dialog

    def _on_qr_connected(self, chip: Chip) -> None:
        self._page.model.update_chip(chip)
        self.message.emit(self.tr("“{instance}” connected").format(instance=chip.instance_name), 10000)
        self.syncRequested.emit()

    def _on_qr_closed(self, chip_id: int, _result: int = 0) -> None:
        self.qr_dialogs.pop(chip_id, None)
        self.syncRequested.emit()

    # -- chip settings -----------------------------------------------------------------------------------

    def open_chip_settings(self, chips: Sequence[Chip]) -> ChipSettingsDialog | None:
        """The settings dialog for these chips (one, or the selection); one such dialog at a time."""
        if self.manager is None or self._closed or not chips:
            return None
        if self.chip_settings is not None:
            self.chip_settings.raise_()
            self.chip_settings.activateWindow()
            return self.chip_settings
        dialog = ChipSettingsDialog(self._runner, self.manager.chip_settings(), chips, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(lambda _ids: self.syncRequested.emit())
        dialog.destroyed.connect(self._forget_chip_settings)
        self.chip_settings = dialog
        dialog.open()
        return dialog

    def _forget_chip_settings(self) -> None:
        self.chip_settings = None

    # -- new instance ------------------------------------------------------------------------------------

    def new_instance(self) -> QDialog | None:
        """Open the create dialog; a created chip goes straight to its QR dialog."""
        if self.manager is None:
            return None
        dialog = CreateInstanceDialog(self._runner, self.manager, self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.created.connect(self._on_created)
        dialog.open()
        return dialog

    def _on_created(self, chip: Chip, poll: PollResult | None) -> None:
        self._page.model.update_chip(chip)
        self._page.select_chip(chip.id)
        self.message.emit(self.tr("“{instance}” created").format(instance=chip.instance_name), 10000)
        # The create dialog closes itself right after this signal; open the QR dialog once it has gone.
        QTimer.singleShot(0, self, lambda: self.open_qr_dialog(chip, poll))
        self.syncRequested.emit()

    def shutdown(self) -> None:
        """The window is closing: close the QR dialogs and the bulk dialog; nothing new opens."""
        self._closed = True
        for dialog in list(self.qr_dialogs.values()):
            dialog.close()
        self.qr_dialogs.clear()
        if self.bulk is not None:
            self.bulk.close()
        if self.chip_settings is not None:
            self.chip_settings.abandon()
