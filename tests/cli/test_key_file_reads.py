"""A command reads the vault's key file once (it used to read it twice, the first time past app/)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import pytest

from tests.cli.conftest import Result
from tests.unit.test_key_file_reads import count_vault_steps


@pytest.mark.parametrize("command", [("list",), ("check",), ("audit",)])
def test_a_command_reads_the_key_file_once(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    assert cli("init", "--office", "Local Government Association", "--org", "lga").status == 0
    steps = count_vault_steps(monkeypatch)
    assert cli(*command).status == 0
    assert steps == Counter(read=1, unwrap=1, open=1)
