"""The Windows bundle's locked wheels against pyproject.toml, and the PySide6 rule for Linux and Windows.

The rule (README.md, "Windows"): the Windows bundle is built with PySide6 6.9.x, because Qt 6.10's Qt6Core.dll
imports icuuc.dll, which the Wine that proves the bundle on every CI run (Debian 12's Wine 8) does not have.
Linux runs whatever pyproject.toml allows, and pyproject.toml allows exactly the two series that are exercised:
6.9 (the Windows bundle, smoke-tested under Wine) and 6.10 (the test suite and the Linux bundle).
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
WINDOWS = ROOT / "packaging" / "windows"
PYSIDE = "pyside6-essentials"
WINDOWS_QT_SERIES = (6, 9)
LINUX_QT_SERIES = {(6, 9), (6, 10)}


def _pyproject_requirements() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    return {canonicalize_name(r.name): r for r in map(Requirement, project["dependencies"])}


def _requirements_in() -> dict[str, Requirement]:
    lines = (line.split("#", 1)[0].strip() for line in (WINDOWS / "requirements.in").read_text("utf-8").splitlines())
    return {canonicalize_name(r.name): r for r in map(Requirement, filter(None, lines))}


def _lock() -> dict[str, tuple[Version, list[str]]]:
    """{name: (version, hashes)} from requirements.lock (pip's hash-checking format)."""
    text = (WINDOWS / "requirements.lock").read_text("utf-8")
    entries: dict[str, tuple[Version, list[str]]] = {}
    for block in re.split(r"\n(?=\S)", text):
        block = "\n".join(line for line in block.splitlines() if not line.lstrip().startswith("#")).strip()
        if not block:
            continue
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)((?:\s*\\\s*--hash=sha256:[0-9a-f]{64})+)", block)
        assert match, f"requirements.lock: not a pinned, hashed entry:\n{block}"
        name = canonicalize_name(match.group(1))
        assert name not in entries, f"requirements.lock lists {name} twice"
        entries[name] = (Version(match.group(2)), re.findall(r"[0-9a-f]{64}", match.group(3)))
    return entries


def _pinned(requirement: Requirement) -> Version:
    specs = list(requirement.specifier)
    assert len(specs) == 1 and specs[0].operator == "==", f"requirements.in must pin {requirement} exactly"
    return Version(specs[0].version)


def test_windows_requirements_pin_every_dependency_within_pyproject() -> None:
    wanted = _requirements_in()
    for name, requirement in _pyproject_requirements().items():
        assert name in wanted, f"{name} is a dependency in pyproject.toml but not in packaging/windows/requirements.in"
        pinned = _pinned(wanted[name])
        assert requirement.specifier.contains(pinned), f"{name} {pinned} is outside pyproject.toml's {requirement}"
        assert wanted[name].extras == requirement.extras, f"{name}: extras differ from pyproject.toml"


def test_lock_holds_what_requirements_in_pins_each_with_a_hash() -> None:
    lock = _lock()
    for name, requirement in _requirements_in().items():
        assert name in lock, (
            f"{name} is in requirements.in but not in requirements.lock (run packaging/windows/lock.py)"
        )
        assert lock[name][0] == _pinned(requirement), f"{name}: requirements.lock is stale (run lock.py)"
    assert all(hashes for _version, hashes in lock.values())
    # What pip, resolving on Linux, leaves out of a Windows install and lock.py must add.
    assert {"pywin32-ctypes", "pefile", "tzdata"} <= set(lock), "the Windows-only dependencies are missing"
    # And what only Linux needs must stay out of the Windows bundle.
    assert not {"secretstorage", "jeepney", "cryptography"} & set(lock)


def test_pyside6_rule_windows_on_6_9_linux_on_the_series_pyproject_allows() -> None:
    lock = _lock()
    windows_qt = lock[PYSIDE][0]
    assert windows_qt.release[:2] == WINDOWS_QT_SERIES, (
        f"the Windows bundle must stay on PySide6 6.9.x, not {windows_qt}"
    )
    assert lock["shiboken6"][0] == windows_qt, "shiboken6 and PySide6 must be the same release"

    allowed = _pyproject_requirements()[PYSIDE].specifier
    series = {(6, minor) for minor in range(20) if any(allowed.filter([f"6.{minor}.{patch}" for patch in range(10)]))}
    assert series == LINUX_QT_SERIES, f"pyproject.toml's PySide6 range {allowed} admits the series {sorted(series)}"

    linux_qt = Version(metadata.version("PySide6-Essentials"))
    assert allowed.contains(linux_qt), f"the installed PySide6 {linux_qt} is outside pyproject.toml's {allowed}"
    assert linux_qt >= windows_qt
