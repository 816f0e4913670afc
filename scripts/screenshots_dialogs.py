"""Screenshots of evodesk's dialogs (create instance, QR code in each state, settings), for review by eye.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots_dialogs.py --out /tmp/shots-dialogs [--only NAME ...]

Every shot drives the real thing: the in-process simulator over loopback, a temporary SQLite database, the
Evolution client and the InstanceManager, with short timings so that expiry and the QR limit arrive in seconds.
The main window's shots are in ``scripts/screenshots.py``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QWidget

from evodesk.config import Paths, Settings
from evodesk.domain import Chip, PollResult, QrDialogState
from evodesk.evolution import CircuitBreaker, EvolutionClient
from evodesk.services import InstanceManager, QrPolicy
from evodesk.simulator import Simulator
from evodesk.store import open_store
from evodesk.ui.dialogs.create import CreateInstanceDialog, first_poll_result
from evodesk.ui.dialogs.settings import SettingsDialog
from evodesk.ui.qr.dialog import QrCodeDialog
from evodesk.ui.tasks.runner import TaskRunner

KEY = "screenshot-key"
PHONE = "11 99999-8888"

ShotFunction = Callable[["Context"], None]
SHOTS: dict[str, ShotFunction] = {}


def shot(name: str) -> Callable[[ShotFunction], ShotFunction]:
    """Register a screenshot function under ``name``."""

    def register(function: ShotFunction) -> ShotFunction:
        SHOTS[name] = function
        return function

    return register


@dataclass
class Rig:
    """One simulator, its client, a fresh SQLite store and the manager over them."""

    sim: Simulator
    manager: InstanceManager

    def create(self, phone: str = PHONE) -> tuple[Chip, PollResult]:
        chip, qr = self.manager.create(phone)
        return chip, first_poll_result(qr, chip)


@dataclass
class Context:
    """The application, the output folder, a task runner and the things to clean up."""

    app: QApplication
    out: Path
    work: Path
    runner: TaskRunner
    saved: list[Path] = field(default_factory=list)
    _cleanups: list[Callable[[], None]] = field(default_factory=list)

    def rig(self, policy: QrPolicy, **sim_kwargs: Any) -> Rig:
        """A simulator with the policy's QR lifetime (unless given) and a manager using ``policy``."""
        sim_kwargs.setdefault("qr_lifetime", policy.qr_lifetime)
        sim = Simulator(api_key=KEY, **sim_kwargs)
        sim.start()
        client = EvolutionClient(
            sim.url, KEY, timeout=5.0, long_timeout=5.0, breaker=CircuitBreaker(base_cooldown=0.5, max_cooldown=1.0)
        )
        store = open_store(f"sqlite:///{self.work}/chips-{len(self._cleanups)}.sqlite3")
        self._cleanups.append(lambda: (client.close(), store.close(), sim.stop()))
        return Rig(sim, InstanceManager(client, store, policy=policy))

    def spin(self, seconds: float) -> None:
        """Let the event loop run (polls, timers, background results)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            time.sleep(0.01)

    def wait_for(self, condition: Callable[[], bool], timeout: float, what: str) -> None:
        """Spin until ``condition()`` holds; fail loudly (a wrong screenshot is worse than none)."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise RuntimeError(f"timed out waiting for {what}")
            self.spin(0.02)

    def save(self, widget: QWidget, name: str) -> Path:
        """Render ``widget`` to ``<out>/<name>.png``."""
        self.spin(0.15)
        path = self.out / f"{name}.png"
        if not widget.grab().save(str(path)):
            raise RuntimeError(f"could not write {path}")
        self.saved.append(path)
        print(f"saved {path}")
        return path

    def cleanup(self) -> None:
        """Stop every simulator and close every store and client."""
        for action in self._cleanups:
            action()
        self._cleanups.clear()


@contextmanager
def qr_dialog(ctx: Context, rig: Rig, chip: Chip, **kwargs: Any) -> Iterator[QrCodeDialog]:
    """Show a QR dialog and close it afterwards."""
    dialog = QrCodeDialog(ctx.runner, rig.manager, chip, **kwargs)
    dialog.show()
    try:
        yield dialog
    finally:
        dialog.reject()
        dialog.deleteLater()
        ctx.spin(0.1)


def wait_state(ctx: Context, dialog: QrCodeDialog, state: QrDialogState, timeout: float = 10.0) -> None:
    ctx.wait_for(lambda: dialog.state is state, timeout, f"the QR dialog to show {state.value}")


# -- create dialog ----------------------------------------------------------------------------------------------


@shot("create_dialog_preview")
def create_preview(ctx: Context) -> None:
    rig = ctx.rig(QrPolicy())
    dialog = CreateInstanceDialog(ctx.runner, rig.manager)
    dialog.show()
    dialog.phoneEdit.setText("(11) 99999-8888")
    ctx.save(dialog, "create_dialog_preview")
    dialog.deleteLater()


@shot("create_dialog_error")
def create_error(ctx: Context) -> None:
    rig = ctx.rig(QrPolicy())
    dialog = CreateInstanceDialog(ctx.runner, rig.manager)
    dialog.show()
    dialog.phoneEdit.setText("11 9999")
    dialog.createButton.click()
    ctx.save(dialog, "create_dialog_error")
    dialog.deleteLater()


@shot("create_dialog_duplicate")
def create_duplicate(ctx: Context) -> None:
    rig = ctx.rig(QrPolicy())
    rig.manager.create("11 98888-7777", "shop-01")
    dialog = CreateInstanceDialog(ctx.runner, rig.manager)
    dialog.show()
    dialog.phoneEdit.setText(PHONE)
    dialog.nameEdit.setText("shop-01")
    dialog.createButton.click()
    ctx.wait_for(lambda: bool(dialog.errorLabel.text()) and not dialog.busy, 10, "the duplicate-name error")
    ctx.save(dialog, "create_dialog_duplicate")
    dialog.deleteLater()


@shot("create_dialog_busy")
def create_busy(ctx: Context) -> None:
    rig = ctx.rig(QrPolicy(), latency=3.0)
    dialog = CreateInstanceDialog(ctx.runner, rig.manager)
    dialog.show()
    dialog.phoneEdit.setText(PHONE)
    dialog.createButton.click()
    ctx.save(dialog, "create_dialog_busy")
    ctx.wait_for(lambda: not dialog.busy, 15, "the create call to finish")
    dialog.deleteLater()


# -- QR dialog --------------------------------------------------------------------------------------------------


@shot("qr_waiting")
def qr_waiting(ctx: Context) -> None:
    policy = QrPolicy(poll_interval=0.3, no_qr_hint_after=1.0)
    rig = ctx.rig(policy, first_qr_delay=600.0)
    chip, first = rig.create()
    with qr_dialog(ctx, rig, chip, initial=first) as dialog:
        ctx.save(dialog, "qr_waiting")
        ctx.wait_for(dialog.hintLabel.isVisible, 5, "the no-QR hint")
        ctx.save(dialog, "qr_waiting_hint")


@shot("qr_showing")
def qr_showing(ctx: Context) -> None:
    rig = ctx.rig(QrPolicy(poll_interval=0.5))
    chip, first = rig.create()
    with qr_dialog(ctx, rig, chip, initial=first) as dialog:
        wait_state(ctx, dialog, QrDialogState.SHOWING_QR)
        ctx.spin(1.2)  # let the countdown tick once
        ctx.save(dialog, "qr_showing")


@shot("qr_showing_demo")
def qr_showing_demo(ctx: Context) -> None:
    rig = ctx.rig(QrPolicy(poll_interval=0.5))
    chip, first = rig.create("21 98765-4321")
    with qr_dialog(ctx, rig, chip, initial=first, simulator=rig.sim) as dialog:
        wait_state(ctx, dialog, QrDialogState.SHOWING_QR)
        ctx.save(dialog, "qr_showing_demo")


@shot("qr_connected")
def qr_connected(ctx: Context) -> None:
    rig = ctx.rig(QrPolicy(poll_interval=0.2))
    chip, first = rig.create()
    with qr_dialog(ctx, rig, chip, initial=first) as dialog:
        wait_state(ctx, dialog, QrDialogState.SHOWING_QR)
        rig.sim.simulate_scan(chip.instance_name, profile_name="Loja Centro")
        wait_state(ctx, dialog, QrDialogState.CONNECTED)
        path = ctx.out / "qr_connected.png"
        # Grab at once: the dialog closes itself shortly after connecting.
        dialog.grab().save(str(path))
        ctx.saved.append(path)
        print(f"saved {path}")


@shot("qr_expired")
def qr_expired(ctx: Context) -> None:
    rig = ctx.rig(QrPolicy(poll_interval=0.2, qr_lifetime=1.0, deadline=2.0))
    chip, first = rig.create()
    with qr_dialog(ctx, rig, chip, initial=first) as dialog:
        wait_state(ctx, dialog, QrDialogState.EXPIRED)
        ctx.save(dialog, "qr_expired")


@shot("qr_refused")
def qr_refused(ctx: Context) -> None:
    rig = ctx.rig(QrPolicy(poll_interval=0.2, qr_lifetime=0.7, qr_limit=2), qr_limit=2)
    chip, first = rig.create()
    with qr_dialog(ctx, rig, chip, initial=first) as dialog:
        wait_state(ctx, dialog, QrDialogState.REFUSED)
        ctx.save(dialog, "qr_refused")


@shot("qr_error")
def qr_error(ctx: Context) -> None:
    rig = ctx.rig(QrPolicy(poll_interval=0.3))
    chip, first = rig.create()
    with qr_dialog(ctx, rig, chip, initial=first) as dialog:
        wait_state(ctx, dialog, QrDialogState.SHOWING_QR)
        rig.sim.set_faults(mode="drop")
        wait_state(ctx, dialog, QrDialogState.ERROR)
        ctx.save(dialog, "qr_error")


@shot("qr_pairing")
def qr_pairing(ctx: Context) -> None:
    # A pairing code is only issued from a closed state: let the QR limit end the first attempt.
    rig = ctx.rig(QrPolicy(poll_interval=0.3, qr_lifetime=2.0, qr_limit=1), qr_limit=1)
    chip, first = rig.create()
    with qr_dialog(ctx, rig, chip, initial=first) as dialog:
        dialog.tabs.setCurrentIndex(1)
        ctx.save(dialog, "qr_pairing_request")
        wait_state(ctx, dialog, QrDialogState.REFUSED)
        dialog.pairingRequestButton.click()
        ctx.wait_for(lambda: "-" in dialog.pairingCodeLabel.text(), 5, "a pairing code")
        ctx.save(dialog, "qr_pairing")


# -- settings dialog --------------------------------------------------------------------------------------------


@shot("settings")
def settings(ctx: Context) -> None:
    sim = ctx.rig(QrPolicy()).sim
    paths = Paths.under(ctx.work / "settings-home")
    dialog = SettingsDialog(paths, Settings(api_url=sim.url, api_key=KEY), runner=ctx.runner)
    dialog.show()
    dialog.testConnectionButton.click()
    ctx.wait_for(dialog.testConnectionButton.isEnabled, 10, "the connection test")
    ctx.save(dialog, "settings_tested")
    dialog.serverUrlEdit.setText("http://evolution.example.com:8080")
    dialog.revealKeyButton.setChecked(True)
    ctx.save(dialog, "settings_http_warning")
    dialog.serverUrlEdit.setText("evolution.example.com")
    dialog.saveButton.click()
    ctx.save(dialog, "settings_invalid_url")
    dialog.apiKeyEdit.setText("wrong")
    dialog.serverUrlEdit.setText(sim.url)
    dialog.testConnectionButton.click()
    ctx.wait_for(dialog.testConnectionButton.isEnabled, 10, "the connection test")
    ctx.save(dialog, "settings_wrong_key")
    dialog.deleteLater()


def main(argv: list[str] | None = None) -> int:
    """Save the dialog screenshots; exit non-zero if any shot failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    parser.add_argument("--only", nargs="*", choices=sorted(SHOTS), help="take only these shots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setAttribute(Qt.ApplicationAttribute.AA_DontShowIconsInMenus, False)
    failures = 0
    with tempfile.TemporaryDirectory(prefix="evodesk-shots-") as work:
        ctx = Context(app=app, out=args.out, work=Path(work), runner=TaskRunner(network_threads=4))
        try:
            for name in args.only or list(SHOTS):
                try:
                    SHOTS[name](ctx)
                except Exception as exc:
                    failures += 1
                    print(f"shot {name} failed: {exc}", file=sys.stderr)
        finally:
            ctx.runner.shutdown(10000)
            ctx.cleanup()
    print(f"{len(ctx.saved)} screenshots in {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
