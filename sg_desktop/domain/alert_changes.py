"""What an edit changed in an alert, said with names and counts only, for the audit log.

The audit log must account for every change without holding any of the record's text: an edit is described
by the names of the fields that changed ("title", "status"), how many milestones and support offers were
added, removed or changed, the kinds of the milestones whose dates moved and the status steps of the offers
(enum values, never notes, reasons or titles).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from sg_desktop.domain.model import Alert, Milestone, SupportOffer

__all__ = ["alert_changes"]

# Kept by the service, not edited by the officer: a difference in these is not a change to report.
_BOOKKEEPING = frozenset({
    "id", "reference", "created_at", "updated_at", "origin_office", "revision", "deleted", "milestones", "offers",
})


def alert_changes(old: Alert, new: Alert) -> dict[str, Any]:
    """The changes from `old` to `new` as audit details: `fields` (names, in the alert's order), `milestones`
    and `offers` (counts and enum values); a key is left out when nothing of its kind changed."""
    out: dict[str, Any] = {}
    changed = [f.name for f in fields(Alert) if f.name not in _BOOKKEEPING
               and getattr(old, f.name) != getattr(new, f.name)]
    if changed:
        out["fields"] = changed
    milestones = _milestone_changes(old.milestones, new.milestones)
    if milestones:
        out["milestones"] = milestones
    offers = _offer_changes(old.offers, new.offers)
    if offers:
        out["offers"] = offers
    return out


def _milestone_changes(old: tuple[Milestone, ...], new: tuple[Milestone, ...]) -> dict[str, Any]:
    before = {m.id: m for m in old}
    after = {m.id: m for m in new}
    moved: list[str] = []
    edited = 0
    for mid, m in after.items():
        was = before.get(mid)
        if was is None or was == m:
            continue
        if (was.date, was.confidence) != (m.date, m.confidence):
            moved.append(m.kind.value)
        if (was.kind, was.time, was.note) != (m.kind, m.time, m.note):
            edited += 1
    out = _counts(before, after, edited)
    if moved:
        out["moved"] = moved
    return out


def _offer_changes(old: tuple[SupportOffer, ...], new: tuple[SupportOffer, ...]) -> dict[str, Any]:
    before = {o.id: o for o in old}
    after = {o.id: o for o in new}
    steps: list[list[str]] = []
    edited = 0
    for oid, o in after.items():
        was = before.get(oid)
        if was is None or was == o:
            continue
        if was.status != o.status:
            steps.append([o.kind.value, was.status.value, o.status.value])
        if _without_status(was) != _without_status(o):
            edited += 1
    out = _counts(before, after, edited)
    if steps:
        out["status"] = steps
    return out


def _counts(before: Mapping[str, object], after: Mapping[str, object], edited: int) -> dict[str, Any]:
    """How many items (by id) were added, removed and changed, leaving out the noughts."""
    counts = {"added": sum(1 for i in after if i not in before), "removed": sum(1 for i in before if i not in after),
              "changed": edited}
    return {k: n for k, n in counts.items() if n}


def _without_status(offer: SupportOffer) -> tuple[object, ...]:
    return (offer.organisation, offer.kind, offer.offered_to, offer.offered_on, offer.decided_on,
            offer.follow_up_on, offer.note)
