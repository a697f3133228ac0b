"""What a vault passphrase must be, and a rough strength estimate for the first-run dialog."""

from __future__ import annotations

import math

__all__ = ["MAX_LENGTH", "MIN_LENGTH", "passphrase_problem", "strength_bits"]

MIN_LENGTH = 10
MAX_LENGTH = 1024


def passphrase_problem(passphrase: str) -> str | None:
    """Why a new passphrase is not acceptable, or None when it is."""
    if len(passphrase) < MIN_LENGTH:
        return f"Use a passphrase of at least {MIN_LENGTH} characters; a few unrelated words is best."
    if len(passphrase) > MAX_LENGTH:
        return f"Use a passphrase of at most {MAX_LENGTH} characters."
    if passphrase != passphrase.strip():
        return "The passphrase starts or ends with a space; remove it so it is not mistyped later."
    if len(set(passphrase)) < 4:
        return "The passphrase repeats too few characters; choose a few unrelated words."
    return None


def strength_bits(passphrase: str) -> float:
    """A rough estimate of the passphrase's guessing entropy in bits (character classes × length).

    Deliberately crude and pessimistic for repeats; it drives a meter, not a security decision.
    """
    if not passphrase:
        return 0.0
    pool = 0
    if any(c.islower() for c in passphrase):
        pool += 26
    if any(c.isupper() for c in passphrase):
        pool += 26
    if any(c.isdigit() for c in passphrase):
        pool += 10
    if any(not c.isalnum() for c in passphrase):
        pool += 33
    distinct = len(set(passphrase))
    effective_length = min(len(passphrase), distinct * 2)
    return round(effective_length * math.log2(max(pool, 2)), 1)
