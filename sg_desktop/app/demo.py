"""The demo vault: a throw-away vault of about 40 fictional alerts, so a newcomer sees the product at work.

It lives in a fresh temporary folder and is removed by `close()` (the desktop application calls it on
exit). Its passphrase is random, held only in memory, and never shown: the demo asks for none. Every
council is one of the fictional `DEMO_COUNCILS`, and every title is invented and says so.
"""

from __future__ import annotations

import random
import secrets
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from types import TracebackType

from sg_desktop.app.clock import Clock
from sg_desktop.app.demo_lessons import add_demo_lessons
from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.crypto import Argon2idKdf, Kdf
from sg_desktop.domain.councils import DEMO_COUNCILS
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
    OrgType,
)
from sg_desktop.domain.model import Alert, Milestone, SupportOffer
from sg_desktop.domain.office import OfficeProfile

__all__ = ["DEMO_ALERT_COUNT", "DemoVault", "demo_alerts", "demo_kdf"]

DEMO_ALERT_COUNT = 40


def demo_kdf() -> Kdf:
    """A light Argon2id (one pass over 64 MiB): the demo holds only invented data, and should open at once."""
    return Argon2idKdf(iterations=1, lanes=1)


# (kind, title, timetable of (milestone kind, days from the first date)); titles are invented and
# deliberately describe the case, never a person.
_CASES: tuple[tuple[AlertKind, str, tuple[tuple[MilestoneKind, int], ...]], ...] = (
    (AlertKind.CSPR, "Practice review: neglect of a sibling group known to several agencies",
     ((MilestoneKind.REVIEW_COMPLETED, 0), (MilestoneKind.PUBLICATION, 21))),
    (AlertKind.CSPR, "Practice review: infant injury after missed health visits",
     ((MilestoneKind.REVIEW_COMPLETED, 0), (MilestoneKind.PUBLICATION, 28))),
    (AlertKind.CSPR, "Serious case review: teenager exploited through county lines",
     ((MilestoneKind.PUBLICATION, 0),)),
    (AlertKind.TRIAL, "Trial of two adults following the death of a young child",
     ((MilestoneKind.TRIAL_START, 0), (MilestoneKind.VERDICT, 18), (MilestoneKind.SENTENCING, 45))),
    (AlertKind.TRIAL, "Trial of a former foster carer on historic abuse charges",
     ((MilestoneKind.TRIAL_START, 0), (MilestoneKind.VERDICT, 12))),
    (AlertKind.INQUEST, "Inquest into the death of a child in residential care",
     ((MilestoneKind.INQUEST, 0), (MilestoneKind.REPORT_PUBLISHED, 35))),
    (AlertKind.INQUEST, "Inquest: young person who died after leaving a secure placement",
     ((MilestoneKind.INQUEST, 0),)),
    (AlertKind.OFSTED, "Ofsted inspection of local authority children's services (ILACS)",
     ((MilestoneKind.REPORT_PUBLISHED, 0),)),
    (AlertKind.OFSTED, "Ofsted monitoring visit letter after an inadequate judgement",
     ((MilestoneKind.REPORT_PUBLISHED, 0),)),
    (AlertKind.DHR, "Domestic homicide review with learning for children's social care",
     ((MilestoneKind.REVIEW_COMPLETED, 0), (MilestoneKind.PUBLICATION, 30))),
    (AlertKind.OTHER, "Reporting restriction due to lapse on a family court judgment",
     ((MilestoneKind.RESTRICTION_LIFTED, 0),)),
    (AlertKind.CSPR, "Thematic review: adolescents at risk of criminal exploitation",
     ((MilestoneKind.REVIEW_COMPLETED, 0), (MilestoneKind.PUBLICATION, 14))),
)

_SUMMARIES = (
    "Fictional demo record. The partnership expects national coverage when the review is published; "
    "the director has asked for peer support for the lead member.",
    "Fictional demo record. Local media have followed the case since the arrests; the council expects "
    "interest to rise when the trial opens.",
    "Fictional demo record. The date is provisional and may move if the coroner's list changes.",
    "Fictional demo record. The council will brief ward members a week before publication.",
)

_OWNERS = ("Demo officer A", "Demo officer B", "Demo officer C", "")


def demo_alerts(clock: Clock, count: int = DEMO_ALERT_COUNT, seed: int = 2026) -> list[Alert]:
    """`count` invented alerts on the fictional councils, their next milestones spread over three months."""
    rng = random.Random(seed)
    today = clock.today()
    now = clock.now()
    alerts: list[Alert] = []
    for i in range(count):
        kind, title, timetable = _CASES[i % len(_CASES)]
        council = DEMO_COUNCILS[i % len(DEMO_COUNCILS)]
        first = today + timedelta(days=rng.randint(1, 90))
        milestones = []
        for j, (mkind, offset) in enumerate(timetable):
            day = first + timedelta(days=offset)
            confidence = DateConfidence.CONFIRMED if j == 0 and rng.random() < 0.5 else rng.choice(
                (DateConfidence.PROVISIONAL, DateConfidence.ESTIMATED))
            milestone = Milestone(mkind, day - timedelta(days=14) if i % 5 == 0 else day, confidence,
                                  note="Fictional date for the demo." if j == 0 else "")
            if i % 5 == 0:
                # Some timetables have slipped, so the demo shows the date history.
                milestone = milestone.moved(day, confidence, now - timedelta(days=rng.randint(2, 20)))
            milestones.append(milestone)
        offers = []
        if i % 3 != 2:
            offers.append(SupportOffer(
                organisation=rng.choice((OfferingOrganisation.LGA, OfferingOrganisation.ADCS,
                                         OfferingOrganisation.LABOUR_GROUP, OfferingOrganisation.CONSERVATIVE_GROUP,
                                         OfferingOrganisation.LIBDEM_GROUP)),
                kind=rng.choice(list(OfferKind)),
                offered_to=rng.choice(list(OfferedTo)),
                status=rng.choice((OfferStatus.PROPOSED, OfferStatus.OFFERED, OfferStatus.ACCEPTED,
                                   OfferStatus.IN_PROGRESS)),
                offered_on=today - timedelta(days=rng.randint(1, 20)),
                follow_up_on=today + timedelta(days=rng.randint(3, 30)),
            ))
        alerts.append(Alert(
            council=council.ons_code,
            kind=kind,
            title=f"{title} (fictional)",
            summary=_SUMMARIES[i % len(_SUMMARIES)],
            media_interest=rng.choice(list(MediaInterest)),
            handling=Handling.OFFICIAL_SENSITIVE,
            status=AlertStatus.DRAFT if i % 9 == 4 else AlertStatus.ACTIVE,
            owner=_OWNERS[i % len(_OWNERS)],
            embargoed=i % 7 == 3,
            reporting_restriction=kind is AlertKind.TRIAL and i % 2 == 0,
            milestones=tuple(milestones),
            offers=tuple(offers),
        ))
    return alerts


class DemoVault:
    """A demo vault in its own temporary folder; `close()` (or leaving a `with` block) removes it."""

    OFFICE = OfficeProfile("Demo office (fictional)", OrgType.LGA, reference_prefix="DEMO")

    def __init__(self, clock: Clock, *, kdf: Kdf | None = None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="sg-desktop-demo-"))
        self._passphrase = secrets.token_urlsafe(32)
        chosen = kdf or demo_kdf()
        self.service = VaultService(self.folder / "demo.sgvault", clock=clock, councils=(),
                                    new_slot_kdf=lambda: chosen)
        self._clock = clock

    @property
    def location(self) -> str:
        """Where the demo vault lives (for the window and the About box)."""
        return str(self.service.path)

    def create(self) -> Session:
        """Make the vault, fill it with the fictional alerts, and return it open."""
        session, _recovery = self.service.create(self._passphrase, self.OFFICE, demo=True)
        try:
            # confirm_identifying stays False: the demo text must pass the identifying-data guard as is.
            session.alerts.add_many(demo_alerts(self._clock))
            with session.vault.transaction():
                add_demo_lessons(session.vault.lessons, self._clock)
        except BaseException:
            session.lock()
            raise
        return session

    def unlock(self) -> Session:
        """Open the demo vault again after it was locked (its passphrase never leaves this object)."""
        return self.service.unlock(self._passphrase)

    def close(self) -> None:
        """Delete the demo vault and its folder."""
        self._passphrase = ""
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> DemoVault:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
