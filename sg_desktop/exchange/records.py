"""Alerts on the wire: every field of the domain `Alert`, plus the record's ancestry for merging.

Reading is strict: a record with a missing, unknown or mistyped field, or a value outside its
vocabulary, is refused with the field's path, never its text. The *version* of a record is a hash of
everything in it except its ancestry, so two offices holding the same version compute the same value.

Records of body version 2 give each date change a `reason`; version 1 records have none (read as "").
The version hash leaves out a reason that is "", so an alert without reasons has the same version in
files of either body version, and versions stored before reasons existed stay right.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cached_property
from typing import Any

from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    DateConfidence,
    Handling,
    MediaInterest,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
)
from sg_desktop.domain.model import Alert, DateChange, Milestone, SupportOffer
from sg_desktop.domain.validation import MAX_REASON, reason_problem
from sg_desktop.exchange.canonical import canonical_json
from sg_desktop.exchange.wire_fields import (
    MAX_ANCESTORS,
    MAX_ITEMS,
    MAX_REVISION,
    MAX_SHORT,
    MAX_TEXT,
    RecordProblem,
    format_instant,
    parse_instant,
)
from sg_desktop.exchange.wire_fields import ancestors as _ancestors
from sg_desktop.exchange.wire_fields import boolean as _bool
from sg_desktop.exchange.wire_fields import enum_member as _enum
from sg_desktop.exchange.wire_fields import identifier as _ident
from sg_desktop.exchange.wire_fields import instant as _instant
from sg_desktop.exchange.wire_fields import item_list as _list
from sg_desktop.exchange.wire_fields import members as _obj
from sg_desktop.exchange.wire_fields import opt_date as _opt_date
from sg_desktop.exchange.wire_fields import opt_instant as _opt_instant
from sg_desktop.exchange.wire_fields import revision as _revision
from sg_desktop.exchange.wire_fields import sharing as _sharing
from sg_desktop.exchange.wire_fields import string as _string
from sg_desktop.exchange.wire_fields import text as _text
from sg_desktop.exchange.wire_fields import wire_date as _date

__all__ = [
    "MAX_ANCESTORS",
    "MAX_ITEMS",
    "MAX_REVISION",
    "MAX_SHORT",
    "MAX_TEXT",
    "Record",
    "RecordProblem",
    "decode_record",
    "encode_record",
    "format_instant",
    "parse_instant",
    "record_version",
]

_VERSION_LABEL = b"sg-desktop/record-version/v1\x00"
_TIME = re.compile(r"\d{2}:\d{2}")

_ALERT_KEYS = frozenset({
    "id", "reference", "council", "kind", "title", "summary", "media_interest", "handling", "sharing",
    "status", "owner", "embargoed", "reporting_restriction", "milestones", "offers", "created_at",
    "updated_at", "origin_office", "revision", "deleted", "ancestors",
})
_MILESTONE_KEYS = frozenset({"id", "kind", "date", "confidence", "time", "note", "history"})
_CHANGE_KEYS_V1 = frozenset({"old_date", "new_date", "old_confidence", "new_confidence", "changed_at"})
_CHANGE_KEYS = _CHANGE_KEYS_V1 | {"reason"}
_OFFER_KEYS = frozenset({
    "id", "organisation", "kind", "offered_to", "status", "offered_on", "decided_on", "follow_up_on", "note",
})


@dataclass(frozen=True)
class Record:
    """An alert as exchanged: the alert and the versions it descends from (newest first)."""

    alert: Alert
    ancestors: tuple[str, ...] = ()

    @cached_property
    def version(self) -> str:
        """This record's version: 32 hex digits of a hash of all its fields except its ancestors."""
        return record_version(self.alert)


def _d(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _t(value: time | None) -> str | None:
    if value is None:
        return None
    if value.second or value.microsecond or value.tzinfo is not None:
        raise ValueError("milestone times are whole minutes without a time zone")
    return value.strftime("%H:%M")


def _i(value: datetime | None) -> str | None:
    return None if value is None else format_instant(value)


def _change_fields(h: DateChange, wire: bool) -> dict[str, Any]:
    fields = {
        "old_date": h.old_date.isoformat(), "new_date": h.new_date.isoformat(),
        "old_confidence": h.old_confidence.value, "new_confidence": h.new_confidence.value,
        "changed_at": format_instant(h.changed_at),
    }
    if wire or h.reason:  # hashed without an empty reason (see the module's docstring)
        fields["reason"] = h.reason
    return fields


def _alert_fields(a: Alert, wire: bool = False) -> dict[str, Any]:
    # `wire`: as written into a file; otherwise as hashed for the record's version.
    if not 0 <= a.revision <= MAX_REVISION:
        raise ValueError("an alert's revision is out of range")
    return {
        "id": a.id,
        "reference": a.reference,
        "council": a.council,
        "kind": a.kind.value,
        "title": a.title,
        "summary": a.summary,
        "media_interest": a.media_interest.value,
        "handling": a.handling.value,
        "sharing": sorted(o.value for o in a.sharing),
        "status": a.status.value,
        "owner": a.owner,
        "embargoed": a.embargoed,
        "reporting_restriction": a.reporting_restriction,
        "milestones": [
            {
                "id": m.id, "kind": m.kind.value, "date": m.date.isoformat(),
                "confidence": m.confidence.value, "time": _t(m.time), "note": m.note,
                "history": [_change_fields(h, wire) for h in m.history],
            }
            for m in a.milestones
        ],
        "offers": [
            {
                "id": o.id, "organisation": o.organisation.value, "kind": o.kind.value,
                "offered_to": o.offered_to.value, "status": o.status.value, "offered_on": _d(o.offered_on),
                "decided_on": _d(o.decided_on), "follow_up_on": _d(o.follow_up_on), "note": o.note,
            }
            for o in a.offers
        ],
        "created_at": _i(a.created_at),
        "updated_at": _i(a.updated_at),
        "origin_office": a.origin_office,
        "revision": a.revision,
        "deleted": a.deleted,
    }


def record_version(alert: Alert) -> str:
    """The version hash of an alert: SHA-256 over a label and its canonical JSON, first 16 bytes in hex."""
    return _version_of(_alert_fields(alert))


def _version_of(fields: dict[str, Any]) -> str:
    return hashlib.sha256(_VERSION_LABEL + canonical_json(fields)).hexdigest()[:32]


def encode_record(record: Record) -> dict[str, Any]:
    """A record as the JSON object written into a protocol file (body version 2: every date change has a reason)."""
    fields = _alert_fields(record.alert, wire=True)
    fields["ancestors"] = list(record.ancestors)
    return fields


# -- reading ---------------------------------------------------------------------------------------


def _time(value: object, path: str) -> time | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _TIME.fullmatch(value):
        raise RecordProblem(f"{path} is not a time (HH:MM)")
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise RecordProblem(f"{path} is not a time (HH:MM)") from None


def _reason(value: object, path: str) -> str:
    # The same rule as an officer's own reason (domain validation), so a stored alert can always be saved again.
    text = _string(value, path, MAX_REASON)
    if reason_problem(text) is not None:
        raise RecordProblem(f"{path} is not one line of text without control characters")
    return text


def _change(value: object, path: str, with_reason: bool) -> DateChange:
    v = _obj(value, _CHANGE_KEYS if with_reason else _CHANGE_KEYS_V1, path)
    return DateChange(
        old_date=_date(v["old_date"], f"{path}.old_date"),
        new_date=_date(v["new_date"], f"{path}.new_date"),
        old_confidence=_enum(DateConfidence, v["old_confidence"], f"{path}.old_confidence"),
        new_confidence=_enum(DateConfidence, v["new_confidence"], f"{path}.new_confidence"),
        changed_at=_instant(v["changed_at"], f"{path}.changed_at"),
        reason=_reason(v["reason"], f"{path}.reason") if with_reason else "",
    )


def _change_v1(value: object, path: str) -> DateChange:
    return _change(value, path, with_reason=False)


def _change_v2(value: object, path: str) -> DateChange:
    return _change(value, path, with_reason=True)


def _milestone_v1(value: object, path: str) -> Milestone:
    return _milestone(value, path, _change_v1)


def _milestone_v2(value: object, path: str) -> Milestone:
    return _milestone(value, path, _change_v2)


def _milestone(value: object, path: str, change: Callable[[object, str], DateChange]) -> Milestone:
    v = _obj(value, _MILESTONE_KEYS, path)
    return Milestone(
        kind=_enum(MilestoneKind, v["kind"], f"{path}.kind"),
        date=_date(v["date"], f"{path}.date"),
        confidence=_enum(DateConfidence, v["confidence"], f"{path}.confidence"),
        time=_time(v["time"], f"{path}.time"),
        note=_text(v["note"], f"{path}.note", multiline=True),
        history=_list(v["history"], f"{path}.history", change),
        id=_ident(v["id"], f"{path}.id"),
    )


def _offer(value: object, path: str) -> SupportOffer:
    v = _obj(value, _OFFER_KEYS, path)
    return SupportOffer(
        organisation=_enum(OfferingOrganisation, v["organisation"], f"{path}.organisation"),
        kind=_enum(OfferKind, v["kind"], f"{path}.kind"),
        offered_to=_enum(OfferedTo, v["offered_to"], f"{path}.offered_to"),
        status=_enum(OfferStatus, v["status"], f"{path}.status"),
        offered_on=_opt_date(v["offered_on"], f"{path}.offered_on"),
        decided_on=_opt_date(v["decided_on"], f"{path}.decided_on"),
        follow_up_on=_opt_date(v["follow_up_on"], f"{path}.follow_up_on"),
        note=_text(v["note"], f"{path}.note", multiline=True),
        id=_ident(v["id"], f"{path}.id"),
    )


def decode_record(value: object, with_reasons: bool = True) -> Record:
    """A record from its JSON object; RecordProblem naming the first field that breaks the format.

    `with_reasons` is False for a record of body version 1, whose date changes have no `reason`.
    """
    v = _obj(value, _ALERT_KEYS, "")
    alert = Alert(
        id=_ident(v["id"], "id"),
        reference=_text(v["reference"], "reference", MAX_SHORT),
        council=_text(v["council"], "council", MAX_SHORT),
        kind=_enum(AlertKind, v["kind"], "kind"),
        title=_text(v["title"], "title"),
        summary=_text(v["summary"], "summary", multiline=True),
        media_interest=_enum(MediaInterest, v["media_interest"], "media_interest"),
        handling=_enum(Handling, v["handling"], "handling"),
        sharing=_sharing(v["sharing"], "sharing"),
        status=_enum(AlertStatus, v["status"], "status"),
        owner=_text(v["owner"], "owner", MAX_SHORT),
        embargoed=_bool(v["embargoed"], "embargoed"),
        reporting_restriction=_bool(v["reporting_restriction"], "reporting_restriction"),
        milestones=_list(v["milestones"], "milestones", _milestone_v2 if with_reasons else _milestone_v1),
        offers=_list(v["offers"], "offers", _offer),
        created_at=_opt_instant(v["created_at"], "created_at"),
        updated_at=_opt_instant(v["updated_at"], "updated_at"),
        origin_office=_text(v["origin_office"], "origin_office", MAX_SHORT),
        revision=_revision(v["revision"], "revision"),
        deleted=_bool(v["deleted"], "deleted"),
    )
    record = Record(alert, _ancestors(v["ancestors"]))
    # Reading is strict enough that the JSON as received is exactly what encoding the alert again would
    # give (the tests check this), so the version can come from it without re-encoding the alert.
    fields = {k: x for k, x in v.items() if k != "ancestors"}
    if with_reasons:
        fields["milestones"] = [_hashed_milestone(m) for m in v["milestones"]]
    record.__dict__["version"] = _version_of(fields)
    return record


def _hashed_milestone(m: dict[str, Any]) -> dict[str, Any]:
    # A milestone of a version 2 record as the version hash has it: date changes without an empty reason.
    if not any(h["reason"] == "" for h in m["history"]):
        return m
    history = [{k: x for k, x in h.items() if k != "reason"} if h["reason"] == "" else h for h in m["history"]]
    return {**m, "history": history}
