"""The simulator over real loopback HTTP: lifecycle, guards, messages, dialects and faults.

Requests are made with bare httpx so that these tests pin the wire contract of evolution-api.md, not the
evodesk client. Time-dependent behaviour (QR rotation, delete delay) runs on a fake clock.
"""

from __future__ import annotations

import base64
import io
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_H

from evodesk.simulator import Simulator, SimulatorError

KEY = "test-key"
BAILEYS = "WHATSAPP-BAILEYS"
PAYLOAD = re.compile(r"^2@[A-Za-z0-9+/]+={0,2}(,[A-Za-z0-9+/]{43}=){3}$")
UUID_UPPER = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$")
PAIRING = re.compile(r"^[1-9A-HJ-NP-TV-Z]{8}$")
UNAUTHORIZED = {"status": 401, "error": "Unauthorized", "response": {"message": "Unauthorized"}}
OBJECT_OBJECT = {"error": True, "message": "[object Object]"}


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


Build = Callable[..., tuple[Simulator, httpx.Client]]


@pytest.fixture(scope="module")
def raw() -> Iterator[httpx.Client]:
    """A client without a key, for absolute URLs; shared because building one costs an SSL context."""
    with httpx.Client(timeout=5.0) as client:
        yield client


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def build(sim_factory: Callable[..., Simulator], clock: FakeClock) -> Iterator[Build]:
    """Start a simulator (fake clock, seeded, key ``test-key``) and a client that sends the global key."""
    clients: list[httpx.Client] = []

    def make(**kwargs: Any) -> tuple[Simulator, httpx.Client]:
        kwargs.setdefault("api_key", KEY)
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("seed", 7)
        kwargs.setdefault("qr_lifetime", 45.0)
        sim = sim_factory(**kwargs)
        client = httpx.Client(base_url=sim.url, headers={"apikey": KEY}, timeout=5.0)
        clients.append(client)
        return sim, client

    yield make
    for client in clients:
        client.close()


def create(client: httpx.Client, name: str, **fields: Any) -> httpx.Response:
    body: dict[str, Any] = {"instanceName": name, "integration": BAILEYS}
    body.update(fields)
    return client.post("/instance/create", json=body)


def state(client: httpx.Client, name: str) -> Any:
    return client.get(f"/instance/connectionState/{name}").json()


def row(client: httpx.Client, name: str) -> dict[str, Any]:
    rows = client.get("/instance/fetchInstances", params={"instanceName": name}).json()
    assert isinstance(rows, list) and len(rows) == 1
    item: dict[str, Any] = rows[0]
    return item


def envelope(status: int, error: str, *messages: str) -> dict[str, Any]:
    return {"status": status, "error": error, "response": {"message": list(messages)}}


# ---------------------------------------------------------------------------------------------- welcome


def test_welcome_reports_v2_version_and_client_name(build: Build, raw: httpx.Client) -> None:
    sim, _ = build()
    body = raw.get(sim.url + "/").json()
    assert body["status"] == 200
    assert body["message"] == "Welcome to the Evolution API, it is working!"
    assert body["version"] == "2.3.7"
    assert body["clientName"] == "evolution"
    assert body["whatsappWebVersion"].startswith("2.3000.")
    assert "swagger" not in body


def test_welcome_reports_v18_version_and_swagger(build: Build, raw: httpx.Client) -> None:
    sim, _ = build(dialect="1.8")
    body = raw.get(sim.url + "/").json()
    assert body["version"] == "1.8.6"
    assert body["swagger"].endswith("/docs")
    assert "clientName" not in body and "whatsappWebVersion" not in body


def test_verify_creds_accepts_only_the_global_key(build: Build, raw: httpx.Client) -> None:
    sim, client = build()
    assert client.post("/verify-creds").json() == {"status": 200, "message": "Credentials are valid"}
    wrong = raw.post(sim.url + "/verify-creds", headers={"apikey": "nope"})
    assert (wrong.status_code, wrong.json()) == (401, UNAUTHORIZED)


# ----------------------------------------------------------------------------------------------- create


def test_create_with_qrcode_returns_the_v2_shape_and_a_real_qr(build: Build) -> None:
    sim, client = build()
    response = create(client, "shop-01", qrcode=True)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"instance", "hash", "webhook", "websocket", "rabbitmq", "nats", "sqs", "settings", "qrcode"}
    assert body["instance"]["instanceName"] == "shop-01"
    assert body["instance"]["integration"] == BAILEYS
    assert body["instance"]["status"] == "connecting"
    assert body["instance"]["webhookWaBusiness"] is None
    assert body["instance"]["accessTokenWaBusiness"] == ""
    assert UUID_UPPER.match(body["hash"])
    assert body["webhook"] == {} and body["nats"] == {}
    assert body["settings"] == {
        "rejectCall": False,
        "msgCall": "",
        "groupsIgnore": False,
        "alwaysOnline": False,
        "readMessages": False,
        "readStatus": False,
        "syncFullHistory": False,
        "wavoipToken": "",
    }
    qr = body["qrcode"]
    assert qr["count"] == 1
    assert qr["pairingCode"] is None
    assert PAYLOAD.match(qr["code"]), qr["code"]
    assert qr["base64"].startswith("data:image/png;base64,")
    assert sim.current_qr("shop-01") == qr["code"]
    assert sim.state_of("shop-01") == "connecting"


def test_create_without_qrcode_is_close_and_has_no_qrcode_field(build: Build) -> None:
    _, client = build()
    body = create(client, "quiet", token="my-token", rejectCall=True, msgCall="busy").json()
    assert "qrcode" not in body
    assert body["instance"]["status"] == "close"
    assert body["hash"] == "my-token"
    assert body["settings"]["rejectCall"] is True
    assert body["settings"]["msgCall"] == "busy"
    assert state(client, "quiet") == {"instance": {"instanceName": "quiet", "state": "close"}}
    assert row(client, "quiet")["connectionStatus"] == "close"


def test_png_encodes_the_payload_with_the_server_settings(build: Build) -> None:
    _, client = build()
    qr = create(client, "png", qrcode=True).json()["qrcode"]
    png = base64.b64decode(qr["base64"].removeprefix("data:image/png;base64,"))
    image = Image.open(io.BytesIO(png)).convert("RGB")
    reference = qrcode.QRCode(error_correction=ERROR_CORRECT_H, border=0)
    reference.add_data(qr["code"])
    reference.make(fit=True)
    matrix = reference.get_matrix()
    modules = len(matrix)
    # scale 4, margin 3: the image is (modules + 2*3) * 4 pixels wide.
    assert image.size == ((modules + 6) * 4, (modules + 6) * 4)
    mismatches = 0
    for r, line in enumerate(matrix):
        for c, dark in enumerate(line):
            pixel = image.getpixel(((c + 3) * 4 + 2, (r + 3) * 4 + 2))
            assert isinstance(pixel, tuple)
            if (sum(pixel) < 384) != dark:
                mismatches += 1
    assert mismatches == 0
    assert image.getpixel((0, 0)) == (255, 255, 255)
    assert image.getpixel((14, 14)) == (0x19, 0x87, 0x54)  # first finder pattern, server's default colour


SCHEMA = True  # a JSON-schema violation: the list of violations is one element of the message list


@pytest.mark.parametrize(
    ("body", "schema", "messages"),
    [
        ({"instanceName": "x"}, False, ["Invalid integration"]),
        ({"instanceName": "x", "integration": "BAILEYS"}, False, ["Invalid integration"]),
        ({"instanceName": ""}, SCHEMA, ['The "instanceName" cannot be empty']),
        (
            {"instanceName": "x", "integration": BAILEYS, "qrcode": "yes"},
            SCHEMA,
            ["qrcode is not of a type(s) boolean"],
        ),
        (
            {"instanceName": "x", "integration": BAILEYS, "number": "+5511999999999"},
            SCHEMA,
            ['number does not match pattern "^\\\\d+[\\\\.@\\\\w-]+"'],
        ),
        ({"instanceName": "x", "integration": BAILEYS, "number": "5"}, SCHEMA, None),
        ({"instanceName": "x", "integration": "WHATSAPP-BUSINESS", "number": "5511"}, False, ["token is required"]),
        ({"instanceName": "x", "integration": "WHATSAPP-BUSINESS", "token": "t"}, False, ["number is required"]),
    ],
)
def test_create_validation_messages(
    build: Build, body: dict[str, Any], schema: bool, messages: list[str] | None
) -> None:
    _, client = build()
    response = client.post("/instance/create", json=body)
    assert response.status_code == 400
    if messages is None:  # a one-digit number also fails the pattern
        messages = ['number does not match pattern "^\\\\d+[\\\\.@\\\\w-]+"']
    expected: list[Any] = [messages] if schema else messages
    assert response.json() == {"status": 400, "error": "Bad Request", "response": {"message": expected}}


def test_a_name_that_is_not_a_string_fails_in_the_database_lookup(build: Build) -> None:
    _, client = build()
    response = client.post("/instance/create", json={"instanceName": 5, "integration": BAILEYS})
    assert response.status_code == 500
    (message,) = response.json()["response"]["message"]
    assert message.startswith("PrismaClientValidationError:") and "provided Int" in message


def test_number_pattern_message_has_doubled_backslashes_on_the_wire(build: Build) -> None:
    _, client = build()
    raw = create(client, "x", number="+55").text
    assert r"number does not match pattern \"^\\\\d+[\\\\.@\\\\w-]+\"" in raw


def test_empty_name_is_accepted_when_other_properties_are_present(build: Build) -> None:
    _, client = build()
    response = create(client, "")
    assert response.status_code == 201
    assert response.json()["instance"]["instanceName"] == ""


def test_missing_name_collides_with_any_existing_instance(build: Build) -> None:
    _, client = build()
    assert create(client, "first").status_code == 201
    response = client.post("/instance/create", json={"integration": BAILEYS})
    assert response.json() == envelope(403, "Forbidden", 'This name "undefined" is already in use.')


def test_business_integration_is_open_without_qr(build: Build) -> None:
    sim, client = build()
    body = create(client, "biz", integration="WHATSAPP-BUSINESS", token="t", number="5511", qrcode=True).json()
    assert body["instance"]["status"] == "open"
    assert body["instance"]["webhookWaBusiness"] == f"{sim.url}/webhook/meta"
    assert body["instance"]["accessTokenWaBusiness"] == "evolution"
    assert "qrcode" not in body


def test_malformed_json_body_gets_the_internal_server_error_quirk(build: Build) -> None:
    _, client = build()
    response = client.post(
        "/instance/create", content=b'{"instanceName": ', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "status": 400,
        "error": "Internal Server Error",
        "response": {"message": "Unexpected end of JSON input"},
    }
    bad_token = client.post("/instance/create", content=b"{x}", headers={"Content-Type": "application/json"})
    assert bad_token.json()["response"]["message"] == "Unexpected token x in JSON at position 1"


# ------------------------------------------------------------------------------------------- guard order


GUARDED = [
    ("GET", "/instance/connect/{}"),
    ("GET", "/instance/connectionState/{}"),
    ("DELETE", "/instance/logout/{}"),
    ("DELETE", "/instance/delete/{}"),
    ("POST", "/instance/restart/{}"),
]


@pytest.mark.parametrize(("method", "template"), GUARDED)
@pytest.mark.parametrize("key", [None, "wrong", KEY])
def test_unknown_instance_is_404_whatever_the_key(
    build: Build, method: str, template: str, key: str | None, raw: httpx.Client
) -> None:
    sim, _ = build()
    headers = {"apikey": key} if key is not None else {}
    response = raw.request(method, sim.url + template.format("ghost"), headers=headers)
    assert response.status_code == 404
    assert response.json() == envelope(404, "Not Found", 'The "ghost" instance does not exist')


@pytest.mark.parametrize(("method", "template"), GUARDED)
@pytest.mark.parametrize("key", [None, "wrong"])
def test_existing_instance_without_a_valid_key_is_401(
    build: Build, method: str, template: str, key: str | None, raw: httpx.Client
) -> None:
    sim, client = build()
    create(client, "real")
    headers = {"apikey": key} if key is not None else {}
    response = raw.request(method, sim.url + template.format("real"), headers=headers)
    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)
    assert sim.instance_names() == ["real"]  # nothing was deleted by the refused request


@pytest.mark.parametrize("key", [None, "wrong", KEY])
def test_duplicate_name_is_403_before_auth(build: Build, key: str | None, raw: httpx.Client) -> None:
    sim, client = build()
    create(client, "dup")
    headers = {"apikey": key} if key is not None else {}
    response = raw.post(
        sim.url + "/instance/create", json={"instanceName": "dup", "integration": BAILEYS}, headers=headers
    )
    assert response.json() == envelope(403, "Forbidden", 'This name "dup" is already in use.')


def test_create_needs_the_global_key(build: Build, raw: httpx.Client) -> None:
    sim, client = build()
    token = create(client, "owner").json()["hash"]
    for headers in ({}, {"apikey": "wrong"}, {"apikey": token}):
        response = raw.post(
            sim.url + "/instance/create", json={"instanceName": "new", "integration": BAILEYS}, headers=headers
        )
        assert (response.status_code, response.json()) == (401, UNAUTHORIZED)
    assert sim.instance_names() == ["owner"]


def test_auth_comes_before_body_validation(build: Build, raw: httpx.Client) -> None:
    sim, _ = build()
    response = raw.post(sim.url + "/instance/create", json={"instanceName": "x", "qrcode": "no"})
    assert response.status_code == 401


@pytest.mark.parametrize("key", [None, "wrong"])
def test_fetch_instances_without_a_valid_key_is_401(build: Build, key: str | None, raw: httpx.Client) -> None:
    sim, client = build()
    create(client, "a")
    headers = {"apikey": key} if key is not None else {}
    response = raw.get(sim.url + "/instance/fetchInstances", headers=headers)
    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)


def test_unknown_routes_and_wrong_methods_are_express_404s(build: Build) -> None:
    _, client = build()
    create(client, "foo")
    put = client.put("/instance/restart/foo")
    assert put.json() == envelope(404, "Not Found", "Cannot PUT /instance/restart/foo")
    assert client.get("/instance/nothing").json() == envelope(404, "Not Found", "Cannot GET /instance/nothing")
    assert client.post("/instance/connect/foo").json()["response"]["message"] == ["Cannot POST /instance/connect/foo"]


# ------------------------------------------------------------------------------------------------ tokens


def test_instance_token_works_only_for_its_own_instance(build: Build, raw: httpx.Client) -> None:
    sim, client = build()
    create(client, "a", token="tok-a")
    create(client, "b")
    own = raw.get(sim.url + "/instance/connectionState/a", headers={"apikey": "tok-a"})
    assert own.json() == {"instance": {"instanceName": "a", "state": "close"}}
    other = raw.get(sim.url + "/instance/connectionState/b", headers={"apikey": "tok-a"})
    assert (other.status_code, other.json()) == (401, UNAUTHORIZED)
    listed = raw.get(sim.url + "/instance/fetchInstances", headers={"apikey": "tok-a"}).json()
    assert [r["name"] for r in listed] == ["a"]
    deleted = raw.delete(sim.url + "/instance/delete/a", headers={"apikey": "tok-a"})
    assert deleted.json()["response"]["message"] == "Instance deleted"


def test_v2_allows_duplicate_tokens_and_lists_every_instance_with_it(build: Build, raw: httpx.Client) -> None:
    sim, client = build()
    assert create(client, "a", token="shared").status_code == 201
    assert create(client, "c", token="shared").status_code == 201
    create(client, "b")
    listed = raw.get(sim.url + "/instance/fetchInstances", headers={"apikey": "shared"}).json()
    assert sorted(r["name"] for r in listed) == ["a", "c"]
    by_name = raw.get(sim.url + "/instance/fetchInstances", params={"instanceName": "b"}, headers={"apikey": "shared"})
    assert by_name.status_code == 401


# ------------------------------------------------------------------------------------- QR lifecycle


def test_qr_rotates_with_count_and_connect_does_not_open_new_sockets(build: Build, clock: FakeClock) -> None:
    sim, client = build(qr_lifetime=10.0)
    first = create(client, "rot", qrcode=True).json()["qrcode"]
    clock.advance(9.0)
    again = client.get("/instance/connect/rot").json()
    assert (again["code"], again["count"]) == (first["code"], 1)
    clock.advance(1.5)
    second = client.get("/instance/connect/rot").json()
    assert second["count"] == 2
    assert second["code"] != first["code"]
    assert PAYLOAD.match(second["code"])
    clock.advance(30.0)
    fifth = client.get("/instance/connect/rot").json()
    assert fifth["count"] == 5
    assert sim.current_qr("rot") == fifth["code"]
    assert state(client, "rot")["instance"]["state"] == "connecting"


def test_no_qr_until_the_first_qr_delay_has_passed(build: Build, clock: FakeClock) -> None:
    _, client = build(first_qr_delay=3.0, qr_lifetime=10.0)
    body = create(client, "slow", qrcode=True).json()
    assert body["qrcode"] == {"count": 0}
    assert body["instance"]["status"] == "connecting"
    assert client.get("/instance/connect/slow").json() == {"count": 0}
    assert row(client, "slow")["connectionStatus"] == "close"  # the DB says connecting only once a QR exists
    clock.advance(3.0)
    qr = client.get("/instance/connect/slow").json()
    assert qr["count"] == 1 and PAYLOAD.match(qr["code"])
    assert row(client, "slow")["connectionStatus"] == "connecting"


def test_connect_from_close_starts_a_socket(build: Build, clock: FakeClock) -> None:
    _, client = build(first_qr_delay=2.0)
    create(client, "c")
    assert client.get("/instance/connect/c").json() == {"count": 0}
    assert state(client, "c")["instance"]["state"] == "connecting"
    clock.advance(2.0)
    assert client.get("/instance/connect/c").json()["count"] == 1


def test_qr_limit_refuses_then_closes_and_connect_starts_over(build: Build, clock: FakeClock) -> None:
    sim, client = build(qr_lifetime=10.0, qr_limit=3)
    create(client, "lim", qrcode=True)
    clock.advance(25.0)
    assert client.get("/instance/connect/lim").json()["count"] == 3
    clock.advance(5.0)  # the fourth QR would exceed the limit
    assert state(client, "lim") == {"instance": {"instanceName": "lim", "state": "close"}}
    states = [s for _, s in sim.history("lim")]
    assert states[-2:] == ["refused", "close"]
    assert sim.current_qr("lim") is None
    # The stored status is not written after the limit (evolution-api.md section 5): trust connectionState.
    assert row(client, "lim")["connectionStatus"] == "connecting"
    assert "lim" in sim.instance_names()  # the instance is not deleted
    restarted = client.get("/instance/connect/lim").json()
    assert restarted["count"] == 1
    assert state(client, "lim")["instance"]["state"] == "connecting"


def test_scan_opens_the_instance_and_fills_the_db_row(build: Build, clock: FakeClock) -> None:
    sim, client = build()
    create(client, "scan", qrcode=True, number="5511988887777")
    sim.simulate_scan("scan", profile_name="Shop One")
    assert state(client, "scan")["instance"]["state"] == "open"
    assert client.get("/instance/connect/scan").json() == {"instance": {"instanceName": "scan", "state": "open"}}
    item = row(client, "scan")
    assert item["connectionStatus"] == "open"
    assert item["ownerJid"] == "5511988887777@s.whatsapp.net"
    assert item["profileName"] == "Shop One"
    assert item["profilePicUrl"].startswith("https://pps.whatsapp.net/")
    assert item["number"] == "5511988887777"


def test_scan_without_a_number_uses_a_random_brazilian_one(build: Build) -> None:
    sim, client = build()
    create(client, "anon", qrcode=True)
    sim.simulate_scan("anon")
    assert re.fullmatch(r"55\d{2}9\d{8}@s\.whatsapp\.net", row(client, "anon")["ownerJid"])


def test_scan_needs_a_qr_on_screen(build: Build) -> None:
    sim, client = build()
    create(client, "closed")
    with pytest.raises(SimulatorError) as caught:
        sim.simulate_scan("closed")
    assert caught.value.status == 409
    with pytest.raises(SimulatorError) as unknown:
        sim.simulate_scan("nobody")
    assert unknown.value.status == 404
    assert sim.state_of("closed") == "close"


def test_logout_keeps_the_instance_and_wipes_the_session(build: Build) -> None:
    sim, client = build()
    create(client, "lo", qrcode=True)
    sim.simulate_scan("lo")
    response = client.delete("/instance/logout/lo")
    assert response.json() == {"status": "SUCCESS", "error": False, "response": {"message": "Instance logged out"}}
    assert state(client, "lo")["instance"]["state"] == "close"
    item = row(client, "lo")
    assert item["connectionStatus"] == "close"
    assert item["disconnectionReasonCode"] == 401
    assert item["disconnectionAt"] is not None
    again = client.delete("/instance/logout/lo")
    assert again.json() == envelope(400, "Bad Request", 'The "lo" instance is not connected')
    # The session is gone: connect needs a new QR.
    qr = client.get("/instance/connect/lo").json()
    assert PAYLOAD.match(qr["code"])
    assert state(client, "lo")["instance"]["state"] == "connecting"


def test_logout_while_connecting_stops_the_qr_cycle(build: Build) -> None:
    sim, client = build()
    create(client, "lc", qrcode=True)
    assert client.delete("/instance/logout/lc").status_code == 200
    assert sim.state_of("lc") == "close"
    assert sim.current_qr("lc") is None


def test_delete_frees_the_name_only_after_the_delay(build: Build, clock: FakeClock) -> None:
    sim, client = build(delete_delay=2.0)
    create(client, "del", qrcode=True)
    sim.simulate_scan("del")
    response = client.delete("/instance/delete/del")
    assert response.json() == {"status": "SUCCESS", "error": False, "response": {"message": "Instance deleted"}}
    assert create(client, "del").json() == envelope(403, "Forbidden", 'This name "del" is already in use.')
    assert [r["name"] for r in client.get("/instance/fetchInstances").json()] == ["del"]
    clock.advance(2.0)
    assert client.get("/instance/fetchInstances").json() == []
    gone = client.get("/instance/connect/del")
    assert gone.json() == envelope(404, "Not Found", 'The "del" instance does not exist')
    assert create(client, "del").status_code == 201


def test_drop_connection_stores_the_reason(build: Build) -> None:
    sim, client = build()
    create(client, "drop", qrcode=True)
    sim.simulate_scan("drop")
    sim.drop_connection("drop", 403)
    assert state(client, "drop")["instance"]["state"] == "close"
    item = row(client, "drop")
    assert item["connectionStatus"] == "close"
    assert item["disconnectionReasonCode"] == 403
    assert '"statusCode":403' in item["disconnectionObject"]
    # 403 keeps the session, so connect resumes it without a QR.
    assert client.get("/instance/connect/drop").json() == {"instance": {"instanceName": "drop", "state": "open"}}
    with pytest.raises(SimulatorError):
        sim.drop_connection("nobody")


def test_drop_with_401_needs_a_new_scan(build: Build) -> None:
    sim, client = build()
    create(client, "unlinked", qrcode=True)
    sim.simulate_scan("unlinked")
    sim.drop_connection("unlinked")
    assert row(client, "unlinked")["disconnectionReasonCode"] == 401
    assert PAYLOAD.match(client.get("/instance/connect/unlinked").json()["code"])
    with pytest.raises(SimulatorError):
        sim.drop_connection("unlinked")  # not open any more


# ------------------------------------------------------------------------------------------ pairing


def test_pairing_code_at_create_changes_with_each_rotation(build: Build, clock: FakeClock) -> None:
    _, client = build(qr_lifetime=10.0)
    first = create(client, "pair", qrcode=True, number="5511977776666").json()["qrcode"]
    assert PAIRING.match(first["pairingCode"])
    clock.advance(10.0)
    second = client.get("/instance/connect/pair").json()
    assert PAIRING.match(second["pairingCode"])
    assert (second["count"], second["pairingCode"] != first["pairingCode"]) == (2, True)


def test_number_on_connect_only_counts_from_close(build: Build) -> None:
    _, client = build()
    create(client, "pc", qrcode=True)
    ignored = client.get("/instance/connect/pc", params={"number": "5511955554444"}).json()
    assert ignored["pairingCode"] is None
    client.delete("/instance/logout/pc")
    honoured = client.get("/instance/connect/pc", params={"number": "5511955554444"}).json()
    assert PAIRING.match(honoured["pairingCode"])


# ------------------------------------------------------------------------------------------ restart


def test_restart_on_v2_answers_object_object_when_closed(build: Build) -> None:
    sim, client = build()
    create(client, "rs")
    response = client.post("/instance/restart/rs")
    assert (response.status_code, response.json()) == (200, OBJECT_OBJECT)
    create(client, "rs-open", qrcode=True)
    sim.simulate_scan("rs-open")
    opened = client.post("/instance/restart/rs-open").json()
    assert opened == {"instance": {"instanceName": "rs-open", "state": "open"}}
    create(client, "rs-qr", qrcode=True)
    connecting = client.post("/instance/restart/rs-qr").json()
    assert connecting == {"instance": {"instanceName": "rs-qr", "state": "connecting"}}


def test_server_restart_forgets_memory_but_keeps_the_db(build: Build) -> None:
    sim, client = build()
    create(client, "kept", qrcode=True)
    sim.simulate_scan("kept")
    create(client, "idle")
    sim.restart()
    assert sim.state_of("kept") is None
    assert state(client, "kept") == {"instance": {"instanceName": "kept"}}
    assert client.get("/instance/connect/kept").json() == OBJECT_OBJECT
    assert client.post("/instance/restart/kept").json() == OBJECT_OBJECT
    by_name = client.get("/instance/fetchInstances", params={"instanceName": "kept"})
    assert by_name.json() == envelope(404, "Not Found", 'Instance "kept" not found')
    rows = client.get("/instance/fetchInstances").json()
    assert [(r["name"], r["connectionStatus"]) for r in rows] == [("kept", "open"), ("idle", "close")]
    assert create(client, "kept").status_code == 403
    sim.restart(reload=True)
    assert sim.state_of("kept") == "open"
    # Loaded too, but not reconnected: it was stored close.
    assert sim.state_of("idle") == "close"
    assert state(client, "idle") == {"instance": {"instanceName": "idle", "state": "close"}}


# ---------------------------------------------------------------------------------------- fetchInstances


def test_fetch_instances_v2_rows_and_filters(build: Build) -> None:
    _, client = build()
    created = create(client, "f1", number="5511912345678").json()
    create(client, "f2")
    rows = client.get("/instance/fetchInstances").json()
    assert [r["name"] for r in rows] == ["f1", "f2"]
    first = rows[0]
    expected_keys = {
        "id", "name", "connectionStatus", "ownerJid", "profileName", "profilePicUrl", "integration", "number",
        "businessId", "token", "clientName", "disconnectionReasonCode", "disconnectionObject", "disconnectionAt",
        "createdAt", "updatedAt", "Chatwoot", "Proxy", "Rabbitmq", "Nats", "Sqs", "Websocket", "Setting", "_count",
    }  # fmt: skip
    assert set(first) == expected_keys
    assert first["id"] == created["instance"]["instanceId"]
    assert first["token"] == created["hash"]
    assert first["clientName"] == "evolution"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", first["createdAt"])
    assert first["Setting"]["instanceId"] == first["id"]
    assert first["_count"] == {"Message": 0, "Contact": 0, "Chat": 0}
    assert [r["name"] for r in client.get("/instance/fetchInstances", params={"instanceName": "f2"}).json()] == ["f2"]
    by_id = client.get("/instance/fetchInstances", params={"instanceId": first["id"]}).json()
    assert [r["name"] for r in by_id] == ["f1"]
    by_number = client.get("/instance/fetchInstances", params={"number": "5511912345678"}).json()
    assert [r["name"] for r in by_number] == ["f1"]
    missing = client.get("/instance/fetchInstances", params={"instanceName": "nope"})
    assert missing.json() == envelope(404, "Not Found", 'Instance "nope" not found')
    assert client.get("/instance/fetchInstances", params={"instanceId": "zz"}).json() == envelope(
        404, "Not Found", 'Instance "zz" not found'
    )


# -------------------------------------------------------------------------------------------- v1.8


def test_v18_create_shape(build: Build) -> None:
    _, client = build(dialect="1.8")
    response = client.post("/instance/create", json={"instanceName": "old", "qrcode": True})
    assert response.status_code == 201  # integration is optional on v1.8
    body = response.json()
    assert body["instance"]["status"] == "created"
    assert set(body["hash"]) == {"apikey"}
    assert UUID_UPPER.match(body["hash"]["apikey"])
    assert body["settings"]["groups_ignore"] is True
    assert body["qrcode"]["count"] == 1
    duplicate = client.post("/instance/create", json={"instanceName": "new", "token": body["hash"]["apikey"]})
    assert duplicate.json() == envelope(400, "Bad Request", "Token already exists")


def test_v18_restart_is_put_and_post_is_404(build: Build) -> None:
    _, client = build(dialect="1.8")
    client.post("/instance/create", json={"instanceName": "old"})
    put = client.put("/instance/restart/old")
    assert put.json() == {"instance": {"instanceName": "old", "state": "close"}}
    post = client.post("/instance/restart/old")
    assert post.json() == envelope(404, "Not Found", "Cannot POST /instance/restart/old")


def test_v18_fetch_instances_shapes(build: Build, raw: httpx.Client) -> None:
    sim, client = build(dialect="1.8")
    token = client.post("/instance/create", json={"instanceName": "on", "qrcode": True}).json()["hash"]["apikey"]
    client.post("/instance/create", json={"instanceName": "off"})
    sim.simulate_scan("on", profile_name="Loja", number="5511933332222")
    listed = client.get("/instance/fetchInstances").json()
    assert isinstance(listed, list)
    assert listed[1] == {
        "instance": {"instanceName": "off", "instanceId": listed[1]["instance"]["instanceId"], "status": "close"}
    }
    on = listed[0]["instance"]
    assert (on["owner"], on["profileName"], on["status"]) == ("5511933332222@s.whatsapp.net", "Loja", "open")
    single = client.get("/instance/fetchInstances", params={"instanceName": "on"}).json()
    assert isinstance(single, dict) and single["instance"]["instanceName"] == "on"
    with_token = raw.get(
        sim.url + "/instance/fetchInstances", params={"instanceName": "on"}, headers={"apikey": token}
    ).json()
    assert isinstance(with_token, list) and with_token[0]["instance"]["instanceName"] == "on"


# ----------------------------------------------------------------------------------------- misc routes


def test_percent_encoded_names_reach_the_right_instance(build: Build) -> None:
    _, client = build()
    assert create(client, "loja 1/a").status_code == 201
    body = client.get("/instance/connectionState/loja%201%2Fa").json()
    assert body == {"instance": {"instanceName": "loja 1/a", "state": "close"}}


def test_set_presence_needs_an_open_socket(build: Build) -> None:
    sim, client = build()
    create(client, "pr", qrcode=True)
    closed = client.post("/instance/setPresence/pr", json={"presence": "available"})
    assert closed.json() == envelope(400, "Bad Request", "Error: Connection Closed")
    create(client, "pr-closed")
    never = client.post("/instance/setPresence/pr-closed", json={"presence": "available"})
    no_socket = "TypeError: Cannot read properties of undefined (reading 'sendPresenceUpdate')"
    assert never.json() == envelope(400, "Bad Request", no_socket)

    sim.simulate_scan("pr")
    response = client.post("/instance/setPresence/pr", json={"presence": "available"})
    assert (response.status_code, response.json()) == (201, {"presence": "available"})
    bad = client.post("/instance/setPresence/pr", json={"presence": "away"})
    assert bad.json()["response"]["message"] == [
        ["presence is not one of enum values: unavailable,available,composing,recording,paused"]
    ]
    client.delete("/instance/logout/pr")
    no_user = "TypeError: Cannot read properties of undefined (reading 'name')"
    assert client.post("/instance/setPresence/pr", json={"presence": "available"}).json() == envelope(
        400, "Bad Request", no_user
    )


def test_query_instance_name_overrides_the_path_for_the_controller(build: Build) -> None:
    _, client = build()
    create(client, "path-one")
    create(client, "query-two", qrcode=True)
    body = client.get("/instance/connectionState/path-one", params={"instanceName": "query-two"}).json()
    assert body == {"instance": {"instanceName": "query-two", "state": "connecting"}}
    # The guards still look at the path: a missing path name is 404 whatever the query says.
    ghost = client.get("/instance/connectionState/ghost", params={"instanceName": "query-two"})
    assert ghost.status_code == 404


def test_chunked_request_body_is_read(build: Build) -> None:
    sim, client = build()

    def chunks() -> Iterator[bytes]:
        yield b'{"instanceName": "chunky", '
        yield b'"integration": "WHATSAPP-BAILEYS"}'

    response = client.post("/instance/create", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 201
    assert sim.instance_names() == ["chunky"]
    assert client.get("/instance/connectionState/chunky").status_code == 200  # the stream stayed in step


def test_stop_hangs_up_kept_alive_connections_and_start_comes_back(build: Build) -> None:
    sim, client = build()
    create(client, "persist")
    assert client.get("/").status_code == 200  # leaves a kept-alive connection in the pool
    port = sim.port
    sim.stop()
    with pytest.raises(httpx.TransportError):
        client.get("/")
    assert sim.start() == f"http://127.0.0.1:{port}"
    assert client.get("/instance/connectionState/persist").json()["instance"]["state"] == "close"


def test_concurrent_creates_of_one_name_let_exactly_one_through(build: Build) -> None:
    sim, _ = build()
    statuses: list[int] = []

    def attempt() -> None:
        with httpx.Client(base_url=sim.url, headers={"apikey": KEY}) as c:
            statuses.append(create(c, "race").status_code)

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201] + [403] * 11


def test_create_wait_lets_the_first_qr_arrive(sim_factory: Callable[..., Simulator], raw: httpx.Client) -> None:
    sim = sim_factory(api_key=KEY, first_qr_delay=0.1, create_wait=0.3)
    started = time.monotonic()
    body = raw.post(
        sim.url + "/instance/create",
        json={"instanceName": "w", "integration": BAILEYS, "qrcode": True},
        headers={"apikey": KEY},
    ).json()
    assert time.monotonic() - started >= 0.3
    assert body["qrcode"]["count"] == 1


# ------------------------------------------------------------------------------------------- faults


@pytest.mark.reliability
def test_fault_5xx(build: Build, raw: httpx.Client) -> None:
    sim, client = build()
    sim.set_faults(mode="5xx")
    response = client.get("/")
    assert response.status_code == 500
    assert response.json()["error"] == "Internal Server Error"
    assert raw.get(sim.url + "/_sim/stats").status_code == 200  # control routes are never faulted


@pytest.mark.reliability
def test_fault_malformed(build: Build) -> None:
    sim, client = build()
    sim.set_faults(mode="malformed")
    response = client.get("/")
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()


@pytest.mark.reliability
@pytest.mark.parametrize("mode", ["drop", "reset"])
def test_fault_drop_and_reset_break_the_connection(build: Build, mode: str) -> None:
    sim, client = build()
    sim.set_faults(mode=mode)
    with pytest.raises(httpx.RemoteProtocolError):
        client.get("/")
    sim.set_faults(mode="none")
    assert client.get("/").status_code == 200


@pytest.mark.reliability
def test_fault_timeout_and_latency(build: Build) -> None:
    sim, client = build()
    sim.set_faults(mode="timeout", latency=1.0)
    with pytest.raises(httpx.ReadTimeout):
        client.get("/", timeout=0.2)
    sim.set_faults(mode="none", latency=0.2)
    started = time.monotonic()
    assert client.get("/").status_code == 200
    assert time.monotonic() - started >= 0.2


@pytest.mark.reliability
def test_fail_rate_is_a_probability(build: Build) -> None:
    sim, client = build(seed=3)
    sim.set_faults(fail_rate=0.5, mode="5xx")
    codes = [client.get("/").status_code for _ in range(40)]
    assert 5 < codes.count(500) < 35
    assert codes.count(200) == 40 - codes.count(500)


@pytest.mark.reliability
def test_faults_from_the_control_endpoint_and_the_constructor(build: Build, raw: httpx.Client) -> None:
    sim, client = build(fail_rate=1.0)
    assert client.get("/").status_code == 500
    answer = raw.post(sim.url + "/_sim/faults", json={"failRate": 0.0, "mode": "none"}).json()
    assert answer == {"latency": 0.0, "failRate": 0.0, "mode": "none"}
    assert client.get("/").status_code == 200
    with pytest.raises(ValueError):
        sim.set_faults(mode="explode")
    assert raw.post(sim.url + "/_sim/faults", json={"mode": "explode"}).status_code == 400


# ------------------------------------------------------------------------------------------ controls


def test_control_endpoints_scan_drop_qr_restart(build: Build, raw: httpx.Client) -> None:
    sim, client = build()
    create(client, "ctl", qrcode=True, number="5511900001111")
    qr = raw.get(sim.url + "/_sim/qr/ctl").json()
    assert qr["code"] == sim.current_qr("ctl") and qr["state"] == "connecting"
    assert raw.get(sim.url + "/_sim/qr/nobody").status_code == 404
    scanned = raw.post(sim.url + "/_sim/scan/ctl", json={"profileName": "Ctl"})
    assert scanned.json() == {"instanceName": "ctl", "state": "open"}
    assert row(client, "ctl")["profileName"] == "Ctl"
    assert raw.post(sim.url + "/_sim/scan/ctl").status_code == 409  # already open: nothing to scan
    dropped = raw.post(sim.url + "/_sim/drop/ctl", json={"reasonCode": 401})
    assert dropped.json() == {"instanceName": "ctl", "state": "close"}
    assert raw.post(sim.url + "/_sim/restart").json() == {"instances": ["ctl"]}
    assert sim.state_of("ctl") is None
    listed = raw.get(sim.url + "/_sim/instances").json()
    assert listed == [{"instanceName": "ctl", "state": None}]
    assert raw.get(sim.url + "/_sim/nothing").status_code == 404


def test_stats_count_evolution_requests_and_concurrency(build: Build, raw: httpx.Client) -> None:
    sim, client = build()
    client.get("/")
    client.get("/instance/fetchInstances")
    raw.get(sim.url + "/_sim/stats")
    assert sim.request_count == 2
    assert [(m, p) for _, m, p in sim.requests()] == [("GET", "/"), ("GET", "/instance/fetchInstances")]
    sim.set_faults(latency=0.3)
    threads = [threading.Thread(target=lambda: raw.get(sim.url + "/")) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sim.max_in_flight >= 2
    assert raw.get(sim.url + "/_sim/stats").json() == {"requestCount": 6, "maxInFlight": sim.max_in_flight}
    raw.post(sim.url + "/_sim/reset-stats")
    assert (sim.request_count, sim.max_in_flight, sim.requests()) == (0, 0, [])


# ----------------------------------------------------------------------------------------- process


def test_real_clock_rotation(sim_factory: Callable[..., Simulator]) -> None:
    sim = sim_factory(api_key=KEY, qr_lifetime=0.3)
    with httpx.Client(base_url=sim.url, headers={"apikey": KEY}) as client:
        first = create(client, "live", qrcode=True).json()["qrcode"]
        time.sleep(0.35)
        later = client.get("/instance/connect/live").json()
    assert later["count"] >= 2 and later["code"] != first["code"]


def test_module_runs_as_a_server_process(raw: httpx.Client) -> None:
    command = [sys.executable, "-m", "evodesk.simulator", "--port", "0", "--api-key", "cli-key", "--dialect", "1.8"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stdout is not None
            line = process.stdout.readline()
            url = re.search(r"http://127\.0\.0\.1:\d+", line)
            assert url is not None, line
            assert raw.get(url.group(0) + "/").json()["version"] == "1.8.6"
            unauthorized = raw.get(url.group(0) + "/instance/fetchInstances", headers={"apikey": "x"})
            assert unauthorized.status_code == 401
            assert raw.get(url.group(0) + "/instance/fetchInstances", headers={"apikey": "cli-key"}).json() == []
        finally:
            process.terminate()
            process.wait(timeout=10)
    assert process.returncode == 0


def test_importing_the_simulator_does_not_load_qt() -> None:
    code = "import sys, evodesk.simulator; sys.exit(1 if 'PySide6' in sys.modules else 0)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
