"""Pools named by letters: "pool A", "Pool B", "POOL C MORTGAGE LOANS", in place of pool I, II, III.

The reader knew Roman numerals and digits only: a filing naming its pools by letters had every pool
figure said missing (a detailed description), or every pool's figures read as the whole deal's (a term
sheet with a section for each pool). A letter names a pool only as a capital: "pool a" does not.
"""

from __future__ import annotations

import re

import layouts
import pytest
from sample_deals import read_sample

from reporting.model.deal import Deal, Pool
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes

ROMAN_TO_LETTER = {"I": "A", "II": "B", "III": "C", "all": "all"}
POOL_FIGURES = (
    "description",
    "aggregate_balance",
    "loan_count",
    "wac",
    "wam_months",
    "wa_original_term_months",
    "wa_ltv",
    "original_balance_min",
    "original_balance_max",
    "original_term_min_years",
    "original_term_max_years",
    "balance_above_80_ltv",
    "max_ltv",
    "largest_zip_balance",
    "primary_residence_min_pct",
    "originated_not_before",
    "originated_not_after",
    "latest_maturity",
)


def _deal(text: str, name: str) -> Deal:
    return load_filing(ingest_bytes(text.encode(), name))


def _figures(pool: Pool) -> dict[str, object]:
    return {f: getattr(pool, f) for f in POOL_FIGURES}


def _group_figures(pool: Pool) -> tuple[tuple[float | None, ...], ...]:
    groups = pool.premium_discount
    if groups is None:
        return ()
    return tuple((g.balance, g.wac, g.wam_months) for g in (groups.premium, groups.discount))


def _in_letters(text: str) -> str:
    """A warning or missing figure's words with the sample's pool names turned into letters."""
    return re.sub(r"\b(pools?\s+)(III|II|I)\b", lambda m: m.group(1) + ROMAN_TO_LETTER[m.group(2)], text)


SAMPLE = read_sample(layouts.DETAILED, "cmsi-2004-8.txt")


def test_a_detailed_description_naming_its_pools_by_letters_gives_each_pool_its_figures():
    text = layouts.lettered_pools()
    assert "pool A mortgage loans" in text and "Pool C discount loans" in text and "pool II" not in text
    deal = _deal(text, "cmsi-2004-8-lettered.txt")
    assert [p.name for p in deal.pools] == ["A", "B", "C", "all"]  # in filing order, the deal last
    stated = [(p.name, p.loan_count, p.aggregate_balance, p.wac, p.wam_months) for p in deal.pools[:3]]
    assert stated == [
        ("A", 663, 335_095_817.07, 6.132, 358.2),
        ("B", 154, 77_943_340.57, 5.486, 176.9),
        ("C", 153, 80_602_219.93, 5.716, 358.39),
    ]  # were each "not stated": "4 values for 1 subjects; not assigned"
    for pool in SAMPLE.pools:
        lettered = deal.pool(ROMAN_TO_LETTER[pool.name])
        assert _figures(lettered) == _figures(pool), pool.name
        assert _group_figures(lettered) == _group_figures(pool), pool.name
        assert lettered.additional_collateral == pool.additional_collateral, pool.name
        assert lettered.underwriting == pool.underwriting, pool.name
    assert deal.pool("A").premium_discount.discount.balance == 25_949_684
    assert deal.pool("B").additional_collateral.balance == 1_292_268
    assert deal.verdict is SAMPLE.verdict
    assert list(deal.warnings) == [_in_letters(w) for w in SAMPLE.warnings]
    assert list(deal.missing) == [_in_letters(m) for m in SAMPLE.missing]


def test_a_term_sheet_with_a_section_under_each_lettered_pools_heading_gives_each_pool_its_figures():
    # "POOL A MORTGAGE LOANS" was no pool's heading: both sections' figures were the deal's, "stated again".
    roman = _deal(layouts.two_pool_term_sheet(), "cmsi-2004-3-two-pools.txt")
    text = layouts.lettered_pools(layouts.two_pool_term_sheet())
    assert "POOL A MORTGAGE LOANS" in text and "POOL B MORTGAGE LOANS" in text
    deal = _deal(text, "cmsi-2004-3-two-lettered-pools.txt")
    assert [p.name for p in deal.pools] == ["A", "B", "all"]
    for pool in roman.pools:
        assert _figures(deal.pool(ROMAN_TO_LETTER[pool.name])) == _figures(pool), pool.name
    assert (deal.pool("A").aggregate_balance, deal.pool("B").loan_count) == (619_800_778.37, 1225)
    assert [t.pool for t in deal.tables] == [ROMAN_TO_LETTER[t.pool] for t in roman.tables]
    assert deal.verdict is roman.verdict and len(deal.warnings) == len(roman.warnings)


# The sample's counts and rates, in a table of its pools in place of their sentences.
COUNTS_AND_RATES = layouts.lettered_pools(layouts.POOLS_COUNTS_AND_RATES)
POOL_TABLE = layouts.lettered_pools(layouts.A_TABLE_OF_THE_POOLS.format(count=663)) + "     The weighted average"


def test_a_table_of_the_lettered_pools_gives_each_pool_its_row():
    text = layouts.lettered_pools()
    assert text.count(COUNTS_AND_RATES) == 1
    deal = _deal(text.replace(COUNTS_AND_RATES, POOL_TABLE), "cmsi-2004-8-lettered-pools-table.txt")
    stated = [(p.name, p.loan_count, p.wac) for p in deal.pools]
    assert stated == [("A", 663, 6.132), ("B", 154, 5.486), ("C", 153, 5.716), ("all", 970, 5.962)]
    assert deal.tables == () and deal.missing == ()
    row = text.replace(COUNTS_AND_RATES, POOL_TABLE).split("\n").index(POOL_TABLE.split("\n")[7]) + 1
    assert [p.source_lines for p in deal.pool("B").provenance if p.field == "loan_count"] == [(row,)]


# --- a lowercase letter, or a capital that is an article, names no pool ------------------------------

ANCHOR = "     The total numbers of the pool I mortgage loans"


@pytest.mark.parametrize(
    "inserted",
    [
        # "pool a" in lowercase: the article, never a pool's name
        "     No mortgage loan was added to the pool a month after October 1, 2004, and\n"
        "none was removed from the loan group a year or more after it.\n\n",
        # a heading ending in "POOL", then a paragraph opening with the article "A"
        "                              THE MORTGAGE POOL\n\n"
        "     A total of 970 mortgage loans have a weighted average interest rate of 5.962%.\n\n",
    ],
)
def test_an_article_after_the_word_pool_names_no_pool(inserted):
    text = layouts.DETAILED.replace(ANCHOR, inserted + ANCHOR)
    assert text.count(inserted) == 1
    deal = _deal(text, "cmsi-2004-8-article.txt")
    assert [p.name for p in deal.pools] == ["I", "II", "III", "all"]
    assert [_figures(p) for p in deal.pools] == [_figures(p) for p in SAMPLE.pools]
    assert deal.missing == SAMPLE.missing


def test_pools_written_in_lowercase_letters_are_no_pools_and_get_no_figures():
    # "pool a", "pool b": not names. The figures stated for them are doubted and said missing, never
    # given to a pool "A" nor to the whole deal.
    deal = _deal(layouts.lettered_pools(letters="abc"), "cmsi-2004-8-lowercase-letters.txt")
    assert [p.name for p in deal.pools] == ["all"]
    whole = deal.whole_deal
    assert (whole.aggregate_balance, whole.loan_count, whole.wac) == (493_641_377.57, None, None)
    assert any(w.startswith("wac: 4 values for 1 subjects; not assigned") for w in deal.warnings)
