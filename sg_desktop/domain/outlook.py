"""What the coming-up panel and the dashboard read from the vault, and the tray's words for it.

"Live" here means an alert that is neither deleted nor closed: a closed alert has nothing coming up and needs
no more support, so the panel and the dashboard leave it out. The tray's words are made from counts alone:
a notification shows on a locked screen, so it never names a council, a case or a child.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

from sg_desktop.domain.enums import AlertKind, AlertStatus, OfferingOrganisation, OfferKind, OfferStatus

__all__ = [
    "AWAITING_REPLY",
    "CONFIRM_WITHIN_DAYS",
    "LIVE_STATUSES",
    "OPEN_OFFER_STATUSES",
    "DashboardCounts",
    "FollowUp",
    "OutlookCounts",
    "ProgrammeCounts",
    "UnsupportedAlert",
    "tray_text",
]

LIVE_STATUSES: frozenset[AlertStatus] = frozenset(s for s in AlertStatus if s is not AlertStatus.CLOSED)
OPEN_OFFER_STATUSES: frozenset[OfferStatus] = frozenset(s for s in OfferStatus if s.is_open)
# Put to the council and not yet answered.
AWAITING_REPLY: frozenset[OfferStatus] = frozenset({OfferStatus.PROPOSED, OfferStatus.OFFERED})
# An estimated date this close is worth a phone call to the council for a firmer one.
CONFIRM_WITHIN_DAYS = 28


class FollowUp(NamedTuple):
    """A support offer still open whose follow-up date has come (or passed), with its alert's reference."""

    alert_id: str
    reference: str
    council: str  # ONS code
    title: str
    offer_id: str
    organisation: OfferingOrganisation
    kind: OfferKind
    status: OfferStatus
    follow_up_on: date


class UnsupportedAlert(NamedTuple):
    """A live alert of national media interest that no one has offered support on yet."""

    alert_id: str
    reference: str
    council: str  # ONS code
    kind: AlertKind
    title: str
    next_date: date | None


class OutlookCounts(NamedTuple):
    """How many of each thing the coming-up panel lists: all the tray may say."""

    horizon_days: int
    milestones_this_week: int
    milestones: int
    follow_ups: int
    to_confirm: int
    unsupported: int


class DashboardCounts(NamedTuple):
    """The dashboard's figures, each a count; the mappings hold only what is there (no zero entries)."""

    open_by_kind: Mapping[AlertKind, int]
    open_by_council: Mapping[str, int]  # ONS code → live alerts (the app turns these into regions)
    open_by_status: Mapping[AlertStatus, int]
    milestones_7: int
    milestones_30: int
    offers_by_status: Mapping[OfferStatus, int]
    awaiting_reply: int
    follow_ups_due: int
    national_without_offer: int


class ProgrammeCounts(NamedTuple):
    """What an LGA programme manager reports on, over every alert kept (closed ones too, not deleted ones)."""

    days_to_first_offer: tuple[int, ...]  # per alert with an offer made: days from it being logged to the first
    offers_answered: int  # offers the council accepted or declined (or took up: in progress, completed)
    offers_accepted: int  # of those, the ones taken up
    national_never_offered: int  # alerts of national interest with no offer made (none, or proposals only)


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def tray_text(counts: OutlookCounts) -> str:
    """The notification's text, e.g. "2 milestones this week · 1 follow-up due", or "" when nothing is due.

    Only numbers and fixed words: no reference, council, title or note can reach it.
    """
    parts = []
    if counts.milestones_this_week:
        parts.append(_count(counts.milestones_this_week, "milestone this week", "milestones this week"))
    later = counts.milestones - counts.milestones_this_week
    if later > 0:
        parts.append(f"{later:,} more in the next {_count(counts.horizon_days, 'day', 'days')}")
    if counts.follow_ups:
        parts.append(_count(counts.follow_ups, "follow-up due", "follow-ups due"))
    if counts.to_confirm:
        parts.append(_count(counts.to_confirm, "date to confirm", "dates to confirm"))
    if counts.unsupported:
        parts.append(_count(counts.unsupported, "national alert without support", "national alerts without support"))
    return " · ".join(parts)
