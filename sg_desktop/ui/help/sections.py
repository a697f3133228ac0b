"""F1 opens the user guide at the section about what is on screen.

A dialog declares its section with `offer_help(dialog, "unlock")`: F1 anywhere in it (⌘? on macOS, the
platform's key for help) opens the guide at that section. A part of a window (a page of a stack, a tab, the
timeline) may declare a section of its own with `set_help_section`; the guide then opens at the section of
the part that holds the keyboard focus, or of the page shown by the nearest stack or tab widget above it,
and only where none is declared at the window's own. A page whose subject changes as it is used (a file
refused, say) calls `set_help_section` again.

This module is light on purpose: every dialog imports it, and the help window's own imports wait for F1.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QStackedWidget, QTabWidget, QWidget

__all__ = ["HELP_ACTION", "HELP_SECTION", "help_section", "offer_help", "open_user_guide", "section_here",
           "set_help_section"]

HELP_SECTION = "helpSection"  # the dynamic property a widget's section is kept in
HELP_ACTION = "actionHelpHere"  # the object name of the F1 action `offer_help` adds


def set_help_section(widget: QWidget, section: str) -> None:
    """Say that the guide's section `section` (an anchor of docs/user-guide.md) is about `widget`."""
    widget.setProperty(HELP_SECTION, section)


def help_section(widget: QWidget) -> str:
    """The section `widget` itself declares, or ""."""
    value = widget.property(HELP_SECTION)
    return value if isinstance(value, str) else ""


def offer_help(window: QWidget, section: str, hint: QLabel | None = None) -> QAction:
    """Declare `window`'s section and make F1 in it open the guide at the section of what has the focus.

    `hint` is the line in the window saying what it is for (by default the first label in the "hint" style
    on the page shown, as `page_column` and `exchange_column` make): a screen reader reads it as the window's
    description.
    """
    set_help_section(window, section)
    purpose = hint if hint is not None else next(
        (w for w in window.findChildren(QLabel)
         if w.property("role") == "hint" and w.text() and w.isVisibleTo(window)), None)
    if purpose is not None:
        window.setAccessibleDescription(purpose.text())
    action = window.findChild(QAction, HELP_ACTION, Qt.FindChildOption.FindDirectChildrenOnly)
    if action is None:
        action = QAction("User guide", window)
        action.setObjectName(HELP_ACTION)
        action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda: open_user_guide(section_here(window)))
        window.addAction(action)
    return action


def section_here(window: QWidget) -> str:
    """The section about the part of `window` that has the keyboard focus (see the module's docstring)."""
    focus = QApplication.focusWidget()
    widget: QWidget | None = focus if focus is not None and (focus is window or window.isAncestorOf(focus)) \
        else window
    while widget is not None:
        declared = help_section(widget)
        if declared:
            return declared
        if isinstance(widget, QStackedWidget | QTabWidget):
            shown = _declared_in(widget.currentWidget(), window)
            if shown:
                return shown
        if widget is window:
            break
        widget = widget.parentWidget()
    return help_section(window)


def _declared_in(page: QWidget | None, window: QWidget) -> str:
    """The section `page` declares, or the first that a part of it on screen declares."""
    if page is None:
        return ""
    for widget in (page, *page.findChildren(QWidget)):
        declared = help_section(widget)
        if declared and (widget is page or widget.isVisibleTo(window)):
            return declared
    return ""


def open_user_guide(section: str = "") -> None:
    """Show the user guide window at `section` (the start of the guide for "", or for a section it lacks)."""
    from sg_desktop.ui.help.help_window import show_user_guide

    show_user_guide(section)
