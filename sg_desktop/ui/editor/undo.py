"""Undo and redo for the alert editor: every edit swaps one immutable draft of the alert for another."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence, QUndoCommand, QUndoStack

from sg_desktop.domain.model import Alert

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = ["DraftCommand", "UndoKeyRouter", "changed_copy", "undo_run"]

_D = TypeVar("_D", bound="DataclassInstance")

# Keystrokes in one field undo together while they come in a burst (no pause longer than _MERGE_PAUSE),
# up to _MERGE_SPAN seconds of typing, so a long paragraph undoes in a few steps rather than all at once.
_MERGE_PAUSE = 1.5
_MERGE_SPAN = 6.0
_MERGEABLE = 1


def changed_copy(item: _D, changes: Mapping[str, object]) -> _D:
    """A copy of the frozen dataclass `item` with the fields named in `changes` set to their values.

    The pages report an edit as a field name and a value (through Qt signals, as str and object), so the
    type checker cannot match value to field here: each value is the one its field's widget gives.
    """
    return replace(item, **changes)


class DraftCommand(QUndoCommand):
    """Replace the draft `before` with `after`; undo puts `before` back.

    Commands with the same non-empty `merge_key` (one text field, one date being spun) pushed in quick
    succession become one step; a step that ends where it began disappears from the stack.
    """

    def __init__(
        self, apply: Callable[[Alert], None], before: Alert, after: Alert, text: str, merge_key: str = ""
    ) -> None:
        super().__init__(text)
        self._apply = apply
        self.before = before
        self.after = after
        self.merge_key = merge_key
        self._first_edit = self._last_edit = time.monotonic()

    def id(self) -> int:
        """Qt merges only commands whose ids match; -1 means never."""
        return _MERGEABLE if self.merge_key else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Absorb the next keystroke in the same field."""
        if not isinstance(other, DraftCommand) or other.merge_key != self.merge_key:
            return False
        if (
            other._last_edit - self._last_edit > _MERGE_PAUSE
            or other._last_edit - self._first_edit > _MERGE_SPAN
        ):
            return False
        self.after = other.after
        self._last_edit = other._last_edit
        self.setObsolete(self.after == self.before)
        return True

    def redo(self) -> None:
        """Show the draft after the edit."""
        self._apply(self.after)

    def undo(self) -> None:
        """Show the draft before the edit."""
        self._apply(self.before)


def undo_run(stack: QUndoStack, merge_key: str) -> None:
    """Undo the steps on top of `stack` pushed with `merge_key` and drop them, so that the next step pushed
    replaces them all: a date typed over several pauses and the later milestones moved with it undo as one.
    """
    first = stack.index()
    while first > 0:
        earlier = stack.command(first - 1)
        if not isinstance(earlier, DraftCommand) or not merge_key or earlier.merge_key != merge_key:
            break
        first -= 1
    # Pushing after this discards the undone steps, as any new edit after an undo does.
    stack.setIndex(first)


class UndoKeyRouter(QObject):
    """Sends Ctrl+Z / Ctrl+Shift+Z in text fields to the editor's stack instead of the field's own undo.

    A text field keeps a private undo history that knows nothing of the rest of the form and is wiped each
    time the form shows an undone value, so the editor's stack must be the only one.
    """

    def __init__(self, stack: QUndoStack, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stack = stack

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Claim the undo keys before the field does, then replay them on the editor's stack."""
        if event.type() not in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            return False
        assert isinstance(event, QKeyEvent)
        undo = event.matches(QKeySequence.StandardKey.Undo)
        redo = event.matches(QKeySequence.StandardKey.Redo) or _is_ctrl_shift_z(event)
        if not (undo or redo):
            return False
        if event.type() == QEvent.Type.ShortcutOverride:
            # Accepting the override delivers the key press here rather than to a window shortcut.
            event.accept()
            return True
        if redo:
            self._stack.redo()
        else:
            self._stack.undo()
        return True


def _is_ctrl_shift_z(event: QKeyEvent) -> bool:
    return QKeySequence(event.keyCombination()) == QKeySequence("Ctrl+Shift+Z")
