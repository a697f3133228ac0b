"""The alert editor's milestones page: the dated timetable, with every move of a date kept and shown."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QIcon, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.domain.enums import AlertKind, DateConfidence, MilestoneKind
from sg_desktop.domain.errors import Problem
from sg_desktop.domain.identifying import FieldFinding
from sg_desktop.domain.model import Milestone
from sg_desktop.domain.validation import MAX_NOTE
from sg_desktop.ui.editor_widgets import (
    CharCounter,
    EnumCombo,
    MessageStrip,
    OptionalTimeEdit,
    from_qdate,
    highlight_plain_text,
    make_date_edit,
    to_qdate,
    utf16_span,
)

__all__ = ["MilestonesEditor", "describe_history", "short_day"]

_COLUMNS = ("Date", "Milestone", "Confidence", "History", "Note")
_EMPTY_HINT = (
    "No milestones yet. Add the dates you know — review completed, publication, trial start — even "
    "provisional ones."
)

# The milestones each kind of case usually has, in the order they happen; "Add" offers the first missing one.
_TYPICAL: dict[AlertKind, tuple[MilestoneKind, ...]] = {
    AlertKind.CSPR: (MilestoneKind.REVIEW_COMPLETED, MilestoneKind.PUBLICATION),
    AlertKind.DHR: (MilestoneKind.REVIEW_COMPLETED, MilestoneKind.PUBLICATION),
    AlertKind.TRIAL: (MilestoneKind.TRIAL_START, MilestoneKind.VERDICT, MilestoneKind.SENTENCING),
    AlertKind.INQUEST: (MilestoneKind.INQUEST,),
    AlertKind.OFSTED: (MilestoneKind.REPORT_PUBLISHED,),
    AlertKind.OTHER: (MilestoneKind.PUBLICATION,),
}
_FIELD_INDEX = re.compile(r"milestones\[(\d+)\]")
_NOTE_FINDING = re.compile(r"Milestone (\d+) note")


def short_day(d: date) -> str:
    """ "3 Mar 2027"."""
    return f"{d.day} {d:%b %Y}"


def describe_history(milestone: Milestone, saved_changes: int) -> list[str]:
    """One line per date change, oldest first; changes past `saved_changes` are marked as not saved yet."""
    lines = []
    for i, change in enumerate(milestone.history):
        line = change.describe(milestone.kind)
        if i >= saved_changes:
            line += " — not saved yet"
        else:
            recorded = change.changed_at.astimezone().date()
            line += f" (recorded {recorded.day} {recorded:%B %Y})"
        lines.append(line)
    return lines


class MilestonesEditor(QWidget):
    """A table of milestones with a form for the selected one.

    `edited(milestones, description, merge_key)` carries the whole new tuple; the editor's undo stack
    decides what to do with it and hands it back through `show_milestones`.
    """

    edited = Signal(object, str, str)

    def __init__(
        self,
        today: date,
        now: Callable[[], datetime],
        stored: Sequence[Milestone] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("milestonesPage")
        self._today = today
        self._now = now
        # The milestones as last saved: a moved date is always recorded against these, so spinning a date
        # through ten days leaves one "moved from … to …", not ten.
        self._stored: dict[str, Milestone] = {m.id: m for m in stored}
        self._items: tuple[Milestone, ...] = ()
        self._alert_kind = AlertKind.CSPR
        self._loading = False
        self._row_notes: dict[int, list[str]] = {}
        self._note_findings: dict[int, list[FieldFinding]] = {}
        self._build()

    # -- building --------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.problems = MessageStrip(MessageStrip.PROBLEM, "milestonesProblems", "Milestone problems", self)
        self.table = QTableWidget(0, len(_COLUMNS), self)
        self.table.setObjectName("milestonesTable")
        self.table.setAccessibleName("Milestones")
        self.table.setHorizontalHeaderLabels(list(_COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        for column in range(len(_COLUMNS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        remove = QAction("Remove", self.table)
        remove.setShortcut(QKeySequence.StandardKey.Delete)
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_selected)
        self.table.addAction(remove)

        self.empty_hint = QLabel(_EMPTY_HINT, self)
        self.empty_hint.setObjectName("milestonesEmptyHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: palette(placeholder-text);")

        self.add_button = QPushButton("&Add milestone", self)
        self.add_button.setObjectName("addMilestoneButton")
        self.add_button.setAccessibleName("Add milestone")
        self.add_button.setToolTip("Add a dated milestone (Ctrl+Shift+M)")
        self.add_button.clicked.connect(self.add_milestone)
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.setObjectName("removeMilestoneButton")
        self.remove_button.setAccessibleName("Remove the selected milestone")
        self.remove_button.setToolTip("Remove the selected milestone (Delete in the table; it can be undone)")
        self.remove_button.clicked.connect(self.remove_selected)

        self.kind = EnumCombo(MilestoneKind, "milestoneKind", "Milestone kind", self)
        self.date = make_date_edit("milestoneDate", "Milestone date", self)
        self.confidence = EnumCombo(DateConfidence, "milestoneConfidence", "Date confidence", self)
        self.time = OptionalTimeEdit("milestoneTime", "Milestone time", self)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("milestoneNote")
        self.note.setAccessibleName("Milestone note")
        self.note.setPlaceholderText("For example: which court, or who confirmed the date")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(72)
        self.note_counter = CharCounter(MAX_NOTE, "milestoneNoteCounter", self)
        self.note_warning = MessageStrip(
            MessageStrip.WARNING, "milestoneNoteIdentifying", "Milestone note: identifying data", self
        )
        self.row_problems = MessageStrip(
            MessageStrip.PROBLEM, "milestoneProblems", "This milestone's problems", self
        )
        self.history = QLabel(self)
        self.history.setObjectName("milestoneHistory")
        self.history.setAccessibleName("Date changes")
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.detail = QGroupBox("Selected milestone", self)
        self.detail.setObjectName("milestoneDetail")
        detail_column = QVBoxLayout(self.detail)
        form = QFormLayout()
        detail_column.addLayout(form)
        detail_column.addStretch(1)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)
        form.addRow(self._label("&Milestone", self.kind), self.kind)
        when = QWidget(self)
        when_row = QHBoxLayout(when)
        when_row.setContentsMargins(0, 0, 0, 0)
        when_row.addWidget(self.date)
        when_row.addWidget(self.confidence, 1)
        form.addRow(self._label("Dat&e", self.date), when)
        form.addRow(self._label("T&ime", self.time), self.time)
        note_block = QWidget(self)
        note_column = QVBoxLayout(note_block)
        note_column.setContentsMargins(0, 0, 0, 0)
        note_column.setSpacing(4)
        note_column.addWidget(self.note)
        note_column.addWidget(self.note_counter)
        note_column.addWidget(self.note_warning)
        form.addRow(self._label("&Note", self.note), note_block)
        form.addRow("Date changes", self.history)
        form.addRow(self.row_problems)

        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addWidget(self.empty_hint)
        left.addLayout(buttons)
        body = QHBoxLayout()
        body.setSpacing(12)
        body.addLayout(left, 3)
        body.addWidget(self.detail, 2)
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.problems)
        page.addLayout(body, 1)

        for first, second in (
            (self.table, self.add_button),
            (self.add_button, self.remove_button),
            (self.remove_button, self.kind),
            (self.kind, self.date),
            (self.date, self.confidence),
            (self.confidence, self.time.check),
            (self.time.check, self.time.edit),
            (self.time.edit, self.note),
        ):
            QWidget.setTabOrder(first, second)

        self.kind.value_changed.connect(lambda v: self._edit_current("Change milestone kind", "", kind=v))
        self.date.dateChanged.connect(self._date_changed)
        self.confidence.value_changed.connect(
            lambda v: self._edit_current("Change date confidence", "", confidence=v)
        )
        self.time.value_changed.connect(self._time_changed)
        self.note.textChanged.connect(self._note_changed)
        self._refresh_detail()

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    # -- public ----------------------------------------------------------------------------------------

    def milestones(self) -> tuple[Milestone, ...]:
        """The milestones shown."""
        return self._items

    def current_row(self) -> int:
        """The selected row, or -1."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        """Select the `row`th milestone and show it in the form."""
        if 0 <= row < self.table.rowCount():
            self.table.selectRow(row)
            self.table.scrollTo(self.table.model().index(row, 0))

    def set_alert_kind(self, kind: AlertKind) -> None:
        """Which kind of case this is, so that "Add" suggests its usual milestones."""
        self._alert_kind = kind

    def set_today(self, today: date) -> None:
        """The date new milestones start from."""
        self._today = today

    def show_milestones(self, milestones: tuple[Milestone, ...]) -> None:
        """Show these milestones, keeping the selection on the same milestone where it still exists."""
        selected = self.current_row()
        selected_id = self._items[selected].id if 0 <= selected < len(self._items) else None
        self._items = milestones
        self._loading = True
        try:
            self.table.setRowCount(len(milestones))
            for row, m in enumerate(milestones):
                self._fill_row(row, m)
            ids = [m.id for m in milestones]
            row = ids.index(selected_id) if selected_id in ids else min(max(selected, 0), len(milestones) - 1)
            if row >= 0:
                self.table.selectRow(row)
            else:
                self.table.clearSelection()
        finally:
            self._loading = False
        self.empty_hint.setVisible(not milestones)
        self._refresh_detail()

    def show_checks(self, problems: Sequence[Problem], findings: Sequence[FieldFinding]) -> None:
        """Show the milestone problems (on top and on their rows) and mark identifying text in the notes."""
        general = [p.message for p in problems if p.field == "milestones"]
        self._row_notes = {}
        for p in problems:
            match = _FIELD_INDEX.fullmatch(p.field)
            if match:
                self._row_notes.setdefault(int(match.group(1)) - 1, []).append(p.message)
        self._note_findings = {}
        for f in findings:
            match = _NOTE_FINDING.fullmatch(f.field)
            if match:
                self._note_findings.setdefault(int(match.group(1)) - 1, []).append(f)
        self.problems.set_messages(
            general + [m for row in sorted(self._row_notes) for m in self._row_notes[row]]
        )
        for row, m in enumerate(self._items):
            self._fill_row(row, m)
        self._refresh_checks()

    def focus_note(self, row: int, finding: FieldFinding | None = None) -> None:
        """Select milestone `row` and put the cursor in its note, selecting `finding`'s text."""
        self.select_row(row)
        self.note.setFocus(Qt.FocusReason.OtherFocusReason)
        if finding is not None:
            position, length = utf16_span(self.note.toPlainText(), finding.finding.start, finding.finding.end)
            cursor = self.note.textCursor()
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            self.note.setTextCursor(cursor)

    def add_milestone(self) -> None:
        """Append a milestone the case probably has next, dated after the last one, and select it."""
        present = {m.kind for m in self._items}
        kind = next((k for k in _TYPICAL[self._alert_kind] if k not in present), MilestoneKind.OTHER)
        latest = max((m.date for m in self._items), default=None)
        when = latest + timedelta(days=14) if latest else self._today + timedelta(days=28)
        new = Milestone(kind=kind, date=when, confidence=DateConfidence.PROVISIONAL)
        self.edited.emit((*self._items, new), "Add milestone", "")
        self.select_row(len(self._items) - 1)
        self.kind.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_selected(self) -> None:
        """Remove the selected milestone (undoable, so no confirmation)."""
        row = self.current_row()
        if row < 0:
            return
        items = self._items[:row] + self._items[row + 1 :]
        self.edited.emit(items, f"Remove {self._items[row].kind.label.lower()} milestone", "")

    # -- editing ---------------------------------------------------------------------------------------

    def _date_changed(self, _value: Any) -> None:
        row = self.current_row()
        if row >= 0:
            self._edit_current(
                "Move milestone date", f"date:{self._items[row].id}", date=from_qdate(self.date.date())
            )

    def _time_changed(self, value: Any) -> None:
        row = self.current_row()
        if row >= 0:
            self._edit_current("Change milestone time", f"time:{self._items[row].id}", time=value)

    def _note_changed(self) -> None:
        text = self.note.toPlainText()
        self.note_counter.count(len(text))
        row = self.current_row()
        if row >= 0:
            self._edit_current("Edit milestone note", f"note:{self._items[row].id}", note=text)

    def _edit_current(self, description: str, merge_key: str, **changes: Any) -> None:
        row = self.current_row()
        if self._loading or row < 0:
            return
        current = self._items[row]
        updated = replace(current, **changes)
        if updated == current:
            return
        base = self._stored.get(current.id)
        if base is not None:
            # Rebuild from the saved copy so the history holds one pending move, however many steps it took.
            updated = replace(base, kind=updated.kind, time=updated.time, note=updated.note).moved(
                updated.date, updated.confidence, self._now()
            )
        items = (*self._items[:row], updated, *self._items[row + 1 :])
        key = f"milestone:{merge_key}" if merge_key else ""
        self.edited.emit(items, description, key)

    def _selection_changed(self) -> None:
        if not self._loading:
            self._refresh_detail()

    # -- showing ---------------------------------------------------------------------------------------

    def _fill_row(self, row: int, m: Milestone) -> None:
        when = short_day(m.date) + (f" {m.time:%H:%M}" if m.time else "")
        moved = f"was {short_day(m.history[-1].old_date)}" if m.history else ""
        cells = (when, m.kind.label, m.confidence.label, moved, m.note.replace("\n", " "))
        history = "\n".join(
            describe_history(m, len(self._stored[m.id].history) if m.id in self._stored else 0)
        )
        warnings = [*self._row_notes.get(row, ()), *(f.message for f in self._note_findings.get(row, ()))]
        items = []
        for column, text in enumerate(cells):
            item = self.table.item(row, column)
            if item is None:
                item = QTableWidgetItem()
                self.table.setItem(row, column, item)
            items.append(item)
            item.setText(text)
            item.setToolTip(history if column == 3 else text)
        first = items[0]
        if warnings:
            first.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
            first.setToolTip("\n".join(warnings))
        else:
            first.setIcon(QIcon())

    def _refresh_detail(self) -> None:
        row = self.current_row()
        has = 0 <= row < len(self._items)
        self.detail.setEnabled(has)
        self.remove_button.setEnabled(has)
        self.detail.setTitle(f"Milestone {row + 1} of {len(self._items)}" if has else "No milestone selected")
        self._loading = True
        try:
            if has:
                m = self._items[row]
                if self.kind.value() != m.kind:
                    self.kind.set_value(m.kind)
                if from_qdate(self.date.date()) != m.date:
                    self.date.setDate(to_qdate(m.date))
                if self.confidence.value() != m.confidence:
                    self.confidence.set_value(m.confidence)
                if self.time.value() != m.time:
                    self.time.set_value(m.time)
                if self.note.toPlainText() != m.note:
                    self.note.setPlainText(m.note)
                    self.note.moveCursor(QTextCursor.MoveOperation.End)
                self.note_counter.count(len(m.note))
                saved = len(self._stored[m.id].history) if m.id in self._stored else 0
                lines = describe_history(m, saved)
                self.history.setText(
                    "\n".join(f"• {line}" for line in lines) if lines else "No date changes yet."
                )
            else:
                self.note.setPlainText("")
                self.history.setText("")
        finally:
            self._loading = False
        self._refresh_checks()

    def _refresh_checks(self) -> None:
        row = self.current_row()
        found = self._note_findings.get(row, [])
        self.note_warning.set_messages(f"Note: {f.finding.label}" for f in found)
        highlight_plain_text(self.note, [(f.finding.start, f.finding.end) for f in found])
        self.row_problems.set_messages(self._row_notes.get(row, []))
