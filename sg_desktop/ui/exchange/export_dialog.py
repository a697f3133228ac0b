"""Export: choose who a protocol file is for and which alerts go, see what goes and what is left out and
why, then save the `.sgp` file.

The preview is worked out again (off the GUI thread, a moment after the last change) whenever the
recipients or the choice of alerts change; it changes nothing. Saving runs the export off the GUI thread:
it signs, encrypts and writes the file atomically, in the same transaction that takes the file's number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDir, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.export import (
    DEFAULT_WORK_FACTOR,
    AlertChoice,
    ExportPreview,
    ExportResult,
    PassphraseTarget,
    Target,
)
from sg_desktop.app.failures import calm_message
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.query import AlertQuery
from sg_desktop.ui.shared.passphrase import NewPassphraseFields
from sg_desktop.ui.shared.widgets import busy_bar, label, primary_button
from sg_desktop.ui.shared.work_dialog import WorkDialog

__all__ = ["ExportDialog", "PreviewLists", "What"]

# A moment after the last click or keystroke, so ticking three offices works the preview out once.
_PREVIEW_DELAY_MS = 120
# The preview only checks a passphrase's rules and ignores its value, so it uses this stand-in while the
# officer is still typing; the real passphrase is checked (and used) when the file is saved.
_PREVIEW_PASSPHRASE = "stand-in used only to preview"
_TITLED = 200
_LEFT_OUT = "#8a5300"
_MUTED = "#5b6675"
# Roomier rows and the log's light selection colour, for the lists and tables of this dialog.
_VIEWS = """
QTreeView::item, QListView::item { padding: 3px 2px; }
QTreeView, QListView, QTableView { selection-background-color: #cfe0f3; selection-color: #1d2633; }
"""


class What:
    """Which alerts to send: the names of the radio buttons, and what the tests choose."""

    SINCE_LAST = "sinceLastChoice"
    SELECTED = "selectedChoice"
    FILTER = "filterChoice"


def _message(exc: BaseException, doing: str) -> str:
    return calm_message(exc, doing=doing, outcome="No file was written.")


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


class ExportDialog(WorkDialog):
    """Choose recipients (trusted offices, or one office by passphrase) and alerts; preview; save the file.

    `selected` are the references of the alerts selected in the log; `query` is the log's current filter.
    Emits `preview_ready()` each time the preview is shown and `exported(ExportResult)` once a file is
    written. `force_close()` closes at once (for locking the vault), after any running export finishes.
    """

    preview_ready = Signal()
    exported = Signal(object)

    def __init__(
        self,
        session: Session,
        *,
        selected: Sequence[str] = (),
        query: AlertQuery | None = None,
        work_factor: int = DEFAULT_WORK_FACTOR,
        today: Callable[[], date] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export alerts — SG Desktop")
        self.setStyleSheet(_VIEWS)
        self._session = session
        self._selected = tuple(selected)
        self._query = query
        self._work_factor = work_factor
        self._today = today or session.alerts.today
        self._preview: ExportPreview | None = None
        self._left_titles: dict[str, str] = {}
        self._previewed: tuple[Any, AlertChoice] | None = None
        self._wanted: tuple[Any, AlertChoice] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._start_preview)

        self.pages = QStackedWidget(self)
        self.choose_page = self._choose_page()
        self.done_page = self._done_page()
        self.pages.addWidget(self.choose_page)
        self.pages.addWidget(self.done_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 22, 24, 18)
        layout.addWidget(self.pages)
        self.resize(1000, 660)
        self.setMinimumSize(860, 560)
        self.setSizeGripEnabled(True)

        # Working out the preview reads the vault but may be left behind; writing the file may not.
        self._preview_work = self.busy_work(self.preview_bar, (), blocks_close=False, holds_vault=True)
        self._export_work = self.busy_work(self.export_bar, (self.choose_page,), holds_vault=True)
        self._mode.buttonToggled.connect(lambda *_: self._mode_changed())
        self._what.buttonToggled.connect(lambda *_: self._changed())
        self._mode_changed()

    # -- the contract ----------------------------------------------------------------------------------

    @property
    def preview(self) -> ExportPreview | None:
        """The preview shown now (None while it is being worked out or cannot be)."""
        return self._preview

    def export_to(self, path: str | Path) -> None:
        """Write the file at `path` for the recipients and alerts chosen now (off the GUI thread)."""
        target, choice = self._request(for_saving=True)
        if target is None or self._export_work.busy or self._preview_work.busy:
            return
        out = Path(path)
        exports = self._session.exports
        self.error.hide()
        self._export_work.start(lambda: exports.export(target, choice, out), self._exported,
                                self._export_failed)

    def _forget(self) -> None:
        """After a forced close: forget the passphrase typed, the offices and every alert listed."""
        self._timer.stop()
        self.passphrase.clear()
        self.items.clear()
        self.done_items.clear()
        self.offices.clear()
        self._preview = None

    def _wipe_fields(self) -> None:
        """Forget the file passphrase typed."""
        self.passphrase.clear()

    # -- building --------------------------------------------------------------------------------------

    def _choose_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("exportChoosePage")
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(label("Export alerts", page, "heading"))
        column.addWidget(label(
            "Make a protocol file: signed by this office and encrypted so that only the offices you choose "
            "(and this office) can open it. Send it by email, USB stick or a shared drive.", page, "hint",
        ))
        column.addSpacing(4)
        sides = QHBoxLayout()
        sides.setSpacing(18)
        sides.addLayout(self._left_side(page), 5)
        sides.addWidget(self._preview_panel(page), 6)
        column.addLayout(sides, 1)
        self.error = label("", page, "error", "exportError")
        self.error.setAccessibleName("Problem")
        self.error.hide()
        column.addWidget(self.error)
        self.export_bar = busy_bar("exportBusy", "Writing the file", page)
        column.addWidget(self.export_bar)
        cancel = QPushButton("Cancel", page)
        cancel.setObjectName("cancelExportButton")
        cancel.clicked.connect(self.reject)
        self.save_button = primary_button("&Save file…", "saveExportButton", page, self._choose_file)
        self.save_button.setDefault(True)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(cancel)
        row.addWidget(self.save_button)
        column.addLayout(row)
        return page

    def _left_side(self, page: QWidget) -> QVBoxLayout:
        side = QVBoxLayout()
        side.setSpacing(6)
        side.addWidget(label("Send to", page, "subheading"))
        self.to_offices = QRadioButton("&Trusted offices", page)
        self.to_offices.setObjectName("toOfficesChoice")
        self.to_passphrase = QRadioButton("One office, by a passphrase", page)
        self.to_passphrase.setObjectName("toPassphraseChoice")
        self._mode = QButtonGroup(self)
        self._mode.addButton(self.to_offices)
        self._mode.addButton(self.to_passphrase)

        self.offices = QListWidget(page)
        self.offices.setObjectName("recipientList")
        self.offices.setAccessibleName("Trusted offices to send to")
        self.offices.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        untrusted = []
        for office in self._session.offices.all():
            if not office.is_trusted:
                untrusted.append(office.name)
                continue
            item = QListWidgetItem(f"{office.name}  ·  {office.org_type.label}", self.offices)
            item.setData(Qt.ItemDataRole.UserRole, office.name)
            item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.offices.itemChanged.connect(lambda _item: self._changed())
        rows = max(2, min(self.offices.count(), 5))
        self.offices.setFixedHeight(rows * (self.offices.fontMetrics().height() + 10) + 6)
        hints = []
        if self.offices.count() == 0:
            hints.append("No office is trusted yet: add one and verify its fingerprint under "
                         "Exchange → Offices.")
        if untrusted:
            hints.append(f"Not verified yet, so not listed: {', '.join(untrusted)}.")
        self.offices_hint = label(" ".join(hints), page, "hint", "recipientHint")
        self.offices_hint.setVisible(bool(hints))

        self.passphrase_box = QWidget(page)
        self.passphrase_box.setObjectName("passphraseBox")
        self.passphrase = NewPassphraseFields(self.passphrase_box, "File passphrase", hint=True)
        # What goes does not depend on the passphrase: typing it only decides whether the file can be saved.
        self.passphrase.field.textChanged.connect(lambda _text: self._update_save())
        self.passphrase.confirm.textChanged.connect(lambda _text: self._update_save())
        self.org = QComboBox(self.passphrase_box)
        self.org.setObjectName("passphraseOrg")
        self.org.setAccessibleName("The receiving office's kind of organisation")
        for org in OrgType:
            self.org.addItem(org.label, org)
        self.org.currentIndexChanged.connect(lambda _i: self._changed())
        form = QFormLayout(self.passphrase_box)
        form.setContentsMargins(22, 0, 0, 0)
        self.passphrase.add_rows(form, "&Passphrase")
        form.addRow("Their &organisation", self.org)
        form.addRow("", label("Tell them the passphrase by phone, never in the email that carries the file.",
                              self.passphrase_box, "hint"))

        side.addWidget(self.to_offices)
        offices_box = QVBoxLayout()
        offices_box.setContentsMargins(22, 0, 0, 0)
        offices_box.addWidget(self.offices)
        offices_box.addWidget(self.offices_hint)
        side.addLayout(offices_box)
        side.addWidget(self.to_passphrase)
        side.addWidget(self.passphrase_box)
        side.addSpacing(8)

        side.addWidget(label("What to send", page, "subheading"))
        self.since_last = QRadioButton("Everything &changed since the last file to these offices", page)
        self.since_last.setObjectName(What.SINCE_LAST)
        if len(self._selected) == 1:
            selected_text = f"The selected alert, {self._selected[0]}"
        elif self._selected:
            selected_text = f"The {len(self._selected)} selected alerts"
        else:
            selected_text = "The selected alert (none is selected)"
        self.selected_choice = QRadioButton(selected_text, page)
        self.selected_choice.setObjectName(What.SELECTED)
        self.selected_choice.setEnabled(bool(self._selected))
        shown = self._session.alerts.count(self._query) if self._query is not None else 0
        self.filter_choice = QRadioButton(
            f"The {_plural(shown, 'alert')} the log's current filter shows" if self._query is not None
            else "The log's current filter (none is set)", page)
        self.filter_choice.setObjectName(What.FILTER)
        self.filter_choice.setEnabled(self._query is not None)
        self._what = QButtonGroup(self)
        for button in (self.since_last, self.selected_choice, self.filter_choice):
            self._what.addButton(button)
            side.addWidget(button)
        side.addStretch(1)
        self.to_offices.setChecked(True)
        (self.selected_choice if self._selected else self.since_last).setChecked(True)
        return side

    def _preview_panel(self, page: QWidget) -> QFrame:
        panel = QFrame(page)
        panel.setObjectName("exportPreviewPanel")
        panel.setProperty("role", "panel")
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(14, 12, 14, 12)
        inner.setSpacing(6)
        inner.addWidget(label("What the file will hold", panel, "subheading"))
        self.summary = label("", panel, "", "exportSummary")
        self.summary.setAccessibleName("Summary of the file")
        inner.addWidget(self.summary)
        self.preview_bar = busy_bar("previewBusy", "Working out what goes", panel)
        inner.addWidget(self.preview_bar)
        self.items = PreviewLists(panel, "exportItems")
        inner.addWidget(self.items, 1)
        return panel

    def _done_page(self) -> QWidget:
        page = QWidget(self)
        page.setObjectName("exportDonePage")
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        column.addWidget(label("File saved", page, "heading"))
        self.done_message = label("", page, "", "exportDoneMessage")
        self.done_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.done_message)
        column.addWidget(label(
            "Only the offices it is for, and this office, can open it. If it goes astray, nobody else can "
            "read it; tell the office so it knows to expect another copy.", page, "hint",
        ))
        self.done_items = PreviewLists(page, "exportDoneItems")
        column.addWidget(self.done_items, 1)
        close = primary_button("Close", "closeExportButton", page, self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        column.addLayout(row)
        return page

    # -- choosing --------------------------------------------------------------------------------------

    def _mode_changed(self) -> None:
        by_passphrase = self.to_passphrase.isChecked()
        self.offices.setEnabled(not by_passphrase)
        self.passphrase_box.setVisible(by_passphrase)
        # A passphrase file has no office to remember what it holds, so "changed since" means nothing.
        self.since_last.setEnabled(not by_passphrase)
        if by_passphrase and self.since_last.isChecked():
            (self.selected_choice if self._selected else self.filter_choice).setChecked(True)
        self._changed()

    def _chosen_offices(self) -> list[str]:
        names = []
        for row in range(self.offices.count()):
            item = self.offices.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                names.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return names

    def _request(self, *, for_saving: bool) -> tuple[Target | None, AlertChoice]:
        """What the dialog asks for now; the target is None when it is not complete (and why is shown)."""
        if self.selected_choice.isChecked():
            choice = AlertChoice(references=self._selected)
        elif self.filter_choice.isChecked() and self._query is not None:
            choice = AlertChoice(query=self._query)
        else:
            choice = AlertChoice(since_last=True)
        if self.to_passphrase.isChecked():
            org = OrgType(self.org.currentData())  # Qt hands a StrEnum back as a plain str
            if not for_saving:
                return PassphraseTarget(_PREVIEW_PASSPHRASE, org, self._work_factor), choice
            if self.passphrase.problem("The two passphrases differ.") is not None:
                return None, choice
            return PassphraseTarget(self.passphrase.field.text(), org, self._work_factor), choice
        names = self._chosen_offices()
        return (names or None), choice

    def _changed(self) -> None:
        self._preview = None
        self.save_button.setEnabled(False)
        self._timer.start()

    # -- the preview -----------------------------------------------------------------------------------

    def _start_preview(self) -> None:
        if self.closed_by_force or self.pages.currentWidget() is not self.choose_page:
            return
        target, choice = self._request(for_saving=False)
        if target is None:
            self.items.clear()
            self.summary.setText("Tick the offices the file is for.")
            self.preview_ready.emit()
            return
        request = (tuple(target) if isinstance(target, list) else target, choice)
        if self._preview_work.busy:
            self._wanted = request  # worked out when the running preview is done
            return
        self._wanted = None
        self._previewed = request
        exports, alerts = self._session.exports, self._session.alerts

        def work() -> tuple[ExportPreview, dict[str, str]]:
            preview = exports.preview(target, choice)
            # The titles of left-out alerts, so the officer recognises them (a few suffice to act on).
            found = (alerts.get_by_id(x.alert_id) for x in preview.left_out[:_TITLED])
            return preview, {a.id: a.title for a in found if a is not None}

        self._preview_work.start(work, self._previewed_ok, self._preview_failed)

    def _previewed_ok(self, result: tuple[ExportPreview, dict[str, str]]) -> None:
        if self._again():
            return
        preview, self._left_titles = result
        self._preview = preview
        self._show_preview(preview)
        self._update_save()
        self.preview_ready.emit()

    def _preview_failed(self, exc: BaseException) -> None:
        if self._again():
            return
        self.items.clear()
        self.summary.setText(_message(exc, "Working out the file"))
        self._update_save()
        self.preview_ready.emit()

    def _again(self) -> bool:
        """Start the preview again if the choice changed while it ran; True when it did."""
        if self._wanted is not None and self._wanted != self._previewed:
            self._wanted = None
            self._start_preview()
            return True
        self._wanted = None
        return False

    def _show_preview(self, preview: ExportPreview) -> None:
        going = len(preview.records)
        if preview.by_passphrase:
            to = f"one {preview.recipient_orgs[0].label} office, by passphrase"
        else:
            to = ", ".join(o.name for o in preview.offices)
        if going:
            deletions = f", of which {_plural(preview.tombstones, 'deletion')}" if preview.tombstones else ""
            text = f"{_plural(going, 'alert')} will go to {to}{deletions}."
        elif preview.left_out:
            text = "Nothing can be sent: every alert chosen is left out (see why below)."
        elif self.since_last.isChecked():
            text = f"Nothing has changed since the last file sent to {to}."
        else:
            text = "There are no alerts to send."
        if preview.left_out:
            text += f" {_plural(len(preview.left_out), 'alert')} left out, as listed below."
        self.summary.setText(text)
        self.items.show_preview(preview, self._left_titles)

    def _update_save(self) -> None:
        target, _ = self._request(for_saving=True)
        problem = None
        if self.to_passphrase.isChecked():
            problem = self.passphrase.problem("The two passphrases differ.")
        ready = self._preview is not None and bool(self._preview.records) and target is not None
        self.save_button.setEnabled(ready)
        self.save_button.setToolTip(problem[0] if problem else "")

    # -- saving ----------------------------------------------------------------------------------------

    def _choose_file(self) -> None:
        if not self.save_button.isEnabled():
            return
        name = f"alerts-{self._today():%Y-%m-%d}.sgp"
        dialog = QFileDialog(self, "Save the protocol file", str(Path(QDir.homePath()) / name),
                             "Protocol files (*.sgp);;All files (*)")
        dialog.setObjectName("exportFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("sgp")
        dialog.fileSelected.connect(self.export_to)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _exported(self, result: ExportResult) -> None:
        preview = result.preview
        to = ("one office, by passphrase" if preview.by_passphrase
              else ", ".join(o.name for o in preview.offices))
        text = (f"{result.path}\n\n{_plural(len(preview.records), 'alert')} for {to}; file number "
                f"{result.sequence} from this office.")
        if preview.left_out:
            text += f" {_plural(len(preview.left_out), 'alert')} left out, as listed below."
        self.done_message.setText(text)
        self.done_items.show_preview(preview, self._left_titles)
        self.passphrase.clear()
        self.pages.setCurrentWidget(self.done_page)
        self.exported.emit(result)

    def _export_failed(self, exc: BaseException) -> None:
        self.error.setText(_message(exc, "Writing the file"))
        self.error.show()
        self._changed()


class PreviewLists(QWidget):
    """The alerts that go (reference, title) and, when there are any, those left out with the reason why."""

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.going_label = label("", self, "subheading")
        self.going = _list(self, f"{name}Going", "Alerts that go", ["Reference", "Alert"])
        self.left_label = label("", self, "warning")
        self.left_out = _list(self, f"{name}LeftOut", "Alerts left out, and why",
                              ["Reference", "Why", "Alert"])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.going_label)
        layout.addWidget(self.going, 3)
        layout.addSpacing(4)
        layout.addWidget(self.left_label)
        layout.addWidget(self.left_out, 2)
        self.clear()

    def show_preview(self, preview: ExportPreview, titles: dict[str, str]) -> None:
        """List what `preview` sends and leaves out (`titles` of left-out alerts, by id, where known)."""
        self.clear()
        self.going_label.setText(f"Goes ({len(preview.records):,})")
        for record in preview.records:
            alert = record.alert
            row = QTreeWidgetItem(self.going, [alert.reference, "(deletion: they remove their copy)"
                                               if alert.deleted else alert.title])
            row.setToolTip(1, row.text(1))
            if alert.deleted:
                row.setForeground(1, QBrush(QColor(_MUTED)))
        has_left = bool(preview.left_out)
        self.left_label.setVisible(has_left)
        self.left_out.setVisible(has_left)
        self.left_label.setText(f"⚠ Left out ({len(preview.left_out):,}): their sharing scope does not "
                                "admit every recipient")
        for x in preview.left_out:
            row = QTreeWidgetItem(self.left_out, [x.reference, x.reason, titles.get(x.alert_id, "")])
            row.setForeground(1, QBrush(QColor(_LEFT_OUT)))
            row.setToolTip(1, x.reason)
            row.setToolTip(2, row.text(2))

    def clear(self) -> None:
        """List nothing (and forget the titles shown)."""
        self.going.clear()
        self.left_out.clear()
        self.going_label.setText("Goes")
        self.left_label.hide()
        self.left_out.hide()

    def going_rows(self) -> list[str]:
        """The references listed as going."""
        return [row[0] for row in _rows(self.going)]

    def left_out_rows(self) -> list[tuple[str, str]]:
        """(reference, why) of each alert listed as left out."""
        return [(row[0], row[1]) for row in _rows(self.left_out)]


def _rows(tree: QTreeWidget) -> list[list[str]]:
    rows = []
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if item is not None:
            rows.append([item.text(c) for c in range(tree.columnCount())])
    return rows


def _list(parent: QWidget, name: str, accessible: str, headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setObjectName(name)
    tree.setAccessibleName(accessible)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    header = tree.header()
    header.setStretchLastSection(True)
    for column in range(len(headers) - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return tree
