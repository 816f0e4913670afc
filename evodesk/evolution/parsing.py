"""Turn Evolution API answers (v2.3.x and v1.8) into domain objects.

Everything here is pure: it takes decoded JSON (``object``) and returns domain values or raises
:class:`ShapeError`. Servers, proxies and fault injection can send anything, so no function trusts a type it has
not checked; the client turns :class:`BodyError` and :class:`ShapeError` into typed Evolution errors.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime

from evodesk.domain import (
    ConnectionState,
    CreatedInstance,
    Dialect,
    EventKind,
    InstanceEvent,
    InstanceInfo,
    QrCode,
    ServerInfo,
    WebsocketConfig,
)

# The body and text primitives live in their own modules; the routes, the tests and the services have always
# read them from here.
from evodesk.evolution.json_body import STREAM_ABOVE_BYTES as STREAM_ABOVE_BYTES
from evodesk.evolution.json_body import BodyError as BodyError
from evodesk.evolution.json_body import load_json as load_json
from evodesk.evolution.server_text import MAX_MESSAGE_CHARS as MAX_MESSAGE_CHARS
from evodesk.evolution.server_text import MIN_SECRET as MIN_SECRET
from evodesk.evolution.server_text import REDACTED as REDACTED
from evodesk.evolution.server_text import as_text as as_text
from evodesk.evolution.server_text import is_storable as is_storable
from evodesk.evolution.server_text import message_text as message_text
from evodesk.evolution.server_text import scrub_fragments as scrub_fragments
from evodesk.evolution.server_text import scrub_secret as scrub_secret
from evodesk.evolution.server_text import server_message as server_message
from evodesk.evolution.server_text import storable_text as storable_text

# Bounds on what an instance row may carry. Real values are far shorter (a WhatsApp profile name has at most 25
# characters, a JID about 40); these are the widths of the chips columns that store them, so that a broken or
# hostile server cannot hand the fleet refresh a value the database would refuse.
MAX_PROFILE_NAME = 255
MAX_JID = 128
MAX_NUMBER = 32
MAX_INSTANCE_ID = 128
MAX_VERSION = 64
# A WhatsApp QR payload is about 240 characters. Anything beyond what a scannable QR code can hold (the widget
# renders at error-correction level M, 2331 bytes at most) cannot be shown, and rendering it would take seconds.
MAX_QR_PAYLOAD_BYTES = 2048
MAX_PAIRING_CODE = 32
# Disconnection reason codes are small (401, 403, 428...); the column is a 32-bit integer.
_INT32_MIN, _INT32_MAX = -(2**31), 2**31 - 1

_QR_KEYS = ("code", "base64", "pairingCode", "count")
_ROUTE_MISSING = re.compile(r"^\s*Cannot\s+[A-Z]+\s+/")
_VERSION_MAJOR = re.compile(r"^\s*[vV]?(\d+)")


class ShapeError(ValueError):
    """The answer is JSON but not shaped the way the endpoint answers."""


# -- primitives --------------------------------------------------------------------------------------------


def as_int(value: object) -> int | None:
    """An integer from an int, an integral finite float or a string of digits; anything else is ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer():
            return int(value)
        return None
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"[+-]?\d{1,18}", text):
            return int(text)
    return None


def bounded_text(value: object, limit: int, *, truncate: bool = False) -> str | None:
    """A non-empty string without NUL characters (PostgreSQL cannot store them), at most ``limit`` characters.

    A longer one is cut to ``limit`` when ``truncate`` (display text), else dropped (identifiers, which a cut
    would make wrong). Lone surrogates are replaced in display text (:func:`storable_text`); an identifier that
    holds one is dropped.
    """
    text = as_text(value)
    if text is None:
        return None
    text = text.replace("\x00", "")
    if truncate:
        text = storable_text(text)
    elif not is_storable(text):
        return None  # an identifier with a replacement character in it would be a different identifier
    if len(text) > limit:
        text = text[:limit] if truncate else ""
    return text or None


def parse_datetime(value: object) -> datetime | None:
    """An aware UTC datetime from an ISO 8601 string (naive means UTC) or an epoch number (seconds or ms).

    Moments that cannot be expressed in UTC (year 1 at +01:00, year 9999 at -05:00) are ``None``.
    """
    try:
        if isinstance(value, str) and value.strip():
            parsed = datetime.fromisoformat(value.strip())
            return parsed.astimezone(UTC) if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            seconds = value / 1000 if abs(value) > 1e11 else value
            return datetime.fromtimestamp(seconds, tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return None


def is_error_flag(payload: object) -> bool:
    """The ``{"error": true, ...}`` answer that connect and restart send with HTTP 200."""
    return isinstance(payload, Mapping) and payload.get("error") is True


def is_license_required(payload: object) -> bool:
    """The 2.4 licensing gate's 503 body (it does not use the normal envelope)."""
    return isinstance(payload, Mapping) and payload.get("code") == "LICENSE_REQUIRED"


def is_missing_route(message: str | None) -> bool:
    """Express's ``Cannot PUT /instance/restart/x``: the route does not exist (wrong method or dialect)."""
    return message is not None and _ROUTE_MISSING.match(message) is not None


# -- endpoint answers --------------------------------------------------------------------------------------


def dialect_for_version(version: str) -> Dialect:
    """1.x speaks the v1.8 contract; every other version (2.x and later, or unreadable) the v2 one."""
    match = _VERSION_MAJOR.match(version)
    if match and match.group(1) == "1":
        return Dialect.V1_8
    return Dialect.V2


def parse_server_info(payload: object) -> ServerInfo:
    """``GET /`` → :class:`ServerInfo`."""
    if not isinstance(payload, Mapping):
        raise ShapeError("the welcome answer is not a JSON object")
    raw_version = payload.get("version")
    if isinstance(raw_version, int | float) and not isinstance(raw_version, bool):
        raw_version = str(raw_version)
    # Display text (the window's status bar): cut like a profile name, so a megabyte "version" cannot stall a label.
    version = bounded_text(raw_version, MAX_VERSION, truncate=True)
    if version is None:
        raise ShapeError("the welcome answer has no version: is this an Evolution API server?")
    return ServerInfo(
        version=version,
        dialect=dialect_for_version(version),
        client_name=as_text(payload.get("clientName")),
        whatsapp_web_version=as_text(payload.get("whatsappWebVersion")),
    )


def strip_data_url(value: object) -> str | None:
    """The base64 part of ``data:image/png;base64,...`` (a bare base64 string is returned as is)."""
    text = as_text(value)
    if text is None:
        return None
    if text.startswith("data:"):
        _, sep, data = text.partition(",")
        return data if sep and data else None
    return text


def parse_qr(block: Mapping[str, object]) -> QrCode:
    """A QR object from create or connect; ``{"count": 0}`` is the "no QR yet" answer."""
    count = as_int(block.get("count"))
    code = as_text(block.get("code"))
    if code is not None and (not is_storable(code) or len(code.encode("utf-8")) > MAX_QR_PAYLOAD_BYTES):
        code = None  # no QR code can hold it: fall back to the server's image, or wait for the next one
    pairing = as_text(block.get("pairingCode"))
    if pairing is not None and not is_storable(pairing):
        pairing = None
    return QrCode(
        code=code,
        png_base64=strip_data_url(block.get("base64")),
        pairing_code=pairing if pairing is not None and len(pairing) <= MAX_PAIRING_CODE else None,
        count=max(count, 0) if count is not None else 0,
    )


def _state_of(payload: Mapping[str, object]) -> ConnectionState | None:
    instance = payload.get("instance")
    if isinstance(instance, Mapping):
        return ConnectionState.parse(instance.get("state"))
    if "state" in payload:
        return ConnectionState.parse(payload.get("state"))
    return None


def parse_connection_state(payload: object) -> ConnectionState:
    """``{"instance": {"state": "open"}}`` → ``OPEN``; a missing or odd state is ``UNKNOWN``."""
    if not isinstance(payload, Mapping):
        raise ShapeError("the connection state answer is not a JSON object")
    state = _state_of(payload)
    if state is None:
        raise ShapeError("the connection state answer has no instance block")
    return state


def parse_connect(payload: object) -> QrCode | ConnectionState:
    """Connect answers a QR object (possibly ``{"count": 0}``) or, when already connected, a state."""
    if not isinstance(payload, Mapping):
        raise ShapeError("the connect answer is not a JSON object")
    if any(key in payload for key in _QR_KEYS):
        return parse_qr(payload)
    state = _state_of(payload)
    if state is None:
        raise ShapeError("the connect answer is neither a QR code nor a connection state")
    return state


def parse_created(payload: object, requested_name: str) -> CreatedInstance:
    """``POST /instance/create`` → :class:`CreatedInstance`, for both dialects."""
    if not isinstance(payload, Mapping):
        raise ShapeError("the create answer is not a JSON object")
    instance = payload.get("instance")
    if not isinstance(instance, Mapping):
        raise ShapeError("the create answer has no instance block (the instance may exist anyway)")
    name = instance.get("instanceName")
    qr_block = payload.get("qrcode")
    qr = parse_qr(qr_block) if isinstance(qr_block, Mapping) else None
    status = instance.get("status")
    if isinstance(status, str) and status.strip().lower() == "created":
        # v1.8 reports a literal "created"; a QR block means it already started connecting.
        state = ConnectionState.CONNECTING if qr is not None else ConnectionState.CLOSE
    else:
        state = ConnectionState.parse(status)
    return CreatedInstance(
        instance_name=name if isinstance(name, str) else requested_name,
        instance_id=as_text(instance.get("instanceId")),
        token=_token_of(payload.get("hash")),
        state=state,
        qr=qr,
    )


def _token_of(value: object) -> str | None:
    # v2 sends the token as a string; v1.8 as {"apikey": ...} (or {"jwt": ...} in its JWT mode).
    if isinstance(value, Mapping):
        return as_text(value.get("apikey")) or as_text(value.get("jwt"))
    return as_text(value)


def parse_instance_row(row: object) -> InstanceInfo | None:
    """One ``fetchInstances`` item (v2 flat row or v1.8 ``{"instance": {...}}``); ``None`` if it has no name."""
    if not isinstance(row, Mapping):
        return None
    nested = row.get("instance")
    if isinstance(nested, Mapping) and "name" not in row:
        row = nested
    name = row.get("name")
    if not isinstance(name, str):
        name = row.get("instanceName")
    if not isinstance(name, str) or not is_storable(name):
        # A name with a lone surrogate cannot be sent back in a URL: no later call could address the instance.
        return None
    state_value = row.get("connectionStatus") if "connectionStatus" in row else row.get("status")
    number = row.get("number")
    if isinstance(number, int) and not isinstance(number, bool):
        number = str(number)
    reason = as_int(row.get("disconnectionReasonCode"))
    return InstanceInfo(
        name=name,
        instance_id=(
            bounded_text(row.get("id"), MAX_INSTANCE_ID) or bounded_text(row.get("instanceId"), MAX_INSTANCE_ID)
        ),
        state=ConnectionState.parse(state_value),
        owner_jid=bounded_text(row.get("ownerJid"), MAX_JID) or bounded_text(row.get("owner"), MAX_JID),
        profile_name=bounded_text(row.get("profileName"), MAX_PROFILE_NAME, truncate=True),
        number=bounded_text(number, MAX_NUMBER),
        disconnect_reason_code=reason if reason is not None and _INT32_MIN <= reason <= _INT32_MAX else None,
        disconnected_at=parse_datetime(row.get("disconnectionAt")),
    )


def parse_instances(payload: object) -> list[InstanceInfo]:
    """``fetchInstances``: a list in v2 and v1.8, or a single object in v1.8 when asked by name."""
    if isinstance(payload, list):
        rows: list[object] = list(payload)
    elif isinstance(payload, Mapping) and ("instance" in payload or "name" in payload or "instanceName" in payload):
        rows = [payload]
    else:
        raise ShapeError("the instance list is neither a list nor an instance object")
    # Rows without a name cannot be addressed by any later call, so they are left out rather than failing
    # the whole fleet refresh.
    return [info for info in (parse_instance_row(row) for row in rows) if info is not None]


# Subscription names are short UPPER_SNAKE words; anything else in a stored list is kept out of a merge.
_EVENT_NAME = re.compile(r"^[A-Z][A-Z_]{1,63}$")


def parse_websocket_config(payload: object) -> WebsocketConfig | None:
    """``/websocket/find`` or ``/websocket/set``: the stored row (v2), v1.8's wrapped one, or ``null``."""
    if payload is None or payload == {}:
        return None
    if not isinstance(payload, Mapping):
        raise ShapeError("a Socket.IO subscription is not an object")
    inner = payload.get("websocket")
    if isinstance(inner, Mapping):
        # v1.8: {"websocket": {"instanceName": ..., "websocket": {"enabled", "events"}}} or one level less
        nested = inner.get("websocket")
        payload = nested if isinstance(nested, Mapping) else inner
    enabled = payload.get("enabled")
    events = payload.get("events")
    if not isinstance(enabled, bool):
        raise ShapeError("a Socket.IO subscription without 'enabled'")
    names = tuple(e for e in events if isinstance(e, str) and _EVENT_NAME.match(e)) if isinstance(events, list) else ()
    return WebsocketConfig(enabled=enabled, events=names)


def parse_event(kind: EventKind, payload: object, *, global_channel: bool = False) -> InstanceEvent | None:
    """One Socket.IO envelope (``{"event", "instance", "data", ..., "apikey"}``) as an :class:`InstanceEvent`.

    Only the fields evodesk uses are read; the envelope's ``apikey`` (an instance token) is never copied.
    None when the envelope names no instance.
    """
    if not isinstance(payload, Mapping):
        return None
    data = payload.get("data")
    block: Mapping[str, object] = data if isinstance(data, Mapping) else {}
    instance = bounded_text(payload.get("instance"), MAX_PROFILE_NAME)
    if instance is None:
        instance = bounded_text(block.get("instance") or block.get("instanceName"), MAX_PROFILE_NAME)
    if instance is None:
        return None
    if kind is EventKind.CONNECTION_UPDATE:
        return InstanceEvent(
            kind=kind,
            instance=instance,
            global_channel=global_channel,
            state=ConnectionState.parse(block.get("state")),
            status_reason=_int32(block.get("statusReason")),
            owner_jid=bounded_text(block.get("wuid"), MAX_JID),
            profile_name=bounded_text(block.get("profileName"), MAX_PROFILE_NAME, truncate=True),
        )
    if kind is EventKind.QRCODE_UPDATED:
        qr_block = block.get("qrcode")
        if isinstance(qr_block, Mapping):
            return InstanceEvent(kind=kind, instance=instance, global_channel=global_channel, qr=parse_qr(qr_block))
        # {"message": "QR code limit reached, please login again", "statusCode": 500}
        return InstanceEvent(
            kind=kind,
            instance=instance,
            global_channel=global_channel,
            qr_limit_reached=True,
            status_reason=_int32(block.get("statusCode")),
        )
    if kind is EventKind.STATUS_INSTANCE:
        return InstanceEvent(
            kind=kind,
            instance=instance,
            global_channel=global_channel,
            status=bounded_text(block.get("status"), 32),
            status_reason=_int32(block.get("disconnectionReasonCode")),
        )
    if kind in (EventKind.INSTANCE_CREATE, EventKind.INSTANCE_DELETE):
        return InstanceEvent(
            kind=kind,
            instance=instance,
            global_channel=global_channel,
            instance_id=bounded_text(block.get("instanceId"), MAX_PROFILE_NAME),
        )
    return InstanceEvent(kind=kind, instance=instance, global_channel=global_channel)


def _int32(value: object) -> int | None:
    number = as_int(value)
    return number if number is not None and _INT32_MIN <= number <= _INT32_MAX else None
