"""Backups made, checked, listed and kept: an encrypted copy with its key file, never written over anything,
at most one automatic backup a day, only the newest N of those kept."""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from sg_desktop.app.backups import BackupService
from sg_desktop.app.clock import FixedClock
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import AlertKind
from sg_desktop.domain.errors import BackupError
from sg_desktop.domain.model import Alert
from sg_desktop.store import backup as store_backup
from sg_desktop.store.vault import vault_part

MARKER = "Quillwort-Pennycress"
LEEDS = "E08000035"


def add_alerts(session: Session, n: int = 3) -> list[str]:
    added = session.alerts.add_many([
        Alert(LEEDS, AlertKind.CSPR, f"{MARKER} review {i}", summary=f"{MARKER} summary") for i in range(n)
    ])
    return sorted(a.reference for a in added)


def flip_middle(path: Path, count: int = 16) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    for i in range(middle, middle + count):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


@pytest.fixture
def service(vault_path: Path, clock: FixedClock) -> BackupService:
    return BackupService(vault_path, clock, keep=3)


def test_a_backup_is_one_encrypted_file_with_the_key_file_and_a_manifest(session: Session,
                                                                         service: BackupService) -> None:
    add_alerts(session, 20)
    info = service.back_up(session)
    assert info.path.parent == service.folder
    assert info.checked and info.kind == "manual" and info.vault_id == session.vault_id
    data = info.path.read_bytes()
    assert MARKER.encode() not in data and MARKER.encode("utf-16-le") not in data
    with zipfile.ZipFile(info.path) as archive:
        assert archive.namelist() == ["sg-desktop-backup.json", "vault.keys", "vault.db"]
        assert {i.compress_type for i in archive.infolist()} == {zipfile.ZIP_STORED}
        manifest = archive.read("sg-desktop-backup.json").decode()
        keys = archive.read("vault.keys")
    assert MARKER not in manifest and session.vault_id in manifest
    assert keys == session.vault.path.with_name(session.vault.path.name + ".keys").read_bytes()
    assert vault_part(info.path) == "a backup"


def test_making_a_backup_is_audited_without_any_text(session: Session, service: BackupService) -> None:
    add_alerts(session)
    service.back_up(session)
    entry = session.audit_entries(1)[0]
    assert entry.action == "vault.backup" and entry.detail == {"kind": "manual"}
    assert entry.record_id == session.vault_id


def test_a_backup_is_never_written_over_a_vault_its_key_file_or_another_backup(
        session: Session, service: BackupService, tmp_path: Path) -> None:
    first = service.back_up(session).path
    vault = session.vault.path
    targets = [vault, vault.with_name(vault.name + ".keys"), Path(f"{vault}-wal"), first, tmp_path / "other.txt"]
    (tmp_path / "other.txt").write_text("keep me")
    for target in targets:
        before = target.read_bytes() if target.exists() else None
        with pytest.raises(BackupError, match="never written over"):
            service.back_up(session, target)
        assert (target.read_bytes() if target.exists() else None) == before
    assert not [p for p in service.folder.iterdir() if p.name.startswith(".")]


def test_a_copy_that_fails_its_check_is_deleted_and_reported(session: Session, service: BackupService,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    add_alerts(session, 50)
    real = store_backup.verify_pages

    def damage_the_copy_first(conn: object) -> None:
        (copy,) = [p for p in service.folder.iterdir() if p.name.endswith(".db")]
        flip_middle(copy)
        real(conn)

    monkeypatch.setattr(store_backup, "verify_pages", damage_the_copy_first)
    with pytest.raises(BackupError, match="failed its check after writing and was deleted"):
        service.back_up(session)
    assert list(service.folder.iterdir()) == []


def test_a_damaged_vault_is_not_backed_up(session: Session, service: BackupService) -> None:
    add_alerts(session, 300)
    session.vault.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    flip_middle(service.vault_path, 64)
    with pytest.raises(BackupError, match="damaged"):
        service.back_up(session)
    assert [p.name for p in service.folder.iterdir()] == []


def test_at_most_one_automatic_backup_a_day(session: Session, service: BackupService, clock: FixedClock) -> None:
    first = service.begin_daily(session)
    assert first is not None
    first.run()
    assert service.begin_daily(session) is None  # the same day
    local = clock.moment.astimezone()  # a day is the officer's own, from midnight to midnight
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    clock.moment = midnight - timedelta(minutes=5)  # late on the same day
    assert service.begin_daily(session) is None
    clock.moment = midnight + timedelta(minutes=5)  # just after midnight
    second = service.begin_daily(session)
    assert second is not None
    second.run()
    assert [b.kind for b in service.backups()] == ["automatic", "automatic"]


def test_only_the_newest_automatic_backups_are_kept(session: Session, service: BackupService,
                                                    clock: FixedClock) -> None:
    by_hand = service.back_up(session)
    made = []
    for _day in range(5):
        pending = service.begin_daily(session)
        assert pending is not None
        made.append(pending.run().path)
        clock.moment += timedelta(days=1)
    automatic = [b.path for b in service.backups() if b.kind == "automatic"]
    assert automatic == list(reversed(made))[:3]
    assert by_hand.path.exists()


def test_the_demo_vault_is_never_backed_up(new_session: Callable[..., Session], service: BackupService) -> None:
    demo = new_session(demo=True)
    assert service.begin_daily(demo) is None
    assert not service.folder.exists()


def test_a_backup_can_finish_after_the_vault_locked(session: Session, service: BackupService) -> None:
    references = add_alerts(session, 30)
    pending = service.begin(session, kind="automatic")
    session.lock()
    info = pending.run()
    assert info.checked and info.path.exists()
    assert references
    assert not [p for p in service.vault_path.parent.iterdir() if p.name.endswith(("-wal", "-shm"))]


def test_backups_of_another_vault_in_the_folder_are_not_listed(session: Session, service: BackupService,
                                                               tmp_path: Path) -> None:
    mine = service.back_up(session)
    (service.folder / "stray.sgbackup").write_bytes(b"not a backup at all")
    assert [b.path for b in service.backups()] == [mine.path]
    assert service.backups("another-vault-id") == []
    assert os.stat(mine.path).st_mode & 0o077 == 0


def test_what_a_killed_backup_or_restore_left_is_cleared_when_the_backups_are_next_listed(
    session: Session, service: BackupService, vault_path: Path
) -> None:
    import time

    made = service.back_up(session).path
    folder = made.parent
    hour_and_more = time.time() - 3700
    stale = [folder / f".{made.name}.1a2b3c4d.db", folder / f".{made.name}.1a2b3c4d.db-wal",
             folder / f".{made.name}.5e6f7a8b.part", vault_path.with_name(f".{vault_path.name}.restoring-9c0d1e2f")]
    young = folder / f".{made.name}.77777777.part"  # a backup being written now
    for leftover in (*stale, young):
        leftover.write_bytes(b"encrypted pages, half written")
    for old in stale:
        os.utime(old, (hour_and_more, hour_and_more))

    assert [b.path for b in service.backups()] == [made]
    assert not any(p.exists() for p in stale)
    assert young.exists() and made.exists() and vault_path.exists()
