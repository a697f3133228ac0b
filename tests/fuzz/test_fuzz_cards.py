"""Office cards from anyone, in both forms: the card file (JSON) and the one-line string."""

from __future__ import annotations

import json

from hypothesis import example, given
from hypothesis import strategies as st

from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import SgError
from sg_desktop.exchange import OfficeCard, parse_card
from sg_desktop.exchange.cards import CARD_PREFIX
from tests.fuzz import EXAMPLES, MARKER, RUNS, dump, fuzz, mutated, refused_calmly
from tests.unit.test_exchange_samples import COUNCIL

CARD_JSON = json.loads(COUNCIL.card.to_bytes())
CARD_STRING = COUNCIL.card.to_string()


def read(data: str | bytes) -> None:
    """Read `data` as a card; a refusal must be calm."""
    try:
        parse_card(data)
    except SgError as exc:
        refused_calmly(exc)


def test_the_real_card_reads_in_both_forms() -> None:
    assert parse_card(COUNCIL.card.to_bytes()) == parse_card(CARD_STRING) == COUNCIL.card


@fuzz()
@given(st.one_of(st.binary(max_size=2048), st.text(max_size=300), st.text(max_size=300).map(CARD_PREFIX.__add__)))
def test_random_bytes_and_text(data: str | bytes) -> None:
    RUNS["card random"] += 1
    read(data)


@fuzz()
@given(mutated(CARD_JSON))
@example({**CARD_JSON, "version": True})
@example({**CARD_JSON, "name": MARKER + "\n" + MARKER})
@example({**CARD_JSON, "name": MARKER + "\ud800" + MARKER})  # was a UnicodeEncodeError
def test_card_files_with_mutated_json(card: object) -> None:
    RUNS["card file mutated"] += 1
    read(dump(card).encode("utf-8"))


@fuzz()
@given(st.integers(0, len(CARD_STRING)), st.integers(0, len(CARD_STRING)), st.text(max_size=8))
def test_card_strings_with_characters_changed(start: int, end: int, insert: str) -> None:
    RUNS["card string edited"] += 1
    low, high = sorted((start, end))
    read(CARD_STRING[:low] + insert + CARD_STRING[high:])


@fuzz(EXAMPLES // 2)
@given(st.text(max_size=250).map(lambda t: MARKER + t), st.sampled_from(list(OrgType)))
@example(MARKER + "\ud800", OrgType.LGA)
def test_signed_cards_with_any_name(name: str, org: OrgType) -> None:
    # A genuinely self-signed card whose name is anything: it reads back the same, or is refused calmly.
    RUNS["card signed any name"] += 1
    try:
        card = OfficeCard.issue(COUNCIL.keys, name, org)
    except SgError as exc:
        refused_calmly(exc)
        return
    assert parse_card(card.to_string()) == parse_card(card.to_bytes()) == card
