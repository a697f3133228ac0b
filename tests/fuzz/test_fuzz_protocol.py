"""Protocol files from anyone: random bytes, truncations and bit flips of a real file, and validly signed
files whose envelope or body is mutated, so each change gets past the signature and reaches the parser."""

from __future__ import annotations

import base64
import json

from hypothesis import example, given
from hypothesis import strategies as st

from sg_desktop.domain.errors import SgError
from sg_desktop.exchange import build, open_file, verify_decrypted
from sg_desktop.exchange.document import Header, encode_body
from sg_desktop.exchange.envelope import seal
from tests.fuzz import EXAMPLES, RUNS, Raw, dump, fuzz, mutated, refused_calmly
from tests.unit.test_exchange_samples import COUNCIL, LGA, NOW, sample_records, trusting

RECORDS = sample_records(2)
FILE = build(RECORDS, COUNCIL.keys, COUNCIL.name, COUNCIL.org, [LGA.card], 1, NOW)
TRUSTED = trusting(COUNCIL)
HEADER = Header(
    file_id="0123456789abcdef0123456789abcdef", created_at=NOW, expires_at=NOW.replace(month=4),
    sender_name=COUNCIL.name, sender_org=COUNCIL.org, sender_fingerprint=COUNCIL.keys.fingerprint,
    recipients=(COUNCIL.keys.fingerprint, LGA.keys.fingerprint), sequence=1,
)
BODY = json.loads(encode_body(HEADER, RECORDS))
ENVELOPE = json.loads(seal(encode_body(HEADER, RECORDS), COUNCIL.keys))


def opened_by_lga(data: bytes) -> None:
    """Open `data` as the LGA; a refusal must be calm."""
    try:
        open_file(data, LGA.keys, TRUSTED, NOW)
    except SgError as exc:
        refused_calmly(exc)


def verified_by_lga(plaintext: bytes) -> None:
    """Verify a decrypted envelope as the LGA; a refusal must be calm."""
    try:
        verify_decrypted(plaintext, LGA.keys.fingerprint, TRUSTED, NOW)
    except SgError as exc:
        refused_calmly(exc)


def signed(body: object) -> bytes:
    """An envelope holding `body`'s JSON text, signed with the council's real key."""
    return seal(dump(body).encode("utf-8"), COUNCIL.keys)


def test_the_unchanged_body_opens() -> None:
    assert len(verify_decrypted(signed(BODY), LGA.keys.fingerprint, TRUSTED, NOW).records) == 2


@fuzz()
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    RUNS["protocol random bytes"] += 1
    opened_by_lga(data)


@fuzz()
@given(st.integers(0, len(FILE) - 1), st.lists(st.integers(0, len(FILE) * 8 - 1), min_size=1, max_size=4))
def test_truncations_and_bit_flips_of_a_real_file(length: int, bits: list[int]) -> None:
    RUNS["protocol truncated or flipped"] += 1
    opened_by_lga(FILE[:length])
    changed = bytearray(FILE)
    for bit in bits:
        changed[bit // 8] ^= 1 << (bit % 8)
    opened_by_lga(bytes(changed))


@fuzz()
@given(mutated(BODY))
@example({**BODY, "version": True})  # a boolean is not the integer 1
@example({**BODY, "sequence": True})
@example({**BODY, "records": Raw("[" * 100_000 + "]" * 100_000)})
@example({**BODY, "sequence": Raw("1" + "0" * 5000)})
def test_signed_bodies_with_mutated_json(body: object) -> None:
    RUNS["protocol signed body mutated"] += 1
    verified_by_lga(signed(body))


@fuzz(EXAMPLES // 2)
@given(mutated(ENVELOPE))
@example({**ENVELOPE, "version": True})
def test_mutated_envelopes(envelope: object) -> None:
    RUNS["protocol envelope mutated"] += 1
    verified_by_lga(dump(envelope).encode("utf-8"))


@fuzz(EXAMPLES // 2)
@given(st.binary(max_size=2048))
def test_signed_random_body_bytes(body: bytes) -> None:
    RUNS["protocol signed random body"] += 1
    envelope = json.loads(seal(body, COUNCIL.keys))
    assert base64.b64decode(envelope["body"]) == body
    verified_by_lga(seal(body, COUNCIL.keys))
