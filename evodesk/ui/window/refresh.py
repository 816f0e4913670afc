"""The fleet refresh controller: when to ask the server for every chip, one request at a time.

A single-shot timer re-armed after each answer (``Settings.sync_interval``), doubled after consecutive failures
up to ``MAX_BACKOFF`` times and never before the circuit breaker lets a probe through; paused while the window is
minimised. It only schedules and reports: the window shows what its signals say.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from evodesk.config import Settings
from evodesk.domain import SyncReport
from evodesk.services import EvolutionUnavailable, InstanceManager
from evodesk.ui.tasks.runner import TaskRunner

log = logging.getLogger("evodesk.ui.main_window")

# Sync interval multiplier after consecutive failures: 1, 2, then 4 at most.
MAX_BACKOFF = 4


class RefreshController(QObject):
    """Runs ``InstanceManager.sync`` on the runner's network pool; see the module docstring."""

    # A refresh was sent.
    started = Signal()
    # A refresh answered (``SyncReport``).
    synced = Signal(object)
    # A refresh ended, well or not; the argument is its error or None. ``next_sync_at`` is set by then.
    finished = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        settings: Settings,
        minimised: Callable[[], bool] = lambda: False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._minimised = minimised
        self._runner = runner
        self._settings = settings
        self._manager: InstanceManager | None = None
        self._in_flight = False
        self._again = False
        self._error: BaseException | None = None
        self._failures = 0
        self._paused = False
        self._stopped = False
        self.synced_once = False
        self.last_sync: datetime | None = None
        self.next_sync_at: float | None = None
        self._timer = QTimer(self)
        self._timer.setObjectName("syncTimer")
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.request)

    @property
    def syncing(self) -> bool:
        """True while a fleet refresh is in flight."""
        return self._in_flight

    @property
    def failures(self) -> int:
        """Consecutive refreshes that failed (0 after a success)."""
        return self._failures

    def set_manager(self, manager: InstanceManager) -> None:
        """The backend is open: refreshes can run."""
        self._manager = manager

    def request(self) -> None:
        """Refresh every chip from the server now (one request); at most one refresh runs at a time."""
        if self._manager is None or self._stopped:
            return
        if self._in_flight:
            self._again = True
            return
        self._timer.stop()
        self.next_sync_at = None
        self._in_flight = True
        self.started.emit()
        manager = self._manager
        self._runner.submit(
            lambda: without_cyclic_gc(manager.sync),
            on_success=self._on_synced,
            on_error=self._on_failed,
            on_finished=self._on_finished,
            owner=self,
        )

    def retry_now(self) -> None:
        """Forget the circuit breaker's wait and refresh."""
        if self._manager is None:
            return
        self._manager.retry_now()
        self.request()

    def pause(self) -> None:
        """The window was minimised: no periodic refresh until ``resume``."""
        self._timer.stop()
        self.next_sync_at = None
        self._paused = True

    def resume(self) -> None:
        """The window is shown again: refresh at once if refreshes were paused."""
        if self._paused:
            self._paused = False
            self.request()

    def stop(self) -> None:
        """The window is closing: no more refreshes."""
        self._stopped = True
        self._timer.stop()

    def take(self, report: SyncReport) -> None:
        """A refresh run elsewhere answered (the live events' resync after a (re)connect): shown as this one's."""
        if self._stopped or self._manager is None:
            return
        self._on_synced(report)
        if not self._in_flight:
            self._timer.stop()
            self._schedule_next()
            self.finished.emit(None)

    def _on_synced(self, report: SyncReport) -> None:
        self.synced_once = True
        self._error = None
        self._failures = 0
        self.last_sync = report.at
        self.synced.emit(report)

    def _on_failed(self, exc: BaseException) -> None:
        self._failures += 1
        self._error = exc
        if isinstance(exc, EvolutionUnavailable):
            log.info("refresh failed: %s", exc)
        else:
            log.warning("refresh failed", exc_info=exc)

    def _on_finished(self) -> None:
        self._in_flight = False
        if self._stopped:
            return
        if self._again:
            self._again = False
            self.request()
            return
        self._schedule_next()
        self.finished.emit(self._error)

    def _schedule_next(self) -> None:
        if self._paused or self._minimised():
            self._paused = True
            self.next_sync_at = None
            return
        delay = self._settings.sync_interval * min(2**self._failures, MAX_BACKOFF)
        if self._manager is not None and self._failures:
            retry_at = self._manager.health().retry_at
            if retry_at is not None:
                # Asking before the breaker lets a probe through would only fail fast again.
                delay = max(delay, retry_at - time.time() + 0.2)
        self.next_sync_at = time.time() + delay
        self._timer.start(max(0, int(delay * 1000)))


def without_cyclic_gc(work: Callable[[], SyncReport]) -> SyncReport:
    """Run a fleet refresh (on a worker) with the cyclic garbage collector held off, for the GUI thread's sake.

    A refresh of 10,000 chips allocates a few hundred thousand objects (the decoded answer, the rows, the chips);
    the collector would run full collections over the whole heap meanwhile, each one stopping every thread for
    tens of milliseconds, the GUI thread included. None of these objects form cycles: reference counting frees
    them, and the collector resumes afterwards. Measured after the JSON answer was decoded in slices, the pause
    still halves the largest GUI gap of that refresh (bench/README.md).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return work()
    finally:
        if was_enabled:
            gc.enable()
