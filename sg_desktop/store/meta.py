"""The vault's own settings table (`meta`): its id, the office it belongs to, and the counters the other
repositories keep there. This is the only code that writes the table.

Methods never commit: the caller owns the transaction (see `Vault.transaction`).
"""

from __future__ import annotations

from sg_desktop.store.database import Connection, reports_damage

__all__ = ["MetaTable"]


@reports_damage
class MetaTable:
    """Named text values of one vault."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, key: str) -> str | None:
        """The value stored under `key`, or None."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set(self, key: str, value: str) -> None:
        """Store `value` under `key`, replacing what was there."""
        self._conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def next_number(self, key: str) -> int:
        """Add one to the counter under `key` (0 before the first) and return the new value."""
        number = self.number(key) + 1
        self.set(key, str(number))
        return number

    def number(self, key: str) -> int:
        """The counter under `key` (0 before the first)."""
        value = self.get(key)
        return 0 if value is None else int(value)
