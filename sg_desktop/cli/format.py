"""Plain-text views of alerts for a terminal.

Text from records and office cards goes through `terminal_safe` first: a title or a reason from another
office must not be able to move the cursor, rewrite what the terminal shows or reorder the line.
"""

from __future__ import annotations

from datetime import date

from sg_desktop.app.importing import Receipt
from sg_desktop.domain.councils import CouncilDirectory
from sg_desktop.domain.model import Alert
from sg_desktop.domain.query import AlertRow
from sg_desktop.domain.urgency import assess, level_for

__all__ = ["alert_details", "alert_table", "day", "terminal_lines", "terminal_safe"]

# Control characters (but tab), line and paragraph separators, and the bidirectional controls, each shown as
# U+FFFD: an escape sequence in a title could otherwise clear the screen or hide the lines before it.
_UNSAFE = {
    code: "\ufffd"
    for code in (*range(0x00, 0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, 0x2028,
                 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}


def terminal_safe(text: str) -> str:
    """`text` with every character that could control a terminal replaced by U+FFFD (one line: no breaks)."""
    return text.translate(_UNSAFE)


def terminal_lines(text: str) -> str:
    """`text` made safe for a terminal line by line: its own line breaks kept, every other control character
    (escape, bell, carriage return, backspace, bidirectional controls) replaced by U+FFFD. Everything the
    command line prints passes through this, whatever built the text; fields from records also go through
    `terminal_safe`, so that a line break inside a title or a reference cannot start a forged line."""
    return "\n".join(terminal_safe(line) for line in text.split("\n"))


def _lines(text: str, indent: str) -> list[str]:
    return [indent + terminal_safe(line) for line in text.splitlines()]


def day(d: date | None) -> str:
    """A date as officers write it: `17 Mar 2027`."""
    return "" if d is None else f"{d.day} {d:%b %Y}"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def alert_table(rows: list[AlertRow], councils: CouncilDirectory, today: date) -> str:
    """The log as aligned columns, most urgent first as given."""
    header = ("REFERENCE", "NEXT MILESTONE", "DATE", "DAYS", "URGENCY", "COUNCIL", "KIND", "TITLE")
    lines = [header]
    for r in rows:
        council = councils.by_code(r.council)
        days = r.days_to_next(today)
        urgency = (
            level_for(days, r.next_confidence, r.media_interest).label
            if days is not None and r.next_confidence is not None
            else "-"
        )
        lines.append((
            r.reference,
            r.next_kind.label if r.next_kind else "-",
            day(r.next_date) or "-",
            "-" if days is None else str(days),
            urgency,
            _clip(terminal_safe(council.name if council else r.council), 24),
            _clip(r.kind.label, 24),
            _clip(terminal_safe(r.title), 48),
        ))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) - 1)]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(line[:-1], widths, strict=True)) + "  " + line[-1]
        for line in lines
    )


def _received(receipt: Receipt) -> str:
    at = receipt.received_at
    text = f"{terminal_safe(receipt.office_name)} on {day(at.date())} at {at:%H:%M} UTC"
    return text if receipt.is_current else text + " (changed here since)"


def alert_details(alert: Alert, councils: CouncilDirectory, today: date, receipt: Receipt | None = None) -> str:
    """Everything about one alert, milestones and offers numbered as `edit` refers to them.

    With `receipt`, where the alert came from: the office that sent the version received, and when.
    """
    council = councils.by_code(alert.council)
    urgency = assess(alert, today)
    flags = [f for f, on in (("embargoed", alert.embargoed), ("reporting restriction", alert.reporting_restriction))
             if on]
    lines = [
        terminal_safe(f"{alert.reference}  {alert.title}"),
        f"  Council:         {council.name + ' (' + council.region + ')' if council else terminal_safe(alert.council)}",
        f"  Kind:            {alert.kind.label}",
        f"  Status:          {alert.status.label}",
        f"  Media interest:  {alert.media_interest.label}",
        f"  Urgency:         {urgency.level.label}"
        + (f" ({urgency.days} days to {urgency.milestone.kind.label.lower()})" if urgency.milestone else ""),
        f"  Handling:        {alert.handling.label}",
        f"  Shared with:     {', '.join(sorted(o.label for o in alert.sharing)) or 'this office only'}",
        f"  Owner:           {terminal_safe(alert.owner) or '-'}",
        f"  Flags:           {', '.join(flags) or 'none'}",
        f"  Revision:        {alert.revision}"
        + (f", updated {alert.updated_at:%d %b %Y %H:%M} UTC" if alert.updated_at else ""),
    ]
    if receipt is not None:
        lines.append(f"  Received from:   {_received(receipt)}")
    if alert.summary:
        lines += ["", "  Summary:", *_lines(alert.summary, "    ")]
    lines += ["", "  Milestones:" if alert.milestones else "  Milestones: none"]
    for i, m in enumerate(alert.milestones, 1):
        at = f" {m.time:%H:%M}" if m.time else ""
        lines.append(f"    {i}. {m.kind.label}: {day(m.date)}{at} ({m.confidence.label.lower()})")
        if m.note:
            lines += _lines(m.note, "       ")
        for h in m.history:
            lines.append(f"       {terminal_safe(h.describe(m.kind, f'recorded {day(h.changed_at.date())}'))}")
    lines += ["", "  Support offers:" if alert.offers else "  Support offers: none"]
    for i, o in enumerate(alert.offers, 1):
        dates = ", ".join(
            f"{label} {day(d)}"
            for label, d in (("offered", o.offered_on), ("decided", o.decided_on), ("follow up", o.follow_up_on))
            if d
        )
        lines.append(
            f"    {i}. {o.organisation.label}: {o.kind.label} for the {o.offered_to.label.lower()}"
            f" — {o.status.label}" + (f" ({dates})" if dates else "")
        )
        if o.note:
            lines += _lines(o.note, "       ")
    return "\n".join(lines)
