"""The deal-to-deal diff model: alignment, changes, key sentences, data-quality verdicts."""

from __future__ import annotations

from dataclasses import replace

import pytest
from deal_edits import with_pool, with_state_balances, with_wac_raised

from reporting.derive.buckets import Alignment
from reporting.derive.diff import build_diff
from reporting.derive.key_changes import parse_thresholds, table_subject
from reporting.errors import FilingError
from reporting.model.deal import Deal
from reporting.model.diff import (
    NO_MATERIAL_CHANGES,
    Presence,
    Side,
    Thresholds,
)
from reporting.model.names import pool_key

# State balances as the 2004-3 term sheet prints them (its total is $619,800,778).
CALIFORNIA, NEVADA, TABLE_TOTAL = 296_923_131, 2_637_638, 619_800_778


def sentences(diff) -> list[str]:
    return [k.sentence for k in diff.key_changes]


# --- 2004-3 (tables) against 2004-8 (prose only) ---------------------------------------


def test_term_sheet_against_detailed_compares_the_shared_metrics(term_sheet, detailed):
    diff = build_diff(term_sheet, detailed)
    metrics = {m.key: m for m in diff.metrics}
    assert (metrics["aggregate_balance"].old, metrics["aggregate_balance"].new) == (619_800_778.37, 493_641_377.57)
    assert metrics["aggregate_balance"].change == -126_159_400.80
    assert metrics["aggregate_balance"].relative == pytest.approx((493_641_377.57 / 619_800_778.37 - 1) * 100)
    assert (metrics["loan_count"].old, metrics["loan_count"].new, metrics["loan_count"].change) == (1225, 970, -255)
    assert metrics["wac"].change == pytest.approx(5.962 - 5.843)
    assert metrics["wam_months"].change == pytest.approx(329.60 - 357.95)
    # 2004-8 states the balance above 80% LTV per pool only: the whole deal's is their sum, marked derived
    # (issue 12), never shown as stated; 2004-3 states its own.
    pools = [detailed.pool(name).balance_above_80_ltv for name in ("I", "II", "III")]
    above = metrics["balance_above_80_ltv"]
    assert detailed.whole_deal.balance_above_80_ltv is None
    assert (above.old, above.new) == (term_sheet.whole_deal.balance_above_80_ltv, sum(pools))
    assert above.derived == (Side.NEW,) and metrics["share_above_80_ltv"].derived == (Side.NEW,)
    assert metrics["share_above_80_ltv"].new == pytest.approx(sum(pools) / 493_641_377.57 * 100)


def test_term_sheet_against_detailed_key_sentences(term_sheet, detailed):
    found = sentences(build_diff(term_sheet, detailed))
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert "Deal size fell from $619.8mm to $493.6mm, -20.4%" in found
    assert "WAC rose from 5.843% to 5.962%, +11.9 bp" in found
    assert "Loan count fell from 1,225 to 970, -20.8%" in found
    # 2004-8's WAM and original term fall mostly for its 15-year pool II, which 2004-3 has no like of: said so
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert (
        "WAM fell from 357.95 mo to 329.60 mo, -28.35 mo (mostly the mix of original terms: see the caution)" in found
    )
    assert "WA LTV rose from 64.5% to 66.5%, +2.0 pp" in found  # exactly at the 2 pp threshold
    assert "The cap on no income verification loans rose from 6% to 24% of balance, +18 pp" in found
    # Ranked by materiality: the 11.9 bp WAC (1.19x its threshold) before the cap moved by 18 pp, which counts
    # as just material (1x): the loans without income verification may be no more than before.
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert found.index("WAC rose from 5.843% to 5.962%, +11.9 bp") < found.index(
        "The cap on no income verification loans rose from 6% to 24% of balance, +18 pp"
    )
    # Ranked by materiality, save that a WAM or original term between loans of other original terms ranks last,
    # however large (28.35 mo is 4.7x its threshold): it measures the mix of terms more than any change of loans.
    changes = build_diff(term_sheet, detailed).key_changes
    assert [k.metric for k in changes if k.mixed_terms] == ["wam_months", "wa_original_term_months"]
    assert changes[-2:] == tuple(k for k in changes if k.mixed_terms)
    measured = [k.materiality for k in changes if not k.mixed_terms]
    assert measured == sorted(measured, reverse=True) and changes[-2].materiality > max(measured)


def test_term_sheet_against_detailed_lists_one_sided_items(term_sheet, detailed):
    diff = build_diff(term_sheet, detailed)
    assert len(diff.tables) == 7 and all(t.alignment is Alignment.OLD_ONLY for t in diff.tables)
    states = next(t for t in diff.tables if "STATE" in t.title)
    california = next(r for r in states.rows if r.label == "California")
    assert california.old_share == pytest.approx(CALIFORNIA / TABLE_TOTAL * 100)
    assert california.new_share is None and california.change is None
    assert diff.geography.stated_old and not diff.geography.stated_new
    assert diff.geography.california.old == pytest.approx(47.906, abs=1e-3) and diff.geography.california.new is None
    assert diff.matrices[0].alignment is Alignment.OLD_ONLY
    assert [c.name for c in diff.classes] == ["A", "B-1", "B-2", "B-3", "B-4", "B-5", "B-6"]
    assert all(c.presence is Presence.NEW_ONLY for c in diff.classes)
    assert diff.classes[0].subordination.new == 2.450067623897
    assert diff.pools_only_new == ("I", "II", "III") and diff.pools_only_old == ()
    assert any("CMSI 2004-8 states no stratification tables" in n for n in diff.notes)
    assert any(n == "Pools only in CMSI 2004-8: I, II, III." for n in diff.notes)


def test_documentation_policies_named_differently_are_both_listed(term_sheet, detailed):
    documentation = {(m.label, m.bound.value): m for m in build_diff(term_sheet, detailed).documentation}
    only_old = documentation[("Full documentation, or alternative/streamlined refinance", "at_least")]
    only_new = documentation[("Full documentation", "at_least")]
    assert (only_old.old, only_old.new) == (94, None) and (only_new.old, only_new.new) == (None, 45)
    both = documentation[("No income verification", "no_more_than")]
    assert (both.old, both.new, both.change) == (6, 24, 18)


def test_both_quality_verdicts_are_carried(term_sheet, detailed):
    diff = build_diff(term_sheet, detailed)
    assert diff.old.quality.reconciled and diff.old.quality.checks_run == 53
    assert diff.new.quality.verdict == "all 23 reconciliation checks passed"


# --- a deal against itself ------------------------------------------------------------


@pytest.mark.parametrize("sample", ["term_sheet", "detailed"])
def test_a_deal_against_itself_has_no_material_changes(sample, request):
    deal = request.getfixturevalue(sample)
    diff = build_diff(deal, deal)
    assert diff.headline == NO_MATERIAL_CHANGES and diff.key_changes == ()
    numeric = [m for m in diff.metrics if m.change is not None]
    assert numeric and all(m.change == 0 for m in numeric)
    assert all(r.change == 0 for t in diff.tables for r in t.rows)
    assert all(t.alignment is Alignment.MATCHED for t in diff.tables)
    assert all(c.balance.change == 0 and c.subordination.change in (0, None) for c in diff.classes)
    assert diff.pools_only_old == diff.pools_only_new == ()
    assert diff.geography.entering_top10 == diff.geography.leaving_top10 == ()


def test_pools_named_in_figures_and_in_roman_numerals_are_the_same_pools(detailed):
    # "Pool 1" / "Group 2" against "pool I" / "pool II": every pool was "only in" one deal, and
    # "--pool II" could not find the new deal's pool 2.
    import layouts

    from reporting.pipeline import load_filing
    from reporting.read.ingest import ingest_bytes

    arabic = load_filing(ingest_bytes(layouts.arabic_pools().encode(), "cmsi-2004-8-arabic.txt"))
    assert [p.name for p in arabic.pools] == ["1", "2", "3", "all"]
    diff = build_diff(detailed, arabic)
    assert diff.pools_only_old == diff.pools_only_new == ()
    assert not any(n.startswith("Pools only in") for n in diff.notes)
    one_pool = build_diff(detailed, arabic, pool="II")
    assert (one_pool.old.pool, one_pool.new.pool) == ("II", "2")
    wac = next(m for m in one_pool.metrics if m.key == "wac")
    assert (wac.old, wac.new, wac.change) == (5.486, 5.486, 0)
    assert one_pool.headline == NO_MATERIAL_CHANGES
    # only numerals as they are written: "IL" or "VX" are names of their own, never pools 49 or 5
    assert [pool_key(name) for name in ("IV", "IX", "XIV", "04", "IL", "VX", "A")] == [
        "4",
        "9",
        "14",
        "4",
        "il",
        "vx",
        "a",
    ]


# --- a pair with known edits ------------------------------------------------------------


def test_known_edits_give_the_exact_sentences(term_sheet):
    moved = 49_000_000
    edited = with_wac_raised(with_state_balances(term_sheet, {"California": -moved, "Nevada": moved}), 0.15)
    assert edited.checks_passed  # moving balance between two states keeps every total
    diff = build_diff(term_sheet, edited)
    # California 47.91% -> (296,923,131 - 49,000,000) / 619,800,778 = 40.00%; Nevada 0.43% -> 8.33%;
    # top 5 (CA, NY, MA, MD, NJ) 73.70% -> (CA, NY, NV, MA, MD) 69.96%.
    assert sentences(diff) == [
        "California fell from 47.91% to 40.00% of balance, -7.91 pp",
        "Nevada rose from 0.43% to 8.33% of balance, +7.91 pp",  # the $49,000,000 California lost: 7.9058%
        "Top 5 states fell from 73.70% to 69.96% of balance, -3.74 pp",
        # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
        "WAC rose from 5.843% to 5.993%, +15 bp",
    ]
    california = diff.geography.california
    assert california.old == pytest.approx(CALIFORNIA / TABLE_TOTAL * 100)
    assert california.new == pytest.approx((CALIFORNIA - moved) / TABLE_TOTAL * 100)
    assert california.change == pytest.approx(-moved / TABLE_TOTAL * 100)
    assert diff.geography.entering_top10 == ("Nevada",) and diff.geography.leaving_top10 == ("Georgia",)
    assert [r.label for r in diff.geography.movers[:2]] == ["California", "Nevada"]
    assert diff.key_changes[-1].materiality == pytest.approx(1.5)  # 15 bp over a 10 bp threshold


def test_thresholds_decide_what_is_material(term_sheet):
    edited = with_wac_raised(with_state_balances(term_sheet, {"California": -49e6, "Nevada": 49e6}), 0.15)
    strict = build_diff(term_sheet, edited, thresholds=parse_thresholds("share=8pp,wac=15bp"))
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert sentences(strict) == ["WAC rose from 5.843% to 5.993%, +15 bp"]  # 7.9 pp < 8 pp; 15 bp reaches 15 bp
    assert build_diff(term_sheet, edited, thresholds=parse_thresholds("share=10pp,wac=16bp")).key_changes == ()


def test_a_figure_that_does_not_reconcile_says_so(term_sheet):
    # California gains $1mm that the Total line does not: the state table no longer adds up.
    edited = with_state_balances(term_sheet, {"California": -20_000_000 + 1_000_000, "Texas": 20_000_000})
    diff = build_diff(term_sheet, edited)
    assert not diff.new.quality.reconciled
    assert diff.new.quality.verdict.startswith("1 of 53 reconciliation checks failed")
    states = next(t for t in diff.tables if "STATE" in t.title)
    assert states.unreconciled == (Side.NEW,)
    assert any(
        s.startswith("Texas rose") and s.endswith("(state table not reconciled in the new filing)")
        for s in sentences(diff)
    )


def test_a_pool_figure_that_does_not_reconcile_is_marked(detailed):
    # Pool I's WAC no longer agrees with its premium/discount split or with the deal's weighted WAC.
    edited = with_pool(detailed, "I", wac=6.5)
    whole = {m.key: m for m in build_diff(detailed, edited).metrics}
    assert whole["wac"].unreconciled == (Side.NEW,)  # the deal's 5.962% is no longer the pools' average
    pool = build_diff(detailed, edited, pool="I")
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert "WAC rose from 6.132% to 6.500%, +36.8 bp (not reconciled in the new filing)" in sentences(pool)


# --- pools ------------------------------------------------------------------------------


def test_pool_against_another_pool(detailed):
    diff = build_diff(detailed, detailed, pool="I:III")
    assert (diff.old.pool, diff.new.pool) == ("I", "III")
    found = sentences(diff)
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert "Pool size fell from $335.1mm to $80.6mm, -75.9%" in found  # 80,602,219.93 / 335,095,817.07 - 1
    assert "WAC fell from 6.132% to 5.716%, -41.6 bp" in found  # 6.132% -> 5.716%
    assert "The floor on full documentation loans fell from 53% to 22% of balance, -31 pp" in found
    assert diff.classes == ()  # classes belong to the whole deal
    assert diff.old.stem == "cmsi-2004-8-pool-i" and diff.new.stem == "cmsi-2004-8-pool-iii"


def test_same_named_pool_and_case(detailed):
    diff = build_diff(detailed, detailed, pool="ii")
    assert (diff.old.pool, diff.new.pool) == ("II", "II") and diff.key_changes == ()


def test_a_missing_pool_is_a_clear_error(term_sheet, detailed):
    with pytest.raises(FilingError) as error:
        build_diff(detailed, term_sheet, pool="I")
    assert error.value.path == str(term_sheet.source.path)
    assert str(error.value).endswith("CMSI 2004-3 has no pool 'I' to compare (its pools: all)")


# --- tables whose buckets differ ----------------------------------------------------------


def _with_size_rows(deal: Deal, rows) -> Deal:
    return replace(
        deal, tables=tuple(replace(t, rows=tuple(rows)) if t.title.startswith("SIZE") else t for t in deal.tables)
    )


def _size_table(diff):
    return next(t for t in diff.tables if t.title.startswith("SIZE"))


def test_nested_buckets_are_rebucketed(term_sheet):
    rows = next(t for t in term_sheet.tables if t.title.startswith("SIZE")).rows
    # The new deal prints $100,000-wide buckets from $150,000 to $949,999: pairs of the old ones.
    coarse = [rows[0]]
    for first, second in zip(rows[1:17:2], rows[2:18:2]):
        label = f"{first.label.split(' through ')[0]} through {second.label.split(' through ')[1]}"
        coarse.append(
            replace(first, label=label, count=first.count + second.count, balance=first.balance + second.balance)
        )
    coarse += rows[17:]
    table = _size_table(build_diff(term_sheet, _with_size_rows(term_sheet, coarse)))
    assert table.alignment is Alignment.REBUCKETED and table.rebucketed_to is Side.NEW
    assert len(table.rows) == len(coarse) == 11
    row = next(r for r in table.rows if r.label == "$350,000 through $449,999")
    assert row.old_labels == ("$350,000 through $399,999", "$400,000 through $449,999")
    assert row.old_balance == 98_717_122 + 101_330_554 == row.new_balance
    assert row.old_count == 260 + 238 and row.change == 0


def test_buckets_that_do_not_nest_are_not_comparable(term_sheet):
    rows = next(t for t in term_sheet.tables if t.title.startswith("SIZE")).rows
    shifted = [replace(r, label=r.label.replace("$150,000 through", "$175,000 through")) for r in rows]
    shifted[0] = replace(shifted[0], label="$174,999 and under")
    diff = build_diff(term_sheet, _with_size_rows(term_sheet, shifted))
    table = _size_table(diff)
    assert table.alignment is Alignment.NOT_COMPARABLE
    assert len(table.rows) == 2 * len(rows) and all(r.change is None for r in table.rows)
    # the title as the reports write it (an outside review: notes in the filing's capitals read as shouting)
    assert "Size of Mortgage Loans: bucket edges differ and do not nest; not comparable bucket by bucket." in diff.notes
    assert not any("loan size" in s for s in sentences(diff))


def test_a_bucket_on_one_side_only_is_zero_on_the_other(term_sheet):
    rows = next(t for t in term_sheet.tables if t.title.startswith("SIZE")).rows
    # The new deal does not print the empty "$1,000,000 and over" row.
    table = _size_table(build_diff(term_sheet, _with_size_rows(term_sheet, rows[:-1])))
    assert table.alignment is Alignment.MATCHED
    last = table.rows[-1]
    assert (last.label, last.presence, last.old_share, last.new_share) == (
        "$1,000,000 and over",
        Presence.OLD_ONLY,
        0.0,
        0.0,
    )
    assert last.new_balance is None  # not stated, so not invented


def test_tables_match_by_normalised_title(term_sheet):
    retitled = replace(
        term_sheet,
        tables=tuple(
            replace(t, title=t.title.title() + ":") if "NOTE RATES" in t.title else t for t in term_sheet.tables
        ),
    )
    diff = build_diff(term_sheet, retitled)
    assert len(diff.tables) == 7 and all(t.alignment is Alignment.MATCHED for t in diff.tables)


def test_table_subjects_for_sentences():
    assert table_subject("DISTRIBUTION OF MORTGAGE LOANS BY NOTE RATES") == "note rates"
    assert table_subject("SIZE OF MORTGAGE LOANS") == "loan size"
    assert table_subject("TYPES OF DWELLINGS SUBJECT TO MORTGAGE LOANS") == "types of dwellings"


def test_bucket_sentences_name_the_table(term_sheet):
    rates = next(t for t in term_sheet.tables if "NOTE RATES" in t.title)
    moved = 40_000_000  # from 5.501% - 6.000% to 6.001% - 6.500%
    edited_rows = [
        replace(r, balance=r.balance - moved)
        if r.label == "5.501% - 6.000%"
        else replace(r, balance=r.balance + moved)
        if r.label == "6.001% - 6.500%"
        else r
        for r in rates.rows
    ]
    edited = replace(
        term_sheet, tables=tuple(replace(t, rows=tuple(edited_rows)) if t is rates else t for t in term_sheet.tables)
    )
    found = sentences(build_diff(term_sheet, edited))
    # 481,264,059 / 619,800,778 = 77.65%; 441,264,059 / 619,800,778 = 71.19%; the $40,000,000 moved is 6.4537%
    # (the rounded shares' -6.46 pp beside the other bucket's +6.45 pp said two sizes of one move)
    assert "5.501% - 6.000% (note rates) fell from 77.65% to 71.19% of balance, -6.45 pp" in found


# --- thresholds ---------------------------------------------------------------------------


def test_threshold_parsing():
    assert parse_thresholds("share=2pp,wac=10bp,size=10%") == Thresholds()
    assert parse_thresholds("wac=5, sub=0.1pp") == Thresholds(wac=5, sub=0.1)
    for bad, message in [
        ("foo=1", "unknown threshold 'foo=1'"),
        ("wac=5pp", "threshold wac must be a number of bp, not '5pp'"),
        ("share=-1", "must be a positive number"),
        ("size=", "unknown threshold"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_thresholds(bad)


def test_the_sentence_names_the_deal_that_did_not_reconcile(term_sheet, detailed):
    # 2004-3's WAC no longer agrees with its premium/discount split (5.850% and 5.354%).
    broken = with_pool(term_sheet, "all", wac=5.700)
    diff = build_diff(broken, detailed)
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert "WAC rose from 5.700% to 5.962%, +26.2 bp (not reconciled in CMSI 2004-3)" in sentences(diff)
    assert diff.old.quality.failed_checks == ("premium/discount weighted WAC equals the pool's (All loans)",)


def test_terminal_summary_lists_top10_moves(term_sheet):
    from reporting.present.terminal import diff_summary

    edited = with_state_balances(term_sheet, {"California": -49_000_000, "Nevada": 49_000_000})
    text = diff_summary(build_diff(term_sheet, edited))
    assert "Top 10 states: entered Nevada; left Georgia" in text
    assert "   1. California fell from 47.91% to 40.00% of balance, -7.91 pp" in text
    assert "CMSI 2004-3 (old)" in text and "CMSI 2004-3 (new)" in text


def test_unlike_pools_and_unlike_filings_carry_a_caution(term_sheet, detailed):
    from reporting.derive.diff import build_diff

    cautions = build_diff(term_sheet, detailed).cautions
    assert len(cautions) == 2
    assert "CMSI 2004-3 all loans: 20-30 years; CMSI 2004-8 all loans: 12-30 years" in cautions[0]
    # No pool of 2004-8 holds 20-30-year loans only, but pool I's 25-30 years lie within them: it is named as the
    # loans to compare, with no command-line text in a report (the terminal alone suggests the command).
    assert cautions[0].endswith(
        "partly reflect the mix of terms. Pool I of CMSI 2004-8 (25-30 years) holds loans within 20-30 years: "
        "compare it alone."
    )
    assert "--" not in cautions[0]
    assert "collateral term sheet" in cautions[1] and "detailed description" in cautions[1]


def test_like_pools_carry_no_caution(term_sheet, detailed):
    from reporting.derive.diff import build_diff

    assert build_diff(term_sheet, term_sheet).cautions == ()
    assert build_diff(detailed, detailed, "III").cautions == ()
    # Pool I (25-30 years) against pool III (30 years): terms differ, no pool to suggest.
    # Their premium loans are of other net-rate thresholds too (5.50%, 5.25%): not the same groups, said as well.
    caution, groups = build_diff(detailed, detailed, "I:III").cautions
    assert "pool I: 25-30 years" in caution and "pool III: 30 years" in caution and "--pool" not in caution
    assert "different net-rate thresholds (CMSI 2004-8 pool I: 5.50%; CMSI 2004-8 pool III: 5.25%)" in groups
