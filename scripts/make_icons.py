"""Render resources/icons/evodesk.svg into the PNG sizes, the Windows .ico and the macOS .icns.

    .venv/bin/python scripts/make_icons.py

QtSvg renders every size (the same renderer the app uses for the SVG at run time, so what ships is what Qt draws);
pillow packs them into .ico and .icns. The outputs are committed; run this again after editing the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Must be set before the QGuiApplication exists: a build machine or CI has no display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SOURCE = ICONS / "evodesk.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# Windows shell picks from these; 256 is the largest an .ico entry can hold.
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Retina Dock and Finder want 1024 (512@2x); it is rendered for the .icns only, not kept as a PNG.
ICNS_EXTRA = 1024


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    """One square RGBA rendering of the SVG, as a pillow image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    # Qt paints premultiplied; PNG, ICO and ICNS store straight alpha in R, G, B, A byte order.
    straight = image.convertToFormat(QImage.Format.Format_RGBA8888)
    pixels = bytes(straight.constBits())
    return Image.frombuffer("RGBA", (size, size), pixels, "raw", "RGBA", straight.bytesPerLine(), 1).copy()


def main() -> int:
    # QPainter on a QImage needs a QGuiApplication alive for fonts and the paint engine.
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"error: QtSvg cannot parse {SOURCE}", file=sys.stderr)
        return 1

    images = {size: render(renderer, size) for size in (*PNG_SIZES, ICNS_EXTRA)}
    for size in PNG_SIZES:
        # optimize=True keeps the committed files small; pillow writes no timestamp, so reruns are byte-identical.
        images[size].save(ICONS / f"evodesk-{size}.png", optimize=True)

    # Pillow would otherwise downscale one image for every entry; handing it each rendering keeps small sizes crisp.
    largest_ico = images[max(ICO_SIZES)]
    largest_ico.save(
        ICONS / "evodesk.ico",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=[images[size] for size in ICO_SIZES if size != max(ICO_SIZES)],
    )
    images[ICNS_EXTRA].save(
        ICONS / "evodesk.icns",
        append_images=[images[size] for size in PNG_SIZES],
    )
    print(f"wrote {len(PNG_SIZES)} PNGs, evodesk.ico and evodesk.icns into {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
