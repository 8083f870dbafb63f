"""What analysts and readers meet outside the summary: the shelf workbook's Long table sheet read as the Deals
sheet is, the index naming a filing's kind as the shelf does, the diff PDF's tables in shared columns, and figures
that keep their marks and pool lists that stay whole on a phone."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest
from workbooks import Workbook, column_width, header_row

from reporting.model.deal import FilingKind, kind_label
from reporting.present.long_table import read_csv, to_csv
from reporting.present.renders import DealRender
from reporting.present.shelf_workbook import deal_rows, shelf_workbook

# --- 1. shelf.xlsx's Long table sheet: the kind in words, dates as dates; the CSV raw ---------------------------


@pytest.fixture(scope="module")
def shelf_long_table(term_sheet, detailed) -> pd.DataFrame:
    return pd.concat([DealRender(d).long_table for d in (term_sheet, detailed)], ignore_index=True)


def _column(sheet, heading: str) -> list:
    """The cells under ``heading`` in the sheet's first row."""
    col = [c.value for c in sheet[1]].index(heading) + 1
    return [sheet.cell(row, col) for row in range(2, sheet.max_row + 1)]


def _deals_column(deals, heading: str) -> int:
    top = header_row(deals, "Deal")
    return [c.value for c in deals[top]].index(heading) + 1


def test_the_long_table_sheet_has_real_dates_and_the_kind_in_words(shelf_long_table: pd.DataFrame):
    book = Workbook.read(
        shelf_workbook(deal_rows(shelf_long_table), shelf_long_table, datetime(2024, 1, 2, tzinfo=UTC))
    )
    rows, _ = book.sheet("Long table")
    deals, _ = book.sheet("Deals")
    for heading in ("date_of_report", "cut_off_date"):
        cells = _column(rows, heading)
        assert len(cells) == len(shelf_long_table)
        assert all(isinstance(c.value, datetime) for c in cells), heading  # sorts and filters as a date
        assert {c.number_format for c in cells} == {"mmmm d, yyyy"}  # as the Deals sheet writes a date
        # wide enough for "September 30, 2004" whole, as the Deals sheet's date columns: no "#####"
        assert column_width(rows, cells[0].column) >= column_width(deals, _deals_column(deals, "Date of report"))
    cut_offs = [c.value.date().isoformat() for c in _column(rows, "cut_off_date")]
    assert cut_offs == list(shelf_long_table["cut_off_date"])  # row by row the CSV's days
    kinds = {c.value for c in _column(rows, "kind")}
    assert kinds == {"Collateral term sheet", "Detailed description"}
    top, kind = header_row(deals, "Deal"), _deals_column(deals, "Kind")
    deal_kinds = {deals.cell(row, kind).value for row in range(top + 1, deals.max_row + 1)}
    assert kinds == deal_kinds  # the Deals sheet's words, one place (kind_label)

    # while the CSV (and Parquet) keep the raw kind and ISO dates analysts' code reads (docs/guide.md)
    back = read_csv(to_csv(shelf_long_table))
    assert set(back["kind"]) == {"collateral_term_sheet", "detailed_description"}
    assert all(date.fromisoformat(d).isoformat() == d for d in back["cut_off_date"])


# --- the browser (headless Chromium, as tests/test_browser.py drives it) ----------------------------------------

CHROMIUM = Path(os.environ.get("TERMSHEET_CHROMIUM", "/usr/bin/chromium"))


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: make test does")
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium to run the browser tests")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        yield chromium
        chromium.close()


def _page(browser, path: Path, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(path.as_uri(), wait_until="load")
    return context, page


# --- 2. the index names a filing's kind as the shelf does --------------------------------------------------------


def test_the_index_names_each_kind_as_the_shelf_does_and_sorts_by_it(sample_reports, browser):
    out, _ = sample_reports.demo()
    context, page = _page(browser, out / "index.html", 1280)

    def rows() -> list[tuple[str, str]]:
        return [
            tuple(row)
            for row in page.eval_on_selector_all(
                "#deals tbody tr",
                "rows => rows.map(r => [r.querySelector('th').childNodes[0].textContent.trim(),"
                " r.querySelector('td.kind').textContent.trim()])",
            )
        ]

    # newest report first; each kind in kind_label's words, as the shelf's pages and workbooks write it
    assert rows() == [
        ("CMSI 2004-8", kind_label(FilingKind.DETAILED_DESCRIPTION)),
        ("CMSI 2004-3", kind_label(FilingKind.COLLATERAL_TERM_SHEET)),
    ]
    assert [kind for _, kind in rows()] == ["Detailed description", "Collateral term sheet"]
    page.click("#deals thead th:has-text('Kind')")
    assert rows() == [("CMSI 2004-3", "Collateral term sheet"), ("CMSI 2004-8", "Detailed description")]
    page.click("#deals thead th:has-text('Kind')")  # the other way: whole rows move
    assert rows() == [("CMSI 2004-8", "Detailed description"), ("CMSI 2004-3", "Collateral term sheet")]
    context.close()
