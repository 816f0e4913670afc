"""Circuit breaker state machine, driven by a fake clock."""

from __future__ import annotations

import threading

import pytest

from evodesk.evolution import BreakerState, BreakerStatus, CircuitBreaker, EvolutionUnavailable
from evodesk.evolution.breaker import Ticket

WALL_OFFSET = 1_700_000_000.0


class FakeClock:
    """Monotonic and wall clocks that move only when told to."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now

    def wall(self) -> float:
        return WALL_OFFSET + self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def breaker(clock: FakeClock) -> CircuitBreaker:
    return CircuitBreaker(
        failure_threshold=3, base_cooldown=5.0, max_cooldown=40.0, clock=clock.monotonic, wall_clock=clock.wall
    )


def fail(breaker: CircuitBreaker, times: int = 1, reason: str = "boom") -> None:
    for _ in range(times):
        breaker.record_failure(breaker.acquire(), reason)


def test_starts_closed(breaker: CircuitBreaker) -> None:
    assert breaker.status() == BreakerStatus(BreakerState.CLOSED, 0, None, None)
    assert breaker.acquire() == Ticket(probe=False, generation=0)


def test_opens_at_threshold_and_fails_fast(breaker: CircuitBreaker, clock: FakeClock) -> None:
    fail(breaker, 2)
    assert breaker.state is BreakerState.CLOSED
    assert breaker.status().consecutive_failures == 2
    fail(breaker, 1, "connection refused")
    status = breaker.status()
    assert status.state is BreakerState.OPEN
    assert status.consecutive_failures == 3
    assert status.retry_at == pytest.approx(clock.wall() + 5.0)
    assert status.last_error == "connection refused"
    with pytest.raises(EvolutionUnavailable) as caught:
        breaker.acquire()
    assert caught.value.circuit_open is True
    assert caught.value.retry_at == pytest.approx(WALL_OFFSET + 5.0)
    assert "connection refused" in caught.value.message


def test_success_resets_the_count(breaker: CircuitBreaker) -> None:
    fail(breaker, 2)
    breaker.record_success(breaker.acquire())
    fail(breaker, 2)
    assert breaker.state is BreakerState.CLOSED
    assert breaker.status().consecutive_failures == 2


def test_one_probe_after_cooldown_then_recovery(breaker: CircuitBreaker, clock: FakeClock) -> None:
    fail(breaker, 3)
    clock.advance(4.9)
    with pytest.raises(EvolutionUnavailable):
        breaker.acquire()
    clock.advance(0.1)
    probe = breaker.acquire()
    assert probe.probe is True
    assert breaker.state is BreakerState.HALF_OPEN
    # Concurrent callers still fail fast while the probe is out.
    with pytest.raises(EvolutionUnavailable) as caught:
        breaker.acquire()
    assert caught.value.circuit_open
    breaker.record_success(probe)
    assert breaker.status() == BreakerStatus(BreakerState.CLOSED, 0, None, "boom")
    assert breaker.acquire().probe is False


def test_cooldown_doubles_on_each_failed_probe_up_to_the_cap(breaker: CircuitBreaker, clock: FakeClock) -> None:
    fail(breaker, 3)
    seen = []
    for _ in range(5):
        status = breaker.status()
        assert status.state is BreakerState.OPEN
        assert status.retry_at is not None
        cooldown = status.retry_at - clock.wall()
        seen.append(round(cooldown, 6))
        clock.advance(cooldown)
        fail(breaker, 1)
    assert seen == [5.0, 10.0, 20.0, 40.0, 40.0]
    assert breaker.status().consecutive_failures == 8


def test_recovery_resets_the_cooldown(breaker: CircuitBreaker, clock: FakeClock) -> None:
    fail(breaker, 3)
    clock.advance(5)
    fail(breaker, 1)  # failed probe: 10 s now
    clock.advance(10)
    breaker.record_success(breaker.acquire())
    fail(breaker, 3)
    status = breaker.status()
    assert status.retry_at == pytest.approx(clock.wall() + 5.0)


def test_stale_failures_do_not_restart_the_cooldown(breaker: CircuitBreaker, clock: FakeClock) -> None:
    early = [breaker.acquire() for _ in range(5)]  # calls in flight before the outage was noticed
    for ticket in early[:3]:
        breaker.record_failure(ticket, "down")
    retry_at = breaker.status().retry_at
    clock.advance(1)
    breaker.record_failure(early[3], "down")
    assert breaker.status().retry_at == retry_at
    clock.advance(4)
    probe = breaker.acquire()
    # A call from before the outage failing late must not be mistaken for the probe's verdict.
    breaker.record_failure(early[4], "down")
    assert breaker.state is BreakerState.HALF_OPEN
    breaker.record_success(probe)
    assert breaker.state is BreakerState.CLOSED


def test_any_success_closes(breaker: CircuitBreaker) -> None:
    early = breaker.acquire()
    fail(breaker, 3)
    breaker.record_success(early)  # the server answered someone: it is alive
    assert breaker.state is BreakerState.CLOSED


def test_release_frees_the_probe_slot(breaker: CircuitBreaker, clock: FakeClock) -> None:
    fail(breaker, 3)
    clock.advance(5)
    probe = breaker.acquire()
    breaker.release(probe)
    assert breaker.state is BreakerState.OPEN
    second = breaker.acquire()
    assert second.probe


def test_lost_probe_is_replaced_after_max_cooldown(breaker: CircuitBreaker, clock: FakeClock) -> None:
    fail(breaker, 3)
    clock.advance(5)
    breaker.acquire()  # never reports back
    clock.advance(39)
    with pytest.raises(EvolutionUnavailable):
        breaker.acquire()
    clock.advance(2)
    assert breaker.acquire().probe


def test_reset_allows_the_next_call_immediately(breaker: CircuitBreaker, clock: FakeClock) -> None:
    fail(breaker, 3)
    clock.advance(5)
    fail(breaker, 1)  # cool-down now 10 s
    breaker.reset()
    assert breaker.status().retry_at == pytest.approx(clock.wall())
    probe = breaker.acquire()
    assert probe.probe
    breaker.record_failure(probe, "still down")
    # A failed manual retry keeps the cool-down where it was.
    assert breaker.status().retry_at == pytest.approx(clock.wall() + 10.0)


def test_reset_when_closed_forgets_failures(breaker: CircuitBreaker) -> None:
    fail(breaker, 2)
    breaker.reset()
    fail(breaker, 2)
    assert breaker.state is BreakerState.CLOSED


def test_listeners_see_each_change_and_cannot_break_it(breaker: CircuitBreaker, clock: FakeClock) -> None:
    seen: list[BreakerStatus] = []

    def broken(status: BreakerStatus) -> None:
        raise RuntimeError("listener bug")

    breaker.on_change.append(broken)
    breaker.on_change.append(seen.append)
    fail(breaker, 3)
    clock.advance(5)
    breaker.record_success(breaker.acquire())
    assert [status.state for status in seen] == [
        BreakerState.CLOSED,
        BreakerState.CLOSED,
        BreakerState.OPEN,
        BreakerState.HALF_OPEN,
        BreakerState.CLOSED,
    ]
    assert [status.consecutive_failures for status in seen[:3]] == [1, 2, 3]
    # No notification when nothing changed.
    count = len(seen)
    breaker.record_success(breaker.acquire())
    assert len(seen) == count


def test_rejects_nonsense_settings() -> None:
    with pytest.raises(ValueError):
        CircuitBreaker(failure_threshold=0)
    with pytest.raises(ValueError):
        CircuitBreaker(base_cooldown=10, max_cooldown=5)


def test_thread_safety_only_one_probe(breaker: CircuitBreaker, clock: FakeClock) -> None:
    fail(breaker, 3)
    clock.advance(5)
    barrier = threading.Barrier(16)
    probes: list[Ticket] = []
    refused: list[EvolutionUnavailable] = []
    lock = threading.Lock()

    def worker() -> None:
        barrier.wait()
        try:
            ticket = breaker.acquire()
        except EvolutionUnavailable as exc:
            with lock:
                refused.append(exc)
        else:
            with lock:
                probes.append(ticket)

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(probes) == 1
    assert len(refused) == 15
    assert all(exc.circuit_open for exc in refused)


def test_concurrent_failures_are_all_counted(clock: FakeClock) -> None:
    breaker = CircuitBreaker(failure_threshold=10_000, clock=clock.monotonic, wall_clock=clock.wall)

    def worker() -> None:
        for _ in range(500):
            breaker.record_failure(breaker.acquire(), "x")

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert breaker.status().consecutive_failures == 4000


def test_repr_is_short(breaker: CircuitBreaker) -> None:
    assert repr(breaker) == "CircuitBreaker(state=closed, consecutive_failures=0)"
