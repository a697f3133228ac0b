"""The process the crash harness kills: it unlocks a vault and writes to it, one operation after another.

Run as `python -m tests.crash.writer VAULT MODE SEED [--count N] [--files DIR]`, MODE one of add, edit,
delete, import, passphrase. It prints `ready` once the vault is open, then `begin N` before and
`done N SECONDS` after each operation (flushed, so a line that was printed is a line the harness reads even
after a SIGKILL): an operation with its `done` line has reported success. What operation N writes is
decided by SEED and N alone (`planned_alert`, `edited_alert`, `passphrase_at`), so the harness can tell
after the kill what each operation should have written, whole. Qt is never imported here.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto import Argon2idKdf, Kdf
from sg_desktop.domain.enums import (
    AlertKind,
    DateConfidence,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OrgType,
)
from sg_desktop.domain.model import Alert, Milestone, SupportOffer

MODES = ("add", "edit", "delete", "import", "passphrase")
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
COUNCIL_CODE = "E06000041"
FIRST_PASSPHRASE = "correct horse battery staple"
EVERYONE = frozenset(OrgType)
_ENDLESS = 400  # operations for the modes that can go on for ever (add, passphrase): more than a kill waits


def cheap_kdf() -> Kdf:
    """Argon2id with test-only parameters, as tests/conftest.py's `cheap_kdf`: fast, still the real code."""
    return Argon2idKdf(memory_kib=1024, iterations=1, lanes=1, allow_weak=True)


def service(vault: Path) -> VaultService:
    """The vault service both the writer and the harness use: the fixed clock and the cheap KDF."""
    return VaultService(vault, clock=FixedClock(NOW), councils=english_councils(), new_slot_kdf=cheap_kdf)


def passphrase_at(n: int) -> str:
    """The passphrase in effect after `n` passphrase changes (the vault's first one when `n` is 0)."""
    return FIRST_PASSPHRASE if n == 0 else f"{FIRST_PASSPHRASE} number {n}"


def _ids(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _milestone(rng: random.Random, start: date) -> Milestone:
    # Kinds with no order between them, so moving dates at random never breaks a rule.
    kind = rng.choice([MilestoneKind.PUBLICATION, MilestoneKind.INQUEST, MilestoneKind.OTHER])
    return Milestone(kind, start + timedelta(days=rng.randrange(1, 400)), rng.choice(list(DateConfidence)),
                     note=f"Note {rng.randrange(1000)}", id=_ids(rng))


def _offer(rng: random.Random) -> SupportOffer:
    return SupportOffer(rng.choice([OfferingOrganisation.LGA, OfferingOrganisation.ADCS]),
                        rng.choice(list(OfferKind)), rng.choice(list(OfferedTo)), note="Offered by phone",
                        id=_ids(rng))


def planned_alert(label: str, seed: int, n: int, milestones: int | None = None) -> Alert:
    """Alert number `n` of the series `label` for `seed`: its ids, milestones and offers fixed by the three."""
    rng = random.Random(f"{label}-{seed}-{n}")
    count = milestones if milestones is not None else rng.randrange(1, 6)
    return Alert(
        council=COUNCIL_CODE, kind=rng.choice([AlertKind.CSPR, AlertKind.TRIAL, AlertKind.INQUEST]),
        title=f"Review into agency practice {label} {n}", summary=f"Summary {label} {n}", sharing=EVERYONE,
        milestones=tuple(_milestone(rng, NOW.date()) for _ in range(count)),
        offers=tuple(_offer(rng) for _ in range(rng.randrange(0, 3))), id=_ids(rng),
    )


def edited_alert(old: Alert, seed: int, n: int) -> Alert:
    """What edit number `n` makes of `old`: a new title, every milestone moved, one milestone and one offer more."""
    rng = random.Random(f"edit-{seed}-{n}")
    moved = tuple(replace(m, date=m.date + timedelta(days=rng.randrange(1, 60))) for m in old.milestones)
    return replace(old, title=f"Edited review {n}", summary=f"Edited summary {n}",
                   milestones=(*moved, _milestone(rng, NOW.date())), offers=(*old.offers, _offer(rng)))


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _run(count: int, operation: Callable[[int], object]) -> None:
    _say("ready")
    for n in range(1, count + 1):
        _say(f"begin {n}")
        started = time.perf_counter()
        operation(n)
        _say(f"done {n} {time.perf_counter() - started:.6f}")
    _say("finished")


def main(argv: list[str] | None = None) -> None:
    """Open the vault and write to it in MODE until `--count` operations are done (or the process is killed)."""
    parser = argparse.ArgumentParser(prog="python -m tests.crash.writer")
    parser.add_argument("vault", type=Path)
    parser.add_argument("mode", choices=MODES)
    parser.add_argument("seed", type=int)
    parser.add_argument("--count", type=int, default=None)
    parser.add_argument("--files", type=Path, default=None, help="the protocol files to import, in order")
    args = parser.parse_args(argv)
    vaults = service(args.vault)
    if args.mode == "passphrase":
        _run(args.count or _ENDLESS,
             lambda n: vaults.change_passphrase(passphrase_at(n - 1), passphrase_at(n)))
        return
    session = vaults.unlock(FIRST_PASSPHRASE)
    try:
        _run_in_session(session, args)
    finally:
        session.lock()


def _run_in_session(session: Session, args: argparse.Namespace) -> None:
    seed, mode = args.seed, args.mode
    if mode == "add":
        _run(args.count or _ENDLESS,
             lambda n: session.alerts.add(planned_alert("add", seed, n), confirm_identifying=True))
    elif mode in ("edit", "delete"):
        targets = sorted(session.alerts.all(), key=lambda a: a.reference)
        if mode == "edit":
            _run(args.count or len(targets), lambda n: session.alerts.save(
                edited_alert(targets[n - 1], seed, n), confirm_identifying=True))
        else:
            _run(args.count or len(targets), lambda n: session.alerts.delete(targets[n - 1].reference))
    else:
        files = sorted(args.files.glob("*.sgp"), key=lambda p: int(p.stem))
        imports = session.imports

        def receive(n: int) -> None:
            imports.apply(imports.preview(imports.open(imports.read(files[n - 1]))))

        _run(args.count or len(files), receive)


if __name__ == "__main__":
    main()
