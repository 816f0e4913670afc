"""What the chips table's filters and summary count: a chip's category bits, its search text, the filter values.

Computed once per chip when the chips arrive, so a keystroke in the search box or a change of the status filter is
a loop over plain strings and integers.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from evodesk.domain import Chip, ChipStatus, ConnectionState

# Per-row category bits, computed once per chip so the status filter is a single AND.
BIT_CONNECTED = 1
BIT_ATTENTION = 2
BIT_PENDING = 4
BIT_WARMING = 8
BIT_ACTIVE = 16
BIT_CANCELLED = 32

_ATTENTION_STATES = frozenset({ConnectionState.CLOSE, ConnectionState.REFUSED, ConnectionState.UNKNOWN})
_STATUS_BITS = {
    ChipStatus.PENDING: BIT_PENDING,
    ChipStatus.WARMING: BIT_WARMING,
    ChipStatus.ACTIVE: BIT_ACTIVE,
    ChipStatus.CANCELLED: BIT_CANCELLED,
}
# What a search for a phone may contain besides digits; anything else is searched as text.
PHONE_QUERY = re.compile(r"^[\d\s()+.\-/]+$")


class StatusFilter(enum.StrEnum):
    """Values of the status filter combo box."""

    ALL = "all"
    CONNECTED = "connected"
    ATTENTION = "attention"
    PENDING = "pending"
    WARMING = "warming"
    ACTIVE = "active"
    CANCELLED = "cancelled"


FILTER_MASKS = {
    StatusFilter.CONNECTED: BIT_CONNECTED,
    StatusFilter.ATTENTION: BIT_ATTENTION,
    StatusFilter.PENDING: BIT_PENDING,
    StatusFilter.WARMING: BIT_WARMING,
    StatusFilter.ACTIVE: BIT_ACTIVE,
    StatusFilter.CANCELLED: BIT_CANCELLED,
}


def chip_flags(chip: Chip) -> int:
    """The category bits of a chip: cancelled chips are in no other category."""
    if chip.status is ChipStatus.CANCELLED:
        return BIT_CANCELLED
    flags = _STATUS_BITS[chip.status]
    if chip.connection_state is ConnectionState.OPEN:
        flags |= BIT_CONNECTED
    elif chip.connection_state in _ATTENTION_STATES:
        flags |= BIT_ATTENTION
    return flags


def search_key(chip: Chip) -> str:
    """Lower-case text a search matches against: phone digits, instance, profile and display name."""
    return "\n".join(
        (chip.phone, chip.instance_name.lower(), (chip.profile_name or "").lower(), (chip.display_name or "").lower())
    )


@dataclass(frozen=True, slots=True)
class FleetSummary:
    """Counts for the summary line; cancelled chips count only in ``cancelled``."""

    total: int = 0
    connected: int = 0
    attention: int = 0
    pending: int = 0
    warming: int = 0
    active: int = 0
    cancelled: int = 0
