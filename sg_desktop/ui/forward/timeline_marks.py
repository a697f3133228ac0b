"""The timeline's marks: a milestone's shape for how sure its date is, its colour for how far the story will
travel, and the little legend that says so in words.

The shapes differ in black and white (a filled disc, a ring round a dot, a dashed hollow diamond), so a
printout or an officer who cannot tell the colours apart still reads the confidence.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from sg_desktop.domain.enums import DateConfidence, MediaInterest
from sg_desktop.domain.urgency import UrgencyLevel
from sg_desktop.ui.shared.formatting import CONFLICT, INK, MUTED, URGENCY_COLOURS
from sg_desktop.ui.shared.theme import ACCENT

__all__ = [
    "CLASH_SHADE",
    "FOCUS_COLOUR",
    "MEDIA_COLOURS",
    "TODAY_COLOUR",
    "MarkLegend",
    "draw_mark",
]

# The story's reach: blue for local, the amber of "high" urgency for regional, the conflict red for national.
MEDIA_COLOURS: dict[MediaInterest, str] = {
    MediaInterest.LOCAL: "#3d74b8",
    MediaInterest.REGIONAL: URGENCY_COLOURS[UrgencyLevel.HIGH],
    MediaInterest.NATIONAL: CONFLICT,
}
TODAY_COLOUR = "#0a8f7f"
CLASH_SHADE = "#f9d9d3"
FOCUS_COLOUR = ACCENT


def draw_mark(painter: QPainter, centre: QPointF, confidence: DateConfidence, colour: str, size: float = 12.0) -> None:
    """Draw one milestone's mark centred on `centre`, `size` pixels across."""
    r = size / 2
    ink = QColor(colour)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    if confidence is DateConfidence.CONFIRMED:
        painter.setPen(QPen(QColor(INK), 1.0))
        painter.setBrush(QBrush(ink))
        painter.drawEllipse(centre, r, r)
    elif confidence is DateConfidence.PROVISIONAL:
        painter.setPen(QPen(ink, 2.0))
        painter.setBrush(QBrush(QColor("white")))
        painter.drawEllipse(centre, r - 1, r - 1)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(ink))
        painter.drawEllipse(centre, r / 2.6, r / 2.6)
    else:
        pen = QPen(ink, 1.6)
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setDashPattern([2.0, 1.5])
        painter.setPen(pen)
        painter.setBrush(QBrush(QColor("white")))
        painter.drawPolygon(QPolygonF([QPointF(centre.x(), centre.y() - r), QPointF(centre.x() + r, centre.y()),
                                       QPointF(centre.x(), centre.y() + r), QPointF(centre.x() - r, centre.y())]))
    painter.restore()


class MarkLegend(QWidget):
    """A key to the marks: the three shapes with their confidence, the three colours with their reach."""

    _ITEMS: tuple[tuple[DateConfidence, str, str], ...] = (
        *((c, MUTED, c.label) for c in DateConfidence),
        *((DateConfidence.CONFIRMED, MEDIA_COLOURS[m], m.label) for m in MediaInterest),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineLegend")
        self.setAccessibleName("Key to the timeline")
        self.setAccessibleDescription(
            "Shape: filled disc confirmed, ring with a dot provisional, dashed diamond estimated. "
            "Colour: blue local, amber regional, red national media interest.")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def _widths(self) -> list[int]:
        metrics = self.fontMetrics()
        return [22 + metrics.horizontalAdvance(text) + 10 for _c, _colour, text in self._ITEMS]

    def sizeHint(self) -> QSize:
        """Wide enough for every shape and word in one row, with a gap between the two halves."""
        return QSize(sum(self._widths()) + 16, max(22, self.fontMetrics().height() + 6))

    def paintEvent(self, event: QPaintEvent) -> None:
        """Draw each mark with its word."""
        painter = QPainter(self)
        painter.setPen(QColor(INK))
        x = 0.0
        middle = self.height() / 2
        for i, ((confidence, colour, text), width) in enumerate(zip(self._ITEMS, self._widths(), strict=True)):
            if i == len(DateConfidence):
                x += 16
            draw_mark(painter, QPointF(x + 8, middle), confidence, colour)
            painter.setPen(QColor(INK))
            painter.drawText(QRectF(x + 20, 0, width - 20, self.height()),
                             int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
            x += width
        painter.end()
