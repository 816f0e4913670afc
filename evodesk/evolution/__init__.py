"""Evolution API client: typed results, typed errors, v2 and v1.8 dialects, timeouts and a circuit breaker.

Plain synchronous Python (no Qt): the GUI calls it from worker threads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from evodesk.evolution.breaker import BreakerState, BreakerStatus, CircuitBreaker
from evodesk.evolution.errors import (
    AnswerTooLarge,
    EvolutionAuthError,
    EvolutionError,
    EvolutionRequestError,
    EvolutionUnavailable,
    InstanceNameTaken,
    InstanceNotConnected,
    InstanceNotFound,
    ProxyRejected,
    ServerTooSlow,
)

if TYPE_CHECKING:
    from evodesk.evolution.client import EvolutionClient
    from evodesk.evolution.events import EventStream


def __getattr__(name: str) -> object:
    # The client loads httpx (with http.client, ssl and email, about 45 ms): the window needs only the error
    # classes to be built, so the client is imported when first asked for, on the worker that opens the backend.
    if name == "EvolutionClient":
        from evodesk.evolution.client import EvolutionClient

        return EvolutionClient
    if name == "EventStream":
        from evodesk.evolution.events import EventStream

        return EventStream
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AnswerTooLarge",
    "BreakerState",
    "BreakerStatus",
    "CircuitBreaker",
    "EventStream",
    "EvolutionAuthError",
    "EvolutionClient",
    "EvolutionError",
    "EvolutionRequestError",
    "EvolutionUnavailable",
    "InstanceNameTaken",
    "InstanceNotConnected",
    "InstanceNotFound",
    "ProxyRejected",
    "ServerTooSlow",
]
