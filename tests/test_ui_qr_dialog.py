"""The QR dialog against the real simulator, client, SQLite store and InstanceManager (nothing mocked)."""

from __future__ import annotations

import base64
import itertools
import os
import re
import shutil
import subprocess
import sys
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest
import qrcode
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget

from evodesk.domain import Chip, ChipStatus, PollResult, QrDialogState
from evodesk.evolution import CircuitBreaker
from evodesk.services import QrPolicy
from evodesk.services.qr import HINT_QR_LIMIT
from evodesk.simulator import Simulator
from evodesk.simulator.qr import png_bytes
from evodesk.ui.dialogs.create import CreateInstanceDialog, first_poll_result
from evodesk.ui.qr import widget as qr_widget
from evodesk.ui.qr.dialog import QrCodeDialog
from evodesk.ui.qr.pairing import format_pairing_code
from evodesk.ui.qr.widget import MINIMUM_SIDE, QrCodeWidget, QrEncoder, encode_qr, qr_matrix, qr_ready
from evodesk.ui.shared.messages import describe_hint
from evodesk.ui.tasks.runner import TaskRunner
from helpers import FakeClock, FakeTimers, Rig

pytestmark = pytest.mark.gui

PHONE = "11 99999-8888"


def quick_breaker() -> CircuitBreaker:
    """A short cool-down so that recovery after an outage is observed within a test's patience."""
    return CircuitBreaker(failure_threshold=3, base_cooldown=0.3, max_cooldown=1.0)


def create(rig: Rig, phone: str = PHONE) -> tuple[Chip, PollResult]:
    chip, qr = rig.manager.create(phone)
    return chip, first_poll_result(qr, chip)


def open_dialog(qtbot: Any, runner: TaskRunner, rig: Rig, chip: Chip, **kwargs: Any) -> QrCodeDialog:
    dialog = QrCodeDialog(runner, rig.manager, chip, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def zbar_decode(widget: QWidget, folder: Path) -> str:
    """Decode the widget's grab() with the zbarimg command line tool (zbar-tools)."""
    exe = shutil.which("zbarimg")
    if exe is None:
        pytest.fail("zbarimg is not installed: install zbar-tools (apt-get install -y zbar-tools) to run this test")
    path = folder / f"grab-{time.monotonic_ns()}.png"
    assert widget.grab().save(str(path)), "grab() could not be saved"
    done = subprocess.run([exe, "--raw", "-q", str(path)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, f"zbarimg found no QR code in {path}: {done.stderr}"
    return done.stdout.rstrip("\n")


def wait_state(qtbot: Any, dialog: QrCodeDialog, state: QrDialogState, timeout: int = 5000) -> None:
    qtbot.waitUntil(lambda: dialog.state is state, timeout=timeout)


FAST = QrPolicy(poll_interval=0.2, qr_lifetime=20.0, deadline=60.0, no_qr_hint_after=30.0)


# -- the QR widget -----------------------------------------------------------------------------------------


def test_widget_grab_decodes_to_the_payload_at_several_sizes(qtbot: Any, simulator: Simulator, tmp_path: Path) -> None:
    payload = "2@" + "AbCd" * 22 + ",Xy+/=,Qw12=,Zz34="
    widget = QrCodeWidget()
    qtbot.addWidget(widget)
    widget.set_code(payload)
    for side in (MINIMUM_SIDE, 437, 800):
        widget.resize(side, side)
        widget.show()
        assert zbar_decode(widget, tmp_path) == payload
    assert widget.minimumSizeHint().width() >= 300


def test_widget_paints_black_modules_on_white_with_a_quiet_zone(qtbot: Any) -> None:
    widget = QrCodeWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 400)
    widget.set_code("hello evodesk")
    image = widget.grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, 400, 3) for y in range(0, 400, 3)}
    assert colours == {"#000000", "#ffffff"}, "only pure black and white: no blurred edges"
    # The quiet zone: four modules of white around the code.
    module = (400 // (widget.module_count + 8)) or 1
    band = 4 * module
    assert all(image.pixelColor(x, band // 2).name() == "#ffffff" for x in range(400))


_HIDPI_SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication
from evodesk.ui.qr.widget import QrCodeWidget
app = QApplication([])
widget = QrCodeWidget()
widget.resize(330, 330)
widget.set_code(sys.argv[2])
widget.show()
app.processEvents()
pixmap = widget.grab()
image = pixmap.toImage()
side = min(image.width(), image.height()) - 2
colours = {image.pixelColor(x, y).name() for x in range(1, side) for y in range(1, side)}
print(widget.devicePixelRatioF(), sorted(colours))
pixmap.save(sys.argv[1])
"""


@pytest.mark.parametrize("scale", ["1.25", "2"])
def test_widget_stays_sharp_and_scannable_at_fractional_and_double_scale(tmp_path: Path, scale: str) -> None:
    exe = shutil.which("zbarimg")
    if exe is None:
        pytest.fail("zbarimg is not installed: install zbar-tools (apt-get install -y zbar-tools) to run this test")
    payload = "2@" + "Zx9+" * 22 + ",noise=,identity=,secret="
    path = tmp_path / "hidpi.png"
    env = {**os.environ, "QT_SCALE_FACTOR": scale, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _HIDPI_SCRIPT, str(path), payload], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    ratio, colours = done.stdout.strip().split(" ", 1)
    assert float(ratio) == float(scale)
    assert colours == "['#000000', '#ffffff']", "whole device pixels per module: no grey edges"
    decoded = subprocess.run([exe, "--raw", "-q", str(path)], capture_output=True, text=True, timeout=30)
    assert decoded.stdout.rstrip("\n") == payload


def test_widget_falls_back_to_the_server_png_only_without_a_code(qtbot: Any, tmp_path: Path) -> None:
    payload = "2@fallback,payload=,for=,zbar="
    png = base64.b64encode(png_bytes(payload)).decode("ascii")
    widget = QrCodeWidget()
    qtbot.addWidget(widget)
    widget.resize(360, 360)
    widget.set_code(None, png)
    assert widget.has_code and widget.payload is None
    assert zbar_decode(widget, tmp_path) == payload
    widget.set_code("2@the-code-wins", png)
    assert widget.payload == "2@the-code-wins"
    assert zbar_decode(widget, tmp_path) == "2@the-code-wins"


# -- the seed checklist --------------------------------------------------------------------------------------


def test_create_then_scan_connects_within_five_seconds(qtbot: Any, runner: TaskRunner, rig_factory: Any) -> None:
    rig = rig_factory(FAST, breaker=quick_breaker())
    create = CreateInstanceDialog(runner, rig.manager)
    qtbot.addWidget(create)
    create.show()
    qtbot.keyClicks(create.phoneEdit, PHONE)
    with qtbot.waitSignal(create.created, timeout=10000) as made:
        qtbot.mouseClick(create.createButton, Qt.MouseButton.LeftButton)
    chip, first = made.args
    assert first.state is QrDialogState.SHOWING_QR

    dialog = open_dialog(qtbot, runner, rig, chip, initial=first)
    name = chip.instance_name
    qtbot.waitUntil(lambda: dialog.qrImage.payload == rig.sim.current_qr(name), timeout=3000)
    # A new chip gets a pairing code for its number too, so the operator can use either.
    assert dialog.stateLabel.text() == "Scan the QR code or type the pairing code"
    assert dialog.pairingCodeLabel.text().replace("-", "") == rig.sim.current_pairing_code(name)
    assert "+55 11 99999-8888" in dialog.windowTitle() and name in dialog.windowTitle()
    assert rig.store.get_chip(chip.id).status is ChipStatus.PENDING

    started = time.monotonic()
    with qtbot.waitSignal(dialog.connected, timeout=5000) as linked:
        rig.sim.simulate_scan(name)
    latency = time.monotonic() - started
    assert latency < 5.0
    assert latency < FAST.poll_interval + 0.5 + 0.5, f"scan detected after {latency:.2f} s"
    emitted: Chip = linked.args[0]
    assert emitted.status is ChipStatus.WARMING and emitted.evolution_connected
    stored = rig.store.get_chip(chip.id)
    assert stored.status is ChipStatus.WARMING and stored.evolution_connected
    assert dialog.stateLabel.text() == "Connected"
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_qr_grab_decodes_to_what_the_simulator_serves(
    qtbot: Any, runner: TaskRunner, rig_factory: Any, tmp_path: Path
) -> None:
    rig = rig_factory(FAST, breaker=quick_breaker())
    chip, first = create(rig)
    dialog = open_dialog(qtbot, runner, rig, chip, initial=first)
    qtbot.waitUntil(lambda: dialog.qrImage.payload is not None, timeout=3000)
    assert dialog.qrImage.width() >= 300 and dialog.qrImage.height() >= 300
    assert zbar_decode(dialog.qrImage, tmp_path) == rig.sim.current_qr(chip.instance_name)


def test_opening_without_initial_fetches_the_qr(qtbot: Any, runner: TaskRunner, rig_factory: Any) -> None:
    rig = rig_factory(FAST, breaker=quick_breaker())
    chip, _ = create(rig)
    dialog = open_dialog(qtbot, runner, rig, chip)
    qtbot.waitUntil(lambda: dialog.qrImage.payload == rig.sim.current_qr(chip.instance_name), timeout=3000)
    assert dialog.attemptLabel.text() == "Attempt 1 of 30"


def test_rotation_restarts_the_countdown_and_counts_the_attempt(
    qtbot: Any, runner: TaskRunner, rig_factory: Any
) -> None:
    policy = QrPolicy(poll_interval=0.2, qr_lifetime=2.0, deadline=60.0)
    rig = rig_factory(policy, breaker=quick_breaker())
    chip, first = create(rig)
    dialog = open_dialog(qtbot, runner, rig, chip, initial=first)
    qtbot.waitUntil(lambda: dialog.attemptLabel.text() == "Attempt 1 of 30", timeout=3000)
    first_payload = dialog.qrImage.payload
    assert dialog.countdownLabel.text() == "Expires in 2 s (refreshes automatically)"
    seen: list[str] = []

    def rotated() -> bool:
        seen.append(dialog.countdownLabel.text())
        return dialog.attemptLabel.text() == "Attempt 2 of 30"

    qtbot.waitUntil(rotated, timeout=6000)
    assert "Expires in 1 s (refreshes automatically)" in seen, "the countdown ran down before the rotation"
    assert dialog.countdownLabel.text() == "Expires in 2 s (refreshes automatically)", "restarted on the new QR"
    assert dialog.qrImage.payload != first_payload
    assert dialog.qrImage.payload == rig.sim.current_qr(chip.instance_name)


def test_deadline_expires_and_refresh_brings_a_new_qr(qtbot: Any, runner: TaskRunner, rig_factory: Any) -> None:
    # The services' clock is the QR session's: the deadline passes when the test says so, not after a sleep.
    clock = FakeClock()
    policy = QrPolicy(poll_interval=0.05, qr_lifetime=60.0, deadline=120.0)
    rig = rig_factory(policy, breaker=quick_breaker(), clock=clock, qr_lifetime=0.3)
    chip, first = create(rig)
    dialog = open_dialog(qtbot, runner, rig, chip, initial=first, clock=clock)
    wait_state(qtbot, dialog, QrDialogState.SHOWING_QR)
    shown = dialog.qrImage.payload
    qtbot.waitUntil(lambda: dialog.poll_count >= 2, timeout=3000)
    assert dialog.state is QrDialogState.SHOWING_QR and dialog.polling

    clock.advance(120.0)
    wait_state(qtbot, dialog, QrDialogState.EXPIRED)
    assert dialog.stateLabel.text() == "Expired"
    assert dialog.qrImage.payload is None, "a stale QR is not left on screen"
    assert dialog.refreshQrButton.isVisible() and dialog.refreshQrButton.isEnabled()
    # Polling stopped at the deadline: no poll is armed and no request is under way, so none can follow.
    assert not dialog.polling and not dialog.poll_scheduled

    # The server has moved on to another QR meanwhile (its own lifetime); F5 starts a new session with it.
    qtbot.waitUntil(lambda: rig.sim.current_qr(chip.instance_name) != shown, timeout=3000)
    qtbot.keyClick(dialog, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: dialog.state is QrDialogState.SHOWING_QR, timeout=3000)
    assert dialog.qrImage.payload == rig.sim.current_qr(chip.instance_name)
    assert dialog.qrImage.payload != shown, "a new QR after refresh"
    assert dialog.polling


def test_qr_limit_shows_refused_and_retry_starts_again(qtbot: Any, runner: TaskRunner, rig_factory: Any) -> None:
    policy = QrPolicy(poll_interval=0.2, qr_lifetime=0.6, deadline=60.0, qr_limit=2)
    rig = rig_factory(policy, breaker=quick_breaker(), qr_limit=2)
    chip, first = create(rig)
    dialog = open_dialog(qtbot, runner, rig, chip, initial=first)
    qtbot.waitUntil(lambda: dialog.attemptLabel.text() == "Attempt 2 of 2", timeout=3000)
    wait_state(qtbot, dialog, QrDialogState.REFUSED)
    assert dialog.stateLabel.text() == "QR limit reached"
    assert dialog.hintLabel.isVisible() and dialog.hintLabel.text() == describe_hint(HINT_QR_LIMIT)
    assert dialog.retryButton.isVisible() and dialog.retryButton.isEnabled()
    assert rig.store.get_chip(chip.id).status is ChipStatus.PENDING

    qtbot.mouseClick(dialog.retryButton, Qt.MouseButton.LeftButton)
    wait_state(qtbot, dialog, QrDialogState.SHOWING_QR)
    assert dialog.attemptLabel.text() == "Attempt 1 of 2"
    assert not dialog.retryButton.isVisible()
    assert dialog.qrImage.payload == rig.sim.current_qr(chip.instance_name)


def test_server_down_shows_an_error_stays_responsive_and_recovers(
    qtbot: Any, runner: TaskRunner, rig_factory: Any
) -> None:
    rig = rig_factory(FAST, breaker=quick_breaker())
    chip, first = create(rig)
    dialog = open_dialog(qtbot, runner, rig, chip, initial=first)
    wait_state(qtbot, dialog, QrDialogState.SHOWING_QR)

    beats: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(20)
    heartbeat.timeout.connect(lambda: beats.append(time.monotonic()))
    heartbeat.start()
    for mode in ("drop", "5xx"):
        rig.sim.set_faults(mode=mode, fail_rate=1.0)
        wait_state(qtbot, dialog, QrDialogState.ERROR, timeout=5000)
        assert dialog.stateLabel.text().startswith("Error: ")
        assert dialog.retryButton.isVisible()
        assert dialog.polling, "keeps trying on its own"
        qtbot.wait(800)
        rig.sim.set_faults(mode="none")
        wait_state(qtbot, dialog, QrDialogState.SHOWING_QR, timeout=5000)
        assert dialog.qrImage.payload == rig.sim.current_qr(chip.instance_name)
    heartbeat.stop()
    gaps = [b - a for a, b in itertools.pairwise(beats)]
    assert gaps and max(gaps) < 0.25, f"GUI thread stalled for {max(gaps):.3f} s"


def test_no_qr_for_long_shows_the_hint(qtbot: Any, runner: TaskRunner, rig_factory: Any) -> None:
    policy = QrPolicy(poll_interval=0.2, qr_lifetime=20.0, deadline=60.0, no_qr_hint_after=0.8)
    rig = rig_factory(policy, breaker=quick_breaker(), first_qr_delay=60.0)
    chip, first = create(rig)
    assert first.state is QrDialogState.WAITING_FOR_QR
    dialog = open_dialog(qtbot, runner, rig, chip, initial=first)
    assert dialog.stateLabel.text() == "Waiting for QR…"
    assert not dialog.hintLabel.isVisible()
    qtbot.waitUntil(lambda: dialog.hintLabel.isVisible(), timeout=3000)
    assert dialog.hintLabel.text().startswith("The server has not produced a QR code for ")
    assert dialog.state is QrDialogState.WAITING_FOR_QR and dialog.polling


@pytest.mark.parametrize("how", ["escape", "close button", "window close"])
def test_closing_before_connecting_stops_polling_and_leaves_the_chip_pending(
    qtbot: Any, runner: TaskRunner, rig_factory: Any, how: str
) -> None:
    # The dialog's timers are fakes: a poll happens when the test fires the poll timer, and only then.
    timers = FakeTimers()
    rig = rig_factory(FAST, breaker=quick_breaker())
    chip, _ = create(rig)
    dialog = open_dialog(qtbot, runner, rig, chip, timers=timers)
    wait_state(qtbot, dialog, QrDialogState.SHOWING_QR)
    poll_timer = timers.made[0]  # the poller's, made first
    for polls in (1, 2):
        # Armed once the previous answer is shown: nothing is in flight then.
        qtbot.waitUntil(poll_timer.isActive, timeout=3000)
        assert poll_timer.fire()
        qtbot.waitUntil(lambda polls=polls: dialog.poll_count == polls, timeout=3000)  # type: ignore[misc]
    qtbot.waitUntil(poll_timer.isActive, timeout=3000)
    if how == "escape":
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    elif how == "close button":
        close = next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Close" or b.text() == "Close")
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    else:
        dialog.close()
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
    count = rig.sim.request_count
    assert not timers.armed(), "no timer is left armed"
    assert timers.fire_all() == 0
    QApplication.processEvents()
    assert dialog.poll_count == 2 and rig.sim.request_count == count, "no request after the dialog closed"
    stored = rig.store.get_chip(chip.id)
    assert stored.status is ChipStatus.PENDING and not stored.evolution_connected


def test_one_request_in_flight_even_when_the_operator_hammers_refresh(
    qtbot: Any, runner: TaskRunner, rig_factory: Any
) -> None:
    policy = QrPolicy(poll_interval=0.05, qr_lifetime=0.6, deadline=60.0)
    rig = rig_factory(policy, breaker=quick_breaker())
    chip, first = create(rig)
    rig.sim.set_faults(latency=0.15)
    rig.sim.reset_stats()
    dialog = open_dialog(qtbot, runner, rig, chip, initial=first)
    deadline = time.monotonic() + 2.5
    while time.monotonic() < deadline:
        qtbot.keyClick(dialog, Qt.Key.Key_F5)
        if dialog.refreshQrButton.isEnabled():
            qtbot.mouseClick(dialog.refreshQrButton, Qt.MouseButton.LeftButton)
        qtbot.wait(40)
    assert rig.sim.request_count >= 8
    assert rig.sim.max_in_flight == 1


@pytest.mark.slow
def test_requests_per_minute_within_budget(qtbot: Any, runner: TaskRunner, rig_factory: Any) -> None:
    # The default policy scaled down ten times: one "minute" lasts six seconds.
    scale = 10.0
    default = QrPolicy()
    policy = QrPolicy(
        poll_interval=default.poll_interval / scale,
        qr_lifetime=default.qr_lifetime / scale,
        deadline=default.deadline / scale,
        no_qr_hint_after=default.no_qr_hint_after / scale,
    )
    rig = rig_factory(policy, breaker=quick_breaker())
    chip, first = create(rig)
    dialog = open_dialog(qtbot, runner, rig, chip, initial=first)
    wait_state(qtbot, dialog, QrDialogState.SHOWING_QR)
    rig.sim.reset_stats()
    polls_before = dialog.poll_count
    qtbot.wait(int(60_000 / scale))
    requests = rig.sim.request_count
    polls = dialog.poll_count - polls_before
    assert polls > 0
    assert requests / polls <= 1.25, f"{requests} requests for {polls} polls"
    assert requests <= 25, f"{requests} requests in a (scaled) minute"
    assert rig.sim.max_in_flight == 1


def test_pairing_code_is_shown_grouped_and_copied(qtbot: Any, runner: TaskRunner, rig_factory: Any) -> None:
    # The server issues a pairing code only from a closed state: let the QR limit close the attempt first.
    policy = QrPolicy(poll_interval=0.2, qr_lifetime=1.5, deadline=60.0, qr_limit=1)
    rig = rig_factory(policy, breaker=quick_breaker(), qr_limit=1)
    chip, first = create(rig)
    dialog = open_dialog(qtbot, runner, rig, chip, initial=first)
    wait_state(qtbot, dialog, QrDialogState.REFUSED, timeout=5000)
    dialog.tabs.setCurrentIndex(1)
    assert dialog.pairingPhoneEdit.text() == "+55 11 99999-8888"
    qtbot.mouseClick(dialog.pairingRequestButton, Qt.MouseButton.LeftButton)
    grouped = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}")
    qtbot.waitUntil(lambda: grouped.fullmatch(dialog.pairingCodeLabel.text()) is not None, timeout=3000)
    served = rig.sim.current_pairing_code(chip.instance_name)
    assert served is not None
    assert dialog.pairingCodeLabel.text() == format_pairing_code(served)
    assert dialog.tabs.currentIndex() == 1
    assert dialog.pairingCountdownLabel.text().startswith("Expires in ")
    assert dialog.pairingCodeLabel.font().fixedPitch() or dialog.pairingCodeLabel.font().styleHint() is not None

    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(dialog.copyPairingButton, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == served


def test_pairing_request_during_a_running_attempt_explains_why_no_code(
    qtbot: Any, runner: TaskRunner, rig_factory: Any
) -> None:
    rig = rig_factory(FAST, breaker=quick_breaker())
    # An instance created without a number (another tool, or before evodesk passed it) has no pairing code.
    rig.client.create_instance("nopair-1", qrcode=True)
    chip = rig.manager.adopt("nopair-1", phone=PHONE)
    dialog = open_dialog(qtbot, runner, rig, chip)
    wait_state(qtbot, dialog, QrDialogState.SHOWING_QR)
    dialog.tabs.setCurrentIndex(1)
    dialog.pairingPhoneEdit.setText("12")
    qtbot.mouseClick(dialog.pairingRequestButton, Qt.MouseButton.LeftButton)
    assert "not a valid phone number" in dialog.pairingErrorLabel.text()
    dialog.pairingPhoneEdit.setText(PHONE)
    qtbot.mouseClick(dialog.pairingRequestButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "ignored the number" in dialog.pairingErrorLabel.text(), timeout=3000)
    assert dialog.pairingCodeLabel.text() == "—"
    assert dialog.state is QrDialogState.SHOWING_QR and dialog.polling


def test_simulate_scan_button_only_in_demo_mode(qtbot: Any, runner: TaskRunner, rig_factory: Any) -> None:
    rig = rig_factory(FAST, breaker=quick_breaker())
    chip, first = create(rig)
    plain = open_dialog(qtbot, runner, rig, chip, initial=first)
    assert plain.findChild(QPushButton, "simulateScanButton") is None
    plain.reject()

    demo = open_dialog(qtbot, runner, rig, chip, initial=first, simulator=rig.sim)
    button = demo.findChild(QPushButton, "simulateScanButton")
    assert button is not None and button.isVisible()
    wait_state(qtbot, demo, QrDialogState.SHOWING_QR)
    with qtbot.waitSignal(demo.connected, timeout=5000) as linked:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert linked.args[0].evolution_connected
    assert rig.store.get_chip(chip.id).status is ChipStatus.WARMING


# -- encoding without stalling the GUI thread ----------------------------------------------------------------


@pytest.fixture
def fresh_codes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """An empty cache of encoded codes; returns the payloads encoded in one go (the stall being avoided)."""
    monkeypatch.setattr(qr_widget, "_encoded", OrderedDict())
    in_one_go: list[str] = []
    whole = qr_widget.qr_matrix

    def recorded(payload: str) -> list[list[bool]]:
        in_one_go.append(payload)
        return whole(payload)

    monkeypatch.setattr(qr_widget, "qr_matrix", recorded)
    return in_one_go


@pytest.mark.parametrize(
    "payload",
    [
        "hello evodesk",
        "0123456789" * 12,
        "HTTPS://EVODESK.EXAMPLE/ABC 123",
        "2@" + "AbCd" * 22 + ",Xy+/=,Qw12=,Zz34=",
        "2@çãé-ünïcode,payload=",
        "2@" + "Zx9+" * 400,
    ],
    ids=["bytes", "numeric", "alphanumeric", "whatsapp", "unicode", "large"],
)
def test_the_matrix_is_the_one_qrcode_makes(payload: str) -> None:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    assert qr_matrix(payload) == [[bool(cell) for cell in row] for row in code.get_matrix()]


def test_the_encoder_works_in_slices_between_other_events(qtbot: Any, fresh_codes: list[str]) -> None:
    payload = "2@" + "Slices" * 30 + ",noise=,identity=,secret="
    expected = qr_matrix(payload)
    fresh_codes.clear()
    assert not qr_ready(payload)
    passes: list[int] = []
    other = QTimer()
    other.setInterval(0)
    other.timeout.connect(lambda: passes.append(1))
    other.start()
    encoder = QrEncoder()
    done: list[int] = []
    encoder.encode(payload, lambda: done.append(len(passes)))
    assert encoder.busy and not done, "nothing is encoded within the call"
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    other.stop()
    # One slice per mask at least, with the event loop running in between.
    assert done[0] >= 8, f"only {done[0]} passes of the event loop while encoding"
    assert qr_ready(payload) and not encoder.busy

    widget = QrCodeWidget()
    qtbot.addWidget(widget)
    widget.set_code(payload)
    assert widget.payload == payload and widget.module_count == len(expected)
    assert fresh_codes == [], "set_code found the code encoded"


def test_the_encoder_reports_a_payload_no_code_holds(qtbot: Any, fresh_codes: list[str]) -> None:
    # Lower-case letters force byte mode: 2500 bytes fit the 2953-byte limit but not level M (2331).
    payload = "2@" + "a" * 2500
    png = base64.b64encode(png_bytes("2@the-fallback")).decode("ascii")
    encoder = QrEncoder()
    done: list[bool] = []
    encoder.encode(payload, lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert qr_ready(payload) and encode_qr(payload) is None
    widget = QrCodeWidget()
    qtbot.addWidget(widget)
    widget.set_code(payload, png)
    assert widget.has_code and widget.payload is None, "the server's image instead"
    assert fresh_codes == []


def test_the_dialog_encodes_the_first_and_every_new_code_in_slices(
    qtbot: Any, runner: TaskRunner, rig_factory: Any, fresh_codes: list[str], tmp_path: Path
) -> None:
    policy = QrPolicy(poll_interval=0.2, qr_lifetime=1.5, deadline=60.0)
    rig = rig_factory(policy, breaker=quick_breaker())
    chip, first = create(rig)
    dialog = open_dialog(qtbot, runner, rig, chip, initial=first)
    assert dialog.state is None, "the first code is shown once encoded"
    assert dialog.stateLabel.text() == "Fetching the QR code…"
    qtbot.waitUntil(lambda: dialog.qrImage.payload == first.qr.code, timeout=3000)
    assert dialog.state is QrDialogState.SHOWING_QR
    qtbot.waitUntil(lambda: dialog.attemptLabel.text() == "Attempt 2 of 30", timeout=6000)
    assert dialog.qrImage.payload == rig.sim.current_qr(chip.instance_name) != first.qr.code
    assert zbar_decode(dialog.qrImage, tmp_path) == dialog.qrImage.payload
    assert fresh_codes == [], "no code was encoded in one go on the GUI thread"


def test_a_refresh_asked_for_while_the_first_code_is_encoded_follows_it(
    qtbot: Any, runner: TaskRunner, rig_factory: Any, fresh_codes: list[str]
) -> None:
    rig = rig_factory(FAST, breaker=quick_breaker())
    chip, first = create(rig)
    rig.sim.reset_stats()
    dialog = open_dialog(qtbot, runner, rig, chip, initial=first)
    assert dialog.state is None
    qtbot.mouseClick(dialog.refreshQrButton, Qt.MouseButton.LeftButton)
    assert dialog.stateLabel.text() == "Requesting a QR code…"
    assert not dialog.refreshQrButton.isEnabled()

    def refreshed() -> bool:
        asked = any("/instance/connect/" in path for _, _, path in rig.sim.requests())
        return asked and dialog.state is QrDialogState.SHOWING_QR and dialog.refreshQrButton.isEnabled()

    qtbot.waitUntil(refreshed, timeout=5000)
    assert dialog.qrImage.payload == rig.sim.current_qr(chip.instance_name)
    assert dialog.stateLabel.text().startswith("Scan the QR code")
    assert rig.sim.max_in_flight == 1


def test_every_button_leaves_enter_alone(qtbot: Any, runner: TaskRunner, rig_factory: Any) -> None:
    rig = rig_factory(FAST, breaker=quick_breaker())
    chip, first = create(rig)
    dialog = open_dialog(qtbot, runner, rig, chip, initial=first, simulator=rig.sim)
    pushes = dialog.findChildren(QPushButton)
    assert len(pushes) >= 6
    assert [b.objectName() or b.text() for b in pushes if b.autoDefault() or b.isDefault()] == []


def test_opening_the_dialog_module_imports_neither_qrcode_nor_the_simulator() -> None:
    code = (
        "import sys, evodesk.ui.qr.dialog\n"
        "print(sorted(m for m in ('qrcode', 'PIL', 'evodesk.simulator', 'http.server') if m in sys.modules))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
