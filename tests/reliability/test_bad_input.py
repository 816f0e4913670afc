"""Bad input, from the operator and from the server: each gets a clear error and changes nothing.

Explicit tables of the inputs people and broken servers actually produce, plus hypothesis for everything else.
Already proven elsewhere and not repeated here: normalise_phone/validate_instance_name on arbitrary text
(tests/test_validation.py), and every EvolutionClient call on arbitrary status codes and bodies
(tests/test_client.py::test_any_answer_gives_a_typed_result_or_an_evolution_error). This file takes the same
inputs through the InstanceManager, the dialogs and the fleet refresh, and checks that nothing was written.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evodesk.config import ConfigError, validate_server_url
from evodesk.domain import Actor, ChipStatus, ConnectionState, SyncReport
from evodesk.evolution import CircuitBreaker, EvolutionAuthError, EvolutionClient, EvolutionError, parsing
from evodesk.services import InstanceManager, InvalidInstanceName, InvalidPhone, ValidationError
from evodesk.services.journal import CreateJournal
from evodesk.simulator import Simulator
from evodesk.store import Store, open_store
from evodesk.store.engine import create_engine, normalize_url
from helpers import rows

from .conftest import Ledger

pytestmark = pytest.mark.reliability

CAT = "bad_input"
KEY = "bad-input-key-4e1b"
ANA = Actor("ana", "desk-1")

BAD_NAMES = [
    "/",
    "a/b",
    "..",
    ".",
    "../instance/delete/victim",
    "%2F",
    "a%2Fb",
    "shop 01",
    "shop\t01",
    "a\nb",
    "a\x00b",
    "ação",
    "名前",
    "émoji-😀",
    "x" * 300,
    "x" * 65,
    "'; DROP TABLE chips; --",
    "x' OR '1'='1",
    "shop-01; DELETE FROM chips",
    "?x=1",
    "#frag",
    "a?instanceName=victim",
    "-leading-dash",
    ".hidden",
    "_under",
    "a-cwId-1",
    "<script>",
    "shop\u200b01",  # zero-width space
]

BAD_PHONES = [
    "",
    "   ",
    "abc",
    "11 9999x-8888",
    "+55 11 99999-8888 ramal 2",
    "5511999998888\x00",
    "11 99999\u20118888",  # non-breaking hyphen
    "１１９９９９９８８８８",  # full-width digits
    "٠١١٩٩٩٩٩٨٨٨٨",
    "9" * 40,
    "1" * 41,
    "+",
    "0",
    "1e10",
    "99999-8888",
    "'; DROP TABLE chips; --",
    "5511999998888' OR '1'='1",
    "../../etc/passwd",
    "11 99999-8888\n11 98888-7777",
]


@dataclass
class Bench:
    """A simulator, a SQLite store and a manager (with its create journal) shared by a module's examples."""

    sim: Simulator
    store: Store
    manager: InstanceManager
    journal: CreateJournal

    def snapshot(self) -> tuple[object, ...]:
        return (
            rows(self.store),
            len(self.store.list_events()),
            self.sim.instance_names(),
            self.sim.request_count,
            self.journal.pending(),
        )


@pytest.fixture(scope="module")
def bench(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bench]:
    folder = tmp_path_factory.mktemp("bad-input")
    with Simulator(api_key=KEY) as sim:
        store = open_store(f"sqlite:///{folder / 'chips.sqlite3'}")
        journal = CreateJournal(folder / "journal.json")
        with EvolutionClient(sim.url, KEY) as client:
            manager = InstanceManager(client, store, actor=ANA, journal=journal)
            # One chip already there, so "nothing changed" is about something.
            manager.create("11 98765-3001", "existing-01")
            sim.reset_stats()
            yield Bench(sim, store, manager, journal)
        store.close()


# -- phones and instance names through the InstanceManager ----------------------------------------------------


def _refused_without_a_trace(bench: Bench, phone: str, name: str | None, error: type[ValidationError]) -> str:
    before = bench.snapshot()
    with pytest.raises(error) as caught:
        bench.manager.create(phone, name)
    assert caught.value.code.split(".")[0] in ("phone", "name"), caught.value.code
    assert caught.value.message
    assert bench.snapshot() == before, "a refused create changed something"
    return caught.value.code


@pytest.mark.parametrize("name", BAD_NAMES)
def test_a_bad_instance_name_is_refused_before_anything_happens(bench: Bench, ledger: Ledger, name: str) -> None:
    _refused_without_a_trace(bench, "11 98765-3002", name, InvalidInstanceName)
    ledger.add(CAT, bad_inputs=1, **{"input:instance name": 1})


@pytest.mark.parametrize("phone", BAD_PHONES)
def test_a_bad_phone_is_refused_before_anything_happens(bench: Bench, ledger: Ledger, phone: str) -> None:
    _refused_without_a_trace(bench, phone, None, InvalidPhone)
    ledger.add(CAT, bad_inputs=1, **{"input:phone": 1})


NAME_TEXT = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.sampled_from("aZ09._-/%?#&= \t\n\x00'\";é名😀"), min_size=1, max_size=80),
    st.sampled_from(BAD_NAMES).flatmap(lambda bad: st.text(max_size=5).map(lambda extra: bad + extra)),
)
PHONE_TEXT = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.sampled_from("0123456789 ()+-./x\x00١１\u2011'"), max_size=50),
)


def test_any_name_or_phone_is_used_as_given_or_refused_without_a_trace(bench: Bench, ledger: Ledger) -> None:
    from evodesk.services import normalise_phone, validate_instance_name

    tried: list[int] = [0, 0]

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(phone=PHONE_TEXT, name=NAME_TEXT)
    def check(phone: str, name: str) -> None:
        tried[0] += 1
        try:
            normalise_phone(phone)
            # A blank name is no name: create derives one from the phone (design.md section 5), as the dialog does.
            if name.strip():
                validate_instance_name(name)
        except ValidationError as exc:
            tried[1] += 1
            _refused_without_a_trace(bench, phone, name, type(exc))

    check()
    assert tried[1] > tried[0] // 2, "the strategies hardly produced bad input"
    ledger.add(CAT, hypothesis_examples=tried[0], bad_inputs=tried[1], **{"input:phone+name (hypothesis)": tried[1]})


# -- server URLs and API keys ---------------------------------------------------------------------------------

BAD_URLS = [
    "",
    "   ",
    "ftp://evolution.example.com",
    "evolution.example.com",
    "evolution.example.com:8080",
    "//evolution.example.com",
    "http://",
    "http:///path",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "http://user:password@evolution.example.com",
    "http://evolution.example.com/?apikey=x",
    "http://evolution.example.com/#frag",
    "http://evolution.example.com:99999",
    "http://evolution.example.com:0",
    "http://[::1",
    "http://evo lution.example.com",
    "http://evolution\n.example.com",
    "http://evolution.example.com/ path",
    "http://evolution\x00.example.com",
    "https://evolution.example.com\t/x",
    "http://xn--.com",
    "http://÷",
    "http://[v1.x]",
]
GOOD_URLS = [
    ("  https://evolution.example.com  ", "https://evolution.example.com"),
    ("https://evolution.example.com/", "https://evolution.example.com"),
    ("HTTP://127.0.0.1:8080/", "HTTP://127.0.0.1:8080"),
    ("http://[::1]:8080", "http://[::1]:8080"),
    ("https://evolution.example.com/api/", "https://evolution.example.com/api"),
    ("\thttps://evolution.example.com\n", "https://evolution.example.com"),
    ("http://evolution.example.com\n", "http://evolution.example.com"),
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_bad_server_url_is_refused_with_a_reason(url: str, ledger: Ledger) -> None:
    with pytest.raises(ConfigError) as caught:
        validate_server_url(url)
    assert "server URL" in str(caught.value)
    ledger.add(CAT, bad_inputs=1, **{"input:server url": 1})


@pytest.mark.parametrize(("url", "expected"), GOOD_URLS)
def test_surrounding_spaces_and_slashes_are_trimmed_from_a_server_url(url: str, expected: str) -> None:
    assert validate_server_url(url) == expected
    EvolutionClient(expected, KEY).close()


def test_any_url_the_settings_accept_is_one_the_client_can_use(ledger: Ledger) -> None:
    seen: list[int] = [0, 0]
    url_text = st.one_of(
        st.text(max_size=60),
        st.builds(
            lambda scheme, host, tail: f"{scheme}{host}{tail}",
            st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "", "http:/"]),
            st.text(alphabet=st.sampled_from("ab.-:[]1 \t\n\x00@%é"), min_size=1, max_size=20),
            st.text(max_size=10),
        ),
    )

    @settings(max_examples=300, deadline=None)
    @given(url=url_text)
    def check(url: str) -> None:
        seen[0] += 1
        try:
            accepted = validate_server_url(url)
        except ConfigError:
            seen[1] += 1
            return
        assert accepted == accepted.strip() and not any(ch.isspace() or ord(ch) < 0x20 for ch in accepted)
        # What the settings dialog saves must not fail later when the window builds its client.
        try:
            EvolutionClient(accepted, KEY).close()
        except EvolutionError as exc:
            raise AssertionError(f"validate_server_url accepted {url!r} but the client refuses it: {exc}") from exc

    check()
    ledger.add(CAT, hypothesis_examples=seen[0], bad_inputs=seen[1], **{"input:server url (hypothesis)": seen[1]})


@pytest.mark.parametrize("key", [" k-123456", "k-123456 ", "\tk-123456\n", "  k-123456  "])
def test_the_client_strips_whitespace_around_the_key(key: str, sim_factory: Callable[..., Simulator]) -> None:
    sim = sim_factory(api_key="k-123456")
    with EvolutionClient(sim.url, key) as client:
        assert client.fetch_instances() == []


@pytest.mark.parametrize("key", ["k-12 3456", "k-123456\n7", "k\t123456", "k-123456\x00", "clé-123456", "k\u200b123"])
def test_the_client_refuses_a_key_with_inner_spaces_or_control_characters(key: str, ledger: Ledger) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=[])

    # The refusal comes at the first call (so the window can still show the chips), and nothing is ever sent.
    client = EvolutionClient("http://127.0.0.1:9", key, transport=httpx.MockTransport(answer))
    with pytest.raises(EvolutionAuthError) as caught:
        client.fetch_instances()
    assert "API key" in caught.value.message and key.strip() not in caught.value.message
    assert caught.value.status is None
    assert sent == []
    client.close()
    ledger.add(CAT, bad_inputs=1, **{"input:api key": 1})


# -- server bodies of any shape, through the fleet refresh -----------------------------------------------------

NAMES = ("shop-01", "shop-02", "shop-03")
# Values that have broken refreshes elsewhere: too long for a column, NUL (PostgreSQL refuses it), integers beyond
# 32 and 64 bits, dates that cannot be converted to UTC, and plain wrong types.
NASTY = st.sampled_from(
    [
        "x" * 300,
        "😀" * 200,
        "a\x00b",
        2**40,
        2**70,
        -(2**70),
        1e300,
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-05:00",
        "2025-13-45T99:99:99Z",
    ]
)
JUNK = st.one_of(
    NASTY,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
)
GOOD = {
    "id": st.uuids().map(str),
    "name": st.sampled_from(NAMES) | st.sampled_from(NAMES).map(str.upper),
    "connectionStatus": st.sampled_from(["open", "close", "connecting", "refused", "OPEN", "weird", ""]),
    "ownerJid": st.from_regex(r"55\d{11}@s\.whatsapp\.net", fullmatch=True),
    "profileName": st.text(max_size=30),
    "number": st.from_regex(r"55\d{11}", fullmatch=True),
    "disconnectionReasonCode": st.sampled_from([None, 401, 403, 408, 428, 440, 500, 515]),
    "disconnectionAt": st.sampled_from([None, "2025-12-10T13:06:40.000Z", 1765371999000, 1765371999]),
    "token": st.uuids().map(str),
}
ROW = st.fixed_dictionaries(
    {"name": st.one_of(GOOD["name"], GOOD["name"], GOOD["name"], st.text(min_size=1, max_size=12), JUNK)},
    optional={key: st.one_of(value, NASTY, NASTY, JUNK) for key, value in GOOD.items() if key != "name"},
)
PAYLOAD = st.one_of(
    st.lists(ROW | JUNK, max_size=6),
    st.lists(ROW, max_size=6),
    ROW,
    JUNK,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file with three chips, copied fresh for every example."""
    path = tmp_path_factory.mktemp("sync-template") / "template.sqlite3"
    with open_store(f"sqlite:///{path}") as store:
        for n, name in enumerate(NAMES):
            store.insert_chip(phone=f"551198765400{n}", instance_name=name, display_name=None, actor=ANA)
    return path


def _mock_client(payload: object) -> EvolutionClient:
    body = json.dumps(payload, allow_nan=True).encode()
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    return EvolutionClient(
        "http://evo.test", KEY, transport=transport, breaker=CircuitBreaker(failure_threshold=1_000_000)
    )


def check_sync_report(store: Store, before: dict[int, tuple[object, ...]], payload: object, report: SyncReport) -> None:
    """A refresh that succeeded: its report matches the database, and every chip agrees with its instance."""
    infos = parsing.parse_instances(payload)
    by_name = {info.name: info for info in infos}
    by_lower = {info.name.lower(): info for info in infos}
    chips = store.list_chips(include_cancelled=True)
    assert report.chips == tuple(chips)
    changed = {change.chip_id for change in report.changes}
    for chip in chips:
        old_version = before[chip.id][6]
        assert isinstance(old_version, int)
        assert chip.version == old_version + (1 if chip.id in changed else 0), chip
        info = by_name.get(chip.instance_name) or by_lower.get(chip.instance_name.lower())
        if info is None:
            assert chip in report.missing_instances
            assert (chip.connection_state, chip.version) == (before[chip.id][5], old_version)
            continue
        assert chip.connection_state is info.state, (chip, info)
        assert chip.evolution_connected is (info.state is ConnectionState.OPEN)
        assert chip.status in (ChipStatus.PENDING, ChipStatus.WARMING)
    known = {chip.instance_name.lower() for chip in chips}
    assert {info.name for info in report.unknown_instances} == {i.name for i in infos if i.name.lower() not in known}
    assert len([e for e in store.list_events() if e.action in ("sync", "drop")]) == len(changed)


def test_any_fetch_instances_answer_gives_an_error_or_a_consistent_refresh(template: Path, ledger: Ledger) -> None:
    seen: Counter[str] = Counter()

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(payload=PAYLOAD)
    def check(payload: object) -> None:
        folder = template.parent / "examples"
        folder.mkdir(exist_ok=True)
        path = folder / f"example-{seen['examples']}.sqlite3"
        shutil.copyfile(template, path)
        seen["examples"] += 1
        store = Store(create_engine(normalize_url(f"sqlite:///{path}")))
        client = _mock_client(payload)
        try:
            manager = InstanceManager(client, store, actor=ANA)
            before = rows(store)
            try:
                report = manager.sync()
            except EvolutionError:
                seen["refused"] += 1
                assert rows(store) == before, "a refused answer changed the database"
                return
            seen["refreshed"] += 1
            check_sync_report(store, before, payload, report)
        finally:
            client.close()
            store.close()
            path.unlink()

    check()
    print(dict(seen))
    ledger.add(
        CAT,
        hypothesis_examples=seen["examples"],
        bad_inputs=seen["examples"],
        **{"input:fetchInstances body (hypothesis)": seen["examples"]},
    )


NASTY_ROWS: list[tuple[str, dict[str, object]]] = [
    ("profile name of 300 characters", {"connectionStatus": "open", "profileName": "P" * 300}),
    ("owner JID of 300 characters", {"connectionStatus": "open", "ownerJid": "5" * 290 + "@s.whatsapp.net"}),
    ("NUL in the profile name", {"connectionStatus": "open", "profileName": "Lo\x00ja"}),
    ("NUL in the owner JID", {"connectionStatus": "open", "ownerJid": "5511\x00@s.whatsapp.net"}),
    ("reason code beyond 32 bits", {"connectionStatus": "close", "disconnectionReasonCode": 2**40}),
    ("reason code beyond 64 bits", {"connectionStatus": "close", "disconnectionReasonCode": 2**70}),
    ("reason code as text", {"connectionStatus": "close", "disconnectionReasonCode": "401"}),
    ("date before year 1 in UTC", {"connectionStatus": "close", "disconnectionAt": "0001-01-01T00:00:00+01:00"}),
    ("date after year 9999 in UTC", {"connectionStatus": "close", "disconnectionAt": "9999-12-31T23:59:59-05:00"}),
    ("epoch far in the future", {"connectionStatus": "close", "disconnectionAt": 1e300}),
    ("state of another type", {"connectionStatus": ["open"], "profileName": 42}),
]


@pytest.mark.parametrize(("label", "fields"), NASTY_ROWS, ids=[label for label, _ in NASTY_ROWS])
def test_a_nasty_instance_row_cannot_break_the_refresh(
    database_url: str, label: str, fields: dict[str, object], ledger: Ledger
) -> None:
    with open_store(database_url) as store:
        chip = store.insert_chip(phone="5511987654001", instance_name="shop-01", display_name=None, actor=ANA)
        other = store.insert_chip(phone="5511987654002", instance_name="shop-02", display_name=None, actor=ANA)
        payload = [{"name": "shop-01", **fields}, {"name": "shop-02", "connectionStatus": "open"}]
        client = _mock_client(payload)
        try:
            before = rows(store)
            report = InstanceManager(client, store, actor=ANA).sync()
        finally:
            client.close()
        check_sync_report(store, before, payload, report)
        # The good row next to the bad one is recorded too: one bad instance does not stop the fleet refresh.
        assert store.get_chip(other.id).connection_state is ConnectionState.OPEN
        stored = store.get_chip(chip.id)
        assert stored.profile_name is None or (len(stored.profile_name) <= 255 and "\x00" not in stored.profile_name)
        assert stored.owner_jid is None or (len(stored.owner_jid) <= 128 and "\x00" not in stored.owner_jid)
    ledger.add(CAT, bad_inputs=1, **{"input:instance row": 1})
