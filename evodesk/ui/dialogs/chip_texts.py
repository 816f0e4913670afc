"""The chip settings dialog's words: its errors, why a restart is needed, and each chip's outcome.

The services speak English with stable codes; this module says the same in the operator's language. No text here
ever holds a proxy password: the errors it describes were scrubbed by the services, and it names only the host.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from evodesk.services import (
    ChipCancelled,
    ChipResult,
    InstanceNotConnected,
    NotConnectedForRestart,
    Outcome,
    ProfileNeedsConnection,
    ProxyRejected,
    RestartReason,
    ValidationError,
)
from evodesk.ui.shared.messages import describe_error

_CTX = "ChipSettings"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def _validation_text(code: str) -> str | None:
    texts = {
        "proxy.host_required": _tr("An enabled proxy needs a host."),
        "proxy.host_invalid": _tr("The proxy host must be a host name or an IP address only (no “http://”, no path)."),
        "proxy.port_invalid": _tr("The proxy port must be a number from 1 to 65535."),
        "proxy.port_required": _tr("An enabled proxy needs a port."),
        "proxy.protocol_invalid": _tr("Choose the proxy protocol from the list."),
        "proxy.username_invalid": _tr("The proxy user is too long or has control characters."),
        "proxy.password_invalid": _tr("The proxy password is too long or has control characters."),
        "profile.name_empty": _tr("The profile name cannot be empty."),
        "profile.name_too_long": _tr("The profile name may have at most 25 characters."),
        "profile.status_too_long": _tr("The profile status may have at most 139 characters."),
        "settings.message_too_long": _tr("The call rejection message may have at most 1000 characters."),
    }
    return texts.get(code)


def describe(error: BaseException) -> str:
    """One sentence (or two) for ``error``, in the operator's language."""
    if isinstance(error, ProxyRejected):
        return _tr(
            "The server refused the proxy {host}:{port}. The Evolution server tests every proxy itself: it "
            "fetches a public address once directly and once through the proxy. A server without direct internet "
            "access, or one that cannot reach this proxy, refuses every proxy this way, even one that works from "
            "your computer."
        ).format(host=error.host, port=error.port if error.port is not None else "?")
    if isinstance(error, ProfileNeedsConnection | InstanceNotConnected):
        return _tr("The profile can only be changed while the chip is connected. Nothing was changed on this chip.")
    if isinstance(error, NotConnectedForRestart):
        return _tr("Only a connected instance can be restarted; it takes the new settings when it next connects.")
    if isinstance(error, ChipCancelled):
        return _tr("This chip was deleted; it can no longer be changed.")
    if isinstance(error, ValidationError):
        text = _validation_text(error.code)
        if text is not None:
            return text
    return describe_error(error)


def reason_text(reason: RestartReason) -> str:
    return {
        RestartReason.ALWAYS_ONLINE: _tr("“Always online” is read when the connection opens"),
        RestartReason.SYNC_FULL_HISTORY: _tr("“Sync full history” is read when the connection opens"),
        RestartReason.PROXY: _tr("the proxy is used only by a new connection"),
    }[reason]


def restart_question(count: int, reasons: Iterable[RestartReason]) -> tuple[str, str]:
    """The restart offer's question and its explanation, naming why."""
    why = "\n".join("• " + reason_text(reason) for reason in dict.fromkeys(reasons))
    question = QCoreApplication.translate(
        _CTX, "Restart %n connected chip(s) now to use the new settings?", None, count
    )
    detail = (
        _tr("The changes are saved, but a connected chip uses them only after a restart:")
        + "\n"
        + why
        + "\n\n"
        + _tr("A restart closes and reopens the WhatsApp session; messages pause for a few seconds.")
    )
    return question, detail


def outcome_text(result: ChipResult) -> str:
    """A chip's line in the results list."""
    if result.outcome is Outcome.APPLIED:
        if "restart" in result.changes:
            return _tr("Restarted")
        text = QCoreApplication.translate(_CTX, "Saved (%n change(s))", None, len(result.changes))
        return text + (" · " + _tr("restart needed") if result.restart_needed else "")
    if result.outcome is Outcome.UNCHANGED:
        return _tr("Already set: nothing sent")
    if result.outcome is Outcome.CANCELLED:
        return _tr("Not started (cancelled)")
    return describe(result.error) if result.error is not None else _tr("Failed")


def summary_text(applied: int, unchanged: int, failed: int, cancelled: int) -> str:
    parts = [QCoreApplication.translate(_CTX, "%n saved", None, applied)]
    if unchanged:
        parts.append(QCoreApplication.translate(_CTX, "%n already set", None, unchanged))
    if failed:
        parts.append(QCoreApplication.translate(_CTX, "%n failed", None, failed))
    if cancelled:
        parts.append(QCoreApplication.translate(_CTX, "%n not started", None, cancelled))
    return " · ".join(parts)
