"""Batch onboarding: the whole list checked before anything is created, then each number linked in turn."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from evodesk.ui.fleet.onboarding import OnboardingDialog, Step
from evodesk.ui.window.main_window import MainWindow
from helpers import OpenWindow, Rig, wait_synced

pytestmark = pytest.mark.gui


def open_onboarding(window: MainWindow) -> OnboardingDialog:
    window.onboardAction.trigger()
    dialog = window.findChild(QDialog, "onboardingDialog")
    assert isinstance(dialog, OnboardingDialog) and dialog.isVisible()
    return dialog


def submit(qtbot, dialog: OnboardingDialog, text: str) -> None:
    dialog.phonesEdit.setPlainText(text)
    qtbot.mouseClick(dialog.startButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.checking, timeout=5000)


def qr_dialog(dialog: OnboardingDialog) -> QDialog | None:
    shown = dialog.qr_dialog
    return shown if shown is not None and shown.isVisible() else None


def evolution_calls(fleet: Rig) -> list[str]:
    return [f"{method} {path}" for _at, method, path in fleet.sim.requests()]


def test_a_batch_with_one_invalid_number_is_refused_before_anything_is_created(
    qtbot, fleet: Rig, open_window: OpenWindow
) -> None:
    window = open_window()
    wait_synced(qtbot, window)
    fleet.sim.reset_stats()
    dialog = open_onboarding(window)
    submit(qtbot, dialog, "11 98765-6001\n11 98765-6002\n11 9876\n21 99876-6004\n31 98888-6005\n")
    assert dialog.problemsLabel.isVisible()
    text = dialog.problemsLabel.text()
    assert "Nothing was created" in text
    assert "Line 3: “11 9876” — This is not a valid phone number." in text
    assert text.count("<li>") == 1
    assert dialog.pages.currentIndex() == 0 and dialog.items == []
    assert fleet.store.list_chips() == []
    assert evolution_calls(fleet) == []
    assert dialog.qr_dialog is None


def test_repeats_and_numbers_already_in_use_are_refused_too(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    existing = fleet.waiting("21 99876-6101", "loja-rj")
    window = open_window()
    wait_synced(qtbot, window)
    fleet.sim.reset_stats()
    dialog = open_onboarding(window)
    submit(qtbot, dialog, "11 98765-6102; 21 99876-6101\n11987656102, abc")
    text = dialog.problemsLabel.text()
    assert "Line 1: “21 99876-6101” — already has a chip (“loja-rj”)" in text
    assert "Line 2: “11987656102” — repeated (already on line 1)" in text
    assert "Line 2: “abc” — A phone number may contain only digits" in text
    assert [chip.id for chip in fleet.store.list_chips()] == [existing.id]
    assert evolution_calls(fleet) == []
    # Fixed, it goes ahead.
    submit(qtbot, dialog, "11 98765-6102")
    assert dialog.pages.currentIndex() == 1
    qtbot.waitUntil(lambda: qr_dialog(dialog) is not None, timeout=5000)
    dialog.reject()


def test_each_number_is_created_and_linked_in_turn_with_skip_retry_and_a_summary(
    qtbot, fleet: Rig, open_window: OpenWindow
) -> None:
    window = open_window(poll_interval=0.3)
    wait_synced(qtbot, window)
    dialog = open_onboarding(window)
    submit(qtbot, dialog, "11 98765-6201\n11 98765-6202\n11 98765-6203")
    assert [item.entry.digits for item in dialog.items] == ["5511987656201", "5511987656202", "5511987656203"]

    # First: scanned, connected; the next QR dialog opens by itself.
    qtbot.waitUntil(lambda: qr_dialog(dialog) is not None, timeout=5000)
    first = qr_dialog(dialog)
    assert first is not None and first.chip.instance_name == "chip-5511987656201"  # type: ignore[attr-defined]
    assert "Number 1 of 3" in dialog.currentLabel.text()
    qtbot.waitUntil(lambda: fleet.sim.current_qr("chip-5511987656201") is not None, timeout=5000)
    fleet.sim.simulate_scan("chip-5511987656201", profile_name="Primeiro")
    qtbot.waitUntil(lambda: dialog.items[0].step is Step.CONNECTED, timeout=8000)
    qtbot.waitUntil(
        lambda: (d := qr_dialog(dialog)) is not None and d.chip.instance_name == "chip-5511987656202",  # type: ignore[attr-defined]
        timeout=8000,
    )
    # The window lists the new chips as they are created.
    qtbot.waitUntil(lambda: {c.instance_name for c in window.model.chips} >= {"chip-5511987656201"}, timeout=3000)

    # Second: skipped with the dialog's button.
    qtbot.mouseClick(dialog.skipButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (d := qr_dialog(dialog)) is not None and d.chip.instance_name == "chip-5511987656203",  # type: ignore[attr-defined]
        timeout=8000,
    )
    assert dialog.items[1].step is Step.SKIPPED
    # Third: its QR dialog closed by the operator.
    third = qr_dialog(dialog)
    assert third is not None
    third.reject()
    qtbot.waitUntil(lambda: not dialog.walking, timeout=5000)
    assert [item.step for item in dialog.items] == [Step.CONNECTED, Step.SKIPPED, Step.SKIPPED]
    assert dialog.summaryLabel.text() == "1 connected · 2 skipped · 0 failed"
    assert "QR code closed before the phone was linked" in dialog.model.step_text(dialog.items[2])
    assert {chip.instance_name for chip in fleet.store.list_chips()} == {
        "chip-5511987656201",
        "chip-5511987656202",
        "chip-5511987656203",
    }

    # Retry the skipped second number: its chip exists, so it is reconnected (no second create).
    dialog.table.selectRow(1)
    assert dialog.retryButton.isEnabled()
    fleet.sim.reset_stats()
    qtbot.mouseClick(dialog.retryButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: qr_dialog(dialog) is not None, timeout=5000)
    assert not any("/instance/create" in call for call in evolution_calls(fleet))
    qtbot.waitUntil(lambda: fleet.sim.current_qr("chip-5511987656202") is not None, timeout=5000)
    fleet.sim.simulate_scan("chip-5511987656202")
    qtbot.waitUntil(lambda: dialog.items[1].step is Step.CONNECTED, timeout=8000)
    qtbot.waitUntil(lambda: not dialog.walking, timeout=8000)
    assert dialog.summaryLabel.text() == "2 connected · 1 skipped · 0 failed"
    stored = fleet.store.find_chip(phone="5511987656202")
    assert stored is not None and stored.evolution_connected
    dialog.closeButton.click()


def test_a_number_the_server_refuses_is_reported_failed_and_the_walk_goes_on(
    qtbot, fleet: Rig, open_window: OpenWindow
) -> None:
    # Another tool already made an instance with the name evodesk would give this number.
    fleet.manager.client.create_instance("chip-5511987656301")
    window = open_window()
    wait_synced(qtbot, window)
    dialog = open_onboarding(window)
    submit(qtbot, dialog, "11 98765-6301, 11 98765-6302")
    qtbot.waitUntil(lambda: qr_dialog(dialog) is not None, timeout=8000)
    assert dialog.items[0].step is Step.FAILED
    assert "already has an instance with this name" in dialog.items[0].message
    shown = qr_dialog(dialog)
    assert shown is not None and shown.chip.instance_name == "chip-5511987656302"  # type: ignore[attr-defined]
    shown.reject()
    qtbot.waitUntil(lambda: not dialog.walking, timeout=5000)
    assert dialog.summaryLabel.text() == "0 connected · 1 skipped · 1 failed"
    dialog.reject()


def test_numbers_separated_by_spaces_on_one_line_are_read_as_several(
    qtbot, fleet: Rig, open_window: OpenWindow
) -> None:
    window = open_window()
    wait_synced(qtbot, window)
    dialog = open_onboarding(window)
    submit(qtbot, dialog, "41 99999-1111 51 98888-2222")
    assert not dialog.problemsLabel.isVisible(), dialog.problemsLabel.text()
    assert [item.entry.digits for item in dialog.items] == ["5541999991111", "5551988882222"]
    qtbot.waitUntil(lambda: qr_dialog(dialog) is not None, timeout=5000)
    shown = qr_dialog(dialog)
    assert shown is not None
    assert shown.windowTitle() == "Link WhatsApp — number 1 of 2: +55 41 99999-1111 (chip-5541999991111)"
    dialog.reject()


def test_invalid_and_repeated_lines_can_be_left_out_and_the_rest_goes_on(
    qtbot, fleet: Rig, open_window: OpenWindow
) -> None:
    fleet.waiting("21 99876-6201", "loja-rj")
    window = open_window()
    wait_synced(qtbot, window)
    dialog = open_onboarding(window)
    submit(qtbot, dialog, "11 98765-6202\n11 8765-6203\n11987656202\n21 99876-6201\n31 98888-6204")
    text = dialog.problemsLabel.text()
    assert "Line 2: “11 8765-6203” — This looks like a mobile number without the 9" in text
    assert "Did you mean (11) 98765-6203?" in text
    assert "Include the area code" not in text
    assert dialog.leaveOutButton.isVisible()
    assert dialog.leaveOutButton.text() == "Leave them out and go on with 2 numbers"
    assert len(fleet.store.list_chips()) == 1
    qtbot.mouseClick(dialog.leaveOutButton, Qt.MouseButton.LeftButton)
    assert dialog.pages.currentIndex() == 1
    assert [item.entry.digits for item in dialog.items] == ["5511987656202", "5531988886204"]
    qtbot.waitUntil(lambda: qr_dialog(dialog) is not None, timeout=5000)
    shown = qr_dialog(dialog)
    assert shown is not None and "number 1 of 2" in shown.windowTitle()
    dialog.reject()
