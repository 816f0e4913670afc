"""The answers every route shares: the :class:`Reply`, Express's error envelope and the QR objects' JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from evodesk.simulator.qr import png_data_url
from evodesk.simulator.state import QrFrame

REASONS = {
    200: "OK",
    201: "Created",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    500: "Internal Server Error",
}


class _NoBody:
    """The body of ``res.json(undefined)``: Express sends its JSON content type and not one byte."""

    def __repr__(self) -> str:
        return "NO_BODY"


NO_BODY: Any = _NoBody()


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


def unauthorized() -> Reply:
    """The 401 thrown without arguments: ``message`` is a plain string, not a list."""
    return envelope(401, "Unauthorized")


def not_found_route(method: str, path: str) -> Reply:
    """Express's answer for an unknown route or a wrong method."""
    return envelope(404, [f"Cannot {method} {path}"])


def to_json(body: Any) -> Any:
    """Replace the :class:`QrFrame` objects of a reply body by the server's QR objects."""
    if isinstance(body, QrFrame):
        return {
            "pairingCode": body.pairing_code,
            "code": body.code,
            "base64": png_data_url(body.code),
            "count": body.count,
        }
    if isinstance(body, dict):
        return {key: to_json(value) for key, value in body.items()}
    if isinstance(body, list):
        return [to_json(value) for value in body]
    return body


__all__ = ["NO_BODY", "REASONS", "Reply", "envelope", "not_found_route", "schema_error", "to_json", "unauthorized"]
