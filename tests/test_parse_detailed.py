"""Series 2004-8 detailed description: three pools and the whole deal, in prose."""

from datetime import date

from reporting.model.deal import WHOLE_DEAL, Bound, FilingKind


def test_cover_and_parties(detailed):
    assert detailed.series == "2004-8"
    assert detailed.kind is FilingKind.DETAILED_DESCRIPTION
    assert detailed.date_of_report == date(2004, 10, 28)
    assert detailed.cut_off_date == date(2004, 10, 1)
    assert detailed.trustee == "U.S. Bank National Association"
    assert detailed.paying_agent == "Citibank, N.A."
    assert detailed.clean_up_call_balance == 49_364_137.76


def test_pools_in_order(detailed):
    assert [p.name for p in detailed.pools] == ["I", "II", "III", WHOLE_DEAL]


def test_respectively_lists_resolve_per_pool(detailed):
    one, two, three, whole = (detailed.pool(n) for n in ("I", "II", "III", WHOLE_DEAL))
    assert (one.loan_count, two.loan_count, three.loan_count, whole.loan_count) == (663, 154, 153, 970)
    assert (one.wac, two.wac, three.wac, whole.wac) == (6.132, 5.486, 5.716, 5.962)
    assert (one.wam_months, two.wam_months, three.wam_months, whole.wam_months) == (358.20, 176.90, 358.39, 329.60)
    assert three.wa_original_term_months == 360.00
    assert (one.wa_ltv, two.wa_ltv, three.wa_ltv, whole.wa_ltv) == (67.6, 58.2, 70.2, 66.5)
    assert (one.largest_zip_balance, whole.largest_zip_balance) == (4_538_332, 6_659_274)
    assert (one.primary_residence_min_pct, two.primary_residence_min_pct, three.primary_residence_min_pct) == (
        95,
        88,
        100,
    )


def test_pool_balances(detailed):
    assert detailed.pool("I").aggregate_balance == 335_095_817.07
    assert detailed.pool("II").aggregate_balance == 77_943_340.57
    assert detailed.pool("III").aggregate_balance == 80_602_219.93
    assert detailed.whole_deal.aggregate_balance == 493_641_377.57


def test_ranges_and_dates_per_pool(detailed):
    one, two, three = (detailed.pool(n) for n in ("I", "II", "III"))
    assert (one.original_balance_min, two.original_balance_min, three.original_balance_min) == (50_000, 99_400, 333_700)
    assert {one.original_balance_max, two.original_balance_max, three.original_balance_max} == {1_000_000}
    assert (one.originated_not_before, two.originated_not_before, three.originated_not_before) == (
        date(2003, 3, 1),
        date(2003, 6, 1),
        date(2003, 12, 1),
    )
    assert one.originated_not_after == three.originated_not_after == date(2004, 10, 1)
    assert (one.latest_maturity, two.latest_maturity, three.latest_maturity) == (
        date(2034, 10, 1),
        date(2019, 10, 1),
        date(2034, 10, 1),
    )
    assert (one.balance_above_80_ltv, two.balance_above_80_ltv, three.balance_above_80_ltv) == (
        4_912_083,
        959_086,
        2_037_940,
    )
    assert three.description == "Loans that have original maturities of 30 years and that are relocation loans"


def test_none_counts_as_zero_in_bounds(detailed):
    three = detailed.pool("III")
    bounds = {(u.policy, u.bound): u.percent for u in three.underwriting}
    assert bounds[("Full documentation", Bound.AT_LEAST)] == 22
    assert bounds[("Refinance, no asset verification", Bound.NO_MORE_THAN)] == 0  # "none"
    assert bounds[("No income verification", Bound.NO_MORE_THAN)] == 78
    assert bounds[("Streamlined", Bound.NO_MORE_THAN)] == 0


def test_additional_collateral_per_pool(detailed):
    one, two = detailed.pool("I").additional_collateral, detailed.pool("II").additional_collateral
    assert (one.loan_count, one.balance, one.wa_ltv_with_collateral, one.wa_ltv_without_collateral) == (
        1,
        660_000,
        80.0,
        100.0,
    )
    assert (two.loan_count, two.balance, two.wa_ltv_with_collateral, two.wa_ltv_without_collateral) == (
        5,
        1_292_268,
        74.5,
        98.6,
    )
    assert detailed.pool("III").additional_collateral is None


def test_premium_discount_per_pool(detailed):
    split = detailed.pool("II").premium_discount
    assert split.threshold_net_rate == 4.75
    assert (split.discount.balance, split.premium.balance) == (1_320_225, 76_623_116)
    assert (split.discount.wac, split.premium.wac) == (4.875, 5.496)
    assert detailed.pool("III").premium_discount.threshold_net_rate == 5.25


def test_classes(detailed):
    classes = {c.name: c for c in detailed.classes}
    assert list(classes) == ["A", "B-1", "B-2", "B-3", "B-4", "B-5", "B-6"]
    assert classes["B-3"].initial_balance == 1_234_000.00
    assert classes["A"].subordination_level == 2.450067623897
    assert classes["B-6"].initial_balance == 740_547.57
    assert classes["B-6"].subordination_level is None


def test_every_check_passes(detailed):
    assert [c for c in detailed.checks if not c.passed] == []
    names = {c.name for c in detailed.checks}
    assert "pools add up to the deal balance" in names
    assert "class balances add up to the deal balance" in names
    assert "class A subordination equals junior classes over the deal" in names
    assert detailed.tables == () and detailed.missing == ()
