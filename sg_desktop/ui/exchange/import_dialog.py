"""Import: open a protocol file, see who sent it and what importing would do, settle conflicts, apply.

Opening (decrypting and verifying every check of the protocol) and applying run off the GUI thread.
Nothing changes until Import is pressed, and then everything changes in one transaction. A conflict
(both offices changed an alert since they last agreed) is shown as both versions side by side, with
the fields that differ marked, and the officer chooses for each: keep mine, take theirs, or keep both.
Import stays disabled until every conflict has a choice. The summary and conflicts pages are their own
modules (`import_summary`, `import_conflicts`); this one holds the flow, the first pages and the last.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDir, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QStackedWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.failures import calm_message
from sg_desktop.app.importing import ImportPreview, ImportResult, IncomingFile, MergeKind, Planned, Resolution
from sg_desktop.app.session import Session
from sg_desktop.ui.exchange.import_conflicts import RESOLUTION_BUTTONS, ConflictsPage, comparison_rows
from sg_desktop.ui.exchange.import_summary import SummaryPage
from sg_desktop.ui.help.sections import offer_help, set_help_section
from sg_desktop.ui.shared.formatting import MUTED
from sg_desktop.ui.shared.widgets import (
    LIST_STYLE,
    busy_bar,
    buttons_row,
    exchange_column,
    label,
    password_field,
    plain_tooltip,
    plain_tree,
    primary_button,
    push_button,
)
from sg_desktop.ui.shared.work_dialog import WorkDialog

# RESOLUTION_BUTTONS and comparison_rows live in import_conflicts; they are re-exported for older imports.
__all__ = ["RESOLUTION_BUTTONS", "ImportDialog", "comparison_rows"]


def _message(exc: BaseException, doing: str) -> str:
    return calm_message(exc, doing=doing, outcome="Nothing was imported.")


@dataclass(frozen=True)
class _Opened:
    """A file opened and previewed off the GUI thread (preview is None when importing it is refused)."""

    incoming: IncomingFile
    preview: ImportPreview | None


@dataclass(frozen=True)
class _Locked:
    """A passphrase file, read but not yet opened."""

    data: bytes


class ImportDialog(WorkDialog):
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
        self.setStyleSheet(LIST_STYLE)
        self._session = session
        self._path: Path | None = None
        self._data: bytes | None = None
        self._incoming: IncomingFile | None = None
        self._preview: ImportPreview | None = None
        self._choices: dict[str, Resolution] = {}

        self.pages = QStackedWidget(self)
        self.choose_page = self._choose_page()
        self.passphrase_page = self._passphrase_page()
        self.summary_page = SummaryPage(self, cancel=self.reject, resolve=self._to_conflicts, apply=self.apply)
        self.items = self.summary_page.items  # the dialog's own name for it, kept from before the split
        self.conflicts_page = ConflictsPage(self, self._council_name,
                                            back=lambda: self.pages.setCurrentWidget(self.summary_page),
                                            apply=self.apply)
        self.conflicts_page.chosen.connect(self.choose)
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
        self._work = self.busy_work(self.bar, (self.pages,), holds_vault=True)
        self.pages.currentChanged.connect(lambda _i: self.error.hide())
        for page, section in ((self.passphrase_page, "passphrase-files"), (self.conflicts_page, "conflicts")):
            set_help_section(page, section)
        offer_help(self, "receiving")

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
        self.conflicts_page.refresh(self._choices)
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

    def _forget(self) -> None:
        """After a forced close: forget the file, its passphrase and everything it showed."""
        self._reset()
        self.done_message.clear()
        self.outcomes.clear()

    def _wipe_fields(self) -> None:
        """Forget the file passphrase typed."""
        self.passphrase.clear()

    # -- page 1: choose the file -----------------------------------------------------------------------

    def _choose_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("importChoosePage")
        layout, _, _ = exchange_column(
            page, "Import a protocol file",
            "Choose the .sgp file another office sent you. It is checked before anything changes: who signed "
            "it, that it was meant for this office, and that not one byte was altered. You then see what it "
            "holds, and nothing is imported until you say so.",
            gap=4,
        )
        choose = primary_button("&Choose file…", "chooseImportFile", page, self._choose_file)
        choose.setDefault(True)
        row = QHBoxLayout()
        row.addWidget(choose)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        layout.addLayout(buttons_row(push_button("Cancel", "cancelImportButton", page, self.reject)))
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
        layout, _, _ = exchange_column(
            page, "This file is protected by a passphrase",
            "The office that sent it tells you the passphrase, by phone — never in the email that carries "
            "the file.",
            gap=4,
        )
        self.passphrase = password_field("filePassphraseField", "File passphrase", page)
        self.passphrase.returnPressed.connect(self._open_with_passphrase)
        form = QFormLayout()
        form.addRow("File &passphrase", self.passphrase)
        layout.addLayout(form)
        layout.addStretch(1)
        back = push_button("Back", "passphraseBack", page, self._back_to_start)
        self.open_button = primary_button("&Open file", "openWithPassphrase", page,
                                          self._open_with_passphrase)
        layout.addLayout(buttons_row(back, self.open_button))
        return page

    def _open_with_passphrase(self) -> None:
        data, passphrase = self._data, self.passphrase.text()
        if data is None or not passphrase or self._work.busy:
            return
        session = self._session
        self.error.hide()
        self._work.start(lambda: _opened(session, data, passphrase), self._read,
                         lambda exc: self._fail(exc, "Opening the file", retry=self.passphrase))

    # -- page 3: who sent it and what importing would do; page 4: conflicts, side by side ---------------

    def _show_file(self, opened: _Opened) -> None:
        incoming, preview = opened.incoming, opened.preview
        self._incoming, self._preview = incoming, preview
        self._data = None
        self.passphrase.clear()  # opened: neither the passphrase nor the encrypted bytes are needed again
        self._choices = {}
        self.summary_page.show_file(incoming, preview)
        set_help_section(self.summary_page, "receiving" if preview is not None else "refused-file")
        if preview is not None:
            self.conflicts_page.fill(preview.conflicts, self._choices, incoming.sender_name)
        self._update_import_buttons()
        self.pages.setCurrentWidget(self.summary_page)
        self.opened.emit()

    def _to_conflicts(self) -> None:
        if self._preview is None or not self._preview.conflicts:
            return
        self.pages.setCurrentWidget(self.conflicts_page)
        self.conflicts_page.start()

    def _council_name(self, code: str) -> str:
        council = self._session.alerts.councils.by_code(code)
        return council.name if council else code

    def _all_chosen(self) -> bool:
        return self._preview is not None and all(p.incoming.alert.id in self._choices
                                                 for p in self._preview.conflicts)

    def _update_import_buttons(self) -> None:
        ready = self._all_chosen()
        self.conflicts_page.conflicts_import_button.setEnabled(ready)
        self.summary_page.update_buttons(self._preview, self._choices, ready)


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
        self.outcomes = plain_tree(page, "importOutcomes", "What happened to each alert",
                                   ["Result", "Reference", "Alert"])
        layout.addWidget(self.outcomes, 1)
        layout.addLayout(buttons_row(primary_button("Close", "closeImportButton", page, self.accept)))
        return page

    def _applied(self, result: ImportResult) -> None:
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
        self.summary_page.clear()
        self.conflicts_page.clear()



def _opened(session: Session, data: bytes, passphrase: str | None) -> _Opened:
    """Open and verify (then preview, unless refused) on a worker thread."""
    imports = session.imports
    incoming = imports.open(data, passphrase)
    preview = None if incoming.refused else imports.preview(incoming)
    return _Opened(incoming, preview)


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
    item.setToolTip(2, plain_tooltip(item.text(2)))
    if planned.kind in (MergeKind.UNCHANGED, MergeKind.OLDER):
        for column in range(3):
            item.setForeground(column, QBrush(QColor(MUTED)))
    return item


def _count_words(kind: MergeKind, n: int) -> str:
    one, many = {
        MergeKind.NEW: ("new", "new"),
        MergeKind.UPDATED: ("updated", "updated"),
        MergeKind.UNCHANGED: ("unchanged", "unchanged"),
        MergeKind.CONFLICT: ("conflict settled", "conflicts settled"),
        MergeKind.OLDER: ("older copy ignored", "older copies ignored"),
    }[kind]
    return f"{n:,} {one if n == 1 else many}"
