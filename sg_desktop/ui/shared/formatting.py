"""How values read on screen: dates, day counts, short labels and urgency words and colours.

Shared by the table, the details pane and the dialogs so the same thing always reads the same way.
Colours are only ever shown beside a word (never colour alone), for colour-blind officers and for print.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sg_desktop.domain.enums import AlertKind
from sg_desktop.domain.typed_dates import MONTH_NAMES, long_date
from sg_desktop.domain.urgency import UrgencyLevel

__all__ = [
    "CONFLICT",
    "GOOD",
    "INK",
    "KIND_SHORT",
    "MUTED",
    "URGENCY_COLOURS",
    "WARNING",
    "count_text",
    "day_text",
    "days_text",
    "long_day_text",
    "moment_text",
    "plural",
    "time_text",
]

# Text colours for a state, always beside words or a sign that say the same (never colour alone).
INK, MUTED = "#1d2633", "#5b6675"
GOOD, WARNING, CONFLICT = "#2f7d4f", "#8a5300", "#b42318"

# The table has no room for "Child Safeguarding Practice Review / serious case review"; the tooltip and
# the details pane show the full label.
KIND_SHORT: dict[AlertKind, str] = {
    AlertKind.CSPR: "Practice review",
    AlertKind.TRIAL: "Criminal trial",
    AlertKind.INQUEST: "Inquest",
    AlertKind.OFSTED: "Ofsted judgement",
    AlertKind.DHR: "Domestic homicide review",
    AlertKind.OTHER: "Other",
}

# Deep, calm tones that keep contrast against white text-on-light rows; each level also has its word.
URGENCY_COLOURS: dict[UrgencyLevel, str] = {
    UrgencyLevel.CRITICAL: "#b42318",
    UrgencyLevel.HIGH: "#c4540f",
    UrgencyLevel.MEDIUM: "#a67c00",
    UrgencyLevel.LOW: "#2f7d4f",
    UrgencyLevel.NONE: "#8a94a3",
}


def day_text(d: date) -> str:
    """A short date: "3 Mar 2027" (English whatever the desktop's locale, as the date fields read it)."""
    return f"{d.day} {MONTH_NAMES[d.month - 1][:3]} {d.year}"


def long_day_text(d: date) -> str:
    """A full date: "Wednesday 3 March 2027"."""
    return long_date(d)


def time_text(t: time | None) -> str:
    """A time of day as "10:30", or "" when there is none."""
    return "" if t is None else f"{t:%H:%M}"


def moment_text(moment: datetime | None) -> str:
    """A stored moment in local time: "3 Mar 2027, 14:05", or "—"."""
    if moment is None:
        return "—"
    local = moment.astimezone()
    return f"{day_text(local.date())}, {local:%H:%M}"


def days_text(days: int | None) -> str:
    """Days to a milestone in words: "Today", "Tomorrow", "In 12 days", or "—" when nothing is ahead."""
    if days is None:
        return "—"
    if days == 0:
        return "Today"
    if days == 1:
        return "Tomorrow"
    if days < 0:
        return f"{-days} days ago"
    return f"In {days:,} days"


def count_text(shown: int, total: int, exact: bool = True) -> str:
    """The status bar's count: "312 of 1,204 alerts", "200+ of 1,204 alerts" while counting, or "1 alert"."""
    noun = "alert" if total == 1 else "alerts"
    if not exact:
        return f"{shown:,}+ of {total:,} {noun}"
    if shown == total:
        return f"{total:,} {noun}"
    return f"{shown:,} of {total:,} {noun}"


def plural(n: int, word: str) -> str:
    """`n` and the word, with an s unless there is exactly one ("1 alert", "2 alerts")."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"
