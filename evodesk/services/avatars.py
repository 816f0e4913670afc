"""Chips' profile pictures, cached on disk with an expiry, never more than a few downloads at once.

Qt-free. The window asks :meth:`AvatarCache.cached` while painting (a ``stat``, no network) and, for the rows
in view that have nothing fresh, calls :meth:`AvatarCache.get` on a worker. WhatsApp's picture links are
signed CDN addresses that expire, so an entry older than ``ttl`` is fetched again through a *new* link
(``resolve``), never the stored one. "No picture" is remembered too (for ``ttl``), and a failed download is not
retried before ``retry_after`` seconds, so a screen of chips without pictures costs no requests on every paint.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from evodesk.domain import Chip
    from evodesk.evolution import EvolutionClient

log = logging.getLogger("evodesk.services.avatars")

# WhatsApp's links last a few days; a day keeps pictures current without asking for them on every start.
DEFAULT_TTL = 24 * 3600.0
DEFAULT_MAX_IN_FLIGHT = 3
# A profile picture at full size is about 100-200 KB; anything far larger is not one.
MAX_PICTURE_BYTES = 1024 * 1024
DEFAULT_RETRY_AFTER = 300.0
_PICTURE = ".jpg"
_NONE = ".none"


class AvatarError(Exception):
    """A picture could not be downloaded (network, status, not an image, too large)."""


Download = Callable[[str], bytes]


@dataclass(frozen=True, slots=True)
class CachedAvatar:
    """What the cache holds for a key: a picture file, "no picture", or nothing usable (``fresh`` False)."""

    path: Path | None
    fresh: bool
    no_picture: bool = False


def download_picture(url: str, *, timeout: float = 10.0, limit: int = MAX_PICTURE_BYTES) -> bytes:
    """The image at ``url`` (redirects followed, at most ``limit`` bytes); :class:`AvatarError` otherwise."""
    import httpx

    try:
        with (
            httpx.Client(timeout=timeout, follow_redirects=True) as http,
            http.stream("GET", url, headers={"Accept": "image/*"}) as response,
        ):
            if response.status_code != 200:
                raise AvatarError(f"HTTP {response.status_code}")
            kind = response.headers.get("content-type", "")
            if not kind.lower().startswith("image/"):
                raise AvatarError(f"not an image ({kind or 'no content type'})")
            parts: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise AvatarError(f"larger than {limit} bytes")
                parts.append(chunk)
            return b"".join(parts)
    except httpx.HTTPError as exc:
        raise AvatarError(f"{type(exc).__name__}: {exc}") from exc


def picture_url(client: EvolutionClient, chip: Chip) -> str | None:
    """A fresh link to ``chip``'s own picture, asked of its instance (None when it has none or is offline)."""
    number = chip.owner_jid or chip.phone
    return client.profile_picture_url(chip.instance_name, number).url


class AvatarCache:
    """Pictures under ``folder``, one file per key (a chip's instance name, say), fresh for ``ttl`` seconds.

    ``max_in_flight`` bounds downloads across every thread calling :meth:`get`; two calls for the same key at
    once share one download. ``clock`` is wall-clock seconds (files keep it as their modification time).
    """

    def __init__(
        self,
        folder: Path,
        *,
        ttl: float = DEFAULT_TTL,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        retry_after: float = DEFAULT_RETRY_AFTER,
        download: Download = download_picture,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if max_in_flight < 1:
            raise ValueError("max_in_flight must be at least 1")
        self.folder = folder
        self.ttl = ttl
        self.retry_after = retry_after
        self._download = download
        self._clock = clock
        self._slots = threading.BoundedSemaphore(max_in_flight)
        self._lock = threading.Lock()
        self._pending: dict[str, threading.Event] = {}
        self._failed_at: dict[str, float] = {}
        self.in_flight = 0
        self.max_in_flight_seen = 0
        self.downloads = 0

    # -- reading (cheap: for painting) -------------------------------------------------------------------

    def _stem(self, key: str) -> Path:
        return self.folder / hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def lookup(self, key: str) -> CachedAvatar:
        """What is on disk for ``key`` and whether it is still fresh (no network)."""
        stem = self._stem(key)
        now = self._clock()
        for suffix, none in ((_PICTURE, False), (_NONE, True)):
            path = stem.with_suffix(suffix)
            try:
                fetched_at = path.stat().st_mtime
            except OSError:
                continue
            fresh = now - fetched_at < self.ttl
            return CachedAvatar(None if none else path, fresh, none)
        return CachedAvatar(None, False)

    def stem_of(self, key: str) -> str:
        """The name (without suffix) of ``key``'s file in the folder."""
        return self._stem(key).name

    def stems_on_disk(self) -> set[str]:
        """The names of every entry in the folder (one listing), so a painter can skip keys with no file at all."""
        try:
            return {path.name.split(".", 1)[0] for path in self.folder.iterdir()}
        except OSError:
            return set()

    def cached(self, key: str) -> Path | None:
        """The picture file of ``key`` if one is on disk, fresh or not (an old picture beats none meanwhile)."""
        return self.lookup(key).path

    def needs_fetch(self, key: str) -> bool:
        """Whether :meth:`get` would go to the network for ``key`` now."""
        if self.lookup(key).fresh:
            return False
        with self._lock:
            failed = self._failed_at.get(key)
        return failed is None or self._clock() - failed >= self.retry_after

    # -- fetching (on a worker) --------------------------------------------------------------------------

    def get(self, key: str, resolve: Callable[[], str | None]) -> Path | None:
        """The picture of ``key``: from disk when fresh, else through a new link from ``resolve()``.

        Returns None when there is no picture, or it cannot be had now (the stale file, if any, stays in place
        and :meth:`cached` keeps returning it). ``resolve`` may raise; that counts as a failure.
        """
        held = self.lookup(key)
        if held.fresh or not self.needs_fetch(key):
            return held.path
        with self._lock:
            waiting = self._pending.get(key)
            if waiting is None:
                self._pending[key] = threading.Event()
        if waiting is not None:
            waiting.wait()
            return self.lookup(key).path
        try:
            with self._slots:
                self._enter()
                try:
                    self._fetch(key, resolve)
                finally:
                    self._leave()
        finally:
            with self._lock:
                self._pending.pop(key).set()
        return self.lookup(key).path

    def _fetch(self, key: str, resolve: Callable[[], str | None]) -> None:
        try:
            url = resolve()
            data = self._download(url) if url else None
        except Exception as exc:  # the link, the network, the CDN: any failure waits for retry_after
            with self._lock:
                self._failed_at[key] = self._clock()
            log.info("profile picture of %s not fetched: %s", key, type(exc).__name__)
            return
        try:
            self._store(key, data)
        except OSError as exc:  # a full or read-only disk: keep showing what is there, try again later
            with self._lock:
                self._failed_at[key] = self._clock()
            log.warning("profile picture of %s not cached: %s", key, exc)
            return
        with self._lock:
            self._failed_at.pop(key, None)
            self.downloads += 1 if data is not None else 0

    def _store(self, key: str, data: bytes | None) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = self._stem(key)
        target = stem.with_suffix(_NONE if data is None else _PICTURE)
        other = stem.with_suffix(_PICTURE if data is None else _NONE)
        handle, scratch = tempfile.mkstemp(dir=self.folder, suffix=".part")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data or b"")
            now = self._clock()
            os.utime(scratch, (now, now))
            os.replace(scratch, target)
        except BaseException:
            Path(scratch).unlink(missing_ok=True)
            raise
        with contextlib.suppress(OSError):
            other.unlink()

    def _enter(self) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight_seen = max(self.max_in_flight_seen, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def prune(self) -> int:
        """Remove entries past their expiry (and leftovers of interrupted writes); returns how many."""
        removed = 0
        now = self._clock()
        try:
            entries = list(self.folder.iterdir())
        except OSError:
            return 0
        for path in entries:
            try:
                old = now - path.stat().st_mtime >= self.ttl
                if path.suffix == ".part" or (path.suffix in (_PICTURE, _NONE) and old):
                    path.unlink()
                    removed += 1
            except OSError:
                continue
        return removed


class AvatarQueue:
    """The pictures worth fetching now: those of the rows in view, in the order they are shown.

    The window calls :meth:`want` whenever the rows in view change (scroll, filter, sort) and runs :meth:`run` on
    a few workers; a key that scrolled out of view before its turn is dropped without a request, and one with a
    fresh (or remembered) entry is skipped. At most ``cache``'s ``max_in_flight`` downloads run at once however
    many workers there are.
    """

    def __init__(self, cache: AvatarCache) -> None:
        self.cache = cache
        self._lock = threading.Lock()
        self._wanted: list[str] = []
        self._taken: set[str] = set()

    def want(self, keys: Iterable[str]) -> None:
        """Replace what is wanted by ``keys`` (the rows in view now, top first)."""
        with self._lock:
            self._wanted = list(dict.fromkeys(keys))

    def next_key(self) -> str | None:
        """The next key in view that needs a fetch and that no other worker is fetching, or None."""
        with self._lock:
            while self._wanted:
                key = self._wanted.pop(0)
                if key not in self._taken and self.cache.needs_fetch(key):
                    self._taken.add(key)
                    return key
            return None

    def done(self, key: str) -> None:
        """A worker is through with ``key`` (taken from :meth:`next_key`), fetched or not."""
        with self._lock:
            self._taken.discard(key)

    def run(self, resolve: Callable[[str], str | None]) -> list[str]:
        """Fetch wanted pictures until none is left (``resolve(key)`` gives a fresh link); the keys fetched."""
        fetched: list[str] = []
        while (key := self.next_key()) is not None:
            try:
                self.cache.get(key, lambda key=key: resolve(key))  # type: ignore[misc]
                fetched.append(key)
            finally:
                self.done(key)
        return fetched
