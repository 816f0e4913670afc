"""The data folder removed, moved away, made read-only or its database replaced while evodesk runs.

A pooled SQLite connection keeps writing to its file after the file is deleted or replaced: every commit then
"succeeds" into an inode nobody will open again, and the chips and audit events written vanish at exit. The
store checks the file's identity before every session and after every write: an operator action is refused
before the server is touched, and a write that could not be kept is never reported as done.

Counted in the ledger's ``database_faults`` category; ``chips_lost`` counts actions reported as done whose
result is not in the file a fresh start opens.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import event
from tests.reliability.conftest import Ledger

from evodesk.domain import Actor, ChipStatus
from evodesk.evolution import EvolutionClient
from evodesk.services import InstanceManager
from evodesk.services.errors import ActionNotRecorded
from evodesk.services.journal import CreateJournal
from evodesk.simulator import Simulator
from evodesk.store import StoreUnavailable, open_store

pytestmark = pytest.mark.reliability

CAT = "database_faults"
KEY = "data-folder-key-0123"
ANA = Actor("ana", "desk-1")


@dataclass
class Desk:
    folder: Path
    sim: Simulator
    manager: InstanceManager

    @property
    def database(self) -> Path:
        return self.folder / "chips.sqlite3"


@pytest.fixture
def desk(tmp_path: Path, sim_factory: Callable[..., Simulator]) -> Iterator[Desk]:
    folder = tmp_path / "data"
    folder.mkdir()
    sim = sim_factory(api_key=KEY)
    store = open_store(f"sqlite:///{folder / 'chips.sqlite3'}")
    client = EvolutionClient(sim.url, KEY)
    manager = InstanceManager(client, store, actor=ANA, journal=CreateJournal(folder / "pending-creates.json"))
    try:
        yield Desk(folder, sim, manager)
    finally:
        client.close()
        store.close()
        if folder.exists():
            os.chmod(folder, 0o755)


def _connected(desk: Desk, phone: str, name: str) -> int:
    chip = desk.manager.create(phone, name)[0]
    desk.sim.simulate_scan(name, profile_name=name)
    desk.manager.sync()
    return chip.id


def _actions(desk: Desk, chip_id: int) -> dict[str, Callable[[], object]]:
    return {
        "disconnect": lambda: desk.manager.disconnect(chip_id),
        "restart": lambda: desk.manager.restart(chip_id),
        "delete": lambda: desk.manager.delete(chip_id),
        "create": lambda: desk.manager.create("11 98765-4999", "late-01"),
        "refresh": desk.manager.sync,
    }


def _server_requests(desk: Desk) -> int:
    return int(desk.sim.request_count)


@pytest.mark.parametrize("how", ["removed", "moved away"])
def test_actions_are_refused_before_the_server_is_touched_when_the_folder_is_gone(
    desk: Desk, how: str, ledger: Ledger
) -> None:
    chip_id = _connected(desk, "11 98765-4001", "folder-01")
    recorded = {chip.id for chip in desk.manager.store.list_chips()}
    moved = desk.folder.with_name("data-moved")
    ledger.injected(CAT, f"data folder {how}")
    if how == "removed":
        shutil.rmtree(desk.folder)
    else:
        desk.folder.rename(moved)
    for name, action in _actions(desk, chip_id).items():
        before = _server_requests(desk)
        with pytest.raises(StoreUnavailable, match="was removed while evodesk was running"):
            action()
        if name != "refresh":  # a refresh asks the server first (a read), then finds nothing to record it in
            assert _server_requests(desk) == before, f"{name} reached the server"
    assert desk.sim.state_of("folder-01") == "open" and "late-01" not in desk.sim.instance_names()
    assert not desk.database.exists(), "a new, empty database was created in its place"
    if how == "moved away":
        moved.rename(desk.folder)
        # Back in place: the same file, with everything recorded before; actions work again.
        lost = ledger.chips(CAT, expected=recorded, present={chip.id for chip in desk.manager.store.list_chips()})
        assert lost == 0
        assert desk.manager.disconnect(chip_id).status is ChipStatus.PENDING
        with open_store(f"sqlite:///{desk.database}") as fresh:
            assert fresh.get_chip(chip_id).status is ChipStatus.PENDING
    ledger.survived(CAT, f"data folder {how}")


def test_a_database_replaced_by_another_file_is_refused(desk: Desk, ledger: Ledger) -> None:
    chip_id = _connected(desk, "11 98765-4002", "folder-02")
    backup = desk.folder / "backup.sqlite3"
    shutil.copyfile(desk.database, backup)
    ledger.injected(CAT, "database file replaced")
    os.replace(backup, desk.database)
    before = _server_requests(desk)
    with pytest.raises(StoreUnavailable, match="was replaced by another file"):
        desk.manager.disconnect(chip_id)
    assert _server_requests(desk) == before and desk.sim.state_of("folder-02") == "open"
    ledger.survived(CAT, "database file replaced")


def test_a_file_replaced_during_the_server_call_is_not_recorded_as_done(desk: Desk, ledger: Ledger) -> None:
    chip_id = _connected(desk, "11 98765-4003", "folder-03")
    logout = desk.manager.client.logout

    def replaced_meanwhile(name: str) -> None:
        logout(name)
        copy = desk.folder / "copy.sqlite3"
        shutil.copyfile(desk.database, copy)
        os.replace(copy, desk.database)

    desk.manager.client.logout = replaced_meanwhile  # type: ignore[method-assign]
    ledger.injected(CAT, "database file replaced during a disconnect")
    with pytest.raises(ActionNotRecorded) as caught:
        desk.manager.disconnect(chip_id)
    assert isinstance(caught.value.__cause__, StoreUnavailable)
    ledger.survived(CAT, "database file replaced during a disconnect")


def test_a_write_whose_folder_vanished_before_its_commit_is_not_reported_as_done(desk: Desk, ledger: Ledger) -> None:
    chip_id = _connected(desk, "11 98765-4004", "folder-04")
    store = desk.manager.store

    def remove_folder(connection: object) -> None:
        shutil.rmtree(desk.folder)

    # Between the checks before the write and its COMMIT: the commit "succeeds" into deleted files.
    event.listen(store._engine, "commit", remove_folder, once=True)
    ledger.injected(CAT, "data folder removed before a commit")
    with pytest.raises(StoreUnavailable, match="the change may not have been kept"):
        store.update_chip(chip_id, expected_version=None, actor=ANA, action="note", display_name="kept?")
    assert not desk.database.exists()
    ledger.survived(CAT, "data folder removed before a commit")


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_read_only_folder_either_keeps_each_action_or_refuses_it(desk: Desk, ledger: Ledger) -> None:
    ids = [_connected(desk, f"11 98765-40{10 + i}", f"folder-1{i}") for i in range(3)]
    ledger.injected(CAT, "data folder made read-only")
    os.chmod(desk.database, stat.S_IRUSR | stat.S_IRGRP)
    os.chmod(desk.folder, stat.S_IRUSR | stat.S_IXUSR)
    done: dict[int, ChipStatus] = {}
    refused = 0
    for chip_id, action in zip(ids, ("disconnect", "delete", "restart"), strict=True):
        try:
            chip = getattr(desk.manager, action)(chip_id)
        except (StoreUnavailable, ActionNotRecorded):
            refused += 1
        else:
            done[chip_id] = chip.status
    os.chmod(desk.folder, 0o755)
    os.chmod(desk.database, 0o644)
    # Whatever was reported as done is in the file a fresh start opens. (As root, permissions do not apply and
    # every action is kept; as another user, the open connection may still write, or the action is refused.)
    with open_store(f"sqlite:///{desk.database}") as fresh:
        present = {chip_id for chip_id, status in done.items() if fresh.get_chip(chip_id).status is status}
    assert ledger.chips(CAT, expected=set(done), present=present) == 0
    assert len(done) + refused == 3
    ledger.survived(CAT, "data folder made read-only")
