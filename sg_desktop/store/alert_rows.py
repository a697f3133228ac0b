"""How an alert is laid out in the vault's columns: the column lists, and the conversions of an alert (and its
merge state) to column values and back. The alert repository and the log's queries share them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
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
from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.domain.query import AlertRow
from sg_desktop.store.codec import d_out, dt_in, dt_out, sharing_in, sharing_out

__all__ = [
    "ALERT_COLUMNS",
    "ALERT_KIND",
    "ALERT_STATUS",
    "CONFIDENCE",
    "COUNCIL_NAME",
    "DERIVED_COLUMNS",
    "MEDIA_INTEREST",
    "MILESTONE",
    "OFFERED_TO",
    "OFFER_KIND",
    "OFFER_STATUS",
    "ORGANISATION",
    "Lineage",
    "alert_from_row",
    "alert_values",
    "derived_values",
    "lineage_values",
    "log_row",
]


@dataclass(frozen=True)
class Lineage:
    """An alert's merge state: its stored version (None when not yet known) and its ancestors, newest first."""

    version: str | None
    ancestors: tuple[str, ...]


ALERT_COLUMNS = (
    "id, reference, council, kind, title, summary, media_interest, handling, sharing, status, owner, "
    "embargoed, reporting_restriction, created_at, updated_at, origin_office, revision, deleted"
)

DERIVED_COLUMNS = "next_kind, next_date, next_confidence, open_offers"
# The name the log shows for an alert's council (schema 4): from the app's council list, else the code.
COUNCIL_NAME = "coalesce((SELECT name FROM council_names WHERE code = alerts.council), alerts.council)"
# Dict lookups instead of Enum calls: the log builds thousands of rows per query, and Enum(value) is slow.
ALERT_KIND = {m.value: m for m in AlertKind}
ALERT_STATUS = {m.value: m for m in AlertStatus}
MEDIA_INTEREST = {m.value: m for m in MediaInterest}
MILESTONE = {m.value: m for m in MilestoneKind}
CONFIDENCE = {m.value: m for m in DateConfidence}
_HANDLING = {m.value: m for m in Handling}
ORGANISATION = {m.value: m for m in OfferingOrganisation}
OFFER_KIND = {m.value: m for m in OfferKind}
OFFERED_TO = {m.value: m for m in OfferedTo}
OFFER_STATUS = {m.value: m for m in OfferStatus}


def log_row(r: Sequence[Any]) -> AlertRow:
    return AlertRow(
        id=r[0], reference=r[1], council=r[2], kind=ALERT_KIND[r[3]], title=r[4],
        status=ALERT_STATUS[r[5]], media_interest=MEDIA_INTEREST[r[6]], deleted=bool(r[7]),
        next_kind=None if r[8] is None else MILESTONE[r[8]],
        next_date=None if r[9] is None else date.fromisoformat(r[9]),
        next_confidence=None if r[10] is None else CONFIDENCE[r[10]],
        open_offers=r[11],
    )


def _stamp_out(value: datetime | None) -> str:
    # Local saves always stamp an alert; a record from another implementation may arrive without times
    # (the protocol allows null) and is stored exactly as received, as '' in the NOT NULL column.
    return "" if value is None else dt_out(value)


def _stamp_in(value: str) -> datetime | None:
    return None if value == "" else dt_in(value)


def alert_values(a: Alert) -> tuple[Any, ...]:
    return (
        a.id, a.reference, a.council, a.kind.value, a.title, a.summary, a.media_interest.value,
        a.handling.value, sharing_out(a.sharing), a.status.value, a.owner, int(a.embargoed),
        int(a.reporting_restriction), _stamp_out(a.created_at), _stamp_out(a.updated_at), a.origin_office,
        a.revision, int(a.deleted),
    )


def lineage_values(lineage: Lineage | None) -> tuple[str | None, str]:
    return (None, "") if lineage is None else (lineage.version, " ".join(lineage.ancestors))


def derived_values(a: Alert, today: date) -> tuple[Any, ...]:
    nxt = None if a.deleted else a.next_milestone(today)
    return (
        None if nxt is None else nxt.kind.value,
        None if nxt is None else d_out(nxt.date),
        None if nxt is None else nxt.confidence.value,
        a.open_offers,
    )


def alert_from_row(r: Sequence[Any], milestones: tuple[Milestone, ...], offers: tuple[SupportOffer, ...]) -> Alert:
    return Alert(
        id=r[0], reference=r[1], council=r[2], kind=ALERT_KIND[r[3]], title=r[4], summary=r[5],
        media_interest=MEDIA_INTEREST[r[6]], handling=_HANDLING[r[7]], sharing=sharing_in(r[8]),
        status=ALERT_STATUS[r[9]], owner=r[10], embargoed=bool(r[11]), reporting_restriction=bool(r[12]),
        created_at=_stamp_in(r[13]), updated_at=_stamp_in(r[14]), origin_office=r[15], revision=int(r[16]),
        deleted=bool(r[17]), milestones=milestones, offers=offers,
    )
