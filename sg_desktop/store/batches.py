"""Cutting long lists of ids into batches that fit in one statement's bound parameters."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ["BATCH", "batches"]

T = TypeVar("T")

BATCH = 500  # well under SQLite's bound-parameter limit


def batches(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    """`items` in lists of at most `size`, in order (itertools.batched arrives only in Python 3.12)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
