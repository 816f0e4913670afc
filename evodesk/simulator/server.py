"""The HTTP side of the simulator: a threading server on loopback, fault injection and the ``/_sim/`` controls."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from evodesk.simulator.api import EvolutionApi
from evodesk.simulator.event_controls import control
from evodesk.simulator.events import SimEvents
from evodesk.simulator.faults import FaultInjector
from evodesk.simulator.replies import NO_BODY, envelope, to_json
from evodesk.simulator.state import SimState, SimulatorError

log = logging.getLogger(__name__)

PROXY_TEST_MODES = ("pass", "fail")
REQUEST_LOG_SIZE = 100_000
DIALECTS = {"2.3.7": "2.3.7", "2.3.6": "2.3.6", "1.8": "1.8.6", "1.8.6": "1.8.6"}


class _BadJson(ValueError):
    pass


def _parse_json_body(raw: bytes) -> Any:
    """Parse a JSON body the way Express's body-parser does (strict: only objects and arrays)."""
    text = raw.decode("utf-8", errors="replace")
    stripped = text.lstrip()
    if not stripped:
        return {}
    offset = len(text) - len(stripped)
    if stripped[0] not in "{[":
        raise _BadJson(f"Unexpected token {stripped[0]} in JSON at position {offset}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text):
            raise _BadJson("Unexpected end of JSON input") from exc
        raise _BadJson(f"Unexpected token {text[exc.pos]} in JSON at position {exc.pos}") from exc


class _HttpServer(ThreadingHTTPServer):
    daemon_threads = True
    # Many clients polling at once (load benchmarks) must not be refused by a short accept queue.
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], simulator: Simulator) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.simulator = simulator
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, _Handler)

    def track(self, conn: socket.socket, alive: bool) -> None:
        """Remember the open connections, so that stopping can hang up the kept-alive ones."""
        with self._open_lock:
            if alive:
                self._open.add(conn)
            else:
                self._open.discard(conn)

    def hang_up_all(self) -> None:
        """Close every client connection: a stopped server must stop answering, kept-alive or not."""
        with self._open_lock:
            conns = list(self._open)
            self._open.clear()
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients that time out or hang up mid-answer are routine here (fault tests); stay quiet about them.
        log.debug("connection from %s ended abnormally", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps connections alive, as clients with a connection pool expect.
    protocol_version = "HTTP/1.1"
    server: _HttpServer
    server_version = "Express"
    sys_version = ""

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without this, Nagle plus delayed ACKs add ~40 ms a request.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection, True)

    def finish(self) -> None:
        self.server.track(self.connection, False)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def do_PATCH(self) -> None:
        self._dispatch()

    # ------------------------------------------------------------------ plumbing

    def _send(self, status: int, payload: bytes, *, declared_length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload) if declared_length is None else declared_length))
        self.send_header("X-Powered-By", "Express")
        self.end_headers()
        self.wfile.write(payload)
        self.wfile.flush()

    def _send_json(self, status: int, body: Any) -> None:
        self._send(status, b"" if body is NO_BODY else json.dumps(body, separators=(",", ":")).encode("utf-8"))

    def _hang_up(self) -> None:
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _read_body(self) -> bytes:
        """The whole request body, with a Content-Length or chunked (always drained, to keep the stream in step)."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    # Trailers end with an empty line.
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0:
            raise ValueError("negative Content-Length")
        return self.rfile.read(length) if length else b""

    def _dispatch(self) -> None:
        sim = self.server.simulator
        try:
            raw = self._read_body()
        except ValueError:
            self.close_connection = True
            self._send_json(400, envelope(400, "Invalid request body framing", error="Bad Request").body)
            return
        split = urlsplit(self.path)
        if split.path.startswith("/socket.io/") and sim.events.serve(self, raw):
            return
        if split.path == "/_sim" or split.path.startswith("/_sim/"):
            self._control(sim, split.path, raw)
            return
        sim._enter(self.command, split.path)
        try:
            self._evolution(sim, split.path, split.query, raw)
        finally:
            sim._leave()

    def _evolution(self, sim: Simulator, path: str, query_string: str, raw: bytes) -> None:
        fault, delay = sim._draw_fault(path)
        if delay > 0:
            time.sleep(delay)
        if fault == "drop":
            self._hang_up()
            return
        if fault == "5xx":
            self._send_json(500, envelope(500, ["Error: simulated server failure"]).body)
            return
        if fault == "malformed":
            self._send(200, b'{"instance":{"instanceName":"')
            return
        if fault == "reset":
            full = json.dumps({"instance": {"instanceName": "x" * 64, "state": "open"}}).encode()
            self._send(200, full[: len(full) // 2], declared_length=len(full))
            self._hang_up()
            return
        body: Any = {}
        if "json" in (self.headers.get("Content-Type") or "").lower():
            try:
                body = _parse_json_body(raw)
            except _BadJson as exc:
                # body-parser sets a status but no `error`, and the handler fills in its default phrase.
                self._send_json(400, envelope(400, str(exc), error="Internal Server Error").body)
                return
        query = dict(parse_qsl(query_string, keep_blank_values=True))
        try:
            reply = sim.events.handle(self.command, path, self.headers.get("apikey"), body)
            if reply is None:
                reply = sim._api.handle(self.command, path, query, self.headers.get("apikey"), body, target=self.path)
                sim.events.observe(self.command, path, body, reply)
            payload = to_json(reply.body)
        except Exception as exc:  # an unexpected error becomes the server's 500, not a dead connection
            log.exception("simulator route failed")
            self._send_json(500, envelope(500, str(exc)).body)
            return
        self._send_json(reply.status, payload)

    # ------------------------------------------------------------------ /_sim/

    def _control(self, sim: Simulator, path: str, raw: bytes) -> None:
        try:
            body = json.loads(raw) if raw.strip() else {}
        except ValueError:
            self._send_json(400, {"error": "body is not JSON"})
            return
        if not isinstance(body, dict):
            body = {}
        parts = [unquote(p) for p in path.split("/")[2:]]
        try:
            status, answer = _control_route(sim, self.command, parts, body)
        except SimulatorError as exc:
            status, answer = exc.status, {"error": str(exc)}
        except (TypeError, ValueError) as exc:
            status, answer = 400, {"error": str(exc)}
        self._send_json(status, answer)


def _control_route(sim: Simulator, method: str, parts: list[str], body: dict[str, Any]) -> tuple[int, Any]:
    head = parts[0] if parts else ""
    name = parts[1] if len(parts) == 2 else None
    if head == "events":
        return control(sim.events, method, parts[1:], body)
    if method == "POST" and head == "scan" and name is not None:
        number = body.get("number")
        sim.simulate_scan(name, profile_name=body.get("profileName"), number=str(number) if number else None)
        return 200, {"instanceName": name, "state": sim.state_of(name)}
    if method == "POST" and head == "drop" and name is not None:
        sim.drop_connection(name, int(body.get("reasonCode", 401)))
        return 200, {"instanceName": name, "state": sim.state_of(name)}
    if head == "faults" and name is not None:
        if method == "POST":
            sim.fail_instance(name, str(body.get("mode", "5xx")))
        elif method == "DELETE":
            sim.clear_instance_faults(name)
        elif method != "GET":
            return 405, {"error": f"{method} not allowed on /_sim/faults/NAME"}
        return 200, {"instanceName": name, "mode": sim.instance_faults().get(name, "none")}
    if head == "faults" and name is None and method in ("GET", "POST"):
        if method == "POST":
            latency = body.get("latency")
            rate = body.get("failRate")
            sim.set_faults(
                latency=float(latency) if latency is not None else None,
                fail_rate=float(rate) if rate is not None else None,
                mode=body.get("mode"),
            )
        return 200, sim.faults()
    if method == "POST" and head == "restart" and name is None:
        key = body.get("apiKey")
        sim.restart(reload=body.get("reload") is True, api_key=key if isinstance(key, str) and key else None)
        return 200, {"instances": sim.instance_names()}
    if method == "POST" and head == "proxy-test" and name is None:
        sim.set_proxy_test(str(body.get("mode", "pass")))
        for host in refused if isinstance(refused := body.get("refuse"), list) else []:
            sim.refuse_proxy(str(host))
        return 200, {"mode": sim._api.proxy_test, "refused": sorted(sim._api.refused_proxy_hosts)}
    if method == "GET" and head == "stats" and name is None:
        return 200, {"requestCount": sim.request_count, "maxInFlight": sim.max_in_flight}
    if method == "POST" and head == "reset-stats" and name is None:
        sim.reset_stats()
        return 200, {"requestCount": 0, "maxInFlight": 0}
    if method == "GET" and head == "qr" and name is not None:
        if sim.state_of(name) is None and name not in sim.instance_names():
            raise SimulatorError(f'instance "{name}" does not exist', status=404)
        return 200, {"instanceName": name, "code": sim.current_qr(name), "state": sim.state_of(name)}
    if method == "GET" and head == "instances" and name is None:
        return 200, [{"instanceName": n, "state": sim.state_of(n)} for n in sim.instance_names()]
    return 404, {"error": f"unknown control endpoint {method} /_sim/{'/'.join(parts)}"}


class Simulator:
    """A contract-faithful Evolution API server (v2.3.x or v1.8) on loopback, with fault injection.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`. Every control method is also
    reachable over HTTP under ``/_sim/`` (see the package docstring). ``clock`` is the monotonic time
    source of the instance lifecycle (QR rotation, delete delay); tests pass a fake one to step time.
    ``ssl_context`` (a server-side context with its certificate loaded) serves HTTPS instead of HTTP.
    ``events`` and ``global_events`` are the server's ``WEBSOCKET_ENABLED`` and ``WEBSOCKET_GLOBAL_EVENTS``: Socket.IO
    on the same port (``self.events``, evodesk/simulator/events.py), switchable at run time.
    ``socket_allowed_hosts`` is ``WEBSOCKET_ALLOWED_HOSTS``: client addresses whose Socket.IO handshake needs no
    key (the real server's default is loopback, ``events.LOOPBACK_HOSTS``; here none, so every key is checked).
    """

    def __init__(
        self,
        *,
        api_key: str = "sim-key",
        host: str = "127.0.0.1",
        port: int = 0,
        dialect: str = "2.3.7",
        latency: float = 0.0,
        fail_rate: float = 0.0,
        qr_lifetime: float = 45.0,
        first_qr_delay: float = 0.0,
        qr_limit: int = 30,
        delete_delay: float = 1.0,
        create_wait: float = 0.0,
        seed: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        ssl_context: ssl.SSLContext | None = None,
        proxy_test: str = "pass",
        events: bool = True,
        global_events: bool = False,
        socket_allowed_hosts: Iterable[str] = (),
    ) -> None:
        if dialect not in DIALECTS:
            raise ValueError(f"unknown dialect {dialect!r}; use one of {', '.join(DIALECTS)}")
        self.api_key = api_key
        self.host = host
        self.port = port
        self.dialect = dialect
        self.version = DIALECTS[dialect]
        self.url = ""
        self._state = SimState(
            qr_lifetime=qr_lifetime,
            first_qr_delay=first_qr_delay,
            qr_limit=qr_limit,
            delete_delay=delete_delay,
            seed=seed,
            clock=clock,
        )
        self._api = EvolutionApi(
            self._state, api_key=api_key, version=self.version, create_wait=create_wait, base_url=self._base
        )
        self.set_proxy_test(proxy_test)
        self._faults = FaultInjector(self._state.lock, seed=seed)
        self.set_faults(latency=latency, fail_rate=fail_rate)
        # Bounded so that a simulator left running for days does not grow without limit.
        self._requests: deque[tuple[float, str, str]] = deque(maxlen=REQUEST_LOG_SIZE)
        self._request_count = 0
        self._in_flight = 0
        self.max_in_flight = 0
        self._server: _HttpServer | None = None
        self._thread: threading.Thread | None = None
        self._ssl_context = ssl_context
        self._scheme = "https" if ssl_context is not None else "http"
        # Socket.IO on the same port (evodesk/simulator/events.py); ``events``/``global_events`` are the
        # server's WEBSOCKET_ENABLED and WEBSOCKET_GLOBAL_EVENTS.
        self.events = SimEvents(
            self._state, self._api, enabled=events, global_events=global_events, allowed_hosts=socket_allowed_hosts
        )

    def _base(self) -> str:
        return self.url or f"{self._scheme}://{self.host}:{self.port}"

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> str:
        """Bind (port 0 picks a free one), serve on a daemon thread and return the base URL."""
        if self._server is not None:
            return self.url
        server = _HttpServer((self.host, self.port), self)
        if self._ssl_context is not None:
            # The handshake runs when a connection is accepted; one that fails is dropped by socketserver.
            server.socket = self._ssl_context.wrap_socket(server.socket, server_side=True)
        self.port = int(server.server_address[1])
        shown_host = f"[{self.host}]" if ":" in self.host else self.host
        self.url = f"{self._scheme}://{shown_host}:{self.port}"
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="evodesk-simulator", daemon=True
        )
        self._thread.start()
        self.events.start()
        return self.url

    def stop(self) -> None:
        """Stop serving: close the listening socket and hang up every client connection, kept-alive ones too."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None:
            return
        self.events.stop()
        server.shutdown()
        server.server_close()
        server.hang_up_all()
        if thread is not None:
            thread.join(timeout=5)

    def __enter__(self) -> Simulator:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------ controls

    def simulate_scan(self, name: str, *, profile_name: str | None = None, number: str | None = None) -> None:
        """The phone scans the QR shown for ``name``: the instance goes ``open``.

        ``ownerJid`` becomes ``number@s.whatsapp.net``; without ``number`` the one given at create or
        connect is used, else a random Brazilian number. Raises :class:`SimulatorError` when the instance
        is unknown (status 404) or shows no QR (409).
        """
        with self._state.lock:
            self._state.login(self._state.require(name), profile_name=profile_name, number=number)

    def drop_connection(self, name: str, reason_code: int = 401) -> None:
        """WhatsApp ends an open session: after a code the real server reconnects after (any but 401, 402, 403,
        406) it is ``open`` again at once, storing nothing; a final code goes ``close`` with the reason and time
        stored (``disconnectionReasonCode``/``disconnectionAt``). A 401 also wipes the session, so a later
        connect needs a new scan; the other final codes keep it, and connect resumes.
        """
        with self._state.lock:
            self._state.drop(self._state.require(name), reason_code)

    def set_faults(
        self, *, latency: float | None = None, fail_rate: float | None = None, mode: str | None = None
    ) -> None:
        """Change fault injection; an argument left as None keeps its current value.

        ``latency`` delays every Evolution request, except in mode ``"timeout"`` where only the faulty ones
        wait. ``fail_rate`` is the probability that a request gets the fault of ``mode``: ``"5xx"`` (the
        default), ``"malformed"``, ``"drop"``, ``"reset"``, ``"timeout"``, or ``"none"``. Choosing a mode
        while the rate is 0 sets it to 1, so ``set_faults(mode="drop")`` alone breaks every request.
        """
        self._faults.set(latency=latency, fail_rate=fail_rate, mode=mode)

    def fail_instance(self, name: str, mode: str = "5xx") -> None:
        """Make every Evolution request about instance ``name`` fail with ``mode``, deterministically.

        A request is about ``name`` when its path names it (``/instance/{operation}/{name}``: connect,
        connectionState, logout, delete, restart, setPresence; and the ``/settings``, ``/proxy`` and ``/chat``
        routes); ``fetchInstances`` and ``create`` are not affected. ``mode`` is one of :data:`FAULT_MODES`
        (``"timeout"`` waits the configured ``latency``);
        ``"none"`` clears it. The fault lasts until :meth:`clear_instance_faults`. Random faults
        (:meth:`set_faults`) still apply to the other requests; this one wins for the instance's own.
        """
        self._faults.fail_instance(name, mode)

    def clear_instance_faults(self, name: str | None = None) -> None:
        """Remove the fault of one instance (``name``) or of all of them."""
        self._faults.clear_instance(name)

    def instance_faults(self) -> dict[str, str]:
        """The per-instance faults now in force: instance name -> mode."""
        return self._faults.per_instance()

    def set_proxy_test(self, mode: str) -> None:
        """Whether the server's test of a proxy passes (``"pass"``) or fails, as without internet (``"fail"``)."""
        if mode not in PROXY_TEST_MODES:
            raise ValueError(f"unknown proxy test mode {mode!r}; use one of {', '.join(PROXY_TEST_MODES)}")
        with self._state.lock:
            self._api.proxy_test = mode

    def refuse_proxy(self, host: str, refused: bool = True) -> None:
        """Make the proxy test fail (``refused``) or pass again for proxies on ``host``."""
        with self._state.lock:
            if refused:
                self._api.refused_proxy_hosts.add(host)
            else:
                self._api.refused_proxy_hosts.discard(host)

    def faults(self) -> dict[str, Any]:
        """The current fault settings, as ``GET /_sim/faults`` reports them."""
        return self._faults.settings()

    def restart(self, *, reload: bool = False, api_key: str | None = None) -> None:
        """Simulate a server process restart: memory is lost, the "DB" rows stay.

        Without ``reload`` no instance is loaded back (what a server shows for rows it does not load, such as
        those of another ``DATABASE_CONNECTION_CLIENT_NAME``): connectionState has no ``state``, connect and
        restart answer HTTP 200 ``{"error": true, "message": "[object Object]"}``, and fetchInstances by name is
        404, while fetchInstances without a query still lists every instance from the DB. ``reload=True`` is a
        real 2.3.7 restart: every instance is loaded again, those stored ``open`` or ``connecting`` reconnect
        and the others stay ``close`` until connect is called.
        ``api_key`` restarts with another global key, as an administrator who changed
        ``AUTHENTICATION_API_KEY`` does; instance tokens stay valid.
        """
        with self._state.lock:
            self._state.server_restart(reload=reload)
            self.events.server_restarted()
            if api_key is not None:
                self.api_key = api_key
                self._api.api_key = api_key

    def state_of(self, name: str) -> str | None:
        """The live in-memory state (``open``/``connecting``/``close``), or None if not loaded or unknown."""
        with self._state.lock:
            inst = self._state.get(name)
            return inst.state if inst is not None and inst.in_memory else None

    def current_qr(self, name: str) -> str | None:
        """The QR payload being served now for ``name``, or None when there is none."""
        with self._state.lock:
            inst = self._state.get(name)
            if inst is None:
                return None
            frame = self._state.current_qr(inst)
            return frame.code if frame is not None else None

    def current_pairing_code(self, name: str) -> str | None:
        """The pairing code being served now for ``name``, or None."""
        with self._state.lock:
            inst = self._state.get(name)
            frame = self._state.current_qr(inst) if inst is not None else None
            return frame.pairing_code if frame is not None else None

    def instance_names(self) -> list[str]:
        """Names of every instance the server still knows (in memory or only in the DB)."""
        return self._state.names()

    def history(self, name: str) -> list[tuple[float, str]]:
        """State transitions of ``name`` as (monotonic time, state), including the ``refused`` moment."""
        with self._state.lock:
            inst = self._state.require(name)
            return list(inst.history)

    # ------------------------------------------------------------------ stats

    @property
    def request_count(self) -> int:
        """Evolution requests received since the start or the last :meth:`reset_stats` (``/_sim/`` excluded)."""
        with self._state.lock:
            return self._request_count

    def requests(self) -> list[tuple[float, str, str]]:
        """Log of Evolution requests as (``time.monotonic()``, method, raw path without the query).

        Only the latest ``REQUEST_LOG_SIZE`` (100,000) are kept; :attr:`request_count` counts them all.
        """
        with self._state.lock:
            return list(self._requests)

    def reset_stats(self) -> None:
        """Forget the request log and the in-flight high-water mark."""
        with self._state.lock:
            self._requests.clear()
            self._request_count = 0
            self.max_in_flight = self._in_flight

    def _enter(self, method: str, path: str) -> None:
        with self._state.lock:
            self._requests.append((time.monotonic(), method, path))
            self._request_count += 1
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)

    def _leave(self) -> None:
        with self._state.lock:
            self._in_flight -= 1

    def _draw_fault(self, path: str = "") -> tuple[str | None, float]:
        """Decide this request's fault (or None) and how long to wait before answering."""
        return self._faults.draw(path)
