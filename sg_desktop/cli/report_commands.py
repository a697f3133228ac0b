"""`report`: the briefing report, "Forward look: the next N weeks", written as a PDF file.

The pages are drawn by the desktop libraries (Qt), which the command line does not load itself: the entry
point hands their PDF writer in (`run(..., pdf_writer=...)`). Without it the command says so and writes
nothing. Like the other commands with --out, it replaces an ordinary file and never writes over a vault.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sg_desktop.app.briefing import MAX_WEEKS, ReportUnavailable, briefing_report
from sg_desktop.cli.context import Context, UsageError
from sg_desktop.cli.forward_filters import add_filter_arguments, check_kind, filtered_query
from sg_desktop.domain.enums import PlainFile

__all__ = ["NEEDS_DESKTOP", "register", "report"]

NEEDS_DESKTOP = ("The report is drawn with the desktop libraries (PySide6), which this installation of SG Desktop "
                 "cannot load; install the desktop application, or make the report from its File menu. "
                 "Nothing was written.")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `report` to the subcommand parser."""
    p = sub.add_parser("report", parents=[common], help="write the briefing report (the weeks ahead) as a PDF",
                       description="Write \"Forward look: the next N weeks\" as a PDF: the counts and clash weeks, "
                       "then week by week each alert with milestones in that week, its support offered and "
                       "accepted. Every page carries the highest handling marking of what it holds.")
    p.add_argument("--weeks", type=int, required=True, metavar="N", help=f"how many weeks, from this one (1 to "
                   f"{MAX_WEEKS})")
    p.add_argument("--out", required=True, metavar="FILE", help="where to write the report (.pdf)")
    add_filter_arguments(p)
    p.set_defaults(handler=report)


def report(ctx: Context) -> int:
    """Write the briefing report."""
    a = ctx.args
    if not 1 <= a.weeks <= MAX_WEEKS:
        raise UsageError(f"--weeks takes a number of weeks from 1 to {MAX_WEEKS}, not {a.weeks}.")
    check_kind(a)
    if ctx.pdf_writer is None:
        raise ReportUnavailable(NEEDS_DESKTOP)
    session = ctx.open_session()
    try:
        query, filters = filtered_query(a, session)
        content = briefing_report(session, a.weeks, ctx.clock.now(), query, filters=filters)
        out = Path(a.out)
        ctx.pdf_writer(content, out)
        session.record_plain_file(PlainFile.BRIEFING, content.alerts)
    finally:
        session.lock()
    alerts = f"{content.alerts} alert{'s' if content.alerts != 1 else ''}"
    ctx.out(f"Wrote {out}: {content.title.lower().replace('forward look: ', 'the forward look for ')}, "
            f"{alerts}, marked {content.marking.label}.")
    return 0

