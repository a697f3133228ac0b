"""Lessons in protocol files: which go into a file, and what importing the lessons of a file would do.

Into a file go the lessons on the alerts chosen (every lesson when every alert is sent; with "changed since last
sent", those whose version a recipient office does not hold), each only when its own sharing scope admits every
recipient, whatever the scope of its alert: a lesson whose scope leaves out the LGA never reaches it. The others
are listed with the reason, as alerts are.

Importing merges by version and ancestry, as for alerts: new, updated, unchanged or older. Only the office that
recorded a lesson edits it, so two copies that both changed ("conflict") mean something went wrong at its
source (a vault restored from an old backup, say): the copy here is kept and the preview says so, never silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sg_desktop.domain.office import Office
from sg_desktop.exchange import Audience, LessonRecord, MergeKind, classify, select_lessons_for_export
from sg_desktop.store.exchange_state import ExchangeState
from sg_desktop.store.lessons import LessonLineage, LessonRepository

__all__ = [
    "LeftOutLesson",
    "LessonPlan",
    "PlannedLesson",
    "apply_lessons",
    "lesson_note",
    "lessons_to_send",
    "plan_lessons",
]


@dataclass(frozen=True)
class LeftOutLesson:
    """A lesson that would have gone but may not go to these recipients, and why."""

    lesson_id: str
    reference: str  # its alert's
    recorded_by: str
    reason: str


def lessons_to_send(
    repo: LessonRepository, state: ExchangeState, *, alert_ids: Sequence[str] | None, offices: Sequence[Office],
    audiences: Sequence[Audience], since_last: bool,
) -> tuple[tuple[LessonRecord, ...], tuple[LeftOutLesson, ...]]:
    """The lessons a file for `audiences` carries, and those its recipients may not have.

    `alert_ids` None: every lesson (with `since_last`, every one an office may not hold yet); else the lessons on
    those alerts."""
    if alert_ids is not None:
        lessons = repo.of_alerts(alert_ids)
    elif since_last:
        lessons = repo.get_many(repo.maybe_changed_for([o.id for o in offices]))
    else:
        lessons = list(repo.iter_all())
    lineage = repo.lineage([x.id for x in lessons])
    records = [LessonRecord(x, lineage[x.id].ancestors if x.id in lineage else ()) for x in lessons]
    if since_last and offices:
        held = [state.held_versions(o.id, [r.lesson.id for r in records]) for o in offices]
        records = [r for r in records if any(h.get(r.lesson.id) != r.version for h in held)]
    chosen = select_lessons_for_export(records, audiences)
    left = tuple(LeftOutLesson(r.lesson.id, r.lesson.reference, r.lesson.recorded_by, why)
                 for r, why in chosen.left_out)
    return chosen.included, left


def lesson_note(going: int, left_out: int) -> str:
    """ " 2 lessons learned go too; 1 is left out by its own sharing scope." ("" when there are none)."""
    if not going and not left_out:
        return ""
    words = f" {going} lesson{'s' if going != 1 else ''} learned {'go' if going != 1 else 'goes'} too" if going \
        else " No lesson learned goes"
    if left_out:
        words += f"; {left_out} {'is' if left_out == 1 else 'are'} left out by {'its' if left_out == 1 else 'their'} " \
                 "own sharing scope"
    return words + "."


@dataclass(frozen=True)
class PlannedLesson:
    """One incoming lesson and what importing it would do (a conflict keeps the copy here)."""

    kind: MergeKind
    incoming: LessonRecord


@dataclass(frozen=True)
class LessonPlan:
    """What importing a file's lessons would do, in file order."""

    items: tuple[PlannedLesson, ...] = ()

    def counts(self) -> dict[MergeKind, int]:
        """How many lessons of each kind (every kind present, zero when none)."""
        counts = dict.fromkeys(MergeKind, 0)
        for p in self.items:
            counts[p.kind] += 1
        return counts

    @property
    def changes_anything(self) -> bool:
        """Whether applying would store any lesson."""
        return any(p.kind in (MergeKind.NEW, MergeKind.UPDATED) for p in self.items)

    def shape(self) -> list[tuple[str, MergeKind]]:
        """Each lesson's id and outcome, to tell whether the vault changed since the preview."""
        return [(p.incoming.lesson.id, p.kind) for p in self.items]


def plan_lessons(repo: LessonRepository, incoming: Sequence[LessonRecord]) -> LessonPlan:
    """Classify every incoming lesson against this vault's copy."""
    lineage = repo.lineage([r.lesson.id for r in incoming])
    items = []
    for record in incoming:
        known = lineage.get(record.lesson.id)
        if known is None:
            items.append(PlannedLesson(MergeKind.NEW, record))
        elif known.version == record.version:
            items.append(PlannedLesson(MergeKind.UNCHANGED, record))
        else:
            mine = _Known(known.version, known.ancestors)
            items.append(PlannedLesson(classify(mine, record), record))
    return LessonPlan(tuple(items))


@dataclass(frozen=True)
class _Known:
    version: str
    ancestors: tuple[str, ...]


def apply_lessons(repo: LessonRepository, plan: LessonPlan) -> list[LessonRecord]:
    """Store the new and updated lessons of `plan` exactly as received (in the caller's transaction); return them."""
    stored: list[LessonRecord] = []
    inserts = []
    for p in plan.items:
        lineage = LessonLineage(p.incoming.version, p.incoming.ancestors)
        if p.kind is MergeKind.NEW:
            inserts.append((p.incoming.lesson, lineage))
            stored.append(p.incoming)
        elif p.kind is MergeKind.UPDATED:
            repo.update(p.incoming.lesson, lineage)
            stored.append(p.incoming)
    repo.insert_many(inserts)
    return stored
