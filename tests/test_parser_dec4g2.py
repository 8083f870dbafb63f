"""Kind headings, the rest (Dec 4, g2): each filing is the 2004-8 detailed description edited in the test. A heading
naming only the loans' kind ("15-Year Loans") opens the section of the pool the prose ties to that kind, here by the
pools' original terms as 2004-8 words them; the figures of a section tied to no one pool are no pool's and never the
whole deal's, and the filing says so.
"""

from __future__ import annotations

import pytest
from facts import deal_facts, read_text
from layouts import replaced_once
from sample_deals import read_sample
from test_parser_dec4e import _as_stated, _heading, _read, _with_sections, _years_table

from reporting.samples import DETAILED_2004_8

DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")
SAMPLE = read_sample(DETAILED, "cmsi-2004-8.txt")
NAME = "cmsi-2004-8.txt"

# 2004-8's own words for pool II's loans
POOL_II_TERMS = (
    'The mortgage loans that have original\nmaturities of at least 12 but not more than 15 years, the "pool II'
)


def _untied(deal, heading: str) -> list[str]:
    return [w for w in deal.warnings if f"under the heading {heading!r}" in w]


# --- pools tied to their loans' original terms: "original maturities of at least 12 but not more than 15 years" ------


def test_a_heading_naming_the_longest_term_of_one_pools_range_opens_its_section():
    # "15-Year Loans" over pool II's table: 2004-8 ties pool II to "original maturities of at least 12 but not more
    # than 15 years", but only words "are 15-year loans" tied a pool: the table was left out, said untied. Pool II's
    # loans are 15-year loans: the table is pool II's. "30-Year Loans" names both pool I's range (25 to 30 years)
    # and pool III's (30 years): still no one pool's, left out and said.
    sections = [_heading("15-Year Loans") + _years_table("II"), _heading("30-Year Loans") + _years_table("I")]
    deal = read_text(_with_sections(sections), NAME)
    assert _read(deal) == _as_stated("II")
    assert not _untied(deal, "15-Year Loans")
    assert len(_untied(deal, "30-Year Loans")) == 1
    assert all(check.passed for check in deal.checks)
    assert len(deal.not_run) == len(SAMPLE.not_run) + 1  # pool I's table, left out
    assert [w for w in deal.warnings if w not in _untied(deal, "30-Year Loans")] == list(SAMPLE.warnings)
    # the sample's own figures as they were: only the tables differ
    facts, sample = deal_facts(deal), deal_facts(SAMPLE)
    for key in ("tables", "checks", "warnings", "not_run", "checks_not_run", "checks_passed", "verdict_reason"):
        facts.pop(key), sample.pop(key)
    assert facts == sample


def _with_pool_ii_worded(words: str) -> str:
    """2004-8 with its tie of pool II to its range of terms taken out, ``words`` said before the cover's last
    sentences, and pool II's table under "15-Year Loans"."""
    text = replaced_once(DETAILED, POOL_II_TERMS, 'The remaining mortgage loans, the "pool II')
    text = replaced_once(text, "The mortgage loans were delivered", f"{words} The mortgage loans were delivered")
    at = text.index("<PAGE>\n\n\n     There are no special hazard")
    return f"{text[:at]}<PAGE>\n\n{_heading('15-Year Loans')}{_years_table('II')}\n\n\n{text[at:]}"


_FIFTEEN_OR_LESS = "The pool II mortgage loans have original terms to maturity of 15 years or less."


@pytest.mark.parametrize(
    ("sure", "unsure"),
    [
        # a range with no longest term
        (_FIFTEEN_OR_LESS, "The pool II mortgage loans have original terms to maturity of 15 years or more."),
        (
            "Pool II consists of mortgage loans with original terms to maturity of between 10 and 15 years.",
            "Pool II consists of mortgage loans with original terms to maturity of at least 12 years.",
        ),
        # the pool's average, some of its loans or none, two pools, loans excepted
        (
            "Pool II consists of 154 mortgage loans with original terms to maturity of 12 to 15 years.",
            "The pool II mortgage loans have weighted average original terms to maturity of 15 years.",
        ),
        (_FIFTEEN_OR_LESS, "None of the pool II mortgage loans have original terms to maturity of 15 years or less."),
        (
            _FIFTEEN_OR_LESS,
            "The pool I and pool II mortgage loans have original terms to maturity of 15 years or less.",
        ),
        (_FIFTEEN_OR_LESS, "The pool II mortgage loans have original terms to maturity of 15 years, except 3 loans."),
        # 2004-8's own wording, the pool in brackets, "with" the range
        (
            'The mortgage loans with original terms to maturity of 10 to 15 years (the "pool II mortgage loans") are '
            "not relocation loans.",
            'The mortgage loans with original terms to maturity of 10 years or more (the "pool II mortgage loans") '
            "are not relocation loans.",
        ),
        # 2004-8's own wording, with other loans added to the range's, or another pool named with it
        (
            'The mortgage loans that have original maturities of 15 years or less, the "pool II mortgage loans", are '
            "not relocation loans.",
            'The mortgage loans that have original maturities of 15 years or less or that are relocation loans, the "pool '
            'II mortgage loans", are not relocation loans.',
        ),
        (
            'The mortgage loans that have original maturities of 15 years or less, the "pool II mortgage loans", are '
            "not relocation loans.",
            "The mortgage loans that have original maturities of 15 years or less, the pool II mortgage loans and the "
            "pool III mortgage loans, are described below.",
        ),
    ],
)
def test_other_wordings_of_a_pools_range_of_terms_tie_it_only_where_sure(sure, unsure):
    # 2004-8 with its own tie of pool II's range taken out: words tying pool II's loans to a range of terms up to 15
    # years open its section under "15-Year Loans" (its table was left out); the same words made unsure tie nothing,
    # and the table is left out, said.
    pool_ii_tied_only_where_sure(sure, unsure)


def pool_ii_tied_only_where_sure(sure: str, unsure: str) -> None:
    """2004-8 with pool II's tie worded ``sure``: its table under "15-Year Loans" is pool II's, every check passed;
    worded ``unsure``: the table left out, said once."""
    deal = read_text(_with_pool_ii_worded(sure), NAME)
    assert _read(deal) == _as_stated("II") and not _untied(deal, "15-Year Loans")
    assert all(check.passed for check in deal.checks)
    doubted = read_text(_with_pool_ii_worded(unsure), NAME)
    assert _read(doubted) == [] and len(_untied(doubted, "15-Year Loans")) == 1


# --- the prose under a heading naming a kind of no one pool: "30-Year Loans" of pools I and III --------------------

WA_LTVS = (
    "The weighted average loan-to-value ratios\nat origination of the pool I mortgage loans, the pool II mortgage "
    "loans, the\npool III mortgage loans and all mortgage loans as of October 1, 2004 were 67.6%,\n58.2%, 70.2% and "
    "66.5%, respectively."
)
_UNREAD_LINE = (
    "the figures in the text under the heading {!r}, which names the loans' kind but no pool, and the filing ties that "
    "kind to no one pool: not read, neither as the whole deal's nor as any pool's"
)


def _untied_section(heading: str, said: str, cover: str = "") -> str:
    """2004-8 with pool I's years-of-origination table under ``heading``, ``said`` (a paragraph) between them, and the
    cover's sentence of the pools' WA LTVs replaced by ``cover``."""
    section = _heading(heading) + f"     {said}\n\n" + _years_table("I")
    return replaced_once(_with_sections([section]), WA_LTVS, cover)


def _but_warnings(deal) -> dict:
    return {**deal_facts(deal), "warnings": None}


@pytest.mark.parametrize(
    ("heading", "said"),
    [
        # pools I and III both of 30-year loans (by their original terms): whose loans are these?
        ("30-Year Loans", "The weighted average loan-to-value ratio at origination of the mortgage loans was 67.6%."),
        # no pool tied to the kind: some loans of the deal, of which pool cannot be told
        ("Adjustable Rate Loans", "The mortgage loans had a weighted average loan-to-value ratio of 67.6%."),
        # a pool named, in a section of some loans of the deal: perhaps that pool's loans of the kind only
        ("30-Year Loans", "The weighted average loan-to-value ratio of the pool I mortgage loans was 67.6%."),
        # a summary's lines: not also said "not read" one by one
        (
            "30-Year Loans",
            "Weighted Average Loan-to-Value Ratio:              67.6%\n     Weighted Average Mortgage Rate:"
            "                    6.132%",
        ),
    ],
    ids=["two pools of the kind", "no pool of the kind", "a pool named", "a summary's lines"],
)
def test_a_figure_under_a_heading_naming_a_kind_of_no_one_pool_is_not_read_and_said(heading, said):
    # The one WA LTV 2004-8 states, under a heading whose loans are no one pool's (its table left out, said): it was
    # read as the whole deal's 67.6% (or pool I's), a subset's figure shown as all the loans' with nothing said. It is
    # no pool's nor the deal's: every WA LTV not stated, and the summary says in one line why, naming the heading.
    deal = read_text(_untied_section(heading, said), NAME)
    assert [p.wa_ltv for p in deal.pools] == [None, None, None, None]
    assert deal.warnings.count(_UNREAD_LINE.format(heading)) == 1
    assert "wa_ltv" in deal.missing  # the deal's: not stated
    assert not any("67.6" in w for w in deal.warnings)
    assert len(_untied(deal, heading)) == 2  # its table's line and its figures'
    # nothing else read otherwise than with no such sentence: the class balances and levels after it read as ever
    bare = read_text(_untied_section(heading, "\n" * said.count("\n")), NAME)  # its lines kept
    assert _but_warnings(deal) == _but_warnings(bare)
    assert [w for w in deal.warnings if w != _UNREAD_LINE.format(heading)] == list(bare.warnings)


def test_a_figure_under_a_heading_of_no_one_pool_is_not_the_deals_stated_again():
    # The cover states each pool's and the deal's WA LTV; the 67.6% under "30-Year Loans" was the deal's "stated
    # again" (a doubt on the deal's right 66.5%). It is no one's: the deal's and the pools' as the cover states them,
    # no doubt beside them, and the line saying the heading's figures are not read.
    said = "The weighted average loan-to-value ratio at origination of the mortgage loans was 67.6%."
    deal = read_text(_untied_section("30-Year Loans", said, WA_LTVS), NAME)
    assert [p.wa_ltv for p in deal.pools] == [67.6, 58.2, 70.2, 66.5]
    assert not any("stated again" in w for w in deal.warnings)
    assert deal.warnings.count(_UNREAD_LINE.format("30-Year Loans")) == 1
    bare = read_text(_untied_section("30-Year Loans", "", WA_LTVS), NAME)
    assert _but_warnings(deal) == _but_warnings(bare)
    assert [w for w in deal.warnings if w != _UNREAD_LINE.format("30-Year Loans")] == list(bare.warnings)


def test_a_list_of_additional_collateral_under_a_heading_of_no_one_pool_is_not_read_and_said():
    # 2004-8's list of the figures of "such pool I mortgage loans and pool II mortgage loans" for which additional
    # collateral was pledged, moved under "30-Year Loans" (pools I and III): read as pools I's and II's, though of
    # which of their loans (the 30-year loans of a pool of 15-year loans?) cannot be told. Not read, and said.
    start = DETAILED.index("In the case of\nthe pool I mortgage loans and pool II")
    end = DETAILED.index("98.6%, respectively.") + len("98.6%, respectively.")

    def moved(words: str) -> str:
        text = _with_sections([_heading("30-Year Loans") + f"     {words}\n\n" + _years_table("I")])
        return text[:start] + text[end:]

    listed = DETAILED[start:end]
    deal, bare = read_text(moved(listed), NAME), read_text(moved("\n" * listed.count("\n")), NAME)  # lines kept
    assert SAMPLE.pool("I").additional_collateral is not None  # the sample's, read where it stands
    assert [p.additional_collateral for p in deal.pools] == [None] * 4
    assert deal.warnings.count(_UNREAD_LINE.format("30-Year Loans")) == 1
    assert _but_warnings(deal) == _but_warnings(bare)
    assert [w for w in deal.warnings if w != _UNREAD_LINE.format("30-Year Loans")] == list(bare.warnings)
