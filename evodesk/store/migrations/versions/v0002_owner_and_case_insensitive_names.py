"""Owner, profile and disconnect reason; case-insensitive names; events without a chip; version trigger.

- chips gain ``owner_jid``, ``profile_name`` and ``disconnect_reason_code`` (what ``fetchInstances`` says).
- Live instance names become unique regardless of letter case. Existing names that differ only in case
  stop the upgrade with a list of them: only an operator can decide which chip to cancel or rename.
- ``chip_events.chip_id`` becomes nullable (sync records events about instances no chip knows), and the
  events are indexed by (chip_id, at) and by at, the two orders the audit view reads them in.
- Every UPDATE of a chip bumps ``version``, including updates by other systems (the warm-up process that
  moves ``warming`` to ``active``) that do not know about it, so optimistic locking also notices them.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context, op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

_LIVE = "status <> 'cancelled'"

_PG_BUMP_FUNCTION = """
CREATE OR REPLACE FUNCTION chips_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.version IS NOT DISTINCT FROM OLD.version THEN
        NEW.version := OLD.version + 1;
    END IF;
    RETURN NEW;
END
$$
"""
_PG_BUMP_TRIGGER = """
CREATE TRIGGER chips_bump_version BEFORE UPDATE ON chips
FOR EACH ROW EXECUTE FUNCTION chips_bump_version()
"""
# SQLite triggers cannot assign NEW; a second UPDATE does it (recursive triggers are off, and the WHEN
# clause is false for that second update anyway).
_SQLITE_BUMP_TRIGGER = """
CREATE TRIGGER chips_bump_version AFTER UPDATE ON chips
FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN
    UPDATE chips SET version = OLD.version + 1 WHERE id = NEW.id;
END
"""


def _refuse_case_duplicates() -> None:
    if context.is_offline_mode():
        return
    rows = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT instance_name FROM chips WHERE status <> 'cancelled' AND lower(instance_name) IN ("
                " SELECT lower(instance_name) FROM chips WHERE status <> 'cancelled'"
                " GROUP BY lower(instance_name) HAVING count(*) > 1)"
                " ORDER BY lower(instance_name), instance_name"
            )
        )
        .scalars()
        .all()
    )
    if rows:
        raise RuntimeError(
            "instance names that differ only in letter case are no longer allowed among chips that are "
            f"not cancelled; cancel or rename one of each: {', '.join(rows)}"
        )


def upgrade() -> None:
    """Add the columns, indexes and trigger described above."""
    _refuse_case_duplicates()
    with op.batch_alter_table("chips") as batch:
        batch.add_column(sa.Column("owner_jid", sa.String(128), nullable=True))
        batch.add_column(sa.Column("profile_name", sa.String(255), nullable=True))
        batch.add_column(sa.Column("disconnect_reason_code", sa.Integer(), nullable=True))

    op.drop_index(op.f("ix_chip_events_chip_id"), table_name="chip_events")
    with op.batch_alter_table("chip_events") as batch:
        batch.alter_column("chip_id", existing_type=sa.Integer(), nullable=True)
    op.create_index(op.f("ix_chip_events_chip_id_at"), "chip_events", ["chip_id", "at"])
    op.create_index(op.f("ix_chip_events_at"), "chip_events", ["at"])

    # Created after the chip_events batch: rebuilding chip_events reflects chips (its foreign key target),
    # and SQLAlchemy cannot reflect an expression index (it warns and skips it).
    op.create_index(
        op.f("uq_chips_instance_name_ci_live"),
        "chips",
        [sa.text("lower(instance_name)")],
        unique=True,
        sqlite_where=sa.text(_LIVE),
        postgresql_where=sa.text(_LIVE),
    )

    if op.get_context().dialect.name == "postgresql":
        op.execute(_PG_BUMP_FUNCTION)
        op.execute(_PG_BUMP_TRIGGER)
    else:
        op.execute(_SQLITE_BUMP_TRIGGER)


def downgrade() -> None:
    """Back to revision 0001 (fails while events without a chip exist)."""
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS chips_bump_version ON chips")
        op.execute("DROP FUNCTION IF EXISTS chips_bump_version()")
    else:
        op.execute("DROP TRIGGER IF EXISTS chips_bump_version")
    # First, so the batch rebuilds below do not have to reflect an expression index.
    op.drop_index(op.f("uq_chips_instance_name_ci_live"), table_name="chips")

    op.drop_index(op.f("ix_chip_events_at"), table_name="chip_events")
    op.drop_index(op.f("ix_chip_events_chip_id_at"), table_name="chip_events")
    with op.batch_alter_table("chip_events") as batch:
        batch.alter_column("chip_id", existing_type=sa.Integer(), nullable=False)
    op.create_index(op.f("ix_chip_events_chip_id"), "chip_events", ["chip_id"])

    with op.batch_alter_table("chips") as batch:
        batch.drop_column("disconnect_reason_code")
        batch.drop_column("profile_name")
        batch.drop_column("owner_jid")
