"""The demo's lessons learned: a dozen invented reviews of earlier, fictional cases, as if received from the
fictional councils, so the "what works" digest has something to count and quote.

They are about cases the demo vault does not hold (a lesson carries what the digest needs of its case), recorded
by invented offices over the past year. Every text is invented, names no one and passes the identifying-data
guard.
"""

from __future__ import annotations

from datetime import timedelta

from sg_desktop.app.clock import Clock
from sg_desktop.domain.councils import DEMO_COUNCILS
from sg_desktop.domain.enums import AlertKind, Coverage, MediaInterest, OfferingOrganisation, OfferKind, OrgType
from sg_desktop.domain.lessons import Lesson, OfferReview
from sg_desktop.domain.model import new_id
from sg_desktop.exchange import lesson_version
from sg_desktop.store.lessons import LessonLineage, LessonRepository

__all__ = ["DEMO_LESSON_COUNT", "add_demo_lessons", "demo_lessons"]

_HELPED = (
    "The peer mentor, a former lead member, rang our leader the evening before publication and again after it.",
    "Agreeing the lines to take with the police and health press offices a week early meant one voice on the day.",
    "The LGA media adviser rehearsed the interview with the director twice; the broadcast went calmly.",
    "Briefing all councillors the day before kept the cabinet united and stopped leaks.",
    "Support to the director from ADCS gave her someone outside the council to test the plan with.",
    "Knowing the publication date a month ahead gave the communications team time to prepare.",
)
_DIFFERENTLY = (
    "Ask for a peer mentor as soon as the trial date is set, not the week before.",
    "Tell frontline staff what is coming before they read it in the newspaper.",
    "Plan for national coverage even when the case looks local; the story travelled further than we expected.",
    "Write the statement for families and the public first, then the one for the press.",
    "Keep scrutiny members briefed through the review, not only at the end.",
    "Share the timetable with the LGA earlier, so support can be arranged in time.",
)
_OFFERS = ((OfferingOrganisation.LGA, OfferKind.PEER_MENTOR), (OfferingOrganisation.LGA, OfferKind.MEDIA_ADVICE),
           (OfferingOrganisation.ADCS, OfferKind.DIRECTOR_SUPPORT),
           (OfferingOrganisation.LABOUR_GROUP, OfferKind.PEER_MENTOR),
           (OfferingOrganisation.CONSERVATIVE_GROUP, OfferKind.COMMS_SUPPORT))
_KINDS = (AlertKind.CSPR, AlertKind.TRIAL, AlertKind.INQUEST, AlertKind.CSPR, AlertKind.OFSTED, AlertKind.TRIAL)
DEMO_LESSON_COUNT = 12
_SHARED = frozenset({OrgType.LGA, OrgType.ADCS})
_SHARED_WIDELY = _SHARED | {OrgType.COUNCIL}


def demo_lessons(clock: Clock) -> list[Lesson]:
    """The demo's invented lessons, each recorded by the fictional council it is about."""
    now = clock.now()
    lessons = []
    for i in range(DEMO_LESSON_COUNT):
        council = DEMO_COUNCILS[i % len(DEMO_COUNCILS)]
        expected = (MediaInterest.LOCAL, MediaInterest.REGIONAL, MediaInterest.NATIONAL)[i % 3]
        coverage = (Coverage.LOCAL, Coverage.NATIONAL, Coverage.REGIONAL, Coverage.NONE)[i % 4]
        reviews = tuple(
            OfferReview(new_id(), org, kind, accepted=(i + j) % 4 != 3,
                        usefulness=None if (i + j) % 4 == 3 else 3 + (i + 2 * j + 1) % 3,
                        comment="Made a real difference." if (i + j) % 3 == 0 else "")
            for j, (org, kind) in enumerate(_OFFERS[i % 3: i % 3 + 2 + i % 2])
        )
        when = now - timedelta(days=20 + 27 * i)
        lessons.append(Lesson(
            alert_id=new_id(), reference=f"DEMO-{when.year}-{90 + i:04d}", council=council.ons_code,
            kind=_KINDS[i % len(_KINDS)], expected=expected, coverage=coverage, offers=reviews,
            helped=_HELPED[i % len(_HELPED)], do_differently=_DIFFERENTLY[(i * 5) % len(_DIFFERENTLY)],
            may_share=i % 5 != 4, sharing=_SHARED_WIDELY if i % 2 else _SHARED,
            origin_office=f"demo-office-{i}", recorded_by=f"{council.name} (fictional)", created_at=when,
            updated_at=when, revision=1,
        ))
    return lessons


def add_demo_lessons(repo: LessonRepository, clock: Clock) -> int:
    """Store the demo's lessons as received (in the caller's transaction); return how many."""
    return repo.insert_many((x, LessonLineage(lesson_version(x), ())) for x in demo_lessons(clock))
