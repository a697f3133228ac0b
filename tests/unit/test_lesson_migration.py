"""The schema that adds lessons learned: a vault written before it (the schema-1 fixture, brought up to the schema
just before) opens, keeps its alerts, gains an empty lessons table and records a lesson."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto import KeyFile, SlotKind, passphrase_secret, unwrap_key
from sg_desktop.domain.enums import AlertStatus, Coverage
from sg_desktop.store import migrations
from sg_desktop.store.database import close_database, open_database
from sg_desktop.store.vault import read_key_file
from tests.conftest import cheap_kdf

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "vault-v1"
PASSPHRASE = "schema one test passphrase"
LESSONS_SCHEMA = next(i for i, sql in enumerate(migrations.MIGRATIONS, 1) if "CREATE TABLE lessons" in sql)


def test_a_vault_from_before_lessons_gains_them_and_keeps_its_alerts(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("v1.sgvault", "v1.sgvault.keys"):
        shutil.copy(FIXTURE / name, tmp_path / name)
    service = VaultService(tmp_path / "v1.sgvault", clock=FixedClock(datetime(2026, 11, 26, 9, tzinfo=UTC)),
                           councils=english_councils(), new_slot_kdf=cheap_kdf)
    key_file = KeyFile.from_bytes(read_key_file(service.path))
    slot = key_file.slot(SlotKind.PASSPHRASE)
    assert slot is not None
    conn = open_database(service.path, unwrap_key(slot, passphrase_secret(PASSPHRASE), key_file.vault_id))
    monkeypatch.setattr(migrations, "LATEST_VERSION", LESSONS_SCHEMA - 1)
    assert migrations.migrate(conn) == LESSONS_SCHEMA - 1
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'lessons'").fetchone()[0] == 0
    close_database(conn)
    monkeypatch.undo()

    session = service.unlock(PASSPHRASE)
    try:
        assert migrations.schema_version(session.vault.conn) == migrations.LATEST_VERSION >= LESSONS_SCHEMA
        assert session.lessons.total() == 0
        trial = session.alerts.save(replace(session.alerts.get("LGA-2026-0001"), status=AlertStatus.CLOSED))
        saved = session.lessons.save(replace(session.lessons.draft(trial), coverage=Coverage.LOCAL))
        assert saved.result == "recorded" and session.lessons.of_alert(trial.id) == [saved.lesson]
        assert session.check_integrity() >= 5
    finally:
        session.lock()
