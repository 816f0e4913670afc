"""The QR dialog's requests: one at a time, re-armed after each answer, queued behind the one in flight.

Polling follows design.md section 5: a single-shot timer re-armed after each answer, so at most one request is
in flight per dialog whatever the server's latency; manual actions (refresh, retry, pairing code) wait for the
request in flight instead of running beside it. An answer bringing a QR code not drawn before is delivered once
``QrEncoder`` has encoded it in slices (about 20 ms in all), and its request counts as in flight until then.

Timing (the session's start, the QR's age, the deadline) belongs to the services' QR session: a poll after the
deadline is answered ``EXPIRED`` without a request, and every answer carries the session's ages.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from evodesk.domain import PollResult, QrDialogState
from evodesk.services import InstanceManager
from evodesk.ui.qr.widget import QrEncoder, qr_ready
from evodesk.ui.tasks.runner import TaskHandle, TaskRunner


def code_to_draw(result: PollResult) -> str | None:
    """The QR payload an answer would put on screen, if any."""
    if result.state is QrDialogState.SHOWING_QR and result.qr is not None and result.qr.code:
        return result.qr.code
    return None


class QrPoller(QObject):
    """Runs a QR dialog's manager calls on the runner; see the module docstring.

    ``polling()`` says whether the dialog still polls (checked when the timer fires). ``timers(parent)`` makes
    the poll timer (tests drive a fake one).
    """

    # An answer to show (``PollResult``), its QR code (if new) encoded already.
    answered = Signal(object)
    # A call raised (the exception).
    failed = Signal(object)
    # A request ended and nothing is queued behind it: the dialog updates its controls and re-arms polling.
    ready = Signal()

    def __init__(
        self,
        runner: TaskRunner,
        manager: InstanceManager,
        chip_id: int,
        interval: float,
        polling: Callable[[], bool],
        parent: QObject | None = None,
        *,
        timers: Callable[[QObject], QTimer] = QTimer,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._manager = manager
        self._chip_id = chip_id
        self._polling = polling
        self._in_flight: TaskHandle | None = None
        self._queued: Callable[[], PollResult] | None = None
        self._halted = False
        self._stopped = False
        self.acting = False
        self.poll_count = 0
        # Encodes an answer's new QR code before the answer is shown; the request counts as in flight until then.
        self._encoder = QrEncoder(self)
        # Read by the worker after each call: a dialog closed meanwhile must not leave a QR session behind.
        self._closed = threading.Event()
        self._timer = timers(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, round(interval * 1000)))
        self._timer.timeout.connect(self.poll)

    @property
    def waiting(self) -> bool:
        """True from a request's start until its answer is shown."""
        return self._in_flight is not None or self._encoder.busy

    @property
    def scheduled(self) -> bool:
        """True while the next poll is armed."""
        return self._timer.isActive()

    def start(self, initial: PollResult | None) -> None:
        """Show ``initial`` as the answer to a request would be, or ask for the chip's QR code."""
        if initial is not None:
            self._on_result(initial)
            self._on_request_finished()
        else:
            manager, chip_id = self._manager, self._chip_id
            self.submit(lambda: manager.qr_code(chip_id))

    def poll(self) -> None:
        """One poll, unless one is in flight or the dialog stopped polling."""
        if self._stopped or self._halted or self.waiting or not self._polling():
            return
        self.poll_count += 1
        manager, chip_id = self._manager, self._chip_id
        self.submit(lambda: manager.poll(chip_id))

    def poll_now(self) -> None:
        """Poll at once instead of at the next tick (e.g. right after the demo's simulated scan)."""
        if not self.waiting and self._polling():
            self._timer.stop()
            self.poll()

    def schedule(self) -> None:
        """Arm the next poll."""
        if not self._stopped and not self._halted:
            self._timer.start()

    def set_interval(self, seconds: float) -> None:
        """Poll every ``seconds`` from the next arming on (slower while the server's events bring the news)."""
        milliseconds = max(1, round(seconds * 1000))
        # Setting it restarts a running timer: only when it changes, or a steady status would delay the poll.
        if self._timer.interval() != milliseconds:
            self._timer.setInterval(milliseconds)

    def push(self, result: PollResult) -> None:
        """An answer the server pushed (a live event): shown as a poll's would be, without a request."""
        if self._stopped or self._halted:
            return
        code = code_to_draw(result)
        if code is None or qr_ready(code):
            self.answered.emit(result)
        elif not self._encoder.busy:
            # Not ``_on_result``: no request is in flight for it, so its encoding must not end one.
            self._encoder.encode(code, lambda: self._on_pushed_encoded(result))

    def _on_pushed_encoded(self, result: PollResult) -> None:
        if not (self._stopped or self._halted):
            self.answered.emit(result)

    def act(self, call: Callable[[], PollResult]) -> None:
        """An operator's action (refresh, retry, pairing code): after the request in flight, if any."""
        self.acting = True
        self.submit(call)

    def submit(self, call: Callable[[], PollResult]) -> None:
        """Run one manager call on the runner; queue it if a request is already in flight."""
        if self._stopped:
            return
        self._timer.stop()
        if self.waiting:
            self._queued = call
            return
        closed, manager, chip_id = self._closed, self._manager, self._chip_id

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

    def halt(self) -> None:
        """Connected: no more polls or queued actions (the session ends when the dialog closes)."""
        self._halted = True
        self._queued = None
        self._timer.stop()

    def stop(self) -> None:
        """The dialog closed: nothing more is sent, and the manager forgets the QR session."""
        if self._stopped:
            return
        self._stopped = True
        self._closed.set()
        self._queued = None
        self._timer.stop()
        manager, chip_id = self._manager, self._chip_id
        # No owner: the dialog may be gone by the time this runs, and the session must end regardless.
        self._runner.submit(lambda: manager.close_qr(chip_id))

    def _on_result(self, result: object) -> None:
        # Halted: connected (perhaps by a pushed answer), so a poll answered meanwhile is already out of date.
        if self._stopped or self._halted or not isinstance(result, PollResult):
            return
        code = code_to_draw(result)
        if code is None or qr_ready(code):
            self.answered.emit(result)
            return
        # A new code takes about 20 ms to encode: in slices, so the GUI thread stays responsive meanwhile.
        self._encoder.encode(code, lambda: self._on_encoded(result))

    def _on_encoded(self, result: PollResult) -> None:
        if self._stopped:
            return
        self.answered.emit(result)
        self._on_request_finished()

    def _on_failure(self, exc: BaseException) -> None:
        if not self._stopped:
            self.failed.emit(exc)

    def _on_request_finished(self) -> None:
        self._in_flight = None
        if self._encoder.busy:
            return  # the answer is shown, and the request ends, once its QR code is encoded
        self.acting = False
        if self._stopped or self._halted:
            self._queued = None
            return
        if self._queued is not None:
            call, self._queued = self._queued, None
            self.acting = True
            self.submit(call)
            return
        self.ready.emit()
