"""EventStream over real Socket.IO (websocket and long-polling) against the simulator on loopback.

The simulator's Socket.IO server is python-socketio's; its namespace and handshake rules are those of Evolution
2.3.7 (evolution-api.md sections 6.4-6.5). Waits are on conditions, never fixed sleeps.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import logging
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from evodesk.domain import ConnectionState, Dialect, EventKind, InstanceEvent, LiveMode, LiveReason, LiveStatus
from evodesk.evolution import EvolutionClient, EvolutionRequestError
from evodesk.evolution import events as events_module
from evodesk.evolution.events import SUBSCRIBED_EVENTS, Backoff, EventStream
from evodesk.services.live import merge_subscription
from evodesk.simulator import Simulator

KEY = "events-key-0123456789"
FAST = Backoff(0.05, maximum=0.2, jitter=0.0)


def wait_for(predicate: Callable[[], object], timeout: float = 10.0, what: str = "condition") -> None:
    """Wait until ``predicate()`` is true (checked every 20 ms), failing after ``timeout`` seconds."""
    done = threading.Event()
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        done.wait(0.02)


class Recorder:
    """Collects what a stream reports, thread-safely."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.events: list[InstanceEvent] = []
        self.statuses: list[LiveStatus] = []
        self.resyncs = 0

    def on_event(self, event: InstanceEvent) -> None:
        with self.lock:
            self.events.append(event)

    def on_status(self, status: LiveStatus) -> None:
        with self.lock:
            self.statuses.append(status)

    def on_resync(self) -> None:
        with self.lock:
            self.resyncs += 1

    def of(self, instance: str, kind: EventKind | None = None) -> list[InstanceEvent]:
        with self.lock:
            return [e for e in self.events if e.instance == instance and (kind is None or e.kind is kind)]

    def kinds(self, instance: str) -> list[str]:
        return [e.kind.value + (f":{e.state.value}" if e.state else "") for e in self.of(instance)]


@pytest.fixture
def sim(sim_factory: Callable[..., Simulator]) -> Simulator:
    return sim_factory(api_key=KEY, qr_lifetime=0.4, delete_delay=0.2)


@pytest.fixture
def client(sim: Simulator) -> Iterator[EvolutionClient]:
    with EvolutionClient(sim.url, KEY, timeout=5) as client:
        yield client


@pytest.fixture
def streams() -> Iterator[Callable[..., tuple[EventStream, Recorder]]]:
    made: list[EventStream] = []

    def make(url: str, key: str = KEY, **kwargs: Any) -> tuple[EventStream, Recorder]:
        recorder = Recorder()
        kwargs.setdefault("backoff", Backoff(0.05, maximum=0.2, jitter=0.0))
        kwargs.setdefault("namespace_backoff", Backoff(0.05, maximum=0.2, jitter=0.0))
        kwargs.setdefault("recheck_after", 0.2)
        kwargs.setdefault("timeout", 3.0)
        stream = EventStream(
            url, key, on_event=recorder.on_event, on_status=recorder.on_status, on_resync=recorder.on_resync, **kwargs
        )
        made.append(stream)
        return stream, recorder

    yield make
    for stream in made:
        stream.stop()


def _create(client: EvolutionClient, name: str, *, subscribe: bool = True, qrcode: bool = True) -> None:
    events = (*SUBSCRIBED_EVENTS, "INSTANCE_DELETE") if subscribe else ()
    client.create_instance(name, qrcode=qrcode, websocket_events=events)


# -- the capability probe -------------------------------------------------------------------------------------


def test_probe_says_live_key_refused_or_events_off(sim: Simulator, sim_factory: Callable[..., Simulator]) -> None:
    assert EventStream(sim.url, KEY).probe().reason is None
    refused = EventStream(sim.url, "not-the-key-000").probe()
    assert refused.reason is LiveReason.KEY_REFUSED and refused.status == 403
    assert refused.detail == "Invalid global token"
    assert EventStream(sim.url, "").probe().detail == "apiKey is required"
    off = sim_factory(api_key=KEY, events=False)
    probe = EventStream(off.url, KEY).probe()
    assert probe.reason is LiveReason.EVENTS_OFF and probe.status == 404
    assert probe.detail is not None and "Cannot GET /socket.io/" in probe.detail
    # Straight to the websocket transport, the refusal is a bare 400 with the reason as text, as on 2.3.7.
    import websocket

    with pytest.raises(websocket.WebSocketBadStatusException) as bad:
        websocket.create_connection(
            sim.url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket", header={"apikey": "nope-123456"}
        )
    assert bad.value.status_code == 400 and b"Invalid global token" in (bad.value.resp_body or b"")
    # An instance token opens the socket too (the server accepts any instance's token).
    with EvolutionClient(sim.url, KEY) as client:
        token = client.create_instance("tok-1", qrcode=False).token
    assert token and EventStream(sim.url, token).probe().reason is None


def test_an_unreachable_server_is_retried_with_growing_delays(streams: Callable[..., Any]) -> None:
    waits: list[float] = []
    gate = threading.Event()

    def waiter(event: threading.Event, seconds: float) -> None:
        waits.append(seconds)
        if len(waits) >= 5:
            gate.set()
            event.wait(5)

    stream, recorder = streams(
        "http://127.0.0.1:9", backoff=Backoff(1.0, factor=2.0, maximum=4.0, jitter=0.0), waiter=waiter
    )
    stream.start()
    assert gate.wait(10)
    assert waits[:5] == [1.0, 2.0, 4.0, 4.0, 4.0]
    assert recorder.statuses[-1].mode is LiveMode.POLLING
    assert recorder.statuses[-1].reason is LiveReason.UNREACHABLE


def test_backoff_grows_to_its_cap_and_resets() -> None:
    backoff = Backoff(0.5, factor=3.0, maximum=10.0, jitter=0.0)
    assert [backoff.next() for _ in range(5)] == [0.5, 1.5, 4.5, 10.0, 10.0]
    backoff.reset()
    assert backoff.next() == 0.5
    jittery = Backoff(1.0, jitter=0.2)
    assert all(0.8 <= jittery.copy().next() <= 1.2 for _ in range(50))


# -- per-instance mode ------------------------------------------------------------------------------------------


def test_every_event_arrives_on_the_instance_namespace(
    sim: Simulator, client: EvolutionClient, streams: Callable[..., Any]
) -> None:
    _create(client, "shop-01")
    stream, rec = streams(sim.url, mode="instance")
    stream.watch(["shop-01"])
    stream.start()
    wait_for(lambda: stream.hears("shop-01"), what="namespace joined")
    assert stream.transport == "websocket"
    assert rec.resyncs == 1 and stream.status.live and stream.status.namespaces == 1
    wait_for(lambda: len(rec.of("shop-01", EventKind.QRCODE_UPDATED)) >= 2, what="two QR rotations")
    first, second = rec.of("shop-01", EventKind.QRCODE_UPDATED)[:2]
    assert first.qr is not None and second.qr is not None and first.qr.code != second.qr.code
    assert first.qr.png_base64 and not first.qr.png_base64.startswith("data:")

    sim.simulate_scan("shop-01", profile_name="Loja Um", number="5511999990001")
    wait_for(lambda: rec.of("shop-01", EventKind.CONNECTION_UPDATE), what="open")
    opened = rec.of("shop-01", EventKind.CONNECTION_UPDATE)[-1]
    assert opened.state is ConnectionState.OPEN and opened.status_reason == 200
    assert opened.owner_jid == "5511999990001@s.whatsapp.net" and opened.profile_name == "Loja Um"

    client.logout("shop-01")
    wait_for(lambda: rec.of("shop-01", EventKind.LOGOUT_INSTANCE), what="logout events")
    wait_for(lambda: len(rec.of("shop-01", EventKind.CONNECTION_UPDATE)) >= 2, what="close")
    status = rec.of("shop-01", EventKind.STATUS_INSTANCE)[-1]
    assert status.status == "closed" and status.status_reason == 401
    closed = rec.of("shop-01", EventKind.CONNECTION_UPDATE)[-1]
    assert closed.state is ConnectionState.CLOSE and closed.status_reason == 401

    client.connect("shop-01")
    wait_for(lambda: rec.of("shop-01", EventKind.CONNECTION_UPDATE)[-1].state is ConnectionState.CONNECTING)
    client.delete("shop-01")
    wait_for(lambda: rec.of("shop-01", EventKind.REMOVE_INSTANCE), what="remove.instance")
    deleted = rec.of("shop-01", EventKind.INSTANCE_DELETE)
    assert deleted and deleted[0].instance_id
    assert not any(e.global_channel for e in rec.of("shop-01"))
    assert not stream.global_events


def test_a_namespace_that_does_not_exist_yet_is_retried_without_stopping_the_others(
    sim: Simulator, client: EvolutionClient, streams: Callable[..., Any]
) -> None:
    _create(client, "alpha")
    stream, rec = streams(sim.url)
    stream.watch(["ghost", "alpha", "later"])
    stream.start()
    wait_for(lambda: stream.hears("alpha"), what="alpha joined")
    assert not stream.hears("ghost") and not stream.hears("later")
    assert stream.status.live and stream.status.waiting == 2
    # "later" is created now; its namespace appears with its first event and a retry joins it.
    _create(client, "later")
    wait_for(lambda: stream.hears("later"), what="later joined after its first event")
    assert not stream.hears("ghost")
    sim.simulate_scan("later")
    wait_for(lambda: any(e.state is ConnectionState.OPEN for e in rec.of("later")), what="later open")
    # A chip no longer followed is left: its later events do not arrive (alpha's, sent after, do).
    stream.watch(["alpha", "ghost"])
    assert not stream.hears("later") and stream.hears("alpha")
    emitted = sim.events.emitted
    client.logout("later")
    wait_for(lambda: sim.events.emitted >= emitted + 3, what="later's logout events sent")
    sim.simulate_scan("alpha")
    wait_for(lambda: any(e.state is ConnectionState.OPEN for e in rec.of("alpha")), what="alpha open")
    assert rec.of("later", EventKind.LOGOUT_INSTANCE) == []


def test_a_stream_falls_back_to_long_polling_when_websockets_are_refused(
    sim: Simulator, client: EvolutionClient, streams: Callable[..., Any]
) -> None:
    sim.events.configure(websocket=False)
    _create(client, "poll-1")
    stream, rec = streams(sim.url)
    stream.watch(["poll-1"])
    stream.start()
    wait_for(lambda: stream.hears("poll-1"), what="joined over long-polling")
    sim.simulate_scan("poll-1")
    wait_for(lambda: any(e.state is ConnectionState.OPEN for e in rec.of("poll-1")), what="open over polling")
    assert stream.transport == "polling"


# -- global mode ------------------------------------------------------------------------------------------------


def test_global_mode_carries_every_instance_without_joining_namespaces(
    sim_factory: Callable[..., Simulator], streams: Callable[..., Any]
) -> None:
    sim = sim_factory(api_key=KEY, qr_lifetime=0.4, global_events=True)
    stream, rec = streams(sim.url)
    stream.start()
    wait_for(lambda: stream.status.live, what="connected")
    with EvolutionClient(sim.url, KEY) as client:
        client.create_instance("made-elsewhere", qrcode=True)  # no subscription at all
    wait_for(lambda: rec.of("made-elsewhere", EventKind.INSTANCE_CREATE), what="instance.create")
    wait_for(lambda: stream.global_events, what="global mode detected")
    assert stream.status.global_events and stream.hears("made-elsewhere")
    wait_for(lambda: rec.of("made-elsewhere", EventKind.QRCODE_UPDATED), what="QR on /")
    assert all(e.global_channel for e in rec.of("made-elsewhere"))
    assert sim.events.state()["namespaces"] == ["/"]


def test_an_event_sent_on_two_channels_is_delivered_once(
    sim_factory: Callable[..., Simulator], streams: Callable[..., Any]
) -> None:
    sim = sim_factory(api_key=KEY, qr_lifetime=30.0, global_events=True)
    with EvolutionClient(sim.url, KEY) as client:
        _create(client, "twice")
    stream, rec = streams(sim.url, mode="instance")  # also joins /twice, so each event comes on / and /twice
    stream.watch(["twice"])
    stream.start()
    wait_for(lambda: stream.hears("twice"), what="joined")
    before = stream.counters["duplicates"]
    sim.simulate_scan("twice")
    with EvolutionClient(sim.url, KEY) as client:
        client.logout("twice")  # its events come after both copies of "open" on the one connection
    wait_for(lambda: rec.of("twice", EventKind.LOGOUT_INSTANCE), what="a later event")
    opens = [e for e in rec.of("twice", EventKind.CONNECTION_UPDATE) if e.state is ConnectionState.OPEN]
    assert len(opens) == 1
    assert stream.counters["duplicates"] >= before + 1  # the copy of "open" arrived and was dropped


def test_a_message_flood_is_dropped_by_name_without_decoding(
    sim_factory: Callable[..., Simulator], streams: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    sim = sim_factory(api_key=KEY, global_events=True)
    decoded: list[str] = []
    real_loads = events_module.json.loads

    def counting_loads(text: Any, **kwargs: Any) -> Any:
        if isinstance(text, str) and "messages.upsert" in text:
            decoded.append(text[:40])
        return real_loads(text, **kwargs)

    monkeypatch.setattr(events_module.json, "loads", counting_loads)
    stream, rec = streams(sim.url)
    stream.start()
    wait_for(lambda: stream.status.live, what="connected")
    started = time.thread_time()
    sim.events.flood(rate=2000, seconds=1.0)
    wait_for(lambda: stream.counters["received"] >= 2000, timeout=20, what="2,000 flood events")
    assert stream.counters["ignored"] >= 2000 and stream.counters["delivered"] == 0
    assert decoded == []  # not one message payload was decoded
    assert rec.events == []
    assert time.thread_time() - started < 1.0  # this (test) thread did not pay for it either
    assert stream.global_events  # a flood on "/" proves global mode as well as any event


# -- subscriptions ------------------------------------------------------------------------------------------


def test_a_subscription_is_merged_with_what_another_tool_asked_for(sim: Simulator, client: EvolutionClient) -> None:
    client.create_instance("shared", qrcode=False)
    assert client.find_websocket("shared") is None
    # Another tool (a chatbot) already listens to messages on this instance.
    other = httpx.post(
        f"{sim.url}/websocket/set/shared",
        headers={"apikey": KEY},
        json={"websocket": {"enabled": True, "events": ["MESSAGES_UPSERT", "CONNECTION_UPDATE"]}},
    )
    assert other.status_code == 201
    assert merge_subscription(client, "shared", SUBSCRIBED_EVENTS) is True
    merged = client.find_websocket("shared")
    assert merged is not None and merged.enabled
    assert merged.events[:2] == ("MESSAGES_UPSERT", "CONNECTION_UPDATE")
    assert set(SUBSCRIBED_EVENTS) <= set(merged.events) and len(merged.events) == len(set(merged.events))
    assert merge_subscription(client, "shared", SUBSCRIBED_EVENTS) is False  # nothing to add: no second set
    with pytest.raises(EvolutionRequestError):
        client.set_websocket("shared", enabled=True, events=())  # would mean "every event" on the server


def test_set_websocket_quirks_match_the_server(sim: Simulator) -> None:
    client = httpx.Client(base_url=sim.url, headers={"apikey": KEY})
    client.post("/instance/create", json={"instanceName": "q1", "integration": "WHATSAPP-BAILEYS"})
    no_events = client.post("/websocket/set/q1", json={"websocket": {"enabled": True}})
    assert no_events.status_code == 500
    assert no_events.json()["response"]["message"] == "Cannot read properties of undefined (reading 'length')"
    flat = client.post("/websocket/set/q1", json={"enabled": True, "events": ["CONNECTION_UPDATE"]})
    assert flat.status_code == 500
    everything = client.post("/websocket/set/q1", json={"websocket": {"enabled": True, "events": []}})
    assert everything.status_code == 201 and "MESSAGES_UPSERT" in everything.json()["events"]
    off = client.post("/websocket/set/q1", json={"websocket": {"enabled": False, "events": ["CONNECTION_UPDATE"]}})
    assert off.json()["enabled"] is False and off.json()["events"] == []
    assert list(off.json()) == ["id", "enabled", "events", "createdAt", "updatedAt", "instanceId"]
    bad = client.post("/websocket/set/q1", json={"websocket": {"enabled": True, "events": ["NOPE"]}})
    assert bad.status_code == 400
    assert client.get("/websocket/find/nope").status_code == 404
    assert client.get("/websocket/find/q1", headers={"apikey": "wrong-key"}).status_code == 401
    client.close()


# -- drops, restarts, events off ---------------------------------------------------------------------------


def test_dropped_sockets_reconnect_and_ask_for_a_resync(
    sim: Simulator, client: EvolutionClient, streams: Callable[..., Any]
) -> None:
    _create(client, "drop-1")
    stream, rec = streams(sim.url)
    stream.watch(["drop-1"])
    stream.start()
    wait_for(lambda: stream.hears("drop-1"), what="joined")
    assert rec.resyncs == 1
    assert sim.events.drop_clients() >= 1
    wait_for(lambda: rec.resyncs == 2, what="resync after the reconnect")
    assert any(s.reason is LiveReason.DISCONNECTED for s in rec.statuses)
    wait_for(lambda: stream.hears("drop-1"), what="rejoined")
    sim.simulate_scan("drop-1")
    wait_for(lambda: any(e.state is ConnectionState.OPEN for e in rec.of("drop-1")), what="open after the drop")
    assert stream.counters["connects"] == 2


def test_a_restarted_server_forgets_namespaces_until_each_instance_emits_again(
    sim: Simulator, client: EvolutionClient, streams: Callable[..., Any]
) -> None:
    _create(client, "boot-1")
    stream, rec = streams(sim.url)
    stream.watch(["boot-1"])
    stream.start()
    wait_for(lambda: stream.hears("boot-1"), what="joined")
    sim.restart()  # memory lost, instance not reloaded: no event, so no namespace
    wait_for(lambda: rec.resyncs == 2, what="resync after the restart")
    assert sim.events.state()["namespaces"] == ["/"]
    assert not stream.hears("boot-1")
    # The server is restarted again and reloads the instance: its new QR cycle opens the namespace.
    sim.restart(reload=True)
    client.fetch_instances()
    wait_for(lambda: rec.resyncs == 3, what="resync after the second restart")
    wait_for(lambda: stream.hears("boot-1"), timeout=15, what="rejoined once the instance emitted")
    sim.simulate_scan("boot-1")
    wait_for(lambda: any(e.state is ConnectionState.OPEN for e in rec.of("boot-1")), what="open after restart")


def test_a_server_with_events_off_is_polled_and_rechecked(
    sim_factory: Callable[..., Simulator], streams: Callable[..., Any]
) -> None:
    sim = sim_factory(api_key=KEY, events=False)
    stream, rec = streams(sim.url, recheck_after=0.1)
    stream.start()
    wait_for(lambda: rec.statuses and rec.statuses[-1].reason is LiveReason.EVENTS_OFF, what="events off")
    assert rec.statuses[-1].mode is LiveMode.POLLING and rec.statuses[-1].retry_in == pytest.approx(0.1)
    assert rec.resyncs == 0 and not stream.hears("anything")
    sim.events.configure(enabled=True)  # the administrator turns WEBSOCKET_ENABLED on
    wait_for(lambda: stream.status.live, what="live once events are on")
    sim.events.configure(enabled=False)
    wait_for(lambda: stream.status.reason is LiveReason.EVENTS_OFF, what="polling again")


def test_a_refused_key_is_reported_and_nothing_connects(sim: Simulator, streams: Callable[..., Any]) -> None:
    stream, rec = streams(sim.url, key="wrong-key-987654")
    stream.start()
    wait_for(lambda: rec.statuses and rec.statuses[-1].reason is LiveReason.KEY_REFUSED, what="key refused")
    assert sim.events.state()["clients"] == 0 and rec.resyncs == 0


def test_no_key_or_token_reaches_the_log(
    sim: Simulator, client: EvolutionClient, streams: Callable[..., Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    created = client.create_instance("secret-1", qrcode=True, websocket_events=SUBSCRIBED_EVENTS)
    assert created.token
    stream, rec = streams(sim.url)
    stream.watch(["secret-1"])
    stream.start()
    wait_for(lambda: stream.hears("secret-1"), what="joined")
    sim.simulate_scan("secret-1")
    wait_for(lambda: any(e.state is ConnectionState.OPEN for e in rec.of("secret-1")), what="open")
    sim.events.drop_clients()
    wait_for(lambda: rec.resyncs == 2, what="reconnected")
    stream.stop()
    bad, _ = streams(sim.url, key="refused-key-55555")
    assert bad.probe().reason is LiveReason.KEY_REFUSED
    text = caplog.text + repr(stream) + repr(rec.events) + repr(rec.statuses)
    assert "event stream connected" in caplog.text  # the log did record the session
    for secret in (KEY, created.token, "refused-key-55555"):
        assert secret not in text


# -- TLS: exactly as the HTTP client ---------------------------------------------------------------------------


def _tls_files(folder: Path) -> tuple[Path, ssl.SSLContext]:
    """A private CA (its PEM file) and a server context for 127.0.0.1 signed by it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "evodesk events test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "evolution.test")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (folder / "ca.pem").write_bytes(ca.public_bytes(pem))
    (folder / "server.pem").write_bytes(cert.public_bytes(pem))
    (folder / "server.key").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "server.pem", folder / "server.key")
    return folder / "ca.pem", context


def test_tls_is_verified_and_a_custom_ca_bundle_is_honoured(
    tmp_path: Path,
    sim_factory: Callable[..., Simulator],
    streams: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    ca, context = _tls_files(tmp_path)
    sim = sim_factory(api_key=KEY, qr_lifetime=30.0, ssl_context=context)
    assert sim.url.startswith("https://")
    refused = EventStream(sim.url, KEY).probe()  # the default CAs do not know this server's
    assert refused.reason is LiveReason.TLS_FAILED, refused
    assert EventStream(sim.url, KEY, verify=str(ca)).probe().reason is None
    with EvolutionClient(sim.url, KEY, verify=str(ca)) as client:
        _create(client, "tls-1")
    stream, rec = streams(sim.url, verify=str(ca))
    stream.watch(["tls-1"])
    stream.start()
    wait_for(lambda: stream.hears("tls-1"), what="joined over TLS")
    assert stream.transport == "websocket"
    sim.simulate_scan("tls-1")
    wait_for(lambda: any(e.state is ConnectionState.OPEN for e in rec.of("tls-1")), what="open over TLS")


@pytest.mark.parametrize("dialect", [Dialect.V2, Dialect.V1_8])
def test_a_create_asks_for_its_events_in_the_servers_dialect(dialect: Dialect) -> None:
    sent: list[dict[str, Any]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(201, json={"instance": {"instanceName": "c1", "status": "close"}, "hash": "T0KEN-1"})

    with EvolutionClient("http://evolution.test", KEY, transport=httpx.MockTransport(answer), dialect=dialect) as c:
        c.create_instance(
            "c1", qrcode=False, websocket_events=("QRCODE_UPDATED", "CONNECTION_UPDATE", "QRCODE_UPDATED")
        )
        c.create_instance("c2", qrcode=False)
    if dialect is Dialect.V2:
        assert sent[0]["websocket"] == {"enabled": True, "events": ["QRCODE_UPDATED", "CONNECTION_UPDATE"]}
    else:
        assert sent[0]["websocket_enabled"] is True
        assert sent[0]["websocket_events"] == ["QRCODE_UPDATED", "CONNECTION_UPDATE"]
    assert not {"websocket", "websocket_enabled", "websocket_events"} & set(sent[1])


def test_the_simulator_replays_nothing_and_sends_nothing_nobody_can_hear(
    sim_factory: Callable[..., Simulator], streams: Callable[..., Any]
) -> None:
    sim = sim_factory(api_key=KEY, qr_lifetime=0.2, global_events=True)
    with EvolutionClient(sim.url, KEY) as client:
        client.create_instance("old-1", qrcode=True)  # no subscription, and no client yet
    first = sim.current_qr("old-1")
    wait_for(lambda: sim.current_qr("old-1") != first, what="a QR rotation nobody hears")
    assert sim.events.emitted == 0
    stream, rec = streams(sim.url)
    stream.start()
    wait_for(lambda: rec.of("old-1", EventKind.QRCODE_UPDATED), what="the next rotation, heard")
    # What happened before the client connected (create, connecting, earlier QRs) is not sent late.
    assert {e.kind for e in rec.of("old-1")} == {EventKind.QRCODE_UPDATED}
