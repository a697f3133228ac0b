"""The headless commands as scripts rely on them: what they print, their exit status, their JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.cli.conftest import Result

Cli = Callable[..., Result]


def init(cli: Cli, *extra: str) -> str:
    result = cli("init", "--office", "Local Government Association", "--org", "lga", *extra)
    assert result.status == 0, result.err
    return result.out


def test_init_prints_the_recovery_key_once_and_refuses_to_overwrite(cli: Cli, vault_path: Path) -> None:
    out = init(cli)
    assert "Recovery key" in out and f"Created the vault at {vault_path}" in out
    key_lines = [line.strip() for line in out.splitlines() if line.count("-") == 6 and len(line.strip()) == 41]
    assert len(key_lines) == 1
    again = cli("init")
    assert again.status == 1 and again.err.strip().endswith("refusing to overwrite it.")
    assert "Recovery key" not in again.out


def test_init_json_for_scripts(cli: Cli) -> None:
    doc = json.loads(init(cli, "--json"))
    assert set(doc) == {"vault", "recovery_key"} and len(doc["recovery_key"]) == 41


def test_add_list_show_round_trip(cli: Cli) -> None:
    init(cli)
    added = cli("add", "--council", "Wokingham", "--kind", "trial", "--title", "Trial of a carer",
                "--summary", "Listed at Reading Crown Court", "--milestone", "trial-start=2026-12-07:confirmed",
                "--milestone", "verdict=2026-12-20", "--media", "national",
                "--offer", "lga:media-advice:comms-team:offered")
    assert (added.status, added.out) == (0, "Added LGA-2026-0001.\n")
    listing = cli("list")
    assert listing.status == 0
    header, row = listing.out.splitlines()
    assert header.split()[:3] == ["REFERENCE", "NEXT", "MILESTONE"]
    assert row.split()[:6] == ["LGA-2026-0001", "Trial", "start", "7", "Dec", "2026"]
    assert "High" in row and "Wokingham" in row  # 13 days, confirmed, national and row.endswith("Trial of a carer")
    shown = cli("show", "lga-2026-0001")
    assert "Council:         Wokingham (South East)" in shown.out
    assert "1. Trial start: 7 Dec 2026 (confirmed)" in shown.out
    assert "1. LGA: Media-handling advice for the communications team — Offered" in shown.out


def test_list_json_is_what_add_from_json_reads(cli: Cli, tmp_path: Path) -> None:
    init(cli)
    cli("add", "--council", "E08000035", "--kind", "cspr", "--title", "Review of agency response",
        "--milestone", "review-completed=2027-01-10:provisional", "--milestone", "publication=2027-02-14:estimated",
        "--offer", "adcs:director-support:director", "--share", "lga,adcs,group-office", "--owner", "A. Officer")
    cli("edit", "LGA-2026-0001", "--move", "2=2027-02-28")
    exported = json.loads(cli("list", "--json").out)
    assert exported[0]["council"] == "Leeds" and exported[0]["milestones"][1]["history"]
    path = tmp_path / "alerts.json"
    path.write_text(json.dumps(exported))
    assert cli("add", "--from-json", str(path)).out == "Added LGA-2026-0002.\n"
    again = json.loads(cli("list", "--json").out)
    meaning = ("council", "council_code", "kind", "title", "summary", "status", "media_interest", "handling",
               "sharing", "owner", "embargoed", "reporting_restriction", "next_milestone", "urgency")
    first, copy = (next(a for a in again if a["reference"] == r) for r in ("LGA-2026-0001", "LGA-2026-0002"))
    assert {k: first[k] for k in meaning} == {k: copy[k] for k in meaning}
    strip = ("id",)
    assert [{k: v for k, v in m.items() if k not in strip} for m in first["milestones"]] == [
        {k: v for k, v in m.items() if k not in strip} for m in copy["milestones"]
    ]
    assert [{k: v for k, v in o.items() if k not in strip} for o in first["offers"]] == [
        {k: v for k, v in o.items() if k not in strip} for o in copy["offers"]
    ]


def test_list_filters(cli: Cli) -> None:
    init(cli)
    cli("add", "--council", "Wokingham", "--kind", "trial", "--title", "Soon", "--milestone", "verdict=2026-12-01")
    cli("add", "--council", "Leeds", "--kind", "inquest", "--title", "Later", "--milestone", "inquest=2027-02-01")
    cli("add", "--council", "Kent", "--kind", "ofsted", "--title", "Undated", "--status", "draft")

    def titles(*args: str) -> list[str]:
        return [a["title"] for a in json.loads(cli("list", "--json", *args).out)]

    assert titles("--upcoming", "30") == ["Soon"]
    assert titles("--council", "leeds") == ["Later"]
    assert titles("--region", "South East") == ["Soon", "Undated"]
    assert titles("--kind", "inquest") == ["Later"]
    assert titles("--status", "draft") == ["Undated"]
    assert titles("--search", "lat") == ["Later"]
    assert titles("--sort", "title") == ["Later", "Soon", "Undated"]
    empty = cli("list", "--upcoming", "1")
    assert (empty.status, empty.out, empty.err) == (0, "", "No alerts match.\n")


def test_edit_moves_dates_with_history_and_moves_offers_along(cli: Cli) -> None:
    init(cli)
    cli("add", "--council", "Wokingham", "--kind", "cspr", "--title", "Review",
        "--milestone", "publication=2027-03-03", "--offer", "lga:peer-mentor:leader")
    edited = cli("edit", "LGA-2026-0001", "--move", "1=2027-03-17:confirmed", "--offer-status", "1=accepted",
                 "--title", "Review (revised)")
    assert edited.status == 0
    assert edited.out.splitlines() == [
        "Saved LGA-2026-0001 (revision 2).",
        "  Publication moved from 3 March 2027 to 17 March 2027 (provisional → confirmed).",
    ]
    doc = json.loads(cli("show", "LGA-2026-0001", "--json").out)
    assert doc["title"] == "Review (revised)" and doc["offers"][0]["status"] == "accepted"
    assert doc["offers"][0]["decided_on"] == "2026-11-24"
    nothing = cli("edit", "LGA-2026-0001")
    assert nothing.status == 2 and "Nothing to change" in nothing.err


def test_delete_needs_confirmation_without_a_terminal(cli: Cli) -> None:
    init(cli)
    cli("add", "--council", "Wokingham", "--kind", "trial", "--title", "To go")
    refused = cli("delete", "LGA-2026-0001")
    assert refused.status == 2 and "--yes" in refused.err
    assert cli("delete", "LGA-2026-0001", "--yes").status == 0
    gone = cli("show", "LGA-2026-0001")
    assert (gone.status, gone.err) == (1, "sg-desktop: There is no alert 'LGA-2026-0001' in this vault.\n")


def test_passphrase_change_and_recover(cli: Cli, tmp_path: Path) -> None:
    key = json.loads(init(cli, "--json"))["recovery_key"]
    cli("add", "--council", "Wokingham", "--kind", "trial", "--title", "Kept")
    new_file = tmp_path / "new.txt"
    new_file.write_text("a brand new passphrase\n")
    changed = cli("passphrase", "change", "--new-passphrase-file", str(new_file))
    assert changed.status == 0, changed.err
    assert cli("list").status == 1
    assert "Kept" in cli("list", env={"SG_PASSPHRASE": "a brand new passphrase"}).out
    recovered = cli("recover", env={"SG_PASSPHRASE": "", "SG_RECOVERY_KEY": key,
                                    "SG_NEW_PASSPHRASE": "third passphrase here"})
    assert recovered.status == 0, recovered.err
    assert "Kept" in cli("list", env={"SG_PASSPHRASE": "third passphrase here"}).out


def test_check_and_audit(cli: Cli) -> None:
    init(cli)
    cli("add", "--council", "Wokingham", "--kind", "trial", "--title", "Audited")
    check = cli("check")
    assert check.status == 0 and "The vault is intact" in check.out and "1 alerts" in check.out
    audit = json.loads(cli("audit", "--json").out)
    assert [e["action"] for e in audit] == ["vault.create", "alert.add"]
    assert "Audited" not in json.dumps(audit)


def test_no_command_prints_help_and_version_works(cli: Cli) -> None:
    assert "usage: sg-desktop" in cli("--help").out
    assert cli("--version").out.startswith("SG Desktop ")


def test_init_and_unlock_in_real_processes_with_the_calibrated_kdf(sg: Cli, vault_path: Path) -> None:
    """No standard input, SG_PASSPHRASE set: the KDF is tuned to this machine and then used to unlock."""
    created = sg("init", "--office", "Local Government Association", "--org", "lga")
    assert created.status == 0, created.err
    assert "Recovery key" in created.out
    slots = json.loads(vault_path.with_name(vault_path.name + ".keys").read_text())["slots"]
    argon = next(s for s in slots if s["kind"] == "passphrase")["kdf"]
    assert argon["name"] == "argon2id" and argon["memory_kib"] >= 65536
    listed = sg("list")
    assert (listed.status, listed.err) == (0, "The vault has no alerts yet; add one with `add`.\n")
