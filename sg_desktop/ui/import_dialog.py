"""Import: open a protocol file, see who sent it and what importing would do, settle conflicts, apply.

Opening (decrypting and verifying every check of the protocol) and applying run off the GUI thread.
Nothing changes until Import is pressed, and then everything changes in one transaction. A conflict
(both offices changed an alert since they last agreed) is shown as both versions side by side, with
the fields that differ marked, and the officer chooses for each: keep mine, take theirs, or keep both.
Import stays disabled until every conflict has a choice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import QDir, Qt, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.importing import ImportPreview, ImportResult, IncomingFile
from sg_desktop.app.session import Session
from sg_desktop.domain.errors import SgError
from sg_desktop.domain.model import Alert
from sg_desktop.exchange import MergeKind, Planned, Resolution
from sg_desktop.ui.formatting import day_text, moment_text, time_text
from sg_desktop.ui.key_dialog_parts import BusyWork, busy_bar, label, password_field, primary_button
from sg_desktop.ui.workers import wait_for_background_work

__all__ = ["RESOLUTION_BUTTONS", "ImportDialog", "comparison_rows"]

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
_COUNT_NAMES = {
    MergeKind.NEW: ("countNew", "New"),
    MergeKind.UPDATED: ("countUpdated", "Updated"),
    MergeKind.UNCHANGED: ("countUnchanged", "Unchanged"),
    MergeKind.CONFLICT: ("countConflicts", "Conflicts"),
    MergeKind.OLDER: ("countOlder", "Older, ignored"),
}
_DIFFERS = QColor("#fff4d6")
_CONFLICT, _GOOD, _MUTED, _INK = "#b42318", "#2f7d4f", "#5b6675", "#1d2633"
# Roomier rows and the log's light selection colour, for the lists and tables of this dialog.
_VIEWS = """
QTreeView::item, QListView::item { padding: 3px 2px; }
QTreeView, QListView, QTableView { selection-background-color: #cfe0f3; selection-color: #1d2633; }
"""


def _message(exc: BaseException, doing: str) -> str:
    """One calm line for the officer: the error's own message, or what failed without any detail."""
    if isinstance(exc, SgError):
        return str(exc)
    return f"{doing} failed unexpectedly ({type(exc).__name__}); nothing was imported."


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class _Opened:
    """A file opened and previewed off the GUI thread (preview is None when importing it is refused)."""

    incoming: IncomingFile
    preview: ImportPreview | None


@dataclass(frozen=True)
class _Locked:
    """A passphrase file, read but not yet opened."""

    data: bytes


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


class ImportDialog(QDialog):
    """Choose a `.sgp` file, (type its passphrase,) read what it holds, settle conflicts, import.

    Emits `opened()` once a file is shown (or refused with its message), `failed(message)` when a step
    fails with a one-line message, and `imported(ImportResult)` after the import. `force_close()` closes
    at once (for locking the vault), after any running step finishes.
    """

    opened = Signal()
    failed = Signal(str)
    imported = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle("Import a protocol file — SG Desktop")
        self.setStyleSheet(_VIEWS)
        self._session = session
        self._path: Path | None = None
        self._data: bytes | None = None
        self._incoming: IncomingFile | None = None
        self._preview: ImportPreview | None = None
        self._choices: dict[str, Resolution] = {}
        self._closing = False

        self.pages = QStackedWidget(self)
        self.choose_page = self._choose_page()
        self.passphrase_page = self._passphrase_page()
        self.summary_page = self._summary_page()
        self.conflicts_page = self._conflicts_page()
        self.done_page = self._done_page()
        for page in (self.choose_page, self.passphrase_page, self.summary_page, self.conflicts_page,
                     self.done_page):
            self.pages.addWidget(page)
        self.error = label("", self, "error", "importError")
        self.error.setAccessibleName("Problem")
        self.error.hide()
        self.bar = busy_bar("importBusy", "Checking the file", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.bar)
        self.resize(1000, 700)
        self.setMinimumSize(860, 580)
        self.setSizeGripEnabled(True)
        self._work = BusyWork(self, self.bar, (self.pages,))
        self.pages.currentChanged.connect(lambda _i: self.error.hide())

    # -- the contract ----------------------------------------------------------------------------------

    @property
    def preview(self) -> ImportPreview | None:
        """What importing the open file would do (None before a file is open, or when it is refused)."""
        return self._preview

    def open_path(self, path: str | Path) -> None:
        """Read and check the file at `path` (off the GUI thread); asks for a passphrase if it needs one."""
        if self._work.busy:
            return
        self._reset()
        self._path = Path(path)
        session, target = self._session, self._path

        def work() -> _Opened | _Locked:
            data = session.imports.read(target)
            if session.imports.needs_passphrase(data):
                return _Locked(data)
            return _opened(session, data, None)

        self.error.hide()
        self._work.start(work, self._read, lambda exc: self._fail(exc, "Opening the file"))

    def choose(self, alert_id: str, resolution: Resolution) -> None:
        """Settle the conflict over the alert `alert_id` (what the radio buttons do)."""
        if self._preview is None or alert_id not in {p.incoming.alert.id for p in self._preview.conflicts}:
            return
        self._choices[alert_id] = resolution
        self._refresh_conflict_list()
        self._update_import_buttons()

    def apply(self) -> None:
        """Import the open file with the choices made (off the GUI thread), once every conflict has one."""
        preview = self._preview
        if preview is None or self._work.busy or not self._all_chosen():
            return
        choices = dict(self._choices)
        imports = self._session.imports
        self.error.hide()
        self._work.start(lambda: imports.apply(preview, choices), self._applied,
                         lambda exc: self._fail(exc, "Importing"))

    def force_close(self) -> None:
        """Close at once and forget the file and what it showed; a running step is allowed to finish first."""
        self._closing = True
        if self._work.busy:
            # Applying is one transaction on the vault's connection: it must end before the vault closes.
            wait_for_background_work(30_000)
        for child in self.findChildren(QFileDialog):
            child.blockSignals(True)
            child.done(0)
        self.done(QDialog.DialogCode.Rejected)
        self._reset()
        self.done_message.clear()
        self.outcomes.clear()

    # -- page 1: choose the file -----------------------------------------------------------------------

    def _choose_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("importChoosePage")
        layout = _column(
            page, "Import a protocol file",
            "Choose the .sgp file another office sent you. It is checked before anything changes: who signed "
            "it, that it was meant for this office, and that not one byte was altered. You then see what it "
            "holds, and nothing is imported until you say so.",
        )
        choose = primary_button("&Choose file…", "chooseImportFile", page, self._choose_file)
        choose.setDefault(True)
        row = QHBoxLayout()
        row.addWidget(choose)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        layout.addLayout(_buttons(_button("Cancel", "cancelImportButton", page, self.reject)))
        return page

    def _choose_file(self) -> None:
        dialog = QFileDialog(self, "Open a protocol file", QDir.homePath(),
                             "Protocol files (*.sgp);;All files (*)")
        dialog.setObjectName("importFileDialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.open_path)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _read(self, result: _Opened | _Locked) -> None:
        if self._closing:
            return
        if isinstance(result, _Locked):
            self._data = result.data
            self.passphrase.clear()
            self.pages.setCurrentWidget(self.passphrase_page)
            self.passphrase.setFocus()
            self.opened.emit()
            return
        self._show_file(result)

    # -- page 2: the passphrase ------------------------------------------------------------------------

    def _passphrase_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("importPassphrasePage")
        layout = _column(
            page, "This file is protected by a passphrase",
            "The office that sent it tells you the passphrase, by phone — never in the email that carries "
            "the file.",
        )
        self.passphrase = password_field("filePassphraseField", "File passphrase", page)
        self.passphrase.returnPressed.connect(self._open_with_passphrase)
        form = QFormLayout()
        form.addRow("File &passphrase", self.passphrase)
        layout.addLayout(form)
        layout.addStretch(1)
        back = _button("Back", "passphraseBack", page, self._back_to_start)
        self.open_button = primary_button("&Open file", "openWithPassphrase", page,
                                          self._open_with_passphrase)
        layout.addLayout(_buttons(back, self.open_button))
        return page

    def _open_with_passphrase(self) -> None:
        data, passphrase = self._data, self.passphrase.text()
        if data is None or not passphrase or self._work.busy:
            return
        session = self._session
        self.error.hide()
        self._work.start(lambda: _opened(session, data, passphrase), self._read,
                         lambda exc: self._fail(exc, "Opening the file", retry=self.passphrase))

    # -- page 3: who sent it and what importing would do -----------------------------------------------

    def _summary_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("importSummaryPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.summary_heading = label("", page, "heading", "importHeading")
        self.checked_line = label("", page, "", "importChecked")
        layout.addWidget(self.summary_heading)
        layout.addWidget(self.checked_line)
        facts = QFrame(page)
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
            form.addRow(_muted(name, facts), widget)
        layout.addWidget(facts)

        counts = QHBoxLayout()
        counts.setSpacing(10)
        self.count_labels: dict[MergeKind, QLabel] = {}
        for kind, (name, caption) in _COUNT_NAMES.items():
            chip, number = _chip(page, name, caption)
            self.count_labels[kind] = number
            counts.addWidget(chip)
        counts.addStretch(1)
        self.counts_row = QWidget(page)
        self.counts_row.setLayout(counts)
        counts.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.counts_row)

        self.refused = label("", page, "warning", "importRefused")
        self.refused.hide()
        layout.addWidget(self.refused)
        self.items = _tree(page, "importItems", "What importing does to each alert",
                           ["Result", "Reference", "Alert"])
        layout.addWidget(self.items, 1)
        self.conflict_note = label("", page, "", "conflictNote")
        layout.addWidget(self.conflict_note)

        cancel = _button("Cancel", "cancelImportSummary", page, self.reject)
        self.resolve_button = _button("&Resolve conflicts…", "resolveConflictsButton", page,
                                      self._to_conflicts)
        self.import_button = primary_button("&Import", "importButton", page, self.apply)
        layout.addLayout(_buttons(cancel, self.resolve_button, self.import_button))
        return page

    def _show_file(self, opened: _Opened) -> None:
        incoming, preview = opened.incoming, opened.preview
        self._incoming, self._preview = incoming, preview
        self._data = None
        self.passphrase.clear()  # opened: neither the passphrase nor the encrypted bytes are needed again
        self._choices = {}
        sender = "this office (a file it sent)" if incoming.from_this_office else incoming.sender_name
        self.summary_heading.setText(f"Alerts from {incoming.sender_name}")
        if incoming.from_this_office:
            signed = "the signature is this office's own"
        else:
            signed = f"the signature matches the key you verified for {escape(incoming.sender_name)}"
        how = "it opened with its passphrase" if incoming.by_passphrase else "it is addressed to this office"
        self.checked_line.setText(f"<span style='color:{_GOOD}; font-weight:600'>✓ Genuine and intact</span>"
                                  f" — {signed}, no byte was changed, and {how}.")
        self.fact_from.setText(f"{sender} ({incoming.sender_org.label}) · fingerprint "
                               f"{incoming.sender_fingerprint_digits}")
        self.fact_made.setText(f"{moment_text(incoming.created_at)} · expires "
                               f"{moment_text(incoming.expires_at)}")
        self.fact_to.setText(_recipients_text(incoming))
        holds = _plural(len(incoming.records), "alert")
        if incoming.tombstones:
            holds += f" ({_plural(incoming.tombstones, 'deletion')})"
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
                self.items.addTopLevelItem(_item_row(planned))
            self._fill_conflict_list()
        self._update_import_buttons()
        self.pages.setCurrentWidget(self.summary_page)
        self.opened.emit()

    # -- page 4: conflicts, side by side ---------------------------------------------------------------

    def _conflicts_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("importConflictsPage")
        layout = _column(
            page, "Changed here and by the sender",
            "Both offices changed these alerts since they last agreed. Compare the two versions — the "
            "fields that differ are marked ≠ and shaded — and choose for each which to keep.",
        )
        self.conflict_list = QListWidget(page)
        self.conflict_list.setObjectName("conflictList")
        self.conflict_list.setAccessibleName("Alerts in conflict")
        self.conflict_list.currentRowChanged.connect(self._conflict_selected)
        self.comparison = QTableWidget(page)
        self.comparison.setObjectName("comparisonTable")
        self.comparison.setAccessibleName("This office's version and the sender's, side by side")
        self.comparison.setColumnCount(3)
        self.comparison.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.comparison.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.comparison.setWordWrap(True)
        self.comparison.verticalHeader().hide()
        self.comparison.verticalHeader().setMinimumSectionSize(self.comparison.fontMetrics().height())
        self.comparison.setShowGrid(False)
        header = self.comparison.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(0, 130)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self._fit_rows())

        right = QWidget(page)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.comparison, 1)
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
        right_layout.addWidget(keep)

        split = QSplitter(Qt.Orientation.Horizontal, page)
        split.setObjectName("conflictSplitter")
        split.addWidget(self.conflict_list)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 4)
        split.setSizes([220, 730])
        split.setChildrenCollapsible(False)
        layout.addWidget(split, 1)
        self.chosen_note = label("", page, "hint", "chosenNote")
        layout.addWidget(self.chosen_note)
        back = _button("Back to summary", "conflictsBack", page,
                       lambda: self.pages.setCurrentWidget(self.summary_page))
        self.conflicts_import_button = primary_button("&Import", "conflictsImportButton", page, self.apply)
        layout.addLayout(_buttons(back, self.conflicts_import_button))
        return page

    def _to_conflicts(self) -> None:
        if self._preview is None or not self._preview.conflicts:
            return
        self.pages.setCurrentWidget(self.conflicts_page)
        first_open = next((i for i, p in enumerate(self._preview.conflicts)
                           if p.incoming.alert.id not in self._choices), 0)
        self.conflict_list.setCurrentRow(first_open)
        self._conflict_selected(first_open)
        self.conflict_list.setFocus()

    def _fill_conflict_list(self) -> None:
        self.conflict_list.blockSignals(True)
        self.conflict_list.clear()
        assert self._preview is not None
        for planned in self._preview.conflicts:
            item = QListWidgetItem(self.conflict_list)
            item.setData(Qt.ItemDataRole.UserRole, planned.incoming.alert.id)
        self.conflict_list.blockSignals(False)
        self._refresh_conflict_list()

    def _refresh_conflict_list(self) -> None:
        if self._preview is None:
            return
        for row, planned in enumerate(self._preview.conflicts):
            item = self.conflict_list.item(row)
            choice = self._choices.get(planned.incoming.alert.id)
            reference = (planned.local or planned.incoming).alert.reference
            state = f"✓ {_RESOLUTION_WORDS[choice]}" if choice else "○ not chosen yet"
            item.setText(f"{reference}\n{state}")
            item.setForeground(QBrush(QColor(_GOOD if choice else _CONFLICT)))
        chosen = sum(1 for p in self._preview.conflicts if p.incoming.alert.id in self._choices)
        total = len(self._preview.conflicts)
        waiting = "" if chosen == total else " Import is possible once every one is chosen."
        self.chosen_note.setText(f"{chosen} of {total} chosen.{waiting}")

    def _conflict_selected(self, row: int) -> None:
        if self._preview is None or not 0 <= row < len(self._preview.conflicts):
            return
        planned = self._preview.conflicts[row]
        assert planned.local is not None
        councils = self._session.alerts.councils

        def council_name(code: str) -> str:
            council = councils.by_code(code)
            return council.name if council else code

        rows = comparison_rows(planned.local.alert, planned.incoming.alert, council_name)
        sender = self._incoming.sender_name if self._incoming else "the sender"
        self.comparison.setHorizontalHeaderLabels(["", "This office (mine)", f"{sender} (theirs)"])
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
                    cell.setForeground(QBrush(QColor(_MUTED)))
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
        if self._preview is None or not 0 <= row < len(self._preview.conflicts):
            return
        self.choose(self._preview.conflicts[row].incoming.alert.id, resolution)

    def _all_chosen(self) -> bool:
        return self._preview is not None and all(p.incoming.alert.id in self._choices
                                                 for p in self._preview.conflicts)

    def _update_import_buttons(self) -> None:
        preview = self._preview
        conflicts = len(preview.conflicts) if preview is not None else 0
        ready = self._all_chosen()
        for button in (self.import_button, self.conflicts_import_button):
            button.setEnabled(ready)
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
            waiting = sum(1 for p in preview.conflicts if p.incoming.alert.id not in self._choices)
            self.conflict_note.setText(
                f"<span style='color:{_CONFLICT}'>⚠ {_plural(conflicts, 'alert')} changed both here and by "
                f"{escape(preview.file.sender_name)} since you last agreed. Choose which version to keep for "
                f"{'it' if conflicts == 1 else 'each'} ({waiting} still to choose) before importing.</span>"
            )
        elif conflicts:
            self.conflict_note.setText(f"✓ Every conflict has a choice ({_choice_summary(self._choices)}).")
        elif not preview.changes_anything:
            self.conflict_note.setText("Nothing in this file changes this vault; importing records that it "
                                       "was read, so it is not offered again.")
        else:
            self.conflict_note.setText("Nothing is imported until you press Import; then everything is, at "
                                       "once.")

    # -- page 5: done ----------------------------------------------------------------------------------

    def _done_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("importDonePage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(label("Imported", page, "heading"))
        self.done_message = label("", page, "", "importDoneMessage")
        self.done_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.done_message)
        layout.addWidget(label("The alert log shows them now. The import is recorded in the audit log; "
                               "importing the same file again changes nothing.", page, "hint"))
        self.outcomes = _tree(page, "importOutcomes", "What happened to each alert",
                              ["Result", "Reference", "Alert"])
        layout.addWidget(self.outcomes, 1)
        layout.addLayout(_buttons(primary_button("Close", "closeImportButton", page, self.accept)))
        return page

    def _applied(self, result: ImportResult) -> None:
        if self._closing:
            return
        preview = self._preview
        assert preview is not None
        parts = [_count_words(kind, n) for kind, n in result.counts.items() if n]
        message = f"From {preview.file.sender_name}: {', '.join(parts) or 'nothing'}."
        if not preview.changes_anything:
            message += " No alert needed changing; the file is recorded as read."
        copies = iter(result.copies)
        self.outcomes.clear()
        for planned in preview.items:
            choice = result.resolutions.get(planned.incoming.alert.id)
            copy = next(copies, "?") if choice is Resolution.KEEP_BOTH else ""
            self.outcomes.addTopLevelItem(_outcome_row(planned, choice, copy))
            if copy:
                reference = (planned.local or planned.incoming).alert.reference
                message += f"\nTheir version of {reference} is now the separate alert {copy}."
        self.done_message.setText(message)
        self.pages.setCurrentWidget(self.done_page)
        self.imported.emit(result)

    # -- shared ----------------------------------------------------------------------------------------

    def _fail(self, exc: BaseException, doing: str, retry: QWidget | None = None) -> None:
        if self._closing:
            return
        message = _message(exc, doing)
        self.error.setText(message)
        self.error.show()
        if retry is not None:
            retry.setFocus()
        self.failed.emit(message)

    def _back_to_start(self) -> None:
        self._reset()
        self.pages.setCurrentWidget(self.choose_page)

    def _reset(self) -> None:
        self._data = None
        self._incoming = None
        self._preview = None
        self._choices = {}
        self.passphrase.clear()
        self.items.clear()
        self.conflict_list.clear()
        self.comparison.clearContents()
        self.comparison.setRowCount(0)
        for widget in (self.summary_heading, self.checked_line, self.fact_from, self.fact_made, self.fact_to,
                       self.fact_holds, self.refused, self.conflict_note):
            widget.clear()

    def reject(self) -> None:
        """Cancel (nothing was imported), unless a step is running: it finishes first."""
        if self._work.busy:
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing waits for a running step; otherwise it just closes."""
        if self._work.busy and not self._closing:
            event.ignore()
            return
        super().closeEvent(event)


def _opened(session: Session, data: bytes, passphrase: str | None) -> _Opened:
    """Open and verify (then preview, unless refused) on a worker thread."""
    imports = session.imports
    incoming = imports.open(data, passphrase)
    preview = None if incoming.refused else imports.preview(incoming)
    return _Opened(incoming, preview)


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


def _item_row(planned: Planned) -> QTreeWidgetItem:
    alert = planned.incoming.alert
    reference = (planned.local or planned.incoming).alert.reference
    title = "(deletion)" if alert.deleted else alert.title
    item = QTreeWidgetItem([planned.kind.label, reference, title])
    item.setToolTip(2, title)
    if planned.kind is MergeKind.CONFLICT:
        item.setText(0, "⚠ " + planned.kind.label)
        item.setForeground(0, QBrush(QColor(_CONFLICT)))
    elif planned.kind in (MergeKind.UNCHANGED, MergeKind.OLDER):
        for column in range(3):
            item.setForeground(column, QBrush(QColor(_MUTED)))
    return item


_OUTCOME_WORDS = {
    MergeKind.CONFLICT: "Conflict",  # never shown: a conflict always has a choice once imported
    MergeKind.NEW: "Added",
    MergeKind.UPDATED: "Updated",
    MergeKind.UNCHANGED: "Unchanged",
    MergeKind.OLDER: "Older copy ignored",
}
_OUTCOME_CHOICES = {
    Resolution.KEEP_MINE: "Conflict: kept mine",
    Resolution.TAKE_THEIRS: "Conflict: took theirs",
    Resolution.KEEP_BOTH: "Conflict: kept both",
}


def _outcome_row(planned: Planned, choice: Resolution | None, copy: str) -> QTreeWidgetItem:
    kept = planned.local if choice in (Resolution.KEEP_MINE, Resolution.KEEP_BOTH) else planned.incoming
    assert kept is not None
    words = _OUTCOME_CHOICES[choice] if choice is not None else _OUTCOME_WORDS[planned.kind]
    if copy:
        words += f" (theirs is {copy})"
    reference = (planned.local or planned.incoming).alert.reference
    item = QTreeWidgetItem([words, reference, "(deletion)" if kept.alert.deleted else kept.alert.title])
    item.setToolTip(2, item.text(2))
    if planned.kind in (MergeKind.UNCHANGED, MergeKind.OLDER):
        for column in range(3):
            item.setForeground(column, QBrush(QColor(_MUTED)))
    return item


def _count_colour(kind: MergeKind, n: int) -> str:
    if not n:
        return _MUTED
    return _CONFLICT if kind is MergeKind.CONFLICT else _INK


def _count_words(kind: MergeKind, n: int) -> str:
    one, many = {
        MergeKind.NEW: ("new", "new"),
        MergeKind.UPDATED: ("updated", "updated"),
        MergeKind.UNCHANGED: ("unchanged", "unchanged"),
        MergeKind.CONFLICT: ("conflict settled", "conflicts settled"),
        MergeKind.OLDER: ("older copy ignored", "older copies ignored"),
    }[kind]
    return f"{n:,} {one if n == 1 else many}"


def _tree(parent: QWidget, name: str, accessible: str, headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setObjectName(name)
    tree.setAccessibleName(accessible)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    header = tree.header()
    header.setMinimumSectionSize(90)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    return tree


def _choice_summary(choices: dict[str, Resolution]) -> str:
    counts = {r: sum(1 for c in choices.values() if c is r) for r in Resolution}
    return ", ".join(f"{n} {_RESOLUTION_WORDS[r]}" for r, n in counts.items() if n)


def _column(page: QWidget, heading: str, intro: str) -> QVBoxLayout:
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(8)
    layout.addWidget(label(heading, page, "heading"))
    layout.addWidget(label(intro, page, "hint"))
    layout.addSpacing(4)
    return layout


def _button(text: str, name: str, parent: QWidget, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


def _fact(parent: QWidget, name: str) -> QLabel:
    fact = label("", parent, "", name)
    fact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return fact


def _muted(text: str, parent: QWidget) -> QLabel:
    return label(text, parent, "hint")


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
