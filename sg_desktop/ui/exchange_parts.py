"""Small builders the pages of the exchange dialogs (offices, import) share: columns, button rows, lists."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.ui.key_dialog_parts import label

__all__ = ["CONFLICT", "GOOD", "INK", "MUTED", "VIEWS", "buttons_row", "exchange_column", "plain_tree", "plural",
           "push_button"]

# Roomier rows and the log's light selection colour, for the lists and tables of these dialogs.
VIEWS = """
QTreeView::item, QListView::item { padding: 3px 2px; }
QTreeView, QListView, QTableView { selection-background-color: #cfe0f3; selection-color: #1d2633; }
"""
# Text colours for a state, always beside words or a sign that say the same (never colour alone).
CONFLICT, GOOD, MUTED, INK = "#b42318", "#2f7d4f", "#5b6675", "#1d2633"


def plural(n: int, word: str) -> str:
    """`n` and the word, with an s unless there is exactly one ("1 alert", "2 alerts")."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def exchange_column(page: QWidget, heading: str, intro: str, *, role: str = "hint",
                    before: QWidget | None = None, gap: int = 6) -> tuple[QVBoxLayout, QLabel, QLabel]:
    """A page's column: heading, (`before`,) a line saying what to do; the layout and both labels."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(8)
    title = label(heading, page, "heading")
    layout.addWidget(title)
    if before is not None:
        layout.addWidget(before)
    words = label(intro, page, role)
    layout.addWidget(words)
    layout.addSpacing(gap)
    return layout, title, words


def push_button(text: str, name: str, parent: QWidget, slot: Callable[[], object]) -> QPushButton:
    """A plain (not primary) button named `name` that calls `slot` when clicked."""
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button


def buttons_row(*buttons: QPushButton) -> QHBoxLayout:
    """The buttons at the foot of a page, right-aligned in the order given."""
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


def plain_tree(parent: QWidget, name: str, accessible: str, headers: list[str]) -> QTreeWidget:
    """A flat, read-only list of rows with columns, nothing selectable (what a file holds or did)."""
    tree = QTreeWidget(parent)
    tree.setObjectName(name)
    tree.setAccessibleName(accessible)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setAlternatingRowColors(True)
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    header = tree.header()
    header.setMinimumSectionSize(90)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    return tree
