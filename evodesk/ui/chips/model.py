"""The chips table: a model over frozen ``Chip`` values (its proxy that searches and filters them is in ``proxy``).

Refreshes patch rows in place (``dataChanged`` for changed rows, inserts and removals for the rest) so the
selection, the scroll position and the row being worked on survive a sync. Everything a keystroke in the search
box needs (a lower-case search key and a status bit mask per row) is computed when the chips arrive, so filtering
10,000 chips is a loop over plain Python strings and integers.

Sorting happens in the source model (``ChipsTableModel.sort``) on precomputed keys: a sorting proxy would call
back into Python for every comparison, which is far too slow for a large fleet. For the same reason the proxy
is a plain ``QAbstractProxyModel`` whose row mapping is two Python lists (see ``ChipsFilterProxy``).
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from operator import attrgetter
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QIcon

from evodesk.domain import Chip, ChipStatus, ConnectionState
from evodesk.services.validation import format_phone
from evodesk.ui.chips.filters import (
    BIT_ACTIVE,
    BIT_ATTENTION,
    BIT_CANCELLED,
    BIT_CONNECTED,
    BIT_PENDING,
    BIT_WARMING,
    FleetSummary,
    chip_flags,
    search_key,
)
from evodesk.ui.shared import reasons, widgets

ModelIndex = QModelIndex | QPersistentModelIndex

CHIP_ROLE = Qt.ItemDataRole.UserRole + 1
"""``data(index, CHIP_ROLE)`` is the row's ``Chip``."""
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
"""A value that sorts the column correctly (numbers for phones and dates)."""
BUSY_ROLE = Qt.ItemDataRole.UserRole + 3
"""True while an action runs on the row's chip."""


class Column(enum.IntEnum):
    """Columns of the chips table, in display order."""

    PHONE = 0
    INSTANCE = 1
    PROFILE = 2
    STATUS = 3
    CONNECTION = 4
    SINCE = 5
    UPDATED = 6


# The view calls data(), rowCount(), columnCount() and flags() thousands of times per repaint and per filter
# keystroke: the enum lookups they need are done once here (Column(n), len(Column) and Qt's enum attributes
# each cost a Python call in the hot path).
_COLUMNS = tuple(Column)
COLUMN_COUNT = len(_COLUMNS)
_DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)
_DECORATION_ROLE = int(Qt.ItemDataRole.DecorationRole)
_TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND_ROLE = int(Qt.ItemDataRole.ForegroundRole)
_ACCESSIBLE_TEXT_ROLE = int(Qt.ItemDataRole.AccessibleTextRole)
ANSWERED_ROLES = frozenset(
    {_DISPLAY_ROLE, _DECORATION_ROLE, _TOOLTIP_ROLE, _FOREGROUND_ROLE, _ACCESSIBLE_TEXT_ROLE}
    | {int(CHIP_ROLE), int(SORT_ROLE), int(BUSY_ROLE)}
)
_MUTED_BRUSH = QBrush(QColor(widgets.MUTED_TEXT))
ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
NO_FLAGS = Qt.ItemFlag.NoItemFlags

_STATUS_RANK = {ChipStatus.PENDING: 0, ChipStatus.WARMING: 1, ChipStatus.ACTIVE: 2, ChipStatus.CANCELLED: 3}
_CONNECTION_RANK = {
    ConnectionState.OPEN: 0,
    ConnectionState.CONNECTING: 1,
    ConnectionState.CLOSE: 2,
    ConnectionState.REFUSED: 3,
    ConnectionState.UNKNOWN: 4,
}


@lru_cache(maxsize=32768)
def _formatted_phone(digits: str) -> str:
    # phonenumbers is slow enough (tens of µs) that formatting only what is painted, once, matters at 10k rows.
    return format_phone(digits)


def _as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _timestamp(moment: datetime | None) -> float:
    return _as_utc(moment).timestamp() if moment is not None else float("-inf")


def format_moment(moment: datetime | None, fmt: QLocale.FormatType = QLocale.FormatType.ShortFormat) -> str:
    """A timestamp in the user's locale and time zone; empty for None."""
    if moment is None:
        return ""
    local = QDateTime.fromMSecsSinceEpoch(int(_as_utc(moment).timestamp() * 1000))
    return QLocale().toString(local, fmt)


def since_moment(chip: Chip) -> datetime | None:
    """The moment the "since" column shows: deleted at, connected since, or disconnected at."""
    if chip.is_cancelled:
        return chip.cancelled_at
    if chip.connection_state is ConnectionState.OPEN:
        return chip.connected_at
    return chip.disconnected_at


# The fields each column's sort key reads: a refresh that changes none of them cannot change the order.
_SORT_FIELDS: dict[Column, tuple[str, ...]] = {
    Column.PHONE: ("phone",),
    Column.INSTANCE: ("instance_name",),
    Column.PROFILE: ("profile_name",),
    Column.STATUS: ("status",),
    Column.CONNECTION: ("connection_state", "disconnect_reason_code"),
    Column.SINCE: ("status", "connection_state", "connected_at", "disconnected_at", "cancelled_at"),
    Column.UPDATED: ("updated_at",),
}


def _sort_key(column: Column) -> Callable[[Chip], Any]:
    # The id breaks ties, so equal keys keep a stable, predictable order.
    if column is Column.PHONE:
        return lambda c: (int(c.phone) if c.phone.isdigit() else 0, c.phone, c.id)
    if column is Column.INSTANCE:
        return lambda c: (c.instance_name.lower(), c.id)
    if column is Column.PROFILE:
        return lambda c: (c.profile_name is None, (c.profile_name or "").lower(), c.id)
    if column is Column.STATUS:
        return lambda c: (_STATUS_RANK[c.status], c.id)
    if column is Column.CONNECTION:
        return lambda c: (_CONNECTION_RANK[c.connection_state], c.disconnect_reason_code or 0, c.id)
    if column is Column.SINCE:
        return lambda c: (_timestamp(since_moment(c)), c.id)
    return lambda c: (_timestamp(c.updated_at), c.id)


class ChipsTableModel(QAbstractTableModel):
    """Table model over a list of ``Chip``; ``set_chips`` patches rows in place, matched by chip id."""

    # The fleet counts changed (a ``FleetSummary``).
    summaryChanged = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._chips: list[Chip] = []
        self._keys: list[str] = []
        self._flags: list[int] = []
        self._row_of: dict[int, int] = {}
        self._busy: set[int] = set()
        self._summary = FleetSummary()
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # -- data access -------------------------------------------------------------------------------------

    @property
    def summary(self) -> FleetSummary:
        """The current fleet counts."""
        return self._summary

    @property
    def chips(self) -> Sequence[Chip]:
        """The chips in row order (read-only view for callers)."""
        return tuple(self._chips)

    def chip_at(self, row: int) -> Chip:
        """The chip shown in ``row``."""
        return self._chips[row]

    def row_of(self, chip_id: int) -> int | None:
        """The row of a chip, or None when it is not in the model."""
        return self._row_of.get(chip_id)

    def chip_by_id(self, chip_id: int) -> Chip | None:
        """The chip with this id, or None."""
        row = self._row_of.get(chip_id)
        return None if row is None else self._chips[row]

    def is_busy(self, chip_id: int) -> bool:
        """True while an action runs on this chip."""
        return chip_id in self._busy

    def accepts(self, row: int, needle: str, digits: str | None, mask: int) -> bool:
        """Whether a row passes a search (``needle`` lower-case, ``digits`` for phone searches) and a mask.

        ``mask`` 0 means "every chip that is not cancelled".
        """
        return self.matching(needle, digits, mask, rows=range(row, row + 1))[0]

    def matching(self, needle: str, digits: str | None, mask: int, rows: range | None = None) -> list[bool]:
        """``accepts`` for every row at once (one comprehension instead of one Qt callback per row)."""
        if rows is not None:
            flags = [self._flags[row] for row in rows]
            keys = [self._keys[row] for row in rows]
            chips = [self._chips[row] for row in rows]
        else:
            flags, keys, chips = self._flags, self._keys, self._chips
        # Mask 0 ("all") means every chip that is not cancelled. Plain operators rather than bool() calls:
        # this runs over every chip on each keystroke that changes the search.
        passed = [flag & mask != 0 for flag in flags] if mask else [not flag & BIT_CANCELLED for flag in flags]
        if not needle:
            return passed
        if digits is None:
            return [ok and needle in key for ok, key in zip(passed, keys, strict=True)]
        phones = [chip.phone for chip in chips]
        return [ok and (needle in key or digits in phone) for ok, key, phone in zip(passed, keys, phones, strict=True)]

    # -- updates -----------------------------------------------------------------------------------------

    def set_chips(self, chips: Iterable[Chip]) -> None:
        """Show exactly ``chips``: rows are updated, inserted or removed, never reset."""
        incoming: dict[int, Chip] = {chip.id: chip for chip in chips}
        self._remove_missing(incoming)
        changed: list[int] = []
        sorted_on = self._sort_getter()
        reorder = False
        chips, keys, flags = self._chips, self._keys, self._flags
        # This loop runs over the whole fleet on the GUI thread at every refresh: it does as little per chip
        # as it can. Every write bumps a chip's version, so a new version settles "changed" without comparing
        # every field, and the search key is rebuilt only when a searched field changed.
        for row, old in enumerate(chips):
            new = incoming[old.id]
            if new is old or (new.version == old.version and new == old):
                continue
            chips[row] = new
            if (
                new.profile_name != old.profile_name
                or new.display_name != old.display_name
                or new.instance_name != old.instance_name
                or new.phone != old.phone
            ):
                keys[row] = search_key(new)
            flags[row] = chip_flags(new)
            changed.append(row)
            if not reorder and sorted_on is not None and sorted_on(old) != sorted_on(new):
                reorder = True
        self._emit_changed_ranges(changed)
        added = [chip for chip_id, chip in incoming.items() if chip_id not in self._row_of]
        if added:
            first = len(self._chips)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            for offset, chip in enumerate(added):
                self._chips.append(chip)
                self._keys.append(search_key(chip))
                self._flags.append(chip_flags(chip))
                self._row_of[chip.id] = first + offset
            self.endInsertRows()
        if (reorder or added) and self._sort_column >= 0:
            self._resort_if_needed()
        self._update_summary()

    def update_chip(self, chip: Chip) -> None:
        """Replace one chip (e.g. the result of an action) if it is shown; add it otherwise."""
        row = self._row_of.get(chip.id)
        if row is None:
            self.set_chips([*self._chips, chip])
            return
        if self._chips[row] == chip:
            return
        self._chips[row] = chip
        self._keys[row] = search_key(chip)
        self._flags[row] = chip_flags(chip)
        self._emit_changed_ranges([row])
        if self._sort_column >= 0:
            self._resort_if_needed()
        self._update_summary()

    def set_busy(self, chip_ids: Iterable[int], busy: bool) -> None:
        """Mark chips as being worked on (or not); their rows repaint."""
        rows: list[int] = []
        for chip_id in chip_ids:
            if busy:
                self._busy.add(chip_id)
            else:
                self._busy.discard(chip_id)
            row = self._row_of.get(chip_id)
            if row is not None:
                rows.append(row)
        self._emit_changed_ranges(sorted(rows))

    def _remove_missing(self, incoming: dict[int, Chip]) -> None:
        gone = sorted((row for chip_id, row in self._row_of.items() if chip_id not in incoming), reverse=True)
        if not gone:
            return
        # Remove contiguous blocks from the bottom up so earlier row numbers stay valid.
        start = end = gone[0]
        blocks: list[tuple[int, int]] = []
        for row in gone[1:]:
            if row == start - 1:
                start = row
            else:
                blocks.append((start, end))
                start = end = row
        blocks.append((start, end))
        for first, last in blocks:
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._chips[first : last + 1]
            del self._keys[first : last + 1]
            del self._flags[first : last + 1]
            self.endRemoveRows()
        self._row_of = {chip.id: row for row, chip in enumerate(self._chips)}

    def _emit_changed_ranges(self, rows: list[int]) -> None:
        if not rows:
            return
        last_column = self.columnCount() - 1
        start = prev = rows[0]
        for row in [*rows[1:], None]:
            if row is not None and row == prev + 1:
                prev = row
                continue
            self.dataChanged.emit(self.index(start, 0), self.index(prev, last_column))
            if row is not None:
                start = prev = row

    def _sort_getter(self) -> Callable[[Chip], Any] | None:
        """The chip fields the current sort reads, as one getter (None when the rows are not sorted)."""
        if not 0 <= self._sort_column < COLUMN_COUNT:
            return None
        return attrgetter(*_SORT_FIELDS[_COLUMNS[self._sort_column]])

    def _update_summary(self) -> None:
        connected = attention = pending = warming = active = cancelled = 0
        # Counted per distinct combination of bits (a handful) rather than per chip.
        for flags, count in Counter(self._flags).items():
            if flags & BIT_CANCELLED:
                cancelled += count
                continue
            connected += count if flags & BIT_CONNECTED else 0
            attention += count if flags & BIT_ATTENTION else 0
            pending += count if flags & BIT_PENDING else 0
            warming += count if flags & BIT_WARMING else 0
            active += count if flags & BIT_ACTIVE else 0
        summary = FleetSummary(len(self._flags), connected, attention, pending, warming, active, cancelled)
        if summary != self._summary:
            self._summary = summary
            self.summaryChanged.emit(summary)

    # -- sorting -----------------------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort rows on precomputed keys; persistent indexes (selection, current row) follow their chips."""
        self._sort_column = column
        self._sort_order = order
        if column < 0 or column >= len(Column):
            return
        self._apply_order(self._sorted_rows())

    def _sorted_rows(self) -> list[int]:
        key = _sort_key(Column(self._sort_column))
        keys = [key(chip) for chip in self._chips]
        return sorted(
            range(len(self._chips)),
            key=keys.__getitem__,
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )

    def _resort_if_needed(self) -> None:
        order = self._sorted_rows()
        if any(old != new for new, old in enumerate(order)):
            self._apply_order(order)

    def _apply_order(self, order: list[int]) -> None:
        if all(old == new for new, old in enumerate(order)):
            return
        self.layoutAboutToBeChanged.emit()
        new_row = [0] * len(order)
        for new, old in enumerate(order):
            new_row[old] = new
        persistent = self.persistentIndexList()
        moved = [self.index(new_row[index.row()], index.column()) for index in persistent]
        self._chips = [self._chips[old] for old in order]
        self._keys = [self._keys[old] for old in order]
        self._flags = [self._flags[old] for old in order]
        self._row_of = {chip.id: row for row, chip in enumerate(self._chips)}
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    # -- Qt model interface ------------------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of chips (a table has no children)."""
        return 0 if parent.isValid() else len(self._chips)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of columns."""
        return 0 if parent.isValid() else COLUMN_COUNT

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows are selectable, never editable."""
        return ROW_FLAGS if index.isValid() else NO_FLAGS

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """The index of a cell; Qt's own version checks the bounds by calling rowCount() and columnCount(), two
        calls into Python for each of the thousands of indexes a repaint or a filter change asks for."""
        if parent.isValid() or not (0 <= row < len(self._chips) and 0 <= column < COLUMN_COUNT):
            return QModelIndex()
        return self.createIndex(row, column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles and their tooltips."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._header_titles()[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tips().get(column)
        return None

    def _header_titles(self) -> dict[Column, str]:
        return {
            Column.PHONE: self.tr("Phone"),
            Column.INSTANCE: self.tr("Instance"),
            Column.PROFILE: self.tr("Profile name"),
            Column.STATUS: self.tr("Status"),
            Column.CONNECTION: self.tr("Connection"),
            Column.SINCE: self.tr("Since"),
            Column.UPDATED: self.tr("Last change"),
        }

    def _header_tips(self) -> dict[Column, str]:
        return {
            Column.STATUS: self.tr("Business status: pending → warming (after the first connection) → active"),
            Column.CONNECTION: self.tr("Live WhatsApp connection as the server last reported it"),
            Column.SINCE: self.tr("Connected since, disconnected at, or deleted at"),
            Column.UPDATED: self.tr("When this chip last changed in the database"),
        }

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, badge, tooltip, colour and sort value of one cell."""
        if role not in ANSWERED_ROLES or not index.isValid():
            # Most of what a delegate asks for (font, alignment, background, check state...) is Qt's default.
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, row: int, column_number: int, role: int) -> Any:
        """``data()`` of a cell given by row and column (the proxy calls it without building an index)."""
        if role not in ANSWERED_ROLES:
            return None
        chips = self._chips
        if not 0 <= row < len(chips):
            return None
        chip = chips[row]
        column = _COLUMNS[column_number]
        if role == _DISPLAY_ROLE:
            return self.display_text(chip, column)
        if role == CHIP_ROLE:
            return chip
        if role == BUSY_ROLE:
            return chip.id in self._busy
        if role == SORT_ROLE:
            return _sort_key(column)(chip)[0]
        if role == _DECORATION_ROLE:
            return self._badge_icon(chip) if column is Column.CONNECTION else None
        if role == _TOOLTIP_ROLE:
            return self._tooltip(chip, column)
        if role == _FOREGROUND_ROLE:
            return _MUTED_BRUSH if chip.is_cancelled else None
        if role == _ACCESSIBLE_TEXT_ROLE and column is Column.CONNECTION:
            return self.display_text(chip, column)
        return None

    def display_text(self, chip: Chip, column: Column) -> str:
        """The text of one cell (also used by the window's details panel)."""
        if column is Column.PHONE:
            return _formatted_phone(chip.phone)
        if column is Column.INSTANCE:
            return chip.instance_name
        if column is Column.PROFILE:
            return chip.profile_name or ""
        if column is Column.STATUS:
            return self.status_text(chip.status)
        if column is Column.CONNECTION:
            if chip.id in self._busy:
                return self.tr("Working…")
            return self.connection_text(chip)
        if column is Column.SINCE:
            return format_moment(since_moment(chip))
        return format_moment(chip.updated_at)

    def _badge_icon(self, chip: Chip) -> QIcon:
        if chip.id in self._busy:
            return widgets.busy_icon()
        if chip.is_cancelled:
            return widgets.dot_icon(widgets.CANCELLED_COLOR)
        return widgets.dot_icon(widgets.STATE_COLORS[chip.connection_state])

    def _tooltip(self, chip: Chip, column: Column) -> str | None:
        if column is Column.CONNECTION:
            return self.connection_tip(chip, busy=chip.id in self._busy)
        if column is Column.PHONE:
            return chip.phone
        if column is Column.SINCE:
            moment = since_moment(chip)
            if moment is None:
                return None
            text = format_moment(moment, QLocale.FormatType.LongFormat)
            if chip.is_cancelled:
                return self.tr("Deleted at {when}").format(when=text)
            if chip.connection_state is ConnectionState.OPEN:
                return self.tr("Connected since {when}").format(when=text)
            return self.tr("Disconnected at {when}").format(when=text)
        if column is Column.UPDATED:
            return format_moment(chip.updated_at, QLocale.FormatType.LongFormat)
        if column is Column.STATUS:
            return self.status_tip(chip.status)
        return None

    # -- operator wording (shared with the window's details panel) --------------------------------------

    def status_text(self, status: ChipStatus) -> str:
        """Translated business status."""
        return {
            ChipStatus.PENDING: self.tr("Pending"),
            ChipStatus.WARMING: self.tr("Warming"),
            ChipStatus.ACTIVE: self.tr("Active"),
            ChipStatus.CANCELLED: self.tr("Cancelled"),
        }[status]

    def status_tip(self, status: ChipStatus) -> str:
        """What a business status means."""
        return {
            ChipStatus.PENDING: self.tr("Pending: not connected yet, or disconnected by an operator"),
            ChipStatus.WARMING: self.tr("Warming: connected; the warm-up process will make it active"),
            ChipStatus.ACTIVE: self.tr("Active: warmed up and in use"),
            ChipStatus.CANCELLED: self.tr("Cancelled: the instance was deleted; the chip is kept for history"),
        }[status]

    def reason_text(self, code: int | None, *, short: bool = False) -> str | None:
        """Plain words for a WhatsApp disconnection reason code (``short`` for the badge); see ``reasons``."""
        return reasons.reason_text(code, short=short)

    def connection_text(self, chip: Chip) -> str:
        """Badge text: the state, with the reason of a disconnection in a few words."""
        if chip.is_cancelled:
            return self.tr("Deleted")
        state = chip.connection_state
        if state is ConnectionState.OPEN:
            return self.tr("Connected")
        if state is ConnectionState.CONNECTING:
            # The server offers QR codes whether or not a QR window shows them: "waiting" would promise a watcher.
            return self.tr("Not linked yet")
        if state is ConnectionState.REFUSED:
            return self.tr("QR limit reached")
        if state is ConnectionState.CLOSE:
            reason = self.reason_text(chip.disconnect_reason_code, short=True)
            return self.tr("Disconnected: {reason}").format(reason=reason) if reason else self.tr("Disconnected")
        return self.tr("Unknown")

    def connection_tip(self, chip: Chip, *, busy: bool = False) -> str:
        """Tooltip of the badge: what the state means and what to do next."""
        if busy:
            return self.tr("Working on this chip — wait for the action to finish")
        if chip.is_cancelled:
            return self.tr("Deleted — kept for history; no action is possible")
        state = chip.connection_state
        if state is ConnectionState.OPEN:
            return self.tr("Connected — use Disconnect to log WhatsApp out, or Restart if messages stall")
        if state is ConnectionState.CONNECTING:
            return self.tr(
                "Not linked yet: the server offers QR codes until one is scanned or its limit is reached — use "
                "Reconnect to show the QR code"
            )
        if state is ConnectionState.REFUSED:
            return self.tr("The server stopped offering QR codes — use Reconnect to start again")
        if state is ConnectionState.CLOSE:
            reason = self.reason_text(chip.disconnect_reason_code)
            tip = self.tr("Disconnected — use Reconnect to show a new QR code")
            return f"{tip}\n{self.tr('Reason: {reason}').format(reason=reason)}" if reason else tip
        return self.tr("The server has not reported this instance's state — press Refresh (F5)")
