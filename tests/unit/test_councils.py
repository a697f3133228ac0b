"""The packaged reference list of councils, and finding a council the way an officer types it."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from sg_desktop.domain.councils import (
    DEMO_COUNCILS,
    REGIONS,
    Council,
    CouncilDirectory,
    CouncilType,
    parse_councils,
)
from sg_desktop.resources import councils_csv

HEADER = "ons_code,name,type,region\n"


@pytest.fixture(scope="module")
def councils() -> tuple[Council, ...]:
    return parse_councils(councils_csv())


@pytest.fixture(scope="module")
def directory(councils: tuple[Council, ...]) -> CouncilDirectory:
    return CouncilDirectory(councils)


# --- the packaged list --------------------------------------------------------------------------------


def test_the_list_has_every_upper_tier_council_once(councils: tuple[Council, ...]) -> None:
    codes = [c.ons_code for c in councils]
    assert len(councils) == 153
    assert len(set(codes)) == 153
    assert len({c.name for c in councils}) == 153
    assert all(re.fullmatch(r"E0[689]\d{6}|E10\d{6}", code) for code in codes)


def test_counts_by_type_match_the_2023_structure(councils: tuple[Council, ...]) -> None:
    assert Counter(c.type for c in councils) == {
        CouncilType.LONDON: 33,
        CouncilType.METROPOLITAN: 36,
        CouncilType.COUNTY: 21,
        CouncilType.UNITARY: 63,
    }


def test_every_region_is_one_of_the_nine_with_the_known_counts(councils: tuple[Council, ...]) -> None:
    assert len(REGIONS) == 9
    assert Counter(c.region for c in councils) == {
        "North East": 12,
        "North West": 24,
        "Yorkshire and The Humber": 15,
        "East Midlands": 10,
        "West Midlands": 14,
        "East of England": 11,
        "London": 33,
        "South East": 19,
        "South West": 15,
    }


@pytest.mark.parametrize(
    ("code", "name", "type_", "region"),
    [
        ("E06000041", "Wokingham", "unitary", "South East"),
        ("E08000035", "Leeds", "metropolitan", "Yorkshire and The Humber"),
        ("E06000052", "Cornwall", "unitary", "South West"),
        ("E10000016", "Kent", "county", "South East"),
        ("E06000053", "Isles of Scilly", "unitary", "South West"),
        ("E09000001", "City of London", "london", "London"),
        ("E06000063", "Cumberland", "unitary", "North West"),
        ("E06000064", "Westmorland and Furness", "unitary", "North West"),
        ("E06000065", "North Yorkshire", "unitary", "Yorkshire and The Humber"),
        ("E06000066", "Somerset", "unitary", "South West"),
        ("E06000060", "Buckinghamshire", "unitary", "South East"),
        ("E06000023", "Bristol", "unitary", "South West"),
        ("E08000038", "Barnsley", "metropolitan", "Yorkshire and The Humber"),
    ],
)
def test_spot_checks(directory: CouncilDirectory, code: str, name: str, type_: str, region: str) -> None:
    council = directory.by_code(code)
    assert council == Council(code, name, CouncilType(type_), region)


@pytest.mark.parametrize(
    "abolished",
    ["E10000006", "E10000021", "E10000027", "E10000023", "E10000002", "E10000009", "E06000028",
     "E06000029", "E06000048", "E08000016", "E08000019", "E08000020"],
)
def test_abolished_or_replaced_codes_are_not_in_the_list(directory: CouncilDirectory, abolished: str) -> None:
    assert directory.by_code(abolished) is None


def test_the_real_list_holds_no_fictional_council(councils: tuple[Council, ...]) -> None:
    assert not any(c.is_fictional for c in councils)


# --- finding a council --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wokingham", "E06000041"),
        ("wokingham", "E06000041"),
        ("e06000041", "E06000041"),
        (" E06000041 ", "E06000041"),
        ("Wokingham Borough Council", "E06000041"),
        ("Leeds City Council", "E08000035"),
        ("Kent County Council", "E10000016"),
        ("Bristol, City of", "E06000023"),
        ("City of York Council", "E06000014"),
        ("Kingston upon Hull, City of", "E06000010"),
        ("Hull City Council", "E06000010"),
        ("Herefordshire, County of", "E06000019"),
        ("Durham County Council", "E06000047"),
        ("London Borough of Hackney", "E09000012"),
        ("Royal Borough of Windsor & Maidenhead", "E06000040"),
        ("St. Helens Borough Council", "E08000013"),
        ("Stoke on Trent", "E06000021"),
        ("Council of the Isles of Scilly", "E06000053"),
        ("City of London Corporation", "E09000001"),
        ("BCP Council", "E06000058"),
        ("E08000016", "E08000038"),
    ],
)
def test_find_accepts_codes_names_and_formal_titles(directory: CouncilDirectory, text: str,
                                                    expected: str) -> None:
    council = directory.find(text)
    assert council is not None
    assert council.ons_code == expected


@pytest.mark.parametrize("text", ["", "Council", "London", "Yorkshire", "Wokinghm", "E10000006", "Atlantis"])
def test_find_returns_none_rather_than_guessing(directory: CouncilDirectory, text: str) -> None:
    assert directory.find(text) is None


def test_suggest_puts_the_intended_council_first_for_a_typo(directory: CouncilDirectory) -> None:
    assert directory.suggest("Wokinghm")[0].name == "Wokingham"
    assert directory.suggest("Sheffeild")[0].name == "Sheffield"
    assert directory.suggest("Nottinhgam")[0].name == "Nottingham"
    assert directory.suggest("Southend")[0].name == "Southend-on-Sea"


def test_suggest_respects_the_limit_and_offers_nothing_for_nonsense(directory: CouncilDirectory) -> None:
    assert len(directory.suggest("North", limit=2)) == 2
    assert len(directory.suggest("North")) == 3
    assert directory.suggest("Wokinghm", limit=0) == []
    assert directory.suggest("qqqqzzzz") == []
    assert directory.suggest("") == []


def test_search_lists_name_starts_first_then_word_starts(directory: CouncilDirectory) -> None:
    assert [c.name for c in directory.search("york")] == [
        "York", "East Riding of Yorkshire", "North Yorkshire",
    ]
    assert [c.name for c in directory.search("Tyne")] == [
        "Newcastle upon Tyne", "North Tyneside", "South Tyneside",
    ]
    ham = [c.name for c in directory.search("ham")]
    assert ham[0] == "Hammersmith and Fulham"
    assert {"Birmingham", "Nottingham", "Oldham", "Tower Hamlets"} <= set(ham)
    assert ham.index("Tower Hamlets") < ham.index("Birmingham")


def test_search_by_code_prefix_and_empty_text(directory: CouncilDirectory) -> None:
    assert [c.ons_code for c in directory.search("E1000001")] == sorted(
        c.ons_code for c in directory if c.ons_code.startswith("E1000001")
    )
    assert len(directory.search("")) == 153
    # A single letter is a name search, not the start of every code.
    assert len(directory.search("e")) < 153


def test_iteration_is_in_name_order(directory: CouncilDirectory) -> None:
    names = [c.name for c in directory]
    assert len(directory) == 153
    assert names == sorted(names, key=str.casefold)
    assert names[0] == "Barking and Dagenham"


# --- the demo directory -------------------------------------------------------------------------------


def test_demo_councils_are_fictional_and_findable(councils: tuple[Council, ...]) -> None:
    demo = CouncilDirectory.with_demo(councils)
    assert len(demo) == 153 + len(DEMO_COUNCILS)
    assert 3 <= len(DEMO_COUNCILS) <= 4
    for council in DEMO_COUNCILS:
        assert council.is_fictional
        assert "(fictional)" in council.name
        assert council.region in REGIONS
        assert not re.fullmatch(r"E\d{8}", council.ons_code)
    found = demo.find("Demoshire")
    assert found is not None and found.is_fictional
    assert CouncilDirectory(councils).find("Demoshire") is None


def test_demo_codes_are_refused_in_a_reference_list() -> None:
    demo = DEMO_COUNCILS[0]
    with pytest.raises(ValueError, match="line 2"):
        parse_councils(f"{HEADER}{demo.ons_code},{demo.name},{demo.type},{demo.region}\n")


# --- bad input ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"line 1: the header"),
        ("code,name,type,region\nE06000041,Wokingham,unitary,South East\n", r"line 1: the header"),
        (HEADER + "E06000041,Wokingham,unitary,South East\nE0600004,Short,unitary,South East\n",
         r"line 3: 'E0600004' is not an ONS code"),
        (HEADER + "E07000041,Exeter,unitary,South West\n", r"line 2: 'E07000041' is not an ONS code"),
        (HEADER + "E06000041,Wokingham,unitary,South East\nE06000041,Again,unitary,South East\n",
         r"line 3: code E06000041 appears twice"),
        (HEADER + "E06000041,Wokingham,county,South East\n", r"line 2: type 'county' does not fit"),
        (HEADER + "E06000041,Wokingham,unitary,South-East\n", r"line 2: unknown region 'South-East'"),
        (HEADER + "E06000041,Wokingham,unitary\n", r"line 2: expected 4 fields, found 3"),
        (HEADER + "E06000041,,unitary,South East\n", r"line 2: the name is empty"),
        (HEADER + "E06000041,Wokingham,unitary,South East\nE06000042,WOKINGHAM,unitary,South East\n",
         r"line 3: name 'WOKINGHAM' repeats 'Wokingham'"),
    ],
)
def test_parse_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_councils(text)


def test_parse_tolerates_blank_lines_and_a_byte_order_mark() -> None:
    parsed = parse_councils("\ufeff" + HEADER + "\nE06000041,Wokingham,unitary,South East\n\n")
    assert parsed == (Council("E06000041", "Wokingham", CouncilType.UNITARY, "South East"),)


def test_a_directory_refuses_repeated_codes() -> None:
    council = Council("E06000041", "Wokingham", CouncilType.UNITARY, "South East")
    with pytest.raises(ValueError, match="E06000041"):
        CouncilDirectory([council, council])


def test_a_council_needs_a_known_region() -> None:
    with pytest.raises(ValueError, match="region"):
        Council("X99000009", "Nowhere (fictional)", CouncilType.UNITARY, "Wessex")
