"""Lessons from anyone: validly signed files whose lessons are mutated, so each change gets past the signature and
reaches the lesson reader; and JSON given to `lessons add --from-json`, read and saved into a real vault or refused
calmly with the vault unchanged."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.lesson_json import lesson_from_json
from sg_desktop.app.reference import english_councils
from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
    OrgType,
)
from sg_desktop.domain.errors import SgError
from sg_desktop.domain.model import Alert, SupportOffer
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.exchange import verify_decrypted
from sg_desktop.exchange.envelope import seal
from tests.conftest import PASSPHRASE, cheap_kdf
from tests.fuzz import RUNS, dump, fuzz, mutated, refused_calmly
from tests.unit.test_lesson_fixtures_v3 import HERE, TO_OFFICES, VERIFY_AT, keys, trusted

BODY: dict[str, Any] = json.loads((HERE / TO_OFFICES["body"]).read_bytes())
LESSON = {"coverage": "regional", "offers": [{"offer": 1, "accepted": True, "usefulness": 5, "comment": "Good"}],
          "helped": "The peer mentor.", "did_not_help": "", "do_differently": "Earlier.", "may_share": True,
          "sharing": ["adcs", "lga"]}


@fuzz()
@given(mutated(BODY["lessons"]))
@example([{**BODY["lessons"][0], "offers": [{**BODY["lessons"][0]["offers"][0], "usefulness": True}]}])
@example([{**BODY["lessons"][0], "revision": 2**53}])
def test_signed_files_with_mutated_lessons(lessons: object) -> None:
    RUNS["lessons in a signed body mutated"] += 1
    envelope = seal(dump({**BODY, "lessons": lessons}).encode("utf-8"), keys("council"))
    try:
        opened = verify_decrypted(envelope, keys("lga").fingerprint, trusted, VERIFY_AT)
    except SgError as exc:
        refused_calmly(exc)
        return
    for record in opened.lessons:  # what was read has the version it claims, recomputed
        assert len(record.version) == 32


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    path: Path = tmp_path_factory.mktemp("lesson-json") / "fuzz.sgvault"
    service = VaultService(path, clock=FixedClock(datetime(2026, 11, 24, 10, 0, tzinfo=UTC)),
                           councils=english_councils(), new_slot_kdf=cheap_kdf)
    opened, _ = service.create(PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    opened.alerts.add(Alert("E06000041", AlertKind.TRIAL, "Trial", status=AlertStatus.CLOSED,
                            offers=(SupportOffer(OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEADER,
                                                 OfferStatus.ACCEPTED),)))
    yield opened
    opened.lock()


@fuzz()
@given(mutated(LESSON))
@example({**LESSON, "offers": [{"offer": 10**5000 // 10**4999, "accepted": True}]})
@example({**LESSON, "offers": [{"offer_id": "\x1b[2J", "accepted": True}]})
def test_lesson_json_is_saved_or_refused_calmly(session: Session, data: object) -> None:
    RUNS["lesson JSON mutated"] += 1
    alert = session.alerts.get("LGA-2026-0001")
    before = (session.lessons.of_alert(alert.id), session.vault_audit_count())
    try:
        session.lessons.save(lesson_from_json(data, alert), confirm_identifying=True)
    except SgError as exc:
        refused_calmly(exc)
        assert (session.lessons.of_alert(alert.id), session.vault_audit_count()) == before
