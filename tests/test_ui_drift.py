"""The drift view against the simulator and a real SQLite file: adopt, mark cancelled, ghost connected."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QTableView

from evodesk.domain import ChipStatus, ConnectionState
from evodesk.ui.fleet.drift import DriftView
from evodesk.ui.fleet.ghosts import MAX_CHECKS_IN_FLIGHT, chips_in_view
from evodesk.ui.window.main_window import MainWindow
from helpers import OpenWindow, Rig, answer_confirmation, wait_synced

pytestmark = pytest.mark.gui


def sync(qtbot, window: MainWindow) -> None:
    before = window.refresh.last_sync
    window.request_sync()
    qtbot.waitUntil(lambda: window.refresh.last_sync != before and not window.refresh.syncing, timeout=5000)


def open_drift(qtbot, window: MainWindow) -> DriftView:
    window.driftAction.trigger()
    view = window.findChild(QDialog, "driftView")
    assert isinstance(view, DriftView) and view.isVisible()
    qtbot.waitUntil(lambda: not view.checking, timeout=5000)
    return view


def select_rows(table: QTableView, rows: list[int]) -> None:
    selection = table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            table.model().index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    QApplication.processEvents()


def events(fleet: Rig, chip_id: int) -> list[tuple[str, str | None]]:
    return [(event.action, event.details) for event in fleet.store.list_events(chip_id=chip_id)]


def test_adopt_an_unknown_instance_asking_for_its_phone(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    fleet.waiting("11 98765-5201", "known-01")
    # Created by another tool: no chip, and nothing on the server says which phone it is.
    fleet.manager.client.create_instance("orphan-01")
    window = open_window()
    wait_synced(qtbot, window)
    assert window.driftAction.text() == "Drift (1)"
    view = open_drift(qtbot, window)
    assert [info.name for info in view.unknown] == ["orphan-01"]
    assert view.unknownBox.title() == "Unknown instances (1)"

    select_rows(view.unknownTable, [0])
    assert view.adoptButton.isEnabled()
    qtbot.mouseClick(view.adoptButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.findChild(QInputDialog, "adoptPhoneDialog") is not None, timeout=5000)
    ask = view.findChild(QInputDialog, "adoptPhoneDialog")
    assert ask is not None and "orphan-01" in ask.labelText()
    # A wrong answer is explained and asked again.
    ask.setTextValue("12")
    ask.accept()
    qtbot.waitUntil(
        lambda: (
            (d := view.findChild(QInputDialog, "adoptPhoneDialog")) is not None
            and d.isVisible()
            and "not a valid phone number" in d.labelText()
        ),
        timeout=5000,
    )
    ask = view.findChild(QInputDialog, "adoptPhoneDialog")
    assert ask is not None
    ask.setTextValue("11 98765-5299")
    ask.accept()

    qtbot.waitUntil(lambda: view.unknown == [], timeout=5000)
    adopted = fleet.store.find_chip(instance_name="orphan-01")
    assert adopted is not None and adopted.phone == "5511987655299" and adopted.status is ChipStatus.PENDING
    assert ("create", "adopted from the server") in events(fleet, adopted.id)
    qtbot.waitUntil(lambda: window.model.chip_by_id(adopted.id) is not None, timeout=5000)
    qtbot.waitUntil(lambda: window.driftAction.text() == "Drift", timeout=5000)
    assert "adopted" in view.messageLabel.text()


def test_adopt_takes_the_phone_from_the_server_when_it_has_one(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    fleet.manager.client.create_instance("elsewhere-01", number="5511987655211")
    fleet.sim.simulate_scan("elsewhere-01", profile_name="Filial", number="5511987655211")
    window = open_window()
    wait_synced(qtbot, window)
    view = open_drift(qtbot, window)
    select_rows(view.unknownTable, [0])
    qtbot.mouseClick(view.adoptButton, Qt.MouseButton.LeftButton)
    # Recorded, then completed with the server's profile; the view lists it no more once both are done.
    qtbot.waitUntil(lambda: view.unknown == [], timeout=5000)
    chip = fleet.store.find_chip(instance_name="elsewhere-01")
    assert chip is not None and chip.phone == "5511987655211"
    assert chip.connection_state is ConnectionState.OPEN and chip.profile_name == "Filial"
    assert view.findChild(QInputDialog, "adoptPhoneDialog") is None
    assert [action for action, _details in events(fleet, chip.id)] == ["adopt", "create"]
    qtbot.waitUntil(lambda: view.count == 0, timeout=5000)


def test_mark_cancelled_a_chip_whose_instance_is_gone(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    gone = fleet.waiting("11 98765-5221", "gone-01")
    kept = fleet.waiting("11 98765-5222", "kept-01")
    # Deleted in the Evolution Manager: the chip does not know.
    fleet.manager.client.delete("gone-01")
    deadline = time.monotonic() + 5
    while "gone-01" in fleet.sim.instance_names() and time.monotonic() < deadline:
        time.sleep(0.05)
    window = open_window()
    wait_synced(qtbot, window)
    view = open_drift(qtbot, window)
    assert [chip.id for chip in view.missing] == [gone.id]
    assert window.driftAction.text() == "Drift (1)"
    select_rows(view.missingTable, [0])
    questions = answer_confirmation(accept=True)
    qtbot.mouseClick(view.markCancelledButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(questions), timeout=3000)
    assert "Mark 1 chip without instance as cancelled?" in questions[0] and "gone-01" in questions[0]
    qtbot.waitUntil(lambda: fleet.store.get_chip(gone.id).status is ChipStatus.CANCELLED, timeout=5000)
    assert events(fleet, gone.id)[0] == (
        "mark_cancelled",
        "instance no longer on the server; connection_state: connecting → close",
    )
    assert fleet.store.get_chip(kept.id).status is ChipStatus.PENDING
    qtbot.waitUntil(lambda: view.count == 0 and window.driftAction.text() == "Drift", timeout=5000)
    qtbot.waitUntil(lambda: window.model.chip_by_id(gone.id).is_cancelled, timeout=5000)  # type: ignore[union-attr]


def test_ghost_connected_chips_in_view_are_found_refreshed_and_reconnected(
    qtbot, fleet: Rig, open_window: OpenWindow
) -> None:
    first = fleet.connected("11 98765-5231", "ghost-01")
    second = fleet.connected("11 98765-5232", "ghost-02")
    fleet.connected("11 98765-5233", "alive-01")
    # Without live events: with them, the server's close events would correct the list at once (no ghosts).
    window = open_window(settings={"server/live_events": "false"})
    wait_synced(qtbot, window)
    # The sessions end on the server; the list (database) still says open until the next refresh.
    fleet.sim.drop_connection("ghost-01", 401)
    fleet.sim.drop_connection("ghost-02", 401)
    assert window.model.chip_by_id(first.id).connection_state is ConnectionState.OPEN  # type: ignore[union-attr]
    view = open_drift(qtbot, window)
    assert sorted(ghost.chip.instance_name for ghost in view.ghosts) == ["ghost-01", "ghost-02"]
    assert {ghost.live for ghost in view.ghosts} == {ConnectionState.CLOSE}
    assert "Checked 3 connected chips in view: 2 not really connected." in view.messageLabel.text()
    assert window.driftAction.text() == "Drift (2)"

    # Refresh records what the server says (audited), and the table shows it.
    select_rows(view.ghostTable, [0])
    qtbot.mouseClick(view.ghostRefreshButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: fleet.store.get_chip(first.id).connection_state is ConnectionState.CLOSE, timeout=5000)
    assert events(fleet, first.id)[0] == (
        "check_connection",
        "connectionState answered close; connection_state: open → close",
    )
    qtbot.waitUntil(
        lambda: window.model.chip_by_id(first.id).connection_state is ConnectionState.CLOSE,  # type: ignore[union-attr]
        timeout=5000,
    )
    assert [ghost.chip.id for ghost in view.ghosts] == [second.id]

    # Reconnect records it as well, then shows the QR code.
    select_rows(view.ghostTable, [0])
    qtbot.mouseClick(view.ghostReconnectButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(QDialog, "QrCodeDialog") is not None, timeout=5000)
    dialog = window.findChild(QDialog, "QrCodeDialog")
    assert dialog is not None and dialog.chip.id == second.id  # type: ignore[attr-defined]
    assert fleet.store.get_chip(second.id).connection_state is not ConnectionState.OPEN
    assert view.ghosts == []
    dialog.reject()


def test_a_server_restart_leaves_ghosts_that_a_refresh_does_not_see(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    chip = fleet.connected("11 98765-5241", "restart-ghost")
    window = open_window()
    wait_synced(qtbot, window)
    # fetchInstances keeps reporting the saved status "open"; the live connectionState has no session.
    fleet.sim.restart()
    sync(qtbot, window)
    assert window.model.chip_by_id(chip.id).connection_state is ConnectionState.OPEN  # type: ignore[union-attr]
    view = open_drift(qtbot, window)
    assert [(ghost.chip.id, ghost.live) for ghost in view.ghosts] == [(chip.id, ConnectionState.UNKNOWN)]
    assert "no live session" in view.ghostModel.data(view.ghostModel.index(0, 2))


def test_only_the_visible_rows_are_checked_a_few_at_a_time(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    for n in range(24):
        fleet.connected(f"11 98765-53{n:02d}", f"many-{n:02d}")
    window = open_window()
    window.resize(900, 420)
    wait_synced(qtbot, window)
    QApplication.processEvents()
    in_view = chips_in_view(window.chipsTable, window.proxy)
    assert 0 < len(in_view) < 24
    fleet.sim.reset_stats()
    view = open_drift(qtbot, window)
    asked = [path for _at, _method, path in fleet.sim.requests() if "/instance/connectionState/" in path]
    assert sorted(asked) == sorted(f"/instance/connectionState/{chip.instance_name}" for chip in in_view)
    assert 1 <= fleet.sim.max_in_flight <= MAX_CHECKS_IN_FLIGHT
    assert view.ghosts == []
    assert (
        f"connected chip{'s' if len(in_view) != 1 else ''} in view: 0 not really connected." in view.messageLabel.text()
    )
    # Scrolled further, other chips are in view: "Check again" asks about those.
    window.chipsTable.scrollToBottom()
    QApplication.processEvents()
    later = chips_in_view(window.chipsTable, window.proxy)
    assert later and later != in_view
    fleet.sim.reset_stats()
    qtbot.mouseClick(view.ghostCheckButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.checking, timeout=5000)
    asked = [path for _at, _method, path in fleet.sim.requests() if "/instance/connectionState/" in path]
    assert sorted(asked) == sorted(f"/instance/connectionState/{chip.instance_name}" for chip in later)
    QTimer.singleShot(0, view.close)


def test_a_refresh_keeps_what_the_operator_selected(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    for name in ("stray-a", "stray-b", "stray-c"):
        fleet.manager.client.create_instance(name)
    window = open_window()
    wait_synced(qtbot, window)
    view = open_drift(qtbot, window)
    assert [info.name for info in view.unknown] == ["stray-a", "stray-b", "stray-c"]
    # Ready to use: the first row starts selected.
    assert [index.row() for index in view.unknownTable.selectionModel().selectedRows()] == [0]
    select_rows(view.unknownTable, [1, 2])
    sync(qtbot, window)
    sync(qtbot, window)
    selected = sorted(index.row() for index in view.unknownTable.selectionModel().selectedRows())
    assert [view.unknown[row].name for row in selected] == ["stray-b", "stray-c"]
