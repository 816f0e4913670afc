"""Counting a chip's connection over time: health states, drops, seconds up and counted. Pure Python.

Kept apart from :mod:`evodesk.store.history` (which reads and writes the tables) so that the window can use the
health types without loading SQLAlchemy at start. The states and the rules are described there.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from evodesk.domain import ConnectionState

DAY: Final = 86_400
UP: Final = "up"
DOWN: Final = "down"
OFF: Final = "off"
NO_REASON: Final = -1


def epoch(value: datetime) -> int:
    """Whole seconds since the Unix epoch of an aware datetime."""
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: history only takes timezone-aware values")
    return int(value.timestamp())


def from_epoch(seconds: int) -> datetime:
    """The aware UTC datetime of an epoch second."""
    return datetime.fromtimestamp(seconds, UTC)


# -- counting ------------------------------------------------------------------------------------------------


_OPEN: Final = ConnectionState.OPEN.value  # read as a plain string: an enum member's value is a slow lookup


def next_state(current: str, to_state: str, planned: bool) -> str:
    """The health state after a transition to ``to_state`` from health state ``current``."""
    if to_state == _OPEN:
        return UP
    if planned or current == OFF:
        return OFF
    return DOWN


def is_drop(current: str, to_state: str, planned: bool) -> bool:
    """A drop: a connected chip left ``open`` without the operator asking for it."""
    return current == UP and to_state != _OPEN and not planned


@dataclass(frozen=True, slots=True)
class Step:
    """One transition as counting needs it (times in epoch seconds)."""

    at: int
    to_state: str
    reason_code: int | None
    planned: bool


@dataclass(slots=True)
class Tally:
    """Seconds up and counted, drops and their reasons over one stretch of time."""

    connected_s: int = 0
    known_s: int = 0
    drops: int = 0
    transitions: int = 0
    last_drop_at: int | None = None
    reasons: dict[int, int] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        """Fold ``other`` (a later or disjoint stretch) into this one."""
        self.connected_s += other.connected_s
        self.known_s += other.known_s
        self.drops += other.drops
        self.transitions += other.transitions
        if other.last_drop_at is not None and (self.last_drop_at is None or other.last_drop_at > self.last_drop_at):
            self.last_drop_at = other.last_drop_at
        for code, count in other.reasons.items():
            self.reasons[code] = self.reasons.get(code, 0) + count


def replay(state: str, steps: Iterable[Step], start: int, end: int, tally: Tally | None = None) -> tuple[Tally, str]:
    """Count ``[start, end)`` for a chip in health ``state`` at ``start`` going through ``steps`` (in order).

    Steps before ``start`` only move the state; steps at or after ``end`` are ignored. A step dated before the one
    that precedes it counts at the earlier one's time, so time never runs backwards.
    """
    tally = tally if tally is not None else Tally()
    moment = start
    for step in steps:
        if step.at >= end:
            break
        if step.at > moment:
            _account(tally, state, step.at - moment)
            moment = step.at
        if step.at >= start:
            tally.transitions += 1
            if is_drop(state, step.to_state, step.planned):
                tally.drops += 1
                code = NO_REASON if step.reason_code is None else step.reason_code
                tally.reasons[code] = tally.reasons.get(code, 0) + 1
                tally.last_drop_at = max(moment, start)
        state = next_state(state, step.to_state, step.planned)
    if end > moment:
        _account(tally, state, end - moment)
    return tally, state


def replay_windows(state: str, steps: Iterable[Step], starts: Sequence[int], end: int) -> tuple[list[Tally], str]:
    """:func:`replay` over several windows ``[start, end)`` sharing their end, in one pass over the steps."""
    tallies = [Tally() for _ in starts]
    windows = list(zip(starts, tallies, strict=True))
    moment = min(starts)
    for step in steps:
        at = step.at
        if at >= end:
            break
        if at > moment:
            if state != OFF:
                for start, tally in windows:
                    low = moment if moment > start else start
                    if at > low:
                        _account(tally, state, at - low)
            moment = at
        dropped = is_drop(state, step.to_state, step.planned)
        for start, tally in windows:
            if at >= start:
                tally.transitions += 1
                if dropped:
                    tally.drops += 1
                    code = NO_REASON if step.reason_code is None else step.reason_code
                    tally.reasons[code] = tally.reasons.get(code, 0) + 1
                    tally.last_drop_at = max(moment, start)
        state = next_state(state, step.to_state, step.planned)
    if state != OFF:
        for start, tally in windows:
            low = moment if moment > start else start
            if end > low:
                _account(tally, state, end - low)
    return tallies, state


def _account(tally: Tally, state: str, seconds: int) -> None:
    if state == UP:
        tally.connected_s += seconds
        tally.known_s += seconds
    elif state == DOWN:
        tally.known_s += seconds


def drain(container: dict[Any, Any], every: int = 512) -> None:
    """Empty ``container`` a few hundred entries at a time, letting other threads run in between.

    A dict left to go out of scope is freed in one go: with a hundred thousand objects in it, that is one C call
    holding the interpreter lock (and the window's thread) for tens of milliseconds.
    """
    count = 0
    while container:
        _key, value = container.popitem()
        if isinstance(value, dict):
            drain(value, every)
        count += 1
        if count % every == 0:
            time.sleep(0)
