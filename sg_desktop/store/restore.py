"""Putting a checked backup in a vault's place, in an order that always leaves something whole to go back to.

The caller has already checked the backup's database (under a temporary name beside the vault) and kept the
vault it replaces as a backup of its own. Then, here:

1. SQLite's working files of the old database (`-wal`, `-shm`, `-journal`) are removed: they belong to the
   old database (and are in the copy just kept), and left beside the new one they would be replayed into it.
2. The checked database is renamed over the vault's database (one atomic rename on the same file system).
3. The backup's key file replaces the vault's key file (written beside it, flushed, renamed).

A crash before step 2 leaves the old vault (without a write-ahead log it had not folded in, which the kept copy
holds). Between steps 2 and 3 the vault is the backup's database with the old key file: the same vault keeps
the same data key when its passphrase changes, so it opens with the passphrase it had just before the restore;
if the data key differs (another vault, or a rotated key) it does not open, and the kept copy and the backup
itself are both whole. After step 3 the vault is the backup, with the passphrase of the day it was made.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sg_desktop.store.files import fsync_folder, write_atomic
from sg_desktop.store.vault import key_file_path

__all__ = ["in_use_elsewhere", "keep_lone_file", "replace_vault_files"]

_WORKING = ("-wal", "-shm", "-journal")
# Where SQLite's unix file locks sit: a connection in WAL mode holds a shared lock on this range for as long as
# it is open, so a write lock that cannot be had means another process has the vault open.
_SHARED_FIRST, _SHARED_SIZE = 0x40000002, 510


def in_use_elsewhere(vault_path: Path) -> bool:
    """Whether another process (SG Desktop's window, a command) has the vault's database open now.

    Only for a process that has no connection to it itself: POSIX drops all of a process's locks on a file when
    any of its descriptors for that file closes. False where the system cannot tell (no POSIX locks).
    """
    try:
        import fcntl
    except ImportError:
        return False
    try:
        fd = os.open(vault_path, os.O_RDWR | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, _SHARED_SIZE, _SHARED_FIRST)
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN, _SHARED_SIZE, _SHARED_FIRST)
        return False
    finally:
        os.close(fd)


def keep_lone_file(path: Path, dest: Path) -> None:
    """Move a vault's file that has lost its partner (a key file without its database, or the reverse) to `dest`
    (in the backup folder), never over a file there."""
    if dest.exists():
        raise FileExistsError(dest)
    os.rename(path, dest)
    fsync_folder(dest.parent)


def replace_vault_files(vault_path: Path, database: Path, key_file: bytes) -> None:
    """Put `database` (a checked, closed copy in the vault's folder) and `key_file` in the vault's place, in the
    order the module's docstring gives."""
    _fsync_file(database)
    for suffix in _WORKING:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{vault_path}{suffix}")
    if os.name == "posix":
        os.chmod(database, 0o600)
    os.replace(database, vault_path)
    fsync_folder(vault_path.parent)
    write_atomic(key_file_path(vault_path), key_file)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

