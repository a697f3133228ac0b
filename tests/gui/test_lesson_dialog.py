"""Record lessons… in the window: typed into the dialog, saved, and seen in the digest window; identifying text asks
first; closing an alert in the editor offers it; an alert not yet over says why not; locking closes it all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    Coverage,
    MediaInterest,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
    OrgType,
)
from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.ui.application import Application
from sg_desktop.ui.forward.digest_window import DigestWindow
from sg_desktop.ui.lessons.actions import RECORD_NOW, lesson_controller
from sg_desktop.ui.lessons.lesson_dialog import LessonDialog
from sg_desktop.ui.log.main_window import MainWindow

from .conftest import GUI_PASSPHRASE, LEEDS, YORK, find, unlock_with

CLOSED, OPEN = "Trial that has ended", "Review still to come"


@pytest.fixture
def window(qtbot: QtBot, start_app: Callable[..., Application], gui_service: VaultService) -> MainWindow:
    """The application unlocked over a closed alert with two offers and an open one (today: 24 November 2026)."""
    session, _ = gui_service.create(GUI_PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    session.alerts.add_many([
        Alert(LEEDS, AlertKind.TRIAL, CLOSED, media_interest=MediaInterest.NATIONAL, status=AlertStatus.CLOSED,
              milestones=(Milestone(MilestoneKind.TRIAL_START, date(2026, 10, 5)),),
              offers=(SupportOffer(OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEADER,
                                   OfferStatus.ACCEPTED),
                      SupportOffer(OfferingOrganisation.ADCS, OfferKind.DIRECTOR_SUPPORT, OfferedTo.DIRECTOR,
                                   OfferStatus.DECLINED))),
        Alert(YORK, AlertKind.CSPR, OPEN, milestones=(Milestone(MilestoneKind.PUBLICATION, date(2027, 2, 1)),)),
    ])
    session.lock()
    application = start_app()
    with qtbot.waitSignal(application.unlocked, timeout=10_000):
        unlock_with(qtbot, application, GUI_PASSPHRASE)
    return application.window


def select(window: MainWindow, title: str) -> str:
    service = window.service
    assert service is not None
    [alert] = [a for a in service.all() if a.title == title]
    assert window.select_alert(alert.id)
    return alert.id


def action(window: MainWindow, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, f"no action {name!r}"
    return found


def lesson_dialog(window: MainWindow) -> LessonDialog:
    controller = lesson_controller(window)
    assert controller is not None and controller.dialog is not None and controller.dialog.isVisible()
    return controller.dialog


def shown_box(parent: QWidget, name: str) -> QMessageBox:
    boxes = [b for b in parent.findChildren(QMessageBox, name) if b.isVisible()]
    assert len(boxes) == 1, f"no {name!r} box on screen"
    return boxes[0]


def click(box: QMessageBox, name: str) -> None:
    button = box.findChild(QPushButton, name)
    assert button is not None
    button.click()


def test_a_lesson_typed_into_the_dialog_is_saved_and_seen_in_the_digest_window(qtbot: QtBot,
                                                                               window: MainWindow) -> None:
    alert_id = select(window, CLOSED)
    action(window, "actionRecordLessons").trigger()
    dialog = lesson_dialog(window)
    coverage = find(dialog, QComboBox, "lessonCoverage")
    coverage.setFocus()
    qtbot.keyClick(coverage, Qt.Key.Key_Up)  # National → Regional
    assert coverage.currentData() == Coverage.REGIONAL.value
    assert find(dialog, QCheckBox, "lessonOffer1Accepted").isChecked()
    assert not find(dialog, QCheckBox, "lessonOffer2Accepted").isChecked()
    assert not find(dialog, QComboBox, "lessonOffer2Usefulness").isEnabled()
    find(dialog, QComboBox, "lessonOffer1Usefulness").setCurrentIndex(5)
    qtbot.keyClicks(find(dialog, QLineEdit, "lessonOffer1Comment"), "Rang the leader every evening")
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "lessonHelped"), "The peer mentor had been through it before.")
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "lessonDoDifferently"), "Agree one press contact early.")
    find(dialog, QCheckBox, "lessonMayShare").click()
    find(dialog, QCheckBox, "lessonShare_council").click()
    find(dialog, QPushButton, "lessonSave").click()
    assert not dialog.isVisible()
    session = window.session
    assert session is not None
    [saved] = session.lessons.of_alert(alert_id)
    assert (saved.coverage, saved.may_share, saved.sharing) == (
        Coverage.REGIONAL, True, frozenset({OrgType.LGA, OrgType.ADCS, OrgType.COUNCIL}))
    assert [(r.accepted, r.usefulness, r.comment) for r in saved.offers] == [
        (True, 5, "Rang the leader every evening"), (False, None, "")]
    assert "Recorded this office's lesson" in window.statusBar().currentMessage()

    action(window, "actionDigest").trigger()
    digest = window.findChild(DigestWindow, "digestWindow")
    assert digest is not None and digest.isVisible()
    model = digest.helped_model
    theme = model.index(0, 0)
    assert model.data(theme) == "Peer support and mentoring (1)"
    assert model.data(model.index(0, 0, theme)) == "The peer mentor had been through it before."
    assert model.data(model.index(0, 1, theme)) == "Leeds"  # its scope names councils
    assert digest.by_offer.item(0, 0).text() == "Peer mentor" and digest.by_offer.item(0, 3).text() == "1 (100%)"


def test_identifying_text_asks_before_saving_and_nothing_is_saved_on_go_back(qtbot: QtBot,
                                                                            window: MainWindow) -> None:
    alert_id = select(window, CLOSED)
    action(window, "actionRecordLessons").trigger()
    dialog = lesson_dialog(window)
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "lessonDidNotHelp"), "Calls went to DS Jones on 0118 496 0000")
    qtbot.waitUntil(lambda: "may identify a child" in dialog.status.text())
    assert dialog.status.text() == "The text may identify a child — see the “What did not help” answer."
    find(dialog, QPushButton, "lessonSave").click()
    box = shown_box(dialog, "identifyingConfirm")
    assert box.text() == "The lesson's text may identify a child."
    assert "what looks like a phone number in the “What did not help” answer" in box.informativeText()
    click(box, "goBackButton")
    session = window.session
    assert session is not None and session.lessons.of_alert(alert_id) == []
    assert dialog.isVisible() and find(dialog, QPlainTextEdit, "lessonDidNotHelp").hasFocus()
    find(dialog, QPushButton, "lessonSave").click()
    click(shown_box(dialog, "identifyingConfirm"), "saveAnywayButton")
    assert [x.did_not_help for x in session.lessons.of_alert(alert_id)] == ["Calls went to DS Jones on 0118 496 0000"]


def test_closing_an_alert_in_the_editor_offers_to_record_its_lessons(qtbot: QtBot, window: MainWindow) -> None:
    select(window, OPEN)
    window.edit_alert()
    [editor] = window.open_editors()
    status = editor.findChild(QWidget, "statusCombo")
    assert isinstance(status, QComboBox)
    status.setCurrentIndex(status.findData(AlertStatus.CLOSED.value))
    find(editor, QPushButton, "saveButton").click()
    box = shown_box(window, "recordLessonsPrompt")
    assert box.text().endswith("is closed. Record this office's lessons learned now, while they are fresh?")
    click(box, RECORD_NOW)
    dialog = lesson_dialog(window)
    assert dialog.windowTitle().startswith("Lessons learned — LGA-2026-0002")
    assert find(dialog, QWidget, "lessonNoOffers").isVisible()


def test_an_alert_still_under_way_says_when_lessons_can_be_recorded(window: MainWindow) -> None:
    select(window, OPEN)
    action(window, "actionRecordLessons").trigger()
    box = shown_box(window, "lessonsNotYet")
    assert box.text() == ("Lessons are recorded once an alert is closed or its last milestone has passed; "
                          "LGA-2026-0002 is active and its last milestone is on 1 February 2027.")
    controller = lesson_controller(window)
    assert controller is not None and controller.dialog is None


def test_locking_closes_the_lesson_dialog_and_empties_the_digest(qtbot: QtBot, window: MainWindow) -> None:
    select(window, CLOSED)
    action(window, "actionRecordLessons").trigger()
    dialog = lesson_dialog(window)
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "lessonHelped"), "Typed, not saved")
    action(window, "actionDigest").trigger()
    digest = window.findChild(DigestWindow, "digestWindow")
    assert digest is not None
    window.lock_requested.emit("request")
    qtbot.waitUntil(lambda: window.is_locked)
    assert not dialog.isVisible() and not digest.isVisible()
    assert digest.digest() is None and digest.helped_model.rowCount() == 0
    assert not action(window, "actionRecordLessons").isEnabled()
