"""Balances are compared within the precision the filing writes each with.

A filing may give each pool's balance in whole dollars ("$335,095,817") and the deal's with its cents, a table's
Total in whole dollars against the pool's balance with cents, or a balance "approximately $77.9 million". Each is
a rounding of an exact balance: a check allows for it (half a dollar for each figure in whole dollars, what
"approximately" admits for one stated so), says so, and still fails on a real difference. Each filing here is a
copy of a sample filing with its balances written otherwise.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from shared_renders import FIXED_TIME
from workbooks import Workbook, header_row

import reporting
from reporting.deliver.write import render_deal
from reporting.model.deal import Check, Deal, provenance_of
from reporting.pipeline import load_filing
from reporting.present.jsonio import deal_to_dict
from reporting.present.terminal import deal_summary
from reporting.read.ingest import ingest_bytes

POOLS_ADD_UP = "pools add up to the deal balance"
TOTAL_IS_THE_POOLS = "table total equals the pool's balance"
PREMIUM_AND_DISCOUNT = "premium + discount balance equals the pool"
# 2004-8's deal balance is $493,641,377.57; its pools', as the sample writes them, add up to it to the cent.
POOL_I, POOL_II, POOL_III = "$335,095,817.07", "$77,943,340.57", "$80,602,219.93"


def _edited(path: Path, *edits: tuple[str, str]) -> Deal:
    """The filing at ``path`` with each figure ``old`` (which it writes once) written as ``new``."""
    text = path.read_text()
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return load_filing(ingest_bytes(text.encode(), f"edited-{path.name}"))


def _checks(deal: Deal, name: str) -> list[Check]:
    found = [c for c in deal.checks if c.name == name]
    assert found, name
    return found


def _the_check(deal: Deal, name: str, subject: str | None = None) -> Check:
    (check,) = [c for c in _checks(deal, name) if subject is None or c.subject == subject]
    return check


def test_pools_in_whole_dollars_add_up_to_a_deal_with_cents(detailed_path: Path):
    # $335,095,817 + $77,943,341 + $80,602,220 = $493,641,378: 43 cents from the deal's $493,641,377.57,
    # within the $1.50 three balances rounded to the dollar may be apart. It used to fail by those 43 cents.
    deal = _edited(detailed_path, (POOL_I, "$335,095,817"), (POOL_II, "$77,943,341"), (POOL_III, "$80,602,220"))
    assert [p.aggregate_balance for p in deal.pools] == [335_095_817, 77_943_341, 80_602_220, 493_641_377.57]
    check = _the_check(deal, POOLS_ADD_UP)
    assert check.passed and round(check.difference, 2) == 0.43
    assert check.allowance == "within $1.50, the pools' balances being given in whole dollars"
    assert check.tolerance == pytest.approx(1.505)  # never looser than the figures: three half-dollars, the cent
    assert deal.verdict.value == "reconciled" and len(deal.checks) == 23


def test_a_pool_in_whole_dollars_five_dollars_off_still_fails(detailed_path: Path):
    # Pool I $5 more than its rounding: beyond what three whole-dollar balances may be apart.
    deal = _edited(detailed_path, (POOL_I, "$335,095,822"), (POOL_II, "$77,943,341"), (POOL_III, "$80,602,220"))
    check = _the_check(deal, POOLS_ADD_UP)
    assert not check.passed and round(check.difference, 2) == 5.43
    assert check.tolerance == pytest.approx(1.505)
    assert check.allowance == "within $1.50, the pools' balances being given in whole dollars"
    # and pool I's premium and discount loans, $335,095,817 together, no longer make its balance either
    assert {c.name for c in deal.checks if not c.passed} == {POOLS_ADD_UP, PREMIUM_AND_DISCOUNT}
    assert not _the_check(deal, PREMIUM_AND_DISCOUNT, "Pool I").passed


def test_one_pool_in_whole_dollars_is_named_as_such(detailed_path: Path):
    deal = _edited(detailed_path, (POOL_II, "$77,943,341"))
    check = _the_check(deal, POOLS_ADD_UP)
    assert check.passed and round(check.difference, 2) == 0.43
    assert check.allowance == "within $0.50, pool II's balance being given in whole dollars"
    assert check.tolerance == pytest.approx(0.505)


def test_a_pool_with_cents_against_a_deal_in_whole_dollars(detailed_path: Path):
    # the other way about: the deal rounded, its pools to the cent
    deal = _edited(detailed_path, ("$493,641,377.57", "$493,641,378"))
    check = _the_check(deal, POOLS_ADD_UP)
    assert check.passed and round(check.difference, 2) == -0.43
    assert check.allowance == "within $0.50, the deal's balance being given in whole dollars"


def test_balances_to_the_cent_allow_nothing_more(detailed_path: Path):
    # a pool 2 cents off, every balance written with its cents: a difference, as before
    deal = _edited(detailed_path, (POOL_II, "$77,943,340.59"))
    check = _the_check(deal, POOLS_ADD_UP)
    assert not check.passed and check.allowance == "" and check.tolerance == 0.005


def test_a_table_total_in_whole_dollars_against_a_pool_with_cents(term_sheet_path: Path, term_sheet: Deal):
    # 2004-3's tables total $619,800,778 against the pool's $619,800,778.37: the Total is the balance rounded
    # to the dollar, within half a dollar of it, and each check says that is what it passed within.
    totals = _checks(term_sheet, TOTAL_IS_THE_POOLS)
    assert len(totals) == 7 and all(c.passed for c in totals)
    assert {(c.expected, c.actual) for c in totals} == {(619_800_778.37, 619_800_778)}
    assert {c.allowance for c in totals} == {"within $0.50, the table's Total being given in whole dollars"}
    assert all(c.tolerance == pytest.approx(0.505) for c in totals)
    # A balance of $619,800,777.37 is $619,800,777 rounded and cut alike: a Total of $619,800,778, 63 cents over
    # it, is not it. (It passed within the dollar the check used to allow whatever either figure was written with.)
    # ($619,800,778.87 cut to the dollar is a Total of $619,800,778: see test_redteam_dec4a.)
    deal = _edited(term_sheet_path, ("$619,800,778.37", "$619,800,777.37"))
    assert {c.passed for c in _checks(deal, TOTAL_IS_THE_POOLS)} == {False}
    assert {c.name for c in deal.checks if not c.passed} == {TOTAL_IS_THE_POOLS}


def test_a_table_total_against_a_pool_in_whole_dollars_allows_for_both(term_sheet_path: Path):
    deal = _edited(term_sheet_path, ("$619,800,778.37", "$619,800,779"))
    totals = _checks(deal, TOTAL_IS_THE_POOLS)
    assert all(c.passed for c in totals) and {c.difference for c in totals} == {-1}
    assert {c.allowance for c in totals} == {
        "within $1, the pool's balance and the table's Total being given in whole dollars"
    }


def _approximate_pool_ii(detailed_path: Path, written: str) -> Deal:
    return _edited(detailed_path, (POOL_II, f"approximately {written}"))


def test_an_approximate_pool_balance_is_checked_to_its_stated_precision(detailed_path: Path):
    # "approximately $77.9 million": as near as $50,000, the pools add up within it, and say so as stated
    deal = _approximate_pool_ii(detailed_path, "$77.9 million")
    assert deal.pool("II").aggregate_balance == 77_900_000
    check = _the_check(deal, POOLS_ADD_UP)
    assert check.passed and round(check.difference, 2) == -43_340.57
    assert check.allowance == "within $50,000, pool II's balance being given as approx. $77.9mm"
    assert check.actual_within == 50_000 and check.expected_within is None
    premium_discount = _the_check(deal, PREMIUM_AND_DISCOUNT, "Pool II")
    assert premium_discount.passed and premium_discount.expected_within == 50_000
    assert premium_discount.allowance == (
        "within $50,001, pool II's balance being given as approx. $77.9mm and the premium and discount loans' "
        "balances being given in whole dollars"
    )
    # pool II's balance weighs its WAM of 15-year loans in the pools' average: as near as the balance is
    wam = _the_check(deal, "balance-weighted pool WAM equals the deal's")
    assert wam.passed and abs(wam.difference) > 0.01  # the averages' own rounding, of a hundredth of a month
    assert wam.allowance == "within 0.01547 mo, pool II's balance being given as approx. $77.9mm"
    assert deal.verdict.value == "reconciled"


def test_an_approximate_pool_balance_that_does_not_agree_is_shown_as_stated(detailed_path: Path, tmp_path: Path):
    # "approximately $77.8 million" is $143,341 short of its premium and discount loans: beyond its $50,000
    deal = _approximate_pool_ii(detailed_path, "$77.8 million")
    # (as a weight in the pools' averages it is as far off: the WAM and WA original term fail too)
    assert {POOLS_ADD_UP, PREMIUM_AND_DISCOUNT} <= {c.name for c in deal.checks if not c.passed}
    # every report writes the approximate figure as the filing states it, never with cents
    terminal = deal_summary(deal)
    assert f"FAILED {PREMIUM_AND_DISCOUNT} (Pool II): expected approx. $77.8mm" in terminal
    assert f"FAILED {POOLS_ADD_UP} (Pools and the whole deal): expected $493,641,377.57" in terminal
    assert "found approx. $493.5mm" in terminal
    assert "77,800,000" not in terminal
    (html,) = render_deal(deal, tmp_path, ("html",), generated_at=FIXED_TIME)
    failures = re.search(r'<table class="data checks">(.*?)</table>', html.read_text(), re.S)
    assert failures and "approx. $77.8mm" in failures.group(1) and "77,800,000" not in failures.group(1)


def test_the_json_carries_each_balances_precision_and_each_checks_allowance(detailed_path: Path):
    deal = _edited(detailed_path, (POOL_I, "$335,095,817"), (POOL_II, "approximately $77.9 million"))
    data = deal_to_dict(deal)
    schema = json.loads((Path(reporting.__file__).parent / "schema" / "deal.schema.json").read_text())
    jsonschema.validate(data, schema)
    pools = {p["name"]: p for p in data["pools"]}
    assert pools["I"]["provenance"]["aggregate_balance"]["places"] == 0
    assert pools["III"]["provenance"]["aggregate_balance"]["places"] == 2
    assert pools["II"]["provenance"]["aggregate_balance"]["approximate_within"] == 50_000
    (check,) = [c for c in data["checks"] if c["name"] == POOLS_ADD_UP]
    assert check["allowance"] == (
        "within $50,000.50, pool II's balance being given as approx. $77.9mm and pool I's balance being given in "
        "whole dollars"
    )


def test_classes_in_whole_dollars_add_up_to_a_deal_with_cents(detailed_path: Path):
    # class B-6 "$740,548" in place of "$740,547.57": the classes add up to the deal within its rounding
    deal = _edited(detailed_path, ("$740,547.57", "$740,548"))
    check = _the_check(deal, "class balances add up to the deal balance")
    assert check.passed and round(check.difference, 2) == 0.43
    assert check.allowance == "within $0.50, class B-6's balance being given in whole dollars"
    assert deal.verdict.value == "reconciled" and len(deal.checks) == 23


def test_the_workbook_says_what_each_check_allowed_for(detailed_path: Path, tmp_path: Path):
    deal = _edited(detailed_path, (POOL_I, "$335,095,817"), (POOL_II, "$77,943,341"), (POOL_III, "$80,602,220"))
    (xlsx,) = render_deal(deal, tmp_path, ("xlsx",), generated_at=FIXED_TIME)
    sheet, _ = Workbook.read(xlsx).sheet("Checks")
    top = header_row(sheet, "Subject")
    assert sheet.cell(top, 8).value == "Allowed for"
    allowed = {sheet.cell(r, 2).value: sheet.cell(r, 8).value for r in range(top + 1, sheet.max_row + 1)}
    assert allowed[POOLS_ADD_UP] == "within $1.50, the pools' balances being given in whole dollars"
    assert not allowed["pools add up to the deal loan count"]  # counts are exact


# 2004-3's WAM as the prose writes it, and its premium and discount loans' balance-weighted WAM: 357.950068 months.
WAM = "357.95\nmonths."
WAM_CHECK = "premium/discount weighted WAM equals the pool's"


def test_a_wam_in_sixteenths_of_a_month_is_checked_to_half_a_sixteenth(term_sheet_path: Path):
    # "357 15/16 months" (357.9375) is 357.95 to the nearest sixteenth: 0.0126 months from its rate groups' weighted
    # WAM, within the 1/32 month its rounding admits (plus the 0.01 of averaging). It failed against the 0.01 alone.
    deal = _edited(term_sheet_path, (WAM, "357 15/16\nmonths."))
    assert deal.whole_deal.wam_months == 357.9375
    check = _the_check(deal, WAM_CHECK)
    assert check.passed and round(check.difference, 6) == 0.012568
    assert check.tolerance == pytest.approx(0.01 + 1 / 32)
    assert deal.checks_passed
    data = deal_to_dict(deal)
    jsonschema.validate(data, json.loads((Path(reporting.__file__).parent / "schema" / "deal.schema.json").read_text()))
    (pool,) = data["pools"]
    assert pool["provenance"]["wam_months"]["parts"] == 16
    assert "parts" not in pool["provenance"]["wac"]  # a figure written in decimals has none


def test_a_wam_in_sixteenths_that_does_not_agree_still_fails(term_sheet_path: Path):
    # "357 11/16 months" (357.6875) is 0.26 months from its rate groups': far past half a sixteenth
    deal = _edited(term_sheet_path, (WAM, "357 11/16\nmonths."))
    check = _the_check(deal, WAM_CHECK)
    assert not check.passed and round(check.difference, 6) == 0.262568
    assert check.tolerance == pytest.approx(0.01 + 1 / 32)
    # a quarter is as near as an eighth of a month: "357 3/4 months" (357.75) is 0.2 months off, and fails too
    quarter = _the_check(_edited(term_sheet_path, (WAM, "357 3/4\nmonths.")), WAM_CHECK)
    assert not quarter.passed and quarter.tolerance == pytest.approx(0.01 + 1 / 8)


# 2004-3's balance as its prose states it (once); a sentence after its loan count may state it again.
BALANCE = "$619,800,778.37. Information below"
COUNT = "The total number of mortgage loans as of May 1, 2004 was 1,225."
AGAIN = " The aggregate scheduled principal balance of the mortgage loans as of May 1, 2004 was {}."


def _stated_twice(path: Path, first: str, again: str) -> Deal:
    return _edited(path, (BALANCE, f"{first}. Information below"), (COUNT, COUNT + AGAIN.format(again)))


def test_a_balance_stated_in_whole_dollars_then_with_its_cents_is_read_with_them(term_sheet_path: Path):
    # "$619,800,778" (lines 62-65), then "$619,800,778.37" (line 68): the same balance, the second to the cent. The
    # first was kept, in whole dollars, and every report printed "$619,800,778" and allowed it half a dollar.
    deal = _stated_twice(term_sheet_path, "$619,800,778", "$619,800,778.37")
    whole = deal.whole_deal
    assert whole.aggregate_balance == 619_800_778.37
    said = provenance_of(whole, "aggregate_balance")
    assert (said.places, said.warnings, said.source_lines) == (2, (), (62, 63, 64, 65, 68))
    totals = _checks(deal, TOTAL_IS_THE_POOLS)
    assert len(totals) == 7 and all(c.passed and round(c.difference, 2) == -0.37 for c in totals)
    assert {c.allowance for c in totals} == {"within $0.50, the table's Total being given in whole dollars"}
    assert "$619,800,778.37" in deal_summary(deal) and deal.checks_passed


def test_a_balance_stated_in_whole_dollars_cut_not_rounded_is_the_same_balance(term_sheet_path: Path):
    # "$619,800,778" and "$619,800,778.62": the whole dollars cut from the cents, as some typists write them, not
    # rounded ($779). One balance: read with its cents, no doubt said.
    deal = _stated_twice(term_sheet_path, "$619,800,778", "$619,800,778.62")
    said = provenance_of(deal.whole_deal, "aggregate_balance")
    assert (deal.whole_deal.aggregate_balance, said.places, said.warnings) == (619_800_778.62, 2, ())


@pytest.mark.parametrize(
    ("first", "again", "kept"),
    [
        ("$619,800,778", "$619,800,777.37", 619_800_778),  # $777.37 is $777 to the dollar, never $778
        ("$619,800,778.37", "$619,800,779", 619_800_778.37),  # $778.37 is $778 to the dollar
    ],
)
def test_a_balance_stated_again_to_other_places_that_it_does_not_round_to_is_doubted(
    term_sheet_path: Path, first: str, again: str, kept: float
):
    # Within a dollar of each other, the two were taken for one figure rounded, and the second was never said.
    deal = _stated_twice(term_sheet_path, first, again)
    whole = deal.whole_deal
    assert whole.aggregate_balance == kept
    (doubt,) = provenance_of(whole, "aggregate_balance").warnings
    assert doubt == (
        f"stated again as {float(again[1:].replace(',', '')):,.2f} (line 68); the first statement, {kept:,.2f} "
        "(lines 62-65), is kept"
    )
