"""Memory per hostile answer, measured in a child process with the client's real caps.

Each answer is fetched by a fresh child (``memory_probe.py``), whose peak resident size before and after the
call gives the growth that one answer cost: a 200 MB body once cost +600 MB, and a 300 KB gzip body inflating to
300 MB cost +943 MB and was then taken for an empty instance list. Now each is refused as too large, and the
growth stays under the cap plus a margin for the interpreter's own allocations.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from tests.reliability.conftest import Ledger
from tests.reliability.hostile import (
    WELCOME,
    Connection,
    Request,
    chunk,
    chunked_head,
    gzip_bomb,
    hostile,
    response,
)

from evodesk.evolution.client import MAX_LIST_ANSWER_BYTES

pytestmark = [
    pytest.mark.reliability,
    pytest.mark.skipif(sys.platform != "linux", reason="peak memory is read from Linux's /proc/self/status"),
]

CAT = "hostile_server"
ROOT = Path(__file__).resolve().parents[2]
CAP_MIB = MAX_LIST_ANSWER_BYTES / (1024 * 1024)
# The body kept while reading, plus the allocator's slack and one read buffer; not a second copy of it.
BOUND_MIB = CAP_MIB * 1.25 + 16
BLOCK = b'{"name":"x"},' * 5000


@cache
def _bomb() -> bytes:
    return gzip_bomb(300 * 1024 * 1024)


def _body_200mb(request: Request, connection: Connection) -> bool:
    connection.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[")
    for _ in range(200 * 1024 * 1024 // len(BLOCK)):
        connection.send(BLOCK)
    return False


def _endless(request: Request, connection: Connection) -> bool:
    connection.send(chunked_head() + chunk(b"["))
    while True:
        connection.send(chunk(BLOCK))


def _gzip_bomb(request: Request, connection: Connection) -> bool:
    connection.send(response(_bomb(), headers={"Content-Encoding": "gzip"}))
    return True


ANSWERS: dict[str, Callable[[Request, Connection], bool]] = {
    "200 MB body": _body_200mb,
    "endless chunked body": _endless,
    "gzip bomb (300 KB to 300 MB)": _gzip_bomb,
}


@pytest.mark.parametrize("kind", sorted(ANSWERS))
def test_one_hostile_answer_costs_at_most_the_cap(kind: str, ledger: Ledger) -> None:
    def answer(request: Request, connection: Connection) -> bool:
        if request.path == "/":
            connection.send(WELCOME)
            return True
        return ANSWERS[kind](request, connection)

    with hostile(answer) as server:
        ledger.injected(CAT, f"memory: {kind}")
        child = subprocess.run(
            [sys.executable, "-m", "tests.reliability.memory_probe", server.url],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert child.returncode == 0, child.stderr
    result = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"{kind}: {result}")
    assert result["outcome"] == "AnswerTooLarge", result
    ledger.peak(CAT, "peak_memory_growth_per_hostile_answer_mib", result["growth_mib"])
    assert result["growth_mib"] <= BOUND_MIB, f"{kind} grew the process by {result['growth_mib']} MiB"
    ledger.survived(CAT, f"memory: {kind}")
