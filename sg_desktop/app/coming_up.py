"""Coming up: what an officer should see on unlocking, for the days ahead set in Preferences.

Four parts: the milestones within the horizon, week by week; support offers due a follow-up (or overdue);
estimated dates within four weeks ("ask for a confirmed date"); and alerts of national media interest with
no support offered yet. Each line carries its alert's id and reference, so the panel can open it. Closed
and deleted alerts are left out. A large vault lists the first `LINES_PER_PART` lines of each part and
counts the rest, so the panel opens as fast over 100,000 alerts as over a hundred.

The tray's words come from `counts()` alone (`tray_text`): never a reference, council or title.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sg_desktop.app.alerts import AlertService, OverAlerts
from sg_desktop.domain.forward import MilestoneRow, week_of
from sg_desktop.domain.outlook import CONFIRM_WITHIN_DAYS, FollowUp, OutlookCounts, UnsupportedAlert, tray_text
from sg_desktop.store.outlook import OutlookRepository

__all__ = [
    "CONFIRM_WITHIN_DAYS",
    "LINES_PER_PART",
    "ComingUp",
    "ComingUpService",
    "FollowUp",
    "MilestoneRow",
    "OutlookCounts",
    "UnsupportedAlert",
    "Week",
    "tray_text",
]

# More lines than an officer reads in one sitting; the rest are counted ("and 1,200 more").
LINES_PER_PART = 200


@dataclass(frozen=True)
class Week:
    """One week of milestones: its Monday, the milestones listed, and how many fall in it in all."""

    monday: date
    milestones: tuple[MilestoneRow, ...]
    total: int


@dataclass(frozen=True)
class ComingUp:
    """The coming-up panel's content on `today`, for `horizon_days` days ahead (today included)."""

    today: date
    horizon_days: int
    weeks: tuple[Week, ...]
    milestones_total: int
    milestones_this_week: int
    follow_ups: tuple[FollowUp, ...]
    follow_ups_total: int
    to_confirm: tuple[MilestoneRow, ...]
    to_confirm_total: int
    unsupported: tuple[UnsupportedAlert, ...]
    unsupported_total: int

    @property
    def last_day(self) -> date:
        """The last day the horizon covers."""
        return self.today + timedelta(days=self.horizon_days)

    @property
    def is_empty(self) -> bool:
        """Whether nothing at all is coming up."""
        return not (self.milestones_total or self.follow_ups_total or self.to_confirm_total or self.unsupported_total)

    def counts(self) -> OutlookCounts:
        """How many of each part (for the tray)."""
        return OutlookCounts(self.horizon_days, self.milestones_this_week, self.milestones_total,
                             self.follow_ups_total, self.to_confirm_total, self.unsupported_total)


class ComingUpService(OverAlerts):
    """Builds the coming-up content of one unlocked vault."""

    def __init__(self, outlook: OutlookRepository, alerts: AlertService) -> None:
        super().__init__(alerts)
        self._repo = outlook

    def content(self, horizon_days: int, lines: int = LINES_PER_PART) -> ComingUp:
        """What is coming up in the next `horizon_days` days, at most `lines` lines to each part."""
        today = self._alerts.today()
        days = max(0, horizon_days)
        last = today + timedelta(days=days)
        per_day = self._repo.milestones_by_day(today, last)
        listed = self._repo.milestones(today, last, lines)
        confirm_last = today + timedelta(days=CONFIRM_WITHIN_DAYS)
        return ComingUp(
            today=today,
            horizon_days=days,
            weeks=_weeks(listed, per_day),
            milestones_total=sum(per_day.values()),
            milestones_this_week=_this_week(per_day, today),
            follow_ups=tuple(self._repo.follow_ups_due(today, lines)),
            follow_ups_total=self._repo.count_follow_ups_due(today),
            to_confirm=tuple(self._repo.milestones(today, confirm_last, lines, estimated=True)),
            to_confirm_total=sum(self._repo.milestones_by_day(today, confirm_last, estimated=True).values()),
            unsupported=tuple(self._repo.national_without_offer(lines)),
            unsupported_total=self._repo.count_national_without_offer(),
        )

    def counts(self, horizon_days: int) -> OutlookCounts:
        """Only the counts of `content(horizon_days)`, without reading any line."""
        return self.content(horizon_days, lines=0).counts()

    def attention_ids(self, horizon_days: int) -> frozenset[str]:
        """An identifier for every thing `content(horizon_days)` would list (all of it, not one page), so the
        tray can tell when something new has come into view. Record ids only, no text."""
        today = self._alerts.today()
        return self._repo.attention_ids(today, today + timedelta(days=max(0, horizon_days)),
                                        today + timedelta(days=CONFIRM_WITHIN_DAYS))


def _this_week(per_day: dict[date, int], today: date) -> int:
    sunday = week_of(today) + timedelta(days=6)
    return sum(n for day, n in per_day.items() if today <= day <= sunday)


def _weeks(listed: Iterable[MilestoneRow], per_day: dict[date, int]) -> tuple[Week, ...]:
    totals: Counter[date] = Counter()
    for day, n in per_day.items():
        totals[week_of(day)] += n
    grouped: dict[date, list[MilestoneRow]] = {}
    for row in listed:
        grouped.setdefault(week_of(row.date), []).append(row)
    # Every week with a milestone, listed or not, so the panel can count the ones past the page.
    return tuple(Week(monday, tuple(grouped.get(monday, ())), totals[monday]) for monday in sorted(totals))
