"""`digest`: the "what works" digest of the lessons held, written as a PDF file.

As for `report`, the pages are drawn by the desktop libraries, handed in by the entry point
(`run(..., digest_pdf_writer=...)`); without them the command says so and writes nothing. It replaces an ordinary
file and never writes over a vault.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sg_desktop.app.briefing import ReportUnavailable, regions
from sg_desktop.app.digest import DigestChoice
from sg_desktop.cli.context import Context
from sg_desktop.cli.forward_filters import check_kind, find_region
from sg_desktop.cli.specs import parse_date
from sg_desktop.domain.enums import PlainFile

__all__ = ["DIGEST_NEEDS_DESKTOP", "digest", "register"]

DIGEST_NEEDS_DESKTOP = ("The digest is drawn with the desktop libraries (PySide6), which this installation of SG "
                        "Desktop cannot load; install the desktop application, or make the digest from its View menu. "
                        "Nothing was written.")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `digest` to the subcommand parser."""
    p = sub.add_parser("digest", parents=[common], help="write the \"what works\" digest of lessons learned (PDF)",
                       description="Write the \"what works\" digest of the lessons held as a PDF: by kind of case and "
                       "of support, how often support was offered, taken up and found useful; coverage against "
                       "expectation; and the texts that may be shared, grouped by theme. Every page carries the "
                       "handling marking.")
    p.add_argument("--out", required=True, metavar="FILE", help="where to write the digest (.pdf)")
    p.add_argument("--since", metavar="DATE", help="only lessons recorded on or after this day (YYYY-MM-DD)")
    p.add_argument("--kind", metavar="K", help="only lessons on alerts of this kind")
    p.add_argument("--council", metavar="C", help="only lessons about this council (its name or ONS code)")
    p.add_argument("--region", metavar="R", help="only lessons about councils in this English region")
    p.set_defaults(handler=digest)


def digest(ctx: Context) -> int:
    """Write the digest."""
    a = ctx.args
    since = parse_date(a.since, "date") if a.since else None
    kind = check_kind(a)
    if ctx.digest_pdf_writer is None:
        raise ReportUnavailable(DIGEST_NEEDS_DESKTOP)
    session = ctx.open_session()
    try:
        council = session.alerts.resolve_council(a.council).ons_code if a.council else None
        region = find_region(a.region, regions(session.digest.councils)) if a.region else None
        choice = DigestChoice(council=council, region=region, kind=kind, since=since)
        content = session.digest.digest(choice, ctx.clock.now(), session.office.name)
        out = Path(a.out)
        ctx.digest_pdf_writer(content, out)
        session.record_plain_file(PlainFile.DIGEST, content.lessons)
    finally:
        session.lock()
    lessons = f"{content.lessons} lesson{'s' if content.lessons != 1 else ''}"
    ctx.out(f"Wrote {out}: the digest of {lessons} ({content.shared} may be quoted), marked {content.marking.label}.")
    return 0

