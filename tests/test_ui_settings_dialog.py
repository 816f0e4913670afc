"""The settings dialog: validation, the connection test against the real simulator, and saving the file."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit

from evodesk.config import ConfigError, Paths, Settings, load_settings, read_settings_file, validate_server_url
from evodesk.evolution import EvolutionAuthError
from evodesk.simulator import Simulator
from evodesk.ui.dialogs.settings import SettingsDialog
from evodesk.ui.shared.messages import describe_error
from evodesk.ui.tasks.runner import TaskRunner

pytestmark = pytest.mark.gui


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths.under(tmp_path / "home")


def open_dialog(qtbot: Any, paths: Paths, runner: TaskRunner, settings: Settings | None = None) -> SettingsDialog:
    dialog = SettingsDialog(paths, settings or Settings(), runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_in(qtbot: Any, edit: QLineEdit, text: str) -> None:
    edit.clear()
    qtbot.keyClicks(edit, text)


def click_test(qtbot: Any, dialog: SettingsDialog) -> str:
    qtbot.mouseClick(dialog.testConnectionButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.testConnectionButton.isEnabled(), timeout=10000)
    assert dialog.testResultLabel.isVisible()
    return str(dialog.testResultLabel.text())


@pytest.mark.parametrize("url", ["ftp://example.com", "example.com:abc", "http://user:pw@example.com", ""])
def test_invalid_url_is_refused_inline_and_nothing_is_saved(
    qtbot: Any, paths: Paths, runner: TaskRunner, url: str
) -> None:
    dialog = open_dialog(qtbot, paths, runner)
    type_in(qtbot, dialog.serverUrlEdit, url)
    type_in(qtbot, dialog.apiKeyEdit, "secret-key")
    qtbot.mouseClick(dialog.saveButton, Qt.MouseButton.LeftButton)
    with pytest.raises(ConfigError) as raised:
        validate_server_url(url)
    assert dialog.urlErrorLabel.isVisible()
    assert dialog.urlErrorLabel.text() == describe_error(raised.value)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert not paths.settings_file.exists()


def test_empty_key_is_refused_inline(qtbot: Any, paths: Paths, runner: TaskRunner) -> None:
    dialog = open_dialog(qtbot, paths, runner)
    type_in(qtbot, dialog.serverUrlEdit, "https://evolution.example.com")
    qtbot.mouseClick(dialog.saveButton, Qt.MouseButton.LeftButton)
    assert dialog.keyErrorLabel.isVisible() and dialog.keyErrorLabel.text() == "Type the API key."
    assert not paths.settings_file.exists()


@pytest.mark.parametrize(
    ("url", "warned"),
    [
        ("http://evolution.example.com", True),
        ("http://10.0.0.5:8080", True),
        ("https://evolution.example.com", False),
        ("http://127.0.0.1:8080", False),
        ("http://localhost:8080", False),
    ],
)
def test_plain_http_to_another_machine_is_warned_about(
    qtbot: Any, paths: Paths, runner: TaskRunner, url: str, warned: bool
) -> None:
    dialog = open_dialog(qtbot, paths, runner)
    type_in(qtbot, dialog.serverUrlEdit, url)
    assert dialog.httpWarningLabel.isVisible() is warned


def test_test_connection_reports_the_server_version(
    qtbot: Any, paths: Paths, runner: TaskRunner, simulator: Simulator
) -> None:
    dialog = open_dialog(qtbot, paths, runner)
    type_in(qtbot, dialog.serverUrlEdit, simulator.url)
    type_in(qtbot, dialog.apiKeyEdit, "test-key")
    text = click_test(qtbot, dialog)
    assert text == f"Connected: Evolution API {simulator.version}. The API key is accepted."
    assert simulator.version == "2.3.7"
    assert not paths.settings_file.exists(), "testing does not save"


def test_test_connection_with_a_wrong_key_shows_the_401_text(
    qtbot: Any, paths: Paths, runner: TaskRunner, simulator: Simulator
) -> None:
    dialog = open_dialog(qtbot, paths, runner)
    type_in(qtbot, dialog.serverUrlEdit, simulator.url)
    type_in(qtbot, dialog.apiKeyEdit, "wrong-key")
    assert click_test(qtbot, dialog) == describe_error(EvolutionAuthError("401", status=401))


def test_test_connection_to_a_dead_server_says_so(
    qtbot: Any, paths: Paths, runner: TaskRunner, simulator: Simulator
) -> None:
    url = simulator.url
    simulator.stop()
    dialog = open_dialog(qtbot, paths, runner)
    type_in(qtbot, dialog.serverUrlEdit, url)
    type_in(qtbot, dialog.apiKeyEdit, "test-key")
    assert click_test(qtbot, dialog).startswith("Nothing answers at the server address (connection refused)")


def test_save_writes_an_owner_only_file_and_values_returns_what_was_typed(
    qtbot: Any, paths: Paths, runner: TaskRunner
) -> None:
    dialog = open_dialog(qtbot, paths, runner)
    type_in(qtbot, dialog.serverUrlEdit, "https://evolution.example.com:8443")
    type_in(qtbot, dialog.apiKeyEdit, "0DF83334-338C-4D4B")
    assert dialog.values() == ("https://evolution.example.com:8443", "0DF83334-338C-4D4B")
    qtbot.mouseClick(dialog.saveButton, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    assert stat.S_IMODE(paths.settings_file.stat().st_mode) == 0o600
    assert read_settings_file(paths.settings_file) == {
        "server/url": "https://evolution.example.com:8443",
        "server/api_key": "0DF83334-338C-4D4B",
    }
    loaded = load_settings(paths, env={})
    assert (loaded.api_url, loaded.api_key) == dialog.values()


def test_save_keeps_other_settings_in_the_file(qtbot: Any, paths: Paths, runner: TaskRunner) -> None:
    paths.ensure()
    paths.settings_file.write_text("[ui]\nlang=pt_BR\n\n[server]\nurl=http://old\n", encoding="utf-8")
    dialog = open_dialog(qtbot, paths, runner, load_settings(paths, env={}))
    assert dialog.serverUrlEdit.text() == "http://old"
    type_in(qtbot, dialog.serverUrlEdit, "http://127.0.0.1:8080/")
    type_in(qtbot, dialog.apiKeyEdit, "k-123456")
    qtbot.keyClick(dialog.apiKeyEdit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert read_settings_file(paths.settings_file) == {
        "ui/lang": "pt_BR",
        "server/url": "http://127.0.0.1:8080",
        "server/api_key": "k-123456",
    }


def test_key_is_masked_until_revealed(qtbot: Any, paths: Paths, runner: TaskRunner) -> None:
    dialog = open_dialog(qtbot, paths, runner, Settings(api_url="https://e.example", api_key="secret"))
    assert dialog.apiKeyEdit.echoMode() is QLineEdit.EchoMode.Password
    qtbot.mouseClick(dialog.revealKeyButton, Qt.MouseButton.LeftButton)
    assert dialog.apiKeyEdit.echoMode() is QLineEdit.EchoMode.Normal
    qtbot.mouseClick(dialog.revealKeyButton, Qt.MouseButton.LeftButton)
    assert dialog.apiKeyEdit.echoMode() is QLineEdit.EchoMode.Password


def test_the_dialog_says_where_the_key_is_stored(qtbot: Any, paths: Paths, runner: TaskRunner) -> None:
    dialog = open_dialog(qtbot, paths, runner)
    label = dialog.findChild(type(dialog.testResultLabel), "keyStorageLabel")
    assert label is not None
    assert str(paths.settings_file) in label.text() and "only by your user account" in label.text()


def test_environment_overrides_are_pointed_out(qtbot: Any, paths: Paths, runner: TaskRunner) -> None:
    settings = load_settings(paths, env={"EVOLUTION_API_URL": "https://from-env.example", "EVOLUTION_API_KEY": "k"})
    dialog = open_dialog(qtbot, paths, runner, settings)
    assert dialog.overrideLabel.isVisible()
    assert "EVOLUTION_API_URL" in dialog.overrideLabel.text()


def test_works_without_a_runner_of_its_own(qtbot: Any, paths: Paths, simulator: Simulator) -> None:
    dialog = SettingsDialog(paths, Settings(api_url=simulator.url, api_key="test-key"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert "2.3.7" in click_test(qtbot, dialog)
