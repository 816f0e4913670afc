"""Start and stop the real Evolution API server through ``up.sh``, and decide whether this run needs it.

Like the PostgreSQL tests: the tests run when ``EVODESK_TEST_REALSERVER`` is set (CI sets it) and then fail
loudly when the server cannot start; without it they are skipped and the run's header says so.

``up.sh`` is ``../shared/realevo/up.sh`` beside the repository (``EVODESK_REALEVO_UP`` overrides it). The first
start in a folder builds the server from source with npm (one to a few minutes); later servers of the same run
reuse that build through hard links. ``EVODESK_REALEVO_WORK`` names a folder where the build is kept between
runs; without it each run builds in a temporary folder that is removed at the end.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx

T = TypeVar("T")

REQUIRE_ENV = "EVODESK_TEST_REALSERVER"
UP_ENV = "EVODESK_REALEVO_UP"
WORK_ENV = "EVODESK_REALEVO_WORK"
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_UP = REPO_ROOT.parent / "shared" / "realevo" / "up.sh"
# up.sh unpacks the sources into this folder of REALEVO_DIR and builds them there.
SOURCE_DIR = "evolution-api-2.3.7"
# The first start builds the server (npm install, prisma generate, tsup); on a busy two-core machine that has
# taken a few minutes. Later starts take seconds.
START_TIMEOUT = 1200.0
STOP_TIMEOUT = 120.0
# Server processes restarted by restart_process, by folder: ours to reap once up.sh stop has ended them.
_RESTARTED: dict[Path, subprocess.Popen[bytes]] = {}
_ASSIGNMENT = re.compile(r"^(EVOLUTION_API_URL|EVOLUTION_API_KEY|REALEVO_DIR)=(.*)$", re.MULTILINE)


class RealServerError(RuntimeError):
    """up.sh could not start the server; the message carries the end of its output."""


@dataclass(frozen=True)
class RealServer:
    """One running real server: its base URL, its global API key and the folder it runs from."""

    url: str
    api_key: str
    dir: Path

    def log_tail(self, lines: int = 40) -> str:
        """The end of the server's own log, for failure messages."""
        try:
            text = (self.dir / "server.log").read_text("utf-8", errors="replace")
        except OSError as exc:
            return f"(no server log: {exc})"
        return "\n".join(text.splitlines()[-lines:])


def required() -> bool:
    """True when this run must exercise the real server (CI): then a server that cannot start is a failure."""
    return os.environ.get(REQUIRE_ENV, "").strip().lower() not in ("", "0", "false", "no")


def up_script() -> Path:
    """The up.sh to use: ``EVODESK_REALEVO_UP``, else ``../shared/realevo/up.sh`` relative to the repository."""
    override = os.environ.get(UP_ENV, "").strip()
    return Path(override).expanduser().resolve() if override else DEFAULT_UP


def report_line() -> str:
    """The pytest header line: whether the real-server tests run, and if not, why."""
    if required():
        return f"real Evolution API tests: on ({REQUIRE_ENV} is set; server from {up_script()})"
    return (
        f"real Evolution API tests: SKIPPED, {REQUIRE_ENV} is not set "
        f"(CI sets it; they start the server with {up_script()})"
    )


def work_root() -> tuple[Path, bool]:
    """The folder the servers of this run live in, and whether it is temporary (removed at the end)."""
    kept = os.environ.get(WORK_ENV, "").strip()
    if kept:
        root = Path(kept).expanduser().resolve()
        root.mkdir(parents=True, exist_ok=True)
        return root, False
    # Not under pytest's basetemp: that one is private to its owner, and the server's PostgreSQL cluster runs
    # as the postgres user, which must reach its data folder.
    root = Path(tempfile.mkdtemp(prefix="evodesk-realevo-"))
    root.chmod(0o755)  # mkdtemp makes it private to us
    return root, True


def start_server(
    directory: Path, *, env: Mapping[str, str] | None = None, build_from: Path | None = None
) -> RealServer:
    """``up.sh start`` with ``REALEVO_DIR=directory`` and ``env`` added (e.g. ``REALEVO_WEBSOCKET_GLOBAL``).

    ``build_from`` is the folder of a server already built: its build is reused through hard links instead of
    being made again. Raises :class:`RealServerError` with up.sh's output when the server does not start.
    """
    script = up_script()
    if not script.is_file():
        raise RealServerError(f"{script} does not exist (set {UP_ENV} to the real server's up.sh)")
    directory.mkdir(parents=True, exist_ok=True)
    if build_from is not None:
        _link_build(build_from / SOURCE_DIR, directory / SOURCE_DIR)
    child_env = {**os.environ, **(env or {}), "REALEVO_DIR": str(directory)}
    try:
        done = subprocess.run(
            ["bash", str(script), "start"],
            env=child_env,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        stop_dir(directory)
        raise RealServerError(f"{script} start did not finish within {START_TIMEOUT:g} s") from exc
    found = dict(_ASSIGNMENT.findall(done.stdout))
    if done.returncode != 0 or set(found) != {"EVOLUTION_API_URL", "EVOLUTION_API_KEY", "REALEVO_DIR"}:
        stop_dir(directory)
        tail = "\n".join((done.stdout + done.stderr).splitlines()[-30:])
        raise RealServerError(f"{script} start failed (exit {done.returncode}):\n{tail}{_latest_log(directory)}")
    return RealServer(found["EVOLUTION_API_URL"], found["EVOLUTION_API_KEY"], Path(found["REALEVO_DIR"]))


def _latest_log(directory: Path, lines: int = 15) -> str:
    """The end of the log up.sh wrote last (its steps log to files, and stop at the first failure)."""
    logs = [path for path in (*directory.glob("*.log"), directory / "pg" / "log.txt") if path.is_file()]
    if not logs:
        return ""
    latest = max(logs, key=lambda path: path.stat().st_mtime)
    text = latest.read_text("utf-8", errors="replace").splitlines()[-lines:]
    return f"\n--- end of {latest}:\n" + "\n".join(text)


def stop_dir(directory: Path) -> None:
    """``up.sh stop``: the server and its PostgreSQL cluster in ``directory`` (nothing if none runs there)."""
    script = up_script()
    if script.is_file():
        subprocess.run(
            ["bash", str(script), "stop", str(directory)], capture_output=True, timeout=STOP_TIMEOUT, check=False
        )
    restarted = _RESTARTED.pop(directory, None)
    if restarted is not None:
        try:
            restarted.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            restarted.kill()
            restarted.wait()


def _link_build(source: Path, target: Path) -> None:
    """Share a finished build with a new server folder (hard links: no copy of its gigabyte of packages)."""
    if (target / "dist" / "main.js").is_file() or not (source / "dist" / "main.js").is_file():
        return
    shutil.rmtree(target, ignore_errors=True)
    linked = subprocess.run(["cp", "-al", str(source), str(target)], capture_output=True, check=False)
    if linked.returncode != 0:
        # Another file system, or no hard links: up.sh then builds this folder itself.
        shutil.rmtree(target, ignore_errors=True)
        return
    # up.sh writes each server's settings into .env: a linked one would be rewritten for both servers.
    (target / ".env").unlink(missing_ok=True)


def unique_name(prefix: str) -> str:
    """An instance name no other test of this run (nor of an earlier run on a kept server) uses."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def eventually(
    probe: Callable[[], T | None],
    *,
    within: float,
    every: float = 0.25,
    clock: Callable[[], float] = time.monotonic,
    pause: Callable[[float], None] = time.sleep,
    what: str = "the condition",
) -> T:
    """Call ``probe`` until it returns something other than None (or False), for at most ``within`` seconds.

    The real server finishes some work after answering (a delete frees the name later): tests wait for the
    outcome, bounded, instead of sleeping a fixed time.
    """
    deadline = clock() + within
    while True:
        value = probe()
        if value is not None and value is not False:
            return value
        if clock() >= deadline:
            raise AssertionError(f"{what} did not happen within {within:g} s")
        pause(every)


def restart_process(server: RealServer, *, within: float = 120.0) -> None:
    """Restart the server's Node process only, as an administrator restarting the service: its database stays.

    The process is started as up.sh starts it (from the sources folder, its log appended to ``server.log``);
    returns once ``GET /`` answers again.
    """
    pid_file = server.dir / "server.pid"
    old = int(pid_file.read_text().strip())
    os.kill(old, signal.SIGTERM)
    eventually(lambda: not _alive(old), within=30, every=0.1, what=f"the server process {old} ending")
    with open(server.dir / "server.log", "ab") as log:
        process = subprocess.Popen(
            ["node", "dist/main"],
            cwd=server.dir / SOURCE_DIR,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    pid_file.write_text(f"{process.pid}\n")
    previous = _RESTARTED.pop(server.dir, None)
    if previous is not None:
        previous.wait()  # the process just ended above
    _RESTARTED[server.dir] = process

    def answers() -> bool:
        try:
            return httpx.get(server.url + "/", timeout=5, trust_env=False).status_code == 200
        except httpx.HTTPError:
            if process.poll() is not None:
                raise AssertionError(f"the restarted server exited:\n{server.log_tail()}") from None
            return False

    eventually(answers, within=within, every=0.25, what="the restarted server answering")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A process restarted by us stays a zombie once ended, until it is reaped.
    restarted = next((process for process in _RESTARTED.values() if process.pid == pid), None)
    return restarted is None or restarted.poll() is None
