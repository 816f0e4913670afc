"""A contract-faithful Evolution API server on loopback, for tests, benchmarks and the demo mode.

It reproduces the instance routes of ``evolution-api.md`` sections 1-8 and the settings, proxy and profile
routes of sections 3.9-3.11 (:mod:`evodesk.simulator.chip_routes`), quirks included: the guard order
(instance exists → name in use → apikey → body schema), the error envelope and its message strings, the
HTTP 200 ``{"error": true, "message": "[object Object]"}`` answers of connect and restart, ``{"count": 0}``
before the first QR, QR rotation with ``count`` and the QR limit, asynchronous deletes, per-instance tokens,
pairing codes and the v1.8 dialect. It is plain synchronous Python on the standard library's
``ThreadingHTTPServer``; it never imports Qt.

In process::

    with Simulator(api_key="k", qr_lifetime=0.5) as sim:
        httpx.post(f"{sim.url}/instance/create", headers={"apikey": "k"}, json={...})
        sim.simulate_scan("shop-01")

From a shell: ``python -m evodesk.simulator --port 8080 --api-key KEY`` (``--help`` lists the options).

Control endpoints (no apikey; fault injection never applies to them):

=========================  ===================================================================
``POST /_sim/scan/NAME``   simulate the phone scanning the QR; optional JSON ``{"profileName",
                           "number"}``. 404 unknown instance, 409 when no QR is shown.
``POST /_sim/drop/NAME``   the session ends: ``{"reasonCode": 401}`` (default 401). 409 unless open.
``GET|POST /_sim/faults``  read or change faults: ``{"latency": s, "failRate": p, "mode": m}`` with
                           mode one of none, 5xx, malformed, drop, reset, timeout.
``/_sim/faults/NAME``      POST ``{"mode": m}`` (default 5xx): every request whose path names the
                           instance fails so, until DELETE; GET reads it (``Simulator.fail_instance``).
``POST /_sim/restart``     server restart (memory lost, DB kept); ``{"reload": true}`` loads every
                           instance again and reconnects those stored open or connecting, as
                           2.3.7 does; ``{"apiKey": k}`` restarts with another global key.
``GET /_sim/stats``        ``{"requestCount", "maxInFlight"}`` for the Evolution routes.
``POST /_sim/reset-stats`` forget the request log and the in-flight high-water mark.
``GET /_sim/qr/NAME``      ``{"instanceName", "code", "state"}``: the QR payload served now.
``GET /_sim/instances``    ``[{"instanceName", "state"}]``.
``POST /_sim/proxy-test``  the server's own test of a proxy: ``{"mode": "pass"|"fail", "refuse":
                           [hosts]}`` (``Simulator.set_proxy_test``, ``Simulator.refuse_proxy``).
``GET /_sim/events``       Socket.IO state: ``{"enabled", "global", "websocket", "namespaces",
                           "clients", "emitted", "floodSent", "flooding"}``.
``POST /_sim/events``      change it at run time: ``{"enabled": b}`` (WEBSOCKET_ENABLED; off drops
                           every client and ``/socket.io/`` answers 404), ``{"global": b}``
                           (WEBSOCKET_GLOBAL_EVENTS), ``{"websocket": b}`` (false refuses websocket
                           upgrades, as a proxy may: clients fall back to long-polling).
``POST /_sim/events/drop`` cut every Socket.IO client off: ``{"dropped": n}``.
``POST /_sim/events/flood`` ``messages.upsert`` events: ``{"rate": per second (2000), "seconds":
                           10, "instance": name (default: every instance)}``; returns at once.
=========================  ===================================================================

Socket.IO (evodesk/simulator/events.py) is served on the simulator's own port under ``/socket.io/``, as the
real server does, with Evolution's event names, envelopes and namespace rules: the handshake needs the global
key or an instance token (``?apikey=`` or the ``apikey`` header; HTTP 403 otherwise), nothing is sent on
connect, ``/NAME`` is refused with "Invalid namespace" until the server first emits there (a restart forgets
every namespace), global mode sends everything on ``/``. ``/websocket/find/NAME`` and ``/websocket/set/NAME``
keep each instance's subscription, and a create's ``websocket`` block subscribes it; these routes and
``/socket.io/`` (every method) are in :data:`evodesk.simulator.api.ROUTES`. From a shell: ``--no-events``,
``--global-events`` and ``--socket-allowed-hosts``.

Modelling choices where the real server depends on things the simulator does not have (WhatsApp, a
webhook, a database that can fail):

* No background thread: the QR cycle is computed from ``time.monotonic()`` whenever an instance is read.
  The first QR of a socket appears ``first_qr_delay`` seconds after it opens, then one every
  ``qr_lifetime`` seconds. ``count`` survives reconnects and logouts and is reset only by the QR limit
  and by :meth:`Simulator.restart`, as on the real server.
* A drop with a code the real server reconnects after (any but 401, 402, 403, 406: 408, 428, 440, 500,
  515, ...) resumes the session at once (``connecting`` then ``open``) and stores no disconnection, as
  the real server's automatic reconnect does. A final code ends in ``close``; the session survives it
  unless it is 401, so connect from ``close`` resumes it without a QR; a logout, the QR limit or a 401
  drop wipes it.
* After the QR limit connectionState says ``close`` while fetchInstances keeps ``connecting``.
* Logout and delete never fail with the "dead socket" 500/400 of 2.3.7.
* :meth:`Simulator.restart` answers as described in section 3 for instances the server has not loaded;
  ``restart(reload=True)`` is the 2.3.7 boot, which loads every instance of its client name and reconnects
  only those stored ``open`` or ``connecting``.

Checked against the real server: ``tests/realserver/differential.py`` plays one script of requests against
the simulator and against Evolution API 2.3.7 (``../shared/realevo/up.sh``, WhatsApp out of reach) and compares
status codes, content types, keys, value types and the contract's values; every route in
:data:`evodesk.simulator.api.ROUTES` must be in that script. Differences that remain, and why:

* Malformed JSON bodies: the 400's ``message`` is the JavaScript engine's parser error, whose wording changes
  with the Node version (``Expected property name or '}' in JSON at position 1`` on Node 20); the simulator
  keeps an older wording. Only its type is compared; clients must not parse it.
* A non-string ``instanceName`` at create: the server's 500 carries Prisma's whole validation report (with
  minified source lines); the simulator's message keeps only its first and last lines.
* ``clientName`` is the server's ``DATABASE_CONNECTION_CLIENT_NAME`` (``evolution_exchange`` in the example
  settings up.sh uses), ``whatsappWebVersion`` what it fetched: configuration, compared by type only.
* Without WhatsApp the real server's socket retries, so an instance that asked for a QR flips between
  ``connecting`` and ``close``; the simulator's socket stays ``connecting`` (no retries). With
  ``first_qr_delay`` very large it shows no QR either, as the real server here; QR rotation, ``count``, the
  QR limit and pairing codes are modelled from the contract document, not checked against the server.
* ``/proxy/set`` with a proxy turned on: the real server tests it by fetching ``https://icanhazip.com/``
  directly and through the proxy. The real server here has no internet, so every such proxy is ``Invalid
  proxy`` there, and the differential test runs the simulator with ``proxy_test="fail"``; the stored row and
  the ``201`` answer of a proxy that passes are modelled on the source (``ProxyService.create``), not checked.
* Profile routes need WhatsApp: with no connected instance on the real server, only the answers of instances
  that are not connected were compared (``profilePictureUrl: null``, the 500s of ``updateProfileName`` and
  ``updateProfileStatus``). An open instance's picture link (its own number only), the profile name written
  back into fetchInstances and ``{"update": "success"}`` follow the source.
* v1.8 settings, proxy and profile shapes (snake_case settings, ``wavoipToken`` required, the nested proxy
  body, ``{"enabled": false, "proxy": null}`` without a proxy) follow evolution-api.md sections 3.9-3.11 and
  the v1 sources; no v1.8 server runs here to compare with, and the wording of its nested-proxy schema
  messages is the simulator's.
* Timing: the real server answers create with ``qrcode`` after 5 s and connect from ``close`` after 2-7 s
  (``create_wait`` models the first); it frees a deleted name after about 1 s here (``delete_delay``).
* Events are derived from the instances by a watcher thread every 50 ms (the state is lazy); a drop always
  sends ``close`` with its code (the real server sends none for a reconnectable close), and an instance that
  stays ``connecting`` sends one ``connecting`` event, not one per Baileys reconnect.
* Socket.IO checks the key of every client unless ``socket_allowed_hosts`` (``--socket-allowed-hosts``) says
  otherwise; the real server's ``WEBSOCKET_ALLOWED_HOSTS`` lets loopback clients in without one by default.
  The simulator keeps the check on by default so that a test on one machine sees the refusals an operator's
  remote server gives; the differential script plays the handshake with the real default
  (``events.LOOPBACK_HOSTS``), and the refusals against a real server with another setting.
* Socket.IO requests that pass engine.io's first checks (transport, session, method, key, version) are
  answered by python-socketio: a malformed packet or payload within a session is worded by it, not by the
  Node engine.io, and the open packet's settings are python-socketio's (the same values as 2.3.7's).
* With events off, the ``/websocket/`` routes answer with an empty body, as ``res.json(undefined)`` does;
  clients that parse them must expect it.
"""

from __future__ import annotations

from evodesk.simulator.faults import FAULT_MODES
from evodesk.simulator.server import Simulator
from evodesk.simulator.state import SimulatorError

__all__ = ["FAULT_MODES", "Simulator", "SimulatorError"]
