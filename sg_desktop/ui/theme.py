"""The application's look: a calm light palette, a little style sheet, and icons drawn in code.

Drawn icons keep the application free of image files and of the desktop's icon theme (which is
missing on many managed Windows laptops and on minimal Linux installs).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle

from sg_desktop.domain.urgency import UrgencyLevel
from sg_desktop.ui.formatting import URGENCY_COLOURS

__all__ = ["ACCENT", "apply_theme", "icon", "urgency_icon"]

ACCENT = "#1f4e79"
_INK = "#1d2633"
_MUTED = "#5b6675"

_STYLE = f"""
QToolBar {{ spacing: 4px; padding: 4px 6px; border: none; border-bottom: 1px solid #d7dde5; }}
QToolButton {{ padding: 4px 8px; border-radius: 4px; }}
QToolButton:hover {{ background: #e4ebf3; }}
QToolButton:checked {{ background: #d5e2f0; }}
QStatusBar {{ border-top: 1px solid #d7dde5; color: {_MUTED}; }}
QStatusBar::item {{ border: none; }}
QTableView {{ gridline-color: #e6eaf0; selection-background-color: #cfe0f3; selection-color: {_INK}; }}
QHeaderView::section {{ padding: 4px 6px; border: none; border-right: 1px solid #e1e6ec;
                        border-bottom: 1px solid #cfd6df; background: #f3f5f8; color: {_INK}; }}
QLabel[role="heading"] {{ font-size: 17pt; font-weight: 600; color: {_INK}; }}
QLabel[role="subheading"] {{ font-size: 11pt; font-weight: 600; color: {_INK}; }}
QLabel[role="hint"] {{ color: {_MUTED}; }}
QLabel[role="error"] {{ color: #b42318; }}
QLabel[role="warning"] {{ color: #8a5300; }}
QLabel[role="banner"] {{ background: #fff4d6; color: #5c4300; padding: 6px 10px;
                         border-bottom: 1px solid #f0d78c; }}
QLabel[role="recovery-key"] {{ font-family: "DejaVu Sans Mono", "Consolas", "Menlo", monospace;
                               font-size: 16pt; padding: 14px; background: #f6f8fb;
                               border: 1px solid #c9d3df; border-radius: 6px; color: {_INK}; }}
QPushButton[role="primary"] {{ background: {ACCENT}; color: white; border: 1px solid #173b5c;
                               border-radius: 4px; padding: 5px 14px; }}
QPushButton[role="primary"]:disabled {{ background: #9db3c9; border-color: #9db3c9; }}
QPushButton[role="link"] {{ border: none; color: {ACCENT}; text-decoration: underline; padding: 2px; }}
QFrame[role="panel"] {{ background: white; border: 1px solid #d7dde5; border-radius: 6px; }}
"""


class _CalmStyle(QProxyStyle):
    """Fusion without the icons it puts on OK and Cancel (clutter beside a plain word)."""

    def styleHint(self, hint: QStyle.StyleHint, option: Any = None, widget: Any = None,
                  data: Any = None) -> int:
        """Fusion's hints, but no icons on dialog buttons."""
        if hint == QStyle.StyleHint.SH_DialogButtonBox_ButtonsHaveIcons:
            return 0
        return int(super().styleHint(hint, option, widget, data))


def apply_theme(app: QApplication) -> None:
    """Fusion with a neutral light palette and the style sheet above, the same on every platform."""
    app.setStyle(_CalmStyle("Fusion"))
    pal = QPalette()
    pal.setColor(QPalette.ColorRole.Window, QColor("#f4f6f9"))
    pal.setColor(QPalette.ColorRole.WindowText, QColor(_INK))
    pal.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f9fb"))
    pal.setColor(QPalette.ColorRole.Text, QColor(_INK))
    pal.setColor(QPalette.ColorRole.Button, QColor("#f7f8fa"))
    pal.setColor(QPalette.ColorRole.ButtonText, QColor(_INK))
    pal.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffff"))
    pal.setColor(QPalette.ColorRole.ToolTipText, QColor(_INK))
    pal.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8a94a3"))
    pal.setColor(QPalette.ColorRole.Link, QColor(ACCENT))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor("#a0a8b3"))
    app.setPalette(pal)
    app.setStyleSheet(_STYLE)


@cache
def urgency_icon(level: UrgencyLevel) -> QIcon:
    """A dot in the level's colour; the more urgent, the more it is filled (a second cue besides colour)."""
    size = 16
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(URGENCY_COLOURS[level])
    p.setPen(QPen(colour, 1.6))
    rect = QRectF(2.5, 2.5, size - 5, size - 5)
    if level >= UrgencyLevel.HIGH:
        p.setBrush(QBrush(colour))
        p.drawEllipse(rect)
        if level == UrgencyLevel.CRITICAL:
            p.setPen(QPen(QColor("white"), 2.0))
            p.drawLine(QPointF(8, 5), QPointF(8, 9))
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
    p.end()
    result = QIcon(pix)
    # The same dot on a selected row: Qt would otherwise tint it with the selection colour.
    result.addPixmap(pix, QIcon.Mode.Selected)
    return result


@cache
def icon(name: str) -> QIcon:
    """A small line icon for the toolbar: "new", "edit", "delete", "lock", "search", "filter"."""
    size = 20
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(ACCENT), 1.7)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    if name == "new":
        p.drawRoundedRect(QRectF(3.5, 2.5, 11, 15), 1.5, 1.5)
        p.drawLine(QPointF(13, 13), QPointF(19, 13))
        p.drawLine(QPointF(16, 10), QPointF(16, 16))
    elif name == "edit":
        path = QPainterPath()
        path.moveTo(4, 16)
        path.lineTo(5, 12)
        path.lineTo(14, 3)
        path.lineTo(17, 6)
        path.lineTo(8, 15)
        path.closeSubpath()
        p.drawPath(path)
    elif name == "delete":
        p.drawLine(QPointF(4, 5), QPointF(16, 5))
        p.drawLine(QPointF(8, 3), QPointF(12, 3))
        p.drawRoundedRect(QRectF(5.5, 5, 9, 12), 1.5, 1.5)
        p.drawLine(QPointF(8.5, 8), QPointF(8.5, 14))
        p.drawLine(QPointF(11.5, 8), QPointF(11.5, 14))
    elif name == "lock":
        p.drawRoundedRect(QRectF(4, 9, 12, 9), 1.5, 1.5)
        path = QPainterPath()
        path.moveTo(6.5, 9)
        path.lineTo(6.5, 6.5)
        path.arcTo(QRectF(6.5, 2.5, 7, 8), 180, -180)
        path.lineTo(13.5, 9)
        p.drawPath(path)
        p.drawLine(QPointF(10, 12.5), QPointF(10, 14.5))
    elif name == "search":
        p.drawEllipse(QRectF(3, 3, 10, 10))
        p.drawLine(QPointF(12, 12), QPointF(17, 17))
    elif name == "filter":
        path = QPainterPath()
        path.moveTo(3, 4)
        path.lineTo(17, 4)
        path.lineTo(11.5, 10.5)
        path.lineTo(11.5, 16)
        path.lineTo(8.5, 14.5)
        path.lineTo(8.5, 10.5)
        path.closeSubpath()
        p.drawPath(path)
    elif name == "upcoming":
        p.drawRoundedRect(QRectF(3, 4, 14, 13), 1.5, 1.5)
        p.drawLine(QPointF(3, 8), QPointF(17, 8))
        p.drawLine(QPointF(7, 2.5), QPointF(7, 5.5))
        p.drawLine(QPointF(13, 2.5), QPointF(13, 5.5))
    p.end()
    return QIcon(pix)
