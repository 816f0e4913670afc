"""What the store accepts and what it gives back: field checks both backends apply alike, and rows as domain values.

Pure functions of values and table metadata (no session, no engine), apart from :class:`~evodesk.store.Store`
so that its methods read as the transactions they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Row, String

from evodesk.domain import Actor, Chip, ChipEvent, ChipStatus, ConnectionState
from evodesk.store.models import ChipEventRow, ChipRow

# Columns a caller may change through update_chip; id, phone, instance_name, created_at, updated_at and
# version are the store's to manage.
MUTABLE_FIELDS: Final = frozenset(
    {
        "status",
        "evolution_connected",
        "connection_state",
        "owner_jid",
        "profile_name",
        "disconnect_reason_code",
        "connected_at",
        "disconnected_at",
        "cancelled_at",
        "display_name",
    }
)
_TIMESTAMP_FIELDS: Final = frozenset({"connected_at", "disconnected_at", "cancelled_at"})


def max_length(column: str, table: type[ChipRow] | type[ChipEventRow]) -> int | None:
    column_type = table.__table__.c[column].type
    return column_type.length if isinstance(column_type, String) else None


def check_text(field: str, value: object, *, nullable: bool, table: type[ChipRow] | type[ChipEventRow]) -> None:
    # Checked here so both backends refuse the same values (SQLite would store any length).
    if value is None:
        if not nullable:
            raise ValueError(f"{field} is required")
        return
    if not isinstance(value, str):
        raise ValueError(f"{field} must be a string, not {type(value).__name__}")
    if "\x00" in value:
        raise ValueError(f"{field} contains a NUL character, which PostgreSQL cannot store")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        # A lone UTF-16 surrogate: neither driver can encode it (both would raise from inside the statement).
        raise ValueError(f"{field} contains text that cannot be stored (a lone surrogate at {exc.start})") from exc
    limit = max_length(field, table)
    if limit is not None and len(value) > limit:
        raise ValueError(f"{field} is longer than {limit} characters")


def chip_from_row(row: Row[Any]) -> Chip:
    """A chip from a row of the repository's chip query (columns in the dataclass's field order)."""
    (chip_id, phone, instance_name, display_name, status, connected, state, *rest) = row
    return Chip(
        chip_id,
        phone,
        instance_name,
        display_name,
        ChipStatus(status),
        bool(connected),
        ConnectionState.parse(state),
        *rest,
    )


def event_from_row(row: ChipEventRow) -> ChipEvent:
    return ChipEvent(
        id=row.id,
        chip_id=row.chip_id,
        at=row.at,
        os_user=row.os_user,
        host=row.host,
        action=row.action,
        status_before=ChipStatus(row.status_before) if row.status_before is not None else None,
        status_after=ChipStatus(row.status_after) if row.status_after is not None else None,
        details=row.details,
    )


def coerce_update(fields: Mapping[str, object]) -> dict[str, Any]:
    """Validate ``update_chip`` keyword fields and turn them into column values."""
    unknown = set(fields) - MUTABLE_FIELDS
    if unknown:
        raise ValueError(f"cannot update {', '.join(sorted(unknown))}: allowed are {', '.join(sorted(MUTABLE_FIELDS))}")
    values: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "status":
            if not isinstance(value, str):
                raise ValueError(f"status must be a ChipStatus, not {value!r}")
            values[name] = ChipStatus(value).value
        elif name == "connection_state":
            if not isinstance(value, str):
                raise ValueError(f"connection_state must be a ConnectionState, not {value!r}")
            values[name] = ConnectionState(value).value
        elif name == "evolution_connected":
            if not isinstance(value, bool):
                raise ValueError(f"evolution_connected must be a bool, not {value!r}")
            values[name] = value
        elif name == "disconnect_reason_code":
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise ValueError(f"disconnect_reason_code must be an int or None, not {value!r}")
            values[name] = value
        elif name in _TIMESTAMP_FIELDS:
            if value is not None and not (isinstance(value, datetime) and value.tzinfo is not None):
                raise ValueError(f"{name} must be a timezone-aware datetime or None, not {value!r}")
            values[name] = value
        else:
            check_text(name, value, nullable=True, table=ChipRow)
            values[name] = value
    return values


def status_value(value: ChipStatus | str | None) -> str | None:
    return None if value is None else ChipStatus(value).value


def check_actor(actor: Actor) -> None:
    check_text("os_user", actor.os_user, nullable=False, table=ChipEventRow)
    check_text("host", actor.host, nullable=False, table=ChipEventRow)
