"""A footnote's mark set apart beside a figure in a stratification table's row: a mark, never a figure.

Each filing is the 2004-3 term sheet with a mark beside a figure as another typist might set it: "(1)" or
"(a)" one space after the balance or the count, a bare "1" after the balance, in text; in HTML a cell of
its own holding "(1)", "<sup>1</sup>" or "<sup>(a)</sup>" after a figure. Read as a figure, the mark slid
the row's figures a column: the YEARS table's Total printed 619,800,778 loans, its years lost; the
Multi-family row 15,681,653 loans and a balance of $1. Each row must read its own figures and label, the
mark beside its figure (the figure doubted where no footnote says why), and the checks pass as the
sample's do. A bare number whose column cannot be told leaves its row not read, and said.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from facts import assert_tables_as_the_sample, table_titled
from sample_deals import read_sample

from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import TERM_SHEET_2004_3

sys.path.insert(0, str(Path(__file__).parent))
from test_html_layouts import facts, html_filing  # noqa: E402

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = read_sample(TERM_SHEET, "cmsi-2004-3.txt")

TOTAL = "Total                             1,225                         $619,800,778"
MULTI_FAMILY = "Multi-family Dwellings*              29                           15,681,653"
TOTALS = TERM_SHEET.count(TOTAL + "\n")  # every table's Total but the matrix's


def _read(text: str, name: str = "cmsi-2004-3.txt") -> Deal:
    return load_filing(ingest_bytes(text.encode(), name))


def _edited(old: str, new: str, count: int = 1) -> str:
    assert TERM_SHEET.count(old + "\n") == count, old
    return TERM_SHEET.replace(old + "\n", new + "\n")


# --- in text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "mark", "figure"),
    [
        (TOTAL + " (1)", "(1)", "$619,800,778"),  # the YEARS table's Total read 619,800,778 loans, its years lost
        (TOTAL + " (a)", "(a)", "$619,800,778"),  # no Total line: every table lost
        (TOTAL + " 1", "1", "$619,800,778"),  # every figure a column off: "$150,000 through  5  $199,999"
        (TOTAL + "(1)", "(1)", "$619,800,778"),  # glued to it, as before
        (TOTAL.replace("1,225", "1,225 (1)").replace("(1)  ", "(1)", 1), "(1)", "1,225"),  # after the count
    ],
)
def test_a_mark_beside_a_totals_figure_leaves_every_table_read_as_the_sample(total: str, mark: str, figure: str):
    deal = _read(_edited(TOTAL, total, TOTALS))
    assert_tables_as_the_sample(deal, SAMPLE)
    years = table_titled(deal, "YEARS OF ORIGINATION")
    assert [row.label for row in years.rows] == ["2003", "2004"]
    assert (years.total.count, years.total.balance) == (1225, 619800778.0)
    assert years.total.warnings == (
        f"the figure {figure} is marked {mark}, with no footnote that says why: read as {figure}, in doubt",
    )


@pytest.mark.parametrize(
    ("row", "mark"),
    [
        (MULTI_FAMILY + " (1)", "(1)"),  # 15,681,653 loans and no balance, in doubt for the "(1)"
        (MULTI_FAMILY + " 1", "1"),  # 15,681,653 loans and a balance of $1, with no doubt
    ],
)
def test_a_mark_beside_a_rows_balance_leaves_the_row_its_own_figures(row: str, mark: str):
    deal = _read(_edited(MULTI_FAMILY, row))
    assert_tables_as_the_sample(deal, SAMPLE)
    dwellings = table_titled(deal, "TYPES OF DWELLINGS")
    assert dwellings.rows[1].label == "Multi-family Dwellings*"
    assert (dwellings.rows[1].count, dwellings.rows[1].balance) == (29, 15681653.0)
    assert dwellings.rows[1].warnings == (
        f"the figure 15,681,653 is marked {mark}, with no footnote that says why: read as 15,681,653, in doubt",
    )


def test_a_bare_number_beside_a_figure_in_another_column_leaves_the_row_not_read_and_said():
    """ "29 1" with the balance left blank: the "1" stands in the count's column; a mark with the balance
    left blank, or the balance set astray, it cannot be told. Was: 29 loans and a balance of $1, unsaid."""
    deal = _read(_edited(MULTI_FAMILY, MULTI_FAMILY.replace("                           15,681,653", " 1")))
    dwellings = table_titled(deal, "TYPES OF DWELLINGS")
    assert [row.label for row in dwellings.rows] == [
        "Detached Houses",
        "Townhouses",
        "Condominium Units (one to four stories high)",
        "Condominium Units (over four stories high)",
        "Cooperative Units",
    ]
    assert 1.0 not in [row.balance for row in dwellings.rows]
    assert dwellings.warnings == (
        "the line 'Multi-family Dwellings* 29 1' has two numbers in one column, one maybe a footnote's mark:"
        " not read as a row",
    )
    assert not deal.checks_passed  # its rows no longer add up to the Total: said, never hidden


# --- in HTML -------------------------------------------------------------------------------------

HTML_SAMPLE = html_filing(TERM_SHEET, SAMPLE, "paragraphs and tables")
HTML_MULTI_FAMILY = (
    '<tr><td>Multi-family Dwellings*</td><td></td><td align="right">29</td><td></td>'
    '<td></td><td align="right">15,681,653</td><td></td>'
)
HTML_CALIFORNIA = '<td align="right">296,923,131</td><td></td>'
HTML_TOTAL_BALANCE = '<td>$</td><td align="right">619,800,778</td><td></td>'


def _html(old: str, new: str, count: int = 1) -> Deal:
    assert HTML_SAMPLE.count(old) == count, old
    return _read(HTML_SAMPLE.replace(old, new), "cmsi-2004-3.htm")


@pytest.mark.parametrize(
    ("cell", "mark"),
    [
        ("<sup>1</sup>", "(1)"),  # read as a figure: 15,681,653 loans and a balance of $1, no doubt
        ("(1)", "(1)"),  # read as a negative figure: 15,681,653 loans, the balance not read
        ("<sup>(1)</sup>", "(1)"),
        ("<sup>(a)</sup>", "(a)"),  # the row was lost into the label of the row above
    ],
)
def test_a_mark_in_a_cell_of_its_own_after_a_balance_is_the_balances(cell: str, mark: str):
    deal = _html(HTML_MULTI_FAMILY, HTML_MULTI_FAMILY.removesuffix("<td></td>") + f'<td width="1%">{cell}</td>')
    assert facts(deal) == facts(SAMPLE)
    (row,) = [r for r in table_titled(deal, "TYPES OF DWELLINGS").rows if r.label == "Multi-family Dwellings*"]
    assert (row.count, row.balance) == (29, 15681653.0)
    assert row.warnings == (
        f"the figure 15,681,653 is marked {mark}, with no footnote that says why: read as 15,681,653, in doubt",
    )


def test_a_superscript_number_in_a_cell_of_its_own_after_a_count_is_the_counts():
    """Was: 29 loans read as 1, the "1" a figure of its own."""
    after_count = '<td>Multi-family Dwellings*</td><td></td><td align="right">29</td><td></td>'
    deal = _html(after_count, after_count.removesuffix("<td></td>") + '<td width="1%"><sup>1</sup></td>')
    assert facts(deal) == facts(SAMPLE)
    (row,) = [r for r in table_titled(deal, "TYPES OF DWELLINGS").rows if r.label == "Multi-family Dwellings*"]
    assert (row.count, row.balance) == (29, 15681653.0)
    assert row.warnings == ("the figure 29 is marked (1), with no footnote that says why: read as 29, in doubt",)


def test_a_superscript_number_after_a_states_balance_is_the_balances():
    """Was: California 296,923,131 loans and a balance of $2."""
    deal = _html(HTML_CALIFORNIA, '<td align="right">296,923,131</td><td width="1%"><sup>2</sup></td>')
    assert facts(deal) == facts(SAMPLE)
    (row,) = [r for r in table_titled(deal, "GEOGRAPHIC").rows if r.label == "California"]
    assert (row.count, row.balance) == (587, 296923131.0)


def test_a_mark_after_every_totals_balance_leaves_every_table_read():
    """Was: every table lost, and "Not stated in this filing: stratification tables" under a reconciled verdict."""
    deal = _html(HTML_TOTAL_BALANCE, HTML_TOTAL_BALANCE.removesuffix("<td></td>") + "<td><sup>(1)</sup></td>", TOTALS)
    assert facts(deal) == facts(SAMPLE)


def test_a_mark_in_a_cell_of_its_own_after_a_label_is_the_labels():
    """Was: the label "Multi-family Dwellings*       (1)", a run of spaces in it."""
    label = "<tr><td>Multi-family Dwellings*</td><td></td>"
    deal = _html(label, "<tr><td>Multi-family Dwellings*</td><td>(1)</td>")
    dwellings = table_titled(deal, "TYPES OF DWELLINGS")
    assert dwellings.label_header == table_titled(SAMPLE, "TYPES OF DWELLINGS").label_header
    assert [(r.label, r.count, r.balance) for r in dwellings.rows][1] == ("Multi-family Dwellings*(1)", 29, 15681653.0)
    assert deal.verdict is SAMPLE.verdict


@pytest.mark.parametrize("mark", ["(1)", "*"])
def test_a_mark_before_the_count_in_its_cell_is_the_labels(mark: str):
    """Was: the label "Multi-family Dwellings*                  (1)", a run of spaces in it."""
    count = '<td>Multi-family Dwellings*</td><td></td><td align="right">29</td>'
    deal = _html(count, f'<td>Multi-family Dwellings*</td><td></td><td align="right">{mark} 29</td>')
    dwellings = table_titled(deal, "TYPES OF DWELLINGS")
    assert dwellings.label_header == table_titled(SAMPLE, "TYPES OF DWELLINGS").label_header
    label = "Multi-family Dwellings*" + ("*" if mark == "*" else "(1)")
    assert [(r.label, r.count, r.balance) for r in dwellings.rows][1] == (label, 29, 15681653.0)
    assert deal.verdict is SAMPLE.verdict
