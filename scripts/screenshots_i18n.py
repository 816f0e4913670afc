"""Screenshots of the main window and the QR dialog in Brazilian Portuguese and in English, to check translations.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots_i18n.py --out /tmp/shots-i18n

Writes ``main_window_pt_BR.png``, ``qr_dialog_pt_BR.png``, ``main_window_en.png`` and ``qr_dialog_en.png``. The
window keeps the size it opens with, so text that does not fit shows up as it would for an operator. Portuguese
runs 20-30 % longer than English: look for clipped or badly elided labels, buttons and columns. A fleet of 11
chips in mixed states runs on the in-process simulator and a temporary SQLite database (``Context`` from
``scripts/screenshots.py``).
"""

from __future__ import annotations

import argparse
import secrets
import sys
import tempfile
from pathlib import Path

from screenshots import Context

from evodesk.app import ensure_application, open_main_window
from evodesk.domain import Chip, ChipStatus, QrDialogState
from evodesk.services import InstanceManager
from evodesk.simulator import Simulator
from evodesk.ui.qr.dialog import QrCodeDialog
from evodesk.ui.window.main_window import MainWindow

LANGUAGES = ("pt_BR", "en")

# (instance, phone, profile) and what happens to each chip: every state the window has words for.
_FLEET = [
    ("vendas-sp-01", "11 98765-1001", "Loja Centro"),  # connected, active
    ("vendas-sp-02", "11 98765-1002", "Loja Centro"),  # connected, warming
    ("vendas-rj-01", "21 99876-2001", "Loja Copacabana"),  # connected, active
    ("vendas-rj-02", "21 99876-2002", "Loja Tijuca"),  # dropped: logged out on the phone (401)
    ("suporte-01", "11 97654-3001", "Suporte Técnico"),  # dropped: multi-device mismatch (411)
    ("recife-02", "81 98345-8002", "Loja Recife"),  # dropped: blocked (403)
    ("entregas-02", "51 98123-6002", "Entregas POA"),  # dropped: replaced by another session (440)
    ("atendimento-03", "61 99234-7003", "Atendimento DF"),  # disconnected by an operator
    ("novo-chip-01", "11 91234-1701", None),  # waiting for a scan
    ("novo-chip-02", "11 91234-1702", None),  # waiting for a scan
    ("antigo-01", "11 93456-1801", "Campanha 2023"),  # deleted
]
_WAITING = {"novo-chip-01", "novo-chip-02"}
_ACTIVE = ("vendas-sp-01", "vendas-rj-01")
_DROPS = (("vendas-rj-02", 401), ("suporte-01", 411), ("recife-02", 403), ("entregas-02", 440))
#: The chip selected in the main window (details panel filled with a disconnection reason).
SELECTED = "suporte-01"
#: The chip whose QR dialog is shown.
QR_CHIP = "novo-chip-01"


def populate(manager: InstanceManager, sim: Simulator) -> None:
    """Create the fleet and put every chip in its state (see ``_FLEET``)."""
    chips: dict[str, Chip] = {}
    for name, phone, _profile in _FLEET:
        chips[name], _qr = manager.create(phone, name)
    for name, _phone, profile in _FLEET:
        if name not in _WAITING:
            sim.simulate_scan(name, profile_name=profile)
    manager.sync()
    store = manager.store
    for name in _ACTIVE:
        fresh = store.get_chip(chips[name].id)
        store.update_chip(
            fresh.id, expected_version=fresh.version, actor=manager.actor, action="warmed", status=ChipStatus.ACTIVE
        )
    for name, code in _DROPS:
        sim.drop_connection(name, code)
    manager.sync()
    manager.disconnect(chips["atendimento-03"].id)
    manager.delete(chips["antigo-01"].id)
    manager.sync()


def _open_window(ctx: Context, lang: str) -> MainWindow:
    # A settings folder per language: the second window must not restore the first one's size and columns.
    settings_dir = ctx.data_dir / f"settings-{lang}"
    window = open_main_window(
        [
            *("--data-dir", str(settings_dir), "--api-url", ctx.simulator.url, "--api-key", ctx.api_key),
            *("--database-url", ctx.database_url, "--lang", lang),
        ]
    )
    ctx.wait_for(lambda: window.refresh.last_sync is not None, what="first sync")
    ctx.wait_for(lambda: window.backend.server_info is not None, what="server version")
    return window


def _chip(window: MainWindow, instance: str) -> Chip:
    for chip in window.model.chips:
        if chip.instance_name == instance:
            return chip
    raise LookupError(instance)


def shoot(ctx: Context, lang: str) -> None:
    """The main window (one dropped chip selected) and the QR dialog of a chip waiting for its scan."""
    window = _open_window(ctx, lang)
    try:
        window.select_chip(_chip(window, SELECTED).id)
        ctx.save(window, f"main_window_{lang}")
        window.reconnect(_chip(window, QR_CHIP))
        ctx.wait_for(lambda: bool(window.findChildren(QrCodeDialog)), what="the QR dialog")
        dialog = window.findChildren(QrCodeDialog)[0]
        ctx.wait_for(lambda: dialog.state is QrDialogState.SHOWING_QR, what="a QR code on screen")
        ctx.save(dialog, f"qr_dialog_{lang}")
        dialog.close()
    finally:
        window.close()
        window.deleteLater()
        ctx.spin(0.2)


def main(argv: list[str] | None = None) -> int:
    """Render the four screenshots into ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path("screenshots-i18n"), help="folder for the PNG files")
    parser.add_argument("--lang", nargs="+", choices=LANGUAGES, default=list(LANGUAGES), help="languages to render")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = ensure_application()
    key = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory(prefix="evodesk-shots-i18n-") as tmp, Simulator(api_key=key, port=0) as sim:
        data_dir = Path(tmp)
        ctx = Context(app, args.out, data_dir, sim, key, f"sqlite:///{data_dir / 'chips.sqlite3'}")
        with ctx.services() as manager:
            populate(manager, sim)
        for lang in args.lang:
            shoot(ctx, lang)
    print(f"{len(ctx.saved)} screenshot(s) in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
