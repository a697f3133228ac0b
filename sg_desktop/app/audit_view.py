"""The audit trail to read: entries by date, office, kind of event and alert, a page at a time, in words;
one alert's own history; and the check of the whole chain, naming the first broken entry.

The GUI's Audit window and an alert's History tab, and the `audit` command's filters, all read through
here, so an entry reads the same everywhere. Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sg_desktop.app.audit_words import THIS_OFFICE, AuditLine, describe, office_words
from sg_desktop.app.offices import OfficeService
from sg_desktop.domain.councils import CouncilDirectory
from sg_desktop.store.audit import AuditEntry, AuditFilter, AuditLog

__all__ = ["EVENT_KINDS", "HISTORY_LIMIT", "PAGE", "THIS_OFFICE", "AuditEntry", "AuditLine", "AuditQuery",
           "AuditView", "ChainCheck", "EventKind", "event_kind"]

PAGE = 200
"""How many entries a page holds: enough to fill a tall window twice, little enough to read at once."""
HISTORY_LIMIT = 2000
"""The most entries an alert's history shows (an alert edited every day for five years has fewer)."""


@dataclass(frozen=True)
class EventKind:
    """A kind of event the audit window filters by: its key (for `--kind`), its label and its actions."""

    key: str
    label: str
    actions: tuple[str, ...]  # glob patterns


EVENT_KINDS: tuple[EventKind, ...] = (
    EventKind("added", "Alerts added", ("alert.add",)),
    EventKind("edited", "Alerts edited", ("alert.edit",)),
    EventKind("deleted", "Alerts deleted", ("alert.delete",)),
    EventKind("exported", "Files exported", ("exchange.export", "alert.export")),
    EventKind("imported", "Files imported", ("exchange.import", "alert.import")),
    EventKind("plain-files", "Calendars, tables and reports saved (not encrypted)", ("file.plain",)),
    EventKind("offices", "Offices added, trusted, changed or removed", ("office.*",)),
    EventKind("unlock-lock", "Vault unlocked and locked", ("vault.unlock", "vault.lock")),
    EventKind("passphrase", "Passphrase changed or recovered", ("vault.passphrase-*",)),
    EventKind("lessons", "Lessons learned", ("lesson.*",)),
    EventKind("retention", "Retention and legal hold", ("retention.*",)),
    EventKind("vault", "Vault created, backed up or restored",
              ("vault.create", "vault.backup*", "vault.restore*", "backup.*", "restore.*")),
)


def event_kind(key: str) -> EventKind | None:
    """The kind with this key (or label, in any case), or None."""
    wanted = key.strip().lower()
    return next((k for k in EVENT_KINDS if wanted in (k.key, k.label.lower())), None)


@dataclass(frozen=True)
class AuditQuery:
    """What the officer asked for: days (both included, in local time), a kind's key, an office's name as this
    vault knows it, and text of an alert's reference ("" or None: any)."""

    since: date | None = None
    until: date | None = None
    kind: str = ""
    office: str = ""
    reference: str = ""


@dataclass(frozen=True)
class ChainCheck:
    """The result of checking every link of the audit chain."""

    entries: int
    broken_seq: int | None
    message: str

    @property
    def intact(self) -> bool:
        """Whether every entry links to the one before."""
        return self.broken_seq is None


class AuditView:
    """Reads the vault's audit log for people: filtered pages, an alert's history, the chain check."""

    def __init__(self, log: AuditLog, offices: OfficeService, councils: CouncilDirectory) -> None:
        self._log = log
        self._offices = offices
        self._councils = councils
        self._own: str | None = None
        self._replaced: tuple[int, dict[str, str]] | None = None

    # -- choices ---------------------------------------------------------------------------------------

    @property
    def kinds(self) -> tuple[EventKind, ...]:
        """The kinds of event to filter by."""
        return EVENT_KINDS

    def office_names(self) -> list[str]:
        """The offices this vault knows, by name, to filter by."""
        return sorted((o.name for o in self._offices.all()), key=str.casefold)

    # -- reading ---------------------------------------------------------------------------------------

    def lines(self, query: AuditQuery, before: int | None = None, limit: int = PAGE) -> list[AuditLine]:
        """Up to `limit` entries matching `query`, newest first, older than entry `before` if given."""
        which = self._filter(query)
        if which is None:
            return []
        return self._words(self._log.page(which, before, limit))

    def entries(self, query: AuditQuery, limit: int = PAGE) -> list[AuditEntry]:
        """Up to `limit` entries matching `query` as stored (ids, counts, enum values), newest first."""
        which = self._filter(query)
        return [] if which is None else self._log.page(which, None, limit)

    def count(self, query: AuditQuery) -> int:
        """How many entries match `query`."""
        which = self._filter(query)
        return 0 if which is None else self._log.count(which)

    def history(self, alert_id: str, reference: str = "") -> list[AuditLine]:
        """The entries about one alert, newest first: added, edited, exported, imported, deleted; and, given
        its `reference`, the lessons recorded about it."""
        entries = self._log.page(AuditFilter(record_ids=(alert_id,)), None, HISTORY_LIMIT)
        if reference:
            entries += self._log.page(AuditFilter(actions=("lesson.*",), reference_is=reference), None,
                                      HISTORY_LIMIT)
            entries.sort(key=lambda e: e.seq, reverse=True)
        return self._words(entries[:HISTORY_LIMIT])

    def check(self) -> ChainCheck:
        """Check every link of the chain; the message names the first broken entry, if there is one."""
        checked = self._log.check()
        if checked.broken is None:
            n = checked.intact
            return ChainCheck(n, None, f"The audit trail is intact: {n:,} {'entry' if n == 1 else 'entries'}, "
                                       "each linked to the one before.")
        broken = checked.broken
        what = describe(AuditEntry(broken.seq, datetime.now(UTC), broken.action, "", {}, ""), office_words({}),
                        self._council_name).what
        intact = f"entries 1 to {broken.intact:,} are intact" if broken.intact else "no entry before it is intact"
        return ChainCheck(checked.intact, broken.seq, f"The audit trail is broken at entry {broken.seq:,} ({what}, "
                                                      f"recorded {_stored_moment(broken.at)}): it was changed outside "
                                                      f"SG Desktop, or an entry before it was removed; {intact}.")

    # -- inside ----------------------------------------------------------------------------------------

    def _filter(self, query: AuditQuery) -> AuditFilter | None:
        """The store's filter for `query`; None when it can match nothing (an office not known here)."""
        actions: tuple[str, ...] = ()
        if query.kind:
            kind = event_kind(query.kind)
            if kind is None:
                return None
            actions = kind.actions
        mentions: tuple[str, ...] = ()
        if query.office.strip():
            fingerprints = self._fingerprints_of(query.office)
            if not fingerprints:
                return None
            mentions = fingerprints
        return AuditFilter(
            since=_local_midnight(query.since) if query.since is not None else None,
            until=_local_midnight(query.until + timedelta(days=1)) if query.until is not None else None,
            actions=actions, mentions=mentions, reference=query.reference or "",
        )

    def _fingerprints_of(self, name: str) -> tuple[str, ...]:
        """The office's fingerprint now and every one it had before a key replacement (hex)."""
        wanted = name.strip().casefold()
        office = next((o for o in self._offices.all() if o.name.casefold() == wanted), None)
        if office is None:
            return ()
        return _earlier(office.fingerprint.hex(), self._replaced_keys())

    def _replaced_keys(self) -> dict[str, str]:
        """Each fingerprint pinned by a key replacement → the one it replaced (read again after a new entry)."""
        last = self._log.last_seq()
        if self._replaced is None or self._replaced[0] != last:
            entries = self._log.page(AuditFilter(actions=("office.replace-key",)), None, 100_000)
            self._replaced = last, {e.record_id: str(e.detail.get("old", "")) for e in entries}
        return self._replaced[1]

    def _words(self, entries: list[AuditEntry]) -> list[AuditLine]:
        names: dict[str, str] = {}
        replaced = self._replaced_keys()
        for office in self._offices.all():
            for fingerprint in _earlier(office.fingerprint.hex(), replaced):
                names[fingerprint] = office.name
        if self._own is None:
            self._own = self._offices.keys().fingerprint.hex()
        names[self._own] = THIS_OFFICE
        name_of = office_words(names)
        return [describe(e, name_of, self._council_name) for e in entries]

    def _council_name(self, code: str) -> str:
        council = self._councils.by_code(code)
        return council.name if council is not None else "a council not in the list"


def _earlier(fingerprint: str, replaced: dict[str, str]) -> tuple[str, ...]:
    """`fingerprint` and every one an office had before it, newest first."""
    found = [fingerprint]
    while replaced.get(found[-1]) and replaced[found[-1]] not in found:
        found.append(replaced[found[-1]])
    return tuple(found)


def _stored_moment(text: str) -> str:
    """A stored time as "24 Nov 2026, 10:00" in local time; as stored if it no longer reads as a time."""
    try:
        moment = datetime.fromisoformat(text).astimezone()
    except ValueError:
        return text[:16]
    return f"{moment.day} {moment:%b %Y, %H:%M}"


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min).astimezone()
