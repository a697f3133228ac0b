"""The forward look's use cases: which milestones fall in the weeks ahead, and which of those weeks clash.

The timeline, the coming-up panel, the briefing report, the calendar and the dashboard all start here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sg_desktop.app.alerts import AlertService, OverAlerts
from sg_desktop.domain.enums import AlertKind
from sg_desktop.domain.forward import AlertHead, Mark, MilestoneRow, clash_weeks, week_of, weeks_from
from sg_desktop.domain.query import AlertQuery
from sg_desktop.store.forward import ForwardRepository

__all__ = ["AlertHead", "ForwardService", "Mark", "MilestoneRow", "clash_weeks", "week_of", "weeks_from"]


class ForwardService(OverAlerts):
    """Milestones by date in one unlocked vault."""

    def __init__(self, forward: ForwardRepository, alerts: AlertService) -> None:
        super().__init__(alerts)
        self._repo = forward

    def milestones(self, query: AlertQuery, first: date, last: date) -> list[MilestoneRow]:
        """Every milestone from `first` to `last` (both included) of an alert `query` keeps (its search, council,
        kind, status and media filters; not its "next milestone within"), by date, time and reference."""
        return self._repo.milestones_between(query, self._alerts.today(), first, last)

    def weeks(self, query: AlertQuery, first_week: date, count: int) -> list[MilestoneRow]:
        """The milestones of `count` weeks, starting with the week `first_week` is in."""
        start = week_of(first_week)
        return self.milestones(query, start, start + timedelta(weeks=max(0, count)) - timedelta(days=1))

    # -- the timeline's light reading ------------------------------------------------------------------------

    def marks(self, query: AlertQuery, first: date, last: date) -> list[Mark]:
        """The milestones `milestones` gives, in its order, as marks (no words: see `heads` and `rows_of`)."""
        return self._repo.marks_between(query, self._alerts.today(), first, last)

    def heads(self, alerts: Iterable[int]) -> dict[int, AlertHead]:
        """The id, reference and title of each alert (by the rowid in its marks)."""
        return self._repo.heads(alerts)

    def groups(self, alerts: Iterable[int]) -> dict[int, tuple[str, AlertKind]]:
        """The council (ONS code) and kind of each alert (by the rowid in its marks)."""
        return self._repo.groups(alerts)

    def rows_of(self, milestones: Iterable[int]) -> dict[int, MilestoneRow]:
        """The full row of each milestone (by the rowid in its mark)."""
        return self._repo.rows_of(milestones)
