"""What every benchmark shares: result rows, statistics, the machine, a fleet on the simulator and in a database.

Qt-free: the benchmarks that drive the window import :mod:`bench.qt` as well.
"""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
API_KEY = "bench-key"
# Admin URL of a PostgreSQL server where benchmarks may create (and drop) their own databases.
PG_ENV = "EVODESK_BENCH_DATABASE_URL"
PG_FALLBACK_ENV = "EVODESK_TEST_DATABASE_URL"
# A benchmark subprocess prints its rows on one line starting with this marker.
ROWS_MARKER = "BENCH-ROWS "

PASS = "pass"
MISS = "miss"
INFO = "info"
SKIP = "skip"


@dataclass(frozen=True)
class Row:
    """One line of the results table.

    ``verdict`` is ``pass``/``miss`` for a figure with a budget, ``info`` for a figure reported alongside one,
    ``skip`` when it could not be measured here (``measured`` says why).
    """

    benchmark: str
    figure: str
    budget: str
    measured: str
    verdict: str
    value: float | None = None


def judged(benchmark: str, figure: str, budget: str, measured: str, ok: bool, value: float | None = None) -> Row:
    """A row with a budget: pass or miss."""
    return Row(benchmark, figure, budget, measured, PASS if ok else MISS, value)


def info(benchmark: str, figure: str, measured: str, value: float | None = None) -> Row:
    """A figure reported without a budget of its own."""
    return Row(benchmark, figure, "—", measured, INFO, value)


def skipped(benchmark: str, figure: str, budget: str, why: str) -> Row:
    """A figure that could not be measured on this machine."""
    return Row(benchmark, figure, budget, why, SKIP)


def emit_rows(rows: Sequence[Row]) -> None:
    """How a benchmark subprocess hands its rows to ``bench.run``."""
    print(ROWS_MARKER + json.dumps([asdict(row) for row in rows]), flush=True)


def parse_rows(stdout: str) -> list[Row] | None:
    """The rows a benchmark subprocess printed, or None when it printed none."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(ROWS_MARKER):
            return [Row(**item) for item in json.loads(line[len(ROWS_MARKER) :])]
    return None


def format_table(rows: Sequence[Row]) -> str:
    """The results as a fixed-width text table (also valid Markdown)."""
    header = ("benchmark", "figure", "budget", "measured", "result")
    cells = [header, *((r.benchmark, r.figure, r.budget, r.measured, r.verdict) for r in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *(line(c) for c in cells[1:])])


# -- statistics ------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (``fraction`` 0.95 for p95): a value that was actually observed."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    """The median (mean of the two middle values for an even count)."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory (VmRSS) of a process in MiB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


# -- the machine -----------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """What the figures were measured on: CPUs, CPU model, memory, load, versions."""
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    load = "unknown"
    if hasattr(os, "getloadavg"):
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    try:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        qt = f"PySide6 {pyside_version}, Qt {qVersion()}"
    except ImportError:
        qt = "PySide6 missing"
    return {
        "date": datetime.now(UTC).astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "ram": memory,
        "load average (1, 5, 15 min)": load,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "qt": qt,
        "os": platform.platform(),
    }


def with_bytecode(env: dict[str, str] | None = None) -> dict[str, str]:
    """``env`` (or this process's environment) with bytecode caching on, the source compiled beforehand.

    An installed evodesk has its bytecode (pip compiles it; the bundle carries it): a machine that sets
    ``PYTHONDONTWRITEBYTECODE`` would otherwise time compiling every module on every start.
    """
    result = dict(os.environ if env is None else env)
    result.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "evodesk"), str(ROOT / "bench")],
        env=result,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return result


def load_average() -> float:
    """The one-minute load average (0 where the platform has none)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0


# -- databases -------------------------------------------------------------------------------------------


def postgres_admin_url() -> str | None:
    """The PostgreSQL server benchmarks may use, or None (then only SQLite is measured)."""
    return os.environ.get(PG_ENV) or os.environ.get(PG_FALLBACK_ENV) or None


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    """A fresh, empty chips database: ``kind`` ``sqlite`` (a file in ``folder``) or ``postgresql``."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'bench-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    import psycopg
    from sqlalchemy.engine import make_url

    admin_url = postgres_admin_url()
    if admin_url is None:
        raise RuntimeError(f"no PostgreSQL server: set {PG_ENV}")
    admin = make_url(admin_url)
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"evodesk_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fleet_names(count: int) -> list[tuple[str, str]]:
    """(instance name, phone digits) of a fleet of ``count`` chips, the same on the server and in the database."""
    return [(f"fleet-{n:05d}", f"55{11 + n % 80}9{n:08d}") for n in range(1, count + 1)]


def seed_chips(database_url: str, count: int) -> None:
    """Migrate the database and add ``count`` pending chips whose connection state is not known yet.

    Written in one statement, as an import from another system would: going through ``insert_chip`` one chip
    at a time would make setting up 10,000 chips the slowest part of the benchmark.
    """
    from sqlalchemy import insert

    from evodesk.store import open_store
    from evodesk.store.engine import create_engine, normalize_url
    from evodesk.store.models import ChipRow

    open_store(database_url).close()
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = [
        {
            "phone": phone,
            "instance_name": name,
            "status": "pending",
            "evolution_connected": False,
            "connection_state": "unknown",
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        for name, phone in fleet_names(count)
    ]
    engine = create_engine(normalize_url(database_url), pooled=False)
    try:
        with engine.begin() as conn:
            conn.execute(insert(ChipRow), rows)
    finally:
        engine.dispose()


def forget_connection_states(database_url: str) -> None:
    """Another system resets every chip's connection fields: the next refresh has all of them to write back."""
    from sqlalchemy import update

    from evodesk.store.engine import create_engine, normalize_url
    from evodesk.store.models import ChipRow

    engine = create_engine(normalize_url(database_url), pooled=False)
    try:
        with engine.begin() as conn:
            conn.execute(
                update(ChipRow).values(
                    connection_state="unknown",
                    evolution_connected=False,
                    profile_name=None,
                    owner_jid=None,
                    disconnect_reason_code=None,
                    version=ChipRow.version + 1,
                    updated_at=datetime.now(UTC),
                )
            )
    finally:
        engine.dispose()


# -- the simulator in its own process ----------------------------------------------------------------------


class SimProcess:
    """The simulator in a separate process (``bench.simserver``), as a real server would be.

    Benchmarks that time the GUI thread must not share their interpreter lock with the server's threads.
    Control goes through the simulator's ``/_sim/`` endpoints.
    """

    def __init__(self, *, instances: int = 0, latency: float = 0.0, qr_lifetime: float = 45.0) -> None:
        args = [
            sys.executable,
            "-m",
            "bench.simserver",
            "--instances",
            str(instances),
            "--latency",
            str(latency),
            "--qr-lifetime",
            str(qr_lifetime),
        ]
        self._process = subprocess.Popen(args, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self._process.stdout is not None
        line = self._process.stdout.readline().strip()
        if not line.startswith("URL "):
            self.stop()
            raise RuntimeError(f"bench.simserver did not start: {line!r}")
        self.url = line.split(" ", 1)[1]
        self.api_key = API_KEY

    def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        """Call a ``/_sim/`` endpoint and return its JSON answer."""
        import httpx

        response = httpx.request(method, f"{self.url}/_sim/{path}", json=body, timeout=30)
        response.raise_for_status()
        return response.json()

    def set_latency(self, seconds: float) -> None:
        """Delay every Evolution request by ``seconds``."""
        self.control("POST", "faults", {"latency": seconds, "failRate": 0.0, "mode": "none"})

    def scan(self, name: str) -> None:
        """The phone scans the QR shown for ``name``."""
        self.control("POST", f"scan/{name}", {})

    def stop(self) -> None:
        """Stop the server process (closing its stdin tells it to exit)."""
        if self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

    def __enter__(self) -> SimProcess:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


@contextmanager
def scratch_dir() -> Iterator[Path]:
    """A temporary folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="evodesk-bench-") as folder:
        yield Path(folder)


def elapsed_ms(since: float) -> float:
    """Milliseconds of ``time.perf_counter()`` since ``since``."""
    return (time.perf_counter() - since) * 1000
