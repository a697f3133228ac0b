"""The briefing report drawn on A4 pages: as a PDF file, or on paper through a printer.

The body is one QTextDocument built from the report (every record string escaped: our markup around plain
text); `paged_pdf` lays it out a page at a time and puts the handling marking at each page's top and bottom,
"page i of n", and when and by whom it was produced. A PDF is written in one go, never over a vault.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QTextDocument

from sg_desktop.app.briefing import BriefingAlert, BriefingReport, BriefingWeek
from sg_desktop.domain.typed_dates import MONTH_NAMES, WEEKDAY_NAMES, long_date
from sg_desktop.ui.forward.paged_pdf import ensure_gui_application, paged_pdf, write_paged

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

__all__ = ["briefing_document", "briefing_pdf", "ensure_gui_application", "write_briefing"]

# Qt's layout reads a block's top and bottom margins as pixels at 96 dpi (it scales them to the device), and its
# left margin as the device's own pixels: {v} and {h} are one point each way.
_CSS = """
h1 {{ font-size: 18pt; margin-bottom: {v4}px; }}
h2 {{ font-size: 13pt; margin-top: {v12}px; margin-bottom: {v4}px; }}
p {{ margin-top: {v1}px; margin-bottom: {v1}px; }}
td {{ padding-right: {h10}px; }}
.alert {{ margin-top: {v6}px; }}
.line {{ margin-left: {h14}px; }}
.offer {{ margin-left: {h28}px; }}
.meta {{ color: #333333; }}
.none {{ color: #555555; }}
"""


def write_briefing(report: BriefingReport, target: Path | str | QPrinter) -> None:
    """Write `report` as a PDF file at `target`, or print it on the printer `target`.

    CannotWrite (nothing written) when the file cannot be written or is part of a vault, or when the printer
    does not take the pages. A printer set to print into a PDF file gets the file written as a path would.
    """
    write_paged(report, lambda dpi: briefing_document(report, dpi), target)


def briefing_pdf(report: BriefingReport) -> bytes:
    """`report` as the bytes of a PDF file."""
    return paged_pdf(report, lambda dpi: briefing_document(report, dpi))


def briefing_document(report: BriefingReport, dpi: int = 72) -> QTextDocument:
    """The report's body as a document for a device of `dpi` dots an inch: the first page of counts and clash
    weeks, then week by week."""
    document = QTextDocument()
    document.setDocumentMargin(0)
    sizes = {f"v{pt}": round(pt * 96 / 72) for pt in range(13)} | {f"h{pt}": round(pt * dpi / 72) for pt in range(29)}
    document.setDefaultStyleSheet(_CSS.format(**sizes))
    font = QFont()
    font.setPointSizeF(10)
    document.setDefaultFont(font)
    document.setHtml("".join([*_first_page(report), *_weeks(report.weeks)]))
    return document


def _first_page(report: BriefingReport) -> Iterable[str]:
    yield f"<h1>{escape(report.title)}</h1>"
    yield (f"<p class='meta'>{long_date(report.first_day)} to {long_date(report.last_day)}. "
           f"{escape(report.produced)}.</p>")
    if report.filters:
        yield f"<p class='meta'>Filters: {escape('; '.join(report.filters))}.</p>"
    else:
        yield "<p class='meta'>Every alert in the vault (no filters).</p>"
    counts = [("Alerts with milestones in these weeks", report.alerts), ("Milestones", report.milestones),
              *((f"{c.label} dates", n) for c, n in report.by_confidence),
              ("Alerts of national media interest", report.national)]
    yield "<h2>In these weeks</h2><table>"
    yield "".join(f"<tr><td>{escape(what)}</td><td align='right'><b>{n}</b></td></tr>" for what, n in counts)
    yield "</table><h2>Week by week</h2><table>"
    for week in report.weeks:
        n = len(week.alerts)
        clash = f"clash: {week.clash} national milestones" if week.clash else ""
        yield (f"<tr><td>Week of {long_date(week.monday)}</td><td align='right'>{n} alert{'s' if n != 1 else ''}"
               f"</td><td><b>{clash}</b></td></tr>")
    yield "</table><h2>Clash weeks</h2>"
    if report.clashes:
        yield "<p>Weeks with two or more milestones of national media interest:</p><ul>"
        yield "".join(f"<li>Week of {long_date(monday)}: {n} national milestones</li>" for monday, n in report.clashes)
        yield "</ul>"
    else:
        yield "<p class='none'>No week has two or more milestones of national media interest.</p>"
    if not report.alerts:
        yield "<p class='none'>No alert has a milestone in these weeks.</p>"


def _weeks(weeks: Iterable[BriefingWeek]) -> Iterable[str]:
    for i, week in enumerate(weeks):
        brk = " style='page-break-before: always'" if i == 0 else ""
        yield f"<h2{brk}>Week of {long_date(week.monday)}</h2>"
        if week.clash:
            yield f"<p><b>A clash week: {week.clash} milestones of national media interest.</b></p>"
        if not week.alerts:
            yield "<p class='none'>No milestones this week.</p>"
        for alert in week.alerts:
            yield from _alert(alert)


def _alert(alert: BriefingAlert) -> Iterable[str]:
    region = f" ({escape(alert.region)})" if alert.region else ""
    yield f"<p class='alert'><b>{escape(alert.reference)}</b> — {escape(alert.title)}</p>"
    yield (f"<p class='meta'>{escape(alert.council)}{region} · {escape(alert.kind.label)} · "
           f"media interest: {escape(alert.media_interest.label)}</p>")
    for m in alert.milestones:
        at = f" {m.time:%H:%M}" if m.time is not None else ""
        yield (f"<p class='line'>{_short(m.date)}{at}: {escape(m.kind)} "
               f"({escape(m.confidence.label.lower())})</p>")
    if not alert.offers:
        yield "<p class='line'><i>Support: none offered yet.</i></p>"
        return
    yield f"<p class='line'>Support: {alert.offered} offered, {alert.accepted} accepted.</p>"
    for o in alert.offers:
        yield (f"<p class='offer'>{escape(o.organisation)}: {escape(o.kind)} for "
               f"{escape(o.offered_to)} ({escape(o.status.label.lower())})</p>")


def _short(d: date) -> str:
    return f"{WEEKDAY_NAMES[d.weekday()][:3]} {d.day} {MONTH_NAMES[d.month - 1][:3]} {d.year}"
