"""Typed errors of the Evolution API client.

Every failure the client can meet ends as one of these; each carries the server's message (never the API key).
"""

from __future__ import annotations

import socket
import ssl


class EvolutionError(Exception):
    """Base of every client error.

    ``status`` is the HTTP status when there was an answer; ``server_message`` the server's own words.
    """

    def __init__(self, message: str, *, status: int | None = None, server_message: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.server_message = server_message if server_message is not None else message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status={self.status!r})"


class EvolutionUnavailable(EvolutionError):
    """Network failure, timeout, 5xx, unreadable answer, or the circuit breaker failing fast.

    ``reason`` says which kind of unavailability it is, for the operator's wording: ``"unavailable"`` here,
    ``"too_slow"`` for :class:`ServerTooSlow`, ``"too_large"`` for :class:`AnswerTooLarge`.
    """

    reason = "unavailable"

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        server_message: str | None = None,
        retry_at: float | None = None,
        circuit_open: bool = False,
        kind: str = "other",
    ) -> None:
        super().__init__(message, status=status, server_message=server_message)
        # What went wrong, for a translated sentence: "refused" (nothing listens there), "certificate" (TLS
        # verification failed), "no_host" (the name does not resolve), "connect" (no connection for another
        # reason), "network" (cut mid-way), "server" (5xx),
        # "unreadable" (not an Evolution API answer), "licence", or "other".
        self.kind = kind
        # Wall-clock (time.time()) moment the breaker lets the next probe through, when it is open.
        self.retry_at = retry_at
        self.circuit_open = circuit_open


class ServerTooSlow(EvolutionUnavailable):
    """The server did not finish answering within the call's timeout (``timeout`` seconds), however it sent it."""

    reason = "too_slow"

    def __init__(self, message: str, *, timeout: float) -> None:
        super().__init__(message)
        self.timeout = timeout


class AnswerTooLarge(EvolutionUnavailable):
    """The answer was longer than a call may read (``limit`` bytes, compressed or not); nothing of it was used."""

    reason = "too_large"

    def __init__(self, message: str, *, limit: int, status: int | None = None) -> None:
        super().__init__(message, status=status)
        self.limit = limit


class EvolutionAuthError(EvolutionError):
    """401: the API key is missing or wrong."""


class InstanceNameTaken(EvolutionError):
    """403 on create: the name is already in use (possibly by an instance still being deleted)."""


class InstanceNotFound(EvolutionError):
    """404: the instance does not exist on the server."""


class InstanceNotConnected(EvolutionError):
    """400 on logout: the instance is already ``close``."""


class EvolutionRequestError(EvolutionError):
    """Any other 4xx, and the HTTP 200 ``{"error": true}`` answers of connect and restart."""


class ProxyRejected(EvolutionRequestError):
    """400 ``Invalid proxy`` from ``/proxy/set``: the server's own test of the proxy failed.

    The server fetches a public IP echo (icanhazip.com) once directly and once through the proxy, and refuses
    the proxy unless both answers arrive and differ. So this also happens with a working proxy when the
    *server* has no direct internet access, cannot reach the proxy, or when the proxy leaves with the server's
    own address. ``reason`` is ``"server_test_failed"``; ``host``, ``port`` and ``protocol`` name the proxy
    (never its password).
    """

    reason = "server_test_failed"

    def __init__(
        self,
        message: str,
        *,
        host: str,
        port: int | None,
        protocol: str,
        status: int | None = None,
        server_message: str | None = None,
    ) -> None:
        super().__init__(message, status=status, server_message=server_message)
        self.host = host
        self.port = port
        self.protocol = protocol


__all__ = [
    "AnswerTooLarge",
    "EvolutionAuthError",
    "EvolutionError",
    "EvolutionRequestError",
    "EvolutionUnavailable",
    "InstanceNameTaken",
    "InstanceNotConnected",
    "InstanceNotFound",
    "ProxyRejected",
    "ServerTooSlow",
]


def connect_kind(exc: BaseException) -> str:
    """Which of the usual reasons a connection was not made, read from the socket error beneath httpx's."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ConnectionRefusedError):
            return "refused"
        if isinstance(seen, ssl.SSLCertVerificationError):
            return "certificate"
        if isinstance(seen, socket.gaierror):
            return "no_host"
        seen = seen.__cause__ or seen.__context__
    text = str(exc).lower()
    if "certificate" in text:
        return "certificate"
    if "refused" in text:
        return "refused"
    if "name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text:
        return "no_host"
    return "connect"
