"""The instance routes of :class:`~evodesk.evolution.client.EvolutionClient`: create, connect, state, logout,
delete, restart and the fleet listing."""

from __future__ import annotations

from collections.abc import Sequence

import evodesk.evolution.parsing as parsing
from evodesk.domain import ConnectionState, CreatedInstance, Dialect, InstanceInfo, QrCode
from evodesk.evolution.pipeline import ClientCore, require_name, segment


class InstanceRoutes(ClientCore):
    """``/instance/*``: the life of an instance on the server."""

    def create_instance(
        self,
        name: str,
        *,
        number: str | None = None,
        qrcode: bool = True,
        websocket_events: Sequence[str] = (),
    ) -> CreatedInstance:
        """``POST /instance/create`` for a Baileys (QR code) instance; ``number`` asks for a pairing code.

        ``websocket_events`` (UPPER_SNAKE names) subscribes the new instance to those Socket.IO events in the
        same call, so its namespace carries them from its first event on.
        """
        require_name(name)
        body: dict[str, object] = {"instanceName": name, "integration": "WHATSAPP-BAILEYS", "qrcode": qrcode}
        if number:
            body["number"] = number
        if websocket_events:
            events = list(dict.fromkeys(websocket_events))
            if self._dialect is Dialect.V1_8:
                body["websocket_enabled"] = True
                body["websocket_events"] = events
            else:
                # Always with the list: the server reads events.length and answers 500 without it.
                body["websocket"] = {"enabled": True, "events": events}
        return self._call(
            "create",
            "POST",
            "/instance/create",
            self._parsed(lambda payload: parsing.parse_created(payload, name)),
            instance=name,
            body=body,
            long=True,
        )

    def connect(self, name: str, *, number: str | None = None) -> QrCode | ConnectionState:
        """``GET /instance/connect/{name}``: the current QR (``count`` 0 when none yet), or the state if open."""
        return self._call(
            "connect",
            "GET",
            f"/instance/connect/{segment(name)}",
            self._parsed(parsing.parse_connect),
            instance=name,
            params={"number": number} if number else None,
            long=True,
        )

    def connection_state(self, name: str) -> ConnectionState:
        """``GET /instance/connectionState/{name}``: the live state; ``UNKNOWN`` when the server omits it."""
        return self._call(
            "connection_state",
            "GET",
            f"/instance/connectionState/{segment(name)}",
            self._parsed(parsing.parse_connection_state),
            instance=name,
        )

    def logout(self, name: str) -> None:
        """``DELETE /instance/logout/{name}``; raises :class:`InstanceNotConnected` when already closed."""
        self._call("logout", "DELETE", f"/instance/logout/{segment(name)}", self._acknowledged, instance=name)

    def delete(self, name: str) -> None:
        """``DELETE /instance/delete/{name}``; the server finishes the removal asynchronously."""
        self._call("delete", "DELETE", f"/instance/delete/{segment(name)}", self._acknowledged, instance=name)

    def restart(self, name: str) -> None:
        """Restart the WhatsApp socket: POST on v2, PUT on v1.8 (the dialect is detected first if unknown)."""
        path = f"/instance/restart/{segment(name)}"
        dialect = self._dialect if self._dialect is not None else self.server_info().dialect
        method = "PUT" if dialect is Dialect.V1_8 else "POST"
        self._call("restart", method, path, self._ignored, instance=name)

    def fetch_instances(self, name: str | None = None) -> list[InstanceInfo]:
        """``GET /instance/fetchInstances``: every instance, or only ``name`` (404 → :class:`InstanceNotFound`)."""
        if name is not None:
            require_name(name)
        return self._call(
            "fetch_instances",
            "GET",
            "/instance/fetchInstances",
            self._parsed(parsing.parse_instances),
            instance=name,
            params={"instanceName": name} if name is not None else None,
            large=name is None,
        )
