"""The committed protocol-v3 test vectors (lessons learned beside the alerts) open and verify, byte for byte; every
file of the earlier versions still reads; and a reader of version 2 refuses a version 3 file with the version
message.

The files were made once by tests/data/make_vectors_v3.py and must stay readable by every later version.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyrage
import pytest

from sg_desktop.crypto.identity import OfficeKeys, verify
from sg_desktop.domain.enums import Coverage
from sg_desktop.domain.errors import MalformedFile
from sg_desktop.exchange import (
    OfficeCard,
    age_only_fingerprint,
    document,
    lesson_version,
    open_file,
    open_passphrase_file,
    parse_card,
    verify_decrypted,
)
from sg_desktop.exchange.canonical import canonical_json, loads_strict
from sg_desktop.exchange.envelope import SIGNATURE_DOMAIN, seal, unseal
from sg_desktop.exchange.records import parse_instant

DATA = Path(__file__).resolve().parents[1] / "data"
HERE = DATA / "protocol-v3"
VECTORS: dict[str, Any] = json.loads((HERE / "vectors.json").read_text(encoding="utf-8"))
VERIFY_AT = parse_instant(VECTORS["verify_at"])
TO_OFFICES, BY_PASSPHRASE = VECTORS["vectors"]


def keys(office: str) -> OfficeKeys:
    """An office's committed TEST-ONLY keys (those of protocol-v1)."""
    data = json.loads((HERE / VECTORS["offices"][office]["keys"]).read_text())
    return OfficeKeys(bytes.fromhex(data["signing_seed_hex"]), data["age_identity"])


def card(office: str) -> OfficeCard:
    """An office's committed card."""
    return parse_card((HERE / VECTORS["offices"][office]["card"]).read_bytes())


def trusted(fp: bytes) -> OfficeCard | None:
    council = card("council")
    return council if fp == council.fingerprint else None


def lesson_summary(lessons: Any) -> list[dict[str, Any]]:
    return [{"id": r.lesson.id, "alert_id": r.lesson.alert_id, "revision": r.lesson.revision,
             "may_share": r.lesson.may_share, "version": r.version, "ancestors": list(r.ancestors)} for r in lessons]


def test_the_files_are_of_format_version_3_and_carry_lessons() -> None:
    assert VECTORS["format_version"] == 3
    for vector in (TO_OFFICES, BY_PASSPHRASE):
        body = loads_strict((HERE / vector["body"]).read_bytes())
        assert body["version"] == 3 and len(body["lessons"]) == len(vector["lessons"])


def test_the_lga_opens_the_committed_file_and_reads_every_lesson() -> None:
    data = (HERE / TO_OFFICES["file"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == TO_OFFICES["file_sha256"]
    opened = open_file(data, keys("lga"), trusted, VERIFY_AT)
    assert (opened.file_id, opened.sequence) == (TO_OFFICES["file_id"], TO_OFFICES["sequence"])
    assert [r.version for r in opened.records] == [r["version"] for r in TO_OFFICES["records"]]
    assert lesson_summary(opened.lessons) == TO_OFFICES["lessons"]
    full, plain = (r.lesson for r in opened.lessons)
    assert full.coverage is Coverage.REGIONAL and full.helped.splitlines()[1] == "One voice on the day. Café, naïve, 🙂"
    assert [(r.accepted, r.usefulness) for r in full.offers] == [(True, 5), (False, None)]
    assert full.offers[0].comment == "The mentor rang the evening before – “invaluable”"
    assert not plain.may_share and plain.helped == "" and plain.offers[0].usefulness is None


def test_every_lesson_version_is_recomputed_from_the_lesson_as_read() -> None:
    opened = open_file((HERE / TO_OFFICES["file"]).read_bytes(), keys("lga"), trusted, VERIFY_AT)
    assert [lesson_version(r.lesson) for r in opened.lessons] == [x["version"] for x in TO_OFFICES["lessons"]]


def test_the_committed_body_is_canonical_and_signed_by_the_council() -> None:
    for vector in (TO_OFFICES, BY_PASSPHRASE):
        body = (HERE / vector["body"]).read_bytes()
        assert hashlib.sha256(body).hexdigest() == vector["body_sha256"]
        assert canonical_json(loads_strict(body)) == body
        sealed = unseal((HERE / vector["envelope"]).read_bytes())
        assert sealed.body == body
        verify(card("council").signing_public, SIGNATURE_DOMAIN, body, sealed.signature)


def test_the_office_without_sg_desktop_decrypts_the_lessons_with_its_age_key() -> None:
    identity_file = (HERE / VECTORS["age_only_office"]["age_identity_file"]).read_text()
    identity = next(line for line in identity_file.splitlines() if line.startswith("AGE-SECRET-KEY-1"))
    inside = pyrage.decrypt((HERE / TO_OFFICES["file"]).read_bytes(), [pyrage.x25519.Identity.from_str(identity)])
    assert inside == (HERE / TO_OFFICES["envelope"]).read_bytes()
    opened = verify_decrypted(inside, age_only_fingerprint(VECTORS["age_only_office"]["age_recipient"]), trusted,
                              VERIFY_AT)
    assert lesson_summary(opened.lessons) == TO_OFFICES["lessons"]


def test_the_committed_passphrase_file_opens_with_its_passphrase() -> None:
    data = (HERE / BY_PASSPHRASE["file"]).read_bytes()
    opened = open_passphrase_file(data, BY_PASSPHRASE["passphrase"], trusted, VERIFY_AT)
    assert opened.by_passphrase and opened.sequence == BY_PASSPHRASE["sequence"]
    assert lesson_summary(opened.lessons) == BY_PASSPHRASE["lessons"]


def _verify_at(folder: Path) -> Any:
    return parse_instant(json.loads((folder / "vectors.json").read_text(encoding="utf-8"))["verify_at"])


@pytest.mark.parametrize("folder", ["protocol-v1", "protocol-v2"])
def test_every_file_of_an_earlier_version_still_reads_unchanged_and_holds_no_lessons(folder: str) -> None:
    here = DATA / folder
    vectors = json.loads((here / "vectors.json").read_text(encoding="utf-8"))
    at = _verify_at(here)
    council = parse_card((DATA / "protocol-v1" / "council.card").read_bytes())
    lookup = {council.fingerprint: council}.get
    lga = json.loads((DATA / "protocol-v1" / "keys" / "lga.json").read_text())
    lga_keys = OfficeKeys(bytes.fromhex(lga["signing_seed_hex"]), lga["age_identity"])
    for vector in vectors["vectors"]:
        data = (here / vector["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == vector["file_sha256"]
        if vector.get("passphrase"):
            opened = open_passphrase_file(data, vector["passphrase"], lookup, at)
        else:
            opened = open_file(data, lga_keys, lookup, at)
        assert [r.version for r in opened.records] == [r["version"] for r in vector["records"]]
        assert opened.lessons == ()


def test_a_reader_of_version_2_says_a_version_3_file_comes_from_a_newer_sg_desktop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The checks of the released reader of version 2: it wrote version 2 and read versions 1 and 2.
    monkeypatch.setattr(document, "PROTOCOL_VERSION", 2)
    monkeypatch.setattr(document, "READABLE_VERSIONS", frozenset({1, 2}))
    for vector, opener in ((TO_OFFICES, lambda d: open_file(d, keys("lga"), trusted, VERIFY_AT)),
                           (BY_PASSPHRASE, lambda d: open_passphrase_file(d, BY_PASSPHRASE["passphrase"], trusted,
                                                                          VERIFY_AT))):
        with pytest.raises(MalformedFile) as error:
            opener((HERE / vector["file"]).read_bytes())
        assert str(error.value) == (
            "This file was made by a newer version of SG Desktop (format version 3); update SG Desktop to read it."
        )


def _resigned(change: Any) -> bytes:
    body = loads_strict((HERE / TO_OFFICES["body"]).read_bytes())
    change(body)
    return seal(canonical_json(body), keys("council"))


@pytest.mark.parametrize(("change", "message"), [
    (lambda b: b.pop("lessons"), "The file's header is not valid: its fields are not the expected ones."),
    (lambda b: b.update(version=2), "The file's header is not valid: its fields are not the expected ones."),
    (lambda b: b["lessons"][0].update(colour="red"), "Lesson 1 in the file is not valid: the lesson has an unknown "
                                                     "field."),
    (lambda b: b["lessons"][1]["offers"][0].update(usefulness=6),
     "Lesson 2 in the file is not valid: offers[1].usefulness is not a whole number from 1 to 5."),
    (lambda b: b["lessons"][0]["offers"][1].update(usefulness=3), "Lesson 1 in the file is not valid: "
                                                                  "offers[2].usefulness rates an offer that was not "
                                                                  "taken up."),
    (lambda b: b["lessons"][0].update(coverage="global"), "Lesson 1 in the file is not valid: coverage is not one of "
                                                          "the known values."),
    (lambda b: b["lessons"][1].update(id=b["lessons"][0]["id"]), "Lesson 2 in the file repeats a lesson that is "
                                                                 "already in it."),
    (lambda b: b["lessons"][0].update(helped="\x1b[2J"), "Lesson 1 in the file is not valid: helped holds control "
                                                         "characters."),
])
def test_a_lesson_that_breaks_the_format_is_refused_by_name(change: Any, message: str) -> None:
    with pytest.raises(MalformedFile) as error:
        verify_decrypted(_resigned(change), keys("lga").fingerprint, trusted, VERIFY_AT)
    assert str(error.value) == message
