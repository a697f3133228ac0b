"""A date field that reads what the officer types, says back the date it understood, and has a calendar.

A QDateEdit edits a date section by section, so typing `15 Jan 2027` over a selected date can leave 30
January. This field is a plain line of text instead: whatever the officer types in a UK form (`15/1/2027`,
`15 Jan 2027`, `tomorrow`, `+3w`, …) is read as they type, the line under it says the date in full
("Friday 15 January 2027"), and only a date shown there is ever given to the form. Text that cannot be
read says why, in red, and the form keeps the last date that was shown. Up and Down move a day, Page Up
and Page Down a week; Alt+Down or F4 opens the calendar.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from sg_desktop.domain.typed_dates import DATE_EXAMPLE, TypedDate, long_date, read_typed_date
from sg_desktop.domain.validation import EARLIEST, LATEST
from sg_desktop.ui.shared.formatting import CONFLICT, MUTED, day_text

__all__ = ["DateField"]

_STEPS = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1, Qt.Key.Key_PageUp: 7, Qt.Key.Key_PageDown: -7}


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class _DateLine(QLineEdit):
    """The typed text; arrow keys step the date and Alt+Down or F4 asks for the calendar."""

    stepped = Signal(int)
    calendar_wanted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
            self.calendar_wanted.emit()
        elif key in _STEPS and not alt:
            self.stepped.emit(_STEPS[key])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.editingFinished.emit()  # Return confirms the date; it presses no button of the dialog
            event.accept()
        else:
            super().keyPressEvent(event)


class DateField(QWidget):
    """One date, typed or picked: `value()` is always the date the line under the field says."""

    value_changed = Signal(object)

    def __init__(self, object_name: str, accessible_name: str, today: date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self._today = today
        self._value = today
        self._reading = TypedDate(today)
        self.line = _DateLine(self)
        self.line.setObjectName(f"{object_name}Text")
        self.line.setAccessibleName(accessible_name)
        self.line.setPlaceholderText(DATE_EXAMPLE)
        self.line.setToolTip(f"Type a date ({DATE_EXAMPLE}, today, tomorrow, +3w). "
                             "Up and Down move a day; Alt+Down opens the calendar.")
        self.line.setMinimumWidth(130)
        self.pick = QToolButton(self)
        self.pick.setObjectName(f"{object_name}Calendar")
        self.pick.setText("▾")
        self.pick.setAccessibleName(f"{accessible_name}: choose from a calendar")
        self.pick.setToolTip("Choose from a calendar (Alt+Down)")
        self.pick.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down does the same from the keyboard
        self.understood = QLabel(self)
        self.understood.setObjectName(f"{object_name}Understood")
        self.understood.setTextFormat(Qt.TextFormat.PlainText)
        self.understood.setWordWrap(True)
        self._build()
        self.setFocusProxy(self.line)
        # A label's mnemonic ("Dat&e") gives the focus only to a buddy that takes it: the field, for its line.
        self.setFocusPolicy(self.line.focusPolicy())
        self.line.textEdited.connect(self._typed)
        self.line.editingFinished.connect(self._tidy)
        self.line.stepped.connect(self._step)
        self.line.calendar_wanted.connect(self.open_calendar)
        self.pick.clicked.connect(self.open_calendar)
        self._show_text(today)

    def _build(self) -> None:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.line)
        row.addWidget(self.pick)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addLayout(row)
        layout.addWidget(self.understood)

    # -- public ----------------------------------------------------------------------------------------

    def value(self) -> date:
        """The date the field shows it understood (the last readable one while the text cannot be read)."""
        return self._value

    def is_readable(self) -> bool:
        """Whether the text in the field reads as the date `value()` gives."""
        return self._reading.ok

    def problem(self) -> str:
        """Why the text cannot be read ("" when it can)."""
        return self._reading.problem

    def set_value(self, value: date) -> None:
        """Show `value` (without emitting `value_changed`)."""
        self._value = value
        self._show_text(value)

    def set_today(self, today: date) -> None:
        """The date that "today", "+3w" and a date without a year are read from."""
        self._today = today

    def open_calendar(self) -> None:
        """Show a calendar under the field; choosing a day puts it in the field."""
        if not self.isEnabled():
            return
        menu = QMenu(self)
        menu.setObjectName(f"{self.objectName()}Popup")
        calendar = QCalendarWidget(menu)
        calendar.setObjectName(f"{self.objectName()}CalendarView")
        calendar.setGridVisible(True)
        calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        calendar.setDateRange(_qdate(EARLIEST), _qdate(LATEST))
        calendar.setSelectedDate(_qdate(self._value))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)
        calendar.clicked.connect(lambda chosen: self._chosen(chosen, menu))
        calendar.activated.connect(lambda chosen: self._chosen(chosen, menu))
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(self.line.mapToGlobal(QPoint(0, self.line.height())))
        calendar.setFocus()

    def changeEvent(self, event: QEvent) -> None:
        """A field that is switched off (an unset optional date) says nothing under it."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.EnabledChange:
            self._say()

    # -- reacting --------------------------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        self._reading = read_typed_date(text, self._today)
        self._say()
        if self._reading.value is not None and self._reading.value != self._value:
            self._value = self._reading.value
            self.value_changed.emit(self._value)

    def _tidy(self) -> None:
        """On leaving the field, a readable date is written back in the field's own form."""
        if self._reading.ok and self.line.text() != day_text(self._value):
            self._show_text(self._value)

    def _step(self, days: int) -> None:
        moved = self._value + timedelta(days=days)
        if EARLIEST <= moved <= LATEST and self.isEnabled():
            self._put(moved)

    def _chosen(self, chosen: QDate, menu: QMenu) -> None:
        menu.close()
        self._put(date(chosen.year(), chosen.month(), chosen.day()))
        self.line.setFocus()

    def _put(self, value: date) -> None:
        changed = value != self._value
        self.set_value(value)
        if changed:
            self.value_changed.emit(value)

    def _show_text(self, value: date) -> None:
        self._reading = TypedDate(value)
        self.line.setText(day_text(value))
        self._say()

    def _say(self) -> None:
        if not self.isEnabled():
            self.understood.setText("")
        elif self._reading.value is not None:
            self.understood.setText(long_date(self._reading.value))
            self.understood.setStyleSheet(f"color: {MUTED};")
            self.line.setAccessibleDescription(long_date(self._reading.value))
        else:
            self.understood.setText(self._reading.problem)
            self.understood.setStyleSheet(f"color: {CONFLICT};")
            self.line.setAccessibleDescription(self._reading.problem)
