"""Translations: the .ts sources are complete and current, the .qm files are compiled from them, and the app
speaks Portuguese or English as asked (its own strings and Qt's standard buttons).

The English catalogue leaves its translations empty on purpose: the source strings are English, so Qt falls back
to them. Copying every source into it would only hide a wrong catalogue being loaded (an identity English
translator installed last answers first) and double the work for each new string. Only plural messages
(``%n``) need English forms, and the test below requires them.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from evodesk import _resources
from evodesk.app import install_translations, open_main_window
from evodesk.ui.chips.filters import StatusFilter
from evodesk.ui.window.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
PT_BR_TS = TS_DIR / "evodesk_pt_BR.ts"
EN_TS = TS_DIR / "evodesk_en.ts"
LANGUAGES = ("pt_BR", "en")
# {name} and {name:spec} (str.format), %n / %Ln (plural count), %1..%99 / %L1 (QString::arg).
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?:![rsa])?(?::[^{}]*)?\}|%L?n|%L?\d{1,2}")
# A keyboard accelerator: "&" before anything but a space or a second "&" ("&&" is a literal ampersand).
ACCELERATOR = re.compile(r"(?<!&)&(?![&\s])")


def _load_script() -> ModuleType:
    path = ROOT / "scripts" / "update_translations.py"
    spec = importlib.util.spec_from_file_location("update_translations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


tooling = _load_script()


def _messages(ts: Path) -> Iterator[tuple[str, ElementTree.Element]]:
    root = ElementTree.parse(ts).getroot()
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            yield name, message


def _key(context: str, message: ElementTree.Element) -> tuple[str, str, str | None, bool]:
    return (context, message.findtext("source", ""), message.findtext("comment"), message.get("numerus") == "yes")


def _forms(message: ElementTree.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.iter("numerusform")]
    return [translation.text or ""]


def _finished(message: ElementTree.Element) -> bool:
    # A finished translation carries no type attribute (not unfinished, vanished or obsolete).
    translation = message.find("translation")
    return translation is not None and translation.get("type") is None


def _edges(text: str) -> tuple[str, str]:
    return text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]


# -- the .ts sources ---------------------------------------------------------------------------------------


def test_catalogues_hold_the_same_messages() -> None:
    pt = {_key(context, message) for context, message in _messages(PT_BR_TS)}
    en = {_key(context, message) for context, message in _messages(EN_TS)}
    assert pt == en
    assert len(pt) > 200


def test_every_portuguese_message_is_translated_with_the_same_placeholders() -> None:
    problems: list[str] = []
    for context, message in _messages(PT_BR_TS):
        source = message.findtext("source", "")
        where = f"{context}: {source!r}"
        translation = message.find("translation")
        assert translation is not None, where
        if not _finished(message):
            problems.append(f"{where} is {translation.get('type')}")
            continue
        forms = _forms(message)
        if message.get("numerus") == "yes" and len(forms) != 2:
            problems.append(f"{where} needs two plural forms (singular, plural), has {len(forms)}")
        for text in forms:
            if not text.strip():
                problems.append(f"{where} has an empty translation")
            elif set(PLACEHOLDER.findall(text)) != set(PLACEHOLDER.findall(source)):
                problems.append(f"{where}: placeholders {PLACEHOLDER.findall(text)} in {text!r}")
            elif _edges(text) != _edges(source):
                problems.append(f"{where}: leading/trailing whitespace differs in {text!r}")
            elif len(ACCELERATOR.findall(text)) != len(ACCELERATOR.findall(source)):
                problems.append(f"{where}: keyboard accelerator (&) lost or doubled in {text!r}")
            elif text.count("\n") != source.count("\n"):
                problems.append(f"{where}: line breaks differ in {text!r}")
    assert problems == []


def test_english_catalogue_relies_on_the_source_text_except_for_plurals() -> None:
    problems: list[str] = []
    for context, message in _messages(EN_TS):
        translation = message.find("translation")
        assert translation is not None
        source = message.findtext("source", "")
        if message.get("numerus") == "yes":
            # "%n chip(s)" must read "1 chip" / "2 chips": English needs its own singular and plural.
            forms = _forms(message)
            if not _finished(message) or len(forms) != 2 or not all(f.strip() for f in forms):
                problems.append(f"{context}: {source!r} needs English singular and plural forms")
        elif translation.get("type") == "vanished" or translation.get("type") == "obsolete":
            problems.append(f"{context}: {source!r} is {translation.get('type')}")
    assert problems == []


def test_catalogues_are_current_with_the_code(tmp_path: Path) -> None:
    # lupdate into copies: a string added to or removed from the code shows up as a difference.
    copies = []
    for lang in LANGUAGES:
        copy = tmp_path / f"evodesk_{lang}.ts"
        shutil.copyfile(tooling.ts_file(lang), copy)
        copies.append(copy)
    tooling.update(copies)
    for lang, copy in zip(LANGUAGES, copies, strict=True):
        committed = {_key(c, m): _forms(m) for c, m in _messages(tooling.ts_file(lang))}
        fresh = {_key(c, m): _forms(m) for c, m in _messages(copy)}
        added = sorted(str(key[:2]) for key in fresh.keys() - committed.keys())
        removed = sorted(str(key[:2]) for key in committed.keys() - fresh.keys())
        assert (added, removed) == ([], []), (
            f"evodesk_{lang}.ts is out of date: run scripts/update_translations.py and translate the new strings"
        )
    unfinished = [f"{c}: {m.findtext('source')!r}" for c, m in _messages(copies[0]) if not _finished(m)]
    assert unfinished == []


def test_every_translatable_call_in_the_code_has_a_portuguese_translation() -> None:
    # End to end, as the running code looks strings up: catches calls lupdate cannot see or decodes differently.
    translator = QTranslator()
    assert translator.load(str(tooling.qm_file("pt_BR")))
    missing = []
    for message in tooling.all_messages():
        n = 1 if message.numerus else -1
        if not translator.translate(message.context, message.source, message.disambiguation, n):
            missing.append(f"{message.where}: {message.context}: {message.source!r}")
    assert missing == []
    assert len(tooling.all_messages()) > 200


# -- the compiled .qm files --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_compiled_catalogues_match_their_sources(lang: str, tmp_path: Path) -> None:
    fresh = tmp_path / f"evodesk_{lang}.qm"
    tooling.release(tooling.ts_file(lang), fresh)
    expected = fresh.read_bytes()
    assert tooling.qm_file(lang).read_bytes() == expected, f"run scripts/update_translations.py --release ({lang})"
    # The copy inside the package (what an installed wheel loads) is the same file.
    assert tooling.qm_file(lang, tooling.PACKAGE_QM_DIR).read_bytes() == expected


# -- finding them in each packaging form -------------------------------------------------------------------


def test_source_checkout_finds_the_repository_catalogues() -> None:
    for lang in LANGUAGES:
        assert _resources.translation_file(lang) == TS_DIR / f"evodesk_{lang}.qm"


def test_pyinstaller_bundle_finds_the_catalogues_in_its_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "bundle"
    (bundle / "resources" / "translations").mkdir(parents=True)
    shutil.copyfile(TS_DIR / "evodesk_pt_BR.qm", bundle / "resources" / "translations" / "evodesk_pt_BR.qm")
    monkeypatch.setattr(_resources, "SOURCE_ROOT", tmp_path / "no-checkout")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert _resources.translation_file("pt_BR") == bundle / "resources" / "translations" / "evodesk_pt_BR.qm"


def test_installed_package_finds_its_package_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_resources, "SOURCE_ROOT", tmp_path / "no-checkout")
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    for lang in LANGUAGES:
        assert _resources.translation_file(lang) == ROOT / "evodesk" / "translations" / f"evodesk_{lang}.qm"
    # ...and a wheel carries that folder: pyproject declares it as package data.
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["package-data"]
    assert "translations/*.qm" in package_data["evodesk"]


# -- the running application -------------------------------------------------------------------------------


@pytest.fixture
def restore_language(qapp: QApplication) -> Iterator[QApplication]:
    """Put the translators and the default locale back as they were after a test that changes them."""
    previous_locale = QLocale()
    previous = list(getattr(qapp, "evodesk_translators", []))
    yield qapp
    for translator in getattr(qapp, "evodesk_translators", []):
        qapp.removeTranslator(translator)
    for translator in previous:
        qapp.installTranslator(translator)
    qapp.evodesk_translators = previous  # type: ignore[attr-defined]
    QLocale.setDefault(previous_locale)


@pytest.mark.parametrize(
    ("system", "expected"),
    [("pt_BR", "pt_BR"), ("pt_PT", "pt_BR"), ("pt_AO", "pt_BR"), ("en_US", "en"), ("en_GB", "en"), ("de_DE", "en")],
)
def test_system_language_picks_portuguese_or_english(
    restore_language: QApplication, system: str, expected: str
) -> None:
    assert install_translations(restore_language, None, system=QLocale(system)) == expected
    portuguese = expected == "pt_BR"
    assert QCoreApplication.translate("WindowParts", "New instance") == (
        "Nova instância" if portuguese else "New instance"
    )
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == ("Cancelar" if portuguese else "Cancel")


def test_lang_option_wins_over_the_system_language(restore_language: QApplication) -> None:
    assert install_translations(restore_language, "en", system=QLocale("pt_BR")) == "en"
    assert QCoreApplication.translate("WindowParts", "New instance") == "New instance"
    assert install_translations(restore_language, "pt-br", system=QLocale("de_DE")) == "pt_BR"
    assert QCoreApplication.translate("WindowParts", "New instance") == "Nova instância"
    assert QLocale().name() == "pt_BR"


@pytest.fixture
def windows(restore_language: QApplication) -> Iterator[list[MainWindow]]:
    opened: list[MainWindow] = []
    yield opened
    for window in opened:
        window.close()
        window.deleteLater()


EXPECTED = {
    "pt_BR": {
        "new": "Nova instância",
        "filter": [
            "Todos os chips",
            "Conectado",
            "Precisa de atenção",
            "Pendente",
            "Aquecendo",
            "Ativo",
            "Cancelado (excluído)",
        ],
        "yes": "Sim",
        "no": "Não",
        "cancel": "Cancelar",
    },
    "en": {
        "new": "New instance",
        "filter": ["All chips", "Connected", "Needs attention", "Pending", "Warming", "Active", "Cancelled (deleted)"],
        "yes": "Yes",
        "no": "No",
        "cancel": "Cancel",
    },
}


def _plain(text: str) -> str:
    return text.replace("&", "")


@pytest.mark.gui
@pytest.mark.parametrize("lang", LANGUAGES)
def test_main_window_speaks_the_chosen_language(
    lang: str, tmp_path: Path, windows: list[MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("EVOLUTION_API_URL", "EVOLUTION_API_KEY", "EVODESK_DATABASE_URL", "EVODESK_HOME"):
        monkeypatch.delenv(name, raising=False)
    window = open_main_window(["--demo", "--lang", lang, "--data-dir", str(tmp_path)])
    windows.append(window)
    expected = EXPECTED[lang]
    assert window.newInstanceButton.text() == expected["new"]
    items = [window.statusFilter.itemText(index) for index in range(window.statusFilter.count())]
    assert items == expected["filter"]
    assert [window.statusFilter.itemData(index) for index in range(len(items))] == [f.value for f in StatusFilter]

    # Qt's own strings: standard buttons of a message box and of a dialog button box.
    box = QMessageBox(QMessageBox.Icon.Question, "", "", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    try:
        assert _plain(box.button(QMessageBox.StandardButton.Yes).text()) == expected["yes"]
        assert _plain(box.button(QMessageBox.StandardButton.No).text()) == expected["no"]
        assert _plain(buttons.button(QDialogButtonBox.StandardButton.Cancel).text()) == expected["cancel"]
    finally:
        box.deleteLater()
        buttons.deleteLater()
