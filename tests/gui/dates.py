"""Typing a date into a date field the way an officer does: select what is there, type over it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from sg_desktop.ui.shared.date_field import DateField

__all__ = ["type_date"]


def type_date(qtbot: QtBot, field: DateField, text: str, *, leave: bool = True) -> None:
    """Select the field's text, type `text` key by key, and (with `leave`) press Tab's effect: finish editing."""
    field.line.setFocus()
    field.line.selectAll()
    qtbot.keyClicks(field.line, text)
    if leave:
        qtbot.keyClick(field.line, Qt.Key.Key_Return)
