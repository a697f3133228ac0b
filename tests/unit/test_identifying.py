"""The identifying-data guard: what it warns about, what it leaves alone, and how it says so."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sg_desktop.domain.enums import AlertKind, MilestoneKind
from sg_desktop.domain.identifying import (
    AlertFinding,
    FieldFinding,
    Finding,
    IdentifierKind,
    scan,
    scan_alert,
    scan_fields,
)
from sg_desktop.domain.model import Alert, Milestone
from sg_desktop.domain.places import FieldPath, ItemList

NHS = IdentifierKind.NHS_NUMBER
DOB = IdentifierKind.DATE_OF_BIRTH
POSTCODE = IdentifierKind.POSTCODE
PHONE = IdentifierKind.PHONE_NUMBER
EMAIL = IdentifierKind.EMAIL_ADDRESS
NAME = IdentifierKind.NAME
AGE = IdentifierKind.AGE
SCHOOL = IdentifierKind.SCHOOL


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
    # The issue's own example.
    ("…the death of a 4-year-old… Contact DS Jones…", [(AGE, "4-year-old"), (NAME, "DS Jones")]),
    # A name after a title or a police or professional rank, with any initials and up to three names.
    ("Mrs Smith attended", [(NAME, "Mrs Smith")]),
    ("Mr and Mrs Patel", [(NAME, "Mrs Patel")]),
    ("spoke to Mr. O'Brien-Hughes today", [(NAME, "Mr. O'Brien-Hughes")]),
    ("Ms Zoë Łukasiewicz", [(NAME, "Ms Zoë Łukasiewicz")]),
    ("Miss JONES", [(NAME, "Miss JONES")]),
    ("seen by Dr J. R. Hartley", [(NAME, "Dr J. R. Hartley")]),
    ("Prof Munro's review", [(NAME, "Prof Munro's")]),
    ("PC Amelia Walsh and PCSO Kerr", [(NAME, "PC Amelia Walsh"), (NAME, "PCSO Kerr")]),
    ("DC Brown, DI Green, DCI White", [(NAME, "DC Brown"), (NAME, "DI Green"), (NAME, "DCI White")]),
    ("Sgt. Ahmed took the call", [(NAME, "Sgt. Ahmed")]),
    ("Detective Chief Inspector Rowe", [(NAME, "Detective Chief Inspector Rowe")]),
    ("Det Supt Hill leads", [(NAME, "Det Supt Hill")]),
    ("Woman Police Constable Adeyemi", [(NAME, "Woman Police Constable Adeyemi")]),
    ("before HHJ Moss and Mr Justice Cobb", [(NAME, "HHJ Moss"), (NAME, "Mr Justice Cobb")]),
    ("Rev Okafor", [(NAME, "Rev Okafor")]),
    # A councillor in a public role is still flagged: the officer decides.
    ("Lead Member Cllr Jane Smith briefed", [(NAME, "Cllr Jane Smith")]),
    ("Councillor Khan, Leader of the Council", [(NAME, "Councillor Khan")]),
    # A child's age.
    ("a 4-year-old girl", [(AGE, "4-year-old")]),
    ("the 4-year-old's mother", [(AGE, "4-year-old")]),
    ("the 14 year old boy", [(AGE, "14 year old")]),
    ("a four-year-old", [(AGE, "four-year-old")]),
    ("Seventeen-year-old charged", [(AGE, "Seventeen-year-old")]),
    ("the child, 6 years old, was", [(AGE, "6 years old")]),
    ("an 18-month-old baby", [(AGE, "18-month-old")]),
    ("a six-week-old infant", [(AGE, "six-week-old")]),
    ("boy (4yo)", [(AGE, "4yo")]),
    ("girl, 15 y/o", [(AGE, "15 y/o")]),
    ("aged 4", [(AGE, "aged 4")]),
    ("Aged 15 months at the time.", [(AGE, "Aged 15 months")]),
    ("age 4", [(AGE, "age 4")]),
    ("Age: 12", [(AGE, "Age: 12")]),
    ("died at the age of 3", [(AGE, "age of 3")]),
    ("a boy aged seven", [(AGE, "aged seven")]),
    ("twins aged 4 and 6", [(AGE, "aged 4")]),
    # A named school.
    ("pupil at St Mary's Primary School", [(SCHOOL, "St Mary's Primary School")]),
    ("Oakwood Academy", [(SCHOOL, "Oakwood Academy")]),
    ("Harris Academy Peckham", [(SCHOOL, "Harris Academy")]),
    ("attended Hillside Junior School until", [(SCHOOL, "Hillside Junior School")]),
    ("St John's C of E Primary", [(SCHOOL, "St John's C of E Primary")]),
    ("St. Peter and St. Paul Catholic Primary School", [(SCHOOL, "St. Peter and St. Paul Catholic Primary School")]),
    ("the City of London School", [(SCHOOL, "City of London School")]),
    ("Little Acorns Day Nursery", [(SCHOOL, "Little Acorns Day Nursery")]),
    ("Reading College", [(SCHOOL, "Reading College")]),
    ("Kingsway Pre-School", [(SCHOOL, "Kingsway Pre-School")]),
    ("It was reported. Oakwood Academy then", [(SCHOOL, "Oakwood Academy")]),
    ("Head of Oakwood Academy", [(SCHOOL, "Oakwood Academy")]),
    # A title in a school's name makes it a school, not a person.
    ("Dr Challoner's Grammar School", [(SCHOOL, "Dr Challoner's Grammar School")]),
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
    # A title or rank with no name after it, or a word that only looks like one.
    "14 Acacia Drive",
    "Dr.",
    "bought at PC World",
    "Sgt",
    "the custody Sgt. The hearing is listed",
    "the duty DS. Children's Services then",
    "a Detective Sergeant",
    "the Detective Chief Inspector",
    "Chief Constable of Thames Valley Police",
    "Mr and Mrs",
    "Drs",
    "MS Teams",
    "DC Comics",
    "Washington DC Police",
    "the DS Team",
    "DSL",
    "Mr\nSmith",  # a line break ends a name
    # An age that is not a child's, or a number that is not an age.
    "page 4",
    "aged care",
    "4 year review",
    "a 5-year plan",
    "Key Stage 4",
    "stage 4",
    "a 34-year-old man",
    "18-year-old",
    "all 5 year olds in the borough",
    "4-year-olds",
    "young people aged 11 to 16",
    "aged 16-18",
    "age 5+",
    "ages 4 to 7",
    "the age of consent",
    "the 100-year-old building",
    "14-year-old-ish",
    "Age UK",
    # A school word with no name before it.
    "a school",
    "the school",
    "the School",
    "Primary School",
    "Catholic Primary School",
    "Church of England Primary School",
    "a Secondary School",
    "School staff",
    "the Academy",
    "Academy Trust",
    "the Virtual School Head",
    "Reading Borough Council Virtual School",
    "Thames Valley Police Academy",
    "the Royal College of Paediatrics and Child Health",
    "a County High School",
    "City Academy",
    "College of Policing",
    "National College for Teaching",
    "Berkshire Primary Care Trust",
    "Reading Primary Schools Forum",
    "schools in Reading",
    # Ordinary protocol text.
    "Director of Children's Services",
    "Children's Services",
    "Lead Member for Children",
    "the Chief Executive and the Leader",
    "Serious Case Review",
    "Local Child Safeguarding Practice Review",
    "Reading Crown Court",
    "Wokingham Borough Council",
    "St Helens Council",
    "Ofsted",
    "Thames Valley Police",
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


def test_ordinary_protocol_text_passes_unflagged() -> None:
    text = (
        "The Director of Children's Services has briefed the Lead Member and the Chief Executive. The Serious Case "
        "Review will be published after the trial at Reading Crown Court ends; the Local Child Safeguarding "
        "Practice Review panel met in March. Children's Services, Thames Valley Police and the Virtual School "
        "agree the press lines. The custody Sgt. Ofsted may ask about Key Stage 4 results (page 4 of the "
        "report) and the 4 year review of aged care. All schools in the borough have been told; the "
        "St Helens Council comms team will handle calls from PC World's press office."
    )
    assert scan(text) == []


def test_label_names_no_line_when_the_text_is_one_line() -> None:
    text = "The child's NHS number is 943 476 5919."
    [finding] = scan(text)
    assert finding == Finding(NHS, 26, 38)
    assert finding.label == "what looks like an NHS number"
    assert finding.found_in("Summary") == "what looks like an NHS number in the Summary"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Mrs Smith called", "what looks like a person's name in the Summary"),
        ("Mrs Smith called\n", "what looks like a person's name in the Summary"),  # a final break starts no line
        ("Background.\nMrs Smith called", "what looks like a person's name in the Summary, second line"),
        ("One.\r\nTwo.\r\nMrs Smith", "what looks like a person's name in the Summary, third line"),
        ("One.\n\nMrs Smith", "what looks like a person's name in the Summary, third line"),  # blank lines count
        ("Mrs Smith\nand more", "what looks like a person's name in the Summary, first line"),
        ("\n" * 9 + "Mrs Smith", "what looks like a person's name in the Summary, tenth line"),
        ("\n" * 13 + "Mrs Smith", "what looks like a person's name in the Summary, line 14"),
        ("One.\u2029Mrs Smith", "what looks like a person's name in the Summary, second line"),
    ],
)
def test_a_message_says_which_line_in_words(text: str, place: str) -> None:
    [finding] = scan_fields({"Summary": text})
    assert finding.message == place


def test_label_says_the_line_for_a_field_that_already_names_itself() -> None:
    [finding] = scan("Background.\nNotes.\nRing 07700 900123")
    assert finding.line == 3
    assert finding.label == "what looks like a phone number on the third line"
    assert Finding(PHONE, 0, 1, 14).label == "what looks like a phone number on line 14"


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
    assert results[0].message == "what looks like an NHS number in the Summary"
    assert results[1].message == "what looks like a phone number in the Note"


def test_scan_alert_says_which_field_and_line_of_which_item() -> None:
    alert = Alert(
        council="E06000041",
        kind=AlertKind.TRIAL,
        title="Trial of Mr Hale",
        summary="Listed for trial.\nThe 4-year-old's school is Oakwood Academy.",
        milestones=(
            Milestone(MilestoneKind.TRIAL_START, date(2027, 3, 1), note="Provisional"),
            Milestone(MilestoneKind.VERDICT, date(2027, 3, 19), note="Ask DS Jones"),
        ),
        owner="Team B",
    )
    found = scan_alert(alert)
    assert [(f.path, f.finding.kind) for f in found] == [
        (FieldPath("title"), NAME),
        (FieldPath("summary"), AGE),
        (FieldPath("summary"), SCHOOL),
        (FieldPath.item(ItemList.MILESTONES, 1, "note"), NAME),
    ]
    assert [f.message for f in found] == [
        "what looks like a person's name in the Title",
        "what looks like a child's age in the Summary, second line",
        "what looks like a school's name in the Summary, second line",
        "what looks like a person's name in the Milestone 2 note",
    ]
    assert found[3] == AlertFinding(FieldPath.item(ItemList.MILESTONES, 1, "note"), Finding(NAME, 4, 12))


def test_every_kind_has_its_own_wording() -> None:
    nouns = {kind: Finding(kind, 0, 1).label for kind in IdentifierKind}
    assert len(set(nouns.values())) == len(IdentifierKind)
    assert nouns[EMAIL] == "what looks like an e-mail address"
    assert nouns[NAME] == "what looks like a person's name"
    assert nouns[AGE] == "what looks like a child's age"
    assert nouns[SCHOOL] == "what looks like a school's name"


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
_TRICKY = "0123456789 -()+.@/:,'abcdegnorstyBORNDOBQXZMSCAPIJ\u00a0\n"


@given(st.text(alphabet=_TRICKY, min_size=1000, max_size=4000))
def test_scan_of_long_awkward_text_is_well_formed(text: str) -> None:
    assert_well_formed(text, scan(text))


# Pieces of every pattern, run together in any order, for the same reason.
_PIECES = [
    "0", "1", "07", " ", "-", "a", "@", ".", "born ", "44", "+", "(", "Mr ", "Det ", "Chief ", "DS ", "J. ", "Jones",
    "O'", "aged ", "4", "-year-", "old", "St ", "Mary's ", "of ", "Primary ", "School", "\n",
]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=800))
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
                "DS Jones",
                "a 4-year-old",
                "St Mary's Primary School",
                "Lead Member",
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
        (NAME, p) if p == "DS Jones" else
        (AGE, "4-year-old") if p == "a 4-year-old" else
        (SCHOOL, p) if p.endswith("School") else
        (EMAIL, p)
        for p in pieces
        if p not in ("the hearing on 12/03/2026", "LGA-2026-0042", "Lead Member")
    ]  # fmt: skip
    assert found(text) == expected


@given(st.lists(st.sampled_from(["Mrs Smith", "Background", "aged 4", ""]), min_size=1, max_size=15))
def test_each_finding_names_the_line_it_is_on(lines: list[str]) -> None:
    text = "\n".join(lines)
    expected = [i + 1 for i, line in enumerate(lines) if line in ("Mrs Smith", "aged 4")]
    assert [f.line for f in scan(text)] == (expected if len(text.splitlines()) > 1 else [None] * len(expected))
