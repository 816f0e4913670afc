"""Small reusable pieces of the main window: state badges (painted icons) and the status banner."""

from __future__ import annotations

import time
from functools import cache

from PySide6.QtCore import QDateTime, QLocale, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from evodesk.domain import ConnectionState

# Colours chosen to stay distinguishable for the common colour-vision deficiencies when paired with the text
# that always accompanies them (the badge is never colour alone).
STATE_COLORS: dict[ConnectionState, str] = {
    ConnectionState.OPEN: "#2e7d32",
    ConnectionState.CONNECTING: "#f0a500",
    ConnectionState.CLOSE: "#c62828",
    ConnectionState.REFUSED: "#d84315",
    ConnectionState.UNKNOWN: "#78909c",
}
CANCELLED_COLOR = "#b0b0b0"
MUTED_TEXT = "#8a8a8a"
BUSY_COLOR = "#1565c0"
_ICON_SIZES = (16, 24, 32, 48)


@cache
def dot_icon(color: str) -> QIcon:
    """A filled circle with a darker rim, at several sizes so it stays crisp on high-DPI screens."""
    icon = QIcon()
    fill = QColor(color)
    for size in _ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rim = max(1.0, size / 16)
        painter.setPen(QPen(fill.darker(140), rim))
        painter.setBrush(fill)
        margin = size * 0.22
        painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


@cache
def busy_icon() -> QIcon:
    """An hourglass: the row is being worked on."""
    icon = QIcon()
    color = QColor(BUSY_COLOR)
    for size in _ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = float(size)
        left, right, top, bottom, mid = s * 0.25, s * 0.75, s * 0.15, s * 0.85, s * 0.5
        pen = QPen(color, max(1.0, s / 14))
        painter.setPen(pen)
        painter.drawLine(QPointF(left - s * 0.05, top), QPointF(right + s * 0.05, top))
        painter.drawLine(QPointF(left - s * 0.05, bottom), QPointF(right + s * 0.05, bottom))
        glass = QPainterPath()
        glass.moveTo(left, top)
        glass.lineTo(right, top)
        glass.lineTo(mid + s * 0.04, mid)
        glass.lineTo(right, bottom)
        glass.lineTo(left, bottom)
        glass.lineTo(mid - s * 0.04, mid)
        glass.closeSubpath()
        painter.drawPath(glass)
        sand = QPainterPath()
        sand.moveTo(left + s * 0.08, bottom - s * 0.02)
        sand.lineTo(right - s * 0.08, bottom - s * 0.02)
        sand.lineTo(mid, mid + s * 0.12)
        sand.closeSubpath()
        painter.fillPath(sand, color)
        painter.end()
        icon.addPixmap(pixmap)
    return icon


@cache
def plus_icon() -> QIcon:
    """A green plus: "create something new"."""
    icon = QIcon()
    color = QColor(STATE_COLORS[ConnectionState.OPEN])
    for size in _ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(color, max(2.0, size / 7))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        s = float(size)
        painter.drawLine(QPointF(s * 0.5, s * 0.2), QPointF(s * 0.5, s * 0.8))
        painter.drawLine(QPointF(s * 0.2, s * 0.5), QPointF(s * 0.8, s * 0.5))
        painter.end()
        icon.addPixmap(pixmap)
    return icon


class StatusBanner(QFrame):
    """A persistent strip at the top of the window: a problem, when the next attempt happens, a retry button.

    Hidden while all is well. The countdown to the next attempt is refreshed every second while shown.
    """

    retryRequested = Signal()

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            f"#{object_name} {{ background: #fdecea; border: 1px solid #e0a8a3; border-radius: 4px; }}"
            f"#{object_name} QLabel {{ color: #611a15; background: transparent; border: none; }}"
        )
        self.titleLabel = QLabel(self)
        self.titleLabel.setObjectName("bannerTitle")
        font = self.titleLabel.font()
        font.setBold(True)
        self.titleLabel.setFont(font)
        self.reasonLabel = QLabel(self)
        self.reasonLabel.setObjectName("bannerReason")
        self.reasonLabel.setWordWrap(True)
        self.reasonLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retryLabel = QLabel(self)
        self.retryLabel.setObjectName("bannerRetry")
        self.retryButton = QPushButton(self.tr("Retry now"), self)
        self.retryButton.setObjectName("retryNowButton")
        self.retryButton.clicked.connect(self.retryRequested)

        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.titleLabel)
        text.addWidget(self.reasonLabel)
        text.addWidget(self.retryLabel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        icon = QLabel(self)
        icon.setPixmap(dot_icon(STATE_COLORS[ConnectionState.CLOSE]).pixmap(24, 24))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(icon)
        layout.addLayout(text, 1)
        layout.addWidget(self.retryButton, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self._retry_at: float | None = None
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._update_retry_text)
        self.hide()

    @property
    def retry_at(self) -> float | None:
        """Wall-clock time of the next automatic attempt shown, or None."""
        return self._retry_at

    def show_problem(self, title: str, reason: str, retry_at: float | None) -> None:
        """Show (or update) the banner; ``retry_at`` is a ``time.time()`` moment or None."""
        self.titleLabel.setText(title)
        self.reasonLabel.setText(reason)
        self._retry_at = retry_at
        self._update_retry_text()
        self.retryButton.setEnabled(True)
        if not self._ticker.isActive():
            self._ticker.start()
        self.show()

    def set_retrying(self) -> None:
        """A retry is in flight: say so and avoid a second click starting another one."""
        self.retryButton.setEnabled(False)
        self.retryLabel.setText(self.tr("Trying again now…"))
        self._retry_at = None

    def clear(self) -> None:
        """All is well again: hide."""
        self._ticker.stop()
        self._retry_at = None
        self.hide()

    def _update_retry_text(self) -> None:
        if self._retry_at is None:
            if self.retryButton.isEnabled():
                self.retryLabel.setText(self.tr("evodesk keeps trying automatically."))
            return
        seconds = max(0, round(self._retry_at - time.time()))
        when = QLocale().toString(QDateTime.fromMSecsSinceEpoch(int(self._retry_at * 1000)).time(), "HH:mm:ss")
        if seconds <= 0:
            self.retryLabel.setText(self.tr("Trying again now…"))
        else:
            self.retryLabel.setText(
                self.tr("Next attempt at {time} (in {seconds} s). The chips below are from the database.").format(
                    time=when, seconds=seconds
                )
            )
