"""A document drawn on A4 pages with the handling marking on every one: as a PDF file, or on paper.

What is drawn (the briefing report, the "what works" digest) gives a title, its marking and a line saying when
and by whom it was produced (`Framed`), and a function that builds its body as a QTextDocument for a device of
some resolution. The body is laid out to the height of a page and painted a page at a time; each page gets the
marking at its top and bottom, "page i of n", and the produced line, painted around the body. A PDF is drawn in
memory and written in one go, never over a vault or its key file (`save_file`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)
from PySide6.QtWidgets import QApplication

from sg_desktop.app.files import save_file
from sg_desktop.domain.enums import Handling
from sg_desktop.domain.errors import CannotWrite

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

__all__ = ["BodyBuilder", "Framed", "ensure_gui_application", "paged_pdf", "write_paged"]

BodyBuilder = Callable[[int], QTextDocument]
"""Builds the body as a document for a device of so many dots an inch."""

_MARGINS_MM = QMarginsF(18, 14, 18, 14)
_BAND_PT = 26.0  # the header's and the footer's height, in points
_RESOLUTION = 300
_APP: list[QApplication] = []  # the application the command line made, kept for the process's life


class Framed(Protocol):
    """What every page shows around the body."""

    @property
    def title(self) -> str: ...

    @property
    def marking(self) -> Handling: ...

    @property
    def produced(self) -> str: ...


def ensure_gui_application() -> None:
    """Make an offscreen Qt application if none runs: Qt needs one for fonts, and a command has no screen."""
    if QGuiApplication.instance() is None:
        # "-platform offscreen" overrides QT_QPA_PLATFORM: a report never needs a display. A QApplication
        # (not only a QGuiApplication), so that widgets can still be made later in the same process.
        _APP.append(QApplication([sys.argv[0] if sys.argv else "sg-desktop", "-platform", "offscreen"]))


def write_paged(frame: Framed, body: BodyBuilder, target: Path | str | QPrinter) -> None:
    """Write the pages as a PDF file at `target`, or print them on the printer `target`.

    CannotWrite (nothing written) when the file cannot be written or is part of a vault, or when the printer
    does not take the pages. A printer set to print into a PDF file gets the file written as a path would.
    """
    if not isinstance(target, Path | str):
        from PySide6.QtPrintSupport import QPrinter  # only here: a PDF needs no print support

        if target.outputFormat() is QPrinter.OutputFormat.PdfFormat and target.outputFileName():
            save_file(Path(target.outputFileName()), paged_pdf(frame, body))
            return
        target.setPageLayout(_a4())
        target.setDocName(frame.title)
        if not _paint(frame, body, target) or target.printerState() in (QPrinter.PrinterState.Error,
                                                                        QPrinter.PrinterState.Aborted):
            raise CannotWrite("The printer did not take the pages; nothing was printed. Check the printer and "
                              "try again.")
        return
    save_file(Path(target), paged_pdf(frame, body))


def paged_pdf(frame: Framed, body: BodyBuilder) -> bytes:
    """The pages as the bytes of a PDF file."""
    ensure_gui_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(_RESOLUTION)
    writer.setPageLayout(_a4())
    writer.setTitle(frame.title)
    writer.setCreator("SG Desktop")
    _paint(frame, body, writer)
    del writer  # finishes the file
    buffer.close()
    return bytes(data.data())


def _a4() -> QPageLayout:
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, _MARGINS_MM,
                       QPageLayout.Unit.Millimeter)


def _paint(frame: Framed, body: BodyBuilder, device: QPagedPaintDevice) -> bool:
    """Paint every page on `device`; False when the device would not start."""
    dpi = device.logicalDpiY()
    band = _BAND_PT * dpi / 72
    paint = device.pageLayout().paintRectPixels(dpi)
    width, height = float(paint.width()), float(paint.height())
    gap = 6 * dpi / 72  # between the body and the footer's rule
    body_height = height - 2 * band - gap
    document = body(dpi)
    document.documentLayout().setPaintDevice(device)
    document.setPageSize(QSizeF(width, body_height))
    pages = max(1, document.pageCount())
    painter = QPainter()
    if not painter.begin(device):
        return False
    try:
        for page in range(pages):
            if page:
                device.newPage()
            _band(painter, QRectF(0, 0, width, band), frame.marking.label, top=True)
            painter.setPen(QPen(QColor("black"), 0.6 * dpi / 72))
            painter.drawLine(QPointF(0, band * 0.7), QPointF(width, band * 0.7))
            painter.save()
            painter.translate(0, band - page * body_height)
            document.drawContents(painter, QRectF(0, page * body_height, width, body_height))
            painter.restore()
            _footer(painter, QRectF(0, height - band, width, band), frame, page + 1, pages)
    finally:
        painter.end()
    return True


def _band(painter: QPainter, rect: QRectF, marking: str, *, top: bool) -> None:
    font = QFont()
    font.setPointSizeF(10)
    font.setBold(True)
    painter.setFont(font)
    flags = Qt.AlignmentFlag.AlignHCenter | (Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignBottom)
    painter.drawText(rect, int(flags), marking)


def _footer(painter: QPainter, rect: QRectF, frame: Framed, page: int, pages: int) -> None:
    font = QFont()
    font.setPointSizeF(8)
    painter.setFont(font)
    painter.setPen(QPen(QColor("black"), 0.6 * painter.device().logicalDpiY() / 72))
    painter.drawLine(rect.topLeft(), rect.topRight())
    text = rect.adjusted(0, rect.height() * 0.12, 0, 0)
    painter.drawText(text, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), frame.produced)
    painter.drawText(text, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), f"page {page} of {pages}")
    _band(painter, rect, frame.marking.label, top=False)
