"""Kind headings, more wordings (Dec 4, g3): each filing is the 2004-8 detailed description edited in the test. Terms
given in months ("original maturities of at least 144 but not more than 180 months": 15-year loans), a pool's term and
rate said apart ("30 years", "adjustable rate loans": its "30-Year Adjustable Rate Loans"), and headings naming the
term in months or "Yr" ("180-Month Loans", "30 Yr Fixed"). A kind is tied to a pool only where sure.
"""

from __future__ import annotations

import pytest
from facts import read_text
from layouts import replaced_once
from sample_deals import read_sample
from test_parser_dec4e import _as_stated, _heading, _read, _with_sections, _years_table
from test_parser_dec4g import _TIES, _kind_sections
from test_parser_dec4g2 import _untied, pool_ii_tied_only_where_sure

from reporting.samples import DETAILED_2004_8

DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")
SAMPLE = read_sample(DETAILED, "cmsi-2004-8.txt")
NAME = "cmsi-2004-8.txt"

# 2004-8's own words for pool II's range of terms
POOL_II_YEARS = "maturities of at least 12 but not more than 15 years"
_DELIVERED = "The mortgage loans were delivered in exchange"


# --- terms in months: "original maturities of at least 144 but not more than 180 months" ----------------------------


def test_pool_iis_range_in_months_ties_it_to_the_heading_of_its_whole_years():
    # 2004-8 with pool II's range in months (144 to 180: 12 to 15 years), its table under "15-Year Loans": no range
    # in months tied a pool, the table was left out, said untied. 180 months are 15 years: the table is pool II's.
    months = replaced_once(DETAILED, POOL_II_YEARS, "maturities of at least 144 but not more\nthan 180 months")
    at = months.index("<PAGE>\n\n\n     There are no special hazard")
    text = f"{months[:at]}<PAGE>\n\n{_heading('15-Year Loans')}{_years_table('II')}\n\n\n{months[at:]}"
    deal = read_text(text, NAME)
    assert _read(deal) == _as_stated("II") and not _untied(deal, "15-Year Loans")
    assert all(check.passed for check in deal.checks)


@pytest.mark.parametrize(
    ("sure", "unsure"),
    [
        (
            "The pool II mortgage loans have original terms to maturity of 180 months or less.",
            "The pool II mortgage loans have original terms to maturity of 180 months or more.",
        ),
        # months of no whole years: no heading's term in years
        (
            "Pool II consists of mortgage loans with original terms to maturity of between 120 and 180 months.",
            "Pool II consists of mortgage loans with original terms to maturity of between 120 and 186 months.",
        ),
        (
            'The mortgage loans with original terms to maturity of 120 to 180 months (the "pool II mortgage loans") '
            "are not relocation loans.",
            "The pool II mortgage loans have weighted average original terms to maturity of 180 months.",
        ),
    ],
)
def test_a_pools_range_in_months_ties_it_only_where_sure(sure, unsure):
    pool_ii_tied_only_where_sure(sure, unsure)


# --- a pool's term and its rate said apart: "30-Year Adjustable Rate Loans" --------------------------------------


def _pool_iii_adjustable(said: str) -> str:
    """2004-8 (pools I and III of 30-year loans by their original terms) with ``said`` before the cover's last
    sentences and pool III's table under "30-Year Adjustable Rate Loans"."""
    text = _with_sections([_heading("30-Year Adjustable Rate Loans") + _years_table("III")])
    return replaced_once(text, _DELIVERED, f"{said} {_DELIVERED}")


_III_ADJUSTABLE = "The pool III mortgage loans are adjustable rate loans."


@pytest.mark.parametrize(
    "unsure",
    [
        # pool I, of 30-year loans too, also adjustable: which pool's?
        f"{_III_ADJUSTABLE} The pool I mortgage loans are adjustable rate loans.",
        # pool III said of two rates: of neither kind alone
        f"{_III_ADJUSTABLE} The pool III mortgage loans are fixed rate loans.",
    ],
    ids=["another pool of both", "two rates"],
)
def test_a_pools_term_and_rate_said_apart_tie_a_heading_naming_both_only_where_sure(unsure):
    # Pool III: "original maturities of 30 years" (2004-8's own words) and "adjustable rate loans", said apart: each
    # tied a kind, neither "30-Year Adjustable Rate Loans", whose table was left out, said untied. Pool III's loans
    # are both: the table is its own. Where another pool is both, or pool III two rates, it is still left out.
    deal = read_text(_pool_iii_adjustable(_III_ADJUSTABLE), NAME)
    assert _read(deal) == _as_stated("III") and not _untied(deal, "30-Year Adjustable Rate Loans")
    assert all(check.passed for check in deal.checks)
    assert deal.warnings == SAMPLE.warnings and deal.missing == SAMPLE.missing
    doubted = read_text(_pool_iii_adjustable(unsure), NAME)
    assert _read(doubted) == [] and len(_untied(doubted, "30-Year Adjustable Rate Loans")) == 1


# --- headings in months, "Yr": "180-Month Loans", "30 Yr Fixed" ---------------------------------------------------


@pytest.mark.parametrize(
    "headings",
    [
        {"I": "30 Yr Fixed", "II": "180-Month Loans", "III": "Adjustable Rate Loans"},
        {"I": "360-MONTH FIXED RATE LOANS", "II": "15 YR. LOANS", "III": "ADJUSTABLE RATE LOANS"},
    ],
    ids=["title case", "capitals"],
)
def test_a_heading_naming_the_term_in_months_or_yr_is_its_pools_section(headings):
    # "180-Month Loans", "30 Yr Fixed": no kind heading to the pattern, the tables under them were read as the whole
    # deal's (checks failed on a filing that agrees with itself). Each names its pool's kind: its pool's table.
    deal = read_text(_kind_sections(headings, _TIES["the prose"]), NAME)
    assert _read(deal) == _as_stated(*headings)
    assert all(check.passed for check in deal.checks)
    assert deal.warnings == SAMPLE.warnings and deal.missing == SAMPLE.missing
