"""Shared fixtures: real SQLite files, a real PostgreSQL server, the simulator on loopback."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from evodesk.simulator import Simulator
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
