"""The closed vocabularies of the protocol, each value with the label an officer reads.

The enum *values* are stable identifiers stored in the vault and written to protocol files; never rename
one. The labels may change freely.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar, TypeVar

__all__ = [
    "AlertKind",
    "AlertStatus",
    "Coverage",
    "DateConfidence",
    "Handling",
    "MediaInterest",
    "MilestoneKind",
    "OfferKind",
    "OfferStatus",
    "OfferedTo",
    "OfferingOrganisation",
    "OrgType",
    "PlainFile",
    "parse_enum",
]


class _Labelled(StrEnum):
    """A string enum whose members carry a human label, kept in the class's `__labels__` map."""

    __labels__: ClassVar[dict[str, str]]

    @property
    def label(self) -> str:
        """The words an officer reads for this value."""
        return type(self).__labels__[str(self)]


class AlertKind(_Labelled):
    """What will put the council's children's services in the news."""

    CSPR = "cspr"
    TRIAL = "trial"
    INQUEST = "inquest"
    OFSTED = "ofsted"
    DHR = "dhr"
    OTHER = "other"

    __labels__ = {  # noqa: RUF012 (a dunder name is not an enum member)
        "cspr": "Child Safeguarding Practice Review / serious case review",
        "trial": "Criminal trial",
        "inquest": "Inquest",
        "ofsted": "Ofsted judgement",
        "dhr": "Domestic homicide review",
        "other": "Other",
    }


class MediaInterest(_Labelled):
    """How far the story is expected to travel."""

    LOCAL = "local"
    REGIONAL = "regional"
    NATIONAL = "national"

    __labels__ = {  # noqa: RUF012 (a dunder name is not an enum member)
        "local": "Local",
        "regional": "Regional",
        "national": "National",
    }


class Coverage(_Labelled):
    """How far the story actually travelled, recorded in a lesson against the alert's expected media interest."""

    NONE = "none"
    LOCAL = "local"
    REGIONAL = "regional"
    NATIONAL = "national"

    __labels__ = {  # noqa: RUF012 (a dunder name is not an enum member)
        "none": "No coverage",
        "local": "Local",
        "regional": "Regional",
        "national": "National",
    }

    @property
    def reach(self) -> int:
        """How far, as a number to compare with an expectation: none 0, local 1, regional 2, national 3."""
        return _REACH[self.value]


_REACH = {"none": 0, "local": 1, "regional": 2, "national": 3}


class Handling(_Labelled):
    """Government Security Classifications handling marking."""

    OFFICIAL = "official"
    OFFICIAL_SENSITIVE = "official-sensitive"

    __labels__ = {  # noqa: RUF012 (a dunder name is not an enum member)
        "official": "OFFICIAL",
        "official-sensitive": "OFFICIAL-SENSITIVE",
    }


class OrgType(_Labelled):
    """The kinds of organisation that take part in the protocol (also the sharing scope's vocabulary)."""

    COUNCIL = "council"
    LGA = "lga"
    ADCS = "adcs"
    GROUP_OFFICE = "group-office"
    OTHER = "other"

    __labels__ = {  # noqa: RUF012 (a dunder name is not an enum member)
        "council": "Council",
        "lga": "LGA",
        "adcs": "ADCS",
        "group-office": "Political group office",
        "other": "Other",
    }


class AlertStatus(_Labelled):
    """Where the alert is in its life."""

    DRAFT = "draft"
    ACTIVE = "active"
    PUBLISHED = "published"
    CLOSED = "closed"

    __labels__ = {  # noqa: RUF012 (a dunder name is not an enum member)
        "draft": "Draft",
        "active": "Active",
        "published": "Published",
        "closed": "Closed",
    }


class MilestoneKind(_Labelled):
    """A dated event on the alert's timetable."""

    REVIEW_COMPLETED = "review-completed"
    PUBLICATION = "publication"
    TRIAL_START = "trial-start"
    VERDICT = "verdict"
    SENTENCING = "sentencing"
    INQUEST = "inquest"
    REPORT_PUBLISHED = "report-published"
    RESTRICTION_LIFTED = "restriction-lifted"
    OTHER = "other"

    __labels__ = {  # noqa: RUF012 (a dunder name is not an enum member)
        "review-completed": "Review completed",
        "publication": "Publication",
        "trial-start": "Trial start",
        "verdict": "Verdict",
        "sentencing": "Sentencing",
        "inquest": "Inquest",
        "report-published": "Report published",
        "restriction-lifted": "Reporting restriction lifted",
        "other": "Other",
    }


class DateConfidence(_Labelled):
    """How sure the council is of a milestone's date."""

    CONFIRMED = "confirmed"
    PROVISIONAL = "provisional"
    ESTIMATED = "estimated"

    __labels__ = {  # noqa: RUF012 (a dunder name is not an enum member)
        "confirmed": "Confirmed",
        "provisional": "Provisional",
        "estimated": "Estimated",
    }


class OfferingOrganisation(_Labelled):
    """Who offers support."""

    LGA = "lga"
    ADCS = "adcs"
    CONSERVATIVE_GROUP = "conservative-group"
    LABOUR_GROUP = "labour-group"
    LIBDEM_GROUP = "libdem-group"
    INDEPENDENT_GROUP = "independent-group"
    OTHER = "other"

    __labels__ = {  # noqa: RUF012 (a dunder name is not an enum member)
        "lga": "LGA",
        "adcs": "ADCS",
        "conservative-group": "Conservative Group office",
        "labour-group": "Labour Group office",
        "libdem-group": "Liberal Democrat Group office",
        "independent-group": "Independent Group office",
        "other": "Other",
    }


class OfferKind(_Labelled):
    """What support is offered."""

    PEER_MENTOR = "peer-mentor"
    MEDIA_ADVICE = "media-advice"
    COMMS_SUPPORT = "comms-support"
    DIRECTOR_SUPPORT = "director-support"
    OTHER = "other"

    __labels__ = {  # noqa: RUF012 (a dunder name is not an enum member)
        "peer-mentor": "Peer mentor (experienced leader or lead member)",
        "media-advice": "Media-handling advice",
        "comms-support": "Communications support",
        "director-support": "Support to the director",
        "other": "Other",
    }


class OfferedTo(_Labelled):
    """Whom the support is for."""

    LEADER = "leader"
    LEAD_MEMBER = "lead-member"
    CHIEF_EXECUTIVE = "chief-executive"
    DIRECTOR = "director"
    COMMS_TEAM = "comms-team"

    __labels__ = {  # noqa: RUF012 (a dunder name is not an enum member)
        "leader": "Leader",
        "lead-member": "Lead member for children's services",
        "chief-executive": "Chief executive",
        "director": "Director of children's services",
        "comms-team": "Communications team",
    }


class OfferStatus(_Labelled):
    """The support pipeline, in order."""

    PROPOSED = "proposed"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"

    __labels__ = {  # noqa: RUF012 (a dunder name is not an enum member)
        "proposed": "Proposed",
        "offered": "Offered",
        "accepted": "Accepted",
        "declined": "Declined",
        "in-progress": "In progress",
        "completed": "Completed",
    }

    @property
    def is_open(self) -> bool:
        """Whether the offer still needs attention (not declined or completed)."""
        return self not in (OfferStatus.DECLINED, OfferStatus.COMPLETED)


class PlainFile(_Labelled):
    """A file SG Desktop writes that is not encrypted, at the officer's request; each is audited."""

    CALENDAR = "calendar"
    TABLE = "table"
    BRIEFING = "briefing"
    DIGEST = "digest"

    __labels__ = {  # noqa: RUF012 (a dunder name is not an enum member)
        "calendar": "Calendar saved (not encrypted)",
        "table": "Table saved as CSV (not encrypted)",
        "briefing": "Briefing report saved or printed (not encrypted)",
        "digest": "\"What works\" digest saved or printed (not encrypted)",
    }


E = TypeVar("E", bound="_Labelled")


def parse_enum(enum: type[E], text: str, what: str) -> E:
    """Read an enum member from its value, its name or its label, ignoring case, `_` and `-`.

    Raises ValueError with a message listing the accepted values.
    """
    def norm(s: str) -> str:
        return s.strip().lower().replace("_", "-").replace(" ", "-")

    wanted = norm(text)
    for member in enum:
        if wanted in (norm(member.value), norm(member.name), norm(member.label)):
            return member
    choices = ", ".join(m.value for m in enum)
    raise ValueError(f"Unknown {what} {text!r}; use one of: {choices}.")
