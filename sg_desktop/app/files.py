"""Writing a file the officer asked for (a protocol file, this office's card): atomically, so it is wholly
written or not there at all, and with one calm line saying why when it cannot be."""

from __future__ import annotations

from pathlib import Path

from sg_desktop.domain.errors import CannotWrite
from sg_desktop.store.files import write_atomic

__all__ = ["save_file"]


def save_file(path: Path, data: bytes) -> None:
    """Write `data` at `path` atomically; CannotWrite (nothing written) when the folder is missing or refuses."""
    try:
        write_atomic(path, data)
    except FileNotFoundError:
        raise CannotWrite(f"The folder for {path} does not exist; no file was written.") from None
    except OSError as exc:
        raise CannotWrite(f"{path} cannot be written ({exc.strerror or 'system error'}); no file was written.") \
            from None
