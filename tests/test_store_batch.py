"""``Store.update_chips`` (many chips, one transaction) and the fleet refresh built on it, on SQLite and PostgreSQL."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from evodesk.domain import Actor, Chip, ChipStatus, ConnectionState
from evodesk.evolution import EvolutionClient
from evodesk.services import InstanceManager
from evodesk.services import manager as manager_module
from evodesk.simulator import Simulator
from evodesk.store import ChipConflict, ChipNotFound, ChipUpdates, DuplicateChip, Store, StoreError, open_store
from evodesk.store import repository as repository_module
from evodesk.store.engine import normalize_url

ANA = Actor(os_user="ana", host="desk-1")
BRUNO = Actor(os_user="bruno", host="desk-2")


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with open_store(database_url) as opened:
        yield opened


def add(store: Store, n: int) -> Chip:
    return store.insert_chip(phone=f"551199999{n:04d}", instance_name=f"loja-{n}", display_name=None, actor=ANA)


def raw_engine(database_url: str) -> sa.Engine:
    """Another system writing to the database, without the store."""
    return sa.create_engine(normalize_url(database_url), poolclass=sa.pool.NullPool)


def events_of(store: Store, chip: Chip) -> list[str]:
    return [event.action for event in store.list_events(chip_id=chip.id)]


# -- the store ----------------------------------------------------------------------------------------------


def test_batch_writes_each_chip_like_update_chip(store: Store) -> None:
    chips = [add(store, n) for n in range(3)]
    connected_at = datetime(2025, 5, 2, 12, 0, tzinfo=UTC)

    result = store.update_chips(
        [
            (chips[0].id, 1, {"connection_state": ConnectionState.OPEN, "status": ChipStatus.WARMING}),
            (chips[1].id, 1, {"profile_name": "Loja ☕", "connected_at": connected_at, "evolution_connected": True}),
            (chips[2].id, None, {"disconnect_reason_code": 401, "connection_state": "close"}),
        ],
        actor=BRUNO,
        action="sync",
        details="refresh",
    )

    assert isinstance(result, ChipUpdates)
    assert result.conflicts == ()
    assert [chip.id for chip in result.chips] == [chip.id for chip in chips]
    first, second, third = result.chips
    assert (first.connection_state, first.status, first.version) == (ConnectionState.OPEN, ChipStatus.WARMING, 2)
    assert (second.profile_name, second.connected_at, second.evolution_connected) == ("Loja ☕", connected_at, True)
    assert second.status is ChipStatus.PENDING  # not among the fields: left alone
    assert (third.disconnect_reason_code, third.connection_state, third.version) == (401, ConnectionState.CLOSE, 2)
    for before, after in zip(chips, result.chips, strict=True):
        assert store.get_chip(before.id) == after
        assert after.updated_at >= before.updated_at
        assert (after.phone, after.instance_name, after.created_at) == (
            before.phone,
            before.instance_name,
            before.created_at,
        )
        event = store.list_events(chip_id=before.id)[0]
        assert (event.action, event.os_user, event.host, event.details) == ("sync", "bruno", "desk-2", "refresh")
        assert event.at == after.updated_at
    events = {chip.id: store.list_events(chip_id=chip.id)[0] for chip in chips}
    assert (events[chips[0].id].status_before, events[chips[0].id].status_after) == (
        ChipStatus.PENDING,
        ChipStatus.WARMING,
    )
    assert (events[chips[1].id].status_before, events[chips[1].id].status_after) == (
        ChipStatus.PENDING,
        ChipStatus.PENDING,
    )


def test_a_stale_version_is_reported_and_the_others_are_written(store: Store) -> None:
    stale, fresh = add(store, 1), add(store, 2)
    moved_on = store.update_chip(stale.id, expected_version=1, actor=ANA, action="rename", profile_name="A")

    result = store.update_chips(
        [(stale.id, 1, {"profile_name": "B"}), (fresh.id, 1, {"profile_name": "C"})], actor=BRUNO, action="sync"
    )

    assert [chip.id for chip in result.chips] == [fresh.id]
    assert result.chips[0].profile_name == "C"
    (conflict,) = result.conflicts
    assert isinstance(conflict, ChipConflict)
    assert (conflict.chip_id, conflict.expected_version, conflict.actual_version) == (stale.id, 1, 2)
    assert store.get_chip(stale.id) == moved_on
    assert events_of(store, stale) == ["rename", "create"]
    assert events_of(store, fresh) == ["sync", "create"]


def test_a_status_set_by_another_system_makes_the_chip_a_conflict(database_url: str, store: Store) -> None:
    chip = add(store, 1)
    engine = raw_engine(database_url)
    try:
        # The warm-up process bumps `version` only through the trigger-free UPDATE below (it knows no versions).
        with engine.begin() as conn:
            conn.execute(
                sa.text("UPDATE chips SET status = 'active', version = version + 1 WHERE id = :id"), {"id": chip.id}
            )
    finally:
        engine.dispose()

    result = store.update_chips([(chip.id, 1, {"status": ChipStatus.WARMING})], actor=ANA, action="sync")

    assert result.chips == ()
    assert [c.chip_id for c in result.conflicts] == [chip.id]
    assert store.get_chip(chip.id).status is ChipStatus.ACTIVE


def test_an_unknown_chip_writes_nothing(store: Store) -> None:
    chip = add(store, 1)
    with pytest.raises(ChipNotFound):
        store.update_chips(
            [(chip.id, 1, {"profile_name": "p"}), (9999, 1, {"profile_name": "q"})], actor=ANA, action="x"
        )
    assert store.get_chip(chip.id) == chip
    assert events_of(store, chip) == ["create"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"phone": "5511000000000"}, "cannot update phone"),
        ({"status": "sleeping"}, "sleeping"),
        ({"connected_at": datetime(2025, 1, 1)}, "timezone-aware"),
        ({"profile_name": "p" * 256}, "longer than"),
    ],
)
def test_bad_fields_are_refused_before_anything_is_written(store: Store, fields: dict[str, Any], message: str) -> None:
    good, bad = add(store, 1), add(store, 2)
    with pytest.raises(ValueError, match=message):
        store.update_chips([(good.id, 1, {"profile_name": "ok"}), (bad.id, 1, fields)], actor=ANA, action="x")
    assert store.list_chips() == [good, bad]


def test_the_same_chip_twice_and_an_empty_batch(store: Store) -> None:
    chip = add(store, 1)
    with pytest.raises(ValueError, match="twice"):
        store.update_chips(
            [(chip.id, 1, {"profile_name": "a"}), (chip.id, 1, {"profile_name": "b"})], actor=ANA, action="x"
        )
    assert store.update_chips([], actor=ANA, action="x") == ChipUpdates((), ())
    assert store.get_chip(chip.id) == chip


def test_updates_and_events_commit_together(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    chips = [add(store, n) for n in range(2)]
    # An actor the database refuses (NOT NULL os_user) reaches the event INSERT, after the UPDATEs ran.
    monkeypatch.setattr(repository_module, "_check_actor", lambda actor: None)
    nobody = Actor(os_user=None, host="desk-9")  # type: ignore[arg-type]

    with pytest.raises(StoreError):
        store.update_chips([(chip.id, 1, {"profile_name": "p"}) for chip in chips], actor=nobody, action="x")

    assert store.list_chips() == chips
    assert len(store.list_events()) == 2


def test_bringing_back_a_chip_that_clashes_is_a_duplicate(store: Store) -> None:
    old = add(store, 1)
    store.update_chip(old.id, expected_version=1, actor=ANA, action="delete", status=ChipStatus.CANCELLED)
    store.insert_chip(phone=old.phone, instance_name="loja-novo", display_name=None, actor=ANA)
    with pytest.raises(DuplicateChip):
        store.update_chips([(old.id, None, {"status": ChipStatus.PENDING})], actor=ANA, action="x")
    assert store.get_chip(old.id).status is ChipStatus.CANCELLED


def test_more_chips_than_one_query_holds(store: Store) -> None:
    count = repository_module._IDS_PER_QUERY * 2 + 7
    engine_url = store._engine.url
    engine = sa.create_engine(engine_url, poolclass=sa.pool.NullPool)
    now = datetime.now(UTC)
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO chips (phone, instance_name, status, evolution_connected, connection_state, "
                    "created_at, updated_at, version) "
                    "VALUES (:phone, :name, 'pending', false, 'unknown', :now, :now, 1)"
                ),
                [{"phone": f"55119{n:08d}", "name": f"fleet-{n}", "now": now} for n in range(count)],
            )
    finally:
        engine.dispose()
    chips = store.list_chips()

    result = store.update_chips(
        [(chip.id, chip.version, {"connection_state": "open", "evolution_connected": True}) for chip in chips],
        actor=ANA,
        action="sync",
    )

    assert len(result.chips) == count and result.conflicts == ()
    assert [chip.id for chip in result.chips] == [chip.id for chip in chips]
    assert all(c.connection_state is ConnectionState.OPEN and c.version == 2 for c in store.list_chips())
    assert len(store.list_events(limit=count + 10)) == count


# -- the fleet refresh that uses it -------------------------------------------------------------------------


@pytest.fixture
def manager(store: Store, simulator: Simulator) -> Iterator[InstanceManager]:
    client = EvolutionClient(simulator.url, "test-key")
    try:
        yield InstanceManager(client, store, actor=ANA)
    finally:
        client.close()


def test_a_refresh_of_many_chips_writes_each_once_in_batches(
    manager: InstanceManager, simulator: Simulator, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(manager_module, "_SYNC_BATCH", 3)
    chips = [manager.create(f"11 99999-{n:04d}")[0] for n in range(7)]
    for chip in chips[:5]:
        simulator.simulate_scan(chip.instance_name)
    batches: list[int] = []
    original = store.update_chips

    def counting(changes: Any, **kwargs: Any) -> ChipUpdates:
        batches.append(len(changes))
        return original(changes, **kwargs)

    monkeypatch.setattr(store, "update_chips", counting)

    report = manager.sync()

    assert batches == [3, 2]  # the five scanned chips; the two still waiting are as the create recorded them
    by_id = {chip.id: chip for chip in report.chips}
    for chip in chips[:5]:
        assert by_id[chip.id].connection_state is ConnectionState.OPEN
        assert by_id[chip.id].status is ChipStatus.WARMING
    assert all(events_of(store, chip).count("sync") == 1 for chip in chips[:5])
    assert {change.chip_id for change in report.changes} >= {chip.id for chip in chips[:5]}
    assert manager.sync().changes == ()


def test_a_chip_changed_during_the_refresh_is_written_from_its_fresh_row(
    manager: InstanceManager, simulator: Simulator, store: Store, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    chip, _qr = manager.create("11 99999-0001")
    simulator.simulate_scan(chip.instance_name)
    original = store.update_chips

    def warm_up_first(changes: Any, **kwargs: Any) -> ChipUpdates:
        # The warm-up process marks the chip active between the refresh's read and its write.
        engine = raw_engine(database_url)
        try:
            with engine.begin() as conn:
                conn.execute(
                    sa.text("UPDATE chips SET status = 'active', version = version + 1 WHERE id = :id"), {"id": chip.id}
                )
        finally:
            engine.dispose()
        return original(changes, **kwargs)

    monkeypatch.setattr(store, "update_chips", warm_up_first)

    report = manager.sync()

    after = store.get_chip(chip.id)
    assert after.status is ChipStatus.ACTIVE  # never overwritten by the refresh
    assert after.connection_state is ConnectionState.OPEN and after.evolution_connected
    assert events_of(store, chip).count("sync") == 1
    assert next(c for c in report.chips if c.id == chip.id) == after


def test_a_chip_deleted_during_the_refresh_stays_deleted(
    manager: InstanceManager, simulator: Simulator, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept, deleted = (manager.create(f"11 99999-000{n}")[0] for n in range(2))
    for chip in (kept, deleted):
        simulator.simulate_scan(chip.instance_name)
    original = store.update_chips

    def delete_first(changes: Any, **kwargs: Any) -> ChipUpdates:
        store.update_chip(deleted.id, expected_version=None, actor=BRUNO, action="delete", status=ChipStatus.CANCELLED)
        return original(changes, **kwargs)

    monkeypatch.setattr(store, "update_chips", delete_first)

    report = manager.sync()

    assert store.get_chip(deleted.id).status is ChipStatus.CANCELLED
    assert events_of(store, deleted)[0] == "delete"
    assert store.get_chip(kept.id).connection_state is ConnectionState.OPEN
    assert all(change.chip_id != deleted.id for change in report.changes)


def test_a_refresh_in_the_services_leaves_the_garbage_collector_alone(
    manager: InstanceManager, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Holding the collector off is the window's concern (ui/window/refresh.py), not the services'.
    seen: list[bool] = []
    original = manager.client.fetch_instances

    def watching(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(manager.client, "fetch_instances", watching)
    manager.sync()
    assert seen == [True] and gc.isenabled()
