"""The files that ship SG Desktop agree with each other: one version, one icon name, every size drawn.

The tools themselves (desktop-file-validate, appstreamcli, PyInstaller, dpkg-deb) run in CI (packaging/ci.sh);
these tests catch, in a second, the mismatches those tools cannot see.
"""

from __future__ import annotations

import configparser
import struct
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
METAINFO = RESOURCES / "org.sgdesktop.SGDesktop.metainfo.xml"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(RESOURCES / "sg-desktop.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path.name} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_newest_release_in_the_metainfo_is_the_version_in_pyproject() -> None:
    releases = ET.parse(METAINFO).getroot().findall("./releases/release")
    assert releases, "the metainfo has no release notes"
    assert releases[0].get("version") == version()
    assert releases[0].find("description") is not None, "the release has no notes"


def test_the_metainfo_launches_the_desktop_entry_and_shows_a_screenshot_we_have() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == METAINFO.name.removesuffix(".metainfo.xml")
    assert root.findtext("launchable") == "sg-desktop.desktop"
    assert root.find("content_rating") is not None
    image = root.findtext("./screenshots/screenshot/image") or ""
    assert (ROOT / "docs" / "screenshots" / image.rsplit("/", 1)[-1]).is_file(), image


def test_the_desktop_entry_runs_the_launcher_with_the_icon_the_package_installs() -> None:
    entry = desktop_entry()
    assert (entry["Exec"], entry["Icon"], entry["Terminal"]) == ("sg-desktop", "sg-desktop", "false")
    # The name the application gives Qt (setDesktopFileName), so a desktop matches its windows to the entry.
    assert 'setDesktopFileName("sg-desktop")' in (ROOT / "sg_desktop" / "ui" / "application.py").read_text()


def test_every_icon_size_is_drawn_at_its_size() -> None:
    for size in PNG_SIZES:
        assert png_size(RESOURCES / "icons" / f"sg-desktop-{size}.png") == (size, size)
    assert (RESOURCES / "sg-desktop.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (RESOURCES / "sg-desktop.icns").read_bytes()[:4] == b"icns"
    assert b"<svg" in (RESOURCES / "sg-desktop.svg").read_bytes()


def test_the_wheel_ships_the_icons_and_the_user_guide_where_the_application_looks() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert shipped["resources/icons"] == "sg_desktop/resources/icons"
    assert shipped["docs"] == "sg_desktop/resources/help"  # user-guide.md beside screenshots/
    spec = (ROOT / "packaging" / "sg-desktop.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources" / "icons"), "sg_desktop/resources/icons")' in spec
    assert '(str(ROOT / "docs"), "sg_desktop/resources/help")' in spec


def test_the_linux_package_depends_on_every_library_the_readme_tells_officers_to_install() -> None:
    quick_start = (ROOT / "README.md").read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    readme = next(line for line in quick_start.splitlines() if line.startswith("sudo apt-get install ")).split()[3:]
    script = (ROOT / "packaging" / "build-deb.sh").read_text(encoding="utf-8")
    block = script.split("depends=(", 1)[1].split(")", 1)[0]
    depends = {word.strip('"') for word in block.split()} - {"|"}
    assert set(readme) <= depends, sorted(set(readme) - depends)
