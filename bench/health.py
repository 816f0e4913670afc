"""Chip health over a long history: 10,000 chips × 90 days, a few million transitions (``python -m bench.health``).

The history is written straight into ``chip_transitions`` (the driver's bulk insert: COPY on PostgreSQL, one
executemany on SQLite), as if evodesk had recorded it for 90 days. Chips are of three kinds, as fleets are: most
drop every few days and come back within minutes, some a few times a day, a few flap all day long. Then, with a
10 ms heartbeat timer on the Qt thread and health computed on a plain worker thread (as the window's task runner
would):

* the first computation, which summarises the 90 days of history into daily rows (once, after an upgrade);
* the first computation of a new day, which summarises the day that ended (once a day);
* the steady computation: every chip's 24 h / 7 d / 30 d figures, the fleet series and the at-risk list (budget
  ≤ 1 s), and the largest gap of the heartbeat while it runs (budget ≤ 50 ms);
* one chip's 7-day timeline; compaction of the days older than 90;
* the database size, and the transitions table's share of it.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, TypeVar

from bench.common import (
    Row,
    database,
    emit_rows,
    info,
    judged,
    median,
    postgres_admin_url,
    scratch_dir,
    seed_chips,
    skipped,
)

NAME = "health"
DAYS = 90
BUDGET_S = 1.0
GAP_BUDGET_MS = 50.0
_T = TypeVar("_T")


def history(chip_ids: list[int], now: int, seed: int = 20) -> Iterator[tuple[int, int, int, int, str, str, int | None]]:
    """(chip, version, at, seen_at, from, to, reason) of every transition of every chip over the last DAYS days."""
    rng = random.Random(seed)
    start = now - DAYS * 86_400
    for n, chip_id in enumerate(chip_ids):
        kind = n % 100
        # Mean hours between drops and mean minutes down after one.
        between, down = (120.0, 5.0) if kind < 80 else (8.0, 15.0) if kind < 95 else (0.8, 6.0)
        version = 1
        at = start + rng.randrange(0, 3600)
        state = "open"
        yield chip_id, version, at, at, "connecting", "open", None
        while True:
            at += max(60, int(rng.expovariate(1 / (between * 3600))))
            if at >= now:
                break
            reason = rng.choice((None, None, None, 428, 408, 440, 515, 401))
            to_state = "connecting" if reason is None else "close"
            version += 1
            yield chip_id, version, at, at, state, to_state, reason
            at += max(30, int(rng.expovariate(1 / (down * 60))))
            if at >= now:
                break
            version += 1
            yield chip_id, version, at, at, to_state, "open", None
            state = "open"


def write_history(url: str, now: int) -> int:
    """Write DAYS days of history for every chip in the database; return the number of transitions."""
    from sqlalchemy import select

    from evodesk.store.engine import create_engine, normalize_url
    from evodesk.store.models import ChipRow

    engine = create_engine(normalize_url(url), pooled=False)
    try:
        with engine.connect() as conn:
            ids = [chip_id for (chip_id,) in conn.execute(select(ChipRow.id).order_by(ChipRow.id))]
        raw: Any = engine.raw_connection()
        count = 0
        try:
            cursor = raw.cursor()
            if engine.dialect.name == "postgresql":
                buffer = io.StringIO()
                for chip_id, version, at, seen, from_state, to_state, reason in history(ids, now):
                    code = "\\N" if reason is None else str(reason)
                    buffer.write(
                        f"{chip_id}\t{version}\t{at}\t{seen}\t{from_state}\t{to_state}\t{code}\trefresh\tf\tbench@host\n"
                    )
                    count += 1
                with cursor.copy(
                    "COPY chip_transitions (chip_id, chip_version, at, seen_at, from_state, to_state, reason_code,"
                    " source, planned, seen_by) FROM STDIN"
                ) as copy:
                    copy.write(buffer.getvalue())
            else:
                rows = [(*row, "refresh", 0, "bench@host") for row in history(ids, now)]
                count = len(rows)
                cursor.executemany(
                    "INSERT INTO chip_transitions (chip_id, chip_version, at, seen_at, from_state, to_state,"
                    " reason_code, source, planned, seen_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
            raw.commit()
            if engine.dialect.name == "postgresql":
                raw.driver_connection.autocommit = True
                raw.driver_connection.execute("VACUUM ANALYZE")
            else:
                raw.cursor().execute("ANALYZE")
                raw.commit()
        finally:
            raw.close()
    finally:
        engine.dispose()
    return count


def size_mb(url: str) -> tuple[float, float]:
    """(whole database, chip_transitions with its indexes) in MiB."""
    from sqlalchemy import text

    from evodesk.store.engine import create_engine, normalize_url, sqlite_path

    parsed = normalize_url(url)
    path = sqlite_path(parsed)
    engine = create_engine(parsed, pooled=False)
    try:
        with engine.connect() as conn:
            if path is not None:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                total = path.stat().st_size
                try:
                    table = conn.execute(
                        text(
                            "SELECT sum(pgsize) FROM dbstat WHERE name IN ('chip_transitions',"
                            " 'uq_chip_transitions_chip_id_chip_version', 'ix_chip_transitions_at')"
                        )
                    ).scalar_one()
                except Exception:  # dbstat is a compile-time option of SQLite
                    table = float("nan")
            else:
                total = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
                table = conn.execute(text("SELECT pg_total_relation_size('chip_transitions')")).scalar_one()
    finally:
        engine.dispose()
    return total / 2**20, float(table) / 2**20


def off_thread(work: Callable[[], _T]) -> tuple[_T, float, float]:
    """Run ``work`` on a worker thread while a 10 ms timer beats on the Qt thread: (result, seconds, largest gap ms)."""
    from bench.qt import Heartbeat, application, spin

    application()
    heartbeat = Heartbeat()
    result: list[Any] = []
    errors: list[BaseException] = []
    timing: list[float] = []

    def run() -> None:
        started = time.perf_counter()
        try:
            result.append(work())
        except BaseException as exc:
            errors.append(exc)
        timing.append(time.perf_counter() - started)

    heartbeat.start()
    worker = threading.Thread(target=run)
    worker.start()
    while worker.is_alive():
        spin(0.02)
    gaps = heartbeat.stop()
    if errors:
        raise errors[0]
    return result[0], timing[0], max(gaps)


def measure(kind: str, count: int) -> list[Row]:
    """The figures of the module docstring on ``count`` chips in a ``kind`` database."""
    from sqlalchemy import delete, func, select

    from evodesk.services.health import chip_timeline, fleet_health
    from evodesk.store import open_store
    from evodesk.store.history import DAY
    from evodesk.store.models import ChipHealthDayRow, ChipTransitionRow

    label = f"{count:,} chips × {DAYS} days, {'SQLite' if kind == 'sqlite' else 'PostgreSQL'}"
    rows: list[Row] = []
    now_dt = datetime.now(UTC)
    now = int(now_dt.timestamp())
    with scratch_dir() as tmp, database(kind, tmp) as url:
        seed_chips(url, count)
        started = time.perf_counter()
        transitions = write_history(url, now)
        rows.append(
            info(
                NAME,
                f"history written: {label}",
                f"{transitions:,} transitions in {time.perf_counter() - started:.0f} s",
            )
        )
        total, table = size_mb(url)
        rows.append(
            info(
                NAME,
                "database size with that history",
                f"{total:.0f} MiB (transitions and their indexes {table:.0f} MiB)",
                total,
            )
        )

        with open_store(url) as store:
            fleet, first_s, first_gap = off_thread(lambda: fleet_health(store, now_dt))
            rows.append(
                info(
                    NAME,
                    f"first computation, summarising {DAYS} days ({label})",
                    f"{first_s:.1f} s (largest GUI gap {first_gap:.0f} ms)",
                )
            )
            total, table = size_mb(url)
            rows.append(info(NAME, "database size with the daily summaries", f"{total:.0f} MiB", total))

            # A new day: the day that just ended is summarised by the first computation after midnight.
            last_day = store.history.summarised_through()
            assert last_day is not None
            with store._session(write=True) as session:
                session.execute(delete(ChipHealthDayRow).where(ChipHealthDayRow.day == last_day))
            _fleet, new_day_s, new_day_gap = off_thread(lambda: fleet_health(store, now_dt))
            rows.append(
                info(
                    NAME,
                    "first computation of a day (summarises the day that ended)",
                    f"{new_day_s * 1000:.0f} ms (largest GUI gap {new_day_gap:.0f} ms)",
                )
            )

            times: list[float] = []
            gaps: list[float] = []
            for _ in range(5):
                again, seconds, gap = off_thread(lambda: fleet_health(store, now_dt))
                times.append(seconds)
                gaps.append(gap)
            assert again == fleet
            flapping = len(fleet.flapping)
            rows.append(
                judged(
                    NAME,
                    f"fleet health off the GUI thread ({label}), median of 5",
                    f"≤ {BUDGET_S:.0f} s",
                    f"{median(times) * 1000:.0f} ms (max {max(times) * 1000:.0f} ms;"
                    f" {len(fleet.chips):,} chips, {flapping} flapping)",
                    median(times) <= BUDGET_S,
                    median(times),
                )
            )
            rows.append(
                judged(
                    NAME,
                    "largest GUI gap while it runs",
                    f"≤ {GAP_BUDGET_MS:.0f} ms",
                    f"{max(gaps):.0f} ms",
                    max(gaps) <= GAP_BUDGET_MS,
                    max(gaps),
                )
            )
            busiest = fleet.at_risk[0]
            timeline, timeline_s, _gap = off_thread(lambda: chip_timeline(store, busiest, now_dt))
            rows.append(
                info(
                    NAME,
                    "one chip's 7-day timeline (the most at risk)",
                    f"{timeline_s * 1000:.0f} ms ({len(timeline.bands)} bands, {len(timeline.drops)} drops)",
                )
            )

            # Ten days later: the ten oldest days go (they are summarised already).
            later = datetime.fromtimestamp(now + 10 * DAY, UTC)
            with store._session() as session:
                before = session.scalar(select(func.count()).select_from(ChipTransitionRow)) or 0
            deleted, compact_s, _gap = off_thread(lambda: store.history.compact(later))
            rows.append(
                info(NAME, "compaction 10 days later", f"{deleted:,} of {before:,} transitions in {compact_s:.1f} s")
            )
    return rows


def run(quick: bool, kind: str = "sqlite") -> list[Row]:
    """Measure one database kind."""
    count = 1_000 if quick else 10_000
    if kind == "postgresql" and postgres_admin_url() is None:
        return [skipped(NAME, f"{count:,} chips on PostgreSQL", "—", "no server (set EVODESK_BENCH_DATABASE_URL)")]
    return measure(kind, count)


def main(argv: list[str] | None = None) -> int:
    """Run this benchmark alone and print its rows for ``bench.run``."""
    parser = argparse.ArgumentParser(prog="python -m bench.health")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args(argv)
    emit_rows(run(args.quick, args.database))
    return 0


if __name__ == "__main__":
    sys.exit(main())
