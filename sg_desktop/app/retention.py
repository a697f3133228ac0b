"""Retention review, shared by the window and the command line: which closed alerts are past the office's retention
period, and the officer's choice for each: delete now, keep for more months, or put on legal hold (and lift it).

The retention period is the vault's own setting, not the desktop's: it decides when records about children's cases
are removed, so every officer and every command using this vault must count from the same one. Deleting now leaves
no text of the alert anywhere in the vault file (its row, milestones with their moves, offers, where it came from,
the search index and the planner's samples; `PRAGMA secure_delete` zeroes what is freed and the write-ahead log is
emptied after), and keeps the tombstone an ordinary deletion keeps, which goes to every office that holds the alert
with the next file sent to it. Every decision is audited by reference and numbers, never with its reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sg_desktop.app.alerts import AlertService, OverAlerts, lineage_after_edit, tombstone
from sg_desktop.app.clock import Clock
from sg_desktop.domain.errors import IdentifyingDataWarning, NotFound, Problem, ValidationError
from sg_desktop.domain.identifying import scan_fields
from sg_desktop.domain.retention import (
    DEFAULT_RETENTION_MONTHS,
    ClosedAlert,
    Decision,
    DecisionKind,
    add_months,
    months_problem,
    retention_reason_problem,
)
from sg_desktop.store.alerts import AlertRepository
from sg_desktop.store.audit import AuditLog
from sg_desktop.store.exchange_state import ExchangeState
from sg_desktop.store.meta import MetaTable
from sg_desktop.store.retention import RetentionRepository
from sg_desktop.store.vault import Transaction

__all__ = ["PERIOD_SETTING", "Deleted", "RetentionReview", "RetentionService", "ReviewLine"]

PERIOD_SETTING = "retention_months"
"""The vault setting holding the retention period, in months after closing."""


@dataclass(frozen=True)
class ReviewLine:
    """One alert in the review: the alert, its council's name, and the day it fell (or falls) due; None on hold."""

    alert: ClosedAlert
    council_name: str
    due_on: date | None

    @property
    def reference(self) -> str:
        """The alert's reference."""
        return self.alert.reference


@dataclass(frozen=True)
class RetentionReview:
    """The review on `as_of` with a period of `months`: the alerts due (longest overdue first) and those on hold."""

    as_of: date
    months: int
    due: tuple[ReviewLine, ...]
    held: tuple[ReviewLine, ...]


@dataclass(frozen=True)
class Deleted:
    """Alerts deleted for good: their references, and whether the write-ahead log was emptied at once (False when
    another reader held it; it is emptied when the vault closes)."""

    references: tuple[str, ...]
    log_emptied: bool


class RetentionService(OverAlerts):
    """Retention review of one unlocked vault."""

    def __init__(self, repo: RetentionRepository, alerts_repo: AlertRepository, exchange: ExchangeState,
                 settings: MetaTable, audit: AuditLog, transaction: Transaction, clock: Clock,
                 alerts: AlertService) -> None:
        super().__init__(alerts)
        self._repo = repo
        self._alerts_repo = alerts_repo
        self._exchange = exchange
        self._settings = settings
        self._audit = audit
        self._transaction = transaction
        self._clock = clock

    # -- the period ------------------------------------------------------------------------------

    @property
    def months(self) -> int:
        """The retention period: months after closing before an alert comes up for review."""
        value = self._settings.get(PERIOD_SETTING)
        if value is None or not value.isdigit() or months_problem(int(value)):
            return DEFAULT_RETENTION_MONTHS
        return int(value)

    def set_months(self, months: int) -> None:
        """Change the retention period (audited with the old and new numbers); ValidationError if out of range."""
        problem = months_problem(months)
        if problem:
            raise ValidationError([Problem("months", problem)])
        was = self.months
        if months == was and self._settings.get(PERIOD_SETTING) is not None:
            return
        with self._transaction():
            self._settings.set(PERIOD_SETTING, str(months))
            self._audit.append(self._clock.now(), "retention.period", "", months=months, was=was)

    # -- reading ---------------------------------------------------------------------------------

    def review(self, as_of: date | None = None) -> RetentionReview:
        """The alerts due for review on `as_of` (today unless given) and those on legal hold."""
        day = self.today() if as_of is None else as_of
        months = self.months
        # Every alert closed by this day could be due (a period of whole months moves a day back by at most the
        # three days a month's end differs by); the decisions and month ends are then counted exactly.
        closed_by = add_months(day, -months)
        candidates = self._repo.closed_by(date.fromordinal(closed_by.toordinal() + 3))
        due = [self._line(a, months) for a in candidates if a.is_due(months, day)]
        due.sort(key=lambda line: (line.due_on or day, line.reference))
        held = tuple(self._line(a, months) for a in self._repo.held())
        return RetentionReview(day, months, tuple(due), held)

    def find(self, reference: str) -> ReviewLine:
        """The live alert with this reference as retention review sees it; NotFound if there is none."""
        found = self._repo.find(reference)
        if found is None:
            raise NotFound(f"There is no alert {reference.strip()!r} in this vault.")
        return self._line(found, self.months)

    def _line(self, alert: ClosedAlert, months: int) -> ReviewLine:
        council = self.councils.by_code(alert.council)
        return ReviewLine(alert, council.name if council is not None else alert.council, alert.due_on(months))

    # -- decisions -------------------------------------------------------------------------------

    def keep(self, reference: str, months: int, reason: str, *, confirm_identifying: bool = False) -> ReviewLine:
        """Keep a closed alert for `months` more from today, for `reason`: it is due again when they have passed."""
        problem = months_problem(months, "time to keep it")
        if problem:
            raise ValidationError([Problem("months", problem)])
        self._check_reason(reason, confirm_identifying)
        now = self._clock.now()
        with self._transaction():
            line = self._closed(reference)
            if line.alert.on_hold:
                raise ValidationError([Problem("reference", f"{line.reference} is on legal hold; lift the hold "
                                                            "before choosing how long to keep it.")])
            until = add_months(self.today(), months)
            self._repo.decide(line.reference, Decision(DecisionKind.KEEP, until, reason.strip(), now))
            self._audit.append(now, "retention.keep", self._id_of(line.reference), reference=line.reference,
                               months=months, until=until.isoformat())
        return self.find(line.reference)

    def hold(self, reference: str, reason: str, *, confirm_identifying: bool = False) -> ReviewLine:
        """Put a live alert on legal hold for `reason`: never due for review, never deleted here, until lifted."""
        self._check_reason(reason, confirm_identifying)
        now = self._clock.now()
        with self._transaction():
            line = self.find(reference)
            self._repo.decide(line.reference, Decision(DecisionKind.HOLD, None, reason.strip(), now))
            self._audit.append(now, "retention.hold", self._id_of(line.reference), reference=line.reference)
        return self.find(line.reference)

    def release(self, reference: str) -> ReviewLine:
        """Lift an alert's legal hold: it is due for review again from the end of its retention period."""
        now = self._clock.now()
        with self._transaction():
            line = self.find(reference)
            if not line.alert.on_hold:
                raise ValidationError([Problem("reference", f"{line.reference} is not on legal hold.")])
            self._repo.forget([line.reference])
            self._audit.append(now, "retention.release", self._id_of(line.reference), reference=line.reference)
        return self.find(line.reference)

    def deletable(self, references: Iterable[str]) -> list[ReviewLine]:
        """The closed alerts these references name, each once, checked for deleting now: NotFound for an unknown
        one, ValidationError if one is not closed, is on legal hold or none is given. Changes nothing."""
        lines: dict[str, ReviewLine] = {}
        for reference in references:
            line = self._closed(reference)
            if line.alert.on_hold:
                raise ValidationError([Problem("reference", f"{line.reference} is on legal hold; lift the hold "
                                                            "before deleting it.")])
            lines.setdefault(line.reference, line)
        if not lines:
            raise ValidationError([Problem("reference", "Name at least one alert to delete.")])
        return list(lines.values())

    def delete(self, references: Sequence[str]) -> Deleted:
        """Delete these closed alerts for good, in one transaction: their content leaves the vault file, a tombstone
        stays for the offices that hold them. Checked as `deletable` first; nothing changes if one fails."""
        now, today = self._clock.now(), self.today()
        repo = self._alerts_repo
        with self._transaction():
            lines = self.deletable(references)
            gone = [line.reference for line in lines]
            audited = []
            for line in lines:
                alert_id = self._repo.alert_id(line.reference)
                old = repo.get(alert_id) if alert_id is not None else None
                if old is None or old.deleted:  # deletable() just found it live in this transaction
                    raise NotFound(f"There is no alert {line.reference!r} in this vault.")
                tomb = tombstone(old, now)
                repo.update(tomb, today, lineage_after_edit(repo, old, tomb))
                closed = line.alert.closed_on
                audited.append((old.id, {"reference": old.reference,
                                         "closed_on": closed.isoformat() if closed else None}))
            self._repo.forget(gone)
            self._exchange.forget_receipts([alert_id for alert_id, _ in audited])
            repo.erase_traces(gone)
            self._audit.append_many(now, "retention.delete", audited)
        return Deleted(tuple(gone), self._repo.checkpoint())

    # -- inside ----------------------------------------------------------------------------------

    def _closed(self, reference: str) -> ReviewLine:
        line = self.find(reference)
        if line.alert.closed_on is None:
            raise ValidationError([Problem("reference", f"{line.reference} is not closed; only closed alerts come "
                                                        "up for retention review.")])
        return line

    def _id_of(self, reference: str) -> str:
        return self._repo.alert_id(reference) or ""

    @staticmethod
    def _check_reason(reason: str, confirm_identifying: bool) -> None:
        problem = retention_reason_problem(reason)
        if problem:
            raise ValidationError([Problem("reason", problem)])
        if not confirm_identifying:
            found = scan_fields({"Reason": reason})
            if found:
                raise IdentifyingDataWarning([f.message for f in found])
