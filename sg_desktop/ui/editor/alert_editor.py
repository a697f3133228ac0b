"""The alert editor: one dialog for a new or existing alert, its milestones and its support offers.

The dialog keeps the alert being edited as one immutable draft; each edit pushes a command that swaps the
draft for a new one (so undo and redo are exact), and the pages only show the draft and report edits.
Saving goes through the AlertService: nothing is stored while a rule is broken, and text that looks like
it could identify a child is named where it is and stored only after the officer confirms.

The title row with undo and redo is `editor_header`; the three pages, and where on them each check is
shown, are `editor_tabs`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.alerts import AlertService, identifying_findings
from sg_desktop.app.audit_view import AuditLine
from sg_desktop.app.clock import Clock
from sg_desktop.domain.enums import AlertKind
from sg_desktop.domain.errors import IdentifyingDataWarning, Problem, SgError, ValidationError
from sg_desktop.domain.identifying import AlertFinding
from sg_desktop.domain.model import Alert
from sg_desktop.domain.validation import problems_in_alert
from sg_desktop.ui.editor.details_page import DetailsForm
from sg_desktop.ui.editor.editor_header import EditorHeader
from sg_desktop.ui.editor.editor_tabs import MILESTONES_TAB, OFFERS_TAB, EditorTabs, form_field, place_of
from sg_desktop.ui.editor.history_page import HistoryPage
from sg_desktop.ui.editor.milestones_page import MilestonesEditor, short_day
from sg_desktop.ui.editor.offers_page import OffersEditor
from sg_desktop.ui.editor.undo import DraftCommand, UndoKeyRouter, changed_copy, undo_run
from sg_desktop.ui.help.sections import offer_help
from sg_desktop.ui.shared.focus_chain import step_focus
from sg_desktop.ui.shared.prompts import (
    CONFIRM_DELETE,
    DISCARD_CHANGES,
    SAVE_ANYWAY,
    SAVE_CHANGES,
    ask_delete,
    ask_identifying,
    ask_unsaved,
)

__all__ = ["AlertEditorDialog"]

# Long enough that a word is typed before the form re-checks it, short enough to feel immediate.
_CHECK_DELAY_MS = 250
_TEXT_FIELDS = {"council", "title", "summary", "owner"}
_FIELD_NAMES = {
    "council": "council",
    "kind": "kind",
    "title": "title",
    "summary": "summary",
    "media_interest": "media interest",
    "handling": "handling marking",
    "status": "status",
    "owner": "owner",
    "sharing": "sharing",
    "embargoed": "embargo",
    "reporting_restriction": "reporting restriction",
}


class AlertEditorDialog(QDialog):
    """Create or edit one alert; saves through `service` itself.

    `alert` None (or an alert that was never stored, i.e. without a reference) opens a new alert; `history`
    (the session's `audit.history`) gives a stored alert its History tab.
    `saved(Alert)` carries the alert as stored, then the dialog accepts; `deleted(reference)` follows a
    confirmed delete. `force_close()` closes at once, dropping unsaved edits (for locking the vault).
    Works with `open()` and `show()`; every question it asks is a window-modal box opened the same way.
    """

    saved = Signal(object)
    deleted = Signal(str)

    def __init__(
        self,
        service: AlertService,
        alert: Alert | None = None,
        parent: QWidget | None = None,
        *,
        clock: Clock | None = None,
        history: Callable[[str, str], list[AuditLine]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("alertEditor")
        self._history_source = history
        self._service = service
        self._directory = service.councils
        self._now: Callable[[], datetime] = clock.now if clock is not None else (lambda: datetime.now(UTC))
        self._stored = alert if alert is not None and alert.reference else None
        # A council's own vault starts a new alert on its council; other offices choose one.
        self._baseline = alert if alert is not None else Alert(council=service.home_council, kind=AlertKind.CSPR,
                                                               title="")
        self._draft = self._baseline
        self._touched: set[str] = set()
        # An existing alert shows every broken rule at once; a new one waits until a field is touched.
        self._show_all = self._stored is not None
        self._forced = False
        self._prompt: QMessageBox | None = None

        self._stack = QUndoStack(self)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(_CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self._run_checks)

        today = service.today()
        self.details = DetailsForm(self._directory, self)
        self.milestones = MilestonesEditor(
            today, self._now, self._baseline.milestones if self._stored else (), self
        )
        self.offers = OffersEditor(today, self)
        self._build()
        self._connect()
        self._apply(self._draft)
        self._run_checks()

    # -- the contract ----------------------------------------------------------------------------------

    def draft(self) -> Alert:
        """The alert as edited so far (not yet saved)."""
        return self._draft

    def is_new(self) -> bool:
        """Whether saving will add a new alert rather than change a stored one."""
        return self._stored is None

    def is_dirty(self) -> bool:
        """Whether there are edits that are not saved."""
        return self._draft != self._baseline

    def undo_stack(self) -> QUndoStack:
        """The edits, for undo and redo."""
        return self._stack

    def save(self) -> None:
        """Check the alert and store it: problems are shown instead, and identifying text asks first."""
        if self._prompt_open():
            return
        self._check_timer.stop()
        unreadable = self.tabs.unreadable_date()
        if unreadable is not None:  # never save a date other than the one the field says it understood
            self._set_status(f"Nothing was saved: {unreadable.problem()}", error=True)
            self.tabs.go_to_field(unreadable)
            return
        self._show_all = True
        problems = self._problems()
        self._run_checks()
        if problems or self.details.council.has_unmatched_text():
            count = max(1, len(problems))
            noun = "problem" if count == 1 else "problems"
            self._set_status(f"Nothing was saved: fix the {count} {noun} marked in red first.", error=True)
            self.tabs.go_to_problem(problems[0] if problems else Problem("council", ""))
            return
        findings = identifying_findings(self._draft)
        if findings:
            self._ask_identifying(findings)
            return
        self._store(confirm_identifying=False)

    def delete(self) -> None:
        """Ask before deleting the stored alert."""
        if self._stored is None or self._prompt_open():
            return
        self._track(ask_delete(self, self._stored.reference, self._delete_answered))

    def force_close(self) -> None:
        """Close at once without asking, dropping unsaved edits and wiping what the dialog shows (locking)."""
        self._forced = True
        self._check_timer.stop()
        self.milestones.close_offer()
        if self._prompt is not None:
            prompt, self._prompt = self._prompt, None
            prompt.blockSignals(True)  # closing it must not answer it
            prompt.done(0)
            prompt.deleteLater()
        self.done(QDialog.DialogCode.Rejected)
        # The undo history holds every earlier draft; the widgets hold the text. Neither outlives the lock.
        self._stack.clear()
        if self.tabs.history is not None:
            self.tabs.history.forget()
        empty = Alert(council="", kind=AlertKind.CSPR, title="")
        self._baseline = empty
        self._apply(empty)
        self._check_timer.stop()

    # -- building --------------------------------------------------------------------------------------

    def _build(self) -> None:
        self.resize(1040, 700)
        self.setMinimumSize(900, 600)
        self.setSizeGripEnabled(True)
        self.setWindowTitle(
            "New alert[*] — SG Desktop"
            if self._stored is None
            else f"{self._stored.reference}[*] — Edit alert"
        )

        title = "New alert" if self._stored is None else self._stored.reference
        self.header = EditorHeader(title, self._stack, self)
        self.undo_action, self.redo_action = self.header.undo_action, self.header.redo_action
        self.save_action = self._action("Save", "saveAction", QKeySequence.StandardKey.Save)
        self.tab_actions = [
            self._action(f"Show {name}", f"showTab{i + 1}Action", f"Ctrl+{i + 1}")
            for i, name in enumerate(("details", "milestones", "support offers"))
        ]
        for i, action in enumerate(self.tab_actions):
            action.triggered.connect(lambda _checked=False, i=i: self._show_tab(i))
        self.add_milestone_action = self._action("Add milestone", "addMilestoneAction", "Ctrl+Shift+M")
        self.add_offer_action = self._action("Add support offer", "addOfferAction", "Ctrl+Shift+O")
        self.tabs = EditorTabs(self.details, self.milestones, self.offers, self)
        if self._stored is not None and self._history_source is not None:
            self.tabs.add_history(HistoryPage(self._stored.id, self._stored.reference, self._history_source, self))
        offer_help(self, "adding-an-alert", self.header.purpose)

        self.delete_button = QPushButton("&Delete alert…", self)
        self.delete_button.setObjectName("deleteButton")
        self.delete_button.setAccessibleName("Delete this alert")
        self.delete_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_TrashIcon))
        self.delete_button.setVisible(self._stored is not None)
        self.status = QLabel(self)
        self.status.setObjectName("editorStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # a message may name a reference from another office
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setToolTip("Close the editor (Esc)")
        self.save_button = QPushButton("&Save", self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setToolTip("Save the alert (Ctrl+S)")
        self.save_button.setProperty("role", "primary")
        footer = QHBoxLayout()
        footer.addWidget(self.delete_button)
        footer.addWidget(self.status, 1)
        footer.addWidget(self.cancel_button)
        footer.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(footer)
        # Return in a field must neither save a half-written alert nor press the button last clicked (Add
        # milestone, Remove…): no button of the editor is a default one. Saving is Ctrl+S or the button.
        for push in self.findChildren(QPushButton):
            push.setAutoDefault(False)
            push.setDefault(False)

        # Tab follows what the officer sees: the tabs, the page shown (hidden pages are passed over), then
        # Delete, Cancel and Save, last.
        self._focus_chain = [self.tabs.tabBar(), *self.details.focus_chain(), *self.milestones.focus_chain(),
                             *self.offers.focus_chain(), *([self.tabs.history.list] if self.tabs.history else []),
                             self.delete_button, self.cancel_button, self.save_button]
        router = UndoKeyRouter(self._stack, self)
        self._router = router
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit | QPlainTextEdit | QAbstractSpinBox | QComboBox):
                widget.installEventFilter(router)

    def _action(self, text: str, name: str, *keys: str | QKeySequence | QKeySequence.StandardKey) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(key) for key in keys])
        self.addAction(action)
        return action

    def _connect(self) -> None:
        self.save_action.triggered.connect(self.save)
        self.add_milestone_action.triggered.connect(self._add_milestone)
        self.add_offer_action.triggered.connect(self._add_offer)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.delete_button.clicked.connect(self.delete)
        self.details.edited.connect(self._details_edited)
        self.details.needs_check.connect(self._check_timer.start)
        self.milestones.edited.connect(
            lambda items, text, key: self._list_edited("milestones", items, text, key)
        )
        self.offers.edited.connect(lambda items, text, key: self._list_edited("offers", items, text, key))
        self.milestones.moved_together.connect(self._milestones_moved_together)
        self.finished.connect(self._finished)

    # -- edits -----------------------------------------------------------------------------------------

    def _show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)

    def _add_milestone(self) -> None:
        self.tabs.setCurrentIndex(MILESTONES_TAB)
        self.milestones.add_item()

    def _add_offer(self) -> None:
        self.tabs.setCurrentIndex(OFFERS_TAB)
        self.offers.add_item()

    def _details_edited(self, field: str, value: object) -> None:
        self._touched.add(field)
        after = changed_copy(self._draft, {field: value})
        if after != self._draft:
            merge = f"field:{field}" if field in _TEXT_FIELDS else ""
            self._push(after, f"Edit {_FIELD_NAMES.get(field, field)}", merge)

    def _list_edited(self, field: str, items: object, text: str, merge_key: str) -> None:
        self._touched.add(field)
        after = changed_copy(self._draft, {field: items})
        if after != self._draft:
            self._push(after, text, merge_key)

    def _milestones_moved_together(self, items: object, text: str, move_key: str) -> None:
        """A moved date and the later milestones moved with it: one undo step from before it was typed."""
        undo_run(self._stack, move_key)
        self._list_edited("milestones", items, text, "")

    def _push(self, after: Alert, text: str, merge_key: str) -> None:
        self._stack.push(DraftCommand(self._apply, self._draft, after, text, merge_key))

    def _apply(self, draft: Alert) -> None:
        """Make `draft` the alert being edited and show it on every page."""
        self._draft = draft
        self.details.show_alert(draft)
        self.milestones.set_alert_kind(draft.kind)
        if draft.milestones != self.milestones.milestones():
            self.milestones.show_milestones(draft.milestones)
        if draft.offers != self.offers.offers():
            self.offers.show_offers(draft.offers)
        self.tabs.show_counts(draft)
        self.header.describe(self._subheading(), draft.handling.label)
        self.setWindowModified(self.is_dirty())
        self._check_timer.start()

    def _subheading(self) -> str:
        council = self._directory.by_code(self._draft.council)
        where = council.name if council else "No council chosen yet"
        if self._stored is None:
            return f"{where} · gets its reference when first saved"
        saved = self._stored.updated_at
        when = f" · last saved {short_day(saved.astimezone().date())}" if saved else ""
        return f"{where} · revision {self._stored.revision}{when}"

    # -- checks ----------------------------------------------------------------------------------------

    def _problems(self) -> list[Problem]:
        return problems_in_alert(self._draft, lambda code: self._directory.by_code(code) is not None)

    def _run_checks(self) -> None:
        """Show the broken rules of touched fields and every identifying-looking span, where they are."""
        problems = [p for p in self._problems() if self._show_all or form_field(place_of(p)) in self._touched]
        findings = identifying_findings(self._draft)
        self.tabs.show_checks(problems, findings)
        if findings:
            places = ", ".join(dict.fromkeys(f.path.label for f in findings))
            self._set_status(f"The text may identify a child — see {places}.", warning=True)
        elif problems:
            count = len(problems)
            self._set_status(
                f"{count} {'problem' if count == 1 else 'problems'} to fix before saving.", error=True
            )
        else:
            self._set_status("Unsaved changes." if self.is_dirty() else "")

    def _set_status(self, text: str, *, error: bool = False, warning: bool = False) -> None:
        colour = "#b3261e" if error else "#8a5300" if warning else "palette(placeholder-text)"
        self.status.setStyleSheet(f"color: {colour};")
        self.status.setText(text)

    # -- saving and closing ----------------------------------------------------------------------------

    def _prompt_open(self) -> bool:
        return self._prompt is not None

    def _track(self, box: QMessageBox) -> None:
        """Remember the open question, so that a second Escape or Save does not open another."""
        self._prompt = box
        box.finished.connect(lambda _result: self._untrack(box))

    def _untrack(self, box: QMessageBox) -> None:
        if self._prompt is box:
            self._prompt = None

    def _ask_identifying(self, findings: list[AlertFinding]) -> None:
        first = findings[0]
        self._track(ask_identifying(self, findings, lambda answer: self._identifying_answered(answer, first)))

    def _identifying_answered(self, answer: str, first: AlertFinding) -> None:
        if answer == SAVE_ANYWAY:
            self._store(confirm_identifying=True)
        else:
            self.tabs.go_to_finding(first)

    def _store(self, *, confirm_identifying: bool) -> None:
        try:
            if self._stored is None:
                stored = self._service.add(self._draft, confirm_identifying=confirm_identifying)
            else:
                stored = self._service.save(self._draft, confirm_identifying=confirm_identifying)
        except IdentifyingDataWarning:
            self._ask_identifying(identifying_findings(self._draft))
            return
        except ValidationError as error:
            self._show_all = True
            self._run_checks()
            self._set_status("Nothing was saved: " + str(error), error=True)
            return
        except SgError as error:
            # The error tree's messages never carry record text, so they may be shown as they are.
            self._set_status("Nothing was saved: " + str(error), error=True)
            return
        self._baseline = self._draft = stored
        self.setWindowModified(False)
        self.saved.emit(stored)
        self.done(QDialog.DialogCode.Accepted)

    def _delete_answered(self, answer: str) -> None:
        if answer != CONFIRM_DELETE or self._stored is None:
            return
        reference = self._stored.reference
        try:
            self._service.delete(reference)
        except SgError as error:
            self._set_status("Nothing was deleted: " + str(error), error=True)
            return
        self._baseline = self._draft
        self.deleted.emit(reference)
        self.done(QDialog.DialogCode.Accepted)

    def reject(self) -> None:
        """Escape, Cancel or the window's close button: ask first when there are unsaved edits."""
        if self._forced or not self.is_dirty():
            super().reject()
            return
        if self._prompt_open():
            return
        self._track(ask_unsaved(self, self._unsaved_answered))

    def _unsaved_answered(self, answer: str) -> None:
        if answer == SAVE_CHANGES:
            # The question is still closing; saving may need to ask about identifying text in a new box.
            QTimer.singleShot(0, self, self.save)
        elif answer == DISCARD_CHANGES:
            self._forced = True
            super().reject()

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab move in the order the officer sees (see `step_focus`)."""
        return step_focus(self._focus_chain, next) or super().focusNextPrevChild(next)

    def showEvent(self, event: QShowEvent) -> None:
        """Start in the first field to fill: the council for a new alert (the title when the council is this
        vault's own, already chosen), else the title."""
        super().showEvent(event)
        QTimer.singleShot(0, self, self._place_cursor)

    def _place_cursor(self) -> None:
        if self._stored is None and not self._baseline.council:
            self.details.council.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        # A selected title would be replaced by the first key pressed; put the cursor at its end instead.
        self.details.title.setFocus(Qt.FocusReason.OtherFocusReason)
        self.details.title.deselect()
        self.details.title.end(False)

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window's close button goes through `reject`, so it asks about unsaved edits too."""
        if self._forced or not self.is_dirty():
            event.accept()
            super().closeEvent(event)
            return
        event.ignore()
        self.reject()

    def _finished(self, _result: int) -> None:
        self._check_timer.stop()
        # Every earlier draft lives in the undo history; once the editor is closed nothing needs them.
        self._stack.clear()
