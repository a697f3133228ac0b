"""The import dialog's conflicts page: each alert changed on both sides, the two versions side by side.

The fields that differ are marked ≠ and shaded, and the officer chooses for each alert: keep mine, take
theirs, or keep both. The page only shows and asks; the dialog holds the choices and imports.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.importing import Planned, Resolution
from sg_desktop.domain.model import Alert
from sg_desktop.ui.shared.formatting import CONFLICT, GOOD, MUTED, day_text, moment_text, time_text
from sg_desktop.ui.shared.widgets import buttons_row, exchange_column, label, primary_button, push_button

__all__ = ["RESOLUTION_BUTTONS", "ConflictsPage", "choice_summary", "comparison_rows"]

RESOLUTION_BUTTONS = {
    Resolution.KEEP_MINE: "keepMineChoice",
    Resolution.TAKE_THEIRS: "takeTheirsChoice",
    Resolution.KEEP_BOTH: "keepBothChoice",
}
_RESOLUTION_WORDS = {
    Resolution.KEEP_MINE: "keep mine",
    Resolution.TAKE_THEIRS: "take theirs",
    Resolution.KEEP_BOTH: "keep both",
}
_DIFFERS = QColor("#fff4d6")


def comparison_rows(
    mine: Alert, theirs: Alert, council_name: Callable[[str], str]
) -> list[tuple[str, str, str]]:
    """(field, this office's value, the sender's value) for every field an officer compares."""

    def council(a: Alert) -> str:
        return f"{council_name(a.council)} ({a.council})" if a.council else "—"

    def restrictions(a: Alert) -> str:
        flags = [word for word, on in (("Embargoed", a.embargoed),
                                       ("Reporting restriction", a.reporting_restriction)) if on]
        return ", ".join(flags) or "None"

    def milestones(a: Alert) -> str:
        lines = []
        for m in sorted(a.milestones, key=lambda m: (m.date, m.time is not None, m.time)):
            when = day_text(m.date) + (f" {time_text(m.time)}" if m.time else "")
            note = f" — {m.note.strip()}" if m.note.strip() else ""
            lines.append(f"{when} · {m.kind.label} · {m.confidence.label.lower()}{note}")
        return "\n".join(lines) or "None"

    def offers(a: Alert) -> str:
        lines = [f"{o.kind.label} from {o.organisation.label} to the {o.offered_to.label.lower()} · "
                 f"{o.status.label}" for o in a.offers]
        return "\n".join(lines) or "None"

    rows = [
        ("Reference", mine.reference, theirs.reference),
        ("Title", mine.title, theirs.title),
        ("Council", council(mine), council(theirs)),
        ("Kind", mine.kind.label, theirs.kind.label),
        ("Status", mine.status.label, theirs.status.label),
        ("Media interest", mine.media_interest.label, theirs.media_interest.label),
        ("Handling", mine.handling.label, theirs.handling.label),
        ("Shared with", ", ".join(sorted(o.label for o in mine.sharing)) or "No one",
         ", ".join(sorted(o.label for o in theirs.sharing)) or "No one"),
        ("Owner", mine.owner or "—", theirs.owner or "—"),
        ("Restrictions", restrictions(mine), restrictions(theirs)),
        ("Summary", mine.summary.strip() or "—", theirs.summary.strip() or "—"),
        ("Milestones", milestones(mine), milestones(theirs)),
        ("Support offers", offers(mine), offers(theirs)),
    ]
    if mine.deleted or theirs.deleted:
        rows.append(("Deleted", "Deleted" if mine.deleted else "No", "Deleted" if theirs.deleted else "No"))
    rows.append(("Last changed", f"{moment_text(mine.updated_at)} · revision {mine.revision}",
                 f"{moment_text(theirs.updated_at)} · revision {theirs.revision}"))
    return rows


def choice_summary(choices: Mapping[str, Resolution]) -> str:
    """How many of each choice were made, in words ("2 keep mine, 1 keep both")."""
    counts = {r: sum(1 for c in choices.values() if c is r) for r in Resolution}
    return ", ".join(f"{n} {_RESOLUTION_WORDS[r]}" for r, n in counts.items() if n)


class ConflictsPage(QWidget):
    """The alerts in conflict on the left; the selected one's two versions and the choice on the right.

    Emits `chosen(alert_id, Resolution)` when the officer picks a version; `back` and `apply` are called
    by its Back and Import buttons.
    """

    chosen = Signal(str, object)

    def __init__(self, parent: QWidget, council_name: Callable[[str], str], *,
                 back: Callable[[], object], apply: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setObjectName("importConflictsPage")
        self._council_name = council_name
        self._conflicts: list[Planned] = []
        self._choices: dict[str, Resolution] = {}
        self._sender = "the sender"
        self._filled = False  # a file's conflicts (perhaps none) are listed
        layout, _, _ = exchange_column(
            self, "Changed here and by the sender",
            "Both offices changed these alerts since they last agreed. Compare the two versions — the "
            "fields that differ are marked ≠ and shaded — and choose for each which to keep.",
            gap=4,
        )
        self.conflict_list = QListWidget(self)
        self.conflict_list.setObjectName("conflictList")
        self.conflict_list.setAccessibleName("Alerts in conflict")
        self.conflict_list.currentRowChanged.connect(self._conflict_selected)
        self.comparison = QTableWidget(self)
        self.comparison.setObjectName("comparisonTable")
        self.comparison.setAccessibleName("This office's version and the sender's, side by side")
        self.comparison.setColumnCount(3)
        self.comparison.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.comparison.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.comparison.setWordWrap(True)
        self.comparison.verticalHeader().hide()
        self.comparison.verticalHeader().setMinimumSectionSize(self.comparison.fontMetrics().height())
        self.comparison.setShowGrid(False)
        self.comparison.setTabKeyNavigation(False)  # Tab goes on to the choice; the arrow keys move in the table
        header = self.comparison.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(0, 130)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self._fit_rows())

        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.comparison, 1)
        right_layout.addWidget(self._keep_panel(right))

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("conflictSplitter")
        split.addWidget(self.conflict_list)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        split.setSizes([220, 730])
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        self.chosen_note = label("", self, "hint", "chosenNote")
        layout.addWidget(self.chosen_note)
        back_button = push_button("Back to summary", "conflictsBack", self, back)
        self.conflicts_import_button = primary_button("&Import", "conflictsImportButton", self, apply)
        layout.addLayout(buttons_row(back_button, self.conflicts_import_button))

    def _keep_panel(self, right: QWidget) -> QFrame:
        keep = QFrame(right)
        keep.setObjectName("keepPanel")
        keep.setProperty("role", "panel")
        keep_layout = QVBoxLayout(keep)
        keep_layout.setContentsMargins(14, 8, 14, 8)
        keep_layout.setSpacing(4)
        self.keep_question = label("", keep, "subheading", "keepQuestion")
        keep_layout.addWidget(self.keep_question)
        choices = QHBoxLayout()
        choices.setSpacing(18)
        self.resolution_group = QButtonGroup(self)
        self.resolution_buttons: dict[Resolution, QRadioButton] = {}
        for resolution, text in ((Resolution.KEEP_MINE, "&Mine (this office's version)"),
                                 (Resolution.TAKE_THEIRS, "&Theirs (the sender's version)"),
                                 (Resolution.KEEP_BOTH, "&Both — theirs becomes a separate alert")):
            button = QRadioButton(text, keep)
            button.setObjectName(RESOLUTION_BUTTONS[resolution])
            self.resolution_group.addButton(button)
            self.resolution_buttons[resolution] = button
            button.clicked.connect(lambda _checked=False, r=resolution: self._resolution_clicked(r))
            choices.addWidget(button)
        choices.addStretch(1)
        keep_layout.addLayout(choices)
        return keep

    def fill(self, conflicts: Sequence[Planned], choices: Mapping[str, Resolution], sender: str) -> None:
        """List these conflicts (from `sender`), each marked with its choice so far."""
        self._conflicts, self._sender, self._filled = list(conflicts), sender, True
        self.conflict_list.blockSignals(True)
        self.conflict_list.clear()
        for planned in self._conflicts:
            item = QListWidgetItem(self.conflict_list)
            item.setData(Qt.ItemDataRole.UserRole, planned.incoming.alert.id)
        self.conflict_list.blockSignals(False)
        self.refresh(choices)

    def refresh(self, choices: Mapping[str, Resolution]) -> None:
        """Mark each conflict with its choice, and say how many are still to make."""
        self._choices = dict(choices)
        if not self._filled:
            return
        for row, planned in enumerate(self._conflicts):
            item = self.conflict_list.item(row)
            choice = self._choices.get(planned.incoming.alert.id)
            reference = (planned.local or planned.incoming).alert.reference
            state = f"✓ {_RESOLUTION_WORDS[choice]}" if choice else "○ not chosen yet"
            item.setText(f"{reference}\n{state}")
            item.setForeground(QBrush(QColor(GOOD if choice else CONFLICT)))
        chosen = sum(1 for p in self._conflicts if p.incoming.alert.id in self._choices)
        total = len(self._conflicts)
        waiting = "" if chosen == total else " Import is possible once every one is chosen."
        self.chosen_note.setText(f"{chosen} of {total} chosen.{waiting}")

    def start(self) -> None:
        """Select the first conflict still without a choice (or the first) and put the focus on the list."""
        first_open = next((i for i, p in enumerate(self._conflicts)
                           if p.incoming.alert.id not in self._choices), 0)
        self.conflict_list.setCurrentRow(first_open)
        self._conflict_selected(first_open)
        self.conflict_list.setFocus()

    def clear(self) -> None:
        """Forget the conflicts and the versions shown."""
        self._conflicts, self._choices, self._filled = [], {}, False
        self.conflict_list.clear()
        self.comparison.clearContents()
        self.comparison.setRowCount(0)

    def _conflict_selected(self, row: int) -> None:
        if not 0 <= row < len(self._conflicts):
            return
        planned = self._conflicts[row]
        assert planned.local is not None
        rows = comparison_rows(planned.local.alert, planned.incoming.alert, self._council_name)
        self.comparison.setHorizontalHeaderLabels(["", "This office (mine)", f"{self._sender} (theirs)"])
        self.comparison.setRowCount(len(rows))
        bold = QFont(self.comparison.font())
        bold.setBold(True)
        for i, (field, mine, theirs) in enumerate(rows):
            differs = mine != theirs
            cells = [QTableWidgetItem(f"≠ {field}" if differs else field), QTableWidgetItem(mine),
                     QTableWidgetItem(theirs)]
            for column, cell in enumerate(cells):
                cell.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                if differs:
                    cell.setBackground(QBrush(_DIFFERS))
                    cell.setToolTip("Differs between the two versions")
                    if column == 0:
                        cell.setFont(bold)
                elif column == 0:
                    cell.setForeground(QBrush(QColor(MUTED)))
                self.comparison.setItem(i, column, cell)
        self._fit_rows()
        self.keep_question.setText(f"Which version of {planned.local.alert.reference} do you keep?")
        choice = self._choices.get(planned.incoming.alert.id)
        self.resolution_group.setExclusive(False)
        for resolution, button in self.resolution_buttons.items():
            button.setChecked(resolution is choice)
        self.resolution_group.setExclusive(True)

    def _fit_rows(self) -> None:
        # Each row as tall as its wrapped text and a little room (resizeRowsToContents would give every row at
        # least the hidden header's height, which makes one-line rows look double-spaced).
        for row in range(self.comparison.rowCount()):
            self.comparison.setRowHeight(row, self.comparison.sizeHintForRow(row) + 10)

    def _resolution_clicked(self, resolution: Resolution) -> None:
        row = self.conflict_list.currentRow()
        if not 0 <= row < len(self._conflicts):
            return
        self.chosen.emit(self._conflicts[row].incoming.alert.id, resolution)
