"""Moving one date moves the ones after it: an adjourned trial, typed into the editor as an officer does.

Moving a trial date offers the later milestones, moves the ticked ones, keeps each move in the history with
its reason, and undoes (and redoes) as one step.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QLineEdit, QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import AlertKind, DateConfidence, MilestoneKind
from sg_desktop.domain.model import Alert, Milestone
from sg_desktop.ui.editor import undo
from sg_desktop.ui.editor.alert_editor import AlertEditorDialog
from sg_desktop.ui.shared.date_field import DateField
from tests.gui.tab_order import tab_order

from .conftest import LEEDS

K = MilestoneKind
REASON = "Adjourned: a witness is unavailable"
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
TIMETABLE = {
    K.TRIAL_START: date(2027, 2, 1),
    K.VERDICT: date(2027, 2, 15),
    K.SENTENCING: date(2027, 3, 15),
    K.RESTRICTION_LIFTED: date(2027, 3, 16),
}
MOVED = {
    K.TRIAL_START: date(2027, 2, 15),
    K.VERDICT: date(2027, 3, 1),
    K.SENTENCING: date(2027, 3, 29),
    K.RESTRICTION_LIFTED: date(2027, 3, 16),  # confirmed: it stays unless ticked
}


@pytest.fixture
def trial(session: Session) -> Alert:
    """A stored trial with its verdict, sentencing (estimated) and a confirmed lifting of the restriction."""
    return session.alerts.add(Alert(
        council=LEEDS, kind=AlertKind.TRIAL, title="Trial of a former foster carer",
        milestones=(
            Milestone(K.TRIAL_START, TIMETABLE[K.TRIAL_START], DateConfidence.PROVISIONAL),
            Milestone(K.VERDICT, TIMETABLE[K.VERDICT], DateConfidence.PROVISIONAL),
            Milestone(K.SENTENCING, TIMETABLE[K.SENTENCING], DateConfidence.ESTIMATED),
            Milestone(K.RESTRICTION_LIFTED, TIMETABLE[K.RESTRICTION_LIFTED], DateConfidence.CONFIRMED),
        ),
    ))


@pytest.fixture
def editor(qtbot: QtBot, session: Session, clock: FixedClock, trial: Alert) -> Iterator[AlertEditorDialog]:
    """The editor open on the trial, its milestones page shown."""
    dialog = AlertEditorDialog(session.alerts, trial, clock=clock)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.open()
    dialog.tabs.setCurrentIndex(1)
    yield dialog
    dialog.force_close()


def select(dialog: AlertEditorDialog, kind: MilestoneKind) -> None:
    """Click the table row of the milestone of this kind."""
    table = dialog.findChild(QTableWidget, "milestonesTable")
    [row] = [r for r in range(table.rowCount()) if table.item(r, 1).text() == kind.label]
    table.selectRow(row)


def date_line(dialog: AlertEditorDialog) -> QLineEdit:
    """The line the milestone's date is typed in."""
    field = dialog.findChild(DateField, "milestoneDate")
    assert field is not None
    return field.line


def type_over(qtbot: QtBot, dialog: AlertEditorDialog, text: str) -> QLineEdit:
    """Select the date typed there and type `text` over it, without committing it yet."""
    line = date_line(dialog)
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, text)
    return line


def offered(dialog: AlertEditorDialog) -> QDialog | None:
    """The question about the later milestones, if it is on screen."""
    shown = [box for box in dialog.findChildren(QDialog, "followOnMoves") if box.isVisible()]
    assert len(shown) <= 1
    return shown[0] if shown else None


def ticks(box: QDialog) -> list[tuple[str, bool]]:
    """Each later milestone's line in the question, and whether it is ticked."""
    return [(tick.text(), tick.isChecked()) for tick in box.findChildren(QCheckBox)]


def dates(dialog: AlertEditorDialog) -> dict[MilestoneKind, date]:
    """The milestones' dates in the alert being edited."""
    return {m.kind: m.date for m in dialog.draft().milestones}


def move_trial_by_a_fortnight(qtbot: QtBot, dialog: AlertEditorDialog) -> QDialog:
    """Type the trial's new date and press Return; the question that comes up."""
    select(dialog, K.TRIAL_START)
    line = type_over(qtbot, dialog, "15/2/2027")
    assert offered(dialog) is None  # typed, not yet committed
    qtbot.keyClick(line, Qt.Key.Key_Return)
    box = offered(dialog)
    assert box is not None
    return box


def test_moving_the_trial_offers_its_verdict_and_sentencing_ticked_and_a_confirmed_date_not(
    qtbot: QtBot, editor: AlertEditorDialog
) -> None:
    box = move_trial_by_a_fortnight(qtbot, editor)
    assert box.findChild(QLabel, "followOnHeading").text() == (
        "Trial start moved from 1 Feb 2027 to 15 Feb 2027 (14 days later)."
    )
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in box.findChildren(QLabel))
    assert ticks(box) == [
        ("Verdict: 15 Feb 2027 → 1 Mar 2027 (provisional)", True),
        ("Sentencing: 15 Mar 2027 → 29 Mar 2027 (estimated)", True),
        ("Reporting restriction lifted: 16 Mar 2027 → 30 Mar 2027 (confirmed)", False),
    ]
    # The ticks first, then the answers; Return takes the one that moves the ticked ones.
    assert tab_order(qtbot, box) == ["followOn0", "followOn1", "followOn2", "moveTickedButton", "onlyThisOneButton"]
    assert box.findChild(QPushButton, "moveTickedButton").isDefault()


def test_move_ticked_moves_them_each_with_the_reason_and_undoes_as_one_step(
    qtbot: QtBot, editor: AlertEditorDialog, session: Session, trial: Alert, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A slow typist: every keystroke of the date would be an undo step of its own.
    monkeypatch.setattr(undo, "_MERGE_PAUSE", -1.0)
    box = move_trial_by_a_fortnight(qtbot, editor)
    assert editor.undo_stack().count() > 1
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert offered(editor) is None
    assert dates(editor) == MOVED
    assert editor.undo_stack().undoText() == "Move trial start and 2 later milestones"

    line = date_line(editor)
    qtbot.keyClick(line, Qt.Key.Key_Z, CTRL)
    assert dates(editor) == TIMETABLE
    assert line.text() == "1 Feb 2027"
    assert not editor.undo_stack().canUndo()
    qtbot.keyClick(line, Qt.Key.Key_Z, CTRL | SHIFT)
    assert dates(editor) == MOVED
    assert line.text() == "15 Feb 2027"

    # The reason, typed once the dates have moved, is given for the verdict's and sentencing's moves too.
    reason = editor.findChild(QLineEdit, "milestoneReason")
    qtbot.keyClicks(reason, REASON)
    select(editor, K.VERDICT)
    assert editor.findChild(QLabel, "milestoneHistory").text() == (
        f"• Verdict moved from 15 February 2027 to 1 March 2027 (not saved yet): {REASON}"
    )
    with qtbot.waitSignal(editor.saved):
        editor.findChild(QPushButton, "saveButton").click()

    stored = {m.kind: m for m in session.alerts.get(trial.reference).milestones}
    for kind in (K.TRIAL_START, K.VERDICT, K.SENTENCING):
        [change] = stored[kind].history
        assert (change.old_date, change.new_date, change.reason) == (TIMETABLE[kind], MOVED[kind], REASON)
    assert stored[K.RESTRICTION_LIFTED].history == ()
    assert stored[K.RESTRICTION_LIFTED].date == TIMETABLE[K.RESTRICTION_LIFTED]


def test_a_ticked_confirmed_date_moves_and_leaving_the_field_commits_the_date(
    qtbot: QtBot, editor: AlertEditorDialog
) -> None:
    select(editor, K.TRIAL_START)
    line = type_over(qtbot, editor, "15/2/2027")
    qtbot.keyClick(line, Qt.Key.Key_Tab)  # to the confidence: the date is committed
    box = offered(editor)
    assert box is not None
    box.findChild(QCheckBox, "followOn2").click()
    box.findChild(QCheckBox, "followOn0").click()
    box.findChild(QPushButton, "moveTickedButton").click()
    assert dates(editor) == {**MOVED, K.VERDICT: date(2027, 2, 15), K.RESTRICTION_LIFTED: date(2027, 3, 30)}


def test_only_this_one_moves_the_trial_alone_and_escape_answers_the_same(
    qtbot: QtBot, editor: AlertEditorDialog
) -> None:
    box = move_trial_by_a_fortnight(qtbot, editor)
    box.findChild(QPushButton, "onlyThisOneButton").click()
    assert dates(editor) == {**TIMETABLE, K.TRIAL_START: date(2027, 2, 15)}

    # A reason given now goes with the later milestones when the trial moves again.
    qtbot.keyClicks(editor.findChild(QLineEdit, "milestoneReason"), REASON)
    line = type_over(qtbot, editor, "22/2/2027")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    box = offered(editor)
    assert box is not None
    assert box.findChild(QLabel, "followOnHeading").text() == (
        "Trial start moved from 15 Feb 2027 to 22 Feb 2027 (7 days later)."
    )
    # The verdict, now on the trial's old date, waits on it and so is offered too.
    assert ticks(box)[0] == ("Verdict: 15 Feb 2027 → 22 Feb 2027 (provisional)", True)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert offered(editor) is None
    assert dates(editor) == {**TIMETABLE, K.TRIAL_START: date(2027, 2, 22)}

    line = type_over(qtbot, editor, "15/2/2027")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    box = offered(editor)
    assert box is not None
    assert "(7 days earlier)" in box.findChild(QLabel, "followOnHeading").text()
    box.findChild(QPushButton, "moveTickedButton").click()
    assert dates(editor) == {**TIMETABLE, K.TRIAL_START: date(2027, 2, 15), K.SENTENCING: date(2027, 3, 8)}
    sentencing = next(m for m in editor.draft().milestones if m.kind == K.SENTENCING)
    [change] = sentencing.history
    assert (change.new_date, change.reason) == (date(2027, 3, 8), REASON)


def test_nothing_is_offered_when_no_milestone_comes_later(qtbot: QtBot, editor: AlertEditorDialog) -> None:
    assert offered(editor) is None  # nor while the alert was being shown
    select(editor, K.RESTRICTION_LIFTED)
    line = type_over(qtbot, editor, "20/4/2027")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert offered(editor) is None
    assert dates(editor)[K.RESTRICTION_LIFTED] == date(2027, 4, 20)
    # A date typed back to where it was has not moved: nothing to offer either.
    select(editor, K.TRIAL_START)
    line = type_over(qtbot, editor, "1/2/2027")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert offered(editor) is None


def test_locking_closes_the_question_and_moves_nothing(qtbot: QtBot, editor: AlertEditorDialog) -> None:
    box = move_trial_by_a_fortnight(qtbot, editor)
    editor.force_close()
    assert not box.isVisible()
    assert offered(editor) is None
    assert editor.draft().milestones == ()  # the editor wiped what it showed
