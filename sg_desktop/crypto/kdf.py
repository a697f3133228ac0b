"""Key derivation: turn a passphrase or a recovery key into the 32-byte key that opens a key slot.

A `Kdf` is a small plug-in (`derive`, `to_dict`); its parameters are stored beside the slot so a vault
created on one laptop opens on another. Parameters read back from a key file are untrusted: `kdf_from_dict`
refuses anything that could make unlocking hang or exhaust memory.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import InitVar, dataclass
from typing import Protocol

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

__all__ = [
    "ARGON2ID_NAME",
    "HKDF_NAME",
    "KEY_BYTES",
    "MAX_ITERATIONS",
    "MAX_LANES",
    "MAX_MEMORY_KIB",
    "MIN_MEMORY_KIB",
    "Argon2idKdf",
    "HkdfKdf",
    "Kdf",
    "KdfParams",
    "kdf_from_dict",
]

KEY_BYTES = 32
ARGON2ID_NAME = "argon2id"
HKDF_NAME = "hkdf-sha256"

MIN_MEMORY_KIB = 64 * 1024
# Upper bounds for parameters read from a key file: no more than the calibration can choose (it keeps the
# memory at 64 MiB and scales the passes, up to 100), so a doctored key file cannot make unlocking allocate
# more than a laptop has or spin for minutes. Measured on the CI machine: 64 MiB x 100 passes took 5.7 s,
# where the old bound (4 GiB x 100) would have taken about 35 minutes.
MAX_MEMORY_KIB = MIN_MEMORY_KIB
MAX_ITERATIONS = 100
MAX_LANES = 16

# The window the calibration aims for, as a fraction of the target: 0.75 s target -> 0.5 s to 1 s.
_WINDOW_LOW = 2 / 3
_WINDOW_HIGH = 4 / 3

_HKDF_INFO = b"sg-desktop/key-slot/recovery/v1"

KdfParams = dict[str, int | str]
"""The JSON-able parameters of a KDF, always with a "name"."""


class Kdf(Protocol):
    """A key derivation function whose parameters can be stored beside what it protects."""

    def derive(self, secret: bytes, salt: bytes) -> bytes:
        """The 32-byte key for this secret and salt; the same inputs always give the same key."""
        ...

    def to_dict(self) -> KdfParams:
        """The parameters, JSON-able, with a "name"; `kdf_from_dict` turns them back into this KDF."""
        ...


def _argon2id(
    secret: bytes,
    salt: bytes,
    *,
    memory_kib: int,
    iterations: int,
    lanes: int,
    pepper: bytes | None = None,
    ad: bytes | None = None,
) -> bytes:
    return Argon2id(
        salt=salt,
        length=KEY_BYTES,
        iterations=iterations,
        lanes=lanes,
        memory_cost=memory_kib,
        ad=ad,
        secret=pepper,
    ).derive(secret)


def _hkdf_sha256(secret: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=info).derive(secret)


def _check_argon2_bounds(memory_kib: int, iterations: int, lanes: int) -> None:
    for name, value in (("memory_kib", memory_kib), ("iterations", iterations), ("lanes", lanes)):
        # bool is an int to Python but never a sensible parameter; refuse it so JSON `true` is caught.
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"Argon2id {name} must be a whole number")
    if not 1 <= lanes <= MAX_LANES:
        raise ValueError(f"Argon2id lanes must be between 1 and {MAX_LANES}")
    if not 1 <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"Argon2id iterations must be between 1 and {MAX_ITERATIONS}")
    # Argon2 itself needs at least 8 KiB per lane.
    if not 8 * lanes <= memory_kib <= MAX_MEMORY_KIB:
        raise ValueError(f"Argon2id memory must be between {8 * lanes} and {MAX_MEMORY_KIB} KiB")


@dataclass(frozen=True)
class Argon2idKdf:
    """Argon2id (RFC 9106), memory-hard, for the passphrase slot; at least 64 MiB unless `allow_weak`."""

    memory_kib: int = MIN_MEMORY_KIB
    iterations: int = 3
    lanes: int = 4
    allow_weak: InitVar[bool] = False

    def __post_init__(self, allow_weak: bool) -> None:
        _check_argon2_bounds(self.memory_kib, self.iterations, self.lanes)
        if self.memory_kib < MIN_MEMORY_KIB and not allow_weak:
            raise ValueError(
                f"Argon2id memory below {MIN_MEMORY_KIB} KiB is too weak for a passphrase "
                "(pass allow_weak=True only in tests)"
            )

    def derive(self, secret: bytes, salt: bytes) -> bytes:
        """The 32-byte Argon2id key for this secret and salt (salt of at least 8 bytes)."""
        return _argon2id(
            secret, salt, memory_kib=self.memory_kib, iterations=self.iterations, lanes=self.lanes
        )

    def to_dict(self) -> KdfParams:
        """The parameters as stored in a key slot."""
        return {
            "name": ARGON2ID_NAME,
            "memory_kib": self.memory_kib,
            "iterations": self.iterations,
            "lanes": self.lanes,
        }

    @classmethod
    def benchmark(
        cls,
        target_seconds: float = 0.75,
        memory_kib: int = MIN_MEMORY_KIB,
        lanes: int = 4,
        timer: Callable[[], float] = time.perf_counter,
    ) -> Argon2idKdf:
        """Parameters for which one derive takes about `target_seconds` on this machine.

        Memory stays fixed (at least 64 MiB); the number of iterations is scaled from one timed derive
        and checked once. If even one iteration is slower than the target, one iteration it is.
        """
        if target_seconds <= 0:
            raise ValueError("target_seconds must be positive")
        if not MIN_MEMORY_KIB <= memory_kib <= MAX_MEMORY_KIB:
            raise ValueError(f"benchmark memory must be between {MIN_MEMORY_KIB} and {MAX_MEMORY_KIB} KiB, "
                             f"not {memory_kib}")

        def seconds_for(iterations: int) -> float:
            kdf = cls(memory_kib, iterations, lanes)
            start = timer()
            kdf.derive(b"benchmark passphrase", b"benchmark salt 16")
            return max(timer() - start, 1e-9)

        one = seconds_for(1)
        if one >= target_seconds:
            return cls(memory_kib, 1, lanes)
        iterations = _clamp_iterations(target_seconds / one)
        # At the cap the estimate is already below the target and a check could only lower the count,
        # while timing 100 passes would cost the user several seconds; trust the estimate.
        if iterations < MAX_ITERATIONS:
            took = seconds_for(iterations)
            if not target_seconds * _WINDOW_LOW <= took <= target_seconds * _WINDOW_HIGH:
                iterations = _clamp_iterations(iterations * target_seconds / took)
        return cls(memory_kib, iterations, lanes)


def _clamp_iterations(estimate: float) -> int:
    return max(1, min(MAX_ITERATIONS, round(estimate)))


@dataclass(frozen=True)
class HkdfKdf:
    """HKDF-SHA256 with a domain-separation label, for the recovery-key slot.

    The recovery key already carries 140 random bits, so a slow memory-hard KDF would add nothing.
    """

    def derive(self, secret: bytes, salt: bytes) -> bytes:
        """The 32-byte HKDF-SHA256 key for this secret and salt."""
        return _hkdf_sha256(secret, salt, _HKDF_INFO)

    def to_dict(self) -> KdfParams:
        """The parameters as stored in a key slot (only the name: the label is fixed)."""
        return {"name": HKDF_NAME}


def kdf_from_dict(params: Mapping[str, object]) -> Kdf:
    """The KDF these stored parameters describe; ValueError for unknown names, extra keys or absurd values.

    Accepts every parameter set `Argon2idKdf` and `HkdfKdf` can produce, including weak test parameters:
    a key slot binds its parameters into its authentication, so lowering them in a file does not help an
    attacker, while raising them could hang the app, hence the upper bounds.
    """
    name = params.get("name")
    if name == ARGON2ID_NAME:
        _expect_keys(params, {"name", "memory_kib", "iterations", "lanes"})
        memory_kib, iterations = _whole(params, "memory_kib"), _whole(params, "iterations")
        return Argon2idKdf(memory_kib, iterations, _whole(params, "lanes"), allow_weak=True)
    if name == HKDF_NAME:
        _expect_keys(params, {"name"})
        return HkdfKdf()
    raise ValueError("unknown key derivation function")


def _expect_keys(params: Mapping[str, object], expected: set[str]) -> None:
    if set(params) != expected:
        raise ValueError(f"key derivation parameters must be exactly {', '.join(sorted(expected))}")


def _whole(params: Mapping[str, object], key: str) -> int:
    value = params[key]
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"Argon2id {key} must be a whole number")
    return value
