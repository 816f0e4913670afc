"""Audit trail queries: which events the operator asked to see, with the chips they are about.

Runs on the database worker (``InstanceManager.audit``); the results are frozen values the window shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from evodesk.domain import Chip, ChipEvent

if TYPE_CHECKING:
    # Only a type here: the store's module would load SQLAlchemy with the window.
    from evodesk.store import Store

# Most events shown (and exported) at once; narrowing the dates reaches older ones.
AUDIT_LIMIT = 5000
# Chips matched by the chip filter that are still read one query each; more than that reads by date and filters.
_PER_CHIP_QUERIES = 50
# A filter typed as a phone (digits and formatting only) is matched against the phone digits.
_PHONE_QUERY = re.compile(r"^[\d\s()+.\-/]+$")


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What the operator asked to see. ``until`` is exclusive; empty texts mean "any"."""

    chip_text: str = ""
    os_user: str = ""
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One event with the chip it is about (None for an instance no chip knows)."""

    event: ChipEvent
    chip: Chip | None


@dataclass(frozen=True, slots=True)
class AuditPage:
    """The events found, newest first, and whether there were more than the limit."""

    rows: tuple[AuditRow, ...]
    truncated: bool
    users: tuple[str, ...] = ()


def chip_matches(chip: Chip, text: str) -> bool:
    """Whether the chip filter ``text`` matches a chip: phone digits, instance, profile or display name."""
    needle = text.strip().lower()
    if not needle:
        return True
    if _PHONE_QUERY.match(needle):
        digits = "".join(ch for ch in needle if ch.isdigit())
        return bool(digits) and digits in chip.phone
    haystack = (chip.instance_name, chip.profile_name or "", chip.display_name or "")
    return any(needle in value.lower() for value in haystack)


def load_audit(store: Store, wanted: AuditFilter, limit: int = AUDIT_LIMIT) -> AuditPage:
    """Read the events ``wanted`` asks for (runs on the database worker)."""
    chips = {chip.id: chip for chip in store.list_chips(include_cancelled=True)}
    user = wanted.os_user.strip() or None
    query: dict[str, Any] = {"os_user": user, "since": wanted.since, "until": wanted.until}
    events: list[ChipEvent]
    if wanted.chip_text.strip():
        matched = [chip_id for chip_id, chip in chips.items() if chip_matches(chip, wanted.chip_text)]
        if not matched:
            return AuditPage((), False)
        if len(matched) <= _PER_CHIP_QUERIES:
            events = []
            for chip_id in matched:
                events.extend(store.list_events(chip_id=chip_id, limit=limit + 1, **query))
        else:
            wanted_ids = set(matched)
            events = [e for e in store.list_events(**query) if e.chip_id in wanted_ids]
        events.sort(key=lambda event: (event.at, event.id), reverse=True)
    else:
        events = store.list_events(limit=limit + 1, **query)
    truncated = len(events) > limit
    events = events[:limit]
    rows = tuple(AuditRow(event, chips.get(event.chip_id) if event.chip_id is not None else None) for event in events)
    return AuditPage(rows, truncated, tuple(sorted({event.os_user for event in events})))
