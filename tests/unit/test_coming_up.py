"""Coming up over a real vault (today is Tuesday 24 November 2026): milestones by week within the horizon,
follow-ups due, estimated dates to confirm, national alerts without support; and the tray's words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sg_desktop.app.coming_up import ComingUpService, OutlookCounts, tray_text
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    DateConfidence,
    MediaInterest,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
)
from sg_desktop.domain.model import Alert, Milestone, SupportOffer

TODAY = date(2026, 11, 24)
LEEDS, KENT = "E08000035", "E10000016"


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


def ms(n: int, kind: MilestoneKind = MilestoneKind.PUBLICATION,
       confidence: DateConfidence = DateConfidence.PROVISIONAL) -> Milestone:
    return Milestone(kind, day(n), confidence)


def offer(status: OfferStatus, follow_up: int | None) -> SupportOffer:
    return SupportOffer(OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEADER, status=status,
                        follow_up_on=None if follow_up is None else day(follow_up))


def alert(title: str, *milestones: Milestone, **changes: object) -> Alert:
    base = Alert(council=LEEDS, kind=AlertKind.CSPR, title=title, milestones=milestones)
    return replace(base, **changes)  # type: ignore[arg-type]


def fill(session: Session) -> dict[str, Alert]:
    saved = session.alerts.add_many([
        alert("National review", ms(2, confidence=DateConfidence.CONFIRMED), ms(10, MilestoneKind.VERDICT,
              DateConfidence.ESTIMATED), media_interest=MediaInterest.NATIONAL),
        alert("Trial later", ms(40), council=KENT, kind=AlertKind.TRIAL,
              offers=(offer(OfferStatus.OFFERED, -3), offer(OfferStatus.COMPLETED, -10),
                      offer(OfferStatus.ACCEPTED, 5))),
        alert("Closed case", ms(3), status=AlertStatus.CLOSED, media_interest=MediaInterest.NATIONAL,
              offers=(offer(OfferStatus.PROPOSED, -1),)),
        alert("Deleted case", ms(4), media_interest=MediaInterest.NATIONAL),
        alert("Guessed date", ms(29, MilestoneKind.INQUEST, DateConfidence.ESTIMATED), ms(-2)),
        alert("National with help", ms(6), media_interest=MediaInterest.NATIONAL,
              offers=(offer(OfferStatus.PROPOSED, 0),)),
    ], confirm_identifying=True)
    by_title = {a.title: a for a in saved}
    session.alerts.delete(by_title["Deleted case"].reference)
    return by_title


def test_milestones_within_the_horizon_come_week_by_week(session: Session) -> None:
    fill(session)
    content = session.coming_up.content(30)
    assert content.today == TODAY and content.last_day == date(2026, 12, 24)
    assert [(w.monday, [(m.title, m.date) for m in w.milestones]) for w in content.weeks] == [
        (date(2026, 11, 23), [("National review", day(2))]),
        (date(2026, 11, 30), [("National with help", day(6)), ("National review", day(10))]),
        (date(2026, 12, 21), [("Guessed date", day(29))]),
    ]
    assert content.milestones_total == 4 and content.milestones_this_week == 1
    assert [w.total for w in content.weeks] == [1, 2, 1]
    # Closed and deleted alerts, past dates and dates beyond the horizon stay out.
    titles = {m.title for w in content.weeks for m in w.milestones}
    assert titles.isdisjoint({"Closed case", "Deleted case", "Trial later"})


def test_a_shorter_horizon_lists_less(session: Session) -> None:
    fill(session)
    content = session.coming_up.content(7)
    assert [m.title for w in content.weeks for m in w.milestones] == ["National review", "National with help"]


def test_follow_ups_due_or_overdue_on_open_offers_only(session: Session) -> None:
    saved = fill(session)
    content = session.coming_up.content(30)
    assert [(f.title, f.status, f.follow_up_on) for f in content.follow_ups] == [
        ("Trial later", OfferStatus.OFFERED, day(-3)),  # overdue
        ("National with help", OfferStatus.PROPOSED, TODAY),  # due today
    ]
    assert content.follow_ups_total == 2
    first = content.follow_ups[0]
    assert (first.alert_id, first.reference) == (saved["Trial later"].id, saved["Trial later"].reference)


def test_estimated_dates_within_four_weeks_ask_for_a_confirmed_date(session: Session) -> None:
    fill(session)
    content = session.coming_up.content(60)
    # Day 10 is estimated and within 28 days; day 29 is estimated but beyond four weeks.
    assert [(m.title, m.kind, m.date) for m in content.to_confirm] == [
        ("National review", MilestoneKind.VERDICT, day(10))]
    assert content.to_confirm_total == 1
    # Even with a horizon shorter than four weeks, the four weeks are what counts here.
    assert session.coming_up.content(3).to_confirm_total == 1


def test_national_alerts_with_no_support_offered_yet(session: Session) -> None:
    saved = fill(session)
    content = session.coming_up.content(30)
    assert [(u.reference, u.title, u.next_date) for u in content.unsupported] == [
        (saved["National review"].reference, "National review", day(2))]
    assert content.unsupported_total == 1


def test_a_large_part_lists_a_page_and_counts_the_rest(session: Session) -> None:
    session.alerts.add_many([alert(f"Case {i}", ms(i % 20 + 1), media_interest=MediaInterest.NATIONAL)
                             for i in range(30)], confirm_identifying=True)
    content = session.coming_up.content(30, lines=5)
    assert sum(len(w.milestones) for w in content.weeks) == 5 and content.milestones_total == 30
    assert sum(w.total for w in content.weeks) == 30
    assert len(content.unsupported) == 5 and content.unsupported_total == 30
    assert session.coming_up.counts(30) == content.counts()


def test_nothing_coming_up_is_empty(session: Session) -> None:
    session.alerts.add(alert("Long ago", ms(-30)))
    content = session.coming_up.content(30)
    assert content.is_empty and content.weeks == () and tray_text(content.counts()) == ""


def test_the_tray_text_is_only_counts() -> None:
    counts = OutlookCounts(horizon_days=30, milestones_this_week=2, milestones=5, follow_ups=1, to_confirm=1,
                           unsupported=3)
    assert tray_text(counts) == ("2 milestones this week · 3 more in the next 30 days · 1 follow-up due · "
                                 "1 date to confirm · 3 national alerts without support")
    assert tray_text(counts._replace(milestones_this_week=1, milestones=1, unsupported=0)) == (
        "1 milestone this week · 1 follow-up due · 1 date to confirm")


def test_no_record_text_reaches_the_tray(session: Session) -> None:
    marker = "ZQXMARKER"
    session.alerts.add_many([
        Alert(council=LEEDS, kind=AlertKind.TRIAL, title=f"{marker} title", summary=f"{marker} summary",
              owner=f"{marker} owner", media_interest=MediaInterest.NATIONAL,
              milestones=(Milestone(MilestoneKind.TRIAL_START, day(1), DateConfidence.ESTIMATED,
                                    note=f"{marker} note"),),
              offers=(SupportOffer(OfferingOrganisation.ADCS, OfferKind.OTHER, OfferedTo.DIRECTOR,
                                   follow_up_on=day(-1), note=f"{marker} offer"),)),
    ], confirm_identifying=True)
    service: ComingUpService = session.coming_up
    text = tray_text(service.counts(30))
    assert text == "1 milestone this week · 1 follow-up due · 1 date to confirm"
    reference = service.content(30).weeks[0].milestones[0].reference
    assert marker not in text and reference not in text and "Leeds" not in text
    assert all(marker not in key for key in service.attention_ids(30))


def test_attention_ids_change_when_something_enters_the_horizon(session: Session) -> None:
    fill(session)
    before = session.coming_up.attention_ids(30)
    session.alerts.add(alert("New one", ms(12)))
    after = session.coming_up.attention_ids(30)
    assert before < after and len(after - before) == 1
