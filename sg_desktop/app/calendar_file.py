"""The forward look as a calendar file (.ics) for Outlook and other calendars.

One event per milestone in the weeks chosen: an all-day event for a date, a timed event in Europe/London
for a milestone with a time (the file then carries the Europe/London time zone for the years it covers,
not 1970–2038). Each event's UID comes from its milestone's id, so importing a newer file updates the
events already there instead of adding copies.

A calendar is not encrypted, and calendars are shared, synchronised and shown on locked phones. By
default an event's title holds only the alert's reference and the milestone's kind ("LGA-2026-0042: Trial
start"); the council, the title, the date's confidence and the media interest go in only when the officer
chooses full detail. No summary and no note ever go in.

The file's frame (the calendar and its time zone) is built with icalendar's components; the events are
written line by line with icalendar's own value types and escaping, because building 10,000 event
components took several seconds where the forward look of a busy year must take well under one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, vDate, vDatetime, vText

from sg_desktop.app.session import Session
from sg_desktop.domain.councils import CouncilDirectory
from sg_desktop.domain.forward import MilestoneRow, week_of
from sg_desktop.domain.query import AlertQuery

__all__ = [
    "CALENDAR_WARNING",
    "DEFAULT_WEEKS",
    "MAX_WEEKS",
    "TIMED_LENGTH",
    "TIME_ZONE",
    "CalendarFile",
    "Detail",
    "calendar_bytes",
    "forward_calendar",
    "milestone_uid",
]

DEFAULT_WEEKS = 12
MAX_WEEKS = 52
TIME_ZONE = "Europe/London"
# A milestone has a start time only; an hour shows as a block in every calendar, where an event without an
# end shows as a zero-length line that Outlook and others draw differently.
TIMED_LENGTH = timedelta(hours=1)
CALENDAR_WARNING = ("Calendars are not encrypted: anyone with the calendar sees these events. "
                    "Minimal detail shows only references and milestone kinds.")

_PRODID = "-//SG Desktop//Forward look//EN"
_LONDON = ZoneInfo(TIME_ZONE)
_END = b"END:VCALENDAR\r\n"
_LIMIT = 75  # octets in a content line, without its line break (RFC 5545, 3.1)
# Control characters a calendar's TEXT may not hold (tab, line feed and carriage return are allowed or
# escaped by icalendar); a title pasted from elsewhere could carry them.
_CONTROLS = {code: "\ufffd" for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)}


class Detail(StrEnum):
    """How much of each alert an event shows."""

    MINIMAL = "minimal"  # the reference and the milestone's kind
    FULL = "full"  # also the council, the title, the date's confidence and the media interest


@dataclass(frozen=True)
class CalendarFile:
    """A calendar of the weeks from `first` to `last`, ready to write."""

    data: bytes
    events: int
    first: date
    last: date
    detail: Detail


def milestone_uid(milestone_id: str) -> str:
    """The UID of a milestone's event: the same in every file, so a calendar updates the event it has."""
    return f"{milestone_id}@sg-desktop"


def forward_calendar(session: Session, weeks: int = DEFAULT_WEEKS, now: datetime | None = None,
                     query: AlertQuery | None = None, detail: Detail = Detail.MINIMAL) -> CalendarFile:
    """The calendar of the `weeks` weeks from this one (1 to MAX_WEEKS) of the alerts `query` keeps (all)."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ValueError(f"A calendar covers 1 to {MAX_WEEKS} weeks, not {weeks}.")
    forward = session.forward
    first = week_of(forward.today())
    last = first + timedelta(weeks=weeks) - timedelta(days=1)
    rows = forward.milestones(query or AlertQuery(), first, last)
    stamp = now or datetime.now(UTC)
    data = calendar_bytes(rows, forward.councils, first=first, last=last, stamp=stamp, detail=detail)
    return CalendarFile(data, len(rows), first, last, detail)


def calendar_bytes(rows: Sequence[MilestoneRow], councils: CouncilDirectory, *, first: date, last: date,
                   stamp: datetime, detail: Detail = Detail.MINIMAL) -> bytes:
    """An .ics file with one event per row; `first` and `last` are the days it covers (for its time zone),
    `stamp` when it was made (each event's DTSTAMP)."""
    frame = Calendar()
    frame.add("PRODID", _PRODID)
    frame.add("VERSION", "2.0")
    frame.add("CALSCALE", "GREGORIAN")
    frame.add("METHOD", "PUBLISH")
    frame.add("X-WR-CALNAME", "SG Desktop forward look")
    if any(r.time is not None for r in rows):
        # The zone for exactly the years the file covers: its own changes of clock, nothing from 1970.
        frame.add_component(_onsets_on_the_old_clock(Timezone.from_tzid(
            TIME_ZONE, first_date=date(first.year, 1, 1), last_date=date(last.year + 1, 1, 1))))
    head: bytes = frame.to_ical()
    if not head.endswith(_END):
        raise ValueError("icalendar wrote a calendar without its end line.")
    writer = _EventWriter(_utc_text(stamp), councils, detail)
    body = "".join(writer.event(r) for r in rows)
    return head[: -len(_END)] + body.encode("utf-8") + _END


def _onsets_on_the_old_clock(zone: Timezone) -> Timezone:
    """`zone` with each change of clock starting at the time the clock showed just before it, as RFC 5545
    (3.6.5) has it: icalendar writes the spring change at 02:00, the time after it, where the clocks go forward
    at 01:00 GMT. Each onset (the DTSTART and every RDATE) is worked out again from the zone's own rules."""
    for part in zone.subcomponents:
        before, after = part.decoded("TZOFFSETFROM"), part.decoded("TZOFFSETTO")
        if before == after:
            continue  # the zone as it stood when the file begins: no change of clock
        rdates = part.get("RDATE", [])
        written = [part.decoded("DTSTART")] + [
            d.dt for r in (rdates if isinstance(rdates, list) else [rdates]) for d in r.dts]
        onsets = [_onset(w.date(), before, after) for w in written]
        part.pop("DTSTART")
        part.pop("RDATE", None)
        part.add("DTSTART", onsets[0])
        for onset in onsets[1:]:
            part.add("RDATE", onset)
    return zone


def _onset(day: date, before: timedelta, after: timedelta) -> datetime:
    """The wall-clock time, on the clock of `before`, at which London's offset turns from `before` to `after`
    on `day` (found a quarter of an hour at a time from the day before)."""
    moment = datetime.combine(day, time(), UTC) - timedelta(days=1)
    for _ in range(3 * 24 * 4):
        if moment.astimezone(_LONDON).utcoffset() == after and (
                (moment - timedelta(minutes=15)).astimezone(_LONDON).utcoffset() == before):
            return (moment + before).replace(tzinfo=None)
        moment += timedelta(minutes=15)
    raise ValueError(f"The clocks do not change around {day}.")


class _EventWriter:
    """Writes events, reusing the lines that repeat (the stamp, each day's and each time's start and end)."""

    def __init__(self, stamp: str, councils: CouncilDirectory, detail: Detail) -> None:
        self._stamp = f"DTSTAMP:{stamp}\r\n"
        self._councils = councils
        self._detail = detail
        self._days: dict[date, str] = {}
        self._times: dict[tuple[date, time], str] = {}
        self._names: dict[str, str] = {}

    def event(self, row: MilestoneRow) -> str:
        summary = f"{row.reference}: {row.kind.label}"
        description = ""
        if self._detail is Detail.FULL:
            council = self._council(row.council)
            summary = f"{summary} ({council})"
            description = _line("DESCRIPTION", "\n".join((
                row.title,
                f"Council: {council}",
                f"Alert: {row.alert_kind.label}",
                f"Date: {row.confidence.label.lower()}",
                f"Media interest: {row.media_interest.label.lower()}",
            )))
        when = self._day(row.date) if row.time is None else self._at(row.date, row.time)
        return (f"BEGIN:VEVENT\r\n{_line('UID', milestone_uid(row.milestone_id))}{self._stamp}{when}"
                f"{_line('SUMMARY', summary)}{description}CLASS:PRIVATE\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n")

    def _council(self, code: str) -> str:
        name = self._names.get(code)
        if name is None:
            council = self._councils.by_code(code)
            name = self._names[code] = council.name if council else code
        return name

    def _day(self, day: date) -> str:
        text = self._days.get(day)
        if text is None:
            start, end = _ical(vDate(day)), _ical(vDate(day + timedelta(days=1)))
            text = self._days[day] = f"DTSTART;VALUE=DATE:{start}\r\nDTEND;VALUE=DATE:{end}\r\n"
        return text

    def _at(self, day: date, at: time) -> str:
        text = self._times.get((day, at))
        if text is None:
            # Wall-clock time in England, as the council gave it; the calendar converts it for its reader.
            start = datetime.combine(day, at)
            end = (datetime.combine(day, at, _LONDON) + TIMED_LENGTH).replace(tzinfo=None)
            text = self._times[(day, at)] = (f"DTSTART;TZID={TIME_ZONE}:{_ical(vDatetime(start))}\r\n"
                                             f"DTEND;TZID={TIME_ZONE}:{_ical(vDatetime(end))}\r\n")
        return text


def _utc_text(moment: datetime) -> str:
    return _ical(vDatetime(moment.astimezone(UTC)))


def _ical(value: vDate | vDatetime | vText) -> str:
    return value.to_ical().decode("ascii" if not isinstance(value, vText) else "utf-8")


def _line(name: str, text: str) -> str:
    """One TEXT property, escaped by icalendar and folded at 75 octets."""
    return _fold(f"{name}:{_ical(vText(text.translate(_CONTROLS)))}") + "\r\n"


def _fold(line: str) -> str:
    """`line` folded as RFC 5545 asks: at most 75 octets a line, never inside a character or an escape."""
    if len(line) * 4 <= _LIMIT or len(line.encode("utf-8")) <= _LIMIT:
        return line
    if line.isascii():  # one octet a character: cut by slicing
        return _fold_ascii(line)
    parts: list[str] = []
    current: list[str] = []
    size = 0
    limit = _LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if current and size + width > limit:
            carried = []
            if current[-1] == "\\" and _escape_open(current):
                carried.append(current.pop())  # keep "\n", "\," and "\;" whole
            parts.append("".join(current))
            current, size = carried, len(carried)
            limit = _LIMIT - 1  # a continuation line starts with a space
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _fold_ascii(line: str) -> str:
    parts: list[str] = []
    start, limit = 0, _LIMIT
    while len(line) - start > limit:
        end = start + limit
        if line[end - 1] == "\\" and _escape_open(list(line[start:end])):
            end -= 1  # keep "\n", "\," and "\;" whole
        parts.append(line[start:end])
        start, limit = end, _LIMIT - 1  # a continuation line starts with a space
    parts.append(line[start:])
    return "\r\n ".join(parts)


def _escape_open(chars: list[str]) -> bool:
    """Whether the backslash ending `chars` starts an escape (an odd run of backslashes)."""
    run = 0
    for char in reversed(chars):
        if char != "\\":
            break
        run += 1
    return run % 2 == 1
