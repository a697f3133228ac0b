"""The support-offer pipeline drawn as steps: proposed → offered → accepted/declined → in progress → done."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from sg_desktop.domain.enums import OfferStatus

__all__ = ["NEXT_STATUS", "OfferPipeline", "step_of"]

_STEPS = ("Proposed", "Offered", "Accepted", "In progress", "Completed")
_STEP_OF = {
    OfferStatus.PROPOSED: 0,
    OfferStatus.OFFERED: 1,
    OfferStatus.ACCEPTED: 2,
    OfferStatus.DECLINED: 2,
    OfferStatus.IN_PROGRESS: 3,
    OfferStatus.COMPLETED: 4,
}
# The usual next step from each status; declining is a choice made in the status list, not a "next step".
NEXT_STATUS: dict[OfferStatus, OfferStatus] = {
    OfferStatus.PROPOSED: OfferStatus.OFFERED,
    OfferStatus.OFFERED: OfferStatus.ACCEPTED,
    OfferStatus.ACCEPTED: OfferStatus.IN_PROGRESS,
    OfferStatus.IN_PROGRESS: OfferStatus.COMPLETED,
}

_DONE = QColor("#2e7d32")
_CURRENT = QColor("#1f5fa8")
_DECLINED = QColor("#b3261e")
_FUTURE = QColor("#a7adb5")
_RADIUS = 9.0


def step_of(status: OfferStatus) -> int:
    """Which of the five steps (0–4) a status stands on."""
    return _STEP_OF[status]


class OfferPipeline(QWidget):
    """Five steps with the offer's place among them; colour is never the only sign (✓, ✕, bold text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("offerPipeline")
        self.setAccessibleName("Offer pipeline")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._status = OfferStatus.PROPOSED
        self.set_status(OfferStatus.PROPOSED)

    def status(self) -> OfferStatus:
        """The status shown."""
        return self._status

    def set_status(self, status: OfferStatus) -> None:
        """Show `status` and describe it for screen readers."""
        self._status = status
        step = step_of(status)
        text = f"Step {step + 1} of {len(_STEPS)}: {status.label}"
        following = NEXT_STATUS.get(status)
        if status == OfferStatus.DECLINED:
            text += ". The offer was declined; the pipeline ends here."
        elif following is not None:
            text += f". Next: {following.label.lower()}"
            if status == OfferStatus.OFFERED:
                text += " or declined"
            text += "."
        else:
            text += ". The support is complete."
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.update()

    def description(self) -> str:
        """The sentence a screen reader hears for the current status."""
        return self.accessibleDescription()

    def sizeHint(self) -> QSize:
        """Wide enough for five short labels."""
        return QSize(420, 52)

    def minimumSizeHint(self) -> QSize:
        """Labels need about 70 pixels each."""
        return QSize(340, 52)

    def paintEvent(self, _event: QPaintEvent) -> None:
        """Draw the nodes, the lines between them and the labels under them."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        current = step_of(self._status)
        declined = self._status == OfferStatus.DECLINED
        margin = 40.0
        width = max(1.0, self.width() - 2 * margin)
        gap = width / (len(_STEPS) - 1)
        y = _RADIUS + 4
        centres = [QPointF(margin + i * gap, y) for i in range(len(_STEPS))]
        for i in range(len(_STEPS) - 1):
            reached = i < current and not (declined and i >= current)
            pen = QPen(_DONE if reached else _FUTURE, 2)
            if declined and i >= current:
                pen.setStyle(Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawLine(centres[i] + QPointF(_RADIUS, 0), centres[i + 1] - QPointF(_RADIUS, 0))

        base = QFont(self.font())
        base.setPointSizeF(max(7.0, base.pointSizeF() * 0.9))
        bold = QFont(base)
        bold.setBold(True)
        for i, centre in enumerate(centres):
            label = _STEPS[i]
            if i == 2 and declined:
                colour, mark, label = _DECLINED, "✕", "Declined"
            elif i == 2 and current < 2:
                label = "Decision"
                colour, mark = _FUTURE, ""
            elif i < current:
                colour, mark = _DONE, "✓"
            elif i == current:
                colour, mark = _CURRENT, "●" if self._status != OfferStatus.COMPLETED else "✓"
                if self._status == OfferStatus.COMPLETED:
                    colour = _DONE
            else:
                colour, mark = _FUTURE, ""
            filled = bool(mark)
            painter.setPen(QPen(colour, 2))
            painter.setBrush(colour if filled else self.palette().base().color())
            painter.drawEllipse(centre, _RADIUS, _RADIUS)
            if mark and mark != "●":
                painter.setPen(QColor("white"))
                painter.setFont(bold)
                painter.drawText(
                    QRectF(centre.x() - _RADIUS, centre.y() - _RADIUS, 2 * _RADIUS, 2 * _RADIUS),
                    Qt.AlignmentFlag.AlignCenter,
                    mark,
                )
            painter.setFont(bold if i == current else base)
            faded = colour == _FUTURE
            painter.setPen(
                self.palette().placeholderText().color() if faded else self.palette().text().color()
            )
            painter.drawText(
                QRectF(centre.x() - gap / 2, y + _RADIUS + 3, gap, 20),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                label,
            )
        painter.end()
