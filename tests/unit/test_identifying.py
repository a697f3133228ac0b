"""The identifying-data guard: what it warns about, what it leaves alone, and how it says so."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sg_desktop.domain.identifying import FieldFinding, Finding, IdentifierKind, scan, scan_fields

NHS = IdentifierKind.NHS_NUMBER
DOB = IdentifierKind.DATE_OF_BIRTH
POSTCODE = IdentifierKind.POSTCODE
PHONE = IdentifierKind.PHONE_NUMBER
EMAIL = IdentifierKind.EMAIL_ADDRESS


def nhs_valid(digits: str) -> bool:
    """The NHS modulus-11 check, written out independently of the module under test."""
    assert len(digits) == 10 and digits.isdigit()
    total = sum(int(digits[i]) * (10 - i) for i in range(9))
    check = 11 - (total % 11)
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def found(text: str) -> list[tuple[IdentifierKind, str]]:
    return [(f.kind, text[f.start : f.end]) for f in scan(text)]


def test_reference_check_agrees_with_published_examples() -> None:
    assert nhs_valid("9434765919")
    assert not nhs_valid("9434765918")
    assert not nhs_valid("4010232138")
    assert nhs_valid("4010232137")
    assert not any(nhs_valid(f"100000001{d}") for d in "0123456789")  # its check digit would be 10


def test_number_whose_check_digit_would_be_ten_is_never_an_nhs_number() -> None:
    assert scan("NHS 100 000 0010") == []


# Each row: text, and the (kind, exact matched text) the guard must report, in order.
TRUE_POSITIVES: list[tuple[str, list[tuple[IdentifierKind, str]]]] = [
    ("NHS no 9434765919 on file", [(NHS, "9434765919")]),
    ("The child's NHS number is 943 476 5919.", [(NHS, "943 476 5919")]),
    ("nhs: 943-476-5919", [(NHS, "943-476-5919")]),
    ("401 023 2137", [(NHS, "401 023 2137")]),
    ("DOB: 03/04/2015", [(DOB, "03/04/2015")]),
    ("dob 3-4-15", [(DOB, "3-4-15")]),
    ("D.O.B. 3.4.2015.", [(DOB, "3.4.2015")]),
    ("She was born on 3 March 2015 in Reading", [(DOB, "3 March 2015")]),
    ("born on the 3rd of March 2015", [(DOB, "3rd of March 2015")]),
    ("date of birth: March 3, 2015", [(DOB, "March 3, 2015")]),
    ("Date of birth is 2015-03-04", [(DOB, "2015-03-04")]),
    ("J (b. 3.3.2015)", [(DOB, "3.3.2015")]),
    ("born in Reading on 3 Mar 2015", [(DOB, "3 Mar 2015")]),
    ("Birthday 21st December 2014", [(DOB, "21st December 2014")]),
    ("Lives at RG40 1BN with mother", [(POSTCODE, "RG40 1BN")]),
    ("SW1A 1AA", [(POSTCODE, "SW1A 1AA")]),
    ("M1 1AE, B33 8TH and CR2 6XH", [(POSTCODE, "M1 1AE"), (POSTCODE, "B33 8TH"), (POSTCODE, "CR2 6XH")]),
    ("DN55 1PT; EC1A 1BB; W1A 0AX.", [(POSTCODE, "DN55 1PT"), (POSTCODE, "EC1A 1BB"), (POSTCODE, "W1A 0AX")]),
    ("moved to rg401bn last year", [(POSTCODE, "rg401bn")]),
    ("sw1a 1aa", [(POSTCODE, "sw1a 1aa")]),
    ("GIR 0AA", [(POSTCODE, "GIR 0AA")]),
    ("Mum on 07700 900123", [(PHONE, "07700 900123")]),
    ("Call 0118 974 6000 today", [(PHONE, "0118 974 6000")]),
    ("Tel (020) 7946 0018.", [(PHONE, "(020) 7946 0018")]),
    ("mobile +44 7700 900123", [(PHONE, "+44 7700 900123")]),
    ("office +44 (0)20 7946 0018", [(PHONE, "+44 (0)20 7946 0018")]),
    ("07700-900-123", [(PHONE, "07700-900-123")]),
    ("freephone 0800 123 4567", [(PHONE, "0800 123 4567")]),
    ("ref 2026 07700 900123 noted", [(PHONE, "07700 900123")]),
    ("email jo.bloggs+x@example.co.uk please", [(EMAIL, "jo.bloggs+x@example.co.uk")]),
    ("Contact: J_Smith99@council.gov.uk.", [(EMAIL, "J_Smith99@council.gov.uk")]),
    # An address swallows what is inside it rather than reporting it twice.
    ("rg401bn@example.com", [(EMAIL, "rg401bn@example.com")]),
    ("9434765919@nhs.example", [(EMAIL, "9434765919@nhs.example")]),
    ("07700900123@sms.example", [(EMAIL, "07700900123@sms.example")]),
    (
        "Summary: child (DOB 01/02/2014) of RG40 1BN, NHS 943 476 5919, mum 07700 900123, a@b.org",
        [
            (DOB, "01/02/2014"),
            (POSTCODE, "RG40 1BN"),
            (NHS, "943 476 5919"),
            (PHONE, "07700 900123"),
            (EMAIL, "a@b.org"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), TRUE_POSITIVES, ids=[row[0][:40] for row in TRUE_POSITIVES])
def test_finds_identifying_data(text: str, expected: list[tuple[IdentifierKind, str]]) -> None:
    assert found(text) == expected


NEAR_MISSES = [
    "4010232138",  # ten digits failing the NHS check
    "NHS 943 476 5918",  # one digit off
    "19434765919",  # a valid number inside a longer digit run
    "9434765919123",
    "the hearing on 12/03/2026",
    "publication 3 March 2027",
    "trial listed for 2026-05-11",
    "born 2015, hearing on 12/03/2026",  # a birth year does not make the next date a birthday
    "born in Leeds. Hearing on 12/03/2026",  # a cue in another sentence
    "the DOB field was updated on 12/03/2026",
    "the DOB form was sent to us on 12/03/2026",  # too many words between cue and date
    "a. agreed b. review then publication on 3 March 2027",  # "b." as a list label
    "born on 3 March",  # no year: not a full date of birth
    "RG40",
    "the SW1 area",
    "Reading RG40 and Wokingham",
    "QA1 1AA",  # Q never starts a postcode
    "T20267001",  # a court reference
    "case T2026 7001 1234",
    "2019-2020",
    "2019 2020 2021",
    "1234567890",  # ten digits not starting with 0 or +44
    "05123 456789",  # 04, 05, 06 and 09 are not numbers a person is reached on
    "+44 9123 456789",
    "0044 12",
    "01/02/2015",  # a bare date is not a birth date
    "E06000041",
    "LGA-2026-0042",
    "14:30",
    "£1,250,000",
    "2026",
    "0 1 2 3 4 5 6 7 8 9 10",
    "version 1.2.3",
    "not an address: jo@localhost",
    "Feb. 3, 2015",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_leaves_near_misses_alone(text: str) -> None:
    assert scan(text) == []


def test_nhs_number_takes_precedence_over_a_phone_number() -> None:
    digits = next(f"07{n:08d}" for n in range(10**8) if nhs_valid(f"07{n:08d}"))
    assert found(f"number {digits} given") == [(NHS, digits)]


def test_ten_digit_phone_number_failing_the_nhs_check_is_a_phone_number() -> None:
    assert not nhs_valid("0118974600")
    assert found("ring 0118974600") == [(PHONE, "0118974600")]


def test_label_counts_characters_from_one_without_the_text() -> None:
    text = "The child's NHS number is 943 476 5919."
    [finding] = scan(text)
    assert finding == Finding(NHS, 26, 38)
    assert finding.label == "what looks like an NHS number (characters 27–38)"


@pytest.mark.parametrize(
    "text", [row[0] for row in TRUE_POSITIVES], ids=[row[0][:40] for row in TRUE_POSITIVES]
)
def test_messages_never_repeat_the_matched_text(text: str) -> None:
    field_findings = scan_fields({"Summary": text})
    assert field_findings
    for field_finding in field_findings:
        finding = field_finding.finding
        matched = text[finding.start : finding.end]
        for shown in (finding.label, repr(finding), str(finding), field_finding.message, repr(field_finding)):
            assert matched not in shown
            assert matched.replace(" ", "") not in shown.replace(" ", "")


def test_scan_fields_names_the_field_in_order() -> None:
    results = scan_fields(
        {"Title": "Review of care", "Summary": "NHS 9434765919", "Note": "call 07700 900123"}
    )
    assert results == [
        FieldFinding("Summary", Finding(NHS, 4, 14)),
        FieldFinding("Note", Finding(PHONE, 5, 17)),
    ]
    assert results[0].message == "Summary: what looks like an NHS number (characters 5–14)"
    assert results[1].message == "Note: what looks like a phone number (characters 6–17)"


def test_every_kind_has_its_own_wording() -> None:
    nouns = {kind: Finding(kind, 0, 1).label for kind in IdentifierKind}
    assert len(set(nouns.values())) == len(IdentifierKind)
    assert nouns[EMAIL] == "what looks like an e-mail address (characters 1–1)"


@given(st.integers(0, 10**9 - 1), st.sampled_from(["", " ", "-"]))
def test_nhs_numbers_are_flagged_exactly_when_the_check_passes(body: int, sep: str) -> None:
    # A leading 0 could make the digits a phone number; the NHS rule alone decides the rest.
    digits = f"{body:09d}"
    digits = "1" + digits[1:] if digits[0] == "0" else digits
    kinds_by_check = {d: nhs_valid(d) for d in (digits + c for c in "0123456789")}
    for candidate, valid in kinds_by_check.items():
        written = f"{candidate[:3]}{sep}{candidate[3:6]}{sep}{candidate[6:]}"
        text = f"Ref. {written} noted"
        expected = [(NHS, written)] if valid else []
        assert found(text) == expected


def assert_well_formed(text: str, findings: list[Finding]) -> None:
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)
    for before, after in itertools.pairwise(findings):
        assert before.end <= after.start


@given(st.text(max_size=500))
def test_scan_of_any_text_gives_sorted_in_bounds_disjoint_findings(text: str) -> None:
    assert_well_formed(text, scan(text))


# Long text made of the characters the patterns care about, to catch a pattern that backtracks badly
# (such a test runs for minutes instead of seconds).
_TRICKY = "0123456789 -()+.@/:,abcdegnorstBORNDOBQXZ\u00a0"


@given(st.text(alphabet=_TRICKY, min_size=1000, max_size=4000))
def test_scan_of_long_awkward_text_is_well_formed(text: str) -> None:
    assert_well_formed(text, scan(text))


@given(
    st.lists(
        st.sampled_from(["0", "1", "07", " ", "-", "a", "@", ".", "born ", "44", "+", "("]), max_size=800
    )
)
def test_scan_of_long_repetitive_text_is_well_formed(parts: list[str]) -> None:
    text = "".join(parts)
    assert_well_formed(text, scan(text))


@given(
    st.lists(
        st.sampled_from(
            [
                "9434765919",
                "RG40 1BN",
                "07700 900123",
                "DOB 01/02/2014",
                "jo@example.org",
                "the hearing on 12/03/2026",
                "LGA-2026-0042",
            ]
        ),
        max_size=30,
    )
)
def test_findings_in_a_long_summary_land_on_what_was_written(pieces: list[str]) -> None:
    text = ". ".join(pieces)
    expected = [
        (NHS, "9434765919") if p == "9434765919" else
        (POSTCODE, p) if p == "RG40 1BN" else
        (PHONE, p) if p == "07700 900123" else
        (DOB, "01/02/2014") if p.startswith("DOB") else
        (EMAIL, p)
        for p in pieces
        if p not in ("the hearing on 12/03/2026", "LGA-2026-0042")
    ]  # fmt: skip
    assert found(text) == expected
