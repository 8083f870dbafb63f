"""Figures no check reconciles, tested against each other: one that cannot be right is doubted beside it.

Each filing is 2004-3 with one figure misprinted as a typist or a scan might: a letter
for a digit, a digit too many. The figure is read as printed, never corrected, and
every report says beside it that it cannot agree with the figures it names.
"""

from __future__ import annotations

import json
import re

import pytest
from shared_renders import FIXED_TIME

from reporting.deliver.write import render_deal
from reporting.model.deal import Deal, provenance_of
from reporting.pipeline import load_deal, load_deal_json, load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")


def misprinted(old: str, new: str) -> Deal:
    assert TERM_SHEET.count(old) == 1, old
    return load_filing(ingest_bytes(TERM_SHEET.replace(old, new).encode(), "cmsi-2004-3-misprinted.txt"))


def doubts(deal: Deal, field: str) -> tuple[str, ...]:
    return doubts_of(deal.whole_deal, field)


def doubts_of(part: object, field: str) -> tuple[str, ...]:
    return provenance_of(part, field).warnings


@pytest.mark.parametrize("sample", [TERM_SHEET_2004_3, DETAILED_2004_8])
def test_the_samples_figures_all_agree(sample):
    assert load_deal(sample).warnings == ()


def test_an_original_term_shorter_than_the_remaining_term_is_doubted_beside_both():
    deal = misprinted("2004 was 359.54 months.", "2004 was 3S9.54 months.")  # an S for a 5: read as 9.54
    assert deal.whole_deal.wa_original_term_months == 9.54  # as printed: never corrected
    said = "the WA original term (9.54 mo) is shorter than the WAM (357.95 mo): one of them is misread, or misprinted"
    assert said in doubts(deal, "wa_original_term_months") and said in doubts(deal, "wam_months")
    assert f"All loans wam_months and wa_original_term_months: {said}" in deal.warnings
    shortest = "the WA original term (9.54 mo) is shorter than the shortest original term (20 years)"
    assert any(d.startswith(shortest) for d in doubts(deal, "wa_original_term_months"))


def test_a_zip_code_larger_than_the_pool_is_doubted_and_every_report_says_so(tmp_path):
    deal = misprinted("No more than $7,749,519 of the", "No more than $774,951,900 of the")
    said = "the largest zip code balance ($774,951,900) is more than the aggregate balance ($619,800,778)"
    assert any(d.startswith(said) for d in doubts(deal, "largest_zip_balance"))
    written = {
        p.name.rsplit("-", 1)[1]: p for p in render_deal(deal, tmp_path, ("html", "json"), generated_at=FIXED_TIME)
    }
    html = written["summary.html"].read_text()
    for row, beside in (("Largest zip code exposure", True), ("Aggregate balance", False)):
        cell = re.search(rf"<th scope=\"row\">{row}</th>(.*?)</tr>", html, re.S)
        assert cell and ("misread, or misprinted" in cell.group(1)) is beside  # the reconciled balance is not doubted
    assert doubts(deal, "aggregate_balance") == ()
    again = load_deal_json(written["deal.json"])  # validated again when read back: said once, not twice
    assert again.warnings == deal.warnings
    assert json.loads(written["deal.json"].read_text())["warnings"] == list(deal.warnings)


def test_a_wac_no_mortgage_pool_has_is_doubted():
    deal = misprinted("servicing fee) as of May 1, 2004 was 5.843%.", "servicing fee) as of May 1, 2004 was 58.43%.")
    assert doubts(deal, "wac") == ("the WAC (58.43%) is outside 1%-20%, where every mortgage pool's WAC lies",)


def test_a_largest_original_balance_below_the_average_balance_is_doubted():
    deal = misprinted("nor more than $1,000,000.", "nor more than $100,000.")  # a zero dropped
    said = "the largest original balance ($100,000) is less than the average loan balance ($505,960)"
    assert any(d.startswith(said) for d in doubts(deal, "original_balance_max"))


def test_a_balance_misprinted_with_a_letter_o_is_not_read():
    # "$1,000,00O" was read as $100,000, and only its check against the average doubted it.
    deal = misprinted("nor more than $1,000,000.", "nor more than $1,000,00O.")
    assert deal.pools[0].original_balance_max is None
    assert doubts(deal, "original_balance_max") == (
        "the filing writes it as '$1,000,00', which is not read as a figure",
    )


def test_an_average_balance_within_negative_amortisation_of_the_largest_is_no_doubt():
    # Negatively amortising loans may grow to 125% of their original balance: $505,960 on average
    # against a largest original $500,000 is possible, and is not doubted.
    deal = misprinted("nor more than $1,000,000.", "nor more than $500,000.")
    assert doubts(deal, "original_balance_max") == ()


def test_a_latest_maturity_before_any_loan_could_mature_is_doubted():
    deal = misprinted("scheduled maturity later than May 1,\n2034.", "scheduled maturity later than May 1,\n2004.")
    said = "the latest maturity (May 1, 2004) is before any loan could mature: originated on or after February 1, 2003"
    assert any(d.startswith(said) for d in doubts(deal, "latest_maturity"))


@pytest.mark.parametrize("years", ["100000", "999999999999999"])  # past the year 9999; the largest figure read
def test_a_shortest_term_past_any_calendar_is_doubted_where_it_crashed(years):
    # Found by test_fuzz: the soonest maturity was built as a date, past the year 9999.
    deal = misprinted("at least 20 but no more\nthan 30 years", f"at least {years} but no more\nthan 30 years")
    assert deal.whole_deal.original_term_min_years == float(years)  # as printed, never corrected
    said = "the latest maturity (May 1, 2034) is before any loan could mature: originated on or after February 1, 2003"
    assert any(d.startswith(said) for d in doubts(deal, "latest_maturity"))


def test_a_term_of_more_digits_than_any_figure_is_not_read_and_says_so():
    deal = misprinted(
        "at least 20 but no more\nthan 30 years", "at least 9999999999999999999930 but no more\nthan 30 years"
    )
    assert deal.whole_deal.original_term_min_years is None
    said = "the filing writes it as '9999999999999999999930', which is not read as a figure"
    assert said in doubts(deal, "original_term_min_years")


def test_a_threshold_of_more_digits_than_any_figure_is_not_read_and_says_so():
    # Found by test_fuzz: the discount loans' rate read no figure, and the reader took the first of none.
    deal = misprinted("less than 5.250%.", "less than 999999999999999999995.250%.")
    assert deal.whole_deal.premium_discount.threshold_net_rate == 5.25  # the premium loans' sentence states it
    said = "the filing writes it as '99999999999999999999... (25 characters)', which is not read as a figure"
    assert said in doubts_of(deal.whole_deal.premium_discount, "threshold_net_rate")


def test_a_balance_above_80_ltv_with_no_loan_above_80_is_doubted_beside_both():
    deal = misprinted(
        "no mortgage loans had loan-to-value ratios\nin excess of 95%",
        "no mortgage loans had loan-to-value ratios\nin excess of 80%",
    )
    said = (
        "the balance above 80% LTV ($5,368,851) says some loans are above 80% LTV, yet the largest LTV (80%) is not:"
        " one of them is misread, or misprinted"
    )
    assert said in doubts(deal, "balance_above_80_ltv") and said in doubts(deal, "max_ltv")


# --- found by an outside fuzzing run: figures no filing states ---------------------------------------

DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")
NINES = "9" * 400  # a damaged run of digits: as a float, "inf"


@pytest.mark.parametrize(
    "changes",
    [
        [("$493,641,377.57", "$0")],  # the subordination check divided by the deal's balance
        [("$335,095,817.07", "$0"), ("$77,943,340.57", "$0"), ("$80,602,219.93", "$0")],  # the pools' weighting
    ],
    ids=["deal balance zero", "every pool's balance zero"],
)
def test_zero_balances_fail_their_checks_where_they_crashed(changes):
    text = DETAILED
    for old, new in changes:
        text = text.replace(old, new, 1)
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-zero.txt"))
    assert deal.verdict.value == "failed"
    assert "pools add up to the deal balance" in [c.name for c in deal.checks if not c.passed]


def test_a_damaged_largest_ltv_is_not_read_says_so_and_the_workbook_is_written(tmp_path):
    deal = misprinted("in excess of 95%", f"in excess of {NINES}%")
    assert deal.whole_deal.max_ltv is None  # was inf, which the workbook could not write
    assert any("max_ltv: the filing writes it as '9999" in w and "not read as a figure" in w for w in deal.warnings)
    assert render_deal(deal, tmp_path, formats=("xlsx",), generated_at=FIXED_TIME)[0].stat().st_size > 0


@pytest.mark.parametrize(
    "old, new, field, said",
    [
        ("in excess of 95%", "in excess of 999%", "max_ltv", "the largest LTV (999%) cannot be a mortgage loan's"),
        (
            "At least 98%(2)",
            "At least 998%(2)",
            "primary_residence_min_pct",
            "the primary residence share (998%) is no",
        ),
        (
            "no more\nthan 30 years",
            "no more\nthan 300 years",
            "original_term_max_years",
            "the longest original term (300",
        ),
        (
            "May 1,\n2034.",
            "December 31,\n9999.",
            "latest_maturity",
            "the latest maturity (December 31, 9999) is more than 50",
        ),
    ],
    ids=["largest LTV", "primary residence", "longest term", "latest maturity"],
)
def test_a_figure_no_pool_can_have_is_doubted(old, new, field, said):
    deal = misprinted(old, new)
    assert any(d.startswith(said) for d in doubts(deal, field)), doubts(deal, field)


def test_a_balance_in_thousands_that_does_not_say_so_is_doubted_by_its_average_loan():
    # A filing's balance "$619,801" (thousands, with no word of it): 1,225 loans of $506 each. No check
    # can catch it where every table is in the same unsaid thousands; the average loan can.
    deal = misprinted("of\n$619,800,778.37. Information", "of\n$619,801. Information")
    assert deal.whole_deal.aggregate_balance == 619_801
    assert doubts(deal, "aggregate_balance")[-1] == (
        "the aggregate balance ($619,801): its 1,225 loans would average $506, outside the $2,000 to $20,000,000"
        " of any mortgage pool: the balance may be in thousands or millions of dollars the filing does not name, or misread"
    )


def test_tables_in_thousands_that_do_not_say_so_are_doubted_by_their_average_loan():
    start = TERM_SHEET.index("YEARS OF ORIGINATION")

    def thousands(match: re.Match[str]) -> str:
        written = f"{round(int(match.group(2).replace(',', '')) / 1000):,}"
        return f"{match.group(1)}{written:>{len(match.group(2))}}"

    text = TERM_SHEET[:start] + re.sub(r"(?m)(^\S.*?[\s$])(\d{1,3}(?:,\d{3})+)$", thousands, TERM_SHEET[start:])
    text = text.replace("as of May 1, 2004 of\n$619,800,778.37. Information", "as of May 1, 2004.\nInformation")
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-thousands-unsaid.txt"))
    assert deal.whole_deal.aggregate_balance is None and len(deal.tables) == 7
    assert {t.total.balance for t in deal.tables} == {619_801}
    message = (
        "its 1,225 loans would average $506, outside the $2,000 to $20,000,000 of any mortgage pool: the balance"
        " may be in thousands or millions of dollars the filing does not name, or misread"
    )
    assert all(table.warnings == (message,) for table in deal.tables)


SIZE_HEADINGS = (
    "Outstanding Principal             Number of                 Aggregate Principal\n"
    "Balance by Loan Size              Loans                    Balances Outstanding\n"
    "---------------------             ---------                --------------------\n"
)


def test_headings_joined_over_two_dash_groups_read_the_counts_and_balances():
    # A metamorphic audit: the SIZE table's headings joined on one line over a rule of two dash groups. Its
    # counts were read as its balances ("$149,999 and under  $12"), doubted only by the pool's average (the
    # counts' heading, "Outstanding Principal Balance by Loan Size Number of Loans", named "Outstanding"
    # first); a heading naming a count is now the counts'.
    joined = (
        "Outstanding Principal Balance by Loan Size  Number of Loans  Aggregate Principal Balances Outstanding\n"
        "---------------------------------------------------         --------------------\n"
    )
    assert TERM_SHEET.count(SIZE_HEADINGS) == 1
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(SIZE_HEADINGS, joined).encode(), "cmsi-2004-3-joined.txt"))
    sizes = deal.tables[3]
    assert sizes.title == "SIZE OF MORTGAGE LOANS"
    assert (sizes.total.count, sizes.total.balance) == (1_225, 619_800_778)
    assert [(r.count, r.balance) for r in sizes.rows[:2]] == [(12, 1_233_924), (5, 864_508)]
    assert not sizes.warnings and deal.all_checks_passed


def test_a_table_whose_counts_were_read_as_its_balances_is_doubted_by_the_pools_loans():
    # Headings naming a balance over the counts ("Aggregate Balance") and over the balances ("Principal
    # Amount"), none naming a count: the counts are read as the balances ("$149,999 and under  $12"), and
    # the pool's average doubts them.
    misnamed = (
        "Outstanding Principal             Aggregate                 Principal\n"
        "Balance by Loan Size              Balance                   Amount\n"
        "---------------------             ---------                --------------------\n"
    )
    assert TERM_SHEET.count(SIZE_HEADINGS) == 1
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(SIZE_HEADINGS, misnamed).encode(), "cmsi-2004-3-misnamed.txt"))
    sizes = deal.tables[3]
    assert sizes.title == "SIZE OF MORTGAGE LOANS" and sizes.total.balance == 1_225  # misread, as the check says
    assert sizes.warnings[-1] == (
        "its 1,225 loans would average $1, outside the $2,000 to $20,000,000 of any mortgage pool: the balance may be"
        " in thousands or millions of dollars the filing does not name, or misread"
    )
    assert all(not t.warnings for t in deal.tables if t is not sizes)


RATES_ROW = "6.501% - 7.000%                       8                            3,915,023"
ROW_MISPRINTS = {
    # a count dropped to 0: only the Total's sums failed, and nothing marked the row
    "no loans": ("       0                            3,915,023", "no loans, but a balance of $3,915,023"),
    "no balance": ("       8                                    0", "8 loans, but no balance"),
    # "3,915" for "3,915,023": the row's 8 loans would average $489
    "a few dollars": ("       8                                3,915", "its 8 loans would average $489"),
}


@pytest.mark.parametrize("misprint", ROW_MISPRINTS)
def test_a_row_whose_count_and_balance_cannot_both_be_right_is_doubted_beside_the_row(misprint):
    figures, said = ROW_MISPRINTS[misprint]
    deal = misprinted(RATES_ROW, RATES_ROW[:15] + " " * (len(RATES_ROW) - 15 - len(figures)) + figures)
    (rates,) = [t for t in deal.tables if "NOTE RATES" in t.title]
    (row,) = [r for r in rates.rows if r.label == "6.501% - 7.000%"]
    (doubt,) = row.warnings
    assert doubt.startswith(said)
    assert all(r.warnings == () for r in rates.rows if r is not row)
    assert f"row '6.501% - 7.000%': {doubt}" in " ".join(deal.warnings)


def test_two_rows_balances_swapped_add_up_but_each_is_doubted_for_averaging_outside_its_bucket():
    """The Total still adds up, and every check passed: only the rows' averages against their labels show it."""
    first = "$300,000 through $349,999            36                           12,341,764"
    second = "$350,000 through $399,999           260                           98,717,122"
    swapped = TERM_SHEET.replace(first, first.replace("12,341,764", "98,717,122")).replace(
        second, second.replace("98,717,122", "12,341,764")
    )
    assert swapped.count("98,717,122") == 1 and swapped != TERM_SHEET
    deal = load_filing(ingest_bytes(swapped.encode(), "cmsi-2004-3-swapped.txt"))
    assert all(check.passed for check in deal.checks)
    (sizes,) = [t for t in deal.tables if t.title == "SIZE OF MORTGAGE LOANS"]
    doubted = {r.label: r.warnings for r in sizes.rows if r.warnings}
    assert doubted == {
        "$300,000 through $349,999": (
            "its 36 loans average $2,742,142, outside the $300,000 through $349,999 the row is for: its count or "
            "balance is misprinted or misread",
        ),
        "$350,000 through $399,999": (
            "its 260 loans average $47,468, outside the $350,000 through $399,999 the row is for: its count or "
            "balance is misprinted or misread",
        ),
    }


def test_a_wac_misread_inside_every_pools_range_is_doubted_for_lying_outside_the_note_rate_tables_loans():
    """8.543% is a WAC some pool may have: not this one, whose note-rate table holds loans from 5.250% to 7.250%."""
    deal = misprinted("servicing fee) as of May 1, 2004 was 5.843%.", "servicing fee) as of May 1, 2004 was 8.543%.")
    assert deal.whole_deal.wac == 8.543  # as printed: never corrected
    assert doubts(deal, "wac") == (
        "the WAC (8.543%) lies outside the 5.25% to 7.25% of the loans the table 'DISTRIBUTION OF MORTGAGE LOANS BY "
        "NOTE RATES' shows: one of them is misread, or misprinted",
    )


@pytest.mark.parametrize(
    ("old", "new", "table", "row", "said"),
    [
        (
            "loan-to-value ratios\nin excess of 95%.",
            "loan-to-value ratios\nin excess of 90%.",
            "LOAN-TO-VALUE",
            "90.001% - 95.000%",
            "the filing states no loan has an LTV above 90%, but this row holds loans",
        ),
        (
            "originated prior to February 1,\n2003",
            "originated prior to February 1,\n2004",
            "YEARS OF ORIGINATION",
            "2003",
            "the filing states no loan was originated before February 1, 2004, but this row holds loans",
        ),
    ],
)
def test_a_row_holding_loans_past_a_bound_every_loan_meets_is_doubted_beside_the_row(old, new, table, row, said):
    deal = misprinted(old, new)
    (found,) = [t for t in deal.tables if table in t.title]
    doubted = {r.label: r.warnings for r in found.rows if r.warnings}
    assert doubted == {row: (f"{said}: the row or the bound is misread, or misprinted",)}


def _columns_swapped(text: str, first: int, second: int) -> str:
    """The FICO x LTV matrix with two columns' figures swapped on every row and its Total: still adding up."""
    start = text.index("620 and less")
    end = text.index("\n", text.index("Total               46.63%"))

    def swap(line: str) -> str:
        figures = list(re.finditer(r"\d+\.\d+%?", line))
        if len(figures) < 7:
            return line
        a, b = figures[first], figures[second]
        return line[: a.start()] + b.group() + line[a.end() : b.start()] + a.group() + line[b.end() :]

    return text[:start] + "\n".join(swap(line) for line in text[start:end].split("\n")) + text[end:]


def test_a_matrix_column_out_of_place_adds_up_but_is_set_against_the_ltv_table():
    """Two LTV columns' figures swapped on every line: the matrix adds up every way, and every check passed."""
    swapped = _columns_swapped(TERM_SHEET, 1, 2)
    deal = load_filing(ingest_bytes(swapped.encode(), "cmsi-2004-3-columns.txt"))
    failed = [(c.name, c.expected, round(c.actual, 2)) for c in deal.checks if not c.passed]
    assert failed == [
        ("matrix column '65.001%-75.000%' equals the LTV table's share", 28.07, 24.43),
        ("matrix column '75.001%-80.000%' equals the LTV table's share", 24.43, 28.07),
    ]
    sample = load_filing(ingest_bytes(TERM_SHEET.encode(), "cmsi-2004-3.txt"))
    compared = [c for c in sample.checks if c.name.endswith("equals the LTV table's share")]
    assert len(compared) == 6 and all(c.passed for c in compared)


# 2004-3's LTV table rows in other words than its matrix's columns ("65.00% and below", "65.001%-75.000%", ...).
LTV_ROWS_IN_OTHER_WORDS = {
    "65.00% and below   ": "65.00% or less     ",
    "65.001% - 75.000%  ": "65.01% to 75.00%   ",
    "75.001% - 80.000%  ": "75.01% to 80.00%   ",
    "80.001% - 85.000%  ": "Over 80% to 85%    ",
    "85.001% - 90.000%  ": "85.01% - 90.00%    ",
    "90.001% - 95.000%  ": "90.01% - 95.00%    ",
}


def _ltv_rows_reworded(text: str) -> str:
    table = text.index("Loan-To-Value Ratio ")
    head, tail = text[:table], text[table:]
    for old, new in LTV_ROWS_IN_OTHER_WORDS.items():
        assert tail.count(old) == 1, old
        tail = tail.replace(old, new)
    return head + tail


@pytest.mark.parametrize("swapped", [False, True])
def test_the_ltv_tables_rows_in_other_words_than_the_matrixs_columns_are_still_set_against_them(swapped):
    """The LTV table writes its buckets "65.00% or less", "65.01% to 75.00%", the matrix "65.00% and below",
    "65.001%-75.000%": the same buckets, each column still set against its row (the six checks ran only where the
    two wrote them alike), and two columns out of place still caught."""
    text = _ltv_rows_reworded(_columns_swapped(TERM_SHEET, 1, 2) if swapped else TERM_SHEET)
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-reworded.txt"))
    compared = [c for c in deal.checks if c.name.endswith("equals the LTV table's share")]
    assert len(compared) == 6 and len(deal.checks) == 53
    failed = [(c.name, c.expected, round(c.actual, 2)) for c in compared if not c.passed]
    assert failed == (
        [
            ("matrix column '65.001%-75.000%' equals the LTV table's share", 28.07, 24.43),
            ("matrix column '75.001%-80.000%' equals the LTV table's share", 24.43, 28.07),
        ]
        if swapped
        else []
    )
