"""Export: choose who a protocol file is for and which alerts go, see what goes and what is left out and
why, then save the `.sgp` file.

The preview is worked out again (off the GUI thread, a moment after the last change) whenever the
recipients or the choice of alerts change; it changes nothing. Saving runs the export off the GUI thread:
it signs, encrypts and writes the file atomically, in the same transaction that takes the file's number.

The "send to" and "what to send" side is `export_choice`; the lists of what goes and what is left out
are `export_lists`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDir, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.export import DEFAULT_WORK_FACTOR, AlertChoice, ExportPreview, ExportResult, Target
from sg_desktop.app.failures import calm_message
from sg_desktop.app.lesson_exchange import lesson_note
from sg_desktop.app.session import Session
from sg_desktop.domain.query import AlertQuery
from sg_desktop.ui.exchange.export_choice import ExportChoice, What
from sg_desktop.ui.exchange.export_lists import PreviewLists
from sg_desktop.ui.help.sections import offer_help
from sg_desktop.ui.shared.formatting import plural
from sg_desktop.ui.shared.widgets import busy_bar, label, primary_button
from sg_desktop.ui.shared.work_dialog import WorkDialog

__all__ = ["ExportDialog", "What"]

# A moment after the last click or keystroke, so ticking three offices works the preview out once.
_PREVIEW_DELAY_MS = 120
_TITLED = 200
# Roomier rows and the log's light selection colour, for the lists and tables of this dialog.
_VIEWS = """
QTreeView::item, QListView::item { padding: 3px 2px; }
QTreeView, QListView, QTableView { selection-background-color: #cfe0f3; selection-color: #1d2633; }
"""


def _message(exc: BaseException, doing: str) -> str:
    return calm_message(exc, doing=doing, outcome="No file was written.")


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
        self._previewed: tuple[Target, AlertChoice] | None = None
        self._wanted: tuple[Target, AlertChoice] | None = None
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
        offer_help(self, "sending")

        # Working out the preview reads the vault but may be left behind; writing the file may not.
        self._preview_work = self.busy_work(self.preview_bar, (), blocks_close=False, holds_vault=True)
        self._export_work = self.busy_work(self.export_bar, (self.choose_page,), holds_vault=True)
        self.choice.changed.connect(self._changed)
        self.choice.passphrase_edited.connect(self._update_save)
        self._changed()

    # -- the contract ----------------------------------------------------------------------------------

    @property
    def preview(self) -> ExportPreview | None:
        """The preview shown now (None while it is being worked out or cannot be)."""
        return self._preview

    def export_to(self, path: str | Path) -> None:
        """Write the file at `path` for the recipients and alerts chosen now (off the GUI thread)."""
        target, choice = self.choice.request(for_saving=True)
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
        self.choice.passphrase.clear()
        self.items.clear()
        self.done_items.clear()
        self.choice.offices.clear()
        self._preview = None

    def _wipe_fields(self) -> None:
        """Forget the file passphrase typed."""
        self.choice.passphrase.clear()

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
        offices = self._session.offices.all()
        shown = self._session.alerts.count(self._query) if self._query is not None else 0
        self.choice = ExportChoice(page, offices, selected=self._selected, query=self._query, shown=shown,
                                   work_factor=self._work_factor)
        sides.addWidget(self.choice, 5)
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

    def _changed(self) -> None:
        self._preview = None
        self.save_button.setEnabled(False)
        self._timer.start()

    # -- the preview -----------------------------------------------------------------------------------

    def _start_preview(self) -> None:
        if self.closed_by_force or self.pages.currentWidget() is not self.choose_page:
            return
        target, choice = self.choice.request(for_saving=False)
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
            deletions = f", of which {plural(preview.tombstones, 'deletion')}" if preview.tombstones else ""
            text = f"{plural(going, 'alert')} will go to {to}{deletions}."
        elif preview.lessons:
            text = f"No alert, only lessons learned, will go to {to}."
        elif preview.left_out:
            text = "Nothing can be sent: every alert chosen is left out (see why below)."
        elif self.choice.since_last.isChecked():
            text = f"Nothing has changed since the last file sent to {to}."
        else:
            text = "There are no alerts to send."
        if preview.left_out:
            text += f" {plural(len(preview.left_out), 'alert')} left out, as listed below."
        self.summary.setText(text + lesson_note(len(preview.lessons), len(preview.lessons_left_out)))
        self.items.show_preview(preview, self._left_titles)

    def _update_save(self) -> None:
        target, _ = self.choice.request(for_saving=True)
        problem = self.choice.passphrase_problem()
        found = self._preview is not None and bool(self._preview.records or self._preview.lessons)
        ready = found and target is not None
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
        text = (f"{result.path}\n\n{plural(len(preview.records), 'alert')} for {to}; file number "
                f"{result.sequence} from this office.")
        if preview.left_out:
            text += f" {plural(len(preview.left_out), 'alert')} left out, as listed below."
        self.done_message.setText(text + lesson_note(len(preview.lessons), len(preview.lessons_left_out)))
        self.done_items.show_preview(preview, self._left_titles)
        self.choice.passphrase.clear()
        self.pages.setCurrentWidget(self.done_page)
        self.exported.emit(result)

    def _export_failed(self, exc: BaseException) -> None:
        self.error.setText(_message(exc, "Writing the file"))
        self.error.show()
        self._changed()
