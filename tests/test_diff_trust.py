"""An analyst's review of the diff and the shelf: each figure marked as the deal's own checks mark it, a derived
figure said to be derived, and every change measured between the figures as the page prints them.

The edited filings are the bundled samples with a line or two changed, as the review's were:
2004-3 with its WAC raised to 5.901% (so the premium/discount split no longer averages to it), and 2004-8
with $1.728M moved from class A to class B-1 and class A's level stated as 2.800115% (the true one,
from the balances, is 2.800119%).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from reading import message_of, pdf_text
from shared_renders import FIXED_TIME
from workbooks import Workbook, evaluate, row_of

from reporting.deliver.write import render_diff
from reporting.derive.diff import build_diff
from reporting.model.deal import Deal
from reporting.model.diff import DealDiff, Side
from reporting.pipeline import load_filing
from reporting.present.renders import DiffRender
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3


def _edited(sample: Path, name: str, edits: dict[str, str]) -> Deal:
    text = sample.read_text(encoding="utf-8")
    for old, new in edits.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return load_filing(ingest_bytes(text.encode(), name))


@cache
def wac_raised() -> Deal:
    """2004-3 stating its WAC as 5.901%: its premium and discount loans (5.850%, 5.354%) average 5.843%."""
    return _edited(
        TERM_SHEET_2004_3,
        "cmsi-2004-3-edited.txt",
        {"servicing fee) as of May 1, 2004 was 5.843%.": "servicing fee) as of May 1, 2004 was 5.901%."},
    )


@cache
def level_misstated() -> Deal:
    """2004-8 with $1,728,000 moved from class A to B-1 (the classes still add up to the deal) and class A's
    level stated as 2.800115479541%, where B-1 ... B-6 over the deal give 2.800119...%."""
    return _edited(
        DETAILED_2004_8,
        "cmsi-2004-8-edited.txt",
        {
            "October 1, 2004 was $481,546,830.00.": "October 1, 2004 was $479,818,830.00.",
            "October 1, 2004 was $6,170,000.00.": "October 1, 2004 was $7,898,000.00.",
            "The class A subordination level is 2.450067623897%.*": "The class A subordination level is 2.800115479541%.*",
        },
    )


@pytest.fixture(scope="module")
def wac_diff(term_sheet: Deal) -> DealDiff:
    return build_diff(term_sheet, wac_raised())


@pytest.fixture(scope="module")
def class_diff(detailed: Deal) -> DealDiff:
    return build_diff(detailed, level_misstated())


@pytest.fixture(scope="module")
def samples_render(term_sheet: Deal, detailed: Deal) -> DiffRender:
    return DiffRender(build_diff(term_sheet, detailed), generated_at=FIXED_TIME)


@pytest.fixture(scope="module")
def samples_pdf(samples_render: DiffRender) -> str:
    return pdf_text(samples_render.pdf)


@pytest.fixture(scope="module")
def samples_book(samples_render: DiffRender) -> Workbook:
    return Workbook.read(samples_render.xlsx)


def _failed_names(deal: Deal) -> list[str]:
    return [c.name for c in deal.checks if not c.passed]


def _lines(text: str, start: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(start)]


# --- 1. the subject marks a figure that failed its check, as the summary's does --------------------------


def test_the_diff_email_subject_marks_a_wac_that_failed_its_check(wac_diff, tmp_path):
    assert _failed_names(wac_raised()) == ["premium/discount weighted WAC equals the pool's"]
    (eml, _) = render_diff(wac_diff, tmp_path, ["email"], generated_at=FIXED_TIME)
    subject = message_of(eml)["Subject"]
    # the body says "did not reconcile" beside the WAC; the summary's subject writes "WAC 5.901% (!)"
    assert (
        subject
        == "CMSI 2004-3 (old) vs CMSI 2004-3 (new): deal size unchanged at $619.8mm, WAC +5.8 bp (!); no material changes"
    )


def test_the_diff_email_subject_of_figures_that_reconcile_has_no_mark(samples_render):
    subject = samples_render.email().subject
    assert "(!)" not in subject and "(?)" not in subject
    assert "deal size -20.4% to $493.6mm, WAC +11.9 bp;" in subject


# --- 2. the diff marks exactly the figures the deal's own checks mark -------------------------------------


def test_a_misstated_level_marks_the_level_not_the_class_balance(class_diff):
    deal = level_misstated()
    assert _failed_names(deal) == ["class A subordination equals junior classes over the deal"]
    by_name = {c.name: c for c in class_diff.classes}
    assert (by_name["A"].balance.old, by_name["A"].balance.new) == (481_546_830.0, 479_818_830.0)
    assert by_name["A"].subordination.unreconciled == (Side.NEW,)  # what the summary flags
    assert all(c.balance.unreconciled == () for c in class_diff.classes)  # the balances add up to the deal
    assert class_diff.classes_unreconciled == ()


def test_the_diff_pdf_flags_the_level_and_not_the_balance(class_diff):
    text = pdf_text(DiffRender(class_diff, generated_at=FIXED_TIME).pdf)
    lines = text.splitlines()
    balance = lines.index(next(line for line in lines if line.startswith("Class A balance")))
    level = lines.index(next(line for line in lines if line.startswith("Class A subordination 2.")))
    assert lines[balance] == "Class A balance $481,546,830 $479,818,830 -$1,728,000 -0.4%"
    assert "did not reconcile" not in lines[balance + 1]
    assert lines[level + 1] == "! did not reconcile in CMSI 2004-8 (new)"


def test_the_summary_of_the_misstated_level_flags_the_level(detailed):
    from reporting.derive.summary import summarise

    capital = summarise(level_misstated()).capital
    row = next(c for c in capital.classes if c.name == "A")
    assert [c.name for c in row.failed] == ["class A subordination equals junior classes over the deal"]
    assert row.balance_failed == () and capital.failed == ()


def test_a_wac_that_fails_against_the_split_marks_the_wac_not_the_groups_wacs(wac_diff):
    marked = {m.key: m.unreconciled for m in wac_diff.metrics if m.unreconciled}
    assert marked == {"wac": (Side.NEW,)}  # as the summary's key metrics: its composition table marks no group WAC


# --- 3. a derived figure says so in the workbook and the shelf ---------------------------------------------


def test_the_diff_workbook_says_which_figures_are_derived(samples_book):
    sheet, values = samples_book.sheet("Metrics")
    for label, shown in (("Balance above 80% LTV", 7_909_109.0), ("Loans above 80% LTV", 0.016)):
        row = row_of(sheet, label)
        assert values.cell(row, 3).value == pytest.approx(shown, abs=0.5 if shown > 1 else 0.0001)
        assert "CMSI 2004-8's figure: derived from the pools, not stated" in sheet.cell(row, 6).value
        assert sheet.cell(row, 3).comment.text.startswith("derived from the pools, not stated")
        assert sheet.cell(row, 2).comment is None  # 2004-3 states its own
    for label in ("Originated not before", "Originated not after", "Latest maturity"):
        assert "derived from the pools" in sheet.cell(row_of(sheet, label), 6).value


def test_the_shelf_marks_a_derived_figure(term_sheet, detailed):
    from reporting.derive.shelf import build_shelf
    from reporting.present.renders import ShelfRender

    report = build_shelf([term_sheet, detailed])
    series = next(s for s in report.series if s.key == "share_above_80_ltv")
    assert series.derived == (False, True)
    standing = next(s for s in report.standings if s.key == "share_above_80_ltv")
    assert standing.derived and standing.value == pytest.approx(1.6022, abs=0.0001)
    render = ShelfRender(report, generated_at=FIXED_TIME)
    text = pdf_text(render.pdf)
    assert "2004-8 1.60%\nderived from the pools" in text  # the window's deals, figure by figure
    # the deal against the shelf: the figure on its label's line (cells align to their top), its note under it
    assert "Loans above 80% LTV 1.60%\nderived from the\npools" in text
    html = render.html
    assert html.count('1.60%<span class="derived" role="note">derived from the pools</span>') == 2


# --- 4. changes between the figures as known, rounded once ------------------------------------------------
# An outside analyst's review: "+0.73 pp, +83.9%" between the printed 0.87% and 1.60% is not the change the
# filings give. $5,368,851 of $619,800,778.37 is 0.8662%, $7,909,109 of $493,641,377.57 is 1.6022%: +0.7360 pp,
# +84.96%. A balance's change is between the stated cents: -$126,159,400.80.


def test_every_change_is_measured_between_the_figures_as_known(samples_pdf):
    assert "WAC 5.843% 5.962% +11.9 bp +2.0%" in samples_pdf
    assert "Aggregate balance $619,800,778 $493,641,378 -$126,159,401 -20.4%" in samples_pdf
    assert "+0.74 pp +85.0%" in samples_pdf
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert "WAC rose from 5.843% to 5.962%, +11.9 bp" in samples_pdf


def test_the_terminal_and_the_key_sentences_give_the_same_changes(samples_render):
    text = samples_render.text
    # the label column is as wide as its longest label, now "Special hazard loss limit" (the loss limits' rows); the
    # new deal's as its widest figure, "1.60% (d)" (three letters narrower since the mark is the summary email's)
    assert _lines(text, "WAC ") == ["WAC                              5.843%        5.962%       +11.9 bp     +2.0%"]
    assert "-$126,159,401    -20.4%" in _lines(text, "Aggregate balance")[0]
    # "(d)", as the summary email marks a derived figure, with the line under the table that says what it means (it
    # read "(derived)", with no such line)
    assert _lines(text, "Loans above 80% LTV")[0].endswith("1.60% (d)       +0.74 pp    +85.0%")
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert "WAC rose from 5.843% to 5.962%, +11.9 bp" in [k.sentence for k in samples_render.diff.key_changes]


def test_the_diff_workbook_changes_are_between_the_figures_as_known(samples_book):
    sheet, values = samples_book.sheet("Metrics")
    wac = row_of(sheet, "WAC")
    assert evaluate(samples_book, "Metrics", sheet.cell(wac, 4).value) == pytest.approx(11.9)
    assert values.cell(wac, 4).value == pytest.approx(11.9)
    assert sheet.cell(wac, 4).number_format.startswith('+0.0" bp"')
    size = row_of(sheet, "Aggregate balance")
    assert evaluate(samples_book, "Metrics", sheet.cell(size, 4).value) == pytest.approx(-126_159_400.80, abs=0.005)
    above = row_of(sheet, "Loans above 80% LTV")
    assert evaluate(samples_book, "Metrics", sheet.cell(above, 4).value) == pytest.approx(0.7360, abs=0.00005)
    assert evaluate(samples_book, "Metrics", sheet.cell(above, 5).value) == pytest.approx(0.8496, abs=0.00005)


# --- 5. one writer per kind of figure -----------------------------------------------------------------------


def test_the_diff_writes_subordination_levels_as_the_summary_does(class_diff):
    render = DiffRender(class_diff, generated_at=FIXED_TIME)
    text = pdf_text(render.pdf)
    assert "Class A subordination 2.4501% 2.8001% +0.3500 pp" in text  # the summary's 2.4501%, never 2.45%
    assert "Class B-1 subordination 1.2002% 1.2002% 0.0000 pp 0.0%" in text
    assert "Class B-2 subordination 0.7000% 0.7000%" in text  # never 0.7% beside 2.45% in one column
    assert "Class A subordination rose from 2.4501% to 2.8001%, +0.3500 pp" in text
    book = Workbook.read(render.xlsx)
    sheet, values = book.sheet("Classes")
    row = row_of(sheet, "A")
    assert sheet.cell(row, 5).number_format == sheet.cell(row, 6).number_format == "0.0000%"
    old, new = (values.cell(row, column).value for column in (5, 6))  # the levels to every stated decimal
    assert evaluate(book, "Classes", sheet.cell(row, 7).value) == pytest.approx((new - old) * 100)
    assert round((new - old) * 100, 4) == 0.35
    assert sheet.cell(row, 7).number_format.startswith('+0.0000" pp"')


def test_the_shelf_writes_the_level_as_the_summary_does(term_sheet, detailed):
    from reporting.derive.shelf import build_shelf
    from reporting.present.renders import ShelfRender

    html = ShelfRender(build_shelf([term_sheet, detailed]), generated_at=FIXED_TIME).html
    assert '<td class="num">2.4501%</td>' in html and "2.45%<" not in html


def test_the_summary_writes_the_additional_collateral_ltvs_as_the_filing_states_them(term_sheet):
    from reporting.present.renders import DealRender

    html = DealRender(term_sheet, generated_at=FIXED_TIME).html
    # "a weighted average loan-to-value ratio of 80% ... 100% without the additional collateral"; the diff says 80%
    assert '<td class="num">80%</td><td class="num">100%</td></tr>' in html
    assert "80.0%" not in html and "100.0%" not in html


# --- 6. a moved bound is said as the bound moving; medians of bounds and counts say what they are ---------------


def test_a_moved_cap_is_said_as_the_cap_moving_and_ranks_after_measured_changes(samples_render, samples_pdf):
    changes = samples_render.diff.key_changes
    sentences = [k.sentence for k in changes]
    assert "The cap on no income verification loans rose from 6% to 24% of balance, +18 pp" in sentences
    assert "The floor on primary residences fell from 98% to 95% of balance, -3 pp" in sentences
    assert not any("at most" in s or "at least" in s for s in sentences)
    bounds = [k for k in changes if k.bound]
    assert [k.metric for k in bounds] == [
        "primary_residence_min_pct",
        "underwriting:No income verification:no_more_than",
    ]
    assert all(k.materiality == 1.0 for k in bounds)  # just material: the share it bounds may not have moved
    # after every measured change, WA LTV's +2.0 pp (1x) among them; only the WAM and original term between loans
    # of other original terms rank after them (tests/test_diff.py::test_term_sheet_against_detailed_key_sentences)
    measured = [k for k in changes if not k.mixed_terms]
    assert measured[-2:] == bounds and measured[-3].sentence == "WA LTV rose from 64.5% to 66.5%, +2.0 pp"
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert sentences[0] == "Loan count fell from 1,225 to 970, -20.8%"
    assert "The cap on no income verification loans rose from 6% to 24% of balance, +18 pp" in samples_pdf


def test_the_shelf_says_a_median_of_caps_and_of_counts_for_what_it_is(term_sheet, detailed):
    from reporting.derive.shelf import build_shelf
    from reporting.present.renders import ShelfRender

    render = ShelfRender(build_shelf([term_sheet, detailed]), generated_at=FIXED_TIME)
    # The words in their order, whatever the lines: the median's note is set on lines of its own under its figure.
    text = " ".join(pdf_text(render.pdf).split())
    # The median of caps keeps the sign every cap is written with: a bare "15%" read as an exact share of the pool
    # (analyst review; this read "15% (of the stated caps)" before).
    assert "No income verification ≤ 24% ≤ 15% (of the stated caps) ≤ 6% to ≤ 24%" in text
    assert "Loan count 970 1,097.5 (between two deals' counts) 970 - 1,225" in text
    book = Workbook.read(render.xlsx)
    sheet, values = book.sheet("Standing")
    loans = row_of(sheet, "Loan count")
    assert values.cell(loans, 3).value == 1097.5 and sheet.cell(loans, 3).number_format == "#,##0.0"
    assert sheet.cell(loans, 3).comment.text.startswith("median between two deals' counts")
    capped = row_of(sheet, "No income verification")
    # written as a cap, as the PDF writes it; that no filing states a cap of 15% is in its comment (this was a bare
    # "0%" before the analyst review: it read as an exact share)
    assert sheet.cell(capped, 3).number_format == '"≤ "0%'
    assert sheet.cell(capped, 3).comment.text.startswith("median of the stated caps")


def test_class_balances_that_do_not_add_up_mark_their_total_not_one_class(detailed):
    """B-1 stated $1,728,000 larger and class A left as it was: the classes no longer add up to the deal. The
    summary flags the classes' total; the diff marks no one class's balance and says so under them."""
    moved = _edited(
        DETAILED_2004_8,
        "cmsi-2004-8-b1.txt",
        {"October 1, 2004 was $6,170,000.00.": "October 1, 2004 was $7,898,000.00."},
    )
    failed = [c.name for c in moved.checks if not c.passed]
    assert "class balances add up to the deal balance" in failed
    diff = build_diff(detailed, moved)
    assert diff.classes_unreconciled == (Side.NEW,)
    assert all(c.balance.unreconciled == () for c in diff.classes)
    html = DiffRender(diff, generated_at=FIXED_TIME).html
    assert "Class balances do not add up to the deal balance in CMSI 2004-8 (new)" in html
    book = Workbook.read(DiffRender(diff, generated_at=FIXED_TIME).xlsx)
    sheet, _ = book.sheet("Classes")
    said = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Class balances do not add up to the deal balance in CMSI 2004-8: their total did not reconcile." in said


# --- 6. a whole deal's figure its filing states pool by pool -------------------------------------------------


def test_a_figure_the_new_filing_states_for_its_pools_only_is_said_so_not_a_dash_alone(samples_render, samples_book):
    # An outside review: 2004-8 states its premium and discount loans and additional collateral for pools I, II
    # and III; the whole deal's column showed only the dash every report says means "the filing does not state".
    import json

    by_key = {m.key: m for m in samples_render.diff.metrics}
    premium = by_key["premium_share"]
    assert (premium.old, premium.new, premium.by_pools) == (pytest.approx(98.6, abs=0.01), None, (Side.NEW,))
    assert by_key["aggregate_balance"].by_pools == () and by_key["clean_up_call_balance"].by_pools == ()
    assert [m["by_pools"] for m in json.loads(samples_render.json)["metrics"] if m["key"] == "premium_share"] == [
        ["new"]
    ]
    html = samples_render.html
    one_sided = html[html.index("Stated by one deal only") :]
    one_sided = one_sided[: one_sided.index("</table>")]
    premium_row = next(r for r in one_sided.split("<tr")[1:] if "Premium loans <span" in r)
    assert "stated for its pools only" in premium_row
    assert "FICO below 700" in one_sided and "stated for its pools only" not in one_sided.split("FICO below 700")[1]
    assert "Premium loans % of balance 98.60% —\nstated for its pools only\n— —" in pdf_text(samples_render.pdf)
    sheet, _ = samples_book.sheet("Metrics")
    assert "CMSI 2004-8 states this figure for its pools only" in sheet.cell(row_of(sheet, "Premium loans"), 6).value
