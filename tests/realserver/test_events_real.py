"""The event stream against the real Evolution API 2.3.7 (shared/realevo/up.sh): handshake, probe, namespaces.

The servers are the run's shared ones (conftest.py): ``guarded_real_server`` checks the key even for loopback
clients (``WEBSOCKET_ALLOWED_HOSTS`` set to an address that is not this machine's), so the 403 answers can be
seen; a server with global events is started for this module and stopped after it. WhatsApp is unreachable from
here: no QR ever appears, but creates, connects (``connecting`` events), logouts and deletes emit the real
events. Instance names are unique to each test: the servers outlive them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
import websocket

from evodesk.domain import Actor, ConnectionState, EventKind, InstanceEvent, LiveReason
from evodesk.evolution import EvolutionClient, EvolutionRequestError
from evodesk.evolution.events import SUBSCRIBED_EVENTS, Backoff, EventStream
from evodesk.services import DriftNotice, InstanceManager, LiveFleet
from evodesk.services.live import merge_subscription
from evodesk.store import open_store

from .conftest import FOREIGN_HOST
from .server import RealServer, unique_name

pytestmark = pytest.mark.realserver


@pytest.fixture(scope="module")
def real(guarded_real_server: RealServer) -> RealServer:
    return guarded_real_server


@pytest.fixture(scope="module")
def real_global(extra_real_server: Callable[..., RealServer]) -> RealServer:
    # Every event on "/" (WEBSOCKET_GLOBAL_EVENTS); stopped when this module ends.
    return extra_real_server({"REALEVO_WEBSOCKET_GLOBAL": "true", "REALEVO_ALLOWED_HOSTS": FOREIGN_HOST})


def wait_for(predicate: Callable[[], object], timeout: float = 20.0, what: str = "condition") -> None:
    pause = threading.Event()
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        pause.wait(0.05)


def _stream(server: RealServer, events: list[InstanceEvent], **kwargs: object) -> EventStream:
    fast = Backoff(0.2, maximum=1.0, jitter=0.0)
    return EventStream(
        server.url, server.api_key, on_event=events.append, backoff=fast, namespace_backoff=fast.copy(), **kwargs
    )


def test_the_probe_answers_as_the_contract_says(real: RealServer) -> None:
    assert EventStream(real.url, real.api_key).probe().reason is None
    refused = EventStream(real.url, "not-the-key-123456").probe()
    assert (refused.reason, refused.status, refused.detail) == (LiveReason.KEY_REFUSED, 403, "Invalid global token")
    missing = EventStream(real.url, "").probe()
    assert (missing.reason, missing.detail) == (LiveReason.KEY_REFUSED, "apiKey is required")
    raw = httpx.get(
        f"{real.url}/socket.io/", params={"EIO": "4", "transport": "polling"}, headers={"apikey": real.api_key}
    )
    assert raw.status_code == 200 and raw.text.startswith('0{"sid":')
    query = httpx.get(f"{real.url}/socket.io/", params={"EIO": "4", "transport": "polling", "apikey": real.api_key})
    assert query.status_code == 200  # the key as ?apikey= works as well as the header
    # Straight to the websocket transport, a refused key is a bare 400 with the reason as text/html, not a 403.
    ws_url = real.url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
    with pytest.raises(websocket.WebSocketBadStatusException) as bad:
        websocket.create_connection(ws_url, header={"apikey": "not-the-key-123456"}, timeout=10)
    assert bad.value.status_code == 400 and b"Invalid global token" in (bad.value.resp_body or b"")
    # With the key: the OPEN packet, the CONNECT answer for "/", and then nothing (no event on connect).
    sock = websocket.create_connection(ws_url, header={"apikey": real.api_key}, timeout=10)
    try:
        assert sock.recv().startswith('0{"sid":')
        sock.send("40")
        assert sock.recv().startswith('40{"sid":')
        sock.settimeout(1.5)
        with pytest.raises(websocket.WebSocketTimeoutException):
            sock.recv()
        sock.settimeout(10)
        sock.send("40/rs-nobody,")
        assert sock.recv() == '44/rs-nobody,{"message":"Invalid namespace"}'
    finally:
        sock.close()
    # A path the server does not serve answers as a server without events does: Express's 404 envelope.
    off = EventStream(real.url + "/no-socket-here", real.api_key).probe()
    assert off.reason is LiveReason.EVENTS_OFF and off.status == 404


def test_websocket_find_and_set_shapes_and_the_merge(real: RealServer) -> None:
    merge = unique_name("rs-merge")
    with EvolutionClient(real.url, real.api_key) as client:
        client.create_instance(merge, qrcode=False)
        try:
            assert client.find_websocket(merge) is None  # GET answers 200 null
            raw = httpx.post(
                f"{real.url}/websocket/set/{merge}",
                headers={"apikey": real.api_key},
                json={"websocket": {"enabled": True}},
            )
            assert raw.status_code == 500 and "reading 'length'" in raw.text
            raw = httpx.post(
                f"{real.url}/websocket/set/{merge}",
                headers={"apikey": real.api_key},
                json={"websocket": {"enabled": True, "events": ["MESSAGES_UPSERT", "CONNECTION_UPDATE"]}},
            )
            assert raw.status_code == 201
            assert list(raw.json()) == ["id", "enabled", "events", "createdAt", "updatedAt", "instanceId"]
            assert merge_subscription(client, merge, SUBSCRIBED_EVENTS) is True
            merged = client.find_websocket(merge)
            assert merged is not None and merged.enabled
            assert merged.events[:2] == ("MESSAGES_UPSERT", "CONNECTION_UPDATE")
            assert set(SUBSCRIBED_EVENTS) <= set(merged.events)
            assert merge_subscription(client, merge, SUBSCRIBED_EVENTS) is False
            with pytest.raises(EvolutionRequestError):
                client.set_websocket(merge, enabled=True, events=())
        finally:
            client.delete(merge)


def test_an_instance_namespace_exists_only_after_the_first_emit(real: RealServer) -> None:
    ns, never = unique_name("rs-ns"), unique_name("rs-never")
    events: list[InstanceEvent] = []
    stream = _stream(real, events, mode="instance")
    with EvolutionClient(real.url, real.api_key) as client:
        client.create_instance(ns, qrcode=False, websocket_events=(*SUBSCRIBED_EVENTS, "INSTANCE_DELETE"))
        try:
            stream.watch([ns, never])
            stream.start()
            wait_for(lambda: stream.status.live, what="connected")
            # The create emitted nothing on /rs-ns (instance.create is not among its events): joins are refused
            # ("Invalid namespace") and retried.
            assert not stream.hears(ns) and stream.status.waiting == 2
            client.connect(ns)  # the socket opens: connection.update "connecting", so the namespace exists
            wait_for(lambda: stream.hears(ns), what="namespace joined after the first emit")
            assert not stream.hears(never)  # one missing namespace does not stop the others
            wait_for(lambda: any(e.state is ConnectionState.CONNECTING for e in events), what="a connecting event")
        finally:
            client.delete(ns)
        wait_for(lambda: any(e.kind is EventKind.REMOVE_INSTANCE for e in events), what="remove.instance")
    stream.stop()
    kinds = [e.kind for e in events if e.instance == ns]
    assert EventKind.INSTANCE_DELETE in kinds
    assert kinds.index(EventKind.INSTANCE_DELETE) < kinds.index(EventKind.REMOVE_INSTANCE)
    deleted = next(e for e in events if e.kind is EventKind.INSTANCE_DELETE)
    assert deleted.instance_id  # (whether close/401 comes first depends on where Baileys' reconnect loop was)
    assert not any(e.global_channel for e in events)
    assert real.api_key not in repr(events)


def test_global_mode_is_detected_from_the_first_event(real_global: RealServer) -> None:
    name = unique_name("rs-global")
    events: list[InstanceEvent] = []
    stream = _stream(real_global, events)
    stream.start()
    try:
        wait_for(lambda: stream.status.live, what="connected")
        with EvolutionClient(real_global.url, real_global.api_key) as client:
            client.create_instance(name, qrcode=False)  # no subscription at all
            try:
                wait_for(lambda: stream.global_events, what="global mode")
                created = [e for e in events if e.kind is EventKind.INSTANCE_CREATE and e.instance == name]
                assert created and created[0].instance_id and created[0].global_channel
                assert stream.hears(name)
            finally:
                client.delete(name)
        wait_for(lambda: any(e.kind is EventKind.REMOVE_INSTANCE for e in events), what="remove.instance on /")
    finally:
        stream.stop()


def test_live_fleet_subscribes_new_chips_and_reports_another_tools_delete(real: RealServer, tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'chips.sqlite3'}")
    drifts: list[DriftNotice] = []
    with EvolutionClient(real.url, real.api_key) as client:
        manager = InstanceManager(client, store, actor=Actor("alice", "desk-1"))
        fleet = LiveFleet(manager, api_key=real.api_key)
        fleet.listen(on_drift=drifts.append)
        fleet.start()
        try:
            wait_for(lambda: fleet.status.live, what="live")
            chip, _qr = manager.create("+55 11 98888-0001")  # the server answers {"count": 0}: no WhatsApp here
            subscription = client.find_websocket(chip.instance_name)
            assert subscription is not None and set(SUBSCRIBED_EVENTS) <= set(subscription.events)
            wait_for(lambda: fleet.hears(chip.instance_name), what="the chip's namespace")
            with EvolutionClient(real.url, real.api_key) as other_tool:
                other_tool.delete(chip.instance_name)
            wait_for(lambda: drifts, what="drift")
            assert {(d.kind, d.instance_name) for d in drifts} >= {(EventKind.REMOVE_INSTANCE, chip.instance_name)}
            assert all(d.chip is not None and d.chip.id == chip.id for d in drifts)
        finally:
            fleet.stop()
            store.close()
