"""Bad input through the real widgets: the create dialog, the settings dialog, the QR widget and the QR dialog.

Each bad value gets an inline message (the text ``describe_error`` produces), the dialog stays open, and nothing
is written: no chip, no server request, no settings file. QR payloads from a broken server leave the QR dialog
in a clear state without stalling the GUI thread.
"""

from __future__ import annotations

import base64
import json
import os
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from evodesk.config import ConfigError, Paths, Settings, read_settings_file, suggest_server_url, validate_server_url
from evodesk.domain import Actor, QrDialogState
from evodesk.evolution import CircuitBreaker, EvolutionClient
from evodesk.services import InstanceManager, QrPolicy, ValidationError, normalise_phone, validate_instance_name
from evodesk.simulator import Simulator
from evodesk.simulator.qr import png_bytes
from evodesk.store import open_store
from evodesk.ui.dialogs.create import CreateInstanceDialog
from evodesk.ui.dialogs.settings import SettingsDialog
from evodesk.ui.qr.dialog import QrCodeDialog
from evodesk.ui.qr.widget import QrCodeWidget
from evodesk.ui.shared.messages import describe_error
from evodesk.ui.tasks.runner import TaskRunner
from helpers import heartbeat, rows

from .conftest import Ledger
from .test_bad_input import BAD_NAMES, BAD_PHONES, BAD_URLS

pytestmark = [pytest.mark.reliability, pytest.mark.gui]

CAT = "bad_input"
KEY = "bad-input-gui-key-77aa"
ANA = Actor("ana", "desk-1")


# -- the create dialog ---------------------------------------------------------------------------------------


def test_the_create_dialog_refuses_bad_names_and_phones_inline(
    qtbot: Any, runner: TaskRunner, sim_factory: Any, tmp_path: Path, ledger: Ledger
) -> None:
    sim: Simulator = sim_factory(api_key=KEY)
    store = open_store(f"sqlite:///{tmp_path / 'chips.sqlite3'}")
    with EvolutionClient(sim.url, KEY) as client:
        manager = InstanceManager(client, store, actor=ANA)
        manager.create("11 98765-4001", "existing-01")
        sim.reset_stats()
        before = (rows(store), sim.instance_names())
        dialog = CreateInstanceDialog(runner, manager)
        qtbot.addWidget(dialog)
        dialog.show()
        tried = 0
        for phone, name in [("11 98765-4002", name) for name in BAD_NAMES] + [(p, "") for p in BAD_PHONES]:
            dialog.phoneEdit.setText(phone)
            dialog.nameEdit.setText(name)
            # The fields hold what Qt kept of the text (a 60/80-character limit, no line breaks).
            typed_phone, typed_name = dialog.phoneEdit.text(), dialog.nameEdit.text().strip()
            try:
                normalise_phone(typed_phone)
                if typed_name:
                    validate_instance_name(typed_name)
            except ValidationError as exc:
                expected = describe_error(exc)
            else:
                continue  # Qt's field turned it into something valid (e.g. dropped a line break): not bad input
            qtbot.mouseClick(dialog.createButton, Qt.MouseButton.LeftButton)
            assert dialog.errorLabel.isVisible() and dialog.errorLabel.text() == expected, (phone, name)
            assert dialog.isVisible() and not dialog.busy
            tried += 1
        assert tried >= len(BAD_NAMES) + len(BAD_PHONES) - 3
        assert (rows(store), sim.instance_names()) == before
        assert sim.request_count == 0, "bad input reached the server"
    store.close()
    ledger.add(CAT, bad_inputs=tried, **{"input:create dialog": tried})


# -- the settings dialog --------------------------------------------------------------------------------------


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths.under(tmp_path / "home")


def _settings_dialog(qtbot: Any, paths: Paths, runner: TaskRunner) -> SettingsDialog:
    dialog = SettingsDialog(paths, Settings(), runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_settings_dialog_refuses_bad_urls_inline_and_saves_nothing(
    qtbot: Any, paths: Paths, runner: TaskRunner, ledger: Ledger
) -> None:
    dialog = _settings_dialog(qtbot, paths, runner)
    dialog.apiKeyEdit.setText("k-123456")
    tried = 0
    for url in BAD_URLS:
        dialog.serverUrlEdit.setText(url)
        typed = dialog.serverUrlEdit.text()
        with pytest.raises(ConfigError) as caught:
            validate_server_url(typed)
        qtbot.mouseClick(dialog.saveButton, Qt.MouseButton.LeftButton)
        suggestion = suggest_server_url(typed) if caught.value.code == "url.scheme" else None
        # An address without a scheme gets https:// proposed instead of the rule.
        expected = (
            describe_error(caught.value)
            if suggestion is None
            else f"The address needs http:// or https:// at the start. Did you mean {suggestion}?"
        )
        assert dialog.urlErrorLabel.isVisible() and dialog.urlErrorLabel.text() == expected, url
        assert dialog.urlSuggestButton.isVisible() is (suggestion is not None), url
        assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
        tried += 1
    assert not paths.settings_file.exists()
    ledger.add(CAT, bad_inputs=tried, **{"input:settings dialog url": tried})


KEY_REFUSAL = "The API key may contain only printable characters, no spaces."


@pytest.mark.parametrize("key", ["k-12 3456", "k\t123456", "k-123456\x01", "clé-123456", "k\u200b123456"])
def test_the_settings_dialog_refuses_a_key_with_inner_spaces_or_control_characters(
    qtbot: Any, paths: Paths, runner: TaskRunner, ledger: Ledger, key: str
) -> None:
    dialog = _settings_dialog(qtbot, paths, runner)
    dialog.serverUrlEdit.setText("https://evolution.example.com")
    dialog.apiKeyEdit.setText(key)
    qtbot.mouseClick(dialog.saveButton, Qt.MouseButton.LeftButton)
    assert dialog.keyErrorLabel.isVisible() and dialog.keyErrorLabel.text() == KEY_REFUSAL
    assert dialog.isVisible() and not paths.settings_file.exists()
    ledger.add(CAT, bad_inputs=1, **{"input:settings dialog key": 1})


def test_the_settings_dialog_trims_the_url_and_the_key(qtbot: Any, paths: Paths, runner: TaskRunner) -> None:
    dialog = _settings_dialog(qtbot, paths, runner)
    dialog.serverUrlEdit.setText("   https://evolution.example.com/   ")
    dialog.apiKeyEdit.setText("  k-123456\t")
    qtbot.mouseClick(dialog.saveButton, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values() == ("https://evolution.example.com", "k-123456")
    saved = read_settings_file(paths.settings_file)
    assert saved["server/url"] == "https://evolution.example.com"
    assert saved.get("server/api_key", "k-123456") == "k-123456"


# -- QR payloads ----------------------------------------------------------------------------------------------

VALID_PNG = base64.b64encode(png_bytes("2@valid-payload,AAAA,BBBB,CCCC")).decode()
BAD_PNGS = {
    "invalid base64": "!!!not*base64!!!",
    "HTML in a data URL": base64.b64encode(b"<html><body>Bad gateway</body></html>").decode(),
    "a GIF": base64.b64encode(b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00;").decode(),
    "random bytes": base64.b64encode(os.urandom(600)).decode(),
    "a truncated PNG": VALID_PNG[:60],
    "empty": "",
}


@pytest.mark.parametrize("label", sorted(BAD_PNGS))
def test_the_qr_widget_ignores_an_image_it_cannot_read(qtbot: Any, ledger: Ledger, label: str) -> None:
    widget = QrCodeWidget()
    qtbot.addWidget(widget)
    widget.show()
    widget.show_placeholder("Waiting for the server's QR code…")
    widget.set_code(None, BAD_PNGS[label])
    assert not widget.has_code and widget.payload is None
    widget.set_code("", BAD_PNGS[label])
    assert not widget.has_code
    assert not widget.grab().isNull()  # painting the empty state works
    ledger.add(CAT, bad_inputs=1, **{"input:qr image": 1})


def test_the_qr_widget_falls_back_to_the_image_for_a_payload_no_code_can_hold(qtbot: Any) -> None:
    widget = QrCodeWidget()
    qtbot.addWidget(widget)
    widget.set_code("x" * 5000, VALID_PNG)
    assert widget.has_code and widget.payload is None and widget.module_count == 0


def test_the_qr_widget_does_not_stall_on_a_one_megabyte_payload(qtbot: Any) -> None:
    widget = QrCodeWidget()
    qtbot.addWidget(widget)
    started = time.perf_counter()
    widget.set_code("x" * 1_000_000, None)
    elapsed = time.perf_counter() - started
    assert not widget.has_code
    assert elapsed < 0.2, f"set_code took {elapsed * 1000:.0f} ms on the GUI thread"


QR_ANSWERS: dict[str, dict[str, object]] = {
    "a 1 MB code and unreadable image": {"code": "x" * 1_000_000, "base64": "data:image/png;base64,!!!", "count": 1},
    "empty code, HTML data URL": {"code": "", "base64": "data:text/html;base64,PGh0bWw+PC9odG1sPg==", "count": 2},
    "no code, random bytes as PNG": {
        "code": None,
        "base64": "data:image/png;base64," + BAD_PNGS["random bytes"],
        "count": 3,
    },
    "10 000-character pairing code": {"pairingCode": "Z" * 10_000, "count": 1},
    "wrong types": {"code": ["2@a"], "base64": {"png": 1}, "pairingCode": 12345678, "count": "many"},
    "a code of 3000 characters": {"code": "2@" + "A" * 3000, "count": 4},
}


@pytest.mark.parametrize("label", sorted(QR_ANSWERS))
def test_the_qr_dialog_stays_clear_and_responsive_whatever_qr_the_server_sends(
    qtbot: Any, runner: TaskRunner, tmp_path: Path, ledger: Ledger, label: str
) -> None:
    body = json.dumps(QR_ANSWERS[label]).encode()

    def answer(request: httpx.Request) -> httpx.Response:
        if "/instance/connect/" in request.url.path:
            return httpx.Response(200, content=body)
        return httpx.Response(200, json={"instance": {"instanceName": "qr-01", "state": "connecting"}})

    store = open_store(f"sqlite:///{tmp_path / 'chips.sqlite3'}")
    chip = store.insert_chip(phone="5511987654101", instance_name="qr-01", display_name=None, actor=ANA)
    client = EvolutionClient(
        "http://evo.test", KEY, transport=httpx.MockTransport(answer), breaker=CircuitBreaker(failure_threshold=99)
    )
    policy = QrPolicy(poll_interval=0.1, qr_lifetime=0.3)
    manager = InstanceManager(client, store, actor=ANA, policy=policy)
    before = rows(store)
    with heartbeat() as beat:
        dialog = QrCodeDialog(runner, manager, chip, policy=policy)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.poll_count >= 3, timeout=10000)
        beat.settle(qtbot)
    ledger.peak(CAT, "heartbeat_max_gap_ms", beat.max_gap * 1000)
    beat.check()
    assert dialog.state is QrDialogState.WAITING_FOR_QR, dialog.stateLabel.text()
    assert dialog.stateLabel.text() == "Waiting for QR…"
    assert not dialog.qrImage.has_code and dialog.pairingCodeLabel.text() == "—"
    dialog.close()
    assert rows(store) == before
    client.close()
    store.close()
    ledger.add(CAT, bad_inputs=1, **{"input:qr answer": 1})


def test_a_malformed_api_key_is_named_and_the_chips_still_show(
    qtbot: Any, sim_factory: Any, tmp_path: Path, open_window: Any
) -> None:
    sim: Simulator = sim_factory(api_key="k-123456")
    url = f"sqlite:///{tmp_path / 'chips.sqlite3'}"
    with open_store(url) as store:
        store.insert_chip(phone="5511987654201", instance_name="keyed-01", display_name=None, actor=ANA)
    window = open_window(sim.url, "k-12 3456", url)
    qtbot.waitUntil(
        lambda: (
            window.databaseBanner.isVisible() or (window.model.rowCount() == 1 and window.apiStatusBanner.isVisible())
        ),
        timeout=5000,
    )
    assert not window.databaseBanner.isVisible(), window.databaseBanner.titleLabel.text()
    assert window.model.rowCount() == 1
    shown = window.apiStatusBanner.titleLabel.text() + " " + window.apiStatusBanner.reasonLabel.text()
    assert "API key" in shown and "401" not in shown, shown


def test_the_qr_dialog_never_asks_to_scan_a_code_it_cannot_show(qtbot: Any, runner: TaskRunner, tmp_path: Path) -> None:
    from evodesk.domain import PollResult, QrCode

    store = open_store(f"sqlite:///{tmp_path / 'chips.sqlite3'}")
    chip = store.insert_chip(phone="5511987654301", instance_name="qr-02", display_name=None, actor=ANA)
    client = EvolutionClient("http://127.0.0.1:9", KEY, timeout=0.2)
    manager = InstanceManager(client, store, actor=ANA, policy=QrPolicy(poll_interval=60))
    # Lower-case letters force byte mode: 3000 bytes is more than any QR code holds at level M (2331).
    unrenderable = QrCode(code="2@" + "a" * 3000, png_base64=None, pairing_code=None, count=1)
    dialog = QrCodeDialog(runner, manager, chip, initial=PollResult(QrDialogState.SHOWING_QR, qr=unrenderable))
    qtbot.addWidget(dialog)
    dialog.show()
    shown = dialog.stateLabel.text()
    has_code = dialog.qrImage.has_code
    dialog.close()
    client.close()
    store.close()
    assert has_code or not shown.startswith("Scan the QR code"), shown
