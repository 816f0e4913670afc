"""The operator sets a chip's business status by hand: confirmed, recorded, and refused over a stale version."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from evodesk.domain import Actor, ChipStatus
from evodesk.services import ChipConflict
from helpers import OpenWindow, Rig, answer_confirmation, error_boxes, select, wait_synced

pytestmark = pytest.mark.gui


def test_a_status_set_by_hand_is_confirmed_written_and_audited(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    chip = fleet.connected("11 98765-7701", "status-01")
    window = open_window()
    wait_synced(qtbot, window)
    select(qtbot, window, chip)
    status = window.parts.status
    assert status.menu.isEnabled()
    assert not status.actions[ChipStatus.WARMING].isEnabled()  # it is warming already
    # Cancelled: nothing is written.
    questions = answer_confirmation(accept=False)
    status.actions[ChipStatus.ACTIVE].trigger()
    assert questions == ["Mark “status-01” (+55 11 98765-7701) as Active?"]
    assert fleet.store.get_chip(chip.id).status is ChipStatus.WARMING
    # Confirmed: written, shown and audited with the operator's name.
    answer_confirmation(accept=True)
    status.actions[ChipStatus.ACTIVE].trigger()
    qtbot.waitUntil(lambda: fleet.store.get_chip(chip.id).status is ChipStatus.ACTIVE, timeout=5000)
    qtbot.waitUntil(lambda: window.model.chip_by_id(chip.id).status is ChipStatus.ACTIVE, timeout=5000)
    event = fleet.store.list_events(chip_id=chip.id, limit=1)[0]
    assert (event.action, event.status_before, event.status_after) == (
        "set_status",
        ChipStatus.WARMING,
        ChipStatus.ACTIVE,
    )
    assert event.details == "status: warming → active"
    assert event.os_user == fleet.manager.actor.os_user
    qtbot.waitUntil(lambda: "is now Active" in window.statusBar().currentMessage(), timeout=2000)


def test_a_status_changed_meanwhile_by_the_warm_up_process_is_not_overwritten(
    qtbot, fleet: Rig, open_window: OpenWindow
) -> None:
    chip = fleet.connected("11 98765-7702", "status-02")
    window = open_window()
    wait_synced(qtbot, window)
    select(qtbot, window, chip)
    seen = window.model.chip_by_id(chip.id)
    # The warm-up process, another program on the same database, finishes the chip after the window read it.
    fleet.store.update_chip(
        chip.id, expected_version=seen.version, actor=Actor("warmup", "srv-01"), action="warmed", status="active"
    )
    answer_confirmation(accept=True)
    window.parts.status.actions[ChipStatus.PENDING].trigger()
    qtbot.waitUntil(lambda: bool(error_boxes(window)), timeout=5000)
    box = error_boxes(window)[0]
    assert "Someone else changed this chip a moment ago" in box.text()
    box.close()
    assert fleet.store.get_chip(chip.id).status is ChipStatus.ACTIVE
    assert [event.action for event in fleet.store.list_events(chip_id=chip.id, limit=1)] == ["warmed"]
    QApplication.processEvents()


def test_the_service_refuses_a_stale_version_and_the_cancelled_status(fleet: Rig) -> None:
    chip = fleet.connected("11 98765-7703", "status-03")
    with pytest.raises(ChipConflict):
        fleet.manager.set_status(chip.id, ChipStatus.ACTIVE, expected_version=chip.version - 1)
    with pytest.raises(ValueError, match="deleting"):
        fleet.manager.set_status(chip.id, ChipStatus.CANCELLED, expected_version=chip.version)
    assert fleet.store.get_chip(chip.id).status is ChipStatus.WARMING
