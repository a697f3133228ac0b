"""Key derivation, key slots, the recovery key and office identities: bytes in, bytes out, no I/O."""

from sg_desktop.crypto.identity import (
    OfficeKeys,
    fingerprint,
    fingerprint_digits,
    generate_office_keys,
    sign,
    verify,
)
from sg_desktop.crypto.kdf import Argon2idKdf, HkdfKdf, Kdf, KdfParams, kdf_from_dict
from sg_desktop.crypto.keyslots import (
    DATA_KEY_BYTES,
    KeyFile,
    KeySlot,
    SlotKind,
    passphrase_secret,
    unwrap_key,
    wrap_key,
)
from sg_desktop.crypto.recovery import RecoveryKey, new_recovery_key, parse_recovery_key

__all__ = [
    "DATA_KEY_BYTES",
    "Argon2idKdf",
    "HkdfKdf",
    "Kdf",
    "KdfParams",
    "KeyFile",
    "KeySlot",
    "OfficeKeys",
    "RecoveryKey",
    "SlotKind",
    "fingerprint",
    "fingerprint_digits",
    "generate_office_keys",
    "kdf_from_dict",
    "new_recovery_key",
    "parse_recovery_key",
    "passphrase_secret",
    "sign",
    "unwrap_key",
    "verify",
    "wrap_key",
]
