"""Keyboard and layout of the main window: Tab leaves the table, nothing is cut or scrolled sideways at 1280 px in
either language, dates follow the chosen language, and the empty search names the whole query."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from evodesk.app import open_main_window
from evodesk.ui.chips.model import format_moment
from evodesk.ui.window.main_window import MainWindow
from helpers import OpenWindow, Rig, select, wait_synced

pytestmark = pytest.mark.gui

LONG_NAME = "atendimento-centro-expandido-5511987654321"


def tab_chain(qtbot, window: MainWindow, start: QWidget, presses: int = 40) -> list[str]:
    """Object names of the widgets Tab visits from ``start``."""
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(start.hasFocus, timeout=2000)
    seen: list[str] = []
    for _ in range(presses):
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        seen.append(now.objectName() if now is not None else "")
    return seen


def test_tab_leaves_the_table_and_reaches_search_filter_and_the_details_buttons(
    qtbot, fleet: Rig, open_window: OpenWindow
) -> None:
    chip = fleet.connected("11 98765-4321", "tab-01", profile="Loja")
    fleet.waiting("11 98765-4322", "tab-02")
    window = open_window()
    window.activateWindow()
    wait_synced(qtbot, window)
    select(qtbot, window, chip)
    seen = tab_chain(qtbot, window, window.chipsTable)
    # The first Tab leaves the table (it no longer walks its cells) for a details button.
    assert seen[0] != "chipsTable" and seen[0].endswith("Button"), seen
    assert {"searchEdit", "statusFilter", "chipsTable", "disconnectButton", "restartButton"} <= set(seen), seen
    # The whole cycle comes back to the table.
    assert seen.count("chipsTable") >= 1


def test_the_empty_search_names_the_whole_query(qtbot, fleet: Rig, open_window: OpenWindow) -> None:
    fleet.connected("11 98765-4321", "busca-01")
    window = open_window()
    wait_synced(qtbot, window)
    window.searchEdit.setFocus()
    qtbot.keyClicks(window.searchEdit, "zzz")
    qtbot.waitUntil(lambda: window.emptyLabel.isVisible() and "zzz" in window.emptyLabel.text(), timeout=2000)
    assert window.emptyLabel.text() == "No chip matches “zzz”."
    qtbot.keyClick(window.searchEdit, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: window.emptyLabel.text() == "No chip matches “zz”.", timeout=2000)


@pytest.fixture
def language_windows(qapp: QApplication) -> Iterator[list[MainWindow]]:
    previous_locale = QLocale()
    previous = list(getattr(qapp, "evodesk_translators", []))
    opened: list[MainWindow] = []
    yield opened
    for window in opened:
        window.close()
        window.deleteLater()
    for translator in getattr(qapp, "evodesk_translators", []):
        qapp.removeTranslator(translator)
    for translator in previous:
        qapp.installTranslator(translator)
    qapp.evodesk_translators = previous  # type: ignore[attr-defined]
    QLocale.setDefault(previous_locale)


@pytest.mark.parametrize("lang", ["pt_BR", "en"])
def test_at_1280_px_nothing_scrolls_sideways_or_is_cut_and_dates_follow_the_language(
    qtbot, fleet: Rig, tmp_path: Path, language_windows: list[MainWindow], lang: str
) -> None:
    chip = fleet.connected("11 98765-4321", LONG_NAME, profile="Atendimento Centro Expandido Zona Norte")
    for index in range(12):
        fleet.connected(f"11 98765-43{index:02d}", f"loja-{index:02d}", profile="Loja")
    window = open_main_window(
        [
            *("--data-dir", str(tmp_path / lang), "--api-url", fleet.sim.url, "--api-key", "test-key"),
            *("--database-url", fleet.url, "--lang", lang),
        ]
    )
    language_windows.append(window)
    window.resize(1280, 800)
    wait_synced(qtbot, window)
    select(qtbot, window, chip)
    qtbot.wait(50)
    assert window.width() == 1280
    assert not window.chipsTable.horizontalScrollBar().isVisible()
    panel = window.page.details
    for label in panel.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        if label.wordWrap() and label.objectName() != "details_instance":
            continue
        # An unwrapped label shows its whole text: it is at least as wide as the text needs.
        needed = label.fontMetrics().horizontalAdvance(label.text())
        assert label.width() >= needed, (label.objectName(), label.text(), label.width(), needed)
    assert panel.findChild(QLabel, "details_instance").text() == LONG_NAME
    # Dates in the chosen language's format, whatever the system's.
    sample = datetime(2026, 3, 9, 14, 5, tzinfo=UTC)
    expected = QLocale("pt_BR" if lang == "pt_BR" else "en_US").toString(
        QLocale().toDateTime(sample.astimezone().strftime("%Y-%m-%d %H:%M"), "yyyy-MM-dd HH:mm"),
        QLocale.FormatType.ShortFormat,
    )
    assert format_moment(sample) == expected
