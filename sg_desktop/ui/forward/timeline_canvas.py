"""The painted part of the timeline: column headings across the top, alert labels down the left, and the
marks between them, of which only the part on screen is drawn.

The keyboard moves a current mark (ringed) along its line with Left and Right and between lines with Up and
Down; Enter or a double-click opens its alert; Ctrl+Left and Ctrl+Right ask for the timeline to move.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFocusEvent,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QToolTip, QWidget

from sg_desktop.ui.forward.timeline_layout import Column, TimelineLayout
from sg_desktop.ui.forward.timeline_marks import CLASH_SHADE, FOCUS_COLOUR, MEDIA_COLOURS, TODAY_COLOUR, draw_mark
from sg_desktop.ui.shared.formatting import CONFLICT, INK, MUTED, long_day_text, time_text

__all__ = ["TimelineCanvas", "milestone_text"]

_GRID, _HEADING_BG, _GROUP_BG, _STRIPE, _TODAY_BG = "#e1e6ec", "#f3f5f8", "#e8edf3", "#f9fafc", "#eaf6f4"
_KEYS = {Qt.Key.Key_Left: "left", Qt.Key.Key_Right: "right", Qt.Key.Key_Up: "up", Qt.Key.Key_Down: "down",
         Qt.Key.Key_Home: "home", Qt.Key.Key_End: "end"}


def milestone_text(layout: TimelineLayout, index: int) -> str:
    """What a mark says in words, as plain text: the milestone, its date, how sure, and its alert."""
    row = layout.markers[index].row
    when = long_day_text(row.date) + (f" at {time_text(row.time)}" if row.time is not None else "")
    return (f"{row.kind.label}: {when}\n{row.confidence.label} date · {row.media_interest.label} media interest\n"
            f"{row.reference}: {row.title}")


class TimelineCanvas(QAbstractScrollArea):
    """Paints a `TimelineLayout`. Emits `open_alert(alert_id, milestone_id)` and `step_requested(by)` (-1 earlier,
    1 later)."""

    open_alert = Signal(str, str)  # the alert's id, and the milestone's when a mark was opened (else "")
    step_requested = Signal(int)
    current_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineCanvas")
        self.setAccessibleName("Timeline")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self._layout: TimelineLayout | None = None
        self._current: int | None = None
        self._empty_text = ""

    # -- what it shows ---------------------------------------------------------------------------

    @property
    def timeline(self) -> TimelineLayout | None:
        """The layout painted now (None before the first, and while locked)."""
        return self._layout

    @property
    def current(self) -> int | None:
        """The index of the current mark in the layout, or None."""
        return self._current

    def set_timeline(self, layout: TimelineLayout | None, empty_text: str = "") -> None:
        """Paint `layout`, keeping the current mark on the same milestone when it is still shown."""
        keep = self._layout.mark_key(self._current) if self._layout is not None and self._current is not None else None
        self._layout = layout
        self._empty_text = empty_text
        self._current = None
        if layout is not None and keep is not None:
            self._current = layout.index_of_key(keep)
        self._update_scroll_bars()
        self._describe()
        self.viewport().update()
        self.current_changed.emit()

    def current_milestone_id(self) -> str | None:
        """The id of the current mark's milestone, or None."""
        if self._layout is None or self._current is None:
            return None
        return self._layout.markers[self._current].row.milestone_id

    def set_current(self, index: int | None) -> None:
        """Make mark `index` current, scrolling it into view."""
        if self._layout is None or index == self._current:
            return
        self._current = index
        if index is not None:
            self._ensure_visible(index)
            self.setAccessibleDescription(milestone_text(self._layout, index).replace("\n", ". "))
        self.viewport().update()
        self.current_changed.emit()

    def mark_point(self, index: int) -> QPoint:
        """Where mark `index` is drawn now, in viewport coordinates."""
        assert self._layout is not None
        return QPoint(round(self._left() + self._layout.mark_x(index) - self.horizontalScrollBar().value()),
                      round(self._top() + self._layout.marker_y(index) - self.verticalScrollBar().value()))

    def x_on_screen(self, day: date) -> int | None:
        """The viewport x of `day`'s centre, or None when it is not on the timeline."""
        if self._layout is None:
            return None
        x = self._layout.x_of(day)
        return None if x is None else round(self._left() + x - self.horizontalScrollBar().value())

    def tooltip_at(self, point: QPoint) -> str:
        """The tooltip for viewport `point` (rich text built from escaped plain text): the milestones of the mark
        there, a clash week's count in the headings, an alert's reference and whole title at its line's label;
        "" where there is none of these."""
        layout = self._layout
        if layout is None:
            return ""
        found = self._marker_at(point)
        if found is not None:
            texts = [milestone_text(layout, i) for i in layout.markers_at_same_place(found)]
        elif point.y() < self._top() and point.x() >= self._left():
            x = point.x() - self._left() + self.horizontalScrollBar().value()
            texts = [f"A clash: {band.national:,} milestones of national interest in the week of "
                     f"{long_day_text(band.week)}" for band in layout.clashes if band.x <= x < band.x + band.width]
        elif point.x() < self._left() and (line := self._line_at(point)) is not None:
            shown = layout.lines[line]
            texts = [shown.text if shown.is_heading else f"{shown.text}\n{shown.title}"]
        else:
            texts = []
        return "<qt>" + "<hr>".join(html.escape(t).replace("\n", "<br>") for t in texts) + "</qt>" if texts else ""

    # -- geometry ----------------------------------------------------------------------------------

    def _left(self) -> int:
        return self._layout.geometry.label_width if self._layout is not None else 0

    def _top(self) -> int:
        return self._layout.geometry.heading_height if self._layout is not None else 0

    def _update_scroll_bars(self) -> None:
        size = self.viewport().size()
        if self._layout is None:
            self.horizontalScrollBar().setRange(0, 0)
            self.verticalScrollBar().setRange(0, 0)
            return
        width = max(0, round(self._layout.width) - (size.width() - self._left()))
        height = max(0, self._layout.height - (size.height() - self._top()))
        self.horizontalScrollBar().setRange(0, width)
        self.horizontalScrollBar().setPageStep(max(1, size.width() - self._left()))
        self.verticalScrollBar().setRange(0, height)
        self.verticalScrollBar().setPageStep(max(1, size.height() - self._top()))
        self.verticalScrollBar().setSingleStep(self._layout.geometry.line_height)

    def _ensure_visible(self, index: int) -> None:
        assert self._layout is not None
        line_top = self._layout.mark_lines[index] * self._layout.geometry.line_height
        x = self._layout.mark_x(index)
        bar = self.verticalScrollBar()
        body = self.viewport().height() - self._top()
        if line_top < bar.value():
            bar.setValue(line_top)
        elif line_top + self._layout.geometry.line_height > bar.value() + body:
            bar.setValue(line_top + self._layout.geometry.line_height - body)
        across = self.horizontalScrollBar()
        span = self.viewport().width() - self._left()
        if x - 10 < across.value():
            across.setValue(round(x - 10))
        elif x + 10 > across.value() + span:
            across.setValue(round(x + 10 - span))

    def _marker_at(self, point: QPoint) -> int | None:
        if self._layout is None or point.x() < self._left() or point.y() < self._top():
            return None
        x = point.x() - self._left() + self.horizontalScrollBar().value()
        y = point.y() - self._top() + self.verticalScrollBar().value()
        return self._layout.marker_at(x, y)

    def _line_at(self, point: QPoint) -> int | None:
        if self._layout is None or point.y() < self._top():
            return None
        return self._layout.line_at(point.y() - self._top() + self.verticalScrollBar().value())

    def _describe(self) -> None:
        layout = self._layout
        if layout is None or not layout.line_alerts:
            self.setAccessibleDescription(self._empty_text)
            return
        self.setAccessibleDescription(
            f"{layout.alert_count:,} alerts, {len(layout.markers):,} milestones, {len(layout.clashes)} clash weeks. "
            "Arrow keys move between milestones, Enter opens the alert.")

    # -- events ------------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the scroll ranges in step with the size."""
        super().resizeEvent(event)
        self._update_scroll_bars()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """Repaint (the fixed headings and labels cannot simply be scrolled)."""
        self.viewport().update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Arrows, Home and End move the current mark; Enter opens; Ctrl+Left and Ctrl+Right move the dates."""
        key = Qt.Key(event.key())
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if ctrl and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self.step_requested.emit(-1 if key == Qt.Key.Key_Left else 1)
        elif key in _KEYS and self._layout is not None and self._layout.marks:
            self.set_current(self._layout.neighbour(self._current, _KEYS[key]))
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._layout is not None and self._current is not None:
            row = self._layout.markers[self._current].row
            self.open_alert.emit(row.alert_id, row.milestone_id)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on a mark makes it current."""
        found = self._marker_at(event.position().toPoint())
        if found is not None:
            self.set_current(found)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """A double-click on a mark, or anywhere on an alert's line, opens the alert."""
        point = event.position().toPoint()
        found = self._marker_at(point)
        line = self._line_at(point)
        if self._layout is not None and found is not None:
            row = self._layout.markers[found].row
            self.open_alert.emit(row.alert_id, row.milestone_id)
        elif self._layout is not None and line is not None and not self._layout.is_heading(line):
            self.open_alert.emit(self._layout.lines[line].alert_id, "")

    def viewportEvent(self, event: QEvent) -> bool:
        """Tooltips: the milestones under the pointer, as escaped plain text."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Show the ring on a mark as soon as the keyboard arrives."""
        super().focusInEvent(event)
        if self._current is None and self._layout is not None and self._layout.marks:
            self.set_current(self._layout.neighbour(None, "right"))
        self.viewport().update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Hide the ring."""
        super().focusOutEvent(event)
        self.viewport().update()

    # -- painting ----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw the part of the timeline inside the event's rectangle."""
        painter = QPainter(self.viewport())
        area = event.rect()
        painter.fillRect(area, QColor("white"))
        layout = self._layout
        if layout is None:
            painter.end()
            return
        left, top = self._left(), self._top()
        dx, dy = left - self.horizontalScrollBar().value(), top - self.verticalScrollBar().value()
        width, height = self.viewport().width(), self.viewport().height()
        body = QRect(left, top, width - left, height - top)
        lines = layout.lines_between(area.top() - dy, area.bottom() - dy)
        columns = [c for c in layout.columns if c.x + dx < area.right() + 1 and c.x + c.width + dx > area.left()]
        line_height = layout.geometry.line_height

        painter.setClipRect(body.intersected(area))
        for i in lines:
            y = i * line_height + dy
            if layout.is_heading(i):
                painter.fillRect(QRectF(left, y, width - left, line_height), QColor(_GROUP_BG))
            elif i % 2:
                painter.fillRect(QRectF(left, y, width - left, line_height), QColor(_STRIPE))
        today_tint = QColor(_TODAY_BG)
        today_tint.setAlpha(150)
        for column in columns:
            if column.has_today:
                painter.fillRect(QRectF(column.x + dx, top, column.width, height - top), today_tint)
        painter.setPen(QPen(QColor(_GRID), 1))
        for column in columns:
            painter.drawLine(QPointF(column.x + dx, top), QPointF(column.x + dx, height))
        self._paint_today(painter, layout.today_x, dx, top, height)
        for i in lines:
            for index in layout.line_marks[i]:
                centre = QPointF(layout.mark_x(index) + dx, i * line_height + dy + line_height / 2)
                if area.left() - 10 <= centre.x() <= area.right() + 10:
                    confidence, media = layout.mark_style(index)
                    draw_mark(painter, centre, confidence, MEDIA_COLOURS[media])
        if self._current is not None and self.hasFocus() and self._current < len(layout.marks):
            point = self.mark_point(self._current)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setPen(QPen(QColor(FOCUS_COLOUR), 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(point), 10.0, 10.0)
        self._paint_headings(painter, area, columns, dx, left, top, width)
        self._paint_labels(painter, area, lines, dy, left, top, height)
        if not layout.line_alerts:
            painter.setClipRect(body)
            painter.setPen(QColor(MUTED))
            painter.drawText(QRectF(body).adjusted(20, 20, -20, -20),
                             int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self._empty_text)
        painter.end()

    def _paint_today(self, painter: QPainter, today_x: float | None, dx: int, top: int, bottom: int) -> None:
        if today_x is None:
            return
        painter.setPen(QPen(QColor(TODAY_COLOUR), 2))
        x = round(today_x + dx)
        painter.drawLine(x, top, x, bottom)

    def _paint_headings(self, painter: QPainter, area: QRect, columns: list[Column], dx: int, left: int, top: int,
                        width: int) -> None:
        heading = QRect(left, 0, width - left, top)
        if not heading.intersects(area):
            return
        assert self._layout is not None
        painter.setClipRect(heading.intersected(area))
        painter.fillRect(heading, QColor(_HEADING_BG))
        for band in self._layout.clashes:
            painter.fillRect(QRectF(band.x + dx, 0, band.width, top), QColor(CLASH_SHADE))
        painter.setPen(QPen(QColor("#cfd6df"), 1))
        painter.drawLine(left, top - 1, width, top - 1)
        metrics = painter.fontMetrics()
        bold = QFont(painter.font())
        bold.setBold(True)
        for column in columns:
            x = column.x + dx
            painter.setPen(QPen(QColor(_GRID), 1))
            painter.drawLine(QPointF(x, 0), QPointF(x, top))
            painter.setFont(bold if column.has_today else self.font())
            painter.setPen(QColor(INK))
            painter.drawText(QRectF(x + 4, 3, column.width - 6, metrics.height()),
                             int(Qt.AlignmentFlag.AlignLeft), column.heading)
            painter.setFont(self.font())
            painter.setPen(QColor(MUTED))
            painter.drawText(QRectF(x + 4, 3 + metrics.height(), column.width - 6, metrics.height()),
                             int(Qt.AlignmentFlag.AlignLeft), column.subheading)
        painter.setFont(bold)
        for band in self._layout.clashes:
            text = f"{band.national:,} national"
            box = QRectF(band.x + dx + 3, top - metrics.height() - 6, min(band.width - 6,
                         metrics.horizontalAdvance(text) + 12), metrics.height() + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(QColor(CONFLICT)))
            painter.drawRoundedRect(box, 4, 4)
            painter.setPen(QColor("white"))
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), metrics.elidedText(
                text, Qt.TextElideMode.ElideRight, round(box.width()) - 4))
        painter.setFont(self.font())
        self._paint_today(painter, self._layout.today_x, dx, 0, top)

    def _paint_labels(self, painter: QPainter, area: QRect, lines: range, dy: int, left: int, top: int,
                      height: int) -> None:
        assert self._layout is not None
        labels = QRect(0, top, left, height - top)
        painter.setClipRect(QRect(0, 0, left, height).intersected(area))
        painter.fillRect(QRect(0, 0, left, top), QColor(_HEADING_BG))
        painter.setPen(QColor(MUTED))
        painter.drawText(QRect(8, 0, left - 16, top), int(Qt.AlignmentFlag.AlignVCenter), "Alert")
        painter.setClipRect(labels.intersected(area))
        painter.fillRect(labels, QColor("white"))
        metrics = painter.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        line_height = self._layout.geometry.line_height
        for i in lines:
            line = self._layout.lines[i]
            y = i * line_height + dy
            if line.is_heading:
                painter.fillRect(QRect(0, y, left, line_height), QColor(_GROUP_BG))
                painter.setFont(bold)
                painter.setPen(QColor(INK))
                painter.drawText(QRect(8, y, 3000, line_height), int(Qt.AlignmentFlag.AlignVCenter), line.text)
                painter.setFont(self.font())
                continue
            if i % 2:
                painter.fillRect(QRect(0, y, left, line_height), QColor(_STRIPE))
            reference_width = metrics.horizontalAdvance(line.text) + 10
            painter.setPen(QColor(INK))
            painter.drawText(QRect(8, y, reference_width, line_height), int(Qt.AlignmentFlag.AlignVCenter),
                             line.text)
            painter.setPen(QColor(MUTED))
            room = left - 16 - reference_width
            painter.drawText(QRect(8 + reference_width, y, room, line_height), int(Qt.AlignmentFlag.AlignVCenter),
                             metrics.elidedText(line.title, Qt.TextElideMode.ElideRight, room))
        painter.setClipRect(QRect(0, 0, left + 1, height).intersected(area))
        painter.setPen(QPen(QColor("#cfd6df"), 1))
        painter.drawLine(left, 0, left, height)
