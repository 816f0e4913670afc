"""Where evodesk's compiled translations are, however it was installed (no Qt here: plain paths).

The ``.qm`` files are produced by ``scripts/update_translations.py`` into ``resources/translations/`` and copied
into the package as ``evodesk/translations/``. A file is looked up, first match wins, in:

1. the source checkout: ``<repository>/resources/translations/`` (running from a clone or an editable install);
2. a PyInstaller bundle: ``<sys._MEIPASS>/resources/translations/`` (build.spec's ``DATA_FILES``);
3. the installed package: ``evodesk/translations/`` through ``importlib.resources`` (a wheel's package data).
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

# The repository root when running from a source checkout (the folder holding ``evodesk/``).
SOURCE_ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "evodesk"
PACKAGE_TRANSLATIONS = "translations"


def translation_dirs() -> list[Path]:
    """Folders that may hold evodesk's ``.qm`` files, in the order they are searched."""
    folders = [SOURCE_ROOT / "resources" / "translations"]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        folders.append(Path(frozen) / "resources" / "translations")
    try:
        packaged = resources.files(PACKAGE) / PACKAGE_TRANSLATIONS
    except (ModuleNotFoundError, TypeError):
        packaged = None
    # Only a package on the file system can hand Qt a path (a zipped install has none).
    if isinstance(packaged, Path):
        folders.append(packaged)
    return folders


def translation_file(lang: str) -> Path | None:
    """``evodesk_<lang>.qm`` from the first folder that has it, or None."""
    name = f"evodesk_{lang}.qm"
    for folder in translation_dirs():
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None
