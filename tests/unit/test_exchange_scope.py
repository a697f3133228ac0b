"""Need to know: who may receive an alert — the kinds its sharing scope names, and always its own council."""

from __future__ import annotations

import pytest

from sg_desktop.domain.enums import OrgType
from sg_desktop.exchange import Audience, Record, build, open_file, scope_admits, scope_refusal, select_for_export
from tests.unit.test_exchange_samples import COUNCIL, LGA, NOW, make_office, sample_alert, trusting

TESTSHIRE = "E10000014"  # the council sample alerts are about
WOKINGHAM = "E06000041"
DEFAULT_SCOPE = frozenset({OrgType.LGA, OrgType.ADCS})

OWN = Audience(OrgType.COUNCIL, TESTSHIRE, "Testshire County Council")
OTHER = Audience(OrgType.COUNCIL, WOKINGHAM, "Wokingham Borough Council")
UNPLACED = Audience(OrgType.COUNCIL, "", "County Hall office")


def about(sharing: frozenset[OrgType]) -> Record:
    return Record(sample_alert(1, sharing=sharing))


@pytest.mark.parametrize(
    ("sharing", "recipients", "reason"),
    [
        ({OrgType.LGA, OrgType.ADCS}, [OrgType.LGA], None),
        ({OrgType.LGA, OrgType.ADCS}, [OrgType.LGA, OrgType.ADCS], None),
        ({OrgType.LGA, OrgType.ADCS}, [], None),
        ({OrgType.LGA}, [OrgType.LGA, OrgType.ADCS], "its sharing scope leaves out ADCS"),
        ({OrgType.LGA}, [OrgType.GROUP_OFFICE, OrgType.ADCS, OrgType.ADCS],
         "its sharing scope leaves out ADCS and Political group office"),
    ],
)
def test_the_sharing_scope_must_admit_every_kind_of_recipient(
    sharing: set[OrgType], recipients: list[OrgType], reason: str | None
) -> None:
    alert = about(frozenset(sharing)).alert
    audiences = [Audience(org) for org in recipients]
    assert scope_refusal(alert, audiences) == reason
    assert scope_admits(alert, audiences) is (reason is None)


def test_the_council_an_alert_is_about_always_receives_it() -> None:
    for sharing in (DEFAULT_SCOPE, frozenset({OrgType.LGA}), frozenset()):
        assert scope_refusal(about(sharing).alert, [OWN]) is None
    assert scope_refusal(about(frozenset({OrgType.LGA})).alert, [OWN, Audience(OrgType.LGA)]) is None


def test_other_councils_receive_it_only_when_the_scope_names_councils() -> None:
    alert = about(DEFAULT_SCOPE).alert
    assert scope_refusal(alert, [OTHER]) == "its sharing scope leaves out other councils"
    assert scope_refusal(alert, [OWN, OTHER]) == "its sharing scope leaves out other councils"
    assert scope_refusal(about(DEFAULT_SCOPE | {OrgType.COUNCIL}).alert, [OWN, OTHER, UNPLACED]) is None


def test_a_council_office_whose_council_is_not_recorded_counts_as_another_council_and_says_so() -> None:
    alert = about(DEFAULT_SCOPE).alert
    assert scope_refusal(alert, [UNPLACED]) == (
        "its sharing scope leaves out other councils (it is not recorded which council County Hall office "
        "belongs to)"
    )
    second = Audience(OrgType.COUNCIL, "", "Civic Centre office")
    assert scope_refusal(alert, [UNPLACED, second, Audience(OrgType.GROUP_OFFICE)]) == (
        "its sharing scope leaves out other councils and Political group office (it is not recorded which "
        "councils County Hall office and Civic Centre office belong to)"
    )
    # A passphrase file names no office, so its council is never known.
    assert scope_refusal(alert, [Audience(OrgType.COUNCIL)]) == (
        "its sharing scope leaves out other councils (a passphrase file does not say which council it is for)"
    )


def test_selection_keeps_the_order_and_gives_each_left_out_alert_its_reason() -> None:
    own = Record(sample_alert(1, sharing=DEFAULT_SCOPE))
    elsewhere = Record(sample_alert(2, sharing=DEFAULT_SCOPE, council=WOKINGHAM))
    everyone = Record(sample_alert(3))
    chosen = select_for_export([own, elsewhere, everyone], [OWN, Audience(OrgType.LGA)])
    assert chosen.included == (own, everyone)
    assert [(x.record, x.reason) for x in chosen.left_out] == [
        (elsewhere, "its sharing scope leaves out other councils")
    ]


def test_a_file_for_the_council_holds_its_own_alert_only_when_its_council_is_given() -> None:
    own = about(DEFAULT_SCOPE)
    councils = {COUNCIL.card.fingerprint: TESTSHIRE}
    data = build([own], LGA.keys, LGA.name, LGA.org, [COUNCIL.card], 1, NOW, councils=councils)
    assert open_file(data, COUNCIL.keys, trusting(LGA), NOW).records == (own,)
    with pytest.raises(ValueError, match="sharing scope"):
        build([own], LGA.keys, LGA.name, LGA.org, [COUNCIL.card], 1, NOW)
    other = make_office("Wokingham Borough Council", OrgType.COUNCIL)
    with pytest.raises(ValueError, match="sharing scope"):
        build([own], LGA.keys, LGA.name, LGA.org, [other.card], 1, NOW,
              councils={other.card.fingerprint: WOKINGHAM})
