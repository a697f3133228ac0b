"""The alert editor's milestones page: the dated timetable, with every move of a date kept and shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QHeaderView, QLabel, QWidget

from sg_desktop.domain.enums import AlertKind, DateConfidence, MilestoneKind
from sg_desktop.domain.model import Milestone
from sg_desktop.ui.editor.fields import EnumCombo, OptionalTimeEdit
from sg_desktop.ui.editor.list_page import ButtonWords, ListEditor, ListWords
from sg_desktop.ui.shared.date_field import DateField

__all__ = ["MilestonesEditor", "describe_history", "short_day"]

# The milestones each kind of case usually has, in the order they happen; "Add" offers the first missing one.
_TYPICAL: dict[AlertKind, tuple[MilestoneKind, ...]] = {
    AlertKind.CSPR: (MilestoneKind.REVIEW_COMPLETED, MilestoneKind.PUBLICATION),
    AlertKind.DHR: (MilestoneKind.REVIEW_COMPLETED, MilestoneKind.PUBLICATION),
    AlertKind.TRIAL: (MilestoneKind.TRIAL_START, MilestoneKind.VERDICT, MilestoneKind.SENTENCING),
    AlertKind.INQUEST: (MilestoneKind.INQUEST,),
    AlertKind.OFSTED: (MilestoneKind.REPORT_PUBLISHED,),
    AlertKind.OTHER: (MilestoneKind.PUBLICATION,),
}
_HISTORY_COLUMN = 3
_WORDS = ListWords(
    name="milestone",
    long_name="Milestone",
    columns=("Date", "Milestone", "Confidence", "History", "Note"),
    empty_hint=(
        "No milestones yet. Add the dates you know — review completed, publication, trial start — even "
        "provisional ones."
    ),
    add=ButtonWords("&Add milestone", "addMilestoneButton", "Add milestone",
                    "Add a dated milestone (Ctrl+Shift+M)"),
    remove=ButtonWords("&Remove", "removeMilestoneButton", "Remove the selected milestone",
                       "Remove the selected milestone (Delete in the table; it can be undone)"),
    note_placeholder="For example: which court, or who confirmed the date",
    note_height=72,
)


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


class MilestonesEditor(ListEditor[Milestone]):
    """A table of milestones with a form for the selected one.

    `edited(milestones, description, merge_key)` carries the whole new tuple; the editor's undo stack
    decides what to do with it and hands it back through `show_milestones`.
    """

    def __init__(
        self,
        today: date,
        now: Callable[[], datetime],
        stored: Sequence[Milestone] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_WORDS, parent)
        self._today = today
        self._now = now
        # The milestones as last saved: a moved date is always recorded against these, so spinning a date
        # through ten days leaves one "moved from … to …", not ten.
        self._stored: dict[str, Milestone] = {m.id: m for m in stored}
        self._alert_kind = AlertKind.CSPR
        self._build()

    # -- the form --------------------------------------------------------------------------------------

    def _size_columns(self, header: QHeaderView) -> None:
        for column in range(len(_WORDS.columns) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    def _make_fields(self) -> None:
        self.kind = EnumCombo(MilestoneKind, "milestoneKind", "Milestone kind", self)
        self.date = DateField("milestoneDate", "Milestone date", self._today, self)
        self.confidence = EnumCombo(DateConfidence, "milestoneConfidence", "Date confidence", self)
        self.time = OptionalTimeEdit("milestoneTime", "Milestone time", self)

    def _make_fields_after_note(self) -> None:
        self.history = QLabel(self)
        self.history.setObjectName("milestoneHistory")
        self.history.setAccessibleName("Date changes")
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _fill_form(self, form: QFormLayout) -> None:
        form.addRow(self._label("&Milestone", self.kind), self.kind)
        when = QWidget(self)
        when_row = QHBoxLayout(when)
        when_row.setContentsMargins(0, 0, 0, 0)
        when_row.addWidget(self.date)
        when_row.addWidget(self.confidence, 1)
        form.addRow(self._label("Dat&e", self.date), when)
        form.addRow(self._label("T&ime", self.time), self.time)
        note_block = self._note_block()
        form.addRow(self._label("&Note", self.note), note_block)
        form.addRow("Date changes", self.history)

    def _tab_order(self) -> list[QWidget]:
        return [self.kind, self.date.line, self.confidence, self.time.check, self.time.edit]

    def _connect_fields(self) -> None:
        self.kind.value_changed.connect(lambda v: self._edit_current("Change milestone kind", "", kind=v))
        self.date.value_changed.connect(self._date_changed)
        self.confidence.value_changed.connect(
            lambda v: self._edit_current("Change date confidence", "", confidence=v)
        )
        self.time.value_changed.connect(self._time_changed)

    # -- public ----------------------------------------------------------------------------------------

    def milestones(self) -> tuple[Milestone, ...]:
        """The milestones shown."""
        return self.items()

    def show_milestones(self, milestones: tuple[Milestone, ...]) -> None:
        """Show these milestones, keeping the selection on the same milestone where it still exists."""
        self.show_items(milestones)

    def set_alert_kind(self, kind: AlertKind) -> None:
        """Which kind of case this is, so that "Add" suggests its usual milestones."""
        self._alert_kind = kind

    def set_today(self, today: date) -> None:
        """The date new milestones start from, and the day "today" and "+3w" are read from."""
        self._today = today
        self.date.set_today(today)

    def add_item(self) -> None:
        """Append a milestone the case probably has next, dated after the last one, and select it."""
        present = {m.kind for m in self._items}
        kind = next((k for k in _TYPICAL[self._alert_kind] if k not in present), MilestoneKind.OTHER)
        latest = max((m.date for m in self._items), default=None)
        when = latest + timedelta(days=14) if latest else self._today + timedelta(days=28)
        self._append(Milestone(kind=kind, date=when, confidence=DateConfidence.PROVISIONAL), "Add milestone",
                     self.kind)

    # -- editing ---------------------------------------------------------------------------------------

    def _remove_text(self, item: Milestone) -> str:
        return f"Remove {item.kind.label.lower()} milestone"

    def _date_changed(self, value: date) -> None:
        row = self.current_row()
        if row >= 0:
            self._edit_current("Move milestone date", f"date:{self._items[row].id}", date=value)

    def _time_changed(self, value: time | None) -> None:
        row = self.current_row()
        if row >= 0:
            self._edit_current("Change milestone time", f"time:{self._items[row].id}", time=value)

    def _rebased(self, current: Milestone, updated: Milestone) -> Milestone:
        base = self._stored.get(current.id)
        if base is None:
            return updated
        # Rebuild from the saved copy so the history holds one pending move, however many steps it took.
        return replace(base, kind=updated.kind, time=updated.time, note=updated.note).moved(
            updated.date, updated.confidence, self._now()
        )

    def _merge_key(self, merge_key: str, current: Milestone) -> str:
        return f"milestone:{merge_key}"

    # -- showing ---------------------------------------------------------------------------------------

    def _saved_changes(self, m: Milestone) -> int:
        return len(self._stored[m.id].history) if m.id in self._stored else 0

    def _cells(self, item: Milestone) -> tuple[str, ...]:
        when = short_day(item.date) + (f" {item.time:%H:%M}" if item.time else "")
        moved = f"was {short_day(item.history[-1].old_date)}" if item.history else ""
        return (when, item.kind.label, item.confidence.label, moved, item.note.replace("\n", " "))

    def _cell_tooltip(self, item: Milestone, column: int, text: str) -> str:
        if column == _HISTORY_COLUMN:
            return "\n".join(describe_history(item, self._saved_changes(item)))
        return text

    def _show_fields(self, item: Milestone) -> None:
        if self.date.value() != item.date:
            self.date.set_value(item.date)
        self.kind.set_value_if_changed(item.kind)
        self.confidence.set_value_if_changed(item.confidence)
        self.time.set_value_if_changed(item.time)
        lines = describe_history(item, self._saved_changes(item))
        self.history.setText("\n".join(f"• {line}" for line in lines) if lines else "No date changes yet.")

    def _clear_fields(self) -> None:
        self.history.setText("")
