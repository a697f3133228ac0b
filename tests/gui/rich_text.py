"""Looking through every widget on screen for text from a record, a card or a file that Qt would draw as
markup: labels, tooltips (of widgets, actions, tabs and every cell and header of an item view), and the
text of text views.

Record text in the sweeps holds `MARK`: a bold word, an image of a local file and a link. Qt draws text as
rich text when a label is set to, or when it is left to guess (`Qt.mightBeRichText`), as tooltips always
are. Wherever the word BOLD would reach the screen, the tags around it must reach the screen too: shown
literally, as typed, never as bold type or a picture of `/etc/passwd`.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6 import QtGui
from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

__all__ = ["MARK", "PATH_MARK", "Sweep", "shown_text"]

# Markup an officer might type, or a hostile office might put in a file or a card. BOLD comes first, so a
# shortened text still carries it.
MARK = '<b>BOLD</b><img src="file:///etc/passwd"><a href="x">link</a>'
# A folder's name cannot hold "/": markup for the vault's path.
PATH_MARK = "<u>PATHMARK<u>"

# A word of each marker, and what must be on screen wherever that word is.
_LITERAL = {"BOLD": "<b>BOLD</b>", "PATHMARK": PATH_MARK, "passwd": 'src="file:///etc/passwd"'}
_might_be_rich = QtGui.Qt.mightBeRichText  # Qt's own guess, made for labels left to guess and for tooltips
_ROLES = (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.WhatsThisRole)


def shown_text(text: str, rich: bool) -> str:
    """What reaches the screen of `text`: itself when drawn as plain text, what is left once drawn as HTML."""
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def _label_is_rich(label: QLabel) -> bool:
    form = label.textFormat()
    if form == Qt.TextFormat.AutoText:
        return _might_be_rich(label.text())
    return form != Qt.TextFormat.PlainText


class Sweep:
    """Counts the widgets looked at and keeps a line for every one that would draw markup."""

    def __init__(self) -> None:
        self.widgets = 0  # every look at a widget (a window swept again after a change counts again)
        self.distinct: set[int] = set()
        self.texts = 0
        self.faults: list[str] = []

    def __call__(self, *roots: QWidget, where: str) -> None:
        """Look at `roots`, all their children and every visible window (an open message box too)."""
        seen: set[int] = set()
        tops = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for root in (*roots, *tops):
            for widget in (root, *root.findChildren(QWidget)):
                if id(widget) in seen:
                    continue
                seen.add(id(widget))
                self.distinct.add(id(widget))
                self.widgets += 1
                self._widget(widget, where)

    def assert_clean(self) -> None:
        """Fail, naming each widget that would draw markup."""
        assert not self.faults, "markup drawn as rich text:\n" + "\n".join(dict.fromkeys(self.faults))

    # -- inside --------------------------------------------------------------------------------------

    def _check(self, text: str, rich: bool, where: str, owner: QObject, what: str) -> None:
        if not any(word in text for word in _LITERAL):
            return
        self.texts += 1
        screen = shown_text(text, rich)
        for word, literal in _LITERAL.items():
            if (word in text or word in screen) and literal not in screen:
                self.faults.append(f"{where}: {_name(owner)} {what} draws {text[:90]!r} as {screen[:60]!r}")
                return

    def _widget(self, widget: QWidget, where: str) -> None:
        self._check(widget.toolTip(), _might_be_rich(widget.toolTip()), where, widget, "tooltip")
        self._check(widget.whatsThis(), _might_be_rich(widget.whatsThis()), where, widget, "what's this")
        for action in widget.actions():
            self._action(action, where)
        if isinstance(widget, QLabel):
            self._check(widget.text(), _label_is_rich(widget), where, widget, "text")
        elif isinstance(widget, QTextEdit | QPlainTextEdit):
            self._check(widget.toPlainText(), False, where, widget, "text")
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                tip = widget.tabToolTip(i)
                self._check(tip, _might_be_rich(tip), where, widget, f"tab {i} tooltip")
        if isinstance(widget, QHeaderView):
            return  # its model is its view's, looked at with the view
        if isinstance(widget, QAbstractItemView | QComboBox) and widget.model() is not None:
            self._model(widget.model(), where, widget)

    def _action(self, action: QAction, where: str) -> None:
        tip = action.toolTip()
        self._check(tip, _might_be_rich(tip), where, action, "tooltip")

    def _model(self, model: QAbstractItemModel, where: str, view: QWidget) -> None:
        # Counted by walking indexes: the item widgets' own models keep rowCount() and columnCount() private.
        top = QModelIndex()
        for orientation, count in ((Qt.Orientation.Horizontal, _count(model, top, across=True)),
                                   (Qt.Orientation.Vertical, _count(model, top, across=False))):
            for section in range(count):
                for role in _ROLES:
                    value = model.headerData(section, orientation, role)
                    if isinstance(value, str):
                        self._check(value, _might_be_rich(value), where, view, f"header {section} tip")
        for index in _indexes(model, top):
            for role in _ROLES:
                value = index.data(role)
                if isinstance(value, str):
                    self._check(value, _might_be_rich(value), where, view,
                                f"cell ({index.row()}, {index.column()}) tip")


def _count(model: QAbstractItemModel, parent: QModelIndex, *, across: bool) -> int:
    n = 0
    while n < 500 and (model.index(0, n, parent) if across else model.index(n, 0, parent)).isValid():
        n += 1
    return n


def _indexes(model: QAbstractItemModel, parent: QModelIndex) -> Iterator[QModelIndex]:
    columns = _count(model, parent, across=True)
    for row in range(_count(model, parent, across=False)):
        for column in range(columns):
            index = model.index(row, column, parent)
            yield index
            if column == 0 and model.index(0, 0, index).isValid():
                yield from _indexes(model, index)


def _name(thing: QObject) -> str:
    """The object and the names of the widgets it sits in, for saying where a fault is."""
    parts: list[str] = []
    node: QObject | None = thing
    while node is not None and len(parts) < 4:
        parts.append(f"{type(node).__name__}#{node.objectName() or '?'}")
        node = node.parent()
    return " < ".join(parts)
