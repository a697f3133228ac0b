"""Each table of the vault has one repository that writes it, and nothing outside the store writes SQL."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import sg_desktop

PACKAGE = Path(sg_desktop.__file__).resolve().parent
_WRITE = re.compile(r"\b(?:INSERT INTO|UPDATE|DELETE FROM)\s+([a-z_]+)\s")
# Migrations build the schema (and the search index once, at schema 6); they are not a repository.
_NOT_REPOSITORIES = {"migrations.py"}


def writers() -> dict[str, set[str]]:
    """Table name → the modules whose SQL writes it."""
    found: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        if path.name in _NOT_REPOSITORIES:
            continue
        for table in _WRITE.findall(path.read_text(encoding="utf-8")):
            found[table].add(str(path.relative_to(PACKAGE)))
    return found


def test_every_table_is_written_by_one_repository_in_the_store() -> None:
    tables = writers()
    assert {"alerts", "milestones", "offers", "alert_fts", "meta", "audit", "offices"} <= tables.keys()
    for table, modules in tables.items():
        assert len(modules) == 1, f"{table} is written by {sorted(modules)}"
        assert next(iter(modules)).startswith("store/"), f"{table} is written outside the store: {modules}"
