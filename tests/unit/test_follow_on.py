"""Which later milestones move with a moved one, and which are ticked to, read as tables."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sg_desktop.domain.enums import DateConfidence, MilestoneKind
from sg_desktop.domain.follow_on import FOLLOWERS, follow_ons, follows
from sg_desktop.domain.model import Milestone

K = MilestoneKind
PROVISIONAL, CONFIRMED = DateConfidence.PROVISIONAL, DateConfidence.CONFIRMED

# (later, earlier, whether `later` usually waits on `earlier`)
ORDER_TABLE = [
    (K.VERDICT, K.TRIAL_START, True),
    (K.SENTENCING, K.TRIAL_START, True),
    (K.SENTENCING, K.VERDICT, True),
    (K.PUBLICATION, K.TRIAL_START, True),  # a review's publication held back until after the trial
    (K.RESTRICTION_LIFTED, K.TRIAL_START, True),
    (K.RESTRICTION_LIFTED, K.VERDICT, True),
    (K.RESTRICTION_LIFTED, K.SENTENCING, True),
    (K.PUBLICATION, K.REVIEW_COMPLETED, True),
    (K.REPORT_PUBLISHED, K.REVIEW_COMPLETED, True),
    (K.REPORT_PUBLISHED, K.PUBLICATION, True),
    (K.REPORT_PUBLISHED, K.INQUEST, True),
    (K.TRIAL_START, K.VERDICT, False),  # never backwards
    (K.VERDICT, K.SENTENCING, False),
    (K.REVIEW_COMPLETED, K.PUBLICATION, False),
    (K.VERDICT, K.REVIEW_COMPLETED, False),  # a review does not set the court's timetable
    (K.SENTENCING, K.INQUEST, False),
    (K.RESTRICTION_LIFTED, K.INQUEST, False),
    (K.VERDICT, K.VERDICT, False),  # two of a kind are two events, neither waits on the other
    (K.OTHER, K.TRIAL_START, False),  # nothing is known about "other"
    (K.VERDICT, K.OTHER, False),
]


@pytest.mark.parametrize(("later", "earlier", "expected"), ORDER_TABLE)
def test_which_kinds_follow_which(later: MilestoneKind, earlier: MilestoneKind, expected: bool) -> None:
    assert follows(later, earlier) is expected


def test_every_kind_has_its_followers_and_none_follows_itself() -> None:
    assert set(FOLLOWERS) == set(MilestoneKind)
    assert all(kind not in later for kind, later in FOLLOWERS.items())
    assert FOLLOWERS[K.OTHER] == frozenset()
    assert FOLLOWERS[K.RESTRICTION_LIFTED] == frozenset()


TRIAL = Milestone(K.TRIAL_START, date(2027, 2, 1), CONFIRMED)
VERDICT = Milestone(K.VERDICT, date(2027, 2, 15), PROVISIONAL)
SENTENCING = Milestone(K.SENTENCING, date(2027, 3, 15), DateConfidence.ESTIMATED)
LIFTED = Milestone(K.RESTRICTION_LIFTED, date(2027, 3, 16), CONFIRMED)
OTHER = Milestone(K.OTHER, date(2027, 4, 1), PROVISIONAL)
BEFORE = Milestone(K.OTHER, date(2027, 1, 10), PROVISIONAL)
SAME_DAY = Milestone(K.VERDICT, date(2027, 2, 1), PROVISIONAL)
SAME_DAY_OTHER = Milestone(K.INQUEST, date(2027, 2, 1), PROVISIONAL)

# (what moved, from which date, by how many days, the alert's other milestones,
#  the offer as (milestone, days it would move, ticked), earliest first)
OFFER_TABLE = [
    pytest.param(
        TRIAL, 14, (SENTENCING, VERDICT, BEFORE),
        [(VERDICT, True), (SENTENCING, True)],
        id="an adjourned trial takes its verdict and sentencing, not what came before",
    ),
    pytest.param(
        TRIAL, 14, (VERDICT, LIFTED, OTHER),
        [(VERDICT, True), (LIFTED, False), (OTHER, False)],
        id="a confirmed date or a kind that does not follow is listed but not ticked",
    ),
    pytest.param(
        TRIAL, -7, (VERDICT, SENTENCING),
        [(VERDICT, True), (SENTENCING, True)],
        id="brought forward, the later ones come forward as far",
    ),
    pytest.param(
        TRIAL, 14, (SAME_DAY, SAME_DAY_OTHER, BEFORE),
        [(SAME_DAY, True)],
        id="on the old date itself, only what follows it comes after it",
    ),
    pytest.param(VERDICT, 7, (TRIAL, BEFORE), [], id="nothing after it, nothing offered"),
    pytest.param(TRIAL, 0, (VERDICT,), [], id="a date that did not move offers nothing"),
    pytest.param(
        SENTENCING, 30, (TRIAL, VERDICT, LIFTED),
        [(LIFTED, False)],
        id="the restriction lifted follows sentencing, but a confirmed date is never ticked",
    ),
]


@pytest.mark.parametrize(("moved", "days", "others", "expected"), OFFER_TABLE)
def test_the_later_milestones_offered(
    moved: Milestone, days: int, others: tuple[Milestone, ...], expected: list[tuple[Milestone, bool]]
) -> None:
    shift = timedelta(days=days)
    now = Milestone(moved.kind, moved.date + shift, moved.confidence, id=moved.id)
    offered = follow_ons((now, *others), now, moved.date)
    assert [(o.milestone, o.new_date, o.ticked) for o in offered] == [
        (m, m.date + shift, ticked) for m, ticked in expected
    ]


def test_a_milestone_the_shift_would_take_past_the_last_date_allowed_is_left_out() -> None:
    late = Milestone(K.VERDICT, date(2100, 12, 20))
    trial = Milestone(K.TRIAL_START, date(2100, 12, 1))
    moved = Milestone(K.TRIAL_START, date(2100, 12, 29), id=trial.id)
    assert follow_ons((moved, late), moved, trial.date) == ()
