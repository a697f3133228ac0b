"""`sg-desktop report`: the briefing report as a PDF from a terminal; its filters, and each user error as one
line with nothing written. The command is run as the entry point runs it, with the window's PDF writer."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from sg_desktop.app.clock import FixedClock
from sg_desktop.cli import run
from sg_desktop.ui.forward.report_pdf import write_briefing
from tests.cli.conftest import Result
from tests.conftest import PASSPHRASE, cheap_kdf
from tests.gui.pdf_text import page_texts, pdf_text

Cli = Callable[..., Result]
REFERENCE = re.compile(r"\bLGA-2026-\d{4}\b")


class _Stdin(io.StringIO):
    def isatty(self) -> bool:
        return False


@pytest.fixture
def report_cli(vault_path: Path, clock: FixedClock) -> Cli:
    """Run a command in-process as `sg_desktop.main` does: with the PDF writer handed in."""

    def call(*args: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        status = run(list(args), env={"SG_VAULT": str(vault_path), "SG_PASSPHRASE": PASSPHRASE},
                     stdin=_Stdin(), stdout=out, stderr=err, clock=clock, new_slot_kdf=cheap_kdf,
                     pdf_writer=write_briefing)
        return Result(status, out.getvalue(), err.getvalue())

    return call


@pytest.fixture
def vault(cli: Cli, vault_path: Path) -> dict[str, str]:
    """A vault of four alerts (today is Tuesday 24 November 2026); their references by title."""
    assert cli("init", "--office", "Local Government Association", "--org", "lga").status == 0
    alerts = {
        "Leeds trial": ("--council", "Leeds", "--kind", "trial", "--milestone", "trial-start=2026-11-30:confirmed",
                        "--media", "national"),
        "Wokingham inquest": ("--council", "E06000041", "--kind", "inquest", "--milestone",
                              "inquest=2026-12-09:estimated", "--handling", "official"),
        "York review": ("--council", "York", "--kind", "cspr", "--milestone", "publication=2026-12-16"),
        "Leeds later": ("--council", "Leeds", "--kind", "trial", "--milestone", "trial-start=2027-02-01"),
    }
    refs = {}
    for title, options in alerts.items():
        result = cli("add", "--title", title, *options)
        assert result.status == 0, result.err
        refs[title] = result.out.split()[-1].rstrip(".")
    return refs


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def printed(path: Path) -> set[str]:
    return set(REFERENCE.findall(pdf_text(path)))


def test_report_writes_the_weeks_ahead_as_a_pdf(report_cli: Cli, vault: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "weekly.pdf"
    result = report_cli("report", "--weeks", "4", "--out", str(out))
    assert result.status == 0, result.err
    assert result.out.strip() == (f"Wrote {out}: the forward look for the next 4 weeks, 3 alerts, marked "
                                  "OFFICIAL-SENSITIVE.")
    assert printed(out) == {vault["Leeds trial"], vault["Wokingham inquest"], vault["York review"]}
    pages = page_texts(out)
    for number, text in enumerate(pages, 1):
        lines = text.splitlines()
        assert lines[0] == lines[-1] == "OFFICIAL-SENSITIVE" and f"page {number} of {len(pages)}" in lines
    assert "Forward look: the next 4 weeks" in pages[0]
    # The same file is replaced, as the other commands' --out files are.
    assert report_cli("report", "--weeks", "2", "--out", str(out)).status == 0
    assert printed(out) == {vault["Leeds trial"]} and "Forward look: the next 2 weeks" in pdf_text(out)


def test_report_keeps_to_a_council_a_region_and_a_kind(report_cli: Cli, vault: dict[str, str],
                                                      tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    for options, titles in (
        (("--council", "leeds"), {"Leeds trial"}),
        (("--council", "E06000041"), {"Wokingham inquest"}),
        (("--region", "yorkshire and the humber"), {"Leeds trial", "York review"}),
        (("--kind", "inquest"), {"Wokingham inquest"}),
        (("--region", "South East", "--kind", "trial"), set()),
    ):
        result = report_cli("report", "--weeks", "8", "--out", str(out), *options)
        assert result.status == 0, result.err
        assert printed(out) == {vault[t] for t in titles}, options
    assert "Filters: region Yorkshire and The Humber." not in pdf_text(out)
    report_cli("report", "--weeks", "8", "--out", str(out), "--region", "Yorkshire and The Humber")
    assert "Filters: region Yorkshire and The Humber." in pdf_text(out)


@pytest.mark.parametrize(("options", "status", "message"), [
    (("--weeks", "0"), 2, "--weeks takes a number of weeks from 1 to 52, not 0."),
    (("--weeks", "53"), 2, "--weeks takes a number of weeks from 1 to 52, not 53."),
    (("--weeks", "four"), 2, "argument --weeks: invalid int value: 'four'"),
    (("--weeks", "4", "--council", "Leedz"), 1, "There is no English council called 'Leedz'. Did you mean Leeds"),
    (("--weeks", "4", "--region", "Wessex"), 1, "Unknown region 'Wessex'; use one of: East Midlands, "),
    (("--weeks", "4", "--kind", "rumour"), 1, "Unknown kind 'rumour'; use one of: cspr, trial, inquest"),
])
def test_bad_options_are_one_line_and_nothing_is_written(report_cli: Cli, vault: dict[str, str], tmp_path: Path,
                                                        options: tuple[str, ...], status: int,
                                                        message: str) -> None:
    out = tmp_path / "r.pdf"
    result = report_cli("report", "--out", str(out), *options)
    assert result.status == status
    assert message in result.err and len(result.err.splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize("part", ["", ".keys"])
def test_report_is_never_written_over_the_vault(report_cli: Cli, vault: dict[str, str], vault_path: Path,
                                                part: str) -> None:
    before = digest(vault_path.parent)
    result = report_cli("report", "--weeks", "4", "--out", f"{vault_path}{part}")
    assert result.status == 1
    assert "nothing was written" in result.err and "Choose another file name" in result.err
    assert len(result.err.splitlines()) == 1
    assert digest(vault_path.parent) == before
    assert report_cli("report", "--weeks", "1", "--out", str(vault_path.parent.parent / "fine.pdf")).status == 0


def test_without_the_desktop_libraries_the_report_says_so(cli: Cli, vault: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    result = cli("report", "--weeks", "4", "--out", str(out))  # run() without a PDF writer
    assert result.status == 1
    assert "The report is drawn with the desktop libraries (PySide6)" in result.err
    assert len(result.err.splitlines()) == 1 and not out.exists()


def test_the_installed_command_writes_the_report_with_no_display(sg: Cli, vault: dict[str, str],
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    result = sg("report", "--weeks", "4", "--out", str(out), env={"QT_QPA_PLATFORM": "", "DISPLAY": ""})
    assert result.status == 0, result.err
    assert out.read_bytes().startswith(b"%PDF-") and vault["Leeds trial"] in printed(out)
