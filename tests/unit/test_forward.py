"""The forward look's query and week arithmetic over a real vault: ranges, filters, clash weeks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from sg_desktop.app.session import Session
from sg_desktop.domain.enums import AlertKind, AlertStatus, DateConfidence, MediaInterest, MilestoneKind
from sg_desktop.domain.forward import clash_weeks, week_of, weeks_from
from sg_desktop.domain.model import Alert, Milestone
from sg_desktop.domain.query import AlertQuery


def alert(title: str, *milestones: Milestone, media: MediaInterest = MediaInterest.NATIONAL,
          council: str = "E06000041", **changes: object) -> Alert:
    base = Alert(council=council, kind=AlertKind.TRIAL, title=title, media_interest=media,
                 milestones=tuple(milestones))
    return replace(base, **changes)  # type: ignore[arg-type]


def ms(day: date, kind: MilestoneKind = MilestoneKind.TRIAL_START, **kw: object) -> Milestone:
    return Milestone(kind=kind, date=day, **kw)  # type: ignore[arg-type]


def test_weeks_start_on_monday_across_a_year_boundary() -> None:
    assert week_of(date(2027, 1, 1)) == date(2026, 12, 28)  # a Friday; its Monday is in the old year
    assert week_of(date(2026, 12, 28)) == date(2026, 12, 28)
    assert weeks_from(date(2026, 12, 30), 3) == [date(2026, 12, 28), date(2027, 1, 4), date(2027, 1, 11)]


def test_milestones_in_a_range_come_by_date_with_their_alert(session: Session) -> None:
    a = session.alerts.add(alert("Trial of two adults", ms(date(2027, 1, 4), time=time(10, 0)),
                                 ms(date(2027, 1, 11), MilestoneKind.VERDICT, confidence=DateConfidence.ESTIMATED)))
    session.alerts.add(alert("Far away", ms(date(2027, 6, 1))))
    rows = session.forward.milestones(AlertQuery(), date(2027, 1, 1), date(2027, 1, 31))
    assert [(r.reference, r.kind, r.date, r.confidence, r.time) for r in rows] == [
        (a.reference, MilestoneKind.TRIAL_START, date(2027, 1, 4), DateConfidence.PROVISIONAL, time(10, 0)),
        (a.reference, MilestoneKind.VERDICT, date(2027, 1, 11), DateConfidence.ESTIMATED, None),
    ]
    assert rows[0].title == "Trial of two adults" and rows[0].council == "E06000041"
    assert rows[0].media_interest is MediaInterest.NATIONAL and rows[0].status is AlertStatus.ACTIVE


def test_the_range_includes_both_ends_and_follows_the_log_filters(session: Session) -> None:
    session.alerts.add(alert("Edge one", ms(date(2027, 1, 4))))
    session.alerts.add(alert("Edge two", ms(date(2027, 1, 10)), council="E06000037"))
    session.alerts.add(alert("Gone", ms(date(2027, 1, 5))))
    session.alerts.delete(session.alerts.find(AlertQuery(text="Gone"))[0].reference)
    rows = session.forward.weeks(AlertQuery(), date(2027, 1, 6), 1)
    assert [r.title for r in rows] == ["Edge one", "Edge two"]
    only = session.forward.weeks(AlertQuery(councils=frozenset({"E06000037"})), date(2027, 1, 6), 1)
    assert [r.title for r in only] == ["Edge two"]
    assert [r.title for r in session.forward.weeks(AlertQuery(text="edge one"), date(2027, 1, 6), 1)] == ["Edge one"]
    # The log's "next milestone within" is not the forward look's range.
    assert len(session.forward.weeks(AlertQuery(upcoming_days=1), date(2027, 1, 6), 1)) == 2


def test_two_national_milestones_in_a_week_clash(session: Session) -> None:
    session.alerts.add(alert("One", ms(date(2027, 1, 4))))
    session.alerts.add(alert("Two", ms(date(2027, 1, 8))))
    session.alerts.add(alert("Local", ms(date(2027, 1, 18)), ms(date(2027, 1, 19)), media=MediaInterest.LOCAL))
    rows = session.forward.weeks(AlertQuery(), date(2027, 1, 4), 4)
    assert clash_weeks(rows) == {date(2027, 1, 4): 2}
