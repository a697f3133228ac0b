"""The forward look's query: milestones between two dates, for the alerts a log filter keeps."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from sg_desktop.domain.enums import AlertKind
from sg_desktop.domain.forward import CONFIDENCES, MEDIA_INTERESTS, AlertHead, Mark, MilestoneRow
from sg_desktop.domain.query import AlertQuery
from sg_desktop.store.alert_rows import ALERT_KIND, ALERT_STATUS, CONFIDENCE, MEDIA_INTEREST, MILESTONE
from sg_desktop.store.codec import t_in
from sg_desktop.store.database import Connection, reports_damage
from sg_desktop.store.log_query import where_clause

__all__ = ["ForwardRepository"]

_SELECT = (
    "SELECT a.id, a.reference, a.council, a.kind, a.title, a.status, a.media_interest, "
    "m.id, m.kind, m.date, m.confidence, m.time, a.open_offers "
    # CROSS JOIN keeps SQLite to this order: the date range read from milestones_date first, then each
    # milestone's alert by rowid. Left to itself it walked every alert and looked up its milestones.
    "FROM milestones m CROSS JOIN alerts a ON a.rowid = m.alert_rowid"
)


@reports_damage
class ForwardRepository:
    """Milestones by date, read from the milestones' date index."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def milestones_between(self, query: AlertQuery, today: date, first: date, last: date) -> list[MilestoneRow]:
        """Every milestone dated `first` to `last` (both included) of an alert `query` keeps, by date, time
        and reference. The query's own "next milestone within" filter is ignored: the range is the filter."""
        plain = AlertQuery(councils=query.councils, kinds=query.kinds, statuses=query.statuses, media=query.media,
                           text=query.text, include_deleted=False)
        where, params = where_clause(plain, today)
        params.update(first=first.isoformat(), last=last.isoformat())
        sql = (f"{_SELECT} WHERE m.date BETWEEN :first AND :last AND {where} "
               "ORDER BY m.date, coalesce(m.time, ''), a.reference, m.position")
        return [_row(r) for r in self._conn.execute(sql, params)]

    # -- the timeline's light reading (schema 11's covering indexes) ---------------------------------------

    def marks_between(self, query: AlertQuery, today: date, first: date, last: date) -> list[Mark]:
        """The same milestones as `milestones_between`, in the same order, each as a `Mark`: read from two
        narrow indexes alone, never the alerts' wide rows."""
        plain = AlertQuery(councils=query.councils, kinds=query.kinds, statuses=query.statuses, media=query.media,
                           text=query.text, include_deleted=False)
        where, params = where_clause(plain, today)
        params.update(first=first.isoformat(), last=last.isoformat())
        sql = (f"{_MARKS} WHERE m.date BETWEEN :first AND :last AND {where} "
               "ORDER BY m.date, coalesce(m.time, ''), a.reference, m.position")
        return self._conn.execute(sql, params).fetchall()  # type: ignore[no-any-return]

    def heads(self, alerts: Iterable[int]) -> dict[int, AlertHead]:
        """The id, reference and title of each alert (by rowid) of `alerts`."""
        sql = "SELECT rowid, id, reference, title FROM alerts WHERE rowid IN (SELECT value FROM json_each(:ids))"
        return {r[0]: AlertHead(r[1], r[2], r[3]) for r in self._conn.execute(sql, {"ids": json.dumps(list(alerts))})}

    def groups(self, alerts: Iterable[int]) -> dict[int, tuple[str, AlertKind]]:
        """The council (ONS code) and kind of each alert (by rowid) of `alerts`, from the narrow index."""
        sql = ("SELECT rowid, council, kind FROM alerts INDEXED BY alerts_span "
               "WHERE rowid IN (SELECT value FROM json_each(:ids))")
        return {r[0]: (r[1], ALERT_KIND[r[2]]) for r in self._conn.execute(sql, {"ids": json.dumps(list(alerts))})}

    def rows_of(self, milestones: Iterable[int]) -> dict[int, MilestoneRow]:
        """The full row of each milestone (by rowid) of `milestones`."""
        sql = f"{_SELECT_KEYED} WHERE m.rowid IN (SELECT value FROM json_each(:ids))"
        return {r[13]: _row(r) for r in self._conn.execute(sql, {"ids": json.dumps(list(milestones))})}


def _case(column: str, values: Iterable[str], scale: int) -> str:
    return f"CASE {column} " + " ".join(f"WHEN '{v}' THEN {i * scale}" for i, v in enumerate(values)) + " END"


# julianday() of a date is a half day past an integer; this takes that integer to Python's ordinal.
_ORDINAL_OFFSET = 1721424
_MARKS = (
    f"SELECT m.alert_rowid, m.rowid, (CAST(julianday(m.date) AS INTEGER) - {_ORDINAL_OFFSET}) * 16 + "
    f"{_case('m.confidence', (c.value for c in CONFIDENCES), 4)} + "
    f"{_case('a.media_interest', (x.value for x in MEDIA_INTERESTS), 1)} "
    "FROM milestones m INDEXED BY milestones_span CROSS JOIN alerts a INDEXED BY alerts_span ON a.rowid = m.alert_rowid"
)
_SELECT_KEYED = _SELECT.replace("a.open_offers ", "a.open_offers, m.rowid ", 1)


def _row(r: Any) -> MilestoneRow:
    return MilestoneRow(
        alert_id=r[0], reference=r[1], council=r[2], alert_kind=ALERT_KIND[r[3]], title=r[4], status=ALERT_STATUS[r[5]],
        media_interest=MEDIA_INTEREST[r[6]], milestone_id=r[7], kind=MILESTONE[r[8]], date=date.fromisoformat(r[9]),
        confidence=CONFIDENCE[r[10]], time=t_in(r[11]), open_offers=r[12],
    )
