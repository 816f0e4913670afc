"""Checking a server address and API key before they are saved (the settings dialog's "Test connection")."""

from __future__ import annotations

from evodesk.config import Settings
from evodesk.domain import ServerInfo


def check_server(url: str, api_key: str, settings: Settings) -> ServerInfo:
    """Ask the server for its version, then prove the key with one authenticated call (runs on a worker).

    ``GET /`` needs no key, so a wrong key would pass it; ``fetchInstances`` answers 401 to a wrong key. The
    request timeout and TLS settings are those of ``settings``.
    """
    # Imported here: the client loads httpx, which the window does not need until it talks to a server.
    from evodesk.evolution import EvolutionClient

    verify: bool | str = settings.ca_bundle or settings.verify_tls
    with EvolutionClient(url, api_key, timeout=settings.request_timeout, verify=verify) as client:
        info = client.server_info()
        client.fetch_instances()
        return info


def mask_url(url: str) -> str:
    """A database URL with its password replaced, fit to show or log."""
    # Imported here: the store's engine module loads SQLAlchemy.
    from evodesk.store import mask_url as store_mask_url

    return store_mask_url(url)
