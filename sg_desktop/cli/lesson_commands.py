"""`lessons add REF --from-json FILE` and `lessons list [REF]`: lessons learned on closing, from a terminal.

`add` records this office's lesson on the alert REF, or changes it (each office has one lesson on an alert); the
JSON is the shape `lessons list --json` prints, one lesson or a list holding one, read with a limit and refusing
an object that names a field twice. Text that could identify a child stops it unless `--confirm` is given.
`list` shows every lesson held (this office's and those received); with REF, each lesson on that alert in full.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from sg_desktop.app.lesson_json import lesson_from_json, lesson_to_json
from sg_desktop.app.session import Session
from sg_desktop.cli.alert_commands import read_json
from sg_desktop.cli.context import Context, UsageError
from sg_desktop.cli.format import day, terminal_safe
from sg_desktop.domain.lessons import Lesson, usefulness_words

__all__ = ["add_lesson", "list_lessons", "register"]


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `lessons` and its subcommands to the subcommand parser."""
    p = sub.add_parser("lessons", parents=[common], help="lessons learned on closing an alert",
                       description="Record this office's lessons learned on an alert, or list the lessons held.")
    inner = p.add_subparsers(dest="lessons_action", required=True, metavar="add|list")
    add = inner.add_parser("add", parents=[common], help="record or change this office's lesson on an alert",
                           description="Record this office's lesson on the alert REF (or change the one it has), "
                           "from JSON in the shape `lessons list --json` prints.")
    add.add_argument("reference", metavar="REF", help="the alert's reference")
    add.add_argument("--from-json", metavar="FILE", required=True, help="the lesson as JSON ('-' for stdin)")
    add.add_argument("--confirm", action="store_true", help="save even if some text looks like it could identify "
                     "a child")
    add.add_argument("--json", action="store_true", help="print the saved lesson as JSON")
    add.set_defaults(handler=add_lesson)
    listing = inner.add_parser("list", parents=[common], help="the lessons held here",
                               description="List the lessons held here: this office's and those received. With "
                               "REF, every lesson on that alert in full.")
    listing.add_argument("reference", metavar="REF", nargs="?", help="only the lessons on this alert")
    listing.add_argument("--json", action="store_true", help="print JSON (the shape add --from-json reads)")
    listing.set_defaults(handler=list_lessons)


def _one_lesson(data: Any, reference: str) -> Any:
    if not isinstance(data, list):
        return data
    mine = [x for x in data if not isinstance(x, dict) or str(x.get("alert", reference)).casefold()
            == reference.strip().casefold()]
    if len(mine) != 1:
        raise UsageError(f"The JSON holds {len(mine)} lessons on {reference.strip()}; give one lesson.")
    return mine[0]


def add_lesson(ctx: Context) -> int:
    """Record or change this office's lesson on an alert."""
    a = ctx.args
    data = _one_lesson(read_json(ctx, a.from_json, "a lesson"), a.reference)
    session = ctx.open_session()
    try:
        alert = session.alerts.get(a.reference)
        saved = session.lessons.save(lesson_from_json(data, alert), confirm_identifying=a.confirm)
        if a.json:
            doc = lesson_to_json(saved.lesson, alert, session.alerts.councils, own=True)
            ctx.out(json.dumps(doc, indent=2, ensure_ascii=False))
        elif saved.result == "unchanged":
            ctx.out(f"The lesson on {terminal_safe(alert.reference)} is unchanged; nothing was saved.")
        else:
            what = "Recorded" if saved.result == "recorded" else f"Updated (revision {saved.lesson.revision})"
            ctx.out(f"{what}: this office's lesson on {terminal_safe(alert.reference)}.")
        return 0
    finally:
        session.lock()


def list_lessons(ctx: Context) -> int:
    """List the lessons held."""
    a = ctx.args
    session = ctx.open_session()
    try:
        if a.reference:
            alert = session.alerts.get(a.reference)
            lessons = session.lessons.of_alert(alert.id)
        else:
            lessons = session.lessons.find()
        alerts = {x.alert_id: session.alerts.get_by_id(x.alert_id) for x in lessons}
        if a.json:
            docs = [lesson_to_json(x, alerts[x.alert_id], session.alerts.councils, own=session.lessons.is_own(x))
                    for x in lessons]
            ctx.out(json.dumps(docs, indent=2, ensure_ascii=False))
        elif not lessons:
            ctx.out("No lessons on this alert yet." if a.reference else "No lessons are held here yet.")
        elif a.reference:
            ctx.out("\n\n".join(_details(x, session) for x in lessons))
        else:
            ctx.out(_table(lessons, session))
        return 0
    finally:
        session.lock()


def _table(lessons: list[Lesson], session: Session) -> str:
    header = ("ALERT", "COUNCIL", "KIND", "COVERAGE", "OFFERS", "SHARED", "RECORDED", "BY")
    rows = [header]
    councils = session.alerts.councils
    for x in lessons:
        council = councils.by_code(x.council)
        taken = sum(r.accepted for r in x.offers)
        rows.append((x.reference, council.name if council else x.council, x.kind.value,
                     f"{x.coverage.label} ({x.verdict.label.lower()})", f"{taken} of {len(x.offers)} taken up",
                     "yes" if x.may_share else "no", day(x.created_at.date() if x.created_at else None), x.recorded_by))
    widths = [max(len(terminal_safe(r[i])) for r in rows) for i in range(len(header))]
    return "\n".join("  ".join(terminal_safe(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                     for r in rows)


def _details(lesson: Lesson, session: Session) -> str:
    council = session.alerts.councils.by_code(lesson.council)
    scope = ", ".join(sorted(o.label for o in lesson.sharing)) or "this office only"
    lines = [
        f"Lesson on {lesson.reference} recorded by {lesson.recorded_by}"
        f"{' (this office)' if session.lessons.is_own(lesson) else ''}, revision {lesson.revision}",
        f"Council: {council.name if council else lesson.council} · {lesson.kind.label}",
        f"Coverage: {lesson.coverage.label}, expected {lesson.expected.label.lower()} "
        f"({lesson.verdict.label.lower()})",
    ]
    for i, r in enumerate(lesson.offers, 1):
        taken = "taken up" if r.accepted else "not taken up"
        note = f": {r.comment}" if r.comment else ""
        lines.append(f"Offer {i}: {r.organisation.label}, {r.kind.label}: {taken}, "
                     f"{usefulness_words(r.usefulness).lower()}{note}")
    for name, text in (("What helped", lesson.helped), ("What did not help", lesson.did_not_help),
                       ("What we would do differently", lesson.do_differently)):
        if text:
            lines.append(f"{name}:")
            lines += [f"  {line}" for line in text.splitlines()]
    lines.append(f"May be quoted in the digest: {'yes' if lesson.may_share else 'no'} · shared with: {scope}")
    return "\n".join(terminal_safe(line) for line in lines)
