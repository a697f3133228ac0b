"""`add`, `list`, `show`, `edit`, `delete`: the alert log from a terminal or a script."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from sg_desktop.app.alert_json import alert_to_json, alerts_from_json, receipt_to_json
from sg_desktop.app.csv_table import csv_file_bytes, table_csv
from sg_desktop.app.files import UnreadableFile, read_limited, save_file
from sg_desktop.app.session import Session
from sg_desktop.cli.calendar_commands import NOT_ENCRYPTED
from sg_desktop.cli.context import Context, UsageError
from sg_desktop.cli.format import alert_details, alert_table, day, terminal_safe
from sg_desktop.cli.specs import (
    option_values_help,
    parse_date,
    parse_date_and_confidence,
    parse_milestone,
    parse_numbered,
    parse_offer,
    parse_sharing,
)
from sg_desktop.domain.councils import REGIONS, CouncilDirectory
from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    Handling,
    MediaInterest,
    OfferStatus,
    PlainFile,
    parse_enum,
)
from sg_desktop.domain.errors import Problem, ValidationError
from sg_desktop.domain.model import Alert
from sg_desktop.domain.query import AlertQuery, AlertRow, SortKey
from sg_desktop.domain.urgency import level_for

__all__ = ["add", "delete", "edit", "list_alerts", "read_json", "register", "show"]

_MAX_JSON_FILE = 64 * 1024 * 1024


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the alert commands to the subcommand parser."""
    p = sub.add_parser("add", parents=[common], help="add an alert",
                       description="Add an alert, from options or from JSON in the shape `list --json` prints.",
                       epilog=option_values_help(), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--from-json", metavar="FILE", help="read one alert or a list of alerts ('-' for stdin)")
    _alert_fields(p)
    p.add_argument("--milestone", action="append", default=[], metavar="KIND=YYYY-MM-DD[:CONFIDENCE]",
                   help="a dated milestone (repeat for more); confidence: confirmed, provisional, estimated")
    p.add_argument("--offer", action="append", default=[], metavar="ORG:KIND:OFFERED_TO[:STATUS]",
                   help="a support offer, e.g. lga:peer-mentor:lead-member:offered")
    _confirm_and_json(p)
    p.set_defaults(handler=add)

    p = sub.add_parser("list", parents=[common], help="list alerts, most pressing first")
    p.add_argument("--council", action="append", default=[], help="a council's name or ONS code (repeatable)")
    p.add_argument("--region", choices=REGIONS, metavar="REGION", help="an English region")
    p.add_argument("--kind", action="append", default=[], help="alert kind (repeatable)")
    p.add_argument("--status", action="append", default=[], help="status (repeatable)")
    p.add_argument("--media", action="append", default=[], help="media interest (repeatable)")
    p.add_argument("--upcoming", type=int, metavar="DAYS", help="only alerts with a milestone in the next DAYS days")
    p.add_argument("--search", metavar="TEXT", default="", help="words in the title, summary or notes")
    p.add_argument("--sort", choices=[k.value for k in SortKey], default=SortKey.NEXT_DATE.value)
    p.add_argument("--reverse", action="store_true", help="reverse the order")
    p.add_argument("--json", action="store_true", help="print JSON (the shape add --from-json reads)")
    p.add_argument("--csv", action="store_true", help="print the table as CSV for a spreadsheet (not encrypted)")
    p.add_argument("--out", metavar="FILE", help="with --csv: write the CSV to FILE (UTF-8 for Excel) instead")
    p.set_defaults(handler=list_alerts)

    p = sub.add_parser("show", parents=[common], help="show one alert in full")
    p.add_argument("reference")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=show)

    p = sub.add_parser("edit", parents=[common], help="change an alert",
                       description="Change an alert. Milestones and offers are numbered as `show` lists them.",
                       epilog=option_values_help(editing=True), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("reference")
    _alert_fields(p, editing=True)
    p.add_argument("--milestone", action="append", default=[], metavar="KIND=YYYY-MM-DD[:CONFIDENCE]",
                   help="add a milestone")
    p.add_argument("--move", action="append", default=[], metavar="N=YYYY-MM-DD[:CONFIDENCE]",
                   help="move milestone N to a new date (the old date is kept in its history)")
    p.add_argument("--reason", metavar="TEXT",
                   help="why the dates given with --move changed, e.g. 'adjourned: a witness is unavailable' "
                        "(kept in the history and sent with the alert)")
    p.add_argument("--milestone-note", action="append", default=[], metavar="N=TEXT", help="set milestone N's note")
    p.add_argument("--remove-milestone", action="append", default=[], type=int, metavar="N")
    p.add_argument("--offer", action="append", default=[], metavar="ORG:KIND:OFFERED_TO[:STATUS]",
                   help="add a support offer")
    p.add_argument("--offer-status", action="append", default=[], metavar="N=STATUS",
                   help="move offer N along its pipeline (proposed, offered, accepted, declined, ...)")
    p.add_argument("--offer-follow-up", action="append", default=[], metavar="N=YYYY-MM-DD")
    p.add_argument("--offer-note", action="append", default=[], metavar="N=TEXT")
    p.add_argument("--remove-offer", action="append", default=[], type=int, metavar="N")
    _confirm_and_json(p)
    p.set_defaults(handler=edit)

    p = sub.add_parser("delete", parents=[common], help="delete an alert (a tombstone is kept)")
    p.add_argument("reference")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(handler=delete)


def _alert_fields(p: argparse.ArgumentParser, editing: bool = False) -> None:
    p.add_argument("--council", help="the council's name or ONS code (in a council's own vault: its own, unless given)")
    p.add_argument("--kind", help=", ".join(k.value for k in AlertKind))
    p.add_argument("--title", help="a short, non-identifying title")
    p.add_argument("--summary", help="a non-identifying summary")
    p.add_argument("--media", help=", ".join(m.value for m in MediaInterest))
    p.add_argument("--status", help=", ".join(s.value for s in AlertStatus))
    p.add_argument("--owner", help="who looks after this alert")
    p.add_argument("--handling", help=", ".join(h.value for h in Handling))
    p.add_argument("--share", metavar="ORGS", help="who may receive it, e.g. lga,adcs,group-office ('' = nobody)")
    flag = argparse.BooleanOptionalAction
    p.add_argument("--embargoed", action=flag, default=None, help="the timetable is under embargo")
    p.add_argument("--reporting-restriction", action=flag, default=None, help="a reporting restriction applies")


def _confirm_and_json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--confirm", action="store_true",
                   help="save even though the text looks like it could identify a child")
    p.add_argument("--json", action="store_true", help="print the saved alert as JSON")


def _enum(enum: Any, text: str | None, what: str) -> Any:
    if text is None:
        return None
    try:
        return parse_enum(enum, text, what)
    except ValueError as exc:
        raise ValidationError([Problem(what, str(exc))]) from None


def _field_changes(ctx: Context, session: Session) -> dict[str, Any]:
    a = ctx.args
    changes: dict[str, Any] = {}
    if a.council is not None:
        changes["council"] = session.alerts.resolve_council(a.council).ons_code
    for name, enum, what in (("kind", AlertKind, "kind"), ("media", MediaInterest, "media interest"),
                             ("status", AlertStatus, "status"), ("handling", Handling, "handling")):
        value = _enum(enum, getattr(a, name), what)
        if value is not None:
            changes["media_interest" if name == "media" else name] = value
    for name in ("title", "summary", "owner"):
        if getattr(a, name) is not None:
            changes[name] = getattr(a, name)
    if a.share is not None:
        changes["sharing"] = parse_sharing(a.share)
    for name in ("embargoed", "reporting_restriction"):
        if getattr(a, name) is not None:
            changes[name] = getattr(a, name)
    return changes


# -- add ---------------------------------------------------------------------------------------

def add(ctx: Context) -> int:
    """Add alerts from options or JSON."""
    a = ctx.args
    session = ctx.open_session()
    try:
        if a.from_json:
            if any(getattr(a, f) is not None for f in ("council", "kind", "title", "summary")) or a.milestone:
                raise UsageError("Give either --from-json or the alert's options, not both.")
            alerts = alerts_from_json(read_json(ctx, a.from_json), session.alerts.councils)
        else:
            # A council's own vault adds alerts about its council unless told otherwise.
            home = session.alerts.home_council
            needed = ("kind", "title") if home else ("council", "kind", "title")
            missing = [f"--{f}" for f in needed if getattr(a, f) is None]
            if missing:
                raise UsageError(f"To add an alert give {', '.join(missing)} (or --from-json FILE).")
            fields = {"council": home, **_field_changes(ctx, session)}
            alerts = [Alert(
                **fields,
                milestones=tuple(parse_milestone(s) for s in a.milestone),
                offers=tuple(parse_offer(s) for s in a.offer),
            )]
        stored = session.alerts.add_many(alerts, confirm_identifying=a.confirm)
        if a.json:
            today = session.alerts.today()
            docs = [alert_to_json(s, session.alerts.councils, today) for s in stored]
            ctx.out(json.dumps(docs if a.from_json else docs[0], indent=2, ensure_ascii=False))
        else:
            for s in stored:
                ctx.out(f"Added {s.reference}.")
        return 0
    finally:
        session.lock()


def read_json(ctx: Context, name: str, what: str = "an alert") -> Any:
    """The JSON in the file `name` ('-': standard input), read with a limit; an object naming a key twice, or
    anything else not plainly JSON, is a UsageError that says so (`what` names what it should hold)."""
    try:
        if name == "-":
            text = ctx.stdin.read(_MAX_JSON_FILE + 1)
        else:
            text = read_limited(Path(name), _MAX_JSON_FILE).decode("utf-8")
    except UnreadableFile as exc:
        raise UsageError(f"The file {name} {exc.reason}.") from None
    except (OSError, UnicodeDecodeError):
        raise UsageError(f"The file {name} cannot be read as UTF-8 text.") from None
    if len(text) > _MAX_JSON_FILE:
        raise UsageError("The JSON input is larger than 64 MB; split it into smaller files.")
    try:
        return json.loads(text, object_pairs_hook=_no_repeated_keys)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}).") from None
    except _RepeatedKey:
        raise UsageError(f"{name} names the same field twice in one object; which one is meant is unclear.") \
            from None
    except RecursionError:
        raise UsageError(f"{name} is nested too deeply to be {what}.") from None
    except ValueError:  # an integer longer than Python reads (4,300 digits)
        raise UsageError(f"{name} holds a number too long to be part of {what}.") from None


class _RepeatedKey(ValueError):
    """A JSON object names one key twice: parsers disagree on which value wins, so none is guessed."""


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _RepeatedKey()
    return result


# -- list, show --------------------------------------------------------------------------------

def list_alerts(ctx: Context) -> int:
    """Print the log for the given filters."""
    a = ctx.args
    if a.csv and a.json:
        raise UsageError("Give --csv or --json, not both.")
    if a.out is not None and not a.csv:
        raise UsageError("--out writes the CSV to a file: give it with --csv.")
    session = ctx.open_session()
    try:
        service = session.alerts
        councils = {service.resolve_council(c).ons_code for c in a.council}
        if a.region:
            in_region = {c.ons_code for c in service.councils if c.region == a.region}
            councils = councils & in_region if councils else in_region
            if not councils:
                councils = {"-"}  # a council outside the region: nothing can match
        if a.upcoming is not None and a.upcoming < 0:
            raise UsageError("--upcoming takes a number of days, 0 or more.")
        query = AlertQuery(
            councils=frozenset(councils),
            kinds=frozenset(_enum(AlertKind, k, "kind") for k in a.kind),
            statuses=frozenset(_enum(AlertStatus, s, "status") for s in a.status),
            media=frozenset(_enum(MediaInterest, m, "media interest") for m in a.media),
            upcoming_days=a.upcoming,
            text=a.search,
            sort=SortKey(a.sort),
            descending=a.reverse,
        )
        today = service.today()
        if a.json:
            docs = [alert_to_json(x, service.councils, today) for x in service.find(query)]
            ctx.out(json.dumps(docs, indent=2, ensure_ascii=False))
            return 0
        rows = service.rows(query)
        if a.csv:
            return _list_csv(ctx, rows, service.councils, today,
                             saved=lambda n: session.record_plain_file(PlainFile.TABLE, n))
        if not rows:
            ctx.note("No alerts match." if service.total() else "The vault has no alerts yet; add one with `add`.")
            return 0
        ctx.out(alert_table(rows, service.councils, today))
        ctx.note(f"{len(rows)} of {service.total()} alerts.")
        return 0
    finally:
        session.lock()


# The columns `list` prints, in its order, with the log's header words; in full, not clipped to a terminal.
_CSV_HEADERS = {"reference": "Reference", "next": "Next milestone", "date": "Date", "days": "Days to go",
                "urgency": "Urgency", "council": "Council", "kind": "Kind", "title": "Title"}


def _list_csv(ctx: Context, rows: list[AlertRow], councils: CouncilDirectory, today: date, *,
              saved: Callable[[int], None]) -> int:
    """The table `list` prints, as CSV, on stdout (safe for a terminal) or in the file --out names (then told to
    `saved`, to be audited)."""
    def cell(r: AlertRow, column: str) -> str:
        days = r.days_to_next(today)
        match column:
            case "reference":
                return r.reference
            case "next":
                return r.next_kind.label if r.next_kind else ""
            case "date":
                return day(r.next_date)
            case "days":
                return "" if days is None else str(days)
            case "urgency":
                if days is None or r.next_confidence is None:
                    return ""
                return level_for(days, r.next_confidence, r.media_interest).label
            case "council":
                council = councils.by_code(r.council)
                return council.name if council else r.council
            case "kind":
                return r.kind.label
        return r.title

    columns, header = list(_CSV_HEADERS), _CSV_HEADERS.__getitem__
    if ctx.args.out is None:
        ctx.out(table_csv(columns, header, rows, cell, line_end="\n").removesuffix("\n"))
    else:
        out = Path(ctx.args.out)
        save_file(out, csv_file_bytes(table_csv(columns, header, rows, cell)))
        saved(len(rows))
        ctx.out(f"Wrote {out}: {len(rows)} alert{'s' if len(rows) != 1 else ''}.")
    ctx.note(NOT_ENCRYPTED)
    return 0


def show(ctx: Context) -> int:
    """Print one alert in full, with where it came from if another office sent it."""
    session = ctx.open_session()
    try:
        alert = session.alerts.get(ctx.args.reference)
        today = session.alerts.today()
        receipt = session.imports.receipt(alert.id)
        if ctx.args.json:
            doc = alert_to_json(alert, session.alerts.councils, today)
            doc["received"] = receipt_to_json(receipt)
            ctx.out(json.dumps(doc, indent=2, ensure_ascii=False))
        else:
            ctx.out(alert_details(alert, session.alerts.councils, today, receipt))
        return 0
    finally:
        session.lock()


# -- edit, delete ------------------------------------------------------------------------------

def edit(ctx: Context) -> int:
    """Apply the requested changes to one alert and save it (date moves are kept as history)."""
    a = ctx.args
    if a.reason is not None and not a.move:
        raise UsageError("--reason says why dates moved: give it with --move N=YYYY-MM-DD.")
    session = ctx.open_session()
    try:
        alert = session.alerts.get(a.reference)
        updated = _edited(ctx, session, alert)
        if updated == alert:
            raise UsageError("Nothing to change: give at least one option such as --title or --move.")
        saved = session.alerts.save(updated, confirm_identifying=a.confirm)
        if a.json:
            ctx.out(json.dumps(alert_to_json(saved, session.alerts.councils, session.alerts.today()), indent=2,
                               ensure_ascii=False))
            return 0
        ctx.out(f"Saved {saved.reference} (revision {saved.revision}).")
        before = {m.id: len(m.history) for m in alert.milestones}
        for m in saved.milestones:
            for h in m.history[before.get(m.id, 0):]:
                ctx.out(f"  {terminal_safe(h.describe(m.kind))}.")
        return 0
    finally:
        session.lock()


def _edited(ctx: Context, session: Session, alert: Alert) -> Alert:
    a = ctx.args
    alert = replace(alert, **_field_changes(ctx, session))
    milestones = list(alert.milestones)
    now = ctx.clock.now()
    for spec in a.move:
        i, value = parse_numbered(spec, "milestone", len(milestones))
        when, conf = parse_date_and_confidence(value, "milestone date")
        milestones[i] = milestones[i].moved(when, conf or milestones[i].confidence, now, a.reason or "")
    for spec in a.milestone_note:
        i, value = parse_numbered(spec, "milestone", len(milestones))
        milestones[i] = replace(milestones[i], note=value)
    for n in sorted(set(a.remove_milestone), reverse=True):
        parse_numbered(f"{n}=", "milestone", len(milestones))
        del milestones[n - 1]
    milestones += [parse_milestone(s) for s in a.milestone]

    offers = list(alert.offers)
    for spec in a.offer_status:
        i, value = parse_numbered(spec, "offer", len(offers))
        status = _enum(OfferStatus, value, "offer status")
        today = ctx.clock.today()
        # Past "proposed" it has been offered; accepted or declined, it has been decided: date what was not.
        offered = offers[i].offered_on or (today if status is not OfferStatus.PROPOSED else None)
        decided = offers[i].decided_on or (today if status in (OfferStatus.ACCEPTED, OfferStatus.DECLINED) else None)
        offers[i] = replace(offers[i], status=status, offered_on=offered, decided_on=decided)
    for spec in a.offer_follow_up:
        i, value = parse_numbered(spec, "offer", len(offers))
        offers[i] = replace(offers[i], follow_up_on=parse_date(value, "follow-up date"))
    for spec in a.offer_note:
        i, value = parse_numbered(spec, "offer", len(offers))
        offers[i] = replace(offers[i], note=value)
    for n in sorted(set(a.remove_offer), reverse=True):
        parse_numbered(f"{n}=", "offer", len(offers))
        del offers[n - 1]
    offers += [parse_offer(s) for s in a.offer]
    return replace(alert, milestones=tuple(milestones), offers=tuple(offers))


def delete(ctx: Context) -> int:
    """Delete an alert after confirmation."""
    session = ctx.open_session()
    try:
        alert = session.alerts.get(ctx.args.reference)
        if not ctx.args.yes:
            if not ctx.stdin.isatty():
                raise UsageError("Deleting needs confirmation: run it in a terminal, or add --yes.")
            ctx.ask(f"Delete {alert.reference}? It cannot be undone. [y/N] ")
            if ctx.stdin.readline().strip().lower() not in ("y", "yes"):
                ctx.note("Nothing was deleted.")
                return 1
        session.alerts.delete(alert.reference)
        ctx.out(f"Deleted {alert.reference} (a tombstone is kept so other offices learn of it).")
        return 0
    finally:
        session.lock()

