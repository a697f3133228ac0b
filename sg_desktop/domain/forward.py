"""The forward look: milestones in a range of weeks, the weeks themselves, and the weeks that clash.

Pure functions over small rows; the vault finds the rows in SQL (`ForwardService.milestones`), so the same
answers serve the timeline, the coming-up panel, the briefing report, the calendar and the dashboard.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, time, timedelta
from typing import NamedTuple

from sg_desktop.domain.enums import AlertKind, AlertStatus, DateConfidence, MediaInterest, MilestoneKind

__all__ = ["CLASH_AT", "MilestoneRow", "clash_weeks", "week_of", "weeks_from"]

# Two or more milestones of national interest in one week is a clash: the sector's press offices and
# leaders can prepare for one national story a week, not several at once.
CLASH_AT = 2


class MilestoneRow(NamedTuple):
    """One milestone with what the forward look shows of its alert (no summary, no notes).

    A named tuple: a 12-week view of a large vault builds thousands of these.
    """

    alert_id: str
    reference: str
    council: str  # ONS code
    alert_kind: AlertKind
    title: str
    status: AlertStatus
    media_interest: MediaInterest
    milestone_id: str
    kind: MilestoneKind
    date: date
    confidence: DateConfidence
    time: time | None
    open_offers: int


def week_of(day: date) -> date:
    """The Monday that starts the week `day` is in."""
    return day - timedelta(days=day.weekday())


def weeks_from(first: date, count: int) -> list[date]:
    """The Mondays of `count` weeks, starting with the week `first` is in."""
    start = week_of(first)
    return [start + timedelta(weeks=i) for i in range(max(0, count))]


def clash_weeks(rows: Iterable[MilestoneRow], at_least: int = CLASH_AT) -> dict[date, int]:
    """Each week (its Monday) holding `at_least` milestones of national media interest, with how many."""
    counts = Counter(week_of(r.date) for r in rows if r.media_interest is MediaInterest.NATIONAL)
    return {week: n for week, n in sorted(counts.items()) if n >= at_least}
