"""The QR dialog: show a chip's QR code (or pairing code) and poll until the phone has linked it.

The requests are ``QrPoller``'s (one at a time, see its module). What the dialog shows after each answer is what
the ``PollResult`` says, timing included: the services' QR session owns when the session started, how old the QR
is, the deadline and the attempt number. Between two answers the countdown runs on ``clock`` (injectable) from
the ages the last answer reported.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QGuiApplication, QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from evodesk.domain import Chip, PollResult, QrCode, QrDialogState
from evodesk.services import ChipCancelled, ChipNotFound, InstanceManager, InvalidPhone, QrPolicy
from evodesk.services.qr import HINT_NO_QR, HINT_QR_LIMIT
from evodesk.services.validation import format_phone, normalise_phone
from evodesk.ui.qr.pairing import PairingPage, format_pairing_code
from evodesk.ui.qr.poller import QrPoller
from evodesk.ui.qr.qr_tab import QrTab
from evodesk.ui.qr.timing import qr_timing
from evodesk.ui.shared.demo import ScanSimulator
from evodesk.ui.shared.messages import describe_error, describe_hint
from evodesk.ui.tasks.runner import TaskRunner

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


class QrCodeDialog(QDialog):
    """Links a chip to WhatsApp: QR code with countdown and attempt number, pairing code, and live polling.

    Polling starts when the dialog is first shown and stops on connection, expiry (``policy.deadline``), a
    refused session or when the dialog closes. Closing it, however it happens, calls
    ``InstanceManager.close_qr`` and leaves the chip as it was (``pending`` when it never connected).
    ``timers(parent)`` makes its timers (poll, countdown tick, close after connecting): tests drive fake ones.
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
        clock: Callable[[], float] = time.monotonic,
        timers: Callable[[QObject], QTimer] = QTimer,
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
        self._clock = clock
        # The last answer's timing (see PollResult) and when, on ``clock``, it was shown.
        self._session_age = 0.0
        self._qr_age: float | None = None
        self._qr_age_known = True
        self._answered_at = clock()
        self._started = False
        self._finished = False
        self._fatal = False
        self._pairing_requested = False
        self._focused_for: QrDialogState | None = None
        self._poller = QrPoller(
            runner, manager, chip.id, self._policy.poll_interval, lambda: self.polling, self, timers=timers
        )
        self._poller.answered.connect(self._apply)
        self._poller.failed.connect(self._on_failure)
        self._poller.ready.connect(self._on_ready)
        self._tick_timer = timers(self)
        self._tick_timer.setInterval(_TICK_MS)
        self._tick_timer.timeout.connect(self._tick)
        self._close_timer = timers(self)
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
        return self._poller.poll_count

    @property
    def poll_scheduled(self) -> bool:
        """True while a poll is armed or a request (or the encoding of its QR code) is under way."""
        return self._poller.scheduled or self._poller.waiting

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
        # The title bar is easy to miss (and cut on small screens): the body says which number this is for.
        self.subjectLabel = QLabel(
            self.tr("Phone {phone} · instance {instance}").format(
                phone=format_phone(self._chip.phone), instance=self._chip.instance_name
            ),
            self,
        )
        self.subjectLabel.setObjectName("subjectLabel")
        self.subjectLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("qrTabs")
        self.tabs.addTab(self._build_qr_tab(), self.tr("QR code"))
        self.tabs.addTab(self._build_pairing_page(), self.tr("Pairing code"))

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
        layout.addWidget(self.subjectLabel)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.hintLabel)
        layout.addLayout(row)

        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        refresh.activated.connect(self._refresh)

    def _build_qr_tab(self) -> QWidget:
        page = QrTab(self)
        self.qrImage, self.countdownLabel = page.qrImage, page.countdownLabel
        self.attemptLabel, self.stopLabel = page.attemptLabel, page.stopLabel
        return page

    def _build_pairing_page(self) -> QWidget:
        page = PairingPage(format_phone(self._chip.phone), self)
        page.requested.connect(self._request_pairing_code)
        page.copyRequested.connect(self._copy_pairing_code)
        self.pairingStack, self.pairingCodeLabel = page.pairingStack, page.pairingCodeLabel
        self.copyPairingButton, self.pairingCountdownLabel = page.copyPairingButton, page.pairingCountdownLabel
        self.pairingPhoneEdit, self.pairingRequestButton = page.pairingPhoneEdit, page.pairingRequestButton
        self.pairingErrorLabel = page.pairingErrorLabel
        return page

    # -- lifecycle -------------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Start polling the first time the dialog appears."""
        super().showEvent(event)
        if self._started or self._finished:
            return
        self._started = True
        self._tick_timer.start()
        # The initial answer is shown as the answer to a request would be (its QR code encoded first).
        self._poller.start(self._initial)

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
        self._tick_timer.stop()
        self._poller.stop()

    # -- requests --------------------------------------------------------------------------------------

    def _start_action(self, call: Callable[[], PollResult], busy_text: str) -> None:
        if self._finished or self._poller.acting or self._state is QrDialogState.CONNECTED:
            return
        self._fatal = False
        self._poller.acting = True
        self._set_state_label(busy_text, None)
        self._update_controls()
        self._poller.act(call)

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

    def _on_failure(self, exc: BaseException) -> None:
        if self._finished:
            return
        # A deleted chip cannot come back: polling it again would only repeat the error.
        self._fatal = isinstance(exc, (ChipCancelled, ChipNotFound))
        self._show_error(describe_error(exc))

    def _on_ready(self) -> None:
        self._update_controls()
        if self.polling:
            self._poller.schedule()

    @Slot()
    def _simulate_scan(self) -> None:
        simulator, name = self._simulator, self._chip.instance_name
        if simulator is None or self._finished:
            return
        assert self.simulateScanButton is not None
        self.simulateScanButton.setEnabled(False)
        self._runner.submit(
            lambda: simulator.simulate_scan(name),
            on_success=lambda _result: self._poller.poll_now(),
            on_error=lambda exc: self._show_hint(
                self.tr("The simulator could not scan: {reason}").format(reason=str(exc))
            ),
            on_finished=self._scan_finished,
            owner=self,
        )

    def _scan_finished(self) -> None:
        if self.simulateScanButton is not None and not self._finished:
            self.simulateScanButton.setEnabled(self._state is not QrDialogState.CONNECTED)

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
        if self._finished:
            return
        self._answered_at = self._clock()
        self._session_age = result.session_age or 0.0
        self._qr_age = result.qr_age
        self._qr_age_known = result.qr_age_known
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
        self._qr = qr
        if self._qr_age is None:
            # An answer from outside a session (a create's first QR): its lifetime starts now.
            self._qr_age = 0.0

    def _show_waiting_text(self, title: str) -> None:
        self._set_state_label(title, QrDialogState.WAITING_FOR_QR)
        self.qrImage.show_placeholder(self.tr("Waiting for the server's QR code…"))

    def _show_error(self, text: str) -> None:
        self._state = QrDialogState.ERROR
        self._qr = None
        self._set_state_label(self.tr("Error: {reason}").format(reason=text), QrDialogState.ERROR)
        self.qrImage.show_placeholder(self.tr("No QR code while the server cannot be reached."))
        if self._fatal:
            self._show_hint(None)
        else:
            self._show_hint(
                self.tr("evodesk keeps trying every {seconds} s. Press Retry to start a new attempt now.").format(
                    seconds=f"{self._policy.poll_interval:g}"
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
        self._poller.halt()
        self._tick_timer.stop()
        self._set_state_label(self.tr("Connected"), QrDialogState.CONNECTED)
        name = self._chip.profile_name or format_phone(self._chip.phone)
        self.qrImage.show_placeholder(self.tr("✔ Connected\n{name}").format(name=name), tone="success")
        for label in (self.countdownLabel, self.attemptLabel, self.stopLabel):
            label.setText("")
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

    def _waited(self) -> float:
        """Seconds since the QR session started, as the last answer said plus the time since it came."""
        return self._session_age + (self._clock() - self._answered_at)

    def _update_waiting_hint(self) -> None:
        waited = self._waited()
        if self._message == HINT_NO_QR or waited >= self._policy.no_qr_hint_after:
            self._show_hint(describe_hint(HINT_NO_QR, waited=max(waited, self._policy.no_qr_hint_after)))
        else:
            self._show_hint(describe_hint(self._message) if self._message else None)

    @Slot()
    def _tick(self) -> None:
        if self._state is QrDialogState.WAITING_FOR_QR and not self._poller.acting:
            self._update_waiting_hint()
        self._update_timers_text()

    def _update_timers_text(self) -> None:
        qr = self._qr
        if self._state is QrDialogState.WAITING_FOR_QR and not self._poller.acting:
            # A visibly moving number tells the operator the dialog is alive while the server is silent.
            waited = math.floor(self._waited())
            self.countdownLabel.setText(self.tr("Waiting for {seconds} s").format(seconds=waited))
            for label in (self.attemptLabel, self.stopLabel, self.pairingCountdownLabel):
                label.setText("")
            self._update_pairing_page()
            return
        if self._state is not QrDialogState.SHOWING_QR or qr is None:
            for label in (self.countdownLabel, self.attemptLabel, self.stopLabel, self.pairingCountdownLabel):
                label.setText("")
            self._update_pairing_page()
            return
        since = self._clock() - self._answered_at
        texts = qr_timing(
            self._policy,
            qr_age=(self._qr_age or 0.0) + since,
            age_known=self._qr_age_known,
            session_age=self._session_age + since,
            count=qr.count,
        )
        self.countdownLabel.setText(texts.countdown)
        self.pairingCountdownLabel.setText(texts.countdown)
        self.attemptLabel.setText(texts.attempt)
        self.stopLabel.setText(texts.stop)
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
        busy = self._poller.acting
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


__all__ = ["CONNECTED_LINGER_MS", "QrCodeDialog", "format_pairing_code"]
