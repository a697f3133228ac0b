"""Writing a file the officer asked for (a protocol file, this office's card): atomically, so it is wholly
written or not there at all, and with one calm line saying why when it cannot be. No such file is ever
written over a vault or its key file: one command must never be able to destroy a vault."""

from __future__ import annotations

from pathlib import Path

from sg_desktop.domain.errors import CannotWrite
from sg_desktop.store.files import (
    FileTooLarge,
    NoSuchFile,
    UnreadableFile,
    read_limited,
    size_words,
    write_atomic,
)
from sg_desktop.store.vault import vault_part

__all__ = ["FileTooLarge", "NoSuchFile", "UnreadableFile", "read_limited", "save_file", "size_words"]


def save_file(path: Path, data: bytes) -> None:
    """Write `data` at `path` atomically; CannotWrite (nothing written) when the folder is missing or refuses,
    or when `path` is part of a vault (the database, its key file, SQLite's working files), by any spelling."""
    part = vault_part(path)
    if part is not None:
        raise CannotWrite(f"{path} is {part}; nothing was written. Choose another file name.")
    try:
        write_atomic(path, data)
    except FileNotFoundError:
        raise CannotWrite(f"The folder for {path} does not exist; no file was written.") from None
    except OSError as exc:
        raise CannotWrite(f"{path} cannot be written ({exc.strerror or 'system error'}); no file was written.") \
            from None
