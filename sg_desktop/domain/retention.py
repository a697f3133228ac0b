"""Retention review: how long a closed alert is kept, and the officer's decision when it comes up.

A closed alert is due for review `months` after the day it was closed (the office's retention period, 24
months unless the office chose otherwise). The officer then deletes it (its content leaves the vault, a
tombstone stays), keeps it for more months with a reason (due again when they have passed), or puts it on
legal hold with a reason (never due until the hold is lifted). Reasons are the office's own record text:
kept in the vault, never in the audit log.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from sg_desktop.domain.enums import AlertKind
from sg_desktop.domain.validation import reason_problem

__all__ = [
    "DEFAULT_RETENTION_MONTHS",
    "MAX_MONTHS",
    "MIN_MONTHS",
    "ClosedAlert",
    "Decision",
    "DecisionKind",
    "add_months",
    "months_problem",
    "retention_reason_problem",
]

DEFAULT_RETENTION_MONTHS = 24
"""Two years after closing: the follow-on hearings, appeals and anniversary coverage a case brings (the user guide
says so to officers), and no longer."""
MIN_MONTHS = 1
MAX_MONTHS = 120


class DecisionKind(StrEnum):
    """What the officer decided about an alert past its retention period (other than deleting it)."""

    KEEP = "keep"
    HOLD = "hold"


@dataclass(frozen=True)
class Decision:
    """Kept until `until` (KEEP), or on legal hold (HOLD, no day), for `reason`, decided at `decided_at`."""

    kind: DecisionKind
    until: date | None
    reason: str
    decided_at: datetime


@dataclass(frozen=True)
class ClosedAlert:
    """A live alert as retention review sees it: which it is, when it was closed (None while it is not closed),
    and the decision made about it, if any. No record text but the decision's reason."""

    reference: str
    council: str
    kind: AlertKind
    closed_on: date | None
    decision: Decision | None = None

    @property
    def on_hold(self) -> bool:
        """Whether a legal hold keeps it."""
        return self.decision is not None and self.decision.kind is DecisionKind.HOLD

    def due_on(self, months: int) -> date | None:
        """The day it falls due for review with a retention period of `months`; None while it is not closed
        or is on legal hold. A decision to keep it moves the day on, never back."""
        if self.closed_on is None or self.on_hold:
            return None
        due = add_months(self.closed_on, months)
        if self.decision is not None and self.decision.until is not None:
            due = max(due, self.decision.until)
        return due

    def is_due(self, months: int, today: date) -> bool:
        """Whether it is due for review on `today`."""
        due = self.due_on(months)
        return due is not None and due <= today


def add_months(day: date, months: int) -> date:
    """`day` moved on by `months` calendar months; the 31st becomes the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_problem(months: int, what: str = "retention period") -> str | None:
    """What is wrong with `months` as a number of months, or None."""
    if not MIN_MONTHS <= months <= MAX_MONTHS:
        return f"The {what} must be {MIN_MONTHS} to {MAX_MONTHS} months, not {months}."
    return None


def retention_reason_problem(reason: str) -> str | None:
    """What is wrong with the reason for keeping an alert or putting it on hold, or None (a sentence)."""
    if not reason.strip():
        return "Give a reason: say why the alert is kept (for example, the case it belongs to is under appeal)."
    problem = reason_problem(reason)
    return None if problem is None else f"The reason {problem}."
