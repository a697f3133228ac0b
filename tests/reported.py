"""What the proofs counted (kills, fuzz examples, widgets swept, controls named, files searched for markers),
said at the end of every test run, in CI's output too: `report(line)` from a test or fixture, and the root
conftest's terminal summary prints each line once the tests are done."""

from __future__ import annotations

__all__ = ["LINES", "report"]

LINES: list[str] = []


def report(line: str) -> None:
    """Say `line` after the tests (and now, for `pytest -s`)."""
    LINES.append(line)
    print(line)
