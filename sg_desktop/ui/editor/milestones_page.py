"""The alert editor's milestones page: the dated timetable, with every move of a date kept and shown.

When a saved milestone's date or confidence changes, "Reason for the move" opens for it: what the officer
types there is the reason of that pending move, kept in the history beside it ("…: adjourned, a witness is
unavailable"). A move back to the saved date takes the pending move, and its reason, away again.

Once a move is committed (Return in the date field, or leaving it for another field), the alert's later
milestones are offered to move by as many days (`follow_on_moves`). Those moved go up as one undo step with
the move itself (`moved_together`), and follow its reason, typed before or after, until given their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QWidget

from sg_desktop.domain.enums import AlertKind, DateConfidence, MilestoneKind
from sg_desktop.domain.errors import Problem
from sg_desktop.domain.follow_on import follow_ons
from sg_desktop.domain.identifying import AlertFinding
from sg_desktop.domain.model import Milestone
from sg_desktop.domain.validation import MAX_REASON
from sg_desktop.ui.editor.fields import EnumCombo, MessageStrip, OptionalTimeEdit, column_of
from sg_desktop.ui.editor.follow_on_moves import FollowOnMovesDialog, offer_follow_on_moves
from sg_desktop.ui.editor.list_page import ButtonWords, ListEditor, ListWords
from sg_desktop.ui.shared.date_field import DateField
from sg_desktop.ui.shared.formatting import plural

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
_REASON_HINT = "For example: adjourned, a witness is unavailable"
_NO_MOVE_HINT = "Change the date or its confidence first"
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


@dataclass(frozen=True)
class _Move:
    """A date being typed: which milestone, its date before, and the undo key its steps share."""

    milestone_id: str
    old_date: date
    key: str


def short_day(d: date) -> str:
    """ "3 Mar 2027"."""
    return f"{d.day} {d:%b %Y}"


def describe_history(milestone: Milestone, saved_changes: int) -> list[str]:
    """One line per date change, oldest first, with its reason last; changes past `saved_changes` are marked
    as not saved yet."""
    lines = []
    for i, change in enumerate(milestone.history):
        if i >= saved_changes:
            aside = "not saved yet"
        else:
            recorded = change.changed_at.astimezone().date()
            aside = f"recorded {recorded.day} {recorded:%B %Y}"
        lines.append(change.describe(milestone.kind, aside))
    return lines


def _with_reason(m: Milestone, reason: str) -> Milestone:
    """`m` with `reason` given for its last move."""
    return replace(m, history=(*m.history[:-1], replace(m.history[-1], reason=reason)))


class MilestonesEditor(ListEditor[Milestone]):
    """A table of milestones with a form for the selected one.

    `edited(milestones, description, merge_key)` carries the whole new tuple; the editor's undo stack
    decides what to do with it and hands it back through `show_milestones`. `moved_together(milestones,
    description, merge_key)` carries a committed move with the later milestones moved with it: the steps
    pushed with `merge_key` (the typing of that move) and this one are to undo as one.
    """

    moved_together = Signal(object, str, str)

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
        self._move: _Move | None = None  # the move being typed, until it is committed
        self._moves_started = 0
        # Which milestones were moved with which: they follow its reason until one is given its own.
        self._moved_with: dict[str, frozenset[str]] = {}
        self._offer: FollowOnMovesDialog | None = None
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
        self.reason = QLineEdit(self)
        self.reason.setObjectName("milestoneReason")
        self.reason.setAccessibleName("Reason for the move")
        self.reason.setMaxLength(MAX_REASON)
        self.reason.setClearButtonEnabled(True)
        self.reason_warning = MessageStrip(MessageStrip.WARNING, "milestoneReasonIdentifying",
                                           "Reason for the move: identifying data", self)
        self._reason_findings: dict[int, list[AlertFinding]] = {}

    def _make_fields_after_note(self) -> None:
        self.history = QLabel(self)
        self.history.setObjectName("milestoneHistory")
        self.history.setAccessibleName("Date changes")
        self.history.setTextFormat(Qt.TextFormat.PlainText)  # the reasons are record text
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _fill_form(self, form: QFormLayout) -> None:
        form.addRow(self._label("&Milestone", self.kind), self.kind)
        when = QWidget(self)
        when_row = QHBoxLayout(when)
        when_row.setContentsMargins(0, 0, 0, 0)
        when_row.addWidget(self.date, 1)  # room for the line saying the date in full, or what is wrong
        when_row.addWidget(self.confidence, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(self._label("Dat&e", self.date), when)
        form.addRow(self._label("Reason for the mo&ve", self.reason),
                    column_of(self, (self.reason, self.reason_warning), 4))
        form.addRow(self._label("T&ime", self.time), self.time)
        note_block = self._note_block()
        form.addRow(self._label("&Note", self.note), note_block)
        form.addRow("Date changes", self.history)

    def _tab_order(self) -> list[QWidget]:
        return [self.kind, self.date.line, self.confidence, self.reason, self.time.check, self.time.edit]

    def _connect_fields(self) -> None:
        self.kind.value_changed.connect(lambda v: self._edit_current("Change milestone kind", "", kind=v))
        self.date.value_changed.connect(self._date_changed)
        self.date.line.installEventFilter(self)
        self.confidence.value_changed.connect(
            lambda v: self._edit_current("Change date confidence", "", confidence=v)
        )
        self.time.value_changed.connect(self._time_changed)
        self.reason.textChanged.connect(self._reason_changed)

    # -- public ----------------------------------------------------------------------------------------

    def milestones(self) -> tuple[Milestone, ...]:
        """The milestones shown."""
        return self.items()

    def select_milestone(self, milestone_id: str) -> bool:
        """Choose the milestone with this id (as when its mark on the timeline was opened); False if none has it."""
        found = next((i for i, m in enumerate(self.milestones()) if m.id == milestone_id), None)
        if found is not None:
            self.select_row(found)
        return found is not None

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

    def close_offer(self) -> None:
        """Close the question about the later milestones, if it is open, moving none of them."""
        offer, self._offer = self._offer, None
        if offer is not None:
            offer.blockSignals(True)  # closing it must not answer it
            offer.done(0)
            offer.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Return in the date field, or leaving it for another field, commits the date typed there."""
        if watched is self.date.line:
            if event.type() == QEvent.Type.KeyPress:
                assert isinstance(event, QKeyEvent)
                if Qt.Key(event.key()) in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self._commit_move()
            elif event.type() == QEvent.Type.FocusOut:
                assert isinstance(event, QFocusEvent)
                # A window coming up (a question, the calendar) leaves the officer in the field: no commit.
                if event.reason() not in (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason):
                    self._commit_move()
        return super().eventFilter(watched, event)

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
        if row < 0 or self._loading:
            return
        current = self._items[row]
        if self._move is None or self._move.milestone_id != current.id:
            self._moves_started += 1
            self._move = _Move(current.id, current.date, f"date:{current.id}:{self._moves_started}")
        self._edit_current("Move milestone date", self._move.key, date=value)

    def _commit_move(self) -> None:
        """The date typed is meant: when it moved and later milestones exist, offer to move them too."""
        move = self._move
        if move is None or self._loading or not self.date.is_readable():
            return  # nothing typed, an alert being shown, or a date still being typed: the move stays open
        self._move = None
        lead = self._find(move.milestone_id)
        if lead is None or lead.date == move.old_date:
            return
        offers = follow_ons(self._items, lead, move.old_date)
        if not offers:
            return
        shift = lead.date - move.old_date
        self.close_offer()
        self._offer = offer_follow_on_moves(
            self.window(), lead, move.old_date, offers, lambda ids: self._offer_answered(move, shift, ids)
        )

    def _offer_answered(self, move: _Move, shift: timedelta, ids: tuple[str, ...]) -> None:
        self._offer = None
        lead = self._find(move.milestone_id)
        if lead is None or not ids:
            return
        chosen = frozenset(ids)
        reason = self._pending_reason(lead)
        items = tuple(self._shifted(m, m.date + shift, reason) if m.id in chosen else m for m in self._items)
        self._moved_with[lead.id] = self._moved_with.get(lead.id, frozenset()) | chosen
        text = f"Move {lead.kind.label.lower()} and {plural(len(chosen), 'later milestone')}"
        self.moved_together.emit(items, text, self._merge_key(move.key, lead))

    def _shifted(self, m: Milestone, new_date: date, reason: str) -> Milestone:
        """`m` moved to `new_date`, the move recorded against its saved copy with `reason` (or its own)."""
        base = self._stored.get(m.id)
        if base is None:
            return replace(m, date=new_date)
        return replace(base, kind=m.kind, time=m.time, note=m.note).moved(
            new_date, m.confidence, self._now(), reason or self._pending_reason(m)
        )

    def _find(self, milestone_id: str) -> Milestone | None:
        return next((m for m in self._items if m.id == milestone_id), None)

    def _time_changed(self, value: time | None) -> None:
        row = self.current_row()
        if row >= 0:
            self._edit_current("Change milestone time", f"time:{self._items[row].id}", time=value)

    def _reason_changed(self, text: str) -> None:
        row = self.current_row()
        if self._loading or row < 0 or self._pending(self._items[row]) is None:
            return
        lead = self._items[row]
        before = self._pending_reason(lead)
        # Those moved with it and still giving its reason take the new one too (in the same undo step).
        with_it = self._moved_with.get(lead.id, frozenset())
        items = tuple(
            _with_reason(m, text)
            if m.id == lead.id or (m.id in with_it and self._gives_reason(m, before))
            else m
            for m in self._items
        )
        if items != self._items:
            self.edited.emit(items, "Give the reason for the move", self._merge_key(f"reason:{lead.id}", lead))

    def _gives_reason(self, m: Milestone, reason: str) -> bool:
        """Whether `m` has a move not saved yet, given `reason`."""
        return self._pending(m) is not None and self._pending_reason(m) == reason

    def _pending_reason(self, m: Milestone) -> str:
        pending = self._pending(m)
        return m.history[pending].reason if pending is not None else ""

    def _pending(self, m: Milestone) -> int | None:
        """The index of `m`'s move that is not saved yet, or None."""
        base = self._stored.get(m.id)
        return len(m.history) - 1 if base is not None and len(m.history) > len(base.history) else None

    def _rebased(self, current: Milestone, updated: Milestone) -> Milestone:
        base = self._stored.get(current.id)
        if base is None:
            return updated
        # Rebuild from the saved copy so the history holds one pending move, however many steps it took;
        # the reason typed for the move stays with it.
        reason = updated.history[-1].reason if self._pending(updated) is not None else ""
        return replace(base, kind=updated.kind, time=updated.time, note=updated.note).moved(
            updated.date, updated.confidence, self._now(), reason
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
        if column == _HISTORY_COLUMN and item.history:
            # A tooltip is read as rich text when it looks like markup: the reasons are escaped in our own.
            lines = describe_history(item, self._saved_changes(item))
            return f"<p style='white-space:pre-wrap'>{'<br>'.join(escape(line) for line in lines)}</p>"
        return super()._cell_tooltip(item, column, text)

    def _show_fields(self, item: Milestone) -> None:
        if self.date.value() != item.date:
            self.date.set_value(item.date)
        self.kind.set_value_if_changed(item.kind)
        self.confidence.set_value_if_changed(item.confidence)
        self.time.set_value_if_changed(item.time)
        lines = describe_history(item, self._saved_changes(item))
        self.history.setText("\n".join(f"• {line}" for line in lines) if lines else "No date changes yet.")
        pending = self._pending(item)
        reason = item.history[pending].reason if pending is not None else ""
        if self.reason.text() != reason:
            self.reason.setText(reason)
        self.reason.setEnabled(pending is not None)
        self.reason.setPlaceholderText(_REASON_HINT if pending is not None else _NO_MOVE_HINT)

    def _clear_fields(self) -> None:
        self.history.setText("")
        self.reason.setText("")
        self.reason.setEnabled(False)

    # -- checks ----------------------------------------------------------------------------------------

    def show_checks(self, problems: Sequence[Problem], findings: Sequence[AlertFinding]) -> None:
        """As for every list, and say under "Reason for the move" where a reason looks identifying."""
        self._reason_findings = {}
        for f in findings:
            if f.path.index is not None and f.path.field == "reason":
                self._reason_findings.setdefault(f.path.index, []).append(f)
        super().show_checks(problems, findings)

    def _refresh_checks(self) -> None:
        super()._refresh_checks()
        found = self._reason_findings.get(self.current_row(), [])
        self.reason_warning.set_messages(f"A reason for a move: {f.finding.label}" for f in found)

    def _focus_finding(self, row: int, finding: AlertFinding) -> None:
        if finding.path.field == "reason" and self.reason.isEnabled():
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            super()._focus_finding(row, finding)
