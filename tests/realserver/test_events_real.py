"""The event stream against the real Evolution API 2.3.7 (shared/realevo/up.sh): handshake, probe, namespaces.

Marked ``realserver``: each server is started here by a small helper of this module (Node and PostgreSQL server
binaries are needed; the first build of a folder takes a minute or two). ``REALEVO_DIR`` reuses a built folder.
The servers check the key even for loopback clients (``WEBSOCKET_ALLOWED_HOSTS`` set to an address that is not
this machine's), so the 403 answers can be seen. WhatsApp is unreachable from here: no QR ever appears, but
creates, connects (``connecting`` events), logouts and deletes emit the real events.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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

pytestmark = pytest.mark.realserver

# Not this machine: the server then checks the key of loopback clients too.
_FOREIGN_HOST = "10.255.255.1"


@dataclass(frozen=True)
class RealServer:
    url: str
    key: str
    folder: Path


def _up_script() -> Path | None:
    candidates = [os.environ.get("REALEVO_UP", "")]
    here = Path(__file__).resolve()
    candidates += [str(parent / "shared" / "realevo" / "up.sh") for parent in here.parents]
    candidates.append("/work/shared/realevo/up.sh")
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def _start(folder: Path, *, global_events: bool) -> RealServer:
    script = _up_script()
    if script is None or shutil.which("node") is None:
        pytest.skip("the real Evolution server needs shared/realevo/up.sh and Node")
    env = dict(
        os.environ,
        REALEVO_DIR=str(folder),
        REALEVO_WEBSOCKET_GLOBAL="true" if global_events else "false",
        REALEVO_ALLOWED_HOSTS=_FOREIGN_HOST,
    )
    done = subprocess.run(["bash", str(script), "start"], env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.fail(f"the real Evolution server did not start: {done.stderr[-2000:]}")
    values = dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    return RealServer(values["EVOLUTION_API_URL"], values["EVOLUTION_API_KEY"], folder)


def _stop(server: RealServer) -> None:
    script = _up_script()
    assert script is not None
    subprocess.run(["bash", str(script), "stop", str(server.folder)], capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def build_folder() -> Path:
    folder = Path(os.environ.get("REALEVO_DIR") or Path(tempfile.gettempdir()) / "evodesk-realevo-events")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def real(build_folder: Path) -> Iterator[RealServer]:
    server = _start(build_folder, global_events=False)
    try:
        yield server
    finally:
        _stop(server)


@pytest.fixture(scope="module")
def real_global(build_folder: Path, real: RealServer) -> Iterator[RealServer]:
    # A second server beside the first, on the first one's build (its sources are only read at start).
    folder = build_folder.parent / (build_folder.name + "-global")
    folder.mkdir(exist_ok=True)
    link = folder / "evolution-api-2.3.7"
    if not link.exists():
        link.symlink_to(build_folder / "evolution-api-2.3.7", target_is_directory=True)
    server = _start(folder, global_events=True)
    try:
        yield server
    finally:
        _stop(server)


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
        server.url, server.key, on_event=events.append, backoff=fast, namespace_backoff=fast.copy(), **kwargs
    )


def test_the_probe_answers_as_the_contract_says(real: RealServer) -> None:
    assert EventStream(real.url, real.key).probe().reason is None
    refused = EventStream(real.url, "not-the-key-123456").probe()
    assert (refused.reason, refused.status, refused.detail) == (LiveReason.KEY_REFUSED, 403, "Invalid global token")
    missing = EventStream(real.url, "").probe()
    assert (missing.reason, missing.detail) == (LiveReason.KEY_REFUSED, "apiKey is required")
    raw = httpx.get(f"{real.url}/socket.io/", params={"EIO": "4", "transport": "polling"}, headers={"apikey": real.key})
    assert raw.status_code == 200 and raw.text.startswith('0{"sid":')
    query = httpx.get(f"{real.url}/socket.io/", params={"EIO": "4", "transport": "polling", "apikey": real.key})
    assert query.status_code == 200  # the key as ?apikey= works as well as the header
    # Straight to the websocket transport, a refused key is a bare 400 with the reason as text/html, not a 403.
    ws_url = real.url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
    with pytest.raises(websocket.WebSocketBadStatusException) as bad:
        websocket.create_connection(ws_url, header={"apikey": "not-the-key-123456"}, timeout=10)
    assert bad.value.status_code == 400 and b"Invalid global token" in (bad.value.resp_body or b"")
    # With the key: the OPEN packet, the CONNECT answer for "/", and then nothing (no event on connect).
    sock = websocket.create_connection(ws_url, header={"apikey": real.key}, timeout=10)
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
    off = EventStream(real.url + "/no-socket-here", real.key).probe()
    assert off.reason is LiveReason.EVENTS_OFF and off.status == 404


def test_websocket_find_and_set_shapes_and_the_merge(real: RealServer) -> None:
    with EvolutionClient(real.url, real.key) as client:
        client.create_instance("rs-merge", qrcode=False)
        try:
            assert client.find_websocket("rs-merge") is None  # GET answers 200 null
            raw = httpx.post(
                f"{real.url}/websocket/set/rs-merge",
                headers={"apikey": real.key},
                json={"websocket": {"enabled": True}},
            )
            assert raw.status_code == 500 and "reading 'length'" in raw.text
            raw = httpx.post(
                f"{real.url}/websocket/set/rs-merge",
                headers={"apikey": real.key},
                json={"websocket": {"enabled": True, "events": ["MESSAGES_UPSERT", "CONNECTION_UPDATE"]}},
            )
            assert raw.status_code == 201
            assert list(raw.json()) == ["id", "enabled", "events", "createdAt", "updatedAt", "instanceId"]
            assert merge_subscription(client, "rs-merge", SUBSCRIBED_EVENTS) is True
            merged = client.find_websocket("rs-merge")
            assert merged is not None and merged.enabled
            assert merged.events[:2] == ("MESSAGES_UPSERT", "CONNECTION_UPDATE")
            assert set(SUBSCRIBED_EVENTS) <= set(merged.events)
            assert merge_subscription(client, "rs-merge", SUBSCRIBED_EVENTS) is False
            with pytest.raises(EvolutionRequestError):
                client.set_websocket("rs-merge", enabled=True, events=())
        finally:
            client.delete("rs-merge")


def test_an_instance_namespace_exists_only_after_the_first_emit(real: RealServer) -> None:
    events: list[InstanceEvent] = []
    stream = _stream(real, events, mode="instance")
    with EvolutionClient(real.url, real.key) as client:
        client.create_instance("rs-ns", qrcode=False, websocket_events=(*SUBSCRIBED_EVENTS, "INSTANCE_DELETE"))
        try:
            stream.watch(["rs-ns", "rs-never"])
            stream.start()
            wait_for(lambda: stream.status.live, what="connected")
            # The create emitted nothing on /rs-ns (instance.create is not among its events): joins are refused
            # ("Invalid namespace") and retried.
            assert not stream.hears("rs-ns") and stream.status.waiting == 2
            client.connect("rs-ns")  # the socket opens: connection.update "connecting", so the namespace exists
            wait_for(lambda: stream.hears("rs-ns"), what="namespace joined after the first emit")
            assert not stream.hears("rs-never")  # one missing namespace does not stop the others
            wait_for(lambda: any(e.state is ConnectionState.CONNECTING for e in events), what="a connecting event")
        finally:
            client.delete("rs-ns")
        wait_for(lambda: any(e.kind is EventKind.REMOVE_INSTANCE for e in events), what="remove.instance")
    stream.stop()
    kinds = [e.kind for e in events if e.instance == "rs-ns"]
    assert EventKind.INSTANCE_DELETE in kinds
    assert kinds.index(EventKind.INSTANCE_DELETE) < kinds.index(EventKind.REMOVE_INSTANCE)
    deleted = next(e for e in events if e.kind is EventKind.INSTANCE_DELETE)
    assert deleted.instance_id  # (whether close/401 comes first depends on where Baileys' reconnect loop was)
    assert not any(e.global_channel for e in events)
    assert real.key not in repr(events)


def test_global_mode_is_detected_from_the_first_event(real_global: RealServer) -> None:
    events: list[InstanceEvent] = []
    stream = _stream(real_global, events)
    stream.start()
    try:
        wait_for(lambda: stream.status.live, what="connected")
        with EvolutionClient(real_global.url, real_global.key) as client:
            client.create_instance("rs-global", qrcode=False)  # no subscription at all
            try:
                wait_for(lambda: stream.global_events, what="global mode")
                created = [e for e in events if e.kind is EventKind.INSTANCE_CREATE and e.instance == "rs-global"]
                assert created and created[0].instance_id and created[0].global_channel
                assert stream.hears("rs-global")
            finally:
                client.delete("rs-global")
        wait_for(lambda: any(e.kind is EventKind.REMOVE_INSTANCE for e in events), what="remove.instance on /")
    finally:
        stream.stop()


def test_live_fleet_subscribes_new_chips_and_reports_another_tools_delete(real: RealServer, tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'chips.sqlite3'}")
    drifts: list[DriftNotice] = []
    with EvolutionClient(real.url, real.key) as client:
        manager = InstanceManager(client, store, actor=Actor("alice", "desk-1"))
        fleet = LiveFleet(manager, api_key=real.key)
        fleet.listen(on_drift=drifts.append)
        fleet.start()
        try:
            wait_for(lambda: fleet.status.live, what="live")
            chip, _qr = manager.create("+55 11 98888-0001")  # the server answers {"count": 0}: no WhatsApp here
            subscription = client.find_websocket(chip.instance_name)
            assert subscription is not None and set(SUBSCRIBED_EVENTS) <= set(subscription.events)
            wait_for(lambda: fleet.hears(chip.instance_name), what="the chip's namespace")
            with EvolutionClient(real.url, real.key) as other_tool:
                other_tool.delete(chip.instance_name)
            wait_for(lambda: drifts, what="drift")
            assert {(d.kind, d.instance_name) for d in drifts} >= {(EventKind.REMOVE_INSTANCE, chip.instance_name)}
            assert all(d.chip is not None and d.chip.id == chip.id for d in drifts)
        finally:
            fleet.stop()
            store.close()
