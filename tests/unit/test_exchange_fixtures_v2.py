"""The committed protocol-v2 test vectors (a reason with each date change) open and verify, byte for byte.

These files were made once by tests/data/make_vectors_v2.py with the test keys of protocol-v1 and must stay
readable by every later version of SG Desktop, as the version 1 files must.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyrage
import pytest

from sg_desktop.crypto.identity import OfficeKeys, verify
from sg_desktop.domain.errors import MalformedFile
from sg_desktop.exchange import (
    OfficeCard,
    age_only_fingerprint,
    document,
    open_file,
    open_passphrase_file,
    parse_card,
    record_version,
    verify_decrypted,
)
from sg_desktop.exchange.canonical import canonical_json, loads_strict
from sg_desktop.exchange.envelope import SIGNATURE_DOMAIN, unseal
from sg_desktop.exchange.records import parse_instant

DATA = Path(__file__).resolve().parents[1] / "data" / "protocol-v2"
VECTORS: dict[str, Any] = json.loads((DATA / "vectors.json").read_text(encoding="utf-8"))
V1_VECTORS: dict[str, Any] = json.loads((DATA.parent / "protocol-v1" / "vectors.json").read_text(encoding="utf-8"))
VERIFY_AT = parse_instant(VECTORS["verify_at"])
TO_OFFICES, BY_PASSPHRASE = VECTORS["vectors"]


def keys(office: str) -> OfficeKeys:
    """An office's committed TEST-ONLY keys (those of protocol-v1)."""
    data = json.loads((DATA / VECTORS["offices"][office]["keys"]).read_text())
    return OfficeKeys(bytes.fromhex(data["signing_seed_hex"]), data["age_identity"])


def card(office: str) -> OfficeCard:
    """An office's committed card."""
    return parse_card((DATA / VECTORS["offices"][office]["card"]).read_bytes())


def trusted(fp: bytes) -> OfficeCard | None:
    """The receiving office trusts the council's committed card."""
    council = card("council")
    return council if fp == council.fingerprint else None


def summary(records: Any) -> list[dict[str, Any]]:
    return [
        {"id": r.alert.id, "reference": r.alert.reference, "deleted": r.alert.deleted,
         "revision": r.alert.revision, "version": r.version, "ancestors": list(r.ancestors)}
        for r in records
    ]


def test_the_files_are_of_format_version_2() -> None:
    assert VECTORS["format_version"] == 2
    for vector in (TO_OFFICES, BY_PASSPHRASE):
        assert loads_strict((DATA / vector["body"]).read_bytes())["version"] == 2


def test_the_lga_opens_the_committed_file_and_reads_the_reason_for_each_move() -> None:
    data = (DATA / TO_OFFICES["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == TO_OFFICES["file_sha256"]
    opened = open_file(data, keys("lga"), trusted, VERIFY_AT)
    assert (opened.file_id, opened.sequence) == (TO_OFFICES["file_id"], TO_OFFICES["sequence"])
    assert opened.sender == card("council")
    assert summary(opened.records) == TO_OFFICES["records"]
    publication, trial = opened.records[0].alert.milestones
    assert [h.reason for h in publication.history] == [VECTORS["reasons"]["publication"]]
    assert [h.reason for h in trial.history] == [VECTORS["reasons"]["trial-start"]] == [""]
    assert publication.history[0].describe(publication.kind) == (
        "Publication moved from 3 March 2026 to 17 March 2026 (provisional → confirmed): "
        "Adjourned: a witness is unavailable – relisted by the court"
    )


def test_every_record_version_is_recomputed_from_the_alert_as_read() -> None:
    opened = open_file((DATA / TO_OFFICES["file"]).read_bytes(), keys("lga"), trusted, VERIFY_AT)
    assert [record_version(r.alert) for r in opened.records] == [r["version"] for r in TO_OFFICES["records"]]


def test_a_record_without_reasons_has_the_version_it_had_in_a_version_1_file() -> None:
    tombstone_v1 = V1_VECTORS["vectors"][0]["records"][1]
    tombstone_v2 = TO_OFFICES["records"][1]
    assert tombstone_v1["id"] == tombstone_v2["id"] and tombstone_v2["deleted"]
    assert tombstone_v1["version"] == tombstone_v2["version"]


def test_the_committed_body_is_canonical_and_signed_by_the_council() -> None:
    for vector in (TO_OFFICES, BY_PASSPHRASE):
        body = (DATA / vector["body"]).read_bytes()
        assert hashlib.sha256(body).hexdigest() == vector["body_sha256"]
        assert canonical_json(loads_strict(body)) == body
        sealed = unseal((DATA / vector["envelope"]).read_bytes())
        assert sealed.body == body
        verify(card("council").signing_public, SIGNATURE_DOMAIN, body, sealed.signature)


def test_the_office_without_sg_desktop_decrypts_with_its_age_key() -> None:
    identity_file = (DATA / VECTORS["age_only_office"]["age_identity_file"]).read_text()
    identity = next(line for line in identity_file.splitlines() if line.startswith("AGE-SECRET-KEY-1"))
    inside = pyrage.decrypt((DATA / TO_OFFICES["file"]).read_bytes(), [pyrage.x25519.Identity.from_str(identity)])
    assert inside == (DATA / TO_OFFICES["envelope"]).read_bytes()
    opened = verify_decrypted(inside, age_only_fingerprint(VECTORS["age_only_office"]["age_recipient"]),
                              trusted, VERIFY_AT)
    assert summary(opened.records) == TO_OFFICES["records"]


def test_the_committed_passphrase_file_opens_with_its_passphrase() -> None:
    data = (DATA / BY_PASSPHRASE["file"]).read_bytes()
    opened = open_passphrase_file(data, BY_PASSPHRASE["passphrase"], trusted, VERIFY_AT)
    assert opened.by_passphrase and opened.sequence == BY_PASSPHRASE["sequence"]
    assert summary(opened.records) == BY_PASSPHRASE["records"]
    assert opened.records[0].alert.milestones[0].history[0].reason == VECTORS["reasons"]["publication"]


def test_a_reader_of_version_1_only_says_the_file_comes_from_a_newer_sg_desktop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The checks of a reader from before version 2 existed: it wrote and read version 1 alone.
    monkeypatch.setattr(document, "PROTOCOL_VERSION", 1)
    monkeypatch.setattr(document, "READABLE_VERSIONS", frozenset({1}))
    with pytest.raises(MalformedFile) as error:
        open_file((DATA / TO_OFFICES["file"]).read_bytes(), keys("lga"), trusted, VERIFY_AT)
    assert str(error.value) == (
        "This file was made by a newer version of SG Desktop (format version 2); update SG Desktop to read it."
    )
