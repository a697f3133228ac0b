"""Restoring a backup: checked wholly before the vault is touched, the replaced vault kept as a backup, the
passphrase of the day the backup was made, the restore audited; every refusal changes nothing."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from sg_desktop.app.backups import BackupService
from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import AlertKind, OrgType
from sg_desktop.domain.errors import BackupError, SgError, WrongPassphrase
from sg_desktop.domain.model import Alert
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.store import restore as store_restore
from sg_desktop.store.backup import copy_vault_files
from tests.conftest import PASSPHRASE, cheap_kdf
from tests.unit.test_backup import LEEDS, add_alerts, flip_middle

NEW_PASSPHRASE = "a different passphrase for later"


def folder_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` (the vault, its key file, its backups) by content."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def references(service: VaultService, passphrase: str = PASSPHRASE) -> list[str]:
    session = service.unlock(passphrase)
    try:
        session.check_integrity()
        return sorted(a.reference for a in session.alerts.all())
    finally:
        session.lock()


@pytest.fixture
def backups(vault_path: Path, clock: FixedClock) -> BackupService:
    return BackupService(vault_path, clock)


@pytest.fixture
def made(session: Session, backups: BackupService) -> tuple[Path, list[str]]:
    """A vault with three alerts backed up, then one more alert added and one deleted; locked."""
    before = add_alerts(session, 3)
    path = backups.back_up(session).path
    session.alerts.add(Alert(LEEDS, AlertKind.TRIAL, "Added after the backup"))
    session.alerts.delete(before[1])
    session.lock()
    return path, before


def test_a_restore_brings_back_the_alerts_and_is_audited(made: tuple[Path, list[str]], backups: BackupService,
                                                         vault_service: VaultService) -> None:
    path, before = made
    assert references(vault_service) != before
    with backups.prepare_restore(path, passphrase=PASSPHRASE) as prepared:
        assert prepared.replaces
        done = prepared.apply()
    assert references(vault_service) == before
    session = vault_service.unlock(PASSPHRASE)
    try:
        entry = session.audit_entries(1)[0]
        assert entry.action == "vault.restore" and entry.record_id == session.vault_id
        assert entry.detail == {"backup_created": done.backup.created.isoformat()}
    finally:
        session.lock()
    assert not [p for p in backups.vault_path.parent.iterdir() if ".restoring-" in p.name]


def test_the_replaced_vault_is_kept_as_a_backup_that_restores(made: tuple[Path, list[str]],
                                                              backups: BackupService,
                                                              vault_service: VaultService) -> None:
    path, _before = made
    replaced_state = references(vault_service)
    vault_bytes = backups.vault_path.read_bytes()
    with backups.prepare_restore(path, passphrase=PASSPHRASE) as prepared:
        kept = prepared.apply().kept
    assert kept is not None and kept.parent == backups.folder
    (info,) = [b for b in backups.backups() if b.path == kept]
    assert info.kind == "replaced" and not info.checked
    with zipfile.ZipFile(kept) as archive:
        assert archive.read("vault.db") == vault_bytes
    with backups.prepare_restore(kept, passphrase=PASSPHRASE) as prepared:
        prepared.apply()
    assert references(vault_service) == replaced_state


def test_the_backup_opens_with_the_passphrase_it_was_made_with(session: Session, backups: BackupService,
                                                               vault_service: VaultService) -> None:
    before = add_alerts(session)
    path = backups.back_up(session).path
    session.lock()
    vault_service.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)
    unchanged = folder_digest(backups.vault_path.parent)
    with pytest.raises(WrongPassphrase, match="the passphrase the vault had when the backup was made"):
        backups.prepare_restore(path, passphrase=NEW_PASSPHRASE)
    assert folder_digest(backups.vault_path.parent) == unchanged
    with backups.prepare_restore(path, passphrase=PASSPHRASE) as prepared:
        prepared.apply()
    assert references(vault_service, PASSPHRASE) == before
    with pytest.raises(WrongPassphrase):
        vault_service.unlock(NEW_PASSPHRASE)


def test_the_recovery_key_opens_a_backup(vault_path: Path, clock: FixedClock, backups: BackupService) -> None:
    service = VaultService(vault_path, clock=clock, councils=english_councils(), new_slot_kdf=cheap_kdf)
    session, recovery = service.create(PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    before = add_alerts(session)
    path = backups.back_up(session).path
    session.lock()
    with backups.prepare_restore(path, recovery_key=recovery.formatted) as prepared:
        prepared.apply()
    assert references(service) == before


def _truncated(path: Path, tmp: Path) -> Path:
    out = tmp / "cut-short.sgbackup"
    out.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return out


def _flipped(path: Path, tmp: Path) -> Path:
    out = tmp / "flipped.sgbackup"
    out.write_bytes(path.read_bytes())
    flip_middle(out, 4)
    return out


def _not_a_backup(_path: Path, tmp: Path) -> Path:
    out = tmp / "report.sgbackup"
    out.write_bytes(b"%PDF-1.7 a briefing report, not a backup\n" * 50)
    return out


def _missing(_path: Path, tmp: Path) -> Path:
    return tmp / "no-such-backup.sgbackup"


def _folder(_path: Path, tmp: Path) -> Path:
    return tmp


REFUSED: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "a missing file": (_missing, "does not exist; nothing was changed"),
    "a folder": (_folder, "is a folder, not a file; nothing was changed"),
    "not a backup": (_not_a_backup, "is not an SG Desktop backup; nothing was changed"),
    "a truncated backup": (_truncated, "is damaged or incomplete"),
    "a backup with a changed byte": (_flipped, "is damaged or incomplete"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_bad_backup_is_refused_and_nothing_changes(made: tuple[Path, list[str]], backups: BackupService,
                                                     tmp_path: Path, case: str) -> None:
    make, message = REFUSED[case]
    bad = make(made[0], tmp_path)
    unchanged = folder_digest(backups.vault_path.parent)
    with pytest.raises(SgError, match=message) as raised:
        backups.prepare_restore(bad, passphrase=PASSPHRASE)
    assert "\n" not in str(raised.value)
    assert folder_digest(backups.vault_path.parent) == unchanged


def test_a_backup_of_another_vault_is_refused(made: tuple[Path, list[str]], backups: BackupService,
                                              tmp_path: Path, clock: FixedClock) -> None:
    other_path = tmp_path / "other" / "other.sgvault"
    other = VaultService(other_path, clock=clock, councils=english_councils(), new_slot_kdf=cheap_kdf)
    session, _ = other.create(PASSPHRASE, OfficeProfile("Another office", OrgType.ADCS))
    foreign = BackupService(other_path, clock).back_up(session).path
    session.lock()
    unchanged = folder_digest(backups.vault_path.parent)
    with pytest.raises(BackupError, match="is a backup of another vault"):
        backups.check_restorable(foreign)
    with pytest.raises(BackupError, match="restore it to a new place"):
        backups.prepare_restore(foreign, passphrase=PASSPHRASE)
    assert folder_digest(backups.vault_path.parent) == unchanged


def test_a_backup_restores_to_a_new_place(made: tuple[Path, list[str]], tmp_path: Path, clock: FixedClock) -> None:
    path, before = made
    new_place = tmp_path / "new laptop" / "office.sgvault"
    with BackupService(new_place, clock).prepare_restore(path, passphrase=PASSPHRASE) as prepared:
        assert not prepared.replaces
        assert prepared.apply().kept is None
    service = VaultService(new_place, clock=clock, councils=english_councils(), new_slot_kdf=cheap_kdf)
    assert references(service) == before


def test_a_key_file_left_without_its_database_is_kept(made: tuple[Path, list[str]], backups: BackupService,
                                                      vault_service: VaultService) -> None:
    path, before = made
    old_keys = backups.vault_path.with_name(backups.vault_path.name + ".keys").read_bytes()
    backups.vault_path.unlink()  # the database moved away
    with backups.prepare_restore(path, passphrase=PASSPHRASE) as prepared:
        kept = prepared.apply().kept
    assert kept is not None and kept.read_bytes() == old_keys
    assert references(vault_service) == before


def test_a_crash_between_the_database_and_the_key_file_leaves_a_vault_that_opens(
        made: tuple[Path, list[str]], backups: BackupService, vault_service: VaultService,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path, before = made
    vault_service.change_passphrase(PASSPHRASE, NEW_PASSPHRASE)

    def power_cut(_path: Path, _data: bytes) -> None:
        raise OSError("the power went")

    monkeypatch.setattr(store_restore, "write_atomic", power_cut)
    with backups.prepare_restore(path, passphrase=PASSPHRASE) as prepared, pytest.raises(OSError):
        prepared.apply()
    # The backup's database with the key file of just before: the same data key, today's passphrase.
    assert references(vault_service, NEW_PASSPHRASE) == before
    kept = [b for b in backups.backups() if b.kind == "replaced"]
    assert len(kept) == 1


_HOLD_OPEN = """
import sys, time
from pathlib import Path
from sg_desktop.app.clock import SystemClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.vaults import VaultService
session = VaultService(Path(sys.argv[1]), clock=SystemClock(), councils=english_councils()).unlock(sys.argv[2])
print("open", flush=True)
time.sleep(60)
"""


def test_a_vault_open_in_another_process_is_not_replaced(made: tuple[Path, list[str]],
                                                         backups: BackupService) -> None:
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_OPEN, str(backups.vault_path), PASSPHRASE],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        time.sleep(0.1)
        unchanged = folder_digest(backups.vault_path.parent)
        with pytest.raises(BackupError, match="is open in SG Desktop"):
            backups.prepare_restore(made[0], passphrase=PASSPHRASE)
        assert folder_digest(backups.vault_path.parent) == unchanged
    finally:
        holder.kill()
        holder.communicate()


def test_a_kept_copy_with_a_write_ahead_log_restores_what_the_log_held(session: Session, backups: BackupService,
                                                                       vault_service: VaultService,
                                                                       clock: FixedClock) -> None:
    before = add_alerts(session, 4)  # committed to the write-ahead log; the database file lacks them yet
    wal = Path(f"{backups.vault_path}-wal")
    assert wal.stat().st_size > 0
    backups.folder.mkdir()
    kept = backups.folder / "as-it-was.sgbackup"
    copy_vault_files(backups.vault_path, session.vault_id, kept, created=clock.now())
    session.alerts.add(Alert(LEEDS, AlertKind.TRIAL, "Added after the copy"))
    session.lock()
    with zipfile.ZipFile(kept) as archive:
        assert "vault.db-wal" in archive.namelist()
    with backups.prepare_restore(kept, passphrase=PASSPHRASE) as prepared:
        prepared.apply()
    assert references(vault_service) == before
