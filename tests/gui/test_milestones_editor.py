"""The milestones page on its own: suggested milestones, removal, the time, and the history of moves."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, date, datetime, time

import pytest
from PySide6.QtCore import Qt, QTime
from pytestqt.qtbot import QtBot

from sg_desktop.domain.enums import AlertKind, DateConfidence, MilestoneKind
from sg_desktop.domain.identifying import AlertFinding, Finding, IdentifierKind
from sg_desktop.domain.model import Milestone
from sg_desktop.domain.places import FieldPath, ItemList
from sg_desktop.ui.editor.milestones_page import MilestonesEditor
from tests.gui.dates import type_date

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
PUBLICATION = Milestone(MilestoneKind.PUBLICATION, date(2027, 3, 3), DateConfidence.PROVISIONAL)


@pytest.fixture
def editor(qtbot: QtBot) -> Iterator[MilestonesEditor]:
    """The page with one saved milestone, wired as the dialog wires it: each edit is shown back."""
    page = MilestonesEditor(TODAY, lambda: NOW, (PUBLICATION,))
    page.edited.connect(lambda items, _text, _key: page.show_milestones(items))
    page.show_milestones((PUBLICATION,))
    qtbot.addWidget(page)
    page.show()
    yield page


def test_add_suggests_the_usual_milestones_of_the_case_in_order(qtbot: QtBot) -> None:
    page = MilestonesEditor(TODAY, lambda: NOW)
    page.edited.connect(lambda items, _text, _key: page.show_milestones(items))
    qtbot.addWidget(page)
    page.set_alert_kind(AlertKind.TRIAL)
    for _ in range(4):
        page.add_button.click()
    kinds = [m.kind for m in page.milestones()]
    assert kinds == [
        MilestoneKind.TRIAL_START,
        MilestoneKind.VERDICT,
        MilestoneKind.SENTENCING,
        MilestoneKind.OTHER,
    ]
    dates = [m.date for m in page.milestones()]
    assert dates[0] == date(2026, 12, 22)  # four weeks ahead, then a fortnight after the one before
    assert all((later - earlier).days == 14 for earlier, later in itertools.pairwise(dates))
    assert page.current_row() == 3
    assert page.detail.title() == "Milestone 4 of 4"


def test_an_empty_list_says_what_to_add_and_disables_the_form(qtbot: QtBot) -> None:
    page = MilestonesEditor(TODAY, lambda: NOW)
    qtbot.addWidget(page)
    page.show()
    page.show_milestones(())
    assert page.empty_hint.isVisible()
    assert not page.detail.isEnabled()
    assert not page.remove_button.isEnabled()


def test_remove_takes_out_the_selected_milestone(editor: MilestonesEditor) -> None:
    editor.add_button.click()
    editor.select_row(0)
    editor.remove_button.click()
    assert [m.kind for m in editor.milestones()] == [MilestoneKind.REVIEW_COMPLETED]
    assert editor.table.rowCount() == 1


def test_a_moved_saved_milestone_keeps_one_pending_change_however_many_steps(
    qtbot: QtBot, editor: MilestonesEditor,
) -> None:
    editor.select_row(0)
    for day in (4, 5, 6, 17):
        type_date(qtbot, editor.date, f"{day}/3/2027")
    [moved] = editor.milestones()
    assert moved.id == PUBLICATION.id
    [change] = moved.history
    assert (change.old_date, change.new_date, change.changed_at) == (date(2027, 3, 3), date(2027, 3, 17), NOW)
    assert editor.history.text() == "• Publication moved from 3 March 2027 to 17 March 2027 (not saved yet)"
    assert editor.table.item(0, 0).text() == "17 Mar 2027"
    assert editor.table.item(0, 3).text() == "was 3 Mar 2027"


def test_re_rating_the_confidence_is_recorded_too(editor: MilestonesEditor) -> None:
    editor.select_row(0)
    editor.confidence.set_value(DateConfidence.CONFIRMED)
    assert editor.history.text() == (
        "• Publication re-rated from 3 March 2027 to 3 March 2027 (provisional → confirmed) (not saved yet)"
    )


def test_a_new_milestone_has_no_history_when_its_date_changes(qtbot: QtBot, editor: MilestonesEditor) -> None:
    editor.add_button.click()
    type_date(qtbot, editor.date, "1 June 2027")
    assert editor.milestones()[1].date == date(2027, 6, 1)
    assert editor.milestones()[1].history == ()
    assert editor.history.text() == "No date changes yet."


def test_a_time_can_be_set_and_cleared(editor: MilestonesEditor) -> None:
    editor.select_row(0)
    editor.time.check.setChecked(True)
    editor.time.edit.setTime(QTime(14, 30))
    assert editor.milestones()[0].time == time(14, 30)
    assert editor.table.item(0, 0).text() == "3 Mar 2027 14:30"
    editor.time.check.setChecked(False)
    assert editor.milestones()[0].time is None


def test_identifying_text_in_a_note_is_named_and_its_row_flagged(editor: MilestonesEditor) -> None:
    editor.select_row(0)
    editor.note.setPlainText("Ring 07700 900123")
    finding = AlertFinding(FieldPath.item(ItemList.MILESTONES, 0, "note"), Finding(IdentifierKind.PHONE_NUMBER, 5, 17))
    editor.show_checks([], [finding])
    assert editor.note_warning.text() == "Note: what looks like a phone number"
    [mark] = editor.note.extraSelections()
    assert mark.cursor.selectedText() == "07700 900123"
    assert "Milestone 1 note" in editor.table.item(0, 0).toolTip()
    assert not editor.table.item(0, 0).icon().isNull()


# -- the reason for a move ---------------------------------------------------------------------------

REASON = "Adjourned: a witness is unavailable"


def test_the_reason_opens_when_the_date_moves_and_lands_in_the_history(qtbot: QtBot, editor: MilestonesEditor) -> None:
    editor.select_row(0)
    assert not editor.reason.isEnabled()
    assert editor.reason.placeholderText() == "Change the date or its confidence first"
    type_date(qtbot, editor.date, "17/3/2027")
    assert editor.reason.isEnabled()
    qtbot.keyClicks(editor.reason, REASON)
    [change] = editor.milestones()[0].history
    assert (change.new_date, change.reason) == (date(2027, 3, 17), REASON)
    assert editor.history.text() == f"• Publication moved from 3 March 2027 to 17 March 2027 (not saved yet): {REASON}"
    assert REASON in editor.table.item(0, 3).toolTip()


def test_the_reason_stays_with_the_move_as_the_date_is_changed_again(qtbot: QtBot, editor: MilestonesEditor) -> None:
    editor.select_row(0)
    type_date(qtbot, editor.date, "17/3/2027")
    qtbot.keyClicks(editor.reason, REASON)
    type_date(qtbot, editor.date, "24/3/2027")
    [change] = editor.milestones()[0].history
    assert (change.new_date, change.reason) == (date(2027, 3, 24), REASON)
    assert editor.reason.text() == REASON


def test_moving_back_to_the_saved_date_takes_the_move_and_its_reason_away(
    qtbot: QtBot, editor: MilestonesEditor
) -> None:
    editor.select_row(0)
    type_date(qtbot, editor.date, "17/3/2027")
    qtbot.keyClicks(editor.reason, REASON)
    type_date(qtbot, editor.date, "3/3/2027")
    assert editor.milestones() == (PUBLICATION,)
    assert editor.reason.text() == "" and not editor.reason.isEnabled()


def test_a_new_milestone_has_no_move_to_give_a_reason_for(qtbot: QtBot, editor: MilestonesEditor) -> None:
    editor.add_button.click()
    type_date(qtbot, editor.date, "1 June 2027")
    assert not editor.reason.isEnabled()
    qtbot.keyClicks(editor.reason, "ignored")
    assert editor.milestones()[1].history == ()


def test_a_saved_reason_is_shown_beside_its_move_as_plain_text(qtbot: QtBot) -> None:
    saved = PUBLICATION.moved(date(2027, 3, 17), DateConfidence.PROVISIONAL, NOW, "<b>Adjourned</b>")
    page = MilestonesEditor(TODAY, lambda: NOW, (saved,))
    qtbot.addWidget(page)
    page.show_milestones((saved,))
    page.select_row(0)
    assert page.history.textFormat() == Qt.TextFormat.PlainText
    assert page.history.text() == (
        "• Publication moved from 3 March 2027 to 17 March 2027 (recorded 24 November 2026): <b>Adjourned</b>"
    )
    assert "&lt;b&gt;Adjourned&lt;/b&gt;" in page.table.item(0, 3).toolTip()
    assert not page.reason.isEnabled()  # a saved move's reason is history, not a field


def test_an_identifying_reason_is_named_under_the_field_and_its_row_flagged(
    qtbot: QtBot, editor: MilestonesEditor
) -> None:
    editor.select_row(0)
    type_date(qtbot, editor.date, "17/3/2027")
    qtbot.keyClicks(editor.reason, "Ring 07700 900123")
    finding = AlertFinding(FieldPath.item(ItemList.MILESTONES, 0, "reason"),
                           Finding(IdentifierKind.PHONE_NUMBER, 5, 17))
    editor.show_checks([], [finding])
    assert editor.reason_warning.isVisibleTo(editor)
    assert editor.reason_warning.text() == "A reason for a move: what looks like a phone number"
    assert "Milestone 1 reason" in editor.table.item(0, 0).toolTip()
    editor.reason.clearFocus()
    editor.focus_note(0, finding)
    assert editor.reason.hasFocus()
