"""Operator-facing text for every error and hint the lower layers produce, in the operator's language.

The services raise errors with stable codes and English messages; this module is the one place that turns
them into translated sentences, so dialogs, the banner and the status bar say the same thing the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from evodesk.config import ConfigError
from evodesk.services import (
    ActionNotRecorded,
    AnswerTooLarge,
    ChipConflict,
    ChipNotFound,
    DuplicateChip,
    DuplicateChipError,
    EvolutionAuthError,
    EvolutionError,
    EvolutionRequestError,
    EvolutionUnavailable,
    InstanceNameTaken,
    InstanceNotConnected,
    InstanceNotFound,
    OrphanedInstance,
    ServerTooSlow,
    ServiceError,
    StoreError,
    StoreUnavailable,
)
from evodesk.services.qr import HINT_CLOSED, HINT_NO_QR, HINT_NOT_LOADED, HINT_QR_LIMIT

_CTX = "Messages"


def _code_text(code: str) -> str | None:
    texts = {
        "phone.empty": QCoreApplication.translate(_CTX, "Type the phone number with its area code."),
        "phone.too_long": QCoreApplication.translate(_CTX, "That is too long to be a phone number."),
        "phone.characters": QCoreApplication.translate(
            _CTX, "A phone number may contain only digits, spaces, '+', '-' and parentheses."
        ),
        "phone.invalid": QCoreApplication.translate(
            _CTX, "This is not a valid phone number. Include the area code, e.g. 11 99999-8888."
        ),
        "name.empty": QCoreApplication.translate(_CTX, "The instance name is empty."),
        "name.too_long": QCoreApplication.translate(_CTX, "The instance name may have at most 64 characters."),
        "name.characters": QCoreApplication.translate(
            _CTX,
            "The instance name must start with a letter or digit and use only letters, digits, '.', '_' and '-'.",
        ),
        "name.reserved": QCoreApplication.translate(_CTX, "The instance name must not contain '-cwId-'."),
        "chip.cancelled": QCoreApplication.translate(_CTX, "This chip was deleted; it can no longer be changed."),
        "restart.not_connected": QCoreApplication.translate(
            _CTX, "Only a connected instance can be restarted. Use Reconnect to get a new QR code."
        ),
    }
    return texts.get(code)


def describe_error(exc: BaseException) -> str:
    """One or two sentences for the operator: what happened and, where it helps, what to do."""
    if isinstance(exc, DuplicateChipError):
        if exc.field == "phone":
            return QCoreApplication.translate(_CTX, "The phone {phone} already has a chip.").format(phone=exc.value)
        return QCoreApplication.translate(_CTX, "The instance name \u201c{name}\u201d is already in use.").format(
            name=exc.value
        )
    if isinstance(exc, OrphanedInstance):
        if exc.removed:
            return QCoreApplication.translate(
                _CTX, "The database could not record \u201c{name}\u201d, so the instance was removed again. Try again."
            ).format(name=exc.instance_name)
        return QCoreApplication.translate(
            _CTX,
            "The database could not record \u201c{name}\u201d and the instance could not be removed. "
            "It will show up as an unknown instance after the next refresh.",
        ).format(name=exc.instance_name)
    if isinstance(exc, ActionNotRecorded):
        done = {
            "disconnect": QCoreApplication.translate(_CTX, "Disconnected on the server"),
            "restart": QCoreApplication.translate(_CTX, "Restarted on the server"),
            "delete": QCoreApplication.translate(_CTX, "Deleted on the server"),
        }.get(exc.action, QCoreApplication.translate(_CTX, "Done on the server"))
        return QCoreApplication.translate(
            _CTX, "{done}, but the database could not record it; the list catches up at the next refresh. ({reason})"
        ).format(done=done, reason=str(exc.__cause__ or exc))
    if isinstance(exc, ServiceError) and exc.code == "phone.missing_nine":
        return QCoreApplication.translate(
            _CTX,
            "This looks like a mobile number without the 9 every Brazilian mobile now starts with. "
            "Did you mean {suggestion}?",
        ).format(suggestion=exc.params.get("suggestion", ""))
    if isinstance(exc, ServiceError):
        text = _code_text(exc.code)
        if text is not None:
            return text
        if exc.code == "duplicate.server":
            return QCoreApplication.translate(
                _CTX,
                "The server already has an instance with this name (it may still be being deleted). "
                "Wait a moment or choose another name.",
            )
        return exc.message
    if isinstance(exc, ChipConflict):
        return QCoreApplication.translate(
            _CTX, "Someone else changed this chip a moment ago. The list was refreshed; check it and try again."
        )
    if isinstance(exc, ChipNotFound):
        return QCoreApplication.translate(_CTX, "This chip no longer exists in the database.")
    if isinstance(exc, DuplicateChip):
        return QCoreApplication.translate(_CTX, "Another chip already uses this phone or instance name.")
    if isinstance(exc, StoreUnavailable):
        return QCoreApplication.translate(_CTX, "The database is unavailable: {reason}").format(reason=str(exc))
    if isinstance(exc, StoreError):
        return QCoreApplication.translate(_CTX, "Database error: {reason}").format(reason=str(exc))
    if isinstance(exc, EvolutionAuthError) and exc.status is None:
        return QCoreApplication.translate(
            _CTX,
            "The API key contains spaces or characters an API key cannot have. Copy it again from the server's "
            "settings and enter it in Settings.",
        )
    if isinstance(exc, EvolutionAuthError):
        return QCoreApplication.translate(_CTX, "The server refused the API key (401). Check the key in Settings.")
    if isinstance(exc, InstanceNameTaken):
        return QCoreApplication.translate(
            _CTX, "The server already has an instance with this name. Choose another name."
        )
    if isinstance(exc, InstanceNotFound):
        return QCoreApplication.translate(_CTX, "The instance does not exist on the server.")
    if isinstance(exc, InstanceNotConnected):
        return QCoreApplication.translate(_CTX, "The instance is not connected.")
    if isinstance(exc, ServerTooSlow):
        return QCoreApplication.translate(
            _CTX,
            "The server is too slow: it did not finish answering within {seconds} s. evodesk will try again shortly.",
        ).format(seconds=f"{exc.timeout:g}")
    if isinstance(exc, AnswerTooLarge):
        return QCoreApplication.translate(
            _CTX,
            "The server sent an answer larger than evodesk reads ({size} MB); nothing of it was used. "
            "Check that the server URL points to the Evolution API.",
        ).format(size=f"{exc.limit / 1_000_000:.0f}")
    if isinstance(exc, EvolutionUnavailable):
        if exc.circuit_open:
            return QCoreApplication.translate(_CTX, "The server is not answering; evodesk will try again shortly.")
        return _unavailable_text(exc)
    if isinstance(exc, EvolutionRequestError):
        # connect and restart answer a literal "[object Object]"; the client's own message explains it.
        reason = exc.message if "[object Object]" in (exc.server_message or "") else exc.server_message
        return QCoreApplication.translate(_CTX, "The server refused the request: {reason}").format(reason=reason)
    if isinstance(exc, EvolutionError):
        return exc.message
    if isinstance(exc, ConfigError):
        return describe_config_error(exc)
    return QCoreApplication.translate(_CTX, "Unexpected error: {reason}").format(reason=f"{type(exc).__name__}: {exc}")


def _unavailable_text(exc: EvolutionUnavailable) -> str:
    texts = {
        "refused": QCoreApplication.translate(
            _CTX, "Nothing answers at the server address (connection refused). Check the URL and its port."
        ),
        "certificate": QCoreApplication.translate(
            _CTX,
            "The server's certificate could not be verified. Check the URL, or configure the certificate "
            "authority the server uses.",
        ),
        "no_host": QCoreApplication.translate(
            _CTX, "The server's host name could not be found. Check the spelling of the URL."
        ),
        "connect": QCoreApplication.translate(
            _CTX, "evodesk could not connect to the server. Check the URL and this computer's network."
        ),
        "network": QCoreApplication.translate(
            _CTX, "The connection to the server was cut before it answered. evodesk will try again shortly."
        ),
        "unreadable": QCoreApplication.translate(
            _CTX, "The server's answer could not be read. Check that the URL points to the Evolution API."
        ),
        "licence": QCoreApplication.translate(
            _CTX, "The Evolution API server is not activated (licence required). Ask its administrator."
        ),
    }
    if exc.kind == "server":
        return QCoreApplication.translate(_CTX, "The server failed (HTTP {status}). Try again shortly.").format(
            status=exc.status
        )
    text = texts.get(exc.kind)
    if text is not None:
        return text
    return QCoreApplication.translate(_CTX, "The server is unavailable: {reason}").format(reason=exc.message)


def describe_config_error(exc: ConfigError) -> str:
    """A setting that cannot be used, said in the operator's language from its code."""
    texts = {
        "url.empty": QCoreApplication.translate(_CTX, "Type the server URL."),
        "url.characters": QCoreApplication.translate(_CTX, "The server URL must not contain spaces."),
        "url.invalid": QCoreApplication.translate(_CTX, "“{value}” is not a valid address."),
        "url.scheme": QCoreApplication.translate(_CTX, "The server URL must start with http:// or https://."),
        "url.no_host": QCoreApplication.translate(_CTX, "The server URL has no host name."),
        "url.credentials": QCoreApplication.translate(
            _CTX, "The server URL must not contain a user name or password; type the key in the API key field."
        ),
        "url.query": QCoreApplication.translate(_CTX, "The server URL must not contain “?” or “#”."),
        "url.port": QCoreApplication.translate(_CTX, "The server URL has an invalid port."),
        "file.unreadable": QCoreApplication.translate(_CTX, "The settings file {value} cannot be read."),
        "setting.bool": QCoreApplication.translate(_CTX, "{name}: expected true or false, got “{value}”."),
        "setting.seconds": QCoreApplication.translate(_CTX, "{name}: expected a number of seconds, got “{value}”."),
        "setting.positive": QCoreApplication.translate(_CTX, "{name}: must be greater than zero, got “{value}”."),
        "setting.language": QCoreApplication.translate(
            _CTX, "The language “{value}” is not supported; choose pt_BR or en."
        ),
    }
    text = texts.get(exc.code)
    if text is None:
        return QCoreApplication.translate(_CTX, "Invalid setting: {reason}").format(reason=str(exc))
    return text.format(name=exc.name, value=exc.value)


def describe_hint(hint: str | None, *, waited: float = 30.0) -> str | None:
    """Text for the hints of ``PollResult.message`` (anything else is returned as it is).

    ``waited`` is how long the dialog has been waiting for a QR, for the "no QR" hint.
    """
    if hint is None:
        return None
    if hint == HINT_NO_QR:
        return QCoreApplication.translate(
            _CTX,
            "The server has not produced a QR code for {seconds} seconds. It may be unable to reach WhatsApp: "
            "check the server's version and its WhatsApp Web version setting.",
        ).format(seconds=int(waited))
    if hint == HINT_QR_LIMIT:
        return QCoreApplication.translate(
            _CTX, "The server stopped offering QR codes (limit reached). Press Retry to start again."
        )
    if hint == HINT_CLOSED:
        return QCoreApplication.translate(
            _CTX, "The server closed this connection attempt. Press Retry to get a new QR code."
        )
    if hint == HINT_NOT_LOADED:
        return QCoreApplication.translate(
            _CTX, "The server does not have this instance loaded (it may have restarted). Press Retry."
        )
    return hint
