"""The audit trail says what each event changed: a drop is a drop with its reason, the server's echo of an
operator's own action adds no row, and the details stay in view at 1280 px."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from evodesk.domain import ChipStatus
from evodesk.ui.fleet.audit import AuditView
from evodesk.ui.fleet.export import details_text
from helpers import OpenWindow, Rig, wait_synced


def events_of(rig: Rig, chip_id: int) -> list[tuple[str, ChipStatus | None, ChipStatus | None, str | None]]:
    events = sorted(rig.store.list_events(chip_id=chip_id, limit=100), key=lambda event: event.id)
    return [(event.action, event.status_before, event.status_after, event.details) for event in events]


def test_every_event_says_what_changed_and_a_drop_is_recorded_with_its_reason(fleet: Rig) -> None:
    chip, _qr = fleet.manager.create("11 98765-6601", "trilha-01")
    fleet.sim.simulate_scan("trilha-01", profile_name="Loja Trilha")
    fleet.manager.sync()
    fleet.sim.drop_connection("trilha-01", 401)
    fleet.manager.sync()
    events = events_of(fleet, chip.id)
    assert [action for action, *_ in events] == ["create", "sync", "drop"]
    assert all(details for *_, details in events), events
    assert events[0][3] == "connection_state: (none) → connecting"
    assert events[1][3] is not None and "connection_state: connecting → open" in events[1][3]
    assert "profile_name: (none) → Loja Trilha" in events[1][3]
    assert events[2] == (
        "drop",
        ChipStatus.WARMING,
        ChipStatus.WARMING,
        "connection_state: open → close; disconnect_reason_code: (none) → 401",
    )


def test_the_refresh_after_an_operators_disconnect_adds_no_row(fleet: Rig) -> None:
    chip = fleet.connected("11 98765-6602", "trilha-02")
    fleet.manager.disconnect(chip.id)
    before = events_of(fleet, chip.id)
    assert before[-1][0] == "disconnect" and before[-1][3]
    version = fleet.store.get_chip(chip.id).version
    report = fleet.manager.sync()
    # The server's reason code and time of the logout are an echo of what evodesk recorded: nothing is written.
    assert [change for change in report.changes if change.chip_id == chip.id] == []
    assert fleet.store.get_chip(chip.id).version == version
    after = events_of(fleet, chip.id)
    assert after == before
    assert not [event for event in after if event[1] == event[2] == ChipStatus.PENDING]


@pytest.mark.gui
def test_the_details_column_is_in_view_at_1280_px_and_reads_in_words(
    qtbot, fleet: Rig, open_window: OpenWindow
) -> None:
    fleet.dropped("11 98765-6603", "trilha-03", 401)
    window = open_window()
    wait_synced(qtbot, window)
    window.auditAction.trigger()
    view = window.findChild(QDialog, "auditView")
    assert isinstance(view, AuditView)
    qtbot.waitUntil(lambda: not view.loading and view.model.rowCount() > 0, timeout=5000)
    assert view.width() == 1280
    table = view.table
    assert not table.horizontalScrollBar().isVisible()
    left = table.columnViewportPosition(8)
    assert left >= 0 and table.viewport().width() - left >= 200
    drop = next(row for row in view.model.rows if row.event.action == "drop")
    index = view.model.index(view.model.rows.index(drop), 8)
    assert view.model.data(index) == "Connection: connected → disconnected; Reason code: — → 401"
    assert view.model.data(view.model.index(view.model.rows.index(drop), 5)) == "Connection dropped"
    assert details_text("someone's own words; note: x → y") == "someone's own words; note: x → y"
