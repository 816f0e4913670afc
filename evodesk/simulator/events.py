"""The simulator's Socket.IO server: Evolution's events with the real names, payloads and namespace rules.

Served on the simulator's own port under ``/socket.io/`` (as the real server attaches socket.io to its HTTP server)
by python-socketio's threading server; the HTTP layer hands those requests here. What it reproduces
(evolution-api.md sections 6.1-6.5, checked against the 2.3.7 source):

* engine.io's checks first, in its order and words (:func:`evodesk.simulator.wsgi.engineio_refusal`); the
  handshake is refused with HTTP 403 ``{"code":4,"message":"apiKey is required"|"Invalid global token"}`` (a
  websocket one: 400 with the message as text) unless ``?apikey=`` or the header is the global key or an
  instance token, or the client's address is in ``allowed_hosts`` (``WEBSOCKET_ALLOWED_HOSTS``) with ``EIO``;
* with events off, ``/socket.io/`` is Express's 404 envelope, its query included, and the ``/websocket/``
  routes answer with no body at all;
* nothing is sent on connect; ``/`` is always there; ``/NAME`` exists only once the server has emitted there,
  and joining it earlier gets ``connect_error`` "Invalid namespace"; a restart forgets every namespace;
* global mode sends every event of every instance on ``/``; every event an instance is subscribed to also goes to
  ``/NAME`` (so both arrive when both are on, as on 2.3.7);
* envelopes ``{"event","instance","data","server_url","date_time","sender","apikey"}`` with the instance token in
  ``apikey`` (``AUTHENTICATION_EXPOSE_IN_FETCH_INSTANCES=true``, the example configuration);
* ``/websocket/find/NAME`` and ``/websocket/set/NAME`` with the server's quirks: ``set`` replaces, an empty list
  while enabled means every event, a missing list or a flat body is a 500;
* connection, QR, status, logout, create and delete events derived from the instance state machine: a thread
  watches the instances (the state is computed lazily, so something has to look) every ``tick`` seconds.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
import time
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from evodesk.simulator.api import EvolutionApi
from evodesk.simulator.event_data import (
    ALL_EVENTS,
    deleted_events,
    event_constant,
    latest_qr_key,
    local_time_with_z,
    message_data,
    transition_events,
)
from evodesk.simulator.qr import png_data_url
from evodesk.simulator.replies import NO_BODY, Reply, envelope, not_found_route, unauthorized
from evodesk.simulator.state import CLOSE, CONNECTING, Instance, SimState, iso, utc_now
from evodesk.simulator.wsgi import engineio_refusal, write_closing, wsgi_environ

log = logging.getLogger(__name__)

# The real server's WEBSOCKET_ALLOWED_HOSTS when it is not set: loopback clients skip the key check.
LOOPBACK_HOSTS = ("127.0.0.1", "::1", "::ffff:127.0.0.1")


class _Watch:
    """What the watcher last saw of one instance."""

    __slots__ = ("deleted", "history_len", "new", "qr_key")

    def __init__(self, history_len: int, qr_key: tuple[int, str] | None, *, new: bool = False) -> None:
        self.history_len = history_len
        self.qr_key = qr_key
        self.deleted = False
        # A just-created instance: instance.create is still to be sent.
        self.new = new


class SimEvents:
    """Socket.IO for one :class:`~evodesk.simulator.Simulator` (see the module docstring).

    ``enabled`` is ``WEBSOCKET_ENABLED``, ``global_events`` ``WEBSOCKET_GLOBAL_EVENTS``; both can change at run
    time (:meth:`configure`). ``tick`` is how often the watcher looks at the instances. ``allowed_hosts`` is
    ``WEBSOCKET_ALLOWED_HOSTS``: none by default, so the key of every client is checked.
    """

    def __init__(
        self,
        state: SimState,
        api: EvolutionApi,
        *,
        enabled: bool = True,
        global_events: bool = False,
        tick: float = 0.05,
        allowed_hosts: Iterable[str] = (),
    ) -> None:
        # The server's instances, and its routes: the global key, the dialect and the base URL come from there.
        self._state = state
        self._api = api
        self._lock = threading.RLock()
        self.enabled = enabled
        self.global_events = global_events
        # False: websocket upgrades are refused (a proxy that does not pass them), long-polling still works.
        self.websocket = True
        self.tick = tick
        # WEBSOCKET_ALLOWED_HOSTS: client addresses let in without a key ("*": all of them).
        self.allowed_hosts = frozenset(allowed_hosts)
        self._server: Any = None
        self._app: Any = None
        self._namespaces: set[str] = {"/"}
        # instance name -> stored row {"id", "enabled", "events", "createdAt", "updatedAt", "instanceId"}
        self._subscriptions: dict[str, dict[str, Any]] = {}
        self._watch: dict[str, _Watch] = {}
        self._full = False
        self._logouts: set[str] = set()
        self._sockets: set[socket.socket] = set()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._flood_thread: threading.Thread | None = None
        self._flood_stop = threading.Event()
        self.emitted = 0
        self.flood_sent = 0

    # -- lifecycle -------------------------------------------------------------------------------------------

    def start(self) -> None:
        """Start watching the instances (events are derived from what changes)."""
        with self._lock:
            if self._thread is not None:
                return
            self._stop.clear()
            self._baseline()
            self._thread = threading.Thread(target=self._run, name="evodesk-simulator-events", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the watcher and any flood, and drop every socket client."""
        self._stop.set()
        self._flood_stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=5)
        flood, self._flood_thread = self._flood_thread, None
        if flood is not None:
            flood.join(timeout=5)
        self.drop_clients()

    def configure(
        self, *, enabled: bool | None = None, global_events: bool | None = None, websocket: bool | None = None
    ) -> None:
        """Turn events (``WEBSOCKET_ENABLED``), global mode or the websocket transport on or off.

        Turning events off drops every client; turning the websocket transport off leaves long-polling.
        """
        with self._lock:
            if websocket is not None:
                self.websocket = websocket
            if global_events is not None:
                self.global_events = global_events
            if enabled is not None and enabled != self.enabled:
                self.enabled = enabled
                if not enabled:
                    self.drop_clients()
                    self._namespaces = {"/"}

    def server_restarted(self) -> None:
        """The server process restarted: clients are cut off and every instance namespace is forgotten."""
        with self._lock:
            self.drop_clients()
            self._namespaces = {"/"}
            self._logouts.clear()

    def drop_clients(self) -> int:
        """Cut every Socket.IO client off, as a network failure would; returns how many connections were cut."""
        with self._lock:
            sockets = list(self._sockets)
            self._sockets.clear()
            server = self._server
        for conn in sockets:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if server is not None:
            # Long-polling clients have no connection of their own to cut: their sessions end server-side,
            # aborted (a polite close would wait for a client that is not polling any more to collect it).
            eio = server.eio
            sessions = list(eio.sockets.items())
            for sid, session in sessions:
                with contextlib.suppress(Exception):
                    session.close(wait=False, abort=True)
                eio.sockets.pop(sid, None)
            return max(len(sockets), len(sessions))
        return len(sockets)

    def state(self) -> dict[str, Any]:
        """What ``GET /_sim/events`` reports."""
        with self._lock:
            server = self._server
            clients = len(server.eio.sockets) if server is not None else 0
            return {
                "enabled": self.enabled,
                "global": self.global_events,
                "websocket": self.websocket,
                "namespaces": sorted(self._namespaces),
                "clients": clients,
                "emitted": self.emitted,
                "floodSent": self.flood_sent,
                "flooding": self._flood_thread is not None and self._flood_thread.is_alive(),
            }

    # -- the /socket.io/ endpoint ----------------------------------------------------------------------------

    def serve(self, handler: Any, raw: bytes) -> bool:
        """Answer one ``/socket.io/`` request on the simulator's HTTP handler; False when events are off."""
        if not self.enabled:
            return False
        split = urlsplit(handler.path)
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        upgrade = "websocket" in (handler.headers.get("Upgrade") or "").lower()
        server = self._server
        refusal = engineio_refusal(
            handler,
            query,
            upgrade=upgrade,
            sessions=server.eio.sockets if server is not None else {},
            allowed_hosts=self.allowed_hosts,
            key_refusal=self._refusal,
        )
        if refusal is not None:
            error, message = refusal
            # engine.io answers a refused request with its JSON (403 for the key, else 400), a refused websocket
            # handshake with a bare 400 and the reason as text/html (seen on 2.3.7).
            if upgrade:
                status, kind, body = 400, "text/html", message.encode()
            else:
                status, kind = (403 if error == 4 else 400), "application/json"
                body = json.dumps({"code": error, "message": message}, separators=(",", ":")).encode()
            write_closing(handler, status, kind, body)
            return True
        environ = wsgi_environ(handler, split.path, split.query, raw, https=self._api.base_url().startswith("https"))
        if upgrade and not self.websocket:
            body = b'{"code":3,"message":"Bad request"}'
            write_closing(handler, 400, "application/json", body)
            return True
        if upgrade:
            environ["werkzeug.socket"] = handler.connection
            with self._lock:
                self._sockets.add(handler.connection)
        answer: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            answer["status"], answer["headers"] = status, headers
            return lambda data: None

        try:
            body_parts = self._wsgi_app()(environ, start_response)
            payload = b"".join(body_parts)
        except (ConnectionError, OSError, StopIteration):
            # A websocket session ended: the connection was the socket's, nothing more to write.
            handler.close_connection = True
            return True
        finally:
            if upgrade:
                with self._lock:
                    self._sockets.discard(handler.connection)
        if upgrade and not answer:
            handler.close_connection = True
            return True
        code, _, _reason = str(answer.get("status", "500")).partition(" ")
        handler.send_response(int(code))
        for name, value in answer.get("headers", []):
            if name.lower() not in ("content-length", "connection"):
                handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        handler.wfile.write(payload)
        handler.wfile.flush()
        return True

    def _refusal(self, key: str | None) -> str | None:
        if not key:
            return "apiKey is required"
        if key == self._api.api_key:
            return None
        if any(inst.token == key for inst in self._state.all()):
            return None
        return "Invalid global token"

    def _wsgi_app(self) -> Any:
        with self._lock:
            if self._app is None:
                import socketio

                server = socketio.Server(
                    async_mode="threading",
                    namespaces="*",
                    logger=False,
                    engineio_logger=False,
                    cors_allowed_origins="*",
                )
                server.on("connect", self._on_connect, namespace="*")
                self._server = server
                self._app = socketio.WSGIApp(server, socketio_path="socket.io")
            return self._app

    def _watch_everything(self) -> None:
        """Start watching every instance (a client listens in global mode), each from its present state."""
        state = self._state
        with state.lock:
            if self._full:
                return
            with self._lock:
                subscribed = set(self._subscriptions)
            for inst in state.all():
                if inst.name not in subscribed or inst.name not in self._watch:
                    self._watch[inst.name] = _Watch(len(inst.history), latest_qr_key(inst))
            self._full = True

    def _on_connect(self, namespace: str, sid: str, environ: Mapping[str, Any], auth: object = None) -> None:
        if namespace == "/" and self.global_events:
            # Before the client hears it is connected: whatever happens after that reaches it.
            self._watch_everything()
        with self._lock:
            known = namespace in self._namespaces
        if not known:
            import socketio

            raise socketio.exceptions.ConnectionRefusedError("Invalid namespace")

    # -- /websocket/find and /websocket/set ------------------------------------------------------------------

    def handle(self, method: str, path: str, apikey: str | None, body: Any) -> Reply | None:
        """Answer ``/websocket/...`` routes; None for any other path (the instance API answers it)."""
        parts = path.split("/")
        if len(parts) < 2 or parts[1].lower() != "websocket":
            return None
        op = parts[2].lower() if len(parts) > 2 else ""
        if len(parts) != 4 or (method, op) not in (("GET", "find"), ("POST", "set")):
            return not_found_route(method, path)
        name = unquote(parts[3])
        state = self._state
        with state.lock:
            inst = state.get(name)
            if inst is None:
                return envelope(404, [f'The "{name}" instance does not exist'])
            if apikey is None or apikey not in (self._api.api_key, inst.token):
                return unauthorized()
            if op == "find":
                return Reply(200, self._stored(name) if self.enabled else NO_BODY)
            return self._set(inst, body)

    def _stored(self, name: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._subscriptions.get(name)
            if row is None:
                return None
            keys = ("id", "enabled", "events", "createdAt", "updatedAt", "instanceId")
            return {key: list(row[key]) if key == "events" else row[key] for key in keys}

    def _set(self, inst: Instance, body: Any) -> Reply:
        found = body.get("websocket") if isinstance(body, dict) else None
        config: dict[str, Any] = found if isinstance(found, dict) else {}
        enabled = config.get("enabled")
        events = config.get("events")
        if "enabled" in config and not isinstance(enabled, bool):
            # The schema's enum [true, false] fails too.
            return envelope(
                400,
                [
                    [
                        "websocket.enabled is not of a type(s) boolean",
                        "websocket.enabled is not one of enum values: true,false",
                    ]
                ],
            )
        if events is not None:
            if not isinstance(events, list):
                return envelope(400, [["websocket.events is not of a type(s) array"]])
            for index, event in enumerate(events):
                if event not in ALL_EVENTS:
                    return envelope(
                        400, [[f"websocket.events[{index}] is not one of enum values: {','.join(ALL_EVENTS)}"]]
                    )
        if not self.enabled:
            # The controller returns nothing and Express sends no body at all.
            return Reply(201, NO_BODY)
        if not isinstance(found, dict):
            return envelope(500, "Cannot set properties of undefined (setting 'events')")
        if enabled is not True:
            events = []
        elif events is None:
            return envelope(500, "Cannot read properties of undefined (reading 'length')")
        elif not events:
            events = list(ALL_EVENTS)
        return Reply(201, self._subscribe(inst, enabled is True, list(events)))

    def _subscribe(self, inst: Instance, enabled: bool, events: list[str], *, created: bool = False) -> dict[str, Any]:
        now = iso(utc_now())
        with self._lock:
            row = self._subscriptions.get(inst.name)
            if row is None:
                row = {
                    "id": "cl" + self._state.new_uuid().replace("-", "")[:23],
                    "createdAt": now,
                    "instanceId": inst.instance_id,
                }
                self._subscriptions[inst.name] = row
            row.update({"enabled": enabled, "events": list(events), "updatedAt": now})
        with self._state.lock:
            if inst.name not in self._watch:
                # Watched from now on: from its creation when subscribed in its create call, else from its present.
                self._watch[inst.name] = (
                    _Watch(1, None, new=True) if created else _Watch(len(inst.history), latest_qr_key(inst))
                )
        stored = self._stored(inst.name)
        assert stored is not None
        return stored

    def observe(self, method: str, path: str, body: Any, reply: Reply) -> None:
        """After an instance route answered: a create's ``websocket`` block subscribes, a logout is remembered."""
        parts = [unquote(p) for p in path.split("/")]
        if len(parts) < 3 or parts[1].lower() != "instance":
            return
        op = parts[2].lower()
        if op == "create" and method == "POST" and reply.status == 201 and isinstance(body, dict):
            config = body.get("websocket")
            name = body.get("instanceName")
            inst = self._state.get(name) if isinstance(name, str) else None
            if inst is not None and isinstance(config, dict) and self.enabled:
                events = config.get("events")
                wanted = [e for e in events if e in ALL_EVENTS] if isinstance(events, list) else []
                self._subscribe(inst, True, wanted or list(ALL_EVENTS), created=True)
        elif op == "logout" and method == "DELETE" and reply.status == 200 and len(parts) > 3:
            with self._lock:
                self._logouts.add(parts[3])

    # -- flood -----------------------------------------------------------------------------------------------

    def flood(self, *, rate: float, seconds: float, instance: str | None = None) -> None:
        """Send ``messages.upsert`` events at ``rate`` a second for ``seconds`` (a busy number's chats)."""
        if rate <= 0 or seconds <= 0:
            raise ValueError("rate and seconds must be positive")
        self._flood_stop.set()
        previous = self._flood_thread
        if previous is not None:
            previous.join(timeout=5)
        self._flood_stop = threading.Event()
        self._flood_thread = threading.Thread(
            target=self._flood, args=(rate, seconds, instance, self._flood_stop), name="evodesk-sim-flood", daemon=True
        )
        self._flood_thread.start()

    def _flood(self, rate: float, seconds: float, instance: str | None, stop: threading.Event) -> None:
        names = [instance] if instance else [i.name for i in self._state.all()] or ["flood"]
        started = time.monotonic()
        sent = 0
        total = int(rate * seconds)
        while sent < total and not stop.is_set():
            due = started + sent / rate
            delay = due - time.monotonic()
            if delay > 0:
                stop.wait(delay)
            name = names[sent % len(names)]
            self._emit_envelope(name, "messages.upsert", message_data(name, sent), token=None, sender=None)
            sent += 1
            self.flood_sent += 1

    # -- the watcher -----------------------------------------------------------------------------------------

    def _baseline(self) -> None:
        for inst in self._state.all():
            self._watch[inst.name] = _Watch(len(inst.history), latest_qr_key(inst))

    def _run(self) -> None:
        while not self._stop.wait(self.tick):
            try:
                self._scan()
            except Exception:  # the watcher must outlive one bad look
                log.exception("simulator event watcher failed")

    def _scan(self) -> None:
        # Only what someone can receive is looked at: every instance while a client listens in global mode,
        # else the subscribed ones (their emits open namespaces even with no client). A fleet of 10,000 is
        # about 12 ms a look, which a simulator serving benchmarks must not spend 20 times a second for nothing.
        state = self._state
        server = self._server
        full = self.global_events and server is not None and bool(server.eio.sockets)
        with self._lock:
            subscribed = set(self._subscriptions)
        pending: list[tuple[Instance, str, Any]] = []
        with state.lock:
            if full:
                self._watch_everything()
                instances = state.all()
            else:
                instances = [inst for name in subscribed if (inst := state.get(name)) is not None]
            self._full = full
            present = {inst.name for inst in instances}
            for inst in instances:
                seen = self._watch.get(inst.name)
                if seen is None:
                    seen = _Watch(1, None, new=True)
                    self._watch[inst.name] = seen
                if seen.new:
                    seen.new = False
                    pending.append(
                        (inst, "instance.create", {"instanceName": inst.name, "instanceId": inst.instance_id})
                    )
                if len(inst.history) > seen.history_len:
                    for _at, what in inst.history[seen.history_len :]:
                        pending.extend(self._transition(inst, what))
                    seen.history_len = len(inst.history)
                qr_key = latest_qr_key(inst)
                if qr_key is not None and qr_key != seen.qr_key and inst.state == CONNECTING:
                    frame = inst.latest_qr
                    assert frame is not None
                    qr = {"instance": inst.name, "pairingCode": frame.pairing_code, "code": frame.code}
                    pending.append((inst, "qrcode.updated", {"qrcode": qr}))
                seen.qr_key = qr_key
                if inst.deleted_at is not None and not seen.deleted:
                    seen.deleted = True
                    pending.extend(self._deleted(inst))
            looked_at = set(self._watch) if full else subscribed
            for name in [n for n in looked_at if n not in present]:
                self._watch.pop(name, None)
                with self._lock:
                    self._subscriptions.pop(name, None)
        server = self._server
        listened = server is not None and bool(server.eio.sockets)
        for inst, event, data in pending:
            if event == "qrcode.updated" and "qrcode" in data:
                # The PNG takes tens of milliseconds of interpreter time: rendered outside the state lock, as the
                # HTTP layer does, and only for a client that can receive it (the emit still opens namespaces).
                data["qrcode"]["base64"] = png_data_url(data["qrcode"]["code"]) if listened else None
            self._emit(inst, event, data)

    def _transition(self, inst: Instance, what: str) -> list[tuple[Instance, str, Any]]:
        logged_out = False
        if what == CLOSE:
            with self._lock:
                logged_out = inst.name in self._logouts
                self._logouts.discard(inst.name)
        return transition_events(inst, what, logged_out=logged_out, v1=self._api.v1)

    def _deleted(self, inst: Instance) -> list[tuple[Instance, str, Any]]:
        return deleted_events(inst, v1=self._api.v1)

    # -- emitting --------------------------------------------------------------------------------------------

    def _emit(self, inst: Instance, event: str, data: Any) -> None:
        sender = inst.owner_jid if inst.owner_jid else None
        self._emit_envelope(inst.name, event, data, token=inst.token, sender=sender)

    def _emit_envelope(self, name: str, event: str, data: Any, *, token: str | None, sender: str | None) -> None:
        if not self.enabled:
            return
        message: dict[str, Any] = {
            "event": event,
            "instance": name,
            "data": data,
            "server_url": self._api.base_url(),
            "date_time": local_time_with_z(),
        }
        if sender:
            message["sender"] = sender
        message["apikey"] = token
        server = self._server
        with self._lock:
            global_events = self.global_events
            row = self._subscriptions.get(name)
            subscribed = row is not None and row["enabled"] and event_constant(event) in row["events"]
            if subscribed:
                self._namespaces.add("/" + name)
        if server is None:
            self.emitted += int(global_events) + int(subscribed)
            return
        if global_events:
            server.emit(event, message, namespace="/")
            self.emitted += 1
        if subscribed:
            server.emit(event, message, namespace="/" + name)
            self.emitted += 1


__all__ = ["ALL_EVENTS", "LOOPBACK_HOSTS", "SimEvents"]
