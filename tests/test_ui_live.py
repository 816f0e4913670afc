"""The window on the server's live events: real Socket.IO to the simulator over loopback, a real SQLite file.

The scan, the drop and the event switches go through the simulator's ``/_sim/`` controls over HTTP, as another
process would; every wait is on a condition.
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from evodesk.domain import Chip, ConnectionState, LiveMode, LiveReason, QrDialogState
from evodesk.services import LIVE_POLL_INTERVAL
from evodesk.ui.qr.poller import QrPoller
from helpers import KEY, OpenWindow, Rig, answer_confirmation, select, wait_synced

pytestmark = pytest.mark.gui


@pytest.fixture
def window_settings() -> dict[str, str]:
    """Every window here listens to the server's events (the suite's default polls only)."""
    return {}


def control(rig: Rig, path: str, body: dict[str, Any] | None = None) -> Any:
    """POST one of the simulator's ``/_sim/`` controls over HTTP."""
    request = urllib.request.Request(
        f"{rig.sim.url}/_sim/{path}",
        data=json.dumps(body or {}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as answer:
        return json.loads(answer.read())


def shown(window: Any, chip: Chip) -> Chip:
    current = window.model.chip_by_id(chip.id)
    assert current is not None
    return current


def wait_live(qtbot: Any, window: Any, timeout: int = 10000) -> None:
    qtbot.waitUntil(lambda: window.backend.live_status is not None and window.backend.live_status.live, timeout=timeout)
    qtbot.waitUntil(lambda: window.liveStatusLabel.text().startswith("Live"), timeout=2000)


@pytest.fixture
def global_rig(rig_factory: Callable[..., Rig]) -> Rig:
    """A simulator sending every instance's events on ``/`` (WEBSOCKET_GLOBAL_EVENTS=true)."""
    return rig_factory(global_events=True)


@pytest.fixture
def notified(qtbot: Any) -> Iterator[Callable[[Any], list[str]]]:
    """Drops the window announced (tray and notice), per window."""

    def watch(window: Any) -> list[str]:
        seen: list[str] = []
        window.fleet.watcher.notified.connect(lambda chip, _reason: seen.append(chip.instance_name))
        return seen

    yield watch


def test_a_scan_closes_the_open_qr_dialog_and_connects_the_row_at_once(
    qtbot: Any, fleet: Rig, open_window: OpenWindow
) -> None:
    chip = fleet.waiting("11 91234-5678", "live-scan")
    fleet.manager.disconnect(chip.id)  # created before evodesk listened: idle, and subscribed to nothing
    window = open_window()
    wait_synced(qtbot, window)
    wait_live(qtbot, window)
    assert window.liveStatusLabel.isVisible()
    assert window.liveStatusLabel.toolTip()
    # Per-instance mode: the window subscribes the chip to its events (merged with what it had).
    qtbot.waitUntil(lambda: fleet.client.find_websocket("live-scan") is not None, timeout=10000)
    window.reconnect(shown(window, chip))
    qtbot.waitUntil(lambda: chip.id in window.parts.actions.qr_dialogs, timeout=10000)
    dialog = window.parts.actions.qr_dialogs[chip.id]
    qtbot.waitUntil(lambda: dialog.state is QrDialogState.SHOWING_QR, timeout=10000)
    # Reconnecting makes the server emit there, so the chip's channel is joined at once; the dialog then polls
    # every 10 s.
    qtbot.waitUntil(lambda: window.backend.live.hears("live-scan"), timeout=5000)
    poller = dialog.findChild(QrPoller)
    qtbot.waitUntil(lambda: poller._timer.interval() == int(LIVE_POLL_INTERVAL * 1000), timeout=3000)
    polls = dialog.poll_count

    started = time.monotonic()
    control(fleet, "scan/live-scan", {"profileName": "Loja Centro"})
    qtbot.waitUntil(lambda: dialog.state is QrDialogState.CONNECTED, timeout=3000)
    qtbot.waitUntil(lambda: shown(window, chip).connection_state is ConnectionState.OPEN, timeout=3000)
    elapsed = time.monotonic() - started
    # Well under the 3 s poll: the event brought it, not a poll.
    assert elapsed < 2.0, elapsed
    assert dialog.poll_count == polls
    assert shown(window, chip).profile_name == "Loja Centro"
    qtbot.waitUntil(lambda: chip.id not in window.parts.actions.qr_dialogs, timeout=5000)


def test_a_new_qr_reaches_the_open_dialog_without_a_poll(
    qtbot: Any, rig_factory: Callable[..., Rig], open_window: OpenWindow
) -> None:
    # QR codes rotating every 2 s: the dialog, polling every 10 s while live, shows each one as it comes.
    global_rig = rig_factory(global_events=True, qr_lifetime=2.0)
    chip = global_rig.waiting("11 91234-0001", "live-qr")
    window = open_window(api_url=global_rig.sim.url, database_url=global_rig.url)
    wait_synced(qtbot, window)
    wait_live(qtbot, window)
    dialog = window.open_qr_dialog(chip, None)
    # The first event heard on the default channel shows the server sends every instance's events there.
    qtbot.waitUntil(lambda: window.liveStatusLabel.text() == "Live: every instance", timeout=5000)
    qtbot.waitUntil(lambda: dialog.state is QrDialogState.SHOWING_QR and dialog.qrImage.has_code, timeout=10000)
    poller = dialog.findChild(QrPoller)
    qtbot.waitUntil(lambda: poller._timer.interval() == int(LIVE_POLL_INTERVAL * 1000), timeout=3000)
    first = global_rig.sim.current_qr("live-qr")
    polls = dialog.poll_count
    qtbot.waitUntil(lambda: global_rig.sim.current_qr("live-qr") != first, timeout=5000)
    new = global_rig.sim.current_qr("live-qr")
    qtbot.waitUntil(lambda: dialog.qrImage.payload == new, timeout=3000)
    assert dialog.poll_count == polls


def test_a_drop_updates_the_row_and_is_notified_once(
    qtbot: Any, global_rig: Rig, open_window: OpenWindow, notified: Callable[[Any], list[str]]
) -> None:
    chip = global_rig.connected("11 91234-0002", "live-drop", profile="Vendas")
    window = open_window(api_url=global_rig.sim.url, database_url=global_rig.url)
    seen = notified(window)
    wait_synced(qtbot, window)
    wait_live(qtbot, window)
    select(qtbot, window, chip)
    assert shown(window, chip).connection_state is ConnectionState.OPEN
    details_before = window.page.details.detailsState.text()

    started = time.monotonic()
    control(global_rig, "drop/live-drop", {"reasonCode": 401})
    qtbot.waitUntil(lambda: shown(window, chip).connection_state is not ConnectionState.OPEN, timeout=3000)
    assert time.monotonic() - started < 2.0
    qtbot.waitUntil(lambda: seen == ["live-drop"], timeout=3000)
    # The details panel shows the selected chip as it is now.
    qtbot.waitUntil(lambda: window.page.details.detailsState.text() != details_before, timeout=3000)
    # A refresh afterwards sees the same drop: not announced again.
    window.request_sync()
    wait_synced(qtbot, window)
    qtbot.waitUntil(window.backend.live.settled, timeout=3000)
    assert seen == ["live-drop"]


def test_the_operators_own_disconnect_is_not_notified(
    qtbot: Any, global_rig: Rig, open_window: OpenWindow, notified: Callable[[Any], list[str]]
) -> None:
    chip = global_rig.connected("11 91234-0003", "live-own")
    window = open_window(api_url=global_rig.sim.url, database_url=global_rig.url)
    seen = notified(window)
    wait_synced(qtbot, window)
    wait_live(qtbot, window)
    select(qtbot, window, chip)
    answer_confirmation(accept=True)
    window.disconnectAction.trigger()
    qtbot.waitUntil(lambda: not shown(window, chip).evolution_connected, timeout=5000)
    qtbot.waitUntil(lambda: global_rig.sim.state_of("live-own") == "close", timeout=5000)
    qtbot.waitUntil(window.backend.live.settled, timeout=5000)
    window.request_sync()
    wait_synced(qtbot, window)
    qtbot.waitUntil(window.backend.live.settled, timeout=3000)
    assert seen == []


def test_events_off_on_the_server_polls_as_before_and_says_why(
    qtbot: Any, rig_factory: Callable[..., Rig], open_window: OpenWindow
) -> None:
    rig = rig_factory(events=False)
    chip = rig.waiting("11 91234-0004", "live-off")
    window = open_window(api_url=rig.sim.url, database_url=rig.url, poll_interval=1.0)
    wait_synced(qtbot, window)
    qtbot.waitUntil(lambda: window.backend.live_status.reason is LiveReason.EVENTS_OFF, timeout=10000)
    qtbot.waitUntil(lambda: window.liveStatusLabel.text() == "Polling: the server sends no events", timeout=2000)
    assert "WEBSOCKET_ENABLED" in window.liveStatusLabel.toolTip()
    dialog = window.open_qr_dialog(chip, None)
    qtbot.waitUntil(lambda: dialog.state is QrDialogState.SHOWING_QR, timeout=10000)
    assert dialog.findChild(QrPoller)._timer.interval() == 1000
    control(rig, "scan/live-off")
    # The dialog's own poll connects it, as without events.
    qtbot.waitUntil(lambda: dialog.state is QrDialogState.CONNECTED, timeout=10000)
    qtbot.waitUntil(lambda: shown(window, chip).connection_state is ConnectionState.OPEN, timeout=5000)


def test_no_live_polls_and_opens_no_socket(qtbot: Any, fleet: Rig, tmp_path: Path) -> None:
    from evodesk.app import open_main_window

    window = open_main_window(
        [
            *("--data-dir", str(tmp_path / "home"), "--api-url", fleet.sim.url, "--api-key", KEY),
            *("--database-url", fleet.url, "--lang", "en", "--no-live"),
        ]
    )
    try:
        wait_synced(qtbot, window)
        qtbot.waitUntil(lambda: window.liveStatusLabel.text() == "Polling: live events turned off", timeout=5000)
        assert window.backend.live_status.mode is LiveMode.POLLING
        assert "--no-live" in window.liveStatusLabel.toolTip()
        assert fleet.sim.events.state()["clients"] == 0
    finally:
        window.close()
        window.deleteLater()


@pytest.fixture
def keep_language(qapp: Any) -> Iterator[None]:
    """Put the translators back as they were after a window opened in another language."""
    previous = list(getattr(qapp, "evodesk_translators", []))
    yield
    for translator in getattr(qapp, "evodesk_translators", []):
        qapp.removeTranslator(translator)
    for translator in previous:
        qapp.installTranslator(translator)
    qapp.evodesk_translators = previous


def test_the_label_speaks_portuguese(qtbot: Any, fleet: Rig, tmp_path: Path, keep_language: None) -> None:
    from evodesk.app import open_main_window

    window = open_main_window(
        [
            *("--data-dir", str(tmp_path / "home"), "--api-url", fleet.sim.url, "--api-key", KEY),
            *("--database-url", fleet.url, "--lang", "pt_BR", "--no-live"),
        ]
    )
    try:
        qtbot.waitUntil(
            lambda: window.liveStatusLabel.text() == "Consultando: eventos ao vivo desligados", timeout=5000
        )
        assert "--no-live" in window.liveStatusLabel.toolTip()
    finally:
        window.close()
        window.deleteLater()


def test_the_demo_runs_live(qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from evodesk.app import open_main_window

    for name in ("EVOLUTION_API_URL", "EVOLUTION_API_KEY", "EVODESK_DATABASE_URL", "EVODESK_HOME"):
        monkeypatch.delenv(name, raising=False)
    window = open_main_window(["--demo", "--lang", "en", "--data-dir", str(tmp_path)])
    try:
        wait_live(qtbot, window)
        assert window.simulator.events.state()["clients"] >= 1
    finally:
        window.close()
        window.deleteLater()
