"""Time, handed to services through their constructors so tests can fix it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Protocol

__all__ = ["Clock", "FixedClock", "SystemClock"]


class Clock(Protocol):
    """Tells the time."""

    def now(self) -> datetime:
        """The current moment, aware, in UTC."""
        ...

    def today(self) -> date:
        """Today's date where the officer is."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        """The current moment, aware, in UTC."""
        return datetime.now(UTC)

    def today(self) -> date:
        """Today's date in the machine's local time zone."""
        return datetime.now().date()


class FixedClock:
    """A clock that stands still (for tests and reproducible benchmarks)."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        """The fixed moment."""
        return self.moment

    def today(self) -> date:
        """The fixed moment's date."""
        return self.moment.date()
