"""A diff table's figure names stand in one column, whether or not the orange edge marks their row.

The edge that marks a row behind a key change was a 3 px left border on that row's heading alone: in the
samples' diff every marked name ("Aggregate balance", "WAC", "Primary residence") began 1.5 px right of the
unmarked names above and below it, in the PDF as in a browser. Every row's first cell now has the edge, clear
where the row is not marked.
"""

from __future__ import annotations

import ctypes
from contextlib import closing

import pypdfium2 as pdfium
import pytest
from browsing import measured_at_widths

# For each diff table with a row heading: where each row's first cell's text begins, from the table's left edge,
# and whether its row is marked.
MEASURE = """() => [...document.querySelectorAll("table.diff-metrics-table, table.diff-table")].map((table) =>
  [...table.querySelectorAll("tr > :first-child")].filter((cell) => cell.textContent.trim()).map((cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const first = [...range.getClientRects()].find((r) => r.width > 0);
    return [cell.parentElement.classList.contains("material"), first.left - table.getBoundingClientRect().left];
  }))"""


@pytest.fixture(scope="module")
def starts(sample_reports) -> dict[int, list[list]]:
    return measured_at_widths(sample_reports.samples_diff()["html"], MEASURE, (1280, 390))


@pytest.mark.parametrize("width", [1280, 390])
def test_a_diff_tables_names_begin_at_one_place_in_a_browser(starts: dict[int, list[list]], width: int):
    tables = starts[width]
    assert any(marked for table in tables for marked, _ in table)  # the samples' diff marks rows to compare with
    uneven = [sorted({round(left, 1) for _, left in table}) for table in tables]
    assert [lefts for lefts in uneven if lefts[-1] - lefts[0] > 0.25] == []


def _left_of(page, text: str) -> float:
    """Where ``text`` begins on the PDF page: its first letter's origin, in points (not the letter's ink, which
    an "S" sets further right than a "P")."""
    found = page.get_textpage()
    letters = "".join(found.get_text_range(i, 1) for i in range(found.count_chars()))
    start = letters.find(text)
    assert start >= 0, text
    x, y = ctypes.c_double(), ctypes.c_double()
    assert pdfium.raw.FPDFText_GetCharOrigin(found.raw, start, ctypes.byref(x), ctypes.byref(y))
    return x.value


def test_a_marked_rows_name_begins_where_the_unmarked_names_do_in_the_pdf(sample_reports):
    pdf = sample_reports.samples_diff()["pdf"]
    with closing(pdfium.PdfDocument(pdf)) as document:
        page = next(p for p in document if "Primary residence" in p.get_textpage().get_text_range())
        # "Primary residence" is behind a key change (its floor fell 3 pp); the rows around it are not.
        marked = _left_of(page, "Primary residence")
        unmarked = [_left_of(page, name) for name in ("Largest zip code share", "Smallest original balance")]
    assert [round(left - marked, 2) for left in unmarked] == [0.0, 0.0]
