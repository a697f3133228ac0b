"""The outer layer of a protocol file: age v1 (https://age-encryption.org/v1), binary, never armored.

Decryption is pyrage's. Before handing a file to pyrage we read the age header ourselves, only far
enough to see its stanzas: a passphrase file must not be able to make us run scrypt with a huge work
factor, and armored input is refused outright so that the work-factor check cannot be sidestepped.

Passphrase files are *written* here rather than with `pyrage.passphrase.encrypt`, because that one
picks the scrypt work factor by timing the machine and can exceed 20 on a fast laptop, which every
receiver then refuses. The writer follows the age v1 specification (scrypt stanza, HKDF-SHA-256 header
MAC, ChaCha20-Poly1305 STREAM payload); the tests decrypt its output with pyrage and with the `age` tool.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pyrage
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from sg_desktop.domain.errors import MalformedFile, NotForThisOffice

__all__ = [
    "AGE_MAGIC",
    "DEFAULT_WORK_FACTOR",
    "MAX_STANZAS",
    "MAX_WORK_FACTOR",
    "MIN_WORK_FACTOR",
    "Stanza",
    "decrypt_with_identity",
    "decrypt_with_passphrase",
    "encrypt_to_recipients",
    "encrypt_with_passphrase",
    "read_stanzas",
    "scrypt_work_factor",
]

AGE_MAGIC = b"age-encryption.org/v1\n"
MAX_WORK_FACTOR = 20  # 2**20 scrypt rounds: about a gigabyte of memory and a few seconds
MIN_WORK_FACTOR = 10
DEFAULT_WORK_FACTOR = 18  # what the reference `age` tool uses
_CHUNK = 64 * 1024
# SG Desktop writes at most 100 recipients (plus age's one "grease" stanza); trying a key against
# hundreds of thousands of stanzas would only ever be a way to make an import hang.
MAX_STANZAS = 1000
_COLUMNS = 64
_ARG = re.compile(rb"[\x21-\x7e]+")
_B64_LINE = re.compile(rb"[A-Za-z0-9+/]*")
_DECIMAL = re.compile(r"[1-9][0-9]{0,2}")
_NOT_AGE = "This is not an SG Desktop protocol file."
_DAMAGED = "This file is damaged or was changed after it was made."


@dataclass(frozen=True)
class Stanza:
    """One recipient stanza of an age header: its type and arguments (the wrapped key is not kept)."""

    kind: str
    args: tuple[str, ...]


def read_stanzas(data: bytes) -> tuple[Stanza, ...]:
    """The stanzas of a binary age v1 header; MalformedFile when `data` does not start with one."""
    if data.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----"):
        raise MalformedFile("This file is in age's text (armored) form; protocol files are binary.")
    if not data.startswith(AGE_MAGIC):
        raise MalformedFile(_NOT_AGE)
    pos = len(AGE_MAGIC)
    stanzas: list[Stanza] = []
    while True:
        line, pos = _line(data, pos)
        if line.startswith(b"--- "):
            break
        if not line.startswith(b"-> "):
            raise MalformedFile(_DAMAGED)
        args = line[3:].split(b" ")
        if not all(_ARG.fullmatch(a) for a in args):
            raise MalformedFile(_DAMAGED)
        while True:  # the wrapped key: full 64-column lines, then one shorter (possibly empty) line
            body, pos = _line(data, pos)
            if len(body) > _COLUMNS or not _B64_LINE.fullmatch(body):
                raise MalformedFile(_DAMAGED)
            if len(body) < _COLUMNS:
                break
        words = [a.decode("ascii") for a in args]
        stanzas.append(Stanza(words[0], tuple(words[1:])))
        if len(stanzas) > MAX_STANZAS:
            raise MalformedFile(
                f"This file names more than {MAX_STANZAS} recipients; it was not made by SG Desktop."
            )
    if not stanzas:
        raise MalformedFile(_DAMAGED)
    return tuple(stanzas)


def _line(data: bytes, pos: int) -> tuple[bytes, int]:
    end = data.find(b"\n", pos)
    if end < 0:
        raise MalformedFile(_DAMAGED)
    return data[pos:end], end + 1


def scrypt_work_factor(stanzas: Sequence[Stanza]) -> int | None:
    """The scrypt work factor (log2 N) of a passphrase file's header, or None if it has no scrypt stanza.

    An scrypt stanza must be the file's only stanza and have exactly a salt and a decimal work factor.
    """
    found = [s for s in stanzas if s.kind == "scrypt"]
    if not found:
        return None
    if len(stanzas) != 1 or len(found[0].args) != 2 or not _DECIMAL.fullmatch(found[0].args[1]):
        raise MalformedFile(_DAMAGED)
    return int(found[0].args[1])


def encrypt_to_recipients(plaintext: bytes, recipients: Sequence[str]) -> bytes:
    """`plaintext` as a binary age file for each X25519 recipient ("age1…")."""
    keys = [pyrage.x25519.Recipient.from_str(r) for r in recipients]
    return bytes(pyrage.encrypt(plaintext, keys))


def decrypt_with_identity(data: bytes, identity: str) -> bytes:
    """Decrypt an X25519 age file; NotForThisOffice if the key does not open it, MalformedFile if damaged."""
    try:
        return bytes(pyrage.decrypt(data, [pyrage.x25519.Identity.from_str(identity)]))
    except Exception as exc:  # pyrage raises DecryptError, and its own types for anything unforeseen
        # pyrage reports every failure with the same class; only its message tells them apart.
        if isinstance(exc, pyrage.DecryptError) and "no matching keys" in str(exc).lower():
            raise NotForThisOffice("This file was not encrypted for this office.") from None
        raise MalformedFile(_DAMAGED) from None


def decrypt_with_passphrase(data: bytes, passphrase: str) -> bytes:
    """Decrypt a passphrase file whose header was checked; NotForThisOffice if the passphrase is wrong."""
    try:
        return bytes(pyrage.passphrase.decrypt(data, passphrase))
    except Exception as exc:  # as above
        if isinstance(exc, pyrage.DecryptError) and "decryption failed" in str(exc).lower():
            raise NotForThisOffice("The passphrase does not open this file.") from None
        raise MalformedFile(_DAMAGED) from None


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data).rstrip(b"=")


def _hkdf(key: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(key)


def encrypt_with_passphrase(
    plaintext: bytes, passphrase: str, work_factor: int = DEFAULT_WORK_FACTOR
) -> bytes:
    """`plaintext` as a binary age v1 file with a single scrypt stanza of the given work factor."""
    if not MIN_WORK_FACTOR <= work_factor <= MAX_WORK_FACTOR:
        raise ValueError(f"the scrypt work factor must be {MIN_WORK_FACTOR} to {MAX_WORK_FACTOR}")
    if not passphrase:
        raise ValueError("the passphrase is empty")
    file_key = os.urandom(16)
    salt = os.urandom(16)
    n = 1 << work_factor
    wrap_key = Scrypt(salt=b"age-encryption.org/v1/scrypt" + salt, length=32, n=n, r=8, p=1).derive(
        passphrase.encode("utf-8")
    )
    wrapped = ChaCha20Poly1305(wrap_key).encrypt(bytes(12), file_key, None)
    body = _b64(wrapped)
    lines = [body[i : i + _COLUMNS] for i in range(0, len(body), _COLUMNS)]
    if len(lines[-1]) == _COLUMNS:
        lines.append(b"")
    header = (
        AGE_MAGIC
        + b"-> scrypt " + _b64(salt) + b" " + str(work_factor).encode("ascii") + b"\n"
        + b"".join(line + b"\n" for line in lines)
        + b"---"
    )
    mac = hmac.new(_hkdf(file_key, b"", b"header"), header, hashlib.sha256).digest()
    nonce = os.urandom(16)
    aead = ChaCha20Poly1305(_hkdf(file_key, nonce, b"payload"))
    chunks = [plaintext[i : i + _CHUNK] for i in range(0, len(plaintext), _CHUNK)] or [b""]
    sealed = [
        aead.encrypt(i.to_bytes(11, "big") + (b"\x01" if i == len(chunks) - 1 else b"\x00"), chunk, None)
        for i, chunk in enumerate(chunks)
    ]
    return header + b" " + _b64(mac) + b"\n" + nonce + b"".join(sealed)
