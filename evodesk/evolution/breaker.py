"""Circuit breaker shared by every worker thread that talks to the Evolution API.

After ``failure_threshold`` consecutive "server unavailable" failures (network errors, timeouts, 5xx, unreadable
answers) the breaker opens: calls fail fast with :class:`EvolutionUnavailable` without touching the network.
When the cool-down is over, exactly one call goes through as a probe (half-open); its outcome either closes the
breaker or opens it again with a doubled cool-down, capped at ``max_cooldown``. Any answer that proves the
server is alive, a 4xx included, counts as a success.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from evodesk.evolution.errors import EvolutionUnavailable

logger = logging.getLogger("evodesk.evolution")


class BreakerState(enum.StrEnum):
    """Where the breaker stands."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(frozen=True, slots=True)
class BreakerStatus:
    """A snapshot of the breaker, safe to hand to the GUI thread.

    ``retry_at`` is a wall-clock timestamp (``time.time()`` scale): when the breaker is open, the moment the next
    probe is allowed; while a probe runs, the moment it started; ``None`` when closed.
    """

    state: BreakerState
    consecutive_failures: int
    retry_at: float | None
    last_error: str | None


@dataclass(frozen=True, slots=True)
class Ticket:
    """Permission for one call, handed back to :meth:`CircuitBreaker.record_success` and friends.

    Only the outcome of the probe may reopen a half-open breaker; failures of calls that started before the
    breaker opened are counted but must not restart the cool-down.
    """

    probe: bool
    generation: int


Listener = Callable[[BreakerStatus], None]


class CircuitBreaker:
    """Thread-safe circuit breaker with a growing cool-down.

    Use :meth:`acquire` before a call and report its outcome with :meth:`record_success`,
    :meth:`record_failure` or, when the call was abandoned without a verdict, :meth:`release`.
    Callables appended to :attr:`on_change` receive every new :class:`BreakerStatus`; they run on the thread
    that caused the change, outside the breaker's lock, and their exceptions are logged and ignored.
    """

    def __init__(
        self,
        failure_threshold: int = 3,
        base_cooldown: float = 5.0,
        max_cooldown: float = 120.0,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        if base_cooldown <= 0 or max_cooldown < base_cooldown:
            raise ValueError("cool-downs must satisfy 0 < base_cooldown <= max_cooldown")
        self.failure_threshold = failure_threshold
        self.base_cooldown = base_cooldown
        self.max_cooldown = max_cooldown
        self._clock = clock
        self._wall_clock = wall_clock
        self._lock = threading.Lock()
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._last_error: str | None = None
        self._cooldown = base_cooldown
        self._open_until = 0.0  # on the monotonic clock
        self._retry_at: float | None = None  # the same moment on the wall clock, for display
        self._probe_started = 0.0
        self._manual_probe = False
        # Bumped on every transition so a ticket issued in an earlier phase can be recognised.
        self._generation = 0
        self.on_change: list[Listener] = []

    def __repr__(self) -> str:
        status = self.status()
        return f"CircuitBreaker(state={status.state.value}, consecutive_failures={status.consecutive_failures})"

    # -- queries -------------------------------------------------------------------------------------------

    def status(self) -> BreakerStatus:
        """The current state, failure count, next retry time and last error."""
        with self._lock:
            return self._snapshot()

    @property
    def state(self) -> BreakerState:
        """Shortcut for ``status().state``."""
        with self._lock:
            return self._state

    # -- the call protocol ---------------------------------------------------------------------------------

    def acquire(self) -> Ticket:
        """Allow one call or fail fast.

        Raises :class:`EvolutionUnavailable` with ``circuit_open=True`` while the breaker is open, and while
        another caller's probe is in flight.
        """
        ticket: Ticket | None = None
        error: EvolutionUnavailable | None = None
        with self._lock:
            before = self._snapshot()
            if self._state is BreakerState.CLOSED:
                return Ticket(probe=False, generation=self._generation)
            now = self._clock()
            if self._state is BreakerState.HALF_OPEN and now - self._probe_started > self.max_cooldown:
                # The probe never reported back (its thread died, or a slow answer dripped past every
                # timeout); let another one through rather than stay stuck half-open forever.
                logger.warning("circuit breaker probe did not report back; allowing another probe")
                self._state = BreakerState.OPEN
                self._open_until = now
            if self._state is BreakerState.OPEN and now >= self._open_until:
                self._state = BreakerState.HALF_OPEN
                self._probe_started = now
                self._retry_at = self._wall_clock()
                self._generation += 1
                ticket = Ticket(probe=True, generation=self._generation)
            else:
                error = self._fail_fast_error()
            after = self._snapshot()
        self._notify(before, after)
        if error is not None:
            raise error
        assert ticket is not None
        return ticket

    def record_success(self, ticket: Ticket) -> None:
        """The server answered (a 4xx included): close the breaker and forget past failures."""
        del ticket  # any sign of life closes the breaker, whoever brings it
        with self._lock:
            before = self._snapshot()
            if self._state is not BreakerState.CLOSED:
                logger.info("Evolution API reachable again; circuit breaker closed")
                self._generation += 1
            self._state = BreakerState.CLOSED
            self._failures = 0
            self._cooldown = self.base_cooldown
            self._retry_at = None
            self._manual_probe = False
            after = self._snapshot()
        self._notify(before, after)

    def record_failure(self, ticket: Ticket, reason: str) -> None:
        """The server could not be used (network, timeout, 5xx, unreadable answer)."""
        with self._lock:
            before = self._snapshot()
            self._failures += 1
            self._last_error = reason
            if self._state is BreakerState.CLOSED:
                if self._failures >= self.failure_threshold:
                    self._open(self.base_cooldown)
            elif self._state is BreakerState.HALF_OPEN and ticket.probe and ticket.generation == self._generation:
                # An operator's "retry now" should not punish the fleet with a longer wait when it fails.
                grown = self._cooldown if self._manual_probe else min(self._cooldown * 2, self.max_cooldown)
                self._open(grown)
            after = self._snapshot()
        self._notify(before, after)

    def release(self, ticket: Ticket) -> None:
        """The call ended without a verdict (e.g. interrupted): free the probe slot, change nothing else."""
        with self._lock:
            before = self._snapshot()
            if self._state is BreakerState.HALF_OPEN and ticket.probe and ticket.generation == self._generation:
                self._state = BreakerState.OPEN
                self._open_until = self._clock()
                self._retry_at = self._wall_clock()
                self._generation += 1
            after = self._snapshot()
        self._notify(before, after)

    def reset(self) -> None:
        """Let the next call through at once (the "retry now" button).

        An open breaker becomes due for its probe immediately; a closed one forgets its failures. A failed
        manual probe reopens the breaker without growing the cool-down.
        """
        with self._lock:
            before = self._snapshot()
            if self._state is BreakerState.OPEN:
                self._open_until = self._clock()
                self._retry_at = self._wall_clock()
                self._manual_probe = True
            elif self._state is BreakerState.CLOSED:
                self._failures = 0
            after = self._snapshot()
        self._notify(before, after)

    # -- internals (called with the lock held, except _notify) -----------------------------------------------

    def _open(self, cooldown: float) -> None:
        self._state = BreakerState.OPEN
        self._cooldown = cooldown
        self._open_until = self._clock() + cooldown
        self._retry_at = self._wall_clock() + cooldown
        self._manual_probe = False
        self._generation += 1
        logger.warning(
            "Evolution API unavailable after %d consecutive failures; failing fast for %.0f s",
            self._failures,
            cooldown,
        )

    def _snapshot(self) -> BreakerStatus:
        return BreakerStatus(
            state=self._state,
            consecutive_failures=self._failures,
            retry_at=self._retry_at if self._state is not BreakerState.CLOSED else None,
            last_error=self._last_error,
        )

    def _fail_fast_error(self) -> EvolutionUnavailable:
        if self._state is BreakerState.HALF_OPEN:
            when = "a reconnection attempt is in progress"
        else:
            assert self._retry_at is not None
            when = f"next attempt at {datetime.fromtimestamp(self._retry_at).strftime('%H:%M:%S')}"
        reason = f" (last error: {self._last_error})" if self._last_error else ""
        return EvolutionUnavailable(
            f"Evolution API unavailable{reason}; {when}",
            server_message=self._last_error,
            retry_at=self._retry_at,
            circuit_open=True,
        )

    def _notify(self, before: BreakerStatus, after: BreakerStatus) -> None:
        if before == after:
            return
        for listener in list(self.on_change):
            try:
                listener(after)
            except Exception:
                logger.exception("circuit breaker listener failed")
