"""The signed envelope inside the age layer: the body's exact bytes, the signer and an Ed25519 signature.

The envelope names the signer's fingerprint so the receiver can pick the *pinned* key before it reads
anything in the body; the signature is checked over the body bytes as received, never over a
re-serialisation of them.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from sg_desktop.crypto.identity import OfficeKeys, sign
from sg_desktop.domain.errors import MalformedFile
from sg_desktop.exchange.canonical import canonical_json, loads_strict

__all__ = ["ENVELOPE_FORMAT", "ENVELOPE_VERSION", "SIGNATURE_DOMAIN", "Sealed", "seal", "unseal"]

ENVELOPE_FORMAT = "sg-desktop-signed"
ENVELOPE_VERSION = 1
SIGNATURE_DOMAIN = b"sg-desktop/protocol/v1\x00"
_KEYS = {"format", "version", "signer", "sig", "body"}
_HEX64 = re.compile(r"[0-9a-f]{64}")
_NOT_PROTOCOL = "The file opened, but what is inside is not an SG Desktop protocol document."


@dataclass(frozen=True)
class Sealed:
    """An unpacked envelope: who claims to have signed, the body bytes and the signature (not yet checked)."""

    signer: bytes
    body: bytes
    signature: bytes


def seal(body: bytes, keys: OfficeKeys) -> bytes:
    """The envelope of `body` signed by `keys`: canonical JSON with base64 body and signature."""
    signature = sign(keys.signing_private, SIGNATURE_DOMAIN, body)
    return canonical_json({
        "format": ENVELOPE_FORMAT,
        "version": ENVELOPE_VERSION,
        "signer": keys.fingerprint.hex(),
        "sig": base64.b64encode(signature).decode("ascii"),
        "body": base64.b64encode(body).decode("ascii"),
    })


def _b64(value: object) -> bytes:
    if not isinstance(value, str):
        raise ValueError("not base64 text")
    raw = base64.b64decode(value, validate=True)
    # One byte string has one encoding; a different spelling of the same bytes is refused.
    if base64.b64encode(raw).decode("ascii") != value:
        raise ValueError("not canonical base64")
    return raw


def unseal(plaintext: bytes) -> Sealed:
    """Unpack an envelope without trusting it; MalformedFile when it breaks the format."""
    try:
        obj = loads_strict(plaintext)
    except ValueError:
        raise MalformedFile(_NOT_PROTOCOL) from None
    if not isinstance(obj, dict) or obj.get("format") != ENVELOPE_FORMAT:
        raise MalformedFile(_NOT_PROTOCOL)
    version = obj.get("version")
    if version != ENVELOPE_VERSION:
        if isinstance(version, int) and not isinstance(version, bool) and version > ENVELOPE_VERSION:
            raise MalformedFile(
                f"This file was made by a newer version of SG Desktop (envelope version {version}); "
                "update SG Desktop to read it."
            )
        raise MalformedFile(_NOT_PROTOCOL)
    if set(obj) != _KEYS:
        raise MalformedFile(_NOT_PROTOCOL)
    signer = obj["signer"]
    if not isinstance(signer, str) or not _HEX64.fullmatch(signer):
        raise MalformedFile(_NOT_PROTOCOL)
    try:
        signature = _b64(obj["sig"])
        body = _b64(obj["body"])
    except (binascii.Error, ValueError):
        raise MalformedFile(_NOT_PROTOCOL) from None
    if len(signature) != 64:
        raise MalformedFile(_NOT_PROTOCOL)
    return Sealed(bytes.fromhex(signer), body, signature)
