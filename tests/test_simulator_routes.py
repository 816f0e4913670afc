"""Every route the simulator serves is in the differential script played against the real server.

The simulator answers only the routes of its table (``evodesk.simulator.api.ROUTES``): the first test fails when
a route of that table is not exercised by ``tests/realserver/differential.py``; the second asks the running
simulator about every route the Evolution API has (evolution-api.md section 3, Socket.IO and the v1.8 routes
included) and fails when it answers one that its table does not declare.
"""

from __future__ import annotations

import httpx
import pytest

from evodesk.simulator import Simulator
from evodesk.simulator.api import ROUTES, Route
from realserver.differential import SCRIPT, Names

# Paths of the Evolution API that the simulator may one day serve; "{n}" is an instance name.
KNOWN_PATHS = (
    "/",
    "/verify-creds",
    "/health",
    "/metrics",
    "/manager",
    "/socket.io/",
    "/instance/create",
    "/instance/fetchInstances",
    "/instance/deleteDatabase",
    *(
        f"/instance/{operation}/{{n}}"
        for operation in (
            "connect",
            "connectionState",
            "logout",
            "delete",
            "restart",
            "setPresence",
            "refreshToken",
            "registerMobileCode",
        )
    ),
    *(f"/{area}/{verb}/{{n}}" for area in ("settings", "webhook", "websocket", "proxy") for verb in ("set", "find")),
    *(
        f"/chat/{operation}/{{n}}"
        for operation in ("fetchProfilePictureUrl", "updateProfileName", "updateProfileStatus", "updatePicture")
    ),
    "/chat/updateProfilePicture/{n}",
)
METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH")


def scripted(route: Route) -> bool:
    names = Names.fresh()
    for step in SCRIPT:
        path = names.fill(step.path).split("?", 1)[0]
        if route.match(step.method, path.rstrip("/").split("/")[1:] if path != "/" else [""]) is not None:
            return True
    return False


def test_every_route_of_the_simulator_is_in_the_differential_script() -> None:
    v2_routes = [route for route in ROUTES if route.dialect in (None, "2")]
    assert v2_routes, "the simulator declares no routes"
    missing = [f"{route.method} {route.path}" for route in v2_routes if not scripted(route)]
    assert missing == [], (
        "routes the simulator serves but the differential test (tests/realserver/differential.py) never "
        f"plays against the real server: {missing}"
    )


@pytest.mark.parametrize("dialect", ["2.3.7", "1.8"])
def test_the_simulator_serves_nothing_outside_its_route_table(dialect: str) -> None:
    served_outside: list[str] = []
    with Simulator(api_key="k", dialect=dialect) as sim, httpx.Client(base_url=sim.url, trust_env=False) as http:
        declared = sim._api.routes()
        http.post(
            "/instance/create", headers={"apikey": "k"}, json={"instanceName": "n", "integration": "WHATSAPP-BAILEYS"}
        )
        for template in KNOWN_PATHS:
            path = template.replace("{n}", "n")
            segments = path.rstrip("/").split("/")[1:] if path != "/" else [""]
            for method in METHODS:
                if any(route.match(method, segments) is not None for route in declared):
                    continue
                answer = http.request(method, path, headers={"apikey": "k"})
                express_404 = answer.status_code == 404 and answer.json().get("response", {}).get("message") == [
                    f"Cannot {method} {path}"
                ]
                if not express_404:
                    served_outside.append(f"{method} {path} -> {answer.status_code}")
    assert served_outside == [], f"answered but not declared in evodesk.simulator.api.ROUTES: {served_outside}"
