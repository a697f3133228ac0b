"""`sg-desktop audit`: every command that changes a vault is in its trail, with no record text; the filters
(`--since`, `--until`, `--kind`, `--office`, `--alert`) narrow it; a filter that makes no sense is one line.

Titles and summaries hold a marker word; it must appear in no entry the command prints, as text or JSON.
(Office names are shown, by the name this vault knows them by: they are how an officer tells who it was.)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Result
from tests.cli.test_exchange_commands import Office, card_string, make_office
from tests.conftest import PASSPHRASE

Cli = Callable[..., Result]
MARK = "Qzmarker"
COUNCIL_NAME, LGA_NAME = "Wokingham Borough Council", "Local Government Association"


def actions(office: Office) -> list[str]:
    return [e["action"] for e in json.loads(office.ok("audit", "--json", "--limit", "1000"))]


def new_actions(office: Office, before: int) -> list[str]:
    return actions(office)[before:]


def assert_no_text(office: Office) -> None:
    printed = office.ok("audit", "--limit", "1000") + office.ok("audit", "--json", "--limit", "1000")
    assert MARK not in printed


@pytest.fixture
def pair(cli: Cli, tmp_path: Path) -> tuple[Office, Office]:
    council = make_office(cli, tmp_path, "council", "--office", COUNCIL_NAME, "--org", "council", "--council",
                          "Wokingham")
    lga = make_office(cli, tmp_path, "lga", "--office", LGA_NAME, "--org", "lga")
    return council, lga


def test_every_command_that_changes_a_vault_leaves_its_entries_and_no_text(
    pair: tuple[Office, Office], cli: Cli, tmp_path: Path
) -> None:
    council, lga = pair
    before = len(actions(council))
    council.ok("offices", "add", card_string(lga), "--trust")
    assert new_actions(council, before) == ["office.add"]
    lga.ok("offices", "add", card_string(council), "--trust")

    out = council.ok("add", "--council", "Wokingham", "--kind", "cspr", "--title", f"Review {MARK}",
                     "--summary", f"Summary {MARK}", "--milestone", "publication=2027-03-03",
                     "--share", "council,lga,adcs")
    reference = out.split()[1].rstrip(".")
    before = len(actions(council))
    council.ok("edit", reference, "--title", f"Renamed {MARK}")
    assert new_actions(council, before) == ["alert.edit"]
    edit = json.loads(council.ok("audit", "--json", "--limit", "1"))[0]
    assert edit["detail"]["fields"] == ["title"]

    before = len(actions(council))
    council.ok("export", "--to", LGA_NAME, "--out", str(tmp_path / "1.sgp"))
    assert new_actions(council, before) == ["alert.export", "exchange.export"]
    before = len(actions(lga))
    lga.ok("import", str(tmp_path / "1.sgp"))
    assert new_actions(lga, before) == ["alert.import", "exchange.import"]

    before = len(actions(lga))
    lga.ok("offices", "set-council", COUNCIL_NAME, "Reading")
    assert new_actions(lga, before) == ["office.council"]
    twin = make_office(cli, tmp_path, "twin", "--office", COUNCIL_NAME, "--org", "council", "--council", "Wokingham")
    before = len(actions(lga))
    lga.ok("offices", "replace-key", COUNCIL_NAME, card_string(twin))
    lga.ok("offices", "trust", COUNCIL_NAME, "--yes")
    assert new_actions(lga, before) == ["office.replace-key", "office.trust"]
    before = len(actions(lga))
    lga.ok("offices", "remove", COUNCIL_NAME, "--yes")
    assert new_actions(lga, before) == ["office.remove"]

    council.ok("passphrase", "change", env={"SG_NEW_PASSPHRASE": "a different passphrase, long enough"})
    changed = {"SG_PASSPHRASE": "a different passphrase, long enough"}
    assert json.loads(council.ok("audit", "--json", "--limit", "1", env=changed))[0]["action"] == (
        "vault.passphrase-change")
    assert_no_text(lga)
    printed = (council.ok("audit", "--limit", "1000", env=changed)
               + council.ok("audit", "--json", "--limit", "1000", env=changed))
    assert MARK not in printed


def test_recovering_with_the_recovery_key_is_in_the_trail(cli: Cli, tmp_path: Path) -> None:
    office = Office(cli, tmp_path / "o" / "o.sgvault")
    made = json.loads(office.ok("init", "--office", LGA_NAME, "--org", "lga", "--json"))
    office.ok("recover", env={"SG_RECOVERY_KEY": made["recovery_key"], "SG_NEW_PASSPHRASE": PASSPHRASE + " again"})
    entries = json.loads(office.ok("audit", "--json", env={"SG_PASSPHRASE": PASSPHRASE + " again"}))
    assert [e["action"] for e in entries] == ["vault.create", "vault.passphrase-recover"]


def test_the_filters_narrow_the_trail(pair: tuple[Office, Office], tmp_path: Path) -> None:
    council, lga = pair
    council.ok("offices", "add", card_string(lga), "--trust")
    first = council.ok("add", "--council", "Wokingham", "--kind", "cspr", "--title", "One").split()[1].rstrip(".")
    second = council.ok("add", "--council", "Wokingham", "--kind", "cspr", "--title", "Two").split()[1].rstrip(".")
    council.ok("edit", second, "--status", "published")

    edited = council.ok("audit", "--kind", "edited")
    assert len(edited.splitlines()) == 1 and "Alert edited" in edited and second in edited
    assert "Changed status" in edited
    about_second = council.ok("audit", "--alert", second.lower()).splitlines()
    assert len(about_second) == 2 and all(second in line for line in about_second) and first not in str(about_second)
    about_lga = council.ok("audit", "--office", LGA_NAME.upper())
    assert "Office added" in about_lga and LGA_NAME in about_lga and "Alert" not in about_lga
    today = "2026-11-24"  # the test clock's day
    assert len(council.ok("audit", "--since", today, "--until", today).splitlines()) == 5
    assert council.ok("audit", "--since", "2026-11-25") == ""
    assert json.loads(council.ok("audit", "--json", "--kind", "added")) == [
        {**e, "detail": {"reference": r}} for e, r in zip(
            [e for e in json.loads(council.ok("audit", "--json")) if e["action"] == "alert.add"], (first, second),
            strict=True)]


@pytest.mark.parametrize(("args", "message"), [
    (("--kind", "everything"), "--kind takes one of: added, edited, deleted, exported, imported"),
    (("--since", "24/11/2026"), "'24/11/2026' is not a --since day; write it as YYYY-MM-DD"),
    (("--since", "2026-11-25", "--until", "2026-11-24"), "--until is before --since: nothing could match."),
    (("--office", "Nobody"), "No office called 'Nobody' is known here"),
    (("--limit", "99999999999999999999"), "--limit takes a number of entries, from 1 to 10,000,000."),
    (("--limit", "0"), "--limit takes a number of entries, from 1 to 10,000,000."),
])
def test_a_filter_that_makes_no_sense_is_one_line_and_changes_nothing(
    pair: tuple[Office, Office], args: tuple[str, ...], message: str
) -> None:
    council, _ = pair
    before = council.vault.read_bytes()
    result = council("audit", *args)
    assert result.status in (1, 2) and result.out == ""
    assert result.err.count("\n") == 1 and message in result.err, result.err
    assert council.vault.read_bytes() == before
