"""Shares the filing states in place of an amount, and doubts that mark only the figures they concern.

A filing of another year may state the largest zip code's exposure or the loans above 80% LTV as a share of
the balance ("No more than 1.3% of the mortgage loans ... in any one zip code", "approximately 0.87% of the
aggregate scheduled principal balance ... in excess of 80%"): the share is the pool's, shown as stated (its
bound, its approximation), and the dollar figure stays not stated, never made up from it. A footnote's mark on
one row of the state table doubts that row: it marks California's share or the top states' share only where
that figure stands on the row.
"""

from __future__ import annotations

import html

import pytest

from reporting.derive import metrics
from reporting.derive.summary import summarise
from reporting.model.deal import Bound, Deal, provenance_of
from reporting.pipeline import load_filing
from reporting.present.email import plain_text
from reporting.present.long_table import deal_long_table
from reporting.present.summary_page import render_html
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")

# The sample's sentences, as it writes them, and the wordings of other years' filings.
ZIP_AMOUNT = """No more than $7,749,519 of the
mortgage loans are secured by mortgaged properties located in any one zip code."""
ZIP_SHARE = """No more than 1.3% of the
mortgage loans are secured by mortgaged properties located in any one zip code."""
ABOVE_80_AMOUNT = """Mortgage loans having an aggregate scheduled
principal balance of $5,368,851 as of May 1, 2004 had loan-to-value ratios"""
ABOVE_80_SHARE = """Mortgage loans representing approximately 0.87% of the aggregate scheduled
principal balance as of May 1, 2004 had loan-to-value ratios"""
DETAILED_ZIP_AMOUNTS = """No more than $4,538,332, $2,178,656,
$2,559,173 and $6,659,274, respectively, of"""
DETAILED_ZIP_SHARES = """No more than 1.42%, 1.98%,
1.00% and 1.08%, respectively, of"""
ARIZONA = "Arizona                               9                            4,334,894"
CALIFORNIA = "California                          587                          296,923,131"
STATE_TOTAL = """Total                             1,225                         $619,800,778
                                  =====                         ============


<PAGE>"""
FOOTNOTE = "(1)  Includes one loan with a balance rounded."


def edited(text: str, *changes: tuple[str, str]) -> Deal:
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return load_filing(ingest_bytes(text.encode(), "cmsi-edited.txt"))


def metric(deal: Deal, key: str):
    """The summary's figure ``key`` (key metrics), or None where it shows none."""
    return next((m for m in summarise(deal).metrics if m.key == key), None)


def long_row(deal: Deal, key: str) -> dict:
    (row,) = deal_long_table(deal, summarise(deal)).query(f"metric == '{key}'").to_dict("records")
    return row


def test_a_largest_zip_code_share_the_filing_states_is_shown_as_its_bound():
    deal = edited(TERM_SHEET, (ZIP_AMOUNT, ZIP_SHARE))
    whole = deal.whole_deal
    assert (whole.largest_zip_share, whole.largest_zip_balance) == (1.3, None)
    assert provenance_of(whole, "largest_zip_share").source_lines == (83, 84)
    # nothing is said not read: the sentence was read, for the share
    assert not [w for w in deal.warnings if "zip" in w.lower()]
    shown = metric(deal, "largest_zip_share")
    assert (shown.values, shown.bound, shown.notes[0].doubts, shown.notes[0].stated) == (
        (1.3,),
        Bound.NO_MORE_THAN,
        (),
        True,
    )
    summary = summarise(deal)
    # the dollar figure is not stated, and never made up from the share
    assert "Largest zip code exposure" in summary.metrics_not_stated
    assert metric(deal, "largest_zip_balance") is None
    row = long_row(deal, "largest_zip_share")
    assert (row["value"], row["as_printed"], row["bound"], row["derived"]) == (1.3, "≤ 1.3%", "no_more_than", False)
    assert "Largest zip code share" in plain_text(summary) and "≤ 1.3%" in plain_text(summary)
    assert "≤ 1.3%" in render_html(summary, {})


def test_the_share_above_80_ltv_the_filing_states_approximately_is_shown_with_its_doubt():
    deal = edited(TERM_SHEET, (ABOVE_80_AMOUNT, ABOVE_80_SHARE))
    whole = deal.whole_deal
    assert (whole.share_above_80_ltv, whole.balance_above_80_ltv) == (0.87, None)
    assert provenance_of(whole, "share_above_80_ltv").approximate_within == 0.005
    doubt = "stated as approximately 0.87%, not as an exact figure"
    shown = metric(deal, "share_above_80_ltv")
    assert (shown.values, shown.bound, shown.notes[0].doubts) == ((0.87,), None, (doubt,))
    # the doubt sits beside this figure alone
    summary = summarise(deal)
    assert [m.key for m in summary.metrics if any(n and n.doubts for n in m.notes)] == ["share_above_80_ltv"]
    assert f"doubt: {html.escape(doubt)}" in render_html(
        summary, {}
    ) and f"Loans above 80% LTV (All loans): {doubt}" in plain_text(summary)
    row = long_row(deal, "share_above_80_ltv")
    assert (row["value"], row["as_printed"], row["derived"], row["flag"]) == (
        0.87,
        "approx. 0.87%",
        False,
        f"doubt: {doubt}",
    )
    assert not [w for w in deal.warnings if "not read" in w]


def test_a_share_above_80_ltv_stated_as_a_bound_is_no_figure_and_said():
    # "no more than 1%" of the loans above 80%: a bound where the figure is a value; never shown as 1%
    deal = edited(TERM_SHEET, (ABOVE_80_AMOUNT, ABOVE_80_SHARE.replace("approximately 0.87%", "no more than 1%")))
    assert (deal.whole_deal.share_above_80_ltv, deal.whole_deal.balance_above_80_ltv) == (None, None)
    assert metric(deal, "share_above_80_ltv") is None
    assert "balance_above_80_ltv: stated as a share of the loans (1%), not an amount; not read" in deal.warnings


def test_each_pools_zip_code_share_is_its_own():
    deal = edited(DETAILED, (DETAILED_ZIP_AMOUNTS, DETAILED_ZIP_SHARES))
    assert [(p.name, p.largest_zip_share, p.largest_zip_balance) for p in deal.pools] == [
        ("I", 1.42, None),
        ("II", 1.98, None),
        ("III", 1.0, None),
        ("all", 1.08, None),
    ]
    assert metric(deal, "largest_zip_share").values == (1.42, 1.98, 1.0, 1.08)


def _state_doubts(deal: Deal) -> dict[str, tuple[str, ...]]:
    return {
        key: metrics.BY_KEY[key].note(deal, deal.whole_deal).doubts for key in ("california_share", "top5_states_share")
    }


def _marked(*rows: str) -> Deal:
    """The sample with each of ``rows``' balances marked "(1)", and the footnote under the state table's Total line."""
    footed = STATE_TOTAL.replace("\n\n\n<PAGE>", f"\n-----------\n{FOOTNOTE}\n\n<PAGE>")
    return edited(TERM_SHEET, *((row, f"{row} (1)") for row in rows), (STATE_TOTAL, footed))


def test_a_doubt_on_a_state_row_marks_no_share_that_does_not_use_the_row():
    deal = _marked(ARIZONA)
    said = f"GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE, row 'Arizona': the figure 4,334,894 is marked (1): {FOOTNOTE}"
    assert deal.warnings == (said,) and deal.verdict.value == "reconciled"
    # Arizona is neither California nor among the five largest states, and the Total line is stated
    assert _state_doubts(deal) == {"california_share": (), "top5_states_share": ()}
    summary = summarise(deal)
    assert summary.geography.doubts == ()
    text, page = plain_text(summary), render_html(summary, {})
    # beside no key figure (the warnings, under the data quality, still say it of the row)
    assert "California (All loans):" not in text and "Top 5 states (All loans):" not in text
    assert 'role="note">doubt: row &#39;Arizona&#39;' not in page
    for key in ("california_share", "top5_states_share"):
        assert not isinstance(long_row(deal, key)["flag"], str)  # no flag: the long table leaves the cell empty


def test_a_doubt_on_californias_row_marks_california_and_the_top_states_and_arizonas_neither():
    deal = _marked(ARIZONA, CALIFORNIA)
    doubt = f"row 'California': the figure 296,923,131 is marked (1): {FOOTNOTE}"
    assert _state_doubts(deal) == {"california_share": (doubt,), "top5_states_share": (doubt,)}
    summary = summarise(deal)
    assert summary.geography.doubts == (doubt,)
    assert f"California (All loans): {doubt}" in plain_text(summary)
    assert long_row(deal, "california_share")["flag"] == f"doubt: {doubt}"


# Figures analysts use that the model holds no field for, as other years' filings state them after the sample's
# primary residence sentence.
PRIMARY = "to be the primary residence of the borrower."
FICO = " The weighted average FICO score of the mortgage loans was 737. No more than 1% of\nthe mortgage loans had FICO scores below 620."
NET = (
    " The weighted average interest rate on the mortgage loans (after deduction of the\nservicing fee) as of May 1,"
    " 2004 was 5.593%."
)


@pytest.mark.parametrize(
    "added, said",
    [
        (
            FICO,
            {
                "WA FICO score": "'The weighted average FICO score of the mortgage loans was 737.' (line 86)",
                "share under a FICO score": "'No more than 1% of the mortgage loans had FICO scores below 620.' (lines 86-87)",
            },
        ),
        (
            NET,
            {
                "net WAC": "'The weighted average interest rate on the mortgage loans (after deduction of the servicing "
                "fee) as of May 1, 2004 was 5.593%.' (lines 86-87)"
            },
        ),
    ],
)
def test_a_figure_the_model_holds_no_field_for_is_said_in_the_filing_but_not_read(added, said):
    deal = edited(TERM_SHEET, (PRIMARY, PRIMARY + added))
    assert deal.verdict.value == "reconciled" and deal.whole_deal.wac == 5.843
    summary = summarise(deal)
    assert summary.missing_said == f"In the filing but not read: {', '.join(said)}."
    text, page = plain_text(summary), render_html(summary, {})
    assert summary.missing_said in text and summary.missing_said in html.unescape(page)
    missing = deal_long_table(deal, summary).query("section == 'missing'")
    assert dict(zip(missing.bucket, missing.flag)) == {
        name: f"doubt: the filing states it in {quoted}, which termsheet does not read" for name, quoted in said.items()
    }
