"""Key slots: the vault's random data key, wrapped once per way of opening the vault.

A slot holds the data key encrypted with ChaCha20-Poly1305 under a key derived from a secret (the
passphrase, or the recovery key). The slot's format label, version, kind, KDF parameters, salt and the
vault's id are bound in as associated data, so a slot moved to another vault, relabelled, or given other
parameters no longer opens. A `KeyFile` is the set of slots of one vault, as stable JSON with a checksum so
that a damaged file is reported as damaged rather than as a wrong passphrase.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from sg_desktop.crypto.kdf import ARGON2ID_NAME, Kdf, KdfParams, kdf_from_dict
from sg_desktop.domain.errors import NotAVault, SchemaTooNew, VaultDamaged, WrongPassphrase, WrongRecoveryKey

__all__ = [
    "DATA_KEY_BYTES",
    "KEYFILE_FORMAT",
    "KEYFILE_VERSION",
    "NONCE_BYTES",
    "SALT_BYTES",
    "SLOT_VERSION",
    "KeyFile",
    "KeySlot",
    "SlotKind",
    "passphrase_secret",
    "unwrap_key",
    "wrap_key",
]

DATA_KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
_TAG_BYTES = 16
SLOT_VERSION = 1
KEYFILE_FORMAT = "sg-desktop-keyfile"
KEYFILE_VERSION = 1
_SLOT_LABEL = b"sg-desktop-keyslot"
# A key file is well under a kilobyte; anything far larger is something else and is not parsed.
_MAX_KEYFILE_BYTES = 64 * 1024

_WRONG_PASSPHRASE = "The passphrase is not right. Check Caps Lock and try again."
_WRONG_RECOVERY_KEY = "The recovery key does not open this vault."
_NOT_A_KEYFILE = "This file is not an SG Desktop vault key file."
_TOO_NEW = "This vault was made by a newer version of SG Desktop. Update SG Desktop to open it."


class SlotKind(StrEnum):
    """Which secret opens a slot."""

    PASSPHRASE = "passphrase"
    RECOVERY = "recovery"


@dataclass(frozen=True)
class KeySlot:
    """One wrapped copy of the data key; its repr shows the kind and KDF, never salt or ciphertext."""

    kind: SlotKind
    version: int
    kdf: KdfParams
    salt: bytes = field(repr=False)
    nonce: bytes = field(repr=False)
    ciphertext: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.kind, SlotKind):
            raise ValueError(f"unknown slot kind {self.kind!r}")
        if self.version != SLOT_VERSION:
            raise ValueError(f"unknown slot version {self.version!r}")
        # A private copy, so that the caller's dict changing later cannot change a frozen slot.
        object.__setattr__(self, "kdf", dict(self.kdf))
        kdf_from_dict(self.kdf)
        _check_kdf_for_kind(self.kind, self.kdf)
        for name, value, size in (
            ("salt", self.salt, SALT_BYTES),
            ("nonce", self.nonce, NONCE_BYTES),
            ("ciphertext", self.ciphertext, DATA_KEY_BYTES + _TAG_BYTES),
        ):
            if not isinstance(value, bytes) or len(value) != size:
                raise ValueError(f"{name} must be {size} bytes")


def _check_kdf_for_kind(kind: SlotKind, params: Mapping[str, object]) -> None:
    # A passphrase is guessable; only a memory-hard KDF may protect it.
    if kind is SlotKind.PASSPHRASE and params.get("name") != ARGON2ID_NAME:
        raise ValueError("a passphrase slot must use Argon2id")


def passphrase_secret(passphrase: str) -> bytes:
    """The bytes a passphrase stands for: NFC-normalised UTF-8, so the same words typed anywhere match."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _canonical_json(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _associated_data(kind: SlotKind, version: int, kdf: KdfParams, salt: bytes, vault_id: str) -> bytes:
    # Length-prefixed, so no two different field lists can encode to the same bytes.
    parts = (
        _SLOT_LABEL, str(version).encode(), kind.value.encode(), _canonical_json(kdf), salt, vault_id.encode()
    )
    return b"".join(len(p).to_bytes(4, "big") + p for p in parts)


def wrap_key(data_key: bytes, secret: bytes, kind: SlotKind, vault_id: str, kdf: Kdf) -> KeySlot:
    """A new slot that gives back `data_key` to whoever holds `secret`, for this vault only."""
    if len(data_key) != DATA_KEY_BYTES:
        raise ValueError(f"the data key must be {DATA_KEY_BYTES} bytes")
    params = kdf.to_dict()
    _check_kdf_for_kind(kind, params)
    salt = secrets.token_bytes(SALT_BYTES)
    nonce = secrets.token_bytes(NONCE_BYTES)
    wrapping_key = kdf.derive(secret, salt)
    ad = _associated_data(kind, SLOT_VERSION, params, salt, vault_id)
    ciphertext = ChaCha20Poly1305(wrapping_key).encrypt(nonce, data_key, ad)
    return KeySlot(kind, SLOT_VERSION, params, salt, nonce, ciphertext)


def unwrap_key(slot: KeySlot, secret: bytes, vault_id: str) -> bytes:
    """The data key in `slot`; WrongPassphrase or WrongRecoveryKey if `secret` does not open it."""
    wrapping_key = kdf_from_dict(slot.kdf).derive(secret, slot.salt)
    ad = _associated_data(slot.kind, slot.version, slot.kdf, slot.salt, vault_id)
    try:
        return ChaCha20Poly1305(wrapping_key).decrypt(slot.nonce, slot.ciphertext, ad)
    except InvalidTag:
        if slot.kind is SlotKind.PASSPHRASE:
            raise WrongPassphrase(_WRONG_PASSPHRASE) from None
        raise WrongRecoveryKey(_WRONG_RECOVERY_KEY) from None


@dataclass(frozen=True)
class KeyFile:
    """The key slots of one vault, at most one of each kind, stored as checksummed JSON."""

    FORMAT: ClassVar[str] = KEYFILE_FORMAT
    VERSION: ClassVar[int] = KEYFILE_VERSION

    vault_id: str
    slots: tuple[KeySlot, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.vault_id, str) or not self.vault_id:
            raise ValueError("a key file needs a vault id")
        object.__setattr__(self, "slots", tuple(self.slots))
        if not self.slots:
            raise ValueError("a key file needs at least one slot")
        kinds = [s.kind for s in self.slots]
        if len(set(kinds)) != len(kinds):
            raise ValueError("a key file has at most one slot of each kind")

    def slot(self, kind: SlotKind) -> KeySlot | None:
        """The slot of this kind, or None if the vault has none."""
        return next((s for s in self.slots if s.kind is kind), None)

    def with_slot(self, slot: KeySlot) -> KeyFile:
        """A copy with `slot` in place of the slot of its kind (or added, if there was none)."""
        if self.slot(slot.kind) is None:
            return KeyFile(self.vault_id, (*self.slots, slot))
        return KeyFile(self.vault_id, tuple(slot if s.kind is slot.kind else s for s in self.slots))

    def to_bytes(self) -> bytes:
        """The key file as UTF-8 JSON with sorted keys: the same key file always gives the same bytes."""
        document: dict[str, object] = {
            "format": self.FORMAT,
            "version": self.VERSION,
            "vault_id": self.vault_id,
            "slots": [_slot_to_json(s) for s in self.slots],
        }
        document["checksum"] = hashlib.sha256(_canonical_json(document)).hexdigest()
        return _canonical_json(document) + b"\n"

    @classmethod
    def from_bytes(cls, data: bytes) -> KeyFile:
        """Read a key file; NotAVault if it is not one, VaultDamaged if it is one but broken."""
        if len(data) > _MAX_KEYFILE_BYTES:
            raise NotAVault(_NOT_A_KEYFILE)
        try:
            text = data.decode("utf-8")
            document = json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_nan)
        except (UnicodeDecodeError, ValueError):
            # Bytes that name our format but do not parse are a damaged key file, not some other file.
            if cls.FORMAT.encode() in data:
                raise _damaged("it is not valid JSON") from None
            raise NotAVault(_NOT_A_KEYFILE) from None
        if not isinstance(document, dict) or document.get("format") != cls.FORMAT:
            raise NotAVault(_NOT_A_KEYFILE)
        _check_version(document.get("version"), cls.VERSION, "the key file")
        checksum = document.pop("checksum", None)
        expected = hashlib.sha256(_canonical_json(document)).hexdigest()
        if not isinstance(checksum, str) or not secrets.compare_digest(checksum, expected):
            raise _damaged("its checksum does not match its content")
        _expect_keys(document, {"format", "version", "vault_id", "slots"}, "the key file")
        vault_id, slots = document["vault_id"], document["slots"]
        if not isinstance(vault_id, str) or not isinstance(slots, list):
            raise _damaged("its vault id or slot list is malformed")
        try:
            return cls(vault_id, tuple(_slot_from_json(s, n) for n, s in enumerate(slots, 1)))
        except ValueError as error:
            raise _damaged(str(error)) from None


def _slot_to_json(slot: KeySlot) -> dict[str, object]:
    return {
        "kind": slot.kind.value,
        "version": slot.version,
        "kdf": slot.kdf,
        "salt": _b64(slot.salt),
        "nonce": _b64(slot.nonce),
        "ciphertext": _b64(slot.ciphertext),
    }


def _slot_from_json(raw: object, number: int) -> KeySlot:
    where = f"slot {number}"
    if not isinstance(raw, dict):
        raise _damaged(f"{where} is not a record")
    _expect_keys(raw, {"kind", "version", "kdf", "salt", "nonce", "ciphertext"}, where)
    _check_version(raw["version"], SLOT_VERSION, where)
    kind, kdf = raw["kind"], raw["kdf"]
    if not isinstance(kind, str) or kind not in {k.value for k in SlotKind}:  # a list or object is unhashable
        raise _damaged(f"{where} has an unknown kind")
    if not isinstance(kdf, dict):
        raise _damaged(f"{where} has malformed key derivation settings")
    try:
        return KeySlot(
            SlotKind(kind),
            SLOT_VERSION,
            kdf,
            _unb64(raw["salt"]),
            _unb64(raw["nonce"]),
            _unb64(raw["ciphertext"]),
        )
    except ValueError as error:
        raise _damaged(f"{where}: {error}") from None


def _check_version(version: object, supported: int, what: str) -> None:
    if isinstance(version, int) and not isinstance(version, bool) and version > supported:
        raise SchemaTooNew(_TOO_NEW)
    if version != supported or isinstance(version, bool):
        raise _damaged(f"{what} has an unknown version")


def _expect_keys(record: Mapping[str, object], expected: set[str], where: str) -> None:
    missing, extra = sorted(expected - set(record)), sorted(set(record) - expected)
    if missing:
        raise _damaged(f"{where} lacks {', '.join(missing)}")
    if extra:
        # Not named: the names come from the file, and a message must not echo arbitrary file content.
        raise _damaged(f"{where} has fields SG Desktop does not know")


def _damaged(detail: str) -> VaultDamaged:
    return VaultDamaged(
        f"The vault's key file is damaged or was changed outside SG Desktop ({detail}). "
        "Restore the vault from a backup."
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("a binary field is not text")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise ValueError("a binary field is not valid base64") from None


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise ValueError("duplicate key")
    return result


def _no_nan(token: str) -> object:
    raise ValueError(f"{token} is not allowed")
