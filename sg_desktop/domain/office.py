"""This installation's office: who it is, and how its alert references begin."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import Problem, ValidationError

__all__ = ["OfficeProfile", "default_prefix"]

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
