"""Asking where to print, the same way on every page that prints (the recovery key, the briefing report)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QWidget

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

__all__ = ["ask_where_to_print"]


def ask_where_to_print(parent: QWidget, printer: Callable[[], QPrinter], name: str,
                       print_to: Callable[[QPrinter], None], without_print_support: Callable[[], None]) -> None:
    """Open the platform's print dialog (object name `name`) window-modal on `parent`, without blocking, and
    call `print_to` with the printer once the officer accepts; where Qt has no print support, call
    `without_print_support` instead (saving a PDF to print elsewhere)."""
    try:
        from PySide6.QtPrintSupport import QPrintDialog
    except ImportError:
        without_print_support()
        return
    chosen = printer()
    dialog = QPrintDialog(chosen, parent)
    dialog.setObjectName(name)
    # The dialog only points at the printer: the connection keeps it alive as long as the dialog.
    dialog.accepted.connect(lambda: print_to(chosen))
    dialog.finished.connect(dialog.deleteLater)
    # PySide6 6.11 binds only QPrintDialog's own open(receiver, member) overload; QDialog's open() is the one
    # that shows it window-modal without blocking.
    QDialog.open(dialog)
