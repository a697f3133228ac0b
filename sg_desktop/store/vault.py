"""The vault on disk: a SQLCipher database plus, beside it, the key file whose slots wrap its data key.

The store receives the raw 32-byte data key; it never sees a passphrase. Unwrapping the key from a
slot is the app layer's job (with `crypto/`), which is why the key file is read and written here only
as bytes.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path

from sg_desktop.domain.errors import NotAVault, VaultDamaged, VaultExists, VaultLocked, VaultNotFound
from sg_desktop.store.alerts import AlertRepository
from sg_desktop.store.audit import AuditLog
from sg_desktop.store.database import (
    Connection,
    DatabaseError,
    LiveConnection,
    close_database,
    integrity_check,
    is_damage,
    open_database,
    open_keyed,
    reports_damage,
    verify_pages,
)
from sg_desktop.store.exchange_state import ExchangeState
from sg_desktop.store.files import UnreadableFile, read_head, read_limited, remove_stale_temps, write_atomic
from sg_desktop.store.forward import ForwardRepository
from sg_desktop.store.lessons import LessonRepository
from sg_desktop.store.meta import MetaTable
from sg_desktop.store.migrations import migrate
from sg_desktop.store.offices import OfficeRepository
from sg_desktop.store.outlook import OutlookRepository
from sg_desktop.store.retention import RetentionRepository

__all__ = [
    "BACKUP_FOLDER_SUFFIX",
    "BACKUP_SUFFIX",
    "IN_BACKUP_FOLDER",
    "KEY_FILE_SUFFIX",
    "Transaction",
    "Vault",
    "backup_folder",
    "key_file_path",
    "read_key_file",
    "vault_files",
    "vault_part",
    "write_key_file",
]

Transaction = Callable[[], AbstractContextManager[None]]
"""The vault's transaction boundary as services are handed it (`Vault.transaction`): an all-or-nothing
block that commits when it ends and rolls back if it raises."""

KEY_FILE_SUFFIX = ".keys"
_MAX_KEY_FILE = 64 * 1024


def key_file_path(vault_path: Path) -> Path:
    """Where the key file of the vault at `vault_path` lives."""
    return vault_path.with_name(vault_path.name + KEY_FILE_SUFFIX)


_WORKING_SUFFIXES = ("-wal", "-shm", "-journal")

BACKUP_SUFFIX = ".sgbackup"
IN_BACKUP_FOLDER = "in a vault's backup folder"
"""What `vault_part` says of any name in a vault's backup folder that is not a backup (yet)."""
BACKUP_FOLDER_SUFFIX = ".backups"
_BACKUP_MAGIC = b"sg-desktop-backup"


def backup_folder(vault_path: Path) -> Path:
    """The folder beside the vault where its automatic backups (and the copies kept by a restore) live."""
    return vault_path.with_name(vault_path.name + BACKUP_FOLDER_SUFFIX)


def vault_files(vault_path: Path) -> tuple[Path, ...]:
    """Every file of the vault at `vault_path`: the database, its key file and SQLite's working files."""
    return (vault_path, key_file_path(vault_path), *(Path(f"{vault_path}{s}") for s in _WORKING_SUFFIXES))


def vault_part(path: Path) -> str | None:
    """What part of a vault the file at `path` is ("a vault", "a vault's key file", "a vault's working file",
    "a backup", "in a vault's backup folder"), whichever spelling or link leads there; None when it is none.
    A vault is known by its key file beside it, a key file and a backup by their own first bytes, so each is
    recognised wherever it lives; any name in a vault's backup folder is kept for its backups."""
    spellings = {path.absolute()}
    with contextlib.suppress(OSError, RuntimeError):
        spellings.add(path.resolve())
    for p in spellings:
        name = p.name
        if name.endswith(KEY_FILE_SUFFIX) and (p.with_name(name[: -len(KEY_FILE_SUFFIX)]).exists()
                                              or _looks_like_key_file(p)):
            return "a vault's key file"
        if key_file_path(p).exists():
            return "a vault"
        for suffix in _WORKING_SUFFIXES:
            if name.endswith(suffix) and key_file_path(p.with_name(name[: -len(suffix)])).exists():
                return "a vault's working file"
        if _looks_like_key_file(p):
            return "a vault's key file"
        if _looks_like_backup(p):
            return "a backup"
        if _in_backup_folder(p):
            return IN_BACKUP_FOLDER
    return None


def _in_backup_folder(path: Path) -> bool:
    folder = path.parent
    if not folder.name.endswith(BACKUP_FOLDER_SUFFIX) or len(folder.name) == len(BACKUP_FOLDER_SUFFIX):
        return False
    vault = folder.with_name(folder.name[: -len(BACKUP_FOLDER_SUFFIX)])
    return vault.exists() or key_file_path(vault).exists()


def _looks_like_backup(path: Path) -> bool:
    # A backup is a zip whose first member is its manifest, so its first bytes name the format.
    try:
        head = read_head(path, 512)
    except OSError:
        return False
    return head.startswith(b"PK\x03\x04") and _BACKUP_MAGIC in head


def _looks_like_key_file(path: Path) -> bool:
    try:
        head = read_limited(path, _MAX_KEY_FILE)[:256]
    except OSError:
        return False
    return b'"format"' in head and b"sg-desktop-keyfile" in head


def read_key_file(vault_path: Path) -> bytes:
    """The key file's bytes; VaultNotFound when there is no vault here, NotAVault for a stray file."""
    if not vault_path.exists():
        raise VaultNotFound(
            f"There is no vault at {vault_path}. Make one with `sg-desktop init`, or open the application."
        )
    if not vault_path.is_file():
        raise NotAVault(f"{vault_path} is not an SG Desktop vault.")
    path = key_file_path(vault_path)
    if not path.is_file():
        raise NotAVault(
            f"{vault_path} is not an SG Desktop vault, or its key file ({path.name}) is missing."
        )
    try:
        return read_limited(path, _MAX_KEY_FILE)
    except UnreadableFile as exc:
        raise VaultDamaged(f"The vault's key file ({path.name}) is damaged: it {exc.reason}.") from None


def write_key_file(vault_path: Path, data: bytes) -> None:
    """Replace the key file atomically: it is wholly the old slots or wholly the new ones."""
    write_atomic(key_file_path(vault_path), data)


@reports_damage
class Vault:
    """An unlocked vault: one connection, the repositories over it (one for each table, the only code that
    writes it), and the transaction boundary. Services are handed the repositories, never the connection.
    """

    def __init__(self, conn: Connection, path: Path, key: bytes = b"") -> None:
        self._conn = LiveConnection(conn)
        self.path = path
        # Kept while the vault is open, only to open a second connection of its own for work on another
        # thread (a backup, the check of every page after unlocking); wiped when the vault closes.
        self._key = bytearray(key)
        self._settings = MetaTable(self._conn)
        self._alerts = AlertRepository(self._conn, self._settings)
        self._forward = ForwardRepository(self._conn)
        self._outlook = OutlookRepository(self._conn)
        self._audit = AuditLog(self._conn)
        self._offices = OfficeRepository(self._conn)
        self._exchange = ExchangeState(self._conn, self._settings)
        self._lessons = LessonRepository(self._conn)
        self._retention = RetentionRepository(self._conn)
        self._closed = False

    @classmethod
    def create(
        cls, path: Path, key: bytes, vault_id: str, key_file: bytes, meta: Mapping[str, str], created_at: datetime
    ) -> Vault:
        """Make a new vault at `path` keyed with `key`, with its settings `meta`, and write its key file.

        The database is built whole (schema, settings, first audit entry) under a temporary name and
        renamed into place last, so a failure or a crash leaves either no vault or a whole one.
        """
        for existing in vault_files(path):
            if existing.exists():
                raise VaultExists(f"{existing} already exists; a new vault is never made over another's files.")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.creating")
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        conn = open_database(tmp, key, create=True)
        try:
            migrate(conn)
            building = cls(conn, tmp)
            with building.transaction():
                building.settings.set("vault_id", vault_id)
                for name, value in meta.items():
                    building.settings.set(name, value)
                building.audit.append(created_at, "vault.create", vault_id)
        except BaseException:
            close_database(conn)
            for partial in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                with contextlib.suppress(FileNotFoundError):
                    partial.unlink()
            raise
        close_database(conn)
        write_key_file(path, key_file)
        os.replace(tmp, path)
        return cls.open(path, key, vault_id)

    @classmethod
    def open(cls, path: Path, key: bytes, vault_id: str) -> Vault:
        """Open the vault at `path` with the data key from its key file.

        The key came from a slot that verified, so a database that refuses it is damaged or swapped. An empty
        file is refused before SQLite sees it: SQLite would take it for a new database and write a schema in.
        """
        try:
            empty = path.stat().st_size == 0
        except OSError:
            empty = False
        if empty:
            raise VaultDamaged(
                f"The vault file {path.name} is empty, though its key file is here: restore the vault from a backup."
            )
        try:
            conn = open_database(path, key)
        except NotAVault as exc:
            raise VaultDamaged(
                "The vault file is damaged or was replaced: its key file opens, but the database does not."
            ) from exc
        try:
            migrate(conn)
            row = conn.execute("SELECT value FROM meta WHERE key = 'vault_id'").fetchone()
        except DatabaseError as exc:
            close_database(conn)
            raise VaultDamaged() from exc
        except BaseException:
            close_database(conn)
            raise
        if row is None or row[0] != vault_id:
            close_database(conn)
            raise VaultDamaged("The vault file and its key file belong to different vaults.")
        for written in (path, key_file_path(path)):  # half-written copies a killed process left beside them
            remove_stale_temps(written)
        return cls(conn, path, key)

    @property
    def conn(self) -> LiveConnection:
        """The open connection, for the store's own tests and tools (services use the repositories);
        VaultLocked once the vault is closed."""
        return self._open_conn()

    def _open_conn(self) -> LiveConnection:
        if self._closed:
            raise VaultLocked("The vault is locked.")
        return self._conn

    @property
    def is_open(self) -> bool:
        """Whether the vault is still unlocked."""
        return not self._closed

    @property
    def alerts(self) -> AlertRepository:
        """Alerts, their milestones, offers, search index and merge state."""
        self._open_conn()
        return self._alerts

    @property
    def forward(self) -> ForwardRepository:
        """Milestones by date, for the forward look."""
        self._open_conn()
        return self._forward

    @property
    def outlook(self) -> OutlookRepository:
        """Follow-ups due, national alerts without support and the dashboard's counts."""
        self._open_conn()
        return self._outlook

    @property
    def audit(self) -> AuditLog:
        """The audit log."""
        self._open_conn()
        return self._audit

    @property
    def offices(self) -> OfficeRepository:
        """This office's identity and the offices it knows."""
        self._open_conn()
        return self._offices

    @property
    def lessons(self) -> LessonRepository:
        """Lessons learned, this office's and those received."""
        self._open_conn()
        return self._lessons

    @property
    def retention(self) -> RetentionRepository:
        """When each alert was closed, and the decisions of retention review."""
        self._open_conn()
        return self._retention

    @property
    def exchange(self) -> ExchangeState:
        """Files imported, this office's file counter, and what other offices hold."""
        self._open_conn()
        return self._exchange

    @property
    def settings(self) -> MetaTable:
        """The vault's own settings (its id, the office, counters)."""
        self._open_conn()
        return self._settings

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing: commit when the block ends, roll back if it raises."""
        conn = self._open_conn()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if is_damage(exc):
                raise VaultDamaged() from exc
            raise
        conn.execute("COMMIT")

    def check_integrity(self) -> None:
        """Verify every page and the structure of the database; VaultDamaged on any fault."""
        integrity_check(self._open_conn())

    def verify_pages(self) -> None:
        """Check only the HMAC of every page (cheaper than the structural check); VaultDamaged on a fault."""
        verify_pages(self._open_conn())

    @contextlib.contextmanager
    def own_connection(self) -> Iterator[Connection]:
        """A second connection to this vault's database, for work that must not share the window's (a backup,
        the page check after unlocking, on a worker thread); it writes nothing and closes when the block ends.
        VaultLocked once the vault is closed; a connection already open carries on to the end of its block."""
        conn = self.open_copy(self.path)
        try:
            yield conn
        finally:
            conn.close()

    def open_copy(self, path: Path) -> Connection:
        """A connection to `path`, a copy of this vault's database (a backup being made or checked), keyed with
        this vault's key and with none of the vault's settings, so that reading it writes nothing into it;
        VaultLocked once the vault is closed, NotAVault when the key does not open the file."""
        key = bytes(self._key)
        if self._closed or not any(key):
            raise VaultLocked("The vault is locked.")
        return open_keyed(path, key)

    def close(self) -> None:
        """Checkpoint and close; the key is gone with the connection, and every repository says VaultLocked."""
        if not self._closed:
            self._closed = True
            self._key[:] = bytes(len(self._key))
            close_database(self._conn.forget())
