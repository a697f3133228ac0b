"""Dialogs that run a step off the GUI thread: while it runs, the step's bar moves, its controls are disabled
and the cursor says "wait"; the dialog refuses to close until it is done; and when the vault locks the
dialog is closed at once, by force, forgetting what was typed and shown.

Unlock, first run, change passphrase, export and import are all `WorkDialog`s (offices too, which runs
nothing slow but closes the same way on lock), so each of them waits, refuses and forgets alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar, cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QFileDialog, QProgressBar, QWidget

from sg_desktop.ui.shared.workers import BackgroundTask, run_in_background, wait_for_background_work

__all__ = ["BusyWork", "WorkDialog"]

_R = TypeVar("_R")

# How long a forced close waits for a step that holds the vault's connection (an export or an import is one
# transaction on it, and must end before the vault closes).
_VAULT_STEP_WAIT_MS = 30_000


class BusyWork(QObject):
    """One slow call at a time on the thread pool, while `window` shows it is busy: `bar` moves, `controls`
    are disabled and the cursor says "wait". The result comes back on the GUI thread.

    `blocks_close`: the dialog may not be closed while the call runs (its result must be taken). `holds_vault`:
    the call works inside the open vault, so locking waits for it before the vault closes, and then drops its
    result (what it read belongs to the session that closed). Any other call finishes and reports as usual.
    """

    def __init__(self, window: QWidget, bar: QProgressBar, controls: Sequence[QWidget], *,
                 blocks_close: bool = True, holds_vault: bool = False) -> None:
        super().__init__(window)
        self._bar = bar
        self._controls = tuple(controls)
        self.blocks_close = blocks_close
        self.holds_vault = holds_vault
        self._task: BackgroundTask | None = None
        self._on_success: Callable[[object], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None

    @property
    def busy(self) -> bool:
        """Whether the call is still running (or its result has not arrived yet)."""
        return self._task is not None

    def start(self, work: Callable[[], _R], on_success: Callable[[_R], None],
              on_failure: Callable[[BaseException], None]) -> None:
        """Run `work`; then, with the dialog usable again, `on_success(result)` or `on_failure(exception)`."""

        def succeeded(result: object) -> None:
            # The task's Signal(object) hands back what `work` returned.
            on_success(cast(_R, result))

        self._on_success, self._on_failure = succeeded, on_failure
        self._show(True)
        # Bound methods of this QObject: if the dialog is destroyed first, Qt drops the connection.
        self._task = run_in_background(work, self._succeeded, self._failed)

    def abandon(self) -> None:
        """Nobody wants the result any more (the dialog was closed by force): it will not be reported."""
        self._on_success = self._on_failure = None

    def _succeeded(self, result: object) -> None:
        callback = self._on_success
        self._finish()
        if callback is not None:
            callback(result)

    def _failed(self, exc: BaseException) -> None:
        callback = self._on_failure
        self._finish()
        if callback is not None:
            callback(exc)

    def _finish(self) -> None:
        self._task = None
        self._on_success = self._on_failure = None
        self._show(False)

    def _show(self, busy: bool) -> None:
        self._bar.setVisible(busy)
        for widget in self._controls:
            widget.setEnabled(not busy)
        # The window is reached through Qt's parent link: a Python reference back to it would make a cycle
        # that the garbage collector may break while Qt deletes the pair, which crashes.
        window = self.parent()
        assert isinstance(window, QWidget)
        if busy:
            window.setCursor(Qt.CursorShape.BusyCursor)
        else:
            window.unsetCursor()


class WorkDialog(QDialog):
    """A dialog whose slow steps run through the `BusyWork`s it makes with `busy_work`.

    Escape, Cancel and the window's close button are refused while a step that blocks closing runs, and
    otherwise close after `_wipe_fields()`. `force_close()` closes at once: it lets a step that holds the
    vault finish and drops its result, closes the file choosers it opened without answering them, and calls
    `_forget()`, so nothing typed or read from the vault outlives the lock.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._steps: list[BusyWork] = []
        self._forced = False

    def busy_work(self, bar: QProgressBar, controls: Sequence[QWidget] = (), *, blocks_close: bool = True,
                  holds_vault: bool = False) -> BusyWork:
        """A new step runner for this dialog (see `BusyWork`)."""
        step = BusyWork(self, bar, controls, blocks_close=blocks_close, holds_vault=holds_vault)
        self._steps.append(step)
        return step

    @property
    def busy(self) -> bool:
        """Whether any step is running."""
        return any(step.busy for step in self._steps)

    @property
    def closed_by_force(self) -> bool:
        """Whether `force_close()` was called (results arriving after it are dropped)."""
        return self._forced

    def force_close(self) -> None:
        """Close at once without asking (the vault is locking), and forget what was typed and shown."""
        self._forced = True
        holding = [step for step in self._steps if step.busy and step.holds_vault]
        for step in holding:
            step.abandon()
        if holding:
            wait_for_background_work(_VAULT_STEP_WAIT_MS)
        for chooser in self.findChildren(QFileDialog):
            chooser.blockSignals(True)  # closing it must not answer it
            chooser.done(0)
        QDialog.done(self, QDialog.DialogCode.Rejected)  # not self.reject(): that refuses while busy
        self._forget()

    def _wipe_fields(self) -> None:
        """Forget every passphrase or key typed (subclasses clear their fields)."""

    def _forget(self) -> None:
        """Forget everything shown or typed, after a forced close (by default, what `_wipe_fields` forgets)."""
        self._wipe_fields()

    def _blocks_close(self) -> bool:
        return any(step.busy and step.blocks_close for step in self._steps)

    def reject(self) -> None:
        """Close, forgetting what was typed, unless a step that must be waited for is running."""
        if self._blocks_close():
            return
        self._wipe_fields()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Refuse to close while a step that must be waited for is running."""
        if self._blocks_close() and not self._forced:
            event.ignore()
            return
        super().closeEvent(event)
