"""Which thread should the use-cases that touch both the server and SQLite run on? (docs/architecture.md, Threads)

``python -m bench.dbwriters`` runs the same operator work two ways against a real simulator (answering after
``LATENCY``) and a real SQLite file: on four threads, as the window's network pool does (so up to four threads
are ready to write the file at once, serialized by SQLite's ``BEGIN IMMEDIATE`` lock), and on one thread, as a
single database thread would. Each call is ``InstanceManager.check_connection``: one ``connectionState`` request
and one recorded write. Printed: the wall time of each, the longest single call, and how many writes failed with
"database is locked" (must be 0).
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.common import API_KEY, emit_rows, info, scratch_dir
from evodesk.evolution import EvolutionClient
from evodesk.services import InstanceManager, StoreUnavailable
from evodesk.simulator import Simulator
from evodesk.store import open_store

LATENCY = 0.05
CHIPS = 40
ROUNDS = 3


def _run(manager: InstanceManager, chip_ids: list[int], threads: int) -> tuple[float, float, int]:
    longest = 0.0
    locked = 0

    def one(chip_id: int) -> None:
        nonlocal longest, locked
        started = time.perf_counter()
        try:
            manager.check_connection(chip_id)
        except StoreUnavailable:
            locked += 1
        longest = max(longest, time.perf_counter() - started)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(one, chip_ids * ROUNDS))
    return time.perf_counter() - started, longest, locked


def main() -> int:
    with scratch_dir() as folder, Simulator(api_key=API_KEY) as sim:
        store = open_store(f"sqlite:///{Path(folder) / 'writers.sqlite3'}")
        client = EvolutionClient(sim.url, API_KEY)
        manager = InstanceManager(client, store)
        try:
            chip_ids = []
            for n in range(CHIPS):
                chip, _qr = manager.create(f"11 9{n:04d}-{n:04d}", f"writer-{n:02d}")
                sim.simulate_scan(chip.instance_name)
                chip_ids.append(chip.id)
            sim.set_faults(latency=LATENCY)
            rows = []
            calls = len(chip_ids) * ROUNDS
            latency = f"server latency {LATENCY * 1000:.0f} ms"
            for threads in (4, 1, 4, 1):
                wall, longest, locked = _run(manager, chip_ids, threads)
                rows.append(
                    info(
                        "dbwriters",
                        f"{calls} check_connection calls on {threads} thread(s), {latency}",
                        f"{wall * 1000:.0f} ms wall, longest call {longest * 1000:.0f} ms, {locked} locked",
                        wall,
                    )
                )
        finally:
            client.close()
            store.close()
    emit_rows(rows)
    for row in rows:
        print(f"{row.figure}: {row.measured}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
