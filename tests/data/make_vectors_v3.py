"""Regenerate the protocol test vectors of format version 3 in tests/data/protocol-v3/
(run: uv run python tests/data/make_vectors_v3.py).

Version 3 adds the lessons learned, a record type of their own in the body member `lessons`. The files use the
TEST-ONLY keys and cards of protocol-v1/ and the alerts of protocol-v2/ (`make_vectors_v2.sample_records_v2`).
The tests never run this script: they read the committed files, forever. age encryption is randomised, so running
it again gives different `.sgp` bytes with the same meaning; `vectors.json` is rewritten to match.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyrage
from make_vectors import (  # the scripts beside this one
    AGE_ONLY,
    OFFICES,
    PASSPHRASE,
    age_only_identity,
    describe,
    office_keys,
)
from make_vectors_v2 import sample_records_v2

from sg_desktop.domain.enums import AlertKind, Coverage, MediaInterest, OfferingOrganisation, OfferKind, OrgType
from sg_desktop.domain.lessons import Lesson, OfferReview
from sg_desktop.exchange import (
    PROTOCOL_VERSION,
    AgeOnlyRecipient,
    LessonRecord,
    OfficeCard,
    build,
    build_for_passphrase,
)
from sg_desktop.exchange.agefile import decrypt_with_identity

HERE = Path(__file__).resolve().parent / "protocol-v3"
V1 = "../protocol-v1"
CREATED = datetime(2027, 2, 1, 9, 30, tzinfo=UTC)
VERIFY_AT = "2027-02-05T12:00:00.000000Z"


def sample_lessons() -> list[LessonRecord]:
    """Two lessons on the version 2 alert: one that uses every field (shared widely, two offers reviewed, texts of
    several lines and scripts), and a second office's plain one, without texts or ratings."""
    recorded = datetime(2027, 1, 20, 16, 5, 6, 123456, tzinfo=UTC)
    full = Lesson(
        alert_id="c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b", reference="TCC-2026-0007", council="E10000014",
        kind=AlertKind.CSPR, expected=MediaInterest.NATIONAL, coverage=Coverage.REGIONAL,
        offers=(
            OfferReview("7a9c1e3f-5b7d-4f9a-8c2e-4f6a8c0e2b4d", OfferingOrganisation.LGA, OfferKind.PEER_MENTOR,
                        accepted=True, usefulness=5, comment="The mentor rang the evening before – “invaluable”"),
            OfferReview("5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c", OfferingOrganisation.ADCS, OfferKind.DIRECTOR_SUPPORT,
                        accepted=False, usefulness=None, comment=""),
        ),
        helped="Agreeing the lines to take with the police a week early.\nOne voice on the day. Café, naïve, 🙂",
        did_not_help="Three officers answering the press\tat once.",
        do_differently="Ask for a peer mentor as soon as the date is set.",
        may_share=True, sharing=frozenset({OrgType.ADCS, OrgType.COUNCIL, OrgType.GROUP_OFFICE, OrgType.LGA}),
        id="d4c3b2a1-0f9e-4d8c-b7a6-958473625140", origin_office="council", recorded_by="Testshire County Council "
        "(TEST)", created_at=recorded - timedelta(days=2), updated_at=recorded, revision=2,
    )
    plain = Lesson(
        alert_id="c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b", reference="TCC-2026-0007", council="E10000014",
        kind=AlertKind.CSPR, expected=MediaInterest.NATIONAL, coverage=Coverage.NONE,
        offers=(OfferReview("7a9c1e3f-5b7d-4f9a-8c2e-4f6a8c0e2b4d", OfferingOrganisation.LGA, OfferKind.PEER_MENTOR,
                            accepted=True),),
        sharing=frozenset({OrgType.GROUP_OFFICE, OrgType.LGA}), id="a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d",
        origin_office="lga", recorded_by="Local Government Association (TEST)", created_at=recorded,
        updated_at=recorded, revision=1,
    )
    return [LessonRecord(full, ("4f4e4d4c4b4a49484746454443424140",)), LessonRecord(plain)]


def summary(lessons: list[LessonRecord]) -> list[dict[str, object]]:
    """What a reader must find of each lesson."""
    return [{"id": r.lesson.id, "alert_id": r.lesson.alert_id, "revision": r.lesson.revision,
             "may_share": r.lesson.may_share, "version": r.version, "ancestors": list(r.ancestors)} for r in lessons]


def main() -> int:
    """Write every version 3 vector and `vectors.json`."""
    if PROTOCOL_VERSION != 3:
        print("this SG Desktop does not write version 3 bodies; protocol-v3/ is kept as it is", file=sys.stderr)
        return 1
    HERE.mkdir(exist_ok=True)
    keys = {name: office_keys(name) for name in OFFICES}
    cards = {name: OfficeCard.issue(keys[name], *OFFICES[name]) for name in OFFICES}
    group_identity = age_only_identity()
    group = AgeOnlyRecipient(*AGE_ONLY, str(pyrage.x25519.Identity.from_str(group_identity).to_public()))
    records, lessons = sample_records_v2(), sample_lessons()
    council = keys["council"]
    name, org = OFFICES["council"]

    to_offices = build(records, council, name, org, [cards["lga"], group], 11, CREATED, timedelta(days=30),
                       "3c5e7a9b1d2f4e6a8c0b2d4f6e8a0c1b", lessons=lessons)
    (HERE / "council-to-lga.sgp").write_bytes(to_offices)
    by_passphrase = build_for_passphrase(records[:1], council, name, org, PASSPHRASE, OrgType.ADCS, 12, CREATED,
                                         timedelta(days=30), "0123abcd4567ef890123abcd4567ef89", work_factor=10,
                                         lessons=lessons[:1])
    (HERE / "council-passphrase.sgp").write_bytes(by_passphrase)

    vectors = {
        "WARNING": "TEST ONLY: every key here is published; the alerts and lessons are fictional.",
        "format_version": PROTOCOL_VERSION,
        "verify_at": VERIFY_AT,
        "offices": {n: {"name": OFFICES[n][0], "org_type": OFFICES[n][1].value, "keys": f"{V1}/keys/{n}.json",
                        "card": f"{V1}/{n}.card", "fingerprint_hex": cards[n].fingerprint.hex()} for n in OFFICES},
        "age_only_office": {"name": group.name, "org_type": group.org_type.value,
                            "age_identity_file": f"{V1}/keys/group-office.agekey",
                            "age_recipient": group.age_recipient, "fingerprint_hex": group.fingerprint.hex()},
        "vectors": [
            {**describe("council-to-lga", to_offices, decrypt_with_identity(to_offices, keys["lga"].age_identity),
                        records, HERE, sender="council", recipients=["lga", "group-office", "council"], sequence=11,
                        file_id="3c5e7a9b1d2f4e6a8c0b2d4f6e8a0c1b", created_at="2027-02-01T09:30:00.000000Z",
                        expires_at="2027-03-03T09:30:00.000000Z", passphrase=None),
             "lessons": summary(lessons)},
            {**describe("council-passphrase", by_passphrase, pyrage.passphrase.decrypt(by_passphrase, PASSPHRASE),
                        records[:1], HERE, sender="council", recipients=[], sequence=12,
                        file_id="0123abcd4567ef890123abcd4567ef89", created_at="2027-02-01T09:30:00.000000Z",
                        expires_at="2027-03-03T09:30:00.000000Z", passphrase=PASSPHRASE, scrypt_work_factor=10),
             "lessons": summary(lessons[:1])},
        ],
    }
    (HERE / "vectors.json").write_text(json.dumps(vectors, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote the vectors in {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
