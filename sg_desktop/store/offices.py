"""This office's identity and the other offices it knows, with their pinned keys and how they came to be trusted.
This is the only code that writes those tables (`office_identity`, `offices`).

Methods never commit: the caller owns the transaction (see `Vault.transaction`). The private keys are
read from the encrypted vault only; nothing here writes them anywhere else.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sg_desktop.crypto.identity import OfficeKeys
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import VaultDamaged
from sg_desktop.domain.office import Office, TrustMethod
from sg_desktop.store.codec import dt_in, dt_out
from sg_desktop.store.database import Connection, reports_damage

__all__ = ["OfficeRepository"]

_COLUMNS = ("id, name, org_type, signing_public, age_recipient, fingerprint, added_at, trusted_at, trust_method, "
            "council")


@reports_damage
class OfficeRepository:
    """The identity and office tables of one vault."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    # -- this office -----------------------------------------------------------------------------

    def identity(self) -> OfficeKeys:
        """This office's private keys; VaultDamaged if the vault has none (every schema-2 vault has)."""
        row = self._conn.execute("SELECT signing_private, age_identity FROM office_identity WHERE id = 1").fetchone()
        if row is None:
            raise VaultDamaged("The vault has lost its office identity; restore it from a backup.")
        try:
            return OfficeKeys(bytes(row[0]), str(row[1]))
        except ValueError:
            raise VaultDamaged("The vault's office identity is damaged; restore it from a backup.") from None

    def replace_identity(self, keys: OfficeKeys) -> None:
        """Put another identity in place of this office's (restoring one; tests use fixed keys)."""
        self._conn.execute(
            "UPDATE office_identity SET signing_private = ?, age_identity = ? WHERE id = 1",
            (keys.signing_private, keys.age_identity),
        )

    # -- other offices ---------------------------------------------------------------------------

    def add(
        self,
        name: str,
        org_type: OrgType,
        age_recipient: str,
        signing_public: bytes | None,
        fingerprint: bytes,
        added_at: datetime,
        trusted: TrustMethod | None = None,
        council: str = "",
    ) -> Office:
        """Add an office (its name and fingerprint must be new here) and return it; `council` as `Office` has it."""
        cursor = self._conn.execute(
            "INSERT INTO offices (name, org_type, signing_public, age_recipient, fingerprint, added_at, "
            "trusted_at, trust_method, council) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (name, org_type.value, signing_public, age_recipient, fingerprint, dt_out(added_at),
             None if trusted is None else dt_out(added_at), "" if trusted is None else trusted.value, council),
        )
        office = self.get(int(cursor.lastrowid))
        assert office is not None
        return office

    def get(self, office_id: int) -> Office | None:
        """The office with this id, or None."""
        row = self._conn.execute(f"SELECT {_COLUMNS} FROM offices WHERE id = ?", (office_id,)).fetchone()
        return None if row is None else _office(row)

    def by_name(self, name: str) -> Office | None:
        """The office of this name (ignoring case), or None."""
        row = self._conn.execute(
            f"SELECT {_COLUMNS} FROM offices WHERE name = ? COLLATE NOCASE", (name.strip(),)
        ).fetchone()
        return None if row is None else _office(row)

    def by_fingerprint(self, fingerprint: bytes) -> Office | None:
        """The office whose pinned keys have this fingerprint, or None."""
        row = self._conn.execute(f"SELECT {_COLUMNS} FROM offices WHERE fingerprint = ?", (fingerprint,)).fetchone()
        return None if row is None else _office(row)

    def all(self) -> list[Office]:
        """Every office, by name."""
        return [_office(r) for r in self._conn.execute(f"SELECT {_COLUMNS} FROM offices ORDER BY name COLLATE NOCASE")]

    def without_council(self) -> list[Office]:
        """The offices of councils whose council is not recorded, by name."""
        rows = self._conn.execute(
            f"SELECT {_COLUMNS} FROM offices WHERE org_type = ? AND council = '' ORDER BY name COLLATE NOCASE",
            (OrgType.COUNCIL.value,),
        )
        return [_office(r) for r in rows]

    def set_council(self, office_id: int, council: str) -> None:
        """Record which council (an ONS code) the office belongs to."""
        self._conn.execute("UPDATE offices SET council = ? WHERE id = ?", (council, office_id))

    def remove(self, office_id: int) -> None:
        """Remove the office and its pinned keys (forget what it holds first: `ExchangeState.forget_held`)."""
        self._conn.execute("DELETE FROM offices WHERE id = ?", (office_id,))

    def trust(self, office_id: int, at: datetime, method: TrustMethod) -> None:
        """Mark the office's pinned keys as trusted, recording when and how."""
        self._conn.execute(
            "UPDATE offices SET trusted_at = ?, trust_method = ? WHERE id = ?", (dt_out(at), method.value, office_id)
        )

    def replace_keys(
        self,
        office_id: int,
        org_type: OrgType,
        age_recipient: str,
        signing_public: bytes | None,
        fingerprint: bytes,
        at: datetime,
        trusted: TrustMethod | None,
    ) -> None:
        """Pin new keys for an office; it is untrusted again unless `trusted` says how it is trusted."""
        self._conn.execute(
            "UPDATE offices SET org_type = ?, age_recipient = ?, signing_public = ?, fingerprint = ?, "
            "trusted_at = ?, trust_method = ? WHERE id = ?",
            (org_type.value, age_recipient, signing_public, fingerprint,
             None if trusted is None else dt_out(at), "" if trusted is None else trusted.value, office_id),
        )


def _office(r: Any) -> Office:
    return Office(
        id=int(r[0]),
        name=str(r[1]),
        org_type=OrgType(r[2]),
        signing_public=None if r[3] is None else bytes(r[3]),
        age_recipient=str(r[4]),
        fingerprint=bytes(r[5]),
        added_at=dt_in(r[6]),
        trusted_at=None if r[7] is None else dt_in(r[7]),
        trust_method=TrustMethod(r[8]) if r[8] else None,
        council=str(r[9]),
    )
