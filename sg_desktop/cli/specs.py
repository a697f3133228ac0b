"""Reading the short forms the command line takes: `publication=2027-03-17:confirmed`, `lga:peer-mentor:leader`,
and the help that lists every value they and the other options accept, with its meaning."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

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
    parse_enum,
)
from sg_desktop.domain.errors import Problem, ValidationError
from sg_desktop.domain.model import Milestone, SupportOffer

__all__ = [
    "option_values_help",
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


class _Labelled(Protocol):
    """A member of one of the domain's vocabularies: the value typed, the words an officer reads."""

    @property
    def value(self) -> str: ...

    @property
    def label(self) -> str: ...


def option_values_help(*, editing: bool = False) -> str:
    """Every value the alert options take, with its meaning, for the end of `add --help` (and `edit --help`).

    Made from the domain's vocabularies, so the help lists exactly what the command accepts.
    """
    confident, proposed = DateConfidence.PROVISIONAL.value, OfferStatus.PROPOSED.value
    if editing:
        confidence = ("--milestone and --move CONFIDENCE, how sure the date is "
                      f"(if not given: {confident}; a move keeps it)")
        status = f"--offer STATUS and --offer-status N=STATUS, how far it has got (if not given: {proposed})"
    else:
        confidence = f"--milestone CONFIDENCE, how sure the date is (if not given: {confident})"
        status = f"--offer STATUS, how far it has got (if not given: {proposed})"
    groups: list[tuple[str, Iterable[_Labelled]]] = [
        ("--kind, what will bring the council's children's services into the news", AlertKind),
        ("--media, how far the story is expected to travel", MediaInterest),
        ("--status, where the alert is in its life", AlertStatus),
        ("--handling, the security marking", Handling),
        ("--share, who may receive it (several, separated by commas)", OrgType),
        ("--milestone KIND, the dated event", MilestoneKind),
        (confidence, DateConfidence),
        ("--offer ORG, who offers the support", OfferingOrganisation),
        ("--offer KIND, what support is offered", OfferKind),
        ("--offer OFFERED_TO, whom it is for", OfferedTo),
        (status, OfferStatus),
    ]
    lines = [
        "Values: type the one on the left, or the words beside it; capitals do not matter.",
        "For example: --milestone publication=2027-03-17:confirmed --offer lga:peer-mentor:lead-member:offered",
    ]
    for heading, members in groups:
        lines += ["", f"{heading}:"]
        lines += [f"  {member.value:<20} {member.label}" for member in members]
    return "\n".join(lines)
