"""Initial schema: chips and their audit trail.

Revision ID: 0001
Revises:
Create Date: 2025-01-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_LIVE = "status <> 'cancelled'"
_STATUSES = "'pending', 'warming', 'active', 'cancelled'"
_STATES = "'open', 'connecting', 'close', 'refused', 'unknown'"


# Names are wrapped in op.f() ("final"): Alembic would otherwise run them through the naming convention of
# the current models a second time and produce "ck_chips_ck_chips_status".


def upgrade() -> None:
    """Create ``chips`` and ``chip_events``."""
    op.create_table(
        "chips",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("instance_name", sa.String(128), nullable=False),
        sa.Column("display_name", sa.String(255), nullable=True),
        sa.Column("status", sa.String(16), nullable=False, server_default="pending"),
        sa.Column("evolution_connected", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("connection_state", sa.String(16), nullable=False, server_default="unknown"),
        sa.Column("connected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("disconnected_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chips")),
        sa.CheckConstraint(f"status IN ({_STATUSES})", name=op.f("ck_chips_status")),
        sa.CheckConstraint(f"connection_state IN ({_STATES})", name=op.f("ck_chips_connection_state")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_chips_version_positive")),
    )
    op.create_index(
        op.f("uq_chips_phone_live"),
        "chips",
        ["phone"],
        unique=True,
        sqlite_where=sa.text(_LIVE),
        postgresql_where=sa.text(_LIVE),
    )
    op.create_index(
        op.f("uq_chips_instance_name_live"),
        "chips",
        ["instance_name"],
        unique=True,
        sqlite_where=sa.text(_LIVE),
        postgresql_where=sa.text(_LIVE),
    )
    op.create_table(
        "chip_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chip_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("os_user", sa.String(128), nullable=False),
        sa.Column("host", sa.String(255), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("status_before", sa.String(16), nullable=True),
        sa.Column("status_after", sa.String(16), nullable=True),
        sa.Column("details", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chip_events")),
        sa.ForeignKeyConstraint(["chip_id"], ["chips.id"], name=op.f("fk_chip_events_chip_id_chips")),
        sa.CheckConstraint(
            f"status_before IS NULL OR status_before IN ({_STATUSES})", name=op.f("ck_chip_events_status_before")
        ),
        sa.CheckConstraint(
            f"status_after IS NULL OR status_after IN ({_STATUSES})", name=op.f("ck_chip_events_status_after")
        ),
    )
    op.create_index(op.f("ix_chip_events_chip_id"), "chip_events", ["chip_id"])


def downgrade() -> None:
    """Drop everything."""
    op.drop_table("chip_events")
    op.drop_table("chips")
