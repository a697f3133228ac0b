"""Regenerate the protocol test vectors of format version 2 in tests/data/protocol-v2/
(run: uv run python tests/data/make_vectors_v2.py).

Version 2 gives every date change a `reason`. The files use the TEST-ONLY keys and cards of
protocol-v1/ (the keys and the card format did not change) and the helpers of `make_vectors.py`. The
tests never run this script: they read the committed files, forever. SG Desktop now writes version 3 bodies, so
this script refuses to run (it would put version 3 files in the version 2 folder); `make_vectors_v3.py` makes
the version 3 vectors, with this script's alerts.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyrage
from make_vectors import (  # the script beside this one
    AGE_ONLY,
    OFFICES,
    PASSPHRASE,
    age_only_identity,
    describe,
    office_keys,
    sample_records,
)

from sg_desktop.domain.enums import DateConfidence, OrgType
from sg_desktop.exchange import PROTOCOL_VERSION, AgeOnlyRecipient, OfficeCard, Record, build, build_for_passphrase
from sg_desktop.exchange.agefile import decrypt_with_identity

HERE = Path(__file__).resolve().parent / "protocol-v2"
V1 = "../protocol-v1"
CREATED = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
VERIFY_AT = "2026-12-05T12:00:00.000000Z"
REASON = "Adjourned: a witness is unavailable – relisted by the court"


def sample_records_v2() -> list[Record]:
    """The version 1 samples, the publication's move now with a reason and the trial start moved without one."""
    live, tomb = sample_records()
    publication, trial = live.alert.milestones
    [change] = publication.history
    publication = replace(publication, history=(replace(change, reason=REASON),))
    trial = trial.moved(date(2026, 2, 9), DateConfidence.PROVISIONAL, datetime(2026, 1, 11, 8, 0, tzinfo=UTC))
    alert = replace(live.alert, milestones=(publication, trial), revision=4, updated_at=CREATED - timedelta(days=1))
    return [Record(alert, live.ancestors), tomb]


def main() -> int:
    """Write every version 2 vector and `vectors.json`."""
    if PROTOCOL_VERSION != 2:
        print("this SG Desktop does not write version 2 bodies; protocol-v2/ is kept as it is", file=sys.stderr)
        return 1
    HERE.mkdir(exist_ok=True)
    keys = {name: office_keys(name) for name in OFFICES}
    cards = {name: OfficeCard.issue(keys[name], *OFFICES[name]) for name in OFFICES}
    group_identity = age_only_identity()
    group = AgeOnlyRecipient(*AGE_ONLY, str(pyrage.x25519.Identity.from_str(group_identity).to_public()))
    records = sample_records_v2()
    council = keys["council"]
    name, org = OFFICES["council"]

    to_offices = build(records, council, name, org, [cards["lga"], group], 9, CREATED, timedelta(days=30),
                       "6a4d1b2f0c8e5d3f9b7a1c2e4d6f8b01")
    (HERE / "council-to-lga.sgp").write_bytes(to_offices)
    by_passphrase = build_for_passphrase(records[:1], council, name, org, PASSPHRASE, OrgType.ADCS, 10, CREATED,
                                         timedelta(days=30), "fedcba9876543210fedcba9876543210", work_factor=10)
    (HERE / "council-passphrase.sgp").write_bytes(by_passphrase)

    vectors = {
        "WARNING": "TEST ONLY: every key here is published; the alerts are fictional.",
        "format_version": PROTOCOL_VERSION,
        "verify_at": VERIFY_AT,
        "offices": {n: {"name": OFFICES[n][0], "org_type": OFFICES[n][1].value, "keys": f"{V1}/keys/{n}.json",
                        "card": f"{V1}/{n}.card", "fingerprint_hex": cards[n].fingerprint.hex()} for n in OFFICES},
        "age_only_office": {"name": group.name, "org_type": group.org_type.value,
                            "age_identity_file": f"{V1}/keys/group-office.agekey",
                            "age_recipient": group.age_recipient, "fingerprint_hex": group.fingerprint.hex()},
        "reasons": {"publication": REASON, "trial-start": ""},
        "vectors": [
            describe("council-to-lga", to_offices, decrypt_with_identity(to_offices, keys["lga"].age_identity),
                     records, HERE, sender="council", recipients=["lga", "group-office", "council"], sequence=9,
                     file_id="6a4d1b2f0c8e5d3f9b7a1c2e4d6f8b01", created_at="2026-12-01T09:30:00.000000Z",
                     expires_at="2026-12-31T09:30:00.000000Z", passphrase=None),
            describe("council-passphrase", by_passphrase, pyrage.passphrase.decrypt(by_passphrase, PASSPHRASE),
                     records[:1], HERE, sender="council", recipients=[], sequence=10,
                     file_id="fedcba9876543210fedcba9876543210", created_at="2026-12-01T09:30:00.000000Z",
                     expires_at="2026-12-31T09:30:00.000000Z", passphrase=PASSPHRASE, scrypt_work_factor=10),
        ],
    }
    (HERE / "vectors.json").write_text(json.dumps(vectors, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote the vectors in {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
