"""The key file beside a vault: random bytes, bit flips of a real one, and mutated JSON whose checksum
is made right again, so each change reaches the slot parser; and the whole read path of unlocking."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto.keyslots import KeyFile, SlotKind, passphrase_secret, wrap_key
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import SgError
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.store.vault import key_file_path
from tests.conftest import PASSPHRASE, cheap_kdf
from tests.fuzz import EXAMPLES, RUNS, dump, fuzz, mutated, refused_calmly


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[VaultService, bytes]:
    """A real vault (locked) and its key file's bytes."""
    path = tmp_path_factory.mktemp("keyfile") / "fuzz.sgvault"
    clock = FixedClock(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))
    service = VaultService(path, clock=clock, councils=english_councils(), new_slot_kdf=cheap_kdf)
    session, _ = service.create(PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    session.lock()
    return service, key_file_path(path).read_bytes()


DOCUMENT = json.loads(KeyFile("fuzz-vault", (wrap_key(
    bytes(32), passphrase_secret(PASSPHRASE), SlotKind.PASSPHRASE, "fuzz-vault", cheap_kdf()
),)).to_bytes())


def with_checksum(document: Any) -> bytes:
    """`document` as key file text whose checksum matches (when it is an object with a checksum)."""
    if isinstance(document, dict) and "checksum" in document:
        rest = {k: v for k, v in document.items() if k != "checksum"}
        try:
            canonical = json.dumps(rest, sort_keys=True, separators=(",", ":")).encode()
        except TypeError:  # holds a Raw or Pairs: leave the checksum as it was
            return dump(document).encode("utf-8")
        document = {**rest, "checksum": hashlib.sha256(canonical).hexdigest()}
    return dump(document).encode("utf-8")


def parsed(data: bytes) -> None:
    try:
        KeyFile.from_bytes(data)
    except SgError as exc:
        refused_calmly(exc)


@fuzz()
@given(st.binary(max_size=4096))
def test_random_bytes(data: bytes) -> None:
    RUNS["key file random bytes"] += 1
    parsed(data)


@fuzz()
@given(st.data())
def test_bit_flips_and_truncations_of_a_real_key_file(vault: tuple[VaultService, bytes], data: st.DataObject) -> None:
    RUNS["key file flipped or truncated"] += 1
    real = vault[1]
    parsed(real[: data.draw(st.integers(0, len(real)))])
    changed = bytearray(real)
    for bit in data.draw(st.lists(st.integers(0, len(real) * 8 - 1), min_size=1, max_size=4)):
        changed[bit // 8] ^= 1 << (bit % 8)
    parsed(bytes(changed))


@fuzz()
@given(mutated(DOCUMENT))
@example({**DOCUMENT, "slots": [{**DOCUMENT["slots"][0], "kind": ["passphrase"]}]})  # was a TypeError
@example({**DOCUMENT, "slots": [{**DOCUMENT["slots"][0], "kind": {"a": 1}}]})
def test_mutated_json_with_a_good_checksum(document: object) -> None:
    RUNS["key file mutated, checksum right"] += 1
    parsed(with_checksum(document))


@pytest.mark.parametrize("change", [
    lambda d: {**d, "version": True},
    lambda d: {**d, "slots": [{**d["slots"][0], "kind": ["passphrase"]}]},
    lambda d: {**d, "slots": [{**d["slots"][0], "kind": {"a": 1}}]},
    lambda d: {**d, "slots": [{**d["slots"][0], "kdf": {**d["slots"][0]["kdf"], "memory_kib": 2**40}}]},
    lambda d: {**d, "slots": [{**d["slots"][0], "kdf": {**d["slots"][0]["kdf"], "iterations": True}}]},
])
def test_known_bad_shapes(vault: tuple[VaultService, bytes], change: Any) -> None:
    with pytest.raises(SgError) as caught:
        KeyFile.from_bytes(with_checksum(change(json.loads(vault[1]))))
    refused_calmly(caught.value)


@fuzz(EXAMPLES // 4)
@given(st.data())
@example(data=None)
def test_unlocking_with_a_doctored_key_file_writes_nothing(
    vault: tuple[VaultService, bytes], data: st.DataObject | None
) -> None:
    RUNS["key file through unlock"] += 1
    service, real = vault
    document = json.loads(real)
    doctored = with_checksum(data.draw(mutated(document))) if data is not None else real
    folder = service.path.parent
    key_file_path(service.path).write_bytes(doctored)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    try:
        service.unlock(PASSPHRASE).lock()
    except SgError as exc:
        refused_calmly(exc)
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    finally:
        key_file_path(service.path).write_bytes(real)


