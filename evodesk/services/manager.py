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
import gc
import getpass
import logging
import socket
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from evodesk.domain import (
    Actor,
    Chip,
    ChipChange,
    ChipStatus,
    ConnectionState,
    InstanceInfo,
    PollResult,
    QrCode,
    QrDialogState,
    SyncReport,
)
from evodesk.evolution import (
    EvolutionError,
    EvolutionRequestError,
    InstanceNameTaken,
    InstanceNotConnected,
    InstanceNotFound,
)
from evodesk.services.errors import (
    ActionNotRecorded,
    ChipCancelled,
    DuplicateChipError,
    NameTakenOnServer,
    NotConnectedForRestart,
    OrphanedInstance,
)
from evodesk.services.journal import CreateJournal
from evodesk.services.qr import NextCall, QrPolicy, QrSessions
from evodesk.services.validation import default_instance_name, normalise_phone, validate_instance_name
from evodesk.store.errors import ChipConflict, DuplicateChip, StoreError

if TYPE_CHECKING:
    # Only types here: the store's module would load SQLAlchemy and the client's httpx with the window.
    from evodesk.evolution import EvolutionClient
    from evodesk.store import Store

log = logging.getLogger("evodesk.services")

_WRITE_RETRIES = 5
# Chips written per transaction by a refresh: one transaction for the lot would hold SQLite's write lock (and
# keep every other writer waiting) for as long as thousands of rows take; one per chip costs a commit each.
_SYNC_BATCH = 500


def current_actor() -> Actor:
    """The OS user and host of this process, for the audit trail."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers) and no USER variable
        user = "unknown"
    return Actor(os_user=user, host=socket.gethostname() or "unknown")


def _utcnow() -> datetime:
    return datetime.now(UTC)


class InstanceManager:
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

    # -- create ----------------------------------------------------------------------------------------

    def create(self, phone: str, name: str | None = None) -> tuple[Chip, QrCode | None]:
        """Validate, create the instance on the server, record the chip ``pending``; return it and its QR.

        Duplicates known to the database are refused before the server is called. If the database cannot
        record the chip, the instance is removed from the server again (``OrphanedInstance`` says whether
        that worked).
        """
        digits = normalise_phone(phone)
        instance_name = validate_instance_name(name) if name and name.strip() else default_instance_name(digits)
        self._refuse_duplicates(digits, instance_name)
        # An earlier attempt for the same name and phone that ended without an answer (a timeout) may have
        # created the instance after all; the journal still says so.
        unanswered = self.journal is not None and any(
            entry.instance_name == instance_name and entry.phone == digits for entry in self.journal.pending()
        )
        if self.journal is not None:
            self.journal.begin(instance_name, digits)
        try:
            # With the number the server also issues a pairing code, so the operator can choose either at once
            # (connect ignores ?number= while a QR is on offer: evolution-api.md section 3.2).
            self._announce("create", instance_name)
            if self.websocket_events:
                created = self.client.create_instance(
                    instance_name, number=digits, qrcode=True, websocket_events=self.websocket_events
                )
            else:
                created = self.client.create_instance(instance_name, number=digits, qrcode=True)
        except InstanceNameTaken as exc:
            if unanswered:
                recovered = self._finish_unanswered_create(instance_name, digits)
                if recovered is not None:
                    return recovered
            self._journal_done(instance_name)
            raise NameTakenOnServer(
                f"the server already has an instance named {instance_name!r} ({exc.server_message})",
                instance_name=instance_name,
            ) from exc
        except EvolutionError:
            # A timeout may hide a create that happened: keep the journal entry so the next start checks.
            if not self._journal_keeps(instance_name):
                self._journal_done(instance_name)
            raise
        try:
            chip = self.store.insert_chip(
                phone=digits,
                instance_name=instance_name,
                display_name=None,
                actor=self.actor,
                connection_state=created.state,
            )
        except StoreError as exc:
            error = self._compensate_create(instance_name, exc)
            if isinstance(error, OrphanedInstance) and not error.removed:
                raise error from exc  # journal entry kept: the next start adopts it
            self._journal_done(instance_name)
            raise error from exc
        self._journal_done(instance_name)
        qr = created.qr
        self.sessions.begin(chip.id)
        if qr is not None:
            self.sessions.on_qr(chip.id, qr)
        self._announce("qr_shown", instance_name)
        log.info("created instance %s for chip %d", instance_name, chip.id)
        return chip, qr

    def _finish_unanswered_create(self, instance_name: str, digits: str) -> tuple[Chip, QrCode | None] | None:
        """The retry of a create whose first attempt got no answer: the server made that instance, so record it.

        Returns None when the instance cannot be taken over (it is gone, or another chip claims it); the caller
        then reports the name as taken.
        """
        try:
            chip = self._record_existing(instance_name, digits, details="created by an earlier, unanswered attempt")
        except (InstanceNotFound, DuplicateChipError) as exc:
            log.warning("not taking over instance %s after an unanswered create: %s", instance_name, exc)
            return None
        self._journal_done(instance_name)
        self.sessions.begin(chip.id)
        qr: QrCode | None = None
        try:
            answer = self.client.connect(instance_name)
        except EvolutionError as exc:
            log.info("no QR yet for %s after taking it over: %s", instance_name, exc)
        else:
            if isinstance(answer, QrCode):
                qr = answer
                self.sessions.on_qr(chip.id, answer)
        log.info("recorded instance %s for chip %d after an unanswered create", instance_name, chip.id)
        return chip, qr

    def _refuse_duplicates(self, digits: str, instance_name: str) -> None:
        by_phone = self.store.find_chip(phone=digits)
        if by_phone is not None:
            raise DuplicateChipError(
                f"phone {digits} already belongs to chip {by_phone.instance_name!r}",
                field="phone",
                value=digits,
                chip_id=by_phone.id,
            )
        by_name = self.store.find_chip(instance_name=instance_name)
        if by_name is not None:
            raise DuplicateChipError(
                f"instance name {instance_name!r} is already used by chip {by_name.phone}",
                field="instance_name",
                value=instance_name,
                chip_id=by_name.id,
            )

    def _compensate_create(self, instance_name: str, cause: StoreError) -> Exception:
        if isinstance(cause, DuplicateChip):
            # Another operator recorded the same phone or name between our check and our insert.
            removed = self._try_delete_on_server(instance_name)
            if removed:
                return DuplicateChipError(str(cause), field=cause.field, value=instance_name)
            return OrphanedInstance(
                f"instance {instance_name!r} was created but clashes with another chip and could not be removed",
                instance_name=instance_name,
                removed=False,
            )
        removed = self._try_delete_on_server(instance_name)
        if removed:
            message = f"the database could not record {instance_name!r} ({cause}); the instance was removed"
        else:
            message = (
                f"the database could not record {instance_name!r} ({cause}) and removing the instance failed; "
                "the next refresh lists it as unknown so it can be adopted"
            )
        log.error(message)
        return OrphanedInstance(message, instance_name=instance_name, removed=removed)

    def _journal_done(self, instance_name: str) -> None:
        if self.journal is not None:
            self.journal.finish(instance_name)

    def _journal_keeps(self, instance_name: str) -> bool:
        """After a failed create call: does the instance exist on the server after all?"""
        try:
            return bool(self.client.fetch_instances(instance_name))
        except EvolutionError:
            # Cannot tell now; keeping the entry is harmless (recovery drops it if the instance is absent).
            return True

    def _try_delete_on_server(self, instance_name: str) -> bool:
        try:
            self.client.delete(instance_name)
        except InstanceNotFound:
            return True
        except EvolutionError as exc:
            log.error("could not remove instance %s after a failed insert: %s", instance_name, exc)
            return False
        return True

    # -- QR dialog -------------------------------------------------------------------------------------

    def qr_code(self, chip_id: int) -> PollResult:
        """Start a fresh QR session for the chip's dialog and fetch its current QR (or state)."""
        chip = self._live_chip(chip_id)
        self.sessions.begin(chip_id)
        result = self._connect_once(chip)
        # The server has just emitted for this instance (a connect opens a socket): its namespace exists now.
        self._announce("qr_shown", chip.instance_name)
        return result

    def poll(self, chip_id: int) -> PollResult:
        """One poll of an open QR dialog: exactly one request in the normal case.

        Returns the state to show (QR, waiting, connected, expired, refused, error) and the QR to display.
        Server errors become an ``ERROR`` result carrying the message, so the dialog can offer a retry.
        """
        chip = self._live_chip(chip_id)
        call = self.sessions.next_call(chip_id)
        if call is None:
            return self.sessions.expired(chip_id)
        try:
            if call is NextCall.CONNECT:
                return self._connect_once(chip)
            state = self.client.connection_state(chip.instance_name)
        except EvolutionError as exc:
            return self._poll_error(chip, exc)
        result = self.sessions.on_state(chip_id, state)
        if result is None:
            # close (a new cycle is needed) or connecting without a QR held yet
            return self._connect_once(chip)
        if result.state is QrDialogState.CONNECTED:
            return PollResult(QrDialogState.CONNECTED, chip=self._mark_connected(chip_id))
        if result.state is QrDialogState.REFUSED:
            self._record_connection(chip_id, ConnectionState.CLOSE, action="qr_refused", details=result.message)
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
            # connect's HTTP 200 {"error": true}: the instance is known but not loaded (server restarted)
            message = f"the server cannot connect {chip.instance_name!r} right now: {exc.server_message}"
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
        return result

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
                self._sync_fields(fresh, info)
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

    def adopt(self, instance_name: str, phone: str | None = None) -> Chip:
        """Record a chip for an instance the server has and the database does not.

        The phone comes from ``phone``, else from the instance's ``number`` or owner JID, else from a default
        name (``chip-<digits>``); without any of them ``InvalidPhone`` asks the operator for it.
        """
        return self._record_existing(instance_name, phone, details="adopted from the server")

    def _record_existing(self, instance_name: str, phone: str | None, *, details: str) -> Chip:
        infos = self.client.fetch_instances(instance_name)
        info = next((i for i in infos if i.name == instance_name), None)
        if info is None:
            raise InstanceNotFound(f"instance {instance_name!r} is not on the server", status=404)
        digits = normalise_phone(phone if phone else _phone_hint(info))
        self._refuse_duplicates(digits, info.name)
        chip = self.store.insert_chip(
            phone=digits,
            instance_name=info.name,
            display_name=None,
            actor=self.actor,
            connection_state=info.state,
            details=details,
        )
        fields = self._sync_fields(chip, info)
        if fields:
            chip = self._write(chip.id, action="adopt", fields=lambda fresh: self._sync_fields(fresh, info))
        return chip

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

    def recover_orphans(self) -> list[Chip]:
        """Finish creates interrupted by a crash: adopt instances the server has, forget the others.

        Returns the chips adopted. Entries stay when the server cannot be asked now.
        """
        if self.journal is None:
            return []
        adopted: list[Chip] = []
        for entry in self.journal.pending():
            if self.store.find_chip(instance_name=entry.instance_name) is not None:
                self.journal.finish(entry.instance_name)
                continue
            try:
                adopted.append(self.adopt(entry.instance_name, entry.phone))
            except InstanceNotFound:
                pass  # the server never created it: nothing to repair
            except (EvolutionError, StoreError) as exc:
                log.warning("could not recover the create of %s yet: %s", entry.instance_name, exc)
                continue
            except DuplicateChipError as exc:
                log.warning("not adopting %s: %s", entry.instance_name, exc)
            self.journal.finish(entry.instance_name)
        return adopted

    # -- fleet refresh ---------------------------------------------------------------------------------

    def sync(self) -> SyncReport:
        """One ``fetchInstances`` call; update every chip's connection fields and report drift.

        Business ``status`` is left alone, except ``pending`` → ``warming`` when a chip is found connected:
        another system may have moved it to ``active`` and a refresh must never undo that.
        """
        with _cyclic_gc_paused():
            return self._sync()

    def _sync(self) -> SyncReport:
        instances = self.client.fetch_instances()
        by_name: dict[str, InstanceInfo] = {info.name: info for info in instances}
        by_lower: dict[str, InstanceInfo] = {info.name.lower(): info for info in instances}
        chips = self.store.list_chips(include_cancelled=False)
        known = {chip.instance_name.lower() for chip in chips}
        changes: list[ChipChange] = []
        missing: list[Chip] = []
        dropped: list[Chip] = []
        writes: list[tuple[Chip, InstanceInfo, dict[str, object]]] = []
        for chip in chips:
            info = by_name.get(chip.instance_name) or by_lower.get(chip.instance_name.lower())
            if info is None:
                missing.append(chip)
                continue
            fields = self._sync_fields(chip, info)
            if fields:
                writes.append((chip, info, fields))
        for first in range(0, len(writes), _SYNC_BATCH):
            batch = writes[first : first + _SYNC_BATCH]
            # Each chip is written from the row just read, as _write's first attempt would be, but many per
            # transaction; a chip someone else changed meanwhile comes back as a conflict and goes through _write.
            written = self.store.update_chips(
                [(chip.id, chip.version, fields) for chip, _info, fields in batch], actor=self.actor, action="sync"
            )
            updated_by_id = {updated.id: updated for updated in written.chips}
            for chip, info, fields in batch:
                updated = updated_by_id.get(chip.id)
                if updated is None:
                    try:
                        updated = self._write(
                            chip.id,
                            action="sync",
                            fields=lambda fresh, info=info: self._sync_fields(fresh, info),  # type: ignore[misc]
                        )
                    except ChipCancelled:
                        continue  # deleted while this refresh ran: it is history now, not drift
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
            at=self._now(),
            chips=tuple(self.store.list_chips(include_cancelled=True)),
            changes=tuple(changes),
            unknown_instances=unknown,
            missing_instances=tuple(missing),
            dropped=tuple(dropped),
        )

    def _sync_fields(self, chip: Chip, info: InstanceInfo) -> dict[str, object]:
        connected = info.state is ConnectionState.OPEN
        wanted: dict[str, object] = {
            "connection_state": info.state,
            "evolution_connected": connected,
            "disconnect_reason_code": info.disconnect_reason_code,
        }
        if info.profile_name is not None:
            wanted["profile_name"] = info.profile_name
        if info.owner_jid is not None:
            wanted["owner_jid"] = info.owner_jid
        if info.disconnected_at is not None:
            wanted["disconnected_at"] = info.disconnected_at
        if connected and not chip.evolution_connected:
            wanted["connected_at"] = self._now()
            if chip.status is ChipStatus.PENDING:
                wanted["status"] = ChipStatus.WARMING
        if connected:
            # A connected instance has no current disconnection to report.
            wanted["disconnect_reason_code"] = None
        return {key: value for key, value in wanted.items() if getattr(chip, key) != value}

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
                    details=details,
                    **changes,
                )
            except ChipConflict as exc:
                last = exc
        assert last is not None
        raise last


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Hold off the cyclic garbage collector while a fleet refresh runs.

    A refresh of 10,000 chips allocates a few hundred thousand objects (the decoded answer, the rows, the
    chips); the collector would run full collections over the whole heap meanwhile, each one stopping every
    thread for 50-150 ms, the GUI thread included. None of these objects form cycles: reference counting frees
    them, and the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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


def _phone_hint(info: InstanceInfo) -> str:
    """Best guess of an instance's phone: its number, its owner JID, or a default ``chip-<digits>`` name."""
    if info.number:
        return info.number
    if info.owner_jid:
        return info.owner_jid.split("@", 1)[0].split(":", 1)[0]
    if info.name.startswith("chip-") and info.name[5:].isdigit():
        return info.name[5:]
    return ""


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
