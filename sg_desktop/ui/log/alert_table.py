"""The alert log's table view: whole rows selected one at a time, fixed row heights, movable columns (which
columns show, and how wide, is `columns`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from sg_desktop.ui.log.columns import ColumnLayout
from sg_desktop.ui.log.table_model import AlertTableModel, Column

__all__ = ["alert_table"]


def alert_table(model: AlertTableModel, parent: QWidget) -> QTableView:
    """The table (object name `alertTable`) showing `model`, sorted by date until a header is clicked."""
    table = QTableView(parent)
    table.setObjectName("alertTable")
    table.setAccessibleName("Alert log")
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    vertical = table.verticalHeader()
    vertical.hide()
    # Fixed row heights: the view never measures rows, so 100,000 of them cost nothing until shown.
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(table.fontMetrics().height() + 12)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionsMovable(True)
    header.setStretchLastSection(False)
    ColumnLayout().apply(table)
    header.setSortIndicator(Column.DATE, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    return table
