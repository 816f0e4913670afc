"""Chip health from the connection history: uptime, drops and their reasons, flapping, the fleet over time.

Plain functions over a :class:`~evodesk.store.Store`, free of Qt, meant to run on a worker (the window's task
runner): :func:`fleet_health` for the "Saúde" column, the at-risk list and the fleet chart, :func:`chip_timeline`
for one chip's details. They return frozen dataclasses.

How time counts (see :mod:`evodesk.store.history` for the states):

* Uptime over a window is seconds ``up`` / seconds ``up`` or ``down`` in it. Time ``off`` counts in neither: a
  chip created in the middle of a window, or never connected yet, is judged on the time since it first
  connected; a chip that was ``off`` the whole window has no uptime (None), not 0 %.
* A gap while no evodesk was running counts as the state last recorded: nobody saw anything change. When the
  server dates a final drop (``disconnectionAt``), the drop is placed at that time, so a chip that dropped
  during the gap counts as down from when it dropped, not from when evodesk came back. A drop that was undone
  within the gap (a reconnectable drop reconnecting) is not seen by anyone and is not counted.
* A drop is counted in the window of the moment it happened. ``Time since the last drop`` looks at all history,
  compacted days included.
* Flapping: at least ``HealthPolicy.flap_drops`` drops in the last ``flap_hours`` hours (3 in 24 h by default;
  ``Settings.flap_drops`` / ``Settings.flap_hours``).

Windows are exact (the last 24 hours, 7 × 24 hours, 30 × 24 hours up to ``now``): whole UTC days inside a window
come from the daily summaries, the partial days at its ends from the transitions. Days that ended and are not
summarised yet are summarised first (once a day, by whichever workstation asks first), and then transitions
older than 90 days are compacted into those summaries.
"""

from __future__ import annotations

import gc
import heapq
import math
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from evodesk.domain import Chip, ChipStatus, ConnectionState
from evodesk.services.export import Cell, write_csv
from evodesk.store.counting import (
    DAY,
    DOWN,
    NO_REASON,
    OFF,
    UP,
    Step,
    Tally,
    drain,
    epoch,
    from_epoch,
    is_drop,
    next_state,
    replay,
    replay_windows,
)

if TYPE_CHECKING:
    from evodesk.config import Settings
    from evodesk.store import Store

HOUR: Final = 3600
WINDOW_DAYS: Final = (1, 7, 30)
TIMELINE_DAYS: Final = 7

# Baileys' DisconnectReason codes as Evolution passes them on; the window translates the kind.
REASON_KINDS: Final[Mapping[int, str]] = {
    401: "logged_out",
    403: "forbidden",
    408: "timed_out",
    411: "multidevice_mismatch",
    428: "connection_closed",
    440: "replaced",
    500: "bad_session",
    503: "service_unavailable",
    515: "restart_required",
}


def reason_kind(code: int | None) -> str:
    """A stable name for a drop's reason code: ``reconnecting`` when the server gave none, ``other`` when unknown."""
    if code is None or code == NO_REASON:
        return "reconnecting"
    return REASON_KINDS.get(code, "other")


@dataclass(frozen=True, slots=True)
class HealthPolicy:
    """When a chip is flapping, and how many chips the at-risk list holds."""

    flap_drops: int = 3
    flap_hours: float = 24.0
    at_risk: int = 10

    @classmethod
    def from_settings(cls, settings: Settings) -> HealthPolicy:
        """The flapping rule of the settings (``health/flap_drops``, ``health/flap_hours``)."""
        return cls(flap_drops=settings.flap_drops, flap_hours=settings.flap_hours)

    def __post_init__(self) -> None:
        if self.flap_drops < 1:
            raise ValueError("flap_drops must be at least 1")
        if not 1.0 <= self.flap_hours <= 24.0:
            raise ValueError("flap_hours must be between 1 and 24")


@dataclass(frozen=True, slots=True)
class WindowHealth:
    """One chip over one window.

    Attributes:
        uptime: seconds up / seconds counted (0.0–1.0), None when nothing was counted (the chip was ``off``).
        counted_s: seconds up or down in the window.
        drops: drops in the window.
        reasons: (reason code or None, drops), most frequent first.
    """

    uptime: float | None
    counted_s: int
    drops: int
    reasons: tuple[tuple[int | None, int], ...] = ()


@dataclass(frozen=True, slots=True)
class ChipHealth:
    """Health of one chip at ``FleetHealth.at``: windows of 24 h, 7 days and 30 days."""

    chip_id: int
    state: str
    day: WindowHealth
    week: WindowHealth
    month: WindowHealth
    last_drop_at: datetime | None
    flapping: bool
    flap_drops: int

    def since_last_drop(self, now: datetime) -> timedelta | None:
        """How long ago the last drop was (None when the chip never dropped)."""
        return None if self.last_drop_at is None else max(now - self.last_drop_at, timedelta(0))

    @property
    def sort_key(self) -> tuple[float, ...]:
        """Orders chips from the most to the least at risk (ascending sort): the "Saúde" column's sort order."""
        week = self.week.uptime if self.week.uptime is not None else 1.0
        return (-int(self.flapping), -self.day.drops, -self.week.drops, week, -self.month.drops)


@dataclass(frozen=True, slots=True)
class FleetPoint:
    """The fleet over ``[start, end)``: the average number of chips connected, and of chips counted."""

    start: datetime
    end: datetime
    connected: float
    counted: float


@dataclass(frozen=True, slots=True)
class FleetHealth:
    """Everything the health column, the at-risk list and the fleet chart show.

    Attributes:
        at: the moment it was computed for.
        chips: health per chip id (chips without any history are absent).
        daily: the last 30 whole UTC days, oldest first.
        hourly: the last 24 hours, hour by hour, oldest first (the last one ends at ``at``).
        at_risk: ids of the chips most at risk, most first (only chips that dropped or are down).
    """

    at: datetime
    chips: Mapping[int, ChipHealth]
    daily: tuple[FleetPoint, ...]
    hourly: tuple[FleetPoint, ...]
    at_risk: tuple[int, ...]
    flapping: frozenset[int] = field(default_factory=frozenset)

    def get(self, chip_id: int) -> ChipHealth | None:
        """The chip's health, None when it has no history."""
        return self.chips.get(chip_id)


def fleet_health(store: Store, now: datetime | None = None, policy: HealthPolicy | None = None) -> FleetHealth:
    """Health of every chip with history, the fleet series and the at-risk list, at ``now`` (default: now)."""
    # Hundreds of thousands of short-lived objects and no cycles among them: full collections meanwhile would
    # stop every thread, the window's included, for tens of milliseconds (as during a fleet refresh).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _fleet_health(store, now, policy or HealthPolicy())
    finally:
        if was_enabled:
            gc.enable()


def _fleet_health(store: Store, now: datetime | None, policy: HealthPolicy) -> FleetHealth:
    moment = datetime.now(UTC) if now is None else now
    end = _end_of(moment)
    today = end // DAY
    history = store.history
    if history.summarise(today - 1):
        # A day has ended since the last computation: once a day, the history past the retention is compacted.
        history.compact(moment)

    # The last 24 hours (and the flapping window) come from the transitions since the start of the day before.
    recent_day = (end - DAY) // DAY
    recent_states = history.settled(today, ("end", recent_day - 1), lambda: history.end_states(recent_day - 1))
    recent = history.steps_between(recent_day * DAY, end + 1)
    chips = set(recent_states) | set(recent)
    windows: dict[int, dict[int, Tally]] = {days: {} for days in WINDOW_DAYS}
    flap_start = end - int(policy.flap_hours * HOUR)
    flap: dict[int, int] = {}
    today_tally: dict[int, Tally] = {}
    state_now: dict[int, str] = {}
    starts = (end - DAY, today * DAY, flap_start)
    for chip_id in _yielding(chips):
        (last_day, today_part, flap_part), state_now[chip_id] = replay_windows(
            recent_states.get(chip_id, OFF), recent.get(chip_id, ()), starts, end
        )
        windows[1][chip_id], today_tally[chip_id], flap[chip_id] = last_day, today_part, flap_part.drops

    # 7 and 30 days: the partial first day, whole days from the summaries, today.
    long_windows = WINDOW_DAYS[1:]
    first_days = [(end - days * DAY) // DAY for days in long_windows]
    firsts = [day + 1 for day in first_days]
    sums = history.settled(today, ("sums", *firsts), lambda: history.day_sums(firsts, today - 1))
    reasons = history.settled(today, ("reasons", *firsts), lambda: history.day_reasons(firsts, today - 1))
    for index, (days, first_day) in enumerate(zip(long_windows, first_days, strict=True)):
        start = end - days * DAY
        states = history.settled(today, ("end", first_day - 1), partial(history.end_states, first_day - 1))
        head = history.settled(
            today, ("steps", first_day), partial(history.steps_between, first_day * DAY, (first_day + 1) * DAY)
        )
        target = windows[days]
        for chip_id in _yielding(set(states) | set(head) | set(sums) | set(today_tally)):
            tally, _ = replay(states.get(chip_id, OFF), head.get(chip_id, ()), start, (first_day + 1) * DAY)
            whole = sums.get(chip_id)
            if whole is not None:
                part = whole[index]
                tally.add(Tally(part.connected_s, part.known_s, part.drops, 0, part.last_drop_at))
                for code, count in reasons.get(chip_id, [{}] * len(long_windows))[index].items():
                    tally.reasons[code] = tally.reasons.get(code, 0) + count
            if chip_id in today_tally:
                tally.add(today_tally[chip_id])
            target[chip_id] = tally
            chips.add(chip_id)

    last_drops = history.settled(today, ("last_drops",), history.last_drops)
    result: dict[int, ChipHealth] = {}
    for chip_id in _yielding(chips):
        day, week, month = (windows[d].get(chip_id) or Tally() for d in WINDOW_DAYS)
        last = max((t for t in (month.last_drop_at, last_drops.get(chip_id)) if t is not None), default=None)
        result[chip_id] = ChipHealth(
            chip_id=chip_id,
            state=state_now.get(chip_id, OFF),
            day=_window(day),
            week=_window(week),
            month=_window(month),
            last_drop_at=None if last is None else from_epoch(last),
            flapping=flap.get(chip_id, 0) >= policy.flap_drops,
            flap_drops=flap.get(chip_id, 0),
        )
    at_risk = tuple(
        health.chip_id
        for health in heapq.nsmallest(
            policy.at_risk,
            # A chip that is off (switched off by the operator, deleted, never connected) is not about to be lost.
            (h for h in result.values() if h.state != OFF and (h.month.drops > 0 or h.state == DOWN)),
            key=lambda h: (*h.sort_key, h.chip_id),
        )
    )
    daily = _daily_series(history.settled(today, ("fleet",), lambda: history.fleet_days(today - 30, today - 1)), today)
    hourly = _hourly_series(recent_states, recent, end)
    flapping = frozenset(chip_id for chip_id, health in result.items() if health.flapping)
    _release(recent, today_tally, *windows.values())
    return FleetHealth(moment, result, daily, hourly, at_risk, flapping)


def _release(*containers: dict[Any, Any]) -> None:
    """Empty the big dicts of a computation bit by bit (see :func:`evodesk.store.counting.drain`)."""
    for container in containers:
        drain(container)


def _end_of(moment: datetime) -> int:
    # Rounded up: a transition recorded earlier in the same second as ``moment`` is before it, and counts.
    return math.ceil(moment.timestamp()) if moment.tzinfo is not None else epoch(moment)


def _yielding(chip_ids: Iterable[int], every: int = 256) -> Iterator[int]:
    """``chip_ids``, letting other threads run every ``every`` chips.

    The interpreter hands its lock to a waiting thread only every few milliseconds, and on a busy machine the
    window's thread then often misses its turn: an explicit pause lets it paint between parts of the fleet.
    """
    for index, chip_id in enumerate(chip_ids):
        if index % every == every - 1:
            time.sleep(0)
        yield chip_id


def _window(tally: Tally) -> WindowHealth:
    reasons = sorted(
        ((None if code == NO_REASON else code, count) for code, count in tally.reasons.items()),
        key=lambda item: (-item[1], item[0] if item[0] is not None else -1),
    )
    uptime = tally.connected_s / tally.known_s if tally.known_s else None
    return WindowHealth(uptime, tally.known_s, tally.drops, tuple(reasons))


def _daily_series(days: Mapping[int, tuple[int, int]], today: int) -> tuple[FleetPoint, ...]:
    points = []
    for day in range(today - 30, today):
        up, known = days.get(day, (0, 0))
        points.append(FleetPoint(from_epoch(day * DAY), from_epoch((day + 1) * DAY), up / DAY, known / DAY))
    return tuple(points)


def _hourly_series(states: Mapping[int, str], steps: Mapping[int, list[Step]], end: int) -> tuple[FleetPoint, ...]:
    """Average connected and counted chips per hour over the last 24 hours.

    Each chip's stretches are added to the hours they cover: the partial hours at their ends directly, the whole
    hours between through a difference array, so a stretch costs the same whatever its length. No sort of the
    whole fleet's changes: one long sort would hold the interpreter lock, and the window's thread with it.
    """
    start = end - DAY
    up_part = [0] * 24
    counted_part = [0] * 24
    up_whole = [0] * 25
    counted_whole = [0] * 25

    def add(low: int, high: int, part: list[int], whole: list[int]) -> None:
        first, last = (low - start) // HOUR, (high - start) // HOUR
        if first == last:
            part[first] += high - low
            return
        part[first] += start + (first + 1) * HOUR - low
        if last < 24:
            part[last] += high - (start + last * HOUR)
        if last - first > 1:
            whole[first + 1] += 1
            whole[last] -= 1

    for chip_id in _yielding(set(states) | set(steps)):
        state = states.get(chip_id, OFF)
        moment = start
        for step in steps.get(chip_id, ()):
            if step.at >= end:
                break
            if step.at > moment:
                if state != OFF:
                    add(moment, step.at, counted_part, counted_whole)
                    if state == UP:
                        add(moment, step.at, up_part, up_whole)
                moment = step.at
            state = next_state(state, step.to_state, step.planned)
        if state != OFF and end > moment:
            add(moment, end, counted_part, counted_whole)
            if state == UP:
                add(moment, end, up_part, up_whole)
    points: list[FleetPoint] = []
    up_hours = counted_hours = 0
    for hour in range(24):
        up_hours += up_whole[hour]
        counted_hours += counted_whole[hour]
        bucket = start + hour * HOUR
        points.append(
            FleetPoint(
                from_epoch(bucket),
                from_epoch(bucket + HOUR),
                up_hours + up_part[hour] / HOUR,
                counted_hours + counted_part[hour] / HOUR,
            )
        )
    return tuple(points)


# -- one chip's timeline -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Band:
    """A stretch of one state (``up``, ``down`` or ``off``) on a chip's timeline."""

    start: datetime
    end: datetime
    state: str


@dataclass(frozen=True, slots=True)
class DropMark:
    """A drop on a chip's timeline: when, to which connection state, and the server's reason code (or None)."""

    at: datetime
    to_state: str
    reason_code: int | None


@dataclass(frozen=True, slots=True)
class Timeline:
    """One chip over ``[start, end)``: consecutive bands covering it, and its drops."""

    chip_id: int
    start: datetime
    end: datetime
    bands: tuple[Band, ...]
    drops: tuple[DropMark, ...]


def chip_timeline(store: Store, chip_id: int, now: datetime | None = None, days: int = TIMELINE_DAYS) -> Timeline:
    """The last ``days`` days of one chip (7 by default) for the details panel."""
    moment = datetime.now(UTC) if now is None else now
    end = _end_of(moment)
    start = end - days * DAY
    first_day = start // DAY
    history = store.history
    state = history.end_states(first_day - 1, chip_id).get(chip_id, OFF)
    summarised = history.summarised_through()
    if summarised is None or summarised < first_day - 1:
        # Days not summarised yet: start from the beginning of what is recorded.
        first_day, state = 0, OFF
    steps = history.steps_between(first_day * DAY, end + 1, chip_id).get(chip_id, [])
    bands: list[Band] = []
    drops: list[DropMark] = []
    moment_s = start
    for step in steps:
        if step.at >= end:
            break
        after = next_state(state, step.to_state, step.planned)
        if step.at >= start:
            at = max(step.at, moment_s)
            if is_drop(state, step.to_state, step.planned):
                drops.append(DropMark(from_epoch(at), step.to_state, step.reason_code))
            if after != state:
                if at > moment_s:
                    bands.append(Band(from_epoch(moment_s), from_epoch(at), state))
                moment_s = at
        state = after
    bands.append(Band(from_epoch(moment_s), from_epoch(end), state))
    return Timeline(chip_id, from_epoch(start), from_epoch(end), _merged(bands), tuple(drops))


def _merged(bands: Sequence[Band]) -> tuple[Band, ...]:
    merged: list[Band] = []
    for band in bands:
        if merged and merged[-1].state == band.state:
            merged[-1] = Band(merged[-1].start, band.end, band.state)
        else:
            merged.append(band)
    return tuple(merged)


# -- filter, notification, export ----------------------------------------------------------------------------

_ATTENTION_STATES: Final = frozenset({ConnectionState.CLOSE, ConnectionState.REFUSED, ConnectionState.UNKNOWN})


def needs_attention(chip: Chip, health: ChipHealth | None) -> bool:
    """The "Needs attention" filter: a live chip that is not connected or not connecting, or that is flapping."""
    if chip.status is ChipStatus.CANCELLED:
        return False
    return chip.connection_state in _ATTENTION_STATES or (health is not None and health.flapping)


@dataclass(frozen=True, slots=True)
class FlapStarted:
    """A chip started flapping: ``drops`` drops in the last ``hours`` hours, as of ``at``."""

    chip_id: int
    drops: int
    hours: float
    at: datetime


class FlapWatch:
    """Tells listeners when a chip starts flapping, once per episode (the tray's notification).

    Feed it every :class:`FleetHealth` computed; a chip is reported when it is flapping and was not at the
    previous update, so one that stays flapping is not reported again, and one that calms down and starts again
    is. Listeners run in the thread that calls :meth:`update` (the window calls it on its own thread with the
    result its worker returned).
    """

    def __init__(self, policy: HealthPolicy | None = None) -> None:
        self.policy = policy or HealthPolicy()
        self._flapping: frozenset[int] = frozenset()
        self._listeners: list[Callable[[FlapStarted], None]] = []

    def subscribe(self, listener: Callable[[FlapStarted], None]) -> Callable[[], None]:
        """Call ``listener`` for every chip that starts flapping; returns a function that unsubscribes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def update(self, fleet: FleetHealth) -> list[FlapStarted]:
        """Compare with the previous update; notify and return the chips that started flapping."""
        started = [
            FlapStarted(chip_id, fleet.chips[chip_id].flap_drops, self.policy.flap_hours, fleet.at)
            for chip_id in sorted(fleet.flapping - self._flapping)
        ]
        self._flapping = fleet.flapping
        for event in started:
            for listener in list(self._listeners):
                listener(event)
        return started


HEALTH_CSV_FIELDS: Final = (
    "phone",
    "instance_name",
    "profile_name",
    "connection_state",
    "uptime_24h_percent",
    "uptime_7d_percent",
    "uptime_30d_percent",
    "drops_24h",
    "drops_7d",
    "drops_30d",
    "reasons_30d",
    "last_drop_at",
    "hours_since_last_drop",
    "flapping",
)


def _percent(window: WindowHealth) -> float | None:
    return None if window.uptime is None else round(window.uptime * 100, 1)


def health_csv_rows(
    chips: Iterable[Chip],
    fleet: FleetHealth,
    *,
    reason_label: Callable[[int | None], str] = lambda code: "-" if code is None else str(code),
) -> list[list[Cell]]:
    """Rows of the health table, in :data:`HEALTH_CSV_FIELDS` order, for :func:`write_health_csv`.

    ``reason_label`` names a reason code in the operator's language (the window passes its translated texts);
    reasons are written as ``label×count`` joined by ``, ``. Empty cells mean "no history".
    """
    rows: list[list[Cell]] = []
    for chip in chips:
        health = fleet.get(chip.id)
        if health is None:
            rows.append([chip.phone, chip.instance_name, chip.profile_name, chip.connection_state.value, *[None] * 10])
            continue
        since = health.since_last_drop(fleet.at)
        rows.append(
            [
                chip.phone,
                chip.instance_name,
                chip.profile_name,
                chip.connection_state.value,
                _percent(health.day),
                _percent(health.week),
                _percent(health.month),
                health.day.drops,
                health.week.drops,
                health.month.drops,
                ", ".join(f"{reason_label(code)}×{count}" for code, count in health.month.reasons) or None,
                health.last_drop_at,
                None if since is None else round(since.total_seconds() / HOUR, 1),
                health.flapping,
            ]
        )
    return rows


def write_health_csv(path: str | Path, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> int:
    """Write the health table as the other exports are written (formulas neutralised); return the row count."""
    if len(header) != len(HEALTH_CSV_FIELDS):
        raise ValueError(f"the health table has {len(HEALTH_CSV_FIELDS)} columns, the header {len(header)}")
    return write_csv(path, header, rows)
