"""What exchanging protocol files needs to remember: the files already imported, this office's file counter,
which version of each alert every other office holds, and which office sent each alert's received version.
This is the only code that writes those tables.

An alert's own merge state (`Lineage`) is the alert repository's, stored with the alert. Methods never
commit: the caller owns the transaction. Versions are opaque strings here; computing them is the exchange
package's job, wired in by the app.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlcipher3

from sg_desktop.store.batches import batches
from sg_desktop.store.codec import dt_in, dt_out
from sg_desktop.store.database import Connection, reports_damage
from sg_desktop.store.meta import MetaTable

__all__ = ["ExchangeState", "ImportedFile", "Receipt", "is_constraint_error"]

_SEQUENCE_KEY = "exchange_sequence"


@dataclass(frozen=True)
class ImportedFile:
    """A protocol file this vault has imported."""

    file_id: str
    sender: bytes
    sequence: int
    created_at: datetime
    imported_at: datetime


@dataclass(frozen=True)
class Receipt:
    """Where an alert came from: the office that sent the version last stored from a protocol file (named as it
    was here then) and when that file was imported. `is_current` says whether the alert is still that version;
    False once it was changed here (edited, deleted, or kept over theirs in a conflict)."""

    office_name: str
    office_fingerprint: bytes
    received_at: datetime
    is_current: bool


@reports_damage
class ExchangeState:
    """The exchange tables of one vault."""

    def __init__(self, conn: Connection, meta: MetaTable) -> None:
        self._conn = conn
        self._meta = meta

    # -- files imported ----------------------------------------------------------------------------

    def imported(self, file_id: str) -> ImportedFile | None:
        """The import of this file, if it was imported before."""
        row = self._conn.execute(
            "SELECT file_id, sender, sequence, created_at, imported_at FROM imported_files WHERE file_id = ?",
            (file_id,),
        ).fetchone()
        return None if row is None else _imported(row)

    def last_sequence(self, sender: bytes) -> int | None:
        """The highest sequence number imported from the office with this fingerprint, or None."""
        row = self._conn.execute("SELECT max(sequence) FROM imported_files WHERE sender = ?", (sender,)).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def record_import(self, file_id: str, sender: bytes, sequence: int, created_at: datetime,
                      imported_at: datetime) -> None:
        """Remember an imported file (in the same transaction as what it changed)."""
        self._conn.execute(
            "INSERT INTO imported_files (file_id, sender, sequence, created_at, imported_at) VALUES (?, ?, ?, ?, ?)",
            (file_id, sender, sequence, dt_out(created_at), dt_out(imported_at)),
        )

    # -- where alerts came from -------------------------------------------------------------------

    def record_received(self, office_name: str, office_fingerprint: bytes, received_at: datetime,
                        items: Iterable[tuple[str, str]]) -> None:
        """Remember that `(alert id, version)` was stored from a file this office sent (replacing any earlier)."""
        for batch in batches(items):
            self._conn.executemany(
                "INSERT INTO alert_receipts (alert_id, version, office_name, office, received_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (alert_id) DO UPDATE SET version = excluded.version, "
                "office_name = excluded.office_name, office = excluded.office, received_at = excluded.received_at",
                [(alert_id, version, office_name, office_fingerprint, dt_out(received_at))
                 for alert_id, version in batch],
            )

    def receipt(self, alert_id: str) -> Receipt | None:
        """Where this alert's last received version came from, or None if it never came from a file."""
        row = self._conn.execute(
            "SELECT r.office_name, r.office, r.received_at, r.version = a.version FROM alert_receipts r "
            "LEFT JOIN alerts a ON a.id = r.alert_id WHERE r.alert_id = ?",
            (alert_id,),
        ).fetchone()
        return None if row is None else Receipt(str(row[0]), bytes(row[1]), dt_in(row[2]), bool(row[3]))

    def forget_receipts(self, alert_ids: Sequence[str]) -> None:
        """Forget where these alerts came from (their content was deleted for good; a tombstone keeps no history)."""
        for batch in batches(alert_ids):
            marks = ",".join("?" * len(batch))
            self._conn.execute(f"DELETE FROM alert_receipts WHERE alert_id IN ({marks})", batch)

    # -- files sent --------------------------------------------------------------------------------

    def next_sequence(self) -> int:
        """Take this office's next file number (strictly increasing; the caller's transaction keeps it)."""
        return self._meta.next_number(_SEQUENCE_KEY)

    def last_sequence_sent(self) -> int:
        """The number of the last file this office made (0 before the first)."""
        return self._meta.number(_SEQUENCE_KEY)

    # -- what other offices hold -------------------------------------------------------------------

    def record_held(self, office_id: int, items: Iterable[tuple[str, str]]) -> None:
        """Remember that an office holds `(alert id, version)` (sent to it, or received from it)."""
        for batch in batches(items):
            self._conn.executemany(
                "INSERT INTO office_versions (office_id, alert_id, version) VALUES (?, ?, ?) "
                "ON CONFLICT (office_id, alert_id) DO UPDATE SET version = excluded.version",
                [(office_id, alert_id, version) for alert_id, version in batch],
            )

    def held_versions(self, office_id: int, alert_ids: Sequence[str]) -> dict[str, str]:
        """The version of each of these alerts that the office is known to hold."""
        out: dict[str, str] = {}
        for chunk in batches(alert_ids):
            marks = ",".join("?" * len(chunk))
            for alert_id, version in self._conn.execute(
                f"SELECT alert_id, version FROM office_versions WHERE office_id = ? AND alert_id IN ({marks})",
                (office_id, *chunk),
            ):
                out[alert_id] = version
        return out

    def forget_held(self, office_id: int) -> None:
        """Forget what an office holds (its keys changed: it may be a fresh installation)."""
        self._conn.execute("DELETE FROM office_versions WHERE office_id = ?", (office_id,))

    def maybe_changed_for(self, office_ids: Sequence[int]) -> list[str]:
        """Ids of alerts (tombstones too) that may differ from what one of these offices holds, in vault order.

        An alert whose version is not stored yet is always listed; the caller computes it and decides.
        """
        if not office_ids:
            return []
        marks = ",".join("?" * len(office_ids))
        rows = self._conn.execute(
            "SELECT a.id FROM alerts a WHERE a.version IS NULL OR EXISTS ("
            f" SELECT 1 FROM offices o WHERE o.id IN ({marks}) AND NOT EXISTS ("
            "  SELECT 1 FROM office_versions v WHERE v.office_id = o.id AND v.alert_id = a.id"
            "  AND v.version = a.version)) ORDER BY a.rowid",
            tuple(office_ids),
        )
        return [r[0] for r in rows]


def is_constraint_error(exc: BaseException) -> bool:
    """Whether `exc` is the vault refusing a row that breaks a uniqueness rule (not damage, not a lock)."""
    return isinstance(exc, sqlcipher3.IntegrityError)


def _imported(r: Any) -> ImportedFile:
    return ImportedFile(str(r[0]), bytes(r[1]), int(r[2]), dt_in(r[3]), dt_in(r[4]))
