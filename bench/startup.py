"""Start-up: process start to the first painted main window, ``evodesk`` against a bare PySide6 window.

Every run is a new process started by this one; the time is from just before the process is created to the
``first-paint <time.monotonic()>`` line it prints (``EVODESK_EXIT_AFTER_PAINT=1`` in ``evodesk``, the same hook
in ``bench/bare_window.py``). Runs alternate between the two programs (A B B A ...) so that a burst of load
on the machine hits both alike, and the budget is a ratio of medians. After one untimed run of each (page
cache, bytecode cache, database migrated), every start is a warm start on an existing data folder, as an
operator's would be. The frozen one-folder build is timed the same way against the source run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.common import (
    ROOT,
    Row,
    SimProcess,
    emit_rows,
    info,
    judged,
    median,
    scratch_dir,
    seed_chips,
    skipped,
)

NAME = "startup"
RATIO_BUDGET = 1.5
FROZEN_RATIO_BUDGET = 1.2
FROZEN_EXE = ROOT / "dist" / "evodesk" / "evodesk"
# A program that never reports its paint (a bundle built before the hook existed) is stopped after this.
RUN_TIMEOUT = 30.0


class NoPaintReported(RuntimeError):
    """The program exited without printing its first-paint line."""


def time_to_first_paint(command: list[str], env: dict[str, str]) -> float:
    """Seconds from just before ``command`` starts to its first painted window (as it reports it)."""
    started = time.monotonic()
    try:
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise NoPaintReported(f"{Path(command[0]).name} reported no first paint within {RUN_TIMEOUT:g} s") from exc
    for line in done.stdout.splitlines():
        if line.startswith("first-paint "):
            return float(line.split()[1]) - started
    raise NoPaintReported(
        f"{Path(command[0]).name} exited with {done.returncode} without reporting its first paint: "
        f"{(done.stderr.strip().splitlines() or ['no output'])[-1]}"
    )


def interleaved(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    """``runs`` timings of each command, alternating A B B A so neither always goes first."""
    names = list(commands)
    for name in names:
        time_to_first_paint(commands[name], env)  # untimed warm-up
    times: dict[str, list[float]] = {name: [] for name in names}
    for index in range(runs):
        order = names if index % 2 == 0 else names[::-1]
        for name in order:
            times[name].append(time_to_first_paint(commands[name], env))
    return times


def _ms(values: list[float]) -> str:
    low, high = min(values) * 1000, max(values) * 1000
    return f"{median(values) * 1000:.0f} ms (min {low:.0f}, max {high:.0f}, n={len(values)})"


def run(quick: bool) -> list[Row]:
    """Time both starts and the frozen build."""
    runs = 3 if quick else 12
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"EVOLUTION_API_URL", "EVOLUTION_API_KEY", "EVODESK_DATABASE_URL", "EVODESK_HOME"}
    }
    env.update(QT_QPA_PLATFORM="offscreen", EVODESK_EXIT_AFTER_PAINT="1")
    rows: list[Row] = []
    with scratch_dir() as tmp, SimProcess(instances=10) as sim:
        database_url = f"sqlite:///{tmp / 'chips.sqlite3'}"
        seed_chips(database_url, 10)
        args = [
            *("--data-dir", str(tmp / "home"), "--api-url", sim.url, "--api-key", sim.api_key),
            *("--database-url", database_url),
        ]
        source = [sys.executable, "-m", "evodesk", *args]
        bare = [sys.executable, str(ROOT / "bench" / "bare_window.py")]
        times = interleaved({"evodesk": source, "bare": bare}, runs, env)
        ratio = median(times["evodesk"]) / median(times["bare"])
        rows.append(info(NAME, "evodesk: start to first paint (source)", _ms(times["evodesk"])))
        rows.append(info(NAME, "bare PySide6 window: start to first paint", _ms(times["bare"])))
        rows.append(
            judged(
                NAME,
                "evodesk / bare window (ratio of medians)",
                f"≤ {RATIO_BUDGET}×",
                f"{ratio:.2f}×",
                ratio <= RATIO_BUDGET,
                ratio,
            )
        )
        figure = "frozen one-folder / source (ratio of medians)"
        if not FROZEN_EXE.exists():
            rows.append(skipped(NAME, figure, f"≤ {FROZEN_RATIO_BUDGET}×", "not built (scripts/build.sh)"))
            return rows
        try:
            frozen_times = interleaved({"frozen": [str(FROZEN_EXE), *args], "source": source}, runs, env)
        except NoPaintReported:
            rows.append(
                skipped(
                    NAME,
                    figure,
                    f"≤ {FROZEN_RATIO_BUDGET}×",
                    "bundle older than EVODESK_EXIT_AFTER_PAINT: rebuild (scripts/build.sh)",
                )
            )
            return rows
        frozen_ratio = median(frozen_times["frozen"]) / median(frozen_times["source"])
        rows.append(info(NAME, "frozen one-folder: start to first paint", _ms(frozen_times["frozen"])))
        rows.append(
            judged(
                NAME,
                figure,
                f"≤ {FROZEN_RATIO_BUDGET}×",
                f"{frozen_ratio:.2f}×",
                frozen_ratio <= FROZEN_RATIO_BUDGET,
                frozen_ratio,
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run this benchmark alone and print its rows for ``bench.run``."""
    parser = argparse.ArgumentParser(prog="python -m bench.startup")
    parser.add_argument("--quick", action="store_true")
    emit_rows(run(parser.parse_args(argv).quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())
