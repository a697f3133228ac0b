"""`identity` and `offices`: this office's card, and the offices it exchanges protocol files with.

An office added from its card stays untrusted until its fingerprint digits were compared by phone
(`offices trust NAME`); `--trust` is for scripts, and prints the fingerprint it trusted. A council's
office is recorded with its council (`--council C`, else the council its name names), as it always may
receive the alerts about that council. `offices remove NAME` asks first, as `delete` does.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from sg_desktop.app.files import NoSuchFile, UnreadableFile, read_limited, save_file
from sg_desktop.app.offices import OfficeCard
from sg_desktop.app.session import Session
from sg_desktop.cli.context import Context, UsageError
from sg_desktop.cli.format import day
from sg_desktop.domain.councils import Council
from sg_desktop.domain.enums import OrgType, parse_enum
from sg_desktop.domain.errors import Problem, ValidationError
from sg_desktop.domain.office import Office

__all__ = [
    "identity",
    "offices_add",
    "offices_add_age",
    "offices_list",
    "offices_remove",
    "offices_replace_key",
    "offices_set_council",
    "offices_trust",
    "parse_org",
    "register",
]

_MAX_CARD_FILE = 64 * 1024


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add `identity` and `offices` to the subcommand parser."""
    p = sub.add_parser("identity", parents=[common], help="this office's card and fingerprint",
                       description="Show this office's card (to give to other offices) and its fingerprint.")
    p.add_argument("--out", metavar="CARD_FILE", help="also write the card to CARD_FILE")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=identity)

    p = sub.add_parser("offices", parents=[common], help="the offices you exchange files with")
    o_sub = p.add_subparsers(dest="offices_action", required=True,
                             metavar="add|add-age|list|trust|set-council|replace-key|remove")
    a = o_sub.add_parser("add", parents=[common], help="add an office from its card (untrusted until confirmed)")
    a.add_argument("card", metavar="CARD_FILE|CARD_STRING")
    a.add_argument("--trust", action="store_true",
                   help="for scripts: trust the card's fingerprint now (it is printed); otherwise use `offices trust`")
    _council_option(a)
    a.set_defaults(handler=offices_add)
    a = o_sub.add_parser("add-age", parents=[common], help="add an office without SG Desktop by its age recipient")
    a.add_argument("name")
    a.add_argument("--org", required=True, help=", ".join(o.value for o in OrgType))
    a.add_argument("recipient", metavar="AGE_RECIPIENT", help="age1… (from age-keygen)")
    _council_option(a)
    a.set_defaults(handler=offices_add_age)
    a = o_sub.add_parser("list", parents=[common], help="list the offices")
    a.add_argument("--json", action="store_true", help="print JSON")
    a.set_defaults(handler=offices_list)
    a = o_sub.add_parser("trust", parents=[common], help="trust an office after comparing its fingerprint by phone")
    a.add_argument("name")
    a.add_argument("--fingerprint", metavar="DIGITS", help="the digits the office read out; they must match")
    a.add_argument("--yes", action="store_true", help="you compared the digits already; do not ask")
    _council_option(a)
    a.set_defaults(handler=offices_trust)
    a = o_sub.add_parser("set-council", parents=[common], help="record which council a council's office belongs to")
    a.add_argument("name")
    a.add_argument("council", metavar="COUNCIL", help="the council's name or ONS code")
    a.set_defaults(handler=offices_set_council)
    a = o_sub.add_parser("replace-key", parents=[common], help="pin new keys for an office (audited)")
    a.add_argument("name")
    a.add_argument("key", metavar="CARD_FILE|CARD_STRING|AGE_RECIPIENT")
    a.add_argument("--trust", action="store_true", help="for scripts: trust the new fingerprint now (it is printed)")
    a.set_defaults(handler=offices_replace_key)
    a = o_sub.add_parser("remove", parents=[common], help="remove an office (alerts received from it stay)")
    a.add_argument("name")
    a.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    a.set_defaults(handler=offices_remove)


def _council_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--council", metavar="C",
                   help="for a council's office: its council's name or ONS code (else the council its name names)")


def identity(ctx: Context) -> int:
    """Print this office's card and fingerprint; with --out, write the card file too."""
    session = ctx.open_session()
    try:
        card = session.offices.card()
    finally:
        session.lock()
    if ctx.args.out:
        _write_file(Path(ctx.args.out), card.to_bytes())
    if ctx.args.json:
        ctx.out(json.dumps({"name": card.name, "org_type": card.org_type.value, "fingerprint": card.fingerprint.hex(),
                            "fingerprint_digits": card.fingerprint_digits, "card": card.to_string()}, indent=2))
        return 0
    ctx.out(f"Office:       {card.name} ({card.org_type.label})")
    ctx.out(f"Fingerprint:  {card.fingerprint_digits}")
    ctx.out(f"Card:         {card.to_string()}")
    if ctx.args.out:
        ctx.out(f"The card was written to {ctx.args.out}.")
    return 0


def offices_add(ctx: Context) -> int:
    """Add an office from its card file or string."""
    session = ctx.open_session()
    try:
        card = session.offices.read_card(_card_input(ctx.args.card))
        office = session.offices.add(card, trust=ctx.args.trust, council=ctx.args.council)
        council = _council_words(session, office)
    finally:
        session.lock()
    if council:
        ctx.out(council)
    if office.is_trusted:
        ctx.out(f"Added {office.name} ({office.org_type.label}) and trusted its fingerprint:")
        ctx.out(f"  {office.fingerprint_digits}")
    else:
        ctx.out(f"Added {office.name} ({office.org_type.label}), not trusted yet. Its fingerprint:")
        ctx.out(f"  {office.fingerprint_digits}")
        ctx.out(f"Call the office, compare these digits, then run: sg-desktop offices trust {_quoted(office.name)}")
    return 0


def offices_add_age(ctx: Context) -> int:
    """Add an office without SG Desktop by its age recipient."""
    org = parse_org(ctx.args.org)
    session = ctx.open_session()
    try:
        office = session.offices.add_age(ctx.args.name, org, ctx.args.recipient, council=ctx.args.council)
        council = _council_words(session, office)
    finally:
        session.lock()
    ctx.out(f"Added {office.name} ({office.org_type.label}) by its age recipient: it can receive files "
            "(and open them with `age -d`), but cannot send any.")
    if council:
        ctx.out(council)
    return 0


def offices_list(ctx: Context) -> int:
    """Print the offices."""
    session = ctx.open_session()
    try:
        offices = session.offices.all()
        councils = {o.id: session.offices.council_of(o) for o in offices}
    finally:
        session.lock()
    if ctx.args.json:
        ctx.out(json.dumps([_office_json(o, councils[o.id]) for o in offices], indent=2, ensure_ascii=False))
        return 0
    if not offices:
        ctx.note("No offices yet; add one with `offices add CARD` or `offices add-age`.")
        return 0
    rows = [("NAME", "ORGANISATION", "COUNCIL", "KIND", "TRUSTED", "FINGERPRINT")]
    for o in offices:
        trusted = f"{day(o.trusted_at.date())}" if o.trusted_at else "no"
        rows.append((o.name, o.org_type.label, _council_cell(o, councils[o.id]),
                     "SG Desktop" if o.can_send else "age only", trusted, o.fingerprint_digits))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        ctx.out("  ".join(cell.ljust(w) for cell, w in zip(r[:5], widths, strict=True)) + "  " + r[5])
    return 0


def offices_trust(ctx: Context) -> int:
    """Trust an office once its fingerprint was compared by phone."""
    a = ctx.args
    session = ctx.open_session()
    try:
        office = session.offices.get(a.name)
        if office.is_trusted:
            if a.council:
                ctx.out(_council_words(session, session.offices.set_council(office.name, a.council)))
            ctx.out(f"{office.name} is already trusted.")
            return 0
        if a.fingerprint is None and not a.yes:
            if not ctx.stdin.isatty():
                raise UsageError("Trusting an office needs a person to compare its fingerprint: run this in a "
                                 "terminal, or give --fingerprint DIGITS as the office read them out.")
            ctx.ask(f"Fingerprint of {office.name}:\n  {office.fingerprint_digits}\n"
                             "Do these digits match what the office read to you? [y/N] ")
            if ctx.stdin.readline().strip().lower() not in ("y", "yes"):
                ctx.note(f"{office.name} was not trusted.")
                return 1
        trusted = session.offices.trust(a.name, digits=a.fingerprint, council=a.council)
        council = _council_words(session, trusted)
    finally:
        session.lock()
    if council:
        ctx.out(council)
    ctx.out(f"{trusted.name} is trusted: files can be sent to it" + (" and accepted from it." if trusted.can_send
                                                                      else "."))
    return 0


def offices_replace_key(ctx: Context) -> int:
    """Pin new keys for an office."""
    a = ctx.args
    session = ctx.open_session()
    try:
        key: OfficeCard | str
        key = a.key.strip() if a.key.strip().startswith("age1") else session.offices.read_card(_card_input(a.key))
        office = session.offices.replace_key(a.name, key, trust=a.trust)
    finally:
        session.lock()
    state = "trusted" if office.is_trusted else "not trusted yet; compare it by phone and run `offices trust`"
    ctx.out(f"New keys pinned for {office.name} ({state}). Its fingerprint:")
    ctx.out(f"  {office.fingerprint_digits}")
    return 0


def offices_set_council(ctx: Context) -> int:
    """Record which council a council's office belongs to."""
    session = ctx.open_session()
    try:
        office = session.offices.set_council(ctx.args.name, ctx.args.council)
        ctx.out(_council_words(session, office))
    finally:
        session.lock()
    return 0


def offices_remove(ctx: Context) -> int:
    """Remove an office after confirmation."""
    session = ctx.open_session()
    try:
        office = session.offices.get(ctx.args.name)
        if not ctx.args.yes:
            if not ctx.stdin.isatty():
                raise UsageError("Removing an office needs confirmation: run it in a terminal, or add --yes.")
            ctx.ask(f"Remove {office.name}? Alerts already received from it stay in this vault; it will "
                             "no longer be able to send files here nor receive them. [y/N] ")
            if ctx.stdin.readline().strip().lower() not in ("y", "yes"):
                ctx.note("Nothing was removed.")
                return 1
        session.offices.remove(office.name)
    finally:
        session.lock()
    ctx.out(f"Removed {office.name}. Alerts already received from it stay in this vault; files from it are "
            "refused until it is added and trusted again.")
    return 0


def _council_words(session: Session, office: Office) -> str:
    """For a council's office, one line saying which council it is the office of (or that it is not known)."""
    if office.org_type is not OrgType.COUNCIL:
        return ""
    council = session.offices.council_of(office)
    if council is None:
        return (f"Which council {office.name} belongs to is not recorded, so it receives only alerts shared with "
                f"councils; record it with: sg-desktop offices set-council {_quoted(office.name)} COUNCIL")
    return f"{office.name} is the office of {council.name}: it always receives the alerts about {council.name}."


def _council_cell(office: Office, council: Council | None) -> str:
    if office.org_type is not OrgType.COUNCIL:
        return "-"
    return council.name if council is not None else "not recorded"


def _office_json(o: Office, council: Council | None) -> dict[str, Any]:
    return {
        "name": o.name, "org_type": o.org_type.value, "kind": "sg-desktop" if o.can_send else "age-only",
        "council": o.own_council or None, "council_name": council.name if council is not None else None,
        "fingerprint": o.fingerprint.hex(), "fingerprint_digits": o.fingerprint_digits,
        "age_recipient": o.age_recipient, "added_at": o.added_at.isoformat(), "trusted": o.is_trusted,
        "trusted_at": o.trusted_at.isoformat() if o.trusted_at else None,
        "trust_method": o.trust_method.value if o.trust_method else None,
    }



def parse_org(text: str) -> OrgType:
    """An organisation type from its value, name or label; ValidationError listing the choices."""
    try:
        return parse_enum(OrgType, text, "organisation type")
    except ValueError as exc:
        raise ValidationError([Problem("org", str(exc))]) from None


def _quoted(name: str) -> str:
    return f"'{name}'" if any(ch.isspace() for ch in name) else name


def _card_input(arg: str) -> str | bytes:
    text = arg.strip()
    if text.startswith(("sgcard1:", "{", "age1")):
        return text
    path = Path(arg)
    try:
        return read_limited(path, _MAX_CARD_FILE)
    except NoSuchFile:
        raise UsageError(f"{arg} is neither an office card string (sgcard1:…) nor a card file that exists.") \
            from None
    except UnreadableFile as exc:
        raise UsageError(f"The card file {arg} {exc.reason}.") from None


def _write_file(path: Path, data: bytes) -> None:
    save_file(path, data)  # CannotWrite (a folder missing, a vault's file there) is the officer's to fix: exit 1
