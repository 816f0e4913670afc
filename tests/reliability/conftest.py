"""Fixtures of the reliability suite, and the ledger whose figures RELIABILITY.md quotes.

Every test records what it tried in the session's :class:`Ledger` (faults injected and survived, bad inputs,
hypothesis examples, chips checked and lost). At the end of the run one machine-readable line per category is
printed (``RELIABILITY <category> {json}``) and the whole ledger is written to ``reliability.json`` in the
session's temporary folder.
"""

from __future__ import annotations

import json
import os
import platform
import socket
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

CATEGORIES = ("server_faults", "hostile_server", "database_faults", "concurrency", "bad_input", "security")


class Ledger:
    """Counts per category; a test adds to it as it goes, so a failing test leaves "survived" short."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = {}

    def add(self, category: str, **counts: int) -> None:
        assert category in CATEGORIES, category
        bucket = self.counts.setdefault(category, Counter())
        for key, value in counts.items():
            bucket[key] += value

    def injected(self, category: str, fault: str) -> None:
        """A fault was switched on."""
        self.add(category, faults_injected=1)
        self.add(category, **{f"fault:{fault}": 1})

    def survived(self, category: str, fault: str) -> None:
        """Every check of that fault passed (responsive, clear message, database true, retry worked)."""
        self.add(category, faults_survived=1)

    def peak(self, category: str, key: str, value: float) -> None:
        """Keep the largest value seen (e.g. the longest GUI stall), rounded to an integer."""
        bucket = self.counts.setdefault(category, Counter())
        bucket[key] = max(bucket[key], round(value))

    def chips(self, category: str, *, expected: set[int], present: set[int]) -> int:
        """Chips that must still be in the database; returns (and records) how many are missing."""
        lost = len(expected - present)
        self.add(category, chips_checked=len(expected), chips_lost=lost)
        return lost

    def summary(self) -> dict[str, dict[str, int]]:
        return {category: dict(sorted(self.counts[category].items())) for category in sorted(self.counts)}


_LEDGER = Ledger()


@pytest.fixture(scope="session")
def ledger() -> Ledger:
    return _LEDGER


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    summary = _LEDGER.summary()
    if not summary:
        return
    totals: Counter[str] = Counter()
    for counts in summary.values():
        for key in (
            "faults_injected",
            "faults_survived",
            "bad_inputs",
            "hypothesis_examples",
            "chips_lost",
            "key_bytes_leaked",
        ):
            totals[key] += counts.get(key, 0)
        totals["heartbeat_max_gap_ms"] = max(totals["heartbeat_max_gap_ms"], counts.get("heartbeat_max_gap_ms", 0))
    host = platform.node() or socket.gethostname()
    machine = f"{host} ({platform.system()} {platform.machine()}, {os.cpu_count()} cpu)"
    header = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine, "exit": int(exitstatus)}
    terminalreporter.section("reliability ledger")
    for category, counts in summary.items():
        terminalreporter.write_line(f"RELIABILITY {category} {json.dumps(counts, sort_keys=True)}")
    terminalreporter.write_line(f"RELIABILITY total {json.dumps(dict(sorted(totals.items())), sort_keys=True)}")
    terminalreporter.write_line(f"RELIABILITY run {json.dumps(header, sort_keys=True)}")
    try:
        base = config._tmp_path_factory.getbasetemp()  # type: ignore[attr-defined]
    except Exception:
        return
    path = Path(base) / "reliability.json"
    path.write_text(json.dumps({"run": header, "total": totals, "categories": summary}, indent=2), encoding="utf-8")
    terminalreporter.write_line(f"RELIABILITY report {path}")


# -- the window ------------------------------------------------------------------------------------------------


@pytest.fixture
def window_settings() -> dict[str, str]:
    """The windows of these tests refresh only when told to (F5, an action), so that faults meet known calls.

    Live events off: the checks they trigger are calls of their own (tests/test_ui_live.py tests the window live).
    """
    return {"ui/sync_interval": "60", "server/live_events": "false"}
