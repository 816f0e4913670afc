"""Packaging inputs, checked without building: the spec, its hooks, the icons and the Linux desktop entry.

scripts/build.sh does the real build and runs the frozen smoke test; these tests catch the cheap mistakes first.
"""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build.spec"
ICONS = ROOT / "resources" / "icons"
DESKTOP = ROOT / "resources" / "evodesk.desktop"
HOOKS = ROOT / "packaging" / "hooks"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _assignments(path: Path) -> dict[str, ast.expr]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    found: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            found[node.targets[0].id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            found[node.target.id] = node.value
    return found


def _literal(path: Path, name: str) -> Any:
    value = _assignments(path).get(name)
    assert value is not None, f"{path.name} no longer assigns {name}"
    return ast.literal_eval(value)


def _analysis_call() -> ast.Call:
    for node in ast.walk(ast.parse(SPEC.read_text("utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Analysis":
            return node
    raise AssertionError("build.spec has no Analysis(...) call")


def test_spec_and_launcher_compile() -> None:
    compile(SPEC.read_text("utf-8"), str(SPEC), "exec")
    for script in (ROOT / "packaging").rglob("*.py"):
        compile(script.read_text("utf-8"), str(script), "exec")


def test_every_file_the_spec_includes_exists() -> None:
    for pattern, _dest in _literal(SPEC, "DATA_FILES"):
        assert sorted(ROOT.glob(pattern)), f"build.spec includes {pattern}, which matches nothing"
    for name in ("ICON_ICO", "ICON_ICNS"):
        assert (ROOT / _literal(SPEC, name)).is_file(), name

    call = _analysis_call()
    scripts = ast.literal_eval(call.args[0])
    assert scripts == ["packaging/launcher.py"]
    assert (ROOT / scripts[0]).is_file()
    keywords = {keyword.arg: keyword.value for keyword in call.keywords}
    for folder in ast.literal_eval(keywords["hookspath"]):
        assert (ROOT / folder).is_dir(), folder


def test_migrations_the_spec_collects_exist() -> None:
    # build.spec collects these as data (Alembic reads them by path); an empty match would ship no migrations.
    migrations = ROOT / "evodesk" / "store" / "migrations"
    assert (migrations / "env.py").is_file()
    assert sorted((migrations / "versions").glob("v*.py"))


def test_spec_requires_evodesk_compiled_translations() -> None:
    # In DATA_FILES, not optional: a bundle without them would quietly show English to Portuguese operators.
    data_files = _literal(SPEC, "DATA_FILES")
    patterns = [pattern for pattern, dest in data_files if dest == "resources/translations"]
    assert patterns, "build.spec must bundle resources/translations/*.qm into resources/translations"
    bundled = {path.name for pattern in patterns for path in ROOT.glob(pattern)}
    assert {"evodesk_pt_BR.qm", "evodesk_en.qm"} <= bundled


def test_spec_keeps_the_qt_translations_the_app_loads() -> None:
    translations = _literal(SPEC, "QT_TRANSLATIONS")
    assert {"qtbase_pt_BR.qm", "qtbase_en.qm"} <= translations
    modules = _literal(SPEC, "QT_MODULES")
    assert {"QtCore", "QtGui", "QtWidgets", "QtSvg"} <= modules


def test_qt_plugin_allow_list_keeps_platforms_and_svg() -> None:
    keep = _literal(HOOKS / "hook-PySide6.QtGui.py", "KEEP_PLUGINS")
    # Without a platform plugin Qt cannot start; without the SVG plugins the icons go blank.
    assert {"qxcb", "qwayland", "qoffscreen", "qwindows", "qcocoa"} <= set(keep["platforms"])
    assert "qsvg" in keep["imageformats"]
    assert "qsvgicon" in keep["iconengines"]


def test_evodesk_does_not_use_the_phonenumbers_tables_the_bundle_leaves_out() -> None:
    unused = _literal(HOOKS / "hook-phonenumbers.py", "UNUSED")
    pattern = re.compile(
        r"^\s*(from\s+phonenumbers\.(%s)\b|import\s+phonenumbers\.(%s)\b|from\s+phonenumbers\s+import\s+.*\b(%s)\b)"
        % (("|".join(unused),) * 3),
        re.MULTILINE,
    )
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "evodesk").rglob("*.py")
        if pattern.search(path.read_text("utf-8"))
    ]
    assert offenders == [], "these need the phonenumbers tables build.spec excludes"


def test_svg_icon_is_well_formed() -> None:
    root = ElementTree.parse(ICONS / "evodesk.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 512 512"


@pytest.mark.parametrize("size", PNG_SIZES)
def test_png_icon_sizes(size: int) -> None:
    with Image.open(ICONS / f"evodesk-{size}.png") as image:
        assert image.format == "PNG"
        assert image.size == (size, size)
        assert image.mode == "RGBA"
        # Transparent corners: the rounded tile, not a square on a white background.
        corner = image.getpixel((0, 0))
        assert isinstance(corner, tuple)
        assert corner[3] == 0


def test_ico_holds_several_sizes() -> None:
    with Image.open(ICONS / "evodesk.ico") as image:
        assert image.format == "ICO"
        sizes = set(image.info["sizes"])
    assert {(16, 16), (24, 24), (32, 32), (48, 48), (256, 256)} <= sizes


def test_icns_holds_retina_sizes() -> None:
    with Image.open(ICONS / "evodesk.icns") as image:
        assert image.format == "ICNS"
        sizes = set(image.info["sizes"])
    assert {(16, 16, 2), (128, 128, 1), (256, 256, 1), (512, 512, 1), (512, 512, 2)} <= sizes


class _DesktopEntryParser(configparser.ConfigParser):
    # Desktop entry keys are case-sensitive; ConfigParser lower-cases them by default.
    def optionxform(self, optionstr: str) -> str:
        return optionstr


def _desktop_entry() -> configparser.SectionProxy:
    parser = _DesktopEntryParser(interpolation=None, strict=True)
    parser.read_string(DESKTOP.read_text("utf-8"))
    return parser["Desktop Entry"]


def test_desktop_entry_has_the_required_keys() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "evodesk"
    assert entry["GenericName[pt_BR]"] == "Gerenciador de chips WhatsApp"
    assert entry["Comment"]
    assert entry["Comment[pt_BR]"]
    assert entry["Exec"] == "evodesk"
    assert entry["Icon"] == "evodesk"
    assert entry["Terminal"] == "false"
    assert {"Network", "Utility"} <= set(filter(None, entry["Categories"].split(";")))
    # X11 matches windows to the entry by WM_CLASS, whose class part Qt takes from the application name.
    assert entry["StartupWMClass"] == "evodesk"


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_desktop_entry_validates() -> None:
    result = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_build_script_parses() -> None:
    script = ROOT / "scripts" / "build.sh"
    assert script.stat().st_mode & 0o111, "scripts/build.sh must be executable"
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
