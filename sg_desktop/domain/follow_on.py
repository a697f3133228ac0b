"""Which milestones usually move when an earlier one does: an adjourned trial takes its verdict and sentencing
with it, a review completed late delays its publication.

When one milestone's date moves, the editor offers to move the alert's later milestones by the same number
of days. `follow_ons` lists them, each ticked when its kind follows the moved one in the usual order of a
case (`follows`) and its date is not confirmed: a confirmed date stays where it is unless the officer says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta

from sg_desktop.domain.enums import DateConfidence, MilestoneKind
from sg_desktop.domain.model import Milestone
from sg_desktop.domain.validation import EARLIEST, LATEST

__all__ = ["FOLLOWERS", "FollowOn", "follow_ons", "follows"]

_K = MilestoneKind

# The order things happen in each kind of case. A publication that waits on the trial (a practice review
# held back until after the verdict) moves with the trial; the reporting restriction is lifted after it.
_ORDERS: tuple[tuple[MilestoneKind, ...], ...] = (
    (_K.TRIAL_START, _K.VERDICT, _K.SENTENCING, _K.RESTRICTION_LIFTED),
    (_K.TRIAL_START, _K.VERDICT, _K.SENTENCING, _K.PUBLICATION, _K.REPORT_PUBLISHED),
    (_K.REVIEW_COMPLETED, _K.PUBLICATION, _K.REPORT_PUBLISHED),
    (_K.INQUEST, _K.REPORT_PUBLISHED),
)


def _followers(orders: Iterable[tuple[MilestoneKind, ...]]) -> dict[MilestoneKind, frozenset[MilestoneKind]]:
    found: dict[MilestoneKind, set[MilestoneKind]] = {kind: set() for kind in MilestoneKind}
    for order in orders:
        for i, earlier in enumerate(order):
            found[earlier].update(order[i + 1 :])
    return {kind: frozenset(later) for kind, later in found.items()}


FOLLOWERS: Mapping[MilestoneKind, frozenset[MilestoneKind]] = _followers(_ORDERS)
"""For each kind of milestone, the kinds that usually come after it in the same case (and move with it)."""


def follows(later: MilestoneKind, earlier: MilestoneKind) -> bool:
    """Whether a milestone of kind `later` usually waits on one of kind `earlier` (a verdict on the trial)."""
    return later in FOLLOWERS[earlier]


@dataclass(frozen=True)
class FollowOn:
    """A later milestone that could move with the moved one: where it would go, and whether it is ticked."""

    milestone: Milestone
    new_date: date
    ticked: bool


def follow_ons(milestones: Iterable[Milestone], moved: Milestone, old_date: date) -> tuple[FollowOn, ...]:
    """The milestones dated after `old_date` (or on it, when they follow `moved`), other than `moved`, each
    shifted by as many days as `moved` went from `old_date` to its date now; earliest first.

    Ticked: those whose kind follows the moved one's and whose date is not confirmed. Nothing is offered
    when the date did not move. A milestone the shift would take outside the dates an alert may hold is
    left out: it cannot go there.
    """
    shift: timedelta = moved.date - old_date
    if not shift:
        return ()
    later = sorted(
        (m for m in milestones if m.id != moved.id and _later(m, moved, old_date)),
        key=lambda m: (m.date, m.time or time.min),
    )
    offered = []
    for m in later:
        new_date = _shifted(m.date, shift)
        if new_date is not None:
            ticked = follows(m.kind, moved.kind) and m.confidence != DateConfidence.CONFIRMED
            offered.append(FollowOn(m, new_date, ticked))
    return tuple(offered)


def _later(m: Milestone, moved: Milestone, old_date: date) -> bool:
    # On the same day, a milestone that waits on the moved one (the verdict of a one-day trial) comes after it.
    return m.date > old_date or (m.date == old_date and follows(m.kind, moved.kind))


def _shifted(day: date, shift: timedelta) -> date | None:
    try:
        moved = day + shift
    except OverflowError:
        return None
    return moved if EARLIEST <= moved <= LATEST else None
