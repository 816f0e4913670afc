"""Setting a chip's business status by hand: pending, warming or active, confirmed, over the version the operator saw.

The warm-up process and other operators change statuses too: the write is refused (``ChipConflict``) when the chip
changed since the operator looked at it, and the list is refreshed so they see what changed before trying again.
"""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from evodesk.domain import Chip, ChipStatus
from evodesk.services import InstanceManager, format_phone
from evodesk.ui.chips.page import ChipsPage
from evodesk.ui.shared.messages import describe_error
from evodesk.ui.tasks.runner import TaskRunner

log = logging.getLogger(__name__)

# The statuses an operator may choose; cancelled comes only from Delete.
SETTABLE = (ChipStatus.PENDING, ChipStatus.WARMING, ChipStatus.ACTIVE)


class StatusActions(QObject):
    """The "Business status" menu of the selected chip and the write behind it."""

    # (text, milliseconds) for the status bar.
    message = Signal(str, int)
    # (title, text) of an error box.
    failed = Signal(str, str)
    # The list should be refreshed (after a conflict, or to show the new status everywhere).
    syncRequested = Signal()
    # A status was written: the chip as it is now.
    changed = Signal(object)

    def __init__(self, runner: TaskRunner, page: ChipsPage, parent: QWidget) -> None:
        super().__init__(parent)
        self._runner = runner
        self._page = page
        self._parent = parent
        self.manager: InstanceManager | None = None
        self.menu = QMenu(self.tr("Business &status"), parent)
        self.menu.setObjectName("statusMenu")
        self.actions: dict[ChipStatus, QAction] = {}
        for status in SETTABLE:
            action = QAction(page.model.status_text(status), parent)
            action.setObjectName(f"setStatus{status.value.capitalize()}Action")
            action.setToolTip(self.tr("Set the business status of the selected chip"))
            action.triggered.connect(partial(self.set_status, status))
            self.menu.addAction(action)
            self.actions[status] = action
        self.update_enabled()

    def set_manager(self, manager: InstanceManager) -> None:
        """The database is open: statuses can be written."""
        self.manager = manager
        self.update_enabled()

    def update_enabled(self) -> None:
        """One live chip selected: every status but its own can be chosen."""
        chips = self._page.selected_chips() if self.manager is not None else []
        chip = chips[0] if len(chips) == 1 and not chips[0].is_cancelled else None
        for status, action in self.actions.items():
            action.setEnabled(chip is not None and chip.status is not status)
        self.menu.setEnabled(chip is not None)

    def set_status(self, status: ChipStatus) -> bool:
        """Ask, then write ``status`` on the selected chip; False when nothing was started."""
        chips = self._page.selected_chips()
        if self.manager is None or len(chips) != 1 or chips[0].is_cancelled or chips[0].status is status:
            return False
        chip = chips[0]
        if not self._confirm(chip, status):
            return False
        self._runner.submit(
            partial(self.manager.set_status, chip.id, status, expected_version=chip.version),
            on_success=self._on_done,
            on_error=partial(self._on_failed, chip),
            owner=self,
        )
        return True

    def _confirm(self, chip: Chip, status: ChipStatus) -> bool:
        model = self._page.model
        question = self.tr("Mark “{instance}” ({phone}) as {status}?").format(
            instance=chip.instance_name, phone=format_phone(chip.phone), status=model.status_text(status)
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Change business status"),
            question,
            QMessageBox.StandardButton.NoButton,
            self._parent,
        )
        box.setObjectName("confirmDialog")
        box.setInformativeText(
            self.tr("It is {current} now. The change is recorded in the audit trail with your name.").format(
                current=model.status_text(chip.status)
            )
        )
        accept = box.addButton(
            self.tr("Mark as {status}").format(status=model.status_text(status)), QMessageBox.ButtonRole.AcceptRole
        )
        accept.setObjectName("confirmButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.exec()
        agreed = box.clickedButton() is accept
        box.deleteLater()
        return agreed

    def _on_done(self, chip: Chip) -> None:
        self._page.model.update_chip(chip)
        self._page.schedule_update()
        self.changed.emit(chip)
        self.message.emit(
            self.tr("“{instance}” is now {status}").format(
                instance=chip.instance_name, status=self._page.model.status_text(chip.status)
            ),
            10000,
        )

    def _on_failed(self, chip: Chip, exc: BaseException) -> None:
        log.info("status of %s not changed: %s", chip.instance_name, exc)
        self.failed.emit(self.tr("Status not changed"), f"“{chip.instance_name}”: {describe_error(exc)}")
        self.syncRequested.emit()
