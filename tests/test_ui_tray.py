"""Drop notifications and the tray: one notification per drop, in plain words, never for the operator's own actions."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QSystemTrayIcon

from evodesk.domain import Chip, ChipStatus, ConnectionState, SyncReport
from evodesk.ui.chips.filters import FleetSummary
from evodesk.ui.chips.model import Column
from evodesk.ui.fleet.tray import DropWatcher, FleetTray, summary_text
from evodesk.ui.shared.reasons import drop_reason, reason_text
from evodesk.ui.window.main_window import MainWindow
from helpers import OpenWindow, Rig, answer_confirmation, select, wait_synced

pytestmark = pytest.mark.gui


def record(window: MainWindow) -> list[tuple[Chip, str]]:
    seen: list[tuple[Chip, str]] = []
    window.fleet.watcher.notified.connect(lambda chip, reason: seen.append((chip, reason)))
    return seen


def sync(qtbot, window: MainWindow) -> None:
    before = window.refresh.last_sync
    window.request_sync()
    qtbot.waitUntil(lambda: window.refresh.last_sync != before and not window.refresh.syncing, timeout=5000)


def test_a_dropped_chip_is_announced_exactly_once_with_its_reason(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    chip = fleet.connected("11 98765-5101", "drop-01", profile="Loja Um")
    steady = fleet.connected("11 98765-5102", "drop-02")
    window = open_window()
    wait_synced(qtbot, window)
    seen = record(window)

    fleet.sim.drop_connection("drop-01", 401)
    sync(qtbot, window)
    assert [(c.id, reason) for c, reason in seen] == [(chip.id, "logged out on the phone (code 401)")]
    assert seen[0][0].connection_state is ConnectionState.CLOSE

    # Later refreshes do not repeat it.
    sync(qtbot, window)
    sync(qtbot, window)
    assert len(seen) == 1

    # The window says it too, with the phone, the reason and what to do.
    notice = window.fleet.notice
    qtbot.waitUntil(notice.isVisible, timeout=2000)
    text = notice.textLabel.text()
    assert "“Loja Um” disconnected" in text and "+55 11 98765-5101" in text and "Logged out on the phone" in text
    # The table shows the same reason and its time.
    row = window.model.row_of(chip.id)
    assert row is not None
    connection = window.model.index(row, Column.CONNECTION)
    assert window.model.data(connection) == "Disconnected: logged out"
    assert "Reason: logged out on the phone (code 401)" in window.model.data(connection, Qt.ItemDataRole.ToolTipRole)
    since = window.model.index(row, Column.SINCE)
    assert window.model.data(since) and window.model.data(since, Qt.ItemDataRole.ToolTipRole).startswith(
        "Disconnected at"
    )
    assert window.model.chip_by_id(steady.id).connection_state is ConnectionState.OPEN  # type: ignore[union-attr]

    # Connected again, then dropped again: that is a new drop, announced once more.
    fleet.manager.reconnect(chip.id)
    fleet.sim.simulate_scan("drop-01")
    sync(qtbot, window)
    assert window.model.chip_by_id(chip.id).connection_state is ConnectionState.OPEN  # type: ignore[union-attr]
    fleet.sim.drop_connection("drop-01", 403)
    sync(qtbot, window)
    assert [reason for _c, reason in seen] == [
        "logged out on the phone (code 401)",
        "forbidden by WhatsApp: the number may be banned (code 403)",
    ]


def test_the_notice_offers_to_reconnect_the_chip(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    chip = fleet.connected("11 98765-5111", "drop-qr")
    window = open_window()
    wait_synced(qtbot, window)
    fleet.sim.drop_connection("drop-qr", 401)
    sync(qtbot, window)
    notice = window.fleet.notice
    qtbot.waitUntil(notice.isVisible, timeout=2000)
    assert notice.actionButton.text() == "Reconnect…"
    qtbot.mouseClick(notice.actionButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(QDialog, "QrCodeDialog") is not None, timeout=5000)
    dialog = window.findChild(QDialog, "QrCodeDialog")
    assert dialog is not None and dialog.chip.id == chip.id  # type: ignore[attr-defined]
    assert not notice.isVisible()
    dialog.reject()


def test_no_notification_after_the_operators_own_disconnect(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    chip = fleet.connected("11 98765-5121", "own-01")
    other = fleet.connected("11 98765-5122", "own-02")
    window = open_window()
    wait_synced(qtbot, window)
    seen = record(window)
    select(qtbot, window, chip)
    answer_confirmation(accept=True)
    window.disconnectAction.trigger()
    qtbot.waitUntil(lambda: fleet.store.get_chip(chip.id).connection_state is ConnectionState.CLOSE, timeout=5000)
    qtbot.waitUntil(lambda: not window.model.is_busy(chip.id), timeout=5000)
    sync(qtbot, window)
    sync(qtbot, window)
    assert seen == []
    assert not window.fleet.notice.isVisible()
    # A real drop of another chip is still announced.
    fleet.sim.drop_connection("own-02", 403)
    sync(qtbot, window)
    assert [(c.id, reason) for c, reason in seen] == [
        (other.id, "forbidden by WhatsApp: the number may be banned (code 403)")
    ]


def test_a_refresh_under_way_during_the_operators_action_does_not_announce_it() -> None:
    """The race: a refresh read the chip open before the operator's disconnect was recorded."""
    watcher = DropWatcher()
    seen: list[int] = []
    watcher.notified.connect(lambda chip, _reason: seen.append(chip.id))
    dropped = _chip(7, ConnectionState.CLOSE, 401)

    watcher.sync_started()  # refresh 1 sent
    watcher.expect([7])  # the operator's disconnect starts while it runs
    watcher.observe(_report(dropped))  # refresh 1 read the chip open before the disconnect was recorded
    watcher.action_finished([7])
    assert seen == []
    watcher.sync_started()  # refresh 2, sent after the action ended
    watcher.observe(_report(dropped))  # a drop it reports is the server's doing: announced
    assert seen == [7]


def test_an_action_finishing_while_a_refresh_runs_is_still_not_news() -> None:
    watcher = DropWatcher()
    seen: list[int] = []
    watcher.notified.connect(lambda chip, _reason: seen.append(chip.id))
    watcher.expect([3])
    watcher.sync_started()  # sent while the action runs
    watcher.action_finished([3])  # the action ends before that refresh answers
    watcher.observe(_report(_chip(3, ConnectionState.CLOSE, None)))
    assert seen == []
    # The expectation is gone now: a later drop of that chip is announced.
    watcher.observe(_report(_chip(3, ConnectionState.OPEN, None), dropped=False))
    watcher.sync_started()
    watcher.observe(_report(_chip(3, ConnectionState.REFUSED, 428)))
    assert seen == [3]


def test_connecting_and_cancelled_chips_are_not_drops() -> None:
    watcher = DropWatcher()
    seen: list[int] = []
    watcher.notified.connect(lambda chip, _reason: seen.append(chip.id))
    watcher.sync_started()
    watcher.observe(_report(_chip(1, ConnectionState.CONNECTING, None), _chip(2, ConnectionState.CLOSE, 401, True)))
    assert seen == []


def test_reasons_in_plain_words() -> None:
    assert reason_text(401) == "logged out on the phone (code 401)"
    assert reason_text(403) == "forbidden by WhatsApp: the number may be banned (code 403)"
    assert reason_text(440) == "replaced by another session: WhatsApp opened elsewhere (code 440)"
    assert reason_text(428) == "connection refused: QR code limit reached (code 428)"
    assert reason_text(408) == "QR codes ran out or the connection timed out (code 408)"
    for code in (411, 500, 503, 515):
        text = reason_text(code)
        assert text is not None and "server or network restart" in text and f"(code {code})" in text
    assert reason_text(499) == "unknown reason (code 499)"
    assert reason_text(401, short=True) == "logged out"
    assert reason_text(None) is None
    assert drop_reason(_chip(1, ConnectionState.REFUSED, None)) == "connection refused: QR code limit reached"


def test_tray_menu_and_tooltip_follow_the_fleet(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    fleet.connected("11 98765-5131", "tray-01")
    fleet.connected("11 98765-5132", "tray-02")
    fleet.dropped("11 98765-5133", "tray-03", 401)
    window = open_window()
    wait_synced(qtbot, window)
    tray = window.fleet.tray
    assert tray.available == QSystemTrayIcon.isSystemTrayAvailable()
    qtbot.waitUntil(lambda: tray.summaryAction.text() == "2 connected · 1 needs attention", timeout=2000)
    assert [action.text() for action in tray.menu.actions() if not action.isSeparator()] == [
        "2 connected · 1 needs attention",
        "Show window",
        "Refresh",
        "Quit",
    ]
    assert tray.tooltip == "evodesk — 2 connected · 1 needs attention"
    fleet.sim.reset_stats()
    tray.refreshAction.trigger()
    qtbot.waitUntil(lambda: fleet.sim.request_count > 0 and not window.refresh.syncing, timeout=5000)
    window.showMinimized()
    tray.showAction.trigger()
    qtbot.waitUntil(lambda: not window.isMinimized(), timeout=2000)


def test_tray_icon_wiring_where_a_tray_exists(qtbot) -> None:
    """Offscreen has no tray; the icon, its menu and its message click are checked with one forced on."""
    tray = FleetTray(available=True)
    try:
        assert tray.icon is not None and tray.icon.contextMenu() is tray.menu
        tray.set_summary(FleetSummary(total=5, connected=3, attention=2))
        assert tray.icon.toolTip() == "evodesk — 3 connected · 2 need attention"
        chip = _chip(42, ConnectionState.CLOSE, 401)
        from evodesk.ui.fleet.tray import Drop

        assert tray.show_drops([Drop(chip, drop_reason(chip))])
        with qtbot.waitSignal(tray.reconnectRequested, timeout=1000) as blocker:
            tray.icon.messageClicked.emit()
        assert blocker.args == [42]
        tray.show_drops([Drop(chip, "x"), Drop(_chip(43, ConnectionState.CLOSE, 403), "y")])
        with qtbot.waitSignal(tray.attentionRequested, timeout=1000):
            tray.icon.messageClicked.emit()
        with qtbot.waitSignal(tray.showRequested, timeout=1000):
            tray.icon.activated.emit(QSystemTrayIcon.ActivationReason.Trigger)
    finally:
        tray.close()
    assert summary_text(FleetSummary(connected=1, attention=0)) == "1 connected · 0 need attention"


def test_several_drops_in_one_refresh_make_one_message_naming_them(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    fleet.connected("11 98765-5141", "many-01")
    fleet.connected("11 98765-5142", "many-02")
    window = open_window()
    wait_synced(qtbot, window)
    seen = record(window)
    fleet.sim.drop_connection("many-01", 406)
    fleet.sim.drop_connection("many-02", 401)
    sync(qtbot, window)
    assert sorted(c.instance_name for c, _r in seen) == ["many-01", "many-02"]
    notice = window.fleet.notice
    qtbot.waitUntil(notice.isVisible, timeout=2000)
    assert "2 chips disconnected" in notice.textLabel.text()
    assert notice.actionButton.text() == "Show them"
    qtbot.mouseClick(notice.actionButton, Qt.MouseButton.LeftButton)
    assert window.statusFilter.currentData() == "attention"
    assert not notice.isVisible()
    button = window.fleet.notice.findChild(QAbstractButton, "dropNoticeDismiss")
    assert button is not None


def _chip(chip_id: int, state: ConnectionState, code: int | None, cancelled: bool = False) -> Chip:
    now = datetime.now(UTC)
    return Chip(
        id=chip_id,
        phone=f"55119876500{chip_id:02d}",
        instance_name=f"chip-{chip_id}",
        display_name=None,
        status=ChipStatus.CANCELLED if cancelled else ChipStatus.WARMING,
        evolution_connected=state is ConnectionState.OPEN,
        connection_state=state,
        owner_jid=None,
        profile_name=None,
        disconnect_reason_code=code,
        connected_at=now,
        disconnected_at=None if state is ConnectionState.OPEN else now,
        cancelled_at=now if cancelled else None,
        created_at=now,
        updated_at=now,
        version=2,
    )


def _report(*chips: Chip, dropped: bool = True) -> SyncReport:
    return SyncReport(at=datetime.now(UTC), chips=chips, dropped=chips if dropped else ())
