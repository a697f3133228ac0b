"""Turning domain values into column values and back (dates as ISO text, enums as their values)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import TypeVar

from sg_desktop.domain.enums import OrgType

__all__ = [
    "d_in",
    "d_out",
    "dt_in",
    "dt_out",
    "enum_in",
    "sharing_in",
    "sharing_out",
    "t_in",
    "t_out",
]

E = TypeVar("E", bound=StrEnum)


def d_out(value: date | None) -> str | None:
    """A date as ISO text for a column."""
    return None if value is None else value.isoformat()


def d_in(value: str | None) -> date | None:
    """A column's ISO text as a date."""
    return None if value is None else date.fromisoformat(value)


def t_out(value: time | None) -> str | None:
    """A time of day as HH:MM text."""
    return None if value is None else value.strftime("%H:%M")


def t_in(value: str | None) -> time | None:
    """HH:MM text as a time of day."""
    return None if value is None else time.fromisoformat(value)


def dt_out(value: datetime) -> str:
    """An aware datetime as ISO text in UTC, so text order is time order."""
    if value.tzinfo is None:
        raise ValueError("times stored in the vault must carry a time zone")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def dt_in(value: str) -> datetime:
    """ISO text as an aware datetime."""
    return datetime.fromisoformat(value)


def enum_in(enum: type[E], value: str) -> E:
    """A column value as a member of `enum`."""
    return enum(value)


def sharing_out(orgs: frozenset[OrgType]) -> str:
    """A sharing scope as sorted, comma-separated values."""
    return ",".join(sorted(o.value for o in orgs))


def sharing_in(value: str) -> frozenset[OrgType]:
    """A stored sharing scope."""
    return frozenset(OrgType(v) for v in value.split(",") if v)
