"""``InstanceManager``: the operator's use-cases, combining the Evolution client and the chips store.

Every method is synchronous and safe to call from a worker thread. Operator actions write an audit event.
Actions that change a chip take an optional ``expected_version``: the version the operator was looking at. When
someone else changed the chip since, ``ChipConflict`` is raised *before* the server is touched. Once the server
has acted, its outcome is always recorded, re-reading the chip if another writer got in between: the server's
truth is never dropped because of a version race.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from evodesk.domain import (
    Actor,
    Chip,
    ChipStatus,
    ConnectionState,
    InstanceInfo,
    PollResult,
    QrDialogState,
    ServerInfo,
    SyncReport,
)
from evodesk.evolution import (
    BreakerStatus,
    EvolutionError,
    EvolutionRequestError,
    InstanceNotConnected,
    InstanceNotFound,
)
from evodesk.services.actor import current_actor
from evodesk.services.audit import AUDIT_LIMIT, AuditFilter, AuditPage, load_audit
from evodesk.services.batch import BatchCheck, check_batch
from evodesk.services.chip_settings import ChipSettingsService
from evodesk.services.creating import Creating
from evodesk.services.errors import (
    ActionNotRecorded,
    ChipCancelled,
    NotConnectedForRestart,
)
from evodesk.services.journal import CreateJournal
from evodesk.services.qr import HINT_NOT_LOADED, HINT_QR_LIMIT, NextCall, QrPolicy, QrSessions
from evodesk.services.sync import QR_LIMIT_REASON, describe_changes, sync_fields, sync_fleet
from evodesk.store.errors import ChipConflict, StoreError

if TYPE_CHECKING:
    # Only types here: the store's module would load SQLAlchemy and the client's httpx with the window.
    from evodesk.evolution import EvolutionClient
    from evodesk.store import Store

log = logging.getLogger("evodesk.services")

_WRITE_RETRIES = 5
# Chips written per transaction by a refresh: one transaction for the lot would hold SQLite's write lock (and
# keep every other writer waiting) for as long as thousands of rows take; one per chip costs a commit each.
_SYNC_BATCH = 500


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class DatabaseInfo:
    """Which database the chips are in: ``kind`` is ``"sqlite"`` or ``"postgresql"``; ``url`` has no password."""

    kind: str
    url: str

    @property
    def label(self) -> str:
        """The product name, as the status bar shows it."""
        return "PostgreSQL" if self.kind == "postgresql" else "SQLite"


class InstanceManager(Creating):
    """Create, connect, poll, disconnect, reconnect, restart, delete and sync chips."""

    def __init__(
        self,
        client: EvolutionClient,
        store: Store,
        *,
        actor: Actor | None = None,
        policy: QrPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = _utcnow,
        journal: CreateJournal | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.journal = journal
        self.actor = actor or current_actor()
        self.policy = policy or QrPolicy()
        self._now = now
        self.sessions = QrSessions(self.policy, clock)
        self._chip_settings: ChipSettingsService | None = None
        # Socket.IO events a new instance subscribes to in its create call (set while live events are on).
        self.websocket_events: tuple[str, ...] = ()
        # Told (action, instance name) when the operator acts on a chip, before the server is asked (the live
        # event consumer must not report the operator's own disconnect as a drop), and "qr_shown" once a QR
        # dialog's first answer is in (the server has just emitted for that instance).
        self.action_listeners: list[Callable[[str, str], None]] = []

    def _announce(self, action: str, instance_name: str) -> None:
        for listener in list(self.action_listeners):
            try:
                listener(action, instance_name)
            except Exception:  # a listener's defect must not stop the operator's action
                log.exception("action listener failed")

    # -- QR dialog -------------------------------------------------------------------------------------

    def qr_code(self, chip_id: int) -> PollResult:
        """Start a fresh QR session for the chip's dialog and fetch its current QR (or state)."""
        chip = self._live_chip(chip_id)
        self.sessions.begin(chip_id)
        result = self.sessions.timed(chip_id, self._connect_once(chip))
        # The server has just emitted for this instance (a connect opens a socket): its namespace exists now.
        self._announce("qr_shown", chip.instance_name)
        return result

    def poll(self, chip_id: int) -> PollResult:
        """One poll of an open QR dialog: exactly one request in the normal case, none once the deadline passed.

        Returns the state to show (QR, waiting, connected, expired, refused, error), the QR to display and the
        session's timing (``PollResult.session_age``, ``qr_age``). Server errors become an ``ERROR`` result
        carrying the message, so the dialog can offer a retry.
        """
        return self.sessions.timed(chip_id, self._poll(chip_id))

    def _poll(self, chip_id: int) -> PollResult:
        chip = self._live_chip(chip_id)
        call = self.sessions.next_call(chip_id)
        if call is None:
            return self.sessions.expired(chip_id)
        try:
            state = None if call is NextCall.CONNECT else self.client.connection_state(chip.instance_name)
        except EvolutionError as exc:
            return self._poll_error(chip, exc)
        result = None if state is None else self.sessions.on_state(chip_id, state)
        if result is None:
            # the usual poll, or close / connecting without a QR held yet after a connectionState
            result = self._connect_once(chip)
        if result.state is QrDialogState.CONNECTED:
            return result if result.chip is not None else replace(result, chip=self._mark_connected(chip_id))
        if result.state is QrDialogState.REFUSED:
            limit = result.message == HINT_QR_LIMIT
            self._write(
                chip_id,
                action="qr_refused",
                details=result.message,
                fields=lambda _c: {
                    "connection_state": ConnectionState.CLOSE,
                    "evolution_connected": False,
                    # The `refused` event's statusReason: the refresh keeps trusting connectionState over
                    # fetchInstances for this chip (its stored status stays `connecting`, section 5).
                    "disconnect_reason_code": QR_LIMIT_REASON if limit else None,
                },
            )
        return result

    def close_qr(self, chip_id: int) -> None:
        """The dialog was closed: stop tracking it. The chip stays as it is (``pending`` if never connected)."""
        self.sessions.end(chip_id)

    def _connect_once(self, chip: Chip, *, number: str | None = None) -> PollResult:
        try:
            answer = self.client.connect(chip.instance_name, number=number)
        except EvolutionError as exc:
            return self._poll_error(chip, exc)
        if isinstance(answer, ConnectionState):
            if answer is ConnectionState.OPEN:
                self.sessions.end(chip.id)
                return PollResult(QrDialogState.CONNECTED, chip=self._mark_connected(chip.id))
            result = self.sessions.on_state(chip.id, answer)
            return result or PollResult(QrDialogState.WAITING_FOR_QR)
        return self.sessions.on_qr(chip.id, answer)

    def _poll_error(self, chip: Chip, exc: EvolutionError) -> PollResult:
        if isinstance(exc, InstanceNotFound):
            message = f"instance {chip.instance_name!r} no longer exists on the server"
        elif isinstance(exc, EvolutionRequestError):
            # connect's HTTP 200 {"error": true}: the instance is known but not loaded (server restarted). Its
            # message is "[object Object]": the hint says what it means instead.
            return PollResult(QrDialogState.ERROR, qr=self.sessions.get(chip.id).qr, message=HINT_NOT_LOADED)
        else:
            message = str(exc)
        return PollResult(QrDialogState.ERROR, qr=self.sessions.get(chip.id).qr, message=message, error=exc)

    # -- operator actions ------------------------------------------------------------------------------

    def disconnect(self, chip_id: int, *, expected_version: int | None = None) -> Chip:
        """Log the WhatsApp session out (the instance stays); "not connected" and 404 count as done."""
        chip = self._live_chip(chip_id, expected_version)
        self._announce("disconnect", chip.instance_name)
        with contextlib.suppress(InstanceNotConnected, InstanceNotFound):
            self.client.logout(chip.instance_name)
        self.sessions.end(chip_id)
        with _recording("disconnect", chip.instance_name):
            return self._write(
                chip_id,
                action="disconnect",
                fields=lambda _c: {
                    "evolution_connected": False,
                    "status": ChipStatus.PENDING,
                    "connection_state": ConnectionState.CLOSE,
                    "disconnected_at": self._now(),
                    "disconnect_reason_code": None,
                },
            )

    def reconnect(self, chip_id: int, *, expected_version: int | None = None, number: str | None = None) -> PollResult:
        """Ask the server for a new QR (recreating the instance if it is gone) and start a QR session.

        ``number`` asks for a pairing code as well (only honoured by the server from ``close``).
        """
        chip = self._live_chip(chip_id, expected_version)
        self._announce("reconnect", chip.instance_name)
        self.sessions.begin(chip_id)
        try:
            result = self._connect_or_recreate(chip, number)
        except EvolutionError as exc:
            result = self._poll_error(chip, exc)
        self._announce("qr_shown", chip.instance_name)
        # Recorded once the attempt was made (a server error included); not when the chip was deleted meanwhile.
        self.store.record_event(
            chip_id=chip_id,
            actor=self.actor,
            action="reconnect",
            status_before=chip.status,
            status_after=chip.status,
        )
        return self.sessions.timed(chip_id, result)

    def _connect_or_recreate(self, chip: Chip, number: str | None) -> PollResult:
        try:
            answer = self.client.connect(chip.instance_name, number=number)
        except InstanceNotFound:
            # Another operator's delete also removes the instance: never bring back a deleted chip's instance.
            self._live_chip(chip.id)
            log.warning("instance %s is gone from the server; creating it again", chip.instance_name)
            created = self.client.create_instance(chip.instance_name, number=number, qrcode=True)
            try:
                self._record_connection(chip.id, created.state, action="recreate")
            except ChipCancelled:
                self._try_delete_on_server(chip.instance_name)
                raise
            if created.qr is None:
                return PollResult(QrDialogState.WAITING_FOR_QR)
            return self.sessions.on_qr(chip.id, created.qr)
        if isinstance(answer, ConnectionState):
            if answer is ConnectionState.OPEN:
                self.sessions.end(chip.id)
                return PollResult(QrDialogState.CONNECTED, chip=self._mark_connected(chip.id))
            return self.sessions.on_state(chip.id, answer) or PollResult(QrDialogState.WAITING_FOR_QR)
        return self.sessions.on_qr(chip.id, answer)

    def restart(self, chip_id: int) -> Chip:
        """Recycle the WhatsApp socket of a connected instance."""
        chip = self._live_chip(chip_id)
        self._announce("restart", chip.instance_name)
        try:
            self.client.restart(chip.instance_name)
        except EvolutionRequestError as exc:
            raise NotConnectedForRestart(
                f"{chip.instance_name!r} cannot be restarted: it is not connected ({exc.server_message})",
                instance_name=chip.instance_name,
            ) from exc
        with _recording("restart", chip.instance_name):
            self.store.record_event(
                chip_id=chip_id,
                actor=self.actor,
                action="restart",
                status_before=chip.status,
                status_after=chip.status,
            )
            return self.store.get_chip(chip_id)

    def delete(self, chip_id: int, *, expected_version: int | None = None) -> Chip:
        """Delete the instance on the server (404 = already gone) and mark the chip ``cancelled``.

        A live session is logged out first, ignoring its errors: on Evolution 2.3.7 a delete whose nested
        logout fails leaves the instance in place.
        """
        chip = self._live_chip(chip_id, expected_version)
        self._announce("delete", chip.instance_name)
        if chip.connection_state in (ConnectionState.OPEN, ConnectionState.CONNECTING):
            try:
                self.client.logout(chip.instance_name)
            except EvolutionError as exc:
                log.info("logout before delete of %s failed (ignored): %s", chip.instance_name, exc)
        with contextlib.suppress(InstanceNotFound):
            self.client.delete(chip.instance_name)
        self.sessions.end(chip_id)
        now = self._now()
        with _recording("delete", chip.instance_name):
            return self._write(
                chip_id,
                action="delete",
                fields=lambda _c: {
                    "status": ChipStatus.CANCELLED,
                    "cancelled_at": now,
                    "evolution_connected": False,
                    "connection_state": ConnectionState.CLOSE,
                },
            )

    def check_connection(self, chip_id: int) -> Chip:
        """Ask the server for the chip's live state (``connectionState``) and record it.

        ``fetchInstances`` reports the state the server last saved, which can still say ``open`` for a session
        that has gone ("ghost connected", e.g. after a server restart); ``connectionState`` reads the live
        session. Raises ``InstanceNotFound`` when the instance is gone from the server.
        """
        chip = self._live_chip(chip_id)
        state = self.client.connection_state(chip.instance_name)
        return self._record_connection(
            chip_id, state, action="check_connection", details=f"connectionState answered {state.value}"
        )

    def refresh_chip(self, chip_id: int, *, action: str = "check_connection") -> tuple[Chip, Chip]:
        """Re-read one chip from the server and record it: (the row before, the row after).

        The live state comes from ``connectionState`` (``fetchInstances`` may still say ``open`` for a session
        that has gone); the reason, owner and profile from the instance's ``fetchInstances`` row when the server
        has it loaded. Connected counts as in a poll: ``pending`` → ``warming``, ``connected_at``. Audited as
        ``check_connection`` (the audit view words it "Live state checked"), or ``connected``.
        """
        before = self._live_chip(chip_id)
        state = self.client.connection_state(before.instance_name)
        if state is ConnectionState.OPEN:
            return before, self._mark_connected(chip_id)
        info: InstanceInfo | None = None
        try:
            rows = self.client.fetch_instances(before.instance_name)
            info = next((row for row in rows if row.name == before.instance_name), None)
        except InstanceNotFound:
            info = None  # not loaded since a server restart: the live state is all there is
        if info is not None:
            info = dataclasses.replace(info, state=state)
        after = self._write(
            chip_id,
            action=action,
            fields=lambda fresh: (
                sync_fields(fresh, info, self._now)
                if info is not None
                else {
                    key: value
                    for key, value in (("connection_state", state), ("evolution_connected", False))
                    if getattr(fresh, key) != value
                }
            ),
        )
        return before, after

    # -- drift repair ----------------------------------------------------------------------------------

    def mark_cancelled(self, chip_id: int, *, expected_version: int | None = None) -> Chip:
        """A chip whose instance is gone from the server: keep it for history as ``cancelled``."""
        self._live_chip(chip_id, expected_version)
        now = self._now()
        return self._write(
            chip_id,
            action="mark_cancelled",
            details="instance no longer on the server",
            fields=lambda _c: {
                "status": ChipStatus.CANCELLED,
                "cancelled_at": now,
                "evolution_connected": False,
                "connection_state": ConnectionState.CLOSE,
            },
        )

    # -- business status -------------------------------------------------------------------------------

    def set_status(self, chip_id: int, status: ChipStatus, *, expected_version: int) -> Chip:
        """The operator moves a chip between pending, warming and active, over the version they saw.

        A change meanwhile (the warm-up process, another operator, a refresh) raises ``ChipConflict`` and writes
        nothing. Cancelled is reached by deleting a chip, never set here.
        """
        wanted = ChipStatus(status)
        if wanted is ChipStatus.CANCELLED:
            raise ValueError("a chip is cancelled by deleting it, not by setting its status")
        chip = self._live_chip(chip_id, expected_version)
        if chip.status is wanted:
            return chip
        return self.store.update_chip(
            chip_id,
            expected_version=expected_version,
            actor=self.actor,
            action="set_status",
            details=f"status: {chip.status.value} → {wanted.value}",
            status=wanted,
        )

    # -- fleet refresh ---------------------------------------------------------------------------------

    def sync(self) -> SyncReport:
        """One ``fetchInstances`` call; update every chip's connection fields and report drift.

        Business ``status`` is left alone, except ``pending`` → ``warming`` when a chip is found connected:
        another system may have moved it to ``active`` and a refresh must never undo that.
        """
        return sync_fleet(
            self.client, self.store, actor=self.actor, now=self._now, write=self._write, batch=_SYNC_BATCH
        )

    # -- what the window needs besides the use-cases ---------------------------------------------------

    def health(self) -> BreakerStatus:
        """The server connection's health: the circuit breaker's state and when it lets the next call through."""
        return self.client.breaker.status()

    def retry_now(self) -> None:
        """Forget the circuit breaker's wait: the next call goes to the server even if it was failing."""
        self.client.breaker.reset()

    def database(self) -> DatabaseInfo:
        """Which database the chips are in (its password masked), for the status bar."""
        return DatabaseInfo(kind=self.store.backend, url=self.store.url)

    def server_info(self) -> ServerInfo:
        """The server's version (``GET /``, no key needed)."""
        return self.client.server_info()

    def list_chips(self, *, include_cancelled: bool = True) -> list[Chip]:
        """Every chip in the database, as it is now (no server call)."""
        return self.store.list_chips(include_cancelled=include_cancelled)

    def server_state(self, instance_name: str) -> ConnectionState:
        """What the server says about one instance now, recording nothing; ``InstanceNotFound`` when it has none."""
        return self.client.connection_state(instance_name)

    def audit(self, wanted: AuditFilter, limit: int = AUDIT_LIMIT) -> AuditPage:
        """The audit events ``wanted`` asks for, newest first, with the chips they are about."""
        return load_audit(self.store, wanted, limit)

    def check_numbers(self, text: str) -> BatchCheck:
        """Check a pasted list of numbers against itself and the chips that are not cancelled."""
        chips = self.store.list_chips(include_cancelled=False)
        return check_batch(
            text,
            known_phones={chip.phone: chip.instance_name for chip in chips},
            known_names=[chip.instance_name for chip in chips],
        )

    def chip_settings(self) -> ChipSettingsService:
        """Settings, proxy and profile of this server's chips, recorded under this manager's operator."""
        if self._chip_settings is None:
            self._chip_settings = ChipSettingsService(self.client, self.store, actor=self.actor)
        return self._chip_settings

    def close(self) -> None:
        """Close the client's connections and the database's; the manager cannot be used afterwards."""
        self.client.close()
        self.store.close()

    # -- helpers ---------------------------------------------------------------------------------------

    def _live_chip(self, chip_id: int, expected_version: int | None = None) -> Chip:
        chip = self.store.get_chip(chip_id)
        if chip.is_cancelled:
            raise ChipCancelled(f"chip {chip.instance_name!r} was deleted", instance_name=chip.instance_name)
        if expected_version is not None and chip.version != expected_version:
            raise ChipConflict(
                f"chip {chip.instance_name!r} was changed by someone else (version {chip.version}, "
                f"expected {expected_version}); review it and try again",
                chip_id=chip_id,
                expected_version=expected_version,
                actual_version=chip.version,
            )
        return chip

    def _mark_connected(self, chip_id: int) -> Chip:
        """Connected: ``evolution_connected``, ``connected_at``; ``pending`` → ``warming`` (others keep).

        One ``fetchInstances`` for this instance records the profile name and owner right away; if it fails,
        the next fleet refresh fills them in.
        """
        self.sessions.end(chip_id)
        now = self._now()
        profile: InstanceInfo | None = None
        try:
            name = self.store.get_chip(chip_id).instance_name
            profile = next((i for i in self.client.fetch_instances(name) if i.name == name), None)
        except EvolutionError as exc:
            log.info("profile of chip %d not fetched yet: %s", chip_id, exc)

        def fields(chip: Chip) -> dict[str, object]:
            wanted: dict[str, object] = {
                "evolution_connected": True,
                "connection_state": ConnectionState.OPEN,
                "disconnect_reason_code": None,
            }
            if not chip.evolution_connected or chip.connected_at is None:
                wanted["connected_at"] = now
            if chip.status is ChipStatus.PENDING:
                wanted["status"] = ChipStatus.WARMING
            if profile is not None:
                if profile.profile_name:
                    wanted["profile_name"] = profile.profile_name
                if profile.owner_jid:
                    wanted["owner_jid"] = profile.owner_jid
            return {key: value for key, value in wanted.items() if getattr(chip, key) != value}

        return self._write(chip_id, action="connected", fields=fields)

    def _record_connection(
        self, chip_id: int, state: ConnectionState, *, action: str, details: str | None = None
    ) -> Chip:
        return self._write(
            chip_id,
            action=action,
            details=details,
            fields=lambda _c: {
                "connection_state": state,
                "evolution_connected": state is ConnectionState.OPEN,
            },
        )

    def _write(
        self,
        chip_id: int,
        *,
        action: str,
        fields: Callable[[Chip], Mapping[str, object]],
        details: str | None = None,
        current: Chip | None = None,
    ) -> Chip:
        """Apply ``fields(fresh_chip)`` with optimistic locking, re-reading on conflict.

        Used after the server has acted: the outcome must be recorded, computed from the freshest row so a
        concurrent writer's changes (e.g. ``active`` set by the warm-up process) are kept.
        """
        last: ChipConflict | None = None
        for attempt in range(_WRITE_RETRIES):
            # A caller that has just read the row (sync) saves one query per chip on the first attempt.
            fresh = current if attempt == 0 and current is not None else self.store.get_chip(chip_id)
            if fresh.is_cancelled:
                # Deleted by someone else since the caller checked: writing now would undo that delete (a
                # disconnect would set it back to pending) or record it twice.
                raise ChipCancelled(
                    f"chip {fresh.instance_name!r} was deleted meanwhile", instance_name=fresh.instance_name
                )
            changes = dict(fields(fresh))
            if not changes:
                return fresh
            try:
                return self.store.update_chip(
                    chip_id,
                    expected_version=fresh.version,
                    actor=self.actor,
                    action=action,
                    # Every event says what it changed; a caller's own words come first.
                    details="; ".join(filter(None, (details, describe_changes(fresh, changes)))) or None,
                    **changes,
                )
            except ChipConflict as exc:
                last = exc
        assert last is not None
        raise last


@contextlib.contextmanager
def _recording(action: str, instance_name: str) -> Iterator[None]:
    """Around the database write that follows a server action: a failure there becomes ``ActionNotRecorded``.

    The server has already acted, so the operator must learn that the database is behind, not that the action
    failed (a retry of a delete would find nothing to delete).
    """
    try:
        yield
    except StoreError as exc:
        log.error("%s of %s done on the server but not recorded: %s", action, instance_name, exc)
        raise ActionNotRecorded(
            f"{action} of {instance_name!r} was done on the server but the database could not record it: {exc}",
            action=action,
            instance_name=instance_name,
        ) from exc
