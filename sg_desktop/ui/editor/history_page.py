"""The alert editor's History tab: the alert's own audit entries, newest first.

Who (this office, or the office a file came from), when, and what: added, edited (which fields, which
milestones moved, which offers changed status), sent to which offices, received from which office, deleted.
Entries hold no field text, so none is shown. The entries are read when the tab is first shown, not when the
editor opens; `refresh()` reads them again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from sg_desktop.app.audit_view import AuditLine
from sg_desktop.app.failures import calm_message
from sg_desktop.domain.errors import SgError
from sg_desktop.ui.shared.formatting import moment_text
from sg_desktop.ui.shared.widgets import LIST_STYLE, label, plain_tooltip, plain_tree

__all__ = ["HISTORY_COLUMNS", "HistoryPage"]

HISTORY_COLUMNS = ["When", "Who", "What", "Details"]


class HistoryPage(QWidget):
    """The entries `history(alert_id, reference)` reads, as a list; shown on demand."""

    def __init__(self, alert_id: str, reference: str, history: Callable[[str, str], list[AuditLine]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPage")
        self._alert_id = alert_id
        self._reference = reference
        self._history = history
        self._loaded = False
        self.intro = label("What happened to this alert, newest first: who changed it and which fields, where it "
                           "was sent and where it came from. The alert's text is never recorded.", self, "hint",
                           "historyIntro")
        self.list: QTreeWidget = plain_tree(self, "historyList", "This alert's history, newest first",
                                            HISTORY_COLUMNS)
        self.list.setWordWrap(True)
        self.list.setStyleSheet(LIST_STYLE + "QTreeView::item { padding: 4px 8px 4px 2px; }")
        header = self.list.header()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.note = label("", self, "hint", "historyNote")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.note)

    def ensure_loaded(self) -> None:
        """Read the entries, the first time the page is shown."""
        if not self._loaded:
            self.refresh()

    def refresh(self) -> None:
        """Read the alert's entries again."""
        self._loaded = True
        self.list.clear()
        try:
            lines = self._history(self._alert_id, self._reference)
        except SgError as exc:  # said on the page: a damaged trail must not stop the alert being edited
            self.note.setText(calm_message(exc, doing="Reading this alert's history"))
            return
        for line in lines:
            item = QTreeWidgetItem([moment_text(line.at), _who(line), line.what, line.details])
            for column in (1, 3):
                if item.text(column):
                    item.setToolTip(column, plain_tooltip(item.text(column)))
            self.list.addTopLevelItem(item)
        n = len(lines)
        self.note.setText(f"{n:,} {'entry' if n == 1 else 'entries'} in the audit trail." if n else
                          "No entries for this alert yet.")

    def forget(self) -> None:
        """Clear what the page shows (locking)."""
        self.list.clear()
        self.note.clear()
        self._loaded = False

    def entries_shown(self) -> list[list[str]]:
        """The rows as shown, for reading back."""
        out = []
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            if item is not None:
                out.append([item.text(c) for c in range(len(HISTORY_COLUMNS))])
        return out


def _who(line: AuditLine) -> str:
    """Who did it: this office, or the office a file came from; and to whom something was sent."""
    if line.action == "alert.export" and line.office:
        return f"This office, to {line.office}"
    return line.who
