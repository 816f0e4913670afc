"""Screenshots of the fleet features: tray menu, drop notice, drift view, audit trail, bulk result, onboarding.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots_fleet.py --out /tmp/shots-fleet [--only NAME ...]

Same fleet as ``scripts/screenshots.py`` (30 chips in mixed states on the in-process simulator and a temporary
SQLite file); each shot then puts the server or the database in the state it shows, for real: instances created
behind evodesk's back, sessions that end, instances the simulator fails on purpose.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent))

import screenshots as base
from PySide6.QtCore import QItemSelectionModel, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox

from evodesk.app import ensure_application
from evodesk.domain import Actor
from evodesk.services import InstanceManager
from evodesk.simulator import Simulator
from evodesk.ui.fleet.onboarding import Step
from evodesk.ui.window.main_window import MainWindow

ShotFunction = Callable[[base.Context], None]
SHOTS: dict[str, ShotFunction] = {}


def shot(name: str) -> Callable[[ShotFunction], ShotFunction]:
    """Register a screenshot function under ``name``."""

    def register(function: ShotFunction) -> ShotFunction:
        SHOTS[name] = function
        return function

    return register


def _accept_next_confirmation(attempts: int = 300) -> None:
    """Click the accept button of the next confirmation box (it runs its own event loop)."""
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox) and box.objectName() == "confirmDialog":
        button = box.findChild(QAbstractButton, "confirmButton")
        if button is not None:
            button.click()
            return
    if attempts:
        QTimer.singleShot(10, lambda: _accept_next_confirmation(attempts - 1))


def _select(window: MainWindow, instances: set[str]) -> None:
    selection = window.chipsTable.selectionModel()
    selection.clearSelection()
    for row in range(window.proxy.rowCount()):
        chip = window.proxy.chip(window.proxy.index(row, 0))
        if chip is not None and chip.instance_name in instances:
            selection.select(
                window.proxy.index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )


@shot("tray_menu")
def tray_menu_shot(ctx: base.Context) -> None:
    """The tray icon's menu: fleet counts, Show window, Refresh, Quit."""
    with ctx.main_window() as window:
        menu = window.fleet.tray.menu
        menu.adjustSize()
        ctx.save(menu, "tray_menu")


@shot("drop_notice")
def drop_notice_shot(ctx: base.Context) -> None:
    """A connected chip drops (replaced by another session): the notice over the table, reason and Reconnect."""
    with ctx.main_window() as window:
        ctx.simulator.drop_connection("fortaleza-01", 440)
        window.request_sync()
        ctx.wait_for(window.fleet.notice.isVisible, what="the drop notice")
        window.select_chip(base._chip_id(window, "fortaleza-01"))
        ctx.save(window, "drop_notice")


@shot("drift_view")
def drift_view_shot(ctx: base.Context) -> None:
    """Unknown instances, a chip whose instance is gone, and ghost-connected chips in view."""
    with ctx.services() as manager:
        manager.client.create_instance("integracao-teste")
        manager.client.create_instance("filial-sul-01", number="5551981230001")
        ctx.simulator.simulate_scan("filial-sul-01", profile_name="Filial Sul", number="5551981230001")
        manager.client.delete("marketing-02")
    ctx.wait_for(lambda: "marketing-02" not in ctx.simulator.instance_names(), what="the instance to be deleted")
    with ctx.main_window() as window:
        # The sessions end after the window's refresh: the list still says connected.
        for name in ("atendimento-01", "cobranca-01"):
            ctx.simulator.drop_connection(name, 401)
        window.driftAction.trigger()
        drift = window.fleet.drift
        assert drift is not None
        ctx.wait_for(lambda: not drift.checking and len(drift.ghosts) == 2, what="the ghost check")
        ctx.save(window, "drift_toolbar")
        ctx.save(drift, "drift_view")
        drift.close()


@shot("audit_view")
def audit_view_shot(ctx: base.Context) -> None:
    """The audit trail with two operators' events."""
    with ctx.services() as manager:
        other = InstanceManager(manager.client, manager.store, actor=Actor("maria.souza", "estacao-02"))
        chip = manager.store.find_chip(instance_name="salvador-01")
        if chip is not None and chip.connection_state.value == "open":
            other.disconnect(chip.id)
    with ctx.main_window() as window:
        window.auditAction.trigger()
        audit = window.fleet.audit
        assert audit is not None
        ctx.wait_for(lambda: not audit.loading and audit.model.rowCount() > 0, what="the audit events")
        ctx.save(audit, "audit_view")
        audit.chipFilter.setText("salvador")
        audit.reload()
        ctx.wait_for(lambda: not audit.loading, what="the filtered events")
        ctx.save(audit, "audit_view_filtered")
        audit.close()


@shot("bulk_result")
def bulk_result_shot(ctx: base.Context) -> None:
    """A bulk delete of six chips where the server fails two of them: progress done, per-chip results."""
    names = {"novo-chip-01", "novo-chip-02", "novo-chip-03", "santos-01", "campinas-01", "goiania-01"}
    for failing in ("novo-chip-02", "santos-01"):
        ctx.simulator.fail_instance(failing, mode="5xx")
    try:
        with ctx.main_window() as window:
            _select(window, names)
            ctx.spin(0.1)  # the actions follow the selection once its events are handled
            QTimer.singleShot(0, _accept_next_confirmation)
            window.deleteAction.trigger()
            dialog = window.fleet.bulk
            assert dialog is not None
            ctx.wait_for(lambda: dialog.finished_run, timeout=30, what="the bulk delete")
            ctx.save(dialog, "bulk_result")
            dialog.accept()
    finally:
        ctx.simulator.clear_instance_faults()


@shot("onboarding")
def onboarding_shot(ctx: base.Context) -> None:
    """A pasted list refused as a whole (one bad line, one repeat, one number already in use)."""
    with ctx.main_window() as window:
        window.onboardAction.trigger()
        dialog = window.fleet.onboarding
        assert dialog is not None
        dialog.phonesEdit.setPlainText(
            "11 98111-2001\n11 98111-2002; 11 98111-2003\n11 9811\n11981112002\n21 99876-2001\n"
        )
        dialog.startButton.click()
        ctx.wait_for(lambda: not dialog.checking and dialog.problemsLabel.isVisible(), what="the list check")
        ctx.save(dialog, "onboarding_refused")
        dialog.phonesEdit.setPlainText("11 98111-2001\n11 98111-2002\n11 98111-2003\n")
        dialog.startButton.click()
        ctx.wait_for(lambda: dialog.qr_dialog is not None and dialog.qr_dialog.isVisible(), what="the first QR")
        ctx.simulator.simulate_scan("chip-5511981112001", profile_name="Nova Loja 1")
        ctx.wait_for(lambda: dialog.counts()[Step.CONNECTED] == 1, timeout=15, what="the first connection")
        ctx.wait_for(
            lambda: (
                dialog.qr_dialog is not None and dialog.qr_dialog.isVisible() and dialog.items[1].step is Step.SCANNING
            ),
            timeout=15,
            what="the second QR",
        )
        dialog.skipButton.click()
        ctx.wait_for(lambda: dialog.items[2].step is Step.SCANNING, timeout=15, what="the third QR")
        ctx.save(dialog, "onboarding_walk")
        dialog.reject()


def main(argv: list[str] | None = None) -> int:
    """Run the selected shots (all by default) into ``--out``; non-zero if any failed."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    parser.add_argument("--only", nargs="+", choices=sorted(SHOTS), help="run only these shots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = ensure_application()
    key = secrets.token_urlsafe(16)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="evodesk-shots-") as tmp, Simulator(api_key=key, port=0) as sim:
        data_dir = Path(tmp)
        database_url = f"sqlite:///{data_dir / 'chips.sqlite3'}"
        ctx = base.Context(app, args.out, data_dir, sim, key, database_url)
        with ctx.services() as manager:
            base.populate(manager, manager.store, sim)
        for name in args.only or list(SHOTS):
            try:
                SHOTS[name](ctx)
            except Exception as exc:
                failures += 1
                print(f"shot {name} failed: {exc!r}", file=sys.stderr)
    print(f"{len(ctx.saved)} screenshot(s) in {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
