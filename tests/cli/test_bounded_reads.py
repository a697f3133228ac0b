"""Every file the command line reads is a regular file read with a size limit: a named pipe with no writer
does not hang it, /dev/zero does not exhaust memory, and an oversized file is refused naming the limit."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Result

Cli = Callable[..., Result]

# Each way in for a file: the command, with FILE where the path goes.
READERS = {
    "add --from-json": ("add", "--from-json", "FILE"),
    "offices add": ("offices", "add", "FILE"),
    "import": ("import", "FILE"),
    "verify": ("verify", "FILE"),
    "--passphrase-file": ("--passphrase-file", "FILE", "list"),
}


@pytest.fixture
def vault(cli: Cli, vault_path: Path) -> Path:
    assert cli("init", "--office", "Local Government Association", "--org", "lga").status == 0
    return vault_path


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def run_with(sg: Cli, reader: str, path: Path) -> Result:
    args = [str(path) if a == "FILE" else a for a in READERS[reader]]
    return sg(*args, timeout=30)  # a hang fails here, not the suite


@pytest.mark.parametrize("reader", sorted(READERS))
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(sg: Cli, vault: Path, tmp_path: Path,
                                                               reader: str) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    before = digest(vault.parent)
    result = run_with(sg, reader, fifo)
    assert result.status in (1, 2), result.err
    assert "is not a regular file (a pipe or a device is never read)" in result.err
    assert len(result.err.splitlines()) == 1 and result.out == ""
    assert digest(vault.parent) == before


@pytest.mark.parametrize("reader", sorted(READERS))
def test_an_endless_device_is_refused_without_reading_it(sg: Cli, vault: Path, reader: str) -> None:
    result = run_with(sg, reader, Path("/dev/zero"))
    assert result.status in (1, 2), result.err
    assert "is not a regular file" in result.err and "MemoryError" not in result.err
    assert len(result.err.splitlines()) == 1


@pytest.mark.parametrize(("reader", "limit"), [("add --from-json", "64 MB"), ("offices add", "64 KB"),
                                               ("--passphrase-file", "64 KB")])
def test_an_oversized_file_is_refused_naming_the_limit(sg: Cli, vault: Path, tmp_path: Path, reader: str,
                                                       limit: str) -> None:
    big = tmp_path / "big"
    with big.open("wb") as f:
        f.truncate(65 * 2**20)  # sparse: nothing is written to disk
    result = run_with(sg, reader, big)
    assert result.status in (1, 2)
    assert f"is larger than {limit}, the most such a file may be" in result.err


@pytest.mark.parametrize(("text", "message"), [
    ('{"title": "a", "title": "b"}', "names the same field twice in one object"),
    ("[" * 100_000 + "]" * 100_000, "is nested too deeply to be an alert"),
    ('{"revision": ' + "9" * 5000 + "}", "holds a number too long to be part of an alert"),
])
def test_json_that_parsers_disagree_on_or_cannot_hold_is_refused_in_one_line(
    cli: Cli, vault: Path, tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "alert.json"
    path.write_text(text)
    before = digest(vault.parent)
    result = cli("add", "--from-json", str(path))
    assert result.status == 2, result.err
    assert message in result.err and len(result.err.splitlines()) == 1
    assert digest(vault.parent) == before
