"""The yardstick of the start-up benchmark: a bare PySide6 main window, timed exactly as ``evodesk`` is.

Run as a script (``python bench/bare_window.py``): it prints ``first-paint <time.monotonic()>`` once its window
has painted, then quits, as ``evodesk`` does under ``EVODESK_EXIT_AFTER_PAINT=1``. It imports nothing from
evodesk, so the difference between the two is what evodesk adds.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class _ExitAfterFirstPaint(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt virtual
        if event.type() == QEvent.Type.Paint and not self._seen:
            self._seen = True
            # Same hook as evodesk's: report once the repaint that delivered this event has been flushed.
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print(f"first-paint {time.monotonic():.6f}", flush=True)
        QCoreApplication.exit(0)


def main() -> int:
    """Show an empty main window of evodesk's size and quit after its first paint."""
    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1280, 760)
    window.show()
    window.installEventFilter(_ExitAfterFirstPaint(window))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
