"""The words of the audit trail, and the CSV exports of the trail and of the chips list.

CSV files are written by :mod:`evodesk.services.export` on a worker (its module docstring explains the pt_BR
Excel dialect); ``CsvExporter`` asks where, writes off the GUI thread and reports the outcome.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale, QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from evodesk.domain import Chip, ChipStatus
from evodesk.services import AuditRow, format_phone
from evodesk.services.export import Cell, write_csv
from evodesk.ui.chips.model import ChipsTableModel, Column, since_moment
from evodesk.ui.shared.messages import describe_error
from evodesk.ui.tasks.runner import TaskHandle, TaskRunner

# The translation context of these words: they were first the audit view's.
_CTX = "AuditView"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


# -- wording -----------------------------------------------------------------------------------------------


# The actions evodesk records (others may come from other tools sharing the database).
ACTION_CODES = (
    "create",
    "disconnect",
    "reconnect",
    "restart",
    "delete",
    "sync",
    "connected",
    "qr_refused",
    "recreate",
    "adopt",
    "mark_cancelled",
    "check_connection",
    "drop",
    "set_status",
)


def when_text(moment: datetime) -> str:
    """An event's time in the operator's date format and time zone, to the second (order matters in a trail)."""
    locale = QLocale()
    local = QDateTime.fromMSecsSinceEpoch(int(moment.timestamp() * 1000))
    return locale.toString(local, locale.dateFormat(QLocale.FormatType.ShortFormat) + " HH:mm:ss")


def action_text(action: str) -> str:
    """An audit action in the operator's words (unknown actions, e.g. from other tools, as they are)."""
    known = {
        "create": _tr("Created"),
        "disconnect": _tr("Disconnected by an operator"),
        "reconnect": _tr("Reconnect (new QR code)"),
        "restart": _tr("Restarted"),
        "delete": _tr("Deleted"),
        "sync": _tr("Updated from the server"),
        "connected": _tr("Connected (QR code scanned)"),
        "qr_refused": _tr("QR code limit reached"),
        "recreate": _tr("Instance created again"),
        "adopt": _tr("Adopted from the server"),
        "mark_cancelled": _tr("Marked cancelled (instance gone)"),
        "check_connection": _tr("Live state checked"),
        "drop": _tr("Connection dropped"),
        "set_status": _tr("Status set by an operator"),
    }
    return known.get(action, action)


def details_text(details: str | None) -> str:
    """An event's details in the operator's words: ``field: before → after`` parts with known names translated.

    The database keeps them language-neutral (``connection_state: open → close; disconnect_reason_code: (none)
    → 401``); parts evodesk does not know (other tools, free text) are shown as they are.
    """
    if not details:
        return ""
    names = {
        "status": _tr("Status"),
        "connection_state": _tr("Connection"),
        "disconnect_reason_code": _tr("Reason code"),
        "profile_name": _tr("Profile"),
        "owner_jid": _tr("WhatsApp account"),
        "phone": _tr("Phone"),
        "instance_name": _tr("Instance"),
    }
    values = {
        "(none)": "—",
        "open": _tr("connected"),
        "close": _tr("disconnected"),
        "connecting": _tr("connecting"),
        "unknown": _tr("unknown"),
        **{status.value: status_text(status) for status in ChipStatus},
    }
    shown = []
    for part in details.split("; "):
        name, colon, change = part.partition(": ")
        if not colon or name not in names:
            shown.append(part)
            continue
        sides = [values.get(side, side) for side in change.split(" → ")]
        shown.append(f"{names[name]}: {' → '.join(sides)}")
    return "; ".join(shown)


def status_text(status: ChipStatus | None) -> str:
    """A business status as the chips table words it (same translations)."""
    if status is None:
        return ""
    return {
        ChipStatus.PENDING: QCoreApplication.translate("ChipsTableModel", "Pending"),
        ChipStatus.WARMING: QCoreApplication.translate("ChipsTableModel", "Warming"),
        ChipStatus.ACTIVE: QCoreApplication.translate("ChipsTableModel", "Active"),
        ChipStatus.CANCELLED: QCoreApplication.translate("ChipsTableModel", "Cancelled"),
    }[status]


def local_moment(moment: datetime) -> datetime:
    """An aware timestamp in the computer's time zone (what the operator reads; ISO keeps the offset)."""
    return moment.astimezone()


# -- CSV ---------------------------------------------------------------------------------------------------


def csv_phone(digits: str) -> str:
    """The formatted phone for a spreadsheet: ``55 11 98765-4321``, without the ``+`` a spreadsheet adds up."""
    return format_phone(digits).lstrip("+")


def audit_header() -> list[str]:
    """Column titles of the audit CSV (the table's, with the phone in two forms)."""
    return [
        _tr("When"),
        _tr("Operator"),
        _tr("Computer"),
        _tr("Phone (E.164)"),
        _tr("Phone"),
        _tr("Instance"),
        _tr("Action"),
        _tr("Status before"),
        _tr("Status after"),
        _tr("Details"),
    ]


def audit_csv_row(row: AuditRow) -> list[Cell]:
    """One event as a CSV row: the table's texts, the time in ISO 8601 and the phone also as E.164 digits."""
    event, chip = row.event, row.chip
    return [
        local_moment(event.at),
        event.os_user,
        event.host,
        chip.phone if chip is not None else None,
        csv_phone(chip.phone) if chip is not None else None,
        chip.instance_name if chip is not None else None,
        action_text(event.action),
        status_text(event.status_before),
        status_text(event.status_after),
        details_text(event.details),
    ]


def export_audit_csv(path: str | os.PathLike[str], rows: Sequence[AuditRow]) -> int:
    """Write the audit rows to ``path`` (see :mod:`evodesk.services.export`); returns the number of rows."""
    return write_csv(path, audit_header(), (audit_csv_row(row) for row in rows))


def chips_header(model: ChipsTableModel) -> list[str]:
    """Column titles of the chips CSV: the table's, with the phone first as E.164 digits."""
    titles = [str(model.headerData(column, Qt.Orientation.Horizontal)) for column in Column]
    return [_tr("Phone (E.164)"), *titles]


def chips_csv_row(model: ChipsTableModel, chip: Chip) -> list[Cell]:
    """One chip as the table shows it (timestamps in ISO 8601)."""
    cells: list[Cell] = [chip.phone]
    for column in Column:
        if column is Column.PHONE:
            cells.append(csv_phone(chip.phone))
        elif column is Column.CONNECTION:
            # Not display_text: a row being worked on shows "Working…", which is not the chip's state.
            cells.append(model.connection_text(chip))
        elif column is Column.SINCE:
            moment = since_moment(chip)
            cells.append(local_moment(moment) if moment is not None else None)
        elif column is Column.UPDATED:
            cells.append(local_moment(chip.updated_at))
        else:
            cells.append(model.display_text(chip, column))
    return cells


def export_chips_csv(path: str | os.PathLike[str], model: ChipsTableModel, chips: Sequence[Chip]) -> int:
    """Write ``chips`` (the rows of the table, in its order) to ``path``; returns the number of rows.

    Safe on a worker thread: the texts come from the model's wording methods, which read only the frozen chip and
    the translations (``QCoreApplication.translate`` is thread-safe).
    """
    return write_csv(path, chips_header(model), (chips_csv_row(model, chip) for chip in chips))


class CsvExporter(QObject):
    """Asks where to save (``QFileDialog``), writes on a worker, reports the outcome.

    ``write`` receives the chosen path and returns the number of rows written; it runs on a worker thread.
    """

    # (path, rows written)
    exported = Signal(str, int)
    # (path, error text)
    failed = Signal(str, str)

    def __init__(self, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self.running: TaskHandle | None = None

    def ask(self, parent: QWidget, title: str, default_name: str, chosen: Callable[[str], object]) -> QFileDialog:
        """Open a save dialog; ``chosen(path)`` runs on the GUI thread once the operator picked a file."""
        start = os.path.join(os.path.expanduser("~"), default_name)
        dialog = QFileDialog(parent, title, start, _tr("CSV files (*.csv)"))
        dialog.setObjectName("csvFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(chosen)
        dialog.open()
        return dialog

    def export(self, path: str, write: Callable[[str], int]) -> TaskHandle:
        """Run ``write(path)`` on a worker; ``exported`` or ``failed`` follows.

        ``write`` must work on data captured beforehand on the GUI thread, never on live widgets or models.
        """
        self.running = self._runner.submit(
            partial(write, path),
            on_success=lambda count: self.exported.emit(path, int(count)),
            on_error=lambda exc: self.failed.emit(path, _failure_text(exc)),
            owner=self,
        )
        return self.running


def _failure_text(exc: BaseException) -> str:
    # A file error says it best itself ("Permission denied: ..."); anything else in the usual words.
    return str(exc) if isinstance(exc, OSError) else describe_error(exc)
