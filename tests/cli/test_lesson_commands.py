"""`sg-desktop lessons add REF --from-json FILE` and `lessons list [REF] [--json]`: what they print, the JSON read
back unchanged in meaning, and each user error as one line with nothing in the vault changed."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Result
from tests.cli.test_exchange_commands import make_office, trust_each_other

Cli = Callable[..., Result]
REF = "LGA-2026-0001"


@pytest.fixture
def vault(cli: Cli, vault_path: Path) -> Path:
    """An LGA vault with one closed alert (two offers) and one still open."""
    assert cli("init", "--office", "Local Government Association", "--org", "lga").status == 0
    closed = cli("add", "--council", "Leeds", "--kind", "trial", "--title", "Trial listed", "--media", "national",
                 "--status", "closed", "--milestone", "trial-start=2026-10-05",
                 "--offer", "lga:peer-mentor:leader:accepted", "--offer", "adcs:director-support:director:declined")
    assert closed.status == 0, closed.err
    assert cli("add", "--council", "York", "--kind", "cspr", "--title", "Review",
               "--milestone", "publication=2027-02-01").status == 0
    return vault_path


def files(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def write(tmp_path: Path, doc: Any, name: str = "lesson.json") -> Path:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


LESSON = {
    "coverage": "regional",
    "offers": [{"offer": 1, "accepted": True, "usefulness": 5, "comment": "Rang the leader every evening"},
               {"offer": 2, "accepted": False}],
    "helped": "The peer mentor had been through it.",
    "did_not_help": "",
    "do_differently": "Agree one press contact early.",
    "may_share": True,
}


def test_a_lesson_is_recorded_listed_and_shown(cli: Cli, vault: Path, tmp_path: Path) -> None:
    added = cli("lessons", "add", REF, "--from-json", str(write(tmp_path, LESSON)))
    assert (added.status, added.out, added.err) == (0, f"Recorded: this office's lesson on {REF}.\n", "")
    listed = cli("lessons", "list")
    assert listed.status == 0
    header, row = listed.out.splitlines()
    assert header.split() == ["ALERT", "COUNCIL", "KIND", "COVERAGE", "OFFERS", "SHARED", "RECORDED", "BY"]
    assert row.split()[:3] == [REF, "Leeds", "trial"] and "Regional (less than expected)" in row
    assert "1 of 2 taken up" in row and "24 Nov 2026" in row and row.endswith("Local Government Association")
    shown = cli("lessons", "list", REF).out
    assert "Offer 1: LGA, Peer mentor (experienced leader or lead member): taken up, very useful (5 of 5): Rang the " \
           "leader every evening" in shown
    assert "Offer 2: ADCS, Support to the director: not taken up, not rated" in shown
    assert "What helped:\n  The peer mentor had been through it." in shown
    assert "May be quoted in the digest: yes · shared with: ADCS, LGA" in shown
    assert cli("lessons", "list", "LGA-2026-0002").out == "No lessons on this alert yet.\n"


def test_list_json_fed_back_to_add_gives_the_same_lesson(cli: Cli, vault: Path, tmp_path: Path) -> None:
    assert cli("lessons", "add", REF, "--from-json", str(write(tmp_path, LESSON))).status == 0
    first = json.loads(cli("lessons", "list", "--json").out)
    assert first[0]["offers"][0] == {"offer": 1, "offer_id": first[0]["offers"][0]["offer_id"], "organisation": "lga",
                                     "kind": "peer-mentor", "accepted": True, "usefulness": 5,
                                     "comment": "Rang the leader every evening"}
    assert (first[0]["alert"], first[0]["council"], first[0]["expected"], first[0]["own"]) == (REF, "Leeds",
                                                                                              "national", True)
    saved = write(tmp_path, first, "listed.json")
    # Unchanged: fed straight back, nothing is saved.
    again = cli("lessons", "add", REF, "--from-json", str(saved))
    assert again.out == f"The lesson on {REF} is unchanged; nothing was saved.\n"
    # Changed in between, then fed back: the lesson says again exactly what was listed.
    changed = {**LESSON, "coverage": "none", "may_share": False, "sharing": ["adcs"]}
    assert cli("lessons", "add", REF, "--from-json", str(write(tmp_path, changed))).out.startswith(
        "Updated (revision 2)")
    assert cli("lessons", "add", REF, "--from-json", str(saved)).out == (
        f"Updated (revision 3): this office's lesson on {REF}.\n")
    final = json.loads(cli("lessons", "list", "--json").out)
    kept = ("revision", "updated_at")
    assert [{k: v for k, v in x.items() if k not in kept} for x in final] == [
        {k: v for k, v in x.items() if k not in kept} for x in first]


def test_identifying_text_is_refused_unless_confirmed(cli: Cli, vault: Path, tmp_path: Path) -> None:
    risky = write(tmp_path, {**LESSON, "did_not_help": "Ring DS Jones on 0118 496 0000."})
    before = files(vault.parent)
    refused = cli("lessons", "add", REF, "--from-json", str(risky))
    assert refused.status == 1 and refused.out == ""
    assert refused.err == (
        "sg-desktop: The text may identify a child: what looks like a person's name in the “What did not help” "
        "answer; what looks like a phone number in the “What did not help” answer. Nothing was saved. Remove it, or "
        "run the command again with --confirm to save it anyway.\n")
    assert files(vault.parent) == before
    assert cli("lessons", "add", REF, "--from-json", str(risky), "--confirm").status == 0


@pytest.mark.parametrize(("doc", "message"), [
    ({**LESSON, "helped": "Bell \u0007"}, "“What helped” holds a control character (U+0007)."),
    ({**LESSON, "coverage": "galactic"}, "coverage: is not a known coverage; use one of: none, local, regional, "
                                         "national"),
    ({**LESSON, "offers": [{"offer": 3, "accepted": True}]}, f"offers[1].offer: is not a support offer of {REF} (its "
                                                            "offers are 1 to 2)"),
    ({**LESSON, "offers": [{"offer": 1, "kind": "media-advice", "accepted": True}]},
     "offers[1].kind: is not the kind of that offer (peer-mentor)"),
    ({**LESSON, "offers": [{"offer": 2, "accepted": False, "usefulness": 4}]},
     "Support offer 1 was not taken up, so it cannot be rated for usefulness."),
    ({**LESSON, "alert": "LGA-2026-0002"}, f"alert: names another alert than {REF}"),
    ({**LESSON, "colour": "red"}, "colour: is not a field SG Desktop knows"),
    ('{"coverage": "local", "coverage": "none"}', "names the same field twice in one object"),
    ("[1, 2", "is not valid JSON"),
    ([LESSON, LESSON], f"The JSON holds 2 lessons on {REF}; give one lesson."),
])
def test_a_bad_lesson_is_refused_in_one_line_and_nothing_changes(cli: Cli, vault: Path, tmp_path: Path,
                                                                 doc: Any, message: str) -> None:
    path = write(tmp_path, doc)
    before = files(vault.parent)
    result = cli("lessons", "add", REF, "--from-json", str(path))
    assert result.status in (1, 2) and result.out == ""
    assert message in result.err and len(result.err.splitlines()) == 1
    assert files(vault.parent) == before


def test_lessons_wait_for_the_alert_to_close_or_its_last_milestone_to_pass(cli: Cli, vault: Path,
                                                                           tmp_path: Path) -> None:
    before = files(vault.parent)
    result = cli("lessons", "add", "LGA-2026-0002", "--from-json", str(write(tmp_path, {"coverage": "none"})))
    assert result.status == 1
    assert result.err == ("sg-desktop: Lessons are recorded once an alert is closed or its last milestone has "
                          "passed; LGA-2026-0002 is active and its last milestone is on 1 February 2027.\n")
    assert files(vault.parent) == before
    assert cli("lessons", "add", "LGA-2026-0099", "--from-json", str(write(tmp_path, LESSON))).err == (
        "sg-desktop: There is no alert 'LGA-2026-0099' in this vault.\n")


@pytest.mark.parametrize("source", ["pipe", "/dev/zero", "large"])
def test_the_json_file_is_read_only_if_regular_and_within_the_limit(sg: Cli, vault: Path, tmp_path: Path,
                                                                    source: str) -> None:
    if source == "pipe":
        path = tmp_path / "pipe"
        os.mkfifo(path)
    elif source == "large":
        path = tmp_path / "large.json"
        with path.open("wb") as out:
            out.truncate(64 * 1024 * 1024 + 1)
    else:
        path = Path(source)
    before = files(vault.parent)
    result = sg("lessons", "add", REF, "--from-json", str(path), timeout=30)
    assert result.status in (1, 2) and len(result.err.splitlines()) == 1
    assert ("is not a regular file" if source != "large" else "larger than") in result.err
    assert files(vault.parent) == before


def test_lessons_travel_in_protocol_files_and_the_commands_say_so(cli: Cli, tmp_path: Path) -> None:
    council = make_office(cli, tmp_path, "council", "--office", "Wokingham Borough Council", "--org", "council",
                          "--council", "Wokingham")
    lga = make_office(cli, tmp_path, "lga", "--office", "Local Government Association", "--org", "lga")
    trust_each_other(council, lga)
    council.ok("add", "--kind", "cspr", "--title", "Review", "--status", "closed", "--share", "lga",
               "--offer", "lga:media-advice:comms-team:accepted")
    reference = "WBC-2026-0001"
    council.ok("lessons", "add", reference, "--from-json", str(write(tmp_path, {
        "coverage": "local", "offers": [{"offer": 1, "accepted": True}], "helped": "Early media advice.",
        "may_share": True})))
    second = write(tmp_path, {"coverage": "none", "sharing": ["adcs"]}, "second.json")
    lga_alert = council.ok("add", "--kind", "trial", "--title", "Trial", "--status", "closed").split()[1].rstrip(".")
    council.ok("lessons", "add", lga_alert, "--from-json", str(second))
    out = council.ok("export", "--to", "Local Government Association", "--out", str(tmp_path / "f.sgp"))
    assert "1 lesson learned goes too; 1 is left out by its own sharing scope." in out
    assert (f"Left out the lesson on {lga_alert} recorded by Wokingham Borough Council: its sharing scope leaves "
            "out LGA.") in out
    assert "and 1 lesson learned" in lga.ok("verify", str(tmp_path / "f.sgp"))
    imported = lga.ok("import", str(tmp_path / "f.sgp"))
    assert imported.splitlines()[-1] == "Lessons learned: 1 new."
    [held] = json.loads(lga.ok("lessons", "list", "--json"))
    assert (held["alert"], held["own"], held["recorded_by"], held["helped"]) == (
        reference, False, "Wokingham Borough Council", "Early media advice.")
