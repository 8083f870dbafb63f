"""`termsheet diff --format xlsx`: every figure side by side and each shared table bucket by bucket, changes as formulas."""

from __future__ import annotations

from pathlib import Path

import pytest
from deal_edits import with_state_balances
from workbooks import Workbook, assert_wrapped, column_width, evaluate, header_row, row_of

from reporting.cli import main
from reporting.derive.diff import build_diff
from reporting.formatting import points_between
from reporting.present.renders import DiffRender


def test_the_diff_command_writes_the_workbook(tmp_path: Path, term_sheet_path: Path, detailed_path: Path, capsys):
    assert main(["diff", str(term_sheet_path), str(detailed_path), "--format", "xlsx", "--out", str(tmp_path)]) == 0
    written = tmp_path / "diff" / "cmsi-2004-3-vs-cmsi-2004-8.xlsx"
    assert f"Wrote {written}" in capsys.readouterr().out
    book = Workbook.read(written)
    assert book.formulas.sheetnames == ["Summary", "Metrics"]  # the deals share no table, matrix or class
    summary, _ = book.sheet("Summary")
    assert summary["B2"].value is None and summary["A2"].value == "8 material changes"
    key = row_of(summary, "Key changes, largest first")
    # the largest measured change first; the WAM and original term between loans of other terms last, said so
    # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
    assert summary.cell(key + 1, 1).value == "Loan count fell from 1,225 to 970, -20.8%"
    assert summary.cell(key + 8, 1).value == (
        # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
        "WA original term fell from 359.54 mo to 331.31 mo, -28.23 mo (mostly the mix of original terms: see the caution)"
    )
    metrics, values = book.sheet("Metrics")
    wac = row_of(metrics, "WAC")
    assert (metrics.cell(wac, 2).value, metrics.cell(wac, 3).value) == (pytest.approx(0.05843), pytest.approx(0.05962))
    # a rate's change in bp, between the rates as stated, as the PDF's
    assert metrics.cell(wac, 4).value == f"=(C{wac}-B{wac})*10000"
    assert evaluate(book, "Metrics", metrics.cell(wac, 4).value) == pytest.approx(11.9)
    assert metrics.cell(wac, 4).number_format == '+0.0" bp";-0.0" bp";0.0" bp"'  # +11.9 bp, as the PDF
    assert metrics.cell(wac, 6).value == "material"
    pool_ii_loans = row_of(metrics, "Loan count")
    assert evaluate(book, "Metrics", metrics.cell(pool_ii_loans, 4).value) == 970 - 1225


def test_each_shared_table_bucket_by_bucket_with_the_change_in_pp(term_sheet):
    moved = with_state_balances(term_sheet, {"California": -20_000_000, "Texas": 20_000_000})
    diff = build_diff(term_sheet, moved)
    book = Workbook.read(DiffRender(diff).xlsx)
    assert "States" in book.formulas.sheetnames and "FICO x LTV" in book.formulas.sheetnames
    sheet, values = book.sheet("States")
    top = header_row(sheet, "Bucket")
    table = next(t for t in diff.tables if t.kind == "geography")
    assert sheet.max_row - top == len(table.rows) == 39
    for r, bucket in enumerate(table.rows, top + 1):
        assert sheet.cell(r, 1).value == bucket.label
        assert sheet.cell(r, 4).value == pytest.approx(bucket.old_share / 100)
        assert sheet.cell(r, 7).value == pytest.approx(bucket.new_share / 100)
        formula = sheet.cell(r, 8).value
        assert formula == f"=(G{r}-D{r})*100"
        printed = points_between(bucket.old_share, bucket.new_share)  # what the PDF prints, "-3.23 pp"
        assert f"{evaluate(book, 'States', formula):+.2f} pp".replace("+0.00", "0.00") == printed
    california = row_of(sheet, "California")
    assert values.cell(california, 8).value == pytest.approx(-3.23, abs=0.005)
    metrics, _ = book.sheet("Metrics")
    row = row_of(metrics, "California")
    california = diff.geography.california  # between the shares as known, as the States sheet and the PDF
    assert california.new - california.old == pytest.approx(-20_000_000 / 619_800_778.37 * 100, abs=1e-4)
    assert evaluate(book, "Metrics", metrics.cell(row, 4).value) == pytest.approx(california.new - california.old)


def test_the_diffs_sentences_and_notes_wrap(tmp_path: Path, term_sheet_path: Path, detailed_path: Path):
    """A key change's sentence sat in the Summary's first column, 26 characters wide, and ran on past the sheet's
    third; the Metrics' notes ran on one line. Both wrap now, each row as tall as its lines."""
    assert main(["diff", str(term_sheet_path), str(detailed_path), "--format", "xlsx", "--out", str(tmp_path)]) == 0
    book = Workbook.read(tmp_path / "diff" / "cmsi-2004-3-vs-cmsi-2004-8.xlsx")
    summary, _ = book.sheet("Summary")
    key = row_of(summary, "Key changes, largest first")
    merged = {str(cells) for cells in summary.merged_cells.ranges}
    widths = sum(column_width(summary, col) for col in (1, 2, 3))
    for row in range(key + 1, key + 9):  # the 8 material changes
        assert f"A{row}:C{row}" in merged
        assert_wrapped(summary, row, 1, widths)
    metrics, _ = book.sheet("Metrics")
    top = header_row(metrics, "Figure")
    noted = [r for r in range(top + 1, metrics.max_row + 1) if metrics.cell(r, 6).value]
    assert len(noted) >= 8 and column_width(metrics, 6) >= 60
    for row in noted:
        assert_wrapped(metrics, row, 6)
