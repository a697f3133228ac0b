"""Windows that fit the screen they open on: the first window sized to the screen's free area, a remembered
one pulled back inside it (a laptop taken off its docking station must not open the log half off-screen,
its status bar and scroll bar out of sight).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

__all__ = ["clamp_to_screen", "fit_to_screen"]

# Room for the window manager's title bar and borders, which are not known until the window is shown.
_FRAME = QSize(16, 40)


def _screen_of(window: QWidget) -> QScreen | None:
    centre = window.geometry().center()
    return QGuiApplication.screenAt(centre) or window.screen() or QGuiApplication.primaryScreen()


def fit_to_screen(window: QWidget, preferred: QSize) -> None:
    """Size `window` to `preferred`, or less where the screen's free area is smaller, and centre it there."""
    screen = _screen_of(window)
    if screen is None:
        window.resize(preferred)
        return
    free = screen.availableGeometry()
    size = preferred.boundedTo(free.size() - _FRAME).expandedTo(window.minimumSize())
    window.resize(size)
    window.move(free.center() - QPoint(size.width() // 2, size.height() // 2))


def clamp_to_screen(window: QWidget) -> None:
    """Pull a restored window back inside the free area of the screen it opens on, shrinking it if it must."""
    screen = _screen_of(window)
    if screen is None:
        return
    free: QRect = screen.availableGeometry()
    room = free.size() - _FRAME
    size = window.size()
    if size.width() > room.width() or size.height() > room.height():
        window.resize(size.boundedTo(room).expandedTo(window.minimumSize()))
        size = window.size()
    place = window.pos()
    x = min(max(place.x(), free.left()), free.right() + 1 - size.width() - _FRAME.width())
    y = min(max(place.y(), free.top()), free.bottom() + 1 - size.height() - _FRAME.height())
    window.move(max(x, free.left()), max(y, free.top()))
