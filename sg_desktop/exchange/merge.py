"""Merging an incoming record into this office's copy, without ever losing a change silently.

Every record carries its *ancestry*: the versions (hashes, see `Record.version`) it was made from,
newest first, at most `MAX_ANCESTORS`. That is all the state merging needs, and it travels with the
record, so no per-office bookkeeping is required:

    no local copy                               → new
    same version                                → unchanged   (re-importing changes nothing)
    local version is an ancestor of incoming    → updated     (they built on what we have)
    incoming version is an ancestor of local    → older       (ignored: never overwrites a newer copy)
    neither                                     → conflict    (both changed since they last agreed)

"Last agreed" is the newest version both copies descend from; when ancestry was cut off by the cap the
rule reports a conflict, which is the safe direction. Tombstones are records like any other. Lessons
(`LessonRecord`) carry ancestry too and are classified by the same rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from sg_desktop.domain.lessons import Lesson
from sg_desktop.domain.model import Alert, new_id
from sg_desktop.exchange.lesson_records import LessonRecord
from sg_desktop.exchange.records import MAX_ANCESTORS, Record

__all__ = [
    "ImportPlan",
    "MergeKind",
    "Planned",
    "Resolution",
    "Versioned",
    "after_edit",
    "classify",
    "lesson_after_edit",
    "plan_import",
    "resolve",
]


class MergeKind(StrEnum):
    """What importing one record would do."""

    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"
    OLDER = "older-ignored"

    @property
    def label(self) -> str:
        """The words an officer reads in the import preview."""
        return _LABELS[self]


_LABELS = {
    MergeKind.NEW: "New",
    MergeKind.UPDATED: "Updated",
    MergeKind.UNCHANGED: "Unchanged",
    MergeKind.CONFLICT: "Conflict: changed here and there",
    MergeKind.OLDER: "Older than the copy here (ignored)",
}


class Resolution(StrEnum):
    """How the officer settles a conflict."""

    KEEP_MINE = "keep-mine"
    TAKE_THEIRS = "take-theirs"
    KEEP_BOTH = "keep-both"


class Versioned(Protocol):
    """A record with a version and its ancestry (an alert's `Record`, a `LessonRecord`)."""

    @property
    def version(self) -> str: ...

    @property
    def ancestors(self) -> tuple[str, ...]: ...


def classify(local: Versioned | None, incoming: Versioned) -> MergeKind:
    """How `incoming` relates to this office's copy of the same record (None when there is none)."""
    if local is None:
        return MergeKind.NEW
    if local.version == incoming.version:
        return MergeKind.UNCHANGED
    descends = local.version in incoming.ancestors
    ancestor = incoming.version in local.ancestors
    if descends and not ancestor:
        return MergeKind.UPDATED
    if ancestor and not descends:
        return MergeKind.OLDER
    # Both at once only happens with a hash collision or a forged ancestry: let the officer decide.
    return MergeKind.CONFLICT


def _ancestry(versions: Iterable[str], exclude: str) -> tuple[str, ...]:
    kept = [v for v in dict.fromkeys(versions) if v != exclude]
    return tuple(kept[:MAX_ANCESTORS])


def after_edit(previous: Record, edited: Alert) -> Record:
    """The record for a local edit or deletion of `previous`: the old version joins the ancestry."""
    result = Record(edited)
    return Record(edited, _ancestry((previous.version, *previous.ancestors), result.version))


def lesson_after_edit(previous: LessonRecord, edited: Lesson) -> LessonRecord:
    """The record for a local edit of the lesson `previous`: the old version joins the ancestry."""
    result = LessonRecord(edited)
    return LessonRecord(edited, _ancestry((previous.version, *previous.ancestors), result.version))


def resolve(local: Record, incoming: Record, choice: Resolution, now: datetime) -> tuple[Record, ...]:
    """The records to store after the officer settles a conflict; both versions become ancestors.

    KEEP_MINE and TAKE_THEIRS give one record (the same alert id). KEEP_BOTH gives this office's copy
    and, second, the incoming one as a new alert with fresh ids, an empty reference (the app gives it
    one) and no origin office (the app sets its own).
    """
    history = (local.version, *local.ancestors, incoming.version, *incoming.ancestors)
    revision = max(local.alert.revision, incoming.alert.revision) + 1
    mine = replace(local.alert, revision=revision, updated_at=now)
    kept = Record(mine, _ancestry(history, Record(mine).version))
    if choice is Resolution.KEEP_MINE:
        return (kept,)
    if choice is Resolution.TAKE_THEIRS:
        theirs = incoming.alert
        return (Record(theirs, _ancestry((*incoming.ancestors, *history), incoming.version)),)
    copy = replace(
        incoming.alert,
        id=new_id(),
        reference="",
        origin_office="",
        revision=1,
        created_at=now,
        updated_at=now,
        milestones=tuple(replace(m, id=new_id()) for m in incoming.alert.milestones),
        offers=tuple(replace(o, id=new_id()) for o in incoming.alert.offers),
    )
    return (kept, Record(copy))


@dataclass(frozen=True)
class Planned:
    """One incoming record, this office's copy of it (if any) and what importing would do."""

    kind: MergeKind
    incoming: Record
    local: Record | None


@dataclass(frozen=True)
class ImportPlan:
    """The preview of an import: every incoming record classified, in file order."""

    items: tuple[Planned, ...]

    def of_kind(self, kind: MergeKind) -> tuple[Planned, ...]:
        """The planned records of one kind."""
        return tuple(p for p in self.items if p.kind is kind)

    def counts(self) -> dict[MergeKind, int]:
        """How many records of each kind (every kind present, zero when none)."""
        counts = dict.fromkeys(MergeKind, 0)
        for p in self.items:
            counts[p.kind] += 1
        return counts

    @property
    def changes_anything(self) -> bool:
        """Whether applying the plan would write any record (new, updated or a conflict to settle)."""
        return any(p.kind in (MergeKind.NEW, MergeKind.UPDATED, MergeKind.CONFLICT) for p in self.items)


def plan_import(incoming: Sequence[Record], local_copy: Callable[[str], Record | None]) -> ImportPlan:
    """Classify every incoming record against this office's copy, looked up by alert id."""
    items = []
    for record in incoming:
        local = local_copy(record.alert.id)
        items.append(Planned(classify(local, record), record, local))
    return ImportPlan(tuple(items))
