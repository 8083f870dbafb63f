"""The safety net: a key figure a filing states in words no rule reads is "in the filing but not read", never
"not stated"; the checks that need it could not run, so the verdict never reads "all passed"; and a figure
termsheet computes from it could not be computed. Each filing here is a sample edited into a wording no rule
reads (deliberately odd, so that a rule made later for it does not quietly make the test moot: if one does,
the figure is read and the first assertion says so)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.model.summary import NOT_READ, NOT_STATED
from reporting.pipeline import load_deal, load_filing
from reporting.read.ingest import ingest_bytes

NOT_READ_SAID = "which was not read"


def _edited(path: Path, old: str, new: str) -> Deal:
    return _edited_text(path.read_text(), old, new)


def _edited_text(text: str, old: str, new: str) -> Deal:
    assert text.count(old) == 1, old
    return load_filing(ingest_bytes(text.replace(old, new).encode(), "edited.txt"))


def _not_all_passed(deal: Deal) -> None:
    assert not deal.all_checks_passed and not deal.checks_passed
    assert not deal.verdict_reason.startswith("all ")
    assert deal.not_run_reason and "could not be read" in deal.not_run_reason


def test_a_loan_count_in_words_no_rule_reads_is_not_read_and_its_checks_could_not_run(term_sheet_path: Path):
    deal = _edited(
        term_sheet_path,
        "The total number of mortgage loans as of May 1, 2004 was 1,225.",
        "The pool consisted of one thousand two hundred twenty-five (1,225) mortgage loans as of May 1, 2004.",
    )
    assert deal.whole_deal.loan_count is None  # not read (a rule that reads it makes this test moot)
    summary = summarise(deal)
    assert "Loan count" in summary.metrics_not_read and "Loan count" not in summary.metrics_not_stated
    assert "loan count" in summary.missing_not_read and "loan count" not in summary.missing
    assert f"{NOT_STATED.capitalize()}: loan count" not in summary.missing_said
    # the doubt quotes the sentence, and where it stands
    said = next(w for w in deal.warnings if w.startswith("All loans loan_count:"))
    assert "'The pool consisted of one thousand two hundred twenty-five (1,225)" in said
    assert "(line 68)" in said and said.endswith(NOT_READ_SAID)
    # every table's Total against the pool's count
    assert {n.name for n in deal.not_run} == {"table total equals the pool's loan count"}
    assert all(n.needs == ("pool:all:loan_count",) for n in deal.not_run)
    assert "the loan count could not be read" in deal.not_run_reason
    _not_all_passed(deal)
    # Finding 8: the average loan balance is computed, never stated: it could not be computed
    assert "Average loan balance" not in summary.metrics_not_read
    assert "Average loan balance" not in summary.metrics_not_stated
    assert "Average loan balance" in summary.metrics_not_computed
    assert summary.metric_gaps == (
        f"{NOT_READ.capitalize()}: Loan count.",
        "Could not be computed for want of a figure they are made from: Average loan balance.",
    )


def test_pools_loan_counts_in_words_no_rule_reads_call_for_the_check_that_adds_them_up(detailed_path: Path):
    deal = _edited(
        detailed_path,
        "The total numbers of the pool I mortgage loans, the pool II mortgage loans,\n"
        "the pool III mortgage loans and all mortgage loans as of October 1, 2004 were\n"
        "663, 154, 153 and 970,respectively.",
        "The mortgage loans numbered 663 in pool I, 154 in pool II, 153 in pool III\nand 970 in all, as of October 1, 2004.",
    )
    assert all(p.loan_count is None for p in deal.pools)
    summary = summarise(deal)
    assert summary.missing == ()
    assert summary.missing_not_read == ("pool I loan count", "pool II loan count", "pool III loan count", "loan count")
    assert [n.name for n in deal.not_run] == ["pools add up to the deal loan count"]
    _not_all_passed(deal)


def test_wa_ltvs_in_words_no_rule_reads_stop_the_weighted_check(detailed_path: Path):
    deal = _edited(
        detailed_path,
        "The weighted average loan-to-value ratios\nat origination of the pool I mortgage loans, the pool II mortgage "
        "loans, the\npool III mortgage loans and all mortgage loans as of October 1, 2004 were 67.6%,\n"
        "58.2%, 70.2% and 66.5%, respectively.",
        "The weighted average loan-to-value ratios\nat origination, as of October 1, 2004, stood at 67.6% (pool I), "
        "58.2% (pool II),\n70.2% (pool III) and 66.5% (the mortgage loan pool as a whole).",
    )
    assert all(p.wa_ltv is None for p in deal.pools)
    summary = summarise(deal)
    assert not any("WA LTV" in m for m in summary.missing)  # none called "not stated"
    assert "pool II WA LTV at origination" in summary.missing_not_read
    assert "WA LTV at origination" in summary.metrics_not_read
    assert [n.name for n in deal.not_run] == ["balance-weighted pool WA LTV equals the deal's"]
    _not_all_passed(deal)


def test_rate_group_balances_not_read_stop_the_group_checks(term_sheet_path: Path):
    deal = _edited(
        term_sheet_path,
        "were $611,102,780 and $8,697,998, respectively.",
        "were, taking the premium loans first, $611,102,780 and then $8,697,998.",
    )
    split = deal.whole_deal.premium_discount
    assert split.premium.balance is None and split.discount.balance is None
    summary = summarise(deal)
    assert summary.missing_not_read == ("premium loans balance", "discount loans balance")
    assert summary.missing == ()
    assert {n.name for n in deal.not_run} == {
        "premium + discount balance equals the pool",
        "premium/discount weighted WAC equals the pool's",
        "premium/discount weighted WAM equals the pool's",
    }
    assert "the premium loans' balance and the discount loans' balance could not be read" in deal.not_run_reason
    _not_all_passed(deal)


def test_the_summary_formats_say_not_read_and_show_the_amber_banner(tmp_path: Path, term_sheet_path: Path):
    from html import unescape

    from reporting.cli import main

    text = term_sheet_path.read_text().replace(
        "The total number of mortgage loans as of May 1, 2004 was 1,225.",
        "The pool consisted of one thousand two hundred twenty-five (1,225) mortgage loans as of May 1, 2004.",
    )
    source = tmp_path / "count.txt"
    source.write_text(text)
    assert main(["render", str(source), "--out", str(tmp_path / "out"), "--format", "html,email"]) == 0
    for name in ("*-summary.html", "*-email.html"):
        (written,) = (tmp_path / "out").rglob(name)
        page = " ".join(unescape(written.read_text()).split())
        assert "Not every reconciliation check could run (7 could not run: the loan count could not be read)" in page
        assert "In the filing but not read: Loan count." in page
        assert "Not stated in this filing: Loan count" not in page
        assert "In the filing but not read: Loan count, Average loan balance" not in page
        assert "all 53 reconciliation checks passed" not in page


# --- no false alarms ------------------------------------------------------------------------------


@pytest.mark.parametrize(("sample", "verdict"), [("term_sheet_path", "all 53"), ("detailed_path", "all 23")])
def test_the_samples_get_no_new_doubt(sample: str, verdict: str, request: pytest.FixtureRequest):
    deal = load_deal(request.getfixturevalue(sample))
    assert deal.missing == () and deal.not_run == ()
    assert not any(NOT_READ_SAID in w for w in deal.warnings)
    assert deal.verdict_reason == f"{verdict} reconciliation checks passed"


def test_a_subsets_figure_does_not_make_an_unstated_one_not_read(term_sheet_path: Path):
    # With the pool's WA LTV sentence gone, the filing still gives the WA LTV of the loans for which additional
    # collateral was pledged ("the weighted average loan-to-value ratio of such mortgage loans ... is 80%"): that
    # is a subset's, and the pool's WA LTV is not stated.
    deal = _edited(
        term_sheet_path,
        "The weighted average loan-to-value ratio at origination of the\nmortgage loans as of May 1, 2004 was 64.5%. ",
        "",
    )
    summary = summarise(deal)
    assert "WA LTV at origination" in summary.missing and summary.missing_not_read == ()
    assert not any(NOT_READ_SAID in w for w in deal.warnings)


def test_a_count_after_the_loans_number_of_is_not_read_and_said(term_sheet_path: Path):
    # "the mortgage loans had a total number of 1,225; ..." (a list of the loans' figures): the count was lost in
    # silence, "not stated"; the list's other figures are read.
    deal = _edited(
        term_sheet_path,
        "The total number of mortgage loans as of May 1, 2004 was 1,225. The\nweighted average interest rate on the "
        "mortgage loans (before deduction of the\nservicing fee) as of May 1, 2004 was 5.843%.",
        "As of May 1, 2004, the mortgage loans had a total number of 1,225; a weighted\naverage interest rate of "
        "5.843%.",
    )
    assert (deal.whole_deal.loan_count, deal.whole_deal.wac) == (None, 5.843)
    (said,) = [w for w in deal.warnings if w.startswith("All loans loan_count:")]
    assert "'As of May 1, 2004, the mortgage loans had a total number of 1,225; " in said
    assert said.endswith(NOT_READ_SAID)


_SOME_LOANS = {
    "originated by someone": "the mortgage loans originated by CitiMortgage",
    "in a state": "the mortgage loans in California",
    "of a kind": "the jumbo mortgage loans",
}


def _wac_stated_for(loans: str, term_sheet_path: Path):
    """The term sheet with its WAC stated for ``loans`` instead of the mortgage loans."""
    return _edited(
        term_sheet_path,
        "The\nweighted average interest rate on the mortgage loans (before",
        f"The\nweighted average interest rate on {loans} (before",
    )


@pytest.mark.parametrize("loans", _SOME_LOANS.values(), ids=_SOME_LOANS.keys())
def test_a_figure_of_some_loans_only_is_named_beside_the_pools_not_stated(loans: str, term_sheet_path: Path):
    # The term sheet's WAC stated for some of the loans only (or for CitiMortgage's book): that figure is never
    # the pool's, nor is the pool's "in the filing but not read"; it is not stated, and the warnings name the
    # figure the filing does state (was: not stated, and nothing said of the 5.843% in the filing).
    deal = _wac_stated_for(loans, term_sheet_path)
    assert deal.whole_deal.wac is None
    summary = summarise(deal)
    assert "WAC" in summary.missing and summary.missing_not_read == ()
    assert not any(NOT_READ_SAID in w for w in deal.warnings)
    (said,) = [w for w in deal.warnings if w.startswith("All loans wac:")]
    assert said.startswith(
        "All loans wac: not stated for the pool's loans; the filing states it only for other loans or some of them, "
        "in 'The weighted average interest rate on the "
    )
    assert said.endswith("(lines 68-70), which is no figure of the pool's")


def test_a_rate_groups_figure_does_not_make_the_pools_not_read(term_sheet_path: Path):
    # The WAC sentence gone, the premium and discount loans' WACs ("The weighted average interest rates of the
    # premium loans and the discount loans ... were 5.850% and 5.354%") are theirs, not the pool's.
    deal = _edited(
        term_sheet_path,
        " The\nweighted average interest rate on the mortgage loans (before deduction of the\n"
        "servicing fee) as of May 1, 2004 was 5.843%.",
        "",
    )
    summary = summarise(deal)
    assert "WAC" in summary.missing and summary.missing_not_read == ()
    assert not any(NOT_READ_SAID in w for w in deal.warnings)


@pytest.mark.parametrize("loans", _SOME_LOANS.values(), ids=_SOME_LOANS.keys())
def test_a_figure_of_some_loans_only_is_quoted_through_the_words_naming_them(loans: str, term_sheet_path: Path):
    # The quote stopped at 70 characters: "'The weighted average interest rate on the mortgage loans originated by
    # ...'", without the words saying whose the figure is, nor the figure.
    deal = _wac_stated_for(loans, term_sheet_path)
    (said,) = [w for w in deal.warnings if w.startswith("All loans wac:")]
    assert (
        f"in 'The weighted average interest rate on {loans} (before deduction of the servicing fee) as of May 1, "
        in said
    )
    assert "2004 was 5.843%." in said


_TERM_SHEETS_RATE_GROUPS = {
    "wac": (
        " The\nweighted average interest rate on the mortgage loans (before deduction of the\nservicing fee) as of May 1,"
        " 2004 was 5.843%.",
        "in 'The weighted average interest rates of the premium loans and the discount loans, as of the cut-off date, "
        "were 5.850% and 5.354%",
    ),
    "wam_months": (
        " The weighted average remaining\nterm to stated maturity of the mortgage loans as of May 1, 2004 was 357.95\n"
        "months.",
        "in 'The weighted average remaining terms to stated maturity of the premium loans and the discount loans, as of "
        "the cut-off date, were 357.93 months and 359.36 months",
    ),
}


@pytest.mark.parametrize("field", _TERM_SHEETS_RATE_GROUPS)
def test_a_pools_figure_stated_only_for_its_premium_and_discount_loans_is_named_beside_not_stated(
    field: str, term_sheet_path: Path
):
    # The pool's WAC (or WAM) gone, the filing gives only the premium and discount loans' (5.850% and 5.354%): the
    # pool's is not stated, which it is, and the warnings now quote the groups' figures (was: nothing said).
    own, quoted = _TERM_SHEETS_RATE_GROUPS[field]
    deal = _edited(term_sheet_path, own, "")
    assert getattr(deal.whole_deal, field) is None and field in deal.missing
    assert not any(NOT_READ_SAID in w for w in deal.warnings)
    (said,) = [w for w in deal.warnings if w.startswith(f"All loans {field}:")]
    assert said.startswith(
        f"All loans {field}: not stated for the pool's loans; the filing states it only for other loans or some of "
        f"them, {quoted}"
    )
    assert said.endswith("which is no figure of the pool's")


def test_each_pools_wac_stated_only_for_its_rate_groups_quotes_that_pools_groups(detailed_path: Path):
    deal = _edited(
        detailed_path,
        "The weighted average interest rates of the\npool I mortgage loans, the pool II mortgage loans, the pool III "
        "mortgage loans\nand all mortgage loans (before deduction of the servicing fee) as of October 1,\n2004 were "
        "6.132%, 5.486%, 5.716% and 5.962%, respectively. ",
        "",
    )
    assert [p.wac for p in deal.pools] == [None, None, None, None]
    groups = {"I": "5.544% and 6.182%", "II": "4.875% and 5.496%", "III": "5.282% and 5.744%"}
    for pool, figures in groups.items():
        (said,) = [w for w in deal.warnings if w.startswith(f"Pool {pool} wac:")]
        assert (
            f"'The weighted average interest rates of the pool {pool} discount loans and the pool {pool} premium "
            in said
        )
        assert f"were {figures}" in said
    assert not any(w.startswith("All loans wac:") for w in deal.warnings)  # no group of the whole deal's


# --- the pool's figures in other words: read, or else in the filing but not read -------------------------
#
# Each wording below replaces one of the term sheet's own statements of a key figure, so the figure is stated
# nowhere else. Whichever way a filing words it, the figure is read as the filing states it, or said to be in the
# filing but not read (quoting the sentence): never "not stated", never another value.

_TERM_SHEET_SAYS = {
    "aggregate_balance": "On May 27, 2004, CMSI is to transfer to the Trustee mortgage loans(1)\nwith an aggregate "
    "scheduled principal balance outstanding (after deducting\nprincipal payments due on or before May 1, 2004) as of "
    "May 1, 2004 of\n$619,800,778.37.",
    "loan_count": "The total number of mortgage loans as of May 1, 2004 was 1,225.",
    "wac": " The\nweighted average interest rate on the mortgage loans (before deduction of the\nservicing fee) as of "
    "May 1, 2004 was 5.843%.",
    "wam_months": "The weighted average remaining\nterm to stated maturity of the mortgage loans as of May 1, 2004 was "
    "357.95\nmonths.",
    "wa_original_term_months": "The weighted average original term to stated\nmaturity of the mortgage loans as of "
    "May 1, 2004 was 359.54 months.",
    "wa_ltv": "The weighted average loan-to-value ratio at origination of the\nmortgage loans as of May 1, 2004 was "
    "64.5%.",
}
_BALANCE, _COUNT, _WAC, _WAM = "aggregate_balance", "loan_count", "wac", "wam_months"
_ORIGINAL_TERM, _LTV = "wa_original_term_months", "wa_ltv"
_OTHER_WORDINGS = [
    (_BALANCE, "The mortgage loans, totalling $619,800,778.37, are to be transferred to the Trustee.", 619800778.37),
    (
        _BALANCE,
        "CMSI is to transfer mortgage loans with an aggregate outstanding amount of $619,800,778.37.",
        619800778.37,
    ),
    (_BALANCE, "The mortgage loans total $619,800,778.37 as of May 1, 2004.", 619800778.37),
    (_BALANCE, "The mortgage loans aggregate $619,800,778.37 as of May 1, 2004.", 619800778.37),
    (
        _BALANCE,
        "The mortgage loans, which totalled $619,800,778.37 as of May 1, 2004, are to be transferred.",
        619800778.37,
    ),
    (_BALANCE, "On May 27, 2004, CMSI is to transfer $619,800,778.37 of mortgage loans to the Trustee.", 619800778.37),
    (_BALANCE, "The mortgage loan pool has a principal balance of $619,800,778.37 as of May 1, 2004.", 619800778.37),
    (
        _BALANCE,
        "The outstanding principal amount of the mortgage loans as of May 1, 2004 was $619,800,778.37.",
        619800778.37,
    ),
    (_BALANCE, "The mortgage loans had an unpaid principal balance of approximately $619.8 million in all.", 619800000),
    (_BALANCE, "The cut-off date balance of the mortgage loans was $619,800,778.37.", 619800778.37),
    (_BALANCE, "As of May 1, 2004, the mortgage loans amounted to $619,800,778.37 in the aggregate.", 619800778.37),
    (_BALANCE, "The pool consists of mortgage loans aggregating $619,800,778.37 in principal.", 619800778.37),
    (_BALANCE, "The total scheduled principal balance of the mortgage loans was $619,800,778.37.", 619800778.37),
    (_COUNT, "There were 1,225 mortgage loans as of May 1, 2004.", 1225),
    (_COUNT, "The mortgage loans numbered 1,225 as of May 1, 2004.", 1225),
    (_COUNT, "The mortgage loan pool consists of 1,225 mortgage loans.", 1225),
    (_COUNT, "As of May 1, 2004, the pool comprised 1,225 mortgage loans.", 1225),
    (_COUNT, "The loan count as of May 1, 2004 was 1,225.", 1225),
    (_COUNT, "A total of 1,225 mortgage loans are included in the pool.", 1225),
    (_COUNT, "The pool contains 1,225 loans as of May 1, 2004.", 1225),
    (_COUNT, "The 1,225 mortgage loans are to be transferred to the Trustee.", 1225),
    (_COUNT, "The mortgage loans, 1,225 in all, are to be transferred to the Trustee.", 1225),
    (_COUNT, "The count of mortgage loans as of May 1, 2004 was 1,225.", 1225),
    (_COUNT, "The pool is made up of 1,225 mortgage loans.", 1225),
    (_COUNT, "CMSI is to transfer 1,225 mortgage loans to the Trustee.", 1225),
    (_WAC, " The mortgage loans bear interest at a weighted average of 5.843% per annum.", 5.843),
    (_WAC, " The mortgage loans, carrying a weighted average coupon of 5.843%, are fixed rate loans.", 5.843),
    (_WAC, " The weighted average mortgage rate of the mortgage loans was 5.843%.", 5.843),
    (_WAC, " The mortgage loans bear interest at a weighted average rate of 5.843% per annum.", 5.843),
    (_WAC, " The mortgage loans have interest rates averaging 5.843%.", 5.843),
    (_WAC, " The average interest rate of the mortgage loans, weighted by balance, was 5.843%.", 5.843),
    (_WAC, " The mortgage loans' weighted average gross coupon was 5.843%.", 5.843),
    (_WAC, " The mortgage loans pay interest at a weighted average rate of 5.843%.", 5.843),
    (_WAC, " On a weighted average basis, the mortgage loans bear interest at 5.843%.", 5.843),
    (_WAC, " The weighted average of the interest rates on the mortgage loans was 5.843%.", 5.843),
    (_WAC, " The WA coupon of the mortgage loans was 5.843%.", 5.843),
    (_WAC, " The mortgage loans accrue interest at an average rate of 5.843% per annum.", 5.843),
    (_WAM, "The mortgage loans have a weighted average of 357.95 months remaining to maturity.", 357.95),
    (_WAM, "The mortgage loans have an average of 357.95 months to stated maturity.", 357.95),
    (_WAM, "The weighted average stated remaining term of the mortgage loans was 357.95 months.", 357.95),
    (_WAM, "The weighted average remaining maturity of the mortgage loans was 357.95 months.", 357.95),
    (_WAM, "The weighted average term to maturity of the mortgage loans was 357.95 months.", 357.95),
    (_WAM, "On average, weighted by balance, the mortgage loans had 357.95 months remaining until maturity.", 357.95),
    (_WAM, "The mortgage loans have remaining terms averaging 357.95 months.", 357.95),
    (_WAM, "The weighted average months remaining to maturity of the mortgage loans was 357.95 months.", 357.95),
    (_WAM, "The mortgage loans mature, on a weighted average basis, in 357.95 months.", 357.95),
    (_WAM, "The weighted average time to maturity of the mortgage loans was 357.95 months.", 357.95),
    (_WAM, "The mortgage loans had, on a weighted average basis, 357.95 months left to run.", 357.95),
    (_WAM, "The WA remaining term of the mortgage loans was 357.95 months.", 357.95),
    (_WAM, "The mortgage loans have a weighted average of 29.83 years remaining to maturity.", None),  # in years
    (_ORIGINAL_TERM, "The mortgage loans had a weighted average of 359.54 months to maturity at origination.", 359.54),
    (_ORIGINAL_TERM, "The mortgage loans have original terms to maturity averaging 359.54 months.", 359.54),
    (_ORIGINAL_TERM, "The weighted average stated original term of the mortgage loans was 359.54 months.", 359.54),
    (_ORIGINAL_TERM, "The weighted average term at origination of the mortgage loans was 359.54 months.", 359.54),
    (_ORIGINAL_TERM, "The mortgage loans were originated with a weighted average term of 359.54 months.", 359.54),
    (_ORIGINAL_TERM, "The weighted average original maturity of the mortgage loans was 359.54 months.", 359.54),
    (
        _ORIGINAL_TERM,
        "The average original term of the mortgage loans, weighted by balance, was 359.54 months.",
        359.54,
    ),
    (_ORIGINAL_TERM, "The mortgage loans had original terms of 359.54 months on a weighted average basis.", 359.54),
    (_ORIGINAL_TERM, "The WA original term of the mortgage loans was 359.54 months.", 359.54),
    (_ORIGINAL_TERM, "At origination the mortgage loans had terms averaging 359.54 months.", 359.54),
    (_LTV, "The mortgage loans have loan-to-value ratios averaging 64.5%.", 64.5),
    (_LTV, "The weighted average original loan-to-value ratio of the mortgage loans was 64.5%.", 64.5),
    (_LTV, "The weighted average LTV of the mortgage loans was 64.5%.", 64.5),
    (_LTV, "The mortgage loans had a weighted average loan-to-value ratio at origination of 64.5%.", 64.5),
    (
        _LTV,
        "On a weighted average basis, the loan-to-value ratio of the mortgage loans at origination was 64.5%.",
        64.5,
    ),
    (_LTV, "The average loan-to-value ratio of the mortgage loans, weighted by balance, was 64.5%.", 64.5),
    (
        _LTV,
        "The mortgage loans were made at a weighted average of 64.5% of the value of the mortgaged properties.",
        64.5,
    ),
    (_LTV, "The weighted average of the loan-to-value ratios of the mortgage loans at origination was 64.5%.", 64.5),
    (_LTV, "The weighted average original LTV ratio of the mortgage loans was 64.5%.", 64.5),
    (_LTV, "The mortgage loans' weighted average loan to value ratio was 64.5%.", 64.5),
    (_LTV, "The weighted average loan-to-value of the mortgage loans was 64.5%.", 64.5),
    (_LTV, "The mortgage loans had an average LTV at origination of 64.5%.", 64.5),
]


@pytest.mark.parametrize(("field", "wording", "stated"), _OTHER_WORDINGS)
def test_a_key_figure_in_other_words_is_read_or_said_to_be_in_the_filing(
    term_sheet_path: Path, field: str, wording: str, stated: float | None
):
    deal = _edited(term_sheet_path, _TERM_SHEET_SAYS[field], wording)
    read = getattr(deal.whole_deal, field)
    not_read = [w for w in deal.warnings if NOT_READ_SAID in w]
    if read is not None:
        assert read == pytest.approx(stated, abs=1e-6)  # never another value
        assert not_read == []
        return
    # the sentence quoted, and said of this figure alone
    (said,) = not_read
    assert said.startswith(f"All loans {field}: the filing states it in {wording.strip()[:40]!r}"[:-1])
    summary = summarise(deal)
    assert summary.missing == () and len(summary.missing_not_read) == 1


# Wordings plain enough to read: the pool's own loans, and the measure's own words.
@pytest.mark.parametrize(
    ("field", "wording", "stated"),
    [
        (
            _BALANCE,
            "The mortgage loans, totalling $619,800,778.37, are to be transferred to the Trustee.",
            619800778.37,
        ),
        (_BALANCE, "The mortgage loans, which total $619,800,778.37, are to be transferred.", 619800778.37),
        (_WAC, " The mortgage loans bear interest at a weighted average of 5.843% per annum.", 5.843),
        (_WAC, " The mortgage loans pay interest at a weighted average rate of 5.843%.", 5.843),
        (_WAM, "The mortgage loans have a weighted average of 357.95 months remaining to maturity.", 357.95),
        (_WAM, "The mortgage loans have a weighted average of 357.95 months left to maturity.", 357.95),
    ],
)
def test_the_pools_figure_in_plain_other_words_is_read(term_sheet_path: Path, field: str, wording: str, stated: float):
    deal = _edited(term_sheet_path, _TERM_SHEET_SAYS[field], wording)
    assert getattr(deal.whole_deal, field) == pytest.approx(stated, abs=1e-6)
    assert deal.missing == () and deal.verdict_reason == "all 53 reconciliation checks passed"


@pytest.mark.parametrize(
    "wording",
    [
        "The cooperative loans, totalling $3,000,000, are secured by shares.",
        "12 mortgage loans, totalling $3,000,000, are cooperative loans.",
    ],
)
def test_a_part_of_the_loans_said_to_total_a_figure_is_not_the_pools_balance(term_sheet_path: Path, wording: str):
    deal = _edited(term_sheet_path, _TERM_SHEET_SAYS[_BALANCE], wording)
    assert deal.whole_deal.aggregate_balance is None


def test_each_pools_figure_in_other_words_is_read_or_said_to_be_in_the_filing(detailed_path: Path):
    text = _without(detailed_path.read_text(), "The weighted average\nremaining terms", "329.60 months,\nrespectively.")
    deal = _edited_text(
        text,
        "The weighted average interest rates of the\npool I",
        "The pool I mortgage loans, the pool II mortgage loans, the pool III mortgage loans\nand all mortgage loans have "
        "a weighted average of 358.20, 176.90, 358.39 and 329.60\nmonths remaining to maturity, respectively. The weighted average interest rates of the\npool I",
    )
    summary = summarise(deal)
    assert summary.missing == ()
    assert summary.missing_not_read == ("pool I WAM", "pool II WAM", "pool III WAM", "WAM")


# --- and no false alarm: a figure the filing does not state is not stated --------------------------------


def _without(text: str, start: str, end: str) -> str:
    """``text`` without its sentence from ``start`` to ``end``."""
    at = text.index(start)
    return text[:at] + text[text.index(end, at) + len(end) :]


@pytest.mark.parametrize("field", list(_TERM_SHEET_SAYS))
def test_a_figure_the_term_sheet_does_not_state_is_not_stated(term_sheet_path: Path, field: str):
    # every other sentence stays: none of them states this figure, whatever its words near its figures
    kept = "On May 27, 2004, CMSI is to transfer to the Trustee mortgage loans(1)." if field == _BALANCE else ""
    deal = _edited(term_sheet_path, _TERM_SHEET_SAYS[field], kept)
    assert getattr(deal.whole_deal, field) is None
    summary = summarise(deal)
    assert len(summary.missing) == 1 and summary.missing_not_read == ()
    assert not any(NOT_READ_SAID in w for w in deal.warnings)


@pytest.mark.parametrize(
    ("field", "start", "end"),
    [
        (_BALANCE, 'Citicorp Mortgage Securities, Inc. ("CMSI")\ntransferred', "$493,641,377.57."),
        (_COUNT, "The total numbers of the pool I", "970,respectively."),
        (_WAC, "The weighted average interest rates of the\npool I", "5.962%, respectively."),
        (_WAM, "The weighted average\nremaining terms", "329.60 months,\nrespectively."),
        (_ORIGINAL_TERM, "The\nweighted average original terms", "331.31 months, respectively."),
        (_LTV, "The weighted average loan-to-value ratios\nat origination", "66.5%, respectively."),
    ],
)
def test_a_figure_the_detailed_description_does_not_state_is_not_stated(
    detailed_path: Path, field: str, start: str, end: str
):
    deal = load_filing(ingest_bytes(_without(detailed_path.read_text(), start, end).encode(), "edited.txt"))
    assert getattr(deal.whole_deal, field) is None  # (each pool's balance is stated apart)
    assert summarise(deal).missing_not_read == ()
    assert not any(NOT_READ_SAID in w for w in deal.warnings)


# Another measure of the figure's kind, with words near it like the figure's own: not the figure.
@pytest.mark.parametrize(
    ("field", "other_measure"),
    [
        (_BALANCE, "The average principal balance of the mortgage loans was $505,960."),
        (_BALANCE, "The largest mortgage loan has a principal balance of $1,000,000."),
        (_BALANCE, "The aggregate original principal balance of the mortgage loans was $650,000,000."),
        (_BALANCE, "The class A certificates have an aggregate principal balance of $600,000,000."),
        (_WAC, " 100% of the mortgage loans bear interest at fixed rates."),
        (_WAC, " The weighted average pass-through rate of the certificates is 5.5%."),
        (_WAC, " The weighted average net mortgage rate of the mortgage loans was 5.593%."),
        (_WAC, " The mortgage loans have interest rates of at least 4.5% and no more than 7.25%."),
        (_WAM, "The mortgage loans have a weighted average interest only period of 120 months."),
        (_WAM, "The weighted average seasoning of the mortgage loans is 2 months."),
        (_LTV, "The weighted average combined loan-to-value ratio of the mortgage loans was 70.1%."),
        (_LTV, "The mortgage loans have a weighted average interest rate of 5.843%."),
        (_LTV, "At least 20% of the mortgage loans have loan-to-value ratios averaging above 80%."),
    ],
)
def test_another_measure_of_the_figures_kind_is_not_the_figure(term_sheet_path: Path, field: str, other_measure: str):
    deal = _edited(term_sheet_path, _TERM_SHEET_SAYS[field], other_measure)
    assert getattr(deal.whole_deal, field) is None
    # A class's balance in words no rule reads is that class's, said not read, never the pool's.
    said = [f"class A initial_balance: the filing states it in {other_measure!r} (line 62), which was not read"]
    assert [w for w in deal.warnings if NOT_READ_SAID in w] == (said if "class A" in other_measure else [])


# --- the key metrics' other figures: in the filing but not read, or not stated ----------------------------

ZIP = "No more than $7,749,519 of the\nmortgage loans are secured by mortgaged properties located in any one zip code."
RESIDENCE = (
    "At least 98%(2) of the mortgage loans are secured by mortgaged properties\n"
    "determined by CitiMortgage, Inc. to be the primary residence of the borrower."
)


@pytest.mark.parametrize(
    ("old", "new", "metric"),
    [
        (ZIP, ZIP.replace("$7,749,519", "7,749,519"), "Largest zip code exposure"),
        (
            RESIDENCE,
            "Mortgaged properties determined by CitiMortgage, Inc. to be the primary\n"
            "residence of the borrower secure 98% or more of the mortgage loans.",
            "Primary residence",
        ),
    ],
)
def test_another_key_figure_in_words_not_read_is_not_called_not_stated(term_sheet_path, old, new, metric):
    # Each was "Not stated in this filing" under the key metrics: its sentence is there, its figure unread.
    summary = summarise(_edited(term_sheet_path, old, new))
    assert metric in summary.metrics_not_read and metric not in summary.metrics_not_stated


@pytest.mark.parametrize(("old", "metric"), [(ZIP, "Largest zip code exposure"), (RESIDENCE, "Primary residence")])
def test_another_key_figure_the_filing_leaves_out_is_not_stated(term_sheet_path, old, metric):
    # The cover's "(Zip Code)" and the footnote on the primary residence's share name no loans' figure.
    deal = _edited(term_sheet_path, old, "")
    summary = summarise(deal)
    assert metric in summary.metrics_not_stated and metric not in summary.metrics_not_read
    assert not any(NOT_READ_SAID in w for w in deal.warnings)


def test_the_filings_own_series_loans_in_words_not_read_are_not_called_not_stated(term_sheet_path: Path):
    # "The Series 2004-3 mortgage loans" in 2004-3's filing are its pool's (as the narrative reads them): the net
    # passed the sentence over as another series' and called the count "not stated".
    deal = _edited(
        term_sheet_path,
        "The total number of mortgage loans as of May 1, 2004 was 1,225.",
        "The Series 2004-3 mortgage loans consisted of one thousand two hundred\ntwenty-five (1,225) loans as of "
        "May 1, 2004.",
    )
    assert deal.whole_deal.loan_count is None
    summary = summarise(deal)
    assert summary.missing_not_read and not summary.missing
    _not_all_passed(deal)


# --- the loans' underwriting in other words: read, or else in the filing but not read -------------------------

_UNDERWRITING = (
    "     At least 94% of the mortgage loans will be mortgage loans originated using\nloan underwriting policies which "
    "require, among other things, proof of income\nand liquid assets and telephone verification of employment, or are "
    "refinanced\nmortgage loans originated using alternative or streamlined underwriting\npolicies. No more than 6% of "
    "the mortgage loans will be mortgage loans\noriginated using a loan underwriting policy which, among other things, "
    "requires\nverification of employment and may require proof of liquid assets, but does not\nrequire verification "
    "of income as stated on the loan application. No more than\n66% of the mortgage loans will be refinanced mortgage "
    "loans originated using\nalternative or streamlined underwriting policies."
)
# Other years' and other packagers' wordings of the documentation mix, each with the words its warning quotes
_OTHER_UNDERWRITING = {
    "guidelines": (
        "All of the mortgage loans were underwritten in accordance with the\nOriginator's underwriting guidelines.",
        ["All of the mortgage loans were underwritten in accordance with the Originator's underwriting"],
    ),
    "programs": (
        "Approximately 94% of the mortgage loans were originated under full\ndocumentation programs and approximately "
        "6% under reduced documentation\nprograms.",
        [
            "Approximately 94% of the mortgage loans were originated under full documentation programs and approximately "
            "6% under reduced documentation"
        ],
    ),
    "full and reduced documentation": (
        "At least 94% of the mortgage loans were underwritten using full\ndocumentation. No more than 6% of the mortgage "
        "loans were underwritten under\na reduced documentation program.",
        [
            "At least 94% of the mortgage loans were underwritten using full documentation.'",
            "No more than 6% of the mortgage loans were underwritten under a reduced documentation",
        ],
    ),
    "no-ratio": (
        "At least 94% of the mortgage loans were underwritten in accordance with the\nOriginator's underwriting "
        "guidelines, which require full documentation. No\nmore than 2% of the mortgage loans are no-ratio loans.",
        ["which require full documentation.", "'No more than 2% of the mortgage loans are no-ratio loans.'"],
    ),
    "documentation loans first": (
        "Full documentation loans represent approximately 94% of the mortgage\nloans, and loans originated under the "
        "Originator's reduced documentation\nprogram represent approximately 6% of the mortgage loans.",
        [
            "Full documentation loans represent approximately 94% of the mortgage loans, and loans originated under the "
            "Originator's reduced documentation"
        ],
    ),
}


@pytest.mark.parametrize("wording", _OTHER_UNDERWRITING, ids=_OTHER_UNDERWRITING.keys())
def test_the_loans_underwriting_in_other_words_is_in_the_filing_but_not_read(wording: str, term_sheet_path: Path):
    # Each was lost in silence: no underwriting share read, and nothing said of the statement. A servicer's
    # portfolio's documentation beside it is no statement of the pool's loans, and nothing is said of it.
    new, quoted = _OTHER_UNDERWRITING[wording]
    portfolio = (
        " Approximately 60% of the mortgage loans in CitiMortgage's servicing\nportfolio were underwritten under "
        "reduced documentation programs."
    )
    deal = _edited(term_sheet_path, _UNDERWRITING, "     " + new + portfolio)
    assert deal.whole_deal.underwriting == ()
    said = [w for w in deal.warnings if w.startswith("underwriting: the filing states the loans' underwriting")]
    assert len(said) == len(quoted)
    for warning, words in zip(said, quoted, strict=True):
        assert words in warning and warning.endswith("which was not read")


# The sample's statements of a share, each going on to another share of the loans: the first share is read under
# its own words' policy, and the other share (which no policy the parser knows names) is said not read, quoted.
_THE_FULL_DOCUMENTATION_SHARE = "policies. No more than 6% of the mortgage loans will be mortgage loans\noriginated"
_SHARES_GOING_ON = {
    "and approximately": (
        "policies, and approximately 6% under reduced documentation programs. No more than 6% of the mortgage\n"
        "loans will be mortgage loans\noriginated",
        "'and approximately 6% under reduced documentation programs'",
    ),
    "the remaining": (
        "policies; the remaining 6% were originated under reduced documentation programs.\nNo more than 6% of the "
        "mortgage loans will be mortgage loans\noriginated",
        "'the remaining 6% were originated under reduced documentation programs'",
    ),
    "the remaining, in a policy's words": (
        "policies; the remaining 6% were originated using a loan underwriting policy which does\nnot require "
        "verification of income. No more than 6% of the mortgage loans will be mortgage loans\noriginated",
        "'the remaining 6% were originated using a loan underwriting policy which does not require verification",
    ),
    "with approximately": (
        "policies, with approximately 6% under reduced documentation programs. No more than 6% of the mortgage\n"
        "loans will be mortgage loans\noriginated",
        "'with approximately 6% under reduced documentation programs'",
    ),
    "of the remainder": (
        "policies. Of the remainder, 4% were originated under reduced documentation\nprograms and 2% under no income "
        "verification programs. No more than 6% of the mortgage loans will be mortgage loans\noriginated",
        "'Of the remainder, 4% were originated under reduced documentation programs and 2% under",
    ),
}


@pytest.mark.parametrize("wording", _SHARES_GOING_ON, ids=_SHARES_GOING_ON.keys())
def test_an_underwriting_share_going_on_to_another_says_the_other_not_read(wording: str, term_sheet_path: Path):
    # Before, the other share was lost in silence (its sentence's lines were the read share's), and "the remaining
    # 6% ... does not require verification of income" gave the 94% share to the no income verification policy.
    new, quoted = _SHARES_GOING_ON[wording]
    deal = _edited(term_sheet_path, _THE_FULL_DOCUMENTATION_SHARE, new)
    shares = [(share.policy, share.bound.value, share.percent) for share in deal.whole_deal.underwriting]
    assert shares == [
        ("Full documentation, or alternative/streamlined refinance", "at_least", 94.0),
        ("No income verification", "no_more_than", 6.0),
        ("Alternative or streamlined refinance", "no_more_than", 66.0),
    ]
    assert "reduced" not in shares[0] and "remain" not in deal.whole_deal.underwriting[0].wording
    said = [w for w in deal.warnings if w.startswith("underwriting: the filing states the loans' underwriting")]
    assert len(said) == 1 and quoted in said[0] and said[0].endswith("which was not read")


def test_a_policys_own_figure_is_no_other_share_of_the_loans(term_sheet_path: Path):
    # "... which, among other things, limits the loan-to-value ratio to 95%, requires ...": the 95% is the policy's
    # ratio, no share of the loans. The statement is read whole, its policy from all its words, and nothing is said.
    deal = _edited(
        term_sheet_path,
        "which, among other things, requires\nverification",
        "which, among other things, limits the loan-to-value ratio to 95%,\nrequires verification",
    )
    shares = [(share.policy, share.bound.value, share.percent) for share in deal.whole_deal.underwriting]
    assert shares[1] == ("No income verification", "no_more_than", 6.0)
    assert not [w for w in deal.warnings if w.startswith("underwriting:")]


def test_each_pools_underwriting_share_going_on_to_the_remaining_shares_says_them_not_read(detailed_path: Path):
    # "At least 53%, 31%, 22% and 45%, respectively, ... telephone verification of employment; the remaining 47%, 69%,
    # 78% and 55%, respectively, were originated under reduced documentation programs": each pool's full
    # documentation share is read, and the remaining shares (lost in silence before) are said not read.
    deal = _edited(
        detailed_path,
        "verification of employment. No more than 30%, 50%, none and 28%, respectively,",
        "verification of employment; the remaining 47%, 69%, 78% and 55%, respectively, were originated\nunder reduced "
        "documentation programs. No more than 30%, 50%, none and 28%, respectively,",
    )
    first = [(pool.name, pool.underwriting[0].policy, pool.underwriting[0].percent) for pool in deal.pools]
    assert first == [
        ("I", "Full documentation", 53.0),
        ("II", "Full documentation", 31.0),
        ("III", "Full documentation", 22.0),
        ("all", "Full documentation", 45.0),
    ]
    assert all("remaining" not in pool.underwriting[0].wording for pool in deal.pools)
    said = [w for w in deal.warnings if w.startswith("underwriting: the filing states the loans' underwriting")]
    assert (
        len(said) == 1
        and "'the remaining 47%, 69%, 78% and 55%, respectively, were originated under reduced" in said[0]
    )
