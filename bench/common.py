"""Shared by the benchmarks: the one-line figure format and a best-of timer."""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["best_of", "line"]


def line(name: str, value: float, unit: str, target: float) -> str:
    """`BENCH <name> <value> <unit> target <= <target> ok|MISS`, the form `bench/run.py` readers expect."""
    verdict = "ok" if value <= target else "MISS"
    return f"BENCH {name} {value:.3f} {unit} target <= {target:g} {verdict}"


def best_of(runs: int, work: Callable[[], object]) -> float:
    """The fastest of `runs` timings of `work`, in seconds (the least disturbed by other load)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best
