"""How evodesk starts: the window's frame paints first, the rest of the window and the database follow.

``evodesk`` builds its ``MainWindow`` with ``frame_first=True``; ``open_main_window`` (and every other test)
gets the complete window at once.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import QByteArray, QCoreApplication
from PySide6.QtWidgets import QApplication, QLabel, QTableView

from evodesk import __version__
from evodesk.app import backend_factory, open_main_window
from evodesk.config import Paths, load_settings
from evodesk.simulator import Simulator
from evodesk.ui.shared.ui_settings import UiSettings
from evodesk.ui.tasks.runner import TaskRunner
from evodesk.ui.window.main_window import MainWindow

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def frame_first(qapp: QApplication, simulator: Simulator, tmp_path: Path) -> Iterator[tuple[MainWindow, Paths]]:
    """A window built as ``evodesk`` builds it (frame first), on the simulator and a SQLite file."""
    paths = Paths.under(tmp_path / "home")
    paths.ensure()
    cli: dict[str, object | None] = {
        "api_url": simulator.url,
        "api_key": "test-key",
        "database_url": f"sqlite:///{tmp_path / 'chips.sqlite3'}",
    }
    settings = load_settings(paths, cli=cli)
    window = MainWindow(TaskRunner(), settings, backend_factory(settings, paths), paths=paths, frame_first=True)
    try:
        yield window, paths
    finally:
        window.close()
        window.deleteLater()


def _opening_text() -> str:
    return QCoreApplication.translate("MainWindow", "Opening evodesk…")


def test_the_frame_paints_first_and_the_window_completes_after(qtbot, frame_first: tuple[MainWindow, Paths]) -> None:
    window, _paths = frame_first
    completed: list[bool] = []
    window.completed.connect(lambda: completed.append(True))

    # On return only the frame exists: no table yet, and the window says what is happening.
    assert not window.is_complete
    assert window.findChild(QTableView, "chipsTable") is None
    opening = window.findChild(QLabel, "openingLabel")
    assert opening is not None and opening.text() == _opening_text()

    window.show()
    qtbot.waitUntil(lambda: window.is_complete, timeout=3000)
    assert completed == [True]
    assert window.findChild(QTableView, "chipsTable") is window.chipsTable
    qtbot.waitUntil(lambda: window.findChild(QLabel, "openingLabel") is None, timeout=1000)  # deleteLater
    # The database opens once the window is complete.
    qtbot.waitUntil(lambda: window.backend.manager is not None, timeout=10000)
    window.complete()  # a second call changes nothing
    assert completed == [True]


def test_a_frame_that_never_paints_still_completes(qtbot, frame_first: tuple[MainWindow, Paths]) -> None:
    window, _paths = frame_first
    # Never shown (as a window started minimised or on another desktop may never be exposed).
    assert not window.isVisible()
    qtbot.waitUntil(lambda: window.is_complete, timeout=3000)
    qtbot.waitUntil(lambda: window.backend.manager is not None, timeout=10000)


def test_closing_the_frame_before_it_completes(qtbot, frame_first: tuple[MainWindow, Paths]) -> None:
    window, paths = frame_first
    saved_splitter = QByteArray(b"splitter state from last time")
    ui = UiSettings(paths.settings_file)
    ui.set("window/splitter", saved_splitter)
    assert ui.sync()
    cleaned: list[bool] = []
    window.add_cleanup(lambda: cleaned.append(True))

    window.show()
    window.close()  # before the event loop has painted or completed anything

    assert cleaned == [True]
    assert not window.is_complete
    window.complete()  # a late completion (the fallback timer) must not build a closed window
    qtbot.wait(50)
    # Nothing of the complete window was built, the backend (which would open the database) included.
    assert not window.is_complete and not hasattr(window, "backend")
    # Its geometry was saved; the layout saved last time by a complete window is kept.
    after = UiSettings(paths.settings_file)
    assert not after.get("window/geometry").isEmpty()
    assert after.get("window/splitter") == saved_splitter


def test_evodesk_reports_its_first_and_its_complete_paint(simulator: Simulator, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EVODESK_EXIT_AFTER_PAINT": "1"}
    home = tmp_path / "home"
    result = subprocess.run(
        [
            *(sys.executable, "-m", "evodesk", "--data-dir", str(home), "--lang", "en"),
            *("--api-url", simulator.url, "--api-key", "test-key"),
            *("--database-url", f"sqlite:///{tmp_path / 'chips.sqlite3'}"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines()]
    assert [line[0] for line in lines] == ["first-paint", "complete-paint"], result.stdout
    first, complete = (float(line[1]) for line in lines)
    assert first <= complete
    # What was logged before the log file opened (after the first paint) is in it.
    log_text = (Paths.under(home).log_dir / "evodesk.log").read_text(encoding="utf-8")
    assert f"evodesk {__version__} started" in log_text


def test_the_demo_starts_quietly_and_logs_migrations_to_the_file(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "EVODESK_EXIT_AFTER_PAINT": "1"}
    home = tmp_path / "home"
    result = subprocess.run(
        [sys.executable, "-m", "evodesk", "--demo", "--data-dir", str(home), "--lang", "en"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # Only the offscreen platform's own notice may reach the terminal; no INFO line, none of Alembic's.
    noise = [line for line in result.stderr.splitlines() if "propagateSizeHints" not in line]
    assert noise == [], result.stderr
    log_text = (Paths.under(home).log_dir / "evodesk.log").read_text(encoding="utf-8")
    assert "alembic.runtime.migration" in log_text and f"evodesk {__version__} started (demo)" in log_text


class _RecordingKeyring(KeyringBackend):
    """An OS keyring stand-in that notes which thread asked it for a key."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self.asked_from: list[threading.Thread] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.asked_from.append(threading.current_thread())
        return self.key if service == "evodesk" else None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NotImplementedError

    def delete_password(self, service: str, username: str) -> None:
        raise NotImplementedError


def test_the_key_in_the_keyring_is_looked_up_off_the_gui_thread(
    qtbot, simulator: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A keyring may be slow or wait for the operator to unlock it: the window must not wait for it.
    monkeypatch.delenv("EVOLUTION_API_KEY", raising=False)
    ring = _RecordingKeyring("test-key")
    keyring.set_keyring(ring)  # the autouse fixture puts the previous one back
    window = open_main_window(
        [
            *("--data-dir", str(tmp_path / "home"), "--api-url", simulator.url, "--lang", "en"),
            *("--database-url", f"sqlite:///{tmp_path / 'chips.sqlite3'}"),
        ]
    )
    qtbot.addWidget(window)
    assert ring.asked_from == []
    # The first refresh succeeds only with the key from the keyring (the simulator refuses any other).
    qtbot.waitUntil(lambda: window.refresh.last_sync is not None, timeout=10000)
    assert ring.asked_from and threading.main_thread() not in ring.asked_from
    window.close()


_PROBE = """
import sys
import evodesk.app
import evodesk.ui.window.main_window as main_window
before_paint = sorted(sys.modules)
import evodesk.ui.window.parts
print(" ".join(before_paint))
print(" ".join(sorted(sys.modules)))
"""


def test_what_is_imported_before_the_first_paint_and_before_the_backend() -> None:
    # Each of these costs more than the frame itself; a new top-level import can bring one back unnoticed.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", _PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    before_paint, complete_window = (set(line.split()) for line in result.stdout.splitlines()[-2:])
    heavy_for_the_frame = {"evodesk.domain", "evodesk.services", "phonenumbers", "logging.handlers", "secrets"}
    assert not heavy_for_the_frame & before_paint
    # The database and HTTP libraries, and the keyring, load on the worker that opens the backend.
    assert not {"httpx", "sqlalchemy", "alembic", "keyring"} & complete_window
    assert {"evodesk.domain", "evodesk.ui.chips.model", "evodesk.evolution.errors"} <= complete_window


def test_held_records_go_to_stderr_when_the_log_folder_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import logging

    from evodesk.app import configure_logging
    from evodesk.logs import hold_records, holding_records

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log folder should be", encoding="utf-8")
    paths = dataclasses.replace(Paths.under(tmp_path), log_dir=blocker / "logs")
    root = logging.getLogger()
    before = list(root.handlers)
    hold_records()
    try:
        logging.getLogger("evodesk.test").warning("said before the log file was due")
        assert configure_logging(paths) is None
        assert not holding_records()
        logging.getLogger("evodesk.test").warning("said after")
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
    err = capsys.readouterr().err
    assert "said before the log file was due" in err and "said after" in err
    assert "cannot write the log file" in err
