"""LiveFleet end to end: the simulator's Socket.IO events, real HTTP, a real SQLite file and PostgreSQL.

Events are triggers: every row change checked here was read back from the server over REST and written to the
store. Waits are on conditions, never fixed sleeps.
"""

from __future__ import annotations

import argparse
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from evodesk.config import Paths, add_live_arguments, load_settings
from evodesk.domain import (
    Actor,
    Chip,
    ChipStatus,
    ConnectionState,
    EventKind,
    LiveMode,
    LiveReason,
    LiveStatus,
    PollResult,
    QrDialogState,
    SyncReport,
)
from evodesk.evolution import EvolutionClient
from evodesk.evolution.events import SUBSCRIBED_EVENTS, Backoff, EventStream
from evodesk.services import InstanceManager
from evodesk.services.live import LIVE_POLL_INTERVAL, DriftNotice, LiveFleet
from evodesk.services.qr import HINT_QR_LIMIT
from evodesk.simulator import Simulator
from evodesk.store import Store, open_store

KEY = "live-key-0123456789"


def wait_for(predicate: Callable[[], object], timeout: float = 10.0, what: str = "condition") -> None:
    """Wait until ``predicate()`` is true (checked every 20 ms), failing after ``timeout`` seconds."""
    pause = threading.Event()
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        pause.wait(0.02)


ALICE = Actor(os_user="alice", host="desk-1")


class Seen:
    """Everything a LiveFleet told its listeners."""

    def __init__(self, fleet: LiveFleet) -> None:
        self.lock = threading.Lock()
        self.dialog: list[tuple[int, PollResult]] = []
        self.chips: list[Chip] = []
        self.drops: list[Chip] = []
        self.drifts: list[DriftNotice] = []
        self.syncs: list[SyncReport] = []
        self.statuses: list[LiveStatus] = []
        fleet.listen(
            on_dialog=lambda chip_id, result: self._add(self.dialog, (chip_id, result)),
            on_chip=lambda chip: self._add(self.chips, chip),
            on_drop=lambda chip: self._add(self.drops, chip),
            on_drift=lambda notice: self._add(self.drifts, notice),
            on_sync=lambda report: self._add(self.syncs, report),
            on_status=lambda status: self._add(self.statuses, status),
        )

    def _add(self, into: list[Any], item: Any) -> None:
        with self.lock:
            into.append(item)

    def dialog_states(self, chip_id: int) -> list[QrDialogState]:
        with self.lock:
            return [result.state for cid, result in self.dialog if cid == chip_id]


@pytest.fixture
def sim(sim_factory: Callable[..., Simulator]) -> Simulator:
    return sim_factory(api_key=KEY, qr_lifetime=0.4, delete_delay=0.2)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = open_store(database_url)
    yield store
    store.close()


@pytest.fixture
def fleet_factory(store: Store) -> Iterator[Callable[..., tuple[LiveFleet, Seen, InstanceManager]]]:
    made: list[tuple[LiveFleet, EvolutionClient]] = []

    def make(
        sim: Simulator, *, namespace_backoff: Backoff | None = None, **kwargs: Any
    ) -> tuple[LiveFleet, Seen, InstanceManager]:
        client = EvolutionClient(sim.url, KEY, timeout=5)
        manager = InstanceManager(client, store, actor=ALICE)

        def stream(url: str, key: str, **options: Any) -> EventStream:
            fast = Backoff(0.05, maximum=0.2, jitter=0.0)
            joins = namespace_backoff or fast.copy()
            return EventStream(url, key, backoff=fast, namespace_backoff=joins, recheck_after=0.2, **options)

        fleet = LiveFleet(manager, api_key=KEY, stream_factory=stream, **kwargs)
        seen = Seen(fleet)
        made.append((fleet, client))
        return fleet, seen, manager

    yield make
    for fleet, client in made:
        fleet.stop()
        client.close()


def _connected_chip(sim: Simulator, manager: InstanceManager, fleet: LiveFleet, phone: str) -> Chip:
    chip, _qr = manager.create(phone)
    wait_for(lambda: fleet.hears(chip.instance_name), what="the new chip's namespace")
    sim.simulate_scan(chip.instance_name)
    wait_for(lambda: manager.store.get_chip(chip.id).connection_state is ConnectionState.OPEN, what="row open")
    return manager.store.get_chip(chip.id)


def test_a_scan_shows_new_qrs_then_connects_the_row_and_the_dialog(
    sim: Simulator, fleet_factory: Callable[..., Any]
) -> None:
    fleet, seen, manager = fleet_factory(sim)
    fleet.start()
    wait_for(lambda: fleet.status.live, what="live")
    assert manager.websocket_events == SUBSCRIBED_EVENTS  # new chips ask for their events in the create call
    chip, first_qr = manager.create("+55 11 99999-0001")
    assert first_qr is not None
    subscription = manager.client.find_websocket(chip.instance_name)
    assert subscription is not None and set(SUBSCRIBED_EVENTS) <= set(subscription.events)
    wait_for(lambda: fleet.hears(chip.instance_name), what="namespace joined")
    assert fleet.qr_poll_interval(chip.instance_name) == LIVE_POLL_INTERVAL

    def pushed_codes() -> set[str | None]:
        with seen.lock:
            return {r.qr.code for cid, r in seen.dialog if cid == chip.id and r.qr is not None}

    wait_for(lambda: pushed_codes() - {first_qr.code}, what="the next QR pushed to the dialog")
    assert None not in pushed_codes()
    # Events carry no count: each pushed QR is the next attempt, never a count going back (which would end it).
    with seen.lock:
        pushed = [r for cid, r in seen.dialog if cid == chip.id]
    assert all(r.state is QrDialogState.SHOWING_QR for r in pushed)
    counts = [r.qr.count for r in pushed if r.qr is not None]
    assert counts[0] > first_qr.count and counts == sorted(counts)

    sim.simulate_scan(chip.instance_name, profile_name="Loja")
    wait_for(lambda: QrDialogState.CONNECTED in seen.dialog_states(chip.id), what="dialog told connected")
    row = manager.store.get_chip(chip.id)
    assert row.connection_state is ConnectionState.OPEN and row.evolution_connected
    assert row.status is ChipStatus.WARMING and row.profile_name == "Loja" and row.connected_at is not None
    assert not manager.sessions.active(chip.id)
    assert any(c.id == chip.id and c.connection_state is ConnectionState.OPEN for c in seen.chips)
    assert seen.drops == []


def test_a_drop_is_notified_once_and_recorded_from_the_server(
    sim: Simulator, fleet_factory: Callable[..., Any]
) -> None:
    fleet, seen, manager = fleet_factory(sim)
    fleet.start()
    wait_for(lambda: fleet.status.live, what="live")
    chip = _connected_chip(sim, manager, fleet, "+55 11 99999-0002")
    sim.drop_connection(chip.instance_name, 401)  # close, status.instance: two events, one drop
    wait_for(lambda: seen.drops, what="drop notified")
    row = manager.store.get_chip(chip.id)
    assert row.connection_state is ConnectionState.CLOSE and not row.evolution_connected
    assert row.disconnect_reason_code == 401
    # The audit trail says what happened in words the audit view already has: a live state check.
    assert manager.store.list_events(chip_id=chip.id, limit=1)[0].action == "check_connection"
    # A later event of another chip is handled after every event of the drop: then count.
    marker, _ = manager.create("+55 11 99999-0012")
    wait_for(lambda: fleet.hears(marker.instance_name), what="marker joined")
    sim.simulate_scan(marker.instance_name)
    wait_for(lambda: QrDialogState.CONNECTED in seen.dialog_states(marker.id), what="marker connected")
    wait_for(fleet.settled, what="nothing left to check")
    assert [d.id for d in seen.drops] == [chip.id]
    # The next fleet refresh sees the row already closed, so a window polling as well reports no second drop.
    assert manager.sync().dropped == ()


def test_the_operators_own_disconnect_and_delete_are_not_drops(
    sim: Simulator, fleet_factory: Callable[..., Any]
) -> None:
    fleet, seen, manager = fleet_factory(sim)
    fleet.start()
    wait_for(lambda: fleet.status.live, what="live")
    one = _connected_chip(sim, manager, fleet, "+55 11 99999-0003")
    two = _connected_chip(sim, manager, fleet, "+55 11 99999-0004")
    manager.disconnect(one.id)
    manager.delete(two.id)
    wait_for(lambda: fleet.checks_done >= 2, what="the logout events checked")
    marker = _connected_chip(sim, manager, fleet, "+55 11 99999-0005")
    sim.drop_connection(marker.instance_name, 403)
    wait_for(lambda: seen.drops, what="the marker's drop")
    assert [d.id for d in seen.drops] == [marker.id]  # and neither of the operator's own
    assert seen.drifts == []


def test_an_instance_removed_by_another_tool_is_drift(sim: Simulator, fleet_factory: Callable[..., Any]) -> None:
    fleet, seen, manager = fleet_factory(sim)
    fleet.start()
    wait_for(lambda: fleet.status.live, what="live")
    chip, _ = manager.create("+55 11 99999-0006")
    wait_for(lambda: fleet.hears(chip.instance_name), what="joined")
    with EvolutionClient(sim.url, KEY) as other_tool:
        other_tool.delete(chip.instance_name)
    wait_for(lambda: seen.drifts, what="drift")
    kinds = {notice.kind for notice in seen.drifts}
    assert EventKind.REMOVE_INSTANCE in kinds
    assert all(notice.chip is not None and notice.chip.id == chip.id for notice in seen.drifts)


def test_global_mode_reports_instances_created_elsewhere(
    sim_factory: Callable[..., Simulator], fleet_factory: Callable[..., Any]
) -> None:
    sim = sim_factory(api_key=KEY, qr_lifetime=0.4, global_events=True)
    fleet, seen, manager = fleet_factory(sim)
    fleet.start()
    wait_for(lambda: fleet.status.live, what="live")
    mine, _ = manager.create("+55 11 99999-0007")  # the first event on "/" shows global mode
    wait_for(lambda: fleet.status.global_events, what="global mode")
    assert manager.websocket_events == ()  # no per-instance subscription needed any more
    with EvolutionClient(sim.url, KEY) as other_tool:
        other_tool.create_instance("made-by-n8n", qrcode=False)
    wait_for(lambda: seen.drifts, what="instance.create drift")
    assert [(n.kind, n.instance_name) for n in seen.drifts] == [(EventKind.INSTANCE_CREATE, "made-by-n8n")]
    assert fleet.hears(mine.instance_name)


def test_a_server_restart_mid_dialog_resyncs_and_the_chip_still_connects_once(
    sim: Simulator, fleet_factory: Callable[..., Any]
) -> None:
    fleet, seen, manager = fleet_factory(sim)
    fleet.start()
    wait_for(lambda: len(seen.syncs) == 1, what="the first resync")
    chip, _ = manager.create("+55 11 99999-0008")
    wait_for(lambda: fleet.hears(chip.instance_name), what="joined")
    sim.restart(reload=True)  # the instance was connecting: reloaded with a new QR cycle
    wait_for(lambda: len(seen.syncs) == 2, what="resync after the restart")
    assert any(s.reason is LiveReason.DISCONNECTED for s in seen.statuses)
    wait_for(lambda: fleet.hears(chip.instance_name), what="rejoined")
    wait_for(lambda: sim.current_qr(chip.instance_name) is not None, what="a QR after the restart")
    sim.simulate_scan(chip.instance_name)
    wait_for(lambda: QrDialogState.CONNECTED in seen.dialog_states(chip.id), what="connected after the restart")
    sim.events.drop_clients()  # one more reconnect: its resync must not report anything twice
    wait_for(lambda: len(seen.syncs) == 3, what="third resync")
    assert seen.dialog_states(chip.id).count(QrDialogState.CONNECTED) == 1
    assert manager.store.get_chip(chip.id).connection_state is ConnectionState.OPEN
    assert seen.drops == []


def test_turned_off_never_opens_a_socket(sim: Simulator, fleet_factory: Callable[..., Any]) -> None:
    fleet, seen, manager = fleet_factory(sim, enabled=False)
    fleet.start()
    assert fleet.status == LiveStatus(LiveMode.POLLING, LiveReason.TURNED_OFF)
    assert seen.statuses == [fleet.status] and fleet.stream is None
    chip, _ = manager.create("+55 11 99999-0009")
    assert fleet.qr_poll_interval(chip.instance_name) == manager.policy.poll_interval
    assert manager.client.find_websocket(chip.instance_name) is None  # the create asked for no events
    assert sim.events.state()["clients"] == 0


def test_events_off_on_the_server_leaves_polling_exactly_as_before(
    sim_factory: Callable[..., Simulator], fleet_factory: Callable[..., Any]
) -> None:
    sim = sim_factory(api_key=KEY, qr_lifetime=0.4, events=False)
    fleet, seen, manager = fleet_factory(sim)
    fleet.start()
    wait_for(lambda: fleet.status.reason is LiveReason.EVENTS_OFF, what="events off")
    chip, _ = manager.create("+55 11 99999-0010")
    assert manager.websocket_events == () and fleet.qr_poll_interval(chip.instance_name) == 3.0
    sim.simulate_scan(chip.instance_name)
    assert manager.poll(chip.id).state is QrDialogState.CONNECTED  # the poll finds it, as today
    assert seen.dialog == [] and seen.syncs == []


def test_live_events_setting_and_no_live_switch(tmp_path: Path) -> None:
    paths = Paths.under(tmp_path)
    assert load_settings(paths, env={}).live_events is True
    paths.ensure()
    paths.settings_file.write_text("[server]\nlive_events=false\n", encoding="utf-8")
    assert load_settings(paths, env={}).live_events is False
    parser = argparse.ArgumentParser()
    add_live_arguments(parser)
    assert parser.parse_args([]).live_events is None  # not given: the file or the default decides
    args = parser.parse_args(["--no-live"])
    paths.settings_file.write_text("[server]\nlive_events=true\n", encoding="utf-8")
    settings = load_settings(paths, cli={"live_events": args.live_events}, env={})
    assert settings.live_events is False and settings.sources["live_events"] == "command line"
    paths.settings_file.write_text("[server]\nlive_events=maybe\n", encoding="utf-8")
    with pytest.raises(ValueError, match="live_events"):
        load_settings(paths, env={})


def test_the_qr_limit_refuses_the_open_dialog(
    sim_factory: Callable[..., Simulator], fleet_factory: Callable[..., Any]
) -> None:
    sim = sim_factory(api_key=KEY, qr_lifetime=1.0, qr_limit=2)
    fleet, seen, manager = fleet_factory(sim)
    fleet.start()
    wait_for(lambda: fleet.status.live, what="live")
    chip, _ = manager.create("+55 11 99999-0011")
    # Events sent before the namespace is joined are lost (polling covers them): join within the first QR.
    wait_for(lambda: fleet.hears(chip.instance_name), timeout=1.0, what="joined before the QR limit")
    wait_for(lambda: QrDialogState.REFUSED in seen.dialog_states(chip.id), what="dialog refused")
    refused = next(r for cid, r in seen.dialog if cid == chip.id and r.state is QrDialogState.REFUSED)
    assert refused.message == HINT_QR_LIMIT
    assert not manager.sessions.active(chip.id)
    assert manager.store.get_chip(chip.id).connection_state is ConnectionState.CLOSE
    assert seen.drops == []  # never connected: nothing dropped


def test_a_bad_ca_bundle_leaves_polling_with_the_reason(sim: Simulator, store: Store, tmp_path: Path) -> None:
    with EvolutionClient(sim.url, KEY) as client:
        fleet = LiveFleet(InstanceManager(client, store, actor=ALICE), api_key=KEY, verify=str(tmp_path / "none.pem"))
        seen = Seen(fleet)
        fleet.start()  # returns at once: the bundle is read on the fleet's thread
        try:
            wait_for(lambda: seen.statuses, what="a status")
            assert seen.statuses[-1].mode is LiveMode.POLLING
            assert seen.statuses[-1].reason is LiveReason.TLS_FAILED
            assert "none.pem" in (seen.statuses[-1].detail or "")
            assert not fleet.hears("anything")
        finally:
            fleet.stop()


def test_opening_a_qr_dialog_joins_the_chips_namespace_at_once(
    sim: Simulator, fleet_factory: Callable[..., Any]
) -> None:
    fleet, seen, manager = fleet_factory(sim, namespace_backoff=Backoff(60.0, maximum=60.0, jitter=0.0))
    chip, _ = manager.create("+55 11 99999-0013")  # before the fleet listens: no subscription in the create
    manager.disconnect(chip.id)  # idle from now on: the server emits nothing for it
    fleet.start()
    wait_for(lambda: manager.client.find_websocket(chip.instance_name) is not None, what="subscription merged")
    wait_for(fleet.settled, what="the merge's join attempt")
    assert not fleet.hears(chip.instance_name)  # refused: no emit there yet; next try in 60 s
    manager.qr_code(chip.id)  # the operator opens its QR dialog: connect opens a socket, the server emits
    wait_for(lambda: fleet.hears(chip.instance_name), timeout=3.0, what="joined right after the dialog opened")
    assert fleet.qr_poll_interval(chip.instance_name) == LIVE_POLL_INTERVAL
    sim.simulate_scan(chip.instance_name)
    wait_for(lambda: QrDialogState.CONNECTED in seen.dialog_states(chip.id), what="connected, pushed")
