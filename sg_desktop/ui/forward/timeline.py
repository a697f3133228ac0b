"""The timeline: the weeks ahead as columns (this week first), one line per alert, each milestone a mark on
its date whose shape says how sure the date is and whose colour says how far the story will travel; weeks
with two or more national stories are shaded as clashes, with their count, and today is a line.

It follows the main window's search and filters (`set_query`) and reads the vault only while it is shown.
The painting is in `timeline_canvas`, the geometry in `timeline_layout`, the marks in `timeline_marks`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget

from sg_desktop.app.forward import ForwardService, Mark, weeks_from
from sg_desktop.domain.forward import mark_day, monday_of
from sg_desktop.domain.query import AlertQuery
from sg_desktop.ui.forward.timeline_canvas import TimelineCanvas
from sg_desktop.ui.forward.timeline_layout import (
    Grouping,
    ReadOnce,
    TimelineLayout,
    Zoom,
    first_column,
    layout_marks,
    query_range,
    step,
)
from sg_desktop.ui.forward.timeline_marks import MarkLegend
from sg_desktop.ui.help.sections import set_help_section
from sg_desktop.ui.shared.formatting import day_text, plural

__all__ = ["TimelineView"]

_UNITS = {Zoom.DAYS: "day", Zoom.WEEKS: "week", Zoom.MONTHS: "month"}


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Hold Python's cycle collector while a layout is built: a 12-week view of a large vault makes tens of
    thousands of small tuples at once, none of them in a cycle, and the collector's passes over every live
    object then took about two thirds of the time (measured over 100,000 alerts)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class TimelineView(QWidget):
    """The timeline with its controls. Emits `open_alert(alert_id, milestone_id)` when a mark (or a line: then
    no milestone) is opened, and `alert_chosen` when the current mark moves to another alert's (so the log's
    commands, Edit and Delete, act on it)."""

    open_alert = Signal(str, str)
    alert_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineView")
        set_help_section(self, "timeline")
        self._forward: ForwardService | None = None
        self._query = AlertQuery()
        self._first: date | None = None
        self._zoom = Zoom.WEEKS
        self._grouping = Grouping.NONE
        self._rows: list[Mark] = []
        # The marks read, by week (its Monday), for the query shown: moving by a week reads one week only.
        self._weeks: dict[date, list[Mark]] = {}
        # The words of the alerts and milestones shown, read as they come on screen and kept while the vault
        # and the query stay the same.
        self._words: ReadOnce | None = None
        self._stale = True
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(60)
        self._relayout.timeout.connect(self._lay_out)

        self.earlier = self._button("timelineEarlier", "◀ Earlier", lambda: self.move_by(-1))
        self.this_week = self._button("timelineToday", "This week", self.go_to_today)
        self.later = self._button("timelineLater", "Later ▶", lambda: self.move_by(1))
        self.range_label = QLabel(self)
        self.range_label.setObjectName("timelineRange")
        self.range_label.setTextFormat(Qt.TextFormat.PlainText)
        self.zoom = self._combo("timelineZoom", "Zoom", [(z.label, z) for z in Zoom])
        self.zoom.setCurrentIndex(list(Zoom).index(Zoom.WEEKS))
        self.zoom.currentIndexChanged.connect(self._zoom_chosen)
        self.grouping = self._combo("timelineGrouping", "Group alerts", [(g.label, g) for g in Grouping])
        self.grouping.currentIndexChanged.connect(self._grouping_chosen)
        self.legend = MarkLegend(self)
        self.canvas = TimelineCanvas(self)
        self.canvas.open_alert.connect(self.open_alert)
        self.canvas.current_changed.connect(self._current_changed)
        self.canvas.step_requested.connect(self.move_by)
        self.setFocusProxy(self.canvas)

        bar = QHBoxLayout()
        bar.setContentsMargins(10, 6, 10, 6)
        bar.setSpacing(6)
        for widget in (self.earlier, self.this_week, self.later):
            bar.addWidget(widget)
        bar.addSpacing(8)
        bar.addWidget(self.range_label, 1)
        zoom_label = QLabel("&Zoom", self)
        zoom_label.setBuddy(self.zoom)
        group_label = QLabel("&Group", self)
        group_label.setBuddy(self.grouping)
        for control in (zoom_label, self.zoom, group_label, self.grouping):
            bar.addWidget(control)
        # The key to the marks has a line of its own: beside the controls it made the window wider than a
        # 1366-pixel screen. The range's words may be cut short rather than widen the window.
        self.range_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        key = QHBoxLayout()
        key.setContentsMargins(10, 0, 10, 4)
        key.addWidget(self.legend)
        key.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addLayout(key)
        layout.addWidget(self.canvas, 1)
        self._update_tips()

    def _button(self, name: str, text: str, slot: object) -> QToolButton:
        button = QToolButton(self)
        button.setObjectName(name)
        button.setText(text)
        button.setAccessibleName(text.strip("◀▶ "))
        button.clicked.connect(slot)
        return button

    def _combo(self, name: str, accessible: str, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        for text, value in items:
            combo.addItem(text, value)
        return combo

    # -- public ------------------------------------------------------------------------------------

    @property
    def timeline(self) -> TimelineLayout | None:
        """The layout shown now."""
        return self.canvas.timeline

    @property
    def first(self) -> date | None:
        """The first day shown (None until a vault is shown)."""
        return self._first

    def set_source(self, forward: ForwardService | None, query: AlertQuery | None = None) -> None:
        """Read milestones from `forward` for the alerts `query` keeps (None: forget every row, as when the
        vault locks)."""
        self._forward = forward
        self._query = query or AlertQuery()
        self._rows = []
        self._weeks = {}
        self._words = None
        self._first = first_column(forward.today(), self._zoom) if forward is not None else None
        self._stale = True
        if forward is None:
            self.canvas.set_timeline(None)
            self.range_label.setText("")
        else:
            self.refresh_if_shown()

    def set_query(self, query: AlertQuery) -> None:
        """Follow the log's search and filters."""
        if query != self._query:
            self._query = query
            self.refresh_if_shown()

    def refresh_if_shown(self) -> None:
        """The vault changed: read the milestones again now if the timeline is on screen, else when it is
        next shown."""
        self._weeks = {}
        self._words = None
        self._show_range()

    def refresh(self) -> None:
        """Read the milestones of the columns shown (the weeks not read yet) and lay them out."""
        if self._forward is None or self._first is None:
            return
        first, last = query_range(self._first, self._zoom)
        weeks = weeks_from(first, ((last - first).days + 1) // 7)
        missing = [week for week in weeks if week not in self._weeks]
        if missing:
            fresh: dict[date, list[Mark]] = {week: [] for week in weeks if missing[0] <= week <= missing[-1]}
            by_day = {week.toordinal(): marks for week, marks in fresh.items()}
            for mark in self._forward.marks(self._query, missing[0], missing[-1] + timedelta(days=6)):
                by_day[monday_of(mark_day(mark[2]))].append(mark)
            self._weeks.update(fresh)
        self._weeks = {week: self._weeks[week] for week in weeks}
        self._rows = [row for week in weeks for row in self._weeks[week]]
        self._stale = False
        self._lay_out()

    def _show_range(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def move_by(self, by: int) -> None:
        """Move the timeline `by` weeks (a month at a time at the month zoom); negative is earlier."""
        if self._first is None:
            return
        self._first = step(self._first, self._zoom, by)
        self._show_range()

    def go_to_today(self) -> None:
        """Start the timeline at the column holding today again."""
        if self._forward is None:
            return
        self._first = first_column(self._forward.today(), self._zoom)
        self._show_range()

    def set_zoom(self, zoom: Zoom) -> None:
        """Show days, weeks or months as columns, from the column holding the first day shown now."""
        self.zoom.setCurrentIndex(list(Zoom).index(zoom))

    def set_grouping(self, grouping: Grouping) -> None:
        """Group the lines by region, kind or council, or not at all."""
        self.grouping.setCurrentIndex(list(Grouping).index(grouping))

    # -- inside --------------------------------------------------------------------------------------

    def _zoom_chosen(self, index: int) -> None:
        self._zoom = list(Zoom)[index]
        if self._first is not None and self._forward is not None:
            today = self._forward.today()
            # Keep today in view when it was, else the start shown now.
            keep = today if self.timeline is not None and self.timeline.first <= today <= self.timeline.last else (
                self._first)
            self._first = first_column(keep, self._zoom)
        self._update_tips()
        self._show_range()

    def _grouping_chosen(self, index: int) -> None:
        self._grouping = list(Grouping)[index]
        if self._rows or not self._stale:
            self._lay_out()

    def _update_tips(self) -> None:
        unit = "month" if self._zoom is Zoom.MONTHS else "week"
        self.earlier.setToolTip(f"A {unit} earlier (Ctrl+Left)")
        self.later.setToolTip(f"A {unit} later (Ctrl+Right)")
        self.this_week.setToolTip("Start at today again")

    def _lay_out(self) -> None:
        if self._forward is None or self._first is None:
            return
        if self._words is None:
            self._words = ReadOnce(self._forward)
        with _collector_paused():
            layout = layout_marks(
                self._rows, self._words, first=self._first, zoom=self._zoom, grouping=self._grouping,
                councils=self._forward.councils, today=self._forward.today(), width=self.canvas.viewport().width())
        count = len(layout.columns)
        span = f"{day_text(layout.first)} to {day_text(layout.last)}"
        alerts = layout.alert_count
        clash = f", {plural(len(layout.clashes), 'clash week')}" if layout.clashes else ""
        self.range_label.setText(
            f"{span}: {plural(alerts, 'alert')}, {plural(len(layout.marks), 'milestone')}{clash}")
        empty = (f"No milestones in these {count} {_UNITS[self._zoom]}s ({span}) for the search and filters "
                 "above. Move earlier or later, or clear the filters.")
        self.canvas.set_timeline(layout, empty)

    def _current_changed(self) -> None:
        layout, index = self.canvas.timeline, self.canvas.current
        if layout is not None and index is not None:
            self.alert_chosen.emit(layout.markers[index].row.alert_id)

    def showEvent(self, event: QShowEvent) -> None:
        """Catch up with what changed while hidden."""
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Fit the columns to the new width (after the resizing pauses)."""
        super().resizeEvent(event)
        if self._rows or not self._stale:
            self._relayout.start()
