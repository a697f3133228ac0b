"""The user guide's headings and their anchors, read from its Markdown.

Each section the application opens the guide at has a stable anchor, written on the line before its heading
as `<a id="unlock"></a>` (GitHub shows the guide with working links to it too). Qt's Markdown reader drops
such tags, so the guide is read here first: the headings in order with their anchors, and the Markdown
without the anchor lines for Qt to draw. A heading without an anchor line gets one made from its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["GuideText", "Heading", "parse_guide", "slug"]

_ANCHOR = re.compile(r'^\s*<a\s+(?:id|name)="([A-Za-z0-9_-]+)"\s*>\s*</a>\s*$')
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_MARKS = re.compile(r"[`*_]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@dataclass(frozen=True)
class Heading:
    """One heading: its level (1 for the title), its words as shown, and its anchor."""

    level: int
    title: str
    anchor: str


@dataclass(frozen=True)
class GuideText:
    """The guide: the Markdown to draw (without anchor lines) and its headings in order."""

    markdown: str
    headings: tuple[Heading, ...]

    def heading(self, anchor: str) -> Heading | None:
        """The heading whose anchor is `anchor`, or None."""
        return next((h for h in self.headings if h.anchor == anchor), None)

    @property
    def anchors(self) -> tuple[str, ...]:
        """Every anchor, in order."""
        return tuple(h.anchor for h in self.headings)


def slug(title: str) -> str:
    """An anchor made from a heading's words: "Moving dates" → "moving-dates"."""
    words = re.sub(r"[^a-z0-9]+", "-", title.casefold())
    return words.strip("-") or "section"


def _shown(title: str) -> str:
    """A heading's words as drawn: links as their words, without the marks for code and emphasis."""
    return _INLINE_MARKS.sub("", _LINK.sub(r"\1", title)).strip()


def parse_guide(text: str) -> GuideText:
    """Read `text`'s headings and anchors (not inside fenced code); anchors are made unique in order."""
    kept: list[str] = []
    headings: list[Heading] = []
    used: set[str] = set()
    pending: str | None = None
    fenced = False
    for line in text.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            anchor = _ANCHOR.match(line)
            if anchor:
                pending = anchor.group(1)
                continue
            heading = _HEADING.match(line)
            if heading:
                title = _shown(heading.group(2))
                name = pending or slug(title)
                base, n = name, 2
                while name in used:
                    name, n = f"{base}-{n}", n + 1
                used.add(name)
                headings.append(Heading(len(heading.group(1)), title, name))
                pending = None
            elif line.strip():
                pending = None  # an anchor belongs to the heading right after it
        kept.append(line)
    return GuideText("\n".join(kept) + "\n", tuple(headings))
