"""EvolutionClient against canned answers (httpx.MockTransport): parsing, error mapping, secrets, TLS, breaker.

The answers are the ones evolution-api.md documents, quirks included; the same client runs against the real
simulator in test_client_sim.py.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import certifi
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evodesk.domain import ConnectionState, CreatedInstance, Dialect, InstanceInfo, QrCode, ServerInfo
from evodesk.evolution import (
    BreakerState,
    CircuitBreaker,
    EvolutionAuthError,
    EvolutionClient,
    EvolutionError,
    EvolutionRequestError,
    EvolutionUnavailable,
    InstanceNameTaken,
    InstanceNotConnected,
    InstanceNotFound,
)

KEY = "s3cret-global-api-key-0123456789"
BASE = "http://evolution.test:8080"
Handler = Callable[[httpx.Request], httpx.Response]


def envelope(status: int, message: object, error: str = "Error") -> dict[str, Any]:
    return {"status": status, "error": error, "response": {"message": message}}


def reply(status: int, body: object) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        if isinstance(body, bytes):
            return httpx.Response(status, content=body)
        return httpx.Response(status, json=body)

    return handler


class Recorder:
    """A transport that answers from a handler and remembers every request."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def client_for(
    handler: Handler, *, dialect: Dialect | None = Dialect.V2, **kwargs: Any
) -> tuple[EvolutionClient, Recorder]:
    recorder = Recorder(handler)
    client = EvolutionClient(BASE, KEY, transport=httpx.MockTransport(recorder), dialect=dialect, **kwargs)
    return client, recorder


QR_V2 = {
    "pairingCode": None,
    "code": "2@AbCd,Xy=,Qw=,Zz=",
    "base64": "data:image/png;base64,iVBORw0KGgo=",
    "count": 1,
}


# -- server_info -----------------------------------------------------------------------------------------


def test_server_info_v2_detects_and_remembers_the_dialect() -> None:
    body = {
        "status": 200,
        "message": "Welcome to the Evolution API, it is working!",
        "version": "2.3.7",
        "clientName": "evolution",
        "whatsappWebVersion": "2.3000.1030",
    }
    client, recorder = client_for(reply(200, body), dialect=None)
    assert client.dialect is None
    info = client.server_info()
    assert info == ServerInfo("2.3.7", Dialect.V2, "evolution", "2.3000.1030")
    assert client.dialect is Dialect.V2
    assert recorder.last.method == "GET"
    assert recorder.last.url.raw_path == b"/"


def test_server_info_v18() -> None:
    client, _ = client_for(reply(200, {"status": 200, "version": "1.8.6", "swagger": "x"}), dialect=None)
    info = client.server_info()
    assert info.dialect is Dialect.V1_8
    assert info.client_name is None
    assert client.dialect is Dialect.V1_8


def test_pinned_dialect_is_kept() -> None:
    client, _ = client_for(reply(200, {"version": "2.3.7"}), dialect=Dialect.V1_8)
    assert client.server_info().dialect is Dialect.V2
    assert client.dialect is Dialect.V1_8


def test_license_required_is_unavailable_with_a_clear_message() -> None:
    body = {
        "error": "service not activated",
        "code": "LICENSE_REQUIRED",
        "register_url": "https://evo.example/manager/login",
        "instance_id": "abc",
        "message": "This Evolution API instance is not activated.",
    }
    client, _ = client_for(reply(503, body), dialect=None)
    with pytest.raises(EvolutionUnavailable) as caught:
        client.server_info()
    assert "not activated" in caught.value.message
    assert "https://evo.example/manager/login" in caught.value.message
    assert caught.value.status == 503
    assert caught.value.server_message == "This Evolution API instance is not activated."


def test_welcome_without_version_is_not_evolution() -> None:
    client, _ = client_for(reply(200, {"hello": "world"}))
    with pytest.raises(EvolutionRequestError, match="no version"):
        client.server_info()


def test_a_huge_version_is_cut_for_display() -> None:
    # Shown in the window's status bar: a server answering a megabyte there must not stall a label.
    client, _ = client_for(reply(200, {"version": "2.3.7-" + "x" * 1_000_000}))
    info = client.server_info()
    assert info.version.startswith("2.3.7-") and len(info.version) <= 64
    assert info.dialect is Dialect.V2


# -- create ----------------------------------------------------------------------------------------------


def created_v2(qrcode: object = QR_V2, status: str = "connecting") -> dict[str, Any]:
    body: dict[str, Any] = {
        "instance": {
            "instanceName": "shop-01",
            "instanceId": "4b8c6a0a-b292-4ceb-88a1-f69fcee0c40b",
            "integration": "WHATSAPP-BAILEYS",
            "webhookWaBusiness": None,
            "accessTokenWaBusiness": "",
            "status": status,
        },
        "hash": "0DF83334-338C-4D4B-94A5-70526B46F058",
        "webhook": {},
        "settings": {"rejectCall": False},
    }
    if qrcode is not None:
        body["qrcode"] = qrcode
    return body


def test_create_v2_sends_the_documented_body_and_parses_everything() -> None:
    client, recorder = client_for(reply(201, created_v2()))
    created = client.create_instance("shop-01")
    request = recorder.last
    assert request.method == "POST"
    assert request.url.path == "/instance/create"
    assert json.loads(request.content) == {
        "instanceName": "shop-01",
        "integration": "WHATSAPP-BAILEYS",
        "qrcode": True,
    }
    assert created == CreatedInstance(
        instance_name="shop-01",
        instance_id="4b8c6a0a-b292-4ceb-88a1-f69fcee0c40b",
        token="0DF83334-338C-4D4B-94A5-70526B46F058",
        state=ConnectionState.CONNECTING,
        qr=QrCode(code="2@AbCd,Xy=,Qw=,Zz=", png_base64="iVBORw0KGgo=", pairing_code=None, count=1),
    )


def test_create_with_number_and_without_qrcode() -> None:
    client, recorder = client_for(reply(201, created_v2(qrcode=None, status="close")))
    created = client.create_instance("shop-01", number="5511999999999", qrcode=False)
    assert json.loads(recorder.last.content) == {
        "instanceName": "shop-01",
        "integration": "WHATSAPP-BAILEYS",
        "qrcode": False,
        "number": "5511999999999",
    }
    assert created.state is ConnectionState.CLOSE
    assert created.qr is None


def test_create_count_zero_means_no_qr_yet() -> None:
    client, _ = client_for(reply(201, created_v2(qrcode={"count": 0})))
    created = client.create_instance("shop-01")
    assert created.qr == QrCode(code=None, png_base64=None, pairing_code=None, count=0)
    assert created.qr is not None and not created.qr.has_payload


def test_create_pairing_code() -> None:
    qr = dict(QR_V2, pairingCode="WZYEH1YY")
    client, _ = client_for(reply(201, created_v2(qrcode=qr)))
    created = client.create_instance("shop-01", number="5511999999999")
    assert created.qr is not None and created.qr.pairing_code == "WZYEH1YY"


@pytest.mark.parametrize(
    ("qrcode", "state"), [(None, ConnectionState.CLOSE), ({"count": 0}, ConnectionState.CONNECTING)]
)
def test_create_v18_shapes(qrcode: object, state: ConnectionState) -> None:
    body: dict[str, Any] = {
        "instance": {"instanceName": "shop-01", "instanceId": "id-1", "status": "created"},
        "hash": {"apikey": "INSTANCE-TOKEN"},
        "settings": {"reject_call": False},
    }
    if qrcode is not None:
        body["qrcode"] = qrcode
    client, _ = client_for(reply(201, body), dialect=Dialect.V1_8)
    created = client.create_instance("shop-01")
    assert created.token == "INSTANCE-TOKEN"
    assert created.state is state


def test_create_uses_the_long_timeout_and_others_the_short_one() -> None:
    client, recorder = client_for(reply(201, created_v2()), timeout=7.0, long_timeout=45.0)
    client.create_instance("shop-01")
    assert recorder.last.extensions["timeout"] == httpx.Timeout(45.0).as_dict()
    recorder.handler = reply(200, QR_V2)
    client.connect("shop-01")
    assert recorder.last.extensions["timeout"] == httpx.Timeout(45.0).as_dict()
    recorder.handler = reply(200, {"instance": {"instanceName": "shop-01", "state": "open"}})
    client.connection_state("shop-01")
    assert recorder.last.extensions["timeout"] == httpx.Timeout(7.0).as_dict()


def test_default_timeouts() -> None:
    client, recorder = client_for(reply(200, {"instance": {"state": "open"}}))
    client.connection_state("a")
    assert recorder.last.extensions["timeout"]["read"] == 10.0
    recorder.handler = reply(200, {"count": 0})
    client.connect("a")
    assert recorder.last.extensions["timeout"]["read"] >= 30.0


def test_create_duplicate_name_is_name_taken() -> None:
    client, _ = client_for(reply(403, envelope(403, ['This name "shop-01" is already in use.'], "Forbidden")))
    with pytest.raises(InstanceNameTaken) as caught:
        client.create_instance("shop-01")
    assert caught.value.status == 403
    assert caught.value.server_message == 'This name "shop-01" is already in use.'
    assert "shop-01" in caught.value.message


def test_unauthorized_plain_string_message() -> None:
    client, _ = client_for(
        reply(401, {"status": 401, "error": "Unauthorized", "response": {"message": "Unauthorized"}})
    )
    with pytest.raises(EvolutionAuthError) as caught:
        client.create_instance("shop-01")
    assert caught.value.status == 401
    assert caught.value.server_message == "Unauthorized"


def test_unreachable_missing_global_key_403_is_an_auth_error() -> None:
    client, _ = client_for(reply(403, envelope(403, ["Missing global api key"], "Forbidden")))
    with pytest.raises(EvolutionAuthError):
        client.create_instance("shop-01")


def test_validation_messages_are_joined() -> None:
    messages = ['The "instanceName" cannot be empty', "qrcode is not of a type(s) boolean"]
    client, _ = client_for(reply(400, envelope(400, messages, "Bad Request")))
    with pytest.raises(EvolutionRequestError) as caught:
        client.create_instance("shop-01")
    assert caught.value.server_message == 'The "instanceName" cannot be empty; qrcode is not of a type(s) boolean'
    assert caught.value.server_message in caught.value.message
    assert type(caught.value) is EvolutionRequestError


def test_object_messages_are_readable() -> None:
    messages = [{"group": "g1", "reason": "not admin"}, "other"]
    client, _ = client_for(reply(400, envelope(400, messages)))
    with pytest.raises(EvolutionRequestError) as caught:
        client.delete("shop-01")
    assert caught.value.server_message == '{"group": "g1", "reason": "not admin"}; other'


def test_unexpected_javascript_error_string_message_is_unavailable() -> None:
    body = envelope(500, "Cannot read properties of undefined (reading 'length')", "Internal Server Error")
    client, _ = client_for(reply(500, body))
    with pytest.raises(EvolutionUnavailable) as caught:
        client.create_instance("shop-01")
    assert caught.value.server_message == "Cannot read properties of undefined (reading 'length')"
    assert caught.value.circuit_open is False


def test_malformed_json_body_400_keeps_the_message() -> None:
    body = {"status": 400, "error": "Internal Server Error", "response": {"message": "Unexpected token } in JSON"}}
    client, _ = client_for(reply(400, body))
    with pytest.raises(EvolutionRequestError, match="Unexpected token"):
        client.create_instance("shop-01")


def test_create_2xx_without_instance_block_is_a_request_error() -> None:
    client, _ = client_for(reply(201, {"hash": "x"}))
    with pytest.raises(EvolutionRequestError, match="may exist anyway"):
        client.create_instance("shop-01")


# -- connect ---------------------------------------------------------------------------------------------


def test_connect_returns_the_qr_and_sends_the_number() -> None:
    client, recorder = client_for(reply(200, QR_V2))
    qr = client.connect("shop-01", number="5511999999999")
    assert qr == QrCode("2@AbCd,Xy=,Qw=,Zz=", "iVBORw0KGgo=", None, 1)
    assert recorder.last.method == "GET"
    assert recorder.last.url.path == "/instance/connect/shop-01"
    assert recorder.last.url.params["number"] == "5511999999999"
    assert "instanceName" not in recorder.last.url.params


def test_connect_count_zero() -> None:
    client, recorder = client_for(reply(200, {"count": 0}))
    assert client.connect("shop-01") == QrCode(code=None, count=0)
    assert "number" not in recorder.last.url.params


@pytest.mark.parametrize("state", ["open", "connecting", "close"])
def test_connect_when_connected_returns_the_state(state: str) -> None:
    client, _ = client_for(reply(200, {"instance": {"instanceName": "shop-01", "state": state}}))
    assert client.connect("shop-01") is ConnectionState(state)


def test_connect_error_true_quirk() -> None:
    client, _ = client_for(reply(200, {"error": True, "message": "[object Object]"}))
    with pytest.raises(EvolutionRequestError) as caught:
        client.connect("shop-01")
    assert caught.value.status == 200
    assert caught.value.server_message == "[object Object]"
    assert "not loaded" in caught.value.message


def test_connect_unknown_instance() -> None:
    client, _ = client_for(reply(404, envelope(404, ['The "ghost" instance does not exist'], "Not Found")))
    with pytest.raises(InstanceNotFound) as caught:
        client.connect("ghost")
    assert caught.value.server_message == 'The "ghost" instance does not exist'


# -- connectionState -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "state"),
    [
        ({"instance": {"instanceName": "shop-01", "state": "open"}}, ConnectionState.OPEN),
        ({"instance": {"instanceName": "shop-01", "state": "connecting"}}, ConnectionState.CONNECTING),
        ({"instance": {"instanceName": "shop-01", "state": "close"}}, ConnectionState.CLOSE),
        ({"instance": {"instanceName": "shop-01"}}, ConnectionState.UNKNOWN),
        ({"instance": {"instanceName": "shop-01", "state": "sleeping"}}, ConnectionState.UNKNOWN),
        ({"instance": {"instanceName": "shop-01", "state": None}}, ConnectionState.UNKNOWN),
    ],
)
def test_connection_state(body: object, state: ConnectionState) -> None:
    client, recorder = client_for(reply(200, body))
    assert client.connection_state("shop-01") is state
    assert recorder.last.url.path == "/instance/connectionState/shop-01"


def test_connection_state_of_an_unusable_shape() -> None:
    client, _ = client_for(reply(200, ["open"]))
    with pytest.raises(EvolutionRequestError, match="Unexpected answer"):
        client.connection_state("shop-01")


# -- logout / delete -------------------------------------------------------------------------------------


def test_logout_success() -> None:
    ok = {"status": "SUCCESS", "error": False, "response": {"message": "Instance logged out"}}
    client, recorder = client_for(reply(200, ok))
    client.logout("shop-01")
    assert (recorder.last.method, recorder.last.url.path) == ("DELETE", "/instance/logout/shop-01")


def test_logout_when_not_connected() -> None:
    client, _ = client_for(reply(400, envelope(400, ['The "shop-01" instance is not connected'], "Bad Request")))
    with pytest.raises(InstanceNotConnected) as caught:
        client.logout("shop-01")
    assert caught.value.status == 400


def test_logout_already_disconnected_on_24_is_success() -> None:
    body = {"status": "SUCCESS", "error": False, "response": {"message": "Instance was already disconnected"}}
    client, _ = client_for(reply(200, body))
    client.logout("shop-01")


def test_logout_dead_socket_500() -> None:
    client, _ = client_for(reply(500, envelope(500, ["Error: Connection Closed"], "Internal Server Error")))
    with pytest.raises(EvolutionUnavailable, match="Connection Closed"):
        client.logout("shop-01")


def test_delete_success_and_errors() -> None:
    client, recorder = client_for(
        reply(200, {"status": "SUCCESS", "error": False, "response": {"message": "Instance deleted"}})
    )
    client.delete("shop-01")
    assert (recorder.last.method, recorder.last.url.path) == ("DELETE", "/instance/delete/shop-01")
    recorder.handler = reply(400, envelope(400, ["[object Object]"], "Bad Request"))
    with pytest.raises(EvolutionRequestError) as caught:
        client.delete("shop-01")
    assert type(caught.value) is EvolutionRequestError
    recorder.handler = reply(404, envelope(404, ['The "shop-01" instance does not exist'], "Not Found"))
    with pytest.raises(InstanceNotFound):
        client.delete("shop-01")


def test_a_400_not_connected_outside_logout_is_a_plain_request_error() -> None:
    client, _ = client_for(reply(400, envelope(400, ['The "x" instance is not connected'])))
    with pytest.raises(EvolutionRequestError) as caught:
        client.delete("x")
    assert type(caught.value) is EvolutionRequestError


# -- restart ---------------------------------------------------------------------------------------------


def test_restart_uses_post_on_v2_and_ignores_the_body() -> None:
    client, recorder = client_for(reply(200, {"instance": {"instanceName": "shop-01", "state": "open"}}))
    client.restart("shop-01")
    assert (recorder.last.method, recorder.last.url.path) == ("POST", "/instance/restart/shop-01")
    recorder.handler = reply(200, b"not json at all")
    client.restart("shop-01")


def test_restart_uses_put_on_v18() -> None:
    client, recorder = client_for(reply(200, {"instance": {"state": "connecting"}}), dialect=Dialect.V1_8)
    client.restart("shop-01")
    assert recorder.last.method == "PUT"


@pytest.mark.parametrize(("version", "method"), [("2.3.7", "POST"), ("1.8.6", "PUT")])
def test_restart_detects_the_dialect_once(version: str, method: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/":
            return httpx.Response(200, json={"version": version})
        return httpx.Response(200, json={"instance": {"state": "open"}})

    client, recorder = client_for(handler, dialect=None)
    client.restart("shop-01")
    client.restart("shop-01")
    assert [(r.method, r.url.path) for r in recorder.requests] == [
        ("GET", "/"),
        (method, "/instance/restart/shop-01"),
        (method, "/instance/restart/shop-01"),
    ]


def test_restart_error_true_quirk() -> None:
    client, _ = client_for(reply(200, {"error": True, "message": "[object Object]"}))
    with pytest.raises(EvolutionRequestError) as caught:
        client.restart("shop-01")
    assert "connected or connecting" in caught.value.message


def test_wrong_dialect_route_is_not_instance_not_found() -> None:
    body = envelope(404, ["Cannot PUT /instance/restart/shop-01"], "Not Found")
    client, _ = client_for(reply(404, body), dialect=Dialect.V1_8)
    with pytest.raises(EvolutionRequestError) as caught:
        client.restart("shop-01")
    assert type(caught.value) is EvolutionRequestError
    assert "does not support PUT /instance/restart/shop-01" in caught.value.message
    assert caught.value.server_message == "Cannot PUT /instance/restart/shop-01"


# -- fetchInstances --------------------------------------------------------------------------------------


V2_ROW = {
    "id": "4b8c6a0a-b292-4ceb-88a1-f69fcee0c40b",
    "name": "shop-01",
    "connectionStatus": "open",
    "ownerJid": "5511999999999@s.whatsapp.net",
    "profileName": "Shop One",
    "profilePicUrl": "https://pps.whatsapp.net/x",
    "integration": "WHATSAPP-BAILEYS",
    "number": "5511999999999",
    "token": "0DF83334",
    "disconnectionReasonCode": 401,
    "disconnectionObject": '{"error": {}}',
    "disconnectionAt": "2025-12-10T13:04:11.000Z",
    "createdAt": "2025-12-10T13:04:11.000Z",
    "Setting": {"rejectCall": False},
    "_count": {"Message": 0},
}


def test_fetch_instances_v2_rows() -> None:
    row2 = {"id": "id-2", "name": "shop-02", "connectionStatus": "close", "ownerJid": None, "number": None}
    client, recorder = client_for(reply(200, [V2_ROW, row2]))
    infos = client.fetch_instances()
    assert recorder.last.url.path == "/instance/fetchInstances"
    assert not recorder.last.url.params
    assert infos == [
        InstanceInfo(
            name="shop-01",
            instance_id="4b8c6a0a-b292-4ceb-88a1-f69fcee0c40b",
            state=ConnectionState.OPEN,
            owner_jid="5511999999999@s.whatsapp.net",
            profile_name="Shop One",
            number="5511999999999",
            disconnect_reason_code=401,
            disconnected_at=datetime(2025, 12, 10, 13, 4, 11, tzinfo=UTC),
        ),
        InstanceInfo(name="shop-02", instance_id="id-2", state=ConnectionState.CLOSE),
    ]
    assert infos[0].disconnected_at is not None and infos[0].disconnected_at.tzinfo is not None


def test_fetch_instances_by_name_sends_the_query() -> None:
    client, recorder = client_for(reply(200, [V2_ROW]))
    assert [info.name for info in client.fetch_instances("shop 01/x")] == ["shop-01"]
    assert recorder.last.url.params["instanceName"] == "shop 01/x"


def test_fetch_instances_v18_list_and_single_object() -> None:
    item = {
        "instance": {
            "instanceName": "shop-01",
            "instanceId": "id-1",
            "owner": "5511999999999@s.whatsapp.net",
            "profileName": "Shop One",
            "profilePictureUrl": None,
            "profileStatus": "",
            "status": "open",
        }
    }
    bare = {"instance": {"instanceName": "shop-02", "instanceId": "id-2", "status": "close"}}
    expected = InstanceInfo(
        name="shop-01",
        instance_id="id-1",
        state=ConnectionState.OPEN,
        owner_jid="5511999999999@s.whatsapp.net",
        profile_name="Shop One",
    )
    client, recorder = client_for(reply(200, [item, bare]), dialect=Dialect.V1_8)
    infos = client.fetch_instances()
    assert infos[0] == expected
    assert infos[1] == InstanceInfo(name="shop-02", instance_id="id-2", state=ConnectionState.CLOSE)
    recorder.handler = reply(200, item)
    assert client.fetch_instances("shop-01") == [expected]


def test_fetch_instances_skips_rows_without_a_name_and_tolerates_odd_fields() -> None:
    rows = [
        {"id": "x"},
        "garbage",
        None,
        {
            "name": "ok",
            "connectionStatus": 3,
            "disconnectionReasonCode": "408",
            "disconnectionAt": 1733835851000,
            "number": 5511999,
        },
        {"name": "naive", "disconnectionAt": "2025-12-10T13:04:11", "disconnectionReasonCode": True},
        {"name": "bad-date", "disconnectionAt": "yesterday", "disconnectionReasonCode": 1.5},
    ]
    client, _ = client_for(reply(200, rows))
    ok, naive, bad = client.fetch_instances()
    assert ok.state is ConnectionState.UNKNOWN
    assert ok.disconnect_reason_code == 408
    assert ok.number == "5511999"
    assert ok.disconnected_at == datetime.fromtimestamp(1733835851, tz=UTC)
    assert naive.disconnected_at == datetime(2025, 12, 10, 13, 4, 11, tzinfo=UTC)
    assert naive.disconnect_reason_code is None
    assert bad.disconnected_at is None and bad.disconnect_reason_code is None


def test_fetch_instances_404_by_name() -> None:
    client, _ = client_for(reply(404, envelope(404, ['Instance "ghost" not found'], "Not Found")))
    with pytest.raises(InstanceNotFound) as caught:
        client.fetch_instances("ghost")
    assert caught.value.server_message == 'Instance "ghost" not found'


def test_fetch_instances_404_without_name_is_not_instance_not_found() -> None:
    client, _ = client_for(reply(404, envelope(404, ["Instances not found"])))
    with pytest.raises(EvolutionRequestError) as caught:
        client.fetch_instances()
    assert type(caught.value) is EvolutionRequestError


def test_fetch_instances_unusable_shape() -> None:
    client, _ = client_for(reply(200, {"rows": []}))
    with pytest.raises(EvolutionRequestError):
        client.fetch_instances()


# -- transport failures and odd answers -----------------------------------------------------------------


def raising(exc: Exception) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return handler


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ConnectError("[Errno 111] Connection refused"),
        httpx.ReadTimeout("timed out"),
        httpx.ConnectTimeout("timed out"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.ReadError("[Errno 104] Connection reset by peer"),
        OSError("odd"),
        RuntimeError("a transport bug"),
    ],
)
def test_transport_failures_are_unavailable(exc: Exception) -> None:
    client, _ = client_for(raising(exc))
    with pytest.raises(EvolutionUnavailable) as caught:
        client.connection_state("shop-01")
    assert caught.value.status is None
    assert caught.value.circuit_open is False


def test_timeout_message_names_the_limit() -> None:
    client, _ = client_for(raising(httpx.ReadTimeout("timed out")), timeout=2.5)
    with pytest.raises(EvolutionUnavailable, match=r"within 2\.5 s"):
        client.logout("shop-01")


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_is_unavailable(status: int) -> None:
    client, _ = client_for(reply(status, b"<html>Bad Gateway</html>"))
    with pytest.raises(EvolutionUnavailable) as caught:
        client.fetch_instances()
    assert caught.value.status == status


def test_non_json_success_where_json_is_needed_is_unavailable() -> None:
    client, _ = client_for(reply(200, b"<html>captive portal</html>"))
    with pytest.raises(EvolutionUnavailable, match="could not be read"):
        client.connect("shop-01")


def test_html_404_is_not_instance_not_found() -> None:
    client, _ = client_for(reply(404, b"<html>nginx</html>"))
    with pytest.raises(EvolutionRequestError, match="check the server URL") as caught:
        client.connection_state("shop-01")
    assert type(caught.value) is EvolutionRequestError


def test_redirects_are_not_followed() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(301, headers={"Location": "https://evolution.test/"})

    client, recorder = client_for(handler)
    with pytest.raises(EvolutionRequestError, match="redirected"):
        client.connection_state("shop-01")
    assert len(recorder.requests) == 1


def test_other_4xx_is_a_request_error() -> None:
    client, _ = client_for(reply(422, envelope(422, ["nope"])))
    with pytest.raises(EvolutionRequestError) as caught:
        client.connection_state("shop-01")
    assert caught.value.status == 422
    assert caught.value.server_message == "nope"


# -- names in paths --------------------------------------------------------------------------------------

NASTY_NAMES = ["a/b", "a%2Fb", "shop 01", "x?y=1", "x#y", "..", ".", "../connect", "ação", "a+b", "%", "\\x"]


@pytest.mark.parametrize("name", NASTY_NAMES)
def test_names_are_one_percent_encoded_path_segment(name: str) -> None:
    client, recorder = client_for(reply(200, {"instance": {"state": "open"}}))
    client.connection_state(name)
    raw = recorder.last.url.raw_path.decode("ascii")
    prefix = "/instance/connectionState/"
    assert raw.startswith(prefix)
    segment = raw[len(prefix) :]
    assert "/" not in segment and "?" not in segment and "#" not in segment
    assert unquote(segment) == name
    assert not recorder.last.url.query


@pytest.mark.parametrize("name", ["", None])
def test_empty_names_are_refused_without_a_request(name: Any) -> None:
    client, recorder = client_for(reply(200, {}))
    with pytest.raises(EvolutionRequestError):
        client.connection_state(name)
    with pytest.raises(EvolutionRequestError):
        client.create_instance(name)
    assert recorder.requests == []


def test_base_url_with_a_path_prefix() -> None:
    recorder = Recorder(reply(200, {"instance": {"state": "open"}}))
    client = EvolutionClient("https://host.test/evolution/", KEY, transport=httpx.MockTransport(recorder))
    client.connection_state("a/b")
    assert str(recorder.last.url) == "https://host.test/evolution/instance/connectionState/a%2Fb"
    assert client.base_url == "https://host.test/evolution"


# -- headers, secrets, logging ---------------------------------------------------------------------------


def test_headers() -> None:
    client, recorder = client_for(reply(200, {"instance": {"state": "open"}}))
    client.connection_state("a")
    assert recorder.last.headers["apikey"] == KEY
    assert recorder.last.headers["user-agent"].startswith("evodesk/")
    assert "authorization" not in recorder.last.headers


def test_the_key_never_shows(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    answers: list[Handler] = [
        reply(200, {"version": "2.3.7"}),
        reply(401, {"status": 401, "error": "Unauthorized", "response": {"message": "Unauthorized"}}),
        reply(400, envelope(400, [f"bad header apikey={KEY}"])),  # a server that echoes the key back
        reply(500, {"message": f"{KEY} rejected"}),
        reply(200, {"error": True, "message": f"key {KEY}"}),
        raising(httpx.ConnectError(f"cannot connect with {KEY}")),
        raising(httpx.ReadTimeout("slow")),
        reply(200, b"garbage"),
    ]
    errors: list[EvolutionError] = []
    for answer in answers:
        # A low threshold so the breaker's fail-fast errors are checked too.
        client, _ = client_for(answer, breaker=CircuitBreaker(failure_threshold=2))
        assert KEY not in repr(client) and KEY not in str(client)
        for call in (
            client.server_info,
            lambda c=client: c.create_instance("shop-01"),
            lambda c=client: c.connect("shop-01"),
            lambda c=client: c.restart("shop-01"),
            lambda c=client: c.fetch_instances("shop-01"),
        ):
            try:
                call()
            except EvolutionError as exc:
                errors.append(exc)
    assert any(isinstance(error, EvolutionUnavailable) and error.circuit_open for error in errors)
    for error in errors:
        for text in (str(error), repr(error), error.message, error.server_message or "", str(error.args)):
            assert KEY not in text, text
    assert caplog.records
    assert KEY not in caplog.text
    for record in caplog.records:
        assert KEY not in record.getMessage()


def test_breaker_fail_fast_error_does_not_carry_the_key() -> None:
    client, _ = client_for(reply(500, {"message": f"{KEY}"}), breaker=CircuitBreaker(failure_threshold=1))
    with pytest.raises(EvolutionUnavailable):
        client.connection_state("a")
    with pytest.raises(EvolutionUnavailable) as caught:
        client.connection_state("a")
    assert caught.value.circuit_open
    assert KEY not in str(caught.value) and KEY not in (caught.value.server_message or "")
    status = client.breaker.status()
    assert status.last_error is not None and KEY not in status.last_error


def test_repr_hides_url_credentials_and_key() -> None:
    client = EvolutionClient("https://user:pw@host.test", KEY, transport=httpx.MockTransport(reply(200, {})))
    assert repr(client) == "EvolutionClient(base_url='https://host.test', api_key=***)"


def test_logs_method_path_status_duration(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="evodesk.evolution")
    client, _ = client_for(reply(200, {"instance": {"state": "open"}}))
    client.connection_state("shop-01")
    messages = [r.getMessage() for r in caplog.records if r.name == "evodesk.evolution"]
    assert any(m.startswith("GET /instance/connectionState/shop-01 -> 200 in ") for m in messages), messages


# -- construction ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["", "evolution.test", "ftp://host", "http://", "http://host/?x=1"])
def test_invalid_base_url(url: str) -> None:
    with pytest.raises(EvolutionError):
        EvolutionClient(url, KEY)


def test_key_that_cannot_be_a_header() -> None:
    recorder = Recorder(reply(200, []))
    client = EvolutionClient(BASE, "abc\r\nX-Evil: 1", transport=httpx.MockTransport(recorder))
    with pytest.raises(EvolutionAuthError) as caught:
        client.fetch_instances()
    assert "abc" not in str(caught.value)
    assert caught.value.status is None
    assert recorder.requests == []  # refused before anything is sent
    client.close()


def test_closed_client() -> None:
    recorder = Recorder(reply(200, {"instance": {"state": "open"}}))
    with EvolutionClient(BASE, KEY, transport=httpx.MockTransport(recorder)) as client:
        client.connection_state("a")
    with pytest.raises(EvolutionError, match="closed"):
        client.connection_state("a")
    assert len(recorder.requests) == 1


# -- TLS -------------------------------------------------------------------------------------------------


@pytest.fixture
def plain_http_server() -> Iterator[str]:
    """A bare loopback HTTP server answering GET / like Evolution does."""

    class Welcome(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = json.dumps({"status": 200, "version": "2.3.7"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Welcome)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize("cert_file", ["missing", "garbage", "directory"])
def test_odd_ssl_cert_file_cannot_break_plain_http(
    plain_http_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cert_file: str
) -> None:
    if cert_file == "missing":
        value = str(tmp_path / "nope.pem")
    elif cert_file == "garbage":
        (tmp_path / "garbage.pem").write_text("not a certificate")
        value = str(tmp_path / "garbage.pem")
    else:
        value = str(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", value)
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path / "missing-dir"))
    with EvolutionClient(plain_http_server, KEY) as client:
        assert client.server_info().version == "2.3.7"


def test_odd_ssl_cert_file_falls_back_for_https(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "garbage.pem").write_text("not a certificate")
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "garbage.pem"))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with caplog.at_level(logging.WARNING, logger="evodesk.evolution"):
        EvolutionClient("https://evolution.test", KEY).close()
    assert "SSL_CERT_FILE" in caplog.text


def test_ca_bundle_path(tmp_path: Path) -> None:
    EvolutionClient("https://evolution.test", KEY, verify=certifi.where()).close()
    EvolutionClient("https://evolution.test", KEY, verify=str(Path(certifi.where()).parent)).close()
    with pytest.raises(EvolutionError, match="CA bundle not found"):
        EvolutionClient("https://evolution.test", KEY, verify=str(tmp_path / "missing.pem"))
    (tmp_path / "bad.pem").write_text("nope")
    with pytest.raises(EvolutionError, match="Cannot load the CA bundle"):
        EvolutionClient("https://evolution.test", KEY, verify=str(tmp_path / "bad.pem"))


def test_https_verification_failure_is_unavailable(plain_http_server: str) -> None:
    # Talking TLS to a plain-HTTP port fails the handshake: the server is unusable, not the request.
    https_url = plain_http_server.replace("http://", "https://")
    with EvolutionClient(https_url, KEY, timeout=2) as client, pytest.raises(EvolutionUnavailable):
        client.server_info()


# -- circuit breaker through the client ------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_breaker_opens_fails_fast_and_recovers() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failure_threshold=3, base_cooldown=5, clock=clock, wall_clock=clock)
    client, recorder = client_for(reply(502, b"bad gateway"), breaker=breaker)
    for _ in range(3):
        with pytest.raises(EvolutionUnavailable) as caught:
            client.connection_state("a")
        assert not caught.value.circuit_open
    assert breaker.state is BreakerState.OPEN
    with pytest.raises(EvolutionUnavailable) as caught:
        client.connection_state("a")
    assert caught.value.circuit_open
    assert caught.value.retry_at == 105.0
    assert len(recorder.requests) == 3  # failed fast: no request
    clock.now += 5
    recorder.handler = reply(200, {"instance": {"state": "open"}})
    assert client.connection_state("a") is ConnectionState.OPEN
    assert breaker.state is BreakerState.CLOSED
    assert len(recorder.requests) == 4


def test_4xx_and_odd_2xx_count_as_success_for_the_breaker() -> None:
    breaker = CircuitBreaker(failure_threshold=2)
    client, recorder = client_for(reply(503, b""), breaker=breaker)
    with pytest.raises(EvolutionUnavailable):
        client.connection_state("a")
    for answer in (
        reply(404, envelope(404, ["nope"])),
        reply(401, envelope(401, "Unauthorized")),
        reply(200, ["odd"]),
        reply(200, {"error": True, "message": "[object Object]"}),
    ):
        recorder.handler = answer
        with pytest.raises(EvolutionError):
            client.connect("a")
        assert breaker.status().consecutive_failures == 0
        recorder.handler = reply(503, b"")
        with pytest.raises(EvolutionUnavailable):
            client.connection_state("a")
        assert breaker.state is BreakerState.CLOSED


def test_timeouts_and_unreadable_bodies_count_as_failures() -> None:
    breaker = CircuitBreaker(failure_threshold=3)
    client, recorder = client_for(raising(httpx.ReadTimeout("slow")), breaker=breaker)
    with pytest.raises(EvolutionUnavailable):
        client.connection_state("a")
    recorder.handler = reply(200, b"{broken")
    with pytest.raises(EvolutionUnavailable):
        client.connection_state("a")
    recorder.handler = raising(httpx.ConnectError("refused"))
    with pytest.raises(EvolutionUnavailable):
        client.connection_state("a")
    assert breaker.state is BreakerState.OPEN


def test_a_shared_breaker_guards_every_client() -> None:
    breaker = CircuitBreaker(failure_threshold=1)
    first, _ = client_for(reply(500, b""), breaker=breaker)
    second, recorder = client_for(reply(200, {"instance": {"state": "open"}}), breaker=breaker)
    with pytest.raises(EvolutionUnavailable):
        first.connection_state("a")
    with pytest.raises(EvolutionUnavailable):
        second.connection_state("a")
    assert recorder.requests == []
    assert second.breaker is breaker


def test_interrupted_call_frees_the_probe() -> None:
    clock = Clock()
    breaker = CircuitBreaker(failure_threshold=1, clock=clock, wall_clock=clock)
    client, recorder = client_for(reply(500, b""), breaker=breaker)
    with pytest.raises(EvolutionUnavailable):
        client.connection_state("a")
    clock.now += 5

    def interrupt(request: httpx.Request) -> httpx.Response:
        raise KeyboardInterrupt

    recorder.handler = interrupt
    with pytest.raises(KeyboardInterrupt):
        client.connection_state("a")
    recorder.handler = reply(200, {"instance": {"state": "open"}})
    assert client.connection_state("a") is ConnectionState.OPEN


# -- property tests: whatever comes back, only typed results or EvolutionError ---------------------------

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
EVOLUTION_KEYS = [
    "instance",
    "instanceName",
    "instanceId",
    "name",
    "id",
    "state",
    "status",
    "connectionStatus",
    "code",
    "base64",
    "pairingCode",
    "count",
    "error",
    "message",
    "response",
    "hash",
    "apikey",
    "qrcode",
    "version",
    "clientName",
    "whatsappWebVersion",
    "owner",
    "ownerJid",
    "profileName",
    "number",
    "disconnectionReasonCode",
    "disconnectionAt",
    "register_url",
]
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(EVOLUTION_KEYS) | st.text(max_size=8), children, max_size=6)
    ),
    max_leaves=25,
)


def encode(value: object) -> bytes:
    return json.dumps(value, allow_nan=True).encode()


bodies = st.one_of(
    st.binary(max_size=200),
    json_values.map(encode),
    st.sampled_from(
        [
            b"",
            b"[" * 5000 + b"]" * 5000,
            b'{"count": 1e999}',
            b'{"count": NaN, "code": 1}',
            b'"\\ud800"',
            b"\xff\xfe{\x00}\x00",
            encode({"instance": {"state": ["open"]}}),
            encode({"code": "LICENSE_REQUIRED", "register_url": ["x"]}),
            encode({"error": True, "message": [{"a": [1, {"b": None}]}]}),
        ]
    ),
)
statuses = st.integers(min_value=100, max_value=599)

CALLS: dict[str, tuple[Callable[[EvolutionClient], object], Callable[[object], bool]]] = {
    "server_info": (lambda c: c.server_info(), lambda r: isinstance(r, ServerInfo)),
    "create": (lambda c: c.create_instance("shop-01", number="5511"), lambda r: isinstance(r, CreatedInstance)),
    "connect": (lambda c: c.connect("shop-01"), lambda r: isinstance(r, QrCode | ConnectionState)),
    "connection_state": (lambda c: c.connection_state("shop-01"), lambda r: isinstance(r, ConnectionState)),
    "logout": (lambda c: c.logout("shop-01"), lambda r: r is None),
    "delete": (lambda c: c.delete("shop-01"), lambda r: r is None),
    "restart": (lambda c: c.restart("shop-01"), lambda r: r is None),
    "fetch_all": (
        lambda c: c.fetch_instances(),
        lambda r: isinstance(r, list) and all(isinstance(i, InstanceInfo) for i in r),
    ),
    "fetch_one": (
        lambda c: c.fetch_instances("shop-01"),
        lambda r: isinstance(r, list) and all(isinstance(i, InstanceInfo) for i in r),
    ),
}


class SafetyNet(logging.Handler):
    """Catches the client's "unexpected failure" log: the property must hold without the last-resort guard."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize("dialect", [Dialect.V2, Dialect.V1_8, None])
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(status=statuses, body=bodies)
def test_any_answer_gives_a_typed_result_or_an_evolution_error(
    call: str, dialect: Dialect | None, status: int, body: bytes
) -> None:
    run, typed = CALLS[call]
    client = EvolutionClient(
        BASE,
        KEY,
        transport=httpx.MockTransport(lambda request: httpx.Response(status, content=body)),
        breaker=CircuitBreaker(failure_threshold=1_000_000),
        dialect=dialect,
    )
    net = SafetyNet()
    logger = logging.getLogger("evodesk.evolution")
    logger.addHandler(net)
    try:
        try:
            result = run(client)
        except EvolutionError as exc:
            assert isinstance(exc.message, str)
            assert KEY not in str(exc)
        else:
            assert typed(result), result
            assert 200 <= status < 300
    finally:
        logger.removeHandler(net)
        client.close()
    assert not net.records, [r.getMessage() for r in net.records]


@settings(max_examples=60, deadline=None)
@given(exc=st.sampled_from([httpx.ConnectError, httpx.ReadTimeout, httpx.RemoteProtocolError, OSError, ValueError]))
def test_any_transport_exception_becomes_unavailable(exc: type[Exception]) -> None:
    client, _ = client_for(raising(exc("x")), breaker=CircuitBreaker(failure_threshold=1_000_000))
    for run, _typed in CALLS.values():
        with pytest.raises(EvolutionUnavailable):
            run(client)


# -- Qt stays out ----------------------------------------------------------------------------------------


def test_importing_the_plain_layers_does_not_load_pyside6() -> None:
    code = (
        "import evodesk.domain, evodesk.config, evodesk.evolution, evodesk.simulator, sys; "
        "assert 'PySide6' not in sys.modules, 'PySide6 was imported'"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
