"""What the alert editor's milestones and support-offers pages share: a table of items beside a form for the
selected one, a note checked for identifying text, add and remove, and every change sent up as a new tuple.

`ListEditor` holds that logic once; `MilestonesEditor` and `OffersEditor` say which fields an item has, how
its row reads and how an edit is merged for undo.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import Field, dataclass
from typing import TYPE_CHECKING, ClassVar, Generic, Protocol, TypeVar

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

from sg_desktop.domain.errors import Problem
from sg_desktop.domain.identifying import AlertFinding
from sg_desktop.domain.validation import MAX_NOTE
from sg_desktop.ui.editor.fields import (
    CharCounter,
    MessageStrip,
    column_of,
    highlight_plain_text,
    utf16_span,
)
from sg_desktop.ui.editor.undo import changed_copy
from sg_desktop.ui.shared.widgets import plain_tooltip

__all__ = ["ButtonWords", "ListEditor", "ListWords"]


class _Item(Protocol):
    """A milestone or a support offer: a dataclass with an id and a free-text note."""

    # Marks it as a dataclass for type checkers: edits make changed copies with dataclasses.replace.
    __dataclass_fields__: ClassVar[dict[str, Field[object]]]

    @property
    def id(self) -> str:
        """The item's stable id."""
        ...

    @property
    def note(self) -> str:
        """The free-text note."""
        ...


_T = TypeVar("_T", bound=_Item)


@dataclass(frozen=True)
class ButtonWords:
    """A button's text (with its mnemonic), object name, accessible name and tooltip."""

    text: str
    name: str
    accessible_name: str
    tooltip: str


@dataclass(frozen=True)
class ListWords:
    """What one list page calls things, for people, screen readers and tests.

    The rest follows from `name`, which is also the alert field's name without its "s": object names
    ("milestone" gives "milestonesTable", "milestoneNote"), problem fields ("milestones[2]") and the
    words on screen; `long_name` names one item for people and screen readers ("Support offer").
    """

    name: str
    long_name: str
    columns: tuple[str, ...]
    empty_hint: str
    add: ButtonWords
    remove: ButtonWords
    note_placeholder: str
    note_height: int

    @property
    def plural(self) -> str:
        """The alert field's name, "milestones", which also begins the names of what shows the whole list."""
        return f"{self.name}s"

    @property
    def noun(self) -> str:
        """The name as a title: "Milestone", as in "Milestone 2 of 3"."""
        return self.name.capitalize()


class ListEditor(QWidget, Generic[_T]):
    """A table of items with a form for the selected one.

    `edited(items, description, merge_key)` carries the whole new tuple; the editor's undo stack decides
    what to do with it and hands it back through `show_items`. Subclasses make the form's own fields.
    """

    edited = Signal(object, str, str)

    def __init__(self, words: ListWords, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{words.plural}Page")
        self._words = words
        self._items: tuple[_T, ...] = ()
        self._loading = False
        self._row_notes: dict[int, list[str]] = {}
        self._note_findings: dict[int, list[AlertFinding]] = {}
        self._row_findings: dict[int, list[AlertFinding]] = {}  # in any of the item's fields

    # -- building (called by the subclass once its own state is set) -------------------------------------

    def _build(self) -> None:
        words, name = self._words, self._words.name
        self.problems = MessageStrip(
            MessageStrip.PROBLEM, f"{words.plural}Problems", f"{words.long_name} problems", self
        )
        self.table = QTableWidget(0, len(words.columns), self)
        self.table.setObjectName(f"{words.plural}Table")
        self.table.setAccessibleName(f"{words.long_name}s")
        self.table.setHorizontalHeaderLabels(list(words.columns))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list for its buttons; the arrows move in it
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        self._size_columns(header)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        remove = QAction("Remove", self.table)
        remove.setShortcut(QKeySequence.StandardKey.Delete)
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self.remove_selected)
        self.table.addAction(remove)

        self.empty_hint = QLabel(words.empty_hint, self)
        self.empty_hint.setObjectName(f"{words.plural}EmptyHint")
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet("color: palette(placeholder-text);")
        self.add_button = self._button(words.add, self.add_item)
        self.remove_button = self._button(words.remove, self.remove_selected)

        self._make_fields()
        self.note = QPlainTextEdit(self)
        self.note.setObjectName(f"{name}Note")
        self.note.setAccessibleName(f"{words.noun} note")
        self.note.setPlaceholderText(words.note_placeholder)
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(words.note_height)
        self.note_counter = CharCounter(MAX_NOTE, f"{name}NoteCounter", self)
        self.note_warning = MessageStrip(MessageStrip.WARNING, f"{name}NoteIdentifying",
                                         f"{words.noun} note: identifying data", self)
        self.row_problems = MessageStrip(
            MessageStrip.PROBLEM, f"{name}Problems", f"This {name}'s problems", self
        )
        self._make_fields_after_note()

        self.detail = QGroupBox(f"Selected {words.noun.lower()}", self)
        self.detail.setObjectName(f"{name}Detail")
        detail_column = QVBoxLayout(self.detail)
        form = QFormLayout()
        detail_column.addLayout(form)
        detail_column.addStretch(1)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(8)
        self._fill_form(form)
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

        self._connect_fields()
        self.note.textChanged.connect(self._note_changed)
        self._refresh_detail()

    def focus_chain(self) -> list[QWidget]:
        """The page's controls in the order Tab reaches them: the list, its buttons, then the form."""
        return [self.table, self.add_button, self.remove_button, *self._tab_order(), self.note]

    def _button(self, words: ButtonWords, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(words.text, self)
        button.setObjectName(words.name)
        button.setAccessibleName(words.accessible_name)
        button.setToolTip(words.tooltip)
        button.clicked.connect(slot)
        return button

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _note_block(self) -> QWidget:
        """The note with its character count and identifying-data warning under it, for the form."""
        return column_of(self, (self.note, self.note_counter, self.note_warning), 4)

    # -- what a subclass says ----------------------------------------------------------------------------

    # Every subclass defines these. They are declared for type checkers only: a QWidget cannot also be an
    # ABC (Shiboken has its own metaclass), and a subclass that forgot one fails at once when the page is built.
    if TYPE_CHECKING:

        def _size_columns(self, header: QHeaderView) -> None:
            """How the table's columns share its width."""
            ...

        def _make_fields(self) -> None:
            """Make the form's own fields (before the note)."""
            ...

        def _fill_form(self, form: QFormLayout) -> None:
            """Put the fields, and `_note_block()`, into the form."""
            ...

        def _tab_order(self) -> list[QWidget]:
            """The form's own fields in the order Tab visits them (after Remove, before the note)."""
            ...

        def _connect_fields(self) -> None:
            """Send each field's changes to `_edit_current`."""
            ...

        def _remove_text(self, item: _T) -> str:
            """The undo text for removing `item`."""
            ...

        def _cells(self, item: _T) -> tuple[str, ...]:
            """The texts of `item`'s row."""
            ...

        def _show_fields(self, item: _T) -> None:
            """Show `item` in the form's own fields (while edits are ignored)."""
            ...

        def _merge_key(self, merge_key: str, current: _T) -> str:
            """The undo stack's key for an edit of `current`: consecutive edits with one key merge."""
            ...

        def add_item(self) -> None:
            """Append the item most likely wanted next, select it and put the cursor in its form."""
            ...

    def _make_fields_after_note(self) -> None:
        """Make anything the form shows after the note."""

    def _cell_tooltip(self, item: _T, column: int, text: str) -> str:
        """The tooltip of one cell: its whole text (never read as markup) unless the subclass has more to say."""
        return plain_tooltip(text)

    def _clear_fields(self) -> None:
        """Nothing is selected: empty what would mislead."""

    def _focus_finding(self, row: int, finding: AlertFinding) -> None:
        """Put the cursor where `finding`, in a field of item `row` other than its note, can be changed."""
        self.note.setFocus(Qt.FocusReason.OtherFocusReason)

    def _rebased(self, current: _T, updated: _T) -> _T:
        """`updated` as it should be stored (a subclass may rebuild it from the saved copy)."""
        return updated

    # -- public ------------------------------------------------------------------------------------------

    def items(self) -> tuple[_T, ...]:
        """The items shown."""
        return self._items

    def current_row(self) -> int:
        """The selected row, or -1."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def select_row(self, row: int) -> None:
        """Select the `row`th item and show it in the form."""
        if 0 <= row < self.table.rowCount():
            self.table.selectRow(row)
            self.table.scrollTo(self.table.model().index(row, 0))

    def show_items(self, items: tuple[_T, ...]) -> None:
        """Show these items, keeping the selection on the same item where it still exists."""
        selected = self.current_row()
        selected_id = self._items[selected].id if 0 <= selected < len(self._items) else None
        self._items = items
        self._loading = True
        try:
            self.table.setRowCount(len(items))
            for row, item in enumerate(items):
                self._fill_row(row, item)
            ids = [item.id for item in items]
            row = ids.index(selected_id) if selected_id in ids else min(max(selected, 0), len(items) - 1)
            if row >= 0:
                self.table.selectRow(row)
            else:
                self.table.clearSelection()
        finally:
            self._loading = False
        self.empty_hint.setVisible(not items)
        self._refresh_detail()

    def show_checks(self, problems: Sequence[Problem], findings: Sequence[AlertFinding]) -> None:
        """Show this list's problems (on top, and on their rows) and mark identifying text in its notes."""
        general = [p.message for p in problems if p.path is None or p.path.index is None]
        self._row_notes = {}
        for p in problems:
            if p.path is not None and p.path.index is not None:
                self._row_notes.setdefault(p.path.index, []).append(p.message)
        self._note_findings, self._row_findings = {}, {}
        for f in findings:
            if f.path.index is not None:
                self._row_findings.setdefault(f.path.index, []).append(f)
                if f.path.field == "note":
                    self._note_findings.setdefault(f.path.index, []).append(f)
        self.problems.set_messages(
            general + [m for row in sorted(self._row_notes) for m in self._row_notes[row]]
        )
        for row, item in enumerate(self._items):
            self._fill_row(row, item)
        self._refresh_checks()

    def focus_note(self, row: int, finding: AlertFinding | None = None) -> None:
        """Select item `row` and put the cursor in its note, selecting `finding`'s text (or, for a finding in
        another of its fields, where that can be changed)."""
        self.select_row(row)
        if finding is not None and finding.path.field != "note":
            self._focus_finding(row, finding)
            return
        self.note.setFocus(Qt.FocusReason.OtherFocusReason)
        if finding is not None:
            position, length = utf16_span(self.note.toPlainText(), finding.finding.start, finding.finding.end)
            cursor = self.note.textCursor()
            cursor.setPosition(position)
            cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
            self.note.setTextCursor(cursor)


    def remove_selected(self) -> None:
        """Remove the selected item (undoable, so no confirmation)."""
        row = self.current_row()
        if row < 0:
            return
        items = self._items[:row] + self._items[row + 1 :]
        self.edited.emit(items, self._remove_text(self._items[row]), "")

    # -- editing -----------------------------------------------------------------------------------------

    def _append(self, new: _T, description: str, focus: QWidget) -> None:
        """Add `new` at the end, select it and put the cursor in `focus`."""
        self.edited.emit((*self._items, new), description, "")
        self.select_row(len(self._items) - 1)
        focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def _note_changed(self) -> None:
        text = self.note.toPlainText()
        self.note_counter.count(len(text))
        row = self.current_row()
        if row >= 0:
            self._edit_current(f"Edit {self._words.name} note", f"note:{self._items[row].id}", note=text)

    def _edit_current(self, description: str, merge_key: str, **changes: object) -> None:
        row = self.current_row()
        if self._loading or row < 0:
            return
        current = self._items[row]
        updated = changed_copy(current, changes)
        if updated == current:
            return
        updated = self._rebased(current, updated)
        items = (*self._items[:row], updated, *self._items[row + 1 :])
        self.edited.emit(items, description, self._merge_key(merge_key, current) if merge_key else "")

    def _selection_changed(self) -> None:
        if not self._loading:
            self._refresh_detail()

    # -- showing -----------------------------------------------------------------------------------------

    def _fill_row(self, row: int, item: _T) -> None:
        warnings = [*self._row_notes.get(row, ()), *(f.message for f in self._row_findings.get(row, ()))]
        cells = []
        for column, text in enumerate(self._cells(item)):
            cell = self.table.item(row, column)
            if cell is None:
                cell = QTableWidgetItem()
                self.table.setItem(row, column, cell)
            cells.append(cell)
            cell.setText(text)
            cell.setToolTip(self._cell_tooltip(item, column, text))
        first = cells[0]
        if warnings:
            first.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
            first.setToolTip(plain_tooltip("\n".join(warnings)))
        else:
            first.setIcon(QIcon())

    def _refresh_detail(self) -> None:
        row = self.current_row()
        has = 0 <= row < len(self._items)
        self.detail.setEnabled(has)
        self.remove_button.setEnabled(has)
        noun = self._words.noun
        self.detail.setTitle(
            f"{noun} {row + 1} of {len(self._items)}" if has else f"No {noun.lower()} selected"
        )
        self._loading = True
        try:
            if has:
                item = self._items[row]
                self._show_fields(item)
                if self.note.toPlainText() != item.note:
                    self.note.setPlainText(item.note)
                    self.note.moveCursor(QTextCursor.MoveOperation.End)
                self.note_counter.count(len(item.note))
            else:
                self.note.setPlainText("")
                self._clear_fields()
        finally:
            self._loading = False
        self._refresh_checks()

    def _refresh_checks(self) -> None:
        row = self.current_row()
        found = self._note_findings.get(row, [])
        self.note_warning.set_messages(f"Note: {f.finding.label}" for f in found)
        highlight_plain_text(self.note, [(f.finding.start, f.finding.end) for f in found])
        self.row_problems.set_messages(self._row_notes.get(row, []))
