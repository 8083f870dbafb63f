"""Series 2004-3 collateral term sheet: every fact read from the filing itself."""

from datetime import date

import pytest

from reporting.model.deal import WHOLE_DEAL, Bound, FilingKind


def test_cover_facts(term_sheet):
    assert term_sheet.issuer == "Citicorp Mortgage Securities, Inc."
    assert term_sheet.series == "2004-3"
    assert term_sheet.kind is FilingKind.COLLATERAL_TERM_SHEET
    assert term_sheet.date_of_report == date(2004, 5, 7)
    assert term_sheet.cut_off_date == date(2004, 5, 1)


def test_one_pool_is_the_whole_deal(term_sheet):
    assert [p.name for p in term_sheet.pools] == [WHOLE_DEAL]


def test_pool_facts(term_sheet):
    pool = term_sheet.whole_deal
    assert pool.aggregate_balance == 619_800_778.37
    assert pool.loan_count == 1225
    assert pool.wac == 5.843
    assert pool.wam_months == 357.95
    assert pool.wa_original_term_months == 359.54
    assert pool.wa_ltv == 64.5
    assert (pool.original_balance_min, pool.original_balance_max) == (54_500, 1_000_000)
    assert (pool.original_term_min_years, pool.original_term_max_years) == (20, 30)
    assert pool.balance_above_80_ltv == 5_368_851
    assert pool.max_ltv == 95
    assert pool.largest_zip_balance == 7_749_519
    assert pool.primary_residence_min_pct == 98
    assert pool.originated_not_before == date(2003, 2, 1)
    assert pool.originated_not_after == date(2004, 5, 1)
    assert pool.latest_maturity == date(2034, 5, 1)


def test_underwriting_bounds_stay_bounds(term_sheet):
    shares = [(u.bound, u.percent) for u in term_sheet.whole_deal.underwriting]
    assert shares == [(Bound.AT_LEAST, 94), (Bound.NO_MORE_THAN, 6), (Bound.NO_MORE_THAN, 66)]
    assert term_sheet.whole_deal.underwriting[1].policy == "No income verification"


def test_additional_collateral(term_sheet):
    group = term_sheet.whole_deal.additional_collateral
    assert (group.loan_count, group.balance) == (3, 874_708)
    assert (group.wa_ltv_with_collateral, group.wa_ltv_without_collateral) == (80, 100)


def test_premium_discount(term_sheet):
    split = term_sheet.whole_deal.premium_discount
    assert split.threshold_net_rate == 5.25
    assert (split.premium.balance, split.discount.balance) == (611_102_780, 8_697_998)
    assert (split.premium.wac, split.discount.wac) == (5.850, 5.354)
    assert (split.premium.wam_months, split.discount.wam_months) == (357.93, 359.36)


def test_seven_tables_and_the_matrix(term_sheet):
    titles = [t.title for t in term_sheet.tables]
    assert len(titles) == 7
    assert "GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE" in titles
    assert len(term_sheet.matrices) == 1


def test_state_table_rows(term_sheet):
    states = next(t for t in term_sheet.tables if "STATE" in t.title)
    rows = {r.label: r for r in states.rows}
    assert len(rows) == 39
    assert (rows["California"].count, rows["California"].balance) == (587, 296_923_131)
    assert (rows["District of Columbia"].count, rows["District of Columbia"].balance) == (14, 7_323_483)
    assert (states.total.count, states.total.balance) == (1225, 619_800_778)


def test_wrapped_labels_are_joined(term_sheet):
    dwellings = next(t for t in term_sheet.tables if "TYPES OF DWELLINGS" in t.title)
    labels = [r.label for r in dwellings.rows]
    assert "Condominium Units (one to four stories high)" in labels
    assert "Condominium Units (over four stories high)" in labels
    assert dwellings.footnotes == ("*   Multi-family dwellings are 2-family, 3-family and 4-family.",)


def test_numeric_labels_are_kept(term_sheet):
    years = next(t for t in term_sheet.tables if "ORIGINATION OF" in t.title)
    assert [(r.label, r.count, r.balance) for r in years.rows] == [
        ("2003", 73, 34_980_358),
        ("2004", 1152, 584_820_420),
    ]
    sizes = next(t for t in term_sheet.tables if t.title == "SIZE OF MORTGAGE LOANS")
    assert sizes.rows[0].label == "$149,999 and under"
    assert (sizes.rows[-1].label, sizes.rows[-1].count, sizes.rows[-1].balance) == ("$1,000,000 and over", 0, 0)


def test_fico_ltv_matrix(term_sheet):
    matrix = term_sheet.matrices[0]
    assert matrix.row_labels[0] == "620 and less"
    assert matrix.row_labels[-1] == "800 and above"
    assert matrix.col_labels[0] == "65.00% and below"
    assert matrix.col_labels[1] == "65.001%-75.000%"
    assert len(matrix.col_labels) == 6
    assert matrix.cells[4][0] == 22.31  # 750 to 799, 65% and below
    assert matrix.row_totals[3] == 33.63
    assert matrix.col_totals == (46.63, 24.43, 28.07, 0.19, 0.55, 0.12)
    assert matrix.grand_total == 100.0
    assert matrix.row_header == "FICO score"


def test_every_check_passes(term_sheet):
    failed = [c for c in term_sheet.checks if not c.passed]
    assert failed == []
    names = {c.name for c in term_sheet.checks}
    assert "table rows add up to the total balance" in names
    assert "table total equals the pool's balance" in names
    assert "premium + discount balance equals the pool" in names
    assert "LTV table buckets above 80% equal the stated balance above 80% LTV" in names
    assert len(term_sheet.checks) >= 40
    assert term_sheet.missing == ()


@pytest.mark.parametrize(
    "title_word", ["YEARS", "DWELLINGS SUBJECT", "UNITS", "SIZE", "NOTE RATES", "LOAN-TO-VALUE", "STATE"]
)
def test_each_table_reconciles(term_sheet, title_word):
    table = next(t for t in term_sheet.tables if title_word in t.title)
    mine = [c for c in term_sheet.checks if c.subject == table.title]
    assert len(mine) >= 4 and all(c.passed for c in mine)
