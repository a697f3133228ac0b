"""Every user error: one clear line on stderr, a non-zero status, no traceback, nothing changed on disk.

These run `sg-desktop` as a real process with no standard input, as a script would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Result

Cli = Callable[..., Result]


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def assert_one_line_failure(result: Result, message: str) -> None:
    assert result.status != 0
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("sg-desktop: ") and message in lines[0]
    assert "Traceback" not in result.err and result.out == ""


@pytest.fixture
def vault(cli: Cli, vault_path: Path) -> Path:
    """A vault with two alerts, made in-process with the cheap KDF."""
    assert cli("init", "--office", "Local Government Association", "--org", "lga").status == 0
    for title in ("First alert", "Second alert"):
        assert cli("add", "--council", "Wokingham", "--kind", "trial", "--title", title,
                   "--milestone", "trial-start=2027-01-04").status == 0
    return vault_path


def test_wrong_passphrase(sg: Cli, vault: Path) -> None:
    before = snapshot(vault.parent)
    assert_one_line_failure(sg("list", env={"SG_PASSPHRASE": "not the right one"}), "passphrase is not right")
    assert snapshot(vault.parent) == before


def test_wrong_recovery_key(sg: Cli, vault: Path) -> None:
    before = snapshot(vault.parent)
    env = {"SG_RECOVERY_KEY": "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA", "SG_NEW_PASSPHRASE": "whatever it is now"}
    assert_one_line_failure(sg("recover", env=env), "recovery key")
    assert snapshot(vault.parent) == before


@pytest.mark.parametrize("where", [0.0, 0.3, 0.5, 0.9, 1.0])
def test_vault_with_one_byte_changed(sg: Cli, vault: Path, where: float) -> None:
    data = bytearray(vault.read_bytes())
    offset = min(int(len(data) * where), len(data) - 1)
    data[offset] ^= 0x20
    vault.write_bytes(bytes(data))
    before = snapshot(vault.parent)
    assert_one_line_failure(sg("list"), "damaged")
    assert snapshot(vault.parent) == before


def test_key_file_with_one_byte_changed(sg: Cli, vault: Path) -> None:
    keys = vault.with_name(vault.name + ".keys")
    data = bytearray(keys.read_bytes())
    data[len(data) // 2] ^= 0x01
    keys.write_bytes(bytes(data))
    before = snapshot(vault.parent)
    assert_one_line_failure(sg("list"), "damaged")
    assert snapshot(vault.parent) == before


def test_missing_vault(sg: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "vault.sgvault"
    assert_one_line_failure(sg("list", "--vault", str(missing)), f"There is no vault at {missing}")
    assert not missing.parent.exists()


def test_a_file_that_is_not_a_vault(sg: Cli, tmp_path: Path) -> None:
    stray = tmp_path / "notes.txt"
    stray.write_text("minutes of the meeting\n")
    assert_one_line_failure(sg("show", "LGA-2026-0001", "--vault", str(stray)), "is not an SG Desktop vault")
    assert stray.read_text() == "minutes of the meeting\n"


def test_no_passphrase_and_no_terminal(sg: Cli, vault: Path) -> None:
    assert_one_line_failure(sg("list", env={"SG_PASSPHRASE": ""}), "--passphrase-file FILE or SG_PASSPHRASE")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "--council", "Wokinghm", "--kind", "trial", "--title", "T"), "Did you mean Wokingham"),
        (("add", "--council", "Wokingham", "--kind", "hearing", "--title", "T"), "Unknown kind 'hearing'"),
        (("add", "--council", "Wokingham", "--kind", "trial", "--title", "T", "--milestone", "verdict=2027-02-30"),
         "'2027-02-30' is not a milestone date"),
        (("add", "--council", "Wokingham", "--kind", "trial", "--title", ""), "Give the alert a short title"),
        (("add", "--council", "Wokingham", "--kind", "trial", "--title", "x" * 121), "keep it to 120"),
        (("add", "--council", "Wokingham", "--kind", "trial", "--title", "T", "--summary", "call 07700 900123"),
         "what looks like a phone number"),
        (("add", "--council", "Wokingham", "--kind", "trial", "--title", "T", "--summary",
          "the death of a 4-year-old; contact DS Jones"),
         "The text may identify a child: what looks like a child's age in the Summary; what looks like a person's "
         "name in the Summary. Nothing was saved."),
        (("add", "--from-json", "/nonexistent/alerts.json"), "does not exist"),
        (("show", "LGA-2026-0042"), "There is no alert 'LGA-2026-0042'"),
        (("edit", "LGA-2026-0001", "--move", "3=2027-01-01"), "There is no milestone number '3'"),
        (("list", "--sort", "colour"), "invalid choice"),
        (("frobnicate",), "invalid choice"),
    ],
)
def test_bad_input(sg: Cli, vault: Path, args: tuple[str, ...], message: str) -> None:
    before = snapshot(vault.parent)
    assert_one_line_failure(sg(*args), message)
    assert snapshot(vault.parent) == before


def test_malformed_json_input(sg: Cli, vault: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"council": "Wokingham", "kind": "trial", "title": "T", "colour": "red"}, {"kind": 3}]')
    before = snapshot(vault.parent)
    result = sg("add", "--from-json", str(bad))
    assert_one_line_failure(result, "alert 1: colour: is not a field SG Desktop knows")
    assert "alert 2: council: is required" in result.err and "alert 2: title: is required" in result.err
    assert snapshot(vault.parent) == before
    bad.write_text("{not json")
    assert_one_line_failure(sg("add", "--from-json", str(bad)), "is not valid JSON (line 1, column 2)")
