"""QR payloads, pairing codes and PNG data URLs that look like the ones Evolution serves."""

from __future__ import annotations

import base64
import functools
import io
import random

import qrcode
from qrcode.constants import ERROR_CORRECT_H

# Evolution's default QRCODE_COLOR; the light colour is always white.
DARK_COLOUR = "#198754"
LIGHT_COLOUR = "#ffffff"
DATA_URL_PREFIX = "data:image/png;base64,"

# Baileys formats pairing codes with Crockford base32 minus the easily confused 0, I, O and U.
_PAIRING_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTVWXYZ"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def make_payload(rng: random.Random) -> str:
    """Return a random QR payload shaped like WhatsApp's: ``ref,noiseKey,identityKey,advSecret``.

    The ref is ``2@`` plus an opaque base64 string; the three keys are 32 random bytes each, so they are
    44 base64 characters ending in one ``=``.
    """
    ref = "2@" + _b64(rng.randbytes(66))
    keys = [_b64(rng.randbytes(32)) for _ in range(3)]
    return ",".join([ref, *keys])


def make_pairing_code(rng: random.Random) -> str:
    """Return an 8-character pairing code such as ``WZYEH1YY``."""
    return "".join(rng.choice(_PAIRING_ALPHABET) for _ in range(8))


@functools.lru_cache(maxsize=512)
def png_bytes(payload: str) -> bytes:
    """Render ``payload`` as a PNG with the server's settings (error correction H, scale 4, margin 3).

    Rendering takes tens of milliseconds, and clients poll the same QR many times, hence the cache.
    """
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_H, box_size=4, border=3)
    code.add_data(payload)
    code.make(fit=True)
    image = code.make_image(fill_color=DARK_COLOUR, back_color=LIGHT_COLOUR)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def png_data_url(payload: str) -> str:
    """Return ``data:image/png;base64,...`` for ``payload``, as the ``base64`` field carries it."""
    return DATA_URL_PREFIX + _b64(png_bytes(payload))
