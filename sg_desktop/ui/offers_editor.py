"""The alert editor's support-offers page: who offered what to whom, and where each offer stands."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
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

from sg_desktop.domain.enums import OfferedTo, OfferingOrganisation, OfferKind, OfferStatus
from sg_desktop.domain.errors import Problem
from sg_desktop.domain.identifying import FieldFinding
from sg_desktop.domain.model import SupportOffer
from sg_desktop.domain.validation import MAX_NOTE
from sg_desktop.ui.editor_pipeline import NEXT_STATUS, OfferPipeline
from sg_desktop.ui.editor_widgets import (
    CharCounter,
    EnumCombo,
    MessageStrip,
    OptionalDateEdit,
    highlight_plain_text,
    utf16_span,
)
from sg_desktop.ui.milestones_editor import short_day

__all__ = ["OffersEditor"]

_COLUMNS = ("Organisation", "Support", "For", "Status", "Follow-up")
_EMPTY_HINT = (
    "No support offered yet. Record each offer — a peer mentor, media-handling advice — and follow it "
    "through."
)
_FIELD_INDEX = re.compile(r"offers\[(\d+)\]")
_NOTE_FINDING = re.compile(r"Support offer (\d+) note")


class OffersEditor(QWidget):
    """A table of support offers with a form for the selected one and its place in the pipeline.

    `edited(offers, description, merge_key)` carries the whole new tuple, as MilestonesEditor does.
    """

    edited = Signal(object, str, str)

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offersPage")
        self._today = today
        self._items: tuple[SupportOffer, ...] = ()
        self._loading = False
        self._row_notes: dict[int, list[str]] = {}
        self._note_findings: dict[int, list[FieldFinding]] = {}
        self._build()

    # -- building --------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.problems = MessageStrip(MessageStrip.PROBLEM, "offersProblems", "Support offer problems", self)
        self.table = QTableWidget(0, len(_COLUMNS), self)
        self.table.setObjectName("offersTable")
        self.table.setAccessibleName("Support offers")
        self.table.setHorizontalHeaderLabels(list(_COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        # The kinds of support and the people offered it have long labels; those columns share the width
        # and elide, with the whole label in the tooltip.
        for column in range(len(_COLUMNS)):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if column in (1, 2)
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        remove = QAction("Remove", self.table)
        remove.setShortcut(QKeySequence.StandardKey.Delete)
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_selected)
        self.table.addAction(remove)

        self.empty_hint = QLabel(_EMPTY_HINT, self)
        self.empty_hint.setObjectName("offersEmptyHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: palette(placeholder-text);")
        self.add_button = QPushButton("Add o&ffer", self)
        self.add_button.setObjectName("addOfferButton")
        self.add_button.setAccessibleName("Add support offer")
        self.add_button.setToolTip("Add a support offer (Ctrl+Shift+O)")
        self.add_button.clicked.connect(self.add_offer)
        self.remove_button = QPushButton("Re&move", self)
        self.remove_button.setObjectName("removeOfferButton")
        self.remove_button.setAccessibleName("Remove the selected support offer")
        self.remove_button.setToolTip("Remove the selected offer (Delete in the table; it can be undone)")
        self.remove_button.clicked.connect(self.remove_selected)

        self.organisation = EnumCombo(
            OfferingOrganisation, "offerOrganisation", "Offering organisation", self
        )
        self.kind = EnumCombo(OfferKind, "offerKind", "Kind of support", self)
        self.offered_to = EnumCombo(OfferedTo, "offerTo", "Offered to", self)
        self.status = EnumCombo(OfferStatus, "offerStatus", "Offer status", self)
        self.pipeline = OfferPipeline(self)
        self.advance_button = QPushButton(self)
        self.advance_button.setObjectName("offerAdvanceButton")
        self.advance_button.clicked.connect(self.advance)
        self.offered_on = OptionalDateEdit("offerOfferedOn", "Offered on", self._today, self)
        self.decided_on = OptionalDateEdit("offerDecidedOn", "Decided on", self._today, self)
        self.follow_up_on = OptionalDateEdit("offerFollowUp", "Follow up on", self._today, self)
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("offerNote")
        self.note.setAccessibleName("Offer note")
        self.note.setPlaceholderText("For example: who made the offer, what was agreed")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(64)
        self.note_counter = CharCounter(MAX_NOTE, "offerNoteCounter", self)
        self.note_warning = MessageStrip(
            MessageStrip.WARNING, "offerNoteIdentifying", "Offer note: identifying data", self
        )
        self.row_problems = MessageStrip(MessageStrip.PROBLEM, "offerProblems", "This offer's problems", self)

        self.detail = QGroupBox("Selected offer", self)
        self.detail.setObjectName("offerDetail")
        detail_column = QVBoxLayout(self.detail)
        form = QFormLayout()
        detail_column.addLayout(form)
        detail_column.addStretch(1)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)
        form.addRow(self._label("Or&ganisation", self.organisation), self.organisation)
        form.addRow(self._label("Support &kind", self.kind), self.kind)
        form.addRow(self._label("Offered &to", self.offered_to), self.offered_to)
        status_row = QWidget(self)
        status_layout = QHBoxLayout(status_row)
        status_layout.setContentsMargins(0, 0, 0, 0)
        status_layout.addWidget(self.status, 1)
        status_layout.addWidget(self.advance_button)
        form.addRow(self._label("Stat&us", self.status), status_row)
        form.addRow("", self.pipeline)
        form.addRow(self._label("Offered on", self.offered_on), self.offered_on)
        form.addRow(self._label("Decided on", self.decided_on), self.decided_on)
        form.addRow(self._label("Follow up on", self.follow_up_on), self.follow_up_on)
        note_block = QWidget(self)
        note_column = QVBoxLayout(note_block)
        note_column.setContentsMargins(0, 0, 0, 0)
        note_column.setSpacing(4)
        note_column.addWidget(self.note)
        note_column.addWidget(self.note_counter)
        note_column.addWidget(self.note_warning)
        form.addRow(self._label("N&ote", self.note), note_block)
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

        order: list[QWidget] = [
            self.table,
            self.add_button,
            self.remove_button,
            self.organisation,
            self.kind,
            self.offered_to,
            self.status,
            self.advance_button,
            self.offered_on.check,
            self.offered_on.edit,
            self.decided_on.check,
            self.decided_on.edit,
            self.follow_up_on.check,
            self.follow_up_on.edit,
            self.note,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

        self.organisation.value_changed.connect(
            lambda v: self._edit_current("Change offering organisation", "", organisation=v)
        )
        self.kind.value_changed.connect(lambda v: self._edit_current("Change kind of support", "", kind=v))
        self.offered_to.value_changed.connect(
            lambda v: self._edit_current("Change who support is for", "", offered_to=v)
        )
        self.status.value_changed.connect(lambda v: self._edit_current("Change offer status", "", status=v))
        self.offered_on.value_changed.connect(
            lambda v: self._edit_current("Change offer date", "offered", offered_on=v)
        )
        self.decided_on.value_changed.connect(
            lambda v: self._edit_current("Change decision date", "decided", decided_on=v)
        )
        self.follow_up_on.value_changed.connect(
            lambda v: self._edit_current("Change follow-up date", "follow", follow_up_on=v)
        )
        self.note.textChanged.connect(self._note_changed)
        self._refresh_detail()

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    # -- public ----------------------------------------------------------------------------------------

    def offers(self) -> tuple[SupportOffer, ...]:
        """The offers shown."""
        return self._items

    def current_row(self) -> int:
        """The selected row, or -1."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        """Select the `row`th offer and show it in the form."""
        if 0 <= row < self.table.rowCount():
            self.table.selectRow(row)
            self.table.scrollTo(self.table.model().index(row, 0))

    def set_today(self, today: date) -> None:
        """The date a newly ticked date field starts from."""
        self._today = today
        for field in (self.offered_on, self.decided_on, self.follow_up_on):
            field.set_default(today)

    def show_offers(self, offers: tuple[SupportOffer, ...]) -> None:
        """Show these offers, keeping the selection on the same offer where it still exists."""
        selected = self.current_row()
        selected_id = self._items[selected].id if 0 <= selected < len(self._items) else None
        self._items = offers
        self._loading = True
        try:
            self.table.setRowCount(len(offers))
            for row, offer in enumerate(offers):
                self._fill_row(row, offer)
            ids = [o.id for o in offers]
            row = ids.index(selected_id) if selected_id in ids else min(max(selected, 0), len(offers) - 1)
            if row >= 0:
                self.table.selectRow(row)
            else:
                self.table.clearSelection()
        finally:
            self._loading = False
        self.empty_hint.setVisible(not offers)
        self._refresh_detail()

    def show_checks(self, problems: Sequence[Problem], findings: Sequence[FieldFinding]) -> None:
        """Show the offers' problems (on top and on their rows) and mark identifying text in the notes."""
        general = [p.message for p in problems if p.field == "offers"]
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
        for row, offer in enumerate(self._items):
            self._fill_row(row, offer)
        self._refresh_checks()

    def focus_note(self, row: int, finding: FieldFinding | None = None) -> None:
        """Select offer `row` and put the cursor in its note, selecting `finding`'s text."""
        self.select_row(row)
        self.note.setFocus(Qt.FocusReason.OtherFocusReason)
        if finding is not None:
            position, length = utf16_span(self.note.toPlainText(), finding.finding.start, finding.finding.end)
            cursor = self.note.textCursor()
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            self.note.setTextCursor(cursor)

    def add_offer(self) -> None:
        """Append a proposed offer and select it."""
        new = SupportOffer(OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEAD_MEMBER)
        self.edited.emit((*self._items, new), "Add support offer", "")
        self.select_row(len(self._items) - 1)
        self.organisation.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_selected(self) -> None:
        """Remove the selected offer (undoable, so no confirmation)."""
        row = self.current_row()
        if row >= 0:
            self.edited.emit(self._items[:row] + self._items[row + 1 :], "Remove support offer", "")

    def advance(self) -> None:
        """Move the selected offer to its usual next step, dating the offer or decision if not yet dated."""
        row = self.current_row()
        if row < 0:
            return
        offer = self._items[row]
        following = NEXT_STATUS.get(offer.status)
        if following is None:
            return
        changes: dict[str, Any] = {"status": following}
        if following == OfferStatus.OFFERED and offer.offered_on is None:
            changes["offered_on"] = self._today
        if following == OfferStatus.ACCEPTED and offer.decided_on is None:
            changes["decided_on"] = self._today
        self._edit_current(f"Mark offer as {following.label.lower()}", "", **changes)

    # -- editing ---------------------------------------------------------------------------------------

    def _note_changed(self) -> None:
        text = self.note.toPlainText()
        self.note_counter.count(len(text))
        row = self.current_row()
        if row >= 0:
            self._edit_current("Edit offer note", f"note:{self._items[row].id}", note=text)

    def _edit_current(self, description: str, merge_key: str, **changes: Any) -> None:
        row = self.current_row()
        if self._loading or row < 0:
            return
        current = self._items[row]
        updated = replace(current, **changes)
        if updated == current:
            return
        items = (*self._items[:row], updated, *self._items[row + 1 :])
        key = f"offer:{merge_key}:{current.id}" if merge_key else ""
        self.edited.emit(items, description, key)

    def _selection_changed(self) -> None:
        if not self._loading:
            self._refresh_detail()

    # -- showing ---------------------------------------------------------------------------------------

    def _fill_row(self, row: int, offer: SupportOffer) -> None:
        follow = short_day(offer.follow_up_on) if offer.follow_up_on else ""
        cells = (
            offer.organisation.label,
            offer.kind.label,
            offer.offered_to.label,
            offer.status.label,
            follow,
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
            item.setToolTip(text)
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
        self.detail.setTitle(f"Offer {row + 1} of {len(self._items)}" if has else "No offer selected")
        self._loading = True
        try:
            if has:
                offer = self._items[row]
                for combo, value in (
                    (self.organisation, offer.organisation),
                    (self.kind, offer.kind),
                    (self.offered_to, offer.offered_to),
                    (self.status, offer.status),
                ):
                    if combo.value() != value:
                        combo.set_value(value)
                for field, when in (
                    (self.offered_on, offer.offered_on),
                    (self.decided_on, offer.decided_on),
                    (self.follow_up_on, offer.follow_up_on),
                ):
                    if field.value() != when:
                        field.set_value(when)
                if self.note.toPlainText() != offer.note:
                    self.note.setPlainText(offer.note)
                    self.note.moveCursor(QTextCursor.MoveOperation.End)
                self.note_counter.count(len(offer.note))
                self.pipeline.set_status(offer.status)
                following = NEXT_STATUS.get(offer.status)
                self.advance_button.setVisible(following is not None)
                if following is not None:
                    self.advance_button.setText(f"Mark as {following.label.lower()}")
                    self.advance_button.setAccessibleName(f"Mark the offer as {following.label.lower()}")
            else:
                self.note.setPlainText("")
                self.advance_button.hide()
        finally:
            self._loading = False
        self._refresh_checks()

    def _refresh_checks(self) -> None:
        row = self.current_row()
        found = self._note_findings.get(row, [])
        self.note_warning.set_messages(f"Note: {f.finding.label}" for f in found)
        highlight_plain_text(self.note, [(f.finding.start, f.finding.end) for f in found])
        self.row_problems.set_messages(self._row_notes.get(row, []))
