"""What the application says when something fails that no dialog expected.

A slot that raises would otherwise have PySide print a traceback, whose messages could carry record text,
and leave the officer with no word at all. Here the failure gets the same calm line the command line would
print (`calm_message`): our own errors their own words, a damaged vault the words for damage, anything
else only its type and where it happened, never its message.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from sg_desktop.app.failures import calm_message
from sg_desktop.domain.errors import DAMAGED

__all__ = ["DAMAGED", "describe_failure", "install_failure_hook"]


def describe_failure(exc: BaseException, tb: TracebackType | None) -> str:
    """The one line to show for `exc`: its own message if it is ours, else its type and place only."""
    return calm_message(exc, tb=tb)


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
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()

    sys.excepthook = hook

    def undo() -> None:
        sys.excepthook = previous

    return undo
