"""`identity`, `offices`, `export`, `verify`, `import` as an officer or a script uses them, between two vaults."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sg_desktop.exchange import parse_card
from tests.cli.conftest import Result

Cli = Callable[..., Result]


class Office:
    """One office's vault, driven through the command line."""

    def __init__(self, cli: Cli, vault: Path) -> None:
        self._cli = cli
        self.vault = vault

    def __call__(self, *args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Result:
        environment = {"SG_VAULT": str(self.vault), **(env or {})}
        if stdin is None:  # the real-process runner (`sg`) has no standard input to give
            return self._cli(*args, env=environment)
        return self._cli(*args, env=environment, stdin=stdin)

    def ok(self, *args: str, env: dict[str, str] | None = None) -> str:
        result = self(*args, env=env)
        assert result.status == 0, result.err
        return result.out


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def make_office(cli: Cli, tmp_path: Path, key: str, *init: str) -> Office:
    office = Office(cli, tmp_path / key / f"{key}.sgvault")
    office.ok("init", *init)
    return office


@pytest.fixture
def council(cli: Cli, tmp_path: Path) -> Office:
    return make_office(cli, tmp_path, "council", "--office", "Wokingham Borough Council", "--org", "council",
                       "--council", "Wokingham")


@pytest.fixture
def lga(cli: Cli, tmp_path: Path) -> Office:
    return make_office(cli, tmp_path, "lga", "--office", "Local Government Association", "--org", "lga")


def card_string(office: Office) -> str:
    return str(json.loads(office.ok("identity", "--json"))["card"])


def trust_each_other(a: Office, b: Office) -> None:
    a.ok("offices", "add", card_string(b), "--trust")
    b.ok("offices", "add", card_string(a), "--trust")


def add_alert(office: Office, title: str, *extra: str) -> str:
    out = office.ok("add", "--council", "Wokingham", "--kind", "cspr", "--title", title,
                    "--milestone", "publication=2027-03-03", "--share", "council,lga,adcs", *extra)
    return out.split()[1].rstrip(".")


def test_identity_shows_the_card_and_its_fingerprint_and_writes_the_card_file(lga: Office, tmp_path: Path) -> None:
    out = lga.ok("identity", "--out", str(tmp_path / "lga.card"))
    lines = dict(line.split(":", 1) for line in out.splitlines() if ":" in line)
    assert lines["Office"].strip() == "Local Government Association (LGA)"
    card = parse_card((tmp_path / "lga.card").read_bytes())
    assert lines["Fingerprint"].strip() == card.fingerprint_digits
    assert parse_card(lines["Card"].strip()) == card
    doc = json.loads(lga.ok("identity", "--json"))
    assert doc["fingerprint"] == card.fingerprint.hex() and doc["org_type"] == "lga"


def test_an_added_office_is_untrusted_until_its_digits_are_confirmed(
    council: Office, lga: Office, tmp_path: Path
) -> None:
    lga.ok("identity", "--out", str(tmp_path / "lga.card"))
    added = council.ok("offices", "add", str(tmp_path / "lga.card"))
    digits = parse_card((tmp_path / "lga.card").read_bytes()).fingerprint_digits
    assert "not trusted yet" in added and digits in added
    assert "sg-desktop offices trust 'Local Government Association'" in added
    listed = json.loads(council.ok("offices", "list", "--json"))
    assert [(o["name"], o["kind"], o["trusted"]) for o in listed] == [
        ("Local Government Association", "sg-desktop", False)
    ]
    refused = council("offices", "trust", "Local Government Association")
    assert refused.status == 2 and "--fingerprint DIGITS" in refused.err
    wrong = council("offices", "trust", "Local Government Association", "--fingerprint", "12345 " * 8)
    assert wrong.status == 1 and "do not match" in wrong.err
    council.ok("offices", "trust", "local government association", "--fingerprint", digits)
    listed = json.loads(council.ok("offices", "list", "--json"))
    assert (listed[0]["trusted"], listed[0]["trust_method"]) == (True, "phone")
    assert "Local Government Association" in council.ok("offices", "list")


def test_trust_asks_a_person_at_a_terminal(council: Office, lga: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    council.ok("offices", "add", card_string(lga))
    monkeypatch.setattr("tests.cli.conftest._Stdin.isatty", lambda self: True)
    declined = council("offices", "trust", "Local Government Association", stdin="n\n")
    assert declined.status == 1 and "Do these digits match" in declined.err
    accepted = council("offices", "trust", "Local Government Association", stdin="y\n")
    assert accepted.status == 0 and "is trusted" in accepted.out


def test_an_office_without_sg_desktop_is_added_by_its_age_recipient(council: Office) -> None:
    import pyrage

    recipient = str(pyrage.x25519.Identity.generate().to_public())
    out = council.ok("offices", "add-age", "Labour Group office", "--org", "group-office", recipient)
    assert "cannot send" in out
    listing = council.ok("offices", "list")
    assert "age only" in listing and "Labour Group office" in listing


def test_export_verify_and_import_between_two_vaults(council: Office, lga: Office, tmp_path: Path) -> None:
    trust_each_other(council, lga)
    first = add_alert(council, "Review into agency practice")
    add_alert(council, "Trial listed")
    hidden = add_alert(council, "Council only", "--share", "council")
    path = tmp_path / "to-lga.sgp"
    exported = council.ok("export", "--to", "Local Government Association", "--out", str(path))
    assert exported.splitlines() == [
        f"Wrote {path}: 2 alerts for Local Government Association; file number 1 from this office.",
        f"Left out {hidden}: its sharing scope leaves out LGA.",
    ]
    before = snapshot(lga.vault.parent)
    verified = lga.ok("verify", str(path))
    assert "From:       Wokingham Borough Council (Council)" in verified
    assert "To:         " in verified and "this office" in verified and "Wokingham Borough Council" in verified
    assert f"Holds:      2 alerts: {first}, " in verified and "not imported yet" in verified
    dry = lga.ok("import", str(path), "--dry-run")
    assert dry.splitlines()[-1] == "Dry run, nothing was imported. Importing would give: 2 new."
    assert snapshot(lga.vault.parent) == before  # neither verify nor a dry run changed a byte
    done = lga.ok("import", str(path))
    assert done.splitlines()[-1] == "Imported: 2 new."
    assert [a["reference"] for a in json.loads(lga.ok("list", "--json"))] == [first, "WBC-2026-0002"]
    again = lga.ok("verify", str(path), "--json")
    assert json.loads(again)["refused"] == "This file was already imported."


def test_since_last_and_a_conflict_settled_with_resolve(council: Office, lga: Office, tmp_path: Path) -> None:
    trust_each_other(council, lga)
    ref = add_alert(council, "Review")
    other = add_alert(council, "Another")
    council.ok("export", "--to", "Local Government Association", "--out", str(tmp_path / "1.sgp"))
    lga.ok("import", str(tmp_path / "1.sgp"))
    nothing = council("export", "--to", "Local Government Association", "--since-last", "--out",
                      str(tmp_path / "none.sgp"))
    assert nothing.status == 1 and "Nothing has changed since the last file sent" in nothing.err
    council.ok("edit", ref, "--title", "Council's wording")
    council.ok("edit", other, "--status", "published")
    lga.ok("edit", ref, "--title", "LGA's wording")
    out = council.ok("export", "--to", "Local Government Association", "--since-last", "--out",
                     str(tmp_path / "2.sgp"), "--json")
    assert json.loads(out)["alerts"] == [ref, other]
    dry = lga.ok("import", str(tmp_path / "2.sgp"), "--dry-run")
    assert f"conflict       {ref}  (choose with --resolve REF=mine|theirs|both)" in dry
    refused = lga("import", str(tmp_path / "2.sgp"))
    assert refused.status == 1 and refused.out == ""
    assert f"1 alert(s) were changed both here and by Wokingham Borough Council: {ref}." in refused.err
    bad = lga("import", str(tmp_path / "2.sgp"), "--resolve", f"{other}=mine")
    assert bad.status == 2 and "not a conflict" in bad.err
    doc = json.loads(lga.ok("import", str(tmp_path / "2.sgp"), "--resolve", f"{ref.lower()}=both", "--json"))
    assert doc["counts"] == {"new": 0, "updated": 1, "unchanged": 0, "conflict": 1, "older-ignored": 0}
    assert doc["copies"] == ["LGA-2026-0001"]
    assert json.loads(lga.ok("show", ref, "--json"))["title"] == "LGA's wording"
    assert json.loads(lga.ok("show", "LGA-2026-0001", "--json"))["title"] == "Council's wording"


def test_a_passphrase_file_for_an_office_without_keys_yet(council: Office, lga: Office, tmp_path: Path) -> None:
    lga.ok("offices", "add", card_string(council), "--trust")
    ref = add_alert(council, "Review")
    secret = tmp_path / "file-passphrase.txt"
    secret.write_text("spoken by phone, not emailed\n")
    path = tmp_path / "p.sgp"
    missing_org = council("export", "--passphrase-file", str(secret), "--out", str(path))
    assert missing_org.status == 2 and "needs --org" in missing_org.err
    out = council.ok("export", "--passphrase-file", str(secret), "--org", "lga", "--work-factor", "10",
                     "--out", str(path), ref)
    assert "for one office, by passphrase" in out
    no_passphrase = lga("import", str(path))
    assert no_passphrase.status == 2 and "protected by a passphrase" in no_passphrase.err
    assert "whoever holds its passphrase" in lga.ok("verify", str(path), "--file-passphrase-file", str(secret))
    done = lga.ok("import", str(path), env={"SG_FILE_PASSPHRASE": "spoken by phone, not emailed"})
    assert done.splitlines()[-1] == "Imported: 1 new."


def test_replacing_an_office_key(council: Office, lga: Office, cli: Cli, tmp_path: Path) -> None:
    council.ok("offices", "add", card_string(lga), "--trust")
    other = make_office(cli, tmp_path, "other", "--office", "Local Government Association", "--org", "lga")
    out = council.ok("offices", "replace-key", "Local Government Association", card_string(other))
    assert "not trusted yet" in out
    audit = json.loads(council.ok("audit", "--json"))
    assert audit[-1]["action"] == "office.replace-key"


def test_import_warns_of_alerts_that_may_identify_a_child(council: Office, lga: Office, tmp_path: Path) -> None:
    trust_each_other(council, lga)
    flagged = add_alert(council, "Review", "--summary", "call 07700 900123", "--confirm")
    add_alert(council, "Trial listed")
    path = tmp_path / "to-lga.sgp"
    council.ok("export", "--to", "Local Government Association", "--out", str(path))
    dry = lga.ok("import", str(path), "--dry-run").splitlines()
    at = dry.index(f"  new            {flagged}")
    assert dry[at + 1] == "    may identify a child: what looks like a phone number in the Summary"
    assert "Warning: 1 alert(s) from Wokingham Borough Council may identify a child" in dry[-2]
    doc = json.loads(lga.ok("import", str(path), "--dry-run", "--json"))
    assert [a.get("identifying") for a in doc["alerts"]] == [
        ["what looks like a phone number in the Summary"], None
    ]


def test_a_council_gets_its_own_alert_back_and_offices_list_shows_its_council(
    council: Office, lga: Office, tmp_path: Path
) -> None:
    trust_each_other(council, lga)
    ref = add_alert(council, "Review into agency practice", "--share", "lga,adcs")
    council.ok("export", "--to", "Local Government Association", "--out", str(tmp_path / "up.sgp"))
    lga.ok("import", str(tmp_path / "up.sgp"))
    reading = lga.ok("add", "--council", "Reading", "--kind", "trial", "--title", "Trial listed", "--share",
                     "lga,adcs").split()[1].rstrip(".")
    out = lga.ok("export", "--to", "Wokingham Borough Council", "--out", str(tmp_path / "back.sgp"))
    assert out.splitlines() == [
        f"Wrote {tmp_path / 'back.sgp'}: 1 alert for Wokingham Borough Council; file number 1 from this office.",
        f"Left out {reading}: its sharing scope leaves out other councils.",
    ]
    assert council.ok("import", str(tmp_path / "back.sgp")).splitlines()[-1].startswith("Imported: 1 unchanged.")
    assert ref in council.ok("list")
    header, row = lga.ok("offices", "list").splitlines()
    assert header.split()[:4] == ["NAME", "ORGANISATION", "COUNCIL", "KIND"]
    assert row.startswith("Wokingham Borough Council  Council       Wokingham  SG Desktop")
    listed = json.loads(lga.ok("offices", "list", "--json"))
    assert (listed[0]["council"], listed[0]["council_name"]) == ("E06000041", "Wokingham")


def test_the_council_of_an_office_is_given_when_adding_and_changed_later(
    council: Office, lga: Office, cli: Cli, tmp_path: Path
) -> None:
    hall = make_office(cli, tmp_path, "hall", "--office", "County Hall", "--org", "council", "--council", "Reading")
    added = lga.ok("offices", "add", card_string(hall), "--trust")
    assert added.splitlines()[0] == (
        "Which council County Hall belongs to is not recorded, so it receives only alerts shared with councils; "
        "record it with: sg-desktop offices set-council 'County Hall' COUNCIL"
    )
    before = snapshot(lga.vault.parent)
    bad = lga("offices", "set-council", "County Hall", "Readng")
    assert bad.status == 1 and bad.err == (
        "sg-desktop: There is no English council called 'Readng'. Did you mean Reading, Ealing?\n")
    wrong = lga("offices", "add", card_string(council), "--council", "Nowhere")
    assert wrong.status == 1 and "no English council called 'Nowhere'" in wrong.err
    assert snapshot(lga.vault.parent) == before
    assert lga.ok("offices", "set-council", "county hall", "E06000038") == (
        "County Hall is the office of Reading: it always receives the alerts about Reading.\n")
    out = lga.ok("offices", "add", card_string(council), "--council", "Reading")
    assert out.startswith("Wokingham Borough Council is the office of Reading:")
    trusted = lga.ok("offices", "trust", "Wokingham Borough Council", "--yes", "--council", "Wokingham")
    assert "the office of Wokingham" in trusted and "is trusted" in trusted
    not_a_council = council("offices", "add", card_string(lga), "--council", "Wokingham")
    assert not_a_council.status == 1 and "Only a council's office belongs to a council" in not_a_council.err
    audit = [e["action"] for e in json.loads(lga.ok("audit", "--json"))]
    assert audit[-3:] == ["office.add", "office.trust", "office.council"]


def test_removing_an_office_asks_at_a_terminal_and_refuses_its_files_after(
    council: Office, lga: Office, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trust_each_other(council, lga)
    add_alert(council, "Review")
    council.ok("export", "--to", "Local Government Association", "--out", str(tmp_path / "1.sgp"))
    lga.ok("import", str(tmp_path / "1.sgp"))
    add_alert(council, "Trial listed")
    council.ok("export", "--to", "Local Government Association", "--since-last", "--out", str(tmp_path / "2.sgp"))
    before = snapshot(lga.vault.parent)
    script = lga("offices", "remove", "Wokingham Borough Council")
    assert script.status == 2 and script.err == (
        "sg-desktop: Removing an office needs confirmation: run it in a terminal, or add --yes.\n")
    unknown = lga("offices", "remove", "Nowhere", "--yes")
    assert unknown.status == 1 and "There is no office called 'Nowhere'" in unknown.err
    monkeypatch.setattr("tests.cli.conftest._Stdin.isatty", lambda self: True)
    declined = lga("offices", "remove", "Wokingham Borough Council", stdin="n\n")
    assert declined.status == 1 and declined.err == (
        "Remove Wokingham Borough Council? Alerts already received from it stay in this vault; it will no longer "
        "be able to send files here nor receive them. [y/N] Nothing was removed.\n")
    assert snapshot(lga.vault.parent) == before

    removed = lga("offices", "remove", "wokingham borough council", stdin="y\n")
    assert removed.status == 0 and removed.out == (
        "Removed Wokingham Borough Council. Alerts already received from it stay in this vault; files from it "
        "are refused until it is added and trusted again.\n")
    assert json.loads(lga.ok("offices", "list", "--json")) == []
    assert len(json.loads(lga.ok("list", "--json"))) == 1  # the alert received from it stays
    assert json.loads(lga.ok("audit", "--json"))[-1]["action"] == "office.remove"
    refused = lga("import", str(tmp_path / "2.sgp"))
    assert refused.status == 1 and "signed by an office that is not trusted here" in refused.err
    sending = lga("export", "--to", "Wokingham Borough Council", "--out", str(tmp_path / "3.sgp"))
    assert sending.status == 1 and "There is no office called 'Wokingham Borough Council'" in sending.err
