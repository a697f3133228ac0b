"""The dashboard's programme measures (issue 12), over every alert kept, closed ones too: days from an alert being
logged to its first support offer, the share of answered offers accepted, and national alerts never offered
support. Today, when every alert here is logged, is 24 November 2026."""

from __future__ import annotations

from datetime import date, timedelta

from sg_desktop.app.dashboard import ProgrammeMeasures
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    MediaInterest,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
)
from sg_desktop.domain.model import Alert, SupportOffer
from sg_desktop.domain.outlook import ProgrammeCounts

TODAY = date(2026, 11, 24)
LEEDS, YORK, KENT = "E08000035", "E06000014", "E10000016"


def offer(status: OfferStatus, days: int | None) -> SupportOffer:
    return SupportOffer(OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEADER, status,
                        offered_on=None if days is None else TODAY + timedelta(days=days))


def test_the_programme_measures_count_every_alert_kept(session: Session) -> None:
    national = MediaInterest.NATIONAL
    saved = session.alerts.add_many([
        Alert(LEEDS, AlertKind.CSPR, "National, nothing offered", media_interest=national),
        Alert(YORK, AlertKind.TRIAL, "Offered on day 3", offers=(
            offer(OfferStatus.PROPOSED, None), offer(OfferStatus.ACCEPTED, 10), offer(OfferStatus.DECLINED, 3))),
        Alert(KENT, AlertKind.INQUEST, "National, only proposed", media_interest=national,
              offers=(offer(OfferStatus.PROPOSED, 1),)),
        Alert(KENT, AlertKind.TRIAL, "Closed, offered on day 7", status=AlertStatus.CLOSED, media_interest=national,
              offers=(offer(OfferStatus.COMPLETED, 7), offer(OfferStatus.OFFERED, 9))),
        Alert(LEEDS, AlertKind.OFSTED, "Offered before it was logged", offers=(offer(OfferStatus.IN_PROGRESS, -4),)),
        Alert(LEEDS, AlertKind.OFSTED, "Deleted", media_interest=national, offers=(offer(OfferStatus.DECLINED, 1),)),
    ])
    session.alerts.delete(saved[-1].reference)
    counts = session.vault.outlook.programme()
    assert sorted(counts.days_to_first_offer) == [0, 3, 7]  # an offer dated before the alert counts as day 0
    assert (counts.offers_answered, counts.offers_accepted, counts.national_never_offered) == (4, 3, 2)
    measures = session.dashboard.dashboard().programme
    assert (measures.median_days, measures.alerts_with_offer, measures.accepted_percent) == (3, 3, 75)
    assert measures.sentences() == (
        "Median 3 days from an alert being logged to its first support offer (over 3 alerts with one).",
        "75% of the offers answered were accepted (3 of 4).",
        "2 alerts of national interest never had an offer made (none, or proposals only).",
    )


def test_an_empty_vault_says_there_is_nothing_to_measure_yet(session: Session) -> None:
    assert session.vault.outlook.programme() == ProgrammeCounts((), 0, 0, 0)
    assert session.dashboard.dashboard().programme.sentences() == (
        "No alert has had a support offer made yet.",
        "No support offer has been answered yet.",
        "0 alerts of national interest never had an offer made (none, or proposals only).",
    )


def test_a_median_between_two_alerts_is_a_half_day() -> None:
    measures = ProgrammeMeasures.of(ProgrammeCounts((1, 4), 0, 0, 1))
    assert measures.sentences()[0] == ("Median 2.5 days from an alert being logged to its first support offer (over "
                                       "2 alerts with one).")
    assert measures.sentences()[2] == "1 alert of national interest never had an offer made (none, or proposals only)."
