"""EvolutionClient against the real Evolution API 2.3.7: every method and every error the client maps.

WhatsApp is out of reach, so no QR ever appears (``{"count": 0}``) and an instance that asked for one flips
between ``connecting`` and ``close`` as its socket retries: assertions about such states accept both.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from evodesk.domain import ConnectionState, Dialect, QrCode
from evodesk.evolution import (
    EvolutionAuthError,
    EvolutionClient,
    EvolutionRequestError,
    InstanceNameTaken,
    InstanceNotConnected,
    InstanceNotFound,
)

from .server import RealServer, eventually, unique_name

# No QR can come, so an instance that asked for one is connecting or, between retries, closed.
WAITING = {ConnectionState.CONNECTING, ConnectionState.CLOSE}
# The name is released once the server's background cleanup has run: about 1 s here, 5-8 s seen elsewhere.
NAME_RELEASE_WITHIN = 60.0


@pytest.fixture
def client(real_server: RealServer) -> Iterator[EvolutionClient]:
    # create and connect wait on the server (5 s and 2 s plus its WhatsApp version lookup).
    with EvolutionClient(real_server.url, real_server.api_key, timeout=15, long_timeout=60) as evolution:
        yield evolution


def other_key_client(real_server: RealServer, key: str) -> EvolutionClient:
    return EvolutionClient(real_server.url, key, timeout=15, long_timeout=60)


def test_server_info(client: EvolutionClient) -> None:
    info = client.server_info()
    assert info.version == "2.3.7"
    assert info.dialect is Dialect.V2 and client.dialect is Dialect.V2


def test_create_without_a_number_then_state_connect_and_fetch(client: EvolutionClient) -> None:
    name = unique_name("cli")
    created = client.create_instance(name)
    assert created.instance_name == name
    assert created.instance_id and created.token
    # The answer races with the socket Baileys opens: either state is a correct answer.
    assert created.state in WAITING
    assert created.qr == QrCode(code=None, png_base64=None, pairing_code=None, count=0)

    assert client.connection_state(name) in WAITING
    answer = client.connect(name)
    assert answer == QrCode(code=None, count=0), "the server has no WhatsApp, so connect holds no QR"

    (info,) = client.fetch_instances(name)
    assert info.name == name and info.instance_id == created.instance_id
    assert info.number is None and info.owner_jid is None and info.profile_name is None
    # The stored status is only written at a QR or a login, neither of which happens here.
    assert info.state is ConnectionState.CLOSE
    everything = client.fetch_instances()
    assert name in {item.name for item in everything}
    client.delete(name)


def test_create_with_a_number_keeps_it(client: EvolutionClient) -> None:
    name = unique_name("num")
    created = client.create_instance(name, number="5511987650001")
    assert created.state in WAITING
    assert created.qr is not None and created.qr.count == 0 and created.qr.pairing_code is None
    (info,) = client.fetch_instances(name)
    assert info.number == "5511987650001"
    client.delete(name)


def test_create_without_a_qr_code_stays_closed(client: EvolutionClient) -> None:
    name = unique_name("noqr")
    created = client.create_instance(name, qrcode=False)
    assert created.state is ConnectionState.CLOSE and created.qr is None
    assert client.connection_state(name) is ConnectionState.CLOSE
    # connect from close opens a socket and waits; still no QR without WhatsApp.
    assert client.connect(name, number="5511987650002") == QrCode(code=None, count=0)
    assert client.connection_state(name) in WAITING
    client.delete(name)


def test_logout_and_restart_of_an_instance_that_is_not_connected(client: EvolutionClient) -> None:
    name = unique_name("idle")
    client.create_instance(name, qrcode=False)
    with pytest.raises(InstanceNotConnected) as logout:
        client.logout(name)
    assert logout.value.status == 400
    assert logout.value.server_message == f'The "{name}" instance is not connected'
    # restart answers HTTP 200 {"error": true, "message": "[object Object]"}: the client's hint replaces it.
    with pytest.raises(EvolutionRequestError) as restart:
        client.restart(name)
    assert restart.value.status == 200
    assert restart.value.server_message == "[object Object]"
    assert "restart works only on a connected or connecting instance" in restart.value.message
    assert client.connection_state(name) is ConnectionState.CLOSE
    client.delete(name)


def test_logout_of_a_connecting_instance_keeps_it(client: EvolutionClient) -> None:
    name = unique_name("out")
    client.create_instance(name, qrcode=False)
    client.connect(name)

    def logged_out() -> bool | None:
        # The socket may have closed between retries, when the server says "not connected": try again.
        try:
            client.logout(name)
        except InstanceNotConnected:
            return None
        return True

    eventually(logged_out, within=60, every=0.5, what="a logout while connecting")
    (info,) = client.fetch_instances(name)
    assert info.name == name
    client.delete(name)


def test_delete_answers_at_once_and_frees_the_name_later(client: EvolutionClient) -> None:
    name = unique_name("del")
    first = client.create_instance(name, qrcode=False)
    client.delete(name)

    def gone() -> bool:
        try:
            client.fetch_instances(name)
        except InstanceNotFound:
            return True
        return False

    eventually(gone, within=NAME_RELEASE_WITHIN, what=f"{name} leaving fetchInstances")
    refused: list[InstanceNameTaken] = []

    def created_again() -> str | None:
        try:
            return client.create_instance(name, qrcode=False).instance_id
        except InstanceNameTaken as exc:
            refused.append(exc)
            return None

    second_id = eventually(created_again, within=NAME_RELEASE_WITHIN, every=0.5, what=f"{name} being free again")
    assert second_id and second_id != first.instance_id
    for exc in refused:
        assert exc.status == 403 and exc.server_message == f'This name "{name}" is already in use.'
    client.delete(name)
    eventually(gone, within=NAME_RELEASE_WITHIN, what=f"{name} leaving fetchInstances again")

    # The server forgets the name in its memory a moment after its database row: until then a second delete
    # still answers as the first did, then it is a 404 like any unknown instance.
    def delete_refused() -> bool:
        try:
            client.delete(name)
        except InstanceNotFound:
            return True
        return False

    eventually(delete_refused, within=NAME_RELEASE_WITHIN, every=0.5, what=f"a second delete of {name} being a 404")


def test_401_for_a_wrong_or_missing_key(real_server: RealServer, client: EvolutionClient) -> None:
    name = unique_name("auth")
    client.create_instance(name, qrcode=False)
    for key in ("not-the-key", ""):
        with other_key_client(real_server, key) as stranger:
            with pytest.raises(EvolutionAuthError) as listing:
                stranger.fetch_instances()
            assert listing.value.status == 401 and listing.value.server_message == "Unauthorized"
            with pytest.raises(EvolutionAuthError):
                stranger.connection_state(name)
            with pytest.raises(EvolutionAuthError):
                stranger.create_instance(unique_name("auth"), qrcode=False)
            with pytest.raises(EvolutionAuthError):
                stranger.delete(name)
    assert client.connection_state(name) is ConnectionState.CLOSE
    client.delete(name)


def test_an_instance_token_reaches_only_its_own_instance(real_server: RealServer, client: EvolutionClient) -> None:
    mine, other = unique_name("tok"), unique_name("tok")
    token = client.create_instance(mine, qrcode=False).token
    client.create_instance(other, qrcode=False)
    assert token
    with other_key_client(real_server, token) as scoped:
        assert [info.name for info in scoped.fetch_instances()] == [mine]
        assert scoped.connection_state(mine) is ConnectionState.CLOSE
        with pytest.raises(EvolutionAuthError):
            scoped.connection_state(other)
        with pytest.raises(EvolutionAuthError):
            scoped.create_instance(unique_name("tok"), qrcode=False)
    client.delete(mine)
    client.delete(other)


def test_403_name_in_use_comes_before_the_key_check(real_server: RealServer, client: EvolutionClient) -> None:
    name = unique_name("dup")
    client.create_instance(name, qrcode=False)
    with pytest.raises(InstanceNameTaken) as taken:
        client.create_instance(name, qrcode=False)
    assert taken.value.status == 403
    assert taken.value.server_message == f'This name "{name}" is already in use.'
    with other_key_client(real_server, "not-the-key") as stranger, pytest.raises(InstanceNameTaken):
        stranger.create_instance(name, qrcode=False)
    client.delete(name)


@pytest.mark.parametrize("key", ["right", "wrong", "empty"])
def test_404_for_an_unknown_instance_whatever_the_key(real_server: RealServer, key: str) -> None:
    api_key = {"right": real_server.api_key, "wrong": "not-the-key", "empty": ""}[key]
    name = unique_name("ghost")
    with other_key_client(real_server, api_key) as evolution:
        for call in (evolution.connect, evolution.connection_state, evolution.logout, evolution.delete):
            with pytest.raises(InstanceNotFound) as missing:
                call(name)
            assert missing.value.status == 404
            assert missing.value.server_message == f'The "{name}" instance does not exist'
        with pytest.raises(InstanceNotFound):
            evolution.restart(name)


def test_404_for_fetch_instances_of_an_unknown_name(client: EvolutionClient) -> None:
    name = unique_name("ghost")
    with pytest.raises(InstanceNotFound) as missing:
        client.fetch_instances(name)
    assert missing.value.server_message == f'Instance "{name}" not found'


def test_400_schema_violation_is_reported_with_the_servers_words(client: EvolutionClient) -> None:
    name = unique_name("bad")
    # The client sends numbers as given; "+" breaks the server's pattern (a nested message list on the wire).
    with pytest.raises(EvolutionRequestError) as refused:
        client.create_instance(name, number="+5511987650003")
    assert refused.value.status == 400
    assert refused.value.server_message == 'number does not match pattern "^\\\\d+[\\\\.@\\\\w-]+"'
    with pytest.raises(InstanceNotFound):
        client.fetch_instances(name)


def test_404_for_a_route_of_another_dialect(real_server: RealServer, client: EvolutionClient) -> None:
    name = unique_name("v1")
    client.create_instance(name, qrcode=False)
    with (
        EvolutionClient(real_server.url, real_server.api_key, dialect=Dialect.V1_8) as old,
        pytest.raises(EvolutionRequestError) as unsupported,
    ):
        old.restart(name)  # v1.8 restarts with PUT, which 2.3.7 does not route
    assert unsupported.value.status == 404
    assert unsupported.value.server_message == f"Cannot PUT /instance/restart/{name}"
    assert "does not support PUT" in unsupported.value.message
    client.delete(name)
