"""How urgent an alert is: days to its next milestone, weighted by date confidence and media interest.

A confirmed date for a national story is more pressing than an estimated date for a local one, so the
raw day count is stretched for soft dates and shrunk for wide interest before it is banded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum

from sg_desktop.domain.enums import DateConfidence, MediaInterest
from sg_desktop.domain.model import Alert, Milestone

__all__ = ["Urgency", "UrgencyLevel", "assess"]

# An estimated date could as easily be later as earlier, so it reads as further off than a confirmed one.
_CONFIDENCE_STRETCH = {
    DateConfidence.CONFIRMED: 1.0,
    DateConfidence.PROVISIONAL: 1.25,
    DateConfidence.ESTIMATED: 1.5,
}
# The wider the interest, the longer the sector needs to prepare, so the same date feels nearer.
_INTEREST_WEIGHT = {
    MediaInterest.LOCAL: 1.0,
    MediaInterest.REGIONAL: 1.25,
    MediaInterest.NATIONAL: 1.5,
}


class UrgencyLevel(IntEnum):
    """Bands of urgency; a higher value is more urgent. Each has a word, so colour is never the only cue."""

    NONE = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @property
    def label(self) -> str:
        """The word shown beside the colour."""
        return {0: "No date ahead", 1: "Low", 2: "Medium", 3: "High", 4: "Critical"}[int(self)]


# Upper bounds (in weighted days) of each band, most urgent first.
_BANDS = ((7.0, UrgencyLevel.CRITICAL), (14.0, UrgencyLevel.HIGH), (30.0, UrgencyLevel.MEDIUM))


@dataclass(frozen=True)
class Urgency:
    """The next milestone (if any), days until it, the weighted score and its band."""

    milestone: Milestone | None
    days: int | None
    weighted_days: float | None
    level: UrgencyLevel


def assess(alert: Alert, today: date) -> Urgency:
    """Assess an alert's urgency on `today` from its next milestone."""
    nxt = alert.next_milestone(today)
    if nxt is None:
        return Urgency(None, None, None, UrgencyLevel.NONE)
    days = (nxt.date - today).days
    return Urgency(nxt, days, *_band(days, nxt.confidence, alert.media_interest))


def _band(days: int, confidence: DateConfidence, interest: MediaInterest) -> tuple[float, UrgencyLevel]:
    weighted = days * _CONFIDENCE_STRETCH[confidence] / _INTEREST_WEIGHT[interest]
    for bound, level in _BANDS:
        if weighted <= bound:
            return weighted, level
    return weighted, UrgencyLevel.LOW


def level_for(days: int, confidence: DateConfidence, interest: MediaInterest) -> UrgencyLevel:
    """The band for a milestone `days` away; the same rule as `assess`, for callers holding only the figures."""
    return _band(days, confidence, interest)[1]


__all__ += ["level_for"]
