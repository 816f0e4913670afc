"""Live events through the real window: the chips table and the QR dialog on the simulator's Socket.IO.

The real window (``open_main_window``) runs on a SQLite file against the simulator in a separate process
(``bench.simserver``: its threads do not share this interpreter's lock), told to send every instance's events on
``/`` (``WEBSOCKET_GLOBAL_EVENTS=true``). Scans and drops go through its ``/_sim/`` controls, as a phone would
act from outside. "Row" is the chips table model: the moment its connection cell reads what the next repaint
shows.

* scan → row connected, with events and without (``--no-live``, the QR dialog polls every 3 s): one QR dialog
  at a time, the scan at a random moment 0.5-3.5 s after the dialog opened (every phase of the 3 s poll);
* drop → row shows it, with events: connected chips dropped one at a time (WhatsApp code 401);
* requests a minute for one open QR dialog with events (the fleet refresh set to an hour, so the dialog's own
  polls are what the server receives), over 60 s (``--quick``: 20 s);
* the GUI thread's largest gap (10 ms heartbeat) while the server floods ``messages.upsert`` at 2,000 a second
  for 10 s (``--quick``: 2 s).

``python -m bench --only live-window`` runs it in the results table (``python -m bench.live_window`` alone).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer

from bench.common import Row, SimProcess, emit_rows, info, judged, median, percentile, scratch_dir
from bench.qt import Heartbeat, application, gap_summary, spin, wait_until, window_args
from evodesk.app import open_main_window
from evodesk.config import Paths, write_settings_file
from evodesk.domain import ConnectionState
from evodesk.ui.chips.model import ChipsTableModel, Column
from evodesk.ui.dialogs.create import first_poll_result

NAME = "live-window"
LIVE_SCAN_BUDGET_S = 1.0
POLL_SCAN_BUDGET_S = 3.5
DROP_BUDGET_S = 2.0
REQUESTS_BUDGET = 7.0
GAP_BUDGET_MS = 50.0


class RowWatch:
    """Notes when each watched chip's row first reads a connection text (``Connected``, ``Disconnected``...)."""

    def __init__(self, model: ChipsTableModel) -> None:
        self.model = model
        self.started: dict[str, float] = {}
        self.seen: dict[str, float] = {}
        self._want: dict[str, Callable[[Any], bool]] = {}
        for signal in (model.dataChanged, model.rowsInserted, model.layoutChanged, model.modelReset):
            signal.connect(self._check)

    def expect(self, name: str, condition: Callable[[Any], bool], action: Callable[[], None]) -> None:
        """Run ``action`` now and note when the row of ``name`` first meets ``condition``."""
        self._want[name] = condition
        self.started[name] = time.perf_counter()
        action()
        self._check()

    def _check(self, *_args: object) -> None:
        now = time.perf_counter()
        for name in self._want.keys() - self.seen.keys():
            chip = next((c for c in self.model.chips if c.instance_name == name), None)
            row = self.model.row_of(chip.id) if chip is not None else None
            if chip is None or row is None:
                continue
            text = self.model.data(self.model.index(row, Column.CONNECTION))
            if self._want[name]((chip, text)):
                self.seen[name] = now

    def latencies(self) -> list[float]:
        return [self.seen[name] - self.started[name] for name in self.seen]


def _open(tmp: Path, sim: SimProcess, label: str, *extra: str) -> Any:
    home = tmp / f"home-{label}"
    # An hour between fleet refreshes: what the server receives is the QR dialog's own polling.
    write_settings_file(Paths.under(home).settings_file, {"ui/sync_interval": "3600"})
    window = open_main_window([*window_args(home, sim.url, f"sqlite:///{tmp / f'{label}.sqlite3'}"), *extra])
    wait_until(lambda: window.backend.manager is not None, 20, "the database opening")
    return window


def _scans(window: Any, sim: SimProcess, count: int, live: bool, rng: random.Random, prefix: str) -> list[float]:
    manager = window.backend.manager
    watch = RowWatch(window.model)
    connected = window.model.tr("Connected")
    for serial in range(count):
        chip, qr = manager.create(f"11 9{serial:04d}-{rng.randint(0, 9999):04d}", f"{prefix}-{serial:02d}")
        window.model.update_chip(chip)
        dialog = window.open_qr_dialog(chip, first_poll_result(qr, chip))
        name = chip.instance_name
        if live:
            wait_until(partial(window.backend.live.hears, name), 10, "the chip's events heard")
        delay = 0.5 + rng.random() * 3.0
        QTimer.singleShot(
            round(delay * 1000),
            partial(
                watch.expect,
                name,
                lambda seen: seen[1] == connected and seen[0].connection_state is ConnectionState.OPEN,
                partial(sim.scan, name),
            ),
        )
        wait_until(partial(watch.seen.__contains__, name), 20, "the scan showing as connected")
        dialog.close()
        wait_until(lambda: not window.refresh.syncing, 10, "the refresh after the dialog closed")
        spin(0.2)
    return watch.latencies()


def run(quick: bool) -> list[Row]:
    scans = 6 if quick else 20
    drops = scans
    span = 20.0 if quick else 60.0
    flood_s = 2.0 if quick else 10.0
    rng = random.Random(2026)
    app = application()
    rows: list[Row] = []
    with scratch_dir() as tmp, SimProcess(qr_lifetime=45.0) as sim:
        sim.control("POST", "events", {"enabled": True, "global": True})
        window = _open(tmp, sim, "live")
        try:
            wait_until(lambda: window.backend.live_status is not None and window.backend.live_status.live, 20, "live")
            live_scans = _scans(window, sim, scans, True, rng, "ls")

            # Drops: the chips just connected, one at a time.
            watch = RowWatch(window.model)
            for serial in range(drops):
                name = f"ls-{serial:02d}"
                watch.expect(
                    name,
                    lambda seen: seen[0].connection_state is not ConnectionState.OPEN,
                    partial(sim.control, "POST", f"drop/{name}", {"reasonCode": 401}),
                )
                wait_until(partial(watch.seen.__contains__, name), 10, "the drop showing")
                spin(0.1)
            drop_latencies = watch.latencies()

            # One open QR dialog, events flowing: requests a minute.
            manager = window.backend.manager
            chip, qr = manager.create("11 97777-0000", "ls-dialog")
            window.model.update_chip(chip)
            dialog = window.open_qr_dialog(chip, first_poll_result(qr, chip))
            wait_until(lambda: window.backend.live.hears("ls-dialog"), 10, "the dialog's chip heard")
            spin(1.0)
            sim.control("POST", "reset-stats")
            spin(span)
            requests = sim.control("GET", "stats")["requestCount"]
            per_minute = requests * 60.0 / span
            dialog.close()

            # A flood of unused events: the GUI thread's largest gap, beside the same span without a flood.
            heartbeat = Heartbeat()
            heartbeat.start()
            spin(flood_s)
            calm, calm_p99 = gap_summary(heartbeat.stop())
            # The control request blocks this thread until the server answers: the heartbeat starts after it.
            stream = window.backend.live.stream
            received = stream.counters["received"]
            sim.control("POST", "events/flood", {"rate": 2000, "seconds": flood_s, "instance": "ls-00"})
            heartbeat.start()
            spin(flood_s)
            worst, p99 = gap_summary(heartbeat.stop())
            wait_until(lambda: not sim.control("GET", "events")["flooding"], 30, "the flood's end")
            flooded = sim.control("GET", "events")["floodSent"]
            received = stream.counters["received"] - received
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()

        window = _open(tmp, sim, "poll", "--no-live")
        try:
            poll_scans = _scans(window, sim, scans, False, rng, "ps")
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()

    for label, values, budget in (
        ("with events", live_scans, LIVE_SCAN_BUDGET_S),
        ("without events (3 s poll)", poll_scans, POLL_SCAN_BUDGET_S),
    ):
        p95 = percentile(values, 0.95)
        rows.append(info(NAME, f"scan → row connected {label}, p50 ({len(values)} scans)", f"{median(values):.2f} s"))
        rows.append(
            judged(NAME, f"scan → row connected {label}, p95", f"≤ {budget:g} s", f"{p95:.2f} s", p95 <= budget)
        )
    p95 = percentile(drop_latencies, 0.95)
    rows.append(
        judged(
            NAME,
            f"drop → row, p95 ({len(drop_latencies)} drops)",
            f"≤ {DROP_BUDGET_S:g} s",
            f"{p95:.2f} s",
            p95 <= DROP_BUDGET_S,
        )
    )
    rows.append(
        judged(
            NAME,
            f"requests/min, one open QR dialog with events ({span:g} s)",
            f"≤ {REQUESTS_BUDGET:g}",
            f"{per_minute:.1f}",
            per_minute <= REQUESTS_BUDGET,
        )
    )
    rows.append(info(NAME, "flood: events sent by the server / received by the window", f"{flooded} / {received}"))
    rows.append(info(NAME, f"GUI gap, no events, {flood_s:g} s, max", f"{calm:.1f} ms (p99 {calm_p99:.1f})"))
    rows.append(
        judged(
            NAME,
            f"GUI gap, 2,000 events/s for {flood_s:g} s (global mode), max",
            f"≤ {GAP_BUDGET_MS:g} ms",
            f"{worst:.1f} ms (p99 {p99:.1f})",
            worst <= GAP_BUDGET_MS,
        )
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run this benchmark alone and print its rows for ``bench.run``."""
    parser = argparse.ArgumentParser(prog="python -m bench.live_window")
    parser.add_argument("--quick", action="store_true")
    emit_rows(run(parser.parse_args(argv).quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())
