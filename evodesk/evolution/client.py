"""Synchronous client for the instance routes of the Evolution API (v2.3.x, with the v1.8 dialect).

Every method returns a domain value or raises an :class:`EvolutionError` subclass; nothing else escapes, whatever
the server (or a proxy in front of it) sends back. The table of answers and errors, the call deadline and the
answer caps are the request pipeline's (:mod:`evodesk.evolution.pipeline`); the routes are grouped by family, a
module each, so one family can change without reading the others.
"""

from __future__ import annotations

from evodesk.evolution.instance_routes import InstanceRoutes
from evodesk.evolution.pipeline import MAX_ANSWER_BYTES, MAX_ERROR_ANSWER_BYTES, MAX_LIST_ANSWER_BYTES
from evodesk.evolution.settings_routes import SettingsRoutes
from evodesk.evolution.websocket_routes import WebsocketRoutes

# The caps stay importable from here, where the benchmarks and the hostile-server tests have always read them.
__all__ = ["MAX_ANSWER_BYTES", "MAX_ERROR_ANSWER_BYTES", "MAX_LIST_ANSWER_BYTES", "EvolutionClient"]


class EvolutionClient(InstanceRoutes, SettingsRoutes, WebsocketRoutes):
    """Client for one Evolution API server, shareable between worker threads.

    ``timeout`` bounds ordinary calls; ``long_timeout`` bounds create and connect, which wait on the server for
    a QR code; each is the deadline of the whole call. ``max_answer_bytes`` caps the ``fetchInstances`` answer
    and ``max_small_answer_bytes`` every other one (each both as sent and once decompressed). ``verify`` is
    ``True`` (default CA bundle), ``False`` or the path of a CA bundle file or
    directory. ``dialect`` pins the contract instead of detecting it from ``GET /``. ``transport`` replaces the
    network (tests). Whitespace around ``api_key`` is dropped. A bad ``base_url``, API key or CA bundle raises
    :class:`EvolutionError` here.
    """
