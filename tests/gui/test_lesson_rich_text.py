"""Markup in a lesson is shown as typed: in the lesson dialog (its alert's reference and offers, its texts), in the
digest window's tables, lists, tooltips and the text shown in full, and in the question asked when an alert is
closed. Nothing from a lesson or its alert is drawn as rich text."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

from sg_desktop.app.digest import DigestChoice
from sg_desktop.app.session import Session
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
from sg_desktop.domain.lessons import Lesson, OfferReview
from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.exchange import lesson_version
from sg_desktop.store.lessons import LessonLineage
from sg_desktop.ui.forward.digest_window import DigestWindow
from sg_desktop.ui.lessons.lesson_dialog import LessonDialog

from .rich_text import MARK, Sweep

LEEDS = "E08000035"


def marked_lesson(alert_id: str, number: int) -> Lesson:
    """A lesson as another office might send it, markup in every text and in its reference."""
    moment = datetime(2026, 11, number, tzinfo=UTC)
    return Lesson(alert_id, f"R-{MARK}-{number}", LEEDS, AlertKind.TRIAL, MediaInterest.NATIONAL, Coverage.LOCAL,
                  (OfferReview(f"o{number}", OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, True, 4,
                               f"Comment {MARK}"),),
                  helped=f"Peer mentor {MARK}\nsecond line {MARK}", did_not_help=MARK,
                  do_differently=f"{MARK} press", may_share=True,
                  sharing=frozenset({OrgType.LGA, OrgType.COUNCIL}) if number % 2 else frozenset({OrgType.LGA}),
                  id=f"marked-{number}", origin_office="elsewhere", recorded_by=f"Office {MARK}", created_at=moment,
                  updated_at=moment, revision=1)


def test_a_lesson_and_the_digest_show_markup_as_typed(qtbot: QtBot, session: Session) -> None:
    sweep = Sweep()
    alert = session.alerts.add(Alert(
        LEEDS, AlertKind.TRIAL, f"Title {MARK}", status=AlertStatus.CLOSED,
        milestones=(Milestone(MilestoneKind.TRIAL_START, date(2026, 10, 5), note=MARK),),
        offers=(SupportOffer(OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEADER, OfferStatus.ACCEPTED,
                             note=f"Offer {MARK}"),)), confirm_identifying=True)
    session.lessons.save(replace(session.lessons.draft(alert), helped=f"Ours {MARK}", do_differently=MARK,
                                 may_share=True), confirm_identifying=True)
    with session.vault.transaction():
        session.vault.lessons.insert_many((x, LessonLineage(lesson_version(x), ()))
                                          for x in (marked_lesson(alert.id, 1), marked_lesson(alert.id, 2)))

    dialog = LessonDialog(session.lessons, alert)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.findChild(QPlainTextEdit, "lessonDidNotHelp"), MARK)
    qtbot.waitUntil(lambda: dialog.status.text() == "Unsaved changes.")  # the typed text checked
    sweep(dialog, where="lesson dialog")

    window = DigestWindow(session, DigestChoice())
    qtbot.addWidget(window)
    window.show()
    for tree in (window.helped, window.differently):
        tree.expandAll()
    assert window.digest() is not None and window.digest().texts == 6  # type: ignore[union-attr]
    sweep(window, where="digest window")
    for tree, model in ((window.helped, window.helped_model), (window.differently, window.differently_model)):
        for row in range(model.rowCount()):
            theme = model.index(row, 0)
            for child in range(model.rowCount(theme)):
                tree.setCurrentIndex(model.index(child, 0, theme))
                sweep(window, where=f"digest window, text {child} of theme {row} chosen")
    sweep.assert_clean()
