"""Every change is in the audit trail, once, with names and counts and never the text of a record.

Each operation (add, edit, delete, export, import, a working session's unlock and lock, passphrase change,
recovery, and each office change) runs on alerts and offices with a marker word in every text field; it must
leave exactly the entries expected, and the marker must appear in no entry: not in its details, not in what
it is about.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyrage
import pytest

from sg_desktop.app.audit_view import AuditQuery
from sg_desktop.app.clock import FixedClock
from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto.identity import OfficeKeys
from sg_desktop.domain.enums import (
    AlertKind,
    DateConfidence,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
    OrgType,
)
from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.exchange import OfficeCard
from sg_desktop.store.audit import AuditEntry
from tests.conftest import PASSPHRASE
from tests.unit.test_exchange_service import Offices, introduce, receive, send

MARK = "Qzmarker"
WOKINGHAM, READING = "E06000041", "E06000038"
MARKED_COUNCIL = OfficeProfile(f"Wokingham {MARK} Council", OrgType.COUNCIL, council=WOKINGHAM)
MARKED_LGA = OfficeProfile(f"Association {MARK}", OrgType.LGA)


@pytest.fixture
def offices(tmp_path: Path, clock: FixedClock) -> Iterator[Offices]:
    """Vaults for several offices (locked again after the test)."""
    world = Offices(tmp_path / "offices", clock)
    yield world
    world.close()


def marked(title: str = "Review") -> Alert:
    """An alert with the marker in every field that holds text."""
    return Alert(
        WOKINGHAM, AlertKind.CSPR, f"{title} {MARK}", summary=f"Summary {MARK}", owner=f"Owner {MARK}",
        sharing=frozenset(OrgType),
        milestones=(Milestone(MilestoneKind.PUBLICATION, date(2027, 3, 3), note=f"Note {MARK}"),),
        offers=(SupportOffer(OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEADER, note=f"Offer {MARK}"),),
    )


def since(session: Session, before: int) -> list[AuditEntry]:
    return session.audit_entries()[before:]


def assert_no_text(session: Session) -> None:
    """No entry holds the marker: not in its action, its record, its details."""
    entries = session.audit_entries()
    assert entries
    dumped = json.dumps([(e.action, e.record_id, e.detail) for e in entries])
    assert MARK not in dumped and MARK.lower() not in dumped.lower()
    # and what the audit window and the history show of them holds none either
    shown = json.dumps([(line.what, line.reference, line.details) for line in session.audit.lines(
        AuditQuery(), limit=10_000)])
    assert MARK not in shown


def test_adding_editing_and_deleting_are_audited_by_field_name_never_by_text(session: Session,
                                                                             clock: FixedClock) -> None:
    before = len(session.audit_entries())
    stored = session.alerts.add(marked(), confirm_identifying=True)
    [added] = since(session, before)
    assert (added.action, added.record_id, added.detail) == ("alert.add", stored.id, {"reference": stored.reference})

    clock.moment += timedelta(hours=1)
    first = stored.milestones[0].moved(date(2027, 3, 17), DateConfidence.CONFIRMED, clock.now(), f"Because {MARK}")
    edited = replace(
        stored, title=f"Renamed {MARK}", milestones=(first, Milestone(MilestoneKind.REPORT_PUBLISHED,
                                                                      date(2027, 4, 1), note=MARK)),
        offers=(replace(stored.offers[0], status=OfferStatus.OFFERED),),
    )
    before = len(session.audit_entries())
    saved = session.alerts.save(edited, confirm_identifying=True)
    [edit] = since(session, before)
    assert edit.action == "alert.edit" and edit.record_id == stored.id
    assert edit.detail == {
        "reference": stored.reference, "revision": 2, "fields": ["title"],
        "milestones": {"added": 1, "moved": ["publication"]},
        "offers": {"status": [["peer-mentor", "proposed", "offered"]]},
    }

    before = len(session.audit_entries())
    session.alerts.save(replace(saved, summary=f"New {MARK}", owner="", embargoed=True,
                                milestones=(replace(saved.milestones[0], note=f"Other {MARK}"),),
                                offers=(replace(saved.offers[0], note=f"Other {MARK}"),)),
                        confirm_identifying=True)
    [second] = since(session, before)
    assert second.detail["fields"] == ["summary", "owner", "embargoed"]
    assert second.detail["milestones"] == {"removed": 1, "changed": 1}
    assert second.detail["offers"] == {"changed": 1}
    assert session.audit.lines(AuditQuery(), limit=1)[0].details == (
        "Changed summary, owner and embargo; 1 milestone removed; 1 milestone: details changed; "
        "1 support offer: details changed")

    before = len(session.audit_entries())
    session.alerts.delete(stored.reference)
    assert [(e.action, e.detail) for e in since(session, before)] == [
        ("alert.delete", {"reference": stored.reference})]
    assert_no_text(session)


def test_an_export_and_an_import_are_audited_for_the_file_and_for_each_alert(
    offices: Offices, tmp_path: Path, clock: FixedClock
) -> None:
    council, lga = offices.create("council", MARKED_COUNCIL), offices.create("lga", MARKED_LGA)
    introduce(council, lga)
    one, two = council.alerts.add_many([marked("One"), marked("Two")], confirm_identifying=True)
    to_lga = council.offices.get(MARKED_LGA.name).fingerprint.hex()
    before = len(council.audit_entries())
    send(council, MARKED_LGA.name, tmp_path / "1.sgp")
    out = since(council, before)
    assert [e.action for e in out] == ["alert.export", "alert.export", "exchange.export"]
    assert [(e.record_id, e.detail["reference"], e.detail["to"]) for e in out[:2]] == [
        (one.id, one.reference, [to_lga]), (two.id, two.reference, [to_lga])]
    assert out[2].detail["records"] == 2 and out[2].detail["to"] == [to_lga]
    assert {e.detail["file"] for e in out[:2]} == {out[2].record_id}

    from_council = lga.offices.get(MARKED_COUNCIL.name).fingerprint.hex()
    before = len(lga.audit_entries())
    receive(lga, tmp_path / "1.sgp")
    got = since(lga, before)
    assert [e.action for e in got] == ["alert.import", "alert.import", "exchange.import"]
    assert [(e.record_id, e.detail["result"], e.detail["sender"]) for e in got[:2]] == [
        (one.id, "new", from_council), (two.id, "new", from_council)]
    assert got[2].detail["new"] == 2

    clock.moment += timedelta(hours=1)
    lga.alerts.save(replace(lga.alerts.get(one.reference), title=f"Retitled {MARK}", status=one.status),
                    confirm_identifying=True)
    send(lga, MARKED_COUNCIL.name, tmp_path / "2.sgp")
    before = len(council.audit_entries())
    receive(council, tmp_path / "2.sgp")
    updated = [e for e in since(council, before) if e.action == "alert.import"]
    assert [(e.record_id, e.detail["result"], e.detail.get("fields")) for e in updated] == [
        (one.id, "updated", ["title"])]

    history = council.audit.history(one.id)
    assert [line.what for line in history] == ["Alert imported", "Alert exported", "Alert added"]
    assert history[0].who == MARKED_LGA.name and history[0].details.startswith("Updated; Changed title")
    assert history[1].office == MARKED_LGA.name and history[2].who == "This office"
    for session in (council, lga):
        assert_no_text_but_office_names(session)


def assert_no_text_but_office_names(session: Session) -> None:
    """As `assert_no_text`, except that the audit window names offices (by the name this vault gave them)."""
    dumped = json.dumps([(e.action, e.record_id, e.detail) for e in session.audit_entries()])
    assert MARK not in dumped
    lines = session.audit.lines(AuditQuery(), limit=10_000)
    assert MARK not in json.dumps([(line.what, line.reference, line.details) for line in lines])


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_working_session_is_audited_from_unlock_to_lock_and_a_plain_lock_writes_nothing(
    vault_service: VaultService, vault_path: Path
) -> None:
    session, _ = vault_service.create(PASSPHRASE, MARKED_LGA)
    session.alerts.add(marked(), confirm_identifying=True)
    session.lock()

    before = snapshot(vault_path.parent)
    reader = vault_service.unlock(PASSPHRASE)  # as a command of the command line opens it
    reader.alerts.total()
    reader.lock()
    assert snapshot(vault_path.parent) == before

    desk = vault_service.unlock(PASSPHRASE)
    desk.record_unlock("passphrase")
    desk.lock("idle")  # written before the key is dropped
    again = vault_service.unlock(PASSPHRASE)
    try:
        assert [(e.action, e.detail) for e in again.audit_entries()[-2:]] == [
            ("vault.unlock", {"with": "passphrase"}), ("vault.lock", {"reason": "idle"})]
        assert [line.details for line in again.audit.lines(AuditQuery(), limit=2)] == [
            "After the idle time set in Preferences", "With the passphrase"]
        assert_no_text(again)
    finally:
        again.lock()


def test_locking_still_locks_when_the_lock_cannot_be_recorded(session: Session) -> None:
    conn = session.vault.conn
    conn.execute("CREATE TRIGGER audit_full BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    session.lock("request")
    assert session.is_locked


def test_changing_and_recovering_the_passphrase_are_audited(vault_service: VaultService) -> None:
    session, recovery = vault_service.create(PASSPHRASE, MARKED_LGA)
    session.alerts.add(marked(), confirm_identifying=True)
    session.lock()
    vault_service.change_passphrase(PASSPHRASE, f"a new passphrase {MARK} here")
    recovered = vault_service.recover(recovery.formatted, PASSPHRASE)
    try:
        actions = [e.action for e in recovered.audit_entries()]
        assert actions[-2:] == ["vault.passphrase-change", "vault.passphrase-recover"]
        assert actions.count("vault.passphrase-change") == 1
        assert [line.what for line in recovered.audit.lines(AuditQuery(), limit=2)] == [
            "New passphrase set with the recovery key", "Passphrase changed"]
        assert_no_text(recovered)
    finally:
        recovered.lock()


def test_each_office_change_is_one_entry_naming_the_office_by_fingerprint(offices: Offices) -> None:
    lga = offices.create("lga", MARKED_LGA)
    council = offices.create("council", OfficeProfile(f"Hall {MARK}", OrgType.COUNCIL, council=WOKINGHAM))
    card = council.offices.card()

    before = len(lga.audit_entries())
    lga.offices.add(lga.offices.read_card(card.to_string()))
    [added] = since(lga, before)
    assert (added.action, added.record_id, added.detail) == (
        "office.add", card.fingerprint.hex(), {"org": "council", "kind": "sg-desktop", "trusted": "no"})
    before = len(lga.audit_entries())
    lga.offices.trust(card.name, digits=card.fingerprint_digits)
    assert [(e.action, e.detail) for e in since(lga, before)] == [("office.trust", {"method": "phone"})]
    before = len(lga.audit_entries())
    lga.offices.set_council(card.name, "Reading")
    assert [(e.action, e.detail["council"]) for e in since(lga, before)] == [("office.council", READING)]
    new_card = OfficeCard.issue(OfficeKeys(bytes(range(32)), str(pyrage.x25519.Identity.generate())), card.name,
                                card.org_type)
    before = len(lga.audit_entries())
    lga.offices.replace_key(card.name, new_card)
    [replaced] = since(lga, before)
    assert (replaced.action, replaced.record_id, replaced.detail["old"]) == (
        "office.replace-key", new_card.fingerprint.hex(), card.fingerprint.hex())

    # The office filter follows the office through its key replacement, back to when it was added.
    about = lga.audit.lines(AuditQuery(office=card.name.upper()))
    assert [line.what for line in about] == ["Office's keys replaced", "Office's council recorded",
                                            "Office trusted", "Office added"]
    assert {line.office for line in about} == {card.name}
    assert about[1].details == "Council: Reading"

    before = len(lga.audit_entries())
    lga.offices.remove(card.name)
    [removed] = since(lga, before)
    assert (removed.action, removed.record_id) == ("office.remove", new_card.fingerprint.hex())
    assert lga.audit.lines(AuditQuery(), limit=1)[0].office.startswith("An office not known here (")
    assert_no_text_but_office_names(lga)


def test_the_view_filters_by_day_kind_office_and_reference_a_page_at_a_time(
    session: Session, clock: FixedClock
) -> None:
    start = clock.moment
    made = []
    for day in range(5):
        clock.moment = start + timedelta(days=day)
        made.append(session.alerts.add(marked(f"Day {day}"), confirm_identifying=True))
        session.alerts.save(replace(made[-1], title=f"Edited {MARK}"), confirm_identifying=True)
    view = session.audit
    assert view.count(AuditQuery()) == 11  # the vault's creation, then an add and an edit a day
    assert [line.what for line in view.lines(AuditQuery(kind="edited"))] == ["Alert edited"] * 5
    assert view.count(AuditQuery(kind="Alerts added")) == 5
    assert view.lines(AuditQuery(kind="no such kind")) == []

    middle = (start + timedelta(days=1)).astimezone().date(), (start + timedelta(days=3)).astimezone().date()
    in_range = view.lines(AuditQuery(since=middle[0], until=middle[1]))
    assert [line.reference for line in in_range] == [a.reference for a in reversed(made[1:4]) for _ in (0, 1)]

    reference = made[2].reference
    assert {line.reference for line in view.lines(AuditQuery(reference=reference.lower()))} == {reference}
    assert view.count(AuditQuery(reference=reference[:-1])) == 10  # "-000" holds all five
    assert view.count(AuditQuery(office="An office nobody added")) == 0

    pages, before = [], None
    while page := view.lines(AuditQuery(), before, 4):
        pages.append([line.seq for line in page])
        before = page[-1].seq
    assert pages == [[11, 10, 9, 8], [7, 6, 5, 4], [3, 2, 1]]
    assert [line.what for line in view.history(made[0].id)] == ["Alert edited", "Alert added"]


def test_the_check_names_the_first_entry_changed_outside_sg_desktop(session: Session) -> None:
    for title in ("One", "Two", "Three"):
        session.alerts.add(marked(title), confirm_identifying=True)
    assert session.audit.check().message == ("The audit trail is intact: 4 entries, each linked to the one "
                                            "before.")
    conn = session.vault.conn
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET detail = '{\"reference\":\"forged\"}' WHERE seq = 3")
    checked = session.audit.check()
    assert not checked.intact and checked.broken_seq == 3 and checked.entries == 2
    assert checked.message.startswith("The audit trail is broken at entry 3 (Alert added, recorded ")
    assert checked.message.endswith("entries 1 to 2 are intact.")
    conn.execute("UPDATE audit SET detail = 'not json', at = 'whenever' WHERE seq = 4")
    assert [line.seq for line in session.audit.lines(AuditQuery())] == [4, 3, 2, 1]  # still listed
    assert session.audit.lines(AuditQuery())[0].at == datetime(1970, 1, 1, tzinfo=UTC)
