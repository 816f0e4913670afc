"""Two evodesk processes on one PostgreSQL database making overlapping changes to the same chips.

Each process (concurrency_driver.py) has its own InstanceManager and acts the way the window does: read the chip,
then act with the version it read. Afterwards the audit trail must explain every row (no lost update), every
attempt must be accounted for as a success or a reported refusal, and the server must agree with the database.
Two stores in one process racing on the same version are already covered by tests/test_store.py
(test_racing_updates_with_the_same_version_one_wins); this is the multi-process, end-to-end version.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from evodesk.domain import Actor, ChipStatus
from evodesk.evolution import EvolutionClient
from evodesk.services import InstanceManager
from evodesk.simulator import Simulator
from evodesk.store import open_store
from helpers import wait_for

from .conftest import Ledger

pytestmark = [pytest.mark.reliability, pytest.mark.postgres]

KEY = "concurrency-key-8d21"
CAT = "concurrency"
DRIVER = Path(__file__).with_name("concurrency_driver.py")
ACTORS = ("proc-a", "proc-b")
# Changes each process makes, every one of them at the same moment as one of the other process.
CHANGES = 50
DELETE_ROUNDS = {12, 27, 41}
# Actions whose audit event comes with a version bump (update_chip); the others are events alone.
EVENT_ONLY = {"create", "reconnect", "restart"}


Reports = dict[str, dict[str, list[Any]]]


def send(processes: list[subprocess.Popen[str]], reports: Reports, commands: list[str]) -> None:
    """One command to each process at the same moment, then their answers."""
    for process, command in zip(processes, commands, strict=True):
        assert process.stdin is not None
        process.stdin.write(command + "\n")
        process.stdin.flush()
    for actor, process in zip(ACTORS, processes, strict=True):
        assert process.stdout is not None
        answer = json.loads(process.stdout.readline())
        reports[actor]["syncs" if "sync" in answer else "attempts"].append(answer)


def test_two_processes_changing_the_same_chips_lose_nothing(
    postgres_url: str, sim_factory: Callable[..., Simulator], ledger: Ledger
) -> None:
    sim = sim_factory(api_key=KEY, delete_delay=0.2)
    store = open_store(postgres_url)
    client = EvolutionClient(sim.url, KEY)
    setup = InstanceManager(client, store, actor=Actor("setup", "ci"))
    try:
        chips = [setup.create(f"11 98765-{2000 + n}", f"race-{n}")[0] for n in range(5)]
        setup.disconnect(chips[0].id)  # some start closed, some connecting
        processes = [
            subprocess.Popen(
                [sys.executable, str(DRIVER), postgres_url, sim.url, KEY, actor, str(seed)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for seed, actor in enumerate(ACTORS, start=7)
        ]
        for process in processes:
            assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        reports: Reports = {actor: {"attempts": [], "syncs": []} for actor in ACTORS}
        rounds = random.Random(2024)
        for index in range(CHANGES):
            alive = [c for c in store.list_chips(include_cancelled=False) if c.id in {x.id for x in chips}]
            target = rounds.choice(alive or chips).id
            # Both processes get the same chip at once: every change overlaps one of the other process. Now and
            # then one of them deletes it while the other changes it.
            forced = " delete" if index in DELETE_ROUNDS else ""
            send(processes, reports, [f"change {target}{forced}", f"change {target}"])
            if index % 2 == 1:
                if rounds.random() < 0.5:
                    # Meanwhile a phone scans one of the QR codes on offer.
                    offering = [n for n in sim.instance_names() if sim.state_of(n) == "connecting"]
                    if offering:
                        sim.simulate_scan(rounds.choice(offering))
                send(processes, reports, ["sync", "sync"])  # the window's periodic refresh
        for process in processes:
            _out, err = process.communicate("end\n", timeout=30)
            assert process.returncode == 0, err
        ledger.add(CAT, processes=len(processes))

        # -- every attempt is a success or a reported refusal ----------------------------------------------
        outcomes: Counter[str] = Counter()
        for report in reports.values():
            errors = [a for a in report["attempts"] if a["outcome"].startswith("error")]
            assert errors == [], errors
            assert all(s["sync"] == "ok" for s in report["syncs"]), report["syncs"]
            outcomes.update(a["outcome"] for a in report["attempts"])
        attempts = sum(outcomes.values())
        assert attempts == len(ACTORS) * CHANGES
        reported = outcomes["conflict"] + outcomes["cancelled"] + outcomes["refused"]
        assert outcomes["ok"] + reported == attempts, outcomes
        assert outcomes["ok"] > 0 and outcomes["conflict"] > 0, f"the changes did not overlap: {outcomes}"
        ledger.add(
            CAT,
            attempts=attempts,
            successes=outcomes["ok"],
            conflicts_reported=outcomes["conflict"],
            cancelled_reported=outcomes["cancelled"],
            refused_reported=outcomes["refused"],
            unreported=attempts - outcomes["ok"] - reported,
        )

        # -- the audit trail explains every row: no lost update --------------------------------------------
        final = {chip.id: store.get_chip(chip.id) for chip in chips}
        for chip in chips:
            events = sorted(store.list_events(chip_id=chip.id), key=lambda e: e.id)
            assert events[0].action == "create"
            writes = [e for e in events if e.action not in EVENT_ONLY]
            now = final[chip.id]
            assert now.version == 1 + len(writes), (chip.instance_name, now.version, [e.action for e in writes])
            status = ChipStatus.PENDING
            for event in writes:
                # Each write saw the previous one's result: nobody overwrote a row they had not read.
                assert event.status_before is status, (chip.instance_name, event)
                status = event.status_after or status
            assert now.status is status
            deletes = [e for e in writes if e.action == "delete"]
            assert len(deletes) <= 1, f"{chip.instance_name} was deleted twice"
            if deletes:
                assert writes[-1] is deletes[0], f"{chip.instance_name} was changed after its delete"
        # Each success left exactly one event of its own, and no refused attempt left one.
        for actor, report in reports.items():
            done = Counter(a["action"] for a in report["attempts"] if a["outcome"] == "ok")
            logged = Counter(
                e.action
                for chip in chips
                for e in store.list_events(chip_id=chip.id, os_user=actor)
                if e.action in ("disconnect", "reconnect", "restart", "delete")
            )
            assert logged == done, (actor, logged, done)
        lost = ledger.chips(CAT, expected={c.id for c in chips}, present={c.id for c in store.list_chips()})
        assert lost == 0

        # -- the server agrees with the database -----------------------------------------------------------
        live = {c.instance_name for c in final.values() if c.status is not ChipStatus.CANCELLED}
        gone = {c.instance_name for c in final.values() if c.status is ChipStatus.CANCELLED}
        wait_for(lambda: set(sim.instance_names()) == live, 5, f"server instances == {sorted(live)}")
        assert not gone & set(sim.instance_names())
        refresh = setup.sync()
        assert refresh.unknown_instances == () and refresh.missing_instances == ()
        for chip in store.list_chips(include_cancelled=False):
            assert chip.connection_state.value == sim.state_of(chip.instance_name), chip.instance_name
        ledger.add(CAT, changes_checked=attempts, chips_deleted=len(gone))
    finally:
        client.close()
        store.close()
