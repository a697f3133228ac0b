"""JSON given to `add --from-json`: read into alerts and added to a real vault, or refused calmly with
the vault unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from sg_desktop.app.alert_json import alerts_from_json
from sg_desktop.app.clock import FixedClock
from sg_desktop.app.reference import english_councils
from sg_desktop.app.session import Session
from sg_desktop.app.vaults import VaultService
from sg_desktop.domain.enums import OrgType
from sg_desktop.domain.errors import SgError
from sg_desktop.domain.office import OfficeProfile
from tests.conftest import PASSPHRASE, cheap_kdf
from tests.fuzz import MARKER, RUNS, fuzz, mutated, refused_calmly

ALERT = {
    "council_code": "E06000041",
    "kind": "cspr",
    "title": "Practice review publication",
    "summary": "Fictional. Multi-agency practice.\nSecond line.",
    "status": "active",
    "media_interest": "national",
    "sharing": ["adcs", "lga"],
    "owner": "A. Officer",
    "embargoed": False,
    "reporting_restriction": True,
    "milestones": [
        {"kind": "publication", "date": "2027-03-03", "confidence": "provisional", "time": "10:00",
         "note": "After the partnership meets",
         "history": [{"from": "2027-02-01", "to": "2027-03-03", "from_confidence": "estimated",
                      "to_confidence": "provisional", "changed_at": "2026-11-01T09:00:00+00:00",
                      "reason": "Partnership meeting moved"}]},
    ],
    "offers": [{"organisation": "lga", "kind": "peer-mentor", "offered_to": "lead-member", "status": "offered",
                "offered_on": "2026-11-02", "note": "Via the regional adviser"}],
}


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    path: Path = tmp_path_factory.mktemp("alert-json") / "fuzz.sgvault"
    service = VaultService(path, clock=FixedClock(datetime(2026, 11, 24, 10, 0, tzinfo=UTC)),
                           councils=english_councils(), new_slot_kdf=cheap_kdf)
    opened, _ = service.create(PASSPHRASE, OfficeProfile("Local Government Association", OrgType.LGA))
    yield opened
    opened.lock()


def added(session: Session, data: object) -> None:
    """Add the alerts `data` describes, as `add --from-json --confirm` does; a refusal changes nothing."""
    before = (sum(1 for _ in session.alerts.all(include_deleted=True)), session.vault_audit_count())
    try:
        session.alerts.add_many(alerts_from_json(data, session.alerts.councils), confirm_identifying=True)
    except SgError as exc:
        refused_calmly(exc)
        assert (sum(1 for _ in session.alerts.all(include_deleted=True)), session.vault_audit_count()) == before


def test_the_unchanged_alert_is_added(session: Session) -> None:
    count = sum(1 for _ in session.alerts.all())
    added(session, ALERT)
    assert sum(1 for _ in session.alerts.all()) == count + 1


def _with_milestone(**changes: object) -> dict[str, object]:
    return {**ALERT, "milestones": [{**ALERT["milestones"][0], **changes}]}  # type: ignore[index]


@fuzz()
@given(st.one_of(mutated(ALERT), st.lists(mutated(ALERT), max_size=3)))
@example(_with_milestone(time="10:00:30"))  # seconds in a milestone time
@example(_with_milestone(time="10:00:00.5"))
@example(_with_milestone(time="10:00+01:00"))
@example(_with_milestone(date=MARKER * 1000))  # a huge value in a date field
@example({**ALERT, "title": MARKER + "\ud800"})  # a lone surrogate
@example({**ALERT, "title": MARKER + "\x1b]0;x\x07"})
@example({**ALERT, "kind": MARKER})  # an unknown value in a vocabulary field was quoted back
@example({**ALERT, "council": MARKER * 1000})
@example({**ALERT, "colour\nsg-desktop: Added LGA-2026-0009.": 1})  # an unknown field's name
@example({**ALERT, "sharing": [10**5000]})
def test_mutated_alert_json(session: Session, data: object) -> None:
    RUNS["add --from-json mutated"] += 1
    added(session, data)
