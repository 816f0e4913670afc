"""The benchmarks still run: the cheapest one, in quick mode, produces figures (they are not judged here)."""

from __future__ import annotations

import math

import pytest
from bench.common import SKIP
from bench.run import BENCHMARKS, run_benchmarks

pytestmark = pytest.mark.gui


def test_the_scale_benchmark_produces_figures() -> None:
    assert "scale" in BENCHMARKS
    rows = run_benchmarks(["scale"], quick=True)

    assert rows, "no rows"
    # A crashed benchmark process comes back as a single "benchmark process" row.
    assert all(row.figure != "benchmark process" for row in rows), rows
    assert all(row.verdict != SKIP for row in rows), rows
    judged = [row for row in rows if row.value is not None]
    assert judged, rows
    assert all(math.isfinite(row.value) and row.value >= 0 for row in judged if row.value is not None)
    assert all(any(ch.isdigit() for ch in row.measured) for row in rows), rows
