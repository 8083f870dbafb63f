"""Whose a statement in a pool's section is: the section's pool's, unless its words name another scope.

Filings of several pools may describe each pool under its own heading ("POOL II MORTGAGE LOANS"), saying "All mortgage
loans had a weighted average ..." of that pool's loans. Each filing here is 2004-8 with one of its lists of figures
("... of the pool I mortgage loans, the pool II mortgage loans, the pool III mortgage loans and all mortgage loans were
..., respectively") taken out and stated again pool by pool, each under its pool's heading, and the deal's under an
"ALL MORTGAGE LOANS" heading: each figure must land on the pool whose section states it, a figure said of every pool
("the mortgage loans in all pools") on the deal, and one whose words and section disagree must not be read for either
without a doubt beside it.
"""

from __future__ import annotations

from datetime import date

import pytest

from reporting.derive.metrics import missing_in_words
from reporting.model.deal import Deal, provenance_of
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8

DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")
POOLS = ("I", "II", "III")

# The sample's lists, as its lines break them: each is taken out, and its figures stated pool by pool instead.
COUNTS = (
    "The total numbers of the pool I mortgage loans, the pool II mortgage loans,\n"
    "the pool III mortgage loans and all mortgage loans as of October 1, 2004 were\n"
    "663, 154, 153 and 970,respectively."
)
WACS = (
    "The weighted average interest rates of the\npool I mortgage loans, the pool II mortgage loans, the pool III "
    "mortgage loans\nand all mortgage loans (before deduction of the servicing fee) as of October 1,\n2004 were "
    "6.132%, 5.486%, 5.716% and 5.962%, respectively."
)
WAMS = (
    "The weighted average\nremaining terms to stated maturity of the pool I mortgage loans, the pool II\nmortgage "
    "loans, the pool III mortgage loans and all mortgage loans as of October\n1, 2004 were 358.20 months, 176.90 "
    "months, 358.39 months and 329.60 months,\nrespectively."
)
WA_LTVS = (
    "The weighted average loan-to-value ratios\nat origination of the pool I mortgage loans, the pool II mortgage "
    "loans, the\npool III mortgage loans and all mortgage loans as of October 1, 2004 were 67.6%,\n58.2%, 70.2% and "
    "66.5%, respectively."
)
ZIPS = (
    "No more than $4,538,332, $2,178,656,\n$2,559,173 and $6,659,274, respectively, of the pool I mortgage loans, the "
    "pool\nII mortgage loans, the pool III mortgage loans and all mortgage loans are\nsecured by Mortgaged Properties "
    "located in any one zip code."
)
WINDOWS = (
    "None of the pool I mortgage loans, the pool II mortgage\nloans or the pool III mortgage loans were originated "
    "prior to March 1, 2003,\nJune 1, 2003 and December 1, 2003, respectively, or after October 1, 2004."
)
DEAL_TERMS = "All mortgage loans have original maturities of at least 12 but not\nmore than 30 years."
CLASSES = "     There are no special hazard"  # the classes' paragraphs follow: the deal's section holds them

# Each fact: the list taken out, how a pool's section states its figure of "all mortgage loans", each pool's figure
# (as the list states it), and the field it is read into.
STATED = {
    "wac": (WACS, "All mortgage loans had a weighted average interest rate as of October 1, 2004 of {}%.",
            ("6.132", "5.486", "5.716"), "wac", (6.132, 5.486, 5.716)),
    "wam": (WAMS, "The weighted average remaining term to stated maturity of all mortgage loans was {} months.",
            ("358.20", "176.90", "358.39"), "wam_months", (358.20, 176.90, 358.39)),
    "wa_ltv": (WA_LTVS, "The weighted average loan-to-value ratio at origination of all mortgage loans was {}%.",
               ("67.6", "58.2", "70.2"), "wa_ltv", (67.6, 58.2, 70.2)),
    "count": (COUNTS, "The total number of all mortgage loans as of October 1, 2004 was {}.",
              ("663", "154", "153"), "loan_count", (663, 154, 153)),
    "zip": (ZIPS, "No more than ${} of all mortgage loans are secured by mortgaged properties located in any one zip "
            "code.", ("4,538,332", "2,178,656", "2,559,173"), "largest_zip_balance", (4_538_332, 2_178_656, 2_559_173)),
    "origination": (WINDOWS, "All mortgage loans were originated on or after {} and on or before October 1, 2004.",
                    ("March 1, 2003", "June 1, 2003", "December 1, 2003"), "originated_not_before",
                    (date(2003, 3, 1), date(2003, 6, 1), date(2003, 12, 1))),
}  # fmt: skip


def _in_sections(taken_out: str, pools: dict[str, str], deals: str = "") -> Deal:
    """2004-8 with ``taken_out`` taken out, each of ``pools`` (its pool's name: a sentence) under its pool's heading,
    and ``deals`` under an "ALL MORTGAGE LOANS" heading over the classes."""
    assert DETAILED.count(taken_out) == 1, taken_out
    text = DETAILED.replace(taken_out, "")
    sections = "".join(
        f"                             POOL {name} MORTGAGE LOANS\n\n     {said}\n\n" for name, said in pools.items()
    )
    sections += "                             ALL MORTGAGE LOANS\n\n" + (f"     {deals}\n\n" if deals else "")
    at = text.index(CLASSES)
    return load_filing(ingest_bytes((text[:at] + sections + text[at:]).encode(), "cmsi-2004-8-sections.txt"))


def _said(deal: Deal, field: str, pool: str = "all") -> tuple[str, ...]:
    said = provenance_of(deal.pool(pool), field)
    return said.warnings if said else ()


@pytest.mark.parametrize("fact", STATED.keys())
def test_all_mortgage_loans_in_a_pools_section_are_that_pools_and_never_the_deals(fact):
    # Each pool's figure was read as its own, but the safety net took each "All mortgage loans ..." sentence for
    # the whole deal's: the deal's figure was "in the filing but not read", quoting pool I's sentence, and its
    # checks counted as could not run.
    taken_out, wording, written, field, values = STATED[fact]
    deal = _in_sections(taken_out, {name: wording.format(w) for name, w in zip(POOLS, written)})
    assert tuple(getattr(deal.pool(name), field) for name in POOLS) == values
    assert all(_said(deal, field, name) == () for name in POOLS)
    assert getattr(deal.whole_deal, field) is None and _said(deal, field) == ()  # the deal's is stated nowhere
    assert not [w for w in deal.warnings if "All loans" in w and "which was not read" in w]


# Every pool's loans named so in a pool's section: the deal's figure, never the section's pool's.
EVERY_POOL = [
    "all of the mortgage loans in all pools",
    "the mortgage loans in all three pools",
    "the mortgage loans of all of the pools",
    "all pools combined",
    "the pools taken together",
    "all loan groups",
]


@pytest.mark.parametrize("loans", EVERY_POOL)
def test_every_pools_loans_named_in_a_pools_section_are_the_deals(loans):
    # Read as pool II's WAC: the deal's 5.962% printed as pool II's, without a doubt.
    deal = _in_sections(
        WACS,
        {
            "I": STATED["wac"][1].format("6.132"),
            "II": f"The weighted average interest rate of {loans} as of October 1, 2004 was 5.962%.",
            "III": STATED["wac"][1].format("5.716"),
        },
    )
    assert [(p.name, p.wac) for p in deal.pools] == [("I", 6.132), ("II", None), ("III", 5.716), ("all", 5.962)]
    assert _said(deal, "wac") == ()
    # pool II states none of its own, and the deal's sentence is never said to be it
    assert "pool II WAC" in missing_in_words(deal)[0] and _said(deal, "wac", "II") == ()


def test_a_limit_said_of_every_pools_loans_in_a_pools_section_is_every_pools():
    # "... in all pools" in pool II's section: the limit was pool II's alone, and the other pools' and the deal's lost.
    deal = _in_sections(
        "but no mortgage loans had\nloan-to-value ratios in excess of 95%",
        {"II": "All of the mortgage loans in all pools had loan-to-value ratios of no more than 95%."},
    )
    assert [(p.name, p.max_ltv) for p in deal.pools] == [("I", 95.0), ("II", 95.0), ("III", 95.0), ("all", 95.0)]


def test_the_deals_range_said_in_a_pools_section_of_every_pools_loans_is_the_deals():
    # Pool II's loans are 12 to 15 years (its definition); "all of the mortgage loans in all pools" are 12 to 30:
    # read as pool II's, its 30 years was "stated again" against its own 15, and the deal's range was lost.
    deal = _in_sections(
        DEAL_TERMS,
        {
            "II": "All of the mortgage loans in all pools have original maturities of at least 12 but not more than 30 years."
        },
    )
    terms = [(p.name, p.original_term_min_years, p.original_term_max_years) for p in deal.pools]
    assert terms == [("I", 25.0, 30.0), ("II", 12.0, 15.0), ("III", 30.0, 30.0), ("all", 12.0, 30.0)]
    assert _said(deal, "original_term_max_years", "II") == ()


@pytest.mark.parametrize("loans", ["all mortgage loans combined", "the mortgage loans taken together"])
def test_loans_put_together_in_a_pools_section_are_not_read_for_either_and_said(loans):
    # "Combined": every pool's loans, or the section's pool's own premium and discount loans? Pool II's section
    # says one, its words the other. It was read as pool II's WAC, silently.
    stated = f"The weighted average interest rate of {loans} as of October 1, 2004 was 5.962%."
    deal = _in_sections(
        WACS, {"I": STATED["wac"][1].format("6.132"), "II": stated, "III": STATED["wac"][1].format("5.716")}
    )
    assert [(p.name, p.wac) for p in deal.pools] == [("I", 6.132), ("II", None), ("III", 5.716), ("all", None)]
    (said,) = _said(deal, "wac", "II")
    assert said.startswith("a sentence in pool II's section names its loans only as the whole deal's ('loans ")
    assert said.endswith("the whole deal's figure or pool II's cannot be told; not read") and said in deal.warnings
    # each is "in the filing but not read", never "not stated"
    assert "pool II WAC" in missing_in_words(deal)[1] and "WAC" in missing_in_words(deal)[1]


def test_a_total_after_a_pools_rate_groups_counts_in_its_section_is_the_pools():
    # "for a total of 154 mortgage loans" in pool II's section was the deal's count: "stated again" against 970, and
    # the pools' counts lost.
    counted = "There were {} premium loans and {} discount loans, for a total of {} mortgage loans."
    deal = _in_sections(
        COUNTS,
        {"I": counted.format(600, 63, 663), "II": counted.format(150, 4, 154), "III": counted.format(140, 13, 153)},
        "The total number of all mortgage loans as of October 1, 2004 was 970.",
    )
    assert [(p.name, p.loan_count) for p in deal.pools] == [("I", 663), ("II", 154), ("III", 153), ("all", 970)]
    assert all(_said(deal, "loan_count", p.name) == () for p in deal.pools)
    assert {c.name: c.passed for c in deal.checks}["pools add up to the deal loan count"]


# 2004-8's one LTV limit, every pool's ("no mortgage loans"), closing the sentence on the balances above 80% LTV.
LTV_LIMIT = "but no mortgage loans had\nloan-to-value ratios in excess of 95%"


@pytest.mark.parametrize(
    ("limit", "pool"),
    [
        ("no pool II mortgage loans had\nan LTV over 90%", "II"),
        ("none of the loan group III mortgage loans had\nloan-to-value ratios in excess of 90%", "III"),
    ],
)
def test_a_limit_of_one_pools_loans_is_that_pools_alone(limit: str, pool: str):
    # Said "in the filing but not read" for every pool: pool II's 90% lost, and pools I and III given a limit
    # the filing never states for them.
    assert DETAILED.count(LTV_LIMIT) == 1
    deal = load_filing(ingest_bytes(DETAILED.replace(LTV_LIMIT, f"but {limit}").encode(), "cmsi-2004-8-limit.txt"))
    assert [(p.name, p.max_ltv) for p in deal.pools] == [(n, 90.0 if n == pool else None) for n in (*POOLS, "all")]
    assert provenance_of(deal.pool(pool), "max_ltv").source_lines == (111, 112, 113, 114, 115)
    # no other pool's limit, nor the deal's: none is stated, and no sentence of the filing is said to state it
    assert all(provenance_of(p, "max_ltv") is None for p in deal.pools if p.name != pool)
    assert not [w for w in deal.warnings if "max_ltv" in w]


def test_a_limit_of_one_pools_loans_in_another_pools_section_is_the_named_pools():
    # "No pool II mortgage loans ..." under pool I's heading: pool II's limit, never pool I's
    deal = _in_sections(f", {LTV_LIMIT}", {"I": "No pool II mortgage loans had an LTV over 90%."})
    assert [(p.name, p.max_ltv) for p in deal.pools] == [("I", None), ("II", 90.0), ("III", None), ("all", None)]
