"""Start-up: process start to the first painted main window, ``evodesk`` against a bare PySide6 window.

Every run is a new process started by this one; the time is from just before the process is created to the
``first-paint <time.monotonic()>`` line it prints (``EVODESK_EXIT_AFTER_PAINT=1`` in ``evodesk``, the same hook
in ``bench/bare_window.py``). ``evodesk`` paints its window's frame first; it also prints ``complete-paint``
once the complete window (menus, toolbar, table) has painted, reported beside the budget. Runs alternate
between the two programs (A B B A ...) so that a burst of load on the machine hits both alike, and the budget
is a ratio of medians. After two untimed runs of each (page cache, bytecode cache, database migrated), every
start is a warm start on an existing data folder, as an operator's would be, with its bytecode compiled
(``common.with_bytecode``). The frozen one-folder build is timed the same way against the source run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
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
    with_bytecode,
)

NAME = "startup"
RATIO_BUDGET = 1.5
FROZEN_RATIO_BUDGET = 1.2
FROZEN_EXE = ROOT / "dist" / "evodesk" / "evodesk"
# A program that never reports its paint (a bundle built before the hook existed) is stopped after this.
RUN_TIMEOUT = 30.0


class NoPaintReported(RuntimeError):
    """The program exited without printing its first-paint line."""


@dataclass(frozen=True)
class Paints:
    """Seconds from just before the process started to its first paint and (evodesk) its complete window."""

    first: float
    complete: float | None


def time_to_paints(command: list[str], env: dict[str, str]) -> Paints:
    """When ``command``'s window first painted, and painted complete, as it reports them."""
    started = time.monotonic()
    try:
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired as exc:
        raise NoPaintReported(f"{Path(command[0]).name} reported no first paint within {RUN_TIMEOUT:g} s") from exc
    moments = {
        parts[0]: float(parts[1]) - started
        for parts in (line.split() for line in done.stdout.splitlines())
        if len(parts) == 2 and parts[0] in {"first-paint", "complete-paint"}
    }
    if "first-paint" in moments:
        return Paints(moments["first-paint"], moments.get("complete-paint"))
    raise NoPaintReported(
        f"{Path(command[0]).name} exited with {done.returncode} without reporting its first paint: "
        f"{(done.stderr.strip().splitlines() or ['no output'])[-1]}"
    )


def interleaved(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, list[Paints]]:
    """``runs`` timings of each command, alternating A B B A so neither always goes first."""
    names = list(commands)
    for _warm_up in range(2):
        for name in names:
            time_to_paints(commands[name], env)
    times: dict[str, list[Paints]] = {name: [] for name in names}
    for index in range(runs):
        order = names if index % 2 == 0 else names[::-1]
        for name in order:
            times[name].append(time_to_paints(commands[name], env))
    return times


def _first(paints: list[Paints]) -> list[float]:
    return [paint.first for paint in paints]


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
    env = with_bytecode(env)
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
        evodesk, bare_first = _first(times["evodesk"]), _first(times["bare"])
        complete = [paint.complete for paint in times["evodesk"] if paint.complete is not None]
        ratio = median(evodesk) / median(bare_first)
        rows.append(info(NAME, "evodesk: start to first paint (source)", _ms(evodesk)))
        if len(complete) == len(evodesk):
            rows.append(info(NAME, "evodesk: start to complete window painted", _ms(complete)))
            rows.append(
                info(NAME, "evodesk complete window / bare window", f"{median(complete) / median(bare_first):.2f}×")
            )
        rows.append(info(NAME, "bare PySide6 window: start to first paint", _ms(bare_first)))
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
        frozen, source_first = _first(frozen_times["frozen"]), _first(frozen_times["source"])
        frozen_ratio = median(frozen) / median(source_first)
        rows.append(info(NAME, "frozen one-folder: start to first paint", _ms(frozen)))
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
