"""The server settings dialog: URL, API key, a connection test, and saving to the settings file."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from evodesk.config import (
    ENV_API_KEY,
    ENV_API_URL,
    ConfigError,
    Paths,
    Settings,
    is_loopback_host,
    suggest_server_url,
    validate_server_url,
    write_settings_file,
)
from evodesk.domain import ServerInfo
from evodesk.secrets import ApiKeyStore, KeyStorage, with_stored_key
from evodesk.services import check_server, mask_url
from evodesk.ui.dialogs.create import grow_to_fit
from evodesk.ui.shared.messages import describe_error
from evodesk.ui.tasks.runner import TaskRunner

_ERROR_STYLE = "color: #b3261e;"
_OK_STYLE = "color: #1b7f3b;"
_WARNING_STYLE = (
    "QLabel { background: #fff4d6; color: #3d2e00; border: 1px solid #e0c878; border-radius: 4px; padding: 6px; }"
)

_DEFAULT_RUNNER = "settingsDialogRunner"


def _default_runner() -> TaskRunner:
    """The runner for dialogs opened without one: a child of the application, so it lives as long as it does."""
    app = QCoreApplication.instance()
    runner = app.findChild(TaskRunner, _DEFAULT_RUNNER) if app is not None else None
    if runner is None:
        runner = TaskRunner(network_threads=1, parent=app)
        runner.setObjectName(_DEFAULT_RUNNER)
    return runner


class SettingsDialog(QDialog):
    """Server URL and API key, with "Test connection"; Save writes them to the settings file.

    ``values()`` returns ``(api_url, api_key)`` as validated. ``runner`` runs the connection test off the GUI
    thread; without one, an application-wide runner is used.
    """

    def __init__(
        self,
        paths: Paths,
        settings: Settings,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
        key_store: ApiKeyStore | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("SettingsDialog")
        self._key_store = key_store if key_store is not None else ApiKeyStore(paths.settings_file)
        self.key_storage: KeyStorage | None = None
        self.setWindowTitle(self.tr("Server settings"))
        self._paths = paths
        self._settings = settings
        self._runner = runner if runner is not None else _default_runner()
        self._testing = False
        self._test_serial = 0

        self.serverUrlEdit = QLineEdit(self)
        self.serverUrlEdit.setObjectName("serverUrlEdit")
        self.serverUrlEdit.setPlaceholderText("https://evolution.example.com")
        self.serverUrlEdit.setText(settings.api_url or "")
        self.urlErrorLabel = self._message_label("urlErrorLabel", _ERROR_STYLE)
        # An address typed without http:// or https:// gets the https one proposed, one click away.
        self.urlSuggestButton = QPushButton(self)
        self.urlSuggestButton.setObjectName("urlSuggestButton")
        self.urlSuggestButton.setAutoDefault(False)
        self.urlSuggestButton.hide()
        self.urlSuggestButton.clicked.connect(self._use_suggestion)
        self._suggestion: str | None = None
        self.httpWarningLabel = self._message_label("httpWarningLabel", _WARNING_STYLE)
        self.httpWarningLabel.setText(
            self.tr(
                "This address uses plain http:// to another machine: the API key would travel unencrypted. "
                "Use https:// unless the network between you and the server is trusted."
            )
        )

        self.apiKeyEdit = QLineEdit(self)
        self.apiKeyEdit.setObjectName("apiKeyEdit")
        self.apiKeyEdit.setEchoMode(QLineEdit.EchoMode.Password)
        # The window's settings may not hold the key from the keyring yet (it is looked up on a worker).
        self.apiKeyEdit.setText(with_stored_key(settings, self._key_store).api_key or "")
        self.apiKeyEdit.setPlaceholderText(self.tr("The server's global API key (AUTHENTICATION_API_KEY)"))
        self.revealKeyButton = QToolButton(self)
        self.revealKeyButton.setObjectName("revealKeyButton")
        self.revealKeyButton.setCheckable(True)
        self.revealKeyButton.setText(self.tr("Show"))
        self.revealKeyButton.setToolTip(self.tr("Show or hide the API key"))
        self.revealKeyButton.toggled.connect(self._reveal_key)
        self.keyErrorLabel = self._message_label("keyErrorLabel", _ERROR_STYLE)
        self.copyKeyButton = QToolButton(self)
        self.copyKeyButton.setObjectName("copyKeyButton")
        self.copyKeyButton.setText(self.tr("Copy"))
        self.copyKeyButton.setToolTip(self.tr("Copy the API key to the clipboard"))
        self.copyKeyButton.clicked.connect(self._copy_key)
        key_row = QHBoxLayout()
        key_row.addWidget(self.apiKeyEdit, 1)
        key_row.addWidget(self.revealKeyButton)
        key_row.addWidget(self.copyKeyButton)

        storage = QLabel(self)
        storage.setObjectName("keyStorageLabel")
        storage.setWordWrap(True)
        storage.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if self._key_store.keyring_usable():
            storage.setText(self.tr("The API key is kept in the system keyring, not in a file."))
        else:
            storage.setText(
                self.tr(
                    "No system keyring is available, so the API key is kept in the settings file {path}, "
                    "readable only by your user account."
                ).format(path=paths.settings_file)
            )
        _muted(storage)
        database = QLabel(self)
        database.setObjectName("databaseLabel")
        database.setWordWrap(True)
        database.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Any password in the URL is masked: this dialog is often open while someone looks over a shoulder.
        database.setText(
            self.tr("Database: {url}").format(
                url=mask_url(settings.database_url) if settings.database_url else str(paths.database_file)
            )
        )
        _muted(database)
        overrides = self._override_text(settings)
        self.overrideLabel = self._message_label("overrideLabel", _WARNING_STYLE)
        self.overrideLabel.setText(overrides)
        self.overrideLabel.setVisible(bool(overrides))

        self.testConnectionButton = QPushButton(self.tr("Test connection"), self)
        self.testConnectionButton.setObjectName("testConnectionButton")
        self.testConnectionButton.setAutoDefault(False)
        self.testConnectionButton.clicked.connect(self._test)
        self.testResultLabel = self._message_label("testResultLabel", "")
        self.testResultLabel.show()
        test_row = QHBoxLayout()
        test_row.addWidget(self.testConnectionButton, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addWidget(self.testResultLabel, 1)

        buttons = QDialogButtonBox(self)
        self.saveButton = buttons.addButton(QDialogButtonBox.StandardButton.Save)
        self.saveButton.setObjectName("saveButton")
        self.saveButton.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)

        # A grid rather than a form layout: rows whose message is hidden then take no space at all.
        form = QGridLayout()
        form.setColumnStretch(1, 1)
        url_label = QLabel(self.tr("Server &URL:"), self)
        url_label.setBuddy(self.serverUrlEdit)
        key_label = QLabel(self.tr("API &key:"), self)
        key_label.setBuddy(self.apiKeyEdit)
        form.addWidget(url_label, 0, 0)
        form.addWidget(self.serverUrlEdit, 0, 1)
        url_message = QHBoxLayout()
        url_message.addWidget(self.urlErrorLabel, 1)
        url_message.addWidget(self.urlSuggestButton, 0, Qt.AlignmentFlag.AlignTop)
        form.addLayout(url_message, 1, 1)
        form.addWidget(self.httpWarningLabel, 2, 1)
        form.addWidget(key_label, 3, 0)
        form.addLayout(key_row, 3, 1)
        form.addWidget(self.keyErrorLabel, 4, 1)

        intro = QLabel(
            self.tr(
                "evodesk manages the instances of one Evolution API server. Ask its administrator for the "
                "server address and the global API key."
            ),
            self,
        )
        intro.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(storage)
        layout.addWidget(database)
        layout.addWidget(self.overrideLabel)
        layout.addLayout(test_row)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(600)

        self.serverUrlEdit.textChanged.connect(self._url_changed)
        self.apiKeyEdit.textChanged.connect(self._key_changed)
        self._url_changed(self.serverUrlEdit.text())

    # -- public ----------------------------------------------------------------------------------------

    def values(self) -> tuple[str, str]:
        """``(api_url, api_key)`` as typed, the URL normalised when it is valid (no trailing slash)."""
        raw = self.serverUrlEdit.text()
        try:
            url = validate_server_url(raw)
        except ConfigError:
            url = raw.strip()
        return url, self.apiKeyEdit.text().strip()

    # -- helpers ---------------------------------------------------------------------------------------

    def _message_label(self, name: str, style: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if style:
            label.setStyleSheet(style)
        label.hide()
        return label

    def _override_text(self, settings: Settings) -> str:
        parts = []
        for name, variable, flag in (("api_url", ENV_API_URL, "--api-url"), ("api_key", ENV_API_KEY, "--api-key")):
            source = settings.sources.get(name)
            if source == "environment":
                parts.append(self.tr("{variable} is set in the environment").format(variable=variable))
            elif source == "command line":
                parts.append(self.tr("{flag} was given on the command line").format(flag=flag))
        if not parts:
            return ""
        return self.tr("Note: {which}; that value wins over the one saved here.").format(which="; ".join(parts))

    def _show(self, label: QLabel, text: str, style: str | None = None) -> None:
        label.setText(text)
        if style is not None:
            label.setStyleSheet(style)
        if label is not self.testResultLabel:
            # The test result keeps its place in the row; the others appear and disappear.
            label.setVisible(bool(text))
        if text:
            grow_to_fit(self)

    def _checked_url(self) -> str | None:
        try:
            url = validate_server_url(self.serverUrlEdit.text())
        except ConfigError as exc:
            self._suggestion = suggest_server_url(self.serverUrlEdit.text()) if exc.code == "url.scheme" else None
            if self._suggestion is not None:
                self._show(
                    self.urlErrorLabel,
                    self.tr("The address needs http:// or https:// at the start. Did you mean {url}?").format(
                        url=self._suggestion
                    ),
                )
                self.urlSuggestButton.setText(self.tr("Use {url}").format(url=self._suggestion))
                self.urlSuggestButton.show()
                self.urlSuggestButton.setFocus()
            else:
                self._show(self.urlErrorLabel, describe_error(exc))
                self.serverUrlEdit.setFocus()
            return None
        self._show(self.urlErrorLabel, "")
        return url

    @Slot()
    def _use_suggestion(self) -> None:
        if self._suggestion is not None:
            self.serverUrlEdit.setText(self._suggestion)
            self.serverUrlEdit.setFocus()

    def _checked_key(self) -> str | None:
        key = self.apiKeyEdit.text().strip()
        if not key:
            self._show(self.keyErrorLabel, self.tr("Type the API key."))
        elif any(ord(char) <= 0x20 or ord(char) > 0x7E for char in key):
            # An HTTP header cannot carry these; the server's keys never contain them.
            self._show(self.keyErrorLabel, self.tr("The API key may contain only printable characters, no spaces."))
        else:
            self._show(self.keyErrorLabel, "")
            return key
        self.apiKeyEdit.setFocus()
        return None

    # -- slots -----------------------------------------------------------------------------------------

    @Slot(str)
    def _url_changed(self, text: str) -> None:
        self._show(self.urlErrorLabel, "")
        self.urlSuggestButton.hide()
        self._show(self.testResultLabel, "")
        try:
            url = validate_server_url(text)
        except ConfigError:
            self.httpWarningLabel.hide()
            return
        warn = url.lower().startswith("http://") and not is_loopback_host(url)
        self.httpWarningLabel.setVisible(warn)
        if warn:
            grow_to_fit(self)

    @Slot(str)
    def _key_changed(self, _text: str) -> None:
        self._show(self.keyErrorLabel, "")
        self._show(self.testResultLabel, "")

    @Slot(bool)
    def _copy_key(self) -> None:
        key = self.apiKeyEdit.text().strip()
        if key:
            _copy_text(key)
            self._show(self.testResultLabel, self.tr("API key copied to the clipboard."), "")

    def _reveal_key(self, shown: bool) -> None:
        self.apiKeyEdit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        self.revealKeyButton.setText(self.tr("Hide") if shown else self.tr("Show"))

    @Slot()
    def _test(self) -> None:
        url = self._checked_url()
        key = self._checked_key()
        if url is None or key is None or self._testing:
            return
        self._testing = True
        self._test_serial += 1
        serial = self._test_serial
        self.testConnectionButton.setEnabled(False)
        self._show(self.testResultLabel, self.tr("Testing {url}…").format(url=url), "")
        settings = self._settings
        self._runner.submit(
            lambda: check_server(url, key, settings),
            on_success=lambda info: self._tested(serial, info, None),
            on_error=lambda exc: self._tested(serial, None, exc),
            on_finished=self._test_finished,
            owner=self,
        )

    def _tested(self, serial: int, info: object, exc: BaseException | None) -> None:
        if serial != self._test_serial:
            return
        if exc is not None:
            self._show(self.testResultLabel, describe_error(exc), _ERROR_STYLE)
        elif isinstance(info, ServerInfo):
            self._show(
                self.testResultLabel,
                self.tr("Connected: Evolution API {version}. The API key is accepted.").format(version=info.version),
                _OK_STYLE,
            )

    def _test_finished(self) -> None:
        self._testing = False
        self.testConnectionButton.setEnabled(True)

    @Slot()
    def _save(self) -> None:
        url = self._checked_url()
        key = self._checked_key()
        if url is None or key is None:
            return
        try:
            write_settings_file(self._paths.settings_file, {"server/url": url})
            self.key_storage = self._key_store.save(url, key)
        except OSError as exc:
            self._show(
                self.testResultLabel,
                self.tr("The settings could not be saved to {path}: {reason}").format(
                    path=self._paths.settings_file, reason=exc.strerror or str(exc)
                ),
                _ERROR_STYLE,
            )
            return
        self.accept()


def _copy_text(text: str) -> None:
    QGuiApplication.clipboard().setText(text)


def _muted(label: QLabel) -> None:
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(palette)


__all__ = ["SettingsDialog"]
