"""The dashboard: the vault's live alerts, milestones and support offers counted, as charts of bars.

Each bar knows which filter of the log shows what it counts (`LogFilter`), or that the log has none; the
window draws the bars and applies the filter. Beside the charts, the measures an LGA programme manager reports
on (`ProgrammeMeasures`), over every alert kept, closed ones too. Counting is done in SQL
(`OutlookRepository.dashboard`, `.programme`), so the figures come as fast over 100,000 alerts as over a hundred.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date

from sg_desktop.app.alerts import AlertService
from sg_desktop.domain.councils import REGIONS
from sg_desktop.domain.enums import AlertKind, AlertStatus, MediaInterest, OfferStatus
from sg_desktop.domain.outlook import LIVE_STATUSES, DashboardCounts, ProgrammeCounts
from sg_desktop.store.outlook import OutlookRepository

__all__ = [
    "UNKNOWN_REGION",
    "Bar",
    "Chart",
    "Dashboard",
    "DashboardCounts",
    "DashboardService",
    "LogFilter",
    "ProgrammeMeasures",
]

UNKNOWN_REGION = "Council not on the list"


@dataclass(frozen=True)
class LogFilter:
    """A setting of the log's filter bar: one region, kind, status or media interest, or "next milestone within
    N days"; what is None (or 0) is left at "any"."""

    region: str | None = None
    kind: AlertKind | None = None
    status: AlertStatus | None = None
    media: MediaInterest | None = None
    within_days: int = 0


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its count, and the log filter that shows what it counts (None: the log has none).

    `coming_up` marks a bar whose items the coming-up panel lists instead (follow-ups due).
    """

    label: str
    count: int
    filter: LogFilter | None = None
    note: str = ""
    coming_up: bool = False


@dataclass(frozen=True)
class Chart:
    """A titled group of bars, drawn on one scale."""

    title: str
    bars: tuple[Bar, ...]
    name: str  # a stable identifier (object names, tests)


@dataclass(frozen=True)
class ProgrammeMeasures:
    """Days from an alert being logged to its first support offer (the median, over the alerts with an offer made),
    the share of answered offers that were taken up, and the alerts of national interest never offered support."""

    median_days: float | None = None
    alerts_with_offer: int = 0
    offers_answered: int = 0
    offers_accepted: int = 0
    national_never_offered: int = 0

    @classmethod
    def of(cls, counts: ProgrammeCounts) -> ProgrammeMeasures:
        """The measures from the vault's counts."""
        days = counts.days_to_first_offer
        return cls(statistics.median(days) if days else None, len(days), counts.offers_answered,
                   counts.offers_accepted, counts.national_never_offered)

    @property
    def accepted_percent(self) -> int | None:
        """The share of answered offers taken up, in whole percent (None when none was answered)."""
        return round(100 * self.offers_accepted / self.offers_answered) if self.offers_answered else None

    def sentences(self) -> tuple[str, str, str]:
        """The three measures in words, for the dashboard."""
        if self.median_days is None:
            first = "No alert has had a support offer made yet."
        else:
            days = f"{self.median_days:g} day{'' if self.median_days == 1 else 's'}"
            first = (f"Median {days} from an alert being logged to its first support offer "
                     f"(over {self.alerts_with_offer:,} alert{'s' if self.alerts_with_offer != 1 else ''} with one).")
        share = self.accepted_percent
        second = ("No support offer has been answered yet." if share is None else
                  f"{share}% of the offers answered were accepted ({self.offers_accepted:,} of "
                  f"{self.offers_answered:,}).")
        n = self.national_never_offered
        third = (f"{n:,} alert{'s' if n != 1 else ''} of national interest never had an offer made "
                 "(none, or proposals only).")
        return first, second, third


@dataclass(frozen=True)
class Dashboard:
    """The charts, as of `today`, the counts they were drawn from, and the programme's measures."""

    today: date
    charts: tuple[Chart, ...]
    counts: DashboardCounts
    programme: ProgrammeMeasures = field(default_factory=ProgrammeMeasures)

    def chart(self, name: str) -> Chart:
        """The chart called `name` (KeyError when there is none)."""
        for chart in self.charts:
            if chart.name == name:
                return chart
        raise KeyError(name)


class DashboardService:
    """Counts one unlocked vault for the dashboard."""

    def __init__(self, outlook: OutlookRepository, alerts: AlertService) -> None:
        self._repo = outlook
        self._alerts = alerts

    def counts(self) -> DashboardCounts:
        """The figures alone, as of today."""
        return self._repo.dashboard(self._alerts.today())

    def dashboard(self) -> Dashboard:
        """The charts, as of today."""
        today = self._alerts.today()
        counts = self._repo.dashboard(today)
        return Dashboard(today, _charts(counts, self._regions(counts)), counts,
                         ProgrammeMeasures.of(self._repo.programme()))

    def _regions(self, counts: DashboardCounts) -> dict[str, int]:
        directory = self._alerts.councils
        out: dict[str, int] = {}
        for code, n in counts.open_by_council.items():
            council = directory.by_code(code)
            region = council.region if council is not None else UNKNOWN_REGION
            out[region] = out.get(region, 0) + n
        return out


def _charts(counts: DashboardCounts, regions: dict[str, int]) -> tuple[Chart, ...]:
    kinds = Chart("Open alerts by kind", tuple(
        Bar(kind.label, counts.open_by_kind.get(kind, 0), LogFilter(kind=kind)) for kind in AlertKind
    ), "byKind")
    named = [r for r in REGIONS if r in regions] + sorted(r for r in regions if r not in REGIONS)
    by_region = Chart("Open alerts by region", tuple(
        Bar(region, regions[region], LogFilter(region=region) if region in REGIONS else None,
            "" if region in REGIONS else "Alerts about a council the list no longer has")
        for region in named
    ), "byRegion")
    statuses = Chart("Open alerts by status", tuple(
        Bar(status.label, counts.open_by_status.get(status, 0), LogFilter(status=status))
        for status in AlertStatus if status in LIVE_STATUSES
    ), "byStatus")
    milestones = Chart("Milestones ahead", (
        Bar("In the next 7 days", counts.milestones_7, LogFilter(within_days=7),
            "The log shows the alerts whose next milestone falls in these days"),
        Bar("In the next 30 days", counts.milestones_30, LogFilter(within_days=30),
            "The log shows the alerts whose next milestone falls in these days"),
    ), "milestones")
    no_filter = "The log has no filter for support offers"
    offers = Chart("Support offers by status", tuple(
        Bar(status.label, counts.offers_by_status.get(status, 0), None, no_filter) for status in OfferStatus
    ), "offers")
    attention = Chart("Needs attention", (
        Bar("Offers awaiting a reply", counts.awaiting_reply, None, no_filter),
        Bar("Follow-ups due", counts.follow_ups_due, None, "Coming up lists them, each with its alert",
            coming_up=True),
        Bar("National interest, no offer", counts.national_without_offer, LogFilter(media=MediaInterest.NATIONAL),
            "The log shows every alert of national interest; those without an offer have none in Offers"),
    ), "attention")
    return (kinds, by_region, statuses, milestones, offers, attention)
