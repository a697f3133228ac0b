"""The user guide as a file: its headings and anchors read as the help window reads them, every section a
window opens it at is there, every link inside it leads somewhere, every picture exists, and the copy installed
with the application is preferred to the one in a source checkout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sg_desktop.ui.help.guide_file import GUIDE_FILE_NAME, guide_file, read_guide
from sg_desktop.ui.help.guide_text import Heading, parse_guide, slug

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / GUIDE_FILE_NAME
UI = REPO / "sg_desktop" / "ui"


def test_headings_take_the_anchor_on_the_line_before_them_and_anchor_lines_are_not_drawn() -> None:
    guide = parse_guide(
        '<a id="unlock"></a>\n'
        "## Unlocking and `locking`\n\n"
        "Some words.\n\n"
        "### Moving a [date](#unlock)\n\n"
        "```\n# not a heading\n<a id=\"not-an-anchor\"></a>\n```\n"
        '<a id="orphan"></a>\n'
        "A paragraph between an anchor and a heading.\n\n"
        "## Moving a date\n"
    )
    assert guide.headings == (
        Heading(2, "Unlocking and locking", "unlock"),
        Heading(3, "Moving a date", "moving-a-date"),
        Heading(2, "Moving a date", "moving-a-date-2"),
    )
    assert '<a id="unlock">' not in guide.markdown and "<a id=\"orphan\">" not in guide.markdown
    assert '<a id="not-an-anchor"></a>' in guide.markdown  # inside fenced code it is text, kept as typed
    assert guide.heading("unlock") == guide.headings[0] and guide.heading("nowhere") is None


def test_a_slug_is_lower_case_words_joined_by_dashes() -> None:
    assert slug("Calendars and spreadsheets (not encrypted)") == "calendars-and-spreadsheets-not-encrypted"
    assert slug("“Coming up”") == "coming-up"
    assert slug("!!!") == "section"


@pytest.fixture(scope="module")
def guide_text() -> str:
    return read_guide(GUIDE)


def test_every_heading_of_the_guide_has_its_own_written_anchor(guide_text: str) -> None:
    guide = parse_guide(guide_text)
    lines = guide_text.splitlines()
    headings = [i for i, line in enumerate(lines) if re.match(r"#{1,6} ", line)]
    assert len(headings) == len(guide.headings) >= 40
    for i in headings:
        assert re.fullmatch(r'<a id="[a-z0-9-]+"></a>', lines[i - 1]), f"no anchor before {lines[i]!r}"
    assert len(set(guide.anchors)) == len(guide.anchors)


def test_every_section_a_window_opens_the_guide_at_is_in_it(guide_text: str) -> None:
    anchors = set(parse_guide(guide_text).anchors)
    declared: dict[str, str] = {}
    for source in UI.rglob("*.py"):
        code = source.read_text(encoding="utf-8")
        for match in re.finditer(r'(?:offer_help|set_help_section)\([^()]*?"([a-z0-9-]+)"', code, re.S):
            declared[match.group(1)] = str(source.relative_to(REPO))
        if "set_help_section" in code:  # pages declared in a loop: for page, section in ((page, "x"), …)
            for match in re.finditer(r'\(\s*(?:self\.)?\w+,\s*"([a-z0-9-]+)"\s*\)', code):
                declared[match.group(1)] = str(source.relative_to(REPO))
    assert len(declared) >= 30
    missing = {section: where for section, where in declared.items() if section not in anchors}
    assert missing == {}


def test_every_link_inside_the_guide_leads_to_a_section_and_every_picture_exists(guide_text: str) -> None:
    anchors = set(parse_guide(guide_text).anchors)
    links = re.findall(r"\]\(#([^)]+)\)", guide_text)
    assert links and all(link in anchors for link in links)
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", guide_text)
    assert len(pictures) >= 15
    for picture in pictures:
        assert picture.startswith("screenshots/") and (GUIDE.parent / picture).is_file(), picture
    assert "http" not in guide_text  # nothing the guide would refuse to open


def test_the_installed_guide_is_preferred_and_a_checkout_falls_back_to_its_docs(tmp_path: Path) -> None:
    package = tmp_path / "sg_desktop"
    docs = tmp_path / "docs"
    assert guide_file(package) is None
    docs.mkdir()
    (docs / GUIDE_FILE_NAME).write_text("# From the checkout\n", encoding="utf-8")
    assert guide_file(package) == docs / GUIDE_FILE_NAME
    installed = package / "resources" / "help"
    installed.mkdir(parents=True)
    (installed / GUIDE_FILE_NAME).write_text("# Installed\n", encoding="utf-8")
    assert guide_file(package) == installed / GUIDE_FILE_NAME
    assert guide_file() in (GUIDE, REPO / "sg_desktop" / "resources" / "help" / GUIDE_FILE_NAME)
