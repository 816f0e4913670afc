"""Fleet work beside the chips page: drop notifications and the tray, drift, audit, CSV export, onboarding.

``FleetFeatures`` owns these pieces and their actions (a "Fleet" menu, a Drift button on the toolbar). It is
given the chips page and the controllers it works with, and reaches the window only through its signals. The
views are built on first use, so they cost nothing at start.
"""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenuBar, QStyle, QToolBar, QToolButton, QWidget

from evodesk.domain import Chip, SyncReport
from evodesk.services import InstanceManager
from evodesk.ui.actions.chip_action import ChipAction, allowed
from evodesk.ui.actions.controller import ActionsController
from evodesk.ui.chips.filters import StatusFilter
from evodesk.ui.chips.page import ChipsPage
from evodesk.ui.fleet.audit import AuditView
from evodesk.ui.fleet.drift import DriftView
from evodesk.ui.fleet.export import CsvExporter, export_chips_csv
from evodesk.ui.fleet.ghosts import chips_in_view
from evodesk.ui.fleet.onboarding import OnboardingDialog
from evodesk.ui.fleet.tray import Drop, DropNotice, DropWatcher, FleetTray
from evodesk.ui.shared.demo import ScanSimulator
from evodesk.ui.tasks.runner import TaskRunner
from evodesk.ui.window.refresh import RefreshController

log = logging.getLogger("evodesk.ui.fleet")


class FleetFeatures(QObject):
    """The fleet-level features beside a chips page; see the module docstring.

    ``dialog_parent`` is the widget the views belong to (and whose actions' shortcuts they share); the menu bar
    gets a "Fleet" menu and the toolbar a Drift button. ``tray_available`` overrides the desktop's answer (tests,
    and platforms that lie about it).
    """

    # The operator asked for the window (tray, notice).
    showRequested = Signal()
    # The tray's Quit.
    quitRequested = Signal()
    # The tray's Refresh (as F5: a probe goes through even while the server is marked unreachable).
    refreshRequested = Signal()
    # A line for the status bar, and for how long (ms; 0 until replaced).
    message = Signal(str, int)
    # Something failed: (title, text) for an error box.
    failed = Signal(str, str)

    def __init__(
        self,
        runner: TaskRunner,
        page: ChipsPage,
        refresh: RefreshController,
        actions: ActionsController,
        dialog_parent: QWidget,
        menu_bar: QMenuBar,
        toolbar: QToolBar,
        *,
        simulator: ScanSimulator | None = None,
        tray_available: bool | None = None,
    ) -> None:
        super().__init__(dialog_parent)
        self.runner = runner
        self.page = page
        self.refresh = refresh
        self.actions = actions
        self._parent = dialog_parent
        self._simulator = simulator
        self.manager: InstanceManager | None = None
        self.drift: DriftView | None = None
        self.audit: AuditView | None = None
        self.onboarding: OnboardingDialog | None = None
        self._exporter: CsvExporter | None = None
        self._pending_drops: list[Drop] = []

        self.watcher = DropWatcher(self)
        self.tray = FleetTray(self, available=tray_available)
        self.notice = DropNotice(page)
        page.add_notice(self.notice)
        self._build_actions(menu_bar, toolbar)

        self.watcher.notified.connect(self._on_notified)
        self.tray.showRequested.connect(self.showRequested)
        self.tray.refreshRequested.connect(self.refreshRequested)
        self.tray.quitRequested.connect(self.quitRequested)
        self.tray.reconnectRequested.connect(self.reconnect_chip)
        self.tray.attentionRequested.connect(self.show_attention)
        self.notice.reconnectRequested.connect(self.reconnect_chip)
        self.notice.attentionRequested.connect(self.show_attention)
        page.model.summaryChanged.connect(self.tray.set_summary)
        self.tray.set_summary(page.model.summary)
        refresh.started.connect(self.watcher.sync_started)
        refresh.synced.connect(self.on_synced)
        actions.actionStarted.connect(self.expect)
        actions.actionFinished.connect(self.action_finished)

    # -- construction ----------------------------------------------------------------------------------

    def _action(self, object_name: str, text: str, tip: str) -> QAction:
        action = QAction(text, self._parent)
        action.setObjectName(object_name)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.setEnabled(False)
        self._parent.addAction(action)
        return action

    def _build_actions(self, menu_bar: QMenuBar, toolbar: QToolBar) -> None:
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

        menu = menu_bar.addMenu(self.tr("F&leet"))
        menu.setObjectName("fleetMenu")
        menu.addAction(self.onboardAction)
        menu.addSeparator()
        menu.addAction(self.driftAction)
        menu.addAction(self.auditAction)
        menu.addSeparator()
        menu.addAction(self.exportChipsAction)

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

    # -- what the window and the controllers tell -------------------------------------------------------

    def backend_ready(self, manager: InstanceManager) -> None:
        """The database is open: the views that read it can be used."""
        self.manager = manager
        for action in (self.driftAction, self.auditAction, self.onboardAction, self.exportChipsAction):
            action.setEnabled(True)

    def on_synced(self, report: SyncReport) -> None:
        """A refresh answered: announce drops, update the drift view and its count."""
        self.watcher.observe(report)
        drift = self._drift_view()
        if drift is not None:
            drift.set_report(report)
        if self.notice.drops:
            self.notice.forget(chip.id for chip in report.chips if chip.is_cancelled or chip.evolution_connected)

    def expect(self, chips: list[Chip]) -> None:
        """An operator action from this window starts on ``chips``: what it causes is not a drop."""
        self.watcher.expect(chip.id for chip in chips)

    def action_finished(self, chips: list[Chip]) -> None:
        """The operator action on ``chips`` ended."""
        self.watcher.action_finished(chip.id for chip in chips)
        self.notice.forget(chip.id for chip in chips)

    def shutdown(self) -> None:
        """The window is closing: leave the tray, close the views."""
        self.tray.close()
        for dialog in (self.drift, self.audit, self.onboarding):
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

    @Slot(int)
    def reconnect_chip(self, chip_id: int) -> None:
        """Show the window and the QR dialog of a chip that dropped."""
        self.showRequested.emit()
        self.notice.forget([chip_id])
        chip = self.page.model.chip_by_id(chip_id)
        if chip is None:
            return
        self.page.select_chip(chip_id)
        if allowed(ChipAction.RECONNECT, chip):
            self.actions.reconnect(chip)

    @Slot()
    def show_attention(self) -> None:
        """Show the window filtered to the chips that need attention."""
        self.showRequested.emit()
        self.notice.dismiss()
        self.page.show_filter(StatusFilter.ATTENTION)

    # -- drift -----------------------------------------------------------------------------------------

    def _drift_view(self) -> DriftView | None:
        if self.drift is None and self.manager is not None:
            page = self.page
            self.drift = DriftView(
                self.runner, self.manager, lambda: chips_in_view(page.chipsTable, page.proxy), self._parent
            )
            self.drift.chipChanged.connect(page.model.update_chip)
            self.drift.syncRequested.connect(self.refresh.request)
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
        self.page.model.update_chip(chip)
        self.actions.reconnect(chip)

    @Slot(int)
    def _set_drift_count(self, count: int) -> None:
        if count:
            self.driftAction.setText(self.tr("Drift ({count})").format(count=count))
            self.driftAction.setIcon(self._parent.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
        else:
            self.driftAction.setText(self.tr("Drift"))
            self.driftAction.setIcon(self._parent.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton))

    # -- audit and export ------------------------------------------------------------------------------

    @Slot()
    def open_audit(self) -> AuditView | None:
        """Show the audit trail (reloaded each time it opens)."""
        if self.manager is None:
            return None
        if self.audit is None:
            self.audit = AuditView(self.runner, self.manager, self._parent)
        if self.audit.isVisible():
            self.audit.raise_()
            self.audit.reload()
        else:
            self.audit.show()
        return self.audit

    def _csv_exporter(self) -> CsvExporter:
        if self._exporter is None:
            self._exporter = CsvExporter(self.runner, self)
            self._exporter.exported.connect(self._on_chips_exported)
            self._exporter.failed.connect(self._on_chips_export_failed)
        return self._exporter

    @Slot()
    def ask_export_chips(self) -> None:
        """Ask where to save the chips listed, then write them."""
        name = f"evodesk-chips-{datetime.now().strftime('%Y%m%d-%H%M')}.csv"
        self._csv_exporter().ask(self._parent, self.tr("Export the chips list"), name, self.export_chips)

    @Slot(str)
    def export_chips(self, path: str) -> None:
        """Write the chips listed now to ``path``, on a worker."""
        chips, model = self.page.shown_chips(), self.page.model
        self.message.emit(self.tr("Saving {path}…").format(path=path), 0)
        self._csv_exporter().export(path, lambda target: export_chips_csv(target, model, chips))

    @Slot(str, int)
    def _on_chips_exported(self, path: str, count: int) -> None:
        self.message.emit(self.tr("%n chip(s) saved to {path}", "", count).format(path=path), 0)

    @Slot(str, str)
    def _on_chips_export_failed(self, path: str, reason: str) -> None:
        self.failed.emit(self.tr("Export failed"), self.tr("{path}: {reason}").format(path=path, reason=reason))

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
        dialog = OnboardingDialog(self.runner, self.manager, simulator=self._simulator, parent=self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.chipChanged.connect(self.page.model.update_chip)
        dialog.walkFinished.connect(self.refresh.request)
        dialog.destroyed.connect(self._forget_onboarding)
        self.onboarding = dialog
        dialog.open()
        return dialog

    @Slot()
    def _forget_onboarding(self) -> None:
        self.onboarding = None
