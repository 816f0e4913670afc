"""Evolution API client: typed results, typed errors, v2 and v1.8 dialects, timeouts and a circuit breaker.

Plain synchronous Python (no Qt): the GUI calls it from worker threads.
"""

from __future__ import annotations

from evodesk.evolution.breaker import BreakerState, BreakerStatus, CircuitBreaker
from evodesk.evolution.client import EvolutionClient
from evodesk.evolution.errors import (
    EvolutionAuthError,
    EvolutionError,
    EvolutionRequestError,
    EvolutionUnavailable,
    InstanceNameTaken,
    InstanceNotConnected,
    InstanceNotFound,
)

__all__ = [
    "BreakerState",
    "BreakerStatus",
    "CircuitBreaker",
    "EvolutionAuthError",
    "EvolutionClient",
    "EvolutionError",
    "EvolutionRequestError",
    "EvolutionUnavailable",
    "InstanceNameTaken",
    "InstanceNotConnected",
    "InstanceNotFound",
]
