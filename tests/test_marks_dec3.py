"""A figure termsheet derives is marked derived beside it in every format, with what it is derived from.

An outside review found three gaps. "FICO below 700" (the 2004-3 term sheet's FICO x LTV matrix's rows below
700, summed: 20.04%) went unmarked in the diff, the shelf, the long table and the workbooks. The batch's
shelf.xlsx "Deals" sheet gave 2004-8's whole-deal "Balance above 80% LTV" ($7,909,109, summed from its pools)
and its share (1.60%) no comment, while the shelf PDF marks them. The deal's own workbook said so in its notes
column only, never on the cell the figure is copied from.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest
from deal_edits import as_series, with_wac_raised
from reading import pdf_text
from workbooks import Workbook, header_row, row_of

from reporting.derive.diff import build_diff
from reporting.derive.shelf import build_shelf
from reporting.model.diff import Side
from reporting.present.renders import DealRender, DiffRender, ShelfRender
from reporting.present.shelf_workbook import deal_rows, shelf_workbook

FICO = "FICO below 700"
FICO_2004_3 = 20.04  # the matrix's rows "Less than 620" ... "650 to 699", as printed
MARK = "derived from the FICO x LTV matrix's rows"
MARK_HTML = "derived from the FICO x LTV matrix&#39;s rows"


@pytest.fixture(scope="module")
def fico_diff(term_sheet) -> DiffRender:
    """2004-3 against itself with its WAC raised: both sides sum their FICO share from their matrix's rows."""
    return DiffRender(build_diff(term_sheet, with_wac_raised(term_sheet, 0.05)))


@pytest.fixture(scope="module")
def fico_shelf(term_sheet, detailed) -> ShelfRender:
    """2004-8, then 2004-3 as a later deal: the deal in focus states a FICO matrix, 2004-8 none."""
    return ShelfRender(build_shelf([detailed, as_series(term_sheet, "2005-1", date(2005, 1, 1))]))


# --- 1. FICO below 700: derived from the matrix's rows, so marked in the diff and the shelf ---------------------


def test_the_diff_marks_the_fico_share_derived_from_the_matrix_rows(fico_diff):
    (fico,) = [m for m in fico_diff.diff.metrics if m.key == "fico_below_700_share"]
    assert fico.old == pytest.approx(FICO_2004_3, abs=0.005)
    assert fico.derived == (Side.OLD, Side.NEW)
    assert fico.derived_mark(Side.OLD) == MARK
    text = pdf_text(fico_diff.pdf)
    # Read with its lines joined: where the mark's words wrap depends on the column's width (the rows' 3 px
    # edge moved "x" to the next line), not on what the row says.
    words = " ".join(text.split())
    assert f"{FICO} % of balance 20.04% derived from the FICO x LTV matrix's rows 20.04% derived from" in words
    cell = f'20.04%<span class="derived" role="note">{MARK_HTML}</span>'
    assert fico_diff.html.count(cell) == 2
    # the pools-derived figures keep their own words: no FICO words on them
    assert "derived from the pools" not in fico_diff.html.split(FICO)[1].split("</tr>")[0]


def test_the_diff_workbook_comments_the_fico_share_as_derived(fico_diff):
    sheet, values = Workbook.read(fico_diff.xlsx).sheet("Metrics")
    row = row_of(sheet, FICO)
    assert values.cell(row, 2).value == pytest.approx(FICO_2004_3 / 100, abs=0.00005)
    for col in (2, 3):
        assert sheet.cell(row, col).comment.text.startswith(f"{MARK}, not stated")
    assert "CMSI 2004-3's figure: derived from the FICO x LTV matrix's rows, not stated" in sheet.cell(row, 6).value
    assert "derived from the pools" not in sheet.cell(row, 6).value


def test_the_shelf_marks_the_fico_share_as_derived_from_the_matrix_rows(fico_shelf):
    report = fico_shelf.report
    series = next(s for s in report.series if s.key == "fico_below_700_share")
    assert series.derived == (False, True) and series.derived_mark(1) == MARK
    standing = next(s for s in report.standings if s.key == "fico_below_700_share")
    assert standing.derived and standing.derived_mark == MARK
    text = pdf_text(fico_shelf.pdf)
    assert "2005-1 0.87% 47.91% 73.70% 20.04%\nderived from the FICO x LTV matrix's rows" in text  # the history
    assert f"{FICO} 20.04%\nderived from the\nFICO x LTV\nmatrix's rows" in text  # the deal against the shelf
    # the history, the standing, and the table of figures one deal gives (2004-8 states none, so no chart of one
    # point: this was 2 before that table)
    assert fico_shelf.html.count(f'20.04%<span class="derived" role="note">{MARK_HTML}</span>') == 3
    one_deal = fico_shelf.html.split('class="data one-deal-table"', 1)[1].split("</table>", 1)[0]
    assert f'20.04%<span class="derived" role="note">{MARK_HTML}</span>' in one_deal


def test_the_shelf_history_workbook_comments_the_fico_share(fico_shelf):
    book = Workbook.read(fico_shelf.xlsx)
    deals, _ = book.sheet("Deals")
    top = header_row(deals, "Series")
    col = [deals.cell(top, c).value for c in range(1, deals.max_column + 1)].index(FICO) + 1
    assert deals.cell(row_of(deals, "2005-1"), col).comment.text == f"{MARK}, not stated"
    assert deals.cell(row_of(deals, "2004-8"), col).comment is None  # states no FICO figure
    against = next(name for name in book.formulas.sheetnames if name != "Deals")
    sheet, _ = book.sheet(against)
    assert f"{MARK}, not stated" in sheet.cell(row_of(sheet, FICO), 8).value


def test_the_long_table_flags_the_fico_share_derived(term_sheet):
    rows = DealRender(term_sheet).long_table
    fico = rows[(rows["metric"] == "fico_below_700_share") & (rows["pool"] == "all")]
    assert fico["value"].tolist() == [pytest.approx(FICO_2004_3, abs=0.005)]
    assert fico["derived"].tolist() == [True]


# --- 2. the batch's shelf.xlsx: a figure summed from the pools carries the diff workbook's comment ---------------


@pytest.fixture(scope="module")
def shelf_deals_sheet(term_sheet, detailed):
    long_table = pd.concat([DealRender(d).long_table for d in (term_sheet, detailed)], ignore_index=True)
    book = Workbook.read(shelf_workbook(deal_rows(long_table), None, datetime(2024, 1, 1, tzinfo=UTC)))
    sheet, values = book.sheet("Deals")
    top = header_row(sheet, "Deal")
    headings = [sheet.cell(top, c).value for c in range(1, sheet.max_column + 1)]
    return sheet, values, headings


def test_the_shelf_deals_sheet_comments_figures_summed_from_the_pools(shelf_deals_sheet):
    sheet, values, headings = shelf_deals_sheet
    later, earlier = row_of(sheet, "CMSI 2004-8"), row_of(sheet, "CMSI 2004-3")
    balance = headings.index("Balance above 80% LTV") + 1
    share = headings.index("Loans above 80% LTV") + 1
    assert values.cell(later, balance).value == pytest.approx(7_909_109, abs=0.5)
    assert values.cell(later, share).value == pytest.approx(0.016022, abs=0.000001)
    for col in (balance, share):
        assert sheet.cell(later, col).comment.text.startswith("derived from the pools, not stated")
    assert sheet.cell(earlier, balance).comment is None  # 2004-3 states its own balance above 80% LTV
    # 2004-3's share is its stated balance over its stated aggregate: computed, never "from the pools"
    assert sheet.cell(earlier, share).comment.text == "computed by termsheet from the filing's figures, not stated"
    assert sheet.cell(earlier, headings.index("Loan count") + 1).comment is None  # stated


def test_the_shelf_deals_rows_say_what_each_derived_figure_is_derived_from(term_sheet, detailed):
    long_table = pd.concat([DealRender(d).long_table for d in (term_sheet, detailed)], ignore_index=True)
    rows = deal_rows(long_table).set_index("deal")
    assert rows.loc["CMSI 2004-8", "balance_above_80_ltv:derived"] == "derived from the pools"
    assert pd.isna(rows.loc["CMSI 2004-3", "balance_above_80_ltv:derived"])


# --- 3. the deal's own workbook: the mark on the cell, as the diff's and the shelf's workbooks put it ------------


def test_the_deal_workbook_comments_a_figure_summed_from_the_pools(detailed):
    sheet, values = Workbook.read(DealRender(detailed).xlsx).sheet("Summary")
    row = row_of(sheet, "Balance above 80% LTV")
    top = header_row(sheet, "Metric")
    col = [sheet.cell(top, c).value for c in range(1, sheet.max_column + 1)].index("All loans") + 1
    assert values.cell(row, col).value == pytest.approx(7_909_109, abs=0.5)
    assert sheet.cell(row, col).comment.text.startswith("derived from the pools, not stated")
    assert sheet.cell(row, col - 1).comment is None or "derived" not in sheet.cell(row, col - 1).comment.text


def test_a_side_named_in_words_gets_the_same_mark(fico_diff):
    """The email's templates name each side "old" and "new" (text, not a ``Side``): the same words as the PDF's."""
    (fico,) = [m for m in fico_diff.diff.metrics if m.key == "fico_below_700_share"]
    assert fico.derived_mark("old") == fico.derived_mark(Side.OLD) == MARK
    assert fico.derived_mark("new") == MARK


# --- 3. the Python API's frames: what each derived figure is derived from ----------------------------------------


def test_the_api_metrics_frame_says_the_fico_share_and_the_pool_sums_are_derived(term_sheet, detailed):
    from reporting import api

    frame = api.metrics(term_sheet)
    assert frame.loc["fico_below_700_share", "all"] == pytest.approx(FICO_2004_3, abs=0.005)
    assert frame.loc["fico_below_700_share", "derived"] is True
    assert frame.attrs["derived_from"]["fico_below_700_share"] == {
        "all": "sum of the FICO x LTV matrix's rows below 700"
    }
    assert "balance_above_80_ltv" not in frame.attrs["derived_from"]  # 2004-3 states it
    summed = api.metrics(detailed).attrs["derived_from"]["balance_above_80_ltv"]
    assert list(summed) == ["all"] and summed["all"].startswith("sum of pools")


def test_the_shelf_frame_says_which_deals_figures_are_derived(fico_shelf):
    from reporting.derive.shelf import shelf_frame

    derived = shelf_frame(fico_shelf.report).attrs["derived"]
    assert derived["fico_below_700_share"] == [None, MARK]
    assert derived["share_above_80_ltv"] == ["derived from the pools", None]


def test_a_fico_share_from_a_table_by_fico_score_says_it_is_the_tables_rows(term_sheet):
    """Later term sheets print the loans by FICO score as a table: the share is that table's rows, not a matrix's."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from test_redteam_envelopes import _read, _with_a_fico_table

    tabled = _read(_with_a_fico_table())
    render = DiffRender(build_diff(term_sheet, tabled))
    (fico,) = [m for m in render.diff.metrics if m.key == "fico_below_700_share"]
    assert (round(fico.old, 2), round(fico.new, 2)) == (FICO_2004_3, FICO_2004_3)
    assert (fico.derived_mark(Side.OLD), fico.derived_mark(Side.NEW)) == (MARK, "derived from the FICO table's rows")
    assert '20.04%<span class="derived" role="note">derived from the FICO table&#39;s rows</span>' in render.html
    rows = DealRender(tabled).long_table
    assert rows[(rows["metric"] == "fico_below_700_share") & (rows["pool"] == "all")]["derived"].tolist() == [True]
