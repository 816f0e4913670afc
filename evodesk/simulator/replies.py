"""The simulator's HTTP answers and the server's error envelope, shared by the API and its route mixins."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

REASONS = {
    200: "OK",
    201: "Created",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    500: "Internal Server Error",
}


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer: status and a JSON-able body that may still hold :class:`QrFrame` objects."""

    status: int
    body: Any


def envelope(status: int, message: Any, error: str | None = None) -> Reply:
    """The server's error envelope ``{"status", "error", "response": {"message"}}``."""
    reason = error if error is not None else REASONS.get(status, "Error")
    return Reply(status, {"status": status, "error": reason, "response": {"message": message}})


def schema_error(problems: list[str]) -> Reply:
    """A JSON-schema failure: the list of violations is itself the one argument, so ``message`` is nested."""
    return envelope(400, [list(problems)])
