"""The details pane beside the log: everything about the selected alert, where it came from, its milestones
with their date history (and the reason for each move), and its support offers.

The alert is rendered to escaped HTML in a read-only text browser: selectable, readable by screen
readers, and printable later without another layout. Every piece of record text goes through `escape`.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStackedWidget, QTextBrowser, QVBoxLayout, QWidget

from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.domain.urgency import assess
from sg_desktop.ui.shared.formatting import URGENCY_COLOURS, day_text, days_text, moment_text, time_text

if TYPE_CHECKING:  # for the type only: showing a receipt needs nothing of the import service
    from sg_desktop.app.importing import Receipt

__all__ = ["DetailsPane", "alert_html", "receipt_text"]

_MUTED = "#5b6675"

_PLACEHOLDER = "Select an alert to see its timetable, history and support offers."


class DetailsPane(QWidget):
    """Shows one alert in full, or a hint to select one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailsPane")
        self._alert_id: str | None = None
        self._stack = QStackedWidget(self)
        self._placeholder = QLabel(_PLACEHOLDER, self)
        self._placeholder.setObjectName("detailsPlaceholder")
        self._placeholder.setProperty("role", "hint")
        self._placeholder.setWordWrap(True)
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view = QTextBrowser(self)
        self.view.setObjectName("detailsView")
        self.view.setAccessibleName("Alert details")
        self.view.setOpenLinks(False)
        self.view.document().setDocumentMargin(14)
        self._stack.addWidget(self._placeholder)
        self._stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)

    @property
    def alert_id(self) -> str | None:
        """The id of the alert shown, or None."""
        return self._alert_id

    def show_alert(self, alert: Alert, council_name: str, today: date, receipt: Receipt | None = None) -> None:
        """Show `alert` in full; `receipt` says which office sent it, when it came from a protocol file."""
        self._alert_id = alert.id
        self.view.setHtml(alert_html(alert, council_name, today, receipt))
        self._stack.setCurrentWidget(self.view)

    def set_placeholder(self, text: str) -> None:
        """What the pane says while no alert is selected ("" for the usual words)."""
        self._placeholder.setText(text or _PLACEHOLDER)

    def clear(self) -> None:
        """Show nothing (no selection, or the vault locked): the text is dropped, not just hidden."""
        self._alert_id = None
        self.view.clear()
        self.view.document().clearUndoRedoStacks()
        self._stack.setCurrentWidget(self._placeholder)

    def plain_text(self) -> str:
        """What the pane shows, as text (for tests and screen readers' "read all")."""
        return self.view.toPlainText() if self._alert_id else ""


def _e(text: str) -> str:
    return escape(text, quote=True)


def _para(text: str) -> str:
    return "<br>".join(_e(line) for line in text.splitlines())


def _when(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def receipt_text(receipt: Receipt, alert: Alert) -> str:
    """Where the alert came from, in words: "Received from Local Government Association on 2 December 2026 at
    10:14" while it is the version received; once changed here, when that was and that it was received earlier."""
    received = f"from {receipt.office_name} on {_when(receipt.received_at)}"
    if receipt.is_current:
        return f"Received {received}"
    changed = f"Last changed here on {_when(alert.updated_at)}; " if alert.updated_at else "Changed here since; "
    return f"{changed}received earlier {received}"


def alert_html(alert: Alert, council_name: str, today: date, receipt: Receipt | None = None) -> str:
    """The details of `alert` as HTML for Qt's rich text (all record text escaped)."""
    urgency = assess(alert, today)
    colour = URGENCY_COLOURS[urgency.level]
    parts = [
        f"<p style='margin:0; color:{_MUTED}; font-size:small'>{_e(alert.reference)} &nbsp;·&nbsp; "
        f"{_e(alert.handling.label)}</p>",
        f"<h2 style='margin-top:4px; margin-bottom:2px'>{_e(alert.title)}</h2>",
        f"<p style='margin-top:0'>{_e(council_name)} &nbsp;·&nbsp; {_e(alert.kind.label)}</p>",
    ]
    if receipt is not None:
        parts.append(f"<p style='margin-top:0; color:{_MUTED}'>{_e(receipt_text(receipt, alert))}.</p>")
    if urgency.milestone is not None:
        nxt = urgency.milestone
        parts.append(
            f"<p><span style='color:{colour}; font-weight:600'>● {_e(urgency.level.label)}</span>"
            f" &nbsp;— next: {_e(nxt.kind.label)} {_e(days_text(urgency.days).lower())}, "
            f"{_e(day_text(nxt.date))} ({_e(nxt.confidence.label.lower())})</p>"
        )
    else:
        parts.append(f"<p><span style='color:{colour}'>○ {_e(urgency.level.label)}</span></p>")

    flags = []
    if alert.embargoed:
        flags.append("Embargoed")
    if alert.reporting_restriction:
        flags.append("Reporting restriction in force")
    facts = [
        ("Status", alert.status.label),
        ("Media interest", alert.media_interest.label),
        ("Shared with", ", ".join(sorted(o.label for o in alert.sharing)) or "No one"),
        ("Owner", alert.owner or "—"),
        ("Restrictions", ", ".join(flags) or "None"),
        ("Updated", f"{moment_text(alert.updated_at)} (revision {alert.revision})"),
        ("Created", moment_text(alert.created_at)),
    ]
    parts.append("<table cellspacing='0' cellpadding='2'>")
    for name, value in facts:
        parts.append(f"<tr><td style='color:{_MUTED}; padding-right:14px'>{_e(name)}</td>"
                     f"<td>{_e(value)}</td></tr>")
    parts.append("</table>")

    if alert.summary.strip():
        parts.append("<h3>Summary</h3>")
        parts.append(f"<p>{_para(alert.summary)}</p>")

    parts.append(f"<h3>Milestones ({len(alert.milestones)})</h3>")
    if alert.milestones:
        parts.append(_milestones_html(alert.milestones, urgency.milestone, today))
    else:
        parts.append(f"<p style='color:{_MUTED}'>No milestones yet.</p>")

    open_count = alert.open_offers
    parts.append(f"<h3>Support offers ({len(alert.offers)}, {open_count} open)</h3>")
    if alert.offers:
        parts.append(_offers_html(alert.offers))
    else:
        parts.append(f"<p style='color:{_MUTED}'>No support offered yet.</p>")
    return "\n".join(parts)


def _milestones_html(milestones: tuple[Milestone, ...], nxt: Milestone | None, today: date) -> str:
    rows = ["<table width='100%' cellspacing='0' cellpadding='3'>"]
    for m in sorted(milestones, key=lambda m: (m.date, m.time is not None, m.time)):
        past = m.date < today
        style = f" style='color:{_MUTED}'" if past else ""
        when = day_text(m.date) + (f", {time_text(m.time)}" if m.time else "")
        marker = " <b>(next)</b>" if nxt is not None and m.id == nxt.id else ""
        rows.append(
            f"<tr{style}><td width='32%' valign='top'><b>{_e(when)}</b></td>"
            f"<td valign='top'>{_e(m.kind.label)}{marker} — {_e(m.confidence.label.lower())}"
        )
        if m.note.strip():
            rows.append(f"<br><span style='color:{_MUTED}'>{_para(m.note)}</span>")
        for change in m.history:
            recorded = f"recorded {day_text(change.changed_at.date())}"
            rows.append(
                f"<br><span style='color:{_MUTED}; font-style:italic'>{_e(change.describe(m.kind, recorded))}</span>"
            )
        rows.append("</td></tr>")
    rows.append("</table>")
    return "".join(rows)


def _offers_html(offers: tuple[SupportOffer, ...]) -> str:
    rows = ["<table width='100%' cellspacing='0' cellpadding='3'>"]
    for o in offers:
        dates = []
        for label, d in (("offered", o.offered_on), ("decided", o.decided_on), ("follow up", o.follow_up_on)):
            if d is not None:
                dates.append(f"{label} {day_text(d)}")
        status_colour = "#2f7d4f" if not o.status.is_open else "#1f4e79"
        rows.append(
            f"<tr><td valign='top'><b>{_e(o.kind.label)}</b><br>"
            f"<span style='color:{_MUTED}'>from {_e(o.organisation.label)} to the {_e(o.offered_to.label.lower())}"
            f"</span></td><td valign='top' align='right'>"
            f"<span style='color:{status_colour}; font-weight:600'>{_e(o.status.label)}</span><br>"
            f"<span style='color:{_MUTED}'>{_e(', '.join(dates))}</span></td></tr>"
        )
        if o.note.strip():
            rows.append(f"<tr><td colspan='2' style='color:{_MUTED}'>{_para(o.note)}</td></tr>")
    rows.append("</table>")
    return "".join(rows)
