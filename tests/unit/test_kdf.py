"""Key derivation: published vectors, stored parameters read back safely, and calibration."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sg_desktop.crypto.kdf import (
    MAX_ITERATIONS,
    MAX_LANES,
    MAX_MEMORY_KIB,
    MIN_MEMORY_KIB,
    Argon2idKdf,
    HkdfKdf,
    _argon2id,
    _hkdf_sha256,
    kdf_from_dict,
)

CHEAP = Argon2idKdf(memory_kib=1024, iterations=1, lanes=1, allow_weak=True)
SALT = bytes(range(16))


def test_argon2id_matches_rfc_9106_vector() -> None:
    # RFC 9106 section 5.3: Argon2id, version 0x13, 32 KiB, 3 passes, 4 lanes, with secret and AD.
    tag = _argon2id(
        b"\x01" * 32,
        b"\x02" * 16,
        memory_kib=32,
        iterations=3,
        lanes=4,
        pepper=b"\x03" * 8,
        ad=b"\x04" * 12,
    )
    assert tag.hex() == "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"


def test_hkdf_matches_rfc_5869_vector() -> None:
    # RFC 5869 test case 1; HKDF output is a prefix-stable stream, so 32 bytes are the OKM's first 32.
    okm = _hkdf_sha256(b"\x0b" * 22, bytes(range(13)), bytes(range(0xF0, 0xFA)))
    assert okm.hex() == "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"


@pytest.mark.parametrize("kdf", [CHEAP, HkdfKdf()], ids=["argon2id", "hkdf"])
def test_derive_is_deterministic_and_depends_on_secret_and_salt(kdf: Argon2idKdf | HkdfKdf) -> None:
    key = kdf.derive(b"correct horse", SALT)
    assert len(key) == 32
    assert kdf.derive(b"correct horse", SALT) == key
    assert kdf.derive(b"correct horse", bytes(16)) != key
    assert kdf.derive(b"correct horsf", SALT) != key


def test_argon2id_parameters_change_the_key() -> None:
    other = Argon2idKdf(memory_kib=1024, iterations=2, lanes=1, allow_weak=True)
    assert CHEAP.derive(b"pw", SALT) != other.derive(b"pw", SALT)


def test_hkdf_slot_key_is_domain_separated_from_plain_hkdf() -> None:
    assert HkdfKdf().derive(b"secret", SALT) != _hkdf_sha256(b"secret", SALT, b"")


def test_argon2id_defaults_are_at_least_64_mib() -> None:
    assert Argon2idKdf().to_dict() == {"name": "argon2id", "memory_kib": 65536, "iterations": 3, "lanes": 4}


def test_weak_argon2id_needs_explicit_permission() -> None:
    with pytest.raises(ValueError, match="too weak"):
        Argon2idKdf(memory_kib=MIN_MEMORY_KIB - 1)


@pytest.mark.parametrize(
    ("memory_kib", "iterations", "lanes"),
    [
        (MAX_MEMORY_KIB + 1, 1, 1),
        (65536, 0, 4),
        (65536, MAX_ITERATIONS + 1, 4),
        (65536, 3, 0),
        (65536, 3, MAX_LANES + 1),
        (31, 1, 4),  # Argon2 needs 8 KiB per lane
    ],
)
def test_argon2id_refuses_out_of_range_parameters(memory_kib: int, iterations: int, lanes: int) -> None:
    with pytest.raises(ValueError):
        Argon2idKdf(memory_kib, iterations, lanes, allow_weak=True)


@pytest.mark.parametrize("kdf", [Argon2idKdf(), CHEAP, HkdfKdf()], ids=["default", "weak", "hkdf"])
def test_kdf_from_dict_round_trips(kdf: Argon2idKdf | HkdfKdf) -> None:
    restored = kdf_from_dict(kdf.to_dict())
    assert restored == kdf
    assert restored.derive(b"pw", SALT) == kdf.derive(b"pw", SALT)


@given(
    lanes=st.integers(1, MAX_LANES),
    iterations=st.integers(1, MAX_ITERATIONS),
    extra_memory=st.integers(0, MAX_MEMORY_KIB),
)
def test_kdf_from_dict_accepts_everything_argon2idkdf_can_make(
    lanes: int, iterations: int, extra_memory: int
) -> None:
    memory_kib = min(8 * lanes + extra_memory, MAX_MEMORY_KIB)
    kdf = Argon2idKdf(memory_kib, iterations, lanes, allow_weak=True)
    assert kdf_from_dict(kdf.to_dict()) == kdf


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"name": "scrypt", "n": 16384},
        {"name": "argon2id", "memory_kib": MAX_MEMORY_KIB + 1, "iterations": 3, "lanes": 4},
        {"name": "argon2id", "memory_kib": 65536, "iterations": MAX_ITERATIONS + 1, "lanes": 4},
        {"name": "argon2id", "memory_kib": 65536, "iterations": 3, "lanes": MAX_LANES + 1},
        {"name": "argon2id", "memory_kib": 65536, "iterations": 0, "lanes": 4},
        {"name": "argon2id", "memory_kib": 65536, "iterations": 3},
        {"name": "argon2id", "memory_kib": 65536, "iterations": 3, "lanes": 4, "pepper": "x"},
        {"name": "argon2id", "memory_kib": "65536", "iterations": 3, "lanes": 4},
        {"name": "argon2id", "memory_kib": 65536.0, "iterations": 3, "lanes": 4},
        {"name": "argon2id", "memory_kib": 65536, "iterations": True, "lanes": 4},
        {"name": "hkdf-sha256", "info": "other"},
    ],
)
def test_kdf_from_dict_refuses_unknown_or_absurd_parameters(params: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        kdf_from_dict(params)


class FakeMachine:
    """A clock and an Argon2id whose cost is `overhead + iterations * per_pass` simulated seconds."""

    def __init__(self, per_pass: float, overhead: float = 0.0, first_call_extra: float = 0.0) -> None:
        self.now = 0.0
        self.per_pass = per_pass
        self.overhead = overhead
        self.first_call_extra = first_call_extra
        self.derived: list[Argon2idKdf] = []

    def timer(self) -> float:
        return self.now

    def derive(self, kdf: Argon2idKdf, secret: bytes, salt: bytes) -> bytes:
        self.now += self.overhead + kdf.iterations * self.per_pass
        if not self.derived:
            self.now += self.first_call_extra
        self.derived.append(kdf)
        return bytes(32)

    def seconds(self, kdf: Argon2idKdf) -> float:
        return self.overhead + kdf.iterations * self.per_pass


@pytest.fixture
def machine(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeMachine]:
    fake = FakeMachine(per_pass=0.05)
    monkeypatch.setattr(Argon2idKdf, "derive", lambda kdf, secret, salt: fake.derive(kdf, secret, salt))
    yield fake


def test_benchmark_picks_iterations_for_the_target(machine: FakeMachine) -> None:
    kdf = Argon2idKdf.benchmark(timer=machine.timer)
    assert kdf == Argon2idKdf(65536, 15, 4)
    assert 0.5 <= machine.seconds(kdf) <= 1.0
    assert all(k.memory_kib == 65536 for k in machine.derived)


def test_benchmark_checks_once_and_corrects_a_misleading_first_measurement(machine: FakeMachine) -> None:
    # The first Argon2id call of a process pays for thread and memory set-up.
    machine.first_call_extra = 0.5
    kdf = Argon2idKdf.benchmark(timer=machine.timer)
    assert len(machine.derived) == 2
    assert 0.5 <= machine.seconds(kdf) <= 1.0


def test_benchmark_on_a_slow_machine_keeps_one_iteration(machine: FakeMachine) -> None:
    machine.per_pass = 2.0
    kdf = Argon2idKdf.benchmark(timer=machine.timer)
    assert kdf.iterations == 1
    assert kdf.memory_kib >= MIN_MEMORY_KIB


def test_benchmark_on_a_very_fast_machine_stops_at_the_iteration_cap(machine: FakeMachine) -> None:
    machine.per_pass = 0.0001
    kdf = Argon2idKdf.benchmark(timer=machine.timer)
    assert kdf.iterations == MAX_ITERATIONS
    assert kdf_from_dict(kdf.to_dict()) == kdf


@given(per_pass=st.floats(0.75 / MAX_ITERATIONS, 0.5), overhead_share=st.floats(0.0, 0.5))
def test_benchmark_lands_in_the_window(per_pass: float, overhead_share: float) -> None:
    fake = FakeMachine(per_pass=per_pass, overhead=per_pass * overhead_share)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Argon2idKdf, "derive", lambda kdf, secret, salt: fake.derive(kdf, secret, salt))
        kdf = Argon2idKdf.benchmark(timer=fake.timer)
    assert 0.5 <= fake.seconds(kdf) <= 1.0
    assert len(fake.derived) <= 2


def test_benchmark_refuses_less_than_64_mib() -> None:
    with pytest.raises(ValueError):
        Argon2idKdf.benchmark(memory_kib=32768)


@pytest.mark.slow
def test_real_calibration_keeps_at_least_64_mib() -> None:
    # How long the calibrated derivation takes on this machine is a figure in bench/bench_kdf.py, not a test.
    kdf = Argon2idKdf.benchmark()
    assert kdf.memory_kib >= MIN_MEMORY_KIB
