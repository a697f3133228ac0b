"""Reading the members of a record strictly, shared by every record type of the protocol (alerts, lessons).

Each reader takes the JSON value and its path (`milestones[2].date`) and returns the value as the domain
has it, or raises RecordProblem naming the path, never the text. Times have exactly one spelling.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.validation import control_problem

__all__ = [
    "MAX_ANCESTORS",
    "MAX_ITEMS",
    "MAX_REVISION",
    "MAX_SHORT",
    "MAX_TEXT",
    "RecordProblem",
    "ancestors",
    "boolean",
    "enum_member",
    "format_instant",
    "identifier",
    "instant",
    "item_list",
    "join",
    "members",
    "opt_date",
    "opt_instant",
    "parse_instant",
    "revision",
    "sharing",
    "string",
    "text",
    "wire_date",
]

MAX_ANCESTORS = 50
MAX_TEXT = 20_000
MAX_SHORT = 200
MAX_ITEMS = 500
MAX_REVISION = 2**53 - 1  # the largest integer every JSON implementation reads exactly
_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z._:-]{0,63}")
_VERSION = re.compile(r"[0-9a-f]{32}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z")

E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")
_MEMBERS: dict[type[StrEnum], dict[str, StrEnum]] = {}


class RecordProblem(ValueError):
    """A record breaks the format; `str()` names the field (a path such as `milestones[2].date`)."""


def format_instant(moment: datetime) -> str:
    """An aware datetime as `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC, the protocol's only time format."""
    if moment.tzinfo is None:
        raise ValueError("protocol times must carry a time zone")
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    m = moment
    return "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ" % (  # noqa: UP031 (several times faster than isoformat)
        m.year, m.month, m.day, m.hour, m.minute, m.second, m.microsecond
    )


def parse_instant(value: object) -> datetime:
    """Read a protocol time; ValueError unless it is exactly `YYYY-MM-DDTHH:MM:SS.ffffffZ`."""
    if not isinstance(value, str) or not _INSTANT.fullmatch(value):
        raise ValueError("not a UTC time")
    return datetime.fromisoformat(value)  # reads the "Z" as UTC


def members(value: object, keys: frozenset[str], path: str, what: str = "the record") -> dict[str, Any]:
    """`value` as an object with exactly `keys`; RecordProblem naming the first missing or an unknown one."""
    where = path or what
    if not isinstance(value, dict):
        raise RecordProblem(f"{where} is not an object")
    if value.keys() != keys:
        missing = sorted(keys - value.keys())
        if missing:
            raise RecordProblem(f"{where} has no field {join(path, missing[0])}")
        raise RecordProblem(f"{where} has an unknown field")
    return value


def join(path: str, key: str) -> str:
    """`path.key`, or `key` at the top of a record."""
    return f"{path}.{key}" if path else key


def text(value: object, path: str, limit: int = MAX_TEXT, *, multiline: bool = False) -> str:
    """Text of at most `limit` characters without control characters (a multi-line one may break lines)."""
    # A field from another office holds no control characters, so nothing it holds can rewrite a terminal
    # or forge a line of what the command line prints.
    found = string(value, path, limit)
    if control_problem(found, multiline=multiline) is not None:
        raise RecordProblem(f"{path} holds control characters" + ("" if multiline else " or a line break"))
    return found


def string(value: object, path: str, limit: int) -> str:
    """Any well-formed text of at most `limit` characters."""
    if not isinstance(value, str):
        raise RecordProblem(f"{path} is not text")
    if len(value) > limit:
        raise RecordProblem(f"{path} is longer than {limit} characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise RecordProblem(f"{path} is not well-formed text") from None
    return value


def identifier(value: object, path: str) -> str:
    """An identifier: `[0-9A-Za-z][0-9A-Za-z._:-]{0,63}`."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise RecordProblem(f"{path} is not an identifier")
    return value


def boolean(value: object, path: str) -> bool:
    """`true` or `false`."""
    if not isinstance(value, bool):
        raise RecordProblem(f"{path} is not true or false")
    return value


def enum_member(enum: type[E], value: object, path: str) -> E:
    """A value of one of the protocol's vocabularies."""
    # A plain dict lookup: calling the enum class costs more than the rest of reading a record.
    known = _MEMBERS.get(enum)
    if known is None:
        known = _MEMBERS[enum] = {m.value: m for m in enum}
    found = known.get(value) if isinstance(value, str) else None
    if found is None:
        raise RecordProblem(f"{path} is not one of the known values")
    return found  # type: ignore[return-value]


def wire_date(value: object, path: str) -> date:
    """A real calendar date, `YYYY-MM-DD`."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise RecordProblem(f"{path} is not a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RecordProblem(f"{path} is not a date (YYYY-MM-DD)") from None


def opt_date(value: object, path: str) -> date | None:
    """A date or `null`."""
    return None if value is None else wire_date(value, path)


def instant(value: object, path: str) -> datetime:
    """A protocol time."""
    try:
        return parse_instant(value)
    except ValueError:
        raise RecordProblem(f"{path} is not a UTC time (YYYY-MM-DDTHH:MM:SS.ffffffZ)") from None


def opt_instant(value: object, path: str) -> datetime | None:
    """A protocol time or `null`."""
    return None if value is None else instant(value, path)


def item_list(value: object, path: str, item: Callable[[object, str], T], limit: int = MAX_ITEMS) -> tuple[T, ...]:
    """A list of at most `limit` entries, each read by `item` with its path (`offers[2]`, counting from 1)."""
    if not isinstance(value, list):
        raise RecordProblem(f"{path} is not a list")
    if len(value) > limit:
        raise RecordProblem(f"{path} has more than {limit} entries")
    return tuple(item(v, f"{path}[{i}]") for i, v in enumerate(value, 1))


def sharing(value: object, path: str) -> frozenset[OrgType]:
    """A sharing scope: organisation types, sorted, without repeats."""
    orgs = item_list(value, path, lambda v, p: enum_member(OrgType, v, p), limit=len(OrgType))
    values = [o.value for o in orgs]
    if values != sorted(set(values)):
        raise RecordProblem(f"{path} is not sorted without repeats")
    return frozenset(orgs)


def _ancestor(value: object, path: str) -> str:
    if not isinstance(value, str) or not _VERSION.fullmatch(value):
        raise RecordProblem(f"{path} is not a record version")
    return value


def ancestors(value: object, path: str = "ancestors") -> tuple[str, ...]:
    """A record's ancestry: at most MAX_ANCESTORS record versions, without repeats."""
    found = item_list(value, path, _ancestor, limit=MAX_ANCESTORS)
    if len(set(found)) != len(found):
        raise RecordProblem(f"{path} has repeats")
    return found


def revision(value: object, path: str) -> int:
    """A whole number from 0 to MAX_REVISION."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_REVISION:
        raise RecordProblem(f"{path} is not a whole number in range")
    return value
