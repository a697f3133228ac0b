"""`calendar` and `list --csv`: the files they write, the warning they give, and the user errors they refuse."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.cli.conftest import Result

Cli = Callable[..., Result]
WARNING = "not encrypted"


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def vault(cli: Cli, vault_path: Path) -> Path:
    assert cli("init", "--office", "Local Government Association", "--org", "lga").status == 0
    for title, when in (('=HYPERLINK("http://x")', "2026-12-07"), ("Quiet, for now; maybe", "2027-01-11")):
        result = cli("add", "--council", "Wokingham", "--kind", "trial", "--title", title, "--media", "national",
                     "--summary", "MARKSUMMARY", "--milestone", f"trial-start={when}")
        assert result.status == 0, result.err
    return vault_path


def test_calendar_writes_an_ics_of_the_weeks_ahead(cli: Cli, vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "forward.ics"
    result = cli("calendar", "--out", str(out))
    assert result.status == 0, result.err
    assert result.out.strip() == f"Wrote {out}: 2 milestones from 23 Nov 2026 to 14 Feb 2027, minimal detail."
    assert len(result.err.splitlines()) == 1 and WARNING in result.err
    events = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["LGA-2026-0001: Trial start", "LGA-2026-0002: Trial start"]
    text = out.read_text()
    assert "Wokingham" not in text and "MARKSUMMARY" not in text and "HYPERLINK" not in text
    if os.name == "posix":
        assert out.stat().st_mode & 0o777 == 0o600


def test_calendar_weeks_and_full_detail(cli: Cli, vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "forward.ics"
    result = cli("calendar", "--out", str(out), "--weeks", "3", "--detail", "full")
    assert result.status == 0, result.err
    assert "1 milestone from 23 Nov 2026 to 13 Dec 2026, full detail." in result.out
    (event,) = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "LGA-2026-0001: Trial start (Wokingham)"
    assert "MARKSUMMARY" not in out.read_text()


def test_calendar_keeps_to_a_council_region_or_kind(cli: Cli, vault: Path, tmp_path: Path) -> None:
    assert cli("add", "--council", "Leeds", "--kind", "inquest", "--title", "Inquest opened",
               "--milestone", "inquest=2026-12-09").status == 0
    out = tmp_path / "inquests.ics"
    result = cli("calendar", "--out", str(out), "--kind", "inquest")
    assert result.status == 0, result.err
    assert result.out.strip() == (f"Wrote {out}: 1 milestone from 23 Nov 2026 to 14 Feb 2027, minimal detail; "
                                  "only kind Inquest.")
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")] == [
        "LGA-2026-0003: Inquest"]
    result = cli("calendar", "--out", str(out), "--region", "south east", "--council", "Wokingham")
    assert result.status == 0, result.err
    assert "2 milestones" in result.out and "only council Wokingham, region South East." in result.out


def test_every_plain_file_written_is_in_the_audit_trail_without_its_name(cli: Cli, vault: Path,
                                                                         tmp_path: Path) -> None:
    secret_name = tmp_path / "Wokingham MARKSUMMARY.ics"
    assert cli("calendar", "--out", str(secret_name)).status == 0
    table = tmp_path / "log.csv"
    assert cli("list", "--csv", "--out", str(table)).status == 0
    assert cli("list", "--csv").status == 0  # printed, not written: nothing to record
    entries = [e for e in json.loads(cli("audit", "--json", "--limit", "100").out) if e["action"] == "file.plain"]
    assert sorted((e["detail"]["kind"], e["detail"]["items"]) for e in entries) == [("calendar", 2), ("table", 2)]
    printed = cli("audit").out
    assert "Calendar saved (not encrypted)" in printed and "Table saved as CSV (not encrypted)" in printed
    everything = json.dumps(json.loads(cli("audit", "--json", "--limit", "100").out))
    assert "MARKSUMMARY" not in everything and str(tmp_path) not in everything


@pytest.mark.parametrize(("args", "message"), [
    (("--kind", "picnic"), "kind"),
    (("--region", "Atlantis"), "Unknown region 'Atlantis'; use one of: East Midlands"),
    (("--council", "Atlantis"), "Atlantis"),
])
def test_calendar_refuses_an_unknown_filter_and_writes_nothing(cli: Cli, vault: Path, tmp_path: Path,
                                                               args: tuple[str, ...], message: str) -> None:
    out = tmp_path / "forward.ics"
    result = cli("calendar", "--out", str(out), *args)
    assert result.status != 0
    assert message in result.err and len(result.err.splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize(("args", "message"), [
    (("--weeks", "0"), "--weeks takes a number of weeks from 1 to 52, not 0."),
    (("--weeks", "53"), "--weeks takes a number of weeks from 1 to 52, not 53."),
    (("--weeks", "many"), "argument --weeks: invalid int value: 'many'"),
    (("--detail", "everything"), "argument --detail: invalid choice: 'everything'"),
])
def test_calendar_refuses_bad_options_and_writes_nothing(cli: Cli, vault: Path, tmp_path: Path,
                                                         args: tuple[str, ...], message: str) -> None:
    out = tmp_path / "forward.ics"
    result = cli("calendar", "--out", str(out), *args)
    assert result.status == 2
    assert message in result.err and len(result.err.splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize("command", [("calendar",), ("list", "--csv")])
@pytest.mark.parametrize("suffix", ["", ".keys", "-wal", "-shm"])
def test_no_calendar_or_csv_is_written_over_a_vault(cli: Cli, vault: Path, command: tuple[str, ...],
                                                    suffix: str) -> None:
    target = Path(f"{vault}{suffix}")
    before = digest(vault.parent)
    result = cli(*command, "--out", str(target))
    assert result.status == 1
    assert "nothing was written. Choose another file name." in result.err
    assert len(result.err.splitlines()) == 1
    assert digest(vault.parent) == before
    assert cli("list").status == 0  # the vault still opens


def test_list_csv_prints_the_table_with_formulas_made_text(cli: Cli, vault: Path) -> None:
    result = cli("list", "--csv")
    assert result.status == 0, result.err
    assert len(result.err.splitlines()) == 1 and WARNING in result.err
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[0] == ["Reference", "Next milestone", "Date", "Days to go", "Urgency", "Council", "Kind", "Title"]
    assert rows[1] == ["LGA-2026-0001", "Trial start", "7 Dec 2026", "13", "High", "Wokingham", "Criminal trial",
                       '\'=HYPERLINK("http://x")']
    assert rows[2][0] == "LGA-2026-0002" and rows[2][-1] == "Quiet, for now; maybe"


def test_list_csv_follows_the_filters_and_writes_a_file_for_excel(cli: Cli, vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "log.csv"
    result = cli("list", "--csv", "--search", "quiet", "--out", str(out))
    assert result.status == 0, result.err
    assert result.out.strip() == f"Wrote {out}: 1 alert."
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r[0] for r in rows] == ["Reference", "LGA-2026-0002"]


@pytest.mark.parametrize(("args", "message"), [
    (("--csv", "--json"), "Give --csv or --json, not both."),
    (("--out", "x.csv"), "--out writes the CSV to a file: give it with --csv."),
])
def test_list_csv_refuses_mixed_options(cli: Cli, vault: Path, args: tuple[str, ...], message: str) -> None:
    result = cli("list", *args)
    assert result.status == 2 and message in result.err
