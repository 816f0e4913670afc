"""The differential test: the same scripted requests to the simulator and to the real server, compared.

The simulator is set up the way the real server behaves here, with WhatsApp out of reach: no QR ever comes.
"""

from __future__ import annotations

from collections import Counter

from evodesk.simulator import Simulator

from .differential import SCRIPT, Names, compare, play
from .server import RealServer

# WhatsApp out of reach: a socket never gets its first QR.
NEVER = 10.0**9


def test_the_simulator_answers_the_script_as_the_real_server_does(real_server: RealServer) -> None:
    names = Names.fresh()
    # The real server here has no direct internet access, so its own test of any proxy fails.
    with Simulator(api_key="differential-key", first_qr_delay=NEVER, delete_delay=1.0, proxy_test="fail") as simulator:
        ours = play(simulator.url, "differential-key", names)
    theirs = play(real_server.url, real_server.api_key, names)

    statuses = Counter(fingerprint.status for fingerprint in theirs)
    print(f"\n{len(SCRIPT)} requests; statuses on the real server: {dict(sorted(statuses.items()))}")
    # The script must reach every kind of answer the client maps, or the comparison proves little.
    assert {200, 201, 400, 401, 403, 404, 500} <= set(statuses)
    differences = compare(ours, theirs)
    assert differences == [], "the simulator differs from the real server:\n" + "\n".join(differences)
