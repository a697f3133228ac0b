"""The alert use cases shared by the GUI and the command line: add, edit, delete, find, list."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime

from sg_desktop.app.clock import Clock
from sg_desktop.domain.alert_changes import alert_changes
from sg_desktop.domain.councils import Council, CouncilDirectory
from sg_desktop.domain.errors import IdentifyingDataWarning, NotFound, Problem, ValidationError
from sg_desktop.domain.history import carry_history
from sg_desktop.domain.identifying import AlertFinding, scan_alert
from sg_desktop.domain.model import Alert
from sg_desktop.domain.query import AlertQuery, AlertRow
from sg_desktop.domain.validation import check_alert
from sg_desktop.exchange import Record, after_edit, record_version
from sg_desktop.store.alerts import AlertRepository, Lineage
from sg_desktop.store.audit import AuditLog
from sg_desktop.store.vault import Transaction

__all__ = ["AlertService", "OverAlerts", "identifying_findings", "lineage_after_edit", "tombstone"]


def tombstone(old: Alert, now: datetime) -> Alert:
    """`old` deleted: its text, milestones and offers gone, what says which alert it was kept, so that the deletion
    can travel to the offices that hold it (docs/protocol.md)."""
    return replace(old, title="", summary="", owner="", milestones=(), offers=(), deleted=True, updated_at=now,
                   revision=old.revision + 1)


def lineage_after_edit(repo: AlertRepository, old: Alert, new: Alert) -> Lineage:
    """The merge state of `new`, a local edit of `old`."""
    # The version before a local edit joins the alert's ancestry (docs/protocol.md §9), so another
    # office's copy of that version is recognised as older, not as a conflict.
    known = repo.lineage([old.id]).get(old.id)
    edited = after_edit(Record(old, known.ancestors if known else ()), new)
    return Lineage(edited.version, edited.ancestors)


def identifying_findings(alert: Alert) -> list[AlertFinding]:
    """Places in the alert's free text that look like they could identify a child."""
    return scan_alert(alert)


class AlertService:
    """Alerts in one unlocked vault."""

    def __init__(
        self,
        alerts: AlertRepository,
        audit: AuditLog,
        transaction: Transaction,
        councils: CouncilDirectory,
        clock: Clock,
        reference_prefix: str,
        office_id: str = "",
        *,
        home_council: str = "",
        on_hold: Callable[[str], bool] = lambda _reference: False,
    ) -> None:
        self._repo = alerts
        self._audit = audit
        self._transaction = transaction
        self._councils = councils
        self._clock = clock
        self._prefix = reference_prefix
        self._office_id = office_id
        self._home_council = home_council
        self._on_hold = on_hold  # whether the alert with this reference is on legal hold
        self._fresh_on: date | None = None

    @property
    def councils(self) -> CouncilDirectory:
        """The councils alerts may be about in this vault."""
        return self._councils

    @property
    def home_council(self) -> str:
        """The ONS code of the council whose vault this is ('' for the LGA, ADCS and other offices)."""
        return self._home_council

    def today(self) -> date:
        """Today, by the service's clock."""
        return self._clock.today()

    def resolve_council(self, text: str) -> Council:
        """The council named by `text` (name or ONS code); ValidationError with suggestions otherwise."""
        found = self._councils.find(text)
        if found is not None:
            return found
        near = self._councils.suggest(text)
        hint = f" Did you mean {', '.join(c.name for c in near)}?" if near else ""
        raise ValidationError([Problem("council", f"There is no English council called {text!r}.{hint}")])

    # -- writing -------------------------------------------------------------------------------

    def add(self, alert: Alert, *, confirm_identifying: bool = False) -> Alert:
        """Validate and store a new alert; it gets its reference, timestamps and revision 1."""
        return self.add_many([alert], confirm_identifying=confirm_identifying)[0]

    def add_many(self, alerts: Sequence[Alert], *, confirm_identifying: bool = False) -> list[Alert]:
        """Validate every alert first, then store them all in one transaction (all or nothing)."""
        for alert in alerts:
            self._check(alert, confirm_identifying)
        now = self._clock.now()
        stored = []
        with self._transaction():
            year_prefix = f"{self._prefix}-{now.year}-"
            seq = self._repo.references_with_prefix(year_prefix)
            for alert in alerts:
                seq += 1
                stored.append(
                    replace(
                        alert, reference=f"{year_prefix}{seq:04d}", created_at=now, updated_at=now,
                        revision=1, deleted=False, origin_office=alert.origin_office or self._office_id,
                    )
                )
            # Each new alert's version is stored with it, so exporting it later need not compute it.
            lineage = {a.id: Lineage(record_version(a), ()) for a in stored}
            self._repo.insert_many(stored, self._clock.today(), lineage)
            self._audit.append_many(now, "alert.add", ((a.id, {"reference": a.reference}) for a in stored))
        return stored

    def save(self, alert: Alert, *, confirm_identifying: bool = False) -> Alert:
        """Store an edited alert: date moves join the milestone history and the revision goes up."""
        self._check(alert, confirm_identifying)
        now = self._clock.now()
        with self._transaction():
            old = self._repo.get(alert.id)
            if old is None or old.deleted:
                raise NotFound("That alert no longer exists; it may have been deleted.")
            new = replace(
                carry_history(old, alert, now),
                reference=old.reference, created_at=old.created_at, updated_at=now,
                revision=old.revision + 1, deleted=False,
            )
            self._repo.update(new, self._clock.today(), self._after_edit(old, new))
            # Which fields changed, by name, and counts of milestones and offers: never the text itself.
            self._audit.append(now, "alert.edit", new.id, reference=new.reference, revision=new.revision,
                               **alert_changes(old, new))
        return new

    def delete(self, reference: str) -> Alert:
        """Delete an alert, keeping a tombstone (so the deletion can travel to other offices)."""
        now = self._clock.now()
        with self._transaction():
            old = self._get(reference)
            if self._on_hold(old.reference):
                raise ValidationError([Problem("alert", (
                    f"{old.reference} is on legal hold, so it is not deleted. Release the hold first (View ▸ Due "
                    f"for review…, or `sg-desktop retention release {old.reference}`)."))])
            tomb = tombstone(old, now)
            self._repo.update(tomb, self._clock.today(), self._after_edit(old, tomb))
            self._audit.append(now, "alert.delete", old.id, reference=old.reference)
        return tomb

    def _after_edit(self, old: Alert, new: Alert) -> Lineage:
        return lineage_after_edit(self._repo, old, new)

    def _check(self, alert: Alert, confirm_identifying: bool) -> None:
        check_alert(alert, lambda code: self._councils.by_code(code) is not None)
        if not confirm_identifying:
            found = identifying_findings(alert)
            if found:
                raise IdentifyingDataWarning([f.message for f in found])

    # -- reading -------------------------------------------------------------------------------

    def get(self, reference: str) -> Alert:
        """The live alert with this reference; NotFound otherwise."""
        return self._get(reference)

    def _get(self, reference: str) -> Alert:
        alert = self._repo.get_by_reference(reference)
        if alert is None or alert.deleted:
            raise NotFound(f"There is no alert {reference.strip()!r} in this vault.")
        return alert

    def get_by_id(self, alert_id: str) -> Alert | None:
        """The alert with this id, tombstones included."""
        return self._repo.get(alert_id)

    def find(self, query: AlertQuery) -> list[Alert]:
        """Every alert matching `query`, in full, in the query's order."""
        repo = self._repo
        return repo.get_many(repo.ids(query, self._current_day()))

    def rows(self, query: AlertQuery, offset: int = 0, limit: int | None = None) -> list[AlertRow]:
        """A page of the log for `query`."""
        return self._repo.rows(query, self._current_day(), offset, limit)

    def count(self, query: AlertQuery) -> int:
        """How many alerts match `query`."""
        return self._repo.count(query, self._current_day())

    def sync_council_names(self) -> None:
        """Store this directory's council names with the alerts, as the log sorts by them: fill them in for
        alerts from before schema 4, and follow the directory where it renamed a council.

        Writes nothing when they already agree (one read of the stored names and one index probe), so a
        session that only reads leaves the vault as it was. Done once, when the session opens, so alerts
        added or imported later are stored with their names and no later open has to rename them.
        """
        names = {c.ons_code: c.name for c in self._councils}
        if self._repo.council_names_agree(names):
            return  # no write lock taken: a command that only reads never waits for another writer here
        with self._transaction():
            self._repo.sync_council_names(names)

    def _current_day(self) -> date:
        # The log's "next milestone" columns are stored; bring them to today before reading them.
        today = self._clock.today()
        if today != self._fresh_on:
            with self._transaction():
                self._repo.refresh_next(today)
            self._fresh_on = today
        return today

    def total(self) -> int:
        """How many live alerts the vault holds."""
        return self._repo.total()

    def all(self, include_deleted: bool = False) -> Iterable[Alert]:
        """Every alert, batch by batch."""
        return self._repo.iter_all(include_deleted)


class OverAlerts:
    """A service that reads one vault beside its alert service: it shares the vault's clock and councils."""

    def __init__(self, alerts: AlertService) -> None:
        self._alerts = alerts

    @property
    def councils(self) -> CouncilDirectory:
        """The councils alerts may be about (for their names and regions)."""
        return self._alerts.councils

    def today(self) -> date:
        """Today, by the vault's clock."""
        return self._alerts.today()
