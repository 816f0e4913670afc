"""Fleet work attached to the main window: drop notifications and the tray, drift, audit, bulk actions, onboarding.

``FleetFeatures`` owns these pieces and their actions (a "Fleet" menu, a Drift button on the toolbar); the main
window creates it once and tells it about the backend, each refresh and each operator action. The views are built
on first use, so they cost nothing at start.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QBoxLayout, QStyle, QToolBar, QToolButton

from evodesk.domain import Chip, SyncReport
from evodesk.ui.chips.model import StatusFilter
from evodesk.ui.fleet.tray import Drop, DropNotice, DropWatcher, FleetTray

if TYPE_CHECKING:
    from evodesk.services import InstanceManager
    from evodesk.ui.actions.bulk import BulkDialog
    from evodesk.ui.fleet.audit import AuditView, CsvExporter
    from evodesk.ui.fleet.drift import DriftView
    from evodesk.ui.fleet.onboarding import OnboardingDialog
    from evodesk.ui.tasks.runner import TaskRunner
    from evodesk.ui.window.main_window import MainWindow

log = logging.getLogger("evodesk.ui.fleet")

# Actions run through the bulk dialog when more than one chip is selected.
BULK_ACTIONS = ("disconnect", "restart", "delete")


class FleetFeatures(QObject):
    """The fleet-level features of a ``MainWindow``; see the module docstring.

    ``tray_available`` overrides the desktop's answer (tests, and platforms that lie about it).
    """

    def __init__(self, window: MainWindow, runner: TaskRunner, *, tray_available: bool | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.runner = runner
        self.manager: InstanceManager | None = None
        self.drift: DriftView | None = None
        self.audit: AuditView | None = None
        self.onboarding: OnboardingDialog | None = None
        self.bulk: BulkDialog | None = None
        self._exporter: CsvExporter | None = None
        self._pending_drops: list[Drop] = []

        self.watcher = DropWatcher(self)
        self.tray = FleetTray(self, available=tray_available)
        self.notice = DropNotice(window.centralWidget())
        layout = window.centralWidget().layout()
        if isinstance(layout, QBoxLayout):
            # Under the two banners, above the table.
            layout.insertWidget(min(2, layout.count()), self.notice)
        self._build_actions()

        self.watcher.notified.connect(self._on_notified)
        self.tray.showRequested.connect(self.show_window)
        self.tray.refreshRequested.connect(window.refresh_now)
        self.tray.quitRequested.connect(window.close)
        self.tray.reconnectRequested.connect(self.reconnect_chip)
        self.tray.attentionRequested.connect(self.show_attention)
        self.notice.reconnectRequested.connect(self.reconnect_chip)
        self.notice.attentionRequested.connect(self.show_attention)
        window.model.summaryChanged.connect(self.tray.set_summary)
        self.tray.set_summary(window.model.summary)

    # -- construction ----------------------------------------------------------------------------------

    def _action(self, object_name: str, text: str, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(object_name)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.setEnabled(False)
        self.window.addAction(action)
        return action

    def _build_actions(self) -> None:
        window = self.window
        self.driftAction = self._action(
            "driftAction",
            self.tr("Drift"),
            self.tr("Where the server and the database disagree: unknown instances, missing ones, ghost connections"),
        )
        self.driftAction.triggered.connect(self.open_drift)
        self.auditAction = self._action(
            "auditAction", self.tr("Audit trail…"), self.tr("Who did what to which chip, and when")
        )
        self.auditAction.triggered.connect(self.open_audit)
        self.onboardAction = self._action(
            "onboardAction",
            self.tr("Add several numbers…"),
            self.tr("Paste a list of phone numbers: each is checked, created and linked in turn"),
        )
        self.onboardAction.triggered.connect(self.open_onboarding)
        self.exportChipsAction = self._action(
            "exportChipsAction",
            self.tr("Export chips (CSV)…"),
            self.tr("Save the chips listed (current search and filter) as a CSV file for Excel"),
        )
        self.exportChipsAction.triggered.connect(self.ask_export_chips)

        menu = window.menuBar().addMenu(self.tr("F&leet"))
        menu.setObjectName("fleetMenu")
        menu.addAction(self.onboardAction)
        menu.addSeparator()
        menu.addAction(self.driftAction)
        menu.addAction(self.auditAction)
        menu.addSeparator()
        menu.addAction(self.exportChipsAction)

        toolbar = window.findChild(QToolBar, "mainToolBar")
        if toolbar is not None:
            self.driftButton = QToolButton(toolbar)
            self.driftButton.setObjectName("driftButton")
            self.driftButton.setDefaultAction(self.driftAction)
            self.driftButton.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            separator = next((action for action in toolbar.actions() if action.isSeparator()), None)
            if separator is not None:
                toolbar.insertWidget(separator, self.driftButton)
            else:
                toolbar.addWidget(self.driftButton)
        self._set_drift_count(0)

    # -- what the window tells -------------------------------------------------------------------------

    def backend_ready(self, manager: InstanceManager) -> None:
        """The database is open: the views that read it can be used."""
        self.manager = manager
        for action in (self.driftAction, self.auditAction, self.onboardAction, self.exportChipsAction):
            action.setEnabled(True)

    def sync_started(self) -> None:
        """A fleet refresh was sent."""
        self.watcher.sync_started()

    def on_synced(self, report: SyncReport) -> None:
        """A refresh answered: announce drops, update the drift view and its count."""
        self.watcher.observe(report)
        drift = self._drift_view()
        if drift is not None:
            drift.set_report(report)
        if self.notice.drops:
            self.notice.forget(chip.id for chip in report.chips if chip.is_cancelled or chip.evolution_connected)

    def expect(self, chips: Sequence[Chip]) -> None:
        """An operator action from this window starts on ``chips``: what it causes is not a drop."""
        self.watcher.expect(chip.id for chip in chips)

    def action_finished(self, chips: Sequence[Chip]) -> None:
        """The operator action on ``chips`` ended."""
        self.watcher.action_finished(chip.id for chip in chips)
        self.notice.forget(chip.id for chip in chips)

    def shutdown(self) -> None:
        """The window is closing: leave the tray, close the views."""
        self.tray.close()
        for dialog in (self.drift, self.audit, self.onboarding, self.bulk):
            if dialog is not None:
                dialog.close()

    # -- notifications ---------------------------------------------------------------------------------

    @Slot(object, str)
    def _on_notified(self, chip: Chip, reason: str) -> None:
        # The drops of one refresh arrive one signal each; they are shown as one message once the refresh's
        # signals are all delivered, so fifty chips dropping together make one message, not fifty.
        if not self._pending_drops:
            QTimer.singleShot(0, self, self._flush_drops)
        self._pending_drops.append(Drop(chip, reason))

    @Slot()
    def _flush_drops(self) -> None:
        drops, self._pending_drops = self._pending_drops, []
        if not drops:
            return
        log.info("chips disconnected: %s", ", ".join(f"{d.chip.instance_name} ({d.reason})" for d in drops))
        self.notice.show_drops(drops)
        self.tray.show_drops(drops)

    @Slot()
    def show_window(self) -> None:
        """Bring the main window to the front."""
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()

    @Slot(int)
    def reconnect_chip(self, chip_id: int) -> None:
        """Show the window and the QR dialog of a chip that dropped."""
        from evodesk.ui.window.main_window import ChipAction, allowed

        self.show_window()
        self.notice.forget([chip_id])
        chip = self.window.model.chip_by_id(chip_id)
        if chip is None:
            return
        self.window.select_chip(chip_id)
        if allowed(ChipAction.RECONNECT, chip):
            self.window.reconnect(chip)

    @Slot()
    def show_attention(self) -> None:
        """Show the window filtered to the chips that need attention."""
        self.show_window()
        self.notice.dismiss()
        combo = self.window.statusFilter
        combo.setCurrentIndex(combo.findData(StatusFilter.ATTENTION.value))

    # -- drift -----------------------------------------------------------------------------------------

    def _drift_view(self) -> DriftView | None:
        if self.drift is None and self.manager is not None:
            from evodesk.ui.fleet.drift import DriftView, chips_in_view

            window = self.window
            self.drift = DriftView(
                self.runner, self.manager, lambda: chips_in_view(window.chipsTable, window.proxy), window
            )
            self.drift.chipChanged.connect(window.model.update_chip)
            self.drift.syncRequested.connect(window.request_sync)
            self.drift.reconnectRequested.connect(self._reconnect_from_drift)
            self.drift.countChanged.connect(self._set_drift_count)
        return self.drift

    @Slot()
    def open_drift(self) -> DriftView | None:
        """Show the drift view (it checks the connected chips in view as it opens)."""
        drift = self._drift_view()
        if drift is None:
            return None
        if drift.isVisible():
            drift.raise_()
            drift.activateWindow()
            drift.check_ghosts()
        else:
            drift.show()
        return drift

    @Slot(object)
    def _reconnect_from_drift(self, chip: Chip) -> None:
        self.window.model.update_chip(chip)
        self.window.reconnect(chip)

    @Slot(int)
    def _set_drift_count(self, count: int) -> None:
        if count:
            self.driftAction.setText(self.tr("Drift ({count})").format(count=count))
            self.driftAction.setIcon(self.window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
        else:
            self.driftAction.setText(self.tr("Drift"))
            self.driftAction.setIcon(self.window.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton))

    # -- audit and export ------------------------------------------------------------------------------

    @Slot()
    def open_audit(self) -> AuditView | None:
        """Show the audit trail (reloaded each time it opens)."""
        if self.manager is None:
            return None
        if self.audit is None:
            from evodesk.ui.fleet.audit import AuditView

            self.audit = AuditView(self.runner, self.manager, self.window)
        if self.audit.isVisible():
            self.audit.raise_()
            self.audit.reload()
        else:
            self.audit.show()
        return self.audit

    def _csv_exporter(self) -> CsvExporter:
        if self._exporter is None:
            from evodesk.ui.fleet.audit import CsvExporter

            self._exporter = CsvExporter(self.runner, self)
            self._exporter.exported.connect(self._on_chips_exported)
            self._exporter.failed.connect(self._on_chips_export_failed)
        return self._exporter

    def shown_chips(self) -> list[Chip]:
        """The chips of the table's rows, in their order (current search, filter and sort)."""
        proxy = self.window.proxy
        chips = [proxy.chip(proxy.index(row, 0)) for row in range(proxy.rowCount())]
        return [chip for chip in chips if chip is not None]

    @Slot()
    def ask_export_chips(self) -> None:
        """Ask where to save the chips listed, then write them."""
        name = f"evodesk-chips-{datetime.now().strftime('%Y%m%d-%H%M')}.csv"
        self._csv_exporter().ask(self.window, self.tr("Export the chips list"), name, self.export_chips)

    @Slot(str)
    def export_chips(self, path: str) -> None:
        """Write the chips listed now to ``path``, on a worker."""
        from evodesk.ui.fleet.audit import export_chips_csv

        chips, model = self.shown_chips(), self.window.model
        self.window.statusBar().showMessage(self.tr("Saving {path}…").format(path=path))
        self._csv_exporter().export(path, lambda target: export_chips_csv(target, model, chips))

    @Slot(str, int)
    def _on_chips_exported(self, path: str, count: int) -> None:
        self.window.statusBar().showMessage(self.tr("{count} chip(s) saved to {path}").format(count=count, path=path))

    @Slot(str, str)
    def _on_chips_export_failed(self, path: str, reason: str) -> None:
        self.window.show_error(self.tr("Export failed"), self.tr("{path}: {reason}").format(path=path, reason=reason))

    # -- bulk actions ----------------------------------------------------------------------------------

    def run_bulk(self, action: str, chips: Sequence[Chip]) -> BulkDialog | None:
        """One confirmation naming the count, then the chips one after another in the progress dialog."""
        from evodesk.ui.actions.bulk import BulkDialog, BulkRun, confirm_bulk
        from evodesk.ui.window.main_window import allowed

        if self.manager is None or not chips:
            return None
        if self.bulk is not None and self.bulk.run.running:
            # One bulk action at a time: the operator sees the one under way instead.
            self.window.statusBar().showMessage(self.tr("Another action on several chips is still running."), 10000)
            self.bulk.raise_()
            return None
        if not confirm_bulk(self.window, action, chips):
            return None
        window = self.window
        model = window.model
        chips = list(chips)
        self.expect(chips)
        model.set_busy([chip.id for chip in chips], True)
        run = BulkRun(self.runner, self.manager, action, chips, current=model.chip_by_id, applies=allowed)
        # The row stays busy until its own turn has come and gone, so nobody acts on it twice meanwhile.
        run.chipFinished.connect(self._on_bulk_chip_finished)
        run.finished.connect(self._on_bulk_finished)
        dialog = BulkDialog(run, window)
        run.setParent(dialog)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._forget_bulk)
        self.bulk = dialog
        dialog.open()
        run.start()
        return dialog

    @Slot(object)
    def _on_bulk_chip_finished(self, result: object) -> None:
        from evodesk.ui.actions.bulk import BulkResult

        assert isinstance(result, BulkResult)
        model = self.window.model
        model.set_busy([result.chip.id], False)
        if result.updated is not None:
            model.update_chip(result.updated)
        self.action_finished([result.chip])

    @Slot(object)
    def _on_bulk_finished(self, results: list[object]) -> None:
        from evodesk.ui.actions.bulk import BulkResult

        chips = [result.chip for result in results if isinstance(result, BulkResult)]
        self.window.model.set_busy([chip.id for chip in chips], False)
        self.action_finished(chips)
        self.window.request_sync()

    @Slot()
    def _forget_bulk(self) -> None:
        self.bulk = None

    # -- onboarding ------------------------------------------------------------------------------------

    @Slot()
    def open_onboarding(self) -> OnboardingDialog | None:
        """Open the batch onboarding dialog (one at a time)."""
        if self.manager is None:
            return None
        if self.onboarding is not None:
            self.onboarding.raise_()
            self.onboarding.activateWindow()
            return self.onboarding
        from evodesk.ui.fleet.onboarding import OnboardingDialog

        window = self.window
        dialog = OnboardingDialog(self.runner, self.manager, simulator=window.simulator, parent=window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chipChanged.connect(window.model.update_chip)
        dialog.walkFinished.connect(window.request_sync)
        dialog.destroyed.connect(self._forget_onboarding)
        self.onboarding = dialog
        dialog.open()
        return dialog

    @Slot()
    def _forget_onboarding(self) -> None:
        self.onboarding = None
