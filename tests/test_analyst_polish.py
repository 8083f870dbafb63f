"""What analysts and readers meet outside the summary: the shelf workbook's Long table sheet read as the Deals
sheet is, the index naming a filing's kind as the shelf does, the diff PDF's tables in shared columns, and figures
that keep their marks and pool lists that stay whole on a phone."""

from __future__ import annotations

import re
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pypdfium2 as pdfium
import pytest
from browsing import ARGS, CHROMIUM
from workbooks import Workbook, column_width, header_row

from reporting.cli import main
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


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: make test does")
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium to run the browser tests")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
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


# --- 3. the diff PDF's tables share their columns ---------------------------------------------------------------

LEVEL = 3.0  # pt: the words of one table row (a heading wrapped to two lines ends on its row's last line)
SAME_X = 1.0  # pt: the same column at the same x, table after table


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    left: float
    right: float
    baseline: float


def _words(pdf: Path) -> list[Word]:
    found = []
    with closing(pdfium.PdfDocument(pdf)) as document:
        for number, page in enumerate(document):
            text = page.get_textpage()
            said = text.get_text_range()
            for match in re.finditer(r"\S+", said):
                boxes = [text.get_charbox(i) for i in range(match.start(), match.end())]
                found.append(Word(number, match.group(), boxes[0][0], max(b[2] for b in boxes), boxes[-1][1]))
    return found


def _lines(pdf: Path) -> list[list[Word]]:
    """The PDF's words in lines: a page's words whose baselines lie within ``LEVEL`` of the line's first, left to
    right (a table's heading wrapped to two lines ends on the line of the headings beside it)."""
    lines: list[list[Word]] = []
    for word in sorted(_words(pdf), key=lambda w: (w.page, -w.baseline, w.left)):
        line = lines[-1] if lines else None
        if line and line[0].page == word.page and abs(line[0].baseline - word.baseline) <= LEVEL:
            line.append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.left) for line in lines]


def _heading_edges(pdf: Path, last: str, headings: tuple[str, ...]) -> list[tuple[float, ...]]:
    """For each table's header row (the line ending in the heading ``last``): the right edge of each of ``headings``
    (the figure columns' headings are right-aligned, as their figures are: where the column ends)."""
    rows = []
    for line in _lines(pdf):
        texts = [w.text for w in line]
        if texts[-1] == last and all(h in texts for h in headings):
            rows.append(tuple(round(line[texts.index(h)].right, 1) for h in headings))
    return rows


def _spread(rows: list[tuple[float, ...]]) -> list[float]:
    return [round(max(column) - min(column), 1) for column in zip(*rows)]


def test_the_diff_pdfs_metric_tables_put_each_column_at_one_x(sample_reports):
    """Old, new, change and relative at the same x in each table of figures, whatever their labels and figures:
    of the samples, pool metrics (its header repeated overleaf), stated by one deal only and underwriting; of
    2004-3 against itself, pool metrics, underwriting and geography."""
    rows = _heading_edges(sample_reports.samples_diff()["pdf"], "Relative", ("2004-3", "2004-8", "Change", "Relative"))
    assert len(rows) >= 4, rows
    assert max(_spread(rows)) <= SAME_X, rows
    itself = _heading_edges(sample_reports.self_diff()["pdf"], "Relative", ("(old)", "(new)", "Change", "Relative"))
    assert len(itself) >= 3, itself
    assert max(_spread(itself)) <= SAME_X, itself
    assert max(_spread([rows[0][1:], itself[0][1:]])) <= SAME_X  # the same columns, whatever the deals' names


def test_the_diff_pdfs_bucket_tables_put_each_column_at_one_x(sample_reports):
    """2004-3 against itself: each stratification, the largest movers, every state (overleaf too) and the
    matrix's totals, old, new and change at the same x."""
    rows = _heading_edges(sample_reports.self_diff()["pdf"], "Change", ("(old)", "(new)", "Change"))
    assert len(rows) >= 8, rows
    assert max(_spread(rows)) <= SAME_X, rows


# --- 4. on a phone, a figure keeps its "approx." and a list of pools stays whole ----------------------------------

PHONE = 390
# Where each match of a pattern in an element's text starts and ends on the screen: the tops of its first and last
# letters (a Range over each, however the text is split into nodes and spans).
MATCH_TOPS = """([selector, pattern]) => {
  const found = [];
  for (const root of document.querySelectorAll(selector)) {
    const nodes = [], starts = [];
    let text = "";
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) { nodes.push(walker.currentNode); starts.push(text.length); text += walker.currentNode.data; }
    const at = (offset) => { let i = nodes.length - 1; while (starts[i] > offset) i--; return [nodes[i], offset - starts[i]]; };
    const top = (offset) => { const [node, local] = at(offset); const range = document.createRange();
      range.setStart(node, local); range.setEnd(node, local + 1); return range.getBoundingClientRect().top; };
    for (const match of text.matchAll(new RegExp(pattern, "g"))) {
      const last = match.index + match[0].length - 1;
      found.push({text: match[0], first: top(match.index), last: top(last)});
    }
  }
  return found;
}"""


def _match_tops(browser, page_path: Path, selector: str, pattern: str) -> list[dict]:
    context, page = _page(browser, page_path, PHONE)
    try:
        return page.evaluate(MATCH_TOPS, [selector, pattern])
    finally:
        context.close()


def _approximate_2004_3(text: str) -> str:
    """The 2004-3 term sheet with its balance and WAM stated in round figures, as some filings state them."""
    for stated, rounded in (
        ("$619,800,778.37. Information", "approximately $619.8 million. Information"),
        ("2004 was 357.95\nmonths.", "2004 was about 358\nmonths."),
    ):
        assert text.count(stated) == 1
        text = text.replace(stated, rounded)
    return text


def test_on_a_phone_the_diffs_approx_mark_stays_beside_its_figure(
    tmp_path: Path, term_sheet_path, detailed_path, browser
):
    approximate = tmp_path / "cmsi-2004-3-approximate.txt"
    approximate.write_text(_approximate_2004_3(term_sheet_path.read_text()))
    code = main(["diff", str(approximate), str(detailed_path), "--out", str(tmp_path), "--format", "html"])
    assert code == 0
    (html,) = (tmp_path / "diff").glob("*.html")
    # "approx. $619.8mm", "approx. -28 mo", "≤ approx. 1.25%": the mark's first letter on its figure's last's line
    marks = _match_tops(browser, html, "table.diff-metrics-table td.num", r"approx\. [-+]?\$?[\d.,]+(mm|%| mo| pp)?")
    assert len(marks) >= 8, marks
    assert [m for m in marks if abs(m["first"] - m["last"]) > 1] == []


def test_on_a_phone_a_derived_notes_list_of_pools_stays_on_one_line(sample_reports, browser):
    html = sample_reports.summary("2004-8")["summary.html"]
    lists = _match_tops(browser, html, "table.metrics .derived", r"pools [IVX]+(, [IVX]+)+")
    assert len(lists) >= 6, lists  # 2004-8's "All loans" figures derived from its three pools
    assert [found for found in lists if abs(found["first"] - found["last"]) > 1] == []
