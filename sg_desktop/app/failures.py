"""The one calm line an officer reads when something they asked for failed, the same in the window and at
the command line.

Our own errors carry words written for the officer, which never quote record text, so they are shown as
they are. A damaged vault gets the domain's words for damage. A system error (a folder that cannot be
written) says what the system said. Anything else is a bug: it is named by its type and the place it
happened, never by its message, which could quote a title, a note or a file's contents.
"""

from __future__ import annotations

import os
import sys
import traceback
from types import TracebackType

from sg_desktop.domain.errors import DAMAGED, SgError

__all__ = ["calm_message", "is_expected"]

_NOT_SAVED = "What you were doing may not have been saved."


def is_expected(exc: BaseException) -> bool:
    """Whether `exc` is a failure an officer can meet (ours, or a damaged vault) rather than a bug."""
    return isinstance(exc, SgError) or _is_damage(exc)


def _is_damage(exc: BaseException) -> bool:
    # The store reports damage as VaultDamaged; this catches SQLite's own error should one escape it. Read
    # from the loaded module, not imported: the window's start-up must not load SQLCipher for it, and an
    # error from SQLCipher cannot exist before SQLCipher was loaded.
    database = sys.modules.get("sg_desktop.store.database")
    return database is not None and bool(database.is_damage(exc))


def calm_message(exc: BaseException, *, doing: str = "", outcome: str = "",
                 tb: TracebackType | None = None) -> str:
    """The one line to show for `exc`, which ended `doing` ("Writing the file"); `outcome` says what is true
    now ("No file was written."). `tb` defaults to the exception's own traceback."""
    if isinstance(exc, SgError):
        return str(exc)
    if _is_damage(exc):
        return DAMAGED
    after = f" {outcome}" if outcome else ""
    if isinstance(exc, OSError) and exc.strerror and doing:
        return f"{doing} failed: {exc.strerror}.{after}"
    frames = traceback.extract_tb(tb if tb is not None else exc.__traceback__)
    where = f" at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    return (f"{doing or 'Something'} went wrong ({type(exc).__name__}{where}).{after or ' ' + _NOT_SAVED} "
            "Please report this; no record text is shown here.")
