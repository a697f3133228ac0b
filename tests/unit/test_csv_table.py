"""The log as CSV: cells a spreadsheet would run as formulas arrive as text, and the file opens in Excel."""

from __future__ import annotations

import csv
import io

import pytest

from sg_desktop.app.csv_table import csv_file_bytes, neutralised, table_csv

DANGEROUS = ['=HYPERLINK("http://x")', "@SUM(A1)", "-2+3", "+1", "\tTabbed", "\rReturned"]


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("cell", DANGEROUS)
def test_a_cell_that_could_start_a_formula_reaches_the_file_as_text(cell: str) -> None:
    rows = read(table_csv(["title"], lambda _c: "Title", [cell], lambda r, _c: r))
    assert rows == [["Title"], ["'" + cell]]
    assert not rows[1][0].startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("cell", ["Trial, adjourned; again", 'He said "no"', "Line one\nline two", "—", "",
                                  "A = B", "2026-12-07", "'quoted already"])
def test_ordinary_cells_are_kept_exactly(cell: str) -> None:
    assert neutralised(cell) == cell
    assert read(table_csv(["c"], str, [cell], lambda r, _c: r))[1] == [cell]


def test_columns_come_in_the_callers_order_with_its_headers() -> None:
    rows = [{"ref": "LGA-1", "council": "Wokingham", "title": "=1+1"}, {"ref": "LGA-2", "council": "Slough",
                                                                        "title": "Quiet"}]
    text = table_csv(["council", "ref"], str.upper, rows, lambda r, c: r[c])
    assert read(text) == [["COUNCIL", "REF"], ["Wokingham", "LGA-1"], ["Slough", "LGA-2"]]
    assert text.count("\r\n") == 3  # RFC 4180 line ends, for Excel
    assert "=1+1" not in text  # a hidden column is not in the file


def test_the_file_is_utf8_with_a_byte_order_mark_for_excel() -> None:
    data = csv_file_bytes(table_csv(["c"], str, ["Ynys Môn — trial"], lambda r, _c: r))
    assert data.startswith(b"\xef\xbb\xbf")
    assert read(data.decode("utf-8-sig"))[1] == ["Ynys Môn — trial"]
