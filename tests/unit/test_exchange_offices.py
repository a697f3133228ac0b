"""Offices between real vaults: a council always gets its own alerts back, and an office can be removed.

Each office is its own vault (tests/unit/test_exchange_service.py); what one sends, the other opens.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyrage
import pytest

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.export import AlertChoice, PassphraseTarget
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import ExchangeError, NotFound, Replayed, UnknownSender, ValidationError
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.exchange import MergeKind
from tests.unit.test_exchange_service import COUNCIL, LGA, Offices, alert, everything, introduce, receive, send

DEFAULT_SCOPE = frozenset({OrgType.LGA, OrgType.ADCS})
WOKINGHAM, READING = "E06000041", "E06000038"
COUNTY_HALL = OfficeProfile("County Hall", OrgType.COUNCIL, council=READING)


@pytest.fixture
def offices(tmp_path: Path, clock: FixedClock) -> Iterator[Offices]:
    world = Offices(tmp_path / "offices", clock)
    yield world
    world.close()


@pytest.fixture
def pair(offices: Offices) -> Offices:
    """A council and the LGA that trust each other."""
    introduce(offices.create("council", COUNCIL), offices.create("lga", LGA))
    return offices


def test_the_lga_can_send_a_council_its_own_alert_back_with_the_default_scope(
    pair: Offices, tmp_path: Path
) -> None:
    council, lga = pair["council"], pair["lga"]
    assert lga.offices.get(COUNCIL.name).council == WOKINGHAM  # from its name, "Wokingham Borough Council"
    raised = council.alerts.add(alert("Review into agency practice", DEFAULT_SCOPE))
    assert receive(lga, send(council, LGA.name, tmp_path / "up.sgp"))[MergeKind.NEW] == 1
    about_reading = lga.alerts.add(alert("Trial in Reading", DEFAULT_SCOPE, council=READING))

    preview = lga.exports.preview([COUNCIL.name], AlertChoice())
    assert preview.references == (raised.reference,)
    assert [(x.reference, x.reason) for x in preview.left_out] == [
        (about_reading.reference, "its sharing scope leaves out other councils")
    ]
    lga.exports.export([COUNCIL.name], AlertChoice(), tmp_path / "back.sgp")
    assert receive(council, tmp_path / "back.sgp")[MergeKind.UNCHANGED] == 1


def test_an_office_whose_council_is_not_recorded_is_told_apart_only_once_it_is_set(
    offices: Offices, tmp_path: Path
) -> None:
    lga, hall = offices.create("lga", LGA), offices.create("hall", COUNTY_HALL)
    introduce(lga, hall)
    office = lga.offices.get(COUNTY_HALL.name)
    assert office.council == "" and lga.offices.council_of(office) is None  # "County Hall" names no council
    theirs = lga.alerts.add(alert("Inquest listed", DEFAULT_SCOPE, council=READING))
    with pytest.raises(ExchangeError) as refused:
        send(lga, COUNTY_HALL.name, tmp_path / "x.sgp")
    assert str(refused.value) == (
        f"Nothing can be sent: {theirs.reference} may not go to these recipients, as its sharing scope leaves out "
        "other councils (it is not recorded which council County Hall belongs to)."
    )
    assert not (tmp_path / "x.sgp").exists()

    with pytest.raises(ValidationError, match=r"no English council called 'Readng'\. Did you mean Reading"):
        lga.offices.set_council(COUNTY_HALL.name, "Readng")
    assert lga.offices.get(COUNTY_HALL.name).council == ""
    placed = lga.offices.set_council("county hall", "Reading")
    assert placed.council == READING and lga.offices.council_of(placed).name == "Reading"  # type: ignore[union-attr]
    last = lga.vault.audit.entries(1)[0]
    assert (last.action, last.record_id, last.detail) == (
        "office.council", office.fingerprint.hex(), {"council": READING, "previous": "", "source": "officer"})
    assert receive(hall, send(lga, COUNTY_HALL.name, tmp_path / "y.sgp"))[MergeKind.NEW] == 1


def test_the_council_is_given_or_confirmed_when_adding_or_trusting(offices: Offices) -> None:
    lga, council, hall = offices.create("lga", LGA), offices.create("council", COUNCIL), offices.create(
        "hall", COUNTY_HALL)
    with pytest.raises(ValidationError, match="Only a council's office belongs to a council"):
        council.offices.add(lga.offices.card(), council="Wokingham")
    with pytest.raises(ValidationError, match="no English council called 'Nowhere'"):
        lga.offices.add(council.offices.card(), council="Nowhere")
    assert lga.offices.all() == []
    added = lga.offices.add(hall.offices.card(), council="E06000038")
    assert added.council == READING
    assert lga.vault.audit.entries(1)[0].detail["council"] == READING
    lga.offices.add(council.offices.card())
    trusted = lga.offices.trust(COUNCIL.name, council="Reading")  # what the office said on the phone wins
    assert trusted.is_trusted and trusted.council == READING
    assert [e.action for e in lga.vault.audit.entries(2)] == ["office.trust", "office.council"]
    group = lga.offices.add_age("Labour Group office", OrgType.GROUP_OFFICE,
                                str(pyrage.x25519.Identity.generate().to_public()))
    assert group.council == ""


def test_a_passphrase_file_for_a_council_gets_only_what_is_shared_with_councils(pair: Offices) -> None:
    lga = pair["lga"]
    own = lga.alerts.add(alert("Review", DEFAULT_SCOPE))
    preview = lga.exports.preview(PassphraseTarget("read out by phone, never emailed", OrgType.COUNCIL),
                                  AlertChoice())
    assert [(x.reference, x.reason) for x in preview.left_out] == [(
        own.reference,
        "its sharing scope leaves out other councils (a passphrase file does not say which council it is for)",
    )]


def test_removing_an_office_keeps_its_alerts_refuses_its_files_and_it_can_be_added_again(
    pair: Offices, tmp_path: Path
) -> None:
    council, lga = pair["council"], pair["lga"]
    review = council.alerts.add(alert("Review"))
    first = send(council, LGA.name, tmp_path / "1.sgp")
    assert receive(lga, first)[MergeKind.NEW] == 1
    council.alerts.add(alert("Trial listed"))
    later = send(council, LGA.name, tmp_path / "2.sgp", AlertChoice(since_last=True))
    received = everything(lga)
    office = lga.offices.get(COUNCIL.name)
    assert lga.exports.preview([COUNCIL.name], AlertChoice(since_last=True)).records == ()  # it holds the review

    removed = lga.offices.remove(COUNCIL.name.lower())
    assert removed == office and lga.offices.all() == []
    assert everything(lga) == received  # the alerts received from it stay
    last = lga.vault.audit.entries(1)[0]
    assert (last.action, last.record_id, last.detail) == (
        "office.remove", office.fingerprint.hex(), {"org": "council", "kind": "sg-desktop"})
    with pytest.raises(NotFound, match="There is no office called 'Wokingham Borough Council'"):
        lga.exports.preview([COUNCIL.name], AlertChoice())
    error = pair.refused("lga", lambda s: s.imports.open(s.imports.read(later)))
    assert isinstance(error, UnknownSender) and "not trusted here" in str(error)
    with pytest.raises(NotFound):
        pair["lga"].offices.remove(COUNCIL.name)

    lga = pair["lga"]
    again = lga.offices.add(council.offices.card())
    assert not again.is_trusted and again.council == WOKINGHAM  # trusted again only once compared again
    lga.offices.trust(COUNCIL.name, digits=again.fingerprint_digits)
    # What it was known to hold was forgotten: the next "changed since last sent" sends the review again.
    assert lga.exports.preview([COUNCIL.name], AlertChoice(since_last=True)).references == (review.reference,)
    with pytest.raises(Replayed, match="already imported"):
        receive(lga, first)
    assert receive(lga, later)[MergeKind.NEW] == 1


def test_removing_an_office_without_sg_desktop_and_an_unknown_name(pair: Offices) -> None:
    council = pair["council"]
    group = council.offices.add_age("Labour Group office", OrgType.GROUP_OFFICE,
                                    str(pyrage.x25519.Identity.generate().to_public()))
    council.offices.remove("Labour Group office")
    assert [o.name for o in council.offices.all()] == [LGA.name]
    assert council.vault.audit.entries(1)[0].detail == {"org": "group-office", "kind": "age-only"}
    assert council.vault.audit.entries(1)[0].record_id == group.fingerprint.hex()
    before = council.vault.audit.entries()
    with pytest.raises(NotFound, match="Known offices: Local Government Association"):
        council.offices.remove("Labour")
    assert council.vault.audit.entries() == before
