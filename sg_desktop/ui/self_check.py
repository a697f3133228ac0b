"""The self-test's desktop step: Qt, its modules, and the plugins a window needs, all there and loadable.

It runs offscreen (no screen is needed) and opens no window. A bundle built without a Qt plugin, or a
machine without the system libraries the platform's own plugin links to, fails here with the reason, not
later in front of an officer.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QSize, qVersion
from PySide6.QtGui import QImageReader

from sg_desktop.ui.forward.report_pdf import ensure_gui_application
from sg_desktop.ui.help.guide_file import guide_file
from sg_desktop.ui.qt_libraries import missing_libraries, missing_libraries_message
from sg_desktop.ui.shared.app_icon import application_icon

__all__ = ["REQUIRED_IMAGE_FORMATS", "check_desktop", "required_platforms"]

REQUIRED_IMAGE_FORMATS = ("png", "svg", "ico")

# The Qt modules the application loads only when first needed (printing, the session-lock watcher), and
# the main window with everything it imports: a bundle that left one out fails here.
_LATER_MODULES = ("PySide6.QtPrintSupport", "PySide6.QtDBus", "sg_desktop.ui.log.main_window")


def required_platforms(platform: str = sys.platform) -> tuple[str, ...]:
    """The platform plugins a window needs on this system (the first is its own; offscreen for reports)."""
    if platform.startswith("win"):
        return ("windows", "offscreen")
    if platform == "darwin":
        return ("cocoa", "offscreen")
    return ("xcb", "wayland", "offscreen")


def check_desktop() -> str:
    """Load Qt and check what a window needs; the few words the self-test prints, or RuntimeError saying
    what is missing."""
    ensure_gui_application()
    for name in _LATER_MODULES:
        importlib.import_module(name)
    plugins = _plugin_folders()
    platforms = required_platforms()
    found = {name: _plugin(plugins, "platforms", name) for name in platforms}
    missing = [name for name, path in found.items() if path is None]
    if missing:
        raise RuntimeError(f"Qt's platform plugin(s) {', '.join(missing)} are missing from "
                           f"{', '.join(str(p) for p in plugins) or 'every plugin folder'}.")
    own = found[platforms[0]]
    assert own is not None
    linux = sys.platform.startswith("linux")
    if linux:  # where the system, not the bundle, provides what the plugin links to
        _load(own)
    if linux and _plugin(plugins, "printsupport", "cupsprintersupport") is None:
        raise RuntimeError("Qt's print support plugin (cups) is missing: printing would fall back to PDF only.")
    formats = {bytes(f.data()).decode("ascii", "replace").lower() for f in QImageReader.supportedImageFormats()}
    absent = [f for f in REQUIRED_IMAGE_FORMATS if f not in formats]
    if absent:
        raise RuntimeError(f"Qt cannot read the image formats {', '.join(absent)} (a plugin is missing).")
    if application_icon().pixmap(QSize(256, 256)).isNull():
        raise RuntimeError("SG Desktop's own icon is missing from the installation.")
    if guide_file() is None:
        raise RuntimeError("The user guide (Help ▸ User guide) is missing from the installation.")
    loads = f" ({platforms[0]} loads)" if linux else ""
    return (f"Qt {qVersion()} (PySide6 {pyside_version}): platforms {', '.join(platforms)}{loads}; images "
            f"{', '.join(REQUIRED_IMAGE_FORMATS)}; printing; the application icon; the user guide")


def _plugin_folders() -> list[Path]:
    folders = [Path(p) for p in QCoreApplication.libraryPaths()]
    folders.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)))
    return [f for f in dict.fromkeys(folders) if f.is_dir()]


def _plugin(folders: list[Path], kind: str, name: str) -> Path | None:
    # libqxcb.so, qwindows.dll, libqcocoa.dylib, libcupsprintersupport.so: the name with a prefix and suffix.
    for folder in folders:
        for path in sorted((folder / kind).glob(f"*{name}.*")):
            if path.stem.removeprefix("lib").removeprefix("q") == name:
                return path
    return None


def _load(plugin: Path) -> None:
    """Load the window's own platform plugin as Qt would (its system libraries must all be there)."""
    import ctypes

    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        missing = missing_libraries(plugin, load_error=str(exc))
        if missing:
            raise RuntimeError(missing_libraries_message(missing)) from None
        raise RuntimeError(f"Qt's platform plugin {plugin.name} does not load: {exc}") from None
