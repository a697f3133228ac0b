"""The alert log as CSV, for a colleague without the application: the rows and columns the officer chose.

The caller says which columns, in which order, with which header and which text in each cell, so the file
holds the table as it is shown (the window's visible columns and filter, the command line's own columns).

A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` as a formula (and some treat a leading
tab or carriage return the same way), so a title such as `=HYPERLINK("http://x")` from another office
could run on the colleague's machine. Such a cell is written with a single quote in front, as OWASP
advises: the spreadsheet then shows it as text.

The file is UTF-8 with a byte-order mark and lines ending in CRLF: Excel, which most colleagues will open
it in, reads a CSV without the mark in the machine's legacy code page and garbles council names with
accents and the dashes the table shows for "none"; LibreOffice and Numbers read the mark as UTF-8 too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

__all__ = ["BOM", "TABLE_WARNING", "csv_file_bytes", "neutralised", "table_csv"]

BOM = "\ufeff"
TABLE_WARNING = ("Spreadsheets are not encrypted: anyone with the file sees every row and column it holds, "
                 "titles included.")

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Row = TypeVar("Row")
Col = TypeVar("Col")


def neutralised(cell: str) -> str:
    """`cell` as a spreadsheet will show it and never run it: a leading `'` where it could start a formula."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def table_csv(columns: Sequence[Col], header: Callable[[Col], str], rows: Iterable[Row],
              cell: Callable[[Row, Col], str], *, line_end: str = "\r\n") -> str:
    """CSV text of `rows`: a header line of `header(column)`, then `cell(row, column)` for each column in
    order, every cell quoted and neutralised. No byte-order mark (see `csv_file_bytes`)."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator=line_end)
    writer.writerow([neutralised(header(c)) for c in columns])
    writer.writerows([neutralised(cell(r, c)) for c in columns] for r in rows)
    return out.getvalue()


def csv_file_bytes(text: str) -> bytes:
    """`text` as the bytes of a .csv file: UTF-8 with a byte-order mark, which Excel needs to read it right."""
    return (BOM + text).encode("utf-8")
