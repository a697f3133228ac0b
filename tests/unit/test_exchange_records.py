"""Records on the wire: canonical JSON, lossless round trips, stable versions, strict reading."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

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
from sg_desktop.domain.model import Alert, DateChange, Milestone, SupportOffer
from sg_desktop.exchange import Record, record_version
from sg_desktop.exchange.canonical import canonical_json, loads_strict
from sg_desktop.exchange.records import (
    RecordProblem,
    decode_record,
    encode_record,
    format_instant,
    parse_instant,
)
from tests.unit.test_exchange_samples import sample_alert

# -- canonical JSON ---------------------------------------------------------------------------------

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53) + 1, 2**53 - 1) | text,
    lambda inner: st.lists(inner, max_size=5)
    | st.dictionaries(st.text(st.characters(max_codepoint=127), max_size=8), inner, max_size=5),
    max_leaves=25,
)


@settings(max_examples=400)
@given(json_values)
def test_canonical_json_is_exactly_rfc_8785_for_protocol_values(value: Any) -> None:
    assert canonical_json(value) == rfc8785.dumps(value)


def test_canonical_json_refuses_an_unpaired_surrogate() -> None:
    with pytest.raises(ValueError, match="surrogate"):
        canonical_json({"title": "\ud800"})


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"a":1,"a":2}', "same key twice"),
        (b'{"a":{"b":1,"b":1}}', "same key twice"),
        (b'{"a":1.5}', "fractional"),
        (b'{"a":1e3}', "fractional"),
        (b'{"a":NaN}', "NaN"),
        (b'{"a":Infinity}', "NaN"),
        (b'{"a":"\xff"}', "not UTF-8"),
        (b'\xef\xbb\xbf{"a":1}', "not valid JSON"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"a":1', "not valid JSON"),
    ],
)
def test_the_strict_reader_refuses_ambiguous_json(data: bytes, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        loads_strict(data)


# -- times ------------------------------------------------------------------------------------------


def test_times_are_written_in_utc_with_microseconds() -> None:
    moment = datetime(2026, 3, 2, 11, 30, 5, 7, tzinfo=timezone(timedelta(hours=1)))
    assert format_instant(moment) == "2026-03-02T10:30:05.000007Z"
    assert parse_instant("2026-03-02T10:30:05.000007Z") == moment
    with pytest.raises(ValueError):
        format_instant(datetime(2026, 3, 2))


@pytest.mark.parametrize(
    "bad", ["2026-03-02T10:30:05Z", "2026-03-02T10:30:05.000007+00:00", "2026-03-02 10:30:05.000007Z", 5, None]
)
def test_only_one_spelling_of_a_time_is_read(bad: object) -> None:
    with pytest.raises(ValueError):
        parse_instant(bad)


# -- lossless round trips -----------------------------------------------------------------------------

utc_times = st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC))
dates = st.dates(date(2000, 1, 1), date(2100, 12, 31))
ids = st.from_regex(r"[0-9a-z][0-9a-z-]{0,20}", fullmatch=True)
reasons = st.text(st.characters(exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), max_size=30)
# A record's one-line fields hold no control characters; its summary and notes may also break lines and tab.
line = reasons
lines = st.text(st.characters(exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp"), include_characters="\n\t"),
                max_size=30)
changes = st.builds(DateChange, dates, dates, st.sampled_from(DateConfidence), st.sampled_from(DateConfidence),
                    utc_times, reasons)
milestones = st.builds(
    Milestone, st.sampled_from(MilestoneKind), dates, st.sampled_from(DateConfidence),
    st.none() | st.builds(time, st.integers(0, 23), st.integers(0, 59)), lines,
    st.lists(changes, max_size=3).map(tuple), ids,
)
offers = st.builds(
    SupportOffer, st.sampled_from(OfferingOrganisation), st.sampled_from(OfferKind), st.sampled_from(OfferedTo),
    st.sampled_from(OfferStatus), st.none() | dates, st.none() | dates, st.none() | dates, lines, ids,
)
alerts = st.builds(
    Alert,
    council=line, kind=st.sampled_from(AlertKind), title=line, summary=lines,
    media_interest=st.sampled_from(MediaInterest), handling=st.sampled_from(Handling),
    sharing=st.frozensets(st.sampled_from(OrgType)), status=st.sampled_from(AlertStatus), owner=line,
    embargoed=st.booleans(), reporting_restriction=st.booleans(),
    milestones=st.lists(milestones, max_size=3).map(tuple), offers=st.lists(offers, max_size=3).map(tuple),
    reference=line, id=ids, created_at=st.none() | utc_times, updated_at=st.none() | utc_times,
    origin_office=line, revision=st.integers(0, 2**53 - 1), deleted=st.booleans(),
)
ancestries = st.lists(st.from_regex(r"[0-9a-f]{32}", fullmatch=True), unique=True, max_size=5).map(tuple)


@settings(max_examples=200, deadline=None)
@given(alerts, ancestries)
def test_every_alert_survives_the_wire_unchanged_with_the_same_version(alert: Alert, ancestry: tuple[str, ...]) -> None:
    record = Record(alert, ancestry)
    wire = json.loads(canonical_json(encode_record(record)))
    back = decode_record(wire)
    assert back == record
    assert back.alert == alert and back.ancestors == ancestry
    # The version read from the wire is the one the sender computed from its own alert.
    assert back.version == record_version(alert) == record.version


def test_the_version_covers_every_field_but_not_the_ancestry() -> None:
    alert = sample_alert(1)
    base = Record(alert).version
    assert Record(alert, ("ab" * 16,)).version == base
    for change in (
        {"title": alert.title + "."}, {"updated_at": alert.updated_at + timedelta(microseconds=1)},  # type: ignore[operator]
        {"revision": alert.revision + 1}, {"deleted": True}, {"sharing": frozenset({OrgType.LGA})},
        {"milestones": alert.milestones[:1]}, {"offers": ()},
    ):
        assert Record(replace(alert, **change)).version != base, change  # type: ignore[arg-type]
    assert len(base) == 32 and int(base, 16) >= 0


def test_a_milestone_time_with_seconds_cannot_be_written() -> None:
    alert = sample_alert(1)
    odd = replace(alert, milestones=(replace(alert.milestones[0], time=time(10, 0, 30)),))
    with pytest.raises(ValueError, match="whole minutes"):
        encode_record(Record(odd))


# -- strict reading -----------------------------------------------------------------------------------


def wire(**changes: Any) -> dict[str, Any]:
    """A sample record as JSON, with some fields replaced (a value of ... removes the field)."""
    obj: dict[str, Any] = json.loads(canonical_json(encode_record(Record(sample_alert(1)))))
    for key, value in changes.items():
        if value is ...:
            del obj[key]
        else:
            obj[key] = value
    return obj


@pytest.mark.parametrize(
    ("obj", "problem"),
    [
        (wire(title=...), "the record has no field title"),
        (wire(colour="red"), "the record has an unknown field"),
        (wire(title=5), "title is not text"),
        (wire(title="x" * 20_001), "title is longer than 20000 characters"),
        (wire(embargoed=1), "embargoed is not true or false"),
        (wire(revision=True), "revision is not a whole number in range"),
        (wire(revision=-1), "revision is not a whole number in range"),
        (wire(revision=2**53), "revision is not a whole number in range"),
        (wire(kind="gossip"), "kind is not one of the known values"),
        (wire(kind=["cspr"]), "kind is not one of the known values"),
        (wire(sharing=["lga", "adcs"]), "sharing is not sorted without repeats"),
        (wire(sharing=["lga", "lga"]), "sharing is not sorted without repeats"),
        (wire(created_at="2026-01-05T08:00:00Z"), "created_at is not a UTC time"),
        (wire(id="has space"), "id is not an identifier"),
        (wire(ancestors=["xyz"]), "ancestors[1] is not a record version"),
        (wire(ancestors=["ab" * 16, "ab" * 16]), "ancestors has repeats"),
        (wire(ancestors=["ab" * 16] * 51), "ancestors has more than 50 entries"),
        (wire(milestones={}), "milestones is not a list"),
        (wire(milestones=[5]), "milestones[1] is not an object"),
        ("a string", "the record is not an object"),
    ],
)
def test_a_broken_record_is_refused_naming_the_field(obj: object, problem: str) -> None:
    with pytest.raises(RecordProblem) as error:
        decode_record(obj)
    assert str(error.value).startswith(problem)


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("date", "2026-02-30", "milestones[1].date is not a date"),
        ("date", "20260301", "milestones[1].date is not a date"),
        ("time", "10:00:00", "milestones[1].time is not a time"),
        ("time", "24:00", "milestones[1].time is not a time"),
        ("confidence", "certain", "milestones[1].confidence is not one of the known values"),
        ("note", None, "milestones[1].note is not text"),
    ],
)
def test_a_broken_milestone_is_named_by_its_position(field: str, value: object, problem: str) -> None:
    obj = wire()
    obj["milestones"][0][field] = value
    with pytest.raises(RecordProblem) as error:
        decode_record(obj)
    assert str(error.value).startswith(problem)


def test_a_problem_never_quotes_the_records_text() -> None:
    secret = "Name of a child that must never be echoed"
    for broken in (wire(title=secret, kind="gossip"), wire(summary=secret * 1000)):
        with pytest.raises(RecordProblem) as error:
            decode_record(broken)
        assert "child" not in str(error.value)


# -- the reason for a move (body version 2) ------------------------------------------------------------


def moved_alert(reason: str) -> Alert:
    """A sample alert whose first milestone moved once, for `reason`."""
    alert = sample_alert(1)
    first = replace(alert.milestones[0], history=())
    moved = first.moved(first.date + timedelta(days=14), first.confidence, datetime(2026, 11, 2, 9, tzinfo=UTC),
                        reason)
    return replace(alert, milestones=(moved, *alert.milestones[1:]))


def as_version_1(obj: dict[str, Any]) -> dict[str, Any]:
    """A version 2 record as a version 1 file holds it: date changes without `reason`."""
    milestones = [
        {**m, "history": [{k: v for k, v in h.items() if k != "reason"} for h in m["history"]]}
        for m in obj["milestones"]
    ]
    return {**obj, "milestones": milestones}


def test_a_move_carries_its_reason_on_the_wire() -> None:
    alert = moved_alert("Adjourned: a witness is unavailable")
    obj = json.loads(canonical_json(encode_record(Record(alert))))
    [change] = obj["milestones"][0]["history"]
    assert change["reason"] == "Adjourned: a witness is unavailable"
    back = decode_record(obj)
    assert back.alert == alert and back.version == record_version(alert)


def test_a_reason_changes_the_version_and_no_reason_keeps_the_version_1_one() -> None:
    without, with_reason = moved_alert(""), moved_alert("Adjourned")
    assert record_version(without) != record_version(with_reason)
    v2 = json.loads(canonical_json(encode_record(Record(without))))
    assert v2["milestones"][0]["history"][0]["reason"] == ""
    v1 = decode_record(as_version_1(v2), with_reasons=False)
    assert v1.alert == without and v1.version == decode_record(v2).version == record_version(without)


def test_a_version_1_record_is_read_without_reasons_and_may_not_have_one() -> None:
    v2 = json.loads(canonical_json(encode_record(Record(moved_alert("Adjourned")))))
    with pytest.raises(RecordProblem, match=r"^milestones\[1\]\.history\[1\] has an unknown field"):
        decode_record(v2, with_reasons=False)
    with pytest.raises(RecordProblem, match=r"^milestones\[1\]\.history\[1\] has no field .*reason"):
        decode_record(as_version_1(v2))


@pytest.mark.parametrize(
    ("reason", "problem"),
    [
        ("x" * 501, "milestones[1].history[1].reason is longer than 500 characters"),
        ("Adjourned\nwitness", "milestones[1].history[1].reason is not one line of text without control characters"),
        ("Adjourned\x1b[2J", "milestones[1].history[1].reason is not one line of text without control characters"),
        ("Moved \u202eyaM 3", "milestones[1].history[1].reason is not one line of text without control characters"),
        (5, "milestones[1].history[1].reason is not text"),
    ],
)
def test_a_reason_breaking_the_rules_is_refused_naming_the_place_not_the_text(reason: object, problem: str) -> None:
    obj = json.loads(canonical_json(encode_record(Record(moved_alert("Adjourned")))))
    obj["milestones"][0]["history"][0]["reason"] = reason
    with pytest.raises(RecordProblem) as error:
        decode_record(obj)
    assert str(error.value) == problem


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("title", "Trial\x1b]0;owned\x07", "title holds control characters or a line break"),
        ("reference", "LGA-2026-0001\nFrom Local Government Association, file number 1.",
         "reference holds control characters or a line break"),
        ("owner", "A\u202eB", "owner holds control characters or a line break"),
        ("council", "E06000041\r", "council holds control characters or a line break"),
        ("summary", "First\x1b[2J", "summary holds control characters"),
    ],
)
def test_a_field_with_control_characters_is_refused_on_import(field: str, value: str, problem: str) -> None:
    obj = json.loads(canonical_json(encode_record(Record(moved_alert("Adjourned")))))
    obj[field] = value
    with pytest.raises(RecordProblem) as error:
        decode_record(obj)
    assert str(error.value) == problem


def test_a_summary_and_notes_may_break_lines_and_tab() -> None:
    obj = json.loads(canonical_json(encode_record(Record(moved_alert("Adjourned")))))
    obj["summary"] = "First line\n\tindented second"
    obj["milestones"][0]["note"] = "Court 3\nListed for a week"
    record = decode_record(obj)
    assert record.alert.summary == "First line\n\tindented second"
