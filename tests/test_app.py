"""The composition root: command line, ``--smoke-test``, ``--demo``, first run and the excepthook."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from evodesk import __version__
from evodesk.app import StartupCancelled, excepthook, open_main_window, parse_args
from evodesk.config import Paths, write_settings_file
from evodesk.simulator import Simulator
from evodesk.ui.window.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
_OUR_VARIABLES = ("EVOLUTION_API_URL", "EVOLUTION_API_KEY", "EVODESK_DATABASE_URL", "EVODESK_HOME")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _OUR_VARIABLES}
    env.update(QT_QPA_PLATFORM="offscreen", EVODESK_HOME=str(home), PYTHONPATH=str(ROOT))
    return env


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in _OUR_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def windows(qapp: QApplication) -> Iterator[list[MainWindow]]:
    opened: list[MainWindow] = []
    yield opened
    for window in opened:
        window.close()
        window.deleteLater()


def test_version_is_printed(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "evodesk", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(tmp_path),
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"evodesk {__version__}"


def test_smoke_test_passes_within_fifteen_seconds(tmp_path: Path) -> None:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "evodesk", "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=30,
        env=_env(tmp_path),
        cwd=tmp_path,
    )
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke test passed" in result.stdout
    assert elapsed < 15, f"smoke test took {elapsed:.1f} s"


def test_smoke_test_fails_with_one_line_reason(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "chips.sqlite3"
    result = subprocess.run(
        [sys.executable, "-m", "evodesk", "--smoke-test", "--database-url", f"sqlite:///{missing}"],
        capture_output=True,
        text=True,
        timeout=30,
        env=_env(tmp_path),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith("smoke test failed")]
    assert len(lines) == 1 and "database migrations" in lines[0], result.stderr


def test_unknown_language_is_refused() -> None:
    with pytest.raises(SystemExit) as exited:
        parse_args(["--lang", "klingon"])
    assert exited.value.code == 2
    assert parse_args(["--lang", "pt-br"]).lang == "pt_BR"


def test_demo_opens_a_window_on_a_running_simulator(qtbot, clean_env: None, windows: list[MainWindow]) -> None:
    window = open_main_window(["--demo", "--lang", "en"])
    windows.append(window)
    assert isinstance(window, MainWindow) and window.isVisible()
    assert "Demo" in window.windowTitle()
    simulator = window.simulator
    assert isinstance(simulator, Simulator)
    assert httpx.get(simulator.url + "/", timeout=5).status_code == 200
    qtbot.waitUntil(lambda: window.refresh.last_sync is not None, timeout=5000)
    assert window.backend.manager is not None and window.backend.manager.store.backend == "sqlite"
    # The demo database is fresh and lives in a temporary folder.
    assert window.model.rowCount() == 0
    database = Path(window.backend.manager.store.url.removeprefix("sqlite:///"))
    assert database.exists() and "evodesk-demo-" in str(database)
    assert "demo" in window.serverLabel.text()
    window.close()
    with pytest.raises(httpx.ConnectError):
        httpx.get(simulator.url + "/", timeout=2)
    assert not database.exists()


def test_settings_file_configures_the_window(
    qtbot, simulator: Simulator, tmp_path: Path, clean_env: None, windows: list[MainWindow]
) -> None:
    home = tmp_path / "home"
    write_settings_file(Paths.under(home).settings_file, {"server/url": simulator.url, "server/api_key": "test-key"})
    window = open_main_window(["--data-dir", str(home), "--lang", "en"])
    windows.append(window)
    qtbot.waitUntil(lambda: window.refresh.last_sync is not None, timeout=5000)
    assert window.serverLabel.text() == f"Server: {simulator.url.removeprefix('http://')}"
    assert (home / "chips.sqlite3").exists()
    assert "Demo" not in window.windowTitle()


def test_first_run_without_a_server_asks_for_one(qtbot, tmp_path: Path, clean_env: None) -> None:
    seen: list[str] = []

    def decline() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog):
            seen.append(dialog.objectName())
            dialog.reject()
        else:
            QTimer.singleShot(20, decline)

    QTimer.singleShot(0, decline)
    with pytest.raises(StartupCancelled):
        open_main_window(["--data-dir", str(tmp_path / "home"), "--lang", "en"])
    assert seen == ["SettingsDialog"]


def test_excepthook_logs_and_shows_copyable_details(qtbot, caplog: pytest.LogCaptureFixture) -> None:
    shown: list[tuple[str, str]] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box.objectName() == "crashDialog":
            shown.append((box.text(), box.detailedText()))
            box.accept()
        else:
            QTimer.singleShot(20, close_box)

    QTimer.singleShot(0, close_box)
    try:
        raise RuntimeError("a slot went wrong")
    except RuntimeError as exc:
        with caplog.at_level(logging.CRITICAL, logger="evodesk"):
            excepthook(type(exc), exc, exc.__traceback__)
    assert len(shown) == 1
    text, details = shown[0]
    assert "Your chips are safe" in text
    assert "RuntimeError: a slot went wrong" in details and __version__ in details
    assert any(record.exc_info for record in caplog.records)


def test_installed_metadata_has_the_package_version() -> None:
    # pyproject.toml takes the version from evodesk/__init__.py; an install must carry the same one.
    from importlib.metadata import version

    assert version("evodesk") == __version__
