"""Offices: this installation's own (who it is, how its alert references begin), the other offices it
knows with their pinned keys and how they came to be trusted, and the fingerprint digits people compare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import Problem, ValidationError

__all__ = [
    "FINGERPRINT_GROUPS",
    "Office",
    "OfficeProfile",
    "TrustMethod",
    "default_prefix",
    "fingerprint_digits",
]

FINGERPRINT_GROUPS = 8
_BITS_PER_GROUP = 15  # 2**15 - 1 = 32767 fits in five digits, so every group is exact, not reduced

_PREFIX = re.compile(r"[A-Z][A-Z0-9]{1,7}")
_STOP_WORDS = {"of", "the", "and", "for", "&"}


@dataclass(frozen=True)
class OfficeProfile:
    """The office that keeps this vault; `council` is an ONS code when the office is a council."""

    name: str
    org_type: OrgType
    council: str = ""
    reference_prefix: str = ""

    def __post_init__(self) -> None:
        problems = []
        if not self.name.strip():
            problems.append(Problem("office", "Give the office a name, e.g. 'Wokingham Borough Council'."))
        elif len(self.name) > 120:
            problems.append(Problem("office", "Keep the office name to 120 characters."))
        if self.org_type is OrgType.COUNCIL and not self.council:
            problems.append(Problem("council", "Choose which council this office belongs to."))
        if self.reference_prefix and not _PREFIX.fullmatch(self.reference_prefix):
            problems.append(
                Problem("prefix", "A reference prefix is 2 to 8 capital letters or digits, starting with a letter.")
            )
        if problems:
            raise ValidationError(problems)

    @property
    def prefix(self) -> str:
        """The prefix of this office's alert references (e.g. `LGA` in `LGA-2026-0042`)."""
        return self.reference_prefix or default_prefix(self.name, self.org_type)


def default_prefix(name: str, org_type: OrgType) -> str:
    """A reference prefix from the office: `LGA`, `ADCS`, or the initials of the office's name (`WBC`)."""
    if org_type in (OrgType.LGA, OrgType.ADCS):
        return org_type.value.upper()
    words = [w for w in re.findall(r"[A-Za-z0-9]+", name) if w.lower() not in _STOP_WORDS]
    initials = "".join(w[0] for w in words).upper()[:8]
    if len(initials) < 2 or not initials[0].isalpha():
        return "SG"
    return initials


def fingerprint_digits(fp: bytes) -> str:
    """The first 120 bits of a fingerprint as 8 groups of 5 digits, like "01234 56789 …", to read aloud."""
    bits = FINGERPRINT_GROUPS * _BITS_PER_GROUP
    if len(fp) * 8 < bits:
        raise ValueError(f"a fingerprint has at least {bits // 8} bytes")
    value = int.from_bytes(fp[: bits // 8], "big")
    mask = (1 << _BITS_PER_GROUP) - 1
    groups = [(value >> (_BITS_PER_GROUP * i)) & mask for i in reversed(range(FINGERPRINT_GROUPS))]
    return " ".join(f"{g:05d}" for g in groups)


class TrustMethod(StrEnum):
    """How an office's keys came to be trusted (stored; never rename a value)."""

    PHONE = "phone"
    ON_ADD = "on-add"
    AGE_RECIPIENT = "age-recipient"

    @property
    def label(self) -> str:
        """The words an officer reads."""
        return _TRUST_LABELS[self]


_TRUST_LABELS = {
    TrustMethod.PHONE: "fingerprint compared by phone",
    TrustMethod.ON_ADD: "trusted when added (fingerprint shown, not compared)",
    TrustMethod.AGE_RECIPIENT: "added by its age recipient",
}


@dataclass(frozen=True)
class Office:
    """Another office: its name here, its kind, its pinned keys and whether they are trusted yet.

    `signing_public` is None for an office without SG Desktop, known only by its age recipient: it can
    receive files but never send one. `council` is, for a council's office, the ONS code of its council
    ('' when not recorded): it always may receive the alerts about that council.
    """

    id: int
    name: str
    org_type: OrgType
    age_recipient: str
    signing_public: bytes | None
    fingerprint: bytes
    added_at: datetime
    trusted_at: datetime | None = None
    trust_method: TrustMethod | None = None
    council: str = ""

    @property
    def is_trusted(self) -> bool:
        """Whether files may be sent to it and (if it can sign) accepted from it."""
        return self.trusted_at is not None

    @property
    def can_send(self) -> bool:
        """Whether it runs SG Desktop, so files it signs can be imported here."""
        return self.signing_public is not None

    @property
    def fingerprint_digits(self) -> str:
        """The fingerprint as eight groups of five digits, to compare by phone."""
        return fingerprint_digits(self.fingerprint)

    @property
    def own_council(self) -> str:
        """The ONS code of the council whose own office this is, or '' (not a council, or not recorded)."""
        return self.council if self.org_type is OrgType.COUNCIL else ""
