"""What a vault file holds, read as an attacker with its key would read it: every page decrypted as it is on disk
(free space, freed pages and all), and a plaintext export of the database made with `sqlcipher_export`."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from sg_desktop.crypto import KeyFile, SlotKind, passphrase_secret, unwrap_key
from sg_desktop.store.vault import read_key_file

__all__ = ["data_key", "decrypted_pages", "plaintext_export"]

# SQLCipher 4's defaults, as SG Desktop keeps them: 4096-byte pages, each ending in a 16-byte IV and a 64-byte
# HMAC-SHA512; page 1 begins with the 16-byte salt in place of SQLite's header string.
_PAGE = 4096
_RESERVE = 16 + 64
_SALT = 16


def data_key(vault_path: Path, passphrase: str) -> bytes:
    """The vault's raw data key, unwrapped from its passphrase slot."""
    key_file = KeyFile.from_bytes(read_key_file(vault_path))
    slot = key_file.slot(SlotKind.PASSPHRASE)
    assert slot is not None
    return unwrap_key(slot, passphrase_secret(passphrase), key_file.vault_id)


def decrypted_pages(path: Path, key: bytes) -> bytes:
    """Every page of the database file at `path` decrypted with `key`, end to end."""
    data = path.read_bytes()
    assert len(data) % _PAGE == 0, "not a whole number of SQLCipher pages"
    out = bytearray()
    for n in range(len(data) // _PAGE):
        page = data[n * _PAGE:(n + 1) * _PAGE]
        iv = page[_PAGE - _RESERVE:_PAGE - _RESERVE + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out += decryptor.update(page[_SALT if n == 0 else 0:_PAGE - _RESERVE]) + decryptor.finalize()
    # Page 1 decrypted holds the rest of SQLite's header: the page size, big-endian, at offset 16 (0 here).
    assert out[0:2] == _PAGE.to_bytes(2, "big"), "the key did not decrypt the file"
    return bytes(out)


def plaintext_export(path: Path, key: bytes, out: Path) -> bytes:
    """The database at `path` exported with `sqlcipher_export` into an unencrypted database at `out`; its bytes."""
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("ATTACH DATABASE ? AS plaintext KEY ''", (str(out),))
        conn.execute("SELECT sqlcipher_export('plaintext')").fetchall()
        conn.execute("DETACH DATABASE plaintext")
    finally:
        conn.close()
    data = out.read_bytes()
    assert data.startswith(b"SQLite format 3\x00")
    return data
