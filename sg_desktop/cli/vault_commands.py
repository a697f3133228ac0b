"""`init`, `passphrase change`, `recover`, `check`, `audit`: the vault itself."""

from __future__ import annotations

import argparse
import json
from typing import Any

from sg_desktop.app.audit_view import EVENT_KINDS, AuditQuery, event_kind
from sg_desktop.cli.context import Context, UsageError
from sg_desktop.cli.format import terminal_safe
from sg_desktop.cli.specs import parse_date
from sg_desktop.domain.enums import OrgType, parse_enum
from sg_desktop.domain.errors import Problem, ValidationError, VaultExists
from sg_desktop.domain.office import OfficeProfile

__all__ = ["audit", "change_passphrase", "check", "init", "recover", "register"]


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add the vault commands to the subcommand parser."""
    p = sub.add_parser("init", parents=[common], help="create a new vault",
                       description="Create a new, encrypted vault and print its recovery key once.")
    p.add_argument("--office", default=None, help="this office's name, e.g. 'Wokingham Borough Council'")
    p.add_argument("--org", default="other", help=", ".join(o.value for o in OrgType))
    p.add_argument("--council", help="for a council office: which council (name or ONS code)")
    p.add_argument("--prefix", default="", help="how alert references begin, e.g. LGA (default: initials)")
    p.add_argument("--json", action="store_true", help="print the vault path and recovery key as JSON")
    p.set_defaults(handler=init)

    p = sub.add_parser("passphrase", parents=[common], help="change the vault's passphrase")
    p_sub = p.add_subparsers(dest="passphrase_action", required=True, metavar="change")
    c = p_sub.add_parser("change", parents=[common], help="change the passphrase (the recovery key still works)")
    c.add_argument("--new-passphrase-file", metavar="FILE", help="read the new passphrase from FILE")
    c.set_defaults(handler=change_passphrase)

    p = sub.add_parser("recover", parents=[common], help="set a new passphrase using the recovery key")
    p.add_argument("--recovery-key-file", metavar="FILE", help="read the recovery key from FILE")
    p.add_argument("--new-passphrase-file", metavar="FILE", help="read the new passphrase from FILE")
    p.set_defaults(handler=recover)

    p = sub.add_parser("check", parents=[common], help="verify the vault's integrity and its audit chain")
    p.set_defaults(handler=check)

    p = sub.add_parser("audit", parents=[common], help="show the audit log, or verify its chain",
                       description="Print the newest audit entries; `audit verify` checks the whole hash chain and "
                       "names the first entry that was changed, removed or inserted outside SG Desktop.")
    p.add_argument("action", nargs="?", choices=["verify"], help="verify: check the whole chain")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="the newest N entries (default 50)")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only entries on or after this day")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="only entries on or before this day")
    p.add_argument("--kind", metavar="KIND", help="only this kind of event: " + ", ".join(k.key for k in EVENT_KINDS))
    p.add_argument("--office", metavar="NAME", help="only entries about this office (as named here)")
    p.add_argument("--alert", metavar="REF", help="only entries about alerts whose reference holds REF")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=audit)


def init(ctx: Context) -> int:
    """Create the vault and print the recovery key once."""
    a = ctx.args
    service = ctx.vault_service()
    existing = service.existing_files()
    if existing:
        raise VaultExists(f"{existing[0]} already exists; a new vault is never made over another's files.")
    try:
        org = parse_enum(OrgType, a.org, "organisation type")
    except ValueError as exc:
        raise ValidationError([Problem("org", str(exc))]) from None
    council, council_name = "", ""
    if a.council:
        from sg_desktop.app.reference import english_councils
        from sg_desktop.domain.councils import CouncilDirectory

        directory = CouncilDirectory(english_councils())
        found = directory.find(a.council)
        if found is None:
            near = ", ".join(c.name for c in directory.suggest(a.council))
            raise ValidationError([Problem("council", f"There is no English council called {a.council!r}."
                                           + (f" Did you mean {near}?" if near else ""))])
        council, council_name = found.ons_code, found.name
    office = OfficeProfile(
        name=a.office or (f"{council_name} Council" if council else "This office"),
        org_type=org,
        council=council,
        reference_prefix=a.prefix.upper() or ("" if a.office or council else "SG"),
    )
    passphrase = ctx.new_passphrase(getattr(a, "passphrase_file", None), "SG_PASSPHRASE")
    ctx.note("Creating the vault (tuning the key derivation to this computer takes a moment)…")
    session, recovery = service.create(passphrase, office)
    session.lock()
    if a.json:
        ctx.out(json.dumps({"vault": str(service.path), "recovery_key": recovery.formatted}))
        return 0
    ctx.out(f"Created the vault at {service.path}.")
    ctx.out("")
    ctx.out("Recovery key — shown this once. Write it down or print it, and keep it somewhere safe,")
    ctx.out("away from this computer. It opens the vault if the passphrase is ever forgotten:")
    ctx.out("")
    ctx.out(f"    {recovery.formatted}")
    ctx.out("")
    ctx.out("To use it: sg-desktop recover")
    return 0


def change_passphrase(ctx: Context) -> int:
    """Rewrap the data key under a new passphrase."""
    locked = ctx.vault_service().locked()  # a missing vault is reported before a passphrase is asked for
    current = ctx.passphrase("Current passphrase: ")
    new = ctx.new_passphrase(ctx.args.new_passphrase_file, "SG_NEW_PASSPHRASE")
    locked.change_passphrase(current, new)
    ctx.out("The passphrase was changed. The old one no longer opens the vault; the recovery key still does.")
    return 0


def recover(ctx: Context) -> int:
    """Set a new passphrase with the recovery key."""
    locked = ctx.vault_service().locked()  # a missing vault is reported before the key is asked for
    key = ctx.recovery_key()
    new = ctx.new_passphrase(ctx.args.new_passphrase_file, "SG_NEW_PASSPHRASE")
    locked.recover(key, new).lock()
    ctx.out("A new passphrase is set. The recovery key still works; keep it safe.")
    return 0


def check(ctx: Context) -> int:
    """Verify every page of the vault and the audit chain."""
    session = ctx.open_session()
    try:
        entries = session.check_integrity()
        total = session.alerts.total()
    finally:
        session.lock()
    ctx.out(f"The vault is intact: every page verified, {total} alerts, audit log of {entries} entries unbroken.")
    return 0


_MOST_ENTRIES = 10_000_000


def audit(ctx: Context) -> int:
    """Print the newest audit entries (those the filters let through), oldest of them first."""
    a = ctx.args
    if not 1 <= a.limit <= _MOST_ENTRIES:
        raise UsageError(f"--limit takes a number of entries, from 1 to {_MOST_ENTRIES:,}.")
    if a.action == "verify":
        return _verify_audit(ctx)
    query = _audit_query(a)
    session = ctx.open_session()
    try:
        if a.office and a.office.strip().casefold() not in {n.casefold() for n in session.audit.office_names()}:
            raise UsageError(f"No office called {terminal_safe(a.office.strip())!r} is known here (see "
                             "`sg-desktop offices list`).")
        if a.json:
            entries = list(reversed(session.audit.entries(query, a.limit)))
            ctx.out(json.dumps([
                {"seq": e.seq, "at": e.at.isoformat(), "action": e.action, "record": e.record_id,
                 "detail": e.detail, "hash": e.hash}
                for e in entries
            ], indent=2))
            return 0
        lines = list(reversed(session.audit.lines(query, limit=a.limit)))
    finally:
        session.lock()
    for line in lines:
        about = " ".join(p for p in (line.reference, line.office) if p)
        text = " · ".join(p for p in (about, line.details) if p)
        ctx.out(terminal_safe(f"{line.seq:>6}  {line.at.astimezone():%Y-%m-%d %H:%M:%S}  {line.what:<26} {text}"
                              ).rstrip())
    return 0


def _audit_query(a: argparse.Namespace) -> AuditQuery:
    since = parse_date(a.since, "--since day") if a.since else None
    until = parse_date(a.until, "--until day") if a.until else None
    if since is not None and until is not None and until < since:
        raise UsageError("--until is before --since: nothing could match.")
    if a.kind and event_kind(a.kind) is None:
        raise UsageError(f"--kind takes one of: {', '.join(k.key for k in EVENT_KINDS)}.")
    return AuditQuery(since, until, a.kind or "", a.office or "", a.alert or "")


def _verify_audit(ctx: Context) -> int:
    """Check every link of the audit chain; VaultDamaged names the first broken entry."""
    session = ctx.open_session()
    try:
        count = session.vault_audit_count()
        newest = session.audit_entries(1)
    finally:
        session.lock()
    when = f", the newest recorded {newest[-1].at:%d %b %Y %H:%M}" if newest else ""
    ctx.out(f"The audit log is intact: {count} entries, each linked to the one before{when}.")
    return 0
