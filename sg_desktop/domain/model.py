"""The records of the protocol: alerts, their dated milestones and the support offered.

Records are immutable values; an edit makes a new value with `dataclasses.replace`. Times are aware
datetimes in UTC; dates are plain calendar dates (the day in England the event is expected).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time

from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    DateConfidence,
    Handling,
    MediaInterest,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
    OrgType,
)

__all__ = ["Alert", "DateChange", "Milestone", "SupportOffer", "new_id"]


def new_id() -> str:
    """A fresh random identifier for a record (a UUID4 in its canonical text form)."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class DateChange:
    """One move of a milestone's date: "slipped from … to …", with the officer's reason for it ("" if none)."""

    old_date: date
    new_date: date
    old_confidence: DateConfidence
    new_confidence: DateConfidence
    changed_at: datetime
    reason: str = ""

    def describe(self, kind: MilestoneKind, aside: str = "") -> str:
        """A sentence such as "Publication moved from 3 March 2027 to 17 March 2027", then `aside` in brackets
        ("recorded 2 December 2026"), then the reason: "…: adjourned, a witness is unavailable"."""
        verb = "moved" if self.old_date != self.new_date else "re-rated"
        text = f"{kind.label} {verb} from {_day(self.old_date)} to {_day(self.new_date)}"
        if self.old_confidence != self.new_confidence:
            text += f" ({self.old_confidence.label.lower()} → {self.new_confidence.label.lower()})"
        if aside:
            text += f" ({aside})"
        if self.reason:
            text += f": {self.reason}"
        return text


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


@dataclass(frozen=True)
class Milestone:
    """A dated event on an alert's timetable, with every earlier date kept in `history`."""

    kind: MilestoneKind
    date: dt.date
    confidence: DateConfidence = DateConfidence.PROVISIONAL
    time: dt.time | None = None
    note: str = ""
    history: tuple[DateChange, ...] = ()
    id: str = field(default_factory=new_id)

    def moved(self, new_date: dt.date, new_confidence: DateConfidence, at: datetime, reason: str = "") -> Milestone:
        """This milestone with a new date or confidence, the change (and why, if said) appended to its history."""
        if new_date == self.date and new_confidence == self.confidence:
            return self
        change = DateChange(self.date, new_date, self.confidence, new_confidence, at, reason)
        return replace(self, date=new_date, confidence=new_confidence, history=(*self.history, change))


@dataclass(frozen=True)
class SupportOffer:
    """Support offered to the council by the LGA, ADCS or a political group office."""

    organisation: OfferingOrganisation
    kind: OfferKind
    offered_to: OfferedTo
    status: OfferStatus = OfferStatus.PROPOSED
    offered_on: date | None = None
    decided_on: date | None = None
    follow_up_on: date | None = None
    note: str = ""
    id: str = field(default_factory=new_id)


@dataclass(frozen=True)
class Alert:
    """An early alert: the timetable of a case that will bring a council's children's services into the news.

    `title` and `summary` must not identify a child; `revision` and `origin_office` let offices merge
    copies of the same alert; `deleted` marks a tombstone kept so deletions travel between offices.
    """

    council: str
    kind: AlertKind
    title: str
    summary: str = ""
    media_interest: MediaInterest = MediaInterest.LOCAL
    handling: Handling = Handling.OFFICIAL_SENSITIVE
    sharing: frozenset[OrgType] = frozenset({OrgType.LGA, OrgType.ADCS})
    status: AlertStatus = AlertStatus.ACTIVE
    owner: str = ""
    embargoed: bool = False
    reporting_restriction: bool = False
    milestones: tuple[Milestone, ...] = ()
    offers: tuple[SupportOffer, ...] = ()
    reference: str = ""
    id: str = field(default_factory=new_id)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    origin_office: str = ""
    revision: int = 0
    deleted: bool = False

    def next_milestone(self, today: date) -> Milestone | None:
        """The earliest milestone on or after `today`, or None when nothing is coming up."""
        upcoming = [m for m in self.milestones if m.date >= today]
        return min(upcoming, key=lambda m: (m.date, m.time or time.min), default=None)

    @property
    def open_offers(self) -> int:
        """How many support offers still need attention."""
        return sum(1 for o in self.offers if o.status.is_open)
