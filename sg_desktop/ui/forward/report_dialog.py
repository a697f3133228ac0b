"""File ▸ Briefing report…: "Forward look: the next N weeks" saved as a PDF or printed, for the weekly briefing.

The log's current search and filters apply by default (a note says which); untick them for every alert.
Printing goes through the platform's print dialog; a printer set to print into a PDF file gets the file
written as Save as PDF… writes it, never over a vault.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.briefing import MAX_WEEKS, BriefingReport, briefing_report
from sg_desktop.app.failures import calm_message, is_expected
from sg_desktop.app.forward import week_of
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import PlainFile
from sg_desktop.domain.query import AlertQuery
from sg_desktop.domain.typed_dates import long_date
from sg_desktop.ui.forward.log_filter_choice import LogFilterChoice
from sg_desktop.ui.forward.report_pdf import write_briefing
from sg_desktop.ui.help.sections import offer_help
from sg_desktop.ui.shared.printing import ask_where_to_print
from sg_desktop.ui.shared.save_dialog import ask_where_to_save
from sg_desktop.ui.shared.widgets import button, button_row, label

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from sg_desktop.ui.log.main_window import MainWindow

__all__ = ["BriefingDialog", "open_briefing"]

_DEFAULT_WEEKS = 4


def _platform_printer() -> QPrinter:
    from PySide6.QtPrintSupport import QPrinter

    return QPrinter(QPrinter.PrinterMode.HighResolution)


def open_briefing(window: MainWindow) -> BriefingDialog | None:
    """Open the briefing report dialog over `window`, with its log's current filters; None while locked."""
    session = window.session
    if session is None or session.is_locked:
        return None
    dialog = BriefingDialog(session, window.filters.query(), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


class BriefingDialog(QDialog):
    """How many weeks, whether the log's filters apply, and Save as PDF… or Print….

    `printer_factory` makes the printer the print dialog starts from (tests hand in one that prints into a
    PDF file); `now` is when the report says it was produced.
    """

    def __init__(self, session: Session, query: AlertQuery, parent: QWidget | None = None, *,
                 now: Callable[[], datetime] = lambda: datetime.now().astimezone()) -> None:
        super().__init__(parent)
        self.setObjectName("briefingReportDialog")
        self.setWindowTitle("Briefing report — SG Desktop")
        self._session = session
        self._now = now
        self.printer_factory: Callable[[], QPrinter] = _platform_printer
        self.weeks = QSpinBox(self)
        self.weeks.setObjectName("briefingWeeks")
        self.weeks.setAccessibleName("Weeks ahead")
        self.weeks.setRange(1, MAX_WEEKS)
        self.weeks.setValue(_DEFAULT_WEEKS)
        self.weeks.setSuffix(" weeks")
        self.filters = LogFilterChoice(query, session.forward.councils, self, "briefing", "the report")
        self.use_filters, self.filter_note = self.filters.check, self.filters.note
        self.summary = self._plain(label("", self, "", "briefingSummary"))
        self.status = self._plain(label("", self, "hint", "briefingStatus"))
        self.save_button = button("&Save as PDF…", "saveBriefingPdf", self, self.save_pdf)
        self.print_button = button("&Print…", "printBriefing", self, self.print_report)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Weeks ahead, from this week:", self.weeks)
        layout = QVBoxLayout(self)
        hint = label("A PDF or printed report of the weeks ahead, for briefing leaders and lead members: the "
                     "counts and clash weeks, then each week's alerts and support.", self, "hint")
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.use_filters)
        layout.addWidget(self.filter_note)
        layout.addWidget(self.summary)
        layout.addLayout(button_row([self.save_button, self.print_button]))
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.weeks.valueChanged.connect(self._update)
        self.use_filters.toggled.connect(self._update)
        offer_help(self, "briefing-report", hint)
        self._update()

    @staticmethod
    def _plain(widget: QLabel) -> QLabel:
        widget.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the search text
        return widget

    def report(self) -> BriefingReport:
        """The report as the dialog is set now."""
        return briefing_report(self._session, self.weeks.value(), self._now(), self.filters.query,
                               filters=self.filters.applied)

    def _update(self) -> None:
        self.filters.update()
        if self._session.is_locked:
            return
        # Counted from the milestones alone, so that turning the spin box stays quick over a large vault.
        forward, weeks = self._session.forward, self.weeks.value()
        first = week_of(forward.today())
        rows = forward.weeks(self.filters.query, first, weeks)
        alerts = len({r.alert_id for r in rows})
        last = first + timedelta(weeks=weeks, days=-1)
        self.summary.setText(f"From {long_date(first)} to {long_date(last)}: {alerts} alert{'s' if alerts != 1 else ''}"
                             f", {len(rows)} milestone{'s' if len(rows) != 1 else ''}.")

    def save_pdf(self) -> None:
        """Ask where to save the report as a PDF file."""
        ask_where_to_save(self, "Save the briefing report", "saveBriefingDialog", "PDF", "pdf",
                          f"Forward look {self._now():%Y-%m-%d}.pdf", self.write_pdf)

    def write_pdf(self, filename: str) -> None:
        """Write the report at `filename` and say on the dialog what happened."""
        if filename:
            self._write(Path(filename), f"Saved to {filename}.")

    def print_report(self) -> None:
        """Ask, in the platform's print dialog, where to print the report; without print support, save it."""
        ask_where_to_print(self, self.printer_factory, "printBriefingDialog", self.print_to, self.save_pdf)

    def print_to(self, printer: QPrinter) -> None:
        """Print the report on `printer` (as the print dialog set it up) and say what happened."""
        from PySide6.QtPrintSupport import QPrinter

        name, into = printer.printerName(), printer.outputFileName()
        if printer.outputFormat() is QPrinter.OutputFormat.PdfFormat and into:
            done = f"Saved to {into}."
        else:
            where = f"the printer “{name}”" if name else "the printer"
            done = f"Sent to {where}. Collect the pages straight away; do not leave them in the tray."
        self._write(printer, done)

    def _write(self, target: Path | QPrinter, done: str) -> None:
        if self._session.is_locked:
            self.status.setText("The vault is locked; unlock it to make the report.")
            return
        report = self.report()
        try:
            write_briefing(report, target)
        except Exception as exc:
            if not is_expected(exc):
                raise
            self.status.setText(calm_message(exc))
            return
        self._session.record_plain_file(PlainFile.BRIEFING, report.alerts)
        self.status.setText(done)
