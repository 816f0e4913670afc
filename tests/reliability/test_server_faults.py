"""Server faults injected through the simulator, met by the real window and the real InstanceManager.

For every fault: the GUI thread keeps beating (10 ms heartbeat, no gap of 200 ms or more while the fault is on),
the operator reads a clear message (banner, status bar or dialog, the text ``describe_error`` produces), the
database rows stay true, and the same action succeeds once the fault is gone. Lower-level fault handling is
already proven in tests/test_client_sim.py (each fault mode against the client) and
tests/test_ui_main_window.py (banner and heartbeat with 5xx + latency); this suite drives every mode through the
window and checks the database and the retry as well.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QLabel, QLineEdit

from evodesk.domain import Actor, ChipStatus, ConnectionState, QrDialogState
from evodesk.evolution import EvolutionAuthError, EvolutionClient, EvolutionUnavailable
from evodesk.services import InstanceManager, NameTakenOnServer, NotConnectedForRestart
from evodesk.services.qr import HINT_CLOSED, HINT_NOT_LOADED, HINT_QR_LIMIT
from evodesk.simulator import Simulator
from evodesk.ui.shared.messages import describe_error, describe_hint
from helpers import (
    Rig,
    answer_confirmation,
    heartbeat,
    rows,
    select,
    take_error_box,
    wait_for,
    wait_synced,
)

from .conftest import Ledger

pytestmark = [pytest.mark.reliability, pytest.mark.gui]

KEY = "fault-suite-key-7f3a9c"
CAT = "server_faults"
OPERATOR = Actor("operator", "desk-1")


@pytest.fixture
def faulty_rig(rig_factory: Callable[..., Rig]) -> Callable[..., Rig]:
    """A rig as the window's own services are built: the operator's name and the create journal."""

    def make(**sim_kwargs: Any) -> Rig:
        sim_kwargs.setdefault("delete_delay", 0.2)
        sim_kwargs.setdefault("api_key", KEY)
        return rig_factory(key=KEY, journal=True, actor=OPERATOR, **sim_kwargs)

    return make


@pytest.fixture
def rig(faulty_rig: Callable[..., Rig]) -> Rig:
    return faulty_rig()


# -- network and protocol faults, through the window -----------------------------------------------------------

# mode → (how the fault is switched on/off, a fragment of the message the operator must read)
FAULTS: dict[str, str] = {
    "timeout": "did not finish answering within 0.5 s",
    "5xx": "failed (HTTP 500)",
    "refused": "Cannot connect to the Evolution API server",
    "reset": "Network error talking to the Evolution API server",
    "drop": "Network error talking to the Evolution API server",
    "malformed": "could not be read",
}
# How the window words each fault for the operator (from the error's kind, in the operator's language).
WORDS: dict[str, str] = {
    "timeout": "The server is too slow: ",
    "5xx": "The server failed (HTTP 500)",
    "refused": "Nothing answers at the server address (connection refused)",
    "reset": "The connection to the server was cut before it answered",
    "drop": "The connection to the server was cut before it answered",
    "malformed": "The server's answer could not be read",
}


def inject(sim: Simulator, mode: str) -> None:
    if mode == "refused":
        sim.stop()
    elif mode == "timeout":
        sim.set_faults(mode="timeout", latency=2.0, fail_rate=1.0)
    else:
        # A slow failing server: the window has to wait for every answer without freezing.
        sim.set_faults(mode=mode, fail_rate=1.0, latency=0.3)


def remove(sim: Simulator, mode: str) -> None:
    if mode == "refused":
        sim.start()  # same port: the window's URL works again
    else:
        sim.set_faults(mode="none", fail_rate=0.0, latency=0.0)


@pytest.mark.parametrize("mode", sorted(FAULTS))
def test_window_survives_a_network_fault_and_the_action_is_retried(
    qtbot: Any, rig: Rig, open_window: Callable[..., Any], ledger: Ledger, mode: str
) -> None:
    chip = rig.connected("11 98765-0101", "fault-01")
    other = rig.waiting("11 98765-0102", "fault-02")
    window = open_window(rig.sim.url, KEY, rig.url, home=rig.home, settings={"server/request_timeout": "0.5"})
    wait_synced(qtbot, window)
    qtbot.waitUntil(lambda: window.model.chip_by_id(chip.id) is not None, timeout=5000)
    before = rows(rig.store)

    inject(rig.sim, mode)
    ledger.injected(CAT, mode)
    with heartbeat() as beat:
        # The fleet refresh fails: a persistent banner says why and when evodesk tries again.
        qtbot.mouseClick(window.refreshButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(window.apiStatusBanner.isVisible, timeout=10000)
        title = window.apiStatusBanner.titleLabel.text()
        reachable = "The Evolution API server is not answering properly"
        assert title == (reachable if mode == "timeout" else "The Evolution API server cannot be reached"), title
        reason = window.apiStatusBanner.reasonLabel.text()
        # A server that does not answer in time is named as too slow, not as unreachable.
        assert reason.startswith(WORDS[mode]), reason
        # The chips stay on screen, from the database.
        assert {c.id for c in window.model.chips} == {chip.id, other.id}

        # An operator action fails with a message naming the chip, and changes nothing.
        select(qtbot, window, window.model.chip_by_id(chip.id) or chip)
        answer_confirmation(accept=True)
        window.disconnectAction.trigger()
        title, text = take_error_box(qtbot, window)
        assert title == "Disconnect failed"
        assert text.startswith("“fault-01”: "), text
        assert WORDS[mode] in text or "will try again shortly" in text, text
        qtbot.waitUntil(lambda: not window.model.is_busy(chip.id), timeout=5000)
        beat.settle(qtbot)
    ledger.peak(CAT, "heartbeat_max_gap_ms", beat.max_gap * 1000)
    beat.check()
    assert rows(rig.store) == before, "a failed action changed the database"

    remove(rig.sim, mode)
    assert rig.sim.state_of("fault-01") == "open", "the server acted although the client saw a failure"
    retry = window.apiStatusBanner.findChild(QAbstractButton, "retryNowButton")
    assert retry is not None
    qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.apiStatusBanner.isVisible(), timeout=10000)
    select(qtbot, window, window.model.chip_by_id(chip.id) or chip)
    answer_confirmation(accept=True)
    window.disconnectAction.trigger()
    qtbot.waitUntil(lambda: "“fault-01” disconnected" in window.statusBar().currentMessage(), timeout=10000)
    stored = rig.store.get_chip(chip.id)
    assert stored.status is ChipStatus.PENDING and not stored.evolution_connected
    # Exactly one disconnect reached the audit trail: the failed attempt left no trace.
    assert [e.action for e in rig.store.list_events(chip_id=chip.id)].count("disconnect") == 1
    assert rig.sim.state_of("fault-01") == "close"
    assert ledger.chips(CAT, expected={chip.id, other.id}, present=set(rows(rig.store))) == 0
    ledger.survived(CAT, mode)


@pytest.mark.parametrize("mode", sorted(FAULTS))
def test_create_under_a_fault_leaves_no_orphan_and_the_retry_succeeds(
    faulty_rig: Callable[..., Rig], ledger: Ledger, mode: str
) -> None:
    rig = faulty_rig()
    manager = InstanceManager(
        EvolutionClient(rig.sim.url, KEY, timeout=0.5, long_timeout=0.5),
        rig.store,
        actor=OPERATOR,
        journal=rig.manager.journal,
    )
    inject(rig.sim, mode)
    ledger.injected(CAT, f"create/{mode}")
    with pytest.raises(EvolutionUnavailable) as caught:
        manager.create("11 98765-0111", "new-01")
    assert FAULTS[mode] in caught.value.message, caught.value.message
    assert rig.store.list_chips() == []
    if mode == "timeout":
        # The server was only slow: the create the client gave up on completes there a moment later.
        wait_for(lambda: "new-01" in rig.sim.instance_names(), 5, "the late create")
    remove(rig.sim, mode)
    chip, _qr = manager.create("11 98765-0111", "new-01")
    assert chip.instance_name == "new-01" and chip.status is ChipStatus.PENDING
    assert [c.instance_name for c in rig.store.list_chips()] == ["new-01"]
    assert rig.sim.instance_names() == ["new-01"]
    report = manager.sync()
    assert report.unknown_instances == () and report.missing_instances == ()
    assert manager.journal is not None and manager.journal.pending() == []
    manager.client.close()
    ledger.survived(CAT, f"create/{mode}")


# -- the server restarts and forgets its in-memory instances --------------------------------------------------


def _qr_dialog(window: Any) -> Any:
    dialog = window.findChild(QDialog, "QrCodeDialog")
    return dialog if dialog is not None and dialog.isVisible() else None


def test_a_server_restart_that_forgets_instances(
    qtbot: Any, rig: Rig, open_window: Callable[..., Any], ledger: Ledger
) -> None:
    live = rig.connected("11 98765-0201", "boot-open")
    waiting = rig.waiting("11 98765-0202", "boot-wait")
    window = open_window(rig.sim.url, KEY, rig.url, home=rig.home, settings={"ui/poll_interval": "0.2"})
    wait_synced(qtbot, window)
    select(qtbot, window, window.model.chip_by_id(waiting.id) or waiting)
    window.reconnectAction.trigger()
    qtbot.waitUntil(lambda: _qr_dialog(window) is not None, timeout=5000)
    dialog = _qr_dialog(window)
    qtbot.waitUntil(lambda: dialog.state is QrDialogState.SHOWING_QR, timeout=5000)
    before = rows(rig.store)

    rig.sim.restart(reload=False)
    ledger.injected(CAT, "server restart (memory lost)")
    with heartbeat() as beat:
        # The open dialog's poll gets a connectionState without a state: it says what happened.
        qtbot.waitUntil(lambda: dialog.state is QrDialogState.ERROR, timeout=5000)
        assert dialog.stateLabel.text() == f"Error: {describe_hint(HINT_NOT_LOADED)}"
        assert dialog.retryButton.isVisible()
        # Restart answers HTTP 200 {"error": true}: refused with the reason, the chip left as it was.
        select(qtbot, window, window.model.chip_by_id(live.id) or live)
        window.restartAction.trigger()
        title, text = take_error_box(qtbot, window)
        expected = describe_error(NotConnectedForRestart("x", instance_name="boot-open"))
        assert (title, text) == ("Restart failed", f"“boot-open”: {expected}")
        # Retry in the dialog: connect answers HTTP 200 {"error": true}; the dialog stays in its error state with
        # Retry on offer (the wording of that message is test_reconnecting_..._is_explained below).
        reconnects = len([e for e in rig.store.list_events(chip_id=waiting.id) if e.action == "reconnect"])
        qtbot.mouseClick(dialog.retryButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: (
                len([e for e in rig.store.list_events(chip_id=waiting.id) if e.action == "reconnect"]) > reconnects
                and dialog.state is QrDialogState.ERROR
                and dialog.retryButton.isEnabled()
            ),
            timeout=5000,
        )
        assert dialog.retryButton.isVisible() and not dialog.qrImage.has_code
        # The fleet refresh still works: fetchInstances lists the instances from the server's database.
        window.request_sync()
        wait_synced(qtbot, window)
        assert not window.apiStatusBanner.isVisible()
        beat.settle(qtbot)
    ledger.peak(CAT, "heartbeat_max_gap_ms", beat.max_gap * 1000)
    beat.check()
    assert rows(rig.store) == before
    assert [e.action for e in rig.store.list_events(chip_id=live.id)].count("restart") == 0

    rig.sim.restart(reload=True)  # the instances come back, as 2.3.7 loads them all at boot
    qtbot.mouseClick(dialog.retryButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state is QrDialogState.SHOWING_QR, timeout=5000)
    assert dialog.qrImage.has_code
    dialog.close()
    select(qtbot, window, window.model.chip_by_id(live.id) or live)
    window.restartAction.trigger()
    qtbot.waitUntil(lambda: "“boot-open” restarted" in window.statusBar().currentMessage(), timeout=5000)
    assert [e.action for e in rig.store.list_events(chip_id=live.id)].count("restart") == 1
    assert rig.sim.state_of("boot-open") == "open"
    assert ledger.chips(CAT, expected={live.id, waiting.id}, present=set(rows(rig.store))) == 0
    ledger.survived(CAT, "server restart (memory lost)")


def test_reconnecting_an_instance_the_server_has_not_loaded_is_explained(
    qtbot: Any, rig: Rig, open_window: Callable[..., Any]
) -> None:
    chip = rig.waiting("11 98765-0211", "boot-unloaded")
    rig.manager.disconnect(chip.id)
    window = open_window(rig.sim.url, KEY, rig.url, home=rig.home)
    wait_synced(qtbot, window)
    rig.sim.restart(reload=False)  # the server keeps the row but does not load the instance
    select(qtbot, window, window.model.chip_by_id(chip.id) or chip)
    window.reconnectAction.trigger()
    qtbot.waitUntil(lambda: _qr_dialog(window) is not None, timeout=5000)
    dialog = _qr_dialog(window)
    qtbot.waitUntil(lambda: dialog.state is QrDialogState.ERROR, timeout=5000)
    text = dialog.stateLabel.text()
    dialog.close()
    assert "[object Object]" not in text, text


# -- the API key was changed on the server ---------------------------------------------------------------------


def test_a_key_changed_on_the_server_is_reported_and_the_old_one_works_again(
    qtbot: Any, rig: Rig, open_window: Callable[..., Any], ledger: Ledger
) -> None:
    chip = rig.connected("11 98765-0301", "key-01")
    window = open_window(rig.sim.url, KEY, rig.url, home=rig.home)
    wait_synced(qtbot, window)
    before = rows(rig.store)

    rig.sim.restart(reload=True, api_key="rotated-by-the-admin")
    ledger.injected(CAT, "401 after a key change")
    with heartbeat() as beat:
        qtbot.mouseClick(window.refreshButton, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(window.apiStatusBanner.isVisible, timeout=5000)
        assert window.apiStatusBanner.titleLabel.text() == "The Evolution API server refused the API key"
        assert window.apiStatusBanner.reasonLabel.text() == describe_error(EvolutionAuthError("401", status=401))
        select(qtbot, window, window.model.chip_by_id(chip.id) or chip)
        answer_confirmation(accept=True)
        window.disconnectAction.trigger()
        title, text = take_error_box(qtbot, window)
        refused = describe_error(EvolutionAuthError("401", status=401))
        assert (title, text) == ("Disconnect failed", f"“key-01”: {refused}")
        beat.settle(qtbot)
    ledger.peak(CAT, "heartbeat_max_gap_ms", beat.max_gap * 1000)
    beat.check()
    assert rows(rig.store) == before
    assert rig.sim.state_of("key-01") == "open"

    rig.sim.restart(reload=True, api_key=KEY)
    retry = window.apiStatusBanner.findChild(QAbstractButton, "retryNowButton")
    assert retry is not None
    qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.apiStatusBanner.isVisible(), timeout=5000)
    select(qtbot, window, window.model.chip_by_id(chip.id) or chip)
    answer_confirmation(accept=True)
    window.disconnectAction.trigger()
    qtbot.waitUntil(lambda: "“key-01” disconnected" in window.statusBar().currentMessage(), timeout=5000)
    assert rig.sim.state_of("key-01") == "close"
    assert rig.store.get_chip(chip.id).status is ChipStatus.PENDING
    assert ledger.chips(CAT, expected={chip.id}, present=set(rows(rig.store))) == 0
    ledger.survived(CAT, "401 after a key change")


# -- the QR limit ----------------------------------------------------------------------------------------------


def test_the_qr_limit_ends_the_attempt_with_a_retry(
    qtbot: Any, faulty_rig: Callable[..., Rig], open_window: Callable[..., Any], ledger: Ledger
) -> None:
    rig = faulty_rig(qr_lifetime=0.25, qr_limit=3)
    chip = rig.waiting("11 98765-0401", "limit-01")
    rig.manager.disconnect(chip.id)
    window = open_window(rig.sim.url, KEY, rig.url, home=rig.home, settings={"ui/poll_interval": "0.2"})
    wait_synced(qtbot, window)
    select(qtbot, window, window.model.chip_by_id(chip.id) or chip)
    ledger.injected(CAT, "QR limit")
    with heartbeat() as beat:
        window.reconnectAction.trigger()
        qtbot.waitUntil(lambda: _qr_dialog(window) is not None, timeout=5000)
        dialog = _qr_dialog(window)
        qtbot.waitUntil(lambda: dialog.state is QrDialogState.SHOWING_QR, timeout=5000)
        # Three QRs of 0.25 s, then the server gives up: refused/close. The dialog stops and offers Retry.
        qtbot.waitUntil(lambda: dialog.state is QrDialogState.REFUSED, timeout=10000)
        assert dialog.stateLabel.text() in ("QR limit reached", "Connection attempt closed")
        assert dialog.hintLabel.text() in (describe_hint(HINT_QR_LIMIT), describe_hint(HINT_CLOSED))
        assert dialog.retryButton.isVisible() and not dialog.qrImage.has_code
    ledger.peak(CAT, "heartbeat_max_gap_ms", beat.max_gap * 1000)
    beat.check()
    stored = rig.store.get_chip(chip.id)
    assert stored.connection_state is ConnectionState.CLOSE and not stored.evolution_connected
    assert stored.status is ChipStatus.PENDING
    assert rig.store.list_events(chip_id=chip.id)[0].action == "qr_refused"
    qtbot.mouseClick(dialog.retryButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.state is QrDialogState.SHOWING_QR and dialog.qrImage.has_code, timeout=5000)
    rig.sim.simulate_scan("limit-01")
    qtbot.waitUntil(lambda: rig.store.get_chip(chip.id).evolution_connected, timeout=5000)
    assert ledger.chips(CAT, expected={chip.id}, present=set(rows(rig.store))) == 0
    ledger.survived(CAT, "QR limit")


# -- a delete that completes late, and a re-create in that window ---------------------------------------------


def test_recreating_while_the_server_still_deletes_is_refused_clearly_then_works(
    qtbot: Any, faulty_rig: Callable[..., Rig], open_window: Callable[..., Any], ledger: Ledger
) -> None:
    rig = faulty_rig(delete_delay=1.5)
    chip = rig.waiting("11 98765-0501", "late-01")
    window = open_window(rig.sim.url, KEY, rig.url, home=rig.home)
    wait_synced(qtbot, window)
    select(qtbot, window, window.model.chip_by_id(chip.id) or chip)
    ledger.injected(CAT, "late delete + re-create")
    with heartbeat() as beat:
        answer_confirmation(accept=True)
        window.deleteAction.trigger()
        qtbot.waitUntil(lambda: rig.store.get_chip(chip.id).status is ChipStatus.CANCELLED, timeout=5000)
        assert "late-01" in rig.sim.instance_names(), "the server finished the delete at once"
        window.newInstanceAction.trigger()
        dialog = window.findChild(QDialog, "CreateInstanceDialog")
        assert dialog is not None
        phone_edit = dialog.findChild(QLineEdit, "phoneEdit")
        name_edit = dialog.findChild(QLineEdit, "nameEdit")
        create = dialog.findChild(QAbstractButton, "createButton")
        error = dialog.findChild(QLabel, "errorLabel")
        assert phone_edit is not None and name_edit is not None and create is not None and error is not None
        qtbot.keyClicks(phone_edit, "11 98765-0501")
        qtbot.keyClicks(name_edit, "late-01")
        qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: error.isVisible() and create.isEnabled(), timeout=5000)
        assert error.text() == describe_error(NameTakenOnServer("x", instance_name="late-01"))
        beat.settle(qtbot)
    ledger.peak(CAT, "heartbeat_max_gap_ms", beat.max_gap * 1000)
    beat.check()
    assert [c.id for c in rig.store.list_chips()] == [chip.id]
    assert rig.manager.journal is not None and rig.manager.journal.pending() == []

    wait_for(lambda: "late-01" not in rig.sim.instance_names(), 5, "the late delete")
    qtbot.mouseClick(create, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _qr_dialog(window) is not None, timeout=5000)
    fresh = rig.store.find_chip(instance_name="late-01")
    assert fresh is not None and fresh.id != chip.id and fresh.status is ChipStatus.PENDING
    assert rig.store.get_chip(chip.id).status is ChipStatus.CANCELLED
    assert rig.sim.instance_names() == ["late-01"]
    _qr_dialog(window).close()
    assert ledger.chips(CAT, expected={chip.id, fresh.id}, present=set(rows(rig.store))) == 0
    ledger.survived(CAT, "late delete + re-create")
