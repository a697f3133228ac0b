"""`sg-desktop backup`, `backup list` and `restore`: what each prints, and every refusal one line with the vault
byte for byte as it was."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sg_desktop.app.clock import FixedClock
from sg_desktop.cli import run
from tests.cli.conftest import Result
from tests.conftest import PASSPHRASE, cheap_kdf

Cli = Callable[..., Result]
MARKER = "Sweetbriar-Moonwort"


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def vault(cli: Cli, vault_path: Path) -> Path:
    assert cli("init", "--office", "Local Government Association", "--org", "lga").status == 0
    for n in (1, 2):
        assert cli("add", "--council", "Wokingham", "--kind", "trial", "--title", f"{MARKER} trial {n}").status == 0
    return vault_path


def titles(cli: Cli) -> list[str]:
    listed = cli("list", "--json")
    assert listed.status == 0, listed.err
    return sorted(a["title"] for a in json.loads(listed.out))


def test_backup_then_restore_brings_the_alerts_back(cli: Cli, vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "friday.sgbackup"
    made = cli("backup", "--out", str(out))
    assert made.status == 0, made.err
    assert f"Wrote the backup {out}" in made.out and "every page checked" in made.out
    assert MARKER.encode() not in out.read_bytes()
    before = titles(cli)
    first = json.loads(cli("list", "--json").out)[0]["reference"]
    assert cli("delete", first, "--yes").status == 0
    assert cli("add", "--council", "Leeds", "--kind", "inquest", "--title", "After the backup").status == 0
    restored = cli("restore", str(out), "--yes")
    assert restored.status == 0, restored.err
    assert "Restored the backup made 2026-11-24 10:00" in restored.out
    assert "The vault as it was is kept as" in restored.out
    assert titles(cli) == before
    audit = json.loads(cli("audit", "--json", "--limit", "1").out)
    assert audit[0]["action"] == "vault.restore" and set(audit[0]["detail"]) == {"backup_created"}


def test_backup_list_needs_no_passphrase(cli: Cli, vault: Path) -> None:
    assert cli("backup").status == 0
    listed = cli("backup", "list", env={"SG_PASSPHRASE": None})
    assert listed.status == 0, listed.err
    (line,) = listed.out.splitlines()
    assert line.startswith("2026-11-24 10:00  Made by hand") and "checked" in line
    (entry,) = json.loads(cli("backup", "list", "--json", env={"SG_PASSPHRASE": None}).out)
    assert entry["kind"] == "manual" and entry["checked"] is True and entry["size"] > 0
    assert Path(entry["file"]).parent == vault.with_name(vault.name + ".backups")


def test_the_replaced_vault_is_listed_after_a_restore(cli: Cli, vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "copy.sgbackup"
    assert cli("backup", "--out", str(out)).status == 0
    assert cli("restore", str(out), "--yes").status == 0
    (entry,) = json.loads(cli("backup", "list", "--json").out)
    assert entry["kind"] == "replaced" and entry["checked"] is False


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _restore_at_a_terminal(vault: Path, clock: FixedClock, backup: Path, answer: str) -> Result:
    out, err = io.StringIO(), io.StringIO()
    status = run(["restore", str(backup)], env={"SG_VAULT": str(vault), "SG_PASSPHRASE": PASSPHRASE},
                 stdin=_Terminal(answer), stdout=out, stderr=err, clock=clock, new_slot_kdf=cheap_kdf)
    return Result(status, out.getvalue(), err.getvalue())


def test_restore_asks_first_and_no_changes_nothing(cli: Cli, vault: Path, tmp_path: Path,
                                                   clock: FixedClock) -> None:
    backup = tmp_path / "b.sgbackup"
    assert cli("backup", "--out", str(backup)).status == 0
    unchanged = digest(vault.parent)
    said_no = _restore_at_a_terminal(vault, clock, backup, "n\n")
    assert said_no.status == 1
    assert f"Replace the vault at {vault} with the backup made 2026-11-24 10:00?" in said_no.err
    assert said_no.err.rstrip().endswith("Nothing was changed.")
    assert digest(vault.parent) == unchanged
    said_yes = _restore_at_a_terminal(vault, clock, backup, "y\n")
    assert said_yes.status == 0, said_yes.err


def test_restore_without_a_terminal_or_yes_is_refused(cli: Cli, vault: Path, tmp_path: Path) -> None:
    backup = tmp_path / "b.sgbackup"
    assert cli("backup", "--out", str(backup)).status == 0
    unchanged = digest(vault.parent)
    refused = cli("restore", str(backup))
    assert refused.status == 2
    assert refused.err == ("sg-desktop: Restoring replaces the vault and needs confirmation: run it in a terminal, "
                           "or add --yes. Nothing was changed.\n")
    assert digest(vault.parent) == unchanged


def _other_vault(cli: Cli, tmp_path: Path) -> Path:
    other = tmp_path / "other" / "other.sgvault"
    env = {"SG_VAULT": str(other)}
    assert cli("init", "--office", "Another office", env=env).status == 0
    assert cli("backup", "--out", str(tmp_path / "other.sgbackup"), env=env).status == 0
    return tmp_path / "other.sgbackup"


def _cut_short(cli: Cli, tmp_path: Path) -> Path:
    whole = tmp_path / "whole.sgbackup"
    assert cli("backup", "--out", str(whole)).status == 0
    cut = tmp_path / "cut.sgbackup"
    cut.write_bytes(whole.read_bytes()[:-2000])
    return cut


def _made(cli: Cli, tmp_path: Path) -> Path:
    path = tmp_path / "good.sgbackup"
    assert cli("backup", "--out", str(path)).status == 0
    return path


def _text(_cli: Cli, tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("shopping list\n")
    return path


REFUSALS: dict[str, tuple[Callable[[Cli, Path], Path], dict[str, str], str]] = {
    "missing": (lambda _cli, tmp: tmp / "nowhere.sgbackup", {}, "does not exist; nothing was changed."),
    "not a backup": (_text, {}, "is not an SG Desktop backup; nothing was changed."),
    "truncated": (_cut_short, {}, "is damaged or incomplete (cut short, or changed since it was made); nothing "
                  "was changed."),
    "wrong passphrase": (_made, {"SG_PASSPHRASE": "not the passphrase at all"},
                         "That passphrase does not open this backup. Type the passphrase the vault had when the "
                         "backup was made (the recovery key opens it too); nothing was changed."),
    "another vault": (_other_vault, {}, "is a backup of another vault, not of the vault at"),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_refused_restore_says_why_in_one_line_and_changes_nothing(cli: Cli, vault: Path, tmp_path: Path,
                                                                    case: str) -> None:
    make, env, message = REFUSALS[case]
    backup = make(cli, tmp_path)
    unchanged = digest(vault.parent)
    refused = cli("restore", str(backup), "--yes", env=env)
    assert refused.status == 1
    assert message in refused.err and refused.err.count("\n") == 1, refused.err
    assert digest(vault.parent) == unchanged


@pytest.mark.parametrize("target", ["database", "key file", "write-ahead log", "backup"])
def test_backup_out_never_writes_over_a_vault_or_a_backup(cli: Cli, vault: Path, target: str) -> None:
    assert cli("backup").status == 0
    (existing,) = vault.with_name(vault.name + ".backups").iterdir()
    path = {"database": vault, "key file": vault.with_name(vault.name + ".keys"),
            "write-ahead log": Path(f"{vault}-wal"), "backup": existing}[target]
    unchanged = digest(vault.parent)
    refused = cli("backup", "--out", str(path))
    assert refused.status == 1
    part = {"database": "a vault", "key file": "a vault's key file", "write-ahead log": "a vault's working file",
            "backup": "a backup"}[target]
    assert refused.err == (f"sg-desktop: {path} is {part}; a backup is never written over another file. Choose "
                           "another name.\n")
    assert digest(vault.parent) == unchanged


def test_backup_out_into_a_missing_folder_is_one_line(cli: Cli, vault: Path, tmp_path: Path) -> None:
    refused = cli("backup", "--out", str(tmp_path / "no such folder" / "b.sgbackup"))
    assert refused.status == 1
    assert refused.err.endswith("does not exist; no backup was written.\n")


def test_restore_as_its_own_process_without_input(sg: Callable[..., Result], cli: Cli, vault: Path,
                                                  tmp_path: Path) -> None:
    backup = tmp_path / "b.sgbackup"
    assert cli("backup", "--out", str(backup)).status == 0
    unchanged = digest(vault.parent)
    refused = sg("restore", str(backup))
    assert refused.status == 2 and "needs confirmation" in refused.err and refused.err.count("\n") == 1
    assert digest(vault.parent) == unchanged


@pytest.mark.parametrize("where", ["a backup", "the backup folder"])
def test_no_other_command_writes_over_a_backup_or_into_the_backup_folder(cli: Cli, vault: Path, where: str) -> None:
    assert cli("backup").status == 0
    folder = vault.with_name(vault.name + ".backups")
    (existing,) = folder.iterdir()
    target = existing if where == "a backup" else folder / "office.card"
    unchanged = digest(vault.parent)
    refused = cli("identity", "--out", str(target))
    assert refused.status == 1
    part = "a backup" if where == "a backup" else "in a vault's backup folder"
    assert refused.err.startswith(f"sg-desktop: {target} is {part}; nothing was written.")
    assert digest(vault.parent) == unchanged
