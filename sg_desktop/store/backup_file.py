"""The backup file: one zip holding a vault's encrypted database, its key file and a manifest, and reading it.

The members are stored, not compressed: the database is encrypted and would not shrink, and a reader never
inflates anything, so a member's size on disk is its size. The manifest comes first, so a backup is known by its
first bytes (`vault_part` protects it); it names the vault, the schema, when the backup was made, the number of
pages and the SHA-256 of each member, never any record text. One file rather than a pair: the key file cannot
be left behind, and a restore opens the database with the passphrase (or recovery key) the vault had when the
backup was made.

Reading is bounded (a regular file of at most `MAX_BACKUP_BYTES`, small members of at most 64 KB), strict (only
the members named here, once each, stored; a manifest with exactly its fields, of their types, no duplicate
keys) and checked (each member's size and SHA-256 against the manifest).
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sg_desktop.domain.errors import BackupError, SchemaTooNew
from sg_desktop.store.files import FileTooLarge, UnreadableFile, open_limited, read_head, size_words
from sg_desktop.store.migrations import LATEST_VERSION

__all__ = [
    "BACKUP_FORMAT",
    "BACKUP_VERSION",
    "CHUNK",
    "DATABASE_NAME",
    "KEYS_NAME",
    "MANIFEST_NAME",
    "MAX_BACKUP_BYTES",
    "SMALL_MEMBER",
    "WAL_NAME",
    "BackupFile",
    "Manifest",
    "Member",
    "read_backup",
]

BACKUP_FORMAT = "sg-desktop-backup"
BACKUP_VERSION = 1
MAX_BACKUP_BYTES = 16 << 30
"""The largest backup read: far above any vault (100,000 alerts take about 200 MB), far below a runaway file."""

MANIFEST_NAME = "sg-desktop-backup.json"
KEYS_NAME = "vault.keys"
DATABASE_NAME = "vault.db"
WAL_NAME = "vault.db-wal"
SMALL_MEMBER = 64 * 1024
CHUNK = 1 << 20
_KINDS = ("automatic", "manual", "replaced")


@dataclass(frozen=True)
class Member:
    """One file inside a backup: its size and SHA-256 (of encrypted bytes, or of the key file)."""

    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    """What a backup says of itself. `kind` is "automatic", "manual" or "replaced" (the vault as it was when a
    restore replaced it); `checked` whether every page and the structure were verified when it was written;
    `schema` is 0 when not known (a copy of files that were not opened)."""

    vault_id: str
    created: datetime
    kind: str
    checked: bool
    schema: int
    pages: int
    page_size: int
    members: Mapping[str, Member]

    def to_bytes(self) -> bytes:
        """The manifest as sorted JSON."""
        document = {
            "format": BACKUP_FORMAT, "version": BACKUP_VERSION, "vault_id": self.vault_id,
            "created": self.created.astimezone(UTC).isoformat(), "kind": self.kind, "checked": self.checked,
            "schema": self.schema, "pages": self.pages, "page_size": self.page_size,
            "members": {name: {"size": m.size, "sha256": m.sha256} for name, m in sorted(self.members.items())},
        }
        return json.dumps(document, sort_keys=True, separators=(",", ":")).encode() + b"\n"



@dataclass(frozen=True)
class BackupFile:
    """A backup read and found sound as a container: its manifest and key file; `extract` writes out the
    database (and any write-ahead log) for opening."""

    path: Path
    manifest: Manifest
    key_file: bytes
    size: int

    def extract(self, to: Path) -> None:
        """Write the database to `to` (and a write-ahead log kept with it to `to`-wal), checking each member's
        size and SHA-256 against the manifest; BackupError if one differs."""
        try:
            with open_limited(self.path, MAX_BACKUP_BYTES) as raw, zipfile.ZipFile(raw) as archive:
                for name, target in ((DATABASE_NAME, to), (WAL_NAME, Path(f"{to}-wal"))):
                    if name in self.manifest.members:
                        _extract_member(archive, name, self.manifest.members[name], target, self.path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
            raise _damaged_backup(self.path) from exc


def read_backup(path: Path) -> BackupFile:
    """Read the backup at `path` as far as its manifest and key file (bounded; never a pipe or a device);
    BackupError when it is not a backup, or is a damaged or cut-short one."""
    try:
        with open_limited(path, MAX_BACKUP_BYTES) as raw:
            size = os.fstat(raw.fileno()).st_size
            try:
                with zipfile.ZipFile(raw) as archive:
                    infos = _members(archive, path)
                    manifest = _parse_manifest(_read_small(archive, infos[MANIFEST_NAME], path), path)
                    if set(manifest.members) != set(infos) - {MANIFEST_NAME}:
                        raise _damaged_backup(path)
                    for name, info in infos.items():
                        if name != MANIFEST_NAME and info.file_size != manifest.members[name].size:
                            raise _damaged_backup(path)
                    key_file = _read_small(archive, infos[KEYS_NAME], path)
            except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, KeyError):
                raise _not_backup_or_damaged(path) from None
    except FileTooLarge:
        raise BackupError(f"{path} is larger than {size_words(MAX_BACKUP_BYTES)}, more than any backup; "
                          "nothing was changed.") from None
    except UnreadableFile as exc:
        raise BackupError(f"The backup {path} {exc.reason}; nothing was changed.") from None
    if hashlib.sha256(key_file).hexdigest() != manifest.members[KEYS_NAME].sha256:
        raise _damaged_backup(path)
    return BackupFile(path, manifest, key_file, size)





def _members(archive: zipfile.ZipFile, path: Path) -> dict[str, zipfile.ZipInfo]:
    infos: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        if info.filename in infos or info.filename not in (MANIFEST_NAME, KEYS_NAME, DATABASE_NAME, WAL_NAME):
            raise _damaged_backup(path)
        if info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 0x1 or info.compress_size != info.file_size:
            raise _damaged_backup(path)
        infos[info.filename] = info
    if not {MANIFEST_NAME, KEYS_NAME, DATABASE_NAME} <= set(infos):
        raise _not_backup_or_damaged(path)
    return infos


def _read_small(archive: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> bytes:
    if info.file_size > SMALL_MEMBER:
        raise _damaged_backup(path)
    with archive.open(info) as f:
        return f.read(SMALL_MEMBER + 1)[:SMALL_MEMBER]


def _extract_member(archive: zipfile.ZipFile, name: str, member: Member, target: Path, path: Path) -> None:
    digest, size = hashlib.sha256(), 0
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as out, archive.open(name) as source:
        while chunk := source.read(CHUNK):
            size += len(chunk)
            if size > member.size:
                raise _damaged_backup(path)
            digest.update(chunk)
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    if size != member.size or digest.hexdigest() != member.sha256:
        raise _damaged_backup(path)


def _parse_manifest(data: bytes, path: Path) -> Manifest:
    try:
        document = json.loads(data.decode("utf-8"), object_pairs_hook=_unique, parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _damaged_backup(path) from None
    if not isinstance(document, dict) or document.get("format") != BACKUP_FORMAT:
        raise _not_backup_or_damaged(path)
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _damaged_backup(path)
    if version > BACKUP_VERSION:
        raise SchemaTooNew(f"The backup {path} was made by a newer SG Desktop. Update SG Desktop to restore it.")
    expected = {"format", "version", "vault_id", "created", "kind", "checked", "schema", "pages", "page_size",
                "members"}
    if set(document) != expected or version != BACKUP_VERSION:
        raise _damaged_backup(path)
    vault_id, kind, checked, members = (document[k] for k in ("vault_id", "kind", "checked", "members"))
    numbers = [document[k] for k in ("schema", "pages", "page_size")]
    if (not isinstance(vault_id, str) or not 0 < len(vault_id) <= 64 or kind not in _KINDS
            or not isinstance(checked, bool) or not all(_is_int(n) and 0 <= n < 1 << 40 for n in numbers)
            or not isinstance(members, dict)):
        raise _damaged_backup(path)
    try:
        created = datetime.fromisoformat(str(document["created"]))
    except ValueError:
        raise _damaged_backup(path) from None
    if created.tzinfo is None:
        raise _damaged_backup(path)
    parsed: dict[str, Member] = {}
    for name, entry in members.items():
        if name not in (KEYS_NAME, DATABASE_NAME, WAL_NAME) or not isinstance(entry, dict) \
                or set(entry) != {"size", "sha256"} or not _is_int(entry["size"]) or entry["size"] < 0 \
                or not isinstance(entry["sha256"], str) or len(entry["sha256"]) != 64:
            raise _damaged_backup(path)
        parsed[name] = Member(entry["size"], entry["sha256"])
    if not {KEYS_NAME, DATABASE_NAME} <= set(parsed):
        raise _damaged_backup(path)
    schema = numbers[0]
    if schema > LATEST_VERSION:
        raise SchemaTooNew(f"The backup {path} was made by a newer SG Desktop. Update SG Desktop to restore it.")
    return Manifest(vault_id, created, kind, checked, schema, numbers[1], numbers[2], parsed)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key")
    return result


def _refuse_constant(token: str) -> object:
    raise ValueError(f"{token} is not allowed")


def _not_backup_or_damaged(path: Path) -> BackupError:
    try:
        head = read_head(path, 512)
    except OSError:
        head = b""
    if head.startswith(b"PK\x03\x04") and BACKUP_FORMAT.encode() in head:
        return _damaged_backup(path)
    return BackupError(f"{path} is not an SG Desktop backup; nothing was changed.")


def _damaged_backup(path: Path) -> BackupError:
    return BackupError(f"The backup {path} is damaged or incomplete (cut short, or changed since it was made); "
                       "nothing was changed.")
