"""What the operator asks to change in chips' settings, proxy and profile, and what the window may show of them.

An edit names only what the operator touched (``None`` everywhere else): applied to many chips, every untouched
field keeps each chip's own value. :func:`validate_edit` refuses bad input before any server is asked.
The window never receives a proxy password: :class:`ProxyView` says only whether one is set.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field

from evodesk.domain import PROXY_PROTOCOLS, ChipSettings, ConnectionState, ProxyConfig
from evodesk.services.errors import ValidationError

# WhatsApp's own limits: a profile name of 25 characters, an "about" text of 139.
MAX_PROFILE_NAME = 25
MAX_PROFILE_STATUS = 139
MAX_CALL_MESSAGE = 1000
MAX_HOST = 255
MAX_CREDENTIAL = 255


class RestartReason(enum.StrEnum):
    """Why a connected instance must be restarted to take a change: it is read only when a socket opens."""

    ALWAYS_ONLINE = "always_online"
    SYNC_FULL_HISTORY = "sync_full_history"
    PROXY = "proxy"


@dataclass(frozen=True, slots=True)
class ProxyView:
    """A chip's proxy as the window shows it: everything but the password."""

    enabled: bool
    host: str
    port: int | None
    protocol: str
    username: str | None
    has_password: bool

    @classmethod
    def of(cls, proxy: ProxyConfig) -> ProxyView:
        return cls(proxy.enabled, proxy.host, proxy.port, proxy.protocol, proxy.username, proxy.has_password)


@dataclass(frozen=True, slots=True)
class ChipSettingsView:
    """A chip's current settings, proxy and profile, as loaded from its server for the settings dialog."""

    chip_id: int
    instance_name: str
    version: int
    connection_state: ConnectionState
    settings: ChipSettings
    proxy: ProxyView | None
    profile_name: str | None

    @property
    def profile_editable(self) -> bool:
        """WhatsApp takes a new profile name or status only from a connected instance."""
        return self.connection_state is ConnectionState.OPEN


@dataclass(frozen=True, slots=True)
class SettingsEdit:
    """Behaviour settings to set; ``None`` leaves a chip's own value."""

    reject_call: bool | None = None
    msg_call: str | None = None
    groups_ignore: bool | None = None
    always_online: bool | None = None
    read_messages: bool | None = None
    read_status: bool | None = None
    sync_full_history: bool | None = None

    @classmethod
    def between(cls, before: ChipSettings, after: ChipSettings) -> SettingsEdit:
        """The edit holding only the fields that differ (for the one-chip dialog: what the operator changed)."""
        return cls(
            **{
                item.name: getattr(after, item.name)
                for item in dataclasses.fields(ChipSettings)
                if getattr(after, item.name) != getattr(before, item.name)
            }
        )

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, item.name) is None for item in dataclasses.fields(self))

    def apply_to(self, current: ChipSettings) -> ChipSettings:
        """``current`` with this edit's values; the call message is emptied while calls are not rejected."""
        wanted = dataclasses.replace(
            current,
            **{
                item.name: getattr(self, item.name)
                for item in dataclasses.fields(self)
                if getattr(self, item.name) is not None
            },
        )
        return wanted if wanted.reject_call else dataclasses.replace(wanted, msg_call="")


@dataclass(frozen=True, slots=True)
class ProxyEdit:
    """Proxy fields to set; ``None`` leaves a chip's own value.

    ``password``: ``None`` keeps the stored one, ``""`` removes it, anything else replaces it. It never shows in
    a repr.
    """

    enabled: bool | None = None
    host: str | None = None
    port: int | None = None
    protocol: str | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, item.name) is None for item in dataclasses.fields(self))

    def apply_to(self, current: ProxyConfig | None) -> ProxyConfig | None:
        """``current`` with this edit's values; None when the result is "no proxy" (off, no host)."""
        base = current or ProxyConfig(enabled=False, host="", port=None)
        wanted = ProxyConfig(
            enabled=base.enabled if self.enabled is None else self.enabled,
            host=base.host if self.host is None else self.host.strip(),
            port=base.port if self.port is None else self.port,
            protocol=base.protocol if self.protocol is None else self.protocol.strip().lower(),
            username=base.username if self.username is None else (self.username or None),
            password=base.password if self.password is None else (self.password or None),
        )
        if not wanted.enabled and not wanted.host:
            return None
        return wanted


@dataclass(frozen=True, slots=True)
class ChipEdit:
    """Everything one save asks for: settings, proxy, profile name and status (``None``: leave as is)."""

    settings: SettingsEdit = field(default_factory=SettingsEdit)
    proxy: ProxyEdit = field(default_factory=ProxyEdit)
    profile_name: str | None = None
    profile_status: str | None = None

    @property
    def is_empty(self) -> bool:
        return (
            self.settings.is_empty and self.proxy.is_empty and self.profile_name is None and self.profile_status is None
        )

    @property
    def touches_profile(self) -> bool:
        return self.profile_name is not None or self.profile_status is not None


def validate_edit(edit: ChipEdit) -> None:
    """Refuse operator input that no chip could take (``ValidationError`` with a code the window translates)."""
    message = edit.settings.msg_call
    if message is not None and len(message) > MAX_CALL_MESSAGE:
        raise ValidationError(
            "settings.message_too_long",
            f"the call message has more than {MAX_CALL_MESSAGE} characters",
            limit=MAX_CALL_MESSAGE,
        )
    proxy = edit.proxy
    if proxy.host is not None:
        _check_host(proxy.host, required=proxy.enabled is True)
    if proxy.port is not None and not 0 < proxy.port < 65536:
        raise ValidationError("proxy.port_invalid", "the proxy port must be between 1 and 65535")
    if proxy.protocol is not None and proxy.protocol.strip().lower() not in PROXY_PROTOCOLS:
        raise ValidationError(
            "proxy.protocol_invalid",
            f"the proxy protocol must be one of {', '.join(PROXY_PROTOCOLS)}",
            protocols=PROXY_PROTOCOLS,
        )
    for name, value in (("username", proxy.username), ("password", proxy.password)):
        if value is not None and (len(value) > MAX_CREDENTIAL or any(ord(char) < 0x20 for char in value)):
            # The value itself is never put in the message.
            raise ValidationError(f"proxy.{name}_invalid", f"the proxy {name} is too long or has control characters")
    if edit.profile_name is not None:
        name = edit.profile_name.strip()
        if not name:
            raise ValidationError("profile.name_empty", "the profile name cannot be empty")
        if len(name) > MAX_PROFILE_NAME:
            raise ValidationError(
                "profile.name_too_long",
                f"the profile name has more than {MAX_PROFILE_NAME} characters",
                limit=MAX_PROFILE_NAME,
            )
    if edit.profile_status is not None and len(edit.profile_status) > MAX_PROFILE_STATUS:
        raise ValidationError(
            "profile.status_too_long",
            f"the profile status has more than {MAX_PROFILE_STATUS} characters",
            limit=MAX_PROFILE_STATUS,
        )


def validate_proxy(proxy: ProxyConfig | None) -> None:
    """A chip's proxy after an edit: an enabled proxy needs a host and a port."""
    if proxy is None or not proxy.enabled:
        return
    _check_host(proxy.host, required=True)
    if proxy.port is None:
        raise ValidationError("proxy.port_required", "an enabled proxy needs a port")


def _check_host(host: str, *, required: bool) -> None:
    text = host.strip()
    if not text:
        if required:
            raise ValidationError("proxy.host_required", "an enabled proxy needs a host")
        return
    if len(text) > MAX_HOST or any(char.isspace() or char in "/@?#" for char in text):
        raise ValidationError("proxy.host_invalid", "the proxy host must be a host name or an IP address only")
