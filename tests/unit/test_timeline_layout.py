"""The timeline's geometry, without pixels: which column a milestone lands in, where, the clash weeks, the
lines and groups, today's line, and what the keyboard moves to."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from sg_desktop.app.forward import MilestoneRow
from sg_desktop.app.reference import english_councils
from sg_desktop.domain.councils import CouncilDirectory
from sg_desktop.domain.enums import AlertKind, AlertStatus, DateConfidence, MediaInterest, MilestoneKind
from sg_desktop.ui.forward.timeline_layout import Grouping, Zoom, layout_timeline, query_range, step

LEEDS, KENT, YORK = "E08000035", "E10000016", "E06000014"


def row(day: date, alert: str = "a1", *, media: MediaInterest = MediaInterest.LOCAL, council: str = LEEDS,
        kind: AlertKind = AlertKind.TRIAL, milestone: str | None = None, at: time | None = None) -> MilestoneRow:
    return MilestoneRow(alert, f"REF-{alert}", council, kind, f"Title of {alert}", AlertStatus.ACTIVE, media,
                        milestone or f"{alert}-{day.isoformat()}", MilestoneKind.VERDICT, day,
                        DateConfidence.PROVISIONAL, at, 0)


def test_the_new_year_falls_in_the_week_of_monday_28_december() -> None:
    rows = [row(date(2026, 12, 31), "thu"), row(date(2027, 1, 1), "fri"), row(date(2027, 1, 4), "mon")]
    layout = layout_timeline(rows, first=date(2026, 12, 1), today=date(2026, 12, 1), width=1300)
    assert layout.columns[0].first == date(2026, 11, 30) and len(layout.columns) == 12
    week = layout.columns[4]
    assert (week.first, week.last) == (date(2026, 12, 28), date(2027, 1, 3))
    thu, fri, mon = layout.markers
    assert thu.column == fri.column == 4 and mon.column == 5
    assert week.x < thu.x < fri.x < week.x + week.width <= mon.x
    # The heading says the year where it changes.
    assert "2027" in layout.columns[5].subheading and "2027" not in week.subheading


def test_the_new_year_at_the_day_and_month_zooms() -> None:
    rows = [row(date(2026, 12, 31), "thu"), row(date(2027, 1, 1), "fri")]
    days = layout_timeline(rows, first=date(2026, 12, 28), zoom=Zoom.DAYS)
    assert [days.columns[m.column].first for m in days.markers] == [date(2026, 12, 31), date(2027, 1, 1)]
    months = layout_timeline(rows, first=date(2026, 12, 15), zoom=Zoom.MONTHS)
    assert months.columns[0].first == date(2026, 12, 1) and months.columns[0].last == date(2026, 12, 31)
    assert [m.column for m in months.markers] == [0, 1]
    assert months.columns[1].heading == "January" and months.columns[1].subheading == "2027"


@pytest.mark.parametrize("change", [date(2027, 3, 28), date(2027, 10, 31)])
def test_the_clock_changes_do_not_move_a_day(change: date) -> None:
    """British Summer Time starts on 28 March 2027 and ends on 31 October 2027: the layout counts days, so
    the days either side of a change are exactly one day's width apart, like any other two days."""
    days = [change.replace(day=change.day - 1), change, change.replace(day=change.day + 1) if change.day < 31
            else date(change.year, change.month + 1, 1)]
    rows = [row(d, f"a{i}", at=time(0, 30)) for i, d in enumerate(days)]
    for zoom in (Zoom.DAYS, Zoom.WEEKS):
        layout = layout_timeline(rows, first=change - timedelta(days=10), zoom=zoom, width=1500)
        xs = [m.x for m in layout.markers]
        day_width = layout.columns[0].width / (1 if zoom is Zoom.DAYS else 7)
        assert xs[1] - xs[0] == pytest.approx(day_width) and xs[2] - xs[1] == pytest.approx(day_width)
        # Sunday the change is the last day of its week, Monday starts the next.
        sunday, monday = layout.markers[1], layout.markers[2]
        assert layout.columns[sunday.column].last == change
        assert layout.columns[monday.column].first == days[2]


def test_a_week_with_two_national_milestones_is_a_clash_with_its_count() -> None:
    national = MediaInterest.NATIONAL
    rows = [row(date(2027, 1, 5), "a", media=national), row(date(2027, 1, 7), "b", media=national),
            row(date(2027, 1, 8), "c", media=national), row(date(2027, 1, 13), "d", media=national),
            row(date(2027, 1, 14), "e", media=MediaInterest.REGIONAL)]
    layout = layout_timeline(rows, first=date(2026, 12, 28), width=1300)
    assert [(band.week, band.national) for band in layout.clashes] == [(date(2027, 1, 4), 3)]
    column = layout.columns[1]
    band = layout.clashes[0]
    assert (band.x, band.width) == (pytest.approx(column.x), pytest.approx(column.width))


def test_a_clash_at_the_edge_counts_milestones_outside_the_columns() -> None:
    """A month may end mid-week; the rows read for the whole week still count."""
    national = MediaInterest.NATIONAL
    first = date(2027, 3, 4)
    rows = [row(date(2027, 3, 31), "a", media=national), row(date(2027, 4, 1), "b", media=national)]
    months = layout_timeline(rows, first=first, zoom=Zoom.MONTHS, count=1)
    assert query_range(first, Zoom.MONTHS, 1) == (date(2027, 3, 1), date(2027, 4, 4))
    assert [(b.week, b.national) for b in months.clashes] == [(date(2027, 3, 29), 2)]
    assert len(months.markers) == 1  # the February one is counted, not shown


def test_one_line_per_alert_in_the_order_of_its_first_milestone_grouped_by_region() -> None:
    rows = [row(date(2027, 1, 5), "kent", council=KENT), row(date(2027, 1, 6), "leeds", council=LEEDS),
            row(date(2027, 1, 7), "york", council=YORK), row(date(2027, 1, 20), "kent", council=KENT)]
    plain = layout_timeline(rows, first=date(2027, 1, 4))
    assert [line.text for line in plain.lines] == ["REF-kent", "REF-leeds", "REF-york"]
    assert len(plain.lines[0].markers) == 2
    councils = CouncilDirectory(english_councils())
    grouped = layout_timeline(rows, first=date(2027, 1, 4), grouping=Grouping.REGION, councils=councils)
    assert [line.text for line in grouped.lines] == [
        "Yorkshire and The Humber  (2 alerts)", "REF-leeds", "REF-york", "South East  (1 alert)", "REF-kent"]
    assert grouped.lines[0].is_heading and not grouped.lines[1].is_heading
    by_council = layout_timeline(rows, first=date(2027, 1, 4), grouping=Grouping.COUNCIL, councils=councils)
    assert [line.text.split("  (")[0] for line in by_council.lines if line.is_heading] == ["Kent", "Leeds", "York"]


def test_today_is_marked_and_out_of_range_is_not() -> None:
    layout = layout_timeline([], first=date(2026, 11, 24), today=date(2026, 11, 24), width=1300)
    assert layout.today_x == layout.x_of(date(2026, 11, 24))
    assert layout.columns[0].has_today and not layout.columns[1].has_today
    later = layout_timeline([], first=step(date(2026, 11, 24), Zoom.WEEKS, 1), today=date(2026, 11, 24))
    assert later.today_x is None and later.first == date(2026, 11, 30)


def test_columns_fill_the_width_but_never_shrink_below_the_minimum() -> None:
    wide = layout_timeline([], first=date(2027, 1, 4), width=260 + 12 * 100)
    assert wide.columns[0].width == pytest.approx(100) and wide.width == pytest.approx(1200)
    narrow = layout_timeline([], first=date(2027, 1, 4), width=400)
    assert narrow.columns[0].width == narrow.geometry.min_column[Zoom.WEEKS]


def test_the_keyboard_moves_along_a_line_and_to_the_nearest_mark_above_or_below() -> None:
    rows = [row(date(2027, 1, 5), "a"), row(date(2027, 1, 6), "b"), row(date(2027, 1, 19), "a"),
            row(date(2027, 1, 20), "b"), row(date(2027, 2, 20), "b")]
    layout = layout_timeline(rows, first=date(2027, 1, 4), width=1300)
    first = layout.neighbour(None, "right")
    assert first is not None and layout.markers[first].row.date == date(2027, 1, 5)
    right = layout.neighbour(first, "right")
    assert right is not None and layout.markers[right].row.date == date(2027, 1, 19)
    assert layout.neighbour(right, "right") == right  # the end of the line
    down = layout.neighbour(right, "down")
    assert down is not None and layout.markers[down].row.date == date(2027, 1, 20)
    assert layout.neighbour(down, "down") == down
    end = layout.neighbour(down, "end")
    assert end is not None and layout.markers[end].row.date == date(2027, 2, 20)
    assert layout.marker_at(layout.markers[end].x + 3, layout.marker_y(end)) == end
    assert layout.marker_at(layout.markers[end].x + 30, layout.marker_y(end)) is None
