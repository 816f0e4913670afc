"""Size: the one-folder bundle (``dist/evodesk``, built by ``scripts/build.sh``) in MB, as ``du -sm`` counts it."""

from __future__ import annotations

import argparse
import subprocess
import sys

from bench.common import ROOT, Row, emit_rows, judged, skipped

NAME = "size"
BUDGET_MB = 160
BUNDLE = ROOT / "dist" / "evodesk"


def run(quick: bool) -> list[Row]:
    """Measure the bundle on disk (``quick`` changes nothing: it is one ``du``)."""
    figure = "one-folder bundle on disk (du -sm dist/evodesk)"
    if not (BUNDLE / "evodesk").exists() and not (BUNDLE / "evodesk.exe").exists():
        return [skipped(NAME, figure, f"≤ {BUDGET_MB} MB", "not built (scripts/build.sh)")]
    # du, as scripts/build.sh measures it: disk blocks, the space an operator's drive gives up.
    size_mb = int(
        subprocess.run(["du", "-sm", str(BUNDLE)], capture_output=True, text=True, check=True).stdout.split()[0]
    )
    files = sum(1 for path in BUNDLE.rglob("*") if path.is_file())
    return [judged(NAME, figure, f"≤ {BUDGET_MB} MB", f"{size_mb} MB ({files} files)", size_mb <= BUDGET_MB, size_mb)]


def main(argv: list[str] | None = None) -> int:
    """Run this benchmark alone and print its rows for ``bench.run``."""
    parser = argparse.ArgumentParser(prog="python -m bench.size")
    parser.add_argument("--quick", action="store_true")
    emit_rows(run(parser.parse_args(argv).quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())
