"""Any change to a protocol file, however small, is refused: every byte flipped, truncated, extended."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sg_desktop.domain.errors import ExchangeError
from sg_desktop.exchange import build, open_file
from tests.unit.test_exchange_samples import COUNCIL, LGA, NOW, sample_records, trusting

FILE = build(sample_records(2), COUNCIL.keys, COUNCIL.name, COUNCIL.org, [LGA.card], 1, NOW)
TRUSTED = trusting(COUNCIL)


def refused(data: bytes) -> str:
    """The one-line message with which the LGA refuses `data`."""
    with pytest.raises(ExchangeError) as error:
        open_file(data, LGA.keys, TRUSTED, NOW)
    message = str(error.value)
    assert message and "\n" not in message
    return message


def test_the_untouched_file_opens() -> None:
    assert len(open_file(FILE, LGA.keys, TRUSTED, NOW).records) == 2


def test_flipping_any_single_bit_anywhere_in_the_file_is_refused() -> None:
    # Exhaustive over every position: the age header, each recipient stanza, the MAC and the payload.
    for position in range(len(FILE)):
        changed = bytearray(FILE)
        changed[position] ^= 0x01
        refused(bytes(changed))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_replacing_any_byte_with_any_other_value_is_refused(data: st.DataObject) -> None:
    position = data.draw(st.integers(0, len(FILE) - 1))
    value = data.draw(st.integers(0, 255).filter(lambda v: v != FILE[position]))
    changed = bytearray(FILE)
    changed[position] = value
    refused(bytes(changed))


def test_every_truncation_is_refused() -> None:
    for length in range(len(FILE)):
        refused(FILE[:length])


@pytest.mark.parametrize("extra", [b"\x00", b"\n", b"x" * 17, bytes(64 * 1024), FILE])
def test_anything_appended_is_refused(extra: bytes) -> None:
    refused(FILE + extra)
