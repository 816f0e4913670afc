"""Replaces the contributed phonenumbers hook, which collects every submodule.

phonenumbers loads its per-region metadata by name at run time, so those modules must be listed. The geocoder,
carrier and time-zone tables (about 45 MB of generated modules) are left out: evodesk only parses, validates and
formats numbers. build.spec also excludes them, and tests/test_packaging.py fails if evodesk starts using them.
"""

from __future__ import annotations

from PyInstaller.utils.hooks import collect_submodules

UNUSED = ("geocoder", "geodata", "carrier", "carrierdata", "timezone", "tzdata")


def _wanted(name: str) -> bool:
    parts = name.split(".")
    return len(parts) < 2 or parts[1] not in UNUSED


hiddenimports = collect_submodules("phonenumbers", filter=_wanted)
