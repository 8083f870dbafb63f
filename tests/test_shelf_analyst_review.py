"""The shelf history after an analyst's review: what its numbers claim, which charts it draws, how it lays out.

1. A median of caps (or floors) is written as a bound, "≤ 15% (of the stated caps)": a bare "15%" read as an exact
   share of the pool.
2. A count of the deals that give a figure says how many of them are derived by termsheet ("2 of 2 (1 derived)",
   under "Deals stating or derived"); a chart whose points termsheet derived says so in its caption.
3. A figure is charted only where at least two deals of the window give it; one deal's figure stands in a small
   table; a window of one deal draws no chart and says so in one line.
4. The "Series" heading stays on the page of its first charts; at 390 px the page never scrolls sideways, and each
   wide table scrolls in its own box with words and a shadow to say so.

The shelves: the two samples (2004-3's term sheet, 2004-8's detailed description), the term sheet alone, and three
edited copies of the term sheet before the detailed description (so a figure can be the highest of four).
"""

from __future__ import annotations

import re
import shutil
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from browsing import measured_at_widths
from deal_edits import as_series, with_wac_raised
from reading import pdf_pages, pdf_text, row_words, tags_of
from workbooks import Workbook, header_row, row_of

from reporting.cli import main
from reporting.derive.shelf import build_shelf
from reporting.model.deal import Deal
from reporting.present.renders import ShelfRender
from reporting.samples import TERM_SHEET_2004_3

FIXED_TIME = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def samples(term_sheet: Deal, detailed: Deal) -> ShelfRender:
    """2004-3 (term sheet) then 2004-8 (detailed description): the window of two deals."""
    return ShelfRender(build_shelf([term_sheet, detailed]), generated_at=FIXED_TIME)


@pytest.fixture(scope="module")
def samples_text(samples: ShelfRender) -> str:
    return _words(pdf_text(samples.pdf))


@pytest.fixture(scope="module")
def four(term_sheet: Deal, detailed: Deal) -> ShelfRender:
    """Three copies of the term sheet (WAC raised 0.1, 0.2, 0.3), then 2004-8's detailed description as 2005-4: its
    Loans above 80% LTV (1.60%, derived from its pools) and its cap on no income verification (24%) are the highest
    of the four."""
    deals = [as_series(with_wac_raised(term_sheet, 0.1 * i), f"2005-{i}", date(2005, i, 1)) for i in (1, 2, 3)]
    deals.append(as_series(detailed, "2005-4", date(2005, 4, 1)))
    return ShelfRender(build_shelf(deals), generated_at=FIXED_TIME)


# --- 1. a median of caps is a cap ---------------------------------------------------------------------------


def test_a_median_of_caps_or_floors_is_written_as_a_bound(samples: ShelfRender, samples_text: str):
    # 2004-3 caps no income verification at 6%, 2004-8 at 24%: the median of the caps is 15%, no deal's share.
    assert "No income verification ≤ 24% ≤ 15% (of the stated caps) ≤ 6% to ≤ 24%" in samples_text
    assert "Full documentation ≥ 45% ≥ 45% (of the stated floors) ≥ 45%" in samples_text
    assert row_words(samples.html, "No income verification").startswith("≤ 24% ≤ 15% (of the stated caps)")
    sheet, values = Workbook.read(samples.xlsx).sheet("Standing")
    capped = row_of(sheet, "No income verification")
    assert values.cell(capped, 3).value == pytest.approx(0.15)
    assert sheet.cell(capped, 3).number_format == '"≤ "0%'  # shown "≤ 15%", as the cap beside it
    assert sheet.cell(capped, 3).comment.text.startswith("median of the stated caps")


def test_the_sentence_of_an_outlying_cap_writes_its_median_as_a_cap(four: ShelfRender):
    sentence = "No income verification ≤ 24% of balance, highest of the last 4 deals; median ≤ 6% (of the stated caps)"
    assert sentence in four.report.sentences
    assert sentence in _words(pdf_text(four.pdf))


# --- 2. derived figures counted and named ---------------------------------------------------------------------


def test_the_count_of_deals_says_how_many_are_derived(samples: ShelfRender, samples_text: str):
    assert "Percentile Deals stating or derived" in samples_text
    # 2004-8 states Loans above 80% LTV for its pools only: termsheet sums it (1.60%, "derived from the pools").
    assert "Loans above 80% LTV 1.60% derived from the pools 1.23% 0.87% - 1.60% — 2 of 2 (1 derived)" in samples_text
    assert row_words(samples.html, "Loans above 80% LTV").endswith("2 of 2 (1 derived)")
    assert row_words(samples.html, "WAC").endswith("2 of 2")  # both filings state it
    sheet, values = Workbook.read(samples.xlsx).sheet("Standing")
    top = header_row(sheet, "Figure")
    assert sheet.cell(top, 7).value == "Deals stating or derived"
    loans = row_of(sheet, "Loans above 80% LTV")
    assert values.cell(loans, 7).value == 2
    assert sheet.cell(loans, 7).comment.text == "1 derived, not stated by the filing"
    assert sheet.cell(row_of(sheet, "WAC"), 7).comment is None


def test_an_outliers_sentence_says_how_many_of_its_deals_are_derived(four: ShelfRender):
    sentence = "Loans above 80% LTV 1.60% of balance, highest of the last 4 deals (1 of them derived); median 0.87%"
    assert sentence in four.report.sentences
    assert sentence in _words(pdf_text(four.pdf))


def _figures(html: str) -> dict[str, tuple[str, str]]:
    """Each chart's alt text's figure -> (its caption, its alt text)."""
    found = {}
    for caption, alt in re.findall(
        r'<figure class="chart small">\s*(?:<figcaption>(.*?)</figcaption>)?\s*<img [^>]*alt="([^"]*)"', html
    ):
        figure = re.match(r"Line chart of (.+?) over the last", alt).group(1)
        found[figure] = (caption, alt)
    return found


def test_a_chart_of_derived_points_names_them_in_its_caption(samples: ShelfRender, four: ShelfRender):
    charts = _figures(samples.html)
    caption, alt = charts["Loans above 80% LTV"]
    assert caption == "Derived from the pools, not stated: 2004-8"
    assert "(2 give it, 1 of them derived, not stated)" in alt
    assert charts["WAC"][0] == "" and "(2 give it)" in charts["WAC"][1]
    assert "Derived from the pools, not stated: 2004-8" in _words(pdf_text(samples.pdf))
    # FICO below 700: every term sheet's is summed from its FICO x LTV matrix's rows; 2005-4 gives none.
    fico, _ = _figures(four.html)["FICO below 700"]
    assert fico == "Derived from the FICO x LTV matrix&#39;s rows, not stated: 2005-1, 2005-2, 2005-3"


# --- 3. a chart only where two deals give the figure -----------------------------------------------------------


def test_only_figures_two_deals_give_are_charted_the_rest_tabled(samples: ShelfRender):
    report = samples.report
    twice = [s.label for s in report.standings if s.stated >= 2]
    once = [s.label for s in report.standings if s.stated == 1]
    assert "California" in once and "WAC" in twice and len(twice) == 8
    assert list(_figures(samples.html)) == twice
    assert len([t for t, _ in tags_of(samples.html) if t == "img"]) == 8
    table = samples.html.split('class="data one-deal-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row">(.*?)</th>\s*<td class="deal">(.*?)</td>\s*<td class="num[^"]*">(.*?)<', table)
    assert [re.sub(r"<[^>]+>", "", label).split(" (")[0] for label, _, _ in rows] == once
    # each deal named as the table of the window's deals names it (it read "2004-3" here, "CMSI 2004-3" there)
    assert ("California", "CMSI 2004-3", "47.91%") in rows
    assert ("Class A subordination", "CMSI 2004-8", "2.4501%") in rows


def test_a_shelf_of_one_deal_draws_no_chart_and_says_so(tmp_path: Path):
    folder = tmp_path / "filings"
    folder.mkdir()
    shutil.copy(TERM_SHEET_2004_3, folder)
    out = tmp_path / "out"
    assert main(["shelf", str(folder), "--out", str(out), "--format", "pdf,html"]) == 0
    html = (out / "shelf.html").read_text()
    line = "One deal in the window (CMSI 2004-3): no chart is drawn; its figures are in the table above."
    assert html.count(line) == 1 and line in _words(pdf_text(out / "shelf.pdf"))
    assert [t for t, _ in tags_of(html) if t == "img"] == []
    assert 'class="data one-deal-table"' not in html  # its one deal's figures are the table above
    assert _charts_by_page(out / "shelf.pdf") == [0] * len(pdf_pages(out / "shelf.pdf"))


# --- 4. layout ---------------------------------------------------------------------------------------------------


def _charts_by_page(pdf: bytes | Path) -> list[int]:
    """How many small multiples each page draws: each chart's white ground, a rectangle about a third of the page
    wide and taller than 90 pt (a table's rows span the text's width)."""
    counts = []
    with closing(pdfium.PdfDocument(pdf)) as document:
        for page in document:
            third = page.get_width() / 3
            boxes = [o.get_bounds() for o in page.get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_PATH]
            counts.append(sum(third * 0.5 < b[2] - b[0] < third * 1.1 and b[3] - b[1] > 90 for b in boxes))
    return counts


def test_the_series_heading_shares_its_page_with_its_first_charts(samples: ShelfRender):
    # The samples' standings fill the first page to its foot: "Series" and its key stood there alone, the charts
    # overleaf.
    pages = pdf_pages(samples.pdf)
    charts = _charts_by_page(samples.pdf)
    (at,) = [i for i, text in enumerate(pages) if "Each point is a deal" in _words(text)]
    assert re.search(r"^Series$", pages[at], re.M)
    assert charts[at] >= 3  # the first row of charts below the heading, never the heading alone at the foot
    assert "Aggregate balance" in pages[at].split("Each point is a deal", 1)[1]  # the first chart's title


# The page's width against the window's, and each box that scrolls sideways: its table, whether it overflows, the
# cue above it (shown or not) and its shadowed ground.
MEASURE = """() => {
  const root = document.scrollingElement;
  const boxes = Array.from(document.querySelectorAll(".scroll")).map(box => {
    const cue = box.previousElementSibling;
    const shown = !!cue && cue.classList.contains("scroll-cue") && getComputedStyle(cue).display !== "none"
                  && cue.getBoundingClientRect().height > 0;
    return {table: (box.querySelector("table") || box).className, overflows: box.scrollWidth > box.clientWidth + 1,
            cue: shown ? cue.textContent.trim() : "", shadow: getComputedStyle(box).backgroundImage.includes("gradient")};
  });
  return {page: root.scrollWidth, window: root.clientWidth, boxes};
}"""


@pytest.fixture(scope="module")
def measured(samples: ShelfRender, tmp_path_factory) -> dict[int, dict]:
    path = tmp_path_factory.mktemp("shelf") / "shelf.html"
    path.write_text(samples.html)
    return measured_at_widths(path, MEASURE, (390, 1280), height=844)


def test_on_a_phone_the_page_never_scrolls_sideways_and_each_wide_table_says_it_scrolls(measured):
    phone = measured[390]
    assert phone["page"] <= phone["window"] == 390
    wide = [box for box in phone["boxes"] if box["overflows"]]
    tables = {box["table"] for box in wide}
    assert {"metrics standings-table", "data deals-table", "data history-table"} <= tables
    assert [box["table"] for box in wide if box["cue"] != "Scroll for more columns →" or not box["shadow"]] == []
    desktop = measured[1280]  # a desktop window shows every column, and no cue
    assert desktop["page"] <= desktop["window"]
    assert [box for box in desktop["boxes"] if box["cue"] or box["overflows"]] == []
