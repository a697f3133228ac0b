"""The briefing report's content over a real vault: exactly the alerts of the chosen weeks, the filters, the
highest marking, the counts and the clash weeks, the support offered and accepted."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time

import pytest

from sg_desktop.app.briefing import briefing_report, narrowed, regions
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import (
    AlertKind,
    DateConfidence,
    Handling,
    MediaInterest,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
)
from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.domain.query import AlertQuery

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # the test clock: Tuesday; the week began Monday 23 November
WOKINGHAM, LEEDS = "E06000041", "E08000035"


def alert(title: str, *days: date, council: str = WOKINGHAM, **changes: object) -> Alert:
    milestones = tuple(Milestone(MilestoneKind.TRIAL_START, d, DateConfidence.CONFIRMED) for d in days)
    base = Alert(council=council, kind=AlertKind.TRIAL, title=title, handling=Handling.OFFICIAL,
                 milestones=milestones)
    return replace(base, **changes)  # type: ignore[arg-type]


def offer(status: OfferStatus) -> SupportOffer:
    return SupportOffer(OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEADER, status)


def titles(session: Session, weeks: int = 4, query: AlertQuery | None = None) -> list[list[str]]:
    report = briefing_report(session, weeks, NOW, query)
    return [[a.title for a in w.alerts] for w in report.weeks]


def test_the_report_holds_exactly_the_alerts_with_milestones_in_its_weeks(session: Session) -> None:
    session.alerts.add(alert("Last Sunday", date(2026, 11, 22)))
    session.alerts.add(alert("This Monday", date(2026, 11, 23)))
    session.alerts.add(alert("Two weeks", date(2026, 11, 27), date(2026, 12, 2)))
    session.alerts.add(alert("Last day", date(2026, 12, 20)))
    session.alerts.add(alert("Week five", date(2026, 12, 21)))
    session.alerts.add(alert("Undated"))
    gone = session.alerts.add(alert("Deleted", date(2026, 11, 25)))
    session.alerts.delete(gone.reference)
    report = briefing_report(session, 4, NOW)
    assert (report.first_day, report.last_day) == (date(2026, 11, 23), date(2026, 12, 20))
    assert [w.monday for w in report.weeks] == [date(2026, 11, 23), date(2026, 11, 30), date(2026, 12, 7),
                                                date(2026, 12, 14)]
    assert titles(session) == [["This Monday", "Two weeks"], ["Two weeks"], [], ["Last day"]]
    # An alert in two weeks shows in each only the milestones of that week.
    first, second = report.weeks[0].alerts[1], report.weeks[1].alerts[0]
    assert [m.date for m in first.milestones] == [date(2026, 11, 27)]
    assert [m.date for m in second.milestones] == [date(2026, 12, 2)]
    assert len(report.references) == 3 and report.alerts == 3
    assert titles(session, weeks=1) == [["This Monday", "Two weeks"]]


def test_each_alert_carries_its_council_kind_milestones_media_and_support(session: Session) -> None:
    session.alerts.add(alert(
        "Trial listed", council=LEEDS, media_interest=MediaInterest.NATIONAL,
        milestones=(Milestone(MilestoneKind.VERDICT, date(2026, 12, 3), DateConfidence.ESTIMATED, time(14, 0)),),
        offers=(offer(OfferStatus.PROPOSED), offer(OfferStatus.OFFERED), offer(OfferStatus.ACCEPTED),
                offer(OfferStatus.COMPLETED), offer(OfferStatus.DECLINED)),
    ))
    (shown,) = briefing_report(session, 2, NOW).weeks[1].alerts
    assert (shown.council, shown.region, shown.kind, shown.media_interest) == (
        "Leeds", "Yorkshire and The Humber", AlertKind.TRIAL, MediaInterest.NATIONAL)
    (m,) = shown.milestones
    assert (m.kind, m.date, m.time, m.confidence) == ("Verdict", date(2026, 12, 3), time(14, 0),
                                                     DateConfidence.ESTIMATED)
    # A proposal not yet put to the council is not "offered"; accepted counts work begun or done.
    assert (shown.offered, shown.accepted) == (4, 2)


def test_filters_keep_a_council_a_region_a_kind_and_the_logs_search(session: Session) -> None:
    directory = session.forward.councils
    session.alerts.add(alert("Wokingham trial", date(2026, 11, 25)))
    session.alerts.add(alert("Leeds trial", date(2026, 11, 25), council=LEEDS))
    session.alerts.add(alert("Leeds inquest", date(2026, 11, 26), council=LEEDS, kind=AlertKind.INQUEST))
    assert titles(session, 1, narrowed(AlertQuery(), directory, council=LEEDS)) == [
        ["Leeds trial", "Leeds inquest"]]
    assert titles(session, 1, narrowed(AlertQuery(), directory, region="South East")) == [["Wokingham trial"]]
    assert titles(session, 1, narrowed(AlertQuery(), directory, kind=AlertKind.INQUEST)) == [["Leeds inquest"]]
    assert titles(session, 1, narrowed(AlertQuery(text="trial"), directory, council=LEEDS)) == [["Leeds trial"]]
    # Filters that exclude each other keep nothing (not everything).
    assert titles(session, 1, narrowed(AlertQuery(), directory, council=LEEDS, region="South East")) == [[]]
    kinds = AlertQuery(kinds=frozenset({AlertKind.TRIAL}))
    assert titles(session, 1, narrowed(kinds, directory, kind=AlertKind.INQUEST)) == [[]]
    assert "Yorkshire and The Humber" in regions(directory)


def test_the_marking_is_the_highest_of_the_alerts_in_the_report(session: Session) -> None:
    assert briefing_report(session, 4, NOW).marking is Handling.OFFICIAL  # nothing in it
    session.alerts.add(alert("Official", date(2026, 11, 25)))
    session.alerts.add(alert("Sensitive later", date(2027, 2, 1), handling=Handling.OFFICIAL_SENSITIVE))
    assert briefing_report(session, 4, NOW).marking is Handling.OFFICIAL
    session.alerts.add(alert("Sensitive", date(2026, 12, 1), handling=Handling.OFFICIAL_SENSITIVE))
    report = briefing_report(session, 4, NOW)
    assert report.marking is Handling.OFFICIAL_SENSITIVE and report.marking.label == "OFFICIAL-SENSITIVE"
    assert briefing_report(session, 4, NOW, AlertQuery(text="official")).marking is Handling.OFFICIAL


def test_the_first_page_counts_alerts_milestones_confidence_national_and_clash_weeks(session: Session) -> None:
    national = {"media_interest": MediaInterest.NATIONAL}
    session.alerts.add(alert("One", date(2026, 11, 24), date(2026, 12, 8), **national))
    session.alerts.add(alert("Two", date(2026, 11, 26), **national, milestones=(
        Milestone(MilestoneKind.VERDICT, date(2026, 11, 26), DateConfidence.ESTIMATED),)))
    session.alerts.add(alert("Local", date(2026, 11, 25), date(2026, 11, 27)))
    report = briefing_report(session, 3, NOW)
    assert (report.alerts, report.milestones, report.national) == (3, 5, 2)
    assert dict(report.by_confidence) == {DateConfidence.CONFIRMED: 4, DateConfidence.PROVISIONAL: 0,
                                          DateConfidence.ESTIMATED: 1}
    assert report.clashes == ((date(2026, 11, 23), 2),)
    assert [w.clash for w in report.weeks] == [2, 0, 0]


def test_the_report_names_its_weeks_when_and_by_whom(session: Session) -> None:
    report = briefing_report(session, 1, NOW)
    assert report.title == "Forward look: the next 1 week"
    assert briefing_report(session, 6, NOW).title == "Forward look: the next 6 weeks"
    local = NOW.astimezone()
    assert report.produced == f"Produced {local.day} November 2026 {local:%H:%M} by Local Government Association"


@pytest.mark.parametrize("weeks", [0, 53, -1])
def test_a_report_covers_one_to_52_weeks(session: Session, weeks: int) -> None:
    with pytest.raises(ValueError, match="1 to 52 weeks"):
        briefing_report(session, weeks, NOW)
