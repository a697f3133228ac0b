"""The dashboard: the vault's live alerts, milestones and support offers counted, as charts of bars.

Each bar knows which filter of the log shows what it counts (`LogFilter`), or that the log has none; the
window draws the bars and applies the filter. Counting is done in SQL (`OutlookRepository.dashboard`), so
the figures come as fast over 100,000 alerts as over a hundred.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sg_desktop.app.alerts import AlertService
from sg_desktop.domain.councils import REGIONS
from sg_desktop.domain.enums import AlertKind, AlertStatus, MediaInterest, OfferStatus
from sg_desktop.domain.outlook import LIVE_STATUSES, DashboardCounts
from sg_desktop.store.outlook import OutlookRepository

__all__ = ["UNKNOWN_REGION", "Bar", "Chart", "Dashboard", "DashboardCounts", "DashboardService", "LogFilter"]

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
class Dashboard:
    """The charts, as of `today`, and the counts they were drawn from."""

    today: date
    charts: tuple[Chart, ...]
    counts: DashboardCounts

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
        return Dashboard(today, _charts(counts, self._regions(counts)), counts)

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
