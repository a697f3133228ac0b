"""The briefing report's content: "Forward look: the next N weeks", as plain data for a page or a printer.

A first page of counts and clash weeks, then week by week each alert with milestones in that week: its
council, kind, those milestones with their dates and how sure each is, its media interest, and the support
offered and accepted. The report carries the highest handling marking of the alerts it holds, when it was
produced and by which office, so that whatever draws it can put them on every page.

Only the alerts with milestones in the chosen weeks are read in full, so a report of a few weeks stays quick
over a large vault. Drawing it (PDF, paper) is the window's business; this module imports no Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sg_desktop.app.session import Session
from sg_desktop.domain.councils import CouncilDirectory
from sg_desktop.domain.enums import AlertKind, DateConfidence, Handling, MediaInterest, OfferStatus
from sg_desktop.domain.errors import SgError
from sg_desktop.domain.forward import MilestoneRow, clash_weeks, week_of, weeks_from
from sg_desktop.domain.model import Alert
from sg_desktop.domain.query import AlertQuery
from sg_desktop.domain.typed_dates import MONTH_NAMES

__all__ = [
    "MAX_WEEKS",
    "BriefingAlert",
    "BriefingMilestone",
    "BriefingOffer",
    "BriefingReport",
    "BriefingWeek",
    "PdfWriter",
    "ReportUnavailable",
    "briefing_report",
    "narrowed",
    "query_words",
    "regions",
]

MAX_WEEKS = 52
# A report of accepted support: the offer was taken up, whether or not the work has started or finished.
_ACCEPTED = frozenset({OfferStatus.ACCEPTED, OfferStatus.IN_PROGRESS, OfferStatus.COMPLETED})


class ReportUnavailable(SgError):
    """The report cannot be drawn here: the desktop libraries that draw it are missing."""


@dataclass(frozen=True)
class BriefingMilestone:
    """One milestone in the week it falls in."""

    kind: str  # its label
    date: date
    time: time | None
    confidence: DateConfidence


@dataclass(frozen=True)
class BriefingOffer:
    """One support offer made to the council (never a proposal not yet put to it)."""

    organisation: str
    kind: str
    offered_to: str
    status: OfferStatus

    @property
    def accepted(self) -> bool:
        """Whether the council took it up."""
        return self.status in _ACCEPTED


@dataclass(frozen=True)
class BriefingAlert:
    """One alert as a week of the report shows it: only its milestones in that week."""

    reference: str
    title: str
    council: str  # the council's name
    region: str
    kind: AlertKind
    media_interest: MediaInterest
    handling: Handling
    milestones: tuple[BriefingMilestone, ...]
    offers: tuple[BriefingOffer, ...]

    @property
    def offered(self) -> int:
        """How many offers were made."""
        return len(self.offers)

    @property
    def accepted(self) -> int:
        """How many of them were accepted."""
        return sum(1 for o in self.offers if o.accepted)


@dataclass(frozen=True)
class BriefingWeek:
    """One week (from its Monday): the alerts with milestones in it (maybe none), and its clash count."""

    monday: date
    alerts: tuple[BriefingAlert, ...]
    clash: int = 0


@dataclass(frozen=True)
class BriefingReport:
    """Everything the report says, in the order it says it."""

    weeks_ahead: int
    first_day: date
    last_day: date
    marking: Handling
    produced_at: datetime
    office: str
    filters: tuple[str, ...]  # the filters applied, in words ("Council: Leeds"); empty for none
    alerts: int  # distinct alerts in the weeks
    milestones: int
    by_confidence: tuple[tuple[DateConfidence, int], ...]
    national: int  # distinct alerts of national media interest
    clashes: tuple[tuple[date, int], ...]
    weeks: tuple[BriefingWeek, ...]

    @property
    def title(self) -> str:
        """"Forward look: the next N weeks"."""
        return f"Forward look: the next {self.weeks_ahead} week{'s' if self.weeks_ahead != 1 else ''}"

    @property
    def produced(self) -> str:
        """"Produced 24 November 2026 10:00 by <office>", in this computer's local time."""
        local = self.produced_at.astimezone()
        return f"Produced {local.day} {MONTH_NAMES[local.month - 1]} {local.year} {local:%H:%M} by {self.office}"

    @property
    def references(self) -> list[str]:
        """The reference of every alert in the report, each once, in the order first listed."""
        return list(dict.fromkeys(a.reference for w in self.weeks for a in w.alerts))


PdfWriter = Callable[[BriefingReport, Path], None]
"""What writes a report as a PDF file (the window's drawing code, handed to the command line by main)."""


def regions(councils: CouncilDirectory) -> list[str]:
    """The regions of the directory's councils, sorted."""
    return sorted({c.region for c in councils})


def narrowed(query: AlertQuery, councils: CouncilDirectory, *, council: str | None = None,
             region: str | None = None, kind: AlertKind | None = None) -> AlertQuery:
    """`query` kept to one council (ONS code), one region and one kind, where given, on top of its filters."""
    codes, kinds = query.councils, query.kinds
    nothing = False  # filters that exclude each other keep no alert
    for wanted in (frozenset({council}) if council else None,
                   frozenset(c.ons_code for c in councils if c.region == region) if region else None):
        if wanted is not None:
            codes = codes & wanted if codes else wanted
            nothing = nothing or not codes
    if kind is not None:
        kinds = kinds & {kind} if kinds else frozenset({kind})
        nothing = nothing or not kinds
    # No council has the empty code: an empty set would mean "any council".
    return replace(query, councils=frozenset({""}) if nothing else codes, kinds=kinds, upcoming_days=None)


def query_words(query: AlertQuery, councils: CouncilDirectory) -> list[str]:
    """The filters `query` holds, in words for the report's first page ("region London", "kind Inquest");
    its "next milestone within" is left out, as the report's weeks are its range."""
    words = []
    if len(query.councils) == 1:
        (code,) = query.councils
        found = councils.by_code(code)
        words.append(f"council {found.name if found else code}")
    elif query.councils:
        whole = [r for r in regions(councils)
                 if query.councils == {c.ons_code for c in councils if c.region == r}]
        words.append(f"region {whole[0]}" if whole else f"{len(query.councils)} councils")
    for what, chosen in (("kind", query.kinds), ("status", query.statuses), ("media interest", query.media)):
        if chosen:
            words.append(f"{what} {', '.join(sorted(m.label for m in chosen))}")
    if query.text:
        words.append(f"search “{query.text}”")
    return words


def briefing_report(session: Session, weeks: int, produced_at: datetime, query: AlertQuery | None = None,
                    *, filters: Sequence[str] = ()) -> BriefingReport:
    """The report of the `weeks` weeks from this one (1 to MAX_WEEKS) of the alerts `query` keeps.

    `filters` says in words which filters `query` holds, for the first page."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"A report covers 1 to {MAX_WEEKS} weeks, not {weeks}.")
    forward = session.forward
    first = week_of(forward.today())
    last = first + timedelta(weeks=weeks) - timedelta(days=1)
    rows = forward.milestones(query or AlertQuery(), first, last)
    alerts = _full_alerts(session, rows)
    councils = forward.councils
    clashes = clash_weeks(rows)
    by_week: dict[date, dict[str, list[MilestoneRow]]] = {}
    for row in rows:
        by_week.setdefault(week_of(row.date), {}).setdefault(row.alert_id, []).append(row)
    report_weeks = tuple(
        BriefingWeek(monday, tuple(_alert(alerts[i], ms, councils) for i, ms in by_week.get(monday, {}).items()
                                   if i in alerts), clashes.get(monday, 0))
        for monday in weeks_from(first, weeks)  # every week, a quiet one too: the reader sees it is quiet
    )
    confidence = {c: 0 for c in DateConfidence}
    for row in rows:
        confidence[row.confidence] += 1
    included = [alerts[i] for i in dict.fromkeys(r.alert_id for r in rows) if i in alerts]
    order = list(Handling)
    marking = max((a.handling for a in included), key=order.index, default=Handling.OFFICIAL)
    return BriefingReport(
        weeks_ahead=weeks, first_day=first, last_day=last, marking=marking, produced_at=produced_at,
        office=session.office.name, filters=tuple(filters), alerts=len(included), milestones=len(rows),
        by_confidence=tuple(confidence.items()),
        national=sum(1 for a in included if a.media_interest is MediaInterest.NATIONAL),
        clashes=tuple(clashes.items()), weeks=report_weeks,
    )


def _full_alerts(session: Session, rows: Sequence[MilestoneRow]) -> dict[str, Alert]:
    # Only the alerts in range are read in full, each once: their handling and support offers.
    found: dict[str, Alert] = {}
    service = session.alerts
    for alert_id in dict.fromkeys(r.alert_id for r in rows):
        alert = service.get_by_id(alert_id)
        if alert is not None and not alert.deleted:
            found[alert_id] = alert
    return found


def _alert(alert: Alert, rows: Sequence[MilestoneRow], councils: CouncilDirectory) -> BriefingAlert:
    council = councils.by_code(alert.council)
    return BriefingAlert(
        reference=alert.reference, title=alert.title, council=council.name if council else alert.council,
        region=council.region if council else "", kind=alert.kind, media_interest=alert.media_interest,
        handling=alert.handling,
        milestones=tuple(BriefingMilestone(r.kind.label, r.date, r.time, r.confidence) for r in rows),
        offers=tuple(BriefingOffer(o.organisation.label, o.kind.label, o.offered_to.label, o.status)
                     for o in alert.offers if o.status is not OfferStatus.PROPOSED),
    )
