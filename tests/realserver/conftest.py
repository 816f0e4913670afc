"""Fixtures of the real-server tests: one real Evolution API 2.3.7 for the whole run, and more on demand.

``real_server`` is started once per run (the first test that needs it pays for the build) and stopped at the
end; ``real_server_factory(env)`` starts further servers with other settings, e.g.
``{"REALEVO_WEBSOCKET_GLOBAL": "true"}``, reusing the first one's build; ``guarded_real_server`` is one of
those, shared by the run, that checks the Socket.IO key of loopback clients too. Both skip the tests when the run does
not ask for them (see :mod:`server`) and fail them when it does and the server cannot start.
"""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Callable, Iterator, Mapping

import pytest

from .server import START_TIMEOUT, RealServer, RealServerError, report_line, required, start_server, stop_dir
from .server import work_root as _work_root

RealServerFactory = Callable[..., RealServer]
_SERVER_FIXTURES = {"real_server", "real_server_factory", "guarded_real_server"}
# Not this machine: a server with WEBSOCKET_ALLOWED_HOSTS set to it checks the Socket.IO key of loopback clients too.
FOREIGN_HOST = "10.255.255.1"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test of this package ``realserver``; the first one using the server may also build it."""
    first = True
    for item in items:
        if "realserver" not in item.nodeid.split("::")[0].split("/"):
            continue
        item.add_marker(pytest.mark.realserver)
        if first and _SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            # pytest-timeout counts fixture set-up; the one-off build must not count against the test's own limit.
            item.add_marker(pytest.mark.timeout(START_TIMEOUT + 300))
            first = False


class _Timings:
    """Measured for the run's summary: how long the real-server tests and the server starts took."""

    tests = 0
    seconds = 0.0
    starts: list[float] = []  # noqa: RUF012 (one list for the whole run)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "realserver" in report.keywords and not (report.when == "call" and report.skipped):
        _Timings.seconds += report.duration
        if report.when == "call":
            _Timings.tests += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _Timings.tests and not _Timings.starts:
        return
    starts = ", ".join(f"{seconds:.1f} s" for seconds in _Timings.starts) or "none"
    terminalreporter.write_line(
        f"real Evolution API tests: {_Timings.tests} run in {_Timings.seconds:.1f} s "
        f"(server starts, the first with its build when not kept: {starts})"
    )


class _Servers:
    """The servers started in this run; the first one's build is shared with the others."""

    def __init__(self) -> None:
        self.root, self.temporary = _work_root()
        self.started: list[RealServer] = []
        self.failure: str | None = None

    def start(self, env: Mapping[str, str] | None = None) -> RealServer:
        if self.failure is not None:
            # Do not pay for a failing build again in every test.
            pytest.fail(self.failure, pytrace=False)
        folder = self.root / ("main" if not self.started else f"extra-{uuid.uuid4().hex[:8]}")
        build_from = self.started[0].dir if self.started else None
        started = time.monotonic()
        try:
            server = start_server(folder, env=env, build_from=build_from)
        except RealServerError as exc:
            message = f"the real Evolution API server did not start: {exc}"
            if not self.started:
                self.failure = message
        else:
            _Timings.starts.append(time.monotonic() - started)
            self.started.append(server)
            return server
        pytest.fail(message, pytrace=False)

    def stop(self, server: RealServer) -> None:
        stop_dir(server.dir)
        if server in self.started[1:]:
            self.started.remove(server)
            shutil.rmtree(server.dir, ignore_errors=True)

    def close(self) -> None:
        for server in reversed(self.started):
            stop_dir(server.dir)
        if self.temporary:
            shutil.rmtree(self.root, ignore_errors=True)
        else:
            # Keep the main build for the next run; the extra folders are only links to it.
            for server in self.started[1:]:
                shutil.rmtree(server.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def _real_servers() -> Iterator[_Servers]:
    if not required():
        pytest.skip(report_line())
    servers = _Servers()
    try:
        yield servers
    finally:
        servers.close()


@pytest.fixture(scope="session")
def real_server(_real_servers: _Servers) -> RealServer:
    """The run's real Evolution API 2.3.7 server (``url``, ``api_key``, ``dir``), shared by every test.

    Tests must use instance names of their own (see :func:`unique_name`): the server outlives each test.
    """
    return _real_servers.start()


@pytest.fixture(scope="session")
def real_server_factory(real_server: RealServer, _real_servers: _Servers) -> RealServerFactory:
    """Start another real server with extra up.sh settings (``env``); all are stopped at the end of the run."""

    def start(env: Mapping[str, str] | None = None) -> RealServer:
        return _real_servers.start(env)

    return start


@pytest.fixture(scope="module")
def extra_real_server(
    real_server_factory: RealServerFactory, _real_servers: _Servers, request: pytest.FixtureRequest
) -> Callable[..., RealServer]:
    """Like ``real_server_factory``, but the servers are stopped when the test module ends."""
    mine: list[RealServer] = []

    def start(env: Mapping[str, str] | None = None) -> RealServer:
        server = real_server_factory(env)
        mine.append(server)
        return server

    def stop_mine() -> None:
        for server in mine:
            _real_servers.stop(server)

    request.addfinalizer(stop_mine)
    return start


@pytest.fixture(scope="session")
def guarded_real_server(real_server_factory: RealServerFactory) -> RealServer:
    """A real server that checks every Socket.IO client's key (``WEBSOCKET_ALLOWED_HOSTS`` is not this machine).

    The default server lets loopback clients in without a key, so its refusals cannot be seen from here.
    Shared by the run, as ``real_server``: tests use instance names of their own.
    """
    return real_server_factory({"REALEVO_ALLOWED_HOSTS": FOREIGN_HOST})
