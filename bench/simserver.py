"""``python -m bench.simserver``: the simulator in its own process, with a fleet already on it.

Prints ``URL <base url>`` once serving and stops when its standard input closes (the benchmark ended or
died). The fleet is named as :func:`bench.common.fleet_names` names it, so a database seeded with
:func:`bench.common.seed_chips` matches it chip for chip; its states are mixed as in a working fleet: most
connected, some waiting for a scan, some never connected, some dropped by WhatsApp.
"""

from __future__ import annotations

import argparse
import sys

from bench.common import API_KEY, fleet_names
from evodesk.simulator import Simulator

# Out of every 20 instances: 14 connected, 2 waiting for a scan, 3 never connected, 1 dropped.
_CONNECTING = {14, 15}
_CLOSED = {16, 17, 18}
_DROPPED = {19}


def populate(sim: Simulator, count: int) -> None:
    """Create ``count`` instances on ``sim`` without HTTP (10,000 creates over loopback take a minute)."""
    api = sim._api  # the request handler itself: same code path as the HTTP server, minus the socket
    for index, (name, phone) in enumerate(fleet_names(count)):
        kind = index % 20
        qrcode = kind not in _CLOSED
        body = {"instanceName": name, "integration": "WHATSAPP-BAILEYS", "qrcode": qrcode, "number": phone}
        reply = api.handle("POST", "/instance/create", {}, API_KEY, body)
        if reply.status != 201:
            raise RuntimeError(f"cannot create {name}: {reply.status} {reply.body}")
        if kind in _CONNECTING or kind in _CLOSED:
            continue
        sim.simulate_scan(name, profile_name=f"Loja {index % 300}")
        if kind in _DROPPED:
            sim.drop_connection(name, 403)


def main(argv: list[str] | None = None) -> int:
    """Start the simulator with a fleet and serve until standard input closes."""
    parser = argparse.ArgumentParser(prog="python -m bench.simserver")
    parser.add_argument("--instances", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--qr-lifetime", type=float, default=45.0)
    args = parser.parse_args(argv)
    sim = Simulator(api_key=API_KEY, qr_lifetime=args.qr_lifetime, seed=7)
    populate(sim, args.instances)
    sim.set_faults(latency=args.latency)
    url = sim.start()
    print(f"URL {url}", flush=True)
    try:
        sys.stdin.read()  # returns when the benchmark closes the pipe or exits
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
