"""Sentences about some of the loans: never the pool's figure.

A filing may state a figure of a subset of its loans (a kind of loans, the loans in a state, another
series' loans, loans a clause picks out) in the words it states the pool's own. Each filing here is a
sample with such a sentence set before the pool's own statement, or in its place: the pool's figure is
the pool's own sentence's, read plainly (no "stated again" doubt), or, with no sentence of its own, not
stated, never the subset's. The pool's own loans in other words ("the mortgage loans in the pool", "all of
the mortgage loans", "the mortgage loans in Series 2004-3" in 2004-3's filing) are still the pool's.
"""

from __future__ import annotations

import re
from datetime import date

import layouts
import pytest

from reporting.derive.metrics import missing_in_words
from reporting.model.deal import Deal, provenance_of
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")

# The term sheet's own statements of its count, WAC and WA LTV (line breaks as in the filing).
COUNT = "The total number of mortgage loans as of May 1, 2004 was 1,225."
WAC = (
    "The\nweighted average interest rate on the mortgage loans (before deduction of the\n"
    "servicing fee) as of May 1, 2004 was 5.843%."
)
WA_LTV = "The weighted average loan-to-value ratio at origination of the\nmortgage loans as of May 1, 2004 was 64.5%."
OWN = {COUNT: ("loan_count", 1225), WAC: ("wac", 5.843), WA_LTV: ("wa_ltv", 64.5)}


def _edited(text: str, old: str, new: str, name: str) -> Deal:
    assert text.count(old) == 1, old
    return load_filing(ingest_bytes(text.replace(old, new).encode(), name))


def term_sheet(old: str, new: str) -> Deal:
    return _edited(TERM_SHEET, old, new, "cmsi-2004-3-subset.txt")


def _said(deal: Deal, field: str, pool: str = "all") -> tuple[str, ...]:
    said = provenance_of(deal.pool(pool), field)
    return said.warnings if said else ()


SUBSETS = [
    # (the pool's own statement it is set before, the subset's sentence)
    (COUNT, "The number of mortgage loans in Series 2004-2 was 1,100."),  # was 2,004: the series' number
    (COUNT, "The number of relocation loans is 12."),
    (COUNT, "The number of mortgage loans located in Los Angeles County is 140."),
    (COUNT, "The number of mortgage loans originated in 2003 was 412."),
    (COUNT, "The number of mortgage loans that are cooperative loans is 47."),
    (COUNT, "The total number of mortgage loans other than the relocation loans was 1,180."),
    (WAC, "The weighted average interest rate of the buydown loans was 6.125%."),
    # the whole pool named, and then some of its loans picked out
    (
        WAC,
        "The weighted average interest rate of the mortgage loans which are included in the pool and secured by\n"
        "condominiums was 6.125%.",
    ),
    (COUNT, "The number of mortgage loans which are in the pool, other than the relocation loans, was 1,180."),
    (WAC, "The weighted average interest rate of the interest only mortgage loans was 6.010%."),
    (WAC, "The weighted average interest rate of the REMIC 2003-11 mortgage loans was 5.250%."),
    (
        WAC,
        "The weighted average interest rate of the mortgage loans which have original\nterms of 20 years was 5.125%.",
    ),
    (WA_LTV, "The weighted average loan-to-value ratio of the mortgage loans in California was 68.2%."),
    (
        WA_LTV,
        "The weighted average loan-to-value ratio of the mortgage loans secured by\nmortgaged properties located in Florida was 71.3%.",
    ),
    (
        WA_LTV,
        "The weighted average loan-to-value ratio of the mortgage loans with original\nprincipal balances over $650,000 was 58.9%.",
    ),
]


@pytest.mark.parametrize("own, subset", SUBSETS)
def test_a_subsets_figure_before_the_pools_own_is_not_the_pools(own, subset):
    # Each gave the pool the subset's figure (doubted "stated again as ...; the first statement is kept").
    field, value = OWN[own]
    deal = term_sheet(own, f"{subset} {own}")
    assert getattr(deal.whole_deal, field) == value
    assert _said(deal, field) == ()
    assert deal.verdict.value == "reconciled"


@pytest.mark.parametrize("own, subset", SUBSETS)
def test_a_subsets_figure_alone_leaves_the_pools_not_stated(own, subset):
    # The pool's own sentence gone, the subset's figure is no statement of the pool's: not stated, and not
    # said to be in the filing but not read.
    field, _ = OWN[own]
    deal = term_sheet(own, subset)
    assert getattr(deal.whole_deal, field) is None
    assert field in deal.missing
    assert not any("which was not read" in warning for warning in deal.warnings)


@pytest.mark.parametrize(
    "own",
    [
        "The total number of mortgage loans in the pool as of May 1, 2004 was 1,225.",
        "The total number of the mortgage loans in the mortgage loan pool as a whole was 1,225.",
        "The total number of all of the mortgage loans as of May 1, 2004 was 1,225.",
        # the filing's own series: its pool's loans (and "2004-3" no count)
        "The total number of mortgage loans in Series 2004-3 as of May 1, 2004 was 1,225.",
        "The total number of mortgage loans underlying the Series 2004-3 certificates was 1,225.",
    ],
)
def test_the_pools_own_loans_in_other_words_are_still_the_pools(own):
    deal = term_sheet(COUNT, own)
    assert deal.whole_deal.loan_count == 1225 and _said(deal, "loan_count") == ()
    assert deal.verdict.value == "reconciled"


def test_a_series_number_is_never_a_count():
    # "The number of the mortgage loans of the REMIC 2004-3 trust was 1,225": the count was read as 2,004.
    deal = term_sheet(COUNT, "The number of the mortgage loans of the REMIC 2004-3 trust was 1,225.")
    assert deal.whole_deal.loan_count == 1225 and _said(deal, "loan_count") == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "The mortgage loans, of which 3 are additional collateral loans, numbered 1,225.",
        "The number of mortgage loans, of which 3 are additional collateral loans, was 1,225.",
        "Of the 1,225 mortgage loans, 3 are additional collateral loans.",
        "As of May 1, 2004, of the 1,225 mortgage loans in the pool, 3 are additional collateral loans.",
        "The mortgage loans numbered 1,225.",
    ],
)
def test_a_part_named_before_the_count_leaves_the_count_the_pools(sentence):
    # Each lost the count ("Not stated in this filing: loan count"); the part's 3 is no pool's count.
    deal = term_sheet(COUNT, sentence)
    assert deal.whole_deal.loan_count == 1225 and _said(deal, "loan_count") == ()
    assert deal.verdict.value == "reconciled"


def test_a_part_of_a_pools_loans_named_before_its_count_is_the_pools():
    deal = _edited(
        DETAILED,
        "The total numbers of the pool I mortgage loans, the pool II mortgage loans,\n"
        "the pool III mortgage loans and all mortgage loans as of October 1, 2004 were\n"
        "663, 154, 153 and 970,respectively.",
        "The pool I mortgage loans numbered 663. Of the 154 pool II mortgage loans, 5 are additional collateral loans. "
        "The pool III mortgage loans, of which 12 are buydown loans, numbered 153. All mortgage loans numbered 970.",
        "cmsi-2004-8-subset.txt",
    )
    assert [p.loan_count for p in deal.pools] == [663, 154, 153, 970]
    assert deal.verdict.value == "reconciled"


POOLS_WAC = "The weighted average interest rates of the\npool I mortgage loans"


@pytest.mark.parametrize(
    "subset",
    [
        "The weighted average interest rate of the buydown loans in pool II was 6.125%.",
        "The weighted average interest rate of the pool II buydown loans was 6.125%.",  # was the deal's WAC
        "The weighted average interest rate of the pool II mortgage loans in California was 6.125%.",
        # two pools' loans together: no one pool's
        "The weighted average interest rate of the mortgage loans which are included in pools II and III was 5.600%.",
    ],
)
def test_a_subset_of_a_pools_loans_is_not_the_pools(subset):
    deal = _edited(DETAILED, POOLS_WAC, f"{subset} {POOLS_WAC}", "cmsi-2004-8-subset.txt")
    assert [p.wac for p in deal.pools] == [6.132, 5.486, 5.716, 5.962]
    assert all(_said(deal, "wac", p.name) == () for p in deal.pools)
    assert deal.verdict.value == "reconciled"


def test_a_pools_loans_named_after_them_are_the_pools():
    # "the mortgage loans in pool II" are pool II's, no subset: stated again alike, no doubt.
    own = "The weighted average interest rate of the mortgage loans in pool II was 5.486%."
    deal = _edited(DETAILED, POOLS_WAC, f"{own} {POOLS_WAC}", "cmsi-2004-8-subset.txt")
    assert deal.pool("II").wac == 5.486 and _said(deal, "wac", "II") == ()
    deal = _edited(
        DETAILED,
        POOLS_WAC,
        f"The weighted average interest rate of the mortgage loans in pool II was 5.123%. {POOLS_WAC}",
        "cmsi-2004-8-subset.txt",
    )
    assert "stated again as 5.486" in _said(deal, "wac", "II")[0]  # read as pool II's own, and doubted


ABOVE_80 = (
    "Mortgage loans having an aggregate scheduled\nprincipal balance of $5,368,851 as of May 1, 2004 had loan-to-value "
    "ratios\nat origination in excess of 80%, but no mortgage loans had loan-to-value ratios\nin excess of 95%."
)


@pytest.mark.parametrize(
    "sentence",
    [
        "Mortgage loans having loan-to-value ratios at origination in excess of 80% had an aggregate scheduled "
        "principal balance of $5,368,851 as of May 1, 2004, but no mortgage loans had loan-to-value ratios in "
        "excess of 95%.",
        "The mortgage loans that had loan-to-value ratios at origination in excess of 80% had an aggregate "
        "scheduled principal balance of $5,368,851, but no mortgage loans had loan-to-value ratios in excess of 95%.",
    ],
)
def test_the_loans_above_80_percent_ltv_are_the_pools_figures_own(sentence):
    # The balance above 80% LTV is the pool's figure of just those loans: it and the greatest ratio are read.
    deal = term_sheet(ABOVE_80, sentence)
    assert (deal.whole_deal.balance_above_80_ltv, deal.whole_deal.max_ltv) == (5_368_851, 95)


@pytest.mark.parametrize(
    "old, new, fields, values",
    [
        (
            "None of the mortgage loans has a scheduled maturity later than May 1,\n2034.",
            "No mortgage loans with a scheduled maturity later than May 1, 2034 are included.",
            ("latest_maturity",),
            (date(2034, 5, 1),),
        ),
        (
            "None of the mortgage loans were originated prior to February 1,\n2003 or after May 1, 2004.",
            "No mortgage loans originated prior to February 1, 2003 or after May 1, 2004 are included.",
            ("originated_not_before", "originated_not_after"),
            (date(2003, 2, 1), date(2004, 5, 1)),
        ),
        (
            "Each mortgage loan had an original principal balance of not less than\n$54,500, nor more than $1,000,000.",
            "Mortgage loans with original principal balances of not less than $54,500 nor more\nthan $1,000,000 make "
            "up the mortgage pool.",
            ("original_balance_min", "original_balance_max"),
            (54_500, 1_000_000),
        ),
    ],
)
def test_loans_a_bound_of_the_pool_picks_out_leave_it_the_pools(old, new, fields, values):
    # Loans that no loan of the pool is, or that the pool is made of, picked out by the pool's own bounds.
    deal = term_sheet(old, new)
    assert tuple(getattr(deal.whole_deal, f) for f in fields) == values


def test_loans_a_clause_gives_the_pools_total_are_the_pool():
    # "the mortgage loans that totalled $...": the clause states the loans' own figure, it picks out none of them.
    deal = term_sheet(
        "CMSI is to transfer to the Trustee mortgage loans(1)\nwith an aggregate scheduled principal balance "
        "outstanding (after deducting\nprincipal payments due on or before May 1, 2004) as of May 1, 2004 of\n"
        "$619,800,778.37.",
        "CMSI is to transfer to the Trustee the mortgage loans that totalled\n$619,800,778.37.",
    )
    assert deal.whole_deal.aggregate_balance == 619_800_778.37 and _said(deal, "aggregate_balance") == ()


LATEST_MATURITY = "None of the mortgage loans has a scheduled maturity later than May 1,\n2034."


@pytest.mark.parametrize(
    "subset",
    [
        "None of the buydown loans has a scheduled maturity later than June 1, 2030.",
        "No relocation loans have a scheduled maturity later than June 1, 2030.",
        "None of the Series 2004-2 mortgage loans has a scheduled maturity later than June 1, 2030.",
    ],
)
def test_a_bound_no_loan_of_a_kind_passes_is_not_the_pools(subset):
    # "None of the buydown loans ..." bounds the buydown loans: it gave the pool its latest maturity, plain
    # where the pool's own sentence was gone, and "stated again" beside the pool's where it was not.
    assert term_sheet(LATEST_MATURITY, subset).whole_deal.latest_maturity is None
    beside = term_sheet(LATEST_MATURITY, f"{LATEST_MATURITY} {subset}")
    assert beside.whole_deal.latest_maturity == date(2034, 5, 1)
    assert _said(beside, "latest_maturity") == ()


@pytest.mark.parametrize(
    "sentence, field",
    [
        (
            "The mortgage loans having loan-to-value ratios at origination in excess of 80% had a weighted "
            "average interest rate of 6.125%.",
            "wac",
        ),
        ("The number of mortgage loans with loan-to-value ratios in excess of 80% was 12.", "loan_count"),
        (
            "Mortgage loans with loan-to-value ratios above 80% had a weighted average loan-to-value ratio of 88.4%.",
            "wa_ltv",
        ),
    ],
)
def test_the_loans_above_80_percent_ltv_give_the_pool_no_other_figure(sentence, field):
    # Their balance is the pool's figure of them; their WAC, count or average ratio is theirs alone. Set first,
    # the WAC was the pool's (6.125% printed, the pool's own 5.843% called "stated again").
    own = next(own for own, (name, _) in OWN.items() if name == field)
    deal = term_sheet(own, f"{sentence} {own}")
    assert getattr(deal.whole_deal, field) == OWN[own][1]
    assert _said(deal, field) == ()


# Some of the loans named after their figure, in its own clause or list item: the term sheet's WAM and WA original
# term (line breaks as in the filing), the WA original term stated for some loans only.
WAM = "The weighted average remaining\nterm to stated maturity of the mortgage loans as of May 1, 2004 was 357.95\nmonths."
ORIGINAL_TERM = (
    "The weighted average original term to stated\nmaturity of the mortgage loans as of May 1, 2004 was 359.54 months."
)
AS_A_LIST = (
    "As of May 1, 2004, the mortgage loans had: a weighted average remaining term to stated maturity of 357.95 "
    "months; and a weighted average original term of 360 months for those in California."
)
SUBSET_NAMED_AFTER = {
    "list item": (AS_A_LIST, "and a weighted average original term of 360 months for those in California."),
    "those": (
        "The weighted average original term was 360 months for those located in California.",
        "The weighted average original term was 360 months for those located in California.",
    ),
    "in the case of those": (
        "The weighted average original term was 360 months in the case of those located in California.",
        "The weighted average original term was 360 months in the case of those located in California.",
    ),
    "a kind of property": (
        "The weighted average original term of 360 months among the mortgage loans secured by condominiums.",
        "The weighted average original term of 360 months among the mortgage loans secured by condominiums.",
    ),
}


def _without_wam_and_original_term(new: str) -> str:
    text = TERM_SHEET
    for old in (WAM, ORIGINAL_TERM):
        assert text.count(old) == 1, old
        text = text.replace(old, "")
    return text.replace("None of the mortgage loans were", f"{new} None of the mortgage loans were", 1)


@pytest.mark.parametrize("stated, quoted", SUBSET_NAMED_AFTER.values(), ids=SUBSET_NAMED_AFTER.keys())
def test_a_figure_of_some_loans_named_after_it_is_not_the_pools(stated, quoted):
    # Each gave the pool the Californian (or condominium) loans' 360 months as its WA original term.
    deal = load_filing(ingest_bytes(_without_wam_and_original_term(stated).encode(), "cmsi-2004-3-subset.txt"))
    assert deal.whole_deal.wa_original_term_months is None
    assert "wa_original_term_months" in deal.missing
    (said,) = [w for w in deal.warnings if w.startswith("All loans wa_original_term_months:")]
    assert said.startswith(
        "All loans wa_original_term_months: not stated for the pool's loans; the filing states it only for other "
        f"loans or some of them, in {quoted!r}"
    )
    assert said.endswith("which is no figure of the pool's")
    if stated == AS_A_LIST:  # the item before it is the pool's own
        assert deal.whole_deal.wam_months == 357.95 and _said(deal, "wam_months") == ()


@pytest.mark.parametrize("stated, _", SUBSET_NAMED_AFTER.values(), ids=SUBSET_NAMED_AFTER.keys())
def test_a_figure_of_some_loans_named_after_it_leaves_the_pools_own(stated, _):
    # Set before the pool's own sentence: the pool's 359.54 months, read plainly (was 360, doubted "stated again").
    deal = term_sheet(ORIGINAL_TERM, f"{stated} {ORIGINAL_TERM}")
    assert deal.whole_deal.wa_original_term_months == 359.54
    assert _said(deal, "wa_original_term_months") == ()
    assert deal.verdict.value == "reconciled"


@pytest.mark.parametrize(
    "own",
    [
        "all of the mortgage loans",
        "the mortgage loans in the pool",
        "the Series 2004-3 mortgage loans",  # the filing's own series
    ],
)
def test_the_pools_own_loans_named_after_its_figure_beside_some_loans_stay_the_pools(own):
    # The subset's clause first: the pool's own figure after it, named by its own loans, is read (was 360 months,
    # the Californian loans', and the pool's 359.54 doubted or lost).
    deal = term_sheet(
        ORIGINAL_TERM,
        f"The weighted average original term was 360 months for those located in California, and 359.54 months "
        f"for {own}.",
    )
    assert deal.whole_deal.wa_original_term_months == 359.54
    assert _said(deal, "wa_original_term_months") == ()
    assert deal.verdict.value == "reconciled"


def test_a_pools_figure_named_after_it_beside_its_subsets_stays_the_pools():
    # "for the pool I mortgage loans" is pool I's own (was: two figures for pool I, and neither read).
    deal = _edited(
        DETAILED,
        POOLS_WAC,
        "The weighted average interest rate was 6.410% for the pool I mortgage loans in Florida, and 6.132% for "
        f"the pool I mortgage loans. {POOLS_WAC}",
        "cmsi-2004-8-subset.txt",
    )
    assert [p.wac for p in deal.pools] == [6.132, 5.486, 5.716, 5.962]
    assert all(_said(deal, "wac", p.name) == () for p in deal.pools)
    assert deal.verdict.value == "reconciled"


# The whole pool (or trust) the loans are in, named in a clause after them ("the mortgage loans which are expected to
# be included in the pool"): every one of the pool's loans, never some of them.
WHOLE_POOL_CLAUSES = (
    "which are expected to be included in the pool",
    "which are expected to be included in the mortgage pool",
    "which are expected to be included in the trust",
    "that are in the mortgage loan pool",
    "that will be transferred to the trust",
    "which are to be deposited in the trust on the closing date",
)
WAM_STATED = {
    "after the figure": "The weighted average remaining term to stated maturity was 357.95 months for the mortgage\n"
    "loans {clause}.",
    "before the figure": "The weighted average remaining term to stated maturity of the mortgage loans\n{clause} as "
    "of May 1, 2004 was 357.95 months.",
    "opening the sentence": "For the mortgage loans {clause}, the weighted average remaining\nterm to stated maturity "
    "was 357.95 months.",
}


@pytest.mark.parametrize("clause", WHOLE_POOL_CLAUSES)
@pytest.mark.parametrize("stated", WAM_STATED.values(), ids=WAM_STATED.keys())
def test_the_loans_in_the_whole_pool_named_in_a_clause_are_the_pools(stated, clause):
    # Each lost the pool's WAM as some loans' figure ("not stated for the pool's loans; the filing states it only
    # for other loans or some of them, in ...").
    deal = term_sheet(WAM, stated.format(clause=clause))
    assert deal.whole_deal.wam_months == 357.95 and _said(deal, "wam_months") == ()
    assert not [w for w in deal.warnings if "some of them" in w]
    assert deal.verdict.value == "reconciled"


def _in_pool_ii_section(old: str, new: str) -> Deal:
    """The two-pool term sheet (each pool the 2004-3 pool, under its heading) with ``old`` in pool II's section
    as ``new``."""
    text = layouts.two_pool_term_sheet()
    at = text.index(old, text.index("POOL II MORTGAGE LOANS"))
    return load_filing(ingest_bytes((text[:at] + new + text[at + len(old) :]).encode(), "cmsi-two-pools-subset.txt"))


@pytest.mark.parametrize(
    "loans",
    [
        "the mortgage loans which are expected to be included in Pool II",  # was lost as some loans'
        "the mortgage loans which are expected to be included in the pool",  # was lost
        "the Pool II mortgage loans which are expected to be included in the trust",  # was lost
        "the Pool II mortgage loans",
        "all of the mortgage loans",
    ],
)
def test_the_pools_own_loans_named_after_its_figure_in_its_section_are_the_pools(loans):
    deal = _in_pool_ii_section(
        WAM, f"The weighted average remaining term to stated maturity was 357.95 months for\n{loans}."
    )
    assert (deal.pool("I").wam_months, deal.pool("II").wam_months) == (357.95, 357.95)
    assert _said(deal, "wam_months", "I") == _said(deal, "wam_months", "II") == ()
    assert not [w for w in deal.warnings if "some of them" in w]


# Loans named only as the whole deal's: in pool II's section of a filing of several pools, the writer may mean the
# whole deal or pool II (each read as pool II's, the deal's figure perhaps printed as pool II's).
THE_WHOLE_DEALS_LOANS = {
    "the trust": ("the mortgage loans which are expected to be included in the trust", "loans which are expected to be "
                  "included in the trust"),
    "the mortgage loan pool": ("the mortgage loans in the mortgage loan pool", "loans in the mortgage loan pool"),
    "the mortgage loans as a whole": ("the mortgage loans as a whole", "as a whole"),
    "the mortgage loan pool as a whole": ("the mortgage loan pool as a whole", "the mortgage loan pool as a whole"),
}  # fmt: skip


@pytest.mark.parametrize("loans, words", THE_WHOLE_DEALS_LOANS.values(), ids=THE_WHOLE_DEALS_LOANS.keys())
@pytest.mark.parametrize("stated", WAM_STATED.values(), ids=WAM_STATED.keys())
def test_the_whole_deals_loans_named_in_a_pools_section_are_not_read_for_the_pool_and_said(loans, words, stated):
    text = re.sub(r"the mortgage\s+loans\s+\{clause\}", "{loans}", stated)
    deal = _in_pool_ii_section(WAM, text.format(loans=loans))
    assert (deal.pool("I").wam_months, deal.pool("II").wam_months) == (357.95, None)
    assert _said(deal, "wam_months", "I") == ()
    (said,) = _said(deal, "wam_months", "II")
    first = text.format(loans=loans).replace("\n", " ")[:60]
    assert said == (
        f"a sentence in pool II's section names its loans only as the whole deal's ({words!r}: {first!r}...): the "
        "whole deal's figure or pool II's cannot be told; not read"
    )
    assert said in deal.warnings
    assert "pool II WAM" in missing_in_words(deal)[1]  # in the filing but not read, never "not stated"
    # the whole deal states none of its own: its figure may be this one, and is said in the filing but not read
    (whole,) = _said(deal, "wam_months")
    assert whole.startswith("the filing states it in ") and whole.endswith("which was not read")


def test_the_trusts_loans_in_a_filings_one_pool_section_are_the_pools():
    # One pool, under its heading: the trust's loans are its own, read, nothing said.
    at = TERM_SHEET.index("     On May 27, 2004, CMSI")
    text = TERM_SHEET[:at] + "\n                             POOL I MORTGAGE LOANS\n\n" + TERM_SHEET[at:]
    stated = WAM_STATED["after the figure"].format(clause="which are expected to be included in the trust")
    deal = _edited(text, WAM, stated, "cmsi-one-pool-section.txt")
    assert deal.pool("I").wam_months == 357.95
    assert _said(deal, "wam_months", "I") == _said(deal, "wam_months") == ()
    assert not [w for w in deal.warnings if "whole deal" in w or "wam_months" in w]


DETAILED_WAMS = (
    "The weighted average\nremaining terms to stated maturity of the pool I mortgage loans, the pool II\n"
    "mortgage loans, the pool III mortgage loans and all mortgage loans as of October\n"
    "1, 2004 were 358.20 months, 176.90 months, 358.39 months and 329.60 months,\nrespectively."
)


def test_each_pools_loans_named_in_a_clause_are_that_pools():
    # In the deal's section, "the mortgage loans which are included in pool II" are pool II's, and those "expected
    # to be included in the trust" the deal's (pools I and II lost their WAMs as some loans', and said so).
    deal = _edited(
        DETAILED,
        DETAILED_WAMS,
        "The weighted average remaining term to stated maturity was 358.20 months for the mortgage loans\n"
        "which are included in pool I. The weighted average remaining term to stated maturity was 176.90\n"
        "months for the mortgage loans which are included in pool II.\n"
        "The weighted average remaining term to stated maturity of the mortgage loans in pool III was\n"
        "358.39 months. The weighted average remaining term to stated maturity was 329.60 months for\n"
        "the mortgage loans which are expected to be included in the trust.",
        "cmsi-2004-8-subset.txt",
    )
    assert [p.wam_months for p in deal.pools] == [358.20, 176.90, 358.39, 329.60]
    assert all(_said(deal, "wam_months", p.name) == () for p in deal.pools)
    assert deal.verdict.value == "reconciled"


def test_a_figure_after_a_pools_name_is_no_pools_name():
    # "... in pool I, and 176.90 months ...": "176" was read as a pool's name, a pool 176 made up, and pools I and II
    # lost their WAMs ("one figure for pools I and 176 taken together").
    deal = _edited(
        DETAILED,
        DETAILED_WAMS,
        "The weighted average remaining term to stated maturity was 358.20 months for the mortgage loans\n"
        "in pool I, and 176.90 months for the mortgage loans in pool II. The weighted average remaining term\n"
        "to stated maturity was 358.39 months for the mortgage loans in pool III, and 329.60 months for all\n"
        "of the mortgage loans.",
        "cmsi-2004-8-subset.txt",
    )
    assert [(p.name, p.wam_months) for p in deal.pools] == [
        ("I", 358.20),
        ("II", 176.90),
        ("III", 358.39),
        ("all", 329.60),
    ]
    assert all(_said(deal, "wam_months", p.name) == () for p in deal.pools)
