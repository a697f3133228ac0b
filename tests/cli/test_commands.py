"""The headless commands as scripts rely on them: what they print, their exit status, their JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.vaults import VaultService
from tests.cli.conftest import Result
from tests.conftest import PASSPHRASE, cheap_kdf

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
    assert again.status == 1
    assert again.err.strip() == (f"sg-desktop: {vault_path} already exists; "
                                 "a new vault is never made over another's files.")
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


# -- the reason for a move ---------------------------------------------------------------------


def add_review(cli: Cli) -> None:
    init(cli)
    added = cli("add", "--council", "Wokingham", "--kind", "trial", "--title", "Trial of a carer",
                "--milestone", "trial-start=2027-03-03:confirmed", "--milestone", "verdict=2027-03-24")
    assert added.status == 0, added.err


def test_edit_says_why_a_date_moved_and_show_prints_it_beside_the_move(cli: Cli) -> None:
    add_review(cli)
    edited = cli("edit", "LGA-2026-0001", "--move", "1=2027-03-17", "--move", "2=2027-04-07:provisional",
                 "--reason", "Adjourned: a witness is unavailable")
    assert edited.status == 0, edited.err
    assert edited.out.splitlines() == [
        "Saved LGA-2026-0001 (revision 2).",
        "  Trial start moved from 3 March 2027 to 17 March 2027: Adjourned: a witness is unavailable.",
        "  Verdict moved from 24 March 2027 to 7 April 2027: Adjourned: a witness is unavailable.",
    ]
    shown = cli("show", "LGA-2026-0001").out
    assert ("       Trial start moved from 3 March 2027 to 17 March 2027 (recorded 24 Nov 2026): "
            "Adjourned: a witness is unavailable") in shown.splitlines()
    assert "Received from" not in shown  # made here
    doc = json.loads(cli("show", "LGA-2026-0001", "--json").out)
    assert [[(h["from"], h["to"], h["reason"]) for h in m["history"]] for m in doc["milestones"]] == [
        [("2027-03-03", "2027-03-17", "Adjourned: a witness is unavailable")],
        [("2027-03-24", "2027-04-07", "Adjourned: a witness is unavailable")],
    ]
    assert doc["received"] is None
    later = cli("edit", "LGA-2026-0001", "--move", "1=2027-03-31")
    assert later.out.splitlines()[1] == "  Trial start moved from 17 March 2027 to 31 March 2027."
    doc = json.loads(cli("show", "LGA-2026-0001", "--json").out)
    assert [h["reason"] for h in doc["milestones"][0]["history"]] == ["Adjourned: a witness is unavailable", ""]


def test_moves_and_their_reasons_come_back_from_json(cli: Cli, tmp_path: Path) -> None:
    add_review(cli)
    cli("edit", "LGA-2026-0001", "--move", "1=2027-03-17", "--reason", "Listed again after a late guilty plea")
    exported = json.loads(cli("show", "LGA-2026-0001", "--json").out)
    path = tmp_path / "alert.json"
    path.write_text(json.dumps(exported))
    assert cli("add", "--from-json", str(path)).out == "Added LGA-2026-0002.\n"
    copy = json.loads(cli("show", "LGA-2026-0002", "--json").out)
    assert copy["milestones"][0]["history"] == exported["milestones"][0]["history"]


def test_a_reason_without_a_move_is_refused_and_changes_nothing(cli: Cli, vault_path: Path) -> None:
    add_review(cli)
    before = vault_path.read_bytes()
    refused = cli("edit", "LGA-2026-0001", "--title", "Renamed", "--reason", "Adjourned")
    assert (refused.status, refused.err) == (
        2, "sg-desktop: --reason says why dates moved: give it with --move N=YYYY-MM-DD.\n"
    )
    assert vault_path.read_bytes() == before
    assert json.loads(cli("show", "LGA-2026-0001", "--json").out)["title"] == "Trial of a carer"


def test_a_reason_that_is_too_long_or_breaks_the_line_is_refused_and_changes_nothing(cli: Cli) -> None:
    add_review(cli)
    for reason, message in (
        ("x" * 501, "Milestone 1: the reason for the move to 17 March 2027 is 501 characters; keep it to 500."),
        ("Adjourned\nagain", "Milestone 1: the reason for the move to 17 March 2027 must be one line of ordinary "
                             "text, without line breaks or control characters."),
    ):
        refused = cli("edit", "LGA-2026-0001", "--move", "1=2027-03-17", "--reason", reason)
        assert (refused.status, refused.err) == (1, f"sg-desktop: {message}\n")
    doc = json.loads(cli("show", "LGA-2026-0001", "--json").out)
    assert doc["revision"] == 1 and doc["milestones"][0]["date"] == "2027-03-03"


def test_a_reason_that_could_identify_a_child_needs_confirm(cli: Cli) -> None:
    add_review(cli)
    refused = cli("edit", "LGA-2026-0001", "--move", "1=2027-03-17", "--reason", "Witness on 07700 900123 is ill")
    assert refused.status == 1 and "Milestone 1 reason" in refused.err and "07700" not in refused.err
    assert json.loads(cli("show", "LGA-2026-0001", "--json").out)["revision"] == 1
    confirmed = cli("edit", "LGA-2026-0001", "--move", "1=2027-03-17", "--reason", "Witness on 07700 900123 is ill",
                    "--confirm")
    assert confirmed.status == 0, confirmed.err


def test_control_characters_in_a_field_are_refused_naming_the_field(cli: Cli, tmp_path: Path) -> None:
    add_review(cli)
    path = tmp_path / "alert.json"
    doc = json.loads(cli("show", "LGA-2026-0001", "--json").out)
    doc["title"] = "Trial\x1b[2J of a carer"
    doc["milestones"][0]["note"] = "Court 3\x07\nsecond line"
    path.write_text(json.dumps(doc))
    refused = cli("add", "--from-json", str(path))
    assert refused.status == 1
    assert refused.err == ("sg-desktop: The title holds a control character (U+001B); Milestone 1's note holds a "
                           "control character (U+0007).\n")
    assert "LGA-2026-0002" not in cli("list").out
    doc["title"], doc["milestones"][0]["note"] = "Trial of a carer", "Court 3\n\tsecond line"
    path.write_text(json.dumps(doc))
    assert cli("add", "--from-json", str(path)).status == 0  # a note may break lines and tab


def test_show_makes_record_text_safe_for_the_terminal(cli: Cli, vault_path: Path, clock: FixedClock) -> None:
    # Text that reached a vault before fields were checked for control characters is still printed safely.
    add_review(cli)
    service = VaultService(vault_path, clock=clock, councils=english_councils(), new_slot_kdf=cheap_kdf)
    session = service.locked().unlock(PASSPHRASE)
    try:
        alert = session.alerts.get("LGA-2026-0001")
        first = replace(alert.milestones[0], note="Court 3\x07\nsecond line")
        with session.vault.transaction():
            session.vault.alerts.update(replace(alert, title="Trial\x1b[2J of a carer\nLGA-2026-0099  Forged",
                                                milestones=(first, *alert.milestones[1:])), clock.today())
    finally:
        session.lock()
    shown = cli("show", "LGA-2026-0001").out
    assert "\x1b" not in shown and "\x07" not in shown
    assert "LGA-2026-0001  Trial\ufffd[2J of a carer\ufffdLGA-2026-0099  Forged" in shown.splitlines()
    assert "       Court 3\ufffd" in shown.splitlines() and "       second line" in shown.splitlines()
    listed = cli("list").out
    assert "\x1b" not in listed and not any(line.startswith("LGA-2026-0099") for line in listed.splitlines())


# -- where an alert came from ------------------------------------------------------------------


def in_vault(cli: Cli, vault: Path) -> Cli:
    """`cli` run against another office's vault."""
    def call(*args: str) -> Result:
        result = cli(*args, env={"SG_VAULT": str(vault)})
        assert result.status == 0, result.err
        return result
    return call


def test_show_says_which_office_sent_the_alert_and_when_until_it_is_changed_here(cli: Cli, tmp_path: Path) -> None:
    council = in_vault(cli, tmp_path / "council" / "council.sgvault")
    lga = in_vault(cli, tmp_path / "lga" / "lga.sgvault")
    council("init", "--office", "Wokingham Borough Council", "--org", "council", "--council", "Wokingham")
    lga("init", "--office", "Local Government Association", "--org", "lga")
    for me, other in ((council, lga), (lga, council)):
        me("offices", "add", json.loads(other("identity", "--json").out)["card"], "--trust")
    council("add", "--council", "Wokingham", "--kind", "trial", "--title", "Trial of a carer", "--share", "lga",
            "--milestone", "trial-start=2027-03-03")
    reference = json.loads(council("list", "--json").out)[0]["reference"]
    council("edit", reference, "--move", "1=2027-03-17", "--reason", "Adjourned: a witness is unavailable")
    council("export", "--to", "Local Government Association", "--out", str(tmp_path / "to-lga.sgp"))
    lga("import", str(tmp_path / "to-lga.sgp"))

    shown = lga("show", reference).out.splitlines()
    assert "  Received from:   Wokingham Borough Council on 24 Nov 2026 at 10:00 UTC" in shown
    assert ("       Trial start moved from 3 March 2027 to 17 March 2027 (recorded 24 Nov 2026): "
            "Adjourned: a witness is unavailable") in shown
    doc = json.loads(lga("show", reference, "--json").out)
    assert doc["received"] == {"office": "Wokingham Borough Council", "received_at": "2026-11-24T10:00:00+00:00",
                               "current": True}
    assert "Received from" not in council("show", reference).out

    lga("edit", reference, "--title", "Trial of a carer (LGA notes)")
    assert "  Received from:   Wokingham Borough Council on 24 Nov 2026 at 10:00 UTC (changed here since)" in (
        lga("show", reference).out.splitlines()
    )
    assert json.loads(lga("show", reference, "--json").out)["received"]["current"] is False


def test_add_in_a_councils_own_vault_is_about_its_council_unless_told(cli: Cli, tmp_path: Path) -> None:
    council = in_vault(cli, tmp_path / "council" / "council.sgvault")
    council("init", "--office", "Wokingham Borough Council", "--org", "council", "--council", "Wokingham")
    council("add", "--kind", "trial", "--title", "Trial of a carer")
    council("add", "--council", "Reading", "--kind", "inquest", "--title", "An inquest next door")
    assert [(a["council"], a["title"]) for a in json.loads(council("list", "--json", "--sort", "title").out)] == [
        ("Reading", "An inquest next door"), ("Wokingham", "Trial of a carer")]


def test_add_at_the_lga_still_asks_for_the_council(cli: Cli) -> None:
    cli("init", "--office", "Local Government Association", "--org", "lga")
    result = cli("add", "--kind", "trial", "--title", "Trial of a carer")
    assert result.status == 2
    assert result.err.strip() == "sg-desktop: To add an alert give --council (or --from-json FILE)."
    assert json.loads(cli("list", "--json").out) == []
