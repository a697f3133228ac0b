"""`calendar`: the milestones of the weeks ahead as an .ics file for Outlook and other calendars.

Like the other commands with --out, it replaces an ordinary file and never writes over a vault. A calendar
is not encrypted; the command says so on every run, and by default its events name only the alert's
reference and the milestone's kind.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sg_desktop.app.calendar_file import DEFAULT_WEEKS, MAX_WEEKS, Detail, forward_calendar
from sg_desktop.app.files import save_file
from sg_desktop.cli.context import Context, UsageError
from sg_desktop.cli.forward_filters import add_filter_arguments, check_kind, filtered_query
from sg_desktop.domain.enums import PlainFile

__all__ = ["NOT_ENCRYPTED", "calendar", "register"]

NOT_ENCRYPTED = ("Calendars and spreadsheets are not encrypted: anyone with the file sees what it holds; "
                 "keep it where only you can read it.")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `calendar` to the subcommand parser."""
    p = sub.add_parser("calendar", parents=[common], help="write the milestones of the weeks ahead as a calendar "
                       "(.ics)", description="Write the milestones of the weeks from this one as an .ics file for "
                       "Outlook and other calendars. Importing a newer file updates the events already there. By "
                       "default each event shows only the alert's reference and the milestone's kind.")
    p.add_argument("--out", required=True, metavar="FILE", help="where to write the calendar (.ics)")
    p.add_argument("--weeks", type=int, default=DEFAULT_WEEKS, metavar="N",
                   help=f"how many weeks, from this one (1 to {MAX_WEEKS}; default {DEFAULT_WEEKS})")
    p.add_argument("--detail", choices=[d.value for d in Detail], default=Detail.MINIMAL.value,
                   help="minimal: reference and milestone kind only (default); full: also the council, title, "
                        "date confidence and media interest")
    add_filter_arguments(p)
    p.set_defaults(handler=calendar)


def calendar(ctx: Context) -> int:
    """Write the calendar file."""
    a = ctx.args
    if not 1 <= a.weeks <= MAX_WEEKS:
        raise UsageError(f"--weeks takes a number of weeks from 1 to {MAX_WEEKS}, not {a.weeks}.")
    check_kind(a)
    session = ctx.open_session()
    try:
        query, filters = filtered_query(a, session)
        made = forward_calendar(session, a.weeks, ctx.clock.now(), query, detail=Detail(a.detail))
        out = Path(a.out)
        save_file(out, made.data)
        session.record_plain_file(PlainFile.CALENDAR, made.events)
    finally:
        session.lock()
    events = f"{made.events} milestone{'s' if made.events != 1 else ''}"
    ctx.out(f"Wrote {out}: {events} from {made.first:%d %b %Y} to {made.last:%d %b %Y}, {made.detail} detail"
            + (f"; only {', '.join(filters)}." if filters else "."))
    ctx.note(NOT_ENCRYPTED)
    return 0
