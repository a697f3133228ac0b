"""The alert repository: alerts with their milestones (and date history, with the reasons for moves), support
offers, search index and merge state. It is the only code that writes those tables.

Methods take and return domain objects and never commit: the caller owns the transaction (see
`Vault.transaction`). Filtering, sorting and paging happen in SQL (`log_query`) so that large logs stay fast;
how an alert is laid out in columns is `alert_rows`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from sg_desktop.domain.model import Alert, DateChange, Milestone, SupportOffer
from sg_desktop.domain.query import AlertQuery, AlertRow
from sg_desktop.store.alert_rows import (
    ALERT_COLUMNS,
    CONFIDENCE,
    COUNCIL_NAME,
    DERIVED_COLUMNS,
    MILESTONE,
    OFFER_KIND,
    OFFER_STATUS,
    OFFERED_TO,
    ORGANISATION,
    Lineage,
    alert_from_row,
    alert_values,
    derived_values,
    lineage_values,
    log_row,
)
from sg_desktop.store.batches import batches
from sg_desktop.store.codec import d_in, d_out, dt_in, dt_out, t_in, t_out
from sg_desktop.store.database import Connection, reports_damage
from sg_desktop.store.log_query import ROW_SELECT, fts_query, order_by, where_clause
from sg_desktop.store.meta import MetaTable

__all__ = ["DENSE_SEARCH", "AlertRepository", "Lineage", "fts_query"]

_NEXT_AS_OF = "next_as_of"
DENSE_SEARCH = 2000
"""Above this many matches a search's page is found by walking the log's index (see `AlertRepository.rows`)."""


# The search index of live alerts, made from the tables: the reference with the title, the summary, every note,
# and the council's name (schema 9). Followed by more conditions on `a`, it indexes only those alerts.
_FTS_FROM_TABLES = """
INSERT INTO alert_fts (rowid, title, summary, notes, council)
SELECT a.rowid, a.reference || ' ' || a.title, a.summary,
       coalesce((SELECT group_concat(note, char(10)) FROM (
           SELECT note FROM milestones WHERE alert_rowid = a.rowid
           UNION ALL SELECT note FROM offers WHERE alert_rowid = a.rowid)), ''),
       a.council_name
FROM alerts a WHERE a.deleted = 0"""


@reports_damage
class AlertRepository:
    """Alerts in the vault."""

    def __init__(self, conn: Connection, meta: MetaTable) -> None:
        self._conn = conn
        self._meta = meta

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
                f"INSERT INTO alerts (rowid, {ALERT_COLUMNS}, {DERIVED_COLUMNS}, council_name{extra}) "
                f"VALUES ({', '.join('?' * width)})",
                [
                    (r, *alert_values(a), *derived_values(a, today), names.get(a.council, a.council),
                     *(() if lineage is None else lineage_values(lineage.get(a.id))))
                    for r, a in zip(rowids, batch, strict=True)
                ],
            )
            self._write_children(list(zip(rowids, batch, strict=True)), names)
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
            (*alert_values(alert)[1:], *derived_values(alert, today), alert.council, alert.council,
             *((None, None) if lineage is None else lineage_values(lineage)), rowid),
        )
        self._conn.execute(
            "DELETE FROM milestone_history WHERE milestone_id IN "
            "(SELECT id FROM milestones WHERE alert_rowid = ?)",
            (rowid,),
        )
        self._conn.execute("DELETE FROM milestones WHERE alert_rowid = ?", (rowid,))
        self._conn.execute("DELETE FROM offers WHERE alert_rowid = ?", (rowid,))
        self._conn.execute("DELETE FROM alert_fts WHERE rowid = ?", (rowid,))
        named = self._conn.execute("SELECT name FROM council_names WHERE code = ?", (alert.council,)).fetchone()
        self._write_children([(rowid, alert)], {alert.council: named[0]} if named else {})

    def refresh_next(self, today: date) -> None:
        """Bring every alert's derived next milestone up to `today` (cheap when it already is).

        Moving forward only touches alerts whose next milestone has passed; a clock that went back
        recomputes every alert.
        """
        as_of = self._meta.get(_NEXT_AS_OF)
        day = today.isoformat()
        if as_of == day:
            return
        # Written as the log's next-date index has it, so only the passed dates are visited.
        stale = (
            "deleted IN (0, 1) AND coalesce(next_date, '9999') < :today"
            if as_of is not None and as_of < day
            else "1"
        )
        self._conn.execute(
            "UPDATE alerts SET (next_kind, next_date, next_confidence) = "
            "(SELECT m.kind, m.date, m.confidence FROM milestones m WHERE m.alert_rowid = alerts.rowid "
            " AND m.date >= :today ORDER BY m.date, m.time IS NOT NULL, m.time LIMIT 1) "
            f"WHERE {stale}",
            {"today": day},
        )
        self._meta.set(_NEXT_AS_OF, day)

    def council_names_agree(self, names: Mapping[str, str]) -> bool:
        """Whether the stored council names are those of `names` and every alert has one (reads only)."""
        changed, unnamed = self._council_names_to_fix(names)
        return not changed and not unnamed

    def _council_names_to_fix(self, names: Mapping[str, str]) -> tuple[list[str], bool]:
        # The codes whose stored name differs from `names`, and whether some alert has no name yet.
        stored = dict(self._conn.execute("SELECT code, name FROM council_names").fetchall())
        changed = sorted(code for code in stored.keys() | names.keys() if stored.get(code) != names.get(code))
        unnamed = self._conn.execute(
            "SELECT 1 FROM alerts WHERE deleted IN (0, 1) AND council_name = '' COLLATE NOCASE LIMIT 1"
        ).fetchone()
        return changed, unnamed is not None

    def sync_council_names(self, names: Mapping[str, str]) -> int:
        """Make the council names stored with alerts those of `names` (by ONS code); return how many changed.

        `names` is the app's council list; an alert about a council missing from it is named by its code.
        Cheap when the list is what it was last time and every alert has a name: one read of the stored
        list and one index probe.
        """
        conn = self._conn
        changed, unnamed = self._council_names_to_fix(names)
        if not changed and not unnamed:
            return 0
        if changed:
            conn.execute("DELETE FROM council_names")
            conn.executemany("INSERT INTO council_names (code, name) VALUES (?, ?)", sorted(names.items()))
        codes = json.dumps(changed)
        renamed_only = f"council IN (SELECT value FROM json_each(?)) AND council_name <> {COUNCIL_NAME}"
        # After schema 4 arrives every alert needs its name: one pass in table order is several times faster
        # than visiting them through an index. Otherwise through the council index (it starts with `deleted`):
        # only the renamed councils' alerts.
        where = f"council_name = '' OR ({renamed_only})" if unnamed else f"deleted IN (0, 1) AND {renamed_only}"
        rowids = [r[0] for r in conn.execute(f"SELECT rowid FROM alerts WHERE {where}", (codes,))]
        conn.execute(f"UPDATE alerts SET council_name = {COUNCIL_NAME} WHERE {where}", (codes,))
        self._reindex(rowids)
        return len(rowids)

    def _reindex(self, rowids: list[int]) -> None:
        """Write the search index of these alerts again from the tables (their council's name changed)."""
        for batch in batches(rowids):
            marks = ", ".join("?" * len(batch))
            self._conn.execute(f"DELETE FROM alert_fts WHERE rowid IN ({marks})", batch)
            self._conn.execute(f"{_FTS_FROM_TABLES} AND a.rowid IN ({marks})", batch)

    def erase_traces(self, references: Sequence[str]) -> None:
        """Once these alerts are tombstones, leave no token of their text in the vault's pages: the search index is
        written again whole (a contentless index only marks a deleted row's tokens as deleted, in pages that keep
        them until their segments next merge), and the planner's samples of the log's indexes that hold their old
        titles are dropped (the next `PRAGMA optimize` samples again). `PRAGMA secure_delete` zeroes what is freed.
        """
        self._conn.execute("INSERT INTO alert_fts (alert_fts) VALUES ('optimize')")
        if self._conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat4'").fetchone() is None:
            return
        for reference in references:
            self._conn.execute(
                "DELETE FROM sqlite_stat4 WHERE tbl = 'alerts' AND instr(sample, CAST(? AS BLOB)) > 0", (reference,)
            )

    def _write_children(self, pairs: list[tuple[int, Alert]], council_names: Mapping[str, str]) -> None:
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
             h.new_confidence.value, dt_out(h.changed_at), h.reason)
            for _, alert in pairs
            for m in alert.milestones
            for seq, h in enumerate(m.history)
        ]
        if history:
            conn.executemany(
                "INSERT INTO milestone_history (milestone_id, seq, old_date, new_date, old_confidence, "
                "new_confidence, changed_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                history,
            )
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
            "INSERT INTO alert_fts (rowid, title, summary, notes, council) VALUES (?, ?, ?, ?, ?)",
            [
                (rowid, f"{alert.reference} {alert.title}", alert.summary,
                 "\n".join([m.note for m in alert.milestones] + [o.note for o in alert.offers]),
                 council_names.get(alert.council, alert.council))
                for rowid, alert in pairs
                if not alert.deleted
            ],
        )

    # -- merge state ---------------------------------------------------------------------------

    def lineage(self, alert_ids: Sequence[str]) -> dict[str, Lineage]:
        """The merge state of each of these alerts that the vault holds, by alert id."""
        out: dict[str, Lineage] = {}
        for chunk in batches(alert_ids):
            marks = ",".join("?" * len(chunk))
            for alert_id, version, ancestors in self._conn.execute(
                f"SELECT id, version, ancestors FROM alerts WHERE id IN ({marks})", chunk
            ):
                out[alert_id] = Lineage(version, tuple(ancestors.split()))
        return out

    def set_versions(self, items: Iterable[tuple[str, str]]) -> None:
        """Remember `(alert id, version)` computed for alerts whose version was not stored yet."""
        for batch in batches(items):
            self._conn.executemany(
                "UPDATE alerts SET version = ? WHERE id = ? AND version IS NULL",
                [(version, alert_id) for alert_id, version in batch],
            )

    def references_in_use(self, references: Iterable[str]) -> dict[str, str]:
        """Which of these references the vault already uses: reference → the alert id holding it."""
        out: dict[str, str] = {}
        for chunk in batches(references):
            marks = ",".join("?" * len(chunk))
            for alert_id, reference in self._conn.execute(
                f"SELECT id, reference FROM alerts WHERE reference IN ({marks})", chunk
            ):
                out[reference] = alert_id
        return out

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
            f"SELECT a.rowid, {', '.join('a.' + c.strip() for c in ALERT_COLUMNS.split(','))} "
            f"FROM alerts a WHERE {where}",
            params,
        ).fetchall()
        if not rows:
            return []
        rowids = [r[0] for r in rows]
        milestones = self._milestones(rowids)
        offers = self._offers(rowids)
        return [
            alert_from_row(r[1:], tuple(milestones.get(r[0], ())), tuple(offers.get(r[0], ()))) for r in rows
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
                    kind=MILESTONE[kind], date=date.fromisoformat(d), confidence=CONFIDENCE[conf],
                    time=t_in(t), note=note, history=tuple(history.get(mid, ())), id=mid,
                )
            )
        return out

    def _history(self, milestone_ids: list[str]) -> dict[str, list[DateChange]]:
        out: dict[str, list[DateChange]] = {}
        for chunk in batches(milestone_ids):
            marks = ",".join("?" * len(chunk))
            for mid, old, new, oc, nc, at, reason in self._conn.execute(
                "SELECT milestone_id, old_date, new_date, old_confidence, new_confidence, changed_at, reason "
                f"FROM milestone_history WHERE milestone_id IN ({marks}) ORDER BY milestone_id, seq",
                chunk,
            ):
                out.setdefault(mid, []).append(
                    DateChange(date.fromisoformat(old), date.fromisoformat(new), CONFIDENCE[oc],
                               CONFIDENCE[nc], dt_in(at), reason)
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
                    organisation=ORGANISATION[r[2]], kind=OFFER_KIND[r[3]],
                    offered_to=OFFERED_TO[r[4]], status=OFFER_STATUS[r[5]], offered_on=d_in(r[6]),
                    decided_on=d_in(r[7]), follow_up_on=d_in(r[8]), note=r[9], id=r[1],
                )
            )
        return out

    # -- the log -------------------------------------------------------------------------------

    def rows(self, query: AlertQuery, today: date, offset: int = 0, limit: int | None = None) -> list[AlertRow]:
        """One page of the log for `query`, sorted in SQL (call `refresh_next(today)` first).

        A page of a search that matches many alerts (a common word, a one-letter prefix as it is typed) is
        found by walking the log's index in order and keeping the matches; one that matches few is found
        from the matches and sorted. Which, a probe of the index that stops after DENSE_SEARCH matches says.
        """
        match = fts_query(query.text)
        walk = match is not None and limit is not None and self._matches_more_than(match, DENSE_SEARCH)
        where, params = where_clause(query, today, walk_log=walk)
        params.update(limit=-1 if limit is None else limit, offset=offset)
        sql = f"{ROW_SELECT} WHERE {where} ORDER BY {order_by(query)} LIMIT :limit OFFSET :offset"
        return [log_row(r) for r in self._conn.execute(sql, params)]

    def _matches_more_than(self, match: str, n: int) -> bool:
        row = self._conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM alert_fts WHERE alert_fts MATCH ? LIMIT ?)", (match, n + 1)
        ).fetchone()
        return int(row[0]) > n

    def count(self, query: AlertQuery, today: date) -> int:
        """How many alerts match `query`."""
        where, params = where_clause(query, today)
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


