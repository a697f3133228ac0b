"""Reading a date as an officer types it, in the forms used in England.

Day first, always: `15/1/2027`, `15/01/27`, `15.1.2027`, `15 Jan 2027`, `15th January 2027`, `Friday 15
January 2027` (what the field shows back), ISO `2027-01-15`, and the words `today`, `tomorrow` and
`yesterday`, and steps from today such as `+3w`, `+10d`, `-2d` or `+1m`. A date without a year is the
one nearest today, so "3 Mar" means this March or next according to which is closer. Nothing is
guessed beyond that: `1/13/2027` is refused ("there is no month 13"), never read as 13 January.

`read_typed_date` gives the date or one sentence saying why the text cannot be read; the field shows
the date it understood ("Friday 15 January 2027") while the officer types, so no date is saved unseen.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from sg_desktop.domain.validation import EARLIEST, LATEST

__all__ = ["DATE_EXAMPLE", "MONTH_NAMES", "WEEKDAY_NAMES", "TypedDate", "long_date", "read_typed_date"]

DATE_EXAMPLE = "15/1/2027 or 15 Jan 2027"

# English names written out: the calendar module's follow the process locale, which Qt sets from the desktop.
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = {name.lower(): n for n, name in enumerate(MONTH_NAMES, 1)}
_MONTHS |= {name[:3].lower(): n for n, name in enumerate(MONTH_NAMES, 1)} | {"sept": 9}
_WEEKDAYS = {name.lower() for name in WEEKDAY_NAMES} | {name[:3].lower() for name in WEEKDAY_NAMES}
_WEEKDAYS |= {"tues", "thur", "thurs"}
_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}

_NUMERIC = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{2}|\d{4}))?")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_STEP = re.compile(r"([+-])\s*(\d{1,4})\s*(d|days?|w|weeks?|m|months?)?")
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_MONTH = r"([a-z]+)\.?"
_YEAR = r"(\d{2}|\d{4})"
_DAY_MONTH = re.compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH}(?:\s+{_YEAR})?")
_MONTH_DAY = re.compile(rf"{_MONTH}\s+{_DAY}(?:\s+{_YEAR})?")
_LONGEST = 60  # a typed date is short; longer text is refused before any pattern runs


@dataclass(frozen=True)
class TypedDate:
    """What typed text reads as: a date, or the problem to show under the field (exactly one is set)."""

    value: date | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        """Whether the text reads as a date."""
        return self.value is not None


def long_date(d: date) -> str:
    """The date in full, as the field confirms it: "Friday 15 January 2027"."""
    return f"{WEEKDAY_NAMES[d.weekday()]} {d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def read_typed_date(text: str, today: date) -> TypedDate:
    """The date `text` means, read day first, with `today` for words, steps and a missing year."""
    cleaned = _clean(text)
    if not cleaned:
        return TypedDate(problem=f"Type a date, such as {DATE_EXAMPLE}.")
    if len(cleaned) > _LONGEST:
        return _unreadable()
    if cleaned in _WORDS:
        return _checked(today + timedelta(days=_WORDS[cleaned]))
    for read in (_read_step, _read_iso, _read_numeric, _read_words):
        reading = read(cleaned, today)
        if reading is not None:
            return reading
    return _unreadable()


def _clean(text: str) -> str:
    words = text.strip().lower().replace(",", " ").split()
    if words and words[0] in _WEEKDAYS:  # "Friday 15 January 2027": the weekday is read past, not checked
        words = words[1:]
    return " ".join(words)


def _unreadable() -> TypedDate:
    return TypedDate(problem=f"This is not a date SG Desktop can read. Type it as {DATE_EXAMPLE}.")


_OUT_OF_RANGE = TypedDate(problem=f"Dates must fall between {EARLIEST.year} and {LATEST.year}.")


def _checked(d: date) -> TypedDate:
    return TypedDate(d) if EARLIEST <= d <= LATEST else _OUT_OF_RANGE


def _made(year: int, month: int, day: int) -> TypedDate:
    if not 1 <= month <= 12:
        return TypedDate(problem=f"There is no month {month}: type the day first, as in {DATE_EXAMPLE}.")
    if not EARLIEST.year <= year <= LATEST.year:
        return _OUT_OF_RANGE
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return TypedDate(problem=f"{MONTH_NAMES[month - 1]} {year} has {last} days.")
    return _checked(date(year, month, day))


def _year(text: str | None, month: int, day: int, today: date) -> int:
    """A typed year (two digits are this century), or, when left out, the year putting the date nearest today."""
    if text is not None:
        return 2000 + int(text) if len(text) == 2 else int(text)
    candidates = [today.year - 1, today.year, today.year + 1]
    valid = [y for y in candidates if day <= calendar.monthrange(y, month)[1]]
    return min(valid or candidates, key=lambda y: abs((date(y, month, min(day, 28)) - today).days))


def _read_step(text: str, today: date) -> TypedDate | None:
    m = _STEP.fullmatch(text)
    if m is None:
        return None
    count = int(m.group(2)) * (1 if m.group(1) == "+" else -1)
    unit = (m.group(3) or "d")[0]
    if unit == "m":
        month_index = today.year * 12 + today.month - 1 + count
        year, month = divmod(month_index, 12)
        if not EARLIEST.year <= year <= LATEST.year:
            return _OUT_OF_RANGE
        return _checked(date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1])))
    days = count * (7 if unit == "w" else 1)
    if abs(days) > (LATEST - EARLIEST).days:
        return _OUT_OF_RANGE
    return _checked(today + timedelta(days=days))


def _read_iso(text: str, today: date) -> TypedDate | None:
    m = _ISO.fullmatch(text)
    if m is None:
        return None
    return _made(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _read_numeric(text: str, today: date) -> TypedDate | None:
    m = _NUMERIC.fullmatch(text)
    if m is None:
        return None
    day, month = int(m.group(1)), int(m.group(2))
    if not 1 <= month <= 12:
        return _made(today.year, month, day)
    return _made(_year(m.group(3), month, day, today), month, day)


def _read_words(text: str, today: date) -> TypedDate | None:
    m = _DAY_MONTH.fullmatch(text)
    if m is not None:
        day_text, month_text, year_text = m.group(1), m.group(2), m.group(3)
    else:
        m = _MONTH_DAY.fullmatch(text)
        if m is None:
            return None
        month_text, day_text, year_text = m.group(1), m.group(2), m.group(3)
    month = _MONTHS.get(month_text)
    if month is None:
        return TypedDate(problem=f"That is not the name of a month. Type the date as {DATE_EXAMPLE}.")
    day = int(day_text)
    return _made(_year(year_text, month, day, today), month, day)
