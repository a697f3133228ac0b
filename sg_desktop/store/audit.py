"""The audit log: append-only, each entry's hash covering the one before, so a removed or edited entry shows.

Entries name records by id and reference only; no record text is ever written here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sg_desktop.domain.errors import VaultDamaged
from sg_desktop.store.batches import batches
from sg_desktop.store.codec import dt_in, dt_out
from sg_desktop.store.database import Connection, reports_damage

__all__ = ["GENESIS", "AuditBreak", "AuditCheck", "AuditEntry", "AuditFilter", "AuditLog"]

GENESIS = "0" * 64
_UNREADABLE_TIME = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class AuditEntry:
    """One audited event."""

    seq: int
    at: datetime
    action: str
    record_id: str
    detail: dict[str, Any]
    hash: str


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to read; each part that is given must hold (empty: any).

    `since` and `until` bound the time (`since` <= at < `until`); `actions` are glob patterns of the action
    (`alert.*`); `record_ids` name the record an entry is about; `mentions` are identifiers (fingerprints)
    that the entry is about or that its details hold; `reference` is text the details' alert reference
    contains, in any case, and `reference_is` the whole of it.
    """

    since: datetime | None = None
    until: datetime | None = None
    actions: tuple[str, ...] = ()
    record_ids: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    reference: str = ""
    reference_is: str = ""

    def where(self) -> tuple[str, list[object]]:
        """The SQL condition and its parameters ("1" when everything matches)."""
        parts: list[str] = []
        params: list[object] = []
        if self.since is not None:
            parts.append("at >= ?")
            params.append(dt_out(self.since))
        if self.until is not None:
            parts.append("at < ?")
            params.append(dt_out(self.until))
        if self.actions:
            parts.append("(" + " OR ".join("action GLOB ?" for _ in self.actions) + ")")
            params += self.actions
        if self.record_ids:
            parts.append(f"record_id IN ({','.join('?' * len(self.record_ids))})")
            params += self.record_ids
        if self.mentions:
            marks = ",".join("?" * len(self.mentions))
            parts.append(f"(record_id IN ({marks}) OR " + " OR ".join("instr(detail, ?) > 0" for _ in self.mentions)
                         + ")")
            params += [*self.mentions, *self.mentions]
        if self.reference.strip():
            # (json_valid first: an entry changed outside SG Desktop must not stop the others being read)
            parts.append("instr(lower(CASE WHEN json_valid(detail) THEN json_extract(detail, '$.reference') END), ?)"
                         " > 0")
            params.append(self.reference.strip().lower())
        if self.reference_is:
            parts.append("CASE WHEN json_valid(detail) THEN json_extract(detail, '$.reference') END = ?")
            params.append(self.reference_is)
        return (" AND ".join(parts) or "1"), params


@dataclass(frozen=True)
class AuditBreak:
    """The first entry whose link to the one before does not hold."""

    seq: int
    action: str
    at: str  # as stored: a changed entry's time may not even read as one
    intact: int  # how many entries before it link up (entries 1 to `intact`)

    def message(self) -> str:
        """What `verify` raises: which entry, and how many before it are intact."""
        intact = f"entries 1 to {self.intact} are intact" if self.intact else "no entry before it"
        return (f"The audit log is broken at entry {self.seq} ({self.action}, recorded {self.at[:16]}): it was "
                f"changed outside SG Desktop; {intact}.")


@dataclass(frozen=True)
class AuditCheck:
    """The chain checked: how many entries link up, and the first that does not (None when all do)."""

    intact: int
    broken: AuditBreak | None


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
        return [_entry(r) for r in reversed(rows)]

    def page(self, which: AuditFilter, before: int | None = None, limit: int = 200) -> list[AuditEntry]:
        """Up to `limit` entries matching `which`, newest first, each older than entry `before` (if given)."""
        where, params = which.where()
        if before is not None:
            where += " AND seq < ?"
            params.append(before)
        rows = self._conn.execute(
            f"SELECT seq, at, action, record_id, detail, hash FROM audit WHERE {where} ORDER BY seq DESC LIMIT ?",
            (*params, limit),
        ).fetchall()
        return [_entry(r) for r in rows]

    def last_seq(self) -> int:
        """The number of the newest entry (0 when there is none)."""
        row = self._conn.execute("SELECT MAX(seq) FROM audit").fetchone()
        return int(row[0] or 0)

    def count(self, which: AuditFilter) -> int:
        """How many entries match `which`."""
        where, params = which.where()
        return int(self._conn.execute(f"SELECT COUNT(*) FROM audit WHERE {where}", params).fetchone()[0])

    def check(self) -> AuditCheck:
        """Check the whole chain: how many entries link up, and the first that does not."""
        prev, expected_seq = GENESIS, 1
        for seq, at, action, record_id, detail, prev_hash, digest in self._conn.execute(
            "SELECT seq, at, action, record_id, detail, prev_hash, hash FROM audit ORDER BY seq"
        ):
            if seq != expected_seq or prev_hash != prev or digest != _digest(
                prev, seq, at, action, record_id, detail
            ):
                return AuditCheck(expected_seq - 1, AuditBreak(int(seq), str(action), str(at), expected_seq - 1))
            prev, expected_seq = digest, expected_seq + 1
        return AuditCheck(expected_seq - 1, None)

    def verify(self) -> int:
        """Check the whole chain; return the number of entries, or raise VaultDamaged at the first break."""
        checked = self.check()
        if checked.broken is not None:
            raise VaultDamaged(checked.broken.message())
        return checked.intact


def _entry(row: tuple[Any, ...]) -> AuditEntry:
    # An entry changed outside SG Desktop may no longer read: it is still listed (the chain check names it),
    # with no details, and at the start of 1970 when its time is not a time.
    seq, at, action, record_id, detail, digest = row
    try:
        when = dt_in(at)
    except (TypeError, ValueError):
        when = _UNREADABLE_TIME
    try:
        details = json.loads(detail)
    except (TypeError, ValueError, RecursionError):
        details = {}
    return AuditEntry(int(seq), when, str(action), str(record_id), details if isinstance(details, dict) else {},
                      str(digest))
