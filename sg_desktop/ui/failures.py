"""What the application says when something fails that no dialog expected.

A slot that raises would otherwise have PySide print a traceback, whose messages could carry record text,
and leave the officer with no word at all. Here a known error (a damaged vault, a locked one) gets its own
one-line message; anything else names only its type and where it happened, never its message.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from sg_desktop.domain.errors import SgError
from sg_desktop.store.database import is_damage

__all__ = ["describe_failure", "install_failure_hook"]

DAMAGED = "The vault file is damaged and cannot be read. Lock the vault and restore it from a backup."


def describe_failure(exc: BaseException, tb: TracebackType | None) -> str:
    """The one line to show for `exc`: its own message if it is ours, else its type and place only."""
    if isinstance(exc, SgError):
        return str(exc)
    if is_damage(exc):
        return DAMAGED
    frames = traceback.extract_tb(tb) if tb is not None else []
    where = f" at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    return (f"Something went wrong ({type(exc).__name__}{where}). What you were doing may not have been "
            "saved; please report this. No record text is shown here.")


def install_failure_hook(parent: Callable[[], QWidget | None]) -> Callable[[], None]:
    """Route uncaught exceptions to a calm message box over `parent()`; return a function that undoes it."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, exc, tb)
            return
        message = describe_failure(exc, tb)
        print(f"sg-desktop: {message}", file=sys.stderr)
        box = QMessageBox(QMessageBox.Icon.Warning, "SG Desktop", message, QMessageBox.StandardButton.Ok,
                          parent())
        box.setObjectName("failureMessage")
        box.open()

    sys.excepthook = hook

    def undo() -> None:
        sys.excepthook = previous

    return undo
