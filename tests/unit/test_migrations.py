"""Old vaults keep opening: the vault made by schema 1 is read by every later version."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto import KeyFile, SlotKind, generate_office_keys, passphrase_secret, unwrap_key
from sg_desktop.domain.enums import AlertKind, DateConfidence, MilestoneKind, OfferStatus, OrgType
from sg_desktop.domain.errors import NotFound, SchemaTooNew
from sg_desktop.domain.model import Alert
from sg_desktop.domain.query import AlertQuery, SortKey
from sg_desktop.exchange import OfficeCard
from sg_desktop.store import migrations
from sg_desktop.store.database import close_database, open_database
from sg_desktop.store.vault import read_key_file
from tests.conftest import cheap_kdf

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "vault-v1"
PASSPHRASE = "schema one test passphrase"


@pytest.fixture
def old_vault(tmp_path: Path) -> VaultService:
    for name in ("v1.sgvault", "v1.sgvault.keys"):
        shutil.copy(FIXTURE / name, tmp_path / name)
    clock = FixedClock(datetime(2026, 11, 26, 9, tzinfo=UTC))
    return VaultService(tmp_path / "v1.sgvault", clock=clock, councils=english_councils(), new_slot_kdf=cheap_kdf)


def test_a_schema_1_vault_opens_with_its_data_and_is_brought_up_to_date(old_vault: VaultService) -> None:
    session = old_vault.unlock(PASSPHRASE)
    try:
        assert migrations.schema_version(session.vault.conn) == migrations.LATEST_VERSION
        trial = session.alerts.get("LGA-2026-0001")
        assert (trial.title, trial.summary, trial.council) == ("Fixture trial", "Fixture summary", "E06000041")
        assert [(m.kind, m.date, m.confidence) for m in trial.milestones] == [
            (MilestoneKind.TRIAL_START, date(2026, 12, 7), DateConfidence.CONFIRMED),
            (MilestoneKind.VERDICT, date(2026, 12, 20), DateConfidence.PROVISIONAL),
        ]
        assert trial.offers[0].status is OfferStatus.OFFERED and trial.offers[0].note == "Call the comms lead"
        review = session.alerts.get("LGA-2026-0002")
        assert review.milestones[0].history[0].describe(MilestoneKind.PUBLICATION).startswith(
            "Publication moved from 3 March 2027 to 17 March 2027"
        )
        with pytest.raises(NotFound):
            session.alerts.get("LGA-2026-0003")
        assert [r.reference for r in session.alerts.rows(AlertQuery(upcoming_days=30))] == ["LGA-2026-0001"]
        assert session.check_integrity() >= 5
    finally:
        session.lock()


def test_a_schema_1_vault_sorts_by_council_name_once_opened(old_vault: VaultService) -> None:
    session = old_vault.unlock(PASSPHRASE)
    try:
        kent, barnsley = "E10000016", "E08000038"
        session.alerts.add_many([make_alert(kent), make_alert(barnsley)])
        rows = session.alerts.rows(AlertQuery(sort=SortKey.COUNCIL))
        # Wokingham (E06000041) and Leeds (E08000035), from schema 1, have the lowest codes, not names.
        assert [r.council for r in rows] == [barnsley, kent, "E08000035", "E06000041"]
        stored = session.vault.conn.execute("SELECT council_name FROM alerts WHERE council_name = ''").fetchall()
        assert stored == []  # the tombstone was named too
    finally:
        session.lock()


def test_a_schema_1_vault_is_searched_by_its_old_text_and_by_one_or_two_letters(old_vault: VaultService) -> None:
    session = old_vault.unlock(PASSPHRASE)  # schema 6 builds the search index again, with short prefixes
    try:
        def found(text: str) -> list[str]:
            return [r.reference for r in session.alerts.rows(AlertQuery(text=text))]

        assert found("Fixture trial") == ["LGA-2026-0001"]
        assert found("comms lead") == ["LGA-2026-0001"]  # an offer's note
        assert found("LGA-2026-0002") == ["LGA-2026-0002"]  # the reference is searched with the title
        assert set(found("f")) == set(found("fi")) == set(found("fixture")) == {"LGA-2026-0001", "LGA-2026-0002"}
        assert found("LGA-2026-0003") == []  # the deleted alert stays out of the index
    finally:
        session.lock()


def make_alert(council: str) -> Alert:
    return Alert(council=council, kind=AlertKind.INQUEST, title="Inquest listed")


def test_its_recovery_key_still_opens_it(old_vault: VaultService) -> None:
    key = (FIXTURE / "recovery-key.txt").read_text().strip()
    old_vault.unlock_with_recovery(key).lock()


def test_a_vault_from_a_newer_version_is_refused_not_guessed_at(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    conn = open_database(path, b"k" * 32, create=True)
    conn.execute(f"PRAGMA user_version = {migrations.LATEST_VERSION + 1}")
    with pytest.raises(SchemaTooNew, match="newer version of SG Desktop"):
        migrations.migrate(conn)
    conn.close()


def test_schema_7_records_the_council_of_each_council_office_known_before_it(
    old_vault: VaultService, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fixture vault brought to schema 6 only, holding two council offices as schema 6 stored them.
    key_file = KeyFile.from_bytes(read_key_file(old_vault.path))
    slot = key_file.slot(SlotKind.PASSPHRASE)
    assert slot is not None
    conn = open_database(old_vault.path, unwrap_key(slot, passphrase_secret(PASSPHRASE), key_file.vault_id))
    monkeypatch.setattr(migrations, "LATEST_VERSION", 6)
    assert migrations.migrate(conn) == 6
    for name in ("Wokingham Borough Council", "County Hall"):
        card = OfficeCard.issue(generate_office_keys(), name, OrgType.COUNCIL)
        conn.execute(
            "INSERT INTO offices (name, org_type, signing_public, age_recipient, fingerprint, added_at, trusted_at, "
            "trust_method) VALUES (?, 'council', ?, ?, ?, '2026-01-05T08:00:00.000000Z', "
            "'2026-01-05T08:00:00.000000Z', 'phone')",
            (name, card.signing_public, card.age_recipient, card.fingerprint),
        )
    close_database(conn)
    monkeypatch.undo()

    session = old_vault.unlock(PASSPHRASE)
    try:
        assert migrations.schema_version(session.vault.conn) == migrations.LATEST_VERSION
        wokingham, hall = session.offices.get("Wokingham Borough Council"), session.offices.get("County Hall")
        assert (wokingham.council, wokingham.is_trusted) == ("E06000041", True)  # from its name
        assert hall.council == ""  # names no council: left for the officer to record
        entries = session.audit_entries()
        assert [(e.action, e.record_id, e.detail) for e in entries if e.action == "office.council"] == [
            ("office.council", wokingham.fingerprint.hex(), {"council": "E06000041", "previous": "", "source": "name"})
        ]
    finally:
        session.lock()
    again = old_vault.unlock(PASSPHRASE)  # recorded once: opening again records nothing more
    try:
        assert again.audit_entries() == entries
    finally:
        again.lock()


def test_schema_8_keeps_old_moves_without_a_reason_and_stores_new_ones_with_theirs(old_vault: VaultService) -> None:
    session = old_vault.unlock(PASSPHRASE)  # schema 8 adds the reason for a move and where alerts came from
    try:
        review = session.alerts.get("LGA-2026-0002")
        [old_move] = review.milestones[0].history
        assert old_move.reason == ""
        first = review.milestones[0]
        later = first.moved(first.date.replace(day=31), first.confidence, datetime(2026, 11, 26, 9, tzinfo=UTC),
                            "Adjourned: a witness is unavailable")
        session.alerts.save(replace(review, milestones=(later, *review.milestones[1:])))
        again = session.alerts.get("LGA-2026-0002").milestones[0].history
        assert [h.reason for h in again] == ["", "Adjourned: a witness is unavailable"]
        assert session.imports.receipt(review.id) is None  # made before anything was imported
    finally:
        session.lock()
