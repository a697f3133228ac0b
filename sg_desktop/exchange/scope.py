"""Need to know: an alert, or a lesson, goes only to offices its sharing scope admits.

A file has several recipients and every one of them can read every record, so a record is exported
only when it admits *every* recipient. A recipient is admitted when the scope names its kind of
organisation, or when it is the office of the council the alert is about: a council always may receive
its own alerts, whatever the scope says. Other councils receive an alert only when the scope names
councils. The rule about the council's own office applies only where it is known which council a
council office belongs to; where it is not, that office is treated as any other council. A lesson has a
scope of its own, checked by the same rule (its council is its alert's).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Protocol

from sg_desktop.domain.enums import OrgType
from sg_desktop.exchange.lesson_records import LessonRecord
from sg_desktop.exchange.records import Record

__all__ = [
    "Audience",
    "ExportSelection",
    "LeftOut",
    "LessonSelection",
    "Scoped",
    "scope_admits",
    "scope_refusal",
    "select_for_export",
    "select_lessons_for_export",
]


class Scoped(Protocol):
    """What the sharing check reads of a record: its scope and the council (ONS code) it is about."""

    @property
    def sharing(self) -> frozenset[OrgType]: ...

    @property
    def council(self) -> str: ...


@dataclass(frozen=True)
class Audience:
    """One recipient as the sharing check sees it.

    `council` is, for a council's office, the ONS code of its council ('' when not recorded); `name` is
    the office's name, used only to say why something is left out ('' for the one office a passphrase
    file is for, which the file does not name).
    """

    org_type: OrgType
    council: str = ""
    name: str = ""

    def is_own_council_of(self, alert: Scoped) -> bool:
        """Whether this is the office of the council `alert` (or a lesson) is about."""
        return self.org_type is OrgType.COUNCIL and bool(self.council) and self.council == alert.council


def scope_admits(alert: Scoped, recipients: Iterable[Audience]) -> bool:
    """Whether the alert's sharing scope admits every one of the recipients."""
    return scope_refusal(alert, recipients) is None


def scope_refusal(alert: Scoped, recipients: Iterable[Audience]) -> str | None:
    """Why the alert may not go to the recipients ("its sharing scope leaves out ADCS"), or None if it may."""
    missing: set[OrgType] = set()
    unplaced: list[str] = []
    for recipient in recipients:
        if recipient.org_type in alert.sharing or recipient.is_own_council_of(alert):
            continue
        missing.add(recipient.org_type)
        if recipient.org_type is OrgType.COUNCIL and not recipient.council and recipient.name not in unplaced:
            unplaced.append(recipient.name)
    if not missing:
        return None
    words = [_COUNCILS if org is OrgType.COUNCIL else org.label for org in sorted(missing, key=lambda o: o.value)]
    return "its sharing scope leaves out " + " and ".join(words) + _unplaced_note(unplaced)


# A council office always receives the alerts about its own council, so what the scope leaves out is the rest.
_COUNCILS = "other councils"


def _unplaced_note(names: list[str]) -> str:
    """Why a council office did not count as the alert's own council: which council it is is not known."""
    if not names:
        return ""
    named = [n for n in names if n]
    if not named:
        return " (a passphrase file does not say which council it is for)"
    if len(named) == 1:
        return f" (it is not recorded which council {named[0]} belongs to)"
    return f" (it is not recorded which councils {', '.join(named[:-1])} and {named[-1]} belong to)"


@dataclass(frozen=True)
class LeftOut:
    """A record that is not exported, and the reason to show the officer."""

    record: Record
    reason: str


@dataclass(frozen=True)
class ExportSelection:
    """The records that may go into a file for some recipients, and those left out with reasons."""

    included: tuple[Record, ...]
    left_out: tuple[LeftOut, ...]


def select_for_export(records: Iterable[Record], recipients: Collection[Audience]) -> ExportSelection:
    """Split records into those every recipient may see and those left out (keeping their order)."""
    included: list[Record] = []
    left_out: list[LeftOut] = []
    for record in records:
        reason = scope_refusal(record.alert, recipients)
        if reason is None:
            included.append(record)
        else:
            left_out.append(LeftOut(record, reason))
    return ExportSelection(tuple(included), tuple(left_out))


@dataclass(frozen=True)
class LessonSelection:
    """The lessons that may go into a file for some recipients, and those left out with the reason for each."""

    included: tuple[LessonRecord, ...]
    left_out: tuple[tuple[LessonRecord, str], ...]


def select_lessons_for_export(lessons: Iterable[LessonRecord], recipients: Collection[Audience]) -> LessonSelection:
    """Split lessons into those every recipient may see (by the lesson's own scope) and those left out."""
    included: list[LessonRecord] = []
    left_out: list[tuple[LessonRecord, str]] = []
    for record in lessons:
        reason = scope_refusal(record.lesson, recipients)
        if reason is None:
            included.append(record)
        else:
            left_out.append((record, reason))
    return LessonSelection(tuple(included), tuple(left_out))
