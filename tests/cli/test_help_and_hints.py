"""What the command line tells an officer who is finding their way: every value `add` and `edit` accept,
with its meaning, and how to make a vault when there is none."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest

from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    DateConfidence,
    Handling,
    MediaInterest,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
    OrgType,
)
from tests.cli.conftest import Result

Cli = Callable[..., Result]
VOCABULARIES: list[Iterable[Any]] = [AlertKind, AlertStatus, DateConfidence, Handling, MediaInterest, MilestoneKind,
                                     OfferedTo, OfferingOrganisation, OfferKind, OfferStatus, OrgType]


def section(help_text: str, heading: str) -> list[str]:
    """The value lines under the heading that starts with `heading`."""
    lines = help_text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading) and line.endswith(":"))
    rows = []
    for line in lines[start + 1:]:
        if not line.startswith("  "):
            break
        rows.append(line)
    return rows


def listed(rows: list[str]) -> list[tuple[str, str]]:
    """(value, meaning) of each value line."""
    pairs = []
    for row in rows:
        match = re.fullmatch(r"  (\S+) +(.+)", row)
        assert match is not None, row
        pairs.append((match[1], match[2]))
    return pairs


@pytest.mark.parametrize(("heading", "vocabulary"), [
    ("--kind", AlertKind),
    ("--media", MediaInterest),
    ("--status", AlertStatus),
    ("--handling", Handling),
    ("--share", OrgType),
    ("--milestone KIND", MilestoneKind),
    ("--milestone CONFIDENCE", DateConfidence),
    ("--offer ORG", OfferingOrganisation),
    ("--offer KIND", OfferKind),
    ("--offer OFFERED_TO", OfferedTo),
    ("--offer STATUS", OfferStatus),
])
def test_add_help_lists_every_value_with_its_meaning(cli: Cli, heading: str, vocabulary: Iterable[Any]) -> None:
    result = cli("add", "--help")
    assert result.status == 0 and result.err == ""
    assert listed(section(result.out, heading)) == [(member.value, member.label) for member in vocabulary]


def test_add_help_gives_the_defaults_and_an_example(cli: Cli) -> None:
    out = cli("add", "--help").out
    assert "--milestone CONFIDENCE, how sure the date is (if not given: provisional):" in out
    assert "--offer STATUS, how far it has got (if not given: proposed):" in out
    assert "--milestone publication=2027-03-17:confirmed --offer lga:peer-mentor:lead-member:offered" in out
    assert "Criminal trial" in out and "Lead member for children's services" in out


def test_every_value_in_the_domain_is_in_add_help(cli: Cli) -> None:
    out = cli("add", "--help").out
    for vocabulary in VOCABULARIES:
        for member in vocabulary:
            assert re.search(rf"^  {re.escape(member.value)} +{re.escape(member.label)}$", out, re.MULTILINE), member


@pytest.mark.parametrize(("heading", "vocabulary"), [
    ("--milestone KIND", MilestoneKind),
    ("--milestone and --move CONFIDENCE", DateConfidence),
    ("--offer KIND", OfferKind),
    ("--offer OFFERED_TO", OfferedTo),
    ("--offer STATUS and --offer-status N=STATUS", OfferStatus),
])
def test_edit_help_shares_the_milestone_and_offer_values(cli: Cli, heading: str, vocabulary: Iterable[Any]) -> None:
    result = cli("edit", "--help")
    assert result.status == 0
    assert listed(section(result.out, heading)) == [(member.value, member.label) for member in vocabulary]
    assert "a move keeps it" in result.out


def test_a_value_from_the_help_words_is_accepted(cli: Cli, vault_path: Path) -> None:
    """The help says the words beside a value may be typed instead of it."""
    assert cli("init", "--office", "Local Government Association", "--org", "lga").status == 0
    added = cli("add", "--council", "Wokingham", "--kind", "Criminal trial", "--title", "Words for values",
                "--milestone", "trial-start=2027-01-04:Estimated", "--json")
    assert added.status == 0, added.err
    assert '"kind": "trial"' in added.out and '"confidence": "estimated"' in added.out


def test_no_vault_says_how_to_make_one(sg: Cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "vault.sgvault"
    result = sg("list", "--vault", str(missing))
    assert result.status == 1
    assert result.err.splitlines() == [
        f"sg-desktop: There is no vault at {missing}. Make one with `sg-desktop init`, or open the application."
    ]
    assert result.out == "" and "Traceback" not in result.err
    assert not missing.parent.exists()
