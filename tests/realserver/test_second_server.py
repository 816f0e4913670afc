"""A second real server beside the first, with other settings, and a restart of the server process.

The server here runs with ``REALEVO_WEBSOCKET_GLOBAL=true`` (every event on the Socket.IO namespace ``/``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from evodesk.domain import ConnectionState
from evodesk.evolution import EvolutionClient
from evodesk.simulator import Simulator

from .differential import AFTER_RESTART, BEFORE_RESTART, Names, compare, play
from .server import RealServer, restart_process, unique_name

NEVER = 10.0**9  # WhatsApp out of reach: no QR ever
RECORD_SEPARATOR = "\x1e"  # between packets of one Engine.IO polling answer


@pytest.fixture(scope="module")
def global_events_server(extra_real_server: Callable[..., RealServer]) -> RealServer:
    return extra_real_server({"REALEVO_WEBSOCKET_GLOBAL": "true"})


def test_two_real_servers_run_side_by_side(real_server: RealServer, global_events_server: RealServer) -> None:
    assert global_events_server.url != real_server.url
    assert global_events_server.api_key != real_server.api_key
    name = unique_name("side")
    with (
        EvolutionClient(real_server.url, real_server.api_key, long_timeout=60) as first,
        EvolutionClient(global_events_server.url, global_events_server.api_key, long_timeout=60) as second,
    ):
        first.create_instance(name, qrcode=False)
        assert second.server_info().version == "2.3.7"
        assert name not in {info.name for info in second.fetch_instances()}
        assert first.connection_state(name) is ConnectionState.CLOSE
        first.delete(name)


def test_global_mode_carries_instance_events_on_the_default_namespace(global_events_server: RealServer) -> None:
    """Engine.IO long-polling by hand: handshake, join ``/``, create an instance, read ``instance.create``."""
    base = f"{global_events_server.url}/socket.io/?EIO=4&transport=polling"
    name = unique_name("evt")
    with httpx.Client(timeout=40, trust_env=False) as http:
        opened = http.get(base)
        assert opened.status_code == 200 and opened.text.startswith('0{"sid":')
        sid = json.loads(opened.text[1:])["sid"]
        session = f"{base}&sid={sid}"
        assert http.post(session, content="40").text == "ok"
        joined = http.get(session).text
        assert joined.startswith('40{"sid":'), joined
        with EvolutionClient(global_events_server.url, global_events_server.api_key, long_timeout=60) as client:
            client.create_instance(name, qrcode=False)
            events: list[tuple[str, Any]] = []
            deadline = time.monotonic() + 30
            while not any(event == "instance.create" for event, _ in events) and time.monotonic() < deadline:
                for packet in http.get(session).text.split(RECORD_SEPARATOR):
                    if packet == "2":  # the server's ping: answer, or it drops the session
                        http.post(session, content="3")
                    elif packet.startswith("42"):
                        event, payload = json.loads(packet[2:])[:2]
                        events.append((event, payload))
            client.delete(name)
    created = [payload for event, payload in events if event == "instance.create"]
    assert created, f"no instance.create event on / within 30 s; got {[event for event, _ in events]}"
    assert created[0]["instance"] == name
    assert created[0]["data"]["instanceName"] == name


def test_a_restarted_server_loads_its_instances_as_the_simulator_does(global_events_server: RealServer) -> None:
    names = Names.fresh()
    key = "restart-key"
    with Simulator(api_key=key, first_qr_delay=NEVER, delete_delay=1.0) as simulator:
        play(simulator.url, key, names, script=BEFORE_RESTART)
        simulator.restart(reload=True)
        ours = play(simulator.url, key, names, script=AFTER_RESTART)
    play(global_events_server.url, global_events_server.api_key, names, script=BEFORE_RESTART)
    restart_process(global_events_server)
    theirs = play(global_events_server.url, global_events_server.api_key, names, script=AFTER_RESTART)
    assert theirs[0].shape == {"instance": {"instanceName": names.values["a"], "state": "close"}}
    differences = compare(ours, theirs, AFTER_RESTART)
    assert differences == [], "after a restart the simulator differs from the real server:\n" + "\n".join(differences)
