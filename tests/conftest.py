"""Shared fixtures: real SQLite files, a real PostgreSQL server, the simulator on loopback, the task runner, the
services over them (``rig_factory``, ``fleet``) and the real window (``open_window``).

Helpers that are plain functions (waiting, selecting, answering dialogs) are in ``helpers.py`` beside this file.
(pytest-qt loads PySide6 into the test process anyway: that the Qt-free layers do not is checked in a process of
its own, tests/test_quality.py.)
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from evodesk.config import Paths, write_settings_file
from evodesk.domain import Actor
from evodesk.evolution import CircuitBreaker, EvolutionClient
from evodesk.services import InstanceManager, QrPolicy
from evodesk.services.journal import CreateJournal
from evodesk.simulator import Simulator
from evodesk.store import Store, open_store
from helpers import KEY, Rig
from realserver.server import report_line as realserver_report_line

PG_ENV = "EVODESK_TEST_DATABASE_URL"


def pytest_report_header(config: pytest.Config) -> list[str]:
    url = os.environ.get(PG_ENV)
    if url:
        postgres = f"PostgreSQL tests: on ({PG_ENV} is set)"
    else:
        postgres = f"PostgreSQL tests: SKIPPED, {PG_ENV} is not set (CI sets it; see scripts/pg-throwaway.sh)"
    return [postgres, realserver_report_line()]


@pytest.fixture(autouse=True)
def _no_system_keyring() -> Iterator[None]:
    """Every test starts without an OS keyring, as on a headless machine.

    keyring discovers backends among all loaded subclasses, so a test that defines an in-memory backend would
    otherwise become every later test's keyring. Tests that want one inject it explicitly.
    """
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def sqlite_url(tmp_path: os.PathLike[str]) -> str:
    return f"sqlite:///{os.fspath(tmp_path)}/chips.sqlite3"


def _pg_admin_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"PostgreSQL not configured: set {PG_ENV} (CI starts a throwaway cluster)")
    return url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty database on the configured server, dropped afterwards.

    When the variable is set but the server cannot be reached the test fails: a silent skip would hide a
    broken CI cluster.
    """
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(_pg_admin_url())
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"evodesk_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        pytest.fail(f"{PG_ENV} is set but the PostgreSQL server is unreachable: {exc}")
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Run the test once on a SQLite file and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def simulator() -> Iterator[Simulator]:
    """A started Evolution API simulator (global key ``test-key``, 45 s QRs), stopped afterwards."""
    sim = Simulator(api_key="test-key", qr_lifetime=45.0)
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture
def sim_factory() -> Iterator[Callable[..., Simulator]]:
    """Build and start simulators with any keyword arguments; all of them are stopped at teardown."""
    started: list[Simulator] = []

    def make(**kwargs: Any) -> Simulator:
        sim = Simulator(**kwargs)
        sim.start()
        started.append(sim)
        return sim

    try:
        yield make
    finally:
        for sim in started:
            sim.stop()


@pytest.fixture
def runner(qapp: Any) -> Iterator[Any]:
    """The window's bridge to the services: a task runner whose workers are joined at teardown."""
    from evodesk.ui.tasks.runner import TaskRunner

    runner = TaskRunner(network_threads=4)
    yield runner
    assert runner.shutdown(10000)


@pytest.fixture
def rig_factory(sim_factory: Callable[..., Simulator], tmp_path: os.PathLike[str]) -> Iterator[Callable[..., Rig]]:
    """Build a :class:`Rig`: a simulator (started with ``sim_kwargs``, or ``sim``), a SQLite file, the services.

    ``policy`` also sets the simulator's QR lifetime; ``breaker`` replaces the client's circuit breaker;
    ``journal`` records creates in ``home`` as ``evodesk`` does; ``key`` is the key the client sends; ``clock``
    is the services' clock (QR sessions: their start, the QR's age, the deadline).
    """
    folder = Path(os.fspath(tmp_path))
    opened: list[tuple[EvolutionClient, Store]] = []

    def make(
        policy: QrPolicy | None = None,
        *,
        sim: Simulator | None = None,
        key: str = KEY,
        breaker: CircuitBreaker | None = None,
        journal: bool = False,
        actor: Actor | None = None,
        clock: Callable[[], float] | None = None,
        **sim_kwargs: Any,
    ) -> Rig:
        if sim is None:
            sim_kwargs.setdefault("api_key", KEY)
            if policy is not None:
                sim_kwargs.setdefault("qr_lifetime", policy.qr_lifetime)
            sim = sim_factory(**sim_kwargs)
        url = f"sqlite:///{folder}/chips-{len(opened) + 1}.sqlite3"
        store = open_store(url)
        client = EvolutionClient(sim.url, key, timeout=5.0, long_timeout=5.0, breaker=breaker)
        opened.append((client, store))
        home = folder / "home"
        extra: dict[str, Any] = {}
        if policy is not None:
            extra["policy"] = policy
        if actor is not None:
            extra["actor"] = actor
        if journal:
            extra["journal"] = CreateJournal(home / "pending-creates.json")
        if clock is not None:
            extra["clock"] = clock
        return Rig(sim, client, store, InstanceManager(client, store, **extra), url, home)

    yield make
    for client, store in opened:
        client.close()
        store.close()


@pytest.fixture
def rig(rig_factory: Callable[..., Rig]) -> Rig:
    return rig_factory()


@pytest.fixture
def fleet(simulator: Simulator, rig_factory: Callable[..., Rig]) -> Rig:
    """The services on the database the window of ``open_window`` uses, against ``simulator``."""
    return rig_factory(sim=simulator)


@pytest.fixture
def window_settings() -> dict[str, str]:
    """Settings every window of ``open_window`` starts with (a test suite's conftest may override it).

    Live events off: these windows poll, so the requests a test counts are the ones it caused. The windows on
    live events are tested in test_ui_live.py (which overrides this).
    """
    return {"server/live_events": "false"}


@pytest.fixture
def open_window(
    qtbot: Any, tmp_path: os.PathLike[str], request: pytest.FixtureRequest, window_settings: dict[str, str]
) -> Iterator[Callable[..., Any]]:
    """Open the real window (``open_main_window``) as ``evodesk`` would; every window is closed at teardown.

    Without ``api_url``/``database_url`` it opens on the ``fleet`` fixture's simulator and database. ``settings``
    (and ``sync_interval``/``poll_interval``) go to the settings file first. Closing waits for the workers.
    """
    from evodesk.app import open_main_window

    windows: list[Any] = []

    def open_(
        api_url: str | None = None,
        api_key: str = KEY,
        database_url: str | None = None,
        *,
        home: Path | None = None,
        settings: dict[str, str] | None = None,
        sync_interval: float | None = None,
        poll_interval: float | None = None,
    ) -> Any:
        if api_url is None or database_url is None:
            fleet: Rig = request.getfixturevalue("fleet")
            api_url = api_url or fleet.sim.url
            database_url = database_url or fleet.url
        folder = home if home is not None else Path(os.fspath(tmp_path)) / "home"
        values = {**window_settings, **(settings or {})}
        if sync_interval is not None:
            values["ui/sync_interval"] = str(sync_interval)
        if poll_interval is not None:
            values["ui/poll_interval"] = str(poll_interval)
        if values:
            write_settings_file(Paths.under(folder).settings_file, values)
        window = open_main_window(
            [
                *("--data-dir", str(folder), "--api-url", api_url, "--api-key", api_key),
                *("--database-url", database_url, "--lang", "en"),
            ]
        )
        windows.append(window)
        return window

    yield open_
    for window in windows:
        window.close()
        window.deleteLater()
