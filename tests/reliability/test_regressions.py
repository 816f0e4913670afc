"""Focused regression tests for the product bugs the reliability suite found (one per fix).

The scenario tests in this folder show each bug in its real setting (window, simulator, databases); these pin the
fixed behaviour down at the smallest scale.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from evodesk.domain import Actor, ChipStatus
from evodesk.evolution import EvolutionClient, EvolutionUnavailable
from evodesk.services import InstanceManager, NameTakenOnServer
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
