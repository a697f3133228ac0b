"""Asking where to save a file the officer asked for, the same way on every page that saves one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDir
from PySide6.QtWidgets import QFileDialog, QWidget

__all__ = ["ask_where_to_save"]


def ask_where_to_save(parent: QWidget, title: str, name: str, kind: str, suffix: str, suggested: str,
                      chosen: Callable[[str], object]) -> QFileDialog:
    """Open a window-modal save dialog (object name `name`) in the home folder, offering `suggested` as a
    `kind` file ending in `.suffix`; `chosen` gets the path picked."""
    dialog = QFileDialog(parent, title)
    dialog.setObjectName(name)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter(f"{kind} (*.{suffix})")
    dialog.setDefaultSuffix(suffix)
    dialog.setDirectory(QDir.homePath())
    dialog.selectFile(suggested)
    dialog.fileSelected.connect(chosen)
    dialog.open()
    return dialog
