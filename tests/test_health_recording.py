"""Connection transitions as evodesk records them: through the store's writes, the operator's actions and a
refresh against the simulator over HTTP, on SQLite and PostgreSQL; two processes refreshing one PostgreSQL
database at the same moment record each transition once; an existing database gets its first transitions when
it is upgraded.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command

from evodesk.domain import Actor, ConnectionState
from evodesk.evolution import EvolutionClient
from evodesk.services import InstanceManager
from evodesk.services.health import fleet_health
from evodesk.simulator import Simulator
from evodesk.store import Store, open_store
from evodesk.store.counting import DAY, UP, epoch
from evodesk.store.history import Transition
from evodesk.store.migrate import alembic_config, current_revision
from test_health import new_chip, up, write_history
from test_migrations import execute, stamp

ANA = Actor(os_user="ana", host="desk-1")
KEY = "health-key"
DRIVER = Path(__file__).with_name("health_sync_driver.py")


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with open_store(database_url) as opened:
        yield opened


def shape(transitions: list[Transition]) -> list[tuple[str | None, str, int | None, str, bool]]:
    return [(t.from_state, t.to_state, t.reason_code, t.source, t.planned) for t in transitions]


def test_store_writes_record_each_change_of_state_once(store: Store) -> None:
    chip = store.insert_chip(
        phone="5511999990001",
        instance_name="loja-1",
        display_name=None,
        actor=ANA,
        connection_state=ConnectionState.CONNECTING,
    )
    chip = store.update_chip(chip.id, expected_version=None, actor=ANA, action="connected", connection_state="open")
    # Not a change of state: nothing recorded.
    chip = store.update_chip(chip.id, expected_version=None, actor=ANA, action="sync", connection_state="open")
    chip = store.update_chip(chip.id, expected_version=None, actor=ANA, action="sync", profile_name="Loja")
    # "unknown" is not a state a chip goes through: not recorded, and the next change starts from it.
    chip = store.update_chip(chip.id, expected_version=None, actor=ANA, action="sync", connection_state="unknown")
    store.update_chips(
        [(chip.id, chip.version, {"connection_state": ConnectionState.CLOSE, "disconnect_reason_code": 408})],
        actor=ANA,
        action="sync",
    )
    chip = store.update_chip(chip.id, expected_version=None, actor=ANA, action="event", connection_state="open")
    store.update_chip(chip.id, expected_version=None, actor=ANA, action="disconnect", connection_state="close")

    transitions = store.history.transitions(chip.id)

    assert shape(transitions) == [
        (None, "connecting", None, "operator", False),
        ("connecting", "open", None, "operator", False),
        ("unknown", "close", 408, "refresh", False),
        ("close", "open", None, "event", False),
        ("open", "close", None, "operator", True),
    ]
    assert [t.chip_version for t in transitions] == [1, 2, 6, 7, 8]
    assert {t.seen_by for t in transitions} == {"ana@desk-1"}
    assert all(t.at == t.seen_at for t in transitions)


def test_a_drop_the_server_dates_is_placed_at_that_date_when_plausible(store: Store) -> None:
    now = datetime.now(UTC)
    connected_at = now - timedelta(hours=5)
    chips = [
        store.insert_chip(phone=f"551199999000{n}", instance_name=f"loja-{n}", display_name=None, actor=ANA)
        for n in range(4)
    ]
    for chip in chips:
        began = connected_at if chip is not chips[3] else now - timedelta(days=4)
        store.update_chip(
            chip.id, expected_version=None, actor=ANA, action="sync", connection_state="open", connected_at=began
        )
    dated = {
        chips[0].id: now - timedelta(hours=2),  # plausible: used
        chips[1].id: now + timedelta(hours=2),  # in the future: the time it was seen instead
        chips[2].id: connected_at - timedelta(hours=1),  # before the connection began: an older drop's date
        chips[3].id: now - timedelta(days=3),  # before a day already summarised: the first day not summarised
    }
    with store._session(write=True) as session:
        from sqlalchemy import insert

        from evodesk.store.models import ChipHealthDayRow

        yesterday = epoch(now) // DAY - 1
        session.execute(
            insert(ChipHealthDayRow),
            [{"day": yesterday - 1, "chip_id": chips[0].id, "connected_s": 0, "known_s": 0, "drops": 0,
              "transitions": 0, "end_state": "off", "last_drop_at": None}],
        )  # fmt: skip
    written = store.update_chips(
        [
            (
                chip.id,
                None,
                {"connection_state": "close", "disconnect_reason_code": 401, "disconnected_at": dated[chip.id]},
            )
            for chip in chips
        ],
        actor=ANA,
        action="sync",
    )
    assert not written.conflicts

    at = {t.chip_id: t for t in store.history.transitions() if t.to_state == "close"}
    assert at[chips[0].id].at == dated[chips[0].id].replace(microsecond=0)
    for chip in chips[1:3]:
        assert at[chip.id].at == at[chip.id].seen_at
        assert abs(at[chip.id].seen_at - now) < timedelta(minutes=1)
    assert at[chips[3].id].at == datetime.fromtimestamp(yesterday * DAY, UTC)
    assert {t.reason_code for t in at.values()} == {401}


def test_operator_actions_and_refreshes_through_the_simulator(
    store: Store, sim_factory: Callable[..., Simulator]
) -> None:
    sim = sim_factory(api_key=KEY, qr_lifetime=45.0)
    with EvolutionClient(sim.url, KEY, timeout=5) as client:
        manager = InstanceManager(client, store, actor=ANA)
        chip, _qr = manager.create("11 98765-4321")
        sim.simulate_scan(chip.instance_name)
        manager.sync()
        # A final code (the simulator, as the real server, reconnects by itself after the others); 403 keeps the
        # session, so connect resumes it.
        sim.drop_connection(chip.instance_name, 403)
        manager.sync()
        manager.sync()  # nothing new
        client.connect(chip.instance_name)  # the session resumes
        manager.sync()
        manager.disconnect(chip.id)

    transitions = store.history.transitions(chip.id)

    assert [(t.from_state, t.to_state, t.reason_code, t.source, t.planned) for t in transitions] == [
        (None, "connecting", None, "operator", False),
        ("connecting", "open", None, "refresh", False),
        ("open", "close", 403, "refresh", False),
        ("close", "open", None, "refresh", False),
        ("open", "close", None, "operator", True),
    ]
    # The drop is dated by the server's disconnectionAt (the simulator's clock), not later.
    dropped = transitions[2]
    assert dropped.at <= dropped.seen_at
    health = fleet_health(store, datetime.now(UTC) + timedelta(seconds=1)).chips[chip.id]
    assert health.day.drops == 1 and health.day.reasons == ((403, 1),)


@pytest.mark.postgres
def test_two_processes_refreshing_at_the_same_moment_record_each_transition_once(
    postgres_url: str, sim_factory: Callable[..., Simulator]
) -> None:
    sim = sim_factory(api_key=KEY, qr_lifetime=45.0)
    chips = 40
    rounds = 6
    with open_store(postgres_url) as store, EvolutionClient(sim.url, KEY, timeout=10) as client:
        setup = InstanceManager(client, store, actor=Actor(os_user="setup", host="race"))
        created = [setup.create(f"11 98765-{3000 + n}", f"race-{n}")[0] for n in range(chips)]
        for chip in created:
            sim.simulate_scan(chip.instance_name)
        processes = [
            subprocess.Popen(
                [sys.executable, str(DRIVER), postgres_url, sim.url, KEY, actor],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for actor in ("proc-a", "proc-b")
        ]
        overlapping = 0
        try:
            for process in processes:
                assert process.stdout is not None and process.stdout.readline().strip() == "ready"

            def both_sync() -> None:
                nonlocal overlapping
                moment = time.time() + 0.3
                for process in processes:
                    assert process.stdin is not None
                    process.stdin.write(f"sync {moment}\n")
                    process.stdin.flush()
                spans = []
                for process in processes:
                    assert process.stdout is not None
                    spans.append(json.loads(process.stdout.readline()))
                first, second = spans
                overlapping += first["started"] < second["ended"] and second["started"] < first["ended"]

            both_sync()  # the scans: connecting → open
            for n in range(rounds):
                for chip in created:
                    sim.drop_connection(chip.instance_name, 403 if n % 2 else 406)
                both_sync()
                for chip in created:
                    client.connect(chip.instance_name)
                both_sync()
        finally:
            for process in processes:
                assert process.stdin is not None
                process.stdin.write("end\n")
                process.stdin.close()
                process.wait(timeout=30)
                assert process.stdout is not None
                process.stdout.close()

        transitions = store.history.transitions()

    # Both refreshes of every round ran at the same time (the race this test is about).
    assert overlapping >= 2 * rounds
    per_chip = Counter(t.chip_id for t in transitions)
    assert per_chip == {chip.id: 2 + 2 * rounds for chip in created}
    for chip in created:
        states = [t.to_state for t in transitions if t.chip_id == chip.id]
        assert states == ["connecting", "open", *["close", "open"] * rounds]
    assert len({(t.chip_id, t.chip_version) for t in transitions}) == len(transitions)
    seen_by = Counter(t.seen_by for t in transitions if t.source == "refresh")
    assert set(seen_by) <= {"proc-a@race", "proc-b@race"}
    assert sum(seen_by.values()) == chips * (1 + 2 * rounds)


def test_an_existing_database_starts_its_history_at_the_upgrade(database_url: str) -> None:
    command.upgrade(alembic_config(database_url), "0002")
    rows = [(1, "open", "warming"), (2, "close", "active"), (3, "unknown", "pending"), (4, "open", "cancelled")]
    execute(
        database_url,
        *[
            (
                "INSERT INTO chips (id, phone, instance_name, status, connection_state, evolution_connected,"
                " created_at, updated_at, version) VALUES (:id, :phone, :name, :status, :state, :connected,"
                " :stamp, :stamp, 5)",
                {
                    "id": chip_id,
                    "phone": f"551199999000{chip_id}",
                    "name": f"loja-{chip_id}",
                    "status": status,
                    "state": state,
                    "connected": state == "open",
                    "stamp": stamp(database_url, "2026-01-01 10:00:00"),
                },
            )
            for chip_id, state, status in rows
        ],
    )
    if not database_url.startswith("sqlite"):
        execute(database_url, ("SELECT setval('chips_id_seq', 4)", {}))
    before = datetime.now(UTC).replace(microsecond=0)

    with open_store(database_url) as store:
        assert current_revision(database_url) == "0003"
        transitions = store.history.transitions()
        assert [(t.chip_id, t.chip_version, t.from_state, t.to_state, t.source) for t in transitions] == [
            (1, 5, None, "open", "upgrade"),
            (2, 5, None, "close", "upgrade"),
        ]
        assert all(t.at >= before for t in transitions)
        # Recording goes on from there: the next change of chip 1 is version 6.
        store.update_chip(1, expected_version=5, actor=ANA, action="sync", connection_state="connecting")
        assert store.history.transitions(1)[-1].chip_version == 6
        health = fleet_health(store, datetime.now(UTC) + timedelta(hours=1))
        assert health.chips[1].day.drops == 1
        assert health.chips[2].day.uptime is None  # closed since before the upgrade: never seen connected


def test_history_of_a_fresh_store_is_empty_and_health_has_nothing(store: Store) -> None:
    assert store.history.transitions() == []
    assert store.history.summarise(epoch(datetime.now(UTC)) // DAY) == 0
    fleet = fleet_health(store)
    assert fleet.chips == {} and fleet.at_risk == ()
    chip = new_chip(store, 7)
    write_history(store, chip, [up(datetime.now(UTC) - timedelta(hours=3))])
    assert fleet_health(store).chips[chip].state == UP
