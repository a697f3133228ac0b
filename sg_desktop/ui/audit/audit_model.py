"""The audit trail as a Qt table model, read a page at a time, newest first.

The vault filters in SQL and hands back a page of entries older than the last one shown (`AuditView.lines`),
so opening a trail of 100,000 entries reads 200 of them; the view asks for the next page (`fetchMore`) as
it is scrolled to the end. Every cell is plain text; a tooltip that repeats a cell goes through
`plain_tooltip`, since a reference or an office's name may come from another office's file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from sg_desktop.app.audit_view import PAGE, AuditLine
from sg_desktop.ui.shared.formatting import moment_text
from sg_desktop.ui.shared.widgets import plain_tooltip

__all__ = ["COLUMNS", "AuditTableModel", "Fetch"]

COLUMNS = ("No.", "When", "Event", "Alert", "Office", "Details")
_NUMBER, _WHEN, _WHAT, _ALERT, _OFFICE, _DETAILS = range(len(COLUMNS))

Fetch = Callable[[int | None, int], list[AuditLine]]
"""Reads up to `limit` entries older than entry `before` (None: from the newest), newest first."""

_Index = QModelIndex | QPersistentModelIndex
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class AuditTableModel(QAbstractTableModel):
    """Audit entries, newest first; `set_source(fetch)` starts again from the newest, `clear()` forgets all."""

    def __init__(self, parent: QObject | None = None, *, page: int = PAGE) -> None:
        super().__init__(parent)
        self._page = page
        self._fetch: Fetch | None = None
        self._lines: list[AuditLine] = []
        self._rows: list[tuple[str, ...]] = []
        self._more = False

    # -- the contract ----------------------------------------------------------------------------------

    def set_source(self, fetch: Fetch | None) -> None:
        """Show what `fetch` reads, from the newest entry (None: nothing)."""
        self.beginResetModel()
        self._fetch = fetch
        self._lines, self._rows, self._more = [], [], fetch is not None
        if fetch is not None:
            self._append(fetch(None, self._page))
        self.endResetModel()

    def clear(self) -> None:
        """Forget every entry shown (on locking)."""
        self.set_source(None)

    def line(self, row: int) -> AuditLine:
        """The entry on `row`."""
        return self._lines[row]

    def row_of(self, seq: int) -> int | None:
        """The row showing entry `seq`, if it is loaded."""
        return next((i for i, line in enumerate(self._lines) if line.seq == seq), None)

    # -- Qt ----------------------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        """How many entries are loaded."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        """The columns: number, when, event, alert, office, details."""
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Each cell's words; the details and the office again as a tooltip (they may not fit)."""
        if not index.isValid():
            return None
        text = self._rows[index.row()][index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return text
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (_DETAILS, _OFFICE, _ALERT) and text:
            return plain_tooltip(text)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == _NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Selectable, never editable."""
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def canFetchMore(self, parent: _Index) -> bool:
        """Whether older entries are left to read."""
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index) -> None:
        """Read the next page of older entries."""
        if parent.isValid() or not self._more or self._fetch is None:
            return
        older = self._fetch(self._lines[-1].seq if self._lines else None, self._page)
        if not older:
            self._more = False
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(older) - 1)
        self._append(older)
        self.endInsertRows()

    # -- inside ----------------------------------------------------------------------------------------

    def _append(self, lines: list[AuditLine]) -> None:
        self._lines += lines
        self._rows += [(f"{line.seq:,}", moment_text(line.at), line.what, line.reference, line.office, line.details)
                       for line in lines]
        self._more = self._more and len(lines) >= self._page
