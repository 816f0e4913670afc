"""``python -m bench``: run every benchmark and print one table (figure, budget, measured, pass or miss).

Each benchmark runs in a process of its own (``python -m bench.<name>``): one QApplication each, and the
memory figure of the scale benchmark is the memory of a process that did nothing else. See bench/README.md.

    python -m bench                     everything (about 7 minutes on 2 cores)
    python -m bench --quick             shorter runs and 1,000 chips instead of 10,000 (about 2 minutes)
    python -m bench --only scan,size    some of them
    python -m bench --wait-quiet        first wait (up to 10 min) for the 1-minute load average to fall below 1.5
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence

from bench.common import (
    MISS,
    PASS,
    ROOT,
    SKIP,
    Row,
    format_table,
    load_average,
    machine,
    parse_rows,
    with_bytecode,
)

# Benchmark name → the module and arguments of its process, in the order of design.md section 6.
BENCHMARKS: dict[str, list[str]] = {
    "startup": ["bench.startup"],
    "scan": ["bench.scan"],
    # Events below the window (design.md section 7.1), until the window itself listens to them.
    "live": ["bench.live"],
    # The same through the real window: the chips table, the QR dialog, the GUI thread.
    "live-window": ["bench.live_window"],
    "responsiveness": ["bench.responsiveness"],
    "scale": ["bench.scale", "--database", "sqlite"],
    "scale-pg": ["bench.scale", "--database", "postgresql"],
    "load": ["bench.load"],
    "health": ["bench.health", "--database", "sqlite"],
    "health-pg": ["bench.health", "--database", "postgresql"],
    "size": ["bench.size"],
    "chip-settings": ["bench.chip_settings"],
}
QUIET_LOAD = 1.5
QUIET_WAIT = 600.0
# A benchmark process still running after this long is stopped and reported as a miss.
TIMEOUT = 1800.0


def run_one(name: str, quick: bool) -> list[Row]:
    """Run one benchmark's process; a crash becomes a ``miss`` row saying why."""
    command = [sys.executable, "-m", *BENCHMARKS[name], *(["--quick"] if quick else [])]
    started = time.monotonic()
    print(f"== {name} (load {load_average():.2f})", file=sys.stderr, flush=True)
    # stderr passes through: progress and any traceback show up as they happen.
    try:
        done = subprocess.run(
            command, cwd=ROOT, env=with_bytecode(), stdout=subprocess.PIPE, text=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return [Row(name, "benchmark process", "finishes", f"stopped after {TIMEOUT:.0f} s", MISS)]
    rows = parse_rows(done.stdout)
    print(f"   {name}: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
    if rows is None or done.returncode != 0:
        return [Row(name, "benchmark process", "exit 0", f"exit {done.returncode}, no results", MISS)]
    return rows


def wait_for_quiet() -> None:
    """Wait until the machine's 1-minute load average is below QUIET_LOAD (or QUIET_WAIT has passed)."""
    deadline = time.monotonic() + QUIET_WAIT
    while load_average() >= QUIET_LOAD and time.monotonic() < deadline:
        print(f"waiting for a quiet machine (load {load_average():.2f})", file=sys.stderr, flush=True)
        time.sleep(20)


def run_benchmarks(names: Sequence[str], *, quick: bool = False, wait_quiet: bool = False) -> list[Row]:
    """Run the named benchmarks in order and return all their rows."""
    rows: list[Row] = []
    for name in names:
        if wait_quiet:
            wait_for_quiet()
        rows.extend(run_one(name, quick))
    return rows


def report(rows: Sequence[Row], loads: tuple[float, float], quick: bool) -> str:
    """The machine, the table and a one-line verdict."""
    lines = [f"evodesk benchmarks{' (quick)' if quick else ''}"]
    lines += [f"  {key}: {value}" for key, value in machine().items()]
    lines.append(f"  1-minute load average: {loads[0]:.2f} at the start, {loads[1]:.2f} at the end")
    lines += ["", format_table(rows), ""]
    passed = sum(1 for row in rows if row.verdict == PASS)
    missed = sum(1 for row in rows if row.verdict == MISS)
    skipped = sum(1 for row in rows if row.verdict == SKIP)
    lines.append(f"{passed} budgets met, {missed} missed, {skipped} not measured")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print the report; exit status 1 when a budget is missed."""
    parser = argparse.ArgumentParser(prog="python -m bench", description="Measure the budgets of design.md section 6.")
    parser.add_argument("--quick", action="store_true", help="shorter runs, 1,000 chips instead of 10,000")
    parser.add_argument("--only", help=f"comma-separated names among: {', '.join(BENCHMARKS)}")
    parser.add_argument("--wait-quiet", action="store_true", help="wait for a 1-minute load below 1.5 first")
    args = parser.parse_args(argv)
    names = list(BENCHMARKS)
    if args.only:
        names = [name.strip() for name in args.only.split(",") if name.strip()]
        unknown = [name for name in names if name not in BENCHMARKS]
        if unknown:
            parser.error(f"unknown benchmark(s) {', '.join(unknown)}; choose among {', '.join(BENCHMARKS)}")
    start_load = load_average()
    rows = run_benchmarks(names, quick=args.quick, wait_quiet=args.wait_quiet)
    print(report(rows, (start_load, load_average()), args.quick))
    return 1 if any(row.verdict == MISS for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
