"""The chips database: SQLite on one workstation, PostgreSQL for a team.

``open_store()`` picks the database, brings its schema up to date (backing up a SQLite file first) and
returns a :class:`Store`, whose methods hand out frozen :mod:`evodesk.domain` dataclasses.

SQLAlchemy and Alembic take about 0.4 s to import, longer than the main window takes to appear. The window
only needs the error classes at start, so everything else is imported on first use (PEP 562): the database
is opened on a worker thread after the window has painted.
"""

from __future__ import annotations

import importlib
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evodesk.store.errors import (
    ChipConflict,
    ChipNotFound,
    DuplicateChip,
    MigrationError,
    StoreError,
    StoreUnavailable,
)

if TYPE_CHECKING:
    from evodesk.store.engine import mask_url
    from evodesk.store.migrate import current_revision, head_revision
    from evodesk.store.repository import MUTABLE_FIELDS, ChipUpdates, Store

__all__ = [
    "DATABASE_FILENAME",
    "MUTABLE_FIELDS",
    "ChipConflict",
    "ChipNotFound",
    "ChipUpdates",
    "DuplicateChip",
    "MigrationError",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "current_revision",
    "default_database_path",
    "default_database_url",
    "head_revision",
    "mask_url",
    "open_store",
]

# Public names that live in submodules, imported when first asked for.
_LAZY = {
    "MUTABLE_FIELDS": "evodesk.store.repository",
    "ChipUpdates": "evodesk.store.repository",
    "Store": "evodesk.store.repository",
    "current_revision": "evodesk.store.migrate",
    "head_revision": "evodesk.store.migrate",
    "mask_url": "evodesk.store.engine",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


DATABASE_FILENAME = "chips.sqlite3"


def default_database_path(data_dir: Path | None = None) -> Path:
    """``<data_dir>/chips.sqlite3``; ``data_dir`` defaults to the user data folder of evodesk."""
    import platformdirs

    folder = data_dir if data_dir is not None else Path(platformdirs.user_data_dir("evodesk", appauthor=False))
    return (folder / DATABASE_FILENAME).resolve()


def default_database_url(data_dir: Path | None = None) -> str:
    """The SQLite URL of :func:`default_database_path`, for display (``open_store(None)`` uses the path)."""
    from sqlalchemy.engine import URL

    return URL.create("sqlite", database=str(default_database_path(data_dir))).render_as_string()


# How long opening a SQLite file waits for another evodesk that is upgrading it.
SQLITE_UPGRADE_WAIT_MS = 30_000


def open_store(
    database_url: str | None = None,
    *,
    data_dir: Path | None = None,
    sqlite_busy_timeout_ms: int | None = None,
) -> Store:
    """Open the chips database, migrate it to the current schema and return the store.

    Args:
        database_url: ``sqlite:///PATH`` or a PostgreSQL URL (``postgresql://``, ``postgres://`` and
            ``postgresql+psycopg://`` all use psycopg 3). None means ``chips.sqlite3`` in ``data_dir``.
        data_dir: folder of the default SQLite file, created if missing; defaults to the user data folder.
        sqlite_busy_timeout_ms: how long a SQLite write waits for another writer before giving up (default
            ``evodesk.store.engine.DEFAULT_SQLITE_BUSY_TIMEOUT_MS``).

    Raises:
        ValueError: the URL is not one evodesk can use.
        StoreUnavailable: the database cannot be reached, or the SQLite file cannot be opened or is locked.
        MigrationError: the schema could not be brought up to date (the SQLite backup is named).
    """
    from sqlalchemy.engine import URL

    from evodesk.store.engine import DEFAULT_SQLITE_BUSY_TIMEOUT_MS, create_engine, normalize_url, sqlite_path
    from evodesk.store.migrate import upgrade_to_head
    from evodesk.store.repository import Store

    if sqlite_busy_timeout_ms is None:
        sqlite_busy_timeout_ms = DEFAULT_SQLITE_BUSY_TIMEOUT_MS
    if database_url is None:
        # Built as a URL object, not parsed from text: a folder name may hold characters a URL would not.
        path = default_database_path(data_dir)
        url = URL.create("sqlite", database=str(path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"Cannot create the folder {path.parent} for the chips database: {exc}") from exc
    else:
        url = normalize_url(database_url)
        path_or_none = sqlite_path(url)
        if path_or_none is not None and not path_or_none.parent.is_dir():
            # Not created on the operator's behalf: a typo in a URL should not scatter folders around.
            raise StoreUnavailable(
                f"Cannot create the chips database {path_or_none}: the folder {path_or_none.parent} does not exist."
            )
    # Another evodesk opening the same file may be upgrading its schema, a backup of the file first: that holds
    # the lock far longer than any write, so the upgrade waits longer than a write would (it runs on a worker).
    wait_ms = max(sqlite_busy_timeout_ms, SQLITE_UPGRADE_WAIT_MS)
    deadline = time.monotonic() + wait_ms / 1000
    while True:
        try:
            upgrade_to_head(url, sqlite_busy_timeout_ms=wait_ms)
            break
        except StoreUnavailable as exc:
            # SQLite answers "locked" at once, without waiting, when waiting could deadlock (a reader that
            # wants to write while another connection writes): the other evodesk's upgrade ends soon, so ask again.
            if sqlite_path(url) is None or "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    return Store(create_engine(url, sqlite_busy_timeout_ms=sqlite_busy_timeout_ms))
