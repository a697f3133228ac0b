"""The identifying-data guard: find text that could identify a child before an officer saves it.

`scan` reports NHS numbers, dates of birth, full UK postcodes, UK phone numbers, e-mail addresses, a name
after a title or rank, a child's age and a named school (the word patterns are in `identifying_words`) as
character spans. A finding never carries the text it matched, so a finding (or its message) can be shown,
logged or put in an error without repeating the data it warns about; callers slice the text themselves to
highlight it. Offsets are Python string indices (code points); a Qt widget counts UTF-16 units, so a caller
highlighting text after an emoji must convert. A finding's message says where it is as an officer would
("in the Summary, second line"), never by character counts.

The guard warns, it does not block, so it leans towards flagging; but it only flags a date when the words
before it say it is a birth date, because alerts are full of hearing and publication dates. Every pattern
is linear in the length of the text (no nested unbounded repetition), so scanning a long summary on each
keystroke is cheap.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum

from sg_desktop.domain import identifying_words
from sg_desktop.domain.model import Alert
from sg_desktop.domain.places import FieldPath, ItemList

__all__ = ["AlertFinding", "FieldFinding", "Finding", "IdentifierKind", "scan", "scan_alert", "scan_fields"]


class IdentifierKind(StrEnum):
    """The kinds of identifying data the guard looks for."""

    NHS_NUMBER = "nhs-number"
    DATE_OF_BIRTH = "date-of-birth"
    POSTCODE = "postcode"
    PHONE_NUMBER = "phone-number"
    EMAIL_ADDRESS = "email-address"
    NAME = "name"
    AGE = "age"
    SCHOOL = "school"

    @property
    def noun(self) -> str:
        """The kind with its article, as it reads in a sentence ("an NHS number")."""
        return _NOUNS[self]


_NOUNS = {
    IdentifierKind.NHS_NUMBER: "an NHS number",
    IdentifierKind.DATE_OF_BIRTH: "a date of birth",
    IdentifierKind.POSTCODE: "a postcode",
    IdentifierKind.PHONE_NUMBER: "a phone number",
    IdentifierKind.EMAIL_ADDRESS: "an e-mail address",
    IdentifierKind.NAME: "a person's name",
    IdentifierKind.AGE: "a child's age",
    IdentifierKind.SCHOOL: "a school's name",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """Something that looks identifying at `text[start:end]`, which starts on `line` (counting from 1; None when
    the text is a single line); it never holds the text itself."""

    kind: IdentifierKind
    start: int
    end: int
    line: int | None = None

    @property
    def label(self) -> str:
        """A warning such as "what looks like an NHS number on the second line" (no line for one-line text)."""
        where = "" if self.line is None else f" on {_line_words(self.line, article=True)}"
        return f"what looks like {self.kind.noun}{where}"

    def found_in(self, place: str) -> str:
        """A warning such as "what looks like an NHS number in the Summary, second line", `place` being the
        field's name as the officer sees it."""
        where = "" if self.line is None else f", {_line_words(self.line, article=False)}"
        return f"what looks like {self.kind.noun} in the {place}{where}"


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _line_words(line: int, *, article: bool) -> str:
    """ "second line" ("the second line" with `article`), or "line 14" past the tenth."""
    if line > len(_ORDINALS):
        return f"line {line}"
    return f"{'the ' if article else ''}{_ORDINALS[line - 1]} line"


@dataclass(frozen=True, slots=True)
class FieldFinding:
    """A finding in one named field of a form."""

    field: str
    finding: Finding

    @property
    def message(self) -> str:
        """A warning such as "what looks like an NHS number in the Summary, second line"."""
        return self.finding.found_in(self.field)


@dataclass(frozen=True, slots=True)
class AlertFinding:
    """A finding at a place in an alert (which field; which milestone or offer, by position)."""

    path: FieldPath
    finding: Finding

    @property
    def message(self) -> str:
        """A warning such as "what looks like an NHS number in the Milestone 2 note, second line"."""
        return self.finding.found_in(self.path.label)


def scan(text: str) -> list[Finding]:
    """Every identifying-looking span in `text`, sorted by start and never overlapping."""
    candidates = [
        *_email_addresses(text),
        *_nhs_numbers(text),
        *_dates_of_birth(text),
        *_postcodes(text),
        *_phone_numbers(text),
        *_words(IdentifierKind.AGE, identifying_words.ages(text)),
        *_words(IdentifierKind.SCHOOL, identifying_words.schools(text)),
        *_words(IdentifierKind.NAME, identifying_words.names(text)),
    ]
    # Where two candidates overlap the earlier kind in this order wins: an e-mail address swallows any
    # digits or postcode inside it, a valid NHS number is never also reported as a phone number, and
    # "Dr Challoner's Grammar School" is a school rather than a person.
    if not candidates:
        return []
    candidates.sort(key=lambda f: (_RANK[f.kind], f.start))
    kept: list[Finding] = []  # sorted by start and disjoint, so only the neighbours can overlap
    starts: list[int] = []
    for candidate in candidates:
        i = bisect.bisect_left(starts, candidate.start)
        if i > 0 and kept[i - 1].end > candidate.start:
            continue
        if i < len(kept) and kept[i].start < candidate.end:
            continue
        kept.insert(i, candidate)
        starts.insert(i, candidate.start)
    return _with_lines(text, kept)


def scan_fields(fields: Mapping[str, str]) -> list[FieldFinding]:
    """Scan each field; keys are the field names the officer sees ("Summary"), in the mapping's order."""
    return [FieldFinding(name, finding) for name, text in fields.items() for finding in scan(text)]


def scan_alert(alert: Alert) -> list[AlertFinding]:
    """Every identifying-looking span in the alert's free text, in the order of the editor's fields: title,
    summary, each milestone's note and the reasons given for its moves, each offer's note, owner."""
    places: list[tuple[FieldPath, str]] = [(FieldPath("title"), alert.title), (FieldPath("summary"), alert.summary)]
    places += [(FieldPath.item(ItemList.MILESTONES, i, "note"), m.note) for i, m in enumerate(alert.milestones)]
    places += [(FieldPath.item(ItemList.MILESTONES, i, "reason"), h.reason)
               for i, m in enumerate(alert.milestones) for h in m.history if h.reason]
    places += [(FieldPath.item(ItemList.OFFERS, i, "note"), o.note) for i, o in enumerate(alert.offers)]
    places.append((FieldPath("owner"), alert.owner))
    return [AlertFinding(path, finding) for path, text in places for finding in scan(text)]


_PRECEDENCE = (
    IdentifierKind.EMAIL_ADDRESS,
    IdentifierKind.NHS_NUMBER,
    IdentifierKind.DATE_OF_BIRTH,
    IdentifierKind.POSTCODE,
    IdentifierKind.PHONE_NUMBER,
    IdentifierKind.AGE,
    IdentifierKind.SCHOOL,
    IdentifierKind.NAME,
)
_RANK = {kind: i for i, kind in enumerate(_PRECEDENCE)}

# The line breaks `str.splitlines` knows, so a line here is a line wherever the text is shown.
_LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def _with_lines(text: str, findings: list[Finding]) -> list[Finding]:
    """The findings with the line each starts on, when the text has more than one line."""
    line_starts = [m.end() for m in _LINE_BREAK.finditer(text)]
    if line_starts and line_starts[-1] == len(text):
        line_starts.pop()  # a break at the very end starts no line
    if not line_starts:
        return findings
    return [Finding(f.kind, f.start, f.end, bisect.bisect_right(line_starts, f.start) + 1) for f in findings]


def _words(kind: IdentifierKind, spans: Iterator[tuple[int, int]]) -> Iterator[Finding]:
    for start, end in spans:
        yield Finding(kind, start, end)


# People paste numbers from documents that use no-break spaces and typographic hyphens.
_SEP = "[ \u00a0\u202f\u2010\u2011\u2013-]"
# A pattern that starts by looking behind is tried at every position; looking ahead for a digit first lets
# the search skip to the digits (about a quarter off the time over a batch of imported alerts).
_AT_DIGIT = "(?=[0-9])"

# --- e-mail addresses -------------------------------------------------------------------------------

# The local part is capped at RFC 5321's 64 characters and must start where a run of address characters
# starts, so a long run without an "@" is read once, not once per position.
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9_%+-])[A-Za-z0-9_%+-][A-Za-z0-9._%+-]{0,63}"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}(?![A-Za-z0-9-])"
)


def _email_addresses(text: str) -> Iterator[Finding]:
    for m in _EMAIL.finditer(text):
        yield Finding(IdentifierKind.EMAIL_ADDRESS, m.start(), m.end())


# --- NHS numbers ------------------------------------------------------------------------------------

# Inside a lookahead so that candidates may overlap: a run that fails the check must not hide a valid
# number that starts within it. Letters around the digits make it a reference code, not an NHS number.
_NHS = re.compile(rf"{_AT_DIGIT}(?<!\w)(?=([0-9]{{3}}{_SEP}?[0-9]{{3}}{_SEP}?[0-9]{{4}})(?!\w))")
_NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def _nhs_check_passes(digits: str) -> bool:
    """Whether ten digits pass the NHS modulus-11 check."""
    total = sum(int(d) * w for d, w in zip(digits, _NHS_WEIGHTS, strict=False))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs_numbers(text: str) -> Iterator[Finding]:
    for m in _NHS.finditer(text):
        digits = re.sub("[^0-9]", "", m.group(1))
        if _nhs_check_passes(digits):
            yield Finding(IdentifierKind.NHS_NUMBER, m.start(1), m.end(1))


# --- dates of birth ---------------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_DATES = [
    # 03/03/2015, 3-3-15, 3.3.2015 (day first, as in England); one separator throughout.
    re.compile(
        _AT_DIGIT + r"(?<![\w/.-])(?P<day>[0-9]{1,2})(?P<sep>[/.-])(?P<month>[0-9]{1,2})(?P=sep)"
        r"(?P<year>[0-9]{4}|[0-9]{2})(?![\w/]|[.-][0-9])"
    ),
    # 2015-03-03
    re.compile(
        _AT_DIGIT + r"(?<![\w/.-])(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})(?![\w/-]|\.[0-9])"
    ),
    # 3 March 2015, 3rd of March 2015, 3 Mar. 2015
    re.compile(
        rf"{_AT_DIGIT}(?<!\w)(?P<day>[0-9]{{1,2}}){_ORD}(?:\s{{1,3}}of)?\s{{1,3}}(?P<month>{_MONTH}),?\s{{1,3}}"
        r"(?P<year>[0-9]{4})(?!\w)",
        re.IGNORECASE,
    ),
    # March 3, 2015
    re.compile(
        rf"(?<!\w)(?P<month>{_MONTH})\s{{1,3}}(?P<day>[0-9]{{1,2}}){_ORD},?\s{{1,3}}(?P<year>[0-9]{{4}})(?!\w)",
        re.IGNORECASE,
    ),
]

# Words that name another event: "born 2015, hearing on 12/03/2026" must not make the hearing a birthday.
_OTHER_EVENT = (
    r"(?:hearing|trial|inquest|review|publication|published|publish|sentencing|sentenced|verdict"
    r"|listed|due|died|death|updated|changed)\b"
)
# Read backwards from a date: a birth cue, then at most three plain words on the same sentence ("born in
# Reading on"). "b." is also a list label ("a. … b. …"), so it only counts right next to the date.
_BIRTH_CUE = re.compile(
    r"(?:(?<![\w.])(?:born|dob|d\.\s?o\.\s?b|date\s+of\s+birth|birth\s?date|birthday)\b\.?"
    rf"(?:[\s:,()–—-]{{1,4}}(?!{_OTHER_EVENT})[^\W\d_]+){{0,3}}[\s:,()–—-]{{0,4}}"
    r"|(?<![\w.])b\.\s{0,2})\Z",
    re.IGNORECASE,
)
_CUE_WINDOW = 80


def _dates_of_birth(text: str) -> Iterator[Finding]:
    for pattern in _DATES:
        for m in pattern.finditer(text):
            if not _plausible_date(m.group("day"), m.group("month")):
                continue
            if _BIRTH_CUE.search(text, max(0, m.start() - _CUE_WINDOW), m.start()):
                yield Finding(IdentifierKind.DATE_OF_BIRTH, m.start(), m.end())


def _plausible_date(day: str, month: str) -> bool:
    number = _MONTHS[month[:3].lower()] if month[:1].isalpha() else int(month)
    return 1 <= int(day) <= 31 and 1 <= number <= 12


# --- postcodes --------------------------------------------------------------------------------------

# The shape of the government's postcode regex, with the letters each position allows; an outward code
# alone ("RG40") is an area, not an address, so the inward part is required.
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA"
    r"|[A-PR-UWYZ](?:[0-9]{1,2}|[0-9][A-HJKPSTUW]|[A-HK-Y][0-9]{1,2}|[A-HK-Y][0-9][ABEHMNPRV-Y])"
    r"[ \u00a0]?[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)


def _postcodes(text: str) -> Iterator[Finding]:
    for m in _POSTCODE.finditer(text):
        yield Finding(IdentifierKind.POSTCODE, m.start(), m.end())


# --- phone numbers ----------------------------------------------------------------------------------

# A run of digit groups as people write numbers: an optional +44 / 0044 (with an optional "(0)") or an
# opening bracket, then up to five groups split by a space, hyphen or ")". Which groups form the number
# is decided in Python, so "ref 2026 07700 900123" still finds the mobile number after the year.
_PHONE_RUN = re.compile(
    rf"(?=[0-9(+])(?<![\w+])(?:(?P<intl>(?:\+|00)44){_SEP}?(?:\(0\){_SEP}?)?|\()?"
    rf"(?P<body>[0-9]{{2,}}(?:(?:{_SEP}|\){_SEP}?)[0-9]{{2,}}){{0,4}})"
)
_DIGIT_GROUP = re.compile("[0-9]+")
_WORD_CHAR = re.compile(r"\w")


def _phone_numbers(text: str) -> Iterator[Finding]:
    for m in _PHONE_RUN.finditer(text):
        groups = list(_DIGIT_GROUP.finditer(text, m.start("body"), m.end("body")))
        i = 0
        while i < len(groups):
            last = _longest_phone(text, groups, i, international=i == 0 and m.group("intl") is not None)
            if last is None:
                i += 1
                continue
            start = m.start() if i == 0 else groups[i].start()
            yield Finding(IdentifierKind.PHONE_NUMBER, start, groups[last].end())
            i = last + 1


def _longest_phone(text: str, groups: list[re.Match[str]], first: int, *, international: bool) -> int | None:
    """The index of the last group of the longest UK number starting at group `first`, if any."""
    digits = ""
    best = None
    for j in range(first, len(groups)):
        digits += groups[j].group()
        national = "0" + digits.removeprefix("0") if international else digits
        if len(national) > 11:
            break
        glued = j == len(groups) - 1 and _WORD_CHAR.match(text, groups[j].end()) is not None
        if len(national) >= 10 and national[0] == "0" and national[1] in "12378" and not glued:
            best = j
    return best
