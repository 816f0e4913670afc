"""The Socket.IO subscription routes of :class:`~evodesk.evolution.client.EvolutionClient` (``/websocket/*``)."""

from __future__ import annotations

from collections.abc import Sequence

import evodesk.evolution.parsing as parsing
from evodesk.domain import Dialect, WebsocketConfig
from evodesk.evolution.errors import EvolutionRequestError
from evodesk.evolution.pipeline import ClientCore, segment


class WebsocketRoutes(ClientCore):
    """Which events the server pushes for an instance: what :class:`~evodesk.evolution.events.EventStream` hears."""

    def find_websocket(self, name: str) -> WebsocketConfig | None:
        """``GET /websocket/find/{name}``: the instance's Socket.IO subscription, or None when it has none."""
        return self._call(
            "find_websocket",
            "GET",
            f"/websocket/find/{segment(name)}",
            self._parsed(parsing.parse_websocket_config),
            instance=name,
        )

    def set_websocket(self, name: str, *, enabled: bool, events: Sequence[str]) -> WebsocketConfig | None:
        """``POST /websocket/set/{name}``: *replaces* the subscription (merge with :meth:`find_websocket` first).

        ``events`` must not be empty while ``enabled``: the server reads an empty list as "every event",
        ``messages.upsert`` of every chat included, so that is refused here.
        """
        wanted = list(dict.fromkeys(events))
        if enabled and not wanted:
            raise EvolutionRequestError("A Socket.IO subscription needs at least one event")
        config = {"enabled": enabled, "events": wanted}
        # v1.8 takes the flat body; v2 nests it (a flat body is a 500 there).
        body = config if self._dialect is Dialect.V1_8 else {"websocket": config}
        return self._call(
            "set_websocket",
            "POST",
            f"/websocket/set/{segment(name)}",
            self._parsed(parsing.parse_websocket_config),
            instance=name,
            body=body,
        )
