"""The export dialog's lists of alerts: those that go in the file and those left out, with the reason why."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.export import ExportPreview
from sg_desktop.ui.shared.widgets import label, plain_tooltip

__all__ = ["PreviewLists"]

_LEFT_OUT = "#8a5300"
_MUTED = "#5b6675"


class PreviewLists(QWidget):
    """The alerts that go (reference, title) and, when there are any, those left out with the reason why."""

    def __init__(self, parent: QWidget, name: str) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.going_label = label("", self, "subheading")
        self.going = _list(self, f"{name}Going", "Alerts that go", ["Reference", "Alert"])
        self.left_label = label("", self, "warning")
        self.left_out = _list(self, f"{name}LeftOut", "Alerts left out, and why",
                              ["Reference", "Why", "Alert"])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.going_label)
        layout.addWidget(self.going, 3)
        layout.addSpacing(4)
        layout.addWidget(self.left_label)
        layout.addWidget(self.left_out, 2)
        self.clear()

    def show_preview(self, preview: ExportPreview, titles: dict[str, str]) -> None:
        """List what `preview` sends and leaves out (`titles` of left-out alerts, by id, where known)."""
        self.clear()
        self.going_label.setText(f"Goes ({len(preview.records):,})")
        for record in preview.records:
            alert = record.alert
            row = QTreeWidgetItem(self.going, [alert.reference, "(deletion: they remove their copy)"
                                               if alert.deleted else alert.title])
            row.setToolTip(1, plain_tooltip(row.text(1)))
            if alert.deleted:
                row.setForeground(1, QBrush(QColor(_MUTED)))
        has_left = bool(preview.left_out)
        self.left_label.setVisible(has_left)
        self.left_out.setVisible(has_left)
        self.left_label.setText(f"⚠ Left out ({len(preview.left_out):,}): their sharing scope does not "
                                "admit every recipient")
        for x in preview.left_out:
            row = QTreeWidgetItem(self.left_out, [x.reference, x.reason, titles.get(x.alert_id, "")])
            row.setForeground(1, QBrush(QColor(_LEFT_OUT)))
            row.setToolTip(1, plain_tooltip(x.reason))
            row.setToolTip(2, plain_tooltip(row.text(2)))

    def clear(self) -> None:
        """List nothing (and forget the titles shown)."""
        self.going.clear()
        self.left_out.clear()
        self.going_label.setText("Goes")
        self.left_label.hide()
        self.left_out.hide()

    def going_rows(self) -> list[str]:
        """The references listed as going."""
        return [row[0] for row in _rows(self.going)]

    def left_out_rows(self) -> list[tuple[str, str]]:
        """(reference, why) of each alert listed as left out."""
        return [(row[0], row[1]) for row in _rows(self.left_out)]


def _rows(tree: QTreeWidget) -> list[list[str]]:
    rows = []
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        if item is not None:
            rows.append([item.text(c) for c in range(tree.columnCount())])
    return rows


def _list(parent: QWidget, name: str, accessible: str, headers: list[str]) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setObjectName(name)
    tree.setAccessibleName(accessible)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    header = tree.header()
    header.setStretchLastSection(True)
    for column in range(len(headers) - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    return tree
