"""Live fleet in the window: the server's events drive the QR dialogs, the chips table and the drop notices.

The backend's ``LiveFleet`` reports through the ``Backend``'s live signals (queued to the GUI thread); this part
turns them into what the operator sees:

* ``liveStatusLabel`` in the status bar: live (every instance, or the instances heard), or polling and why;
  the tooltip explains (the technical detail included, never the key);
* a new QR, or the connection, shown at once in the chip's open QR dialog (its poller takes the pushed answer
  as if a poll had brought it); while the chip's events arrive the dialog polls every 10 s, not every 3 s;
* a changed row updates the table (and so the details panel); a drop goes to the drop watcher, which
  announces it once and never for this window's own action;
* drift (an instance created or removed elsewhere) asks for a refresh, which feeds the drift view;
* the resync after every (re)connect is taken as a refresh's answer (table, drift view, last sync).

Events are triggers; everything shown was read back from the server by the services.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QMainWindow

from evodesk.domain import Chip, EventKind, LiveMode, LiveReason, LiveStatus, PollResult
from evodesk.services import DriftNotice
from evodesk.ui.actions.controller import ActionsController
from evodesk.ui.chips.page import ChipsPage
from evodesk.ui.fleet.features import FleetFeatures
from evodesk.ui.qr.poller import QrPoller
from evodesk.ui.window.backend import Backend
from evodesk.ui.window.refresh import RefreshController

log = logging.getLogger("evodesk.ui.main_window")


class LiveWiring(QObject):
    """Connects the backend's live signals to the page, the QR dialogs, the fleet features and the status bar."""

    # A line for the status bar (text, milliseconds; 0 keeps it).
    message = Signal(str, int)

    def __init__(
        self,
        window: QMainWindow,
        backend: Backend,
        page: ChipsPage,
        actions: ActionsController,
        fleet: FleetFeatures,
        refresh: RefreshController,
    ) -> None:
        super().__init__(window)
        self._backend = backend
        self._page = page
        self._actions = actions
        self._fleet = fleet
        self._refresh = refresh
        status_bar = window.statusBar()
        self.liveStatusLabel = QLabel(status_bar)
        self.liveStatusLabel.setObjectName("liveStatusLabel")
        self.liveStatusLabel.setContentsMargins(6, 0, 6, 0)
        self.liveStatusLabel.hide()
        status_bar.addPermanentWidget(self.liveStatusLabel)
        queued = Qt.ConnectionType.QueuedConnection
        backend.liveStatusChanged.connect(self._on_status, queued)
        backend.liveDialog.connect(self._on_dialog, queued)
        backend.liveChip.connect(self._on_chip, queued)
        backend.liveDrop.connect(self._on_drop, queued)
        backend.liveDrift.connect(self._on_drift, queued)
        backend.liveSynced.connect(refresh.take, queued)
        # A QR dialog is a child of the window: when one is added, give it the poll interval of its chip.
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ChildAdded:
            # The dialog is still being built: its poller exists once the event loop turns.
            QTimer.singleShot(0, self, self.update_poll_intervals)
        return False

    # -- the status bar --------------------------------------------------------------------------------------

    @Slot(object)
    def _on_status(self, status: LiveStatus) -> None:
        text, tip = self.describe(status)
        self.liveStatusLabel.setText(text)
        self.liveStatusLabel.setToolTip(tip)
        self.liveStatusLabel.show()
        self.update_poll_intervals()

    def describe(self, status: LiveStatus) -> tuple[str, str]:
        """The label's text and tooltip for ``status``, in the operator's language."""
        if status.mode is LiveMode.LIVE:
            if status.global_events:
                text = self.tr("Live: every instance")
            elif not status.namespaces:
                text = self.tr("Live")
            else:
                text = self.tr("Live: %n instance(s)", "", status.namespaces)
            tip = self.tr(
                "The server sends QR codes and connection changes as they happen. The chips are still "
                "refreshed from the server as usual."
            )
            if status.waiting:
                tip += "\n" + self.tr(
                    "%n instance(s) not heard yet: the server opens an instance's channel with its first event.",
                    "",
                    status.waiting,
                )
            return text, tip
        if status.mode is LiveMode.CONNECTING:
            return self.tr("Live: connecting…"), self.tr(
                "Connecting to the server's events; until then evodesk asks the server at regular intervals."
            )
        reason = status.reason or LiveReason.DISCONNECTED
        short, why = self._reason_texts(reason)
        lines = [
            self.tr("Not live: evodesk asks the server for changes at regular intervals."),
            why,
        ]
        if status.retry_in is not None and reason is not LiveReason.TURNED_OFF:
            lines.append(self.tr("Next attempt in %n second(s).", "", max(1, round(status.retry_in))))
        if status.detail:
            lines.append(self.tr("Details: {detail}").format(detail=status.detail))
        return self.tr("Polling: {reason}").format(reason=short), "\n".join(lines)

    def _reason_texts(self, reason: LiveReason) -> tuple[str, str]:
        texts = {
            LiveReason.TURNED_OFF: (
                self.tr("live events turned off"),
                self.tr("Live events are turned off in the settings or with --no-live."),
            ),
            LiveReason.EVENTS_OFF: (
                self.tr("the server sends no events"),
                self.tr(
                    "The server's Socket.IO events are turned off (WEBSOCKET_ENABLED). evodesk checks again "
                    "every minute."
                ),
            ),
            LiveReason.KEY_REFUSED: (
                self.tr("events refused the API key"),
                self.tr("The server refused the API key for its events. Check the key in the settings."),
            ),
            LiveReason.UNREACHABLE: (
                self.tr("events unreachable"),
                self.tr("The server's events cannot be reached. evodesk keeps trying."),
            ),
            LiveReason.TLS_FAILED: (
                self.tr("certificate not trusted"),
                self.tr("The server's certificate was not accepted for its events. Check the certificate settings."),
            ),
            LiveReason.NOT_SOCKET_IO: (
                self.tr("no events at this address"),
                self.tr("The server did not answer as an Evolution API event server (Socket.IO)."),
            ),
            LiveReason.DISCONNECTED: (
                self.tr("reconnecting to events"),
                self.tr("The connection to the server's events was lost. evodesk is reconnecting."),
            ),
        }
        return texts[reason]

    # -- the QR dialogs ----------------------------------------------------------------------------------------

    def update_poll_intervals(self) -> None:
        """Every open QR dialog polls every 10 s while its chip's events arrive, else at the usual interval."""
        live = self._backend.live
        if live is None:
            return
        for dialog in list(self._actions.qr_dialogs.values()):
            poller = dialog.findChild(QrPoller)
            if poller is not None:
                poller.set_interval(live.qr_poll_interval(dialog.chip.instance_name))

    @Slot(int, object)
    def _on_dialog(self, chip_id: int, result: PollResult) -> None:
        dialog = self._actions.qr_dialogs.get(chip_id)
        poller = dialog.findChild(QrPoller) if dialog is not None else None
        if poller is not None:
            poller.push(result)
            self.update_poll_intervals()

    # -- the table, the drops, drift ---------------------------------------------------------------------------

    @Slot(object)
    def _on_chip(self, chip: Chip) -> None:
        self._page.model.update_chip(chip)

    @Slot(object)
    def _on_drop(self, chip: Chip) -> None:
        self._page.model.update_chip(chip)
        self._fleet.watcher.observe_drop(chip)

    @Slot(object)
    def _on_drift(self, notice: DriftNotice) -> None:
        if notice.kind is EventKind.INSTANCE_CREATE:
            text = self.tr("“{instance}” was created on the server outside evodesk")
        else:
            text = self.tr("“{instance}” was deleted on the server outside evodesk")
        self.message.emit(text.format(instance=notice.instance_name), 15000)
        if notice.chip is not None:
            self._page.model.update_chip(notice.chip)
        # The refresh reads the server's list and feeds the drift view with it.
        self._refresh.request()
