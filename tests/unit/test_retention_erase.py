"""Deleting an alert for good: afterwards no text of it is anywhere in the vault file, decrypted page by page or
exported whole, nor in its write-ahead log; and its tombstone takes the deletion to the offices it was sent to.

Each marker is one word no other text holds. The search index stores words lower-cased and shares the start of
a word with the one before it, so the bytes searched for are each marker's lower-cased ending (`_traces`).
Every check is first shown to find the markers before the deletion, so none of them can pass by looking wrong.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.export import AlertChoice
from sg_desktop.app.session import Session
from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    DateConfidence,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OrgType,
)
from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.domain.query import AlertQuery
from tests.conftest import PASSPHRASE
from tests.unit.test_exchange_service import COUNCIL, LGA, Offices, introduce, offices, receive, send
from tests.unit.vault_bytes import data_key, decrypted_pages, plaintext_export

__all__ = ["offices"]  # the fixture, shared with the exchange tests

MARKERS = {
    "title": "Qvtitlewordzebra",
    "old title": "Qvformertitlewalrus",
    "summary": "Qvsummarywordheron",
    "owner": "Qvownerwordotter",
    "milestone note": "Qvmilestonenotebadger",
    "move reason": "Qvmovereasonmarten",
    "offer note": "Qvoffernoteferret",
    "keep reason": "Qvkeepreasonstoat",
}


def _traces(data: bytes) -> set[str]:
    """The fields whose marker is somewhere in `data`."""
    lowered = data.lower()
    return {field for field, marker in MARKERS.items() if marker[4:].lower().encode() in lowered}


def _marked_alert(session: Session, clock: FixedClock, council: str = "E06000041") -> Alert:
    """An alert with a marker in every field that holds text, its title once edited away, a move with a reason,
    kept once by retention review, then closed long enough ago to be due."""
    m = MARKERS
    added = session.alerts.add(Alert(
        council=council, kind=AlertKind.TRIAL, title=f"Trial {m['old title']}", summary=f"Listed {m['summary']}",
        owner=m["owner"], sharing=frozenset({OrgType.LGA, OrgType.ADCS}),
        milestones=(Milestone(MilestoneKind.TRIAL_START, date(2026, 6, 1), note=f"Court {m['milestone note']}"),),
        offers=(SupportOffer(OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEAD_MEMBER,
                             note=f"Offered {m['offer note']}"),),
    ))
    moved = added.milestones[0].moved(date(2026, 6, 8), DateConfidence.CONFIRMED, clock.now(),
                                      f"Adjourned {m['move reason']}")
    session.alerts.save(replace(added, title=f"Trial {m['title']}", milestones=(moved,), status=AlertStatus.CLOSED))
    session.retention.keep(added.reference, 1, f"Appeal {m['keep reason']}")
    return session.alerts.get(added.reference)


def test_after_deleting_no_text_of_the_alert_is_anywhere_in_the_vault_file(
    new_session: object, vault_service: object, vault_path: Path, clock: FixedClock, tmp_path: Path
) -> None:
    session = new_session()  # type: ignore[operator]
    other = session.alerts.add(Alert(council="E06000041", kind=AlertKind.CSPR, title="Review into agency practice",
                                     summary="Publication expected in the spring"))
    gone = _marked_alert(session, clock)
    assert session.alerts.find(AlertQuery(text=MARKERS["summary"]))  # searchable before
    # The planner's statistics, as `PRAGMA optimize` gathers them on closing a grown vault: they sample the log's
    # indexes, titles and all, into sqlite_stat4.
    session.vault.conn.execute("ANALYZE")
    assert session.vault.conn.execute("SELECT count(*) FROM sqlite_stat4 WHERE tbl = 'alerts'").fetchone()[0]
    session.lock()

    key = data_key(vault_path, PASSPHRASE)
    assert _traces(decrypted_pages(vault_path, key)) == set(MARKERS), "the check must see the text while it is there"

    clock.moment += timedelta(days=3 * 365)
    session = vault_service.unlock(PASSPHRASE)  # type: ignore[attr-defined]
    assert int(session.vault.conn.execute("PRAGMA secure_delete").fetchone()[0]) == 1
    assert [line.reference for line in session.retention.review().due] == [gone.reference]
    deleted = session.retention.delete([gone.reference.lower()])
    assert deleted.references == (gone.reference,) and deleted.log_emptied

    # While the vault is still open: the write-ahead log is empty and the file itself holds none of the text.
    wal = Path(f"{vault_path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert _traces(decrypted_pages(vault_path, key)) == set()
    # What remains is the tombstone: which alert it was, and nothing it said.
    tomb = session.alerts.get_by_id(gone.id)
    assert tomb is not None and tomb.deleted
    assert (tomb.reference, tomb.title, tomb.summary, tomb.owner, tomb.milestones, tomb.offers) == (
        gone.reference, "", "", "", (), ())
    assert session.alerts.find(AlertQuery(text=MARKERS["summary"])) == []
    assert [a.reference for a in session.alerts.find(AlertQuery(text="agency"))] == [other.reference]
    assert session.vault.conn.execute("SELECT count(*) FROM retention_decisions").fetchone()[0] == 0
    entry = session.audit_entries(1)[0]
    assert (entry.action, entry.record_id, entry.detail) == (
        "retention.delete", gone.id, {"reference": gone.reference, "closed_on": "2026-11-24"})
    session.check_integrity()
    session.lock()

    assert _traces(decrypted_pages(vault_path, key)) == set()
    assert _traces(plaintext_export(vault_path, key, tmp_path / "plain.db")) == set()


def test_the_tombstone_reaches_the_office_it_was_sent_to_and_the_alert_is_gone_there_too(
    offices: Offices, tmp_path: Path, clock: FixedClock
) -> None:
    introduce(offices.create("council", COUNCIL), offices.create("lga", LGA))
    council, lga = offices["council"], offices["lga"]
    gone = _marked_alert(council, clock)
    kept = council.alerts.add(Alert(council="E06000041", kind=AlertKind.CSPR, title="Review into agency practice"))
    receive(lga, send(council, LGA.name, tmp_path / "1.sgp"))
    assert lga.alerts.find(AlertQuery(text=MARKERS["summary"]))
    lga.lock()
    lga_path = offices.root / "lga" / "lga.sgvault"
    lga_key = data_key(lga_path, PASSPHRASE)
    assert _traces(decrypted_pages(lga_path, lga_key)) >= {"title", "summary", "milestone note", "offer note"}

    clock.moment += timedelta(days=3 * 365)
    council.retention.delete([gone.reference])
    preview = council.exports.preview([LGA.name], AlertChoice(since_last=True))
    assert preview.references == (gone.reference,) and preview.tombstones == 1  # only what changed: the deletion
    lga = offices["lga"]
    receive(lga, send(council, LGA.name, tmp_path / "2.sgp", AlertChoice(since_last=True)))

    arrived = lga.alerts.get_by_id(gone.id)
    assert arrived is not None and arrived.deleted and arrived.title == "" and arrived.milestones == ()
    assert [a.reference for a in lga.alerts.find(AlertQuery())] == [kept.reference]
    assert lga.alerts.find(AlertQuery(text=MARKERS["summary"])) == []
    lga.lock()
    assert _traces(decrypted_pages(lga_path, lga_key)) == set()
