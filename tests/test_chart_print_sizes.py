"""Every letter a chart draws can be read where it is shown: at 6 pt or more in print, 9 px or more on a phone.

A side chart is drawn 3.3 in wide and printed in a column about 2.6 in wide: its bars' labels printed at 5.8 pt
on A4, the state map's codes and scale at 4.6 pt. The shelf history's deal names were drawn at 5.5 pt (5.7 in
print), and on a phone two charts abreast showed them 6 px high. The size a letter prints at is measured in the
PDF: its font size times the scale of the drawing it sits in (PDFium's matrix for the character).

Two wrapped bar labels side by side ("Condominium Units (one to / four stories high)" over "(over four /
stories high)") were drawn touching: each label's box is measured in the drawn chart.

At the other end, a chart across the page was stretched to the column of a desktop window: CMSI 2004-8's capital
chart to 1.45 times its drawn size, its letters up to 15 px beside its table's 12 px.
"""

from __future__ import annotations

import base64
import math
import re
from contextlib import closing
from pathlib import Path

import matplotlib
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.present.charts import STYLE, distribution_figure

SMALLEST_PRINT = 6.0  # points
SMALLEST_SCREEN = 9.0  # CSS pixels


def printed_sizes(pdf: Path) -> list[tuple[float, int, str]]:
    """(size in points as printed, page, letter) for every letter the PDF draws."""
    found = []
    with closing(pdfium.PdfDocument(pdf)) as document:
        for number, page in enumerate(document, start=1):
            text = page.get_textpage()
            for index in range(text.count_chars()):
                letter = text.get_text_range(index, 1)
                if pdfium_c.FPDFText_IsGenerated(text.raw, index) == 1 or not letter.strip():
                    continue
                matrix = pdfium_c.FS_MATRIX()
                pdfium_c.FPDFText_GetMatrix(text.raw, index, matrix)
                scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
                found.append((pdfium_c.FPDFText_GetFontSize(text.raw, index) * scale, number, letter))
    return found


def _too_small(pdf: Path) -> dict[str, str]:
    small: dict[str, str] = {}
    for size, page, letter in printed_sizes(pdf):
        if size < SMALLEST_PRINT - 0.01:
            key = f"page {page} at {size:.2f} pt"
            small[key] = small.get(key, "") + letter
    return small


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_letter_of_the_summary_prints_at_6_pt_or_more(sample_reports, paper):
    pdf = sample_reports.summary("2004-3", paper)["summary.pdf"]
    sizes = printed_sizes(pdf)
    assert len(sizes) > 5000 and any(letter == "M" for _, _, letter in sizes)  # the map's "ME", "MA" among them
    assert _too_small(pdf) == {}


def test_every_letter_of_the_shelf_history_prints_at_6_pt_or_more(sample_reports):
    output, _ = sample_reports.demo()
    pdf = output / "shelf.pdf"
    assert sum(1 for _, _, letter in printed_sizes(pdf) if letter == "-") > 30  # the deals' names, "2004-3"
    assert _too_small(pdf) == {}


def test_the_measure_finds_a_small_letter(tmp_path):
    from reporting.present.pdf import html_to_pdf

    pdf = tmp_path / "small.pdf"
    pdf.write_bytes(
        html_to_pdf(
            '<p style="font-size: 9pt">Readable</p>'
            '<svg width="100pt" height="20pt" viewBox="0 0 200 40"><text x="0" y="20" font-size="10">Half</text></svg>'
        )
    )
    assert _too_small(pdf) == {"page 1 at 5.00 pt": "Half"}  # 10 units drawn at half scale


def _label_gaps(deal: Deal, title_word: str) -> tuple[float, list[float]]:
    """The label size and the gaps, in points, between the boxes of neighbouring labels of a table's bar chart."""
    table = next(t for t in summarise(deal).tables if title_word in t.title)
    with matplotlib.rc_context(STYLE):  # as draw_charts draws it
        figure = distribution_figure(table)
    renderer = FigureCanvasAgg(figure).get_renderer()
    texts = [t for t in figure.axes[0].texts if t.get_text()]
    boxes = sorted((t.get_window_extent(renderer) for t in texts), key=lambda box: -box.y1)
    points = 72 / figure.dpi
    gaps = [(upper.y0 - lower.y1) * points for upper, lower in zip(boxes, boxes[1:])]
    return texts[0].get_fontsize(), gaps


def test_wrapped_bar_labels_side_by_side_stay_apart(term_sheet: Deal):
    size, gaps = _label_gaps(term_sheet, "Dwellings")
    assert len(gaps) == 5  # six dwelling types, two of them on two lines
    assert min(gaps) >= size / 2, gaps  # half a line between any two labels


def _shown_sizes(html: str, widths: list[float]) -> list[float]:
    """The smallest letter of each chart of the page, in CSS pixels, as the page shows it ``widths`` wide."""
    shown = []
    for data, width in zip(re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', html), widths, strict=True):
        svg = base64.b64decode(data).decode()
        view_width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
        smallest = min(float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg))
        shown.append(smallest * width / view_width)
    return shown


@pytest.mark.parametrize("name", ["shelf.html", "cmsi-2004-3-summary.html", "cmsi-2004-8-summary.html"])
def test_on_a_phone_every_charts_letters_are_legible(sample_reports, name):
    """The shelf's small multiples two abreast showed the deals' names 6 px high; the capital structure's chart,
    shrunk to the phone's width, its class labels 6.7 px."""
    output, _ = sample_reports.demo()
    (page_file,) = output.rglob(name)
    _assert_charts_legible_on_a_phone(page_file)


def _assert_charts_legible_on_a_phone(page_file: Path) -> None:
    """At 390 px the page does not scroll sideways and every chart's smallest letter shows at 9 px or more."""
    from playwright.sync_api import sync_playwright
    from test_browser import ARGS, CHROMIUM

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 900})
            page.goto(page_file.as_uri())
            widths = page.evaluate("[...document.querySelectorAll('img')].map(i => i.getBoundingClientRect().width)")
            overflow = page.evaluate("document.documentElement.scrollWidth")
        finally:
            browser.close()
    assert widths and overflow <= 390  # a chart wider than the phone scrolls in its own box
    shown = _shown_sizes(page_file.read_text(), widths)
    assert min(shown) >= SMALLEST_SCREEN, [round(s, 1) for s in shown]


_SMALLEST_TEXT = """() => {
  const small = [];
  for (const element of document.querySelectorAll('body *')) {
    const text = [...element.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join(' ').trim();
    const style = getComputedStyle(element);
    if (text && element.getClientRects().length && style.visibility !== 'hidden' && parseFloat(style.fontSize) < 9)
      small.push(style.fontSize + ' ' + text.slice(0, 40));
  }
  return [...new Set(small)];
}"""


def test_on_a_phone_no_text_of_the_demos_pages_is_under_9_px(sample_reports):
    from playwright.sync_api import sync_playwright
    from test_browser import ARGS, CHROMIUM

    output, _ = sample_reports.demo()
    pages = sorted(output.rglob("*.html"))
    assert len(pages) >= 8  # the index, the shelf, two summaries, the diff, and the emails' previews
    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 900})
            for path in pages:
                page.goto(path.as_uri())
                if small := page.evaluate(_SMALLEST_TEXT):
                    found[path.name] = small
        finally:
            browser.close()
    assert found == {}


_WIDE_CHARTS = """() => {
  const figures = [...document.querySelectorAll('figure.chart.wide')];
  return {table: parseFloat(getComputedStyle(document.querySelector('table.data td')).fontSize),
          shown: figures.map(f => f.querySelector('img').getBoundingClientRect().width),
          svgs: figures.map(f => f.querySelector('img').src)};
}"""


@pytest.mark.parametrize("name", ["cmsi-2004-3-summary.html", "cmsi-2004-8-summary.html"])
def test_on_a_desktop_a_chart_across_the_page_writes_no_letter_larger_than_its_tables(sample_reports, name):
    from playwright.sync_api import sync_playwright
    from test_browser import ARGS, CHROMIUM

    output, _ = sample_reports.demo()
    (page_file,) = output.rglob(name)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(page_file.as_uri())
            found = page.evaluate(_WIDE_CHARTS)
            overflow = page.evaluate("document.documentElement.scrollWidth")
        finally:
            browser.close()
    assert found["svgs"] and overflow <= 1280  # the FICO x LTV heatmap (2004-3), the capital structure (2004-8)
    largest = []
    for src, width in zip(found["svgs"], found["shown"], strict=True):
        svg = base64.b64decode(src.split(",", 1)[1]).decode()
        view_width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
        largest.append(max(float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)) * width / view_width)
    assert max(largest) <= found["table"], ([round(s, 1) for s in largest], found["table"])


def test_the_capital_charts_scale_writes_shares_as_every_chart_does(detailed: Deal):
    from reporting.present.charts import capital_figure

    with matplotlib.rc_context(STYLE):
        figure = capital_figure(summarise(detailed).capital)
    FigureCanvasAgg(figure).draw()
    ticks = [[label.get_text() for label in axes.get_yticklabels()] for axes in figure.axes]
    assert len(ticks) == 2 and all(len(scale) >= 3 for scale in ticks)
    assert "100%" in ticks[0] and "1.5%" in ticks[1]  # as the bar charts' "50%", not "100" nor "1.5"
    # A scale of whole percents has no decimals ("100%", not "100.0%"); a scale with half-percent steps writes
    # every level to one decimal ("1.0%", not "1%", beside "1.5%": tests/test_chart_scales.py), so ".0%" now
    # appears on the magnified scale only.
    assert all(label.endswith("%") for scale in ticks for label in scale), ticks
    assert not any(".0%" in label for label in ticks[0]), ticks


def test_every_charts_titles_and_axis_titles_lie_inside_its_picture(term_sheet: Deal, detailed: Deal):
    """The capital chart's axis title "% of deal balance" began 1.7 px left of its figure: the email's picture (a
    PNG, cut at the figure's edge) showed "of deal balance" without its first letters."""
    from reporting.present.charts import report_charts

    cut = []
    for deal in (term_sheet, detailed):
        with matplotlib.rc_context(STYLE):
            for key, draw, _ in report_charts(summarise(deal)):
                figure = draw()
                FigureCanvasAgg(figure).draw()
                renderer, edge = figure.canvas.get_renderer(), figure.bbox
                for axes in figure.axes:
                    for text in (axes.title, axes.xaxis.label, axes.yaxis.label):
                        box = text.get_window_extent(renderer)
                        inside = box.x0 >= edge.x0 and box.x1 <= edge.x1 and box.y0 >= edge.y0 and box.y1 <= edge.y1
                        if text.get_text() and not inside:
                            cut.append((deal.series, key, text.get_text(), round(box.x0, 1), round(box.y1, 1)))
    assert cut == []
    assert any(key == "capital" for key, _, _ in report_charts(summarise(detailed)))  # the chart was measured


_OVERFLOWING_CELLS = """() => [...document.querySelectorAll('table.standings-table td')].flatMap(cell => {
  const contents = document.createRange();
  contents.selectNodeContents(cell);
  const text = contents.getBoundingClientRect(), box = cell.getBoundingClientRect();
  return text.left < box.left - 0.5 || text.right > box.right + 0.5 ? [cell.textContent.trim()] : [];
})"""


def test_the_shelfs_medians_and_their_notes_stay_in_their_column(sample_reports):
    """ "1,097.5 (between two deals' counts)" and "94% (of the stated floors)" ran 89 px out of the Median column,
    up to the range's figures beside them."""
    from playwright.sync_api import sync_playwright
    from test_browser import ARGS, CHROMIUM

    output, _ = sample_reports.demo()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})  # a desktop: the PDF's column widths
            page.goto((output / "shelf.html").as_uri())
            medians = page.evaluate(
                "[...document.querySelectorAll('table.standings-table tbody tr')].map(r => r.cells[2].innerText)"
            )
            overflowing = page.evaluate(_OVERFLOWING_CELLS)
        finally:
            browser.close()
    assert any("between two deals' counts" in m for m in medians) and any("of the stated caps" in m for m in medians)
    assert overflowing == []


@pytest.fixture(scope="module")
def wide_reports(tmp_path_factory) -> dict[str, Path]:
    """The widest deal the tests build (a FICO x LTV matrix of 12 LTV columns, tests/wide_deal.py): its PDF on
    both papers and its HTML."""
    from wide_deal import wide_deal

    from reporting.deliver.write import render_deal

    deal, out = wide_deal(), tmp_path_factory.mktemp("wide")
    assert len(deal.matrices[0].col_labels) == 12
    written = {}
    for paper, formats in (("letter", ("pdf", "html")), ("a4", ("pdf",))):
        for path in render_deal(deal, out / paper, formats=formats, paper=paper):
            written[f"{paper} {path.suffix}"] = path
    return written


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_letter_of_the_widest_deal_prints_at_6_pt_or_more(wide_reports, paper):
    """Twelve LTV columns: the heatmap's column labels were drawn at 5 pt in a chart printed at 80% of the page's
    width. The chart of a wide matrix now spans the text block, its labels at 6 pt or more."""
    pdf = wide_reports[f"{paper} .pdf"]
    assert sum(1 for _, _, letter in printed_sizes(pdf) if letter == "%") > 100
    assert _too_small(pdf) == {}


def test_on_a_phone_the_widest_matrixs_chart_is_legible(wide_reports):
    _assert_charts_legible_on_a_phone(wide_reports["letter .html"])
