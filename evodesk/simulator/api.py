"""The Evolution API routes: guards in the server's order, controllers, and the JSON shapes of both dialects.

Nothing here touches sockets. :meth:`EvolutionApi.handle` takes a parsed request and returns a
:class:`Reply`; the HTTP layer writes it. QR objects are left in the reply as :class:`QrFrame` and turned
into JSON (with the slow PNG rendering) by :func:`to_json` after the state lock is released.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from evodesk.simulator.chip_routes import HANDLERS as CHIP_HANDLERS
from evodesk.simulator.chip_routes import ChipRoutes
from evodesk.simulator.qr import png_data_url
from evodesk.simulator.replies import Reply, envelope, schema_error
from evodesk.simulator.state import (
    BAILEYS,
    BUSINESS,
    CLOSE,
    CONNECTING,
    INTEGRATIONS,
    OPEN,
    Instance,
    QrFrame,
    SimState,
    iso,
)

# The schema's pattern, matched with search semantics as jsonschema does.
NUMBER_PATTERN = re.compile(r"^\d+[\.@\w-]+")
# jsonschema JSON-quotes the pattern in its message, doubling each backslash of the source text.
NUMBER_PATTERN_MESSAGE = 'number does not match pattern "^\\\\d+[\\\\.@\\\\w-]+"'
PRESENCES = ("unavailable", "available", "composing", "recording", "paused")

_STRING_FIELDS = (
    "instanceName",
    "token",
    "number",
    "msgCall",
    "proxyHost",
    "proxyPort",
    "proxyProtocol",
    "proxyUsername",
    "proxyPassword",
)
_BOOLEAN_FIELDS = (
    "qrcode",
    "rejectCall",
    "groupsIgnore",
    "alwaysOnline",
    "readMessages",
    "readStatus",
    "syncFullHistory",
)
_OBJECT_OBJECT = {"error": True, "message": "[object Object]"}
_CLIENT_NAME = "evolution"
_WA_WEB_VERSION = "2.3000.1030012345"


@dataclass(frozen=True, slots=True)
class Route:
    """One route the simulator serves: method, path template and the :class:`EvolutionApi` method answering it.

    ``{instanceName}`` stands for one path segment; the other segments match case-insensitively, as Express
    routes do, and one trailing slash is ignored (so ``path`` is written without it). ``dialect`` is ``"2"`` or
    ``"1"`` for a route of one dialect only, None for both.
    """

    method: str
    path: str
    handler: str
    dialect: str | None = None

    def match(self, method: str, segments: list[str]) -> str | None:
        """The instance name (``""`` for a route without one) when ``segments`` name this route, else None."""
        if method != self.method:
            return None
        template = self.path.split("/")[1:]
        if len(template) != len(segments):
            return None
        name = ""
        for pattern, segment in zip(template, segments, strict=True):
            if pattern == "{instanceName}":
                if not segment:
                    return None
                name = unquote(segment)
            elif pattern.lower() != segment.lower():
                return None
        return name


# Every route the simulator serves. A route added here is answered by the server and must also be exercised by
# the differential test against the real server (tests/realserver/test_differential.py), which fails otherwise.
ROUTES: tuple[Route, ...] = (
    Route("GET", "/", "welcome"),
    Route("POST", "/verify-creds", "verify_creds", dialect="2"),
    Route("POST", "/instance/create", "create"),
    Route("GET", "/instance/fetchInstances", "fetch_instances"),
    Route("GET", "/instance/connect/{instanceName}", "connect"),
    Route("GET", "/instance/connectionState/{instanceName}", "connection_state"),
    Route("DELETE", "/instance/logout/{instanceName}", "logout"),
    Route("DELETE", "/instance/delete/{instanceName}", "delete"),
    Route("POST", "/instance/restart/{instanceName}", "restart", dialect="2"),
    Route("PUT", "/instance/restart/{instanceName}", "restart", dialect="1"),
    Route("POST", "/instance/setPresence/{instanceName}", "set_presence"),
    Route("GET", "/settings/find/{instanceName}", "find_settings"),
    Route("POST", "/settings/set/{instanceName}", "set_settings"),
    Route("GET", "/proxy/find/{instanceName}", "find_proxy"),
    Route("POST", "/proxy/set/{instanceName}", "set_proxy"),
    Route("POST", "/chat/fetchProfilePictureUrl/{instanceName}", "profile_picture"),
    Route("POST", "/chat/updateProfileName/{instanceName}", "update_profile_name"),
    Route("POST", "/chat/updateProfileStatus/{instanceName}", "update_profile_status"),
)


def _prisma_name_error(value: Any) -> str:
    kind = {bool: "Boolean", int: "Int", float: "Float", list: "List", dict: "Json"}.get(type(value), "Json")
    return (
        "PrismaClientValidationError: \nInvalid `prismaRepository.instance.findMany()` invocation:\n\n"
        f"Argument `name`: Invalid value provided. Expected StringFilter or String, provided {kind}."
    )


def unauthorized() -> Reply:
    """The 401 thrown without arguments: ``message`` is a plain string, not a list."""
    return envelope(401, "Unauthorized")


def not_found_route(method: str, path: str) -> Reply:
    """Express's answer for an unknown route or a wrong method."""
    return envelope(404, [f"Cannot {method} {path}"])


def to_json(body: Any) -> Any:
    """Replace the :class:`QrFrame` objects of a reply body by the server's QR objects."""
    if isinstance(body, QrFrame):
        return {
            "pairingCode": body.pairing_code,
            "code": body.code,
            "base64": png_data_url(body.code),
            "count": body.count,
        }
    if isinstance(body, dict):
        return {key: to_json(value) for key, value in body.items()}
    if isinstance(body, list):
        return [to_json(value) for value in body]
    return body


def _settings_v2(body: Mapping[str, Any]) -> dict[str, bool | str]:
    def flag(key: str) -> bool:
        return body.get(key) is True

    return {
        "rejectCall": flag("rejectCall"),
        "msgCall": body.get("msgCall") or "",
        "groupsIgnore": flag("groupsIgnore"),
        "alwaysOnline": flag("alwaysOnline"),
        "readMessages": flag("readMessages"),
        "readStatus": flag("readStatus"),
        "syncFullHistory": flag("syncFullHistory"),
        "wavoipToken": body.get("wavoipToken") or "",
    }


def _settings_v1(body: Mapping[str, Any]) -> dict[str, bool | str]:
    return {
        "reject_call": body.get("reject_call") is True,
        "msg_call": body.get("msg_call") or "",
        # v1.8 ignored groups unless told otherwise.
        "groups_ignore": body.get("groups_ignore") is not False,
        "always_online": body.get("always_online") is True,
        "read_messages": body.get("read_messages") is True,
        "read_status": body.get("read_status") is True,
        "sync_full_history": body.get("sync_full_history") is True,
    }


def validate_create(body: Mapping[str, Any]) -> list[str]:
    """The JSON-schema messages of ``POST /instance/create``, in schema order."""
    problems: list[str] = []
    for key in _STRING_FIELDS:
        if key in body and not isinstance(body[key], str):
            problems.append(f"{key} is not of a type(s) string")
        elif key == "number" and key in body and not NUMBER_PATTERN.search(body[key]):
            problems.append(NUMBER_PATTERN_MESSAGE)
    for key in _BOOLEAN_FIELDS:
        if key in body and not isinstance(body[key], bool):
            problems.append(f"{key} is not of a type(s) boolean")
    # The schema's `if: {propertyNames: {enum: ["instanceName"]}}` only holds when instanceName is the sole
    # key, so adding any other property (integration, ...) switches the emptiness check off.
    name = body.get("instanceName")
    if set(body) <= {"instanceName"} and isinstance(name, str) and name == "":
        problems.append('The "instanceName" cannot be empty')
    return problems


class EvolutionApi(ChipRoutes):
    """The routes of one simulated server, for the v2 (2.3.x) or the v1.8 dialect."""

    def __init__(
        self,
        state: SimState,
        *,
        api_key: str,
        version: str,
        create_wait: float = 0.0,
        base_url: Callable[[], str] = lambda: "http://127.0.0.1",
        proxy_test: str = "pass",
    ) -> None:
        self.state = state
        # Whether the server's own test of a proxy passes ("pass") or fails ("fail"), and hosts that always fail.
        self.proxy_test = proxy_test
        self.refused_proxy_hosts: set[str] = set()
        self.api_key = api_key
        self.version = version
        self.v1 = version.startswith("1.")
        self.create_wait = max(0.0, create_wait)
        self.base_url = base_url

    # ------------------------------------------------------------------ routing

    def routes(self) -> tuple[Route, ...]:
        """The routes this server answers, in its dialect; any other path or method gets Express's 404."""
        dialect = "1" if self.v1 else "2"
        return tuple(route for route in ROUTES if route.dialect in (None, dialect))

    def handle(self, method: str, path: str, query: Mapping[str, str], apikey: str | None, body: Any) -> Reply:
        """Answer one request. ``path`` is the raw (still percent-encoded) path, without the query."""
        parts = path.split("/")
        if len(parts) > 2 and parts[-1] == "":
            parts = parts[:-1]  # Express routing is not strict about one trailing slash.
        found = next(
            ((route, name) for route in self.routes() if (name := route.match(method, parts[1:])) is not None), None
        )
        if found is None:
            return not_found_route(method, path)
        route, name = found
        if route.handler == "welcome":
            return self.welcome()
        if route.handler == "verify_creds":
            return Reply(200, self._verify_creds_body()) if apikey == self.api_key else unauthorized()
        if route.handler == "create":
            return self.create(apikey, body)
        if route.handler == "fetch_instances":
            return self.fetch_instances(apikey, query)
        controller: Callable[[Instance, Mapping[str, str], Any], Reply] = getattr(self, route.handler)
        op = route.path.split("/")[2].lower()
        with self.state.lock:
            inst = self.state.get(name)
            if inst is None:
                return envelope(404, [f'The "{name}" instance does not exist'])
            if apikey is None or apikey not in (self.api_key, inst.token):
                return unauthorized()
            # Query values are merged over the path parameters before the controller runs.
            override = query.get("instanceName")
            if override is not None and override != name:
                target = self.state.get(override)
                if target is None:
                    return self._not_loaded(op, override)
                inst = target
            if not inst.in_memory:
                if route.handler in CHIP_HANDLERS:
                    return self._chip_route_not_loaded(route.handler, inst.name)
                return self._not_loaded(op, inst.name)
            return controller(inst, query, body)

    def _not_loaded(self, op: str, name: str) -> Reply:
        """The answers for an instance that exists in the DB but not in the server's memory."""
        if op in ("connect", "restart") and not (op == "restart" and self.v1):
            return Reply(200, dict(_OBJECT_OBJECT))
        if op in ("connectionstate", "restart"):
            return Reply(200, {"instance": {"instanceName": name}})
        if op == "delete":
            inst = self.state.get(name)
            if inst is not None:
                self.state.delete(inst)
            return Reply(200, _success("Instance deleted"))
        # logout and setPresence dereference the missing in-memory object.
        return envelope(500, ["TypeError: Cannot read properties of undefined (reading 'connectionStatus')"])

    # ------------------------------------------------------------------ routes

    def welcome(self) -> Reply:
        """``GET /``: the only route without a key; ``version`` tells the dialect."""
        base = self.base_url()
        body: dict[str, Any] = {
            "status": 200,
            "message": "Welcome to the Evolution API, it is working!",
            "version": self.version,
        }
        if self.v1:
            body["swagger"] = f"{base}/docs"
            body["manager"] = f"{base}/manager"
            body["documentation"] = "https://doc.evolution-api.com"
        else:
            body["clientName"] = _CLIENT_NAME
            body["manager"] = f"{base}/manager"
            body["documentation"] = "https://doc.evolution-api.com"
            body["whatsappWebVersion"] = _WA_WEB_VERSION
        return Reply(200, body)

    def _verify_creds_body(self) -> dict[str, Any]:
        # The facebook* fields come from FACEBOOK_* settings; unset, they are undefined and left out of the JSON.
        return {"status": 200, "message": "Credentials are valid"}

    def create(self, apikey: str | None, raw: Any) -> Reply:
        """``POST /instance/create``: name-in-use (403) before auth (401), then schema, then controller."""
        body: Mapping[str, Any] = raw if isinstance(raw, dict) else {}
        name = body.get("instanceName")
        if name is not None and not isinstance(name, str):
            # The name-in-use guard queries the database with the raw value before any schema check.
            return envelope(500, [_prisma_name_error(name)])
        with self.state.lock:
            if name is None and self.state.all():
                # The DB lookup with an undefined name matches any row.
                return envelope(403, ['This name "undefined" is already in use.'])
            if isinstance(name, str) and self.state.get(name) is not None:
                return envelope(403, [f'This name "{name}" is already in use.'])
            if apikey != self.api_key:
                return unauthorized()
            if not isinstance(raw, dict):
                return schema_error(["instance is not of a type(s) object"])
            problems = validate_create(body)
            if not problems and not isinstance(name, str):
                problems = ['instance requires property "instanceName"']
            if problems:
                return schema_error(problems)
            assert isinstance(name, str)
            integration = body.get("integration")
            if integration is None and self.v1:
                integration = BAILEYS
            if integration not in INTEGRATIONS:
                return envelope(400, ["Invalid integration"])
            token = body.get("token")
            number = body.get("number")
            if integration == BUSINESS and not token:
                return envelope(400, ["token is required"])
            if integration == BUSINESS and not number:
                return envelope(400, ["number is required"])
            if self.v1 and token and any(i.token == token for i in self.state.all()):
                return envelope(400, ["Token already exists"])
            settings = _settings_v1(body) if self.v1 else _settings_v2(body)
            inst = self.state.create(
                name, integration=str(integration), token=token or None, number=number, settings=settings
            )
            wants_qr = body.get("qrcode") is True and integration == BAILEYS
            if wants_qr:
                self.state.start_socket(inst, number)
        if wants_qr and self.create_wait:
            # The real server sleeps here waiting for the first QR; never hold the lock while sleeping.
            time.sleep(self.create_wait)
        with self.state.lock:
            self.state.advance(inst)
            qr: Any = None
            if wants_qr:
                qr = self.state.current_qr(inst) or {"count": 0}
            return Reply(201, self._create_body(inst, qr))

    def _create_body(self, inst: Instance, qr: Any) -> dict[str, Any]:
        business = inst.integration == BUSINESS
        webhook_wa = f"{self.base_url()}/webhook/meta" if business else None
        access = "evolution" if business else ""
        body: dict[str, Any]
        if self.v1:
            body = {
                "instance": {
                    "instanceName": inst.name,
                    "instanceId": inst.instance_id,
                    "integration": inst.integration,
                    "webhook_wa_business": webhook_wa,
                    "access_token_wa_business": access,
                    "status": "created",
                },
                "hash": {"apikey": inst.token},
                "webhook": {},
                "websocket": {},
                "rabbitmq": {},
                "sqs": {},
                "typebot": {},
                "settings": dict(inst.settings),
            }
        else:
            body = {
                "instance": {
                    "instanceName": inst.name,
                    "instanceId": inst.instance_id,
                    "integration": inst.integration,
                    "webhookWaBusiness": webhook_wa,
                    "accessTokenWaBusiness": access,
                    "status": inst.state,
                },
                "hash": inst.token,
                "webhook": {},
                "websocket": {},
                "rabbitmq": {},
                "nats": {},
                "sqs": {},
                "settings": dict(inst.settings),
            }
        if qr is not None:
            body["qrcode"] = qr
        return body

    @staticmethod
    def _state_body(inst: Instance) -> dict[str, Any]:
        return {"instance": {"instanceName": inst.name, "state": inst.state}}

    def connect(self, inst: Instance, query: Mapping[str, str], _body: Any) -> Reply:
        """``GET /instance/connect``: state shape when open, the held QR when connecting, new socket from close."""
        if inst.state == OPEN:
            return Reply(200, self._state_body(inst))
        if inst.state == CLOSE:
            # `number` only matters here: a socket that is already connecting keeps its mode.
            self.state.reconnect(inst, query.get("number") or None)
            if inst.state == OPEN:
                return Reply(200, self._state_body(inst))
        qr = self.state.current_qr(inst)
        return Reply(200, qr if qr is not None else {"count": 0})

    def connection_state(self, inst: Instance, _query: Mapping[str, str], _body: Any) -> Reply:
        """``GET /instance/connectionState``: the live state (never ``refused``)."""
        return Reply(200, self._state_body(inst))

    def logout(self, inst: Instance, _query: Mapping[str, str], _body: Any) -> Reply:
        """``DELETE /instance/logout``: 400 when already closed, else close with the instance kept."""
        if inst.state == CLOSE:
            return envelope(400, [f'The "{inst.name}" instance is not connected'])
        self.state.logout(inst)
        return Reply(200, _success("Instance logged out"))

    def delete(self, inst: Instance, _query: Mapping[str, str], _body: Any) -> Reply:
        """``DELETE /instance/delete``: any state; the instance disappears after the delete delay."""
        self.state.delete(inst)
        return Reply(200, _success("Instance deleted"))

    def restart(self, inst: Instance, _query: Mapping[str, str], _body: Any) -> Reply:
        """Instance restart: POST on v2 (``[object Object]`` when closed), PUT on v1.8 (any state)."""
        if inst.state == CLOSE:
            if self.v1:
                return Reply(200, self._state_body(inst))
            return Reply(200, dict(_OBJECT_OBJECT))
        self.state.recycle_socket(inst)
        return Reply(200, self._state_body(inst))

    def set_presence(self, inst: Instance, _query: Mapping[str, str], raw: Any) -> Reply:
        """``POST /instance/setPresence``: schema check, then a socket error unless open."""
        body: Mapping[str, Any] = raw if isinstance(raw, dict) else {}
        presence = body.get("presence")
        if "presence" not in body:
            return schema_error(['instance requires property "presence"'])
        if presence not in PRESENCES:
            return schema_error([f"presence is not one of enum values: {','.join(PRESENCES)}"])
        if inst.state == CLOSE:
            # The controller dereferences what is not there: the socket of an instance that never had one, or
            # the logged-in user of a socket that has been closed.
            had_socket = any(state == CONNECTING for _, state in inst.history)
            missing = "name" if had_socket else "sendPresenceUpdate"
            return envelope(400, [f"TypeError: Cannot read properties of undefined (reading '{missing}')"])
        if inst.state != OPEN:
            return envelope(400, ["Error: Connection Closed"])
        return Reply(201, {"presence": presence})

    def fetch_instances(self, apikey: str | None, query: Mapping[str, str]) -> Reply:
        """``GET /instance/fetchInstances``: flat DB rows (v2) or ``{"instance": …}`` items (v1.8)."""
        name = query.get("instanceName") or None
        instance_id = query.get("instanceId") or None
        number = query.get("number") or None
        with self.state.lock:
            rows = self.state.all()
            is_global = apikey == self.api_key
            if not is_global:
                if apikey is None:
                    return unauthorized()
                mine = [
                    i
                    for i in rows
                    if i.token == apikey
                    and (name is None or i.name == name)
                    and (instance_id is None or i.instance_id == instance_id)
                ]
                if not mine:
                    return unauthorized()
                names: list[str] | None = [i.name for i in mine]
            elif instance_id is not None or number is not None:
                wanted = instance_id if instance_id is not None else number
                found = [i for i in rows if (i.instance_id if instance_id is not None else i.number) == wanted]
                if not found:
                    return envelope(404, [f'Instance "{wanted}" not found'])
                names = [found[0].name]
            else:
                names = [name] if name is not None else None
            if names is not None:
                by_name = {i.name: i for i in rows}
                missing = [n for n in names if n not in by_name or not by_name[n].in_memory]
                if missing:
                    plural = "s" if len(missing) > 1 else ""
                    return envelope(404, [f'Instance{plural} "{", ".join(missing)}" not found'])
                selected = [by_name[n] for n in names]
            else:
                selected = rows
            if self.v1:
                items = [{"instance": self._v1_item(i)} for i in selected]
                if is_global and name is not None and len(items) == 1:
                    return Reply(200, items[0])
                return Reply(200, items)
            return Reply(200, [self._v2_row(i) for i in selected])

    @staticmethod
    def _v1_item(inst: Instance) -> dict[str, Any]:
        status = inst.state if inst.in_memory else CLOSE
        if status != OPEN:
            return {"instanceName": inst.name, "instanceId": inst.instance_id, "status": status}
        return {
            "instanceName": inst.name,
            "instanceId": inst.instance_id,
            "owner": inst.owner_jid,
            "profileName": inst.profile_name,
            "profilePictureUrl": inst.profile_pic_url,
            "profileStatus": "",
            "status": status,
        }

    @staticmethod
    def _v2_row(inst: Instance) -> dict[str, Any]:
        created = iso(inst.created_at)
        setting: dict[str, Any] = {"id": inst.setting_id, **inst.settings}
        setting.update({"createdAt": created, "updatedAt": created, "instanceId": inst.instance_id})
        return {
            "id": inst.instance_id,
            "name": inst.name,
            "connectionStatus": inst.db_status,
            "ownerJid": inst.owner_jid,
            "profileName": inst.profile_name,
            "profilePicUrl": inst.profile_pic_url,
            "integration": inst.integration,
            "number": inst.number,
            "businessId": None,
            "token": inst.token,
            "clientName": _CLIENT_NAME,
            "disconnectionReasonCode": inst.disconnection_reason_code,
            "disconnectionObject": inst.disconnection_object,
            "disconnectionAt": iso(inst.disconnection_at),
            "createdAt": created,
            "updatedAt": iso(inst.updated_at),
            "Chatwoot": None,
            "Proxy": EvolutionApi.proxy_row(inst),
            "Rabbitmq": None,
            "Nats": None,
            "Sqs": None,
            "Websocket": None,
            "Setting": setting,
            "_count": {"Message": 0, "Contact": 0, "Chat": 0},
        }


def _success(message: str) -> dict[str, Any]:
    return {"status": "SUCCESS", "error": False, "response": {"message": message}}


__all__ = ["ROUTES", "EvolutionApi", "Reply", "Route", "envelope", "to_json"]
