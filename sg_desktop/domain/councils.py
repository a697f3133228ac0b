"""The reference list of English councils with children's-services responsibility, and lookups over it.

The list itself lives in `sg_desktop/resources/councils.csv` (columns `ons_code,name,type,region`); this
module parses text handed to it and never reads a file.

The council type follows the ONS code prefix: E06 `unitary`, E08 `metropolitan`, E09 `london`, E10
`county`. The two sui generis authorities keep the type of their code: the City of London (E09000001) is
`london` and the Council of the Isles of Scilly (E06000053) is `unitary`.

Barnsley and Sheffield were given new codes on 1 April 2025 (E08000038, E08000039); `find` still accepts
their former codes because spreadsheets from other sources keep using them.

`DEMO_COUNCILS` are fictional, with codes outside the ONS ranges, for the demo vault only.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "DEMO_COUNCILS",
    "REGIONS",
    "Council",
    "CouncilDirectory",
    "CouncilType",
    "parse_councils",
]

REGIONS: tuple[str, ...] = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)

_HEADER = ("ons_code", "name", "type", "region")
_CODE_RE = re.compile(r"E0[689]\d{6}|E10\d{6}")
_DEMO_PREFIX = "X99"


class CouncilType(StrEnum):
    """The kind of authority, as its ONS code prefix says."""

    COUNTY = "county"
    METROPOLITAN = "metropolitan"
    LONDON = "london"
    UNITARY = "unitary"


_TYPE_OF_PREFIX = {
    "E06": CouncilType.UNITARY,
    "E08": CouncilType.METROPOLITAN,
    "E09": CouncilType.LONDON,
    "E10": CouncilType.COUNTY,
}


@dataclass(frozen=True)
class Council:
    """One council: its ONS code, the name an officer picks from a list, its type and its region."""

    ons_code: str
    name: str
    type: CouncilType
    region: str

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError(f"Council {self.ons_code!r} has no name.")
        if self.region not in REGIONS:
            raise ValueError(f"Council {self.ons_code!r} has unknown region {self.region!r}.")

    @property
    def is_fictional(self) -> bool:
        """Whether this is one of the demo councils, which a real vault must not use."""
        return self.ons_code.startswith(_DEMO_PREFIX)


DEMO_COUNCILS: tuple[Council, ...] = (
    Council("X99000001", "Demoshire (fictional)", CouncilType.COUNTY, "South West"),
    Council("X99000002", "Fictown (fictional)", CouncilType.UNITARY, "North West"),
    Council("X99000003", "Sampleford (fictional)", CouncilType.METROPOLITAN, "West Midlands"),
    Council("X99000004", "Exampleton (fictional)", CouncilType.LONDON, "London"),
)


def parse_councils(csv_text: str) -> tuple[Council, ...]:
    """Read the reference list from CSV text, checking every row.

    Raises ValueError naming the line of the first problem: a wrong header, a malformed or repeated
    code, a type that disagrees with the code, an unknown region, or a repeated name.
    """
    reader = csv.reader(io.StringIO(csv_text.removeprefix("\ufeff")))
    header = next(reader, None)
    if header is None or tuple(field.strip() for field in header) != _HEADER:
        raise ValueError(f"line 1: the header must be {','.join(_HEADER)}.")
    councils: list[Council] = []
    seen_codes: set[str] = set()
    seen_names: dict[str, str] = {}
    for row in reader:
        line = reader.line_num
        if not any(field.strip() for field in row):
            continue
        if len(row) != len(_HEADER):
            raise ValueError(f"line {line}: expected {len(_HEADER)} fields, found {len(row)}.")
        code, name, type_text, region = (field.strip() for field in row)
        if not _CODE_RE.fullmatch(code):
            raise ValueError(f"line {line}: {code!r} is not an ONS code of an upper-tier English council.")
        if code in seen_codes:
            raise ValueError(f"line {line}: code {code} appears twice.")
        expected_type = _TYPE_OF_PREFIX[code[:3]]
        if type_text != expected_type.value:
            raise ValueError(f"line {line}: type {type_text!r} does not fit code {code}; expected "
                             f"{expected_type.value!r}.")
        if region not in REGIONS:
            raise ValueError(f"line {line}: unknown region {region!r}.")
        if not name:
            raise ValueError(f"line {line}: the name is empty.")
        key = _normalise(name)
        if key in seen_names:
            raise ValueError(f"line {line}: name {name!r} repeats {seen_names[key]!r}.")
        seen_codes.add(code)
        seen_names[key] = name
        councils.append(Council(code, name, expected_type, region))
    return tuple(councils)


# Words around a council's name in its formal title ("London Borough of Hackney", "Leeds City Council",
# "Bristol, City of"), stripped so that any of those spellings finds the council.
_LEADING_WORDS = frozenset({"the", "council", "of", "london", "royal", "borough", "city", "county",
                            "metropolitan"})
_TRAILING_WORDS = frozenset({"council", "county", "city", "borough", "metropolitan", "district", "of",
                             "corporation", "fictional"})

# Short forms people use that no amount of word-stripping reaches, and codes ONS has since replaced.
_ALIASES = {
    "hull": "E06000010",
    "bcp": "E06000058",
    "banes": "E06000022",
    "bathnes": "E06000022",
    "e08000016": "E08000038",
    "e08000019": "E08000039",
}

# A bare region name is not a council, even where stripping reduces "City of London" to "london".
_NOT_COUNCIL_KEYS = frozenset(region.casefold() for region in REGIONS)


def _normalise(text: str) -> str:
    """Lower case, `&` as "and", every run of punctuation or space as one space."""
    text = text.casefold().replace("&", " and ")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def _forms(text: str) -> list[str]:
    """The normalised text, then without its trailing title words, then without leading ones too."""
    words = _normalise(text).split()
    forms = [" ".join(words)]
    # Never strip the last word: "Council" alone must not become the empty string.
    while len(words) > 1 and words[-1] in _TRAILING_WORDS:
        words.pop()
    forms.append(" ".join(words))
    while len(words) > 1 and words[0] in _LEADING_WORDS:
        words.pop(0)
    forms.append(" ".join(words))
    return list(dict.fromkeys(form for form in forms if form))


class CouncilDirectory:
    """The councils an officer can pick from: look-up by code or name, typo suggestions, type-to-search."""

    def __init__(self, councils: Iterable[Council]) -> None:
        ordered = sorted(councils, key=lambda c: (c.name.casefold(), c.ons_code))
        self._councils: tuple[Council, ...] = tuple(ordered)
        self._by_code: dict[str, Council] = {}
        for council in self._councils:
            if council.ons_code in self._by_code:
                raise ValueError(f"Council code {council.ons_code} appears twice.")
            self._by_code[council.ons_code] = council
        keys: dict[str, set[str]] = {}
        for council in self._councils:
            for form in _forms(council.name):
                keys.setdefault(form, set()).add(council.ons_code)
        # A form two councils share would pick one arbitrarily; neither gets it.
        self._by_key: dict[str, Council] = {
            key: self._by_code[next(iter(codes))]
            for key, codes in keys.items()
            if len(codes) == 1 and key not in _NOT_COUNCIL_KEYS
        }
        self._keys_of: dict[str, list[str]] = {c.ons_code: _forms(c.name) for c in self._councils}

    @classmethod
    def with_demo(cls, councils: Iterable[Council] = ()) -> CouncilDirectory:
        """A directory of the given councils plus the fictional `DEMO_COUNCILS`, for the demo vault."""
        return cls((*councils, *DEMO_COUNCILS))

    def __len__(self) -> int:
        return len(self._councils)

    def __iter__(self) -> Iterator[Council]:
        return iter(self._councils)

    def by_code(self, code: str) -> Council | None:
        """The council with exactly this ONS code (any case), or None."""
        return self._by_code.get(code.strip().upper())

    def find(self, text: str) -> Council | None:
        """The one council `text` names: its code, its name, or its name with a formal title around it.

        Case, punctuation and words such as "Borough Council", "City of" or "London Borough of" are
        ignored. Returns None when nothing matches exactly; use `suggest` for near misses.
        """
        council = self.by_code(text)
        if council is not None:
            return council
        for form in _forms(text):
            council = self._by_key.get(form)
            if council is not None:
                return council
            alias = _ALIASES.get(form)
            if alias is not None and alias in self._by_code:
                return self._by_code[alias]
        return None

    def suggest(self, text: str, limit: int = 3) -> list[Council]:
        """Up to `limit` councils whose names are nearest to `text`, best first (for "did you mean …?")."""
        found = self.find(text)
        forms = _forms(text)
        if not forms or limit <= 0:
            return []
        query = forms[-1]
        scored: list[tuple[float, Council]] = []
        for council in self._councils:
            score = max(_similarity(query, key) for key in self._keys_of[council.ons_code])
            if council is found:
                score = 3.0
            if score >= 0.6:
                scored.append((score, council))
        # Python's sort is stable, so equal scores stay in name order.
        scored.sort(key=lambda pair: -pair[0])
        return [council for _, council in scored[:limit]]

    def search(self, text: str) -> list[Council]:
        """Councils for a type-to-search picker: names starting with `text`, then a word starting with it,
        then containing it anywhere; codes starting with it too. Empty text lists every council.
        """
        query = _normalise(text)
        if not query:
            return list(self._councils)
        # Only a query with a digit is taken as a code, or typing "E" for Essex would list every council.
        code_query = text.strip().upper() if any(ch.isdigit() for ch in text) else None
        ranked: list[tuple[int, Council]] = []
        for council in self._councils:
            name = _normalise(council.name)
            if name.startswith(query) or (code_query and council.ons_code.startswith(code_query)):
                ranked.append((0, council))
            elif f" {query}" in f" {name}":
                ranked.append((1, council))
            elif query in name:
                ranked.append((2, council))
        ranked.sort(key=lambda pair: pair[0])
        return [council for _, council in ranked]


def _similarity(query: str, key: str) -> float:
    """How well `query` matches a council's name form: above 1 for substrings, else difflib's ratio."""
    if query == key:
        return 2.0
    # Very short queries are substrings of half the list; let them rank by ratio alone.
    if len(query) >= 3:
        if key.startswith(query):
            return 1.5
        if f" {query}" in f" {key}":
            return 1.3
        if query in key:
            return 1.1
    return difflib.SequenceMatcher(None, query, key).ratio()
