"""The request pipeline under every route of :class:`~evodesk.evolution.client.EvolutionClient`.

Every call goes through :meth:`ClientCore._call`, so every route returns a domain value or raises an
:class:`EvolutionError` subclass; nothing else escapes, whatever the server (or a proxy in front of it) sends
back. How answers map to errors:

========================================================  =================================================
Answer                                                    Error
========================================================  =================================================
network error, TLS failure                                ``EvolutionUnavailable``
no whole answer within the call's timeout                 ``ServerTooSlow`` (an ``EvolutionUnavailable``)
an answer longer than the call may read                   ``AnswerTooLarge`` (an ``EvolutionUnavailable``)
any 5xx (2.4's 503 ``LICENSE_REQUIRED`` gets its own text)  ``EvolutionUnavailable``
a 2xx body that is not JSON (restart's body is ignored)   ``EvolutionUnavailable``
circuit breaker open                                      ``EvolutionUnavailable(circuit_open=True)``
401                                                       ``EvolutionAuthError``
403 on create                                             ``InstanceNameTaken``
404 ``Cannot <METHOD> /...`` (unknown route)              ``EvolutionRequestError`` (wrong dialect/version)
404 with a JSON body on an instance route                 ``InstanceNotFound``
404 that is not an Evolution answer (HTML, no name)       ``EvolutionRequestError``
400 "... is not connected" on logout                      ``InstanceNotConnected``
any other 4xx, 3xx (redirects are not followed)           ``EvolutionRequestError``
2xx ``{"error": true, ...}`` (connect, restart)           ``EvolutionRequestError``
2xx JSON of an unusable shape                             ``EvolutionRequestError``
========================================================  =================================================

Only ``EvolutionUnavailable`` counts as a failure for the circuit breaker: an answer that proves the server is
up (a 4xx, an odd 2xx) counts as a success. A body that is not JSON at all is treated as "unavailable" because
it almost always comes from something other than the Evolution server (a proxy error page, a captive portal,
a truncated answer); a JSON body of the wrong shape comes from a live server speaking another contract.

A timeout is a deadline for the whole call (connect, request, status line, headers and body), not for each
read: a server that sends one byte a second still ends the call on time (:mod:`evodesk.evolution.transport`).
What a call may read is capped, compressed and decompressed: the answers are read a part at a time and counted,
and gzip and deflate are inflated here, never past the cap. A connection whose answer carried more bytes than
it announced is closed rather than reused.
"""

from __future__ import annotations

import ipaddress
import logging
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Literal, Self, TypeVar
from urllib.parse import quote

import httpx

import evodesk.evolution.parsing as parsing
import evodesk.evolution.transport as deadlines
from evodesk import __version__
from evodesk.domain import Dialect, ServerInfo
from evodesk.evolution.breaker import CircuitBreaker
from evodesk.evolution.errors import (
    AnswerTooLarge,
    EvolutionAuthError,
    EvolutionError,
    EvolutionRequestError,
    EvolutionUnavailable,
    InstanceNameTaken,
    InstanceNotConnected,
    InstanceNotFound,
    ServerTooSlow,
    connect_kind,
)
from evodesk.evolution.inflate import Inflater, Overflow
from evodesk.evolution.tls import build_ssl_context

logger = logging.getLogger("evodesk.evolution")

T = TypeVar("T")
Operation = Literal[
    "server_info",
    "create",
    "connect",
    "connection_state",
    "logout",
    "delete",
    "restart",
    "fetch_instances",
    "find_settings",
    "set_settings",
    "find_proxy",
    "set_proxy",
    "profile_picture_url",
    "update_profile_name",
    "update_profile_status",
    "find_websocket",
    "set_websocket",
]

_REDACTED = parsing.REDACTED
# What one answer may weigh, compressed (on the wire) and decompressed. fetchInstances is the only answer that
# grows with the fleet: the real server's row with every relation filled in is about 3.2 KB of JSON
# (bench/answer_sizes.py), so 10,000 instances make about 30 MiB; 64 MiB holds about 21,000 of them. Every other
# answer is about one instance (the largest, a create or connect answer, carries one QR image).
MAX_LIST_ANSWER_BYTES = 64 * 1024 * 1024
MAX_ANSWER_BYTES = 4 * 1024 * 1024
# An error answer is read for its message only (cut to 500 characters): the rest is not worth waiting for.
MAX_ERROR_ANSWER_BYTES = 64 * 1024
# Only what the inflater (evodesk.evolution.inflate) undoes within the cap is asked for: httpx would add br
# or zstd when installed.
_ACCEPT_ENCODING = "gzip, deflate"
# The server's literal "[object Object]" says nothing; these say what it means for each endpoint.
_OBJECT_OBJECT_HINTS: Mapping[Operation, str] = {
    "connect": "the server knows the instance but has not loaded it (try again after a server restart)",
    "restart": "restart works only on a connected or connecting instance that the server has loaded",
}


class ClientCore:
    """What every route of the client shares: the connection pool, the key, the dialect, the breaker, and
    the pipeline that turns a request into a domain value or an :class:`EvolutionError`."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        timeout: float = 10.0,
        long_timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        verify: bool | str = True,
        breaker: CircuitBreaker | None = None,
        dialect: Dialect | None = None,
        max_answer_bytes: int = MAX_LIST_ANSWER_BYTES,
        max_small_answer_bytes: int = MAX_ANSWER_BYTES,
    ) -> None:
        url = _parse_base_url(base_url)
        self._base_url = str(url).rstrip("/")
        self._display_url = str(url.copy_with(username=None, password=None)).rstrip("/")
        # Pasted keys often carry a space or a line break at either end; inside a key they are a mistake.
        api_key = api_key.strip()
        # A malformed key is refused at every call rather than here, so the application can still open its
        # database and show the chips while it tells the operator what is wrong with the key.
        self._key_problem: EvolutionAuthError | None = None
        if any(ord(char) <= 0x20 or ord(char) > 0x7E for char in api_key):
            self._key_problem = EvolutionAuthError(
                "The API key contains spaces or characters that cannot be sent in an HTTP header; "
                "copy it again from the server's settings"
            )
            api_key = ""
        self._api_key = api_key
        self._timeout = timeout
        self._long_timeout = long_timeout
        self._max_answer_bytes = max_answer_bytes
        self._max_small_answer_bytes = max_small_answer_bytes
        self._breaker = breaker if breaker is not None else CircuitBreaker()
        self._dialect = dialect
        self._dialect_pinned = dialect is not None
        self._closed = False
        headers = {
            "apikey": api_key,
            "User-Agent": f"evodesk/{__version__}",
            "Accept": "application/json",
            "Accept-Encoding": _ACCEPT_ENCODING,
        }
        self._http = httpx.Client(
            headers=headers,
            verify=build_ssl_context(verify, https=url.scheme == "https"),
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            # Proxy variables must not capture the loopback simulator (demo mode, tests).
            trust_env=not _is_loopback(url.host),
        )
        if deadlines.install(self._http) == 0 and transport is None:
            # A newer httpx or httpcore built its pools differently: calls would have no deadline but the read timeout.
            logger.error("the call deadline could not be installed under httpx %s", httpx.__version__)

    def __repr__(self) -> str:
        return f"EvolutionClient(base_url={self._display_url!r}, api_key={_REDACTED})"

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def base_url(self) -> str:
        """The server URL, without a trailing slash."""
        return self._base_url

    @property
    def dialect(self) -> Dialect | None:
        """The contract the server speaks: pinned, detected by :meth:`server_info`, or ``None`` (not known yet)."""
        return self._dialect

    @property
    def breaker(self) -> CircuitBreaker:
        """The circuit breaker guarding this client (shared if one was passed in)."""
        return self._breaker

    def close(self) -> None:
        """Release the connection pool; later calls raise :class:`EvolutionError`."""
        self._closed = True
        self._http.close()

    # -- the server and its dialect ----------------------------------------------------------------------

    def server_info(self) -> ServerInfo:
        """``GET /``: version and dialect (remembered unless a dialect was pinned)."""
        info = self._call("server_info", "GET", "/", self._parsed(parsing.parse_server_info))
        if not self._dialect_pinned:
            self._dialect = info.dialect
        return info

    def _known_dialect(self) -> Dialect:
        """The server's dialect, asked for with ``GET /`` when not known yet (request bodies depend on it)."""
        return self._dialect if self._dialect is not None else self.server_info().dialect

    # -- request pipeline ----------------------------------------------------------------------------------

    def _call(
        self,
        operation: Operation,
        method: str,
        path: str,
        handle: Callable[[Operation, str, _Answer], T],
        *,
        instance: str | None = None,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, object] | None = None,
        long: bool = False,
        large: bool = False,
    ) -> T:
        if self._closed:
            raise EvolutionError("The Evolution API client is closed")
        if self._key_problem is not None:
            raise EvolutionAuthError(self._key_problem.message)
        timeout = self._long_timeout if long else self._timeout
        try:
            request = self._http.build_request(
                method, self._base_url + path, params=params, json=body, timeout=httpx.Timeout(timeout)
            )
        except Exception as exc:
            # Nothing was sent, so the server's health is not in question.
            raise EvolutionRequestError(f"Cannot build the request {method} {path}: {type(exc).__name__}") from exc
        ticket = self._breaker.acquire()
        try:
            limit = self._max_answer_bytes if large else self._max_small_answer_bytes
            answer = self._send(request, method, path, timeout, limit)
            if not 200 <= answer.status_code < 300:
                raise self._error_for(operation, method, path, instance, answer)
            result = handle(operation, instance or "", answer)
        except EvolutionUnavailable as exc:
            self._breaker.record_failure(ticket, exc.message)
            raise
        except EvolutionError:
            self._breaker.record_success(ticket)
            raise
        except Exception as exc:
            # A defect in our own handling, not the server's: it still answered. Logged with its traceback so
            # it gets fixed, but callers keep their one-exception-family contract.
            self._breaker.record_success(ticket)
            logger.error("unexpected failure handling the answer to %s %s", method, path, exc_info=True)
            raise EvolutionRequestError(
                f"Could not understand the server's answer to {method} {path}", status=None
            ) from exc
        except BaseException:
            self._breaker.release(ticket)
            raise
        self._breaker.record_success(ticket)
        return result

    def _send(self, request: httpx.Request, method: str, path: str, timeout: float, limit: int) -> _Answer:
        """Send ``request`` and read its answer whole, by ``timeout`` seconds from now and within ``limit`` bytes."""
        started = time.perf_counter()
        ends_at = time.monotonic() + timeout
        try:
            with deadlines.deadline(ends_at):
                response = self._http.send(request, stream=True)
                try:
                    answer = self._read(response, method, path, ends_at, timeout, limit)
                finally:
                    response.close()
        except (ServerTooSlow, AnswerTooLarge) as exc:
            self._log_failure(method, path, started, exc)
            raise
        except httpx.ConnectTimeout as exc:
            # Nothing answered at all (a host that is down, a firewall dropping the packets): not a slow server.
            self._log_failure(method, path, started, exc)
            raise EvolutionUnavailable(
                f"Cannot connect to the Evolution API server at {self._display_url}: "
                f"no connection within {timeout:g} s",
                kind="connect",
            ) from exc
        except httpx.TimeoutException as exc:
            self._log_failure(method, path, started, exc)
            raise self._too_slow(method, path, timeout) from exc
        except httpx.ConnectError as exc:
            self._log_failure(method, path, started, exc)
            raise EvolutionUnavailable(
                f"Cannot connect to the Evolution API server at {self._display_url}: {self._redact(str(exc))}",
                kind=connect_kind(exc),
            ) from exc
        except EvolutionError:
            raise
        except Exception as exc:
            # Protocol errors, dropped connections, a transport that raises anything at all.
            self._log_failure(method, path, started, exc)
            detail = self._redact(str(exc)) or type(exc).__name__
            raise EvolutionUnavailable(
                f"Network error talking to the Evolution API server ({method} {path}): {detail}", kind="network"
            ) from exc
        elapsed_ms = (time.perf_counter() - started) * 1000
        level = logging.DEBUG if answer.status_code < 400 else logging.INFO
        logger.log(level, "%s %s -> %d in %.0f ms", method, path, answer.status_code, elapsed_ms)
        return answer

    def _read(
        self, response: httpx.Response, method: str, path: str, ends_at: float, timeout: float, limit: int
    ) -> _Answer:
        """The body of ``response``, inflated, counted as it comes; raises when it is too slow or too long."""
        status = response.status_code
        if not 200 <= status < 300:
            # Only the message of an error is used: read what fits, and leave the connection if there is more.
            limit = min(limit, MAX_ERROR_ANSWER_BYTES)
        # A response built in memory (a mock transport in tests) was read, and inflated, when it was made.
        in_memory = response.is_stream_consumed
        encoding = "" if in_memory else response.headers.get("content-encoding", "")
        inflate = Inflater.for_encoding(encoding, limit)
        if inflate is None:
            raise EvolutionUnavailable(
                f"The server's answer to {method} {path} uses a compression evodesk cannot read "
                f"({self._redact(parsing.message_text(response.headers.get('content-encoding')))})",
                status=status,
            )
        body: list[bytes] = []
        wire = 0
        declared = response.headers.get("content-length", "").strip()
        too_long = declared.isdigit() and int(declared) > limit
        if not too_long:
            # The transport's own stream, not iter_raw: iter_raw closes the response after its last part, which
            # hands the connection back to the pool (to another thread's call) before it is checked below.
            stream = response.stream
            assert isinstance(stream, httpx.SyncByteStream)
            for chunk in [response.content] if in_memory else stream:
                wire += len(chunk)
                if wire > limit:
                    too_long = True
                    break
                try:
                    inflate.feed(chunk, body)
                except Overflow:
                    too_long = True
                    break
                except zlib.error as exc:
                    raise EvolutionUnavailable(
                        f"The server's answer to {method} {path} could not be decompressed ({exc})", status=status
                    ) from exc
                if time.monotonic() >= ends_at:
                    raise self._too_slow(method, path, timeout)
            if not too_long:
                try:
                    inflate.finish(body)
                except Overflow:
                    too_long = True
                except zlib.error as exc:
                    raise EvolutionUnavailable(
                        f"The server's answer to {method} {path} could not be decompressed ({exc})", status=status
                    ) from exc
        if too_long:
            deadlines.discard(response)
            if not 200 <= status < 300:
                return _Answer(status, b"", truncated=True)
            raise AnswerTooLarge(
                f"The server's answer to {method} {path} is longer than {_size(limit)}; it was not used",
                limit=limit,
                status=status,
            )
        if deadlines.surplus(response, wire):
            # The answer did not end where it said (or where that can be checked): bytes after it would be read
            # as the answer to the next request on this connection.
            deadlines.discard(response)
            if declared.isdigit():
                logger.warning("%s %s: the answer held more bytes than its Content-Length", method, path)
        return _Answer(status, b"".join(body))

    def _too_slow(self, method: str, path: str, timeout: float) -> ServerTooSlow:
        return ServerTooSlow(
            f"The Evolution API server did not finish answering within {timeout:g} s ({method} {path}): it is too slow",
            timeout=timeout,
        )

    def _log_failure(self, method: str, path: str, started: float, exc: BaseException) -> None:
        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.warning("%s %s -> %s after %.0f ms", method, path, type(exc).__name__, elapsed_ms)

    def _parsed(self, parse: Callable[[object], T]) -> Callable[[Operation, str, _Answer], T]:
        """A success handler that needs a JSON body and hands it to ``parse``."""

        def handle(operation: Operation, instance: str, response: _Answer) -> T:
            payload = self._checked_payload(operation, instance, response)
            try:
                return parse(payload)
            except parsing.ShapeError as exc:
                raise EvolutionRequestError(
                    f"Unexpected answer from the server: {exc}", status=response.status_code
                ) from exc

        return handle

    def _acknowledged(self, operation: Operation, instance: str, response: _Answer) -> None:
        """A success handler for logout and delete: the answer must be readable JSON to count as done.

        The server always answers these with a JSON envelope; a 2xx that is not JSON comes from something in
        front of it (a proxy page, a cut answer), so nothing proves the instance was logged out or deleted, and
        the caller must not record it as such.
        """
        self._checked_payload(operation, instance, response)

    def _checked_payload(self, operation: Operation, instance: str, response: _Answer) -> object:
        """The answer's JSON, after the ``{"error": true}`` quirk is checked; unreadable JSON is unavailability."""
        try:
            payload = parsing.load_json(response.content)
        except parsing.BodyError as exc:
            raise EvolutionUnavailable(
                f"The server's answer could not be read ({exc}); is {self._display_url} an Evolution API server?",
                status=response.status_code,
                kind="unreadable",
            ) from exc
        self._check_error_flag(operation, instance, response, payload)
        return payload

    def _ignored(self, operation: Operation, instance: str, response: _Answer) -> None:
        """A success handler for calls whose body carries nothing but the ``{"error": true}`` quirk."""
        try:
            payload = parsing.load_json(response.content)
        except parsing.BodyError:
            return
        self._check_error_flag(operation, instance, response, payload)

    def _check_error_flag(self, operation: Operation, instance: str, response: _Answer, payload: object) -> None:
        if not parsing.is_error_flag(payload):
            return
        said = parsing.server_message(payload, secret=self._api_key)
        hint = _OBJECT_OBJECT_HINTS.get(operation) if said in (None, "[object Object]") else said
        action = operation.replace("_", " ")
        raise EvolutionRequestError(
            f'The server could not {action} instance "{instance}"' + (f": {hint}" if hint else ""),
            status=response.status_code,
            server_message=said,
        )

    def _error_for(
        self, operation: Operation, method: str, path: str, instance: str | None, response: _Answer
    ) -> EvolutionError:
        status = response.status_code
        try:
            payload: object = parsing.load_json(response.content)
            is_json = True
        except parsing.BodyError:
            payload, is_json = None, False
        said = parsing.server_message(payload, secret=self._api_key)
        suffix = f": {said}" if said else ""

        if parsing.is_license_required(payload):
            register = parsing.as_text(payload.get("register_url")) if isinstance(payload, Mapping) else None
            # The licence answer's URL may carry the key (…?apikey=KEY): scrubbed like every server word.
            where = f" at {parsing.message_text(register, secret=self._api_key)}" if register else ""
            return EvolutionUnavailable(
                f"The Evolution API server is not activated (licence required); activate it{where}",
                status=status,
                server_message=said,
                kind="licence",
            )
        if status >= 500:
            return EvolutionUnavailable(
                f"The Evolution API server failed (HTTP {status}){suffix}",
                status=status,
                server_message=said,
                kind="server",
            )
        if status < 200:
            return EvolutionUnavailable(
                f"The Evolution API server sent an unexpected status (HTTP {status})",
                status=status,
                server_message=said,
            )
        if 300 <= status < 400:
            return EvolutionRequestError(
                f"The server redirected the request (HTTP {status}); check the server URL (http or https, path)",
                status=status,
                server_message=said,
            )
        if status == 401:
            return EvolutionAuthError(
                "The Evolution API server rejected the API key (HTTP 401)", status=status, server_message=said
            )
        if status == 404:
            if parsing.is_missing_route(said):
                dialect = self._dialect.value if self._dialect is not None else "not detected"
                return EvolutionRequestError(
                    f"The server does not support {method} {path}: it may run a different Evolution API "
                    f"version than expected (client dialect: {dialect}){suffix}",
                    status=status,
                    server_message=said,
                )
            if is_json and instance is not None:
                return InstanceNotFound(
                    f'Instance "{instance}" does not exist on the server', status=status, server_message=said
                )
            return EvolutionRequestError(
                f"Not found (HTTP 404){suffix or ': not an Evolution API answer, check the server URL'}",
                status=status,
                server_message=said,
            )
        if status == 403 and operation == "create" and is_json:
            if said is not None and "api key" in said.lower():
                return EvolutionAuthError(
                    f"The Evolution API server refused the API key (HTTP 403){suffix}",
                    status=status,
                    server_message=said,
                )
            return InstanceNameTaken(
                f'The name "{instance}" is already in use on the server', status=status, server_message=said
            )
        if status == 400 and operation == "logout" and said is not None and "not connected" in said.lower():
            return InstanceNotConnected(f'Instance "{instance}" is not connected', status=status, server_message=said)
        return EvolutionRequestError(
            f"The server refused {method} {path} (HTTP {status}){suffix}",
            status=status,
            server_message=said,
        )

    def _redact(self, text: str | None) -> str | None:
        """Remove the API key, whole or cut, from text that came from outside (a server echoing it, an exception)."""
        if text is None:
            return None
        return parsing.storable_text(parsing.scrub_secret(text, self._api_key))


@dataclass(frozen=True, slots=True)
class _Answer:
    """A status and a body read whole (``truncated``: an error answer longer than was worth reading)."""

    status_code: int
    content: bytes
    truncated: bool = False


def _size(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MiB" if limit >= 1024 * 1024 else f"{limit / 1024:g} KiB"


def _parse_base_url(base_url: str) -> httpx.URL:
    try:
        url = httpx.URL(base_url.strip())
        # Decoding the host can fail on its own (a malformed "xn--" label raises idna's error, not httpx's).
        host = url.host
    except Exception as exc:
        raise EvolutionError(f"Invalid Evolution API URL {base_url!r}: {exc}") from exc
    if url.scheme not in ("http", "https") or not host:
        raise EvolutionError(f"Invalid Evolution API URL {base_url!r}: expected http(s)://host[:port][/path]")
    if url.query or url.fragment:
        raise EvolutionError(f"Invalid Evolution API URL {base_url!r}: no query or fragment allowed")
    return url


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def require_name(name: str) -> None:
    if not isinstance(name, str) or not name:
        raise EvolutionRequestError("An instance name is required")


def segment(name: str) -> str:
    """``name`` as exactly one path segment: ``/``, ``%``, spaces and dot-segments can never change the route."""
    require_name(name)
    try:
        encoded = quote(name, safe="")
    except UnicodeEncodeError as exc:
        raise EvolutionRequestError("The instance name contains characters that cannot be sent") from exc
    if encoded in (".", ".."):
        # URL normalisation would resolve these against the path ("/instance/connect/.." → "/instance").
        encoded = encoded.replace(".", "%2E")
    return encoded
