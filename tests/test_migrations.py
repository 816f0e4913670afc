"""Schema migrations: the upgrade path from the first revision, backups, and where the scripts are found."""

from __future__ import annotations

import sqlite3
import threading
import warnings
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import evodesk.store
from evodesk.domain import Actor, ChipStatus, ConnectionState
from evodesk.store import (
    DuplicateChip,
    MigrationError,
    Store,
    current_revision,
    head_revision,
    open_store,
)
from evodesk.store.engine import normalize_url
from evodesk.store.migrate import MIGRATIONS_DIR, alembic_config
from evodesk.store.models import Base

ANA = Actor(os_user="ana", host="desk-1")


def execute(database_url: str, *statements: tuple[str, dict[str, object]]) -> None:
    """Run raw SQL the way an older evodesk (or another system) would have written rows."""
    engine = sa.create_engine(normalize_url(database_url), poolclass=sa.pool.NullPool)
    try:
        with engine.begin() as conn:
            for sql, params in statements:
                conn.execute(sa.text(sql), params)
    finally:
        engine.dispose()


def backups(database_url: str) -> list[Path]:
    path = Path(normalize_url(database_url).database or "")
    return sorted(path.parent.glob(f"{path.name}.bak-*"))


def stamp(database_url: str, when: str) -> str:
    """A timestamp literal each backend stores the way revision 0001 left it."""
    if database_url.startswith("sqlite"):
        return f"{when}.000000"
    return f"{when}+00:00"


def fill_revision_0001(database_url: str) -> None:
    command.upgrade(alembic_config(database_url), "0001")
    assert current_revision(database_url) == "0001"
    rows = [
        (1, "5511999990001", "loja-1", "Centro", "warming", True, "open", 3),
        (2, "5511999990002", "loja-2", None, "active", False, "close", 7),
        (3, "5511999990001", "LOJA-1", "old", "cancelled", False, "unknown", 2),
    ]
    statements: list[tuple[str, dict[str, object]]] = [
        (
            "INSERT INTO chips (id, phone, instance_name, display_name, status, evolution_connected,"
            " connection_state, connected_at, cancelled_at, created_at, updated_at, version)"
            " VALUES (:id, :phone, :name, :display, :status, :connected, :state, :connected_at,"
            " :cancelled_at, :created, :updated, :version)",
            {
                "id": chip_id,
                "phone": phone,
                "name": name,
                "display": display,
                "status": status,
                "connected": connected,
                "state": state,
                "connected_at": stamp(database_url, "2024-05-01 12:00:00") if connected else None,
                "cancelled_at": stamp(database_url, "2024-04-01 08:00:00") if status == "cancelled" else None,
                "created": stamp(database_url, "2024-03-01 10:00:00"),
                "updated": stamp(database_url, "2024-05-01 12:00:00"),
                "version": version,
            },
        )
        for chip_id, phone, name, display, status, connected, state, version in rows
    ]
    statements += [
        (
            "INSERT INTO chip_events (chip_id, at, os_user, host, action, status_before, status_after, details)"
            " VALUES (:chip_id, :at, 'ana', 'desk-1', 'create', NULL, 'pending', :details)",
            {"chip_id": chip_id, "at": stamp(database_url, f"2024-03-01 10:00:0{chip_id}"), "details": f"c{chip_id}"},
        )
        for chip_id in (1, 2, 3)
    ]
    if not database_url.startswith("sqlite"):
        # Explicit ids do not advance the PostgreSQL sequence; an older evodesk would have used it.
        statements.append(("SELECT setval('chips_id_seq', 3)", {}))
    execute(database_url, *statements)


def test_open_store_on_an_empty_database_reaches_head(database_url: str) -> None:
    assert current_revision(database_url) is None
    if database_url.startswith("sqlite"):
        assert not Path(normalize_url(database_url).database or "").exists()
    with open_store(database_url) as store:
        assert store.list_chips() == []
    assert current_revision(database_url) == head_revision() == "0003"
    if database_url.startswith("sqlite"):
        assert backups(database_url) == [], "a brand-new database has nothing to back up"


def test_revision_0001_with_chips_upgrades_with_every_row_intact(database_url: str) -> None:
    fill_revision_0001(database_url)

    with open_store(database_url) as store:
        chips = store.list_chips()
        events = store.list_events()

        assert [(c.id, c.phone, c.instance_name, c.display_name, c.status, c.version) for c in chips] == [
            (1, "5511999990001", "loja-1", "Centro", ChipStatus.WARMING, 3),
            (2, "5511999990002", "loja-2", None, ChipStatus.ACTIVE, 7),
            (3, "5511999990001", "LOJA-1", "old", ChipStatus.CANCELLED, 2),
        ]
        first = chips[0]
        assert first.evolution_connected is True
        assert first.connection_state is ConnectionState.OPEN
        assert first.connected_at is not None
        assert first.connected_at.isoformat() == "2024-05-01T12:00:00+00:00"
        assert first.created_at.isoformat() == "2024-03-01T10:00:00+00:00"
        assert chips[2].cancelled_at is not None and chips[2].cancelled_at.isoformat() == "2024-04-01T08:00:00+00:00"
        assert (first.owner_jid, first.profile_name, first.disconnect_reason_code) == (None, None, None)
        assert sorted((e.chip_id, e.details) for e in events) == [(1, "c1"), (2, "c2"), (3, "c3")]
        assert [e.at.isoformat() for e in events] == [f"2024-03-01T10:00:0{i}+00:00" for i in (3, 2, 1)]

        # What revision 0002 brought works on the migrated rows.
        with pytest.raises(DuplicateChip):
            store.insert_chip(phone="5511999990009", instance_name="Loja-2", display_name=None, actor=ANA)
        new = store.insert_chip(phone="5511999990003", instance_name="loja-3", display_name=None, actor=ANA)
        assert new.id > 3  # PostgreSQL spends a sequence value on the refused insert above
        assert store.record_event(chip_id=None, actor=ANA, action="unknown-instance").chip_id is None
        updated = store.update_chip(1, expected_version=3, actor=ANA, action="sync", owner_jid="x@s.whatsapp.net")
        assert (updated.version, updated.owner_jid) == (4, "x@s.whatsapp.net")

    assert current_revision(database_url) == head_revision()


def test_sqlite_is_backed_up_before_migrating_and_only_then(sqlite_url: str) -> None:
    fill_revision_0001(sqlite_url)

    open_store(sqlite_url).close()

    (backup,) = backups(sqlite_url)
    assert backup.name.startswith("chips.sqlite3.bak-0001-")
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert copy.execute("SELECT id, instance_name FROM chips ORDER BY id").fetchall() == [
            (1, "loja-1"),
            (2, "loja-2"),
            (3, "LOJA-1"),
        ]
        assert copy.execute("SELECT count(*) FROM chip_events").fetchone() == (3,)
    finally:
        copy.close()

    open_store(sqlite_url).close()
    assert backups(sqlite_url) == [backup], "a database already at head is not backed up again"


def test_case_only_duplicate_names_stop_the_upgrade_and_change_nothing(database_url: str) -> None:
    fill_revision_0001(database_url)
    execute(database_url, ("UPDATE chips SET status = 'pending', phone = '5511999990003' WHERE id = 3", {}))

    with pytest.raises(MigrationError) as caught:
        open_store(database_url)

    message = str(caught.value)
    assert "LOJA-1" in message and "loja-1" in message
    assert current_revision(database_url) == "0001"
    if database_url.startswith("sqlite"):
        (backup,) = backups(database_url)
        assert str(backup) in message
    # Once the operator renames one of them, the upgrade goes through.
    execute(database_url, ("UPDATE chips SET instance_name = 'loja-1-old' WHERE id = 3", {}))
    with open_store(database_url) as store:
        assert len(store.list_chips()) == 3


def test_downgrade_and_upgrade_again_keep_the_rows(database_url: str) -> None:
    with open_store(database_url) as store:
        chip = store.insert_chip(phone="5511999990001", instance_name="loja-1", display_name="d", actor=ANA)
        store.update_chip(chip.id, expected_version=1, actor=ANA, action="x", status=ChipStatus.WARMING)

    command.downgrade(alembic_config(database_url), "0001")
    assert current_revision(database_url) == "0001"

    with open_store(database_url) as store:
        (again,) = store.list_chips()
        assert (again.instance_name, again.status, again.version) == ("loja-1", ChipStatus.WARMING, 2)
        assert [e.action for e in store.list_events()] == ["x", "create"]


EXPECTED_NAMES = {
    "chips": {
        "checks": {"ck_chips_status", "ck_chips_connection_state", "ck_chips_version_positive"},
        "indexes": {"uq_chips_phone_live", "uq_chips_instance_name_live", "uq_chips_instance_name_ci_live"},
    },
    "chip_events": {
        "checks": {"ck_chip_events_status_before", "ck_chip_events_status_after"},
        "indexes": {"ix_chip_events_chip_id_at", "ix_chip_events_at"},
    },
    "chip_transitions": {
        "checks": {"ck_chip_transitions_to_state", "ck_chip_transitions_source"},
        "indexes": {"uq_chip_transitions_chip_id_chip_version", "ix_chip_transitions_at"},
    },
    "chip_health_days": {"checks": {"ck_chip_health_days_end_state"}, "indexes": set()},
    "chip_health_reasons": {"checks": set(), "indexes": set()},
}


def test_models_match_the_migrated_schema(database_url: str) -> None:
    open_store(database_url).close()
    engine = sa.create_engine(normalize_url(database_url), poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn, warnings.catch_warnings():
            # SQLAlchemy cannot reflect SQLite expression indexes; SQLAlchemy and Alembic say so and skip them.
            warnings.filterwarnings("ignore", message=".*expression-based index")
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
            inspector = sa.inspect(conn)
            found = {
                table: {
                    "checks": {c["name"] for c in inspector.get_check_constraints(table)},
                    "indexes": {i["name"] for i in inspector.get_indexes(table)},
                }
                for table in EXPECTED_NAMES
            }
    finally:
        engine.dispose()
    assert differences == []
    if database_url.startswith("sqlite"):
        found["chips"]["indexes"].add("uq_chips_instance_name_ci_live")  # not reflectable there, see above
    assert found == EXPECTED_NAMES
    declared = {
        table.name: {
            "checks": {c.name for c in table.constraints if isinstance(c, sa.CheckConstraint)},
            "indexes": {i.name for i in table.indexes},
        }
        for table in Base.metadata.sorted_tables
    }
    assert declared == EXPECTED_NAMES


def test_a_database_from_a_newer_evodesk_is_refused(database_url: str) -> None:
    open_store(database_url).close()
    execute(database_url, ("UPDATE alembic_version SET version_num = '0099'", {}))

    with pytest.raises(MigrationError, match="newer evodesk"):
        open_store(database_url)


def test_two_evodesks_opening_a_new_database_at_once(database_url: str) -> None:
    barrier = threading.Barrier(3)
    opened: list[Store] = []
    errors: list[BaseException] = []

    def start() -> None:
        barrier.wait()
        try:
            opened.append(open_store(database_url))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for store in opened:
        store.close()

    assert errors == []
    assert len(opened) == 3
    assert current_revision(database_url) == head_revision()


def test_migrations_are_found_from_any_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_url: str
) -> None:
    package_dir = Path(evodesk.store.__file__).resolve().parent
    assert package_dir / "migrations" == MIGRATIONS_DIR
    assert (MIGRATIONS_DIR / "env.py").is_file()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)

    with open_store(sqlite_url) as store:
        assert store.list_chips() == []
    assert head_revision() == "0003"
    assert list(elsewhere.iterdir()) == []


def test_no_migration_without_a_backup(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fill_revision_0001(sqlite_url)

    def full_disk(path: Path, revision: str) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("evodesk.store.migrate.backup_sqlite", full_disk)
    with pytest.raises(MigrationError, match="nothing was changed"):
        open_store(sqlite_url)
    assert current_revision(sqlite_url) == "0001"
