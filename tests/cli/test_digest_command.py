"""`sg-desktop digest --out FILE.pdf [--since DATE] [--kind K]`: the "what works" digest of a known set of lessons,
read back with pypdf: the marking on every page, the counts expected, the texts that may be quoted; and each user
error as one line with nothing written. Run as the entry point runs it, with the window's PDF writer."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from sg_desktop.app.clock import FixedClock
from sg_desktop.cli import run
from sg_desktop.ui.forward.digest_pdf import write_digest
from tests.cli.conftest import Result
from tests.conftest import PASSPHRASE, cheap_kdf
from tests.gui.pdf_text import page_texts, pdf_text

Cli = Callable[..., Result]


class _Stdin(io.StringIO):
    def isatty(self) -> bool:
        return False


@pytest.fixture
def digest_cli(vault_path: Path, clock: FixedClock) -> Cli:
    """Run a command in-process as `sg_desktop.main` does: with the digest's PDF writer handed in."""

    def call(*args: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        status = run(list(args), env={"SG_VAULT": str(vault_path), "SG_PASSPHRASE": PASSPHRASE}, stdin=_Stdin(),
                     stdout=out, stderr=err, clock=clock, new_slot_kdf=cheap_kdf, digest_pdf_writer=write_digest)
        return Result(status, out.getvalue(), err.getvalue())

    return call


CASES = (
    # (council, kind, expected media, offers, lesson)
    ("Leeds", "trial", "national", ("lga:peer-mentor:leader:accepted", "lga:media-advice:comms-team:declined"),
     {"coverage": "regional", "offers": [{"offer": 1, "accepted": True, "usefulness": 5},
                                         {"offer": 2, "accepted": False}],
      "helped": "The peer mentor rang the leader every evening.", "do_differently": "Plan earlier for the press.",
      "may_share": True, "sharing": ["adcs", "council", "lga"]}),
    ("York", "cspr", "local", ("adcs:director-support:director:completed",),
     {"coverage": "national", "offers": [{"offer": 1, "accepted": True, "usefulness": 3}],
      "helped": "Briefing frontline staff first.", "may_share": True}),
    ("Kent", "trial", "regional", ("conservative-group:peer-mentor:lead-member:accepted",),
     {"coverage": "regional", "offers": [{"offer": 1, "accepted": True, "usefulness": 4}],
      "helped": "Not for quoting, this one.", "may_share": False}),
)


@pytest.fixture
def lessons(cli: Cli, vault_path: Path, tmp_path: Path) -> None:
    """Three closed alerts, each with this office's lesson (as the table above says)."""
    assert cli("init", "--office", "Local Government Association", "--org", "lga").status == 0
    for i, (council, kind, media, offers, lesson) in enumerate(CASES, 1):
        options = [a for o in offers for a in ("--offer", o)]
        made = cli("add", "--council", council, "--kind", kind, "--title", f"Case {i}", "--media", media,
                   "--status", "closed", *options)
        assert made.status == 0, made.err
        path = tmp_path / f"lesson{i}.json"
        path.write_text(json.dumps(lesson), encoding="utf-8")
        assert cli("lessons", "add", f"LGA-2026-{i:04d}", "--from-json", str(path)).status == 0


def files(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


_FIGURE = re.compile(r"\d+( \((\d+%|—)\))?")


def row(text: str, label: str) -> list[str]:
    """The four figures of the table row whose first cell begins with `label` (pypdf gives a cell a line, and a
    long first cell may wrap over several)."""
    lines = text.splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith(label))
    figures = [x for x in lines[start + 1:start + 12] if _FIGURE.fullmatch(x)]
    return figures[:4]


def test_the_digest_pdf_has_the_marking_on_every_page_and_the_counts_of_the_lessons(
    digest_cli: Cli, lessons: None, tmp_path: Path
) -> None:
    out = tmp_path / "digest.pdf"
    result = digest_cli("digest", "--out", str(out))
    assert result.status == 0, result.err
    assert result.out == f"Wrote {out}: the digest of 3 lessons (2 may be quoted), marked OFFICIAL-SENSITIVE.\n"
    pages = page_texts(out)
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        lines = text.splitlines()
        assert lines[0] == lines[-1] == "OFFICIAL-SENSITIVE" and f"page {number} of {len(pages)}" in lines
    text = pdf_text(out)
    assert "What works: lessons learned" in text and "3 lessons learned; 2 may be quoted." in text
    assert row(text, "Criminal trial") == ["2", "3", "2 (67%)", "2"]
    assert row(text, "Child Safeguarding") == ["1", "1", "1 (100%)", "0"]
    assert row(text, "Media-handling advice") == ["1", "1", "0 (0%)", "0"]
    assert row(text, "Support to the director") == ["1", "1", "1 (100%)", "0"]
    assert "Less than expected: 1; As expected: 1; More than expected: 1." in text
    assert "“The peer mentor rang the leader every evening.”" in text and "— Leeds, Criminal trial" in text
    assert "“Briefing frontline staff first.”" in text and "— A council, Child Safeguarding" in text
    assert "Not for quoting" not in text and "LGA-2026" not in text


def test_the_digest_keeps_to_a_kind_and_a_day_recorded_since(digest_cli: Cli, lessons: None, tmp_path: Path) -> None:
    out = tmp_path / "d.pdf"
    assert digest_cli("digest", "--out", str(out), "--kind", "trial").out.endswith(
        "the digest of 2 lessons (1 may be quoted), marked OFFICIAL-SENSITIVE.\n")
    assert "Filters: kind Criminal trial." in pdf_text(out) and "Briefing frontline" not in pdf_text(out)
    assert "the digest of 3 lessons" in digest_cli("digest", "--out", str(out), "--since", "2026-11-24").out
    later = digest_cli("digest", "--out", str(out), "--since", "2026-11-25")
    assert "the digest of 0 lessons" in later.out and "No lessons match" in pdf_text(out)
    assert "the digest of 1 lesson " in digest_cli("digest", "--out", str(out), "--council", "york").out


@pytest.mark.parametrize(("options", "message"), [
    (("--kind", "rumour"), "Unknown kind 'rumour'; use one of: cspr, trial, inquest"),
    (("--since", "last week"), "'last week' is not a date; write it as YYYY-MM-DD"),
    (("--region", "Wessex"), "Unknown region 'Wessex'; use one of: East Midlands, "),
    (("--council", "Leedz"), "There is no English council called 'Leedz'. Did you mean Leeds"),
])
def test_bad_options_are_one_line_and_nothing_is_written(digest_cli: Cli, lessons: None, tmp_path: Path,
                                                        options: tuple[str, ...], message: str) -> None:
    out = tmp_path / "d.pdf"
    result = digest_cli("digest", "--out", str(out), *options)
    assert result.status == 1 and message in result.err and len(result.err.splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize("part", ["", ".keys"])
def test_the_digest_is_never_written_over_the_vault(digest_cli: Cli, lessons: None, vault_path: Path,
                                                    part: str) -> None:
    before = files(vault_path.parent)
    result = digest_cli("digest", "--out", f"{vault_path}{part}")
    assert result.status == 1 and "nothing was written" in result.err and len(result.err.splitlines()) == 1
    assert files(vault_path.parent) == before


def test_without_the_desktop_libraries_the_digest_says_so(cli: Cli, lessons: None, tmp_path: Path) -> None:
    result = cli("digest", "--out", str(tmp_path / "d.pdf"))
    assert result.status == 1 and "The digest is drawn with the desktop libraries (PySide6)" in result.err
    assert not (tmp_path / "d.pdf").exists()


def test_the_installed_command_writes_the_digest_with_no_display(sg: Cli, lessons: None, tmp_path: Path) -> None:
    out = tmp_path / "d.pdf"
    result = sg("digest", "--out", str(out), env={"QT_QPA_PLATFORM": "", "DISPLAY": ""})
    assert result.status == 0, result.err
    assert out.read_bytes().startswith(b"%PDF-") and "The peer mentor rang the leader" in pdf_text(out)
