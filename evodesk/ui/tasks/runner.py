"""The one bridge between Qt and the services: run a function on a worker thread, get its outcome on the GUI thread.

Network work runs on a small pool; database work on a pool of one thread (SQLite allows one writer, and one
thread keeps its connection use simple). Workers never touch widgets: they return frozen dataclasses, and the
callbacks run on the GUI thread.

Each job's outcome travels through a signal of this runner (an object living on the GUI thread), so delivery
is queued onto the GUI thread whatever thread emits it, and no signals object is ever deleted on a pool thread.
"""

from __future__ import annotations

import enum
import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("evodesk.ui.tasks")


class Pool(enum.Enum):
    """Which pool a job runs on."""

    NETWORK = "network"
    DATABASE = "database"


class TaskHandle:
    """A submitted job: cancel it, or ask whether it is still running."""

    def __init__(self, job_id: int, runner: TaskRunner) -> None:
        self.job_id = job_id
        self._runner = runner
        self._cancelled = threading.Event()
        self.done = False

    @property
    def cancelled(self) -> bool:
        """True once ``cancel`` was called; its callbacks will not run."""
        return self._cancelled.is_set()

    def cancel(self) -> None:
        """Drop the job if it has not started, and in any case never call its callbacks."""
        self._cancelled.set()
        self._runner._drop_queued(self.job_id)


@dataclass
class _Callbacks:
    handle: TaskHandle
    on_success: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    on_finished: Callable[[], None] | None
    owner: QObject | None
    runnable: _Job
    pool: QThreadPool


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable[[], Any], handle: TaskHandle, emit: Callable[..., None]) -> None:
        super().__init__()
        # The runner keeps the Python object alive until its outcome is delivered; Qt must not delete it.
        self.setAutoDelete(False)
        self._job_id = job_id
        self._fn = fn
        self._handle = handle
        self._emit = emit

    def run(self) -> None:
        if self._handle.cancelled:
            self._emit(self._job_id, False, None)
            return
        try:
            result = self._fn()
        except BaseException as exc:  # a worker must never take the process down
            self._emit(self._job_id, False, exc)
        else:
            self._emit(self._job_id, True, result)


class TaskRunner(QObject):
    """Runs callables on worker pools and delivers their outcome on the GUI thread."""

    _delivered = Signal(int, bool, object)
    # Number of jobs submitted but not yet delivered (for busy indicators).
    activeChanged = Signal(int)

    def __init__(self, *, network_threads: int = 4, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._network = QThreadPool(self)
        self._network.setMaxThreadCount(max(1, network_threads))
        self._database = QThreadPool(self)
        self._database.setMaxThreadCount(1)
        self._ids = itertools.count(1)
        self._jobs: dict[int, _Callbacks] = {}
        self._closing = False
        self._delivered.connect(self._deliver)

    @property
    def active(self) -> int:
        """Jobs submitted and not yet delivered."""
        return len(self._jobs)

    def submit(
        self,
        fn: Callable[[], Any],
        *,
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_finished: Callable[[], None] | None = None,
        pool: Pool = Pool.NETWORK,
        owner: QObject | None = None,
    ) -> TaskHandle:
        """Run ``fn()`` on a worker; call ``on_success(result)`` or ``on_error(exc)`` then ``on_finished()``.

        The callbacks run on the GUI thread, and not at all when ``owner`` (typically the widget that asked)
        has been destroyed meanwhile or the job was cancelled.
        """
        job_id = next(self._ids)
        handle = TaskHandle(job_id, self)
        if self._closing:
            handle.cancel()
            return handle
        target = self._database if pool is Pool.DATABASE else self._network
        runnable = _Job(job_id, fn, handle, self._delivered.emit)
        self._jobs[job_id] = _Callbacks(handle, on_success, on_error, on_finished, owner, runnable, target)
        target.start(runnable)
        self.activeChanged.emit(len(self._jobs))
        return handle

    @Slot(int, bool, object)
    def _deliver(self, job_id: int, ok: bool, payload: object) -> None:
        job = self._jobs.pop(job_id, None)
        if job is None:
            return
        job.handle.done = True
        self.activeChanged.emit(len(self._jobs))
        if job.handle.cancelled or self._closing:
            return
        if job.owner is not None and not shiboken6.isValid(job.owner):
            return
        try:
            if ok:
                if job.on_success is not None:
                    job.on_success(payload)
            elif isinstance(payload, BaseException):
                if job.on_error is not None:
                    job.on_error(payload)
                else:
                    log.error("background task failed", exc_info=payload)
        finally:
            if job.on_finished is not None:
                job.on_finished()

    def _drop_queued(self, job_id: int) -> None:
        job = self._jobs.get(job_id)
        if job is not None and job.pool.tryTake(job.runnable):
            self._jobs.pop(job_id, None)
            job.handle.done = True
            self.activeChanged.emit(len(self._jobs))

    def cancel_all(self) -> None:
        """Cancel every job (queued ones are dropped, running ones finish without callbacks)."""
        for job in list(self._jobs.values()):
            job.handle.cancel()

    def shutdown(self, timeout_ms: int = 15000) -> bool:
        """Stop accepting jobs, cancel the rest and wait for running workers; True if all finished in time."""
        self._closing = True
        self.cancel_all()
        finished = self._network.waitForDone(timeout_ms)
        finished = self._database.waitForDone(timeout_ms) and finished
        self._jobs.clear()
        return finished
