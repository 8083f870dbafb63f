"""A FICO x LTV matrix's sums are held as close as its figures' rounding allows, and no closer (Dec 4).

A row of six cells and its total, each written to 0.01%, may be up to 7 x 0.005 = 0.035 pp from adding up
exactly though every figure is right: a fixed 0.02 pp tolerance failed such a row. The checks of a matrix's
own sums now allow half a unit of the last decimal written for each figure added, and say so beside the gap
(a column total against the LTV table's share, worked out from balances, one figure's rounding);
a matrix written to 0.1% gets 0.05 pp a figure. Each filing is the 2004-3 term sheet with its matrix edited.
"""

from __future__ import annotations

import re

from sample_deals import read_sample

from reporting.model.deal import Check, Deal
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = read_sample(TERM_SHEET, "cmsi-2004-3.txt")
ROW_749 = "700 to 749          15.23          8.17         10.03         0.07          0.06          0.05         33.63"


def _read(text: str) -> Deal:
    return load_filing(ingest_bytes(text.encode(), "cmsi-2004-3.txt"))


def _row_check(deal: Deal, label: str) -> Check:
    (check,) = [c for c in deal.checks if c.kind == "matrix_row" and c.of == label]
    return check


def _with_row_total(total: str) -> Deal:
    assert TERM_SHEET.count(ROW_749) == 1
    return _read(TERM_SHEET.replace(ROW_749, ROW_749[: -len(total)] + total))


def test_a_row_off_by_less_than_its_figures_rounding_passes_and_says_why():
    # cells add to 33.61; a total of 33.64 is 0.03 off: more than 0.02, within the 0.035 seven roundings allow
    check = _row_check(_with_row_total("33.64"), "700 to 749")
    assert check.passed, check
    assert round(abs(check.difference), 4) == 0.03
    assert check.tolerance == 0.035
    assert check.allowance == "within 0.035 pp, the row's cells and its total being given to 0.01%"


def test_a_row_off_by_more_than_its_figures_rounding_fails():
    check = _row_check(_with_row_total("33.65"), "700 to 749")
    assert not check.passed
    assert round(abs(check.difference), 4) == 0.04


def test_the_samples_row_keeps_its_gap_and_names_the_allowance():
    check = _row_check(SAMPLE, "700 to 749")
    assert check.passed and round(abs(check.difference), 4) == 0.02
    assert check.allowance.startswith("within 0.035 pp")


def _to_one_decimal(match: re.Match[str]) -> str:
    # 0.36% -> 0.4%, 16.15 -> 16.2 (half up, as a typist rounds), the width kept so columns stay aligned
    value = float(match.group(1))
    written = f"{int(value * 10 + 0.5) / 10:.1f}"
    return written.rjust(len(match.group(1))) + match.group(2)


def test_a_matrix_written_to_one_decimal_is_allowed_its_rounding():
    start = TERM_SHEET.index("620 and less")
    end = TERM_SHEET.index("======", start)
    block = re.sub(r"(\d+\.\d\d)(%?)", _to_one_decimal, TERM_SHEET[start:end])
    deal = _read(TERM_SHEET[:start] + block + TERM_SHEET[end:])
    matrix_checks = [c for c in deal.checks if c.kind.startswith("matrix")]
    # 6 rows, 6 columns, the row and the column totals; each column's total against the LTV table's share
    assert len(matrix_checks) == 20
    assert all(c.passed for c in matrix_checks), [c for c in matrix_checks if not c.passed]
    # some of them only by the rounding: the row '650 to 699' adds to 16.2 exactly, '750 to 799' to 44.8 not 44.9
    beyond_old = [c for c in matrix_checks if abs(c.difference) > 0.02 + 1e-9]
    assert beyond_old
    assert all("given to 0.1%" in c.allowance for c in beyond_old)
    sums = [c for c in beyond_old if c.kind != "matrix_is_the_ltv_table"]
    assert sums and all(c.tolerance == 0.35 for c in sums)
    # a column total of 46.6 against the LTV table's 46.63: one figure's rounding, 0.05 pp
    against_table = [c for c in beyond_old if c.kind == "matrix_is_the_ltv_table"]
    assert len(against_table) == 4 and all(c.tolerance == 0.05 for c in against_table)
    assert against_table[0].allowance == "within 0.05 pp, the matrix's column total being given to 0.1%"
