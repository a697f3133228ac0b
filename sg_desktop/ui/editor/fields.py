"""Small widgets the alert editor is built from: enum combos, optional dates and times, inline messages,
character counters, and highlighting of identifying-looking text inside a text field.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from enum import Enum
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, Qt, QTime, Signal
from PySide6.QtGui import QColor, QInputMethodEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QStyle,
    QTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.ui.shared.date_field import DateField

__all__ = [
    "CharCounter",
    "EnumCombo",
    "MessageStrip",
    "OptionalDateEdit",
    "OptionalTimeEdit",
    "column_of",
    "highlight_line_edit",
    "highlight_plain_text",
    "utf16_span",
]

_HIGHLIGHT_BACKGROUND = QColor("#ffe3a3")
_HIGHLIGHT_UNDERLINE = QColor("#b3261e")

_E = TypeVar("_E", bound=Enum)
_V = TypeVar("_V")


def column_of(parent: QWidget, widgets: Iterable[QWidget], spacing: int) -> QWidget:
    """A plain widget showing `widgets` one under another, flush with its edges: one field of a form."""
    column = QWidget(parent)
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    for widget in widgets:
        layout.addWidget(widget)
    return column


class EnumCombo(QComboBox, Generic[_E]):
    """A combo box over a labelled enum: shows each member's `.label`, gives back the member."""

    value_changed = Signal(object)

    def __init__(
        self, enum: type[_E], object_name: str, accessible_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(accessible_name)
        self._members = list(enum)
        for member in self._members:
            label = str(getattr(member, "label", member.value))
            self.addItem(label, member.value)
            self.setItemData(self.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        self.currentIndexChanged.connect(self._changed)

    def value(self) -> _E:
        """The chosen member."""
        return self._members[max(0, self.currentIndex())]

    def set_value(self, member: _E) -> None:
        """Choose `member`."""
        self.setCurrentIndex(self._members.index(member))

    def set_value_if_changed(self, member: _E) -> None:
        """Choose `member`, touching the combo box only when another member is chosen now."""
        if self.value() != member:
            self.set_value(member)

    def _changed(self, _index: int) -> None:
        self.value_changed.emit(self.value())


class _Optional(QWidget, Generic[_V]):
    """A value that may be left unset: a tick box enabling the field beside it (`edit`, from the subclass)."""

    value_changed = Signal(object)
    edit: DateField | QTimeEdit

    def __init__(self, object_name: str, label: str, check_text: str, check_label: str,
                 parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(label)
        self.check = QCheckBox(check_text, self)
        self.check.setObjectName(f"{object_name}Check")
        self.check.setAccessibleName(check_label)
        self.edit = self._make_edit(object_name, label)
        self.edit.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addStretch(1)
        self.setFocusProxy(self.check)
        self.setFocusPolicy(self.check.focusPolicy())  # so its label's mnemonic reaches it
        self.check.toggled.connect(self._toggled)

    # Each subclass defines these (declared for type checkers only: a QWidget cannot also be an ABC).
    if TYPE_CHECKING:

        def _make_edit(self, object_name: str, label: str) -> DateField | QTimeEdit:
            """The field the tick box enables."""
            ...

        def _show(self, value: _V) -> None:
            """Put `value` into the field."""
            ...

        def value(self) -> _V | None:
            """The value, or None when unset."""
            ...

    def _ticked(self) -> None:
        """The box was just ticked: what the field should start from."""

    def set_value(self, value: _V | None) -> None:
        """Show `value` (None unticks the box) without emitting `value_changed`."""
        blocked = self.blockSignals(True)
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        if value is not None:
            self._show(value)
        self.blockSignals(blocked)

    def set_value_if_changed(self, value: _V | None) -> None:
        """Show `value`, touching the widgets only when they show another value now."""
        if self.value() != value:
            self.set_value(value)

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        if on:
            self._ticked()
        self.value_changed.emit(self.value())

    def _edited(self, _value: object) -> None:
        if self.check.isChecked():
            self.value_changed.emit(self.value())


class OptionalDateEdit(_Optional[date]):
    """A date that may be left unset: a tick box enabling a typed date field."""

    edit: DateField

    def __init__(self, object_name: str, label: str, default: date, parent: QWidget | None = None) -> None:
        self._default = default
        super().__init__(object_name, label, "Set", f"{label}: set a date", parent)
        self.edit.value_changed.connect(self._edited)

    def _make_edit(self, object_name: str, label: str) -> DateField:
        return DateField(f"{object_name}Date", label, self._default, self)

    def value(self) -> date | None:
        """The date, or None when unset."""
        return self.edit.value() if self.check.isChecked() else None

    def set_default(self, value: date) -> None:
        """The date offered when the box is ticked, and the day "today" and "+3w" are read from."""
        self._default = value
        self.edit.set_today(value)

    def _show(self, value: date) -> None:
        self.edit.set_value(value)

    def _ticked(self) -> None:
        self.edit.set_value(self._default)
        self.edit.setFocus()


class OptionalTimeEdit(_Optional[time]):
    """A time of day that may be left unset (most milestones are known to the day only)."""

    edit: QTimeEdit

    def __init__(self, object_name: str, label: str, parent: QWidget | None = None) -> None:
        super().__init__(object_name, label, "At a set time", f"{label}: set a time", parent)
        self.edit.timeChanged.connect(self._edited)

    def _make_edit(self, object_name: str, label: str) -> QTimeEdit:
        edit = QTimeEdit(self)
        edit.setObjectName(f"{object_name}Time")
        edit.setAccessibleName(label)
        edit.setDisplayFormat("HH:mm")
        edit.setTime(QTime(10, 0))
        return edit

    def value(self) -> time | None:
        """The time, or None when unset."""
        if not self.check.isChecked():
            return None
        t = self.edit.time()
        return time(t.hour(), t.minute())

    def _show(self, value: time) -> None:
        self.edit.setTime(QTime(value.hour, value.minute))


class MessageStrip(QFrame):
    """An inline message under a field: a problem to fix (red) or a warning to consider (amber).

    Hidden while there is nothing to say, so the form stays quiet until something needs attention.
    """

    PROBLEM = "problem"
    WARNING = "warning"

    _STYLES: ClassVar[dict[str, tuple[str, str, str, QStyle.StandardPixmap]]] = {
        PROBLEM: ("#fdecea", "#b3261e", "#6b1510", QStyle.StandardPixmap.SP_MessageBoxCritical),
        WARNING: ("#fff4e0", "#c77700", "#4d3200", QStyle.StandardPixmap.SP_MessageBoxWarning),
    }

    def __init__(
        self, level: str, object_name: str, accessible_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(accessible_name)
        background, edge, ink, icon = self._STYLES[level]
        self.setStyleSheet(
            f"#{object_name} {{ background: {background}; border: none; border-left: 3px solid {edge};"
            f" border-radius: 3px; }} #{object_name} QLabel {{ color: {ink}; background: transparent; }}"
        )
        self._icon = QLabel(self)
        self._icon.setPixmap(self.style().standardIcon(icon).pixmap(16, 16))
        self._icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._text = QLabel(self)
        self._text.setObjectName(f"{object_name}Text")
        self._text.setWordWrap(True)
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 5, 8, 5)
        layout.setSpacing(6)
        layout.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._text, 1)
        self.hide()

    def set_messages(self, messages: Iterable[str]) -> None:
        """Show these lines, or hide the strip when there are none."""
        lines = list(dict.fromkeys(messages))
        text = "\n".join(lines)
        self._text.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(lines))

    def text(self) -> str:
        """What the strip says now ('' while hidden)."""
        return self._text.text() if not self.isHidden() else ""


class CharCounter(QLabel):
    """ "42 / 120" beside a text field; it turns red past the limit, before validation says so."""

    def __init__(self, limit: int, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self._limit = limit
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.count(0)

    def count(self, length: int) -> None:
        """Show `length` against the limit."""
        over = length > self._limit
        self.setText(f"{length} / {self._limit}")
        self.setAccessibleName(f"{length} of {self._limit} characters used")
        self.setStyleSheet("color: #b3261e; font-weight: 600;" if over else "color: palette(mid);")


def utf16_span(text: str, start: int, end: int) -> tuple[int, int]:
    """A code-point span of `text` as Qt counts it: (position, length) in UTF-16 units."""
    before = len(text[:start].encode("utf-16-le")) // 2
    inside = len(text[start:end].encode("utf-16-le")) // 2
    return before, inside


def _finding_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(_HIGHLIGHT_BACKGROUND)
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
    fmt.setUnderlineColor(_HIGHLIGHT_UNDERLINE)
    return fmt


def highlight_plain_text(edit: QPlainTextEdit, spans: Iterable[tuple[int, int]]) -> None:
    """Mark these code-point spans of the edit's text (and clear earlier marks)."""
    text = edit.toPlainText()
    selections = []
    for start, end in spans:
        position, length = utf16_span(text, start, end)
        cursor = QTextCursor(edit.document())
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format = _finding_format()
        selections.append(selection)
    edit.setExtraSelections(selections)


def highlight_line_edit(edit: QLineEdit, spans: Iterable[tuple[int, int]]) -> None:
    """Mark these code-point spans of a line edit's text (and clear earlier marks).

    A QLineEdit has no extra selections; an input-method event carrying only text formats is the one
    way to colour part of its text without subclassing. The formats' starts are relative to the cursor.
    """
    text = edit.text()
    cursor = edit.cursorPosition()
    attributes = []
    for start, end in spans:
        position, length = utf16_span(text, start, end)
        attributes.append(
            QInputMethodEvent.Attribute(
                QInputMethodEvent.AttributeType.TextFormat, position - cursor, length, _finding_format()
            )
        )
    QCoreApplication.sendEvent(edit, QInputMethodEvent("", attributes))
