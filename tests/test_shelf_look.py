"""The shelf history as a reader sees it: every chart title whole and inside its chart, a long documentation
policy's column heading a few lines tall (in the PDF and in a browser), and the workbook's kinds in words and
its dates real dates.

The shelf: four deals saved as JSON, one of them with a documentation policy named in capitals (a filing
written in capitals names it so): capitals are wider than as many small letters, so its title wraps sooner.
Before, a title past two lines of 34 letters ended in an ellipsis, losing what the chart's figure is ("at
least, % of balance"), and the window's table gave a long policy's heading a sixth of the page: five lines.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from browsing import measured_at_widths
from deal_edits import as_series, with_pool, with_wac_raised
from workbooks import CHARACTERS_A_WIDTH, LINE_POINTS, Workbook, column_width, header_row

from reporting.cli import main
from reporting.model.deal import Deal
from reporting.present.jsonio import deal_to_json

# The term sheet's policy, and the same policy as a filing in capitals would name it.
POLICY = "Alternative or streamlined refinance"
CAPITALS = "ALTERNATIVE/STREAMLINED REFINANCE WITH VERIFIED ASSETS"
# The term sheet's longest policy: its chart's title and its column's heading in the window's tables.
LONGEST = "Full documentation, or alternative/streamlined refinance"
MOST_LINES = 3  # a heading or a title taller than this reads as a column of words


def _renamed(deal: Deal, old: str, new: str) -> Deal:
    for pool in deal.pools:
        underwriting = tuple(replace(u, policy=new) if u.policy == old else u for u in pool.underwriting)
        deal = with_pool(deal, pool.name, underwriting=underwriting)
    return deal


@pytest.fixture(scope="module")
def shelf(tmp_path_factory, term_sheet: Deal, detailed: Deal) -> Path:
    folder = tmp_path_factory.mktemp("saved")
    capitals = _renamed(with_wac_raised(term_sheet, 0.1), POLICY, CAPITALS)
    assert any(u.policy == CAPITALS for p in capitals.pools for u in p.underwriting)
    # Two deals name the policy in capitals: a figure only one deal gives is drawn as no chart (a chart of one point
    # says nothing; tests/test_shelf_analyst_review.py), and its chart's title is what is measured here.
    deals = [
        as_series(term_sheet, "2005-1", date(2005, 1, 1)),
        as_series(capitals, "2005-2", date(2005, 2, 1)),
        as_series(detailed, "2005-3", date(2005, 3, 1)),
        as_series(_renamed(with_wac_raised(term_sheet, 0.2), POLICY, CAPITALS), "2005-4", date(2005, 4, 1)),
    ]
    for deal in deals:
        (folder / f"{deal.series}-deal.json").write_text(deal_to_json(deal))
    out = tmp_path_factory.mktemp("out")
    assert main(["shelf", str(folder), "--out", str(out), "--format", "pdf,html,xlsx"]) == 0
    return out


# --- reading the PDF: its letters with their boxes, and the charts' boxes -----------------------------------


Box = tuple[float, float, float, float]  # left, bottom, right, top, in points


def _letters(page) -> tuple[str, list[Box]]:
    """The page's drawn letters without spaces or line ends, and each letter's box: a text found in it is found
    however it wraps."""
    text, letters, boxes = page.get_textpage(), [], []
    for index in range(text.count_chars()):
        letter = text.get_text_range(index, 1)
        if pdfium.raw.FPDFText_IsGenerated(text.raw, index) == 1 or not letter.strip():
            continue
        letters.append(letter)
        boxes.append(text.get_charbox(index))
    return "".join(letters), boxes


def _found(pdf: Path, wanted: str) -> list[tuple[int, list[Box]]]:
    """Each place ``wanted`` is drawn, however it wraps: its page (0-based) and its letters' boxes."""
    needle, places = "".join(wanted.split()), []
    with closing(pdfium.PdfDocument(pdf)) as document:
        for number, page in enumerate(document):
            letters, boxes = _letters(page)
            start = letters.find(needle)
            while start >= 0:
                places.append((number, boxes[start : start + len(needle)]))
                start = letters.find(needle, start + 1)
    return places


def _chart_boxes(pdf: Path, page_number: int) -> list[Box]:
    """The charts' own boxes on a page: each chart's white ground, a rectangle a third of the text wide (a table's
    rows are the whole width; a chart's plot is smaller, and a title above it lies outside its plot)."""
    with closing(pdfium.PdfDocument(pdf)) as document:
        page = document[page_number]
        left, _, right, _ = page.get_mediabox()
        third = (right - left) / 3
        boxes = [o.get_bounds() for o in page.get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_PATH]
    return [b for b in boxes if third * 0.6 < b[2] - b[0] < third * 1.1 and b[3] - b[1] > 90]


def _inside(letter: Box, box: Box, tolerance: float = 0.5) -> bool:
    return (
        letter[0] >= box[0] - tolerance
        and letter[2] <= box[2] + tolerance
        and letter[1] >= box[1] - tolerance
        and letter[3] <= box[3] + tolerance
    )


def _lines(boxes: list[Box]) -> int:
    """How many lines the letters stand on: their baselines, a line's letters within 2 pt of each other."""
    lines: list[float] = []
    for bottom in sorted(b[1] for b in boxes):
        if not lines or bottom - lines[-1] > 2:
            lines.append(bottom)
    return len(lines)


# --- the charts' titles --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        f"{LONGEST} (at least, % of balance)",  # longer than two lines of its letters' average width
        f"{CAPITALS} (at most, % of balance)",  # capitals: wider than as many small letters
        "No income verification (at most, % of balance)",
        "Loans above 80% LTV (% of balance)",
    ],
)
def test_a_charts_title_is_drawn_whole_inside_its_chart(shelf: Path, title: str):
    pdf = shelf / "shelf.pdf"
    places = _found(pdf, title)
    assert len(places) == 1, f"{title!r} drawn {len(places)} times"  # whole, never cut short by an ellipsis
    page, letters = places[0]
    charts = _chart_boxes(pdf, page)
    # The charts are there to be measured: every chart the page holds is found, on every page. (This asked for 3 on
    # the title's page; a figure one deal gives is no chart now, and the last row of charts may hold one alone.)
    with closing(pdfium.PdfDocument(pdf)) as document:
        pages = len(document)
    drawn = (shelf / "shelf.html").read_text().count("<img ")
    assert charts and sum(len(_chart_boxes(pdf, number)) for number in range(pages)) == drawn >= 9
    home = [box for box in charts if _inside(letters[0], box)]
    assert len(home) == 1  # its first letter is in its own chart
    outside = [i for i, letter in enumerate(letters) if not _inside(letter, home[0])]
    assert outside == [], f"{title!r}: letters {outside} run out of the chart {home[0]}"
    assert _lines(letters) <= MOST_LINES


def test_a_letter_past_its_charts_edge_is_found():
    # The test above can fail: a box and a letter past its right edge.
    chart = (43.2, 611.3, 211.4, 738.0)
    assert _inside((200.0, 700.0, 205.0, 707.0), chart)
    assert not _inside((210.0, 700.0, 215.0, 707.0), chart)
    assert _lines([(0, 700, 5, 707), (6, 700.5, 9, 707), (0, 690, 5, 697)]) == 2


# --- the window's tables: a long policy's heading ------------------------------------------------------------


def test_a_long_policys_heading_takes_a_few_lines_in_the_pdf(shelf: Path):
    places = _found(shelf / "shelf.pdf", f"{LONGEST} (at least)")  # the window's table: the policy and its bound
    assert len(places) == 1
    _, letters = places[0]
    assert _lines(letters) <= MOST_LINES


# The line boxes' bottoms of each heading of the window's tables that holds ``needle``, and of each deal's name
# and each bound's words ("(at least)") in them.
MEASURE = """(needle) => {
  const bottoms = node => { const range = document.createRange(); range.selectNodeContents(node);
                            return Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => r.bottom); };
  const tables = "table.history-table, table.deals-table";
  return {
    headings: Array.from(document.querySelectorAll("table.history-table thead th"))
      .filter(th => th.textContent.includes(needle)).map(bottoms),
    deals: Array.from(document.querySelectorAll(tables.split(", ").map(t => t + " tbody th").join(", ")))
      .map(th => [th.textContent, bottoms(th)]),
    bounds: Array.from(document.querySelectorAll("table.history-table .bound")).map(b => [b.textContent, bottoms(b)]),
  };
}"""


@pytest.fixture(scope="module")
def in_a_browser(shelf: Path) -> dict[int, dict]:
    return measured_at_widths(shelf / "shelf.html", MEASURE, (1280, 390), "alternative/streamlined")


def _browser_lines(bottoms: list[float]) -> int:
    return _lines([(0, bottom, 0, bottom) for bottom in bottoms])


@pytest.mark.parametrize("width", [390, 1280])
def test_a_long_policys_heading_takes_a_few_lines_in_a_browser(in_a_browser, width: int):
    (heading,) = in_a_browser[width]["headings"]
    assert heading  # the heading is there to be measured
    assert _browser_lines(heading) <= MOST_LINES


@pytest.mark.parametrize("width", [390, 1280])
def test_a_deals_name_and_a_bounds_words_stay_on_one_line(in_a_browser, width: int):
    # On a phone the tables scroll sideways inside their box: a deal's name need not break, "2005-" over "2".
    found = in_a_browser[width]
    assert len(found["deals"]) == 4 * 4 and len(found["bounds"]) >= 6  # the window's four deals in each table
    assert [text for text, bottoms in found["deals"] + found["bounds"] if _browser_lines(bottoms) != 1] == []


# --- the workbook --------------------------------------------------------------------------------------------


def test_the_workbooks_deals_read_their_kind_in_words_and_their_dates_as_dates(shelf: Path):
    deals, _ = Workbook.read(shelf / "shelf.xlsx").sheet("Deals")
    top = header_row(deals, "Series")
    headings = [deals.cell(top, c).value for c in range(1, deals.max_column + 1)]
    kind, cut_off = headings.index("Kind") + 1, headings.index("Cut-off date") + 1
    rows = range(top + 1, top + 5)
    assert [deals.cell(r, kind).value for r in rows] == [
        "Collateral term sheet",
        "Collateral term sheet",
        "Detailed description",
        "Collateral term sheet",
    ]
    dates = [deals.cell(r, cut_off) for r in rows]
    assert [c.value for c in dates] == [datetime(2005, month, 1) for month in (1, 2, 3, 4)]
    assert all(c.is_date for c in dates)
    assert column_width(deals, cut_off) >= len("September 30, 2005")  # Excel shows a date cut off as "#####"


def test_the_workbooks_headings_take_a_few_lines(shelf: Path):
    # Each figure's column is wide enough for its heading in a few lines: a long policy's name in a column 15 wide
    # took six, and the header row, made as tall as its longest heading, stood a quarter of the screen high.
    deals, _ = Workbook.read(shelf / "shelf.xlsx").sheet("Deals")
    top = header_row(deals, "Series")
    longest = next(c for c in range(1, deals.max_column + 1) if deals.cell(top, c).value == LONGEST)
    lines = -(-len(LONGEST) // int(column_width(deals, longest) * CHARACTERS_A_WIDTH))
    assert lines <= MOST_LINES
    assert deals.row_dimensions[top].height <= LINE_POINTS * MOST_LINES
