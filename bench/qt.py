"""Qt helpers of the benchmarks that drive the real window: waiting, the heartbeat, paint probes."""

from __future__ import annotations

import faulthandler
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QEventLoop,
    QMessageLogContext,
    QObject,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QWidget

from bench.common import API_KEY, percentile

# Said by the offscreen platform plugin for every dialog; it says nothing about evodesk.
_HARMLESS_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)


def _qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if message not in _HARMLESS_QT_MESSAGES:
        print(f"qt: {message}", file=sys.stderr)


def application() -> QApplication:
    """The process's QApplication (created on first use)."""
    app = QApplication.instance()
    if app is None:
        # Read when the application is created: no window ever shows on the desktop running the benchmarks.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        qInstallMessageHandler(_qt_message)
        # The scenarios provoke timeouts and errors on purpose; only what evodesk logs as an error is worth seeing.
        logging.basicConfig(level=logging.ERROR)
        # A benchmark stuck for ten minutes prints where every thread is, so the hang can be diagnosed.
        faulthandler.dump_traceback_later(600, repeat=True)
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    return app


def spin(seconds: float) -> None:
    """Run the event loop for ``seconds`` (timers, signals and worker results keep flowing)."""
    loop = QEventLoop()
    QTimer.singleShot(max(0, round(seconds * 1000)), loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> float:
    """Run the event loop until ``condition()`` holds; returns the seconds waited (TimeoutError after ``timeout``)."""
    started = time.perf_counter()
    if condition():
        return 0.0
    loop = QEventLoop()
    poll = QTimer()
    # A coarse poll keeps the waiting itself from showing up in the heartbeat.
    poll.setInterval(5)

    def check() -> None:
        if condition() or time.perf_counter() - started > timeout:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    if not condition():
        raise TimeoutError(f"{what} did not happen within {timeout:g} s")
    return time.perf_counter() - started


class Heartbeat(QObject):
    """A 10 ms timer on the GUI thread: the gaps between its ticks are how long the GUI thread was busy.

    A gap of 10 ms means the thread was free; anything longer is the longest a click or a repaint would have
    waited at that moment.
    """

    def __init__(self, interval_ms: int = 10) -> None:
        super().__init__()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._ticks: list[float] = []

    def start(self) -> None:
        """Forget earlier ticks and start beating."""
        self._ticks = [time.perf_counter()]
        self._timer.start()

    def stop(self) -> list[float]:
        """Stop; returns the gaps in milliseconds (including the last one, up to now)."""
        self._timer.stop()
        self._ticks.append(time.perf_counter())
        return self.gaps()

    def gaps(self) -> list[float]:
        """Milliseconds between consecutive ticks so far."""
        return [(b - a) * 1000 for a, b in zip(self._ticks, self._ticks[1:], strict=False)]

    def _tick(self) -> None:
        self._ticks.append(time.perf_counter())


def gap_summary(gaps: list[float]) -> tuple[float, float]:
    """(largest gap, p99 gap) in milliseconds."""
    return (max(gaps) if gaps else float("nan"), percentile(gaps, 0.99))


class PaintProbe(QObject):
    """Timestamps the end of each paint of a widget (the moment the pixels are there)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.painted: list[float] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt virtual
        if event.type() == QEvent.Type.Paint:
            # Called before the widget paints; a zero timer runs once the repaint has finished.
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        self.painted.append(time.perf_counter())

    def first_after(self, moment: float) -> float | None:
        """The end of the first paint after ``moment`` (perf_counter), or None."""
        return next((t for t in self.painted if t > moment), None)


def window_args(home: Path, api_url: str, database_url: str) -> list[str]:
    """The command line ``evodesk`` would be started with for this server and database."""
    return [
        *("--data-dir", str(home), "--api-url", api_url, "--api-key", API_KEY),
        *("--database-url", database_url, "--lang", "en"),
    ]
