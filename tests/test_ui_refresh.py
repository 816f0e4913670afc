"""The fleet refresh controller against the real simulator and a real SQLite file: the collector held off during a
refresh, back-off after failures, one refresh at a time, pause while minimised."""

from __future__ import annotations

import gc
import time
from typing import Any

import pytest

from evodesk.config import Settings
from evodesk.domain import SyncReport
from evodesk.services import EvolutionUnavailable
from evodesk.ui.tasks.runner import TaskRunner
from evodesk.ui.window.refresh import MAX_BACKOFF, RefreshController
from helpers import Rig

pytestmark = pytest.mark.gui


def controller(runner: TaskRunner, rig: Rig, interval: float = 60.0) -> RefreshController:
    refresh = RefreshController(runner, Settings(sync_interval=interval))
    refresh.set_manager(rig.manager)
    return refresh


def test_a_refresh_runs_with_the_collector_held_off_and_puts_it_back(
    qtbot: Any, runner: TaskRunner, rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    original = rig.client.fetch_instances

    def watching(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)

    monkeypatch.setattr(rig.client, "fetch_instances", watching)
    refresh = controller(runner, rig)
    reports: list[SyncReport] = []
    refresh.synced.connect(reports.append)
    with qtbot.waitSignal(refresh.finished, timeout=10000) as finished:
        refresh.request()
    assert finished.args == [None] and len(reports) == 1 and refresh.last_sync == reports[0].at
    assert seen == [False] and gc.isenabled()

    rig.sim.set_faults(mode="5xx", fail_rate=1.0)
    with qtbot.waitSignal(refresh.finished, timeout=10000) as finished:
        refresh.request()
    assert isinstance(finished.args[0], EvolutionUnavailable) and gc.isenabled()
    refresh.stop()


def test_failures_back_off_and_one_refresh_runs_at_a_time(qtbot: Any, runner: TaskRunner, rig: Rig) -> None:
    rig.sim.set_faults(mode="5xx", fail_rate=1.0)
    refresh = controller(runner, rig, interval=10.0)
    started: list[int] = []
    refresh.started.connect(lambda: started.append(1))
    with qtbot.waitSignal(refresh.finished, timeout=10000):
        refresh.request()
        refresh.request()  # asked again while one is in flight: runs once more afterwards, not beside it
        assert refresh.syncing and len(started) == 1
    qtbot.waitUntil(lambda: len(started) == 2 and not refresh.syncing, timeout=10000)
    assert refresh.failures == 2
    assert refresh.next_sync_at is not None
    # Two failures: the interval is multiplied (at most MAX_BACKOFF times), never shortened by the breaker.
    assert refresh.next_sync_at - time.time() >= 10.0 * min(2**2, MAX_BACKOFF) - 1.0
    refresh.stop()


def test_minimised_no_refresh_is_scheduled_until_shown_again(qtbot: Any, runner: TaskRunner, rig: Rig) -> None:
    minimised = [True]
    refresh = RefreshController(runner, Settings(sync_interval=0.05), lambda: minimised[0])
    refresh.set_manager(rig.manager)
    with qtbot.waitSignal(refresh.finished, timeout=10000):
        refresh.request()
    assert refresh.next_sync_at is None, "nothing armed while minimised"
    minimised[0] = False
    with qtbot.waitSignal(refresh.started, timeout=5000):
        refresh.resume()
    qtbot.waitUntil(lambda: not refresh.syncing, timeout=10000)
    assert refresh.next_sync_at is not None
    refresh.stop()
