"""A batch's shelf files: OUT/shelf.csv and OUT/shelf.xlsx list every deal, from each deal's long table."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from workbooks import Workbook, column_width, header_row, row_of

from reporting.cli import main
from reporting.present.long_table import read_csv
from reporting.present.renders import DealRender
from reporting.present.shelf_workbook import deal_rows, shelf_workbook


@pytest.fixture(scope="module")
def filings(tmp_path_factory, term_sheet_path: Path, detailed_path: Path) -> Path:
    folder = tmp_path_factory.mktemp("filings")
    shutil.copy(term_sheet_path, folder)
    shutil.copy(detailed_path, folder)
    shutil.copy(term_sheet_path, folder / "copy-of-2004-3.txt")  # the same filing twice: one deal on the shelf
    return folder


@pytest.fixture(scope="module")
def shelf(tmp_path_factory, filings: Path) -> Path:
    out = tmp_path_factory.mktemp("out")
    assert main(["render", str(filings), "--format", "xlsx", "--out", str(out), "-q", "--jobs", "2"]) == 0
    return out


def test_the_shelf_lists_every_deal_of_the_batch(shelf: Path, capsys):
    long_table = read_csv(shelf / "shelf.csv")
    assert list(dict.fromkeys(long_table["deal"])) == ["CMSI 2004-3", "CMSI 2004-8"]  # oldest report first
    assert long_table["source_sha256"].nunique() == 2
    book = Workbook.read(shelf / "shelf.xlsx")
    assert book.formulas.sheetnames == ["Deals", "Long table"]
    deals, _ = book.sheet("Deals")
    top = header_row(deals, "Deal")
    assert [deals.cell(r, 1).value for r in range(top + 1, deals.max_row + 1)] == ["CMSI 2004-3", "CMSI 2004-8"]
    headings = [deals.cell(top, c).value for c in range(1, deals.max_column + 1)]
    assert headings[:7] == [
        "Deal",
        "Kind",
        "Date of report",
        "Cut-off date",
        "Aggregate balance",
        "Loan count",
        "Average loan balance",
    ]
    loans = headings.index("Loan count") + 1
    assert [deals.cell(r, loans).value for r in (top + 1, top + 2)] == [1225, 970]
    checks = headings.index("Checks passed") + 1
    assert [deals.cell(r, checks).value for r in (top + 1, top + 2)] == [53, 23]
    california = deals.cell(top + 1, headings.index("California") + 1)
    assert california.value == pytest.approx(296923131 / 619800778) and california.number_format == "0.00%"
    assert deals.cell(top + 2, headings.index("California") + 1).value == "\u2014"  # 2004-8 states no state table
    rows, _ = book.sheet("Long table")
    assert rows.max_row == len(long_table) + 1
    assert [c.value for c in rows[1]] == list(long_table.columns)


def test_each_deal_keeps_its_long_table_and_the_index_links_the_shelf(shelf: Path):
    for stem in ("cmsi-2004-3", "cmsi-2004-8"):
        assert (shelf / stem / f"{stem}-long.csv").is_file()  # what the shelf is built from
        assert (shelf / stem / f"{stem}-summary.xlsx").is_file()
    index = (shelf / "index.html").read_text()
    assert '<a href="shelf.xlsx">Shelf workbook (Excel)</a>' in index
    assert '<a href="shelf.csv">Shelf long table (CSV)</a>' in index


def test_a_second_run_skips_every_deal_and_still_lists_them(shelf: Path, filings: Path, capsys):
    assert main(["render", str(filings), "--format", "xlsx", "--out", str(shelf)]) == 0
    out = capsys.readouterr().out
    assert "rendered 0, skipped 3 (unchanged), failed 0" in out
    assert f"shelf: {shelf / 'shelf.csv'}, {shelf / 'shelf.xlsx'} (unchanged)" in out
    assert list(dict.fromkeys(read_csv(shelf / "shelf.csv")["deal"])) == ["CMSI 2004-3", "CMSI 2004-8"]


def test_a_batch_without_data_formats_writes_no_shelf(tmp_path: Path, term_sheet_path: Path):
    assert main(["render", str(term_sheet_path), "--format", "json", "--out", str(tmp_path), "-q"]) == 0
    assert not (tmp_path / "shelf.csv").exists() and not (tmp_path / "shelf.xlsx").exists()
    assert not list(tmp_path.rglob("*-long.csv"))


def test_the_shelf_workbook_is_made_from_rows_alone(term_sheet, detailed):
    """Any caller with long tables (a notebook, a shelf-history report) gets the shelf workbook, no batch needed."""
    import pandas as pd

    long_table = pd.concat([DealRender(d).long_table for d in (detailed, term_sheet)], ignore_index=True)
    rows = deal_rows(long_table)
    assert list(rows["deal"]) == ["CMSI 2004-8", "CMSI 2004-3"]
    assert list(rows["loan_count"]) == [970, 1225]
    assert rows.loc[0, "missing"] is None and list(rows["checks_total"]) == [23, 53]
    book = Workbook.read(shelf_workbook(rows, None, datetime(2024, 1, 1, tzinfo=UTC)))
    assert book.formulas.sheetnames == ["Deals"]
    deals, _ = book.sheet("Deals")
    assert deals.cell(row_of(deals, "CMSI 2004-3"), 5).value == 619800778.37


def test_a_long_table_edited_by_hand_is_left_out_with_one_line(
    tmp_path: Path, term_sheet_path: Path, detailed_path: Path, capsys
):
    assert (
        main(["render", str(term_sheet_path), str(detailed_path), "--format", "csv", "--out", str(tmp_path), "-q"]) == 0
    )
    assert "(2 deals)" in capsys.readouterr().out
    (tmp_path / "cmsi-2004-8" / "cmsi-2004-8-long.csv").write_text("deal,balance\nmine,1\n")
    assert main(["render", str(term_sheet_path), "--format", "csv", "--out", str(tmp_path), "--force"]) == 0
    out = capsys.readouterr().out
    assert "(1 deal)" in out
    assert "warning: not on the shelf: cmsi-2004-8-long.csv: not a termsheet long table (its columns differ)" in out
    assert list(dict.fromkeys(read_csv(tmp_path / "shelf.csv")["deal"])) == ["CMSI 2004-3"]


def _deal_fact(summary_xlsx: Path, label: str):
    """A fact of the deal workbook's Summary sheet (its label in column A): the cell beside it."""
    summary, _ = Workbook.read(summary_xlsx).sheet("Summary")
    return summary.cell(row_of(summary, label), 2)


def test_the_shelf_names_each_deals_kind_and_dates_as_its_own_workbook_does(shelf: Path):
    # A reader sorts and filters the shelf by date, and reads the kind in words: the cells are what the deal's own
    # workbook writes (its Summary sheet's facts), real dates in a date format, never "2004-05-01" as text.
    deals, _ = Workbook.read(shelf / "shelf.xlsx").sheet("Deals")
    top = header_row(deals, "Deal")
    headings = [deals.cell(top, c).value for c in range(1, deals.max_column + 1)]
    for row, stem in ((top + 1, "cmsi-2004-3"), (top + 2, "cmsi-2004-8")):
        own = shelf / stem / f"{stem}-summary.xlsx"
        kind = deals.cell(row, headings.index("Kind") + 1)
        assert kind.value == _deal_fact(own, "Kind of filing").value
        assert kind.value in ("Collateral term sheet", "Detailed description")
        for heading in ("Date of report", "Cut-off date"):
            written, stated = deals.cell(row, headings.index(heading) + 1), _deal_fact(own, heading)
            assert isinstance(written.value, datetime) and written.is_date
            assert (written.value, written.number_format) == (stated.value, stated.number_format)
            # wide enough for its longest month ("September 30, 2004"), or Excel shows "#####"
            assert column_width(deals, headings.index(heading) + 1) >= len("September 30, 2004")
    assert [deals.cell(r, headings.index("Cut-off date") + 1).value for r in (top + 1, top + 2)] == [
        datetime(2004, 5, 1),
        datetime(2004, 10, 1),
    ]
    assert deals.cell(top + 1, headings.index("Kind") + 1).value == "Collateral term sheet"
