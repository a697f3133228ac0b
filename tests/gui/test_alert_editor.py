"""The alert editor, driven through its widgets as an officer would, checked against the vault."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import (
    AlertKind,
    DateConfidence,
    MilestoneKind,
    OfferingOrganisation,
    OfferStatus,
)
from sg_desktop.domain.errors import NotFound
from sg_desktop.domain.model import Alert, Milestone
from sg_desktop.domain.query import AlertQuery
from sg_desktop.ui.editor.alert_editor import AlertEditorDialog
from sg_desktop.ui.shared.council_picker import CouncilPicker
from sg_desktop.ui.shared.date_field import DateField
from tests.gui.dates import type_date

LEEDS = "E08000035"
NHS_LIKE = "943 476 5919"

Opener = Callable[..., AlertEditorDialog]
W = TypeVar("W", bound=QWidget)


@pytest.fixture
def open_editor(qtbot: QtBot, session: Session, clock: FixedClock) -> Iterator[Opener]:
    """Open the editor on a new alert, or on `alert`, as the main window would (non-blocking `open()`)."""
    dialogs: list[AlertEditorDialog] = []

    def opener(alert: Alert | None = None) -> AlertEditorDialog:
        dialog = AlertEditorDialog(session.alerts, alert, clock=clock)
        qtbot.addWidget(dialog)
        with qtbot.waitActive(dialog):
            dialog.open()
        dialogs.append(dialog)
        return dialog

    yield opener
    for dialog in dialogs:
        dialog.force_close()


def find(dialog: QWidget, kind: type[W], name: str) -> W:
    """The dialog's child of this type and object name (fails the test when missing)."""
    widget = dialog.findChild(kind, name)
    assert isinstance(widget, kind), f"no {kind.__name__} named {name!r}"
    return widget


def prompt(dialog: QWidget, name: str) -> QMessageBox:
    """The question box the dialog is showing now."""
    # An earlier box of the same name may linger, closed, until the event loop deletes it.
    shown = [box for box in dialog.findChildren(QMessageBox, name) if box.isVisible()]
    assert len(shown) == 1, f"no {name!r} question on screen"
    return shown[0]


def answer(dialog: QWidget, box_name: str, button_name: str) -> None:
    """Click one button of the question box `box_name`."""
    box = prompt(dialog, box_name)
    button = box.findChild(QPushButton, button_name)
    assert button is not None
    button.click()


def choose(combo: QWidget, value: str) -> None:
    """Pick the item whose stored value is `value` in an enum combo box."""
    assert isinstance(combo, QComboBox)
    index = combo.findData(value)
    assert index >= 0
    combo.setCurrentIndex(index)


def strip_text(dialog: QWidget, name: str) -> str:
    """What an inline message strip says ('' while it is hidden)."""
    strip = find(dialog, QWidget, name)
    if strip.isHidden():
        return ""
    return find(strip, QLabel, f"{name}Text").text()


def pick_council(qtbot: QtBot, dialog: AlertEditorDialog, text: str) -> None:
    """Type into the council picker and take the best match with Enter."""
    picker = find(dialog, CouncilPicker, "councilPicker")
    qtbot.keyClicks(picker.lineEdit(), text)
    qtbot.keyClick(picker.completer().popup(), Qt.Key.Key_Return)


def type_title(qtbot: QtBot, dialog: AlertEditorDialog, text: str) -> None:
    """Type into the title field."""
    qtbot.keyClicks(find(dialog, QLineEdit, "titleEdit"), text)


def store(session: Session, **changes: object) -> Alert:
    """An alert already in the vault."""
    fields: dict[str, object] = {"council": LEEDS, "kind": AlertKind.CSPR, "title": "Practice review, Leeds"}
    fields.update(changes)
    return session.alerts.add(Alert(**fields))  # type: ignore[arg-type]


# -- creating ---------------------------------------------------------------------------------------------


def test_an_alert_with_two_milestones_and_an_offer_is_stored_as_entered(
    qtbot: QtBot, open_editor: Opener, session: Session
) -> None:
    dialog = open_editor()
    pick_council(qtbot, dialog, "leed")
    choose(find(dialog, QComboBox, "kindCombo"), AlertKind.TRIAL.value)
    type_title(qtbot, dialog, "Trial of a former foster carer")
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "summaryEdit"), "Listed at Leeds Crown Court.")

    dialog.tabs.setCurrentIndex(1)
    add = find(dialog, QPushButton, "addMilestoneButton")
    add.click()
    # A trial's first milestone is suggested for it; the date is typed over.
    assert find(dialog, QComboBox, "milestoneKind").currentData() == MilestoneKind.TRIAL_START.value
    type_date(qtbot, find(dialog, DateField, "milestoneDate"), "1/2/2027")
    choose(find(dialog, QComboBox, "milestoneConfidence"), DateConfidence.CONFIRMED.value)
    add.click()
    choose(find(dialog, QComboBox, "milestoneKind"), MilestoneKind.SENTENCING.value)
    type_date(qtbot, find(dialog, DateField, "milestoneDate"), "15/3/2027")
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "milestoneNote"), "Estimated by the CPS")

    dialog.tabs.setCurrentIndex(2)
    find(dialog, QPushButton, "addOfferButton").click()
    choose(find(dialog, QComboBox, "offerOrganisation"), OfferingOrganisation.ADCS.value)
    advance = find(dialog, QPushButton, "offerAdvanceButton")
    assert advance.text() == "Mark as offered"
    advance.click()

    with qtbot.waitSignal(dialog.saved) as saved:
        find(dialog, QPushButton, "saveButton").click()
    assert not dialog.isVisible()
    assert session.alerts.total() == 1
    stored = session.alerts.get(saved.args[0].reference)
    assert (stored.council, stored.kind, stored.title) == (
        LEEDS,
        AlertKind.TRIAL,
        "Trial of a former foster carer",
    )
    assert stored.summary == "Listed at Leeds Crown Court."
    assert [(m.kind, m.date, m.confidence, m.note) for m in stored.milestones] == [
        (MilestoneKind.TRIAL_START, date(2027, 2, 1), DateConfidence.CONFIRMED, ""),
        (MilestoneKind.SENTENCING, date(2027, 3, 15), DateConfidence.PROVISIONAL, "Estimated by the CPS"),
    ]
    [offer] = stored.offers
    assert (offer.organisation, offer.status, offer.offered_on) == (
        OfferingOrganisation.ADCS,
        OfferStatus.OFFERED,
        date(2026, 11, 24),
    )


def test_ctrl_s_saves(qtbot: QtBot, open_editor: Opener, session: Session) -> None:
    dialog = open_editor()
    pick_council(qtbot, dialog, "leed")
    type_title(qtbot, dialog, "Inquest touching a child")
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(
            find(dialog, QLineEdit, "titleEdit"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier
        )
    assert session.alerts.total() == 1


def test_keyboard_adds_a_milestone_from_any_page_and_delete_removes_it(
    qtbot: QtBot, open_editor: Opener
) -> None:
    dialog = open_editor()
    assert dialog.tabs.currentIndex() == 0
    qtbot.keyClick(
        find(dialog, QLineEdit, "titleEdit"),
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert dialog.tabs.currentIndex() == 1
    assert len(dialog.draft().milestones) == 1
    table = find(dialog, QTableWidget, "milestonesTable")
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert dialog.draft().milestones == ()


def test_a_council_name_that_matches_nothing_is_reported(qtbot: QtBot, open_editor: Opener) -> None:
    dialog = open_editor()
    picker = find(dialog, CouncilPicker, "councilPicker")
    qtbot.keyClicks(picker.lineEdit(), "Atlantis")
    qtbot.keyClick(picker.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: strip_text(dialog, "councilProblems") != "")
    assert (
        strip_text(dialog, "councilProblems") == "No council matches what is typed; choose one from the list."
    )


# -- milestone history ------------------------------------------------------------------------------------


def test_moving_a_milestone_shows_the_move_at_once_and_the_log_follows_it(
    qtbot: QtBot, open_editor: Opener, session: Session
) -> None:
    alert = store(
        session,
        milestones=(
            Milestone(MilestoneKind.REVIEW_COMPLETED, date(2027, 1, 20), DateConfidence.CONFIRMED),
            Milestone(MilestoneKind.PUBLICATION, date(2027, 3, 3), DateConfidence.PROVISIONAL),
        ),
    )
    [row] = session.alerts.rows(AlertQuery())
    assert row.next_date == date(2027, 1, 20)

    dialog = open_editor(alert)
    dialog.tabs.setCurrentIndex(1)
    table = find(dialog, QTableWidget, "milestonesTable")
    table.selectRow(0)
    date_edit = find(dialog, DateField, "milestoneDate")
    # Stepping through several days is one move, not one per step.
    for day in (21, 24, 31):
        type_date(qtbot, date_edit, f"{day}/1/2027")
    type_date(qtbot, date_edit, "17/2/2027")
    history = find(dialog, QLabel, "milestoneHistory").text()
    assert history.startswith("• Review completed moved from 20 January 2027 to 17 February 2027")
    assert "not saved yet" in history
    assert history.count("moved") == 1
    assert table.item(0, 3).text() == "was 20 Jan 2027"

    with qtbot.waitSignal(dialog.saved):
        find(dialog, QPushButton, "saveButton").click()
    stored = session.alerts.get(alert.reference)
    [change] = stored.milestones[0].history
    assert (change.old_date, change.new_date) == (date(2027, 1, 20), date(2027, 2, 17))
    [row] = session.alerts.rows(AlertQuery())
    assert (row.next_kind, row.next_date) == (MilestoneKind.REVIEW_COMPLETED, date(2027, 2, 17))

    again = open_editor(stored)
    again.tabs.setCurrentIndex(1)
    find(again, QTableWidget, "milestonesTable").selectRow(0)
    saved_history = find(again, QLabel, "milestoneHistory").text()
    assert saved_history == (
        "• Review completed moved from 20 January 2027 to 17 February 2027 (recorded 24 November 2026)"
    )
    assert "not saved yet" not in saved_history


def test_moving_a_date_back_where_it_was_records_nothing(
    qtbot: QtBot, open_editor: Opener, session: Session
) -> None:
    alert = store(session, milestones=(Milestone(MilestoneKind.PUBLICATION, date(2027, 3, 3)),))
    dialog = open_editor(alert)
    dialog.tabs.setCurrentIndex(1)
    find(dialog, QTableWidget, "milestonesTable").selectRow(0)
    date_edit = find(dialog, DateField, "milestoneDate")
    type_date(qtbot, date_edit, "10/3/2027")
    type_date(qtbot, date_edit, "3/3/2027")
    assert find(dialog, QLabel, "milestoneHistory").text() == "No date changes yet."
    assert not dialog.is_dirty()


# -- identifying data -------------------------------------------------------------------------------------


def _summary_with_nhs_number(qtbot: QtBot, dialog: AlertEditorDialog, prefix: str = "Seen at ") -> None:
    pick_council(qtbot, dialog, "leed")
    type_title(qtbot, dialog, "Practice review")
    summary = find(dialog, QPlainTextEdit, "summaryEdit")
    # QTest types one UTF-16 unit at a time and cannot type an emoji; pasting it is what officers do anyway.
    summary.insertPlainText(prefix)
    qtbot.keyClicks(summary, f"{NHS_LIKE} in 2025.")
    qtbot.waitUntil(lambda: strip_text(dialog, "summaryIdentifying") != "")


def test_an_nhs_number_is_named_under_the_summary_and_marked_in_the_text(
    qtbot: QtBot, open_editor: Opener
) -> None:
    dialog = open_editor()
    # An emoji is two UTF-16 units in Qt but one character in Python: the mark must still fit the number.
    _summary_with_nhs_number(qtbot, dialog, prefix="🙂 Background.\nSeen at ")
    assert strip_text(dialog, "summaryIdentifying") == "Summary: what looks like an NHS number on the second line"
    summary = find(dialog, QPlainTextEdit, "summaryEdit")
    [mark] = summary.extraSelections()
    assert mark.cursor.selectedText() == NHS_LIKE
    assert "may identify a child" in find(dialog, QLabel, "editorStatus").text()


def test_the_warning_goes_away_when_the_number_is_removed(qtbot: QtBot, open_editor: Opener) -> None:
    dialog = open_editor()
    _summary_with_nhs_number(qtbot, dialog)
    summary = find(dialog, QPlainTextEdit, "summaryEdit")
    summary.setPlainText("Seen at a clinic in 2025.")
    qtbot.waitUntil(lambda: strip_text(dialog, "summaryIdentifying") == "")
    assert summary.extraSelections() == []


def test_identifying_text_is_not_saved_until_the_officer_confirms(
    qtbot: QtBot, open_editor: Opener, session: Session
) -> None:
    dialog = open_editor()
    _summary_with_nhs_number(qtbot, dialog)
    save = find(dialog, QPushButton, "saveButton")

    save.click()
    box = prompt(dialog, "identifyingConfirm")
    assert "• what looks like an NHS number in the Summary\n" in box.informativeText()
    assert session.alerts.total() == 0
    answer(dialog, "identifyingConfirm", "goBackButton")
    assert dialog.isVisible()
    assert session.alerts.total() == 0
    summary = find(dialog, QPlainTextEdit, "summaryEdit")
    assert summary.textCursor().selectedText() == NHS_LIKE

    save.click()
    with qtbot.waitSignal(dialog.saved) as saved:
        answer(dialog, "identifyingConfirm", "saveAnywayButton")
    assert session.alerts.total() == 1
    assert NHS_LIKE in session.alerts.get(saved.args[0].reference).summary


def test_a_name_and_a_childs_age_ask_before_saving(qtbot: QtBot, open_editor: Opener, session: Session) -> None:
    dialog = open_editor()
    pick_council(qtbot, dialog, "leed")
    type_title(qtbot, dialog, "Practice review")
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "summaryEdit"), "The death of a 4-year-old. Contact DS Jones.")
    qtbot.waitUntil(lambda: strip_text(dialog, "summaryIdentifying") != "")
    assert strip_text(dialog, "summaryIdentifying") == (
        "Summary: what looks like a child's age\nSummary: what looks like a person's name"
    )
    find(dialog, QPushButton, "saveButton").click()
    box = prompt(dialog, "identifyingConfirm")
    assert box.informativeText().startswith(
        "• what looks like a child's age in the Summary\n• what looks like a person's name in the Summary\n"
    )
    answer(dialog, "identifyingConfirm", "goBackButton")
    assert session.alerts.total() == 0


def test_identifying_text_in_a_milestone_note_is_shown_on_the_milestones_page(
    qtbot: QtBot, open_editor: Opener
) -> None:
    dialog = open_editor()
    dialog.tabs.setCurrentIndex(1)
    find(dialog, QPushButton, "addMilestoneButton").click()
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "milestoneNote"), "Call the carer on 07700 900123")
    qtbot.waitUntil(lambda: strip_text(dialog, "milestoneNoteIdentifying") != "")
    assert strip_text(dialog, "milestoneNoteIdentifying") == "Note: what looks like a phone number"
    assert dialog.tabs.tabIcon(1).isNull() is False


# -- validation -------------------------------------------------------------------------------------------


def test_an_emptied_title_is_reported_under_the_field(qtbot: QtBot, open_editor: Opener) -> None:
    dialog = open_editor()
    assert strip_text(dialog, "titleProblems") == ""  # a new form starts quiet
    type_title(qtbot, dialog, "A")
    qtbot.keyClick(find(dialog, QLineEdit, "titleEdit"), Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: strip_text(dialog, "titleProblems") == "Give the alert a short title.")


def test_save_with_problems_stores_nothing_and_shows_every_problem(
    qtbot: QtBot, open_editor: Opener, session: Session
) -> None:
    dialog = open_editor()
    find(dialog, QPushButton, "saveButton").click()
    assert session.alerts.total() == 0
    assert dialog.isVisible()
    assert dialog.findChild(QMessageBox) is None  # no generic error box
    assert strip_text(dialog, "councilProblems") == "Choose the council."
    assert strip_text(dialog, "titleProblems") == "Give the alert a short title."
    assert "Nothing was saved" in find(dialog, QLabel, "editorStatus").text()


def test_a_publication_before_the_review_is_completed_is_reported(qtbot: QtBot, open_editor: Opener) -> None:
    dialog = open_editor()
    dialog.tabs.setCurrentIndex(1)
    add = find(dialog, QPushButton, "addMilestoneButton")
    add.click()
    choose(find(dialog, QComboBox, "milestoneKind"), MilestoneKind.REVIEW_COMPLETED.value)
    type_date(qtbot, find(dialog, DateField, "milestoneDate"), "1/4/2027")
    add.click()
    choose(find(dialog, QComboBox, "milestoneKind"), MilestoneKind.PUBLICATION.value)
    type_date(qtbot, find(dialog, DateField, "milestoneDate"), "1/3/2027")
    qtbot.waitUntil(lambda: "before the review is completed" in strip_text(dialog, "milestonesProblems"))
    assert (
        strip_text(dialog, "milestonesProblems") == "The publication date is before the review is completed."
    )
    type_date(qtbot, find(dialog, DateField, "milestoneDate"), "1/5/2027")
    qtbot.waitUntil(lambda: strip_text(dialog, "milestonesProblems") == "")


def test_a_title_over_the_limit_turns_the_counter_red_and_is_reported(
    qtbot: QtBot, open_editor: Opener
) -> None:
    dialog = open_editor()
    find(dialog, QLineEdit, "titleEdit").setText("x" * 121)
    assert find(dialog, QLabel, "titleCounter").text() == "121 / 120"
    qtbot.waitUntil(
        lambda: strip_text(dialog, "titleProblems") == "The title is 121 characters; keep it to 120."
    )


# -- undo, closing, deleting ------------------------------------------------------------------------------


def test_a_title_edit_is_undone_and_redone_with_the_keyboard(
    qtbot: QtBot, open_editor: Opener, session: Session
) -> None:
    dialog = open_editor(store(session))
    title = find(dialog, QLineEdit, "titleEdit")
    title.end(False)
    qtbot.keyClicks(title, " (revised)")
    assert title.text() == "Practice review, Leeds (revised)"
    qtbot.keyClick(title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert title.text() == "Practice review, Leeds"
    assert not dialog.is_dirty()
    # The editor's stack did the undo (not the field's private one), so the whole typing is one redo step.
    assert dialog.undo_stack().canRedo()
    assert not dialog.undo_stack().canUndo()
    qtbot.keyClick(
        title, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert title.text() == "Practice review, Leeds (revised)"
    assert dialog.draft().title == "Practice review, Leeds (revised)"


def test_a_ticked_box_is_undone_and_redone_with_the_window_shortcuts(
    qtbot: QtBot, open_editor: Opener
) -> None:
    dialog = open_editor()
    embargo = find(dialog, QCheckBox, "embargoCheck")
    embargo.click()
    assert dialog.draft().embargoed
    embargo.setFocus()
    qtbot.keyClick(embargo, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not embargo.isChecked()
    assert not dialog.draft().embargoed
    qtbot.keyClick(
        embargo, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert embargo.isChecked()


def test_adding_and_removing_milestones_and_offers_can_be_undone(qtbot: QtBot, open_editor: Opener) -> None:
    dialog = open_editor()
    undo = dialog.undo_action
    redo = dialog.redo_action
    find(dialog, QPushButton, "addMilestoneButton").click()
    find(dialog, QPushButton, "addOfferButton").click()
    assert (len(dialog.draft().milestones), len(dialog.draft().offers)) == (1, 1)
    undo.trigger()
    assert (len(dialog.draft().milestones), len(dialog.draft().offers)) == (1, 0)
    assert dialog.tabs.tabText(2) == "Support offers (0)"
    redo.trigger()
    assert len(dialog.draft().offers) == 1
    find(dialog, QPushButton, "removeMilestoneButton").click()
    assert dialog.draft().milestones == ()
    undo.trigger()
    assert len(dialog.draft().milestones) == 1
    table = find(dialog, QTableWidget, "milestonesTable")
    assert table.rowCount() == 1


def test_escape_with_unsaved_edits_asks_and_can_keep_editing_or_discard(
    qtbot: QtBot, open_editor: Opener, session: Session
) -> None:
    dialog = open_editor()
    type_title(qtbot, dialog, "Practice review")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    answer(dialog, "unsavedPrompt", "keepEditingButton")
    assert dialog.isVisible()
    dialog.close()
    answer(dialog, "unsavedPrompt", "discardChangesButton")
    assert not dialog.isVisible()
    assert session.alerts.total() == 0


def test_the_unsaved_prompt_can_save(qtbot: QtBot, open_editor: Opener, session: Session) -> None:
    alert = store(session)
    dialog = open_editor(alert)
    find(dialog, QLineEdit, "titleEdit").setText("Practice review, Leeds: date agreed")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    with qtbot.waitSignal(dialog.saved):
        answer(dialog, "unsavedPrompt", "saveChangesButton")
    assert session.alerts.get(alert.reference).title == "Practice review, Leeds: date agreed"


def test_escape_without_edits_closes_at_once(qtbot: QtBot, open_editor: Opener, session: Session) -> None:
    dialog = open_editor(store(session))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.findChild(QMessageBox, "unsavedPrompt") is None


def test_delete_asks_first_and_then_removes_the_alert(
    qtbot: QtBot, open_editor: Opener, session: Session
) -> None:
    alert = store(session)
    dialog = open_editor(alert)
    delete = find(dialog, QPushButton, "deleteButton")
    delete.click()
    assert alert.reference in prompt(dialog, "deleteConfirm").text()
    answer(dialog, "deleteConfirm", "cancelDeleteButton")
    assert session.alerts.get(alert.reference).title == alert.title

    delete.click()
    with qtbot.waitSignal(dialog.deleted) as deleted:
        answer(dialog, "deleteConfirm", "confirmDeleteButton")
    assert deleted.args == [alert.reference]
    assert not dialog.isVisible()
    with pytest.raises(NotFound):
        session.alerts.get(alert.reference)


def test_a_new_alert_has_no_delete_button(open_editor: Opener) -> None:
    assert find(open_editor(), QPushButton, "deleteButton").isHidden()


def test_force_close_drops_edits_without_asking_and_wipes_the_form(
    qtbot: QtBot, open_editor: Opener, session: Session
) -> None:
    dialog = open_editor()
    type_title(qtbot, dialog, "Practice review")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    prompt(dialog, "unsavedPrompt")
    dialog.force_close()
    assert not dialog.isVisible()
    assert session.alerts.total() == 0
    assert find(dialog, QLineEdit, "titleEdit").text() == ""
    assert not dialog.undo_stack().canUndo()


@pytest.mark.parametrize(("page", "key", "field"), [
    (1, Qt.Key.Key_M, "milestoneKind"), (1, Qt.Key.Key_E, "milestoneDateText"), (1, Qt.Key.Key_I, "milestoneTimeCheck"),
    (1, Qt.Key.Key_N, "milestoneNote"), (2, Qt.Key.Key_T, "offerTo"), (2, Qt.Key.Key_O, "offerNote"),
])
def test_each_underlined_letter_takes_the_keyboard_to_its_field(
    qtbot: QtBot, open_editor: Opener, page: int, key: Qt.Key, field: str
) -> None:
    """Alt and the underlined letter of a field's label, as the label shows it: composite fields (a date with its
    calendar button, a tick with a time) take the focus too, not only plain ones."""
    from PySide6.QtWidgets import QApplication

    dialog = open_editor()
    dialog.tabs.setCurrentIndex(page)
    find(dialog, QPushButton, "addMilestoneButton" if page == 1 else "addOfferButton").click()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClick(QApplication.focusWidget() or dialog, key, Qt.KeyboardModifier.AltModifier)
    focused = QApplication.focusWidget()
    assert focused is not None and focused.objectName() == field
