"""The alert log as a Qt table model, read from the vault a page at a time.

The vault filters, sorts and pages in SQL (`AlertService.rows` / `count`), so the model holds only the
rows on and near the screen: a small cache of pages, oldest dropped first. Sorting goes back to the
vault too — a `QSortFilterProxyModel` over 100,000 rows took seconds per change. Rows carry no full
text: the details pane asks for the one selected alert.

Counting a broad full-text match costs as much as reading its first page, so while the officer types a
search the model shows the first page at once and counts the rest only when typing pauses (or when
the view scrolls past the first page: `fetchMore`); the new rows then arrive as an insertion.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal

from sg_desktop.app.alerts import AlertService
from sg_desktop.domain.query import AlertQuery, AlertRow, SortKey
from sg_desktop.domain.urgency import UrgencyLevel, level_for
from sg_desktop.ui.shared.formatting import KIND_SHORT, day_text, days_text
from sg_desktop.ui.shared.theme import urgency_icon
from sg_desktop.ui.shared.widgets import plain_tooltip

__all__ = ["ALERT_ID_ROLE", "SORT_KEYS", "URGENCY_ROLE", "AlertTableModel", "Column", "column_title"]

ALERT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
URGENCY_ROLE = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex
# Worked out once: the view asks for every cell's flags and data on each paint, and building a Qt flag or
# enum from Python each time was a fifth of the cost of repainting the log after a keystroke.
_CELL_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_TEXT_ROLES = frozenset({int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.AccessibleTextRole)})



class Column(IntEnum):
    """The log's columns, left to right."""

    URGENCY = 0
    REFERENCE = 1
    COUNCIL = 2
    KIND = 3
    TITLE = 4
    NEXT = 5
    DATE = 6
    DAYS = 7
    CONFIDENCE = 8
    MEDIA = 9
    STATUS = 10
    OFFERS = 11


_COLUMNS = tuple(Column)  # by position: indexing a tuple is cheaper than calling the enum

_HEADERS = {
    Column.URGENCY: ("Urgency", "How pressing the next milestone is: its date, its confidence, the media interest"),
    Column.REFERENCE: ("Reference", "The alert's reference"),
    Column.COUNCIL: ("Council", "The council the alert is about"),
    Column.KIND: ("Kind", "What will bring the case into the news"),
    Column.TITLE: ("Title", "The alert's short, non-identifying title"),
    Column.NEXT: ("Next milestone", "The next dated event on the alert's timetable"),
    Column.DATE: ("Date", "The date of the next milestone"),
    Column.DAYS: ("Days to go", "Days from today to the next milestone"),
    Column.CONFIDENCE: ("Confidence", "Date confidence: how sure the council is of the next milestone's date"),
    Column.MEDIA: ("Media", "Media interest: how far the story is expected to travel"),
    Column.STATUS: ("Status", "Where the alert is in its life"),
    Column.OFFERS: ("Offers", "Open support offers: those that still need attention"),
}


def column_title(column: Column) -> str:
    """The words in a column's header ("Days to go")."""
    return _HEADERS[column][0]


# Columns without an SQL order of their own sort by the next milestone's date, which is what drives them.
SORT_KEYS: dict[Column, SortKey] = {
    Column.URGENCY: SortKey.NEXT_DATE,
    Column.REFERENCE: SortKey.REFERENCE,
    Column.COUNCIL: SortKey.COUNCIL,
    Column.KIND: SortKey.KIND,
    Column.TITLE: SortKey.TITLE,
    Column.NEXT: SortKey.NEXT_DATE,
    Column.DATE: SortKey.NEXT_DATE,
    Column.DAYS: SortKey.NEXT_DATE,
    Column.CONFIDENCE: SortKey.NEXT_DATE,
    Column.MEDIA: SortKey.MEDIA,
    Column.STATUS: SortKey.STATUS,
    Column.OFFERS: SortKey.OPEN_OFFERS,
}

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class AlertTableModel(QAbstractTableModel):
    """Alerts matching a query, fetched from the vault in pages; empty while no service is set (locked)."""

    PAGE_SIZE = 200
    MAX_PAGES = 25
    COUNT_DELAY_MS = 250

    counts_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service: AlertService | None = None
        self._query = AlertQuery()
        self._count = 0
        self._exact = True
        self._total = 0
        self._today = date.today()
        self._pages: OrderedDict[int, list[AlertRow]] = OrderedDict()
        self._council_names: dict[str, str] = {}
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(self.COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self.finish_count)

    # -- what the rest of the window uses ------------------------------------------------------

    @property
    def query(self) -> AlertQuery:
        """The current filter and sort."""
        return self._query

    @property
    def total(self) -> int:
        """How many live alerts the vault holds, whatever the filter."""
        return self._total

    @property
    def count_is_exact(self) -> bool:
        """False while a search shows its first page and the rest is not counted yet."""
        return self._exact

    @property
    def cached_pages(self) -> int:
        """How many pages of rows are held now (never more than MAX_PAGES)."""
        return len(self._pages)

    @property
    def has_service(self) -> bool:
        """Whether a vault is attached (False while locked)."""
        return self._service is not None

    def set_service(self, service: AlertService | None) -> None:
        """Show the alerts of `service` (or nothing, for None), keeping the current filter and sort."""
        self.beginResetModel()
        self._service = service
        self._council_names = {} if service is None else {c.ons_code: c.name for c in service.councils}
        self._reload()
        self.endResetModel()
        self.counts_changed.emit()

    def clear(self) -> None:
        """Forget the service and every row (on lock)."""
        self.set_service(None)

    def set_filter(self, query: AlertQuery) -> None:
        """Filter by `query`'s conditions; the model keeps its own sort order."""
        new = replace(query, sort=self._query.sort, descending=self._query.descending)
        if new == self._query and self._service is not None:
            return
        self.beginResetModel()
        self._query = new
        self._reload(recount_total=False)
        self.endResetModel()
        self.counts_changed.emit()

    def refresh(self) -> None:
        """Read the log again (after an alert was saved or deleted)."""
        self.beginResetModel()
        self._reload()
        self.endResetModel()
        self.counts_changed.emit()

    def row_at(self, row: int) -> AlertRow | None:
        """The log line shown in `row`, or None."""
        if not 0 <= row < self._count or self._service is None:
            return None
        page_no, offset = divmod(row, self.PAGE_SIZE)
        page = self._pages.get(page_no)
        if page is None:
            page = self._service.rows(self._query, page_no * self.PAGE_SIZE, self.PAGE_SIZE)
            self._pages[page_no] = page
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        return page[offset] if offset < len(page) else None

    def row_of(self, alert_id: str, hint: int | None = None, *, cached_only: bool = False) -> int | None:
        """The row showing the alert `alert_id`, or None if the filter hides it.

        `hint` (the row it was in before) is checked first, then the pages already read; unless
        `cached_only`, the rest of the log is then read in large pages (and a pending count is done).
        """
        if self._service is None:
            return None
        if hint is not None:
            for row in (hint, hint - 1, hint + 1):
                if cached_only and (row < 0 or row // self.PAGE_SIZE not in self._pages):
                    continue
                found = self.row_at(row)  # reads the hint's page if need be: one small query
                if found is not None and found.id == alert_id:
                    return row
        for page_no, page in self._pages.items():
            for offset, line in enumerate(page):
                if line.id == alert_id:
                    return page_no * self.PAGE_SIZE + offset
        if cached_only:
            return None
        self.finish_count()
        step = 5000
        for start in range(0, self._count, step):
            for i, line in enumerate(self._service.rows(self._query, start, step)):
                if line.id == alert_id:
                    return start + i
        return None

    def finish_count(self) -> None:
        """Count the rest of a search's matches now, and add their rows."""
        self._count_timer.stop()
        self._count_timer.setInterval(self.COUNT_DELAY_MS)
        if self._exact or self._service is None:
            return
        full = self._service.count(self._query)
        self._exact = True
        if full > self._count:
            self.beginInsertRows(QModelIndex(), self._count, full - 1)
            self._count = full
            self.endInsertRows()
        self.counts_changed.emit()

    # -- QAbstractTableModel -------------------------------------------------------------------

    def canFetchMore(self, parent: _Index) -> bool:
        """More rows exist beyond a search's first page until they are counted."""
        return not parent.isValid() and not self._exact

    def fetchMore(self, parent: _Index) -> None:
        """The view scrolled to the end of what is shown: count the rest straight away.

        The rows arrive from the event loop, not inside this call: views (and the model tester) ask for
        more while still handling a reset, and an insertion in the middle of that would be torn.
        """
        if not parent.isValid() and not self._exact:
            self._count_timer.start(0)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """Rows matching the query (none under a valid parent: this is a flat table)."""
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        """The log's columns."""
        return 0 if parent.isValid() else len(Column)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Cells can be selected, never edited in place (the editor dialog edits)."""
        return _CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles, with a tooltip explaining each."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        title, tip = _HEADERS[Column(section)]
        if role == Qt.ItemDataRole.DisplayRole:
            return title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """What each cell shows: text, urgency dot, alignment, tooltip, and the alert id for the window."""
        if not index.isValid() or index.column() >= len(Column):
            return None
        row = self.row_at(index.row())
        if row is None:
            return None
        column = _COLUMNS[index.column()]
        if role in _TEXT_ROLES:
            return self._text(row, column)
        if role == Qt.ItemDataRole.DecorationRole and column == Column.URGENCY:
            return urgency_icon(self._urgency(row))
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in (Column.DAYS, Column.OFFERS) else _LEFT
        if role == ALERT_ID_ROLE:
            return row.id
        if role == URGENCY_ROLE:
            return int(self._urgency(row))
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask the vault for a new order (the header was clicked)."""
        if not 0 <= column < len(Column):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        key = SORT_KEYS[Column(column)]
        if key == self._query.sort and descending == self._query.descending and self._service is not None:
            return
        # A reset, not a layout change: every row may now hold another alert, and the window restores
        # the selection by alert id.
        self.beginResetModel()
        self._query = replace(self._query, sort=key, descending=descending)
        self._pages.clear()
        self.endResetModel()

    # -- inside --------------------------------------------------------------------------------

    def _reload(self, recount_total: bool = True) -> None:
        self._pages.clear()
        self._count_timer.stop()
        self._exact = True
        if self._service is None:
            self._count = self._total = 0
            return
        self._today = self._service.today()
        if recount_total:
            self._total = self._service.total()
        if not self._query.text:
            self._count = self._service.count(self._query)
            return
        first = self._service.rows(self._query, 0, self.PAGE_SIZE)
        self._pages[0] = first
        self._count = len(first)
        if len(first) == self.PAGE_SIZE:
            self._exact = False
            self._count_timer.start()

    def _urgency(self, row: AlertRow) -> UrgencyLevel:
        days = row.days_to_next(self._today)
        if days is None or row.next_confidence is None or days < 0:
            return UrgencyLevel.NONE
        return level_for(days, row.next_confidence, row.media_interest)

    def _text(self, row: AlertRow, column: Column) -> str:
        match column:
            case Column.URGENCY:
                return self._urgency(row).label
            case Column.REFERENCE:
                return row.reference
            case Column.COUNCIL:
                return self._council_names.get(row.council, row.council)
            case Column.KIND:
                return KIND_SHORT[row.kind]
            case Column.TITLE:
                return row.title
            case Column.NEXT:
                return row.next_kind.label if row.next_kind else "—"
            case Column.DATE:
                return day_text(row.next_date) if row.next_date else "—"
            case Column.DAYS:
                return days_text(row.days_to_next(self._today))
            case Column.CONFIDENCE:
                return row.next_confidence.label if row.next_confidence else "—"
            case Column.MEDIA:
                return row.media_interest.label
            case Column.STATUS:
                return row.status.label
            case Column.OFFERS:
                return f"{row.open_offers}" if row.open_offers else "—"
        return ""

    def _tooltip(self, row: AlertRow, column: Column) -> str | None:
        if column == Column.URGENCY:
            level = self._urgency(row)
            if row.next_kind is None or row.next_confidence is None:
                return f"{level.label}: no milestone ahead"
            when = days_text(row.days_to_next(self._today)).lower()
            return (f"{level.label}: {row.next_kind.label.lower()} {when} "
                    f"({row.next_confidence.label.lower()} date, {row.media_interest.label.lower()} interest)")
        if column == Column.KIND:
            return row.kind.label
        if column == Column.TITLE:
            return plain_tooltip(row.title)
        return None
