"""Live events below the window: ``LiveFleet`` over the simulator's Socket.IO, in a separate server process.

Figures (services level: the window is not wired to events yet, so "row" here is the chips row in the SQLite
file, the moment ``LiveFleet`` reports the changed chip to its listeners):

* scan → row connected, with events: 20 chips, each scanned 0.2-1.0 s after its namespace was joined;
* drop → row shows it, with events: 20 connected chips dropped one at a time (WhatsApp code 401);
* requests a minute for one open QR dialog while events flow: the dialog polls at
  ``LiveFleet.qr_poll_interval`` (10 s) for 60 s (``--quick``: 20 s) while the QR rotates every 45 s;
* a flood of ``messages.upsert`` in global mode, 2,000 a second for 10 s (``--quick``: 2 s): this process's CPU
  per event, and the largest gap of a 5 ms heartbeat thread (a stand-in for the GUI thread: same interpreter,
  same lock).

``python -m bench --only live`` runs it in the results table (``python -m bench.live --table`` alone). The
figures are "(services level)": the window's own versions replace them once it listens to events.
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from typing import Any

from bench.common import (
    API_KEY,
    Row,
    SimProcess,
    emit_rows,
    format_table,
    info,
    judged,
    median,
    percentile,
    scratch_dir,
)
from evodesk.domain import Chip, ConnectionState
from evodesk.evolution import EvolutionClient
from evodesk.evolution.events import Backoff, EventStream
from evodesk.services import InstanceManager, LiveFleet
from evodesk.store import open_store

NAME = "live"
SCAN_BUDGET_S = 1.0
DROP_BUDGET_S = 2.0
REQUESTS_BUDGET = 7.0
GAP_BUDGET_MS = 50.0


def _wait(predicate: Any, timeout: float, what: str) -> None:
    pause = threading.Event()
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        pause.wait(0.002)


class Heartbeat:
    """A thread that wakes every 5 ms and remembers the longest time between two wake-ups."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        last = time.perf_counter()
        while not self._stop.wait(0.005):
            now = time.perf_counter()
            self.worst = max(self.worst, now - last - 0.005)
            last = now


def run(quick: bool) -> list[Row]:
    rng = random.Random(17)
    rows: list[Row] = []
    with scratch_dir() as tmp, SimProcess(qr_lifetime=45.0) as sim:
        store = open_store(f"sqlite:///{tmp / 'chips.sqlite3'}")
        client = EvolutionClient(sim.url, API_KEY, timeout=10)
        manager = InstanceManager(client, store)
        changed: dict[str, float] = {}
        dropped: dict[str, float] = {}

        def on_chip(chip: Chip) -> None:
            if chip.connection_state is ConnectionState.OPEN:
                changed.setdefault(chip.instance_name, time.perf_counter())

        def stream(url: str, key: str, **options: Any) -> EventStream:
            return EventStream(url, key, namespace_backoff=Backoff(0.1, maximum=1.0), **options)

        fleet = LiveFleet(manager, api_key=API_KEY, stream_factory=stream)
        fleet.listen(on_chip=on_chip, on_drop=lambda chip: dropped.setdefault(chip.instance_name, time.perf_counter()))
        fleet.start()
        try:
            _wait(lambda: fleet.status.live, 20, "the event stream")
            count = 6 if quick else 20
            scanned: dict[str, float] = {}
            chips: list[Chip] = []
            for serial in range(count):
                chip, _qr = manager.create(f"11 9{serial:04d}-{rng.randint(0, 9999):04d}")
                chips.append(chip)
                _wait(lambda name=chip.instance_name: fleet.hears(name), 20, "the chip's namespace")
                time.sleep(0.2 + rng.random() * 0.8)
                scanned[chip.instance_name] = time.perf_counter()
                sim.scan(chip.instance_name)
                _wait(lambda name=chip.instance_name: name in changed, 20, "the row connected")
            scans = [changed[n] - t for n, t in scanned.items()]
            p95 = percentile(scans, 0.95)
            rows += [
                info(
                    NAME,
                    f"scan → row connected with events, p50 ({len(scans)} scans, services level)",
                    f"{median(scans):.3f} s",
                ),
                judged(
                    NAME,
                    "scan → row connected with events, p95",
                    f"≤ {SCAN_BUDGET_S:g} s",
                    f"{p95:.3f} s",
                    p95 <= SCAN_BUDGET_S,
                    p95,
                ),
            ]

            drops: list[float] = []
            for chip in chips:
                started = time.perf_counter()
                sim.control("POST", f"drop/{chip.instance_name}", {"reasonCode": 401})
                _wait(lambda name=chip.instance_name: name in dropped, 20, "the drop")
                drops.append(dropped[chip.instance_name] - started)
            p95 = percentile(drops, 0.95)
            rows.append(
                judged(
                    NAME,
                    f"drop → row shows it with events, p95 ({len(drops)} drops)",
                    f"≤ {DROP_BUDGET_S:g} s",
                    f"{p95:.3f} s",
                    p95 <= DROP_BUDGET_S,
                    p95,
                )
            )

            # One open QR dialog, polling at the live interval.
            chip, _qr = manager.create("11 98888-7777")
            _wait(lambda: fleet.hears(chip.instance_name), 20, "the dialog chip's namespace")
            sim.control("POST", "reset-stats", {})
            seconds = 20.0 if quick else 60.0
            ends = time.monotonic() + seconds
            while time.monotonic() < ends:
                manager.poll(chip.id)
                time.sleep(min(fleet.qr_poll_interval(chip.instance_name), max(0.0, ends - time.monotonic())))
            per_minute = sim.control("GET", "stats")["requestCount"] * 60.0 / seconds
            rows.append(
                judged(
                    NAME,
                    f"requests a minute, one open QR dialog with events ({seconds:g} s)",
                    f"≤ {REQUESTS_BUDGET:g}",
                    f"{per_minute:.1f}",
                    per_minute <= REQUESTS_BUDGET,
                    per_minute,
                )
            )

            # The flood, in global mode.
            sim.control("POST", "events", {"global": True})
            stream_now = fleet.stream
            assert stream_now is not None
            received = stream_now.counters["received"]
            flood_s = 2.0 if quick else 10.0
            cpu = time.process_time()
            with Heartbeat() as beat:
                sim.control("POST", "events/flood", {"rate": 2000, "seconds": flood_s})
                _wait(lambda: stream_now.counters["received"] - received >= 2000 * flood_s, flood_s * 5, "the flood")
            cpu_per_event_us = (time.process_time() - cpu) / (2000 * flood_s) * 1e6
            gap_ms = beat.worst * 1000
            rows += [
                info(
                    NAME, f"flood 2,000/s × {flood_s:g} s: this process's CPU per event", f"{cpu_per_event_us:.0f} µs"
                ),
                judged(
                    NAME,
                    "flood: largest gap of a 5 ms heartbeat thread",
                    f"≤ {GAP_BUDGET_MS:g} ms",
                    f"{gap_ms:.1f} ms",
                    gap_ms <= GAP_BUDGET_MS,
                    gap_ms,
                ),
            ]
        finally:
            fleet.stop()
            client.close()
            store.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run this benchmark alone and print its rows for ``bench.run`` (``--table``: as a table instead)."""
    parser = argparse.ArgumentParser(prog="python -m bench.live")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--table", action="store_true")
    args = parser.parse_args(argv)
    rows = run(args.quick)
    if args.table:
        print(format_table(rows))
    else:
        emit_rows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
