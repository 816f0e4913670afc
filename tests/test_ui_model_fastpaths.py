"""The chips model's shortcuts for large fleets give the same results as doing all the work."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication

from evodesk.domain import Chip, ChipStatus, ConnectionState
from evodesk.ui.chips.filters import StatusFilter
from evodesk.ui.chips.model import ChipsTableModel, Column
from evodesk.ui.chips.proxy import ChipsFilterProxy

pytestmark = pytest.mark.gui

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def chip(chip_id: int, **changes: object) -> Chip:
    base = Chip(
        id=chip_id,
        phone=f"55119{chip_id:08d}",
        instance_name=f"fleet-{chip_id:03d}",
        display_name=None,
        status=ChipStatus.PENDING,
        evolution_connected=False,
        connection_state=ConnectionState.CLOSE,
        owner_jid=None,
        profile_name=f"Loja {chip_id}",
        disconnect_reason_code=None,
        connected_at=None,
        disconnected_at=T0,
        cancelled_at=None,
        created_at=T0,
        updated_at=T0 + timedelta(seconds=chip_id),
        version=1,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


class Signals:
    """Counts the proxy's structural signals."""

    def __init__(self, proxy: ChipsFilterProxy) -> None:
        self.layouts = 0
        self.data = 0
        proxy.layoutChanged.connect(self._layout)
        proxy.dataChanged.connect(self._data)

    def _layout(self, *_args: object) -> None:
        self.layouts += 1

    def _data(self, *_args: object) -> None:
        self.data += 1


@pytest.fixture
def model(qapp: QApplication) -> Iterator[ChipsTableModel]:
    model = ChipsTableModel()
    yield model
    model.deleteLater()


@pytest.fixture
def proxy(model: ChipsTableModel) -> Iterator[ChipsFilterProxy]:
    proxy = ChipsFilterProxy()
    proxy.setSourceModel(model)
    yield proxy
    proxy.deleteLater()


def names(proxy: ChipsFilterProxy) -> list[str]:
    return [proxy.data(proxy.index(row, Column.INSTANCE)) for row in range(proxy.rowCount())]


def test_a_keystroke_that_lets_the_same_rows_through_does_not_remap(
    model: ChipsTableModel, proxy: ChipsFilterProxy
) -> None:
    model.set_chips([chip(n) for n in range(1, 13)])
    proxy.set_search("fleet-01")
    assert names(proxy) == ["fleet-010", "fleet-011", "fleet-012"]
    signals = Signals(proxy)

    proxy.set_search("fleet-01 ")  # trimmed: the same search
    proxy.set_search("fleet-0")  # now every chip matches: one re-map
    assert signals.layouts == 1
    proxy.set_search("fleet-")
    assert signals.layouts == 1  # "fleet-0" and "fleet-" let every chip through
    assert names(proxy) == [f"fleet-{n:03d}" for n in range(1, 13)]
    proxy.set_search("fleet-011")
    assert signals.layouts == 2
    assert names(proxy) == ["fleet-011"]


def test_the_cached_verdicts_follow_a_refresh_before_a_keystroke(
    model: ChipsTableModel, proxy: ChipsFilterProxy
) -> None:
    model.set_chips([chip(n) for n in range(1, 4)])
    proxy.set_search("loja")
    assert len(names(proxy)) == 3
    # The refresh renames a profile: the next keystroke must see the new text, not the cached verdicts.
    model.set_chips([chip(1, profile_name="Mercado", version=2), chip(2), chip(3)])
    proxy.set_search("mercado")
    assert names(proxy) == ["fleet-001"]
    proxy.set_status_filter(StatusFilter.ATTENTION)
    assert names(proxy) == ["fleet-001"]


def test_rows_removed_by_a_refresh_are_not_judged_from_stale_verdicts(
    model: ChipsTableModel, proxy: ChipsFilterProxy
) -> None:
    model.set_chips([chip(n) for n in range(1, 5)])
    proxy.set_search("fleet")
    model.set_chips([chip(1), chip(3), chip(4)])
    proxy.set_search("fleet-00")
    assert names(proxy) == ["fleet-001", "fleet-003", "fleet-004"]
    proxy.set_search("fleet-003")
    assert names(proxy) == ["fleet-003"]


def test_a_changed_chip_with_the_same_version_is_still_shown(model: ChipsTableModel, proxy: ChipsFilterProxy) -> None:
    model.set_chips([chip(1), chip(2)])
    # Chips from the database always carry a new version when they change; one that does not is compared in full.
    model.set_chips([chip(1, connection_state=ConnectionState.OPEN), chip(2)])
    assert model.chip_by_id(1) is not None
    assert model.chip_by_id(1).connection_state is ConnectionState.OPEN  # type: ignore[union-attr]
    assert model.summary.connected == 1


def test_a_refresh_that_leaves_the_sorted_column_alone_keeps_the_layout(
    model: ChipsTableModel, proxy: ChipsFilterProxy
) -> None:
    model.set_chips([chip(n, profile_name=f"Loja {10 - n}") for n in range(1, 6)])
    proxy.sort(Column.INSTANCE)
    signals = Signals(proxy)

    model.set_chips(
        [chip(n, profile_name=f"Loja {10 - n}", connection_state=ConnectionState.OPEN, version=2) for n in range(1, 6)]
    )

    assert signals.layouts == 0
    assert signals.data >= 1
    assert names(proxy) == [f"fleet-{n:03d}" for n in range(1, 6)]


def test_a_refresh_that_changes_the_sorted_column_resorts(model: ChipsTableModel, proxy: ChipsFilterProxy) -> None:
    model.set_chips([chip(n, profile_name=f"Loja {n}") for n in range(1, 6)])
    proxy.sort(Column.PROFILE, Qt.SortOrder.AscendingOrder)
    assert names(proxy) == [f"fleet-{n:03d}" for n in range(1, 6)]

    model.set_chips([chip(n, profile_name=f"Loja {10 - n}", version=2) for n in range(1, 6)])

    assert names(proxy) == [f"fleet-{n:03d}" for n in range(5, 0, -1)]


def test_indexes_outside_the_table_are_invalid(model: ChipsTableModel) -> None:
    model.set_chips([chip(1), chip(2)])
    assert model.index(1, Column.UPDATED).isValid()
    assert not model.index(2, 0).isValid()
    assert not model.index(0, len(Column)).isValid()
    assert not model.index(-1, 0).isValid()
    assert not model.index(0, 0, model.index(0, 0)).isValid()
    assert model.index(0, 0, QModelIndex()).row() == 0
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags
    assert model.data(model.index(0, Column.PHONE), Qt.ItemDataRole.FontRole) is None


def test_summary_counts_match_a_chip_by_chip_count(model: ChipsTableModel) -> None:
    states = list(ConnectionState)
    statuses = list(ChipStatus)
    chips = [chip(n, status=statuses[n % len(statuses)], connection_state=states[n % len(states)]) for n in range(60)]
    model.set_chips(chips)
    live = [c for c in chips if c.status is not ChipStatus.CANCELLED]
    summary = model.summary
    assert summary.total == len(chips)
    assert summary.cancelled == len(chips) - len(live)
    assert summary.connected == sum(c.connection_state is ConnectionState.OPEN for c in live)
    assert summary.attention == sum(
        c.connection_state in (ConnectionState.CLOSE, ConnectionState.REFUSED, ConnectionState.UNKNOWN) for c in live
    )
    assert summary.pending == sum(c.status is ChipStatus.PENDING for c in live)
    assert summary.warming == sum(c.status is ChipStatus.WARMING for c in live)
    assert summary.active == sum(c.status is ChipStatus.ACTIVE for c in live)


# -- the proxy follows the source -----------------------------------------------------------------------------


def test_a_selected_row_follows_its_chip_through_a_resort_and_a_filter(
    model: ChipsTableModel, proxy: ChipsFilterProxy
) -> None:
    model.set_chips([chip(n, profile_name=f"Loja {n}") for n in range(1, 6)])
    proxy.sort(Column.PROFILE)
    selected = QPersistentModelIndex(proxy.index(1, Column.PHONE))  # fleet-002
    assert proxy.chip(proxy.index(selected.row(), 0)).id == 2  # type: ignore[union-attr]

    proxy.sort(Column.PROFILE, Qt.SortOrder.DescendingOrder)
    assert selected.isValid() and selected.row() == 3 and selected.column() == Column.PHONE
    proxy.set_search("fleet-00")  # every chip still shown, nothing moves
    proxy.set_search("loja 2")
    assert selected.isValid() and selected.row() == 0
    proxy.set_search("loja 4")
    assert not selected.isValid()


def test_rows_a_refresh_adds_or_removes_are_filtered_like_the_others(
    model: ChipsTableModel, proxy: ChipsFilterProxy
) -> None:
    model.set_chips([chip(n) for n in range(1, 4)])
    proxy.set_search("fleet-00")
    inserted: list[tuple[int, int]] = []
    removed: list[tuple[int, int]] = []
    proxy.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    proxy.rowsRemoved.connect(lambda _parent, first, last: removed.append((first, last)))

    model.set_chips(
        [chip(n) for n in range(1, 4)]
        + [chip(4), chip(5, status=ChipStatus.CANCELLED), chip(6, instance_name="outra-006")]
    )
    assert names(proxy) == ["fleet-001", "fleet-002", "fleet-003", "fleet-004"]
    assert inserted == [(3, 3)]

    model.set_chips(
        [chip(1), chip(3), chip(4), chip(5, status=ChipStatus.CANCELLED), chip(6, instance_name="outra-006")]
    )
    assert names(proxy) == ["fleet-001", "fleet-003", "fleet-004"]
    assert removed == [(1, 1)]
    assert proxy.mapFromSource(model.index(model.row_of(4) or 0, 0)).row() == 2
    assert not proxy.mapFromSource(model.index(model.row_of(6) or 0, 0)).isValid()
    assert proxy.mapToSource(proxy.index(2, Column.STATUS)).row() == model.row_of(4)


def test_a_refresh_that_connects_a_chip_brings_it_into_the_connected_filter(
    model: ChipsTableModel, proxy: ChipsFilterProxy
) -> None:
    model.set_chips([chip(n) for n in range(1, 4)])
    proxy.set_status_filter(StatusFilter.CONNECTED)
    assert names(proxy) == []
    model.set_chips([chip(1), chip(2, connection_state=ConnectionState.OPEN, version=2), chip(3)])
    assert names(proxy) == ["fleet-002"]
    changed: list[int] = []
    proxy.dataChanged.connect(lambda top, bottom, _roles: changed.extend(range(top.row(), bottom.row() + 1)))
    model.set_chips([chip(1), chip(2, connection_state=ConnectionState.OPEN, profile_name="Nova", version=3), chip(3)])
    assert changed == [0]
    assert proxy.data(proxy.index(0, Column.PROFILE)) == "Nova"
