"""``--smoke-test`` notices the data files a bundle can lose: the translation catalogues and the SVG icon.

Each test runs the smoke test in a fresh process on a copy of the evodesk package laid out as a bundle could be,
with one data file missing, and expects it to fail at that step with one line naming it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

ROOT = Path(__file__).resolve().parent.parent


class _MemoryKeyring(KeyringBackend):
    """A keyring backend that works (as the Credential Manager's does on Windows) and keeps nothing."""

    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("the smoke test must not store a key")

    def delete_password(self, service: str, username: str) -> None:
        raise AssertionError("the smoke test must not delete a key")


def _layout(tmp_path: Path, *, translations: bool, icon: bool) -> Path:
    """``tmp_path/app``: evodesk without its packaged .qm files, and resources/ with what was asked for."""
    app = tmp_path / "app"
    shutil.copytree(ROOT / "evodesk", app / "evodesk", ignore=shutil.ignore_patterns("__pycache__", "translations"))
    resources = app / "resources"
    if translations:
        shutil.copytree(ROOT / "resources" / "translations", resources / "translations")
    if icon:
        (resources / "icons").mkdir(parents=True)
        shutil.copy(ROOT / "resources" / "icons" / "evodesk.svg", resources / "icons")
    return app


def _smoke(app: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EVOLUTION_", "EVODESK_"))}
    env.update(QT_QPA_PLATFORM="offscreen", EVODESK_HOME=str(tmp_path / "home"), PYTHONPATH=str(app))
    return subprocess.run(
        [sys.executable, "-m", "evodesk", "--smoke-test"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
    )


def _failure(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("smoke test failed")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_smoke_test_fails_without_the_translation_catalogues(tmp_path: Path) -> None:
    line = _failure(_smoke(_layout(tmp_path, translations=False, icon=True), tmp_path))
    assert line.startswith("smoke test failed at translations: FileNotFoundError"), line
    assert "no evodesk_pt_BR.qm" in line


def test_smoke_test_fails_with_a_catalogue_that_translates_nothing(tmp_path: Path) -> None:
    app = _layout(tmp_path, translations=True, icon=True)
    # The English catalogue under the Portuguese name: a file is there, the operator's language is not.
    shutil.copy(
        app / "resources" / "translations" / "evodesk_en.qm", app / "resources" / "translations" / "evodesk_pt_BR.qm"
    )
    line = _failure(_smoke(app, tmp_path))
    assert "at translations: RuntimeError" in line and "does not translate" in line, line


def test_smoke_test_fails_without_the_icon(tmp_path: Path) -> None:
    line = _failure(_smoke(_layout(tmp_path, translations=True, icon=False), tmp_path))
    assert line.startswith("smoke test failed at icons: FileNotFoundError"), line


def test_smoke_test_passes_with_what_a_bundle_holds(tmp_path: Path) -> None:
    result = _smoke(_layout(tmp_path, translations=True, icon=True), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("smoke test passed"), result.stdout


def test_windows_checks_fail_where_the_native_style_and_keyring_are_missing(qapp: object, tmp_path: Path) -> None:
    # This Linux build has neither: the checks the smoke test runs on Windows say so instead of passing.
    import keyring
    from keyring.backends import fail

    from evodesk.ui import bundle_checks

    with pytest.raises(RuntimeError, match="no native Windows style"):
        bundle_checks.check_windows_style()
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(RuntimeError, match=r"no usable keyring \(keyring chose keyring\.backends\.fail\.Keyring\)"):
            bundle_checks.check_keyring(tmp_path / "settings.ini")
        keyring.set_keyring(_MemoryKeyring())
        bundle_checks.check_keyring(tmp_path / "settings.ini")
    finally:
        keyring.set_keyring(previous)
    assert not (tmp_path / "settings.ini").exists(), "the check must not store anything"


def test_windows_steps_only_on_windows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from evodesk.ui import bundle_checks

    names = [name for name, _check in bundle_checks.steps(ROOT / "resources", tmp_path)]
    assert names == ["translations", "icons"]
    monkeypatch.setattr(sys, "platform", "win32")
    names = [name for name, _check in bundle_checks.steps(ROOT / "resources", tmp_path)]
    assert names == ["translations", "icons", "Windows style", "Windows Credential Manager"]
