"""python-socketio's client as the event stream runs it: packets read by their event name first, messages handled
in order on the read thread, namespaces joined one at a time, and TLS through evodesk's own context.

Apart from :mod:`evodesk.evolution.events` because this is the one place that reaches into the library's
internals (a packet class, engine.io's event dispatch, a requests adapter): an upgrade of python-socketio or
python-engineio is checked here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from evodesk.domain import EventKind

# The events evodesk decodes, by their Socket.IO name; every other one is dropped by its name alone.
KINDS: Mapping[str, EventKind] = {kind.value: kind for kind in EventKind}


class LazyJson:
    """Socket.IO packet decoding that reads an event's name before (and instead of) its payload.

    A packet's data is ``["event.name", {...}]``; for an event evodesk does not use only the name is returned, so a
    flood of ``messages.upsert`` costs a prefix scan each instead of a JSON decode of every message.
    """

    @staticmethod
    def loads(text: str | bytes, **kwargs: Any) -> Any:
        if isinstance(text, str) and text.startswith('["'):
            end = text.find('"', 2)
            if end > 2:
                name = text[2:end]
                if name not in KINDS:
                    return [name]
        return json.loads(text, **kwargs)

    @staticmethod
    def dumps(value: Any, **kwargs: Any) -> str:
        return json.dumps(value, **kwargs)


def client_classes() -> tuple[type[Any], type[Any]]:
    # python-socketio (and requests, websocket-client) load only when a stream starts: a window without events
    # pays nothing for them.
    import engineio
    import socketio
    from socketio import packet as sio_packet

    class LazyPacket(sio_packet.Packet):  # type: ignore[misc]
        json = LazyJson

    class InOrderEngineIO(engineio.Client):  # type: ignore[misc]
        def _trigger_event(self, event: str, *args: Any, **kwargs: Any) -> Any:
            # python-engineio's client hands every message to a new thread: events lose their order
            # (connecting, then open) and a flood of 2,000 a second starts 2,000 threads a second. Handled on
            # the read thread instead, in order; the handlers only queue work.
            if event == "message":
                kwargs["run_async"] = False
            return super()._trigger_event(event, *args, **kwargs)

    class Client(socketio.Client):  # type: ignore[misc]
        def _engineio_client_class(self) -> type[Any]:
            return InOrderEngineIO

        def join(self, namespace: str) -> None:
            # socketio.Client connects its namespaces all at once, and fails as a whole when one is missing;
            # joining one later on the same connection is a CONNECT packet of the protocol.
            self.failed_namespaces: list[str] = []
            self._send_packet(self.packet_class(sio_packet.CONNECT, data={}, namespace=namespace))

        def leave(self, namespace: str) -> None:
            if namespace in self.namespaces:
                self._send_packet(self.packet_class(sio_packet.DISCONNECT, namespace=namespace))
                del self.namespaces[namespace]

    return Client, LazyPacket


def requests_session(ssl_context: Any, *, trust_env: bool) -> Any:
    import requests
    from requests.adapters import HTTPAdapter

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            kwargs["ssl_context"] = ssl_context
            super().init_poolmanager(*args, **kwargs)

    session = requests.Session()
    session.trust_env = trust_env
    session.mount("https://", Adapter())
    return session
