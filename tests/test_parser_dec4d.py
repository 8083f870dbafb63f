"""Follow-ups of the Dec 4c red-team round (Dec 4d), each in an edited copy of a bundled sample: figures a clause
states two at a time, each in its place ("before and after deduction of the servicing fee ... were 5.843% and
5.593%", "the highest and lowest loan-to-value ratios ... were 95% and 18%", "the earliest and latest origination
dates ..."), the latest maturity as a range's end, and shares of the loans secured by non-owner occupied properties
or second homes."""

from __future__ import annotations

from datetime import date

import pytest
from facts import read_text

from reporting.derive import metrics
from reporting.model.deal import Bound, provenance_of
from reporting.read.deal_terms import investment_not_read
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")
WAC_SENTENCE = """The
weighted average interest rate on the mortgage loans (before deduction of the
servicing fee) as of May 1, 2004 was 5.843%."""
WAC_CHECK = "premium/discount weighted WAC equals the pool's"


def _read(old: str, new: str, text: str = TERM_SHEET, name: str = "cmsi-2004-3.txt"):
    assert old in text
    return read_text(text.replace(old, new), name)


@pytest.mark.parametrize(
    "rates",
    [
        "The weighted average interest rates on the mortgage loans before and after deduction of the\nservicing fee "
        "as of May 1, 2004 were 5.843% and 5.593%, respectively.",
        "The weighted average interest rates on the mortgage loans after and before deduction of the\nservicing fee "
        "as of May 1, 2004 were 5.593% and 5.843%, respectively.",
    ],
    ids=["before first", "after first"],
)
def test_a_wac_stated_beside_the_rate_after_the_fee_is_read(rates: str):
    # The clause was set aside as the net rate's: the WAC was said "in the filing but not read", and the check of
    # the premium and discount loans' rates against it was not run
    deal = _read(WAC_SENTENCE, rates)
    whole = deal.whole_deal
    said = provenance_of(whole, "wac")
    assert (whole.wac, said.warnings, said.source_lines) == (5.843, (), (68, 69))
    (check,) = [c for c in deal.checks if c.name == WAC_CHECK]
    assert check.passed and check.expected == 5.843
    # and a rate before the fee smaller than the one after it: which is which not told, never a guess
    swapped = rates.replace("5.843%", "X").replace("5.593%", "5.843%").replace("X", "5.593%")
    whole = _read(WAC_SENTENCE, swapped).whole_deal
    (doubt,) = provenance_of(whole, "wac").warnings
    assert whole.wac is None and doubt.endswith("which was not read")


NO_LTV_ABOVE_95 = "but no mortgage loans had loan-to-value ratios\nin excess of 95%."


@pytest.mark.parametrize(
    "extremes",
    [
        "and the highest and lowest loan-to-value ratios at origination of the mortgage\nloans were 95% and 18%, "
        "respectively.",
        "and the lowest and highest loan-to-value ratios at origination of the mortgage\nloans were 18% and 95%.",
    ],
    ids=["highest first", "lowest first"],
)
def test_the_highest_ltv_stated_beside_the_lowest_is_read(extremes: str):
    # Neither extreme was read: the largest LTV was said "in the filing but not read", quoting another sentence
    deal = _read(NO_LTV_ABOVE_95, extremes)
    whole = deal.whole_deal
    assert (whole.max_ltv, provenance_of(whole, "max_ltv").warnings) == (95.0, ())
    # and where the highest is the smaller figure, which is which is not told: not read, and said so
    swapped = extremes.replace("95%", "X").replace("18%", "95%").replace("X", "18%")
    whole = _read(NO_LTV_ABOVE_95, swapped).whole_deal
    assert whole.max_ltv is None and provenance_of(whole, "max_ltv").warnings[0].endswith("which was not read")


ORIGINATED = "None of the mortgage loans were originated prior to February 1,\n2003 or after May 1, 2004."


@pytest.mark.parametrize(
    "dates",
    [
        "The earliest and latest origination dates of the mortgage loans were February 1,\n2003 and May 1, 2004, "
        "respectively.",
        "The latest and earliest origination dates of the mortgage loans were May 1, 2004\nand February 1, 2003.",
    ],
    ids=["earliest first", "latest first"],
)
def test_the_earliest_and_latest_origination_dates_in_one_clause_are_read(dates: str):
    # Neither was read, and both were said "in the filing but not read"
    whole = _read(ORIGINATED, dates).whole_deal
    assert (whole.originated_not_before, whole.originated_not_after) == (date(2003, 2, 1), date(2004, 5, 1))
    assert provenance_of(whole, "originated_not_before").warnings == ()


def test_origination_dates_read_the_wrong_way_round_are_doubted():
    # "earliest and latest ... were May 1, 2004 and February 1, 2003": each read in its place, and the doubt said
    whole = _read(
        ORIGINATED,
        "The earliest and latest origination dates of the mortgage loans were May 1, 2004\nand February 1, 2003.",
    ).whole_deal
    assert (whole.originated_not_before, whole.originated_not_after) == (date(2004, 5, 1), date(2003, 2, 1))
    (doubt,) = provenance_of(whole, "originated_not_after").warnings
    assert "the earliest origination" in doubt and "misread, or misprinted" in doubt


LATEST_MATURITY = "None of the mortgage loans has a scheduled maturity later than May 1,\n2034."


@pytest.mark.parametrize(
    "maturities",
    [
        "The scheduled maturities of the mortgage loans range from June 1, 2019 to May 1,\n2034.",
        "Scheduled maturity dates of the mortgage loans are between June 1, 2019 and May 1,\n2034.",
    ],
    ids=["range from", "between"],
)
def test_the_latest_maturity_is_read_as_the_end_of_the_maturities_range(maturities: str):
    # Not read: "in the filing but not read", or (with no "the mortgage loans" before it) not said at all
    whole = _read(LATEST_MATURITY, maturities).whole_deal
    assert (whole.latest_maturity, provenance_of(whole, "latest_maturity").warnings) == (date(2034, 5, 1), ())


POOLS_LATEST_MATURITIES = """None of the pool I mortgage loans and the pool III mortgage loans have a
scheduled maturity later than October 1, 2034. None of the pool II mortgage
loans have a scheduled maturity later than October 1, 2019."""
POOLS_ORIGINATED = """None of the pool I mortgage loans, the pool II mortgage
loans or the pool III mortgage loans were originated prior to March 1, 2003,
June 1, 2003 and December 1, 2003, respectively, or after October 1, 2004."""


@pytest.mark.parametrize(
    ("old", "pairs", "field"),
    [
        (
            POOLS_LATEST_MATURITIES,
            "The scheduled maturities of the pool I, pool II and pool III mortgage loans range from June 1,\n2019 to "
            "October 1, 2034, March 1, 2014 to October 1, 2019 and June 1, 2019 to October 1, 2034, respectively.",
            "latest_maturity",
        ),
        (
            POOLS_ORIGINATED,
            "The earliest and latest origination dates of the pool I, pool II and pool III mortgage loans were\nMarch "
            "1, 2003 and October 1, 2004, June 1, 2003 and September 1, 2004 and December 1, 2003 and\nAugust 1, 2004, "
            "respectively.",
            "originated_not_after",
        ),
    ],
    ids=["maturity ranges", "origination dates"],
)
def test_a_list_of_pairs_of_dates_for_several_pools_is_each_pools_or_not_read(old: str, pairs: str, field: str):
    # Read as one pair, the first pool's latest date was each pool's: pool II's October 1, 2034 (it is 2019)
    deal = _read(old, pairs, DETAILED, "cmsi-2004-8.txt")
    for pool in deal.pools[:3]:
        assert getattr(pool, field) is None and provenance_of(pool, field).warnings[0].endswith("which was not read")
    # and one pair for several pools together is a bound each pool's loans meet, as "None of the pool I ... and the
    # pool III mortgage loans have a scheduled maturity later than ..." is
    one_pair = pairs.partition(", June 1, 2003")[0].partition(", March 1, 2014")[0] + "."
    deal = _read(old, one_pair, DETAILED, "cmsi-2004-8.txt")
    assert {getattr(pool, field) for pool in deal.pools[:3]} == {
        date(2004, 10, 1) if "origination" in pairs else date(2034, 10, 1)
    }


@pytest.mark.parametrize(
    "maturities",
    [
        "The earliest and latest scheduled maturity dates of the mortgage loans are June 1, 2019\nand May 1, 2034, "
        "respectively.",
        "The latest and earliest scheduled maturity dates of the mortgage loans are May 1, 2034\nand June 1, 2019.",
    ],
    ids=["earliest first", "latest first"],
)
def test_the_latest_maturity_stated_beside_the_earliest_is_read(maturities: str):
    # Earliest first: "2 values for 1 subjects; not assigned" beside the latest maturity; latest first: not read
    whole = _read(LATEST_MATURITY, maturities).whole_deal
    assert (whole.latest_maturity, provenance_of(whole, "latest_maturity").warnings) == (date(2034, 5, 1), ())
    # and the two the wrong way round: which is which not told, said not read
    swapped = maturities.replace("June 1, 2019", "X").replace("May 1, 2034", "June 1, 2019").replace("X", "May 1, 2034")
    whole = _read(LATEST_MATURITY, swapped).whole_deal
    assert whole.latest_maturity is None
    assert provenance_of(whole, "latest_maturity").warnings[0].endswith("which was not read")


NO_INVESTMENT = "None of the mortgage loans\nare secured by investment properties."


@pytest.mark.parametrize("properties", ["non-owner occupied properties", "non-owner-occupied mortgaged properties"])
def test_a_share_secured_by_non_owner_occupied_properties_is_the_investment_share(properties: str):
    # Not read, and nothing said: the report showed no investment properties share beside a sentence stating 2%
    whole = _read(
        NO_INVESTMENT,
        f"No more than 2% of the mortgage loans\nare secured by {properties}.",
        DETAILED,
        "cmsi-2004-8.txt",
    ).whole_deal
    assert (whole.investment_property_max_pct, whole.investment_property_bound) == (2.0, Bound.NO_MORE_THAN)
    assert whole.primary_residence_min_pct == 95.0  # never read as the owner occupied share


def test_a_share_secured_by_second_homes_is_said_in_the_filing_but_not_read():
    # No field holds it, and it was passed over with nothing said
    deal = _read(PRIMARY, PRIMARY + "\nNo more than 2% of the mortgage loans are secured by second homes.")
    (said,) = metrics.unheld_figures(deal).values()
    assert said.field == "second_home_share" and said.source_lines == (87,)
    assert "secured by second homes" in said.warnings[0] and said.warnings[0].endswith("which termsheet does not read")
    assert "in the filing but not read: share secured by second homes" in metrics.missing_phrases(deal)
    assert deal.whole_deal.investment_property_max_pct is None and deal.whole_deal.primary_residence_min_pct == 98.0


PRIMARY = (
    "At least 98%(2) of the mortgage loans are secured by mortgaged properties\ndetermined by CitiMortgage, Inc. "
    "to be the primary residence of the borrower."
)


def test_a_floor_on_the_non_owner_occupied_share_is_no_primary_residence_share_nor_the_investment_share():
    # "Not less than 1% ... non owner occupied": read as the share of primary residences, 1% beside the 98% stated
    deal = _read(
        PRIMARY, f"{PRIMARY}\nNot less than 1% of the mortgage loans are secured by non owner occupied properties."
    )
    whole = deal.whole_deal
    assert (whole.primary_residence_min_pct, provenance_of(whole, "primary_residence_min_pct").warnings) == (98.0, ())
    assert whole.investment_property_max_pct is None and investment_not_read(deal) == {"all"}


def test_a_floor_on_the_investment_share_is_said_not_read():
    # "At least 1% ... investment properties" was read as 1%, no bound: a floor shown as the share
    deal = _read(
        NO_INVESTMENT,
        "At least 1% of the mortgage loans\nare secured by investment properties.",
        DETAILED,
        "cmsi-2004-8.txt",
    )
    assert deal.whole_deal.investment_property_max_pct is None and investment_not_read(deal) == {"all"}
    (said,) = [w for w in deal.warnings if w.startswith("investment properties")]
    assert said.endswith("a share stated as a floor, no share nor its most; not read")
