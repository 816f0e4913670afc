"""The drift view: where the server and the database disagree, and the buttons that repair it.

Three lists, from the last fleet refresh and from a check of the chips in view:

* instances on the server that no chip knows ("Adopt" records a chip for them, asking for the phone when the
  server does not say it);
* chips whose instance has gone from the server ("Mark cancelled" keeps them for history);
* "ghost connected" chips: the list says ``open`` but the live ``connectionState`` disagrees. ``fetchInstances``
  reports the state the server last *saved*, which can outlive the session (a server restart, a crash), so the
  chips reported open that are visible in the table are asked one by one, a few at a time. Only the visible ones:
  asking for a whole fleet would cost one request per chip.

Every repair goes through ``InstanceManager``, which writes the audit event.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from evodesk.domain import Chip, ConnectionState, InstanceInfo, SyncReport
from evodesk.services import InstanceManager, InvalidPhone, format_phone
from evodesk.ui.chips.model import format_moment
from evodesk.ui.fleet.ghosts import Ghost, GhostChecker
from evodesk.ui.shared.messages import describe_error
from evodesk.ui.shared.rows_model import RowsModel
from evodesk.ui.tasks.runner import Pool, TaskRunner

ModelIndex = QModelIndex | QPersistentModelIndex


def unknown_instances(report: SyncReport) -> list[InstanceInfo]:
    """The report's unknown instances, minus those of chips just deleted (the server removes them lazily)."""
    deleted = {chip.instance_name.lower() for chip in report.chips if chip.is_cancelled}
    return [info for info in report.unknown_instances if info.name.lower() not in deleted]


class DriftView(QDialog):
    """What the last refresh found out of step between the server and the database, with the repairs.

    ``visible_chips`` returns the chips in view in the main table (checked for ghosts when the view is shown and
    on "Check again"). The view asks the window, through signals, to show updated chips, to refresh and to open
    the QR dialog.
    """

    # A repair changed or created this chip.
    chipChanged = Signal(object)
    # A repair is done; the fleet should be refreshed.
    syncRequested = Signal()
    # Show the QR dialog for this chip.
    reconnectRequested = Signal(object)
    # The number of problems listed changed.
    countChanged = Signal(int)

    def __init__(
        self,
        runner: TaskRunner,
        manager: InstanceManager,
        visible_chips: Callable[[], list[Chip]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("driftView")
        self.setWindowTitle(self.tr("Drift between the server and the database"))
        self._runner = runner
        self._manager = manager
        self._visible_chips = visible_chips
        self._unknown: list[InstanceInfo] = []
        self._missing: list[Chip] = []
        self._ghosts: list[Ghost] = []
        self._busy_names: set[str] = set()
        self._report_at: datetime | None = None
        self._checker = GhostChecker(runner, manager, self)
        self._checker.finished.connect(self._on_ghosts_checked)
        self._build()
        self._render()
        self.resize(900, 760)

    # -- construction ----------------------------------------------------------------------------------

    def _table(self, object_name: str, model: RowsModel) -> QTableView:
        table = QTableView(self)
        table.setObjectName(object_name)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        table.selectionModel().selectionChanged.connect(self._update_buttons)
        return table

    def _group(self, title_holder: str, table: QTableView, help_text: str, buttons: list[QPushButton]) -> QGroupBox:
        box = QGroupBox(self)
        box.setObjectName(title_holder)
        layout = QVBoxLayout(box)
        explain = QLabel(help_text, box)
        explain.setWordWrap(True)
        layout.addWidget(explain)
        layout.addWidget(table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in buttons:
            row.addWidget(button)
        layout.addLayout(row)
        return box

    def _build(self) -> None:
        self.summaryLabel = QLabel(self)
        self.summaryLabel.setObjectName("driftSummary")
        self.summaryLabel.setWordWrap(True)

        self.unknownModel = RowsModel([self.tr("Instance"), self.tr("Phone"), self.tr("State")], self)
        self.unknownTable = self._table("driftUnknownTable", self.unknownModel)
        self.adoptButton = QPushButton(self.tr("Adopt"), self)
        self.adoptButton.setObjectName("adoptButton")
        self.adoptButton.setToolTip(self.tr("Record a chip for each selected instance"))
        self.adoptButton.clicked.connect(self.adopt_selected)
        self.unknownBox = self._group(
            "driftUnknownBox",
            self.unknownTable,
            self.tr("On the server but not in the database: created elsewhere, or by a create that was interrupted."),
            [self.adoptButton],
        )

        self.missingModel = RowsModel([self.tr("Phone"), self.tr("Instance"), self.tr("Last known state")], self)
        self.missingTable = self._table("driftMissingTable", self.missingModel)
        self.markCancelledButton = QPushButton(self.tr("Mark cancelled"), self)
        self.markCancelledButton.setObjectName("markCancelledButton")
        self.markCancelledButton.setToolTip(self.tr("Keep the selected chips for history, as deleted"))
        self.markCancelledButton.clicked.connect(self.mark_selected_cancelled)
        self.missingBox = self._group(
            "driftMissingBox",
            self.missingTable,
            self.tr("In the database but gone from the server: deleted in the Evolution Manager or by another tool."),
            [self.markCancelledButton],
        )

        self.ghostModel = RowsModel([self.tr("Phone"), self.tr("Instance"), self.tr("Server says")], self)
        self.ghostTable = self._table("driftGhostTable", self.ghostModel)
        self.ghostRefreshButton = QPushButton(self.tr("Refresh"), self)
        self.ghostRefreshButton.setObjectName("ghostRefreshButton")
        self.ghostRefreshButton.setToolTip(self.tr("Record the state the server reports now for the selected chips"))
        self.ghostRefreshButton.clicked.connect(self.refresh_selected_ghosts)
        self.ghostReconnectButton = QPushButton(self.tr("Reconnect…"), self)
        self.ghostReconnectButton.setObjectName("ghostReconnectButton")
        self.ghostReconnectButton.setToolTip(self.tr("Record the real state, then show a new QR code"))
        self.ghostReconnectButton.clicked.connect(self.reconnect_selected_ghost)
        self.ghostCheckButton = QPushButton(self.tr("Check again"), self)
        self.ghostCheckButton.setObjectName("ghostCheckButton")
        self.ghostCheckButton.setToolTip(self.tr("Ask the server about the connected chips visible in the main list"))
        self.ghostCheckButton.clicked.connect(self.check_ghosts)
        self.ghostBox = self._group(
            "driftGhostBox",
            self.ghostTable,
            self.tr(
                "Listed as connected, but the live connection says otherwise. Checked for the chips visible in "
                "the main list (scroll or filter it to check others)."
            ),
            [self.ghostCheckButton, self.ghostRefreshButton, self.ghostReconnectButton],
        )

        self.messageLabel = QLabel(self)
        self.messageLabel.setObjectName("driftMessage")
        self.messageLabel.setWordWrap(True)
        self.messageLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summaryLabel)
        layout.addWidget(self.unknownBox, 1)
        layout.addWidget(self.missingBox, 1)
        layout.addWidget(self.ghostBox, 1)
        layout.addWidget(self.messageLabel)
        layout.addWidget(buttons)

    # -- public ----------------------------------------------------------------------------------------

    @property
    def count(self) -> int:
        """Problems listed: unknown instances, chips without instance and ghost-connected chips."""
        return len(self._unknown) + len(self._missing) + len(self._ghosts)

    @property
    def checking(self) -> bool:
        """True while chips are being asked for their live state."""
        return self._checker.running

    @property
    def unknown(self) -> list[InstanceInfo]:
        """Instances on the server that no chip knows."""
        return list(self._unknown)

    @property
    def missing(self) -> list[Chip]:
        """Chips whose instance is gone from the server."""
        return list(self._missing)

    @property
    def ghosts(self) -> list[Ghost]:
        """Chips listed as connected whose live state disagrees (from the last check)."""
        return list(self._ghosts)

    def set_report(self, report: SyncReport) -> None:
        """Take the drift found by a fleet refresh; ghosts whose chips are no longer listed open are dropped."""
        self._report_at = report.at
        self._unknown = sorted(unknown_instances(report), key=lambda info: info.name.lower())
        self._missing = sorted(report.missing_instances, key=lambda chip: chip.instance_name.lower())
        current = {chip.id: chip for chip in report.chips} if self._ghosts else {}
        self._ghosts = [
            Ghost(current[ghost.chip.id], ghost.live)
            for ghost in self._ghosts
            if ghost.chip.id in current and current[ghost.chip.id].connection_state is ConnectionState.OPEN
        ]
        self._render()

    @Slot()
    def check_ghosts(self) -> bool:
        """Ask the server for the live state of the connected chips in view; False if a check is running."""
        # A chip already listed without instance would only be listed twice.
        missing = {chip.id for chip in self._missing}
        started = self._checker.check([chip for chip in self._visible_chips() if chip.id not in missing])
        if started and self._checker.running:
            self.ghostCheckButton.setEnabled(False)
            self.messageLabel.setText(self.tr("Checking %n connected chip(s) in view…", "", self._checker.checked))
        return started

    # -- repairs ---------------------------------------------------------------------------------------

    def _selected(self, table: QTableView, model: RowsModel) -> list[object]:
        rows = sorted(index.row() for index in table.selectionModel().selectedRows())
        return [model.payload(row) for row in rows]

    @Slot()
    def adopt_selected(self) -> None:
        """Adopt every selected unknown instance (asking for a phone where the server does not give one)."""
        for info in self._selected(self.unknownTable, self.unknownModel):
            assert isinstance(info, InstanceInfo)
            self.adopt(info.name)

    def adopt(self, instance_name: str, phone: str | None = None) -> None:
        """Record a chip for ``instance_name``; asks for the phone when the server does not tell it."""
        if instance_name in self._busy_names:
            return
        self._busy_names.add(instance_name)
        self._update_buttons()
        manager = self._manager
        self._runner.submit(
            lambda: manager.adopt(instance_name, phone),
            on_success=lambda chip: self._on_adopted(instance_name, chip),
            on_error=lambda exc: self._on_adopt_failed(instance_name, exc),
            on_finished=lambda: self._release(instance_name),
            owner=self,
        )

    def _on_adopted(self, instance_name: str, chip: Chip) -> None:
        self._unknown = [info for info in self._unknown if info.name != instance_name]
        self.messageLabel.setText(
            self.tr("“{instance}” adopted as {phone}.").format(instance=instance_name, phone=format_phone(chip.phone))
        )
        self._render()
        self.chipChanged.emit(chip)
        self.syncRequested.emit()

    def _on_adopt_failed(self, instance_name: str, exc: BaseException) -> None:
        if isinstance(exc, InvalidPhone):
            self._ask_phone(instance_name, exc)
            return
        self.messageLabel.setText(
            self.tr("“{instance}” could not be adopted: {reason}").format(
                instance=instance_name, reason=describe_error(exc)
            )
        )

    def _ask_phone(self, instance_name: str, exc: InvalidPhone) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setObjectName("adoptPhoneDialog")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle(self.tr("Phone of “{instance}”").format(instance=instance_name))
        text = self.tr("The server does not say which phone number “{instance}” belongs to. Type it:").format(
            instance=instance_name
        )
        if exc.code != "phone.empty":
            # The operator typed something that is not a phone: say why before asking again.
            text = describe_error(exc) + "\n\n" + text
        dialog.setLabelText(text)
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setOkButtonText(self.tr("Adopt"))
        dialog.textValueSelected.connect(lambda phone: self.adopt(instance_name, phone))
        dialog.open()
        return dialog

    @Slot()
    def mark_selected_cancelled(self) -> None:
        """Mark the selected chips without instance as cancelled, after one confirmation."""
        chips = [chip for chip in self._selected(self.missingTable, self.missingModel) if isinstance(chip, Chip)]
        if not chips:
            return
        listed = "\n".join(f"• {format_phone(chip.phone)} ({chip.instance_name})" for chip in chips[:8])
        if len(chips) > 8:
            listed += "\n" + self.tr("… and %n more", "", len(chips) - 8)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Mark cancelled"),
            self.tr("Mark %n chip(s) without instance as cancelled?", "", len(chips)) + "\n\n" + listed,
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("confirmDialog")
        box.setInformativeText(
            self.tr("They stay in the database for history, like deleted chips. Their numbers can be used again.")
        )
        accept = box.addButton(self.tr("Mark cancelled"), QMessageBox.ButtonRole.AcceptRole)
        accept.setObjectName("confirmButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(partial(self._on_mark_answer, accept, chips))
        box.open()

    def _on_mark_answer(self, accept: QAbstractButton, chips: Sequence[Chip], clicked: QAbstractButton) -> None:
        if clicked is accept:
            self.mark_cancelled(chips)

    def mark_cancelled(self, chips: Sequence[Chip]) -> None:
        """Mark ``chips`` cancelled, without asking."""
        manager = self._manager
        for chip in chips:
            if chip.instance_name in self._busy_names:
                continue
            self._busy_names.add(chip.instance_name)
            self._runner.submit(
                partial(manager.mark_cancelled, chip.id, expected_version=chip.version),
                on_success=partial(self._on_marked, chip),
                on_error=partial(self._on_failed, chip),
                on_finished=partial(self._release, chip.instance_name),
                pool=Pool.DATABASE,
                owner=self,
            )
        self._update_buttons()

    def _on_marked(self, chip: Chip, updated: Chip) -> None:
        self._missing = [item for item in self._missing if item.id != chip.id]
        self.messageLabel.setText(self.tr("“{instance}” marked cancelled.").format(instance=chip.instance_name))
        self._render()
        self.chipChanged.emit(updated)
        self.syncRequested.emit()

    def _on_failed(self, chip: Chip, exc: BaseException) -> None:
        self.messageLabel.setText(
            self.tr("“{instance}”: {reason}").format(instance=chip.instance_name, reason=describe_error(exc))
        )
        self.syncRequested.emit()

    def _selected_ghosts(self) -> list[Ghost]:
        return [item for item in self._selected(self.ghostTable, self.ghostModel) if isinstance(item, Ghost)]

    @Slot()
    def refresh_selected_ghosts(self) -> None:
        """Record the live state of the selected ghost chips."""
        for ghost in self._selected_ghosts():
            self._check_connection(ghost, reconnect=False)

    @Slot()
    def reconnect_selected_ghost(self) -> None:
        """Record the live state of the selected ghost chip, then open its QR dialog."""
        ghosts = self._selected_ghosts()
        if ghosts:
            self._check_connection(ghosts[0], reconnect=True)

    def _check_connection(self, ghost: Ghost, *, reconnect: bool) -> None:
        name = ghost.chip.instance_name
        if name in self._busy_names:
            return
        self._busy_names.add(name)
        self._update_buttons()
        manager, chip_id = self._manager, ghost.chip.id
        self._runner.submit(
            lambda: manager.check_connection(chip_id),
            on_success=lambda chip: self._on_connection_checked(ghost, chip, reconnect),
            on_error=lambda exc: self._on_failed(ghost.chip, exc),
            on_finished=lambda: self._release(name),
            owner=self,
        )

    def _on_connection_checked(self, ghost: Ghost, chip: Chip, reconnect: bool) -> None:
        self._ghosts = [item for item in self._ghosts if item.chip.id != chip.id]
        self._render()
        self.chipChanged.emit(chip)
        if chip.connection_state is ConnectionState.OPEN:
            self.messageLabel.setText(
                self.tr("“{instance}” is connected after all.").format(instance=chip.instance_name)
            )
            return
        self.messageLabel.setText(
            self.tr("“{instance}” recorded as {state}.").format(
                instance=chip.instance_name, state=self._state_text(chip.connection_state)
            )
        )
        if reconnect:
            self.reconnectRequested.emit(chip)

    def _release(self, name: str) -> None:
        self._busy_names.discard(name)
        self._update_buttons()

    # -- rendering -------------------------------------------------------------------------------------

    @Slot(object, int)
    def _on_ghosts_checked(self, ghosts: list[Ghost], failed: int) -> None:
        self._ghosts = sorted(ghosts, key=lambda ghost: ghost.chip.instance_name.lower())
        self.ghostCheckButton.setEnabled(True)
        text = self.tr(
            "Checked %n connected chip(s) in view: {ghosts} not really connected.", "", self._checker.checked
        ).format(ghosts=len(ghosts))
        if failed:
            text += " " + self.tr("%n could not be checked (server error).", "", failed)
        self.messageLabel.setText(text)
        self._render()

    def _state_text(self, state: ConnectionState | None) -> str:
        return {
            None: self.tr("instance gone from the server"),
            ConnectionState.OPEN: self.tr("connected"),
            ConnectionState.CONNECTING: self.tr("waiting for a QR scan"),
            ConnectionState.CLOSE: self.tr("disconnected"),
            ConnectionState.REFUSED: self.tr("refused (QR limit)"),
            ConnectionState.UNKNOWN: self.tr("no live session (server restarted?)"),
        }[state]

    def _render(self) -> None:
        # Rows are rebuilt on every refresh; what the operator selected stays selected.
        kept = {table: self._selected_keys(table) for table in (self.unknownTable, self.missingTable, self.ghostTable)}
        self.unknownModel.set_rows(
            [
                (
                    [info.name, format_phone(info.number) if info.number else "—", self._state_text(info.state)],
                    info,
                    info.profile_name,
                )
                for info in self._unknown
            ]
        )
        self.missingModel.set_rows(
            [
                (
                    [format_phone(chip.phone), chip.instance_name, self._state_text(chip.connection_state)],
                    chip,
                    self.tr("Last change {when}").format(when=format_moment(chip.updated_at)),
                )
                for chip in self._missing
            ]
        )
        self.ghostModel.set_rows(
            [
                ([format_phone(ghost.chip.phone), ghost.chip.instance_name, self._state_text(ghost.live)], ghost, None)
                for ghost in self._ghosts
            ]
        )
        for table, keys in kept.items():
            self._reselect(table, keys)
        self.unknownBox.setTitle(self.tr("Unknown instances ({count})").format(count=len(self._unknown)))
        self.missingBox.setTitle(self.tr("Chips without instance ({count})").format(count=len(self._missing)))
        self.ghostBox.setTitle(self.tr("Ghost connected ({count})").format(count=len(self._ghosts)))
        if self.count == 0:
            summary = self.tr("The server and the database agree.")
        else:
            summary = self.tr("%n problem(s) found.", "", self.count)
        if self._report_at is not None:
            summary += " " + self.tr("Last refresh {time}.").format(time=format_moment(self._report_at))
        self.summaryLabel.setText(summary)
        self._update_buttons()
        self.countChanged.emit(self.count)

    @staticmethod
    def _key(payload: object) -> object:
        if isinstance(payload, InstanceInfo):
            return payload.name
        if isinstance(payload, Chip):
            return payload.id
        if isinstance(payload, Ghost):
            return payload.chip.id
        return payload

    def _selected_keys(self, table: QTableView) -> set[object]:
        model = table.model()
        assert isinstance(model, RowsModel)
        return {self._key(model.payload(index.row())) for index in table.selectionModel().selectedRows()}

    def _reselect(self, table: QTableView, keys: set[object]) -> None:
        model = table.model()
        assert isinstance(model, RowsModel)
        rows = [row for row, payload in enumerate(model.payloads()) if self._key(payload) in keys]
        if not rows and model.rowCount():
            # The buttons act on the selection: start with the first row so they are ready to use.
            rows = [0]
        selection = table.selectionModel()
        for row in rows:
            selection.select(
                model.index(row, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
            )

    @Slot()
    def _update_buttons(self) -> None:
        def free(items: list[object], name: Callable[[Any], str]) -> bool:
            return any(name(item) not in self._busy_names for item in items)

        self.adoptButton.setEnabled(free(self._selected(self.unknownTable, self.unknownModel), lambda i: i.name))
        self.markCancelledButton.setEnabled(
            free(self._selected(self.missingTable, self.missingModel), lambda c: c.instance_name)
        )
        ghosts = self._selected(self.ghostTable, self.ghostModel)
        self.ghostRefreshButton.setEnabled(free(ghosts, lambda g: g.chip.instance_name))
        self.ghostReconnectButton.setEnabled(len(ghosts) == 1 and free(ghosts, lambda g: g.chip.instance_name))

    def showEvent(self, event: QShowEvent) -> None:
        """Check the chips in view each time the view opens."""
        super().showEvent(event)
        if not event.spontaneous():
            self.check_ghosts()
