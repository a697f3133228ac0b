"""`sg-desktop retention`: what it prints, its JSON and exit statuses, and that every user error changes nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Result

Cli = Callable[..., Result]

DUE_DAY = "2028-11-24"  # 24 months after the test clock's day, when the alerts below were closed


@pytest.fixture
def vault(cli: Cli) -> Cli:
    """A vault with two closed alerts (LGA-2026-0001 and -0002) and a live one (-0003)."""
    assert cli("init", "--office", "Local Government Association", "--org", "lga").status == 0
    for title, status in (("Trial of a carer", "closed"), ("Review into agency practice", "closed"),
                          ("Inquest opened", "active")):
        added = cli("add", "--council", "Wokingham", "--kind", "trial", "--title", title, "--status", status)
        assert added.status == 0, added.err
    return cli


def _snapshot(vault_path: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(vault_path.parent.iterdir()) if p.is_file()}


def _due(cli: Cli, as_of: str = DUE_DAY) -> list[str]:
    result = cli("retention", "list", "--json", "--as-of", as_of)
    assert result.status == 0, result.err
    return [line["reference"] for line in json.loads(result.out)["due"]]


def test_list_shows_the_closed_alerts_past_the_period(vault: Cli) -> None:
    assert vault("retention", "list").out.startswith("Nothing is due for review on 24 Nov 2026 (retention period: "
                                                     "24 months after closing).")
    listing = vault("retention", "list", "--as-of", DUE_DAY)
    assert listing.status == 0
    lines = listing.out.splitlines()
    assert lines[0] == "Due for review on 24 Nov 2028 (retention period: 24 months after closing):"
    assert lines[1].split()[:2] == ["REFERENCE", "COUNCIL"]
    assert lines[2].split() == ["LGA-2026-0001", "Wokingham", "Criminal", "trial", "24", "Nov", "2026", "24", "Nov",
                                "2028"]
    assert len(lines) == 4
    doc = json.loads(vault("retention", "list", "--json", "--as-of", DUE_DAY).out)
    assert doc["as_of"] == DUE_DAY and doc["months"] == 24 and doc["held"] == []
    assert doc["due"][0] == {"reference": "LGA-2026-0001", "council": "E06000041", "council_name": "Wokingham",
                             "kind": "trial", "closed_on": "2026-11-24", "due_on": DUE_DAY, "decision": None}


def test_the_period_can_be_shown_and_set(vault: Cli) -> None:
    assert vault("retention", "period").out == "Closed alerts come up for retention review 24 months after they " \
                                               "were closed.\n"
    assert vault("retention", "period", "6").status == 0
    assert _due(vault, "2027-05-24") == ["LGA-2026-0001", "LGA-2026-0002"]


def test_hold_keeps_an_alert_off_the_list_until_released(vault: Cli) -> None:
    held = vault("retention", "hold", "lga-2026-0001", "--reason", "Under appeal")
    assert held.status == 0
    assert held.out.startswith("LGA-2026-0001 is on legal hold")
    assert _due(vault, "2060-01-01") == ["LGA-2026-0002"]
    listing = vault("retention", "list", "--as-of", DUE_DAY).out
    assert "On legal hold (never due until the hold is lifted):" in listing
    assert listing.rstrip().endswith("Under appeal")
    assert vault("retention", "release", "LGA-2026-0001").out == (
        "The legal hold on LGA-2026-0001 is lifted; it is due for review on 24 Nov 2028.\n")
    assert _due(vault) == ["LGA-2026-0001", "LGA-2026-0002"]


def test_keep_moves_the_due_day(vault: Cli) -> None:
    kept = vault("retention", "keep", "LGA-2026-0002", "--months", "36", "--reason", "A sibling's review is open")
    assert (kept.status, kept.out) == (0, "LGA-2026-0002 is kept; it is due for review again on 24 Nov 2029.\n")
    assert _due(vault) == ["LGA-2026-0001"]
    assert _due(vault, "2029-11-24") == ["LGA-2026-0001", "LGA-2026-0002"]


def test_delete_asks_and_without_a_terminal_needs_yes(vault: Cli, vault_path: Path) -> None:
    before = _snapshot(vault_path)
    refused = vault("retention", "delete", "LGA-2026-0001")
    assert (refused.status, refused.err) == (
        2, "sg-desktop: Deleting for good needs confirmation: run it in a terminal, or add --yes.\n")
    assert _snapshot(vault_path) == before
    done = vault("retention", "delete", "LGA-2026-0001", "LGA-2026-0002", "--yes")
    assert done.status == 0, done.err
    assert done.out.startswith("Deleted LGA-2026-0001, LGA-2026-0002 for good. A tombstone is kept")
    assert _due(vault) == []
    gone = vault("show", "LGA-2026-0001")
    assert (gone.status, gone.err) == (1, "sg-desktop: There is no alert 'LGA-2026-0001' in this vault.\n")
    audit = json.loads(vault("audit", "--json", "--limit", "2").out)
    entries = audit if isinstance(audit, list) else audit["entries"]
    assert [e["action"] for e in entries] == ["retention.delete", "retention.delete"]


@pytest.mark.parametrize(("args", "status", "message"), [
    (("delete", "LGA-2026-0042", "--yes"), 1, "There is no alert 'LGA-2026-0042' in this vault."),
    (("delete", "LGA-2026-0003", "--yes"), 1, "LGA-2026-0003 is not closed; only closed alerts come up for "
                                              "retention review."),
    (("delete", "LGA-2026-0003"), 1, "LGA-2026-0003 is not closed"),  # refused before anything is asked
    (("keep", "LGA-2026-0001", "--months", "0", "--reason", "Appeal"), 1,
     "The time to keep it must be 1 to 120 months, not 0."),
    (("keep", "LGA-2026-0001", "--months", "twelve", "--reason", "Appeal"), 2, "invalid int value: 'twelve'"),
    (("keep", "LGA-2026-0001", "--months", "12", "--reason", ""), 1, "Give a reason"),
    (("keep", "LGA-2026-0001", "--months", "12"), 2, "the following arguments are required: --reason"),
    (("keep", "LGA-2026-0003", "--months", "12", "--reason", "Appeal"), 1, "LGA-2026-0003 is not closed"),
    (("hold", "LGA-2026-0001", "--reason", " "), 1, "Give a reason"),
    (("hold", "LGA-2026-0001", "--reason", "bell\x07here"), 1, "without line breaks or control characters"),
    (("hold", "LGA-2026-0001", "--reason", "Call 0118 974 6000 first"), 1,
     "The text may identify a child: what looks like a phone number in the Reason. Nothing was saved. Remove it, "
     "or run the command again with --confirm to save it anyway."),
    (("hold", "LGA-2026-0042", "--reason", "Appeal"), 1, "There is no alert 'LGA-2026-0042' in this vault."),
    (("release", "LGA-2026-0001"), 1, "LGA-2026-0001 is not on legal hold."),
    (("period", "0"), 1, "The retention period must be 1 to 120 months, not 0."),
    (("list", "--as-of", "24/11/2028"), 1, "'24/11/2028' is not a --as-of date; write it as YYYY-MM-DD"),
], ids=["unknown", "not-closed", "not-closed-asks-nothing", "months-0", "months-word", "empty-reason",
        "no-reason", "keep-not-closed", "hold-blank", "hold-control", "hold-identifying", "hold-unknown",
        "release-not-held", "period-0", "bad-as-of"])
def test_user_errors_have_one_line_and_change_nothing(
    vault: Cli, vault_path: Path, args: tuple[str, ...], status: int, message: str
) -> None:
    before = _snapshot(vault_path)
    result = vault("retention", *args)
    assert result.status == status
    assert result.err.startswith("sg-desktop: ") and result.err.count("\n") == 1
    assert message in result.err
    assert "\x07" not in result.err
    assert result.out == ""
    assert _snapshot(vault_path) == before
