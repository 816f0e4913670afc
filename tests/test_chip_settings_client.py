"""The settings, proxy and profile methods of EvolutionClient over real HTTP to the simulator, in both dialects."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

import httpx
import pytest

from evodesk.domain import ChipSettings, ConnectionState, Dialect, ProxyConfig
from evodesk.evolution import (
    EvolutionAuthError,
    EvolutionClient,
    EvolutionRequestError,
    EvolutionUnavailable,
    InstanceNotConnected,
    InstanceNotFound,
    ProxyRejected,
)
from evodesk.evolution.chip_settings import (
    parse_profile_picture,
    parse_proxy,
    parse_settings,
    proxy_body,
    scrub_password,
    settings_body,
)
from evodesk.evolution.parsing import ShapeError
from evodesk.simulator import Simulator

KEY = "test-key"
PASSWORD = "Zq8-proxy-secret"
DIALECTS = ["2.3.7", "1.8"]


@pytest.fixture(params=DIALECTS)
def sim(request: pytest.FixtureRequest, sim_factory: Callable[..., Simulator]) -> Simulator:
    return sim_factory(api_key=KEY, dialect=request.param, qr_lifetime=45.0)


@pytest.fixture
def client(sim: Simulator) -> Iterator[EvolutionClient]:
    with EvolutionClient(sim.url, KEY, timeout=5, long_timeout=10) as evolution:
        yield evolution


def raw(sim: Simulator, method: str, path: str, **kwargs: object) -> httpx.Response:
    with httpx.Client(base_url=sim.url, headers={"apikey": KEY}, trust_env=False) as http:
        return http.request(method, path, **kwargs)  # type: ignore[arg-type]


def connected(sim: Simulator, client: EvolutionClient, name: str, number: str = "5511987650001") -> None:
    client.create_instance(name, number=number)
    sim.simulate_scan(name, profile_name="Shop", number=number)
    assert client.connection_state(name) is ConnectionState.OPEN


def test_settings_round_trip(sim: Simulator, client: EvolutionClient) -> None:
    client.create_instance("shop-01", qrcode=False)
    first = client.find_settings("shop-01")
    assert first is not None and first.reject_call is False and first.always_online is False
    wanted = ChipSettings(reject_call=True, msg_call="Busy, text me", groups_ignore=True, sync_full_history=True)
    assert client.set_settings("shop-01", wanted) == wanted
    assert client.find_settings("shop-01") == wanted
    # The body went in the server's dialect: v1.8 keys are snake_case, and the simulator refuses camelCase there.
    stored = raw(sim, "GET", "/settings/find/shop-01").json()
    key = "reject_call" if sim.version.startswith("1.") else "rejectCall"
    assert stored[key] is True


def test_a_wavoip_token_set_elsewhere_is_kept_on_v2(sim: Simulator, client: EvolutionClient) -> None:
    client.create_instance("shop-01", qrcode=False)
    v1 = sim.version.startswith("1.")
    body = settings_body(ChipSettings(), Dialect.V1_8 if v1 else Dialect.V2) | {"wavoipToken": "wv-token"}
    assert raw(sim, "POST", "/settings/set/shop-01", json=body).status_code == 201
    client.set_settings("shop-01", ChipSettings(groups_ignore=True))
    # v1.8 requires the field in every body, so there the token cannot survive a change of settings.
    assert raw(sim, "GET", "/settings/find/shop-01").json()["wavoipToken"] == ("" if v1 else "wv-token")


def test_the_call_message_goes_empty_while_calls_are_not_rejected(sim: Simulator, client: EvolutionClient) -> None:
    client.create_instance("shop-01", qrcode=False)
    client.set_settings("shop-01", ChipSettings(reject_call=True, msg_call="Busy"))
    client.set_settings("shop-01", ChipSettings(reject_call=False, msg_call="Busy"))
    assert client.find_settings("shop-01") == ChipSettings(reject_call=False, msg_call="")


def test_bodies_of_both_dialects() -> None:
    settings = ChipSettings(reject_call=False, msg_call="left over", always_online=True)
    v2 = settings_body(settings, Dialect.V2)
    assert v2["msgCall"] == "" and v2["alwaysOnline"] is True and "wavoipToken" not in v2
    v1 = settings_body(settings, Dialect.V1_8)
    assert v1["msg_call"] == "" and v1["always_online"] is True and "alwaysOnline" not in v1
    assert v1["wavoipToken"] == ""
    proxy = ProxyConfig(enabled=True, host="p.example", port=8080, protocol="socks5")
    assert proxy_body(proxy, Dialect.V2) == {
        "enabled": True,
        "host": "p.example",
        "port": "8080",
        "protocol": "socks5",
        "username": "",
        "password": "",
    }
    nested = proxy_body(proxy, Dialect.V1_8)
    assert nested["enabled"] is True and nested["proxy"] == {
        "host": "p.example",
        "port": "8080",
        "protocol": "socks5",
        "username": "",
        "password": "",
    }


def test_proxy_round_trip_with_the_port_as_a_string(sim: Simulator, client: EvolutionClient) -> None:
    client.create_instance("shop-01", qrcode=False)
    assert client.find_proxy("shop-01") is None
    proxy = ProxyConfig(
        enabled=True, host="proxy.example", port=3128, protocol="http", username="op", password=PASSWORD
    )
    assert client.set_proxy("shop-01", proxy) == proxy
    assert client.find_proxy("shop-01") == proxy
    stored = raw(sim, "GET", "/proxy/find/shop-01").json()
    port = stored["proxy"]["port"] if sim.version.startswith("1.") else stored["port"]
    assert port == "3128"
    # Credentials removed are removed on the server too (it keeps any field a body leaves out).
    plain = ProxyConfig(enabled=True, host="proxy.example", port=3128, protocol="socks5")
    client.set_proxy("shop-01", plain)
    assert client.find_proxy("shop-01") == plain
    client.set_proxy("shop-01", ProxyConfig(enabled=False, host="", port=None))
    assert client.find_proxy("shop-01") is None


def test_the_servers_failed_proxy_test_is_explained(sim: Simulator, client: EvolutionClient) -> None:
    client.create_instance("shop-01", qrcode=False)
    sim.set_proxy_test("fail")
    proxy = ProxyConfig(enabled=True, host="10.0.0.9", port=1080, protocol="socks5", username="op", password=PASSWORD)
    with pytest.raises(ProxyRejected) as caught:
        client.set_proxy("shop-01", proxy)
    error = caught.value
    assert error.reason == "server_test_failed" and error.status == 400
    assert (error.host, error.port, error.protocol) == ("10.0.0.9", 1080, "socks5")
    assert "internet" in error.message and error.server_message == "Invalid proxy"
    assert PASSWORD not in str(error) and PASSWORD not in repr(error)
    assert client.find_proxy("shop-01") is None  # nothing stored
    # Turning a proxy off is never tested, so it works on such a server.
    client.set_proxy("shop-01", ProxyConfig(enabled=False, host="", port=None))


def test_one_host_refused(sim: Simulator, client: EvolutionClient) -> None:
    client.create_instance("shop-01", qrcode=False)
    sim.refuse_proxy("bad.example")
    with pytest.raises(ProxyRejected):
        client.set_proxy("shop-01", ProxyConfig(enabled=True, host="bad.example", port=1, protocol="http"))
    good = ProxyConfig(enabled=True, host="good.example", port=1, protocol="http")
    assert client.set_proxy("shop-01", good) == good


def test_profile_routes_of_a_connected_instance(sim: Simulator, client: EvolutionClient) -> None:
    connected(sim, client, "shop-01", "5511987650001")
    picture = client.profile_picture_url("shop-01", "5511987650001")
    assert picture.wuid == "5511987650001@s.whatsapp.net"
    assert picture.url is not None and picture.url.startswith("https://")
    client.update_profile_name("shop-01", "Loja Um")
    client.update_profile_status("shop-01", "Aberto 9-18")
    (info,) = client.fetch_instances("shop-01")
    assert info.profile_name == "Loja Um"


def test_profile_routes_of_an_instance_that_is_not_connected(sim: Simulator, client: EvolutionClient) -> None:
    client.create_instance("shop-01", qrcode=False)
    picture = client.profile_picture_url("shop-01", "+55 (31) 98765-4321")
    # WhatsApp ids of mobiles from area code 31 on have no ninth digit.
    assert picture.wuid == "553187654321@s.whatsapp.net" and picture.url is None
    with pytest.raises(InstanceNotConnected):
        client.update_profile_name("shop-01", "Loja")
    with pytest.raises(InstanceNotConnected):
        client.update_profile_status("shop-01", "Aberto")
    with pytest.raises(EvolutionRequestError, match="cannot be empty"):
        client.update_profile_name("shop-01", "")


CALLS: list[Callable[[EvolutionClient, str], object]] = [
    lambda c, name: c.find_settings(name),
    lambda c, name: c.set_settings(name, ChipSettings()),
    lambda c, name: c.find_proxy(name),
    lambda c, name: c.set_proxy(name, ProxyConfig(enabled=False, host="", port=None)),
    lambda c, name: c.profile_picture_url(name, "1"),
    lambda c, name: c.update_profile_name(name, "x"),
    lambda c, name: c.update_profile_status(name, "x"),
]


@pytest.mark.parametrize("call", CALLS)
def test_unknown_instance_and_wrong_key(
    sim: Simulator, client: EvolutionClient, call: Callable[[EvolutionClient, str], object]
) -> None:
    with pytest.raises(InstanceNotFound):
        call(client, "ghost")
    client.create_instance("shop-01", qrcode=False)
    with (
        EvolutionClient(sim.url, "wrong-key", timeout=5, dialect=client.dialect) as wrong,
        pytest.raises(EvolutionAuthError),
    ):
        call(wrong, "shop-01")


def test_instances_the_server_has_not_loaded(sim: Simulator, client: EvolutionClient) -> None:
    client.create_instance("shop-01", qrcode=False)
    sim.restart()
    assert client.find_settings("shop-01") is None
    with pytest.raises(InstanceNotFound):
        client.find_proxy("shop-01")
    with pytest.raises(EvolutionUnavailable):
        client.set_settings("shop-01", ChipSettings())


def test_a_server_echoing_the_proxy_credentials_has_them_scrubbed() -> None:
    echo = f'Error: connect ECONNREFUSED http://op:{PASSWORD}@10.0.0.9:1080 body {{"password":"{PASSWORD}"}}'

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            500, json={"status": 500, "error": "Internal Server Error", "response": {"message": echo}}
        )

    with EvolutionClient(
        "http://evolution.test", KEY, transport=httpx.MockTransport(answer), dialect=Dialect.V2
    ) as client:
        proxy = ProxyConfig(enabled=True, host="10.0.0.9", port=1080, username="op", password=PASSWORD)
        with pytest.raises(EvolutionUnavailable) as caught:
            client.set_proxy("shop-01", proxy)
    error = caught.value
    for text in (str(error), error.message, error.server_message or "", repr(error)):
        assert PASSWORD not in text
    assert "op:***@10.0.0.9" in error.message


def test_scrub_password_forms() -> None:
    assert (
        scrub_password("socks5://u:pw@h:1 and pw", "pw") == "socks5://u:***@h:1 and pw"
    )  # short: only as a credential
    assert scrub_password('{"password": "longsecret"} longsecret', "longsecret") == '{"password": "***"} ***'
    assert repr(ProxyConfig(enabled=True, host="h", port=1, password=PASSWORD)).count(PASSWORD) == 0


def test_the_proxy_test_is_switched_over_http(sim: Simulator, client: EvolutionClient) -> None:
    client.create_instance("shop-01", qrcode=False)
    proxy = ProxyConfig(enabled=True, host="p.example", port=8080)
    with httpx.Client(base_url=sim.url, trust_env=False) as http:
        assert http.post("/_sim/proxy-test", json={"mode": "fail"}).json() == {"mode": "fail", "refused": []}
        with pytest.raises(ProxyRejected):
            client.set_proxy("shop-01", proxy)
        answer = http.post("/_sim/proxy-test", json={"mode": "pass", "refuse": ["p.example"]}).json()
        assert answer == {"mode": "pass", "refused": ["p.example"]}
        with pytest.raises(ProxyRejected):
            client.set_proxy("shop-01", proxy)
    assert client.set_proxy("shop-01", dataclasses.replace(proxy, host="q.example")) is not None


def test_parsing_of_odd_and_v18_answers() -> None:
    # v1.8 with nothing stored answers three keys only.
    partial = parse_settings({"reject_call": False, "msg_call": "", "groups_ignore": True})
    assert partial == ChipSettings(groups_ignore=True)
    assert parse_settings(None) is None
    assert parse_proxy({"enabled": False, "proxy": None}) is None
    nested = parse_proxy({"enabled": True, "proxy": {"host": "h", "port": "99999", "protocol": "SOCKS5"}})
    assert nested == ProxyConfig(enabled=True, host="h", port=None, protocol="socks5")
    for odd in ([], "x", {"unrelated": 1}):
        with pytest.raises(ShapeError):
            parse_settings(odd)
    assert parse_profile_picture({"wuid": "1@s.whatsapp.net", "profilePictureUrl": "javascript:x"}).url is None
