"""The call deadline sits under every connection pool httpx builds for the client, on every admitted version.

evodesk/evolution/transport.py replaces an attribute httpx and httpcore keep private (the pool's network
backend): when an upgrade moves it, these tests say so by name, before any drip test times out in a puzzling way.
"""

from __future__ import annotations

import httpcore
import httpx
import pytest

from evodesk.evolution import EvolutionClient
from evodesk.evolution.transport import DeadlineBackend, install

KEY = "transport-key-0123456789"
MOVED = (
    "httpx {httpx} / httpcore {httpcore}: the connection pool's network backend is no longer where "
    "evodesk/evolution/transport.py puts the call deadline; calls would have no deadline. Adapt install() or pin "
    "httpx/httpcore in pyproject.toml."
)


def _backends(client: httpx.Client) -> list[object]:
    transports = [client._transport, *(t for t in client._mounts.values() if t is not None)]
    return [getattr(getattr(transport, "_pool", None), "_network_backend", None) for transport in transports]


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080", "https://evolution.example.com"])
def test_every_pool_of_the_client_runs_on_the_deadline_backend(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # A proxy from the environment gives httpx a second transport (its own pool) for the remote server.
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:3128")
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:3128")
    with EvolutionClient(url, KEY) as client:
        backends = _backends(client._http)
    message = MOVED.format(httpx=httpx.__version__, httpcore=httpcore.__version__)
    assert backends, message
    assert all(isinstance(backend, DeadlineBackend) for backend in backends), (message, backends)
    if url.startswith("https"):
        assert len(backends) >= 2  # the proxy's pool is covered too


def test_install_wraps_a_plain_httpx_client_once() -> None:
    with httpx.Client() as client:
        assert install(client) == 1, MOVED.format(httpx=httpx.__version__, httpcore=httpcore.__version__)
        assert install(client) == 0  # already there: not wrapped twice
