"""The alert repository: alerts with their milestones (and date history) and support offers.

Methods take and return domain objects and never commit: the caller owns the transaction (see
`Vault.transaction`). Filtering, sorting and paging happen in SQL so that large logs stay fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    DateConfidence,
    Handling,
    MediaInterest,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
)
from sg_desktop.domain.model import Alert, DateChange, Milestone, SupportOffer
from sg_desktop.domain.query import AlertQuery, AlertRow, SortKey
from sg_desktop.store.batches import batches
from sg_desktop.store.codec import d_in, d_out, dt_in, dt_out, sharing_in, sharing_out, t_in, t_out
from sg_desktop.store.database import Connection
from sg_desktop.store.exchange_state import Lineage

__all__ = ["AlertRepository", "fts_query"]


_ALERT_COLUMNS = (
    "id, reference, council, kind, title, summary, media_interest, handling, sharing, status, owner, "
    "embargoed, reporting_restriction, created_at, updated_at, origin_office, revision, deleted"
)

_DERIVED_COLUMNS = "next_kind, next_date, next_confidence, open_offers"
# The name the log shows for an alert's council (schema 4): from the app's council list, else the code.
_NAME = "coalesce((SELECT name FROM council_names WHERE code = alerts.council), alerts.council)"
_ORDER = {  # each matches an index of schema 3 or 4 exactly, so pages are read in order rather than sorted
    SortKey.REFERENCE: "a.reference",
    # By the name the log shows, not the code (schema 4).
    SortKey.COUNCIL: "a.council_name COLLATE NOCASE",
    SortKey.KIND: "a.kind",
    SortKey.TITLE: "a.title COLLATE NOCASE",
    # NULLs (no date ahead) sort last: coalesce to a date no milestone can have.
    SortKey.NEXT_DATE: "coalesce(a.next_date, '9999')",
    SortKey.MEDIA: "CASE a.media_interest WHEN 'national' THEN 0 WHEN 'regional' THEN 1 ELSE 2 END",
    SortKey.STATUS: "a.status",
    SortKey.UPDATED: "a.updated_at",
    SortKey.OPEN_OFFERS: "a.open_offers",
}


# Dict lookups instead of Enum calls: the log builds thousands of rows per query, and Enum(value) is slow.
_KIND = {m.value: m for m in AlertKind}
_STATUS = {m.value: m for m in AlertStatus}
_MEDIA = {m.value: m for m in MediaInterest}
_MILESTONE = {m.value: m for m in MilestoneKind}
_CONFIDENCE = {m.value: m for m in DateConfidence}
_HANDLING = {m.value: m for m in Handling}
_ORGANISATION = {m.value: m for m in OfferingOrganisation}
_OFFER_KIND = {m.value: m for m in OfferKind}
_OFFERED_TO = {m.value: m for m in OfferedTo}
_OFFER_STATUS = {m.value: m for m in OfferStatus}


def fts_query(text: str) -> str | None:
    """An FTS5 query matching every word of `text`, the last as a prefix (for search-as-you-type).

    Each word is quoted, so operators and punctuation the user types are searched for, not obeyed. A
    last word of one letter, after other words, is left out until a second letter arrives: it would
    match nearly everything while costing the most to expand (as in "fostering p" on the way to "pe").
    """
    words = [w.replace('"', '""') for w in text.split() if w.strip('"')]
    if len(words) > 1 and len(words[-1]) == 1 and not text[-1:].isspace():
        words.pop()
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


class AlertRepository:
    """Alerts in the vault."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # -- writing -------------------------------------------------------------------------------

    def insert(self, alert: Alert, today: date) -> None:
        """Add a new alert (its reference, timestamps and revision already set)."""
        self.insert_many((alert,), today)

    def insert_many(
        self, alerts: Iterable[Alert], today: date, lineage: Mapping[str, Lineage] | None = None
    ) -> int:
        """Add many new alerts in the caller's transaction; return how many.

        `lineage` gives, by alert id, each alert's record version and ancestry (docs/protocol.md §9)
        when the caller knows them; an alert without one has no stored version until it is computed.
        Rowids are assigned here so that each table is written with one `executemany` per batch:
        SQLCipher's memory security makes every prepared-statement round trip costly.
        """
        self.refresh_next(today)
        names = dict(self._conn.execute("SELECT code, name FROM council_names").fetchall())
        row = self._conn.execute("SELECT coalesce(max(rowid), 0) FROM alerts").fetchone()
        next_rowid = int(row[0]) + 1
        count = 0
        # Written with the row itself: a separate UPDATE would rewrite every (wide) alert row again.
        extra = "" if lineage is None else ", version, ancestors"
        width = 1 + 18 + 4 + 1 + (0 if lineage is None else 2)
        for batch in batches(alerts):
            rowids = list(range(next_rowid, next_rowid + len(batch)))
            next_rowid += len(batch)
            self._conn.executemany(
                f"INSERT INTO alerts (rowid, {_ALERT_COLUMNS}, {_DERIVED_COLUMNS}, council_name{extra}) "
                f"VALUES ({', '.join('?' * width)})",
                [
                    (r, *_alert_values(a), *_derived_values(a, today), names.get(a.council, a.council),
                     *(() if lineage is None else _lineage_values(lineage.get(a.id))))
                    for r, a in zip(rowids, batch, strict=True)
                ],
            )
            self._write_children(list(zip(rowids, batch, strict=True)))
            count += len(batch)
        return count

    def update(self, alert: Alert, today: date, lineage: Lineage | None = None) -> None:
        """Replace the stored alert of the same id, children and all.

        With `lineage`, the alert's new record version and ancestry are stored with it; without, the
        stored version (which described the old content) is cleared and the ancestry kept.
        """
        self.refresh_next(today)
        rowid = self._rowid(alert.id)
        if rowid is None:
            raise KeyError(alert.id)
        self._conn.execute(
            "UPDATE alerts SET reference=?, council=?, kind=?, title=?, summary=?, media_interest=?, "
            "handling=?, sharing=?, status=?, owner=?, embargoed=?, reporting_restriction=?, "
            "created_at=?, updated_at=?, origin_office=?, revision=?, deleted=?, "
            "next_kind=?, next_date=?, next_confidence=?, open_offers=?, "
            "council_name=coalesce((SELECT name FROM council_names WHERE code = ?), ?), "
            "version=?, ancestors=coalesce(?, ancestors) WHERE rowid=?",
            (*_alert_values(alert)[1:], *_derived_values(alert, today), alert.council, alert.council,
             *((None, None) if lineage is None else _lineage_values(lineage)), rowid),
        )
        self._conn.execute(
            "DELETE FROM milestone_history WHERE milestone_id IN "
            "(SELECT id FROM milestones WHERE alert_rowid = ?)",
            (rowid,),
        )
        self._conn.execute("DELETE FROM milestones WHERE alert_rowid = ?", (rowid,))
        self._conn.execute("DELETE FROM offers WHERE alert_rowid = ?", (rowid,))
        self._conn.execute("DELETE FROM alert_fts WHERE rowid = ?", (rowid,))
        self._write_children([(rowid, alert)])

    def refresh_next(self, today: date) -> None:
        """Bring every alert's derived next milestone up to `today` (cheap when it already is).

        Moving forward only touches alerts whose next milestone has passed; a clock that went back
        recomputes every alert.
        """
        as_of = self._conn.execute("SELECT value FROM meta WHERE key = 'next_as_of'").fetchone()
        day = today.isoformat()
        if as_of is not None and as_of[0] == day:
            return
        # Written as the log's next-date index has it, so only the passed dates are visited.
        stale = (
            "deleted IN (0, 1) AND coalesce(next_date, '9999') < :today"
            if as_of is not None and as_of[0] < day
            else "1"
        )
        self._conn.execute(
            "UPDATE alerts SET (next_kind, next_date, next_confidence) = "
            "(SELECT m.kind, m.date, m.confidence FROM milestones m WHERE m.alert_rowid = alerts.rowid "
            " AND m.date >= :today ORDER BY m.date, m.time IS NOT NULL, m.time LIMIT 1) "
            f"WHERE {stale}",
            {"today": day},
        )
        self._conn.execute(
            "INSERT INTO meta (key, value) VALUES ('next_as_of', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (day,),
        )

    def sync_council_names(self, names: Mapping[str, str]) -> int:
        """Make the council names stored with alerts those of `names` (by ONS code); return how many changed.

        `names` is the app's council list; an alert about a council missing from it is named by its code.
        Cheap when the list is what it was last time and every alert has a name: one read of the stored
        list and one index probe.
        """
        conn = self._conn
        stored = dict(conn.execute("SELECT code, name FROM council_names").fetchall())
        changed = sorted(code for code in stored.keys() | names.keys() if stored.get(code) != names.get(code))
        unnamed = conn.execute(
            "SELECT 1 FROM alerts WHERE deleted IN (0, 1) AND council_name = '' COLLATE NOCASE LIMIT 1"
        ).fetchone()
        if not changed and unnamed is None:
            return 0
        if changed:
            conn.execute("DELETE FROM council_names")
            conn.executemany("INSERT INTO council_names (code, name) VALUES (?, ?)", sorted(names.items()))
        codes = json.dumps(changed)
        if unnamed is not None:
            # After schema 4 arrives every alert needs its name: one pass in table order is several times
            # faster than visiting them through an index.
            where = f"council_name = '' OR (council IN (SELECT value FROM json_each(?)) AND council_name <> {_NAME})"
        else:
            # Through the council index (it starts with `deleted`): only the renamed councils' alerts.
            where = f"deleted IN (0, 1) AND council IN (SELECT value FROM json_each(?)) AND council_name <> {_NAME}"
        renamed = conn.execute(f"UPDATE alerts SET council_name = {_NAME} WHERE {where}", (codes,)).rowcount
        return int(renamed)

    def _write_children(self, pairs: list[tuple[int, Alert]]) -> None:
        conn = self._conn
        conn.executemany(
            "INSERT INTO milestones (id, alert_rowid, position, kind, date, confidence, time, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (m.id, rowid, i, m.kind.value, d_out(m.date), m.confidence.value, t_out(m.time), m.note)
                for rowid, alert in pairs
                for i, m in enumerate(alert.milestones)
            ],
        )
        history = [
            (m.id, seq, d_out(h.old_date), d_out(h.new_date), h.old_confidence.value,
             h.new_confidence.value, dt_out(h.changed_at))
            for _, alert in pairs
            for m in alert.milestones
            for seq, h in enumerate(m.history)
        ]
        if history:
            conn.executemany("INSERT INTO milestone_history VALUES (?, ?, ?, ?, ?, ?, ?)", history)
        offers = [
            (o.id, rowid, i, o.organisation.value, o.kind.value, o.offered_to.value, o.status.value,
             d_out(o.offered_on), d_out(o.decided_on), d_out(o.follow_up_on), o.note)
            for rowid, alert in pairs
            for i, o in enumerate(alert.offers)
        ]
        if offers:
            conn.executemany(
                "INSERT INTO offers (id, alert_rowid, position, organisation, kind, offered_to, status, "
                "offered_on, decided_on, follow_up_on, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                offers,
            )
        conn.executemany(
            "INSERT INTO alert_fts (rowid, title, summary, notes) VALUES (?, ?, ?, ?)",
            [
                (rowid, f"{alert.reference} {alert.title}", alert.summary,
                 "\n".join([m.note for m in alert.milestones] + [o.note for o in alert.offers]))
                for rowid, alert in pairs
                if not alert.deleted
            ],
        )

    # -- reading one ---------------------------------------------------------------------------

    def get(self, alert_id: str) -> Alert | None:
        """The alert with this id (tombstones included), or None."""
        found = self._load("a.id = ?", (alert_id,))
        return found[0] if found else None

    def get_by_reference(self, reference: str) -> Alert | None:
        """The alert with this reference (case-insensitive), or None."""
        found = self._load("a.reference = ? COLLATE NOCASE", (reference.strip(),))
        return found[0] if found else None

    def get_many(self, ids: Sequence[str]) -> list[Alert]:
        """The alerts with these ids, in the order given (unknown ids are skipped)."""
        by_id: dict[str, Alert] = {}
        for chunk in batches(ids):
            marks = ",".join("?" * len(chunk))
            for alert in self._load(f"a.id IN ({marks})", tuple(chunk)):
                by_id[alert.id] = alert
        return [by_id[i] for i in ids if i in by_id]

    def _rowid(self, alert_id: str) -> int | None:
        row = self._conn.execute("SELECT rowid FROM alerts WHERE id = ?", (alert_id,)).fetchone()
        return None if row is None else int(row[0])

    def _load(self, where: str, params: tuple[Any, ...]) -> list[Alert]:
        rows = self._conn.execute(
            f"SELECT a.rowid, {', '.join('a.' + c.strip() for c in _ALERT_COLUMNS.split(','))} "
            f"FROM alerts a WHERE {where}",
            params,
        ).fetchall()
        if not rows:
            return []
        rowids = [r[0] for r in rows]
        milestones = self._milestones(rowids)
        offers = self._offers(rowids)
        return [
            _alert_from_row(r[1:], tuple(milestones.get(r[0], ())), tuple(offers.get(r[0], ()))) for r in rows
        ]

    def _milestones(self, rowids: list[int]) -> dict[int, list[Milestone]]:
        out: dict[int, list[Milestone]] = {}
        raw = []
        for chunk in batches(rowids):
            marks = ",".join("?" * len(chunk))
            raw += self._conn.execute(
                "SELECT alert_rowid, position, id, kind, date, confidence, time, note FROM milestones "
                f"WHERE alert_rowid IN ({marks})",
                chunk,
            ).fetchall()
        # Ordered here rather than in SQL: a sort in SQLite allocates per row, which memory security makes
        # costly, while these few rows per alert sort in Python for almost nothing.
        raw.sort(key=lambda r: (r[0], r[1]))
        history = self._history([r[2] for r in raw])
        for alert_rowid, _position, mid, kind, d, conf, t, note in raw:
            out.setdefault(alert_rowid, []).append(
                Milestone(
                    kind=_MILESTONE[kind], date=date.fromisoformat(d), confidence=_CONFIDENCE[conf],
                    time=t_in(t), note=note, history=tuple(history.get(mid, ())), id=mid,
                )
            )
        return out

    def _history(self, milestone_ids: list[str]) -> dict[str, list[DateChange]]:
        out: dict[str, list[DateChange]] = {}
        for chunk in batches(milestone_ids):
            marks = ",".join("?" * len(chunk))
            for mid, old, new, oc, nc, at in self._conn.execute(
                "SELECT milestone_id, old_date, new_date, old_confidence, new_confidence, changed_at "
                f"FROM milestone_history WHERE milestone_id IN ({marks}) ORDER BY milestone_id, seq",
                chunk,
            ):
                out.setdefault(mid, []).append(
                    DateChange(date.fromisoformat(old), date.fromisoformat(new), _CONFIDENCE[oc],
                               _CONFIDENCE[nc], dt_in(at))
                )
        return out

    def _offers(self, rowids: list[int]) -> dict[int, list[SupportOffer]]:
        out: dict[int, list[SupportOffer]] = {}
        raw = []
        for chunk in batches(rowids):
            marks = ",".join("?" * len(chunk))
            raw += self._conn.execute(
                "SELECT alert_rowid, id, organisation, kind, offered_to, status, offered_on, decided_on, "
                f"follow_up_on, note, position FROM offers WHERE alert_rowid IN ({marks})",
                chunk,
            ).fetchall()
        raw.sort(key=lambda r: (r[0], r[10]))  # in Python, as for milestones
        for r in raw:
            out.setdefault(r[0], []).append(
                SupportOffer(
                    organisation=_ORGANISATION[r[2]], kind=_OFFER_KIND[r[3]],
                    offered_to=_OFFERED_TO[r[4]], status=_OFFER_STATUS[r[5]], offered_on=d_in(r[6]),
                    decided_on=d_in(r[7]), follow_up_on=d_in(r[8]), note=r[9], id=r[1],
                )
            )
        return out

    # -- the log -------------------------------------------------------------------------------

    def rows(self, query: AlertQuery, today: date, offset: int = 0, limit: int | None = None) -> list[AlertRow]:
        """One page of the log for `query`, sorted in SQL (call `refresh_next(today)` first)."""
        match = fts_query(query.text)
        if match is not None and limit is not None:
            hits = {r[0] for r in self._conn.execute("SELECT rowid FROM alert_fts WHERE alert_fts MATCH ?", (match,))}
            if len(hits) > _DENSE_SEARCH:
                return self._walk_for_matches(replace(query, text=""), today, hits, offset, limit)
        where, params = _where(query, today)
        params.update(limit=-1 if limit is None else limit, offset=offset)
        sql = f"{_ROW_SELECT} WHERE {where} ORDER BY {_order(query)} LIMIT :limit OFFSET :offset"
        return [_row(r) for r in self._conn.execute(sql, params)]

    def _walk_for_matches(
        self, query: AlertQuery, today: date, hits: set[int], offset: int, limit: int
    ) -> list[AlertRow]:
        # A search matching thousands of alerts (a common word, a two-letter prefix as it is typed) is paged
        # by reading the log's index in order and keeping the matches: a few hundred index entries for a
        # page, where handing SQLite the whole list of matches first costs tens of milliseconds.
        where, params = _where(query, today)
        cursor = self._conn.execute(f"{_ROW_SELECT} WHERE {where} ORDER BY {_order(query)}", params)
        page: list[AlertRow] = []
        try:
            for r in cursor:
                if r[12] not in hits:
                    continue
                if offset:
                    offset -= 1
                    continue
                page.append(_row(r))
                if len(page) == limit:
                    break
        finally:
            cursor.close()
        return page

    def count(self, query: AlertQuery, today: date) -> int:
        """How many alerts match `query`."""
        where, params = _where(query, today)
        sql = f"SELECT count(*) FROM alerts a WHERE {where}"
        return int(self._conn.execute(sql, params).fetchone()[0])

    def ids(self, query: AlertQuery, today: date) -> list[str]:
        """The ids of every alert matching `query`, in the query's order."""
        return [r.id for r in self.rows(query, today)]

    def total(self) -> int:
        """How many alerts (not tombstones) the vault holds."""
        return int(self._conn.execute("SELECT count(*) FROM alerts WHERE deleted = 0").fetchone()[0])

    def iter_all(self, include_deleted: bool = True) -> Iterator[Alert]:
        """Every alert, a batch at a time (for export and backup checks)."""
        where = "1" if include_deleted else "deleted = 0"
        ids = [r[0] for r in self._conn.execute(f"SELECT id FROM alerts WHERE {where} ORDER BY rowid")]
        for chunk in batches(ids):
            yield from self.get_many(chunk)

    def references_with_prefix(self, prefix: str) -> int:
        """The highest sequence number used by references that start with `prefix` (0 if none)."""
        row = self._conn.execute(
            "SELECT max(CAST(substr(reference, ?) AS INTEGER)) FROM alerts WHERE reference LIKE ? ESCAPE '\\'",
            (len(prefix) + 1, prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"),
        ).fetchone()
        return int(row[0] or 0)


def _where(query: AlertQuery, today: date) -> tuple[str, dict[str, Any]]:
    clauses = [] if query.include_deleted else ["a.deleted = 0"]
    params: dict[str, Any] = {"today": today.isoformat()}

    def member_of(column: str, name: str, values: Iterable[str]) -> None:
        vals = sorted(values)
        keys = []
        for i, v in enumerate(vals):
            params[f"{name}{i}"] = v
            keys.append(f":{name}{i}")
        clauses.append(f"{column} IN ({', '.join(keys)})")

    if query.councils:
        member_of("a.council", "council", query.councils)
    if query.kinds:
        member_of("a.kind", "kind", (k.value for k in query.kinds))
    if query.statuses:
        member_of("a.status", "status", (s.value for s in query.statuses))
    if query.media:
        member_of("a.media_interest", "media", (m.value for m in query.media))
    if query.upcoming_days is not None:
        params["horizon"] = date.fromordinal(today.toordinal() + max(0, query.upcoming_days)).isoformat()
        # The same expression as the log's next-date index, so the range is read from it in order.
        clauses.append("coalesce(a.next_date, '9999') BETWEEN :today AND :horizon")
    match = fts_query(query.text)
    if match is not None:
        params["match"] = match
        clauses.append("a.rowid IN (SELECT rowid FROM alert_fts WHERE alert_fts MATCH :match)")
    return " AND ".join(clauses) or "1", params


_ROW_SELECT = (
    "SELECT a.id, a.reference, a.council, a.kind, a.title, a.status, a.media_interest, a.deleted, "
    "a.next_kind, a.next_date, a.next_confidence, a.open_offers, a.rowid FROM alerts a"
)
# Above this many matches a search's page is found by walking the log's index (see `_walk_for_matches`).
_DENSE_SEARCH = 2000


def _order(query: AlertQuery) -> str:
    direction = " DESC" if query.descending else ""
    order = _ORDER[query.sort] + direction
    if query.sort is SortKey.COUNCIL and len(query.councils) == 1:
        # One council has one name, so this is the same order, read from the council filter's index
        # rather than by walking the name index up to that council's name.
        order = "a.council" + direction
    return f"{order}, a.reference{direction}"


def _row(r: Sequence[Any]) -> AlertRow:
    return AlertRow(
        id=r[0], reference=r[1], council=r[2], kind=_KIND[r[3]], title=r[4],
        status=_STATUS[r[5]], media_interest=_MEDIA[r[6]], deleted=bool(r[7]),
        next_kind=None if r[8] is None else _MILESTONE[r[8]],
        next_date=None if r[9] is None else date.fromisoformat(r[9]),
        next_confidence=None if r[10] is None else _CONFIDENCE[r[10]],
        open_offers=r[11],
    )


def _stamp_out(value: datetime | None) -> str:
    # Local saves always stamp an alert; a record from another implementation may arrive without times
    # (the protocol allows null) and is stored exactly as received, as '' in the NOT NULL column.
    return "" if value is None else dt_out(value)


def _stamp_in(value: str) -> datetime | None:
    return None if value == "" else dt_in(value)


def _alert_values(a: Alert) -> tuple[Any, ...]:
    return (
        a.id, a.reference, a.council, a.kind.value, a.title, a.summary, a.media_interest.value,
        a.handling.value, sharing_out(a.sharing), a.status.value, a.owner, int(a.embargoed),
        int(a.reporting_restriction), _stamp_out(a.created_at), _stamp_out(a.updated_at), a.origin_office,
        a.revision, int(a.deleted),
    )


def _lineage_values(lineage: Lineage | None) -> tuple[str | None, str]:
    return (None, "") if lineage is None else (lineage.version, " ".join(lineage.ancestors))


def _derived_values(a: Alert, today: date) -> tuple[Any, ...]:
    nxt = None if a.deleted else a.next_milestone(today)
    return (
        None if nxt is None else nxt.kind.value,
        None if nxt is None else d_out(nxt.date),
        None if nxt is None else nxt.confidence.value,
        a.open_offers,
    )


def _alert_from_row(r: Sequence[Any], milestones: tuple[Milestone, ...], offers: tuple[SupportOffer, ...]) -> Alert:
    return Alert(
        id=r[0], reference=r[1], council=r[2], kind=_KIND[r[3]], title=r[4], summary=r[5],
        media_interest=_MEDIA[r[6]], handling=_HANDLING[r[7]], sharing=sharing_in(r[8]),
        status=_STATUS[r[9]], owner=r[10], embargoed=bool(r[11]), reporting_restriction=bool(r[12]),
        created_at=_stamp_in(r[13]), updated_at=_stamp_in(r[14]), origin_office=r[15], revision=int(r[16]),
        deleted=bool(r[17]), milestones=milestones, offers=offers,
    )
