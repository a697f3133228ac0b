"""The committed protocol-v1 test vectors still open and verify, byte for byte, with the committed test keys.

These files were made once by tests/data/make_vectors.py and must stay readable by every later
version of SG Desktop: if one of these tests fails, the change broke files already in offices' hands.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyrage
import pytest

from sg_desktop.crypto.identity import OfficeKeys, verify
from sg_desktop.domain.errors import ExchangeError, NotForThisOffice
from sg_desktop.exchange import (
    OfficeCard,
    age_only_fingerprint,
    open_file,
    open_passphrase_file,
    parse_card,
    verify_decrypted,
)
from sg_desktop.exchange.canonical import canonical_json, loads_strict
from sg_desktop.exchange.envelope import SIGNATURE_DOMAIN, unseal
from sg_desktop.exchange.records import parse_instant

DATA = Path(__file__).resolve().parents[1] / "data" / "protocol-v1"
VECTORS: dict[str, Any] = json.loads((DATA / "vectors.json").read_text(encoding="utf-8"))
VERIFY_AT = parse_instant(VECTORS["verify_at"])
TO_OFFICES, BY_PASSPHRASE = VECTORS["vectors"]


def keys(office: str) -> OfficeKeys:
    """An office's committed TEST-ONLY keys."""
    data = json.loads((DATA / VECTORS["offices"][office]["keys"]).read_text())
    return OfficeKeys(bytes.fromhex(data["signing_seed_hex"]), data["age_identity"])


def card(office: str) -> OfficeCard:
    """An office's committed card, read from its file."""
    return parse_card((DATA / VECTORS["offices"][office]["card"]).read_bytes())


def trusted(fp: bytes) -> OfficeCard | None:
    """The receiving office trusts the council's committed card."""
    council = card("council")
    return council if fp == council.fingerprint else None


def check_records(found: Any, expected: list[dict[str, Any]]) -> None:
    assert [
        {"id": r.alert.id, "reference": r.alert.reference, "deleted": r.alert.deleted,
         "revision": r.alert.revision, "version": r.version, "ancestors": list(r.ancestors)}
        for r in found
    ] == expected


def test_the_committed_cards_parse_to_the_committed_fingerprints() -> None:
    for office, facts in VECTORS["offices"].items():
        from_file = card(office)
        from_string = parse_card((DATA / facts["card_string"]).read_text())
        assert from_file == from_string
        assert from_file.name == facts["name"] and from_file.org_type.value == facts["org_type"]
        assert from_file.fingerprint.hex() == facts["fingerprint_hex"] == keys(office).fingerprint.hex()
        assert from_file.fingerprint_digits == facts["fingerprint_digits"]


def test_the_age_only_office_fingerprint_is_stable() -> None:
    group = VECTORS["age_only_office"]
    assert age_only_fingerprint(group["age_recipient"]).hex() == group["fingerprint_hex"]


def test_the_lga_opens_the_committed_file_and_finds_what_it_held() -> None:
    data = (DATA / TO_OFFICES["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == TO_OFFICES["file_sha256"]
    opened = open_file(data, keys("lga"), trusted, VERIFY_AT)
    assert opened.file_id == TO_OFFICES["file_id"]
    assert opened.sequence == TO_OFFICES["sequence"]
    assert opened.created_at == parse_instant(TO_OFFICES["created_at"])
    assert opened.expires_at == parse_instant(TO_OFFICES["expires_at"])
    assert opened.sender == card("council")
    expected_recipients = {
        card("lga").fingerprint.hex(), card("council").fingerprint.hex(), VECTORS["age_only_office"]["fingerprint_hex"]
    }
    assert {fp.hex() for fp in opened.recipients} == expected_recipients
    check_records(opened.records, TO_OFFICES["records"])
    live = opened.records[0].alert
    assert live.summary.startswith("Fictional test alert. Café, naïve, 🙂")
    assert live.milestones[0].history[0].old_date.isoformat() == "2026-03-03"


def test_the_sender_reopens_its_committed_file_and_another_office_cannot() -> None:
    data = (DATA / TO_OFFICES["file"]).read_bytes()
    assert open_file(data, keys("council"), trusted, VERIFY_AT).file_id == TO_OFFICES["file_id"]
    with pytest.raises(NotForThisOffice):
        open_file(data, keys("adcs"), trusted, VERIFY_AT)


def test_the_committed_file_has_expired_after_its_thirty_days() -> None:
    data = (DATA / TO_OFFICES["file"]).read_bytes()
    with pytest.raises(ExchangeError, match="expired on 14 February 2026"):
        open_file(data, keys("lga"), trusted, parse_instant(TO_OFFICES["expires_at"]))


def test_the_committed_body_is_canonical_and_its_signature_is_ed25519_over_prefix_and_body() -> None:
    for vector in (TO_OFFICES, BY_PASSPHRASE):
        body = (DATA / vector["body"]).read_bytes()
        assert hashlib.sha256(body).hexdigest() == vector["body_sha256"]
        assert canonical_json(loads_strict(body)) == body
        sealed = unseal((DATA / vector["envelope"]).read_bytes())
        assert sealed.body == body
        assert sealed.signer.hex() == vector["signer_fingerprint_hex"] == card("council").fingerprint.hex()
        verify(card("council").signing_public, SIGNATURE_DOMAIN, body, sealed.signature)
        assert SIGNATURE_DOMAIN == b"sg-desktop/protocol/v1\x00"


def test_the_committed_envelope_is_what_the_file_decrypts_to() -> None:
    data = (DATA / TO_OFFICES["file"]).read_bytes()
    inside = pyrage.decrypt(data, [pyrage.x25519.Identity.from_str(keys("lga").age_identity)])
    assert inside == (DATA / TO_OFFICES["envelope"]).read_bytes()


def test_the_office_without_sg_desktop_decrypts_with_its_age_key_and_is_named_inside() -> None:
    identity_file = (DATA / VECTORS["age_only_office"]["age_identity_file"]).read_text()
    identity = next(line for line in identity_file.splitlines() if line.startswith("AGE-SECRET-KEY-1"))
    data = (DATA / TO_OFFICES["file"]).read_bytes()
    inside = pyrage.decrypt(data, [pyrage.x25519.Identity.from_str(identity)])
    opened = verify_decrypted(inside, age_only_fingerprint(VECTORS["age_only_office"]["age_recipient"]),
                              trusted, VERIFY_AT)
    check_records(opened.records, TO_OFFICES["records"])


def test_the_committed_passphrase_file_opens_with_its_passphrase() -> None:
    data = (DATA / BY_PASSPHRASE["file"]).read_bytes()
    opened = open_passphrase_file(data, BY_PASSPHRASE["passphrase"], trusted, VERIFY_AT)
    assert opened.by_passphrase and opened.recipients == ()
    assert opened.file_id == BY_PASSPHRASE["file_id"] and opened.sequence == BY_PASSPHRASE["sequence"]
    check_records(opened.records, BY_PASSPHRASE["records"])


def test_the_committed_keys_are_labelled_test_only() -> None:
    for path in (DATA / "keys").iterdir():
        assert "TEST ONLY" in path.read_text(), path.name
