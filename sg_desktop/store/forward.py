"""The forward look's query: milestones between two dates, for the alerts a log filter keeps."""

from __future__ import annotations

from datetime import date
from typing import Any

from sg_desktop.domain.forward import MilestoneRow
from sg_desktop.domain.query import AlertQuery
from sg_desktop.store.alert_rows import ALERT_KIND, ALERT_STATUS, CONFIDENCE, MEDIA_INTEREST, MILESTONE
from sg_desktop.store.codec import t_in
from sg_desktop.store.database import Connection
from sg_desktop.store.log_query import where_clause

__all__ = ["ForwardRepository"]

_SELECT = (
    "SELECT a.id, a.reference, a.council, a.kind, a.title, a.status, a.media_interest, "
    "m.id, m.kind, m.date, m.confidence, m.time, a.open_offers "
    # CROSS JOIN keeps SQLite to this order: the date range read from milestones_date first, then each
    # milestone's alert by rowid. Left to itself it walked every alert and looked up its milestones.
    "FROM milestones m CROSS JOIN alerts a ON a.rowid = m.alert_rowid"
)


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


def _row(r: Any) -> MilestoneRow:
    return MilestoneRow(
        alert_id=r[0], reference=r[1], council=r[2], alert_kind=ALERT_KIND[r[3]], title=r[4], status=ALERT_STATUS[r[5]],
        media_interest=MEDIA_INTEREST[r[6]], milestone_id=r[7], kind=MILESTONE[r[8]], date=date.fromisoformat(r[9]),
        confidence=CONFIDENCE[r[10]], time=t_in(r[11]), open_offers=r[12],
    )
