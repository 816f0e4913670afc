"""Process-wide hooks of the GUI: Qt's messages into logging, and the excepthooks that log an uncaught error and
show it (with copyable details) instead of ending the application.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QMessageLogContext, QThread, QtMsgType
from PySide6.QtWidgets import QApplication

from evodesk import __version__
from evodesk.logs import redactor

log = logging.getLogger("evodesk")

# The crash dialog's texts were first the composition root's (evodesk/app.py).
_CTX = "App"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def qt_message(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }.get(mode, logging.WARNING)
    logging.getLogger("evodesk.qt").log(level, "%s (%s)", message, context.category or "qt")


class _Reentry:
    """Whether the crash dialog is open: an error raised while it shows is logged, not shown again."""

    showing = False


def excepthook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """Log an uncaught exception and show it with copyable details instead of ending the application.

    PySide6 calls this for exceptions escaping slots and virtual overrides; the event loop keeps running.
    """
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    log.critical("unexpected error", exc_info=(exc_type, exc, tb))
    app = QApplication.instance()
    if _Reentry.showing or app is None or QThread.currentThread() is not app.thread():
        return
    _Reentry.showing = True
    try:
        from PySide6.QtWidgets import QMessageBox

        details = "".join(traceback.format_exception(exc_type, exc, tb))
        box = QMessageBox(QMessageBox.Icon.Critical, _tr("evodesk: unexpected error"), "")
        box.setObjectName("crashDialog")
        box.setText(_tr("Something went wrong inside evodesk. Your chips are safe in the database."))
        box.setInformativeText(
            _tr("The details below are also in the log file; include them when reporting the problem.")
        )
        box.setDetailedText(redactor().scrub(f"evodesk {__version__}\n{details}"))
        box.exec()
    finally:
        _Reentry.showing = False


def thread_excepthook(args: threading.ExceptHookArgs) -> None:
    log.critical(
        "unexpected error in thread %s",
        args.thread.name if args.thread else "?",
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback),  # type: ignore[arg-type]
    )


def warnings_to_stderr() -> None:
    """Warnings and errors also on stderr (scrubbed like the file), for the demo run from a terminal."""
    stderr = logging.StreamHandler()
    stderr.setLevel(logging.WARNING)
    stderr.addFilter(redactor())
    logging.getLogger().addHandler(stderr)
