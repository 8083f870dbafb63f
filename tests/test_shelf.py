"""The shelf history model: series in date order, medians, ranges, percentiles, gaps, sentences, revisions."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import date

import pytest
from deal_edits import as_series, with_state_balances, with_state_moved, with_wac_raised
from reading import pdf_text

from reporting.derive import metrics
from reporting.derive.diff import build_diff
from reporting.derive.shelf import MIN_DEALS, build_shelf, shelf_frame
from reporting.errors import FilingError
from reporting.model.deal import CertificateClass
from reporting.model.shelf import LeftOut

# The 2004-3 term sheet's state table: California's balance, the next four states', Nevada's and the Total line.
CALIFORNIA, TABLE_TOTAL = 296_923_131, 619_800_778
NEW_YORK, MASSACHUSETTS, MARYLAND, NEW_JERSEY, NEVADA = 75_979_640, 30_352_593, 27_688_781, 25_829_782, 2_637_638
WAC_2004_3, WAC_2004_8 = 5.843, 5.962


def ca_share(moved: float) -> float:
    return (CALIFORNIA - moved) / TABLE_TOTAL * 100


# series, cut-off date, WAC raised by, California balance moved to Nevada. Listed out of date order
# on purpose; 2005-9 is the 2004-8 detailed description filed between 2005-3 and 2005-4.
TERM_SHEETS = [
    ("2005-4", date(2005, 4, 1), 0.30, 0),
    ("2005-1", date(2005, 1, 1), 0.10, 10_000_000),
    ("2005-6", date(2005, 6, 1), 0.50, 60_000_000),
    ("2005-2", date(2005, 2, 1), -0.20, 0),
    ("2005-5", date(2005, 5, 1), 0.00, 20_000_000),
    ("2005-3", date(2005, 3, 1), 0.05, 5_000_000),
]
DATE_ORDER = ["2005-1", "2005-2", "2005-3", "2005-9", "2005-4", "2005-5", "2005-6"]


@pytest.fixture(scope="module")
def shelf_deals(term_sheet, detailed):
    deals = []
    for series, cut_off, raised, moved in TERM_SHEETS:
        deal = with_wac_raised(term_sheet, raised) if raised else term_sheet
        deal = with_state_moved(deal, moved) if moved else deal
        deals.append(as_series(deal, series, cut_off))
    deals.insert(3, as_series(detailed, "2005-9", date(2005, 3, 15)))
    return deals


def by_key(report, key):
    return next(s for s in report.series if s.key == key)


def standing(report, key):
    return next(s for s in report.standings if s.key == key)


# --- order, series and gaps ------------------------------------------------------------------


def test_series_come_out_in_cut_off_date_order(shelf_deals):
    report = build_shelf(shelf_deals)
    assert [d.label for d in report.deals] == DATE_ORDER
    assert [d.cut_off_date for d in report.deals] == sorted(d.cut_off_date for d in report.deals)
    assert report.focus_deal.name == "CMSI 2005-6" and report.focus == 6
    wac = by_key(report, "wac")
    assert wac.values == pytest.approx([5.943, 5.643, 5.893, WAC_2004_8, 6.143, 5.843, 6.343])


def test_a_figure_stated_by_some_deals_only_leaves_gaps(shelf_deals):
    report = build_shelf(shelf_deals)
    detailed = DATE_ORDER.index("2005-9")
    california = by_key(report, "california_share")
    fico = by_key(report, "fico_below_700_share")
    senior = by_key(report, "class_a_subordination")
    for series in (california, fico):
        assert series.values[detailed] is None  # the detailed description prints no state table or matrix
        assert all(v is not None for i, v in enumerate(series.values) if i != detailed)
    assert fico.values[0] == pytest.approx(0.91 + 2.98 + 16.15)  # the matrix's rows 620 and less .. 650 to 699
    assert senior.values == tuple(2.450067623897 if i == detailed else None for i in range(7))
    # The table of deals x figures has the same gaps, as NaN.
    frame = shelf_frame(report)
    assert list(frame.index) == DATE_ORDER
    assert math.isnan(frame.loc["2005-9", "california_share"])
    assert frame.loc["2005-1", "california_share"] == pytest.approx(ca_share(10_000_000))
    assert frame.attrs["labels"]["class_a_subordination"] == "Class A subordination"
    assert frame.attrs["units"]["wac"] == "rate"
    # A figure no deal states is no series at all, never a row of gaps.
    assert "largest_zip_share" not in {s.key for s in report.series}


def test_documentation_bounds_are_one_series_per_policy_as_worded(shelf_deals):
    report = build_shelf(shelf_deals)
    detailed = DATE_ORDER.index("2005-9")
    no_income = by_key(report, metrics.documentation_key("No income verification", "no_more_than"))
    assert no_income.values == tuple(24.0 if i == detailed else 6.0 for i in range(7))
    assert no_income.bound.value == "no_more_than"
    # "Full documentation" (2004-8) and "Full documentation, or alternative/streamlined refinance" (2004-3)
    # are different policies: two series, each with gaps, never one series of both.
    full = by_key(report, metrics.documentation_key("Full documentation", "at_least"))
    broad = by_key(
        report, metrics.documentation_key("Full documentation, or alternative/streamlined refinance", "at_least")
    )
    assert full.values == tuple(45.0 if i == detailed else None for i in range(7))
    assert broad.values == tuple(None if i == detailed else 94.0 for i in range(7))


# --- the deal in focus against the window -------------------------------------------------------


def test_median_range_and_percentile_over_the_window(shelf_deals):
    report = build_shelf(shelf_deals, window=6)
    assert [d.label for d in report.window_deals] == DATE_ORDER[1:]  # 2005-1 falls outside the last 6
    wac = standing(report, "wac")
    window_wacs = [5.643, 5.893, WAC_2004_8, 6.143, 5.843, 6.343]  # 2005-2 .. 2005-6, in date order
    assert report.values_in_window(by_key(report, "wac")) == pytest.approx(window_wacs)
    assert wac.stated == 6
    assert wac.median == pytest.approx((5.893 + WAC_2004_8) / 2)  # the middle two of six
    assert (wac.low, wac.high) == pytest.approx((5.643, 6.343))
    assert wac.percentile == 100.0 and wac.position == "highest"
    california = standing(report, "california_share")
    shares = [ca_share(0), ca_share(5_000_000), ca_share(0), ca_share(20_000_000), ca_share(60_000_000)]
    assert california.stated == 5  # 2005-9 states no state table
    assert california.value == pytest.approx(ca_share(60_000_000))
    assert california.median == pytest.approx(ca_share(5_000_000))  # the middle of five
    assert (california.low, california.high) == pytest.approx((min(shares), max(shares)))
    assert california.percentile == 0.0 and california.position == "lowest"


def test_percentile_counts_ties_half_and_a_value_inside_the_range_is_not_unusual(shelf_deals):
    report = build_shelf(shelf_deals, window=6, focus="2005-4")
    assert report.focus_deal.label == "2005-4"
    assert [d.label for d in report.window_deals] == DATE_ORDER[:5]  # only five deals up to 2005-4
    california = standing(report, "california_share")
    # Others stating it: 2005-1 (lower), 2005-2 (equal: nothing moved), 2005-3 (lower).
    assert california.percentile == pytest.approx((2 + 0.5) / 3 * 100)
    assert california.position is None and california.sentence is None
    wac = standing(report, "wac")
    assert wac.median == pytest.approx(5.943)  # 5.643 5.893 5.943 5.962 6.143
    assert wac.percentile == 100.0


def test_sentences_name_the_outliers(shelf_deals):
    report = build_shelf(shelf_deals, window=6)
    # 2005-6 moved $60mm from California to Nevada, which enters its top 5 in New Jersey's place.
    top5 = (CALIFORNIA - 60e6 + NEW_YORK + NEVADA + 60e6 + MASSACHUSETTS + MARYLAND) / TABLE_TOTAL * 100
    # The window's median top 5 is 2005-3's: $5mm moved, Nevada still outside the top 5.
    median_top5 = (CALIFORNIA - 5e6 + NEW_YORK + MASSACHUSETTS + MARYLAND + NEW_JERSEY) / TABLE_TOTAL * 100
    assert (round(top5, 2), round(median_top5, 2)) == (69.96, 72.89)
    assert report.sentences == (
        "WAC 6.343%, highest of the last 6 deals; median 5.928%",
        "California 38.23% of balance, lowest of the 5 of the last 6 deals that state it; median 47.10%",
        "Top 5 states 69.96% of balance, lowest of the 5 of the last 6 deals that state it; median 72.89%",
    )
    assert standing(report, "top5_states_share").value == pytest.approx(top5)
    assert standing(report, "top5_states_share").median == pytest.approx(median_top5)
    assert round(standing(report, "california_share").value, 2) == round(ca_share(60e6), 2) == 38.23
    assert report.headline == "3 figures outside the range of the last 6 deals"
    # Loan count, WAM, ... are the same in every term sheet: the focus is neither highest nor lowest.
    assert standing(report, "loan_count").position is None


def test_no_sentence_with_too_few_deals(term_sheet, detailed):
    report = build_shelf([term_sheet, detailed])
    wac = standing(report, "wac")
    assert wac.position == "highest" and wac.stated == 2 < MIN_DEALS
    assert report.sentences == ()
    assert report.headline.startswith("Too few deals to call a figure unusual")


def test_an_unreconciled_figure_is_flagged_in_its_series_and_its_sentence(shelf_deals):
    # California's row off by $70mm with the Total line unchanged: the state table no longer adds up.
    broken = with_state_balances(shelf_deals[2], {"California": -70_000_000})
    report = build_shelf([*shelf_deals[:2], broken, *shelf_deals[3:]], window=6)
    california = by_key(report, "california_share")
    assert california.unreconciled[-1] and not any(california.unreconciled[:-1])
    assert not by_key(report, "wac").unreconciled[-1]
    sentence = standing(report, "california_share").sentence
    assert sentence.endswith("(it did not reconcile in its filing)")


def test_a_doubted_figure_is_marked_in_its_series_its_standing_and_its_sentence(shelf_deals):
    # The shelf marked a figure that failed a check, never one the parser doubted: an approximate WAC, the
    # highest of the window, was called unusual with nothing said of the doubt.
    from reporting.present.shelf_page import build_page, render_shelf_html

    focus = next(d for d in shelf_deals if d.series == "2005-6")  # the latest: WAC raised 0.50, the highest
    pool = focus.whole_deal
    said = "stated as approximately 6.343%, not as an exact figure"
    provenance = tuple(replace(p, warnings=(said,)) if p.field == "wac" else p for p in pool.provenance)
    doubted = replace(focus, pools=tuple(replace(p, provenance=provenance) if p is pool else p for p in focus.pools))
    report = build_shelf([doubted if d is focus else d for d in shelf_deals], window=6)
    wac = by_key(report, "wac")
    assert wac.doubted[-1] and not any(wac.doubted[:-1]) and not wac.unreconciled[-1]
    assert standing(report, "wac").sentence.endswith("(the parser doubted it: see that deal's report)")
    assert not by_key(report, "aggregate_balance").doubted[-1]
    html = render_shelf_html(build_page(report, {}), {})
    assert "doubt: see that deal&#39;s report" in html or "doubt: see that deal's report" in html


# --- which filing stands for a series --------------------------------------------------------------


def test_term_sheet_and_detailed_description_of_one_series(term_sheet, detailed):
    final = as_series(detailed, "2004-3", date(2004, 5, 1))
    report = build_shelf([term_sheet, final, as_series(term_sheet, "2003-9", date(2003, 12, 1))])
    assert [d.label for d in report.deals] == ["2003-9", "2004-3"]
    assert report.deals[1].kind == "detailed_description"  # the pool delivered stands for the series
    (revision,) = report.revisions
    expected = build_diff(term_sheet, final)
    assert revision.name == "CMSI 2004-3" and report.earlier_revisions == 0
    assert revision.term_sheet == "cmsi-2004-3-collateral-term-sheet.txt"
    assert [c.sentence for c in revision.changes] == [c.sentence for c in expected.key_changes]
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert "WAC rose from 5.843% to 5.962%, +11.9 bp" in [c.sentence for c in revision.changes]
    assert revision.headline == expected.headline
    (aside,) = report.set_aside
    assert aside.source_name == "cmsi-2004-3-collateral-term-sheet.txt"
    assert "its detailed description" in aside.reason
    # A series with both filings before the window is counted, not diffed.
    later = [as_series(term_sheet, "2004-9", date(2004, 12, 1)), as_series(term_sheet, "2005-1", date(2005, 1, 1))]
    report = build_shelf([term_sheet, final, *later], window=2)
    assert report.revisions == () and report.earlier_revisions == 1


def test_a_series_spelled_with_a_leading_zero_is_the_same_series(term_sheet, detailed):
    # CMSI wrote "Series 2005-03" on some covers and "2005-3" on others: one series, one point.
    final = as_series(detailed, "2004-03", date(2004, 5, 1))
    report = build_shelf([term_sheet, final, as_series(term_sheet, "2003-9", date(2003, 12, 1))])
    assert [d.label for d in report.deals] == ["2003-9", "2004-03"]
    (revision,) = report.revisions
    assert revision.term_sheet == "cmsi-2004-3-collateral-term-sheet.txt"
    assert report.deals[1].stem == "cmsi-2004-3"
    assert build_shelf([term_sheet, final, detailed], focus="2004-3").focus_deal.label == "2004-03"
    assert build_shelf([term_sheet, detailed], focus="CMSI 2004-03").focus_deal.label == "2004-3"


def test_the_same_filing_twice_is_one_point(term_sheet, detailed):
    copy = replace(term_sheet, source=replace(term_sheet.source, path="/elsewhere/copy.txt"))
    report = build_shelf([term_sheet, copy, detailed])
    assert [d.label for d in report.deals] == ["2004-3", "2004-8"]
    (aside,) = report.set_aside
    assert (
        aside.source_name == "copy.txt" and aside.reason == "the same filing as cmsi-2004-3-collateral-term-sheet.txt"
    )


def test_a_truncated_filing_is_left_out_with_its_reason(term_sheet, detailed, partial_dir):
    from reporting.pipeline import load_deal

    truncated = load_deal(partial_dir / "cmsi-2003-1-collateral.txt")
    earlier = LeftOut("servicing.txt", "a monthly servicing report, not a mortgage pool description")
    report = build_shelf([truncated, term_sheet, detailed], left_out=[earlier])
    assert [d.label for d in report.deals] == ["2004-3", "2004-8"]
    assert [item.source_name for item in report.left_out] == ["servicing.txt", "cmsi-2003-1-collateral.txt"]
    assert report.left_out[1].reason.startswith("incomplete (truncated?): it states no balance for the whole deal")


def test_an_unknown_deal_is_one_line(term_sheet, detailed):
    with pytest.raises(FilingError, match=r"--deal 2004-9: no such series on the shelf \(its series: 2004-3, 2004-8\)"):
        build_shelf([term_sheet, detailed], focus="2004-9")
    assert build_shelf([term_sheet, detailed], focus="CMSI 2004-3").focus_deal.label == "2004-3"


# --- the figures the catalogue gained for the shelf ------------------------------------------------


def test_fico_below_700_is_not_stated_when_a_row_straddles_700(term_sheet):
    matrix = term_sheet.matrices[0]
    straddling = replace(matrix, row_labels=(*matrix.row_labels[:2], "650 to 719", *matrix.row_labels[3:]))
    deal = replace(term_sheet, matrices=(straddling,))
    assert metrics.BY_KEY["fico_below_700_share"].value(deal, deal.whole_deal) is None
    assert metrics.BY_KEY["fico_below_700_share"].value(term_sheet, term_sheet.whole_deal) == pytest.approx(20.04)


@pytest.mark.parametrize(
    "lowest, highest",
    [("Less than 620", "800 and above"), ("<620", ">=800"), ("Below 620", "Over 799"), ("620 and less", "800+")],
)
def test_fico_below_700_with_the_end_buckets_labelled_another_way(term_sheet, lowest, highest):
    # "Less than 620" or "<620" named no range the reader knew: the figure was left out with nothing said.
    matrix = term_sheet.matrices[0]
    assert matrix.row_labels[0] == "620 and less" and matrix.row_labels[-1] == "800 and above"
    labels = (lowest, *matrix.row_labels[1:-1], highest)
    deal = replace(term_sheet, matrices=(replace(matrix, row_labels=labels),))
    assert metrics.BY_KEY["fico_below_700_share"].value(deal, deal.whole_deal) == pytest.approx(20.04)
    less_than_700 = (*matrix.row_labels[:2], "Less than 700", *matrix.row_labels[3:])  # below 700, all of it
    deal = replace(term_sheet, matrices=(replace(matrix, row_labels=less_than_700),))
    assert metrics.BY_KEY["fico_below_700_share"].value(deal, deal.whole_deal) == pytest.approx(20.04)


def test_class_a_subordination_from_the_classes(detailed):
    spec = metrics.BY_KEY["class_a_subordination"]
    assert spec.value(detailed, detailed.whole_deal) == 2.450067623897
    assert spec.value(detailed, detailed.pool("I")) is None  # classes belong to the whole deal
    split = [CertificateClass("A-1", 1e8, 2.45), CertificateClass("A-2", 2e8, 2.45), *detailed.classes[1:]]
    assert spec.value(replace(detailed, classes=tuple(split)), detailed.whole_deal) == 2.45
    uneven = [CertificateClass("A-1", 1e8, 2.45), CertificateClass("A-2", 2e8, 3.1), *detailed.classes[1:]]
    assert spec.value(replace(detailed, classes=tuple(uneven)), detailed.whole_deal) is None
    # 2007's senior classes by loan group and a principal-only class: one level, theirs
    by_group = [CertificateClass(n, 1e8, 2.45) for n in ("IA-1", "IIA-1", "A-PO")] + list(detailed.classes[1:])
    assert spec.value(replace(detailed, classes=tuple(by_group)), detailed.whole_deal) == 2.45
    # a principal-only class that states no level leaves the seniors' one level
    no_level = [*by_group[:2], CertificateClass("A-PO", 1e6, None), *detailed.classes[1:]]
    assert spec.value(replace(detailed, classes=tuple(no_level)), detailed.whole_deal) == 2.45


def test_a_grouped_deal_leaves_class_a_subordination_out_and_says_why(term_sheet, detailed):
    # Loan groups with subordinate classes of their own: IA-1 and IIA-1 both state 2.45%, each over its own
    # group's juniors. The shelf charted "Class A subordination 2.45%" for the whole deal, unmarked.
    from datetime import UTC, datetime

    from workbooks import Workbook, header_row

    from reporting.present.shelf_page import build_page, render_shelf_html
    from reporting.present.shelf_workbook import history_workbook

    names = (("IA-1", 2.45), ("IIA-1", 2.45), ("IB-1", 1.2), ("IIB-1", 1.2), ("IB-2", None), ("IIB-2", None))
    grouped = replace(detailed, classes=tuple(CertificateClass(n, 1e8, level) for n, level in names))
    deals = [
        as_series(term_sheet, "2005-1", date(2005, 1, 1)),
        as_series(detailed, "2005-2", date(2005, 2, 1)),
        as_series(grouped, "2005-3", date(2005, 3, 1)),
    ]
    report = build_shelf(deals)
    assert by_key(report, "class_a_subordination").values == (None, 2.450067623897, None)
    (gap,) = report.not_given
    assert (gap.key, gap.deal, gap.index) == ("class_a_subordination", "2005-3", 2)
    assert gap.reason == metrics.SENIOR_LEVEL_NOT_GIVEN
    html = render_shelf_html(build_page(report, {}), {})
    assert "Class A subordination of 2005-3: not given: loan groups have subordinate classes of their own" in html
    sheet, _ = Workbook.read(history_workbook(report, datetime(2024, 1, 2, tzinfo=UTC))).sheet("Deals")
    top = header_row(sheet, "Series")
    column = next(c for c in range(1, sheet.max_column + 1) if sheet.cell(top, c).value == "Class A subordination")
    assert sheet.cell(top + 3, column).comment.text == metrics.SENIOR_LEVEL_NOT_GIVEN
    assert sheet.cell(top + 1, column).comment is None  # the term sheet states no classes: silence, no reason


def test_window_must_hold_two_deals(term_sheet):
    with pytest.raises(ValueError):
        build_shelf([term_sheet], window=1)
    report = build_shelf([term_sheet])
    assert len(report.deals) == 1 and report.standings[0].percentile is None and report.sentences == ()


def test_how_the_shelf_writes_its_figures():
    from reporting import formatting as fmt

    assert fmt.figure(1097.5, "count") == "1,097.5"  # the median of 970 and 1,225 loans, not truncated
    assert fmt.figure(1225, "count") == "1,225"
    # a range of bounds keeps the sign on each end: "6% - 24%" would read as measured shares
    assert fmt.figure((6.0, 24.0), "share", "no_more_than") == "\u2264 6% to \u2264 24%"
    assert fmt.figure((0.87, 47.91), "share") == "0.87% - 47.91%"
    assert [fmt.percentile(v) for v in (0, 1, 2, 3, 11, 12, 22, 83.333, 100, None)] == [
        "0th", "1st", "2nd", "3rd", "11th", "12th", "22nd", "83rd", "100th", fmt.MISSING,
    ]  # fmt: skip


def test_a_window_of_deals_with_other_original_terms_says_so_in_every_format(term_sheet, detailed):
    """An outside review: the shelf's WAM median (343.77 mo) mixed a term sheet of 20-30 year loans with a deal of
    12-30 year loans, and said nothing; a diff of the same two deals gives a caution."""
    from workbooks import Workbook

    from reporting.present.renders import ShelfRender
    from reporting.present.terminal import shelf_summary

    report = build_shelf([term_sheet, detailed])
    said = (
        "The deals compared hold loans of different original terms (CMSI 2004-3: 20-30 years; CMSI 2004-8: "
        "12-30 years), so their WAM, original term, WAC and LTV differ partly by the mix of terms."
    )
    assert report.cautions == (said,)
    render = ShelfRender(report)
    assert f"<strong>Caution:</strong> {said}" in render.html
    assert f"Caution: {said}" in shelf_summary(report, 0, 2)
    assert said in " ".join(pdf_text(render.pdf).split())
    sheet, _ = Workbook.read(render.xlsx).sheet("Standing")
    assert sheet.cell(3, 1).value == f"Caution: {said}"
    # Deals of one original term: no caution.
    assert build_shelf([term_sheet, as_series(term_sheet, "2004-9", date(2004, 9, 1))]).cautions == ()
