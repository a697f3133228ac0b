"""The import dialog's summary page: who sent the file, that it is genuine, and what importing would do.

It shows the file's facts, a count for each kind of change, every alert with its result, and a line
saying what comes next (settle the conflicts, or import). The dialog decides; this page only shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QTreeWidgetItem, QVBoxLayout, QWidget

from sg_desktop.app.importing import ImportPreview, IncomingFile, MergeKind, Planned, Resolution
from sg_desktop.ui.exchange.import_conflicts import choice_summary
from sg_desktop.ui.shared.formatting import CONFLICT, GOOD, INK, MUTED, moment_text, plural
from sg_desktop.ui.shared.widgets import buttons_row, label, plain_tooltip, plain_tree, primary_button, push_button

__all__ = ["SummaryPage"]

_COUNT_NAMES = {
    MergeKind.NEW: ("countNew", "New"),
    MergeKind.UPDATED: ("countUpdated", "Updated"),
    MergeKind.UNCHANGED: ("countUnchanged", "Unchanged"),
    MergeKind.CONFLICT: ("countConflicts", "Conflicts"),
    MergeKind.OLDER: ("countOlder", "Older, ignored"),
}


class SummaryPage(QWidget):
    """The opened file's sender, facts and counts, each alert's result, and Cancel / Resolve / Import.

    `cancel`, `resolve` and `apply` are called by its three buttons.
    """

    def __init__(self, parent: QWidget, *, cancel: Callable[[], object], resolve: Callable[[], object],
                 apply: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setObjectName("importSummaryPage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.summary_heading = label("", self, "heading", "importHeading")
        self.checked_line = label("", self, "", "importChecked", rich=True)  # the name in it is escaped
        layout.addWidget(self.summary_heading)
        layout.addWidget(self.checked_line)
        facts = QFrame(self)
        facts.setProperty("role", "panel")
        form = QFormLayout(facts)
        form.setContentsMargins(16, 10, 16, 10)
        form.setHorizontalSpacing(18)
        self.fact_from = _fact(facts, "factFrom")
        self.fact_made = _fact(facts, "factMade")
        self.fact_to = _fact(facts, "factTo")
        self.fact_holds = _fact(facts, "factHolds")
        for name, widget in (("From", self.fact_from), ("Made", self.fact_made), ("Sent to", self.fact_to),
                             ("Holds", self.fact_holds)):
            form.addRow(label(name, facts, "hint"), widget)
        layout.addWidget(facts)

        counts = QHBoxLayout()
        counts.setSpacing(10)
        self.count_labels: dict[MergeKind, QLabel] = {}
        for kind, (name, caption) in _COUNT_NAMES.items():
            chip, number = _chip(self, name, caption)
            self.count_labels[kind] = number
            counts.addWidget(chip)
        counts.addStretch(1)
        self.counts_row = QWidget(self)
        self.counts_row.setLayout(counts)
        counts.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.counts_row)

        self.refused = label("", self, "warning", "importRefused")
        self.refused.hide()
        layout.addWidget(self.refused)
        self.items = plain_tree(self, "importItems", "What importing does to each alert",
                                ["Result", "Reference", "Alert"])
        layout.addWidget(self.items, 1)
        self.identifying_note = label("", self, "warning", "identifyingNote")
        self.identifying_note.hide()
        layout.addWidget(self.identifying_note)
        self.conflict_note = label("", self, "", "conflictNote", rich=True)  # the name in it is escaped
        layout.addWidget(self.conflict_note)

        cancel_button = push_button("Cancel", "cancelImportSummary", self, cancel)
        self.resolve_button = push_button("&Resolve conflicts…", "resolveConflictsButton", self, resolve)
        self.import_button = primary_button("&Import", "importButton", self, apply)
        layout.addLayout(buttons_row(cancel_button, self.resolve_button, self.import_button))

    def show_file(self, incoming: IncomingFile, preview: ImportPreview | None) -> None:
        """Show the opened file, and what importing it would do (or, with no preview, that it is refused)."""
        sender = "this office (a file it sent)" if incoming.from_this_office else incoming.sender_name
        self.summary_heading.setText(f"Alerts from {incoming.sender_name}")
        if incoming.from_this_office:
            signed = "the signature is this office's own"
        else:
            signed = f"the signature matches the key you verified for {escape(incoming.sender_name)}"
        how = "it opened with its passphrase" if incoming.by_passphrase else "it is addressed to this office"
        self.checked_line.setText(f"<span style='color:{GOOD}; font-weight:600'>✓ Genuine and intact</span>"
                                  f" — {signed}, no byte was changed, and {how}.")
        self.fact_from.setText(f"{sender} ({incoming.sender_org.label}) · fingerprint "
                               f"{incoming.sender_fingerprint_digits}")
        self.fact_made.setText(f"{moment_text(incoming.created_at)} · expires "
                               f"{moment_text(incoming.expires_at)}")
        self.fact_to.setText(_recipients_text(incoming))
        holds = plural(len(incoming.records), "alert")
        if incoming.tombstones:
            holds += f" ({plural(incoming.tombstones, 'deletion')})"
        if incoming.lessons:
            lessons = preview.lessons.counts() if preview is not None else None
            news = f": {lessons[MergeKind.NEW]} new, {lessons[MergeKind.UPDATED]} updated" if lessons else ""
            holds += f", {plural(len(incoming.lessons), 'lesson')} learned{news}"
        self.fact_holds.setText(f"{holds} · file number {incoming.sequence} from this sender")

        self.refused.setText(f"⚠ {incoming.refused} Nothing will be imported." if incoming.refused else "")
        self.refused.setVisible(preview is None)
        self.counts_row.setVisible(preview is not None)
        self.items.setVisible(preview is not None)
        self.items.clear()
        if preview is not None:
            counts = preview.counts()
            for kind, number in self.count_labels.items():
                number.setText(f"{counts[kind]:,}")
                number.setStyleSheet(f"color: {_count_colour(kind, counts[kind])}")
            for planned in preview.items:
                self.items.addTopLevelItem(_item_row(planned, preview.identifying))
        flagged = {} if preview is None else preview.identifying
        self.identifying_note.setVisible(bool(flagged))
        warning = (
            f"⚠ {plural(len(flagged), 'alert')} in this file may identify a child ({', '.join(sorted(flagged))}): "
            "hover over a marked alert to see where. They are kept as sent; raise it with the sender."
        )
        self.identifying_note.setText(warning if flagged else "")

    def update_buttons(self, preview: ImportPreview | None, choices: Mapping[str, Resolution],
                       ready: bool) -> None:
        """Draw the next step as the main button, and say what importing waits for (`ready`: nothing)."""
        conflicts = len(preview.conflicts) if preview is not None else 0
        self.import_button.setEnabled(ready)
        self.resolve_button.setVisible(conflicts > 0)
        # The next step is the one drawn as the main button: settle the conflicts, then import.
        self.resolve_button.setProperty("role", "primary" if conflicts and not ready else "")
        self.resolve_button.setDefault(bool(conflicts) and not ready)
        self.import_button.setDefault(ready)
        self.resolve_button.style().unpolish(self.resolve_button)
        self.resolve_button.style().polish(self.resolve_button)
        if preview is None:
            self.conflict_note.setText("")
        elif conflicts and not ready:
            waiting = sum(1 for p in preview.conflicts if p.incoming.alert.id not in choices)
            self.conflict_note.setText(
                f"<span style='color:{CONFLICT}'>⚠ {plural(conflicts, 'alert')} changed both here and by "
                f"{escape(preview.file.sender_name)} since you last agreed. Choose which version to keep for "
                f"{'it' if conflicts == 1 else 'each'} ({waiting} still to choose) before importing.</span>"
            )
        elif conflicts:
            self.conflict_note.setText(f"✓ Every conflict has a choice ({choice_summary(choices)}).")
        elif not preview.changes_anything:
            self.conflict_note.setText("Nothing in this file changes this vault; importing records that it "
                                       "was read, so it is not offered again.")
        else:
            self.conflict_note.setText("Nothing is imported until you press Import; then everything is, at "
                                       "once.")

    def clear(self) -> None:
        """Forget the file shown."""
        self.items.clear()
        for widget in (self.summary_heading, self.checked_line, self.fact_from, self.fact_made, self.fact_to,
                       self.fact_holds, self.refused, self.identifying_note, self.conflict_note):
            widget.clear()
        self.identifying_note.hide()


def _recipients_text(incoming: IncomingFile) -> str:
    if incoming.by_passphrase:
        return "whoever holds its passphrase"
    names = []
    for r in incoming.recipients:
        if r.is_this_office:
            names.append("this office")
        elif r.name:
            names.append(r.name)
        else:
            names.append(f"an office unknown here ({r.fingerprint_digits})")
    return "; ".join(names)


def _item_row(planned: Planned, identifying: Mapping[str, tuple[str, ...]]) -> QTreeWidgetItem:
    alert = planned.incoming.alert
    reference = (planned.local or planned.incoming).alert.reference
    title = "(deletion)" if alert.deleted else alert.title
    item = QTreeWidgetItem([planned.kind.label, reference, title])
    flagged = identifying.get(alert.reference, ())
    item.setToolTip(2, plain_tooltip("\n".join([title, *(f"May identify a child — {m}" for m in flagged)])))
    if flagged:
        item.setText(1, "⚠ " + reference)
    if planned.kind is MergeKind.CONFLICT:
        item.setText(0, "⚠ " + planned.kind.label)
        item.setForeground(0, QBrush(QColor(CONFLICT)))
    elif planned.kind in (MergeKind.UNCHANGED, MergeKind.OLDER):
        for column in range(3):
            item.setForeground(column, QBrush(QColor(MUTED)))
    return item


def _count_colour(kind: MergeKind, n: int) -> str:
    if not n:
        return MUTED
    return CONFLICT if kind is MergeKind.CONFLICT else INK


def _fact(parent: QWidget, name: str) -> QLabel:
    fact = label("", parent, "", name)
    fact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return fact


def _chip(parent: QWidget, name: str, caption: str) -> tuple[QFrame, QLabel]:
    chip = QFrame(parent)
    chip.setProperty("role", "panel")
    chip.setMinimumWidth(104)
    number = QLabel("0", chip)
    number.setObjectName(name)
    number.setAccessibleName(caption)
    font = number.font()
    font.setPointSizeF(font.pointSizeF() * 1.6)
    font.setWeight(QFont.Weight.DemiBold)
    number.setFont(font)
    inner = QVBoxLayout(chip)
    inner.setContentsMargins(12, 6, 12, 6)
    inner.setSpacing(0)
    inner.addWidget(number)
    inner.addWidget(label(caption, chip, "hint"))
    return chip, number
