"""Need to know: an alert goes only to offices whose kind of organisation its sharing scope names.

A file has several recipients and every one of them can read every record, so a record is exported
only when its scope admits *every* recipient's organisation type.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sg_desktop.domain.enums import OrgType
from sg_desktop.exchange.records import Record

__all__ = ["ExportSelection", "LeftOut", "scope_admits", "scope_refusal", "select_for_export"]


def scope_admits(sharing: Collection[OrgType], recipient_orgs: Iterable[OrgType]) -> bool:
    """Whether a sharing scope admits every one of the recipients' organisation types."""
    return all(org in sharing for org in recipient_orgs)


def scope_refusal(sharing: Collection[OrgType], recipient_orgs: Iterable[OrgType]) -> str | None:
    """Why a scope does not admit the recipients ("its sharing scope leaves out ADCS"), or None if it does."""
    missing = sorted({org for org in recipient_orgs if org not in sharing}, key=lambda o: o.value)
    if not missing:
        return None
    return "its sharing scope leaves out " + " and ".join(org.label for org in missing)


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


def select_for_export(records: Iterable[Record], recipient_orgs: Collection[OrgType]) -> ExportSelection:
    """Split records into those every recipient may see and those left out (keeping their order)."""
    included: list[Record] = []
    left_out: list[LeftOut] = []
    for record in records:
        reason = scope_refusal(record.alert.sharing, recipient_orgs)
        if reason is None:
            included.append(record)
        else:
            left_out.append(LeftOut(record, reason))
    return ExportSelection(tuple(included), tuple(left_out))
