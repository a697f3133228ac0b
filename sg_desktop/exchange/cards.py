"""Office cards: the public half of an office's identity, as a small file or a one-line string to paste.

A card is self-signed, so its name and organisation type cannot be changed in transit without the
change showing. That proves nothing about *who* made it: an office is trusted only after its
fingerprint was read aloud and compared by phone (the app records that). An office without SG Desktop
is an `AgeOnlyRecipient`: it can receive files and open them with `age -d`, but cannot sign any.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

import pyrage

from sg_desktop.crypto.identity import OfficeKeys, fingerprint, fingerprint_digits, sign, verify
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import BadSignature, MalformedFile, Problem, ValidationError
from sg_desktop.exchange.canonical import canonical_json, loads_strict

__all__ = [
    "CARD_FORMAT",
    "CARD_PREFIX",
    "CARD_SIGNATURE_DOMAIN",
    "CARD_VERSION",
    "MAX_OFFICE_NAME",
    "AgeOnlyRecipient",
    "OfficeCard",
    "Recipient",
    "age_only_fingerprint",
    "parse_card",
]

CARD_FORMAT = "sg-desktop-office-card"
CARD_VERSION = 1
CARD_PREFIX = "sgcard1:"
CARD_SIGNATURE_DOMAIN = b"sg-desktop/office-card/v1\x00"
_AGE_ONLY_LABEL = b"sg-desktop/age-recipient-fingerprint/v1"
_CHECKSUM_BYTES = 4
MAX_OFFICE_NAME = 120
_CARD_KEYS = {"format", "version", "name", "org_type", "signing_public", "age_recipient", "fingerprint",
              "signature"}
# A lone surrogate has no UTF-8 form, so a name holding one could be neither signed nor checked.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_MISTYPED = "The office card text is incomplete or mistyped; copy the whole card again."


def _check_name(name: str) -> list[Problem]:
    if not isinstance(name, str) or not name.strip():
        return [Problem("name", "Give the office a name.")]
    if len(name) > MAX_OFFICE_NAME:
        return [Problem("name", f"Keep the office name to {MAX_OFFICE_NAME} characters.")]
    if _CONTROL.search(name):
        return [Problem("name", "The office name must be a single line of ordinary text.")]
    return []


def _check_age_recipient(text: str) -> list[Problem]:
    if not isinstance(text, str) or not text.startswith("age1"):
        return [Problem("age_recipient", "An age recipient starts with 'age1' (made with age-keygen).")]
    try:
        pyrage.x25519.Recipient.from_str(text)
    except Exception:  # pyrage raises its own exception types for a bad key
        return [Problem("age_recipient", "This is not a valid age recipient; copy it again in full.")]
    return []


def _check_org(org_type: object) -> list[Problem]:
    if not isinstance(org_type, OrgType):
        return [Problem("org_type", "Choose the kind of organisation.")]
    return []


def _common_problems(name: str, org_type: object, age_recipient: str) -> list[Problem]:
    return _check_name(name) + _check_org(org_type) + _check_age_recipient(age_recipient)


def age_only_fingerprint(age_recipient: str) -> bytes:
    """The SHA-256 fingerprint naming an age-only office in a file's recipient list."""
    parts = (_AGE_ONLY_LABEL, age_recipient.encode("ascii"))
    return hashlib.sha256(b"".join(len(p).to_bytes(4, "big") + p for p in parts)).digest()


def _card_message(name: str, org_type: OrgType, signing_public: bytes, age_recipient: str) -> bytes:
    parts = (name.encode("utf-8"), org_type.value.encode("ascii"), signing_public,
             age_recipient.encode("ascii"))
    return b"".join(len(p).to_bytes(4, "big") + p for p in parts)


@dataclass(frozen=True)
class OfficeCard:
    """An office that runs SG Desktop: name, kind and public keys (and, once issued, its self-signature)."""

    name: str
    org_type: OrgType
    signing_public: bytes
    age_recipient: str
    signature: bytes = field(default=b"", repr=False, compare=False)

    def __post_init__(self) -> None:
        problems = _common_problems(self.name, self.org_type, self.age_recipient)
        if not isinstance(self.signing_public, bytes) or len(self.signing_public) != 32:
            problems.append(Problem("signing_public", "The office's signing key must be 32 bytes."))
        if problems:
            raise ValidationError(problems)

    @classmethod
    def issue(cls, keys: OfficeKeys, name: str, org_type: OrgType) -> OfficeCard:
        """This office's card, signed with its own signing key so it can be exported."""
        unsigned = cls(name, org_type, keys.signing_public, keys.age_recipient)
        message = _card_message(name, org_type, unsigned.signing_public, unsigned.age_recipient)
        return cls(name, org_type, keys.signing_public, keys.age_recipient,
                   sign(keys.signing_private, CARD_SIGNATURE_DOMAIN, message))

    @property
    def fingerprint(self) -> bytes:
        """The 32-byte fingerprint of the card's public keys."""
        return fingerprint(self.signing_public, self.age_recipient)

    @property
    def fingerprint_digits(self) -> str:
        """The fingerprint as eight groups of five digits, to read aloud."""
        return fingerprint_digits(self.fingerprint)

    def _as_json(self) -> dict[str, Any]:
        if not self.signature:
            raise ValueError("only a card from OfficeCard.issue or parse_card carries a signature to export")
        return {
            "format": CARD_FORMAT,
            "version": CARD_VERSION,
            "name": self.name,
            "org_type": self.org_type.value,
            "signing_public": base64.b64encode(self.signing_public).decode("ascii"),
            "age_recipient": self.age_recipient,
            "fingerprint": self.fingerprint.hex(),
            "signature": base64.b64encode(self.signature).decode("ascii"),
        }

    def to_bytes(self) -> bytes:
        """The card as a small canonical JSON file (ending with a newline)."""
        return canonical_json(self._as_json()) + b"\n"

    def to_string(self) -> str:
        """The card as one line: `sgcard1:` and base64url of its JSON followed by a 4-byte checksum."""
        payload = canonical_json(self._as_json())
        checked = payload + hashlib.sha256(payload).digest()[:_CHECKSUM_BYTES]
        return CARD_PREFIX + base64.urlsafe_b64encode(checked).decode("ascii").rstrip("=")


@dataclass(frozen=True)
class AgeOnlyRecipient:
    """An office without SG Desktop, known only by its age recipient ("age1…"); it can receive, not send."""

    name: str
    org_type: OrgType
    age_recipient: str

    def __post_init__(self) -> None:
        problems = _common_problems(self.name, self.org_type, self.age_recipient)
        if problems:
            raise ValidationError(problems)

    @property
    def fingerprint(self) -> bytes:
        """The fingerprint that names this office in a file's recipient list."""
        return age_only_fingerprint(self.age_recipient)

    @property
    def fingerprint_digits(self) -> str:
        """The fingerprint as eight groups of five digits."""
        return fingerprint_digits(self.fingerprint)


Recipient = OfficeCard | AgeOnlyRecipient


def parse_card(text_or_bytes: str | bytes) -> OfficeCard:
    """Read an office card from its file (JSON) or its one-line string; MalformedFile says what is wrong.

    The card's self-signature and fingerprint are checked; trusting the office is a separate step.
    """
    data = text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else bytes(text_or_bytes)
    data = data.strip()
    if data.startswith(b"{"):
        payload = data
    elif data.startswith(CARD_PREFIX.encode("ascii")):
        payload = _unwrap_string(data[len(CARD_PREFIX):])
    elif data.startswith(b"age1"):
        raise MalformedFile(
            "This is an age recipient, not an office card; add it as an office without SG Desktop."
        )
    else:
        raise MalformedFile(f"This is not an SG Desktop office card (a card starts with '{CARD_PREFIX}').")
    try:
        obj = loads_strict(payload)
    except ValueError as exc:
        raise MalformedFile(f"The office card is not valid: {exc}.") from None
    return _card_from_json(obj)


def _unwrap_string(encoded: bytes) -> bytes:
    # Mail programs wrap long lines; whitespace inside the pasted card is never part of it.
    compact = b"".join(encoded.split())
    try:
        checked = base64.urlsafe_b64decode(compact + b"=" * (-len(compact) % 4))
    except (binascii.Error, ValueError):
        raise MalformedFile(_MISTYPED) from None
    payload, checksum = checked[:-_CHECKSUM_BYTES], checked[-_CHECKSUM_BYTES:]
    if len(checked) <= _CHECKSUM_BYTES or hashlib.sha256(payload).digest()[:_CHECKSUM_BYTES] != checksum:
        raise MalformedFile(_MISTYPED)
    return payload


def _card_from_json(obj: object) -> OfficeCard:
    if not isinstance(obj, dict) or obj.get("format") != CARD_FORMAT:
        raise MalformedFile("This is not an SG Desktop office card.")
    if obj.get("version") != CARD_VERSION:
        raise MalformedFile("This office card was made by a newer version of SG Desktop; update to read it.")
    if set(obj) != _CARD_KEYS:
        raise MalformedFile("The office card is not valid: its fields are not the expected ones.")
    try:
        org_type = OrgType(obj["org_type"])
    except (ValueError, TypeError):
        raise MalformedFile("The office card is not valid: its organisation type is unknown.") from None
    try:
        signing_public = base64.b64decode(_str(obj["signing_public"]), validate=True)
        signature = base64.b64decode(_str(obj["signature"]), validate=True)
        card = OfficeCard(_str(obj["name"]), org_type, signing_public, _str(obj["age_recipient"]), signature)
    except (binascii.Error, ValueError):
        raise MalformedFile("The office card is not valid: a key is damaged.") from None
    except ValidationError as exc:
        raise MalformedFile(f"The office card is not valid: {exc}") from None
    if obj["fingerprint"] != card.fingerprint.hex():
        raise MalformedFile("The office card was changed after it was made; ask the office for a fresh copy.")
    message = _card_message(card.name, card.org_type, card.signing_public, card.age_recipient)
    try:
        verify(card.signing_public, CARD_SIGNATURE_DOMAIN, message, card.signature)
    except BadSignature:
        raise MalformedFile(
            "The office card was changed after it was made; ask the office for a fresh copy."
        ) from None
    return card


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("expected text")
    return value
