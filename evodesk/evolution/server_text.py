"""Text that came from a server, made fit to show, store and log: one line, no lone surrogates, no API key.

Shared by the client's errors, the event stream's messages and the settings routes: a server (or a proxy)
echoes whatever it was sent, the key included, so every word of its that leaves this package passes here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

# Long enough for any real server message, short enough that a proxy's HTML page cannot flood a dialog.
MAX_MESSAGE_CHARS = 500
# Shorter secrets would turn redaction into mangling of ordinary words; real API keys are UUID-sized.
MIN_SECRET = 6
REDACTED = "***"


def as_text(value: object) -> str | None:
    """A non-empty string, or ``None``."""
    if isinstance(value, str) and value:
        return value
    return None


def storable_text(text: str) -> str:
    """``text`` as any database, log file or widget can hold it.

    JSON can carry lone UTF-16 surrogates (``"\\ud800"``: JavaScript cuts strings between the two halves of an
    emoji), which no UTF-8 encoder accepts. Two halves that belong together become the character they encode;
    a lone half becomes U+FFFD, the replacement character.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def is_storable(text: str) -> bool:
    """Whether ``text`` can be encoded as UTF-8 (no lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def scrub_secret(text: str, secret: str) -> str:
    """``text`` without ``secret`` in it, whole or cut.

    Every occurrence is replaced by ``***``; so is a prefix of it (of any length) that ends the text and a suffix
    that starts it, which is what is left where a server or a length limit cut the text inside an echo of the
    secret; and a prefix or a suffix of :data:`MIN_SECRET` characters or more anywhere (a server that cut it
    and went on). Shorter fragments in the middle of words are indistinguishable from the words themselves, and
    so are short ones at an end that are glued to a word: "Connection refused" keeps its "d" when the secret
    starts with one (an echo stands apart: ``apikey=d41d``, a quote, a space).
    """
    if len(secret) < MIN_SECRET or not text:
        return text
    text = text.replace(secret, REDACTED)
    text = scrub_fragments(text, secret)
    # Both ends are measured on the same text, so that scrubbing one cannot hide what is left at the other.
    head = next(
        (
            size
            for size in range(len(secret) - 1, 0, -1)
            if text.startswith(secret[-size:]) and _apart(text, size, size)
        ),
        0,
    )
    tail = next(
        (
            size
            for size in range(len(secret) - 1, 0, -1)
            if text.endswith(secret[:size]) and _apart(text, len(text) - size - 1, size)
        ),
        0,
    )
    if head + tail >= len(text):
        return REDACTED
    middle = text[head : len(text) - tail]
    return (REDACTED if head else "") + middle + (REDACTED if tail else "")


def _apart(text: str, neighbour: int, size: int) -> bool:
    """Whether a fragment of ``size`` characters at one end of ``text`` is not the end of a word.

    ``neighbour`` is the index of the character beside it inside the text (none when the fragment is all of it).
    """
    if size >= MIN_SECRET or not 0 <= neighbour < len(text):
        return True
    return not text[neighbour].isalnum()


def scrub_fragments(text: str, secret: str) -> str:
    """``text`` with every prefix and suffix of ``secret`` of :data:`MIN_SECRET` characters or more replaced."""
    spans: list[tuple[int, int]] = []
    head, tail = secret[:MIN_SECRET], secret[-MIN_SECRET:]
    start = text.find(head)
    while start >= 0:
        end = start + MIN_SECRET
        while end < len(text) and end - start < len(secret) and text[end] == secret[end - start]:
            end += 1
        spans.append((start, end))
        start = text.find(head, end)
    end = text.find(tail)
    while end >= 0:
        stop = end + MIN_SECRET
        begin = end
        while begin > 0 and stop - begin < len(secret) and text[begin - 1] == secret[len(secret) - (stop - begin) - 1]:
            begin -= 1
        spans.append((begin, stop))
        end = text.find(tail, stop)
    if not spans:
        return text
    parts: list[str] = []
    position = 0
    for begin, stop in sorted(spans):
        if stop <= position:
            continue
        parts.append(text[position : max(begin, position)])
        parts.append(REDACTED)
        position = stop
    parts.append(text[position:])
    return "".join(parts)


def message_text(value: object, _depth: int = 0, *, secret: str | None = None) -> str | None:
    """Render a server ``message`` (a string, a list of strings or objects, or anything) as one line.

    ``secret`` (the API key) is scrubbed before the line is cut to :data:`MAX_MESSAGE_CHARS` and again at the
    cut, so no part of it survives on either side (:func:`scrub_secret`).
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value
    elif isinstance(value, list) and _depth < 3:
        parts = [part for part in (message_text(item, _depth + 1, secret=secret) for item in value) if part]
        text = "; ".join(parts)
    else:
        # Objects (group validation details) and scalars: compact JSON keeps them readable.
        try:
            text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(", ", ": "))
        except (TypeError, ValueError, RecursionError):
            text = "(unreadable message)"
    if secret:
        text = scrub_secret(text, secret)
    text = " ".join(storable_text(text).split())
    if not text:
        return None
    if len(text) > MAX_MESSAGE_CHARS:
        text = text[: MAX_MESSAGE_CHARS - 1]
        if secret:
            text = scrub_secret(text, secret)
        text += "…"
    return text


def server_message(payload: object, *, secret: str | None = None) -> str | None:
    """The server's own words from any error body: the envelope, a bare ``message`` or a JSON string.

    ``secret`` is scrubbed from them before they are cut (see :func:`message_text`).
    """
    if isinstance(payload, Mapping):
        response = payload.get("response")
        if isinstance(response, Mapping) and "message" in response:
            text = message_text(response.get("message"), secret=secret)
            if text:
                return text
        if "message" in payload:
            text = message_text(payload.get("message"), secret=secret)
            if text:
                return text
        error = payload.get("error")
        if isinstance(error, str):
            return message_text(error, secret=secret)
        return None
    if isinstance(payload, str):
        return message_text(payload, secret=secret)
    return None
