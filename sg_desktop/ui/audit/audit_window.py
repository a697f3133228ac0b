"""View ▸ Audit trail: every entry of the vault's audit log, newest first, filtered, and the chain verified.

The table reads a page at a time (`AuditTableModel`), so a trail of 100,000 entries opens as fast as one of
ten. Filters: from and to days, the kind of event, the office, an alert's reference. "Verify chain" checks
every link off the GUI thread and says whether the trail is intact or names the first entry that was
changed, removed or inserted outside SG Desktop. Nothing here shows an alert's text: entries hold none.
The window closes when the vault locks, forgetting what it showed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QTableView, QVBoxLayout, QWidget

from sg_desktop.app.audit_view import AuditQuery, AuditView, ChainCheck
from sg_desktop.app.failures import calm_message
from sg_desktop.ui.audit.audit_filters import AuditFilterBar
from sg_desktop.ui.audit.audit_model import COLUMNS, AuditTableModel
from sg_desktop.ui.help.sections import offer_help
from sg_desktop.ui.shared.widgets import LIST_STYLE, label, push_button, restyle, set_tab_order
from sg_desktop.ui.shared.workers import BackgroundTask, run_in_background

if TYPE_CHECKING:
    from datetime import date

    from sg_desktop.ui.log.main_window import MainWindow

__all__ = ["AuditWindow", "open_audit"]

_NOT_CHECKED = ("Verify chain checks that every entry is linked to the one before, so that an entry changed, "
                "removed or inserted outside SG Desktop shows.")
_WIDTHS = (64, 140, 170, 130, 190)  # the first columns; Details takes the rest


def open_audit(window: MainWindow) -> AuditWindow | None:
    """Show the audit window over `window` (raising the one already open); None while the vault is locked."""
    session = window.session
    if session is None or session.is_locked or window.is_locked:
        return None
    shown = window.findChild(AuditWindow, "auditWindow")
    if shown is not None and shown.isVisible():
        shown.raise_()
        shown.activateWindow()
        return shown
    audit = AuditWindow(session.audit, session.alerts.today(), window, is_locked=lambda: window.is_locked)
    audit.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    # Locking clears the log's model first: the window goes then, before the vault closes.
    window.model.modelReset.connect(audit.close_if_locked)
    audit.show()
    return audit


class AuditWindow(QDialog):
    """The audit trail of `view`: filters, the table of entries, their count, and the chain check
    (`verified(ChainCheck)` once a check has finished)."""

    verified = Signal(object)

    def __init__(self, view: AuditView, today: date, parent: QWidget | None = None, *,
                 is_locked: Callable[[], bool] = lambda: False) -> None:
        super().__init__(parent)
        self.setObjectName("auditWindow")
        self.setWindowTitle("Audit trail — SG Desktop")
        self.setModal(False)
        self.setSizeGripEnabled(True)
        self.resize(1180, 640)
        self._view: AuditView | None = view
        self._task: BackgroundTask | None = None
        self._is_locked = is_locked

        heading = label("Audit trail", self, "heading", "auditHeading")
        intro = label("Every change to this vault, every file sent or received, every office added or changed, and "
                      "each unlock and lock, newest first. Entries name alerts by reference and say which fields "
                      "changed; they never hold an alert's text.", self, "hint", "auditIntro")
        self.filters = AuditFilterBar(view.kinds, view.office_names(), today, self)
        self.model = AuditTableModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName("Audit entries, newest first")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setStyleSheet(LIST_STYLE)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for column, width in enumerate(_WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.count_label = label("", self, "hint", "auditCount")
        self.verdict = label(_NOT_CHECKED, self, "hint", "auditVerifyResult")
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verify_button = push_button("&Verify chain", "auditVerifyButton", self, self.verify)
        self.verify_button.setToolTip("Check every link of the audit chain")
        self.refresh_button = push_button("&Refresh", "auditRefresh", self, self.reload)
        self.refresh_button.setToolTip("Read the audit trail again (F5)")
        self.close_button = push_button("Close", "auditClose", self, self.close)
        for push in (self.verify_button, self.refresh_button, self.close_button):
            push.setAutoDefault(False)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.reload)

        footer = QHBoxLayout()
        footer.addWidget(self.verdict, 1)
        footer.addWidget(self.verify_button)
        footer.addWidget(self.refresh_button)
        footer.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addLayout(footer)
        set_tab_order(self.filters.since_on, self.filters.since, self.filters.until_on, self.filters.until,
                      self.filters.kind, self.filters.office, self.filters.reference, self.filters.clear_button,
                      self.table, self.verify_button, self.refresh_button, self.close_button)
        self.filters.changed.connect(self.reload)
        offer_help(self, "audit-trail", intro)
        self.reload()
        self.table.setFocus()

    # -- the contract ----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the entries the filters let through again, from the newest."""
        view = self._view
        if view is None:
            return
        self.filters.flush()
        problem = self.filters.problem()
        if problem:
            self.model.clear()
            self._say_count(problem, error=True)
            return
        query = self.filters.query()
        self.model.set_source(lambda before, limit: view.lines(query, before, limit))
        total = view.count(query)
        if total == 0:
            self._say_count("No entry matches these filters." if query != AuditQuery() else "No entries yet.")
        else:
            noun = "entry" if total == 1 else "entries"
            filtered = " match these filters" if query != AuditQuery() else " in the audit trail"
            self._say_count(f"{total:,} {noun}{filtered}, newest first.")

    def verify(self) -> None:
        """Check every link of the chain off the GUI thread, then say what was found."""
        view = self._view
        if view is None or self._task is not None:
            return
        self.verify_button.setEnabled(False)
        self.verdict.setText("Verifying every entry of the audit trail…")
        restyle(self.verdict, "hint")
        self._task = run_in_background(view.check, self._checked, self._check_failed)

    def close_if_locked(self) -> None:
        """Close at once, forgetting every entry shown, if the vault has locked."""
        if self._is_locked():
            self.forget()
            self.close()

    def forget(self) -> None:
        """Drop the entries and the service (locking)."""
        self._view = None
        self.model.clear()
        self.count_label.clear()
        self.verdict.setText(_NOT_CHECKED)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing forgets what the window showed."""
        self.forget()
        super().closeEvent(event)

    # -- reacting --------------------------------------------------------------------------------------

    def _checked(self, check: ChainCheck) -> None:
        self._task = None
        self.verify_button.setEnabled(True)
        if self._view is None:
            return
        if check.intact:
            self.verdict.setText(f"✓ {check.message}")
            restyle(self.verdict, "hint")
        else:
            self.verdict.setText(f"⚠ {check.message} Restore the vault from a backup made before that entry, or "
                                 "keep this copy as evidence.")
            restyle(self.verdict, "error")
            row = self.model.row_of(check.broken_seq) if check.broken_seq is not None else None
            if row is not None:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
        self.verified.emit(check)

    def _check_failed(self, exc: BaseException) -> None:
        self._task = None
        self.verify_button.setEnabled(True)
        if self._view is None:
            return
        self.verdict.setText(f"⚠ {calm_message(exc, doing='Verifying the audit trail')}")
        restyle(self.verdict, "error")

    def _say_count(self, text: str, *, error: bool = False) -> None:
        self.count_label.setText(text)
        restyle(self.count_label, "error" if error else "hint")
