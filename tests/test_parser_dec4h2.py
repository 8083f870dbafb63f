"""Stratification tables and the FICO x LTV matrix drawn as other desks draw them, the rest of what a red team found
misread (Dec 4, h; see test_parser_dec4h.py): each filing is the 2004-3 term sheet with a table redrawn in the test.
Every figure must come out as the sample's, or be left out with the reason said beside it, and the reason right.
"""

from __future__ import annotations

import re

import pytest
from facts import assert_tables_as_the_sample, matrices_read, read_text
from sample_deals import read_sample

from reporting.samples import TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = read_sample(TERM_SHEET, "cmsi-2004-3.txt")

# --- the FICO x LTV matrix's Total line over its rows, or none ----------------------------------------------------

_MATRIX = TERM_SHEET[TERM_SHEET.index("                         DISTRIBUTION BY FICO SCORES AND") :]
_MATRIX = _MATRIX[: _MATRIX.index("</TABLE>\n")]
_MATRIX_LINES = _MATRIX.split("\n")
_FIRST_ROW = next(i for i, line in enumerate(_MATRIX_LINES) if line.startswith("620 and less"))
_TOTAL = next(i for i, line in enumerate(_MATRIX_LINES) if line.startswith("Total"))
_LAST_ROW = next(i for i in range(_TOTAL, 0, -1) if _MATRIX_LINES[i - 1].strip())  # past the blank lines over it


def _matrix_with_its_total_on_top() -> str:
    """The sample's matrix with its Total line right under the headings' rules, a rule of dashes under it, the rows
    below."""
    lines = _MATRIX_LINES
    total, rule = lines[_TOTAL], lines[_TOTAL + 1].replace("=", "-")
    return "\n".join([*lines[:_FIRST_ROW], total, rule, "", *lines[_FIRST_ROW:_LAST_ROW], ""])


def test_a_matrix_with_its_total_line_over_its_rows_is_read_as_the_samples():
    # "Total  46.63%  24.43% ... 100.00%" under the headings (their rules: one under "FICO score  Loan-to-value
    # ratio", one under each column's heading, one across the table), the rows below: the first, short rule was
    # taken for the columns', no Total was seen over the rows, and the matrix was left out, "the parser finds no
    # Total line for it", with its Total in plain view.
    text = TERM_SHEET.replace(_MATRIX, _matrix_with_its_total_on_top())
    deal = read_text(text, "cmsi-2004-3.txt")
    assert matrices_read(deal) == matrices_read(SAMPLE)
    (total_line,) = deal.matrices[0].total_source_lines  # its totals cite their own line, over the rows
    assert text.split("\n")[total_line - 1].startswith("Total               46.63%")
    assert deal.warnings == SAMPLE.warnings and deal.not_run == SAMPLE.not_run
    assert len(deal.checks) == len(SAMPLE.checks) and deal.checks_passed


def test_a_matrix_with_no_total_line_is_left_out_saying_so():
    # The matrix's rows with no Total line under them: a table of percents is read as a matrix of shares of the pool
    # only by its Total line, so it is left out; but the reason given was the one said of any table ("the parser
    # finds no Total line for it"), where a Total line in another place is looked for first.
    text = "\n".join([*_MATRIX_LINES[:_LAST_ROW], ""])
    deal = read_text(TERM_SHEET.replace(_MATRIX, text), "cmsi-2004-3.txt")
    assert deal.matrices == () and [t.title for t in deal.tables] == [t.title for t in SAMPLE.tables]
    (said,) = [w for w in deal.warnings if w not in SAMPLE.warnings]
    assert said.startswith("the table titled 'DISTRIBUTION BY FICO SCORES AND LOAN-TO-VALUE RATIOS AT ORIGINATION'")
    assert said.endswith(
        "the parser finds no Total line under its rows, and a table of percents is not read as a matrix of shares"
        " of the pool without one"
    )
    assert all(c.passed for c in deal.checks)


# --- a footnote's mark set far after the Total line's label: "Total     (1)" ----------------------------------------

# Every Total line of the term sheet (the seven tables' and the matrix's), with the rule of "=" under it.
_TOTAL_AND_RULE = re.compile(r"^Total {8}(.*\n.*=+\n)", re.M)


@pytest.mark.parametrize("label, mark", [("Total   ", "(1)"), ("TOTAL      ", "(2)"), ("Totals:   ", "(12)")])
def test_a_footnote_mark_far_after_the_total_label_with_its_note_under_the_table_is_a_mark(label, mark):
    # "Total   (1)   1,225   $619,800,778", a note "(1) ..." under the table: three spaces or more before the mark,
    # the "(1)" was read as a figure (a negative one), the rows' labels cut at its column, their numbers read as
    # figures, three tables and the matrix left out and checks failed. Its note under the table says it is a mark.
    assert len(_TOTAL_AND_RULE.findall(TERM_SHEET)) == 8
    note = f"{mark} Balances as of the cut-off date."
    text = _TOTAL_AND_RULE.sub(lambda m: f"{label}{mark}".ljust(13) + m.group(1) + note + "\n", TERM_SHEET)
    deal = read_text(text, "cmsi-2004-3.txt")
    assert_tables_as_the_sample(deal, SAMPLE)
    assert matrices_read(deal) == matrices_read(SAMPLE)
    assert deal.warnings == SAMPLE.warnings and deal.not_run == SAMPLE.not_run
    assert all(t.footnotes[0].startswith(note) for t in deal.tables)


# --- the LTV table's top bucket open, the matrix's closed -------------------------------------------------------------

_LTV_TOP = "90.001% - 95.000%                     3                              731,849"
_LTV_TOTAL = "Total                             1,225                         $619,800,778"
_LTV_TAIL = f"{_LTV_TOP}\n\n\n{_LTV_TOTAL}"  # the LTV table's last row and its Total line
_COLUMNS_CHECKED = "matrix_is_the_ltv_table"


def _ltv_tail(label: str, count: int, balance: int, total: tuple[int, int] = (1225, 619_800_778)) -> str:
    return f"{label:38}{count:<29,}{balance:>9,}\n\n\n{'Total':34}{total[0]:,}{'$' + format(total[1], ','):>37}"


@pytest.mark.parametrize("written", ["> 90.000%", "90.01% and above", "Greater than 90%"])
def test_an_ltv_tables_open_top_bucket_is_the_matrixs_last_where_both_give_all_the_pools_loans(written):
    # "> 90.000%" in the LTV table against the matrix's last column "90.001%-95.000%": the matrix's columns were
    # "not run, buckets cut otherwise". The matrix gives all the pool's loans (100.00%, adding up) and so does the
    # table (its rows add up to its Total, the pool's balance): no loan is above 95%, and the two are one bucket.
    assert TERM_SHEET.count(_LTV_TAIL) == 1 and _ltv_tail("90.001% - 95.000%", 3, 731_849) == _LTV_TAIL
    deal = read_text(TERM_SHEET.replace(_LTV_TAIL, _ltv_tail(written, 3, 731_849)), "cmsi-2004-3.txt")
    assert deal.not_run == () and len(deal.checks) == len(SAMPLE.checks) and deal.checks_passed
    columns = [(c.of, c.expected, c.actual) for c in deal.checks if c.kind == _COLUMNS_CHECKED]
    assert columns == [(c.of, c.expected, c.actual) for c in SAMPLE.checks if c.kind == _COLUMNS_CHECKED]
    # a table with a loan more than the pool's, in its open top bucket: that loan may be above 95%, never guessed
    more = _ltv_tail(written, 4, 1_231_849, (1226, 620_300_778))
    doubted = read_text(TERM_SHEET.replace(_LTV_TAIL, more), "cmsi-2004-3.txt")
    assert not any(c.kind == _COLUMNS_CHECKED for c in doubted.checks)
    assert [n.name for n in doubted.not_run] == ["each LTV column's total against the LTV table's share of the balance"]
