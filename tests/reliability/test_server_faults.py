"""Server faults injected through the simulator, met by the real window and the real InstanceManager.

For every fault: the GUI thread keeps beating (10 ms heartbeat, no gap of 200 ms or more while the fault is on),
the operator reads a clear message (banner, status bar or dialog, the text ``describe_error`` produces), the
database rows stay true, and the same action succeeds once the fault is gone. Lower-level fault handling is
already proven in tests/test_client_sim.py (each fault mode against the client) and
tests/test_ui_main_window.py (banner and heartbeat with 5xx + latency); this suite drives every mode through the
window and checks the database and the retry as well.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from evodesk.domain import Actor, Chip, ChipStatus
from evodesk.evolution import EvolutionClient, EvolutionUnavailable
from evodesk.services import InstanceManager
from evodesk.services.journal import CreateJournal
from evodesk.simulator import Simulator
from evodesk.store import Store, open_store

from .conftest import Ledger
from .helpers import (
    answer_confirmation,
    heartbeat,
    rows,
    select,
    take_error_box,
    wait_for,
    wait_synced,
)

pytestmark = [pytest.mark.reliability, pytest.mark.gui]

KEY = "fault-suite-key-7f3a9c"
CAT = "server_faults"
OPERATOR = Actor("operator", "desk-1")


@dataclass
class Rig:
    """A simulator, the SQLite file the window uses, and a manager of our own to put chips in states."""

    sim: Simulator
    store: Store
    manager: InstanceManager
    url: str
    home: Path

    def connected(self, phone: str, name: str) -> Chip:
        chip = self.manager.create(phone, name)[0]
        self.sim.simulate_scan(name, profile_name=name.upper())
        self.manager.sync()
        return self.store.get_chip(chip.id)

    def waiting(self, phone: str, name: str) -> Chip:
        return self.manager.create(phone, name)[0]


@pytest.fixture
def rig_factory(sim_factory: Callable[..., Simulator], tmp_path: Path) -> Iterator[Callable[..., Rig]]:
    opened: list[tuple[EvolutionClient, Store]] = []

    def make(**sim_kwargs: Any) -> Rig:
        sim_kwargs.setdefault("api_key", KEY)
        sim_kwargs.setdefault("delete_delay", 0.2)
        sim = sim_factory(**sim_kwargs)
        url = f"sqlite:///{tmp_path / 'chips.sqlite3'}"
        store = open_store(url)
        client = EvolutionClient(sim.url, KEY, timeout=5, long_timeout=5)
        opened.append((client, store))
        home = tmp_path / "home"
        journal = CreateJournal(home / "pending-creates.json")
        return Rig(sim, store, InstanceManager(client, store, actor=OPERATOR, journal=journal), url, home)

    yield make
    for client, store in opened:
        client.close()
        store.close()


@pytest.fixture
def rig(rig_factory: Callable[..., Rig]) -> Rig:
    return rig_factory()


# -- network and protocol faults, through the window -----------------------------------------------------------

# mode → (how the fault is switched on/off, a fragment of the message the operator must read)
FAULTS: dict[str, str] = {
    "timeout": "did not answer within 0.5 s",
    "5xx": "failed (HTTP 500)",
    "refused": "Cannot connect to the Evolution API server",
    "reset": "Network error talking to the Evolution API server",
    "drop": "Network error talking to the Evolution API server",
    "malformed": "could not be read",
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
        assert window.apiStatusBanner.titleLabel.text() == "The Evolution API server cannot be reached"
        reason = window.apiStatusBanner.reasonLabel.text()
        assert reason.startswith("The server is unavailable: ") and FAULTS[mode] in reason, reason
        # The chips stay on screen, from the database.
        assert {c.id for c in window.model.chips} == {chip.id, other.id}

        # An operator action fails with a message naming the chip, and changes nothing.
        select(qtbot, window, window.model.chip_by_id(chip.id) or chip)
        answer_confirmation(accept=True)
        window.disconnectAction.trigger()
        title, text = take_error_box(qtbot, window)
        assert title == "Disconnect failed"
        assert text.startswith("“fault-01”: "), text
        assert FAULTS[mode] in text or "will try again shortly" in text, text
        qtbot.waitUntil(lambda: not window.model.is_busy(chip.id), timeout=5000)
        beat.settle(qtbot)
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
    rig_factory: Callable[..., Rig], ledger: Ledger, mode: str
) -> None:
    rig = rig_factory()
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
