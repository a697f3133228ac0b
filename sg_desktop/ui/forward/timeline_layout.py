"""Where everything on the timeline goes, worked out without Qt: its columns, its rows, each milestone's marker,
the clash weeks and today's line.

Positions come from dates alone (day numbers, never times of day), so a column does not move by an hour at
the clock changes. The widget in `timeline.py` only paints what this says, and only the part on screen.

A 12-week view of a large vault holds tens of thousands of marks, so the layout keeps them as flat lists of
integers (`Mark`s) and works out a mark's place, or reads its alert's words, only when asked: for the lines on
screen as they are painted, for one mark under the pointer or the keyboard.
"""

from __future__ import annotations

import calendar
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from typing import Any, NamedTuple

from sg_desktop.app.forward import Mark, MilestoneRow, week_of
from sg_desktop.domain.councils import REGIONS, CouncilDirectory
from sg_desktop.domain.enums import AlertKind, DateConfidence, MediaInterest
from sg_desktop.domain.forward import CLASH_AT, MEDIA_INTERESTS, mark_confidence, mark_day, mark_media, monday_of
from sg_desktop.domain.typed_dates import MONTH_NAMES
from sg_desktop.ui.forward.timeline_source import MarkSource, ReadOnce, RowSource

__all__ = [
    "ClashBand",
    "Column",
    "Geometry",
    "Grouping",
    "Line",
    "MarkSource",
    "Marker",
    "ReadOnce",
    "RowSource",
    "TimelineLayout",
    "Zoom",
    "first_column",
    "layout_marks",
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
    """One milestone on the timeline: its row, its line, its column and the centre of its mark."""

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


class _Lines:
    """The layout's lines, made when asked for; an alert's words are read for a stretch of lines at a time."""

    _AHEAD = 120  # lines read at once past the one asked for (and a quarter of that before it)

    def __init__(self, layout: TimelineLayout) -> None:
        self._layout = layout

    def __len__(self) -> int:
        return len(self._layout.line_alerts)

    def __iter__(self) -> Iterator[Line]:
        return (self[i] for i in range(len(self)))

    def __getitem__(self, index: int) -> Line:
        layout = self._layout
        alert = layout.line_alerts[index]
        if alert is None:
            return Line(layout.headings[index], "", "", ())
        window = layout.line_alerts[max(0, index - self._AHEAD // 4):index + self._AHEAD]
        head = layout.source.heads(a for a in window if a is not None)[alert]
        return Line(head.reference, head.title, head.alert_id, tuple(layout.line_marks[index]))


class _Markers:
    """The layout's markers, made (with their rows read) when asked for."""

    def __init__(self, layout: TimelineLayout) -> None:
        self._layout = layout

    def __len__(self) -> int:
        return len(self._layout.marks)

    def __iter__(self) -> Iterator[Marker]:
        return (self[i] for i in range(len(self)))

    def __getitem__(self, index: int) -> Marker:
        layout = self._layout
        key = layout.marks[index][1]
        column, x = layout.places[mark_day(layout.marks[index][2])]
        return Marker(layout.source.rows_of((key,))[key], layout.mark_lines[index], column, x)


@dataclass(frozen=True, eq=False)
class TimelineLayout:
    """The whole timeline in content coordinates: x from the left edge of the first column, y from the top of
    the first line (the headings and the labels are drawn beside these, fixed).

    `marks` are the marks shown, line by line and by date along each line; `mark_lines` the line of each;
    `line_alerts` each line's alert (None for a heading) and `line_marks` the indices of its marks."""

    zoom: Zoom
    first: date
    last: date
    columns: tuple[Column, ...]
    clashes: tuple[ClashBand, ...]
    today_x: float | None
    geometry: Geometry
    source: MarkSource
    marks: list[Mark] = field(default_factory=list)
    mark_lines: list[int] = field(default_factory=list)
    line_alerts: list[int | None] = field(default_factory=list)
    line_marks: list[list[int]] = field(default_factory=list)
    headings: dict[int, str] = field(default_factory=dict)
    places: dict[int, tuple[int, float]] = field(default_factory=dict)
    _starts: list[date] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [c.first for c in self.columns])

    @property
    def lines(self) -> _Lines:
        """The lines, top to bottom."""
        return _Lines(self)

    @property
    def markers(self) -> _Markers:
        """The markers (each reads its row when asked for: for many, use `mark_x` and `mark_style`)."""
        return _Markers(self)

    @property
    def alert_count(self) -> int:
        """How many alerts have a line."""
        return len(self.line_alerts) - len(self.headings)

    @property
    def width(self) -> float:
        """The width of every column together."""
        return self.columns[-1].x + self.columns[-1].width if self.columns else 0.0

    @property
    def height(self) -> int:
        """The height of every line together."""
        return len(self.line_alerts) * self.geometry.line_height

    def is_heading(self, line: int) -> bool:
        """Whether line `line` is a group heading (without reading its words)."""
        return self.line_alerts[line] is None

    def mark_x(self, index: int) -> float:
        """The centre of mark `index` across the timeline."""
        return self.places[mark_day(self.marks[index][2])][1]

    def mark_style(self, index: int) -> tuple[DateConfidence, MediaInterest]:
        """How sure mark `index`'s date is, and how far its story will travel."""
        code = self.marks[index][2]
        return mark_confidence(code), mark_media(code)

    def mark_key(self, index: int) -> int:
        """The number its source knows mark `index`'s milestone by."""
        return self.marks[index][1]

    def index_of_key(self, key: int) -> int | None:
        """The mark whose milestone is `key`, or None when it is not shown."""
        return next((i for i, mark in enumerate(self.marks) if mark[1] == key), None)

    def column_of(self, day: date) -> int | None:
        """The index of the column `day` falls in, or None outside the timeline."""
        if not self.first <= day <= self.last:
            return None
        return bisect_right(self._starts, day) - 1

    def x_of(self, day: date) -> float | None:
        """The centre of `day` on the timeline, or None outside it."""
        place = self.places.get(day.toordinal())
        return None if place is None else place[1]

    def lines_between(self, top: float, bottom: float) -> range:
        """The indices of the lines that show between `top` and `bottom` (content y)."""
        height = self.geometry.line_height
        start = max(0, int(top // height))
        return range(start, min(len(self.line_alerts), int(bottom // height) + 1))

    def line_at(self, y: float) -> int | None:
        """The line at content y, or None below the last."""
        index = int(y // self.geometry.line_height)
        return index if y >= 0 and index < len(self.line_alerts) else None

    def marker_at(self, x: float, y: float, reach: float = 8.0) -> int | None:
        """The marker nearest content (x, y) within `reach` pixels of its centre, or None."""
        line = self.line_at(y)
        if line is None:
            return None
        best, best_distance = None, reach
        for index in self.line_marks[line]:
            distance = abs(self.mark_x(index) - x)
            if distance <= best_distance:
                best, best_distance = index, distance
        return best

    def markers_at_same_place(self, index: int) -> list[int]:
        """The markers drawn on top of marker `index` (same line, same day), itself first."""
        day = mark_day(self.marks[index][2])
        same = [i for i in self.line_marks[self.mark_lines[index]] if i != index and mark_day(self.marks[i][2]) == day]
        return [index, *same]

    def marker_y(self, index: int) -> float:
        """The vertical centre of marker `index`'s line."""
        return (self.mark_lines[index] + 0.5) * self.geometry.line_height

    def neighbour(self, index: int | None, key: str) -> int | None:
        """The marker the keyboard moves to from `index` for `key` ("left", "right", "up", "down", "home",
        "end"): along its line in date order, or to the nearest marker of the alert line above or below."""
        if not self.marks:
            return None
        if index is None:
            return self.line_marks[self.mark_lines[0]][0]
        own = self.line_marks[self.mark_lines[index]]
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
        line = self.mark_lines[index] + direction
        while 0 <= line < len(self.line_alerts) and self.line_alerts[line] is None:
            line += direction
        if not 0 <= line < len(self.line_alerts):
            return index
        x = self.mark_x(index)
        return min(self.line_marks[line], key=lambda i: abs(self.mark_x(i) - x))


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


def _group_key(group: tuple[str, AlertKind], grouping: Grouping, councils: CouncilDirectory | None) -> tuple[int, str]:
    code, kind = group
    if grouping is Grouping.KIND:
        return list(AlertKind).index(kind), kind.label
    council = councils.by_code(code) if councils is not None else None
    if grouping is Grouping.COUNCIL:
        return 0, council.name if council is not None else code
    region = council.region if council is not None else ""
    return (REGIONS.index(region) if region in REGIONS else len(REGIONS)), region or "Region not known"


def layout_timeline(rows: Iterable[MilestoneRow], **options: Any) -> TimelineLayout:
    """Lay out `rows` (milestones by date, as `ForwardService.milestones` gives them), as `layout_marks` does."""
    source = RowSource(rows if isinstance(rows, Sequence) else list(rows))
    return layout_marks(source.marks, source, **options)


def layout_marks(
    marks: Sequence[Mark],
    source: MarkSource,
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
    """Lay out `marks` (milestones by date, as `ForwardService.marks` gives them; their words from `source`)
    from the column holding `first`: `count` columns (the zoom's own number by default), as wide as `width`
    allows but never narrower than the zoom's minimum. One line per alert, in the order of its first milestone
    shown, under a heading per group (groups in the order regions, kinds or council names go). Marks outside
    the columns count towards the clash weeks they fall in but get no marker."""
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
    begin, finish = spans[0][0].toordinal(), spans[-1][1].toordinal()
    # Each day's column and centre, worked out once: a large vault has tens of thousands of marks in view.
    places: dict[int, tuple[int, float]] = {}
    for index, column in enumerate(columns):
        days = (column.last - column.first).days + 1
        for offset in range(days):
            places[column.first.toordinal() + offset] = (index, column.x + (offset + 0.5) * column.width / days)

    national = MEDIA_INTERESTS.index(MediaInterest.NATIONAL)
    by_alert: dict[int, list[Mark]] = {}
    clash_count: Counter[int] = Counter()
    for mark in marks:
        code = mark[2]
        day = code >> 4
        if code & 3 == national:
            clash_count[monday_of(day)] += 1
        if begin <= day <= finish:
            by_alert.setdefault(mark[0], []).append(mark)

    if grouping is Grouping.NONE:
        ordered: list[tuple[str | None, list[int]]] = [(None, list(by_alert))]
    else:
        found = source.groups(by_alert)
        groups: dict[tuple[int, str], list[int]] = {}
        for alert in by_alert:
            groups.setdefault(_group_key(found[alert], grouping, councils), []).append(alert)
        ordered = [(key[1], groups[key]) for key in sorted(groups)]

    shown: list[Mark] = []
    mark_lines: list[int] = []
    line_alerts: list[int | None] = []
    line_marks: list[list[int]] = []
    headings: dict[int, str] = {}
    for name, alerts in ordered:
        if name is not None:
            n = len(alerts)
            headings[len(line_alerts)] = f"{name}  ({n:,} alert{'' if n == 1 else 's'})"
            line_alerts.append(None)
            line_marks.append([])
        for alert in alerts:
            own = by_alert[alert]
            number = len(line_alerts)
            at = len(shown)
            shown.extend(own)
            mark_lines.extend([number] * len(own))
            line_alerts.append(alert)
            line_marks.append(list(range(at, at + len(own))))

    shell = TimelineLayout(zoom, spans[0][0], spans[-1][1], tuple(columns), (), None, geometry, source,
                           places=places)
    clashes = []
    for monday, n in sorted(clash_count.items()):
        if n < CLASH_AT:
            continue
        week = date.fromordinal(monday)
        left, right = max(monday, begin), min(monday + 6, finish)
        if left > right:
            continue
        x0 = places[left][1] - _half_day(shell, date.fromordinal(left))
        x1 = places[right][1] + _half_day(shell, date.fromordinal(right))
        clashes.append(ClashBand(week, n, x0, x1 - x0))
    today_x = shell.x_of(today) if today is not None else None
    return TimelineLayout(zoom, spans[0][0], spans[-1][1], tuple(columns), tuple(clashes), today_x, geometry,
                          source, shown, mark_lines, line_alerts, line_marks, headings, places)


def _half_day(layout: TimelineLayout, day: date) -> float:
    index = layout.column_of(day)
    if index is None:
        return 0.0
    column = layout.columns[index]
    return column.width / ((column.last - column.first).days + 1) / 2
