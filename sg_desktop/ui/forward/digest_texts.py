"""The digest window's quoted texts as a two-level item model: each theme, and under it its texts, newest first.

A text's row shows its first line, its council (or "A council"), its case's kind and when it was recorded; the
window shows the whole text of the row chosen. Rows are made only as the view asks for them, so a digest of
thousands of texts opens as quickly as one of ten. Every string is given to the view as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from sg_desktop.app.digest import SharedText, ThemeGroup
from sg_desktop.domain.typed_dates import long_date
from sg_desktop.ui.shared.formatting import KIND_SHORT, day_text
from sg_desktop.ui.shared.widgets import plain_tooltip

__all__ = ["DigestTextModel"]

_HEADERS = ("Text", "Council", "Kind of case", "Recorded")
_Index = QModelIndex | QPersistentModelIndex


class DigestTextModel(QAbstractItemModel):
    """Themes at the top level (internal id 0); a text's internal id is its theme's row plus one."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._groups: tuple[ThemeGroup, ...] = ()

    def set_groups(self, groups: tuple[ThemeGroup, ...]) -> None:
        """Show these themes and texts (an empty tuple: nothing)."""
        self.beginResetModel()
        self._groups = groups
        self.endResetModel()

    def text_at(self, index: _Index) -> SharedText | None:
        """The text of a text's row (None for a theme's row or no row)."""
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._groups[index.internalId() - 1].texts[index.row()]

    def group_at(self, index: _Index) -> ThemeGroup | None:
        """The theme of a theme's row."""
        if not index.isValid() or index.internalId() != 0:
            return None
        return self._groups[index.row()]

    # -- the model -------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """The index of a row: a theme's at the top, a text's under its theme."""
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """A text's theme; nothing for a theme."""
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Themes at the top; texts under a theme; nothing under a text."""
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()].texts)
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Text, council, kind and when."""
        return len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """The column headings."""
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """Plain text for each cell; a theme's words as its tooltip."""
        if not index.isValid():
            return None
        group = self.group_at(index)
        if group is not None:
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return f"{group.theme} ({len(group.texts):,})"
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain_tooltip(f"Texts with any of these words: {group.words}" if group.words else
                                     "Texts with none of the themes' words")
            return None
        text = self.text_at(index)
        if text is None or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if column == 0:
            first = text.text.splitlines()[0] if text.text else ""
            return first if role == Qt.ItemDataRole.DisplayRole else plain_tooltip(text.text)
        if column == 1:
            return text.council
        if column == 2:
            return KIND_SHORT[text.kind] if role == Qt.ItemDataRole.DisplayRole else text.kind.label
        if text.recorded is None:
            return ""
        return day_text(text.recorded) if role == Qt.ItemDataRole.DisplayRole else long_date(text.recorded)
