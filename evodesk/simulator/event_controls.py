"""The ``/_sim/events`` control endpoints of the simulator: Socket.IO's settings, dropped clients and floods."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from evodesk.simulator.events import SimEvents


def control(events: SimEvents, method: str, parts: Iterable[str], body: Mapping[str, Any]) -> tuple[int, Any]:
    """The ``/_sim/events`` control endpoints (see the package docstring)."""
    path = list(parts)
    if not path and method == "GET":
        return 200, events.state()
    if not path and method == "POST":
        flags = {key: body.get(key) for key in ("enabled", "global", "websocket")}
        for key, value in flags.items():
            if value is not None and not isinstance(value, bool):
                raise ValueError(f"{key} must be true or false")
        events.configure(enabled=flags["enabled"], global_events=flags["global"], websocket=flags["websocket"])
        return 200, events.state()
    if path == ["drop"] and method == "POST":
        return 200, {"dropped": events.drop_clients()}
    if path == ["flood"] and method == "POST":
        instance = body.get("instance")
        events.flood(
            rate=float(body.get("rate", 2000)),
            seconds=float(body.get("seconds", 10)),
            instance=instance if isinstance(instance, str) and instance else None,
        )
        return 200, events.state()
    return 404, {"error": f"unknown control endpoint {method} /_sim/events/{'/'.join(path)}"}


__all__ = ["control"]
