"""Fictional alerts in bulk, for benchmarks and load tests (deterministic for a given seed)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sg_desktop.domain.councils import Council
from sg_desktop.domain.enums import (
    AlertKind,
    AlertStatus,
    DateConfidence,
    MediaInterest,
    MilestoneKind,
    OfferedTo,
    OfferingOrganisation,
    OfferKind,
    OfferStatus,
)
from sg_desktop.domain.model import Alert, Milestone, SupportOffer

__all__ = ["make_alerts"]

_WORDS = (
    "review", "practice", "neglect", "agency", "partnership", "school", "health", "police", "family",
    "placement", "fostering", "adoption", "learning", "safeguarding", "court", "hearing", "report",
    "publication", "inspection", "services", "response", "referral", "assessment", "multi", "panel",
)
_MILESTONES = (
    (MilestoneKind.REVIEW_COMPLETED, MilestoneKind.PUBLICATION, MilestoneKind.REPORT_PUBLISHED),
    (MilestoneKind.TRIAL_START, MilestoneKind.VERDICT, MilestoneKind.SENTENCING),
    (MilestoneKind.INQUEST, MilestoneKind.REPORT_PUBLISHED, MilestoneKind.RESTRICTION_LIFTED),
)


def _vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    # Invented words, so a search for a common word does not match most of the log (as real text would not).
    syllables = ("ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu", "na", "pe", "ri", "so", "tu", "ve")
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size)]


def make_alerts(n: int, councils: tuple[Council, ...], today: date, seed: int = 1) -> list[Alert]:
    """`n` fictional alerts with 3 milestones and 1 offer each, dates spread a year either side of `today`."""
    rng = random.Random(seed)
    rare = _vocabulary(rng)
    out = []
    for i in range(n):
        start = today + timedelta(days=rng.randint(-365, 365))
        kinds = _MILESTONES[i % 3]
        milestones = tuple(
            Milestone(kind=k, date=start + timedelta(days=14 * j + rng.randint(0, 10)),
                      confidence=rng.choice(list(DateConfidence)), note=" ".join(rng.sample(_WORDS, 4)))
            for j, k in enumerate(kinds)
        )
        offer = SupportOffer(
            organisation=rng.choice(list(OfferingOrganisation)), kind=rng.choice(list(OfferKind)),
            offered_to=rng.choice(list(OfferedTo)), status=rng.choice(list(OfferStatus)),
            note=" ".join(rng.sample(_WORDS, 3)),
        )
        out.append(
            Alert(
                council=councils[i % len(councils)].ons_code,
                kind=(AlertKind.CSPR, AlertKind.TRIAL, AlertKind.INQUEST)[i % 3],
                title=f"Case {i}: " + " ".join(rng.sample(_WORDS, 2) + rng.sample(rare, 3)),
                summary=" ".join(rng.choices(_WORDS, k=10) + rng.choices(rare, k=30)),
                media_interest=rng.choice(list(MediaInterest)),
                status=rng.choice(list(AlertStatus)),
                owner=f"Officer {i % 50}",
                milestones=milestones,
                offers=(offer,),
            )
        )
    return out
