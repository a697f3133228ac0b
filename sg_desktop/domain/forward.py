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

__all__ = [
    "CLASH_AT",
    "CONFIDENCES",
    "MEDIA_INTERESTS",
    "AlertHead",
    "Mark",
    "MilestoneRow",
    "clash_weeks",
    "mark_code",
    "mark_confidence",
    "mark_day",
    "mark_media",
    "monday_of",
    "week_of",
    "weeks_from",
]

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


# -- The timeline's light reading ---------------------------------------------------------------------------
# Twelve weeks of a large vault hold tens of thousands of milestones, but only the alerts on screen need their
# words. The timeline first reads each milestone as a `Mark` of three integers (its alert's rowid, its own
# rowid, and a code of its day, confidence and media interest), then the heads of the alerts it shows.

Mark = tuple[int, int, int]
"""A milestone as the timeline places it: (alert rowid, milestone rowid, `mark_code`)."""

CONFIDENCES: tuple[DateConfidence, ...] = tuple(DateConfidence)
MEDIA_INTERESTS: tuple[MediaInterest, ...] = tuple(MediaInterest)


class AlertHead(NamedTuple):
    """What the timeline shows of one alert beside its line."""

    alert_id: str
    reference: str
    title: str


def mark_code(day: date, confidence: DateConfidence, media: MediaInterest) -> int:
    """A milestone's day (its ordinal), confidence and its alert's media interest in one integer."""
    return day.toordinal() * 16 + CONFIDENCES.index(confidence) * 4 + MEDIA_INTERESTS.index(media)


def mark_day(code: int) -> int:
    """The day (its ordinal) of a mark's code."""
    return code >> 4


def mark_confidence(code: int) -> DateConfidence:
    """How sure the date of a mark's code is."""
    return CONFIDENCES[(code >> 2) & 3]


def mark_media(code: int) -> MediaInterest:
    """The media interest of a mark's alert."""
    return MEDIA_INTERESTS[code & 3]


def monday_of(day: int) -> int:
    """The ordinal of the Monday that starts the week of ordinal `day` (day 1, 1 January of year 1, a Monday)."""
    return day - (day - 1) % 7
