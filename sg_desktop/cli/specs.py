"""Reading the short forms the command line takes: `publication=2027-03-17:confirmed`, `lga:peer-mentor:leader`."""

from __future__ import annotations

from datetime import date

from sg_desktop.domain.enums import (
    DateConfidence,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
    OrgType,
    parse_enum,
)
from sg_desktop.domain.errors import Problem, ValidationError
from sg_desktop.domain.model import Milestone, SupportOffer

__all__ = [
    "parse_date",
    "parse_date_and_confidence",
    "parse_milestone",
    "parse_numbered",
    "parse_offer",
    "parse_sharing",
]


def _bad(field: str, message: str) -> ValidationError:
    return ValidationError([Problem(field, message)])


def parse_date(text: str, what: str = "date") -> date:
    """A YYYY-MM-DD date, or a ValidationError that says what was expected."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise _bad(what, f"{text.strip()!r} is not a {what}; write it as YYYY-MM-DD (e.g. 2027-03-17).") from None


def parse_date_and_confidence(text: str, what: str) -> tuple[date, DateConfidence | None]:
    """`YYYY-MM-DD[:confidence]`."""
    day, _, conf = text.partition(":")
    when = parse_date(day, what)
    if not conf:
        return when, None
    try:
        return when, parse_enum(DateConfidence, conf, "date confidence")
    except ValueError as exc:
        raise _bad(what, str(exc)) from None


def parse_milestone(spec: str) -> Milestone:
    """`KIND=YYYY-MM-DD[:confirmed|provisional|estimated]` as a new milestone (provisional by default)."""
    kind_text, sep, rest = spec.partition("=")
    if not sep or not rest:
        raise _bad("milestone", f"Write a milestone as KIND=YYYY-MM-DD[:confidence], not {spec!r}.")
    try:
        kind = parse_enum(MilestoneKind, kind_text, "milestone kind")
    except ValueError as exc:
        raise _bad("milestone", str(exc)) from None
    when, conf = parse_date_and_confidence(rest, "milestone date")
    return Milestone(kind=kind, date=when, confidence=conf or DateConfidence.PROVISIONAL)


def parse_offer(spec: str) -> SupportOffer:
    """`ORGANISATION:KIND:OFFERED_TO[:STATUS]` as a new support offer (proposed by default)."""
    parts = spec.split(":")
    if len(parts) not in (3, 4):
        raise _bad("offer", f"Write a support offer as ORGANISATION:KIND:OFFERED_TO[:STATUS], not {spec!r}.")
    try:
        return SupportOffer(
            organisation=parse_enum(OfferingOrganisation, parts[0], "offering organisation"),
            kind=parse_enum(OfferKind, parts[1], "kind of support"),
            offered_to=parse_enum(OfferedTo, parts[2], "offered to"),
            status=parse_enum(OfferStatus, parts[3], "offer status") if len(parts) == 4 else OfferStatus.PROPOSED,
        )
    except ValueError as exc:
        raise _bad("offer", str(exc)) from None


def parse_sharing(text: str) -> frozenset[OrgType]:
    """A comma-separated sharing scope such as `lga,adcs,group-office` (empty text: this office only)."""
    try:
        return frozenset(parse_enum(OrgType, part, "organisation") for part in text.split(",") if part.strip())
    except ValueError as exc:
        raise _bad("sharing", str(exc)) from None


def parse_numbered(spec: str, what: str, count: int) -> tuple[int, str]:
    """`N=VALUE` where N counts from 1 up to `count`; returns (index from 0, VALUE)."""
    number, sep, value = spec.partition("=")
    if not sep:
        raise _bad(what, f"Write it as N=VALUE, where N is the {what}'s number in `show`, not {spec!r}.")
    if not number.strip().isdigit() or not 1 <= int(number) <= count:
        have = f"1 to {count}" if count else "none yet"
        raise _bad(what, f"There is no {what} number {number.strip()!r} (this alert has {have}).")
    return int(number) - 1, value


