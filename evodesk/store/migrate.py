"""Alembic migrations run from code, wherever the package lives (source tree, wheel, PyInstaller bundle).

The Alembic configuration is built here rather than read from an ``alembic.ini`` in the working directory,
and ``script_location`` is the ``migrations`` folder next to this file. A SQLite file that is behind is
copied to ``<file>.bak-<revision>-<timestamp>`` before anything touches it.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy.exc as sa_exc
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import URL

from evodesk.store.engine import (
    DEFAULT_SQLITE_BUSY_TIMEOUT_MS,
    SQLITE_WRITE_OPTION,
    create_engine,
    is_unavailable,
    mask_url,
    normalize_url,
    sqlite_path,
    translate_errors,
    unavailable_message,
)
from evodesk.store.errors import MigrationError, StoreError, StoreUnavailable

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Serialises migrations of one PostgreSQL database when several operators start evodesk at once
# (an arbitrary constant, the same in every evodesk).
_PG_MIGRATION_LOCK_KEY = 0x65766F6465736B  # "evodesk"


def alembic_config(database_url: str | None = None, *, connection: Connection | None = None) -> Config:
    """An Alembic ``Config`` pointing at the packaged migrations.

    Give ``connection`` to run inside a transaction the caller controls, or ``database_url`` to let the
    migration environment open its own connection (as ``command.upgrade(alembic_config(url), "0001")`` does).
    """
    cfg = Config()
    # Config values go through configparser interpolation: a literal "%" must be doubled.
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("file_template", "v%%(rev)s_%%(slug)s")
    if database_url is not None:
        cfg.attributes["database_url"] = database_url
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The revision the packaged migrations lead to."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships revisions
        raise MigrationError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def known_revisions() -> set[str]:
    """Every revision id the packaged migrations know."""
    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(database_url: str) -> str | None:
    """The revision a database is at (None when it has never been migrated, or the file does not exist)."""
    url = normalize_url(database_url)
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return None  # connecting would create an empty file
    engine = create_engine(url, pooled=False)
    try:
        with translate_errors(url), engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def upgrade_to_head(url: URL, *, sqlite_busy_timeout_ms: int = DEFAULT_SQLITE_BUSY_TIMEOUT_MS) -> Path | None:
    """Bring the database to the head revision; returns the SQLite backup made, if any.

    Raises :class:`StoreUnavailable` when the database cannot be reached and :class:`MigrationError` when
    the schema cannot be brought up to date (the message names the backup).
    """
    head = head_revision()
    # Foreign keys off: SQLite batch operations rebuild tables, which would trip them half-way.
    engine = create_engine(url, sqlite_busy_timeout_ms=sqlite_busy_timeout_ms, sqlite_foreign_keys=False, pooled=False)
    try:
        with translate_errors(url), engine.connect() as conn:
            with conn.begin():
                current = MigrationContext.configure(conn).get_current_revision()
            if current == head:
                return None
            return _upgrade_locked(conn, url, head)
    finally:
        engine.dispose()


def _upgrade_locked(conn: Connection, url: URL, head: str) -> Path | None:
    backend = url.get_backend_name()
    if backend == "sqlite":
        conn.execution_options(**{SQLITE_WRITE_OPTION: True})
    backup: Path | None = None
    with conn.begin():
        if backend == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK_KEY})
        # Read again under the lock: another evodesk may have migrated while this one waited.
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head:
            return None
        if current is not None and current not in known_revisions():
            raise MigrationError(
                f"The database {mask_url(url)} is at schema revision {current}, which this evodesk does not "
                f"know (it knows up to {head}); it was probably upgraded by a newer evodesk. Update evodesk."
            )
        path = sqlite_path(url)
        if path is not None and (current is not None or inspect(conn).get_table_names()):
            try:
                backup = backup_sqlite(path, current or "unversioned")
            except (sqlite3.Error, OSError) as exc:
                raise MigrationError(
                    f"Could not back up {path} before upgrading its schema ({exc}); nothing was changed. "
                    "Check the free space and the permissions of its folder."
                ) from exc
        log.info("migrating %s from %s to %s", mask_url(url), current or "an empty database", head)
        try:
            command.upgrade(alembic_config(connection=conn), "head")
            if backend == "sqlite":
                _check_sqlite_foreign_keys(conn)
        except StoreError:
            raise
        except sa_exc.DBAPIError as exc:
            if is_unavailable(exc):
                raise StoreUnavailable(unavailable_message(exc, url)) from exc
            raise _migration_error(url, current, head, backup, exc) from exc
        except (CommandError, ValueError, RuntimeError, KeyError) as exc:
            raise _migration_error(url, current, head, backup, exc) from exc
    return backup


def _migration_error(
    url: URL, current: str | None, head: str, backup: Path | None, exc: BaseException
) -> MigrationError:
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    where = f"; the database was backed up to {backup} first" if backup else ""
    return MigrationError(
        f"Could not upgrade the database {mask_url(url)} from schema revision {current} to {head}: {reason}{where}."
    )


def _check_sqlite_foreign_keys(conn: Connection) -> None:
    # Tables were rebuilt with enforcement off; make sure no reference was broken on the way.
    problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise RuntimeError(f"foreign key check failed after migrating: {problems[:5]}")


def backup_sqlite(path: Path, revision: str) -> Path:
    """Copy a SQLite database (WAL content included) to ``<file>.bak-<revision>-<timestamp>``.

    Uses SQLite's online backup API, so the copy is consistent even while other connections are open.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.bak-{revision}-{stamp}")
    suffix = 1
    while target.exists():
        suffix += 1
        target = path.with_name(f"{path.name}.bak-{revision}-{stamp}-{suffix}")
    source = sqlite3.connect(path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    log.info("backed up %s to %s before migrating", path, target)
    return target
