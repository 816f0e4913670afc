"""Load on the server: requests per open QR dialog and per fleet refresh, counted by the simulator.

The simulator runs in this process so its request log (``Simulator.requests()``: time, method, path) can be
read directly.

* QR dialogs: three ``QrCodeDialog`` objects (default policy: a poll every 3 s) on three chips waiting for a
  scan, open side by side for a minute; each dialog's requests are the ones whose path names its instance.
* In flight: one dialog alone, the server answering every call after 1 s, and the operator pressing F5 and
  "Refresh QR code" every 100 ms for 10 s; the simulator's high-water mark of concurrent requests.
* Fleet refresh: the real window on 10 and on 10,000 chips; the requests that one refresh (F5) sends.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from bench.common import API_KEY, Row, emit_rows, info, judged, scratch_dir, seed_chips
from bench.qt import application, spin, wait_until, window_args
from bench.simserver import populate
from evodesk.app import open_main_window
from evodesk.evolution import EvolutionClient
from evodesk.services import InstanceManager
from evodesk.simulator import Simulator
from evodesk.store import open_store
from evodesk.ui.dialogs.create import first_poll_result
from evodesk.ui.qr.dialog import QrCodeDialog
from evodesk.ui.tasks.runner import TaskRunner

NAME = "load"
PER_MINUTE_BUDGET = 25


def dialogs_per_minute(tmp: Path, seconds: float) -> list[Row]:
    """Requests a minute per open dialog, and the most requests one dialog ever has in flight."""
    rows: list[Row] = []
    runner = TaskRunner()
    with Simulator(api_key=API_KEY) as sim, EvolutionClient(sim.url, API_KEY) as client:
        store = open_store(f"sqlite:///{tmp / 'dialogs.sqlite3'}")
        manager = InstanceManager(client, store)
        dialogs: list[QrCodeDialog] = []
        try:
            for index in range(3):
                chip, qr = manager.create(f"11 97777-{index:04d}")
                dialogs.append(QrCodeDialog(runner, manager, chip, initial=first_poll_result(qr, chip)))
            sim.reset_stats()
            started = time.monotonic()
            for dialog in dialogs:
                dialog.show()
            spin(seconds)
            log = sim.requests()
            for dialog in dialogs:
                dialog.close()
            minutes = (time.monotonic() - started) / 60
            counts = [sum(1 for _t, _m, path in log if path.endswith("/" + d.chip.instance_name)) for d in dialogs]
            worst = max(counts) / minutes
            rows.append(
                judged(
                    NAME,
                    f"requests a minute per open QR dialog (worst of 3, over {seconds:.0f} s)",
                    f"≤ {PER_MINUTE_BUDGET}",
                    f"{worst:.1f} ({', '.join(str(c) for c in counts)} requests)",
                    worst <= PER_MINUTE_BUDGET,
                    worst,
                )
            )

            # One dialog alone, a slow server and an impatient operator.
            chip, qr = manager.create("11 97777-9999")
            dialog = QrCodeDialog(runner, manager, chip, initial=first_poll_result(qr, chip))
            sim.set_faults(latency=1.0)
            sim.reset_stats()
            dialog.show()
            deadline = time.monotonic() + seconds / 6
            while time.monotonic() < deadline:
                QTest.keyClick(dialog, Qt.Key.Key_F5)
                if dialog.refreshQrButton.isEnabled():
                    QTest.mouseClick(dialog.refreshQrButton, Qt.MouseButton.LeftButton)
                spin(0.1)
            in_flight = sim.max_in_flight
            sent = sim.request_count
            dialog.close()
            sim.set_faults(latency=0.0)
            rows.append(
                judged(
                    NAME,
                    "requests in flight at most, one dialog, F5 every 100 ms, 1 s answers",
                    "1",
                    f"{in_flight} ({sent} requests)",
                    in_flight == 1,
                    in_flight,
                )
            )
        finally:
            runner.shutdown(15000)
            store.close()
    return rows


def fleet_refresh(tmp: Path, count: int) -> Row:
    """The requests one refresh of the window sends with ``count`` chips."""
    app = application()
    with Simulator(api_key=API_KEY) as sim:
        populate(sim, count)
        url = f"sqlite:///{tmp / f'fleet-{count}.sqlite3'}"
        seed_chips(url, count)
        window = open_main_window(window_args(tmp / f"home-{count}", sim.url, url))
        try:
            wait_until(
                lambda: window.refresh.last_sync is not None and not window.refresh.syncing, 300, "the first refresh"
            )
            # Whatever else the start sent (the server's version, recovering interrupted creates) is done.
            spin(1.0)
            sim.reset_stats()
            synced = window.refresh.last_sync
            window.refresh_now()
            wait_until(lambda: window.refresh.last_sync != synced and not window.refresh.syncing, 300, "the refresh")
            log = sim.requests()
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
    calls = Counter(f"{method} {path}" for _t, method, path in log)
    fetches = calls.get("GET /instance/fetchInstances", 0)
    text = ", ".join(f"{n} × {call}" for call, n in calls.items()) or "none"
    return judged(
        NAME,
        f"requests per fleet refresh, {count:,} chips",
        "1 fetchInstances",
        text,
        fetches == 1 and sum(calls.values()) == 1,
        sum(calls.values()),
    )


def run(quick: bool) -> list[Row]:
    """Dialog load, requests in flight, and fleet refreshes of 10 and 10,000 chips."""
    application()
    seconds = 20.0 if quick else 60.0
    with scratch_dir() as tmp:
        rows = dialogs_per_minute(tmp, seconds)
        rows.append(fleet_refresh(tmp, 10))
        rows.append(fleet_refresh(tmp, 1_000 if quick else 10_000))
    if quick:
        rows.append(info(NAME, "(quick run: shorter observation, 1,000 chips instead of 10,000)", "—"))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run this benchmark alone and print its rows for ``bench.run``."""
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    parser.add_argument("--quick", action="store_true")
    emit_rows(run(parser.parse_args(argv).quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())
