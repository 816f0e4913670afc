"""The chip settings form: Behaviour, Proxy and Profile, for one chip (its values) or many (each keeps its own).

For one chip the form shows the values loaded from the server and its edit holds only what the operator changed.
For several chips every box starts partly checked and every field empty: a box left partly checked or a field
left empty keeps each chip's own value. The proxy password is never loaded (the window does not receive it); the
field holds only what the operator types, masked until they ask to see it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from evodesk.domain import PROXY_PROTOCOLS, ChipSettings
from evodesk.services import ChipEdit, ChipSettingsView, ProxyEdit, SettingsEdit

_CHECKS = (
    ("reject_call", "rejectCallCheck"),
    ("groups_ignore", "groupsIgnoreCheck"),
    ("always_online", "alwaysOnlineCheck"),
    ("read_messages", "readMessagesCheck"),
    ("read_status", "readStatusCheck"),
    ("sync_full_history", "syncFullHistoryCheck"),
)


class ChipSettingsForm(QWidget):
    """See the module docstring. ``many``: the form edits several chips at once."""

    def __init__(self, many: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.many = many
        self.view: ChipSettingsView | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._behaviour())
        layout.addWidget(self._proxy())
        layout.addWidget(self._profile())
        layout.addStretch(1)  # spare height below the sections, not inside them
        self._sync_enabled()

    # -- building ----------------------------------------------------------------------------------------

    def _check(self, name: str, text: str, tip: str = "") -> QCheckBox:
        box = QCheckBox(text, self)
        box.setObjectName(name)
        if tip:
            box.setToolTip(tip)
        if self.many:
            box.setTristate(True)
            box.setCheckState(Qt.CheckState.PartiallyChecked)
        box.stateChanged.connect(self._sync_enabled)
        return box

    def _line(self, name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        keep = self.tr("(keep each chip's own)")
        edit.setPlaceholderText(keep if self.many and not placeholder else placeholder)
        return edit

    def _behaviour(self) -> QGroupBox:
        group = QGroupBox(self.tr("Behaviour"), self)
        group.setObjectName("behaviourGroup")
        form = QVBoxLayout(group)
        restart = self.tr("A connected chip takes this after a restart.")
        self.rejectCallCheck = self._check("rejectCallCheck", self.tr("Reject calls"))
        self.callMessageEdit = self._line("callMessageEdit", self.tr("Message sent to whoever calls (optional)"))
        self.callMessageEdit.setMaxLength(1000)
        self.groupsIgnoreCheck = self._check("groupsIgnoreCheck", self.tr("Ignore group messages"))
        self.alwaysOnlineCheck = self._check("alwaysOnlineCheck", self.tr("Always online"), restart)
        self.readMessagesCheck = self._check("readMessagesCheck", self.tr("Mark messages as read"))
        self.readStatusCheck = self._check("readStatusCheck", self.tr("Mark status updates as seen"))
        self.syncFullHistoryCheck = self._check(
            "syncFullHistoryCheck", self.tr("Sync full history on connect"), restart
        )
        form.addWidget(self.rejectCallCheck)
        form.addWidget(self.callMessageEdit)
        for box in (
            self.groupsIgnoreCheck,
            self.alwaysOnlineCheck,
            self.readMessagesCheck,
            self.readStatusCheck,
            self.syncFullHistoryCheck,
        ):
            form.addWidget(box)
        if self.many:
            hint = QLabel(self.tr("A partly checked box keeps each chip's own value."), group)
            hint.setObjectName("keepHintLabel")
            hint.setEnabled(False)
            form.addWidget(hint)
        return group

    def _proxy(self) -> QGroupBox:
        group = QGroupBox(self.tr("Proxy"), self)
        group.setObjectName("proxyGroup")
        form = QFormLayout(group)
        self.proxyEnabledCheck = self._check("proxyEnabledCheck", self.tr("Use a proxy"))
        self.proxyHostEdit = self._line("proxyHostEdit", self.tr("proxy.example.com or 203.0.113.7"))
        self.proxyPortEdit = self._line("proxyPortEdit")
        self.proxyPortEdit.setValidator(QIntValidator(1, 65535, self.proxyPortEdit))
        self.proxyProtocolCombo = QComboBox(self)
        self.proxyProtocolCombo.setObjectName("proxyProtocolCombo")
        if self.many:
            self.proxyProtocolCombo.addItem(self.tr("(keep each chip's own)"), None)
        for protocol in PROXY_PROTOCOLS:
            self.proxyProtocolCombo.addItem(protocol, protocol)
        self.proxyUserEdit = self._line("proxyUserEdit")
        self.proxyPasswordEdit = self._line("proxyPasswordEdit")
        self.proxyPasswordEdit.setEchoMode(QLineEdit.EchoMode.Password)
        self.revealPasswordButton = QToolButton(self)
        self.revealPasswordButton.setObjectName("revealPasswordButton")
        self.revealPasswordButton.setText(self.tr("Show"))
        self.revealPasswordButton.setCheckable(True)
        self.revealPasswordButton.setToolTip(self.tr("Show what you typed (the saved password is never shown)"))
        self.revealPasswordButton.toggled.connect(self._reveal)
        self.removePasswordCheck = QCheckBox(self.tr("Remove the saved password"), self)
        self.removePasswordCheck.setObjectName("removePasswordCheck")
        self.removePasswordCheck.toggled.connect(self._sync_enabled)
        password = QHBoxLayout()
        password.addWidget(self.proxyPasswordEdit, 1)
        password.addWidget(self.revealPasswordButton)
        form.addRow(self.proxyEnabledCheck)
        form.addRow(self.tr("Host:"), self.proxyHostEdit)
        form.addRow(self.tr("Port:"), self.proxyPortEdit)
        form.addRow(self.tr("Protocol:"), self.proxyProtocolCombo)
        form.addRow(self.tr("User:"), self.proxyUserEdit)
        form.addRow(self.tr("Password:"), password)
        form.addRow(self.removePasswordCheck)
        note = QLabel(
            self.tr(
                "The Evolution server tests the proxy from itself before it accepts it: a server without direct "
                "internet access refuses every proxy."
            ),
            group,
        )
        note.setObjectName("proxyNoteLabel")
        note.setWordWrap(True)
        note.setEnabled(False)
        form.addRow(note)
        return group

    def _profile(self) -> QGroupBox:
        group = QGroupBox(self.tr("Profile"), self)
        group.setObjectName("profileGroup")
        form = QFormLayout(group)
        self._profile_form = form
        self.profileNameEdit = self._line("profileNameEdit")
        self.profileNameEdit.setMaxLength(25)
        self.profileStatusEdit = self._line("profileStatusEdit", self.tr("(unchanged)"))
        self.profileStatusEdit.setMaxLength(139)
        form.addRow(self.tr("Name:"), self.profileNameEdit)
        form.addRow(self.tr("Status:"), self.profileStatusEdit)
        self.profileNoteLabel = QLabel(self.tr("Only a connected chip's profile can be changed."), group)
        self.profileNoteLabel.setObjectName("profileNoteLabel")
        self.profileNoteLabel.setWordWrap(True)
        self.profileNoteLabel.setEnabled(False)
        form.addRow(self.profileNoteLabel)
        if self.many:
            # Twenty chips with one profile name is never what an operator means.
            self.profileNameEdit.setEnabled(False)
            self.profileNameEdit.setPlaceholderText(self.tr("(each chip keeps its own name)"))
            self.profileNoteLabel.setText(
                self.tr("A status typed here goes to every selected chip that is connected; the others fail.")
            )
        return group

    # -- state -------------------------------------------------------------------------------------------

    def _reveal(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.proxyPasswordEdit.setEchoMode(mode)
        self.revealPasswordButton.setText(self.tr("Hide") if shown else self.tr("Show"))

    def _sync_enabled(self) -> None:
        rejecting = self.rejectCallCheck.checkState() != Qt.CheckState.Unchecked
        self.callMessageEdit.setEnabled(rejecting)
        self.proxyPasswordEdit.setEnabled(not self.removePasswordCheck.isChecked())

    def load(self, view: ChipSettingsView) -> None:
        """Show one chip's current values."""
        self.view = view
        for field, name in _CHECKS:
            getattr(self, name).setChecked(bool(getattr(view.settings, field)))
        self.callMessageEdit.setText(view.settings.msg_call)
        proxy = view.proxy
        self.proxyEnabledCheck.setChecked(proxy is not None and proxy.enabled)
        self.proxyHostEdit.setText(proxy.host if proxy is not None else "")
        self.proxyPortEdit.setText(str(proxy.port) if proxy is not None and proxy.port is not None else "")
        protocol = proxy.protocol if proxy is not None else "http"
        index = self.proxyProtocolCombo.findData(protocol)
        self.proxyProtocolCombo.setCurrentIndex(max(0, index))
        self.proxyUserEdit.setText((proxy.username or "") if proxy is not None else "")
        has_password = proxy is not None and proxy.has_password
        self.proxyPasswordEdit.setPlaceholderText(
            self.tr("Saved (hidden): type to replace it") if has_password else self.tr("(none)")
        )
        self.removePasswordCheck.setVisible(has_password)
        self.profileNameEdit.setText(view.profile_name or "")
        editable = view.profile_editable
        self.profileNameEdit.setEnabled(editable)
        self.profileStatusEdit.setEnabled(editable)
        # The whole row, so a hidden note leaves no gap.
        self._profile_form.setRowVisible(self.profileNoteLabel, not editable)
        self._sync_enabled()

    # -- the edit ----------------------------------------------------------------------------------------

    def _tri(self, box: QCheckBox) -> bool | None:
        state = box.checkState()
        if state == Qt.CheckState.PartiallyChecked:
            return None
        return state == Qt.CheckState.Checked

    def _settings(self) -> SettingsEdit:
        values = {field: self._tri(getattr(self, name)) for field, name in _CHECKS}
        if self.view is not None:
            # One chip: the whole form, compared with what was loaded.
            after = ChipSettings(
                **{field: bool(value) for field, value in values.items()}, msg_call=self.callMessageEdit.text()
            )
            return SettingsEdit.between(self.view.settings, after)
        message = self.callMessageEdit.text()
        return SettingsEdit(**values, msg_call=message if message and values["reject_call"] is not False else None)

    def _proxy_edit(self) -> ProxyEdit:
        port_text = self.proxyPortEdit.text().strip()
        password = self.proxyPasswordEdit.text()
        typed_password: str | None = "" if self.removePasswordCheck.isChecked() else (password or None)
        protocol = self.proxyProtocolCombo.currentData()
        if self.view is None:
            return ProxyEdit(
                enabled=self._tri(self.proxyEnabledCheck),
                host=self.proxyHostEdit.text().strip() or None,
                port=int(port_text) if port_text else None,
                protocol=protocol,
                username=self.proxyUserEdit.text().strip() or None,
                password=typed_password,
            )
        before = self.view.proxy
        old_port = before.port if before is not None else None
        new_port = int(port_text) if port_text else None
        changed: dict[str, object] = {}
        pairs = (
            ("enabled", before.enabled if before else False, self.proxyEnabledCheck.isChecked()),
            ("host", before.host if before else "", self.proxyHostEdit.text().strip()),
            ("protocol", before.protocol if before else "http", protocol),
            ("username", (before.username or "") if before else "", self.proxyUserEdit.text().strip()),
        )
        for name, old, new in pairs:
            if old != new:
                changed[name] = new
        if old_port != new_port and new_port is not None:
            changed["port"] = new_port
        if changed.get("protocol") and not changed.keys() - {"protocol"} and before is None:
            changed.pop("protocol")  # a protocol alone, with no proxy, is not a change
        return ProxyEdit(**changed, password=typed_password)  # type: ignore[arg-type]

    def edit(self) -> ChipEdit:
        """What the operator asked for: only the touched fields (``None`` elsewhere)."""
        name: str | None = None
        status = self.profileStatusEdit.text().strip() or None
        if self.view is not None and self.profileNameEdit.isEnabled():
            text = self.profileNameEdit.text().strip()
            if text != (self.view.profile_name or "").strip():
                name = text
        if not self.profileStatusEdit.isEnabled():
            status = None
        return ChipEdit(settings=self._settings(), proxy=self._proxy_edit(), profile_name=name, profile_status=status)
