"""The QR dialog's state machine: which server call a poll makes and what the dialog shows afterwards.

Kept free of I/O so every transition is unit-tested; ``InstanceManager.poll`` feeds it server answers.

One request per poll keeps an open dialog at about 20 requests a minute (budget: 25). The poll asks ``connect``,
which on a ``connecting`` instance returns the server's current QR without opening a socket (evolution-api.md
section 3.2), so a QR the server rotated is on screen one poll later whenever it was replaced; only once the
server has shown its last QR (the QR limit) does the poll ask ``connectionState``, because ``connect`` on the
``close`` that follows would silently start a new cycle.

The deadline stops new QRs, not the one on screen: a QR held when the deadline passes runs out its lifetime
(the dialog keeps polling to see the scan), and the session ends when it expires or the server replaces it.
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
    # Whether evodesk saw the QR held replace the previous one (or the empty answer): only then is its age known.
    qr_age_known: bool = False
    # True once the server answered "no QR yet": the next QR's appearance is then seen within a poll.
    saw_empty: bool = False
    # The highest attempt number shown in this dialog: the number on screen never goes backwards.
    last_count: int = 0
    finished: bool = False
    # The server closed the attempt (QR limit or closed elsewhere): the next connect opens a new socket.
    closed: bool = False


class QrSessions:
    """Thread-safe registry of QR sessions, one per chip whose dialog is open."""

    def __init__(self, policy: QrPolicy, clock: Callable[[], float]) -> None:
        self.policy = policy
        self._clock = clock
        self._lock = threading.Lock()
        self._sessions: dict[int, QrSession] = {}

    def begin(self, chip_id: int) -> QrSession:
        """Start (or restart) the session of a chip: the 120 s deadline counts from now.

        A restart from the same open dialog (refresh, pairing code) keeps the attempt number reached, since the
        server's count only goes back after the QR limit, which finishes the session.
        """
        with self._lock:
            previous = self._sessions.get(chip_id)
            count = previous.last_count if previous is not None and not previous.finished else 0
            # After a close, connect opens a new socket: whatever QR it brings is new, so its age is known.
            closed = previous is not None and previous.closed
            session = QrSession(chip_id=chip_id, started=self._clock(), last_count=count, saw_empty=closed)
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
        if session.finished:
            return None
        if self._past_deadline(session, now) and not self._qr_alive(session, now):
            return None
        if session.last_count >= self.policy.qr_limit:
            # The server is about to close the session; connect would silently start a new cycle and hide it.
            return NextCall.STATE
        return NextCall.CONNECT

    def _past_deadline(self, session: QrSession, now: float) -> bool:
        return now - session.started >= self.policy.deadline

    def _qr_alive(self, session: QrSession, now: float) -> bool:
        """True while the QR held is within its lifetime (counted from when evodesk saw it)."""
        return session.qr_since is not None and now - session.qr_since < self.policy.qr_lifetime

    def expired(self, chip_id: int) -> PollResult:
        """Mark the session finished because its deadline passed."""
        session = self._update(chip_id, finished=True)
        return PollResult(QrDialogState.EXPIRED, qr=session.qr)

    def on_qr(self, chip_id: int, qr: QrCode, *, fresh: bool = False) -> PollResult:
        """A QR answer (from create, connect or reconnect); ``fresh`` when it is known to be new (a create's)."""
        now = self._clock()
        session = self.get(chip_id)
        new = qr.code and (session.qr is None or qr.code != session.qr.code)
        if session.qr is not None and (qr.count < session.last_count or (not qr.code and not qr.pairing_code)):
            # The server's count only goes back when its attempt ended (the QR limit, or the session closed
            # elsewhere) and this connect opened a new socket: say so, rather than slip silently into a new cycle.
            self._update(chip_id, finished=True, closed=True, qr=None, qr_since=None)
            limit = session.last_count >= self.policy.qr_limit
            return PollResult(QrDialogState.REFUSED, message=HINT_QR_LIMIT if limit else HINT_CLOSED)
        if (new or (not qr.code and session.qr is not None)) and self._past_deadline(session, now):
            # Past the deadline no new QR is offered: the one on screen was replaced (or dropped), so it is over.
            return self.expired(chip_id)
        if new or (not qr.code and qr.pairing_code):
            known = fresh or session.qr is not None or session.saw_empty
            attempt = max(qr.count, session.last_count)
            shown = replace(qr, count=attempt) if qr.count > 0 else qr
            session = self._update(chip_id, qr=shown, qr_since=now, qr_age_known=known, last_count=attempt)
        elif qr.code and session.qr is not None and qr.count > session.last_count:
            # The QR held came from a live event, which has no count: its attempt was inferred, one short when an
            # event was missed. The server's count for the same QR corrects it (upwards only).
            session = self._update(chip_id, qr=replace(session.qr, count=qr.count), last_count=qr.count)
        if session.qr is not None and (qr.code or qr.pairing_code):
            return PollResult(QrDialogState.SHOWING_QR, qr=session.qr, qr_age_known=session.qr_age_known)
        # {"count": 0}: no QR yet. A long wait usually means the server cannot talk to WhatsApp.
        session = self._update(chip_id, saw_empty=True)
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
                return PollResult(QrDialogState.SHOWING_QR, qr=session.qr, qr_age_known=session.qr_age_known)
            return None
        if state is ConnectionState.CLOSE:
            if session.last_count >= self.policy.qr_limit or session.qr is not None:
                # The server gave up on a QR that was on screen: the QR limit (Evolution reports `refused`
                # only in events, then `close`), or the session was closed elsewhere. Stop and let the operator
                # retry, instead of silently starting a new 30-QR cycle.
                self._update(chip_id, finished=True, closed=True)
                hint = HINT_QR_LIMIT if session.last_count >= self.policy.qr_limit else HINT_CLOSED
                return PollResult(QrDialogState.REFUSED, qr=None, message=hint)
            return None
        if state is ConnectionState.REFUSED:
            self._update(chip_id, finished=True, closed=True)
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
        return replace(result, session_age=now - session.started, qr_age=qr_age, qr_age_known=session.qr_age_known)

    def _update(self, chip_id: int, **changes: object) -> QrSession:
        with self._lock:
            session = self._sessions.get(chip_id) or QrSession(chip_id=chip_id, started=self._clock())
            session = replace(session, **changes)  # type: ignore[arg-type]
            self._sessions[chip_id] = session
            return session
