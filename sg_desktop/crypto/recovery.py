"""The recovery key: shown once when a vault is made, typed back in when the passphrase is lost.

It is 35 characters of Crockford base32 in 7 groups of 5, like ``7KX2M-Q9P4D-…``. Each group carries four
random characters and one check character, so 140 bits are random. The check character of a group is a
weighted sum over GF(32) of the group's characters and its position; because the weights are distinct and
non-zero, any single wrong character and any swap of two neighbouring characters is caught, and the group
it happened in is named, before any key derivation runs. Reading is lenient: case, spaces and dashes are
ignored, and O, I and L are read as 0, 1 and 1.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence

from sg_desktop.domain.errors import WrongRecoveryKey

__all__ = [
    "GROUPS",
    "GROUP_SIZE",
    "RECOVERY_KEY_BITS",
    "RecoveryKey",
    "new_recovery_key",
    "parse_recovery_key",
]

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {c: i for i, c in enumerate(_ALPHABET)}
_VALUE.update({"O": 0, "I": 1, "L": 1})

GROUPS = 7
GROUP_SIZE = 5
_DATA_PER_GROUP = GROUP_SIZE - 1
_DATA_SYMBOLS = GROUPS * _DATA_PER_GROUP
RECOVERY_KEY_BITS = 5 * _DATA_SYMBOLS
_SECRET_BYTES = (RECOVERY_KEY_BITS + 7) // 8

# Weights of the four data characters in GF(32): distinct powers of the generator, none equal to the
# check character's implicit weight 1, so neighbours always differ and a swap changes the sum.
_WEIGHTS = (16, 8, 4, 2)
_SEPARATORS = "-‐‑‒–—"


def _gf32_mul(a: int, b: int) -> int:
    """Multiply in GF(2^5) modulo the irreducible polynomial x^5 + x^2 + 1."""
    product = 0
    while b:
        if b & 1:
            product ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= 0b100101
    return product


def _check_symbol(group_index: int, data: Sequence[int]) -> int:
    # The group's number is mixed in so that two whole groups typed in the wrong order are caught too.
    check = group_index + 1
    for weight, value in zip(_WEIGHTS, data, strict=True):
        check ^= _gf32_mul(weight, value)
    return check


class RecoveryKey:
    """A recovery key; `str()` and `formatted` give the grouped text, the repr never does."""

    __slots__ = ("_value",)

    def __init__(self, value: int) -> None:
        if not 0 <= value < 1 << RECOVERY_KEY_BITS:
            raise ValueError(f"a recovery key holds {RECOVERY_KEY_BITS} bits")
        self._value = value

    @property
    def secret(self) -> bytes:
        """The 140 random bits as 18 bytes, the input to the recovery slot's key derivation."""
        return self._value.to_bytes(_SECRET_BYTES, "big")

    @property
    def formatted(self) -> str:
        """The key as it is shown and printed: 7 groups of 5 characters joined by dashes."""
        data = [(self._value >> (5 * i)) & 31 for i in reversed(range(_DATA_SYMBOLS))]
        groups = []
        for g in range(GROUPS):
            chunk = data[g * _DATA_PER_GROUP : (g + 1) * _DATA_PER_GROUP]
            symbols = [*chunk, _check_symbol(g, chunk)]
            groups.append("".join(_ALPHABET[s] for s in symbols))
        return "-".join(groups)

    def __str__(self) -> str:
        return self.formatted

    def __repr__(self) -> str:
        return "RecoveryKey(<hidden>)"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RecoveryKey):
            return NotImplemented
        return secrets.compare_digest(self.secret, other.secret)

    def __hash__(self) -> int:
        return hash(self._value)


def new_recovery_key(randbits: Callable[[int], int] = secrets.randbits) -> RecoveryKey:
    """A fresh recovery key from the system's cryptographic random source."""
    return RecoveryKey(randbits(RECOVERY_KEY_BITS))


def parse_recovery_key(text: str) -> RecoveryKey:
    """Read a recovery key as a person typed it; WrongRecoveryKey saying what looks mistyped."""
    compact = "".join(c for c in text.upper() if not c.isspace() and c not in _SEPARATORS)
    wanted = GROUPS * GROUP_SIZE
    if len(compact) != wanted:
        raise WrongRecoveryKey(
            f"The recovery key looks mistyped: it should have {wanted} letters and digits, "
            f"not {len(compact)}. Check it and type it again."
        )
    strangers = sorted({c for c in compact if c not in _VALUE})
    if strangers:
        shown = " ".join(strangers)
        raise WrongRecoveryKey(
            f"The recovery key looks mistyped: it never contains {shown}. Check it and type it again."
        )
    symbols = [_VALUE[c] for c in compact]
    bad_groups = []
    value = 0
    for g in range(GROUPS):
        group = symbols[g * GROUP_SIZE : (g + 1) * GROUP_SIZE]
        data, check = group[:_DATA_PER_GROUP], group[_DATA_PER_GROUP]
        if _check_symbol(g, data) != check:
            bad_groups.append(g + 1)
        for s in data:
            value = (value << 5) | s
    if bad_groups:
        raise WrongRecoveryKey(_mistyped_groups_message(bad_groups))
    return RecoveryKey(value)


def _mistyped_groups_message(groups: list[int]) -> str:
    if len(groups) == 1:
        return f"Group {groups[0]} of the recovery key looks mistyped. Check it and type it again."
    named = ", ".join(str(g) for g in groups[:-1]) + f" and {groups[-1]}"
    return f"Groups {named} of the recovery key look mistyped. Check them and type them again."
