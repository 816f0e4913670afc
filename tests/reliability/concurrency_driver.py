"""One evodesk process for the concurrency test: its own InstanceManager making changes to shared chips.

Usage: ``python concurrency_driver.py DB_URL SIM_URL KEY ACTOR SEED``. It prints ``ready``, then obeys one command
per line on stdin, answering each with one JSON line:

* ``change CHIP_ID [ACTION]``: read the chip, pick an action the window would offer for it (or ACTION), wait a
  random moment (so the other process can get in between), then act with the version it read, as the window does;
* ``sync``: one fleet refresh, as the window's timer does;
* ``end``: exit.

The test sends the same ``change`` to both processes at once, so every change overlaps one of the other process.
"""

from __future__ import annotations

import json
import random
import sys
import time

from evodesk.domain import Actor, Chip, ConnectionState
from evodesk.evolution import EvolutionClient
from evodesk.services import ChipCancelled, InstanceManager, NotConnectedForRestart
from evodesk.store import ChipConflict, open_store


def choose(chip: Chip, rng: random.Random) -> str:
    """An action the window would offer for this chip (``allowed`` in ui/main_window.py)."""
    roll = rng.random()
    if roll < 0.01:
        return "delete"
    if chip.connection_state is ConnectionState.OPEN:
        return "disconnect" if roll < 0.75 else "restart"
    if chip.connection_state is ConnectionState.CONNECTING:
        return "disconnect" if roll < 0.7 else "restart" if roll < 0.85 else "reconnect"
    return "reconnect"


def change(manager: InstanceManager, chip_id: int, rng: random.Random, forced: str | None) -> dict[str, object]:
    chip = manager.store.get_chip(chip_id)
    action = forced or choose(chip, rng)
    time.sleep(rng.uniform(0, 0.02))
    try:
        if action == "disconnect":
            manager.disconnect(chip_id, expected_version=chip.version)
        elif action == "reconnect":
            manager.reconnect(chip_id, expected_version=chip.version)
            manager.close_qr(chip_id)
        elif action == "restart":
            manager.restart(chip_id)
        else:
            manager.delete(chip_id, expected_version=chip.version)
        outcome = "ok"
    except ChipConflict:
        outcome = "conflict"
    except ChipCancelled:
        outcome = "cancelled"
    except NotConnectedForRestart:
        outcome = "refused"
    except Exception as exc:
        outcome = f"error: {type(exc).__name__}: {exc}"
    return {"chip": chip_id, "action": action, "version": chip.version, "outcome": outcome}


def main(argv: list[str]) -> int:
    db_url, sim_url, key, actor, seed = argv
    rng = random.Random(int(seed))
    store = open_store(db_url)
    client = EvolutionClient(sim_url, key, timeout=10, long_timeout=10)
    manager = InstanceManager(client, store, actor=Actor(actor, f"host-{actor}"))
    print("ready", flush=True)
    for line in sys.stdin:
        command, *args = line.split()
        if command == "end":
            break
        if command == "sync":
            try:
                manager.sync()
                answer: dict[str, object] = {"sync": "ok"}
            except Exception as exc:
                answer = {"sync": f"error: {type(exc).__name__}: {exc}"}
        else:
            answer = change(manager, int(args[0]), rng, args[1] if len(args) > 1 else None)
        print(json.dumps(answer), flush=True)
    client.close()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
