"""Drift repair: adopting unknown instances, cancelling chips whose instance is gone, recovering from a crash."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from evodesk.domain import Actor, ChipStatus, ConnectionState
from evodesk.evolution import EvolutionClient, InstanceNotFound
from evodesk.services import DuplicateChipError, InstanceManager, InvalidPhone
from evodesk.services.journal import CreateJournal
from evodesk.simulator import Simulator
from evodesk.store import Store, open_store

ALICE = Actor("alice", "desk-1")


@pytest.fixture
def sim(sim_factory: Callable[..., Simulator]) -> Simulator:
    return sim_factory(api_key="test-key", delete_delay=0.2)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = open_store(database_url)
    yield store
    store.close()


@pytest.fixture
def manager(sim: Simulator, store: Store, tmp_path: Path) -> Iterator[InstanceManager]:
    with EvolutionClient(sim.url, "test-key") as client:
        yield InstanceManager(client, store, actor=ALICE, journal=CreateJournal(tmp_path / "journal.json"))


def wait_for(predicate: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def test_adopt_an_unknown_connected_instance(manager: InstanceManager, store: Store, sim: Simulator) -> None:
    manager.client.create_instance("stray-1", qrcode=True)
    sim.simulate_scan("stray-1", number="5521988887777", profile_name="Stray")
    assert [i.name for i in manager.sync().unknown_instances] == ["stray-1"]
    chip = manager.adopt("stray-1")
    assert chip.phone == "5521988887777"
    assert chip.evolution_connected is True and chip.connection_state is ConnectionState.OPEN
    assert chip.status is ChipStatus.WARMING
    assert manager.sync().unknown_instances == ()
    assert [e.action for e in reversed(store.list_events(chip_id=chip.id))] == ["create", "adopt"]


def test_adopt_needs_a_phone_when_the_server_does_not_know_it(manager: InstanceManager, store: Store) -> None:
    manager.client.create_instance("no-phone", qrcode=False)
    with pytest.raises(InvalidPhone):
        manager.adopt("no-phone")
    assert store.list_chips() == []
    chip = manager.adopt("no-phone", phone="11 97777-6666")
    assert chip.phone == "5511977776666"
    with pytest.raises(DuplicateChipError):
        manager.adopt("no-phone", phone="11 95555-4444")
    with pytest.raises(InstanceNotFound):
        manager.adopt("never-existed", phone="11 95555-4444")


def test_mark_cancelled_a_chip_whose_instance_is_gone(manager: InstanceManager, store: Store, sim: Simulator) -> None:
    chip, _ = manager.create("11 99999-8888", "vanish-1")
    manager.client.delete("vanish-1")
    wait_for(lambda: "vanish-1" not in sim.instance_names())
    assert [c.id for c in manager.sync().missing_instances] == [chip.id]
    cancelled = manager.mark_cancelled(chip.id)
    assert cancelled.status is ChipStatus.CANCELLED and cancelled.cancelled_at is not None
    assert manager.sync().missing_instances == ()
    assert store.list_events(chip_id=chip.id)[0].action == "mark_cancelled"


def test_journal_is_empty_after_normal_creates(manager: InstanceManager) -> None:
    manager.create("11 99999-8888")
    assert manager.journal is not None and manager.journal.pending() == []


CHILD = """
import sys
from evodesk.domain import Actor
from evodesk.evolution import EvolutionClient
from evodesk.services import InstanceManager
from evodesk.services.journal import CreateJournal
from evodesk.store import open_store
from pathlib import Path

url, db, journal = sys.argv[1], sys.argv[2], sys.argv[3]
store = open_store(db, sqlite_busy_timeout_ms=60000)
manager = InstanceManager(EvolutionClient(url, "test-key"), store, actor=Actor("alice", "desk-1"),
                          journal=CreateJournal(Path(journal)))
print("ready", flush=True)
manager.create("11 99999-8888", "crash-1")
print("created", flush=True)
"""


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_killed_between_server_create_and_database_insert_is_adopted_on_next_start(
    sim: Simulator, tmp_path: Path
) -> None:
    db = tmp_path / "chips.sqlite3"
    url = f"sqlite:///{db}"
    open_store(url).close()  # migrate first, so the child only has to insert
    journal = tmp_path / "journal.json"
    locker = sqlite3.connect(db, timeout=1)
    locker.execute("BEGIN EXCLUSIVE")  # the child's insert waits here, after the server has created it
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, sim.url, url, str(journal)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        wait_for(lambda: "crash-1" in sim.instance_names())
        time.sleep(0.2)
        child.send_signal(signal.SIGKILL)
        assert child.wait(10) == -signal.SIGKILL
    finally:
        locker.rollback()
        locker.close()
        if child.poll() is None:
            child.kill()
            child.wait(10)
        if child.stdout is not None:
            child.stdout.close()
    store = open_store(url)
    try:
        with EvolutionClient(sim.url, "test-key") as client:
            manager = InstanceManager(client, store, journal=CreateJournal(journal))
            assert store.list_chips() == []
            adopted = manager.recover_orphans()
            assert [(c.instance_name, c.phone, c.status) for c in adopted] == [
                ("crash-1", "5511999998888", ChipStatus.PENDING)
            ]
            assert CreateJournal(journal).pending() == []
            assert manager.sync().unknown_instances == ()
    finally:
        store.close()


def test_recovery_forgets_creates_the_server_never_made(manager: InstanceManager, store: Store) -> None:
    assert manager.journal is not None
    manager.journal.begin("ghost-1", "5511999998888")
    assert manager.recover_orphans() == []
    assert manager.journal.pending() == []
    assert store.list_chips() == []


def test_recovery_keeps_entries_while_the_server_is_down(manager: InstanceManager, sim: Simulator) -> None:
    assert manager.journal is not None
    manager.journal.begin("later-1", "5511999998888")
    sim.set_faults(mode="5xx", fail_rate=1.0)
    assert manager.recover_orphans() == []
    assert [e.instance_name for e in manager.journal.pending()] == ["later-1"]


def test_a_corrupt_journal_does_not_stop_the_start(tmp_path: Path) -> None:
    path = tmp_path / "journal.json"
    path.write_text("{not json", encoding="utf-8")
    journal = CreateJournal(path)
    assert journal.pending() == []
    journal.begin("x", "5511999998888")
    assert [e.instance_name for e in journal.pending()] == ["x"]
