"""File ▸ Export calendar… and File ▸ Export table as CSV…: the forward look for another calendar, and the log
for a colleague's spreadsheet.

Neither file is encrypted, so each dialog says so at its top before anything is written. A calendar shows
only references and milestone kinds unless the officer picks full detail and ticks that they understand who
will see it. The CSV holds the log exactly as the window shows it: its filter, its sort, and its visible
columns in their order. Both files are written whole or not at all, and never over a vault.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sg_desktop.app.calendar_file import CALENDAR_WARNING, DEFAULT_WEEKS, MAX_WEEKS, Detail, forward_calendar
from sg_desktop.app.csv_table import TABLE_WARNING, csv_file_bytes, table_csv
from sg_desktop.app.failures import calm_message, is_expected
from sg_desktop.app.files import save_file
from sg_desktop.app.forward import week_of
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import PlainFile
from sg_desktop.domain.query import AlertQuery
from sg_desktop.domain.typed_dates import long_date
from sg_desktop.ui.forward.log_filter_choice import LogFilterChoice
from sg_desktop.ui.help.sections import offer_help
from sg_desktop.ui.log.columns import ColumnLayout
from sg_desktop.ui.log.table_model import AlertTableModel, Column, column_title
from sg_desktop.ui.shared.save_dialog import ask_where_to_save
from sg_desktop.ui.shared.widgets import button, button_row, label

if TYPE_CHECKING:
    from sg_desktop.ui.log.main_window import MainWindow

__all__ = ["CalendarDialog", "TableCsvDialog", "open_calendar", "open_table_csv"]


def open_calendar(window: MainWindow) -> CalendarDialog | None:
    """Open File ▸ Export calendar… over `window`; None while it is locked."""
    session = window.session
    if session is None or session.is_locked:
        return None
    dialog = CalendarDialog(session, window.filters.query(), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def open_table_csv(window: MainWindow) -> TableCsvDialog | None:
    """Open File ▸ Export table as CSV… over `window`, for the log as it shows now; None while it is locked."""
    if window.session is None or not window.model.has_service:
        return None
    session = window.session
    dialog = TableCsvDialog(window.model, ColumnLayout.of(window.table).shown, window,
                            saved=lambda rows: session.record_plain_file(PlainFile.TABLE, rows))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def _plain(widget: QLabel) -> QLabel:
    widget.setTextFormat(Qt.TextFormat.PlainText)  # file names and column titles, never markup
    return widget


def _banner(text: str, parent: QWidget, name: str) -> QLabel:
    return _plain(label(text, parent, "banner", name))


def _write(status: QLabel, path: Path, data: Callable[[], bytes], done: Callable[[], str]) -> bool:
    """Write what `data` gives at `path`; say on `status` what happened (why not, in one calm line)."""
    try:
        save_file(path, data())
    except Exception as exc:
        if not is_expected(exc):
            raise
        status.setText(calm_message(exc))
        return False
    status.setText(done())
    return True


class CalendarDialog(QDialog):
    """How many weeks, whether the log's filters (`query`) apply, how much detail (full needs a tick), and
    Save calendar…; `now` stamps the events."""

    def __init__(self, session: Session, query: AlertQuery | None = None, parent: QWidget | None = None, *,
                 now: Callable[[], datetime] = lambda: datetime.now().astimezone()) -> None:
        super().__init__(parent)
        self.setObjectName("calendarDialog")
        self.setWindowTitle("Export calendar — SG Desktop")
        self.setMinimumWidth(560)
        self._session = session
        self._now = now
        self._events = 0
        self.warning = _banner(CALENDAR_WARNING, self, "calendarWarning")
        self.weeks = QSpinBox(self)
        self.weeks.setObjectName("calendarWeeks")
        self.weeks.setAccessibleName("Weeks ahead")
        self.weeks.setRange(1, MAX_WEEKS)
        self.weeks.setValue(DEFAULT_WEEKS)
        self.weeks.setSuffix(" weeks")
        self.filters = LogFilterChoice(query or AlertQuery(), session.forward.councils, self, "calendar",
                                       "the calendar")
        self.minimal = QRadioButton("&Minimal: the alert's reference and the milestone's kind", self)
        self.minimal.setObjectName("calendarMinimal")
        self.minimal.setChecked(True)
        self.full = QRadioButton("F&ull: also the council, the title, how sure the date is and the media interest",
                                 self)
        self.full.setObjectName("calendarFull")
        choice = QButtonGroup(self)
        choice.addButton(self.minimal)
        choice.addButton(self.full)
        self.understood = QCheckBox("I understand that everyone who can see this calendar will see the councils "
                                    "and titles", self)
        self.understood.setObjectName("calendarFullUnderstood")
        self.understood.setEnabled(False)
        self.summary = _plain(label("", self, "", "calendarSummary"))
        self.status = _plain(label("", self, "hint", "calendarStatus"))
        self.save_button: QPushButton = button("&Save calendar…", "saveCalendar", self, self.save)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Weeks ahead, from this week:", self.weeks)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        hint = label("The milestones of the weeks ahead as an .ics file for Outlook or another calendar. "
                     "Importing a newer file updates the events already there.", self, "hint")
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.filters.check)
        layout.addWidget(self.filters.note)
        layout.addWidget(self.minimal)
        layout.addWidget(self.full)
        layout.addWidget(self.understood)
        layout.addWidget(self.summary)
        layout.addLayout(button_row([self.save_button]))
        layout.addWidget(self.status)
        layout.addWidget(close)
        self.weeks.valueChanged.connect(self._update)
        self.full.toggled.connect(self._update)
        self.understood.toggled.connect(self._update)
        self.filters.check.toggled.connect(self._update)
        offer_help(self, "calendar", hint)
        self._update()

    @property
    def detail(self) -> Detail:
        """The detail chosen."""
        return Detail.FULL if self.full.isChecked() else Detail.MINIMAL

    def _update(self) -> None:
        full = self.full.isChecked()
        self.understood.setEnabled(full)
        if not full:
            self.understood.setChecked(False)
        self.save_button.setEnabled(not full or self.understood.isChecked())
        self.filters.update()
        if self._session.is_locked:
            return
        forward, weeks = self._session.forward, self.weeks.value()
        first = week_of(forward.today())
        rows = forward.weeks(self.filters.query, first, weeks)
        self._events = len(rows)
        last = first + timedelta(weeks=weeks, days=-1)
        self.summary.setText(f"From {long_date(first)} to {long_date(last)}: {len(rows)} "
                             f"milestone{'s' if len(rows) != 1 else ''}, {self.detail} detail.")

    def save(self) -> None:
        """Ask where to save the calendar."""
        if self.save_button.isEnabled():
            ask_where_to_save(self, "Save the calendar", "saveCalendarDialog", "Calendar", "ics",
                          f"Forward look {self._now():%Y-%m-%d}.ics", self.write_to)

    def write_to(self, filename: str) -> bool:
        """Write the calendar at `filename` as the dialog is set (not with full detail unless ticked)."""
        if not filename or not self.save_button.isEnabled():
            return False
        if self._session.is_locked:
            self.status.setText("The vault is locked; unlock it to export the calendar.")
            return False
        made: list[int] = []

        def data() -> bytes:
            calendar = forward_calendar(self._session, self.weeks.value(), self._now(), self.filters.query,
                                        detail=self.detail)
            made.append(calendar.events)
            return calendar.data

        if not _write(self.status, Path(filename), data,
                      lambda: f"Saved {made[0]} milestone{'s' if made[0] != 1 else ''} to {filename}."):
            return False
        self._session.record_plain_file(PlainFile.CALENDAR, made[0])
        return True


class TableCsvDialog(QDialog):
    """The log as shown (its filter, sort and visible `columns`, in order) saved as CSV for a spreadsheet."""

    def __init__(self, model: AlertTableModel, columns: Sequence[Column], parent: QWidget | None = None, *,
                 saved: Callable[[int], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tableCsvDialog")
        self._saved = saved  # told how many alerts a saved file holds (to audit it)
        self.setWindowTitle("Export table as CSV — SG Desktop")
        self.setMinimumWidth(560)  # room for the title in the window frame, and the warning in a few lines
        self._model = model
        self._columns = tuple(columns)
        self.warning = _banner(TABLE_WARNING, self, "csvWarning")
        model.finish_count()  # a search's matches beyond its first page are part of the table too
        rows = model.rowCount()
        self.summary = _plain(label(
            f"The log as it shows now: {rows} alert{'s' if rows != 1 else ''}, with its filter, its order and "
            f"these columns: {', '.join(column_title(c) for c in self._columns)}.", self, "", "csvSummary"))
        self.status = _plain(label("", self, "hint", "csvStatus"))
        self.save_button = button("&Save as CSV…", "saveCsv", self, self.save)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        hint = label("A spreadsheet file for a colleague without SG Desktop. A cell that a spreadsheet would run "
                     "as a formula is saved as text.", self, "hint")
        layout.addWidget(hint)
        offer_help(self, "spreadsheet", hint)
        layout.addWidget(self.summary)
        layout.addLayout(button_row([self.save_button]))
        layout.addWidget(self.status)
        layout.addWidget(close)

    def text(self) -> str:
        """The table as CSV text (no byte-order mark)."""
        model = self._model
        model.finish_count()

        def cell(row: int, column: Column) -> str:
            value = model.data(model.index(row, column))
            return "" if value is None else str(value)

        return table_csv(self._columns, column_title, range(model.rowCount()), cell)

    def save(self) -> None:
        """Ask where to save the CSV file."""
        ask_where_to_save(self, "Save the table as CSV", "saveCsvDialog", "CSV", "csv",
                      f"Alert log {datetime.now():%Y-%m-%d}.csv", self.write_to)

    def write_to(self, filename: str) -> bool:
        """Write the table at `filename` (UTF-8 with a byte-order mark, for Excel)."""
        if not filename:
            return False
        if not self._model.has_service:
            self.status.setText("The vault is locked; unlock it to export the table.")
            return False
        rows = self._model.rowCount()
        if not _write(self.status, Path(filename), lambda: csv_file_bytes(self.text()),
                      lambda: f"Saved {rows} alert{'s' if rows != 1 else ''} to {filename}."):
            return False
        if self._saved is not None:
            self._saved(rows)
        return True
