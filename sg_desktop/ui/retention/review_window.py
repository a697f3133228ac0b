"""View ▸ Due for review…: closed alerts past the retention period, and those on legal hold.

For the alerts due, the officer deletes now (after a question naming the references), keeps one for another
period or puts one on legal hold (each with a reason, `DecisionDialog`); held alerts are listed apart, with
Release hold. Every change is made through `RetentionService` and read back at once; `changed` tells the main
window to read its log again. Rows are item-view text, never rich text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QHeaderView,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.retention import RetentionReview, RetentionService, ReviewLine
from sg_desktop.domain.errors import SgError
from sg_desktop.domain.typed_dates import long_date
from sg_desktop.ui.help.sections import offer_help
from sg_desktop.ui.retention.decision_dialog import DecisionDialog
from sg_desktop.ui.shared.formatting import KIND_SHORT, day_text, plural
from sg_desktop.ui.shared.widgets import LIST_STYLE, button, button_row, label, plain_tooltip, set_tab_order

__all__ = ["CANCEL_RETENTION_DELETE", "CONFIRM_RETENTION_DELETE", "REFERENCE_ROLE", "RetentionWindow"]

REFERENCE_ROLE = Qt.ItemDataRole.UserRole + 1
CONFIRM_RETENTION_DELETE = "confirmRetentionDelete"
CANCEL_RETENTION_DELETE = "cancelRetentionDelete"


class RetentionWindow(QDialog):
    """The review of `service`'s vault; `changed` fires after each decision or deletion."""

    changed = Signal()

    def __init__(self, service: RetentionService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retentionWindow")
        self.setWindowTitle("Due for review — SG Desktop")
        self.setModal(False)
        self._service = service
        self._open: list[QWidget] = []  # the question or dialog open over the window, if any

        self.intro = label("", self, "hint", "retentionIntro")
        self.summary = label("", self, "", "retentionSummary")
        self.due_list = _tree(self, "retentionDueList", "Alerts due for review",
                              ["Reference", "Council", "Kind", "Closed on", "Due since"])
        self.due_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.delete_button = button("&Delete now…", "retentionDeleteButton", self, self.ask_delete)
        self.keep_button = button("&Keep for another period…", "retentionKeepButton", self,
                                  lambda: self._decide(keeping=True))
        self.hold_button = button("Legal &hold…", "retentionHoldButton", self, lambda: self._decide(keeping=False))
        self.held_heading = label("On legal hold", self, "subheading", "retentionHeldHeading")
        self.held_list = _tree(self, "retentionHeldList", "Alerts on legal hold",
                               ["Reference", "Council", "Kind", "Closed on", "Held since", "Reason"])
        self.release_button = button("&Release hold", "retentionReleaseButton", self, self.release)
        self.status = label("", self, "hint", "retentionStatus")
        refresh = button("Re&fresh", "refreshRetentionButton", self, self.refresh)
        close = button("Close", "closeRetentionButton", self, self.reject)
        for b in (self.delete_button, self.keep_button, self.hold_button, self.release_button, refresh, close):
            b.setAutoDefault(False)
        self.due_list.itemSelectionChanged.connect(self._update_buttons)
        self.held_list.itemSelectionChanged.connect(self._update_buttons)
        set_tab_order(self.due_list, self.delete_button, self.keep_button, self.hold_button, self.held_list,
                      self.release_button, refresh, close)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(label("Due for review", self, "heading", "retentionHeading"))
        layout.addWidget(self.intro)
        layout.addWidget(self.summary)
        layout.addWidget(self.due_list, 3)
        layout.addLayout(button_row(start=[self.delete_button, self.keep_button, self.hold_button]))
        layout.addSpacing(6)
        layout.addWidget(self.held_heading)
        layout.addWidget(self.held_list, 2)
        layout.addLayout(button_row(start=[self.release_button]))
        layout.addWidget(self.status)
        layout.addLayout(button_row(start=[refresh], end=[close]))
        self.resize(900, 620)
        offer_help(self, "retention", self.intro)
        self.refresh()

    # -- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the review again."""
        review = self._service.review()
        self.intro.setText(f"Closed alerts whose retention period has passed: {review.months} months after closing "
                           "(Preferences). Delete each now, keep it for another period or put it on legal hold. "
                           "Decisions are recorded in the audit trail; their reasons stay in this vault only.")
        self._fill(review)

    def _fill(self, review: RetentionReview) -> None:
        due_day = long_date(review.as_of)
        self.summary.setText(f"{plural(len(review.due), 'alert')} due for review on {due_day}."
                             if review.due else f"Nothing is due for review on {due_day}.")
        _fill_tree(self.due_list, review.due, lambda line: [day_text(line.due_on) if line.due_on else ""],
                   choose_first=True)
        _fill_tree(self.held_list, review.held, _held_cells, choose_first=False)
        self.held_heading.setText(f"On legal hold ({len(review.held)})" if review.held else "On legal hold: none")
        self._update_buttons()

    def selected_due(self) -> list[str]:
        """The references chosen in the list of alerts due."""
        return [str(item.data(0, REFERENCE_ROLE)) for item in self.due_list.selectedItems()]

    def _update_buttons(self) -> None:
        chosen = len(self.selected_due())
        self.delete_button.setEnabled(chosen > 0)
        self.keep_button.setEnabled(chosen == 1)
        self.hold_button.setEnabled(chosen == 1)
        self.release_button.setEnabled(bool(self.held_list.selectedItems()))

    # -- deciding ------------------------------------------------------------------------------

    def ask_delete(self) -> None:
        """Ask, naming the references, before deleting the chosen alerts for good."""
        references = self.selected_due()
        if not references:
            return
        names = ", ".join(references)
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete for good",
                          f"Delete {names} for good?", QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("retentionDeleteConfirm")
        box.setTextFormat(Qt.TextFormat.PlainText)  # references come from records: never markup
        box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 420px; }")  # as the other questions
        box.setInformativeText(
            "Everything it says (title, summary, milestones, support offers, notes and reasons) is removed from "
            "this vault and cannot be brought back. Its reference stays as a deletion record, so that the offices "
            "it was sent to remove their copies with the next file you send them.")
        confirm = box.addButton("Delete for good", QMessageBox.ButtonRole.DestructiveRole)
        confirm.setObjectName(CONFIRM_RETENTION_DELETE)
        cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        cancel.setObjectName(CANCEL_RETENTION_DELETE)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.buttonClicked.connect(lambda b: self._delete_answered(b.objectName() == CONFIRM_RETENTION_DELETE,
                                                                  references))
        self._track(box)
        box.open()

    def _delete_answered(self, confirmed: bool, references: list[str]) -> None:
        if not confirmed:
            return
        # Writing the search index again takes a second or two in a large vault: say so while it happens.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            deleted = self._service.delete(references)
        except SgError as exc:
            self._say(str(exc))
            self.refresh()
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.refresh()
        self._say(f"Deleted {', '.join(deleted.references)} for good. The offices it was sent to are told with the "
                  "next file you send them.")
        self.changed.emit()

    def _decide(self, *, keeping: bool) -> None:
        references = self.selected_due()
        if len(references) != 1:
            return
        try:
            line = self._service.find(references[0])
        except SgError as exc:
            self._say(str(exc))
            self.refresh()
            return
        dialog = DecisionDialog(self._service, line, keeping=keeping, on_saved=self._decided, parent=self)
        self._track(dialog)
        dialog.open()

    def _decided(self, line: ReviewLine) -> None:
        self.refresh()
        if line.alert.on_hold:
            self._say(f"{line.reference} is on legal hold; it is listed below until the hold is lifted.")
        else:
            when = long_date(line.due_on) if line.due_on else "later"
            self._say(f"{line.reference} is kept; it is due for review again on {when}.")
        self.changed.emit()

    def release(self) -> None:
        """Lift the hold on the chosen held alert."""
        items = self.held_list.selectedItems()
        if not items:
            return
        reference = str(items[0].data(0, REFERENCE_ROLE))
        try:
            line = self._service.release(reference)
        except SgError as exc:
            self._say(str(exc))
            self.refresh()
            return
        self.refresh()
        when = f"due for review since {long_date(line.due_on)}" if line.due_on else "not yet due"
        self._say(f"The legal hold on {line.reference} is lifted; it is {when}.")
        self.changed.emit()

    # -- inside --------------------------------------------------------------------------------

    def clear(self) -> None:
        """Forget every row and close what is open over the window (the vault is locking)."""
        for widget in list(self._open):
            widget.close()
        self._open.clear()
        self.due_list.clear()
        self.held_list.clear()
        self.summary.clear()
        self.status.clear()

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _track(self, widget: QDialog) -> None:
        self._open.append(widget)
        widget.finished.connect(lambda _code, w=widget: self._open.remove(w) if w in self._open else None)


def _tree(parent: QWidget, name: str, accessible: str, headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setObjectName(name)
    tree.setAccessibleName(accessible)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    tree.setSortingEnabled(False)
    tree.setStyleSheet(LIST_STYLE + "QTreeView::item { padding: 4px 8px 4px 2px; }")
    tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    tree.ensurePolished()  # the padding applies from the first rows on: uniform row heights are measured once
    header = tree.header()
    header.setStretchLastSection(True)
    header.setResizeContentsPrecision(200)  # columns fit the first rows: measuring thousands made opening slow
    for column in range(len(headers) - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return tree


def _held_cells(line: ReviewLine) -> list[str]:
    decision = line.alert.decision
    return ["" if decision is None else day_text(decision.decided_at.date()),
            "" if decision is None else decision.reason]


def _fill_tree(tree: QTreeWidget, lines: tuple[ReviewLine, ...], extra: Callable[[ReviewLine], list[str]], *,
               choose_first: bool) -> None:
    chosen = {str(item.data(0, REFERENCE_ROLE)) for item in tree.selectedItems()}
    tree.clear()
    items = []
    for line in lines:
        closed = day_text(line.alert.closed_on) if line.alert.closed_on else "Not closed"
        item = QTreeWidgetItem([line.reference, line.council_name, KIND_SHORT[line.alert.kind], closed,
                                *extra(line)])
        item.setData(0, REFERENCE_ROLE, line.reference)
        last = tree.columnCount() - 1
        item.setToolTip(last, plain_tooltip(item.text(last)))  # a long reason, whole
        items.append(item)
    tree.addTopLevelItems(items)
    for item in items:
        if item.data(0, REFERENCE_ROLE) in chosen:
            item.setSelected(True)
    if items and not tree.selectedItems():
        # The first alert due is chosen, so the keyboard can act at once (every action asks first); a held one
        # is never chosen for the officer, as Release acts at once.
        flag = QItemSelectionModel.SelectionFlag
        tree.setCurrentItem(items[0], 0, flag.ClearAndSelect | flag.Rows if choose_first else flag.NoUpdate)

