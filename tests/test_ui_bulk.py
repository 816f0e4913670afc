"""Bulk actions: one confirmation naming the count, one chip after another, every chip's outcome reported."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QTableView

from evodesk.domain import Chip, ChipStatus, ConnectionState
from evodesk.evolution import EvolutionClient
from evodesk.services import InstanceManager
from evodesk.store import open_store
from evodesk.ui.actions.bulk import BulkDialog, BulkRun, Outcome
from evodesk.ui.tasks.runner import TaskRunner
from evodesk.ui.window.main_window import MainWindow
from helpers import OpenWindow, Rig, answer_confirmation, wait_synced

pytestmark = pytest.mark.gui


def bulk_dialog(window: MainWindow) -> BulkDialog:
    dialog = window.findChild(QDialog, "bulkProgress")
    assert isinstance(dialog, BulkDialog)
    return dialog


def result_lines(dialog: BulkDialog) -> dict[str, str]:
    view = dialog.findChild(QTableView, "bulkResult")
    assert view is not None
    model = view.model()
    return {model.index(row, 1).data(): model.index(row, 2).data() for row in range(model.rowCount())}


def test_bulk_delete_of_20_chips_reports_exactly_the_3_the_server_refused(
    qtbot, fleet: Rig, open_window: OpenWindow
) -> None:
    chips = [fleet.waiting(f"11 98765-56{n:02d}", f"bulk-{n:02d}") for n in range(20)]
    failing = {"bulk-03", "bulk-10", "bulk-16"}
    for name in failing:
        fleet.sim.fail_instance(name, mode="5xx")
    window = open_window()
    wait_synced(qtbot, window)
    window.chipsTable.selectAll()
    QApplication.processEvents()
    assert len(window.selected_chips()) == 20 and window.deleteAction.isEnabled()
    questions = answer_confirmation(accept=True)
    window.deleteAction.trigger()
    assert len(questions) == 1 and questions[0].startswith("Delete these 20 chips?")
    assert "bulk-00" in questions[0] and "… and 12 more" in questions[0]

    dialog = bulk_dialog(window)
    qtbot.waitUntil(lambda: dialog.finished_run, timeout=30000)
    outcomes = {result.chip.instance_name: result.outcome for result in dialog.run.results}
    assert {name for name, outcome in outcomes.items() if outcome is not Outcome.DONE} == failing
    assert sum(outcome is Outcome.DONE for outcome in outcomes.values()) == 17
    lines = result_lines(dialog)
    assert len(lines) == 20
    for name in failing:
        assert lines[name].startswith("The server failed (HTTP 5"), lines[name]
    assert lines["bulk-00"] == "Deleted"
    assert dialog.summaryLabel.text() == "17 done · 3 failed"
    assert "Finished with problems" in dialog.statusLabel.text()
    assert dialog.progressBar.value() == 20

    # The database and the server agree with the report.
    for chip in chips:
        stored = fleet.store.get_chip(chip.id)
        assert (stored.status is ChipStatus.CANCELLED) is (chip.instance_name not in failing), chip.instance_name
    assert failing <= set(fleet.sim.instance_names())
    # One chip at a time: the server never saw two deletes at once.
    deletes = [at for at, method, path in fleet.sim.requests() if method == "DELETE" and "/delete/" in path]
    assert len(deletes) == 20
    qtbot.waitUntil(lambda: not any(window.model.is_busy(chip.id) for chip in chips), timeout=5000)
    dialog.closeButton.click()
    qtbot.waitUntil(lambda: window.findChild(QDialog, "bulkProgress") is None, timeout=2000)


def test_bulk_restart_asks_once_and_cancel_stops_after_the_current_chip(
    qtbot, fleet: Rig, open_window: OpenWindow
) -> None:
    chips = [fleet.connected(f"11 98765-57{n:02d}", f"restart-{n:02d}") for n in range(5)]
    window = open_window()
    wait_synced(qtbot, window)
    fleet.sim.set_faults(latency=0.3)
    window.chipsTable.selectAll()
    QApplication.processEvents()
    questions = answer_confirmation(accept=True)
    window.restartAction.trigger()
    assert questions and questions[0].startswith("Restart these 5 chips?")
    dialog = bulk_dialog(window)
    qtbot.waitUntil(lambda: "Restarting 1 of 5" in dialog.statusLabel.text(), timeout=5000)
    qtbot.mouseClick(dialog.cancelButton, Qt.MouseButton.LeftButton)
    assert not dialog.cancelButton.isEnabled()
    # Closing while it runs only cancels.
    dialog.reject()
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.finished_run, timeout=10000)
    fleet.sim.set_faults(latency=0.0)
    results = dialog.run.results
    assert [r.outcome for r in results] == [Outcome.DONE] + [Outcome.NOT_STARTED] * 4
    restarts = [path for _at, method, path in fleet.sim.requests() if method == "POST" and "/restart/" in path]
    assert restarts == [f"/instance/restart/{results[0].chip.instance_name}"]
    assert dialog.summaryLabel.text() == "1 done · 4 not done (cancelled)"
    assert result_lines(dialog)[results[1].chip.instance_name] == "Not done: cancelled before this chip"
    assert {chip.id for chip in chips} == {r.chip.id for r in results}
    qtbot.waitUntil(lambda: not any(window.model.is_busy(chip.id) for chip in chips), timeout=5000)


def test_declining_the_bulk_confirmation_does_nothing(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    for n in range(3):
        fleet.connected(f"11 98765-58{n:02d}", f"keep-{n:02d}")
    window = open_window()
    wait_synced(qtbot, window)
    window.chipsTable.selectAll()
    QApplication.processEvents()
    fleet.sim.reset_stats()
    questions = answer_confirmation(accept=False)
    window.disconnectAction.trigger()
    assert questions and questions[0].startswith("Disconnect these 3 chips?")
    qtbot.wait(200)
    assert window.findChild(QDialog, "bulkProgress") is None
    assert not any("/logout/" in path for _at, _method, path in fleet.sim.requests())


@pytest.fixture
def short_wait_manager(fleet: Rig) -> Iterator[InstanceManager]:
    """A manager on the fleet's database that gives up on a locked SQLite file after 200 ms."""
    store = open_store(fleet.url, sqlite_busy_timeout_ms=200)
    client = EvolutionClient(fleet.sim.url, "test-key")
    try:
        yield InstanceManager(client, store)
    finally:
        client.close()
        store.close()


def test_done_on_the_server_but_not_recorded_is_reported_as_such(
    qtbot, fleet: Rig, short_wait_manager: InstanceManager
) -> None:
    chips: list[Chip] = [fleet.connected(f"11 98765-59{n:02d}", f"unrecorded-{n:02d}") for n in range(2)]
    runner = TaskRunner()
    run = BulkRun(runner, short_wait_manager, "disconnect", chips)
    dialog = BulkDialog(run)
    qtbot.addWidget(dialog)
    database = Path(fleet.url.removeprefix("sqlite:///"))
    # Another program holds the write lock: reads still work, the write after the logout cannot happen.
    blocker = sqlite3.connect(database, timeout=0)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        dialog.show()
        run.start()
        qtbot.waitUntil(lambda: dialog.finished_run, timeout=15000)
    finally:
        blocker.rollback()
        blocker.close()
        runner.shutdown(5000)
    assert [r.outcome for r in run.results] == [Outcome.NOT_RECORDED, Outcome.NOT_RECORDED]
    for result in run.results:
        assert result.message.startswith("Disconnected on the server, but the database could not record it")
        # The server did log out; the database still says open until the next refresh repairs it.
        assert fleet.sim.state_of(result.chip.instance_name) == "close"
        assert fleet.store.get_chip(result.chip.id).connection_state is ConnectionState.OPEN
    assert dialog.summaryLabel.text() == "0 done · 2 done on the server but not recorded"
    fleet.manager.sync()
    assert all(fleet.store.get_chip(chip.id).connection_state is ConnectionState.CLOSE for chip in chips)
