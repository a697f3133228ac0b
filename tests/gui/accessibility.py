"""Looking at a window as a screen reader does: every control the keyboard can reach must have a name.

The name is what Qt's accessibility layer hands a screen reader (`QAccessibleInterface.text(Name)`): the
accessible name set on the widget, else the words of a button or tick box, else the label whose buddy it is
(a form row's label), else, for a few kinds, its text. A control reached only through another (a spin box's
line edit, which hands the focus to its spin box) is looked at as that other one.

    walk = NameWalk()
    walk(dialog, where="export, nothing chosen")
    assert walk.unnamed == []

The controls on screen are looked at, as a screen reader meets them: a page of a dialog, a tab of the editor
or a closed list's popup is looked at when it is shown, so a test shows each in turn; `where` says which
screen a fault is on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QWidget

__all__ = ["NameWalk", "accessible_name", "takes_focus"]


def accessible_name(widget: QWidget) -> str:
    """What a screen reader says `widget` is called ("" for nothing)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None and interface.isValid() else ""


def takes_focus(widget: QWidget) -> bool:
    """Whether the keyboard can give `widget` the focus now, itself (not by handing it to another widget)."""
    return widget.isVisible() and widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.focusProxy() is None


def _name_for(widget: QWidget) -> str:
    """The name of `widget`, or of the widget that hands its focus to it (an editable combo's line edit)."""
    name = accessible_name(widget)
    node = widget.parentWidget()
    while not name and node is not None and not node.isWindow():
        if node.focusProxy() is widget:
            name = accessible_name(node)
        node = node.parentWidget()
    return name


def _describe(widget: QWidget) -> str:
    parts: list[str] = []
    node: QWidget | None = widget
    while node is not None and len(parts) < 4:
        parts.append(f"{type(node).__name__}#{node.objectName() or '?'}")
        node = node.parentWidget()
    return " < ".join(parts)


class NameWalk:
    """Counts the controls looked at and lists those without a name, with where they were."""

    def __init__(self) -> None:
        self.checked = 0  # every look at a control that takes the focus (a window looked at again counts again)
        self.windows = 0
        self.distinct: set[int] = set()
        self.unnamed: list[str] = []

    def __call__(self, *roots: QWidget, where: str) -> None:
        """Look at `roots`, their children, and every window on screen (an open question box too)."""
        seen: set[int] = set()
        tops = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for root in dict.fromkeys((*roots, *tops)):
            self.windows += 1
            for widget in (root, *root.findChildren(QWidget)):
                if id(widget) in seen or not takes_focus(widget):
                    continue
                seen.add(id(widget))
                self.distinct.add(id(widget))
                self.checked += 1
                if not _name_for(widget):
                    self.unnamed.append(f"{where}: {_describe(widget)}")

    def faults(self) -> list[str]:
        """Each control without a name, once."""
        return list(dict.fromkeys(self.unnamed))
