"""One scripted sequence of requests, played against the simulator and against the real server, and compared.

Each :class:`Step` is one HTTP request (or one repeated until an expected status, for what the server finishes
in the background). :func:`play` runs the script over real HTTP and reduces every answer to a fingerprint:
status code, content type and the body's *shape* — its keys and value types, plus the values of the keys in
:data:`VALUE_KEYS` (states, names, messages), which do not depend on ids, tokens, times or ports. Two servers
that speak the same contract give equal fingerprints. :func:`compare` lists every difference.

Every route the simulator serves must be exercised here: ``tests/test_simulator_routes.py`` fails otherwise.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

BAILEYS = "WHATSAPP-BAILEYS"
# Keys whose values are part of the contract (same on any server for the same requests): compared as values.
# Everything else (ids, tokens, times, URLs with ports, configuration such as clientName) is compared by type.
VALUE_KEYS = frozenset(
    {
        "status",
        "error",
        "message",
        "instanceName",
        "name",
        "integration",
        "state",
        "connectionStatus",
        "count",
        # Settings, proxy and profile: what the server stored or derived from the request, never random.
        "rejectCall",
        "msgCall",
        "syncFullHistory",
        "enabled",
        "host",
        "port",
        "protocol",
        "wuid",
        "profilePictureUrl",
        "update",
        # Socket.IO: the subscription's events and the Engine.IO open packet's settings.
        "events",
        "upgrades",
        "pingInterval",
        "pingTimeout",
        "maxPayload",
    }
)
# Long enough for the real server's asynchronous delete (about 1 s here; 5-8 s has been seen).
UNTIL_WITHIN = 60.0


@dataclass(frozen=True)
class Raw:
    """A request body sent as these bytes, with a JSON content type (malformed JSON)."""

    data: bytes


@dataclass(frozen=True)
class Step:
    """One request of the script.

    ``path`` and string values of ``body`` may use ``{a}``, ``{b}``, ``{c}`` (the run's instance names),
    ``{ghost}`` (a name no server has) and ``{number}`` (the run's phone number). ``key`` is ``"global"``,
    ``"wrong"``, ``"none"`` or ``"token:a"`` (the token create returned for ``a``). ``loose`` lists
    :data:`VALUE_KEYS` compared by type only in this step, where the real server's value is not determined (a
    state racing with the WhatsApp socket, a message written by the JavaScript engine). ``until`` repeats the
    request until that status comes back (bounded), for work the server finishes after answering.
    ``token_of`` keeps the ``hash`` of a create answer under that name.
    """

    label: str
    method: str
    path: str
    key: str = "global"
    body: Any = None
    loose: frozenset[str] = frozenset()
    until: int | None = None
    token_of: str | None = None
    only: Callable[[Any, Mapping[str, str]], Any] | None = field(default=None, compare=False)


def _own_rows(body: Any, names: Mapping[str, str]) -> Any:
    """fetchInstances on a shared server lists other tests' instances too: keep this run's, by name."""
    if not isinstance(body, list):
        return body
    ours = {names["a"], names["b"], names["c"]}
    rows = [row for row in body if isinstance(row, dict) and row.get("name") in ours]
    return sorted(rows, key=lambda row: str(row.get("name")))


_FLAGS = {
    "groupsIgnore": False,
    "alwaysOnline": False,
    "readMessages": False,
    "readStatus": False,
    "syncFullHistory": True,
}


def _create(name: str, **fields: Any) -> dict[str, Any]:
    return {"instanceName": name, "integration": BAILEYS, **fields}


RACY = frozenset({"state", "status", "connectionStatus"})

SCRIPT: tuple[Step, ...] = (
    Step("welcome", "GET", "/", key="none"),
    Step("verify-creds", "POST", "/verify-creds"),
    Step("verify-creds, wrong key", "POST", "/verify-creds", key="wrong"),
    Step("create a, no QR", "POST", "/instance/create", body=_create("{a}", qrcode=False), token_of="a"),
    Step(
        "create b, QR and number",
        "POST",
        "/instance/create",
        body=_create("{b}", qrcode=True, number="{number}"),
        token_of="b",
        loose=RACY,
    ),
    Step("create, name in use", "POST", "/instance/create", body=_create("{a}")),
    Step("create, name in use, wrong key", "POST", "/instance/create", key="wrong", body=_create("{a}")),
    Step("create, wrong key", "POST", "/instance/create", key="wrong", body=_create("{c}")),
    Step("create, no key", "POST", "/instance/create", key="none", body=_create("{c}")),
    Step("create, no integration", "POST", "/instance/create", body={"instanceName": "{c}"}),
    Step("create, unknown integration", "POST", "/instance/create", body=_create("{c}", integration="NOPE")),
    Step("create, number with +", "POST", "/instance/create", body=_create("{c}", number="+5511")),
    Step("create, qrcode not boolean", "POST", "/instance/create", body=_create("{c}", qrcode="yes")),
    Step("create, empty name alone", "POST", "/instance/create", body={"instanceName": ""}),
    Step("create, no name", "POST", "/instance/create", body={"integration": BAILEYS}),
    Step(
        "create, name not a string",
        "POST",
        "/instance/create",
        body=_create("{c}") | {"instanceName": 5},
        loose=frozenset({"message"}),
    ),
    Step("create, malformed JSON", "POST", "/instance/create", body=Raw(b"{bad"), loose=frozenset({"message"})),
    Step("fetchInstances", "GET", "/instance/fetchInstances", only=_own_rows, loose=RACY),
    Step("fetchInstances by name", "GET", "/instance/fetchInstances?instanceName={a}"),
    Step("fetchInstances by unknown name", "GET", "/instance/fetchInstances?instanceName={ghost}"),
    Step("fetchInstances by number", "GET", "/instance/fetchInstances?number={number}", loose=RACY),
    Step("fetchInstances by unknown id", "GET", "/instance/fetchInstances?instanceId={ghost}"),
    Step("fetchInstances, wrong key", "GET", "/instance/fetchInstances", key="wrong"),
    Step("fetchInstances, no key", "GET", "/instance/fetchInstances", key="none"),
    Step("fetchInstances, instance token", "GET", "/instance/fetchInstances", key="token:a"),
    Step("connectionState", "GET", "/instance/connectionState/{a}"),
    Step("connectionState, its token", "GET", "/instance/connectionState/{a}", key="token:a"),
    Step("connectionState, another's token", "GET", "/instance/connectionState/{a}", key="token:b"),
    Step("connectionState, wrong key", "GET", "/instance/connectionState/{a}", key="wrong"),
    Step("connectionState, no key", "GET", "/instance/connectionState/{a}", key="none"),
    Step("connectionState, unknown, wrong key", "GET", "/instance/connectionState/{ghost}", key="wrong"),
    Step("connectionState, unknown", "GET", "/instance/connectionState/{ghost}"),
    Step("connectionState, case and slash", "GET", "/INSTANCE/connectionstate/{a}/"),
    Step("connectionState of b", "GET", "/instance/connectionState/{b}", loose=RACY),
    Step("logout, not connected", "DELETE", "/instance/logout/{a}"),
    Step("logout, unknown", "DELETE", "/instance/logout/{ghost}", key="wrong"),
    Step("restart, not connected", "POST", "/instance/restart/{a}"),
    Step("restart with PUT", "PUT", "/instance/restart/{a}"),
    Step("restart, unknown", "POST", "/instance/restart/{ghost}"),
    Step("setPresence, no body", "POST", "/instance/setPresence/{a}", body={}),
    Step("setPresence, bad value", "POST", "/instance/setPresence/{a}", body={"presence": "away"}),
    Step("setPresence, no socket", "POST", "/instance/setPresence/{a}", body={"presence": "available"}),
    # Settings, proxy and profile of a (never connected, no socket) and b (socket opened for a QR).
    Step("settings find", "GET", "/settings/find/{a}"),
    Step("settings set, no body", "POST", "/settings/set/{a}", body={}),
    Step("settings set, flag not boolean", "POST", "/settings/set/{a}", body={"rejectCall": "yes", **_FLAGS}),
    Step(
        "settings set",
        "POST",
        "/settings/set/{a}",
        body={"rejectCall": True, "msgCall": "busy", **_FLAGS, "wavoipToken": ""},
    ),
    Step("settings set, no msgCall", "POST", "/settings/set/{a}", body={"rejectCall": False, **_FLAGS}),
    Step("settings find after set", "GET", "/settings/find/{a}"),
    Step("settings find, unknown", "GET", "/settings/find/{ghost}"),
    Step("settings find, wrong key", "GET", "/settings/find/{a}", key="wrong"),
    Step("settings set, its token", "POST", "/settings/set/{a}", key="token:a", body={"rejectCall": False, **_FLAGS}),
    Step("proxy find, none", "GET", "/proxy/find/{a}"),
    Step("proxy set, no body", "POST", "/proxy/set/{a}", body={}),
    Step(
        "proxy set, port a number",
        "POST",
        "/proxy/set/{a}",
        body={"enabled": True, "host": "127.0.0.1", "port": 3128, "protocol": "http"},
    ),
    Step(
        "proxy set, empty fields alone",
        "POST",
        "/proxy/set/{a}",
        body={"enabled": False, "host": "", "port": "", "protocol": ""},
    ),
    Step(
        "proxy set, the server's test fails",
        "POST",
        "/proxy/set/{a}",
        body={
            "enabled": True,
            "host": "127.0.0.1",
            "port": "9",
            "protocol": "http",
            "username": "u",
            "password": "pw-{number}",
        },
    ),
    Step(
        "proxy set, off",
        "POST",
        "/proxy/set/{a}",
        body={"enabled": False, "host": "", "port": "", "protocol": "", "username": "", "password": ""},
    ),
    Step("proxy find, off", "GET", "/proxy/find/{a}"),
    Step("proxy set, unknown", "POST", "/proxy/set/{ghost}", body={}),
    Step("proxy find, wrong key", "GET", "/proxy/find/{a}", key="wrong"),
    Step("fetchInstances by name, with proxy", "GET", "/instance/fetchInstances?instanceName={a}"),
    Step("profile picture", "POST", "/chat/fetchProfilePictureUrl/{a}", body={"number": "{number}"}),
    Step(
        "profile picture, nine dropped",
        "POST",
        "/chat/fetchProfilePictureUrl/{a}",
        body={"number": "+55 (31) 98765-4321"},
    ),
    Step("profile picture, no number", "POST", "/chat/fetchProfilePictureUrl/{a}", body={}),
    Step("profile picture, number not a string", "POST", "/chat/fetchProfilePictureUrl/{a}", body={"number": 5511}),
    Step("profile picture, wrong key", "POST", "/chat/fetchProfilePictureUrl/{a}", key="wrong", body={"number": "1"}),
    Step("profile picture, unknown", "POST", "/chat/fetchProfilePictureUrl/{ghost}", body={"number": "1"}),
    Step("profile name, no socket", "POST", "/chat/updateProfileName/{a}", body={"name": "Shop"}),
    Step("profile name, empty", "POST", "/chat/updateProfileName/{a}", body={"name": ""}),
    Step("profile name, not connected", "POST", "/chat/updateProfileName/{b}", body={"name": "Shop"}),
    Step("profile status, no socket", "POST", "/chat/updateProfileStatus/{a}", body={"status": "Open"}),
    Step("profile status, not a string", "POST", "/chat/updateProfileStatus/{a}", body={"status": 5}),
    Step("profile status, not connected", "POST", "/chat/updateProfileStatus/{b}", body={"status": "Open"}),
    Step("profile status, unknown", "POST", "/chat/updateProfileStatus/{ghost}", key="wrong", body={"status": "x"}),
    Step("connect, unknown", "GET", "/instance/connect/{ghost}"),
    Step("connect, wrong key", "GET", "/instance/connect/{a}", key="wrong"),
    Step("connect from close", "GET", "/instance/connect/{a}"),
    Step("connectionState after connect", "GET", "/instance/connectionState/{a}", loose=RACY),
    Step("unknown route", "GET", "/instance/{a}"),
    Step("unknown top-level route", "POST", "/{a}"),
    Step("unknown route with a query", "GET", "/instance/nothing?instanceName={a}"),
    # The websocket subscription of a (evolution-api.md section 6.4) and its quirks.
    Step("websocket find, none", "GET", "/websocket/find/{a}"),
    Step("websocket set, flat body", "POST", "/websocket/set/{a}", body={"enabled": True}),
    Step("websocket set, no events", "POST", "/websocket/set/{a}", body={"websocket": {"enabled": True}}),
    Step(
        "websocket set, unknown event",
        "POST",
        "/websocket/set/{a}",
        body={"websocket": {"enabled": True, "events": ["NOPE"]}},
    ),
    Step(
        "websocket set, enabled not boolean",
        "POST",
        "/websocket/set/{a}",
        body={"websocket": {"enabled": "yes", "events": []}},
    ),
    Step(
        "websocket set",
        "POST",
        "/websocket/set/{a}",
        body={"websocket": {"enabled": True, "events": ["MESSAGES_UPSERT", "CONNECTION_UPDATE"]}},
    ),
    Step("websocket find after set", "GET", "/websocket/find/{a}"),
    Step("websocket find, its token", "GET", "/websocket/find/{a}", key="token:a"),
    Step("websocket find, wrong key", "GET", "/websocket/find/{a}", key="wrong"),
    Step("websocket find, unknown", "GET", "/websocket/find/{ghost}"),
    Step(
        "websocket set, every event", "POST", "/websocket/set/{a}", body={"websocket": {"enabled": True, "events": []}}
    ),
    Step("websocket set, off", "POST", "/websocket/set/{a}", body={"websocket": {"enabled": False}}),
    Step("websocket set, unknown", "POST", "/websocket/set/{ghost}", body={"websocket": {"enabled": False}}),
    # Socket.IO's Engine.IO endpoint on the same port. The real server lets loopback clients skip the key when
    # the query has EIO (WEBSOCKET_ALLOWED_HOSTS' default): the simulator plays it with the same setting.
    Step("socket.io handshake", "GET", "/socket.io/?EIO=4&transport=polling"),
    Step("socket.io handshake, key in the query", "GET", "/socket.io/?EIO=4&transport=polling&apikey=x", key="none"),
    Step("socket.io handshake, loopback with a wrong key", "GET", "/socket.io/?EIO=4&transport=polling", key="wrong"),
    Step("socket.io, no transport", "GET", "/socket.io/"),
    Step("socket.io, EIO 3", "GET", "/socket.io/?EIO=3&transport=polling"),
    Step("socket.io, no EIO", "GET", "/socket.io/?transport=polling"),
    Step("socket.io, no EIO, wrong key", "GET", "/socket.io/?transport=polling", key="wrong"),
    Step("socket.io, no EIO, no key", "GET", "/socket.io/?transport=polling", key="none"),
    Step("socket.io, unknown session", "GET", "/socket.io/?EIO=4&transport=polling&sid=nobody"),
    Step("socket.io, websocket without upgrade", "GET", "/socket.io/?EIO=4&transport=websocket"),
    *(
        Step(f"socket.io handshake with {method}", method, "/socket.io/?EIO=4&transport=polling")
        for method in ("POST", "PUT", "DELETE", "PATCH")
    ),
    Step("delete b", "DELETE", "/instance/delete/{b}"),
    Step("delete a", "DELETE", "/instance/delete/{a}"),
    Step("delete, unknown", "DELETE", "/instance/delete/{ghost}"),
    Step("create a again once freed", "POST", "/instance/create", body=_create("{a}", qrcode=False), until=201),
    Step("delete a again", "DELETE", "/instance/delete/{a}"),
    Step("connectionState once deleted", "GET", "/instance/connectionState/{a}", until=404),
)


# Socket.IO on a server that checks every client's key (WEBSOCKET_ALLOWED_HOSTS not this machine), played against
# the simulator's default (no allowed hosts).
GUARDED_SOCKET_SCRIPT: tuple[Step, ...] = (
    Step("socket.io handshake", "GET", "/socket.io/?EIO=4&transport=polling"),
    Step("socket.io handshake, wrong key", "GET", "/socket.io/?EIO=4&transport=polling", key="wrong"),
    Step("socket.io handshake, no key", "GET", "/socket.io/?EIO=4&transport=polling", key="none"),
    Step("socket.io handshake, key in the query", "GET", "/socket.io/?EIO=4&transport=polling&apikey=x", key="none"),
    Step("socket.io handshake, POST", "POST", "/socket.io/?EIO=4&transport=polling", key="wrong"),
    Step("socket.io, no transport, wrong key", "GET", "/socket.io/", key="wrong"),
    Step("socket.io, EIO 3, wrong key", "GET", "/socket.io/?EIO=3&transport=polling", key="wrong"),
)
# A server with events off (WEBSOCKET_ENABLED=false): no /socket.io/ at all, the subscription routes still answer.
EVENTS_OFF_SCRIPT: tuple[Step, ...] = (
    Step("socket.io handshake", "GET", "/socket.io/?EIO=4&transport=polling"),
    Step("socket.io handshake, POST", "POST", "/socket.io/?EIO=4&transport=polling"),
    Step("socket.io, no query", "GET", "/socket.io/"),
    Step("create a, no QR", "POST", "/instance/create", body=_create("{a}", qrcode=False)),
    Step("websocket find", "GET", "/websocket/find/{a}"),
    Step("websocket set", "POST", "/websocket/set/{a}", body={"websocket": {"enabled": True, "events": []}}),
    Step("websocket find after set", "GET", "/websocket/find/{a}"),
    Step("delete a", "DELETE", "/instance/delete/{a}"),
)


# Around a restart of the server process (the simulator's ``restart(reload=True)``): what comes back loaded.
BEFORE_RESTART: tuple[Step, ...] = (
    Step("create a, no QR", "POST", "/instance/create", body=_create("{a}", qrcode=False)),
    Step("create b, QR", "POST", "/instance/create", body=_create("{b}", qrcode=True, number="{number}"), loose=RACY),
)
AFTER_RESTART: tuple[Step, ...] = (
    Step("connectionState a", "GET", "/instance/connectionState/{a}"),
    # No QR was ever shown, so b is stored close and is not reconnected at boot.
    Step("connectionState b", "GET", "/instance/connectionState/{b}"),
    Step("fetchInstances by name", "GET", "/instance/fetchInstances?instanceName={a}"),
    Step("fetchInstances", "GET", "/instance/fetchInstances", only=_own_rows),
    Step("logout a", "DELETE", "/instance/logout/{a}"),
    Step("restart a", "POST", "/instance/restart/{a}"),
    Step("connect a", "GET", "/instance/connect/{a}"),
    Step("delete a", "DELETE", "/instance/delete/{a}"),
    Step("delete b", "DELETE", "/instance/delete/{b}"),
)


@dataclass(frozen=True)
class Fingerprint:
    """What is compared of one answer."""

    status: int
    content_type: str
    shape: Any


@dataclass(frozen=True)
class Names:
    """The names and number one play of the script uses (the same for both servers)."""

    values: Mapping[str, str]

    @classmethod
    def fresh(cls) -> Names:
        run = uuid.uuid4().hex[:8]
        number = f"5511{int(run, 16) % 10**9:09d}"
        return cls(
            {
                "a": f"diff-{run}-a",
                "b": f"diff-{run}-b",
                "c": f"diff-{run}-c",
                "ghost": f"diff-{run}-ghost",
                "number": number,
            }
        )

    def fill(self, value: Any) -> Any:
        if isinstance(value, str):
            return value.format_map(self.values)
        if isinstance(value, dict):
            return {key: self.fill(item) for key, item in value.items()}
        return value


def shape(value: Any, key: str | None = None, loose: frozenset[str] = frozenset()) -> Any:
    """Keys and value types of a JSON value; the values of :data:`VALUE_KEYS` (minus ``loose``) as they are."""
    if isinstance(value, dict):
        return {name: shape(item, name, loose) for name, item in value.items()}
    if isinstance(value, list):
        return [shape(item, key, loose) for item in value]
    if key in VALUE_KEYS and key not in loose:
        return value
    return "null" if value is None else type(value).__name__


def play(
    base_url: str,
    api_key: str,
    names: Names,
    *,
    script: tuple[Step, ...] = SCRIPT,
    clock: Callable[[], float] = time.monotonic,
) -> list[Fingerprint]:
    """Run ``script`` against the server at ``base_url`` and fingerprint every answer."""
    tokens: dict[str, str] = {}
    prints: list[Fingerprint] = []
    with httpx.Client(base_url=base_url, timeout=60, trust_env=False) as http:
        for step in script:
            keys = {"global": api_key, "wrong": "not-the-key", "none": None}
            headers: dict[str, str] = {}
            key = keys[step.key] if step.key in keys else tokens[step.key.removeprefix("token:")]
            if key is not None:
                headers["apikey"] = key
            content: bytes | None = None
            if isinstance(step.body, Raw):
                content = step.body.data
            elif step.body is not None:
                content = json.dumps(names.fill(step.body)).encode()
            if content is not None:
                headers["content-type"] = "application/json"
            path = names.fill(step.path)

            deadline = clock() + UNTIL_WITHIN
            while True:
                response = http.request(step.method, path, content=content, headers=headers)
                if step.until is None or response.status_code == step.until or clock() >= deadline:
                    break
                time.sleep(0.25)
            try:
                body = response.json()
            except ValueError:
                # Not JSON (an Engine.IO packet, an HTML page): its first character says what kind of answer it is,
                # and an Engine.IO open packet ("0" and JSON) is compared by its JSON too.
                body = {"text": response.text[:1]}
                if response.text.startswith("0{"):
                    body["open"] = json.loads(response.text[1:])
            if step.token_of is not None and isinstance(body, dict) and isinstance(body.get("hash"), str):
                tokens[step.token_of] = body["hash"]
            if step.only is not None:
                body = step.only(body, names.values)
            prints.append(
                Fingerprint(
                    response.status_code, response.headers.get("content-type", ""), shape(body, loose=step.loose)
                )
            )
    return prints


def differences(expected: Any, actual: Any, where: str = "") -> list[str]:
    """Where two shapes differ, as ``path: simulator … / server …`` lines."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        lines = []
        for name in sorted(set(expected) | set(actual)):
            if name not in actual:
                lines.append(f"{where}.{name}: only the simulator sends it")
            elif name not in expected:
                lines.append(f"{where}.{name}: only the server sends it ({actual[name]!r})")
            else:
                lines += differences(expected[name], actual[name], f"{where}.{name}")
        return lines
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [
            line
            for index, pair in enumerate(zip(expected, actual, strict=True))
            for line in differences(*pair, f"{where}[{index}]")
        ]
    if expected != actual:
        return [f"{where or 'body'}: simulator {expected!r} / server {actual!r}"]
    return []


def compare(simulator: list[Fingerprint], server: list[Fingerprint], script: tuple[Step, ...] = SCRIPT) -> list[str]:
    """Every difference between two plays of ``script``, one line each, labelled by step."""
    lines = []
    for step, ours, theirs in zip(script, simulator, server, strict=True):
        if ours.status != theirs.status:
            lines.append(f"{step.label}: status: simulator {ours.status} / server {theirs.status}")
        if ours.content_type != theirs.content_type:
            lines.append(
                f"{step.label}: content type: simulator {ours.content_type!r} / server {theirs.content_type!r}"
            )
        lines += [f"{step.label}: {line}" for line in differences(ours.shape, theirs.shape)]
    return lines
