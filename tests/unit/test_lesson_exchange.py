"""Lessons in protocol files between real vaults: a council's lesson reaches the LGA's digest; a lesson whose scope
leaves out the LGA never reaches it; copies merge by version and ancestry; re-importing changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.digest import DigestChoice
from sg_desktop.app.export import AlertChoice, PassphraseTarget
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    Coverage,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
    OrgType,
)
from sg_desktop.domain.errors import ExchangeError, Replayed
from sg_desktop.domain.lessons import Lesson
from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.exchange import MergeKind
from tests.unit.test_exchange_service import ADCS, COUNCIL, LGA, Offices, introduce, preview, send

WOKINGHAM = "E06000041"


@pytest.fixture
def offices(tmp_path: Path, clock: FixedClock) -> Iterator[Offices]:
    world = Offices(tmp_path / "offices", clock)
    yield world
    world.close()


@pytest.fixture
def pair(offices: Offices) -> Offices:
    """A council (Wokingham's office) and the LGA that trust each other."""
    introduce(offices.create("council", COUNCIL), offices.create("lga", LGA))
    return offices


def case(session: Session, **changes: object) -> Alert:
    alert = Alert(WOKINGHAM, AlertKind.CSPR, "Practice review", status=AlertStatus.CLOSED,
                  sharing=frozenset({OrgType.LGA, OrgType.ADCS}),
                  milestones=(Milestone(MilestoneKind.PUBLICATION, date(2026, 9, 1)),),
                  offers=(SupportOffer(OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEADER,
                                       OfferStatus.COMPLETED),))
    return session.alerts.add(replace(alert, **changes))  # type: ignore[arg-type]


def lesson(session: Session, alert: Alert, **changes: object) -> Lesson:
    draft = session.lessons.draft(alert)
    filled = replace(draft, coverage=Coverage.NATIONAL, offers=(replace(draft.offers[0], usefulness=4),),
                     helped="The peer mentor prepared the leader for the press.", may_share=True)
    return session.lessons.save(replace(filled, **changes)).lesson  # type: ignore[arg-type]


def test_a_lesson_recorded_at_a_council_and_sent_to_the_lga_appears_in_the_lgas_digest(
    pair: Offices, tmp_path: Path
) -> None:
    council, lga = pair["council"], pair["lga"]
    recorded = lesson(council, case(council))
    incoming = preview(lga, send(council, LGA.name, tmp_path / "1.sgp"))
    assert incoming.lessons.counts()[MergeKind.NEW] == 1 and incoming.changes_anything
    result = lga.imports.apply(incoming)
    assert result.lesson_counts[MergeKind.NEW] == 1
    [held] = lga.lessons.find()
    assert held == recorded and not lga.lessons.is_own(held)
    digest = lga.digest.digest(DigestChoice(), pair.clock.now(), LGA.name)
    assert digest.lessons == 1
    assert [(t.label, t.offered, t.accepted, t.useful) for t in digest.by_offer if t.offered] == [
        ("Peer mentor (experienced leader or lead member)", 1, 1, 1)]
    [group] = digest.helped
    assert group.theme == "Peer support and mentoring"
    assert [(t.text, t.council) for t in group.texts] == [("The peer mentor prepared the leader for the press.",
                                                           "A council")]


def test_a_lesson_whose_scope_leaves_out_the_lga_never_reaches_it(pair: Offices, tmp_path: Path) -> None:
    council, lga = pair["council"], pair["lga"]
    alert = case(council)
    kept = lesson(council, alert, sharing=frozenset({OrgType.ADCS}))
    out = council.exports.preview([LGA.name], AlertChoice((alert.reference,)))
    assert out.references == (alert.reference,) and out.lessons == ()
    assert [(x.lesson_id, x.reason) for x in out.lessons_left_out] == [(kept.id, "its sharing scope leaves out LGA")]
    path = send(council, LGA.name, tmp_path / "1.sgp", AlertChoice((alert.reference,)))
    opened = lga.imports.open(path.read_bytes())
    assert opened.lessons == ()  # not in the file at all, so no LGA key can read it
    lga.imports.apply(lga.imports.preview(opened))
    assert lga.lessons.find() == [] and lga.digest.digest(DigestChoice(), pair.clock.now(), "LGA").lessons == 0
    assert council.exports.preview([LGA.name]).lessons == ()  # nor with every alert


def test_a_file_of_lessons_alone_goes_when_its_alert_may_not(pair: Offices, tmp_path: Path) -> None:
    council, lga = pair["council"], pair["lga"]
    alert = case(council, sharing=frozenset({OrgType.ADCS}))
    lesson(council, alert)  # the default scope: the LGA and ADCS
    out = council.exports.preview([LGA.name], AlertChoice((alert.reference,)))
    assert out.records == () and len(out.lessons) == 1
    counts = lga.imports.apply(preview(lga, send(council, LGA.name, tmp_path / "1.sgp",
                                                 AlertChoice((alert.reference,))))).lesson_counts
    assert counts[MergeKind.NEW] == 1 and lga.alerts.get_by_id(alert.id) is None


def test_an_edited_lesson_updates_the_copy_sent_and_an_old_copy_never_overwrites_it(
    pair: Offices, tmp_path: Path, clock: FixedClock
) -> None:
    council, lga = pair["council"], pair["lga"]
    alert = case(council)
    lesson(council, alert)
    first = send(council, LGA.name, tmp_path / "1.sgp")
    lga.imports.apply(preview(lga, first))
    clock.moment += timedelta(hours=1)
    edited = lesson(council, alert, coverage=Coverage.LOCAL)
    second = send(council, LGA.name, tmp_path / "2.sgp", AlertChoice(since_last=True))
    incoming = preview(lga, second)
    assert incoming.plan.items == () and incoming.lessons.counts()[MergeKind.UPDATED] == 1
    lga.imports.apply(incoming)
    assert lga.lessons.find() == [edited] and edited.revision == 2
    with pytest.raises(ExchangeError, match="Nothing has changed since the last file sent"):
        send(council, LGA.name, tmp_path / "3.sgp", AlertChoice(since_last=True))
    # The first file again: refused as already imported; nothing changes.
    with pytest.raises(Replayed, match="already imported"):
        preview(lga, first)
    assert lga.lessons.find() == [edited]


def test_an_older_copy_of_a_lesson_from_another_office_is_ignored(offices: Offices, tmp_path: Path,
                                                                 clock: FixedClock) -> None:
    council, lga, adcs = offices.create("council", COUNCIL), offices.create("lga", LGA), offices.create("adcs", ADCS)
    for a, b in ((council, lga), (council, adcs), (lga, adcs)):
        introduce(a, b)
    alert = case(council)
    lesson(council, alert)
    lga.imports.apply(preview(lga, send(council, LGA.name, tmp_path / "old.sgp")))
    clock.moment += timedelta(hours=1)
    newer = lesson(council, alert, coverage=Coverage.REGIONAL)
    adcs.imports.apply(preview(adcs, send(council, ADCS.name, tmp_path / "new.sgp")))
    stale = preview(adcs, send(lga, ADCS.name, tmp_path / "stale.sgp"))
    assert stale.lessons.counts()[MergeKind.OLDER] == 1 and not stale.lessons.changes_anything
    adcs.imports.apply(stale)
    assert adcs.lessons.find() == [newer]


def test_the_councils_own_office_receives_a_lesson_about_it_whatever_its_scope(
    pair: Offices, tmp_path: Path
) -> None:
    council, lga = pair["council"], pair["lga"]
    alert = case(council)
    lga.imports.apply(preview(lga, send(council, LGA.name, tmp_path / "alert.sgp")))
    at_lga = lga.alerts.get_by_id(alert.id)
    assert at_lga is not None
    mine = lesson(lga, at_lga, sharing=frozenset())
    out = lga.exports.preview([COUNCIL.name])
    assert [r.lesson.id for r in out.lessons] == [mine.id]
    council.imports.apply(preview(council, send(lga, COUNCIL.name, tmp_path / "back.sgp")))
    assert [x.id for x in council.lessons.of_alert(alert.id)] == [mine.id]


def test_a_passphrase_file_carries_the_lessons_its_one_office_may_have(pair: Offices, tmp_path: Path) -> None:
    council = pair["council"]
    alert = case(council)
    lesson(council, alert)
    target = PassphraseTarget("read out by phone, never emailed", OrgType.GROUP_OFFICE, work_factor=10)
    out = council.exports.preview(target, AlertChoice((alert.reference,)))
    assert out.lessons == () and [x.reason for x in out.lessons_left_out] == [
        "its sharing scope leaves out Political group office"]
    adcs = PassphraseTarget("read out by phone, never emailed", OrgType.ADCS, work_factor=10)
    assert len(council.exports.preview(adcs, AlertChoice((alert.reference,))).lessons) == 1
