"""Creating chips: a new instance and its chip, the compensation when the two cannot both be kept, and adopting
instances the server has but the database does not (drift repair, creates interrupted by a crash).

``Creating`` is a part of ``InstanceManager`` (which inherits it); it uses the manager's client, store, journal,
actor, QR sessions and its ``_write`` / ``_live_chip`` helpers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from evodesk.domain import Actor, Chip, InstanceInfo, QrCode
from evodesk.evolution import EvolutionError, InstanceNameTaken, InstanceNotFound
from evodesk.services.errors import DuplicateChipError, NameTakenOnServer, OrphanedInstance
from evodesk.services.journal import CreateJournal
from evodesk.services.qr import QrSessions
from evodesk.services.sync import sync_fields
from evodesk.services.validation import default_instance_name, normalise_phone, validate_instance_name
from evodesk.store.errors import DuplicateChip, StoreError

if TYPE_CHECKING:
    # Only types here: the store's module would load SQLAlchemy and the client's httpx with the window.
    from evodesk.evolution import EvolutionClient
    from evodesk.store import Store

log = logging.getLogger("evodesk.services")


class Creating:
    """Create, adopt and recover chips; see the module docstring."""

    client: EvolutionClient
    store: Store
    journal: CreateJournal | None
    actor: Actor
    sessions: QrSessions
    websocket_events: tuple[str, ...]
    _now: Callable[[], datetime]

    def _announce(self, action: str, instance_name: str) -> None:
        raise NotImplementedError  # InstanceManager's

    def _live_chip(self, chip_id: int, expected_version: int | None = None) -> Chip:
        raise NotImplementedError  # InstanceManager's

    def _write(
        self,
        chip_id: int,
        *,
        action: str,
        fields: Callable[[Chip], Mapping[str, object]],
        details: str | None = None,
        current: Chip | None = None,
    ) -> Chip:
        raise NotImplementedError  # InstanceManager's

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
                details=f"connection_state: (none) → {created.state.value}",
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
            # The first QR of a socket the create just opened: its lifetime starts now.
            self.sessions.on_qr(chip.id, qr, fresh=True)
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

    # -- drift repair and recovery --------------------------------------------------------------------

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
        fields = sync_fields(chip, info, self._now)
        if fields:
            chip = self._write(chip.id, action="adopt", fields=lambda fresh: sync_fields(fresh, info, self._now))
        return chip

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


def _phone_hint(info: InstanceInfo) -> str:
    """Best guess of an instance's phone: its number, its owner JID, or a default ``chip-<digits>`` name."""
    if info.number:
        return info.number
    if info.owner_jid:
        return info.owner_jid.split("@", 1)[0].split(":", 1)[0]
    if info.name.startswith("chip-") and info.name[5:].isdigit():
        return info.name[5:]
    return ""
