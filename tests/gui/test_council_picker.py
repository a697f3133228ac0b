"""The council picker: type part of a name, a code or a region, and choose from the matches."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from sg_desktop.app.reference import english_councils
from sg_desktop.domain.councils import CouncilDirectory
from sg_desktop.ui.shared.council_picker import CouncilPicker

LEEDS = "E08000035"


@pytest.fixture
def picker(qtbot: QtBot) -> Iterator[CouncilPicker]:
    """A picker over the English councils, shown in a window."""
    window = QWidget()
    layout = QVBoxLayout(window)
    chooser = CouncilPicker(CouncilDirectory(english_councils()), window)
    layout.addWidget(chooser)
    qtbot.addWidget(window)
    window.show()
    chooser.setFocus()
    yield chooser  # a generator keeps `window` (and so the picker) alive for the test


def test_typing_part_of_a_name_offers_the_best_match_first_and_enter_takes_it(
    qtbot: QtBot, picker: CouncilPicker
) -> None:
    with qtbot.waitSignal(picker.council_changed) as changed:
        qtbot.keyClicks(picker.lineEdit(), "leed")
        assert picker.matches()[0] == "Leeds — Yorkshire and The Humber"
        assert picker.completer().popup().isVisible()
        qtbot.keyClick(picker.completer().popup(), Qt.Key.Key_Return)
    assert changed.args == [LEEDS]
    assert picker.current_code() == LEEDS
    assert picker.currentText() == "Leeds — Yorkshire and The Humber"


def test_a_word_inside_the_name_finds_the_council(qtbot: QtBot, picker: CouncilPicker) -> None:
    qtbot.keyClicks(picker.lineEdit(), "keynes")
    assert picker.matches() == ["Milton Keynes — South East"]


def test_an_ons_code_finds_its_council_and_tab_takes_it(qtbot: QtBot, picker: CouncilPicker) -> None:
    qtbot.keyClicks(picker.lineEdit(), LEEDS)
    assert picker.matches() == ["Leeds — Yorkshire and The Humber"]
    qtbot.keyClick(picker.completer().popup(), Qt.Key.Key_Tab)
    assert picker.current_code() == LEEDS


def test_a_region_lists_the_councils_in_it(qtbot: QtBot, picker: CouncilPicker) -> None:
    qtbot.keyClicks(picker.lineEdit(), "north east")
    matches = picker.matches()
    assert "Newcastle upon Tyne — North East" in matches
    assert "Leeds — Yorkshire and The Humber" not in matches


def test_a_formal_title_typed_in_full_settles_on_the_council_on_enter(
    qtbot: QtBot, picker: CouncilPicker
) -> None:
    qtbot.keyClicks(picker.lineEdit(), "Leeds City Council")
    qtbot.keyClick(picker.completer().popup(), Qt.Key.Key_Escape)
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Return)
    assert picker.current_code() == LEEDS


def test_text_that_names_no_council_gives_no_code(qtbot: QtBot, picker: CouncilPicker) -> None:
    picker.set_code(LEEDS)
    with qtbot.waitSignal(picker.council_changed) as changed:
        picker.lineEdit().selectAll()
        qtbot.keyClicks(picker.lineEdit(), "Atlantis")
    assert changed.args == [""]
    assert picker.current_code() == ""
    assert picker.has_unmatched_text()
    assert picker.matches() == []


def test_set_code_shows_the_council_and_an_unknown_code_clears_the_picker(picker: CouncilPicker) -> None:
    picker.set_code(LEEDS.lower())
    assert picker.current_code() == LEEDS
    picker.set_code("E99999999")
    assert picker.current_code() == ""
    assert picker.currentText() == ""
    assert not picker.has_unmatched_text()


def test_the_picker_can_be_found_and_read_by_assistive_technology(picker: CouncilPicker) -> None:
    assert picker.objectName() == "councilPicker"
    assert picker.accessibleName() == "Council"
    assert picker.lineEdit().placeholderText()
