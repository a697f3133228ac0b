"""Recording lessons learned: when they may be recorded, one per office and alert, every text guarded and checked,
nothing stored when a rule is broken, and the audit log without a word of the text."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

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
from sg_desktop.domain.errors import IdentifyingDataWarning, NotFound, ValidationError
from sg_desktop.domain.lessons import DEFAULT_LESSON_SHARING, CoverageVerdict, Lesson, lesson_refusal, new_lesson
from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.exchange import lesson_version

LEEDS = "E08000035"
MARKER = "Zebra-marker text for the audit check"


def closed_alert(session: Session, **changes: object) -> Alert:
    alert = Alert(LEEDS, AlertKind.TRIAL, "Trial listed", media_interest=MediaInterest.NATIONAL,
                  status=AlertStatus.CLOSED,
                  milestones=(Milestone(MilestoneKind.TRIAL_START, date(2026, 10, 5)),),
                  offers=(SupportOffer(OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEADER,
                                       OfferStatus.ACCEPTED),
                          SupportOffer(OfferingOrganisation.ADCS, OfferKind.DIRECTOR_SUPPORT, OfferedTo.DIRECTOR,
                                       OfferStatus.DECLINED)))
    return session.alerts.add(replace(alert, **changes))  # type: ignore[arg-type]


def filled(session: Session, alert: Alert, **changes: object) -> Lesson:
    draft = session.lessons.draft(alert)
    taken, declined = draft.offers
    lesson = replace(draft, coverage=Coverage.REGIONAL, offers=(replace(taken, usefulness=5, comment="Invaluable"),
                                                                  declined),
                     helped=f"The mentor rang every day. {MARKER}", do_differently="Brief the press earlier.",
                     may_share=True)
    return replace(lesson, **changes)  # type: ignore[arg-type]


def test_a_new_lesson_is_filled_in_from_its_alert(session: Session) -> None:
    alert = closed_alert(session)
    draft = new_lesson(alert)
    assert (draft.alert_id, draft.reference, draft.council, draft.kind, draft.expected) == (
        alert.id, alert.reference, LEEDS, AlertKind.TRIAL, MediaInterest.NATIONAL)
    assert draft.coverage is Coverage.NATIONAL and draft.verdict is CoverageVerdict.AS_EXPECTED
    assert [(r.kind, r.accepted, r.usefulness) for r in draft.offers] == [
        (OfferKind.PEER_MENTOR, True, None), (OfferKind.DIRECTOR_SUPPORT, False, None)]
    assert draft.sharing == DEFAULT_LESSON_SHARING == {OrgType.LGA, OrgType.ADCS}


def test_lessons_wait_until_the_alert_is_closed_or_its_last_milestone_has_come(session: Session) -> None:
    today = session.alerts.today()  # 24 November 2026
    upcoming = closed_alert(session, status=AlertStatus.ACTIVE,
                            milestones=(Milestone(MilestoneKind.TRIAL_START, date(2026, 10, 5)),
                                        Milestone(MilestoneKind.VERDICT, date(2027, 1, 8))))
    assert lesson_refusal(upcoming, today) == (
        f"Lessons are recorded once an alert is closed or its last milestone has passed; {upcoming.reference} is "
        "active and its last milestone is on 8 January 2027.")
    with pytest.raises(ValidationError, match="its last milestone is on 8 January 2027"):
        session.lessons.save(filled(session, upcoming))
    assert session.lessons.total() == 0
    passed = closed_alert(session, status=AlertStatus.PUBLISHED,
                          milestones=(Milestone(MilestoneKind.TRIAL_START, today),))
    assert lesson_refusal(passed, today) is None
    assert session.lessons.save(filled(session, passed)).result == "recorded"
    nothing = closed_alert(session, status=AlertStatus.ACTIVE, milestones=())
    assert "it has no milestones" in (lesson_refusal(nothing, today) or "")


def test_each_office_has_one_lesson_on_an_alert_and_editing_it_makes_a_new_revision(session: Session) -> None:
    alert = closed_alert(session)
    first = session.lessons.save(filled(session, alert))
    assert first.result == "recorded" and first.lesson.revision == 1
    assert first.lesson.recorded_by == "Local Government Association" and first.lesson.created_at is not None
    assert session.lessons.save(filled(session, alert)).result == "unchanged"
    again = session.lessons.save(filled(session, alert, coverage=Coverage.NATIONAL))
    assert (again.result, again.lesson.revision, again.lesson.id) == ("updated", 2, first.lesson.id)
    assert [x.coverage for x in session.lessons.of_alert(alert.id)] == [Coverage.NATIONAL]
    lineage = session.vault.lessons.lineage([first.lesson.id])[first.lesson.id]
    assert lineage.version == lesson_version(again.lesson)
    assert lineage.ancestors == (lesson_version(first.lesson),)


def test_an_offer_added_after_the_lesson_joins_it_unreviewed(session: Session) -> None:
    alert = closed_alert(session)
    session.lessons.save(filled(session, alert))
    offer = SupportOffer(OfferingOrganisation.LABOUR_GROUP, OfferKind.COMMS_SUPPORT, OfferedTo.COMMS_TEAM,
                         OfferStatus.COMPLETED)
    alert = session.alerts.save(replace(alert, offers=(*alert.offers, offer)))
    draft = session.lessons.draft(alert)
    assert [(r.kind, r.accepted, r.usefulness) for r in draft.offers] == [
        (OfferKind.PEER_MENTOR, True, 5), (OfferKind.DIRECTOR_SUPPORT, False, None), (OfferKind.COMMS_SUPPORT, True,
                                                                                       None)]


def test_text_that_could_identify_a_child_is_warned_about_and_stored_only_when_confirmed(session: Session) -> None:
    alert = closed_alert(session)
    lesson = filled(session, alert, did_not_help="First line.\nCall DS Jones on 0118 496 0000.")
    with pytest.raises(IdentifyingDataWarning) as warning:
        session.lessons.save(lesson)
    assert warning.value.findings == (
        "what looks like a person's name in the “What did not help” answer, second line",
        "what looks like a phone number in the “What did not help” answer, second line",
    )
    assert session.lessons.total() == 0
    reviewed = replace(lesson, did_not_help="", offers=(replace(lesson.offers[0], comment="Ring 07700 900123"),
                                                        lesson.offers[1]))
    with pytest.raises(IdentifyingDataWarning, match="in the comment on support offer 1"):
        session.lessons.save(reviewed)
    assert session.lessons.total() == 0
    assert session.lessons.save(lesson, confirm_identifying=True).result == "recorded"


@pytest.mark.parametrize(("changes", "message"), [
    ({"helped": "Bell \x07 here"}, "“What helped” holds a control character (U+0007)."),
    ({"do_differently": "x" * 2001}, "“What we would do differently” is 2001 characters; keep it to 2000."),
])
def test_a_lesson_breaking_a_rule_is_refused_and_nothing_is_stored(session: Session, changes: dict[str, object],
                                                                   message: str) -> None:
    alert = closed_alert(session)
    with pytest.raises(ValidationError) as error:
        session.lessons.save(filled(session, alert, **changes))
    assert str(error.value) == message
    assert session.lessons.total() == 0


def test_an_offer_not_taken_up_cannot_be_rated_and_a_comment_is_one_line(session: Session) -> None:
    alert = closed_alert(session)
    lesson = filled(session, alert)
    rated = replace(lesson, offers=(lesson.offers[0], replace(lesson.offers[1], usefulness=2)))
    with pytest.raises(ValidationError, match="Support offer 2 was not taken up, so it cannot be rated"):
        session.lessons.save(rated)
    broken = replace(lesson, offers=(replace(lesson.offers[0], comment="two\nlines"), lesson.offers[1]))
    with pytest.raises(ValidationError, match="The comment on support offer 1 must be a single line"):
        session.lessons.save(broken)
    assert session.lessons.total() == 0


def test_a_review_of_an_offer_the_alert_does_not_have_is_refused(session: Session) -> None:
    alert = closed_alert(session)
    lesson = filled(session, alert)
    stray = replace(lesson, offers=(*lesson.offers, replace(lesson.offers[0], offer_id="not-an-offer-here")))
    with pytest.raises(ValidationError, match=f"Support offer 3 of the lesson is not an offer of {alert.reference}"):
        session.lessons.save(stray)
    gone = session.alerts.delete(alert.reference)
    with pytest.raises(NotFound):
        session.lessons.save(replace(lesson, alert_id=gone.id))
    assert session.lessons.total() == 0


def test_the_audit_log_names_the_lesson_and_never_its_text(session: Session) -> None:
    alert = closed_alert(session)
    saved = session.lessons.save(filled(session, alert)).lesson
    session.lessons.save(filled(session, alert, coverage=Coverage.LOCAL))
    entries = [e for e in session.audit_entries() if e.action.startswith("lesson.")]
    assert [(e.action, e.record_id, e.detail["revision"]) for e in entries] == [
        ("lesson.add", saved.id, 1), ("lesson.edit", saved.id, 2)]
    dumped = json.dumps([e.detail for e in session.audit_entries()])
    for text in (MARKER, "Invaluable", "Brief the press"):
        assert text not in dumped
