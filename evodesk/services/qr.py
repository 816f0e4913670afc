"""The QR dialog's state machine: which server call a poll makes and what the dialog shows afterwards.

Kept free of I/O so every transition is unit-tested; ``InstanceManager.poll`` feeds it server answers.

One request per poll keeps an open dialog at about 20 requests a minute (budget: 25). While a fresh QR is held
the poll asks ``connectionState``; once the QR is as old as its lifetime it asks ``connect`` instead, which on a
``connecting`` instance returns the newest QR without opening a socket (evolution-api.md section 3.2).
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from evodesk.domain import ConnectionState, PollResult, QrCode, QrDialogState

HINT_NO_QR = "no_qr"  # PollResult.message when the server has produced no QR for a long time
HINT_QR_LIMIT = "qr_limit"
HINT_CLOSED = "closed"
HINT_NOT_LOADED = "not_loaded"


@dataclass(frozen=True, slots=True)
class QrPolicy:
    """Timings of the QR dialog (design.md section 5)."""

    poll_interval: float = 3.0
    qr_lifetime: float = 45.0
    deadline: float = 120.0
    no_qr_hint_after: float = 30.0
    qr_limit: int = 30


class NextCall(enum.Enum):
    """Which request the next poll makes."""

    CONNECT = "connect"
    STATE = "state"


@dataclass(frozen=True, slots=True)
class QrSession:
    """What one open QR dialog has seen so far."""

    chip_id: int
    started: float
    qr: QrCode | None = None
    qr_since: float | None = None
    last_count: int = 0
    finished: bool = False


class QrSessions:
    """Thread-safe registry of QR sessions, one per chip whose dialog is open."""

    def __init__(self, policy: QrPolicy, clock: Callable[[], float]) -> None:
        self.policy = policy
        self._clock = clock
        self._lock = threading.Lock()
        self._sessions: dict[int, QrSession] = {}

    def begin(self, chip_id: int) -> QrSession:
        """Start (or restart) the session of a chip: the 120 s deadline counts from now."""
        with self._lock:
            session = QrSession(chip_id=chip_id, started=self._clock())
            self._sessions[chip_id] = session
            return session

    def get(self, chip_id: int) -> QrSession:
        """The chip's session, starting one if the dialog polls without having begun one."""
        with self._lock:
            session = self._sessions.get(chip_id)
            if session is None:
                session = QrSession(chip_id=chip_id, started=self._clock())
                self._sessions[chip_id] = session
            return session

    def active(self, chip_id: int) -> bool:
        """True while the chip's QR dialog is open and not finished."""
        with self._lock:
            session = self._sessions.get(chip_id)
            return session is not None and not session.finished

    def end(self, chip_id: int) -> None:
        """Forget the chip's session (dialog closed, connected, chip deleted)."""
        with self._lock:
            self._sessions.pop(chip_id, None)

    def next_call(self, chip_id: int) -> NextCall | None:
        """The request the next poll should make, or None when the session has expired."""
        session = self.get(chip_id)
        now = self._clock()
        if session.finished or now - session.started >= self.policy.deadline:
            return None
        if session.last_count >= self.policy.qr_limit:
            # The server is about to close the session; connect would silently start a new cycle and hide it.
            return NextCall.STATE
        if session.qr is None or session.qr_since is None:
            return NextCall.CONNECT
        if now - session.qr_since >= self.policy.qr_lifetime:
            return NextCall.CONNECT
        return NextCall.STATE

    def expired(self, chip_id: int) -> PollResult:
        """Mark the session finished because its deadline passed."""
        session = self._update(chip_id, finished=True)
        return PollResult(QrDialogState.EXPIRED, qr=session.qr)

    def on_qr(self, chip_id: int, qr: QrCode) -> PollResult:
        """A QR answer (from create, connect or reconnect)."""
        now = self._clock()
        session = self.get(chip_id)
        if qr.code:
            if session.qr is None or qr.code != session.qr.code:
                session = self._update(chip_id, qr=qr, qr_since=now, last_count=max(qr.count, 0))
            return PollResult(QrDialogState.SHOWING_QR, qr=session.qr)
        if qr.pairing_code:
            session = self._update(chip_id, qr=qr, qr_since=now, last_count=max(qr.count, 0))
            return PollResult(QrDialogState.SHOWING_QR, qr=qr)
        # {"count": 0}: no QR yet. A long wait usually means the server cannot talk to WhatsApp.
        if session.qr is not None and session.qr_since is not None:
            # The server restarted its cycle (count back to 0): the held QR is dead.
            session = self._update(chip_id, qr=None, qr_since=None)
        hint = HINT_NO_QR if now - session.started >= self.policy.no_qr_hint_after else None
        return PollResult(QrDialogState.WAITING_FOR_QR, qr=None, message=hint)

    def on_state(self, chip_id: int, state: ConnectionState) -> PollResult | None:
        """A connectionState answer; None means "ask connect now" (the caller makes that request)."""
        session = self.get(chip_id)
        if state is ConnectionState.OPEN:
            self._update(chip_id, finished=True)
            return PollResult(QrDialogState.CONNECTED)
        if state is ConnectionState.CONNECTING:
            if session.qr is not None:
                return PollResult(QrDialogState.SHOWING_QR, qr=session.qr)
            return None
        if state is ConnectionState.CLOSE:
            if session.last_count >= self.policy.qr_limit or session.qr is not None:
                # The server gave up on a QR that was on screen: the QR limit (Evolution reports `refused`
                # only in events, then `close`), or the session was closed elsewhere. Stop and let the operator
                # retry, instead of silently starting a new 30-QR cycle.
                self._update(chip_id, finished=True)
                hint = HINT_QR_LIMIT if session.last_count >= self.policy.qr_limit else HINT_CLOSED
                return PollResult(QrDialogState.REFUSED, qr=None, message=hint)
            return None
        if state is ConnectionState.REFUSED:
            self._update(chip_id, finished=True)
            return PollResult(QrDialogState.REFUSED, message=HINT_QR_LIMIT)
        # UNKNOWN: the instance is in the server's database but not loaded (server restarted).
        return PollResult(QrDialogState.ERROR, qr=session.qr, message=HINT_NOT_LOADED)

    def timed(self, chip_id: int, result: PollResult) -> PollResult:
        """``result`` with the session's timing as of now: its age and the age of the QR it holds.

        The session is the one owner of QR timing: the dialog counts down and shows how long it waited from
        these, never from its own idea of when things started.
        """
        now = self._clock()
        with self._lock:
            session = self._sessions.get(chip_id)
        if session is None:
            return result
        qr_age = now - session.qr_since if session.qr_since is not None else None
        return replace(result, session_age=now - session.started, qr_age=qr_age)

    def _update(self, chip_id: int, **changes: object) -> QrSession:
        with self._lock:
            session = self._sessions.get(chip_id) or QrSession(chip_id=chip_id, started=self._clock())
            session = replace(session, **changes)  # type: ignore[arg-type]
            self._sessions[chip_id] = session
            return session
