"""The audit log: append-only, each entry's hash covering the one before, so a removed or edited entry shows.

Entries name records by id and reference only; no record text is ever written here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sg_desktop.domain.errors import VaultDamaged
from sg_desktop.store.batches import batches
from sg_desktop.store.codec import dt_in, dt_out
from sg_desktop.store.database import Connection, reports_damage

__all__ = ["GENESIS", "AuditEntry", "AuditLog"]

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """One audited event."""

    seq: int
    at: datetime
    action: str
    record_id: str
    detail: dict[str, Any]
    hash: str


def _digest(prev_hash: str, seq: int, at: str, action: str, record_id: str, detail: str) -> str:
    body = json.dumps([prev_hash, seq, at, action, record_id, detail], separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


@reports_damage
class AuditLog:
    """The vault's audit table, the only code that writes it; appends join the caller's transaction."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def append(self, at: datetime, action: str, record_id: str = "", **detail: Any) -> None:
        """Record `action` on `record_id` (details must be ids, counts or enum values, never record text)."""
        self.append_many(at, action, ((record_id, detail),))

    def append_many(self, at: datetime, action: str, items: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
        """Record `action` on each `(record id, details)` of `items`, in order, chained as single appends are
        (details as for `append`); one statement per batch, for adding many alerts at once."""
        row = self._conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (0, GENESIS) if row is None else (int(row[0]), str(row[1]))
        when = dt_out(at)
        for batch in batches(items):
            rows = []
            for record_id, detail in batch:
                seq += 1
                text = json.dumps(detail, sort_keys=True, separators=(",", ":"))
                digest = _digest(prev, seq, when, action, record_id, text)
                rows.append((seq, when, action, record_id, text, prev, digest))
                prev = digest
            self._conn.executemany(
                "INSERT INTO audit (seq, at, action, record_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

    def entries(self, limit: int | None = None) -> list[AuditEntry]:
        """The newest `limit` entries (all when None), oldest first."""
        rows = self._conn.execute(
            "SELECT seq, at, action, record_id, detail, hash FROM audit ORDER BY seq DESC LIMIT ?",
            (-1 if limit is None else limit,),
        ).fetchall()
        return [AuditEntry(r[0], dt_in(r[1]), r[2], r[3], json.loads(r[4]), r[5]) for r in reversed(rows)]

    def verify(self) -> int:
        """Check the whole chain; return the number of entries, or raise VaultDamaged at the first break."""
        prev, expected_seq = GENESIS, 1
        for seq, at, action, record_id, detail, prev_hash, digest in self._conn.execute(
            "SELECT seq, at, action, record_id, detail, prev_hash, hash FROM audit ORDER BY seq"
        ):
            if seq != expected_seq or prev_hash != prev or digest != _digest(
                prev, seq, at, action, record_id, detail
            ):
                intact = f"entries 1 to {expected_seq - 1} are intact" if expected_seq > 1 else "no entry before it"
                raise VaultDamaged(f"The audit log is broken at entry {seq} ({action}, recorded {at[:16]}): it was "
                                   f"changed outside SG Desktop; {intact}.")
            prev, expected_seq = digest, expected_seq + 1
        return expected_seq - 1
