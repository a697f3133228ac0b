"""What the alert log asks of the vault: filters, sort and paging, and the row it gets back.

The vault answers in SQL so that a 100,000-alert log filters and sorts without loading every record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    DateConfidence,
    MediaInterest,
    MilestoneKind,
)

__all__ = ["AlertQuery", "AlertRow", "SortKey"]


class SortKey(StrEnum):
    """Columns the log can be sorted by."""

    REFERENCE = "reference"
    COUNCIL = "council"
    KIND = "kind"
    TITLE = "title"
    NEXT_DATE = "next_date"
    MEDIA = "media"
    STATUS = "status"
    UPDATED = "updated"
    OPEN_OFFERS = "open_offers"


@dataclass(frozen=True)
class AlertQuery:
    """A filter over the alert log; empty collections mean "any"."""

    councils: frozenset[str] = frozenset()
    kinds: frozenset[AlertKind] = frozenset()
    statuses: frozenset[AlertStatus] = frozenset()
    media: frozenset[MediaInterest] = frozenset()
    upcoming_days: int | None = None
    text: str = ""
    include_deleted: bool = False
    sort: SortKey = SortKey.NEXT_DATE
    descending: bool = False


class AlertRow(NamedTuple):
    """One line of the alert log: what the table shows, without the alert's full text.

    A named tuple rather than a dataclass: a query builds thousands of these, and a tuple is built
    several times faster while staying immutable.
    """

    id: str
    reference: str
    council: str
    kind: AlertKind
    title: str
    status: AlertStatus
    media_interest: MediaInterest
    next_kind: MilestoneKind | None
    next_date: date | None
    next_confidence: DateConfidence | None
    open_offers: int
    deleted: bool = False

    def days_to_next(self, today: date) -> int | None:
        """Whole days from `today` to the next milestone, or None if there is none."""
        return None if self.next_date is None else (self.next_date - today).days
