"""Offices and alerts shared by the protocol-file tests (imported by the other test_exchange_* modules)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time

import pyrage

from sg_desktop.crypto.identity import OfficeKeys, generate_office_keys
from sg_desktop.domain.enums import (
    AlertKind,
    DateConfidence,
    MediaInterest,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
    OrgType,
)
from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.domain.validation import problems_in_alert
from sg_desktop.exchange import AgeOnlyRecipient, OfficeCard, Record, TrustedLookup, after_edit

NOW = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
ALL_ORGS = frozenset(OrgType)


@dataclass(frozen=True)
class Office:
    """A test office: its private keys and its (self-signed) card."""

    keys: OfficeKeys
    card: OfficeCard

    @property
    def name(self) -> str:
        """The office's name."""
        return self.card.name

    @property
    def org(self) -> OrgType:
        """The office's kind of organisation."""
        return self.card.org_type


def make_office(name: str, org: OrgType) -> Office:
    """A new office with fresh keys."""
    keys = generate_office_keys()
    return Office(keys, OfficeCard.issue(keys, name, org))


COUNCIL = make_office("Testshire County Council", OrgType.COUNCIL)
LGA = make_office("Local Government Association", OrgType.LGA)
ADCS = make_office("ADCS", OrgType.ADCS)
GROUP_IDENTITY = pyrage.x25519.Identity.generate()
GROUP = AgeOnlyRecipient("Labour Group office", OrgType.GROUP_OFFICE, str(GROUP_IDENTITY.to_public()))


def trusting(*offices: Office) -> TrustedLookup:
    """A trusted-office lookup that knows exactly these offices' pinned cards."""
    cards = {o.card.fingerprint: o.card for o in offices}
    return cards.get


def sample_alert(n: int = 1, **changes: object) -> Alert:
    """A realistic alert (fictional), shared with every organisation type unless told otherwise."""
    publication = Milestone(
        MilestoneKind.PUBLICATION, date(2026, 4, 14), DateConfidence.PROVISIONAL, time(10, 0),
        "Publication after the safeguarding partnership meets", id=f"m-pub-{n}",
    ).moved(date(2026, 4, 28), DateConfidence.CONFIRMED, datetime(2026, 2, 1, 9, 0, tzinfo=UTC))
    alert = Alert(
        council="E10000014",
        kind=AlertKind.CSPR,
        title=f"Practice review {n} – publication expected",
        summary="Fictional. The review concerns multi-agency practice; national coverage is likely.",
        media_interest=MediaInterest.NATIONAL,
        sharing=ALL_ORGS,
        owner="A. Officer",
        milestones=(
            publication,
            Milestone(MilestoneKind.REVIEW_COMPLETED, date(2026, 3, 20), id=f"m-rev-{n}"),
        ),
        offers=(
            SupportOffer(OfferingOrganisation.LGA, OfferKind.PEER_MENTOR, OfferedTo.LEAD_MEMBER,
                         OfferStatus.OFFERED, offered_on=date(2026, 2, 10), id=f"o-{n}"),
        ),
        reference=f"TCC-2026-{n:04d}",
        id=f"alert-{n:05d}",
        created_at=datetime(2026, 1, 5, 8, 0, tzinfo=UTC),
        updated_at=datetime(2026, 2, 1, 9, 0, tzinfo=UTC),
        origin_office=COUNCIL.card.fingerprint.hex(),
        revision=2,
    )
    return replace(alert, **changes)  # type: ignore[arg-type]


def sample_records(count: int) -> list[Record]:
    """`count` distinct sample records with no ancestry."""
    return [Record(sample_alert(n)) for n in range(1, count + 1)]


def edit(record: Record, at: datetime = NOW, **changes: object) -> Record:
    """A local edit of `record`, as the app would store it (revision up, ancestry extended)."""
    alert = replace(record.alert, revision=record.alert.revision + 1, updated_at=at, **changes)  # type: ignore[arg-type]
    return after_edit(record, alert)


def by_id(records: Iterable[Record]) -> dict[str, Record]:
    """Records keyed by alert id, like a vault."""
    return {r.alert.id: r for r in records}


def test_sample_alerts_pass_the_editors_rules() -> None:
    assert problems_in_alert(sample_alert(1)) == []
    assert problems_in_alert(sample_alert(9999)) == []


def test_sample_offices_are_distinct() -> None:
    fingerprints = {o.card.fingerprint for o in (COUNCIL, LGA, ADCS)} | {GROUP.fingerprint}
    assert len(fingerprints) == 4
