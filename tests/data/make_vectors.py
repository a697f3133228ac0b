"""How the protocol test vectors of format version 1 in tests/data/protocol-v1/ were made.

The tests never run this script: they read the committed files, forever, so a change to the format
that breaks old files shows up as a failing test. SG Desktop now writes version 2 bodies, so this script
refuses to run (it would put version 2 files in the version 1 folder); `make_vectors_v2.py` makes the
version 2 vectors with the same keys and helpers.

The keys in protocol-v1/keys/ are TEST-ONLY keys, published on purpose. They are created once if
missing and reused afterwards. Never use them, or anything encrypted to them, for real data.
"""

from __future__ import annotations

import base64
import hashlib
import json
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pyrage

from sg_desktop.crypto.identity import OfficeKeys, generate_office_keys
from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    DateConfidence,
    Handling,
    MediaInterest,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
    OrgType,
)
from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.exchange import (
    PROTOCOL_VERSION,
    AgeOnlyRecipient,
    OfficeCard,
    Record,
    build,
    build_for_passphrase,
)
from sg_desktop.exchange.agefile import decrypt_with_identity
from sg_desktop.exchange.envelope import unseal

HERE = Path(__file__).resolve().parent / "protocol-v1"
KEYS = HERE / "keys"
WARNING = "TEST ONLY: this key is published in the SG Desktop test suite. Never use it for real data."
CREATED = datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
VERIFY_AT = datetime(2026, 1, 20, 12, 0, tzinfo=UTC)
PASSPHRASE = "test-only passphrase: correct horse battery staple"
OFFICES = {
    "council": ("Testshire County Council (TEST)", OrgType.COUNCIL),
    "lga": ("Local Government Association (TEST)", OrgType.LGA),
    "adcs": ("ADCS (TEST)", OrgType.ADCS),
}
AGE_ONLY = ("Example Group Office (TEST, no SG Desktop)", OrgType.GROUP_OFFICE)


def office_keys(name: str) -> OfficeKeys:
    """The fixed test keys of an office, created on first run."""
    path = KEYS / f"{name}.json"
    if path.exists():
        data = json.loads(path.read_text())
        return OfficeKeys(bytes.fromhex(data["signing_seed_hex"]), data["age_identity"])
    keys = generate_office_keys()
    title, org = OFFICES[name]
    path.write_text(json.dumps({
        "WARNING": WARNING, "office": title, "org_type": org.value,
        "signing_seed_hex": keys.signing_private.hex(), "age_identity": keys.age_identity,
        "signing_public_hex": keys.signing_public.hex(), "age_recipient": keys.age_recipient,
        "fingerprint_hex": keys.fingerprint.hex(),
    }, indent=2) + "\n")
    return keys


def age_identity_file(name: str, identity: str) -> None:
    """An identity file in age-keygen's format, for `age -d -i`."""
    recipient = str(pyrage.x25519.Identity.from_str(identity).to_public())
    (KEYS / f"{name}.agekey").write_text(f"# {WARNING}\n# public key: {recipient}\n{identity}\n")


def age_only_identity() -> str:
    """The age-only office's X25519 identity, created on first run."""
    path = KEYS / "group-office.agekey"
    if path.exists():
        return next(line for line in path.read_text().splitlines() if line.startswith("AGE-SECRET-KEY-"))
    identity = str(pyrage.x25519.Identity.generate())
    age_identity_file("group-office", identity)
    return identity


def sample_records() -> list[Record]:
    """Two alerts that use every field: a live one with history and offers, and a tombstone."""
    moved_at = datetime(2026, 1, 10, 14, 5, 6, 789012, tzinfo=UTC)
    publication = Milestone(
        MilestoneKind.PUBLICATION, date(2026, 3, 3), DateConfidence.PROVISIONAL, time(10, 0),
        "Board meeting first – “embargoed” until 10:00", id="0b0e7b8e-3c1a-4f7e-9d2b-6a1c5e4f3a21",
    ).moved(date(2026, 3, 17), DateConfidence.CONFIRMED, moved_at)
    trial = Milestone(
        MilestoneKind.TRIAL_START, date(2026, 2, 2), DateConfidence.ESTIMATED, None, "",
        id="4d6f8a0c-2e4b-4c6d-8e0f-1a3b5c7d9e0f",
    )
    offer = SupportOffer(
        OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEAD_MEMBER, OfferStatus.OFFERED,
        date(2026, 1, 12), None, date(2026, 2, 1), "Experienced lead member\nfrom a neighbouring county",
        id="7a9c1e3f-5b7d-4f9a-8c2e-4f6a8c0e2b4d",
    )
    live = Alert(
        council="E10000014", kind=AlertKind.CSPR, title="Practice review – publication (test data)",
        summary="Fictional test alert. Café, naïve, 🙂 and a \"quoted\" word\tafter a tab.",
        media_interest=MediaInterest.NATIONAL, handling=Handling.OFFICIAL_SENSITIVE,
        sharing=frozenset({OrgType.LGA, OrgType.ADCS, OrgType.GROUP_OFFICE}), status=AlertStatus.ACTIVE,
        owner="A. Officer", embargoed=True, reporting_restriction=False, milestones=(publication, trial),
        offers=(offer,), reference="TCC-2026-0007", id="c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b",
        created_at=datetime(2026, 1, 5, 8, 0, tzinfo=UTC), updated_at=moved_at,
        origin_office="council", revision=3, deleted=False,
    )
    tomb = Alert(
        council="E10000014", kind=AlertKind.INQUEST, title="", summary="",
        sharing=frozenset({OrgType.LGA, OrgType.GROUP_OFFICE}), status=AlertStatus.CLOSED,
        reference="TCC-2026-0003", id="9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
        created_at=datetime(2025, 11, 2, 9, 15, tzinfo=UTC), updated_at=datetime(2026, 1, 14, 16, 45, tzinfo=UTC),
        origin_office="council", revision=5, deleted=True,
    )
    return [
        Record(live, ("1f1e1d1c1b1a19181716151413121110",)),
        Record(tomb, ("2f2e2d2c2b2a29282726252423222120", "3f3e3d3c3b3a39383736353433323130")),
    ]


def describe(name: str, data: bytes, plaintext: bytes, records: list[Record], folder: Path = HERE,
             **extra: object) -> dict[str, object]:
    """What a reader of the vector must find in it (its envelope and body are written beside it in `folder`)."""
    sealed = unseal(plaintext)
    (folder / f"{name}.envelope.json").write_bytes(plaintext)
    (folder / f"{name}.body.json").write_bytes(sealed.body)
    return {
        "file": f"{name}.sgp",
        "file_sha256": hashlib.sha256(data).hexdigest(),
        "envelope": f"{name}.envelope.json",
        "body": f"{name}.body.json",
        "body_sha256": hashlib.sha256(sealed.body).hexdigest(),
        "signature_b64": base64.b64encode(sealed.signature).decode("ascii"),
        "signer_fingerprint_hex": sealed.signer.hex(),
        "records": [
            {"id": r.alert.id, "reference": r.alert.reference, "deleted": r.alert.deleted,
             "revision": r.alert.revision, "version": r.version, "ancestors": list(r.ancestors)}
            for r in records
        ],
        **extra,
    }


def main() -> int:
    """Write every vector and `vectors.json` (only while SG Desktop wrote version 1 bodies)."""
    if PROTOCOL_VERSION != 1:
        print("protocol-v1/ holds files of format version 1, kept as they are; run make_vectors_v2.py",
              file=sys.stderr)
        return 1
    KEYS.mkdir(parents=True, exist_ok=True)
    keys = {name: office_keys(name) for name in OFFICES}
    for name, k in keys.items():
        age_identity_file(name, k.age_identity)
    cards = {name: OfficeCard.issue(keys[name], *OFFICES[name]) for name in OFFICES}
    for name, card in cards.items():
        (HERE / f"{name}.card").write_bytes(card.to_bytes())
        (HERE / f"{name}.card.txt").write_text(card.to_string() + "\n")
    group_identity = age_only_identity()
    group = AgeOnlyRecipient(*AGE_ONLY, str(pyrage.x25519.Identity.from_str(group_identity).to_public()))
    records = sample_records()
    council = keys["council"]
    name, org = OFFICES["council"]

    to_offices = build(records, council, name, org, [cards["lga"], group], 7, CREATED, timedelta(days=30),
                       "5f3c0a1e9b7d4c2e8a6f0b1d3c5e7a90")
    (HERE / "council-to-lga.sgp").write_bytes(to_offices)
    by_passphrase = build_for_passphrase(records[:1], council, name, org, PASSPHRASE, OrgType.ADCS, 8, CREATED,
                                         timedelta(days=30), "0123456789abcdef0123456789abcdef", work_factor=10)
    (HERE / "council-passphrase.sgp").write_bytes(by_passphrase)

    vectors = {
        "WARNING": "TEST ONLY: every key here is published; the alerts are fictional.",
        "verify_at": "2026-01-20T12:00:00.000000Z",
        "offices": {n: {"name": OFFICES[n][0], "org_type": OFFICES[n][1].value, "keys": f"keys/{n}.json",
                        "age_identity_file": f"keys/{n}.agekey", "card": f"{n}.card", "card_string": f"{n}.card.txt",
                        "fingerprint_hex": cards[n].fingerprint.hex(),
                        "fingerprint_digits": cards[n].fingerprint_digits} for n in OFFICES},
        "age_only_office": {"name": group.name, "org_type": group.org_type.value,
                            "age_identity_file": "keys/group-office.agekey", "age_recipient": group.age_recipient,
                            "fingerprint_hex": group.fingerprint.hex()},
        "vectors": [
            describe("council-to-lga", to_offices, decrypt_with_identity(to_offices, keys["lga"].age_identity),
                     records, sender="council", recipients=["lga", "group-office", "council"], sequence=7,
                     file_id="5f3c0a1e9b7d4c2e8a6f0b1d3c5e7a90", created_at="2026-01-15T09:30:00.000000Z",
                     expires_at="2026-02-14T09:30:00.000000Z", passphrase=None),
            describe("council-passphrase", by_passphrase, pyrage.passphrase.decrypt(by_passphrase, PASSPHRASE),
                     records[:1], sender="council", recipients=[], sequence=8,
                     file_id="0123456789abcdef0123456789abcdef", created_at="2026-01-15T09:30:00.000000Z",
                     expires_at="2026-02-14T09:30:00.000000Z", passphrase=PASSPHRASE, scrypt_work_factor=10),
        ],
    }
    (HERE / "vectors.json").write_text(json.dumps(vectors, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote the vectors in {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
