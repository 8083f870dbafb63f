"""Figures no check reconciles, tested against each other: one that cannot be right is doubted beside it.

Each filing is 2004-3 with one figure misprinted as a typist or a scan might: a letter
for a digit, a digit too many. The figure is read as printed, never corrected, and
every report says beside it that it cannot agree with the figures it names.
"""

from __future__ import annotations

import json
import re

import pytest
from shared_renders import FIXED_TIME

from reporting.deliver.write import render_deal
from reporting.model.deal import Deal, provenance_of
from reporting.pipeline import load_deal, load_deal_json, load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")


def misprinted(old: str, new: str) -> Deal:
    assert TERM_SHEET.count(old) == 1, old
    return load_filing(ingest_bytes(TERM_SHEET.replace(old, new).encode(), "cmsi-2004-3-misprinted.txt"))


def doubts(deal: Deal, field: str) -> tuple[str, ...]:
    return provenance_of(deal.whole_deal, field).warnings


@pytest.mark.parametrize("sample", [TERM_SHEET_2004_3, DETAILED_2004_8])
def test_the_samples_figures_all_agree(sample):
    assert load_deal(sample).warnings == ()


def test_an_original_term_shorter_than_the_remaining_term_is_doubted_beside_both():
    deal = misprinted("2004 was 359.54 months.", "2004 was 3S9.54 months.")  # an S for a 5: read as 9.54
    assert deal.whole_deal.wa_original_term_months == 9.54  # as printed: never corrected
    said = "the WA original term (9.54 mo) is shorter than the WAM (357.95 mo): one of them is misread, or misprinted"
    assert said in doubts(deal, "wa_original_term_months") and said in doubts(deal, "wam_months")
    assert f"All loans wam_months and wa_original_term_months: {said}" in deal.warnings
    shortest = "the WA original term (9.54 mo) is shorter than the shortest original term (20 years)"
    assert any(d.startswith(shortest) for d in doubts(deal, "wa_original_term_months"))


def test_a_zip_code_larger_than_the_pool_is_doubted_and_every_report_says_so(tmp_path):
    deal = misprinted("No more than $7,749,519 of the", "No more than $774,951,900 of the")
    said = "the largest zip code balance ($774,951,900) is more than the aggregate balance ($619,800,778)"
    assert any(d.startswith(said) for d in doubts(deal, "largest_zip_balance"))
    written = {
        p.name.rsplit("-", 1)[1]: p for p in render_deal(deal, tmp_path, ("html", "json"), generated_at=FIXED_TIME)
    }
    html = written["summary.html"].read_text()
    for row, beside in (("Largest zip code exposure", True), ("Aggregate balance", False)):
        cell = re.search(rf"<th scope=\"row\">{row}</th>(.*?)</tr>", html, re.S)
        assert cell and ("misread, or misprinted" in cell.group(1)) is beside  # the reconciled balance is not doubted
    assert doubts(deal, "aggregate_balance") == ()
    again = load_deal_json(written["deal.json"])  # validated again when read back: said once, not twice
    assert again.warnings == deal.warnings
    assert json.loads(written["deal.json"].read_text())["warnings"] == list(deal.warnings)


def test_a_wac_no_mortgage_pool_has_is_doubted():
    deal = misprinted("servicing fee) as of May 1, 2004 was 5.843%.", "servicing fee) as of May 1, 2004 was 58.43%.")
    assert doubts(deal, "wac") == ("the WAC (58.43%) is outside 1%-20%, where every mortgage pool's WAC lies",)


def test_a_largest_original_balance_below_the_average_balance_is_doubted():
    deal = misprinted("nor more than $1,000,000.", "nor more than $1,000,00O.")  # a letter O: read as $100,000
    said = "the largest original balance ($100,000) is less than the average loan balance ($505,960)"
    assert any(d.startswith(said) for d in doubts(deal, "original_balance_max"))


def test_an_average_balance_within_negative_amortisation_of_the_largest_is_no_doubt():
    # Negatively amortising loans may grow to 125% of their original balance: $505,960 on average
    # against a largest original $500,000 is possible, and is not doubted.
    deal = misprinted("nor more than $1,000,000.", "nor more than $500,000.")
    assert doubts(deal, "original_balance_max") == ()


def test_a_latest_maturity_before_any_loan_could_mature_is_doubted():
    deal = misprinted("scheduled maturity later than May 1,\n2034.", "scheduled maturity later than May 1,\n2004.")
    said = "the latest maturity (May 1, 2004) is before any loan could mature: originated on or after February 1, 2003"
    assert any(d.startswith(said) for d in doubts(deal, "latest_maturity"))


@pytest.mark.parametrize("years", ["9999999999999999999930", "2" + "0" * 307])  # 2e307 years: months overflow
def test_a_shortest_term_past_any_calendar_is_doubted_where_it_crashed(years):
    # Found by test_fuzz: the soonest maturity was built as a date, past the year 9999.
    deal = misprinted("at least 20 but no more\nthan 30 years", f"at least {years} but no more\nthan 30 years")
    assert deal.whole_deal.original_term_min_years == float(years)  # as printed, never corrected
    said = "the latest maturity (May 1, 2034) is before any loan could mature: originated on or after February 1, 2003"
    assert any(d.startswith(said) for d in doubts(deal, "latest_maturity"))


def test_a_balance_above_80_ltv_with_no_loan_above_80_is_doubted_beside_both():
    deal = misprinted(
        "no mortgage loans had loan-to-value ratios\nin excess of 95%",
        "no mortgage loans had loan-to-value ratios\nin excess of 80%",
    )
    said = (
        "the balance above 80% LTV ($5,368,851) says some loans are above 80% LTV, yet the largest LTV (80%) is not:"
        " one of them is misread, or misprinted"
    )
    assert said in doubts(deal, "balance_above_80_ltv") and said in doubts(deal, "max_ltv")
