"""The lesson repository: lessons learned, this office's and those received, with their merge state. It is the only
code that writes the `lessons` table.

Methods take and return domain objects and never commit: the caller owns the transaction. A lesson's version is
stored with it (computing it is the exchange package's job, wired in by the app), so deciding what changed
since a file was last sent, and whether an incoming copy is news, needs no hashing here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, NamedTuple

from sg_desktop.domain.enums import AlertKind, Coverage, MediaInterest, OfferingOrganisation, OfferKind
from sg_desktop.domain.lessons import Lesson, OfferReview
from sg_desktop.store.batches import batches
from sg_desktop.store.codec import dt_in, dt_out, sharing_in, sharing_out
from sg_desktop.store.database import Connection, reports_damage

__all__ = ["LessonFilter", "LessonLineage", "LessonRepository", "LessonTallies", "SharedTextRow"]

_COLUMNS = ("id, alert_id, reference, council, kind, expected, coverage, offers, helped, did_not_help, "
            "do_differently, may_share, sharing, origin_office, recorded_by, created_at, updated_at, revision, "
            "deleted")
_KIND = {k.value: k for k in AlertKind}
_MEDIA = {m.value: m for m in MediaInterest}
_COVERAGE = {c.value: c for c in Coverage}
_ORGANISATION = {o.value: o for o in OfferingOrganisation}
_OFFER_KIND = {k.value: k for k in OfferKind}


@dataclass(frozen=True)
class LessonLineage:
    """A lesson's merge state: its stored version and its ancestors, newest first."""

    version: str
    ancestors: tuple[str, ...]


@dataclass(frozen=True)
class LessonFilter:
    """Which lessons to read: about these councils (ONS codes) and of these kinds (empty: any), recorded on or
    after `since` (a day in UTC); tombstones never."""

    councils: frozenset[str] = frozenset()
    kinds: frozenset[AlertKind] = frozenset()
    since: date | None = None


@dataclass(frozen=True)
class LessonTallies:
    """The digest's counts of some lessons, by the stable values of the vocabularies: lessons by kind of case,
    expected interest, coverage and whether they may be shared; and the offers reviewed by kind of case and kind of
    support: (lessons reviewing one, offers reviewed, taken up, rated `useful_from` or more)."""

    lessons: dict[tuple[str, str, str, bool], int]
    reviews: dict[tuple[str, str], tuple[int, int, int, int]]


class SharedTextRow(NamedTuple):
    """The texts of a lesson that may be quoted, with what is said beside them; `councils_may_see` is whether its
    scope names councils."""

    helped: str
    do_differently: str
    council: str
    kind: str
    created_at: str | None
    councils_may_see: bool


def _where(which: LessonFilter) -> tuple[str, list[object]]:
    where: list[str] = ["l.deleted = 0"]
    params: list[object] = []
    if which.since is not None:
        where.append("l.created_at >= ?")
        params.append(dt_out(datetime.combine(which.since, time.min, tzinfo=UTC)))
    if which.kinds:
        where.append(f"l.kind IN ({','.join('?' * len(which.kinds))})")
        params += sorted(k.value for k in which.kinds)
    if which.councils:
        where.append(f"l.council IN ({','.join('?' * len(which.councils))})")
        params += sorted(which.councils)
    return " AND ".join(where), params


def _reviews_out(reviews: Sequence[OfferReview]) -> str:
    return json.dumps([[r.offer_id, r.organisation.value, r.kind.value, r.accepted, r.usefulness, r.comment]
                       for r in reviews], ensure_ascii=False, separators=(",", ":"))


def _reviews_in(text: str) -> tuple[OfferReview, ...]:
    return tuple(OfferReview(i, _ORGANISATION[o], _OFFER_KIND[k], bool(a), u, c)
                 for i, o, k, a, u, c in json.loads(text))


def _values(lesson: Lesson) -> tuple[Any, ...]:
    return (
        lesson.id, lesson.alert_id, lesson.reference, lesson.council, lesson.kind.value, lesson.expected.value,
        lesson.coverage.value, _reviews_out(lesson.offers), lesson.helped, lesson.did_not_help, lesson.do_differently,
        int(lesson.may_share), sharing_out(lesson.sharing), lesson.origin_office, lesson.recorded_by,
        None if lesson.created_at is None else dt_out(lesson.created_at),
        None if lesson.updated_at is None else dt_out(lesson.updated_at), lesson.revision, int(lesson.deleted),
    )


def _lesson(r: Any) -> Lesson:
    return Lesson(
        id=r[0], alert_id=r[1], reference=r[2], council=r[3], kind=_KIND[r[4]], expected=_MEDIA[r[5]],
        coverage=_COVERAGE[r[6]], offers=_reviews_in(r[7]), helped=r[8], did_not_help=r[9], do_differently=r[10],
        may_share=bool(r[11]), sharing=sharing_in(r[12]), origin_office=r[13], recorded_by=r[14],
        created_at=None if r[15] is None else dt_in(r[15]), updated_at=None if r[16] is None else dt_in(r[16]),
        revision=int(r[17]), deleted=bool(r[18]),
    )


@reports_damage
class LessonRepository:
    """Lessons in the vault."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # -- writing -------------------------------------------------------------------------------

    def insert_many(self, lessons: Iterable[tuple[Lesson, LessonLineage]]) -> int:
        """Add new lessons, each with its version and ancestry, in the caller's transaction; return how many."""
        count = 0
        for batch in batches(lessons):
            self._conn.executemany(
                f"INSERT INTO lessons ({_COLUMNS}, version, ancestors) VALUES ({', '.join('?' * 21)})",
                [(*_values(lesson), lineage.version, ",".join(lineage.ancestors)) for lesson, lineage in batch],
            )
            count += len(batch)
        return count

    def update(self, lesson: Lesson, lineage: LessonLineage) -> None:
        """Replace the stored lesson of the same id, with its new version and ancestry."""
        values = _values(lesson)
        cursor = self._conn.execute(
            "UPDATE lessons SET alert_id=?, reference=?, council=?, kind=?, expected=?, coverage=?, offers=?, "
            "helped=?, did_not_help=?, do_differently=?, may_share=?, sharing=?, origin_office=?, recorded_by=?, "
            "created_at=?, updated_at=?, revision=?, deleted=?, version=?, ancestors=? WHERE id=?",
            (*values[1:], lineage.version, ",".join(lineage.ancestors), lesson.id),
        )
        if cursor.rowcount != 1:
            raise KeyError(lesson.id)

    # -- reading -------------------------------------------------------------------------------

    def get(self, lesson_id: str) -> Lesson | None:
        """The lesson with this id, tombstones included."""
        row = self._conn.execute(f"SELECT {_COLUMNS} FROM lessons WHERE id = ?", (lesson_id,)).fetchone()
        return None if row is None else _lesson(row)

    def of_alert(self, alert_id: str) -> list[Lesson]:
        """The live lessons on an alert, the oldest first."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM lessons WHERE alert_id = ? AND deleted = 0 ORDER BY created_at, rowid",
            (alert_id,),
        )
        return [_lesson(r) for r in rows]

    def of_alert_by(self, alert_id: str, origin_office: str) -> Lesson | None:
        """The lesson the office `origin_office` recorded on the alert (tombstones included), if any."""
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM lessons WHERE alert_id = ? AND origin_office = ? ORDER BY rowid LIMIT 1",
            (alert_id, origin_office),
        ).fetchone()
        return None if row is None else _lesson(row)

    def alerts_with_lessons(self, alert_ids: Sequence[str]) -> set[str]:
        """Which of these alerts have a live lesson."""
        found: set[str] = set()
        for chunk in batches(alert_ids):
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self._conn.execute(
                f"SELECT DISTINCT alert_id FROM lessons WHERE deleted = 0 AND alert_id IN ({marks})", chunk))
        return found

    def find(self, which: LessonFilter) -> list[Lesson]:
        """The live lessons `which` keeps, by when they were recorded (oldest first)."""
        where, params = _where(which)
        columns = ", ".join(f"l.{c.strip()}" for c in _COLUMNS.split(","))
        rows = self._conn.execute(
            f"SELECT {columns} FROM lessons l WHERE {where} ORDER BY l.created_at, l.rowid", params)
        return [_lesson(r) for r in rows]

    # -- the digest ----------------------------------------------------------------------------
    # Counted in SQL, reviews and all (they are JSON arrays: id, organisation, kind, accepted, usefulness, comment),
    # so 10,000 lessons are counted without making 10,000 objects.

    def tallies(self, which: LessonFilter, useful_from: int) -> LessonTallies:
        """The digest's counts of the lessons `which` keeps."""
        where, params = _where(which)
        lessons = {(kind, expected, coverage, bool(shared)): int(n) for kind, expected, coverage, shared, n in
                   self._conn.execute(f"SELECT l.kind, l.expected, l.coverage, l.may_share, count(*) FROM lessons l "
                                      f"WHERE {where} GROUP BY 1, 2, 3, 4", params)}
        reviews = {(kind, offer): (int(n), int(offered), int(accepted), int(useful))
                   for kind, offer, n, offered, accepted, useful in self._conn.execute(
                       "SELECT l.kind, json_extract(j.value, '$[2]'), count(DISTINCT l.rowid), count(*), "
                       "coalesce(sum(json_extract(j.value, '$[3]')), 0), "
                       "coalesce(sum(coalesce(json_extract(j.value, '$[4]'), 0) >= ?), 0) "
                       f"FROM lessons l, json_each(l.offers) j WHERE {where} GROUP BY 1, 2", [useful_from, *params])}
        return LessonTallies(lessons, reviews)

    def shared_texts(self, which: LessonFilter) -> list[SharedTextRow]:
        """The texts of the lessons `which` keeps that may be quoted, the most recently recorded first."""
        where, params = _where(which)
        rows = self._conn.execute(
            "SELECT l.helped, l.do_differently, l.council, l.kind, l.created_at, "
            "instr(',' || l.sharing || ',', ',council,') > 0 FROM lessons l "
            f"WHERE {where} AND l.may_share = 1 ORDER BY l.created_at DESC, l.rowid DESC", params)
        return [SharedTextRow(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]

    def iter_all(self, include_deleted: bool = True) -> Iterator[Lesson]:
        """Every lesson, in the order stored."""
        where = "" if include_deleted else " WHERE deleted = 0"
        for row in self._conn.execute(f"SELECT {_COLUMNS} FROM lessons{where} ORDER BY rowid"):
            yield _lesson(row)

    def get_many(self, lesson_ids: Sequence[str]) -> list[Lesson]:
        """The lessons with these ids that exist, in the order asked."""
        found: dict[str, Lesson] = {}
        for chunk in batches(lesson_ids):
            marks = ",".join("?" * len(chunk))
            for row in self._conn.execute(f"SELECT {_COLUMNS} FROM lessons WHERE id IN ({marks})", chunk):
                found[row[0]] = _lesson(row)
        return [found[i] for i in lesson_ids if i in found]

    def of_alerts(self, alert_ids: Sequence[str]) -> list[Lesson]:
        """Every lesson (tombstones too) on any of these alerts, in the order stored."""
        out: list[tuple[int, Lesson]] = []
        for chunk in batches(alert_ids):
            marks = ",".join("?" * len(chunk))
            out += [(int(r[-1]), _lesson(r)) for r in self._conn.execute(
                f"SELECT {_COLUMNS}, rowid FROM lessons WHERE alert_id IN ({marks})", chunk)]
        return [lesson for _, lesson in sorted(out, key=lambda x: x[0])]

    def lineage(self, lesson_ids: Sequence[str]) -> dict[str, LessonLineage]:
        """The stored version and ancestry of each of these lessons that exists."""
        out: dict[str, LessonLineage] = {}
        for chunk in batches(lesson_ids):
            marks = ",".join("?" * len(chunk))
            for lesson_id, version, ancestors in self._conn.execute(
                f"SELECT id, version, ancestors FROM lessons WHERE id IN ({marks})", chunk
            ):
                out[lesson_id] = LessonLineage(version, tuple(a for a in ancestors.split(",") if a))
        return out

    def maybe_changed_for(self, office_ids: Sequence[int]) -> list[str]:
        """Ids of lessons (tombstones too) whose version one of these offices is not known to hold."""
        if not office_ids:
            return []
        marks = ",".join("?" * len(office_ids))
        rows = self._conn.execute(
            f"SELECT l.id FROM lessons l WHERE EXISTS (SELECT 1 FROM offices o WHERE o.id IN ({marks}) AND NOT EXISTS ("
            " SELECT 1 FROM office_versions v WHERE v.office_id = o.id AND v.alert_id = l.id"
            " AND v.version = l.version)) ORDER BY l.rowid",
            tuple(office_ids),
        )
        return [r[0] for r in rows]

    def total(self) -> int:
        """How many live lessons the vault holds."""
        return int(self._conn.execute("SELECT count(*) FROM lessons WHERE deleted = 0").fetchone()[0])
