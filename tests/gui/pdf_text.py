"""The text on the pages of a PDF that Qt wrote, read back with pypdf, so that a test can check what was
printed: `pdf_text(path)` for the whole file, `page_texts(path)` page by page; one line per line of text,
with ligatures spelt out and any run of spaces or tabs as one space, as a reader would copy the words.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pypdf import PdfReader

__all__ = ["page_texts", "pdf_text"]


def pdf_text(path: Path) -> str:
    """The text of every page of the PDF at `path`, one line of text to a line."""
    return "\n".join(page_texts(path))


def page_texts(path: Path) -> list[str]:
    """The text of each page of the PDF at `path`, in page order."""
    return ["\n".join(_lines(page.extract_text())) for page in PdfReader(path).pages]


def _lines(text: str) -> list[str]:
    plain = (re.sub(r"\s+", " ", unicodedata.normalize("NFKC", line)).strip() for line in text.splitlines())
    return [line for line in plain if line]
