"""Office cards: exported as a file or one pasted line, read back exactly, and any damage is named."""

from __future__ import annotations

import base64
import json

import pyrage
import pytest

from sg_desktop.crypto.identity import fingerprint
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import MalformedFile, ValidationError
from sg_desktop.exchange import AgeOnlyRecipient, OfficeCard, age_only_fingerprint, parse_card
from sg_desktop.exchange.canonical import canonical_json
from tests.unit.test_exchange_samples import COUNCIL, LGA, make_office

CARD = COUNCIL.card


def test_a_card_survives_its_file_and_its_string() -> None:
    assert parse_card(CARD.to_bytes()) == CARD
    assert parse_card(CARD.to_bytes().decode()) == CARD
    assert parse_card(CARD.to_string()) == CARD
    assert parse_card(CARD.to_string().encode()) == CARD


def test_the_card_string_is_one_line_that_starts_with_its_kind() -> None:
    text = CARD.to_string()
    assert text.startswith("sgcard1:") and "\n" not in text and " " not in text


def test_a_card_wrapped_by_a_mail_program_still_reads() -> None:
    text = CARD.to_string()
    wrapped = "\n".join(text[i : i + 70] for i in range(0, len(text), 70))
    assert parse_card(f"  {wrapped} \r\n") == CARD


def test_the_fingerprint_is_the_one_of_the_offices_keys() -> None:
    assert CARD.fingerprint == fingerprint(COUNCIL.keys.signing_public, COUNCIL.keys.age_recipient)
    assert CARD.fingerprint == COUNCIL.keys.fingerprint
    assert len(CARD.fingerprint_digits.split()) == 8
    assert json.loads(CARD.to_bytes())["fingerprint"] == CARD.fingerprint.hex()


def test_a_truncated_or_mistyped_card_string_is_caught() -> None:
    text = CARD.to_string()
    for damaged in (text[:-1], text[:-10], text[: len(text) // 2], text[:-5] + "A" + text[-4:]):
        with pytest.raises(MalformedFile, match="incomplete or mistyped"):
            parse_card(damaged)


def test_any_single_character_changed_in_the_string_is_caught() -> None:
    text = CARD.to_string()
    for i in range(len("sgcard1:"), len(text), 7):
        changed = text[:i] + ("B" if text[i] != "B" else "C") + text[i + 1 :]
        with pytest.raises(MalformedFile):
            parse_card(changed)


def _edited_file(**changes: object) -> bytes:
    obj = json.loads(CARD.to_bytes())
    obj.update(changes)
    return canonical_json(obj)


def test_a_card_whose_name_or_kind_was_changed_in_transit_is_caught() -> None:
    for changes in ({"name": "Local Government Association"}, {"org_type": "lga"}):
        with pytest.raises(MalformedFile, match="changed after it was made"):
            parse_card(_edited_file(**changes))


def test_a_card_whose_key_was_swapped_is_caught() -> None:
    other = make_office(CARD.name, CARD.org_type).card
    swapped = _edited_file(age_recipient=other.age_recipient,
                           fingerprint=fingerprint(CARD.signing_public, other.age_recipient).hex())
    with pytest.raises(MalformedFile, match="changed after it was made"):
        parse_card(swapped)
    with pytest.raises(MalformedFile, match="changed after it was made"):
        parse_card(_edited_file(fingerprint=LGA.card.fingerprint.hex()))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello", "not an SG Desktop office card"),
        (b"", "not an SG Desktop office card"),
        (b"age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq", "add it as an office without SG Desktop"),
        (b'{"format":"sg-desktop-office-card","version":2}', "newer version"),
        (b'{"format":"something-else"}', "not an SG Desktop office card"),
        (b'{"format":"sg-desktop-office-card","format":"x"}', "same key twice"),
    ],
)
def test_things_that_are_not_cards_are_named(data: bytes, message: str) -> None:
    with pytest.raises(MalformedFile, match=message) as error:
        parse_card(data)
    assert "\n" not in str(error.value)


def test_a_card_with_extra_or_damaged_fields_is_refused() -> None:
    with pytest.raises(MalformedFile, match="fields"):
        parse_card(_edited_file(extra="x"))
    with pytest.raises(MalformedFile, match="organisation type"):
        parse_card(_edited_file(org_type="club"))
    with pytest.raises(MalformedFile, match="signing key must be 32 bytes"):
        parse_card(_edited_file(signing_public=base64.b64encode(b"short").decode()))
    with pytest.raises(MalformedFile, match="not valid"):
        parse_card(_edited_file(age_recipient="age1nonsense"))


def test_only_an_issued_card_can_be_exported() -> None:
    unsigned = OfficeCard(CARD.name, CARD.org_type, CARD.signing_public, CARD.age_recipient)
    assert unsigned == CARD  # the signature is not part of the office's identity
    with pytest.raises(ValueError, match="signature"):
        unsigned.to_string()


@pytest.mark.parametrize("name", ["", "   ", "x" * 121, "Two\nlines"])
def test_an_office_needs_a_sensible_name(name: str) -> None:
    with pytest.raises(ValidationError):
        OfficeCard(name, OrgType.LGA, CARD.signing_public, CARD.age_recipient)
    with pytest.raises(ValidationError):
        AgeOnlyRecipient(name, OrgType.LGA, CARD.age_recipient)


def test_an_office_without_sg_desktop_is_known_by_a_valid_age_recipient() -> None:
    recipient = str(pyrage.x25519.Identity.generate().to_public())
    office = AgeOnlyRecipient("Conservative Group office", OrgType.GROUP_OFFICE, recipient)
    assert office.fingerprint == age_only_fingerprint(recipient) != CARD.fingerprint
    assert len(office.fingerprint_digits.split()) == 8
    for bad in ("age1", "AGE-SECRET-KEY-1ABC", recipient[:-1], "ssh-ed25519 AAAA"):
        with pytest.raises(ValidationError, match="age"):
            AgeOnlyRecipient("Group", OrgType.GROUP_OFFICE, bad)
