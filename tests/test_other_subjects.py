"""Sentences about other loans than the pool's: never the pool's figure, nor a statement of its cut-off date.

A filing may describe its servicer's or originator's whole portfolio, their delinquency experience or an
earlier series of the shelf, "as of" a date of their own, in the words it states the pool's figures. Each
filing here is a sample with such a sentence set after the pool's own statements, or before them (where the
portfolio's figure, read first, would be kept and the pool's own doubted): the pool's figures, its cut-off
date and its verdict are the sample's, with no "stated again" nor "different ways" doubt; the safety net
does not take a portfolio's figure for a pool figure "in the filing but not read". The pool's own sentences
in like words ("The mortgage loans were originated by ...", loans transferred "from its portfolio") are
still the pool's.
"""

from __future__ import annotations

from datetime import date

import pytest

from reporting.model.deal import Deal, provenance_of
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")
# Where the term sheet's pool sentences end, and where they begin (line breaks as in the filing).
AFTER = "determined by CitiMortgage, Inc. to be the primary residence of the borrower."
BEFORE = "     On May 27, 2004, CMSI is to transfer to the Trustee"
FIGURES = ("aggregate_balance", "loan_count", "wac", "wam_months", "wa_original_term_months", "wa_ltv")

OTHER_SUBJECTS = {
    "portfolio and its delinquency experience": (
        "As of December 31, 2003, CitiMortgage, Inc. serviced a portfolio of\napproximately 1,100,000 mortgage "
        "loans with an aggregate principal balance of\n$140.2 billion. The delinquency experience as of March 31, "
        "2004 is shown below."
    ),
    "the loans of a servicing portfolio, counted": (
        "The total number of mortgage loans in CitiMortgage's servicing portfolio as of\nDecember 31, 2003 was "
        "1,100,000."
    ),
    "the loans of a servicing portfolio, their balance and rate": (
        "As of December 31, 2003, the loans in CitiMortgage's servicing portfolio had an\naggregate principal "
        "balance of $140.2 billion and a weighted average interest\nrate of 6.125%."
    ),
    "the loans someone services": (
        "As of December 31, 2003, the mortgage loans serviced by CitiMortgage, Inc.\nnumbered approximately "
        "1,100,000 and had an aggregate principal balance of\n$140,200,000,000 and a weighted average interest "
        "rate of 6.125%."
    ),
    "delinquency experience on a servicing portfolio": (
        "As of March 31, 2004, CitiMortgage's delinquency experience on its servicing\nportfolio was: 30 days "
        "1.2%, 60 days 0.3%."
    ),
    "an earlier series of the shelf": (
        "The Series 2003-5 certificates were issued on June 27, 2003, backed by mortgage\nloans with an aggregate "
        "principal balance as of June 1, 2003 of $500,112,345.00."
    ),
    "one of the loans someone services": (
        "Each mortgage loan serviced by CitiMortgage, Inc. as of December 31, 2003 had\nan interest rate of at "
        "least 4.125%."
    ),
    "a portfolio, then its loans again in a clause of their own": (
        "As of December 31, 2003, CitiMortgage's servicing portfolio consisted of\napproximately 1,100,000 "
        "mortgage loans, and the loans had an aggregate principal\nbalance of $140.2 billion."
    ),
    "a portfolio as of the date of this report": (
        "As of the date of this report, CitiMortgage, Inc. serviced approximately\n1,100,000 mortgage loans with an "
        "aggregate principal balance of approximately\n$140.2 billion."
    ),
}


def _load(text: str, old: str, new: str, name: str = "cmsi-2004-3-other.txt") -> Deal:
    assert text.count(old) == 1, old
    return load_filing(ingest_bytes(text.replace(old, new).encode(), name))


def _after(sentence: str) -> Deal:
    return _load(TERM_SHEET, AFTER, f"{AFTER}\n\n     {sentence}")


def _before(sentence: str) -> Deal:
    return _load(TERM_SHEET, BEFORE, f"     {sentence}\n\n{BEFORE}")


def _doubted(deal: Deal) -> dict[tuple[str, str], tuple[str, ...]]:
    """Each figure's doubts (its amber state): the deal's and each pool's."""
    holders = [("deal", deal), *((pool.name, pool) for pool in deal.pools)]
    return {(name, p.field): p.warnings for name, holder in holders for p in holder.provenance if p.warnings}


def _assert_as_the_sample(deal: Deal, sample: Deal) -> None:
    for pool in sample.pools:
        for field in FIGURES:
            assert getattr(deal.pool(pool.name), field) == getattr(pool, field), (pool.name, field)
    assert deal.cut_off_date == sample.cut_off_date
    said = [w for warnings in _doubted(deal).values() for w in warnings] + list(deal.warnings)
    assert not [w for w in said if "stated again" in w or "different ways" in w]
    assert _doubted(deal).keys() == _doubted(sample).keys()
    assert deal.verdict is sample.verdict and len(deal.checks) == len(sample.checks)
    assert deal.missing == sample.missing


@pytest.mark.parametrize("sentence", OTHER_SUBJECTS.values(), ids=OTHER_SUBJECTS.keys())
def test_a_sentence_about_other_loans_after_the_pools_gives_it_nothing(sentence: str, term_sheet: Deal):
    # Was: the portfolio's $140.2 billion (or 1,100,000 loans, 6.125%) "stated again" beside the pool's own
    # figure, and each "as of" date of the portfolio a statement of the cut-off date "in different ways".
    _assert_as_the_sample(_after(sentence), term_sheet)


@pytest.mark.parametrize("sentence", OTHER_SUBJECTS.values(), ids=OTHER_SUBJECTS.keys())
def test_a_sentence_about_other_loans_before_the_pools_gives_it_nothing(sentence: str, term_sheet: Deal):
    # Was: read first, the portfolio's $140.2 billion (or 1,100,000 loans) was kept as the pool's, the pool's
    # own figure doubted as stated again, and the tables' totals failed against it.
    deal = _before(sentence)
    assert deal.whole_deal.aggregate_balance == pytest.approx(619_800_778.37)
    assert deal.cut_off_date == date(2004, 5, 1)
    _assert_as_the_sample(deal, term_sheet)


def test_a_portfolio_in_a_detailed_description_gives_no_pool_its_figures(detailed: Deal):
    sentence = (
        "     As of September 30, 2004, the mortgage loans serviced by CitiMortgage, Inc. had\nan aggregate "
        "principal balance of $145,600,000,000 and a weighted average interest\nrate of 6.010%.\n\n"
    )
    opening = "     The aggregate initial principal balance of the class A certificates as of"
    _assert_as_the_sample(_load(DETAILED, opening, sentence + opening, "cmsi-2004-8-other.txt"), detailed)


def test_a_portfolios_figure_is_not_the_pools_in_the_filing_but_not_read():
    # Was: with the pool's own average ratio gone, the portfolio's "averaging 71.2%" made the pool's WA LTV
    # "in the filing but not read"; it is not stated, as in the filing without the portfolio's sentence.
    wa_ltv = (
        "The weighted average loan-to-value ratio at origination of the\nmortgage loans as of May 1, 2004 was 64.5%. "
    )
    without = TERM_SHEET.replace(wa_ltv, "")
    portfolio = (
        "As of December 31, 2003, the loans in CitiMortgage's servicing portfolio had\n"
        "loan-to-value ratios at origination averaging 71.2%."
    )
    alone = _load(TERM_SHEET, wa_ltv, "")
    deal = _load(without, AFTER, f"{AFTER}\n\n     {portfolio}")
    assert deal.whole_deal.wa_ltv is None and provenance_of(deal.whole_deal, "wa_ltv") == provenance_of(
        alone.whole_deal, "wa_ltv"
    )
    assert deal.missing == alone.missing and deal.verdict is alone.verdict


# The term sheet's own sentence of the pool's WAC, in the words of the filing (line breaks too).
POOLS_WAC = "servicing fee) as of May 1, 2004 was 5.843%."
OTHER_LOANS_CLAUSES = {
    "while ... in a servicing portfolio": (
        ", while the weighted\naverage interest rate on the mortgage loans in CitiMortgage's servicing portfolio\n"
        "was 6.412%."
    ),
    "and ... serviced by": (
        ", and the weighted average\ninterest rate of the mortgage loans serviced by CitiMortgage as of\n"
        "December 31, 2003 was 6.412%."
    ),
    "a semicolon ... of another series": (
        "; the weighted average\ninterest rate of the mortgage loans in Series 2003-5 was 6.412%."
    ),
}


@pytest.mark.parametrize("clause", OTHER_LOANS_CLAUSES.values(), ids=OTHER_LOANS_CLAUSES.keys())
def test_a_clause_about_other_loans_after_the_pools_own_gives_it_nothing(clause: str, term_sheet: Deal):
    # Was: the sentence gave the pool two WACs (5.843% and 6.412%), and neither was read; "as of December 31,
    # 2003" in the clause made the cut-off date "stated in different ways".
    deal = _load(TERM_SHEET, POOLS_WAC, POOLS_WAC[:-1] + clause)
    assert deal.whole_deal.wac == pytest.approx(5.843)
    _assert_as_the_sample(deal, term_sheet)


def test_the_pools_clause_after_a_clause_about_other_loans_is_not_read_but_said(term_sheet: Deal):
    # Whose loans "the mortgage loans" after a portfolio's clause are cannot be told: the pool's WAC is not
    # read from it, and is "in the filing but not read", never "not stated" (was: not stated).
    opening = "The\nweighted average interest rate on the mortgage loans (before"
    portfolio = (
        "The\nweighted average interest rate on the mortgage loans in CitiMortgage's servicing\nportfolio was "
        "6.412%, while the weighted average interest rate on the mortgage loans (before"
    )
    deal = _load(TERM_SHEET, opening, portfolio)
    assert deal.whole_deal.wac is None
    assert "wac" in deal.missing
    assert any("which was not read" in w for w in provenance_of(deal.whole_deal, "wac").warnings)
    assert deal.whole_deal.aggregate_balance == term_sheet.whole_deal.aggregate_balance
    assert deal.cut_off_date == term_sheet.cut_off_date


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (AFTER, f"{AFTER} The mortgage loans were originated by CitiMortgage, Inc."),
        (
            "CMSI is to transfer to the Trustee mortgage loans(1)",
            "CMSI is to transfer to the Trustee, from its\nportfolio, mortgage loans(1)",
        ),
        (
            "CMSI is to transfer to the Trustee mortgage loans(1)",
            "CMSI is to transfer to the Trustee for Series\n2004-3 mortgage loans(1)",
        ),
    ],
    ids=["originated by, said of the pool's loans", "from its portfolio", "the filing's own series"],
)
def test_the_pools_own_sentences_in_like_words_are_still_read(old: str, new: str, term_sheet: Deal):
    # A guard: the pool's own loans, said to be originated by someone or taken from a portfolio, are the pool's.
    _assert_as_the_sample(_load(TERM_SHEET, old, new), term_sheet)


# The term sheet's WAC sentence opening on a servicer's portfolio, then naming the pool's own loans in a clause of
# their own (line breaks as the filing's).
PORTFOLIO_FIRST = (
    "The weighted\naverage interest rate of the mortgage loans serviced by CitiMortgage in its portfolio\nwas 6.412%, "
)
POOLS_OWN_CLAUSES = {
    "and ... in the pool": "and the weighted average interest rate on the mortgage loans in the pool (before",
    "while ... in the mortgage pool": "while the weighted average interest rate on the mortgage loans in the\n"
    "mortgage pool (before",
    "and ... all of the mortgage loans": "and the weighted average interest rate on all of the mortgage loans (before",
}


@pytest.mark.parametrize("clause", POOLS_OWN_CLAUSES.values(), ids=POOLS_OWN_CLAUSES.keys())
def test_the_pools_own_clause_after_a_clause_about_other_loans_is_read(clause: str, term_sheet: Deal):
    # Was: the pool's WAC "in the filing but not read", quoting the sentence before ("The total number of mortgage
    # loans ... was 1,225."); or, "all of the mortgage loans" named after the portfolio's, neither figure read.
    opening = "The\nweighted average interest rate on the mortgage loans (before"
    deal = _load(TERM_SHEET, opening, PORTFOLIO_FIRST + clause)
    assert deal.whole_deal.wac == pytest.approx(5.843)
    assert provenance_of(deal.whole_deal, "wac").source_lines[0] == 70  # the clause's lines, not the portfolio's
    _assert_as_the_sample(deal, term_sheet)


def test_the_pools_own_share_after_a_portfolios_is_read(term_sheet: Deal):
    # Was: the pool's "at least 94%" underwriting share lost, unsaid; the portfolio's 90% is never the pool's.
    opening = "     At least 94% of the mortgage loans will be mortgage loans originated using"
    portfolio = (
        "     At least 90% of the mortgage loans serviced by CitiMortgage in its portfolio\nwere originated using "
        "streamlined underwriting policies, and at least 94% of the\nmortgage loans in the pool will be mortgage "
        "loans originated using"
    )
    deal = _load(TERM_SHEET, opening, portfolio)
    shares = [(share.bound, share.percent) for share in deal.whole_deal.underwriting]
    assert shares == [(share.bound, share.percent) for share in term_sheet.whole_deal.underwriting]
    assert deal.whole_deal.underwriting[0].source_lines[0] == 103  # its clause's line, after the portfolio's
    _assert_as_the_sample(deal, term_sheet)


def test_an_unsure_clause_after_a_portfolios_is_quoted_from_its_own_words(term_sheet: Deal):
    # Whose loans "the mortgage loans" after a portfolio's clause are cannot be told: not read, and the safety
    # net quotes that clause, on its own lines (was: the sentence before it, "The total number of mortgage loans
    # as of May 1, 2004 was 1,225. ...", lines 68-71).
    opening = "The\nweighted average interest rate on the mortgage loans (before"
    deal = _load(
        TERM_SHEET, opening, PORTFOLIO_FIRST + "and the weighted average interest rate on the mortgage loans (before"
    )
    said = provenance_of(deal.whole_deal, "wac")
    assert deal.whole_deal.wac is None and said.source_lines == (70, 71)
    assert said.warnings == (
        "the filing states it in 'the weighted average interest rate on the mortgage loans (before ...' (lines "
        "70-71), which was not read",
    )
    assert deal.missing == ("wac",)
    assert any(
        w.startswith("a clause after one about other loans than the pool's ('the weighted") for w in deal.warnings
    )
