"""The simulated server's memory and database: instances and their connection state machine.

Time is read from ``time.monotonic()`` and the QR cycle is computed lazily whenever an instance is looked
at, so no background thread is needed: an instance that nobody asks about simply catches up on its next
read. Every public method takes the one re-entrant lock; the HTTP layer also holds it around a whole
request so that a request sees one consistent state.
"""

from __future__ import annotations

import json
import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from evodesk.simulator.qr import make_pairing_code, make_payload

OPEN = "open"
CONNECTING = "connecting"
CLOSE = "close"
REFUSED = "refused"

BAILEYS = "WHATSAPP-BAILEYS"
BUSINESS = "WHATSAPP-BUSINESS"
EVOLUTION = "EVOLUTION"
INTEGRATIONS = (BAILEYS, BUSINESS, EVOLUTION)

# Close codes after which the real server does not reconnect and writes the disconnection to the DB
# (evolution-api.md section 6.2); after any other code it opens a new socket at once.
LOGGED_OUT = 401
FINAL_CLOSE = frozenset({LOGGED_OUT, 402, 403, 406})


class SimulatorError(Exception):
    """A control call that does not fit the current state (unknown instance, nothing to scan, ...).

    ``status`` is the HTTP status the ``/_sim/`` endpoints answer with.
    """

    def __init__(self, message: str, *, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class QrFrame:
    """One QR as the server holds it in memory: payload, optional pairing code and its ``count``."""

    code: str
    pairing_code: str | None
    count: int


def utc_now() -> datetime:
    """Wall-clock time for the "DB" timestamps."""
    return datetime.now(UTC)


def iso(moment: datetime | None) -> str | None:
    """Format like Prisma/JavaScript: ``2025-12-10T13:04:11.000Z``."""
    if moment is None:
        return None
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@dataclass
class Instance:
    """One instance: its "DB row" fields and its in-memory connection."""

    name: str
    instance_id: str
    token: str
    integration: str
    number: str | None
    settings: dict[str, bool | str]
    setting_id: str
    created_at: datetime
    updated_at: datetime
    # The DB row (fetchInstances); may lag behind the live state, as on the real server.
    db_status: str = CLOSE
    owner_jid: str | None = None
    profile_name: str | None = None
    profile_pic_url: str | None = None
    disconnection_reason_code: int | None = None
    disconnection_object: str | None = None
    disconnection_at: datetime | None = None
    # In memory. After a server restart the row survives but the in-memory instance is gone.
    in_memory: bool = True
    state: str = CLOSE
    has_creds: bool = False
    qr_count: int = 0
    socket_started: float | None = None
    socket_base_count: int = 0
    pairing_number: str | None = None
    latest_qr: QrFrame | None = None
    deleted_at: float | None = None
    history: list[tuple[float, str]] = field(default_factory=list)
    # The WhatsApp "about" text, and the Proxy row (None until a proxy is first set).
    profile_status: str = ""
    proxy: dict[str, Any] | None = None


def _disconnection_object(code: int, message: str) -> str:
    # The server stores Baileys' lastDisconnect (a Boom error) as a JSON string.
    return json.dumps(
        {
            "error": {
                "data": None,
                "isBoom": True,
                "isServer": False,
                "output": {
                    "statusCode": code,
                    "payload": {"statusCode": code, "error": "Unauthorized", "message": message},
                    "headers": {},
                },
            },
            "date": iso(utc_now()),
        },
        separators=(",", ":"),
    )


class SimState:
    """All instances of one simulated server, with the lifecycle of evolution-api.md section 7."""

    def __init__(
        self,
        *,
        qr_lifetime: float,
        first_qr_delay: float,
        qr_limit: int,
        delete_delay: float,
        seed: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if qr_lifetime <= 0:
            raise ValueError("qr_lifetime must be positive")
        if qr_limit < 1:
            raise ValueError("qr_limit must be at least 1")
        self.lock = threading.RLock()
        self.qr_lifetime = qr_lifetime
        self.first_qr_delay = max(0.0, first_qr_delay)
        self.qr_limit = qr_limit
        self.delete_delay = max(0.0, delete_delay)
        self.rng = random.Random(seed)
        self.clock = clock
        self._instances: dict[str, Instance] = {}
        self._deleting: set[str] = set()

    # ----------------------------------------------------------------- identifiers

    def new_uuid(self) -> str:
        """A UUIDv4 drawn from the seeded generator, so seeded runs are reproducible."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def new_token(self) -> str:
        """The server's default instance token: an upper-case UUIDv4."""
        return self.new_uuid().upper()

    def random_br_number(self) -> str:
        """A plausible Brazilian mobile number: 55, area code, 9 and eight digits."""
        return f"55{self.rng.randint(11, 99)}9{self.rng.randint(0, 99_999_999):08d}"

    # ----------------------------------------------------------------- lookup

    def _purge(self) -> None:
        # Only instances being deleted are scanned, so a fleet of thousands costs nothing per request.
        if not self._deleting:
            return
        now = self.clock()
        for name in list(self._deleting):
            inst = self._instances.get(name)
            if inst is None or inst.deleted_at is None:
                self._deleting.discard(name)
            elif now >= inst.deleted_at + self.delete_delay:
                del self._instances[name]
                self._deleting.discard(name)

    def get(self, name: str) -> Instance | None:
        """The instance in memory or in the DB, caught up to now; None once deleted and cleaned up."""
        with self.lock:
            self._purge()
            inst = self._instances.get(name)
            if inst is not None:
                self.advance(inst)
            return inst

    def require(self, name: str) -> Instance:
        """Like :meth:`get` but raises :class:`SimulatorError` (404) for an unknown name."""
        inst = self.get(name)
        if inst is None:
            raise SimulatorError(f'instance "{name}" does not exist', status=404)
        return inst

    def all(self) -> list[Instance]:
        """Every instance still in the DB, in creation order."""
        with self.lock:
            self._purge()
            items = list(self._instances.values())
            for inst in items:
                self.advance(inst)
            return items

    def names(self) -> list[str]:
        """Names of every instance still in the DB."""
        return [inst.name for inst in self.all()]

    # ----------------------------------------------------------------- transitions

    def _set_state(self, inst: Instance, state: str, at: float | None = None) -> None:
        inst.state = state
        inst.history.append((self.clock() if at is None else at, state))

    def _touch(self, inst: Instance) -> None:
        inst.updated_at = utc_now()

    def create(
        self,
        name: str,
        *,
        integration: str,
        token: str | None,
        number: str | None,
        settings: dict[str, bool | str],
    ) -> Instance:
        """Register a new instance: row written with status ``close``, in memory with state ``close``.

        BUSINESS and EVOLUTION instances have no WhatsApp socket and are always ``open``.
        """
        with self.lock:
            now = utc_now()
            inst = Instance(
                name=name,
                instance_id=self.new_uuid(),
                token=token if token is not None else self.new_token(),
                integration=integration,
                number=number,
                settings=dict(settings),
                setting_id="cl" + self.new_uuid().replace("-", "")[:23],
                created_at=now,
                updated_at=now,
            )
            inst.history.append((self.clock(), CLOSE))
            if integration != BAILEYS:
                self._set_state(inst, OPEN)
            self._instances[name] = inst
            return inst

    def start_socket(self, inst: Instance, number: str | None = None) -> None:
        """Open a new WhatsApp socket: state ``connecting``, and a QR every ``qr_lifetime`` seconds.

        ``count`` is not reset here: on the real server only the QR-limit handler, a process restart or
        a new instance object resets it.
        """
        with self.lock:
            if number:
                # The server keeps the number and reuses it for every later socket.
                inst.pairing_number = number
            inst.socket_started = self.clock()
            inst.socket_base_count = inst.qr_count
            inst.latest_qr = None
            self._set_state(inst, CONNECTING)

    def advance(self, inst: Instance) -> None:
        """Catch the QR cycle up with the clock: rotations, the QR limit, ``refused`` then ``close``."""
        if inst.state != CONNECTING or inst.socket_started is None or not inst.in_memory:
            return
        now = self.clock()
        first_at = inst.socket_started + self.first_qr_delay
        if now < first_at:
            return
        emitted = int((now - first_at) // self.qr_lifetime) + 1
        total = inst.socket_base_count + emitted
        if total > self.qr_limit:
            # The QR that would exceed the limit is never shown: the server emits `refused` (events only),
            # logs out, resets the count and leaves the instance `close`.
            shown = max(0, self.qr_limit - inst.socket_base_count)
            refused_at = first_at + shown * self.qr_lifetime
            self._set_state(inst, REFUSED, refused_at)
            self._set_state(inst, CLOSE, refused_at)
            inst.qr_count = 0
            inst.socket_started = None
            inst.latest_qr = None
            inst.has_creds = False
            # The limit handler sets endSession, so no later event writes the close: the stored status (what
            # fetchInstances reports) stays `connecting` while connectionState says `close` (section 5).
            return
        if inst.latest_qr is None or inst.latest_qr.count != total:
            pairing = make_pairing_code(self.rng) if inst.pairing_number else None
            inst.latest_qr = QrFrame(code=make_payload(self.rng), pairing_code=pairing, count=total)
            inst.qr_count = total
            if inst.db_status != CONNECTING:
                inst.db_status = CONNECTING
                self._touch(inst)

    def current_qr(self, inst: Instance) -> QrFrame | None:
        """The QR the server holds for the current socket, or None before the first one."""
        with self.lock:
            self.advance(inst)
            return inst.latest_qr if inst.state == CONNECTING else None

    def login(self, inst: Instance, *, profile_name: str | None, number: str | None) -> None:
        """The phone scanned the QR (or typed the pairing code): state and DB status ``open``."""
        with self.lock:
            self.advance(inst)
            if not inst.in_memory:
                raise SimulatorError(f'instance "{inst.name}" is not loaded in memory')
            if inst.state != CONNECTING or inst.latest_qr is None:
                raise SimulatorError(f'instance "{inst.name}" shows no QR to scan (state {inst.state})', status=409)
            digits = number or inst.pairing_number or inst.number or self.random_br_number()
            inst.owner_jid = f"{digits}@s.whatsapp.net"
            inst.profile_name = profile_name if profile_name is not None else f"Chip {digits[-4:]}"
            inst.profile_pic_url = f"https://pps.whatsapp.net/v/t61.24694-24/{self.rng.getrandbits(64):016x}.jpg"
            inst.has_creds = True
            inst.socket_started = None
            inst.db_status = OPEN
            self._set_state(inst, OPEN)
            self._touch(inst)

    def close_connection(self, inst: Instance, reason_code: int, *, wipe_creds: bool) -> None:
        """A final close: state and DB status ``close`` with the reason stored, as for a non-reconnect code."""
        with self.lock:
            inst.socket_started = None
            inst.latest_qr = None
            if wipe_creds:
                inst.has_creds = False
            inst.db_status = CLOSE
            inst.disconnection_reason_code = reason_code
            inst.disconnection_object = _disconnection_object(reason_code, "Connection Failure")
            inst.disconnection_at = utc_now()
            self._set_state(inst, CLOSE)
            self._touch(inst)

    def drop(self, inst: Instance, reason_code: int) -> None:
        """The phone unlinked the device (401) or WhatsApp closed the session: ``open`` → ``close``."""
        with self.lock:
            self.advance(inst)
            if not inst.in_memory or inst.state != OPEN:
                raise SimulatorError(f'instance "{inst.name}" is not open (state {inst.state})')
            if reason_code not in FINAL_CLOSE:
                # A reconnectable close (428, 408, 440, 500, 515, ...): the server opens a new socket with the
                # stored session at once, sending `connecting` then `open`, and stores no disconnection.
                self._set_state(inst, CONNECTING)
                self._set_state(inst, OPEN)
                self._touch(inst)
                return
            # 401 means the device was unlinked, so the stored session is useless afterwards.
            self.close_connection(inst, reason_code, wipe_creds=reason_code == LOGGED_OUT)

    def logout(self, inst: Instance) -> None:
        """Logout: session ended, credentials wiped, instance kept, ``close``."""
        with self.lock:
            self.close_connection(inst, LOGGED_OUT, wipe_creds=True)

    def reconnect(self, inst: Instance, number: str | None = None) -> None:
        """Connect from ``close``: with stored credentials the session resumes, otherwise a QR cycle starts."""
        with self.lock:
            if inst.has_creds:
                inst.db_status = OPEN
                self._set_state(inst, CONNECTING)
                self._set_state(inst, OPEN)
                self._touch(inst)
            else:
                self.start_socket(inst, number)

    def recycle_socket(self, inst: Instance) -> None:
        """Instance restart: the socket is closed and reopened with the stored credentials, if any."""
        with self.lock:
            if inst.state == OPEN or inst.has_creds:
                self._set_state(inst, CONNECTING)
                self._set_state(inst, OPEN)
            else:
                self.start_socket(inst)

    def delete(self, inst: Instance) -> None:
        """Delete: a logout first when connected; the name stays taken for ``delete_delay`` seconds."""
        with self.lock:
            if inst.in_memory and inst.state in (OPEN, CONNECTING):
                self.logout(inst)
            if inst.deleted_at is None:
                inst.deleted_at = self.clock()
                self._deleting.add(inst.name)

    def server_restart(self, *, reload: bool = False) -> None:
        """The server process restarts: memory is lost, the DB rows stay.

        Pending deletions complete. Without ``reload`` every instance is left out of memory (connectionState
        without ``state``, connect/restart answering ``[object Object]``), as for rows the server does not load.
        With ``reload``, as 2.3.7 does at boot, every instance is loaded again; those whose DB status is ``open``
        or ``connecting`` reconnect (``open`` again with a session, else a fresh QR cycle), the others stay
        ``close`` until connect is called.
        """
        with self.lock:
            self._purge()
            for name in self._deleting:
                self._instances.pop(name, None)
            self._deleting.clear()
            for inst in self._instances.values():
                inst.in_memory = False
                inst.state = CLOSE
                inst.socket_started = None
                inst.latest_qr = None
                inst.qr_count = 0
                inst.history.append((self.clock(), "unloaded"))
                if not reload:
                    continue
                if inst.integration != BAILEYS:
                    inst.in_memory = True
                    self._set_state(inst, OPEN)
                    continue
                inst.in_memory = True
                if inst.db_status in (OPEN, CONNECTING):
                    if inst.has_creds:
                        self._set_state(inst, OPEN)
                        inst.db_status = OPEN
                    else:
                        self.start_socket(inst)
