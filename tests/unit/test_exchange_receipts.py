"""Where an alert came from, and why its dates moved, between real vaults.

Each import remembers which office sent the version it stored and when it arrived; a change made here
afterwards is told apart. The reason for a move travels with the alert and arrives as it was given.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.export import AlertChoice
from sg_desktop.app.importing import Receipt
from sg_desktop.domain.enums import DateConfidence, MilestoneKind
from sg_desktop.domain.model import Alert
from sg_desktop.exchange import Resolution, record_version
from sg_desktop.store.offices import OfficeRepository
from tests.unit.test_exchange_fixtures_v2 import DATA, TO_OFFICES, VECTORS, VERIFY_AT, card, keys
from tests.unit.test_exchange_service import ADCS, COUNCIL, LGA, Offices, alert, introduce, receive, send

REASON = "Adjourned: a witness is unavailable"


@pytest.fixture
def world(tmp_path: Path, clock: FixedClock) -> Iterator[Offices]:
    """A council and the LGA that trust each other."""
    offices = Offices(tmp_path / "vaults", clock)
    introduce(offices.create("council", COUNCIL), offices.create("lga", LGA))
    yield offices
    offices.close()


def moved(a: Alert, reason: str, at: datetime) -> Alert:
    """`a` with its first milestone moved a fortnight later, for `reason`."""
    first = a.milestones[0]
    return replace(a, milestones=(first.moved(first.date + timedelta(days=14), first.confidence, at, reason),))


def test_an_imported_alert_says_which_office_sent_it_and_when(world: Offices, tmp_path: Path) -> None:
    council, lga = world["council"], world["lga"]
    sent = council.alerts.add(alert("Review into agency practice"))
    arrived = world.clock.now()
    receive(lga, send(council, LGA.name, tmp_path / "1.sgp"))
    assert lga.imports.receipt(sent.id) == Receipt(COUNCIL.name, council.offices.card().fingerprint, arrived, True)
    assert council.imports.receipt(sent.id) is None  # made there


def test_a_change_here_keeps_where_it_came_from_but_no_longer_calls_it_current(
    world: Offices, tmp_path: Path
) -> None:
    council, lga = world["council"], world["lga"]
    sent = council.alerts.add(alert("Review"))
    arrived = world.clock.now()
    receive(lga, send(council, LGA.name, tmp_path / "1.sgp"))
    world.clock.moment += timedelta(hours=2)
    lga.alerts.save(replace(lga.alerts.get(sent.reference), title="Review (LGA's notes)"))
    receipt = lga.imports.receipt(sent.id)
    assert receipt is not None and (receipt.office_name, receipt.received_at, receipt.is_current) == (
        COUNCIL.name, arrived, False
    )


def test_an_update_from_the_sender_is_the_current_version_again_with_its_new_arrival(
    world: Offices, tmp_path: Path
) -> None:
    council, lga = world["council"], world["lga"]
    sent = council.alerts.add(alert("Review"))
    receive(lga, send(council, LGA.name, tmp_path / "1.sgp"))
    world.clock.moment += timedelta(days=1)
    council.alerts.save(replace(sent, title="Review, publication confirmed"))
    receive(lga, send(council, LGA.name, tmp_path / "2.sgp", AlertChoice(since_last=True)))
    receipt = lga.imports.receipt(sent.id)
    assert receipt is not None and (receipt.received_at, receipt.is_current) == (world.clock.now(), True)


def test_a_copy_received_back_unchanged_does_not_claim_to_come_from_the_other_office(
    world: Offices, tmp_path: Path
) -> None:
    council, lga = world["council"], world["lga"]
    own = council.alerts.add(alert("Council's own"))
    receive(lga, send(council, LGA.name, tmp_path / "1.sgp"))
    receive(council, send(lga, COUNCIL.name, tmp_path / "2.sgp", AlertChoice((own.reference,))))
    assert council.imports.receipt(own.id) is None


@pytest.mark.parametrize("choice", list(Resolution))
def test_settling_a_conflict_records_what_came_from_the_sender(
    world: Offices, tmp_path: Path, choice: Resolution
) -> None:
    council, lga = world["council"], world["lga"]
    original = council.alerts.add(alert("Review"))
    receive(lga, send(council, LGA.name, tmp_path / "1.sgp"))
    first_arrival = world.clock.now()
    world.clock.moment += timedelta(hours=1)
    council.alerts.save(replace(original, title="Theirs"))
    lga.alerts.save(replace(lga.alerts.get(original.reference), title="Mine"))
    receive(lga, send(council, LGA.name, tmp_path / "2.sgp"), choices={original.id: choice})
    receipt = lga.imports.receipt(original.id)
    assert receipt is not None
    if choice is Resolution.TAKE_THEIRS:
        assert (receipt.received_at, receipt.is_current) == (world.clock.now(), True)
    else:  # this office's version was kept: it was received earlier, and changed here since
        assert (receipt.received_at, receipt.is_current) == (first_arrival, False)
    if choice is Resolution.KEEP_BOTH:
        copy = lga.alerts.get("LGA-2026-0001")
        assert copy.title == "Theirs"
        assert lga.imports.receipt(copy.id) == Receipt(COUNCIL.name, council.offices.card().fingerprint,
                                                       world.clock.now(), True)


def test_the_reason_for_a_move_arrives_with_the_alert(world: Offices, tmp_path: Path) -> None:
    council, lga = world["council"], world["lga"]
    sent = council.alerts.add(alert("Trial listed"))
    council.alerts.save(moved(sent, REASON, world.clock.now()))
    receive(lga, send(council, LGA.name, tmp_path / "1.sgp"))
    [change] = lga.alerts.get(sent.reference).milestones[0].history
    assert change.reason == REASON
    assert change.describe(MilestoneKind.PUBLICATION) == (
        f"Publication moved from 3 March 2027 to 17 March 2027: {REASON}"
    )


def test_the_committed_version_2_file_imports_with_its_reasons_and_its_sender(
    tmp_path: Path, clock: FixedClock
) -> None:
    offices = Offices(tmp_path / "vaults", clock)
    try:
        lga = offices.create("lga", LGA)
        OfficeRepository(lga.vault.conn).replace_identity(keys("lga"))
        lga.offices.add(card("council"), trust=True)
        clock.moment = VERIFY_AT
        lga.imports.apply(lga.imports.preview(lga.imports.open((DATA / TO_OFFICES["file"]).read_bytes())))
        live = lga.alerts.get_by_id(TO_OFFICES["records"][0]["id"])
        assert live is not None
        assert [h.reason for m in live.milestones for h in m.history] == [VECTORS["reasons"]["publication"], ""]
        receipt = lga.imports.receipt(live.id)
        assert receipt is not None and (receipt.office_name, receipt.is_current) == (card("council").name, True)
        # Stored as received: the version computed from it here is the sender's, reasons and all.
        assert record_version(live) == TO_OFFICES["records"][0]["version"]
    finally:
        offices.close()


def test_an_office_that_was_sent_nothing_has_no_receipts(world: Offices) -> None:
    adcs = world.create("adcs", ADCS)
    made = adcs.alerts.add(replace(alert("ADCS note"), milestones=(
        alert("x").milestones[0].moved(date(2027, 4, 1), DateConfidence.CONFIRMED, datetime(2026, 11, 24, tzinfo=UTC),
                                       "Confirmed by the listing office"),
    )))
    assert adcs.imports.receipt(made.id) is None
    assert adcs.alerts.get(made.reference).milestones[0].history[0].reason == "Confirmed by the listing office"
