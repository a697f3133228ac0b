"""An office's identity: an Ed25519 signing key and an X25519 age key, and the fingerprint people compare.

Two offices trust each other once they have read each other's fingerprint aloud by phone, so
`fingerprint_digits` (the domain's) renders it as eight groups of five digits. Signatures are always over a
domain-separation prefix followed by the message, so a signature made for one purpose (a protocol file,
an office card) can never be passed off as one for another.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from sg_desktop.domain.errors import BadSignature
from sg_desktop.domain.office import FINGERPRINT_GROUPS, fingerprint_digits

__all__ = [
    "FINGERPRINT_GROUPS",
    "OfficeKeys",
    "fingerprint",
    "fingerprint_digits",
    "generate_office_keys",
    "sign",
    "verify",
]

_SEED_BYTES = 32
_FINGERPRINT_LABEL = b"sg-desktop/office-fingerprint/v1"
_BAD_SIGNATURE = (
    "The signature does not match: the file was changed, or it was not signed by the office it names."
)


@dataclass(frozen=True)
class OfficeKeys:
    """This office's private keys, with the public parts derived from them; the repr shows only those."""

    signing_private: bytes = field(repr=False)
    age_identity: str = field(repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.signing_private, bytes) or len(self.signing_private) != _SEED_BYTES:
            raise ValueError(f"the signing key must be a {_SEED_BYTES}-byte Ed25519 seed")
        if not isinstance(self.age_identity, str) or not self.age_identity.startswith("AGE-SECRET-KEY-1"):
            raise ValueError("the age identity must be an AGE-SECRET-KEY-1… string")
        try:
            pyrage.x25519.Identity.from_str(self.age_identity)
        except Exception:  # pyrage raises its own exception types, not ValueError
            raise ValueError("the age identity is not a valid X25519 age key") from None

    @property
    def signing_public(self) -> bytes:
        """The 32-byte Ed25519 public key."""
        return Ed25519PrivateKey.from_private_bytes(self.signing_private).public_key().public_bytes_raw()

    @property
    def age_recipient(self) -> str:
        """The "age1…" recipient that files for this office are encrypted to."""
        return str(pyrage.x25519.Identity.from_str(self.age_identity).to_public())

    @property
    def fingerprint(self) -> bytes:
        """The SHA-256 fingerprint of this office's public keys."""
        return fingerprint(self.signing_public, self.age_recipient)

    def __repr__(self) -> str:
        public = self.signing_public.hex()
        return f"OfficeKeys(age_recipient={self.age_recipient!r}, signing_public={public!r})"


def generate_office_keys() -> OfficeKeys:
    """A fresh identity for this office from the system's cryptographic random source."""
    seed = Ed25519PrivateKey.generate().private_bytes_raw()
    return OfficeKeys(seed, str(pyrage.x25519.Identity.generate()))


def fingerprint(signing_public: bytes, age_recipient: str) -> bytes:
    """SHA-256 over a labelled, length-prefixed encoding of both public keys."""
    if len(signing_public) != _SEED_BYTES:
        raise ValueError("an Ed25519 public key is 32 bytes")
    if not age_recipient.startswith("age1"):
        raise ValueError("an age recipient starts with age1")
    parts = (_FINGERPRINT_LABEL, signing_public, age_recipient.encode("ascii"))
    return hashlib.sha256(b"".join(len(p).to_bytes(4, "big") + p for p in parts)).digest()


def sign(private_seed: bytes, domain: bytes, message: bytes) -> bytes:
    """The 64-byte Ed25519 signature over `domain + message`.

    `domain` must be a constant that no other domain is a prefix of (end it with a NUL or newline).
    """
    return Ed25519PrivateKey.from_private_bytes(private_seed).sign(domain + message)


def verify(public: bytes, domain: bytes, message: bytes, signature: bytes) -> None:
    """Return if `signature` is `public`'s Ed25519 signature over `domain + message`; BadSignature if not."""
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, domain + message)
    except (InvalidSignature, ValueError):
        # A malformed pinned key or signature is reported the same way: the file cannot be trusted.
        raise BadSignature(_BAD_SIGNATURE) from None
