"""The alert service over a real vault: references, revisions, history, tombstones, the log's queries."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from sg_desktop.app.clock import FixedClock
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
from sg_desktop.domain.errors import IdentifyingDataWarning, NotFound, ValidationError
from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.domain.query import AlertQuery, SortKey
from sg_desktop.store.alerts import fts_query

TODAY = date(2026, 11, 24)


def make(title: str = "Serious case review due", council: str = "E06000041", **changes: object) -> Alert:
    return replace(Alert(council=council, kind=AlertKind.CSPR, title=title), **changes)  # type: ignore[arg-type]


def in_days(n: int, kind: MilestoneKind = MilestoneKind.PUBLICATION, **kw: object) -> Milestone:
    return Milestone(kind=kind, date=TODAY + timedelta(days=n), **kw)  # type: ignore[arg-type]


def test_add_assigns_references_in_sequence_and_stamps_the_alert(session: Session) -> None:
    first = session.alerts.add(make())
    second = session.alerts.add(make("Another"))
    assert (first.reference, second.reference) == ("LGA-2026-0001", "LGA-2026-0002")
    assert first.revision == 1 and first.created_at == first.updated_at
    assert first.origin_office == session.vault_id
    assert session.alerts.get("lga-2026-0001") == first


def test_everything_an_alert_holds_survives_the_vault(session: Session) -> None:
    alert = make(
        summary="Publication of the review into multi-agency practice.",
        media_interest=MediaInterest.NATIONAL, status=AlertStatus.DRAFT, owner="J. Officer",
        embargoed=True, reporting_restriction=True,
        milestones=(in_days(5, confidence=DateConfidence.CONFIRMED, note="Board approval first"),
                    in_days(30, MilestoneKind.RESTRICTION_LIFTED, confidence=DateConfidence.ESTIMATED)),
        offers=(SupportOffer(OfferingOrganisation.LABOUR_GROUP, OfferKind.PEER_MENTOR, OfferedTo.LEAD_MEMBER,
                             OfferStatus.OFFERED, offered_on=TODAY, follow_up_on=TODAY + timedelta(7),
                             note="Call on Monday"),),
    )
    stored = session.alerts.add(alert)
    assert session.alerts.get(stored.reference) == stored
    assert replace(stored, reference="", created_at=None, updated_at=None, revision=0, origin_office="") == alert


def test_invalid_and_identifying_alerts_are_not_saved(session: Session) -> None:
    with pytest.raises(ValidationError, match="short title"):
        session.alerts.add(make(""))
    with pytest.raises(ValidationError, match="not in the list of English councils"):
        session.alerts.add(make(council="X99000001"))  # fictional councils are for demo vaults only
    with pytest.raises(IdentifyingDataWarning, match="what looks like an NHS number in the Summary") as caught:
        session.alerts.add(make(summary="Child's NHS number 943 476 5919"))
    assert "943" not in str(caught.value)
    assert session.alerts.total() == 0
    stored = session.alerts.add(make(summary="Child's NHS number 943 476 5919"), confirm_identifying=True)
    assert session.alerts.total() == 1 and stored.summary.endswith("5919")


def test_fictional_councils_are_allowed_in_a_demo_vault(new_session) -> None:  # type: ignore[no-untyped-def]
    demo = new_session(demo=True)
    assert demo.alerts.add(make(council="X99000001")).council == "X99000001"


def test_saving_moves_the_revision_and_keeps_every_date_change(session: Session, clock: FixedClock) -> None:
    stored = session.alerts.add(make(milestones=(in_days(10),)))
    moved = replace(stored.milestones[0], date=TODAY + timedelta(days=24))
    clock.moment = datetime(2026, 11, 25, 9, tzinfo=UTC)
    saved = session.alerts.save(replace(stored, milestones=(moved,), title="Renamed"))
    assert saved.revision == 2 and saved.reference == stored.reference and saved.created_at == stored.created_at
    history = session.alerts.get(stored.reference).milestones[0].history
    assert [(h.old_date, h.new_date, h.changed_at) for h in history] == [
        (TODAY + timedelta(10), TODAY + timedelta(24), clock.moment)
    ]
    row = session.alerts.rows(AlertQuery())[0]
    assert row.next_date == TODAY + timedelta(days=24) and row.title == "Renamed"


def test_the_reason_for_a_move_is_kept_in_the_history(session: Session, clock: FixedClock) -> None:
    stored = session.alerts.add(make(milestones=(in_days(10, MilestoneKind.TRIAL_START),)))
    moved = stored.milestones[0].moved(TODAY + timedelta(days=24), DateConfidence.CONFIRMED, clock.now(),
                                       "Adjourned: a witness is unavailable")
    session.alerts.save(replace(stored, milestones=(moved,)))
    [change] = session.alerts.get(stored.reference).milestones[0].history
    assert change.describe(MilestoneKind.TRIAL_START) == (
        "Trial start moved from 4 December 2026 to 18 December 2026 (provisional → confirmed): "
        "Adjourned: a witness is unavailable"
    )


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("x" * 501, "Milestone 1: the reason for the move to 18 December 2026 is 501 characters; keep it to 500."),
        ("Adjourned\r\nagain", "Milestone 1: the reason for the move to 18 December 2026 must be one line of ordinary "
                               "text, without line breaks or control characters."),
        ("Adjourned\u202e", "Milestone 1: the reason for the move to 18 December 2026 must be one line of ordinary "
                            "text, without line breaks or control characters."),
    ],
)
def test_a_reason_breaking_the_rules_is_refused_and_nothing_is_saved(
    session: Session, clock: FixedClock, reason: str, message: str
) -> None:
    stored = session.alerts.add(make(milestones=(in_days(10),)))
    moved = stored.milestones[0].moved(TODAY + timedelta(days=24), DateConfidence.PROVISIONAL, clock.now(), reason)
    with pytest.raises(ValidationError) as caught:
        session.alerts.save(replace(stored, milestones=(moved,)))
    assert str(caught.value) == message
    assert caught.value.problems[0].field == "milestones[1].reason"
    assert session.alerts.get(stored.reference) == stored


def test_a_reason_that_looks_identifying_is_warned_about_before_saving(session: Session, clock: FixedClock) -> None:
    stored = session.alerts.add(make(milestones=(in_days(10),)))
    moved = stored.milestones[0].moved(TODAY + timedelta(days=24), DateConfidence.PROVISIONAL, clock.now(),
                                       "The witness on 07700 900123 is ill")
    with pytest.raises(IdentifyingDataWarning) as caught:
        session.alerts.save(replace(stored, milestones=(moved,)))
    assert "Milestone 1 reason" in str(caught.value) and "07700" not in str(caught.value)
    assert session.alerts.get(stored.reference) == stored


def test_delete_keeps_a_tombstone_without_the_text(session: Session) -> None:
    stored = session.alerts.add(make(summary="Some summary", milestones=(in_days(3),)))
    tomb = session.alerts.delete(stored.reference)
    assert tomb.deleted and tomb.title == "" and tomb.revision == 2
    with pytest.raises(NotFound):
        session.alerts.get(stored.reference)
    assert session.alerts.total() == 0
    assert session.alerts.rows(AlertQuery(include_deleted=True))[0].deleted
    assert session.alerts.rows(AlertQuery(text="summary")) == []
    with pytest.raises(NotFound):
        session.alerts.save(stored)


def test_upcoming_filters_and_sorting_happen_in_the_vault(session: Session) -> None:
    session.alerts.add_many([
        make("Soon", milestones=(in_days(3), in_days(40, MilestoneKind.REPORT_PUBLISHED))),
        make("Later", council="E08000035", milestones=(in_days(20),), media_interest=MediaInterest.NATIONAL),
        make("Far", milestones=(in_days(90),), status=AlertStatus.DRAFT),
        make("Past", milestones=(in_days(-5),)),
        make("Undated"),
    ])
    alerts = session.alerts
    assert [r.title for r in alerts.rows(AlertQuery(upcoming_days=30))] == ["Soon", "Later"]
    assert [r.title for r in alerts.rows(AlertQuery())] == ["Soon", "Later", "Far", "Past", "Undated"]
    assert [r.title for r in alerts.rows(AlertQuery(sort=SortKey.TITLE))] == [
        "Far", "Later", "Past", "Soon", "Undated"
    ]
    assert [r.title for r in alerts.rows(AlertQuery(councils=frozenset({"E08000035"})))] == ["Later"]
    assert [r.title for r in alerts.rows(AlertQuery(statuses=frozenset({AlertStatus.DRAFT})))] == ["Far"]
    assert [r.title for r in alerts.rows(AlertQuery(media=frozenset({MediaInterest.NATIONAL})))] == ["Later"]
    assert alerts.count(AlertQuery(upcoming_days=30)) == 2
    assert [r.title for r in alerts.rows(AlertQuery(), offset=1, limit=2)] == ["Later", "Far"]
    soon = alerts.rows(AlertQuery(upcoming_days=3))[0]
    assert (soon.next_kind, soon.days_to_next(TODAY)) == (MilestoneKind.PUBLICATION, 3)


WOKINGHAM, LEEDS, BARNSLEY, KENT = "E06000041", "E08000035", "E08000038", "E10000016"
BARNSLEY_BEFORE_2025 = "E08000016"  # a code this vault's council list no longer has


def test_sorting_by_council_follows_the_names_the_log_shows(session: Session) -> None:
    alerts = session.alerts
    stored = alerts.add_many([make(council=code) for code in (WOKINGHAM, LEEDS, BARNSLEY, KENT)])
    # An alert imported from an office still using an old code, stored as received: named by its code.
    with session.vault.transaction():
        session.vault.alerts.insert_many([make("Imported", council=BARNSLEY_BEFORE_2025, reference="ADCS-2026-0001",
                                               created_at=stored[0].created_at,
                                               updated_at=stored[0].updated_at)], TODAY)
    by_council = AlertQuery(sort=SortKey.COUNCIL)
    expected = [BARNSLEY, BARNSLEY_BEFORE_2025, KENT, LEEDS, WOKINGHAM]
    assert [r.council for r in alerts.rows(by_council)] == expected
    assert [r.council for r in alerts.rows(replace(by_council, descending=True))] == expected[::-1]
    alerts.save(replace(stored[0], title="Edited"))  # Wokingham keeps its place after an edit
    assert [r.council for r in alerts.rows(by_council, offset=3, limit=2)] == [LEEDS, WOKINGHAM]
    one = replace(by_council, councils=frozenset({KENT}))
    assert [r.council for r in alerts.rows(one)] == [KENT]


def test_a_renamed_council_moves_in_the_council_order(session: Session) -> None:
    session.alerts.add_many([make(council=code) for code in (LEEDS, KENT)])
    by_council = AlertQuery(sort=SortKey.COUNCIL)
    assert [r.council for r in session.alerts.rows(by_council)] == [KENT, LEEDS]
    names = {c.ons_code: c.name for c in session.alerts.councils}
    repo = session.vault.alerts
    with session.vault.transaction():
        assert repo.sync_council_names(names) == 0  # the log already follows this list
        assert repo.sync_council_names({**names, KENT: "The Weald"}) == 1
    assert [r.council for r in session.alerts.rows(by_council)] == [LEEDS, KENT]


def test_next_milestone_follows_the_calendar(session: Session, clock: FixedClock) -> None:
    session.alerts.add(make(milestones=(in_days(2), in_days(9, MilestoneKind.REPORT_PUBLISHED))))
    assert session.alerts.rows(AlertQuery())[0].next_kind is MilestoneKind.PUBLICATION
    clock.moment += timedelta(days=3)
    row = session.alerts.rows(AlertQuery())[0]
    assert (row.next_kind, row.next_date) == (MilestoneKind.REPORT_PUBLISHED, TODAY + timedelta(9))
    clock.moment += timedelta(days=30)
    assert session.alerts.rows(AlertQuery())[0].next_date is None
    clock.moment -= timedelta(days=32)  # a clock put back recomputes too
    assert session.alerts.rows(AlertQuery())[0].next_kind is MilestoneKind.PUBLICATION


def test_full_text_search_covers_title_summary_notes_and_reference(session: Session) -> None:
    session.alerts.add(make("Inquest touching a looked-after child", summary="Coroner's court listing"))
    session.alerts.add(make("Fostering review", milestones=(in_days(4, note="Placement panel minutes"),)))
    search = session.alerts.rows
    assert [r.title for r in search(AlertQuery(text="inquest"))] == ["Inquest touching a looked-after child"]
    assert [r.title for r in search(AlertQuery(text="coron"))] == ["Inquest touching a looked-after child"]
    assert [r.title for r in search(AlertQuery(text="panel minu"))] == ["Fostering review"]
    assert [r.title for r in search(AlertQuery(text="LGA-2026-0002"))] == ["Fostering review"]
    assert search(AlertQuery(text='" OR NEAR( * ')) == []  # operators are searched for, not obeyed


def test_search_finds_an_alert_by_its_councils_name_with_the_other_words(session: Session) -> None:
    session.alerts.add_many([make("Trial of a foster carer", council=WOKINGHAM),
                             make("Practice review", council=WOKINGHAM), make("Trial listed", council=LEEDS)])
    search = session.alerts.rows
    assert sorted(r.title for r in search(AlertQuery(text="Wokingham"))) == ["Practice review",
                                                                            "Trial of a foster carer"]
    assert [r.title for r in search(AlertQuery(text="wokingham tri"))] == ["Trial of a foster carer"]
    assert [r.title for r in search(AlertQuery(text="leeds"))] == ["Trial listed"]
    # An edit keeps the council in the index; a renamed council is found by its new name, not its old one.
    stored = next(a for a in session.alerts.all() if a.title == "Trial listed")
    session.alerts.save(replace(stored, title="Trial listed again"))
    assert [r.title for r in search(AlertQuery(text="leeds"))] == ["Trial listed again"]
    names = {c.ons_code: c.name for c in session.alerts.councils}
    with session.vault.transaction():
        session.vault.alerts.sync_council_names({**names, LEEDS: "Loiners"})
    assert [r.title for r in search(AlertQuery(text="loiners"))] == ["Trial listed again"]
    assert search(AlertQuery(text="leeds")) == []


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("", None), ("  ", None), ("inq", '"inq"*'), ('say "hi"', '"say" """hi"""*'), ("a OR b", '"a" "OR"*'),
        ("i", '"i"*'), ("fostering p", '"fostering"*'), ("fostering pe", '"fostering" "pe"*'),
        ("fostering p ", '"fostering" "p"*'),  # a finished one-letter word is searched
    ],
)
def test_search_text_becomes_a_safe_prefix_query(text: str, query: str | None) -> None:
    assert fts_query(text) == query


def test_add_many_is_all_or_nothing(session: Session) -> None:
    with pytest.raises(ValidationError):
        session.alerts.add_many([make("Fine"), make("")])
    assert session.alerts.total() == 0


def test_the_audit_chain_records_changes_and_detects_tampering(session: Session) -> None:
    stored = session.alerts.add(make())
    session.alerts.save(replace(stored, title="Changed"))
    session.alerts.delete(stored.reference)
    entries = session.vault.audit.entries()
    assert [e.action for e in entries] == ["vault.create", "alert.add", "alert.edit", "alert.delete"]
    assert session.check_integrity() == 4
    assert all("Changed" not in str(e.detail) for e in entries)
    conn = session.vault.conn
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET action = 'alert.view' WHERE seq = 3")
    from sg_desktop.domain.errors import VaultDamaged

    with pytest.raises(VaultDamaged, match=r"audit log is broken at entry 3 \(alert\.view, recorded 2026-11-24T10:00\)"
                                           r".*; entries 1 to 2 are intact\."):
        session.check_integrity()


def test_adding_many_alerts_chains_one_audit_entry_each_in_order(session: Session) -> None:
    stored = session.alerts.add_many([make(f"Alert {i}") for i in range(3)])
    session.alerts.add(make("One more"))
    entries = session.audit_entries()
    assert [(e.action, e.record_id) for e in entries[1:]] == [("alert.add", a.id) for a in stored] + [
        ("alert.add", entries[-1].record_id)
    ]
    assert [e.detail["reference"] for e in entries[1:4]] == [a.reference for a in stored]
    assert session.check_integrity() == 5  # the chain of batched and single appends is unbroken


def test_a_dense_search_pages_the_same_as_a_sparse_one(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """A search matching thousands of alerts walks the log's index; the page must be the very same."""
    from sg_desktop.store import alerts as store_alerts

    session.alerts.add_many([
        make(f"Review {i:02d}" + (" fostering" if i % 3 else ""), milestones=(in_days(i % 17),),
             media_interest=list(MediaInterest)[i % 3])
        for i in range(60)
    ])
    queries = [
        AlertQuery(text="fost"), AlertQuery(text="fostering rev", sort=SortKey.TITLE, descending=True),
        AlertQuery(text="fost", media=frozenset({MediaInterest.NATIONAL})),
        AlertQuery(text="fost", upcoming_days=5, sort=SortKey.REFERENCE),
    ]
    pages = [(0, 10), (7, 5), (35, 10), (100, 10)]
    expected = {(q, p): session.alerts.rows(q, *p) for q in queries for p in pages}
    monkeypatch.setattr(store_alerts, "DENSE_SEARCH", 0)  # every search now takes the walking path
    for (q, p), rows in expected.items():
        assert session.alerts.rows(q, *p) == rows
    assert [r.title for r in session.alerts.rows(AlertQuery(text="fost"), 0, 3)] == [
        "Review 17 fostering", "Review 34 fostering", "Review 01 fostering"  # due today, today, tomorrow
    ]
