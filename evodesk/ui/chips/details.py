"""The details panel beside the chips table: the selected chip's phone, state and fields, and the action buttons."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from evodesk.domain import Chip, ConnectionState
from evodesk.services import format_phone
from evodesk.ui.chips.avatars import AvatarLoader, avatar_pixmap
from evodesk.ui.chips.model import ChipsTableModel, Column, format_moment
from evodesk.ui.shared import widgets

# The details panel's picture: large enough to recognise a face.
AVATAR_SIZE = 72
_NARROWEST = 250


class DetailsPanel(QFrame):
    """What the operator sees of the selection: one chip in full, or how many are selected.

    ``actions`` are the per-chip actions, keyed by name; each gets a button (``<name>Button``).
    """

    def __init__(self, model: ChipsTableModel, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self.setObjectName("detailsPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumWidth(_NARROWEST)
        # Wide enough for the longest instance name the server accepts (64 characters) on one line.
        self.setMaximumWidth(480)
        layout = self._box = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        self._avatars: AvatarLoader | None = None
        self._shown: Chip | None = None
        self.detailsAvatar = QLabel(self)
        self.detailsAvatar.setObjectName("detailsAvatar")
        self.detailsAvatar.setFixedSize(AVATAR_SIZE, AVATAR_SIZE)
        self.detailsAvatar.hide()
        layout.addWidget(self.detailsAvatar)
        self.detailsTitle = QLabel(self)
        self.detailsTitle.setObjectName("detailsTitle")
        font = self.detailsTitle.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.detailsTitle.setFont(font)
        self.detailsTitle.setWordWrap(True)
        self.detailsTitle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detailsTitle)
        self.detailsState = QLabel(self)
        self.detailsState.setObjectName("detailsState")
        self.detailsState.setWordWrap(True)
        layout.addWidget(self.detailsState)

        self.detailsForm = QWidget(self)
        form = QFormLayout(self.detailsForm)
        self._form = form
        form.setContentsMargins(0, 4, 0, 4)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._fields: dict[str, QLabel] = {}
        for key, label in (
            ("instance", self.tr("Instance")),
            ("profile", self.tr("Profile")),
            ("status", self.tr("Status")),
            ("since", self.tr("Since")),
            ("updated", self.tr("Last change")),
        ):
            value = QLabel(self.detailsForm)
            value.setObjectName(f"details_{key}")
            # A name or a date has nowhere to break: it keeps its whole width and the row wraps under its
            # label when the panel is narrow. The profile (free text with spaces) wraps within the row.
            value.setWordWrap(key == "profile")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._fields[key] = value
            form.addRow(label + ":", value)
        layout.addWidget(self.detailsForm)

        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        for name, action in actions.items():
            button = QToolButton(self)
            button.setObjectName(f"{name}Button")
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMinimumHeight(30)
            buttons.addWidget(button)
        layout.addSpacing(6)
        layout.addLayout(buttons)
        layout.addStretch(1)
        hint = QLabel(
            self.tr(
                "Tip: select several rows to disconnect, restart or delete them together. Enter or a "
                "double-click shows the QR code of a disconnected chip."
            ),
            self,
        )
        hint.setObjectName("detailsHint")
        hint.setWordWrap(True)
        hint.setStyleSheet(f"color: {widgets.MUTED_TEXT};")
        layout.addWidget(hint)

    def show_avatars(self, loader: AvatarLoader) -> None:
        """Show the selected chip's profile picture (the table asks for the pictures of the rows in view)."""
        self._avatars = loader
        loader.pictureChanged.connect(self._on_picture)

    def _on_picture(self, chip_id: int) -> None:
        if self._shown is not None and self._shown.id == chip_id:
            self.detailsAvatar.setPixmap(avatar_pixmap(self._avatars, self._shown, AVATAR_SIZE))

    def show_chips(self, chips: Sequence[Chip]) -> None:
        """Show the selection: nothing, one chip in full, or a count."""
        self._shown = chips[0] if len(chips) == 1 else None
        self.detailsAvatar.setVisible(self._shown is not None and self._avatars is not None)
        if self._shown is not None and self._avatars is not None:
            self.detailsAvatar.setPixmap(avatar_pixmap(self._avatars, self._shown, AVATAR_SIZE))
        if len(chips) != 1:
            self.detailsForm.setVisible(False)
            if not chips:
                self.detailsTitle.setText(self.tr("No chip selected"))
                self.detailsState.setText(self.tr("Select a chip in the list to see its details and actions."))
            else:
                self.detailsTitle.setText(self.tr("%n chip(s) selected", "", len(chips)))
                self.detailsState.setText(
                    self.tr("Actions apply to every selected chip they fit; the others are skipped.")
                )
            return
        chip = chips[0]
        model = self._model
        self.detailsForm.setVisible(True)
        self.detailsTitle.setText(format_phone(chip.phone))
        busy = model.is_busy(chip.id)
        state = self.tr("Working…") if busy else model.connection_text(chip)
        tip = html.escape(model.connection_tip(chip, busy=busy)).replace("\n", "<br>")
        self.detailsState.setText(f"<b>{html.escape(state)}</b><br>{tip}")
        fields = self._fields
        fields["instance"].setText(chip.instance_name)
        fields["profile"].setText(chip.profile_name or "—")
        fields["status"].setText(model.status_text(chip.status))
        fields["since"].setText(model.display_text(chip, Column.SINCE) or "—")
        since_label = self._form.labelForField(fields["since"])
        if isinstance(since_label, QLabel):
            if chip.is_cancelled:
                since_label.setText(self.tr("Deleted at:"))
            elif chip.connection_state is ConnectionState.OPEN:
                since_label.setText(self.tr("Connected since:"))
            else:
                since_label.setText(self.tr("Disconnected at:"))
        fields["updated"].setText(format_moment(chip.updated_at))
        # A long instance name has nowhere to break: the panel widens (the splitter follows) rather than cut it.
        self._form.invalidate()
        margins = self._box.contentsMargins()
        needed = self._form.minimumSize().width() + margins.left() + margins.right() + 2 * self.frameWidth()
        self.setMinimumWidth(max(_NARROWEST, min(needed, self.maximumWidth())))
