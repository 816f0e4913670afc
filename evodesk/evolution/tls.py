"""TLS settings for the client: verified by default, with an optional custom CA bundle.

httpx builds its SSL context from ``SSL_CERT_FILE``/``SSL_CERT_DIR`` whenever ``verify=True``, even for an
``http://`` server, so a stale variable left by some other tool would break a plain-http setup at start-up.
The client therefore always hands httpx a context built here, where the environment is honoured only when it
is usable and only for ``https://`` servers.
"""

from __future__ import annotations

import logging
import os
import ssl

import certifi

from evodesk.evolution.errors import EvolutionError

logger = logging.getLogger("evodesk.evolution")


def build_ssl_context(verify: bool | str, *, https: bool) -> ssl.SSLContext:
    """The SSL context for a server.

    ``verify`` is ``True`` (system/env bundle or certifi), ``False`` (no verification, for lab setups only) or
    the path of a CA bundle file or directory. A bad path raises :class:`EvolutionError` naming it.
    """
    if verify is False:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        if https:
            logger.warning("TLS certificate verification is disabled for the Evolution API server")
        return context
    if isinstance(verify, str):
        return _from_bundle(verify)
    if not https:
        # Never used for an http:// server; a verifying context with no CA loaded is free and cannot fail.
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    for variable, as_dir in (("SSL_CERT_FILE", False), ("SSL_CERT_DIR", True)):
        location = os.environ.get(variable)
        if not location:
            continue
        usable = os.path.isdir(location) if as_dir else os.path.isfile(location)
        if usable:
            try:
                if as_dir:
                    return ssl.create_default_context(capath=location)
                return ssl.create_default_context(cafile=location)
            except (OSError, ssl.SSLError, ValueError) as exc:
                logger.warning("ignoring %s=%s: %s", variable, location, exc)
        else:
            logger.warning("ignoring %s=%s: not found", variable, location)
    return ssl.create_default_context(cafile=certifi.where())


def _from_bundle(path: str) -> ssl.SSLContext:
    location = os.path.expanduser(path)
    try:
        if os.path.isdir(location):
            return ssl.create_default_context(capath=location)
        if os.path.isfile(location):
            return ssl.create_default_context(cafile=location)
    except (OSError, ssl.SSLError, ValueError) as exc:
        raise EvolutionError(f"Cannot load the CA bundle {path!r}: {exc}") from exc
    raise EvolutionError(f"CA bundle not found: {path!r}")
