"""Help ▸ Keyboard shortcuts: every key the application answers to, for officers who work without a mouse.

The log's keys are read from the main window's own actions, so the list cannot drift from what the keys do;
the editor's and the date fields' keys are listed here, and a test checks the editor answers to each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

__all__ = ["DATE_FIELD_KEYS", "EDITOR_KEYS", "ShortcutsDialog", "action_keys"]

# (what it does, the keys), as the editor's actions and fields set them.
EDITOR_KEYS: tuple[tuple[str, str], ...] = (
    ("Save the alert", "Ctrl+S"),
    ("Undo", "Ctrl+Z"),
    ("Redo", "Ctrl+Shift+Z"),
    ("Show the details page", "Ctrl+1"),
    ("Show the milestones page", "Ctrl+2"),
    ("Show the support offers page", "Ctrl+3"),
    ("Add a milestone", "Ctrl+Shift+M"),
    ("Add a support offer", "Ctrl+Shift+O"),
    ("Move to the next field, or back", "Tab, Shift+Tab"),
    ("Close the editor (asks first if something is not saved)", "Esc"),
)
DATE_FIELD_KEYS: tuple[tuple[str, str], ...] = (
    ("Type a date", "15/1/2027, 15 Jan 2027, today, +3w"),
    ("A day later, or earlier", "Up, Down"),
    ("A week later, or earlier", "Page Up, Page Down"),
    ("Open the calendar", "Alt+Down or F4"),
)
_LOG_EXTRA: tuple[tuple[str, str], ...] = (
    ("Show, hide or move columns", "Right-click a column heading, or View ▸ Columns"),
)


def action_keys(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(what it does, its keys) for each action that has a shortcut, in the order given."""
    rows = []
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
        if keys:
            rows.append((action.text().replace("&", "").rstrip("…"), ", ".join(keys)))
    return rows


class ShortcutsDialog(QDialog):
    """The keys, in sections: the alert log (from `log_actions`), the alert editor, and date fields."""

    def __init__(self, log_actions: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts — SG Desktop")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("shortcutsList")
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["What it does", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        sections = (
            ("Alert log", [*action_keys(log_actions), *_LOG_EXTRA]),
            ("Alert editor", list(EDITOR_KEYS)),
            ("Date fields", list(DATE_FIELD_KEYS)),
        )
        for title, rows in sections:
            heading = QTreeWidgetItem(self.tree, [title, ""])
            font = heading.font(0)
            font.setBold(True)
            heading.setFont(0, font)
            heading.setFirstColumnSpanned(True)
            for what, keys in rows:
                QTreeWidgetItem(self.tree, [f"    {what}", keys])
        self.tree.resizeColumnToContents(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setObjectName("closeShortcutsButton")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(620, 560)

    def rows(self) -> list[tuple[str, str]]:
        """Every line shown, as (left, right) text (for tests and screen readers)."""
        items = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return [(item.text(0).strip(), item.text(1)) for item in items if item is not None]
