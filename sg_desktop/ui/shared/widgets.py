"""The widget kit every dialog is built from: labels with a style role, pages laid out in a column under a
heading, buttons and rows of them, password fields, a busy bar, the line that says what to fix, and flat
lists of rows.

First run, unlock, change passphrase, the offices, export and import dialogs all use these, so their pages
read and behave alike.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from html import escape

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

__all__ = [
    "LIST_STYLE",
    "busy_bar",
    "button",
    "button_row",
    "buttons_row",
    "exchange_column",
    "focus_to_fix",
    "grow_to_fit",
    "label",
    "page_column",
    "page_layout",
    "password_field",
    "plain_tooltip",
    "plain_tree",
    "primary_button",
    "problem_label",
    "push_button",
    "restyle",
    "set_tab_order",
    "show_problem",
    "show_problems",
]

# Roomier rows and the log's light selection colour, for the lists and tables of the dialogs that list records.
LIST_STYLE = """
QTreeView::item, QListView::item { padding: 3px 2px; }
QTreeView, QListView, QTableView { selection-background-color: #cfe0f3; selection-color: #1d2633; }
"""

def label(text: str, parent: QWidget, role: str = "", name: str = "", *, rich: bool = False) -> QLabel:
    """A word-wrapped label with a style role ("heading", "hint", "error", …) and an object name.

    Its text is shown as typed: left to guess, Qt would draw an office's name or an alert's title that
    looks like markup as HTML (a link, a picture of a local file). `rich` is for the app's own markup, with
    any record text inside it passed through `html.escape` first.
    """
    widget = QLabel(text, parent)
    widget.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    widget.setWordWrap(True)
    if role:
        widget.setProperty("role", role)
    if name:
        widget.setObjectName(name)
    return widget


def plain_tooltip(text: str) -> str:
    """`text` as a tooltip that shows it as typed.

    Qt draws a tooltip as rich text whenever it looks like markup (`Qt.mightBeRichText`), so a tooltip
    carrying a title, a note or an office's name goes through here: text that would be read as markup is
    escaped inside a paragraph of our own (line breaks kept); any other text is left as it is.
    """
    if not QtGui.Qt.mightBeRichText(text):
        return text
    lines = "<br>".join(escape(line, quote=False) for line in text.split("\n"))
    return f"<p style='white-space:pre-wrap'>{lines}</p>"


def page_layout(page: QWidget, parts: Sequence[QWidget | QLayout | None], *, spacing: int) -> QVBoxLayout:
    """Lay `parts` out down `page`, flush with its edges; None is the space that pushes the rest down."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    for part in parts:
        if part is None:
            layout.addStretch(1)
        elif isinstance(part, QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part)
    return layout


def page_column(page: QWidget, heading: str, intro: str, *, gap: int = 6) -> QVBoxLayout:
    """The column a dialog page is laid out in, begun with its heading and a hint saying what to do."""
    layout = page_layout(page, [label(heading, page, "heading"), label(intro, page, "hint")], spacing=8)
    layout.addSpacing(gap)
    return layout


def button(
    text: str, object_name: str, parent: QWidget, slot: Callable[[], None], role: str = ""
) -> QPushButton:
    """A push button; with `role` "link" it looks like a link."""
    widget = QPushButton(text, parent)
    widget.setObjectName(object_name)
    if role:
        widget.setProperty("role", role)
    widget.clicked.connect(slot)
    return widget


def primary_button(text: str, object_name: str, parent: QWidget, slot: Callable[[], None]) -> QPushButton:
    """The button that does what the page is for, drawn in the accent colour."""
    return button(text, object_name, parent, slot, "primary")


def button_row(start: Sequence[QWidget] = (), end: Sequence[QWidget] = ()) -> QHBoxLayout:
    """A row of buttons (or a tick box): `start` at the left, `end` at the right, space between."""
    row = QHBoxLayout()
    for widget in start:
        row.addWidget(widget)
    row.addStretch(1)
    for widget in end:
        row.addWidget(widget)
    return row


def password_field(object_name: str, accessible_name: str, parent: QWidget) -> QLineEdit:
    """A line edit that shows dots instead of what is typed."""
    field = QLineEdit(parent)
    field.setObjectName(object_name)
    field.setAccessibleName(accessible_name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def busy_bar(object_name: str, accessible_name: str, parent: QWidget) -> QProgressBar:
    """A thin bar that moves without measuring anything, hidden until work starts."""
    bar = QProgressBar(parent)
    bar.setObjectName(object_name)
    bar.setAccessibleName(accessible_name)
    bar.setRange(0, 0)
    bar.setFixedHeight(6)
    bar.setTextVisible(False)
    bar.hide()
    return bar


def problem_label(object_name: str, accessible_name: str, parent: QWidget) -> QLabel:
    """The line under a form that says what to fix, hidden until there is something to say."""
    error = label("", parent, "error", object_name)
    if accessible_name:
        error.setAccessibleName(accessible_name)
    error.hide()
    return error


def show_problem(error: QLabel, message: str, field: QLineEdit) -> None:
    """Say what is wrong under the form and put the cursor back in `field`, its text selected for retyping."""
    error.setText(message)
    error.show()
    grow_to_fit(error.window())
    focus_to_fix(field)


def show_problems(error: QLabel, messages: Sequence[str]) -> None:
    """Say each problem on a line of its own under the form, or hide the line when there is none left."""
    error.setText("\n".join(messages))
    error.setVisible(bool(messages))
    grow_to_fit(error.window())


def focus_to_fix(widget: QWidget) -> None:
    """Put the cursor in the control to fix; a line edit's text is selected, for retyping."""
    widget.setFocus()
    if isinstance(widget, QLineEdit):
        widget.selectAll()


def set_tab_order(*widgets: QWidget) -> None:
    """Tab moves through `widgets` in the order given: the order they are seen in, buttons last."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)


def grow_to_fit(window: QWidget) -> None:
    """Make `window` tall enough for its word-wrapped labels at its present width: a label given longer text
    does not ask for more height itself, and would be cut off."""
    layout = window.layout()
    if layout is None:
        return
    width = window.width()
    needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else window.sizeHint().height()
    if needed > window.height():
        window.resize(width, needed)


def restyle(widget: QWidget, role: str) -> None:
    """Give `widget` another style role ("hint", "error", …) and redraw it in that role's look."""
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    # A style sheet reads dynamic properties when it polishes a widget, so a changed one needs a re-polish.
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


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
