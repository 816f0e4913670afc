"""SQLAlchemy models of the ``chips`` and ``chip_events`` tables (design.md section 4).

The schema itself is created and changed only by the Alembic revisions in ``migrations/``; these models
describe the head revision and a test checks that the two agree. Rows never leave the store: the repository
turns them into the frozen dataclasses of :mod:`evodesk.domain`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    false,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from evodesk.domain import ChipStatus, ConnectionState

STATUS_VALUES: tuple[str, ...] = tuple(s.value for s in ChipStatus)
CONNECTION_STATE_VALUES: tuple[str, ...] = tuple(s.value for s in ConnectionState)

# Indexes whose violation means "a live chip already has this value"; the repository maps an
# IntegrityError to DuplicateChip(field=...) by looking for these names (PostgreSQL) or columns (SQLite).
UNIQUE_INDEX_FIELDS: dict[str, str] = {
    "uq_chips_phone_live": "phone",
    "uq_chips_instance_name_live": "instance_name",
    "uq_chips_instance_name_ci_live": "instance_name",
}

# Explicit names keep constraints addressable from migrations on both backends (SQLite batch mode needs
# named constraints to drop or recreate them).
NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def in_list(column: str, values: tuple[str, ...]) -> str:
    """SQL text of ``column IN ('a', 'b', ...)`` for a CHECK constraint (values are our own enums)."""
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp that always comes back as an aware UTC ``datetime``.

    PostgreSQL stores ``timestamptz`` and answers in the session's time zone; SQLite has no time zone
    support and returns naive values. Both are normalised here so callers only ever see aware UTC.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to UTC; SQLite gets the naive UTC wall time so stored strings compare correctly."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: the store only accepts timezone-aware values")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Attach UTC to naive SQLite values and convert PostgreSQL's session-zone values to UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base carrying the shared naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: dict[Any, Any] = {datetime: UTCDateTime}  # noqa: RUF012 - SQLAlchemy API


_LIVE = "status <> 'cancelled'"


class ChipRow(Base):
    """One WhatsApp number and its Evolution instance."""

    __tablename__ = "chips"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phone: Mapped[str] = mapped_column(String(32))
    instance_name: Mapped[str] = mapped_column(String(128))
    display_name: Mapped[str | None] = mapped_column(String(255))
    # Plain strings rather than native enums: other systems write `status`, and a CHECK keeps them honest
    # without tying every new value to an ALTER TYPE.
    status: Mapped[str] = mapped_column(String(16), server_default=ChipStatus.PENDING.value)
    evolution_connected: Mapped[bool] = mapped_column(Boolean, server_default=false())
    connection_state: Mapped[str] = mapped_column(String(16), server_default=ConnectionState.UNKNOWN.value)
    owner_jid: Mapped[str | None] = mapped_column(String(128))
    profile_name: Mapped[str | None] = mapped_column(String(255))
    disconnect_reason_code: Mapped[int | None] = mapped_column(Integer)
    connected_at: Mapped[datetime | None]
    disconnected_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now())
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))

    __table_args__ = (
        CheckConstraint(in_list("status", STATUS_VALUES), name="status"),
        CheckConstraint(in_list("connection_state", CONNECTION_STATE_VALUES), name="connection_state"),
        CheckConstraint("version >= 1", name="version_positive"),
        Index("uq_chips_phone_live", "phone", unique=True, sqlite_where=text(_LIVE), postgresql_where=text(_LIVE)),
        Index(
            "uq_chips_instance_name_live",
            "instance_name",
            unique=True,
            sqlite_where=text(_LIVE),
            postgresql_where=text(_LIVE),
        ),
        # Evolution compares names case-sensitively, but "Loja1" next to "loja1" is an operator's mistake.
        Index(
            "uq_chips_instance_name_ci_live",
            func.lower(text("instance_name")),
            unique=True,
            sqlite_where=text(_LIVE),
            postgresql_where=text(_LIVE),
        ),
    )


class ChipEventRow(Base):
    """One entry of the operator audit trail."""

    __tablename__ = "chip_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Nullable: sync also records events about server instances that no chip knows.
    chip_id: Mapped[int | None] = mapped_column(ForeignKey("chips.id"))
    at: Mapped[datetime]
    os_user: Mapped[str] = mapped_column(String(128))
    host: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(64))
    status_before: Mapped[str | None] = mapped_column(String(16))
    status_after: Mapped[str | None] = mapped_column(String(16))
    details: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint(f"status_before IS NULL OR {in_list('status_before', STATUS_VALUES)}", name="status_before"),
        CheckConstraint(f"status_after IS NULL OR {in_list('status_after', STATUS_VALUES)}", name="status_after"),
        Index("ix_chip_events_chip_id_at", "chip_id", "at"),
        Index("ix_chip_events_at", "at"),
    )


# Connection history (revision 0003). Times here are whole seconds since the Unix epoch (UTC) rather than
# UTCDateTime: health reads these tables by the hundred thousand rows, and SQLite keeps datetimes as text that
# would have to be parsed row by row. Days are whole days since the epoch (UTC midnight to midnight).
TRANSITION_STATES: tuple[str, ...] = ("open", "connecting", "close", "refused")
TRANSITION_SOURCES: tuple[str, ...] = ("refresh", "event", "operator", "upgrade")
HEALTH_STATES: tuple[str, ...] = ("up", "down", "off")


class ChipTransitionRow(Base):
    """One change of a chip's connection state, recorded once by whichever evodesk saw it first."""

    __tablename__ = "chip_transitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chip_id: Mapped[int] = mapped_column(ForeignKey("chips.id"))
    # The chips.version the write that made this change produced. A chip's row is locked while it is written
    # and its version moves by one per write, so (chip_id, chip_version) can only be written once: two
    # workstations that both see the same change cannot both record it.
    chip_version: Mapped[int] = mapped_column(Integer)
    at: Mapped[int] = mapped_column(BigInteger)
    seen_at: Mapped[int] = mapped_column(BigInteger)
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    reason_code: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16))
    planned: Mapped[bool] = mapped_column(Boolean, server_default=false())
    seen_by: Mapped[str] = mapped_column(String(255))

    __table_args__ = (
        CheckConstraint(in_list("to_state", TRANSITION_STATES), name="to_state"),
        CheckConstraint(in_list("source", TRANSITION_SOURCES), name="source"),
        Index("uq_chip_transitions_chip_id_chip_version", "chip_id", "chip_version", unique=True),
        Index("ix_chip_transitions_at", "at"),
    )


class ChipHealthDayRow(Base):
    """One chip's connection over one whole UTC day: what is left of its transitions once they are compacted."""

    __tablename__ = "chip_health_days"

    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    chip_id: Mapped[int] = mapped_column(ForeignKey("chips.id"), primary_key=True)
    connected_s: Mapped[int] = mapped_column(Integer)
    known_s: Mapped[int] = mapped_column(Integer)
    drops: Mapped[int] = mapped_column(Integer)
    transitions: Mapped[int] = mapped_column(Integer)
    end_state: Mapped[str] = mapped_column(String(8))
    last_drop_at: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (CheckConstraint(in_list("end_state", HEALTH_STATES), name="end_state"),)


class ChipHealthReasonRow(Base):
    """Drops of one chip on one UTC day by reason code (-1: the server gave none)."""

    __tablename__ = "chip_health_reasons"

    day: Mapped[int] = mapped_column(Integer, primary_key=True)
    chip_id: Mapped[int] = mapped_column(ForeignKey("chips.id"), primary_key=True)
    reason_code: Mapped[int] = mapped_column(Integer, primary_key=True)
    drops: Mapped[int] = mapped_column(Integer)
