"""The differential test: the same scripted requests to the simulator and to the real server, compared.

The simulator is set up the way the real server behaves here, with WhatsApp out of reach: no QR ever comes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from evodesk.simulator import Simulator
from evodesk.simulator.events import LOOPBACK_HOSTS

from .differential import EVENTS_OFF_SCRIPT, GUARDED_SOCKET_SCRIPT, SCRIPT, Names, compare, play
from .server import RealServer

# WhatsApp out of reach: a socket never gets its first QR.
NEVER = 10.0**9


def test_the_simulator_answers_the_script_as_the_real_server_does(real_server: RealServer) -> None:
    names = Names.fresh()
    # The real server here has no direct internet access, so its own test of any proxy fails.
    # The real server's WEBSOCKET_ALLOWED_HOSTS default: loopback clients need no Socket.IO key.
    with Simulator(
        api_key="differential-key",
        first_qr_delay=NEVER,
        delete_delay=1.0,
        proxy_test="fail",
        socket_allowed_hosts=LOOPBACK_HOSTS,
    ) as simulator:
        ours = play(simulator.url, "differential-key", names)
    theirs = play(real_server.url, real_server.api_key, names)

    statuses = Counter(fingerprint.status for fingerprint in theirs)
    print(f"\n{len(SCRIPT)} requests; statuses on the real server: {dict(sorted(statuses.items()))}")
    # The script must reach every kind of answer the client maps, or the comparison proves little.
    assert {200, 201, 400, 401, 403, 404, 500} <= set(statuses)
    differences = compare(ours, theirs)
    assert differences == [], "the simulator differs from the real server:\n" + "\n".join(differences)


def test_socket_io_refuses_a_key_as_the_real_server_does(guarded_real_server: RealServer) -> None:
    names = Names.fresh()
    with Simulator(api_key="differential-key") as simulator:  # the simulator's default checks every key
        ours = play(simulator.url, "differential-key", names, script=GUARDED_SOCKET_SCRIPT)
    theirs = play(guarded_real_server.url, guarded_real_server.api_key, names, script=GUARDED_SOCKET_SCRIPT)
    assert {fingerprint.status for fingerprint in theirs} >= {200, 400, 403}
    differences = compare(ours, theirs, GUARDED_SOCKET_SCRIPT)
    assert differences == [], "the simulator differs from the real server:\n" + "\n".join(differences)


def test_with_events_off_the_simulator_answers_as_the_real_server_does(
    extra_real_server: Callable[..., RealServer],
) -> None:
    # up.sh writes WEBSOCKET_ENABLED=true into .env, but the server's dotenv never overrides its environment.
    server = extra_real_server({"WEBSOCKET_ENABLED": "false"})
    names = Names.fresh()
    with Simulator(api_key="differential-key", first_qr_delay=NEVER, events=False) as simulator:
        ours = play(simulator.url, "differential-key", names, script=EVENTS_OFF_SCRIPT)
    theirs = play(server.url, server.api_key, names, script=EVENTS_OFF_SCRIPT)
    assert [fingerprint.status for fingerprint in theirs][:3] == [404, 404, 404]
    differences = compare(ours, theirs, EVENTS_OFF_SCRIPT)
    assert differences == [], "the simulator differs from the real server:\n" + "\n".join(differences)
