"""Every message in the operator's language: lower-layer errors described from their codes, plurals from Qt's
numerus forms, the one style of the header counter, and the https:// proposal for a URL typed without a scheme."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialog

from evodesk.app import install_translations
from evodesk.config import ConfigError, Paths, Settings, normalise_lang, read_settings_file, validate_server_url
from evodesk.simulator import Simulator
from evodesk.ui.chips.filters import FleetSummary
from evodesk.ui.dialogs.settings import SettingsDialog
from evodesk.ui.fleet.tray import summary_text
from evodesk.ui.shared.messages import describe_error
from evodesk.ui.tasks.runner import TaskRunner

ROOT = Path(__file__).resolve().parent.parent
PT_TS = ROOT / "resources" / "translations" / "evodesk_pt_BR.ts"
# Words of the English wordings that a Portuguese sentence never contains.
ENGLISH = re.compile(r"\b(the|cannot|connect(ion)?|refused|server URL|must|invalid|expected|got)\b", re.IGNORECASE)


@pytest.fixture
def portuguese(qapp: QApplication) -> Iterator[QApplication]:
    previous_locale = QLocale()
    previous = list(getattr(qapp, "evodesk_translators", []))
    assert install_translations(qapp, "pt_BR") == "pt_BR"
    yield qapp
    for translator in getattr(qapp, "evodesk_translators", []):
        qapp.removeTranslator(translator)
    for translator in previous:
        qapp.installTranslator(translator)
    qapp.evodesk_translators = previous  # type: ignore[attr-defined]
    QLocale.setDefault(previous_locale)


def open_dialog(qtbot: Any, tmp_path: Path, runner: TaskRunner) -> SettingsDialog:
    dialog = SettingsDialog(Paths.under(tmp_path / "home"), Settings(), runner=runner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_no_portuguese_message_keeps_an_english_plural_in_parentheses() -> None:
    translations = [
        "".join(node.itertext()) for node in ElementTree.parse(PT_TS).getroot().iter("translation") if node is not None
    ]
    assert translations
    assert [text for text in translations if re.search(r"\w\((s|es|ões)\)", text)] == []


@pytest.mark.gui
def test_settings_dialog_says_a_refused_connection_in_portuguese(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, simulator: Simulator, portuguese: QApplication
) -> None:
    url = simulator.url
    simulator.stop()
    dialog = open_dialog(qtbot, tmp_path, runner)
    dialog.serverUrlEdit.setText(url)
    dialog.apiKeyEdit.setText("test-key")
    qtbot.mouseClick(dialog.testConnectionButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.testConnectionButton.isEnabled(), timeout=10000)
    text = dialog.testResultLabel.text()
    assert text.startswith("Nada responde no endereço do servidor (conexão recusada)"), text
    assert not ENGLISH.search(text), text


@pytest.mark.gui
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("ftp://example.com", "A URL do servidor deve começar com http:// ou https://."),
        ("https://exa mple.com", "A URL do servidor não pode conter espaços."),
        ("https://user:pw@example.com", "A URL do servidor não pode conter usuário nem senha"),
        ("https://example.com/?a=1", "A URL do servidor não pode conter “?” nem “#”."),
        ("", "Digite a URL do servidor."),
    ],
)
def test_settings_dialog_refuses_a_bad_url_in_portuguese(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, portuguese: QApplication, url: str, expected: str
) -> None:
    dialog = open_dialog(qtbot, tmp_path, runner)
    dialog.serverUrlEdit.setText(url)
    dialog.apiKeyEdit.setText("test-key")
    qtbot.mouseClick(dialog.saveButton, Qt.MouseButton.LeftButton)
    assert dialog.urlErrorLabel.isVisible()
    assert dialog.urlErrorLabel.text().startswith(expected), dialog.urlErrorLabel.text()
    assert not ENGLISH.search(dialog.urlErrorLabel.text())
    assert dialog.result() != QDialog.DialogCode.Accepted


@pytest.mark.gui
def test_a_url_without_scheme_gets_https_proposed_and_one_click_uses_it(
    qtbot: Any, tmp_path: Path, runner: TaskRunner, portuguese: QApplication
) -> None:
    dialog = open_dialog(qtbot, tmp_path, runner)
    dialog.serverUrlEdit.setText("evolution.example.com:8443")
    dialog.apiKeyEdit.setText("test-key")
    qtbot.mouseClick(dialog.saveButton, Qt.MouseButton.LeftButton)
    assert dialog.urlErrorLabel.text() == (
        "O endereço precisa começar com http:// ou https://. Você quis dizer https://evolution.example.com:8443?"
    )
    assert dialog.urlSuggestButton.isVisible()
    assert dialog.urlSuggestButton.text() == "Usar https://evolution.example.com:8443"
    qtbot.mouseClick(dialog.urlSuggestButton, Qt.MouseButton.LeftButton)
    assert dialog.serverUrlEdit.text() == "https://evolution.example.com:8443"
    assert not dialog.urlSuggestButton.isVisible() and not dialog.urlErrorLabel.isVisible()
    qtbot.mouseClick(dialog.saveButton, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert read_settings_file(dialog._paths.settings_file)["server/url"] == "https://evolution.example.com:8443"


def test_config_errors_are_described_from_their_codes(portuguese: QApplication) -> None:
    with pytest.raises(ConfigError) as raised:
        normalise_lang("klingon")
    assert describe_error(raised.value) == "O idioma “klingon” não é suportado; escolha pt_BR ou en."
    with pytest.raises(ConfigError) as raised:
        validate_server_url("https://example.com:0")
    assert describe_error(raised.value) == "A URL do servidor tem uma porta inválida."


@pytest.mark.parametrize(
    ("connected", "attention", "portuguese_text", "english_text"),
    [
        (1, 1, "1 conectado · 1 precisa de atenção", "1 connected · 1 needs attention"),
        (2, 3, "2 conectados · 3 precisam de atenção", "2 connected · 3 need attention"),
    ],
)
def test_counters_use_numerus_forms_in_one_style(
    portuguese: QApplication, connected: int, attention: int, portuguese_text: str, english_text: str
) -> None:
    summary = FleetSummary(connected=connected, attention=attention)
    assert summary_text(summary) == portuguese_text
    install_translations(portuguese, "en")
    assert summary_text(summary) == english_text
