"""The task runner: work on pools, outcomes on the GUI thread, cancellation, clean shutdown."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication, QWidget

from evodesk.ui.tasks.runner import Pool, TaskRunner

pytestmark = pytest.mark.gui


def test_result_arrives_on_the_gui_thread(qtbot, runner: TaskRunner) -> None:
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.current_thread() is threading.main_thread()
        return 42

    def ok(value: object) -> None:
        seen["value"] = value
        seen["gui"] = QThread.currentThread() is QApplication.instance().thread()

    runner.submit(work, on_success=ok)
    qtbot.waitUntil(lambda: "value" in seen, timeout=3000)
    assert seen == {"worker": False, "value": 42, "gui": True}


def test_errors_are_delivered_not_raised(qtbot, runner: TaskRunner) -> None:
    errors: list[BaseException] = []
    finished: list[bool] = []

    def boom() -> None:
        raise ValueError("server said no")

    runner.submit(boom, on_error=errors.append, on_finished=lambda: finished.append(True))
    qtbot.waitUntil(lambda: bool(finished), timeout=3000)
    assert len(errors) == 1 and isinstance(errors[0], ValueError) and str(errors[0]) == "server said no"


def test_no_callback_after_owner_is_destroyed(qtbot, runner: TaskRunner) -> None:
    owner = QWidget()
    called: list[object] = []
    gate = threading.Event()
    runner.submit(lambda: gate.wait(2) and 1, on_success=called.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner), timeout=3000)
    gate.set()
    qtbot.waitUntil(lambda: runner.active == 0, timeout=3000)
    assert called == []


def _alive(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


def test_cancelled_job_never_calls_back(qtbot, runner: TaskRunner) -> None:
    gate = threading.Event()
    ran: list[int] = []
    called: list[object] = []
    # Fill the database pool (one thread) so the second job is still queued when cancelled.
    runner.submit(lambda: gate.wait(2), pool=Pool.DATABASE)
    handle = runner.submit(lambda: ran.append(1), on_success=called.append, pool=Pool.DATABASE)
    handle.cancel()
    gate.set()
    qtbot.waitUntil(lambda: runner.active == 0, timeout=3000)
    assert ran == [] and called == [] and handle.cancelled


def test_database_pool_runs_one_job_at_a_time(qtbot, runner: TaskRunner) -> None:
    lock = threading.Lock()
    state = {"now": 0, "max": 0, "done": 0}

    def job() -> None:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.02)
        with lock:
            state["now"] -= 1

    def done(_: object) -> None:
        state["done"] += 1

    for _ in range(5):
        runner.submit(job, on_success=done, pool=Pool.DATABASE)
    qtbot.waitUntil(lambda: state["done"] == 5, timeout=5000)
    assert state["max"] == 1


def test_network_pool_runs_jobs_in_parallel(qtbot, runner: TaskRunner) -> None:
    barrier = threading.Barrier(2, timeout=3)
    done: list[object] = []
    for _ in range(2):
        runner.submit(barrier.wait, on_success=done.append)
    qtbot.waitUntil(lambda: len(done) == 2, timeout=5000)


def test_gui_thread_keeps_running_while_work_blocks(qtbot, runner: TaskRunner) -> None:
    gate = threading.Event()
    runner.submit(lambda: gate.wait(3))
    ticks: list[float] = []
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)
    qtbot.wait(200)
    timer.stop()
    gate.set()
    assert len(ticks) >= 5


def test_shutdown_waits_for_running_workers_and_refuses_new_ones(qapp: QApplication) -> None:
    runner = TaskRunner()
    finished = threading.Event()

    def slow() -> None:
        time.sleep(0.2)
        finished.set()

    runner.submit(slow)
    time.sleep(0.05)
    assert runner.shutdown(5000)
    assert finished.is_set()
    late = runner.submit(lambda: None)
    assert late.cancelled
