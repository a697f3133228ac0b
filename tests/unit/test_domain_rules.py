"""Validation, urgency, next milestone, date history, office prefixes and passphrase rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from sg_desktop.domain.enums import (
    AlertKind,
    DateConfidence,
    MediaInterest,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
    OrgType,
    parse_enum,
)
from sg_desktop.domain.errors import ValidationError
from sg_desktop.domain.history import carry_history
from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.domain.office import OfficeProfile, default_prefix
from sg_desktop.domain.passphrase import passphrase_problem, strength_bits
from sg_desktop.domain.urgency import UrgencyLevel, assess
from sg_desktop.domain.validation import MAX_TITLE, check_alert, problems_in_alert

TODAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 10, tzinfo=UTC)


def alert(**changes: object) -> Alert:
    base = Alert(council="E06000041", kind=AlertKind.TRIAL, title="Trial listed at the Crown Court")
    return replace(base, **changes)  # type: ignore[arg-type]


def ms(kind: MilestoneKind, day: date, conf: DateConfidence = DateConfidence.CONFIRMED) -> Milestone:
    return Milestone(kind=kind, date=day, confidence=conf)


# -- validation ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": ""}, "title", "short title"),
        ({"title": "   "}, "title", "short title"),
        ({"title": "x" * (MAX_TITLE + 1)}, "title", f"keep it to {MAX_TITLE}"),
        ({"title": "two\nlines"}, "title", "single line"),
        ({"council": ""}, "council", "Choose the council"),
        ({"summary": "s" * 2001}, "summary", "keep it to 2000"),
        ({"milestones": (ms(MilestoneKind.REVIEW_COMPLETED, date(2027, 3, 1)),
                         ms(MilestoneKind.PUBLICATION, date(2027, 2, 1)))},
         "milestones", "publication date is before the review is completed"),
        ({"milestones": (ms(MilestoneKind.TRIAL_START, date(2027, 3, 1)),
                         ms(MilestoneKind.VERDICT, date(2027, 2, 1)))},
         "milestones", "verdict is dated before the trial starts"),
        ({"milestones": (ms(MilestoneKind.PUBLICATION, date(1926, 3, 1)),)}, "milestones[1]", "outside 2000–2100"),
        ({"offers": (SupportOffer(OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEADER,
                                  offered_on=date(2027, 1, 10), follow_up_on=date(2027, 1, 1)),)},
         "offers[1]", "follow-up date before the offer"),
    ],
)
def test_each_broken_rule_is_named_in_words(changes: dict[str, object], field: str, words: str) -> None:
    problems = problems_in_alert(alert(**changes))
    assert [p.field for p in problems] == [field]
    assert words in problems[0].message


def test_a_sound_alert_has_no_problems_and_unknown_councils_are_refused() -> None:
    good = alert(milestones=(ms(MilestoneKind.REVIEW_COMPLETED, date(2027, 1, 5)),
                             ms(MilestoneKind.PUBLICATION, date(2027, 3, 17))))
    assert problems_in_alert(good) == []
    check_alert(good, lambda code: code == "E06000041")
    with pytest.raises(ValidationError, match="not in the list of English councils"):
        check_alert(good, lambda code: False)


# -- next milestone and urgency -----------------------------------------------------------------

def test_next_milestone_is_the_earliest_on_or_after_today() -> None:
    a = alert(milestones=(ms(MilestoneKind.VERDICT, date(2026, 12, 20)),
                          ms(MilestoneKind.TRIAL_START, date(2026, 11, 1)),
                          ms(MilestoneKind.SENTENCING, TODAY)))
    nxt = a.next_milestone(TODAY)
    assert nxt is not None and nxt.kind is MilestoneKind.SENTENCING
    assert alert().next_milestone(TODAY) is None


@pytest.mark.parametrize(
    ("days", "confidence", "media", "level"),
    [
        (3, DateConfidence.CONFIRMED, MediaInterest.LOCAL, UrgencyLevel.CRITICAL),
        (10, DateConfidence.CONFIRMED, MediaInterest.LOCAL, UrgencyLevel.HIGH),
        (10, DateConfidence.CONFIRMED, MediaInterest.NATIONAL, UrgencyLevel.CRITICAL),  # national: nearer
        (7, DateConfidence.ESTIMATED, MediaInterest.LOCAL, UrgencyLevel.HIGH),  # soft date: further
        (25, DateConfidence.CONFIRMED, MediaInterest.LOCAL, UrgencyLevel.MEDIUM),
        (25, DateConfidence.ESTIMATED, MediaInterest.LOCAL, UrgencyLevel.LOW),
        (90, DateConfidence.CONFIRMED, MediaInterest.NATIONAL, UrgencyLevel.LOW),
    ],
)
def test_urgency_weights_days_by_confidence_and_media(
    days: int, confidence: DateConfidence, media: MediaInterest, level: UrgencyLevel
) -> None:
    a = alert(media_interest=media,
              milestones=(ms(MilestoneKind.TRIAL_START, date.fromordinal(TODAY.toordinal() + days), confidence),))
    u = assess(a, TODAY)
    assert (u.days, u.level) == (days, level)
    assert u.level.label  # every band has a word, so colour is never the only cue


def test_no_milestone_ahead_means_no_urgency() -> None:
    u = assess(alert(milestones=(ms(MilestoneKind.VERDICT, date(2026, 1, 1)),)), TODAY)
    assert u.level is UrgencyLevel.NONE and u.milestone is None and u.level.label == "No date ahead"


# -- history -------------------------------------------------------------------------------------

def test_moving_a_milestone_keeps_the_old_date_in_its_history() -> None:
    m = ms(MilestoneKind.PUBLICATION, date(2027, 3, 3), DateConfidence.PROVISIONAL)
    moved = m.moved(date(2027, 3, 17), DateConfidence.CONFIRMED, NOW)
    assert moved.date == date(2027, 3, 17) and len(moved.history) == 1
    assert moved.history[0].describe(m.kind) == (
        "Publication moved from 3 March 2027 to 17 March 2027 (provisional → confirmed)"
    )
    assert m.moved(m.date, m.confidence, NOW) is m


def test_carry_history_records_moves_made_without_it_and_not_twice() -> None:
    m = ms(MilestoneKind.VERDICT, date(2027, 1, 10))
    old = alert(milestones=(m,))
    edited = alert(milestones=(replace(m, date=date(2027, 2, 1)),), id=old.id)
    carried = carry_history(old, edited, NOW)
    assert [(h.old_date, h.new_date) for h in carried.milestones[0].history] == [
        (date(2027, 1, 10), date(2027, 2, 1))
    ]
    already = alert(milestones=(m.moved(date(2027, 2, 1), m.confidence, NOW),), id=old.id)
    assert len(carry_history(old, already, NOW).milestones[0].history) == 1
    same = carry_history(old, old, NOW)
    assert same.milestones[0].history == ()


# -- enums, office, passphrase --------------------------------------------------------------------

def test_enums_read_values_names_and_labels_and_list_choices_when_unknown() -> None:
    assert parse_enum(AlertKind, "Criminal trial", "kind") is AlertKind.TRIAL
    assert parse_enum(OfferStatus, "IN_PROGRESS", "status") is OfferStatus.IN_PROGRESS
    assert parse_enum(OrgType, "group office", "org") is OrgType.GROUP_OFFICE
    with pytest.raises(ValueError, match="use one of: cspr, trial"):
        parse_enum(AlertKind, "hearing", "kind")


@pytest.mark.parametrize(
    ("name", "org", "prefix"),
    [
        ("Local Government Association", OrgType.LGA, "LGA"),
        ("ADCS", OrgType.ADCS, "ADCS"),
        ("Wokingham Borough Council", OrgType.COUNCIL, "WBC"),
        ("Office of the Labour Group", OrgType.GROUP_OFFICE, "OLG"),
        ("X", OrgType.OTHER, "SG"),
    ],
)
def test_reference_prefix_defaults_from_the_office(name: str, org: OrgType, prefix: str) -> None:
    assert default_prefix(name, org) == prefix


def test_office_profile_rules() -> None:
    with pytest.raises(ValidationError, match="Choose which council"):
        OfficeProfile("Wokingham Borough Council", OrgType.COUNCIL)
    with pytest.raises(ValidationError, match="2 to 8 capital letters"):
        OfficeProfile("LGA", OrgType.LGA, reference_prefix="lga-1")
    assert OfficeProfile("Local Government Association", OrgType.LGA, reference_prefix="LGAX").prefix == "LGAX"


def test_passphrase_rules_and_strength() -> None:
    assert passphrase_problem("short") is not None
    assert passphrase_problem(" leading space here") is not None
    assert passphrase_problem("aaaaaaaaaaaaaa") is not None
    assert passphrase_problem("correct horse battery staple") is None
    assert strength_bits("correct horse battery staple") > strength_bits("password12") > 0
    assert strength_bits("") == 0
