"""Where the user guide is: the copy installed with the application, else the one in a source checkout.

An installed copy (a wheel, the PyInstaller bundle, the Linux package) carries the guide and its pictures in
`sg_desktop/resources/help/` (`user-guide.md` beside `screenshots/`); a source checkout has no such folder,
and reads the repository's own `docs/user-guide.md`, so the guide shown is the one being written.
"""

from __future__ import annotations

from pathlib import Path

from sg_desktop.app.files import read_limited

__all__ = ["GUIDE_FILE_NAME", "MAX_GUIDE_BYTES", "guide_file", "read_guide"]

GUIDE_FILE_NAME = "user-guide.md"
# The guide is a few dozen kilobytes; a file a hundred times larger is not the guide.
MAX_GUIDE_BYTES = 4 * 1024 * 1024


def guide_file(package: Path | None = None) -> Path | None:
    """The user guide's Markdown file, or None when neither copy is there.

    `package` is the `sg_desktop` folder (by default, the one this module is in).
    """
    root = package if package is not None else Path(__file__).resolve().parents[2]
    for candidate in (root / "resources" / "help" / GUIDE_FILE_NAME, root.parent / "docs" / GUIDE_FILE_NAME):
        if candidate.is_file():
            return candidate
    return None


def read_guide(path: Path) -> str:
    """The guide's text (a regular file, at most `MAX_GUIDE_BYTES`, read as UTF-8)."""
    return read_limited(path, MAX_GUIDE_BYTES).decode("utf-8", errors="replace")
