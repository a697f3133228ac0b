"""The briefing report on paper and in PDF: the marking at the top and bottom of every page, "page i of n",
exactly the alerts of the chosen weeks, record text printed as text; and File ▸ Briefing report… saving,
printing and refusing to write over the vault."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QLabel, QPushButton, QSpinBox
from pytestqt.qtbot import QtBot

from sg_desktop.app.briefing import briefing_report
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import AlertKind, DateConfidence, Handling, MediaInterest, MilestoneKind
from sg_desktop.domain.model import Alert, Milestone
from sg_desktop.ui.forward.report_pdf import write_briefing
from sg_desktop.ui.log.main_window import MainWindow
from sg_desktop.ui.shortcuts import action_keys

from .conftest import find
from .pdf_text import page_texts, pdf_text

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
REFERENCE = re.compile(r"\bLGA-2026-\d{4}\b")


def many_alerts(session: Session, count: int) -> tuple[set[str], set[str]]:
    """`count` alerts over the next three weeks, one official-sensitive, and three outside them: the
    references inside the three weeks and those outside."""
    inside = [Alert("E08000035", AlertKind.TRIAL, f"Trial number {i}", handling=Handling.OFFICIAL,
                    media_interest=MediaInterest.NATIONAL if i % 4 == 1 else MediaInterest.LOCAL,
                    milestones=(Milestone(MilestoneKind.TRIAL_START, date(2026, 11, 23) + timedelta(days=i % 21),
                                          DateConfidence.CONFIRMED),))
              for i in range(count)]
    inside[0] = Alert("E06000041", AlertKind.INQUEST, "<b>x</b>", handling=Handling.OFFICIAL_SENSITIVE,
                      milestones=(Milestone(MilestoneKind.INQUEST, date(2026, 12, 1)),))
    outside = [Alert("E08000035", AlertKind.TRIAL, f"Outside {i}", handling=Handling.OFFICIAL, milestones=(
        Milestone(MilestoneKind.TRIAL_START, day),)) for i, day in enumerate(
        (date(2026, 11, 22), date(2026, 12, 14), date(2027, 3, 1)))]
    stored = session.alerts.add_many([*inside, *outside])
    return {a.reference for a in stored[:count]}, {a.reference for a in stored[count:]}


def test_every_page_has_the_marking_at_top_and_bottom_and_its_page_number(
    qapp: QApplication, session: Session, tmp_path: Path
) -> None:
    inside, outside = many_alerts(session, 90)
    target = tmp_path / "briefing.pdf"
    write_briefing(briefing_report(session, 3, NOW), target)

    pages = page_texts(target)
    assert len(pages) >= 3
    for number, text in enumerate(pages, 1):
        lines = text.splitlines()
        assert lines[0] == "OFFICIAL-SENSITIVE", f"page {number}"
        assert lines[-1] == "OFFICIAL-SENSITIVE", f"page {number}"
        assert f"page {number} of {len(pages)}" in lines
        assert "Produced 24 November 2026 10:00 by Local Government Association" in lines
    assert pages[0].splitlines()[1] == "Forward look: the next 3 weeks"
    printed = set(REFERENCE.findall(pdf_text(target)))
    assert printed == inside and not printed & outside


def test_record_text_is_printed_as_text_not_markup(qapp: QApplication, session: Session, tmp_path: Path) -> None:
    (reference,), _ = many_alerts(session, 1)
    target = tmp_path / "briefing.pdf"
    write_briefing(briefing_report(session, 2, NOW), target)
    lines = pdf_text(target).splitlines()
    assert lines[lines.index(reference) + 1] == "— <b>x</b>"  # the reference in bold, then the title as typed


def test_the_first_page_counts_and_names_the_clash_weeks(qapp: QApplication, session: Session,
                                                         tmp_path: Path) -> None:
    many_alerts(session, 12)
    target = tmp_path / "briefing.pdf"
    write_briefing(briefing_report(session, 3, NOW), target)
    first = page_texts(target)[0].splitlines()
    assert first[first.index("Alerts with milestones in these weeks") + 1] == "12"
    assert first[first.index("Alerts of national media interest") + 1] == "3"
    assert "Week of Monday 23 November 2026: 2 national milestones" in first


def pdf_printer(target: Path) -> QPrinter:
    """A printer that prints into a PDF file at `target`, as "Print to file" in a print dialog does."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


def open_dialog(qtbot: QtBot, log: MainWindow) -> QDialog:
    qtbot.keyClick(log, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = find(None, QDialog, "briefingReportDialog")
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_the_menu_opens_the_report_with_the_logs_filters_and_saves_it(
    qtbot: QtBot, log: MainWindow, tmp_path: Path
) -> None:
    action = find(log, QAction, "actionBriefingReport")
    assert action in find(log.menuBar(), type(log.menuBar().actions()[0].menu()), "menuFile").actions()
    qtbot.keyClicks(log.filters.search, "trial")
    dialog = open_dialog(qtbot, log)
    note = find(dialog, QLabel, "briefingFilterNote")
    assert note.text() == "The log's filters apply: search “trial”."
    summary = find(dialog, QLabel, "briefingSummary")
    assert summary.text() == "From Monday 23 November 2026 to Sunday 20 December 2026: 1 alert, 1 milestone."
    weeks = find(dialog, QSpinBox, "briefingWeeks")
    weeks.selectAll()
    qtbot.keyClicks(weeks, "2")
    assert weeks.value() == 2 and "0 alerts," in summary.text()  # the trial is on 14 December
    qtbot.keyClick(find(dialog, QCheckBox, "briefingUseFilters"), Qt.Key.Key_Space)
    assert note.text() == "The log's filters do not apply: every alert with milestones in these weeks."
    assert "1 alert," in summary.text()  # the practice review, on 30 November

    target = tmp_path / "weekly.pdf"
    dialog.write_pdf(str(target))
    assert find(dialog, QLabel, "briefingStatus").text() == f"Saved to {target}."
    text = pdf_text(target)
    assert "Forward look: the next 2 weeks" in text and "Practice review after neglect" in text
    assert "Trial listed at the Crown Court" not in text


def test_print_goes_to_the_printer_chosen(qtbot: QtBot, log: MainWindow, tmp_path: Path) -> None:
    dialog = open_dialog(qtbot, log)
    target = tmp_path / "printed.pdf"
    dialog.printer_factory = lambda: pdf_printer(target)  # type: ignore[attr-defined]
    find(dialog, QPushButton, "printBriefing").click()
    chooser = find(dialog, QPrintDialog, "printBriefingDialog")
    assert chooser.isVisible() and chooser.windowModality() == Qt.WindowModality.WindowModal
    chooser.accept()  # what pressing Print in it does
    assert find(dialog, QLabel, "briefingStatus").text() == f"Saved to {target}."
    lines = pdf_text(target).splitlines()
    assert lines[0] == "OFFICIAL-SENSITIVE" and "page 1 of 2" in lines
    assert "— Trial listed at the Crown Court" in lines and "— Practice review after neglect" in lines


@pytest.mark.parametrize("part", ["", ".keys"])
def test_the_report_is_never_written_over_the_vault(qtbot: QtBot, log: MainWindow, gui_vault_path: Path,
                                                    part: str) -> None:
    dialog = open_dialog(qtbot, log)
    target = Path(f"{gui_vault_path}{part}")
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    dialog.write_pdf(str(target))
    status = find(dialog, QLabel, "briefingStatus").text()
    assert "nothing was written" in status and "Choose another file name" in status
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before


def test_the_keyboard_shortcuts_list_names_the_report(log: MainWindow) -> None:
    assert ("Briefing report", "Ctrl+P") in action_keys(log.actions())
