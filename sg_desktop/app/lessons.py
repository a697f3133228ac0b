"""The lessons-learned use cases shared by the GUI and the command line: record or edit this office's lesson on an
alert, and read lessons (this office's and those received).

Each office has at most one lesson on an alert, and only it edits that lesson: saving a lesson on an alert that
already has this office's lesson changes that one (a new revision), or nothing at all when nothing differs. A new
lesson may be recorded once the alert is closed or its last milestone has passed. The lesson takes its alert's
reference, council, kind and expected interest as they are when it is saved, and each reviewed offer's
organisation and kind from the alert, so what travels matches the alert. Text that looks like it could identify
a child stops the save unless the officer confirms; the audit log records the lesson's id and revision, never
its text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sg_desktop.app.alerts import AlertService
from sg_desktop.app.clock import Clock
from sg_desktop.domain.errors import IdentifyingDataWarning, NotFound, Problem, ValidationError
from sg_desktop.domain.identifying import FieldFinding
from sg_desktop.domain.lessons import Lesson, check_lesson, lesson_refusal, new_lesson, scan_lesson
from sg_desktop.domain.model import Alert, new_id
from sg_desktop.exchange import LessonRecord, lesson_after_edit, lesson_version
from sg_desktop.store.audit import AuditLog
from sg_desktop.store.lessons import LessonFilter, LessonLineage, LessonRepository
from sg_desktop.store.vault import Transaction

__all__ = ["LessonFilter", "LessonSaved", "LessonService", "lesson_findings"]


def lesson_findings(lesson: Lesson) -> list[FieldFinding]:
    """Places in the lesson's text that look like they could identify a child."""
    return scan_lesson(lesson)


@dataclass(frozen=True)
class LessonSaved:
    """A lesson as stored, and what saving did: "recorded" (new), "updated" or "unchanged"."""

    lesson: Lesson
    result: str


class LessonService:
    """Lessons in one unlocked vault; this office is `office_id` (the vault's id), called `office_name`."""

    def __init__(self, lessons: LessonRepository, alerts: AlertService, audit: AuditLog, transaction: Transaction,
                 clock: Clock, office_id: str, office_name: str) -> None:
        self._repo = lessons
        self._alerts = alerts
        self._audit = audit
        self._transaction = transaction
        self._clock = clock
        self._office_id = office_id
        self._office_name = office_name

    @property
    def alerts(self) -> AlertService:
        """The alert service the lessons are recorded beside (its councils, its clock)."""
        return self._alerts

    # -- what to edit ----------------------------------------------------------------------------

    def own_lesson(self, alert_id: str) -> Lesson | None:
        """This office's live lesson on the alert, if it recorded one."""
        found = self._repo.of_alert_by(alert_id, self._office_id)
        return None if found is None or found.deleted else found

    def refusal(self, alert: Alert) -> str | None:
        """Why this office cannot record a lesson on `alert` now (None: it can). Its own lesson may always be
        edited."""
        if self.own_lesson(alert.id) is not None:
            return None
        return lesson_refusal(alert, self._clock.today())

    def draft(self, alert: Alert) -> Lesson:
        """This office's lesson on `alert` to edit: the one it recorded, with a review for any offer added since,
        or a new one filled in from the alert."""
        mine = self.own_lesson(alert.id)
        if mine is None:
            return new_lesson(alert)
        reviewed = {r.offer_id for r in mine.offers}
        extra = tuple(r for r in new_lesson(alert).offers if r.offer_id not in reviewed)
        return replace(mine, offers=(*mine.offers, *extra)) if extra else mine

    # -- writing ---------------------------------------------------------------------------------

    def save(self, lesson: Lesson, *, confirm_identifying: bool = False) -> LessonSaved:
        """Record or update this office's lesson on the alert `lesson.alert_id`."""
        check_lesson(lesson)
        if not confirm_identifying:
            found = lesson_findings(lesson)
            if found:
                raise IdentifyingDataWarning([f.message for f in found])
        now = self._clock.now()
        with self._transaction():
            alert = self._alerts.get_by_id(lesson.alert_id)
            if alert is None or alert.deleted:
                raise NotFound("That alert no longer exists; it may have been deleted.")
            shaped = _from_alert(lesson, alert)
            old = self._repo.of_alert_by(alert.id, self._office_id)
            if old is None or old.deleted:
                refusal = lesson_refusal(alert, self._clock.today())
                if refusal is not None:
                    raise ValidationError([Problem("alert", refusal)])
            if old is None:
                stored = replace(shaped, id=new_id(), origin_office=self._office_id, recorded_by=self._office_name,
                                 created_at=now, updated_at=now, revision=1, deleted=False)
                self._repo.insert_many([(stored, LessonLineage(lesson_version(stored), ()))])
                self._audit.append(now, "lesson.add", stored.id, reference=alert.reference, revision=1,
                                   may_share=stored.may_share, reviews=len(stored.offers))
                return LessonSaved(stored, "recorded")
            unchanged = not old.deleted and old.same_content(shaped) and (
                old.reference, old.council, old.kind, old.expected) == (
                shaped.reference, shaped.council, shaped.kind, shaped.expected)
            if unchanged:
                return LessonSaved(old, "unchanged")
            stored = replace(shaped, id=old.id, origin_office=old.origin_office, recorded_by=self._office_name,
                             created_at=old.created_at, updated_at=now, revision=old.revision + 1, deleted=False)
            known = self._repo.lineage([old.id]).get(old.id)
            edited = lesson_after_edit(LessonRecord(old, known.ancestors if known else ()), stored)
            self._repo.update(stored, LessonLineage(edited.version, edited.ancestors))
            self._audit.append(now, "lesson.edit", stored.id, reference=alert.reference, revision=stored.revision,
                               may_share=stored.may_share, reviews=len(stored.offers))
        return LessonSaved(stored, "updated")

    # -- reading ---------------------------------------------------------------------------------

    def of_alert(self, alert_id: str) -> list[Lesson]:
        """Every live lesson on the alert (this office's and those received), the oldest first."""
        return self._repo.of_alert(alert_id)

    def find(self, which: LessonFilter | None = None) -> list[Lesson]:
        """The live lessons `which` keeps (every one when None), the oldest first."""
        return self._repo.find(which or LessonFilter())

    def alerts_with_lessons(self, alert_ids: list[str]) -> set[str]:
        """Which of these alerts have a lesson."""
        return self._repo.alerts_with_lessons(alert_ids)

    def is_own(self, lesson: Lesson) -> bool:
        """Whether this office recorded `lesson` (and so may edit it)."""
        return lesson.origin_office == self._office_id

    def total(self) -> int:
        """How many live lessons the vault holds."""
        return self._repo.total()


def _from_alert(lesson: Lesson, alert: Alert) -> Lesson:
    """`lesson` with its alert's details as they are now; ValidationError for a review of an offer it lacks."""
    offers = {o.id: o for o in alert.offers}
    problems = [Problem(f"offers[{i}]", f"Support offer {i} of the lesson is not an offer of {alert.reference}.")
                for i, r in enumerate(lesson.offers, 1) if r.offer_id not in offers]
    if problems:
        raise ValidationError(problems)
    reviews = tuple(replace(r, organisation=offers[r.offer_id].organisation, kind=offers[r.offer_id].kind)
                    for r in lesson.offers)
    return replace(lesson, alert_id=alert.id, reference=alert.reference, council=alert.council, kind=alert.kind,
                   expected=alert.media_interest, offers=reviews)
