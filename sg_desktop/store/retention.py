"""Retention review's tables: when each live alert was closed (`alert_closings`, kept by the schema's triggers) and
this office's decisions on alerts past their retention period (`retention_decisions`, written only here).

Alerts are named by reference; the rows by the alert's rowid, so the review list reads the narrow `alerts_span`
index and never the wide alert rows. Methods never commit: the caller owns the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sg_desktop.domain.enums import AlertKind
from sg_desktop.domain.retention import ClosedAlert, Decision, DecisionKind
from sg_desktop.store.batches import batches
from sg_desktop.store.codec import d_in, d_out, dt_in, dt_out
from sg_desktop.store.database import Connection, reports_damage

__all__ = ["RetentionRepository"]

_KIND = {m.value: m for m in AlertKind}
_DECISION = {m.value: m for m in DecisionKind}
_COLUMNS = "a.reference, a.council, a.kind, c.closed_on, d.decision, d.until, d.reason, d.decided_at"
_ROWID = "(SELECT rowid FROM alerts WHERE reference = ? AND deleted = 0)"


@reports_damage
class RetentionRepository:
    """Closing days and retention decisions of one vault."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # -- reading -------------------------------------------------------------------------------

    def closed_by(self, day: date) -> list[ClosedAlert]:
        """Every live alert closed on or before `day`, with its decision, oldest closing first (in no order within a
        day)."""
        # Closings first, in the order of their day's index, then each alert's narrow `alerts_span` entry by rowid
        # (CROSS JOIN keeps that order; left to itself the planner reads the wide rows, or walks every alert).
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM alert_closings c CROSS JOIN alerts a INDEXED BY alerts_span "
            "ON a.rowid = c.alert_rowid LEFT JOIN retention_decisions d ON d.alert_rowid = c.alert_rowid "
            "WHERE c.closed_on <= ? AND +a.deleted = 0 ORDER BY c.closed_on",
            (d_out(day),),
        )
        return [_closed(r) for r in rows]

    def held(self) -> list[ClosedAlert]:
        """Every live alert on legal hold, closed or not, by reference."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM retention_decisions d CROSS JOIN alerts a ON a.rowid = d.alert_rowid "
            "LEFT JOIN alert_closings c ON c.alert_rowid = d.alert_rowid "
            "WHERE d.decision = 'hold' AND +a.deleted = 0 ORDER BY a.reference",
        )
        return [_closed(r) for r in rows]

    def find(self, reference: str) -> ClosedAlert | None:
        """The live alert with this reference (any case), closed or not, with its decision; None if there is none."""
        # As stored first, through the reference's unique index; only a reference typed in another case than
        # stored needs the case-blind comparison, which no index serves (a scan of the alerts).
        for match in ("a.reference = ?", "a.reference = ? COLLATE NOCASE"):
            row = self._conn.execute(
                f"SELECT {_COLUMNS} FROM alerts a LEFT JOIN alert_closings c ON c.alert_rowid = a.rowid "
                f"LEFT JOIN retention_decisions d ON d.alert_rowid = a.rowid WHERE {match} AND +a.deleted = 0",
                (reference.strip(),),
            ).fetchone()
            if row is not None:
                return _closed(row)
        return None

    def alert_id(self, reference: str) -> str | None:
        """The id of the alert with exactly this reference (as `find` returns it), or None."""
        row = self._conn.execute("SELECT id FROM alerts WHERE reference = ?", (reference,)).fetchone()
        return None if row is None else str(row[0])

    # -- writing -------------------------------------------------------------------------------

    def decide(self, reference: str, decision: Decision) -> None:
        """Record `decision` on the live alert with exactly this reference (as `find` returns it), replacing any
        earlier one."""
        self._conn.execute(
            "INSERT INTO retention_decisions (alert_rowid, decision, until, reason, decided_at) "
            f"VALUES ({_ROWID}, ?, ?, ?, ?) ON CONFLICT (alert_rowid) DO UPDATE SET decision = excluded.decision, "
            "until = excluded.until, reason = excluded.reason, decided_at = excluded.decided_at",
            (reference, decision.kind.value, d_out(decision.until), decision.reason, dt_out(decision.decided_at)),
        )

    def forget(self, references: Sequence[str]) -> None:
        """Remove the decisions on these alerts (a hold lifted; an alert deleted for good)."""
        for batch in batches(references):
            marks = ", ".join("?" * len(batch))
            self._conn.execute(
                "DELETE FROM retention_decisions WHERE alert_rowid IN "
                f"(SELECT rowid FROM alerts WHERE reference IN ({marks}))",
                batch,
            )

    def checkpoint(self) -> bool:
        """Fold the write-ahead log into the database and empty it, so that pages written before a deletion (which
        held the deleted text) are no longer in the log; False when a reader kept it from finishing."""
        row = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return row is None or int(row[0]) == 0


def _closed(r: Any) -> ClosedAlert:
    decision = None
    if r[4] is not None:
        decision = Decision(_DECISION[r[4]], d_in(r[5]), str(r[6]), dt_in(r[7]))
    return ClosedAlert(reference=r[0], council=r[1], kind=_KIND[r[2]], closed_on=d_in(r[3]), decision=decision)
