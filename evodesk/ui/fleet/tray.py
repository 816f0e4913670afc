"""Knowing when a number drops: the decision (``DropWatcher``), the tray icon (``FleetTray``) and the in-window notice.

``DropWatcher`` turns sync reports into notifications: one per chip that leaves ``open`` for ``close`` or
``refused`` when nobody in this window asked for it. ``FleetTray`` shows the fleet counts and the notifications
in the system tray when the desktop has one; ``DropNotice`` shows the same notifications inside the window,
which is all there is on desktops without a tray.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QRectF, Qt, Signal, Slot
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSystemTrayIcon,
    QToolButton,
    QWidget,
)

from evodesk.domain import Chip, ConnectionState, SyncReport
from evodesk.services import format_phone
from evodesk.ui.chips.filters import FleetSummary
from evodesk.ui.chips.model import format_moment
from evodesk.ui.shared import widgets
from evodesk.ui.shared.reasons import drop_advice, drop_reason

_CTX = "FleetTray"
# How long a drop notification stays on screen (the desktop may shorten it).
MESSAGE_MS = 15000
_DROP_STATES = frozenset({ConnectionState.CLOSE, ConnectionState.REFUSED})
# Drops named one by one in a grouped message; the rest are counted.
_NAMED = 4


@dataclass(frozen=True, slots=True)
class Drop:
    """One notification: the chip as the sync left it and why it dropped, in words."""

    chip: Chip
    reason: str


def chip_label(chip: Chip) -> str:
    """How a notification names a chip: its profile name (what the operator knows it by) or its instance."""
    return chip.profile_name or chip.instance_name


class DropWatcher(QObject):
    """Decides which drops to announce: exactly one notification per drop nobody in this window caused.

    Fed every sync report (``observe``). A chip is announced when the report lists it as dropped (the database
    said ``open``, the server says ``close`` or ``refused``) unless an operator action from this window on that
    chip was running, or finished after the refresh that reported it had started (``expect``/``action_finished``
    with ``sync_started``): the operator's own disconnect, delete or restart is not news. A chip announced once
    is not announced again until it has been seen connected.
    """

    # A chip dropped: ``(Chip, reason text)``, emitted once per drop.
    notified = Signal(object, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._syncs_started = 0
        # chip id -> None while the operator's action runs, else the number of syncs started when it finished
        self._expected: dict[int, int | None] = {}
        self._announced: set[int] = set()

    def sync_started(self) -> None:
        """A fleet refresh was sent; the next report answers it."""
        self._syncs_started += 1

    def expect(self, chip_ids: Iterable[int]) -> None:
        """The operator started an action that may take these chips out of ``open``."""
        for chip_id in chip_ids:
            self._expected[chip_id] = None

    def action_finished(self, chip_ids: Iterable[int]) -> None:
        """The action ended; a refresh already under way may still report its effect as a drop."""
        for chip_id in chip_ids:
            if chip_id in self._expected:
                self._expected[chip_id] = self._syncs_started

    def observe(self, report: SyncReport) -> list[Drop]:
        """Announce the drops of one report; returns them (the ``notified`` signal has been emitted for each)."""
        report_serial = self._syncs_started
        drops: list[Drop] = []
        for chip in report.dropped:
            if chip.is_cancelled or chip.connection_state not in _DROP_STATES:
                continue
            if self._caused_here(chip.id, report_serial) or chip.id in self._announced:
                continue
            self._announced.add(chip.id)
            drops.append(Drop(chip, drop_reason(chip)))
        for chip in report.chips:
            if chip.connection_state is ConnectionState.OPEN:
                self._announced.discard(chip.id)
        # Expectations end once a refresh sent after the action finished has answered.
        self._expected = {
            chip_id: finished
            for chip_id, finished in self._expected.items()
            if finished is None or finished >= report_serial
        }
        for drop in drops:
            self.notified.emit(drop.chip, drop.reason)
        return drops

    def observe_drop(self, chip: Chip) -> Drop | None:
        """Announce one drop the server's events reported (``notified``), with the same rules as ``observe``."""
        if chip.is_cancelled or chip.connection_state not in _DROP_STATES or chip.id in self._announced:
            return None
        if self._caused_here(chip.id, self._syncs_started):
            return None
        self._announced.add(chip.id)
        drop = Drop(chip, drop_reason(chip))
        self.notified.emit(drop.chip, drop.reason)
        return drop

    def _caused_here(self, chip_id: int, report_serial: int) -> bool:
        if chip_id not in self._expected:
            return False
        finished = self._expected[chip_id]
        # Still running, or finished after this report's refresh was sent.
        return finished is None or report_serial <= finished


def drop_title(drops: Sequence[Drop]) -> str:
    """Title of a notification about ``drops``."""
    if len(drops) == 1:
        return QCoreApplication.translate(_CTX, "“{name}” disconnected").format(name=chip_label(drops[0].chip))
    return QCoreApplication.translate(_CTX, "%n chip(s) disconnected", "", len(drops))


def drop_body(drops: Sequence[Drop], *, click_hint: bool) -> str:
    """Text of a notification: who, when, why and what to do (plain text)."""
    if len(drops) == 1:
        chip = drops[0].chip
        when = format_moment(chip.disconnected_at) if chip.disconnected_at is not None else ""
        head = QCoreApplication.translate(_CTX, "{phone} · {instance}").format(
            phone=format_phone(chip.phone), instance=chip.instance_name
        )
        if when:
            head += " · " + when
        lines = [head, drops[0].reason[:1].upper() + drops[0].reason[1:] + ".", drop_advice(chip)]
        if click_hint:
            lines.append(QCoreApplication.translate(_CTX, "Click here to reconnect."))
        return "\n".join(lines)
    lines = [f"{chip_label(drop.chip)}: {drop.reason}" for drop in drops[:_NAMED]]
    if len(drops) > _NAMED:
        lines.append(QCoreApplication.translate(_CTX, "… and %n more", "", len(drops) - _NAMED))
    if click_hint:
        lines.append(QCoreApplication.translate(_CTX, "Click here to see them."))
    return "\n".join(lines)


def summary_text(summary: FleetSummary) -> str:
    """``N connected · M need attention``."""
    return " · ".join(
        (
            QCoreApplication.translate(_CTX, "%n connected", "", summary.connected),
            QCoreApplication.translate(_CTX, "%n need(s) attention", "", summary.attention),
        )
    )


def status_icon(attention: int) -> QIcon:
    """The application icon with a green (all well) or red (chips need attention) dot in the corner."""
    base = QApplication.windowIcon()
    color = QColor(widgets.STATE_COLORS[ConnectionState.CLOSE if attention else ConnectionState.OPEN])
    icon = QIcon()
    for size in (16, 22, 24, 32, 48, 64):
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not base.isNull():
            painter.drawPixmap(0, 0, base.pixmap(size, size))
            dot = size * 0.5
            rect = QRectF(size - dot, size - dot, dot, dot).adjusted(0.5, 0.5, -0.5, -0.5)
        else:
            rect = QRectF(size * 0.15, size * 0.15, size * 0.7, size * 0.7)
        painter.setPen(QPen(QColor("white"), max(1.0, size / 16)))
        painter.setBrush(color)
        painter.drawEllipse(rect)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


class FleetTray(QObject):
    """The system tray icon: fleet counts in its tooltip and menu, drop notifications as desktop messages.

    Without a system tray (``available`` False, e.g. the offscreen platform or a bare window manager) nothing is
    shown outside the window; the menu still exists so its texts stay current for whoever asks. Clicking a
    message about one chip asks to reconnect it (``reconnectRequested``); a message about several asks to show
    them (``attentionRequested``).
    """

    showRequested = Signal()
    refreshRequested = Signal()
    quitRequested = Signal()
    # The operator clicked the notification about this chip id.
    reconnectRequested = Signal(int)
    # The operator clicked a notification about several chips.
    attentionRequested = Signal()

    def __init__(self, parent: QObject | None = None, *, available: bool | None = None) -> None:
        super().__init__(parent)
        self.available = QSystemTrayIcon.isSystemTrayAvailable() if available is None else available
        self._summary = FleetSummary()
        self._message_chips: list[int] = []
        # A tray menu has no parent widget: it belongs to no window. Deleted in ``close``.
        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        self.summaryAction = QAction(self.menu)
        self.summaryAction.setObjectName("traySummaryAction")
        # Enabled (a greyed-out line is hard to read) and useful: it opens the window, like "Show window".
        self.summaryAction.setToolTip(self.tr("Show the window"))
        font = self.summaryAction.font()
        font.setBold(True)
        self.summaryAction.setFont(font)
        self.showAction = QAction(self.tr("Show window"), self.menu)
        self.showAction.setObjectName("trayShowAction")
        self.refreshAction = QAction(self.tr("Refresh"), self.menu)
        self.refreshAction.setObjectName("trayRefreshAction")
        self.quitAction = QAction(self.tr("Quit"), self.menu)
        self.quitAction.setObjectName("trayQuitAction")
        self.menu.addAction(self.summaryAction)
        self.menu.addSeparator()
        self.menu.addAction(self.showAction)
        self.menu.addAction(self.refreshAction)
        self.menu.addSeparator()
        self.menu.addAction(self.quitAction)
        self.summaryAction.triggered.connect(self.showRequested)
        self.showAction.triggered.connect(self.showRequested)
        self.refreshAction.triggered.connect(self.refreshRequested)
        self.quitAction.triggered.connect(self.quitRequested)
        self.icon: QSystemTrayIcon | None = None
        if self.available:
            self.icon = QSystemTrayIcon(status_icon(0), self)
            self.icon.setContextMenu(self.menu)
            self.icon.activated.connect(self._on_activated)
            self.icon.messageClicked.connect(self._on_message_clicked)
            self.icon.show()
        self.set_summary(self._summary)

    @property
    def tooltip(self) -> str:
        """The tray icon's tooltip text."""
        return self.tr("evodesk — {summary}").format(summary=summary_text(self._summary))

    def set_summary(self, summary: FleetSummary) -> None:
        """Show new fleet counts in the menu, the tooltip and the icon's colour."""
        changed_colour = bool(summary.attention) != bool(self._summary.attention)
        self._summary = summary
        self.summaryAction.setText(summary_text(summary))
        if self.icon is not None:
            self.icon.setToolTip(self.tooltip)
            if changed_colour:
                self.icon.setIcon(status_icon(summary.attention))

    def show_drops(self, drops: Sequence[Drop]) -> bool:
        """One desktop message about ``drops``; False when there is no tray to show it."""
        if not drops or self.icon is None:
            return False
        self._message_chips = [drop.chip.id for drop in drops]
        self.icon.showMessage(
            drop_title(drops), drop_body(drops, click_hint=True), QSystemTrayIcon.MessageIcon.Warning, MESSAGE_MS
        )
        return True

    def close(self) -> None:
        """Remove the icon from the tray and free the menu (the window is closing)."""
        if self.icon is not None:
            self.icon.hide()
            self.icon.setContextMenu(None)  # type: ignore[arg-type]
        self.menu.deleteLater()

    @Slot(QSystemTrayIcon.ActivationReason)
    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.showRequested.emit()

    @Slot()
    def _on_message_clicked(self) -> None:
        if len(self._message_chips) == 1:
            self.reconnectRequested.emit(self._message_chips[0])
        elif self._message_chips:
            self.attentionRequested.emit()


class DropNotice(QFrame):
    """The drop notification inside the window: what dropped, why, and a button to reconnect (or to show them)."""

    reconnectRequested = Signal(int)
    attentionRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#dropNotice { background: #fff4d6; border: 1px solid #e0c878; border-radius: 4px; }"
            "#dropNotice QLabel { color: #3d2e00; background: transparent; border: none; }"
        )
        self._drops: list[Drop] = []
        self.textLabel = QLabel(self)
        self.textLabel.setObjectName("dropNoticeText")
        self.textLabel.setWordWrap(True)
        self.textLabel.setTextFormat(Qt.TextFormat.RichText)
        self.actionButton = QPushButton(self)
        self.actionButton.setObjectName("dropNoticeAction")
        self.actionButton.clicked.connect(self._on_action)
        self.dismissButton = QToolButton(self)
        self.dismissButton.setObjectName("dropNoticeDismiss")
        self.dismissButton.setText("✕")
        self.dismissButton.setAutoRaise(True)
        self.dismissButton.setToolTip(self.tr("Dismiss"))
        self.dismissButton.setAccessibleName(self.tr("Dismiss"))
        self.dismissButton.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.textLabel, 1)
        layout.addWidget(self.actionButton, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.dismissButton, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    @property
    def drops(self) -> list[Drop]:
        """The drops shown (newest last), until dismissed."""
        return list(self._drops)

    def show_drops(self, drops: Sequence[Drop]) -> None:
        """Add ``drops`` to what is shown (a chip that dropped again replaces its earlier line)."""
        ids = {drop.chip.id for drop in drops}
        self._drops = [drop for drop in self._drops if drop.chip.id not in ids] + list(drops)
        self._render()

    def forget(self, chip_ids: Iterable[int]) -> None:
        """Stop showing these chips (reconnected, deleted, or being acted on)."""
        if not self._drops:
            return
        gone = set(chip_ids)
        kept = [drop for drop in self._drops if drop.chip.id not in gone]
        if len(kept) != len(self._drops):
            self._drops = kept
            self._render()

    @Slot()
    def dismiss(self) -> None:
        """Hide the notice and forget its drops."""
        self._drops = []
        self._render()

    def _render(self) -> None:
        if not self._drops:
            self.hide()
            return
        title = html.escape(drop_title(self._drops))
        body = html.escape(drop_body(self._drops, click_hint=False)).replace("\n", "<br>")
        self.textLabel.setText(f"<b>{title}</b><br>{body}")
        if len(self._drops) == 1:
            self.actionButton.setText(self.tr("Reconnect…"))
            self.actionButton.setToolTip(self.tr("Show a new QR code for this chip"))
        else:
            self.actionButton.setText(self.tr("Show them"))
            self.actionButton.setToolTip(self.tr("Show only the chips that need attention"))
        self.show()

    @Slot()
    def _on_action(self) -> None:
        if len(self._drops) == 1:
            self.reconnectRequested.emit(self._drops[0].chip.id)
        elif self._drops:
            self.attentionRequested.emit()
