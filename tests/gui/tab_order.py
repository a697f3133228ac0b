"""Going round a window with the Tab key, as an officer without a mouse does: the order the controls are
reached in, and whether each one shows that it has the focus.

    assert tab_order(qtbot, dialog) == ["firstField", "secondField", "cancelButton", "saveButton"]
    with app_theme():
        assert controls_hiding_focus(qtbot, dialog) == []

A control is named by its object name, or by the nearest parent's that has one (a combo box's line edit
answers for its combo box); a control with neither is an error, so every dialog's controls have names.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from sg_desktop.ui.shared.theme import apply_theme

__all__ = ["app_theme", "control_name", "controls_hiding_focus", "focused_in", "tab_order"]

# More controls than any dialog has: a walk this long has lost its way (the focus left the window).
_LONGEST_WALK = 60


def control_name(widget: QWidget) -> str:
    """The object name of the control `widget` is, or is part of."""
    named: QWidget | None = widget
    while named is not None and not named.objectName():
        named = named.parentWidget()
    if named is None:
        raise AssertionError(f"a {type(widget).__name__} takes the focus but neither it nor a parent has a name")
    return named.objectName()


def focused_in(qtbot: QtBot, window: QWidget) -> QWidget:
    """Make `window` the active window; the widget that has the keyboard focus in it."""
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    widget = QApplication.focusWidget()
    assert widget is not None and (widget is window or window.isAncestorOf(widget)), "nothing in it has the focus"
    return widget


def _tab(qtbot: QtBot, window: QWidget) -> QWidget:
    """Press Tab where the focus is; the widget that has it after."""
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    after = QApplication.focusWidget()
    assert after is not None and window.isAncestorOf(after), f"Tab from {control_name(widget)!r} left the window"
    return after


def tab_order(qtbot: QtBot, window: QWidget) -> list[str]:
    """Press Tab from the control that has the focus in `window` until the focus is back on it; the names of
    the controls reached, in order, beginning with the one that had the focus."""
    start = focused_in(qtbot, window)
    names = [control_name(start)]
    for _ in range(_LONGEST_WALK):
        widget = _tab(qtbot, window)
        if widget is start:
            return names
        names.append(control_name(widget))
    raise AssertionError(f"Tab never came back to {names[0]!r}: {names}")


def controls_hiding_focus(qtbot: QtBot, window: QWidget) -> list[str]:
    """The controls of `window`'s Tab order whose look changes too little when the focus comes to them.

    Enough is what WCAG asks of a focus indicator, a little relaxed: pixels that change with a contrast of
    at least 3:1 between the two looks, as many as a one-pixel line along half the control's outline.
    """
    focused_in(qtbot, window)
    # Styles draw the focus only once the keyboard has moved it: press Tab once before looking.
    first = _tab(qtbot, window)
    hiding = []
    widget = first
    for _ in range(_LONGEST_WALK):
        with_focus = widget.grab().toImage()
        following = _tab(qtbot, window)
        if following is widget:
            # The window's only control keeps the focus: compare it with the focus taken off instead.
            widget.clearFocus()
            without = widget.grab().toImage()
            widget.setFocus(Qt.FocusReason.TabFocusReason)
        else:
            without = widget.grab().toImage()
        if not _shows_change(without, with_focus):
            hiding.append(control_name(widget))
        if following is first:
            return hiding
        widget = following
    raise AssertionError(f"Tab never came back to {control_name(first)!r}")


def _shows_change(before: QImage, after: QImage) -> bool:
    needed = before.width() + before.height()
    changed = 0
    for y in range(before.height()):
        for x in range(before.width()):
            if _contrast(before.pixel(x, y), after.pixel(x, y)) >= 3.0:
                changed += 1
                if changed >= needed:
                    return True
    return False


def _contrast(first: int, second: int) -> float:
    """The WCAG contrast ratio of two colours given as 0xAARRGGBB."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _luminance(argb: int) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear((argb >> 16) & 255) + 0.7152 * linear((argb >> 8) & 255) + 0.0722 * linear(argb & 255)


@contextmanager
def app_theme() -> Iterator[None]:
    """The application's own look (its style, palette and style sheet) while the block runs, as officers
    see it; the look the tests had before, after."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style, palette, sheet = app.style().name(), QPalette(app.palette()), app.styleSheet()
    apply_theme(app)
    try:
        yield
    finally:
        app.setStyleSheet(sheet)
        app.setStyle(style)
        app.setPalette(palette)
