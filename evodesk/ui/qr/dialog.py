"""The QR dialog: show a chip's QR code (or pairing code) and poll until the phone has linked it.

Polling follows design.md section 5: a single-shot timer re-armed after each answer, so at most one request
is in flight per dialog whatever the server's latency; manual actions (refresh, retry, pairing code) wait for
the request in flight instead of running beside it. The deadline, the QR lifetime and the hint delay come from
a ``QrPolicy``; the state shown after each answer comes from ``InstanceManager.poll``. An answer bringing a QR
code not drawn before is shown once ``QrEncoder`` has encoded it in slices (about 20 ms in all), and its request
counts as in flight until then.
"""

from __future__ import annotations

import html
import math
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from evodesk.domain import Chip, PollResult, QrCode, QrDialogState
from evodesk.services import ChipCancelled, ChipNotFound, InstanceManager, InvalidPhone, QrPolicy
from evodesk.services.qr import HINT_NO_QR, HINT_QR_LIMIT
from evodesk.services.validation import format_phone, normalise_phone
from evodesk.ui.qr.widget import QrCodeWidget, QrEncoder, qr_ready
from evodesk.ui.shared.demo import ScanSimulator
from evodesk.ui.shared.messages import describe_error, describe_hint
from evodesk.ui.tasks.runner import TaskHandle, TaskRunner

# How long "Connected" stays on screen before the dialog closes itself.
CONNECTED_LINGER_MS = 1500
_TICK_MS = 1000

_LONG_STATE_TEXT = 60

_POLLING_STATES = frozenset({QrDialogState.SHOWING_QR, QrDialogState.WAITING_FOR_QR, QrDialogState.ERROR})

_STATE_STYLES = {
    QrDialogState.SHOWING_QR: "color: palette(text);",
    QrDialogState.WAITING_FOR_QR: "color: palette(text);",
    QrDialogState.CONNECTED: "color: #1b7f3b;",
    QrDialogState.EXPIRED: "color: #8a5a00;",
    QrDialogState.REFUSED: "color: #b3261e;",
    QrDialogState.ERROR: "color: #b3261e;",
}
_HINT_STYLE = (
    "QLabel { background: #fff4d6; color: #3d2e00; border: 1px solid #e0c878; border-radius: 4px; padding: 6px; }"
)


def _code_to_draw(result: PollResult) -> str | None:
    """The QR payload the dialog will draw for ``result``, if any."""
    qr = result.qr
    if result.state is QrDialogState.SHOWING_QR and qr is not None and qr.code:
        return qr.code
    return None


def format_pairing_code(code: str) -> str:
    """``WZYEH1YY`` → ``WZYE-H1YY`` (the way WhatsApp displays the 8-character code)."""
    text = code.strip().upper().replace("-", "")
    if len(text) == 8:
        return f"{text[:4]}-{text[4:]}"
    return text


class QrCodeDialog(QDialog):
    """Links a chip to WhatsApp: QR code with countdown and attempt number, pairing code, and live polling.

    Polling starts when the dialog is first shown and stops on connection, expiry (``policy.deadline``), a
    refused session or when the dialog closes. Closing it, however it happens, calls
    ``InstanceManager.close_qr`` and leaves the chip as it was (``pending`` when it never connected).
    """

    # Emitted once with the updated ``Chip`` when the phone has linked the instance.
    connected = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        manager: InstanceManager,
        chip: Chip,
        *,
        initial: PollResult | None = None,
        simulator: ScanSimulator | None = None,
        policy: QrPolicy | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("QrCodeDialog")
        self._runner = runner
        self._manager = manager
        self._chip = chip
        self._initial = initial
        self._simulator = simulator
        self._policy = policy if policy is not None else manager.policy

        self._state: QrDialogState | None = None
        self._message: str | None = None
        self._qr: QrCode | None = None
        self._qr_since: float | None = None
        self._session_started = time.monotonic()
        self._started = False
        self._finished = False
        self._fatal = False
        self._in_flight: TaskHandle | None = None
        # Encodes an answer's new QR code before the answer is shown; the request counts as in flight until then.
        self._encoder = QrEncoder(self)
        self._queued: tuple[Callable[[], PollResult], bool] | None = None
        self._action_pending = False
        self._pairing_requested = False
        self._poll_count = 0
        self._focused_for: QrDialogState | None = None
        # Read by the worker after each call: a dialog closed meanwhile must not leave a QR session behind.
        self._closed = threading.Event()

        self._poll_timer = QTimer(self)
        self._poll_timer.setSingleShot(True)
        self._poll_timer.setInterval(max(1, round(self._policy.poll_interval * 1000)))
        self._poll_timer.timeout.connect(self._poll)
        self._tick_timer = QTimer(self)
        self._tick_timer.setInterval(_TICK_MS)
        self._tick_timer.timeout.connect(self._tick)
        self._close_timer = QTimer(self)
        self._close_timer.setSingleShot(True)
        self._close_timer.setInterval(CONNECTED_LINGER_MS)
        self._close_timer.timeout.connect(self.accept)

        self._build()
        self.setWindowTitle(
            self.tr("Link WhatsApp — {phone} ({instance})").format(
                phone=format_phone(chip.phone), instance=chip.instance_name
            )
        )
        self._show_waiting_text(self.tr("Fetching the QR code…"))
        # Room for a QR of about 400 px beside the guide: comfortable to scan from a workstation screen.
        self.resize(820, 600)

    # -- public ----------------------------------------------------------------------------------------

    @property
    def chip(self) -> Chip:
        """The chip, as last reported by the manager."""
        return self._chip

    @property
    def state(self) -> QrDialogState | None:
        """What the dialog shows now (None before the first answer)."""
        return self._state

    @property
    def polling(self) -> bool:
        """True while the dialog still polls the server."""
        return not self._finished and not self._fatal and self._state in _POLLING_STATES

    @property
    def poll_count(self) -> int:
        """Automatic polls sent since the dialog opened (manual actions not included)."""
        return self._poll_count

    # -- construction ----------------------------------------------------------------------------------

    def _build(self) -> None:
        self.stateLabel = QLabel(self)
        self.stateLabel.setObjectName("stateLabel")
        self.stateLabel.setWordWrap(True)
        state_font = QFont(self.font())
        state_font.setPointSizeF(max(state_font.pointSizeF(), 9.0) * 1.35)
        state_font.setBold(True)
        self.stateLabel.setFont(state_font)
        self.stateLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("qrTabs")
        self.tabs.addTab(self._build_qr_tab(), self.tr("QR code"))
        self.tabs.addTab(self._build_pairing_tab(), self.tr("Pairing code"))

        self.hintLabel = QLabel(self)
        self.hintLabel.setObjectName("hintLabel")
        self.hintLabel.setWordWrap(True)
        self.hintLabel.setStyleSheet(_HINT_STYLE)
        self.hintLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hintLabel.hide()

        self.refreshQrButton = QPushButton(self.tr("Refresh QR code"), self)
        self.refreshQrButton.setObjectName("refreshQrButton")
        self.refreshQrButton.setToolTip(self.tr("Ask the server for the current QR code now (F5)"))
        self.refreshQrButton.clicked.connect(self._refresh)
        self.retryButton = QPushButton(self.tr("Retry"), self)
        self.retryButton.setObjectName("retryButton")
        self.retryButton.setToolTip(self.tr("Start a new connection attempt on the server"))
        self.retryButton.clicked.connect(self._retry)
        self.retryButton.hide()
        self.simulateScanButton: QPushButton | None = None
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        if self._simulator is not None:
            self.simulateScanButton = QPushButton(self.tr("Simulate scan (demo)"), self)
            self.simulateScanButton.setObjectName("simulateScanButton")
            self.simulateScanButton.setToolTip(self.tr("Demo mode: pretend a phone scanned this QR code"))
            self.simulateScanButton.clicked.connect(self._simulate_scan)
            row.addWidget(self.simulateScanButton)
        row.addStretch(1)
        row.addWidget(self.refreshQrButton)
        row.addWidget(self.retryButton)
        row.addWidget(buttons)
        # Enter must not close the dialog or fire whichever button happens to be first. The buttons are listed
        # rather than found with findChildren, which wraps every child widget in Python (a few ms, the first time
        # most of them in PySide enum classes built for the tab bar's and the labels' types).
        pushes = [self.refreshQrButton, self.retryButton, self.copyPairingButton, self.pairingRequestButton]
        if self.simulateScanButton is not None:
            pushes.append(self.simulateScanButton)
        pushes += [button for button in buttons.buttons() if isinstance(button, QPushButton)]
        for button in pushes:
            button.setAutoDefault(False)
            button.setDefault(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.stateLabel)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.hintLabel)
        layout.addLayout(row)

        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        refresh.activated.connect(self._refresh)

    def _build_qr_tab(self) -> QWidget:
        page = QWidget(self)
        self.qrImage = QrCodeWidget(page)
        self.countdownLabel = QLabel(page)
        self.countdownLabel.setObjectName("countdownLabel")
        self.attemptLabel = QLabel(page)
        self.attemptLabel.setObjectName("attemptLabel")
        guide = QLabel(page)
        guide.setObjectName("qrGuideLabel")
        guide.setWordWrap(True)
        guide.setTextFormat(Qt.TextFormat.RichText)
        guide.setText(
            self._numbered(
                self.tr("How to link this number"),
                [
                    self.tr("Open WhatsApp on the phone"),
                    self.tr("Tap ⋮ (Android) or Settings (iPhone)"),
                    self.tr("Tap Linked devices → Link a device"),
                    self.tr("Point the phone at this QR code"),
                ],
            )
        )
        side = QVBoxLayout()
        side.addWidget(guide)
        side.addSpacing(12)
        side.addWidget(self.countdownLabel)
        side.addWidget(self.attemptLabel)
        side.addStretch(1)
        for label in (self.countdownLabel, self.attemptLabel):
            label.setWordWrap(True)
        layout = QHBoxLayout(page)
        layout.addWidget(self.qrImage, 3)
        layout.addLayout(side, 2)
        return page

    def _build_pairing_tab(self) -> QWidget:
        page = QWidget(self)
        self.pairingStack = QStackedWidget(page)

        # Page 0: a code is held.
        code_page = QWidget(self.pairingStack)
        self.pairingCodeLabel = QLabel("—", code_page)
        self.pairingCodeLabel.setObjectName("pairingCodeLabel")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), 9.0) * 3.2)
        mono.setBold(True)
        mono.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 115)
        self.pairingCodeLabel.setFont(mono)
        self.pairingCodeLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pairingCodeLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copyPairingButton = QPushButton(self.tr("Copy"), code_page)
        self.copyPairingButton.setObjectName("copyPairingButton")
        self.copyPairingButton.clicked.connect(self._copy_pairing_code)
        self.pairingCountdownLabel = QLabel(code_page)
        self.pairingCountdownLabel.setObjectName("pairingCountdownLabel")
        self.pairingCountdownLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        code_guide = QLabel(code_page)
        code_guide.setWordWrap(True)
        code_guide.setTextFormat(Qt.TextFormat.RichText)
        code_guide.setText(
            self._numbered(
                self.tr("Link with the phone number instead"),
                [
                    self.tr("Open WhatsApp on the phone"),
                    self.tr("Tap ⋮ (Android) or Settings (iPhone)"),
                    self.tr("Tap Linked devices → Link a device"),
                    self.tr("Tap “Link with phone number instead” and type this code"),
                ],
            )
        )
        code_row = QHBoxLayout()
        code_row.addStretch(1)
        code_row.addWidget(self.pairingCodeLabel)
        code_row.addWidget(self.copyPairingButton)
        code_row.addStretch(1)
        code_layout = QVBoxLayout(code_page)
        code_layout.addStretch(1)
        code_layout.addLayout(code_row)
        code_layout.addWidget(self.pairingCountdownLabel)
        code_layout.addSpacing(12)
        code_layout.addWidget(code_guide)
        code_layout.addStretch(1)

        # Page 1: no code held; ask for one.
        ask_page = QWidget(self.pairingStack)
        explain = QLabel(ask_page)
        explain.setObjectName("pairingExplanationLabel")
        explain.setWordWrap(True)
        explain.setText(
            self.tr(
                "Instead of scanning, the phone can type an 8-character pairing code. The server issues one "
                "for the number below, but only when a connection attempt starts from a closed state (for "
                "example after the QR limit was reached); while a QR code is being offered it ignores the "
                "request."
            )
        )
        self.pairingPhoneEdit = QLineEdit(ask_page)
        self.pairingPhoneEdit.setObjectName("pairingPhoneEdit")
        self.pairingPhoneEdit.setText(format_phone(self._chip.phone))
        self.pairingPhoneEdit.setPlaceholderText(self.tr("Phone number with area code"))
        self.pairingPhoneEdit.returnPressed.connect(self._request_pairing_code)
        self.pairingRequestButton = QPushButton(self.tr("Get pairing code"), ask_page)
        self.pairingRequestButton.setObjectName("pairingRequestButton")
        self.pairingRequestButton.clicked.connect(self._request_pairing_code)
        self.pairingErrorLabel = QLabel(ask_page)
        self.pairingErrorLabel.setObjectName("pairingErrorLabel")
        self.pairingErrorLabel.setWordWrap(True)
        self.pairingErrorLabel.setStyleSheet("color: #b3261e;")
        phone_row = QHBoxLayout()
        phone_label = QLabel(self.tr("Phone number:"), ask_page)
        phone_label.setBuddy(self.pairingPhoneEdit)
        phone_row.addWidget(phone_label)
        phone_row.addWidget(self.pairingPhoneEdit, 1)
        phone_row.addWidget(self.pairingRequestButton)
        ask_layout = QVBoxLayout(ask_page)
        ask_layout.addWidget(explain)
        ask_layout.addLayout(phone_row)
        ask_layout.addWidget(self.pairingErrorLabel)
        ask_layout.addStretch(1)

        self.pairingStack.addWidget(code_page)
        self.pairingStack.addWidget(ask_page)
        self.pairingStack.setCurrentIndex(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.pairingStack)
        return page

    @staticmethod
    def _numbered(title: str, steps: list[str]) -> str:
        items = "".join(f"<li style='margin-bottom:4px'>{html.escape(step)}</li>" for step in steps)
        return f"<p><b>{html.escape(title)}</b></p><ol style='margin-left:0px'>{items}</ol>"

    # -- lifecycle -------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Start polling the first time the dialog appears."""
        super().showEvent(event)
        if self._started or self._finished:
            return
        self._started = True
        self._tick_timer.start()
        if self._initial is not None:
            self._session_started = time.monotonic()
            # Shown as the answer to a request would be (its QR code encoded first, a frame or two later).
            self._on_result(self._initial)
            self._on_request_finished()
        else:
            manager, chip_id = self._manager, self._chip.id
            self._submit(lambda: manager.qr_code(chip_id), new_session=True)

    def done(self, result: int) -> None:
        """Every way of closing ends here (Esc, the close button, the window's X, accept after connecting)."""
        self._finish()
        super().done(result)

    def hideEvent(self, event: QHideEvent) -> None:
        """A programmatic hide also ends the session; minimising (a spontaneous hide) does not."""
        super().hideEvent(event)
        if not event.spontaneous() and self._started:
            self._finish()

    def _finish(self) -> None:
        if self._finished:
            return
        self._finished = True
        self._closed.set()
        self._queued = None
        self._poll_timer.stop()
        self._tick_timer.stop()
        manager, chip_id = self._manager, self._chip.id
        # No owner: the dialog may be gone by the time this runs, and the session must end regardless.
        self._runner.submit(lambda: manager.close_qr(chip_id))

    # -- requests --------------------------------------------------------------------------------------

    def _submit(self, call: Callable[[], PollResult], *, new_session: bool = False) -> None:
        """Run one manager call on the runner; queue it if a request is already in flight."""
        if self._finished:
            return
        self._poll_timer.stop()
        if self._waiting:
            self._queued = (call, new_session)
            return
        if new_session:
            self._session_started = time.monotonic()
        closed, manager, chip_id = self._closed, self._manager, self._chip.id

        def work() -> PollResult:
            try:
                return call()
            finally:
                if closed.is_set():
                    manager.close_qr(chip_id)

        self._in_flight = self._runner.submit(
            work,
            on_success=self._on_result,
            on_error=self._on_failure,
            on_finished=self._on_request_finished,
            owner=self,
        )

    def _start_action(self, call: Callable[[], PollResult], busy_text: str) -> None:
        if self._finished or self._action_pending or self._state is QrDialogState.CONNECTED:
            return
        self._action_pending = True
        self._fatal = False
        self._set_state_label(busy_text, None)
        self._update_controls()
        self._submit(call, new_session=True)

    @property
    def _waiting(self) -> bool:
        """True from a request's start until its answer is shown."""
        return self._in_flight is not None or self._encoder.busy

    @Slot()
    def _poll(self) -> None:
        if self._finished or self._waiting or not self.polling:
            return
        if time.monotonic() - self._session_started >= self._policy.deadline:
            self._apply(PollResult(QrDialogState.EXPIRED, qr=self._qr))
            return
        self._poll_count += 1
        manager, chip_id = self._manager, self._chip.id
        self._submit(lambda: manager.poll(chip_id))

    @Slot()
    def _refresh(self) -> None:
        manager, chip_id = self._manager, self._chip.id
        self._start_action(lambda: manager.qr_code(chip_id), self.tr("Requesting a QR code…"))

    @Slot()
    def _retry(self) -> None:
        manager, chip_id = self._manager, self._chip.id
        self._start_action(lambda: manager.reconnect(chip_id), self.tr("Starting a new attempt…"))

    @Slot()
    def _request_pairing_code(self) -> None:
        try:
            digits = normalise_phone(self.pairingPhoneEdit.text())
        except InvalidPhone as exc:
            self.pairingErrorLabel.setText(describe_error(exc))
            self.pairingPhoneEdit.setFocus()
            return
        self.pairingErrorLabel.setText(self.tr("Asking the server for a pairing code…"))
        self._pairing_requested = True
        manager, chip_id = self._manager, self._chip.id
        self._start_action(lambda: manager.reconnect(chip_id, number=digits), self.tr("Requesting a pairing code…"))

    def _on_result(self, result: object) -> None:
        if self._finished or not isinstance(result, PollResult):
            return
        code = _code_to_draw(result)
        if code is None or qr_ready(code):
            self._apply(result)
            return
        # A new code takes about 20 ms to encode: in slices, so the GUI thread stays responsive meanwhile.
        self._encoder.encode(code, lambda: self._on_encoded(result))

    def _on_encoded(self, result: PollResult) -> None:
        if self._finished:
            return
        self._apply(result)
        self._on_request_finished()

    def _on_failure(self, exc: BaseException) -> None:
        if self._finished:
            return
        # A deleted chip cannot come back: polling it again would only repeat the error.
        self._fatal = isinstance(exc, (ChipCancelled, ChipNotFound))
        self._show_error(describe_error(exc))

    def _on_request_finished(self) -> None:
        self._in_flight = None
        if self._encoder.busy:
            return  # the answer is shown, and the request ends, once its QR code is encoded
        self._action_pending = False
        if self._finished or self._state is QrDialogState.CONNECTED:
            self._queued = None
            return
        if self._queued is not None:
            call, new_session = self._queued
            self._queued = None
            self._action_pending = True
            self._submit(call, new_session=new_session)
            return
        self._update_controls()
        if self.polling:
            self._poll_timer.start()

    @Slot()
    def _simulate_scan(self) -> None:
        simulator, name = self._simulator, self._chip.instance_name
        if simulator is None or self._finished:
            return
        assert self.simulateScanButton is not None
        self.simulateScanButton.setEnabled(False)
        self._runner.submit(
            lambda: simulator.simulate_scan(name),
            on_success=lambda _result: self._poll_now(),
            on_error=lambda exc: self._show_hint(
                self.tr("The simulator could not scan: {reason}").format(reason=str(exc))
            ),
            on_finished=self._scan_finished,
            owner=self,
        )

    def _scan_finished(self) -> None:
        if self.simulateScanButton is not None and not self._finished:
            self.simulateScanButton.setEnabled(self._state is not QrDialogState.CONNECTED)

    def _poll_now(self) -> None:
        """Detect the demo scan at once instead of at the next tick."""
        if not self._waiting and self.polling:
            self._poll_timer.stop()
            self._poll()

    @Slot()
    def _copy_pairing_code(self) -> None:
        if self._qr is not None and self._qr.pairing_code:
            clipboard = QGuiApplication.clipboard()
            # WhatsApp's input takes the eight characters; the dash is only for reading.
            clipboard.setText(self._qr.pairing_code.strip().upper())
            self.copyPairingButton.setText(self.tr("Copied"))
            QTimer.singleShot(1500, self, lambda: self.copyPairingButton.setText(self.tr("Copy")))

    # -- presentation ----------------------------------------------------------------------------------

    def _apply(self, result: PollResult) -> None:
        state = result.state
        self._message = result.message
        if state is QrDialogState.CONNECTED:
            self._on_connected(result.chip)
            return
        self._state = state
        if state is QrDialogState.SHOWING_QR and result.qr is not None and result.qr.has_payload:
            self._take_qr(result.qr)
        elif state is not QrDialogState.SHOWING_QR:
            self._qr = None
            self._qr_since = None
        if state is QrDialogState.SHOWING_QR:
            if self._qr is not None and self._qr.code:
                self.qrImage.set_code(self._qr.code, self._qr.png_base64)
            elif self._qr is not None and self._qr.png_base64:
                self.qrImage.set_code(None, self._qr.png_base64)
            has_pairing = self._qr is not None and bool(self._qr.pairing_code)
            if not self.qrImage.has_code:
                self.qrImage.show_placeholder(
                    self.tr("This attempt uses a pairing code: see the Pairing code tab.")
                    if has_pairing
                    else self.tr("The server sent a QR code that cannot be shown.\nWaiting for the next one…")
                )
            if self.qrImage.has_code and has_pairing:
                self._set_state_label(self.tr("Scan the QR code or type the pairing code"), state)
            elif self.qrImage.has_code:
                self._set_state_label(self.tr("Scan the QR code"), state)
            elif has_pairing:
                self._set_state_label(self.tr("Type the pairing code"), state)
            else:
                self._set_state_label(self.tr("Waiting for a QR code that can be shown…"), state)
            self._show_hint(describe_hint(result.message) if result.message else None)
        elif state is QrDialogState.WAITING_FOR_QR:
            self._show_waiting_text(self.tr("Waiting for QR…"))
            self._update_waiting_hint()
        elif state is QrDialogState.EXPIRED:
            self._set_state_label(self.tr("Expired"), state)
            self.qrImage.show_placeholder(
                self.tr("This QR code has expired.\nPress “Refresh QR code” (F5) to get a new one.")
            )
            self._show_hint(None)
        elif state is QrDialogState.REFUSED:
            title = (
                self.tr("QR limit reached")
                if result.message in (None, HINT_QR_LIMIT)
                else self.tr("Connection attempt closed")
            )
            self._set_state_label(title, state)
            self.qrImage.show_placeholder(self.tr("No QR code.\nPress Retry to start a new attempt."))
            self._show_hint(describe_hint(result.message or HINT_QR_LIMIT))
        else:
            if result.error is not None:
                text = describe_error(result.error)
            else:
                text = describe_hint(result.message) or self.tr("the server gave no reason")
            self._show_error(text)
            return
        self._after_answer()

    def _take_qr(self, qr: QrCode) -> None:
        previous = self._qr
        changed = previous is None or qr.code != previous.code or qr.pairing_code != previous.pairing_code
        self._qr = qr
        if changed:
            # The countdown runs from when the payload changed, not from when this dialog first saw a QR.
            self._qr_since = time.monotonic()

    def _show_waiting_text(self, title: str) -> None:
        self._set_state_label(title, QrDialogState.WAITING_FOR_QR)
        self.qrImage.show_placeholder(self.tr("Waiting for the server's QR code…"))

    def _show_error(self, text: str) -> None:
        self._state = QrDialogState.ERROR
        self._qr = None
        self._qr_since = None
        self._set_state_label(self.tr("Error: {reason}").format(reason=text), QrDialogState.ERROR)
        self.qrImage.show_placeholder(self.tr("No QR code while the server cannot be reached."))
        if self._fatal:
            self._show_hint(None)
        else:
            self._show_hint(
                self.tr("evodesk keeps trying every {seconds} s. Press Retry to start a new attempt now.").format(
                    seconds=_seconds(self._policy.poll_interval)
                )
            )
        self._after_answer()

    def _after_answer(self) -> None:
        if self._pairing_requested and self._state is not QrDialogState.WAITING_FOR_QR:
            self._pairing_requested = False
            if self._qr is not None and self._qr.pairing_code:
                self.pairingErrorLabel.setText("")
                self.tabs.setCurrentIndex(1)
            elif self._state is QrDialogState.SHOWING_QR:
                self.pairingErrorLabel.setText(
                    self.tr(
                        "The server answered with a QR code but no pairing code: this attempt was already "
                        "running, so it ignored the number. Scan the QR code, or ask again once the attempt "
                        "has ended."
                    )
                )
            else:
                self.pairingErrorLabel.setText("")
        self._update_timers_text()
        self._update_controls()

    def _on_connected(self, chip: Chip | None) -> None:
        self._state = QrDialogState.CONNECTED
        if chip is not None:
            self._chip = chip
        self._poll_timer.stop()
        self._tick_timer.stop()
        self._queued = None
        self._set_state_label(self.tr("Connected"), QrDialogState.CONNECTED)
        name = self._chip.profile_name or format_phone(self._chip.phone)
        self.qrImage.show_placeholder(self.tr("✔ Connected\n{name}").format(name=name), tone="success")
        self.countdownLabel.setText("")
        self.attemptLabel.setText("")
        self._show_hint(None)
        self._update_controls()
        self.connected.emit(self._chip)
        if not self._finished:
            self._close_timer.start()

    def _set_state_label(self, text: str, state: QrDialogState | None) -> None:
        self.stateLabel.setText(text)
        style = _STATE_STYLES.get(state, "") if state is not None else ""
        if len(text) > _LONG_STATE_TEXT:
            # A server's error message can run to several lines: keep it readable rather than shouting.
            style += f" font-size: {self.font().pointSizeF():g}pt;"
        self.stateLabel.setStyleSheet(style)

    def _show_hint(self, text: str | None) -> None:
        self.hintLabel.setText(text or "")
        self.hintLabel.setVisible(bool(text))

    def _update_waiting_hint(self) -> None:
        waited = time.monotonic() - self._session_started
        if self._message == HINT_NO_QR or waited >= self._policy.no_qr_hint_after:
            self._show_hint(describe_hint(HINT_NO_QR, waited=max(waited, self._policy.no_qr_hint_after)))
        else:
            self._show_hint(describe_hint(self._message) if self._message else None)

    @Slot()
    def _tick(self) -> None:
        if self._state is QrDialogState.WAITING_FOR_QR and not self._action_pending:
            self._update_waiting_hint()
        self._update_timers_text()

    def _update_timers_text(self) -> None:
        qr = self._qr
        if self._state is QrDialogState.WAITING_FOR_QR and not self._action_pending:
            # A visibly moving number tells the operator the dialog is alive while the server is silent.
            waited = math.floor(time.monotonic() - self._session_started)
            self.countdownLabel.setText(self.tr("Waiting for {seconds} s").format(seconds=waited))
            self.attemptLabel.setText("")
            self.pairingCountdownLabel.setText("")
            self._update_pairing_page()
            return
        if self._state is not QrDialogState.SHOWING_QR or qr is None:
            self.countdownLabel.setText("")
            self.attemptLabel.setText("")
            self.pairingCountdownLabel.setText("")
            self._update_pairing_page()
            return
        since = self._qr_since if self._qr_since is not None else time.monotonic()
        remaining = math.ceil(self._policy.qr_lifetime - (time.monotonic() - since))
        if remaining > 0:
            text = self.tr("Expires in {seconds} s (refreshes automatically)").format(seconds=remaining)
        else:
            text = self.tr("Fetching the next code…")
        self.countdownLabel.setText(text)
        self.pairingCountdownLabel.setText(text)
        if qr.count > 0:
            self.attemptLabel.setText(self.tr("Attempt {n} of {limit}").format(n=qr.count, limit=self._policy.qr_limit))
        else:
            self.attemptLabel.setText("")
        self._update_pairing_page()

    def _update_pairing_page(self) -> None:
        code = self._qr.pairing_code if self._qr is not None and self._state is QrDialogState.SHOWING_QR else None
        if code:
            self.pairingCodeLabel.setText(format_pairing_code(code))
            self.pairingStack.setCurrentIndex(0)
        else:
            self.pairingCodeLabel.setText("—")
            self.pairingStack.setCurrentIndex(1)

    def _update_controls(self) -> None:
        connected = self._state is QrDialogState.CONNECTED
        busy = self._action_pending
        retry = self._state in (QrDialogState.REFUSED, QrDialogState.ERROR) and not self._fatal
        # Retry is the way out of those states; a second, similar button beside it would only confuse (F5 stays).
        self.refreshQrButton.setVisible(not connected and not retry)
        self.refreshQrButton.setEnabled(not busy and not self._fatal)
        self.retryButton.setVisible(retry)
        self.retryButton.setEnabled(not busy)
        self.pairingRequestButton.setEnabled(not busy and not connected and not self._fatal)
        if self.simulateScanButton is not None:
            self.simulateScanButton.setVisible(not connected)
        # The button the operator needs next is the one Enter would suggest: make it stand out.
        emphasise_refresh = self._state is QrDialogState.EXPIRED
        self.refreshQrButton.setDefault(emphasise_refresh)
        self.retryButton.setDefault(retry)
        if self._state is self._focused_for:
            return
        # Move the focus only when the state changes, never under the fingers of someone typing.
        self._focused_for = self._state
        if isinstance(self.focusWidget(), QLineEdit):
            return
        if emphasise_refresh and self.refreshQrButton.isVisible():
            self.refreshQrButton.setFocus()
        elif retry and self.retryButton.isVisible():
            self.retryButton.setFocus()


def _seconds(value: float) -> str:
    return f"{value:g}"


__all__ = ["CONNECTED_LINGER_MS", "QrCodeDialog", "format_pairing_code"]
