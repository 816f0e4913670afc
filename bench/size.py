"""Size in MB, as ``du -sm`` counts it: the one-folder bundle (``dist/evodesk``, built by ``scripts/build.sh``) and
the Windows bundles (``dist/windows``, built under Wine by ``scripts/build-windows.sh``): one folder and one file."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from bench.common import ROOT, Row, emit_rows, info, judged, skipped

NAME = "size"
BUDGET_MB = 160
BUNDLE = ROOT / "dist" / "evodesk"
WINDOWS_BUDGET_MB = 120
WINDOWS_BUNDLE = ROOT / "dist" / "windows" / "evodesk"
WINDOWS_ONEFILE = ROOT / "dist" / "windows" / "evodesk-portable.exe"


def _du_mb(path: Path) -> int:
    # du, as the build scripts measure it: disk blocks, the space an operator's drive gives up.
    return int(subprocess.run(["du", "-sm", str(path)], capture_output=True, text=True, check=True).stdout.split()[0])


def _files(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file())


def run(quick: bool) -> list[Row]:
    """Measure the bundles on disk (``quick`` changes nothing: it is ``du``)."""
    rows = []
    figure = "one-folder bundle on disk (du -sm dist/evodesk)"
    if not (BUNDLE / "evodesk").exists() and not (BUNDLE / "evodesk.exe").exists():
        rows.append(skipped(NAME, figure, f"≤ {BUDGET_MB} MB", "not built (scripts/build.sh)"))
    else:
        size_mb = _du_mb(BUNDLE)
        ok = size_mb <= BUDGET_MB
        rows.append(judged(NAME, figure, f"≤ {BUDGET_MB} MB", f"{size_mb} MB ({_files(BUNDLE)} files)", ok, size_mb))
    figure = "Windows one-folder bundle on disk (du -sm dist/windows/evodesk)"
    if not (WINDOWS_BUNDLE / "evodesk.exe").exists():
        rows.append(skipped(NAME, figure, f"≤ {WINDOWS_BUDGET_MB} MB", "not built (scripts/build-windows.sh)"))
    else:
        size_mb = _du_mb(WINDOWS_BUNDLE)
        measured = f"{size_mb} MB ({_files(WINDOWS_BUNDLE)} files)"
        rows.append(judged(NAME, figure, f"≤ {WINDOWS_BUDGET_MB} MB", measured, size_mb <= WINDOWS_BUDGET_MB, size_mb))
    if WINDOWS_ONEFILE.exists():
        size_mb = _du_mb(WINDOWS_ONEFILE)
        rows.append(
            info(
                NAME, "Windows one-file executable (du -m dist/windows/evodesk-portable.exe)", f"{size_mb} MB", size_mb
            )
        )
    for setup in sorted(WINDOWS_BUNDLE.parent.glob("evodesk-*-setup.exe")):
        size_mb = _du_mb(setup)
        rows.append(info(NAME, f"Windows installer (du -m dist/windows/{setup.name})", f"{size_mb} MB", size_mb))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Run this benchmark alone and print its rows for ``bench.run``."""
    parser = argparse.ArgumentParser(prog="python -m bench.size")
    parser.add_argument("--quick", action="store_true")
    emit_rows(run(parser.parse_args(argv).quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())
