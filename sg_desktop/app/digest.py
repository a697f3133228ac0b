"""The "what works" digest: the lessons an office holds (the LGA's, typically, from many councils), counted and
quoted, as plain data for a window, a page or a printer.

What it says, of the lessons the filter keeps (kind of case, region, council, recorded since a day):

* by kind of case and by kind of support offer, how often support was offered, taken up and found useful
  (rated 4 or 5 of 5) in the lessons' reviews of the offers;
* how the coverage compared with the expected media interest (a table, and fewer / as expected / more);
* the "what helped" and "what we would do differently" texts of the lessons that may be shared, grouped by theme
  (`lesson_themes`: the first theme, in its table's order, one of whose words a text contains). Only lessons
  marked "may be shared" give texts; every lesson counts in the figures.

A quoted text names its council only where the lesson's sharing scope includes councils (so any council's office
may receive it); otherwise it says "A council", whichever office holds the lesson. References are never quoted.
The digest is marked OFFICIAL-SENSITIVE: it is drawn from the protocol's confidential exchange. Drawing it is the
window's business; this module imports no Qt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sg_desktop.app.lessons import LessonService
from sg_desktop.domain.councils import CouncilDirectory
from sg_desktop.domain.enums import AlertKind, Coverage, Handling, MediaInterest, OfferKind
from sg_desktop.domain.lesson_themes import THEMES, UNTHEMED, theme_of
from sg_desktop.domain.lessons import USEFUL_FROM, CoverageVerdict, verdict_of
from sg_desktop.domain.typed_dates import MONTH_NAMES, long_date
from sg_desktop.store.lessons import LessonFilter, LessonRepository, LessonTallies, SharedTextRow

__all__ = [
    "A_COUNCIL",
    "PDF_TEXTS_PER_THEME",
    "Digest",
    "DigestChoice",
    "DigestPdfWriter",
    "DigestService",
    "SharedText",
    "Tally",
    "ThemeGroup",
    "build_digest",
]

A_COUNCIL = "A council"
"""How a quoted text is attributed when its lesson's scope does not include councils."""
PDF_TEXTS_PER_THEME = 12
"""The most texts the PDF quotes under one theme (the most recent); the window lists every one."""


@dataclass(frozen=True)
class DigestChoice:
    """Which lessons: about one council (ONS code) or one region, of one kind, recorded on or after `since`."""

    council: str | None = None
    region: str | None = None
    kind: AlertKind | None = None
    since: date | None = None


@dataclass(frozen=True)
class Tally:
    """One row of counts: lessons, offers reviewed, taken up, and found useful (rated USEFUL_FROM or more)."""

    label: str
    lessons: int
    offered: int
    accepted: int
    useful: int
    key: str = ""  # the kind's stable value (`AlertKind` or `OfferKind`)

    @property
    def accepted_share(self) -> str:
        """ "63%" of the offers taken up, or "—" when none was offered."""
        return f"{round(100 * self.accepted / self.offered)}%" if self.offered else "—"


@dataclass(frozen=True)
class SharedText:
    """A text quoted in the digest, with its case's kind, its council (or A_COUNCIL) and when it was recorded."""

    text: str
    council: str
    kind: AlertKind
    recorded: date | None


@dataclass(frozen=True)
class ThemeGroup:
    """The texts under one theme, newest first, and the words that put them there ("" for UNTHEMED)."""

    theme: str
    words: str
    texts: tuple[SharedText, ...]


@dataclass(frozen=True)
class Digest:
    """Everything the digest says, in the order it says it."""

    produced_at: datetime
    office: str
    filters: tuple[str, ...]  # the filters applied, in words; empty for none
    lessons: int
    shared: int  # lessons that may be quoted
    by_kind: tuple[Tally, ...]
    by_offer: tuple[Tally, ...]
    coverage: tuple[tuple[MediaInterest, tuple[int, ...]], ...]  # expected → count for each Coverage, in order
    verdicts: tuple[tuple[CoverageVerdict, int], ...]
    helped: tuple[ThemeGroup, ...]
    differently: tuple[ThemeGroup, ...]
    marking: Handling = Handling.OFFICIAL_SENSITIVE
    title: str = "What works: lessons learned"

    @property
    def produced(self) -> str:
        """"Produced 24 November 2026 10:00 by <office>", in this computer's local time."""
        local = self.produced_at.astimezone()
        return f"Produced {local.day} {MONTH_NAMES[local.month - 1]} {local.year} {local:%H:%M} by {self.office}"

    @property
    def texts(self) -> int:
        """How many texts are quoted in all."""
        return sum(len(g.texts) for g in (*self.helped, *self.differently))


DigestPdfWriter = Callable[[Digest, Path], None]
"""What writes a digest as a PDF file (the window's drawing code, handed to the command line by main)."""


class DigestService:
    """The digest of one unlocked vault's lessons."""

    def __init__(self, lessons: LessonService, repo: LessonRepository) -> None:
        self._lessons = lessons
        self._repo = repo

    @property
    def councils(self) -> CouncilDirectory:
        """The councils lessons may be about (names, regions)."""
        return self._lessons.alerts.councils

    def filter_of(self, choice: DigestChoice) -> LessonFilter:
        """The store's filter for `choice` (a region becomes its councils)."""
        councils: frozenset[str] = frozenset()
        if choice.council:
            councils = frozenset({choice.council})
        elif choice.region:
            councils = frozenset(c.ons_code for c in self.councils if c.region == choice.region) or frozenset({""})
        kinds = frozenset({choice.kind}) if choice.kind else frozenset()
        return LessonFilter(councils, kinds, choice.since)

    def words(self, choice: DigestChoice) -> tuple[str, ...]:
        """The filters of `choice` in words ("council Leeds", "kind Inquest", "recorded since 1 March 2026")."""
        out = []
        if choice.council:
            found = self.councils.by_code(choice.council)
            out.append(f"council {found.name if found else choice.council}")
        elif choice.region:
            out.append(f"region {choice.region}")
        if choice.kind:
            out.append(f"kind {choice.kind.label}")
        if choice.since:
            out.append(f"recorded since {long_date(choice.since)}")
        return tuple(out)

    def digest(self, choice: DigestChoice, produced_at: datetime, office: str) -> Digest:
        """The digest of the lessons `choice` keeps."""
        which = self.filter_of(choice)
        return build_digest(self._repo.tallies(which, USEFUL_FROM), self._repo.shared_texts(which), self.councils,
                            produced_at, office, self.words(choice))


def build_digest(tallies: LessonTallies, texts: Sequence[SharedTextRow], councils: CouncilDirectory,
                 produced_at: datetime, office: str, filters: Sequence[str] = ()) -> Digest:
    """The digest from the vault's counts and the texts that may be quoted (newest first)."""
    kind_lessons: Counter[str] = Counter()
    coverage = {m: [0] * len(Coverage) for m in MediaInterest}
    verdicts: Counter[CoverageVerdict] = Counter()
    column = {c.value: i for i, c in enumerate(Coverage)}
    media = {m.value: m for m in MediaInterest}
    total = shared = 0
    for (kind, expected, covered, may_share), n in tallies.lessons.items():
        kind_lessons[kind] += n
        total += n
        shared += n if may_share else 0
        coverage[media[expected]][column[covered]] += n
        verdicts[verdict_of(media[expected], Coverage(covered))] += n
    by_kind: dict[str, list[int]] = {}
    by_offer: dict[str, list[int]] = {}
    for (kind, offer), figures in tallies.reviews.items():
        for key, table in ((kind, by_kind), (offer, by_offer)):
            sums = table.setdefault(key, [0, 0, 0, 0])
            for i, n in enumerate(figures):
                sums[i] += n
    names = {c.ons_code: c.name for c in councils}
    helped: dict[str, list[SharedText]] = {}
    differently: dict[str, list[SharedText]] = {}
    for row in texts:
        named = names.get(row.council, row.council) if row.councils_may_see else A_COUNCIL
        case = AlertKind(row.kind)
        recorded = date.fromisoformat(row.created_at[:10]) if row.created_at else None
        for text, into in ((row.helped, helped), (row.do_differently, differently)):
            quoted = text.strip()
            if quoted:
                into.setdefault(theme_of(quoted), []).append(SharedText(quoted, named, case, recorded))
    return Digest(
        produced_at=produced_at, office=office, filters=tuple(filters), lessons=total, shared=shared,
        by_kind=tuple(_tally(k.label, k.value, by_kind, kind_lessons[k.value]) for k in AlertKind),
        by_offer=tuple(_tally(k.label, k.value, by_offer) for k in OfferKind),
        coverage=tuple((m, tuple(coverage[m])) for m in MediaInterest),
        verdicts=tuple((v, verdicts[v]) for v in CoverageVerdict),
        helped=_groups(helped), differently=_groups(differently),
    )


def _tally(label: str, key: str, rows: dict[str, list[int]], lessons: int | None = None) -> Tally:
    found, offered, accepted, useful = rows.get(key, [0, 0, 0, 0])
    return Tally(label, found if lessons is None else lessons, offered, accepted, useful, key)


def _groups(texts: dict[str, list[SharedText]]) -> tuple[ThemeGroup, ...]:
    order = [(t.name, t.word_list) for t in THEMES] + [(UNTHEMED, "")]
    return tuple(ThemeGroup(name, words, tuple(texts[name])) for name, words in order if name in texts)
