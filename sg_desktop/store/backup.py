"""Making a backup of a vault: an encrypted copy of its database, checked, packed with its key file.

The copy is made with SQLite's backup API from a connection of its own, keyed with the vault's own data key
(SQLCipher supports the backup API between two databases with the same key and settings): each page is
decrypted and encrypted again, so the copy is as encrypted as the vault, with a fresh salt. The copy is then
checked on another connection (`cipher_integrity_check`, then SQLite's `integrity_check`); a copy that fails is
deleted. The file it goes into is `backup_file`'s: written under a temporary name in its folder, flushed to disk,
read back, and given its name last with a link that fails rather than replace a file already there.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlcipher3

from sg_desktop.domain.errors import BackupError, NotAVault, VaultDamaged
from sg_desktop.store.backup_file import (
    CHUNK,
    DATABASE_NAME,
    KEYS_NAME,
    MANIFEST_NAME,
    MAX_BACKUP_BYTES,
    SMALL_MEMBER,
    WAL_NAME,
    Manifest,
    Member,
    read_backup,
)
from sg_desktop.store.database import Connection, open_keyed, verify_pages
from sg_desktop.store.files import fsync_folder, open_limited, read_limited
from sg_desktop.store.vault import IN_BACKUP_FOLDER, Vault, key_file_path, vault_part

__all__ = ["BackupJob", "CopyFacts", "check_copy", "copy_vault_files", "write_backup"]


@dataclass(frozen=True)
class CopyFacts:
    """What checking a database copy found: its vault, schema, pages and page size."""

    vault_id: str
    schema: int
    pages: int
    page_size: int


class BackupJob:
    """A backup of an open vault, begun on the thread that holds the vault and finished by `run` on any thread,
    even after the vault locked: its three connections (the vault, the copy being written, and the copy's
    checker, which reads the finished file from disk) are opened here with the vault's key, which is never
    copied out of SQLCipher. `discard` ends a job that will not run."""

    def __init__(self, vault: Vault, dest: Path, *, created: datetime, kind: str) -> None:
        _refuse_taken(dest)
        if not dest.parent.is_dir():
            raise BackupError(f"The folder for {dest} does not exist; no backup was written.")
        self.dest = dest
        self._created, self._kind = created, kind
        self._copy = _temporary(dest.parent, dest.name, ".db")
        self._key_file = read_limited(key_file_path(vault.path), SMALL_MEMBER)
        self._connections: list[Connection] = []
        try:
            self._source = self._open(vault, vault.path)
            self._target = self._open(vault, self._copy)
            _restrict(self._copy)
            self._checker = self._open(vault, self._copy)
        except BaseException:
            self.discard()
            raise

    def _open(self, vault: Vault, path: Path) -> Connection:
        try:
            conn = vault.open_copy(path)
        except sqlcipher3.OperationalError:
            raise BackupError(f"{self.dest} cannot be written (the folder refuses it); no backup was written.") \
                from None
        self._connections.append(conn)
        return conn

    def run(self) -> Manifest:
        """Copy, check the copy on its own connection, pack it with the key file; return the manifest.
        BackupError (nothing left behind) when the copy fails its check or the name was taken meanwhile."""
        try:
            self._source.backup(self._target)
            # A single file: the copy needs no -wal beside it when it is read or restored.
            self._target.execute("PRAGMA journal_mode = DELETE").fetchall()
            self._target.close()
            self._source.close()
            try:
                facts = _facts(self._checker)
            except (VaultDamaged, NotAVault) as exc:
                raise BackupError(f"The backup failed its check after writing and was deleted ({exc})") from None
            return _pack(self.dest, {KEYS_NAME: self._key_file}, {DATABASE_NAME: self._copy},
                         vault_id=facts.vault_id, created=self._created, kind=self._kind, checked=True,
                         schema=facts.schema, pages=facts.pages, page_size=facts.page_size)
        except (OSError, sqlcipher3.OperationalError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "the disk refused it"
            raise BackupError(f"The backup {self.dest} could not be written ({reason}); nothing was left "
                              "behind.") from None
        finally:
            self.discard()

    def discard(self) -> None:
        """Close the connections and remove the partial copy (a finished backup is kept)."""
        for conn in self._connections:
            conn.close()
        self._connections.clear()
        _remove(self._copy)


def write_backup(vault: Vault, dest: Path, *, created: datetime, kind: str) -> Manifest:
    """Copy the open `vault` into a new backup at `dest`, check the copy, and return its manifest (see
    `BackupJob`); BackupError, with nothing left behind, when the copy fails its check or `dest` is taken."""
    return BackupJob(vault, dest, created=created, kind=kind).run()


def copy_vault_files(vault_path: Path, vault_id: str, dest: Path, *, created: datetime) -> Manifest:
    """Keep the vault's files as they are (database, key file and any write-ahead log) in a new backup at
    `dest`, without opening them: the copy a restore keeps of the vault it replaces, damaged or not."""
    _refuse_taken(dest)
    key_file = read_limited(key_file_path(vault_path), SMALL_MEMBER)
    files = {DATABASE_NAME: vault_path}
    wal = Path(f"{vault_path}-wal")
    if wal.is_file() and wal.stat().st_size:
        files[WAL_NAME] = wal
    size = vault_path.stat().st_size
    return _pack(dest, {KEYS_NAME: key_file}, files, vault_id=vault_id, created=created, kind="replaced",
                 checked=False, schema=0, pages=size // 4096, page_size=4096)


def check_copy(path: Path, key: bytes) -> CopyFacts:
    """Open the database copy at `path` on a connection of its own and verify every page and its structure;
    VaultDamaged on any fault, NotAVault when `key` does not open it."""
    return _facts(open_keyed(path, key))


def _facts(conn: Connection) -> CopyFacts:
    try:
        try:
            verify_pages(conn)
        except VaultDamaged:
            raise VaultDamaged("The backup's database is damaged: some of its pages fail their integrity "
                               "check.") from None
        try:
            full = conn.execute("PRAGMA integrity_check(1)").fetchone()
            row = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
            schema = int(conn.execute("PRAGMA user_version").fetchone()[0])
            pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
            page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        except sqlcipher3.DatabaseError as exc:
            raise VaultDamaged("The backup's database is damaged: it cannot be read.") from exc
        if not full or full[0] != "ok":
            raise VaultDamaged("The backup's database is damaged: its structure is inconsistent.")
        if row is None:
            raise VaultDamaged("The backup's database is not an SG Desktop vault.")
        return CopyFacts(str(row[0]), schema, pages, page_size)
    finally:
        conn.close()


# -- writing -----------------------------------------------------------------------------------------


def _pack(dest: Path, small: Mapping[str, bytes], files: Mapping[str, Path], *, vault_id: str, created: datetime,
          kind: str, checked: bool, schema: int, pages: int, page_size: int) -> Manifest:
    members = {name: Member(len(data), hashlib.sha256(data).hexdigest()) for name, data in small.items()}
    for name, path in files.items():
        members[name] = _file_member(path)
    manifest = Manifest(vault_id, created, kind, checked, schema, pages, page_size, members)
    tmp = _temporary(dest.parent, dest.name, ".part")
    try:
        with open(tmp, "wb") as out:
            with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
                archive.writestr(_info(MANIFEST_NAME, created), manifest.to_bytes())
                for name, data in small.items():
                    archive.writestr(_info(name, created), data)
                for name, path in files.items():
                    with path.open("rb") as source, archive.open(_info(name, created), "w", force_zip64=True) as sink:
                        while chunk := source.read(CHUNK):
                            sink.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        _verify_written(tmp, manifest)
        _place(tmp, dest)
    finally:
        _remove(tmp)
    return manifest


def _verify_written(tmp: Path, manifest: Manifest) -> None:
    # Read back what was written: a full disk or a failing stick shows here, not on the day of the restore.
    written = read_backup(tmp)
    for name, member in manifest.members.items():
        if name == KEYS_NAME:
            continue
        with open_limited(tmp, MAX_BACKUP_BYTES) as raw, zipfile.ZipFile(raw) as archive, archive.open(name) as f:
            digest = hashlib.sha256()
            while chunk := f.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != member.sha256:
            raise BackupError("The backup did not read back as it was written; it was deleted. Check the disk.")
    del written


def _info(name: str, created: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=created.astimezone(UTC).timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o600 << 16
    return info


def _file_member(path: Path) -> Member:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return Member(size, digest.hexdigest())


def _place(tmp: Path, dest: Path) -> None:
    """Give `tmp` the name `dest`, never replacing a file there: a hard link fails if the name is taken."""
    _restrict(tmp)
    try:
        os.link(tmp, dest)
    except FileExistsError:
        raise BackupError(f"{dest} already exists; a backup is never written over another file.") from None
    except OSError:
        # A file system without hard links (a FAT-formatted stick): look, then rename.
        if dest.exists():
            raise BackupError(f"{dest} already exists; a backup is never written over another file.") from None
        os.rename(tmp, dest)
    fsync_folder(dest.parent)


def _refuse_taken(dest: Path) -> None:
    # A new name in a vault's backup folder is where backups go; any other part of a vault, or any file at all,
    # is refused.
    part = vault_part(dest)
    if part == IN_BACKUP_FOLDER and not dest.exists():
        return
    if part is not None or dest.exists():
        what = f"is {part}" if part is not None else "already exists"
        raise BackupError(f"{dest} {what}; a backup is never written over another file. Choose another name.")


def _restrict(path: Path) -> None:
    if os.name == "posix":
        os.chmod(path, 0o600)


def _temporary(folder: Path, name: str, suffix: str) -> Path:
    return folder / f".{name}.{secrets.token_hex(4)}{suffix}"


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()

