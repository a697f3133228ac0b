"""Typed dates in the alert editor: what the officer types is the date saved, and the field says it first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCalendarWidget, QLabel, QPushButton, QTableWidget
from pytestqt.qtbot import QtBot

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import AlertKind, MilestoneKind
from sg_desktop.domain.model import Alert, Milestone
from sg_desktop.ui.editor.alert_editor import AlertEditorDialog
from sg_desktop.ui.shared.date_field import DateField
from tests.gui.dates import type_date

LEEDS = "E08000035"
SAVED = date(2027, 1, 30)


@pytest.fixture
def stored(session: Session) -> Alert:
    """An alert in the vault with one milestone on 30 January 2027."""
    milestone = Milestone(MilestoneKind.PUBLICATION, SAVED)
    return session.alerts.add(Alert(council=LEEDS, kind=AlertKind.CSPR, title="Practice review, Leeds",
                                    milestones=(milestone,)))


@pytest.fixture
def editor(qtbot: QtBot, session: Session, clock: FixedClock, stored: Alert) -> Iterator[AlertEditorDialog]:
    """The editor open on the stored alert, its milestone selected."""
    dialog = AlertEditorDialog(session.alerts, stored, clock=clock)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.open()
    dialog.tabs.setCurrentIndex(1)
    dialog.findChild(QTableWidget, "milestonesTable").selectRow(0)
    yield dialog
    dialog.force_close()


def field_of(dialog: AlertEditorDialog) -> DateField:
    field = dialog.findChild(DateField, "milestoneDate")
    assert isinstance(field, DateField)
    return field


def save(qtbot: QtBot, dialog: AlertEditorDialog) -> None:
    with qtbot.waitSignal(dialog.saved):
        dialog.findChild(QPushButton, "saveButton").click()


# Today is Tuesday 24 November 2026 (the tests' clock).
@pytest.mark.parametrize(
    ("typed", "saved", "said"),
    [
        ("15/1/2027", date(2027, 1, 15), "Friday 15 January 2027"),
        ("15/01/27", date(2027, 1, 15), "Friday 15 January 2027"),
        ("15 Jan 2027", date(2027, 1, 15), "Friday 15 January 2027"),
        ("15 January 2027", date(2027, 1, 15), "Friday 15 January 2027"),
        ("2027-01-15", date(2027, 1, 15), "Friday 15 January 2027"),
        ("today", date(2026, 11, 24), "Tuesday 24 November 2026"),
        ("tomorrow", date(2026, 11, 25), "Wednesday 25 November 2026"),
        ("+3w", date(2026, 12, 15), "Tuesday 15 December 2026"),
        ("15", None, "This is not a date SG Desktop can read. Type it as 15/1/2027 or 15 Jan 2027."),
    ],
)
def test_the_typed_date_is_said_back_and_is_the_date_saved(
    qtbot: QtBot, editor: AlertEditorDialog, session: Session, stored: Alert,
    typed: str, saved: date | None, said: str,
) -> None:
    field = field_of(editor)
    type_date(qtbot, field, typed, leave=False)
    understood = editor.findChild(QLabel, "milestoneDateUnderstood")
    assert understood.text() == said
    if saved is None:
        editor.findChild(QPushButton, "saveButton").click()
        status = editor.findChild(QLabel, "editorStatus").text()
        assert status == f"Nothing was saved: {said}"
        assert editor.isVisible() and field.line.hasFocus()
        assert session.alerts.get(stored.reference).milestones[0].date == SAVED
        return
    save(qtbot, editor)
    assert session.alerts.get(stored.reference).milestones[0].date == saved


def test_typing_over_a_selected_date_replaces_it_whole(
    qtbot: QtBot, editor: AlertEditorDialog, session: Session, stored: Alert
) -> None:
    # A QDateEdit left "30 Jan 2027" here after "15 Jan 2027" was typed over the selected date.
    field = field_of(editor)
    assert field.line.text() == "30 Jan 2027"
    type_date(qtbot, field, "15 Jan 2027")
    assert editor.findChild(QTableWidget, "milestonesTable").item(0, 0).text() == "15 Jan 2027"
    save(qtbot, editor)
    assert session.alerts.get(stored.reference).milestones[0].date == date(2027, 1, 15)


def test_an_unreadable_date_keeps_the_last_date_shown_and_says_why_under_the_field(
    qtbot: QtBot, editor: AlertEditorDialog
) -> None:
    field = field_of(editor)
    type_date(qtbot, field, "31/2/2027")
    assert editor.findChild(QLabel, "milestoneDateUnderstood").text() == "February 2027 has 28 days."
    assert field.value() == SAVED
    assert editor.milestones.milestones()[0].date == SAVED
    assert not editor.is_dirty()


def test_the_arrow_keys_move_a_day_and_page_keys_a_week(qtbot: QtBot, editor: AlertEditorDialog) -> None:
    field = field_of(editor)
    field.line.setFocus()
    qtbot.keyClick(field.line, Qt.Key.Key_Up)
    qtbot.keyClick(field.line, Qt.Key.Key_PageDown)
    assert editor.milestones.milestones()[0].date == date(2027, 1, 24)
    assert field.line.text() == "24 Jan 2027"
    assert editor.findChild(QLabel, "milestoneDateUnderstood").text() == "Sunday 24 January 2027"


def test_the_calendar_opens_from_the_keyboard_and_puts_the_chosen_day_in_the_field(
    qtbot: QtBot, editor: AlertEditorDialog
) -> None:
    field = field_of(editor)
    field.line.setFocus()
    qtbot.keyClick(field.line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = editor.findChild(QCalendarWidget, "milestoneDateCalendarView")
    assert calendar is not None and calendar.isVisible()
    assert calendar.selectedDate().toPython() == SAVED
    calendar.setSelectedDate(calendar.selectedDate().addDays(3))
    calendar.activated.emit(calendar.selectedDate())
    assert editor.milestones.milestones()[0].date == date(2027, 2, 2)
    assert field.line.text() == "2 Feb 2027"
    qtbot.waitUntil(lambda: not calendar.isVisible())


def test_an_optional_offer_date_is_typed_too(qtbot: QtBot, editor: AlertEditorDialog) -> None:
    editor.tabs.setCurrentIndex(2)
    editor.findChild(QPushButton, "addOfferButton").click()
    follow_up = editor.offers.follow_up_on
    follow_up.check.click()
    type_date(qtbot, follow_up.edit, "8 Dec 2026")
    assert editor.offers.offers()[0].follow_up_on == date(2026, 12, 8)
    assert editor.findChild(QLabel, "offerFollowUpDateUnderstood").text() == "Tuesday 8 December 2026"
