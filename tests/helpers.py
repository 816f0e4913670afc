"""Helpers shared by the test modules: a rig of real parts, a GUI heartbeat, waiting with a deadline, answering
dialogs, selecting rows in the window.

The fixtures that build these (``rig_factory``, ``fleet``, ``runner``, ``open_window``) are in ``conftest.py``.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget

from evodesk.domain import Chip
from evodesk.evolution import EvolutionClient
from evodesk.services import InstanceManager
from evodesk.simulator import Simulator
from evodesk.store import Store

T = TypeVar("T")

#: ``open_window``: opens the real window (see conftest.py).
OpenWindow = Callable[..., Any]

#: The API key every test simulator is started with.
KEY = "test-key"


class FakeClock:
    """A monotonic clock that moves only when told to: time in a test without sleeping."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class FakeTimer(QTimer):
    """A QTimer that never fires by itself: ``fire()`` runs it, if it is armed, when the test says so."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._armed = False

    def start(self, *_msec: int) -> None:  # type: ignore[override]
        self._armed = True

    def stop(self) -> None:
        self._armed = False

    def isActive(self) -> bool:
        return self._armed

    def fire(self) -> bool:
        """Time out now if armed (a single-shot timer disarms first); False when it was not armed."""
        if not self._armed:
            return False
        if self.isSingleShot():
            self._armed = False
        self.timeout.emit()
        return True


class FakeTimers:
    """A ``timers`` factory for the QR dialog: every timer it made, fired only by ``fire_all``."""

    def __init__(self) -> None:
        self.made: list[FakeTimer] = []

    def __call__(self, parent: QObject) -> QTimer:
        timer = FakeTimer(parent)
        self.made.append(timer)
        return timer

    def armed(self) -> list[FakeTimer]:
        return [timer for timer in self.made if timer.isActive()]

    def fire_all(self) -> int:
        """Fire every armed timer once; how many fired."""
        return sum(timer.fire() for timer in list(self.made))


@dataclass
class Rig:
    """A simulator, a real SQLite file and the services over them, to put chips in states as the window would.

    ``url`` is the database the window is opened on; ``home`` the data folder it is given.
    """

    sim: Simulator
    client: EvolutionClient
    store: Store
    manager: InstanceManager
    url: str
    home: Path

    def waiting(self, phone: str, name: str) -> Chip:
        return self.manager.create(phone, name)[0]

    def connected(self, phone: str, name: str, profile: str | None = None) -> Chip:
        chip = self.waiting(phone, name)
        self.sim.simulate_scan(name, profile_name=profile)
        self.manager.sync()
        return self.store.get_chip(chip.id)

    def dropped(self, phone: str, name: str, code: int = 401) -> Chip:
        chip = self.connected(phone, name)
        self.sim.drop_connection(name, code)
        self.manager.sync()
        return self.store.get_chip(chip.id)

    def cancelled(self, phone: str, name: str) -> Chip:
        chip = self.waiting(phone, name)
        return self.manager.delete(chip.id)


#: The GUI thread must never stall longer than this while a fault is active (design budget is 50 ms; the
#: suite allows for a loaded CI machine).
MAX_GAP_S = 0.2


@dataclass
class Heartbeat:
    """A 10 ms QTimer on the GUI thread; its largest gap is how long the event loop was blocked."""

    ticks: list[float] = field(default_factory=list)

    @property
    def max_gap(self) -> float:
        gaps = [later - earlier for earlier, later in itertools.pairwise(self.ticks)]
        return max(gaps) if gaps else float("inf")

    def check(self, min_ticks: int = 20) -> None:
        assert len(self.ticks) >= min_ticks, f"the heartbeat ran only {len(self.ticks)} times"
        assert self.max_gap < MAX_GAP_S, f"the GUI thread stalled for {self.max_gap * 1000:.0f} ms"

    def settle(self, qtbot: Any, ticks: int = 30) -> None:
        """Keep the event loop (and the fault) running until the heartbeat has beaten ``ticks`` times."""
        qtbot.waitUntil(lambda: len(self.ticks) >= ticks, timeout=10000)


@contextmanager
def heartbeat() -> Iterator[Heartbeat]:
    beat = Heartbeat()
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: beat.ticks.append(time.perf_counter()))
    timer.start()
    try:
        yield beat
    finally:
        timer.stop()


def wait_for(predicate: Callable[[], T], timeout: float = 10.0, what: str = "condition") -> T:
    """Poll ``predicate`` (no Qt event loop) until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} not met within {timeout:g} s")
        time.sleep(0.02)


def answer_confirmation(accept: bool) -> list[str]:
    """Answer the next confirmation box (it runs its own event loop); returns the questions seen."""
    seen: list[str] = []
    attempts = [0]

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "confirmDialog":
            seen.append(box.text())
            button = (
                box.findChild(QAbstractButton, "confirmButton")
                if accept
                else box.button(QMessageBox.StandardButton.Cancel)
            )
            assert button is not None
            button.click()
        elif attempts[0] < 500:
            attempts[0] += 1
            QTimer.singleShot(10, answer)

    QTimer.singleShot(0, answer)
    return seen


def error_boxes(window: QWidget) -> list[QMessageBox]:
    return [box for box in window.findChildren(QMessageBox, "errorMessageBox") if box.isVisible()]


def take_error_box(qtbot: Any, window: QWidget, timeout: int = 10000) -> tuple[str, str]:
    """Wait for the window's error message box, close it and return its (title, text)."""
    qtbot.waitUntil(lambda: bool(error_boxes(window)), timeout=timeout)
    box = error_boxes(window)[-1]
    title, text = box.windowTitle(), box.text()
    box.close()
    return title, text


def row(chip: Chip) -> tuple[object, ...]:
    """What the operator would call "the chip": every stored field but the bookkeeping timestamps."""
    return (
        chip.id,
        chip.phone,
        chip.instance_name,
        chip.status,
        chip.evolution_connected,
        chip.connection_state,
        chip.version,
        chip.cancelled_at,
    )


def rows(store: Store) -> dict[int, tuple[object, ...]]:
    return {chip.id: row(chip) for chip in store.list_chips(include_cancelled=True)}


def select(qtbot: Any, window: Any, chip: Chip) -> None:
    assert window.select_chip(chip.id), f"chip {chip.instance_name} is not in the table"
    qtbot.waitUntil(lambda: [c.id for c in window.selected_chips()] == [chip.id], timeout=2000)
    QApplication.processEvents()


def wait_synced(qtbot: Any, window: Any, timeout: int = 10000) -> None:
    qtbot.waitUntil(lambda: window.refresh.last_sync is not None and not window.refresh.syncing, timeout=timeout)
