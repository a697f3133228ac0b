"""Whether Qt can open a window on X11, asked before Qt tries: which system libraries are missing, and the
command that installs them.

When Qt's X11 platform plugin (xcb) cannot load, Qt names `libxcb-cursor0` whatever is really missing and
aborts the process. `window_problem` loads the plugin first, as Qt is about to: on a machine with every
library this costs nothing, because Qt reuses the loaded plugin a moment later. Only when loading fails does
it run `ldd` on the plugin to list every library that is not found, and turn them into one line.

This module imports no Qt, so that it can run before PySide6 is loaded (PySide6 itself fails to import
when one of Qt's own libraries, such as libEGL, is missing).
"""

from __future__ import annotations

import ctypes
import importlib.util
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = ["PACKAGES", "missing_libraries", "missing_libraries_message", "uses_xcb", "window_problem",
           "xcb_plugin"]

PACKAGES: Mapping[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
}
"""The Debian and Ubuntu package of each system library that Qt's xcb plugin, and the Qt libraries it
loads, link to (read from the installed PySide6 with `readelf -d`; the C and C++ runtime left out)."""

_PLUGIN = "libqxcb.so"
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)
_CANNOT_OPEN = re.compile(r"(\S+\.so(?:\.\d+)*): cannot open shared object file")
_LDD_SECONDS = 10


def uses_xcb(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt is sure to open its windows through the xcb plugin (X11) in this environment.

    Only then is the check worth making: not on Windows or macOS, not offscreen, not when Wayland may be
    chosen (a Wayland session, or a list of platforms that could fall back to another one), and not without
    an X display, where Qt fails for another reason and says so itself.
    """
    if not platform.startswith("linux") or not env.get("DISPLAY"):
        return False
    requested = [name.split(":")[0].strip() for name in env.get("QT_QPA_PLATFORM", "").split(";") if name.strip()]
    if requested:
        return requested == ["xcb"]
    return not env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE", "") != "wayland"


def xcb_plugin(env: Mapping[str, str]) -> Path | None:
    """The xcb platform plugin Qt will load (from QT_QPA_PLATFORM_PLUGIN_PATH, else PySide6's own), if any.

    PySide6 is found without importing it.
    """
    folder = env.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    if folder:
        candidates = [Path(folder) / _PLUGIN]
    else:
        spec = importlib.util.find_spec("PySide6")
        locations = spec.submodule_search_locations if spec is not None else None
        candidates = [Path(place) / "Qt" / "plugins" / "platforms" / _PLUGIN for place in locations or ()]
    return next((path for path in candidates if path.is_file()), None)


def missing_libraries(plugin: Path, *, ldd: str = "ldd", load_error: str = "") -> tuple[str, ...]:
    """The libraries that `plugin` and everything it loads need but cannot be found, in `ldd`'s order.

    Where `ldd` cannot be run, the one library named in `load_error` (the loader's message) stands in.
    """
    try:
        listing = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, errors="replace",
                                 timeout=_LDD_SECONDS, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        listing = ""
    found = _NOT_FOUND.findall(listing)
    if not found:
        found = _CANNOT_OPEN.findall(load_error)[:1]
    return tuple(dict.fromkeys(found))


def missing_libraries_message(missing: Sequence[str], *, apt: bool = True) -> str:
    """The one line that names the missing libraries and how to install them.

    With `apt`, the command names each library's Debian/Ubuntu package; a library not in `PACKAGES` is
    named so that the officer, or whoever helps them, can find its package.
    """
    plural = len(missing) != 1
    start = f"SG Desktop cannot open a window: missing system librar{'ies' if plural else 'y'} {', '.join(missing)}."
    them = "them" if plural else "it"
    packages = list(dict.fromkeys(PACKAGES[name] for name in missing if name in PACKAGES))
    if not apt:
        return f"{start} Install {them} with your system's package manager."
    if not packages:
        return f"{start} Install the package{'s that provide them' if plural else ' that provides it'}."
    unknown = [name for name in missing if name not in PACKAGES]
    also = f" (and the package that provides {', '.join(unknown)})" if unknown else ""
    return f"{start} Install {them} with: sudo apt-get install {' '.join(packages)}{also}"


def window_problem(env: Mapping[str, str], *, ldd: str = "ldd") -> str | None:
    """Why Qt could not open a window here (one line to show the officer), or None when it can or when
    there is nothing useful to add to what Qt would say."""
    if not uses_xcb(env):
        return None
    plugin = xcb_plugin(env)
    if plugin is None:
        return None
    try:
        ctypes.CDLL(str(plugin))  # what Qt does next; it then finds the plugin already loaded
    except OSError as exc:
        missing = missing_libraries(plugin, ldd=ldd, load_error=str(exc))
        if missing:
            return missing_libraries_message(missing, apt=shutil.which("apt-get", path=env.get("PATH")) is not None)
    return None
