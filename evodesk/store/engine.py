"""Database URLs, engines and the translation of driver errors into operator-readable store errors."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy.exc as sa_exc
from sqlalchemy import Engine, event
from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.pool import NullPool

from evodesk.store.errors import StoreError, StoreUnavailable

DEFAULT_SQLITE_BUSY_TIMEOUT_MS = 5000
POSTGRES_CONNECT_TIMEOUT_S = 10

# Execution option that makes the next transaction on a SQLite connection start with BEGIN IMMEDIATE.
SQLITE_WRITE_OPTION = "evodesk_sqlite_write"

_PG_SCHEMES = {"postgres", "postgresql"}


def normalize_url(database_url: str) -> URL:
    """Parse a database URL and pick the psycopg 3 driver for PostgreSQL.

    ``postgres://`` (as Heroku-style tools print it) and ``postgresql://`` become
    ``postgresql+psycopg://``; ``sqlite:///path`` is kept. Anything else raises ``ValueError``.
    """
    try:
        url = make_url(database_url)
    except (sa_exc.ArgumentError, ValueError) as exc:
        raise ValueError(f"not a database URL: {mask_url(database_url)}") from exc
    if url.drivername in _PG_SCHEMES:
        url = url.set(drivername="postgresql+psycopg")
    if url.drivername == "postgresql+psycopg":
        return url
    if url.drivername in {"sqlite", "sqlite+pysqlite"}:
        if not url.database or url.database == ":memory:":
            raise ValueError("an in-memory SQLite database cannot hold the chips: give a file path")
        return url
    raise ValueError(
        f"unsupported database URL {mask_url(database_url)}: use sqlite:///PATH or postgresql://USER@HOST/DB"
    )


def mask_url(url: str | URL) -> str:
    """Render a database URL with its password replaced by ``***``, safe for logs and dialogs."""
    if isinstance(url, URL):
        return url.render_as_string(hide_password=True)
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (sa_exc.ArgumentError, ValueError):
        # Not parseable as a URL: still hide anything that looks like "user:password@".
        return re.sub(r"(//[^:/@]*:)[^@]*@", r"\1***@", url)


def sqlite_path(url: URL) -> Path | None:
    """The database file of a SQLite URL, or None for other backends."""
    if url.get_backend_name() != "sqlite" or not url.database:
        return None
    return Path(url.database)


def create_engine(
    url: URL,
    *,
    sqlite_busy_timeout_ms: int = DEFAULT_SQLITE_BUSY_TIMEOUT_MS,
    sqlite_foreign_keys: bool = True,
    pooled: bool = True,
) -> Engine:
    """Build an engine configured for the store.

    SQLite: WAL journal, foreign keys on, a busy timeout, and transactions begun by us (plain ``BEGIN`` for
    reads, ``BEGIN IMMEDIATE`` for writes) instead of by the sqlite3 module, which would start them only at
    the first write and let a read-then-write transaction fail without waiting for the lock.
    PostgreSQL: ``pool_pre_ping`` so a connection dropped by the server is replaced instead of failing.
    Migrations pass ``sqlite_foreign_keys=False`` because SQLite batch mode rebuilds tables.
    """
    kwargs: dict[str, Any] = {}
    if not pooled:
        kwargs["poolclass"] = NullPool
    backend = url.get_backend_name()
    if backend == "sqlite":
        kwargs["connect_args"] = {"timeout": sqlite_busy_timeout_ms / 1000}
        engine = sa_create_engine(url, **kwargs)
        _configure_sqlite(engine, busy_timeout_ms=sqlite_busy_timeout_ms, foreign_keys=sqlite_foreign_keys)
        return engine
    connect_args: dict[str, Any] = {"application_name": "evodesk"}
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_S
    return sa_create_engine(url, pool_pre_ping=True, connect_args=connect_args, **kwargs)


def _configure_sqlite(engine: Engine, *, busy_timeout_ms: int, foreign_keys: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # isolation_level None hands transaction control to the "begin" listener below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
            # In WAL mode NORMAL never corrupts the file and keeps every commit across an application crash;
            # only a power cut can lose the latest ones. Not syncing the disk on each commit is what lets a
            # fleet refresh write hundreds of chips quickly.
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(SQLITE_WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def _driver_message(exc: BaseException, url: URL) -> str:
    """First line of the driver's own message, without anything that could be the password."""
    orig = getattr(exc, "orig", None) or exc
    message = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    if url.password:
        message = message.replace(str(url.password), "***")
    return message


_SQLITE_UNAVAILABLE_HINTS = ("locked", "busy", "unable to open", "disk i/o", "readonly", "malformed", "not a database")


def is_unavailable(exc: sa_exc.DBAPIError) -> bool:
    """Whether a driver error means the database is out of reach rather than a problem with the statement.

    SQLite reports schema problems ("no such table") as OperationalError too, so its message decides.
    """
    if exc.connection_invalidated:
        return True
    if isinstance(exc.orig, sqlite3.Error):
        message = str(exc.orig).lower()
        return any(hint in message for hint in _SQLITE_UNAVAILABLE_HINTS)
    return isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError)


def unavailable_message(exc: BaseException, url: URL) -> str:
    """An operator-readable sentence for a database that cannot be reached or refused the operation."""
    reason = _driver_message(exc, url)
    where = mask_url(url)
    if url.get_backend_name() == "sqlite":
        lowered = reason.lower()
        if "locked" in lowered or "busy" in lowered:
            return (
                f"The chips database {url.database} is locked by another program or another evodesk "
                f"writing to it; try again in a moment ({reason})."
            )
        if "readonly" in lowered or "read-only" in lowered:
            return f"The chips database {url.database} is read-only: check the file's permissions ({reason})."
        return f"Cannot use the chips database {url.database}: {reason}."
    return f"The PostgreSQL database {where} is unavailable: {reason}."


def _unicode_reason(exc: UnicodeError) -> str:
    return str(getattr(exc, "reason", "")) or type(exc).__name__


@contextmanager
def translate_errors(url: URL) -> Iterator[None]:
    """Turn driver errors into :class:`StoreUnavailable` (or :class:`StoreError`) naming the masked URL.

    Integrity errors are not handled here: the caller knows which of them mean a duplicate chip.
    """
    try:
        yield
    except sa_exc.IntegrityError:
        raise
    except sa_exc.DataError as exc:
        raise StoreError(f"The database refused a value: {_driver_message(exc, url)}") from exc
    except UnicodeError as exc:
        # The drivers encode text themselves and raise this from inside the statement (a lone surrogate).
        raise StoreError(f"The database refused a value: text that cannot be encoded ({_unicode_reason(exc)})") from exc
    except sa_exc.StatementError as exc:
        if isinstance(exc.orig, UnicodeError):
            raise StoreError(
                f"The database refused a value: text that cannot be encoded ({_unicode_reason(exc.orig)})"
            ) from exc
        if not isinstance(exc, sa_exc.DBAPIError):
            raise
        raise StoreUnavailable(unavailable_message(exc, url)) from exc
    except (sa_exc.DBAPIError, sa_exc.DisconnectionError, sa_exc.TimeoutError) as exc:
        raise StoreUnavailable(unavailable_message(exc, url)) from exc
