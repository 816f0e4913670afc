"""The main window, driven by its object names against the real simulator and a real SQLite file."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QLabel, QMessageBox

from evodesk.config import Paths
from evodesk.domain import Chip, ChipStatus, ConnectionState
from evodesk.evolution import BreakerState
from evodesk.services import format_phone
from evodesk.ui.chips.filters import StatusFilter
from evodesk.ui.chips.model import Column
from evodesk.ui.window.main_window import MainWindow
from helpers import OpenWindow, Rig, answer_confirmation, select, wait_synced

pytestmark = pytest.mark.gui


def action_states(window: MainWindow) -> dict[str, bool]:
    return {name: action.isEnabled() for name, action in window.chip_actions.items()}


def visible_ids(window: MainWindow) -> set[int]:
    return {
        chip.id for row in range(window.proxy.rowCount()) if (chip := window.proxy.chip(window.proxy.index(row, 0)))
    }


def choose_filter(window: MainWindow, value: StatusFilter) -> None:
    window.statusFilter.setCurrentIndex(window.statusFilter.findData(value.value))


# -- start-up ------------------------------------------------------------------------------------------------


def test_chips_from_the_database_show_without_the_server(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    connected = fleet.connected("11 98765-4301", "loja-01", profile="Loja Um")
    waiting = fleet.waiting("11 98765-4302", "loja-02")
    fleet.sim.stop()
    window = open_window()
    assert window.objectName() == "MainWindow" and window.isVisible()
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)
    qtbot.waitUntil(window.apiStatusBanner.isVisible, timeout=5000)
    assert visible_ids(window) == {connected.id, waiting.id}
    phones = {window.proxy.data(window.proxy.index(row, Column.PHONE)) for row in range(2)}
    assert phones == {"+55 11 98765-4301", "+55 11 98765-4302"}
    assert "cannot be reached" in window.apiStatusBanner.titleLabel.text()
    assert window.apiStatusBanner.reasonLabel.text()
    assert "Next attempt" in window.apiStatusBanner.retryLabel.text()
    assert window.refresh.last_sync is None and window.lastSyncLabel.text() == "Not synced yet"


def test_status_bar_and_summary_after_the_first_sync(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    fleet.connected("11 98765-4311", "sum-01")
    fleet.connected("11 98765-4312", "sum-02")
    fleet.dropped("11 98765-4313", "sum-03", 403)
    fleet.waiting("11 98765-4314", "sum-04")
    fleet.cancelled("11 98765-4315", "sum-05")
    window = open_window()
    wait_synced(qtbot, window)
    qtbot.waitUntil(lambda: window.backend.server_info is not None, timeout=5000)
    assert window.summaryLabel.text() == "2 connected · 1 needs attention · 1 pending"
    host = fleet.sim.url.removeprefix("http://")
    assert window.serverLabel.text() == f"Server: {host}"
    assert window.apiVersionLabel.text() == "Evolution API 2.3.7"
    assert window.lastSyncLabel.text().startswith("Last sync ")
    assert window.databaseLabel.text() == "Database: SQLite"
    assert not window.apiStatusBanner.isVisible()
    assert window.proxy.rowCount() == 4  # the cancelled chip is hidden


# -- actions -------------------------------------------------------------------------------------------------


def test_disconnect_after_confirmation(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    chip = fleet.connected("11 98765-4321", "disc-01")
    window = open_window()
    wait_synced(qtbot, window)
    select(qtbot, window, chip)
    assert window.disconnectAction.isEnabled() and not window.reconnectAction.isEnabled()
    questions = answer_confirmation(accept=True)
    window.disconnectAction.trigger()
    assert len(questions) == 1
    assert format_phone(chip.phone) in questions[0] and "disc-01" in questions[0]
    qtbot.waitUntil(lambda: "“disc-01” disconnected" in window.statusBar().currentMessage(), timeout=5000)

    def shown() -> Chip:
        current = window.model.chip_by_id(chip.id)
        assert current is not None
        return current

    qtbot.waitUntil(lambda: shown().status is ChipStatus.PENDING and not shown().evolution_connected, timeout=5000)
    row = window.proxy.mapFromSource(window.model.index(window.model.row_of(chip.id) or 0, Column.CONNECTION))
    assert window.proxy.data(row).startswith("Disconnected")
    stored = fleet.store.get_chip(chip.id)
    assert stored.status is ChipStatus.PENDING and not stored.evolution_connected
    assert fleet.sim.state_of("disc-01") == "close"


def test_declined_confirmation_changes_nothing(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    chip = fleet.connected("11 98765-4322", "keep-01")
    window = open_window()
    wait_synced(qtbot, window)
    select(qtbot, window, chip)
    fleet.sim.reset_stats()
    questions = answer_confirmation(accept=False)
    window.disconnectAction.trigger()
    assert len(questions) == 1
    qtbot.wait(200)
    assert fleet.store.get_chip(chip.id).version == chip.version
    assert fleet.sim.state_of("keep-01") == "open"
    assert not any("/logout/" in path for _at, _method, path in fleet.sim.requests())
    assert not window.model.is_busy(chip.id)


def test_delete_with_the_del_key_cancels_and_hides_the_chip(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    chip = fleet.waiting("11 98765-4331", "del-01")
    other = fleet.waiting("11 98765-4332", "del-02")
    window = open_window()
    wait_synced(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    select(qtbot, window, chip)
    window.chipsTable.setFocus()
    questions = answer_confirmation(accept=True)
    qtbot.keyClick(window.chipsTable, Qt.Key.Key_Delete)
    assert len(questions) == 1 and "del-01" in questions[0] and format_phone(chip.phone) in questions[0]
    qtbot.waitUntil(lambda: fleet.store.get_chip(chip.id).status is ChipStatus.CANCELLED, timeout=5000)
    qtbot.waitUntil(lambda: visible_ids(window) == {other.id}, timeout=5000)
    assert "“del-01” deleted" in window.statusBar().currentMessage()
    choose_filter(window, StatusFilter.CANCELLED)
    assert visible_ids(window) == {chip.id}
    select(qtbot, window, chip)
    assert not any(action_states(window).values())
    qtbot.waitUntil(lambda: "del-01" not in fleet.sim.instance_names(), timeout=5000)


def test_restart_a_connected_chip_needs_no_confirmation(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    chip = fleet.connected("11 98765-4341", "restart-01")
    window = open_window()
    wait_synced(qtbot, window)
    select(qtbot, window, chip)
    assert window.restartAction.isEnabled()
    fleet.sim.reset_stats()
    window.restartAction.trigger()  # no dialog: a confirmation would block here
    assert window.model.is_busy(chip.id)
    qtbot.waitUntil(lambda: "“restart-01” restarted" in window.statusBar().currentMessage(), timeout=5000)
    assert any(method == "POST" and "/instance/restart/" in path for _at, method, path in fleet.sim.requests())
    qtbot.waitUntil(lambda: not window.model.is_busy(chip.id), timeout=2000)
    assert window.findChild(QMessageBox, "errorMessageBox") is None


def test_a_chip_changed_elsewhere_is_not_acted_on(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    chip = fleet.connected("11 98765-4351", "race-01")
    window = open_window()
    wait_synced(qtbot, window)
    select(qtbot, window, chip)
    # Another operator (or the warm-up process) writes the chip after this window read it.
    fresh = fleet.store.get_chip(chip.id)
    fleet.store.update_chip(
        chip.id, expected_version=fresh.version, actor=fleet.manager.actor, action="test", display_name="Elsewhere"
    )
    answer_confirmation(accept=True)
    window.disconnectAction.trigger()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorMessageBox") is not None, timeout=5000)
    box = window.findChild(QMessageBox, "errorMessageBox")
    assert box is not None and "Someone else changed this chip" in box.text() and "race-01" in box.text()
    # The list was refreshed, and the server was never asked to log out.
    qtbot.waitUntil(lambda: getattr(window.model.chip_by_id(chip.id), "display_name", None) == "Elsewhere")
    assert fleet.sim.state_of("race-01") == "open"
    box.close()


def test_actions_follow_the_chip_state(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    connected = fleet.connected("11 98765-4361", "state-open")
    waiting = fleet.waiting("11 98765-4362", "state-waiting")
    dropped = fleet.dropped("11 98765-4363", "state-dropped", 403)
    cancelled = fleet.cancelled("11 98765-4364", "state-deleted")
    window = open_window()
    wait_synced(qtbot, window)
    expectations = {
        connected.id: {"disconnect": True, "reconnect": False, "restart": True, "delete": True, "chipSettings": True},
        waiting.id: {"disconnect": True, "reconnect": True, "restart": True, "delete": True, "chipSettings": True},
        dropped.id: {"disconnect": False, "reconnect": True, "restart": False, "delete": True, "chipSettings": True},
    }
    for chip in (connected, waiting, dropped):
        select(qtbot, window, window.model.chip_by_id(chip.id) or chip)
        assert action_states(window) == expectations[chip.id], chip.instance_name
    # Several rows: what fits applies; reconnect (one QR dialog) only for a single chip.
    window.chipsTable.selectAll()
    QApplication.processEvents()
    assert action_states(window) == {
        "disconnect": True,
        "reconnect": False,
        "restart": True,
        "delete": True,
        "chipSettings": True,
    }
    # A row being worked on offers nothing.
    select(qtbot, window, connected)
    window.model.set_busy([connected.id], True)
    qtbot.waitUntil(lambda: not any(action_states(window).values()), timeout=1000)
    window.model.set_busy([connected.id], False)
    choose_filter(window, StatusFilter.CANCELLED)
    select(qtbot, window, cancelled)
    assert not any(action_states(window).values())


def test_keyboard_shortcuts(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    chip = fleet.waiting("11 98765-4371", "keys-01")
    window = open_window()
    wait_synced(qtbot, window)
    assert window.refreshAction.shortcut() == QKeySequence("F5")
    assert window.newInstanceAction.shortcut() == QKeySequence("Ctrl+N")
    assert window.findAction.shortcut() == QKeySequence("Ctrl+F")
    assert window.deleteAction.shortcut() == QKeySequence("Del")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)

    window.chipsTable.setFocus()
    qtbot.keyClick(window.chipsTable, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.searchEdit.hasFocus, timeout=1000)

    fleet.sim.reset_stats()
    qtbot.keyClick(window.chipsTable, Qt.Key.Key_F5)
    qtbot.waitUntil(
        lambda: any("fetchInstances" in path for _at, _m, path in fleet.sim.requests()) and not window.refresh.syncing,
        timeout=5000,
    )

    select(qtbot, window, chip)
    window.chipsTable.setFocus()
    questions = answer_confirmation(accept=False)
    qtbot.keyClick(window.chipsTable, Qt.Key.Key_Delete)
    assert questions and "keys-01" in questions[0]

    # The offscreen platform does not hand activation back to the window when the question closes.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window.chipsTable, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(QDialog, "CreateInstanceDialog") is not None, timeout=2000)
    dialog = window.findChild(QDialog, "CreateInstanceDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.reject()


def test_search_box_and_status_filter_drive_the_table(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    first = fleet.connected("11 98765-4381", "filter-a", profile="Padaria")
    second = fleet.dropped("21 99876-4382", "filter-b", 401)
    window = open_window()
    wait_synced(qtbot, window)
    qtbot.keyClicks(window.searchEdit, "(21) 99876")
    assert visible_ids(window) == {second.id}
    window.searchEdit.clear()
    qtbot.keyClicks(window.searchEdit, "PADARIA")
    assert visible_ids(window) == {first.id}
    window.searchEdit.clear()
    choose_filter(window, StatusFilter.ATTENTION)
    assert visible_ids(window) == {second.id}
    choose_filter(window, StatusFilter.CONNECTED)
    assert visible_ids(window) == {first.id}
    window.searchEdit.setText("nothing like this")
    qtbot.waitUntil(window.emptyLabel.isVisible, timeout=1000)
    assert "No chip matches" in window.emptyLabel.text()


# -- QR dialog flows -----------------------------------------------------------------------------------------


def _qr_dialog(window: MainWindow) -> QDialog | None:
    dialog = window.findChild(QDialog, "QrCodeDialog")
    return dialog if dialog is not None and dialog.isVisible() else None


def test_enter_on_a_dropped_chip_reconnects_through_the_qr_dialog(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    chip = fleet.dropped("11 98765-4391", "again-01", 401)
    window = open_window(poll_interval=0.5)
    wait_synced(qtbot, window)
    window.activateWindow()
    select(qtbot, window, chip)
    window.chipsTable.setFocus()
    qtbot.keyClick(window.chipsTable, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _qr_dialog(window) is not None, timeout=5000)
    qtbot.waitUntil(lambda: fleet.sim.current_qr("again-01") is not None, timeout=5000)
    fleet.sim.simulate_scan("again-01")

    def state() -> ConnectionState | None:
        current = window.model.chip_by_id(chip.id)
        return current.connection_state if current else None

    qtbot.waitUntil(lambda: state() is ConnectionState.OPEN, timeout=8000)
    qtbot.waitUntil(lambda: _qr_dialog(window) is None, timeout=3000)
    assert fleet.store.get_chip(chip.id).evolution_connected


def test_new_instance_then_scan_shows_the_chip_connected_and_warming(
    qtbot, fleet: Rig, open_window: OpenWindow
) -> None:
    window = open_window(poll_interval=0.5)
    wait_synced(qtbot, window)
    window.newInstanceAction.trigger()
    dialog = window.findChild(QDialog, "CreateInstanceDialog")
    assert dialog is not None
    qtbot.keyClicks(dialog.findChild(object, "phoneEdit"), "11 98765-4399")
    create = dialog.findChild(QAbstractButton, "createButton")
    assert create is not None
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _qr_dialog(window) is not None, timeout=5000)
    chip = fleet.store.find_chip(phone="5511987654399")
    assert chip is not None and window.model.chip_by_id(chip.id) is not None
    qtbot.waitUntil(lambda: fleet.sim.current_qr(chip.instance_name) is not None, timeout=5000)
    fleet.sim.simulate_scan(chip.instance_name, profile_name="Nova Loja")

    def shown() -> Chip | None:
        return window.model.chip_by_id(chip.id)

    qtbot.waitUntil(
        lambda: (
            (c := shown()) is not None and c.connection_state is ConnectionState.OPEN and c.status is ChipStatus.WARMING
        ),
        timeout=8000,
    )
    qtbot.waitUntil(lambda: _qr_dialog(window) is None, timeout=3000)


# -- server down ---------------------------------------------------------------------------------------------


def test_server_down_shows_the_banner_without_freezing_and_recovers(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    chip = fleet.connected("11 98765-4401", "down-01")
    window = open_window(sync_interval=0.5)
    wait_synced(qtbot, window)
    fleet.sim.set_faults(latency=1.0, mode="5xx", fail_rate=1.0)

    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    heartbeat.start()
    try:
        qtbot.mouseClick(window.refreshButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(window.apiStatusBanner.isVisible, timeout=15000)
    finally:
        heartbeat.stop()
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    assert len(ticks) > 50, "the heartbeat did not run while the refresh was failing"
    print(f"\nheartbeat while the server failed: {len(ticks)} ticks, max gap {max(gaps) * 1000:.0f} ms")
    assert max(gaps) < 0.2
    assert window.apiStatusBanner.reasonLabel.text()
    assert window.proxy.rowCount() == 1 and window.model.chip_by_id(chip.id) is not None

    fleet.sim.set_faults(latency=0.0, mode="none", fail_rate=0.0)
    qtbot.waitUntil(lambda: not window.apiStatusBanner.isVisible(), timeout=15000)


def test_retry_now_lets_a_probe_through_an_open_breaker(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    fleet.waiting("11 98765-4411", "probe-01")
    window = open_window()
    wait_synced(qtbot, window)
    assert window.backend.manager is not None
    breaker = window.backend.manager.client.breaker
    fleet.sim.stop()
    for _ in range(breaker.failure_threshold):
        window.request_sync()
        qtbot.waitUntil(lambda: not window.refresh.syncing, timeout=5000)
    assert breaker.status().state is BreakerState.OPEN
    assert window.apiStatusBanner.isVisible()
    retry_at = breaker.status().retry_at
    assert retry_at is not None and window.apiStatusBanner.retry_at is not None
    assert window.apiStatusBanner.retry_at >= retry_at  # the next automatic attempt waits for the breaker
    fleet.sim.start()
    before = window.refresh.last_sync
    retry = window.apiStatusBanner.findChild(QAbstractButton, "retryNowButton")
    assert retry is not None
    qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.apiStatusBanner.isVisible(), timeout=5000)
    assert window.refresh.last_sync != before
    assert breaker.status().state is BreakerState.CLOSED


def test_refresh_pauses_while_minimised(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    fleet.waiting("11 98765-4421", "min-01")
    window = open_window()
    wait_synced(qtbot, window)
    assert window.refresh.next_sync_at is not None
    window.showMinimized()
    qtbot.waitUntil(lambda: window.refresh.next_sync_at is None, timeout=2000)
    fleet.sim.reset_stats()
    window.showNormal()
    qtbot.waitUntil(lambda: fleet.sim.request_count > 0 and not window.refresh.syncing, timeout=5000)
    assert window.refresh.next_sync_at is not None


def test_empty_database_invites_to_create_the_first_chip(qtbot, open_window: OpenWindow) -> None:
    window = open_window()
    wait_synced(qtbot, window)
    label = window.findChild(QLabel, "emptyLabel")
    assert label is not None and label.isVisible()
    assert "New instance" in label.text()
    assert window.summaryLabel.text() == "0 connected · 0 need attention · 0 pending"


def test_a_create_interrupted_by_a_crash_is_recovered_at_start(
    qtbot, fleet: Rig, open_window: OpenWindow, tmp_path: Path
) -> None:
    from evodesk.app import JOURNAL_FILE
    from evodesk.services.journal import CreateJournal

    # The previous run asked the server to create the instance, then died before recording the chip.
    CreateJournal(Paths.under(tmp_path / "home").data_dir / JOURNAL_FILE).begin("crash-01", "5511987654451")
    fleet.manager.client.create_instance("crash-01")
    window = open_window()
    qtbot.waitUntil(lambda: any(chip.instance_name == "crash-01" for chip in window.model.chips), timeout=5000)
    recovered = fleet.store.find_chip(instance_name="crash-01")
    assert recovered is not None and recovered.phone == "5511987654451"
