"""Reading typed dates: every UK form an officer uses, day first, and a reason for what cannot be read."""

from __future__ import annotations

from datetime import date

import pytest

from sg_desktop.domain.typed_dates import long_date, read_typed_date

TODAY = date(2026, 12, 2)  # a Wednesday


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("15/1/2027", date(2027, 1, 15)),
        ("15/01/2027", date(2027, 1, 15)),
        ("15/01/27", date(2027, 1, 15)),
        ("15.1.2027", date(2027, 1, 15)),
        ("15-1-2027", date(2027, 1, 15)),
        ("15 Jan 2027", date(2027, 1, 15)),
        ("15 jan 27", date(2027, 1, 15)),
        ("15 January 2027", date(2027, 1, 15)),
        ("15th January 2027", date(2027, 1, 15)),
        ("15 Sept 2027", date(2027, 9, 15)),
        ("Friday 15 January 2027", date(2027, 1, 15)),
        ("Fri 15 Jan 2027", date(2027, 1, 15)),
        ("January 15, 2027", date(2027, 1, 15)),
        ("  2027-01-15 ", date(2027, 1, 15)),
        ("today", TODAY),
        ("Tomorrow", date(2026, 12, 3)),
        ("yesterday", date(2026, 12, 1)),
        ("+3w", date(2026, 12, 23)),
        ("+10d", date(2026, 12, 12)),
        ("+10", date(2026, 12, 12)),
        ("-2d", date(2026, 11, 30)),
        ("+1m", date(2027, 1, 2)),
        ("+3 weeks", date(2026, 12, 23)),
        # Without a year: the one nearest today, this year or next (or last).
        ("3 Mar", date(2027, 3, 3)),
        ("15/1", date(2027, 1, 15)),
        ("1 Oct", date(2026, 10, 1)),
        ("29/2/2028", date(2028, 2, 29)),
    ],
)
def test_a_typed_date_reads_as_the_date_an_officer_means(typed: str, meant: date) -> None:
    reading = read_typed_date(typed, TODAY)
    assert (reading.value, reading.problem) == (meant, "")


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "Type a date, such as 15/1/2027 or 15 Jan 2027."),
        ("   ", "Type a date, such as 15/1/2027 or 15 Jan 2027."),
        ("1/13/2027", "There is no month 13: type the day first, as in 15/1/2027 or 15 Jan 2027."),
        ("31/2/2027", "February 2027 has 28 days."),
        ("31 April 2027", "April 2027 has 30 days."),
        ("29 Feb", "February 2027 has 28 days."),
        ("0/1/2027", "January 2027 has 31 days."),
        ("15 Foo 2027", "That is not the name of a month. Type the date as 15/1/2027 or 15 Jan 2027."),
        ("1/1/1999", "Dates must fall between 2000 and 2100."),
        ("+99999w", "This is not a date SG Desktop can read. Type it as 15/1/2027 or 15 Jan 2027."),
        ("+9000w", "Dates must fall between 2000 and 2100."),
        ("15/1/2", "This is not a date SG Desktop can read. Type it as 15/1/2027 or 15 Jan 2027."),
        ("next week", "This is not a date SG Desktop can read. Type it as 15/1/2027 or 15 Jan 2027."),
        ("1" * 500, "This is not a date SG Desktop can read. Type it as 15/1/2027 or 15 Jan 2027."),
    ],
)
def test_what_cannot_be_read_says_why_and_gives_no_date(typed: str, problem: str) -> None:
    reading = read_typed_date(typed, TODAY)
    assert (reading.value, reading.problem) == (None, problem)


def test_the_date_understood_is_said_in_full_in_english_whatever_the_locale() -> None:
    assert long_date(date(2027, 1, 15)) == "Friday 15 January 2027"
    assert long_date(date(2026, 12, 2)) == "Wednesday 2 December 2026"
