"""The application's look: a calm light palette, a little style sheet, and icons drawn in code.

Drawn icons keep the application free of image files and of the desktop's icon theme (which is
missing on many managed Windows laptops and on minimal Linux installs).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleHintReturn,
    QStyleOption,
    QWidget,
)

from sg_desktop.domain.urgency import UrgencyLevel
from sg_desktop.ui.shared.formatting import CONFLICT, INK, MUTED, URGENCY_COLOURS, WARNING

__all__ = ["ACCENT", "apply_theme", "icon", "urgency_icon"]

ACCENT = "#1f4e79"
# How wide the ring that shows the keyboard focus is, in pixels.
_RING = 2
_INK, _MUTED = INK, MUTED

_STYLE = f"""
QToolBar {{ spacing: 4px; padding: 4px 6px; border: none; border-bottom: 1px solid #d7dde5; }}
QToolButton {{ padding: 4px 8px; border-radius: 4px; }}
QToolButton:hover {{ background: #e4ebf3; }}
QToolButton:checked {{ background: #d5e2f0; }}
/* A tool button the keyboard can reach (the filter bar's Clear filters) is ringed when it has the focus. */
QToolButton:focus {{ border: 2px solid {ACCENT}; padding: 2px 6px; }}
QStatusBar {{ border-top: 1px solid #d7dde5; color: {_MUTED}; }}
QStatusBar::item {{ border: none; }}
QTableView {{ gridline-color: #e6eaf0; selection-background-color: #cfe0f3; selection-color: {_INK}; }}
QHeaderView::section {{ padding: 4px 6px; border: none; border-right: 1px solid #e1e6ec;
                        border-bottom: 1px solid #cfd6df; background: #f3f5f8; color: {_INK}; }}
QLabel[role="heading"] {{ font-size: 17pt; font-weight: 600; color: {_INK}; }}
QLabel[role="subheading"] {{ font-size: 11pt; font-weight: 600; color: {_INK}; }}
QLabel[role="hint"] {{ color: {_MUTED}; }}
QLabel[role="error"] {{ color: {CONFLICT}; }}
QLabel[role="warning"] {{ color: {WARNING}; }}
QLabel[role="banner"] {{ background: #fff4d6; color: #5c4300; padding: 6px 10px;
                         border-bottom: 1px solid #f0d78c; }}
QLabel[role="recovery-key"] {{ font-family: "DejaVu Sans Mono", "Consolas", "Menlo", monospace;
                               font-size: 16pt; padding: 14px; background: #f6f8fb;
                               border: 1px solid #c9d3df; border-radius: 6px; color: {_INK}; }}
QPushButton[role="primary"] {{ background: {ACCENT}; color: white; border: 1px solid #173b5c;
                               border-radius: 4px; padding: 5px 14px; }}
/* The focus frame would vanish on the accent colour: a focused primary button lightens inside a light ring. */
QPushButton[role="primary"]:focus {{ background: #2f6ca6; border: 2px solid #8fbbe8; padding: 4px 13px; }}
QPushButton[role="primary"]:disabled {{ background: #9db3c9; border-color: #9db3c9; }}
QPushButton[role="link"] {{ border: none; color: {ACCENT}; text-decoration: underline; padding: 2px; }}
QFrame[role="panel"] {{ background: white; border: 1px solid #d7dde5; border-radius: 6px; }}
"""

_PALETTE = {
    QPalette.ColorRole.Window: "#f4f6f9",
    QPalette.ColorRole.WindowText: _INK,
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#f7f9fb",
    QPalette.ColorRole.Text: _INK,
    QPalette.ColorRole.Button: "#f7f8fa",
    QPalette.ColorRole.ButtonText: _INK,
    QPalette.ColorRole.Highlight: ACCENT,
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#ffffff",
    QPalette.ColorRole.ToolTipText: _INK,
    QPalette.ColorRole.PlaceholderText: "#8a94a3",
    QPalette.ColorRole.Link: ACCENT,
}


class _CalmStyle(QProxyStyle):
    """Fusion without the icons it puts on OK and Cancel (clutter beside a plain word), and with a focus
    indicator that can be seen on every kind of control."""

    def styleHint(self, hint: QStyle.StyleHint, option: QStyleOption | None = None, widget: QWidget | None = None,
                  data: QStyleHintReturn | None = None) -> int:
        """Fusion's hints, but no icons on dialog buttons."""
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 0
        return int(super().styleHint(hint, option, widget, data))

    def pixelMetric(self, metric: QStyle.PixelMetric, option: QStyleOption | None = None,
                    widget: QWidget | None = None) -> int:
        """Fusion's sizes, but the frame of a text area, list or table is two pixels: room for the focus ring."""
        if metric == QStyle.PixelMetric.PM_DefaultFrameWidth and isinstance(widget, QAbstractScrollArea):
            return _RING
        return int(super().pixelMetric(metric, option, widget))

    def drawControl(self, element: QStyle.ControlElement, option: QStyleOption, painter: QPainter,
                    widget: QWidget | None = None) -> None:
        """Fusion's drawing, but the tab that has the keyboard focus is ringed (Fusion only tints it)."""
        super().drawControl(element, option, painter, widget)
        if element == QStyle.ControlElement.CE_TabBarTabShape and _keyboard_focus(option):
            _ring(painter, QRectF(option.rect).adjusted(2, 2, -2, -1), radius=3.0)

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,
                      widget: QWidget | None = None) -> None:
        """Fusion's drawing, but what has the keyboard focus is ringed in the accent colour: a text area, list
        or table by its frame, a button or a combo box by its edge, a tick box, a round choice or a link round
        its words, and a row of tabs is underlined. Fusion's own is a faint tint that many people cannot see.
        (Inside a list or table the current row keeps Fusion's: its selection already shows where the keyboard
        is.)"""
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            self._draw_focus_frame(option, painter, widget)
            return
        super().drawPrimitive(element, option, painter, widget)
        if not _keyboard_focus(option):
            return
        if element == QStyle.PrimitiveElement.PE_Frame and isinstance(widget, QAbstractScrollArea):
            _ring(painter, QRectF(option.rect), radius=0.0)
        elif element == QStyle.PrimitiveElement.PE_PanelButtonCommand and not _is_primary(widget):
            _ring(painter, QRectF(option.rect), radius=3.0)
        elif element == QStyle.PrimitiveElement.PE_FrameTabBarBase:
            # The row of tabs is underlined as well as its tab: a row as wide as the page shows where it is.
            painter.fillRect(QRectF(option.rect).adjusted(0, option.rect.height() - _RING, 0, 0), QColor(ACCENT))

    def _draw_focus_frame(self, option: QStyleOption, painter: QPainter, widget: QWidget | None) -> None:
        if isinstance(widget, QAbstractItemView):
            super().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, widget)
            return
        # As Fusion, none while only the mouse has been used; a primary button's is the style sheet's (a lighter
        # fill inside a light ring).
        if not option.state & QStyle.StateFlag.State_KeyboardFocusChange or _is_primary(widget):
            return
        rect = QRect(option.rect)
        if widget is not None:
            # A little room round the words, where the control has it: a ring touching the letters is hard to read.
            rect = rect.adjusted(-1, -_RING, _RING, _RING).intersected(widget.rect())
        _ring(painter, QRectF(rect), radius=3.0)


def _is_primary(widget: QWidget | None) -> bool:
    return widget is not None and widget.property("role") == "primary"


def _keyboard_focus(option: QStyleOption) -> bool:
    """Whether the control drawn has the focus and the keyboard has moved it (Fusion shows none for a click)."""
    state = option.state
    return bool(state & QStyle.StateFlag.State_HasFocus and state & QStyle.StateFlag.State_KeyboardFocusChange)


def _ring(painter: QPainter, rect: QRectF, *, radius: float) -> None:
    """A ring `_RING` pixels wide in the accent colour, just inside `rect`."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(ACCENT), _RING))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    inset = _RING / 2
    painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), radius, radius)
    painter.restore()


def apply_theme(app: QApplication) -> None:
    """Fusion with a neutral light palette and the style sheet above, the same on every platform."""
    app.setStyle(_CalmStyle("Fusion"))
    pal = QPalette()
    for role, colour in _PALETTE.items():
        pal.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#a0a8b3"))
    app.setPalette(pal)
    app.setStyleSheet(_STYLE)


def _painted(size: int, draw: Callable[[QPainter], None]) -> QPixmap:
    """A transparent square pixmap with `draw` done on it, antialiased."""
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw(painter)
    painter.end()
    return pix


def _outline(*points: tuple[float, float]) -> QPainterPath:
    """A closed outline through `points`."""
    path = QPainterPath()
    path.moveTo(*points[0])
    for x, y in points[1:]:
        path.lineTo(x, y)
    path.closeSubpath()
    return path


@cache
def urgency_icon(level: UrgencyLevel) -> QIcon:
    """A dot in the level's colour; the more urgent, the more it is filled (a second cue besides colour)."""
    size = 16
    colour = QColor(URGENCY_COLOURS[level])
    rect = QRectF(2.5, 2.5, size - 5, size - 5)

    def draw(p: QPainter) -> None:
        p.setPen(QPen(colour, 1.6))
        if level >= UrgencyLevel.HIGH:
            p.setBrush(QBrush(colour))
            p.drawEllipse(rect)
            if level == UrgencyLevel.CRITICAL:
                p.setPen(QPen(QColor("white"), 2.0))
                p.drawLine(QLineF(8, 5, 8, 9))
                p.drawPoint(QPointF(8, 11.5))
        elif level == UrgencyLevel.MEDIUM:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(rect)
            path = QPainterPath()
            path.moveTo(8, 8)
            path.arcTo(rect, 90, 180)
            path.closeSubpath()
            p.fillPath(path, colour)
        else:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(rect)

    pix = _painted(size, draw)
    result = QIcon(pix)
    # The same dot on a selected row: Qt would otherwise tint it with the selection colour.
    result.addPixmap(pix, QIcon.Mode.Selected)
    return result


def _draw_new(p: QPainter) -> None:
    p.drawRoundedRect(QRectF(3.5, 2.5, 11, 15), 1.5, 1.5)
    p.drawLine(QLineF(13, 13, 19, 13))
    p.drawLine(QLineF(16, 10, 16, 16))  # drawn apart: one drawLines call would blend the crossing differently


def _draw_edit(p: QPainter) -> None:
    p.drawPath(_outline((4, 16), (5, 12), (14, 3), (17, 6), (8, 15)))


def _draw_delete(p: QPainter) -> None:
    p.drawLines([QLineF(4, 5, 16, 5), QLineF(8, 3, 12, 3)])
    p.drawRoundedRect(QRectF(5.5, 5, 9, 12), 1.5, 1.5)
    p.drawLines([QLineF(8.5, 8, 8.5, 14), QLineF(11.5, 8, 11.5, 14)])


def _draw_lock(p: QPainter) -> None:
    p.drawRoundedRect(QRectF(4, 9, 12, 9), 1.5, 1.5)
    shackle = QPainterPath()
    shackle.moveTo(6.5, 9)
    shackle.lineTo(6.5, 6.5)
    shackle.arcTo(QRectF(6.5, 2.5, 7, 8), 180, -180)
    shackle.lineTo(13.5, 9)
    p.drawPath(shackle)
    p.drawLine(QLineF(10, 12.5, 10, 14.5))


def _draw_key(p: QPainter) -> None:
    p.drawEllipse(QRectF(2.5, 6.5, 7, 7))
    p.drawLines([QLineF(9.5, 10, 17.5, 10), QLineF(14.5, 10, 14.5, 13), QLineF(17.5, 10, 17.5, 12.5)])


def _draw_search(p: QPainter) -> None:
    p.drawEllipse(QRectF(3, 3, 10, 10))
    p.drawLine(QLineF(12, 12, 17, 17))


def _draw_filter(p: QPainter) -> None:
    p.drawPath(_outline((3, 4), (17, 4), (11.5, 10.5), (11.5, 16), (8.5, 14.5), (8.5, 10.5)))


def _draw_upcoming(p: QPainter) -> None:
    p.drawRoundedRect(QRectF(3, 4, 14, 13), 1.5, 1.5)
    p.drawLines([QLineF(3, 8, 17, 8), QLineF(7, 2.5, 7, 5.5), QLineF(13, 2.5, 13, 5.5)])


_ICONS: dict[str, Callable[[QPainter], None]] = {
    "new": _draw_new, "edit": _draw_edit, "delete": _draw_delete, "lock": _draw_lock, "key": _draw_key,
    "search": _draw_search, "filter": _draw_filter, "upcoming": _draw_upcoming,
}


@cache
def icon(name: str) -> QIcon:
    """A small line icon for the toolbar and menus, by name: "new", "edit", "delete", "lock", "key",
    "search", "filter", "upcoming"."""
    shape = _ICONS[name]

    def draw(p: QPainter) -> None:
        pen = QPen(QColor(ACCENT), 1.7)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        shape(p)

    return QIcon(_painted(20, draw))
