"""A hostile server (tests/reliability/hostile.py, raw sockets) against the client, the refresh and the window.

Every call must end within its timeout plus one second whatever the server drips and wherever; an answer longer
than a call may read (on the wire or once inflated) is an error, never data; a connection that carried more
bytes than its answer announced is not reused. Each check is counted in the ledger's ``hostile_server``
category: calls made and ended in time, the longest overrun past a timeout, answers refused as too large.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from tests.reliability.conftest import Ledger
from tests.reliability.hostile import (
    WELCOME,
    Connection,
    Request,
    chunk,
    chunked_head,
    deflate_bomb,
    gzip_bomb,
    hostile,
    json_response,
    response,
    sends,
)

from evodesk.domain import Actor, ConnectionState
from evodesk.evolution import AnswerTooLarge, EvolutionClient, EvolutionUnavailable, ServerTooSlow, transport
from evodesk.evolution.client import MAX_ERROR_ANSWER_BYTES
from evodesk.services import InstanceManager
from evodesk.store import open_store
from evodesk.ui.shared.messages import describe_error
from helpers import heartbeat, rows

pytestmark = pytest.mark.reliability

CAT = "hostile_server"
KEY = "hostile-key-0123456789"
ANA = Actor("ana", "desk-1")
TIMEOUT = 1.0
LONG_TIMEOUT = 1.5
MARGIN = 1.0
ROW = {"name": "shop-01", "connectionStatus": "open", "profileName": "Shop One"}
BODY = json.dumps([ROW] * 3).encode()


def _timed(ledger: Ledger, call: Callable[[], object], timeout: float) -> tuple[float, BaseException | None]:
    started = time.monotonic()
    error: BaseException | None = None
    try:
        call()
    except BaseException as exc:
        error = exc
    elapsed = time.monotonic() - started
    ledger.add(CAT, calls=1, calls_ended_within_timeout_plus_1s=int(elapsed <= timeout + MARGIN))
    ledger.peak(CAT, "max_overrun_past_timeout_ms", max(0.0, elapsed - timeout) * 1000)
    return elapsed, error


# -- a timeout is a deadline -----------------------------------------------------------------------------------

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + str(len(BODY)).encode() + b"\r\n"


def _drip_status_line(request: Request, connection: Connection) -> bool:
    connection.drip(b"HTTP/1.1 200 OK" + b" " * 200, every=0.05)
    return False


def _drip_headers(request: Request, connection: Connection) -> bool:
    connection.send(HEAD)
    connection.drip(b"".join(b"X-Slow-%d: y\r\n" % index for index in range(40)), every=0.05, size=3)
    return False


def _drip_body(request: Request, connection: Connection) -> bool:
    connection.send(HEAD + b"\r\n")
    connection.drip(BODY, every=0.05)
    return False


def _drip_chunks(request: Request, connection: Connection) -> bool:
    connection.send(chunked_head())
    for byte in BODY:
        connection.send(chunk(bytes([byte])))
        time.sleep(0.05)
    return False


def _stall_after_head(request: Request, connection: Connection) -> bool:
    connection.send(HEAD + b"\r\n" + BODY[:5])
    # Nothing more until the client hangs up (at its deadline) or the server is closed: no fixed sleep.
    connection.sock.recv(1)
    return False


DRIPS: dict[str, Callable[[Request, Connection], bool]] = {
    "status line": _drip_status_line,
    "headers": _drip_headers,
    "body": _drip_body,
    "chunked body": _drip_chunks,
    "stall inside the body": _stall_after_head,
}

CALLS: dict[str, tuple[Callable[[EvolutionClient], object], float]] = {
    "fetch_instances": (lambda client: client.fetch_instances(), TIMEOUT),
    "connection_state": (lambda client: client.connection_state("shop-01"), TIMEOUT),
    "connect (long)": (lambda client: client.connect("shop-01"), LONG_TIMEOUT),
    "logout": (lambda client: client.logout("shop-01"), TIMEOUT),
}


@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize("where", sorted(DRIPS))
def test_every_call_ends_within_its_timeout_whatever_the_server_drips(where: str, call: str, ledger: Ledger) -> None:
    make_call, timeout = CALLS[call]
    with (
        hostile(DRIPS[where]) as server,
        EvolutionClient(server.url, KEY, timeout=TIMEOUT, long_timeout=LONG_TIMEOUT) as client,
    ):
        ledger.injected(CAT, f"drip: {where}")
        elapsed, error = _timed(ledger, lambda: make_call(client), timeout)
    assert isinstance(error, ServerTooSlow), repr(error)
    assert error.reason == "too_slow" and error.timeout == timeout
    assert elapsed <= timeout + MARGIN, f"the call took {elapsed:.2f} s for a timeout of {timeout} s"
    # It ended because of its deadline, not because the server gave up first.
    assert elapsed >= timeout * 0.9
    ledger.survived(CAT, f"drip: {where}")


def test_a_drip_does_not_hold_up_the_next_call_and_a_healthy_answer_still_reads(ledger: Ledger) -> None:
    slow = [True]

    def answer(request: Request, connection: Connection) -> bool:
        if slow[0]:
            return _drip_body(request, connection)
        connection.send(response(BODY))
        return True

    with hostile(answer) as server, EvolutionClient(server.url, KEY, timeout=TIMEOUT) as client:
        _elapsed, error = _timed(ledger, client.fetch_instances, TIMEOUT)
        assert isinstance(error, ServerTooSlow)
        slow[0] = False
        elapsed, error = _timed(ledger, client.fetch_instances, TIMEOUT)
        assert error is None and elapsed < TIMEOUT


def test_the_window_says_the_server_is_too_slow(
    qtbot: Any, tmp_path: Path, open_window: Callable[..., Any], ledger: Ledger
) -> None:
    database_url = f"sqlite:///{tmp_path / 'chips.sqlite3'}"
    with open_store(database_url) as store:
        store.insert_chip(phone="5511987650001", instance_name="shop-01", display_name=None, actor=ANA)

    def answer(request: Request, connection: Connection) -> bool:
        if request.path == "/":
            connection.send(WELCOME)
            return True
        return _drip_body(request, connection)

    with hostile(answer) as server:
        ledger.injected(CAT, "drip: body, through the window")
        window = open_window(server.url, KEY, database_url, settings={"server/request_timeout": "1"})
        with heartbeat() as beat:
            qtbot.waitUntil(window.apiStatusBanner.isVisible, timeout=15000)
            reason = window.apiStatusBanner.reasonLabel.text()
            assert reason == describe_error(ServerTooSlow("x", timeout=1.0)), reason
            # It was reached: the title does not say otherwise.
            assert window.apiStatusBanner.titleLabel.text() == "The Evolution API server is not answering properly"
            assert reason.startswith("The server is too slow: it did not finish answering within 1 s.")
            # The chip is still shown, from the database.
            assert len(window.model.chips) == 1
            beat.settle(qtbot)
        ledger.peak("server_faults", "heartbeat_max_gap_ms", beat.max_gap * 1000)
        beat.check()
    ledger.survived(CAT, "drip: body, through the window")


# -- answers are bounded ---------------------------------------------------------------------------------------

LIMIT = 256 * 1024  # a small cap keeps these fast; the child-process test uses the real one


def _huge(request: Request, connection: Connection) -> bool:
    size = 200 * 1024 * 1024
    connection.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n[" % size)
    block = b"{}," * 21845
    while True:
        connection.send(block)


def _huge_undeclared(request: Request, connection: Connection) -> bool:
    connection.send(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[")
    while True:
        connection.send(b"{}," * 21845)


def _endless_chunks(request: Request, connection: Connection) -> bool:
    connection.send(chunked_head() + chunk(b"["))
    while True:
        connection.send(chunk(b"{}," * 21845))


def _bomb(encoding: str, body: bytes, *, chunked: bool = False) -> Callable[[Request, Connection], bool]:
    def answer(request: Request, connection: Connection) -> bool:
        if chunked:
            connection.send(chunked_head({"Content-Encoding": encoding}) + chunk(body) + chunk(b""))
        else:
            connection.send(response(body, headers={"Content-Encoding": encoding}))
        return True

    return answer


HUGE: dict[str, Callable[[Request, Connection], bool]] = {
    "200 MB body": _huge,
    "body without a length, until the connection closes": _huge_undeclared,
    "endless chunked body": _endless_chunks,
    "gzip bomb (64 MB inflated)": _bomb("gzip", gzip_bomb(64 * 1024 * 1024)),
    "chunked gzip bomb": _bomb("gzip", gzip_bomb(64 * 1024 * 1024), chunked=True),
    "deflate bomb": _bomb("deflate", deflate_bomb(64 * 1024 * 1024)),
    "gzip inside gzip": _bomb("gzip, gzip", gzip.compress(gzip_bomb(64 * 1024 * 1024))),
}


@pytest.mark.parametrize("kind", sorted(HUGE))
def test_an_answer_longer_than_the_cap_is_an_error_never_data(kind: str, ledger: Ledger) -> None:
    with hostile(HUGE[kind]) as server:
        with EvolutionClient(server.url, KEY, timeout=5, max_answer_bytes=LIMIT) as client:
            ledger.injected(CAT, f"too large: {kind}")
            _elapsed, error = _timed(ledger, client.fetch_instances, 5)
        assert isinstance(error, AnswerTooLarge), repr(error)
        assert error.reason == "too_large" and error.limit == LIMIT
        assert isinstance(error, EvolutionUnavailable)  # the window's banner and the breaker treat it so
    # Not read to the end: the client stopped near the cap (the kernel's socket buffers hold a few MB more).
    assert server.sent < 64 * 1024 * 1024
    ledger.add(CAT, answers_refused_as_too_large=1)
    ledger.survived(CAT, f"too large: {kind}")


def test_an_answer_within_the_cap_is_read_whatever_its_encoding(ledger: Ledger) -> None:
    body = json.dumps([{**ROW, "name": f"shop-{index:04d}"} for index in range(500)]).encode()
    deflated = zlib.compress(body)
    raw_deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    answers = {
        "identity": response(body),
        "gzip": response(gzip.compress(body), headers={"Content-Encoding": "gzip"}),
        "deflate": response(deflated, headers={"Content-Encoding": "deflate"}),
        "raw deflate": response(
            raw_deflate.compress(body) + raw_deflate.flush(), headers={"Content-Encoding": "deflate"}
        ),
        "chunked gzip": chunked_head({"Content-Encoding": "gzip"})
        + b"".join(chunk(gzip.compress(body)[i : i + 999]) for i in range(0, len(gzip.compress(body)), 999))
        + chunk(b""),
    }
    for _name, raw in answers.items():
        with hostile(sends(raw)) as server, EvolutionClient(server.url, KEY, max_answer_bytes=len(body) + 1) as client:
            assert [info.name for info in client.fetch_instances()][-1] == "shop-0499"
    # One byte fewer than the inflated answer is a cap it passes, even though it is far smaller on the wire.
    with (
        hostile(sends(answers["gzip"])) as server,
        EvolutionClient(server.url, KEY, max_answer_bytes=len(body) - 1) as client,
        pytest.raises(AnswerTooLarge),
    ):
        client.fetch_instances()


def test_an_unknown_compression_is_an_error() -> None:
    answer = response(b"\x00\x01garbage", headers={"Content-Encoding": "br"})
    with hostile(sends(answer)) as server, EvolutionClient(server.url, KEY) as client:
        with pytest.raises(EvolutionUnavailable, match="compression evodesk cannot read"):
            client.fetch_instances()
        # What the client asks for is what it can inflate.
        assert server.requests[0].headers["accept-encoding"] == "gzip, deflate"


def test_a_long_chain_of_encodings_is_refused_as_a_compression_it_cannot_read() -> None:
    body = b"[]"
    for _ in range(1000):
        body = gzip.compress(body, 1)
    answer = response(body, headers={"Content-Encoding": ", ".join(["gzip"] * 1000)})
    with (
        hostile(sends(answer)) as server,
        EvolutionClient(server.url, KEY) as client,
        pytest.raises(EvolutionUnavailable, match="compression evodesk cannot read"),
    ):
        client.fetch_instances()


def test_a_huge_error_answer_gives_its_status_without_being_read_whole(ledger: Ledger) -> None:
    def answer(request: Request, connection: Connection) -> bool:
        connection.send(b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 999999999\r\n\r\n")
        while True:
            connection.send(b"x" * 65536)

    with (
        hostile(answer) as server,
        EvolutionClient(server.url, KEY) as client,
        pytest.raises(EvolutionUnavailable, match=r"HTTP 503"),
    ):
        client.fetch_instances()
    assert server.sent < 16 * 1024 * 1024 + MAX_ERROR_ANSWER_BYTES


def test_a_capped_refresh_reports_no_chip_as_missing_and_changes_nothing(tmp_path: Path, ledger: Ledger) -> None:
    bomb = _bomb("gzip", gzip_bomb(64 * 1024 * 1024))
    with open_store(f"sqlite:///{tmp_path / 'chips.sqlite3'}") as store:
        chips = [
            store.insert_chip(phone=f"55119876500{i:02d}", instance_name=f"shop-{i:02d}", display_name=None, actor=ANA)
            for i in range(5)
        ]
        before = rows(store)
        events = len(store.list_events())
        with hostile(bomb) as server, EvolutionClient(server.url, KEY, max_answer_bytes=LIMIT) as client:
            ledger.injected(CAT, "too large: refresh")
            with pytest.raises(AnswerTooLarge):
                InstanceManager(client, store, actor=ANA).sync()
        assert rows(store) == before and len(store.list_events()) == events
        lost = ledger.chips(CAT, expected={chip.id for chip in chips}, present={c.id for c in store.list_chips()})
        assert lost == 0
    ledger.survived(CAT, "too large: refresh")


# -- a connection out of step is not reused --------------------------------------------------------------------


def test_bytes_after_an_answer_are_never_taken_for_the_next_answer(ledger: Ledger) -> None:
    honest = json_response({"instance": {"instanceName": "shop-01", "state": "close"}})
    forged = json_response({"instance": {"instanceName": "shop-01", "state": "open"}})

    def answer(request: Request, connection: Connection) -> bool:
        if connection.number == 1:
            # Content-Length 2 with "[]", then a whole second answer queued behind it on the same connection.
            connection.send(response(b"[]") + forged)
        else:
            connection.send(honest)
        return True

    with hostile(answer) as server, EvolutionClient(server.url, KEY) as client:
        ledger.injected(CAT, "surplus after Content-Length")
        assert client.fetch_instances() == []
        assert client.connection_state("shop-01") is ConnectionState.CLOSE
        assert client.connection_state("shop-01") is ConnectionState.CLOSE
        assert [request.connection for request in server.requests] == [1, 2, 2]
    ledger.survived(CAT, "surplus after Content-Length")


def test_an_honest_server_keeps_its_connection_between_calls() -> None:
    answer_bytes = json_response({"instance": {"instanceName": "shop-01", "state": "open"}})
    with hostile(sends(answer_bytes)) as server, EvolutionClient(server.url, KEY) as client:
        for _ in range(3):
            assert client.connection_state("shop-01") is ConnectionState.OPEN
    assert [request.connection for request in server.requests] == [1, 1, 1]


def test_a_chunked_answer_with_bytes_after_it_is_not_reused() -> None:
    honest = json_response({"instance": {"instanceName": "shop-01", "state": "close"}})
    forged = json_response({"instance": {"instanceName": "shop-01", "state": "open"}})

    def answer(request: Request, connection: Connection) -> bool:
        if connection.number == 1:
            connection.send(chunked_head() + chunk(b"[]") + chunk(b"") + forged)
        else:
            connection.send(honest)
        return True

    with hostile(answer) as server, EvolutionClient(server.url, KEY) as client:
        assert client.fetch_instances() == []
        assert client.connection_state("shop-01") is ConnectionState.CLOSE
    assert [request.connection for request in server.requests] == [1, 2]


@pytest.mark.parametrize("encoding", ["gzip", "deflate (zlib)", "deflate (raw)", "deflate inside gzip"])
def test_a_compressed_answer_arriving_a_byte_at_a_time_inflates_the_same(encoding: str) -> None:
    from evodesk.evolution.inflate import Inflater

    body = BODY * 20
    raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    sent, header = {
        "gzip": (gzip.compress(body), "gzip"),
        "deflate (zlib)": (zlib.compress(body), "deflate"),
        "deflate (raw)": (raw.compress(body) + raw.flush(), "deflate"),
        "deflate inside gzip": (gzip.compress(zlib.compress(body)), "deflate, gzip"),
    }[encoding]
    for size in (1, 2, 3, len(sent)):
        inflater = Inflater.for_encoding(header, len(body))
        assert inflater is not None
        parts: list[bytes] = []
        for start in range(0, len(sent), size):
            inflater.feed(sent[start : start + size], parts)
        inflater.finish(parts)
        assert b"".join(parts) == body, (encoding, size)


# -- a server that never lets the client in is unreachable, not slow ---------------------------------------------


@contextmanager
def _never_accepting() -> Iterator[str]:
    """A loopback listener whose accept queue is full: the kernel drops every further SYN, so connect hangs."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    # Linux queues backlog + 1 finished handshakes; this one fills the queue (nobody ever accepts it).
    queued = socket.create_connection(("127.0.0.1", port), timeout=5)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        queued.close()
        listener.close()


def test_a_server_that_never_accepts_the_connection_is_named_unreachable_not_too_slow(ledger: Ledger) -> None:
    with _never_accepting() as url, EvolutionClient(url, KEY, timeout=TIMEOUT) as client:
        ledger.injected(CAT, "connection never accepted")
        elapsed, error = _timed(ledger, client.fetch_instances, TIMEOUT)
    assert isinstance(error, EvolutionUnavailable) and not isinstance(error, ServerTooSlow), repr(error)
    assert "Cannot connect to the Evolution API server" in error.message
    assert f"within {TIMEOUT:g} s" in error.message
    assert describe_error(error) == (
        "evodesk could not connect to the server. Check the URL and this computer's network."
    ), "named unreachable, not too slow"
    assert elapsed <= TIMEOUT + MARGIN
    ledger.survived(CAT, "connection never accepted")


def test_a_tls_handshake_dripped_a_byte_at_a_time_ends_within_the_timeout(ledger: Ledger) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        sock, _address = listener.accept()
        with sock:
            sock.recv(65536)  # the client's hello
            try:
                # A handshake record announcing 16 KB, then its bytes one at a time: each read gets a byte.
                sock.sendall(b"\x16\x03\x03\x40\x00")
                while not stop.wait(0.05):
                    sock.sendall(b"\x00")
            except OSError:
                return

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    url = f"https://127.0.0.1:{listener.getsockname()[1]}"
    try:
        with EvolutionClient(url, KEY, timeout=TIMEOUT, verify=False) as client:
            ledger.injected(CAT, "drip: TLS handshake")
            elapsed, error = _timed(ledger, client.fetch_instances, TIMEOUT)
    finally:
        stop.set()
        server.join(5)
        listener.close()
    assert isinstance(error, EvolutionUnavailable), repr(error)
    assert elapsed <= TIMEOUT + MARGIN, f"{elapsed:.2f} s"
    ledger.survived(CAT, "drip: TLS handshake")


def _resolving(monkeypatch: pytest.MonkeyPatch, names: dict[str, Callable[[], list[tuple[str, int]]]]) -> None:
    """Names looked up as ``names`` says (the resolver is not the server under test); addresses as they are."""
    real = socket.getaddrinfo
    for variable in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(variable, raising=False)

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in names:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", address) for address in names[host]()]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def _address(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").split(":")
    return host, int(port)


def test_a_name_with_several_addresses_that_never_accept_still_ends_within_the_timeout(
    monkeypatch: pytest.MonkeyPatch, ledger: Ledger
) -> None:
    with _never_accepting() as first, _never_accepting() as second, _never_accepting() as third:
        _resolving(monkeypatch, {"evolution.test": lambda: [_address(url) for url in (first, second, third)]})
        port = _address(first)[1]
        with EvolutionClient(f"http://evolution.test:{port}", KEY, timeout=TIMEOUT) as client:
            ledger.injected(CAT, "three addresses, none accepting")
            elapsed, error = _timed(ledger, client.fetch_instances, TIMEOUT)
    assert isinstance(error, EvolutionUnavailable) and "Cannot connect" in error.message, repr(error)
    assert elapsed <= TIMEOUT + MARGIN, f"{elapsed:.2f} s"
    ledger.survived(CAT, "three addresses, none accepting")


def test_an_address_that_never_accepts_leaves_time_for_the_next_one(monkeypatch: pytest.MonkeyPatch) -> None:
    timeout = 2.0
    with _never_accepting() as dead, hostile(sends(response(BODY))) as server:
        _resolving(monkeypatch, {"evolution.test": lambda: [_address(dead), _address(server.url)]})
        with EvolutionClient(f"http://evolution.test:{server.port}", KEY, timeout=timeout) as client:
            started = time.monotonic()
            assert [info.name for info in client.fetch_instances()] == ["shop-01"] * 3
            assert time.monotonic() - started <= timeout


def test_a_resolver_that_never_answers_ends_the_call_at_its_deadline(
    monkeypatch: pytest.MonkeyPatch, ledger: Ledger
) -> None:
    answered = threading.Event()

    def stuck() -> list[tuple[str, int]]:
        answered.wait(30)
        return [("127.0.0.1", 9)]

    _resolving(monkeypatch, {"evolution.test": stuck})
    try:
        with EvolutionClient("http://evolution.test:8080", KEY, timeout=TIMEOUT) as client:
            ledger.injected(CAT, "name lookup never answers")
            elapsed, error = _timed(ledger, client.fetch_instances, TIMEOUT)
    finally:
        answered.set()
    assert isinstance(error, EvolutionUnavailable) and "Cannot connect" in error.message, repr(error)
    assert "could not be looked up" in str(error.__cause__)
    assert elapsed <= TIMEOUT + MARGIN, f"{elapsed:.2f} s"
    ledger.survived(CAT, "name lookup never answers")


# -- a connection is judged before it goes back to the pool ----------------------------------------------------


def test_a_connection_with_bytes_after_its_answer_is_never_handed_to_another_thread_meanwhile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another worker's call that starts while the answer is being checked must not get the queued bytes."""
    honest = json_response({"instance": {"instanceName": "shop-01", "state": "close"}})
    forged = json_response({"instance": {"instanceName": "shop-01", "state": "open"}})

    def answer(request: Request, connection: Connection) -> bool:
        connection.send(response(b"[]") + forged if request.path.startswith("/instance/fetchInstances") else honest)
        return True

    seen: list[object] = []
    check = transport.surplus

    def surplus_with_a_call_meanwhile(response: Any, body_bytes: int) -> bool:
        if not seen:
            # The moment between the last byte of the answer and the check: another thread asks the same client.
            seen.append("asked")
            other = threading.Thread(target=lambda: seen.append(client.connection_state("shop-01")))
            other.start()
            other.join(10)
        return check(response, body_bytes)

    monkeypatch.setattr(transport, "surplus", surplus_with_a_call_meanwhile)
    with hostile(answer) as server, EvolutionClient(server.url, KEY) as client:
        assert client.fetch_instances() == []
        assert seen == ["asked", ConnectionState.CLOSE]
        assert [request.path.split("?")[0] for request in server.requests] == [
            "/instance/fetchInstances",
            "/instance/connectionState/shop-01",
        ]
        assert [request.connection for request in server.requests] == [1, 2]


def test_bytes_after_the_end_of_a_compressed_answer_are_not_kept() -> None:
    from evodesk.evolution.inflate import Inflater

    trailing = b"x" * (16 * 1024 * 1024)
    inflater = Inflater.for_encoding("gzip", LIMIT)
    assert inflater is not None
    parts: list[bytes] = []
    tracemalloc.start()
    try:
        inflater.feed(gzip.compress(b"[]"), parts)
        for start in range(0, len(trailing), 65536):
            inflater.feed(trailing[start : start + 65536], parts)
        inflater.finish(parts)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert b"".join(parts) == b"[]"
    assert peak < 1024 * 1024, f"{peak / 1024 / 1024:.1f} MiB held for bytes after the compressed answer"
