"""Lessons on the wire (body version 3): every field of the domain `Lesson`, plus its ancestry for merging.

Read as strictly as alerts: a missing, unknown or mistyped member, or a value outside its vocabulary, is
refused with the member's path (`lessons[2].offers[1].usefulness`), never its text. A lesson's version is a
hash of everything in it except its ancestry, under its own label, so it can never equal an alert's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from sg_desktop.domain.enums import AlertKind, Coverage, MediaInterest, OfferingOrganisation, OfferKind
from sg_desktop.domain.lessons import MAX_COMMENT, Lesson, OfferReview
from sg_desktop.exchange.canonical import canonical_json
from sg_desktop.exchange.wire_fields import (
    MAX_REVISION,
    MAX_SHORT,
    RecordProblem,
    ancestors,
    boolean,
    enum_member,
    format_instant,
    identifier,
    item_list,
    members,
    opt_instant,
    revision,
    sharing,
    text,
)

__all__ = ["LessonRecord", "decode_lesson", "encode_lesson", "lesson_version"]

_VERSION_LABEL = b"sg-desktop/lesson-version/v1\x00"
_LESSON_KEYS = frozenset({
    "id", "alert_id", "reference", "council", "kind", "expected", "coverage", "offers", "helped", "did_not_help",
    "do_differently", "may_share", "sharing", "origin_office", "recorded_by", "created_at", "updated_at",
    "revision", "deleted", "ancestors",
})
_REVIEW_KEYS = frozenset({"offer_id", "organisation", "kind", "accepted", "usefulness", "comment"})


@dataclass(frozen=True)
class LessonRecord:
    """A lesson as exchanged: the lesson and the versions it descends from (newest first)."""

    lesson: Lesson
    ancestors: tuple[str, ...] = ()

    @cached_property
    def version(self) -> str:
        """This lesson's version: 32 hex digits of a hash of all its fields except its ancestors."""
        return lesson_version(self.lesson)


def _i(value: datetime | None) -> str | None:
    return None if value is None else format_instant(value)


def _fields(lesson: Lesson) -> dict[str, Any]:
    if not 0 <= lesson.revision <= MAX_REVISION:
        raise ValueError("a lesson's revision is out of range")
    return {
        "id": lesson.id,
        "alert_id": lesson.alert_id,
        "reference": lesson.reference,
        "council": lesson.council,
        "kind": lesson.kind.value,
        "expected": lesson.expected.value,
        "coverage": lesson.coverage.value,
        "offers": [
            {"offer_id": r.offer_id, "organisation": r.organisation.value, "kind": r.kind.value,
             "accepted": r.accepted, "usefulness": r.usefulness, "comment": r.comment}
            for r in lesson.offers
        ],
        "helped": lesson.helped,
        "did_not_help": lesson.did_not_help,
        "do_differently": lesson.do_differently,
        "may_share": lesson.may_share,
        "sharing": sorted(o.value for o in lesson.sharing),
        "origin_office": lesson.origin_office,
        "recorded_by": lesson.recorded_by,
        "created_at": _i(lesson.created_at),
        "updated_at": _i(lesson.updated_at),
        "revision": lesson.revision,
        "deleted": lesson.deleted,
    }


def lesson_version(lesson: Lesson) -> str:
    """The version hash of a lesson: SHA-256 over its label and its canonical JSON, first 16 bytes in hex."""
    return _version_of(_fields(lesson))


def _version_of(fields: dict[str, Any]) -> str:
    return hashlib.sha256(_VERSION_LABEL + canonical_json(fields)).hexdigest()[:32]


def encode_lesson(record: LessonRecord) -> dict[str, Any]:
    """A lesson as the JSON object written into a protocol file."""
    fields = _fields(record.lesson)
    fields["ancestors"] = list(record.ancestors)
    return fields


def _usefulness(value: object, path: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
        raise RecordProblem(f"{path} is not a whole number from 1 to 5")
    return value


def _review(value: object, path: str) -> OfferReview:
    v = members(value, _REVIEW_KEYS, path)
    accepted = boolean(v["accepted"], f"{path}.accepted")
    usefulness = _usefulness(v["usefulness"], f"{path}.usefulness")
    if usefulness is not None and not accepted:
        raise RecordProblem(f"{path}.usefulness rates an offer that was not taken up")
    return OfferReview(
        offer_id=identifier(v["offer_id"], f"{path}.offer_id"),
        organisation=enum_member(OfferingOrganisation, v["organisation"], f"{path}.organisation"),
        kind=enum_member(OfferKind, v["kind"], f"{path}.kind"),
        accepted=accepted,
        usefulness=usefulness,
        comment=text(v["comment"], f"{path}.comment", MAX_COMMENT),
    )


def decode_lesson(value: object) -> LessonRecord:
    """A lesson from its JSON object; RecordProblem naming the first member that breaks the format."""
    v = members(value, _LESSON_KEYS, "", "the lesson")
    reviews = item_list(v["offers"], "offers", _review)
    if len({r.offer_id for r in reviews}) != len(reviews):
        raise RecordProblem("offers reviews the same offer twice")
    lesson = Lesson(
        id=identifier(v["id"], "id"),
        alert_id=identifier(v["alert_id"], "alert_id"),
        reference=text(v["reference"], "reference", MAX_SHORT),
        council=text(v["council"], "council", MAX_SHORT),
        kind=enum_member(AlertKind, v["kind"], "kind"),
        expected=enum_member(MediaInterest, v["expected"], "expected"),
        coverage=enum_member(Coverage, v["coverage"], "coverage"),
        offers=reviews,
        helped=text(v["helped"], "helped", multiline=True),
        did_not_help=text(v["did_not_help"], "did_not_help", multiline=True),
        do_differently=text(v["do_differently"], "do_differently", multiline=True),
        may_share=boolean(v["may_share"], "may_share"),
        sharing=sharing(v["sharing"], "sharing"),
        origin_office=text(v["origin_office"], "origin_office", MAX_SHORT),
        recorded_by=text(v["recorded_by"], "recorded_by", MAX_SHORT),
        created_at=opt_instant(v["created_at"], "created_at"),
        updated_at=opt_instant(v["updated_at"], "updated_at"),
        revision=revision(v["revision"], "revision"),
        deleted=boolean(v["deleted"], "deleted"),
    )
    record = LessonRecord(lesson, ancestors(v["ancestors"]))
    # As for alerts, reading is strict enough that the JSON received is what encoding the lesson again gives.
    record.__dict__["version"] = _version_of({k: x for k, x in v.items() if k != "ancestors"})
    return record
