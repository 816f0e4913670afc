"""Domain vocabulary shared by every layer: enums and frozen dataclasses, no I/O.

Workers hand these across threads (never ORM objects), which is why everything here is immutable.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class ConnectionState(enum.StrEnum):
    """WhatsApp connection state of an instance, as the Evolution API names it."""

    OPEN = "open"
    CONNECTING = "connecting"
    CLOSE = "close"
    REFUSED = "refused"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, value: object) -> ConnectionState:
        """Map a server value to a state; anything unexpected (or absent) is ``UNKNOWN``."""
        if isinstance(value, str):
            try:
                return cls(value.strip().lower())
            except ValueError:
                return cls.UNKNOWN
        return cls.UNKNOWN


class ChipStatus(enum.StrEnum):
    """Business status of a chip; ``warming`` → ``active`` is written by another system."""

    PENDING = "pending"
    WARMING = "warming"
    ACTIVE = "active"
    CANCELLED = "cancelled"


class Dialect(enum.StrEnum):
    """Which Evolution API contract a server speaks."""

    V2 = "2"
    V1_8 = "1.8"


@dataclass(frozen=True, slots=True)
class ServerInfo:
    """What ``GET /`` says about the server."""

    version: str
    dialect: Dialect
    client_name: str | None = None
    whatsapp_web_version: str | None = None


@dataclass(frozen=True, slots=True)
class QrCode:
    """A QR answer from create/connect.

    ``count`` 0 with no ``code`` means the server has no QR yet (the common ``{"count": 0}`` answer).
    ``png_base64`` is the server's PNG without the ``data:image/png;base64,`` prefix.
    """

    code: str | None
    png_base64: str | None = None
    pairing_code: str | None = None
    count: int = 0

    @property
    def has_payload(self) -> bool:
        """True when there is something to show (a QR payload or at least a pairing code)."""
        return bool(self.code) or bool(self.pairing_code)


@dataclass(frozen=True, slots=True)
class CreatedInstance:
    """Result of ``POST /instance/create``."""

    instance_name: str
    instance_id: str | None
    token: str | None
    state: ConnectionState
    qr: QrCode | None


@dataclass(frozen=True, slots=True)
class InstanceInfo:
    """One instance as ``fetchInstances`` reports it (normalised across dialects)."""

    name: str
    instance_id: str | None
    state: ConnectionState
    owner_jid: str | None = None
    profile_name: str | None = None
    number: str | None = None
    disconnect_reason_code: int | None = None
    disconnected_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Chip:
    """One row of the ``chips`` table."""

    id: int
    phone: str
    instance_name: str
    display_name: str | None
    status: ChipStatus
    evolution_connected: bool
    connection_state: ConnectionState
    owner_jid: str | None
    profile_name: str | None
    disconnect_reason_code: int | None
    connected_at: datetime | None
    disconnected_at: datetime | None
    cancelled_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int

    @property
    def is_cancelled(self) -> bool:
        """Cancelled chips stay in the table for history but are no longer managed."""
        return self.status is ChipStatus.CANCELLED


@dataclass(frozen=True, slots=True)
class Actor:
    """Who did something, for the audit trail: the OS user and the machine."""

    os_user: str
    host: str


@dataclass(frozen=True, slots=True)
class ChipEvent:
    """One row of the ``chip_events`` audit trail."""

    id: int
    chip_id: int | None
    at: datetime
    os_user: str
    host: str
    action: str
    status_before: ChipStatus | None
    status_after: ChipStatus | None
    details: str | None = None


class QrDialogState(enum.StrEnum):
    """What the QR dialog should show after one poll."""

    SHOWING_QR = "showing_qr"
    WAITING_FOR_QR = "waiting_for_qr"
    CONNECTED = "connected"
    EXPIRED = "expired"
    REFUSED = "refused"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class PollResult:
    """Answer of ``InstanceManager.poll``: the dialog state, the QR to show and an optional message."""

    state: QrDialogState
    qr: QrCode | None = None
    message: str | None = None
    chip: Chip | None = None
    # For ERROR: the exception behind it, so the window can describe it in the operator's language.
    error: Exception | None = field(default=None, compare=False)
    # The QR session's timing when this answer was made (seconds, on the services' clock): how long since the
    # session started (the deadline counts from then) and since the QR shown changed (its lifetime counts from
    # then; None without one). None when the answer did not come from a session (a create's first QR).
    session_age: float | None = field(default=None, compare=False)
    qr_age: float | None = field(default=None, compare=False)
    # False when the QR was first seen already shown by the server (its age is unknown, ``qr_age`` counts from
    # when evodesk first saw it); True when evodesk saw it replace the previous one (or the empty answer).
    qr_age_known: bool = field(default=True, compare=False)


@dataclass(frozen=True, slots=True)
class ChipChange:
    """A field of a chip that ``sync`` changed: (field, old value, new value)."""

    chip_id: int
    instance_name: str
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one fleet refresh changed, and how the server and the database disagree."""

    at: datetime
    chips: tuple[Chip, ...] = ()
    changes: tuple[ChipChange, ...] = ()
    unknown_instances: tuple[InstanceInfo, ...] = ()
    missing_instances: tuple[Chip, ...] = ()
    dropped: tuple[Chip, ...] = field(default=())
    # Chips whose new values the database refused (one at a time, so the others were written); they keep their
    # old values and are tried again at the next refresh.
    unwritten: tuple[Chip, ...] = ()


# The protocols the Evolution API's proxy agent understands (makeProxyAgent: http(s) and socks).
PROXY_PROTOCOLS = ("http", "https", "socks4", "socks5")


@dataclass(frozen=True, slots=True)
class ChipSettings:
    """An instance's behaviour settings (``/settings/find``), named as in the window.

    ``always_online`` and ``sync_full_history`` are read only when the instance opens a WhatsApp socket: a
    change to them needs a restart of a connected instance. The others are read live.
    """

    reject_call: bool = False
    msg_call: str = ""
    groups_ignore: bool = False
    always_online: bool = False
    read_messages: bool = False
    read_status: bool = False
    sync_full_history: bool = False


@dataclass(frozen=True, slots=True)
class ProxyConfig:
    """The proxy an instance's WhatsApp socket goes through (``/proxy/find``).

    ``password`` never shows in a repr, so logging or formatting the value cannot write it anywhere.
    """

    enabled: bool
    host: str
    port: int | None
    protocol: str = "http"
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @property
    def has_password(self) -> bool:
        """Whether a password is set (the window shows this, never the password)."""
        return bool(self.password)


@dataclass(frozen=True, slots=True)
class ProfilePicture:
    """``/chat/fetchProfilePictureUrl``: the WhatsApp id asked about and its picture's CDN link, if any.

    The link is signed and expires (hours to days): fetch the image soon, and ask again for a new link later.
    """

    wuid: str
    url: str | None


class EventKind(enum.StrEnum):
    """The Evolution events evodesk listens to, by their Socket.IO event name (evolution-api.md section 6)."""

    QRCODE_UPDATED = "qrcode.updated"
    CONNECTION_UPDATE = "connection.update"
    STATUS_INSTANCE = "status.instance"
    LOGOUT_INSTANCE = "logout.instance"
    REMOVE_INSTANCE = "remove.instance"
    INSTANCE_CREATE = "instance.create"
    INSTANCE_DELETE = "instance.delete"

    @property
    def subscription(self) -> str:
        """The UPPER_SNAKE name that subscription lists use (``QRCODE_UPDATED``)."""
        return self.value.replace(".", "_").upper()


@dataclass(frozen=True, slots=True)
class InstanceEvent:
    """One event pushed by the server, reduced to what evodesk uses (never the envelope's instance token).

    ``state``/``status_reason`` come with ``connection.update``; ``qr`` with ``qrcode.updated`` (``None`` with
    ``qr_limit_reached`` when the server gave up issuing codes); ``status`` (``"closed"``) and
    ``status_reason`` with ``status.instance``; ``instance_id`` with ``instance.create``/``instance.delete``.
    ``global_channel`` says the event came on the default namespace (global mode). Events are triggers: the
    server's REST answers stay the source of truth.
    """

    kind: EventKind
    instance: str
    state: ConnectionState | None = None
    status_reason: int | None = None
    qr: QrCode | None = None
    qr_limit_reached: bool = False
    status: str | None = None
    owner_jid: str | None = None
    profile_name: str | None = None
    instance_id: str | None = None
    global_channel: bool = False


class LiveMode(enum.StrEnum):
    """Whether evodesk hears the server's events or polls."""

    CONNECTING = "connecting"
    LIVE = "live"
    POLLING = "polling"


class LiveReason(enum.StrEnum):
    """Why evodesk polls instead of listening (the window words each one in the operator's language)."""

    TURNED_OFF = "turned_off"
    EVENTS_OFF = "events_off"
    KEY_REFUSED = "key_refused"
    UNREACHABLE = "unreachable"
    TLS_FAILED = "tls_failed"
    NOT_SOCKET_IO = "not_socket_io"
    DISCONNECTED = "disconnected"


@dataclass(frozen=True, slots=True)
class LiveStatus:
    """The event stream's health: ``LIVE`` (and in which mode) or ``POLLING`` with a reason.

    ``global_events`` is True when the server sends every instance's events on ``/``; otherwise
    ``namespaces`` counts the instance namespaces joined and ``waiting`` those the server has not opened yet.
    ``retry_in`` is the delay before the next attempt when not live (seconds), ``detail`` a technical line for
    the log or a tooltip (never the key).
    """

    mode: LiveMode
    reason: LiveReason | None = None
    global_events: bool = False
    namespaces: int = 0
    waiting: int = 0
    retry_in: float | None = None
    detail: str | None = None

    @property
    def live(self) -> bool:
        """True while events arrive: the QR dialog may poll slowly."""
        return self.mode is LiveMode.LIVE


@dataclass(frozen=True, slots=True)
class WebsocketConfig:
    """An instance's Socket.IO subscription (``/websocket/find``): ``enabled`` and the UPPER_SNAKE event names."""

    enabled: bool
    events: tuple[str, ...] = ()
