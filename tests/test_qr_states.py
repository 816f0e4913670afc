"""The QR dialog's state machine, server answer by server answer (no I/O)."""

from __future__ import annotations

import pytest

from evodesk.domain import ConnectionState, QrCode, QrDialogState
from evodesk.services.qr import (
    HINT_CLOSED,
    HINT_NO_QR,
    HINT_NOT_LOADED,
    HINT_QR_LIMIT,
    NextCall,
    QrPolicy,
    QrSessions,
)
from helpers import FakeClock as Clock


def make(policy: QrPolicy | None = None) -> tuple[QrSessions, Clock]:
    clock = Clock()
    sessions = QrSessions(policy or QrPolicy(), clock)
    sessions.begin(1)
    return sessions, clock


def qr(code: str, count: int = 1, pairing: str | None = None) -> QrCode:
    return QrCode(code=code, png_base64=None, pairing_code=pairing, count=count)


def test_every_poll_asks_connect_so_a_rotation_is_seen_one_poll_later() -> None:
    sessions, clock = make()
    assert sessions.next_call(1) is NextCall.CONNECT
    result = sessions.on_qr(1, qr("2@a", 1))
    assert result.state is QrDialogState.SHOWING_QR
    assert result.qr is not None and result.qr.code == "2@a"
    clock.now += 3
    # A young QR (seen 3 s ago) is no reason to stop asking for the current one: the server may rotate it.
    assert sessions.next_call(1) is NextCall.CONNECT
    rotated = sessions.on_qr(1, qr("2@b", 2))
    assert rotated.qr is not None and rotated.qr.code == "2@b" and rotated.qr.count == 2


def test_the_age_of_a_qr_first_seen_mid_life_is_unknown() -> None:
    sessions, clock = make()
    first = sessions.timed(1, sessions.on_qr(1, qr("2@a", 3)))
    assert first.qr_age_known is False, "the server may have shown it for 40 s already"
    clock.now += 3
    rotated = sessions.timed(1, sessions.on_qr(1, qr("2@b", 4)))
    assert rotated.qr_age_known is True and rotated.qr_age == 0.0
    # After an empty answer ("no QR yet") the first QR's appearance is seen too.
    other, _ = make()
    other.on_qr(1, QrCode(code="", png_base64=None, pairing_code=None, count=0))
    assert other.timed(1, other.on_qr(1, qr("2@x", 1))).qr_age_known is True


def test_the_attempt_number_never_goes_backwards_in_one_dialog() -> None:
    sessions, _ = make()
    sessions.on_qr(1, qr("2@a", 2))
    # A restart from the same dialog (refresh, pairing code) keeps the number reached.
    sessions.begin(1)
    again = sessions.on_qr(1, qr("2@b", 1))
    assert again.qr is not None and again.qr.code == "2@b" and again.qr.count == 2
    shown = sessions.on_qr(1, qr("2@c", 3))
    assert shown.qr is not None and shown.qr.count == 3
    # After the QR limit finished the session, a new cycle starts from the server's count again.
    sessions.expired(1)
    sessions.begin(1)
    fresh = sessions.on_qr(1, qr("2@d", 1))
    assert fresh.qr is not None and fresh.qr.count == 1


def test_the_servers_count_corrects_an_attempt_inferred_from_an_event() -> None:
    sessions, clock = make()
    sessions.on_qr(1, qr("2@a", 1))
    # A live event (no count) for a later QR, one rotation having been missed: inferred as attempt 2.
    sessions.on_qr(1, qr("2@c", 2))
    clock.now += 1
    polled = sessions.on_qr(1, qr("2@c", 3))  # the connect poll: the same QR, the server's own count
    assert polled.qr is not None and polled.qr.code == "2@c" and polled.qr.count == 3
    assert sessions.timed(1, polled).qr_age == 1.0  # the same QR: its age runs on
    assert sessions.next_call(1) is NextCall.CONNECT


def test_past_the_deadline_the_qr_on_screen_runs_out_its_lifetime() -> None:
    sessions, clock = make(QrPolicy(qr_lifetime=45.0, deadline=120.0))
    clock.now += 100
    sessions.on_qr(1, qr("2@a", 3))
    clock.now += 25  # 125 s: past the deadline, the QR shown 25 s ago has 20 s left
    assert sessions.next_call(1) is NextCall.CONNECT
    kept = sessions.on_qr(1, qr("2@a", 3))
    assert kept.state is QrDialogState.SHOWING_QR
    clock.now += 20
    assert sessions.next_call(1) is None, "once it has run out the dialog stops"
    # Replaced by the server past the deadline: over at once, no new QR offered.
    other, other_clock = make(QrPolicy(qr_lifetime=45.0, deadline=120.0))
    other_clock.now += 110
    other.on_qr(1, qr("2@a", 3))
    other_clock.now += 15
    assert other.on_qr(1, qr("2@b", 4)).state is QrDialogState.EXPIRED
    assert other.next_call(1) is None


def test_real_server_reports_connecting_while_a_qr_is_on_screen() -> None:
    sessions, clock = make()
    sessions.on_qr(1, qr("2@a"))
    clock.now += 3
    result = sessions.on_state(1, ConnectionState.CONNECTING)
    assert result is not None
    assert result.state is QrDialogState.SHOWING_QR
    assert result.qr is not None and result.qr.code == "2@a"


def test_connecting_without_a_qr_asks_for_connect() -> None:
    sessions, _ = make()
    assert sessions.on_state(1, ConnectionState.CONNECTING) is None


def test_same_payload_keeps_its_age_until_it_changes() -> None:
    sessions, clock = make(QrPolicy(qr_lifetime=45))
    sessions.on_qr(1, qr("2@a", 1))
    clock.now += 44.9
    same = sessions.timed(1, sessions.on_qr(1, qr("2@a", 1)))
    assert same.qr_age == pytest.approx(44.9)
    result = sessions.timed(1, sessions.on_qr(1, qr("2@b", 2)))
    assert result.qr is not None and result.qr.count == 2 and result.qr_age == 0.0


def test_open_means_connected() -> None:
    sessions, _ = make()
    sessions.on_qr(1, qr("2@a"))
    result = sessions.on_state(1, ConnectionState.OPEN)
    assert result is not None and result.state is QrDialogState.CONNECTED


def test_close_before_any_qr_asks_connect_to_start_a_cycle() -> None:
    sessions, _ = make()
    assert sessions.on_state(1, ConnectionState.CLOSE) is None


def test_close_after_the_last_qr_of_the_limit_is_refused() -> None:
    sessions, _ = make(QrPolicy(qr_limit=3))
    sessions.on_qr(1, qr("2@c", 3))
    # At the limit the poll must not call connect: that would silently start a new cycle.
    assert sessions.next_call(1) is NextCall.STATE
    result = sessions.on_state(1, ConnectionState.CLOSE)
    assert result is not None
    assert result.state is QrDialogState.REFUSED
    assert result.message == HINT_QR_LIMIT
    assert sessions.next_call(1) is None


def test_close_while_a_qr_was_shown_is_reported_not_hidden() -> None:
    sessions, _ = make()
    sessions.on_qr(1, qr("2@a", 2))
    result = sessions.on_state(1, ConnectionState.CLOSE)
    assert result is not None and result.state is QrDialogState.REFUSED and result.message == HINT_CLOSED


def test_refused_state_is_refused() -> None:
    sessions, _ = make()
    result = sessions.on_state(1, ConnectionState.REFUSED)
    assert result is not None and result.state is QrDialogState.REFUSED


def test_count_zero_waits_and_hints_after_30_seconds() -> None:
    sessions, clock = make(QrPolicy(no_qr_hint_after=30))
    first = sessions.on_qr(1, QrCode(code=None, count=0))
    assert first.state is QrDialogState.WAITING_FOR_QR and first.message is None
    clock.now += 30
    later = sessions.on_qr(1, QrCode(code=None, count=0))
    assert later.state is QrDialogState.WAITING_FOR_QR and later.message == HINT_NO_QR


def test_a_count_going_back_means_the_servers_attempt_ended() -> None:
    # count 0, or a lower count, after a QR was held: connect opened a new socket because the attempt closed.
    for answer in (QrCode(code=None, count=0), qr("2@z", 1)):
        sessions, _ = make()
        sessions.on_qr(1, qr("2@a", 5))
        result = sessions.on_qr(1, answer)
        assert result.state is QrDialogState.REFUSED and result.qr is None and result.message == HINT_CLOSED
        assert sessions.next_call(1) is None
    limited, _ = make(QrPolicy(qr_limit=5))
    limited.on_qr(1, qr("2@a", 5))
    assert limited.on_qr(1, qr("2@z", 1)).message == HINT_QR_LIMIT


def test_pairing_code_alone_is_shown() -> None:
    sessions, _ = make()
    result = sessions.on_qr(1, QrCode(code=None, pairing_code="WZYEH1YY", count=1))
    assert result.state is QrDialogState.SHOWING_QR
    assert result.qr is not None and result.qr.pairing_code == "WZYEH1YY"


def test_unknown_state_is_an_error_with_a_reason() -> None:
    sessions, _ = make()
    result = sessions.on_state(1, ConnectionState.UNKNOWN)
    assert result is not None and result.state is QrDialogState.ERROR and result.message == HINT_NOT_LOADED


def test_deadline_expires_the_session_and_begin_restarts_it() -> None:
    sessions, clock = make(QrPolicy(deadline=120))
    sessions.on_qr(1, qr("2@a"))
    clock.now += 119
    assert sessions.next_call(1) is not None
    clock.now += 1
    assert sessions.next_call(1) is None
    assert sessions.expired(1).state is QrDialogState.EXPIRED
    sessions.begin(1)
    assert sessions.next_call(1) is NextCall.CONNECT


def test_polls_per_minute_stay_within_budget() -> None:
    """One request per 3 s poll, ≤ 25 a minute: count what a minute of polling asks for."""
    sessions, clock = make(QrPolicy(poll_interval=3, qr_lifetime=45))
    requests = 0
    code = 0
    start = clock.now
    for _ in range(20):  # 60 s of polls
        call = sessions.next_call(1)
        requests += 1
        assert call is NextCall.CONNECT
        # The server rotates its QR every 45 s; connect returns whichever it holds.
        code = int((clock.now - start) // 45) + 1
        sessions.on_qr(1, qr(f"2@{code}", code))
        clock.now += 3
    assert requests <= 25
    assert code == 2  # the first QR and one rotation after 45 s


def test_the_session_owns_the_timing_the_dialog_shows() -> None:
    sessions, clock = make(QrPolicy(qr_lifetime=45.0, deadline=120.0))
    clock.now += 5
    waiting = sessions.timed(1, sessions.on_qr(1, QrCode(code="", png_base64=None, pairing_code=None, count=0)))
    assert (waiting.session_age, waiting.qr_age) == (5.0, None)
    clock.now += 2
    shown = sessions.timed(1, sessions.on_qr(1, qr("2@a", 1)))
    assert (shown.session_age, shown.qr_age) == (7.0, 0.0)
    clock.now += 10
    again = sessions.timed(1, sessions.on_qr(1, qr("2@a", 1)))
    assert (again.session_age, again.qr_age) == (17.0, 10.0), "the same payload keeps its age"
    clock.now += 3
    rotated = sessions.timed(1, sessions.on_qr(1, qr("2@b", 2)))
    assert (rotated.session_age, rotated.qr_age) == (20.0, 0.0), "a new payload starts its lifetime"
    clock.now += 100
    assert sessions.next_call(1) is None, "past the deadline no request is made"
    assert sessions.timed(1, sessions.expired(1)).state is QrDialogState.EXPIRED
    sessions.end(1)
    assert sessions.timed(1, shown) == shown and sessions.timed(1, shown).qr_age == 0.0
