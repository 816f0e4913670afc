"""Socket.IO on the simulator's own HTTP handler: the WSGI environ python-socketio reads, and refusals written.

The simulator serves ``/socket.io/`` on the port of its REST API, as the real server attaches socket.io to its
HTTP server; :class:`~evodesk.simulator.events.SimEvents` hands each such request to python-socketio's WSGI app,
after the checks engine.io makes first (:func:`engineio_refusal`), whose answers python-socketio words otherwise.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Container, Mapping
from typing import Any


def wsgi_environ(handler: Any, path: str, query: str, raw: bytes, *, https: bool) -> dict[str, Any]:
    """The WSGI environ of one request read by the simulator's HTTP handler (its body already read: ``raw``)."""
    host, port = handler.server.server_address[:2]
    environ: dict[str, Any] = {
        "REQUEST_METHOD": handler.command,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": str(host),
        "SERVER_PORT": str(port),
        "SERVER_PROTOCOL": handler.request_version,
        "REMOTE_ADDR": handler.client_address[0],
        "CONTENT_TYPE": handler.headers.get("Content-Type") or "",
        "CONTENT_LENGTH": str(len(raw)),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https" if https else "http",
        "wsgi.input": io.BytesIO(raw),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for name, value in handler.headers.items():
        key = "HTTP_" + name.upper().replace("-", "_")
        if key not in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
            environ[key] = value
    return environ


def write_closing(handler: Any, status: int, content_type: str, body: bytes) -> None:
    """Answer without python-socketio (a refused handshake or upgrade), and close the connection after it."""
    handler.close_connection = True
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def engineio_refusal(
    handler: Any,
    query: Mapping[str, str],
    *,
    upgrade: bool,
    sessions: Container[str],
    allowed_hosts: Container[str],
    key_refusal: Callable[[str | None], str | None],
) -> tuple[int, str] | None:
    """engine.io's checks before python-socketio, in its order: ``(code, message)`` of a refusal, else None.

    The transport, then a known session (``sessions``) or a GET handshake, then Evolution's ``allowRequest``
    (``key_refusal`` of the key, unless the client's address is in ``allowed_hosts`` and ``EIO`` is in the
    query), then the protocol version (EIO 4 only).
    """
    if query.get("transport") not in ("polling", "websocket"):
        return 0, "Transport unknown"
    if "sid" in query:
        return None if query["sid"] in sessions else (1, "Session ID unknown")
    if handler.command != "GET":
        return 2, "Bad handshake method"
    if query["transport"] == "websocket" and not upgrade:
        return 3, "Bad request"
    allowed = "*" in allowed_hosts or handler.client_address[0] in allowed_hosts
    if not (allowed and "EIO" in query):
        refusal = key_refusal(query.get("apikey") or handler.headers.get("apikey"))
        if refusal is not None:
            return 4, refusal
    if query.get("EIO") != "4":
        return 5, "Unsupported protocol version"
    return None
