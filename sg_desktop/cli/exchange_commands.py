"""`export`, `verify`, `import`: protocol files between offices, from a terminal or a script.

A passphrase *file* (for an office without keys yet) has its own passphrase, never the vault's: `export
--passphrase-file F` reads it from F; `verify` and `import` read it from `--file-passphrase-file F`, else
`SG_FILE_PASSPHRASE`, else a prompt. Because `export --passphrase-file` names the file's passphrase, the
vault's passphrase for `export` comes from `SG_PASSPHRASE`, a prompt, or `sg-desktop --passphrase-file V
export …` (before the command).
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sg_desktop.app.export import DEFAULT_WORK_FACTOR, AlertChoice, ExportResult, PassphraseTarget
from sg_desktop.app.importing import ImportPreview, IncomingFile, MergeKind, Resolution
from sg_desktop.app.lesson_exchange import lesson_note
from sg_desktop.app.session import Session
from sg_desktop.cli.context import Context, UsageError, read_secret_file
from sg_desktop.cli.format import day, terminal_safe
from sg_desktop.cli.office_commands import parse_org
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import ExchangeError

__all__ = ["export", "import_file", "register", "verify"]

_SHOWN = 20  # references listed by `verify` before "and N more"
_CHOICES = {
    "mine": Resolution.KEEP_MINE, "keep-mine": Resolution.KEEP_MINE,
    "theirs": Resolution.TAKE_THEIRS, "take-theirs": Resolution.TAKE_THEIRS,
    "both": Resolution.KEEP_BOTH, "keep-both": Resolution.KEEP_BOTH,
}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `export`, `verify` and `import` to the subcommand parser."""
    # Not `common`: its --passphrase-file is the vault's, and here it names the protocol file's passphrase.
    p = sub.add_parser("export", help="write a protocol file of alerts for other offices",
                       description="Write a signed, encrypted protocol file. Without REF, every alert (and "
                       "deletion) goes; with --since-last only what changed since the last file to those offices. "
                       "Alerts whose sharing scope leaves out a recipient are left out, and listed. "
                       "--passphrase-file here is the file's passphrase; the vault's comes from SG_PASSPHRASE, a "
                       "prompt, or `sg-desktop --passphrase-file V export ...`.")
    p.add_argument("--vault", metavar="PATH", default=argparse.SUPPRESS, help="the vault file")
    p.add_argument("--to", metavar="OFFICE", nargs="+", action="extend", default=[],
                   help="trusted offices to send to (by name; repeatable)")
    p.add_argument("--passphrase-file", dest="file_passphrase_file", metavar="F",
                   help="instead of offices: protect the file with the passphrase in F, for one office")
    p.add_argument("--org", help="with --passphrase-file: the receiving office's organisation type")
    p.add_argument("--work-factor", type=int, default=DEFAULT_WORK_FACTOR, metavar="N",
                   help=f"with --passphrase-file: scrypt work factor, 10 to 20 (default {DEFAULT_WORK_FACTOR})")
    p.add_argument("--out", required=True, metavar="FILE", help="where to write the file (.sgp)")
    p.add_argument("--since-last", action="store_true", help="only alerts changed since last sent to these offices")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("references", nargs="*", metavar="REF", help="the alerts to send (default: all)")
    p.set_defaults(handler=export)

    p = sub.add_parser("verify", parents=[common], help="check a protocol file and say what it holds; changes nothing")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--file-passphrase-file", metavar="F", help="for a passphrase file: read its passphrase from F")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=verify)

    p = sub.add_parser("import", parents=[common], help="import a protocol file, after a preview",
                       description="Import a protocol file in one transaction. Alerts changed both here and by "
                       "the sender are conflicts: choose for each with --resolve, or nothing is imported. A file "
                       "already imported is refused and changes nothing.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="show what importing would do, change nothing")
    p.add_argument("--resolve", action="append", default=[], metavar="REF=mine|theirs|both",
                   help="settle a conflict: keep this office's version, take the sender's, or keep both")
    p.add_argument("--file-passphrase-file", metavar="F", help="for a passphrase file: read its passphrase from F")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=import_file)


# -- export --------------------------------------------------------------------------------------

def export(ctx: Context) -> int:
    """Write a protocol file."""
    a = ctx.args
    if a.to and a.file_passphrase_file:
        raise UsageError("Give either --to OFFICE... or --passphrase-file F, not both.")
    if not a.to and not a.file_passphrase_file:
        raise UsageError("Say who the file is for: --to OFFICE... (trusted offices) or --passphrase-file F --org ORG.")
    if a.since_last and a.references:
        raise UsageError("Give REFs or --since-last, not both.")
    to: list[str] | PassphraseTarget
    if a.file_passphrase_file:
        if not a.org:
            raise UsageError("A passphrase file needs --org: the receiving office's organisation type "
                             f"({', '.join(o.value for o in OrgType)}).")
        secret = read_secret_file(Path(a.file_passphrase_file), "file passphrase")
        to = PassphraseTarget(secret, parse_org(a.org), a.work_factor)
    else:
        to = list(a.to)
    session = ctx.open_session()
    try:
        result = session.exports.export(to, AlertChoice(tuple(a.references), since_last=a.since_last),
                                        Path(a.out))
    finally:
        session.lock()
    _print_export(ctx, result)
    return 0


def _print_export(ctx: Context, result: ExportResult) -> None:
    preview = result.preview
    if ctx.args.json:
        doc: dict[str, Any] = {
            "file": str(result.path), "file_id": result.file_id, "sequence": result.sequence, "bytes": result.size,
            "alerts": list(preview.references), "tombstones": preview.tombstones,
            "left_out": [{"reference": x.reference, "reason": x.reason} for x in preview.left_out],
            "lessons": len(preview.lessons),
            "lessons_left_out": [{"alert": x.reference, "recorded_by": x.recorded_by, "reason": x.reason}
                                 for x in preview.lessons_left_out],
        }
        if preview.by_passphrase:
            doc["passphrase"] = {"org_type": preview.recipient_orgs[0].value}
        else:
            doc["to"] = [o.name for o in preview.offices]
        ctx.out(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    deletions = f" ({_plural(preview.tombstones, 'deletion')})" if preview.tombstones else ""
    to = ("one office, by passphrase" if preview.by_passphrase else ", ".join(o.name for o in preview.offices))
    lessons = lesson_note(len(preview.lessons), len(preview.lessons_left_out))
    ctx.out(f"Wrote {result.path}: {_plural(len(preview.records), 'alert')}{deletions} for {to}; "
            f"file number {result.sequence} from this office.{lessons}")
    for x in preview.left_out:
        ctx.out(f"Left out {terminal_safe(x.reference)}: {terminal_safe(x.reason)}.")
    for y in preview.lessons_left_out:
        ctx.out(f"Left out the lesson on {terminal_safe(y.reference)} recorded by {terminal_safe(y.recorded_by)}: "
                f"{terminal_safe(y.reason)}.")


# -- verify and import ---------------------------------------------------------------------------

def verify(ctx: Context) -> int:
    """Check a file and print who sent it, when, to whom and what it holds."""
    session = ctx.open_session()
    try:
        incoming = _open(ctx, session)
    finally:
        session.lock()
    if ctx.args.json:
        ctx.out(json.dumps(_file_json(incoming, full=True), indent=2, ensure_ascii=False))
        return 0
    ctx.out(f"The file {ctx.args.file} is genuine and intact.")
    for line in _file_lines(incoming):
        ctx.out(line)
    refs = [terminal_safe(r.alert.reference) for r in incoming.records]
    shown = ", ".join(refs[:_SHOWN]) + (f" and {len(refs) - _SHOWN} more" if len(refs) > _SHOWN else "")
    ctx.out(f"  Holds:      {_alerts_phrase(incoming)}" + (f": {shown}" if refs else ""))
    ctx.out(f"  Import:     {incoming.refused or 'not imported yet'}")
    return 0


def import_file(ctx: Context) -> int:
    """Preview a file's import and, unless --dry-run, apply it."""
    a = ctx.args
    session = ctx.open_session()
    try:
        incoming = _open(ctx, session)
        preview = session.imports.preview(incoming)
        choices = _choices(preview, a.resolve)
        if not a.dry_run:
            unsettled = [p.incoming.alert.reference for p in preview.conflicts if p.incoming.alert.id not in choices]
            if unsettled:
                raise ExchangeError(
                    f"{len(unsettled)} alert(s) were changed both here and by {terminal_safe(incoming.sender_name)}: "
                    f"{', '.join(unsettled)}. Choose for each with --resolve REF=mine|theirs|both "
                    "(see it first with --dry-run); nothing was imported."
                )
            result = session.imports.apply(preview, choices)
            copies = result.copies
        else:
            copies = ()
    finally:
        session.lock()
    _print_import(ctx, incoming, preview, choices, copies)
    return 0


def _choices(preview: ImportPreview, specs: list[str]) -> dict[str, Resolution]:
    chosen: dict[str, Resolution] = {}
    for spec in specs:
        ref, sep, word = spec.partition("=")
        if not sep or word.strip().lower() not in _CHOICES:
            raise UsageError(f"Write a choice as REF=mine, REF=theirs or REF=both, not {spec!r}.")
        found = preview.find(ref)
        if found is None:
            raise UsageError(f"{ref.strip()} is not in this file.")
        if found.kind is not MergeKind.CONFLICT:
            raise UsageError(f"{ref.strip()} is not a conflict in this file ({found.kind.label.lower()}); "
                             "only conflicts take --resolve.")
        chosen[found.incoming.alert.id] = _CHOICES[word.strip().lower()]
    return chosen


def _print_import(ctx: Context, incoming: IncomingFile, preview: ImportPreview, choices: dict[str, Resolution],
                  copies: tuple[str, ...]) -> None:
    counts = preview.counts()
    if ctx.args.json:
        doc = {
            "file": _file_json(incoming, full=False),
            "dry_run": bool(ctx.args.dry_run),
            "imported": not ctx.args.dry_run,
            "counts": {k.value: v for k, v in counts.items()},
            "alerts": [
                {"id": p.incoming.alert.id, "reference": p.incoming.alert.reference, "result": p.kind.value,
                 **({"resolution": choices[p.incoming.alert.id].value} if p.incoming.alert.id in choices else {}),
                 **({"identifying": list(preview.identifying[p.incoming.alert.reference])}
                    if p.incoming.alert.reference in preview.identifying else {})}
                for p in preview.items
            ],
            "copies": list(copies),
            "lessons": {k.value: v for k, v in preview.lessons.counts().items()},
        }
        ctx.out(json.dumps(doc, indent=2, ensure_ascii=False))
        return
    sender = terminal_safe(incoming.sender_name)
    ctx.out(f"From {sender}, file number {incoming.sequence}, made {_moment(incoming.created_at)}.")
    for p in preview.items:
        if p.kind is MergeKind.UNCHANGED:
            continue
        line = f"  {p.kind.value:<14} {terminal_safe(p.incoming.alert.reference)}"
        if p.kind is MergeKind.CONFLICT:
            choice = choices.get(p.incoming.alert.id)
            line += f"  ({choice.value})" if choice else "  (choose with --resolve REF=mine|theirs|both)"
        ctx.out(line)
        for message in preview.identifying.get(p.incoming.alert.reference, ()):
            ctx.out(f"    may identify a child: {message}")
    if preview.identifying:
        ctx.out(f"Warning: {len(preview.identifying)} alert(s) from {sender} may identify a child "
                "(above). They are kept as sent; raise it with the sender.")
    summary = ", ".join(f"{n} {k.value}" for k, n in counts.items() if n)
    if ctx.args.dry_run:
        ctx.out(f"Dry run, nothing was imported. Importing would give: {summary or 'nothing'}.")
    else:
        ctx.out(f"Imported: {summary or 'nothing'}." + (" Nothing needed changing." if not preview.changes_anything
                                                          else ""))
        for reference in copies:
            ctx.out(f"  Their version was kept as a separate alert, {terminal_safe(reference)}.")
    if incoming.lessons:
        lessons = ", ".join(f"{n} {k.value}" for k, n in preview.lessons.counts().items() if n)
        ctx.out(f"Lessons learned: {lessons}.")


def _open(ctx: Context, session: Session) -> IncomingFile:
    imports = session.imports
    data = imports.read(Path(ctx.args.file))
    passphrase = _file_passphrase(ctx) if imports.needs_passphrase(data) else None
    return imports.open(data, passphrase)


def _file_lines(incoming: IncomingFile) -> list[str]:
    to = []
    for r in incoming.recipients:
        if r.is_this_office:
            to.append("this office")
        elif r.name:
            to.append(r.name)
        else:
            to.append(f"an office unknown here ({r.fingerprint_digits})")
    return [
        f"  From:       {terminal_safe(incoming.sender_name)} ({incoming.sender_org.label}), fingerprint "
        f"{incoming.sender_fingerprint_digits}",
        f"  Made:       {_moment(incoming.created_at)}; expires {_moment(incoming.expires_at)}",
        f"  Number:     {incoming.sequence} from this sender (file id {incoming.file_id})",
        "  To:         " + ("whoever holds its passphrase" if incoming.by_passphrase else "; ".join(to)),
    ]


def _alerts_phrase(incoming: IncomingFile) -> str:
    text = _plural(len(incoming.records), "alert")
    if incoming.tombstones:
        text += f" ({_plural(incoming.tombstones, 'deletion')})"
    if incoming.lessons:
        text += f" and {_plural(len(incoming.lessons), 'lesson')} learned"
    return text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _file_json(incoming: IncomingFile, *, full: bool) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "file_id": incoming.file_id,
        "sequence": incoming.sequence,
        "sender": {"name": incoming.sender_name, "org_type": incoming.sender_org.value,
                   "fingerprint": incoming.verified.sender_fingerprint.hex()},
        "created_at": incoming.created_at.isoformat(),
        "expires_at": incoming.expires_at.isoformat(),
        "by_passphrase": incoming.by_passphrase,
        "recipients": [{"fingerprint": r.fingerprint.hex(), "name": r.name, "this_office": r.is_this_office}
                       for r in incoming.recipients],
        "alerts": len(incoming.records),
        "tombstones": incoming.tombstones,
        "lessons": len(incoming.lessons),
        "refused": incoming.refused,
    }
    if full:
        doc["records"] = [{"id": r.alert.id, "reference": r.alert.reference, "council": r.alert.council,
                           "kind": r.alert.kind.value, "deleted": r.alert.deleted, "version": r.version}
                          for r in incoming.records]
    return doc


# -- small readers -------------------------------------------------------------------------------

def _moment(moment: datetime) -> str:
    return f"{day(moment.date())} {moment:%H:%M} UTC"


def _file_passphrase(ctx: Context) -> str:
    option = getattr(ctx.args, "file_passphrase_file", None)
    if option:
        return read_secret_file(Path(option), "file passphrase")
    if ctx.env.get("SG_FILE_PASSPHRASE"):
        return ctx.env["SG_FILE_PASSPHRASE"]
    if not ctx.stdin.isatty():
        raise UsageError("This file is protected by a passphrase: give it with --file-passphrase-file F or "
                         "SG_FILE_PASSPHRASE, or run this in a terminal to be asked for it.")
    return ctx.prompt("File passphrase: ")

