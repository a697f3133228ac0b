"""Writing a small file so that it is either wholly the old version or wholly the new one."""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import tempfile
import time
from pathlib import Path
from typing import BinaryIO

__all__ = [
    "FileTooLarge",
    "NoSuchFile",
    "UnreadableFile",
    "fsync_folder",
    "open_limited",
    "read_head",
    "read_limited",
    "remove_stale_temps",
    "size_words",
    "write_atomic",
]


class UnreadableFile(OSError):
    """A file that is not read: `reason` completes "<path> ..." ("is not a regular file")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NoSuchFile(UnreadableFile):
    """There is no file at the path."""


class FileTooLarge(UnreadableFile):
    """The file is larger than the limit (`limit`, in bytes)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"is larger than {size_words(limit)}, the most such a file may be")
        self.limit = limit


def size_words(n: int) -> str:
    """A size limit in words: 64 KB, 64 MB."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:g} {unit}"
    return f"{n} bytes"


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them; UnreadableFile otherwise.

    A FIFO, a device (/dev/zero), a socket or a folder is refused before anything is read, and the file is
    opened without blocking, so a named pipe with no writer cannot hang the program; a file that grows
    while it is read is still cut off at `limit` and refused.
    """
    fd = _open_regular(path)
    try:
        if os.fstat(fd).st_size > limit:
            raise FileTooLarge(limit)
        data = _read_up_to(fd, limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise FileTooLarge(limit)
    return data


def read_head(path: Path, size: int) -> bytes:
    """The first `size` bytes (fewer if the file is shorter) of the regular file at `path`, however large it is;
    UnreadableFile as for `read_limited`."""
    fd = _open_regular(path)
    try:
        return _read_up_to(fd, size)
    finally:
        os.close(fd)


def open_limited(path: Path, limit: int) -> BinaryIO:
    """The regular file at `path`, opened for reading without blocking, for a reader that reads it in parts
    (a zip); UnreadableFile when it is not a regular file, FileTooLarge when it is larger than `limit`."""
    fd = _open_regular(path)
    try:
        if os.fstat(fd).st_size > limit:
            raise FileTooLarge(limit)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _open_regular(path: Path) -> int:
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise NoSuchFile("does not exist") from None
    except IsADirectoryError:
        raise UnreadableFile("is a folder, not a file") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or 'system error'})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile("is not a regular file (a pipe or a device is never read)")
    except BaseException:
        os.close(fd)
        raise
    return fd


def _read_up_to(fd: int, most: int) -> bytes:
    chunks, total = [], 0
    try:
        while total < most:
            chunk = os.read(fd, min(1 << 20, most - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or 'system error'})") from None
    return b"".join(chunks)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically: temp file in the same folder, fsync, rename, fsync the folder."""
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if os.name == "posix":
            os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    fsync_folder(folder)


def remove_stale_temps(path: Path, older_than: float = 60.0, pattern: str = "*.tmp") -> int:
    """Remove what a write of `path` left when its process was killed before renaming it into place: the
    `.NAME.<pattern>` files beside `path` (by default `write_atomic`'s `.NAME.*.tmp`) untouched for `older_than`
    seconds (a younger one may be another process's write under way). How many were removed; a file that
    cannot be removed is left."""
    removed = 0
    cutoff = time.time() - older_than
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.{pattern}"):
        with contextlib.suppress(OSError):
            if leftover.is_file() and not leftover.is_symlink() and leftover.stat().st_mtime < cutoff:
                leftover.unlink()
                removed += 1
    return removed


def fsync_folder(folder: Path) -> None:
    """Flush `folder`'s entries to disk: without it a rename into it may not survive a power cut on Linux."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
