"""One evodesk process refreshing a shared fleet, for the transitions-recorded-once test.

Usage: ``python health_sync_driver.py DB_URL SIM_URL KEY ACTOR``. It prints ``ready``, then obeys one command per
line on stdin and answers each with one JSON line:

* ``sync AT``: wait until the wall clock reads ``AT`` (both processes get the same moment), run one fleet refresh
  as the window's timer does, and answer with when it started and ended (``time.time()``);
* ``end``: exit.
"""

from __future__ import annotations

import json
import sys
import time

from evodesk.domain import Actor
from evodesk.evolution import EvolutionClient
from evodesk.services import InstanceManager
from evodesk.store import open_store


def main() -> None:
    database_url, sim_url, key, actor = sys.argv[1:5]
    with open_store(database_url) as store, EvolutionClient(sim_url, key, timeout=10) as client:
        manager = InstanceManager(client, store, actor=Actor(os_user=actor, host="race"))
        print("ready", flush=True)
        for line in sys.stdin:
            command, *args = line.split()
            if command == "end":
                return
            moment = float(args[0])
            time.sleep(max(0.0, moment - time.time()))
            started = time.time()
            manager.sync()
            print(json.dumps({"started": started, "ended": time.time()}), flush=True)


if __name__ == "__main__":
    main()
