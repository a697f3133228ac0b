"""Sending alerts: a signed, encrypted protocol file for trusted offices, or a passphrase file for one office.

What goes in: the alerts chosen by reference, by a filter, or all of them, optionally only those that
changed since they were last sent to (or received from) the recipient offices. An alert whose sharing
scope does not admit every recipient is left out, and the preview says which and why. The office of the
council an alert is about is always admitted, where it is recorded which council that office belongs to;
a council office whose council is not recorded, and the office a passphrase file is for, count as any
other council. The file is written atomically, in the same transaction that takes its sequence number and
remembers what each office now holds, so a failure leaves neither a file nor a used number behind.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sg_desktop.app.alerts import AlertService
from sg_desktop.app.clock import Clock
from sg_desktop.app.files import save_file
from sg_desktop.app.lesson_exchange import LeftOutLesson, lessons_to_send
from sg_desktop.app.offices import OfficeService, recipient_of
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import ExchangeError, NotFound, Problem, ValidationError
from sg_desktop.domain.model import Alert
from sg_desktop.domain.office import Office, OfficeProfile
from sg_desktop.domain.passphrase import passphrase_problem
from sg_desktop.domain.query import AlertQuery
from sg_desktop.exchange import (
    DEFAULT_WORK_FACTOR,
    MAX_WORK_FACTOR,
    Audience,
    LessonRecord,
    Record,
    build,
    build_for_passphrase,
    new_file_id,
)
from sg_desktop.exchange import select_for_export as split_by_scope
from sg_desktop.exchange.agefile import MIN_WORK_FACTOR
from sg_desktop.store.alerts import AlertRepository
from sg_desktop.store.audit import AuditLog
from sg_desktop.store.exchange_state import ExchangeState
from sg_desktop.store.lessons import LessonRepository
from sg_desktop.store.vault import Transaction

__all__ = [
    "DEFAULT_WORK_FACTOR",
    "AlertChoice",
    "ExportPreview",
    "ExportResult",
    "ExportService",
    "LeftOutAlert",
    "PassphraseTarget",
    "Target",
]


@dataclass(frozen=True)
class PassphraseTarget:
    """One office without keys yet, reached by a passphrase file; `org_type` is what its sharing check uses.

    `work_factor` is scrypt's log2 N, 10 to 20 (18, as the `age` tool writes, unless there is a reason).
    """

    passphrase: str = field(repr=False)
    org_type: OrgType
    work_factor: int = DEFAULT_WORK_FACTOR


Target = Sequence[str] | PassphraseTarget
"""Who a file is for: the names of trusted offices, or a passphrase target."""


@dataclass(frozen=True)
class AlertChoice:
    """Which alerts to send: these references, or the alerts matching `query`, or (neither) every alert.

    With `since_last`, only those whose current version is not what every recipient office already holds
    (sent to it earlier, or received from it). Deleted alerts travel as tombstones: every alert and
    `since_last` include them; a query includes them only if it asks to.
    """

    references: tuple[str, ...] = ()
    query: AlertQuery | None = None
    since_last: bool = False


@dataclass(frozen=True)
class LeftOutAlert:
    """An alert that was chosen but may not go to these recipients, and why."""

    alert_id: str
    reference: str
    reason: str


@dataclass(frozen=True)
class ExportPreview:
    """What a file would hold and for whom, before it is written."""

    offices: tuple[Office, ...]
    recipient_orgs: tuple[OrgType, ...]
    records: tuple[Record, ...]
    left_out: tuple[LeftOutAlert, ...]
    by_passphrase: bool
    # Each record's version, from the vault where known; the ones computed here are stored on export.
    versions: dict[str, str] = field(repr=False, compare=False, default_factory=dict)
    computed: frozenset[str] = field(repr=False, compare=False, default=frozenset())
    # The lessons on the chosen alerts that go too (by their own sharing scope), and those that may not.
    lessons: tuple[LessonRecord, ...] = ()
    lessons_left_out: tuple[LeftOutLesson, ...] = ()

    @property
    def references(self) -> tuple[str, ...]:
        """The references of the alerts that would be sent, in file order."""
        return tuple(r.alert.reference for r in self.records)

    @property
    def tombstones(self) -> int:
        """How many of them are deletions."""
        return sum(1 for r in self.records if r.alert.deleted)


@dataclass(frozen=True)
class ExportResult:
    """A file written: where, its id and sequence number, and what went in."""

    preview: ExportPreview
    path: Path
    file_id: str
    sequence: int
    size: int


class ExportService:
    """Protocol files out of one unlocked vault."""

    def __init__(
        self,
        repo: AlertRepository,
        exchange: ExchangeState,
        audit: AuditLog,
        transaction: Transaction,
        clock: Clock,
        offices: OfficeService,
        alerts: AlertService,
        profile: OfficeProfile,
        *,
        lessons: LessonRepository | None = None,
    ) -> None:
        self._lessons = lessons
        self._repo = repo
        self._exchange = exchange
        self._audit = audit
        self._transaction = transaction
        self._clock = clock
        self._offices = offices
        self._alerts = alerts
        self._profile = profile

    def preview(self, to: Target, choice: AlertChoice = AlertChoice()) -> ExportPreview:
        """What exporting would send to `to`, and what it would leave out and why; changes nothing."""
        offices, audiences = self._recipients(to)
        if choice.since_last and not offices:
            raise ValidationError([Problem(
                "since_last", "'Changed since last sent' needs offices to send to; a passphrase file has none."
            )])
        alerts = self._chosen(choice, offices)
        state = self._exchange
        ids = [a.id for a in alerts]
        lineage = self._repo.lineage(ids)
        records: list[Record] = []
        versions: dict[str, str] = {}
        computed: set[str] = set()
        for alert in alerts:
            known = lineage.get(alert.id)
            record = Record(alert, known.ancestors if known else ())
            if known is not None and known.version is not None:
                versions[alert.id] = known.version
            else:
                versions[alert.id] = record.version
                computed.add(alert.id)
            records.append(record)
        if choice.since_last:
            held = [state.held_versions(o.id, ids) for o in offices]
            records = [r for r in records if any(h.get(r.alert.id) != versions[r.alert.id] for h in held)]
        selection = split_by_scope(records, audiences)
        lessons: tuple[LessonRecord, ...] = ()
        lessons_out: tuple[LeftOutLesson, ...] = ()
        if self._lessons is not None:
            every = not choice.references and choice.query is None
            lessons, lessons_out = lessons_to_send(self._lessons, state, alert_ids=None if every else ids,
                                                   offices=offices, audiences=audiences, since_last=choice.since_last)
        return ExportPreview(
            offices=tuple(offices),
            recipient_orgs=tuple(dict.fromkeys(a.org_type for a in audiences)),
            records=selection.included,
            left_out=tuple(LeftOutAlert(x.record.alert.id, x.record.alert.reference, x.reason)
                           for x in selection.left_out),
            by_passphrase=isinstance(to, PassphraseTarget),
            versions=versions,
            computed=frozenset(computed),
            lessons=lessons,
            lessons_left_out=lessons_out,
        )

    def export(self, to: Target, choice: AlertChoice, out: Path) -> ExportResult:
        """Write the file for `to` at `out` (atomically); ExchangeError when there is nothing to send."""
        preview = self.preview(to, choice)
        if not preview.records and not preview.lessons:
            raise ExchangeError(self._nothing_to_send(preview, choice))
        keys = self._offices.keys()
        now = self._clock.now()
        name, org = self._profile.name, self._profile.org_type
        state = self._exchange
        written = False
        try:
            with self._transaction():
                sequence = state.next_sequence()
                file_id = new_file_id()
                if isinstance(to, PassphraseTarget):
                    data = build_for_passphrase(preview.records, keys, name, org, to.passphrase, to.org_type,
                                                sequence, now, file_id=file_id, work_factor=to.work_factor,
                                                lessons=preview.lessons)
                else:
                    data = build(preview.records, keys, name, org, [recipient_of(o) for o in preview.offices],
                                 sequence, now, file_id=file_id, councils={
                                     o.fingerprint: o.own_council for o in preview.offices if o.own_council},
                                 lessons=preview.lessons)
                sent = [(r.alert.id, preview.versions[r.alert.id]) for r in preview.records]
                sent += [(r.lesson.id, r.version) for r in preview.lessons]
                for office in preview.offices:
                    state.record_held(office.id, sent)
                self._repo.set_versions((i, preview.versions[i]) for i in preview.computed)
                detail: dict[str, object] = {
                    "sequence": sequence, "records": len(preview.records), "tombstones": preview.tombstones,
                    "left_out": len(preview.left_out),
                }
                if preview.lessons or preview.lessons_left_out:
                    detail.update(lessons=len(preview.lessons), lessons_left_out=len(preview.lessons_left_out))
                if preview.by_passphrase:
                    detail.update(passphrase=True, org=preview.recipient_orgs[0].value)
                else:
                    detail["to"] = [o.fingerprint.hex() for o in preview.offices]
                # One entry for each alert sent (its history shows to whom), then the file's own.
                whom = {k: v for k, v in detail.items() if k in ("to", "passphrase", "org")}
                self._audit.append_many(now, "alert.export", (
                    (r.alert.id, {"reference": r.alert.reference, "file": file_id, **whom,
                                  **({"deletion": True} if r.alert.deleted else {})}) for r in preview.records))
                self._audit.append(now, "exchange.export", file_id, **detail)
                save_file(out, data)
                written = True
        except BaseException:
            if written:  # the commit failed after the file was in place: take it back
                with contextlib.suppress(OSError):
                    out.unlink()
            raise
        return ExportResult(preview, out, file_id, sequence, len(data))

    # -- inside ----------------------------------------------------------------------------------

    def _recipients(self, to: Target) -> tuple[list[Office], list[Audience]]:
        if isinstance(to, PassphraseTarget):
            problem = passphrase_problem(to.passphrase)
            if problem:
                raise ValidationError([Problem("passphrase", problem.replace("passphrase", "file passphrase", 1))])
            if not MIN_WORK_FACTOR <= to.work_factor <= MAX_WORK_FACTOR:
                raise ValidationError([Problem(
                    "work_factor", f"The scrypt work factor must be {MIN_WORK_FACTOR} to {MAX_WORK_FACTOR}."
                )])
            return [], [Audience(to.org_type)]
        if isinstance(to, str):
            raise TypeError("give a sequence of office names, not one string")
        names = [n.strip() for n in to if n.strip()]
        if not names:
            raise ValidationError([Problem("to", "Choose at least one office to send the file to.")])
        offices: dict[int, Office] = {}
        for name in names:
            office = self._offices.get(name)
            if not office.is_trusted:
                raise ValidationError([Problem(
                    "to",
                    f"{office.name} is not trusted yet: compare its fingerprint with the office by phone and "
                    "trust it before sending it anything.",
                )])
            offices.setdefault(office.id, office)
        chosen = list(offices.values())
        return chosen, [Audience(o.org_type, o.own_council, o.name) for o in chosen]

    def _chosen(self, choice: AlertChoice, offices: list[Office]) -> list[Alert]:
        repo = self._repo
        if choice.references and choice.query is not None:
            raise ValidationError([Problem("alerts", "Choose alerts by reference or by a filter, not both.")])
        if choice.references:
            alerts: dict[str, Alert] = {}
            for reference in choice.references:
                alert = repo.get_by_reference(reference)
                if alert is None:
                    raise NotFound(f"There is no alert {reference.strip()!r} in this vault.")
                alerts.setdefault(alert.id, alert)
            return list(alerts.values())
        if choice.query is not None:
            return self._alerts.find(choice.query)
        if choice.since_last:
            # Only alerts that may have changed are read, so a routine export from a large vault stays quick.
            return repo.get_many(self._exchange.maybe_changed_for([o.id for o in offices]))
        return list(repo.iter_all(include_deleted=True))

    def _nothing_to_send(self, preview: ExportPreview, choice: AlertChoice) -> str:
        if preview.left_out:
            first = preview.left_out[0]
            more = f" (and {len(preview.left_out) - 1} more)" if len(preview.left_out) > 1 else ""
            return f"Nothing can be sent: {first.reference}{more} may not go to these recipients, as {first.reason}."
        if choice.since_last:
            names = ", ".join(o.name for o in preview.offices)
            return f"Nothing has changed since the last file sent to {names}; no file was written."
        return "There are no alerts to send; no file was written."
