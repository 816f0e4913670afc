"""The chip settings dialog against the simulator over real HTTP and a real SQLite file: one chip, twenty at once
(three failing), the restart offered only when a connected chip needs it, and a proxy password that appears in no
log line and no widget once the dialog is done."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableWidget,
    QWidget,
)

from evodesk.domain import ChipSettings, ProxyConfig
from evodesk.ui.actions.chip_action import ChipAction
from evodesk.ui.dialogs.chip_settings import ChipSettingsDialog
from evodesk.ui.window.main_window import MainWindow
from helpers import OpenWindow, Rig, answer_confirmation, heartbeat, select, wait_for, wait_synced

pytestmark = pytest.mark.gui

PASSWORD = "Kq8-secret-proxy-pw"


class Answers(list[str]):
    """What the boxes answered said; ``stop()`` ends the watch (so it cannot answer a later test's box)."""

    stopped = False

    def stop(self) -> None:
        self.stopped = True


def answer_box(name: str, button: str | None) -> Answers:
    """Answer the next message box called ``name`` by clicking ``button`` (None: Escape); returns what it said."""
    seen = Answers()
    deadline = time.monotonic() + 20

    def answer() -> None:
        if seen.stopped:
            return
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == name:
            seen.append(box.text() + "\n" + box.informativeText())
            target = box.findChild(QAbstractButton, button) if button else box.escapeButton()
            assert target is not None
            target.click()
        elif time.monotonic() < deadline:
            QTimer.singleShot(10, answer)

    QTimer.singleShot(0, answer)
    return seen


def open_dialog(qtbot, window: MainWindow) -> ChipSettingsDialog:
    action = window.chip_actions[ChipAction.SETTINGS]
    assert action.objectName() == "chipSettingsAction" and action.isEnabled()
    action.trigger()
    dialog = window.findChild(QDialog, "chipSettingsDialog")
    assert isinstance(dialog, ChipSettingsDialog)
    if not dialog.many:
        qtbot.waitUntil(lambda: dialog.saveButton.isEnabled(), timeout=10000)
    return dialog


def gone(window: MainWindow) -> bool:
    return window.findChild(QDialog, "chipSettingsDialog") is None


def test_one_chip_loads_its_values_and_sends_only_what_changed(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    chip = fleet.connected("11 98765-4301", "settings-one")
    fleet.client.set_settings(chip.instance_name, ChipSettings(reject_call=True, msg_call="Ligo já", read_status=True))
    window = open_window()
    wait_synced(qtbot, window)
    select(qtbot, window, chip)
    dialog = open_dialog(qtbot, window)
    form = dialog.form
    assert form.rejectCallCheck.isChecked() and form.readStatusCheck.isChecked()
    assert not form.groupsIgnoreCheck.isChecked()
    assert form.callMessageEdit.text() == "Ligo já"
    assert not form.proxyEnabledCheck.isChecked() and form.proxyHostEdit.text() == ""
    assert form.profileNameEdit.isEnabled()

    before = len(fleet.sim.requests())
    restart_questions = answer_box("restartQuestion", "restartNowButton")
    form.groupsIgnoreCheck.setChecked(True)
    dialog.saveButton.click()
    qtbot.waitUntil(lambda: gone(window), timeout=10000)
    restart_questions.stop()
    # (The table's avatars may ask for the chip's picture meanwhile: that is not a change.)
    sent = [
        (method, path)
        for _at, method, path in fleet.sim.requests()[before:]
        if method == "POST" and "/fetchProfilePictureUrl/" not in path
    ]
    assert sent == [("POST", f"/settings/set/{chip.instance_name}")]
    # Ignoring groups takes effect at once: no restart offered.
    assert restart_questions == []
    stored = fleet.client.find_settings(chip.instance_name)
    assert stored is not None and stored.groups_ignore and stored.reject_call and stored.msg_call == "Ligo já"
    events = [event.action for event in fleet.store.list_events(chip_id=chip.id)]
    assert "settings" in events


def test_restart_is_offered_only_when_a_connected_chip_needs_it(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    live = fleet.connected("11 98765-4302", "settings-live")
    # Logged out on the phone: the instance is closed and takes new settings when it next connects.
    waiting = fleet.dropped("11 98765-4303", "settings-wait")
    window = open_window()
    wait_synced(qtbot, window)

    # A connected chip taking "always online" needs a new socket: the restart is offered, naming why.
    select(qtbot, window, live)
    dialog = open_dialog(qtbot, window)
    questions = answer_box("restartQuestion", "restartNowButton")
    dialog.form.alwaysOnlineCheck.setChecked(True)
    before = len(fleet.sim.requests())
    dialog.saveButton.click()
    qtbot.waitUntil(lambda: gone(window), timeout=10000)
    assert len(questions) == 1
    assert "Restart 1 connected chip now" in questions[0] and "“Always online” is read" in questions[0]
    assert "proxy" not in questions[0]
    restarts = [path for _at, method, path in fleet.sim.requests()[before:] if "/instance/restart/" in path]
    assert restarts == [f"/instance/restart/{live.instance_name}"]

    # The same change on a chip that is not connected: it takes it when it connects, so nothing is offered.
    select(qtbot, window, waiting)
    dialog = open_dialog(qtbot, window)
    questions = answer_box("restartQuestion", "restartNowButton")
    dialog.form.alwaysOnlineCheck.setChecked(True)
    dialog.saveButton.click()
    qtbot.waitUntil(lambda: gone(window), timeout=10000)
    questions.stop()
    assert questions == []
    stored = fleet.client.find_settings(waiting.instance_name)
    assert stored is not None and stored.always_online


def test_twenty_chips_report_exactly_the_three_that_failed_and_retry_them(
    qtbot, fleet: Rig, open_window: OpenWindow
) -> None:
    chips = [fleet.waiting(f"11 98765-57{n:02d}", f"many-{n:02d}") for n in range(20)]
    # Some chips already have "always online": left untouched, each keeps its own value.
    online = {chip.instance_name for chip in chips[::4]}
    for name in online:
        fleet.client.set_settings(name, ChipSettings(always_online=True))
    failing = {"many-02", "many-09", "many-17"}
    for name in failing:
        fleet.sim.fail_instance(name, mode="5xx")
    window = open_window()
    wait_synced(qtbot, window)
    window.chipsTable.selectAll()
    QApplication.processEvents()
    assert len(window.selected_chips()) == 20
    dialog = open_dialog(qtbot, window)
    assert dialog.many and dialog.windowTitle() == "Settings of 20 chips"
    form = dialog.form
    assert form.alwaysOnlineCheck.checkState() == Qt.CheckState.PartiallyChecked
    assert not form.profileNameEdit.isEnabled()
    form.groupsIgnoreCheck.setCheckState(Qt.CheckState.Checked)
    questions = answer_confirmation(accept=True)
    dialog.saveButton.click()
    assert len(questions) == 1 and questions[0] == "Apply these changes to 20 chips?"
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=30000)
    report = dialog.report
    assert report is not None
    assert {result.instance_name for result in report.failed} == failing
    assert len(report.applied) == 17
    assert dialog.progressBar.value() == 20
    assert dialog.summaryLabel.text() == "17 saved · 3 failed"
    table = dialog.findChild(QTableWidget, "chipSettingsResults")
    assert table is not None
    lines = {table.item(row, 0).text(): table.item(row, 1).text() for row in range(table.rowCount())}
    assert len(lines) == 20
    for name in failing:
        assert lines[name] == "The server failed (HTTP 500). Try again shortly.", lines[name]
    assert lines["many-00"] == "Saved (1 change)"
    for chip in chips:
        if chip.instance_name in failing:
            continue
        stored = fleet.client.find_settings(chip.instance_name)
        assert stored is not None and stored.groups_ignore
        assert stored.always_online is (chip.instance_name in online), chip.instance_name
    # Not connected: nothing to restart.
    assert not dialog.restartButton.isVisible()
    assert dialog.retryButton.isVisible()

    for name in failing:
        fleet.sim.fail_instance(name, mode="none")
    first = dialog.report
    dialog.retryButton.click()
    qtbot.waitUntil(lambda: dialog.report is not first, timeout=30000)
    assert dialog.report is not None
    assert {result.instance_name for result in dialog.report.applied} == failing
    assert table.rowCount() == 3 and not dialog.retryButton.isVisible()
    dialog.closeButton.click()
    qtbot.waitUntil(lambda: gone(window), timeout=2000)


def widget_texts() -> list[str]:
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        texts += [widget.windowTitle(), widget.toolTip(), widget.statusTip(), widget.accessibleName()]
        if isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText()]
        elif isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(index) for index in range(widget.count())]
        elif isinstance(widget, QTableWidget):
            texts += [
                item.text() + item.toolTip()
                for row in range(widget.rowCount())
                for column in range(widget.columnCount())
                if (item := widget.item(row, column)) is not None
            ]
    return texts


def test_proxy_password_is_masked_explained_when_refused_and_never_kept(
    qtbot, fleet: Rig, open_window: OpenWindow, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    chip = fleet.connected("11 98765-4304", "settings-proxy")
    window = open_window()
    wait_synced(qtbot, window)
    select(qtbot, window, chip)
    dialog = open_dialog(qtbot, window)
    form = dialog.form
    assert form.proxyPasswordEdit.echoMode() == QLineEdit.EchoMode.Password
    form.revealPasswordButton.click()
    assert form.proxyPasswordEdit.echoMode() == QLineEdit.EchoMode.Normal
    form.revealPasswordButton.click()
    assert form.proxyPasswordEdit.echoMode() == QLineEdit.EchoMode.Password

    # The server's own test of the proxy fails: the dialog explains it and stays open with what was typed.
    fleet.sim.refuse_proxy("proxy.blocked.example")
    form.proxyEnabledCheck.setChecked(True)
    form.proxyHostEdit.setText("proxy.blocked.example")
    form.proxyPortEdit.setText("3128")
    form.proxyUserEdit.setText("op")
    form.proxyPasswordEdit.setText(PASSWORD)
    dialog.saveButton.click()
    qtbot.waitUntil(lambda: "tests every proxy itself" in dialog.statusLabel.text(), timeout=10000)
    assert "without direct internet access" in dialog.statusLabel.text()
    assert fleet.client.find_proxy(chip.instance_name) is None

    # A proxy the server accepts: the restart is offered because the proxy is used only by a new socket.
    form.proxyHostEdit.setText("proxy.good.example")
    questions = answer_box("restartQuestion", "restartLaterButton")
    dialog.saveButton.click()
    qtbot.waitUntil(lambda: gone(window), timeout=10000)
    assert len(questions) == 1 and "the proxy is used only by a new connection" in questions[0]
    stored = fleet.client.find_proxy(chip.instance_name)
    assert stored == ProxyConfig(
        enabled=True, host="proxy.good.example", port=3128, protocol="http", username="op", password=PASSWORD
    )

    # Opened again: the saved password is not shown anywhere, only that there is one.
    dialog = open_dialog(qtbot, window)
    assert dialog.form.proxyPasswordEdit.text() == ""
    assert "Saved" in dialog.form.proxyPasswordEdit.placeholderText()
    assert all(PASSWORD not in text for text in widget_texts())
    dialog.closeButton.click()
    qtbot.waitUntil(lambda: gone(window), timeout=2000)
    QApplication.processEvents()
    assert all(PASSWORD not in text for text in widget_texts())
    assert PASSWORD not in caplog.text
    assert all(PASSWORD not in (event.details or "") for event in fleet.store.list_events(chip_id=chip.id))
    assert isinstance(window, QWidget)


def png_bytes(colour: str = "#36a97a") -> bytes:
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(QColor(colour))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def give_pictures(fleet: Rig, names: list[str], base: str) -> None:
    # The simulator hands out WhatsApp CDN links; these point at the loopback picture server instead.
    state = fleet.sim._state
    with state.lock:
        for name in names:
            state.require(name).profile_pic_url = f"{base}/pic/{name}.png"


@contextmanager
def picture_process(folder: Path, names: list[str]) -> Iterator[str]:
    """A PNG per name served over loopback by another process (its threads must not hold this one's GIL)."""
    (folder / "pic").mkdir(parents=True)
    picture = png_bytes()
    for name in names:
        (folder / "pic" / f"{name}.png").write_bytes(picture)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(lambda: _answers(f"{base}/pic/{names[0]}.png"), timeout=10, what="the picture server")
        yield base
    finally:
        process.terminate()
        process.wait(10)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def test_avatars_of_1000_chips_scrolled_quickly_never_stall_the_window(
    qtbot, fleet: Rig, open_window: OpenWindow, tmp_path: Path
) -> None:
    names = [f"pic-{n:04d}" for n in range(1000)]
    for index, name in enumerate(names):
        fleet.manager.create(f"11 9{index:04d}-{index:04d}", name)
        fleet.sim.simulate_scan(name)
    with picture_process(tmp_path / "cdn", names) as base:
        give_pictures(fleet, names, base)
        fleet.manager.sync()
        # No periodic refresh meanwhile: the heartbeat measures the pictures, not a refresh of 1,000 rows.
        window = open_window(sync_interval=3600)
        wait_synced(qtbot, window, timeout=30000)
        table = window.chipsTable
        assert window.model.rowCount() == 1000
        loader = window.page.visibleRows._loader
        bar = table.verticalScrollBar()
        steps = iter(range(0, bar.maximum() + 1, max(1, bar.maximum() // 60)))
        timer = QTimer()
        timer.setInterval(5)

        def scroll() -> None:
            value = next(steps, None)
            if value is None:
                timer.stop()
            else:
                bar.setValue(value)

        timer.timeout.connect(scroll)
        with heartbeat() as beat:
            timer.start()
            qtbot.waitUntil(lambda: not timer.isActive(), timeout=10000)
            bar.setValue(bar.maximum())
            # The view rests at the bottom: only the rows there are fetched, a few at a time.
            shown = window.page.visibleRows.chips_in_view()
            assert 5 <= len(shown) < 60
            qtbot.waitUntil(lambda: all(loader.pixmap(chip.id, 20) is not None for chip in shown), timeout=20000)
            beat.settle(qtbot, ticks=len(beat.ticks) + 20)
        fetched = loader.cache.downloads
        print(f"avatars: max GUI gap {beat.max_gap * 1000:.1f} ms, {fetched} pictures fetched")
        # The budget is 50 ms; the check allows for a loaded machine (helpers.MAX_GAP_S), the figure is printed.
        beat.check()
        # Rows the scroll only passed by were never fetched; never more than three downloads at once.
        assert len(shown) <= fetched <= len(shown) + 40, fetched
        assert loader.cache.max_in_flight_seen <= 3


def test_profile_name_and_status_are_editable_only_for_a_connected_chip(
    qtbot, fleet: Rig, open_window: OpenWindow
) -> None:
    live = fleet.connected("11 98765-4305", "profile-live", profile="Loja Centro")
    waiting = fleet.waiting("11 98765-4306", "profile-wait")
    window = open_window()
    wait_synced(qtbot, window)
    select(qtbot, window, waiting)
    dialog = open_dialog(qtbot, window)
    assert not dialog.form.profileNameEdit.isEnabled() and not dialog.form.profileStatusEdit.isEnabled()
    assert dialog.form.profileNoteLabel.isVisible()
    dialog.closeButton.click()
    qtbot.waitUntil(lambda: gone(window), timeout=2000)

    select(qtbot, window, live)
    dialog = open_dialog(qtbot, window)
    form = dialog.form
    assert form.profileNameEdit.isEnabled() and form.profileNameEdit.text() == "Loja Centro"
    # Too long for WhatsApp: refused in the operator's words, nothing sent, the dialog stays open.
    form.profileNameEdit.setMaxLength(100)
    form.profileNameEdit.setText("A" * 30)
    before = len(fleet.sim.requests())
    dialog.saveButton.click()
    qtbot.waitUntil(lambda: "at most 25 characters" in dialog.statusLabel.text(), timeout=5000)
    assert not any("/chat/update" in path for _at, _method, path in fleet.sim.requests()[before:])
    form.profileNameEdit.setText("Loja Centro 2")
    form.profileStatusEdit.setText("Atendimento das 9h às 18h")
    dialog.saveButton.click()
    qtbot.waitUntil(lambda: gone(window), timeout=10000)
    assert fleet.store.get_chip(live.id).profile_name == "Loja Centro 2"
    actions = {event.action for event in fleet.store.list_events(chip_id=live.id)}
    assert {"profile_name", "profile_status"} <= actions
    qtbot.waitUntil(lambda: getattr(window.model.chip_by_id(live.id), "profile_name", None) == "Loja Centro 2")
