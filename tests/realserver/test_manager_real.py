"""InstanceManager against the real Evolution API 2.3.7, on a SQLite file and on PostgreSQL.

The operator's flow from creating a chip to deleting it, as far as it goes without WhatsApp: the chip stays
``pending`` and its QR dialog waits for a QR that never comes, then says so.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from evodesk.domain import Actor, ChipStatus, ConnectionState, QrDialogState
from evodesk.evolution import EvolutionClient, InstanceNotFound
from evodesk.services import InstanceManager, QrPolicy, format_phone
from evodesk.services.qr import HINT_NO_QR
from evodesk.store import Store, open_store

from .server import RealServer, eventually

ALICE = Actor(os_user="alice", host="desk-1")
WAITING = {ConnectionState.CONNECTING, ConnectionState.CLOSE}
POLICY = QrPolicy(poll_interval=3.0, qr_lifetime=45.0, deadline=120.0, no_qr_hint_after=30.0)


class FakeClock:
    """The QR sessions' monotonic clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def new_phone() -> str:
    """A Brazilian mobile number no other test uses: the default instance name derives from it."""
    return f"5511{9_0000_0000 + secrets.randbelow(10**8)}"


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = open_store(database_url)
    yield store
    store.close()


@pytest.fixture
def client(real_server: RealServer) -> Iterator[EvolutionClient]:
    with EvolutionClient(real_server.url, real_server.api_key, timeout=15, long_timeout=60) as evolution:
        yield evolution


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def manager(client: EvolutionClient, store: Store, clock: FakeClock) -> InstanceManager:
    return InstanceManager(client, store, actor=ALICE, policy=POLICY, clock=clock)


def test_create_refresh_disconnect_reconnect_delete(
    manager: InstanceManager, store: Store, client: EvolutionClient, clock: FakeClock
) -> None:
    digits = new_phone()
    chip, qr = manager.create(format_phone(digits))
    assert chip.phone == digits and chip.instance_name == f"chip-{digits}"
    assert chip.status is ChipStatus.PENDING and not chip.evolution_connected
    assert chip.connection_state in WAITING
    assert qr is not None and qr.count == 0 and not qr.has_payload
    name = chip.instance_name
    (info,) = client.fetch_instances(name)
    assert info.number == digits, "the chip's number was sent for a pairing code"

    # The QR dialog's polls: waiting, then (30 s later on its clock) the "no QR" hint.
    first = manager.qr_code(chip.id)
    assert first.state is QrDialogState.WAITING_FOR_QR and first.message is None
    clock.now += POLICY.no_qr_hint_after + 1
    later = manager.poll(chip.id)
    assert later.state is QrDialogState.WAITING_FOR_QR and later.message == HINT_NO_QR
    manager.close_qr(chip.id)

    report = manager.sync()
    assert chip.id not in {missing.id for missing in report.missing_instances}
    assert name not in {unknown.name for unknown in report.unknown_instances}
    refreshed = store.get_chip(chip.id)
    # fetchInstances reports the stored status, written only at a QR or a login: close.
    assert refreshed.connection_state is ConnectionState.CLOSE
    assert refreshed.status is ChipStatus.PENDING

    checked = manager.check_connection(chip.id)
    assert checked.connection_state in WAITING

    disconnected = manager.disconnect(chip.id, expected_version=checked.version)
    assert disconnected.status is ChipStatus.PENDING and disconnected.connection_state is ConnectionState.CLOSE
    assert disconnected.disconnected_at is not None
    assert client.fetch_instances(name)[0].name == name, "a logout keeps the instance"
    # Again: the server now says "not connected", which counts as done.
    assert manager.disconnect(chip.id).status is ChipStatus.PENDING

    again = manager.reconnect(chip.id)
    assert again.state is QrDialogState.WAITING_FOR_QR

    deleted = manager.delete(chip.id)
    assert deleted.status is ChipStatus.CANCELLED and deleted.cancelled_at is not None
    assert not deleted.evolution_connected

    def gone() -> bool:
        try:
            client.fetch_instances(name)
        except InstanceNotFound:
            return True
        return False

    eventually(gone, within=60, what=f"{name} leaving the server")
    actions = [event.action for event in reversed(store.list_events(chip_id=chip.id))]
    assert actions[0] == "create" and actions[-1] == "delete"
    assert {"disconnect", "reconnect", "check_connection"} <= set(actions)


def test_a_chip_whose_instance_was_deleted_on_the_server_is_reported_missing(
    manager: InstanceManager, store: Store, client: EvolutionClient
) -> None:
    chip, _ = manager.create(format_phone(new_phone()))
    client.delete(chip.instance_name)

    def reported_missing() -> bool:
        return chip.id in {missing.id for missing in manager.sync().missing_instances}

    eventually(reported_missing, within=60, every=0.5, what="the refresh reporting the chip's instance missing")
    assert manager.delete(chip.id).status is ChipStatus.CANCELLED
    assert store.get_chip(chip.id).status is ChipStatus.CANCELLED
