"""An audit entry in words: what happened, to which alert, with which office, and the details an officer reads.

Entries hold identifiers, counts and enum values only; this turns them into sentences ("Changed title and
status; Publication moved"), naming offices by the name this vault knows them by. An action this version does
not know is still shown, with its counts; any other value of its details is left out, since nothing says it
is not text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sg_desktop.domain.enums import MilestoneKind, OfferKind, OfferStatus, OrgType, PlainFile
from sg_desktop.domain.office import TrustMethod, fingerprint_digits
from sg_desktop.store.audit import AuditEntry

__all__ = ["THIS_OFFICE", "AuditLine", "NameOf", "changes_words", "describe", "office_words"]

THIS_OFFICE = "This office"

E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class AuditLine:
    """One audit entry as the audit window and an alert's history show it.

    `office` is the other office the event involved ("" when none), `who` the office that made the change
    (this office, or the one a file came from), `reference` the alert's reference ("" when not about one).
    """

    seq: int
    at: datetime
    action: str
    what: str
    reference: str
    office: str
    details: str
    who: str = THIS_OFFICE


NameOf = Callable[[str], str]
"""An office's name from its fingerprint (hex), or words for an office no longer known here."""


def office_words(names: Mapping[str, str]) -> NameOf:
    """Name offices from `names` (fingerprint hex → name); others as a removed office with its first digits."""

    def name_of(fingerprint: str) -> str:
        known = names.get(fingerprint)
        if known is not None:
            return known
        try:
            digits = fingerprint_digits(bytes.fromhex(fingerprint))
        except ValueError:
            return "An office not known here"
        return f"An office not known here ({digits[:11]}…)"

    return name_of


def describe(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> AuditLine:
    """`entry` in words."""
    d = entry.detail
    reference = _text(d.get("reference"))
    if entry.action.startswith("alert."):
        reference = reference or "—"
    describer = _DESCRIBERS.get(entry.action)
    if describer is None:
        what, office, details = _unknown(entry.action, d)
    else:
        what, office, details = describer(entry, name_of, council_name)
    who = name_of(_text(d.get("sender"))) if entry.action in ("alert.import", "exchange.import") else THIS_OFFICE
    return AuditLine(entry.seq, entry.at, entry.action, what, reference, office, details, who)


# -- each action ------------------------------------------------------------------------------------------

_Words = tuple[str, str, str]  # what, office, details


def _alert_add(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    return "Alert added", "", ""


def _alert_edit(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    return "Alert edited", "", changes_words(entry.detail) or "Saved with no change"


def _alert_delete(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    return "Alert deleted", "", "Its text was removed; the deletion can be sent to other offices"


def _alert_export(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    d = entry.detail
    office = _recipients(d, name_of)
    sent = "Its deletion sent" if d.get("deletion") is True else "Sent"
    return "Alert exported", office, f"{sent} in file {_short(d.get('file'))}"


_IMPORT_RESULTS = {
    "new": "New here",
    "updated": "Updated",
    "conflict": "Changed both here and by the sender",
    "copy": "Kept as a separate copy",
}
_CHOICES = {
    "keep-mine": "this office's version kept",
    "take-theirs": "the sender's version taken",
    "keep-both": "both kept",
}


def _alert_import(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    d = entry.detail
    parts = [_IMPORT_RESULTS.get(_text(d.get("result")), "Received")]
    choice = _CHOICES.get(_text(d.get("choice")))
    if choice:
        parts[0] += f": {choice}"
    if d.get("copy_of"):
        parts[0] += f" (the sender's version of {_text(d.get('copy_of'))})"
    changes = changes_words(d)
    if changes:
        parts.append(changes)
    parts.append(f"file {_short(d.get('file'))}")
    return "Alert imported", name_of(_text(d.get("sender"))), "; ".join(parts)


def _file_export(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    d = entry.detail
    parts = [_count(d.get("records"), "alert")]
    tombstones = _int(d.get("tombstones"))
    if tombstones:
        parts[0] += f" ({_count(tombstones, 'deletion')})"
    left_out = _int(d.get("left_out"))
    if left_out:
        parts.append(f"{_count(left_out, 'alert')} left out (not shared with them)")
    if "sequence" in d:
        parts.append(f"file number {_int(d.get('sequence'))}")
    parts.append(f"file {_short(entry.record_id)}")
    return "File exported", _recipients(d, name_of), "; ".join(parts)


_IMPORT_COUNTS = (("new", "new"), ("updated", "updated"), ("conflict", "in conflict"), ("unchanged", "unchanged"),
                  ("older-ignored", "older, ignored"))


def _file_import(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    d = entry.detail
    counted = [f"{_int(d.get(key)):,} {words}" for key, words in _IMPORT_COUNTS if _int(d.get(key))]
    parts = [", ".join(counted) or "Nothing in it"]
    copies = _int(d.get("copies"))
    if copies:
        parts.append(f"{_count(copies, 'copy', 'copies')} kept beside this office's version")
    if d.get("passphrase") is True:
        parts.append("a passphrase file")
    if "sequence" in d:
        parts.append(f"file number {_int(d.get('sequence'))}")
    parts.append(f"file {_short(entry.record_id)}")
    return "File imported", name_of(_text(d.get("sender"))), "; ".join(parts)


def _trust_words(value: object) -> str:
    if value == "no":
        return "not trusted yet (compare its fingerprint by phone)"
    method = _enum(TrustMethod, value)
    return f"trusted: {method.label.lower()}" if method is not None else ""


def _office_add(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    d = entry.detail
    org = _enum(OrgType, d.get("org"))
    parts = [org.label if org is not None else "Organisation not recorded"]
    if d.get("kind") == "age-only":
        parts.append("without SG Desktop (can receive files, not send them)")
    trust = _trust_words(d.get("trusted"))
    if trust:
        parts.append(trust)
    if d.get("council"):
        parts.append(f"council: {council_name(_text(d.get('council')))}")
    return "Office added", name_of(entry.record_id), "; ".join(parts)


def _office_trust(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    method = _enum(TrustMethod, entry.detail.get("method"))
    return "Office trusted", name_of(entry.record_id), method.label if method is not None else ""


def _office_council(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    d = entry.detail
    now = council_name(_text(d.get("council"))) if d.get("council") else "none"
    was = f" (was {council_name(_text(d.get('previous')))})" if d.get("previous") else ""
    how = " — from the office's name" if d.get("source") == "name" else ""
    return "Office's council recorded", name_of(entry.record_id), f"Council: {now}{was}{how}"


def _office_replace_key(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    trust = _trust_words(entry.detail.get("trusted"))
    return "Office's keys replaced", name_of(entry.record_id), "New keys pinned" + (f"; {trust}" if trust else "")


def _office_remove(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    org = _enum(OrgType, entry.detail.get("org"))
    return "Office removed", name_of(entry.record_id), org.label if org is not None else ""


_LOCK_REASONS = {
    "request": "Locked by the officer",
    "idle": "After the idle time set in Preferences",
    "quit": "On quitting SG Desktop",
    "sleep": "The computer was going to sleep",
    "suspended": "The computer was going to sleep",
    "session-lock": "The desktop session locked",
    "screen-locker": "The screen locker started",
}
_UNLOCK_WITH = {"passphrase": "With the passphrase", "recovery-key": "With the recovery key"}


def _vault(what: str, details: str = "") -> Callable[[AuditEntry, NameOf, Callable[[str], str]], _Words]:
    def words(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
        return what, "", details

    return words


def _unlock(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    return "Vault unlocked", "", _UNLOCK_WITH.get(_text(entry.detail.get("with")), "")


def _lock(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    return "Vault locked", "", _LOCK_REASONS.get(_text(entry.detail.get("reason")), "")


def _passphrase_change(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    late = entry.detail.get("completed_on_open") is True
    return "Passphrase changed", "", ("Recorded when the vault next opened (the change was cut off before it "
                                      "was recorded)" if late else "The old passphrase no longer opens the vault")


_BACKUP_KINDS = {"automatic": "Made automatically", "manual": "Made by the officer"}


def _backup(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    return "Backup made", "", _BACKUP_KINDS.get(_text(entry.detail.get("kind")), "")


def _restore(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    made = _moment(entry.detail.get("backup_created"))
    return "Vault restored from a backup", "", f"The backup was made {made}" if made else ""


def _lesson(what: str) -> Callable[[AuditEntry, NameOf, Callable[[str], str]], _Words]:
    def words(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
        d = entry.detail
        parts = []
        if d.get("may_share") is True:
            parts.append("may be shared with other offices")
        reviews = _int(d.get("reviews"))
        if reviews:
            parts.append(f"{_count(reviews, 'support offer')} reviewed")
        if d.get("file"):
            parts.append(f"file {_short(d.get('file'))}")
        text = "; ".join(parts)
        return what, "", text[:1].upper() + text[1:]

    return words


def _retention_period(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    d = entry.detail
    was = _int(d.get("was"))
    return ("Retention period set", "",
            f"{_count(d.get('months'), 'month')} after an alert closes" + (f" (was {_count(was, 'month')})"
                                                                           if was else ""))


def _retention_keep(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    until = _day(entry.detail.get("until"))
    return "Kept past its retention period", "", f"Kept until {until}" if until else ""


def _retention_delete(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    closed = _day(entry.detail.get("closed_on"))
    return ("Deleted at the end of its retention period", "",
            "Its text was removed" + (f"; it closed on {closed}" if closed else ""))


_PLAIN_ITEMS = {PlainFile.CALENDAR: "milestone", PlainFile.TABLE: "alert", PlainFile.BRIEFING: "alert",
                PlainFile.DIGEST: "lesson"}


def _plain_file(entry: AuditEntry, name_of: NameOf, council_name: Callable[[str], str]) -> _Words:
    kind = _enum(PlainFile, entry.detail.get("kind"))
    if kind is None:
        return "File saved (not encrypted)", "", ""
    return kind.label, "", f"Holding {_count(entry.detail.get('items'), _PLAIN_ITEMS[kind])}"


_DESCRIBERS: dict[str, Callable[[AuditEntry, NameOf, Callable[[str], str]], _Words]] = {
    "alert.add": _alert_add,
    "alert.edit": _alert_edit,
    "alert.delete": _alert_delete,
    "alert.export": _alert_export,
    "alert.import": _alert_import,
    "exchange.export": _file_export,
    "exchange.import": _file_import,
    "office.add": _office_add,
    "office.trust": _office_trust,
    "office.council": _office_council,
    "office.replace-key": _office_replace_key,
    "office.remove": _office_remove,
    "vault.create": _vault("Vault created"),
    "vault.unlock": _unlock,
    "vault.lock": _lock,
    "vault.passphrase-change": _passphrase_change,
    "vault.passphrase-recover": _vault("New passphrase set with the recovery key"),
    "vault.backup": _backup,
    "vault.restore": _restore,
    "lesson.add": _lesson("Lesson recorded"),
    "lesson.edit": _lesson("Lesson edited"),
    "lesson.import": _lesson("Lesson imported"),
    "retention.period": _retention_period,
    "retention.keep": _retention_keep,
    "retention.hold": _vault("Put on legal hold", "It will not be deleted until the hold is released"),
    "retention.release": _vault("Released from legal hold"),
    "retention.delete": _retention_delete,
    "file.plain": _plain_file,
}


def _unknown(action: str, d: Mapping[str, Any]) -> _Words:
    counts = [f"{k.replace('_', ' ')}: {v:,}" for k, v in sorted(d.items()) if isinstance(v, int)
              and not isinstance(v, bool)]
    words = action.replace(".", " ").replace("-", " ").replace("_", " ").strip()
    return (words[:1].upper() + words[1:]) or "Unnamed event", "", "; ".join(counts)


# -- what an edit changed -----------------------------------------------------------------------------------

_FIELD_WORDS = {
    "council": "council",
    "kind": "kind",
    "title": "title",
    "summary": "summary",
    "media_interest": "media interest",
    "handling": "handling marking",
    "sharing": "sharing",
    "status": "status",
    "owner": "owner",
    "embargoed": "embargo",
    "reporting_restriction": "reporting restriction",
}


def changes_words(d: Mapping[str, Any]) -> str:
    """What `alert_changes` recorded, in words: "Changed title and status; Publication moved; 1 offer added"."""
    parts: list[str] = []
    names = [_FIELD_WORDS.get(str(f), str(f).replace("_", " ")) for f in _list(d.get("fields"))]
    if names:
        parts.append(f"Changed {_and(names)}")
    ms = d.get("milestones")
    if isinstance(ms, Mapping):
        for kind in _list(ms.get("moved")):
            found = _enum(MilestoneKind, kind)
            parts.append(f"{found.label if found is not None else 'A milestone'} moved")
        parts += _counted(ms, "milestone")
    offers = d.get("offers")
    if isinstance(offers, Mapping):
        for step in _list(offers.get("status")):
            if isinstance(step, Sequence) and not isinstance(step, str) and len(step) == 3:
                kind, was, now = _enum(OfferKind, step[0]), _enum(OfferStatus, step[1]), _enum(OfferStatus, step[2])
                if kind is not None and was is not None and now is not None:
                    parts.append(f"{kind.label} offer: {was.label.lower()} → {now.label.lower()}")
        parts += _counted(offers, "support offer")
    return "; ".join(parts)


def _counted(d: Mapping[str, Any], noun: str) -> list[str]:
    out = []
    for key, verb in (("added", "added"), ("removed", "removed"), ("changed", "changed")):
        n = _int(d.get(key))
        if n:
            out.append(f"{_count(n, noun)} {verb}" if key != "changed" else f"{_count(n, noun)}: details changed")
    return out


# -- small pieces -------------------------------------------------------------------------------------------


def _recipients(d: Mapping[str, Any], name_of: NameOf) -> str:
    if d.get("passphrase") is True:
        org = _enum(OrgType, d.get("org"))
        return f"A passphrase file{f' for {org.label}' if org is not None else ''}"
    return ", ".join(name_of(_text(fp)) for fp in _list(d.get("to")))


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _count(n: object, noun: str, nouns: str = "") -> str:
    value = _int(n)
    return f"{value:,} {noun if value == 1 else nouns or noun + 's'}"


def _short(file_id: object) -> str:
    text = _text(file_id)
    return text[:8] or "—"


def _day(value: object) -> str:
    try:
        day = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return ""
    return f"{day.day} {day:%b %Y}" if day is not None else ""


def _moment(value: object) -> str:
    try:
        moment = datetime.fromisoformat(value).astimezone() if isinstance(value, str) else None
    except ValueError:
        return ""
    return f"{moment.day} {moment:%b %Y, %H:%M}" if moment is not None else ""


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _enum(kind: type[E], value: object) -> E | None:
    try:
        return kind(value) if isinstance(value, str) else None
    except ValueError:
        return None
