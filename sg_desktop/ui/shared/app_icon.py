"""SG Desktop's own icon, for every window's title bar, the task bar and the About box.

An installed copy (a wheel, the PyInstaller bundle, the Linux package) carries the PNGs in
`sg_desktop/resources/icons/`; a source checkout reads the repository's `resources/icons/`, where
`resources/make-icons.py` draws them from the SVG source.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

__all__ = ["ICON_SIZES", "application_icon", "icon_folder"]

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icon_folder(package: Path | None = None) -> Path | None:
    """The folder of the icon's PNGs, or None when neither copy is there.

    `package` is the `sg_desktop` folder (by default, the one this module is in).
    """
    root = package if package is not None else Path(__file__).resolve().parents[2]
    for candidate in (root / "resources" / "icons", root.parent / "resources" / "icons"):
        if (candidate / "sg-desktop-256.png").is_file():
            return candidate
    return None


def application_icon(package: Path | None = None) -> QIcon:
    """The icon at every size drawn for it (an empty icon, and Qt's default, when none is found)."""
    icon = QIcon()
    folder = icon_folder(package)
    if folder is not None:
        for size in ICON_SIZES:
            path = folder / f"sg-desktop-{size}.png"
            if path.is_file():
                icon.addFile(str(path))
    return icon
