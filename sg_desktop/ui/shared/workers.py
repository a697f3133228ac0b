"""Running slow work (key derivation, vault creation) off the GUI thread, with the result sent back by signal."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

__all__ = ["BackgroundTask", "run_in_background", "wait_for_background_work"]

_R = TypeVar("_R")


class _Signals(QObject):
    """Lives in the GUI thread, so what it emits from a worker is delivered there (a queued connection)."""

    succeeded = Signal(object)
    failed = Signal(object)


class BackgroundTask(QRunnable):
    """One call of `work` on the thread pool; `succeeded(result)` or `failed(exception)` arrives on the GUI thread.

    Keep a reference to the task until one of its signals arrived: Qt does not own it.
    """

    def __init__(self, work: Callable[[], object]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._work = work
        self.signals = _Signals()

    def run(self) -> None:
        """Do the work (on a pool thread) and report how it went."""
        try:
            try:
                result = self._work()
            except BaseException as exc:  # reported to the GUI thread, which decides what the user sees
                self.signals.failed.emit(exc)
            else:
                self.signals.succeeded.emit(result)
        except RuntimeError:
            pass  # the application is being torn down and the receiver is gone: nobody is left to tell
        finally:
            self._work = _done  # drop references (a passphrase in a closure) as soon as possible


def _done() -> None:
    return None


def run_in_background(
    work: Callable[[], _R],
    on_success: Callable[[_R], None],
    on_failure: Callable[[BaseException], None],
) -> BackgroundTask:
    """Start `work` on the global thread pool; return the task, which the caller must keep until it reports."""
    task = BackgroundTask(work)
    # `succeeded` is a Signal(object) and carries what `work` returned, which is what `on_success` takes.
    task.signals.succeeded.connect(on_success)
    task.signals.failed.connect(on_failure)
    QThreadPool.globalInstance().start(task)
    return task


def wait_for_background_work(timeout_ms: int = 10_000) -> bool:
    """Wait for every started task to finish (at exit, so no thread still holds the vault); True if all did."""
    return bool(QThreadPool.globalInstance().waitForDone(timeout_ms))
