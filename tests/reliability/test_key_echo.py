"""The API key never reaches the operator or the log through a server's words, whole or cut.

A server (or a proxy, or a licence gate) can echo the key it was sent: in an error message, in a licence answer's
``register_url``, cut by itself in the middle of the key, or long enough that evodesk's own 500-character cut
falls inside it. Hypothesis places echoes of every length at every position; every text the operator or the log
could see (the exception's message, its server message, its repr, the translated description, log records) is
searched for any run of the key's characters.

The key is drawn from characters that the client's own sentences (and the "***" put in its place) never use,
and the server's other words from characters the key never uses, so every such run found is a leak:
``key_bytes_leaked`` counts the longest.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.reliability.conftest import Ledger
from tests.reliability.hostile import hostile, sends

from evodesk.evolution import EvolutionClient, EvolutionError
from evodesk.evolution.parsing import MAX_MESSAGE_CHARS
from evodesk.ui.shared.messages import describe_error

pytestmark = pytest.mark.reliability

CAT = "security"
KEY_ALPHABET = "!$@^|~QXZ"
FILLER_ALPHABET = "abcdefghijklmnopqrstuvwxyz =&?/:.,"
ECHO_SEPARATORS = (" ", "=", "&", "?", "/", ":", ",", ".")
_KEY_RUN = re.compile("[" + re.escape(KEY_ALPHABET) + "]+")

keys = st.text(KEY_ALPHABET, min_size=8, max_size=48)
fillers = st.text(FILLER_ALPHABET, max_size=700)


def leaked(key: str, texts: list[str]) -> int:
    """The longest run of the key's characters, in any text, that is part of the key."""
    longest = 0
    for text in texts:
        for run in _KEY_RUN.findall(text):
            for size in range(len(run), longest, -1):
                if any(run[start : start + size] in key for start in range(len(run) - size + 1)):
                    longest = size
                    break
    return longest


@st.composite
def echoes(draw: st.DrawFn, key: str) -> str:
    """A server message carrying the key, or a piece of it, somewhere."""
    before, after = draw(fillers), draw(fillers)
    kind = draw(st.sampled_from(["whole", "cut by the server", "tail", "prefix inside", "around our cut"]))
    if kind == "whole":
        return before + key + after
    # An echo stands apart from the words around it (a URL parameter, a quoted or spaced value): a piece of the
    # key shorter than six characters glued to a word cannot be told from the word, and is left alone.
    apart = draw(st.sampled_from(ECHO_SEPARATORS))
    if kind == "cut by the server":  # the server's own limit cut the key: its first characters end the text
        return before + apart + key[: draw(st.integers(1, len(key) - 1))]
    if kind == "tail":  # the text starts inside the key
        return key[-draw(st.integers(1, len(key) - 1)) :] + apart + after
    if kind == "prefix inside":
        return before + key[: draw(st.integers(6, len(key)))] + " " + after
    # Our own cut at MAX_MESSAGE_CHARS falls inside the key, at every offset.
    offset = draw(st.integers(0, len(key)))
    return "x" * (MAX_MESSAGE_CHARS - 1 - offset) + key + after


def _bodies(message: str) -> dict[str, tuple[int, bytes]]:
    return {
        "503 message": (503, json.dumps({"status": 503, "message": message}).encode()),
        "500 envelope": (500, json.dumps({"status": 500, "response": {"message": [message]}}).encode()),
        "licence": (
            503,
            json.dumps({"code": "LICENSE_REQUIRED", "register_url": message}).encode(),
        ),
        "400 error string": (400, json.dumps({"error": message}).encode()),
        "401": (401, json.dumps({"message": message}).encode()),
        "404 on an instance": (404, json.dumps({"response": {"message": [message]}}).encode()),
        "200 error flag": (200, json.dumps({"error": True, "response": {"message": message}}).encode()),
        "html 502": (502, f"(html){message}(/html)".encode()),
    }


CALLS: dict[str, Callable[[EvolutionClient], object]] = {
    "fetch_instances": lambda client: client.fetch_instances(),
    "connect": lambda client: client.connect("shop-01"),
    "logout": lambda client: client.logout("shop-01"),
    "create": lambda client: client.create_instance("shop-01"),
}


def _texts(exc: EvolutionError) -> list[str]:
    return [str(exc), exc.message, exc.server_message or "", repr(exc), describe_error(exc)]


def test_the_client_sentences_never_use_the_key_alphabet() -> None:
    """The control of the measurement: without an echo, no text holds any character a key is drawn from."""
    for status, body in _bodies("plain words").values():
        transport = httpx.MockTransport(lambda request, status=status, body=body: httpx.Response(status, content=body))
        for call in CALLS.values():
            with (
                EvolutionClient("http://evo.test", "Q" * 16, transport=transport) as client,
                pytest.raises(EvolutionError) as caught,
            ):
                call(client)
            assert not any(_KEY_RUN.search(text) for text in _texts(caught.value)), _texts(caught.value)


def test_a_key_echoed_anywhere_in_any_error_never_shows(ledger: Ledger, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="evodesk")
    worst = [0]
    examples = [0]

    @settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        key=keys,
        data=st.data(),
        shape=st.sampled_from(sorted(_bodies(""))),
        call=st.sampled_from(sorted(CALLS)),
    )
    def check(key: str, data: st.DataObject, shape: str, call: str) -> None:
        message = data.draw(echoes(key))
        status, body = _bodies(message)[shape]
        transport = httpx.MockTransport(lambda request: httpx.Response(status, content=body))
        caplog.clear()
        with EvolutionClient("http://evo.test", key, transport=transport) as client:
            try:
                CALLS[call](client)
            except EvolutionError as exc:
                texts = _texts(exc)
            else:
                texts = []
        found = leaked(key, [*texts, caplog.text])
        worst[0] = max(worst[0], found)
        examples[0] += 1
        assert found == 0, (shape, call, texts)

    check()
    ledger.add(CAT, key_echoes=examples[0], hypothesis_examples=examples[0], key_bytes_leaked=worst[0])


# Keys as servers are configured with (UUIDs, upper-case hex, words), against what the client itself says.
ORDINARY = {
    "Connection refused": "d41d8cd9-8f00-4b20-9e98-0998ecf8427e",
    "Unauthorized": "d41d8cd98f004b209e980998ecf8427e",
    "error: instance in use": "c0ffee00-1234-4abc-8def-0123456789ae",
    "Instance not found": "deadbeef-feed-4bad-8cab-abcdefabcdef",
    "Bad Request": "B6D711FCDE4D4FD5936544120E71397B",
}


@pytest.mark.parametrize("words", sorted(ORDINARY))
def test_words_that_share_an_end_with_the_key_are_not_mangled(words: str) -> None:
    key = ORDINARY[words]
    assert key[0] == words[-1] or key[-1] == words[0]  # the case: one end of the key is one end of the words
    body = json.dumps({"status": 400, "message": [words]}).encode()
    transport = httpx.MockTransport(lambda request: httpx.Response(400, content=body))
    with EvolutionClient("http://evo.test", key, transport=transport) as client, pytest.raises(EvolutionError) as e:
        client.logout("shop-01")
    assert e.value.server_message == words
    # The same for the network's own words (an OS error quoted in the message).
    refused = httpx.MockTransport(lambda request: (_ for _ in ()).throw(httpx.ConnectError(words)))
    with EvolutionClient("http://evo.test", key, transport=refused) as client, pytest.raises(EvolutionError) as e:
        client.logout("shop-01")
    assert e.value.message.endswith(f": {words}"), e.value.message


@pytest.mark.parametrize(
    "status_line",
    [
        b"HTTP/1.1 200 {key}\r\n",  # a reason phrase h11 accepts, never shown
        b"HTTP/1.1 2{key} OK\r\n",  # h11 refuses it and quotes the line in its error
        b"HTTP/1.1 200 OK\r\nx-{key}\r\n",  # a malformed header line, quoted too
        b"HTTP/1.1 200 OK\r\nx-echo: " + b"a" * 600 + b"{key}\r\n",
    ],
)
def test_a_key_in_a_broken_answer_is_not_quoted_back(status_line: bytes, ledger: Ledger) -> None:
    key = "QX!$@^|~ZQX!$@^|~ZQX"
    raw = status_line.replace(b"{key}", key.encode()) + b"Content-Length: 2\r\n\r\n[]"
    with hostile(sends(raw)) as server, EvolutionClient(server.url, key) as client:
        try:
            client.fetch_instances()
            texts: list[str] = []
        except EvolutionError as exc:
            texts = _texts(exc)
    found = leaked(key, texts)
    ledger.add(CAT, key_echoes=1, key_bytes_leaked=found)
    assert found == 0, texts
