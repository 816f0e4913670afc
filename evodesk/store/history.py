"""Connection history of the chips: transitions as they are seen, whole days summarised, old history compacted.

Recording: the repository calls :func:`record_transitions` inside the same transaction as the chip write that
changes ``connection_state`` (a refresh's ``update_chips``, an operator action's ``update_chip``, a new chip's
``insert_chip``). The chip's row is locked by that write and its version moves by one, so a change is written by
exactly one process: a second workstation that read the old row either fails its version check or, re-reading,
finds the state already changed and has nothing to record. ``(chip_id, chip_version)`` is unique in the table,
so a copy cannot be stored even by a writer that got past those checks.

Counting: a chip is ``up`` while open, ``down`` after a *drop* (leaving ``open`` for any other state without the
operator asking for it: Evolution reports a reconnectable drop as ``connecting`` only, a final one as ``close``
with a reason code), and ``off`` before it was first seen connected and after an operator's disconnect, delete
or cancel until it connects again. ``up`` and ``down`` time is counted; ``off`` time is in neither figure, so a
chip waiting for its first scan or one the operator switched off does not look unhealthy.

Whole UTC days are summarised per chip into ``chip_health_days`` (seconds up, seconds counted, drops, the
state at the end of the day) and ``chip_health_reasons`` (drops per reason code) by :meth:`ConnectionHistory.
summarise`, which health calls for the days that have ended. A chip that is ``off`` all day and changed nothing
gets no row (``off`` is what a missing row means). :meth:`ConnectionHistory.compact` then deletes transitions
older than the retention (90 days): their days are summarised already, so totals are kept.

A drop the server dates (``disconnectionAt`` of a final close) is placed at that time when it is plausible
(not in the future, not before the chip's current connection began); that is how a drop during a gap while no
evodesk was running lands where it happened. It is never placed in a day already summarised.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Protocol, TypeVar, cast

from sqlalchemy import case, delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from evodesk.domain import Actor, ConnectionState
from evodesk.store.counting import (
    DAY,
    OFF,
    Step,
    Tally,
    drain,
    epoch,
    from_epoch,
    replay,
)
from evodesk.store.models import ChipHealthDayRow, ChipHealthReasonRow, ChipRow, ChipTransitionRow


class _StoreSessions(Protocol):
    """What the history needs of ``Store`` (named structurally: the repository imports this module)."""

    backend: str

    def _session(self, *, write: bool = False) -> Any: ...


RETENTION_DAYS: Final = 90
_V = TypeVar("_V")

SOURCE_REFRESH: Final = "refresh"
SOURCE_EVENT: Final = "event"
SOURCE_OPERATOR: Final = "operator"
SOURCE_UPGRADE: Final = "upgrade"

# Audit actions whose connection change the operator asked for: not drops, and the chip is "off" afterwards.
PLANNED_ACTIONS: Final = frozenset({"disconnect", "delete", "mark_cancelled"})
_RECORDED_STATES: Final = frozenset(
    {ConnectionState.OPEN.value, ConnectionState.CONNECTING.value, ConnectionState.CLOSE.value, "refused"}
)
_IDS_PER_QUERY: Final = 500
_T = ChipTransitionRow.__table__
_D = ChipHealthDayRow.__table__
_R = ChipHealthReasonRow.__table__


def source_for_action(action: str) -> str:
    """Which kind of observation an audit action is: ``sync``/``drop`` a refresh, ``event…`` an event, else operator."""
    # A refresh writes its changes as "sync", and a connected chip it finds disconnected as "drop".
    if action in ("sync", "drop"):
        return SOURCE_REFRESH
    if action.startswith("event"):
        return SOURCE_EVENT
    return SOURCE_OPERATOR


# -- recording (called by the repository inside its write transaction) ---------------------------------------


def record_transitions(
    session: Session,
    writes: Sequence[tuple[int, int, Mapping[str, Any]]],
    *,
    actor: Actor,
    action: str,
    now: datetime,
) -> None:
    """Record the connection changes among ``writes`` = (chip id, version being written, column values).

    Must run in the chip write's transaction, after its rows are locked and before they are updated: the state
    the rows hold now is the state being left.
    """
    wanted = [(chip_id, version, values) for chip_id, version, values in writes if "connection_state" in values]
    if not wanted:
        return
    before: dict[int, tuple[str, datetime | None]] = {}
    ids = [chip_id for chip_id, _version, _values in wanted]
    for first in range(0, len(ids), _IDS_PER_QUERY):
        query = select(ChipRow.id, ChipRow.connection_state, ChipRow.connected_at).where(
            ChipRow.id.in_(ids[first : first + _IDS_PER_QUERY])
        )
        for chip_id, state, connected_at in session.execute(query):
            before[chip_id] = (state, connected_at)
    seen = epoch(now)
    rows: list[dict[str, Any]] = []
    horizon: int | None = None
    for chip_id, version, values in wanted:
        to_state = _state_text(values["connection_state"])
        from_state, connected_at = before.get(chip_id, (None, None))
        if to_state == from_state or to_state not in _RECORDED_STATES:
            continue
        at = seen
        reported = values.get("disconnected_at")
        if to_state != ConnectionState.OPEN.value and isinstance(reported, datetime):
            candidate = epoch(reported)
            floor = epoch(connected_at) if connected_at is not None else None
            if candidate <= seen and (floor is None or candidate >= floor):
                if candidate < seen - seen % DAY:
                    # Days already summarised are final: a late date lands at the start of the first open day.
                    if horizon is None:
                        horizon = _summarised_horizon(session)
                    candidate = max(candidate, horizon)
                at = candidate
        rows.append(
            _row(chip_id, version, at, seen, from_state, to_state, values.get("disconnect_reason_code"), actor, action)
        )
    if rows:
        session.execute(insert(ChipTransitionRow), rows)


def record_first_state(
    session: Session, chip_id: int, state: ConnectionState | str, *, actor: Actor, action: str, now: datetime
) -> None:
    """The state a new chip starts in (version 1), when it is one worth recording."""
    to_state = _state_text(state)
    if to_state in _RECORDED_STATES:
        seen = epoch(now)
        session.execute(insert(ChipTransitionRow), [_row(chip_id, 1, seen, seen, None, to_state, None, actor, action)])


def _state_text(value: object) -> str:
    return value.value if isinstance(value, ConnectionState) else str(value)


def _row(
    chip_id: int,
    version: int,
    at: int,
    seen: int,
    from_state: str | None,
    to_state: str,
    reason: object,
    actor: Actor,
    action: str,
) -> dict[str, Any]:
    return {
        "chip_id": chip_id,
        "chip_version": version,
        "at": at,
        "seen_at": seen,
        "from_state": from_state,
        "to_state": to_state,
        "reason_code": reason if isinstance(reason, int) and to_state != ConnectionState.OPEN.value else None,
        "source": source_for_action(action),
        "planned": action in PLANNED_ACTIONS,
        "seen_by": f"{actor.os_user}@{actor.host}"[:255],
    }


def _summarised_horizon(session: Session) -> int:
    last = session.scalar(select(func.max(_D.c.day)))
    return 0 if last is None else (int(last) + 1) * DAY


# -- reading, summarising, compacting ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Transition:
    """One recorded transition, as the details timeline and tests read it."""

    chip_id: int
    chip_version: int
    at: datetime
    seen_at: datetime
    from_state: str | None
    to_state: str
    reason_code: int | None
    source: str
    planned: bool
    seen_by: str


@dataclass(frozen=True, slots=True)
class DaySums:
    """Sums of whole summarised days for one chip."""

    connected_s: int
    known_s: int
    drops: int
    last_drop_at: int | None


def _plain_rows(session: Session, query: Any) -> list[Any]:
    """The driver's own rows of a query of plain columns (ints and strings, nothing to convert).

    Health reads a hundred thousand rows and more; building SQLAlchemy ``Row`` objects for them costs about as
    much as the database's work.
    """
    result = session.execute(query)
    cursor = result.cursor  # type: ignore[attr-defined]
    rows: list[Any] = []
    try:
        # In parts: psycopg converts a whole fetchall() without letting go of the interpreter lock.
        while chunk := cursor.fetchmany(2000):
            rows.extend(chunk)
    finally:
        result.close()
    return rows


class ConnectionHistory:
    """Reads and maintenance of the connection history of one store (``Store.history``)."""

    def __init__(self, store: _StoreSessions) -> None:
        self._store = store
        self._settled: dict[tuple[Any, ...], Any] = {}
        self._settled_today: int | None = None

    def settled(self, today: int, key: tuple[Any, ...], load: Callable[[], _V]) -> _V:
        """``load()``, remembered until ``today`` changes.

        For reads of days that have ended and are summarised: their transitions and summaries no longer change
        (a late drop is never dated before the first day not summarised), so health reads them once a day
        instead of at every computation.
        """
        if self._settled_today != today:
            drain(self._settled)
            self._settled_today = today
        if key not in self._settled:
            self._settled[key] = load()
        return cast(_V, self._settled[key])

    # The store's sessions: same transaction handling and error translation as every chip read and write.
    def _session(self, *, write: bool = False) -> Any:
        return self._store._session(write=write)

    def transitions(
        self, chip_id: int | None = None, *, since: int | None = None, until: int | None = None
    ) -> list[Transition]:
        """Recorded transitions, oldest first (chip, then time and version), optionally for one chip and a range."""
        query = select(_T).order_by(_T.c.chip_id, _T.c.chip_version)
        if chip_id is not None:
            query = query.where(_T.c.chip_id == chip_id)
        if since is not None:
            query = query.where(_T.c.at >= since)
        if until is not None:
            query = query.where(_T.c.at < until)
        with self._session() as session:
            return [
                Transition(
                    row.chip_id,
                    row.chip_version,
                    from_epoch(row.at),
                    from_epoch(row.seen_at),
                    row.from_state,
                    row.to_state,
                    row.reason_code,
                    row.source,
                    bool(row.planned),
                    row.seen_by,
                )
                for row in session.execute(query)
            ]

    def steps_between(self, start: int, end: int, chip_id: int | None = None) -> dict[int, list[Step]]:
        """Per chip, the steps dated in ``[start, end)``, in recording order."""
        query = (
            select(_T.c.chip_id, _T.c.at, _T.c.to_state, _T.c.reason_code, _T.c.planned)
            .where(_T.c.at >= start, _T.c.at < end)
            .order_by(_T.c.chip_id, _T.c.chip_version)
        )
        if chip_id is not None:
            query = query.where(_T.c.chip_id == chip_id)
        steps: dict[int, list[Step]] = defaultdict(list)
        with self._session() as session:
            rows = _plain_rows(session, query)
        for cid, at, to_state, reason, planned in rows:
            steps[cid].append(Step(at, to_state, reason, bool(planned)))
        return steps

    def end_states(self, day: int, chip_id: int | None = None) -> dict[int, str]:
        """The health state of each chip at the end of ``day`` (chips without a row there are ``off``)."""
        query = select(_D.c.chip_id, _D.c.end_state).where(_D.c.day == day)
        if chip_id is not None:
            query = query.where(_D.c.chip_id == chip_id)
        with self._session() as session:
            return {cid: state for cid, state in _plain_rows(session, query) if state != OFF}

    def day_sums(self, firsts: Sequence[int], last_day: int) -> dict[int, list[DaySums]]:
        """Per chip, the sums of its summarised days from each of ``firsts`` to ``last_day`` (one scan for all)."""
        columns: list[Any] = [_D.c.chip_id]
        for first in firsts:
            inside = _D.c.day >= first
            columns += [
                func.sum(case((inside, _D.c.connected_s), else_=0)),
                func.sum(case((inside, _D.c.known_s), else_=0)),
                func.sum(case((inside, _D.c.drops), else_=0)),
                func.max(case((inside, _D.c.last_drop_at), else_=None)),
            ]
        query = select(*columns).where(_D.c.day >= min(firsts), _D.c.day <= last_day).group_by(_D.c.chip_id)
        with self._session() as session:
            rows = session.execute(query).tuples().all()
        sums: dict[int, list[DaySums]] = {}
        for cid, *values in rows:
            sums[cid] = [
                DaySums(int(values[i]), int(values[i + 1]), int(values[i + 2]), values[i + 3])
                for i in range(0, len(values), 4)
            ]
        return sums

    def day_reasons(self, firsts: Sequence[int], last_day: int) -> dict[int, list[dict[int, int]]]:
        """Per chip, drops by reason code over the summarised days from each of ``firsts`` to ``last_day``."""
        columns: list[Any] = [_R.c.chip_id, _R.c.reason_code]
        columns += [func.sum(case((_R.c.day >= first, _R.c.drops), else_=0)) for first in firsts]
        query = (
            select(*columns)
            .where(_R.c.day >= min(firsts), _R.c.day <= last_day)
            .group_by(_R.c.chip_id, _R.c.reason_code)
        )
        reasons: dict[int, list[dict[int, int]]] = {}
        with self._session() as session:
            rows = session.execute(query).tuples().all()
        for cid, code, *counts in rows:
            per_window = reasons.setdefault(cid, [{} for _ in firsts])
            for window, count in zip(per_window, counts, strict=True):
                if count:
                    window[code] = int(count)
        return reasons

    def fleet_days(self, first_day: int, last_day: int) -> dict[int, tuple[int, int]]:
        """Per summarised day: the fleet's seconds up and seconds counted."""
        query = (
            select(_D.c.day, func.sum(_D.c.connected_s), func.sum(_D.c.known_s))
            .where(_D.c.day >= first_day, _D.c.day <= last_day)
            .group_by(_D.c.day)
        )
        with self._session() as session:
            return {day: (int(up), int(known)) for day, up, known in session.execute(query)}

    def last_drops(self) -> dict[int, int]:
        """Per chip, the time of its last drop among summarised days (all of them, compacted ones included)."""
        query = select(_D.c.chip_id, func.max(_D.c.last_drop_at)).where(_D.c.drops > 0).group_by(_D.c.chip_id)
        with self._session() as session:
            return {cid: int(last) for cid, last in session.execute(query) if last is not None}

    def summarised_through(self) -> int | None:
        """The last day summarised, or None when nothing is."""
        with self._session() as session:
            last = session.scalar(select(func.max(_D.c.day)))
        return None if last is None else int(last)

    def summarise(self, through_day: int) -> int:
        """Summarise every day up to ``through_day`` not summarised yet; return how many days were written.

        Several workstations may do this at once: they compute the same rows from the same transitions, and a
        row already there is kept (insert … on conflict do nothing).
        """
        last = self.summarised_through()
        if last is None:
            with self._session() as session:
                first_at = session.scalar(select(func.min(_T.c.at)))
            if first_at is None:
                return 0
            day = int(first_at) // DAY
            states: dict[int, str] = {}
        else:
            day = last + 1
            states = self.end_states(last)
        written = 0
        while day <= through_day:
            start = day * DAY
            steps = self.steps_between(start, start + DAY)
            days: list[dict[str, Any]] = []
            reasons: list[dict[str, Any]] = []
            next_states: dict[int, str] = {}
            for chip_id in sorted(set(states) | set(steps)):
                tally, end_state = replay(states.get(chip_id, OFF), steps.get(chip_id, ()), start, start + DAY)
                if end_state == OFF and tally.known_s == 0 and tally.transitions == 0:
                    continue
                if end_state != OFF:
                    next_states[chip_id] = end_state
                days.append(
                    {
                        "day": day,
                        "chip_id": chip_id,
                        "connected_s": tally.connected_s,
                        "known_s": tally.known_s,
                        "drops": tally.drops,
                        "transitions": tally.transitions,
                        "end_state": end_state,
                        "last_drop_at": tally.last_drop_at,
                    }
                )
                reasons.extend(
                    {"day": day, "chip_id": chip_id, "reason_code": code, "drops": count}
                    for code, count in tally.reasons.items()
                )
            with self._session(write=True) as session:
                self._insert_new(session, ChipHealthDayRow, days)
                self._insert_new(session, ChipHealthReasonRow, reasons)
            states = next_states
            written += 1
            day += 1
        return written

    def _insert_new(self, session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        dialect = postgresql if self._store.backend == "postgresql" else sqlite
        statement = dialect.insert(model).on_conflict_do_nothing()
        # Batches of 1,000 rows: the driver adapts a batch's parameters without letting go of the interpreter lock.
        for first in range(0, len(rows), 1000):
            session.execute(statement, rows[first : first + 1000])

    def compact(self, now: datetime, *, keep_days: int = RETENTION_DAYS) -> int:
        """Summarise what has not been, then delete transitions dated before the retention; return how many.

        Only whole days that are summarised are deleted, so every drop and every second stays counted in
        ``chip_health_days``.
        """
        today = epoch(now) // DAY
        cutoff_day = today - keep_days
        self.summarise(today - 1)
        last = self.summarised_through()
        if last is None:
            return 0
        cutoff = min(cutoff_day, last + 1) * DAY
        with self._session(write=True) as session:
            result = session.execute(delete(ChipTransitionRow).where(_T.c.at < cutoff))
            return int(result.rowcount)

    def totals(self, now: datetime) -> dict[int, Tally]:
        """Per chip, everything ever counted up to ``now``: summarised days, then the transitions after them."""
        end = epoch(now)
        last = self.summarised_through()
        result: dict[int, Tally] = defaultdict(Tally)
        with self._session() as session:
            query = select(
                _D.c.chip_id,
                func.sum(_D.c.connected_s),
                func.sum(_D.c.known_s),
                func.sum(_D.c.drops),
                func.sum(_D.c.transitions),
                func.max(_D.c.last_drop_at),
            ).group_by(_D.c.chip_id)
            for cid, up, known, drops, count, last_drop in session.execute(query):
                result[cid].add(Tally(int(up), int(known), int(drops), int(count), last_drop))
            reasons = select(_R.c.chip_id, _R.c.reason_code, func.sum(_R.c.drops)).group_by(
                _R.c.chip_id, _R.c.reason_code
            )
            for cid, code, drops in session.execute(reasons):
                result[cid].reasons[code] = result[cid].reasons.get(code, 0) + int(drops)
        # Before its first transition a chip is "off", which counts nothing: starting at 0 is exact.
        start = 0 if last is None else (last + 1) * DAY
        states = {} if last is None else self.end_states(last)
        steps = self.steps_between(start, end + 1)
        for chip_id in set(states) | set(steps):
            tally, _state = replay(states.get(chip_id, OFF), steps.get(chip_id, ()), start, end)
            result[chip_id].add(tally)
        return dict(result)
