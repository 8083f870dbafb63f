"""Filings in wordings and layouts other years' typists used, found misread by a red team (Dec 3, b): each is
a bundled sample edited in the test. The sample's figures must come out, or the figure is left out with a doubt
beside it; never a figure the filing does not state, nor "not stated" for one it states.
"""

from __future__ import annotations

import re
from datetime import date

import layouts
import pytest
from facts import pool_facts, read_text
from sample_deals import read_sample

from reporting.derive.summary import summarise
from reporting.model.deal import Deal, provenance_of
from reporting.model.table_kinds import TableKind
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")


@pytest.mark.parametrize("moment", ["the close of business on", "the close of business,", "the opening of business on"])
@pytest.mark.parametrize(
    ("text", "name", "cut_off"),
    [(TERM_SHEET, "cmsi-2004-3.txt", date(2004, 5, 1)), (DETAILED, "cmsi-2004-8.txt", date(2004, 10, 1))],
    ids=["term sheet", "detailed description"],
)
def test_a_cut_off_date_stated_at_the_close_of_business_is_the_cut_off_date(text, name, cut_off, moment):
    # "... as of the close of business on May 1, 2004 of $619,800,778.37": the report's cover said
    # "Cut-off date: not stated in this filing", of a filing that states it in every paragraph.
    edited = re.sub(r"\bas(\s+)of(\s+)(?=(?:May|October)\s+1,\s+2004)", rf"as\1of\2{moment} ", text)
    assert edited.count(moment) >= 8
    deal, sample = read_text(edited, name), read_sample(text, name)
    assert deal.cut_off_date == cut_off == sample.cut_off_date
    assert "cut_off_date" not in deal.missing
    assert provenance_of(deal, "cut_off_date").source_lines == provenance_of(sample, "cut_off_date").source_lines
    assert provenance_of(deal, "cut_off_date").warnings == ()
    assert pool_facts(deal) == pool_facts(sample)


def test_a_cut_off_date_stated_differently_once_at_the_close_of_business_is_doubted():
    # One statement "as of the close of business on June 1, 2004" against eight of May 1: counted with them, as
    # "as of June 1, 2004" is, so the date most statements give is kept and the odd one is said beside it.
    edited = TERM_SHEET.replace("as of May 1, 2004 of\n$619", "as of the close of business on June 1, 2004 of\n$619")
    deal = read_text(edited, "cmsi-2004-3.txt")
    assert deal.cut_off_date == date(2004, 5, 1) and "cut_off_date" not in deal.missing
    (doubt,) = provenance_of(deal, "cut_off_date").warnings
    assert "as June 1, 2004 on line 64 and as May 1, 2004 in 8 places" in doubt


# --- term sheets of several pools, each section under a heading naming its pool another way ---------------


def _two_pools(heading: str) -> str:
    """The 2004-3 term sheet as two pools (the same loans twice), each section under ``heading`` (its "{r}" the
    pool's Roman numeral, its "{n}" its number), then an ALL MORTGAGE LOANS section stating the sums."""
    text = layouts.two_pool_term_sheet(TERM_SHEET)
    for roman, number in (("II", 2), ("I", 1)):
        old = f"                             POOL {roman} MORTGAGE LOANS\n"
        assert text.count(old) == 1
        text = text.replace(old, f"                 {heading.format(r=roman, n=number)}\n")
    return text


@pytest.mark.parametrize(
    ("heading", "names"),
    [
        ("POOL {r}: 30 YEAR FIXED RATE MORTGAGE LOANS", ("I", "II")),
        ("30 YEAR FIXED RATE MORTGAGE LOANS (POOL {r})", ("I", "II")),
        ("30-Year Fixed Rate Mortgage Loans (Group {n})", ("1", "2")),
        ("MORTGAGE LOANS IN POOL {r}", ("I", "II")),
        ("Mortgage Loans in Loan Group {n}", ("1", "2")),
        ("POOL NO. {n}", ("1", "2")),
        ("LOAN GROUP NO. {n} MORTGAGE LOANS", ("1", "2")),
        ("POOL #{n}", ("1", "2")),
    ],
)
def test_each_pools_section_under_a_heading_naming_its_pool_another_way_is_that_pools(heading, names):
    # Under "POOL I: 30 YEAR ...", "... LOANS (POOL I)", "MORTGAGE LOANS IN POOL I" or "POOL NO. 1" no pool was
    # found: all 14 tables and both matrices were the whole deal's, the deal's balance and count pool I's
    # ($619,800,778.37 and 1,225 loans, against the $1,239,601,556.74 and 2,450 its own section states).
    deal = read_text(_two_pools(heading), "cmsi-2004-3-two-pools.txt")
    first, second = names
    assert [t.pool for t in deal.tables] == [first] * 7 + [second] * 7
    assert [m.pool for m in deal.matrices] == [first, second]
    assert [p.name for p in deal.pools] == [first, second, "all"]
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.txt").whole_deal
    for name in names:
        pool = deal.pool(name)
        assert (pool.aggregate_balance, pool.loan_count, pool.wac) == (619_800_778.37, 1225, sample.wac)
    assert (deal.whole_deal.aggregate_balance, deal.whole_deal.loan_count) == (1_239_601_556.74, 2450)
    assert not [w for w in deal.warnings if "stated again" in w or "one of 2" in w]
    assert all(check.passed for check in deal.checks)


def test_a_line_naming_its_pool_after_its_loans_opens_a_section_only_where_it_stands_as_a_heading():
    # "30 YEAR FIXED RATE MORTGAGE LOANS (POOL I)" alone between blank lines opens pool I's section (before: no
    # pool was found). The same words in a list of the pools, one under another, open none: the deal's facts and
    # tables below stay the deal's; nor does a table's title naming its pool ("SIZE OF MORTGAGE LOANS (POOL I)"),
    # which makes that table pool I's as "SIZE OF POOL I MORTGAGE LOANS" does, and no table after it.
    deal = read_text(_two_pools("30 YEAR FIXED RATE MORTGAGE LOANS (POOL {r})"), "cmsi-2004-3-two-pools.txt")
    assert [t.pool for t in deal.tables] == ["I"] * 7 + ["II"] * 7
    listing = (
        "     The mortgage loans are in two pools:\n\n"
        "          30 Year Fixed Rate Mortgage Loans (Pool I)\n"
        "          15 Year Fixed Rate Mortgage Loans (Pool II)\n\n"
    )
    at = TERM_SHEET.index("     The total number of mortgage loans")
    deal = read_text(TERM_SHEET[:at] + listing + TERM_SHEET[at:], "cmsi-2004-3.txt")
    assert [t.pool for t in deal.tables] == ["all"] * 7
    assert deal.whole_deal.primary_residence_min_pct == 98 and deal.whole_deal.loan_count == 1225
    titled = read_text(TERM_SHEET.replace("SIZE OF MORTGAGE LOANS\n", "SIZE OF MORTGAGE LOANS (POOL I)\n", 1), "t.txt")
    assert [t.pool for t in titled.tables] == ["all"] * 3 + ["I"] + ["all"] * 3


# --- the FICO x LTV matrix set without its axes' headings ------------------------------------------------------

_MATRIX_HEADINGS = (
    "FICO score                                             Loan-to-value ratio\n"
    "----------                                             -------------------\n"
)


def _matrix_against_the_ltv_table(deal: Deal) -> list[tuple[str, bool]]:
    return [(c.name, c.passed) for c in deal.checks if "equals the LTV table's share" in c.name]


@pytest.mark.parametrize(
    "headings", ["", "FICO Score / LTV\n----------------\n"], ids=["no headings", "one heading for both"]
)
def test_a_matrix_without_a_heading_over_its_columns_is_still_checked_against_the_ltv_table(headings):
    # The matrix set under its title alone, or with "FICO Score / LTV" beside its rows: its six LTV columns were
    # never checked against the LTV table's shares, and the report said "all 46 reconciliation checks passed",
    # nothing of the six checks a matrix headed "Loan-to-value ratio" gets.
    assert TERM_SHEET.count(_MATRIX_HEADINGS) == 1
    deal = read_text(TERM_SHEET.replace(_MATRIX_HEADINGS, headings), "cmsi-2004-3.txt")
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.txt")
    assert len(_matrix_against_the_ltv_table(sample)) == 6
    assert _matrix_against_the_ltv_table(deal) == _matrix_against_the_ltv_table(sample)
    assert len(deal.checks) == len(sample.checks)


def test_a_rule_under_the_column_heading_set_on_the_row_headings_line_is_no_part_of_either():
    # "Loan-to-value ratio" over the columns, and under it "FICO score" on the line of the rule that underlines
    # it: the columns' heading was read "Loan-to-value ratio -------------------", and the report's matrix and its
    # chart named their axis so.
    heading = (
        "                                                       Loan-to-value ratio\n"
        "FICO score                                             -------------------\n"
    )
    deal = read_text(TERM_SHEET.replace(_MATRIX_HEADINGS, heading), "cmsi-2004-3.txt")
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.txt")
    ((matrix,), (expected,)) = (deal.matrices, sample.matrices)
    assert (matrix.row_header, matrix.col_header) == (expected.row_header, expected.col_header)
    assert (matrix.row_header, matrix.col_header) == ("FICO score", "Loan-to-value ratio")
    assert (matrix.col_labels, matrix.cells) == (expected.col_labels, expected.cells)


# --- a table going on over a page under its title marked "(Cont.)" ---------------------------------------------

_STATE_HEADINGS = """\
                           GEOGRAPHIC DISTRIBUTION OF
                          MORTGAGED PROPERTIES BY STATE

                                  Number of                 Aggregate Principal
State                             Loans                    Balances Outstanding
-----                             --------                 --------------------
"""


def _states_broken_before_maryland(headings_again: str) -> tuple[Deal, Deal]:
    """The sample with its state table broken over a page before Maryland, under ``headings_again``, and the
    sample: the state table read whole, rows, title and Total as the sample's."""
    maryland = "Maryland                             54"
    text = TERM_SHEET.replace(maryland, f"\n<PAGE>\n\n{headings_again}\n{maryland}")
    deal, sample = read_text(text, "cmsi-2004-3.txt"), read_sample(TERM_SHEET, "cmsi-2004-3.txt")
    (states,) = [t for t in deal.tables if t.kind is TableKind.GEOGRAPHY]
    (expected,) = [t for t in sample.tables if t.kind is TableKind.GEOGRAPHY]
    assert [(r.label, r.count, r.balance) for r in states.rows] == [
        (r.label, r.count, r.balance) for r in expected.rows
    ]
    assert states.title == expected.title
    assert (states.total.count, states.total.balance) == (expected.total.count, expected.total.balance)
    return deal, sample


@pytest.mark.parametrize("continued", ["(Cont.)", "(CONT.)", "- cont."])
def test_a_state_table_going_on_under_its_title_marked_cont_is_one_table(continued):
    # The state table broken over a page before Maryland, its title and headings repeated "... BY STATE (Cont.)":
    # read as two tables, the first of 16 rows with no Total line; California, in the first, was shown as 0.00% of
    # the balance and the top 5 states as 29.35%, from the second part alone.
    assert TERM_SHEET.count(_STATE_HEADINGS) == 1
    deal, sample = _states_broken_before_maryland(_STATE_HEADINGS.replace("BY STATE\n", f"BY STATE {continued}\n"))
    found, wanted = summarise(deal).geography, summarise(sample).geography
    assert found.california_share == wanted.california_share == pytest.approx(47.906, abs=0.001)
    assert found.top_share == wanted.top_share
    assert all(check.passed for check in deal.checks) and deal.warnings == sample.warnings


@pytest.mark.parametrize("continued", ["(CONTINUED)", "-- CONTINUED"])
def test_a_two_line_title_repeated_with_continued_on_its_first_line_goes_on_with_the_rows_above(continued):
    # "GEOGRAPHIC DISTRIBUTION OF (CONTINUED)" over "MORTGAGED PROPERTIES BY STATE" at a page's top: the first line
    # was set aside as the page's head, the second taken for another table's title; the first part, of 16 rows,
    # lost its Total line, and California (in it) was shown as 0.00% of the balance.
    again = _STATE_HEADINGS.replace("DISTRIBUTION OF\n", f"DISTRIBUTION OF {continued}\n")
    deal, sample = _states_broken_before_maryland(again)
    assert summarise(deal).geography.california_share == summarise(sample).geography.california_share
    assert all(check.passed for check in deal.checks) and deal.warnings == sample.warnings


# --- the cover ------------------------------------------------------------------------------------------------

_COVER_DATE = """\
                           Date of Report: May 7, 2004
                        ---------------------------------
                        (Date of earliest event reported)
"""


@pytest.mark.parametrize("rule", ["", "                        ---------------------------------\n"])
def test_a_date_of_report_under_its_bracketed_label_is_the_date_of_report(rule):
    # "(Date of earliest event reported)" with the date on the line under it: the report's cover said "Date of
    # report: not stated in this filing".
    assert TERM_SHEET.count(_COVER_DATE) == 1
    cover = f"                        (Date of earliest event reported)\n{rule}                                  May 7, 2004\n"
    deal = read_text(TERM_SHEET.replace(_COVER_DATE, cover), "cmsi-2004-3.txt")
    assert deal.date_of_report == date(2004, 5, 7) and "date_of_report" not in deal.missing
    line = 18 + bool(rule)  # the date's own line, under the label (line 17) and the rule
    assert line in provenance_of(deal, "date_of_report").source_lines
    assert pool_facts(deal) == pool_facts(read_sample(TERM_SHEET, "cmsi-2004-3.txt"))
