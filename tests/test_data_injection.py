"""Filing text in a spreadsheet stays text: no label, title or footnote becomes a formula (CSV and Excel injection).

A hostile copy of the 2004-3 term sheet carries formulas where the filing has a
dwelling type, a state, a table title and a footnote. In every workbook (the deal's,
the diff's, the shelf's) each such cell must be a string cell with Excel's quote
prefix, every formula must be one of ours, and a chart must name its series by
reference; in the CSV each such text starts with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pandas as pd
import pytest
from workbooks import Workbook

from reporting.derive.diff import build_diff
from reporting.pipeline import load_filing
from reporting.present.long_table import FORMULA_STARTS, read_csv
from reporting.present.renders import DealRender, DiffRender
from reporting.present.shelf_workbook import deal_rows, shelf_workbook
from reporting.read.ingest import ingest_bytes

LINK = '=HYPERLINK("http://evil.example/","x")'
DDE = "@SUM(1+1)*cmd|' /C calc'!A0"
PLUS = "+SIZE OF MORTGAGE LOANS"
MINUS = "-2+3 Detached Houses"
FOOTNOTE = "=1+1 multi-family"
HOSTILE = (LINK, DDE, MINUS)  # labels, as the filing writes them
# Every formula the workbooks write: a share, a running or plain SUM, a difference, a change, a subordination.
OURS = re.compile(
    r"=(SUM\([A-Z]+\$?\d+:[A-Z]+\d+\)(/\$B\$\d+)?|[A-Z]+\d+/[A-Z]+\$\d+|[A-Z]+\d+-[A-Z]+\d+|SUM\([A-Z]+\$\d+:[A-Z]+\d+\)"
    r"|\([A-Z]+\d+-[A-Z]+\d+\)(\*\d+|/ABS\([A-Z]+\d+\))|\(ROUND\([A-Z]+\d+,4\)-ROUND\([A-Z]+\d+,4\)\)\*100"
    # the diff's changes between the figures as printed: their cells rounded to the printed places
    r"|ROUND\([A-Z]+\d+,\d\)-ROUND\([A-Z]+\d+,\d\)|\(ROUND\([A-Z]+\d+,\d\)-ROUND\([A-Z]+\d+,\d\)\)"
    r"(\*\d+|/ABS\(ROUND\([A-Z]+\d+,\d\)\)))"
)


@pytest.fixture(scope="module")
def hostile(term_sheet_path):
    text = term_sheet_path.read_text()
    text = text.replace("Townhouses                   ", f"{LINK} ", 1)
    text = text.replace("New York                   ", f"{DDE} ", 1)
    text = text.replace("Detached Houses", MINUS, 1)
    text = text.replace("SIZE OF MORTGAGE LOANS", PLUS, 1)
    text = text.replace("*   Multi-family dwellings are", f"*   {FOOTNOTE} dwellings are", 1)
    deal = load_filing(ingest_bytes(text.encode(), "hostile.txt"))
    labels = {row.label for table in deal.tables for row in table.rows}
    assert set(HOSTILE) <= labels, "the hostile labels must reach the model"
    assert any(t.title.startswith("+") for t in deal.tables)
    assert any(FOOTNOTE in note for t in deal.tables for note in t.footnotes)
    return deal


def _strings_and_formulas(book: Workbook) -> tuple[list, list[str]]:
    cells = [c for sheet in book.formulas for row in sheet.iter_rows() for c in row if c.value is not None]
    formulas = [c.value for c in cells if c.data_type == "f"]
    risky = [c for c in cells if c.data_type != "f" and isinstance(c.value, str) and c.value.startswith(FORMULA_STARTS)]
    return risky, formulas


def _assert_text_only(book: Workbook, expected: set[str]) -> None:
    risky, formulas = _strings_and_formulas(book)
    assert expected <= {c.value for c in risky}
    for cell in risky:
        assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.value)
    assert formulas and all(OURS.fullmatch(f) for f in formulas), [f for f in formulas if not OURS.fullmatch(f)]
    for chart in book.charts():  # a chart's references are cell ranges only; labels live in its value cache
        for reference in re.findall(r"<c:f>(.*?)</c:f>", chart):
            assert re.fullmatch(r"('[A-Za-z ]+'|[A-Za-z]+)!\$[A-Z]+\$\d+(:\$[A-Z]+\$\d+)?", reference), reference
        assert "HYPERLINK" not in re.sub(r"<c:v>.*?</c:v>", "", chart)


def test_the_deal_workbook_keeps_filing_text_as_text(hostile):
    book = Workbook.read(DealRender(hostile).xlsx)
    _assert_text_only(book, {*HOSTILE, "+size of Mortgage Loans"})
    footnotes = [c for sheet in book.formulas for row in sheet.iter_rows() for c in row if FOOTNOTE in str(c.value)]
    assert footnotes and all(c.data_type == "s" for c in footnotes)


def test_the_diff_and_shelf_workbooks_keep_filing_text_as_text(hostile, term_sheet):
    _assert_text_only(Workbook.read(DiffRender(build_diff(term_sheet, hostile)).xlsx), set(HOSTILE))
    long_table = pd.concat([DealRender(hostile).long_table, DealRender(term_sheet).long_table], ignore_index=True)
    shelf = shelf_workbook(deal_rows(long_table), long_table, datetime(2024, 1, 1, tzinfo=UTC))
    risky, formulas = _strings_and_formulas(Workbook.read(shelf))
    assert set(HOSTILE) <= {c.value for c in risky} and not formulas
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)


def test_the_csv_starts_no_cell_with_a_formula_and_reads_back_whole(hostile):
    data = DealRender(hostile).csv
    fields = [field for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for field in row]
    for field in fields:
        if field.startswith(FORMULA_STARTS):
            float(field)  # only a number may start with "-" or "+"
    assert f"'{LINK}" in fields and f"'{DDE}" in fields and f"'{MINUS}" in fields
    assert set(HOSTILE) <= set(read_csv(data)["bucket"])
