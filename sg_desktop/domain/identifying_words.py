"""The identifying-data guard's word patterns: a name after a title or rank, a child's age, a named school.

Each function gives the `(start, end)` spans it finds; `identifying.scan` makes them findings and settles
overlaps with the other kinds. The patterns are built to stay quiet on ordinary protocol text ("Director of
Children's Services", "Lead Member", "Serious Case Review", "Crown Court", a rank on its own) and on the
near misses an officer writes every day ("Acacia Drive", "PC World", "page 4", "aged care", "4 year review",
"Primary School" with no name before it). A name in a public role ("Cllr Smith") is still flagged: the guard
warns, and the officer decides. Like the rest of the guard, every pattern is linear in the length of the
text: repetitions are bounded, and no repeated group can match the same characters in two ways.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["ages", "names", "schools"]

# Names are often not English: "Mrs Łukasiewicz", "Dr Ómar". Python's `re` has no \p{Lu}, so the capitals of
# the Latin, Greek and Cyrillic blocks are spelled out once here.
_UPPER = "[" + "".join(re.escape(c) for c in map(chr, range(0x530)) if c.isupper()) + "]"
_LETTER = r"[^\W\d_]"
# "Jones", "O'Brien", "Smith-Jones", "Mary's", "JONES": each repeat starts with a mark a letter cannot be.
_CAPITALISED = rf"{_UPPER}{_LETTER}*(?:['’-]{_LETTER}+)*"
# Words on one line, as people space them; a line break ends a name.
_GAP = "[ \t\u00a0\u202f]{1,3}"
_BEFORE_WORD = r"(?<![\w'’.-])"
# Looking ahead for a capital before looking behind lets the search skip most positions at once (it halves
# the time these patterns take over a batch of imported alerts).
_AT_CAPITAL = "(?=[A-Z])"  # every title, rank and school word starts with one
_AFTER_WORD = r"(?![\w'’-])"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised words that begin sentences, or follow a title without being a name ("Sgt. The hearing…",
# "PC World", "DS Team"), compared ignoring case.
_NOT_NAMES = _words(
    "a an the this that these those it its he she they we i you his her their our my your me us them"
    " and but or nor so yet if when while where why how what who whom which whose"
    " on in at for to of by with from as after before during until since because although though"
    " there here then now also please is was are were be been has had have can could should would must"
    " shall do does did no not yes all any some each every both either neither other another"
    " following further note see per via re"
    " world comics team teams unit office services service council court police panel board meeting"
    " group forum briefing lead leads manager officer officers staff training support health care trust"
    " partnership safeguarding children children's social family agency department programme policy"
    " protocol update statement press media report review inquest trial hearing ofsted cafcass nspcc nhs"
)

# Titles and ranks a name follows, case as written ("MS" is not "Ms", "DR" may be a country).
_TITLES = (
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Doctor", "Prof", "Professor", "Sir", "Dame", "Rev", "Revd",
    "Reverend", "Cllr", "Councillor", "Judge", "HHJ", "PC", "WPC", "PCSO", "DC", "DS", "DI", "DCI", "DSI",
    "DSU", "DSupt", "Supt", "Superintendent", "Insp", "Inspector", "Sgt", "Sergeant", "Constable",
    "Detective", "Det",
)  # fmt: skip
# Words that lead into a rank: "Detective Chief Inspector Smith", "Woman Police Constable Jones".
_RANK_LEADS = (
    "Detective", "Det", "Chief", "Ch", "Deputy", "Assistant", "Acting", "Senior", "District", "Circuit", "Police",
    "Woman",
)  # fmt: skip
_NOT_A_NAME = "|".join(
    re.escape(w) for w in sorted(_NOT_NAMES | {t.lower() for t in _TITLES + _RANK_LEADS}, key=len, reverse=True)
)
_NAME_WORD = rf"(?!(?i:{_NOT_A_NAME})(?:['’]s)?{_AFTER_WORD}){_CAPITALISED}"

# A title, then up to three initials ("J.", "A. B."), then one to three capitalised words.
_PERSON = re.compile(
    rf"{_AT_CAPITAL}{_BEFORE_WORD}(?:(?:{'|'.join(_RANK_LEADS)})\.?{_GAP}){{0,3}}(?:{'|'.join(_TITLES)})\.?{_GAP}"
    rf"(?:{_UPPER}\.?{_GAP}){{0,3}}{_NAME_WORD}(?:{_GAP}{_NAME_WORD}){{0,2}}"
)


def names(text: str) -> Iterator[tuple[int, int]]:
    """A person named after a title or rank: "Mrs Smith", "DS Jones", "Cllr A. Khan", "Dr J. R. Hartley"."""
    for m in _PERSON.finditer(text):
        yield m.start(), m.end()


# --- ages -------------------------------------------------------------------------------------------

_NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
)  # fmt: skip
_NUMBER = rf"(?P<number>[0-9]{{1,2}}|{'|'.join(sorted(_NUMBER_WORDS, key=len, reverse=True))})"
_UNIT = r"(?P<unit>y(?:ea)?rs?|months?|mths?|weeks?|wks?|days?)"
_SPACE = "[ \u00a0]"
# Each pattern with a word it cannot match without, so most text skips the pattern after a quick look.
_AGES = [
    # "4-year-old", "4 years old", "six-month-old", "4yr old", "the 4-year-old's"; not "4-year-olds" (a whole
    # age group).
    ("old", re.compile(rf"(?<![\w.,£$€-]){_NUMBER}(?:-|{_SPACE})?{_UNIT}(?:-|{_SPACE})old(?![\w-])", re.I)),
    # "4yo", "4 y/o", "4 y.o."; the digit comes before the look behind so the search can skip to digits.
    ("y", re.compile(rf"(?P<number>[0-9](?<![\w.,£$€-][0-9])[0-9]?){_SPACE}?(?:yo|y/o|y\.o\.?)(?!\w)", re.I)),
    # "aged 4", "age 4", "Age: 15 months", "at the age of 4"; not "page 4", "aged care", nor a range of ages
    # ("aged 11 to 16", "age 5+"), which describes a group rather than a child.
    (
        "age",
        re.compile(
            rf"age(?<![\w'’-]age)(?:d|{_SPACE}of)?(?::{_SPACE}{{0,2}}|{_SPACE}{{1,2}}){_NUMBER}"
            rf"(?:(?:-|{_SPACE}){_UNIT})?(?![\w'’+]|[.,][0-9]|{_SPACE}?(?:[-–—]|to\b))",
            re.I,
        ),
    ),
]
_CHILD_YEARS = 17  # "a 34-year-old man" is an adult, and an adult's age is not what this warns about


def ages(text: str) -> Iterator[tuple[int, int]]:
    """A child's age: "a 4-year-old", "aged 4", "an 18-month-old baby"."""
    lowered = text.lower()
    for cue, pattern in _AGES:
        if cue not in lowered:
            continue
        for m in pattern.finditer(text):
            unit = (m.groupdict().get("unit") or "year").lower()
            if not unit.startswith("y") or _number(m.group("number")) <= _CHILD_YEARS:
                yield m.start(), m.end()


def _number(written: str) -> int:
    return int(written) if written.isdigit() else _NUMBER_WORDS.index(written.lower())


# --- schools ----------------------------------------------------------------------------------------

_SCHOOL_WORD = r"(?:School|Academy|College|Nursery|Pre-[Ss]chool|Preschool)"
# The end of a school's name: "… School", "… Primary School", "… Academy", or "… Primary" on its own (but
# not "Primary Care" or "Primary Schools Forum").
_SCHOOL_END = re.compile(
    rf"{_AT_CAPITAL}{_BEFORE_WORD}"
    rf"(?:{_SCHOOL_WORD}(?:{_GAP}{_SCHOOL_WORD})?|Primary(?:{_GAP}{_SCHOOL_WORD}|(?!{_GAP}{_UPPER})))(?![\w-])"
)
# The capitalised words just before it: "St Mary's", "Our Lady of Lourdes", "St John's C of E".
_CONNECTOR = r"(?:of|the|and|&|upon|on|in|de|le|la)"
_SCHOOL_NAME = re.compile(rf"{_BEFORE_WORD}(?:{_CAPITALISED}\.?(?:{_GAP}{_CONNECTOR})?{_GAP}){{1,6}}\Z")
_SCHOOL_NAME_WORD = re.compile(rf"{_CAPITALISED}\.?")
_NAME_WINDOW = 160  # room for six long words
# Words that say what kind of school it is, not which one: "Catholic Primary School" names none.
_SCHOOL_KINDS = _words(
    "primary secondary junior juniors infant infants first middle high upper lower grammar comprehensive"
    " community special free studio faith church england catholic rc ce c e cofe methodist voluntary aided"
    " controlled foundation independent boarding day residential sixth form village sunday summer forest"
    " holiday city county school academy college nursery pre-school preschool"
)
# Words a school's name does not run back past: "the", a council ("… Council Virtual School" is a service,
# not a school), a body ("Royal College", "Police Academy"), a role ("Head of …").
_SCHOOL_BREAKS = _NOT_NAMES | _words(
    "borough council authority partnership services police nhs health trust virtual national"
    " royal local multi director head headteacher principal chair governors pupils parents ofsted"
)


def schools(text: str) -> Iterator[tuple[int, int]]:
    """A school named by its own name: "St Mary's Primary School", "Oakwood Academy"."""
    for end in _SCHOOL_END.finditer(text):
        start = _school_name_start(text, end.start())
        if start is not None:
            yield start, end.end()


def _school_name_start(text: str, at: int) -> int | None:
    """Where the name before the school word at `at` starts, if the words there name a school."""
    run = _SCHOOL_NAME.search(text, max(0, at - _NAME_WINDOW), at)
    if run is None:
        return None
    start = None
    named = False
    words = list(_SCHOOL_NAME_WORD.finditer(text, run.start(), at))
    for word in reversed(words):
        written = word.group()
        bare = written.rstrip(".").lower()
        # A full stop after a long word ends a sentence ("Reading. Oakwood Academy"); after "St" or "C" it
        # is an abbreviation.
        if bare in _SCHOOL_BREAKS or (written.endswith(".") and len(bare) > 2):
            break
        start = word.start()
        named = named or bare not in _SCHOOL_KINDS
    return start if named else None
