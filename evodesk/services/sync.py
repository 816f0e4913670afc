"""The fleet refresh: one ``fetchInstances`` call, every chip's connection fields brought up to date, drift reported.

Business ``status`` is left alone, except ``pending`` → ``warming`` when a chip is found connected: another system
may have moved it to ``active`` and a refresh must never undo that. ``InstanceManager.sync`` is the entry point.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from evodesk.domain import Actor, Chip, ChipChange, ChipStatus, ConnectionState, InstanceInfo, SyncReport
from evodesk.evolution import EvolutionError
from evodesk.services.errors import ChipCancelled
from evodesk.store.errors import ChipNotFound, StoreError, StoreUnavailable

if TYPE_CHECKING:
    # Only types here: the store's module would load SQLAlchemy and the client's httpx with the window.
    from evodesk.evolution import EvolutionClient
    from evodesk.store import Store

log = logging.getLogger(__name__)

# The `refused` event's statusReason (evolution-api.md section 6.2), stored when a QR dialog saw the QR limit.
QR_LIMIT_REASON = 428
# What the server stores for an API logout as well as for a phone unlinking the device.
LOGGED_OUT = 401


class WriteOutcome(Protocol):
    """``InstanceManager._write``: apply fields computed from the freshest row, re-reading on conflict."""

    def __call__(self, chip_id: int, *, action: str, fields: Callable[[Chip], Mapping[str, object]]) -> Chip: ...


def sync_fleet(
    client: EvolutionClient,
    store: Store,
    *,
    actor: Actor,
    now: Callable[[], datetime],
    write: WriteOutcome,
    batch: int,
) -> SyncReport:
    """Refresh every chip from one ``fetchInstances`` answer; chips are written ``batch`` per transaction."""
    instances = client.fetch_instances()
    by_name: dict[str, InstanceInfo] = {info.name: info for info in instances}
    by_lower: dict[str, InstanceInfo] = {info.name.lower(): info for info in instances}
    chips = store.list_chips(include_cancelled=False)
    known = {chip.instance_name.lower() for chip in chips}
    changes: list[ChipChange] = []
    missing: list[Chip] = []
    dropped: list[Chip] = []
    writes: list[tuple[Chip, InstanceInfo, dict[str, object]]] = []
    unwritten: list[Chip] = []
    for chip in chips:
        info = by_name.get(chip.instance_name) or by_lower.get(chip.instance_name.lower())
        if info is None:
            missing.append(chip)
            continue
        info = _live_state(client, chip, info)
        fields = sync_fields(chip, info, now)
        if fields and not _echo_only(chip, fields):
            writes.append((chip, info, fields))
    # A connected chip the server now reports otherwise is recorded as a drop, the others as a refresh.
    drops = [write for write in writes if _is_drop(write[0], write[2])]
    parts = [(DROP, drops[first : first + batch]) for first in range(0, len(drops), batch)]
    rest = [write for write in writes if not _is_drop(write[0], write[2])]
    parts += [("sync", rest[first : first + batch]) for first in range(0, len(rest), batch)]
    for action, part in parts:
        # Each chip is written from the row just read, as write's first attempt would be, but many per
        # transaction; a chip someone else changed meanwhile comes back as a conflict and goes through write.
        try:
            written = store.update_chips(
                [(chip.id, chip.version, fields) for chip, _info, fields in part],
                actor=actor,
                action=action,
                details_by_chip={chip.id: describe_changes(chip, fields) for chip, _info, fields in part},
            )
            updated_by_id = {updated.id: updated for updated in written.chips}
        except (StoreUnavailable, ChipNotFound):
            raise
        except (StoreError, ValueError) as exc:
            # One chip's value refused (by the store's checks or the database) would sink the whole batch:
            # write them one at a time instead, so only that chip keeps its old values.
            log.warning("refresh: a batch of %d chips was refused (%s); writing them one at a time", len(part), exc)
            updated_by_id = {}
        for chip, info, fields in part:
            updated = updated_by_id.get(chip.id)
            if updated is None:
                try:
                    updated = write(
                        chip.id,
                        action=action,
                        fields=lambda fresh, info=info: sync_fields(fresh, info, now),  # type: ignore[misc]
                    )
                except ChipCancelled:
                    continue  # deleted while this refresh ran: it is history now, not drift
                except (StoreUnavailable, ChipNotFound):
                    raise
                except (StoreError, ValueError) as exc:
                    log.warning("refresh: chip %d (%s) not updated: %s", chip.id, chip.instance_name, exc)
                    unwritten.append(chip)
                    continue
            for key, value in fields.items():
                changes.append(
                    ChipChange(
                        chip_id=chip.id,
                        instance_name=chip.instance_name,
                        field=key,
                        old=_text(getattr(chip, key)),
                        new=_text(value),
                    )
                )
            was_open = chip.connection_state is ConnectionState.OPEN
            if was_open and updated.connection_state is not ConnectionState.OPEN:
                dropped.append(updated)
    unknown = tuple(info for info in instances if info.name.lower() not in known)
    return SyncReport(
        at=now(),
        chips=tuple(store.list_chips(include_cancelled=True)),
        changes=tuple(changes),
        unknown_instances=unknown,
        missing_instances=tuple(missing),
        dropped=tuple(dropped),
        unwritten=tuple(unwritten),
    )


def _live_state(client: EvolutionClient, chip: Chip, info: InstanceInfo) -> InstanceInfo:
    """``info`` with connectionState's live state for a chip a QR dialog saw refused.

    After the QR limit the server's memory says ``close`` while the stored status that fetchInstances reports
    stays ``connecting`` (evolution-api.md section 5); one connectionState request settles it for such a chip.
    """
    refused = chip.connection_state is ConnectionState.CLOSE and chip.disconnect_reason_code == QR_LIMIT_REASON
    if not refused or info.state is not ConnectionState.CONNECTING:
        return info
    try:
        live = client.connection_state(chip.instance_name)
    except EvolutionError as exc:
        log.warning("refresh: connectionState of %s failed (%s); keeping it closed", chip.instance_name, exc)
        live = ConnectionState.CLOSE
    if live is ConnectionState.CLOSE:
        return replace(info, state=ConnectionState.CLOSE, disconnect_reason_code=QR_LIMIT_REASON)
    return info


# The audit action of a connected chip found disconnected by a refresh.
DROP = "drop"
# What an event's details record, in this order: the status has columns of its own in the trail, timestamps and
# the flags derived from the state say nothing more.
_DESCRIBED = ("connection_state", "disconnect_reason_code", "profile_name", "owner_jid")


def describe_changes(chip: Chip, fields: Mapping[str, object]) -> str | None:
    """``connection_state: open → close; disconnect_reason_code: (none) → 401``: what a refresh changed."""
    parts = [
        f"{name}: {_shown(getattr(chip, name))} → {_shown(fields[name])}"
        for name in _DESCRIBED
        if name in fields and fields[name] != getattr(chip, name)
    ]
    return "; ".join(parts) or None


def _is_drop(chip: Chip, fields: Mapping[str, object]) -> bool:
    was_open = chip.connection_state is ConnectionState.OPEN
    return was_open and fields.get("connection_state", ConnectionState.OPEN) is not ConnectionState.OPEN


def _echo_only(chip: Chip, fields: Mapping[str, object]) -> bool:
    """A change to a disconnected chip that moves neither its status, its state, its profile nor its account.

    After an operator's Disconnect (recorded by that action, with its time), the next refresh brings the
    server's reason code and time of the logout; writing them would add a "Pending → Pending" event for nothing
    the operator did, so the refresh leaves such a chip as it is.
    """
    if chip.connection_state is ConnectionState.OPEN:
        return False
    return fields.keys() <= {"disconnect_reason_code", "disconnected_at"}


def _shown(value: object) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, ConnectionState | ChipStatus):
        return value.value
    return str(value)


def sync_fields(chip: Chip, info: InstanceInfo, now: Callable[[], datetime]) -> dict[str, object]:
    """The fields of ``chip`` that differ from what the server reports in ``info``."""
    connected = info.state is ConnectionState.OPEN
    reason = info.disconnect_reason_code
    own_logout = (
        chip.connection_state is ConnectionState.CLOSE
        and chip.disconnect_reason_code is None
        and chip.disconnected_at is not None
        and info.state is ConnectionState.CLOSE
    )
    if own_logout and reason == LOGGED_OUT:
        # An operator's Disconnect recorded this close without a code; the server stores 401 for an API logout
        # as for a phone unlinking the device, and evodesk knows which one it was.
        reason = None
    wanted: dict[str, object] = {
        "connection_state": info.state,
        "evolution_connected": connected,
        "disconnect_reason_code": reason,
    }
    if info.profile_name is not None:
        wanted["profile_name"] = info.profile_name
    if info.owner_jid is not None:
        wanted["owner_jid"] = info.owner_jid
    if info.disconnected_at is not None and not (own_logout and reason is None):
        wanted["disconnected_at"] = info.disconnected_at
    if connected and not chip.evolution_connected:
        wanted["connected_at"] = now()
        if chip.status is ChipStatus.PENDING:
            wanted["status"] = ChipStatus.WARMING
    if connected:
        # A connected instance has no current disconnection to report.
        wanted["disconnect_reason_code"] = None
    return {key: value for key, value in wanted.items() if getattr(chip, key) != value}


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
