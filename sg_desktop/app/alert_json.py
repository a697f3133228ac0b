"""The JSON shape of alerts that `list --json` prints and `add --from-json` reads back.

Reading is strict and says exactly which field of which alert is wrong; unknown fields are refused
rather than silently dropped, so a typo in a script cannot lose data. What is worked out rather than kept
(the council's name and region, the next milestone, the urgency, and `received`, which `show --json` adds)
is accepted back and ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any, TypeVar

from sg_desktop.app.importing import Receipt
from sg_desktop.domain.councils import CouncilDirectory
from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    Coverage,
    DateConfidence,
    Handling,
    MediaInterest,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
    OrgType,
    parse_enum,
)
from sg_desktop.domain.errors import Problem, ValidationError
from sg_desktop.domain.model import Alert, DateChange, Milestone, SupportOffer
from sg_desktop.domain.urgency import assess

__all__ = ["FieldReader", "alert_from_json", "alert_to_json", "alerts_from_json", "receipt_to_json"]

E = TypeVar("E", AlertKind, AlertStatus, Coverage, DateConfidence, Handling, MediaInterest, MilestoneKind, OfferedTo,
            OfferingOrganisation, OfferKind, OfferStatus, OrgType)

_ALERT_FIELDS = {
    "reference", "id", "council", "council_code", "kind", "title", "summary", "status", "media_interest",
    "handling", "sharing", "owner", "embargoed", "reporting_restriction", "milestones", "offers",
    "created_at", "updated_at", "revision", "origin_office", "next_milestone", "urgency", "region", "received",
}
_HH_MM = re.compile(r"[0-9]{2}:[0-9]{2}")
_FIELD_NAME = re.compile(r"[A-Za-z0-9_-]{1,40}")
_MILESTONE_FIELDS = {"kind", "date", "confidence", "time", "note", "history", "id"}
_CHANGE_FIELDS = {"from", "to", "from_confidence", "to_confidence", "changed_at", "reason"}
_OFFER_FIELDS = {"organisation", "kind", "offered_to", "status", "offered_on", "decided_on", "follow_up_on",
                 "note", "id"}


def alert_to_json(alert: Alert, councils: CouncilDirectory, today: date) -> dict[str, Any]:
    """An alert as plain JSON values (dates as ISO text, enums as their values)."""
    council = councils.by_code(alert.council)
    urgency = assess(alert, today)
    nxt = urgency.milestone
    return {
        "reference": alert.reference,
        "id": alert.id,
        "council": council.name if council else alert.council,
        "council_code": alert.council,
        "region": council.region if council else None,
        "kind": alert.kind.value,
        "title": alert.title,
        "summary": alert.summary,
        "status": alert.status.value,
        "media_interest": alert.media_interest.value,
        "handling": alert.handling.value,
        "sharing": sorted(o.value for o in alert.sharing),
        "owner": alert.owner,
        "embargoed": alert.embargoed,
        "reporting_restriction": alert.reporting_restriction,
        "milestones": [
            {
                "id": m.id, "kind": m.kind.value, "date": m.date.isoformat(), "confidence": m.confidence.value,
                "time": m.time.strftime("%H:%M") if m.time else None, "note": m.note,
                "history": [
                    {"from": h.old_date.isoformat(), "to": h.new_date.isoformat(),
                     "from_confidence": h.old_confidence.value, "to_confidence": h.new_confidence.value,
                     "changed_at": h.changed_at.isoformat(), "reason": h.reason}
                    for h in m.history
                ],
            }
            for m in alert.milestones
        ],
        "offers": [
            {
                "id": o.id, "organisation": o.organisation.value, "kind": o.kind.value,
                "offered_to": o.offered_to.value, "status": o.status.value,
                "offered_on": _iso(o.offered_on), "decided_on": _iso(o.decided_on),
                "follow_up_on": _iso(o.follow_up_on), "note": o.note,
            }
            for o in alert.offers
        ],
        "next_milestone": None if nxt is None else {
            "kind": nxt.kind.value, "date": nxt.date.isoformat(), "days": urgency.days,
        },
        "urgency": urgency.level.label.lower(),
        "created_at": alert.created_at.isoformat() if alert.created_at else None,
        "updated_at": alert.updated_at.isoformat() if alert.updated_at else None,
        "revision": alert.revision,
        "origin_office": alert.origin_office,
    }


def receipt_to_json(receipt: Receipt | None) -> dict[str, Any] | None:
    """Where an alert came from, for `show --json`: the sending office, when it arrived, and whether the alert is
    still the version received (false once changed here); None for an alert made here."""
    if receipt is None:
        return None
    return {"office": receipt.office_name, "received_at": receipt.received_at.isoformat(),
            "current": receipt.is_current}


def alerts_from_json(data: Any, councils: CouncilDirectory) -> list[Alert]:
    """New alerts from one JSON alert object or a list of them (ids and references are not carried over)."""
    items = data if isinstance(data, list) else [data]
    alerts, problems = [], []
    for i, item in enumerate(items, 1):
        where = f"alert {i}" if isinstance(data, list) else "the alert"
        try:
            alerts.append(alert_from_json(item, councils))
        except ValidationError as exc:
            problems += [Problem(p.field, f"In {where}: {p.message}") for p in exc.problems]
    if problems:
        raise ValidationError(problems)
    return alerts


def alert_from_json(item: Any, councils: CouncilDirectory) -> Alert:
    """One new alert from its JSON object; ValidationError names every bad field."""
    r = FieldReader(item, "", _ALERT_FIELDS)
    code = r.text("council_code", required=False)
    council = councils.by_code(code) if code else None
    if council is None:
        name = r.text("council")
        council = councils.find(name) if name else None
        if council is None and name:
            near = ", ".join(c.name for c in councils.suggest(name))
            r.problem("council", "is not a council SG Desktop knows" + (f" (did you mean {near}?)" if near else ""))
    kind = r.enum("kind", AlertKind)
    milestones = [_milestone(m, f"milestones[{j}]", r) for j, m in enumerate(r.list("milestones"), 1)]
    offers = [_offer(o, f"offers[{j}]", r) for j, o in enumerate(r.list("offers"), 1)]
    sharing = [r.enum_value(v, "sharing", OrgType) for v in r.list("sharing", default=["lga", "adcs"])]
    alert = Alert(
        council=council.ons_code if council else "",
        kind=kind or AlertKind.OTHER,
        title=r.text("title") or "",
        summary=r.text("summary", required=False) or "",
        media_interest=r.enum("media_interest", MediaInterest, MediaInterest.LOCAL) or MediaInterest.LOCAL,
        handling=r.enum("handling", Handling, Handling.OFFICIAL_SENSITIVE) or Handling.OFFICIAL_SENSITIVE,
        sharing=frozenset(s for s in sharing if s is not None),
        status=r.enum("status", AlertStatus, AlertStatus.ACTIVE) or AlertStatus.ACTIVE,
        owner=r.text("owner", required=False) or "",
        embargoed=r.flag("embargoed"),
        reporting_restriction=r.flag("reporting_restriction"),
        milestones=tuple(m for m in milestones if m is not None),
        offers=tuple(o for o in offers if o is not None),
    )
    r.done()
    return alert


def _milestone(item: Any, where: str, parent: FieldReader) -> Milestone | None:
    r = FieldReader(item, where, _MILESTONE_FIELDS, parent)
    kind = r.enum("kind", MilestoneKind)
    when = r.date("date", required=True)
    conf = r.enum("confidence", DateConfidence, DateConfidence.PROVISIONAL)
    at = r.time("time")
    history = []
    for j, h in enumerate(r.list("history"), 1):
        hr = FieldReader(h, f"{where}.history[{j}]", _CHANGE_FIELDS, parent)
        old, new = hr.date("from", required=True), hr.date("to", required=True)
        oc, nc = hr.enum("from_confidence", DateConfidence), hr.enum("to_confidence", DateConfidence)
        changed = hr.datetime("changed_at")
        reason = hr.text("reason", required=False) or ""  # checked with the alert's other rules when it is added
        if old and new and oc and nc and changed:
            history.append(DateChange(old, new, oc, nc, changed, reason))
    note = r.text("note", required=False) or ""
    if kind is None or when is None or conf is None:
        return None
    return Milestone(kind=kind, date=when, confidence=conf, time=at, note=note, history=tuple(history))


def _offer(item: Any, where: str, parent: FieldReader) -> SupportOffer | None:
    r = FieldReader(item, where, _OFFER_FIELDS, parent)
    org = r.enum("organisation", OfferingOrganisation)
    kind = r.enum("kind", OfferKind)
    to = r.enum("offered_to", OfferedTo)
    status = r.enum("status", OfferStatus, OfferStatus.PROPOSED)
    offered, decided, follow = r.date("offered_on"), r.date("decided_on"), r.date("follow_up_on")
    note = r.text("note", required=False) or ""
    if org is None or kind is None or to is None or status is None:
        return None
    return SupportOffer(organisation=org, kind=kind, offered_to=to, status=status, offered_on=offered,
                        decided_on=decided, follow_up_on=follow, note=note)


def _minute(text: str) -> time:
    # A milestone time is whole minutes without a zone (as the protocol writes it); fromisoformat alone
    # would take "10:00:30.5+01:00", which the vault could store but never export.
    if not _HH_MM.fullmatch(text):
        raise ValueError("not HH:MM")
    return time.fromisoformat(text)


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


class FieldReader:
    """Reads fields of one JSON object, collecting problems instead of stopping at the first; `root` names the
    object in a message about the whole of it ("alert: must be a JSON object")."""

    def __init__(self, item: Any, where: str, allowed: set[str], parent: FieldReader | None = None, *,
                 root: str = "alert") -> None:
        self.where = where
        self.problems: list[Problem] = parent.problems if parent else []
        self._root = parent is None
        self._name: str = parent._name if parent else root
        if not isinstance(item, Mapping):
            self.item: Mapping[str, Any] = {}
            self.problem("", "must be a JSON object")
            return
        self.item = item
        for key in sorted(set(item) - allowed):
            if _FIELD_NAME.fullmatch(key):
                self.problem(key, "is not a field SG Desktop knows")
            else:  # a name with a line break or escape could forge a line of output; never repeat it
                self.problem("", "has a field SG Desktop does not know")

    def problem(self, field: str, message: str) -> None:
        path = ".".join(p for p in (self.where, field) if p) or self._name
        self.problems.append(Problem(path, f"{path}: {message}"))

    def done(self) -> None:
        if self._root and self.problems:
            raise ValidationError(self.problems)

    def _get(self, key: str, kind: type | tuple[type, ...], required: bool) -> Any:
        value = self.item.get(key)
        if value is None:
            if required:
                self.problem(key, "is required")
            return None
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            self.problem(key, "has the wrong type")
            return None
        return value

    def text(self, key: str, required: bool = True) -> str | None:
        value: str | None = self._get(key, str, required)
        return value

    def flag(self, key: str, required: bool = False) -> bool:
        return bool(self._get(key, bool, required))

    def whole(self, key: str) -> int | None:
        value: int | None = self._get(key, int, False)
        return value

    def list(self, key: str, default: list[Any] | None = None) -> list[Any]:
        if key not in self.item:
            return list(default or [])
        value = self._get(key, list, False)
        return value if value is not None else []

    def enum(self, key: str, enum: type[E], default: E | None = None) -> E | None:
        value = self._get(key, str, default is None)
        if value is None:
            return default
        return self.enum_value(value, key, enum)

    def enum_value(self, value: Any, key: str, enum: type[E]) -> E | None:
        try:
            return parse_enum(enum, str(value), key.replace("_", " "))
        except ValueError:
            # parse_enum's own words quote the value, which may be any text of any length.
            self.problem(key, f"is not a known {key.replace('_', ' ')}; use one of: "
                         f"{', '.join(m.value for m in enum)}")
            return None

    def _parsed(self, key: str, parse: Callable[[str], Any], what: str, required: bool) -> Any:
        value = self._get(key, str, required)
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError:
            # The value is not quoted: it may be a title pasted into the wrong field, or a megabyte long.
            self.problem(key, f"is not a {what}")
            return None

    def date(self, key: str, required: bool = False) -> date | None:
        value: date | None = self._parsed(key, date.fromisoformat, "date (YYYY-MM-DD)", required)
        return value

    def time(self, key: str) -> time | None:
        value: time | None = self._parsed(key, _minute, "time (HH:MM)", False)
        return value

    def datetime(self, key: str) -> datetime | None:
        value: datetime | None = self._parsed(key, datetime.fromisoformat, "date and time", True)
        if value is not None and value.tzinfo is None:
            self.problem(key, "needs a time zone")
            return None
        return value
