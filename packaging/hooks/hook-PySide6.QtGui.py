"""Replaces PyInstaller's own PySide6.QtGui hook (hooks given through ``hookspath`` take precedence).

The stock hook collects every QtGui plugin in the wheel. Several of them link Qt libraries evodesk never uses
(the VNC and TUIO plugins pull in QtNetwork, eglfs its own device-integration libraries, the GTK theme the whole
GTK/cairo/pango stack), and PyInstaller then bundles those libraries too. Removing the plugins after the
Analysis would leave their libraries behind, so the plugin list is cut here, before dependencies are resolved.
"""

from __future__ import annotations

import os

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

# Plugin folder -> file-name stems to keep (platform prefix "lib" and extension removed). A folder missing from
# this table is dropped entirely.
KEEP_PLUGINS: dict[str, tuple[str, ...] | None] = {
    # xcb and wayland for Linux desktops, offscreen for the smoke test and headless runs, the native ones for
    # Windows and macOS. Without a platform plugin a Qt app cannot start at all.
    "platforms": ("qxcb", "qwayland", "qoffscreen", "qwindows", "qcocoa"),
    "platforms/darwin": None,
    # xcb's OpenGL glue is tiny and Qt warns when it cannot find any.
    "xcbglintegrations": None,
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": None,
    "wayland-shell-integration": None,
    # The desktop portal gives the light/dark scheme and native file dialogs; the GTK theme is left out
    # because a bundled copy of the GTK stack can clash with the system's theme engines.
    "platformthemes": ("qxdgdesktopportal",),
    # Dead keys and compose sequences (ç, ã, é on international layouts) and input methods.
    "platforminputcontexts": ("composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"),
    # SVG icons and images (the app icon and UI glyphs are SVG); PNG and the rest of the basics are built into QtGui.
    "iconengines": ("qsvgicon",),
    "imageformats": ("qsvg",),
    # Screen readers.
    "accessiblebridge": None,
}


def _keep(source: str, dest: str) -> bool:
    folder = dest.replace("\\", "/").split("/plugins/", 1)[-1]
    if folder not in KEEP_PLUGINS:
        return False
    stems = KEEP_PLUGINS[folder]
    if stems is None:
        return True
    stem = os.path.basename(source).split(".", 1)[0]
    stem = stem.removeprefix("lib")
    return stem in stems


hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [
    (source, dest) for source, dest in binaries if "/plugins" not in dest.replace("\\", "/") or _keep(source, dest)
]
