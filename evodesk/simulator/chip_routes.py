"""The settings, proxy and profile routes of the simulated server (``/settings``, ``/proxy``, ``/chat``).

Answers as Evolution API 2.3.7 gives them, checked against the real server (``tests/realserver``), and the v1.8
shapes of evolution-api.md sections 3.9-3.11 (snake_case settings, the nested proxy body). The quirks kept:

* ``/settings/set`` and ``/proxy/set`` store only the fields a body carries (a Prisma upsert with the others
  undefined), and echo the body as sent, unknown keys included;
* a proxy turned off is stored with every field blanked; ``/proxy/find`` answers ``null`` when none was ever
  set (v1.8: ``{"enabled": false, "proxy": null}``);
* a proxy turned on is tested by the server before it is stored: 400 ``Invalid proxy`` when that fails, which
  the real server here (no direct internet) answers for every proxy. ``Simulator(proxy_test=...)`` chooses:
  ``"pass"`` (default) or ``"fail"``; :meth:`~evodesk.simulator.Simulator.refuse_proxy` fails chosen hosts;
* schema failures as the real server words them (a nested message list), including the "cannot be empty"
  check that applies only when a body holds nothing but the checked properties;
* ``/chat/fetchProfilePictureUrl`` answers ``profilePictureUrl: null`` whenever the instance cannot ask
  WhatsApp (not connected), and the WhatsApp id as the server's ``createJid`` builds it; profile name and status
  changes fail with the server's 500 unless the instance is open.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from evodesk.simulator.state import CONNECTING, OPEN, Instance, iso, utc_now

if TYPE_CHECKING:
    from evodesk.simulator.replies import Reply

SETTINGS_FLAGS_V2 = ("rejectCall", "groupsIgnore", "alwaysOnline", "readMessages", "readStatus", "syncFullHistory")
SETTINGS_FLAGS_V1 = (
    "reject_call",
    "groups_ignore",
    "always_online",
    "read_messages",
    "read_status",
    "sync_full_history",
)
PROXY_STRINGS = ("host", "port", "protocol", "username", "password")
PROXY_REQUIRED = ("enabled", "host", "port", "protocol")
# The handlers of this module, for the answers about instances the server has not loaded.
HANDLERS = (
    "find_settings",
    "set_settings",
    "find_proxy",
    "set_proxy",
    "profile_picture",
    "update_profile_name",
    "update_profile_status",
)
_BR_NUMBER = re.compile(r"^(\d{2})(\d{2})\d(\d{8})$")


def create_jid(number: str) -> str:
    """The WhatsApp id the server builds from a number (its ``createJid``), for the numbers evodesk sends."""
    number = re.sub(r":\d+", "", number)
    if any(suffix in number for suffix in ("@g.us", "@s.whatsapp.net", "@lid", "@broadcast")):
        return number
    number = re.sub(r"[\s+()]", "", number).split(":")[0].split("@")[0]
    if "-" in number and len(number) >= 24:
        return re.sub(r"[^\d-]", "", number) + "@g.us"
    number = re.sub(r"\D", "", number)
    if len(number) >= 18:
        return number + "@g.us"
    if number[:2] in ("52", "54") and len(number) == 13:
        number = number[:2] + number[3:]
    match = _BR_NUMBER.match(number)
    # Brazilian mobiles in area codes from 31 on drop the ninth digit in their WhatsApp id.
    if match and match.group(1) == "55" and not (int(match.group(3)[0]) < 7 or int(match.group(2)) < 31):
        number = match.group(1) + match.group(2) + match.group(3)
    return number + "@s.whatsapp.net"


def _type_problems(body: Mapping[str, Any], strings: tuple[str, ...], booleans: tuple[str, ...]) -> list[str]:
    problems: list[str] = []
    for key, value in body.items():
        if key in booleans and not isinstance(value, bool):
            problems.append(f"{key} is not of a type(s) boolean")
        elif key in strings and not isinstance(value, str):
            problems.append(f"{key} is not of a type(s) string")
    return problems


def _not_empty(body: Mapping[str, Any], checked: tuple[str, ...]) -> list[str]:
    """The schemas' ``isNotEmpty``: ``minLength`` on those strings, only when every key of the body is one of them."""
    if not set(body) <= set(checked):
        return []
    return [f'The "{key}" cannot be empty' for key in checked if isinstance(body.get(key), str) and body.get(key) == ""]


class ChipRoutes:
    """Mixed into :class:`~evodesk.simulator.api.EvolutionApi`: the routes of this module's docstring."""

    v1: bool
    proxy_test: str
    refused_proxy_hosts: set[str]

    # -- answers for an instance the server has not loaded ------------------------------------------------

    def _chip_route_not_loaded(self, handler: str, name: str) -> Reply:
        from evodesk.simulator.replies import Reply, envelope

        if handler == "find_settings":
            return Reply(200, None)
        if handler in ("find_proxy", "set_proxy"):
            return envelope(404, [f'The "{name}" instance does not exist'])
        member = {
            "set_settings": "setSettings",
            "profile_picture": "profilePicture",
            "update_profile_name": "updateProfileName",
            "update_profile_status": "updateProfileStatus",
        }[handler]
        return envelope(500, f"Cannot read properties of undefined (reading '{member}')")

    # -- settings ------------------------------------------------------------------------------------------

    def find_settings(self, inst: Instance, _query: Mapping[str, str], _body: Any) -> Reply:
        """``GET /settings/find``: the stored settings."""
        from evodesk.simulator.replies import Reply

        if self.v1:
            stored = dict(inst.settings)
            return Reply(200, stored or {"reject_call": False, "msg_call": "", "groups_ignore": True})
        return Reply(200, dict(inst.settings))

    def set_settings(self, inst: Instance, _query: Mapping[str, str], raw: Any) -> Reply:
        """``POST /settings/set``: every flag required; only the fields sent are stored; the body is echoed."""
        from evodesk.simulator.replies import Reply, schema_error

        body: Mapping[str, Any] = raw if isinstance(raw, dict) else {}
        flags = SETTINGS_FLAGS_V1 if self.v1 else SETTINGS_FLAGS_V2
        strings = ("msg_call", "wavoipToken") if self.v1 else ("msgCall", "wavoipToken")
        required = (*flags, "wavoipToken") if self.v1 else flags
        problems = _type_problems(body, strings, flags)
        problems += [f'instance requires property "{key}"' for key in required if key not in body]
        if problems:
            return schema_error(problems)
        for key in (*flags, *strings):
            if key in body:
                inst.settings[key] = body[key]
        inst.updated_at = utc_now()
        return Reply(201, {"settings": {"instanceName": inst.name, "settings": dict(body)}})

    # -- proxy ---------------------------------------------------------------------------------------------

    def find_proxy(self, inst: Instance, _query: Mapping[str, str], _body: Any) -> Reply:
        """``GET /proxy/find``: the stored row (password in clear, as the server does), or ``null``."""
        from evodesk.simulator.replies import Reply

        if self.v1:
            if inst.proxy is None or not inst.proxy.get("host"):
                return Reply(200, {"enabled": bool(inst.proxy and inst.proxy.get("enabled")), "proxy": None})
            details = {key: inst.proxy.get(key, "") for key in PROXY_STRINGS}
            return Reply(200, {"enabled": inst.proxy.get("enabled") is True, "proxy": details})
        return Reply(200, self.proxy_row(inst))

    @staticmethod
    def proxy_row(inst: Instance) -> dict[str, Any] | None:
        """The ``Proxy`` row as ``/proxy/find`` and fetchInstances show it, or None."""
        if inst.proxy is None:
            return None
        return {
            "id": inst.proxy["id"],
            "enabled": inst.proxy.get("enabled", False),
            **{key: inst.proxy.get(key) for key in PROXY_STRINGS},
            "createdAt": inst.proxy["createdAt"],
            "updatedAt": inst.proxy["updatedAt"],
            "instanceId": inst.instance_id,
        }

    def set_proxy(self, inst: Instance, _query: Mapping[str, str], raw: Any) -> Reply:
        """``POST /proxy/set``: schema, blanked fields when off, the server's own proxy test when on."""
        from evodesk.simulator.replies import Reply, envelope, schema_error

        body: Mapping[str, Any] = raw if isinstance(raw, dict) else {}
        if self.v1:
            problems = _type_problems(body, (), ("enabled",))
            nested = body.get("proxy")
            if "proxy" in body and nested is not None and not isinstance(nested, dict):
                problems.append("proxy is not of a type(s) object")
            elif isinstance(nested, dict):
                problems += [f"proxy.{problem}" for problem in _type_problems(nested, PROXY_STRINGS, ())]
                problems += [
                    f'proxy requires property "{key}"' for key in ("host", "port", "protocol") if key not in nested
                ]
            problems += [f'instance requires property "{key}"' for key in ("enabled", "proxy") if key not in body]
            if problems:
                return schema_error(problems)
            data: dict[str, Any] = {"enabled": body.get("enabled"), "proxy": dict(nested) if nested else None}
            if body.get("enabled") is not True:
                data["proxy"] = None
            fields = data["proxy"] or {}
        else:
            problems = _type_problems(body, PROXY_STRINGS, ("enabled",))
            if "enabled" in body and not isinstance(body["enabled"], bool):
                problems.append("enabled is not one of enum values: true,false")
            problems += [f'instance requires property "{key}"' for key in PROXY_REQUIRED if key not in body]
            problems += _not_empty(body, PROXY_REQUIRED)
            if problems:
                return schema_error(problems)
            data = dict(body)
            if body.get("enabled") is not True:
                for key in PROXY_STRINGS:
                    data[key] = ""
            fields = data
        host = fields.get("host")
        if host and not self._proxy_test_passes(str(host)):
            return envelope(400, ["Invalid proxy"])
        self._store_proxy(inst, data.get("enabled") is True, fields)
        return Reply(201, {"proxy": {"instanceName": inst.name, "proxy": data}})

    def _proxy_test_passes(self, host: str) -> bool:
        return self.proxy_test == "pass" and host not in self.refused_proxy_hosts

    @staticmethod
    def _store_proxy(inst: Instance, enabled: bool, fields: Mapping[str, Any]) -> None:
        now = iso(utc_now())
        if inst.proxy is None:
            inst.proxy = {"id": "cl" + inst.instance_id.replace("-", "")[:23], "createdAt": now}
            for key in PROXY_STRINGS:
                inst.proxy[key] = ""
        inst.proxy["enabled"] = enabled
        for key in PROXY_STRINGS:
            if key in fields:
                inst.proxy[key] = fields[key] if fields[key] is not None else ""
            elif not enabled:
                inst.proxy[key] = ""
        inst.proxy["updatedAt"] = now

    # -- profile -------------------------------------------------------------------------------------------

    def profile_picture(self, inst: Instance, _query: Mapping[str, str], raw: Any) -> Reply:
        """``POST /chat/fetchProfilePictureUrl``: ``{wuid, profilePictureUrl}``, null unless it can ask WhatsApp."""
        from evodesk.simulator.replies import Reply, envelope, schema_error

        body: Mapping[str, Any] = raw if isinstance(raw, dict) else {}
        problems = _type_problems(body, ("number", "picture"), ())
        if problems:
            return schema_error(problems)
        number = body.get("number")
        if not isinstance(number, str):
            return envelope(500, "Cannot read properties of undefined (reading 'replace')")
        wuid = create_jid(number)
        url = None
        if inst.state == OPEN and inst.owner_jid is not None and create_jid(inst.owner_jid) == wuid:
            url = inst.profile_pic_url
        return Reply(200, {"wuid": wuid, "profilePictureUrl": url})

    def update_profile_name(self, inst: Instance, _query: Mapping[str, str], raw: Any) -> Reply:
        """``POST /chat/updateProfileName``: open instances only (else the server's 500)."""
        return self._profile_update(inst, raw, "name", "updateProfileName", "Error updating profile name")

    def update_profile_status(self, inst: Instance, _query: Mapping[str, str], raw: Any) -> Reply:
        """``POST /chat/updateProfileStatus``: open instances only (else the server's 500)."""
        return self._profile_update(inst, raw, "status", "updateProfileStatus", "Error updating profile status")

    def _profile_update(self, inst: Instance, raw: Any, key: str, member: str, failure: str) -> Reply:
        from evodesk.simulator.replies import Reply, envelope, schema_error

        body: Mapping[str, Any] = raw if isinstance(raw, dict) else {}
        problems = _type_problems(body, (key,), ()) + _not_empty(body, (key,))
        if problems:
            return schema_error(problems)
        if inst.state != OPEN:
            had_socket = any(state == CONNECTING for _, state in inst.history)
            if not had_socket:
                cause = f"TypeError: Cannot read properties of undefined (reading '{member}')"
            elif key == "name":
                cause = "Error: App state key not present!"
            else:
                cause = "Error: Connection Closed"
            return envelope(500, [failure, cause])
        value = body.get(key)
        if key == "name" and isinstance(value, str):
            inst.profile_name = value
        elif isinstance(value, str):
            inst.profile_status = value
        inst.updated_at = utc_now()
        return Reply(200, {"update": "success"})
