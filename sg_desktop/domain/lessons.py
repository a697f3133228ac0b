"""Lessons learned on closing: an office's short, structured, non-identifying review of how a case went.

A lesson is about one alert, and each office records at most one lesson on an alert (its own view; the LGA
and the council may each record theirs). It says how the media coverage compared with what was expected,
how each support offer went (taken up or not, how useful, a sentence), what helped, what did not, what the
council would do differently, and whether it may be quoted in the "what works" digest. It carries what the
digest needs of its alert (reference, council, kind, expected interest, each offer's organisation and kind),
so it can travel to offices that do not hold the alert and be counted there.

Only the office that recorded a lesson edits it; other offices keep the copy they were sent. A lesson has
its own sharing scope, by default the LGA and ADCS, and, as for alerts, the office of the council it is
about may always receive it. The identifying-data guard applies to every text, and no text may hold a
control character.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    Coverage,
    MediaInterest,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
    OrgType,
)
from sg_desktop.domain.errors import Problem, ValidationError
from sg_desktop.domain.identifying import FieldFinding, scan_fields
from sg_desktop.domain.model import Alert, new_id
from sg_desktop.domain.validation import MAX_OFFERS, control_problem

__all__ = [
    "DEFAULT_LESSON_SHARING",
    "MAX_COMMENT",
    "MAX_LESSON_TEXT",
    "USEFULNESS_WORDS",
    "USEFUL_FROM",
    "CoverageVerdict",
    "Lesson",
    "OfferReview",
    "check_lesson",
    "lesson_fields",
    "lesson_refusal",
    "new_lesson",
    "problems_in_lesson",
    "scan_lesson",
    "usefulness_words",
    "verdict_of",
]

DEFAULT_LESSON_SHARING: frozenset[OrgType] = frozenset({OrgType.LGA, OrgType.ADCS})
MAX_LESSON_TEXT = 2000
MAX_COMMENT = 500
USEFULNESS_WORDS: Mapping[int, str] = {
    1: "Not useful", 2: "Of little use", 3: "Of some use", 4: "Useful", 5: "Very useful",
}
USEFUL_FROM = 4
"""An offer rated this or more (out of 5) counts as "found useful" in the digest."""

# An offer taken up, whether or not the work has started or finished (as the briefing report counts it).
_TAKEN_UP = frozenset({OfferStatus.ACCEPTED, OfferStatus.IN_PROGRESS, OfferStatus.COMPLETED})


def usefulness_words(rating: int | None) -> str:
    """ "Useful (4 of 5)", or "Not rated"."""
    return "Not rated" if rating is None else f"{USEFULNESS_WORDS[rating]} ({rating} of 5)"


class CoverageVerdict(StrEnum):
    """How the coverage compared with the alert's expected media interest."""

    LOWER = "lower"
    AS_EXPECTED = "as-expected"
    HIGHER = "higher"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return {"lower": "Less than expected", "as-expected": "As expected", "higher": "More than expected"}[self]


_EXPECTED_REACH = {MediaInterest.LOCAL: 1, MediaInterest.REGIONAL: 2, MediaInterest.NATIONAL: 3}


def verdict_of(expected: MediaInterest, coverage: Coverage) -> CoverageVerdict:
    """How `coverage` compares with the `expected` interest: none < local < regional < national."""
    reach, wanted = coverage.reach, _EXPECTED_REACH[expected]
    if reach < wanted:
        return CoverageVerdict.LOWER
    return CoverageVerdict.AS_EXPECTED if reach == wanted else CoverageVerdict.HIGHER


@dataclass(frozen=True, slots=True)
class OfferReview:
    """How one support offer of the alert went: taken up or not, how useful (1 to 5, None when not rated; only
    an offer taken up is rated) and a sentence. The organisation and kind are the offer's, copied so the
    digest can count them where the alert is not held."""

    offer_id: str
    organisation: OfferingOrganisation
    kind: OfferKind
    accepted: bool
    usefulness: int | None = None
    comment: str = ""

    @property
    def found_useful(self) -> bool:
        """Whether it was rated USEFUL_FROM or more."""
        return self.usefulness is not None and self.usefulness >= USEFUL_FROM


@dataclass(frozen=True)
class Lesson:
    """One office's lessons learned on one alert. `origin_office` is the recording vault's id (it alone edits
    the lesson) and `recorded_by` that office's name; `revision` and the ancestry stored with it merge copies,
    as for alerts."""

    alert_id: str
    reference: str
    council: str  # ONS code
    kind: AlertKind
    expected: MediaInterest
    coverage: Coverage
    offers: tuple[OfferReview, ...] = ()
    helped: str = ""
    did_not_help: str = ""
    do_differently: str = ""
    may_share: bool = False
    sharing: frozenset[OrgType] = DEFAULT_LESSON_SHARING
    id: str = field(default_factory=new_id)
    origin_office: str = ""
    recorded_by: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    revision: int = 0
    deleted: bool = False

    @property
    def verdict(self) -> CoverageVerdict:
        """The coverage against the expectation."""
        return verdict_of(self.expected, self.coverage)

    def same_content(self, other: Lesson) -> bool:
        """Whether `other` says the same as this lesson (what an officer wrote, not when or by whom)."""
        keys = ("alert_id", "coverage", "offers", "helped", "did_not_help", "do_differently", "may_share", "sharing")
        return all(getattr(self, k) == getattr(other, k) for k in keys)


def new_lesson(alert: Alert) -> Lesson:
    """A lesson to fill in on `alert`: coverage as expected, each offer reviewed as its status says, not rated."""
    return Lesson(
        alert_id=alert.id, reference=alert.reference, council=alert.council, kind=alert.kind,
        expected=alert.media_interest, coverage=Coverage(alert.media_interest.value),
        offers=tuple(OfferReview(o.id, o.organisation, o.kind, o.status in _TAKEN_UP) for o in alert.offers),
    )


def lesson_refusal(alert: Alert, today: date) -> str | None:
    """Why lessons cannot be recorded on `alert` yet, or None: they can once it is closed, or once the day of
    its last milestone has come."""
    if alert.deleted:
        return f"{alert.reference} was deleted; lessons are recorded on alerts that are kept."
    if alert.status is AlertStatus.CLOSED:
        return None
    last = max((m.date for m in alert.milestones), default=None)
    if last is not None and last <= today:
        return None
    when = "it has no milestones" if last is None else f"its last milestone is on {last.day} {last:%B %Y}"
    return (f"Lessons are recorded once an alert is closed or its last milestone has passed; {alert.reference} is "
            f"{alert.status.label.lower()} and {when}.")


def lesson_fields(lesson: Lesson) -> dict[str, str]:
    """Every free text of the lesson by where the officer sees it ("“What helped” answer"), in the form's order."""
    fields = {
        "“What helped” answer": lesson.helped,
        "“What did not help” answer": lesson.did_not_help,
        "“What we would do differently” answer": lesson.do_differently,
    }
    fields.update({f"comment on support offer {i}": r.comment for i, r in enumerate(lesson.offers, 1)})
    return fields


def scan_lesson(lesson: Lesson) -> list[FieldFinding]:
    """Places in the lesson's text that look like they could identify a child."""
    return scan_fields(lesson_fields(lesson))


_TEXTS = (("helped", "What helped"), ("did_not_help", "What did not help"),
          ("do_differently", "What we would do differently"))


def problems_in_lesson(lesson: Lesson) -> list[Problem]:
    """Every rule `lesson` breaks, in the form's order; empty when it may be saved."""
    found: list[Problem] = []
    for i, review in enumerate(lesson.offers, 1):
        where = f"offers[{i}]"
        if review.usefulness is not None and not 1 <= review.usefulness <= 5:
            found.append(Problem(f"{where}.usefulness", f"Support offer {i}'s usefulness must be 1 to 5."))
        if review.usefulness is not None and not review.accepted:
            found.append(Problem(f"{where}.usefulness",
                                 f"Support offer {i} was not taken up, so it cannot be rated for usefulness."))
        if len(review.comment) > MAX_COMMENT:
            found.append(Problem(f"{where}.comment", f"The comment on support offer {i} is {len(review.comment)} "
                                 f"characters; keep it to {MAX_COMMENT}."))
        wrong = control_problem(review.comment)
        if wrong:
            found.append(Problem(f"{where}.comment", f"The comment on support offer {i} {wrong}."))
    if len(lesson.offers) > MAX_OFFERS:
        found.append(Problem("offers", f"A lesson can review at most {MAX_OFFERS} support offers."))
    if len({r.offer_id for r in lesson.offers}) != len(lesson.offers):
        found.append(Problem("offers", "A support offer is reviewed twice; review each offer once."))
    for key, name in _TEXTS:
        text: str = getattr(lesson, key)
        if len(text) > MAX_LESSON_TEXT:
            found.append(Problem(key, f"“{name}” is {len(text)} characters; keep it to {MAX_LESSON_TEXT}."))
        wrong = control_problem(text, multiline=True)
        if wrong:
            found.append(Problem(key, f"“{name}” {wrong}."))
    return found


def check_lesson(lesson: Lesson) -> None:
    """Raise ValidationError listing every broken rule, or return when `lesson` may be saved."""
    found = problems_in_lesson(lesson)
    if found:
        raise ValidationError(found)
