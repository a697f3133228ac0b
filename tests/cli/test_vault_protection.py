"""No command writes over a vault: not its database, its key file or SQLite's working files, by any spelling
or link; `init` never makes a vault over another's files; an empty database is never given a new schema."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.vaults import VaultService
from tests.cli.conftest import Result
from tests.conftest import PASSPHRASE, cheap_kdf

Cli = Callable[..., Result]


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def vault(cli: Cli, vault_path: Path) -> Path:
    assert cli("init", "--office", "Local Government Association", "--org", "lga").status == 0
    assert cli("add", "--council", "Wokingham", "--kind", "trial", "--title", "Trial listed").status == 0
    return vault_path


def spellings(vault: Path, tmp_path: Path) -> dict[str, Path]:
    link = tmp_path / "innocent-name.card"
    link.symlink_to(vault.with_name(vault.name + ".keys"))
    dotted = vault.parent / ".." / vault.parent.name / vault.name
    return {
        "the database": vault,
        "the key file": vault.with_name(vault.name + ".keys"),
        "the write-ahead log": Path(f"{vault}-wal"),
        "the shared memory file": Path(f"{vault}-shm"),
        "a link to the key file": link,
        "a roundabout path": dotted,
    }


WRITERS = {
    "identity": lambda out, pw: ("identity", "--out", str(out)),
    "export": lambda out, pw: ("export", "--passphrase-file", str(pw), "--org", "adcs", "--out", str(out)),
}


@pytest.mark.parametrize("command", sorted(WRITERS))
@pytest.mark.parametrize("target", ["the database", "the key file", "the write-ahead log",
                                    "the shared memory file", "a link to the key file", "a roundabout path"])
def test_no_output_file_is_written_over_a_vault(cli: Cli, vault: Path, tmp_path: Path, command: str,
                                                target: str) -> None:
    pw = tmp_path / "file-passphrase.txt"
    pw.write_text("a long and careful file passphrase\n")
    before = digest(vault.parent)
    out = spellings(vault, tmp_path)[target]
    result = cli(*WRITERS[command](out, pw))
    assert result.status == 1, result.err
    assert "nothing was written" in result.err and "Choose another file name" in result.err
    assert len(result.err.splitlines()) == 1
    assert digest(vault.parent) == before
    assert cli("list").status == 0  # the vault still opens


def test_init_refuses_when_only_the_key_file_is_there(cli: Cli, vault: Path, tmp_path: Path) -> None:
    keys = vault.with_name(vault.name + ".keys")
    moved = tmp_path / "elsewhere.sgvault"
    os.replace(vault, moved)  # the database moved away, as while a backup is being restored
    before = keys.read_bytes()
    result = cli("init", "--office", "Someone else", "--org", "lga")
    assert result.status == 1
    assert "already exists" in result.err and str(keys) in result.err
    assert keys.read_bytes() == before and not vault.exists()
    os.replace(moved, vault)
    assert cli("list").status == 0  # the restored database opens with its own key file


def test_an_empty_database_beside_its_key_file_is_refused_not_rebuilt(cli: Cli, vault: Path) -> None:
    vault.write_bytes(b"")
    result = cli("list")
    assert result.status == 1
    assert "is empty" in result.err and "restore the vault from a backup" in result.err
    assert vault.stat().st_size == 0  # nothing was written into it
    assert not Path(f"{vault}-wal").exists() or Path(f"{vault}-wal").stat().st_size == 0


def test_an_ordinary_file_can_still_be_written_and_replaced(cli: Cli, vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "lga.card"
    assert cli("identity", "--out", str(out)).status == 0
    first = out.read_bytes()
    assert cli("identity", "--out", str(out)).status == 0
    assert out.read_bytes() == first


@pytest.mark.parametrize(("memory_kib", "iterations"), [(4 * 1024 * 1024, 1), (65536, 101), (65537, 3)])
def test_a_key_file_asking_for_more_work_than_calibration_chooses_is_refused_at_once(
    cli: Cli, vault: Path, memory_kib: int, iterations: int
) -> None:
    keys = vault.with_name(vault.name + ".keys")
    doc = json.loads(keys.read_text())
    for slot in doc["slots"]:
        if slot["kdf"]["name"] == "argon2id":
            slot["kdf"].update(memory_kib=memory_kib, iterations=iterations)
    keys.write_text(json.dumps(doc))
    result = cli("list")  # with the old bound (4 GiB) this derivation alone took about 20 s per pass
    assert result.status == 1
    assert "key file" in result.err and "damaged" in result.err
    assert len(result.err.splitlines()) == 1


def test_audit_verify_says_the_chain_is_intact_and_names_the_first_broken_entry(
    cli: Cli, vault: Path, clock: FixedClock
) -> None:
    intact = cli("audit", "verify")
    assert intact.status == 0
    assert intact.out.startswith("The audit log is intact: 2 entries, each linked to the one before")
    service = VaultService(vault, clock=clock, councils=english_councils(), new_slot_kdf=cheap_kdf)
    session = service.locked().unlock(PASSPHRASE)
    try:
        conn = session.vault.conn
        conn.execute("DROP TRIGGER audit_no_delete")
        conn.execute("DELETE FROM audit WHERE seq = 1")  # someone removed the vault's first entry
    finally:
        session.lock()
    broken = cli("audit", "verify")
    assert broken.status == 1 and broken.out == ""
    assert "The audit log is broken at entry 2 (alert.add" in broken.err and "no entry before it" in broken.err
