"""EvolutionClient against the simulator over real loopback HTTP: every method, every error, both dialects,
timeouts, fault injection and the circuit breaker."""

from __future__ import annotations

import base64
import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from evodesk.domain import ConnectionState, Dialect, QrCode
from evodesk.evolution import (
    BreakerState,
    CircuitBreaker,
    EvolutionAuthError,
    EvolutionClient,
    EvolutionRequestError,
    EvolutionUnavailable,
    InstanceNameTaken,
    InstanceNotConnected,
    InstanceNotFound,
)
from evodesk.simulator import Simulator

KEY = "test-key"
SimFactory = Callable[..., Simulator]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def client(simulator: Simulator) -> Iterator[EvolutionClient]:
    with EvolutionClient(simulator.url, KEY, timeout=5, long_timeout=10) as evolution:
        yield evolution


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.05)


def test_server_info_v2(client: EvolutionClient) -> None:
    info = client.server_info()
    assert info.version.startswith("2.")
    assert info.dialect is Dialect.V2
    assert client.dialect is Dialect.V2


def test_lifecycle_v2(simulator: Simulator, client: EvolutionClient) -> None:
    created = client.create_instance("shop-01")
    assert created.instance_name == "shop-01"
    assert created.instance_id and created.token
    assert created.state is ConnectionState.CONNECTING
    assert created.qr is not None and created.qr.code is not None
    assert created.qr.code.startswith("2@") and created.qr.count >= 1
    assert created.qr.png_base64 is not None
    assert base64.b64decode(created.qr.png_base64).startswith(PNG_MAGIC)
    assert created.qr.code == simulator.current_qr("shop-01")

    assert client.connection_state("shop-01") is ConnectionState.CONNECTING
    qr = client.connect("shop-01")
    assert isinstance(qr, QrCode) and qr.code == created.qr.code

    simulator.simulate_scan("shop-01", profile_name="Shop One", number="5511999999999")
    assert client.connection_state("shop-01") is ConnectionState.OPEN
    assert client.connect("shop-01") is ConnectionState.OPEN

    (info,) = client.fetch_instances("shop-01")
    assert info.name == "shop-01"
    assert info.instance_id == created.instance_id
    assert info.state is ConnectionState.OPEN
    assert info.owner_jid == "5511999999999@s.whatsapp.net"
    assert info.profile_name == "Shop One"
    assert [i.name for i in client.fetch_instances()] == ["shop-01"]

    client.restart("shop-01")
    wait_until(lambda: client.connection_state("shop-01") is ConnectionState.OPEN)

    client.logout("shop-01")
    assert client.connection_state("shop-01") is ConnectionState.CLOSE
    with pytest.raises(InstanceNotConnected) as caught:
        client.logout("shop-01")
    assert caught.value.status == 400
    assert caught.value.server_message == 'The "shop-01" instance is not connected'
    assert "shop-01" in simulator.instance_names()  # logout keeps the instance

    assert isinstance(client.connect("shop-01"), QrCode)
    client.delete("shop-01")
    wait_until(lambda: client.fetch_instances() == [], timeout=5)


def test_create_without_qrcode(client: EvolutionClient) -> None:
    created = client.create_instance("quiet", qrcode=False)
    assert created.state is ConnectionState.CLOSE
    assert created.qr is None
    assert client.connection_state("quiet") is ConnectionState.CLOSE


def test_pairing_code(simulator: Simulator, client: EvolutionClient) -> None:
    created = client.create_instance("paired", number="5511988887777")
    assert created.qr is not None
    assert created.qr.pairing_code is not None and len(created.qr.pairing_code) == 8
    assert created.qr.pairing_code == simulator.current_pairing_code("paired")


def test_count_zero_before_the_first_qr(sim_factory: SimFactory) -> None:
    sim = sim_factory(api_key=KEY, first_qr_delay=30.0)
    with EvolutionClient(sim.url, KEY) as client:
        created = client.create_instance("slow")
        assert created.qr == QrCode(code=None, png_base64=None, pairing_code=None, count=0)
        assert client.connect("slow") == QrCode(code=None, count=0)


def test_wrong_key(simulator: Simulator, client: EvolutionClient) -> None:
    client.create_instance("shop-01")
    with EvolutionClient(simulator.url, "wrong-key") as intruder:
        with pytest.raises(EvolutionAuthError) as caught:
            intruder.create_instance("other")
        assert caught.value.status == 401
        assert caught.value.server_message == "Unauthorized"
        for call in (
            lambda: intruder.connection_state("shop-01"),
            lambda: intruder.connect("shop-01"),
            lambda: intruder.logout("shop-01"),
            lambda: intruder.delete("shop-01"),
            intruder.fetch_instances,
        ):
            with pytest.raises(EvolutionAuthError):
                call()
        # The existence guard runs before the key check.
        with pytest.raises(InstanceNotFound):
            intruder.connection_state("ghost")
    assert "shop-01" in simulator.instance_names()


def test_instance_token_only_works_for_its_instance(simulator: Simulator, client: EvolutionClient) -> None:
    mine = client.create_instance("mine")
    client.create_instance("theirs")
    assert mine.token is not None
    with EvolutionClient(simulator.url, mine.token) as scoped:
        assert scoped.connection_state("mine") is ConnectionState.CONNECTING
        with pytest.raises(EvolutionAuthError):
            scoped.connection_state("theirs")


def test_duplicate_name(client: EvolutionClient) -> None:
    client.create_instance("shop-01")
    with pytest.raises(InstanceNameTaken) as caught:
        client.create_instance("shop-01")
    assert caught.value.status == 403
    assert caught.value.server_message == 'This name "shop-01" is already in use.'


def test_name_stays_taken_for_a_moment_after_delete(sim_factory: SimFactory) -> None:
    sim = sim_factory(api_key=KEY, delete_delay=0.5)
    with EvolutionClient(sim.url, KEY) as client:
        client.create_instance("reuse")
        client.delete("reuse")
        with pytest.raises(InstanceNameTaken):
            client.create_instance("reuse")
        time.sleep(0.7)
        assert client.create_instance("reuse").instance_name == "reuse"


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.connect("ghost"),
        lambda c: c.connection_state("ghost"),
        lambda c: c.logout("ghost"),
        lambda c: c.delete("ghost"),
        lambda c: c.restart("ghost"),
        lambda c: c.fetch_instances("ghost"),
    ],
    ids=["connect", "connection_state", "logout", "delete", "restart", "fetch_instances"],
)
def test_unknown_instance(client: EvolutionClient, call: Callable[[EvolutionClient], object]) -> None:
    with pytest.raises(InstanceNotFound) as caught:
        call(client)
    assert caught.value.status == 404
    assert caught.value.server_message is not None and "ghost" in caught.value.server_message


def test_answers_after_a_server_restart(simulator: Simulator, client: EvolutionClient) -> None:
    client.create_instance("shop-01")
    simulator.restart()
    with pytest.raises(EvolutionRequestError) as caught:
        client.connect("shop-01")
    assert caught.value.status == 200 and caught.value.server_message == "[object Object]"
    with pytest.raises(EvolutionRequestError) as caught:
        client.restart("shop-01")
    assert caught.value.status == 200
    assert client.connection_state("shop-01") is ConnectionState.UNKNOWN
    with pytest.raises(InstanceNotFound):
        client.fetch_instances("shop-01")
    assert [info.name for info in client.fetch_instances()] == ["shop-01"]


def test_restart_while_closed_is_the_error_quirk(client: EvolutionClient) -> None:
    client.create_instance("closed", qrcode=False)
    with pytest.raises(EvolutionRequestError, match="connected or connecting"):
        client.restart("closed")


def test_dropped_connection_reason_is_reported(simulator: Simulator, client: EvolutionClient) -> None:
    client.create_instance("shop-01")
    simulator.simulate_scan("shop-01")
    simulator.drop_connection("shop-01", 403)
    (info,) = client.fetch_instances()
    assert info.state is ConnectionState.CLOSE
    assert info.disconnect_reason_code == 403
    assert info.disconnected_at is not None and info.disconnected_at.tzinfo is not None


# -- v1.8 ------------------------------------------------------------------------------------------------


def test_v18_dialect_end_to_end(sim_factory: SimFactory) -> None:
    sim = sim_factory(api_key=KEY, dialect="1.8")
    with EvolutionClient(sim.url, KEY) as client:
        assert client.server_info().dialect is Dialect.V1_8
        created = client.create_instance("old-01")
        assert created.token
        assert created.state is ConnectionState.CONNECTING
        assert created.qr is not None and created.qr.code
        quiet = client.create_instance("old-02", qrcode=False)
        assert quiet.state is ConnectionState.CLOSE and quiet.qr is None

        sim.simulate_scan("old-01", number="5511977776666")
        assert client.connection_state("old-01") is ConnectionState.OPEN
        infos = {info.name: info for info in client.fetch_instances()}
        assert infos["old-01"].state is ConnectionState.OPEN
        assert infos["old-01"].owner_jid == "5511977776666@s.whatsapp.net"
        assert infos["old-02"].state is ConnectionState.CLOSE
        (one,) = client.fetch_instances("old-01")
        assert one.name == "old-01" and one.instance_id == created.instance_id

        client.restart("old-01")  # PUT on v1.8
        assert ("PUT", "/instance/restart/old-01") in [(m, p) for _, m, p in sim.requests()]
        client.logout("old-01")
        with pytest.raises(InstanceNotConnected):
            client.logout("old-01")
        client.delete("old-02")


def test_v18_restart_detects_the_dialect_lazily(sim_factory: SimFactory) -> None:
    sim = sim_factory(api_key=KEY, dialect="1.8")
    with EvolutionClient(sim.url, KEY) as client:
        client.create_instance("old-01")
        assert client.dialect is None
        client.restart("old-01")
        assert client.dialect is Dialect.V1_8


def test_pinned_wrong_dialect_is_reported_as_such(sim_factory: SimFactory) -> None:
    sim = sim_factory(api_key=KEY, dialect="1.8")
    with EvolutionClient(sim.url, KEY, dialect=Dialect.V2) as client:
        client.create_instance("old-01")
        with pytest.raises(EvolutionRequestError, match="does not support POST") as caught:
            client.restart("old-01")
        assert type(caught.value) is EvolutionRequestError
        assert caught.value.server_message == "Cannot POST /instance/restart/old-01"


# -- names in paths --------------------------------------------------------------------------------------


def test_percent_encoding_reaches_the_right_instance(simulator: Simulator, client: EvolutionClient) -> None:
    names = ["a/b", "a%2Fb", "a", "b", "shop 01", "x?y=1", "x#y", "..", "ação"]
    for name in names:
        assert client.create_instance(name).instance_name == name
    simulator.simulate_scan("a/b")
    for name in names:
        expected = ConnectionState.OPEN if name == "a/b" else ConnectionState.CONNECTING
        assert client.connection_state(name) is expected, name
    assert {info.name for info in client.fetch_instances()} == set(names)
    (only,) = client.fetch_instances("a%2Fb")
    assert only.name == "a%2Fb"
    client.delete("a/b")
    wait_until(lambda: "a/b" not in simulator.instance_names())
    assert set(simulator.instance_names()) == set(names) - {"a/b"}
    # Every request went to an instance route, none to another one by accident.
    for _, _method, path in simulator.requests():
        assert path == "/instance/create" or path.startswith(
            ("/instance/connectionState/", "/instance/delete/", "/instance/fetchInstances")
        ), path


# -- timeouts, faults, breaker ---------------------------------------------------------------------------


def test_timeout(sim_factory: SimFactory) -> None:
    sim = sim_factory(api_key=KEY, latency=1.5)
    with EvolutionClient(sim.url, KEY, timeout=0.5, long_timeout=5) as client:
        started = time.monotonic()
        with pytest.raises(EvolutionUnavailable, match=r"within 0\.5 s"):
            client.fetch_instances()
        assert time.monotonic() - started < 1.4
        # create and connect get the long timeout, so the same latency is fine for them.
        assert client.create_instance("patient").instance_name == "patient"


@pytest.mark.parametrize("mode", ["5xx", "malformed", "drop", "reset", "timeout"])
def test_fault_modes_are_unavailable(simulator: Simulator, mode: str) -> None:
    simulator.set_faults(mode=mode, fail_rate=1.0, latency=1.0 if mode == "timeout" else 0.0)
    with EvolutionClient(simulator.url, KEY, timeout=0.3, long_timeout=0.3) as client:
        for call in (
            client.server_info,
            client.fetch_instances,
            lambda: client.connection_state("x"),
            lambda: client.create_instance("x"),
        ):
            with pytest.raises(EvolutionUnavailable):
                call()


def test_breaker_opens_fails_fast_and_recovers(simulator: Simulator) -> None:
    breaker = CircuitBreaker(failure_threshold=3, base_cooldown=0.3, max_cooldown=2.0)
    changes: list[BreakerState] = []
    breaker.on_change.append(lambda status: changes.append(status.state))
    with EvolutionClient(simulator.url, KEY, breaker=breaker) as client:
        client.create_instance("shop-01")
        simulator.set_faults(mode="5xx", fail_rate=1.0)
        for _ in range(3):
            with pytest.raises(EvolutionUnavailable) as caught:
                client.connection_state("shop-01")
            assert not caught.value.circuit_open and caught.value.status == 500
        assert breaker.state is BreakerState.OPEN
        sent = simulator.request_count
        with pytest.raises(EvolutionUnavailable) as caught:
            client.connection_state("shop-01")
        assert caught.value.circuit_open
        assert caught.value.retry_at is not None and caught.value.retry_at > time.time()
        assert simulator.request_count == sent  # failed fast without touching the server

        # The probe after the cool-down fails too: the wait doubles.
        time.sleep(0.35)
        with pytest.raises(EvolutionUnavailable) as caught:
            client.connection_state("shop-01")
        assert not caught.value.circuit_open
        status = breaker.status()
        assert status.state is BreakerState.OPEN
        assert status.retry_at is not None and status.retry_at - time.time() > 0.4

        simulator.set_faults(mode="none", fail_rate=0.0)
        time.sleep(0.65)
        assert client.connection_state("shop-01") is ConnectionState.CONNECTING
        assert breaker.status().state is BreakerState.CLOSED
        assert breaker.status().consecutive_failures == 0
    assert BreakerState.HALF_OPEN in changes and changes[-1] is BreakerState.CLOSED


def test_breaker_recovers_when_the_server_comes_back(sim_factory: SimFactory) -> None:
    first = sim_factory(api_key=KEY)
    url, port = first.url, first.port
    # Stopped before the client's first request: the simulator's stop() closes the listening socket but
    # not kept-alive connections, which would go on answering.
    first.stop()
    breaker = CircuitBreaker(failure_threshold=2, base_cooldown=0.3)
    with EvolutionClient(url, KEY, breaker=breaker, timeout=2) as client:
        for _ in range(2):
            with pytest.raises(EvolutionUnavailable, match="Cannot connect") as caught:
                client.server_info()
            assert not caught.value.circuit_open
        with pytest.raises(EvolutionUnavailable) as caught:
            client.server_info()
        assert caught.value.circuit_open
        assert "Cannot connect" in caught.value.message  # the banner can say why

        second = sim_factory(api_key=KEY, port=port)
        assert second.url == url
        with pytest.raises(EvolutionUnavailable):  # still cooling down
            client.server_info()
        time.sleep(0.35)
        assert client.server_info().dialect is Dialect.V2
        assert breaker.state is BreakerState.CLOSED


def test_no_ssl_cert_file_can_break_plain_http(simulator: Simulator, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(Path("/nonexistent/ca.pem")))
    monkeypatch.setenv("SSL_CERT_DIR", "/nonexistent")
    with EvolutionClient(simulator.url, KEY) as client:
        assert client.server_info().dialect is Dialect.V2


def test_one_client_shared_by_threads(simulator: Simulator, client: EvolutionClient) -> None:
    for index in range(4):
        client.create_instance(f"t{index}")
    failures: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            for _ in range(10):
                assert client.connection_state(f"t{index % 4}") is ConnectionState.CONNECTING
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_the_key_stays_out_of_logs_and_errors(simulator: Simulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    seen: list[Any] = []
    with EvolutionClient(simulator.url, KEY, timeout=0.3, breaker=CircuitBreaker(failure_threshold=2)) as client:
        seen.append(repr(client))
        client.create_instance("shop-01")
        client.connect("shop-01")
        client.fetch_instances()
        for fault in ("5xx", "malformed", "drop"):
            simulator.set_faults(mode=fault, fail_rate=1.0)
            for _ in range(3):
                try:
                    client.connection_state("shop-01")
                except EvolutionUnavailable as exc:
                    seen.extend([str(exc), repr(exc), exc.server_message])
            simulator.set_faults(mode="none", fail_rate=0.0)
            client.breaker.reset()
        seen.append(repr(client.breaker.status()))
    assert caplog.records
    assert KEY not in caplog.text
    assert all(KEY not in str(item) for item in seen)
