"""Importing into a real vault: a file that is damaged, or validly signed with a mutated body, is opened
and previewed (everything short of applying) and refused calmly, with the vault's alerts and audit
entries as they were."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.export import AlertChoice
from sg_desktop.app.reference import english_councils
from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import AlertKind, MilestoneKind, OrgType
from sg_desktop.domain.errors import SgError
from sg_desktop.domain.model import Alert, Milestone
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.exchange.agefile import decrypt_with_identity, encrypt_to_recipients
from sg_desktop.exchange.envelope import seal
from tests.conftest import PASSPHRASE, cheap_kdf
from tests.fuzz import EXAMPLES, RUNS, Raw, dump, fuzz, mutated, refused_calmly

COUNCIL = OfficeProfile("Wokingham Borough Council", OrgType.COUNCIL, council="E06000041")
LGA = OfficeProfile("Local Government Association", OrgType.LGA)


@dataclass
class Pair:
    """A council and the LGA that trust each other, and a real file from the council to the LGA."""

    council: Session
    lga: Session
    file: bytes
    body: object


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    root = tmp_path_factory.mktemp("import")
    clock = FixedClock(datetime(2026, 11, 24, 10, 0, tzinfo=UTC))

    def create(name: str, profile: OfficeProfile) -> Session:
        service = VaultService(root / name / f"{name}.sgvault", clock=clock, councils=english_councils(),
                               new_slot_kdf=cheap_kdf)
        return service.create(PASSPHRASE, profile)[0]

    council, lga = create("council", COUNCIL), create("lga", LGA)
    council.offices.add(council.offices.read_card(lga.offices.card().to_string()))
    council.offices.trust(LGA.name, digits=lga.offices.card().fingerprint_digits)
    lga.offices.add(lga.offices.read_card(council.offices.card().to_bytes()))
    lga.offices.trust(COUNCIL.name, digits=council.offices.card().fingerprint_digits)
    council.alerts.add_many([
        Alert(council="E06000041", kind=AlertKind.CSPR, title=f"Review {n}", sharing=frozenset(OrgType),
              milestones=(Milestone(MilestoneKind.PUBLICATION, date(2027, 3, n)),))
        for n in (1, 2)
    ])
    out = root / "to-lga.sgp"
    council.exports.export([LGA.name], AlertChoice(), out)
    data = out.read_bytes()
    envelope = json.loads(decrypt_with_identity(data, lga.offices.keys().age_identity))

    body = json.loads(base64.b64decode(envelope["body"]))
    clock.moment += timedelta(minutes=5)
    yield Pair(council, lga, data, body)
    council.lock()
    lga.lock()


def state(session: Session) -> tuple[int, int]:
    return sum(1 for _ in session.alerts.all(include_deleted=True)), session.vault_audit_count()


def previewed(pair: Pair, data: bytes) -> None:
    """Open and preview `data` as the LGA: a refusal is calm, and nothing in its vault changes."""
    before = state(pair.lga)
    try:
        pair.lga.imports.preview(pair.lga.imports.open(data))
    except SgError as exc:
        refused_calmly(exc)
    assert state(pair.lga) == before


def sealed_for_lga(pair: Pair, body: object) -> bytes:
    """A protocol file holding `body`'s JSON, signed with the council's real key and encrypted to the LGA."""
    keys = pair.council.offices.keys()
    envelope = seal(dump(body).encode("utf-8"), keys)
    return encrypt_to_recipients(envelope, [pair.lga.offices.keys().age_recipient])


def test_the_real_file_previews_two_new_alerts(pair: Pair) -> None:
    assert len(pair.lga.imports.preview(pair.lga.imports.open(pair.file)).items) == 2


@fuzz(EXAMPLES // 2)
@given(st.data())
def test_damaged_files(pair: Pair, data: st.DataObject) -> None:
    RUNS["import damaged file"] += 1
    real = pair.file
    previewed(pair, real[: data.draw(st.integers(0, len(real) - 1))])
    changed = bytearray(real)
    for bit in data.draw(st.lists(st.integers(0, len(real) * 8 - 1), min_size=1, max_size=4)):
        changed[bit // 8] ^= 1 << (bit % 8)
    previewed(pair, bytes(changed))
    previewed(pair, data.draw(st.binary(max_size=1024)))


@fuzz(EXAMPLES // 2)
@given(st.data())
@example(data=None)
def test_signed_files_with_a_mutated_body(pair: Pair, data: st.DataObject | None) -> None:
    RUNS["import signed body mutated"] += 1
    body = data.draw(mutated(pair.body)) if data is not None else {
        **pair.body, "records": Raw("[" * 100_000 + "]" * 100_000)}  # type: ignore[dict-item]
    previewed(pair, sealed_for_lga(pair, body))
