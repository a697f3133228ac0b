"""Creating, unlocking, re-keying and recovering a vault: the passphrase and recovery-key slots on disk."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto import KeyFile, SlotKind
from sg_desktop.domain.enums import AlertKind, MilestoneKind, OrgType
from sg_desktop.domain.errors import (
    NotAVault,
    ValidationError,
    VaultDamaged,
    VaultExists,
    VaultLocked,
    VaultNotFound,
    WrongPassphrase,
    WrongRecoveryKey,
)
from sg_desktop.domain.model import Alert, Milestone
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.store.vault import key_file_path
from tests.conftest import PASSPHRASE

NEW = "a completely different passphrase"


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under `folder` and a hash of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def sample(session: Session) -> Alert:
    return session.alerts.add(Alert(
        council="E06000041", kind=AlertKind.CSPR, title="Practice review publication",
        milestones=(Milestone(MilestoneKind.PUBLICATION, date(2027, 3, 17)),),
    ))


def test_create_then_unlock_gives_back_the_same_alerts(vault_service: VaultService) -> None:
    session, recovery = vault_service.create(PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    stored = sample(session)
    session.lock()
    assert len(recovery.formatted.split("-")) == 7
    again = vault_service.unlock(PASSPHRASE)
    try:
        assert again.alerts.get(stored.reference) == stored
        assert again.office.name == "Local Government Association" and again.office.prefix == "LGA"
    finally:
        again.lock()


def test_the_vault_files_are_private_and_hold_no_plaintext(vault_service: VaultService) -> None:
    session, _ = vault_service.create(PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    sample(session)
    session.lock()
    for path in (vault_service.path, key_file_path(vault_service.path)):
        assert path.stat().st_mode & 0o777 == 0o600
    data = vault_service.path.read_bytes()
    assert not data.startswith(b"SQLite format 3") and b"Practice review" not in data
    assert sorted(p.name for p in vault_service.path.parent.iterdir()) == ["test.sgvault", "test.sgvault.keys"]


def test_wrong_passphrase_is_refused_and_changes_nothing(session: Session, vault_service: VaultService) -> None:
    sample(session)
    session.lock()
    before = fingerprint(vault_service.path.parent)
    with pytest.raises(WrongPassphrase, match="passphrase is not right"):
        vault_service.unlock("not the passphrase at all")
    assert fingerprint(vault_service.path.parent) == before


def test_changing_the_passphrase_rewraps_the_key_only(session: Session, vault_service: VaultService) -> None:
    stored = sample(session)
    session.lock()
    key_file = key_file_path(vault_service.path)
    slots_before = KeyFile.from_bytes(key_file.read_bytes())
    vault_service.change_passphrase(PASSPHRASE, NEW)

    with pytest.raises(WrongPassphrase):
        vault_service.unlock(PASSPHRASE)
    slots_after = KeyFile.from_bytes(key_file.read_bytes())
    assert slots_after.slot(SlotKind.RECOVERY) == slots_before.slot(SlotKind.RECOVERY)
    assert slots_after.slot(SlotKind.PASSPHRASE) != slots_before.slot(SlotKind.PASSPHRASE)
    reopened = vault_service.unlock(NEW)
    try:
        assert reopened.alerts.get(stored.reference) == stored
    finally:
        reopened.lock()
    assert not [p for p in key_file.parent.iterdir() if p.name.endswith(".tmp")]


def test_recovery_key_still_works_after_a_change_and_sets_a_new_passphrase(vault_service: VaultService) -> None:
    session, recovery = vault_service.create(PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    stored = sample(session)
    session.lock()
    vault_service.change_passphrase(PASSPHRASE, NEW)
    by_key = vault_service.unlock_with_recovery(recovery.formatted.lower().replace("-", " "))
    assert by_key.alerts.get(stored.reference) == stored
    by_key.lock()
    vault_service.reset_passphrase(recovery.formatted, "the third passphrase of all")
    with pytest.raises(WrongPassphrase):
        vault_service.unlock(NEW)
    vault_service.unlock("the third passphrase of all").lock()


def test_a_mistyped_or_foreign_recovery_key_is_refused(vault_service: VaultService, tmp_path: Path) -> None:
    session, recovery = vault_service.create(PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    session.lock()
    text = recovery.formatted
    typo = text[:3] + ("X" if text[3] != "X" else "Y") + text[4:]
    with pytest.raises(WrongRecoveryKey, match="mistyped"):
        vault_service.unlock_with_recovery(typo)
    other = VaultService(tmp_path / "other.sgvault", clock=vault_service._clock,
                         councils=(), new_slot_kdf=vault_service._new_slot_kdf)
    _, foreign = other.create(PASSPHRASE, OfficeProfile("ADCS", OrgType.ADCS))
    with pytest.raises(WrongRecoveryKey, match="does not open this vault"):
        vault_service.unlock_with_recovery(foreign.formatted)


def test_missing_vault_stray_file_and_existing_vault(vault_service: VaultService, tmp_path: Path) -> None:
    with pytest.raises(VaultNotFound):
        vault_service.unlock(PASSPHRASE)
    vault_service.path.parent.mkdir(parents=True)
    vault_service.path.write_bytes(b"just some notes, not a vault\n")
    with pytest.raises(NotAVault):
        vault_service.unlock(PASSPHRASE)
    with pytest.raises(VaultExists):
        vault_service.create(PASSPHRASE, OfficeProfile("LGA", OrgType.LGA))
    assert vault_service.path.read_bytes() == b"just some notes, not a vault\n"


def test_a_weak_passphrase_is_refused_before_anything_is_written(vault_service: VaultService) -> None:
    with pytest.raises(ValidationError, match="at least 10 characters"):
        vault_service.create("short", OfficeProfile("LGA", OrgType.LGA))
    assert not vault_service.path.parent.exists() or not any(vault_service.path.parent.iterdir())


def test_one_changed_byte_in_the_database_is_reported_as_damage(
    new_session: Callable[..., Session], vault_service: VaultService
) -> None:
    session = new_session()
    for _ in range(5):
        sample(session)
    session.lock()
    data = bytearray(vault_service.path.read_bytes())
    page = 4096
    for offset in (0, 20, page + 100, len(data) // 2, len(data) - 1):
        damaged = bytearray(data)
        damaged[offset] ^= 0x01
        vault_service.path.write_bytes(bytes(damaged))
        with pytest.raises(VaultDamaged):
            s = vault_service.unlock(PASSPHRASE)
            try:
                s.verify_pages()
            finally:
                s.lock()
    vault_service.path.write_bytes(bytes(data))
    vault_service.unlock(PASSPHRASE).lock()


def test_key_file_swapped_between_vaults_is_damage_not_a_wrong_passphrase(
    vault_service: VaultService, tmp_path: Path
) -> None:
    vault_service.create(PASSPHRASE, OfficeProfile("LGA", OrgType.LGA))[0].lock()
    other = VaultService(tmp_path / "b" / "other.sgvault", clock=vault_service._clock,
                         councils=(), new_slot_kdf=vault_service._new_slot_kdf)
    other.create(PASSPHRASE, OfficeProfile("ADCS", OrgType.ADCS))[0].lock()
    key_file_path(vault_service.path).write_bytes(key_file_path(other.path).read_bytes())
    with pytest.raises(VaultDamaged, match="damaged or was replaced"):
        vault_service.unlock(PASSPHRASE)


def test_a_locked_session_refuses_work(session: Session) -> None:
    session.lock()
    assert session.is_locked
    with pytest.raises(VaultLocked):
        session.alerts.total()
    session.lock()  # locking twice is harmless


def test_a_creation_that_fails_half_way_leaves_no_vault_behind(vault_path: Path) -> None:
    class BrokenClock:
        """Hands out a time without a zone, which the vault refuses to store, mid-creation."""

        def now(self) -> datetime:
            return datetime(2026, 11, 24, 10)

        def today(self) -> date:
            return date(2026, 11, 24)

    from sg_desktop.app.reference import english_councils
    from tests.conftest import cheap_kdf

    service = VaultService(vault_path, clock=BrokenClock(), councils=english_councils(), new_slot_kdf=cheap_kdf)
    with pytest.raises(ValueError):
        service.create(PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    assert list(vault_path.parent.iterdir()) == []
    assert not service.exists()


def test_opening_clears_what_a_killed_key_file_write_left_and_nothing_younger(
    vault_service: VaultService, vault_path: Path
) -> None:
    import os
    import time

    vault_service.create(PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))[0].lock()
    keys = key_file_path(vault_path)
    stale = keys.with_name(f".{keys.name}.k2j4ab.tmp")  # as write_atomic names its temporary file
    fresh = keys.with_name(f".{keys.name}.9xyz01.tmp")  # another process's write, under way now
    stale_db = vault_path.with_name(f".{vault_path.name}.q1w2e3.tmp")
    unrelated = vault_path.with_name(".notes.txt.abc.tmp")
    for leftover in (stale, fresh, stale_db, unrelated):
        leftover.write_bytes(b"half a key file")
    an_hour_ago = time.time() - 3600
    for old in (stale, stale_db, unrelated):
        os.utime(old, (an_hour_ago, an_hour_ago))
    key_before = keys.read_bytes()

    vault_service.unlock(PASSPHRASE).lock()
    assert not stale.exists() and not stale_db.exists()
    assert fresh.exists() and unrelated.exists()  # too young to be a leftover; not ours
    assert keys.read_bytes() == key_before
