"""The "New instance" dialog: a phone number, an optional instance name, and the create call on a worker.

Input is validated as it is typed and again before anything is sent, so bad input never reaches the server
or the database. The dialog stays open (and cannot be dismissed) while the server works, because closing it
then would lose the new chip's first QR code.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evodesk.domain import Chip, PollResult, QrCode, QrDialogState
from evodesk.services import (
    DuplicateChipError,
    InstanceManager,
    InvalidInstanceName,
    InvalidPhone,
    NameTakenOnServer,
    default_instance_name,
    format_phone,
    normalise_phone,
    validate_instance_name,
)
from evodesk.ui.shared.messages import describe_error
from evodesk.ui.tasks.runner import TaskRunner

_ERROR_STYLE = "color: #b3261e;"


def _muted(label: QLabel) -> None:
    """Secondary text in the theme's placeholder colour (readable in light and dark themes)."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)


def first_poll_result(qr: QrCode | None, chip: Chip | None = None) -> PollResult:
    """What the QR dialog should show first for the QR that came back with the create call."""
    if qr is not None and qr.has_payload:
        return PollResult(QrDialogState.SHOWING_QR, qr=qr, chip=chip)
    return PollResult(QrDialogState.WAITING_FOR_QR, qr=qr, chip=chip)


def grow_to_fit(dialog: QDialog) -> None:
    """Make ``dialog`` tall enough for its wrapped labels once the layout has settled (it never shrinks).

    Qt sizes a window from its layout's size hint, which does not account for word-wrapped labels that
    appear after the window is shown; they would be clipped otherwise.
    """

    def fit() -> None:
        layout = dialog.layout()
        if layout is None:
            return
        layout.activate()
        width = dialog.width()
        wanted = layout.heightForWidth(width) if layout.hasHeightForWidth() else layout.sizeHint().height()
        if wanted > dialog.height():
            dialog.resize(width, wanted)

    QTimer.singleShot(0, dialog, fit)


class CreateInstanceDialog(QDialog):
    """Create an Evolution instance and its chip for a phone number.

    ``created(chip, poll_result)`` is emitted once the server and the database have both recorded it; the
    dialog then closes itself. Errors (bad input, duplicates, server refusals, an unreachable server) appear
    in ``errorLabel`` and leave the dialog open for a correction.
    """

    # (Chip, PollResult) — the new chip and what its QR dialog should show first.
    created = Signal(object, object)

    def __init__(self, runner: TaskRunner, manager: InstanceManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CreateInstanceDialog")
        self.setWindowTitle(self.tr("New instance"))
        self._runner = runner
        self._manager = manager
        self._busy = False

        self.phoneEdit = QLineEdit(self)
        self.phoneEdit.setObjectName("phoneEdit")
        self.phoneEdit.setPlaceholderText(self.tr("e.g. 11 99999-8888 or +55 11 99999-8888"))
        self.phoneEdit.setMaxLength(60)
        self.phonePreviewLabel = QLabel(self)
        self.phonePreviewLabel.setObjectName("phonePreviewLabel")
        self.phonePreviewLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.phonePreviewLabel.setAccessibleName(self.tr("Number as it will be registered"))

        self.nameEdit = QLineEdit(self)
        self.nameEdit.setObjectName("nameEdit")
        self.nameEdit.setMaxLength(80)
        name_help = QLabel(self.tr("Optional. Letters, digits, '.', '_' and '-'; empty uses the name shown."), self)
        name_help.setWordWrap(True)
        _muted(name_help)

        self.errorLabel = QLabel(self)
        self.errorLabel.setObjectName("errorLabel")
        self.errorLabel.setWordWrap(True)
        self.errorLabel.setStyleSheet(_ERROR_STYLE)
        self.errorLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errorLabel.hide()

        self.busyBar = QProgressBar(self)
        self.busyBar.setObjectName("busyBar")
        self.busyBar.setRange(0, 0)  # indeterminate: the server gives no progress
        self.busyBar.setTextVisible(False)
        self.busyBar.setMaximumHeight(8)
        self.busyLabel = QLabel(self.tr("Creating instance… the server may take a few seconds."), self)
        self.busyLabel.setObjectName("busyLabel")
        busy_row = QHBoxLayout()
        busy_row.addWidget(self.busyLabel)
        busy_row.addWidget(self.busyBar, 1)
        self.busyBar.hide()
        self.busyLabel.hide()

        buttons = QDialogButtonBox(self)
        self.createButton = QPushButton(self.tr("Create"), self)
        self.createButton.setObjectName("createButton")
        self.createButton.setDefault(True)  # Enter creates
        buttons.addButton(self.createButton, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancelButton = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.createButton.clicked.connect(self._create)
        buttons.rejected.connect(self.reject)

        # A grid rather than a form layout: rows whose message is hidden then take no space at all.
        form = QGridLayout()
        form.setColumnStretch(1, 1)
        for row, (text, widget) in enumerate(
            (
                (self.tr("&Phone number:"), self.phoneEdit),
                (None, self.phonePreviewLabel),
                (self.tr("&Instance name:"), self.nameEdit),
                (None, name_help),
            )
        ):
            if text is not None:
                label = QLabel(text, self)
                label.setBuddy(widget)
                form.addWidget(label, row, 0)
            form.addWidget(widget, row, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errorLabel)
        layout.addLayout(busy_row)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

        self.phoneEdit.textChanged.connect(self._phone_changed)
        self.nameEdit.textChanged.connect(self._clear_error)
        self._phone_changed(self.phoneEdit.text())

    # -- state -----------------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while the create call runs."""
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.phoneEdit, self.nameEdit, self.createButton, self.cancelButton):
            widget.setEnabled(not busy)
        self.busyBar.setVisible(busy)
        self.busyLabel.setVisible(busy)
        if busy:
            grow_to_fit(self)

    def _show_error(self, text: str, focus: QLineEdit | None = None) -> None:
        self.errorLabel.setText(text)
        self.errorLabel.setVisible(bool(text))
        if text:
            grow_to_fit(self)
        if focus is not None:
            focus.setFocus()
            focus.selectAll()

    # -- slots -----------------------------------------------------------------------------------------

    @Slot(str)
    def _phone_changed(self, text: str) -> None:
        self._clear_error()
        try:
            digits = normalise_phone(text)
        except InvalidPhone:
            self.phonePreviewLabel.setText("")
            self.nameEdit.setPlaceholderText(default_instance_name("") + "…")
            return
        self.phonePreviewLabel.setText(format_phone(digits))
        self.nameEdit.setPlaceholderText(default_instance_name(digits))

    @Slot()
    def _clear_error(self) -> None:
        if not self._busy:
            self._show_error("")

    @Slot()
    def _create(self) -> None:
        if self._busy:
            return
        phone = self.phoneEdit.text()
        name = self.nameEdit.text().strip()
        # Validated here as well as in the manager: bad input must not even start a worker.
        try:
            normalise_phone(phone)
        except InvalidPhone as exc:
            self._show_error(describe_error(exc), self.phoneEdit)
            return
        if name:
            try:
                validate_instance_name(name)
            except InvalidInstanceName as exc:
                self._show_error(describe_error(exc), self.nameEdit)
                return
        self._show_error("")
        self._set_busy(True)
        manager = self._manager
        self._runner.submit(
            lambda: manager.create(phone, name or None),
            on_success=self._on_created,
            on_error=self._on_failed,
            owner=self,
        )

    def _on_created(self, result: object) -> None:
        chip, qr = cast("tuple[Chip, QrCode | None]", result)
        self._set_busy(False)
        self.created.emit(chip, first_poll_result(qr, chip))
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        focus = self.phoneEdit
        if isinstance(exc, InvalidInstanceName | NameTakenOnServer) or (
            isinstance(exc, DuplicateChipError) and exc.field != "phone"
        ):
            focus = self.nameEdit
        self._show_error(describe_error(exc), focus)

    def reject(self) -> None:
        """Escape and Cancel close the dialog, except while the server is creating the instance."""
        if self._busy:
            return
        super().reject()


__all__ = ["CreateInstanceDialog", "first_poll_result"]
