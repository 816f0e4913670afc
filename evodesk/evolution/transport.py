"""What the client adds under httpx: a deadline for the whole call, and no reuse of a connection out of step.

httpx bounds each socket operation, not a call: a server that sends one byte a second, in the status line, the
headers or the body, keeps every read shorter than any read timeout and holds the call for as long as it likes.
:class:`DeadlineBackend` wraps the network backend of httpcore's connection pool so that every name lookup,
connect, TLS handshake, read and write waits at most until the deadline of the call running on this thread (set
with :func:`deadline`): the call ends at its deadline, whatever the server (or the resolver) does.

It also counts the bytes each connection received since its last request was sent, so the client can tell
whether an answer carried more bytes than its head and its ``Content-Length`` (:func:`surplus`): such bytes
stay queued in the HTTP parser and would be handed to the next request as its answer. A connection found so is
marked as unusable (:func:`discard`), and the pool drops it instead of reusing it.
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import httpx

_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("evodesk_call_deadline", default=None)
# The end of a response head (h11 accepts a bare LF as a line break, so the blank line may be "\n\n").
_HEAD_END = re.compile(rb"\r?\n\r?\n")
# More than any real response head; h11 itself refuses heads over 16 KiB.
_HEAD_KEPT = 64 * 1024


@contextlib.contextmanager
def deadline(at: float) -> Iterator[None]:
    """Every network operation of this thread inside the block ends by ``at`` (``time.monotonic()``)."""
    token = _DEADLINE.set(at)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _bounded(timeout: float | None, expired: type[Exception]) -> float | None:
    at = _DEADLINE.get()
    if at is None:
        return timeout
    remaining = at - time.monotonic()
    if remaining <= 0:
        raise expired("the call's deadline has passed")
    return remaining if timeout is None else min(timeout, remaining)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every operation ends by the call's deadline, and which counts what it receives."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner
        self._head = bytearray()
        self.received = 0
        self.unusable = False

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))
        self.received += len(data)
        if len(self._head) < _HEAD_KEPT:
            self._head += data[: _HEAD_KEPT - len(self._head)]
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # A new request: what the connection receives from now on is its answer.
        self._head.clear()
        self.received = 0
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout, httpcore.ConnectTimeout))
        return DeadlineStream(inner)

    def get_extra_info(self, info: str) -> Any:
        # httpcore drops an idle connection whose socket is readable (the server closed it): an unusable one is
        # reported so, and is closed instead of being handed the next request.
        if info == "is_readable" and self.unusable:
            return True
        return self._inner.get_extra_info(info)

    def head_length(self) -> int | None:
        """The length of the response head received since the last request, or None if not found."""
        match = _HEAD_END.search(self._head)
        return match.end() if match is not None else None


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's network backend with the call's deadline applied to every operation."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        if _DEADLINE.get() is None:
            return DeadlineStream(self._inner.connect_tcp(host, port, timeout, local_address, socket_options))
        options = list(socket_options) if socket_options is not None else None
        addresses = _resolve(host, port, _bounded(timeout, httpcore.ConnectTimeout))
        failure: Exception | None = None
        for index, (address, address_port) in enumerate(addresses):
            # socket.create_connection would give every address the whole timeout (a name with three addresses
            # that drop packets: three timeouts). Each gets an equal share of what is left instead, so one that
            # drops packets (a broken IPv6 route) still leaves time for the next.
            remaining = _bounded(timeout, httpcore.ConnectTimeout)
            share = remaining / (len(addresses) - index) if remaining is not None else None
            try:
                stream = self._inner.connect_tcp(address, address_port, share, local_address, options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return DeadlineStream(stream)
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_unix_socket(path, _bounded(timeout, httpcore.ConnectTimeout), socket_options)
        return DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _resolve(host: str, port: int, timeout: float | None) -> list[tuple[str, int]]:
    """The addresses of ``host``, looked up within ``timeout`` seconds.

    getaddrinfo cannot be interrupted (a resolver that does not answer holds it for tens of seconds), so it runs
    on a thread of its own and the call stops waiting at the deadline; the lookup ends by itself later.
    """
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    else:
        return [(host, port)]  # an address already: nothing to look up
    found: list[tuple[str, int]] = []
    failed: list[OSError] = []
    done = threading.Event()

    def lookup() -> None:
        try:
            for *_kind, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
                found.append((str(sockaddr[0]), int(sockaddr[1])))
        except OSError as exc:
            failed.append(exc)
        finally:
            done.set()

    threading.Thread(target=lookup, name=f"resolve {host}", daemon=True).start()
    if not done.wait(timeout):
        raise httpcore.ConnectTimeout(f"the name {host} could not be looked up within the call's deadline")
    if failed:
        raise httpcore.ConnectError(str(failed[0]))
    if not found:
        raise httpcore.ConnectError(f"the name {host} has no address")
    return found


def install(client: httpx.Client) -> int:
    """Put :class:`DeadlineBackend` under every httpx transport of ``client``; returns how many it wrapped.

    httpx offers no public way to pass a network backend to the pools it builds (its own transport, and one per
    proxy taken from the environment), so the pools' backend attribute is replaced. A test (a server dripping
    its status line) fails if a future httpx moves it. Transports that are not httpx's own (tests' mock
    transports) have no network and are left alone.
    """
    transports = [client._transport, *client._mounts.values()]
    wrapped = 0
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is None or isinstance(backend, DeadlineBackend):
            continue
        pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]
        wrapped += 1
    return wrapped


def surplus(response: httpx.Response, body_bytes: int) -> bool:
    """Whether the connection of a fully read ``response`` received more than its head and ``body_bytes``.

    Only answers framed by ``Content-Length`` can be checked; for any other framing (chunked, a 1xx before the
    answer, a head not found) the answer cannot be proven to have ended where the parser stopped, so this also
    returns True: such a connection is not reused either.
    """
    stream = response.extensions.get("network_stream")
    if not isinstance(stream, DeadlineStream):
        return False  # no network under this response (a mock transport)
    length = response.headers.get("content-length")
    head = stream.head_length()
    if head is None or length is None or not length.strip().isdigit():
        return True
    return stream.received != head + body_bytes or int(length) != body_bytes


def discard(response: httpx.Response) -> None:
    """Never hand the connection of ``response`` another request."""
    stream = response.extensions.get("network_stream")
    if isinstance(stream, DeadlineStream):
        stream.unusable = True
