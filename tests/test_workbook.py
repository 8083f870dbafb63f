"""`termsheet render --format xlsx`: the workbook holds the filing's figures, live formulas and the PDF's labels.

Every workbook is opened with openpyxl twice: once for the formulas, once for the
results stored with them. The % cells must be formulas of the balances, and the
formulas, computed here from the cells, must give the report's shares.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from workbooks import Workbook, assert_wrapped, column_width, evaluate, header_row, row_of

from reporting import formatting
from reporting.cli import main
from reporting.derive import metrics
from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.pipeline import load_deal
from reporting.present.renders import DealRender

TOLERANCE = 1e-9  # shares as fractions: far below the 0.005% the report rounds to


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, term_sheet_path: Path, detailed_path: Path) -> Path:
    out = tmp_path_factory.mktemp("xlsx")
    for path in (term_sheet_path, detailed_path):
        assert main(["render", str(path), "--format", "xlsx,csv", "--out", str(out), "-q"]) == 0
    return out


@pytest.fixture(scope="module")
def book_2004_3(rendered: Path) -> Workbook:
    return Workbook.read(rendered / "cmsi-2004-3" / "cmsi-2004-3-summary.xlsx")


@pytest.fixture(scope="module")
def book_2004_8(rendered: Path) -> Workbook:
    return Workbook.read(rendered / "cmsi-2004-8" / "cmsi-2004-8-summary.xlsx")


def test_render_writes_the_workbook_and_the_long_table(rendered: Path):
    written = sorted(p.relative_to(rendered).as_posix() for p in rendered.rglob("*") if p.is_file())
    assert written == [
        "cmsi-2004-3/.termsheet-manifest.json",
        "cmsi-2004-3/cmsi-2004-3-long.csv",
        "cmsi-2004-3/cmsi-2004-3-summary.xlsx",
        "cmsi-2004-8/.termsheet-manifest.json",
        "cmsi-2004-8/cmsi-2004-8-long.csv",
        "cmsi-2004-8/cmsi-2004-8-summary.xlsx",
        "index.html",
        "shelf.csv",
        "shelf.xlsx",
    ]
    index = (rendered / "index.html").read_text()
    assert 'href="cmsi-2004-3/cmsi-2004-3-summary.xlsx">Excel</a>' in index
    assert 'href="shelf.xlsx">' in index and 'href="shelf.csv">' in index


def test_the_sheets_follow_the_report(book_2004_3: Workbook, book_2004_8: Workbook):
    # Composition: the PDF's premium/discount and additional collateral tables (once on no sheet at all).
    assert book_2004_3.formulas.sheetnames == [
        "Summary", "Composition", "Year of origination", "Dwelling type", "Units", "Loan size", "Note rate", "LTV",
        "States", "FICO x LTV", "Checks", "Source",
    ]  # fmt: skip
    assert book_2004_8.formulas.sheetnames == ["Summary", "Composition", "Classes", "Checks", "Source"]


def test_the_composition_sheet_holds_each_pools_premium_discount_and_additional_collateral(book_2004_8: Workbook):
    # The 2004-8 filing: "the pool II discount loans and the pool II premium loans were $1,320,225 and
    # $76,623,116 ... 4.875% and 5.496% ... 176.76 months and 176.90 months"; net-rate threshold 4.75%;
    # additional collateral "$660,000 and $1,292,268" in pools I and II.
    sheet, _ = book_2004_8.sheet("Composition")
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    groups = {(r[0], r[1]): r[2:7] for r in rows if r[1] in ("Premium (at or above)", "Discount (below)")}
    assert len(groups) == 6
    threshold, balance, share, wac, wam = groups["Pool II", "Discount (below)"]
    assert (threshold, balance, wac, wam) == (pytest.approx(0.0475), 1320225, pytest.approx(0.04875), 176.76)
    assert share == pytest.approx(1320225 / (1320225 + 76623116))
    assert groups["Pool II", "Premium (at or above)"][1:5:3] == [76623116, 176.9]
    assert groups["Pool I", "Discount (below)"][1] == 25949684
    extra = {r[0]: r[1:4] for r in rows[rows.index(next(r for r in rows if r[0] == "Additional collateral loans")) :]}
    assert extra["Pool I"][:2] == [1, 660000] and extra["Pool II"][1] == 1292268
    assert "Pool III" not in extra  # the filing gives pool III none
    wac_format = sheet.cell(row_of(sheet, "Pool II") + 0, 6).number_format
    assert wac_format == "0.000%"


def test_summary_has_the_pdfs_labels_and_the_filings_figures(book_2004_3: Workbook, term_sheet: Deal):
    sheet, values = book_2004_3.sheet("Summary")
    top = header_row(sheet, "Metric")
    labels = [sheet.cell(r, 1).value for r in range(top + 1, top + 1 + len(summarise(term_sheet).metrics))]
    assert labels == [m.label for m in summarise(term_sheet).metrics]  # the catalogue's labels, as in the PDF

    def figure(label: str):
        cell = sheet.cell(row_of(sheet, label), 2)
        return cell.value, cell.number_format

    assert figure("Aggregate balance") == (619800778.37, "$#,##0")
    assert figure("Loan count") == (1225, "#,##0")
    assert figure("WAC") == (pytest.approx(0.05843), "0.000%")  # rates: three decimals
    assert figure("WAM") == (357.95, '0.00" mo"')
    assert figure("WA LTV at origination") == (pytest.approx(0.645), "0.0%")  # as the filing states it
    assert figure("California") == (pytest.approx(296923131 / 619800778), "0.00%")  # shares: two decimals
    assert figure("Primary residence") == (pytest.approx(0.98), '"≥ "0%')  # a bound, with its sign
    assert figure("Largest zip code exposure") == (7749519, '"≤ "$#,##0')
    # 7,749,519 / 619,800,778.37 = 1.2503%: a bound termsheet computes, held as known (as the JSON and the CSV give
    # it) and shown rounded up, as the PDF prints it: no number format rounds up, so the format is that text
    assert figure("Largest zip code share") == (pytest.approx(7_749_519 / 619_800_778.37), '"≤ 1.26%"')
    notes = sheet.cell(row_of(sheet, "California"), 3).value
    assert "derived by termsheet" in notes
    assert sheet.cell(row_of(sheet, "Loan count"), 3).value in ("", None)  # stated, not derived
    assert sheet.cell(row_of(sheet, "Date of report"), 2).value.date().isoformat() == "2004-05-07"
    assert sheet.cell(row_of(sheet, "Checks"), 2).value == "All 53 reconciliation checks passed (sheet Checks)."


def test_detailed_description_has_one_column_per_pool(book_2004_8: Workbook):
    sheet, _ = book_2004_8.sheet("Summary")
    top = header_row(sheet, "Metric")
    assert [sheet.cell(top, c).value for c in range(1, 7)] == [
        "Metric",
        "Pool I",
        "Pool II",
        "Pool III",
        "All loans",
        "Notes",
    ]
    loans = row_of(sheet, "Loan count")
    assert [sheet.cell(loans, c).value for c in range(2, 6)] == [663, 154, 153, 970]
    assert sheet.cell(row_of(sheet, "WAC"), 3).value == pytest.approx(0.05486)


def test_the_investment_properties_note_says_what_none_means(book_2004_8: Workbook):
    # 2004-8 says none of its loans is secured by an investment property: each pool's cell holds "None", and the
    # note beside them said only "share of the balance", as if "None" were a share not given.
    sheet, _ = book_2004_8.sheet("Summary")
    row = row_of(sheet, "Investment properties")
    assert [sheet.cell(row, c).value for c in range(2, 6)] == ["None"] * 4
    note = sheet.cell(row, 6).value
    assert note.startswith("share of the balance, as the filing states it")
    assert '"None": the filing says no loan is secured by an investment property' in note


def test_a_computed_bound_keeps_a_shares_two_decimals_as_every_report_prints_it(book_2004_8: Workbook):
    """An outside review: pool II's largest zip code share printed "≤ 2.80%" in the PDF and "≤ 2.8%" in the
    workbook: its bound was written to the decimals of a bound the filing states, which this one is not
    ($2,178,656 of $77,943,341 is 2.7952%, loosened to 2.80%). Each cell holds its share as known (a later outside
    review: it held the loosened 0.028, where the JSON and the CSV give 2.7952), shown as the PDF prints it."""
    sheet, _ = book_2004_8.sheet("Summary")
    row = row_of(sheet, "Largest zip code share")
    cells = [sheet.cell(row, c) for c in range(2, 6)]
    stated = ((4_538_332, 335_095_817.07), (2_178_656, 77_943_340.57), (2_559_173, 80_602_219.93))
    stated += ((6_659_274, 493_641_377.57),)
    assert [c.value for c in cells] == [pytest.approx(zip_ / balance) for zip_, balance in stated]
    assert [c.number_format for c in cells] == ['"≤ 1.36%"', '"≤ 2.80%"', '"≤ 3.18%"', '"≤ 1.35%"']
    primary = sheet.cell(row_of(sheet, "Primary residence"), 2)  # a bound the filing states: as stated
    assert (primary.value, primary.number_format) == (pytest.approx(0.95), '"≥ "0%')


def test_every_share_is_a_formula_that_gives_the_reports_share(book_2004_3: Workbook, term_sheet: Deal):
    """For each table: % of balance is =Cn/C$stated (the filing's Total line, as the report's shares),
    cumulative % a running SUM, totals SUMs; computed here."""
    summary = summarise(term_sheet)
    sheets = book_2004_3.formulas.sheetnames[2:9]  # after the Summary and Composition
    assert len(sheets) == len(summary.tables) == 7
    for name, table in zip(sheets, summary.tables):
        sheet, values = book_2004_3.sheet(name)
        top = header_row(sheet, table.label_header)
        first, total = top + 1, top + 1 + len(table.rows)
        assert sheet.cell(total, 1).value == "Total"
        for col in "BCD":
            assert sheet[f"{col}{total}"].value == f"=SUM({col}{first}:{col}{total - 1})"
        for offset, row in enumerate(table.rows):
            r = first + offset
            assert sheet.cell(r, 1).value == row.label
            assert (sheet.cell(r, 2).value, sheet.cell(r, 3).value) == (row.count, row.balance)
            share = sheet.cell(r, 4)
            assert share.value == f"=C{r}/C${total + 1}" and share.number_format == "0.00%"
            assert evaluate(book_2004_3, name, share.value) == pytest.approx(row.share / 100, abs=TOLERANCE)
            assert values.cell(r, 4).value == pytest.approx(row.share / 100, abs=TOLERANCE)  # the stored result
            if table.ordered:
                cumulative = sheet.cell(r, 5).value
                assert cumulative == f"=SUM(D${first}:D{r})"
                assert evaluate(book_2004_3, name, cumulative) == pytest.approx(row.cumulative / 100, abs=TOLERANCE)
        assert values.cell(total, 2).value == table.total_count
        assert values.cell(total, 3).value == sum(r.balance for r in table.rows)
        stated = row_of(sheet, "Total as the filing states it")
        assert (sheet.cell(stated, 2).value, sheet.cell(stated, 3).value) == (table.total_count, table.total_balance)


def test_the_state_sheet_holds_california_as_the_filing_does(book_2004_3: Workbook):
    sheet, values = book_2004_3.sheet("States")
    row = row_of(sheet, "California")
    assert (sheet.cell(row, 2).value, sheet.cell(row, 3).value) == (587, 296923131)
    assert sheet.cell(row, 3).number_format == "$#,##0"
    assert round(values.cell(row, 4).value * 100, 2) == 47.91


def test_table_sheets_are_set_up_for_work_and_print(book_2004_3: Workbook):
    sheet, _ = book_2004_3.sheet("Loan size")
    top = header_row(sheet, "Outstanding Principal Balance by Loan Size")
    last = top + 19
    assert sheet.freeze_panes == f"B{top + 1}"
    assert sheet.auto_filter.ref == f"A{top}:E{last}"
    assert sheet.print_title_rows == f"${top}:${top}"
    # One page wide (fitToWidth absent is OOXML's default, 1), as many pages tall as it takes.
    assert (sheet.page_setup.fitToWidth or 1) == 1 and sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.column_dimensions["A"].width > 30
    charts = book_2004_3.charts()
    assert len(charts) == 7  # one bar chart per stratification table, as the PDF
    assert all("<c:barChart>" in chart for chart in charts)
    assert "'Loan size'!$D$5:$D$23" in "".join(charts)  # the % of balance column, by reference


def test_the_matrix_has_its_totals_and_a_colour_scale(book_2004_3: Workbook, term_sheet: Deal):
    matrix = term_sheet.matrices[0]
    sheet, values = book_2004_3.sheet("FICO x LTV")
    top = header_row(sheet, matrix.row_header)
    assert [sheet.cell(top, c).value for c in range(2, 8)] == list(matrix.col_labels)
    for r, (label, cells) in enumerate(zip(matrix.row_labels, matrix.cells), top + 1):
        assert sheet.cell(r, 1).value == label
        assert [sheet.cell(r, c).value for c in range(2, 8)] == pytest.approx([v / 100 for v in cells])
        assert sheet.cell(r, 8).value == pytest.approx(matrix.row_totals[r - top - 1] / 100)
    totals = row_of(sheet, "Total (stated)")
    assert sheet.cell(totals, 8).value == pytest.approx(matrix.grand_total / 100)
    ranges = [str(r.sqref) for r in sheet.conditional_formatting]
    assert ranges == [f"B{top + 1}:G{top + 6}"]
    rule = next(iter(sheet.conditional_formatting)).rules[0]
    assert rule.type == "colorScale"


def test_subordination_is_a_formula_of_the_class_balances(book_2004_8: Workbook, detailed: Deal):
    sheet, values = book_2004_8.sheet("Classes")
    top = header_row(sheet, "Class")
    a = top + 1
    assert sheet.cell(a, 1).value == "A"
    assert sheet.cell(a, 2).value == 481546830
    assert sheet.cell(a, 4).value == pytest.approx(0.02450067623897)  # as stated
    formula = sheet.cell(a, 5).value
    assert re.fullmatch(r"=SUM\(B\d+:B\d+\)/\$B\$\d+", formula)
    assert evaluate(book_2004_8, "Classes", formula) == pytest.approx(0.02450067623897, abs=1e-12)
    deal_row = row_of(sheet, "Deal balance (all loans)")
    assert sheet.cell(deal_row, 2).value == 493641377.57
    total = row_of(sheet, "Total")
    assert evaluate(book_2004_8, "Classes", sheet.cell(total, 2).value) == pytest.approx(493641377.57)


def test_checks_and_source(book_2004_3: Workbook, term_sheet: Deal):
    sheet, _ = book_2004_3.sheet("Checks")
    top = header_row(sheet, "Subject")
    assert [sheet.cell(top, c).value for c in range(1, 8)] == [
        "Subject",
        "Check",
        "Stated",
        "Found",
        "Difference",
        "Tolerance",
        "Verdict",
    ]
    verdicts = [sheet.cell(r, 7).value for r in range(top + 1, sheet.max_row + 1)]
    assert verdicts == ["passed"] * len(term_sheet.checks) == ["passed"] * 53
    source, _ = book_2004_3.sheet("Source")
    assert source.cell(row_of(source, "SHA-256"), 2).value == term_sheet.source.sha256
    assert source.cell(row_of(source, "File"), 2).value == "cmsi-2004-3-collateral-term-sheet.txt"


def test_a_figure_that_fails_a_check_is_red_with_the_check_beside_it(term_sheet: Deal):
    from deal_edits import with_state_balances

    broken = with_state_balances(term_sheet, {"California": 1_000_000})  # the state rows no longer add up
    book = Workbook.read(DealRender(broken).xlsx)
    sheet, _ = book.sheet("Summary")
    california = sheet.cell(row_of(sheet, "California"), 2)
    assert california.fill.fgColor.rgb.endswith("FBE3E1")
    assert "does not reconcile: table rows add up to the total balance" in california.comment.text
    assert "does not reconcile" in sheet.cell(row_of(sheet, "California"), 3).value
    assert "1 of 53 reconciliation checks failed" in sheet.cell(row_of(sheet, "Checks"), 2).value
    states, _ = book.sheet("States")
    stated = states.cell(row_of(states, "Total as the filing states it"), 3)
    assert stated.comment is not None and stated.fill.fgColor.rgb.endswith("FBE3E1")
    difference = states.cell(row_of(states, "Rows minus the filing's total"), 3).value
    assert evaluate(book, "States", difference) == 1_000_000
    checks, _ = book.sheet("Checks")
    assert [c.value for c in checks["G"]].count("FAILED") == 1
    # Where the rows do not add up, the shares are still the report's: of the Total the filing states
    # (they were of the rows' sum, and California differed from the PDF's).
    shown = next(t for t in summarise(broken).tables if t.title.upper().startswith("GEOGRAPHIC"))
    share = states.cell(row_of(states, "California"), 4).value
    expected = next(r.share for r in shown.rows if r.label == "California") / 100
    assert expected == pytest.approx((296_923_131 + 1_000_000) / 619_800_778)
    assert evaluate(book, "States", share) == pytest.approx(expected, abs=TOLERANCE)


def test_a_truncated_filing_gives_a_workbook_that_says_what_is_missing(partial_dir: Path):
    path = partial_dir / "cmsi-2003-1-collateral.txt"
    if not path.is_file():
        pytest.skip(f"{path} is not there")
    deal = load_deal(path)
    book = Workbook.read(DealRender(deal).xlsx)
    assert book.formulas.sheetnames == ["Summary", "Checks", "Source"]  # no table it could not read
    sheet, _ = book.sheet("Summary")
    missing = sheet.cell(row_of(sheet, "Missing from this filing"), 2).value
    # named as the reports name them, never the model's field names ("cut_off_date")
    for fact in ("cut-off date", "aggregate balance", "loan count", "WAC", "stratification tables"):
        assert fact in missing
    assert "_" not in missing
    assert "never as zero" in missing
    assert sheet.cell(row_of(sheet, "Checks"), 2).value.startswith("No reconciliation check could run")
    assert sheet.cell(row_of(sheet, "Cut-off date"), 2).value == "\u2014"
    # its text ends before the signature block: what it lacks is not in the text read, never "not stated"
    gaps = "Not in the text read, which ends before the signature block:"
    not_in_the_text = next(c.value for c in sheet["A"] if isinstance(c.value, str) and c.value.startswith(gaps))
    assert "Aggregate balance" in not_in_the_text and "WAC" in not_in_the_text
    assert not any(isinstance(c.value, str) and "Not stated" in c.value for c in sheet["A"])
    numbers = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, int | float)]
    assert numbers == []  # no figure invented


def test_the_same_deal_gives_the_same_bytes(term_sheet: Deal):
    from datetime import UTC, datetime

    when = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert DealRender(term_sheet, generated_at=when).xlsx == DealRender(term_sheet, generated_at=when).xlsx


def test_every_stated_figure_in_the_summary_has_its_catalogue_unit(book_2004_8: Workbook):
    """Each key metric's cells carry its unit's number format: no figure is written as bare General."""
    sheet, _ = book_2004_8.sheet("Summary")
    top = header_row(sheet, "Metric")
    by_label = {m.label: m for m in metrics.CATALOGUE}
    for row in range(top + 1, row_of(sheet, "Eligibility and limits")):
        label = sheet.cell(row, 1).value
        if label not in by_label:
            continue
        for col in range(2, 6):
            cell = sheet.cell(row, col)
            if isinstance(cell.value, int | float):
                assert cell.number_format != "General", (label, col)


def test_a_doubt_about_a_whole_table_is_under_its_sheets_table(term_sheet_path: Path, tmp_path: Path):
    zero_row = "$1,000,000 and over                   0                                    0"
    filing = tmp_path / "blank-bucket.txt"
    filing.write_text(term_sheet_path.read_text().replace(zero_row, "$1,000,000 and over"))
    book = Workbook.read(DealRender(load_deal(filing)).xlsx)
    sheet, _ = book.sheet("Loan size")
    said = "doubt: the line '$1,000,000 and over' has no figures in the filing: not read as a row"
    assert row_of(sheet, said) > row_of(sheet, "Rows minus the filing's total")


def test_a_checks_unit_is_in_the_long_table_and_its_difference_has_no_float_noise(
    rendered: Path, book_2004_3: Workbook, term_sheet: Deal
):
    # The long table's check rows left `unit` blank beside their found figure (1226.0: loans? dollars?), and the
    # Checks sheet stored the difference of two floats as it came: -0.3700000047683716 for $0.37.
    from reporting.present.long_table import read_csv

    table = read_csv(rendered / "cmsi-2004-3" / "cmsi-2004-3-long.csv")
    checks = table[table["section"] == "check"]
    assert sorted(zip(checks["bucket"], checks["unit"])) == sorted((c.name, str(c.unit)) for c in term_sheet.checks)
    assert {"count", "dollars", "share"} <= set(checks["unit"])
    sheet, _ = book_2004_3.sheet("Checks")
    top = header_row(sheet, "Subject")
    rows = range(top + 1, top + 1 + len(term_sheet.checks))
    differences = {sheet.cell(r, 2).value: sheet.cell(r, 5).value for r in rows}
    assert differences["table total equals the pool's balance"] == -0.37
    for r in rows:
        difference = sheet.cell(r, 5).value
        assert len(repr(difference).partition(".")[2]) <= 6, (sheet.cell(r, 2).value, difference)


def _computed_levels(deal: Deal) -> tuple[list[str], list[object], str]:
    """The Classes sheet's class names, its "Subordination from balances" cells (their values
    computed here from the formulas) and the note above the table."""
    book = Workbook.read(DealRender(deal).xlsx)
    sheet, _ = book.sheet("Classes")
    top = header_row(sheet, "Class")
    assert sheet.cell(top, 5).value == "Subordination from balances"
    rows = range(top + 1, row_of(sheet, "Total"))
    names = [sheet.cell(r, 1).value for r in rows]
    cells = [sheet.cell(r, 5).value for r in rows]
    return names, [evaluate(book, "Classes", c) if str(c).startswith("=") else c for c in cells], sheet.cell(2, 1).value


def test_a_name_for_several_classes_is_no_junior_of_its_own(detailed: Deal):
    # "B" stated beside B-1 ... B-6 as their total: its balance is theirs, counted once. Class A's
    # level from the balances is still the filing's 2.450067623897%.
    from dataclasses import replace

    from reporting.model.deal import CertificateClass

    subordinates = [c for c in detailed.classes if c.name.startswith("B-")]
    total = CertificateClass("B", round(sum(c.initial_balance for c in subordinates), 2))
    classes = [detailed.classes[0], total, *detailed.classes[1:]]
    names, levels, _ = _computed_levels(replace(detailed, classes=tuple(classes)))
    assert names[:3] == ["A", "B", "B-1"]
    assert levels[0] == pytest.approx(0.02450067623897, abs=1e-12)
    assert levels[2] == pytest.approx(detailed.classes[1].subordination_level / 100, abs=1e-9)


def test_where_a_name_gives_no_rank_no_level_is_computed(detailed: Deal):
    # "Z" could rank anywhere: summing the classes listed below each class would be a guess.
    from dataclasses import replace

    classes = (*detailed.classes[:-1], replace(detailed.classes[-1], name="Z"))
    names, levels, note = _computed_levels(replace(detailed, classes=classes))
    assert names[-1] == "Z" and len(names) == 7
    assert levels == [formatting.MISSING] * 7  # no formula, no figure
    assert "not computed" in note and "which classes are junior to which is not known" in note


# --- long text: wrapped, in columns of a set width, rows tall enough -------------------------------------


def test_the_summarys_notes_wrap_in_their_column(book_2004_8: Workbook):
    """The Notes column's text ran on one line far past the sheet's edge (140 characters in a column 70 wide),
    and a pool's range of balances ("$333,700 - $1,000,000") was cut off by the next pool's column."""
    sheet, _ = book_2004_8.sheet("Summary")
    top = header_row(sheet, "Metric")
    notes = [c for c in range(1, sheet.max_column + 1) if sheet.cell(top, c).value == "Notes"][0]
    assert column_width(sheet, notes) >= 70
    written = [r for r in range(top + 1, sheet.max_row + 1) if sheet.cell(r, notes).value]
    assert len(written) >= 10
    for row in written:
        assert_wrapped(sheet, row, notes)
        if sheet.row_dimensions[row].height:  # a tall row: its label and figures read from its top line, as the note
            assert sheet.cell(row, 1).alignment.vertical == "top" == sheet.cell(row, 2).alignment.vertical
    above_80 = row_of(sheet, "Loans above 80% LTV")
    assert len(sheet.cell(above_80, notes).value) > 120 and sheet.row_dimensions[above_80].height >= 30
    original = row_of(sheet, "Original balance")
    assert sheet.cell(original, 4).value == "$333,700 - $1,000,000"
    for col in range(2, notes):  # each pool's column as wide as its widest figure as written
        widest = max(len(str(sheet.cell(r, col).value or "")) for r in range(top + 1, sheet.max_row + 1))
        assert column_width(sheet, col) >= widest + 1


def test_long_text_wraps_on_every_sheet(book_2004_3: Workbook):
    """The checks' subjects and names, a table's notes and the source's note, each wrapped in its row."""
    checks, _ = book_2004_3.sheet("Checks")
    top = header_row(checks, "Subject")
    rows = range(top + 1, checks.max_row + 1)
    for row in rows:
        assert_wrapped(checks, row, 1)
        assert_wrapped(checks, row, 2)
    # Cut off by the next column before: "Distribution by FICO Scores and Loan-to-value Ratios at Origination" in a
    # column 40 wide, "LTV buckets above 80% equal the stated balance above 80% LTV" in one 52 wide.
    assert sum(len(checks.cell(row, 1).value) > 40 for row in rows) >= 20
    assert sum(len(checks.cell(row, 2).value) > 52 for row in rows) >= 2
    source, _ = book_2004_3.sheet("Source")
    note = row_of(source, "File") + 8
    assert source.cell(note, 2).value.startswith("Figures are as the filing states them.")
    assert_wrapped(source, note, 2)
    dwellings, _ = book_2004_3.sheet("Dwelling type")
    widths = sum(column_width(dwellings, col) for col in range(1, 5))
    assert "A2:D2" in {str(merged) for merged in dwellings.merged_cells.ranges}  # the note above, as wide as the table
    assert_wrapped(dwellings, 2, 1, widths)
    footnote = row_of(dwellings, "*   Multi-family dwellings are 2-family, 3-family and 4-family.")
    assert_wrapped(dwellings, footnote, 1, widths)  # under the table, never under its chart
    years, _ = book_2004_3.sheet("Year of origination")
    assert column_width(years, 1) >= len("Total as the filing states it") + 1  # was cut at 17
