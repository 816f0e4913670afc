"""The backend's life cycle: open it on the database worker, hand it out when ready, close it with the window.

``open_backend`` builds the ``InstanceManager`` (opening and migrating the database, creating the client); it runs
on the runner's database pool, so the window paints before it is ready. A failure can be retried (the database
banner's "Retry now"). The server's version is asked once the backend is open, and again after a refresh until
it is known.

Live events: once the manager is open, ``open_live(manager)`` builds the ``LiveFleet`` that listens to the
server's Socket.IO events; its listeners run on its own threads and are re-emitted here as Qt signals, which Qt
queues to the GUI thread. ``start()`` returns at once (the probe and the socket are on its threads); ``stop()``
joins them, so it runs when the window closes, after it was hidden.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from evodesk.domain import LiveStatus, ServerInfo
from evodesk.services import InstanceManager, LiveFleet
from evodesk.ui.tasks.runner import Pool, TaskRunner

log = logging.getLogger("evodesk.ui.main_window")


class Backend(QObject):
    """Owns the ``InstanceManager`` of a window; see the module docstring."""

    # The backend is open (``InstanceManager``).
    ready = Signal(object)
    # Opening it failed (the exception).
    failed = Signal(object)
    # The server's version became known (``ServerInfo``).
    serverInfoChanged = Signal(object)
    # The live events (``LiveFleet``'s listeners), delivered on the GUI thread: live or polling and why
    # (``LiveStatus``); what an open QR dialog shows now (chip id, ``PollResult``); a row that changed
    # (``Chip``); a connected chip that dropped (``Chip``); drift (``DriftNotice``); the resync after every
    # (re)connect (``SyncReport``).
    liveStatusChanged = Signal(object)
    liveDialog = Signal(int, object)
    liveChip = Signal(object)
    liveDrop = Signal(object)
    liveDrift = Signal(object)
    liveSynced = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        open_backend: Callable[[], InstanceManager],
        parent: QObject | None = None,
        *,
        open_live: Callable[[InstanceManager], LiveFleet] | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._open_backend = open_backend
        self._open_live = open_live
        self.live: LiveFleet | None = None
        self._closed = False
        self._opening = False
        self._server_info_pending = False
        self.manager: InstanceManager | None = None
        self.error: BaseException | None = None
        self.server_info: ServerInfo | None = None

    def open(self) -> None:
        """Start opening the backend on the database worker (again after a failure); nothing if it is open."""
        if self._closed or self.manager is not None or self._opening:
            return
        self._opening = True
        self.error = None
        self._runner.submit(
            self._build, on_success=self._on_ready, on_error=self._on_failed, pool=Pool.DATABASE, owner=self
        )

    def _build(self) -> InstanceManager:
        # Runs on the database worker.
        manager = self._open_backend()
        if self._closed:
            # The window went away while the database was opening: nobody will close it otherwise.
            manager.close()
        return manager

    def _on_ready(self, manager: InstanceManager) -> None:
        self._opening = False
        self.manager = manager
        self.ready.emit(manager)
        self._start_live(manager)

    def _start_live(self, manager: InstanceManager) -> None:
        if self._open_live is None or self._closed:
            return
        try:
            live = self._open_live(manager)
        except Exception:  # polling goes on as before; the status bar says nothing of live events then
            log.exception("live events cannot be set up")
            return
        # Emitted from LiveFleet's threads: Qt queues each to the receivers on the GUI thread.
        live.listen(
            on_status=self.liveStatusChanged.emit,
            on_dialog=self.liveDialog.emit,
            on_chip=self.liveChip.emit,
            on_drop=self.liveDrop.emit,
            on_drift=self.liveDrift.emit,
            on_sync=self.liveSynced.emit,
        )
        self.live = live
        try:
            live.start()
        except Exception:
            log.exception("live events cannot start")

    @property
    def live_status(self) -> LiveStatus | None:
        """Live or polling and why; None before the backend is open (or without live events at all)."""
        return self.live.status if self.live is not None else None

    def _on_failed(self, exc: BaseException) -> None:
        self._opening = False
        log.error("cannot open the database or the server client", exc_info=exc)
        self.error = exc
        self.failed.emit(exc)

    def fetch_server_info(self) -> None:
        """Ask the server for its version (once at a time), unless it is known."""
        if self.manager is None or self._server_info_pending or self.server_info is not None:
            return
        self._server_info_pending = True
        self._runner.submit(
            self.manager.server_info,
            on_success=self._on_server_info,
            on_error=lambda exc: log.info("server version unavailable: %s", exc),
            on_finished=self._server_info_done,
            owner=self,
        )

    def _on_server_info(self, info: ServerInfo) -> None:
        self.server_info = info
        self.serverInfoChanged.emit(info)

    def _server_info_done(self) -> None:
        self._server_info_pending = False

    def close(self) -> None:
        """Close the manager (after the workers stopped); an opening still under way closes its own."""
        self._closed = True
        live, self.live = self.live, None
        if live is not None:
            live.stop()
        if self.manager is not None:
            self.manager.close()
