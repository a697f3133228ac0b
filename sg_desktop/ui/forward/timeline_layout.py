"""Where everything on the timeline goes, worked out without Qt: its columns, its rows, each milestone's marker,
the clash weeks and today's line.

Positions come from dates alone (day numbers, never times of day), so a column does not move by an hour at
the clock changes. The widget in `timeline.py` only paints what this says, and only the part on screen.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from typing import NamedTuple

from sg_desktop.app.forward import MilestoneRow, clash_weeks, week_of
from sg_desktop.domain.councils import REGIONS, CouncilDirectory
from sg_desktop.domain.enums import AlertKind
from sg_desktop.domain.typed_dates import MONTH_NAMES

__all__ = [
    "ClashBand",
    "Column",
    "Geometry",
    "Grouping",
    "Line",
    "Marker",
    "TimelineLayout",
    "Zoom",
    "first_column",
    "layout_timeline",
    "query_range",
    "step",
]

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class Zoom(Enum):
    """What one column of the timeline is: a day, a week or a month."""

    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"

    @property
    def label(self) -> str:
        """The word in the zoom choice."""
        return {"days": "Days", "weeks": "Weeks", "months": "Months"}[self.value]

    @property
    def columns(self) -> int:
        """How many columns the timeline shows at this zoom: four weeks of days, 12 weeks, or six months."""
        return {"days": 28, "weeks": 12, "months": 6}[self.value]


class Grouping(Enum):
    """How the rows of the timeline are grouped under headings."""

    NONE = "none"
    REGION = "region"
    KIND = "kind"
    COUNCIL = "council"

    @property
    def label(self) -> str:
        """The words in the grouping choice."""
        return {"none": "No grouping", "region": "By region", "kind": "By kind", "council": "By council"}[
            self.value]


@dataclass(frozen=True)
class Geometry:
    """The sizes the layout works in, in pixels."""

    label_width: int = 260
    heading_height: int = 60
    line_height: int = 26
    min_column: dict[Zoom, float] = field(default_factory=lambda: {Zoom.DAYS: 30.0, Zoom.WEEKS: 70.0,
                                                                   Zoom.MONTHS: 110.0})


class Column(NamedTuple):
    """One column: the days it covers (`first` to `last`), where it is, and its heading."""

    first: date
    last: date
    x: float
    width: float
    heading: str
    subheading: str
    has_today: bool


class Marker(NamedTuple):
    """One milestone on the timeline: the row it came from, its line, its column and the centre of its mark."""

    row: MilestoneRow
    line: int
    column: int
    x: float


class Line(NamedTuple):
    """One line of the timeline: a group heading (no alert) or an alert with its markers (indices, by date)."""

    text: str
    title: str
    alert_id: str
    markers: tuple[int, ...]

    @property
    def is_heading(self) -> bool:
        """Whether this line is a group heading."""
        return not self.alert_id


class ClashBand(NamedTuple):
    """A week with `national` milestones of national interest (a clash), and the part of the timeline it covers."""

    week: date
    national: int
    x: float
    width: float


@dataclass(frozen=True)
class TimelineLayout:
    """The whole timeline in content coordinates: x from the left edge of the first column, y from the top of
    the first line (the headings and the labels are drawn beside these, fixed)."""

    zoom: Zoom
    first: date
    last: date
    columns: tuple[Column, ...]
    lines: tuple[Line, ...]
    markers: tuple[Marker, ...]
    clashes: tuple[ClashBand, ...]
    today_x: float | None
    geometry: Geometry
    _starts: list[date] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [c.first for c in self.columns])

    @property
    def width(self) -> float:
        """The width of every column together."""
        return self.columns[-1].x + self.columns[-1].width if self.columns else 0.0

    @property
    def height(self) -> int:
        """The height of every line together."""
        return len(self.lines) * self.geometry.line_height

    def column_of(self, day: date) -> int | None:
        """The index of the column `day` falls in, or None outside the timeline."""
        if not self.first <= day <= self.last:
            return None
        return bisect_right(self._starts, day) - 1

    def x_of(self, day: date) -> float | None:
        """The centre of `day` on the timeline, or None outside it."""
        index = self.column_of(day)
        if index is None:
            return None
        column = self.columns[index]
        days = (column.last - column.first).days + 1
        return column.x + ((day - column.first).days + 0.5) * column.width / days

    def lines_between(self, top: float, bottom: float) -> range:
        """The indices of the lines that show between `top` and `bottom` (content y)."""
        height = self.geometry.line_height
        start = max(0, int(top // height))
        return range(start, min(len(self.lines), int(bottom // height) + 1))

    def line_at(self, y: float) -> int | None:
        """The line at content y, or None below the last."""
        index = int(y // self.geometry.line_height)
        return index if y >= 0 and index < len(self.lines) else None

    def marker_at(self, x: float, y: float, reach: float = 8.0) -> int | None:
        """The marker nearest content (x, y) within `reach` pixels of its centre, or None."""
        line = self.line_at(y)
        if line is None:
            return None
        best, best_distance = None, reach
        for index in self.lines[line].markers:
            distance = abs(self.markers[index].x - x)
            if distance <= best_distance:
                best, best_distance = index, distance
        return best

    def markers_at_same_place(self, index: int) -> list[int]:
        """The markers drawn on top of marker `index` (same line, same day), itself first."""
        marker = self.markers[index]
        same = [i for i in self.lines[marker.line].markers
                if i != index and self.markers[i].row.date == marker.row.date]
        return [index, *same]

    def marker_y(self, index: int) -> float:
        """The vertical centre of marker `index`'s line."""
        return (self.markers[index].line + 0.5) * self.geometry.line_height

    def neighbour(self, index: int | None, key: str) -> int | None:
        """The marker the keyboard moves to from `index` for `key` ("left", "right", "up", "down", "home",
        "end"): along its line in date order, or to the nearest marker of the alert line above or below."""
        if not self.markers:
            return None
        if index is None:
            return self.lines[self.markers[0].line].markers[0]
        marker = self.markers[index]
        own = self.lines[marker.line].markers
        place = own.index(index)
        if key == "left":
            return own[max(0, place - 1)]
        if key == "right":
            return own[min(len(own) - 1, place + 1)]
        if key == "home":
            return own[0]
        if key == "end":
            return own[-1]
        direction = -1 if key == "up" else 1
        line = marker.line + direction
        while 0 <= line < len(self.lines) and self.lines[line].is_heading:
            line += direction
        if not 0 <= line < len(self.lines):
            return index
        return min(self.lines[line].markers, key=lambda i: abs(self.markers[i].x - marker.x))


def first_column(day: date, zoom: Zoom) -> date:
    """Where a timeline showing `day` starts: its week's Monday (for days and weeks), or the first of its month."""
    if zoom in (Zoom.DAYS, Zoom.WEEKS):
        return week_of(day)
    return day.replace(day=1)


def step(first: date, zoom: Zoom, by: int) -> date:
    """The timeline's start moved `by` steps: a week at the day and week zooms, a month at the month zoom."""
    if zoom is Zoom.MONTHS:
        months = first.year * 12 + first.month - 1 + by
        return date(months // 12, months % 12 + 1, 1)
    return week_of(first) + timedelta(weeks=by)


def _column_spans(first: date, zoom: Zoom, count: int) -> list[tuple[date, date]]:
    spans = []
    start = first_column(first, zoom)
    for _ in range(count):
        if zoom is Zoom.DAYS:
            end = start
        elif zoom is Zoom.WEEKS:
            end = start + timedelta(days=6)
        else:
            end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
        spans.append((start, end))
        start = end + timedelta(days=1)
    return spans


def query_range(first: date, zoom: Zoom, count: int | None = None) -> tuple[date, date]:
    """The days to read milestones for: the whole weeks the columns touch (so a clash at the edge counts
    every milestone of its week)."""
    spans = _column_spans(first, zoom, zoom.columns if count is None else count)
    return week_of(spans[0][0]), week_of(spans[-1][1]) + timedelta(days=6)


def _heading(start: date, zoom: Zoom, previous: date | None) -> tuple[str, str]:
    month = MONTH_NAMES[start.month - 1][:3]
    new_year = previous is None or previous.year != start.year
    if zoom is Zoom.DAYS:
        # A day column is narrow: the month's name takes the weekday's place where a month begins.
        return str(start.day), (month if previous is None or start.day == 1 else _DAY_NAMES[start.weekday()])
    if zoom is Zoom.WEEKS:
        return f"{start.day} {month}", f"w/c, {start.year}" if new_year else "w/c"
    return MONTH_NAMES[start.month - 1], str(start.year)


def _group_key(row: MilestoneRow, grouping: Grouping, councils: CouncilDirectory | None) -> tuple[int, str]:
    if grouping is Grouping.KIND:
        return list(AlertKind).index(row.alert_kind), row.alert_kind.label
    council = councils.by_code(row.council) if councils is not None else None
    if grouping is Grouping.COUNCIL:
        return 0, council.name if council is not None else row.council
    region = council.region if council is not None else ""
    return (REGIONS.index(region) if region in REGIONS else len(REGIONS)), region or "Region not known"


def layout_timeline(
    rows: Iterable[MilestoneRow],
    *,
    first: date,
    zoom: Zoom = Zoom.WEEKS,
    grouping: Grouping = Grouping.NONE,
    councils: CouncilDirectory | None = None,
    today: date | None = None,
    width: float = 0.0,
    count: int | None = None,
    geometry: Geometry | None = None,
) -> TimelineLayout:
    """Lay out `rows` (milestones by date, as `ForwardService.milestones` gives them) from the column holding
    `first`: `count` columns (the zoom's own number by default), as wide as `width` allows but never narrower
    than the zoom's minimum. One line per alert, in the order of its first milestone shown, under a heading
    per group (groups in the order regions, kinds or council names go). Rows outside the columns count
    towards the clash weeks they fall in but get no marker."""
    geometry = geometry or Geometry()
    spans = _column_spans(first, zoom, zoom.columns if count is None else count)
    column_width = max(geometry.min_column[zoom], (width - geometry.label_width) / max(1, len(spans)))
    columns: list[Column] = []
    previous: date | None = None
    for i, (start, end) in enumerate(spans):
        heading, sub = _heading(start, zoom, previous)
        columns.append(Column(start, end, i * column_width, column_width, heading, sub,
                              today is not None and start <= today <= end))
        previous = start
    begin, finish = spans[0][0], spans[-1][1]
    shell = TimelineLayout(zoom, begin, finish, tuple(columns), (), (), (), None, geometry)

    all_rows = rows if isinstance(rows, Sequence) else list(rows)
    shown = [r for r in all_rows if begin <= r.date <= finish]
    groups: dict[tuple[int, str], dict[str, list[MilestoneRow]]] = {}
    for row in shown:
        key = (0, "") if grouping is Grouping.NONE else _group_key(row, grouping, councils)
        groups.setdefault(key, {}).setdefault(row.alert_id, []).append(row)

    lines: list[Line] = []
    markers: list[Marker] = []
    x_of = shell.x_of
    # Each day's column and centre, worked out once: a large vault has tens of thousands of markers in view.
    places: dict[date, tuple[int, float]] = {}
    for index, column in enumerate(columns):
        days = (column.last - column.first).days + 1
        for offset in range(days):
            places[column.first + timedelta(days=offset)] = (index, column.x + (offset + 0.5) * column.width / days)
    for key in sorted(groups):
        if grouping is not Grouping.NONE:
            alerts = len(groups[key])
            lines.append(Line(f"{key[1]}  ({alerts:,} alert{'' if alerts == 1 else 's'})", "", "", ()))
        for alert_id, own in groups[key].items():
            number = len(lines)
            indices = []
            for row in own:
                indices.append(len(markers))
                markers.append(Marker(row, number, *places[row.date]))
            lines.append(Line(own[0].reference, own[0].title, alert_id, tuple(indices)))

    clashes = []
    for week, n in clash_weeks(all_rows).items():
        left, right = max(week, begin), min(week + timedelta(days=6), finish)
        if left > right:
            continue
        x0 = (x_of(left) or 0.0) - _half_day(shell, left)
        x1 = (x_of(right) or 0.0) + _half_day(shell, right)
        clashes.append(ClashBand(week, n, x0, x1 - x0))
    today_x = x_of(today) if today is not None else None
    return TimelineLayout(zoom, begin, finish, tuple(columns), tuple(lines), tuple(markers), tuple(clashes),
                          today_x, geometry)


def _half_day(layout: TimelineLayout, day: date) -> float:
    index = layout.column_of(day)
    if index is None:
        return 0.0
    column = layout.columns[index]
    return column.width / ((column.last - column.first).days + 1) / 2
