"""Focused regression tests for the product bugs the reliability suite found (one per fix).

The scenario tests in this folder show each bug in its real setting (window, simulator, databases); these pin the
fixed behaviour down at the smallest scale.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from evodesk.domain import Actor, ChipStatus
from evodesk.evolution import EvolutionClient, EvolutionError, EvolutionUnavailable, parsing
from evodesk.services import ChipCancelled, InstanceManager, NameTakenOnServer
from evodesk.services.journal import CreateJournal
from evodesk.simulator import Simulator
from evodesk.store import open_store

pytestmark = pytest.mark.reliability

KEY = "regression-key-123"


@pytest.mark.parametrize("operation", ["logout", "delete"])
@pytest.mark.parametrize("body", [b"", b"<html>Bad gateway</html>", b'{"status":"SUCC'])
def test_logout_and_delete_need_a_readable_answer_to_count_as_done(operation: str, body: bytes) -> None:
    # A 2xx that is not JSON never comes from the Evolution server itself: nothing proves it acted.
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    with EvolutionClient("http://evo.test", KEY, transport=transport) as client:
        with pytest.raises(EvolutionUnavailable, match="could not be read"):
            getattr(client, operation)("shop-01")
        ok = httpx.MockTransport(
            lambda request: httpx.Response(200, json={"status": "SUCCESS", "error": False, "response": {}})
        )
    with EvolutionClient("http://evo.test", KEY, transport=ok) as client:
        getattr(client, operation)("shop-01")


def test_retrying_a_create_whose_answer_was_lost_records_the_instance(tmp_path: Path) -> None:
    with Simulator(api_key=KEY) as sim:
        store = open_store(f"sqlite:///{tmp_path / 'chips.sqlite3'}")
        journal = CreateJournal(tmp_path / "journal.json")
        actor = Actor("ana", "desk")
        with EvolutionClient(sim.url, KEY) as client:
            manager = InstanceManager(client, store, actor=actor, journal=journal)
            # The first attempt reached the server but its answer never came back: the journal says so.
            journal.begin("chip-5511999998888", "5511999998888")
            client.create_instance("chip-5511999998888", number="5511999998888")
            chip, qr = manager.create("11 99999-8888")
            assert (chip.instance_name, chip.phone, chip.status) == (
                "chip-5511999998888",
                "5511999998888",
                ChipStatus.PENDING,
            )
            assert qr is not None and qr.has_payload
            assert journal.pending() == []
            assert store.list_events(chip_id=chip.id)[-1].details == "created by an earlier, unanswered attempt"
            # Without such an entry the name is someone else's: still refused.
            client.create_instance("taken-elsewhere")
            with pytest.raises(NameTakenOnServer):
                manager.create("11 99999-7777", "taken-elsewhere")
            assert [c.instance_name for c in store.list_chips()] == ["chip-5511999998888"]
        store.close()


class _During:
    """Runs ``also`` (another operator's call) once, when ``target.method`` is first called (or, with ``after``,
    as soon as that first call has returned)."""

    def __init__(self, target: object, method: str, also: Callable[[], object], *, after: bool = False) -> None:
        self._call = getattr(target, method)
        self._also: Callable[[], object] | None = also
        self._after = after
        setattr(target, method, self)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        also, self._also = self._also, None
        if also is not None and not self._after:
            also()
        result = self._call(*args, **kwargs)
        if also is not None and self._after:
            also()
        return result


@pytest.fixture
def two_operators(tmp_path: Path) -> Iterator[tuple[Simulator, InstanceManager, InstanceManager]]:
    with Simulator(api_key=KEY, delete_delay=0.05) as sim:
        url = f"sqlite:///{tmp_path / 'chips.sqlite3'}"
        stores = [open_store(url), open_store(url)]
        clients = [EvolutionClient(sim.url, KEY), EvolutionClient(sim.url, KEY)]
        ana = InstanceManager(clients[0], stores[0], actor=Actor("ana", "desk-1"))
        bob = InstanceManager(clients[1], stores[1], actor=Actor("bob", "desk-2"))
        try:
            yield sim, ana, bob
        finally:
            for client in clients:
                client.close()
            for store in stores:
                store.close()


def test_a_disconnect_racing_a_delete_does_not_bring_the_chip_back(
    two_operators: tuple[Simulator, InstanceManager, InstanceManager],
) -> None:
    _sim, ana, bob = two_operators
    chip = ana.create("11 99999-8888", "shop-01")[0]
    # Bob deletes the chip while Ana's disconnect is on its way to the server (after her version check).
    _During(ana.client, "logout", lambda: bob.delete(chip.id))
    with pytest.raises(ChipCancelled):
        ana.disconnect(chip.id, expected_version=chip.version)
    final = ana.store.get_chip(chip.id)
    assert final.status is ChipStatus.CANCELLED
    assert [e.action for e in ana.store.list_events(chip_id=chip.id)] == ["delete", "create"]
    assert final.version == chip.version + 1


def test_a_delete_racing_a_delete_is_recorded_once(
    two_operators: tuple[Simulator, InstanceManager, InstanceManager],
) -> None:
    _sim, ana, bob = two_operators
    chip = ana.create("11 99999-8888", "shop-01")[0]
    _During(ana.client, "delete", lambda: bob.delete(chip.id))
    with pytest.raises(ChipCancelled):
        ana.delete(chip.id, expected_version=chip.version)
    assert [e.action for e in ana.store.list_events(chip_id=chip.id)] == ["delete", "create"]


def test_a_refresh_racing_a_delete_leaves_the_deleted_chip_alone(
    two_operators: tuple[Simulator, InstanceManager, InstanceManager],
) -> None:
    sim, ana, bob = two_operators
    chip = ana.create("11 99999-8888", "shop-01")[0]
    sim.simulate_scan("shop-01")  # the refresh has something to write
    # Bob deletes the chip right after Ana's refresh has read the chips, before it writes this one.
    _During(ana.store, "list_chips", lambda: bob.delete(chip.id), after=True)
    report = ana.sync()
    assert report.changes == ()
    final = ana.store.get_chip(chip.id)
    assert final.status is ChipStatus.CANCELLED and not final.evolution_connected
    assert [e.action for e in ana.store.list_events(chip_id=chip.id)] == ["delete", "create"]


def test_a_reconnect_racing_a_delete_does_not_recreate_the_instance(
    two_operators: tuple[Simulator, InstanceManager, InstanceManager],
) -> None:
    sim, ana, bob = two_operators
    chip = ana.create("11 99999-8888", "shop-01")[0]

    def bob_deletes() -> None:
        bob.delete(chip.id)
        deadline = time.monotonic() + 5
        while "shop-01" in sim.instance_names() and time.monotonic() < deadline:
            time.sleep(0.01)

    _During(ana.client, "connect", bob_deletes)
    with pytest.raises(ChipCancelled):
        ana.reconnect(chip.id, expected_version=chip.version)
    assert sim.instance_names() == []
    assert [e.action for e in ana.store.list_events(chip_id=chip.id)] == ["delete", "create"]


@pytest.mark.parametrize("url", ["http://xn--.com", "http://÷", "http://[v1.x]"])
def test_an_unusable_server_url_is_an_evolution_error_from_the_client(url: str) -> None:
    # httpx leaves some host errors to idna, whose own exception used to escape the client's contract.
    with pytest.raises(EvolutionError, match="Invalid Evolution API URL"):
        EvolutionClient(url, KEY)


def test_a_qr_payload_no_code_can_hold_is_dropped_by_the_parser() -> None:
    qr = parsing.parse_qr({"code": "2@" + "A" * 5000, "base64": "data:image/png;base64,iVBORw0KGgo=", "count": 2})
    assert (qr.code, qr.png_base64, qr.count) == (None, "iVBORw0KGgo=", 2)
    assert parsing.parse_qr({"pairingCode": "Z" * 1000, "count": 1}).pairing_code is None
    assert parsing.parse_qr({"code": "2@abc,def", "pairingCode": "WZYEH1YY"}).code == "2@abc,def"
