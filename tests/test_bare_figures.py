"""Figures written barer than the samples write them: an amount without "$", a share under 1% without its
leading zero (".6%"), a term in "mos.", a list of averages each with its range in brackets.

Each filing is a sample with one figure so written. The words say what the figure is ("balance of
5,368,851" is money), so it is read as the sample's figure is; before, each was lost (some with no word
that it was). A count, a year, a score or a term near words about balances is never read as dollars.
"""

from __future__ import annotations

import pytest
from sample_deals import read_sample

from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.read.narrative import value_runs
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

SAMPLES = {"2004-3": TERM_SHEET_2004_3, "2004-8": DETAILED_2004_8}


def reworded(sample: str, old: str, new: str) -> Deal:
    text = SAMPLES[sample].read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return load_filing(ingest_bytes(text.replace(old, new).encode(), f"cmsi-{sample}-bare.txt"))


def the_sample(sample: str) -> Deal:
    """The sample as it is, under the name ``reworded`` gives its copies: the same Deal, parsed once."""
    return read_sample(SAMPLES[sample].read_text(encoding="utf-8"), f"cmsi-{sample}-bare.txt")


def pool_fact(deal: Deal, pool: str, *path: str) -> object:
    value: object = deal.pool(pool)
    for name in path:
        value = getattr(value, name)
    return value


def class_fact(deal: Deal, name: str, field: str) -> object:
    return getattr(next(c for c in deal.classes if c.name == name), field)


# (sample, as the sample writes it, as reworded, pool, the fact's path, the value read)
AMOUNTS_WITHOUT_DOLLARS = [
    pytest.param(
        "2004-3",
        "not less than\n$54,500, nor more than $1,000,000.",
        "not less than\n54,500, nor more than 1,000,000.",
        "all",
        ("original_balance_min",),
        54_500.0,
        id="original-balance-min",
    ),
    pytest.param(
        "2004-3",
        "not less than\n$54,500, nor more than $1,000,000.",
        "not less than\n54,500, nor more than 1,000,000.",
        "all",
        ("original_balance_max",),
        1_000_000.0,
        id="original-balance-max",
    ),
    pytest.param(
        "2004-3",
        "balance of $5,368,851 as",
        "balance of 5,368,851 as",
        "all",
        ("balance_above_80_ltv",),
        5_368_851.0,
        id="balance-above-80-ltv",
    ),
    pytest.param(
        "2004-3",
        "balance of\n            $874,708;",
        "balance of\n            874,708;",
        "all",
        ("additional_collateral", "balance"),
        874_708.0,
        id="additional-collateral-balance",
    ),
    pytest.param(
        "2004-3",
        "of\n$619,800,778.37.",
        "of\n619,800,778.37.",
        "all",
        ("aggregate_balance",),
        619_800_778.37,
        id="aggregate-balance",
    ),
    pytest.param(
        "2004-8",
        "October 1, 2004 of $335,095,817.07.",
        "October 1, 2004 of 335,095,817.07.",
        "I",
        ("aggregate_balance",),
        335_095_817.07,
        id="pool-balance",
    ),
    pytest.param(
        "2004-3",
        "were $611,102,780 and $8,697,998, respectively",
        "were 611,102,780 and 8,697,998, respectively",
        "all",
        ("premium_discount", "premium", "balance"),
        611_102_780.0,
        id="premium-balance",
    ),
    pytest.param(
        "2004-3",
        "were $611,102,780 and $8,697,998, respectively",
        "were 611,102,780 and 8,697,998, respectively",
        "all",
        ("premium_discount", "discount", "balance"),
        8_697_998.0,
        id="discount-balance",
    ),
]


@pytest.mark.parametrize(("sample", "old", "new", "pool", "path", "value"), AMOUNTS_WITHOUT_DOLLARS)
def test_an_amount_without_dollars_is_read_where_the_words_say_it_is_money(
    sample: str, old: str, new: str, pool: str, path: tuple[str, ...], value: float
) -> None:
    deal = reworded(sample, old, new)
    assert pool_fact(deal, pool, *path) == pytest.approx(value, abs=0.001)
    assert pool_fact(the_sample(sample), pool, *path) == pool_fact(deal, pool, *path)  # as with "$"


def test_a_class_balance_without_dollars_is_read() -> None:
    deal = reworded("2004-8", "was $6,170,000.00.", "was 6,170,000.00.")
    assert class_fact(deal, "B-1", "initial_balance") == pytest.approx(6_170_000.00)
    assert not any("B-1" in missing for missing in deal.missing)


def test_leading_dot_percents_are_read() -> None:
    deal = reworded("2004-3", "No more than 6% of", "No more than .6% of")
    assert [share.percent for share in deal.pool("all").underwriting] == [94.0, 0.6, 66.0]


def test_a_leading_dot_percent_in_a_list_keeps_each_pool_its_bound() -> None:
    sample = the_sample("2004-8")
    deal = reworded("2004-8", "3%, 8%, none", "3%, .8%, none")
    for pool in ("I", "II", "III", "all"):
        read = [share.percent for share in deal.pool(pool).underwriting]
        as_sampled = [share.percent for share in sample.pool(pool).underwriting]
        assert len(read) == len(as_sampled)
    assert 0.8 in [share.percent for share in deal.pool("II").underwriting]
    assert 8.0 not in [share.percent for share in deal.pool("II").underwriting]


def test_a_leading_dot_subordination_level_is_read() -> None:
    deal = reworded("2004-8", "is 0.700011734635%", "is .700011734635%")
    assert class_fact(deal, "B-2", "subordination_level") == pytest.approx(0.700011734635)
    assert len(deal.checks) == len(the_sample("2004-8").checks)


@pytest.mark.parametrize("unit", ["mos.", "mos", "mo."])
def test_months_abbreviated_are_months(unit: str) -> None:
    deal = reworded("2004-3", "was 357.95\nmonths.", f"was 357.95\n{unit} in all.")
    assert deal.pool("all").wam_months == pytest.approx(357.95)


def test_averages_each_with_its_range_in_brackets_are_read() -> None:
    deal = reworded(
        "2004-8",
        "were 6.132%, 5.486%, 5.716% and 5.962%",
        "were 6.132% (5.500% to 7.250%), 5.486% (4.875%-6.000%), 5.716% (5.250% to 6.125%) and 5.962%",
    )
    assert [deal.pool(pool).wac for pool in ("I", "II", "III", "all")] == [6.132, 5.486, 5.716, 5.962]


# A figure in the shape of money near a balance's words, that is no amount: a count, a year, a score, a term.
NOT_DOLLARS = [
    "The total number of mortgage loans as of May 1, 2004 was 1,225.",
    "The aggregate principal balance of the mortgage loans was $619,800,778.37, and the number of mortgage "
    "loans was 1,225.",
    "The aggregate principal balance of 1,225 mortgage loans is stated above.",
    "The aggregate principal balance of the loans, which number 1,225, is stated above.",
    "The aggregate balance and the number of the loans were 619,800,778.37 and 1,225, respectively.",
    "Balances of loans originated in 2004, with a FICO of 720 and terms of 360 months, are stated above.",
    "The aggregate balance of the loans with FICO scores of at least 1,000 is stated above.",
    "The balances of the loans have original terms of 360 months and remaining terms of 1,000 months.",
    "No more than 7,749,519 of the mortgage loans are secured by properties located in any one zip code.",
]


@pytest.mark.parametrize("sentence", NOT_DOLLARS)
def test_counts_years_scores_and_terms_are_never_read_as_dollars(sentence: str) -> None:
    figures = [value for run in value_runs(sentence, "money") for value in run]
    assert 1225 not in figures and 2004 not in figures and 720 not in figures
    assert 360 not in figures and 1000 not in figures and 7_749_519 not in figures


def test_a_count_near_the_balance_words_stays_a_count_in_a_filing() -> None:
    deal = reworded(
        "2004-3",
        "of\n$619,800,778.37.",
        "of\n619,800,778.37, the balance of 1,225 mortgage loans.",
    )
    assert deal.pool("all").aggregate_balance == pytest.approx(619_800_778.37)
    assert deal.pool("all").loan_count == 1225
