"""Database faults: PostgreSQL stopped mid-session and started again, a SQLite file locked by another process,
the app killed between the server's create and the database's insert.

The PostgreSQL tests run on a private throwaway cluster (scripts/pg-throwaway.sh on a free port) so that stopping
it disturbs nobody. The SIGKILL case at the service level is tests/test_services_recovery.py
(test_killed_between_server_create_and_database_insert_is_adopted_on_next_start); here the window's own start
adopts the orphan.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QLabel, QLineEdit

from evodesk.app import JOURNAL_FILE
from evodesk.config import Paths
from evodesk.domain import Actor, ChipStatus
from evodesk.evolution import EvolutionClient
from evodesk.services import InstanceManager, OrphanedInstance
from evodesk.services.errors import ActionNotRecorded
from evodesk.services.journal import CreateJournal
from evodesk.simulator import Simulator
from evodesk.store import StoreUnavailable, open_store
from evodesk.ui.shared.messages import describe_error
from helpers import answer_confirmation, heartbeat, rows, select, take_error_box, wait_for, wait_synced

from .conftest import Ledger

pytestmark = pytest.mark.reliability

KEY = "db-fault-suite-key-51c0"
CAT = "database_faults"
OPERATOR = Actor("operator", "desk-1")
REPO = Path(__file__).resolve().parents[2]


# -- a private PostgreSQL cluster ------------------------------------------------------------------------------


@dataclass
class PrivateCluster:
    """A throwaway PostgreSQL cluster of this module's own, which the tests may stop and start."""

    url: str
    datadir: str
    port: int
    bindir: str

    def _pg_ctl(self, *args: str) -> None:
        command = [os.path.join(self.bindir, "pg_ctl"), "-D", self.datadir, *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, f"pg_ctl {' '.join(args)} failed: {done.stdout}{done.stderr}"

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "-w", "stop")

    def start(self) -> None:
        # The same options scripts/pg-throwaway.sh starts it with.
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.datadir} -c fsync=off -c max_connections=200"
        self._pg_ctl("-l", os.path.join(self.datadir, "server.log"), "-w", "-t", "30", "-o", options, "start")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def private_pg() -> Iterator[PrivateCluster]:
    bindirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not bindirs or not os.path.exists(os.path.join(bindirs[-1], "initdb")):
        reason = "PostgreSQL server binaries (initdb, pg_ctl) are not installed under /usr/lib/postgresql"
        if os.environ.get("EVODESK_TEST_DATABASE_URL"):
            pytest.fail(f"{reason}, although EVODESK_TEST_DATABASE_URL is set (CI installs them)")
        pytest.skip(reason)
    port = _free_port()
    done = subprocess.run(
        ["bash", str(REPO / "scripts" / "pg-throwaway.sh"), str(port)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"scripts/pg-throwaway.sh failed: {done.stderr}"
    datadir = next(line.split("=", 1)[1] for line in done.stderr.splitlines() if line.startswith("PGDATA_DIR="))
    cluster = PrivateCluster(done.stdout.strip(), datadir, port, bindirs[-1])
    try:
        yield cluster
    finally:
        command = [os.path.join(cluster.bindir, "pg_ctl"), "-D", datadir, "-m", "immediate", "stop"]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, capture_output=True, timeout=60)
        shutil.rmtree(datadir, ignore_errors=True)
        Path(f"{datadir}.initdb.log").unlink(missing_ok=True)


@pytest.fixture
def sim(sim_factory: Callable[..., Simulator]) -> Simulator:
    return sim_factory(api_key=KEY, delete_delay=0.2)


def _manager(sim: Simulator, url: str, journal: Path | None = None, *, busy_ms: int = 5000) -> InstanceManager:
    client = EvolutionClient(sim.url, KEY, timeout=5, long_timeout=5)
    store = open_store(url, sqlite_busy_timeout_ms=busy_ms)
    return InstanceManager(
        client, store, actor=OPERATOR, journal=CreateJournal(journal) if journal is not None else None
    )


def _close(manager: InstanceManager) -> None:
    manager.client.close()
    manager.store.close()


@pytest.mark.gui
def test_postgres_stopped_mid_session_fails_clearly_and_works_once_started(
    qtbot: Any, private_pg: PrivateCluster, sim: Simulator, open_window: Callable[..., Any], ledger: Ledger
) -> None:
    other = _manager(sim, private_pg.url)  # a second operator on the same database
    try:
        live = other.create("11 98765-1101", "pg-01")[0]
        sim.simulate_scan("pg-01")
        other.sync()
        waiting = other.create("11 98765-1102", "pg-02")[0]
        window = open_window(sim.url, KEY, private_pg.url)
        wait_synced(qtbot, window)
        assert window.databaseLabel.text() == "Database: PostgreSQL"
        before = rows(other.store)
        instances = sim.instance_names()

        private_pg.stop()
        ledger.injected(CAT, "postgresql stopped")
        with heartbeat() as beat:
            qtbot.mouseClick(window.refreshButton, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(window.apiStatusBanner.isVisible, timeout=10000)
            assert window.apiStatusBanner.titleLabel.text() == "The chips database cannot be updated"
            reason = window.apiStatusBanner.reasonLabel.text()
            assert reason.startswith("The database is unavailable: The PostgreSQL database "), reason
            assert f"127.0.0.1:{private_pg.port}" in reason
            # The chips stay on screen.
            assert {c.id for c in window.model.chips} == {live.id, waiting.id}
            select(qtbot, window, window.model.chip_by_id(live.id) or live)
            answer_confirmation(accept=True)
            window.disconnectAction.trigger()
            title, text = take_error_box(qtbot, window)
            assert title == "Disconnect failed"
            assert text.startswith("“pg-01”: The database is unavailable: The PostgreSQL database "), text
            beat.settle(qtbot)
        ledger.peak(CAT, "heartbeat_max_gap_ms", beat.max_gap * 1000)
        beat.check()
        # The other operator's calls fail the same way, before the server is touched.
        for call in (
            lambda: other.create("11 98765-1103", "pg-03"),
            lambda: other.disconnect(live.id),
            lambda: other.delete(waiting.id),
            other.sync,
        ):
            with pytest.raises(StoreUnavailable, match="is unavailable"):
                call()
        assert sim.instance_names() == instances
        assert sim.state_of("pg-01") == "open"

        private_pg.start()
        assert rows(other.store) == before, "a failed call changed the database"
        retry = window.apiStatusBanner.findChild(QAbstractButton, "retryNowButton")
        assert retry is not None
        qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not window.apiStatusBanner.isVisible(), timeout=10000)
        select(qtbot, window, window.model.chip_by_id(live.id) or live)
        answer_confirmation(accept=True)
        window.disconnectAction.trigger()
        qtbot.waitUntil(lambda: "“pg-01” disconnected" in window.statusBar().currentMessage(), timeout=10000)
        created = other.create("11 98765-1103", "pg-03")[0]
        assert other.store.get_chip(live.id).status is ChipStatus.PENDING
        assert sim.state_of("pg-01") == "close"
        present = set(rows(other.store))
        assert ledger.chips(CAT, expected={live.id, waiting.id, created.id}, present=present) == 0
        ledger.survived(CAT, "postgresql stopped")
    finally:
        _close(other)


def test_postgres_stopping_between_the_server_create_and_the_insert_leaves_no_orphan(
    private_pg: PrivateCluster, sim_factory: Callable[..., Simulator], tmp_path: Path, ledger: Ledger
) -> None:
    sim = sim_factory(api_key=KEY, delete_delay=0.2, create_wait=1.5)
    manager = _manager(sim, private_pg.url, tmp_path / "journal.json")
    try:
        before = rows(manager.store)
        outcome: list[BaseException | object] = []
        worker = threading.Thread(
            target=lambda: outcome.append(_capture(lambda: manager.create("11 98765-1201", "gap-01")))
        )
        worker.start()
        # The server is creating the instance (it waits 1.5 s, as the real one waits for the first QR).
        wait_for(lambda: any(p == "/instance/create" for _t, _m, p in sim.requests()), 5, "the create request")
        private_pg.stop()
        ledger.injected(CAT, "postgresql stopped during a create")
        worker.join(30)
        assert not worker.is_alive()
        error = outcome[0]
        assert isinstance(error, OrphanedInstance) and error.removed, error
        assert describe_error(error) == (
            "The database could not record “gap-01”, so the instance was removed again. Try again."
        )
        wait_for(lambda: "gap-01" not in sim.instance_names(), 5, "the compensating delete")
        assert manager.journal is not None and manager.journal.pending() == []
        private_pg.start()
        assert rows(manager.store) == before
        chip = manager.create("11 98765-1201", "gap-01")[0]
        assert sim.instance_names() == ["gap-01"]
        assert manager.sync().unknown_instances == ()
        assert ledger.chips(CAT, expected={chip.id}, present=set(rows(manager.store))) == 0
        ledger.survived(CAT, "postgresql stopped during a create")
    finally:
        _close(manager)


def _capture(call: Callable[[], object]) -> object:
    try:
        return call()
    except BaseException as exc:
        return exc


# -- a SQLite file locked by another process ------------------------------------------------------------------

LOCKER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
conn.execute("ROLLBACK")
conn.close()
print("released", flush=True)
"""


class Locker:
    """Another process holding ``BEGIN EXCLUSIVE`` on a SQLite file until released."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", LOCKER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "locked"

    def release(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == "released"
        assert self.process.wait(10) == 0

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()


@pytest.mark.gui
def test_a_sqlite_file_locked_by_another_process(
    qtbot: Any, sim: Simulator, tmp_path: Path, open_window: Callable[..., Any], ledger: Ledger
) -> None:
    db = tmp_path / "chips.sqlite3"
    url = f"sqlite:///{db}"
    other = _manager(sim, url, busy_ms=300)
    try:
        live = other.create("11 98765-1301", "lock-01")[0]
        sim.simulate_scan("lock-01")
        other.sync()
        window = open_window(sim.url, KEY, url)
        wait_synced(qtbot, window)
        before = rows(other.store)

        locker = Locker(db)
        try:
            ledger.injected(CAT, "sqlite locked by another process")
            with heartbeat() as beat:
                # Reading still works (WAL): the refresh succeeds and the chips stay current.
                window.request_sync()
                wait_synced(qtbot, window)
                assert not window.apiStatusBanner.isVisible()
                # Creating needs a write: it waits for the lock (5 s), then undoes the server side and says so.
                window.newInstanceAction.trigger()
                dialog = window.findChild(QDialog, "CreateInstanceDialog")
                assert dialog is not None
                phone_edit = dialog.findChild(QLineEdit, "phoneEdit")
                name_edit = dialog.findChild(QLineEdit, "nameEdit")
                create = dialog.findChild(QAbstractButton, "createButton")
                error = dialog.findChild(QLabel, "errorLabel")
                assert phone_edit is not None and name_edit is not None and create is not None and error is not None
                qtbot.keyClicks(phone_edit, "11 98765-1302")
                qtbot.keyClicks(name_edit, "lock-02")
                qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
                qtbot.waitUntil(lambda: error.isVisible() and create.isEnabled(), timeout=15000)
                expected = describe_error(OrphanedInstance("x", instance_name="lock-02", removed=True))
                assert error.text() == expected
            ledger.peak(CAT, "heartbeat_max_gap_ms", beat.max_gap * 1000)
            beat.check()
            assert rows(other.store) == before
            wait_for(lambda: "lock-02" not in sim.instance_names(), 5, "the compensating delete")
            # A disconnect reaches the server before its write meets the lock: the error says the server acted and
            # names the lock; the database is behind the server until the next refresh (checked below).
            with pytest.raises(ActionNotRecorded, match="locked by another program") as not_recorded:
                other.disconnect(live.id)
            assert "was done on the server but the database could not record it" in str(not_recorded.value)
            assert sim.state_of("lock-01") == "close"
            assert rows(other.store) == before
        finally:
            if locker.process.poll() is None:
                locker.release()
            locker.kill()
        # The next refresh brings the database back in line with the server.
        other.sync()
        healed = other.store.get_chip(live.id)
        assert healed.connection_state.value == "close" and not healed.evolution_connected

        qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.findChild(QDialog, "CreateInstanceDialog") is None, timeout=10000)
        created = other.store.find_chip(instance_name="lock-02")
        assert created is not None and created.status is ChipStatus.PENDING
        assert sorted(sim.instance_names()) == ["lock-01", "lock-02"]
        present = set(rows(other.store))
        assert ledger.chips(CAT, expected={live.id, created.id}, present=present) == 0
        ledger.survived(CAT, "sqlite locked by another process")
    finally:
        _close(other)


# -- killed between the server's create and the database's insert: the window adopts the orphan ----------------

CHILD = """
import sys
from pathlib import Path
from evodesk.domain import Actor
from evodesk.evolution import EvolutionClient
from evodesk.services import InstanceManager
from evodesk.services.journal import CreateJournal
from evodesk.store import open_store

url, key, db, journal = sys.argv[1:5]
store = open_store(db, sqlite_busy_timeout_ms=60000)
manager = InstanceManager(EvolutionClient(url, key), store, actor=Actor("ana", "desk-2"),
                          journal=CreateJournal(Path(journal)))
print("ready", flush=True)
manager.create("11 98765-1401", "killed-01")
print("created", flush=True)
"""


@pytest.mark.gui
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_the_window_adopts_the_instance_of_a_create_killed_midway(
    qtbot: Any, sim: Simulator, tmp_path: Path, open_window: Callable[..., Any], ledger: Ledger
) -> None:
    home = tmp_path / "home"
    db = tmp_path / "chips.sqlite3"
    url = f"sqlite:///{db}"
    open_store(url).close()
    journal = Paths.under(home).data_dir / JOURNAL_FILE
    journal.parent.mkdir(parents=True, exist_ok=True)
    locker = Locker(db)  # the child's insert waits here, after the server has created the instance
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, sim.url, KEY, url, str(journal)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        wait_for(lambda: "killed-01" in sim.instance_names(), 10, "the server-side create")
        wait_for(lambda: journal.exists() and "killed-01" in journal.read_text(), 5, "the journal entry")
        ledger.injected(CAT, "SIGKILL between server create and insert")
        child.send_signal(signal.SIGKILL)
        assert child.wait(10) == -signal.SIGKILL
    finally:
        if locker.process.poll() is None:
            locker.release()
        locker.kill()
        if child.poll() is None:
            child.kill()
            child.wait(10)
        if child.stdout is not None:
            child.stdout.close()
    with open_store(url) as store:
        assert store.list_chips() == []

    window = open_window(sim.url, KEY, url, home=home)
    qtbot.waitUntil(lambda: any(c.instance_name == "killed-01" for c in window.model.chips), timeout=10000)
    qtbot.waitUntil(
        lambda: (
            "Recovered instances created before evodesk last stopped: killed-01" in window.statusBar().currentMessage()
        ),
        timeout=5000,
    )
    with open_store(url) as store:
        chips = store.list_chips()
        assert [(c.instance_name, c.phone, c.status) for c in chips] == [
            ("killed-01", "5511987651401", ChipStatus.PENDING)
        ]
        assert ledger.chips(CAT, expected={chips[0].id}, present={c.id for c in store.list_chips()}) == 0
    assert CreateJournal(journal).pending() == []
    assert sim.instance_names() == ["killed-01"]
    ledger.survived(CAT, "SIGKILL between server create and insert")
