"""Protocol files between real vaults: offices, export, verify, import with its preview and conflicts.

Each office is its own vault in its own folder. Every rejection is checked the way an officer would
notice it: one clear message, and the receiving vault's files byte for byte as they were.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyrage
import pytest

from sg_desktop.app.clock import FixedClock
from sg_desktop.app.export import AlertChoice, PassphraseTarget
from sg_desktop.app.importing import ImportPreview
from sg_desktop.app.reference import english_councils
from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto.identity import OfficeKeys
from sg_desktop.domain.enums import AlertKind, AlertStatus, MilestoneKind, OrgType
from sg_desktop.domain.errors import (
    BadSignature,
    ExchangeError,
    MalformedFile,
    NotForThisOffice,
    NotFound,
    Replayed,
    UnknownSender,
    ValidationError,
)
from sg_desktop.domain.model import Alert, Milestone
from sg_desktop.domain.office import OfficeProfile
from sg_desktop.domain.query import AlertQuery
from sg_desktop.exchange import (
    MAX_FILE_BYTES,
    MergeKind,
    OfficeCard,
    Record,
    Resolution,
    age_only_fingerprint,
    build,
    record_version,
    verify_decrypted,
)
from sg_desktop.exchange.agefile import decrypt_with_identity, encrypt_to_recipients
from sg_desktop.exchange.canonical import canonical_json
from sg_desktop.store.offices import OfficeRepository, TrustMethod
from tests.conftest import PASSPHRASE, cheap_kdf
from tests.unit.test_exchange_fixtures import DATA, TO_OFFICES, VERIFY_AT, card, keys

COUNCIL = OfficeProfile("Wokingham Borough Council", OrgType.COUNCIL, council="E06000041")
LGA = OfficeProfile("Local Government Association", OrgType.LGA)
ADCS = OfficeProfile("Association of Directors of Children's Services", OrgType.ADCS)
EVERYONE = frozenset(OrgType)
FILE_PASSPHRASE = "read out by phone, never emailed"


class Offices:
    """Vaults for several offices, each in its own folder, sharing one clock."""

    def __init__(self, root: Path, clock: FixedClock) -> None:
        self.root = root
        self.clock = clock
        self.sessions: dict[str, Session] = {}

    def service(self, name: str) -> VaultService:
        return VaultService(self.root / name / f"{name}.sgvault", clock=self.clock, councils=english_councils(),
                            new_slot_kdf=cheap_kdf)

    def create(self, name: str, profile: OfficeProfile) -> Session:
        self.sessions[name], _ = self.service(name).create(PASSPHRASE, profile)
        return self.sessions[name]

    def __getitem__(self, name: str) -> Session:
        if self.sessions[name].is_locked:
            self.sessions[name] = self.service(name).unlock(PASSPHRASE)
        return self.sessions[name]

    def snapshot(self, name: str) -> dict[str, str]:
        folder = self.root / name
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}

    def refused(self, name: str, attempt: Callable[[Session], object]) -> ExchangeError:
        """Run `attempt` on a freshly opened vault; it must fail with an ExchangeError and change no byte."""
        self.sessions[name].lock()
        before = self.snapshot(name)
        session = self[name]
        try:
            with pytest.raises(ExchangeError) as caught:
                attempt(session)
        finally:
            session.lock()
        assert self.snapshot(name) == before
        message = str(caught.value)
        assert message and "\n" not in message
        return caught.value

    def close(self) -> None:
        for session in self.sessions.values():
            session.lock()


@pytest.fixture
def offices(tmp_path: Path, clock: FixedClock) -> Iterator[Offices]:
    world = Offices(tmp_path, clock)
    yield world
    world.close()


def introduce(a: Session, b: Session) -> None:
    """Two offices exchange cards and confirm each other's fingerprints."""
    a.offices.add(b.offices.read_card(b.offices.card().to_string()))
    a.offices.trust(b.office.name, digits=b.offices.card().fingerprint_digits)
    b.offices.add(b.offices.read_card(a.offices.card().to_bytes()))
    b.offices.trust(a.office.name, digits=a.offices.card().fingerprint_digits)


@pytest.fixture
def pair(offices: Offices) -> Offices:
    """A council and the LGA that trust each other."""
    introduce(offices.create("council", COUNCIL), offices.create("lga", LGA))
    return offices


def alert(title: str, sharing: frozenset[OrgType] = EVERYONE, **changes: object) -> Alert:
    base = Alert(council="E06000041", kind=AlertKind.CSPR, title=title, sharing=sharing,
                 milestones=(Milestone(MilestoneKind.PUBLICATION, date(2027, 3, 3)),))
    return replace(base, **changes)  # type: ignore[arg-type]


def send(session: Session, to: str | PassphraseTarget, path: Path, choice: AlertChoice | None = None) -> Path:
    session.exports.export([to] if isinstance(to, str) else to, choice or AlertChoice(), path)
    return path


def preview(session: Session, path: Path, passphrase: str | None = None) -> ImportPreview:
    return session.imports.preview(session.imports.open(session.imports.read(path), passphrase))


def receive(session: Session, path: Path, passphrase: str | None = None,
            choices: dict[str, Resolution] | None = None) -> dict[MergeKind, int]:
    return session.imports.apply(preview(session, path, passphrase), choices).counts


def everything(session: Session) -> dict[str, Alert]:
    return {a.id: a for a in session.alerts.all(include_deleted=True)}


# -- the round trip ----------------------------------------------------------------------------------

def test_a_council_and_the_lga_exchange_alerts_both_ways_and_end_with_the_same_data(
    pair: Offices, tmp_path: Path, clock: FixedClock
) -> None:
    council, lga = pair["council"], pair["lga"]
    first, second, gone = council.alerts.add_many([alert("Review into agency practice"), alert("Trial listed"),
                                                   alert("Withdrawn alert")])
    council.alerts.delete(gone.reference)
    assert receive(lga, send(council, LGA.name, tmp_path / "1.sgp"))[MergeKind.NEW] == 3
    assert everything(lga) == everything(council)
    assert lga.alerts.get_by_id(gone.id).deleted  # type: ignore[union-attr]  # the tombstone travelled

    clock.moment += timedelta(hours=1)
    edited = lga.alerts.save(replace(lga.alerts.get(first.reference), status=AlertStatus.PUBLISHED))
    own = lga.alerts.add(alert("LGA's own alert about the same council"))
    back = send(lga, COUNCIL.name, tmp_path / "2.sgp", AlertChoice(since_last=True))
    counts = receive(council, back)
    assert (counts[MergeKind.NEW], counts[MergeKind.UPDATED], counts[MergeKind.CONFLICT]) == (1, 1, 0)
    assert council.alerts.get(first.reference) == edited and council.alerts.get(own.reference) == own
    assert everything(council) == everything(lga)

    # Nothing has changed since, on either side: nothing to send either way.
    for session, to in ((council, LGA.name), (lga, COUNCIL.name)):
        with pytest.raises(ExchangeError, match="Nothing has changed since the last file sent"):
            send(session, to, tmp_path / "nothing.sgp", AlertChoice(since_last=True))
    assert not (tmp_path / "nothing.sgp").exists()
    assert second.reference in {a.reference for a in everything(lga).values()}


def test_incoming_alerts_are_stored_exactly_as_received_even_with_an_unknown_council(
    pair: Offices, tmp_path: Path
) -> None:
    council, lga = pair["council"], pair["lga"]
    # From another implementation: a council code this directory does not know, and no timestamps.
    odd = Record(alert("From elsewhere", council="E99999999", reference="XYZ-2026-0001", revision=4,
                       origin_office="elsewhere"), ("ab" * 16,))
    data = build([odd], council.offices.keys(), COUNCIL.name, OrgType.COUNCIL, [recipient(lga)], 1,
                 pair.clock.now())
    (tmp_path / "odd.sgp").write_bytes(data)
    assert receive(lga, tmp_path / "odd.sgp")[MergeKind.NEW] == 1
    stored = lga.alerts.get("XYZ-2026-0001")
    assert stored == odd.alert and stored.created_at is None
    assert record_version(stored) == odd.version
    # ...and it goes out again with the same version and ancestry, so the next office agrees too.
    back = lga.exports.preview([COUNCIL.name], AlertChoice(("XYZ-2026-0001",)))
    assert [(r.version, r.ancestors) for r in back.records] == [(odd.version, odd.ancestors)]


def recipient(session: Session) -> OfficeCard:
    return session.offices.card()


def test_the_committed_protocol_file_imports_into_the_lga_vault_it_was_made_for(
    offices: Offices, clock: FixedClock
) -> None:
    lga = offices.create("lga", LGA)
    OfficeRepository(lga.vault.conn).replace_identity(keys("lga"))
    lga.offices.add(card("council"), trust=True)
    clock.moment = VERIFY_AT
    incoming = lga.imports.open((DATA / TO_OFFICES["file"]).read_bytes())
    assert {r.name for r in incoming.recipients} == {LGA.name, card("council").name, None}  # + the group office
    lga.imports.apply(lga.imports.preview(incoming))
    for expected in TO_OFFICES["records"]:
        stored = lga.alerts.get_by_id(expected["id"])
        assert stored is not None and record_version(stored) == expected["version"]


# -- offices and trust -------------------------------------------------------------------------------

def test_an_office_is_untrusted_until_its_fingerprint_is_confirmed(offices: Offices, tmp_path: Path) -> None:
    council, lga = offices.create("council", COUNCIL), offices.create("lga", LGA)
    council.alerts.add(alert("Review"))
    added = council.offices.add(lga.offices.card())
    assert not added.is_trusted and added.fingerprint_digits == lga.offices.card().fingerprint_digits
    with pytest.raises(ValidationError, match="not trusted yet"):
        send(council, LGA.name, tmp_path / "x.sgp")
    with pytest.raises(ValidationError, match="do not match"):
        council.offices.trust(LGA.name, digits="00000 " * 8)
    assert not council.offices.get(LGA.name).is_trusted
    trusted = council.offices.trust(LGA.name.upper(), digits=added.fingerprint_digits.replace(" ", ""))
    assert trusted.is_trusted and trusted.trust_method is TrustMethod.PHONE
    assert trusted.trusted_at == offices.clock.now()
    entries = [(e.action, e.record_id, e.detail) for e in council.vault.audit.entries()]
    assert ("office.trust", added.fingerprint.hex(), {"method": "phone"}) in entries
    with pytest.raises(ValidationError, match="already known"):
        council.offices.add(lga.offices.card())
    with pytest.raises(ValidationError, match="own card"):
        council.offices.add(council.offices.card())


def test_replacing_a_pinned_key_is_explicit_untrusted_and_audited(pair: Offices, tmp_path: Path) -> None:
    council, lga = pair["council"], pair["lga"]
    council.alerts.add(alert("Review"))
    old = lga.offices.get(COUNCIL.name)
    signed_with_old_keys = send(council, LGA.name, tmp_path / "old.sgp")
    new_keys = OfficeKeys(bytes(range(32)), str(pyrage.x25519.Identity.generate()))
    new_card = OfficeCard.issue(new_keys, COUNCIL.name, OrgType.COUNCIL)
    with pytest.raises(ValidationError, match="already known"):
        lga.offices.add(new_card)  # same name, other keys: never silently re-pinned
    replaced = lga.offices.replace_key(COUNCIL.name, new_card)
    assert replaced.fingerprint == new_card.fingerprint and not replaced.is_trusted
    last = lga.vault.audit.entries(1)[0]
    assert (last.action, last.record_id, last.detail["old"]) == ("office.replace-key", new_card.fingerprint.hex(),
                                                                 old.fingerprint.hex())
    error = pair.refused("lga", lambda s: s.imports.open(s.imports.read(signed_with_old_keys)))
    assert isinstance(error, UnknownSender)


@pytest.mark.parametrize("other_org", [OrgType.LGA, OrgType.ADCS, OrgType.GROUP_OFFICE, OrgType.OTHER])
def test_a_new_key_never_changes_an_offices_organisation(pair: Offices, other_org: OrgType) -> None:
    lga = pair["lga"]
    before = lga.offices.get(COUNCIL.name)
    audited = len(lga.vault.audit.entries())
    new_keys = OfficeKeys(bytes(range(32)), str(pyrage.x25519.Identity.generate()))
    card = OfficeCard.issue(new_keys, COUNCIL.name, other_org)
    for trust in (False, True):
        with pytest.raises(ValidationError, match="never changes an office's organisation") as caught:
            lga.offices.replace_key(COUNCIL.name, card, trust=trust)
        assert f"as {other_org.label}, but Wokingham Borough Council is known here as Council" in str(caught.value)
    assert lga.offices.get(COUNCIL.name) == before
    assert len(lga.vault.audit.entries()) == audited


def test_an_office_without_sg_desktop_receives_files_it_opens_with_the_age_tool(
    pair: Offices, tmp_path: Path
) -> None:
    council = pair["council"]
    identity = pyrage.x25519.Identity.generate()
    key_file = tmp_path / "group.agekey"
    key_file.write_text(str(identity) + "\n")
    group = council.offices.add_age("Labour Group office", OrgType.GROUP_OFFICE, str(identity.to_public()))
    assert group.is_trusted and not group.can_send and group.trust_method is TrustMethod.AGE_RECIPIENT
    council.alerts.add_many([alert("For the group office too"), alert("Not for them", frozenset({OrgType.LGA}))])
    path = tmp_path / "to-group.sgp"
    result = council.exports.export(["Labour Group office", LGA.name], AlertChoice(), path)
    assert [x.reason for x in result.preview.left_out] == ["its sharing scope leaves out Political group office"]
    age = shutil.which("age")
    assert age is not None, "the `age` command is needed: apt-get install age"
    opened = subprocess.run([age, "-d", "-i", str(key_file), str(path)], capture_output=True, check=True).stdout
    verified = verify_decrypted(opened, age_only_fingerprint(group.age_recipient),
                                {council.offices.card().fingerprint: council.offices.card()}.get,
                                pair.clock.now())
    assert [r.alert.title for r in verified.records] == ["For the group office too"]
    with pytest.raises(ValidationError, match=r"[Aa]ge recipient"):
        council.offices.add_age("Broken", OrgType.OTHER, "age1notarealkey")


# -- export --------------------------------------------------------------------------------------------

def test_export_leaves_out_what_the_sharing_scope_does_not_admit_and_says_why(pair: Offices, tmp_path: Path) -> None:
    council = pair["council"]
    shared, private = council.alerts.add_many([alert("Shared"), alert("ADCS only", frozenset({OrgType.ADCS}))])
    result = council.exports.export([LGA.name], AlertChoice(), tmp_path / "f.sgp")
    assert result.preview.references == (shared.reference,)
    assert [(x.reference, x.reason) for x in result.preview.left_out] == [
        (private.reference, "its sharing scope leaves out LGA")
    ]
    with pytest.raises(ExchangeError, match=f"Nothing can be sent: {private.reference} may not go"):
        council.exports.export([LGA.name], AlertChoice((private.reference,)), tmp_path / "g.sgp")


def test_sequence_numbers_only_go_up_and_a_failed_export_uses_none(pair: Offices, tmp_path: Path) -> None:
    council = pair["council"]
    council.alerts.add(alert("Review"))
    numbers = [council.exports.export([LGA.name], AlertChoice(), tmp_path / f"{i}.sgp").sequence for i in range(3)]
    with pytest.raises(ExchangeError, match="does not exist"):
        council.exports.export([LGA.name], AlertChoice(), tmp_path / "missing" / "x.sgp")
    with pytest.raises(NotFound):
        council.exports.export([LGA.name], AlertChoice(("WBC-2026-0099",)), tmp_path / "y.sgp")
    numbers.append(council.exports.export([LGA.name], AlertChoice(), tmp_path / "4.sgp").sequence)
    assert numbers == [1, 2, 3, 4]
    assert [e.detail["sequence"] for e in council.vault.audit.entries() if e.action == "exchange.export"] == numbers


def test_export_by_filter_and_since_last_send_only_what_was_asked(pair: Offices, tmp_path: Path) -> None:
    council = pair["council"]
    trial, review = council.alerts.add_many([alert("Trial", kind=AlertKind.TRIAL), alert("Review")])
    only_trials = council.exports.preview([LGA.name], AlertChoice(query=AlertQuery(kinds=frozenset({AlertKind.TRIAL}))))
    assert only_trials.references == (trial.reference,)
    send(council, LGA.name, tmp_path / "1.sgp")
    council.alerts.save(replace(council.alerts.get(review.reference), title="Review, now dated"))
    changed = council.exports.preview([LGA.name], AlertChoice(since_last=True))
    assert changed.references == (review.reference,)
    council.alerts.delete(trial.reference)
    assert council.exports.preview([LGA.name], AlertChoice(since_last=True)).tombstones == 1


def test_a_passphrase_file_goes_to_one_office_and_needs_its_passphrase(
    offices: Offices, tmp_path: Path
) -> None:
    council, adcs = offices.create("council", COUNCIL), offices.create("adcs", ADCS)
    adcs.offices.add(council.offices.card(), trust=True)
    council.alerts.add_many([alert("For ADCS"), alert("Not for ADCS", frozenset({OrgType.LGA}))])
    target = PassphraseTarget(FILE_PASSPHRASE, OrgType.ADCS, work_factor=10)
    result = council.exports.export(target, AlertChoice(), tmp_path / "p.sgp")
    assert len(result.preview.records) == 1 and len(result.preview.left_out) == 1
    with pytest.raises(ValidationError, match="at least 10 characters"):
        council.exports.export(PassphraseTarget("short", OrgType.ADCS, 10), AlertChoice(), tmp_path / "q.sgp")
    data = adcs.imports.read(tmp_path / "p.sgp")
    assert adcs.imports.needs_passphrase(data)
    error = offices.refused("adcs", lambda s: s.imports.open(data, "not the passphrase"))
    assert isinstance(error, NotForThisOffice) and "passphrase does not open" in str(error)
    assert receive(offices["adcs"], tmp_path / "p.sgp", FILE_PASSPHRASE)[MergeKind.NEW] == 1


# -- import: what it shows and what it changes ---------------------------------------------------------

def test_verify_says_who_sent_it_when_to_whom_and_what_it_holds(pair: Offices, tmp_path: Path) -> None:
    council, lga = pair["council"], pair["lga"]
    council.alerts.add_many([alert("One"), alert("Two")])
    path = send(council, LGA.name, tmp_path / "f.sgp")
    incoming = lga.imports.open(lga.imports.read(path))
    assert (incoming.sender_name, incoming.sender_org, incoming.sequence) == (COUNCIL.name, OrgType.COUNCIL, 1)
    assert incoming.created_at == pair.clock.now() and incoming.refused is None
    assert {(r.name, r.is_this_office) for r in incoming.recipients} == {(LGA.name, True), (COUNCIL.name, False)}
    assert [r.alert.title for r in incoming.records] == ["One", "Two"]
    assert lga.alerts.total() == 0
    own = council.imports.open(council.imports.read(path))  # the sender can reopen what it sent
    assert own.from_this_office and [r.is_this_office for r in own.recipients] == [True, False]


def test_applying_a_stale_preview_is_refused(pair: Offices, tmp_path: Path, clock: FixedClock) -> None:
    council, lga = pair["council"], pair["lga"]
    original = council.alerts.add(alert("Review"))
    receive(lga, send(council, LGA.name, tmp_path / "1.sgp"))
    clock.moment += timedelta(hours=1)
    council.alerts.save(replace(original, title="Updated by the council"))
    shown = preview(lga, send(council, LGA.name, tmp_path / "2.sgp"))
    assert [p.kind for p in shown.items] == [MergeKind.UPDATED]
    lga.alerts.save(replace(lga.alerts.get(original.reference), title="Edited here meanwhile"))
    with pytest.raises(ExchangeError, match="changed since the preview"):
        lga.imports.apply(shown)
    assert lga.alerts.get(original.reference).title == "Edited here meanwhile"


def test_an_older_revision_never_overwrites_a_newer_one(offices: Offices, tmp_path: Path, clock: FixedClock) -> None:
    council, lga, adcs = offices.create("council", COUNCIL), offices.create("lga", LGA), offices.create("adcs", ADCS)
    introduce(council, lga)
    introduce(council, adcs)
    introduce(adcs, lga)
    original = council.alerts.add(alert("Review"))
    receive(adcs, send(council, ADCS.name, tmp_path / "to-adcs.sgp"))
    receive(lga, send(council, LGA.name, tmp_path / "v1.sgp"))
    clock.moment += timedelta(days=1)
    newer = council.alerts.save(replace(original, title="Review, publication confirmed"))
    receive(lga, send(council, LGA.name, tmp_path / "v2.sgp", AlertChoice(since_last=True)))
    stale = send(adcs, LGA.name, tmp_path / "stale.sgp")  # ADCS still holds the first version
    plan = preview(lga, stale)
    assert [p.kind for p in plan.items] == [MergeKind.OLDER]
    receive(lga, stale)
    assert lga.alerts.get(original.reference) == newer


def test_a_real_conflict_is_reported_and_never_settled_silently(
    pair: Offices, tmp_path: Path, clock: FixedClock
) -> None:
    council, lga = pair["council"], pair["lga"]
    original = council.alerts.add(alert("Review"))
    receive(lga, send(council, LGA.name, tmp_path / "1.sgp"))
    clock.moment += timedelta(hours=1)
    theirs = council.alerts.save(replace(original, title="Council's wording"))
    mine = lga.alerts.save(replace(lga.alerts.get(original.reference), title="LGA's wording"))
    path = send(council, LGA.name, tmp_path / "2.sgp", AlertChoice(since_last=True))
    shown = preview(lga, path)
    assert [(p.kind, p.local.alert.title, p.incoming.alert.title) for p in shown.items] == [  # type: ignore[union-attr]
        (MergeKind.CONFLICT, "LGA's wording", "Council's wording")
    ]
    error = pair.refused("lga", lambda s: s.imports.apply(preview(s, path)))
    assert "changed both here and by Wokingham Borough Council" in str(error)
    lga = pair["lga"]
    lga.imports.apply(preview(lga, path), {original.id: Resolution.KEEP_BOTH})
    kept = lga.alerts.get(original.reference)
    assert kept.title == mine.title and kept.revision == max(theirs.revision, mine.revision) + 1
    copy = lga.alerts.get("LGA-2026-0001")
    assert copy.title == theirs.title and copy.id != original.id and copy.origin_office == lga.vault_id
    # Kept "mine" descends from both versions, so sent back it updates the council without a conflict.
    back = send(lga, COUNCIL.name, tmp_path / "3.sgp", AlertChoice((original.reference,)))
    assert [p.kind for p in preview(council, back).items] == [MergeKind.UPDATED]


@pytest.mark.parametrize("choice", [Resolution.KEEP_MINE, Resolution.TAKE_THEIRS])
def test_keep_mine_and_take_theirs(pair: Offices, tmp_path: Path, clock: FixedClock, choice: Resolution) -> None:
    council, lga = pair["council"], pair["lga"]
    original = council.alerts.add(alert("Review"))
    receive(lga, send(council, LGA.name, tmp_path / "1.sgp"))
    clock.moment += timedelta(hours=1)
    council.alerts.save(replace(original, title="Theirs"))
    lga.alerts.save(replace(lga.alerts.get(original.reference), title="Mine"))
    receive(lga, send(council, LGA.name, tmp_path / "2.sgp"), choices={original.id: choice})
    assert lga.alerts.get(original.reference).title == ("Mine" if choice is Resolution.KEEP_MINE else "Theirs")
    assert lga.alerts.total() == 1


def test_a_file_with_nothing_new_is_recorded_and_changes_no_alert(pair: Offices, tmp_path: Path) -> None:
    council, lga = pair["council"], pair["lga"]
    council.alerts.add_many([alert("One"), alert("Two")])
    receive(lga, send(council, LGA.name, tmp_path / "1.sgp"))
    before = everything(lga)
    second = send(council, LGA.name, tmp_path / "2.sgp")  # the same alerts, in a new file
    shown = preview(lga, second)
    assert not shown.changes_anything and shown.counts()[MergeKind.UNCHANGED] == 2
    receive(lga, second)
    assert everything(lga) == before
    assert lga.imports.open(lga.imports.read(second)).refused == "This file was already imported."


# -- every rejection: one message, not a byte changed --------------------------------------------------

def test_re_importing_the_same_file_is_refused_and_changes_nothing(pair: Offices, tmp_path: Path) -> None:
    pair["council"].alerts.add(alert("Review"))
    path = send(pair["council"], LGA.name, tmp_path / "f.sgp")
    receive(pair["lga"], path)
    error = pair.refused("lga", lambda s: receive(s, path))
    assert isinstance(error, Replayed) and str(error) == "This file was already imported."


def test_an_older_file_after_a_newer_one_from_the_same_sender_is_refused(pair: Offices, tmp_path: Path) -> None:
    pair["council"].alerts.add(alert("Review"))
    older = send(pair["council"], LGA.name, tmp_path / "1.sgp")
    newer = send(pair["council"], LGA.name, tmp_path / "2.sgp")
    receive(pair["lga"], newer)
    error = pair.refused("lga", lambda s: receive(s, older))
    assert isinstance(error, Replayed) and "older than one already imported from Wokingham" in str(error)


def test_a_file_for_another_office_is_refused(offices: Offices, tmp_path: Path) -> None:
    council, lga, adcs = offices.create("council", COUNCIL), offices.create("lga", LGA), offices.create("adcs", ADCS)
    introduce(council, lga)
    introduce(council, adcs)
    council.alerts.add(alert("Review"))
    path = send(council, ADCS.name, tmp_path / "f.sgp")
    error = offices.refused("lga", lambda s: receive(s, path))
    assert isinstance(error, NotForThisOffice) and str(error) == "This file was not encrypted for this office."


def test_a_file_re_encrypted_by_a_recipient_to_a_third_office_is_refused(offices: Offices, tmp_path: Path) -> None:
    council, lga, adcs = offices.create("council", COUNCIL), offices.create("lga", LGA), offices.create("adcs", ADCS)
    introduce(council, lga)
    introduce(council, adcs)
    council.alerts.add(alert("Review"))
    path = send(council, LGA.name, tmp_path / "f.sgp")
    inside = decrypt_with_identity(path.read_bytes(), lga.offices.keys().age_identity)
    forwarded = tmp_path / "forwarded.sgp"
    forwarded.write_bytes(encrypt_to_recipients(inside, [adcs.offices.keys().age_recipient]))
    error = offices.refused("adcs", lambda s: receive(s, forwarded))
    assert isinstance(error, NotForThisOffice) and "not addressed to this office by its sender" in str(error)


def test_an_unknown_or_untrusted_sender_is_refused(offices: Offices, tmp_path: Path) -> None:
    council, lga = offices.create("council", COUNCIL), offices.create("lga", LGA)
    council.offices.add(lga.offices.card(), trust=True)
    council.alerts.add(alert("Review"))
    path = send(council, LGA.name, tmp_path / "f.sgp")
    unknown = offices.refused("lga", lambda s: receive(s, path))
    assert isinstance(unknown, UnknownSender) and "not trusted here" in str(unknown)
    offices["lga"].offices.add(council.offices.card())
    untrusted = offices.refused("lga", lambda s: receive(s, path))
    assert isinstance(untrusted, UnknownSender) and "has not been confirmed yet" in str(untrusted)


def test_a_bad_signature_is_refused(pair: Offices, tmp_path: Path) -> None:
    council, lga = pair["council"], pair["lga"]
    council.alerts.add(alert("Review"))
    path = send(council, LGA.name, tmp_path / "f.sgp")
    envelope = json.loads(decrypt_with_identity(path.read_bytes(), lga.offices.keys().age_identity))
    signature = bytearray(base64.b64decode(envelope["sig"]))
    signature[10] ^= 0x01
    envelope["sig"] = base64.b64encode(bytes(signature)).decode()
    forged = tmp_path / "forged.sgp"
    forged.write_bytes(encrypt_to_recipients(canonical_json(envelope), [lga.offices.keys().age_recipient]))
    error = pair.refused("lga", lambda s: receive(s, forged))
    assert isinstance(error, BadSignature) and "signature does not match" in str(error)


@pytest.mark.parametrize("damage", ["magic", "stanza", "mac", "nonce", "first-chunk", "middle", "last-byte",
                                    "truncated", "extended"])
def test_any_changed_truncated_or_extended_byte_is_refused(pair: Offices, tmp_path: Path, damage: str) -> None:
    pair["council"].alerts.add_many([alert(f"Alert {i}") for i in range(3)])
    data = bytearray(send(pair["council"], LGA.name, tmp_path / "f.sgp").read_bytes())
    header_end = data.index(b"\n---") + 1
    mac_end = data.index(b"\n", header_end) + 1
    offsets = {"magic": 3, "stanza": 30, "mac": header_end + 10, "nonce": mac_end + 4, "first-chunk": mac_end + 40,
               "middle": len(data) // 2, "last-byte": len(data) - 1}
    if damage == "truncated":
        del data[-1]
    elif damage == "extended":
        data.append(0)
    else:
        data[offsets[damage]] ^= 0x04
    bad = tmp_path / "bad.sgp"
    bad.write_bytes(bytes(data))
    error = pair.refused("lga", lambda s: receive(s, bad))
    assert isinstance(error, MalformedFile | NotForThisOffice)


def test_a_passphrase_file_asking_for_too_much_scrypt_work_is_refused_before_any(
    offices: Offices, tmp_path: Path
) -> None:
    council, adcs = offices.create("council", COUNCIL), offices.create("adcs", ADCS)
    adcs.offices.add(council.offices.card(), trust=True)
    council.alerts.add(alert("Review"))
    path = send(council, PassphraseTarget(FILE_PASSPHRASE, OrgType.ADCS, 10), tmp_path / "p.sgp")
    data = path.read_bytes()
    line_end = data.index(b"\n", data.index(b"-> scrypt "))
    assert data[line_end - 3:line_end] == b" 10"
    greedy = tmp_path / "greedy.sgp"
    greedy.write_bytes(data[:line_end - 2] + b"21" + data[line_end:])  # scrypt would need 2 GiB and seconds
    error = offices.refused("adcs", lambda s: receive(s, greedy, FILE_PASSPHRASE))
    assert isinstance(error, MalformedFile) and "work factor 21, the limit is 20" in str(error)


def test_an_oversized_file_is_refused_without_reading_it_all(pair: Offices, tmp_path: Path) -> None:
    huge = tmp_path / "huge.sgp"
    with huge.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written to disk
    error = pair.refused("lga", lambda s: receive(s, huge))
    assert isinstance(error, MalformedFile) and "too large" in str(error)
    error = pair.refused("lga", lambda s: receive(s, tmp_path / "absent.sgp"))
    assert "There is no file" in str(error)


def test_an_incoming_reference_already_used_by_another_alert_is_refused(pair: Offices, tmp_path: Path) -> None:
    council, lga = pair["council"], pair["lga"]
    lga.alerts.add(alert("LGA's own"))  # LGA-2026-0001
    clash = Record(alert("Same reference, other alert", reference="LGA-2026-0001", created_at=pair.clock.now(),
                         updated_at=pair.clock.now(), revision=1))
    data = build([clash], council.offices.keys(), COUNCIL.name, OrgType.COUNCIL, [recipient(lga)], 1,
                 pair.clock.now())
    (tmp_path / "clash.sgp").write_bytes(data)
    error = pair.refused("lga", lambda s: receive(s, tmp_path / "clash.sgp"))
    assert "same reference as a different alert" in str(error)


def test_a_schema_1_vault_gets_an_office_identity_when_it_is_upgraded(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parents[1] / "data" / "vault-v1"
    for name in ("v1.sgvault", "v1.sgvault.keys"):
        shutil.copy(fixture / name, tmp_path / name)
    service = VaultService(tmp_path / "v1.sgvault", clock=FixedClock(datetime(2026, 11, 26, 9, tzinfo=UTC)),
                           councils=english_councils(), new_slot_kdf=cheap_kdf)
    session = service.unlock("schema one test passphrase")
    try:
        card_then = session.offices.card()
    finally:
        session.lock()
    session = service.unlock("schema one test passphrase")
    try:
        assert session.offices.card() == card_then  # made once, then kept
    finally:
        session.lock()


def test_the_preview_says_which_incoming_alerts_may_identify_a_child(pair: Offices, tmp_path: Path) -> None:
    council, lga = pair["council"], pair["lga"]
    flagged = council.alerts.add(alert("Review", summary="NHS number 943 476 5919"), confirm_identifying=True)
    council.alerts.add(alert("Trial listed"))
    shown = preview(lga, send(council, LGA.name, tmp_path / "1.sgp"))
    assert shown.identifying == {
        flagged.reference: ("what looks like an NHS number in the Summary",)
    }
    assert "5919" not in str(shown.identifying)
    receive(lga, tmp_path / "1.sgp")
    assert lga.alerts.get(flagged.reference).summary == "NHS number 943 476 5919"  # kept as the sender sent it
