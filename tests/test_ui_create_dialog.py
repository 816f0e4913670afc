"""The create-instance dialog against the real simulator, client, SQLite store and InstanceManager."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from evodesk.domain import Chip, ChipStatus, PollResult, QrDialogState
from evodesk.evolution import EvolutionAuthError
from evodesk.services import InvalidInstanceName, InvalidPhone, NameTakenOnServer, normalise_phone
from evodesk.ui.dialogs.create import CreateInstanceDialog
from evodesk.ui.shared.messages import describe_error
from evodesk.ui.tasks.runner import TaskRunner
from helpers import Rig

pytestmark = pytest.mark.gui


def open_dialog(qtbot: Any, runner: TaskRunner, rig: Rig) -> CreateInstanceDialog:
    dialog = CreateInstanceDialog(runner, rig.manager)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(qtbot: Any, dialog: CreateInstanceDialog, phone: str, name: str = "") -> None:
    dialog.phoneEdit.clear()
    qtbot.keyClicks(dialog.phoneEdit, phone)
    dialog.nameEdit.clear()
    if name:
        qtbot.keyClicks(dialog.nameEdit, name)


def click_create_and_wait_for_error(qtbot: Any, dialog: CreateInstanceDialog) -> str:
    qtbot.mouseClick(dialog.createButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy and bool(dialog.errorLabel.text()), timeout=10000)
    assert dialog.isVisible(), "the dialog stays open for a correction"
    assert dialog.errorLabel.isVisible()
    return str(dialog.errorLabel.text())


def assert_nothing_created(rig: Rig, *, instances: list[str] | None = None, chips: int = 0) -> None:
    assert len(rig.store.list_chips(include_cancelled=True)) == chips
    assert rig.sim.instance_names() == (instances or [])


def test_live_preview_and_default_name(qtbot: Any, runner: TaskRunner, rig: Rig) -> None:
    dialog = open_dialog(qtbot, runner, rig)
    assert dialog.phonePreviewLabel.text() == ""
    qtbot.keyClicks(dialog.phoneEdit, "(11) 99999-8888")
    assert dialog.phonePreviewLabel.text() == "+55 11 99999-8888"
    assert dialog.nameEdit.placeholderText() == "chip-5511999998888"
    qtbot.keyClicks(dialog.phoneEdit, "9")
    assert dialog.phonePreviewLabel.text() == "", "nothing while the number is invalid"
    assert rig.sim.request_count == 0, "typing never calls the server"


def test_bad_phone_shows_an_inline_error_and_creates_nothing(qtbot: Any, runner: TaskRunner, rig: Rig) -> None:
    dialog = open_dialog(qtbot, runner, rig)
    fill(qtbot, dialog, "12")
    qtbot.mouseClick(dialog.createButton, Qt.MouseButton.LeftButton)
    with pytest.raises(InvalidPhone) as raised:
        normalise_phone("12")
    assert dialog.errorLabel.text() == describe_error(raised.value)
    assert dialog.errorLabel.isVisible() and not dialog.busy
    assert dialog.focusWidget() is dialog.phoneEdit
    qtbot.wait(200)
    assert rig.sim.request_count == 0
    assert_nothing_created(rig)

    fill(qtbot, dialog, "")
    qtbot.mouseClick(dialog.createButton, Qt.MouseButton.LeftButton)
    assert dialog.errorLabel.text() == "Type the phone number with its area code."
    assert_nothing_created(rig)


def test_bad_name_shows_an_inline_error_and_creates_nothing(qtbot: Any, runner: TaskRunner, rig: Rig) -> None:
    dialog = open_dialog(qtbot, runner, rig)
    fill(qtbot, dialog, "11 99999-8888", "bad name!")
    qtbot.mouseClick(dialog.createButton, Qt.MouseButton.LeftButton)
    assert dialog.errorLabel.text() == describe_error(InvalidInstanceName("name.characters", ""))
    assert dialog.focusWidget() is dialog.nameEdit
    assert rig.sim.request_count == 0
    assert_nothing_created(rig)


def test_typing_clears_a_stale_error(qtbot: Any, runner: TaskRunner, rig: Rig) -> None:
    dialog = open_dialog(qtbot, runner, rig)
    fill(qtbot, dialog, "12")
    qtbot.mouseClick(dialog.createButton, Qt.MouseButton.LeftButton)
    assert dialog.errorLabel.isVisible()
    qtbot.keyClicks(dialog.phoneEdit, "3")
    assert not dialog.errorLabel.isVisible()


def test_success_emits_created_with_the_chip_and_its_first_qr(qtbot: Any, runner: TaskRunner, rig: Rig) -> None:
    dialog = open_dialog(qtbot, runner, rig)
    fill(qtbot, dialog, "+55 (11) 99999-8888", "shop-01")
    with qtbot.waitSignal(dialog.created, timeout=10000) as made:
        qtbot.mouseClick(dialog.createButton, Qt.MouseButton.LeftButton)
    chip, first = made.args
    assert isinstance(chip, Chip) and isinstance(first, PollResult)
    assert chip.phone == "5511999998888" and chip.instance_name == "shop-01"
    assert chip.status is ChipStatus.PENDING and not chip.evolution_connected
    assert first.state is QrDialogState.SHOWING_QR
    assert first.qr is not None and first.qr.code == rig.sim.current_qr("shop-01")
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [c.instance_name for c in rig.store.list_chips()] == ["shop-01"]


def test_enter_creates_with_the_default_name(qtbot: Any, runner: TaskRunner, rig: Rig) -> None:
    dialog = open_dialog(qtbot, runner, rig)
    fill(qtbot, dialog, "11 98888-7777")
    with qtbot.waitSignal(dialog.created, timeout=10000) as made:
        qtbot.keyClick(dialog.phoneEdit, Qt.Key.Key_Return)
    assert made.args[0].instance_name == "chip-5511988887777"


def test_no_qr_yet_gives_a_waiting_first_state(qtbot: Any, runner: TaskRunner, rig_factory: Callable[..., Rig]) -> None:
    rig = rig_factory(first_qr_delay=30.0)
    dialog = open_dialog(qtbot, runner, rig)
    fill(qtbot, dialog, "11 99999-8888")
    with qtbot.waitSignal(dialog.created, timeout=10000) as made:
        qtbot.mouseClick(dialog.createButton, Qt.MouseButton.LeftButton)
    assert made.args[1].state is QrDialogState.WAITING_FOR_QR


def test_duplicate_phone_is_refused_before_the_server(qtbot: Any, runner: TaskRunner, rig: Rig) -> None:
    rig.manager.create("11 99999-8888", "first")
    requests = rig.sim.request_count
    dialog = open_dialog(qtbot, runner, rig)
    fill(qtbot, dialog, "+55 11 99999-8888", "second")
    text = click_create_and_wait_for_error(qtbot, dialog)
    assert text == "The phone 5511999998888 already has a chip."
    assert dialog.focusWidget() is dialog.phoneEdit
    assert rig.sim.request_count == requests, "refused without calling the server"
    assert_nothing_created(rig, instances=["first"], chips=1)


def test_duplicate_name_in_the_database(qtbot: Any, runner: TaskRunner, rig: Rig) -> None:
    rig.manager.create("11 99999-8888", "shop-01")
    dialog = open_dialog(qtbot, runner, rig)
    fill(qtbot, dialog, "11 98888-7777", "shop-01")
    text = click_create_and_wait_for_error(qtbot, dialog)
    assert text == "The instance name \u201cshop-01\u201d is already in use."
    assert dialog.focusWidget() is dialog.nameEdit
    assert_nothing_created(rig, instances=["shop-01"], chips=1)


def test_name_taken_on_the_server_only(qtbot: Any, runner: TaskRunner, rig: Rig) -> None:
    rig.client.create_instance("shop-01", qrcode=False)  # made by someone else, outside evodesk
    dialog = open_dialog(qtbot, runner, rig)
    fill(qtbot, dialog, "11 99999-8888", "shop-01")
    text = click_create_and_wait_for_error(qtbot, dialog)
    assert text == describe_error(NameTakenOnServer("taken"))
    assert "already has an instance with this name" in text
    assert dialog.focusWidget() is dialog.nameEdit
    assert_nothing_created(rig, instances=["shop-01"])


def test_wrong_api_key_is_explained(qtbot: Any, runner: TaskRunner, rig_factory: Callable[..., Rig]) -> None:
    rig = rig_factory(key="not-the-key")
    dialog = open_dialog(qtbot, runner, rig)
    fill(qtbot, dialog, "11 99999-8888")
    text = click_create_and_wait_for_error(qtbot, dialog)
    assert text == describe_error(EvolutionAuthError("401", status=401))
    assert_nothing_created(rig)


@pytest.mark.parametrize("mode", ["drop", "5xx"])
def test_server_down_is_explained_and_nothing_is_created(qtbot: Any, runner: TaskRunner, rig: Rig, mode: str) -> None:
    rig.sim.set_faults(mode=mode, fail_rate=1.0)
    dialog = open_dialog(qtbot, runner, rig)
    fill(qtbot, dialog, "11 99999-8888")
    text = click_create_and_wait_for_error(qtbot, dialog)
    assert text.startswith(("The connection to the server was cut", "The server failed (HTTP 5"))
    assert len(rig.store.list_chips(include_cancelled=True)) == 0
    # and the operator can simply try again once the server is back
    rig.sim.set_faults(mode="none")
    with qtbot.waitSignal(dialog.created, timeout=10000):
        qtbot.mouseClick(dialog.createButton, Qt.MouseButton.LeftButton)


def test_busy_state_while_creating_and_escape_waits(
    qtbot: Any, runner: TaskRunner, rig_factory: Callable[..., Rig]
) -> None:
    rig = rig_factory(latency=0.6)
    dialog = open_dialog(qtbot, runner, rig)
    fill(qtbot, dialog, "11 99999-8888")
    with qtbot.waitSignal(dialog.created, timeout=10000):
        qtbot.mouseClick(dialog.createButton, Qt.MouseButton.LeftButton)
        assert dialog.busy
        assert not dialog.phoneEdit.isEnabled() and not dialog.nameEdit.isEnabled()
        assert not dialog.createButton.isEnabled()
        assert dialog.busyLabel.isVisible() and dialog.busyLabel.text().startswith("Creating instance…")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible(), "Escape does not abandon a create in progress"
        qtbot.mouseClick(dialog.createButton, Qt.MouseButton.LeftButton)  # disabled: no second create
    assert len(rig.store.list_chips()) == 1


def test_escape_cancels_and_creates_nothing(qtbot: Any, runner: TaskRunner, rig: Rig) -> None:
    dialog = open_dialog(qtbot, runner, rig)
    fill(qtbot, dialog, "11 99999-8888")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert rig.sim.request_count == 0
    assert_nothing_created(rig)
