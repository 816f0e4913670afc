"""Connection history: every transition of a chip's connection, and daily summaries of it.

- ``chip_transitions``: one row per change of a chip's connection state (open, connecting, close with its
  reason code, refused), with when it happened, when and by whom it was seen, and whether a refresh, a live
  event or an operator's action found it. ``(chip_id, chip_version)`` is unique: see the model.
- ``chip_health_days`` / ``chip_health_reasons``: per chip and UTC day, connected and counted seconds, drops,
  drops by reason, and the state at the end of the day. They are what health reads for whole days, and what
  remains of transitions older than 90 days once compacted.
- Every chip that is not cancelled and whose state is known gets a first transition to that state, dated now
  (source ``upgrade``): history starts at the upgrade, from the state the chips were in.

Times are whole seconds since the Unix epoch (UTC), days whole days since it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import time

import sqlalchemy as sa
from alembic import context, op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

_STATES = "'open', 'connecting', 'close', 'refused'"
_SOURCES = "'refresh', 'event', 'operator', 'upgrade'"
_HEALTH = "'up', 'down', 'off'"


def upgrade() -> None:
    """Create the three tables and seed the first transitions."""
    op.create_table(
        "chip_transitions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chip_id", sa.Integer(), nullable=False),
        sa.Column("chip_version", sa.Integer(), nullable=False),
        sa.Column("at", sa.BigInteger(), nullable=False),
        sa.Column("seen_at", sa.BigInteger(), nullable=False),
        sa.Column("from_state", sa.String(16), nullable=True),
        sa.Column("to_state", sa.String(16), nullable=False),
        sa.Column("reason_code", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("planned", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("seen_by", sa.String(255), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chip_transitions")),
        sa.ForeignKeyConstraint(["chip_id"], ["chips.id"], name=op.f("fk_chip_transitions_chip_id_chips")),
        sa.CheckConstraint(f"to_state IN ({_STATES})", name=op.f("ck_chip_transitions_to_state")),
        sa.CheckConstraint(f"source IN ({_SOURCES})", name=op.f("ck_chip_transitions_source")),
    )
    op.create_index(
        op.f("uq_chip_transitions_chip_id_chip_version"), "chip_transitions", ["chip_id", "chip_version"], unique=True
    )
    op.create_index(op.f("ix_chip_transitions_at"), "chip_transitions", ["at"])
    op.create_table(
        "chip_health_days",
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("chip_id", sa.Integer(), nullable=False),
        sa.Column("connected_s", sa.Integer(), nullable=False),
        sa.Column("known_s", sa.Integer(), nullable=False),
        sa.Column("drops", sa.Integer(), nullable=False),
        sa.Column("transitions", sa.Integer(), nullable=False),
        sa.Column("end_state", sa.String(8), nullable=False),
        sa.Column("last_drop_at", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("day", "chip_id", name=op.f("pk_chip_health_days")),
        sa.ForeignKeyConstraint(["chip_id"], ["chips.id"], name=op.f("fk_chip_health_days_chip_id_chips")),
        sa.CheckConstraint(f"end_state IN ({_HEALTH})", name=op.f("ck_chip_health_days_end_state")),
    )
    op.create_table(
        "chip_health_reasons",
        sa.Column("day", sa.Integer(), nullable=False),
        sa.Column("chip_id", sa.Integer(), nullable=False),
        sa.Column("reason_code", sa.Integer(), nullable=False),
        sa.Column("drops", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "chip_id", "reason_code", name=op.f("pk_chip_health_reasons")),
        sa.ForeignKeyConstraint(["chip_id"], ["chips.id"], name=op.f("fk_chip_health_reasons_chip_id_chips")),
    )
    if context.is_offline_mode():
        return
    now = int(time.time())
    op.get_bind().execute(
        sa.text(
            "INSERT INTO chip_transitions"
            " (chip_id, chip_version, at, seen_at, from_state, to_state, reason_code, source, planned, seen_by)"
            " SELECT id, version, :now, :now, NULL, connection_state, disconnect_reason_code, 'upgrade', :no,"
            " 'upgrade' FROM chips WHERE status <> 'cancelled' AND connection_state IN (" + _STATES + ")"
        ),
        {"now": now, "no": False},
    )


def downgrade() -> None:
    """Back to revision 0002: the connection history is dropped."""
    op.drop_table("chip_health_reasons")
    op.drop_table("chip_health_days")
    op.drop_index(op.f("ix_chip_transitions_at"), table_name="chip_transitions")
    op.drop_index(op.f("uq_chip_transitions_chip_id_chip_version"), table_name="chip_transitions")
    op.drop_table("chip_transitions")
