"""An HTML matrix whose headings span other grid columns than its figures do.

A filing agent sets each column of the FICO x LTV matrix as four cells: the "$" cell it leaves
before every figure, then the figure with its "%" in the same cell, between two spacers
("<td></td><td></td><td>0.36%</td><td></td>"), under headings spanning three ("colspan=3"). Laid on
the browser's grid, the headings then stand over other columns than their figures: an outside audit
found every figure from the third column on printed one heading to the left, the row totals under
no heading, all of it unmarked. The headings, one for each column of figures, head them in order;
a row of headings that cannot be so placed leaves the matrix out, said, never printed misread.

Each filing is the 2004-3 term sheet as HTML (``test_html_layouts.html_filing``), its matrix so set.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from facts import matrices_read
from sample_deals import read_sample

from reporting.model.deal import Deal, Verdict
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import TERM_SHEET_2004_3

sys.path.insert(0, str(Path(__file__).parent))
import layouts  # noqa: E402
from test_html_layouts import html_filing  # noqa: E402

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = read_sample(TERM_SHEET, "cmsi-2004-3.txt")
COLUMNS = len(SAMPLE.matrices[0].col_labels) + 1  # "All loans" too
# A matrix figure as html_filing sets it: "%" in a cell of its own.
_PERCENT_APART = re.compile(r'<td></td><td align="right">([\d.]+)</td><td>%</td>')


def _percent_in_its_cell(span: int, all_loans: bool = True, style: str = "paragraphs and tables") -> str:
    """The term sheet as HTML in ``style``, each matrix figure four cells with its "%" in the figure's
    cell, its column headings each spanning ``span`` grid columns; with ``all_loans`` false, the totals'
    one left out."""
    page = html_filing(TERM_SHEET, SAMPLE, style)
    page, figures = _PERCENT_APART.subn(r'<td></td><td></td><td align="right">\1%</td><td></td>', page)
    assert figures == COLUMNS * (len(SAMPLE.matrices[0].row_labels) + 1)
    page = page.replace(f'<td colspan="{3 * COLUMNS}">', f'<td colspan="{span * COLUMNS}">', 1)
    assert page.count('<td colspan="3"') >= COLUMNS
    page = page.replace('<td colspan="3"', f'<td colspan="{span}"')
    if not all_loans:
        assert page.count(f'<td colspan="{span}">All loans</td>') == 1
        page = page.replace(f'<td colspan="{span}">All loans</td>', "")
    return page


def _read(page: str) -> Deal:
    return load_filing(ingest_bytes(page.encode(), "cmsi-2004-3.htm"))


def test_the_figures_stand_under_their_own_headings():
    deal = _read(_percent_in_its_cell(3))
    (matrix,) = deal.matrices
    row = matrix.row_labels.index("620 and less")
    assert matrix.cells[row][matrix.col_labels.index("75.001%-80.000%")] == 0.23
    assert matrix.cells[row][matrix.col_labels.index("80.001%-85.000%")] == 0.02
    assert matrix.row_totals[row] == 0.91
    assert matrix.row_totals[matrix.row_labels.index("650 to 699")] == 16.15
    assert matrix.cells[matrix.row_labels.index("650 to 699")][matrix.col_labels.index("85.001%-90.000%")] == 0.38
    assert matrix.grand_total == 100.00
    assert matrix.warnings == ()
    assert matrices_read(deal) == matrices_read(SAMPLE)
    assert deal.verdict == SAMPLE.verdict


@pytest.mark.parametrize(
    "style",
    [
        "headings over two rows",  # "65.00%" over "and below"; "All loans" spanning both rows ("rowspan=2")
        "a spacer column before every row",
    ],
)
def test_the_figures_stand_under_their_own_headings_however_the_table_is_set(style):
    assert matrices_read(_read(_percent_in_its_cell(3, style=style))) == matrices_read(SAMPLE)


@pytest.mark.parametrize("span", [4, 5, 7])
def test_headings_spanning_more_or_fewer_grid_columns_than_their_figures_still_head_them(span):
    # 4: the headings span the figures' four cells, as a browser lines them up; 5 and 7: they do not.
    assert matrices_read(_read(_percent_in_its_cell(span))) == matrices_read(SAMPLE)


@pytest.mark.parametrize(
    "span, all_loans",
    [
        (3, False),  # six headings over seven columns of figures, off the figures' grid columns
        # The first heading stands over the cells before the first column of figures, where the labels'
        # heading may stand as well: it may head the labels, the others the figures one column off.
        (2, True),
    ],
)
def test_headings_that_cannot_be_placed_leave_the_matrix_out_said(span, all_loans):
    deal = _read(_percent_in_its_cell(span, all_loans))
    assert deal.matrices == ()
    title = SAMPLE.matrices[0].title
    (said,) = [w for w in deal.warnings if "do not stand over its columns of figures" in w]
    assert said.startswith(f"the table {title}") and said.endswith("left out, not misread")
    assert [n.subject for n in deal.not_run if n.table_not_read] == [title]
    assert deal.verdict is not Verdict.FAILED
    assert [t.title for t in deal.tables] == [t.title for t in SAMPLE.tables]  # the other tables read


def test_in_a_submission_after_another_document_the_same_matrix_is_left_out():
    # The lines of the HTML document's table, counted after a document of more lines than the table
    # and form feeds inside one of its lines (each a page break: the line becomes several), are still
    # the table's: not the lines of the table above it, nor of none.
    pages = "\x0c".join(f"Page {n}" for n in range(1, 21))
    cover = "FORM 8-K\nCURRENT REPORT\n" + "\n" * 20 + pages + "\nSee the exhibit.\n"
    page = _percent_in_its_cell(3, all_loans=False)
    submission = layouts.sgml_submission(cover).replace(
        "<DOCUMENT>\n<TYPE>GRAPHIC",
        f"<DOCUMENT>\n<TYPE>EX-99.1\n<SEQUENCE>3\n<TEXT>\n{page}\n</TEXT>\n</DOCUMENT>\n<DOCUMENT>\n<TYPE>GRAPHIC",
    )
    deal = _read(submission)
    assert deal.matrices == ()
    title = SAMPLE.matrices[0].title
    assert [n.subject for n in deal.not_run if n.table_not_read] == [title]
    assert [t.title for t in deal.tables] == [t.title for t in SAMPLE.tables]
    assert [(t.total.count, t.total.balance) for t in deal.tables] == [
        (t.total.count, t.total.balance) for t in SAMPLE.tables
    ]
