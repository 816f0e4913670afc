"""The house rules, checked on every run: lint, types, and the Qt boundary."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
QT_ALLOWED = ("evodesk/ui/", "evodesk/app.py", "evodesk/__main__.py")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    folders = [name for name in ("evodesk", "tests", "bench", "scripts", "packaging") if (ROOT / name).is_dir()]
    result = _run("ruff", "check", *folders)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    result = _run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_ui_imports_pyside6() -> None:
    pattern = re.compile(r"^\s*(from|import)\s+PySide6", re.MULTILINE)
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "evodesk").rglob("*.py")
        if not str(path.relative_to(ROOT)).startswith(QT_ALLOWED) and pattern.search(path.read_text("utf-8"))
    ]
    assert offenders == []


def qt_free_modules() -> list[str]:
    """Every module of the Qt-free layers (not the migration scripts, which Alembic runs, nor ``__main__``)."""
    names = []
    for package in ("domain", "config", "logs", "secrets", "evolution", "store", "services", "simulator"):
        root = ROOT / "evodesk" / package
        paths = sorted(root.rglob("*.py")) if root.is_dir() else [root.with_suffix(".py")]
        for path in paths:
            parts = path.relative_to(ROOT).with_suffix("").parts
            if "migrations" in parts or parts[-1] == "__main__":
                continue
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_qt_free_layers_do_not_load_pyside6() -> None:
    # Every submodule, not only the packages: their lazy imports would otherwise leave most of them unchecked.
    modules = qt_free_modules()
    assert {"evodesk.services.manager", "evodesk.store.repository", "evodesk.evolution.client"} <= set(modules)
    check = "loaded = sorted(m for m in sys.modules if m.startswith('PySide6'))\nassert not loaded, loaded\n"
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + check
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
