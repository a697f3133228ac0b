"""Make SG Desktop's icons from the SVG sources beside this script.

    uv run --group packaging python resources/make-icons.py

Writes `icons/sg-desktop-<size>.png` for every size the platforms use (16 to 512 pixels; Linux's hicolor
theme, the window icon, the installers), `sg-desktop.ico` for Windows (16 to 256 pixels in one file) and
`sg-desktop.icns` for macOS (16 to 1024 pixels). Qt's SVG renderer (QSvgRenderer, from PySide6, which the
application already depends on) draws every size from the vector source, so nothing is scaled from a bitmap;
16 and 24 pixels come from `sg-desktop-small.svg`, drawn with fewer, bolder parts to stay legible. Pillow
(in the `packaging` dependency group) writes the .ico and .icns containers from those drawings.

The outputs are committed, so a build never needs this script; run it again after changing an SVG.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "sg-desktop.svg"
SMALL_SOURCE = HERE / "sg-desktop-small.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
SMALL_SIZES = frozenset({16, 24})
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico holds
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)  # 1024 is 512 at Retina scale


def render(size: int) -> Image.Image:
    """The icon drawn at `size` × `size` pixels, with its transparency, as a Pillow image."""
    renderer = QSvgRenderer(str(SMALL_SOURCE if size in SMALL_SIZES else SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"make-icons: Qt cannot read the SVG source for {size} px")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data.data()))).convert("RGBA")


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # QPainter needs one, even offscreen
    drawn = {size: render(size) for size in sorted({*PNG_SIZES, *ICO_SIZES, *ICNS_SIZES})}
    icons = HERE / "icons"
    icons.mkdir(exist_ok=True)
    for size in PNG_SIZES:
        drawn[size].save(icons / f"sg-desktop-{size}.png", optimize=True)
    largest_ico = drawn[max(ICO_SIZES)]
    # Pillow takes each size from append_images when one of that size is given, rather than scaling the first.
    largest_ico.save(HERE / "sg-desktop.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                     append_images=[drawn[s] for s in ICO_SIZES if s != max(ICO_SIZES)])
    largest_icns = drawn[max(ICNS_SIZES)]
    largest_icns.save(HERE / "sg-desktop.icns", format="ICNS",
                      append_images=[drawn[s] for s in ICNS_SIZES if s != max(ICNS_SIZES)])
    del app
    print(f"make-icons: wrote {len(PNG_SIZES)} PNGs in {icons.relative_to(HERE.parent)}, sg-desktop.ico "
          f"({len(ICO_SIZES)} sizes) and sg-desktop.icns ({len(ICNS_SIZES)} sizes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
