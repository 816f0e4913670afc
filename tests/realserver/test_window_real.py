"""The main window against the real Evolution API 2.3.7, offscreen: what an operator sees without WhatsApp.

The window opens on the server, lists the chips, creates one through its dialogs (shown ``pending``) and the QR
dialog tells plainly that the server produces no QR code.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QLabel, QLineEdit

from evodesk.app import open_main_window
from evodesk.config import Paths, write_settings_file
from evodesk.domain import Chip, ChipStatus, QrDialogState
from evodesk.evolution import EvolutionClient
from evodesk.services import InstanceManager, format_phone
from evodesk.store import Store, open_store
from evodesk.ui.window.main_window import MainWindow

from .server import RealServer
from .test_manager_real import new_phone

pytestmark = pytest.mark.gui
# Where the QR dialog's picture goes for a person to look at (set it to keep one); the test's folder otherwise.
SCREENSHOT_ENV = "EVODESK_REALSERVER_SCREENSHOTS"


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[str, Store]]:
    url = f"sqlite:///{tmp_path / 'chips.sqlite3'}"
    store = open_store(url)
    yield url, store
    store.close()


@pytest.fixture
def client(real_server: RealServer) -> Iterator[EvolutionClient]:
    with EvolutionClient(real_server.url, real_server.api_key, timeout=15, long_timeout=60) as evolution:
        yield evolution


@pytest.fixture
def window(qtbot, real_server: RealServer, database: tuple[str, Store], tmp_path: Path) -> Iterator[MainWindow]:
    home = tmp_path / "home"
    write_settings_file(Paths.under(home).settings_file, {"ui/poll_interval": "0.5"})
    window = open_main_window(
        [
            *("--data-dir", str(home), "--api-url", real_server.url, "--api-key", real_server.api_key),
            *("--database-url", database[0], "--lang", "en"),
        ]
    )
    yield window
    window.close()
    window.deleteLater()


def test_window_lists_creates_and_waits_for_a_qr_that_never_comes(
    qtbot, real_server: RealServer, database: tuple[str, Store], client: EvolutionClient, tmp_path: Path, request
) -> None:
    _url, store = database
    existing, _ = InstanceManager(client, store).create(format_phone(new_phone()))
    window: MainWindow = request.getfixturevalue("window")

    qtbot.waitUntil(lambda: window.refresh.last_sync is not None and not window.refresh.syncing, timeout=30000)
    qtbot.waitUntil(lambda: window.backend.server_info is not None, timeout=30000)
    assert not window.apiStatusBanner.isVisible()
    assert window.apiVersionLabel.text() == "Evolution API 2.3.7"
    assert window.model.chip_by_id(existing.id) is not None

    # The dialog's "no QR" hint after 2 s instead of 30: the window's manager carries the QR timings.
    manager = window.backend.manager
    assert manager is not None
    manager.policy = replace(manager.policy, no_qr_hint_after=2.0)
    manager.sessions.policy = manager.policy

    window.newInstanceAction.trigger()
    create = window.findChild(QDialog, "CreateInstanceDialog")
    assert create is not None
    digits = new_phone()
    phone_edit = create.findChild(QLineEdit, "phoneEdit")
    assert phone_edit is not None
    qtbot.keyClicks(phone_edit, format_phone(digits))
    button = create.findChild(QAbstractButton, "createButton")
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    # create waits 5 s on the server for a QR.
    qtbot.waitUntil(lambda: _qr_dialog(window) is not None, timeout=60000)
    chip = store.find_chip(phone=digits)
    assert chip is not None and chip.status is ChipStatus.PENDING

    def shown() -> Chip | None:
        return window.model.chip_by_id(chip.id)

    qtbot.waitUntil(lambda: shown() is not None, timeout=5000)
    assert shown().status is ChipStatus.PENDING  # type: ignore[union-attr]

    dialog = _qr_dialog(window)
    assert dialog is not None
    hint = dialog.findChild(QLabel, "hintLabel")
    assert hint is not None
    qtbot.waitUntil(hint.isVisible, timeout=20000)
    assert dialog.state is QrDialogState.WAITING_FOR_QR  # type: ignore[attr-defined]
    assert hint.text().startswith("The server has not produced a QR code for ")
    assert "unable to reach WhatsApp" in hint.text()
    state = dialog.findChild(QLabel, "stateLabel")
    assert state is not None and state.text() == "Waiting for QR…"

    folder = Path(os.environ.get(SCREENSHOT_ENV) or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(folder / "realserver-qr-dialog.png"))

    dialog.reject()
    qtbot.waitUntil(lambda: _qr_dialog(window) is None, timeout=5000)
    assert store.get_chip(chip.id).status is ChipStatus.PENDING
    for name in (existing.instance_name, chip.instance_name):
        client.delete(name)


def _qr_dialog(window: MainWindow) -> QDialog | None:
    dialog = window.findChild(QDialog, "QrCodeDialog")
    return dialog if dialog is not None and dialog.isVisible() else None
