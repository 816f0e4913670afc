"""The operator's flows end to end: InstanceManager over real HTTP to the simulator and a real database.

Every test runs on a SQLite file and on PostgreSQL (``database_url``), and checks the rows and audit events.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from evodesk.domain import Actor, ChipStatus, ConnectionState, QrDialogState
from evodesk.evolution import EvolutionClient, EvolutionUnavailable
from evodesk.services import (
    ChipCancelled,
    DuplicateChipError,
    InstanceManager,
    InvalidInstanceName,
    InvalidPhone,
    NameTakenOnServer,
    NotConnectedForRestart,
    OrphanedInstance,
    QrPolicy,
)
from evodesk.simulator import Simulator
from evodesk.store import Store, open_store
from evodesk.store.errors import ChipConflict

PHONE = "+55 (11) 99999-8888"
DIGITS = "5511999998888"
ALICE = Actor(os_user="alice", host="desk-1")
BOB = Actor(os_user="bob", host="desk-2")


@pytest.fixture
def sim(sim_factory: Callable[..., Simulator]) -> Simulator:
    return sim_factory(api_key="test-key", qr_lifetime=45.0, delete_delay=0.3)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = open_store(database_url)
    yield store
    store.close()


@pytest.fixture
def client(sim: Simulator) -> Iterator[EvolutionClient]:
    client = EvolutionClient(sim.url, "test-key", timeout=5, long_timeout=10)
    yield client
    client.close()


@pytest.fixture
def manager(client: EvolutionClient, store: Store) -> InstanceManager:
    return InstanceManager(client, store, actor=ALICE)


def actions(store: Store, chip_id: int) -> list[str]:
    return [event.action for event in reversed(store.list_events(chip_id=chip_id))]


def wait_for(predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def test_create_records_a_pending_chip_and_returns_the_qr(
    manager: InstanceManager, store: Store, sim: Simulator
) -> None:
    chip, qr = manager.create(PHONE)
    assert chip.phone == DIGITS
    assert chip.instance_name == "chip-5511999998888"
    assert chip.status is ChipStatus.PENDING
    assert chip.evolution_connected is False
    assert qr is not None and qr.code == sim.current_qr(chip.instance_name)
    assert store.get_chip(chip.id) == chip
    events = store.list_events(chip_id=chip.id)
    assert [(e.action, e.status_before, e.status_after, e.os_user, e.host) for e in events] == [
        ("create", None, ChipStatus.PENDING, "alice", "desk-1")
    ]


def test_scan_connects_and_moves_pending_to_warming(manager: InstanceManager, store: Store, sim: Simulator) -> None:
    chip, _ = manager.create(PHONE, "shop-01")
    first = manager.poll(chip.id)
    assert first.state is QrDialogState.SHOWING_QR
    sim.simulate_scan("shop-01", profile_name="Shop One")
    result = manager.poll(chip.id)
    assert result.state is QrDialogState.CONNECTED
    row = store.get_chip(chip.id)
    assert result.chip == row
    assert row.status is ChipStatus.WARMING
    assert row.evolution_connected is True
    assert row.connection_state is ConnectionState.OPEN
    assert row.connected_at is not None
    # The profile is recorded at once, not only at the next fleet refresh.
    assert row.profile_name == "Shop One"
    assert row.owner_jid == "5511999998888@s.whatsapp.net"
    assert actions(store, chip.id) == ["create", "connected"]


def test_a_new_chip_gets_a_pairing_code_for_its_number(manager: InstanceManager, sim: Simulator) -> None:
    _, qr = manager.create(PHONE, "pair-1")
    assert qr is not None and qr.code
    assert qr.pairing_code is not None and len(qr.pairing_code) == 8
    assert qr.pairing_code == sim.current_pairing_code("pair-1")


def test_disconnect_reconnect_and_delete(manager: InstanceManager, store: Store, sim: Simulator) -> None:
    chip, _ = manager.create(PHONE, "shop-02")
    sim.simulate_scan("shop-02")
    assert manager.poll(chip.id).state is QrDialogState.CONNECTED

    chip = manager.disconnect(chip.id, expected_version=store.get_chip(chip.id).version)
    assert chip.status is ChipStatus.PENDING
    assert chip.evolution_connected is False
    assert chip.disconnected_at is not None
    assert sim.state_of("shop-02") == "close"
    # Idempotent: the server answers "not connected", which counts as done.
    assert manager.disconnect(chip.id).status is ChipStatus.PENDING

    result = manager.reconnect(chip.id)
    assert result.state in (QrDialogState.SHOWING_QR, QrDialogState.WAITING_FOR_QR)
    result = wait_for(lambda: _poll_until_connected(manager, sim, chip.id))
    assert result.chip is not None and result.chip.status is ChipStatus.WARMING

    deleted = manager.delete(chip.id)
    assert deleted.status is ChipStatus.CANCELLED
    assert deleted.cancelled_at is not None
    assert deleted.evolution_connected is False
    wait_for(lambda: "shop-02" not in sim.instance_names())
    with pytest.raises(ChipCancelled):
        manager.delete(chip.id)
    assert actions(store, chip.id) == [
        "create",
        "connected",
        "disconnect",
        "disconnect",
        "reconnect",
        "connected",
        "delete",
    ]


def _poll_until_connected(manager: InstanceManager, sim: Simulator, chip_id: int) -> Any:
    result = manager.poll(chip_id)
    if (
        result.state is QrDialogState.SHOWING_QR
        and sim.state_of(manager.store.get_chip(chip_id).instance_name) == "connecting"
    ):
        sim.simulate_scan(manager.store.get_chip(chip_id).instance_name)
        result = manager.poll(chip_id)
    return result if result.state is QrDialogState.CONNECTED else None


def test_closing_the_dialog_before_connecting_leaves_the_chip_pending(
    manager: InstanceManager, store: Store, sim: Simulator
) -> None:
    chip, _ = manager.create(PHONE)
    manager.poll(chip.id)
    manager.close_qr(chip.id)
    row = store.get_chip(chip.id)
    assert row.status is ChipStatus.PENDING and row.evolution_connected is False
    # It can be reconnected later.
    assert manager.reconnect(chip.id).state is QrDialogState.SHOWING_QR


def test_recreating_a_deleted_phone_works(manager: InstanceManager, store: Store, sim: Simulator) -> None:
    chip, _ = manager.create(PHONE)
    manager.delete(chip.id)
    # The server keeps the name for a moment after a delete (evolution-api.md 3.5): a clear error, then success.
    try:
        again, _ = manager.create(PHONE)
    except NameTakenOnServer:
        time.sleep(0.4)
        again, _ = manager.create(PHONE)
    assert again.id != chip.id
    assert again.status is ChipStatus.PENDING
    assert store.get_chip(chip.id).status is ChipStatus.CANCELLED


def test_duplicates_are_refused_before_the_server_is_called(manager: InstanceManager, sim: Simulator) -> None:
    manager.create(PHONE, "shop-03")
    before = sim.request_count
    with pytest.raises(DuplicateChipError) as by_phone:
        manager.create("11 99999-8888", "another")
    assert by_phone.value.field == "phone"
    with pytest.raises(DuplicateChipError) as by_name:
        manager.create("11 98888-7777", "SHOP-03")
    assert by_name.value.field == "instance_name"
    assert sim.request_count == before


def test_name_taken_on_the_server_only_is_a_clear_error(
    manager: InstanceManager, client: EvolutionClient, store: Store
) -> None:
    client.create_instance("taken", qrcode=False)
    with pytest.raises(NameTakenOnServer):
        manager.create(PHONE, "taken")
    assert store.list_chips() == []


@pytest.mark.parametrize(
    ("phone", "name", "error"),
    [
        ("", None, InvalidPhone),
        ("abc", None, InvalidPhone),
        ("📱", None, InvalidPhone),
        ("9" * 40, None, InvalidPhone),
        ("011999998888x", None, InvalidPhone),
        (PHONE, "a/b", InvalidInstanceName),
        (PHONE, "..", InvalidInstanceName),
        (PHONE, "%2F", InvalidInstanceName),
        (PHONE, "x" * 300, InvalidInstanceName),
        (PHONE, "'; DROP TABLE chips; --", InvalidInstanceName),
    ],
)
def test_bad_input_changes_nothing_anywhere(
    manager: InstanceManager, store: Store, sim: Simulator, phone: str, name: str | None, error: type[Exception]
) -> None:
    with pytest.raises(error):
        manager.create(phone, name)
    assert store.list_chips() == []
    assert store.list_events() == []
    assert sim.request_count == 0
    assert sim.instance_names() == []


def test_restart_needs_a_live_session(manager: InstanceManager, store: Store, sim: Simulator) -> None:
    chip, _ = manager.create(PHONE, "shop-04")
    manager.disconnect(chip.id)
    with pytest.raises(NotConnectedForRestart):
        manager.restart(chip.id)
    manager.reconnect(chip.id)
    wait_for(lambda: _poll_until_connected(manager, sim, chip.id))
    assert manager.restart(chip.id).id == chip.id
    assert "restart" in actions(store, chip.id)


def test_disconnect_and_delete_count_a_vanished_instance_as_done(
    manager: InstanceManager, client: EvolutionClient, store: Store, sim: Simulator
) -> None:
    chip, _ = manager.create(PHONE, "gone-1")
    client.delete("gone-1")
    wait_for(lambda: "gone-1" not in sim.instance_names())
    assert manager.disconnect(chip.id).status is ChipStatus.PENDING
    assert manager.delete(chip.id).status is ChipStatus.CANCELLED


def test_two_operators_changing_the_same_chip(database_url: str, sim: Simulator) -> None:
    stores = [open_store(database_url), open_store(database_url)]
    clients = [EvolutionClient(sim.url, "test-key"), EvolutionClient(sim.url, "test-key")]
    try:
        alice = InstanceManager(clients[0], stores[0], actor=ALICE)
        bob = InstanceManager(clients[1], stores[1], actor=BOB)
        chip, _ = alice.create(PHONE, "shared-1")
        seen_by_both = chip.version
        alice.disconnect(chip.id, expected_version=seen_by_both)
        with pytest.raises(ChipConflict):
            bob.delete(chip.id, expected_version=seen_by_both)
        row = stores[1].get_chip(chip.id)
        assert row.status is ChipStatus.PENDING  # Alice's change kept, Bob's refused
        assert "shared-1" in sim.instance_names()  # Bob's delete never reached the server
        assert [(e.action, e.os_user) for e in reversed(stores[0].list_events(chip_id=chip.id))] == [
            ("create", "alice"),
            ("disconnect", "alice"),
        ]
        # Bob re-reads and retries: now it works.
        assert bob.delete(chip.id, expected_version=row.version).status is ChipStatus.CANCELLED
    finally:
        for item in (*stores, *clients):
            item.close()


def test_sync_never_overwrites_a_status_written_by_another_system(
    manager: InstanceManager, store: Store, sim: Simulator
) -> None:
    chip, _ = manager.create(PHONE, "warm-1")
    sim.simulate_scan("warm-1", profile_name="Loja")
    manager.poll(chip.id)
    warm = store.get_chip(chip.id)
    store.update_chip(
        chip.id, expected_version=warm.version, actor=Actor("warmup", "srv"), action="warmup", status=ChipStatus.ACTIVE
    )
    sim.drop_connection("warm-1", 403)
    report = manager.sync()
    row = store.get_chip(chip.id)
    assert row.status is ChipStatus.ACTIVE
    assert row.connection_state is ConnectionState.CLOSE
    assert row.evolution_connected is False
    assert row.disconnect_reason_code == 403
    assert [c.id for c in report.dropped] == [chip.id]
    assert {c.field for c in report.changes if c.chip_id == chip.id} >= {"connection_state", "evolution_connected"}
    # The number comes back (a 403 drop keeps the session in the simulator): connected again, and still active.
    manager.client.connect("warm-1")
    manager.sync()
    row = store.get_chip(chip.id)
    assert row.evolution_connected is True
    assert row.status is ChipStatus.ACTIVE


def test_sync_is_one_request_and_reports_drift(
    manager: InstanceManager, client: EvolutionClient, store: Store, sim: Simulator
) -> None:
    kept, _ = manager.create(PHONE, "kept-1")
    lost, _ = manager.create("11 98888-7777", "lost-1")
    client.create_instance("stranger-1", qrcode=False)
    client.delete("lost-1")
    wait_for(lambda: "lost-1" not in sim.instance_names())
    sim.simulate_scan("kept-1", profile_name="Kept")
    sim.reset_stats()
    report = manager.sync()
    assert sim.request_count == 1
    assert [p for _, _, p in sim.requests()] == ["/instance/fetchInstances"]
    assert [i.name for i in report.unknown_instances] == ["stranger-1"]
    assert [c.id for c in report.missing_instances] == [lost.id]
    row = store.get_chip(kept.id)
    assert row.status is ChipStatus.WARMING and row.evolution_connected and row.profile_name == "Kept"
    assert row.owner_jid and row.owner_jid.endswith("@s.whatsapp.net")
    # A second refresh with nothing new changes nothing.
    again = manager.sync()
    assert again.changes == ()


def test_qr_rotation_and_the_qr_limit(sim_factory: Callable[..., Simulator], store: Store) -> None:
    sim = sim_factory(api_key="k", qr_lifetime=0.3, qr_limit=3)
    with EvolutionClient(sim.url, "k") as client:
        manager = InstanceManager(client, store, policy=QrPolicy(qr_lifetime=0.3, qr_limit=3))
        chip, qr = manager.create(PHONE, "rot-1")
        assert qr is not None and qr.count == 1
        seen: list[int] = [1]
        refused = None
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            result = manager.poll(chip.id)
            if result.state is QrDialogState.SHOWING_QR and result.qr and result.qr.count not in seen:
                seen.append(result.qr.count)
            if result.state is QrDialogState.REFUSED:
                refused = result
                break
            time.sleep(0.1)
        assert seen == [1, 2, 3]
        assert refused is not None and refused.message == "qr_limit"
        assert store.get_chip(chip.id).connection_state is ConnectionState.CLOSE
        # Retry starts a new cycle.
        assert manager.reconnect(chip.id).state in (QrDialogState.SHOWING_QR, QrDialogState.WAITING_FOR_QR)


def test_no_qr_yet_then_a_qr(sim_factory: Callable[..., Simulator], store: Store) -> None:
    sim = sim_factory(api_key="k", first_qr_delay=0.5)
    with EvolutionClient(sim.url, "k") as client:
        manager = InstanceManager(client, store, policy=QrPolicy(no_qr_hint_after=0.2))
        chip, qr = manager.create(PHONE)
        assert qr is not None and qr.code is None and qr.count == 0
        time.sleep(0.25)
        waiting = manager.poll(chip.id)
        assert waiting.state is QrDialogState.WAITING_FOR_QR and waiting.message == "no_qr"
        shown = wait_for(lambda: (r := manager.poll(chip.id)).state is QrDialogState.SHOWING_QR and r)
        assert shown.qr.code == sim.current_qr(chip.instance_name)


def test_server_restart_forgetting_the_instance_is_an_error_state(
    manager: InstanceManager, sim: Simulator, store: Store
) -> None:
    chip, _ = manager.create(PHONE)
    manager.poll(chip.id)
    sim.restart()
    result = manager.poll(chip.id)
    assert result.state is QrDialogState.ERROR
    assert result.message == "not_loaded"
    assert store.get_chip(chip.id).status is ChipStatus.PENDING


def test_a_failing_server_gives_an_error_state_carrying_the_exception(manager: InstanceManager, sim: Simulator) -> None:
    chip, _ = manager.create(PHONE)
    sim.set_faults(mode="5xx", fail_rate=1.0)
    result = manager.poll(chip.id)
    assert result.state is QrDialogState.ERROR
    # The exception travels with the result so the window can describe it in the operator's language.
    assert isinstance(result.error, EvolutionUnavailable)
    sim.set_faults(mode="none")
    assert manager.poll(chip.id).state is QrDialogState.SHOWING_QR


def test_poll_deadline_expires(sim: Simulator, client: EvolutionClient, store: Store) -> None:
    # The QR held at the deadline runs out its lifetime first: both are short here.
    manager = InstanceManager(client, store, policy=QrPolicy(deadline=0.3, qr_lifetime=0.3))
    chip, _ = manager.create(PHONE)
    time.sleep(0.35)
    before = sim.request_count
    assert manager.poll(chip.id).state is QrDialogState.EXPIRED
    assert sim.request_count == before  # an expired dialog asks nothing
    assert manager.qr_code(chip.id).state is QrDialogState.SHOWING_QR


def test_database_failure_after_create_leaves_no_unknown_instance(sim: Simulator, tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path}/locked.sqlite3"
    store = open_store(url, sqlite_busy_timeout_ms=200)
    locker = sqlite3.connect(tmp_path / "locked.sqlite3", timeout=0.1)
    try:
        with EvolutionClient(sim.url, "test-key") as client:
            manager = InstanceManager(client, store, actor=ALICE)
            locker.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
            with pytest.raises(OrphanedInstance) as info:
                manager.create(PHONE, "orphan-1")
            assert info.value.removed is True
            locker.rollback()
            wait_for(lambda: "orphan-1" not in sim.instance_names())
            assert store.list_chips() == []
            assert manager.sync().unknown_instances == ()
    finally:
        locker.close()
        store.close()
