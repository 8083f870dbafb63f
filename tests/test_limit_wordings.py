"""The limits every loan meets, in the wordings a filing of any year may use: each read as the pool's, never a
subset's, an average's or a few loans' figure; and one stated in words no reader reads is "in the filing but not
read", never left out as though not stated. Variant filings are the 2004-3 term sheet with one sentence replaced.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reporting.derive.summary import summarise
from reporting.model.deal import Deal, provenance_of
from reporting.model.summary import NOT_READ
from reporting.pipeline import load_deal, load_filing
from reporting.read.ingest import ingest_bytes

NOT_READ_SAID = "which was not read"

# The 2004-3 term sheet's sentence for each limit.
MATURITY = "None of the mortgage loans has a scheduled maturity later than May 1,\n2034."
BALANCE = "Each mortgage loan had an original principal balance of not less than\n$54,500, nor more than $1,000,000."
ORIGINATED = "None of the mortgage loans were originated prior to February 1,\n2003 or after May 1, 2004."
TERM = "All mortgage loans have original maturities of at least 20 but no more\nthan 30 years."
MAX_LTV = "but no mortgage loans had loan-to-value ratios\nin excess of 95%."

MAY_2034 = dt.date(2034, 5, 1)


def _edited(path: Path, old: str, new: str) -> Deal:
    text = path.read_text()
    assert text.count(old) == 1, old
    return load_filing(ingest_bytes(text.replace(old, new).encode(), "edited.txt"))


def _limits(deal: Deal, *fields: str) -> tuple:
    return tuple(getattr(deal.whole_deal, field) for field in fields)


def _doubts(deal: Deal, field: str) -> tuple[str, ...]:
    said = provenance_of(deal.whole_deal, field)
    return said.warnings if said else ()


@pytest.mark.parametrize(
    "wording",
    [
        "No mortgage loan matures after May 1, 2034.",
        "The mortgage loans have scheduled maturities no later than May 1, 2034.",
        "The mortgage loans mature no later than May 1, 2034.",
        "All mortgage loans mature on or before May 1, 2034.",
        "The latest stated maturity date of any mortgage loan is May 1, 2034.",
        "NONE OF THE MORTGAGE LOANS MATURES AFTER MAY 1, 2034.",
    ],
)
def test_the_latest_maturity_in_other_words(term_sheet_path, wording):
    deal = _edited(term_sheet_path, MATURITY, wording)
    assert _limits(deal, "latest_maturity") == (MAY_2034,)
    assert not _doubts(deal, "latest_maturity")


@pytest.mark.parametrize(
    "wording",
    [
        "The mortgage loans had original principal balances between $54,500 and $1,000,000.",
        "The original principal balances of the mortgage loans were between $54,500 and $1,000,000.",
        "The smallest original principal balance of any mortgage loan was $54,500 and the largest was $1,000,000.",
        "The largest original principal balance of any mortgage loan was $1,000,000 and the smallest was $54,500.",
        "No mortgage loan had an original principal balance of less than $54,500 or more than $1,000,000.",
        "Each mortgage loan had an original principal balance of no less than $54,500 and at most $1,000,000.",
        "THE ORIGINAL PRINCIPAL BALANCES OF THE MORTGAGE LOANS RANGED FROM $54,500 TO $1,000,000.",
    ],
)
def test_the_original_balance_range_in_other_words(term_sheet_path, wording):
    deal = _edited(term_sheet_path, BALANCE, wording)
    assert _limits(deal, "original_balance_min", "original_balance_max") == (54_500, 1_000_000)


@pytest.mark.parametrize(
    "wording",
    [
        "No mortgage loan had an original principal balance greater than $1,000,000.",
        "Each mortgage loan had an original principal balance of no more than $1,000,000.",
        "The original principal balances of the mortgage loans did not exceed $1,000,000.",
    ],
)
def test_a_greatest_original_balance_alone_is_no_least(term_sheet_path, wording):
    deal = _edited(term_sheet_path, BALANCE, wording)
    assert _limits(deal, "original_balance_min", "original_balance_max") == (None, 1_000_000)
    # the sentence it was read from states no least balance: the least is not stated, not "not read"
    assert not _doubts(deal, "original_balance_min")
    assert "Original balance" not in summarise(deal).metrics_not_read


@pytest.mark.parametrize(
    "wording",
    [
        "The mortgage loans were originated between February 1, 2003 and May 1, 2004.",
        "The mortgage loans were originated from February 1, 2003 through May 1, 2004.",
        "The mortgage loans were originated on or after February 1, 2003 and on or before May 1, 2004.",
        "The earliest origination date of any mortgage loan was February 1, 2003 and the latest was May 1, 2004.",
        "The origination dates of the mortgage loans ranged from February 1, 2003 to May 1, 2004.",
    ],
)
def test_the_origination_window_in_other_words(term_sheet_path, wording):
    deal = _edited(term_sheet_path, ORIGINATED, wording)
    assert _limits(deal, "originated_not_before", "originated_not_after") == (dt.date(2003, 2, 1), dt.date(2004, 5, 1))


@pytest.mark.parametrize(
    ("wording", "years"),
    [
        ("The mortgage loans have original terms between 20 and 30 years.", (20, 30)),
        ("The original terms to maturity of the mortgage loans ranged from 240 to 360 months.", (20, 30)),
        ("THE MORTGAGE LOANS HAVE ORIGINAL TERMS TO STATED MATURITY OF BETWEEN 20 AND 30 YEARS.", (20, 30)),
        ("All mortgage loans have original terms of not more than 30 years.", (None, 30)),
    ],
)
def test_the_original_term_range_in_other_words(term_sheet_path, wording, years):
    deal = _edited(term_sheet_path, TERM, wording)
    assert _limits(deal, "original_term_min_years", "original_term_max_years") == years


@pytest.mark.parametrize(
    "wording",
    [
        "and the maximum loan-to-value ratio at origination of any mortgage loan was 95%.",
        "and the highest loan-to-value ratio at origination of the mortgage loans was 95%.",
        "and the loan-to-value ratios at origination of the mortgage loans did not exceed 95%.",
        "and the loan-to-value ratios at origination ranged from 6.9% to 95%.",
        "and no mortgage loan has a loan-to-value ratio greater than 95%.",
        # The loans placed, or the verb's tense: each was "in the filing but not read".
        "but no mortgage loans in the pool had loan-to-value ratios in excess of 95%.",
        "but no mortgage loans in the trust had loan-to-value ratios in excess of 95%.",
        "but no mortgage loan has had a loan-to-value ratio in excess of 95%.",
        "but not one mortgage loan had a loan-to-value ratio in excess of 95%.",
    ],
)
def test_the_greatest_loan_to_value_ratio_in_other_words(term_sheet_path, wording):
    deal = _edited(term_sheet_path, MAX_LTV, wording)
    assert _limits(deal, "max_ltv") == (95,)
    assert not _doubts(deal, "max_ltv")


MAX_LTV_OF_EVERY_POOL = "but no mortgage loans had\nloan-to-value ratios in excess of 95%."


@pytest.mark.parametrize("placed", ["in all pools", "in all the pools"])
def test_a_greatest_loan_to_value_ratio_of_the_loans_in_all_pools_is_each_pools(detailed_path, placed):
    """2004-8 (three pools) saying "no mortgage loans in all pools had ... in excess of 95%": every pool's limit. The
    sentence's three balances above 80% LTV, "respectively", are the pools' alone: the deal's (their sum, derived) is
    not said to be in it and not read, as it was once the sentence named every pool."""
    deal = _edited(
        detailed_path, MAX_LTV_OF_EVERY_POOL, MAX_LTV_OF_EVERY_POOL.replace("loans had", f"loans {placed} had")
    )
    assert [p.max_ltv for p in deal.pools if not p.is_whole_deal] == [95, 95, 95] and deal.whole_deal.max_ltv == 95
    assert [p.balance_above_80_ltv for p in deal.pools if not p.is_whole_deal] == [4_912_083, 959_086, 2_037_940]
    assert deal.warnings == ()


def test_a_greatest_loan_to_value_ratio_of_one_pool_among_many_is_not_given_to_all(detailed_path):
    """ "no pool II mortgage loans had ... in excess of 90%", in a sentence about the three pools: pool II's limit
    alone (its loans are named), never pools I and III's nor the whole deal's, of which the sentence says nothing."""
    deal = _edited(
        detailed_path,
        MAX_LTV_OF_EVERY_POOL,
        "but no pool II mortgage loans had\nloan-to-value ratios in excess of 90%.",
    )
    assert [p.max_ltv for p in deal.pools] == [None, 90.0, None, None]
    for pool in (p for p in deal.pools if p.name != "II"):
        assert provenance_of(pool, "max_ltv") is None, pool.name
    assert not [w for w in deal.warnings if NOT_READ_SAID in w]


# --- never a subset's, an average's, nor a few loans' figure ------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "fields"),
    [
        (MATURITY, "Three mortgage loans have scheduled maturities later than May 1, 2034.", ("latest_maturity",)),
        (MATURITY, "The mortgage loans mature after May 1, 2019.", ("latest_maturity",)),
        (
            BALANCE,
            "Mortgage loans with original principal balances between $300,000 and $500,000 had an aggregate "
            "scheduled principal balance of $100,000,000.",
            ("original_balance_min", "original_balance_max"),
        ),
        (BALANCE, "One mortgage loan has an original principal balance of $1,000,000.", ("original_balance_max",)),
        (
            BALANCE,
            "Twelve mortgage loans had original principal balances of more than $900,000.",
            ("original_balance_min", "original_balance_max"),
        ),
        (
            BALANCE,
            "12 mortgage loans had original principal balances of no more than $60,000.",
            ("original_balance_max",),
        ),
        (
            BALANCE,
            "The average original principal balance of the mortgage loans was $505,960 and the largest was $1,000,000.",
            ("original_balance_max",),
        ),
        (
            ORIGINATED,
            "Mortgage loans originated between February 1, 2003 and May 1, 2003 had an aggregate scheduled principal "
            "balance of $1,000,000.",
            ("originated_not_before", "originated_not_after"),
        ),
        (
            TERM,
            "Mortgage loans that have original maturities of between 20 and 25 years had an aggregate scheduled "
            "principal balance of $1,000,000.",
            ("original_term_min_years", "original_term_max_years"),
        ),
        (MAX_LTV, "and one mortgage loan had a loan-to-value ratio of 97%.", ("max_ltv",)),
        (MAX_LTV, "and the highest weighted average loan-to-value ratio of any pool was 70%.", ("max_ltv",)),
        (MAX_LTV, "and the maximum loan-to-value ratio was 95% without primary mortgage insurance.", ("max_ltv",)),
    ],
)
def test_no_subsets_average_or_few_loans_figure_is_a_limit(term_sheet_path, old, new, fields):
    deal = _edited(term_sheet_path, old, new)
    assert _limits(deal, *fields) == (None,) * len(fields)


def test_the_samples_limits_are_read_as_before(term_sheet_path, detailed_path):
    deal = load_deal(term_sheet_path)
    assert _limits(
        deal, "latest_maturity", "original_balance_min", "original_balance_max", "original_term_min_years",
        "original_term_max_years", "originated_not_before", "originated_not_after", "max_ltv",
    ) == (MAY_2034, 54_500, 1_000_000, 20, 30, dt.date(2003, 2, 1), dt.date(2004, 5, 1), 95)  # fmt: skip
    detailed = load_deal(detailed_path)
    pools = {pool.name: pool for pool in detailed.pools}
    assert (pools["I"].original_term_min_years, pools["I"].original_term_max_years) == (25, 30)
    assert pools["II"].latest_maturity == dt.date(2019, 10, 1)
    assert pools["III"].original_balance_min == 333_700


# --- the safety net: a limit in words no reader reads is in the filing but not read ---------------------------


@pytest.mark.parametrize(
    ("old", "new", "field", "label"),
    [
        (
            MATURITY,
            "No mortgage loan's scheduled maturity falls after May 1, 2034.",
            "latest_maturity",
            "Latest maturity",
        ),
        (
            BALANCE,
            "Original principal balances of the mortgage loans lie in a band whose lowest point is $54,500 and whose "
            "highest is $1,000,000.",
            "original_balance_min",
            "Original balance",
        ),
        (
            ORIGINATED,
            "Origination of the mortgage loans was completed from February 1, 2003 onward, the last having been "
            "originated on May 1, 2004.",
            "originated_not_after",
            "Originated not after",
        ),
        (
            MAX_LTV,
            "and loan-to-value ratios at origination for the mortgage loans top out at 95%.",
            "max_ltv",
            "Maximum LTV at origination",
        ),
    ],
)
def test_a_limit_in_words_not_read_is_in_the_filing_but_not_read(term_sheet_path, old, new, field, label):
    deal = _edited(term_sheet_path, old, new)
    assert getattr(deal.whole_deal, field) is None
    doubts = _doubts(deal, field)
    assert doubts and doubts[0].startswith("the filing states it in ") and doubts[0].endswith(NOT_READ_SAID)
    summary = summarise(deal)
    shown = {metric.label: metric for metric in summary.limits}
    assert label in summary.metrics_not_read
    assert any(NOT_READ_SAID in doubt for note in shown[label].notes for doubt in note.doubts)
    assert f"{NOT_READ.capitalize()}: " in " ".join(summary.metric_gaps)


def test_the_samples_get_no_not_read_doubt_on_a_limit(term_sheet_path, detailed_path):
    for path in (term_sheet_path, detailed_path):
        deal = load_deal(path)
        assert not any(NOT_READ_SAID in warning for warning in deal.warnings)
        assert not summarise(deal).metrics_not_read


@pytest.mark.parametrize(("old", "label"), [(MATURITY, "Latest maturity"), (BALANCE, "Original balance")])
def test_a_limit_the_filing_leaves_out_is_not_said_not_read(term_sheet_path, old, label):
    # the cut-off date ("as of May 1, 2004"), the weighted average original term, the aggregate balance: no limit
    deal = _edited(term_sheet_path, old, "")
    summary = summarise(deal)
    assert label not in summary.metrics_not_read
    assert label not in {metric.label for metric in summary.limits}
    assert not any(NOT_READ_SAID in warning for warning in deal.warnings)


@pytest.mark.parametrize(
    "wording",
    [
        "All mortgage loans have original maturities of 20 years at least and 30 years at most.",
        "All mortgage loans have original maturities of 20 years minimum, 30 years maximum.",
    ],
)
def test_an_original_term_range_in_words_not_read_is_never_one_term_at_both_ends(term_sheet_path, wording):
    """Two terms in words the reader does not know: read as "20 - 20 years" once, a wrong figure with no doubt.
    Now neither end is read, and each says why."""
    deal = _edited(term_sheet_path, TERM, wording)
    assert _limits(deal, "original_term_min_years", "original_term_max_years") == (None, None)
    for field in ("original_term_min_years", "original_term_max_years"):
        assert any("not read" in doubt for doubt in _doubts(deal, field)), field
