"""`--council`, `--region` and `--kind` for the commands that look ahead (`report`, `calendar`): the options,
and the query and the words ("council Leeds", "kind Inquest") they give."""

from __future__ import annotations

import argparse
from typing import Any

from sg_desktop.app.briefing import narrowed, regions
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import AlertKind, parse_enum
from sg_desktop.domain.errors import Problem, ValidationError
from sg_desktop.domain.query import AlertQuery

__all__ = ["add_filter_arguments", "check_kind", "filtered_query", "find_region"]


def add_filter_arguments(p: argparse.ArgumentParser | Any) -> None:
    """Add the three filters to the command parser `p`."""
    p.add_argument("--council", metavar="C", help="only this council (its name or ONS code)")
    p.add_argument("--region", metavar="R", help="only councils in this English region")
    p.add_argument("--kind", metavar="K", help="only alerts of this kind")


def check_kind(args: argparse.Namespace) -> AlertKind | None:
    """The kind given, checked before the vault is opened (so a typing slip costs no passphrase)."""
    text = args.kind
    if text is None:
        return None
    try:
        return parse_enum(AlertKind, text, "kind")
    except ValueError as exc:
        raise ValidationError([Problem("kind", str(exc))]) from None


def filtered_query(args: argparse.Namespace, session: Session) -> tuple[AlertQuery, list[str]]:
    """The alerts the filters given keep, and the filters in words (empty when none was given)."""
    councils = session.forward.councils
    words = []
    council = None
    if args.council:
        found = session.alerts.resolve_council(args.council)
        council = found.ons_code
        words.append(f"council {found.name}")
    region = None
    if args.region:
        region = find_region(args.region, regions(councils))
        words.append(f"region {region}")
    kind = check_kind(args)
    if kind is not None:
        words.append(f"kind {kind.label}")
    return narrowed(AlertQuery(), councils, council=council, region=region, kind=kind), words


def find_region(text: str, known: list[str]) -> str:
    """The region of `known` named `text` (any case); ValidationError naming them all otherwise."""
    for region in known:
        if region.casefold() == text.strip().casefold():
            return region
    raise ValidationError([Problem("region", f"Unknown region {text!r}; use one of: {', '.join(known)}.")])
