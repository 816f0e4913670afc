"""``python -m evodesk.simulator``: serve a simulated Evolution API until Ctrl+C or SIGTERM."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from types import FrameType

from evodesk.simulator.faults import FAULT_MODES
from evodesk.simulator.server import DIALECTS, Simulator


def build_parser() -> argparse.ArgumentParser:
    """The command line of the simulator."""
    parser = argparse.ArgumentParser(
        prog="python -m evodesk.simulator",
        description="Contract-faithful Evolution API simulator (control endpoints under /_sim/).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (0 picks a free one; default 8080)")
    parser.add_argument("--api-key", default="sim-key", help="global API key (default sim-key)")
    parser.add_argument("--dialect", choices=sorted(DIALECTS), default="2.3.7", help="server version to mimic")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every request")
    parser.add_argument("--fail-rate", type=float, default=0.0, help="probability a request gets the fault")
    parser.add_argument(
        "--fault-mode",
        choices=FAULT_MODES,
        default=None,
        help="which fault (default 5xx); with --fail-rate 0, every request gets it",
    )
    parser.add_argument("--qr-lifetime", type=float, default=45.0, help="seconds one QR lives (default 45)")
    parser.add_argument("--first-qr-delay", type=float, default=0.0, help="seconds before a socket's first QR")
    parser.add_argument("--qr-limit", type=int, default=30, help="QRCODE_LIMIT (default 30)")
    parser.add_argument("--delete-delay", type=float, default=1.0, help="seconds a deleted name stays taken")
    parser.add_argument("--create-wait", type=float, default=0.0, help="seconds create with qrcode waits")
    parser.add_argument("--seed", type=int, default=None, help="seed for reproducible ids and QR payloads")
    parser.add_argument(
        "--no-events", action="store_true", help="serve no Socket.IO (WEBSOCKET_ENABLED=false: /socket.io/ is 404)"
    )
    parser.add_argument(
        "--global-events", action="store_true", help="every instance's events on / (WEBSOCKET_GLOBAL_EVENTS=true)"
    )
    parser.add_argument(
        "--socket-allowed-hosts",
        default="",
        metavar="ADDRESSES",
        help="comma-separated client addresses whose Socket.IO handshake needs no key (WEBSOCKET_ALLOWED_HOSTS; "
        "default none: every key is checked; the real server's default is 127.0.0.1,::1,::ffff:127.0.0.1)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Start the simulator, print its URL and block until interrupted."""
    args = build_parser().parse_args(argv)
    try:
        sim = Simulator(
            api_key=args.api_key,
            host=args.host,
            port=args.port,
            dialect=args.dialect,
            latency=args.latency,
            fail_rate=args.fail_rate,
            qr_lifetime=args.qr_lifetime,
            first_qr_delay=args.first_qr_delay,
            qr_limit=args.qr_limit,
            delete_delay=args.delete_delay,
            create_wait=args.create_wait,
            seed=args.seed,
            events=not args.no_events,
            global_events=args.global_events,
            socket_allowed_hosts=[host.strip() for host in args.socket_allowed_hosts.split(",") if host.strip()],
        )
        if args.fault_mode is not None:
            sim.set_faults(mode=args.fault_mode, fail_rate=args.fail_rate or None)
        url = sim.start()
    except (OSError, ValueError) as exc:
        print(f"evodesk simulator: {exc}", file=sys.stderr)
        return 2
    stopping = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(f"Evolution API simulator {sim.version} listening on {url}", flush=True)
    try:
        # A timed wait keeps the main thread responsive to signals on every platform.
        while not stopping.wait(0.5):
            pass
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
