"""Write packaging/windows/requirements.lock from requirements.in: every win_amd64 wheel, pinned, with its hash.

    python packaging/windows/lock.py        (any Python 3.11 with pip and packaging; needs the package index)

pip can download wheels for another platform, but it evaluates environment markers for the machine it runs on:
asked for Windows wheels on Linux it leaves out what only Windows needs (keyring's pywin32-ctypes, psycopg's
tzdata, PyInstaller's pefile) and brings what only Linux needs (keyring's SecretStorage, with cryptography).
So pip resolves, then this script walks the wheels' own metadata with Windows' markers, adds whatever Windows
needs that is missing and resolves again, and writes only what Windows needs, each file's sha256 beside it.
scripts/build-windows.sh installs the result with --require-hashes.
"""

from __future__ import annotations

import email.parser
import hashlib
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename
from packaging.version import Version

HERE = Path(__file__).resolve().parent
REQUIREMENTS_IN = HERE / "requirements.in"
LOCK = HERE / "requirements.lock"
PYTHON_VERSION = "3.11"
# The environment markers of the embeddable CPython 3.11.9 for Windows x64 (what build-windows.sh installs).
WINDOWS = {
    "os_name": "nt",
    "sys_platform": "win32",
    "platform_system": "Windows",
    "platform_machine": "AMD64",
    "platform_release": "10",
    "platform_version": "10.0.19045",
    "platform_python_implementation": "CPython",
    "implementation_name": "cpython",
    "implementation_version": "3.11.9",
    "python_version": PYTHON_VERSION,
    "python_full_version": "3.11.9",
}
PIP_DOWNLOAD = [
    *("download", "--only-binary=:all:", "--platform", "win_amd64", "--python-version", PYTHON_VERSION),
    *("--implementation", "cp", "--abi", "cp311", "--abi", "abi3", "--abi", "none"),
]


def read_requirements(path: Path) -> list[Requirement]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return [Requirement(line) for line in lines if line]


def download(requirements: list[Requirement], into: Path) -> dict[str, Path]:
    """Resolve and download with pip (host markers); the wheels found, by canonical project name."""
    for old in into.glob("*.whl"):
        old.unlink()
    subprocess.run(
        [sys.executable, "-m", "pip", *PIP_DOWNLOAD, "-q", "-d", str(into), *map(str, requirements)], check=True
    )
    return {canonicalize_name(parse_wheel_filename(wheel.name)[0]): wheel for wheel in into.glob("*.whl")}


def requires(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA") and n.count("/") == 1)
        metadata = email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))
    return [Requirement(value) for value in metadata.get_all("Requires-Dist") or []]


def windows_closure(top: list[Requirement], wheels: dict[str, Path]) -> tuple[dict[str, str], list[Requirement]]:
    """What Windows needs from ``top``: {name: why} for the wheels at hand, and the requirements with no wheel."""
    needed: dict[str, str] = {}
    missing: list[Requirement] = []
    walked: set[tuple[str, frozenset[str]]] = set()
    queue = [(requirement, "requirements.in") for requirement in top]
    while queue:
        requirement, parent = queue.pop()
        name = canonicalize_name(requirement.name)
        wheel = wheels.get(name)
        if wheel is None:
            missing.append(requirement)
            continue
        version = parse_wheel_filename(wheel.name)[1]
        if not requirement.specifier.contains(version, prereleases=True):
            raise SystemExit(f"{parent} needs {requirement}, pip chose {name} {version}")
        needed.setdefault(name, parent)
        # A project reached again with other extras is walked again for them.
        key = (name, frozenset(requirement.extras))
        if key in walked:
            continue
        walked.add(key)
        extras = {""} | set(requirement.extras)
        for child in requires(wheel):
            if child.marker is None or any(child.marker.evaluate({**WINDOWS, "extra": e}) for e in extras):
                queue.append((child, name))
    return needed, missing


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> int:
    top = read_requirements(REQUIREMENTS_IN)
    unpinned = [str(r) for r in top if not (len(r.specifier) == 1 and next(iter(r.specifier)).operator == "==")]
    if unpinned:
        raise SystemExit(f"requirements.in must pin exact versions: {', '.join(unpinned)}")
    extra: list[Requirement] = []
    with tempfile.TemporaryDirectory(prefix="evodesk-lock-") as tmp:
        for _ in range(10):
            wheels = download(top + extra, Path(tmp))
            needed, missing = windows_closure(top, wheels)
            if not missing:
                break
            # Without their markers, or pip would drop them again on this machine.
            for requirement in missing:
                requirement.marker = None
                if str(requirement) not in map(str, extra):
                    extra.append(requirement)
        else:
            raise SystemExit(f"still missing after 10 rounds: {', '.join(map(str, missing))}")
        lines = [
            "# The Windows bundle's wheels (win_amd64, CPython 3.11), every one pinned with its sha256.",
            "# Generated by packaging/windows/lock.py from requirements.in; do not edit by hand.",
            "",
        ]
        for name in sorted(needed):
            wheel = wheels[name]
            version = Version(str(parse_wheel_filename(wheel.name)[1]))
            lines += [f"{name}=={version} \\", f"    --hash=sha256:{sha256(wheel)}", f"    # via {needed[name]}"]
    LOCK.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{LOCK.relative_to(HERE.parent.parent)}: {len(needed)} wheels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
