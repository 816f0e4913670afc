"""Evolution's Socket.IO events (evolution-api.md sections 6.4-6.5) as a stream of :class:`InstanceEvent` values.

:class:`EventStream` runs python-socketio's synchronous client (Socket.IO protocol 5, the server's socket.io 4.x)
on threads of its own, and never touches Qt:

* a capability probe first (``GET /socket.io/?EIO=4&transport=polling``): 200 means events are on, 403 that the
  key is refused, 404 that the server runs with ``WEBSOCKET_ENABLED=false``: evodesk polls and says why;
* the websocket transport, long-polling when the websocket cannot be opened (a proxy that refuses upgrades);
* the key in the ``apikey`` header (the server ignores the Socket.IO ``auth`` payload, and a header keeps the key
  out of every URL a library might log); TLS exactly as :class:`~evodesk.evolution.EvolutionClient` does it;
* global mode (every instance on ``/``) once an event arrives there, else the namespace ``/NAME`` of every watched
  instance, joined one at a time: the server creates a namespace only when it first emits there, so a join is
  refused with "Invalid namespace" until then and retried with growing delays, each namespace on its own;
* reconnects with growing back-off, and ``on_resync`` after every connect: nothing missed is ever replayed;
* events evodesk does not use (``messages.upsert`` floods a busy server in global mode) are dropped by their name,
  before their payload is decoded; duplicates (v1.8 sends some twice) are collapsed.

The envelopes carry instance tokens (``apikey``): nothing here logs an envelope or keeps its token. Callbacks run
on the stream's threads: they must be quick and must not block (hand the work to another thread).
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import evodesk.evolution.parsing as parsing
from evodesk.domain import InstanceEvent, LiveMode, LiveReason, LiveStatus
from evodesk.evolution.backoff import Backoff
from evodesk.evolution.socketio_client import KINDS, client_classes, requests_session
from evodesk.evolution.tls import build_ssl_context

logger = logging.getLogger("evodesk.events")

# What a chip evodesk creates (or subscribes) asks the server to send on its namespace.
SUBSCRIBED_EVENTS: tuple[str, ...] = (
    "QRCODE_UPDATED",
    "CONNECTION_UPDATE",
    "STATUS_INSTANCE",
    "LOGOUT_INSTANCE",
    "REMOVE_INSTANCE",
)
_REDACTED = "***"
_MIN_REDACTED_KEY = 6
# Socket.IO packet namespaces end at "," and "?": an instance name with either cannot be a namespace.
_NAMESPACE_UNSAFE = frozenset(",?")
# Delays of the extra join attempts after a nudge (seconds).
_NUDGE_RETRIES = (0.1, 0.3, 1.0)


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """What ``/socket.io/?EIO=4&transport=polling`` answered: ``reason`` None means events are on."""

    reason: LiveReason | None
    status: int | None = None
    detail: str | None = None


class _JoinAttempt:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.ok = False
        self.message: str | None = None


class EventStream:
    """Live events of one Evolution server, on threads of its own (see the module docstring).

    ``url`` is the server URL (the client's ``base_url``; Socket.IO is served on the same host and port).
    ``verify`` is as for :class:`~evodesk.evolution.EvolutionClient`. ``mode`` is ``"auto"`` (global mode once
    an event arrives on ``/``, instance namespaces meanwhile), ``"global"`` or ``"instance"``.
    Callbacks: ``on_event(InstanceEvent)``, ``on_status(LiveStatus)`` and ``on_resync()`` (after every connect).
    ``backoff`` paces reconnects, a copy of ``namespace_backoff`` each namespace's joins; ``recheck_after`` is
    the delay before probing again a server whose events are off or which refused the key. ``clock`` and ``waiter`` (how
    the stream's thread waits: ``waiter(event, seconds)``, returning early when ``event`` is set) are
    injectable for tests.
    """

    def __init__(
        self,
        url: str,
        api_key: str,
        *,
        verify: bool | str = True,
        mode: str = "auto",
        on_event: Callable[[InstanceEvent], None] | None = None,
        on_status: Callable[[LiveStatus], None] | None = None,
        on_resync: Callable[[], None] | None = None,
        backoff: Backoff | None = None,
        namespace_backoff: Backoff | None = None,
        recheck_after: float = 60.0,
        stable_after: float = 10.0,
        timeout: float = 10.0,
        transports: tuple[str, ...] = ("websocket", "polling"),
        dedup_window: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        waiter: Callable[[threading.Event, float], None] | None = None,
    ) -> None:
        if mode not in ("auto", "global", "instance"):
            raise ValueError("mode is one of auto, global, instance")
        split = urlsplit(url.strip())
        if split.scheme not in ("http", "https") or not split.hostname:
            raise ValueError("the events URL must be http(s)://host[:port][/path]")
        self._url = f"{split.scheme}://{split.netloc}"
        prefix = split.path.strip("/")
        self._socketio_path = f"{prefix}/socket.io" if prefix else "socket.io"
        self._https = split.scheme == "https"
        self._loopback = split.hostname in ("localhost", "127.0.0.1", "::1")
        self._api_key = api_key.strip()
        self._ssl_context = build_ssl_context(verify, https=self._https)
        self.mode = mode
        self._on_event = on_event
        self._on_status = on_status
        self._on_resync = on_resync
        self._backoff = backoff or Backoff(0.5, maximum=30.0)
        self._namespace_backoff = namespace_backoff or Backoff(1.0, maximum=60.0)
        self._recheck_after = recheck_after
        self._stable_after = stable_after
        self._timeout = timeout
        self._transports = transports
        self._dedup_window = dedup_window
        self._clock = clock
        self._waiter = waiter or (lambda event, seconds: event.wait(seconds) and None)

        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._client: Any = None
        self._connected = threading.Event()
        self._global = mode == "global"
        self._watched: set[str] = set()
        self._joined: set[str] = set()
        self._due: dict[str, float] = {}
        self._ns_backoff: dict[str, Backoff] = {}
        self._quick: dict[str, list[float]] = {}
        self._joins: dict[str, _JoinAttempt] = {}
        self._recent: OrderedDict[tuple[object, ...], float] = OrderedDict()
        self._status = LiveStatus(LiveMode.CONNECTING)
        self.counters = {"received": 0, "delivered": 0, "ignored": 0, "duplicates": 0, "connects": 0}

    def __repr__(self) -> str:
        return f"EventStream(url={self._url!r}, api_key={_REDACTED})"

    # -- public --------------------------------------------------------------------------------------------

    @property
    def status(self) -> LiveStatus:
        """The latest status (also reported to ``on_status`` whenever it changes)."""
        with self._lock:
            return self._status

    @property
    def transport(self) -> str | None:
        """``"websocket"`` or ``"polling"`` while connected, else None."""
        with self._lock:
            client = self._client
        if client is None or not self._connected.is_set():
            return None
        return str(client.transport())

    @property
    def global_events(self) -> bool:
        """True once the server is known to send every instance's events on ``/``."""
        return self._global

    def set_callbacks(
        self,
        *,
        on_event: Callable[[InstanceEvent], None] | None = None,
        on_status: Callable[[LiveStatus], None] | None = None,
        on_resync: Callable[[], None] | None = None,
    ) -> None:
        """Replace the callbacks (before :meth:`start`)."""
        self._on_event = on_event
        self._on_status = on_status
        self._on_resync = on_resync

    def start(self) -> None:
        """Start the stream's thread (probe, connect, join); returns at once."""
        with self._lock:
            if self._thread is not None:
                return
            self._stopping.clear()
            self._thread = threading.Thread(target=self._run, name="evodesk-events", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Disconnect and end the thread; the stream can be started again afterwards."""
        with self._lock:
            thread, self._thread = self._thread, None
            self._stopping.set()
            self._wake.set()
            client = self._client
        if client is not None:
            self._close_client(client)
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def watch(self, names: Collection[str]) -> None:
        """The instances whose namespaces to join (per-instance mode); others are left."""
        wanted = {name for name in names if name and not (_NAMESPACE_UNSAFE & set(name))}
        with self._lock:
            added = wanted - self._watched
            self._watched = wanted
            now = self._clock()
            for name in added:
                self._due.setdefault(name, now)
            for name in list(self._due):
                if name not in wanted:
                    self._due.pop(name, None)
                    self._ns_backoff.pop(name, None)
                    self._quick.pop(name, None)
            gone = self._joined - wanted
            self._joined -= gone
            client = self._client
        if client is not None:
            for name in gone:
                try:
                    client.leave("/" + name)
                except Exception:  # the connection is going away anyway
                    logger.debug("leaving an instance namespace failed", exc_info=True)
        self._wake.set()

    def nudge(self, name: str) -> None:
        """Try ``name``'s namespace again now (the operator just asked the server to act on it)."""
        with self._lock:
            if name in self._watched and name not in self._joined:
                self._due[name] = self._clock()
                self._ns_backoff.pop(name, None)
                # The server may emit a moment after answering the request that made it: a few quick retries
                # before the namespace's own back-off.
                self._quick[name] = list(_NUDGE_RETRIES)
        self._wake.set()

    def hears(self, name: str) -> bool:
        """True while events of ``name`` arrive: the stream is live and global, or its namespace is joined."""
        with self._lock:
            if not self._connected.is_set():
                return False
            return self._global or name in self._joined

    def probe(self) -> ProbeResult:
        """``GET /socket.io/?EIO=4&transport=polling`` with the key: can this server push events to us?"""
        import httpx

        path = "/" + self._socketio_path + "/"
        try:
            with httpx.Client(
                verify=self._ssl_context, timeout=self._timeout, trust_env=not self._loopback, follow_redirects=False
            ) as http:
                response = http.get(
                    self._url + path, params={"EIO": "4", "transport": "polling"}, headers={"apikey": self._api_key}
                )
                if response.status_code == 200 and response.text.startswith("0{"):
                    # The probe opened an Engine.IO session: close it rather than leave it to time out.
                    sid = _sid_of(response.text)
                    if sid:
                        with contextlib.suppress(httpx.HTTPError):
                            http.post(
                                self._url + path,
                                params={"EIO": "4", "transport": "polling", "sid": sid},
                                headers={"apikey": self._api_key},
                                content=b"1",
                            )
                    return ProbeResult(None, 200)
        except httpx.ConnectError as exc:
            reason = LiveReason.TLS_FAILED if "ssl" in str(exc).lower() or "certificate" in str(exc).lower() else None
            return ProbeResult(reason or LiveReason.UNREACHABLE, None, self._redact(f"{type(exc).__name__}: {exc}"))
        except httpx.HTTPError as exc:
            return ProbeResult(LiveReason.UNREACHABLE, None, self._redact(f"{type(exc).__name__}: {exc}"))
        status = response.status_code
        said = self._redact(parsing.server_message(_json_or_none(response.content)) or "")
        if status in (401, 403):
            return ProbeResult(LiveReason.KEY_REFUSED, status, said or None)
        if status == 404:
            return ProbeResult(LiveReason.EVENTS_OFF, status, said or None)
        if status >= 500:
            return ProbeResult(LiveReason.UNREACHABLE, status, said or None)
        return ProbeResult(LiveReason.NOT_SOCKET_IO, status, said or None)

    # -- the stream's thread -------------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._loop()
        except Exception:  # a defect must not pass silently, nor take the window with it
            logger.exception("event stream stopped by an unexpected error")
            self._set_status(LiveStatus(LiveMode.POLLING, LiveReason.DISCONNECTED, detail="internal error"))

    def _loop(self) -> None:
        while not self._stopping.is_set():
            probe = self.probe()
            if self._stopping.is_set():
                return
            if probe.reason is not None:
                slow = probe.reason in (LiveReason.EVENTS_OFF, LiveReason.KEY_REFUSED, LiveReason.NOT_SOCKET_IO)
                delay = max(self._recheck_after, self._backoff.next()) if slow else self._backoff.next()
                logger.info("events unavailable (%s%s); polling", probe.reason.value, _status_text(probe.status))
                self._set_status(LiveStatus(LiveMode.POLLING, probe.reason, retry_in=delay, detail=probe.detail))
                self._pause(delay)
                continue
            client = self._open()
            if client is None:
                continue
            connected_at = self._clock()
            self._serve(client)
            self._close_client(client)
            if self._stopping.is_set():
                return
            if self._clock() - connected_at >= self._stable_after:
                self._backoff.reset()
            delay = self._backoff.next()
            logger.info("event stream disconnected; reconnecting in %.1f s", delay)
            self._set_status(LiveStatus(LiveMode.POLLING, LiveReason.DISCONNECTED, retry_in=delay))
            self._pause(delay)

    def _pause(self, seconds: float) -> None:
        self._wake.clear()
        if not self._stopping.is_set():
            self._waiter(self._wake, seconds)

    def _open(self) -> Any:
        client_class, packet_class = client_classes()
        last_error = ""
        for transport in self._transports:
            client = client_class(
                reconnection=False,
                serializer=packet_class,
                logger=False,
                engineio_logger=False,
                request_timeout=self._timeout,
                http_session=requests_session(self._ssl_context, trust_env=not self._loopback),
                # websocket-client checks UTF-8 in pure Python, one character at a time (about 1 ms for a 1 KB
                # message, measured): the frame is decoded with Python's own (C) UTF-8 decoder right after.
                websocket_extra_options={"sslopt": {"context": self._ssl_context}, "skip_utf8_validation": True},
            )
            client.on("*", self._on_any, namespace="*")
            client.on("connect", self._on_connect, namespace="*")
            client.on("connect_error", self._on_connect_error, namespace="*")
            client.on("disconnect", self._on_disconnect, namespace="*")
            with self._lock:
                self._client = client
                self._joined.clear()
                self._joins.clear()
            try:
                client.connect(
                    self._url,
                    headers={"apikey": self._api_key},
                    transports=[transport],
                    namespaces=["/"],
                    socketio_path=self._socketio_path,
                    wait_timeout=self._timeout,
                )
            except Exception as exc:
                last_error = self._redact(f"{transport}: {type(exc).__name__}: {exc}")
                logger.info("event stream could not connect over %s: %s", transport, last_error)
                self._close_client(client)
                if self._stopping.is_set():
                    return None
                continue
            logger.info("event stream connected over %s", transport)
            self.counters["connects"] += 1
            self._connected.set()
            with self._lock:
                now = self._clock()
                for name in self._watched:
                    self._due[name] = now
                    self._ns_backoff.pop(name, None)
            self._report_live()
            if self._on_resync is not None:
                self._on_resync()
            return client
        delay = self._backoff.next()
        self._set_status(
            LiveStatus(LiveMode.POLLING, LiveReason.UNREACHABLE, retry_in=delay, detail=last_error or None)
        )
        self._pause(delay)
        return None

    def _serve(self, client: Any) -> None:
        """While connected: join due namespaces one at a time, then sleep until the next is due or a change."""
        while not self._stopping.is_set() and self._connected.is_set() and client.connected:
            # Cleared before looking, so a watch() or nudge() made while looking still wakes the wait below.
            self._wake.clear()
            name = self._next_due()
            if name is not None:
                self._join(client, name)
                continue
            with self._lock:
                upcoming = [due for n, due in self._due.items() if n not in self._joined]
            wait = min(upcoming) - self._clock() if upcoming and not self._global and self.mode != "global" else 5.0
            if not self._connected.is_set() or self._stopping.is_set():
                break
            self._waiter(self._wake, max(0.01, min(wait, 5.0)))

    def _next_due(self) -> str | None:
        if self.mode == "global" or self._global:
            return None
        now = self._clock()
        with self._lock:
            due = [(at, n) for n, at in self._due.items() if n not in self._joined and at <= now]
        return min(due)[1] if due else None

    def _join(self, client: Any, name: str) -> None:
        namespace = "/" + name
        attempt = _JoinAttempt()
        with self._lock:
            self._joins[namespace] = attempt
        try:
            client.join(namespace)
        except Exception as exc:
            logger.info("joining an instance namespace failed: %s", type(exc).__name__)
            attempt.done.set()
        # The server answers a join at once; a lost answer must not hold the other namespaces up for long.
        attempt.done.wait(min(self._timeout, 3.0))
        with self._lock:
            self._joins.pop(namespace, None)
            if attempt.ok:
                self._joined.add(name)
                self._due.pop(name, None)
                self._ns_backoff.pop(name, None)
                self._quick.pop(name, None)
            elif name in self._watched:
                quick = self._quick.get(name)
                if quick:
                    self._due[name] = self._clock() + quick.pop(0)
                else:
                    self._quick.pop(name, None)
                    backoff = self._ns_backoff.setdefault(name, self._namespace_backoff.copy())
                    self._due[name] = self._clock() + backoff.next()
        if attempt.ok:
            self._report_live()

    def _report_live(self) -> None:
        with self._lock:
            joined = len(self._joined)
            waiting = 0 if self._global else len(self._watched - self._joined)
        self._set_status(LiveStatus(LiveMode.LIVE, global_events=self._global, namespaces=joined, waiting=waiting))

    def _close_client(self, client: Any) -> None:
        self._connected.clear()
        try:
            if client.transport() == "polling":
                # python-engineio drops the close packet of a polling client and then waits for the pending long
                # poll (up to the server's 25 s ping interval): end it at once; the server times the session out.
                client.eio.disconnect(abort=True)
            else:
                client.disconnect()
        except Exception:  # already gone: nothing to release
            logger.debug("event stream client was already closed", exc_info=True)
        with self._lock:
            if self._client is client:
                self._client = None
            self._joined.clear()
        self._wake.set()

    def _set_status(self, status: LiveStatus) -> None:
        with self._lock:
            if status == self._status:
                return
            self._status = status
        if self._on_status is not None:
            self._on_status(status)

    # -- socket.io handlers (the client's threads) -------------------------------------------------------

    def _on_connect(self, namespace: str) -> None:
        with self._lock:
            attempt = self._joins.get(namespace)
        if attempt is not None:
            attempt.ok = True
            attempt.done.set()

    def _on_connect_error(self, namespace: str, data: object = None) -> None:
        with self._lock:
            attempt = self._joins.get(namespace)
        if attempt is not None:
            attempt.message = parsing.message_text(data.get("message") if isinstance(data, Mapping) else data)
            attempt.done.set()

    def _on_disconnect(self, namespace: str, reason: object = None) -> None:
        if namespace == "/":
            self._connected.clear()
        else:
            with self._lock:
                name = namespace[1:]
                self._joined.discard(name)
                if name in self._watched:
                    self._due[name] = self._clock()
        self._wake.set()

    def _on_any(self, event: str, namespace: str, *args: object) -> None:
        self.counters["received"] += 1
        if namespace == "/" and not self._global and self.mode != "instance":
            self._global = True
            logger.info("the server sends global events; instance namespaces are not needed")
            self._report_live()
            self._wake.set()
        kind = KINDS.get(event)
        if kind is None or not args:
            self.counters["ignored"] += 1
            return
        payload = args[0]
        parsed = parsing.parse_event(kind, payload, global_channel=namespace == "/")
        if parsed is None:
            self.counters["ignored"] += 1
            return
        stamp = payload.get("date_time") if isinstance(payload, Mapping) else None
        if self._duplicate(parsed, stamp):
            self.counters["duplicates"] += 1
            return
        self.counters["delivered"] += 1
        if self._on_event is not None:
            self._on_event(parsed)

    def _duplicate(self, event: InstanceEvent, stamp: object) -> bool:
        qr_code = event.qr.code if event.qr is not None else None
        key = (
            event.kind,
            event.instance,
            event.state,
            event.status_reason,
            event.status,
            qr_code,
            event.qr_limit_reached,
            stamp if isinstance(stamp, str) else None,
        )
        now = self._clock()
        with self._lock:
            while self._recent:
                oldest_key, at = next(iter(self._recent.items()))
                if now - at <= self._dedup_window and len(self._recent) <= 1024:
                    break
                del self._recent[oldest_key]
            if key in self._recent:
                return True
            self._recent[key] = now
            return False

    def _redact(self, text: str) -> str:
        if len(self._api_key) >= _MIN_REDACTED_KEY:
            text = text.replace(self._api_key, _REDACTED)
        return text


def _sid_of(text: str) -> str | None:
    try:
        opened = json.loads(text[1:].split("\x1e", 1)[0])
    except ValueError:
        return None
    sid = opened.get("sid") if isinstance(opened, dict) else None
    return sid if isinstance(sid, str) else None


def _json_or_none(content: bytes) -> object:
    try:
        return json.loads(content)
    except ValueError:
        return None


def _status_text(status: int | None) -> str:
    return f", HTTP {status}" if status is not None else ""


__all__ = ["SUBSCRIBED_EVENTS", "Backoff", "EventStream", "ProbeResult"]
