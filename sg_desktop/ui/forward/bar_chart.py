"""A horizontal bar chart painted with QPainter (QtCharts is in the 175 MB add-ons wheel and deprecated): one
row per bar, its label on the left, the bar on one scale for the chart, and the number printed beside it.

The chart takes the keyboard focus (Tab); Up and Down (or Left and Right) move between bars, Enter or Space
chooses one, as a click does: `bar_chosen(index)`. Its accessible description reads every bar and number,
ending with the bar the keyboard is on; the bar under the pointer says the same in its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from sg_desktop.app.dashboard import Bar, Chart
from sg_desktop.ui.shared.formatting import INK, MUTED

__all__ = ["BarChart"]

_ROW, _GAP, _TITLE, _PAD = 22, 4, 26, 6
_LABEL_SHARE = 0.42
_BAR = QColor("#2f6fb0")
_BAR_NO_FILTER = QColor("#9aa7b8")
_FOCUS = QColor("#c4540f")


class BarChart(QWidget):
    """One chart of the dashboard; `bar_chosen(index)` fires on a click, Enter or Space on a bar."""

    bar_chosen = Signal(int)

    def __init__(self, chart: Chart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"chart_{chart.name}")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self._chart = chart
        self._current = 0
        self._describe()

    @property
    def chart(self) -> Chart:
        """What the chart shows."""
        return self._chart

    @property
    def current(self) -> int:
        """The bar the keyboard is on."""
        return self._current

    def set_chart(self, chart: Chart) -> None:
        """Show new figures (the same bars, counted again, or others)."""
        self._chart = chart
        self._current = min(self._current, max(0, len(chart.bars) - 1))
        self._describe()
        self.updateGeometry()
        self.update()

    def bar_text(self, index: int) -> str:
        """A bar in words: "Criminal trial: 12", then what choosing it does."""
        bar = self._chart.bars[index]
        does = "choose to filter the log" if bar.filter is not None else (
            "choose to open Coming up" if bar.coming_up else bar.note or "not a filter of the log")
        note = f" ({bar.note})" if bar.note and bar.filter is not None else ""
        return f"{bar.label}: {bar.count:,} — {does}{note}"

    def bar_rect(self, index: int) -> QRect:
        """Where the row of bar `index` is (its label, bar and number), in the chart's coordinates."""
        return QRect(0, _TITLE + index * (_ROW + _GAP), self.width(), _ROW)

    def sizeHint(self) -> QSize:
        """As tall as its rows."""
        rows = max(1, len(self._chart.bars))
        return QSize(420, _TITLE + rows * (_ROW + _GAP) + _PAD)

    def minimumSizeHint(self) -> QSize:
        """Never shorter than its rows."""
        return QSize(280, self.sizeHint().height())

    # -- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Title, then each bar: label, bar, number; the keyboard's bar outlined while the chart has focus."""
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        title_font = self.font()
        title_font.setBold(True)
        p.setFont(title_font)
        p.setPen(QColor(INK))
        p.drawText(QRect(0, 0, self.width(), _TITLE - 4), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   self._chart.title)
        p.setFont(self.font())
        metrics = QFontMetrics(self.font())
        bars = self._chart.bars
        if not bars:
            p.setPen(QColor(MUTED))
            p.drawText(QRect(0, _TITLE, self.width(), _ROW), Qt.AlignmentFlag.AlignLeft, "None yet")
            return
        top = max(b.count for b in bars) or 1
        label_w = int(self.width() * _LABEL_SHARE)
        number_w = metrics.horizontalAdvance(f"{top:,}") + 12
        room = max(10, self.width() - label_w - number_w - _PAD)
        for i, bar in enumerate(bars):
            row = self.bar_rect(i)
            p.setPen(QColor(INK))
            text = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_w - 8)
            right = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
            p.drawText(QRect(0, row.y(), label_w - 8, _ROW), right, text)
            width = round(room * bar.count / top)
            colour = _BAR if bar.filter is not None or bar.coming_up else _BAR_NO_FILTER
            p.fillRect(QRect(label_w, row.y() + 4, max(2 if bar.count else 0, width), _ROW - 8), colour)
            p.drawText(QRect(label_w + width + 6, row.y(), number_w, _ROW),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, f"{bar.count:,}")
            if self.hasFocus() and i == self._current:
                p.setPen(QPen(_FOCUS, 2))
                p.drawRoundedRect(row.adjusted(1, 1, -1, -1), 3, 3)

    # -- the keyboard and the mouse ------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Up/Down/Left/Right move between bars, Home/End to the first and last; Enter or Space chooses."""
        key = event.key()
        count = len(self._chart.bars)
        moves = {Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_Right: 1}
        if key in moves and count:
            self._move_to(max(0, min(count - 1, self._current + moves[Qt.Key(key)])))
        elif key == Qt.Key.Key_Home and count:
            self._move_to(0)
        elif key == Qt.Key.Key_End and count:
            self._move_to(count - 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and count:
            self.bar_chosen.emit(self._current)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on a bar's row chooses it."""
        index = self._bar_at(event.position().toPoint())
        if index is None or event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._move_to(index)
        self.bar_chosen.emit(index)

    def event(self, event: QEvent) -> bool:
        """The tooltip of the bar under the pointer says its number and what a click does."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self._bar_at(event.pos())
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.bar_text(index), self)
            return True
        return super().event(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Outline the current bar."""
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Drop the outline."""
        super().focusOutEvent(event)
        self.update()

    def _bar_at(self, point: QPoint) -> int | None:
        for i in range(len(self._chart.bars)):
            if self.bar_rect(i).contains(point):
                return i
        return None

    def _move_to(self, index: int) -> None:
        self._current = index
        self._describe()
        self.update()

    def _describe(self) -> None:
        bars: tuple[Bar, ...] = self._chart.bars
        self.setAccessibleName(f"{self._chart.title} chart")
        listing = "; ".join(f"{b.label}: {b.count:,}" for b in bars) or "none yet"
        current = f" Now on {self.bar_text(self._current)}." if bars else ""
        self.setAccessibleDescription(f"{self._chart.title}. {listing}.{current}")
