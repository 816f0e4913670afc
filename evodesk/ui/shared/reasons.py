"""Why a WhatsApp session ended, in the operator's words: the one place for disconnection-reason wording.

The codes are Baileys' ``DisconnectReason`` values as the Evolution API stores them in
``disconnectionReasonCode`` and sends them as ``statusReason`` (evolution-api.md sections 5 and 6). The table's
badge uses the short text, its tooltip and the drop notification the long text with the code, and the
notification adds what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from evodesk.domain import Chip, ConnectionState

_CTX = "Reasons"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


@dataclass(frozen=True, slots=True)
class Reason:
    """The wording of one reason code: a few words, a sentence, and the advice that goes with it."""

    code: int | None
    short: str
    long: str
    advice: str


def _known() -> dict[int, tuple[str, str, str]]:
    # Built on each call so the texts follow a language change made after import.
    return {
        401: (
            _tr("logged out"),
            _tr("logged out on the phone"),
            _tr("Someone removed this device under Linked devices on the phone. Reconnect and scan a new QR code."),
        ),
        402: (
            _tr("account issue"),
            _tr("account problem reported by WhatsApp"),
            _tr("Open WhatsApp on the phone and check the account before reconnecting."),
        ),
        403: (
            _tr("blocked"),
            _tr("forbidden by WhatsApp: the number may be banned"),
            _tr("Check the number in WhatsApp on the phone; reconnecting will not help while it is blocked."),
        ),
        406: (
            _tr("not allowed"),
            _tr("number not allowed by WhatsApp"),
            _tr("Check the number in WhatsApp on the phone before reconnecting."),
        ),
        408: (
            _tr("timed out"),
            _tr("QR codes ran out or the connection timed out"),
            _tr("Reconnect to show a new QR code."),
        ),
        411: (
            _tr("device mismatch"),
            _tr("multi-device mismatch: server or network restart"),
            _tr("Reconnect; if it keeps happening, update WhatsApp on the phone."),
        ),
        428: (
            _tr("refused"),
            _tr("connection refused: QR code limit reached"),
            _tr("Nobody scanned in time. Reconnect when the phone is at hand."),
        ),
        440: (
            _tr("replaced"),
            _tr("replaced by another session: WhatsApp opened elsewhere"),
            _tr("This number was linked somewhere else (another WhatsApp Web or server). Reconnect to take it back."),
        ),
        500: (
            _tr("bad session"),
            _tr("session data damaged: server or network restart"),
            _tr("Reconnect and scan a new QR code."),
        ),
        503: (
            _tr("service unavailable"),
            _tr("WhatsApp unavailable: server or network restart"),
            _tr("Usually temporary: reconnect, or wait for the next refresh."),
        ),
        515: (
            _tr("restart needed"),
            _tr("restart required: server or network restart"),
            _tr("Usually temporary: reconnect, or wait for the next refresh."),
        ),
    }


def reason(code: int | None) -> Reason | None:
    """The wording for ``code``; None when there is no code. Unknown codes say their number."""
    if code is None:
        return None
    texts = _known().get(code)
    if texts is None:
        return Reason(
            code,
            _tr("code {code}").format(code=code),
            _tr("unknown reason (code {code})").format(code=code),
            _tr("Reconnect to show a new QR code."),
        )
    return Reason(code, *texts)


def reason_text(code: int | None, *, short: bool = False) -> str | None:
    """A few words (``short``, for the badge) or a sentence with the code (tooltips, notifications)."""
    found = reason(code)
    if found is None:
        return None
    if short:
        return found.short
    if code not in _known():
        return found.long
    return _tr("{reason} (code {code})").format(reason=found.long, code=code)


def drop_reason(chip: Chip) -> str:
    """Why ``chip`` left ``open``, for a notification: the reason code in words, or what its state says."""
    text = reason_text(chip.disconnect_reason_code)
    if text is not None:
        return text
    if chip.connection_state is ConnectionState.REFUSED:
        return _tr("connection refused: QR code limit reached")
    return _tr("the server closed the session without saying why")


def drop_advice(chip: Chip) -> str:
    """What to do about a drop."""
    found = reason(chip.disconnect_reason_code)
    if found is not None:
        return found.advice
    return _tr("Reconnect to show a new QR code.")
