"""Help ▸ Keyboard shortcuts (Ctrl+/): every key the application answers to, for officers who work without a
mouse.

The log's keys are read from the main window's own actions, so the list cannot drift from what the keys do;
the keys of the other windows are listed here, and tests check that each window answers to them and that
every key of the editor's actions is listed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from sg_desktop.ui.help.sections import offer_help
from sg_desktop.ui.shared.widgets import label

__all__ = [
    "DATE_FIELD_KEYS",
    "EDITOR_KEYS",
    "TIMELINE_KEYS",
    "ShortcutsDialog",
    "action_keys",
    "every_window_keys",
    "guide_keys",
]


def _native(key: QKeySequence.StandardKey) -> str:
    """The platform's key for a standard command ("F1" for help on Windows and Linux)."""
    return QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)


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
    ("Remove the selected milestone or offer (in its list)", "Del"),
    ("Move to the next field, or back", "Tab, Shift+Tab"),
    ("Close the editor (asks first if something is not saved)", "Esc"),
)
TIMELINE_KEYS: tuple[tuple[str, str], ...] = (
    ("Move from mark to mark", "Left, Right, Up, Down"),
    ("The first mark, or the last", "Home, End"),
    ("Open the alert of the mark", "Enter"),
    ("A week earlier, or later", "Ctrl+Left, Ctrl+Right"),
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
_LISTS: tuple[tuple[str, str], ...] = (
    ("Coming up: open the alert of the line", "Enter"),
    ("Dashboard: move along a chart's bars", "Up, Down, Left, Right, Home, End"),
    ("Dashboard: filter the log by the bar", "Enter or Space"),
)


def guide_keys() -> list[tuple[str, str]]:
    """The keys of the user guide window (the platform's own find keys)."""
    return [
        ("Find in the guide", _native(QKeySequence.StandardKey.Find)),
        ("The next place found", f"Enter, {_native(QKeySequence.StandardKey.FindNext)}"),
        ("The place found before", f"Shift+Enter, {_native(QKeySequence.StandardKey.FindPrevious)}"),
    ]


def every_window_keys() -> list[tuple[str, str]]:
    """The keys every window answers to (help is the platform's own key: F1 on Windows and Linux)."""
    return [
        ("The user guide, at the part about this window", _native(QKeySequence.StandardKey.HelpContents)),
        ("The next control, or the one before", "Tab, Shift+Tab"),
        ("The menu, button or field whose letter is underlined", "Alt+the letter"),
        ("Press the highlighted button", "Enter"),
        ("Close the window or question (nothing is changed)", "Esc"),
    ]


def action_keys(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(what it does, its keys) for each action that has a shortcut, in the order given; actions that do the
    same (Edit alert on Ctrl+E, and on Enter in the table) share one row."""
    rows: dict[str, list[str]] = {}
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()]
        if keys:
            same = rows.setdefault(action.text().replace("&", "").rstrip("…"), [])
            same.extend(k for k in keys if k not in same)
    return [(what, ", ".join(keys)) for what, keys in rows.items()]


class ShortcutsDialog(QDialog):
    """The keys, in sections: the alert log (from `log_actions`), then the other windows, date fields, and the
    keys every window answers to."""

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
            ("Timeline", list(TIMELINE_KEYS)),
            ("Coming up and the dashboard", list(_LISTS)),
            ("Alert editor", list(EDITOR_KEYS)),
            ("Date fields", list(DATE_FIELD_KEYS)),
            ("User guide window", guide_keys()),
            ("Every window", every_window_keys()),
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
        hint = label("Every key SG Desktop answers to, window by window: nothing needs a mouse.", self, "hint",
                     "shortcutsHint")
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(640, 600)
        offer_help(self, "keyboard", hint)

    def rows(self) -> list[tuple[str, str]]:
        """Every line shown, as (left, right) text (for tests and screen readers)."""
        items = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return [(item.text(0).strip(), item.text(1)) for item in items if item is not None]
