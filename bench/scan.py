"""Scan detection: how long after the phone scans does the chip's row say "Connected"?

The real window (``open_main_window``, default settings: QR dialogs poll every 3 s) runs on a SQLite file
against the simulator. For each of 20 new chips in turn, its QR dialog opens and the simulator marks the
instance connected at a random moment 0.5-3.5 s later, so the scans fall at every phase of the 3 s poll.
The time runs from the scan to the moment the row's connection cell in the window's table model reads
"Connected" (what the next repaint shows).

The simulator runs in this process: only its answers' timing matters here (a few milliseconds each), and
``simulate_scan`` is then a plain call at the exact moment chosen.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from functools import partial

from PySide6.QtCore import QTimer

from bench.common import API_KEY, Row, emit_rows, info, judged, median, percentile, scratch_dir
from bench.qt import application, spin, wait_until, window_args
from evodesk.app import open_main_window
from evodesk.domain import ConnectionState
from evodesk.simulator import Simulator
from evodesk.ui.chips.model import ChipsTableModel, Column
from evodesk.ui.dialogs.create import first_poll_result

NAME = "scan"
POLL_INTERVAL = 3.0
BUDGET_S = POLL_INTERVAL + 0.5


class Detector:
    """Watches the window's table model and notes when each scanned chip's row first reads "Connected"."""

    def __init__(self, model: ChipsTableModel, sim: Simulator) -> None:
        self.model = model
        self.sim = sim
        self.scanned: dict[str, float] = {}
        self.detected: dict[str, float] = {}
        self._connected_text = model.tr("Connected")
        for signal in (model.dataChanged, model.rowsInserted, model.layoutChanged):
            signal.connect(self._check)

    def scan(self, name: str) -> None:
        """The phone scans ``name``'s QR code now."""
        self.scanned[name] = time.perf_counter()
        self.sim.simulate_scan(name)

    def _check(self, *_args: object) -> None:
        now = time.perf_counter()
        for name in self.scanned.keys() - self.detected.keys():
            chip = next((c for c in self.model.chips if c.instance_name == name), None)
            row = self.model.row_of(chip.id) if chip is not None else None
            if chip is None or row is None:
                continue
            text = self.model.data(self.model.index(row, Column.CONNECTION))
            if text == self._connected_text and chip.connection_state is ConnectionState.OPEN:
                self.detected[name] = now

    def close(self) -> None:
        """Stop watching."""
        for signal in (self.model.dataChanged, self.model.rowsInserted, self.model.layoutChanged):
            signal.disconnect(self._check)


def run(quick: bool) -> list[Row]:
    """Measure detection latency over many scans, one QR dialog at a time."""
    scans = 6 if quick else 20
    rng = random.Random(2024)
    app = application()
    with scratch_dir() as tmp, Simulator(api_key=API_KEY, qr_lifetime=45.0) as sim:
        # --no-live: this measures the QR dialog's polling (bench.live_window measures the events).
        args = window_args(tmp / "home", sim.url, f"sqlite:///{tmp / 'chips.sqlite3'}")
        window = open_main_window([*args, "--no-live"])
        detector = Detector(window.model, sim)
        try:
            wait_until(lambda: window.backend.manager is not None, 20, "the database opening")
            manager = window.backend.manager
            assert manager is not None
            for serial in range(scans):
                chip, qr = manager.create(f"11 9{serial:04d}-{rng.randint(0, 9999):04d}")
                window.model.update_chip(chip)
                dialog = window.open_qr_dialog(chip, first_poll_result(qr, chip))
                assert dialog is not None
                # Any phase of the poll cycle: the dialog's poll timer started when it opened.
                delay = 0.5 + rng.random() * POLL_INTERVAL
                QTimer.singleShot(round(delay * 1000), partial(detector.scan, chip.instance_name))
                wait_until(
                    lambda name=chip.instance_name: name in detector.detected,  # type: ignore[misc]
                    POLL_INTERVAL * 4 + 10,
                    "the scan showing as connected",
                )
                # One dialog at a time: with several open, one chip's connection triggers a fleet refresh that
                # would show the others connected before their own dialogs polled.
                dialog.close()
                wait_until(lambda: not window.refresh.syncing, 10, "the refresh after the dialog closed")
                spin(0.2)
        finally:
            detector.close()
            window.close()
            window.deleteLater()
            app.processEvents()
    latencies = [detector.detected[name] - detector.scanned[name] for name in detector.detected]
    p50, p95, worst = median(latencies), percentile(latencies, 0.95), max(latencies)
    return [
        info(NAME, f"scan → row shows connected, p50 ({len(latencies)} scans, 3 s poll)", f"{p50:.2f} s", p50),
        judged(NAME, "scan → row shows connected, p95", f"≤ {BUDGET_S:g} s", f"{p95:.2f} s", p95 <= BUDGET_S, p95),
        info(NAME, "scan → row shows connected, max", f"{worst:.2f} s", worst),
    ]


def main(argv: list[str] | None = None) -> int:
    """Run this benchmark alone and print its rows for ``bench.run``."""
    parser = argparse.ArgumentParser(prog="python -m bench.scan")
    parser.add_argument("--quick", action="store_true")
    emit_rows(run(parser.parse_args(argv).quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())
