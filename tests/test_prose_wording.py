"""Facts written another way in the prose: several in one sentence, dates in other forms, amounts in millions.

Each filing is 2004-3 with one passage reworded as another typist or year might write
it, the facts unchanged. The parser must read the same facts as from the sample, or
leave a fact out and say why; never give one fact another's value.
"""

from __future__ import annotations

import dataclasses
import html
import re
import textwrap
from datetime import date

import pytest
from facts import deal_facts
from sample_deals import read_sample

from reporting.derive.metrics import missing_in_words
from reporting.derive.summary import summarise
from reporting.model.deal import Deal, provenance_of
from reporting.pipeline import load_filing
from reporting.present.email import plain_text
from reporting.present.long_table import deal_long_table
from reporting.present.summary_page import render_html
from reporting.read.ingest import ingest_bytes
from reporting.read.narrative import split_sentences
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")

# The sample's sentences, as it writes them (line breaks as in the filing).
WAC_AND_WAM = """\
weighted average interest rate on the mortgage loans (before deduction of the
servicing fee) as of May 1, 2004 was 5.843%. The weighted average remaining
term to stated maturity of the mortgage loans as of May 1, 2004 was 357.95
months."""
ORIGINAL_TERM = """\
2003 or after May 1, 2004. The weighted average original term to stated
maturity of the mortgage loans as of May 1, 2004 was 359.54 months."""
LTV = """\
The weighted average loan-to-value ratio at origination of the
mortgage loans as of May 1, 2004 was 64.5%."""


def reworded(*changes: tuple[str, str]) -> Deal:
    text = TERM_SHEET
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-reworded.txt"))


def facts(deal: Deal) -> dict[str, object]:
    """Every fact of every pool, the deal's dates, and the verdict: what a reader would compare
    (not where each was read: the reworded lines move the filing's line numbers)."""
    pools = {pool.name: _without_places(dataclasses.asdict(pool)) for pool in deal.pools}
    return {"pools": pools, "dates": (deal.date_of_report, deal.cut_off_date), "verdict": deal.verdict}


def _without_places(value: object) -> object:
    """A pool's facts without where the filing states them: their lines, and the lines a doubt carried into a figure
    derived from the pools names ("stated again as 12 (lines 108-109)")."""
    if isinstance(value, dict):
        return {
            k: [re.sub(r"lines? [\d-]+", "", w) for w in v] if k == "warnings" else _without_places(v)
            for k, v in value.items()
            if k not in ("provenance", "source_lines")
        }
    if isinstance(value, list | tuple):
        return [_without_places(v) for v in value]
    return value


def only_the_rate_groups_said(deal: Deal, *said: tuple[str, str]) -> None:
    """The deal's warnings are, for each (pool's figure, its groups' figures), the one saying the pool's figure is
    stated only for its premium and discount loans, quoting theirs ("were 5.850% and 5.354%"): nothing else."""
    assert len(deal.warnings) == len(said), deal.warnings
    for warning, (named, figures) in zip(deal.warnings, said, strict=True):
        assert warning.startswith(
            f"{named}: not stated for the pool's loans; the filing states it only for other loans or some of them, in "
            "'The weighted average "
        )
        assert f"loans, as of the cut-off date, were {figures}" in warning
        assert warning.endswith("which is no figure of the pool's")


@pytest.fixture(scope="module")
def sample() -> dict[str, object]:
    return facts(reworded())


def test_three_facts_listed_first_and_their_values_after_them_respectively(sample):
    deal = reworded(
        (
            WAC_AND_WAM,
            "weighted average interest rate (before deduction of the servicing fee), the\n"
            "weighted average remaining term to stated maturity and the weighted average\n"
            "loan-to-value ratio at origination of the mortgage loans as of May 1, 2004\n"
            "were 5.843%, 357.95 months and 64.5%, respectively.",
        ),
        (LTV, ""),
    )
    pool = deal.whole_deal
    assert (pool.wac, pool.wam_months, pool.wa_ltv) == (5.843, 357.95, 64.5)
    assert facts(deal) == sample


def test_two_facts_of_one_kind_each_with_its_own_value(sample):
    deal = reworded(
        (
            WAC_AND_WAM,
            "weighted average interest rate on the mortgage loans (before deduction of the\n"
            "servicing fee) as of May 1, 2004 was 5.843%. As of May 1, 2004, the mortgage\n"
            "loans had a weighted average remaining term to stated maturity of 357.95 months\n"
            "and a weighted average original term to stated maturity of 359.54 months.",
        ),
        (ORIGINAL_TERM, "2003 or after May 1, 2004."),
    )
    assert (deal.whole_deal.wam_months, deal.whole_deal.wa_original_term_months) == (357.95, 359.54)
    assert facts(deal) == sample


def test_two_facts_and_one_value_give_neither_and_say_why():
    deal = reworded(
        (
            WAC_AND_WAM,
            "weighted average interest rate and the weighted average loan-to-value ratio of\n"
            "the mortgage loans as of May 1, 2004 were 5.843%. The weighted average remaining\n"
            "term to stated maturity of the mortgage loans as of May 1, 2004 was 357.95\n"
            "months.",
        ),
        (LTV, ""),
    )
    pool = deal.whole_deal
    assert (pool.wac, pool.wa_ltv, pool.wam_months) == (None, None, 357.95)
    said = "one sentence states them all, and its values cannot be told apart; not read"
    assert any(w.startswith("wac, wa_ltv: ") and said in w for w in deal.warnings)
    for name in ("wac", "wa_ltv"):
        assert said in provenance_of(pool, name).warnings[0]  # beside the figure, in every report


@pytest.mark.parametrize(
    "written, cut_off, reported",
    [
        ("5/1/2004", date(2004, 5, 1), "05/07/2004"),
        ("1 May 2004", date(2004, 5, 1), "7 May 2004"),
        ("May 1st, 2004", date(2004, 5, 1), "May 7th, 2004"),
        ("2004-05-01", date(2004, 5, 1), "2004-05-07"),
        # A month alone is its first day: "as of May 2004 was 1,225" counted 2004 loans.
        ("May 2004", date(2004, 5, 1), "May 7, 2004"),
        ("05/2004", date(2004, 5, 1), "05/07/2004"),
        # An outside probe's forms: "the 1st day of May, 2004" and "01-MAY-2004" counted 1 loan,
        # "2004/05/01" and "May first, 2004" 2004 loans; "5.1.2004" lost the dates.
        ("the 1st day of May, 2004", date(2004, 5, 1), "the 7th day of May, 2004"),
        ("the first day of May, 2004", date(2004, 5, 1), "the seventh day of May, 2004"),
        ("May first, 2004", date(2004, 5, 1), "May seventh, 2004"),
        ("01-MAY-2004", date(2004, 5, 1), "07-MAY-2004"),
        ("01-May-04", date(2004, 5, 1), "07-May-04"),
        ("5-1-04", date(2004, 5, 1), "5-7-04"),
        ("5.1.2004", date(2004, 5, 1), "5.7.2004"),
        ("2004/05/01", date(2004, 5, 1), "2004/05/07"),
        # A typist's stray stop after a full month's name ended the sentence there: "... balance of
        # $5,368,851 as of May." lost the words saying whose balance it is, and was read as the pool's.
        ("May. 1, 2004", date(2004, 5, 1), "May. 7, 2004"),
    ],
)
def test_dates_written_another_way_are_dates_never_figures(sample, written, cut_off, reported):
    text = TERM_SHEET.replace("as of May 1, 2004", f"as of {written}")
    text = text.replace("Date of Report: May 7, 2004", f"Date of Report: {reported}")
    assert text.count(f"as of {written}") == TERM_SHEET.count("as of May 1, 2004") == 7  # each in the prose
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-dates.txt"))
    assert (deal.date_of_report, deal.cut_off_date) == (date(2004, 5, 7), cut_off)
    assert deal.whole_deal.loan_count == 1225  # not the 5 or the 1 of "5/1/2004"
    assert facts(deal) == sample


def test_an_amount_in_millions_is_the_amount_and_a_rounded_balance_is_flagged(sample):
    deal = reworded(
        ("$619,800,778.37. Information", "$619.8 million. Information"),
        ("No more than $7,749,519 of the", "No more than $7.7 million of the"),
    )
    pool = deal.whole_deal
    assert (pool.aggregate_balance, pool.largest_zip_balance) == (619_800_000, 7_700_000)
    # Each is written to a tenth of a million, and says so beside it in every report; the tables'
    # $619,800,778 is $619.8 million, so they reconcile within that rounding. (The checks used to
    # fail against the rounded figure: the tables, which were right, were marked as not reconciling,
    # and the rounded balance itself was shown as exact.)
    assert provenance_of(pool, "aggregate_balance").warnings == (
        "stated rounded, as $619.8 million, not as an exact figure",
    )
    assert provenance_of(pool, "aggregate_balance").approximate_within == 50_000
    assert provenance_of(pool, "largest_zip_balance").warnings == (
        "stated rounded, as $7.7 million, not as an exact figure",
    )
    assert deal.checks and all(c.passed for c in deal.checks)
    balance_checks = [c for c in deal.checks if c.name == "table total equals the pool's balance"]
    assert len(balance_checks) == 7 and all(c.expected == 619_800_000 for c in balance_checks)
    # Written one digit short of the tables, the rounding no longer covers them: the checks fail.
    cruder = reworded(("$619,800,778.37. Information", "$619.7 million. Information"))
    assert {c.name for c in cruder.checks if not c.passed} == {
        "table total equals the pool's balance",
        "premium + discount balance equals the pool",
    }
    assert facts(reworded())["pools"] == sample["pools"]


@pytest.mark.parametrize(
    "written, balance, within",
    [
        # An outside audit's wordings: each was read as the digits alone ($620, $619,801), or lost.
        ("$619.8 mil.", 619_800_000, 50_000),
        ("$619,801K", 619_801_000, 500),
        ("$619.8 (in millions)", 619_800_000, 50_000),
        ("619.8MM", 619_800_000, 50_000),
        ("$.6198 billion", 619_800_000, 50_000),
        ("$619,801 thousand", 619_801_000, 500),
        # A second review's: each was read as $619.80, or lost. A scale's zeros are digits: "$620 million" is
        # as near as $500,000, not $5 million.
        ("$619.8-million", 619_800_000, 50_000),
        ("$619.8 MN", 619_800_000, 50_000),
        ("$619.8 mln", 619_800_000, 50_000),
        ("$0.6198 bil.", 619_800_000, 50_000),
        ("USD 619.8 million", 619_800_000, 50_000),
        ("$620 million", 620_000_000, 500_000),
    ],
)
def test_an_amount_in_thousands_or_millions_is_read_as_dollars_and_marked_rounded(written, balance, within):
    deal = reworded(("$619,800,778.37. Information", f"{written}. Information"))
    pool = deal.whole_deal
    assert pool.aggregate_balance == pytest.approx(balance)
    assert provenance_of(pool, "aggregate_balance").approximate_within == pytest.approx(within)
    assert provenance_of(pool, "aggregate_balance").warnings == (
        f"stated rounded, as {written}, not as an exact figure",
    )
    assert deal.checks and all(c.passed for c in deal.checks)


def test_an_amount_in_dollars_written_out_is_exact():
    deal = reworded(("$619,800,778.37. Information", "619,800,778.37 dollars. Information"))
    assert deal.whole_deal.aggregate_balance == 619_800_778.37 and not deal.warnings


@pytest.mark.parametrize("written", ["$619.8M", "$0.62B", "$619.8m", "$619.8-m"])
def test_an_amount_whose_scale_could_be_a_thousand_or_a_million_is_not_read(written):
    # "M" is a thousand to some (the Roman numeral) and a million to others: "$619.8M" was read as $619.80.
    deal = reworded(("$619,800,778.37. Information", f"{written}. Information"))
    pool = deal.whole_deal
    assert pool.aggregate_balance is None
    assert provenance_of(pool, "aggregate_balance").warnings == (
        f"the filing writes it as {written!r}, which is not read as a figure",
    )


def test_a_limit_written_in_millions_is_the_limit_it_names():
    # "no more than $1 million" is $1,000,000 exactly: a bound, not a rounding of one.
    deal = reworded(("more than $1,000,000.", "more than $1 million."))
    assert deal.whole_deal.original_balance_max == 1_000_000
    assert not provenance_of(deal.whole_deal, "original_balance_max").warnings


def test_an_amount_in_millions_stated_as_approximate_agrees_to_its_last_digit_and_says_so():
    # "approximately $619.8 million": $619,800,778 is that, to the $100,000 it is written to; the
    # balance is printed as the filing states it, with "approximately" beside it.
    deal = reworded(("$619,800,778.37. Information", "approximately $619.8 million. Information"))
    assert deal.whole_deal.aggregate_balance == 619_800_000
    assert provenance_of(deal.whole_deal, "aggregate_balance").warnings == (
        "stated as approximately $619.8 million, not as an exact figure",
    )
    (check,) = [c for c in deal.checks if c.name == "premium + discount balance equals the pool"]
    # the balance's own $50,000, a dollar for the two groups' balances in whole dollars, and the cent
    assert (check.actual - check.expected, check.passed) == (778, True)
    assert check.tolerance == pytest.approx(50_000 + 2 * 0.5 + 0.005)
    assert deal.verdict.value == "reconciled"


COLLATERAL_ITEMS = (
    "      1.    the number",
    "      2.    such",
    "      3.    the weighted",
    "      4.    the weighted",
)


@pytest.mark.parametrize(
    "markers",
    [
        ("(a)", "(b)", "(c)", "(d)"),
        ("a.", "b.", "c.", "d."),
        ("(1)", "(2)", "(3)", "(4)"),
        ("(i)", "(ii)", "(iii)", "(iv)"),
    ],
)
def test_the_additional_collateral_list_numbered_another_way(sample, markers):
    deal = reworded(
        *(
            (old, old.replace(f"{n}.", marker.ljust(2)))
            for n, (old, marker) in enumerate(zip(COLLATERAL_ITEMS, markers), 1)
        )
    )
    collateral = deal.whole_deal.additional_collateral
    assert (collateral.loan_count, collateral.balance) == (3, 874_708)
    assert (collateral.wa_ltv_with_collateral, collateral.wa_ltv_without_collateral) == (80, 100)
    assert facts(deal) == sample


def test_an_additional_collateral_list_not_numbered_is_not_read_and_said_so():
    deal = reworded(*((old, old.replace(f"{n}.", "- ")) for n, old in enumerate(COLLATERAL_ITEMS, 1)))
    assert deal.whole_deal.additional_collateral is None
    said = "the list after it is not numbered in a way the parser reads; not read"
    assert [w for w in deal.warnings if said in w] == [f"additional collateral (lines 114-116): {said}"]


def test_the_additional_collateral_list_with_abbreviations_in_its_items(sample):
    # "the No. of ...", "the W.A. loan-to-value ratio ...": an item ends at its full stop or "; and",
    # never at an abbreviation's stop inside it (the list was cut there, and nothing of it read).
    deal = reworded(
        ("1.    the number of such", "1.    the No. of such"),
        ("3.    the weighted average", "3.    the W.A."),
        ("4.    the weighted average", "4.    the W.A."),
    )
    collateral = deal.whole_deal.additional_collateral
    assert (collateral.loan_count, collateral.balance) == (3, 874_708)
    assert (collateral.wa_ltv_with_collateral, collateral.wa_ltv_without_collateral) == (80, 100)
    assert facts(deal) == sample


def test_weighted_averages_written_w_a_and_stated_approx_are_read_with_the_doubt_beside_them():
    # "the W.A. mortgage rate ... was approx. 5.843%": "W.A." is "weighted average", and no sentence
    # ends at "approx." before its figure (the WAC and the WAM were lost there).
    deal = reworded(
        (
            WAC_AND_WAM,
            "W.A. mortgage rate of the mortgage loans (before deduction of the\n"
            "servicing fee) as of May 1, 2004 was approx. 5.843%. The W.A. remaining\n"
            "term to stated maturity of the mortgage loans as of May 1, 2004 was approx.\n"
            "357.95 months.",
        )
    )
    pool = deal.whole_deal
    assert (pool.wac, pool.wam_months, pool.loan_count) == (5.843, 357.95, 1225)
    assert provenance_of(pool, "wac").warnings == ("stated as approximately 5.843%, not as an exact figure",)
    assert provenance_of(pool, "wam_months").warnings == (
        "stated as approximately 357.95 months, not as an exact figure",
    )


@pytest.mark.parametrize("short", ["approx.", "U.S.", "etc.", "Jr.", "Avg.", "W.A.", "No."])
def test_an_abbreviation_before_a_word_that_opens_a_sentence_ends_the_sentence(sample, short):
    # "... sold by John approx. The weighted average ...": the sentence ends at the abbreviation, and the
    # next one's WAC is the pool's (it was joined on, lost, and read as the discount loans' instead).
    deal = reworded(("was 1,225. The\n", f"was 1,225. The discount loans were sold by John {short} The\n"))
    pool = deal.whole_deal
    assert (pool.wac, pool.premium_discount.discount.wac) == (5.843, 5.354)
    assert facts(deal) == sample


@pytest.mark.parametrize("short", ["APPROX.", "AVG.", "W.A."])
def test_an_abbreviation_before_a_sentence_opener_in_capitals_ends_the_sentence(sample, short):
    # an outside audit upper-cased the filing: "... SOLD BY JOHN AVG. THE WEIGHTED ..." was joined on, and the
    # discount loans' WAC printed as the pool's 5.843%, plain
    deal = reworded(("was 1,225. The\n", f"was 1,225. THE DISCOUNT LOANS WERE SOLD BY JOHN {short} THE\n"))
    pool = deal.whole_deal
    assert (pool.wac, pool.premium_discount.discount.wac) == (5.843, 5.354)
    assert facts(deal) == sample
    assert split_sentences("THE W.A. MORTGAGE RATE WAS 5.843%.") == ["THE W.A. MORTGAGE RATE WAS 5.843%."]


def test_a_name_after_an_abbreviation_goes_on_with_the_sentence():
    # a capitalised name after the stop is no new sentence: only a word that opens one ends it
    for text in ("The W.A. Mortgage Rate was 5.843%.", "Group No. 3 has 5 loans.", "Wtd. Avg. Coupon was 5%."):
        assert split_sentences(text) == [text]
    assert split_sentences("Sold by U.S. Bank approx. As of May 1, 2004 it had 5 loans.") == [
        "Sold by U.S. Bank approx.",
        "As of May 1, 2004 it had 5 loans.",
    ]


# --- from the second outside probe: what the rules above must not misread -------------------------

DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")


def detailed_reworded(old: str, new: str) -> Deal:
    assert DETAILED.count(old) == 1, old
    return load_filing(ingest_bytes(DETAILED.replace(old, new).encode(), "cmsi-2004-8-reworded.txt"))


def test_a_prose_line_starting_all_mortgage_loans_and_ending_in_a_year_is_prose():
    """Rewrapped (at 83 columns, as the second outside probe did), two lines of prose end in "2004",
    the second starting "all mortgage loans": never a table (a row and its "All Loans" line, which
    has nothing but figures after it)."""
    deal = detailed_reworded(
        "     The total numbers of the pool I mortgage loans, the pool II mortgage loans,\n"
        "the pool III mortgage loans and all mortgage loans as of October 1, 2004 were\n"
        "663, 154, 153 and 970,respectively. The weighted average interest rates of the\n"
        "pool I mortgage loans, the pool II mortgage loans, the pool III mortgage loans\n"
        "and all mortgage loans (before deduction of the servicing fee) as of October 1,\n"
        "2004 were 6.132%",
        "          The total numbers of the pool I mortgage loans, the pool II mortgage\n"
        "loans, the pool III mortgage loans and all mortgage loans as of October 1, 2004\n"
        "were 663, 154, 153 and 970,respectively. The weighted average interest rates of the\n"
        "pool I mortgage loans, the pool II mortgage loans, the pool III mortgage loans and\n"
        "all mortgage loans (before deduction of the servicing fee) as of October 1, 2004\n"
        "were 6.132%",
    )
    assert deal.tables == ()
    assert [(p.loan_count, p.wac) for p in deal.pools] == [(663, 6.132), (154, 5.486), (153, 5.716), (970, 5.962)]
    assert facts(deal) == facts(read_sample(DETAILED, "cmsi-2004-8.txt"))


def test_a_date_that_does_not_exist_is_left_out_with_a_note_never_a_crash():
    deal = detailed_reworded(
        "June 1, 2003 and December 1, 2003, respectively", "June 31, 2003 and December 1, 2003, respectively"
    )
    assert deal.pool("II").originated_not_before is None and deal.pool("III").originated_not_before == date(2003, 12, 1)
    said = "the filing writes it as 'June 31, 2003', which is not read as a figure"
    assert said in provenance_of(deal.pool("II"), "originated_not_before").warnings


def test_a_figure_inside_the_facts_words_is_not_one_of_their_values(sample):
    deal = reworded(
        (
            WAC_AND_WAM,
            "weighted average loan-to-value ratio at origination (no mortgage loan exceeding\n"
            "95%) and the weighted average interest rate (before deduction of the servicing\n"
            "fee) of the mortgage loans as of May 1, 2004 were 64.5% and 5.843%, respectively.\n"
            "The weighted average remaining term to stated maturity of the mortgage loans as\n"
            "of May 1, 2004 was 357.95 months.",
        ),
        (LTV, ""),
    )
    assert (deal.whole_deal.wa_ltv, deal.whole_deal.wac) == (64.5, 5.843)  # not the 95% in brackets
    assert facts(deal) == sample


def test_a_figure_in_a_clause_after_the_facts_words_is_not_one_of_their_values(sample):
    deal = reworded(
        (
            WAC_AND_WAM,
            "weighted average interest rate on the mortgage loans (before deduction of the\n"
            "servicing fee) as of May 1, 2004 was 5.843%.",
        ),
        (
            LTV,
            "The weighted average loan-to-value ratio at origination and the weighted average\n"
            "remaining term to stated maturity of the mortgage loans (none of which had a\n"
            "loan-to-value ratio above 95%) as of May 1, 2004 were 64.5% and 357.95 months,\n"
            "respectively.",
        ),
    )
    assert (deal.whole_deal.wa_ltv, deal.whole_deal.wam_months) == (64.5, 357.95)  # the 95% was the WA LTV
    assert facts(deal) == sample


def test_an_amount_written_mm_is_millions():
    deal = reworded(("No more than $7,749,519 of the", "No more than $7.7MM of the"))
    assert deal.whole_deal.largest_zip_balance == 7_700_000


SUBORDINATION = "     The class A subordination level is 2.450067623897%.*"


def _classes(deal: Deal) -> dict[str, tuple]:
    return {c.name: (c.initial_balance, c.subordination_level) for c in deal.classes}


def test_a_sentence_naming_the_junior_classes_gives_the_level_to_class_a_alone():
    deal = detailed_reworded(
        SUBORDINATION,
        "     The class B-1, class B-2, class B-3, class B-4, class B-5 and class B-6\n"
        "certificates are subordinated to the class A certificates; the class A\n"
        "subordination level is 2.450067623897%.*",
    )
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    assert _classes(deal) == _classes(sample) and deal.classes[0].subordination_level == 2.450067623897
    assert deal.classes[-1].name == "B-6" and deal.classes[-1].subordination_level is None  # as in the sample


def test_a_level_stated_for_the_most_junior_class_is_checked_against_zero():
    deal = detailed_reworded(SUBORDINATION, SUBORDINATION + "\n\n     The class B-6 subordination level is 0.25%.*")
    b6 = next(c for c in deal.checks if c.subject == "class B-6")
    assert (b6.name, b6.expected, b6.actual, b6.passed) == (
        "class B-6 subordination equals junior classes over the deal",
        0.25,
        0,
        False,
    )


def test_an_abbreviated_month_is_a_date_and_does_not_end_the_sentence(sample):
    deal = reworded(("originated prior to February 1,", "originated prior to Feb. 1,"))
    assert deal.whole_deal.originated_not_before == date(2003, 2, 1)
    assert deal.whole_deal.originated_not_after == date(2004, 5, 1)  # the same sentence, past "Feb."
    assert facts(deal) == sample


def _detailed_lines(first: int, last: int) -> str:
    """Lines ``first`` to ``last`` (1-based) of the 2004-8 sample, as written."""
    return "\n".join(DETAILED.split("\n")[first - 1 : last]) + "\n"


@pytest.mark.parametrize("word", ["class", "Class"])
def test_class_facts_listed_after_a_colon_each_go_to_their_class(word):
    # "; Class B-1, ..." in capitals, as 1990s filings wrote it, is the list's next item, not a new sentence
    balances = _detailed_lines(234, 254)  # seven sentences, one balance each
    levels = _detailed_lines(255, 266)  # six sentences, one level each
    assert balances.count("The aggregate initial principal balance") == 7 and levels.count("subordination level") == 6
    text = DETAILED.replace(
        balances,
        "     The aggregate initial principal balances of the certificates as of October\n"
        "1, 2004 were: class A, $481,546,830.00; class B-1, $6,170,000.00; class B-2,\n"
        "$2,469,000.00; class B-3, $1,234,000.00; class B-4, $987,000.00; class B-5,\n"
        "$494,000.00; and class B-6, $740,547.57.\n\n",
    ).replace(
        levels,
        "     The subordination levels are: class A, 2.450067623897%; class B-1,\n"
        "1.200172400289%; class B-2, 0.700011734635%; class B-3, 0.450032689913%;\n"
        "class B-4, 0.250089969378%; and class B-5, 0.150017321005%.*\n\n",
    )
    text = re.sub(r"(?<=[:;] )class|(?<=[:;]\n)class", word, text)
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-reworded.txt"))
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    assert _classes(deal) == _classes(sample) and len(deal.classes) == 7
    assert [c.name for c in deal.checks] == [c.name for c in sample.checks] and deal.verdict == sample.verdict


def test_the_most_junior_class_is_only_known_when_every_class_is():
    """B-6's balance unread (its sentence reworded beyond the parser), B-5 is not the most junior:
    its level is not checked against zero (it would be flagged though the filing is right)."""
    b6 = "     The aggregate initial principal balance of the class B-6 certificates as of\nOctober 1, 2004 was $740,547.57."
    deal = detailed_reworded(b6, "     The class B-6 certificates have an initial balance as stated in the prospectus.")
    assert "B-6" not in _classes(deal) or _classes(deal)["B-6"][0] is None
    assert not [c for c in deal.checks if c.subject == "class B-5"]  # B-5's level: nothing below it is known
    assert len([c for c in deal.checks if c.subject.startswith("class ")]) == 5  # A to B-4, each against its juniors


def test_a_fact_only_named_beside_another_takes_nothing_from_it(sample):
    deal = reworded(
        (
            ORIGINAL_TERM,
            ORIGINAL_TERM.replace(
                "was 359.54 months.",
                "was 359.54 months, which\nexceeds the weighted average remaining term by the loans' age.",
            ),
        )
    )
    assert (deal.whole_deal.wa_original_term_months, deal.whole_deal.wam_months) == (359.54, 357.95)
    assert facts(deal) == sample and deal.warnings == ()


def test_a_value_before_the_words_of_the_one_fact_of_its_kind_is_that_facts(sample):
    deal = reworded(("No more than $7,749,519 of the", "No more than $7,749,519 of the total number of"))
    assert deal.whole_deal.largest_zip_balance == 7_749_519 and deal.whole_deal.loan_count == 1225
    assert facts(deal) == sample


def test_class_levels_listed_with_commas_each_go_to_their_class():
    levels = _detailed_lines(255, 266)
    deal = load_filing(
        ingest_bytes(
            DETAILED.replace(
                levels,
                "     The subordination levels are as follows: class A 2.450067623897%, class B-1\n"
                "1.200172400289%, class B-2 0.700011734635%, class B-3 0.450032689913%, class B-4\n"
                "0.250089969378%, class B-5 0.150017321005%.*\n\n",
            ).encode(),
            "cmsi-2004-8-reworded.txt",
        )
    )
    assert _classes(deal) == _classes(read_sample(DETAILED, "cmsi-2004-8.txt"))


def test_values_before_the_words_of_two_facts_of_one_kind_go_to_the_words_after_them():
    """ "... balances of $4,912,083, ... had loan-to-value ratios in excess of 80%, and no more than
    $4,538,332, ... are secured by ... any one zip code": each fact's words come after its values.
    The zip code takes its four; the balance above 80% LTV, three values for the four subjects the
    sentence names, is not read and says so (it once took the zip code's figures)."""
    old = _detailed_lines(114, 121)
    assert old.startswith("loan-to-value ratios at origination in excess of 80%, but no mortgage loans had")
    deal = detailed_reworded(
        old,
        "loan-to-value ratios at origination in excess of 80%, and no more than\n"
        "$4,538,332, $2,178,656, $2,559,173 and $6,659,274, respectively, of the pool I\n"
        "mortgage loans, the pool II mortgage loans, the pool III mortgage loans and all\n"
        "mortgage loans are secured by Mortgaged Properties located in any one zip code.\n"
        "No mortgage loans had loan-to-value ratios in excess of 95%. The weighted average\n"
        "loan-to-value ratios at origination of the pool I mortgage loans, the pool II\n"
        "mortgage loans, the pool III mortgage loans and all mortgage loans as of October\n"
        "1, 2004 were 67.6%, 58.2%, 70.2% and 66.5%, respectively.\n",
    )
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    assert [p.largest_zip_balance for p in deal.pools] == [p.largest_zip_balance for p in sample.pools]
    for pool in deal.pools:
        assert pool.balance_above_80_ltv is None  # never the zip code's figures
        assert "3 values for 4 subjects; not assigned" in provenance_of(pool, "balance_above_80_ltv").warnings[0]
    assert [p.wa_ltv for p in deal.pools] == [67.6, 58.2, 70.2, 66.5]


def test_class_figures_written_value_first_each_go_to_their_class():
    balances = _detailed_lines(234, 254)
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    text = DETAILED.replace(
        balances,
        "     The aggregate initial principal balances as of October 1, 2004 were\n"
        "$481,546,830.00 for class A, $6,170,000.00 for class B-1, $2,469,000.00 for\n"
        "class B-2, $1,234,000.00 for class B-3, $987,000.00 for class B-4, $494,000.00\n"
        "for class B-5 and $740,547.57 for class B-6.\n\n",
    )
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-reworded.txt"))
    assert _classes(deal) == _classes(sample)  # not each class shifted onto the next one's figure


def test_a_percent_in_another_facts_words_is_not_the_wa_ltv(sample):
    deal = reworded(
        (
            "in excess of 95%. The weighted average loan-to-value ratio",
            "in excess of 95%; the weighted average loan-to-value ratio",
        )
    )
    assert deal.whole_deal.wa_ltv == 64.5  # not the 80% of "in excess of 80%" earlier in the sentence
    assert facts(deal) == sample


def test_the_latest_maturity_in_the_origination_sentence_is_the_date_after_its_words(sample):
    deal = reworded(
        (
            "2003 or after May 1, 2004. The weighted average original term to stated",
            "2003 or after May 1, 2004, and none has a scheduled maturity later than May 1,\n2034. The weighted average original term to stated",
        ),
        ("     None of the mortgage loans has a scheduled maturity later than May 1,\n2034. Each", "     Each"),
    )
    pool = deal.whole_deal
    assert (pool.latest_maturity, pool.originated_not_before, pool.originated_not_after) == (
        date(2034, 5, 1),
        date(2003, 2, 1),
        date(2004, 5, 1),
    )
    assert facts(deal) == sample


# --- from the fifth outside probe: a fact's own value where the sentence goes on ------------------------


def test_a_fact_whose_value_is_within_its_words_keeps_it_when_the_sentence_goes_on(sample):
    deal = reworded(
        (
            "to be the primary residence of the borrower.",
            "to be the primary residence of the borrower, and no\nmore than 2% are secured by second homes.",
        )
    )
    assert deal.whole_deal.primary_residence_min_pct == 98  # not the 2% after its words
    assert facts(deal) == sample


def test_a_value_before_a_facts_words_stays_its_when_another_of_its_kind_follows(sample):
    deal = reworded(
        (
            "mortgage loans are secured by mortgaged properties located in any one zip code.",
            "mortgage loans are secured by mortgaged properties located in any one zip code, and no\n"
            "mortgage loan had a scheduled principal balance as of May 1, 2004 of more than $998,402.",
        )
    )
    assert deal.whole_deal.largest_zip_balance == 7_749_519  # not the largest loan's $998,402
    assert facts(deal) == sample


def test_an_origination_window_with_an_oxford_comma_or_a_second_clause():
    oxford = detailed_reworded(
        "June 1, 2003 and December 1, 2003, respectively", "June 1, 2003, and December 1, 2003, respectively"
    )
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    window = [(p.originated_not_before, p.originated_not_after) for p in sample.pools]
    assert [(p.originated_not_before, p.originated_not_after) for p in oxford.pools] == window
    clause = reworded(
        (
            "originated prior to February 1,\n2003 or after May 1, 2004.",
            "originated prior to February 1,\n2003, and none were originated after May 1, 2004.",
        )
    )
    assert (clause.whole_deal.originated_not_before, clause.whole_deal.originated_not_after) == (
        date(2003, 2, 1),
        date(2004, 5, 1),
    )


def test_each_class_in_a_sentence_of_its_own_with_its_figures_after_a_colon():
    balances, levels = _detailed_lines(234, 254), _detailed_lines(255, 266)
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    lines = "".join(
        f"     The class {c.name} certificates: initial principal balance ${c.initial_balance:,.2f}"
        + (f"; subordination level {c.subordination_level!r}%." if c.subordination_level is not None else ".")
        + "\n\n"
        for c in sample.classes
    )
    deal = load_filing(ingest_bytes(DETAILED.replace(balances + levels, lines).encode(), "cmsi-2004-8-reworded.txt"))
    assert _classes(deal) == _classes(sample)


def test_a_bound_beside_a_weighted_average_is_not_its_value(sample):
    deal = reworded(
        (
            ORIGINAL_TERM,
            "2003 or after May 1, 2004. The weighted average original term to stated\n"
            "maturity of the mortgage loans, none of which has an original term of more than\n"
            "360 months, was 359.54 months.",
        )
    )
    assert deal.whole_deal.wa_original_term_months == 359.54  # not the 360 months no loan exceeds
    assert facts(deal) == sample


def test_a_range_after_a_weighted_average_is_not_its_value(sample):
    deal = reworded(
        (
            "fee) as of May 1, 2004 was 5.843%.",
            "fee) as of May 1, 2004 was 5.843%, the note rates\nranging from 5.250% to 7.250%.",
        )
    )
    assert deal.whole_deal.wac == 5.843
    assert facts(deal) == sample


def test_a_weighted_average_given_twice_for_one_pool_is_not_read_and_said_so():
    deal = reworded(
        (
            "weighted average interest rate on the mortgage loans (before deduction of the\n"
            "servicing fee) as of May 1, 2004 was 5.843%.",
            "weighted average interest rate on the mortgage loans with interest rates above\n"
            "6.000% was 6.412%, and on all of the mortgage loans (before deduction of the\n"
            "servicing fee) as of May 1, 2004 was 5.843%.",
        )
    )
    assert deal.whole_deal.wac is None  # was 6.0, the bound; then 6.412, the part's
    said = "one sentence gives it 2 figures (6.412, 5.843), and which is the pool's cannot be told; not read"
    assert said in provenance_of(deal.whole_deal, "wac").warnings


@pytest.mark.parametrize(
    "old, new, field, value",
    [
        (
            "No more than $7,749,519 of the\nmortgage loans are secured by mortgaged properties located in any one zip code.",
            "The most of the mortgage loans secured by mortgaged properties located in any\n"
            "one zip code (a zip code in which the smallest such loan is $412,000) is $7,749,519.",
            "largest_zip_balance",
            7_749_519,
        ),
        (
            "(before deduction of the\nservicing fee)",
            "(before deduction of the\nservicing fee of 0.250%)",
            "wac",
            5.843,
        ),
    ],
    ids=["zip code", "wac"],
)
def test_a_figure_in_brackets_is_an_aside_not_the_facts_value(sample, old, new, field, value):
    deal = reworded((old, new))
    assert getattr(deal.whole_deal, field) == value  # was $412,000; 0.25%
    assert facts(deal) == sample


@pytest.mark.parametrize(
    "written",
    [
        # Both facts in one list, each item a class, its balance and its level.
        "     The initial principal balances and subordination levels of the classes as of\n"
        "October 1, 2004 were: class A, $481,546,830.00, 2.450067623897%; class B-1,\n"
        "$6,170,000.00, 1.200172400289%; class B-2, $2,469,000.00, 0.700011734635%;\n"
        "class B-3, $1,234,000.00, 0.450032689913%; class B-4, $987,000.00,\n"
        "0.250089969378%; class B-5, $494,000.00, 0.150017321005%; class B-6, $740,547.57.\n\n",
        # Balances with a share of the pool in brackets, the classes never called certificates.
        "     The initial principal balances of the classes were: class A, $481,546,830.00\n"
        "(97.55% of the pool); class B-1, $6,170,000.00 (1.25% of the pool); class B-2,\n"
        "$2,469,000.00 (0.50% of the pool); class B-3, $1,234,000.00 (0.25% of the pool);\n"
        "class B-4, $987,000.00 (0.20% of the pool); class B-5, $494,000.00 (0.10% of the\n"
        "pool); class B-6, $740,547.57 (0.15% of the pool).\n\n"
        "     The class A subordination level is 2.450067623897%. The class B-1 subordination\n"
        "level is 1.200172400289%. The class B-2 subordination level is 0.700011734635%.\n"
        "The class B-3 subordination level is 0.450032689913%. The class B-4 subordination\n"
        "level is 0.250089969378%. The class B-5 subordination level is 0.150017321005%.\n\n",
    ],
    ids=["balance and level in each item", "balances with shares in brackets"],
)
@pytest.mark.parametrize("word", ["class", "Class"])
def test_class_balances_and_levels_in_one_list_each_go_to_their_class(written, word):
    text = DETAILED.replace(_detailed_lines(234, 266), written)  # the seven balances and six levels
    text = re.sub(r"(?<=[:;] )class|(?<=[:;]\n)class", word, text)
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-reworded.txt"))
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    assert _classes(deal) == _classes(sample) and len(deal.classes) == 7  # the balances were lost, and B-6
    assert deal.verdict == sample.verdict


def test_a_class_level_after_its_balance_and_share_is_the_level():
    deal = detailed_reworded(
        "     The aggregate initial principal balance of the class A certificates as of\n"
        "October 1, 2004 was $481,546,830.00.",
        "     The class A certificates had an aggregate initial principal balance as of\n"
        "October 1, 2004 of $481,546,830.00, or 97.55% of the mortgage loans, and a\n"
        "subordination level of 2.450067623897%.",
    )
    class_a = next(c for c in deal.classes if c.name == "A")
    assert (class_a.initial_balance, class_a.subordination_level) == (481_546_830, 2.450067623897)  # was 97.55


# --- lists and sentence ends as other typists set them (an outside probe's finds) -------------------


def _pool_facts(deal: Deal) -> dict[str, object]:
    return {pool.name: _without_places(dataclasses.asdict(pool)) for pool in deal.pools}


DETAILED_SAMPLE = read_sample(DETAILED, "cmsi-2004-8.txt")


@pytest.mark.parametrize(
    "old, new",
    [
        # Semicolons between the values: pool I's 67.6% was read for every pool, no check failed.
        ("were 67.6%,\n58.2%, 70.2% and 66.5%, respectively", "were 67.6%;\n58.2%; 70.2%; and 66.5%, respectively"),
        (
            "of $4,912,083, $959,086 and $2,037,940, respectively",
            "of $4,912,083; $959,086; and $2,037,940, respectively",
        ),
        # A footnote's mark after the first value, and no "respectively": 67.6% everywhere.
        ("were 67.6%,\n58.2%, 70.2% and 66.5%, respectively.", "were 67.6%*,\n58.2%, 70.2% and 66.5%."),
        (
            "No more than $4,538,332, $2,178,656,\n$2,559,173 and $6,659,274, respectively, of",
            "No more than $4,538,332(3), $2,178,656,\n$2,559,173 and $6,659,274 of",
        ),
        # A mark after the stop, or a company's name, ending the sentence before "Pool I mortgage loans ...":
        # the balances above 80% LTV were read as the smallest original balances, $50,000, $99,400 and $333,700.
        ("nor more than $1,000,000. Pool I", "nor more than $1,000,000.(3) Pool I"),
        ("nor more than $1,000,000. Pool I", "nor more than $1,000,000, as reported by CitiMortgage, Inc. Pool I"),
        ("nor more than $1,000,000. Pool I", "nor more than $1,000,000, as reported by Citibank, N.A. Pool I"),
        # A sentence ending in a pool's name ("pool I.") is no initial's stop: run on with it, the WAM's
        # sentence was read as one about "such loans" (a subset), and the WAM of every pool was lost.
        (
            "5.962%, respectively. The weighted average\n",
            "5.962%, respectively. None of such loans\nis serviced apart from the loans in pool I. The weighted average\n",
        ),
    ],
    ids=[
        "semicolons",
        "semicolons, balances",
        "a star, no respectively",
        "a mark, no respectively",
        "a mark after the stop",
        "Inc. at the end",
        "N.A. at the end",
        "a pool's name at the end",
    ],
)
def test_a_list_of_values_set_another_way_gives_each_pool_its_own(old, new):
    deal = detailed_reworded(old, new)
    assert _pool_facts(deal) == _pool_facts(DETAILED_SAMPLE)
    assert [c.passed for c in deal.checks] == [c.passed for c in DETAILED_SAMPLE.checks]


def _class_figures(deal: Deal) -> list[tuple]:
    return [(c.name, c.initial_balance, c.subordination_level) for c in deal.classes]


@pytest.mark.parametrize("words", ["aggregate initial principal amount", "aggregate original principal balance"])
def test_class_balances_worded_another_way_are_the_class_balances(words):
    # Every class balance was "not stated", class B-6 was lost, and 7 checks were dropped unsaid.
    text = DETAILED.replace("aggregate initial principal balance of the class", f"{words} of the class")
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-reworded.txt"))
    assert _class_figures(deal) == _class_figures(DETAILED_SAMPLE)
    assert len(deal.checks) == len(DETAILED_SAMPLE.checks)


@pytest.mark.parametrize("unit", ["%", " percent"])
def test_subordination_levels_run_on_in_one_paragraph_each_go_to_their_class(unit):
    # "... is 2.450067623897%.* The class B-1 ...": only class A's level was read.
    levels = re.search(r"     The class A subordination level.*?%\.\*\n(?=\n\n)", DETAILED, re.S).group(0)
    one_paragraph = " ".join(line.strip() for line in levels.split("\n") if line.strip()).replace("%.*", f"{unit}.*")
    deal = load_filing(ingest_bytes(DETAILED.replace(levels, one_paragraph + "\n").encode(), "cmsi-2004-8-levels.txt"))
    assert _class_figures(deal) == _class_figures(DETAILED_SAMPLE)


@pytest.mark.parametrize("words", ["aggregate outstanding principal balance", "aggregate unpaid principal balance"])
def test_the_pools_balance_worded_another_way_is_its_balance(sample, words):
    deal = reworded(("with an aggregate scheduled principal balance outstanding", f"with an {words}"))
    assert facts(deal) == sample


def test_a_date_of_report_after_its_bracketed_words_on_one_line_is_the_date(sample):
    deal = reworded(
        (
            "Date of Report: May 7, 2004",
            "Date of Report (Date of earliest event reported): May 7, 2004",
        )
    )
    assert deal.date_of_report == date(2004, 5, 7)


@pytest.mark.parametrize("rule", ["---------------------------------\n", ""])
def test_a_date_of_report_above_its_label_as_the_sec_cover_lays_it_out_is_the_date(sample, rule):
    deal = reworded(
        (
            "                           Date of Report: May 7, 2004\n"
            "                        ---------------------------------\n"
            "                        (Date of earliest event reported)",
            f"                                 May 7, 2004\n                        {rule}"
            "     Date of Report (Date of earliest event reported)",
        )
    )
    assert deal.date_of_report == date(2004, 5, 7) and "date_of_report" not in deal.missing
    assert facts(deal) == sample


def test_a_cut_off_date_stated_differently_in_one_place_is_doubted_beside_it_in_every_format(sample):
    # "as of June 1, 2004" once against eight statements of May 1 was printed plain as 2004-06-01.
    deal = reworded(("as of May 1, 2004 of\n$619", "as of June 1, 2004 of\n$619"))
    (doubt,) = provenance_of(deal, "cut_off_date").warnings
    assert deal.cut_off_date == date(2004, 5, 1) and "cut_off_date" not in deal.missing
    assert "as June 1, 2004 on line 64 and as May 1, 2004 in 8 places" in doubt
    assert doubt.endswith("May 1, 2004, which most of them give, is kept")
    summary = summarise(deal)
    assert f"doubt: {html.escape(doubt)}" in render_html(summary, {}) and f"doubt: {doubt}" in plain_text(summary)
    (row,) = deal_long_table(deal, summary).query("metric == 'cut_off_date'").flag
    assert row == f"doubt: {doubt}"


def test_a_cut_off_date_no_date_of_which_is_stated_by_most_is_none_and_says_so():
    text = TERM_SHEET
    for line in ("as of May 1, 2004 of\n$619", "loans as of May 1, 2004 was 1,225", "fee) as of May 1, 2004 was"):
        text = text.replace(line, line.replace("May 1", "June 1"))
    text = text.replace("due on or before May 1, 2004", "due on or before June 1, 2004")
    text = text.replace("regarding the mortgage loans as\nof May 1, 2004.", "regarding the mortgage loans.")
    deal = load_filing(ingest_bytes(text.encode(), "cut-off-split.txt"))
    (doubt,) = provenance_of(deal, "cut_off_date").warnings
    assert deal.cut_off_date is None and "cut_off_date" not in deal.missing  # stated, never "not stated"
    assert "as June 1, 2004 in 4 places" in doubt and "as May 1, 2004 in 4 places" in doubt
    assert doubt.endswith("no date is given by most of them: none is kept")


def test_a_stray_stop_after_every_may_leaves_every_figure_as_it_is(sample):
    deal = load_filing(ingest_bytes(TERM_SHEET.replace("May 1, 2004", "May. 1, 2004").encode(), "stray-stop.txt"))
    assert (deal.whole_deal.aggregate_balance, deal.whole_deal.balance_above_80_ltv) == (619_800_778.37, 5_368_851)
    assert facts(deal) == sample


@pytest.mark.parametrize(
    "old, new",
    [
        ("at origination in excess of 80%, but", "at origination greater than 80%, but"),
        ("at origination in excess of 80%, but no mortgage loans had loan-to-value ratios\nin excess of 95%",
         "at origination of more than 80%, but no Mortgage Loan had a Loan-to-Value Ratio\nof more than 95%"),
        ("to be the primary residence of the borrower.", "to be owner-occupied."),
        ("At least 98%(2) of the", "At least ninety-eight percent(2) of the"),
        ("At least 98%(2) of the", "At least ninety-\neight percent(2) of the"),
        ("     At least 94% of the mortgage loans will", "     At least ninety-four percent of the mortgage loans will"),
        ("Premium loans will consist of mortgage loans with net loan rates greater\nthan or equal to 5.250%. Discount loans",
         "Premium Mortgage Loans will consist of mortgage loans with net loan rates greater\nthan or equal to 5.250%. "
         "Discount Mortgage Loans"),
        ("Each mortgage loan had an original principal balance of not less than\n$54,500, nor more than $1,000,000.",
         "The original principal balances of the Mortgage Loans ranged from\n$54,500 to $1,000,000."),
        ("None of the mortgage loans were originated prior to February 1,\n2003 or after May 1, 2004.",
         "All of the Mortgage Loans were originated between February 1,\n2003 and May 1, 2004."),
        ("All mortgage loans have original maturities of at least 20 but no more\nthan 30 years.",
         "All Mortgage Loans have original terms to maturity of not less than 20 years\nnor more than 30 years."),
        ("None of the mortgage loans has a scheduled maturity later than May 1,\n2034.",
         "The latest scheduled maturity of any mortgage loan is May 1,\n2034."),
        ("located in any one zip code.", "located in any one five-digit postal zone."),
        ("in excess of 80%, but no mortgage loans had loan-to-value ratios\nin excess of 95%",
         "in excess of 80 percent, but no mortgage loans had loan-to-value ratios\nin excess of 95 percent"),
        ("rates greater\nthan or equal to 5.250%. Discount loans will consist of mortgage loans with net\nloan rates less than 5.250%.",
         "rates greater\nthan or equal to 5.250 percent. Discount loans will consist of mortgage loans with net\nloan rates less than 5.250 percent."),
        ("$54,500, nor more than $1,000,000. Mortgage loans having",
         "$54,500, nor more than $1,000,000, as reported by CitiMortgage, Inc. Mortgage loans having"),
    ],
    ids=[
        "greater than 80%", "more than 80% and 95%", "owner-occupied", "a share in words", "a share in words over two lines", "a policy's share in words",
        "Premium and Discount Mortgage Loans", "balances ranged from", "originated between", "terms to maturity of not less than",
        "the latest scheduled maturity is", "five-digit postal zone", "80 and 95 percent", "5.250 percent",
        "a sentence ending in Inc.",
    ],
)  # fmt: skip
def test_a_fact_worded_as_other_years_word_it_is_read(sample, old, new):
    # Each was "not stated" in every output, with no word of the sentence the filing holds.
    assert facts(reworded((old, new))) == sample


@pytest.mark.parametrize(
    "old, new",
    [
        ("None of the pool I mortgage loans and the pool III mortgage loans have a",
         "None of the pool I and pool III mortgage loans have a"),
        ("At least 95%(2), 88%, 100% and 95%, respectively, of the pool I mortgage\nloans, the pool II mortgage loans, "
         "the pool III mortgage loans and all mortgage\nloans, are secured",
         "Of the pool I mortgage loans, the pool II mortgage loans, the pool III\nmortgage loans and all mortgage "
         "loans, at least 95%(2), 88%, 100% and 95%,\nrespectively, are secured"),
        ("The total numbers of the pool I mortgage loans, the pool II mortgage loans,\nthe pool III mortgage loans and "
         "all mortgage loans as of",
         "The total numbers of the pool I, pool II and pool III mortgage loans and of\nall mortgage loans as of"),
    ],
    ids=["pool I and pool III mortgage loans", "the pools before their shares", "and of all mortgage loans"],
)  # fmt: skip
def test_pools_named_another_way_each_get_their_fact(old, new):
    assert _pool_facts(detailed_reworded(old, new)) == _pool_facts(DETAILED_SAMPLE)


# --- an outside review's finds in the rules above -----------------------------------------------------


def test_a_balance_range_stated_for_one_pool_is_that_pools():
    old = DETAILED[
        DETAILED.index("Each of the pool I\nmortgage loans") : DETAILED.index("nor more than $1,000,000.") + 25
    ]
    deal = detailed_reworded(
        old, "The original principal balances of the pool II mortgage loans ranged from\n$99,400 to $1,000,000."
    )
    assert (deal.pool("II").original_balance_min, deal.pool("II").original_balance_max) == (99_400, 1_000_000)
    assert deal.pool("I").original_balance_min is None  # was the deal's: $99,400, where pool I's is $50,000


def test_the_latest_maturity_of_any_one_pools_loan_is_that_pools():
    deal = detailed_reworded(
        "None of the pool II mortgage\nloans have a scheduled maturity later than October 1, 2019.",
        "The latest scheduled maturity of any pool II mortgage loan is October 1, 2019.",
    )
    assert deal.pool("II").latest_maturity == date(2019, 10, 1)
    assert [p.latest_maturity for p in deal.pools] == [p.latest_maturity for p in DETAILED_SAMPLE.pools]


def test_a_semicolon_between_two_figures_ends_a_clause_not_a_list():
    wa_ltv = DETAILED[
        DETAILED.index("The weighted average loan-to-value ratios\nat origination") : DETAILED.index(
            "66.5%, respectively."
        )
        + 20
    ]
    deal = detailed_reworded(
        wa_ltv,
        "The weighted average loan-to-value ratio at origination of the pool I mortgage loans and the pool III "
        "mortgage loans as of October 1, 2004 was 68.5%; 12% of the pool III mortgage loans are secured by "
        "cooperative units.",
    )
    # Pool III's was 12%. The 68.5% is the two pools' average taken together, and neither's own.
    assert (deal.pool("I").wa_ltv, deal.pool("III").wa_ltv) == (None, None)
    assert provenance_of(deal.pool("III"), "wa_ltv").warnings == (
        "one figure for pools I and III taken together; not given to each",
    )


def test_non_owner_occupied_properties_are_no_primary_residence_share(sample):
    deal = reworded(("At least 98%(2) of the mortgage loans are secured by mortgaged properties\ndetermined by "
                     "CitiMortgage, Inc. to be the primary residence of the borrower.",
                     "At least 1% of the mortgage loans are secured by mortgaged properties\ndetermined by "
                     "CitiMortgage, Inc. to be non-owner-occupied."))  # fmt: skip
    assert deal.pools[0].primary_residence_min_pct is None  # was 1%, as if 1% were owner-occupied


def test_a_word_broken_at_a_lines_end_is_one_word_and_a_compound_keeps_its_hyphen():
    # 'the "pool I mort-' / 'gage loans"': pool I's description and term range were lost, unsaid.
    deal = detailed_reworded(
        'relocation loans, the "pool I\nmortgage loans", have',
        'relocation loans, the "pool I mort-\ngage loans", have',
    )
    assert _pool_facts(deal) == _pool_facts(DETAILED_SAMPLE)
    assert deal.pool("I").description == DETAILED_SAMPLE.pool("I").description is not None
    ltv = detailed_reworded(
        "The weighted average loan-to-value ratios\nat origination",
        "The weighted average loan-to-\nvalue ratios at origination",
    )
    assert [p.wa_ltv for p in ltv.pools] == [67.6, 58.2, 70.2, 66.5]  # "loan-to-value", never "loan-tovalue"


ZIP_SENTENCE = """No more than $4,538,332, $2,178,656,
$2,559,173 and $6,659,274, respectively, of the pool I mortgage loans, the pool
II mortgage loans, the pool III mortgage loans and all mortgage loans are
secured by Mortgaged Properties located in any one zip code."""


def test_each_pool_in_a_clause_of_its_own_takes_its_own_figure():
    # "No more than $X of the pool I mortgage loans and no more than $Y of the pool II ...": pool I
    # was given pool II's figure (the last before "zip code"), and pool II had none, unsaid.
    deal = detailed_reworded(
        ZIP_SENTENCE,
        "No more than $4,538,332 of the pool I mortgage loans, no more than $2,178,656 of the pool II mortgage "
        "loans, no more than $2,559,173 of the pool III mortgage loans and no more than $6,659,274 of all mortgage "
        "loans are secured by Mortgaged Properties located in any one zip code.",
    )
    zips = {pool.name: pool.largest_zip_balance for pool in deal.pools}
    assert zips == {"I": 4538332.0, "II": 2178656.0, "III": 2559173.0, "all": 6659274.0}


def test_each_pool_with_its_figure_after_it_takes_its_own_figure():
    deal = detailed_reworded(
        "Pool I mortgage loans, pool II mortgage\nloans and pool III mortgage loans having aggregate scheduled "
        "principal balances\nof $4,912,083, $959,086 and $2,037,940, respectively, as of",
        "Pool I mortgage loans having aggregate scheduled principal balances of $4,912,083, pool II mortgage loans "
        "having aggregate scheduled principal balances of $959,086 and pool III mortgage loans having aggregate "
        "scheduled principal balances of $2,037,940, as of",
    )
    assert [pool.balance_above_80_ltv for pool in deal.pools[:3]] == [4912083.0, 959086.0, 2037940.0]


def test_each_pools_share_in_a_clause_of_its_own_is_its_own_underwriting_bound():
    deal = detailed_reworded(
        "No more than 3%, 8%, none\nand 3%, respectively, of the pool I mortgage loans, the pool II mortgage loans,\n"
        "the pool III mortgage loans and all mortgage loans will be",
        "No more than 3% of the pool I mortgage loans, no more than 8% of the pool II mortgage loans, none of the "
        "pool III mortgage loans and no more than 3% of all mortgage loans will be",
    )
    streamlined = {p.name: [u.percent for u in p.underwriting if u.policy == "Streamlined"] for p in deal.pools}
    assert streamlined == {"I": [3.0], "II": [8.0], "III": [0.0], "all": [3.0]}


@pytest.mark.parametrize("together", [", taken together,", ""])
def test_a_figure_for_pools_taken_together_is_no_one_pools(together):
    # "No more than $5,100,000 of the pool I and pool II mortgage loans ...": a limit on the two pools'
    # loans together, not each one's largest zip code balance. It was given to both.
    deal = detailed_reworded(
        ZIP_SENTENCE,
        f"No more than $5,100,000 of the pool I and pool II mortgage loans{together} and no more than $2,559,173 of "
        "the pool III mortgage loans are secured by Mortgaged Properties located in any one zip code.",
    )
    zips = {pool.name: pool.largest_zip_balance for pool in deal.pools}
    assert zips == {"I": None, "II": None, "III": 2559173.0, "all": None}
    assert provenance_of(deal.pool("II"), "largest_zip_balance").warnings == (
        "one figure for pools I and II taken together; not given to each",
    )


def test_a_share_of_several_pools_loans_is_given_to_none_of_them():
    deal = detailed_reworded(
        "No more than 3%, 8%, none\nand 3%, respectively, of the pool I mortgage loans, the pool II mortgage loans,\n"
        "the pool III mortgage loans and all mortgage loans will be",
        "No more than 4% of the pool I and pool II mortgage loans will be",
    )
    assert [[u.percent for u in p.underwriting if u.policy == "Streamlined"] for p in deal.pools] == [[], [], [], []]
    assert "underwriting: one figure for pools I and II taken together; not given to each" in deal.warnings


def test_pools_in_clauses_whose_figures_cannot_be_told_apart_get_none():
    # Two pools named apart, a figure by each but not one beside each: whose is whose is not guessed.
    deal = detailed_reworded(
        ZIP_SENTENCE,
        "No more than $4,538,332 of the pool I mortgage loans are secured by Mortgaged Properties located in any "
        "one zip code, while for the pool II mortgage loans the figure is $2,178,656.",
    )
    assert [pool.largest_zip_balance for pool in deal.pools] == [None, None, None, None]
    assert provenance_of(deal.pool("II"), "largest_zip_balance").warnings == (
        "one sentence names pools I and II apart, and whose figure is whose cannot be told; not read",
    )


def test_each_pool_with_its_figure_after_it_in_a_clause_of_its_own():
    # The last figure before "zip code" was pool I's.
    deal = detailed_reworded(
        ZIP_SENTENCE,
        "The pool I mortgage loans have no more than $4,538,332, and the pool II mortgage loans no more than "
        "$2,178,656, secured by Mortgaged Properties located in any one zip code.",
    )
    assert [pool.largest_zip_balance for pool in deal.pools] == [4538332.0, 2178656.0, None, None]


def test_premium_and_discount_figures_of_pools_listed_together_are_each_pools():
    start = DETAILED.index("     Pool I discount loans will consist")
    end = DETAILED.index("<PAGE>", start)
    folded = """     Pool I, pool II and pool III discount loans will consist of pool I, pool II
and pool III mortgage loans with net loan rates less than 5.50%, 4.75% and
5.25%, respectively. Pool I, pool II and pool III premium loans will consist of
pool I, pool II and pool III mortgage loans with net loan rates greater than or
equal to 5.50%, 4.75% and 5.25%, respectively. The aggregate scheduled
principal balances outstanding as of the cut-off date of the pool I, pool II and
pool III discount loans were $25,949,684, $1,320,225 and $4,920,460,
respectively, and of the pool I, pool II and pool III premium loans were
$309,146,133, $76,623,116 and $75,681,760, respectively.

"""
    deal = detailed_reworded(DETAILED[start:end], folded)
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    for pool in ("I", "II", "III"):
        ours, theirs = deal.pool(pool).premium_discount, sample.pool(pool).premium_discount
        assert ours.threshold_net_rate == theirs.threshold_net_rate
        assert (ours.premium.balance, ours.discount.balance) == (theirs.premium.balance, theirs.discount.balance)


def test_prose_set_all_in_capitals_reads_the_same_facts(sample):
    # A filing setting its prose in capitals: "CITIMORTGAGE, INC. TO BE THE PRIMARY RESIDENCE" ended
    # the sentence at "INC." (the 98% was lost), and "IS 80%; AND" ran the collateral list's third
    # item into its fourth (the LTV without the collateral was lost). Nothing was said of either.
    start, end = TERM_SHEET.index("Item 5."), TERM_SHEET.index("YEARS OF ORIGINATION OF MORTGAGE LOANS")
    text = TERM_SHEET[:start] + TERM_SHEET[start:end].upper() + TERM_SHEET[end:]
    assert "CITIMORTGAGE, INC. TO BE" in text and "IS 80%; AND" in text
    read = facts(load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-capitals.txt")))
    for share in read["pools"]["all"]["underwriting"]:
        share["wording"] = share["wording"].lower()  # the policy's words, as the filing sets them
    assert read == sample


def test_an_original_term_range_in_months_is_the_same_range(sample):
    # "at least 240 but no more than 360 months": the range was lost, unsaid.
    deal = reworded(
        (
            "original maturities of at least 20 but no more\nthan 30 years",
            "original maturities of at least 240 but no more\nthan 360 months",
        )
    )
    assert facts(deal) == sample


def test_a_weighted_average_original_term_is_no_range_of_terms():
    deal = reworded(
        (
            "All mortgage loans have original maturities of at least 20 but no more\nthan 30 years.",
            "The mortgage loans have a weighted average original term to stated maturity of 359 months.",
        )
    )
    assert (deal.pools[0].original_term_min_years, deal.pools[0].original_term_max_years) == (None, None)


def test_a_clean_up_call_in_millions_is_the_amount_and_one_not_read_is_missing():
    deal = detailed_reworded("is less than $49,364,137.76.", "is less than approximately $49.4 million.")
    assert deal.clean_up_call_balance == 49_400_000
    # Stated in words the parser does not read, it is said to be missing (it was not said at all).
    deal = detailed_reworded("is less than $49,364,137.76.", "is below a tenth of the cut-off balance.")
    assert deal.clean_up_call_balance is None and "clean-up call balance" in deal.missing


@pytest.mark.parametrize("written, count", [("three", 3), ("none", 0)])
def test_a_collateral_lists_count_in_words_is_the_count(written, count):
    # "1.  the number of such mortgage loans is three;": the count was lost, unsaid.
    deal = reworded(("the number of such mortgage loans is 3;", f"the number of such mortgage loans is {written};"))
    assert deal.pools[0].additional_collateral.loan_count == count


def test_a_pools_name_set_off_by_commas_without_quotes_names_the_pool_described():
    # ', the pool I mortgage loans, have ...': each pool's description and term range were lost, unsaid.
    text = DETAILED.replace('the "pool I\nmortgage loans"', "the pool I\nmortgage loans")
    text = text.replace('the "pool II mortgage\nloans"', "the pool II mortgage\nloans")
    text = text.replace('the "pool III mortgage loans"', "the pool III mortgage loans")
    assert '"pool' not in text
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-reworded.txt"))
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    fields = ("description", "original_term_min_years", "original_term_max_years")
    assert [[getattr(p, f) for f in fields] for p in deal.pools] == [
        [getattr(p, f) for f in fields] for p in sample.pools
    ]
    assert deal.pool("I").description.startswith("Loans that have original maturities of at least 25")


def test_a_pool_named_as_a_sentences_subject_is_no_description():
    # Without quotes, a pool's name is its description's only where commas set it off on both sides.
    deal = detailed_reworded(
        "The mortgage loans that have original maturities of at least 25\nbut not more than 30 years and that are "
        'not relocation loans, the "pool I\nmortgage loans", have',
        "Of the mortgage loans which have original maturities of 25 years or more, the pool I mortgage loans have",
    )
    assert deal.pool("I").description is None and deal.pool("I").aggregate_balance == 335_095_817.07


# An outside review's finds in the rules above: a clause of another fact's is none of this one's.
PRIMARY = """At least 95%(2), 88%, 100% and 95%, respectively, of the pool I mortgage
loans, the pool II mortgage loans, the pool III mortgage loans and all mortgage
loans, are secured by mortgaged properties determined by CitiMortgage, Inc. to
be the primary residence of the borrower ("homeowner")."""


@pytest.mark.parametrize(
    "old, new, pool, field, read",
    [
        (  # pool II's primary residence share was read as 12%
            PRIMARY,
            "At least 95%, 100% and 95%, respectively, of the pool I mortgage loans, the pool III mortgage loans and "
            "all mortgage loans, are secured by mortgaged properties determined by CitiMortgage, Inc. to be the "
            'primary residence of the borrower ("homeowner"), and no more than 12% of the pool II mortgage loans '
            "are secured by second homes.",
            "II",
            "primary_residence_min_pct",
            None,
        ),
        (  # pool II's was read as 0%
            PRIMARY,
            "At least 95%, 100% and 95%, respectively, of the pool I mortgage loans, the pool III mortgage loans and "
            "all mortgage loans, are secured by mortgaged properties determined by CitiMortgage, Inc. to be the "
            'primary residence of the borrower ("homeowner"), and none of the pool II mortgage loans are secured '
            "by second homes.",
            "II",
            "primary_residence_min_pct",
            None,
        ),
        (  # pool III's WAC was read as 12%
            "pool I mortgage loans, the pool II mortgage loans, the pool III mortgage loans\nand all mortgage loans "
            "(before deduction of the servicing fee) as of October 1,\n2004 were 6.132%, 5.486%, 5.716% and 5.962%, "
            "respectively.",
            "pool I mortgage loans, the pool II mortgage loans and all mortgage loans (before deduction of the "
            "servicing fee) as of October 1, 2004 were 6.132%, 5.486% and 5.962%, respectively, and of the pool III "
            "mortgage loans, 12% have interest rates above 6.500%.",
            "III",
            "wac",
            None,
        ),
    ],
    ids=["another share", "none of another share", "a share beside averages"],
)
def test_a_clause_stating_another_fact_gives_this_one_no_figure(old, new, pool, field, read):
    assert getattr(detailed_reworded(old, new).pool(pool), field) == read


def test_latest_maturities_in_two_clauses_are_each_pools_and_none_is_no_date():
    # "..., and none of the pool II mortgage loans later than October 1, 2019": "none" was read as a
    # date of 0.0, and the checks that compare dates stopped with a TypeError.
    deal = detailed_reworded(
        "October 1, 2034. None of the pool II mortgage\nloans have a scheduled maturity later than October 1, 2019.",
        "October 1, 2034, and none of the pool II mortgage\nloans later than October 1, 2019.",
    )
    assert [p.latest_maturity for p in deal.pools[:3]] == [date(2034, 10, 1), date(2019, 10, 1), date(2034, 10, 1)]


def test_additional_collateral_of_pools_taken_as_one_group_is_no_one_pools():
    deal = detailed_reworded(
        "taken as groups:\n\n     1.   the numbers of such pool I mortgage loans and pool II mortgage loans\n"
        "          are 1 and 5, respectively;",
        "taken together as a group:\n\n     1.   the number of such mortgage loans is 6;",
    )
    assert [p.additional_collateral.loan_count if p.additional_collateral else None for p in deal.pools[:2]] == [
        None,
        None,
    ]
    assert "additional collateral loan_count: one figure for pools I and II taken together; not given to each" in (
        deal.warnings
    )


def test_a_loan_to_value_limit_with_an_exception_is_every_other_pools():
    # "no mortgage loans, other than two pool II mortgage loans, had ... in excess of 95%": pools I and III
    # lost their limit, unsaid; pool II and the deal have none, and say why.
    deal = detailed_reworded(
        "but no mortgage loans had\nloan-to-value ratios in excess of 95%.",
        "but no mortgage loans, other than two pool II mortgage loans, had\nloan-to-value ratios in excess of 95%.",
    )
    assert [(p.name, p.max_ltv) for p in deal.pools] == [("I", 95.0), ("II", None), ("III", 95.0), ("all", None)]
    assert provenance_of(deal.pool("II"), "max_ltv").warnings == (
        "the filing excepts some of its loans from the 95% limit (two pool II mortgage loans); not read",
    )


def test_loan_groups_taken_together_are_given_no_figure_each():
    # "the loan group 1 and loan group 2 mortgage loans, taken together": only "group 2" was read as the
    # subject, and given the two groups' figure.
    def as_groups(text: str) -> str:
        numbers = {"I": 1, "II": 2, "III": 3}
        return re.sub(
            r"\b([Pp])ool (III|II|I)\b", lambda m: f"{'L' if m[1] == 'P' else 'l'}oan group {numbers[m[2]]}", text
        )

    deal = load_filing(
        ingest_bytes(
            as_groups(DETAILED)
            .replace(
                as_groups(ZIP_SENTENCE),
                "No more than $5,100,000 of the loan group 1 and loan group 2 mortgage loans, taken together, and no "
                "more than $2,559,173 of the loan group 3 mortgage loans are secured by Mortgaged Properties located "
                "in any one zip code.",
            )
            .encode(),
            "cmsi-2004-8-groups.txt",
        )
    )
    zips = [(p.name, p.largest_zip_balance) for p in deal.pools]
    assert zips == [("1", None), ("2", None), ("3", 2559173.0), ("all", None)]


def test_a_list_set_with_semicolons_and_a_capital_and_is_one_list():
    # "$4,912,083; $959,086; AND $2,037,940, respectively": "; AND" ended a sentence, and the deal was
    # stated to have pool III's $2,037,940 above 80% LTV.
    deal = detailed_reworded(
        "of $4,912,083, $959,086 and $2,037,940, respectively,",
        "of $4,912,083; $959,086; AND $2,037,940, respectively,",
    )
    assert [p.balance_above_80_ltv for p in deal.pools] == [4912083.0, 959086.0, 2037940.0, None]


def test_a_sentence_in_capitals_broken_by_a_page_is_read_whole():
    # "... ORIGINATED USING A LOAN" / page / "UNDERWRITING POLICY WHICH, ...": lowercase, the two halves are
    # joined; in capitals they were not, and the "no income verification" share was lost, unsaid.
    start = TERM_SHEET.index("     At least 94% of the mortgage loans")
    end = TERM_SHEET.index("\n\n", start)
    words = TERM_SHEET[start:end].upper().split()
    cut = words.index("LOAN", words.index("6%")) + 1
    lines = textwrap.wrap(" ".join(words[:cut]), 72) + ["", "<PAGE>", ""] + textwrap.wrap(" ".join(words[cut:]), 72)
    deal = reworded((TERM_SHEET[start:end], "     " + "\n".join(lines)))
    shares = {u.policy: (u.percent, u.warnings) for u in deal.pools[0].underwriting}
    assert shares["No income verification"][0] == 6.0
    assert shares["No income verification"][1][0].startswith("read from a sentence joined across a page break")


# A second review's finds: clauses stating another fact, inside or after them.
@pytest.mark.parametrize(
    "old, new, field, read",
    [
        (  # the Florida balances were read as each pool's largest zip code balance
            ZIP_SENTENCE,
            "Approximately $21,400,000 of the pool I mortgage loans and $3,100,000 of the pool II mortgage loans are "
            "secured by Mortgaged Properties located in Florida, and no more than 1.4% of the mortgage loan pool is "
            "secured by Mortgaged Properties located in any one zip code.",
            "largest_zip_balance",
            [None, None, None, None],
        ),
        (  # pool II's weighted average loan age was read as its remaining term
            "The weighted average\nremaining terms to stated maturity of the pool I mortgage loans, the pool II\n"
            "mortgage loans, the pool III mortgage loans and all mortgage loans as of October\n1, 2004 were 358.20 "
            "months, 176.90 months, 358.39 months and 329.60 months,\nrespectively.",
            "The weighted average remaining term to stated maturity of the pool I mortgage loans as of October 1, "
            "2004 was 358.20 months, and the pool II mortgage loans had a weighted average loan age of 2.85 months.",
            "wam_months",
            [None, None, None, None],
        ),
    ],
    ids=["a clause after the last", "a clause's own words"],
)
def test_another_facts_words_in_a_clause_give_this_fact_no_figure(old, new, field, read):
    assert [getattr(p, field) for p in detailed_reworded(old, new).pools] == read


def test_a_list_items_next_line_after_a_page_head_is_no_head():
    # Its second line, set in 10 like a head's second line, was dropped as one: both balances lost, unsaid.
    deal = detailed_reworded(
        "     2.   the aggregate scheduled principal balances of such pool I mortgage\n          loans",
        "     2.   the aggregate scheduled principal balances of such pool I mortgage\n\n<PAGE>\n\n"
        "                       CITICORP MORTGAGE SECURITIES, INC.\n\n          loans",
    )
    assert [p.additional_collateral.balance for p in deal.pools[:2]] == [660_000.0, 1_292_268.0]


@pytest.mark.parametrize(("written", "count"), [("one hundred three", 103), ("twenty one", 21)])
def test_a_count_in_words_that_goes_on_is_read_whole(written, count):
    # "is one hundred three" was read as 1, "twenty one" as 20 (then as none; now whole, as any count in words is).
    deal = reworded(("the number of such mortgage loans is 3;", f"the number of such mortgage loans is {written};"))
    assert deal.pools[0].additional_collateral.loan_count == count


@pytest.mark.parametrize(
    "exception",
    [
        ", other than two pool II mortgage loans,",
        " (other than two pool II mortgage loans)",
        " other than two pool II mortgage loans",
    ],
    ids=["commas", "brackets", "no commas"],
)
def test_a_loan_to_value_limit_with_an_exception_in_any_setting(exception):
    deal = detailed_reworded(
        "but no mortgage loans had\nloan-to-value ratios in excess of 95%.",
        f"but no mortgage loans{exception} had\nloan-to-value ratios in excess of 95%.",
    )
    assert [(p.name, p.max_ltv) for p in deal.pools] == [("I", 95.0), ("II", None), ("III", 95.0), ("all", None)]


def test_facts_of_pools_named_apart_in_one_sentence_are_not_read():
    # pool II was given pool III's weighted average LTV
    deal = detailed_reworded(
        "The weighted average loan-to-value ratios\nat origination",
        "The pool II mortgage loans had a weighted average interest rate of 5.486% and the pool III mortgage "
        "loans had a weighted average loan-to-value ratio of 70.2%. The weighted average loan-to-value ratios\n"
        "at origination",
    )
    assert deal.pool("II").wa_ltv == 58.2  # its own, stated in the list after
    assert any("names pools II and III apart" in w for w in deal.warnings)


def test_a_term_range_is_the_pools_just_before_it():
    # "..., and the pool III mortgage loans had original maturities of 30 years": pool II got 30-30.
    deal = detailed_reworded(
        "All mortgage loans have original maturities of at least 12 but not\nmore than 30 years.",
        "The pool II mortgage loans had a weighted average interest rate of 5.486%, and the pool III mortgage "
        "loans had original maturities of 30 years.",
    )
    assert deal.pool("II").original_term_min_years == 12.0  # its own, from its description
    assert provenance_of(deal.pool("II"), "original_term_min_years").warnings == ()  # no "stated again as 30"


def test_one_pools_threshold_beside_another_figure_is_its_rate():
    # "less than 5.50%, or 25% of the pool I mortgage loans": "2 values for 1 subjects", and no threshold.
    deal = detailed_reworded(
        "rates less than 5.50%. Pool I premium",
        "rates less than 5.50%, or 8% of the pool I mortgage loans. Pool I premium",
    )
    assert deal.pool("I").premium_discount.threshold_net_rate == 5.5
    assert not [w for w in deal.warnings if w.startswith("threshold_net_rate")]  # read from its own sentence


# A third review's finds.
def test_two_underwriting_statements_in_one_sentence_are_each_read(sample):
    # "... streamlined underwriting policies, and no more than 6% of the mortgage loans will be ...": the 94%
    # went to the "no income verification" policy and the 6% was lost, unsaid.
    deal = reworded(
        ("policies. No more than 6% of the mortgage loans", "policies, and no more than 6% of the mortgage loans")
    )
    read = [(u["policy"], u["bound"], u["percent"]) for u in facts(deal)["pools"]["all"]["underwriting"]]
    assert read == [(u["policy"], u["bound"], u["percent"]) for u in sample["pools"]["all"]["underwriting"]]


def test_none_of_after_a_figure_opens_a_clause_and_is_no_zero_in_the_list():
    # "... was 63.9%, and none of the pool II and pool III mortgage loans had ...": read as the list
    # [63.9, 0]: pool II 63.9%, pool III 0%.
    deal = detailed_reworded(
        "The weighted average loan-to-value ratios\nat origination",
        "The weighted average loan-to-value ratio at origination of the pool II and pool III mortgage loans "
        "taken together as of October 1, 2004 was 63.9%, and none of the pool II and pool III mortgage loans had "
        "a loan-to-value ratio at origination in excess of 90%. The weighted average loan-to-value ratios\n"
        "at origination",
    )
    assert (deal.pool("II").wa_ltv, deal.pool("III").wa_ltv) == (58.2, 70.2)  # their own, stated after
    assert "wa_ltv: one figure for pools II and III taken together; not given to each" in deal.warnings


@pytest.mark.parametrize(
    "head",
    [
        "                       CITICORP MORTGAGE SECURITIES, INC.\n"
        "                 REMIC Pass-Through Certificates, Series 2004-8\n"
        "                 ----------------------------------------------\n\n"
        "                               October 28, 2004\n",
        "CITICORP MORTGAGE SECURITIES, INC.\nREMIC PASS-THROUGH CERTIFICATES, SERIES 2004-8\n",
    ],
    ids=["the sample's own head, its rule and date", "a head in capitals ending INC."],
)
def test_a_sentence_broken_by_a_page_and_its_head_is_read_whole(head):
    deal = detailed_reworded("later than October 1, 2019.", f"later than\n<PAGE>\n\n{head}\nOctober 1, 2019.")
    pool = deal.pool("II")
    assert pool.latest_maturity == date(2019, 10, 1)
    assert provenance_of(pool, "latest_maturity").warnings[0].startswith("read from a sentence joined across a page")


@pytest.mark.parametrize(
    "old, new",
    [
        (
            "but no mortgage loans had loan-to-value ratios\nin excess of 95%.",
            "but no mortgage loans had loan-to-value ratios\nat origination in excess of 95%.",
        ),
        (
            "but no mortgage loans had loan-to-value ratios\nin excess of 95%.",
            "but none of the mortgage loans had loan-to-value ratios\nin excess of 95%.",
        ),
    ],
    ids=["at origination", "none of the"],
)
def test_a_loan_to_value_limit_in_other_words_is_the_limit(old, new):
    assert reworded((old, new)).pools[0].max_ltv == 95.0


# A fourth review's finds.
def test_a_qualified_loan_to_value_bound_is_no_limit():
    # "None of the mortgage loans had ... in excess of 80% without primary mortgage insurance": read as the
    # limit 80%, over the sentence's own 95%.
    deal = reworded(
        (
            "Mortgage loans having an aggregate scheduled\nprincipal balance of $5,368,851 as of May 1, 2004 had "
            "loan-to-value ratios\nat origination in excess of 80%, but",
            "None of the mortgage loans had loan-to-value ratios at origination in excess of 80% without primary "
            "mortgage insurance, and",
        )
    )
    assert deal.pools[0].max_ltv == 95.0


def test_at_least_inside_a_policys_description_starts_no_statement(sample):
    # "... and liquid assets and at least two years of verified employment, or are refinanced ...": cut there,
    # the 94% lost its policy's "alternative or streamlined refinance" half.
    deal = reworded(
        (
            "and liquid assets and telephone verification of employment",
            "and liquid assets and at least two years of verified employment",
        )
    )
    assert [u.policy for u in deal.pools[0].underwriting] == [
        u["policy"] for u in sample["pools"]["all"]["underwriting"]
    ]


def test_none_of_inside_a_respectively_list_is_the_lists_zero():
    deal = detailed_reworded(
        "No more than 30%, 50%, none and 28%, respectively,\nof the pool I mortgage loans, the pool II mortgage loans, "
        "the pool III mortgage\nloans and all mortgage loans were",
        "No more than 30%, 50% and none of the pool I mortgage loans, the pool II mortgage loans and the pool III "
        "mortgage loans, respectively, were",
    )
    refinance = [[u.percent for u in p.underwriting if u.policy.startswith("Refinance")] for p in deal.pools[:3]]
    assert refinance == [[30.0], [50.0], [0.0]]


def test_a_term_in_years_and_months_is_all_its_months(sample):
    deal = reworded(("May 1, 2004 was 357.95\nmonths.", "May 1, 2004 was 29 years\nand 10 months."))
    assert deal.whole_deal.wam_months == 358.0  # 29 x 12 + 10: never the 10 months alone
    assert facts(deal)["pools"]["all"] == {**sample["pools"]["all"], "wam_months": 358.0}


CLASS_A_BALANCE = "balance of the class A certificates as of"


@pytest.mark.parametrize(
    "classes, named",
    [
        ("the class A-1 and class A-PO certificates", "classes A-1 and A-PO"),
        ("the Class A-1, Class A-2 and Class A-PO CitiCertificates", "classes A-1, A-2 and A-PO"),
        ("the class A-1 through class A-3 certificates", "classes A-1, A-2 and A-3"),
        ("the classes A-1 to A-3 certificates", "classes A-1, A-2 and A-3"),
    ],
)
def test_one_balance_for_several_classes_is_given_to_none_of_them(classes, named):
    # $481,546,830.00 is the classes' balance together: given to each (or to the first of a range), it was
    # printed as each one's with nothing said.
    deal = detailed_reworded(CLASS_A_BALANCE, f"balance of {classes} as of")
    assert all(c.initial_balance is None for c in deal.classes if c.name.startswith("A"))
    assert f"initial_balance: one figure for {named} taken together; not given to each" in deal.warnings
    assert not any(c.initial_balance == 481_546_830.00 for c in deal.classes)


def test_a_subordination_level_for_a_range_of_classes_is_each_ones():
    deal = detailed_reworded(
        "The class A subordination level is", "The class IA-1 through class IA-3 subordination level is"
    )
    levels = {c.name: c.subordination_level for c in deal.classes if c.name.startswith("IA")}
    assert levels == {"IA-1": 2.450067623897, "IA-2": 2.450067623897, "IA-3": 2.450067623897}


@pytest.mark.parametrize("net", ["after deduction of the servicing fee", "less the servicing fee"])
def test_a_rate_after_the_servicing_fee_is_no_wac(net):
    # The WAC is the rate before the servicing fee: a net rate printed as the WAC is a wrong figure, said nowhere.
    deal = reworded(
        (
            "(before deduction of the\nservicing fee) as of May 1, 2004 was 5.843%",
            f"({net}) as of May 1, 2004 was 5.593%",
        )
    )
    assert deal.whole_deal.wac is None and "wac" in deal.missing


THRESHOLD = (
    "Premium loans will consist of mortgage loans with net loan rates greater\nthan or equal to 5.250%. "
    "Discount loans will consist of mortgage loans with net\nloan rates less than 5.250%."
)


@pytest.mark.parametrize(
    "older",
    [
        "Premium Mortgage Loans are Mortgage Loans with Net Mortgage Interest Rates greater\nthan or equal to 5.250%. "
        "Discount Mortgage Loans are Mortgage Loans with Net\nMortgage Interest Rates less than 5.250%.",
        "Premium loans will consist of mortgage loans with net rates greater\nthan or equal to 5.250%. "
        "Discount loans will consist of mortgage loans with net\nrates less than 5.250%.",
    ],
)
def test_the_premium_threshold_in_older_words(sample, older):
    deal = reworded((THRESHOLD, older))
    assert facts(deal) == sample and deal.whole_deal.premium_discount.threshold_net_rate == 5.25


@pytest.mark.parametrize(
    "bounds",
    [
        "an original principal balance ranging from\n$54,500 to $1,000,000.",
        "an original principal balance of between\n$54,500 and $1,000,000.",
        "an original principal balance of at least\n$54,500 and not more than $1,000,000.",
    ],
)
def test_the_original_balance_range_in_other_words(sample, bounds):
    deal = reworded(("an original principal balance of not less than\n$54,500, nor more than $1,000,000.", bounds))
    assert (deal.whole_deal.original_balance_min, deal.whole_deal.original_balance_max) == (54_500, 1_000_000)
    assert facts(deal) == sample


@pytest.mark.parametrize(
    "terms", ["original maturities ranging from 20 to 30\nyears.", "original maturities of between 20 and 30\nyears."]
)
def test_the_original_term_range_in_other_words(sample, terms):
    deal = reworded(("original maturities of at least 20 but no more\nthan 30 years.", terms))
    assert (deal.whole_deal.original_term_min_years, deal.whole_deal.original_term_max_years) == (20, 30)
    assert facts(deal) == sample


@pytest.mark.parametrize(
    "old, new, fact, stated, share, within",
    [
        (
            "No more than $7,749,519 of the",
            "No more than 1.25% of the",
            "largest_zip_balance",
            "largest_zip_share",
            1.25,
            None,
        ),
        (
            "Mortgage loans having an aggregate scheduled\nprincipal balance of $5,368,851 as of May 1, 2004 had",
            "Mortgage loans representing approximately 0.87% of the aggregate scheduled\nprincipal balance had",
            "balance_above_80_ltv",
            "share_above_80_ltv",
            0.87,
            0.005,
        ),
    ],
)
def test_an_amount_stated_as_a_share_of_the_loans_is_read_as_the_share(old, new, fact, stated, share, within):
    # The fact is a dollar amount; the filing states the share of the balance in its place. This test once
    # asserted the share "not read" (it was lost): it is the pool's share, as stated (approximately: its doubt and
    # rounding), and the amount stays not stated, never made up from the share.
    deal = reworded((old, new))
    assert getattr(deal.whole_deal, fact) is None
    assert getattr(deal.whole_deal, stated) == share
    assert provenance_of(deal.whole_deal, stated).approximate_within == within
    assert not [w for w in deal.warnings if "stated as a share of the loans" in w or "which was not read" in w]


def test_a_clause_on_what_is_passed_through_less_the_servicing_fee_leaves_the_wac(sample):
    deal = reworded(("was 5.843%.", "was 5.843%; interest is passed through at that\nrate less the servicing fee."))
    assert deal.whole_deal.wac == 5.843 and facts(deal) == sample


@pytest.mark.parametrize("opening", ["As previously reported, the", "As described in the Form 8-K, the"])
def test_a_figure_restated_from_an_earlier_report_is_read(sample, opening):
    # Only an amendment's quotation of a figure it corrects is set aside, never an ordinary restatement.
    deal = reworded(("     The total number of mortgage loans", f"     {opening} total number of mortgage loans"))
    assert deal.whole_deal.loan_count == 1225 and facts(deal) == sample


def test_a_subset_of_the_loans_by_original_term_is_not_their_range(sample):
    deal = reworded(
        (
            "All mortgage loans have original maturities of at least 20 but no more\nthan 30 years.",
            "Mortgage loans having original maturities of between 20 and 25 years are 3% of\nthe mortgage loans.",
        )
    )
    assert (deal.whole_deal.original_term_min_years, deal.whole_deal.original_term_max_years) == (None, None)


def test_a_term_stated_in_years_is_not_read_as_months_and_said():
    deal = reworded(("May 1, 2004 was 357.95\nmonths.", "May 1, 2004 was 29.83\nyears."))
    assert deal.whole_deal.wam_months is None
    assert "wam_months: stated in years (29.83 years), not months; not read" in deal.warnings


@pytest.mark.parametrize("after", ["5.593% after deduction of the servicing fee.", "5.593%, less the servicing fee."])
def test_a_rate_followed_by_after_the_servicing_fee_is_no_wac(after):
    deal = reworded(
        ("(before deduction of the\nservicing fee) as of May 1, 2004 was 5.843%.", f"as of May 1, 2004 was {after}")
    )
    assert deal.whole_deal.wac is None


def test_a_filing_quoting_another_reports_figure_is_not_read_for_it():
    deal = reworded(
        (
            "The\nweighted average interest rate on the mortgage loans (before deduction of the\nservicing fee) as of "
            "May 1, 2004 was 5.843%.",
            "The Form 8-K states that the\nweighted average interest rate on the mortgage loans was 5.483%.",
        )
    )
    assert deal.whole_deal.wac is None
    assert "the filing says a figure for this was wrong" in provenance_of(deal.whole_deal, "wac").warnings[0]


@pytest.mark.parametrize(
    "subset",
    [
        "Mortgage loans that have original maturities of between 25 and 30 years represent\napproximately 96% of "
        "the mortgage loans.",
        "Mortgage loans with original principal balances from $650,000 to $1,000,000\nrepresent approximately 20% "
        "of the mortgage loans.",
    ],
)
def test_the_bounds_of_a_subset_of_the_loans_are_not_the_pools(subset):
    deal = reworded(("All mortgage loans have original maturities of at least 20 but no more\nthan 30 years.", subset))
    pool = deal.whole_deal
    assert (pool.original_term_min_years, pool.original_term_max_years) == (None, None)
    assert (pool.original_balance_min, pool.original_balance_max) == (54_500, 1_000_000)  # the pool's own sentence


def test_original_maturities_of_30_years_or_less_are_a_greatest_term_alone():
    deal = reworded(
        (
            "All mortgage loans have original maturities of at least 20 but no more\nthan 30 years.",
            "All mortgage loans have original maturities of 30 years or less.",
        )
    )
    assert (deal.whole_deal.original_term_min_years, deal.whole_deal.original_term_max_years) == (None, 30)


def test_a_share_that_is_no_share_of_the_pool_leaves_the_range_the_pools():
    deal = reworded(
        (
            "nor more than $1,000,000.",
            "nor more than $1,000,000; the mortgage\nloans may grow to 125% of their original principal balances.",
        )
    )
    assert (deal.whole_deal.original_balance_min, deal.whole_deal.original_balance_max) == (54_500, 1_000_000)


def test_a_share_in_another_clause_leaves_the_range_the_pools():
    deal = reworded(
        ("nor more than $1,000,000.", "nor more than $1,000,000, and the largest is 0.16% of\nthe mortgage loans.")
    )
    assert (deal.whole_deal.original_balance_min, deal.whole_deal.original_balance_max) == (54_500, 1_000_000)


def test_the_bounds_of_a_subset_named_another_way_are_not_the_pools():
    deal = reworded(
        (
            "Each mortgage loan had an original principal balance of not less than\n$54,500, nor more than $1,000,000.",
            "Jumbo mortgage loans, with original principal balances of not less than\n$650,000 nor more than "
            "$1,000,000, represent approximately 21% of the mortgage loans.",
        )
    )
    assert (deal.whole_deal.original_balance_min, deal.whole_deal.original_balance_max) == (None, None)


@pytest.mark.parametrize(
    "old, new, fields, values",
    [
        (
            "nor more than $1,000,000.",
            "nor more than $1,000,000, and loans with original\nprincipal balances over $650,000 are 22% of the mortgage loans.",
            ("original_balance_min", "original_balance_max"),
            (54_500, 1_000_000),
        ),
        (
            "than 30 years.",
            "than 30 years, and mortgage loans with original maturities of 20 years\nare 2% of the mortgage loans.",
            ("original_term_min_years", "original_term_max_years"),
            (20, 30),
        ),
    ],
)
def test_a_subset_a_later_clause_describes_leaves_the_pools_bounds(old, new, fields, values):
    deal = reworded((old, new))
    assert tuple(getattr(deal.whole_deal, f) for f in fields) == values


def _notional(deal: Deal) -> list[tuple[str, float | None, float | None]]:
    return [(c.name, c.initial_balance, c.notional_balance) for c in deal.classes if c.is_notional]


def test_an_interest_only_class_with_a_notional_balance_is_read_as_notional():
    # Was set aside, said "not listed": the notional balance was in no report. Now the class's notional balance,
    # no principal: the classes still add up to the deal.
    io = (
        "\n\n     The aggregate initial notional balance of the class A-IO certificates as of\n"
        "October 1, 2004 was $300,000,000.00."
    )
    deal = detailed_reworded("October 1, 2004 was $740,547.57.", "October 1, 2004 was $740,547.57." + io)
    assert _notional(deal) == [("A-IO", None, 300_000_000.00)] and all(c.passed for c in deal.checks)
    assert not any("notional" in w for w in deal.warnings) and deal.missing == ()


@pytest.mark.parametrize("verb", ["have", "will have"])
def test_an_interest_only_class_that_has_a_notional_balance_is_read_as_notional(verb):
    # From audit 101 (C1): "The class A-IO certificates have an initial notional balance of $..." was passed over
    # unsaid, where "The aggregate initial notional balance of the class A-IO certificates ..." was said.
    io = f"\n\n     The class A-IO certificates {verb} an initial notional balance of $12,345,678.00."
    deal = detailed_reworded("October 1, 2004 was $740,547.57.", "October 1, 2004 was $740,547.57." + io)
    assert _notional(deal) == [("A-IO", None, 12_345_678.00)] and all(c.passed for c in deal.checks)
    assert deal.warnings == ()


def test_a_notional_clause_beside_a_principal_balance_leaves_the_principal_balance():
    # The whole sentence was set aside: class A lost its balance, and the warning named class A interest-only.
    deal = detailed_reworded(
        "October 1, 2004 was $481,546,830.00.",
        "October 1, 2004 was $481,546,830.00, and the initial notional balance of the\n"
        "class A-IO certificates as of October 1, 2004 was $25,000,000.00.",
    )
    assert deal.classes[0].name == "A" and deal.classes[0].initial_balance == 481_546_830.00
    assert _notional(deal) == [("A-IO", None, 25_000_000.00)] and all(c.passed for c in deal.checks)
    assert not [w for w in deal.warnings if "notional" in w]


def test_a_notional_class_named_in_passing_leaves_the_list_of_balances():
    balances = _detailed_lines(234, 254)
    listed = (
        "     The aggregate initial principal balances of the certificates as of October 1,\n"
        "2004 (other than the class A-IO certificates, which have a notional balance only)\n"
        "were: class A, $481,546,830.00; class B-1, $6,170,000.00; class B-2,\n"
        "$2,469,000.00; class B-3, $1,234,000.00; class B-4, $987,000.00; class B-5,\n"
        "$494,000.00; and class B-6, $740,547.57.\n\n"
    )
    deal = load_filing(ingest_bytes(DETAILED.replace(balances, listed).encode(), "d.txt"))
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    assert _classes(deal) == _classes(sample) and deal.missing == ()


def test_a_premium_or_discount_figure_the_parser_lost_is_listed_as_missing():
    # The sentence breaks off before its figures (the rest cut away, as a page break nobody could join
    # does): the premium and discount balances were lost, unsaid.
    deal = reworded(
        (
            "outstanding as of the cut-off date of the premium loans and the discount loans\n"
            "were $611,102,780 and $8,697,998, respectively. The weighted",
            "outstanding as of the cut-off date of the premium loans and the discount loans\nwere\n\nThe weighted",
        )
    )
    split = deal.whole_deal.premium_discount
    assert (split.premium.balance, split.discount.balance) == (None, None)
    assert (split.premium.wac, split.discount.wac) == (5.850, 5.354)
    assert deal.missing == ("premium loans balance", "discount loans balance")


def test_a_class_whose_subordination_level_was_lost_is_listed_as_missing():
    # Each class but the most junior has a level where the filing states them: one lost was unsaid.
    deal = detailed_reworded(
        "     The class B-2 subordination level is 0.700011734635%.*",
        "     The class B-2 subordination level is",
    )
    levels = {c.name: c.subordination_level for c in deal.classes}
    assert levels["B-2"] is None and levels["B-1"] == 1.200172400289 and levels["B-6"] is None
    assert deal.missing == ("class B-2 subordination level",)


# A summary block as 2005-2008 term sheets open with, in place of the sample's two paragraphs of facts:
# each line a label and its figures, ranges and averages beside the weighted averages.
SUMMARY_LINES = (
    ("Number of Mortgage Loans", "1,225"),
    ("Average Principal Balance ($)", "505,960"),
    ("Weighted Average Mortgage Rate (%)", "5.843"),
    ("Range of Mortgage Rates", "5.250% to 7.250%"),
    ("Weighted Average Remaining Term (months)", "357.95"),
    ("Shortest/Longest Remaining Term", "236 / 360 months"),
    ("Weighted Average Original Term (months)", "359.54"),
    ("Range of Original Terms", "240 to 360 months"),
    ("Weighted Average Original LTV (%)", "64.5"),
    ("Maximum Original LTV", "95.0%"),
    ("Balance with LTV in excess of 80%", "$5,368,851"),
    ("Maximum Zip Code Concentration", "$7,749,519"),
    ("Minimum/Maximum Original Balance", "$54,500 / $1,000,000"),
    ("Earliest Origination Date", "February 1, 2003"),
    ("Latest Origination Date", "May 1, 2004"),
    ("Latest Maturity Date", "May 1, 2034"),
    ("Non-Zero Weighted Average FICO", "742"),
)
POOL_FACTS = TERM_SHEET[
    TERM_SHEET.index("     The total number of mortgage loans") : TERM_SHEET.index("At least 98%(2)")
]
SUMMARY_FIELDS = (
    *("loan_count", "wac", "wam_months", "wa_original_term_months", "wa_ltv", "max_ltv", "balance_above_80_ltv"),
    *("largest_zip_balance", "original_balance_min", "original_balance_max", "original_term_min_years"),
    *("original_term_max_years", "originated_not_before", "originated_not_after", "latest_maturity"),
)


@pytest.mark.parametrize("layout", ["labels with colons", "an HTML table of two columns", "an HTML table with $ cells"])
def test_a_summary_block_of_labelled_figures_reads_each_line_as_its_own(layout):
    # Run on as one sentence, the block gave its figures to the wrong facts: the WAC was the lowest rate
    # (5.25), the WAM the longest term (360), the LTV the WAC, and the checks still passed.
    if layout == "labels with colons":
        block = "\n".join(f"{label + ':':<50}{value:>25}" for label, value in SUMMARY_LINES)
        text = TERM_SHEET.replace(POOL_FACTS, f"{block}\n\n")
        deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-summary-block.txt"))
    else:  # with "$" in a cell of its own, a balance over 80% LTV and a zip code's were lost, unsaid
        cells = (
            (
                f"<td>{label}</td><td>$</td><td align=right>{value[1:]}</td>"
                if value.startswith("$") and "$" in layout
                else f"<td>{label}</td><td></td><td align=right>{value}</td>"
            )
            for label, value in SUMMARY_LINES
        )
        rows = "".join(f"<tr>{row}</tr>" for row in cells)
        before, after = TERM_SHEET.split(POOL_FACTS)
        page = f"<html><body><pre>{html.escape(before)}</pre><table>{rows}</table><pre>{html.escape(after)}</pre>"
        deal = load_filing(ingest_bytes(f"{page}</body></html>".encode(), "cmsi-2004-3-summary-block.htm"))
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.txt").whole_deal
    read = {name: getattr(deal.whole_deal, name) for name in SUMMARY_FIELDS}
    assert read == {name: getattr(sample, name) for name in SUMMARY_FIELDS}
    assert (read["wac"], read["wam_months"], read["wa_ltv"]) == (5.843, 357.95, 64.5)
    assert deal.verdict.value == "reconciled" and not deal.warnings and not deal.missing


@pytest.mark.parametrize("short", ["WA", "Wtd. Avg.", "Wtd Avg"])
def test_a_summary_blocks_labels_may_shorten_weighted_average(short):
    # An outside audit's 2005 summary table: "WA Remaining Term (months)", "WA Original Term (months)" and
    # "WA Original LTV Ratio" were lost for every pool.
    lines = [(label.replace("Weighted Average", short), value) for label, value in SUMMARY_LINES]
    block = "\n".join(f"{label + ':':<50}{value:>25}" for label, value in lines)
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(POOL_FACTS, f"{block}\n\n").encode(), "cmsi-summary.txt"))
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.txt").whole_deal
    assert {name: getattr(deal.whole_deal, name) for name in SUMMARY_FIELDS} == {
        name: getattr(sample, name) for name in SUMMARY_FIELDS
    }
    assert deal.verdict.value == "reconciled" and not deal.warnings and not deal.missing


def test_a_summary_blocks_term_with_no_unit_is_in_months_where_no_term_could_be_years():
    # "Weighted Average Original Term   359.66", with no "(months)": lost for every pool. 359.66 years is no term.
    lines = [(label.replace("Term (months)", "Term"), value) for label, value in SUMMARY_LINES]
    assert (
        sum(label.endswith("Average Remaining Term") or label.endswith("Average Original Term") for label, _ in lines)
        == 2
    )
    block = "\n".join(f"{label + ':':<50}{value:>25}" for label, value in lines)
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(POOL_FACTS, f"{block}\n\n").encode(), "cmsi-summary.txt"))
    assert (deal.whole_deal.wam_months, deal.whole_deal.wa_original_term_months) == (357.95, 359.54)
    assert deal.verdict.value == "reconciled" and not deal.warnings and not deal.missing
    short = "\n".join(
        f"{label + ':':<50}{'29.83' if label.endswith('Average Remaining Term') else value:>25}"
        for label, value in lines
    )
    seasoned = load_filing(ingest_bytes(TERM_SHEET.replace(POOL_FACTS, f"{short}\n\n").encode(), "cmsi-summary.txt"))
    assert seasoned.whole_deal.wam_months is None  # 29.83 could be years or months: not read as either


@pytest.mark.parametrize(
    "label, figure",
    [
        ("Weighted Average Remaining Term of Interest Only Period", "84"),
        ("WA Remaining Term to First Rate Adjustment", "58"),
        ("Weighted Average Remaining Term to First Rate Adjustment (months)", "58"),
    ],
)
def test_a_term_to_something_other_than_maturity_is_no_wam(label, figure):
    # From a second review: "... Remaining Term of Interest Only Period:   84" was read as the WAM, silently
    # where the filing gave no WAM line, and as the first statement (357.95 "stated again") above one.
    def block(lines):
        text = "\n".join(f"{name + ':':<70}{value:>15}" for name, value in lines)
        return load_filing(ingest_bytes(TERM_SHEET.replace(POOL_FACTS, f"{text}\n\n").encode(), "cmsi-summary.txt"))

    lines = [*SUMMARY_LINES[:4], (label, figure), *SUMMARY_LINES[4:]]
    deal = block(lines)
    assert deal.whole_deal.wam_months == 357.95 and not deal.warnings
    without = block([line for line in lines if not line[0].startswith("Weighted Average Remaining Term (")])
    assert without.whole_deal.wam_months is None


@pytest.mark.parametrize(
    "label, figure, field",
    [
        ("Maximum WA Coupon of any Loan Group", "6.25%", "wac"),
        ("Highest Weighted Average Mortgage Rate of any Pool (%)", "6.250", "wac"),
        ("Lowest Weighted Average Interest Rate", "5.125%", "wac"),
        ("Maximum WA Remaining Term of any Group (months)", "359.10", "wam_months"),
        ("Minimum Weighted Average Original LTV of any Loan Group", "58.2%", "wa_ltv"),
    ],
)
def test_the_extreme_of_several_groups_averages_is_not_the_pools_average(label, figure, field):
    # From a review: "Maximum WA Coupon of any Loan Group:  6.25%" was read as the WAC where the summary gave
    # no WAC line, and failed the premium/discount check; beside the WAC line it was a second statement.
    stated = {"wac": 5.843, "wam_months": 357.95, "wa_ltv": 64.5}[field]
    own_line = {"wac": "Weighted Average Mortgage Rate", "wam_months": "Weighted Average Remaining Term"}.get(
        field, "Weighted Average Original LTV"
    )

    def block(lines):
        text = "\n".join(f"{name + ':':<70}{value:>15}" for name, value in lines)
        return load_filing(ingest_bytes(TERM_SHEET.replace(POOL_FACTS, f"{text}\n\n").encode(), "cmsi-summary.txt"))

    lines = [*SUMMARY_LINES, (label, figure)]
    deal = block(lines)
    assert getattr(deal.whole_deal, field) == stated
    assert deal.verdict.value == "reconciled" and not deal.warnings
    without = block([line for line in lines if not line[0].startswith(own_line)])
    assert getattr(without.whole_deal, field) is None
    # the pool's own WAC (WAM) not stated, its premium and discount loans' are named beside it
    groups = {"wac": "5.850% and 5.354%", "wam_months": "357.93 months and 359.36 months"}
    only_the_rate_groups_said(without, *([(f"All loans {field}", groups[field])] if field in groups else []))


@pytest.mark.parametrize(
    "old, new",
    [
        (
            "The weighted average\nremaining terms to stated maturity of the pool I",
            "The weighted average\nremaining terms of the fixed rate mortgage loans of the pool I",
        ),
        (
            "The weighted average\nremaining terms to stated maturity of the pool I",
            "The weighted average\nremaining terms of the interest only mortgage loans of the pool I",
        ),
    ],
)
def test_a_term_of_some_loans_named_by_their_rate_is_still_their_wam(old, new):
    # From a third review: "the remaining term of the fixed rate mortgage loans" was taken for a term "of the
    # fixed rate period" and lost, with the WAM said to be missing.
    deal = detailed_reworded(old, new)
    assert [p.wam_months for p in deal.pools] == [358.2, 176.9, 358.39, 329.6]


@pytest.mark.parametrize(
    "label", ["Weighted Average Remaining Term (mos)", "Weighted Average Remaining Term until Maturity"]
)
def test_a_summarys_wam_label_in_other_words_gives_a_bare_figure_in_months(label):
    lines = [
        (label if name.startswith("Weighted Average Remaining Term") else name, value) for name, value in SUMMARY_LINES
    ]
    text = "\n".join(f"{name + ':':<50}{value:>25}" for name, value in lines)
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(POOL_FACTS, f"{text}\n\n").encode(), "cmsi-summary.txt"))
    assert deal.whole_deal.wam_months == 357.95 and not deal.warnings


def test_a_summarys_least_original_term_is_no_greatest_term():
    # "Minimum Original Term: 240 months" gave both the least and the greatest term as 20 years.
    lines = [line for line in SUMMARY_LINES if not line[0].startswith("Range of Original Terms")]
    lines.append(("Minimum Original Term", "240 months"))
    text = "\n".join(f"{name + ':':<50}{value:>25}" for name, value in lines)
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(POOL_FACTS, f"{text}\n\n").encode(), "cmsi-summary.txt"))
    assert (deal.whole_deal.original_term_min_years, deal.whole_deal.original_term_max_years) == (20, None)


@pytest.mark.parametrize(
    "label, figure, balance, within",
    [
        # An outside audit's summaries: "($000)" with "$619,801" was read as $619,801; "(in thousands)",
        # "($ millions)" and "(000's)" left the balance unread, said only to be missing.
        ("Aggregate Principal Balance ($000)", "$619,801", 619_801_000, 500),
        ("Aggregate Principal Balance (in thousands)", "619,801", 619_801_000, 500),
        ("Aggregate Principal Balance (000's)", "619,801", 619_801_000, 500),
        ("Aggregate Principal Balance ($ millions)", "619.80", 619_800_000, 5_000),
    ],
)
def test_a_summary_lines_balance_in_thousands_or_millions_is_read_as_dollars(label, figure, balance, within):
    lines = [(label, figure), *SUMMARY_LINES]
    text = "\n".join(f"{name + ':':<50}{value:>25}" for name, value in lines)
    prose = TERM_SHEET.replace(POOL_FACTS, f"{text}\n\n").replace(
        "principal balance outstanding (after deducting", "principal balance outstanding (given below, after deducting"
    )
    prose = prose.replace("as of May 1, 2004 of\n$619,800,778.37. Information", "as of May 1, 2004.\nInformation")
    assert "619,800,778" not in prose[: prose.index("At least 98%(2)")]  # the block's balance is the only one
    deal = load_filing(ingest_bytes(prose.encode(), "cmsi-summary.txt"))
    pool = deal.whole_deal
    assert pool.aggregate_balance == balance
    assert provenance_of(pool, "aggregate_balance").approximate_within == pytest.approx(within)
    assert deal.checks and all(c.passed for c in deal.checks)


@pytest.mark.parametrize(
    "label, figure",
    [("Minimum/Maximum Original Balance ($000)", "54.5 / 1,000"), ("Original Balance Range ($000)", "54.5 to 1,000")],
)
def test_a_summary_lines_range_in_thousands_is_read_as_dollars(label, figure):
    # A second review: a range under "($000)" was left unscaled and dropped, with no word of it.
    lines = [
        (label, figure) if name.startswith("Minimum/Maximum Original") else (name, value)
        for name, value in SUMMARY_LINES
    ]
    text = "\n".join(f"{name + ':':<50}{value:>25}" for name, value in lines)
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(POOL_FACTS, f"{text}\n\n").encode(), "cmsi-summary.txt"))
    pool = deal.whole_deal
    assert (pool.original_balance_min, pool.original_balance_max) == (54_500, 1_000_000)
    assert deal.checks and all(c.passed for c in deal.checks) and not deal.warnings


@pytest.mark.parametrize(
    "said",
    [
        "The maximum of the weighted average interest rates of the loan groups was 6.250%.",
        "The loan group with the highest rate had a weighted average interest rate of 6.250%.",
    ],
)
def test_the_extreme_of_several_groups_averages_in_prose_is_not_the_pools(said):
    # A second review: "The maximum of the weighted average interest rates of the loan groups ... was 6.132%"
    # was read as the deal's WAC, silently; after the WAC, as a second statement of it.
    anchor = "     The total number of mortgage loans"
    text = TERM_SHEET.replace(anchor, f"     {said}\n\n{anchor}", 1)
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-extreme.txt"))
    assert deal.whole_deal.wac == 5.843 and not deal.warnings


@pytest.mark.parametrize(
    "old, new",
    [
        (
            "servicing fee) as of May 1, 2004 was 5.843%.",
            "servicing fee) as of May 1, 2004 was 5.843%, the highest weighted average interest rate of any\n"
            "series issued by CMSI in 2004.",
        ),
        (
            "was 1,225. The\nweighted average interest rate",
            "was 1,225. The pool has the highest weighted average interest rate of any\nCMSI pool this year: the"
            " weighted average interest rate",
        ),
    ],
)
def test_the_pools_own_average_beside_an_extreme_of_others_is_read(old, new):
    # A second review: a sentence naming the highest weighted average rate "of any series" lost the pool's
    # own WAC stated in it, said only to be missing.
    assert TERM_SHEET.count(old) == 1
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(old, new).encode(), "cmsi-2004-3-beside.txt"))
    assert deal.whole_deal.wac == 5.843 and not deal.warnings and not deal.missing


def _as_read(deal: Deal, what: str) -> tuple[object, tuple[str, ...]]:
    """A figure of the deal, and the doubts beside it: what a rewording must keep, or doubt."""
    pool = deal.pools[0]
    if what == "underwriting":
        return [(u.policy, u.bound, u.percent) for u in pool.underwriting], tuple(
            w for u in pool.underwriting for w in u.warnings
        )
    if what == "additional_collateral":
        return pool.additional_collateral, ()
    if what == "clean_up_call_balance":
        return deal.clean_up_call_balance, provenance_of(deal, what).warnings
    if what.startswith("class A "):
        field = what.removeprefix("class A ")
        return getattr(deal.classes[0], field), provenance_of(deal.classes[0], field).warnings
    return [getattr(p, what) for p in deal.pools], tuple(w for p in deal.pools for w in provenance_of(p, what).warnings)


@pytest.mark.parametrize(
    "text, old, new, what, doubt",
    [
        # A metamorphic audit's rewordings of the samples: each lost or changed a figure with no word of it.
        ("term sheet", "had loan-to-value ratios\nin excess of 95%", "had LTV ratios\nin excess of 95%", "max_ltv", ""),
        ("detailed", "had\nloan-to-value ratios in excess of 95%", "had\nLTV ratios in excess of 95%", "max_ltv", ""),
        ("term sheet", "collateral was pledged", "collateral is pledged", "additional_collateral", ""),
        ("detailed", "collateral was pledged", "collateral has been pledged", "additional_collateral", ""),
        ("term sheet", "refinanced mortgage loans originated", "refinanced loans originated", "underwriting", ""),
        ("term sheet", "in excess of 80%, but", "in excess of approximately 80%, but", "balance_above_80_ltv", ""),
        ("term sheet", "weighted average interest rate", "weighted-average interest rate", "wac", ""),
        # "approximately" added: the figure is kept, and doubted
        ("term sheet", "in excess of 95%", "in excess of approximately 95%", "max_ltv", "approximately 95%"),
        ("term sheet", "At least 94%", "At least approximately 94%", "underwriting", "approximately 94%"),
        (
            "detailed",
            "is less than $49,364,137.76",
            "is less than approximately $49,364,137.76",
            "clean_up_call_balance",
            "approximately $49,364,137.76",
        ),
        (
            "detailed",
            "was $481,546,830.00",
            "was approximately $481,546,830",
            "class A initial_balance",
            "approximately $481,546,830",
        ),
    ],
)
def test_a_rewording_keeps_every_figure_or_doubts_it(text, old, new, what, doubt):
    original = TERM_SHEET if text == "term sheet" else DETAILED
    assert original.count(old) >= 1
    before = read_sample(original, "sample.txt")
    after = load_filing(ingest_bytes(original.replace(old, new).encode(), "reworded.txt"))
    (kept, doubts), (was, _) = _as_read(after, what), _as_read(before, what)
    assert kept == was and was not in (None, [], [None] * len(before.pools))
    assert doubts == ((f"stated as {doubt}, not as an exact figure",) if doubt else ())
    assert after.verdict == before.verdict


def test_a_class_subordination_level_stated_approximately_is_checked_within_its_rounding():
    deal = load_filing(ingest_bytes(DETAILED.replace("is 2.450067623897%", "is approximately 2.45%").encode(), "d.txt"))
    a = deal.classes[0]
    assert a.subordination_level == 2.45
    assert provenance_of(a, "subordination_level").warnings == (
        "stated as approximately 2.45%, not as an exact figure",
    )
    assert deal.verdict.value == "reconciled"  # 2.45 is 2.450067623897 to its two decimals


def _summary_block_deal(changed: dict[int, str]) -> Deal:
    lines = [(label, changed.get(index, value)) for index, (label, value) in enumerate(SUMMARY_LINES)]
    block = "\n".join(f"{label + ':':<50}{value:>25}" for label, value in lines)
    return load_filing(ingest_bytes(TERM_SHEET.replace(POOL_FACTS, f"{block}\n\n").encode(), "cmsi-summary.txt"))


def test_a_summary_line_stated_as_approximate_is_read_and_says_so():
    # Not read as a line of the block, "approximately 5.84" ran on into the range below it: the WAC was the
    # lowest rate (5.25), with the check failing and only "a sentence that breaks off" beside it.
    deal = _summary_block_deal({2: "approximately 5.84", 4: "approx. 358"})
    assert (deal.whole_deal.wac, deal.whole_deal.wam_months) == (5.84, 358)
    assert deal.warnings == (
        "All loans wac: stated as approximately 5.84%, not as an exact figure",
        "All loans wam_months: stated as approximately 358 months, not as an exact figure",
    )
    assert deal.verdict.value == "reconciled"  # the groups' weighted WAC and WAM are about 5.84 and 358


@pytest.mark.parametrize("words", [("TBD", "TBD"), ("N/A", "see below")])
def test_summary_lines_with_words_for_figures_state_nothing_and_keep_the_line_between_apart(words):
    # The range's line between them, alone, was no block of two: the three ran on, and the WAC was 5.25.
    deal = _summary_block_deal({2: words[0], 4: words[1]})
    assert (deal.whole_deal.wac, deal.whole_deal.wam_months) == (None, None)
    assert deal.missing == ("wac", "wam_months")
    only_the_rate_groups_said(
        deal, ("All loans wac", "5.850% and 5.354%"), ("All loans wam_months", "357.93 months and 359.36 months")
    )
    assert deal.whole_deal.wa_original_term_months == 359.54  # the lines after them, read as before


# The detailed description's figures per pool as a table with a column for each pool, in place of its
# "..., respectively" sentences (as 2005-2008 filings set them).
POOL_COLUMNS = (
    ("Pool I", "Pool II", "Pool III", "All Loans"),
    ("Number of mortgage loans", "663", "154", "153", "970"),
    ("Weighted average interest rate", "6.132%", "5.486%", "5.716%", "5.962%"),
    ("Weighted average remaining term", "", "", "", ""),
    ("  to stated maturity (months)", "358.20", "176.90", "358.39", "329.60"),
    ("Range of remaining terms (months)", "296-360", "143-180", "355-360", "143-360"),
    ("Weighted average original term", "", "", "", ""),
    ("  to stated maturity (months)", "359.66", "179.75", "360.00", "331.31"),
    ("Weighted average original LTV", "67.6%", "58.2%", "70.2%", "66.5%"),
)
DETAILED_SENTENCES = (
    (  # the counts, WACs and WAMs, up to the original maturities' sentence
        DETAILED[
            DETAILED.index("     The total numbers of the pool I") : DETAILED.index("All mortgage loans have original")
        ],
        "",
    ),
    (
        DETAILED[
            DETAILED.index(" The\nweighted average original terms") : DETAILED.index("331.31 months, respectively.")
            + 28
        ],
        "",
    ),
    (
        DETAILED[
            DETAILED.index(" The weighted average loan-to-value ratios\nat") : DETAILED.index(
                " No more than $4,538,332"
            )
        ],
        "",
    ),
)
DETAILED_POOL_FIGURES = ("loan_count", "wac", "wam_months", "wa_original_term_months", "wa_ltv")


@pytest.mark.parametrize("layout", ["text", "an HTML table"])
def test_a_table_with_a_column_for_each_pool_gives_each_pool_its_figures(layout):
    # Each row ran on as one sentence of four figures for one subject: every pool's count, WAC, WAM,
    # original term and LTV were lost ("4 values for 1 subjects"), and a label over two lines unsaid.
    if layout == "text":
        table = "\n".join(
            f"{label:<38}" + "".join(f"{figure:>13}" for figure in figures) for label, *figures in POOL_COLUMNS[1:]
        )
        heads = " " * 38 + "".join(f"{pool:>13}" for pool in POOL_COLUMNS[0])
        block = f"     As of October 1, 2004:\n\n{heads}\n{' ' * 38}{'  -----------' * 4}\n{table}\n\n     "
    else:  # a label over two lines in one cell
        joined, above = [], ""
        for label, *figures in POOL_COLUMNS[1:]:
            if not figures[0]:
                above = label
                continue
            joined.append((f"{above} {label.strip()}" if label.startswith(" ") else label, *figures))
        rows = [("", *POOL_COLUMNS[0]), *joined]
        cells = ["".join(f"<td>{html.escape(cell)}</td>" for cell in row) for row in rows]
        block = "</pre><table><tr>" + "</tr><tr>".join(cells) + "</tr></table><pre>     "
    text = DETAILED
    for old, new in DETAILED_SENTENCES:
        assert text.count(old) == 1
        text = text.replace(old, new)
    text = text.replace(
        "indicated.\n\nAll mortgage loans have original", f"indicated.\n\n{block}All mortgage loans have original"
    )
    assert block in text
    if layout == "text":
        deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-pool-columns.txt"))
    else:
        page = f"<html><body><pre>{html.escape(text).replace(html.escape(block), block)}</pre></body></html>"
        deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-8-pool-columns.htm"))
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    for pool in sample.pools:
        assert {f: getattr(deal.pool(pool.name), f) for f in DETAILED_POOL_FIGURES} == {
            f: getattr(pool, f) for f in DETAILED_POOL_FIGURES
        }
    assert deal.pool("II").wam_months == 176.90 and deal.whole_deal.wa_ltv == 66.5
    assert deal.verdict.value == "reconciled" and not deal.warnings and not deal.missing


@pytest.mark.parametrize("whole", ["Total Pool", "All Groups", "All Loan Groups", "Pools Combined"])
def test_a_column_headed_in_other_words_for_the_whole_deal_is_the_deals(whole):
    # An outside audit's "Group 1  Group 2  Group 3  Total Pool": "Total Pool" was no column's heading known,
    # so the table was no table of the pools' columns; each row ran on as prose, and every pool's and the
    # deal's count, WAC, WAM and original term were lost, the terms with no word said.
    heads = " " * 38 + "".join(f"{pool:>18}" for pool in (*POOL_COLUMNS[0][:3], whole))
    table = "\n".join(
        f"{label:<38}" + "".join(f"{figure:>18}" for figure in figures) for label, *figures in POOL_COLUMNS[1:]
    )
    block = f"     As of October 1, 2004:\n\n{heads}\n{' ' * 38}{('  ' + '-' * 16) * 4}\n{table}\n\n     "
    deal = _with_pool_figures_in(block, "cmsi-2004-8-pool-columns-total.txt")  # each pool's, as the sample's
    whole_deal = deal.whole_deal
    assert (whole_deal.loan_count, whole_deal.wac, whole_deal.wam_months) == (970, 5.962, 329.60)
    assert (whole_deal.wa_original_term_months, whole_deal.wa_ltv) == (331.31, 66.5)
    assert deal.pool("III").wa_original_term_months == 360.00
    assert deal.verdict.value == "reconciled" and not deal.warnings and not deal.missing


def test_a_row_of_wide_figures_set_one_space_apart_is_a_row_of_the_pools_columns():
    # An outside audit's 2005 summary: the balances' row, its figures one space apart, ended the table at its
    # first row, and every later row ran on as prose ("loan_count: 4 values for 1 subjects"): all lost.
    balances = ("$335,095,817.07", "$77,943,340.57", "$80,602,219.93", "$493,641,377.57")
    heads = " " * 30 + "".join(f"{pool:>15}" for pool in POOL_COLUMNS[0])
    rows = [f"{'Aggregate principal balance':<30}" + " ".join(balances)]
    rows += [f"{label:<30}" + "".join(f"{figure:>15}" for figure in figures) for label, *figures in POOL_COLUMNS[1:]]
    block = f"     As of October 1, 2004:\n\n{heads}\n" + "\n".join(rows) + "\n\n     "
    text = DETAILED
    for old, new in DETAILED_SENTENCES:
        text = text.replace(old, new)
    text = text.replace(
        "indicated.\n\nAll mortgage loans have original", f"indicated.\n\n{block}All mortgage loans have original"
    )
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-pool-columns.txt"))
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    for pool in sample.pools:
        assert {f: getattr(deal.pool(pool.name), f) for f in ("aggregate_balance", *DETAILED_POOL_FIGURES)} == {
            f: getattr(pool, f) for f in ("aggregate_balance", *DETAILED_POOL_FIGURES)
        }
    assert deal.verdict.value == "reconciled" and not deal.warnings and not deal.missing


PREMIUM_TABLE = """\
     Discount loans are mortgage loans with net loan rates less than the
threshold below; premium loans are the others. As of the cut-off date:

                                    Pool I          Pool II          Pool III
                                 ------------     ------------     ------------
Net loan rate threshold                5.50%            4.75%            5.25%
Discount loans
   Aggregate principal balance    $25,949,684       $1,320,225       $4,920,460
   Weighted average interest rate      5.544%           4.875%           5.282%
   Weighted average remaining term 355.82 mos.      176.76 mos.      358.67 mos.
Premium loans
   Aggregate principal balance   $309,146,133      $76,623,116      $75,681,760
   Weighted average interest rate      6.182%           5.496%           5.744%
   Weighted average remaining term 358.40 mos.      176.90 mos.      358.37 mos.

"""


def test_a_premium_and_discount_table_with_a_column_for_each_pool_gives_each_group_its_figures():
    # The rows under "Discount loans" are the group's, never the pool's: read as the pool's, the
    # discount loans' rate would have been a pool's WAC wherever the prose left it unsaid.
    start = DETAILED.index("     Pool I discount loans will consist")
    end = DETAILED.index("were 358.67 months and 358.37 months, respectively.") + 52
    deal = load_filing(
        ingest_bytes((DETAILED[:start] + PREMIUM_TABLE + DETAILED[end:]).encode(), "cmsi-2004-8-premium-table.txt")
    )
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")

    for name in ("I", "II", "III"):
        groups = deal.pool(name).premium_discount
        assert (groups.threshold_net_rate, groups.premium.wac, groups.discount.wam_months) == (
            sample.pool(name).premium_discount.threshold_net_rate,
            sample.pool(name).premium_discount.premium.wac,
            sample.pool(name).premium_discount.discount.wam_months,
        )
        for group in ("premium", "discount"):
            assert [getattr(getattr(groups, group), f) for f in ("balance", "wac", "wam_months")] == [
                getattr(getattr(sample.pool(name).premium_discount, group), f) for f in ("balance", "wac", "wam_months")
            ]
        assert deal.pool(name).wac == sample.pool(name).wac  # the pool's own, from the prose
    assert deal.pool("I").premium_discount.discount.wac == 5.544
    assert deal.verdict.value == "reconciled" and not deal.warnings and not deal.missing


def test_a_threshold_line_of_more_digits_than_any_figure_is_not_read_and_says_so():
    # It was read as 1e23%, with no warning.
    start = DETAILED.index("     Pool I discount loans will consist")
    end = DETAILED.index("were 358.67 months and 358.37 months, respectively.") + 52
    table = PREMIUM_TABLE.replace("5.50%  ", "99999999999999999999995.50%")
    deal = load_filing(ingest_bytes((DETAILED[:start] + table + DETAILED[end:]).encode(), "cmsi-2004-8-damaged.txt"))
    assert deal.pool("I").premium_discount.threshold_net_rate is None
    assert deal.pool("II").premium_discount.threshold_net_rate == 4.75
    assert deal.warnings == (
        "Pool I threshold: the filing writes it as '99999999999999999999... (26 characters)',"
        " which is not read as a figure",
    )


@pytest.mark.parametrize(
    "written",
    ["$619,8 million", "$619,800,77.37", "$6198,00,778.37", "$619.800.778,37", "$619.800,778"],
)
def test_a_balance_whose_digits_are_not_grouped_in_threes_is_not_read_and_says_so(written):
    # A decimal comma ("$619,8 million") was read as $6.2 billion, a dropped digit as $62 million, and
    # "$619.800.778,37" as $619.80: wrong figures, printed with only the failed checks to doubt them.
    deal = reworded(("May 1, 2004 of\n$619,800,778.37.", f"May 1, 2004 of\n{written}."))
    assert deal.pools[0].aggregate_balance is None and deal.missing == ("aggregate_balance",)
    assert deal.warnings == (
        f"All loans aggregate_balance: the filing writes it as {written.removesuffix(' million')!r},"
        " which is not read as a figure",
    )
    assert deal.pools[0].loan_count == 1225 and deal.pools[0].largest_zip_balance == 7_749_519


def test_a_share_with_a_decimal_comma_is_not_read_as_a_whole_number():
    deal = reworded(("2004 was 64.5%.", "2004 was 64,5%."))
    assert deal.pools[0].wa_ltv is None
    assert "All loans wa_ltv: the filing writes it as '64,5%', which is not read as a figure" in deal.warnings


@pytest.mark.parametrize(
    "written, wac",
    [("five point eight four three percent", 5.843), ("Five Point Eight\nFour Three percent", 5.843)],
)
def test_a_decimal_share_written_in_words_is_read_whole(sample, written, wac):
    # An outside review: "was five point eight four three percent." was read as a WAC of 3.0%, the run's
    # last words; only the premium/discount check caught it.
    deal = reworded(("2004 was 5.843%.", f"2004 was {written}."))
    assert deal.whole_deal.wac == wac
    assert facts(deal) == sample


@pytest.mark.parametrize(
    "written",
    ["five point eighty-four three percent", "five hundred and five point eight four three percent"],
)
def test_a_run_of_number_words_not_read_whole_gives_no_figure_and_says_so(written):
    # Never a part of the run ("three percent" is not a WAC of 3.0%): nothing read, and the WAC is "in the
    # filing but not read", its checks could not run.
    from reporting.derive import metrics

    deal = reworded(("2004 was 5.843%.", f"2004 was {written}."))
    pool = deal.whole_deal
    assert pool.wac is None and deal.missing == ("wac",)
    assert provenance_of(pool, "wac").warnings == (
        f"the filing writes it as {written!r}, which is not read as a figure",
    )
    assert metrics.missing_phrases(deal) == ("in the filing but not read: WAC",)
    assert "could not run" in deal.verdict_reason


def test_a_list_of_terms_writing_months_once_gives_every_pool_its_wam():
    # An outside audit's amended filing: the WAM of every pool was lost ("1 values for 4 subjects").
    deal = detailed_reworded(
        "358.20 months, 176.90 months, 358.39 months and 329.60 months", "358.20, 176.90, 358.39 and 329.60 months"
    )
    assert [p.wam_months for p in deal.pools] == [p.wam_months for p in DETAILED_SAMPLE.pools]
    assert deal.warnings == () and deal.verdict.value == "reconciled"


@pytest.mark.parametrize(
    "aside, doubted",
    [
        ("($493,641,377.57), which includes $80,602,219.93 of pool III mortgage loans", False),
        ("of $493,641,377.57, which includes $80,602,219.93 of pool III mortgage loans", False),
        ("($493,641,377.57), which includes $80,000,000.00 of pool III mortgage loans", True),
        ("($80,602,219.93), which includes $493,641,377.57 of pool III mortgage loans", True),  # swapped
    ],
)
def test_a_sentence_naming_loans_apart_with_the_figures_read_elsewhere_is_no_doubt(aside, doubted):
    # An outside audit's note under the clean-up call: the balances of pool III and all loans, each
    # read from its own sentence, were doubted ("whose figure is whose cannot be told") though it agreed.
    anchor = "respectively. All mortgage loans have original maturities"
    note = (
        "respectively. The clean-up call amount is 10% of the aggregate scheduled principal balance of all"
        f" mortgage loans as of October 1, 2004 {aside}. All mortgage loans have original maturities"
    )
    deal = detailed_reworded(anchor, note)
    assert [p.aggregate_balance for p in deal.pools] == [p.aggregate_balance for p in DETAILED_SAMPLE.pools]
    said = "aggregate_balance: one sentence names pool III and all loans apart, and whose figure is whose"
    assert any(w.startswith(said) for w in deal.warnings) is doubted
    if not doubted:
        assert deal.warnings == () and deal.verdict.value == "reconciled"


@pytest.mark.parametrize(
    "sentence",
    [
        "The Collateral Term Sheet filed by CMSI on Form 8-K on October 8, 2004 stated an aggregate scheduled"
        " principal balance of $340,113,552.19 for the pool I mortgage loans.",
        "The weighted average interest rate of the pool I mortgage loans stated in the Collateral Term Sheet"
        " was 6.151%.",
    ],
)
def test_a_figure_the_term_sheet_stated_before_is_not_this_filings(sentence):
    # An outside audit's 1997 description: the term sheet's earlier figures were read as this filing's
    # stating its balance and WAC again, with "stated again" beside both and every share of balance.
    anchor = "respectively. All mortgage loans have original maturities"
    deal = detailed_reworded(anchor, f"respectively. {sentence} All mortgage loans have original maturities")
    assert deal.pool("I") == DETAILED_SAMPLE.pool("I")
    assert deal.warnings == () and deal.verdict.value == "reconciled"


WAC_SENTENCE = "970,respectively. The weighted average interest rates of the"


@pytest.mark.parametrize(
    "before",
    [
        "The mortgage loans described in the Collateral Term Sheet, as stated in the Collateral Term Sheet, are"
        " fixed rate loans. The weighted average interest rates of the",
        "The weighted average interest rates stated in the Collateral Term Sheet were 6.140%, 5.490%, 5.720% and"
        " 5.970%, respectively; the weighted average interest rates of the",
    ],
)
def test_a_sentence_naming_the_term_sheet_keeps_this_filings_own_figures(before):
    # From a second review: "... described in the Collateral Term Sheet had ... a remaining term to stated
    # maturity of ..." and "the term sheet stated ...; the ... were ..." lost this filing's own figures, unsaid.
    deal = detailed_reworded(WAC_SENTENCE, f"970,respectively. {before}")
    assert [p.wac for p in deal.pools] == [6.132, 5.486, 5.716, 5.962]
    assert deal.warnings == () and deal.verdict.value == "reconciled"


def test_the_loans_the_term_sheet_described_with_a_term_to_stated_maturity_are_this_filings():
    old = "respectively. The weighted average\nremaining terms to stated maturity"
    new = "respectively. The mortgage loans described in the Collateral Term Sheet had weighted average\nremaining terms to stated maturity"
    deal = detailed_reworded(old, new)
    assert [p.wam_months for p in deal.pools] == [358.2, 176.9, 358.39, 329.6]
    assert deal.warnings == ()


def test_a_fact_stated_only_as_the_term_sheet_stated_it_is_not_read_and_says_so():
    deal = detailed_reworded(
        WAC_SENTENCE,
        "970,respectively. Although the Collateral Term Sheet stated otherwise, the weighted average interest rates of the",
    )
    assert [p.wac for p in deal.pools] == [None] * 4
    assert "pool I wac" in deal.missing
    [said] = deal.warnings
    assert said.startswith("a sentence tells an earlier document's figures: stated only where the filing tells")
    assert said.endswith("not read as this filing's figure")


def test_pools_are_listed_in_the_order_of_their_numbers_whichever_the_filing_names_first():
    # An outside audit's amendment named pool III first: every report ran III, I, II.
    deal = detailed_reworded(
        "     On October 28, 2004, Citicorp",
        "     The weighted average loan-to-value ratio at origination of the pool III mortgage loans was 70.2%."
        " On October 28, 2004, Citicorp",
    )
    assert [p.name for p in deal.pools] == ["I", "II", "III", "all"]
    assert [p.aggregate_balance for p in deal.pools] == [p.aggregate_balance for p in DETAILED_SAMPLE.pools]


def test_a_figure_stated_as_approximate_is_read_with_that_said_beside_it():
    # "approximately $619,800,778.37", as a preliminary term sheet states its figures, was printed as exact.
    deal = reworded(
        ("May 1, 2004 of\n$619,800,778.37.", "May 1, 2004 of\napproximately $619,800,778.37."),
        ("2004 was 357.95\nmonths.", "2004 was about 358\nmonths."),
    )
    assert (deal.whole_deal.aggregate_balance, deal.whole_deal.wam_months) == (619_800_778.37, 358)
    assert provenance_of(deal.whole_deal, "aggregate_balance").warnings == (
        "stated as approximately $619,800,778.37, not as an exact figure",
    )
    assert provenance_of(deal.whole_deal, "wam_months").warnings == (
        "stated as approximately 358 months, not as an exact figure",
    )
    assert provenance_of(deal.whole_deal, "wac").warnings == ()  # stated exactly
    assert deal.verdict.value == "reconciled"  # the tables' total agrees: the balance is as stated


def test_approximately_before_a_list_of_figures_is_said_for_each():
    deal = detailed_reworded(
        "2004 were 6.132%, 5.486%, 5.716% and 5.962%", "2004 were approximately 6.132%, 5.486%, 5.716% and 5.962%"
    )
    for name, wac in (("I", 6.132), ("II", 5.486), ("III", 5.716)):
        assert deal.pool(name).wac == wac
        assert provenance_of(deal.pool(name), "wac").warnings == (
            f"stated as approximately {wac:.3f}%, not as an exact figure",
        )
    assert provenance_of(deal.pool("I"), "wam_months").warnings == ()


def test_approximately_before_each_figure_of_a_list_is_said_for_each():
    # "approximately 6.132%, approximately 5.486%, ...": the word between two figures broke the list, and no WAC
    # was read ("1 values for 4 subjects"): all four were "in the filing but not read".
    deal = detailed_reworded(
        "2004 were 6.132%, 5.486%, 5.716% and 5.962%",
        "2004 were approximately 6.132%, approximately 5.486%, about 5.716% and approximately 5.962%",
    )
    for name, wac in (("I", 6.132), ("II", 5.486), ("III", 5.716)):  # "about" said as "approximately" too
        assert deal.pool(name).wac == wac
        assert provenance_of(deal.pool(name), "wac").warnings == (
            f"stated as approximately {wac:.3f}%, not as an exact figure",
        )
    assert deal.whole_deal.wac == 5.962 and not deal.missing


def test_a_group_with_no_loans_is_not_missing_and_levels_stated_for_the_seniors_alone_are_not_found():
    # A group with no loans has no figures to find; the juniors' levels of a filing that states the
    # seniors' alone are not found in it (and one cut off by a layout would be lost unsaid otherwise).
    no_discount = (
        "loans with net loan rates greater than or equal to 4.75%. The aggregate\n"
        "scheduled principal balances outstanding as of the cut-off date of the pool II\n"
        "discount loans and the pool II premium loans were $1,320,225 and $76,623,116,\n"
        "respectively. The weighted average interest rates of the pool II discount loans\n"
        "and the pool II premium loans, as of the cut-off date, were 4.875% and 5.496%,\n"
        "respectively. The weighted average remaining terms to stated maturity of the\n"
        "pool II discount loans and the pool II premium loans, as of the cut-off date,\n"
        "were 176.76 months and 176.90 months, respectively.",
        "loans with net loan rates greater than or equal to 4.75%. None of the pool II\n"
        "mortgage loans are discount loans. The aggregate scheduled principal balance\n"
        "outstanding as of the cut-off date of the pool II premium loans was\n"
        "$77,943,340.57. The weighted average interest rate of the pool II premium loans,\n"
        "as of the cut-off date, was 5.486%. The weighted average remaining term to stated\n"
        "maturity of the pool II premium loans, as of the cut-off date, was 176.90 months.",
    )
    first, last = "     The class B-1 subordination level", "     The class B-5 subordination level"
    juniors = DETAILED[DETAILED.index(first) : DETAILED.index("\n\n", DETAILED.index(last)) + 2]
    seniors_only = (juniors, "")
    assert juniors.endswith("0.150017321005%.*\n\n")
    text = DETAILED
    for old, new in (no_discount, seniors_only):
        assert text.count(old) == 1
        text = text.replace(old, new)
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-no-discount-loans.txt"))
    assert deal.pool("II").premium_discount.premium.balance == 77_943_340.57
    assert deal.pool("II").premium_discount.discount.balance is None
    assert [c.subordination_level for c in deal.classes][:2] == [2.450067623897, None]
    assert deal.missing == tuple(f"class B-{n} subordination level" for n in range(1, 6))


@pytest.mark.parametrize(
    "title, premium",
    [
        ("", "Premium Loans"),
        ("Fixed Rate Mortgage Loans", "Premium Loans\n(net loan rates of 5.250% or more)"),
        ("Selected Mortgage Loan Data", "Premium Loans\n-------------"),
        ("30-Year Mortgage Loans", "Characteristics of the Premium Loans"),
        ("Total Mortgage Loans", "Mortgage Loans with Net Loan Rates at least 5.250% (Premium Loans)"),
    ],
)
def test_a_summary_blocks_lines_under_a_group_or_a_subset_are_not_the_pools(title, premium):
    # Under "Premium Loans" the lines are the premium loans' (they were lost, each "stated again" as
    # the pool's); under "Jumbo Loans (22% ...)" a subset's, no pool's (its minimum balance was the pool's).
    # A title over the whole block ("Fixed Rate Mortgage Loans") is the pool's (its figures were lost).
    main = "\n".join(f"{label + ':':<50}{value:>25}" for label, value in SUMMARY_LINES)
    main = f"{title}\n\n{main}" if title else main
    groups = f"""
{premium}
   Aggregate Principal Balance:                          $611,102,780
   Weighted Average Mortgage Rate:                             5.850%
   Weighted Average Remaining Term:                     357.93 months

Discount Loans
   Aggregate Principal Balance:                            $8,697,998
   Weighted Average Mortgage Rate:                             5.354%
   Weighted Average Remaining Term:                     359.36 months

Jumbo Loans (22% of the mortgage loans)
   Minimum Original Balance:                                 $650,000
   Weighted Average Mortgage Rate:                             6.104%
   Earliest Origination Date:                           March 1, 2003
"""
    start = TERM_SHEET.index("     Premium loans will consist")
    end = TERM_SHEET.index("were 357.93 months and 359.36 months, respectively.") + 51
    text = TERM_SHEET[:start] + TERM_SHEET[end:]
    text = text.replace(POOL_FACTS, f"{main}\n{groups}\n")
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-summary-groups.txt"))
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.txt").whole_deal
    pool = deal.whole_deal
    assert {f: getattr(pool, f) for f in SUMMARY_FIELDS} == {f: getattr(sample, f) for f in SUMMARY_FIELDS}
    assert (pool.wac, pool.original_balance_min, pool.originated_not_before) == (
        5.843,
        54_500,
        sample.originated_not_before,
    )
    for group in ("premium", "discount"):
        assert getattr(pool.premium_discount, group) == dataclasses.replace(
            getattr(sample.premium_discount, group), provenance=getattr(pool.premium_discount, group).provenance
        )
    assert pool.premium_discount.discount.wac == 5.354
    assert not deal.warnings and deal.missing == ()


def _with_pool_figures_in(block: str, name: str) -> Deal:
    """The detailed description with its pools' counts, WACs, WAMs, terms and LTVs stated in ``block``
    in place of its sentences; each pool's figures read are checked against the sample's."""
    text = DETAILED
    for old, new in DETAILED_SENTENCES:
        text = text.replace(old, new)
    text = text.replace(
        "indicated.\n\nAll mortgage loans have original", f"indicated.\n\n{block}     All mortgage loans have original"
    )
    deal = load_filing(ingest_bytes(text.encode(), name))
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    for pool in sample.pools:
        assert {f: getattr(deal.pool(pool.name), f) for f in DETAILED_POOL_FIGURES} == {
            f: getattr(pool, f) for f in DETAILED_POOL_FIGURES
        }
    return deal


@pytest.mark.parametrize(
    "subset",
    [
        "Loans with original LTV above 80%",
        "Summary of loans with original LTV above 80%",
        "Original LTV above 80%",
        "Interest-only",
        "Mortgage loans in pool II and pool III",
    ],
)
def test_a_pool_column_tables_rows_under_a_subset_or_a_measure_are_read_as_such(subset):
    # Rows set in under "Loans with original LTV above 80%" are that subset's (they were each pool's
    # WA LTV, 88.9%, reconciled and unsaid); under "Interest rates", "Weighted average" is the WAC.
    rows = f"""\
                                              Pool I       Pool II      Pool III     All Loans
                                        -----------  -----------  -----------  -----------
Number of mortgage loans                        663          154          153          970
Interest rates
   Weighted average                          6.132%       5.486%       5.716%       5.962%
   Range                                5.25-7.25%   4.75-6.50%   5.125-6.375%  4.75-7.25%
Weighted average remaining term
  to stated maturity (months)                358.20       176.90       358.39       329.60
Weighted average original term
  to stated maturity (months)                359.66       179.75       360.00       331.31
Weighted average original LTV                 67.6%        58.2%        70.2%        66.5%
{subset}
   Number of mortgage loans                      12            3            5           20
   Weighted average original LTV              88.9%        88.7%        89.0%        88.9%

"""
    deal = _with_pool_figures_in(rows, "cmsi-2004-8-pool-columns-subset.txt")
    assert (deal.pool("I").wa_ltv, deal.pool("I").loan_count) == (67.6, 663)
    assert deal.verdict.value == "reconciled" and not deal.warnings and not deal.missing


@pytest.mark.parametrize("heading", ["POOL {} MORTGAGE LOANS", "Pool {} Collateral Summary", "Pool {} (Fixed Rate)"])
def test_a_summary_block_for_each_pool_under_its_heading_is_that_pools(heading):
    # Each block under its pool's heading, one after another, the deal's under "ALL MORTGAGE LOANS":
    # under a heading the parser did not know, each pool's figures were the deal's, "stated again";
    # the deal's block, under a heading within the blocks, was taken for a subset's and lost.
    figures = {
        "I": ("663", "6.132%", "5.250% to 7.250%", "67.6%"),
        "II": ("154", "5.486%", "4.750% to 6.500%", "58.2%"),
        "III": ("153", "5.716%", "5.125% to 6.375%", "70.2%"),
        "all": ("970", "5.962%", "4.750% to 7.250%", "66.5%"),
    }
    labels = ("Number of Mortgage Loans", "Weighted Average Mortgage Rate", "Range of Mortgage Rates")
    labels += ("Weighted Average Original LTV",)
    blocks = [
        (heading.format(pool) if pool != "all" else "ALL MORTGAGE LOANS")
        + "\n\n"
        + "\n".join(f"{label + ':':<45}{figure:>20}" for label, figure in zip(labels, stated))
        for pool, stated in figures.items()
    ]
    text = DETAILED
    for old, new in DETAILED_SENTENCES:
        text = text.replace(old, new)
    block = "\n\n".join(blocks)
    text = text.replace(
        "indicated.\n\nAll mortgage loans have original",
        f"indicated.\n\n{block}\n\n     All mortgage loans have original",
    )
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-pool-blocks.txt"))
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    for pool in sample.pools:
        assert {f: getattr(deal.pool(pool.name), f) for f in ("loan_count", "wac", "wa_ltv")} == {
            f: getattr(pool, f) for f in ("loan_count", "wac", "wa_ltv")
        }
    assert (deal.pool("II").wac, deal.whole_deal.wac) == (5.486, 5.962)
    # the WAMs' sentence is taken out: each pool's is stated only for its premium and discount loans, and said
    only_the_rate_groups_said(
        deal,
        ("Pool I wam_months", "355.82 months and 358.40 months"),
        ("Pool II wam_months", "176.76 months and 176.90 months"),
        ("Pool III wam_months", "358.67 months and 358.37 months"),
    )


# Each pool's summary block of the detailed description, as 2005 filings headed them "Loan Group 1:" ...
# "Aggregate:"; pool III's gives no WAC.
GROUP_BLOCK_FIGURES = {
    "I": ("663", "6.132%", "358.20 months", "359.66 months"),
    "II": ("154", "5.486%", "176.90 months", "179.75 months"),
    "III": ("153", None, "358.39 months", "360.00 months"),
    "all": ("970", "5.962%", "329.60 months", "331.31 months"),
}
GROUP_BLOCK_LABELS = (
    "Number of Mortgage Loans",
    "Weighted Average Coupon",
    "Weighted Average Remaining Term",
    "Weighted Average Original Term",
)


def _group_blocks_deal(whole: str | None, sub_headings: dict[str, str] | None = None) -> Deal:
    """The detailed description with its pools' figures in a block under each pool's heading, "Loan Group
    I:" ..., the deal's last, under ``whole`` (none where it is None); a pool's ``sub_headings`` between its
    heading and its figures; the prose after them ("All mortgage loans ...") as written."""
    blocks = [
        (whole if pool == "all" else f"Loan Group {pool}:")
        + "".join(f"\n\n{sub}" for sub in [(sub_headings or {}).get(pool)] if sub)
        + "\n\n"
        + "\n".join(
            f"     {label + ':':<45}{figure:>20}" for label, figure in zip(GROUP_BLOCK_LABELS, stated) if figure
        )
        for pool, stated in GROUP_BLOCK_FIGURES.items()
        if pool != "all" or whole is not None
    ]
    text = DETAILED
    for old, new in DETAILED_SENTENCES:
        text = text.replace(old, new)
    text = text.replace(
        "indicated.\n\nAll mortgage loans have original",
        "indicated.\n\n" + "\n\n".join(blocks) + "\n\n     All mortgage loans have original",
    )
    return load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-group-blocks.txt"))


@pytest.mark.parametrize(
    "whole",
    ["Aggregate:", "Total Pool:", "Total:", "All Loan Groups:", "All Groups:", "Combined:"],
)
def test_the_blocks_last_under_a_heading_naming_the_whole_deal_is_the_deals(whole):
    # An outside audit: under "Aggregate:" ("Total Pool:", "Total:") the deal's block was read as the last
    # group's: its WAC, where group III's block gives none, was group III's with no doubt, the rest "stated
    # again", and the deal's count, WAC and terms lost; under "All Loan Groups:" the block was taken for a
    # subset's, and lost unsaid. The prose after it ("All mortgage loans ... at least 12") is the deal's too.
    deal = _group_blocks_deal(whole)
    figures = ("loan_count", "wac", "wam_months", "wa_original_term_months")
    found = {pool.name: tuple(getattr(pool, f) for f in figures) for pool in deal.pools}
    assert found == {
        "I": (663, 6.132, 358.20, 359.66),
        "II": (154, 5.486, 176.90, 179.75),
        "III": (153, None, 358.39, 360.00),
        "all": (970, 5.962, 329.60, 331.31),
    }
    terms = {pool.name: (pool.original_term_min_years, pool.original_term_max_years) for pool in deal.pools}
    assert terms == {"I": (25, 30), "II": (12, 15), "III": (30, 30), "all": (12, 30)}
    only_the_rate_groups_said(deal, ("Pool III wac", "5.282% and 5.744%"))  # group III's block gives no WAC
    assert [m for m in deal.missing if "wa_ltv" not in m] == ["pool III wac"]  # the LTVs' sentence is taken out


@pytest.mark.parametrize("word", ["Aggregate:", "Total", "Combined:", "TOTAL:"])
@pytest.mark.parametrize("deal_block", [True, False], ids=["the deal's block after", "no block for the deal"])
def test_a_whole_deal_word_right_under_a_pools_heading_heads_that_pools_own_figures(word, deal_block):
    # An outside review: "Loan Group III:" then "Aggregate:" over group III's own lines was read as a switch to
    # the whole deal: the deal's count and WAM were group III's (153, 358.39) with no doubt, group III's were
    # lost, and the deal's own block under "All Loan Groups:" was thrown out as "stated again".
    whole = "All Loan Groups:" if deal_block else None
    deal = _group_blocks_deal(whole, {"II": word, "III": word})
    figures = ("loan_count", "wac", "wam_months", "wa_original_term_months")
    found = {pool.name: tuple(getattr(pool, f) for f in figures) for pool in deal.pools}
    assert found == {
        "I": (663, 6.132, 358.20, 359.66),
        "II": (154, 5.486, 176.90, 179.75),
        "III": (153, None, 358.39, 360.00),
        "all": (970, 5.962, 329.60, 331.31) if deal_block else (None, None, None, None),
    }
    expected = ["pool III wac"] + ([] if deal_block else ["loan_count", "wac", "wam_months", "wa_original_term_months"])
    assert [m for m in deal.missing if "wa_ltv" not in m] == expected  # the LTVs' sentence is taken out
    # The sub-heading changes nothing: every fact and warning is as under the pools' headings alone (the lines
    # moved by the sub-headings aside).
    without = _group_blocks_deal(whole)
    assert _pool_facts(deal) == _pool_facts(without)
    assert [re.sub(r"lines? [\d-]+", "", w) for w in deal.warnings] == [
        re.sub(r"lines? [\d-]+", "", w) for w in without.warnings
    ]
    assert not [w for w in deal.warnings if "stated again" in w and "original_term_min_years" not in w]


# The detailed description's sentence of its pools' counts, for rewording.
DETAILED_COUNT_SENTENCE = DETAILED[
    DETAILED.index("     The total numbers of the pool I") : DETAILED.index("970,respectively.")
    + len("970,respectively.")
]


@pytest.mark.parametrize(
    "counts",
    [
        "there were 663 pool I mortgage loans, 154 pool II mortgage loans and 153 pool III mortgage loans,\n"
        "for a total of 970 mortgage loans.",
        "there were 663 pool I mortgage loans, 154 pool II mortgage loans, 153 pool III mortgage loans and\n"
        "12 mortgage loans with loan-to-value ratios above 95%, for a total of 970 mortgage loans.",
    ],
)
def test_loans_counted_as_there_were_n_of_each_pool_are_each_pools_count(counts):
    # "there were 663 pool I mortgage loans, ...": every count was lost ("Not stated in this filing:
    # Loan count"); loans the sentence qualifies ("with loan-to-value ratios above 95%") are counted for no pool.
    deal = detailed_reworded(DETAILED_COUNT_SENTENCE, f"     As of October 1, 2004, {counts}")
    assert [(p.name, p.loan_count) for p in deal.pools] == [("I", 663), ("II", 154), ("III", 153), ("all", 970)]
    assert not any("loan_count" in m for m in deal.missing) and deal.verdict.value == "reconciled"


def test_a_pool_column_tables_rows_read_whatever_their_label_or_alignment():
    # From an outside review: a label ending "of the loans" was taken for a group of loans and every row
    # below it was lost; a heading with a blank line under it took the pools' rows below the blank; and
    # figures typed a few columns left of their headings lost the whole table.
    rows = """\
                                              Pool I       Pool II      Pool III     All Loans
                                        -----------  -----------  -----------  -----------
Number of mortgage loans                        663          154          153          970
Weighted average interest rate of the loans
  (before the servicing fee)                 6.132%       5.486%       5.716%       5.962%
Relocation loans

Weighted average remaining term
  to stated maturity (months)             358.20       176.90       358.39       329.60
Weighted average original term
  to stated maturity (months)                359.66       179.75       360.00       331.31
Weighted average original LTV                 67.6%        58.2%        70.2%        66.5%

"""
    deal = _with_pool_figures_in(rows, "cmsi-2004-8-pool-columns-labels.txt")
    assert (deal.pool("III").wam_months, deal.whole_deal.wac) == (358.39, 5.962)
    assert not deal.missing


@pytest.mark.parametrize(
    "subset",
    [
        "587 mortgage loans in California",
        "17 mortgage loans made to employees",
        "12 mortgage loans 30 days delinquent",
        "47 mortgage loans in the pool secured by cooperative units",
    ],
)
def test_a_count_of_some_of_the_loans_is_no_pools_count(subset):
    # "there were 587 mortgage loans in California" made the pool's count 587.
    old = TERM_SHEET[TERM_SHEET.index("     The total number of mortgage loans") : TERM_SHEET.index("was 1,225.") + 10]
    deal = reworded((old, f"     As of May 1, 2004, there were {subset}."))
    assert deal.whole_deal.loan_count is None and "loan_count" in deal.missing


COUNT_SENTENCE = "The total number of mortgage loans as of May 1, 2004 was 1,225."


@pytest.mark.parametrize(
    "sentence, approximate",
    [
        ("As of May 1, 2004 there were approximately 1,225 mortgage loans.", True),
        ("The mortgage pool will consist of 1,225 mortgage loans as of May 1, 2004.", False),
        ("The mortgage pool consists of approximately 1,225 mortgage loans.", True),
        (
            "The mortgage pool consists of 1,225 mortgage loans with an aggregate principal balance of $619,800,778.",
            False,
        ),
    ],
)
def test_the_pools_count_in_other_words_is_read(sentence, approximate):
    # Each was lost ("Not stated in this filing: loan count").
    deal = reworded((COUNT_SENTENCE, sentence))
    assert deal.whole_deal.loan_count == 1225 and not deal.missing
    said = ("stated as approximately 1,225, not as an exact figure",) if approximate else ()
    assert provenance_of(deal.whole_deal, "loan_count").warnings == said
    assert deal.verdict.value == "reconciled"  # against every table's total count


@pytest.mark.parametrize(
    "sentence",
    [
        "The mortgage pool consists of 25 mortgage loans in California and 1,200 elsewhere.",
        "The mortgage pool will consist of 1,225 mortgage loans having loan-to-value ratios below 95%.",
        # found by the second review (each was the deal's count)
        "Approximately 2% of the mortgage pool consists of 25 mortgage loans.",
        "The remainder of the mortgage pool consists of 1,200 mortgage loans.",
        "As of May 1, 2004 there were approximately 12 mortgage loans, or 1% of the mortgage pool, secured by condominiums.",
    ],
)
def test_a_count_of_some_of_the_pools_loans_is_not_its_count(sentence):
    deal = reworded((COUNT_SENTENCE, sentence))
    assert deal.whole_deal.loan_count is None and deal.missing == ("loan_count",)


# --- after an outside review of the approximate figures and the summary's words ------------------------


def test_an_approximate_figure_with_a_scale_word_admits_half_a_percent_at_most():
    # "approximately $1 billion" admitted half a billion, and a $619.8 million pool reconciled against it.
    deal = reworded(("May 1, 2004 of\n$619,800,778.37.", "May 1, 2004 of\napproximately $1 billion."))
    assert provenance_of(deal.whole_deal, "aggregate_balance").approximate_within == 5_000_000
    assert deal.verdict.value == "failed"
    # a round figure's zeros are its rounding: "approximately $620,000,000" is $619,800,778, within $3.1 million
    deal = reworded(("May 1, 2004 of\n$619,800,778.37.", "May 1, 2004 of\napproximately $620,000,000."))
    assert provenance_of(deal.whole_deal, "aggregate_balance").approximate_within == 3_100_000
    assert deal.verdict.value == "reconciled"


def test_an_approximate_count_is_exact_in_its_units():
    # Each count admitted half a loan, four of them two loans: 972 loans "added up" to 970.
    deal = detailed_reworded("663, 154, 153 and 970,respectively", "approximately 663, 154, 153 and 972,respectively")
    (check,) = [c for c in deal.checks if c.name == "pools add up to the deal loan count"]
    assert (check.expected, check.actual, check.tolerance, check.passed) == (972, 970, 0, False)


@pytest.mark.parametrize("about_first", [True, False], ids=["about, then exactly", "exactly, then about"])
def test_a_figure_stated_about_and_exactly_is_the_exact_one(about_first):
    # About first, it was kept: 358 months with "approximately" beside it, and the exact figure in a doubt.
    # Exactly first, the other was doubted as "stated again".
    about = "The weighted average remaining term to stated maturity of the mortgage loans was about 358 months. "
    count = "The total number of mortgage loans as of May 1, 2004 was 1,225."
    exact = "2004 was 357.95\nmonths."
    deal = reworded((count, about + count) if about_first else (exact, f"{exact} {about}"))
    assert deal.whole_deal.wam_months == 357.95 and not deal.warnings


def test_a_subset_heading_with_a_colon_over_a_block_is_still_its_heading():
    # "Jumbo Loans: Characteristics" read as a line of words beside the block: its loans' largest LTV and
    # earliest origination became the deal's, unsaid.
    jumbo = (
        "Jumbo Loans: Characteristics\n"
        "   Maximum Original LTV:                                       90.0%\n"
        "   Earliest Origination Date:                           March 1, 2003\n"
    )
    block = "\n".join(f"{label + ':':<50}{value:>25}" for label, value in SUMMARY_LINES[:3])
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(POOL_FACTS, f"{block}\n{jumbo}\n").encode(), "jumbo.txt"))
    assert (deal.whole_deal.max_ltv, deal.whole_deal.originated_not_before) == (None, None)


def test_a_note_under_a_block_is_prose_and_read():
    # "Note: the weighted average remaining term" was cut off its next line as a label with words: lost.
    lines = [line for line in SUMMARY_LINES if not line[0].startswith("Weighted Average Remaining")]
    block = "\n".join(f"{label + ':':<50}{value:>25}" for label, value in lines)
    note = "Note: the weighted average remaining term\nof the mortgage loans as of May 1, 2004 was 357.95 months."
    deal = load_filing(ingest_bytes(TERM_SHEET.replace(POOL_FACTS, f"{block}\n{note}\n\n").encode(), "note.txt"))
    assert deal.whole_deal.wam_months == 357.95 and not deal.missing


def test_a_premium_loan_pool_is_not_the_pool():
    deal = reworded((COUNT_SENTENCE, "The premium loan pool consists of 1,200 mortgage loans."))
    assert deal.whole_deal.loan_count is None and deal.missing == ("loan_count",)


def test_the_figure_an_approximate_doubt_quotes_is_as_written():
    deal = reworded(("not less than\n$54,500, nor", "not less than\napproximately $54,500, nor"))
    assert provenance_of(deal.whole_deal, "original_balance_min").warnings == (
        "stated as approximately $54,500, not as an exact figure",
    )


# --- after a second outside review of the approximate figures --------------------------------------------


def test_a_count_said_of_the_pool_in_a_pools_sentence_is_no_deals_count():
    # "... the pool consists of 154 mortgage loans" gave the whole deal 154 loans, with no warning.
    new = (
        "     As of October 1, 2004, there were 663 pool I mortgage loans and 153 pool III mortgage loans. The pool"
        "\nII mortgage loans have original maturities of at least 12 years; the pool consists of 154 mortgage loans."
    )
    deal = detailed_reworded(DETAILED_COUNT_SENTENCE, new)
    assert deal.whole_deal.loan_count is None and deal.pool("II").loan_count is None
    assert (deal.pool("I").loan_count, deal.pool("III").loan_count) == (663, 153)


def test_an_approximate_figure_stated_again_exactly_is_exact():
    # The same figure stated exactly kept the approximate one's doubt and allowance: 1,230 loans passed the
    # tables' 1,225.
    deal = reworded(
        (COUNT_SENTENCE, "The mortgage pool consists of approximately 1,230 mortgage loans. " + COUNT_SENTENCE),
        ("May 1, 2004 was 1,225.", "May 1, 2004 was 1,230."),
    )
    assert deal.whole_deal.loan_count == 1230 and provenance_of(deal.whole_deal, "loan_count").warnings == ()
    assert provenance_of(deal.whole_deal, "loan_count").approximate_within is None
    assert deal.verdict.value == "failed"


def test_of_two_approximate_statements_the_more_precise_stands():
    # "approximately 6%" kept, with half a point of allowance, and "approximately 6.2%" merged into it.
    wac = "The weighted average interest rate on the mortgage loans was approximately {}. "
    deal = reworded(
        (COUNT_SENTENCE, wac.format("6%") + wac.format("6.2%") + COUNT_SENTENCE),
        ("(before deduction of the\nservicing fee) as of May 1, 2004 was 5.843%.", ""),
    )
    assert deal.whole_deal.wac == 6.2
    assert provenance_of(deal.whole_deal, "wac").warnings == ("stated as approximately 6.2%, not as an exact figure",)
    assert deal.verdict.value == "failed"  # the groups' weighted WAC, 5.843, is not about 6.2


def test_a_figure_stated_again_differently_keeps_the_first_even_when_stated_exactly_later():
    # The exact figure replaced the first, and the doubt still said "the first statement, 358, is kept".
    about = "The weighted average remaining term to stated maturity of the mortgage loans was about 358 months. "
    other = "The weighted average remaining term to stated maturity of the mortgage loans was 340 months. "
    deal = reworded((COUNT_SENTENCE, about + other + COUNT_SENTENCE))
    assert deal.whole_deal.wam_months == 358
    assert any("the first statement, 358" in w for w in provenance_of(deal.whole_deal, "wam_months").warnings)


def test_a_pools_count_with_its_share_beside_it_is_the_pools_count():
    # "12 mortgage loans, or 1% of the mortgage pool, ..." is some of the loans; a pool named is all of its own.
    new = (
        "     As of October 1, 2004, there were 663 pool I mortgage loans, or 68% of the mortgage loans, 154 pool II"
        "\nmortgage loans and 153 pool III mortgage loans, for a total of 970 mortgage loans."
    )
    deal = detailed_reworded(DETAILED_COUNT_SENTENCE, new)
    assert [(p.name, p.loan_count) for p in deal.pools] == [("I", 663), ("II", 154), ("III", 153), ("all", 970)]


def test_approximately_before_a_list_of_counts_is_said_for_each():
    new = (
        "     As of October 1, 2004, there were approximately 663 pool I mortgage loans, 154 pool II mortgage"
        "\nloans and 153 pool III mortgage loans, for a total of 970 mortgage loans."
    )
    deal = detailed_reworded(DETAILED_COUNT_SENTENCE, new)
    for name, count in (("I", 663), ("II", 154), ("III", 153), ("all", 970)):
        assert provenance_of(deal.pool(name), "loan_count").warnings == (
            f"stated as approximately {count}, not as an exact figure",
        )


def test_a_pool_named_by_its_number_two_ways_is_one_pool():
    # An outside audit: the prose's "pool I" and a summary table's "Group 1" column made six pools; the LTVs and
    # zip code figures went to pools 1-3, which had no balance, and pools I-III lost them, unsaid.
    text = DETAILED.replace(
        "The weighted average loan-to-value ratios\nat origination of the pool I mortgage loans, the pool II mortgage"
        " loans, the\npool III mortgage loans and all mortgage loans as of October 1, 2004 were 67.6%,\n58.2%, 70.2%"
        " and 66.5%, respectively. No more than $4,538,332, $2,178,656,\n$2,559,173 and $6,659,274, respectively, of"
        " the pool I mortgage loans, the pool\nII mortgage loans, the pool III mortgage loans and all mortgage loans"
        " are\nsecured by Mortgaged Properties located in any one zip code.",
        "The following table sets forth\nthe loan-to-value ratios and zip code concentrations.\n\n"
        "                                   Group 1       Group 2       Group 3     All Loans\n"
        "                                 -----------   -----------   -----------  -----------\n"
        "Weighted Average LTV                   67.6%         58.2%         70.2%        66.5%\n"
        "Maximum Zip Code Concentration    $4,538,332    $2,178,656    $2,559,173   $6,659,274\n",
    )
    assert "Group 2" in text
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-groups.txt"))
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    assert [p.name for p in deal.pools] == ["I", "II", "III", "all"]
    for ours, theirs in zip(deal.pools, sample.pools, strict=True):
        assert (ours.aggregate_balance, ours.wac, ours.wa_ltv, ours.largest_zip_balance) == (
            theirs.aggregate_balance,
            theirs.wac,
            theirs.wa_ltv,
            theirs.largest_zip_balance,
        )
    assert deal.warnings == tuple(
        f"the filing names one pool both {roman!r} and {arabic!r}: read as pool {roman}"
        for roman, arabic in (("I", "1"), ("II", "2"), ("III", "3"))
    )
    assert deal.verdict.value == "reconciled" and not deal.missing


def test_prose_set_with_a_blank_line_under_every_line_reads_as_the_same_filing():
    # A metamorphic audit: the detailed description double-spaced (as some filings are set) broke each
    # sentence at every line; most figures were lost, said missing, and pool III took pool I's earliest
    # origination date, doubted for a sentence "that breaks off".
    spaced = "\n".join(
        line + "\n" if line.strip() and "   " not in line.strip() else line for line in DETAILED.split("\n")
    )
    assert spaced.count("\n\n") > 2 * DETAILED.count("\n\n")
    deal = load_filing(ingest_bytes(spaced.encode(), "cmsi-2004-8-double-spaced.txt"))
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    assert deal_facts(deal) == deal_facts(sample)


def _premium_row(deal: Deal, group: str = "Premium (at or above)") -> str:
    """The rendered summary's premium row (or ``group``'s) in its table of premium and discount loans."""
    from reporting.derive.summary import summarise

    page = render_html(summarise(deal), {})
    start = page.index(group)
    return page[start : page.index("</tr>", start)]


def test_a_doubted_figure_of_the_discount_loans_carries_its_doubt_beside_it_in_the_composition_table():
    # An outside review: the discount loans' WAC, doubted (stated twice, differently), was printed plain in the
    # premium/discount table, while the data-quality section said the doubt was "shown beside its figure too".
    from reporting.derive import metrics

    deal = reworded(
        (
            "were 357.93 months and 359.36 months, respectively.",
            "were 357.93 months and 359.36 months, respectively. The weighted average\n"
            "interest rate of the discount loans was 5.360%.",
        )
    )
    pool = deal.whole_deal
    doubt = "stated again as 5.36 (lines 139-140); the first statement, 5.354 (lines 135-137), is kept"
    assert pool.premium_discount.discount.wac == 5.354
    assert provenance_of(pool.premium_discount.discount, "wac").warnings == (doubt,)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", _premium_row(deal, "Discount (below)"), re.S)
    assert cells[-2].startswith("5.354%") and 'class="doubt short-mark"' in cells[-2]  # the WAC's cell
    assert not any("doubt" in cell for cell in cells[:-2] + cells[-1:])  # the balance, share and WAM: not doubted
    assert "doubt" not in _premium_row(deal)
    assert metrics.BY_KEY["discount_wac"].note(deal, pool).doubts == (doubt,)  # the long table's flag
    assert metrics.BY_KEY["premium_wac"].note(deal, pool).doubts == ()


@pytest.mark.parametrize(
    "written",
    [
        "$619,800,778.37, of which premium loans (as defined below) represent\n$611,102,780.",
        "$619,800,778.37 (of which $611,102,780 are premium loans).",
    ],
)
def test_a_part_of_the_pool_stated_after_the_pools_balance_has_its_own_figure(sample, written):
    # An outside audit: the premium loans, named after the pool's balance, took it ($619,800,778 shown
    # plain as theirs); the pool's was called "not stated", and premium + discount = pool could not run.
    deal = reworded(("$619,800,778.37. Information", f"{written} Information"))
    split = deal.whole_deal.premium_discount
    assert deal.whole_deal.aggregate_balance == 619_800_778.37
    assert (split.premium.balance, split.discount.balance) == (611_102_780, 8_697_998)
    assert not provenance_of(split.premium, "balance").warnings
    assert facts(deal) == sample and not deal.missing
    row = _premium_row(deal)
    assert "$611,102,780" in row and "619,800,778" not in row


def test_premium_and_discount_balances_each_with_its_share_beside_it(sample):
    # An outside audit: "(98.60%)" between the two balances parted their list; neither was read, and
    # both were called "not stated".
    deal = reworded(
        (
            "were $611,102,780 and $8,697,998, respectively.",
            "were $611,102,780 (98.60%) and $8,697,998 (1.40%), respectively.",
        )
    )
    split = deal.whole_deal.premium_discount
    assert (split.premium.balance, split.discount.balance) == (611_102_780, 8_697_998)
    assert facts(deal) == sample and not deal.missing and not deal.warnings


def test_a_pools_balance_with_its_share_of_all_loans_beside_it_is_the_pools():
    # An outside audit: "all mortgage loans" in the share beside pool I's balance was taken for a second
    # subject, and pool I's balance was not read. The "approximately" is the share's, not the balance's.
    deal = detailed_reworded(
        "October 1, 2004 of $335,095,817.07. The",
        "October 1, 2004 of $335,095,817.07 (approximately 67.88% of all mortgage\nloans). The",
    )
    sample = read_sample(DETAILED, "cmsi-2004-8.txt")
    pool = deal.pool("I")
    assert pool.aggregate_balance == 335_095_817.07
    assert provenance_of(pool, "aggregate_balance").approximate_within is None
    assert not provenance_of(pool, "aggregate_balance").warnings
    assert deal.whole_deal.aggregate_balance == sample.whole_deal.aggregate_balance
    assert deal_facts(deal) == deal_facts(sample)


# --- after an outside audit of stated figures reported as "not stated" ----------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "As of May 1, 2004, there were 1,225 mortgage loans in the pool.",
        "The total number of mortgage loans as of May 1, 2004 was 1,225 (including 3\n"
        "additional collateral loans and 47 cooperative loans).",
        "The total number of mortgage loans as of May 1, 2004 was 1,225, of which\n1,198 are premium loans.",
    ],
    ids=["in the pool", "an aside on what it includes", "of which some are premium loans"],
)
def test_the_pools_count_beside_words_on_its_loans_is_its_count(sample, sentence):
    # Each was "Not stated in this filing: Loan count", and 7 checks "could not run".
    deal = reworded((COUNT_SENTENCE, sentence))
    assert deal.whole_deal.loan_count == 1225 and not deal.missing
    assert facts(deal) == sample


def test_the_count_of_the_loans_whose_averages_a_sentence_states_is_the_pools(sample):
    deal = reworded(
        (
            f"{COUNT_SENTENCE} The\n{WAC_AND_WAM}",
            "As of May 1, 2004, the 1,225 mortgage loans had a weighted average\n"
            "interest rate (before deduction of the servicing fee) of 5.843%, a weighted\n"
            "average remaining term to stated maturity of 357.95 months and a weighted\n"
            "average original term to stated maturity of 359.54 months.",
        ),
        (ORIGINAL_TERM, "2003 or after May 1, 2004."),
    )
    assert deal.whole_deal.loan_count == 1225
    assert facts(deal) == sample


def test_pools_counts_of_loans_in_pool_i_pool_ii_and_pool_iii_and_the_pool_as_a_whole_are_each_pools():
    # "4 values for 1 subjects": pools I-III were "not stated", and their counts' check dropped unsaid.
    deal = detailed_reworded(
        DETAILED_COUNT_SENTENCE,
        "     The total numbers of mortgage loans in pool I, pool II and pool III and in\n"
        "the mortgage loan pool as a whole as of October 1, 2004 were 663, 154, 153 and\n970, respectively.",
    )
    assert [(p.name, p.loan_count) for p in deal.pools] == [("I", 663), ("II", 154), ("III", 153), ("all", 970)]
    assert _pool_facts(deal) == _pool_facts(DETAILED_SAMPLE) and not deal.missing


DETAILED_WAC = """pool I mortgage loans, the pool II mortgage loans, the pool III mortgage loans
and all mortgage loans (before deduction of the servicing fee) as of October 1,
2004 were 6.132%, 5.486%, 5.716% and 5.962%, respectively."""


@pytest.mark.parametrize(
    "wording",
    [
        # all loans' WAC was "not stated" (it was dropped unsaid)
        "pool I mortgage loans, the pool II mortgage loans and the pool III mortgage loans\n(before deduction of "
        "the servicing fee) as of October 1, 2004 were 6.132%,\n5.486% and 5.716%, respectively, and 5.962% for "
        "all mortgage loans.",
        # every WAC lost, pools I-III "not stated"
        "mortgage loans in pools I, II and III and of all mortgage loans (before\ndeduction of the servicing fee) "
        "as of October 1, 2004 were 6.132%, 5.486%,\n5.716% and 5.962%, respectively.",
        "pool I mortgage loans (including 12 buydown loans), the pool II mortgage loans,\nthe pool III mortgage "
        "loans and all mortgage loans (before deduction of the\nservicing fee of 0.25%) as of October 1, 2004 were "
        "6.132%, 5.486%, 5.716% and\n5.962%, respectively.",
    ],
    ids=["all loans' after the list", "loans in pools I, II and III", "an aside by a pool"],
)
def test_each_pools_wac_listed_in_other_words_is_its_own(wording):
    deal = detailed_reworded(DETAILED_WAC, wording)
    assert [(p.name, p.wac) for p in deal.pools] == [("I", 6.132), ("II", 5.486), ("III", 5.716), ("all", 5.962)]
    assert _pool_facts(deal) == _pool_facts(DETAILED_SAMPLE)
    assert [c.passed for c in deal.checks] == [c.passed for c in DETAILED_SAMPLE.checks]


def test_pools_ltvs_beside_their_ltvs_taking_additional_collateral_into_account_are_the_plain_ones():
    # The sentence was skipped as one about the additional collateral loans: every pool's WA LTV was "not stated".
    deal = detailed_reworded(
        "at origination of the pool I mortgage loans, the pool II mortgage loans, the\npool III mortgage loans and "
        "all mortgage loans as of October 1, 2004 were 67.6%,\n58.2%, 70.2% and 66.5%, respectively.",
        "at origination (without taking into account any additional collateral) of the\npool I mortgage loans, the "
        "pool II mortgage loans, the pool III mortgage loans\nand all mortgage loans as of October 1, 2004 were "
        "67.6%, 58.2%, 70.2% and\n66.5%, respectively (67.5%, 57.9%, 70.2% and 66.4%, respectively, taking into\n"
        "account the loanable value of pledged additional collateral).",
    )
    assert [(p.name, p.wa_ltv) for p in deal.pools] == [("I", 67.6), ("II", 58.2), ("III", 70.2), ("all", 66.5)]
    assert _pool_facts(deal) == _pool_facts(DETAILED_SAMPLE)
    assert [c.passed for c in deal.checks] == [c.passed for c in DETAILED_SAMPLE.checks]


def test_the_plain_ltv_in_brackets_beside_the_one_taking_additional_collateral_into_account_is_read(sample):
    deal = reworded(
        (
            LTV,
            "The weighted average loan-to-value ratio at origination of the\nmortgage loans as of May 1, 2004, "
            "taking into account the loanable value of\npledged additional collateral, was 64.4% (64.5% without "
            "taking such collateral\ninto account).",
        )
    )
    assert deal.whole_deal.wa_ltv == 64.5  # never 64.4%, the other measure
    assert facts(deal) == sample


@pytest.mark.parametrize(
    "sentence, doubt",
    [
        (
            "The weighted average loan-to-value ratio at origination of the\nmortgage loans as of May 1, 2004, "
            "taking into account the loanable value of\npledged additional collateral, was 64.4%.",
            "stated only taking additional collateral into account (64.4%), another measure; not read",
        ),
        (
            "The weighted average loan-to-value ratio at origination of the\nmortgage loans as of May 1, 2004 was "
            "64.5% without taking into account any\nadditional collateral and 64.4% taking into account the "
            "loanable value of\npledged additional collateral.",
            "stated with and without additional collateral (64.5%, 64.4%), which is which not told; not read",
        ),
    ],
    ids=["only taking it into account", "both in one clause"],
)
def test_an_ltv_taking_additional_collateral_into_account_is_not_read_and_says_so(sentence, doubt):
    # The sentence was skipped unsaid: "Not stated in this filing: WA LTV at origination".
    deal = reworded((LTV, sentence))
    assert deal.whole_deal.wa_ltv is None
    assert provenance_of(deal.whole_deal, "wa_ltv").warnings == (doubt,)
    assert missing_in_words(deal) == ((), ("WA LTV at origination",))


@pytest.mark.parametrize(
    "counts",
    [
        "663 (pool I), 154 (pool II), 153 (pool III) and 970 (the mortgage loan pool as a whole)",
        "663 (pool I), 154 (pool II), 153 (pool III) and 970 (in total)",
        "970 (all mortgage loans), 663 (pool I), 154 (pool II) and 153 (pool III)",
    ],
)
def test_figures_each_followed_by_its_loans_in_brackets_never_give_the_deal_the_first(counts: str):
    """Each count names its loans in brackets after it. No rule reads such a list yet: the deal's count must
    not be pool I's 663 (it was, printed plain); every count is said to be in the filing but not read."""
    deal = detailed_reworded(
        "     The total numbers of the pool I mortgage loans, the pool II mortgage loans,\n"
        "the pool III mortgage loans and all mortgage loans as of October 1, 2004 were\n"
        "663, 154, 153 and 970,respectively.",
        f"     The total numbers of mortgage loans as of October 1, 2004 were {counts}.",
    )
    assert [p.loan_count for p in deal.pools] == [None, None, None, None]
    assert provenance_of(deal.whole_deal, "loan_count").warnings, "the deal's count is said, not dropped"
    assert sorted(missing_in_words(deal)[1]) == [
        "loan count",
        "pool I loan count",
        "pool II loan count",
        "pool III loan count",
    ]
    assert not deal.all_checks_passed
    assert [(p.aggregate_balance, p.wac) for p in deal.pools][3] == (493_641_377.57, 5.962)  # the rest read as before


@pytest.mark.parametrize(
    "head", ["CMSI 2004-8  Page 3", "CMSI 2004-8 Page 3", "Citicorp Mortgage Securities 2004-8  PAGE 3"]
)
def test_a_page_head_ending_in_its_page_number_inside_a_sentence_is_set_aside(head: str):
    """A running head that names the series and ends in the page's number, at a page break inside the
    sentence listing the pools' WACs: an outside audit found the four WACs lost and called "not stated",
    and the checks they feed gone unsaid. It is page furniture, as "Page 3" alone is."""
    deal = detailed_reworded(
        "The weighted average interest rates of the\npool I mortgage loans",
        f"The weighted average interest rates of the\n\n                                    - 2 -\n\f{head}\n\n"
        "pool I mortgage loans",
    )
    assert [p.wac for p in deal.pools] == [6.132, 5.486, 5.716, 5.962]
    assert deal.missing == () and deal.all_checks_passed
    assert provenance_of(deal.whole_deal, "wac").warnings[0].startswith("read from a sentence joined across a page")


def test_figures_listed_with_an_ampersand_are_each_their_subjects():
    """ "$611,102,780 & $8,697,998, respectively" (an HTML filing's "&amp;"): the premium and discount loans'
    balances were not read, and "$2,559,173 & $6,659,274" lost pool III's and the deal's largest zip code
    balances; "&" joins a list as "and" does."""
    assert facts(reworded(("$611,102,780 and $8,697,998", "$611,102,780 & $8,697,998"))) == facts(
        read_sample(TERM_SHEET, "cmsi-2004-3.txt")
    )
    deal = detailed_reworded("$2,559,173 and $6,659,274", "$2,559,173 & $6,659,274")
    assert [p.largest_zip_balance for p in deal.pools] == [4_538_332, 2_178_656, 2_559_173, 6_659_274]


def test_one_figure_followed_by_its_loans_in_brackets_never_gives_the_deal_that_figure():
    """ "were 663 (pool I)": pool I's count, printed as the whole deal's, plain (a list of them was already
    set aside). Not read, and said."""
    deal = detailed_reworded(
        "     The total numbers of the pool I mortgage loans, the pool II mortgage loans,\n"
        "the pool III mortgage loans and all mortgage loans as of October 1, 2004 were\n"
        "663, 154, 153 and 970,respectively.",
        "     The total number of mortgage loans as of October 1, 2004 was 663 (pool I).",
    )
    assert deal.whole_deal.loan_count is None
    assert "pool I loan count" in missing_in_words(deal)[1] and "loan count" in missing_in_words(deal)[1]


def test_another_groups_figure_in_brackets_never_gives_that_group_the_pools_figure():
    """ "was 5.843% (5.354% for the discount loans)": the discount loans' WAC was printed as 5.843%, plain."""
    deal = reworded(("2004 was 5.843%. The", "2004 was 5.843% (5.354% for the discount loans). The"))
    discount = deal.whole_deal.premium_discount.discount
    assert discount.wac in (None, 5.354)  # never the pool's
    assert deal.whole_deal.wac in (None, 5.843)


# The term sheet's first sentence, which states the balance and the cut-off date.
_TRANSFER = (
    "On May 27, 2004, CMSI is to transfer to the Trustee mortgage loans(1)\n"
    "with an aggregate scheduled principal balance outstanding (after deducting\n"
    "principal payments due on or before May 1, 2004) as of May 1, 2004 of\n"
    "$619,800,778.37."
)


@pytest.mark.parametrize(
    "transfer",
    [
        "On May 27, 2004, CMSI is to transfer to the Trustee mortgage loans(1)\nwith an aggregate scheduled principal "
        "balance outstanding of\n$619,800,778.37 as of the cut-off date, May 1, 2004. The certificates will be\ndated "
        "as of May 27, 2004.",
        "On May 27, 2004, CMSI is to transfer to the Trustee mortgage loans(1)\nwith an aggregate scheduled principal "
        "balance outstanding of\n$619,800,778.37. The certificates will be dated as of May 27, 2004. The cut-off date "
        "is May 1, 2004.",
        "On May 27, 2004, CMSI is to transfer to the Trustee mortgage loans(1)\nwith an aggregate scheduled principal "
        "balance outstanding of\n$619,800,778.37 as of the Cut-off Date. On June 25, 2004, the first\ndistribution "
        "will be made. The Cut-off Date is May 1, 2004.",
    ],
)
def test_the_cut_off_date_is_never_the_next_sentences_date(transfer: str):
    # The 1990s way: the cut-off date named once, "as of the cut-off date" after it. The balance's "as of" (or the
    # words "cut-off date") were paired with the next sentence's date: a cut-off date of May 27 or June 25, 2004,
    # with nothing said.
    text = TERM_SHEET.replace(_TRANSFER, transfer)
    text = re.sub(r"as\s+of\s+May\s+1,\s+2004", "as of the cut-off date", text)
    deal = load_filing(ingest_bytes(text.encode(), "cmsi-2004-3-cut-off.txt"))
    assert deal.cut_off_date == date(2004, 5, 1)
    assert deal.whole_deal.aggregate_balance == 619_800_778.37
