"""Opening a SQLCipher database with a raw key, and the settings every connection needs.

The key is 32 random bytes handed in by the caller; it is hex-encoded into `PRAGMA key` as a raw key
(`x'…'`), so SQLCipher skips its own passphrase KDF and no user text ever reaches SQL.
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import sqlcipher3

from sg_desktop.domain.errors import NotAVault, VaultDamaged, VaultLocked

__all__ = [
    "KEY_BYTES",
    "Connection",
    "DatabaseError",
    "LiveConnection",
    "close_database",
    "integrity_check",
    "is_damage",
    "open_database",
    "open_keyed",
    "reports_damage",
    "verify_pages",
]

_C = TypeVar("_C", bound=type)

Connection = Any  # sqlcipher3.dbapi2.Connection: the module ships no type information
DatabaseError = sqlcipher3.DatabaseError

KEY_BYTES = 32

# Applied after the key and the key check, on every connection. Order matters: cipher settings first.
_CONNECTION_PRAGMAS = (
    # OFF, as SQLCipher's own default since 4.5.0 (DESIGN.md §4): ON locks and wipes every SQLite allocation,
    # process-wide and irreversibly, which made bulk writes about 9x slower, while the key material stays in
    # SQLCipher's own locked, wiped heap either way and the record text lives in Python and Qt objects too.
    # Said explicitly so that a build with another default cannot switch it on behind our back.
    "PRAGMA cipher_memory_security = OFF",
    "PRAGMA temp_store = MEMORY",           # a temp table spilled to a file would be plaintext
    "PRAGMA secure_delete = ON",            # overwrite deleted content
    "PRAGMA foreign_keys = ON",
    # Decrypted pages stay cached, so repeated queries over the log do not decrypt them again.
    "PRAGMA cache_size = -65536",
    "PRAGMA journal_mode = WAL",
    # FULL: a transaction that returned is on disk even if the process is killed or the power fails next.
    "PRAGMA synchronous = FULL",
)


def open_database(path: Path, key: bytes, *, create: bool = False) -> Connection:
    """Open (or with `create`, make) the SQLCipher database at `path` keyed with the raw `key`.

    Raises NotAVault when the key does not open the file, which for a key that came from a verified key
    slot means the file is not this vault or is damaged; callers decide which to report.
    """
    if len(key) != KEY_BYTES:
        raise ValueError("the data key must be 32 bytes")
    if not create and not path.is_file():
        raise NotAVault("There is no vault database at that place.")
    conn = open_keyed(path, key)
    try:
        for pragma in _CONNECTION_PRAGMAS:
            conn.execute(pragma).fetchall()
    except BaseException:
        conn.close()
        raise
    if create:
        _restrict_permissions(path)
    return conn


def open_keyed(path: Path, key: bytes) -> Connection:
    """A connection to the SQLCipher database at `path` keyed with the raw `key`, checked to open it, with only
    the settings that keep secrets out of files (no log, temp tables in memory): reading a copy through it writes
    nothing into the copy. NotAVault when the key does not open the file."""
    if len(key) != KEY_BYTES:
        raise ValueError("the data key must be 32 bytes")
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        # Before the key: SQLCipher otherwise writes its own errors (a failed page HMAC) to stderr.
        conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
        # The key is random bytes, hex-encoded: nothing here came from user text, so formatting is safe.
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            raise NotAVault("The file is not an SG Desktop vault, or it is damaged.") from exc
        conn.execute("PRAGMA temp_store = MEMORY").fetchall()
    except BaseException:
        conn.close()
        raise
    return conn


class LiveConnection:
    """The connection as the repositories of an open vault see it: once the vault is closed, every use
    raises VaultLocked (not SQLite's "closed database"), however long a service kept hold of it."""

    def __init__(self, conn: Connection) -> None:
        self._conn: Connection | None = conn

    def execute(self, sql: str, params: Any = ()) -> Any:
        """Run one statement (see the DB-API `execute`)."""
        return self._live().execute(sql, params)

    def executemany(self, sql: str, rows: Any) -> Any:
        """Run one statement for each row of parameters."""
        return self._live().executemany(sql, rows)

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open."""
        return bool(self._live().in_transaction)

    def forget(self) -> Connection:
        """Stop handing out the connection; return it, for the vault to close."""
        conn, self._conn = self._live(), None
        return conn

    def _live(self) -> Connection:
        if self._conn is None:
            raise VaultLocked("The vault is locked.")
        return self._conn


def close_database(conn: Connection) -> None:
    """After writing, refresh the query planner's statistics where they are stale; fold the write-ahead log
    back into the database; close, so no `-wal` file lingers."""
    try:
        # Only after a write: a session that only read leaves the file byte for byte as it was. It analyses
        # just the tables whose size moved, so it is cheap after a small edit.
        if conn.total_changes:
            conn.execute("PRAGMA optimize").fetchall()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    except sqlcipher3.DatabaseError:
        pass  # closing must not fail; the WAL is still encrypted and is replayed on next open
    finally:
        conn.close()


def verify_pages(conn: Connection) -> None:
    """Verify every page's HMAC, so that any changed byte in the file is found; VaultDamaged if one fails."""
    try:
        failures = conn.execute("PRAGMA cipher_integrity_check").fetchall()
    except sqlcipher3.DatabaseError as exc:
        raise VaultDamaged() from exc
    if failures:
        raise VaultDamaged("The vault file is damaged: some of its pages fail their integrity check.")


def integrity_check(conn: Connection) -> None:
    """Verify every page's HMAC and the b-tree structure; raise VaultDamaged on any fault."""
    verify_pages(conn)
    try:
        quick = conn.execute("PRAGMA quick_check").fetchone()
    except sqlcipher3.DatabaseError as exc:
        raise VaultDamaged() from exc
    if not quick or quick[0] != "ok":
        raise VaultDamaged("The vault file is damaged: its structure is inconsistent.")


def is_damage(exc: BaseException) -> bool:
    """Whether `exc` is SQLite reporting a corrupt or undecryptable page (not a constraint or a busy lock)."""
    return type(exc) is sqlcipher3.DatabaseError


def reports_damage(cls: _C) -> _C:
    """Make every public method of a repository report a damaged page as the domain's VaultDamaged, never as
    SQLite's own error, so that nothing above the store needs to know SQLite to say the vault is damaged."""
    for name, member in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(member):
            setattr(cls, name, _guarded(member))
    return cls


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def generator(*args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from method(*args, **kwargs)
            except sqlcipher3.DatabaseError as exc:
                if is_damage(exc):
                    raise VaultDamaged() from exc
                raise

        return generator

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except sqlcipher3.DatabaseError as exc:
            if is_damage(exc):
                raise VaultDamaged() from exc
            raise

    return call


def _restrict_permissions(path: Path) -> None:
    # The file is encrypted, but other local users have no business reading even its size changes.
    if os.name == "posix":
        os.chmod(path, 0o600)

