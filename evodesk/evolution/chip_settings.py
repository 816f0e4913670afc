"""Bodies and answers of the settings, proxy and profile routes, for the v2.3.x and v1.8 dialects.

Pure functions, like :mod:`evodesk.evolution.parsing`: they build request bodies from domain values and turn
decoded JSON into domain values, raising :class:`~evodesk.evolution.parsing.ShapeError` for shapes the routes
never answer. The wire shapes (evolution-api.md sections 3.9-3.11):

* settings: v2 camelCase (``rejectCall`` …, ``wavoipToken``); v1.8 snake_case (``reject_call`` …), and a v1.8
  server with nothing stored answers only ``reject_call``, ``msg_call`` and ``groups_ignore``;
* proxy: v2 flat ``{enabled, host, port, protocol, username, password}`` with the port as a *string*; v1.8
  nested ``{enabled, proxy: {host, port, protocol, username, password}}``; an instance without a proxy is
  ``null`` (v2) or ``{"enabled": false, "proxy": null}`` (v1.8);
* profile picture: ``{wuid, profilePictureUrl}`` (``null`` when there is none or it cannot be read).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from evodesk.domain import ChipSettings, Dialect, ProfilePicture, ProxyConfig
from evodesk.evolution.errors import EvolutionError, EvolutionUnavailable, InstanceNotConnected, ProxyRejected
from evodesk.evolution.parsing import ShapeError, as_int, bounded_text

# Long enough for any real value; a hostile server's megabyte of text must not reach a widget.
MAX_CALL_MESSAGE = 1000
MAX_HOST = 255
MAX_CREDENTIAL = 255
MAX_WUID = 128
MAX_URL = 2048
REDACTED = "***"
# Secrets shorter than this are not replaced as bare substrings: "ab" would mangle ordinary words. They are
# still removed where they stand as a credential (``user:pw@`` in a URL, a ``"password": …`` pair).
MIN_BARE_SECRET = 4

_SETTINGS_V2 = {
    "reject_call": "rejectCall",
    "msg_call": "msgCall",
    "groups_ignore": "groupsIgnore",
    "always_online": "alwaysOnline",
    "read_messages": "readMessages",
    "read_status": "readStatus",
    "sync_full_history": "syncFullHistory",
}
_SETTINGS_V1 = {field: field for field in _SETTINGS_V2}
_URL_CREDENTIALS = re.compile(r"(?i)([a-z][a-z0-9+.-]*://[^/\s:@]*:)([^@\s/]+)(@)")
_PASSWORD_PAIR = re.compile(r"""(?i)(["']?password["']?\s*[:=]\s*["']?)([^"'\s,}&]+)""")


# -- settings ------------------------------------------------------------------------------------------------


def settings_body(settings: ChipSettings, dialect: Dialect) -> dict[str, object]:
    """The ``/settings/set`` body: every flag (the server requires them all).

    ``msgCall`` is sent empty whenever calls are not rejected: Evolution 2.3.7 still sends the message to
    callers when ``rejectCall`` is false (issues #962, #2664), so a message left over from earlier would
    reach people whose calls ring normally.
    """
    message = settings.msg_call if settings.reject_call else ""
    values: dict[str, object] = {
        "reject_call": settings.reject_call,
        "msg_call": message,
        "groups_ignore": settings.groups_ignore,
        "always_online": settings.always_online,
        "read_messages": settings.read_messages,
        "read_status": settings.read_status,
        "sync_full_history": settings.sync_full_history,
    }
    names = _SETTINGS_V1 if dialect is Dialect.V1_8 else _SETTINGS_V2
    body = {names[field]: value for field, value in values.items()}
    if dialect is Dialect.V1_8:
        # The v1.8 branch tip requires it. v2 does not, and keeps a stored token when it is left out: sending
        # "" there would remove a WAVoIP token set up in the Manager.
        body["wavoipToken"] = ""
    return body


def parse_settings(payload: object) -> ChipSettings | None:
    """``/settings/find`` (either dialect) → :class:`ChipSettings`; ``null`` → None.

    A flag the server left out keeps its default, except v1.8's ``groups_ignore``, which v1.8 answers itself.
    """
    if payload is None:
        return None
    if not isinstance(payload, Mapping):
        raise ShapeError("the settings answer is not a JSON object")
    v1 = any(key in payload for key in _SETTINGS_V1)
    names = _SETTINGS_V1 if v1 else _SETTINGS_V2
    if not any(name in payload for name in names.values()):
        raise ShapeError("the settings answer has none of the settings")

    def flag(field: str) -> bool:
        return payload.get(names[field]) is True

    message = bounded_text(payload.get(names["msg_call"]), MAX_CALL_MESSAGE, truncate=True) or ""
    return ChipSettings(
        reject_call=flag("reject_call"),
        msg_call=message,
        groups_ignore=flag("groups_ignore"),
        always_online=flag("always_online"),
        read_messages=flag("read_messages"),
        read_status=flag("read_status"),
        sync_full_history=flag("sync_full_history"),
    )


def parse_settings_set(payload: object) -> ChipSettings | None:
    """``/settings/set`` answers ``{"settings": {"instanceName", "settings": {…the body…}}}``."""
    if not isinstance(payload, Mapping):
        raise ShapeError("the settings answer is not a JSON object")
    outer = payload.get("settings")
    inner = outer.get("settings") if isinstance(outer, Mapping) else None
    if not isinstance(inner, Mapping):
        raise ShapeError("the settings answer has no settings block")
    return parse_settings(inner)


# -- proxy ---------------------------------------------------------------------------------------------------


def proxy_body(proxy: ProxyConfig, dialect: Dialect) -> dict[str, object]:
    """The ``/proxy/set`` body; the port goes as a string (the server's schema types it so).

    ``username`` and ``password`` are always sent, empty when there are none: the server keeps a stored value
    for every field a body leaves out, so a proxy without credentials would otherwise go on using the old
    ones. (Sending them also lets a proxy be turned off with an empty host: v2's "cannot be empty" check
    applies only to bodies made of ``enabled``, ``host``, ``port`` and ``protocol`` alone.)
    """
    fields: dict[str, object] = {
        "host": proxy.host.strip(),
        "port": str(proxy.port) if proxy.port is not None else "",
        "protocol": proxy.protocol or "http",
        "username": proxy.username or "",
        "password": proxy.password or "",
    }
    if dialect is Dialect.V1_8:
        return {"enabled": proxy.enabled, "proxy": fields}
    return {"enabled": proxy.enabled, **fields}


def parse_proxy(payload: object) -> ProxyConfig | None:
    """``/proxy/find`` (either dialect) → :class:`ProxyConfig`, or None when the instance has no proxy.

    A stored row that is switched off and names no host (what the server keeps after a proxy is turned off)
    is no proxy either.
    """
    if payload is None:
        return None
    if not isinstance(payload, Mapping):
        raise ShapeError("the proxy answer is not a JSON object")
    enabled = payload.get("enabled") is True
    row: object = payload
    if "proxy" in payload and "host" not in payload:
        row = payload.get("proxy")  # v1.8: the connection details are nested
        if row is None:
            return None
    if not isinstance(row, Mapping):
        raise ShapeError("the proxy answer's proxy is not a JSON object")
    host = bounded_text(row.get("host"), MAX_HOST) or ""
    if not enabled and not host:
        return None
    port = as_int(row.get("port"))
    protocol = bounded_text(row.get("protocol"), 16) or "http"
    return ProxyConfig(
        enabled=enabled,
        host=host,
        port=port if port is not None and 0 < port < 65536 else None,
        protocol=protocol.lower(),
        username=bounded_text(row.get("username"), MAX_CREDENTIAL),
        password=bounded_text(row.get("password"), MAX_CREDENTIAL),
    )


def parse_proxy_set(payload: object) -> ProxyConfig | None:
    """``/proxy/set`` answers ``{"proxy": {"instanceName", "proxy": {…the body…}}}``."""
    if not isinstance(payload, Mapping):
        raise ShapeError("the proxy answer is not a JSON object")
    outer = payload.get("proxy")
    inner = outer.get("proxy") if isinstance(outer, Mapping) else None
    if inner is None:
        return None
    if not isinstance(inner, Mapping):
        raise ShapeError("the proxy answer has no proxy block")
    return parse_proxy(inner)


# -- profile -------------------------------------------------------------------------------------------------


def parse_profile_picture(payload: object) -> ProfilePicture:
    """``/chat/fetchProfilePictureUrl`` → :class:`ProfilePicture` (``url`` None when there is no picture)."""
    if not isinstance(payload, Mapping):
        raise ShapeError("the profile picture answer is not a JSON object")
    wuid = bounded_text(payload.get("wuid"), MAX_WUID)
    if wuid is None:
        raise ShapeError("the profile picture answer names no WhatsApp id")
    url = bounded_text(payload.get("profilePictureUrl"), MAX_URL)
    if url is not None and not url.lower().startswith(("https://", "http://")):
        url = None
    return ProfilePicture(wuid=wuid, url=url)


def parse_profile_update(payload: object) -> None:
    """``/chat/updateProfileName|Status`` answer ``{"update": "success"}``."""
    if not isinstance(payload, Mapping) or payload.get("update") != "success":
        raise ShapeError("the profile update answer does not say it succeeded")


# -- secrets -------------------------------------------------------------------------------------------------


def scrub_password(text: str, *passwords: str | None) -> str:
    """``text`` without the given passwords, and without any credential a URL or a ``password`` pair carries.

    For error texts built from what a server said about a proxy (it may quote the proxy URL with its
    credentials, or the body it was sent).
    """
    text = _URL_CREDENTIALS.sub(lambda match: match.group(1) + REDACTED + match.group(3), text)
    text = _PASSWORD_PAIR.sub(lambda match: match.group(1) + REDACTED, text)
    for secret in sorted((p for p in passwords if p), key=len, reverse=True):
        if len(secret) >= MIN_BARE_SECRET:
            text = text.replace(secret, REDACTED)
    return text


def scrub_error(error: EvolutionError, *passwords: str | None) -> EvolutionError:
    """``error`` with every text it carries cleaned of proxy credentials (see :func:`scrub_password`)."""
    error.message = scrub_password(error.message, *passwords)
    if error.server_message is not None:
        error.server_message = scrub_password(error.server_message, *passwords)
    error.args = (error.message,)
    return error


# -- errors of these routes ----------------------------------------------------------------------------------


def proxy_rejection(error: EvolutionError, instance: str, proxy: ProxyConfig) -> ProxyRejected | None:
    """The server's 400 ``Invalid proxy`` as :class:`ProxyRejected`, explained; None for any other error."""
    said = error.server_message or ""
    if error.status != 400 or "invalid proxy" not in said.lower():
        return None
    where = f"{proxy.protocol}://{proxy.host}:{proxy.port if proxy.port is not None else ''}"
    return ProxyRejected(
        f'The server refused the proxy {where} for instance "{instance}": it tests a proxy by fetching a public '
        "address (icanhazip.com) directly and through the proxy, and that test failed. Check the proxy's address "
        "and credentials; a server without direct internet access, or one that cannot reach the proxy, refuses "
        "every proxy this way",
        host=proxy.host,
        port=proxy.port,
        protocol=proxy.protocol,
        status=error.status,
        server_message=scrub_password(said, proxy.password),
    )


def not_connected_for_profile(error: EvolutionUnavailable, instance: str) -> InstanceNotConnected | None:
    """The server's 500 "Error updating profile …" (no open WhatsApp session) as :class:`InstanceNotConnected`."""
    if error.status != 500 or "error updating profile" not in (error.server_message or "").lower():
        return None
    return InstanceNotConnected(
        f'Instance "{instance}" must be connected to change its profile',
        status=error.status,
        server_message=error.server_message,
    )
