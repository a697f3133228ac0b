"""Office identities: published Ed25519 vector, domain-separated signatures and readable fingerprints."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sg_desktop.crypto.identity import (
    OfficeKeys,
    fingerprint,
    fingerprint_digits,
    generate_office_keys,
    sign,
    verify,
)
from sg_desktop.domain.errors import BadSignature

# RFC 8032 section 7.1, TEST 1 (empty message).
RFC_SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
RFC_PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
RFC_SIGNATURE = bytes.fromhex(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
)
AGE_IDENTITY = "AGE-SECRET-KEY-1C62FVEULQ0TLUXF4EW4VD803D3KEJNJ485EU426Y9D6GANGWC5XQZ2NZJJ"
AGE_RECIPIENT = "age1e4epqh4kqn8y3tts0pvkqwhdgsr7ewqsqfnyxhmyfpyruqqc59nq0egtq0"
DOMAIN = b"sg-desktop/test/v1\x00"


def test_ed25519_matches_rfc_8032_test_1() -> None:
    assert sign(RFC_SEED, b"", b"") == RFC_SIGNATURE
    verify(RFC_PUBLIC, b"", b"", RFC_SIGNATURE)


def test_signature_is_raw_ed25519_over_domain_then_message() -> None:
    # Splitting the same bytes differently between domain and message gives the same signature:
    # the contract is "Ed25519 over domain + message", so other implementations can check it.
    assert sign(RFC_SEED, b"ab", b"cd") == sign(RFC_SEED, b"", b"abcd")


def test_fixed_keys_give_the_known_public_parts() -> None:
    keys = OfficeKeys(RFC_SEED, AGE_IDENTITY)
    assert keys.signing_public == RFC_PUBLIC
    assert keys.age_recipient == AGE_RECIPIENT


def test_fingerprint_digits_are_stable_for_fixed_keys() -> None:
    fp = fingerprint(RFC_PUBLIC, AGE_RECIPIENT)
    assert fp.hex() == "7f6fe205b9e85b89a13b6b5f481c56866f289e0970de879f40cd42d0abd7404b"
    assert fingerprint_digits(fp) == "16311 30849 14141 01464 19721 28077 16016 07254"
    assert OfficeKeys(RFC_SEED, AGE_IDENTITY).fingerprint == fp


def test_generated_keys_have_the_expected_shapes() -> None:
    keys = generate_office_keys()
    assert len(keys.signing_private) == 32
    assert len(keys.signing_public) == 32
    assert keys.age_identity.startswith("AGE-SECRET-KEY-1")
    assert keys.age_recipient.startswith("age1")
    assert re.fullmatch(r"(\d{5} ){7}\d{5}", fingerprint_digits(keys.fingerprint))


def test_generated_keys_differ() -> None:
    first, second = generate_office_keys(), generate_office_keys()
    assert first.signing_private != second.signing_private
    assert first.age_identity != second.age_identity
    assert first.fingerprint != second.fingerprint


def test_repr_shows_public_parts_only() -> None:
    keys = generate_office_keys()
    text = repr(keys)
    assert keys.age_recipient in text
    assert keys.signing_public.hex() in text
    assert keys.signing_private.hex() not in text
    assert keys.age_identity not in text
    assert keys.age_identity.split("-")[-1] not in text


def test_sign_and_verify_round_trip() -> None:
    keys = generate_office_keys()
    signature = sign(keys.signing_private, DOMAIN, b"body bytes")
    verify(keys.signing_public, DOMAIN, b"body bytes", signature)


@pytest.mark.parametrize(
    ("domain", "message", "mutate_signature"),
    [
        (DOMAIN, b"body bytez", False),
        (b"sg-desktop/other/v1\x00", b"body bytes", False),
        (DOMAIN, b"body bytes", True),
    ],
    ids=["tampered-message", "other-domain", "tampered-signature"],
)
def test_anything_changed_fails_verification(domain: bytes, message: bytes, mutate_signature: bool) -> None:
    keys = generate_office_keys()
    signature = sign(keys.signing_private, DOMAIN, b"body bytes")
    if mutate_signature:
        signature = bytes([signature[0] ^ 1]) + signature[1:]
    with pytest.raises(BadSignature, match="signature does not match"):
        verify(keys.signing_public, domain, message, signature)


def test_another_offices_key_fails_verification() -> None:
    signer, other = generate_office_keys(), generate_office_keys()
    signature = sign(signer.signing_private, DOMAIN, b"body")
    with pytest.raises(BadSignature):
        verify(other.signing_public, DOMAIN, b"body", signature)


@pytest.mark.parametrize(
    ("public", "signature"),
    [(RFC_PUBLIC, RFC_SIGNATURE[:63]), (RFC_PUBLIC[:31], RFC_SIGNATURE), (RFC_PUBLIC, b"")],
)
def test_malformed_keys_or_signatures_fail_verification(public: bytes, signature: bytes) -> None:
    with pytest.raises(BadSignature):
        verify(public, b"", b"", signature)


def test_fingerprint_covers_both_public_keys() -> None:
    other = generate_office_keys()
    base = fingerprint(RFC_PUBLIC, AGE_RECIPIENT)
    assert fingerprint(other.signing_public, AGE_RECIPIENT) != base
    assert fingerprint(RFC_PUBLIC, other.age_recipient) != base


def test_fingerprint_refuses_things_that_are_not_public_keys() -> None:
    with pytest.raises(ValueError):
        fingerprint(RFC_PUBLIC[:16], AGE_RECIPIENT)
    with pytest.raises(ValueError):
        fingerprint(RFC_PUBLIC, AGE_IDENTITY)


def test_fingerprint_digits_are_15_bit_groups_of_the_first_120_bits() -> None:
    assert fingerprint_digits(bytes(32)) == " ".join(["00000"] * 8)
    assert fingerprint_digits(b"\xff" * 15 + bytes(17)) == " ".join(["32767"] * 8)
    # 0x0003 in the top 15 bits: binary 000000000000001|1000...
    assert fingerprint_digits(b"\x00\x03" + bytes(30)).split()[:2] == ["00001", "16384"]


@given(st.binary(min_size=32, max_size=32), st.binary(min_size=32, max_size=32))
def test_fingerprints_differing_in_the_first_120_bits_read_differently(a: bytes, b: bytes) -> None:
    assert (fingerprint_digits(a) == fingerprint_digits(b)) == (a[:15] == b[:15])


def test_fingerprint_digits_need_120_bits() -> None:
    with pytest.raises(ValueError):
        fingerprint_digits(bytes(14))


@pytest.mark.parametrize(
    ("seed", "identity"),
    [
        (RFC_SEED[:31], AGE_IDENTITY),
        (RFC_SEED, AGE_RECIPIENT),
        (RFC_SEED, AGE_IDENTITY[:-1] + ("Q" if AGE_IDENTITY[-1] != "Q" else "P")),
    ],
    ids=["short-seed", "recipient-not-identity", "bad-checksum"],
)
def test_office_keys_refuse_malformed_private_keys(seed: bytes, identity: str) -> None:
    with pytest.raises(ValueError):
        OfficeKeys(seed, identity)
