"""AvatarCache: pictures downloaded over real HTTP from a loopback server, kept on disk with an expiry, a bounded
number of downloads in flight, one download per picture however many ask, and no request while "no picture" or
a failure is remembered."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from evodesk.evolution import EvolutionClient
from evodesk.services import AvatarCache, AvatarQueue, ChipSettingsService, InstanceManager
from evodesk.services.avatars import picture_url
from evodesk.simulator import Simulator
from evodesk.store import open_store

JPEG = b"\xff\xd8\xff\xe0" + b"picture" * 50


class PictureServer:
    """Serves ``/pic/NAME.jpg``; ``gate`` holds every answer until set; counts what is in flight."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.gate.set()
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                with server.lock:
                    server.requests.append(self.path)
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    server.gate.wait(10)
                    if self.path.startswith("/missing"):
                        self.send_response(404)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    body = JPEG + self.path.encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "image/jpeg")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                finally:
                    with server.lock:
                        server.in_flight -= 1

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.gate.set()
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def pictures() -> Iterator[PictureServer]:
    server = PictureServer()
    yield server
    server.stop()


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_picture_is_kept_until_it_expires_then_fetched_through_a_new_link(
    pictures: PictureServer, tmp_path: Path
) -> None:
    clock = Clock()
    cache = AvatarCache(tmp_path / "avatars", ttl=3600, clock=clock)
    links: list[str] = []

    def resolve() -> str:
        links.append(f"{pictures.url}/pic/shop-01.jpg?link={len(links)}")
        return links[-1]

    assert cache.cached("shop-01") is None and cache.needs_fetch("shop-01")
    path = cache.get("shop-01", resolve)
    assert path is not None and path.read_bytes().startswith(JPEG)
    assert cache.get("shop-01", resolve) == path and len(pictures.requests) == 1
    clock.now += 3599
    assert not cache.needs_fetch("shop-01") and cache.get("shop-01", resolve) == path
    clock.now += 2
    assert cache.lookup("shop-01").fresh is False
    assert cache.cached("shop-01") == path  # the old picture is shown meanwhile
    cache.get("shop-01", resolve)
    assert pictures.requests == ["/pic/shop-01.jpg?link=0", "/pic/shop-01.jpg?link=1"]
    assert path.read_bytes().endswith(b"link=1")
    clock.now += 7200
    assert cache.prune() == 1 and cache.cached("shop-01") is None


def test_no_picture_and_failures_are_remembered(pictures: PictureServer, tmp_path: Path) -> None:
    clock = Clock()
    cache = AvatarCache(tmp_path, ttl=3600, retry_after=300, clock=clock)
    asked: list[str] = []

    def none() -> None:
        asked.append("none")
        return None

    assert cache.get("no-pic", none) is None
    assert cache.get("no-pic", none) is None and asked == ["none"]
    assert cache.lookup("no-pic").no_picture

    def broken() -> str:
        asked.append("broken")
        return f"{pictures.url}/missing.jpg"

    assert cache.get("broken", broken) is None
    assert cache.get("broken", broken) is None and asked.count("broken") == 1
    clock.now += 301
    cache.get("broken", broken)
    assert asked.count("broken") == 2 and len(pictures.requests) == 2


def test_never_more_than_a_few_downloads_in_flight(pictures: PictureServer, tmp_path: Path) -> None:
    cache = AvatarCache(tmp_path, max_in_flight=3)
    pictures.gate.clear()
    results: dict[str, Path | None] = {}

    def fetch(key: str) -> None:
        results[key] = cache.get(key, lambda: f"{pictures.url}/pic/{key}.jpg")

    # Twelve chips, and four more asks for the first one (scrolling back and forth).
    keys = [f"chip-{index}" for index in range(12)] + ["chip-0"] * 4
    threads = [threading.Thread(target=fetch, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    _wait_for(lambda: pictures.in_flight == 3)
    pictures.gate.set()
    for thread in threads:
        thread.join(10)
    assert pictures.max_in_flight == 3 and cache.max_in_flight_seen == 3
    assert sorted(pictures.requests) == sorted(f"/pic/chip-{index}.jpg" for index in range(12))
    assert all(results[f"chip-{index}"] is not None for index in range(12))


def test_the_link_comes_from_the_chips_instance(sim_factory: Callable[..., Simulator], tmp_path: Path) -> None:
    sim = sim_factory(api_key="k")
    store = open_store(f"sqlite:///{tmp_path}/chips.sqlite3")
    with EvolutionClient(sim.url, "k", timeout=5, long_timeout=10) as client:
        manager = InstanceManager(client, store)
        chip, _qr = manager.create("+55 11 98765-0001")
        assert picture_url(client, chip) is None  # not connected: it cannot ask WhatsApp
        sim.simulate_scan(chip.instance_name, number="5511987650001")
        manager.sync()
        url = picture_url(client, store.get_chip(chip.id))
        assert url is not None and url.startswith("https://pps.whatsapp.net/")
        assert ChipSettingsService(client, store).picture_url(chip.id) == url
    store.close()


def _wait_for(condition: Callable[[], bool]) -> None:
    done = threading.Event()
    for _ in range(200):
        if condition():
            return
        done.wait(0.05)
    raise AssertionError("condition not reached")


def test_only_rows_still_in_view_are_fetched(pictures: PictureServer, tmp_path: Path) -> None:
    cache = AvatarCache(tmp_path, max_in_flight=2)
    queue = AvatarQueue(cache)

    def link(key: str) -> str:
        return f"{pictures.url}/pic/{key}.jpg"

    # A fast scroll: a thousand rows passed through the view before any worker ran; twenty are in view now.
    for top in range(0, 1000, 20):
        queue.want(f"chip-{index}" for index in range(top, top + 20))
    in_view = [f"chip-{index}" for index in range(980, 1000)]
    workers = [threading.Thread(target=queue.run, args=(link,)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(10)
    assert sorted(pictures.requests) == sorted(f"/pic/{key}.jpg" for key in in_view)
    assert cache.max_in_flight_seen <= 2

    # Scrolled away while the first picture was downloading: the rest of the old view is not fetched.
    pictures.requests.clear()
    pictures.gate.clear()
    queue.want(["chip-1", "chip-2", "chip-3"])
    worker = threading.Thread(target=queue.run, args=(link,))
    worker.start()
    _wait_for(lambda: pictures.in_flight == 1)
    queue.want(["chip-980", "chip-500"])  # chip-980 is fresh in the cache already
    pictures.gate.set()
    worker.join(10)
    assert pictures.requests == ["/pic/chip-1.jpg", "/pic/chip-500.jpg"]
