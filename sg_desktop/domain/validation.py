"""Rules an alert must keep before it is saved, each broken one reported in words a person understands."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date

from sg_desktop.domain.enums import MilestoneKind, OfferStatus
from sg_desktop.domain.errors import Problem, ValidationError
from sg_desktop.domain.model import Alert, DateChange, Milestone, SupportOffer
from sg_desktop.domain.places import FieldPath, ItemList

__all__ = [
    "EARLIEST",
    "LATEST",
    "MAX_MILESTONES",
    "MAX_NOTE",
    "MAX_OFFERS",
    "MAX_OWNER",
    "MAX_REASON",
    "MAX_SUMMARY",
    "MAX_TITLE",
    "check_alert",
    "control_problem",
    "problems_in_alert",
    "reason_problem",
]

MAX_TITLE = 120
MAX_SUMMARY = 2000
MAX_NOTE = 1000
MAX_OWNER = 80
MAX_REASON = 500
MAX_MILESTONES = 50
MAX_OFFERS = 50
# Dates outside this window are typing mistakes (a year of 0202 or 2206), not real timetables.
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)

_COUNCIL, _TITLE, _SUMMARY, _OWNER = (FieldPath(name) for name in ("council", "title", "summary", "owner"))
_MILESTONES, _OFFERS = FieldPath(items=ItemList.MILESTONES), FieldPath(items=ItemList.OFFERS)

# Characters a reason may not hold: line breaks and controls (it is shown on one line beside the move), and the
# bidirectional controls that could make "moved from … to …" read differently from what is stored.
_NOT_IN_A_REASON = frozenset("\u2028\u2029\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                             "\u2066\u2067\u2068\u2069")



def control_problem(text: str, *, multiline: bool = False) -> str | None:
    """What is wrong with `text` as a field's text, or None: a field holds no control characters (a
    multi-line one may hold line breaks and tabs), no line or paragraph separators and no bidirectional
    controls, since each could rewrite a terminal or make a line read differently from what is stored.
    The words complete "The title …" or "Milestone 2's note …"."""
    allowed = "\n\t" if multiline else ""
    for c in text:
        if c in allowed:
            continue
        if c in _NOT_IN_A_REASON or unicodedata.category(c) in ("Cc", "Cs"):
            if c in "\n\r":
                return "must be a single line"
            return f"holds a control character (U+{ord(c):04X})"
    return None


# Pairs (earlier, later) that must be in that order when both are present.
_ORDER: tuple[tuple[MilestoneKind, MilestoneKind, str], ...] = (
    (MilestoneKind.REVIEW_COMPLETED, MilestoneKind.PUBLICATION,
     "The publication date is before the review is completed."),
    (MilestoneKind.TRIAL_START, MilestoneKind.VERDICT, "The verdict is dated before the trial starts."),
    (MilestoneKind.VERDICT, MilestoneKind.SENTENCING, "Sentencing is dated before the verdict."),
    (MilestoneKind.TRIAL_START, MilestoneKind.SENTENCING, "Sentencing is dated before the trial starts."),
)


def problems_in_alert(alert: Alert, is_known_council: Callable[[str], bool] | None = None) -> list[Problem]:
    """Every rule `alert` breaks, in the order of the editor's fields; empty when it may be saved."""
    found: list[Problem] = []
    if not alert.council.strip():
        found.append(Problem.at(_COUNCIL, "Choose the council."))
    elif is_known_council is not None and not is_known_council(alert.council):
        found.append(Problem.at(_COUNCIL, "The council is not in the list of English councils."))
    title = alert.title.strip()
    if not title:
        found.append(Problem.at(_TITLE, "Give the alert a short title."))
    elif len(alert.title) > MAX_TITLE:
        found.append(Problem.at(_TITLE, f"The title is {len(alert.title)} characters; keep it to {MAX_TITLE}."))
    wrong = control_problem(alert.title)
    if wrong:
        found.append(Problem.at(_TITLE, f"The title {wrong}."))
    if len(alert.summary) > MAX_SUMMARY:
        found.append(
            Problem.at(_SUMMARY, f"The summary is {len(alert.summary)} characters; keep it to {MAX_SUMMARY}.")
        )
    wrong = control_problem(alert.summary, multiline=True)
    if wrong:
        found.append(Problem.at(_SUMMARY, f"The summary {wrong}."))
    wrong = control_problem(alert.owner)
    if wrong:
        found.append(Problem.at(_OWNER, f"The owner's name {wrong}."))
    if len(alert.owner) > MAX_OWNER:
        found.append(Problem.at(_OWNER, f"The owner's name is too long; keep it to {MAX_OWNER} characters."))
    if len(alert.milestones) > MAX_MILESTONES:
        found.append(Problem.at(_MILESTONES, f"An alert can have at most {MAX_MILESTONES} milestones."))
    if len(alert.offers) > MAX_OFFERS:
        found.append(Problem.at(_OFFERS, f"An alert can have at most {MAX_OFFERS} support offers."))
    for i, m in enumerate(alert.milestones, 1):
        found.extend(_milestone_problems(i, m))
    found.extend(_order_problems(alert.milestones))
    for i, o in enumerate(alert.offers, 1):
        found.extend(_offer_problems(i, o))
    return found


def check_alert(alert: Alert, is_known_council: Callable[[str], bool] | None = None) -> None:
    """Raise ValidationError listing every broken rule, or return when `alert` may be saved."""
    found = problems_in_alert(alert, is_known_council)
    if found:
        raise ValidationError(found)


def reason_problem(reason: str) -> str | None:
    """What is wrong with the reason given for moving a milestone's date, or None when it may be kept.

    The words complete "The reason for the move …", so each caller can say which move it means.
    """
    if len(reason) > MAX_REASON:
        return f"is {len(reason)} characters; keep it to {MAX_REASON}"
    if any(c in _NOT_IN_A_REASON or unicodedata.category(c) in ("Cc", "Cs") for c in reason):
        return "must be one line of ordinary text, without line breaks or control characters"
    return None


def _milestone_problems(i: int, m: Milestone) -> list[Problem]:
    out = []
    where = FieldPath.item(ItemList.MILESTONES, i - 1)
    if not EARLIEST <= m.date <= LATEST:
        out.append(Problem.at(where, f"Milestone {i} ({m.kind.label}) has a date outside 2000–2100."))
    if len(m.note) > MAX_NOTE:
        out.append(Problem.at(where, f"Milestone {i} has a note longer than {MAX_NOTE} characters."))
    wrong = control_problem(m.note, multiline=True)
    if wrong:
        out.append(Problem.at(where, f"Milestone {i}'s note {wrong}."))
    out.extend(_reason_problems(i, m.history))
    return out


def _reason_problems(i: int, history: tuple[DateChange, ...]) -> list[Problem]:
    out = []
    for change in history:
        wrong = reason_problem(change.reason) if change.reason else None
        if wrong is not None:
            where = FieldPath.item(ItemList.MILESTONES, i - 1, "reason")
            out.append(Problem.at(where, f"Milestone {i}: the reason for the move to {_day(change.new_date)} {wrong}."))
    return out


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _order_problems(milestones: tuple[Milestone, ...]) -> list[Problem]:
    first: dict[MilestoneKind, date] = {}
    last: dict[MilestoneKind, date] = {}
    for m in milestones:
        first[m.kind] = min(first.get(m.kind, m.date), m.date)
        last[m.kind] = max(last.get(m.kind, m.date), m.date)
    out = []
    for earlier, later, message in _ORDER:
        if earlier in first and later in last and last[later] < first[earlier]:
            out.append(Problem.at(_MILESTONES, message))
    return out


def _offer_problems(i: int, o: SupportOffer) -> list[Problem]:
    out = []
    where = FieldPath.item(ItemList.OFFERS, i - 1)
    for label, d in (("offer", o.offered_on), ("decision", o.decided_on), ("follow-up", o.follow_up_on)):
        if d is not None and not EARLIEST <= d <= LATEST:
            out.append(Problem.at(where, f"Support offer {i} has a {label} date outside 2000–2100."))
    if o.offered_on and o.decided_on and o.decided_on < o.offered_on:
        out.append(Problem.at(where, f"Support offer {i} was decided before it was offered."))
    if o.offered_on and o.follow_up_on and o.follow_up_on < o.offered_on:
        out.append(Problem.at(where, f"Support offer {i} has a follow-up date before the offer."))
    if o.status in (OfferStatus.ACCEPTED, OfferStatus.DECLINED) and o.offered_on is None and o.decided_on:
        out.append(Problem.at(where, f"Support offer {i} is {o.status.label.lower()} but has no offer date."))
    if len(o.note) > MAX_NOTE:
        out.append(Problem.at(where, f"Support offer {i} has a note longer than {MAX_NOTE} characters."))
    wrong = control_problem(o.note, multiline=True)
    if wrong:
        out.append(Problem.at(where, f"Support offer {i}'s note {wrong}."))
    return out
