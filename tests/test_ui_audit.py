"""The audit view (filters, model/view table) and the CSV exports, read back with the csv module."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QDialog, QTableView

from evodesk.domain import Actor, Chip
from evodesk.services import InstanceManager, format_phone
from evodesk.services.export import neutralise, read_csv
from evodesk.ui.chips.model import Column
from evodesk.ui.fleet.audit import AuditView
from evodesk.ui.fleet.export import audit_header, chips_header
from evodesk.ui.window.main_window import MainWindow
from helpers import OpenWindow, Rig, wait_synced

pytestmark = pytest.mark.gui


def open_audit(qtbot, window: MainWindow) -> AuditView:
    window.auditAction.trigger()
    view = window.findChild(QDialog, "auditView")
    assert isinstance(view, AuditView) and view.isVisible()
    assert isinstance(view.findChild(QTableView, "auditTable"), QTableView)
    qtbot.waitUntil(lambda: not view.loading, timeout=5000)
    return view


def reload(qtbot, view: AuditView) -> None:
    view.reload()
    qtbot.waitUntil(lambda: not view.loading, timeout=5000)


def shown(view: AuditView) -> list[list[str]]:
    model = view.model
    return [
        [model.data(model.index(row, col)) for col in range(model.columnCount())] for row in range(model.rowCount())
    ]


@pytest.fixture
def history(fleet: Rig) -> dict[str, Chip]:
    """Chips with a history written by two operators on two machines."""
    joao = fleet.connected("11 98765-5401", "audit-sp-01", profile="Cobrança BH")
    fleet.dropped("11 98765-5402", "audit-sp-02", 401)
    other = InstanceManager(fleet.manager.client, fleet.store, actor=Actor("maria.souza", "estacao-02"))
    maria, _qr = other.create("21 99876-5403", "audit-rj-01")
    other.disconnect(joao.id)
    return {"joao": joao, "maria": maria}


def test_events_filtered_by_chip_operator_and_dates(
    qtbot, fleet: Rig, open_window: OpenWindow, history: dict[str, Chip]
) -> None:
    window = open_window()
    wait_synced(qtbot, window)
    view = open_audit(qtbot, window)
    every = fleet.store.list_events()
    assert view.model.rowCount() == len(every) > 5
    # Newest first, with the operator, the computer, the chip and the action in words.
    first = shown(view)[0]
    newest = every[0]
    assert first[1] == newest.os_user and first[2] == newest.host
    assert "events" in view.countLabel.text() or "event(s)" in view.countLabel.text()

    view.chipFilter.setText("(21) 99876")
    reload(qtbot, view)
    rows = shown(view)
    assert rows and {row[4] for row in rows} == {"audit-rj-01"}
    assert rows[-1][5] == "Created" and rows[-1][1] == "maria.souza" and rows[-1][2] == "estacao-02"

    view.chipFilter.setText("audit-sp")
    reload(qtbot, view)
    assert {row[4] for row in shown(view)} == {"audit-sp-01", "audit-sp-02"}

    view.chipFilter.clear()
    view.userFilter.setCurrentText("maria.souza")
    reload(qtbot, view)
    rows = shown(view)
    assert {row[1] for row in rows} == {"maria.souza"}
    assert sorted(row[5] for row in rows) == ["Created", "Disconnected by an operator"]
    assert view.userFilter.findText("maria.souza") >= 0  # offered in the list for next time

    view.userFilter.setCurrentText("")
    yesterday = QDate.currentDate().addDays(-1)
    view.fromDate.setDate(yesterday.addDays(-3))
    view.toDate.setDate(yesterday)
    reload(qtbot, view)
    assert view.model.rowCount() == 0
    view.toDate.setDate(QDate.currentDate())
    reload(qtbot, view)
    assert view.model.rowCount() == len(every)

    # Typing in a filter reloads by itself, shortly after.
    view.chipFilter.setText("5402")
    qtbot.waitUntil(lambda: {row[4] for row in shown(view)} == {"audit-sp-02"}, timeout=3000)


def test_audit_csv_parses_back_to_the_rows_shown(
    qtbot, fleet: Rig, open_window: OpenWindow, history: dict[str, Chip], tmp_path: Path
) -> None:
    window = open_window()
    wait_synced(qtbot, window)
    view = open_audit(qtbot, window)
    view.chipFilter.setText("audit-sp-01")
    reload(qtbot, view)
    # Sorted by operator, as the operator might before exporting: the file keeps the order shown.
    view.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    QApplication.processEvents()
    path = tmp_path / "auditoria.csv"
    with qtbot.waitSignal(view._exporter.exported, timeout=5000) as done:
        view.export(str(path))
    assert done.args == [str(path), view.model.rowCount()]
    parsed = read_csv(path)
    assert parsed[0] == audit_header()
    body = parsed[1:]
    rows = view.model.rows
    assert len(body) == len(rows) == view.model.rowCount() > 0
    for line, row, cells in zip(body, rows, shown(view), strict=True):
        when, user, host, e164, phone, instance, action, before, after, details = line
        assert datetime.fromisoformat(when) == row.event.at.replace(microsecond=0)
        assert [user, host, instance, action, before, after, details] == [
            cells[1],
            cells[2],
            cells[4],
            cells[5],
            cells[6],
            cells[7],
            cells[8],
        ]
        assert e164 == "5511987655401" and phone == "55 11 98765-5401"
    assert "saved to" in view.countLabel.text()


def test_chips_csv_parses_back_to_the_table_with_its_search(
    qtbot, fleet: Rig, open_window: OpenWindow, history: dict[str, Chip], tmp_path: Path
) -> None:
    fleet.connected("31 98888-5404", "outra-01", profile="=cmd|' /C calc'!A0")
    window = open_window()
    wait_synced(qtbot, window)
    window.searchEdit.setText("audit")
    proxy = window.proxy
    assert proxy.rowCount() == 3
    path = tmp_path / "chips.csv"
    exporter = window.fleet._csv_exporter()
    with qtbot.waitSignal(exporter.exported, timeout=5000):
        window.fleet.export_chips(str(path))
    qtbot.waitUntil(lambda: "3 chips saved to" in window.statusBar().currentMessage(), timeout=2000)
    parsed = read_csv(path)
    assert parsed[0] == chips_header(window.model)
    assert parsed[0][:3] == ["Phone (E.164)", "Phone", "Instance"]
    assert len(parsed) == 1 + proxy.rowCount()
    for row in range(proxy.rowCount()):
        chip = proxy.chip(proxy.index(row, 0))
        assert chip is not None
        line = parsed[1 + row]
        # The formatted phone is written without the "+" a spreadsheet would add up, and without an apostrophe.
        assert line[0] == chip.phone and line[1] == format_phone(chip.phone).lstrip("+")
        assert not line[1].startswith("'")
        for column in (Column.INSTANCE, Column.PROFILE, Column.STATUS, Column.CONNECTION):
            assert line[1 + column] == neutralise(proxy.data(proxy.index(row, column)) or "")
        since = line[1 + Column.SINCE]
        if chip.connected_at is not None and chip.connection_state.value == "open":
            assert datetime.fromisoformat(since) == chip.connected_at.replace(microsecond=0)
        assert datetime.fromisoformat(line[1 + Column.UPDATED]) == chip.updated_at.replace(microsecond=0)
    # A profile name that is a formula does not run in Excel.
    window.searchEdit.setText("outra")
    window.fleet.export_chips(str(path))
    qtbot.waitUntil(lambda: "1 chip saved to" in window.statusBar().currentMessage(), timeout=5000)
    assert read_csv(path)[1][3] == "'=cmd|' /C calc'!A0"
