"""Benchmarks of unlocking: Argon2id calibration, the calibrated passphrase unwrap, the recovery-key unwrap.

Run alone with `uv run python bench/bench_kdf.py [--quick]`; prints one `BENCH …` line per figure.
"""

from __future__ import annotations

import secrets
import sys
import time
from collections.abc import Callable

from sg_desktop.crypto import Argon2idKdf, HkdfKdf, SlotKind, new_recovery_key, unwrap_key, wrap_key

__all__ = ["main"]


def _line(name: str, value: float, unit: str, target: float) -> str:
    verdict = "ok" if value <= target else "MISS"
    return f"BENCH {name} {value:.3f} {unit} target <= {target:g} {verdict}"


def _best_of(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    """Print the figures; `--quick` times each once instead of three times."""
    args = sys.argv[1:] if argv is None else argv
    runs = 1 if "--quick" in args else 3
    data_key, vault_id = secrets.token_bytes(32), "bench-vault"

    start = time.perf_counter()
    kdf = Argon2idKdf.benchmark()
    print(_line("kdf_calibration", time.perf_counter() - start, "s", 3.0))
    print(f"# calibrated Argon2id: {kdf.memory_kib} KiB, {kdf.iterations} iterations, {kdf.lanes} lanes")

    passphrase = b"correct horse battery staple"
    slot = wrap_key(data_key, passphrase, SlotKind.PASSPHRASE, vault_id, kdf)
    seconds = _best_of(runs, lambda: unwrap_key(slot, passphrase, vault_id))
    print(_line("unlock_passphrase", seconds, "s", 1.0))

    recovery = new_recovery_key()
    rslot = wrap_key(data_key, recovery.secret, SlotKind.RECOVERY, vault_id, HkdfKdf())
    seconds = _best_of(runs, lambda: unwrap_key(rslot, recovery.secret, vault_id))
    print(_line("unlock_recovery_key", seconds * 1000, "ms", 5.0))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
