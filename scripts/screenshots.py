"""Screenshots of evodesk's windows, for review by eye and for the documentation.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py --out screenshots [--only main_window ...]

Each shot is one function registered with ``@shot("name")``; it receives the shared ``Context`` (a running
simulator with a fleet of 30 chips in mixed states, its SQLite database, the QApplication) and saves one or
more PNG files with ``ctx.save(widget, "name")``. Everything is real: the in-process simulator over loopback
and a temporary SQLite file, as in ``evodesk --demo``.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QItemSelectionModel
from PySide6.QtWidgets import QApplication, QWidget

from evodesk.app import ensure_application, open_main_window
from evodesk.domain import ChipStatus
from evodesk.evolution import EvolutionClient
from evodesk.services import InstanceManager
from evodesk.simulator import Simulator
from evodesk.store import Store, open_store
from evodesk.ui.chips.filters import StatusFilter
from evodesk.ui.window.main_window import MainWindow

ShotFunction = Callable[["Context"], None]
SHOTS: dict[str, ShotFunction] = {}


def shot(name: str) -> Callable[[ShotFunction], ShotFunction]:
    """Register a screenshot function under ``name`` (``--only name`` runs just that one)."""

    def register(function: ShotFunction) -> ShotFunction:
        SHOTS[name] = function
        return function

    return register


@dataclass
class Context:
    """What every shot can use: the application, the output folder and a populated fleet."""

    app: QApplication
    out: Path
    data_dir: Path
    simulator: Simulator
    api_key: str
    database_url: str
    saved: list[Path] = field(default_factory=list)

    def save(self, widget: QWidget, name: str) -> Path:
        """Render ``widget`` (after pending events) to ``<out>/<name>.png``."""
        self.spin(0.2)
        path = self.out / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise RuntimeError(f"could not write {path}")
        self.saved.append(path)
        print(f"saved {path}")
        return path

    def spin(self, seconds: float) -> None:
        """Let the event loop run for a while (animations, background results)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.01)

    def wait_for(self, condition: Callable[[], bool], timeout: float = 10.0, what: str = "condition") -> None:
        """Run the event loop until ``condition()`` holds."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"{what} not reached within {timeout} s")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.01)

    @contextmanager
    def services(self) -> Iterator[InstanceManager]:
        """An ``InstanceManager`` on the fleet's simulator and database (to put chips in a state for a shot)."""
        store = open_store(self.database_url, data_dir=self.data_dir)
        client = EvolutionClient(self.simulator.url, self.api_key)
        try:
            yield InstanceManager(client, store)
        finally:
            client.close()
            store.close()

    @contextmanager
    def main_window(self) -> Iterator[MainWindow]:
        """The main window on the fleet, loaded and synced once; closed afterwards."""
        window = open_main_window(
            [
                *("--data-dir", str(self.data_dir), "--api-url", self.simulator.url, "--api-key", self.api_key),
                *("--database-url", self.database_url, "--lang", "en"),
            ]
        )
        try:
            window.resize(1360, 800)
            self.wait_for(lambda: window.refresh.last_sync is not None, what="first sync")
            self.wait_for(lambda: window.backend.server_info is not None, what="server version")
            yield window
        finally:
            window.close()


# -- the fleet ---------------------------------------------------------------------------------------------

# (instance, phone, profile) — the kind of names operators give their chips.
_FLEET = [
    ("vendas-sp-01", "11 98765-1001", "Loja Centro"),
    ("vendas-sp-02", "11 98765-1002", "Loja Centro"),
    ("vendas-sp-03", "11 98765-1003", "Loja Paulista"),
    ("vendas-rj-01", "21 99876-2001", "Loja Copacabana"),
    ("vendas-rj-02", "21 99876-2002", "Loja Tijuca"),
    ("suporte-01", "11 97654-3001", "Suporte Técnico"),
    ("suporte-02", "11 97654-3002", "Suporte Técnico"),
    ("cobranca-01", "31 98888-4001", "Cobrança BH"),
    ("cobranca-02", "31 98888-4002", "Cobrança BH"),
    ("marketing-01", "41 99777-5001", "Promoções Curitiba"),
    ("marketing-02", "41 99777-5002", "Promoções Curitiba"),
    ("entregas-01", "51 98123-6001", "Entregas POA"),
    ("entregas-02", "51 98123-6002", "Entregas POA"),
    ("atendimento-01", "61 99234-7001", "Atendimento DF"),
    ("atendimento-02", "61 99234-7002", "Atendimento DF"),
    ("atendimento-03", "61 99234-7003", "Atendimento DF"),
    ("recife-01", "81 98345-8001", "Loja Recife"),
    ("recife-02", "81 98345-8002", "Loja Recife"),
    ("salvador-01", "71 99456-9001", "Loja Salvador"),
    ("fortaleza-01", "85 98567-1101", "Loja Fortaleza"),
    ("manaus-01", "92 99678-1201", "Loja Manaus"),
    ("belem-01", "91 98789-1301", "Loja Belém"),
    ("goiania-01", "62 99890-1401", "Loja Goiânia"),
    ("campinas-01", "19 98901-1501", "Loja Campinas"),
    ("santos-01", "13 99012-1601", "Loja Santos"),
    ("novo-chip-01", "11 91234-1701", None),
    ("novo-chip-02", "11 91234-1702", None),
    ("novo-chip-03", "11 91234-1703", None),
    ("antigo-01", "11 93456-1801", "Campanha 2023"),
    ("antigo-02", "11 93456-1802", "Campanha 2023"),
]


def populate(manager: InstanceManager, store: Store, sim: Simulator) -> None:
    """30 chips: connected (warming and active), waiting for a scan, dropped (401/403/440), disconnected
    by an operator, and cancelled."""
    chips = {}
    for name, phone, _profile in _FLEET:
        chip, _qr = manager.create(phone, name)
        chips[name] = chip
    profiles = {name: profile for name, _phone, profile in _FLEET}
    waiting = {"novo-chip-01", "novo-chip-02", "novo-chip-03", "santos-01", "campinas-01"}
    for name in chips:
        if name not in waiting:
            sim.simulate_scan(name, profile_name=profiles[name])
    manager.sync()
    for name in ("vendas-sp-01", "vendas-sp-02", "vendas-rj-01", "suporte-01", "cobranca-01", "marketing-01"):
        fresh = store.get_chip(chips[name].id)
        store.update_chip(
            fresh.id, expected_version=fresh.version, actor=manager.actor, action="warmed", status=ChipStatus.ACTIVE
        )
    for name, code in (("vendas-rj-02", 401), ("recife-02", 403), ("entregas-02", 440), ("cobranca-02", 401)):
        sim.drop_connection(name, code)
    manager.sync()
    for name in ("atendimento-03", "goiania-01"):
        manager.disconnect(chips[name].id)
    for name in ("antigo-01", "antigo-02", "belem-01"):
        manager.delete(chips[name].id)
    manager.sync()


# -- shots -------------------------------------------------------------------------------------------------


@shot("main_window")
def main_window_shot(ctx: Context) -> None:
    """The main window with the fleet, one dropped chip selected (details panel filled)."""
    with ctx.main_window() as window:
        window.select_chip(_chip_id(window, "vendas-rj-02"))
        ctx.save(window, "main_window")


@shot("main_window_attention")
def main_window_attention_shot(ctx: Context) -> None:
    """The "Needs attention" filter, several rows selected (bulk actions)."""
    with ctx.main_window() as window:
        index = window.statusFilter.findData(StatusFilter.ATTENTION.value)
        window.statusFilter.setCurrentIndex(index)
        selection = window.chipsTable.selectionModel()
        for row in range(min(3, window.proxy.rowCount())):
            selection.select(
                window.proxy.index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )
        ctx.save(window, "main_window_attention")


@shot("main_window_banner")
def main_window_banner_shot(ctx: Context) -> None:
    """The server stops answering: the banner, with the chips from the database still listed."""
    with ctx.main_window() as window:
        ctx.simulator.stop()
        try:
            window.request_sync()
            ctx.wait_for(window.apiStatusBanner.isVisible, what="the API status banner")
            ctx.save(window, "main_window_banner")
        finally:
            ctx.simulator.start()


def _chip_id(window: MainWindow, instance: str) -> int:
    for chip in window.model.chips:
        if chip.instance_name == instance:
            return chip.id
    raise LookupError(instance)


# -- entry point -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the selected shots (all by default) into ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="folder for the PNG files")
    parser.add_argument("--only", nargs="+", choices=sorted(SHOTS), help="run only these shots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = ensure_application()
    key = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory(prefix="evodesk-shots-") as tmp, Simulator(api_key=key, port=0) as sim:
        data_dir = Path(tmp)
        database_url = f"sqlite:///{data_dir / 'chips.sqlite3'}"
        ctx = Context(app, args.out, data_dir, sim, key, database_url)
        with ctx.services() as manager:
            populate(manager, manager.store, sim)
        for name in args.only or list(SHOTS):
            SHOTS[name](ctx)
    print(f"{len(ctx.saved)} screenshot(s) in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
