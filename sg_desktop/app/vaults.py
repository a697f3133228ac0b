"""Creating, unlocking and re-keying a vault: passphrases and recovery keys in, an open Session out.

The passphrase slot and the recovery slot each wrap the same random data key; the database is keyed
with that data key, so changing the passphrase rewrites only the small key file, atomically.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from pathlib import Path

from sg_desktop.app.clock import Clock
from sg_desktop.app.session import Session
from sg_desktop.crypto import (
    DATA_KEY_BYTES,
    Argon2idKdf,
    HkdfKdf,
    Kdf,
    KeyFile,
    KeySlot,
    RecoveryKey,
    SlotKind,
    new_recovery_key,
    parse_recovery_key,
    passphrase_secret,
    unwrap_key,
    wrap_key,
)
from sg_desktop.domain.councils import Council
from sg_desktop.domain.errors import NotAVault, Problem, ValidationError, VaultExists
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.domain.passphrase import passphrase_problem
from sg_desktop.store.vault import Vault, read_key_file, vault_files, write_key_file

__all__ = ["Kdf", "LockedVault", "RecoveryKey", "VaultService", "calibrated_kdf"]

_PASSPHRASE_SLOT_SETTING = "passphrase_slot"
"""The vault setting naming the passphrase slot its audit log last recorded (`_slot_digest`): a key file whose
slot differs was replaced by a passphrase change cut off before its audit entry committed."""


def _slot_digest(slot: KeySlot) -> str:
    """A short name for one wrapping of the data key (its salt, nonce and ciphertext hashed; nothing secret)."""
    return hashlib.sha256(slot.salt + slot.nonce + slot.ciphertext).hexdigest()[:32]


def calibrated_kdf() -> Kdf:
    """Argon2id tuned on this machine so that unlocking takes about 0.75 s, with 64 MiB."""
    return Argon2idKdf.benchmark(target_seconds=0.75)


class VaultService:
    """The vault at one path: create it, unlock it, change or recover its passphrase."""

    def __init__(
        self,
        path: Path,
        *,
        clock: Clock,
        councils: tuple[Council, ...],
        new_slot_kdf: Callable[[], Kdf] = calibrated_kdf,
    ) -> None:
        self.path = path
        self._clock = clock
        self._councils = councils
        self._new_slot_kdf = new_slot_kdf

    def exists(self) -> bool:
        """Whether a vault (database or key file) is at the path."""
        return bool(self.existing_files())

    def existing_files(self) -> list[Path]:
        """Which of the vault's files (database, key file, SQLite's working files) are already there."""
        return [p for p in vault_files(self.path) if p.exists()]

    def create(self, passphrase: str, office: OfficeProfile, *, demo: bool = False) -> tuple[Session, RecoveryKey]:
        """Make a new vault; return it open, with the recovery key to show the user once."""
        existing = self.existing_files()
        if existing:
            raise VaultExists(f"{existing[0]} already exists; a new vault is never made over another's files.")
        problem = passphrase_problem(passphrase)
        if problem:
            raise ValidationError([Problem("passphrase", problem)])
        data_key = secrets.token_bytes(DATA_KEY_BYTES)
        vault_id = str(uuid.uuid4())
        recovery = new_recovery_key()
        slot = wrap_key(data_key, passphrase_secret(passphrase), SlotKind.PASSPHRASE, vault_id, self._new_slot_kdf())
        key_file = KeyFile(vault_id, (slot, wrap_key(data_key, recovery.secret, SlotKind.RECOVERY, vault_id,
                                                     HkdfKdf())))
        meta = {
            _PASSPHRASE_SLOT_SETTING: _slot_digest(slot),
            "office_name": office.name,
            "office_org": office.org_type.value,
            "office_council": office.council,
            "reference_prefix": office.prefix,
            "demo": "1" if demo else "0",
        }
        vault = Vault.create(self.path, data_key, vault_id, key_file.to_bytes(), meta, self._clock.now())
        return Session(vault, self._clock, self._councils), recovery

    def locked(self) -> LockedVault:
        """The vault as it is before unlocking: its key file, read once (VaultNotFound or NotAVault when there
        is no vault at the path), for a command to report a missing vault before it asks for a passphrase."""
        return LockedVault(self, KeyFile.from_bytes(read_key_file(self.path)))

    def unlock(self, passphrase: str) -> Session:
        """Open the vault with its passphrase; WrongPassphrase if it is not right."""
        return self.locked().unlock(passphrase)

    def unlock_with_recovery(self, recovery_key: str) -> Session:
        """Open the vault with its recovery key; WrongRecoveryKey if mistyped or for another vault."""
        return self.locked().unlock_with_recovery(recovery_key)

    def change_passphrase(self, current: str, new: str) -> None:
        """Rewrap the data key under a new passphrase; the old one stops working, the recovery key still works."""
        self.locked().change_passphrase(current, new)

    def reset_passphrase(self, recovery_key: str, new: str) -> None:
        """Set a new passphrase using the recovery key (for a forgotten passphrase)."""
        self.locked().recover(recovery_key, new).lock()

    def recover(self, recovery_key: str, new: str) -> Session:
        """Open the vault with its recovery key and set a new passphrase; return it open."""
        return self.locked().recover(recovery_key, new)

    # -- for LockedVault -------------------------------------------------------------------------

    def _wrap_passphrase(self, data_key: bytes, passphrase: str, vault_id: str) -> KeySlot:
        return wrap_key(data_key, passphrase_secret(passphrase), SlotKind.PASSPHRASE, vault_id, self._new_slot_kdf())

    def _open(self, key_file: KeyFile, data_key: bytes) -> Session:
        # Opening writes nothing (unless the council list renamed a council since the last open, or a passphrase
        # change was cut off): a failed command after unlocking leaves the vault byte for byte as it was.
        session = Session(Vault.open(self.path, data_key, key_file.vault_id), self._clock, self._councils)
        try:
            self._finish_cut_off_change(session, key_file)
        except BaseException:
            session.lock()
            raise
        return session

    def _finish_cut_off_change(self, session: Session, key_file: KeyFile) -> None:
        # A passphrase change replaces the key file, then commits its audit entry: a crash between the two
        # leaves a new passphrase slot the audit log never recorded. Record it now, so every change is in it.
        vault, slot = session.vault, key_file.slot(SlotKind.PASSPHRASE)
        recorded = vault.settings.get(_PASSPHRASE_SLOT_SETTING)
        if slot is None or recorded is None or recorded == _slot_digest(slot):
            return  # (None for a vault made before the setting: nothing to compare with until its next change)
        with vault.transaction():
            vault.settings.set(_PASSPHRASE_SLOT_SETTING, _slot_digest(slot))
            vault.audit.append(self._clock.now(), "vault.passphrase-change", key_file.vault_id,
                               completed_on_open=True)


class LockedVault:
    """A vault's key file, read once: unlock it, or change or recover its passphrase, each deriving the key once
    and opening the database at most once."""

    def __init__(self, service: VaultService, key_file: KeyFile) -> None:
        self._service = service
        self._key_file = key_file

    def unlock(self, passphrase: str) -> Session:
        """Open the vault with its passphrase; WrongPassphrase if it is not right."""
        key_file = self._key_file
        data_key = unwrap_key(self._slot(SlotKind.PASSPHRASE), passphrase_secret(passphrase), key_file.vault_id)
        return self._service._open(key_file, data_key)

    def unlock_with_recovery(self, recovery_key: str) -> Session:
        """Open the vault with its recovery key; WrongRecoveryKey if mistyped or for another vault."""
        return self._service._open(self._key_file, self._recovery_data_key(recovery_key))

    def change_passphrase(self, current: str, new: str) -> None:
        """Rewrap the data key under a new passphrase; the old one stops working, the recovery key still works."""
        data_key = unwrap_key(self._slot(SlotKind.PASSPHRASE), passphrase_secret(current), self._key_file.vault_id)
        self._replace_passphrase(data_key, new, "vault.passphrase-change").lock()

    def recover(self, recovery_key: str, new: str) -> Session:
        """Set a new passphrase using the recovery key (for a forgotten passphrase); return the vault open."""
        self._check_new(new)  # before the key derivation, so a weak choice costs nothing
        return self._replace_passphrase(self._recovery_data_key(recovery_key), new, "vault.passphrase-recover")

    def _slot(self, kind: SlotKind) -> KeySlot:
        slot = self._key_file.slot(kind)
        if slot is None:
            raise NotAVault(f"This vault has no {kind.value} slot; it was not made by SG Desktop.")
        return slot

    def _recovery_data_key(self, recovery_key: str) -> bytes:
        parsed = parse_recovery_key(recovery_key)  # catches typos before any key derivation runs
        return unwrap_key(self._slot(SlotKind.RECOVERY), parsed.secret, self._key_file.vault_id)

    @staticmethod
    def _check_new(new: str) -> None:
        problem = passphrase_problem(new)
        if problem:
            raise ValidationError([Problem("passphrase", problem)])

    def _replace_passphrase(self, data_key: bytes, new: str, action: str) -> Session:
        self._check_new(new)
        key_file, service = self._key_file, self._service
        # Prove the key opens the database before the old slot is thrown away.
        session = service._open(key_file, data_key)
        try:
            slot = service._wrap_passphrase(data_key, new, key_file.vault_id)
            vault = session.vault
            # The audit entry commits only after the new key file is in place, so a crash never leaves an entry
            # for a change that did not happen; a crash between the two is finished on the next open.
            with vault.transaction():
                vault.settings.set(_PASSPHRASE_SLOT_SETTING, _slot_digest(slot))
                vault.audit.append(service._clock.now(), action, key_file.vault_id)
                write_key_file(service.path, key_file.with_slot(slot).to_bytes())
        except BaseException:
            session.lock()
            raise
        self._key_file = key_file.with_slot(slot)
        return session
