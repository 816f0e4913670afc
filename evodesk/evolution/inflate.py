"""Content-Encoding undone within a byte cap: what a call may read is capped once decompressed, not only as sent.

Apart from the request pipeline because zlib's stages and their bookkeeping are a subject of their own, tested
on their own (a body that would inflate to gigabytes, a deflate flavour decided by its first bytes).
"""

from __future__ import annotations

import zlib

# How much zlib inflates per call: memory beyond the body stays this small whatever the compression ratio.
INFLATE_STEP = 256 * 1024
# A server compresses an answer once (a proxy may add a second pass). Each stage holds a zlib state of about
# 40 KB and a level of recursion: a head full of "gzip, gzip, …" would cost about 100 MB and a RecursionError.
MAX_ENCODINGS = 3


class Overflow(Exception):
    """Inflating went past the cap."""


class Inflater:
    """Undo ``Content-Encoding`` (identity, gzip, deflate, or a chain of them) without ever passing ``limit``.

    zlib is asked for at most :data:`INFLATE_STEP` bytes at a time, each piece joins the body's parts, and
    inflating stops as soon as the body would pass the cap: a small body that would inflate to gigabytes costs
    the cap and no more (one step at a time, not one whole read's worth inflated, then copied).
    """

    def __init__(self, stages: list[zlib._Decompress | None], limit: int) -> None:
        self._stages = stages  # decoding order; None is a deflate stage whose flavour is not known yet
        self._limit = limit
        self._produced = 0
        self._undecided: dict[int, bytes] = {}  # a deflate stage's first byte, while it is alone

    @classmethod
    def for_encoding(cls, header: str, limit: int) -> Inflater | None:
        names = [name.strip().lower() for name in header.split(",") if name.strip()]
        if len(names) > MAX_ENCODINGS:
            return None
        stages: list[zlib._Decompress | None] = []
        for name in reversed(names):  # the last encoding applied is the first undone
            if name == "identity":
                continue
            if name in ("gzip", "x-gzip"):
                stages.append(zlib.decompressobj(zlib.MAX_WBITS | 16))
            elif name == "deflate":
                stages.append(None)  # zlib-wrapped or raw: decided by the first bytes, as browsers do
            else:
                return None
        return cls(stages, limit)

    def feed(self, data: bytes, body: list[bytes]) -> None:
        """Inflate ``data`` into ``body``; raises :class:`Overflow` past the cap, ``zlib.error`` if corrupt."""
        self._push(0, data, body)

    def finish(self, body: list[bytes]) -> None:
        for index in range(len(self._stages)):
            stage = self._stages[index]
            if stage is None and self._undecided.get(index):
                # A one-byte deflate body: what it holds, raw deflate decides (a zlib stream needs more).
                stage = self._stages[index] = zlib.decompressobj(-zlib.MAX_WBITS)
                self._push(index + 1, stage.decompress(self._undecided.pop(index), INFLATE_STEP), body)
            if stage is not None:
                self._push(index + 1, stage.flush(), body)

    def _push(self, index: int, data: bytes, body: list[bytes]) -> None:
        if index == len(self._stages):
            self._produced += len(data)
            if self._produced > self._limit:
                raise Overflow
            body.append(data)
            return
        stage = self._stages[index]
        if stage is None:
            # The zlib header is two bytes: until both are here, neither flavour can be ruled out.
            data = self._undecided.pop(index, b"") + data
            if len(data) < 2:
                self._undecided[index] = data
                return
            stage = zlib.decompressobj()
            try:
                first = stage.decompress(data, INFLATE_STEP)
            except zlib.error:
                stage = zlib.decompressobj(-zlib.MAX_WBITS)
                first = stage.decompress(data, INFLATE_STEP)
            self._stages[index] = stage
        elif stage.eof:
            # Bytes after the end of the compressed stream are ignored, as httpx does; given to zlib they would be
            # kept in its unused_data, copied whole on every part (quadratic: 16 MB took a second and 50 MB).
            return
        else:
            first = stage.decompress(data, INFLATE_STEP)
        piece = first
        while True:
            self._push(index + 1, piece, body)
            # More is pending when input is left over or the step was filled (zlib may hold output back).
            if not stage.unconsumed_tail and len(piece) < INFLATE_STEP:
                return
            piece = stage.decompress(stage.unconsumed_tail, INFLATE_STEP)
