"""ChipSettingsService over real HTTP to the simulator and a real database (a SQLite file and PostgreSQL): one chip,
twenty at once, restarts, the audit trail, and a proxy password that never reaches the log, the audit trail, an
export or an error text."""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from evodesk.domain import Actor, ChipSettings, ConnectionState
from evodesk.evolution import EvolutionClient, EvolutionUnavailable, ProxyRejected
from evodesk.logs import setup_logging
from evodesk.services import (
    ChipEdit,
    ChipSettingsService,
    InstanceManager,
    Outcome,
    ProfileNeedsConnection,
    ProxyEdit,
    RestartReason,
    SettingsEdit,
)
from evodesk.services.errors import ValidationError
from evodesk.services.export import read_csv, write_csv
from evodesk.simulator import Simulator
from evodesk.store import Store, open_store

KEY = "test-key"
ALICE = Actor(os_user="alice", host="desk-1")
PASSWORD = "Xy7-very-private-pw"
NEW_PASSWORD = "Qm4-even-more-private"


@pytest.fixture
def sim(sim_factory: Callable[..., Simulator]) -> Simulator:
    return sim_factory(api_key=KEY, qr_lifetime=45.0, delete_delay=0.3)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = open_store(database_url)
    yield store
    store.close()


@pytest.fixture
def client(sim: Simulator) -> Iterator[EvolutionClient]:
    with EvolutionClient(sim.url, KEY, timeout=5, long_timeout=10) as evolution:
        yield evolution


@pytest.fixture
def manager(client: EvolutionClient, store: Store) -> InstanceManager:
    return InstanceManager(client, store, actor=ALICE)


@pytest.fixture
def service(client: EvolutionClient, store: Store) -> ChipSettingsService:
    return ChipSettingsService(client, store, actor=ALICE)


def make_chips(manager: InstanceManager, sim: Simulator, count: int, *, connect: set[int] = frozenset()) -> list[int]:  # type: ignore[assignment]
    ids = []
    for index in range(count):
        chip, _qr = manager.create(f"+55 11 9{index:04d}-{1000 + index}")
        if index in connect:
            sim.simulate_scan(chip.instance_name)
        else:
            # Closed, not waiting for a scan: a closed instance takes new settings when it next connects.
            manager.disconnect(chip.id)
        ids.append(chip.id)
    manager.sync()
    return ids


class _RawLines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def server_settings(client: EvolutionClient, store: Store, chip_id: int) -> ChipSettings:
    settings = client.find_settings(store.get_chip(chip_id).instance_name)
    assert settings is not None
    return settings


def test_twenty_chips_three_failing_are_reported_exactly_and_retried(
    manager: InstanceManager, sim: Simulator, client: EvolutionClient, store: Store, service: ChipSettingsService
) -> None:
    connected = set(range(0, 20, 2))
    ids = make_chips(manager, sim, 20, connect=connected)
    # Each chip has its own values beforehand; fields the edit leaves untouched must keep them.
    for index, chip_id in enumerate(ids):
        own = ChipSettings(read_messages=index % 3 == 0, reject_call=index % 4 == 0, msg_call=f"msg {index}")
        client.set_settings(store.get_chip(chip_id).instance_name, own)
    failing = {ids[3], ids[8], ids[15]}
    for chip_id in failing:
        sim.fail_instance(store.get_chip(chip_id).instance_name, "5xx")
    seen: list[tuple[int, int]] = []

    edit = ChipEdit(settings=SettingsEdit(always_online=True, groups_ignore=True))
    report = service.apply(ids, edit, progress=lambda done, total, _result: seen.append((done, total)))

    assert seen == [(done, 20) for done in range(1, 21)]
    assert [result.chip_id for result in report.results] == ids
    assert {result.chip_id for result in report.failed} == failing
    assert set(report.retry_ids) == failing
    assert all(isinstance(result.error, EvolutionUnavailable) for result in report.failed)
    assert len(report.applied) == 17 and not report.cancelled
    connected_ids = {ids[index] for index in connected}
    assert set(report.restart_ids) == connected_ids - failing
    for index, chip_id in enumerate(ids):
        settings = server_settings(client, store, chip_id) if chip_id not in failing else None
        if settings is None:
            continue
        assert settings.always_online and settings.groups_ignore
        assert settings.read_messages is (index % 3 == 0)
        assert settings.reject_call is (index % 4 == 0)
        assert settings.msg_call == (f"msg {index}" if index % 4 == 0 else "")

    sim.clear_instance_faults()
    again = service.apply(report.retry_ids, edit)
    assert {result.chip_id for result in again.applied} == failing and not again.failed
    # A chip already holding the values is not sent anything.
    before = sim.request_count
    unchanged = service.apply(ids[:2], edit)
    assert [result.outcome for result in unchanged.results] == [Outcome.UNCHANGED, Outcome.UNCHANGED]
    assert not any(path.startswith("/settings/set") for _, _, path in sim.requests()[before:])


def test_cancel_stops_starting_chips(manager: InstanceManager, sim: Simulator, service: ChipSettingsService) -> None:
    ids = make_chips(manager, sim, 8)
    service.workers = 1
    cancel = threading.Event()

    def progress(done: int, _total: int, _result: object) -> None:
        if done == 3:
            cancel.set()

    report = service.apply(ids, ChipEdit(settings=SettingsEdit(read_status=True)), progress=progress, cancel=cancel)
    assert [result.outcome for result in report.results] == [Outcome.APPLIED] * 3 + [Outcome.CANCELLED] * 5
    assert report.retry_ids == tuple(ids[3:])


def test_restart_is_asked_only_when_needed(
    manager: InstanceManager, sim: Simulator, service: ChipSettingsService, store: Store
) -> None:
    open_chip, closed_chip = make_chips(manager, sim, 2, connect={0})
    assert store.get_chip(open_chip).connection_state is ConnectionState.OPEN

    live = service.apply(
        [open_chip, closed_chip], ChipEdit(settings=SettingsEdit(groups_ignore=True, read_status=True))
    )
    assert all(result.restart_reasons == () and not result.restart_needed for result in live.results)

    socket = service.apply([open_chip, closed_chip], ChipEdit(settings=SettingsEdit(always_online=True)))
    assert [result.restart_reasons for result in socket.results] == [(RestartReason.ALWAYS_ONLINE,)] * 2
    # A closed instance takes it when it next connects: no restart for it.
    assert socket.restart_ids == (open_chip,)

    proxy = ProxyEdit(enabled=True, host="proxy.example", port=3128, protocol="http")
    both = service.save(open_chip, ChipEdit(settings=SettingsEdit(sync_full_history=True), proxy=proxy))
    assert both.restart_reasons == (RestartReason.SYNC_FULL_HISTORY, RestartReason.PROXY) and both.restart_needed
    same = service.save(open_chip, ChipEdit(proxy=proxy))
    assert same.outcome is Outcome.UNCHANGED and not same.restart_needed

    restarted = service.restart(socket.restart_ids, reasons=[RestartReason.ALWAYS_ONLINE])
    assert [result.outcome for result in restarted.results] == [Outcome.APPLIED]
    refused = service.restart([closed_chip])
    assert refused.failed and refused.failed[0].error is not None
    events = [event for event in store.list_events(chip_id=open_chip) if event.action == "restart"]
    assert events and events[0].details == "to apply: always online" and events[0].os_user == "alice"


def test_one_chip_load_and_save_only_what_changed(
    manager: InstanceManager, sim: Simulator, service: ChipSettingsService, store: Store
) -> None:
    (chip_id,) = make_chips(manager, sim, 1)
    view = service.load(chip_id)
    assert view.settings == ChipSettings() and view.proxy is None and not view.profile_editable
    wanted = dataclasses.replace(view.settings, reject_call=True, msg_call="Ligo já")
    before = sim.request_count
    result = service.save(chip_id, ChipEdit(settings=SettingsEdit.between(view.settings, wanted)))
    assert result.outcome is Outcome.APPLIED
    assert set(result.changes) == {"settings.reject_call", "settings.msg_call"}
    paths = [path for _, _, path in sim.requests()[before:]]
    assert any(path.startswith("/settings/set/") for path in paths)
    assert not any(path.startswith("/proxy/") for path in paths)
    assert service.load(chip_id).settings == wanted
    (event,) = [event for event in store.list_events(chip_id=chip_id) if event.action == "settings"]
    assert event.os_user == "alice" and event.host == "desk-1"
    assert event.details == 'reject_call: off → on; msg_call: (none) → "Ligo já"'


def test_bad_input_is_refused_before_anything_is_sent(
    manager: InstanceManager, sim: Simulator, service: ChipSettingsService
) -> None:
    (chip_id,) = make_chips(manager, sim, 1)
    before = sim.request_count
    bad = [
        ChipEdit(proxy=ProxyEdit(enabled=True, host="", port=3128)),
        ChipEdit(proxy=ProxyEdit(port=70000)),
        ChipEdit(proxy=ProxyEdit(protocol="gopher")),
        ChipEdit(proxy=ProxyEdit(host="user:pw@host")),
        ChipEdit(profile_name=" "),
        ChipEdit(profile_name="x" * 26),
    ]
    for edit in bad:
        with pytest.raises(ValidationError):
            service.apply([chip_id], edit)
    assert sim.request_count == before
    # A proxy turned on for a chip that has no host of its own fails that chip, not the batch.
    report = service.apply([chip_id], ChipEdit(proxy=ProxyEdit(enabled=True)))
    assert report.failed and isinstance(report.failed[0].error, ValidationError)
    assert report.failed[0].error.code == "proxy.host_required"


def test_profile_of_connected_chips_only(
    manager: InstanceManager, sim: Simulator, service: ChipSettingsService, store: Store, client: EvolutionClient
) -> None:
    open_chip, closed_chip = make_chips(manager, sim, 2, connect={0})
    edit = ChipEdit(settings=SettingsEdit(read_messages=True), profile_name="Loja Centro", profile_status="Aberto")
    report = service.apply([open_chip, closed_chip], edit)
    assert report.results[0].outcome is Outcome.APPLIED
    assert set(report.results[0].changes) == {"settings.read_messages", "profile.name", "profile.status"}
    assert store.get_chip(open_chip).profile_name == "Loja Centro"
    failed = report.results[1]
    assert failed.outcome is Outcome.FAILED and isinstance(failed.error, ProfileNeedsConnection)
    # Nothing of the edit was applied to the chip that could not take all of it.
    assert server_settings(client, store, closed_chip).read_messages is False
    actions = [event.action for event in store.list_events(chip_id=open_chip)]
    assert "profile_name" in actions and "profile_status" in actions


def test_the_proxy_password_never_leaves_the_service(
    manager: InstanceManager,
    sim: Simulator,
    service: ChipSettingsService,
    store: Store,
    tmp_path: Path,
) -> None:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    # What our code hands to logging, before the log file's filter scrubs it (it changes records in place).
    raw = _RawLines()
    root.addHandler(raw)
    log_file = setup_logging(tmp_path / "logs", debug=True)
    try:
        ids = make_chips(manager, sim, 3, connect={0})
        proxy = ProxyEdit(enabled=True, host="proxy.example", port=3128, protocol="socks5", username="op")
        first = service.apply(ids, ChipEdit(proxy=dataclasses.replace(proxy, password=PASSWORD)))
        assert len(first.applied) == 3
        # fetchInstances carries every Proxy row with its password in clear: a refresh keeps none of it.
        refreshed = repr(manager.sync())
        views = [service.load(chip_id) for chip_id in ids]
        assert all(view.proxy is not None and view.proxy.has_password for view in views)
        # A change of password, then one the server refuses, then one that fails on the network.
        service.save(ids[0], ChipEdit(proxy=ProxyEdit(password=NEW_PASSWORD)))
        sim.set_proxy_test("fail")
        refused = service.save(ids[1], ChipEdit(proxy=ProxyEdit(host="other.example", password=NEW_PASSWORD)))
        assert isinstance(refused.error, ProxyRejected)
        sim.set_proxy_test("pass")
        sim.fail_instance(store.get_chip(ids[2]).instance_name, "5xx")
        broken = service.save(ids[2], ChipEdit(proxy=ProxyEdit(password=NEW_PASSWORD)))
        assert broken.outcome is Outcome.FAILED
        events = store.list_events()
        export = tmp_path / "audit.csv"
        write_csv(export, ["at", "who", "action", "details"], [(e.at, e.os_user, e.action, e.details) for e in events])
    finally:
        for handler in list(root.handlers):
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)

    texts = {
        "log file": log_file.read_text("utf-8"),
        "log records": "\n".join(raw.lines),
        "audit trail": "\n".join(f"{e.action} {e.details}" for e in events),
        "export": "\n".join(";".join(row) for row in read_csv(export)),
        "views": "\n".join(repr(view) for view in views),
        "refresh": refreshed,
        "results": "\n".join(
            f"{result.error_text} {result.error} {result.error!r} {getattr(result.error, 'server_message', '')}"
            for result in (*first.results, refused, broken)
        ),
    }
    for where, text in texts.items():
        assert PASSWORD not in text, where
        assert NEW_PASSWORD not in text, where
    assert "settings of" in texts["log records"]  # the failures were logged, without the password
    proxy_events = [e.details or "" for e in events if e.action == "proxy"]
    assert sum("password set" in details for details in proxy_events) == 3
    assert sum("password changed" in details for details in proxy_events) == 1
    assert any('host: (none) → "proxy.example"' in details for details in proxy_events)
