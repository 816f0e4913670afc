"""Alembic environment: runs the revisions on the connection :mod:`evodesk.store.migrate` hands over.

Also works from the Alembic command line for developers, e.g.
``alembic -c evodesk/store/alembic.ini -x url=sqlite:///chips.sqlite3 history``.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection

from evodesk.store.engine import create_engine, normalize_url
from evodesk.store.models import Base

config = context.config
target_metadata = Base.metadata


def _database_url() -> str:
    url = config.attributes.get("database_url") or context.get_x_argument(as_dictionary=True).get("url")
    url = url or os.environ.get("EVODESK_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: pass -x url=... or set EVODESK_DATABASE_URL")
    return str(url)


def run_migrations_offline() -> None:
    """Print the SQL instead of running it (``alembic upgrade --sql``), for a DBA to review."""
    url = normalize_url(_database_url())
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=url.get_backend_name() == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run on the caller's connection (inside its transaction) or on a connection of our own."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = normalize_url(_database_url())
    # Foreign keys off: batch mode rebuilds SQLite tables by copy, drop and rename.
    engine = create_engine(url, sqlite_foreign_keys=False, pooled=False)
    try:
        with engine.connect() as own_connection:
            _run(own_connection)
    finally:
        engine.dispose()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode rebuilds the table instead.
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
