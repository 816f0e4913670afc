"""Logging to a rotating file in the user log folder, with secrets and QR payloads scrubbed from every line.

The filter sits on the handlers, so whatever logs — our code, httpx, SQLAlchemy, Qt's own messages routed in by
the window — cannot write the API key or a scannable QR payload to disk.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import deque
from pathlib import Path

LOG_FILE = "evodesk.log"
_FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
REDACTED = "***"

# A WhatsApp QR payload ("2@...,...,...,...") lets whoever reads it link the number: never log one.
_QR_PAYLOAD = re.compile(r"\b\d@[A-Za-z0-9+/=_\-]{8,}(?:,[A-Za-z0-9+/=_\-]+){1,5}")
_PNG_DATA_URL = re.compile(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+")
_APIKEY_HEADER = re.compile(r"(?i)(['\"]?apikey['\"]?\s*[:=]\s*['\"]?)([^'\"\s,}]+)")


_MIN_PIECE = 6


def _scrub_pieces(text: str, secret: str) -> str:
    head, tail = secret[:_MIN_PIECE], secret[-_MIN_PIECE:]
    if head not in text and tail not in text:
        return text
    # The client's own scrubbing, imported only when a piece is there (it is pure, and already loaded by then).
    from evodesk.evolution.parsing import scrub_fragments

    return scrub_fragments(text, secret)


class RedactingFilter(logging.Filter):
    """Replaces registered secrets, ``apikey: ...`` pairs, QR payloads and PNG data URLs in log records."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._secrets: tuple[str, ...] = ()

    def add_secret(self, secret: str | None) -> None:
        """Scrub this exact string from now on (short strings are ignored: they would mangle ordinary words)."""
        if not secret or len(secret.strip()) < 4:
            return
        with self._lock:
            if secret not in self._secrets:
                # Longest first so a secret containing another is replaced whole.
                self._secrets = tuple(sorted((*self._secrets, secret), key=len, reverse=True))

    def scrub(self, text: str) -> str:
        """Return ``text`` without secrets, nor their pieces of 6 characters or more that start or end them.

        A piece is what is left of a secret where something cut it (a server's own limit, a parser quoting the
        first bytes of a line); shorter pieces cannot be told from ordinary words.
        """
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
            if len(secret) > _MIN_PIECE:
                text = _scrub_pieces(text, secret)
        text = _APIKEY_HEADER.sub(lambda m: m.group(1) + REDACTED, text)
        text = _QR_PAYLOAD.sub("<qr payload>", text)
        return _PNG_DATA_URL.sub("<png>", text)

    def filter(self, record: logging.LogRecord) -> bool:
        """Render the record once, scrub it, and freeze the result so no later formatting can undo it."""
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the line
            message = str(record.msg)
        record.msg = self.scrub(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        # The traceback is now in exc_text (scrubbed); formatters must not render the raw one again.
        record.exc_info = None
        if record.stack_info:
            record.stack_info = self.scrub(record.stack_info)
        return True


_filter = RedactingFilter()


def redactor() -> RedactingFilter:
    """The process-wide filter: register secrets with ``redactor().add_secret(key)``."""
    return _filter


class _HeldRecords(logging.Handler):
    """Keeps records (scrubbed) in memory until ``setup_logging`` hands them to the file."""

    def __init__(self, capacity: int) -> None:
        super().__init__(logging.INFO)
        self.records: deque[logging.LogRecord] = deque(maxlen=capacity)
        self.addFilter(_filter)

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def hold_records(capacity: int = 2000) -> None:
    """Keep what is logged from now on in memory until ``setup_logging`` opens the log file and writes it there.

    evodesk opens its log file once the window has painted (``logging.handlers`` and the file cost more than
    the rest of the window's frame); nothing logged before that is lost, and nothing goes to the console.
    """
    if holding_records():
        return
    root = logging.getLogger()
    root.addHandler(_HeldRecords(capacity))
    root.setLevel(logging.INFO)


def holding_records() -> bool:
    """Whether records are being held for a log file that is not open yet."""
    return any(isinstance(handler, _HeldRecords) for handler in logging.getLogger().handlers)


def release_held_records(handlers: list[logging.Handler]) -> None:
    """Stop holding records (``hold_records``) and hand those held to ``handlers``."""
    root = logging.getLogger()
    for held in [handler for handler in root.handlers if isinstance(handler, _HeldRecords)]:
        root.removeHandler(held)
        for record in held.records:
            for handler in handlers:
                if record.levelno >= handler.level:
                    handler.handle(record)


def setup_logging(log_dir: Path, *, debug: bool = False, console: bool = False) -> Path:
    """Log to ``log_dir/evodesk.log`` (1 MB × 5 files); return the file's path.

    Records held by ``hold_records`` are written first. Idempotent: calling it again replaces the handlers it
    installed before.
    """
    import logging.handlers

    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_evodesk", False):
            root.removeHandler(handler)
            handler.close()
    # backslashreplace: a record quoting a server's lone surrogate is written with it escaped, not dropped.
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8", errors="backslashreplace"
    )
    handlers: list[logging.Handler] = [file_handler]
    if console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.setFormatter(logging.Formatter(_FORMAT))
        handler.addFilter(_filter)
        handler._evodesk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    release_held_records(handlers)
    # httpx logs every request URL at INFO; our client logs what matters without the noise.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return path
