"""The QR dialog follows the server's QR: real simulator over HTTP, real SQLite, one fake clock for all three.

The simulator, the services' QR session and the dialog share a ``FakeClock``; the dialog's timers are fakes, so
a poll happens when the test fires the poll timer and time passes when the test advances the clock.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from evodesk.domain import Chip, ChipStatus, ConnectionState, QrDialogState
from evodesk.services import QrPolicy
from evodesk.ui.dialogs.create import first_poll_result
from evodesk.ui.qr.dialog import QrCodeDialog
from evodesk.ui.tasks.runner import TaskRunner
from helpers import KEY, FakeClock, FakeTimers, Rig

pytestmark = pytest.mark.gui

PHONE = "11 99999-7777"
LIFETIME = 10.0
INTERVAL = 3.0


def rig_with_clock(sim_factory: Any, rig_factory: Any, policy: QrPolicy, clock: FakeClock, **sim: Any) -> Rig:
    simulator = sim_factory(api_key=KEY, qr_lifetime=LIFETIME, clock=clock, **sim)
    return rig_factory(policy, sim=simulator, clock=clock)  # type: ignore[no-any-return]


def open_dialog(qtbot: Any, runner: TaskRunner, rig: Rig, chip: Chip, clock: FakeClock, **kwargs: Any) -> Any:
    timers = FakeTimers()
    dialog = QrCodeDialog(runner, rig.manager, chip, clock=clock, timers=timers, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, timers


def settle(qtbot: Any, dialog: QrCodeDialog) -> None:
    """Wait until the request in flight (and the encoding of its QR) is over and the next poll is armed."""
    qtbot.waitUntil(lambda: not dialog._poller.waiting and not dialog._poller.acting, timeout=5000)


def poll_once(qtbot: Any, dialog: QrCodeDialog, timers: FakeTimers, clock: FakeClock) -> None:
    """One poll interval passes: the clock moves, the poll timer fires, its answer is shown."""
    clock.advance(INTERVAL)
    poll_timer = timers.made[0]  # the poller's, made first
    qtbot.waitUntil(poll_timer.isActive, timeout=5000)
    before = dialog.poll_count
    assert poll_timer.fire()
    qtbot.waitUntil(lambda: dialog.poll_count == before + 1, timeout=5000)
    settle(qtbot, dialog)
    timers.made[1].fire()  # the countdown's tick: the labels follow the clock


def test_a_rotated_qr_is_on_screen_one_poll_later_and_the_attempt_only_grows(
    qtbot: Any, runner: TaskRunner, sim_factory: Any, rig_factory: Any
) -> None:
    clock = FakeClock()
    policy = QrPolicy(poll_interval=INTERVAL, qr_lifetime=LIFETIME, deadline=600.0)
    rig = rig_with_clock(sim_factory, rig_factory, policy, clock)
    chip = rig.waiting(PHONE, "follow-01")
    clock.advance(7.0)  # the dialog opens on a QR the server has shown for 7 s already
    dialog, timers = open_dialog(qtbot, runner, rig, chip, clock)
    qtbot.waitUntil(lambda: dialog.state is QrDialogState.SHOWING_QR, timeout=5000)
    settle(qtbot, dialog)
    name = chip.instance_name
    assert dialog.qrImage.payload == rig.sim.current_qr(name)
    # Its age is unknown: no promise of a full lifetime.
    assert dialog.countdownLabel.text().startswith("Replaced within 10 s at most"), dialog.countdownLabel.text()
    assert dialog.subjectLabel.text() == f"Phone +55 11 99999-7777 · instance {name}"

    attempts: list[int] = []
    rotations_seen = 0
    requests_before = rig.sim.request_count
    polls = 0
    for _ in range(16):  # 48 s: four rotations of a 10 s QR
        served_before = rig.sim.current_qr(name)
        poll_once(qtbot, dialog, timers, clock)
        polls += 1
        served = rig.sim.current_qr(name)
        # Whatever the server holds now is on screen after this one poll.
        assert dialog.qrImage.payload == served
        if served != served_before:
            rotations_seen += 1
            assert dialog.countdownLabel.text() == "Expires in 10 s (refreshes automatically)", "counted from now"
        attempts.append(int(dialog.attemptLabel.text().split()[1]))
        if polls == 5:
            # The pairing tab and back, and a manual refresh: the attempt number does not go back.
            dialog.tabs.setCurrentIndex(1)
            dialog.tabs.setCurrentIndex(0)
            dialog._refresh()
            settle(qtbot, dialog)
            attempts.append(int(dialog.attemptLabel.text().split()[1]))
    assert rotations_seen >= 4
    assert attempts == sorted(attempts) and attempts[-1] >= 5, attempts
    # One request per poll (plus the one refresh): 20 a minute at a 3 s interval, within the budget of 25.
    assert rig.sim.request_count - requests_before == polls + 1
    assert polls * 60 / (polls * INTERVAL) <= 25


def test_at_the_deadline_the_qr_on_screen_runs_out_and_the_dialog_says_when_it_stops(
    qtbot: Any, runner: TaskRunner, sim_factory: Any, rig_factory: Any
) -> None:
    clock = FakeClock()
    policy = QrPolicy(poll_interval=INTERVAL, qr_lifetime=LIFETIME, deadline=25.0)
    rig = rig_with_clock(sim_factory, rig_factory, policy, clock)
    chip, qr = rig.manager.create(PHONE, "deadline-01")
    dialog, timers = open_dialog(qtbot, runner, rig, chip, clock, initial=first_poll_result(qr, chip))
    qtbot.waitUntil(lambda: dialog.state is QrDialogState.SHOWING_QR, timeout=5000)
    settle(qtbot, dialog)
    assert dialog.stopLabel.text() == (
        "This window waits for the scan for 25 s more, then until the code shown runs out."
    )
    past_deadline = 0
    for _ in range(12):
        poll_once(qtbot, dialog, timers, clock)
        if dialog.state is not QrDialogState.SHOWING_QR:
            break
        # Whenever a QR is on screen, its countdown is alive and the QR is the server's.
        assert dialog.countdownLabel.text().startswith("Expires in "), dialog.countdownLabel.text()
        assert dialog.qrImage.payload == rig.sim.current_qr(chip.instance_name)
        if dialog._waited() >= policy.deadline:
            past_deadline += 1
            assert dialog.stopLabel.text().startswith("Last code: this window stops waiting when it runs out.")
            # It no longer promises a new code.
            assert "refreshes automatically" not in dialog.countdownLabel.text()
    assert past_deadline >= 1, "the QR held at the deadline was left on screen to run out"
    assert dialog.state is QrDialogState.EXPIRED
    assert dialog.stateLabel.text() == "Expired"
    assert dialog.qrImage.payload is None
    assert dialog.countdownLabel.text() == "" and dialog.stopLabel.text() == "", "no countdown under Expired"
    assert not dialog.polling and not dialog.poll_scheduled


def test_a_chip_that_reached_the_qr_limit_stays_closed_though_fetch_instances_says_connecting(
    qtbot: Any, runner: TaskRunner, sim_factory: Any, rig_factory: Any
) -> None:
    clock = FakeClock()
    policy = QrPolicy(poll_interval=INTERVAL, qr_lifetime=LIFETIME, deadline=600.0, qr_limit=2)
    rig = rig_with_clock(sim_factory, rig_factory, policy, clock, qr_limit=2)
    chip, qr = rig.manager.create(PHONE, "limit-01")
    dialog, timers = open_dialog(qtbot, runner, rig, chip, clock, initial=first_poll_result(qr, chip))
    for _ in range(12):
        poll_once(qtbot, dialog, timers, clock)
        if dialog.state is QrDialogState.REFUSED:
            break
    assert dialog.state is QrDialogState.REFUSED
    dialog.close()
    listed = httpx.get(f"{rig.sim.url}/instance/fetchInstances", headers={"apikey": KEY}).json()
    assert [item["connectionStatus"] for item in listed] == ["connecting"], "the server's stored status lags"
    rig.manager.sync()
    row = rig.store.get_chip(chip.id)
    assert row.connection_state is ConnectionState.CLOSE
    assert row.disconnect_reason_code == 428
    # A new cycle started from elsewhere is seen again: connectionState is asked, not assumed.
    httpx.get(f"{rig.sim.url}/instance/connect/{chip.instance_name}", headers={"apikey": KEY})
    rig.manager.sync()
    assert rig.store.get_chip(chip.id).connection_state is ConnectionState.CONNECTING


def test_the_operators_own_disconnect_is_not_a_logout_on_the_phone(rig_factory: Any) -> None:
    rig = rig_factory()
    own = rig.connected(PHONE, "own-01")
    phone = rig.connected("11 99999-6666", "phone-01")
    rig.manager.disconnect(own.id)
    httpx.post(f"{rig.sim.url}/_sim/drop/phone-01", json={"reasonCode": 401}).raise_for_status()
    listed = {i["name"]: i for i in httpx.get(f"{rig.sim.url}/instance/fetchInstances", headers={"apikey": KEY}).json()}
    assert listed["own-01"]["disconnectionReasonCode"] == 401, "the server says 401 for an API logout too"
    rig.manager.sync()
    mine = rig.store.get_chip(own.id)
    assert mine.connection_state is ConnectionState.CLOSE and mine.disconnect_reason_code is None
    assert mine.status is ChipStatus.PENDING
    theirs = rig.store.get_chip(phone.id)
    assert theirs.connection_state is ConnectionState.CLOSE and theirs.disconnect_reason_code == 401


@pytest.mark.parametrize("code", [408, 428, 500, 515])
def test_a_reconnectable_drop_comes_back_by_itself(rig_factory: Any, code: int) -> None:
    rig = rig_factory()
    chip = rig.connected(PHONE, "back-01")
    httpx.post(f"{rig.sim.url}/_sim/drop/back-01", json={"reasonCode": code}).raise_for_status()
    report = rig.manager.sync()
    row = rig.store.get_chip(chip.id)
    assert row.connection_state is ConnectionState.OPEN and row.disconnect_reason_code is None
    assert report.dropped == ()
    assert [state for _at, state in rig.sim.history("back-01")][-3:] == ["open", "connecting", "open"]


@pytest.mark.parametrize("code", [401, 402, 403, 406])
def test_a_final_drop_stays_closed_with_its_reason(rig_factory: Any, code: int) -> None:
    rig = rig_factory()
    chip = rig.connected(PHONE, "final-01")
    httpx.post(f"{rig.sim.url}/_sim/drop/final-01", json={"reasonCode": code}).raise_for_status()
    rig.manager.sync()
    row = rig.store.get_chip(chip.id)
    assert row.connection_state is ConnectionState.CLOSE and row.disconnect_reason_code == code


def test_after_the_dialog_is_closed_without_a_scan_row_and_details_say_what_is_true(
    qtbot: Any, runner: TaskRunner, sim_factory: Any, rig_factory: Any
) -> None:
    from evodesk.ui.chips.details import DetailsPanel
    from evodesk.ui.chips.model import ChipsTableModel

    clock = FakeClock()
    policy = QrPolicy(poll_interval=INTERVAL, qr_lifetime=LIFETIME, deadline=600.0)
    rig = rig_with_clock(sim_factory, rig_factory, policy, clock)
    chip, qr = rig.manager.create(PHONE, "closed-01")
    dialog, timers = open_dialog(qtbot, runner, rig, chip, clock, initial=first_poll_result(qr, chip))
    poll_once(qtbot, dialog, timers, clock)
    dialog.close()
    rig.manager.sync()
    row = rig.store.get_chip(chip.id)
    # The server still offers QR codes (its stored status says so), but nobody is shown them any more.
    assert row.connection_state is ConnectionState.CONNECTING
    model = ChipsTableModel()
    model.set_chips([row])
    panel = DetailsPanel(model, {})
    qtbot.addWidget(panel)
    panel.show_chips([row])
    texts = [model.connection_text(row), model.connection_tip(row), panel.detailsState.text()]
    assert model.connection_text(row) == "Not linked yet"
    assert all("Waiting for" not in text for text in texts), texts
    assert "Reconnect to show the QR code" in panel.detailsState.text()
