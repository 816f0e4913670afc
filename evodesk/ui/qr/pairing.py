"""The QR dialog's "Pairing code" tab: the code to type on the phone, or a form to ask the server for one."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QStackedWidget, QVBoxLayout, QWidget


def format_pairing_code(code: str) -> str:
    """``WZYEH1YY`` → ``WZYE-H1YY`` (the way WhatsApp displays the 8-character code)."""
    text = code.strip().upper().replace("-", "")
    if len(text) == 8:
        return f"{text[:4]}-{text[4:]}"
    return text


def numbered(title: str, steps: list[str]) -> str:
    """A title and numbered steps, as rich text for a QLabel."""
    items = "".join(f"<li style='margin-bottom:4px'>{html.escape(step)}</li>" for step in steps)
    return f"<p><b>{html.escape(title)}</b></p><ol style='margin-left:0px'>{items}</ol>"


class PairingPage(QWidget):
    """Page 0 shows the code held (``pairingCodeLabel``, Copy, countdown, how to type it); page 1 asks for one
    for the number in ``pairingPhoneEdit`` (``phone`` to start with)."""

    # "Get pairing code" (or Enter in the phone box).
    requested = Signal()
    # "Copy".
    copyRequested = Signal()

    def __init__(self, phone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pairingStack = QStackedWidget(self)

        # Page 0: a code is held.
        code_page = QWidget(self.pairingStack)
        self.pairingCodeLabel = QLabel("—", code_page)
        self.pairingCodeLabel.setObjectName("pairingCodeLabel")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(max(mono.pointSizeF(), 9.0) * 3.2)
        mono.setBold(True)
        mono.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 115)
        self.pairingCodeLabel.setFont(mono)
        self.pairingCodeLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pairingCodeLabel.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copyPairingButton = QPushButton(self.tr("Copy"), code_page)
        self.copyPairingButton.setObjectName("copyPairingButton")
        self.copyPairingButton.clicked.connect(self.copyRequested)
        self.pairingCountdownLabel = QLabel(code_page)
        self.pairingCountdownLabel.setObjectName("pairingCountdownLabel")
        self.pairingCountdownLabel.setAlignment(Qt.AlignmentFlag.AlignCenter)
        code_guide = QLabel(code_page)
        code_guide.setWordWrap(True)
        code_guide.setTextFormat(Qt.TextFormat.RichText)
        code_guide.setText(
            numbered(
                self.tr("Link with the phone number instead"),
                [
                    self.tr("Open WhatsApp on the phone"),
                    self.tr("Tap ⋮ (Android) or Settings (iPhone)"),
                    self.tr("Tap Linked devices → Link a device"),
                    self.tr("Tap “Link with phone number instead” and type this code"),
                ],
            )
        )
        code_row = QHBoxLayout()
        code_row.addStretch(1)
        code_row.addWidget(self.pairingCodeLabel)
        code_row.addWidget(self.copyPairingButton)
        code_row.addStretch(1)
        code_layout = QVBoxLayout(code_page)
        code_layout.addStretch(1)
        code_layout.addLayout(code_row)
        code_layout.addWidget(self.pairingCountdownLabel)
        code_layout.addSpacing(12)
        code_layout.addWidget(code_guide)
        code_layout.addStretch(1)

        # Page 1: no code held; ask for one.
        ask_page = QWidget(self.pairingStack)
        explain = QLabel(ask_page)
        explain.setObjectName("pairingExplanationLabel")
        explain.setWordWrap(True)
        explain.setText(
            self.tr(
                "Instead of scanning, the phone can type an 8-character pairing code. The server issues one "
                "for the number below, but only when a connection attempt starts from a closed state (for "
                "example after the QR limit was reached); while a QR code is being offered it ignores the "
                "request."
            )
        )
        self.pairingPhoneEdit = QLineEdit(ask_page)
        self.pairingPhoneEdit.setObjectName("pairingPhoneEdit")
        self.pairingPhoneEdit.setText(phone)
        self.pairingPhoneEdit.setPlaceholderText(self.tr("Phone number with area code"))
        self.pairingPhoneEdit.returnPressed.connect(self.requested)
        self.pairingRequestButton = QPushButton(self.tr("Get pairing code"), ask_page)
        self.pairingRequestButton.setObjectName("pairingRequestButton")
        self.pairingRequestButton.clicked.connect(self.requested)
        self.pairingErrorLabel = QLabel(ask_page)
        self.pairingErrorLabel.setObjectName("pairingErrorLabel")
        self.pairingErrorLabel.setWordWrap(True)
        self.pairingErrorLabel.setStyleSheet("color: #b3261e;")
        phone_row = QHBoxLayout()
        phone_label = QLabel(self.tr("Phone number:"), ask_page)
        phone_label.setBuddy(self.pairingPhoneEdit)
        phone_row.addWidget(phone_label)
        phone_row.addWidget(self.pairingPhoneEdit, 1)
        phone_row.addWidget(self.pairingRequestButton)
        ask_layout = QVBoxLayout(ask_page)
        ask_layout.addWidget(explain)
        ask_layout.addLayout(phone_row)
        ask_layout.addWidget(self.pairingErrorLabel)
        ask_layout.addStretch(1)

        self.pairingStack.addWidget(code_page)
        self.pairingStack.addWidget(ask_page)
        self.pairingStack.setCurrentIndex(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pairingStack)
