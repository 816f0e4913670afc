"""Answer bodies decoded as JSON, a long top-level array a part at a time so that other threads run meanwhile.

The one place that knows how json.loads behaves (its values, its errors, its nesting limit): parsing, the
client and the tests of that equivalence (tests/test_parsing_json.py) rely on it.
"""

from __future__ import annotations

import json
import re

# Bodies longer than this are decoded a part of a top-level array at a time: json.loads holds the interpreter
# lock for the whole document (60-85 ms for the 10 MB fetchInstances answer of 10,000 instances), so the GUI
# thread could not run until it returned. Between parts the lock can change hands. Below this size a whole
# decode takes about 2 ms.
STREAM_ABOVE_BYTES = 256 * 1024
# How much of such an array one call decodes, about 0.4 ms. One call per element instead would be 40 % slower and
# take nearly twice the memory: the C decoder shares the key strings of the objects within one call only.
_RUN_CHARS = 64 * 1024

# JSON's own whitespace (not Python's: json.loads refuses a form feed), as json.decoder skips it.
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_ARRAY_START = re.compile(r"[ \t\n\r]*\[[ \t\n\r]*(\])?")
_AFTER_ELEMENT = re.compile(r"[ \t\n\r]*(?:(\])|,[ \t\n\r]*)")
# Where two objects meet in an array of objects (the shape of every long answer), or possibly inside one.
_OBJECT_GAP = re.compile(r"\}[ \t\n\r]*(,)[ \t\n\r]*(?=\{)")
# Configured as json.loads configures the decoder it uses when given no options.
_DECODER = json.JSONDecoder()


class BodyError(ValueError):
    """The answer's body is not JSON (or cannot be decoded at all)."""


def load_json(content: bytes, *, stream_above: int = STREAM_ABOVE_BYTES) -> object:
    """Decode a JSON body; raise :class:`BodyError` for anything that is not JSON.

    The value, or the error, is the one ``json.loads(content)`` gives. A body longer than ``stream_above`` bytes
    that holds an array is decoded a part at a time, so that other threads run meanwhile.
    """
    if not content.strip():
        raise BodyError("empty body")
    try:
        if len(content) > stream_above:
            return _loads_in_steps(content)
        return json.loads(content)
    except RecursionError as exc:  # absurdly nested arrays overflow the C decoder's stack guard
        raise BodyError("JSON nested too deeply") from exc
    except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError, int digit limits
        raise BodyError(f"not JSON ({type(exc).__name__})") from exc


def _loads_in_steps(content: bytes) -> object:
    """``json.loads(content)``, decoding a top-level array in parts."""
    text = content.decode(json.detect_encoding(content), "surrogatepass")  # as json.loads decodes bytes
    try:
        return _decode_array(text)
    except (ValueError, RecursionError):
        pass
    # Not an array, or broken somewhere: the whole-document decode gives json.loads's own value or error
    # (message and position included) instead of this module's reading of it. Only such bodies pay twice.
    #
    # Nesting: the C decoder's depth guard counts Python frames as well as levels. From load_json, json.loads
    # decodes an element three frames down (loads, decode, raw_decode) and one level down (the array); here an
    # element is decoded four frames down (this function, _decode_array, _read_elements, raw_decode), and a run
    # deeper still. So an element too deep for json.loads is too deep here as well and comes to this decode,
    # which runs at json.loads's own depth. tests/test_parsing_json.py::test_nesting_limit_is_json_loads_own
    # pins it.
    return _DECODER.decode(text)


def _decode_array(text: str) -> list[object]:
    """The top-level array of ``text``; :class:`ValueError` for anything else."""
    start = _ARRAY_START.match(text)
    if start is None:
        raise ValueError("not an array")
    items: list[object] = []
    end = start.end() if start.group(1) is not None else _read_elements(text, start.end(), items)
    if _WHITESPACE.fullmatch(text, end) is None:
        raise ValueError("extra data after the array")
    return items


def _read_elements(text: str, index: int, items: list[object]) -> int:
    """Append the elements of the array whose first element starts at ``index``; the index after its ``]``."""
    decode = _DECODER.raw_decode
    runs_from = index
    while True:
        if index >= runs_from:
            index, runs_from = _read_runs(text, index, items)
        # One element per call: the interpreter can hand the lock to another thread between two calls.
        item, index = decode(text, index)
        items.append(item)
        after = _AFTER_ELEMENT.match(text, index)
        if after is None:
            raise ValueError("expected ',' or ']'")
        index = after.end()
        if after.group(1) is not None:
            return index


def _read_runs(text: str, index: int, items: list[object]) -> tuple[int, int]:
    """Append runs of elements from ``index``, an element's start.

    Returns the start of the first element not read, and the index from which runs are worth trying again.
    A run ends at an object gap at least :data:`_RUN_CHARS` further on and is decoded as an array of its own.
    If that array is valid, its text is a list of whole elements (every string, object and array in it closed)
    followed in ``text`` by a comma and then, after the gap, the next element: so its elements are the next
    ones of the array. A gap inside an element (objects in an inner array) makes it invalid; the elements up to
    that gap then go one at a time, so no text is decoded more than twice.
    """
    while True:
        gap = _OBJECT_GAP.search(text, index + _RUN_CHARS)
        if gap is None:
            return index, len(text)  # what is left is short, or is not an array of objects
        try:
            run = _DECODER.decode("[" + text[index : gap.start(1)] + "]")
        except ValueError:
            return index, gap.end()
        items.extend(run)
        index = gap.end()
