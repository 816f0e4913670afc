"""A raw-socket HTTP server that misbehaves on purpose: it writes exactly the bytes a test scripts, when it says.

The simulator speaks HTTP properly (through ``http.server``), so it cannot drip a status line a byte at a time,
send more bytes than its ``Content-Length``, or stream gigabytes. This server reads each request (head and body)
on a loopback socket and hands it to ``answer(request, connection)``, which writes whatever it likes with
:meth:`Connection.send` / :meth:`Connection.drip`; afterwards the connection waits for the next request (keep-
alive) unless the answer returned ``False``. Every request is logged with the connection it came on.

Sending stops quietly when the client goes away (that is what a deadline or a cap does to a hostile answer).
"""

from __future__ import annotations

import json
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field


class ClientGone(Exception):
    """The client closed the connection (or reset it) while the server was writing."""


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    connection: int  # 1, 2, ... in the order connections were accepted


@dataclass
class Connection:
    sock: socket.socket
    number: int
    sent: int = 0

    def send(self, data: bytes) -> None:
        try:
            self.sock.sendall(data)
        except OSError as exc:
            raise ClientGone from exc
        self.sent += len(data)

    def drip(self, data: bytes, every: float, size: int = 1) -> None:
        """Send ``data`` ``size`` bytes at a time, one piece every ``every`` seconds."""
        for start in range(0, len(data), size):
            self.send(data[start : start + size])
            time.sleep(every)

    def stream(self, pieces: Iterable[bytes]) -> None:
        for piece in pieces:
            self.send(piece)


Answer = Callable[[Request, Connection], "bool | None"]


@dataclass
class HostileServer:
    answer: Answer
    requests: list[Request] = field(default_factory=list)
    connections: int = 0
    sent: int = 0

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []
        self._acceptor = threading.Thread(target=self._accept, name="hostile-accept", daemon=True)
        self._acceptor.start()

    def close(self) -> None:
        self._stop.set()
        self._acceptor.join(5)
        with self._lock:
            for sock in self._sockets:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
        for thread in self._threads:
            thread.join(5)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                sock, _address = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self.connections += 1
                number = self.connections
                self._sockets.append(sock)
            thread = threading.Thread(target=self._serve, args=(sock, number), name=f"hostile-{number}", daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket, number: int) -> None:
        connection = Connection(sock, number)
        buffer = b""
        try:
            while not self._stop.is_set():
                request, buffer = _read_request(sock, buffer, number)
                if request is None:
                    return
                with self._lock:
                    self.requests.append(request)
                try:
                    keep = self.answer(request, connection)
                except ClientGone:
                    return
                finally:
                    with self._lock:
                        self.sent += connection.sent
                    connection.sent = 0
                if keep is False:
                    return
        except OSError:
            return
        finally:
            with suppress(OSError):
                sock.close()


def _read_request(sock: socket.socket, buffer: bytes, number: int) -> tuple[Request | None, bytes]:
    while b"\r\n\r\n" not in buffer:
        data = sock.recv(65536)
        if not data:
            return None, b""
        buffer += data
    head, _, rest = buffer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _version = lines[0].split(" ", 2)
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        data = sock.recv(65536)
        if not data:
            return None, b""
        rest += data
    return Request(method, path, headers, rest[:length], number), rest[length:]


@contextmanager
def hostile(answer: Answer) -> Iterator[HostileServer]:
    server = HostileServer(answer)
    try:
        yield server
    finally:
        server.close()


def sends(raw: bytes) -> Answer:
    """An answer that writes ``raw`` to every request and keeps the connection."""

    def answer(request: Request, connection: Connection) -> bool:
        connection.send(raw)
        return True

    return answer


# -- answers ----------------------------------------------------------------------------------------------------


def response(body: bytes, *, status: str = "200 OK", headers: dict[str, str] | None = None) -> bytes:
    """A well-formed HTTP/1.1 answer with a ``Content-Length``."""
    fields = {"Content-Type": "application/json", "Content-Length": str(len(body)), **(headers or {})}
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{name}: {value}\r\n" for name, value in fields.items()) + "\r\n"
    return head.encode("latin-1") + body


def json_response(payload: object, *, status: str = "200 OK") -> bytes:
    return response(json.dumps(payload).encode(), status=status)


WELCOME = json_response({"status": 200, "message": "Welcome to the Evolution API", "version": "2.3.7"})


def chunked_head(headers: dict[str, str] | None = None) -> bytes:
    fields = {"Content-Type": "application/json", "Transfer-Encoding": "chunked", **(headers or {})}
    return ("HTTP/1.1 200 OK\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n").encode()


def chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def gzip_bomb(inflated: int) -> bytes:
    """A gzip body of about ``inflated`` bytes of JSON-looking array (about 1/1000 of the size on the wire)."""
    return _bomb(inflated, zlib.MAX_WBITS | 16)


def deflate_bomb(inflated: int) -> bytes:
    """The same as a zlib-wrapped deflate body."""
    return _bomb(inflated, zlib.MAX_WBITS)


def _bomb(inflated: int, wbits: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = b" " * (1024 * 1024)
    parts = [compressor.compress(b"[")]
    for _ in range(inflated // len(block)):
        parts.append(compressor.compress(block))
    parts.append(compressor.compress(b"]"))
    parts.append(compressor.flush())
    return b"".join(parts)
