"""Fault injection of the simulator: latency, random failures of one mode, and failures aimed at one instance."""

from __future__ import annotations

import random
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import unquote

FAULT_MODES = ("none", "5xx", "malformed", "drop", "reset", "timeout")
_INSTANCE_AREAS = ("instance", "settings", "proxy", "chat")


def instance_in_path(path: str) -> str:
    """The instance named by an ``/{area}/{operation}/{name}`` path (instance, settings, proxy, chat), else ""."""
    parts = path.split("/")
    if len(parts) >= 4 and parts[1].lower() in _INSTANCE_AREAS and parts[3]:
        return unquote(parts[3])
    return ""


class FaultInjector:
    """The faults in force (see :meth:`evodesk.simulator.Simulator.set_faults` and ``fail_instance``).

    ``lock`` is the simulator's state lock: faults change under it, as everything else the server holds.
    """

    def __init__(self, lock: AbstractContextManager[Any], *, seed: int | None = None) -> None:
        self._lock = lock
        # Faults draw from their own generator so that injecting them leaves seeded QR payloads unchanged.
        self._rng = random.Random(seed)
        # Instance name -> fault mode for every request naming it (fail_instance); checked before the random draw.
        self._instance_faults: dict[str, str] = {}
        self._latency = 0.0
        self._fail_rate = 0.0
        self._mode = "5xx"

    def set(self, *, latency: float | None = None, fail_rate: float | None = None, mode: str | None = None) -> None:
        """Change fault injection; an argument left as None keeps its current value."""
        if mode is not None and mode not in FAULT_MODES:
            raise ValueError(f"unknown fault mode {mode!r}; use one of {', '.join(FAULT_MODES)}")
        if latency is not None and latency < 0:
            raise ValueError("latency must not be negative")
        if fail_rate is not None and not 0.0 <= fail_rate <= 1.0:
            raise ValueError("fail_rate must be between 0 and 1")
        with self._lock:
            if latency is not None:
                self._latency = latency
            if fail_rate is not None:
                self._fail_rate = fail_rate
            if mode is not None:
                self._mode = mode
                if fail_rate is None and self._fail_rate == 0.0 and mode != "none":
                    self._fail_rate = 1.0

    def fail_instance(self, name: str, mode: str) -> None:
        """Every request naming ``name`` fails with ``mode`` (``"none"`` clears it)."""
        if mode not in FAULT_MODES:
            raise ValueError(f"unknown fault mode {mode!r}; use one of {', '.join(FAULT_MODES)}")
        with self._lock:
            if mode == "none":
                self._instance_faults.pop(name, None)
            else:
                self._instance_faults[name] = mode

    def clear_instance(self, name: str | None) -> None:
        """Remove the fault of one instance (``name``) or of all of them."""
        with self._lock:
            if name is None:
                self._instance_faults.clear()
            else:
                self._instance_faults.pop(name, None)

    def per_instance(self) -> dict[str, str]:
        """Instance name -> fault mode, for the faults aimed at one instance."""
        with self._lock:
            return dict(self._instance_faults)

    def settings(self) -> dict[str, Any]:
        """``{"latency", "failRate", "mode"}``, as ``GET /_sim/faults`` reports them."""
        with self._lock:
            return {"latency": self._latency, "failRate": self._fail_rate, "mode": self._mode}

    def draw(self, path: str) -> tuple[str | None, float]:
        """Decide the fault of one request on ``path`` (or None) and how long to wait before answering."""
        with self._lock:
            targeted = self._instance_faults.get(instance_in_path(path)) if self._instance_faults else None
            if targeted is not None:
                if targeted == "timeout":
                    return None, self._latency
                return targeted, self._latency
            faulty = self._mode != "none" and self._fail_rate > 0 and self._rng.random() < self._fail_rate
            if self._mode == "timeout":
                return (None, self._latency) if faulty else (None, 0.0)
            return (self._mode if faulty else None), self._latency


__all__ = ["FAULT_MODES", "FaultInjector", "instance_in_path"]
