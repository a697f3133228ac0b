"""Prints how many examples each fuzz target ran, after the tests."""

from __future__ import annotations

import pytest

from tests.fuzz import RUNS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line per fuzz target that ran: `fuzz name: N examples`."""
    for name, n in sorted(RUNS.items()):
        terminalreporter.write_line(f"fuzz {name}: {n} examples")
    if RUNS:
        terminalreporter.write_line(f"fuzz total: {sum(RUNS.values())} examples")
