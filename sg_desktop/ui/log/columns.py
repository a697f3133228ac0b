"""Which of the log's columns show, in what order and how wide, chosen from the header's menu and remembered.

On a 1366-pixel laptop screen the timetable must be visible without scrolling: urgency, reference,
council, title, next milestone, its date and days to go. Those show by default, the title taking the spare
width; kind, confidence, media interest, status and open offers are a tick away in the header's context
menu (or View ▸ Columns), which also moves a column left or right and puts everything back as it was.

The choice is kept in the settings as plain text naming the columns shown, in order, with their widths
("urgency:96,reference:124,title,…"): never anything read from the vault.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView, QWidget

from sg_desktop.ui.log.table_model import Column, column_title

__all__ = [
    "DEFAULT_SHOWN",
    "ColumnLayout",
    "add_columns_submenu",
    "columns_menu",
    "fill_columns_menu",
    "fit_columns",
    "install_header_menu",
    "shown_titles",
]

DEFAULT_SHOWN = (Column.URGENCY, Column.REFERENCE, Column.COUNCIL, Column.TITLE, Column.NEXT, Column.DATE,
                 Column.DAYS)
# The widest text each column usually holds, so a date never shows as "15 Fe" whatever the font.
_SAMPLES = {
    Column.URGENCY: "Critical", Column.REFERENCE: "WBC-2026-0001", Column.COUNCIL: "Wokingham (fictional)",
    Column.KIND: "Criminal trial", Column.TITLE: "", Column.NEXT: "Review completed", Column.DATE: "30 Sep 2027",
    Column.DAYS: "In 365 days", Column.CONFIDENCE: "Provisional", Column.MEDIA: "Regional",
    Column.STATUS: "Published", Column.OFFERS: "Offers",
}
_ICON_ROOM = {Column.URGENCY: 22}
_PADDING = 20
_SMALLEST = 40
_KEY = {column: column.name.lower() for column in Column}
_BY_KEY = {key: column for column, key in _KEY.items()}


@dataclass(frozen=True)
class ColumnLayout:
    """The columns shown, left to right, with the widths the officer gave them (title has none: it stretches)."""

    shown: tuple[Column, ...] = DEFAULT_SHOWN
    widths: tuple[tuple[Column, int], ...] = ()

    def to_text(self) -> str:
        """The layout as settings text: "urgency:96,reference:124,title,…"."""
        widths = dict(self.widths)
        return ",".join(_KEY[c] + (f":{widths[c]}" if c in widths else "") for c in self.shown)

    @classmethod
    def from_text(cls, text: object) -> ColumnLayout:
        """The layout in settings text; anything unreadable gives the default, and the title always shows."""
        if not isinstance(text, str) or len(text) > 1000:
            return cls()
        shown: list[Column] = []
        widths: list[tuple[Column, int]] = []
        for part in text.split(","):
            key, _, width = part.partition(":")
            column = _BY_KEY.get(key.strip())
            if column is None or column in shown:
                continue
            shown.append(column)
            if width.strip().isdigit() and column != Column.TITLE:
                widths.append((column, max(_SMALLEST, min(int(width), 1000))))
        if Column.TITLE not in shown:
            return cls()
        return cls(tuple(shown), tuple(widths))

    @classmethod
    def of(cls, table: QTableView) -> ColumnLayout:
        """The layout the table shows now."""
        header = table.horizontalHeader()
        shown = [Column(header.logicalIndex(v)) for v in range(header.count())
                 if not header.isSectionHidden(header.logicalIndex(v))]
        widths = tuple((c, header.sectionSize(c)) for c in shown if c != Column.TITLE)
        return cls(tuple(shown), widths)

    def apply(self, table: QTableView) -> None:
        """Show, order and size the table's columns as this layout says."""
        header = table.horizontalHeader()
        fit_columns(table)
        order = [*self.shown, *(c for c in Column if c not in self.shown)]
        for visual, column in enumerate(order):
            header.moveSection(header.visualIndex(column), visual)
            header.setSectionHidden(column, column not in self.shown)
        for column, width in self.widths:
            header.resizeSection(column, width)


def fit_columns(table: QTableView) -> None:
    """Give each column the width its usual text needs in the table's font; the title takes the rest."""
    header = table.horizontalHeader()
    metrics = table.fontMetrics()
    header_metrics = header.fontMetrics()
    for column in Column:
        if column == Column.TITLE:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            continue
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        text = max(metrics.horizontalAdvance(_SAMPLES[column]) + _ICON_ROOM.get(column, 0),
                   header_metrics.horizontalAdvance(column_title(column)) + 16)
        header.resizeSection(column, text + _PADDING)
    header.setMinimumSectionSize(_SMALLEST)


def columns_menu(table: QTableView, parent: QWidget, changed: Callable[[], None],
                 under: Column | None = None) -> QMenu:
    """The Columns menu: a tick per column, moving the column `under` the pointer, and the default layout.

    `changed` runs after every change, to remember the layout.
    """
    menu = QMenu("&Columns", parent)
    menu.setObjectName("columnsMenu")
    fill_columns_menu(menu, table, changed, under)
    return menu


def fill_columns_menu(menu: QMenu, table: QTableView, changed: Callable[[], None],
                      under: Column | None = None) -> None:
    """Put the Columns menu's actions, as the table is now, into `menu` (emptied first)."""
    header = table.horizontalHeader()
    menu.clear()

    def toggle(column: Column, on: bool) -> None:
        header.setSectionHidden(column, not on)
        changed()

    order = sorted(Column, key=header.visualIndex)
    for column in order:
        action = QAction(column_title(column), menu)
        action.setObjectName(f"column{column.name.title()}Action")
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(column))
        action.setEnabled(column != Column.TITLE)  # the title always shows: it is what a row is
        action.toggled.connect(lambda on, c=column: toggle(c, on))
        menu.addAction(action)
    if under is not None:
        menu.addSeparator()
        shown = [c for c in order if not header.isSectionHidden(c)]
        place = shown.index(under) if under in shown else -1
        for words, step, name in (("left", -1, "moveColumnLeftAction"), ("right", 1, "moveColumnRightAction")):
            action = QAction(f"Move “{column_title(under)}” {words}", menu)
            action.setObjectName(name)
            neighbour = place + step
            action.setEnabled(place >= 0 and 0 <= neighbour < len(shown))
            if action.isEnabled():
                target = shown[neighbour]
                action.triggered.connect(lambda _checked=False, c=under, t=target: _move(header, c, t, changed))
            menu.addAction(action)
    menu.addSeparator()
    reset = QAction("&Reset columns", menu)
    reset.setObjectName("resetColumnsAction")
    reset.triggered.connect(lambda: _reset(table, changed))
    menu.addAction(reset)


def _reset(table: QTableView, changed: Callable[[], None]) -> None:
    ColumnLayout().apply(table)
    changed()


def add_columns_submenu(menu: QMenu, table: QTableView, changed: Callable[[], None]) -> QMenu:
    """View ▸ Columns: the same choices as the header's menu, for the keyboard."""
    sub = menu.addMenu("Colu&mns")  # C is Coming up's, in the same menu
    sub.setObjectName("menuColumns")
    sub.aboutToShow.connect(lambda: fill_columns_menu(sub, table, changed))
    fill_columns_menu(sub, table, changed)
    return sub


def _move(header: QHeaderView, column: Column, beside: Column, changed: Callable[[], None]) -> None:
    header.moveSection(header.visualIndex(column), header.visualIndex(beside))
    changed()


def install_header_menu(table: QTableView, on_change: Callable[[], None]) -> None:
    """Right-click (or the menu key) on the header opens the Columns menu for the column there."""
    header = table.horizontalHeader()
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(pos: QPoint) -> None:
        logical = header.logicalIndexAt(pos)
        under = Column(logical) if 0 <= logical < len(Column) else None
        menu = columns_menu(table, header, on_change, under)
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(header.mapToGlobal(pos))

    header.customContextMenuRequested.connect(show)


def shown_titles(table: QTableView) -> Sequence[str]:
    """The titles of the columns shown, left to right (what the officer sees in the header)."""
    return [column_title(c) for c in ColumnLayout.of(table).shown]
