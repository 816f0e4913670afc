"""The chips store on a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from evodesk.domain import Actor, Chip, ChipStatus, ConnectionState
from evodesk.store import (
    ChipConflict,
    ChipNotFound,
    DuplicateChip,
    Store,
    StoreError,
    StoreUnavailable,
    mask_url,
    open_store,
)
from evodesk.store import repository as repository_module
from evodesk.store.engine import normalize_url

ANA = Actor(os_user="ana", host="desk-1")
BRUNO = Actor(os_user="bruno", host="desk-2")


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    with open_store(database_url) as opened:
        yield opened


def add(store: Store, phone: str = "5511999990001", name: str = "loja-1") -> Chip:
    return store.insert_chip(phone=phone, instance_name=name, display_name=None, actor=ANA)


def raw_engine(database_url: str) -> sa.Engine:
    """An engine that bypasses the store, standing in for another system writing to the database."""
    return sa.create_engine(normalize_url(database_url), poolclass=sa.pool.NullPool)


# -- reading and inserting --------------------------------------------------------------------------------


def test_insert_then_get_list_and_find(store: Store) -> None:
    first = store.insert_chip(
        phone="5511999990001",
        instance_name="Loja-Centro",
        display_name="Centro",
        actor=ANA,
        connection_state=ConnectionState.CONNECTING,
        details="created from the dialog",
    )
    second = add(store, "5511999990002", "loja-2")

    assert first.status is ChipStatus.PENDING
    assert first.evolution_connected is False
    assert first.connection_state is ConnectionState.CONNECTING
    assert first.version == 1
    assert first.created_at == first.updated_at
    assert store.get_chip(first.id) == first
    assert [c.id for c in store.list_chips()] == [first.id, second.id]
    assert store.find_chip(phone="5511999990002") == second
    assert store.find_chip(instance_name="loja-centro") == first
    assert store.find_chip(instance_name="LOJA-CENTRO") == first
    assert store.find_chip(phone="5511000000000") is None
    assert store.find_chip(instance_name="nobody") is None
    assert store.backend in {"sqlite", "postgresql"}

    (event,) = store.list_events(chip_id=first.id)
    assert (event.action, event.status_before, event.status_after) == ("create", None, ChipStatus.PENDING)
    assert (event.os_user, event.host, event.details) == ("ana", "desk-1", "created from the dialog")
    assert event.at == first.created_at


def test_chips_are_frozen_dataclasses(store: Store) -> None:
    chip = add(store)
    with pytest.raises(dataclasses.FrozenInstanceError):
        chip.status = ChipStatus.ACTIVE  # type: ignore[misc]
    assert type(store.list_chips()[0]) is Chip


def test_get_missing_chip(store: Store) -> None:
    with pytest.raises(ChipNotFound):
        store.get_chip(4242)


def test_find_needs_a_criterion(store: Store) -> None:
    with pytest.raises(ValueError, match="phone or an instance name"):
        store.find_chip()


@pytest.mark.parametrize(
    ("phone", "name", "field"),
    [
        ("5511999990001", "other-name", "phone"),
        ("5511999990009", "loja-1", "instance_name"),
        ("5511999990009", "LOJA-1", "instance_name"),
        ("5511999990009", "Loja-1", "instance_name"),
    ],
)
def test_duplicates_are_refused(store: Store, phone: str, name: str, field: str) -> None:
    original = add(store, "5511999990001", "loja-1")

    with pytest.raises(DuplicateChip) as caught:
        add(store, phone, name)

    assert caught.value.field == field
    assert (phone if field == "phone" else name) in str(caught.value)
    assert store.list_chips() == [original]
    assert len(store.list_events()) == 1


def test_a_cancelled_chip_does_not_block_a_new_one(store: Store) -> None:
    old = add(store, "5511999990001", "loja-1")
    cancelled = store.update_chip(
        old.id,
        expected_version=old.version,
        actor=ANA,
        action="delete",
        status=ChipStatus.CANCELLED,
        cancelled_at=datetime.now(UTC),
    )

    new = add(store, "5511999990001", "Loja-1")

    assert new.id != old.id
    assert store.find_chip(phone="5511999990001") == new
    assert store.find_chip(instance_name="loja-1") == new
    assert [c.id for c in store.list_chips(include_cancelled=False)] == [new.id]
    assert [c.id for c in store.list_chips()] == [old.id, new.id]
    # Bringing the old chip back would make two live chips with one phone: refused, nothing changes.
    with pytest.raises(DuplicateChip):
        store.update_chip(
            old.id, expected_version=cancelled.version, actor=ANA, action="revive", status=ChipStatus.PENDING
        )
    assert store.get_chip(old.id) == cancelled


def test_values_are_validated_the_same_way_on_both_backends(store: Store) -> None:
    with pytest.raises(ValueError, match="longer than"):
        add(store, "5511999990001", "x" * 129)
    with pytest.raises(ValueError, match="empty"):
        add(store, "", "loja")
    assert store.list_chips() == []


# -- updating -----------------------------------------------------------------------------------------------


def test_update_writes_fields_version_and_event(store: Store) -> None:
    chip = add(store)
    connected_at = datetime(2025, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=-3)))

    updated = store.update_chip(
        chip.id,
        expected_version=1,
        actor=BRUNO,
        action="connected",
        details="scan",
        status=ChipStatus.WARMING,
        evolution_connected=True,
        connection_state="open",
        owner_jid="5511999990001@s.whatsapp.net",
        profile_name="Loja Centro ☕",
        disconnect_reason_code=None,
        connected_at=connected_at,
    )

    assert updated.version == 2
    assert updated.status is ChipStatus.WARMING
    assert updated.connection_state is ConnectionState.OPEN
    assert updated.evolution_connected is True
    assert updated.profile_name == "Loja Centro ☕"
    assert updated.connected_at == connected_at
    assert updated.connected_at is not None and updated.connected_at.tzinfo is UTC
    assert updated.updated_at >= chip.updated_at
    assert (updated.phone, updated.instance_name, updated.created_at) == (
        chip.phone,
        chip.instance_name,
        chip.created_at,
    )
    assert store.get_chip(chip.id) == updated
    latest = store.list_events(chip_id=chip.id)[0]
    assert (latest.action, latest.os_user, latest.host, latest.details) == ("connected", "bruno", "desk-2", "scan")
    assert (latest.status_before, latest.status_after) == (ChipStatus.PENDING, ChipStatus.WARMING)
    assert latest.at == updated.updated_at


def test_update_without_status_records_the_unchanged_status(store: Store) -> None:
    chip = add(store)
    store.update_chip(chip.id, expected_version=None, actor=ANA, action="sync", profile_name="P")
    event = store.list_events(chip_id=chip.id)[0]
    assert (event.status_before, event.status_after) == (ChipStatus.PENDING, ChipStatus.PENDING)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"phone": "5511000000000"}, "cannot update phone"),
        ({"version": 7}, "cannot update version"),
        ({"status": "sleeping"}, "sleeping"),
        ({"connection_state": "half-open"}, "half-open"),
        ({"evolution_connected": 1}, "bool"),
        ({"connected_at": datetime(2025, 1, 1)}, "timezone-aware"),
        ({"disconnect_reason_code": "401"}, "int"),
        ({"profile_name": "p" * 256}, "longer than"),
    ],
)
def test_update_rejects_bad_fields(store: Store, fields: dict[str, Any], message: str) -> None:
    chip = add(store)
    with pytest.raises(ValueError, match=message):
        store.update_chip(chip.id, expected_version=1, actor=ANA, action="x", **fields)
    assert store.get_chip(chip.id) == chip
    assert len(store.list_events()) == 1


def test_update_missing_chip(store: Store) -> None:
    with pytest.raises(ChipNotFound):
        store.update_chip(99, expected_version=1, actor=ANA, action="x", profile_name="p")
    with pytest.raises(ChipNotFound):
        store.update_chip(99, expected_version=None, actor=ANA, action="x", profile_name="p")


def test_stale_version_conflicts_and_nothing_is_lost(store: Store) -> None:
    chip = add(store)

    winner = store.update_chip(chip.id, expected_version=1, actor=ANA, action="disconnect", profile_name="A")
    with pytest.raises(ChipConflict) as caught:
        store.update_chip(chip.id, expected_version=1, actor=BRUNO, action="rename", profile_name="B")

    conflict = caught.value
    assert (conflict.chip_id, conflict.expected_version, conflict.actual_version) == (chip.id, 1, 2)
    assert store.get_chip(chip.id) == winner
    assert [e.action for e in store.list_events(chip_id=chip.id)] == ["disconnect", "create"]


def test_a_status_written_by_another_system_is_noticed_and_kept(database_url: str, store: Store) -> None:
    chip = store.update_chip(add(store).id, expected_version=1, actor=ANA, action="c", status=ChipStatus.WARMING)
    engine = raw_engine(database_url)
    try:
        # The warm-up process knows nothing about `version`.
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE chips SET status = 'active' WHERE id = :id"), {"id": chip.id})
    finally:
        engine.dispose()

    after_warmup = store.get_chip(chip.id)
    assert after_warmup.status is ChipStatus.ACTIVE
    assert after_warmup.version == chip.version + 1
    with pytest.raises(ChipConflict):
        store.update_chip(chip.id, expected_version=chip.version, actor=ANA, action="d", status=ChipStatus.PENDING)
    refreshed = store.update_chip(chip.id, expected_version=None, actor=ANA, action="sync", profile_name="p")
    assert refreshed.status is ChipStatus.ACTIVE


def test_update_and_its_event_commit_together(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    chip = add(store)
    # Let an actor the database refuses (NOT NULL os_user) reach the event INSERT, after the UPDATE ran.
    monkeypatch.setattr(repository_module, "_check_actor", lambda actor: None)
    nobody = Actor(os_user=None, host="desk-9")  # type: ignore[arg-type]

    with pytest.raises(StoreError):
        store.update_chip(chip.id, expected_version=1, actor=nobody, action="x", status=ChipStatus.ACTIVE)
    with pytest.raises(StoreError):
        store.insert_chip(phone="5511999990005", instance_name="loja-5", display_name=None, actor=nobody)

    assert store.list_chips() == [chip]
    assert len(store.list_events()) == 1


def test_concurrent_updates_from_two_stores(database_url: str, store: Store) -> None:
    chip = add(store)
    rounds = 12
    errors: list[BaseException] = []

    with open_store(database_url) as other:

        def work(target: Store, actor: Actor) -> None:
            try:
                for i in range(rounds):
                    target.update_chip(chip.id, expected_version=None, actor=actor, action=f"touch-{i}")
            except BaseException as exc:  # reported below, a thread cannot fail the test itself
                errors.append(exc)

        threads = [
            threading.Thread(target=work, args=(store, ANA)),
            threading.Thread(target=work, args=(other, BRUNO)),
            threading.Thread(target=work, args=(other, ANA)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    assert store.get_chip(chip.id).version == 1 + 3 * rounds
    assert len(store.list_events(chip_id=chip.id)) == 1 + 3 * rounds


def test_racing_updates_with_the_same_version_one_wins(database_url: str, store: Store) -> None:
    chip = add(store)
    contenders = 4
    barrier = threading.Barrier(contenders)
    outcomes: list[object] = []
    lock = threading.Lock()

    with open_store(database_url) as other:

        def work(i: int) -> None:
            target = store if i % 2 else other
            barrier.wait()
            try:
                result: object = target.update_chip(
                    chip.id, expected_version=1, actor=ANA, action=f"race-{i}", profile_name=f"p{i}"
                )
            except BaseException as exc:
                result = exc
            with lock:
                outcomes.append(result)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(contenders)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    winners = [o for o in outcomes if isinstance(o, Chip)]
    losers = [o for o in outcomes if isinstance(o, ChipConflict)]
    assert (len(winners), len(losers)) == (1, contenders - 1), outcomes
    winner = winners[0]
    assert store.get_chip(chip.id) == winner
    assert winner.profile_name is not None
    winning_action = "race-" + winner.profile_name.removeprefix("p")
    assert [e.action for e in store.list_events(chip_id=chip.id)] == [winning_action, "create"]


# -- timestamps and the audit trail ------------------------------------------------------------------------


def test_timestamps_come_back_aware_utc(store: Store) -> None:
    chip = add(store)
    when = datetime(2025, 6, 1, 23, 59, 59, 123456, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    store.update_chip(chip.id, expected_version=1, actor=ANA, action="x", disconnected_at=when)

    reread = store.get_chip(chip.id)
    for value in (reread.created_at, reread.updated_at, reread.disconnected_at):
        assert value is not None
        assert value.tzinfo is UTC
    assert reread.disconnected_at == when
    assert abs(reread.created_at - datetime.now(UTC)) < timedelta(minutes=1)
    assert all(e.at.tzinfo is UTC for e in store.list_events())


def test_list_events_filters_and_order(store: Store) -> None:
    one = add(store, "5511999990001", "loja-1")
    two = add(store, "5511999990002", "loja-2")
    store.update_chip(one.id, expected_version=1, actor=BRUNO, action="disconnect", status=ChipStatus.PENDING)
    orphan = store.record_event(chip_id=None, actor=BRUNO, action="unknown-instance", details="ghost-1")
    time.sleep(0.01)
    cut = datetime.now(UTC)
    time.sleep(0.01)
    last = store.record_event(
        chip_id=two.id,
        actor=ANA,
        action="note",
        status_before=ChipStatus.PENDING,
        status_after=ChipStatus.WARMING,
    )

    everything = store.list_events()
    assert [e.action for e in everything] == ["note", "unknown-instance", "disconnect", "create", "create"]
    assert everything[0] == last
    assert (last.status_before, last.status_after) == (ChipStatus.PENDING, ChipStatus.WARMING)
    assert orphan.chip_id is None
    assert [e.action for e in store.list_events(chip_id=one.id)] == ["disconnect", "create"]
    assert [e.action for e in store.list_events(os_user="bruno")] == ["unknown-instance", "disconnect"]
    assert store.list_events(since=cut) == [last]
    assert [e.action for e in store.list_events(until=cut)] == [e.action for e in everything[1:]]
    assert store.list_events(since=cut.astimezone(timezone(timedelta(hours=-3)))) == [last]
    assert store.list_events(limit=2) == everything[:2]
    assert store.list_events(chip_id=two.id, os_user="ana", since=cut, limit=5) == [last]
    with pytest.raises(ValueError, match="timezone-aware"):
        store.list_events(since=datetime(2025, 1, 1))
    with pytest.raises(ChipNotFound):
        store.record_event(chip_id=4242, actor=ANA, action="x")


# -- failures ------------------------------------------------------------------------------------------------


def test_unreachable_postgres_is_unavailable_without_the_password() -> None:
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as caught:
        open_store("postgresql://evodesk:s3cr3t-pw@127.0.0.1:1/chips")
    message = str(caught.value)
    assert "s3cr3t-pw" not in message
    assert "127.0.0.1:1" in message
    assert "***" in message
    assert time.monotonic() - started < 10


def test_a_locked_sqlite_file_is_reported_as_locked(sqlite_url: str) -> None:
    with open_store(sqlite_url, sqlite_busy_timeout_ms=200) as store:
        chip = add(store)
        other = sqlite3.connect(normalize_url(sqlite_url).database or "", isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")
            started = time.monotonic()
            with pytest.raises(StoreUnavailable, match="locked"):
                add(store, "5511999990002", "loja-2")
            with pytest.raises(StoreUnavailable, match="locked"):
                store.update_chip(chip.id, expected_version=1, actor=ANA, action="x", profile_name="p")
            assert time.monotonic() - started < 5
        finally:
            other.execute("ROLLBACK")
            other.close()
        # The lock is gone: the same store works again.
        assert add(store, "5511999990002", "loja-2").version == 1


def test_a_vanished_postgres_database_is_unavailable(postgres_url: str) -> None:
    import psycopg

    target = sa.engine.make_url(postgres_url)
    with open_store(postgres_url) as store:
        add(store)
        admin = target.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{target.database}" WITH (FORCE)')
        with pytest.raises(StoreUnavailable, match="unavailable"):
            store.list_chips()


def test_open_store_creates_the_default_folder(tmp_path: Path) -> None:
    data_dir = tmp_path / "nested" / "evodesk"
    with open_store(data_dir=data_dir) as store:
        add(store)
        assert store.backend == "sqlite"
        assert str(data_dir / "chips.sqlite3") in store.url
    assert (data_dir / "chips.sqlite3").is_file()


def test_open_store_refuses_a_missing_folder_in_an_explicit_url(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="does not exist"):
        open_store(f"sqlite:///{tmp_path}/missing/chips.sqlite3")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:pw@db.example/chips", "postgresql+psycopg://u:***@db.example/chips"),
        ("postgresql://u@db.example:5433/chips", "postgresql+psycopg://u@db.example:5433/chips"),
        ("postgresql+psycopg://u:pw@h/chips", "postgresql+psycopg://u:***@h/chips"),
        ("sqlite:////data/chips.sqlite3", "sqlite:////data/chips.sqlite3"),
    ],
)
def test_urls_are_normalised_and_masked(given: str, expected: str) -> None:
    assert mask_url(normalize_url(given)) == expected
    assert "pw" not in mask_url(given).replace("psycopg", "")


@pytest.mark.parametrize("url", ["mysql://u@h/db", "sqlite://", "sqlite:///:memory:", "not a url"])
def test_unusable_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError):
        open_store(url)


def test_mask_url_on_something_unparseable() -> None:
    assert mask_url("weird://user:secret@host:x:y") == "weird://user:***@host:x:y"


def test_the_schema_checks_values_other_systems_write(database_url: str, store: Store) -> None:
    chip = add(store)
    engine = raw_engine(database_url)
    try:
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.execute(sa.text("UPDATE chips SET status = 'paused' WHERE id = :id"), {"id": chip.id})
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.execute(sa.text("UPDATE chip_events SET status_after = 'paused'"))
    finally:
        engine.dispose()


def test_the_store_does_not_load_qt() -> None:
    code = "import sys, evodesk.store; assert 'PySide6' not in sys.modules, 'PySide6 loaded'"
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONWARNINGS": "error"})


def test_the_tables_have_exactly_the_domain_fields() -> None:
    from evodesk.domain import ChipEvent
    from evodesk.store.models import ChipEventRow, ChipRow

    assert list(ChipRow.__table__.c.keys()) == [f.name for f in dataclasses.fields(Chip)]
    assert list(ChipEventRow.__table__.c.keys()) == [f.name for f in dataclasses.fields(ChipEvent)]
