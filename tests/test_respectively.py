"""The resolver that pairs "..., respectively" lists with the subjects they enumerate."""

from datetime import date

import pytest

from reporting.model.deal import WHOLE_DEAL
from reporting.read.narrative import Subject, class_names, extract_prose_facts, respectively, subjects_of, value_runs


def test_subjects_in_order_with_the_whole_deal():
    sentence = (
        "The weighted average interest rates of the pool I mortgage loans, the pool II mortgage loans, "
        "the pool III mortgage loans and all mortgage loans were 6.132%, 5.486%, 5.716% and 5.962%, respectively."
    )
    assert [s.pool for s in subjects_of(sentence)] == ["I", "II", "III", WHOLE_DEAL]
    assert value_runs(sentence, "percent") == [[6.132, 5.486, 5.716, 5.962]]


@pytest.mark.parametrize(
    "written, kind, values",
    [
        ("were 358.20, 176.90, 358.39 and 329.60 months, respectively.", "months", [358.2, 176.9, 358.39, 329.6]),
        ("were 6.132, 5.486, 5.716 and 5.962%, respectively.", "percent", [6.132, 5.486, 5.716, 5.962]),
        ("were 67.6, 58.2, 70.2 and 66.5 percent, respectively.", "percent", [67.6, 58.2, 70.2, 66.5]),
        ("At least 95, 88, 100 and 95%, respectively, of", "percent", [95, 88, 100, 95]),
    ],
)
def test_a_list_writing_its_unit_once_after_the_last_value_gives_it_to_each(written, kind, values):
    # "358.20, 176.90, 358.39 and 329.60 months, respectively" was one value for four pools: every WAM lost.
    assert value_runs(written, kind) == [values]


@pytest.mark.parametrize(
    "written, kind, values",
    [
        ("In 2003, 64.5% of the mortgage loans, respectively", "percent", [64.5]),  # a year, not a share
        ("were 358.20, 176.90, 358.39 and 329.6 months, respectively", "months", [329.6]),  # not as the last is
        ("were 358.20, 176.90, 358.39 and 329.60 months.", "months", [329.6]),  # no list of pools
        ("of 1,225 loans, 64.5%, respectively", "percent", [64.5]),
        # from a second review: a year, pools' numbers and a section's are not figures of the list
        ("In 2003, 95% and 88%, respectively, of the pool I", "percent", [95, 88]),
        ("Of the mortgage loans in pools 1 and 2, 95% and 88%, respectively,", "percent", [95, 88]),
        ("as described in Section 2, 53% and 31%, respectively", "percent", [53, 31]),
        ("were 30 and 15 years, and 358 months, respectively", "months", [538]),  # 15 years and 358 months
    ],
)
def test_a_number_before_a_figure_is_not_given_its_unit_unless_written_as_one_list(written, kind, values):
    assert value_runs(written, kind) == [values]


def test_values_before_subjects_and_none_as_zero():
    sentence = (
        "No more than 30%, 50%, none and 28%, respectively, of the pool I mortgage loans, the pool II "
        "mortgage loans, the pool III mortgage loans and all mortgage loans were refinance transactions."
    )
    pairs = respectively(subjects_of(sentence), value_runs(sentence, "percent")[0], [], "test")
    assert [(s.pool, v) for s, v in pairs] == [("I", 30), ("II", 50), ("III", 0), (WHOLE_DEAL, 28)]


def test_dates_in_the_sentence_are_not_counts():
    sentence = "The total number of mortgage loans as of May 1, 2004 was 1,225."
    assert value_runs(sentence, "count") == [[1225]]
    assert value_runs(sentence, "date") == [[date(2004, 5, 1)]]


def test_one_value_applies_to_every_subject():
    warnings: list[str] = []
    pairs = respectively([Subject("I"), Subject("III")], [date(2034, 10, 1)], warnings, "maturity")
    assert [s.pool for s, _ in pairs] == ["I", "III"] and warnings == []


def test_a_mismatch_assigns_nothing_and_says_so():
    warnings: list[str] = []
    assert respectively([Subject("I"), Subject("II"), Subject("III")], [1, 2], warnings, "wac") == []
    assert warnings == ["wac: 2 values for 3 subjects; not assigned"]


def test_discount_and_premium_groups():
    sentence = (
        "The aggregate scheduled principal balances outstanding as of the cut-off date of the pool I discount "
        "loans and the pool I premium loans were $25,949,684 and $309,146,133, respectively."
    )
    assert subjects_of(sentence) == [Subject("I", "discount"), Subject("I", "premium")]
    facts = extract_prose_facts(sentence)
    assert facts.group_facts[("I", "discount")]["balance"] == 25_949_684
    assert facts.group_facts[("I", "premium")]["balance"] == 309_146_133


def test_class_lists():
    sentence = (
        "The aggregate initial principal balances of the class A-1, class A-2 and class B certificates "
        "were $100.00, $200.00 and $50.00, respectively."
    )
    assert class_names(sentence) == ["A-1", "A-2", "B"]
    facts = extract_prose_facts(sentence)
    assert {k: v["initial_balance"] for k, v in facts.class_facts.items()} == {"A-1": 100, "A-2": 200, "B": 50}


def test_a_list_of_ranges_resolves_min_per_pool_and_one_max():
    text = (
        "Each of the pool I mortgage loans, the pool II mortgage loans and the pool III mortgage loans had an "
        "original principal balance of not less than $50,000, $99,400 and $333,700 respectively, nor more than $1,000,000."
    )
    facts = extract_prose_facts(text)
    assert [facts.pool_facts[p]["original_balance_min"] for p in ("I", "II", "III")] == [50_000, 99_400, 333_700]
    assert {facts.pool_facts[p]["original_balance_max"] for p in ("I", "II", "III")} == {1_000_000}


@pytest.mark.parametrize(
    "whole_deal, pool_one, pool_two",
    [
        ("ALL MORTGAGE LOANS", "POOL I MORTGAGE LOANS", "POOL II"),
        ("THE MORTGAGE LOANS IN THE AGGREGATE", "POOL I MORTGAGE LOANS", "POOL II"),
        ("AGGREGATE MORTGAGE LOANS", "POOL I MORTGAGE LOANS", "POOL II"),
        ("All Pools Combined", "POOL I MORTGAGE LOANS", "POOL II"),
        # each pool's figures went to the whole deal, "stated again", and the pools' were lost
        ("ALL MORTGAGE LOANS", "Pool I (30-Year Fixed Rate)", "Pool II Collateral Summary"),
    ],
)
def test_a_pool_heading_makes_the_section_below_about_that_pool(whole_deal, pool_one, pool_two):
    # Under "THE MORTGAGE LOANS IN THE AGGREGATE", the deal's figures were read as pool II's, said
    # again (its own kept, with a doubt), and the whole deal's were shown as not stated.
    from reporting.pipeline import load_filing
    from reporting.read.ingest import ingest_bytes

    text = """\
                       CITICORP MORTGAGE SECURITIES, INC.
    (Issuer in Respect of the REMIC Pass-Through Certificates, Series 2003-7)
                           Date of Report: June 3, 2003
Item 5.        Other Events.

     The following are Collateral Term Sheets prepared by Citicorp Mortgage
Securities, Inc. ("CMSI").

                             {pool_one}

     The total number of mortgage loans as of June 1, 2003 was 400. The
weighted average interest rate on the mortgage loans as of June 1, 2003 was
5.750%. Premium loans will consist of mortgage loans with net loan rates
greater than or equal to 5.500%.

                                 {pool_two}

     The total number of mortgage loans as of June 1, 2003 was 150. The
weighted average interest rate on the mortgage loans as of June 1, 2003 was
5.125%.

                               {whole_deal}

     The total number of mortgage loans as of June 1, 2003 was 550.
"""
    text = text.replace("{whole_deal}", whole_deal).replace("{pool_one}", pool_one).replace("{pool_two}", pool_two)
    deal = load_filing(ingest_bytes(text.encode(), "two-pools.txt"))
    assert [p.name for p in deal.pools] == ["I", "II", "all"]
    assert (deal.pool("I").loan_count, deal.pool("I").wac) == (400, 5.750)
    assert (deal.pool("II").loan_count, deal.pool("II").wac) == (150, 5.125)
    assert deal.whole_deal.loan_count == 550 and deal.whole_deal.wac is None  # never borrowed from a pool
    assert deal.pool("I").premium_discount.threshold_net_rate == 5.5
    assert {c.name: c.passed for c in deal.checks}["pools add up to the deal loan count"]


def test_a_figure_stated_again_rounded_is_no_conflict_but_a_level_stated_again_is():
    # A summary table rounds the prose's balance ($335,095,817.07 and $335,095,817): no doubt. A level
    # of 0% and then 0.70% differ by less than a unit too, and must still be doubted.
    balances = extract_prose_facts(
        "The aggregate principal balance of the pool I mortgage loans was $335,095,817.07. "
        "The aggregate principal balance of the pool I mortgage loans was $335,095,817."
    )
    assert balances.pool_facts["I"]["aggregate_balance"] == 335_095_817.07 and not balances.doubts
    levels = extract_prose_facts("The class B-2 subordination level is 0%. The class B-2 subordination level is 0.70%.")
    assert levels.class_facts["B-2"]["subordination_level"] == 0
    assert any("stated again as 0.7" in message for _, message in levels.doubts)


def test_a_level_stated_again_differently_says_both_as_written():
    # "stated again as 0.150017 ... the first statement, 0.150017, is kept": two statements 2.4e-10 apart
    # shown as one figure.
    levels = extract_prose_facts(
        "The class B-5 subordination level is 0.150017321249%. The class B-5 subordination level is 0.150017321005%."
    )
    [(_, message)] = levels.doubts
    assert message.startswith("stated again as 0.150017321005 (") and "the first statement, 0.150017321249 (" in message


def test_a_figure_stated_again_many_times_is_said_ten_times_and_then_once():
    sentences = " ".join(
        f"The weighted average interest rate of the mortgage loans was 5.{k}%." for k in range(100, 130)
    )
    facts = extract_prose_facts(sentences)
    assert facts.pool_facts["all"]["wac"] == 5.1
    said = [message for _, message in facts.doubts]
    assert len(said) == 11 and said[0].startswith("stated again as 5.101")
    assert said[-1] == "stated again more than 10 times; the further statements are not listed"
