"""The themes the "what works" digest groups shared texts under: a small table of words, read in order.

A text goes under the first theme (in the table's order) one of whose words it contains as a whole word,
capitals ignored ("press" is found in "the press, early" but not in "pressing"); a text with none of them goes
under UNTHEMED. This is plain word matching, not
understanding: the digest says so, and lists each theme's words, so a reader knows why a text sits where it
does. The most particular themes come first, so "the peer mentor prepared the leader for the press" is
about peer support rather than the press.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["THEMES", "UNTHEMED", "Theme", "theme_of"]


@dataclass(frozen=True)
class Theme:
    """A theme's heading and the words that put a text under it."""

    name: str
    words: frozenset[str]

    @property
    def word_list(self) -> str:
        """Its words, sorted, separated by commas (for the digest's note on how it groups)."""
        return ", ".join(sorted(self.words))


def _theme(name: str, words: str) -> Theme:
    return Theme(name, frozenset(words.split()))


THEMES: tuple[Theme, ...] = (
    _theme("Peer support and mentoring", "mentor mentors mentored mentoring peer peers experienced buddy"),
    _theme("Media and press handling", "media press journalist journalists reporter reporters statement statements "
           "interview interviews coverage broadcast broadcasters headline headlines newspaper newspapers tv "
           "radio online story stories"),
    _theme("Timing and preparation", "early earlier timetable timing date dates prepare prepared preparing "
           "preparation plan plans planned planning advance notice ready rehearse rehearsed rehearsal embargo"),
    _theme("Political leadership", "leader leaders councillor councillors member members cabinet political "
           "politicians portfolio scrutiny"),
    _theme("Staff and the director", "director directors staff workforce practitioners frontline morale wellbeing "
           "supervision managers"),
    _theme("Partners and briefing", "partner partners partnership police health agency agencies briefing briefings "
           "brief briefed communication communications message messages messaging"),
    _theme("Families and the public", "family families community communities public residents parents trust "
           "reassurance reassure"),
)
UNTHEMED = "Not matched to a theme"
# A text's words are looked up one by one (a digest may theme thousands of texts); the theme is the earliest in
# the table of those whose words were found.
_RANK = {word: i for i, theme in reversed(list(enumerate(THEMES))) for word in theme.words}
_WORD = re.compile(r"[^\W\d_]+")  # a run of letters, in any script


def theme_of(text: str) -> str:
    """The name of the theme `text` goes under, or UNTHEMED."""
    found = [rank for rank in map(_RANK.get, _WORD.findall(text.lower())) if rank is not None]
    return THEMES[min(found)].name if found else UNTHEMED
