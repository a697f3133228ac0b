"""The dashboard's counts over a real vault (today is 24 November 2026): live alerts by kind, region and
status; milestones in the next 7 and 30 days; support offers; and the filter each bar stands for."""

from __future__ import annotations

from datetime import date, timedelta

from sg_desktop.app.dashboard import LogFilter
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
LEEDS, YORK, KENT = "E08000035", "E06000014", "E10000016"


def ms(days: int) -> Milestone:
    return Milestone(MilestoneKind.PUBLICATION, TODAY + timedelta(days=days), DateConfidence.PROVISIONAL)


def offer(status: OfferStatus, follow_up: int | None = None) -> SupportOffer:
    return SupportOffer(OfferingOrganisation.ADCS, OfferKind.MEDIA_ADVICE, OfferedTo.DIRECTOR, status=status,
                        follow_up_on=None if follow_up is None else TODAY + timedelta(days=follow_up))


def fill(session: Session) -> None:
    saved = session.alerts.add_many([
        Alert(LEEDS, AlertKind.CSPR, "One", media_interest=MediaInterest.NATIONAL, milestones=(ms(0), ms(7), ms(8))),
        Alert(YORK, AlertKind.TRIAL, "Two", status=AlertStatus.DRAFT, milestones=(ms(30), ms(31)),
              offers=(offer(OfferStatus.OFFERED, -1), offer(OfferStatus.PROPOSED), offer(OfferStatus.COMPLETED, -5))),
        Alert(KENT, AlertKind.TRIAL, "Three", status=AlertStatus.PUBLISHED, media_interest=MediaInterest.NATIONAL,
              offers=(offer(OfferStatus.ACCEPTED, 0),)),
        Alert(KENT, AlertKind.INQUEST, "Closed", status=AlertStatus.CLOSED, media_interest=MediaInterest.NATIONAL,
              milestones=(ms(1),), offers=(offer(OfferStatus.OFFERED, -2),)),
        Alert(LEEDS, AlertKind.OFSTED, "Deleted", media_interest=MediaInterest.NATIONAL, milestones=(ms(2),)),
    ], confirm_identifying=True)
    session.alerts.delete(saved[-1].reference)


def test_the_counts_cover_live_alerts_only(session: Session) -> None:
    fill(session)
    counts = session.dashboard.counts()
    assert counts.open_by_kind == {AlertKind.CSPR: 1, AlertKind.TRIAL: 2}
    assert counts.open_by_status == {AlertStatus.ACTIVE: 1, AlertStatus.DRAFT: 1, AlertStatus.PUBLISHED: 1}
    assert counts.open_by_council == {LEEDS: 1, YORK: 1, KENT: 1}
    assert (counts.milestones_7, counts.milestones_30) == (2, 4)  # today and day 7; then day 8 and day 30
    assert counts.offers_by_status == {OfferStatus.OFFERED: 1, OfferStatus.PROPOSED: 1, OfferStatus.COMPLETED: 1,
                                       OfferStatus.ACCEPTED: 1}
    assert counts.awaiting_reply == 2  # offered and proposed
    assert counts.follow_ups_due == 2  # overdue and due today; not the completed one nor the closed alert's
    assert counts.national_without_offer == 1  # "One": "Three" has an offer, the others are not live


def test_the_charts_group_by_region_and_say_which_filter_each_bar_is(session: Session) -> None:
    fill(session)
    board = session.dashboard.dashboard()
    assert board.today == TODAY
    regions = {b.label: b.count for b in board.chart("byRegion").bars}
    assert regions == {"Yorkshire and The Humber": 2, "South East": 1}
    yorkshire = board.chart("byRegion").bars[0]
    assert yorkshire.filter == LogFilter(region="Yorkshire and The Humber")
    kinds = board.chart("byKind").bars
    assert [b.label for b in kinds] == [k.label for k in AlertKind]  # every kind, zeros too
    assert {b.label: b.count for b in kinds}[AlertKind.TRIAL.label] == 2
    assert kinds[1].filter == LogFilter(kind=AlertKind.TRIAL)
    assert [b.label for b in board.chart("byStatus").bars] == ["Draft", "Active", "Published"]
    assert [(b.count, b.filter) for b in board.chart("milestones").bars] == [
        (2, LogFilter(within_days=7)), (4, LogFilter(within_days=30))]
    attention = {b.label: b for b in board.chart("attention").bars}
    assert attention["National interest, no offer"].filter == LogFilter(media=MediaInterest.NATIONAL)
    assert attention["Follow-ups due"].coming_up and attention["Follow-ups due"].count == 2
    assert all(b.filter is None and b.note for b in board.chart("offers").bars)


def test_an_empty_vault_counts_nothing(session: Session) -> None:
    counts = session.dashboard.counts()
    assert counts.open_by_kind == {} and counts.milestones_30 == 0 and counts.national_without_offer == 0
    board = session.dashboard.dashboard()
    assert board.chart("byRegion").bars == ()
    assert all(b.count == 0 for b in board.chart("byKind").bars)
