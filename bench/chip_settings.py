"""One settings edit applied to a fleet at once: how long it takes, and how many requests each chip costs.

The simulator runs in this process and answers every request after ``--latency`` seconds (a remote server);
``ChipSettingsService.apply`` sends one settings change to every chip, a few chips at a time (its ``workers``),
then again to the same chips (nothing to change: one read each). Figures are informational (design.md sets no
budget for them).
"""

from __future__ import annotations

import argparse
import time

from bench.common import API_KEY, Row, emit_rows, info, scratch_dir
from evodesk.domain import Actor
from evodesk.evolution import EvolutionClient
from evodesk.services import ChipEdit, ChipSettingsService, InstanceManager, SettingsEdit
from evodesk.simulator import Simulator
from evodesk.store import open_store

NAME = "chip-settings"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20 chips instead of 100")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the server takes per answer")
    args = parser.parse_args()
    chips = 20 if args.quick else 100
    rows: list[Row] = []
    actor = Actor(os_user="bench", host="bench")
    with scratch_dir() as tmp, Simulator(api_key=API_KEY) as sim, EvolutionClient(sim.url, API_KEY) as client:
        store = open_store(f"sqlite:///{tmp / 'chips.sqlite3'}")
        manager = InstanceManager(client, store, actor=actor)
        ids = [manager.create(f"+55 11 9{index:04d}-{5000 + index}")[0].id for index in range(chips)]
        sim.set_faults(latency=args.latency)
        for workers in (1, 4):
            service = ChipSettingsService(client, store, actor=actor, workers=workers)
            # A value the chips do not hold yet (the run before set the other one), then the same again.
            edit = ChipEdit(settings=SettingsEdit(read_status=workers == 1))
            for label in ("change", "no change"):
                sim.reset_stats()
                started = time.perf_counter()
                report = service.apply(ids, edit)
                seconds = time.perf_counter() - started
                assert not report.failed, report.failed
                rows.append(
                    info(
                        NAME,
                        f"{chips} chips, {label}, {workers} at a time, {args.latency * 1000:.0f} ms a request",
                        f"{seconds:.2f} s, {sim.request_count / chips:.1f} requests a chip",
                        seconds,
                    )
                )
        store.close()
    emit_rows(rows)


if __name__ == "__main__":
    main()
