"""Retention review: when an alert was closed, when it falls due, and keeping, holding and releasing it.

Every user error is checked for its message and that the vault's files did not change.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto import KeyFile, SlotKind, passphrase_secret, unwrap_key
from sg_desktop.domain.enums import AlertKind, AlertStatus, MilestoneKind
from sg_desktop.domain.errors import IdentifyingDataWarning, NotFound, SgError, ValidationError
from sg_desktop.domain.model import Alert, Milestone
from sg_desktop.domain.retention import DEFAULT_RETENTION_MONTHS, DecisionKind, add_months
from sg_desktop.store import migrations
from sg_desktop.store.database import close_database, open_database
from sg_desktop.store.vault import read_key_file
from tests.conftest import PASSPHRASE, cheap_kdf
from tests.unit.test_migrations import FIXTURE
from tests.unit.test_migrations import PASSPHRASE as FIXTURE_PASSPHRASE

CLOSED_ON = date(2026, 11, 24)  # the test clock's day


def alert(title: str = "Review into agency practice", **changes: object) -> Alert:
    base = Alert(council="E06000041", kind=AlertKind.CSPR, title=title,
                 milestones=(Milestone(MilestoneKind.PUBLICATION, date(2026, 10, 3)),))
    return replace(base, **changes)  # type: ignore[arg-type]


def closed(session: Session, title: str = "Review into agency practice") -> str:
    """Add an alert and close it today; its reference."""
    added = session.alerts.add(alert(title))
    session.alerts.save(replace(added, status=AlertStatus.CLOSED))
    return added.reference


def due_references(session: Session, as_of: date) -> list[str]:
    return [line.reference for line in session.retention.review(as_of).due]


def test_the_day_an_alert_is_closed_is_kept_and_forgotten_when_it_is_reopened(session: Session,
                                                                               clock: FixedClock) -> None:
    added = session.alerts.add(alert())
    assert session.retention.find(added.reference).alert.closed_on is None
    clock.moment += timedelta(days=3)
    session.alerts.save(replace(session.alerts.get(added.reference), status=AlertStatus.CLOSED))
    assert session.retention.find(added.reference).alert.closed_on == CLOSED_ON + timedelta(days=3)
    # A later edit of the closed alert does not move the day it was closed.
    clock.moment += timedelta(days=10)
    session.alerts.save(replace(session.alerts.get(added.reference), summary="Publication confirmed"))
    assert session.retention.find(added.reference).alert.closed_on == CLOSED_ON + timedelta(days=3)
    session.alerts.save(replace(session.alerts.get(added.reference), status=AlertStatus.ACTIVE))
    assert session.retention.find(added.reference).alert.closed_on is None


def test_a_closed_alert_is_due_when_the_period_after_closing_has_passed(session: Session) -> None:
    reference = closed(session)
    live = session.alerts.add(alert("Trial listed")).reference
    assert session.retention.months == DEFAULT_RETENTION_MONTHS == 24
    due_day = date(2028, 11, 24)
    assert due_references(session, due_day - timedelta(days=1)) == []
    review = session.retention.review(due_day)
    assert [line.reference for line in review.due] == [reference]
    line = review.due[0]
    assert (line.due_on, line.alert.closed_on, line.council_name, line.alert.kind) == (
        due_day, CLOSED_ON, "Wokingham", AlertKind.CSPR)
    assert live not in due_references(session, date(2040, 1, 1))  # never closed, never due


def test_a_shorter_period_brings_alerts_up_sooner_and_is_audited_as_numbers(session: Session) -> None:
    reference = closed(session)
    session.retention.set_months(6)
    assert session.retention.months == 6
    assert due_references(session, date(2027, 5, 24)) == [reference]
    entry = session.audit_entries(1)[0]
    assert (entry.action, entry.detail) == ("retention.period", {"months": 6, "was": 24})


def test_months_run_to_the_end_of_a_shorter_month() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2026, 1, 15), -2) == date(2025, 11, 15)


def test_the_period_at_a_months_end_still_lists_every_alert_due(session: Session, clock: FixedClock) -> None:
    clock.moment = clock.moment.replace(month=8, day=31)
    reference = closed(session)
    session.retention.set_months(6)
    assert due_references(session, date(2027, 2, 27)) == []
    assert due_references(session, date(2027, 2, 28)) == [reference]


def test_a_held_alert_is_never_listed_as_due_until_the_hold_is_lifted(session: Session) -> None:
    reference = closed(session)
    other = closed(session, "Trial listed")
    held = session.retention.hold(reference, "The case is under appeal")
    assert held.alert.on_hold and held.due_on is None
    for years in (2, 5, 20, 70):
        day = add_months(CLOSED_ON, 12 * years)
        review = session.retention.review(day)
        assert [line.reference for line in review.due] == [other]
        assert [line.reference for line in review.held] == [reference]
    assert review.held[0].alert.decision is not None
    assert review.held[0].alert.decision.reason == "The case is under appeal"

    session.retention.release(reference)
    assert due_references(session, date(2028, 11, 24)) == [reference, other]
    assert session.retention.review(date(2028, 11, 24)).held == ()


def test_a_legal_hold_may_be_put_on_an_alert_before_it_closes(session: Session) -> None:
    live = session.alerts.add(alert()).reference
    session.retention.hold(live, "Inquiry ordered")
    session.alerts.save(replace(session.alerts.get(live), status=AlertStatus.CLOSED))
    assert due_references(session, date(2040, 1, 1)) == []
    assert [line.reference for line in session.retention.review(date(2040, 1, 1)).held] == [live]


def test_keeping_an_alert_moves_its_due_day_on_by_the_months_given(session: Session, clock: FixedClock) -> None:
    reference = closed(session)
    review_day = date(2029, 1, 10)
    clock.moment = clock.moment.replace(year=2029, month=1, day=10)
    assert due_references(session, review_day) == [reference]
    kept = session.retention.keep(reference, 12, "Serious case review of a sibling is still open")
    assert kept.due_on == date(2030, 1, 10)
    assert kept.alert.decision is not None and kept.alert.decision.kind is DecisionKind.KEEP
    assert due_references(session, date(2030, 1, 9)) == []
    assert due_references(session, date(2030, 1, 10)) == [reference]


def test_audit_entries_of_decisions_name_the_alert_and_never_hold_the_reason(session: Session) -> None:
    reference = closed(session)
    session.retention.keep(reference, 6, "Kept: qxkeepreasonmark")
    session.retention.hold(reference, "Held: qxholdreasonmark")
    session.retention.release(reference)
    entries = session.audit_entries(3)
    assert [e.action for e in entries] == ["retention.keep", "retention.hold", "retention.release"]
    assert all(e.detail["reference"] == reference for e in entries)
    assert entries[0].detail["months"] == 6
    text = json.dumps([e.detail for e in session.audit_entries()])
    assert "qxkeepreasonmark" not in text and "qxholdreasonmark" not in text


def test_a_reason_that_may_identify_a_child_is_warned_about_and_saved_only_when_confirmed(session: Session) -> None:
    reference = closed(session)
    with pytest.raises(IdentifyingDataWarning, match="postcode in the Reason"):
        session.retention.hold(reference, "Family moved to RG40 1WR")
    assert not session.retention.find(reference).alert.on_hold
    session.retention.hold(reference, "Family moved to RG40 1WR", confirm_identifying=True)
    assert session.retention.find(reference).alert.on_hold


# -- user errors: a message, and not a byte changed ----------------------------------------------------------------

def _snapshot(path: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.parent.iterdir()) if p.is_file()}


@pytest.fixture
def prepared(new_session: Callable[..., Session], vault_service: VaultService, clock: FixedClock) -> dict[str, str]:
    """A vault with a closed alert, a live one and a held one, locked; their references."""
    session = new_session()
    refs = {"closed": closed(session), "live": session.alerts.add(alert("Trial listed")).reference,
            "held": closed(session, "Inquest opened")}
    session.retention.hold(refs["held"], "Under appeal")
    session.lock()
    return refs


@pytest.mark.parametrize(("attempt", "error", "message"), [
    (lambda s, r: s.retention.delete(["LGA-2026-9999"]), NotFound, "There is no alert 'LGA-2026-9999'"),
    (lambda s, r: s.retention.delete([r["closed"], "nope"]), NotFound, "There is no alert 'nope'"),
    (lambda s, r: s.retention.delete([r["live"]]), ValidationError, "is not closed; only closed alerts"),
    (lambda s, r: s.retention.delete([r["held"]]), ValidationError, "is on legal hold; lift the hold before"),
    (lambda s, r: s.retention.delete([]), ValidationError, "Name at least one alert"),
    (lambda s, r: s.retention.keep(r["live"], 12, "Appeal"), ValidationError, "is not closed"),
    (lambda s, r: s.retention.keep(r["closed"], 0, "Appeal"), ValidationError, "must be 1 to 120 months, not 0"),
    (lambda s, r: s.retention.keep(r["closed"], 121, "Appeal"), ValidationError, "1 to 120 months, not 121"),
    (lambda s, r: s.retention.keep(r["closed"], 12, "   "), ValidationError, "Give a reason"),
    (lambda s, r: s.retention.keep(r["held"], 12, "Appeal"), ValidationError, "is on legal hold"),
    (lambda s, r: s.retention.hold(r["closed"], ""), ValidationError, "Give a reason"),
    (lambda s, r: s.retention.hold(r["closed"], "a\x1b[2Jb"), ValidationError, "without line breaks or control"),
    (lambda s, r: s.retention.hold(r["closed"], "two\nlines"), ValidationError, "without line breaks"),
    (lambda s, r: s.retention.hold(r["closed"], "x" * 501), ValidationError, "keep it to 500"),
    (lambda s, r: s.retention.hold("LGA-2026-9999", "Appeal"), NotFound, "There is no alert"),
    (lambda s, r: s.retention.release(r["closed"]), ValidationError, "is not on legal hold"),
    (lambda s, r: s.retention.set_months(0), ValidationError, "retention period must be 1 to 120 months"),
], ids=["unknown", "one-unknown-of-two", "not-closed", "held", "none", "keep-not-closed", "keep-0", "keep-121",
        "keep-empty-reason", "keep-held", "hold-empty-reason", "hold-control", "hold-lines", "hold-long",
        "hold-unknown", "release-not-held", "period-0"])
def test_user_errors_say_what_is_wrong_and_change_nothing(
    prepared: dict[str, str], vault_service: VaultService, vault_path: Path,
    attempt: Callable[[Session, dict[str, str]], object], error: type[SgError], message: str,
) -> None:
    before = _snapshot(vault_path)
    session = vault_service.unlock(PASSPHRASE)
    try:
        with pytest.raises(error) as caught:
            attempt(session, prepared)
    finally:
        session.lock()
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert _snapshot(vault_path) == before


def test_alerts_closed_before_schema_12_are_taken_as_closed_on_their_last_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("v1.sgvault", "v1.sgvault.keys"):
        shutil.copy(FIXTURE / name, tmp_path / name)
    path = tmp_path / "v1.sgvault"
    key_file = KeyFile.from_bytes(read_key_file(path))
    slot = key_file.slot(SlotKind.PASSPHRASE)
    assert slot is not None
    conn = open_database(path, unwrap_key(slot, passphrase_secret(FIXTURE_PASSPHRASE), key_file.vault_id))
    with monkeypatch.context() as patched:
        patched.setattr(migrations, "LATEST_VERSION", 11)
        assert migrations.migrate(conn) == 11
    # As schema 11 left it: an alert closed on 2 October 2026 (its last change), and the live one untouched.
    conn.execute("UPDATE alerts SET status = 'closed', updated_at = '2026-10-02T15:30:00.000000+00:00' "
                 "WHERE reference = 'LGA-2026-0002'")
    close_database(conn)

    clock = FixedClock(datetime(2026, 11, 26, 9, tzinfo=UTC))
    session = VaultService(path, clock=clock, councils=english_councils(), new_slot_kdf=cheap_kdf).unlock(
        FIXTURE_PASSPHRASE)
    try:
        assert session.retention.find("LGA-2026-0002").alert.closed_on == date(2026, 10, 2)
        assert session.retention.find("LGA-2026-0001").alert.closed_on is None
        assert [line.reference for line in session.retention.review(date(2028, 10, 2)).due] == ["LGA-2026-0002"]
    finally:
        session.lock()


def test_an_alert_on_legal_hold_is_not_deleted_by_the_ordinary_delete_either(session: Session) -> None:
    reference = closed(session)
    session.retention.hold(reference, "Proceedings under way")
    with pytest.raises(ValidationError) as refused:
        session.alerts.delete(reference)
    assert str(refused.value) == (f"{reference} is on legal hold, so it is not deleted. Release the hold first "
                                  f"(View ▸ Due for review…, or `sg-desktop retention release {reference}`).")
    assert session.alerts.get(reference).title == "Review into agency practice"
    session.retention.release(reference)
    session.alerts.delete(reference)
    with pytest.raises(NotFound):
        session.alerts.get(reference)
