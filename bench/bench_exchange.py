"""Protocol files at scale: export, verify + parse, and the import preview of 10,000 alerts.

`uv run python -m bench.bench_exchange [--quick]`: 10,000 alerts (1,000 with --quick), each with 3
milestones and 1 offer. Targets from the protocol-file issue: export <= 2 s. Verify + parse <= 2 s and
the preview against copies already held <= 1 s are this package's share of the issue's "verify + preview
+ apply <= 4 s". Raw pyrage on the same bytes is measured in the same run for reference.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import pyrage

from bench.common import best_of, line
from bench.fixtures import make_alerts
from sg_desktop.app.reference import english_councils
from sg_desktop.crypto.identity import generate_office_keys
from sg_desktop.domain.enums import OrgType
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
