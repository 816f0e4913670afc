"""Text no encoder accepts (lone UTF-16 surrogates) from the server never breaks a fleet refresh.

JavaScript cuts strings between the two halves of an emoji, so a server can send a profile name such as
``"Loja \\ud800 fim"`` (valid JSON). Both database drivers refuse to encode it; one such row used to roll back the
whole refresh batch, on every refresh. These tests send such answers over real HTTP (the raw-socket server) into
``InstanceManager.sync`` on SQLite and PostgreSQL, and generate arbitrary text, surrogates included.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.reliability.conftest import Ledger
from tests.reliability.hostile import hostile, response, sends

from evodesk.domain import Actor, ConnectionState
from evodesk.evolution import EvolutionClient, parsing
from evodesk.services import InstanceManager
from evodesk.store import Store, open_store

pytestmark = pytest.mark.reliability

CAT = "bad_input"
ANA = Actor("ana", "desk-1")
KEY = "unencodable-key-0123"


def _fleet(store: Store, count: int = 3) -> list[int]:
    return [
        store.insert_chip(
            phone=f"55119876541{index:02d}", instance_name=f"shop-{index:02d}", display_name=None, actor=ANA
        ).id
        for index in range(count)
    ]


def _raw_answer(profile: str) -> bytes:
    """The answer as the server writes it: the surrogate is a JSON escape, which json.dumps keeps as such."""
    rows = [
        {"name": "shop-00", "connectionStatus": "open", "profileName": "Shop Zero", "ownerJid": "5511@s.whatsapp.net"},
        {"name": "shop-01", "connectionStatus": "open", "profileName": profile, "ownerJid": "5512@s.whatsapp.net"},
        {"name": "shop-02", "connectionStatus": "close", "profileName": "Shop \U0001f600 Two"},
    ]
    return response(json.dumps(rows).encode())


@pytest.mark.parametrize(
    ("profile", "shown"),
    [
        ("Loja \ud800 fim", "Loja \ufffd fim"),
        ("Loja \udfff", "Loja \ufffd"),
        ("\ud83d", "\ufffd"),
        ("Emoji \ud83d\ude00 inteiro", "Emoji \U0001f600 inteiro"),
        ("Fim cortado \ud83d", "Fim cortado \ufffd"),
    ],
)
def test_a_profile_name_with_a_lone_surrogate_is_stored_and_the_fleet_refreshed(
    database_url: str, profile: str, shown: str, ledger: Ledger
) -> None:
    with open_store(database_url) as store, hostile(sends(_raw_answer(profile))) as server:
        ids = _fleet(store)
        with EvolutionClient(server.url, KEY) as client:
            manager = InstanceManager(client, store, actor=ANA)
            report = manager.sync()
            again = manager.sync()  # and every later refresh works too
        chips = {chip.id: chip for chip in store.list_chips()}
        assert chips[ids[1]].profile_name == shown
        assert chips[ids[0]].profile_name == "Shop Zero" and chips[ids[0]].connection_state is ConnectionState.OPEN
        assert chips[ids[2]].profile_name == "Shop \U0001f600 Two"
        assert chips[ids[1]].connection_state is ConnectionState.OPEN
        assert report.unwritten == () and report.missing_instances == () and again.changes == ()
        lost = ledger.chips(CAT, expected=set(ids), present=set(chips))
        assert lost == 0
    ledger.add(CAT, bad_inputs=1, **{"input:lone surrogate (refresh)": 1})


def test_a_row_the_store_refuses_does_not_sink_the_batch(
    database_url: str, monkeypatch: pytest.MonkeyPatch, ledger: Ledger
) -> None:
    # Should the boundary ever let an unstorable value through, the refresh still writes every other chip.
    monkeypatch.setattr(parsing, "storable_text", lambda text: text)
    with open_store(database_url) as store, hostile(sends(_raw_answer("Loja \ud800 fim"))) as server:
        ids = _fleet(store)
        before = store.get_chip(ids[1])
        with EvolutionClient(server.url, KEY) as client:
            report = InstanceManager(client, store, actor=ANA).sync()
        assert [chip.id for chip in report.unwritten] == [ids[1]]
        assert store.get_chip(ids[1]) == before
        assert store.get_chip(ids[0]).connection_state is ConnectionState.OPEN
        assert store.get_chip(ids[2]).profile_name == "Shop \U0001f600 Two"
    ledger.add(CAT, bad_inputs=1, **{"input:unstorable row in a batch": 1})


@pytest.mark.parametrize("field", ["profile_name", "owner_jid", "display_name"])
def test_the_store_refuses_unencodable_text_the_same_way_on_both_backends(database_url: str, field: str) -> None:
    with open_store(database_url) as store:
        chip_id = _fleet(store, 1)[0]
        before = store.get_chip(chip_id)
        with pytest.raises(ValueError, match="cannot be stored"):
            store.update_chip(chip_id, expected_version=None, actor=ANA, action="sync", **{field: "a\ud800b"})
        with pytest.raises(ValueError, match="cannot be stored"):
            store.update_chips([(chip_id, None, {field: "\udc80"})], actor=ANA, action="sync")
        assert store.get_chip(chip_id) == before


# Any text at all, lone surrogates, NUL and other control characters included.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)


def test_any_text_from_the_server_gives_a_consistent_refresh(database_url: str, ledger: Ledger) -> None:
    with open_store(database_url) as store:
        ids = _fleet(store)
        examples = [0]

        @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
        @given(name=ANY_TEXT, profile=ANY_TEXT, owner=ANY_TEXT, number=ANY_TEXT, state=ANY_TEXT)
        def check(name: str, profile: str, owner: str, number: str, state: str) -> None:
            rows = [
                {"name": "shop-00", "connectionStatus": "open", "profileName": profile, "ownerJid": owner},
                {"name": name, "connectionStatus": state, "profileName": profile, "number": number},
                {"name": "shop-02", "connectionStatus": "open", "profileName": profile},
            ]
            body = json.dumps(rows).encode()
            transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
            with EvolutionClient("http://evo.test", KEY, transport=transport) as client:
                report = InstanceManager(client, store, actor=ANA).sync()
            assert report.unwritten == ()
            chips = {chip.id: chip for chip in store.list_chips()}
            assert set(chips) == set(ids)
            for chip_id in (ids[0], ids[2]):
                stored = chips[chip_id]
                assert stored.connection_state is ConnectionState.OPEN
                if stored.profile_name is not None:
                    stored.profile_name.encode("utf-8")  # storable, shown as is
                    assert "\x00" not in stored.profile_name
            examples[0] += 1

        check()
    ledger.add(
        CAT, bad_inputs=examples[0], hypothesis_examples=examples[0], **{"input:any text (refresh)": examples[0]}
    )


def test_log_lines_with_server_text_can_be_written(tmp_path: Path) -> None:
    # Server words reach the log through error messages: they must be encodable into the UTF-8 log file.
    message = parsing.server_message({"message": "falhou \ud800 aqui"})
    assert message == "falhou \ufffd aqui"
    (tmp_path / "log.txt").write_text(message, encoding="utf-8")
