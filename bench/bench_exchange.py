"""Protocol files at scale: export, verify + parse, and the import preview of 10,000 alerts.

`uv run python -m bench.bench_exchange [--quick]`: 10,000 alerts (1,000 with --quick), each with 3
milestones and 1 offer. Targets from the protocol-file issue: export <= 2 s. Verify + parse <= 2 s and
the preview against copies already held <= 1 s are this package's share of the issue's "verify + preview
+ apply <= 4 s". Raw pyrage on the same bytes is measured in the same run for reference.

Then the same through real vaults and the app services (`vault_*` figures, targets from the house issue):
export from a council's vault to the LGA (<= 1 s), decrypt + verify + preview + apply into the LGA's empty
vault (<= 2 s), and into the vault that already holds them (<= 1 s). The format's own share (the
`exchange_*` figures above) and adding the same alerts locally are measured in the same run for
reference: an export cannot be faster than writing the format, nor an import of new alerts faster than
verifying it and adding them.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pyrage

from bench.common import best_of, line
from bench.fixtures import make_alerts
from sg_desktop.app.clock import FixedClock
from sg_desktop.app.export import AlertChoice
from sg_desktop.app.reference import english_councils
from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto import Argon2idKdf, Kdf
from sg_desktop.crypto.identity import generate_office_keys
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.model import Alert
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.exchange import OfficeCard, Record, build, open_file, plan_import
from sg_desktop.exchange.agefile import decrypt_with_identity

__all__ = ["main"]

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def main(argv: list[str] | None = None) -> int:
    """Print the figures."""
    args = sys.argv[1:] if argv is None else argv
    n = 1_000 if "--quick" in args else 10_000
    scale = n / 10_000
    alerts = make_alerts(n, english_councils(), NOW.date())
    records = [Record(a) for a in alerts]
    council, lga = generate_office_keys(), generate_office_keys()
    council_card = OfficeCard.issue(council, "Bench council", OrgType.COUNCIL)
    lga_card = OfficeCard.issue(lga, "Bench LGA", OrgType.LGA)

    def export() -> bytes:
        return build(records, council, council_card.name, council_card.org_type, [lga_card], 1, NOW)

    data = export()
    print(line(f"exchange_export_{n}", best_of(3, export), "s", 2.0 * scale))

    def verify() -> object:
        return open_file(data, lga, {council_card.fingerprint: council_card}.get, NOW)

    print(line(f"exchange_verify_parse_{n}", best_of(3, verify), "s", 2.0 * scale))

    opened = open_file(data, lga, {council_card.fingerprint: council_card}.get, NOW)

    def preview() -> object:
        # Fresh local records each time, so their versions are computed as they would be after a vault read.
        held = {a.id: Record(a) for a in alerts}
        return plan_import(opened.records, held.get)

    print(line(f"exchange_preview_unchanged_{n}", best_of(3, preview), "s", 1.0 * scale))

    inside = decrypt_with_identity(data, lga.age_identity)
    recipients = [pyrage.x25519.Recipient.from_str(r) for r in (lga.age_recipient, council.age_recipient)]
    raw = best_of(3, lambda: pyrage.encrypt(inside, recipients))
    print(f"# reference: raw pyrage encryption of the same {len(inside) / 2**20:.1f} MiB takes {raw:.3f} s")
    _vaults(alerts, n, scale)
    return 0


def _cheap_kdf() -> Kdf:
    # Unlocking is not what is measured here; the vault's key derivation only has to work.
    return Argon2idKdf(memory_kib=1024, iterations=1, lanes=1, allow_weak=True)


def _vaults(alerts: list[Alert], n: int, scale: float) -> None:
    clock = FixedClock(NOW)
    councils = english_councils()
    passphrase = "bench passphrase, not secret"
    with tempfile.TemporaryDirectory() as tmp:
        def create(name: str, profile: OfficeProfile) -> Session:
            service = VaultService(Path(tmp) / name / "v.sgvault", clock=clock, councils=councils,
                                   new_slot_kdf=_cheap_kdf)
            return service.create(passphrase, profile)[0]

        council = create("council", OfficeProfile("Bench council", OrgType.COUNCIL, council=councils[0].ons_code))
        lga = create("lga", OfficeProfile("Bench LGA", OrgType.LGA))
        council.offices.add(lga.offices.card(), trust=True)
        lga.offices.add(council.offices.card(), trust=True)
        start = time.perf_counter()
        council.alerts.add_many(alerts, confirm_identifying=True)
        insert_seconds = time.perf_counter() - start
        print(f"# reference: adding the {n} alerts to a vault takes {insert_seconds:.3f} s")
        # Exporting happens in a later session, as an officer would: adding 10,000 alerts leaves a large
        # write-ahead log whose checkpoint would otherwise be charged to the export's commit.
        council.lock()
        council = VaultService(Path(tmp) / "council" / "v.sgvault", clock=clock, councils=councils,
                               new_slot_kdf=_cheap_kdf).unlock(passphrase)

        files = [Path(tmp) / f"{i}.sgp" for i in range(4)]
        first = _timed(lambda: council.exports.export(["Bench LGA"], AlertChoice(), files[0]))
        print(line(f"vault_export_{n}", first, "s", 1.0 * scale))
        again = min(_timed(lambda p=p: council.exports.export(["Bench LGA"], AlertChoice(), p)) for p in files[1:])
        print(f"# best of three later exports of the same {n} alerts: {again:.3f} s")

        def receive(path: Path) -> None:
            imports = lga.imports
            imports.apply(imports.preview(imports.open(imports.read(path))))

        print(line(f"vault_import_new_{n}", _timed(lambda: receive(files[0])), "s", 2.0 * scale))
        unchanged = min(_timed(lambda p=p: receive(p)) for p in files[1:])
        print(line(f"vault_import_unchanged_{n}", unchanged, "s", 1.0 * scale))
        council.lock()
        lga.lock()


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


if __name__ == "__main__":
    raise SystemExit(main())
