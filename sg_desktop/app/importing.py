"""Receiving alerts: open and verify a protocol file, preview what importing it would do, then apply it.

Opening runs every check of docs/protocol.md §11 up to the records (1–10) and changes nothing; that is
all `verify` needs. The preview adds the replay and rollback check (11) and classifies every record
(new, updated, unchanged, older, conflict). Applying re-checks all of that inside one transaction,
stores incoming alerts exactly as received (so versions agree between offices), settles each conflict
as the officer chose, and records the file id and sequence number in the same transaction, with which office
sent each alert it stored (`receipt` answers "where did this alert come from?").

Decisions: re-importing a file is refused as already imported ("This file was already imported."), and
changes nothing. An incoming alert about a council this vault's directory does not know is kept as
received; the directory check applies when an officer edits it here. An incoming alert whose reference
is already used here by a different alert is refused (with the whole file), since references are how
officers and the command line name alerts.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sg_desktop.app.alerts import identifying_findings
from sg_desktop.app.clock import Clock
from sg_desktop.app.files import FileTooLarge, NoSuchFile, UnreadableFile, read_limited, size_words
from sg_desktop.app.lesson_exchange import LessonPlan, apply_lessons, plan_lessons
from sg_desktop.app.offices import OfficeService
from sg_desktop.domain.alert_changes import alert_changes
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import ExchangeError, MalformedFile, Replayed
from sg_desktop.domain.model import Alert
from sg_desktop.domain.office import Office, OfficeProfile, fingerprint_digits
from sg_desktop.exchange import (
    MAX_FILE_BYTES,
    ImportPlan,
    LessonRecord,
    MergeKind,
    Planned,
    Record,
    Resolution,
    Verified,
    check_replay,
    classify,
    needs_passphrase,
    open_file,
    open_passphrase_file,
    resolve,
)
from sg_desktop.store.alerts import AlertRepository, Lineage
from sg_desktop.store.audit import AuditLog
from sg_desktop.store.exchange_state import ExchangeState, Receipt, is_constraint_error
from sg_desktop.store.lessons import LessonRepository
from sg_desktop.store.vault import Transaction

__all__ = [
    "FileRecipient",
    "ImportPreview",
    "ImportResult",
    "ImportService",
    "IncomingFile",
    "MergeKind",
    "Planned",
    "Receipt",
    "Resolution",
]


@dataclass(frozen=True)
class FileRecipient:
    """One office a file names as a recipient: this office, a known office, or one unknown here."""

    fingerprint: bytes
    name: str | None
    is_this_office: bool

    @property
    def fingerprint_digits(self) -> str:
        """The fingerprint as eight groups of five digits."""
        return fingerprint_digits(self.fingerprint)


@dataclass(frozen=True)
class IncomingFile:
    """A protocol file that passed every check of its own: who sent it, when, to whom, what it holds.

    `refused` says why importing it would be refused (already imported, or older than one imported from
    the same sender), or is None. Opening it changed nothing.
    """

    verified: Verified
    sender_office: Office | None
    recipients: tuple[FileRecipient, ...]
    refused: str | None

    @property
    def file_id(self) -> str:
        """The file's random id."""
        return self.verified.file_id

    @property
    def sequence(self) -> int:
        """The sender's number for this file."""
        return self.verified.sequence

    @property
    def sender_name(self) -> str:
        """The sender's name as pinned here (or this office's own name)."""
        return self.verified.sender.name

    @property
    def sender_org(self) -> OrgType:
        """The sender's kind of organisation, as pinned here."""
        return self.verified.sender.org_type

    @property
    def sender_fingerprint_digits(self) -> str:
        """The sender's fingerprint digits."""
        return self.verified.sender.fingerprint_digits

    @property
    def from_this_office(self) -> bool:
        """Whether this office made the file (it can reopen what it sent)."""
        return self.sender_office is None

    @property
    def created_at(self) -> datetime:
        """When the file was made."""
        return self.verified.created_at

    @property
    def expires_at(self) -> datetime:
        """After this it is refused."""
        return self.verified.expires_at

    @property
    def by_passphrase(self) -> bool:
        """Whether it is a passphrase file."""
        return self.verified.by_passphrase

    @property
    def records(self) -> tuple[Record, ...]:
        """The alerts in it, in file order."""
        return self.verified.records

    @property
    def tombstones(self) -> int:
        """How many of them are deletions."""
        return sum(1 for r in self.verified.records if r.alert.deleted)

    @property
    def lessons(self) -> tuple[LessonRecord, ...]:
        """The lessons learned in it, in file order (none in files before body version 3)."""
        return self.verified.lessons


@dataclass(frozen=True)
class ImportPreview:
    """What importing a file would do to each alert and each lesson; conflicts wait for the officer's choice
    (a lesson in conflict keeps the copy here; see `lesson_exchange`)."""

    file: IncomingFile
    plan: ImportPlan
    lessons: LessonPlan = dataclasses.field(default_factory=LessonPlan)

    @property
    def items(self) -> tuple[Planned, ...]:
        """Every incoming alert with this office's copy and what would happen, in file order."""
        return self.plan.items

    @property
    def conflicts(self) -> tuple[Planned, ...]:
        """The alerts changed both here and by the sender since they last agreed."""
        return self.plan.of_kind(MergeKind.CONFLICT)

    def counts(self) -> dict[MergeKind, int]:
        """How many alerts of each kind (every kind present)."""
        return self.plan.counts()

    @property
    def changes_anything(self) -> bool:
        """Whether applying would change any alert or lesson (recording the file happens regardless)."""
        return self.plan.changes_anything or self.lessons.changes_anything

    @functools.cached_property
    def identifying(self) -> dict[str, tuple[str, ...]]:
        """By incoming reference: where an alert this file would add or change looks like it could identify a
        child (the sender chose to send it; the officer should know, and raise it with them)."""
        found: dict[str, tuple[str, ...]] = {}
        for p in self.plan.items:
            alert = p.incoming.alert
            if p.kind in (MergeKind.NEW, MergeKind.UPDATED, MergeKind.CONFLICT) and not alert.deleted:
                messages = tuple(f.message for f in identifying_findings(alert))
                if messages:
                    found[alert.reference] = messages
        return found

    def find(self, text: str) -> Planned | None:
        """The planned alert named by a reference (the file's or this office's, ignoring case) or an id."""
        wanted = text.strip().casefold()
        for p in self.plan.items:
            names = {p.incoming.alert.id.casefold(), p.incoming.alert.reference.casefold()}
            if p.local is not None:
                names.add(p.local.alert.reference.casefold())
            if wanted in names:
                return p
        return None


@dataclass(frozen=True)
class ImportResult:
    """What an import did."""

    file_id: str
    counts: dict[MergeKind, int]
    resolutions: dict[str, Resolution]
    copies: tuple[str, ...]
    lesson_counts: dict[MergeKind, int] = dataclasses.field(default_factory=dict)


class ImportService:
    """Protocol files into one unlocked vault."""

    def __init__(
        self,
        repo: AlertRepository,
        exchange: ExchangeState,
        audit: AuditLog,
        transaction: Transaction,
        clock: Clock,
        offices: OfficeService,
        profile: OfficeProfile,
        office_id: str,
        *,
        max_file_bytes: int = MAX_FILE_BYTES,
        lessons: LessonRepository | None = None,
    ) -> None:
        self._lessons = lessons
        self._repo = repo
        self._exchange = exchange
        self._audit = audit
        self._transaction = transaction
        self._clock = clock
        self._offices = offices
        self._profile = profile
        self._office_id = office_id
        self._max = max_file_bytes

    # -- opening ---------------------------------------------------------------------------------

    def read(self, path: Path) -> bytes:
        """The file's bytes, never more than the size limit: only a regular file is read (never a pipe or a
        device), and one larger than the limit is refused with the limit named."""
        try:
            return read_limited(path, self._max)
        except NoSuchFile:
            raise ExchangeError(f"There is no file {path}.") from None
        except FileTooLarge:
            raise MalformedFile(f"This file is too large to be a protocol file (the limit is "
                                f"{size_words(self._max)}).") from None
        except UnreadableFile as exc:
            raise ExchangeError(f"The protocol file {path} {exc.reason}.") from None

    def needs_passphrase(self, data: bytes) -> bool:
        """Whether the file is opened with a passphrase (ask for one) rather than with this office's key."""
        if len(data) > self._max:
            return False  # opening reports the size
        return needs_passphrase(data)

    def open(self, data: bytes, passphrase: str | None = None) -> IncomingFile:
        """Decrypt and verify a file (checks 1–10 of the protocol); the first failure raises. Changes nothing."""
        now = self._clock.now()
        lookup = self._offices.trusted_card
        if passphrase is None:
            verified = open_file(data, self._offices.keys(), lookup, now, max_size=self._max)
        else:
            verified = open_passphrase_file(data, passphrase, lookup, now, max_size=self._max)
        mine = self._offices.keys().fingerprint
        sender = None if verified.sender_fingerprint == mine else self._offices.by_fingerprint(
            verified.sender_fingerprint
        )
        recipients = []
        for fp in verified.recipients:
            office = self._offices.by_fingerprint(fp)
            name = self._profile.name if fp == mine else office.name if office else None
            recipients.append(FileRecipient(fp, name, fp == mine))
        # This office first, then the offices known here, then any unknown ones.
        recipients.sort(key=lambda r: (not r.is_this_office, r.name is None, r.name or ""))
        try:
            self._check_replay(verified)
            refused = None
        except Replayed as exc:
            refused = str(exc)
        return IncomingFile(verified, sender, tuple(recipients), refused)

    # -- preview ---------------------------------------------------------------------------------

    def preview(self, incoming: IncomingFile) -> ImportPreview:
        """Classify every incoming alert against this vault; Replayed if the file may not be imported."""
        self._check_replay(incoming.verified)
        plan = self._plan(incoming.records)
        self._check_references(plan)
        return ImportPreview(incoming, plan, self._plan_lessons(incoming.verified))

    # -- applying --------------------------------------------------------------------------------

    def apply(self, preview: ImportPreview, choices: Mapping[str, Resolution] | None = None) -> ImportResult:
        """Apply the preview in one transaction; `choices` settles each conflict by the alert's id.

        Refuses (and changes nothing) if a conflict has no choice, or if the vault changed since the
        preview in a way that changes what importing would do.
        """
        chosen = dict(choices or {})
        conflicts = {p.incoming.alert.id for p in preview.conflicts}
        if set(chosen) - conflicts:
            raise ValueError("choices given for alerts that are not in conflict")
        missing = [p for p in preview.conflicts if p.incoming.alert.id not in chosen]
        if missing:
            refs = ", ".join(p.incoming.alert.reference for p in missing)
            raise ExchangeError(
                f"{len(missing)} alert(s) were changed both here and by {preview.file.sender_name} ({refs}); "
                "choose for each which version to keep. Nothing was imported."
            )
        verified = preview.file.verified
        now, today = self._clock.now(), self._clock.today()
        repo, state = self._repo, self._exchange
        copies: list[str] = []
        try:
            with self._transaction():
                self._check_replay(verified)
                plan = self._plan(verified.records)
                if _shape(plan) != _shape(preview.plan):
                    raise ExchangeError(
                        "Alerts in this vault changed since the preview; open the file again to see what "
                        "importing it would do. Nothing was imported."
                    )
                self._check_references(plan)
                lesson_plan = self._plan_lessons(verified)
                if lesson_plan.shape() != preview.lessons.shape():
                    raise ExchangeError(
                        "Lessons in this vault changed since the preview; open the file again to see what "
                        "importing it would do. Nothing was imported."
                    )
                inserts: list[Record] = []
                received: list[Record] = []  # every record stored as the sender sent it
                audited: list[tuple[str, dict[str, Any]]] = []  # each alert this import changed, by id
                for p in plan.items:
                    if p.kind is MergeKind.NEW:
                        inserts.append(p.incoming)
                        audited.append(_audited(p.incoming.alert, "new"))
                    elif p.kind is MergeKind.UPDATED:
                        assert p.local is not None
                        repo.update(p.incoming.alert, today, _lineage(p.incoming))
                        received.append(p.incoming)
                        audited.append(_audited(p.incoming.alert, "updated", p.local.alert))
                    elif p.kind is MergeKind.CONFLICT:
                        assert p.local is not None
                        choice = chosen[p.incoming.alert.id]
                        settled = resolve(p.local, p.incoming, choice, now)
                        repo.update(settled[0].alert, today, _lineage(settled[0]))
                        audited.append(_audited(settled[0].alert, "conflict", p.local.alert, choice=choice.value))
                        if choice is Resolution.TAKE_THEIRS:
                            received.append(settled[0])
                        if len(settled) > 1:
                            copy = self._as_new_alert(settled[1], len(copies), now)
                            copies.append(copy.alert.reference)
                            inserts.append(copy)
                            audited.append(_audited(copy.alert, "copy", copy_of=settled[0].alert.reference))
                if inserts:
                    lineage = {r.alert.id: _lineage(r) for r in inserts}
                    repo.insert_many([r.alert for r in inserts], today, lineage)
                    received += inserts
                # A deletion received leaves no text of the alert here, as one made here leaves none (retention).
                erased = [p.local.alert.reference for p in plan.items
                          if p.local is not None and not p.local.alert.deleted and p.incoming.alert.deleted]
                if erased:
                    repo.erase_traces(erased)
                sender = verified.sender_fingerprint
                state.record_received(verified.sender.name, sender, now, [(r.alert.id, r.version) for r in received])
                state.record_import(verified.file_id, sender, verified.sequence, verified.created_at, now)
                stored_lessons = apply_lessons(self._lessons, lesson_plan) if self._lessons is not None else []
                if preview.file.sender_office is not None:
                    # The sender holds what it sent: "changed since last sent" need not send it back.
                    state.record_held(preview.file.sender_office.id,
                                      [(r.alert.id, r.version) for r in verified.records]
                                      + [(r.lesson.id, r.version) for r in verified.lessons])
                counts = plan.counts()
                lesson_counts = lesson_plan.counts()
                self._audit.append_many(now, "lesson.import", ((r.lesson.id, {
                    "reference": r.lesson.reference, "file": verified.file_id, "revision": r.lesson.revision,
                }) for r in stored_lessons))
                # One entry for each alert the file changed (its history shows where it came from), then the file.
                origin = {"file": verified.file_id, "sender": sender.hex()}
                self._audit.append_many(now, "alert.import",
                                        ((alert_id, {**detail, **origin}) for alert_id, detail in audited))
                self._audit.append(
                    now, "exchange.import", verified.file_id, sender=sender.hex(), sequence=verified.sequence,
                    passphrase=verified.by_passphrase, copies=len(copies),
                    resolved={k: v.value for k, v in sorted(chosen.items())},
                    **{kind.value: n for kind, n in counts.items()},
                    **({"lessons": {k.value: n for k, n in lesson_counts.items() if n}} if verified.lessons else {}),
                )
        except Exception as exc:
            if is_constraint_error(exc):
                raise ExchangeError(
                    "The file cannot be imported: an alert in it uses an identifier that a different alert in "
                    "this vault already has. Nothing was imported."
                ) from None
            raise
        return ImportResult(verified.file_id, counts, chosen, tuple(copies), lesson_counts)

    # -- where alerts came from -------------------------------------------------------------------

    def receipt(self, alert_id: str) -> Receipt | None:
        """Which office sent this alert's last received version and when it arrived; None if it was made here."""
        return self._exchange.receipt(alert_id)

    # -- inside ----------------------------------------------------------------------------------

    def _check_replay(self, verified: Verified) -> None:
        state = self._exchange
        seen = {verified.file_id} if state.imported(verified.file_id) is not None else set()
        check_replay(verified.file_id, verified.sequence, seen, state.last_sequence(verified.sender_fingerprint),
                     verified.sender.name)

    def _plan_lessons(self, verified: Verified) -> LessonPlan:
        if self._lessons is None or not verified.lessons:
            return LessonPlan()
        return plan_lessons(self._lessons, verified.lessons)

    def _plan(self, records: Sequence[Record]) -> ImportPlan:
        lineage = self._repo.lineage([r.alert.id for r in records])
        # A copy whose stored version equals the incoming one is unchanged without reading it: that keeps
        # re-sending a large file that changes nothing quick.
        to_read = [r.alert.id for r in records if r.alert.id in lineage and lineage[r.alert.id].version != r.version]
        local = {a.id: a for a in self._repo.get_many(to_read)}
        items = []
        for record in records:
            known = lineage.get(record.alert.id)
            if known is None:
                items.append(Planned(MergeKind.NEW, record, None))
            elif known.version == record.version:
                items.append(Planned(MergeKind.UNCHANGED, record, Record(record.alert, known.ancestors)))
            else:
                mine = Record(local[record.alert.id], known.ancestors)
                items.append(Planned(classify(mine, record), record, mine))
        return ImportPlan(tuple(items))

    def _check_references(self, plan: ImportPlan) -> None:
        wanted: dict[str, str] = {}
        for p in plan.items:
            if p.kind not in (MergeKind.NEW, MergeKind.UPDATED):
                continue
            alert = p.incoming.alert
            if wanted.setdefault(alert.reference, alert.id) != alert.id:
                raise self._reference_taken(alert.reference)
        for reference, holder in self._repo.references_in_use(wanted).items():
            if holder != wanted[reference]:
                raise self._reference_taken(reference)

    @staticmethod
    def _reference_taken(reference: str) -> ExchangeError:
        return ExchangeError(
            f"The file cannot be imported: its alert {reference or '(without a reference)'} has the same "
            "reference as a different alert in this vault. Nothing was imported."
        )

    def _as_new_alert(self, copy: Record, already: int, now: datetime) -> Record:
        prefix = f"{self._profile.prefix}-{now.year}-"
        number = self._repo.references_with_prefix(prefix) + already + 1
        return Record(replace(copy.alert, reference=f"{prefix}{number:04d}", origin_office=self._office_id))


def _audited(alert: Alert, result: str, before: Alert | None = None, **more: str) -> tuple[str, dict[str, Any]]:
    """An alert an import changed, for its audit entry: its reference, what happened, which fields changed."""
    changes = alert_changes(before, alert) if before is not None else {}
    return alert.id, {"reference": alert.reference, "result": result, **more, **changes}


def _lineage(record: Record) -> Lineage:
    return Lineage(record.version, record.ancestors)


def _shape(plan: ImportPlan) -> list[tuple[MergeKind, str | None]]:
    return [(p.kind, None if p.local is None or p.kind is MergeKind.UNCHANGED else p.local.version)
            for p in plan.items]
