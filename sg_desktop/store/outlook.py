"""The coming-up panel's and the dashboard's queries: milestones ahead, follow-ups due, national alerts without
support, and the dashboard's counts, each one statement over the vault rather than a load of every alert.

Only live alerts count (not deleted, not closed). Lists come in pages of `limit` lines, and every count is
read from a narrow index of schema 10 (a few milliseconds at 100,000 alerts): an alert is kept out by
testing its rowid against the few closed or deleted ones, which reads an index rather than each alert's
wide row.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from sg_desktop.domain.enums import AlertKind, AlertStatus, DateConfidence, MediaInterest, OfferStatus
from sg_desktop.domain.forward import MilestoneRow
from sg_desktop.domain.outlook import (
    AWAITING_REPLY,
    OPEN_OFFER_STATUSES,
    DashboardCounts,
    FollowUp,
    ProgrammeCounts,
    UnsupportedAlert,
)
from sg_desktop.store.alert_rows import (
    ALERT_KIND,
    ALERT_STATUS,
    CONFIDENCE,
    MEDIA_INTEREST,
    MILESTONE,
    OFFER_KIND,
    OFFER_STATUS,
    ORGANISATION,
)
from sg_desktop.store.codec import t_in
from sg_desktop.store.database import Connection, reports_damage

__all__ = ["OutlookRepository"]

_CLOSED = AlertStatus.CLOSED.value
_LIVE = f"a.deleted = 0 AND a.status != '{_CLOSED}'"
# The same test kept off the planner's choice of index (`+`): where the alert is joined to a milestone or offer
# found first, reading the alerts by status would read every live alert.
_JOINED_LIVE = f"+a.deleted = 0 AND +a.status != '{_CLOSED}'"
# The rowids of the alerts left out, for `rowid NOT IN`: two short ranges of the schema-10 index, then a bloom
# filter (a few thousand closed alerts, where testing each alert joined would read its row).
_HIDDEN = (f"(SELECT rowid FROM alerts WHERE deleted = 1 "
           f"UNION ALL SELECT rowid FROM alerts WHERE deleted = 0 AND status = '{_CLOSED}')")
_OPEN_OFFERS = ", ".join(f"'{s.value}'" for s in sorted(OPEN_OFFER_STATUSES))
_NATIONAL = f"a.media_interest = '{MediaInterest.NATIONAL.value}'"
_NO_OFFER = "NOT EXISTS (SELECT 1 FROM offers o WHERE o.alert_rowid = a.rowid)"
_TAKEN_UP = (OfferStatus.ACCEPTED, OfferStatus.IN_PROGRESS, OfferStatus.COMPLETED)
_ESTIMATED = f"m.confidence = '{DateConfidence.ESTIMATED.value}'"

_MILESTONE_SELECT = (
    "SELECT a.id, a.reference, a.council, a.kind, a.title, a.status, a.media_interest, "
    "m.id, m.kind, m.date, m.confidence, m.time, a.open_offers "
    "FROM milestones m CROSS JOIN alerts a ON a.rowid = m.alert_rowid"
)


@reports_damage
class OutlookRepository:
    """What needs attention soon, and the counts of the vault, over the live alerts."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # -- milestones ahead ----------------------------------------------------------------------

    def milestones(self, first: date, last: date, limit: int, *, estimated: bool = False) -> list[MilestoneRow]:
        """The first `limit` milestones dated `first` to `last` (both included), by date, time and reference;
        with `estimated`, only those whose date is an estimate."""
        only = f" AND {_ESTIMATED}" if estimated else ""
        sql = (f"{_MILESTONE_SELECT} WHERE m.date BETWEEN :first AND :last{only} AND {_JOINED_LIVE} "
               "ORDER BY m.date, coalesce(m.time, ''), a.reference, m.position LIMIT :limit")
        params = {"first": first.isoformat(), "last": last.isoformat(), "limit": max(0, limit)}
        return [_milestone(r) for r in self._conn.execute(sql, params)]

    def milestones_by_day(self, first: date, last: date, *, estimated: bool = False) -> dict[date, int]:
        """How many milestones fall on each day from `first` to `last` that has any."""
        only = f" AND {_ESTIMATED}" if estimated else ""
        sql = (f"SELECT m.date, count(*) FROM milestones m WHERE m.date BETWEEN :first AND :last{only} "
               f"AND m.alert_rowid NOT IN {_HIDDEN} GROUP BY m.date")
        rows = self._conn.execute(sql, {"first": first.isoformat(), "last": last.isoformat()})
        return {date.fromisoformat(day): int(n) for day, n in rows}

    # -- support -------------------------------------------------------------------------------

    def follow_ups_due(self, today: date, limit: int) -> list[FollowUp]:
        """The first `limit` open offers (not declined or completed) due a follow-up `today` or earlier, the
        longest overdue first."""
        sql = (
            "SELECT a.id, a.reference, a.council, a.title, o.id, o.organisation, o.kind, o.status, o.follow_up_on "
            "FROM offers o INDEXED BY offers_follow_up CROSS JOIN alerts a ON a.rowid = o.alert_rowid "
            f"WHERE o.follow_up_on <= :today AND o.status IN ({_OPEN_OFFERS}) AND {_JOINED_LIVE} "
            "ORDER BY o.follow_up_on, a.reference, o.position LIMIT :limit"
        )
        return [
            FollowUp(r[0], r[1], r[2], r[3], r[4], ORGANISATION[r[5]], OFFER_KIND[r[6]], OFFER_STATUS[r[7]],
                     date.fromisoformat(r[8]))
            for r in self._conn.execute(sql, {"today": today.isoformat(), "limit": max(0, limit)})
        ]

    def count_follow_ups_due(self, today: date) -> int:
        """How many open offers are due a follow-up `today` or earlier."""
        sql = (f"SELECT count(*) FROM offers o INDEXED BY offers_follow_up WHERE o.follow_up_on <= :today "
               f"AND o.status IN ({_OPEN_OFFERS}) "
               f"AND o.alert_rowid NOT IN {_HIDDEN}")
        return int(self._conn.execute(sql, {"today": today.isoformat()}).fetchone()[0])

    def national_without_offer(self, limit: int) -> list[UnsupportedAlert]:
        """The first `limit` live alerts of national media interest with no support offer at all, soonest
        milestone first."""
        sql = (
            # The log's next-date index holds every column read here, in this order.
            "SELECT a.id, a.reference, a.council, a.kind, a.title, a.next_date "
            "FROM alerts a INDEXED BY alerts_log_next "
            f"WHERE {_LIVE} AND {_NATIONAL} AND {_NO_OFFER} "
            "ORDER BY coalesce(a.next_date, '9999'), a.reference LIMIT :limit"
        )
        return [
            UnsupportedAlert(r[0], r[1], r[2], ALERT_KIND[r[3]], r[4],
                             None if r[5] is None else date.fromisoformat(r[5]))
            for r in self._conn.execute(sql, {"limit": max(0, limit)})
        ]

    def count_national_without_offer(self) -> int:
        """How many live alerts of national media interest have no support offer."""
        sql = f"SELECT count(*) FROM alerts a INDEXED BY alerts_outlook WHERE {_LIVE} AND {_NATIONAL} AND {_NO_OFFER}"
        return int(self._conn.execute(sql).fetchone()[0])

    def attention_ids(self, today: date, last: date, confirm_last: date) -> frozenset[str]:
        """An identifier for each thing the coming-up panel would list, whole, for telling what is new:
        milestones to `last`, estimated dates to `confirm_last`, follow-ups due, national alerts without an
        offer. Identifiers only (record ids with a letter for their section), never text."""
        params = {"today": today.isoformat(), "last": last.isoformat(), "confirm": confirm_last.isoformat()}
        out: set[str] = set()
        for (mid,) in self._conn.execute(
            f"SELECT m.id FROM milestones m WHERE m.date BETWEEN :today AND :last AND m.alert_rowid NOT IN {_HIDDEN}",
            params,
        ):
            out.add(f"m:{mid}")
        for (mid,) in self._conn.execute(
            f"SELECT m.id FROM milestones m WHERE m.date BETWEEN :today AND :confirm AND {_ESTIMATED} "
            f"AND m.alert_rowid NOT IN {_HIDDEN}", params,
        ):
            out.add(f"c:{mid}")
        for (oid,) in self._conn.execute(
            f"SELECT o.id FROM offers o INDEXED BY offers_follow_up WHERE o.follow_up_on <= :today "
            f"AND o.status IN ({_OPEN_OFFERS}) "
            f"AND o.alert_rowid NOT IN {_HIDDEN}", params,
        ):
            out.add(f"f:{oid}")
        for (aid,) in self._conn.execute(
            f"SELECT a.id FROM alerts a INDEXED BY alerts_log_next WHERE {_LIVE} AND {_NATIONAL} AND {_NO_OFFER}"
        ):
            out.add(f"n:{aid}")
        return frozenset(out)

    # -- the dashboard -------------------------------------------------------------------------

    def dashboard(self, today: date) -> DashboardCounts:
        """The dashboard's counts as of `today`: live alerts by kind, council and status; their milestones in
        the next 7 and 30 days (today included); their offers by status, awaiting a reply and due a follow-up;
        and those of national interest without an offer."""
        by_kind: Counter[AlertKind] = Counter()
        by_council: Counter[str] = Counter()
        by_status: Counter[AlertStatus] = Counter()
        # One pass over the schema-10 index, in its own order; the three tallies are summed from its few rows.
        for status, kind, council, n in self._conn.execute(
            f"SELECT a.status, a.kind, a.council, count(*) FROM alerts a INDEXED BY alerts_outlook WHERE {_LIVE} "
            "GROUP BY a.status, a.kind, a.council"
        ):
            by_council[council] += n
            by_kind[ALERT_KIND[kind]] += n
            by_status[ALERT_STATUS[status]] += n
        week, month = (today + timedelta(days=d) for d in (7, 30))
        params = {"today": today.isoformat(), "week": week.isoformat(), "month": month.isoformat()}
        row = self._conn.execute(
            "SELECT count(*), coalesce(sum(m.date <= :week), 0) FROM milestones m "
            f"WHERE m.date BETWEEN :today AND :month AND m.alert_rowid NOT IN {_HIDDEN}", params,
        ).fetchone()
        offers: Counter[OfferStatus] = Counter()
        due = 0
        for status, n, overdue in self._conn.execute(
            "SELECT o.status, count(*), coalesce(sum(o.follow_up_on <= :today), 0) FROM offers o "
            f"INDEXED BY offers_status WHERE o.alert_rowid NOT IN {_HIDDEN} GROUP BY o.status", params,
        ):
            offers[OFFER_STATUS[status]] = int(n)
            if OFFER_STATUS[status] in OPEN_OFFER_STATUSES:
                due += int(overdue)
        return DashboardCounts(
            open_by_kind=dict(by_kind), open_by_council=dict(by_council), open_by_status=dict(by_status),
            milestones_7=int(row[1]), milestones_30=int(row[0]), offers_by_status=dict(offers),
            awaiting_reply=sum(offers[s] for s in AWAITING_REPLY), follow_ups_due=due,
            national_without_offer=self.count_national_without_offer(),
        )


    def programme(self) -> ProgrammeCounts:
        """The programme's measures over every alert kept, closed ones too: for each alert with an offer made (not a
        proposal only), the days from its being logged to its earliest offer date; the offers answered and taken
        up; and the alerts of national interest with no offer made."""
        made = f"o.status != '{OfferStatus.PROPOSED.value}'"
        days = tuple(max(0, int(d)) for (d,) in self._conn.execute(
            "SELECT julianday(min(o.offered_on)) - julianday(substr(a.created_at, 1, 10)) FROM offers o "
            "CROSS JOIN alerts a ON a.rowid = o.alert_rowid "
            f"WHERE +a.deleted = 0 AND o.offered_on IS NOT NULL AND {made} GROUP BY o.alert_rowid"))
        taken = ", ".join(f"'{s.value}'" for s in _TAKEN_UP)
        answered, accepted = self._conn.execute(
            f"SELECT count(*), coalesce(sum(o.status IN ({taken})), 0) FROM offers o "
            f"WHERE o.status IN ({taken}, '{OfferStatus.DECLINED.value}') "
            "AND o.alert_rowid NOT IN (SELECT rowid FROM alerts WHERE deleted = 1)").fetchone()
        never = self._conn.execute(
            f"SELECT count(*) FROM alerts a WHERE a.deleted = 0 AND {_NATIONAL} AND NOT EXISTS "
            f"(SELECT 1 FROM offers o WHERE o.alert_rowid = a.rowid AND {made})").fetchone()[0]
        return ProgrammeCounts(days, int(answered), int(accepted), int(never))


def _milestone(r: Any) -> MilestoneRow:
    return MilestoneRow(
        alert_id=r[0], reference=r[1], council=r[2], alert_kind=ALERT_KIND[r[3]], title=r[4], status=ALERT_STATUS[r[5]],
        media_interest=MEDIA_INTEREST[r[6]], milestone_id=r[7], kind=MILESTONE[r[8]], date=date.fromisoformat(r[9]),
        confidence=CONFIDENCE[r[10]], time=t_in(r[11]), open_offers=r[12],
    )
