"""File ▸ Export calendar… and File ▸ Export table as CSV…: the warning shown first, full detail only after a
tick, the files written as the dialogs say, the table as the window shows it, and never over the vault."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest
from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QDialog, QFileDialog, QLabel, QPushButton, QRadioButton, QSpinBox
from pytestqt.qtbot import QtBot

from sg_desktop.app.calendar_file import CALENDAR_WARNING
from sg_desktop.app.csv_table import TABLE_WARNING
from sg_desktop.domain.enums import AlertKind
from sg_desktop.domain.model import Alert
from sg_desktop.ui.log.main_window import MainWindow
from sg_desktop.ui.log.table_model import Column

from .conftest import find


def open_from_menu(qtbot: QtBot, log: MainWindow, action: str, name: str) -> QDialog:
    menu = find(log.menuBar(), type(log.menuBar().actions()[0].menu()), "menuFile")
    assert find(log, QAction, action) in menu.actions()
    find(log, QAction, action).trigger()
    dialog = find(None, QDialog, name)
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def summaries(path: Path) -> list[str]:
    return [str(e["SUMMARY"]) for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")]


def test_the_calendar_dialog_warns_first_and_writes_minimal_events(qtbot: QtBot, log: MainWindow,
                                                                    tmp_path: Path) -> None:
    dialog = open_from_menu(qtbot, log, "actionExportCalendar", "calendarDialog")
    warning = find(dialog, QLabel, "calendarWarning")
    assert warning.text() == CALENDAR_WARNING and warning.isVisible()
    assert warning.textFormat() == Qt.TextFormat.PlainText
    summary = find(dialog, QLabel, "calendarSummary")
    assert summary.text() == ("From Monday 23 November 2026 to Sunday 14 February 2027: 3 milestones, "
                              "minimal detail.")
    weeks = find(dialog, QSpinBox, "calendarWeeks")
    weeks.selectAll()
    qtbot.keyClicks(weeks, "4")
    assert "to Sunday 20 December 2026: 2 milestones" in summary.text()

    find(dialog, QPushButton, "saveCalendar").click()
    chooser = find(dialog, QFileDialog, "saveCalendarDialog")
    assert chooser.isVisible() and chooser.defaultSuffix() == "ics"
    target = tmp_path / "weeks.ics"
    chooser.fileSelected.emit(str(target))  # what choosing the file in it does
    assert find(dialog, QLabel, "calendarStatus").text() == f"Saved 2 milestones to {target}."
    names = summaries(target)
    assert [n.split(": ")[1] for n in names] == ["Review completed", "Trial start"]
    text = target.read_text()
    assert "Leeds" not in text and "York" not in text and "Practice review" not in text


def test_the_calendar_follows_the_logs_filters_unless_unticked(qtbot: QtBot, log: MainWindow,
                                                                tmp_path: Path) -> None:
    log.filters.show_only(kind=AlertKind.TRIAL)
    dialog = open_from_menu(qtbot, log, "actionExportCalendar", "calendarDialog")
    use = find(dialog, QCheckBox, "calendarUseFilters")
    note = find(dialog, QLabel, "calendarFilterNote")
    summary = find(dialog, QLabel, "calendarSummary")
    assert use.isChecked() and note.text() == "The log's filters apply: kind Criminal trial."
    assert ": 1 milestone, minimal detail." in summary.text()
    target = tmp_path / "trials.ics"
    assert dialog.write_to(str(target)) is True  # type: ignore[attr-defined]
    assert [n.split(": ")[1] for n in summaries(target)] == ["Trial start"]

    use.setFocus()
    qtbot.keyClick(use, Qt.Key.Key_Space)
    assert note.text() == "The log's filters do not apply: every alert with milestones in these weeks."
    assert ": 3 milestones, minimal detail." in summary.text()
    assert dialog.write_to(str(target)) is True  # type: ignore[attr-defined]
    assert len(summaries(target)) == 3


def test_with_no_filter_in_the_log_the_tick_is_off_and_says_why(qtbot: QtBot, log: MainWindow) -> None:
    dialog = open_from_menu(qtbot, log, "actionExportCalendar", "calendarDialog")
    use = find(dialog, QCheckBox, "calendarUseFilters")
    assert not use.isChecked() and not use.isEnabled()
    assert find(dialog, QLabel, "calendarFilterNote").text() == (
        "The log shows every alert: the calendar holds every alert with milestones in these weeks.")


def test_full_detail_needs_the_tick(qtbot: QtBot, log: MainWindow, tmp_path: Path) -> None:
    dialog = open_from_menu(qtbot, log, "actionExportCalendar", "calendarDialog")
    full = find(dialog, QRadioButton, "calendarFull")
    understood = find(dialog, QCheckBox, "calendarFullUnderstood")
    save = find(dialog, QPushButton, "saveCalendar")
    assert not understood.isEnabled() and save.isEnabled()
    full.setFocus()
    qtbot.keyClick(full, Qt.Key.Key_Space)
    assert full.isChecked() and understood.isEnabled() and not save.isEnabled()
    target = tmp_path / "full.ics"
    assert dialog.write_to(str(target)) is False  # type: ignore[attr-defined]
    assert not target.exists()

    qtbot.keyClick(understood, Qt.Key.Key_Space)
    assert save.isEnabled()
    assert dialog.write_to(str(target)) is True  # type: ignore[attr-defined]
    assert "LGA-2026-0001: Review completed (Leeds)" in summaries(target)
    assert "Practice review after neglect" in Calendar.from_ical(target.read_bytes()).walk("VEVENT")[0][
        "DESCRIPTION"]

    qtbot.keyClick(find(dialog, QRadioButton, "calendarMinimal"), Qt.Key.Key_Space)
    assert not understood.isChecked() and not understood.isEnabled()  # the next full export asks again


def test_the_csv_holds_the_logs_filter_and_visible_columns_in_order(qtbot: QtBot, log: MainWindow,
                                                                     tmp_path: Path) -> None:
    assert log.session is not None
    log.session.alerts.add(Alert("E08000035", AlertKind.TRIAL, '=HYPERLINK("http://x") trial'))
    log.refresh()
    header = log.table.horizontalHeader()
    header.setSectionHidden(Column.DAYS, True)  # what unticking it in the header's menu does
    header.moveSection(header.visualIndex(Column.TITLE), 0)
    qtbot.keyClicks(log.filters.search, "trial")
    qtbot.waitUntil(lambda: log.model.rowCount() == 2)

    dialog = open_from_menu(qtbot, log, "actionExportCsv", "tableCsvDialog")
    assert find(dialog, QLabel, "csvWarning").text() == TABLE_WARNING
    assert "2 alerts" in find(dialog, QLabel, "csvSummary").text()
    find(dialog, QPushButton, "saveCsv").click()
    chooser = find(dialog, QFileDialog, "saveCsvDialog")
    target = tmp_path / "log.csv"
    chooser.fileSelected.emit(str(target))
    assert find(dialog, QLabel, "csvStatus").text() == f"Saved 2 alerts to {target}."

    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Title", "Urgency", "Reference", "Council", "Next milestone", "Date"]
    titles = sorted(r[0] for r in rows[1:])
    assert titles == ["'=HYPERLINK(\"http://x\") trial", "Trial listed at the Crown Court"]
    york = next(r for r in rows if r[0].startswith("Trial listed"))
    assert york[3:] == ["York", "Trial start", "14 Dec 2026"]


@pytest.mark.parametrize("part", ["", ".keys"])
def test_neither_file_is_written_over_the_vault(qtbot: QtBot, log: MainWindow, gui_vault_path: Path,
                                                part: str) -> None:
    target = Path(f"{gui_vault_path}{part}")
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    for action, name, status in (("actionExportCalendar", "calendarDialog", "calendarStatus"),
                                 ("actionExportCsv", "tableCsvDialog", "csvStatus")):
        dialog = open_from_menu(qtbot, log, action, name)
        assert dialog.write_to(str(target)) is False  # type: ignore[attr-defined]
        said = find(dialog, QLabel, status).text()
        assert "nothing was written" in said and "Choose another file name" in said
        dialog.close()
        qtbot.waitUntil(lambda d=dialog: not d.isVisible())  # type: ignore[misc]
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before


def test_each_file_saved_is_audited_by_kind_and_count_only(qtbot: QtBot, log: MainWindow, tmp_path: Path) -> None:
    session = log.session
    assert session is not None
    calendar = open_from_menu(qtbot, log, "actionExportCalendar", "calendarDialog")
    assert calendar.write_to(str(tmp_path / "Leeds review.ics")) is True  # type: ignore[attr-defined]
    calendar.close()
    table = open_from_menu(qtbot, log, "actionExportCsv", "tableCsvDialog")
    assert table.write_to(str(tmp_path / "log.csv")) is True  # type: ignore[attr-defined]
    assert table.write_to(str(tmp_path)) is False  # type: ignore[attr-defined]  # a folder: refused, not audited
    table.close()
    plain = [e for e in session.audit_entries() if e.action == "file.plain"]
    assert [(e.detail["kind"], e.detail["items"]) for e in plain] == [("calendar", 3), ("table", 4)]
    assert all("Leeds" not in str(e.detail) and str(tmp_path) not in str(e.detail) for e in plain)
