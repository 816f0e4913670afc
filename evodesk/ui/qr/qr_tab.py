"""The QR dialog's "QR code" tab: the QR beside how to scan it, its countdown, attempt number and stop time."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from evodesk.ui.qr.pairing import numbered
from evodesk.ui.qr.widget import QrCodeWidget

# The dialog's context: these texts were always translated as the dialog's own.
_CTX = "QrCodeDialog"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


class QrTab(QWidget):
    """``qrImage`` with the guide, ``countdownLabel``, ``attemptLabel`` and ``stopLabel`` beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.qrImage = QrCodeWidget(self)
        self.countdownLabel = QLabel(self)
        self.countdownLabel.setObjectName("countdownLabel")
        self.attemptLabel = QLabel(self)
        self.attemptLabel.setObjectName("attemptLabel")
        self.stopLabel = QLabel(self)
        self.stopLabel.setObjectName("stopLabel")
        guide = QLabel(self)
        guide.setObjectName("qrGuideLabel")
        guide.setWordWrap(True)
        guide.setTextFormat(Qt.TextFormat.RichText)
        guide.setText(
            numbered(
                _tr("How to link this number"),
                [
                    _tr("Open WhatsApp on the phone"),
                    _tr("Tap ⋮ (Android) or Settings (iPhone)"),
                    _tr("Tap Linked devices → Link a device"),
                    _tr("Point the phone at this QR code"),
                ],
            )
        )
        side = QVBoxLayout()
        side.addWidget(guide)
        side.addSpacing(12)
        for label in (self.countdownLabel, self.attemptLabel, self.stopLabel):
            label.setWordWrap(True)
            side.addWidget(label)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.qrImage, 3)
        layout.addLayout(side, 2)
