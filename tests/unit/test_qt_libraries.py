"""Before the window opens: missing system libraries named in one line with the command that installs them,
instead of Qt's abort (which blames libxcb-cursor0 whatever is missing)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from sg_desktop.ui.qt_libraries import (
    PACKAGES,
    missing_libraries,
    missing_libraries_message,
    uses_xcb,
    window_problem,
    xcb_plugin,
)

ROOT = Path(__file__).resolve().parents[2]

# What `ldd libqxcb.so` prints on a desktop without libxcb-icccm4 and libxcb-keysyms1 (shortened).
LDD_TWO_MISSING = """\
\tlinux-vdso.so.1 (0x00007ffd3a1f2000)
\tlibQt6XcbQpa.so.6 => /opt/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x00007f2248ec6000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f2248ddb000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007f2248dcc000)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f2248d41000)
\t/lib64/ld-linux-x86-64.so.2 (0x00007f2248f96000)
"""
TWO_MISSING_MESSAGE = (
    "SG Desktop cannot open a window: missing system libraries libxcb-icccm.so.4, libxcb-keysyms.so.1. "
    "Install them with: sudo apt-get install libxcb-icccm4 libxcb-keysyms1"
)
# Every desktop has these already (dpkg itself needs zlib and zstd, every desktop GLib), and GLib's package
# is named differently from one release to the next, so the README leaves them out.
ON_EVERY_DESKTOP = {"libglib2.0-0", "zlib1g", "libzstd1"}


def fake_ldd(folder: Path, listing: str) -> Path:
    """An `ldd` that prints `listing`, whatever it is asked about."""
    script = folder / "ldd"
    script.write_text(f"#!/bin/sh\ncat <<'LISTING'\n{listing}LISTING\n")
    script.chmod(0o755)
    return script


def fake_plugin(folder: Path) -> Path:
    """A platforms folder whose libqxcb.so cannot be loaded."""
    platforms = folder / "platforms"
    platforms.mkdir()
    (platforms / "libqxcb.so").write_bytes(b"not a shared library")
    return platforms


def readme_apt_packages() -> list[str]:
    quick_start = (ROOT / "README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in quick_start.splitlines() if line.startswith("sudo apt-get install ")]
    assert len(lines) == 1, "the quick start has one apt-get line"
    return lines[0].split()[3:]


# -- when to check --------------------------------------------------------------------------------

@pytest.mark.parametrize(("env", "expected"), [
    ({"DISPLAY": ":0"}, True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb:nograb"}, True),
    ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}, True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, False),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland"}, False),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb;wayland"}, False),  # Qt would fall back to Wayland
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, False),
    ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}, False),
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, True),
    ({}, False),  # no X display: Qt says that itself
    ({"DISPLAY": ""}, False),
])
def test_the_check_is_made_only_when_qt_will_use_x11(env: dict[str, str], expected: bool) -> None:
    assert uses_xcb(env, platform="linux") is expected


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_no_check_on_windows_or_macos(platform: str) -> None:
    assert uses_xcb({"DISPLAY": ":0"}, platform=platform) is False


# -- the message ----------------------------------------------------------------------------------

def test_the_message_names_the_libraries_and_the_command_that_installs_them() -> None:
    assert missing_libraries_message(["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]) == TWO_MISSING_MESSAGE


def test_one_missing_library() -> None:
    assert missing_libraries_message(["libxcb-cursor.so.0"]) == (
        "SG Desktop cannot open a window: missing system library libxcb-cursor.so.0. "
        "Install it with: sudo apt-get install libxcb-cursor0"
    )


def test_two_libraries_of_one_package_name_it_once() -> None:
    message = missing_libraries_message(["libglib-2.0.so.0", "libgthread-2.0.so.0"])
    assert message.endswith("Install them with: sudo apt-get install libglib2.0-0")


def test_a_library_not_in_the_table_is_named() -> None:
    message = missing_libraries_message(["libxcb-icccm.so.4", "libfuture.so.7"])
    assert message == (
        "SG Desktop cannot open a window: missing system libraries libxcb-icccm.so.4, libfuture.so.7. "
        "Install them with: sudo apt-get install libxcb-icccm4 (and the package that provides libfuture.so.7)"
    )
    assert missing_libraries_message(["libfuture.so.7"]) == (
        "SG Desktop cannot open a window: missing system library libfuture.so.7. "
        "Install the package that provides it."
    )


def test_without_apt_the_message_sends_the_officer_to_their_package_manager() -> None:
    assert missing_libraries_message(["libxcb-icccm.so.4"], apt=False) == (
        "SG Desktop cannot open a window: missing system library libxcb-icccm.so.4. "
        "Install it with your system's package manager."
    )


# -- finding what is missing ------------------------------------------------------------------------

def test_every_library_ldd_cannot_find_is_listed_in_its_order(tmp_path: Path) -> None:
    ldd = fake_ldd(tmp_path, LDD_TWO_MISSING)
    assert missing_libraries(tmp_path / "libqxcb.so", ldd=str(ldd)) == ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")


def test_without_ldd_the_library_the_loader_named_stands_in(tmp_path: Path) -> None:
    error = "libxcb-icccm.so.4: cannot open shared object file: No such file or directory"
    assert missing_libraries(tmp_path / "libqxcb.so", ldd=str(tmp_path / "no-ldd"), load_error=error) == (
        "libxcb-icccm.so.4",
    )
    assert missing_libraries(tmp_path / "libqxcb.so", ldd=str(tmp_path / "no-ldd"), load_error="") == ()


@pytest.mark.parametrize("apt", [True, False])
def test_a_plugin_that_cannot_load_gives_the_one_line(tmp_path: Path, apt: bool) -> None:
    tools = tmp_path / "tools"
    tools.mkdir()
    if apt:
        (tools / "apt-get").write_text("#!/bin/sh\nexit 0\n")
        (tools / "apt-get").chmod(0o755)
    env = {"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb", "QT_QPA_PLATFORM_PLUGIN_PATH": str(fake_plugin(tmp_path)),
           "PATH": str(tools)}
    message = window_problem(env, ldd=str(fake_ldd(tmp_path, LDD_TWO_MISSING)))
    assert message == (TWO_MISSING_MESSAGE if apt else
                       "SG Desktop cannot open a window: missing system libraries libxcb-icccm.so.4, "
                       "libxcb-keysyms.so.1. Install them with your system's package manager.")


def test_nothing_is_said_when_ldd_finds_nothing_missing(tmp_path: Path) -> None:
    env = {"DISPLAY": ":0", "QT_QPA_PLATFORM_PLUGIN_PATH": str(fake_plugin(tmp_path))}
    ldd = fake_ldd(tmp_path, "\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f2248d41000)\n")
    assert window_problem(env, ldd=str(ldd)) is None  # Qt's own message is all there is to say


def test_no_check_offscreen_even_with_a_broken_plugin(tmp_path: Path) -> None:
    env = {"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen", "QT_QPA_PLATFORM_PLUGIN_PATH": str(fake_plugin(tmp_path))}
    assert window_problem(env, ldd=str(fake_ldd(tmp_path, LDD_TWO_MISSING))) is None


def test_sg_desktop_says_the_one_line_and_changes_nothing(tmp_path: Path) -> None:
    """The real program, as an officer starts it: one line, status 1, no Qt abort, no vault and no settings."""
    home = tmp_path / "home"
    home.mkdir()
    tools = tmp_path / "tools"
    tools.mkdir()
    fake_ldd(tools, LDD_TWO_MISSING)
    env = {"PATH": f"{tools}{os.pathsep}{os.environ.get('PATH', '')}", "HOME": str(home), "DISPLAY": ":0",
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
           "QT_QPA_PLATFORM_PLUGIN_PATH": str(fake_plugin(tmp_path))}
    proc = subprocess.run([sys.executable, "-m", "sg_desktop", "--vault", str(home / "vault.sgvault")], env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [proc.stderr.strip()]
    assert proc.stderr.startswith("SG Desktop cannot open a window: missing system libraries libxcb-icccm.so.4, "
                                  "libxcb-keysyms.so.1.")
    assert proc.stdout == ""
    assert list(home.iterdir()) == []


# -- this machine, and what the README tells officers to install ------------------------------------

def test_the_installed_plugin_is_found_without_importing_pyside() -> None:
    plugin = xcb_plugin({})
    assert plugin is not None and plugin.is_file()
    assert plugin.parts[-5:] == ("PySide6", "Qt", "plugins", "platforms", "libqxcb.so")


def test_nothing_is_missing_here() -> None:
    plugin = xcb_plugin({})
    assert plugin is not None
    assert missing_libraries(plugin) == ()
    assert window_problem({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb", "PATH": os.environ.get("PATH", "")}) is None


def test_every_library_in_the_table_is_one_the_installed_plugin_loads() -> None:
    plugin = xcb_plugin({})
    assert plugin is not None
    listing = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True, timeout=30).stdout
    loaded = set(re.findall(r"^\s*(\S+) =>", listing, re.MULTILINE))
    assert set(PACKAGES) <= loaded


def test_the_readme_installs_every_package_of_the_table() -> None:
    listed = readme_apt_packages()
    assert len(listed) == len(set(listed))
    assert set(listed) == set(PACKAGES.values()) - ON_EVERY_DESKTOP


def test_ci_installs_what_the_readme_lists() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert set(readme_apt_packages()) <= set(re.findall(r"[a-z0-9][a-z0-9.+-]*", ci))
