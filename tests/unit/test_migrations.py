"""Old vaults keep opening: the vault made by schema 1 is read by every later version."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import AlertKind, DateConfidence, MilestoneKind, OfferStatus
from sg_desktop.domain.errors import NotFound, SchemaTooNew
from sg_desktop.domain.model import Alert
from sg_desktop.domain.query import AlertQuery, SortKey
from sg_desktop.store import migrations
from sg_desktop.store.database import open_database
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
