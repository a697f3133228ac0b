"""The recovery key: readable groups, and every typical typing mistake caught before any key derivation."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sg_desktop.crypto.recovery import RECOVERY_KEY_BITS, RecoveryKey, new_recovery_key, parse_recovery_key
from sg_desktop.domain.errors import WrongRecoveryKey

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
keys = st.integers(0, (1 << RECOVERY_KEY_BITS) - 1).map(RecoveryKey)


def compact(key: RecoveryKey) -> str:
    return str(key).replace("-", "")


def test_new_key_is_seven_groups_of_five_readable_characters() -> None:
    text = str(new_recovery_key())
    assert re.fullmatch(r"([0-9A-HJKMNP-TV-Z]{5}-){6}[0-9A-HJKMNP-TV-Z]{5}", text)


def test_new_keys_carry_at_least_128_random_bits() -> None:
    assert RECOVERY_KEY_BITS >= 128
    seen = {new_recovery_key().secret for _ in range(50)}
    assert len(seen) == 50


def test_secret_uses_every_random_bit() -> None:
    low, high = RecoveryKey(0), RecoveryKey((1 << RECOVERY_KEY_BITS) - 1)
    assert low.secret != high.secret
    assert int.from_bytes(high.secret, "big") == (1 << RECOVERY_KEY_BITS) - 1


def test_new_key_takes_its_bits_from_the_given_source() -> None:
    key = new_recovery_key(randbits=lambda bits: 12345)
    assert key == RecoveryKey(12345)


@given(keys)
def test_round_trip(key: RecoveryKey) -> None:
    parsed = parse_recovery_key(key.formatted)
    assert parsed == key
    assert parsed.secret == key.secret


@given(keys)
def test_input_ignores_case_spaces_dashes_and_look_alike_letters(key: RecoveryKey) -> None:
    typed = " ".join(compact(key).lower()).replace("0", "o").replace("1", "l")
    assert parse_recovery_key(f"  {typed}\n") == key


def test_a_word_processor_dash_is_accepted() -> None:
    key = new_recovery_key()
    assert parse_recovery_key(str(key).replace("-", " – ")) == key


@given(keys, st.integers(0, 34), st.integers(1, 31))
def test_every_single_wrong_character_is_caught(key: RecoveryKey, position: int, shift: int) -> None:
    text = compact(key)
    wrong = ALPHABET[(ALPHABET.index(text[position]) + shift) % 32]
    typed = text[:position] + wrong + text[position + 1 :]
    group = position // 5 + 1
    with pytest.raises(WrongRecoveryKey, match=f"Group {group} of the recovery key looks mistyped"):
        parse_recovery_key(typed)


@given(keys, st.integers(0, 33))
def test_every_swap_of_neighbouring_characters_is_caught(key: RecoveryKey, position: int) -> None:
    text = compact(key)
    a, b = text[position], text[position + 1]
    assume(a != b)  # swapping equal characters is not a mistake
    typed = text[:position] + b + a + text[position + 2 :]
    with pytest.raises(WrongRecoveryKey, match="mistyped"):
        parse_recovery_key(typed)


def test_exhaustively_for_one_key_no_single_mistake_gets_through() -> None:
    text = compact(new_recovery_key(randbits=lambda bits: 0x5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5))
    accepted = []
    for i in range(len(text)):
        for c in ALPHABET:
            typed = text[:i] + c + text[i + 1 :]
            if c != text[i] and _parses(typed):
                accepted.append(typed)
        if i + 1 < len(text) and text[i] != text[i + 1]:
            swapped = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
            if _parses(swapped):
                accepted.append(swapped)
    assert accepted == []


def _parses(text: str) -> bool:
    try:
        parse_recovery_key(text)
    except WrongRecoveryKey:
        return False
    return True


def test_a_swap_across_groups_names_both_groups() -> None:
    text = compact(RecoveryKey(0x123456789ABCDEF0123456789ABCDEF0123))
    assert text[4] != text[5]
    typed = text[:4] + text[5] + text[4] + text[6:]
    with pytest.raises(WrongRecoveryKey, match="Groups 1 and 2 of the recovery key look mistyped"):
        parse_recovery_key(typed)


def test_groups_typed_in_the_wrong_order_are_caught() -> None:
    groups = str(RecoveryKey(0x123456789ABCDEF0123456789ABCDEF0123)).split("-")
    groups[2], groups[3] = groups[3], groups[2]
    with pytest.raises(WrongRecoveryKey, match="Groups 3 and 4"):
        parse_recovery_key("-".join(groups))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "should have 35 letters and digits, not 0"),
        ("ABCDE-FGHJK", "should have 35 letters and digits, not 10"),
        ("U" * 35, "never contains U"),
        ("*" * 35, "never contains \\*"),
    ],
)
def test_malformed_input_is_reported_as_mistyped(typed: str, message: str) -> None:
    with pytest.raises(WrongRecoveryKey, match=message):
        parse_recovery_key(typed)


def test_one_character_missing_is_reported_by_length() -> None:
    with pytest.raises(WrongRecoveryKey, match="not 34"):
        parse_recovery_key(str(new_recovery_key())[:-1])


def test_repr_does_not_reveal_the_key() -> None:
    key = new_recovery_key()
    assert "hidden" in repr(key)
    for group in str(key).split("-"):
        assert group not in repr(key)
    assert key.secret.hex() not in repr(key)


def test_equal_keys_compare_equal() -> None:
    key = new_recovery_key()
    assert key == parse_recovery_key(str(key))
    assert key != new_recovery_key()
    assert len({key, parse_recovery_key(str(key))}) == 1


def test_out_of_range_values_are_refused() -> None:
    with pytest.raises(ValueError):
        RecoveryKey(1 << RECOVERY_KEY_BITS)
