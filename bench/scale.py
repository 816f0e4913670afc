"""Scale: 10,000 chips in the real window, on SQLite or PostgreSQL, against the simulator in its own process.

The database starts with 10,000 pending chips whose connection state is not known yet; the server has the
same 10,000 instances, most of them connected. The window is opened as ``evodesk`` opens it, so:

* the chips are read from the database and loaded into the empty table ("model load": ``set_chips`` plus
  the repaint that shows them; budget 300 ms);
* the first fleet refresh finds every chip changed and writes all 10,000 back ("sync round trip": from the
  refresh being asked for on the GUI thread to its report arriving there, one ``fetchInstances`` call and
  the database work on a worker thread), then updates 10,000 rows in the table;
* a second refresh finds nothing changed (the steady state every 15 s).

Then the search box gets typed into, one key at a time, and each keystroke is timed to the end of the table's
repaint, or to the end of its handling when the rows shown did not change (budget 30 ms); and the resident
memory of this process (the window, its model and its workers; the server lives in another process) is read
from /proc/self/status (budget 250 MB).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from bench.common import (
    Row,
    SimProcess,
    database,
    emit_rows,
    info,
    judged,
    median,
    postgres_admin_url,
    rss_mb,
    scratch_dir,
    seed_chips,
    skipped,
)
from bench.qt import PaintProbe, application, spin, wait_until, window_args
from evodesk.app import open_main_window
from evodesk.domain import Chip
from evodesk.ui.window.main_window import MainWindow

NAME = "scale"
LOAD_BUDGET_MS = 300.0
KEYSTROKE_BUDGET_MS = 30.0
MEMORY_BUDGET_MB = 250.0
SEARCH = "fleet-0001"


@dataclass
class ModelUpdate:
    """One ``set_chips`` call of the window: when it started, how long it took, whether the table was empty."""

    started: float
    seconds: float
    rows_before: int
    rows_after: int
    painted: float | None = None

    @property
    def shown_ms(self) -> float:
        """From the call to the end of the repaint that shows its result."""
        end = self.painted if self.painted is not None else self.started + self.seconds
        return (end - self.started) * 1000


@dataclass
class Recorder:
    """Watches the window: refresh requests, model updates and table repaints."""

    window: MainWindow
    probe: PaintProbe
    requests: list[float] = field(default_factory=list)
    updates: list[ModelUpdate] = field(default_factory=list)

    @classmethod
    def attach(cls, window: MainWindow) -> Recorder:
        recorder = cls(window, PaintProbe(window.chipsTable.viewport()))
        model = window.model
        set_chips: Callable[[Iterable[Chip]], None] = model.set_chips
        refresh = window.refresh
        request_sync = refresh.request

        # Instance attributes shadow the methods: the window's own calls (self.refresh.request(),
        # self.page.model.set_chips(...)) now go through these, timing the real code paths.
        def timed_set_chips(chips: Iterable[Chip]) -> None:
            before = model.rowCount()
            started = time.perf_counter()
            set_chips(chips)
            recorder.updates.append(ModelUpdate(started, time.perf_counter() - started, before, model.rowCount()))

        def timed_request_sync() -> None:
            if not window.refresh.syncing:
                recorder.requests.append(time.perf_counter())
            request_sync()

        model.set_chips = timed_set_chips  # type: ignore[method-assign]
        refresh.request = timed_request_sync  # type: ignore[method-assign]
        return recorder

    def settle(self, update: ModelUpdate) -> ModelUpdate:
        """Wait for the repaint after ``update`` and record when it ended.

        An update that changed nothing repaints nothing: after half a second without a repaint, the call itself
        is all there was to it.
        """
        done = update.started + update.seconds
        try:
            wait_until(lambda: self.probe.first_after(done) is not None, 0.5, "a repaint")
        except TimeoutError:
            return update
        update.painted = self.probe.first_after(done)
        return update

    def sync(self, timeout: float) -> tuple[float, ModelUpdate]:
        """Ask for a refresh and wait for it; returns (round trip in seconds, the model update it caused)."""
        count = len(self.updates)
        asked = time.perf_counter()
        self.window.refresh.request()
        wait_until(lambda: len(self.updates) > count and not self.window.refresh.syncing, timeout, "the refresh")
        update = self.settle(self.updates[count])
        return update.started - asked, update


def measure(kind: str, count: int) -> list[Row]:
    """Open the window on ``count`` chips in a ``kind`` database and time what the module docstring says."""
    app = application()
    label = f"{count:,} chips, {'SQLite' if kind == 'sqlite' else 'PostgreSQL'}"
    rows: list[Row] = []
    with scratch_dir() as tmp, database(kind, tmp) as url, SimProcess(instances=count) as sim:
        seed_chips(url, count)
        window = open_main_window(window_args(tmp / "home", sim.url, url))
        recorder = Recorder.attach(window)
        try:
            # The start: chips from the database into the empty table, and the first refresh (all changed).
            wait_until(lambda: window.model.rowCount() == count, 60, "the chips in the table")
            first_load = recorder.settle(next(u for u in recorder.updates if u.rows_before == 0))
            wait_until(
                lambda: len(recorder.requests) >= 1 and window.refresh.last_sync is not None, 600, "the first refresh"
            )
            wait_until(lambda: not window.refresh.syncing, 600, "the first refresh to finish")
            first_sync_update = recorder.settle(recorder.updates[-1])
            first_round_trip = first_sync_update.started - recorder.requests[0]
            spin(0.5)
            steady_round_trip, steady_update = recorder.sync(120)

            rows.append(
                judged(
                    NAME,
                    f"model load: {label} into the empty table, to painted",
                    f"≤ {LOAD_BUDGET_MS:.0f} ms",
                    f"{first_load.shown_ms:.0f} ms (set_chips {first_load.seconds * 1000:.0f} ms)",
                    first_load.shown_ms <= LOAD_BUDGET_MS,
                    first_load.shown_ms,
                )
            )
            rows.append(
                info(NAME, f"sync round trip, first refresh ({label}, every chip changed)", f"{first_round_trip:.2f} s")
            )
            rows.append(
                info(
                    NAME,
                    "model update after it (every row changed), to painted",
                    f"{first_sync_update.shown_ms:.0f} ms (set_chips {first_sync_update.seconds * 1000:.0f} ms)",
                )
            )
            rows.append(
                info(NAME, f"sync round trip, steady refresh ({label}, nothing changed)", f"{steady_round_trip:.2f} s")
            )
            rows.append(
                info(NAME, "model update after it, to painted", f"{steady_update.shown_ms:.0f} ms"),
            )
            if kind == "sqlite":
                rows.extend(keystrokes(window, recorder.probe, label))
                rows.append(
                    judged(
                        NAME,
                        f"resident memory with {label} shown (VmRSS)",
                        f"≤ {MEMORY_BUDGET_MB:.0f} MB",
                        f"{rss_mb():.0f} MB",
                        rss_mb() <= MEMORY_BUDGET_MB,
                        rss_mb(),
                    )
                )
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
    return rows


def keystrokes(window: MainWindow, probe: PaintProbe, label: str) -> list[Row]:
    """Type a search one key at a time, then erase it; each key timed to the end of the table's repaint."""
    window.searchEdit.setFocus()
    times: list[float] = []
    keys: list[tuple[Qt.Key, str]] = [(Qt.Key.Key_unknown, ch) for ch in SEARCH]
    keys += [(Qt.Key.Key_Backspace, "")] * len(SEARCH)
    for key, text in keys:
        spin(0.05)
        started = time.perf_counter()
        # The key event is handled (and the filter applied) before keyClick returns; the table's repaint, when
        # the rows shown changed, follows from the event loop.
        if text:
            QTest.keyClicks(window.searchEdit, text)
        else:
            QTest.keyClick(window.searchEdit, key)
        handled = time.perf_counter()
        spin(0.15)
        painted = probe.first_after(started)
        times.append(((painted if painted is not None else handled) - started) * 1000)
    worst = max(times)
    return [
        judged(
            NAME,
            f"filter keystroke, worst of {len(times)} ({label})",
            f"≤ {KEYSTROKE_BUDGET_MS:.0f} ms",
            f"{worst:.0f} ms (median {median(times):.0f} ms)",
            worst <= KEYSTROKE_BUDGET_MS,
            worst,
        )
    ]


def run(quick: bool, kind: str = "sqlite") -> list[Row]:
    """Measure one database kind."""
    count = 1_000 if quick else 10_000
    if kind == "postgresql" and postgres_admin_url() is None:
        return [skipped(NAME, "10,000 chips on PostgreSQL", "—", "no server (set EVODESK_BENCH_DATABASE_URL)")]
    return measure(kind, count)


def main(argv: list[str] | None = None) -> int:
    """Run this benchmark alone and print its rows for ``bench.run``."""
    parser = argparse.ArgumentParser(prog="python -m bench.scale")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args(argv)
    emit_rows(run(args.quick, args.database))
    return 0


if __name__ == "__main__":
    sys.exit(main())
