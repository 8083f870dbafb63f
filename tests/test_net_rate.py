"""The rate net of the servicing fee stated beside the WAC (the WAC is the rate before the fee).

A sentence that named a net rate anywhere was set aside whole, so a WAC stated in it was lost with
nothing said; a net rate alone is still no WAC.
"""

import re

import pytest

from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

_WAC_SENTENCE = (
    "The weighted average interest rate on the mortgage loans (before deduction of the servicing fee) as of"
    " May 1, 2004 was 5.843%."
)


def _term_sheet_with(sentence: str):
    text = TERM_SHEET_2004_3.read_text(encoding="utf-8")
    pattern = r"\s+".join(map(re.escape, _WAC_SENTENCE.split()))
    assert re.search(pattern, text)
    return load_filing(ingest_bytes(re.sub(pattern, lambda _: sentence, text).encode(), "t.txt"))


@pytest.mark.parametrize(
    "sentence",
    [
        "The weighted average net interest rate on the mortgage loans (after deduction of the servicing fee of"
        " 0.25%) as of May 1, 2004 was 5.593%, and the weighted average interest rate on the mortgage loans"
        " (before deduction of the servicing fee) was 5.843%.",
        "The weighted average interest rate on the mortgage loans as of May 1, 2004 was 5.843% per annum (5.593%"
        " net of the servicing fee).",
        "The weighted average interest rate on the mortgage loans as of May 1, 2004 was 5.843% (5.593% after"
        " deduction of the servicing fee).",
        "The weighted average net interest rate of the mortgage loans was 5.593%; their weighted average interest"
        " rate was 5.843%.",
    ],
)
def test_the_wac_stated_beside_the_net_rate_is_read(sentence):
    deal = _term_sheet_with(sentence)
    assert deal.whole_deal.wac == 5.843
    assert not [w for w in deal.warnings if "wac" in w]


@pytest.mark.parametrize(
    "sentence",
    [
        "The weighted average net interest rate of the mortgage loans as of May 1, 2004 was 5.593%.",
        "The weighted average interest rate on the mortgage loans (after deduction of the servicing fee) as of"
        " May 1, 2004 was 5.593%.",
    ],
)
def test_a_net_rate_alone_is_no_wac(sentence):
    assert _term_sheet_with(sentence).whole_deal.wac is None


def test_each_pools_wac_beside_each_pools_net_rate():
    text = DETAILED_2004_8.read_text(encoding="utf-8")
    subjects = (
        "the pool I mortgage loans, the pool II mortgage loans, the pool III mortgage loans and all mortgage loans"
    )
    old = (
        f"The weighted average interest rates of {subjects} (before deduction of the servicing fee) as of October"
        " 1, 2004 were 6.132%, 5.486%, 5.716% and 5.962%, respectively."
    )
    new = (
        f"The weighted average net interest rates of {subjects} (after deduction of the servicing fee) as of"
        " October 1, 2004 were 5.882%, 5.236%, 5.466% and 5.712%, respectively, and the weighted average interest"
        f" rates of {subjects} (before deduction of the servicing fee) were 6.132%, 5.486%, 5.716% and 5.962%,"
        " respectively."
    )
    pattern = r"\s+".join(map(re.escape, old.split()))
    assert re.search(pattern, text)
    deal = load_filing(ingest_bytes(re.sub(pattern, lambda _: new, text).encode(), "d.txt"))
    assert [p.wac for p in deal.pools] == [6.132, 5.486, 5.716, 5.962]
