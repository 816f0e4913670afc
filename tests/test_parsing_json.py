"""load_json: the same value, or the same error, as json.loads, whichever way a body is decoded.

Bodies above ``STREAM_ABOVE_BYTES`` are decoded in runs of elements, then element by element; these tests force
that path on small bodies (``stream_above=0``, a small ``_RUN_CHARS``) and compare it with the plain json.loads
path of the same function, called from the same place.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evodesk.evolution import json_body
from evodesk.evolution.json_body import BodyError, load_json

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
# 0 cuts a run at every object gap, 10**9 never: the element-by-element loop alone.
RUN_SIZES = [0, 1, 40, 10**9]

Outcome = tuple[object, ...]


def _outcome(call: Callable[[], object]) -> Outcome:
    try:
        value = call()
    except BodyError as exc:
        cause = exc.__cause__
        return ("error", str(exc), type(cause), str(cause))
    # repr tells 1 from 1.0 and True, -0.0 from 0.0, keeps key order, and equals itself for NaN.
    return ("value", type(value), repr(value))


def _whole(body: bytes) -> Outcome:
    return _outcome(lambda: load_json(body, stream_above=len(body)))


def _stepped(body: bytes) -> Outcome:
    return _outcome(lambda: load_json(body, stream_above=0))


def _same(body: bytes, run_chars: int = json_body._RUN_CHARS) -> None:
    with mock.patch.object(json_body, "_RUN_CHARS", run_chars):
        assert _stepped(body) == _whole(body), body[:200]


def _fleet_body(count: int, *, separator: str = ", ", inner_gaps: bool = False) -> bytes:
    """Rows shaped like a v2 fetchInstances answer (objects holding objects or null).

    With ``inner_gaps`` every row also holds an array of objects, so half the object gaps are inside a row.
    """
    rows = [
        {
            "id": f"6513270e-{index:04d}",
            "name": f"fleet-{index:05d}",
            "connectionStatus": ["open", "close", "connecting"][index % 3],
            "ownerJid": f"55129{index:08d}@s.whatsapp.net" if index % 3 == 0 else None,
            "profileName": f"Loja {index % 300} ção 😀",
            "disconnectionReasonCode": 428 if index % 7 == 0 else None,
            "createdAt": "2026-11-24T19:15:26.417Z",
            "Setting": {"rejectCall": False, "msgCall": "", "groupsIgnore": index % 2 == 0},
            "Proxy": None,
            "_count": {"Message": index, "Contact": 0, "Chat": 1.5},
        }
        | ({"Webhook": [{"url": "https://example.test/a", "events": ["A", "B"]}, {"url": None}]} if inner_gaps else {})
        for index in range(count)
    ]
    return json.dumps(rows, ensure_ascii=False, separators=(separator, ": ")).encode()


# -- fixed cases -------------------------------------------------------------------------------------------

CASES = [
    b"[]",
    b" [ ] ",
    b"\r\n\t[\n]\n",
    b"[1]",
    b'[1, 2.5, -0.0, 1e999, -1e999, NaN, Infinity, -Infinity, true, false, null, "x"]',
    b'[{"a": 1}, {"a": 2, "a": 3}, {}]',
    b'[{"a": [{"b": 1}, {"c": 2}]}, {"d": {}}]',
    b'[{"s": "}, {"}, {"t": "\\"}, {\\""}]',
    b"[{}, {}, {},{}]",
    b"[[], [[]], [[[]]]]",
    b'["\\ud800", "\\udc00\\ud800", "\\u00e9"]',
    '["ação", "名前", "😀"]'.encode(),
    b"\xef\xbb\xbf[1, 2]",
    "[1, 2]".encode("utf-16"),
    "[1, 2]".encode("utf-16-le"),
    "[1, 2]".encode("utf-16-be"),
    "[1, 2]".encode("utf-32"),
    b"[" + b"9" * 4300 + b"]",
    # not arrays: the whole-document decode
    b'{"a": [1, 2]}',
    b'"[1, 2]"',
    b"12",
    b"null",
    # broken
    b"[",
    b"[1",
    b"[1,",
    b"[1,]",
    b"[,1]",
    b"[1,,2]",
    b"[1 2]",
    b"[1]x",
    b"[1]]",
    b"[1] [2]",
    b"[1]\x0c",
    b"\x0c[1]",
    b"\x0b[1]",
    b"[\x0c1]",
    b'[{"a": 1}, {"a": 2]',
    b'[{"a": 1}, {"a": 2}',
    b'[{"a": 1}, {"a": 2}, ]',
    b'[1] , {"x": {}}, {"y": 2}]',  # an array closed before an object gap, more after it
    b'[{"a": 1}], {"b": {}}, {"c": 2}]',
    b'[{"a": 1}, "}, {", {"b": 2}]',
    b'[{"a": 1},, {"a": 2}]',
    b'[{"a": 1} {"a": 2}]',
    b'[{"a": 1}, {"a": "x\x01"}]',
    b'[{"a": 1}, {"a": "\\x"}]',
    b'[{"a": 1}, {"a": nul}]',
    b'["abc]',
    b"[01]",
    b"[tru]",
    b'["\xff"]',
    b"\xff[1]",
    b"[1, 2]\xff",
    b'["\xed\xa0\x80"]',  # a lone surrogate in UTF-8: json.loads decodes bytes with surrogatepass
    b"\xef\xbb\xbf\xef\xbb\xbf[1]",
    "\ufeff[1]".encode("utf-16"),
    b"[" + b"9" * 4301 + b"]",
    b"[" * 100_000,
    b"[" * 100_000 + b"]" * 100_000,
    b"[" + b'{"a":' * 50_000 + b"1" + b"}" * 50_000 + b"]",
    b"[1, " + b"[" * 100_000 + b"]" * 100_000 + b"]",
]


@pytest.mark.parametrize("run_chars", RUN_SIZES)
@pytest.mark.parametrize("body", CASES, ids=range(len(CASES)))
def test_fixed_bodies_decode_as_json_loads_decodes_them(body: bytes, run_chars: int) -> None:
    _same(body, run_chars)


def test_the_reference_is_json_loads() -> None:
    for body in CASES:
        try:
            expected: Outcome = ("value", type(json.loads(body)), repr(json.loads(body)))
        except RecursionError:
            expected = ("error", "JSON nested too deeply")
        except ValueError as exc:
            expected = ("error", f"not JSON ({type(exc).__name__})")
        assert _whole(body)[: len(expected)] == expected


@pytest.mark.parametrize("body", [b"", b"   ", b"\r\n\t", b"\x0b\x0c "])
def test_an_empty_body_is_an_empty_body_either_way(body: bytes) -> None:
    for stream_above in (0, 1000):
        with pytest.raises(BodyError, match=r"^empty body$"):
            load_json(body, stream_above=stream_above)


def test_broken_bodies_keep_json_loads_own_message_and_position() -> None:
    body = b'[{"a": 1}, {"a": 2}, {"a": 3]' + b" " * 10
    with pytest.raises(BodyError, match=r"^not JSON \(JSONDecodeError\)$") as caught:
        load_json(body, stream_above=0)
    cause = caught.value.__cause__
    assert isinstance(cause, json.JSONDecodeError)
    assert (cause.msg, cause.pos) == ("Expecting ',' delimiter", 28)


def test_nesting_limit_is_json_loads_own() -> None:
    # Where "too deep" starts depends on the stack below the call; the two paths must put it at the same depth,
    # in a first element, after a run of objects, and inside an object.
    limit = sys.getrecursionlimit()
    shapes: list[Callable[[int], bytes]] = [
        lambda depth: b"[" + b"[" * depth + b"]" * depth + b"]",
        lambda depth: b'[{"a": 1}, {"a": 2}, ' + b"[" * depth + b"]" * depth + b"]",
        lambda depth: b'[{"a": 1}, {"a": ' + b"[" * depth + b"]" * depth + b'}, {"b": 2}]',
    ]
    boundaries = []
    for shape in shapes:
        for run_chars in (0, 10**9):
            outcomes = []
            for depth in range(limit - 120, limit + 20):  # not a comprehension: that would be one frame deeper
                outcomes.append((depth, _whole(shape(depth))))
            first_error = next(depth for depth, outcome in outcomes if outcome[0] == "error")
            boundaries.append(first_error)
            with mock.patch.object(json_body, "_RUN_CHARS", run_chars):
                for depth, outcome in outcomes:
                    assert _stepped(shape(depth)) == outcome, (depth, run_chars)
    assert all(limit - 120 < depth < limit for depth in boundaries), boundaries


# -- long bodies, default threshold ------------------------------------------------------------------------


def test_a_long_fleet_answer_is_decoded_in_runs_not_in_one_call() -> None:
    count = 4000
    body = _fleet_body(count)
    assert len(body) > json_body.STREAM_ABOVE_BYTES
    expected = json.loads(body)
    raw_decode = json_body._DECODER.raw_decode
    with (
        mock.patch.object(json_body.json, "loads", side_effect=AssertionError("json.loads on a long body")),
        mock.patch.object(json_body._DECODER, "raw_decode", wraps=raw_decode) as calls,
    ):
        value = load_json(body)
    assert value == expected
    # One call per run of about _RUN_CHARS, then one per element for the last _RUN_CHARS or less.
    assert 2 < calls.call_count < count / 10


def test_object_gaps_inside_rows_cost_time_not_correctness() -> None:
    body = _fleet_body(2000, inner_gaps=True)
    expected = json.loads(body)
    with mock.patch.object(json_body.json, "loads", side_effect=AssertionError("json.loads on a long body")):
        assert load_json(body) == expected


def test_a_short_body_is_one_json_loads_call() -> None:
    body = _fleet_body(20)
    with mock.patch.object(json_body, "_loads_in_steps", side_effect=AssertionError("decoded in steps")):
        assert load_json(body) == json.loads(body)


@pytest.mark.parametrize("inner_gaps", [False, True])
@pytest.mark.parametrize("separator", [",", ", ", " ,\n\t "])
@pytest.mark.parametrize(
    "damage",
    [
        lambda body: body[:-1],
        lambda body: body[: len(body) // 2],
        lambda body: body[: len(body) // 3] + b"\xff" + body[len(body) // 3 :],
        lambda body: body[: len(body) // 2] + b"," + body[len(body) // 2 :],
        lambda body: body.replace(b"}", b"]", 1),
        lambda body: body + b" x",
        lambda body: body + b"]",
        lambda body: body[:-1] + b", ]",
        lambda body: body,
    ],
    ids=[
        "last byte cut",
        "cut in half",
        "bad byte",
        "extra comma",
        "bracket swapped",
        "garbage",
        "extra ]",
        "trailing comma",
        "intact",
    ],
)
def test_a_long_broken_answer_fails_as_json_loads_fails(
    separator: str, inner_gaps: bool, damage: Callable[[bytes], bytes]
) -> None:
    body = damage(_fleet_body(2500, separator=separator, inner_gaps=inner_gaps))
    assert len(body) > json_body.STREAM_ABOVE_BYTES
    assert _outcome(lambda: load_json(body)) == _whole(body)


# -- generated bodies --------------------------------------------------------------------------------------


class _Members(tuple):  # type: ignore[type-arg]
    """An object's members in order; unlike a dict it can repeat a key, as a JSON text can."""


_SPACES = st.text(alphabet=" \t\n\r", max_size=3)
_KEYS = st.text(max_size=6)
_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.lists(st.tuples(_KEYS, inner), max_size=4).map(_Members),
    max_leaves=16,
)
_OBJECTS = st.lists(st.tuples(_KEYS, _VALUES), max_size=5).map(_Members)
# Mostly arrays of objects (what runs are cut from), with anything else mixed in.
_ARRAYS = st.lists(_OBJECTS | _VALUES, max_size=12)


@st.composite
def _json_bodies(draw: st.DrawFn, values: st.SearchStrategy[object]) -> bytes:
    """A JSON text of a generated value, with random whitespace between tokens, in a random encoding."""
    value = draw(values)
    ascii_only = draw(st.booleans())

    def spaced(text: str) -> str:
        return draw(_SPACES) + text + draw(_SPACES)

    def dump(item: object) -> str:
        if isinstance(item, _Members):
            members = [spaced(json.dumps(key, ensure_ascii=ascii_only)) + ":" + spaced(dump(v)) for key, v in item]
            return "{" + (",".join(members) if members else draw(_SPACES)) + "}"
        if isinstance(item, list):
            return "[" + (",".join(spaced(dump(v)) for v in item) if item else draw(_SPACES)) + "]"
        return json.dumps(item, ensure_ascii=ascii_only)

    return spaced(dump(value)).encode(draw(st.sampled_from(ENCODINGS)), "surrogatepass")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_json_bodies(_ARRAYS | _VALUES), run_chars=st.sampled_from(RUN_SIZES))
def test_generated_json_decodes_as_json_loads_decodes_it(body: bytes, run_chars: int) -> None:
    _same(body, run_chars)
    whole = _whole(body)
    if whole[0] == "value" and whole[1] is list:
        # The stepped decode itself, not the whole-document decode it falls back on, gave that value.
        text = body.decode(json.detect_encoding(body), "surrogatepass")
        with mock.patch.object(json_body, "_RUN_CHARS", run_chars):
            assert repr(json_body._decode_array(text)) == whole[2]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=_json_bodies(_ARRAYS),
    where=st.floats(min_value=0, max_value=1),
    damage=st.sampled_from(["cut", "insert", "delete", "replace", "append"]),
    byte=st.sampled_from([b",", b"]", b"[", b"}", b"{", b'"', b"\\", b" ", b"\x0c", b"1", b"\xff", b"\x00", b":"]),
    run_chars=st.sampled_from(RUN_SIZES),
)
def test_damaged_json_fails_or_decodes_as_json_loads(
    body: bytes, where: float, damage: str, byte: bytes, run_chars: int
) -> None:
    at = round(where * len(body))
    damaged = {
        "cut": body[:at],
        "insert": body[:at] + byte + body[at:],
        "delete": body[:at] + body[at + 1 :],
        "replace": body[:at] + byte + body[at + 1 :],
        "append": body + byte,
    }[damage]
    _same(damaged, run_chars)
