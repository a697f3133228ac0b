"""Key slots and the key file: the right secret opens the vault; anything else fails in plain words."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import secrets
from collections.abc import Callable

import pytest

from sg_desktop.crypto.kdf import Argon2idKdf, HkdfKdf
from sg_desktop.crypto.keyslots import KeyFile, KeySlot, SlotKind, passphrase_secret, unwrap_key, wrap_key
from sg_desktop.domain.errors import NotAVault, SchemaTooNew, VaultDamaged, WrongPassphrase, WrongRecoveryKey

CHEAP = Argon2idKdf(memory_kib=1024, iterations=1, lanes=1, allow_weak=True)
VAULT = "6f1c1a52-8d7e-4a55-9b8e-1f2d3c4b5a69"
DATA_KEY = bytes(range(32))
PASSPHRASE = passphrase_secret("correct horse battery staple")
RECOVERY = secrets.token_bytes(18)


def passphrase_slot(data_key: bytes = DATA_KEY, secret: bytes = PASSPHRASE, vault: str = VAULT) -> KeySlot:
    return wrap_key(data_key, secret, SlotKind.PASSPHRASE, vault, CHEAP)


def recovery_slot(data_key: bytes = DATA_KEY, vault: str = VAULT) -> KeySlot:
    return wrap_key(data_key, RECOVERY, SlotKind.RECOVERY, vault, HkdfKdf())


@pytest.fixture(scope="module")
def keyfile() -> KeyFile:
    return KeyFile(VAULT, (passphrase_slot(), recovery_slot()))


def reseal(keyfile: KeyFile, change: Callable[[dict[str, object]], None]) -> bytes:
    """The key file's bytes after `change` to its JSON, with a fresh checksum so only the change is judged."""
    document = json.loads(keyfile.to_bytes())
    change(document)
    document.pop("checksum", None)
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":")).encode()
    document["checksum"] = hashlib.sha256(canonical).hexdigest()
    return json.dumps(document, sort_keys=True, separators=(",", ":")).encode()


def slot_field(index: int, name: str, value: object) -> Callable[[dict[str, object]], None]:
    def change(document: dict[str, object]) -> None:
        slots = document["slots"]
        assert isinstance(slots, list)
        slots[index][name] = value

    return change


# --- wrapping and unwrapping -----------------------------------------------------------------------------


def test_the_passphrase_gives_back_the_data_key() -> None:
    assert unwrap_key(passphrase_slot(), PASSPHRASE, VAULT) == DATA_KEY


def test_the_recovery_key_gives_back_the_data_key() -> None:
    assert unwrap_key(recovery_slot(), RECOVERY, VAULT) == DATA_KEY


def test_a_wrong_passphrase_is_reported_as_such() -> None:
    with pytest.raises(WrongPassphrase, match=r"The passphrase is not right\. Check Caps Lock"):
        unwrap_key(passphrase_slot(), passphrase_secret("Correct horse battery staple"), VAULT)


def test_a_wrong_recovery_key_is_reported_as_such() -> None:
    with pytest.raises(WrongRecoveryKey, match="The recovery key does not open this vault"):
        unwrap_key(recovery_slot(), secrets.token_bytes(18), VAULT)


def test_a_slot_does_not_open_another_vault() -> None:
    slot = passphrase_slot()
    with pytest.raises(WrongPassphrase):
        unwrap_key(slot, PASSPHRASE, "another-vault")


@pytest.mark.parametrize(
    "change",
    [
        {"kdf": {"name": "argon2id", "memory_kib": 1024, "iterations": 2, "lanes": 1}},
        {"salt": bytes(16)},
        {"nonce": bytes(12)},
        {"kind": SlotKind.RECOVERY},
    ],
    ids=["kdf", "salt", "nonce", "kind"],
)
def test_a_slot_changed_in_any_bound_field_no_longer_opens(change: dict[str, object]) -> None:
    slot = dataclasses.replace(passphrase_slot(), **change)  # type: ignore[arg-type]
    with pytest.raises((WrongPassphrase, WrongRecoveryKey)):
        unwrap_key(slot, PASSPHRASE, VAULT)


def test_salts_of_two_vaults_cannot_be_swapped() -> None:
    mine, theirs = passphrase_slot(), passphrase_slot(vault="another-vault")
    with pytest.raises(WrongPassphrase):
        unwrap_key(dataclasses.replace(mine, salt=theirs.salt), PASSPHRASE, VAULT)


def test_each_wrap_uses_fresh_salt_and_nonce() -> None:
    first, second = passphrase_slot(), passphrase_slot()
    assert first.salt != second.salt
    assert first.nonce != second.nonce
    assert first.ciphertext != second.ciphertext


def test_a_passphrase_slot_must_use_a_memory_hard_kdf() -> None:
    with pytest.raises(ValueError, match="Argon2id"):
        wrap_key(DATA_KEY, PASSPHRASE, SlotKind.PASSPHRASE, VAULT, HkdfKdf())


def test_only_a_256_bit_data_key_is_wrapped() -> None:
    with pytest.raises(ValueError):
        wrap_key(DATA_KEY[:16], PASSPHRASE, SlotKind.PASSPHRASE, VAULT, CHEAP)


def test_passphrases_typed_with_composed_or_decomposed_accents_match() -> None:
    slot = passphrase_slot(secret=passphrase_secret("caf\u00e9 au lait"))
    assert unwrap_key(slot, passphrase_secret("cafe\u0301 au lait"), VAULT) == DATA_KEY


def test_slot_repr_shows_no_key_material(keyfile: KeyFile) -> None:
    for slot in keyfile.slots:
        text = repr(slot) + repr(keyfile)
        assert "passphrase" in text or "recovery" in text
        for secret in (slot.salt, slot.nonce, slot.ciphertext, DATA_KEY):
            assert secret.hex() not in text
            assert repr(secret) not in text


# --- the key file ----------------------------------------------------------------------------------------


def test_key_file_round_trips_and_still_opens(keyfile: KeyFile) -> None:
    restored = KeyFile.from_bytes(keyfile.to_bytes())
    assert restored == keyfile
    passphrase = restored.slot(SlotKind.PASSPHRASE)
    assert passphrase is not None
    assert unwrap_key(passphrase, PASSPHRASE, restored.vault_id) == DATA_KEY


def test_key_file_bytes_are_stable_sorted_json(keyfile: KeyFile) -> None:
    data = keyfile.to_bytes()
    assert KeyFile.from_bytes(data).to_bytes() == data
    document = json.loads(data)
    assert document["format"] == "sg-desktop-keyfile"
    assert document["version"] == 1
    assert list(document) == sorted(document)


def test_with_slot_replaces_the_slot_of_its_kind(keyfile: KeyFile) -> None:
    new_secret = passphrase_secret("a new passphrase")
    changed = keyfile.with_slot(passphrase_slot(secret=new_secret))
    assert len(changed.slots) == 2
    assert changed.slot(SlotKind.RECOVERY) == keyfile.slot(SlotKind.RECOVERY)
    slot = changed.slot(SlotKind.PASSPHRASE)
    assert slot is not None
    assert unwrap_key(slot, new_secret, VAULT) == DATA_KEY
    with pytest.raises(WrongPassphrase):
        unwrap_key(slot, PASSPHRASE, VAULT)


def test_with_slot_adds_a_missing_kind() -> None:
    only_passphrase = KeyFile(VAULT, (passphrase_slot(),))
    assert only_passphrase.slot(SlotKind.RECOVERY) is None
    assert only_passphrase.with_slot(recovery_slot()).slot(SlotKind.RECOVERY) is not None


def test_key_file_needs_a_vault_id() -> None:
    with pytest.raises(ValueError):
        KeyFile("", (passphrase_slot(),))


def test_key_file_needs_a_slot() -> None:
    with pytest.raises(ValueError):
        KeyFile(VAULT, ())


def test_key_file_holds_one_slot_of_each_kind() -> None:
    with pytest.raises(ValueError):
        KeyFile(VAULT, (passphrase_slot(), passphrase_slot()))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"SQLite format 3\x00" + bytes(100),
        b"\xff\xfe not text",
        b"[1, 2, 3]",
        b'{"format": "something-else", "version": 1}',
        b"{" + b" " * 100_000 + b"}",
    ],
    ids=["empty", "sqlite", "binary", "list", "other-format", "huge"],
)
def test_other_files_are_not_a_vault(data: bytes) -> None:
    with pytest.raises(NotAVault, match="not an SG Desktop vault key file"):
        KeyFile.from_bytes(data)


def _drop(name: str) -> Callable[[dict[str, object]], None]:
    def change(document: dict[str, object]) -> None:
        del document[name]

    return change


@pytest.mark.parametrize(
    "change",
    [
        _drop("vault_id"),
        _drop("slots"),
        lambda d: d.update(version=0),
        lambda d: d.update(slots=[]),
        lambda d: d.update(vault_id=42),
        lambda d: d.update(extra="field"),
        slot_field(0, "salt", "not base64!"),
        slot_field(0, "salt", "AAAA"),
        slot_field(0, "nonce", 12),
        slot_field(0, "ciphertext", "AAAA"),
        slot_field(0, "kind", "fingerprint"),
        slot_field(0, "version", 0),
        slot_field(0, "kdf", {"name": "argon2id", "memory_kib": 1 << 40, "iterations": 3, "lanes": 4}),
        slot_field(0, "kdf", {"name": "bcrypt"}),
        slot_field(0, "kdf", {"name": "hkdf-sha256"}),  # a passphrase slot must be memory-hard
        slot_field(1, "kind", "passphrase"),  # two passphrase slots
        lambda d: d.update(slots=["not a slot"]),
    ],
)
def test_a_key_file_broken_inside_is_damaged(
    keyfile: KeyFile, change: Callable[[dict[str, object]], None]
) -> None:
    with pytest.raises(VaultDamaged, match="key file is damaged"):
        KeyFile.from_bytes(reseal(keyfile, change))


def test_a_key_file_from_a_newer_version_says_so(keyfile: KeyFile) -> None:
    with pytest.raises(SchemaTooNew, match="newer version of SG Desktop"):
        KeyFile.from_bytes(reseal(keyfile, lambda d: d.update(version=2)))
    with pytest.raises(SchemaTooNew):
        KeyFile.from_bytes(reseal(keyfile, slot_field(0, "version", 2)))


def test_a_changed_byte_in_a_slot_is_damage_not_a_wrong_passphrase(keyfile: KeyFile) -> None:
    data = keyfile.to_bytes()
    b64 = json.loads(data)["slots"][0]["ciphertext"].encode()
    start = data.index(b64)
    damaged = data[:start] + (b"B" if data[start : start + 1] != b"B" else b"C") + data[start + 1 :]
    with pytest.raises(VaultDamaged, match="checksum"):
        KeyFile.from_bytes(damaged)


def test_every_single_changed_byte_is_noticed(keyfile: KeyFile) -> None:
    data = keyfile.to_bytes()
    for i in range(len(data)):
        changed = data[:i] + bytes([data[i] ^ 0x01]) + data[i + 1 :]
        with pytest.raises((VaultDamaged, NotAVault)):
            KeyFile.from_bytes(changed)


def test_duplicate_json_keys_are_damage(keyfile: KeyFile) -> None:
    data = keyfile.to_bytes()
    with pytest.raises(VaultDamaged):
        KeyFile.from_bytes(data.replace(b'"format":', b'"vault_id":"x","format":', 1))


def test_a_truncated_key_file_is_damaged(keyfile: KeyFile) -> None:
    data = keyfile.to_bytes()
    with pytest.raises(VaultDamaged):
        KeyFile.from_bytes(data[: len(data) // 2])
