"""`retention`: the closed alerts past the office's retention period, and deleting, keeping or holding each.

`retention list` shows what is due (and what is on legal hold); `retention delete REF...` removes alerts' content
for good after asking (`--yes` for scripts), leaving the tombstone that tells the offices holding them;
`retention keep REF --months N --reason TEXT` and `retention hold REF --reason TEXT` record a decision with its
reason, and `retention release REF` lifts a hold. `retention period [MONTHS]` shows or sets the period.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from sg_desktop.app.retention import RetentionReview, ReviewLine
from sg_desktop.cli.context import Context, UsageError
from sg_desktop.cli.format import day, terminal_safe
from sg_desktop.cli.specs import parse_date
from sg_desktop.domain.retention import DecisionKind

__all__ = [
    "register",
    "retention_delete",
    "retention_hold",
    "retention_keep",
    "retention_list",
    "retention_period",
    "retention_release",
    "review_to_json",
]


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `retention` and its actions to the subcommand parser."""
    p = sub.add_parser("retention", parents=[common], help="closed alerts due for review: delete, keep or hold",
                       description="Retention review: closed alerts past the retention period (months after "
                                   "closing, 24 unless set), and what to do with each.")
    r_sub = p.add_subparsers(dest="retention_action", required=True, metavar="list|delete|keep|hold|release|period")
    a = r_sub.add_parser("list", parents=[common], help="the alerts due for review, and those on legal hold")
    a.add_argument("--as-of", metavar="YYYY-MM-DD", help="the day to count from (default: today)")
    a.add_argument("--json", action="store_true", help="print JSON")
    a.set_defaults(handler=retention_list)
    a = r_sub.add_parser("delete", parents=[common], help="delete closed alerts for good (a tombstone is kept)")
    a.add_argument("references", nargs="+", metavar="REF")
    a.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    a.set_defaults(handler=retention_delete)
    a = r_sub.add_parser("keep", parents=[common], help="keep a closed alert for more months, with a reason")
    a.add_argument("reference", metavar="REF")
    a.add_argument("--months", type=int, required=True, metavar="N", help="how many months from today (1 to 120)")
    _reason(a)
    a.set_defaults(handler=retention_keep)
    a = r_sub.add_parser("hold", parents=[common], help="put an alert on legal hold, with a reason")
    a.add_argument("reference", metavar="REF")
    _reason(a)
    a.set_defaults(handler=retention_hold)
    a = r_sub.add_parser("release", parents=[common], help="lift an alert's legal hold")
    a.add_argument("reference", metavar="REF")
    a.set_defaults(handler=retention_release)
    a = r_sub.add_parser("period", parents=[common], help="show or set the retention period")
    a.add_argument("months", nargs="?", type=int, metavar="MONTHS", help="months after closing (1 to 120)")
    a.set_defaults(handler=retention_period)


def _reason(p: argparse.ArgumentParser) -> None:
    p.add_argument("--reason", required=True, metavar="TEXT",
                   help="why (kept in this vault with the decision, never in the audit log or sent to others)")
    p.add_argument("--confirm", action="store_true",
                   help="save the reason even though it looks like it could identify a child")


def retention_list(ctx: Context) -> int:
    """Print the review."""
    as_of = parse_date(ctx.args.as_of, "--as-of date") if ctx.args.as_of else None
    session = ctx.open_session()
    try:
        review = session.retention.review(as_of)
    finally:
        session.lock()
    if ctx.args.json:
        ctx.out(json.dumps(review_to_json(review), indent=2, ensure_ascii=False))
        return 0
    period = f"retention period: {review.months} months after closing"
    if review.due:
        ctx.out(f"Due for review on {day(review.as_of)} ({period}):")
        ctx.out(_table([("REFERENCE", "COUNCIL", "KIND", "CLOSED ON", "DUE SINCE", "KEPT BEFORE")]
                       + [_due_cells(line) for line in review.due]))
    else:
        ctx.out(f"Nothing is due for review on {day(review.as_of)} ({period}).")
    if review.held:
        ctx.out("")
        ctx.out("On legal hold (never due until the hold is lifted):")
        ctx.out(_table([("REFERENCE", "COUNCIL", "KIND", "CLOSED ON", "HELD SINCE", "REASON")]
                       + [_held_cells(line) for line in review.held]))
    return 0


def review_to_json(review: RetentionReview) -> dict[str, Any]:
    """The review as `retention list --json` prints it."""
    return {"as_of": review.as_of.isoformat(), "months": review.months,
            "due": [_line_json(line) for line in review.due], "held": [_line_json(line) for line in review.held]}


def _line_json(line: ReviewLine) -> dict[str, Any]:
    a, decision = line.alert, line.alert.decision
    return {
        "reference": a.reference, "council": a.council, "council_name": line.council_name, "kind": a.kind.value,
        "closed_on": a.closed_on.isoformat() if a.closed_on else None,
        "due_on": line.due_on.isoformat() if line.due_on else None,
        "decision": None if decision is None else {
            "kind": decision.kind.value, "until": decision.until.isoformat() if decision.until else None,
            "reason": decision.reason, "decided_at": decision.decided_at.isoformat(),
        },
    }


def _due_cells(line: ReviewLine) -> tuple[str, ...]:
    decision = line.alert.decision
    kept = "" if decision is None or decision.kind is not DecisionKind.KEEP else terminal_safe(decision.reason)
    return (line.reference, terminal_safe(line.council_name), line.alert.kind.label, day(line.alert.closed_on),
            day(line.due_on), kept)


def _held_cells(line: ReviewLine) -> tuple[str, ...]:
    decision = line.alert.decision
    assert decision is not None  # a held line has its hold
    return (line.reference, terminal_safe(line.council_name), line.alert.kind.label,
            day(line.alert.closed_on) or "not closed", day(decision.decided_at.date()), terminal_safe(decision.reason))


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)) + "  " + r[-1]
                     for r in rows).rstrip()


def retention_delete(ctx: Context) -> int:
    """Delete closed alerts for good after confirmation."""
    session = ctx.open_session()
    try:
        lines = session.retention.deletable(ctx.args.references)  # every one checked before anything is asked
        names = ", ".join(line.reference for line in lines)
        if not ctx.args.yes:
            if not ctx.stdin.isatty():
                raise UsageError("Deleting for good needs confirmation: run it in a terminal, or add --yes.")
            ctx.ask(f"Delete {names} for good? Everything it says is removed from this vault and cannot be "
                    "brought back; the offices it was sent to are told with the next file. [y/N] ")
            if ctx.stdin.readline().strip().lower() not in ("y", "yes"):
                ctx.note("Nothing was deleted.")
                return 1
        deleted = session.retention.delete([line.reference for line in lines])
    finally:
        session.lock()
    ctx.out(f"Deleted {', '.join(deleted.references)} for good. A tombstone is kept: the offices it was sent to "
            "learn of the deletion with the next file sent to them (export --since-last).")
    return 0


def retention_keep(ctx: Context) -> int:
    """Keep a closed alert for more months."""
    session = ctx.open_session()
    try:
        line = session.retention.keep(ctx.args.reference, ctx.args.months, ctx.args.reason,
                                      confirm_identifying=ctx.args.confirm)
    finally:
        session.lock()
    ctx.out(f"{line.reference} is kept; it is due for review again on {day(line.due_on)}.")
    return 0


def retention_hold(ctx: Context) -> int:
    """Put an alert on legal hold."""
    session = ctx.open_session()
    try:
        line = session.retention.hold(ctx.args.reference, ctx.args.reason, confirm_identifying=ctx.args.confirm)
    finally:
        session.lock()
    ctx.out(f"{line.reference} is on legal hold: it is never due for review until the hold is lifted "
            f"(`sg-desktop retention release {line.reference}`).")
    return 0


def retention_release(ctx: Context) -> int:
    """Lift a legal hold."""
    session = ctx.open_session()
    try:
        line = session.retention.release(ctx.args.reference)
    finally:
        session.lock()
    when = f"it is due for review on {day(line.due_on)}" if line.due_on else "it is not closed, so not yet due"
    ctx.out(f"The legal hold on {line.reference} is lifted; {when}.")
    return 0


def retention_period(ctx: Context) -> int:
    """Show or set the retention period."""
    session = ctx.open_session()
    try:
        if ctx.args.months is not None:
            session.retention.set_months(ctx.args.months)
        months = session.retention.months
    finally:
        session.lock()
    ctx.out(f"Closed alerts come up for retention review {months} months after they were closed.")
    return 0
