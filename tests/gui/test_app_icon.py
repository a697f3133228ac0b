"""SG Desktop's own icon: every window's, found in an installed copy first, else in the source checkout."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from sg_desktop.ui.shared.app_icon import ICON_SIZES, application_icon, icon_folder

ROOT = Path(__file__).resolve().parents[2]


def test_the_icon_comes_at_every_size_from_the_source_checkout(qtbot: QtBot) -> None:
    assert icon_folder() == ROOT / "resources" / "icons"
    icon = application_icon()
    assert sorted(s.width() for s in icon.availableSizes()) == list(ICON_SIZES)
    assert not icon.pixmap(QSize(48, 48)).isNull()


def test_an_installed_copy_is_preferred_and_a_missing_one_gives_no_icon(qtbot: QtBot, tmp_path: Path) -> None:
    package = tmp_path / "site-packages" / "sg_desktop"
    shutil.copytree(ROOT / "resources" / "icons", package / "resources" / "icons")
    assert icon_folder(package) == package / "resources" / "icons"
    assert application_icon(package).availableSizes()
    assert icon_folder(tmp_path / "elsewhere" / "sg_desktop") is None
    assert application_icon(tmp_path / "elsewhere" / "sg_desktop").isNull()
