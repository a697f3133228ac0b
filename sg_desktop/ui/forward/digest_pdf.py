"""The "what works" digest drawn on A4 pages, as a PDF file or on paper, by the same machinery as the briefing
report (`paged_pdf`): the handling marking at the top and bottom of every page.

The counts come first, then the texts that may be quoted under their themes: at most PDF_TEXTS_PER_THEME under
each (the most recent; the page says how many more the window lists). Every record string is escaped: our markup
around plain text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QTextDocument

from sg_desktop.app.digest import PDF_TEXTS_PER_THEME, Digest, SharedText, Tally, ThemeGroup
from sg_desktop.domain.enums import Coverage
from sg_desktop.domain.lesson_themes import THEMES
from sg_desktop.domain.lessons import USEFUL_FROM
from sg_desktop.domain.typed_dates import long_date
from sg_desktop.ui.forward.paged_pdf import paged_pdf, write_paged

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

__all__ = ["GROUPING_NOTE", "digest_document", "digest_pdf", "grouping_note", "write_digest"]


def grouping_note(where_words: str) -> str:
    """How the texts are grouped, honestly; `where_words` says where a reader finds each theme's words."""
    return ("Texts are grouped by the words they contain: each goes under the first theme, in the order listed, one of "
            f"whose words it has ({where_words}). This is word matching, not a reading of the text. Only lessons "
            "their office marked “may be shared” are quoted, and a council is named only where its lesson may be "
            "shared with other councils.")


GROUPING_NOTE = grouping_note("the words are listed at the end")
_CSS = """
h1 {{ font-size: 18pt; margin-bottom: {v4}px; }}
h2 {{ font-size: 13pt; margin-top: {v12}px; margin-bottom: {v4}px; }}
h3 {{ font-size: 11pt; margin-top: {v8}px; margin-bottom: {v2}px; }}
p {{ margin-top: {v1}px; margin-bottom: {v1}px; }}
th {{ text-align: left; padding-right: {h10}px; }}
td {{ padding-right: {h10}px; }}
.quote {{ margin-top: {v4}px; margin-left: {h14}px; }}
.who {{ margin-left: {h14}px; color: #333333; }}
.meta {{ color: #333333; }}
.none {{ color: #555555; }}
"""


def write_digest(digest: Digest, target: Path | str | QPrinter) -> None:
    """Write `digest` as a PDF file at `target`, or print it on the printer `target` (CannotWrite when it cannot)."""
    write_paged(digest, lambda dpi: digest_document(digest, dpi), target)


def digest_pdf(digest: Digest) -> bytes:
    """`digest` as the bytes of a PDF file."""
    return paged_pdf(digest, lambda dpi: digest_document(digest, dpi))


def digest_document(digest: Digest, dpi: int = 72) -> QTextDocument:
    """The digest's body as a document for a device of `dpi` dots an inch."""
    document = QTextDocument()
    document.setDocumentMargin(0)
    sizes = {f"v{pt}": round(pt * 96 / 72) for pt in range(13)} | {f"h{pt}": round(pt * dpi / 72) for pt in range(29)}
    document.setDefaultStyleSheet(_CSS.format(**sizes))
    font = QFont()
    font.setPointSizeF(10)
    document.setDefaultFont(font)
    document.setHtml("".join([*_counts(digest), *_texts("What helped", digest.helped, True),
                              *_texts("What we would do differently", digest.differently, False), *_themes()]))
    return document


def _counts(digest: Digest) -> Iterable[str]:
    yield f"<h1>{escape(digest.title)}</h1>"
    yield f"<p class='meta'>{escape(digest.produced)}.</p>"
    if digest.filters:
        yield f"<p class='meta'>Filters: {escape('; '.join(digest.filters))}.</p>"
    else:
        yield "<p class='meta'>Every lesson held (no filters).</p>"
    yield (f"<p>{digest.lessons:,} lesson{'s' if digest.lessons != 1 else ''} learned; {digest.shared:,} may be "
           f"quoted. Support counts as found useful when rated {USEFUL_FROM} or 5 of 5.</p>")
    if not digest.lessons:
        yield "<p class='none'>No lessons match; there is nothing to count.</p>"
        return
    yield from _tally_table("By kind of case", "Kind of case", digest.by_kind, "Reviewed")
    yield from _tally_table("By kind of support", "Kind of support", digest.by_offer, "Offered")
    yield "<h2>Coverage against expectation</h2><table width='100%'><tr><th width='30%'>Expected</th>"
    yield "".join(f"<th>{escape(c.label)}</th>" for c in Coverage) + "</tr>"
    for expected, counts in digest.coverage:
        yield f"<tr><td>{escape(expected.label)}</td>" + "".join(f"<td align='right'>{n}</td>" for n in counts)
        yield "</tr>"
    yield "</table><p>" + "; ".join(f"{escape(v.label)}: {n}" for v, n in digest.verdicts) + ".</p>"


def _tally_table(heading: str, first: str, rows: Sequence[Tally], offered: str) -> Iterable[str]:
    yield (f"<h2>{escape(heading)}</h2><table width='100%'><tr><th width='42%'>{escape(first)}</th><th>Lessons</th>"
           f"<th>{offered}</th><th>Taken up</th><th>Found useful</th></tr>")
    for t in rows:
        yield (f"<tr><td>{escape(t.label)}</td><td align='right'>{t.lessons}</td><td align='right'>{t.offered}</td>"
               f"<td align='right'>{t.accepted} ({t.accepted_share})</td><td align='right'>{t.useful}</td></tr>")
    yield "</table>"


def _texts(heading: str, groups: Sequence[ThemeGroup], first: bool) -> Iterable[str]:
    brk = " style='page-break-before: always'" if first else ""
    yield f"<h2{brk}>{escape(heading)}</h2>"
    if first:
        yield f"<p class='meta'>{escape(GROUPING_NOTE)}</p>"
    if not groups:
        yield "<p class='none'>No text that may be quoted.</p>"
    for group in groups:
        yield f"<h3>{escape(group.theme)} ({len(group.texts)})</h3>"
        for text in group.texts[:PDF_TEXTS_PER_THEME]:
            yield from _quote(text)
        more = len(group.texts) - PDF_TEXTS_PER_THEME
        if more > 0:
            yield (f"<p class='none'>… and {more:,} more under this theme; the digest window in SG Desktop lists "
                   "every one.</p>")


def _quote(text: SharedText) -> Iterable[str]:
    body = "<br/>".join(escape(line) for line in text.text.splitlines())
    when = f", recorded {long_date(text.recorded)}" if text.recorded else ""
    yield f"<p class='quote'>“{body}”</p>"
    yield f"<p class='who'>— {escape(text.council)}, {escape(text.kind.label)}{when}</p>"


def _themes() -> Iterable[str]:
    yield "<h2>How texts are grouped</h2><table>"
    for theme in THEMES:
        yield f"<tr><td><b>{escape(theme.name)}</b></td><td>{escape(theme.word_list)}</td></tr>"
    yield "</table>"
