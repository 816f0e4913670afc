"""Child process of test_hostile_memory.py: one hostile answer, and how much the process's peak memory grew.

Run as ``python -m tests.reliability.memory_probe URL``. It warms the client up with one ordinary call (so
imports, the connection pool and the TLS-free socket are paid for), notes the peak resident size, asks for the
instance list (the hostile answer), and prints one JSON line: the error's type and the growth in MiB.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def peak_mib() -> float:
    """The process's peak resident size (VmHWM).

    Not ``ru_maxrss``: after fork and exec it keeps the parent's peak (the whole pytest process) until this
    process outgrows it, which would hide the growth being measured.
    """
    status = Path("/proc/self/status").read_text()
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    assert match is not None, "no VmHWM in /proc/self/status"
    return int(match.group(1)) / 1024


def main(url: str) -> int:
    from evodesk.evolution import EvolutionClient, EvolutionError

    with EvolutionClient(url, "memory-probe-key-0123", timeout=30) as client:
        client.server_info()
        before = peak_mib()
        outcome = "data"
        try:
            client.fetch_instances()
        except EvolutionError as exc:
            outcome = type(exc).__name__
        after = peak_mib()
    print(json.dumps({"outcome": outcome, "growth_mib": round(after - before, 1), "peak_mib": round(after, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
