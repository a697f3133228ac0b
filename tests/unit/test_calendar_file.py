"""The forward look as an .ics file: what Outlook would import, and what it must not carry by default."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar, Component, Event

from sg_desktop.app.calendar_file import Detail, calendar_bytes, forward_calendar, milestone_uid
from sg_desktop.app.reference import english_councils
from sg_desktop.app.session import Session
from sg_desktop.domain.councils import CouncilDirectory
from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    DateConfidence,
    MediaInterest,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
)
from sg_desktop.domain.forward import MilestoneRow
from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.domain.query import AlertQuery

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def marked_alert(n: int, *milestones: Milestone) -> Alert:
    """An alert with a marker string in every field of text an officer typed."""
    return Alert(
        council="E06000037",  # West Berkshire
        kind=AlertKind.TRIAL, title=f"MARKTITLE{n} trial listed", summary=f"MARKSUMMARY{n} the case",
        media_interest=MediaInterest.NATIONAL, owner=f"MARKOWNER{n}", milestones=milestones,
        offers=(SupportOffer(OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEADER,
                             note=f"MARKOFFER{n}"),),
    )


def starts(part: Component) -> list[datetime]:
    """When a time zone observance begins: its DTSTART and each RDATE."""
    found = [part.DTSTART]
    rdates = part.get("RDATE")
    for rdate in rdates if isinstance(rdates, list) else [] if rdates is None else [rdates]:
        found += [d.dt for d in rdate.dts]
    return found


def events(data: bytes) -> list[Event]:
    return list(Calendar.from_ical(data).walk("VEVENT"))


@pytest.fixture
def vault(session: Session) -> tuple[Session, list[Alert]]:
    alerts = [
        session.alerts.add(marked_alert(1, Milestone(MilestoneKind.TRIAL_START, date(2026, 12, 7), time=time(10, 0),
                                                     note="MARKNOTE1 court 3"),
                                        Milestone(MilestoneKind.VERDICT, date(2027, 1, 11), note="MARKNOTE2"))),
        session.alerts.add(marked_alert(2, Milestone(MilestoneKind.PUBLICATION, date(2027, 2, 14),
                                                     confidence=DateConfidence.CONFIRMED),
                                        Milestone(MilestoneKind.SENTENCING, date(2027, 2, 15)),  # week 13
                                        Milestone(MilestoneKind.REVIEW_COMPLETED, date(2026, 11, 22)))),  # past
    ]
    return session, alerts


def test_one_event_per_milestone_in_range_and_it_parses(vault: tuple[Session, list[Alert]]) -> None:
    session, (first, second) = vault
    made = forward_calendar(session, 12, NOW)
    assert (made.first, made.last) == (date(2026, 11, 23), date(2027, 2, 14))  # Monday to Sunday, 12 weeks
    found = events(made.data)
    assert made.events == len(found) == 3
    assert [str(e["SUMMARY"]) for e in found] == [
        f"{first.reference}: Trial start", f"{first.reference}: Verdict", f"{second.reference}: Publication"]
    wanted = [first.milestones[0].id, first.milestones[1].id, second.milestones[0].id]
    assert [str(e["UID"]) for e in found] == [milestone_uid(m) for m in wanted]
    assert all(e.DTSTAMP == NOW for e in found)


def test_the_same_milestone_keeps_its_uid_and_different_ones_differ(vault: tuple[Session, list[Alert]]) -> None:
    session, (first, _) = vault
    before = [str(e["UID"]) for e in events(forward_calendar(session, 12, NOW).data)]
    moved = replace(first.milestones[1], date=date(2027, 1, 18))
    session.alerts.save(replace(first, title="Renamed", milestones=(first.milestones[0], moved)))
    after = events(forward_calendar(session, 12, NOW + timedelta(days=1)).data)
    assert [str(e["UID"]) for e in after] == before  # a re-import updates the three events
    assert len(set(before)) == 3 and all(u.endswith("@sg-desktop") for u in before)
    assert date(2027, 1, 18) == after[1].DTSTART


def test_dates_are_all_day_and_times_are_in_london(vault: tuple[Session, list[Alert]]) -> None:
    session, _ = vault
    data = forward_calendar(session, 12, NOW).data
    timed, verdict, _ = events(data)
    assert b"DTSTART;VALUE=DATE:20270111\r\nDTEND;VALUE=DATE:20270112" in data
    assert date(2027, 1, 11) == verdict.DTSTART and date(2027, 1, 12) == verdict.DTEND
    assert b"DTSTART;TZID=Europe/London:20261207T100000" in data
    assert datetime(2026, 12, 7, 10, 0, tzinfo=LONDON) == timed.DTSTART
    assert timed.DTSTART.utcoffset() == timedelta(0)
    assert timedelta(hours=1) == timed.DTEND - timed.DTSTART


def test_the_time_zone_covers_the_years_of_the_file_only(vault: tuple[Session, list[Alert]]) -> None:
    session, _ = vault
    cal = Calendar.from_ical(forward_calendar(session, 12, NOW).data)  # November 2026 to February 2027
    (zone,) = cal.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/London"
    changes = set()
    for part in zone.walk("DAYLIGHT") + zone.walk("STANDARD"):
        offsets = (part.TZOFFSETFROM, part.TZOFFSETTO)
        if offsets[0] != offsets[1]:
            changes.update((when.date(), offsets) for when in starts(part))
    spring, autumn = (timedelta(0), timedelta(hours=1)), (timedelta(hours=1), timedelta(0))
    assert changes == {(date(2026, 3, 29), spring), (date(2026, 10, 25), autumn),
                       (date(2027, 3, 28), spring), (date(2027, 10, 31), autumn)}
    assert all(2026 <= when.year <= 2028 for part in zone.subcomponents for when in starts(part))


def test_each_change_of_clock_starts_at_the_time_shown_before_it(vault: tuple[Session, list[Alert]]) -> None:
    """RFC 5545 3.6.5: an onset is in the time of TZOFFSETFROM. In London the clocks go forward at 01:00 GMT and
    back at 02:00 BST (both 01:00 UTC), so a calendar reading the zone from the file changes at the right hour."""
    session, _ = vault
    data = forward_calendar(session, 12, NOW).data
    assert b"DTSTART:20260329T010000\r\n" in data and b"RDATE:20270328T010000\r\n" in data
    assert b"DTSTART:20261025T020000\r\n" in data and b"RDATE:20271031T020000\r\n" in data
    assert b"T020000" not in data.split(b"BEGIN:DAYLIGHT")[1].split(b"END:DAYLIGHT")[0]
    (zone,) = Calendar.from_ical(data).walk("VTIMEZONE")
    for part in zone.walk("DAYLIGHT") + zone.walk("STANDARD"):
        if part.TZOFFSETFROM == part.TZOFFSETTO:
            continue
        for onset in starts(part):
            instant = onset.replace(tzinfo=UTC) - part.TZOFFSETFROM
            assert (instant.hour, instant.minute) == (1, 0)  # 01:00 UTC, the EU's hour for both changes
            assert (instant - timedelta(seconds=1)).astimezone(LONDON).utcoffset() == part.TZOFFSETFROM
            assert instant.astimezone(LONDON).utcoffset() == part.TZOFFSETTO


def test_without_a_time_there_is_no_time_zone(session: Session) -> None:
    session.alerts.add(marked_alert(1, Milestone(MilestoneKind.VERDICT, date(2026, 12, 1))))
    data = forward_calendar(session, 4, NOW).data
    assert b"VTIMEZONE" not in data and len(events(data)) == 1


def test_by_default_no_council_title_summary_note_or_owner(vault: tuple[Session, list[Alert]]) -> None:
    session, _ = vault
    text = forward_calendar(session, 12, NOW).data.decode()
    for marker in ("MARKTITLE", "MARKSUMMARY", "MARKNOTE", "MARKOWNER", "MARKOFFER", "West Berkshire",
                   "E06000037", "National", "national", "Provisional", "provisional", "DESCRIPTION"):
        assert marker not in text


def test_full_detail_adds_council_title_confidence_and_media_never_summary_or_notes(
    vault: tuple[Session, list[Alert]],
) -> None:
    session, (first, _) = vault
    made = forward_calendar(session, 12, NOW, detail=Detail.FULL)
    trial = events(made.data)[0]
    assert str(trial["SUMMARY"]) == f"{first.reference}: Trial start (West Berkshire)"
    assert str(trial["DESCRIPTION"]).split("\n") == [
        "MARKTITLE1 trial listed", "Council: West Berkshire", "Alert: Criminal trial", "Date: provisional",
        "Media interest: national"]
    text = made.data.decode()
    assert all(m not in text for m in ("MARKSUMMARY", "MARKNOTE", "MARKOWNER", "MARKOFFER"))


def test_text_with_commas_semicolons_and_line_breaks_round_trips() -> None:
    title = "Trial, adjourned; again\nback slash \\ and ünïcödé " + "long " * 30
    row = MilestoneRow("a1", "LGA-2026-0042", "E06000037", AlertKind.TRIAL, title, AlertStatus.ACTIVE,
                       MediaInterest.LOCAL, "m1", MilestoneKind.TRIAL_START, date(2027, 1, 4),
                       DateConfidence.ESTIMATED, None, 0)
    data = calendar_bytes([row], CouncilDirectory(english_councils()), first=date(2027, 1, 4),
                          last=date(2027, 1, 10), stamp=NOW, detail=Detail.FULL)
    (event,) = events(data)
    assert str(event["DESCRIPTION"]).split("\n")[:2] == ["Trial, adjourned; again", "back slash \\ and ünïcödé "
                                                         + "long " * 30]
    assert all(len(line.encode()) <= 75 for line in data.decode().split("\r\n"))


def test_the_calendar_follows_a_query(vault: tuple[Session, list[Alert]]) -> None:
    session, (first, _) = vault
    made = forward_calendar(session, 12, NOW, query=AlertQuery(text="MARKTITLE1"))
    assert [str(e["SUMMARY"]).split(":")[0] for e in events(made.data)] == [first.reference] * 2


@pytest.mark.parametrize("weeks", [0, 53])
def test_a_calendar_covers_one_to_fifty_two_weeks(session: Session, weeks: int) -> None:
    with pytest.raises(ValueError, match="1 to 52 weeks"):
        forward_calendar(session, weeks, NOW)


@pytest.mark.parametrize("filler", ["x", "é"])
def test_long_lines_fold_at_75_octets_never_inside_a_character_or_an_escape(filler: str) -> None:
    for shift in range(50, 80):
        title = filler * shift + ",;\n\\" * 12
        row = MilestoneRow("a1", "LGA-2026-0042", "E06000037", AlertKind.TRIAL, title, AlertStatus.ACTIVE,
                           MediaInterest.LOCAL, "m1", MilestoneKind.TRIAL_START, date(2027, 1, 4),
                           DateConfidence.ESTIMATED, None, 0)
        data = calendar_bytes([row], CouncilDirectory(english_councils()), first=date(2027, 1, 4),
                              last=date(2027, 1, 10), stamp=NOW, detail=Detail.FULL)
        (event,) = events(data)
        assert str(event["DESCRIPTION"]).split("\nCouncil:")[0] == title
        for raw in data.split(b"\r\n"):
            assert len(raw) <= 75
            raw.decode("utf-8")  # no character cut in two
            trailing = len(raw) - len(raw.rstrip(b"\\"))
            assert trailing % 2 == 0, raw  # no escape cut in two
