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
        assert "all 46 reconciliation checks passed" not in page


# --- no false alarms ------------------------------------------------------------------------------


@pytest.mark.parametrize(("sample", "verdict"), [("term_sheet_path", "all 46"), ("detailed_path", "all 22")])
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
    assert deal.missing == () and deal.verdict_reason == "all 46 reconciliation checks passed"


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
