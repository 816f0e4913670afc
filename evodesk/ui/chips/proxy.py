"""The chips table's proxy: search (phone, instance, profile) and status filter over ``ChipsTableModel``.

The row mapping is two Python lists built from the model's precomputed keys (see the model's module docstring):
measured faster than ``QSortFilterProxyModel`` at 10,000 rows, and checked by qtmodeltester.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractProxyModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Slot

from evodesk.domain import Chip
from evodesk.ui.chips.filters import FILTER_MASKS, PHONE_QUERY, StatusFilter
from evodesk.ui.chips.model import ANSWERED_ROLES, COLUMN_COUNT, NO_FLAGS, ROW_FLAGS, ChipsTableModel

ModelIndex = QModelIndex | QPersistentModelIndex


class ChipsFilterProxy(QAbstractProxyModel):
    """Search (phone, instance, profile) and status filter over ``ChipsTableModel``.

    Cancelled chips are hidden unless the status filter is ``CANCELLED``. Rows keep the source model's order
    (sorting is delegated to it). The mapping is two Python lists built from the model's precomputed keys, not
    a ``QSortFilterProxyModel``: that one asks Python about every row on every filter change (``filterAcceptsRow``
    10,000 times per keystroke) and answers each cell through two more calls into Python.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: ChipsTableModel | None = None
        self._needle = ""
        self._digits: str | None = None
        self._mask = 0
        self._filter = StatusFilter.ALL
        # Proxy row → source row, ascending.
        self._rows: list[int] = []
        # Source row → proxy row, or -1 for a row filtered out.
        self._position: list[int] = []
        # Proxy persistent indexes and where they were in the source, kept across a layout change.
        self._saved: list[tuple[QModelIndex, int]] = []
        self._saved_source: list[tuple[QModelIndex, QPersistentModelIndex]] = []
        # The block of proxy rows a source removal takes away, from "about to be removed" to "removed".
        self._removing = (0, -1)

    # -- source ------------------------------------------------------------------------------------------

    def setSourceModel(self, model: ChipsTableModel) -> None:  # type: ignore[override]
        """Only a ``ChipsTableModel`` can be filtered: the filter reads its precomputed keys."""
        self.beginResetModel()
        old = self._source
        if old is not None:
            for signal, slot in self._connections(old):
                signal.disconnect(slot)
        self._source = model
        super().setSourceModel(model)
        for signal, slot in self._connections(model):
            signal.connect(slot)
        self._rebuild()
        self.endResetModel()

    def _connections(self, model: ChipsTableModel) -> list[tuple[Any, Callable[..., None]]]:
        return [
            (model.dataChanged, self._source_data_changed),
            (model.headerDataChanged, self.headerDataChanged.emit),
            (model.rowsAboutToBeInserted, self._source_rows_about_to_be_inserted),
            (model.rowsInserted, self._source_rows_inserted),
            (model.rowsAboutToBeRemoved, self._source_rows_about_to_be_removed),
            (model.rowsRemoved, self._source_rows_removed),
            (model.layoutAboutToBeChanged, self._source_layout_about_to_change),
            (model.layoutChanged, self._source_layout_changed),
            (model.modelAboutToBeReset, self.beginResetModel),
            (model.modelReset, self._source_reset),
        ]

    def _verdicts(self, rows: range | None = None) -> list[bool]:
        assert self._source is not None
        return self._source.matching(self._needle, self._digits, self._mask, rows)

    def _rebuild(self, verdicts: list[bool] | None = None) -> None:
        """Recompute the mapping from the current filter (or from ``verdicts`` for every source row)."""
        if self._source is None:
            self._rows, self._position = [], []
            return
        if verdicts is None:
            verdicts = self._verdicts()
        self._rows = [row for row, ok in enumerate(verdicts) if ok]
        position = [-1] * len(verdicts)
        for proxy_row, source_row in enumerate(self._rows):
            position[source_row] = proxy_row
        self._position = position

    def _shown(self) -> list[bool]:
        """Which source rows are shown now."""
        return [row >= 0 for row in self._position]

    # -- filter ------------------------------------------------------------------------------------------

    @property
    def search_text(self) -> str:
        """The current search, lower-case and trimmed."""
        return self._needle

    @property
    def status_filter(self) -> StatusFilter:
        """The current status filter."""
        return self._filter

    def set_search(self, text: str) -> None:
        """Filter on ``text`` (case-insensitive); a phone typed with or without formatting matches."""
        needle = text.strip().lower()
        digits: str | None = None
        if PHONE_QUERY.match(needle):
            digits = "".join(ch for ch in needle if ch.isdigit()) or None
        if needle == self._needle and digits == self._digits:
            return
        self._needle = needle
        self._digits = digits
        self._refilter()

    def set_status_filter(self, value: StatusFilter) -> None:
        """Show only chips of one category (``ALL`` = every chip that is not cancelled)."""
        value = StatusFilter(value)
        if value is self._filter:
            return
        self._filter = value
        self._mask = FILTER_MASKS.get(value, 0)
        self._refilter()

    def _refilter(self) -> None:
        """Apply the filter: one layout change, and none at all when the same rows pass (typing "f", "fl"...)."""
        if self._source is None:
            return
        verdicts = self._verdicts()
        if verdicts == self._shown():
            return
        self._begin_layout_change()
        self._rebuild(verdicts)
        self._end_layout_change()

    def _begin_layout_change(self) -> None:
        self.layoutAboutToBeChanged.emit()
        self._saved = [(index, self._rows[index.row()]) for index in self.persistentIndexList() if index.isValid()]

    def _end_layout_change(self) -> None:
        """Move the persistent indexes (selection, current row) to their rows' new places, or drop them."""
        saved, self._saved = self._saved, []
        old = [index for index, _row in saved]
        new = [self._proxy_index(source_row, index.column()) for index, source_row in saved]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    def _proxy_index(self, source_row: int, column: int) -> QModelIndex:
        if not 0 <= source_row < len(self._position):
            return QModelIndex()
        row = self._position[source_row]
        return QModelIndex() if row < 0 else self.createIndex(row, column)

    # -- following the source ----------------------------------------------------------------------------

    @Slot(QModelIndex, QModelIndex, "QList<int>")
    def _source_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles: list[int]) -> None:
        first, last = top_left.row(), bottom_right.row()
        if first < 0 or last < first:
            return
        # A refresh can move a chip into or out of the filter (it connected, or was deleted).
        verdicts = self._verdicts(range(first, last + 1))
        if any(ok != (self._position[row] >= 0) for ok, row in zip(verdicts, range(first, last + 1), strict=True)):
            self._begin_layout_change()
            self._rebuild()
            self._end_layout_change()
        # The shown rows of a source range are one block of proxy rows: the mapping keeps the source order.
        start = bisect_left(self._rows, first)
        stop = bisect_right(self._rows, last) - 1
        if start <= stop:
            self.dataChanged.emit(
                self.createIndex(start, top_left.column()), self.createIndex(stop, bottom_right.column()), roles
            )

    @Slot(QModelIndex, int, int)
    def _source_rows_about_to_be_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        pass  # the rows are not in the source yet: nothing to judge them by until they are

    @Slot(QModelIndex, int, int)
    def _source_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        count = last - first + 1
        verdicts = self._verdicts(range(first, last + 1))
        shown = [first + offset for offset, ok in enumerate(verdicts) if ok]
        at = bisect_left(self._rows, first)
        if shown:
            self.beginInsertRows(QModelIndex(), at, at + len(shown) - 1)
        rows = [row if row < first else row + count for row in self._rows]
        rows[at:at] = shown
        self._rows = rows
        position = [-1] * (len(self._position) + count)
        for proxy_row, source_row in enumerate(rows):
            position[source_row] = proxy_row
        self._position = position
        if shown:
            self.endInsertRows()

    @Slot(QModelIndex, int, int)
    def _source_rows_about_to_be_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        start = bisect_left(self._rows, first)
        stop = bisect_right(self._rows, last) - 1
        self._removing = (start, stop)
        if start <= stop:
            self.beginRemoveRows(QModelIndex(), start, stop)

    @Slot(QModelIndex, int, int)
    def _source_rows_removed(self, parent: QModelIndex, first: int, last: int) -> None:
        start, stop = self._removing
        count = last - first + 1
        rows = self._rows[:start] + self._rows[stop + 1 :]
        self._rows = [row if row < first else row - count for row in rows]
        position = [-1] * (len(self._position) - count)
        for proxy_row, source_row in enumerate(self._rows):
            position[source_row] = proxy_row
        self._position = position
        if start <= stop:
            self.endRemoveRows()

    @Slot()
    def _source_layout_about_to_change(self) -> None:
        self.layoutAboutToBeChanged.emit()
        # The source moves its own persistent indexes; ours follow them through these.
        self._saved_source = [
            (index, QPersistentModelIndex(self.mapToSource(index)))
            for index in self.persistentIndexList()
            if index.isValid()
        ]

    @Slot()
    def _source_layout_changed(self) -> None:
        saved, self._saved_source = self._saved_source, []
        self._rebuild()
        old = [index for index, _source in saved]
        new = [self._proxy_index(source.row(), index.column()) for index, source in saved]
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()

    @Slot()
    def _source_reset(self) -> None:
        self._rebuild()
        self.endResetModel()

    # -- Qt model interface ------------------------------------------------------------------------------

    def mapToSource(self, proxy_index: ModelIndex) -> QModelIndex:
        """The source index of a proxy index."""
        if self._source is None or not proxy_index.isValid() or proxy_index.row() >= len(self._rows):
            return QModelIndex()
        return self._source.index(self._rows[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: ModelIndex) -> QModelIndex:
        """The proxy index of a source index (invalid when its row is filtered out)."""
        if not source_index.isValid():
            return QModelIndex()
        return self._proxy_index(source_index.row(), source_index.column())

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """The index of a shown cell."""
        if parent.isValid() or not (0 <= row < len(self._rows) and 0 <= column < COLUMN_COUNT):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: ModelIndex | None = None) -> Any:
        """A table has no parents; without an argument, the QObject parent."""
        if child is None:
            return QObject.parent(self)
        return QModelIndex()

    def sibling(self, row: int, column: int, index: ModelIndex) -> QModelIndex:
        """Another cell of the table."""
        return self.index(row, column)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of chips shown."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        """Number of columns."""
        return 0 if parent.isValid() else COLUMN_COUNT

    def hasChildren(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        """Only the root has rows."""
        return not parent.isValid() and bool(self._rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The source's data for a shown cell, asked directly rather than through a source index."""
        if role not in ANSWERED_ROLES or self._source is None or not index.isValid():
            return None
        row = index.row()
        if row >= len(self._rows):
            return None
        return self._source.cell(self._rows[row], index.column(), role)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows are selectable, never editable."""
        return ROW_FLAGS if index.isValid() else NO_FLAGS

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The source's column titles (columns are never filtered)."""
        if self._source is None or orientation != Qt.Orientation.Horizontal:
            return None
        return self._source.headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the source model instead (see the module docstring)."""
        if self._source is not None:
            self._source.sort(column, order)

    def chip(self, index: ModelIndex) -> Chip | None:
        """The chip of a proxy index."""
        if not index.isValid() or self._source is None or index.row() >= len(self._rows):
            return None
        return self._source.chip_at(self._rows[index.row()])
