"""Help ▸ User guide: the guide in its own window with every heading in its contents, a search that finds a
word and goes to it, links inside it followed and links outside refused, and its pictures read only from its
own folder; Help ▸ Keyboard shortcuts listing every key."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QKeySequence, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from sg_desktop.ui.help.guide_browser import MAX_IMAGE_WIDTH
from sg_desktop.ui.help.guide_file import guide_file, read_guide
from sg_desktop.ui.help.guide_text import parse_guide
from sg_desktop.ui.help.help_window import ANCHOR_ROLE, UserGuideWindow, open_guide_window, show_user_guide
from sg_desktop.ui.log.main_window import MainWindow
from sg_desktop.ui.shortcuts import EDITOR_KEYS, ShortcutsDialog, every_window_keys

from .conftest import find, visible

_IMAGE = QTextDocument.ResourceType.ImageResource.value



@pytest.fixture
def guide(qtbot: QtBot) -> UserGuideWindow:
    window = show_user_guide()
    qtbot.waitExposed(window)
    return window


def test_the_guide_window_lists_every_heading_and_brings_each_to_the_top(guide: UserGuideWindow) -> None:
    path = guide_file()
    assert path is not None
    headings = parse_guide(read_guide(path)).headings
    assert guide.contents_titles() == [h.title for h in headings]
    for heading in headings:
        assert guide.show_section(heading.anchor)
        assert guide.current_section() == heading.anchor
        assert guide.text.heading_on_screen(heading.anchor)
        assert guide.contents.currentItem().data(0, ANCHOR_ROLE) == heading.anchor
    assert not guide.show_section("no-such-part")
    assert guide.current_section() == headings[0].anchor  # the start of the guide instead


def test_choosing_a_part_in_the_contents_goes_to_it(qtbot: QtBot, guide: UserGuideWindow) -> None:
    contents = guide.contents
    contents.setFocus()
    contents.setCurrentItem(contents.topLevelItem(0))
    for _ in range(4):  # past About this guide, What SG Desktop is for, Setting up
        qtbot.keyClick(contents, Qt.Key.Key_Down)
    chosen = contents.currentItem().data(0, ANCHOR_ROLE)
    assert chosen == "recovery-key"
    assert guide.current_section() == "recovery-key" and guide.text.heading_on_screen("recovery-key")


def test_search_finds_a_word_goes_to_each_place_and_says_how_many(qtbot: QtBot, guide: UserGuideWindow) -> None:
    plain = guide.text.toPlainText().casefold()
    total = plain.count("fingerprint")
    assert total > 3
    qtbot.keyClick(guide, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is guide.search
    qtbot.keyClicks(guide.search, "fingerprint")
    assert guide.find_status.text() == f"1 of {total}"
    first = guide.text.textCursor()
    assert first.selectedText().casefold() == "fingerprint"
    assert guide.text.viewport().rect().contains(guide.text.cursorRect().center())
    qtbot.keyClick(guide.search, Qt.Key.Key_Return)
    assert guide.find_status.text() == f"2 of {total}"
    assert guide.text.textCursor().selectionStart() > first.selectionStart()
    guide.next_button.click()
    assert guide.find_status.text() == f"3 of {total}"
    guide.previous_button.click()
    assert guide.find_status.text() == f"2 of {total}"
    qtbot.keyClick(guide.search, Qt.Key.Key_F3)
    assert guide.find_status.text() == f"3 of {total}"
    qtbot.keyClick(guide.search, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert guide.find_status.text() == f"2 of {total}"
    qtbot.keyClick(guide.search, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert guide.find_status.text() == f"1 of {total}"
    qtbot.keyClick(guide.search, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert guide.find_status.text() == f"{total} of {total}"  # round to the last one
    # The contents choose the part the place found is in.
    found_in = guide.text.section_at(guide.text.textCursor().selectionStart())
    assert found_in and guide.contents.currentItem().data(0, ANCHOR_ROLE) == found_in

    guide.search.clear()
    qtbot.keyClicks(guide.search, "zebra crossing")
    assert guide.find_status.text() == "“zebra crossing” is not in the guide."
    assert not guide.text.extraSelections()


def _link_point(guide: UserGuideWindow, href: str) -> QPoint:
    """Where on screen the guide draws a link to `href`."""
    block = guide.text.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(guide.text.document())
                cursor.setPosition(fragment.position() + 1)
                return guide.text.cursorRect(cursor).center()
            it += 1
        block = block.next()
    raise AssertionError(f"no link to {href}")


def test_a_link_inside_the_guide_goes_to_its_part_and_links_elsewhere_are_refused(
    qtbot: QtBot, guide: UserGuideWindow
) -> None:
    guide.show_section("refused-file")
    point = _link_point(guide, "#checking-a-fingerprint")
    qtbot.mouseClick(guide.text.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert guide.current_section() == "checking-a-fingerprint"
    guide.text.anchorClicked.emit(QUrl("https://example.org/phish"))
    assert guide.current_section() == "checking-a-fingerprint"
    assert guide.note.text() == "The guide does not open links to other places: https://example.org/phish"


def test_pictures_come_from_the_guides_own_folder_and_are_fitted_to_the_window(guide: UserGuideWindow) -> None:
    shot = guide.text.loadResource(_IMAGE, QUrl("screenshots/main-window.png"))
    assert not shot.isNull() and shot.width() <= MAX_IMAGE_WIDTH * guide.text.devicePixelRatioF()
    for elsewhere in ("../../README.md", "/etc/hostname", "screenshots/../../pyproject.toml",
                      "https://example.org/x.png", "file:///etc/hostname", "screenshots/none.png"):
        assert guide.text.loadResource(_IMAGE, QUrl(elsewhere)).isNull(), elsewhere
    assert guide.text.loadResource(QTextDocument.ResourceType.StyleSheetResource.value,
                                   QUrl("screenshots/main-window.png")) == b""


def test_a_guide_that_is_missing_or_unreadable_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    missing = UserGuideWindow(None)
    qtbot.addWidget(missing)
    assert "not in this copy of SG Desktop" in missing.text.toPlainText()
    assert missing.contents_titles() == []
    gone = UserGuideWindow(tmp_path / "user-guide.md")
    qtbot.addWidget(gone)
    assert gone.text.toPlainText().startswith(f"The user guide at {tmp_path / 'user-guide.md'} does not exist.")
    assert not gone.find_words()


def test_one_guide_window_is_reused_and_closing_it_lets_it_go(qtbot: QtBot) -> None:
    first = show_user_guide("backups")
    assert show_user_guide("timeline") is first and first.current_section() == "timeline"
    first.close()
    assert open_guide_window() is None
    second = show_user_guide()
    assert second is not first and second.isVisible()


# -- the Help menu and the list of keys ----------------------------------------------------------------------


def test_the_help_menu_has_the_guide_on_f1_and_the_keys_on_ctrl_slash(qtbot: QtBot, log: MainWindow) -> None:
    help_menu = log.menuBar().findChild(QMenu, "menuHelp")
    assert help_menu is not None
    guide, keys = find(log, QAction, "actionUserGuide"), find(log, QAction, "actionShortcuts")
    assert help_menu.actions()[:2] == [guide, keys]
    assert guide.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    assert keys.shortcut().toString() == "Ctrl+/"
    log.activateWindow()
    qtbot.waitUntil(log.isActiveWindow)
    qtbot.keyClick(log.table, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    dialog = visible(ShortcutsDialog, "shortcutsDialog")
    assert dialog is not None
    rows = dict(dialog.rows())
    assert rows["User guide"] == "F1" and rows["Keyboard shortcuts"] == "Ctrl+/"


def test_the_list_of_keys_holds_every_key_of_the_window_and_of_the_editor(qtbot: QtBot, log: MainWindow) -> None:
    dialog = ShortcutsDialog([*log.actions(), *log.table.actions()], log)
    qtbot.addWidget(dialog)
    listed = " ".join(keys for _what, keys in dialog.rows())
    for action in [*log.actions(), *log.table.actions()]:
        for key in action.shortcuts():
            assert key.toString(QKeySequence.SequenceFormat.NativeText) in listed, action.text()
    log.action_new.trigger()
    [editor] = log.open_editors()
    editor_listed = [keys for _what, keys in (*EDITOR_KEYS, *every_window_keys())]
    for action in editor.actions():
        for key in action.shortcuts():
            text = key.toString(QKeySequence.SequenceFormat.NativeText)
            # The platform's own second key for redo (Ctrl+Y on Windows) is the same command as Ctrl+Shift+Z.
            if action.objectName() == "redoAction" and text != "Ctrl+Shift+Z":
                continue
            assert any(text in keys for keys in editor_listed), f"{action.text()}: {text}"
    editor.force_close()


def test_tab_reaches_the_search_the_contents_the_text_its_links_and_close(
    qtbot: QtBot, guide: UserGuideWindow
) -> None:
    guide.search.setFocus()
    reached: list[str] = []
    for _ in range(12):
        widget = QApplication.focusWidget()
        assert isinstance(widget, QWidget)
        if not reached or reached[-1] != widget.objectName():
            reached.append(widget.objectName())
        if widget.objectName() == "closeGuideButton":
            break
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    # In the text, Tab first goes from link to link (Enter follows one), then on to Close.
    assert reached == ["guideSearch", "guideFindPrevious", "guideFindNext", "guideContents", "guideText",
                       "closeGuideButton"]
