"""Ghost connections: chips the list shows connected whose live ``connectionState`` says otherwise.

``fetchInstances`` reports the state the server last *saved*, which can outlive the session (a server restart, a
crash). ``GhostChecker`` asks the server about each chip given, a few at a time; the drift view gives it the
chips reported open that are visible in the table (``chips_in_view``): asking for a whole fleet would cost one
request per chip.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QTableView

from evodesk.domain import Chip, ConnectionState
from evodesk.services import InstanceManager, InstanceNotFound
from evodesk.ui.chips.proxy import ChipsFilterProxy
from evodesk.ui.tasks.runner import TaskRunner

# Ghost checks in flight at once (the network pool has a few more threads for the window's own work).
MAX_CHECKS_IN_FLIGHT = 3


@dataclass(frozen=True, slots=True)
class Ghost:
    """A chip the list shows connected while the server's live state says otherwise (``None``: instance gone)."""

    chip: Chip
    live: ConnectionState | None


def chips_in_view(table: QTableView, proxy: ChipsFilterProxy) -> list[Chip]:
    """The chips of the table rows visible in its viewport now, top to bottom."""
    rows = proxy.rowCount()
    if rows == 0:
        return []
    viewport = table.viewport()
    first = table.rowAt(0)
    last = table.rowAt(viewport.height() - 1)
    first = 0 if first < 0 else first
    last = rows - 1 if last < 0 else last
    chips = [proxy.chip(proxy.index(row, 0)) for row in range(first, last + 1)]
    return [chip for chip in chips if chip is not None]


class GhostChecker(QObject):
    """Asks ``connectionState`` for each chip given, at most ``MAX_CHECKS_IN_FLIGHT`` requests at a time.

    ``finished`` carries the ghosts found (chips whose live state is not ``open``, or whose instance is gone)
    and how many chips could not be asked (server errors).
    """

    # (list of Ghost, number of chips that could not be checked)
    finished = Signal(object, int)

    def __init__(self, runner: TaskRunner, manager: InstanceManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._manager = manager
        self._queue: list[Chip] = []
        self._in_flight = 0
        self._ghosts: list[Ghost] = []
        self._failed = 0
        self._running = False
        self.checked = 0

    @property
    def running(self) -> bool:
        """True while a check is under way."""
        return self._running

    def check(self, chips: Sequence[Chip]) -> bool:
        """Check the chips reported ``open`` among ``chips``; False when a check is already running."""
        if self._running:
            return False
        self._queue = [chip for chip in chips if chip.connection_state is ConnectionState.OPEN]
        self._ghosts = []
        self._failed = 0
        self.checked = len(self._queue)
        self._running = True
        if not self._queue:
            self._done()
            return True
        for _ in range(min(MAX_CHECKS_IN_FLIGHT, len(self._queue))):
            self._next()
        return True

    def _next(self) -> None:
        if not self._queue:
            if self._in_flight == 0:
                self._done()
            return
        chip = self._queue.pop(0)
        self._in_flight += 1
        manager = self._manager
        name = chip.instance_name
        self._runner.submit(
            lambda: manager.server_state(name),
            on_success=lambda state: self._on_state(chip, state),
            on_error=lambda exc: self._on_error(chip, exc),
            on_finished=self._on_finished,
            owner=self,
        )

    def _on_state(self, chip: Chip, state: ConnectionState) -> None:
        if state is not ConnectionState.OPEN:
            self._ghosts.append(Ghost(chip, state))

    def _on_error(self, chip: Chip, exc: BaseException) -> None:
        if isinstance(exc, InstanceNotFound):
            self._ghosts.append(Ghost(chip, None))
        else:
            self._failed += 1

    def _on_finished(self) -> None:
        self._in_flight -= 1
        self._next()

    def _done(self) -> None:
        self._running = False
        self.finished.emit(list(self._ghosts), self._failed)
