"""The operator's actions on chips: which there are, when each applies, and the one confirmation they share.

Single-chip and bulk actions use the same ``ChipAction`` values (they are also the prefix of the actions' object
names: ``disconnectAction``, ``disconnectButton``) and the same ``confirm``, which words its question for one chip
or for several.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from evodesk.domain import Chip, ConnectionState
from evodesk.services import format_phone

# How many chips a confirmation lists by phone and instance before "… and N more".
LISTED = 8
_CTX = "ChipActions"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


class ChipAction(enum.StrEnum):
    """What the operator can do to a chip."""

    DISCONNECT = "disconnect"
    RECONNECT = "reconnect"
    RESTART = "restart"
    DELETE = "delete"
    SETTINGS = "chipSettings"  # behaviour, proxy and profile: its own dialog, for one chip or many


# Actions that can run over several chips at once (reconnect shows one QR dialog, so it is for one chip).
BULK_ACTIONS = (ChipAction.DISCONNECT, ChipAction.RESTART, ChipAction.DELETE)
# Actions that destroy something the operator would have to redo: asked before they run.
CONFIRMED_ACTIONS = (ChipAction.DISCONNECT, ChipAction.DELETE)


def allowed(action: ChipAction | str, chip: Chip) -> bool:
    """Whether ``action`` makes sense for ``chip`` in its current state."""
    if chip.is_cancelled:
        return False
    if action == ChipAction.SETTINGS:
        return True
    state = chip.connection_state
    if action in (ChipAction.DISCONNECT, ChipAction.RESTART):
        return state in (ConnectionState.OPEN, ConnectionState.CONNECTING)
    if action == ChipAction.RECONNECT:
        return state is not ConnectionState.OPEN
    return action == ChipAction.DELETE


def eligible(action: ChipAction | str, chips: Sequence[Chip], busy: Callable[[int], bool]) -> list[Chip]:
    """The chips ``action`` applies to that nothing is being done to already."""
    return [chip for chip in chips if allowed(action, chip) and not busy(chip.id)]


def _one_chip_words(action: ChipAction, chip: Chip) -> tuple[str, str, str, str]:
    phone, instance = format_phone(chip.phone), chip.instance_name
    if action == ChipAction.DELETE:
        return (
            _tr("Delete chip"),
            _tr("Delete {phone} (instance “{instance}”)?").format(phone=phone, instance=instance),
            _tr(
                "The instance is removed from the Evolution server and the chip is marked cancelled. "
                "Its history stays in the database. This cannot be undone."
            ),
            _tr("Delete"),
        )
    if action == ChipAction.DISCONNECT:
        return (
            _tr("Disconnect chip"),
            _tr("Disconnect WhatsApp from {phone} (instance “{instance}”)?").format(phone=phone, instance=instance),
            _tr(
                "The instance stays on the server and the chip goes back to pending. "
                "Connecting it again needs a new QR code scan."
            ),
            _tr("Disconnect"),
        )
    raise ValueError(f"{action} of one chip runs without a confirmation")


def _several_chips_words(action: ChipAction, count: int) -> tuple[str, str, str, str]:
    if action == ChipAction.DELETE:
        return (
            _tr("Delete chips"),
            QCoreApplication.translate(_CTX, "Delete these %n chip(s)?", "", count),
            _tr(
                "The instances are removed from the Evolution server and the chips are marked cancelled. "
                "Their history stays in the database. This cannot be undone."
            ),
            QCoreApplication.translate(_CTX, "Delete %n chip(s)", "", count),
        )
    if action == ChipAction.DISCONNECT:
        return (
            _tr("Disconnect chips"),
            QCoreApplication.translate(_CTX, "Disconnect these %n chip(s)?", "", count),
            _tr(
                "WhatsApp is logged out on each; the instances stay on the server and the chips go back to "
                "pending. Connecting them again needs a new QR code scan."
            ),
            QCoreApplication.translate(_CTX, "Disconnect %n chip(s)", "", count),
        )
    return (
        _tr("Restart chips"),
        QCoreApplication.translate(_CTX, "Restart these %n chip(s)?", "", count),
        _tr("Each WhatsApp session is closed and opened again; messages pause for a few seconds."),
        QCoreApplication.translate(_CTX, "Restart %n chip(s)", "", count),
    )


def confirm(parent: QWidget, action: ChipAction, chips: Sequence[Chip]) -> bool:
    """Ask once before ``action`` runs on ``chips``; True when the operator agreed.

    For one chip the question names its phone and instance; for several it names the count and lists the first
    few. The default button is Cancel. A short modal question: refreshes and workers keep running meanwhile.
    """
    if len(chips) == 1:
        title, question, detail, button = _one_chip_words(action, chips[0])
    else:
        title, question, detail, button = _several_chips_words(action, len(chips))
        listed = "\n".join(f"• {format_phone(chip.phone)} ({chip.instance_name})" for chip in chips[:LISTED])
        if len(chips) > LISTED:
            listed += "\n" + QCoreApplication.translate(_CTX, "… and %n more", "", len(chips) - LISTED)
        question = question + "\n\n" + listed
    box = QMessageBox(QMessageBox.Icon.Warning, title, question, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("confirmDialog")
    box.setInformativeText(detail)
    accept = box.addButton(button, QMessageBox.ButtonRole.AcceptRole)
    accept.setObjectName("confirmButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    answer = box.clickedButton() is accept
    box.deleteLater()
    return answer


def done_text(action: ChipAction, instance: str) -> str:
    """The status bar's line once ``action`` succeeded on one chip."""
    texts = {
        ChipAction.DISCONNECT: _tr("“{instance}” disconnected"),
        ChipAction.DELETE: _tr("“{instance}” deleted"),
        ChipAction.RESTART: _tr("“{instance}” restarted"),
    }
    return texts[action].format(instance=instance)


def failed_title(action: ChipAction) -> str:
    """The title of the message box when ``action`` failed."""
    return {
        ChipAction.DISCONNECT: _tr("Disconnect failed"),
        ChipAction.DELETE: _tr("Delete failed"),
        ChipAction.RESTART: _tr("Restart failed"),
        ChipAction.RECONNECT: _tr("Reconnect failed"),
    }[action]
