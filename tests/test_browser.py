"""The HTML outputs in a real browser: headless Chromium (Debian's ``chromium``), driven by
Playwright for Python with the system browser (Playwright never downloads one here).

Each page (the index, the summaries, one with a title and a label cut to their limits, the
diff, the email previews, and a filing whose round figures the parser doubts, with its diff
email) is loaded at 390 px (a phone) and 1280 px (a desktop window): the
page never scrolls sideways (a wide table may scroll inside its own box), no table cell's
text runs out of its cell, every image loads, and the report's own fonts load from their
data: URIs. At 1280 px the index shows
every column, the links included; at 390 px the 2004-8 key metrics show every pool.
Sorting the index by a column heading works.

Set TERMSHEET_SCREENSHOTS to a folder to keep a full-page screenshot of each page.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hostile import with_long_line_above_a_table, with_long_row_label
from wide_deal import wide_filing_text

from reporting.cli import main
from reporting.derive.metrics import BY_KEY

CHROMIUM = Path(os.environ.get("TERMSHEET_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WIDTHS = (390, 1280)
HOW_TO_GET_IT = "install Debian's chromium (apt-get install chromium) to run the browser tests"

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - a test dependency
    pytest.skip(f"Playwright is not installed: make test installs it; {HOW_TO_GET_IT}", allow_module_level=True)
if not CHROMIUM.is_file():
    pytest.skip(f"no Chromium at {CHROMIUM}: {HOW_TO_GET_IT}", allow_module_level=True)

PAGES = {
    "index": "index.html",
    "2004-3 summary": "cmsi-2004-3/cmsi-2004-3-summary.html",
    "2004-8 summary": "cmsi-2004-8/cmsi-2004-8-summary.html",
    "wide summary": "cmsi-2004-12/cmsi-2004-12-summary.html",
    "cut-text summary": "cut/cmsi-2004-3/cmsi-2004-3-summary.html",  # a title and a label cut to their limits
    "diff": "diff/cmsi-2004-3-vs-cmsi-2004-8.html",
    "2004-3 email preview": "cmsi-2004-3/cmsi-2004-3-email.html",
    "2004-8 email preview": "cmsi-2004-8/cmsi-2004-8-email.html",  # a card for each of three pools and the deal
    "diff email preview": "diff/cmsi-2004-3-vs-cmsi-2004-8-email.html",
    "wide email preview": "cmsi-2004-12/cmsi-2004-12-email.html",  # a FICO x LTV matrix of 12 LTV buckets
    # "approximately $619.8 million" and "about 358 months": figures the parser doubts, each doubt said
    # beside its figure, in the email's narrow value cells and in the premium and discount table.
    "approximate summary": "approx/cmsi-2004-3/cmsi-2004-3-summary.html",
    "approximate email preview": "approx/cmsi-2004-3/cmsi-2004-3-email.html",
    "doubted diff email preview": "approx/diff/doubted-email.html",  # both balances doubted, side by side
    "shelf": "shelf.html",  # the demo's two deals: its standings' Percentile and Deals columns scroll on a phone
}
# Mail clients ignore web fonts: Arial, no @font-face.
EMAILS = {
    "2004-3 email preview",
    "2004-8 email preview",
    "diff email preview",
    "wide email preview",
    "approximate email preview",
    "doubted diff email preview",
}

MEASURE = """() => {
  const root = document.documentElement;
  const cells = Array.from(document.querySelectorAll("td, th")).filter(c => c.getClientRects().length);
  return {
    pageWidth: root.scrollWidth,
    viewport: root.clientWidth,
    images: Array.from(document.images).map(i => ({src: i.src.slice(0, 40), ok: i.complete && i.naturalWidth > 0})),
    overflowing: cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.trim().slice(0, 40)),
    scrolling: Array.from(document.querySelectorAll(".scroll"))
      .filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.textContent.trim().slice(0, 40)),
    fonts: Array.from(document.fonts).map(f => [f.family, f.weight, f.style, f.status]),
  };
}"""


STATED_BALANCE = "$619,800,778.37. Information"


def _approximate(text: str) -> str:
    """The sample filing with its balance and its WAM stated in round figures, as some filings state them."""
    assert text.count(STATED_BALANCE) == text.count("2004 was 357.95\nmonths.") == 1
    return text.replace(STATED_BALANCE, "approximately $619.8 million. Information").replace(
        "2004 was 357.95\nmonths.", "2004 was about 358\nmonths."
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory, sample_reports, term_sheet_path) -> Path:
    """What `termsheet demo` writes, and a third deal (the widest one, as series 2004-12, with its email) rendered
    into it."""
    out = tmp_path_factory.mktemp("site") / "output"
    shutil.copytree(sample_reports.demo()[0], out, copy_function=shutil.copyfile)  # the demo, run once per run
    wide = out.parent / "cmsi-2004-12-wide.txt"
    wide.write_text(wide_filing_text().replace("2004-8", "2004-12"))
    assert main(["render", str(wide), "--out", str(out), "--format", "pdf,html,email", "-q"]) == 0
    cut = out.parent / "cmsi-2004-3-cut.txt"  # in its own folder: the index lists the three deals above
    # A title line 500 times the 200-character limit: cut as a 5 MiB one is (tests/test_text_bounds.py
    # renders that), which takes seconds to parse, and on a loaded machine ran into the parse time limit.
    cut.write_text(with_long_row_label(5_000, with_long_line_above_a_table(100_000)))
    assert main(["render", str(cut), "--out", str(out / "cut"), "--format", "html", "-q"]) == 0
    approximate = out.parent / "cmsi-2004-3-approximate.txt"
    approximate.write_text(_approximate(term_sheet_path.read_text()))
    million = out.parent / "cmsi-2004-3-million.txt"
    million.write_text(term_sheet_path.read_text().replace(STATED_BALANCE, "$619.8 million. Information"))
    assert main(["render", str(approximate), "--out", str(out / "approx"), "--format", "html,email", "-q"]) == 0
    assert main(["diff", str(approximate), str(million), "--out", str(out / "approx"), "--format", "email"]) == 0
    (preview,) = (out / "approx" / "diff").glob("*-email.html")  # under a name of its own, whatever the diff's
    shutil.copyfile(preview, preview.with_name("doubted-email.html"))
    for page in PAGES.values():
        assert (out / page).is_file(), page
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


MATRIX_CHART_PAGES = ("2004-3 summary", "wide summary")
MATRIX_CHART = """() => Array.from(document.querySelectorAll("section.matrix figure img")).map(img => {
  const box = img.closest(".scroll");
  return {shown: img.getBoundingClientRect().width, drawn: img.naturalWidth, inBox: box !== null,
          boxRight: box ? box.getBoundingClientRect().right : null,
          boxScrolls: box ? box.scrollWidth > box.clientWidth + 1 : null};
})"""


POOL_CARDS = """() => Array.from(document.querySelectorAll(".cards")).map(cards => {
  const box = cards.getBoundingClientRect();
  return {column: [box.left, box.right],
          cards: Array.from(cards.children).map(c => { const r = c.getBoundingClientRect();
                                                        return [r.left, r.right, r.top]; })};
})"""


@pytest.fixture(scope="module")
def measured(site: Path, browser) -> dict[tuple[str, int], dict]:
    """Every page at every width, measured once. Each page loads once, at 1280 px, and is then
    narrowed to 390 px: the layout (media queries included) is computed again for the new width."""
    shots = os.environ.get("TERMSHEET_SCREENSHOTS")
    results = {}
    context = browser.new_context(viewport={"width": max(WIDTHS), "height": 900})
    page = context.new_page()
    for name, path in PAGES.items():
        page.goto((site / path).as_uri(), wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
        for width in sorted(WIDTHS, reverse=True):
            page.set_viewport_size({"width": width, "height": 900})
            results[name, width] = page.evaluate(MEASURE)
            if width == 390 and name == "2004-8 summary":
                results[name, width]["metrics"] = page.evaluate(
                    """() => { const t = document.querySelector("table.metrics");
                               const head = t.querySelector("thead th:last-child");
                               return {text: head.textContent, right: head.getBoundingClientRect().right,
                                       scrolls: t.parentElement.scrollWidth > t.parentElement.clientWidth + 1}; }"""
                )
            if name == "2004-8 email preview":
                results[name, width]["cards"] = page.evaluate(POOL_CARDS)
            if width == 390 and name in MATRIX_CHART_PAGES:
                results[name, width]["matrix_charts"] = page.evaluate(MATRIX_CHART)
            if shots:
                Path(shots).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(shots) / f"{width}-{name.replace(' ', '-')}.png"), full_page=True)
    context.close()
    return results


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_the_page_fits_its_width_and_every_image_loads(measured, name, width):
    found = measured[name, width]
    assert found["pageWidth"] <= found["viewport"] == width  # no sideways scrolling
    assert found["overflowing"] == []  # no figure runs into the next ("$619,800,778100.00%")
    assert all(image["ok"] for image in found["images"]), found["images"]
    if name in ("2004-3 summary", "wide summary"):
        assert len(found["images"]) >= 9  # the tables' charts, the map and the heatmap
    if name not in EMAILS and name != "index":
        assert found["fonts"] and all(
            status == "loaded" for family, _, style, status in found["fonts"] if style == "normal"
        )
        assert {family for family, *_ in found["fonts"]} == {"Termsheet Sans"}


@pytest.mark.parametrize("name", ["index", "2004-3 summary", "2004-8 summary", "diff"])
def test_on_a_desktop_every_table_shows_whole(measured, name):
    assert measured[name, 1280]["scrolling"] == []  # nothing hidden in a sideways-scrolling box (the index's links)


def test_on_a_phone_the_key_metrics_show_every_pool(measured):
    metrics = measured["2004-8 summary", 390]["metrics"]
    assert metrics["text"] == "All loans" and metrics["right"] <= 390 and not metrics["scrolls"]


def test_on_a_phone_the_emails_pool_cards_take_the_whole_column(measured):
    """Three pools and the deal: one card under another on a phone, each as wide as the message's column (they
    were 288 px, the width of two abreast, with empty screen on either side), two abreast on a desktop."""
    ((phone,),) = [measured["2004-8 email preview", 390]["cards"]]
    left, right = phone["column"]
    assert right - left > 340 and len(phone["cards"]) == 4
    for card_left, card_right, _ in phone["cards"]:
        assert (card_left, card_right) == pytest.approx((left, right), abs=1)
    ((desktop,),) = [measured["2004-8 email preview", 1280]["cards"]]
    (first_left, first_right, first_top), (second_left, _, second_top) = desktop["cards"][:2]
    assert first_top == second_top and second_left > first_right and first_right - first_left <= 290


# The index's column headings are the metric catalogue's labels.
LOAN_COUNT = BY_KEY["loan_count"].label


def test_sorting_the_index_by_a_heading(site: Path, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto((site / "index.html").as_uri(), wait_until="load")

    def column(index: int) -> list[str]:
        """Each cell's figure, without the note a failed or doubted one carries after it."""
        return page.eval_on_selector_all(
            f"#deals tbody tr > :nth-child({index})", "cells => cells.map(c => c.childNodes[0].textContent.trim())"
        )

    # Newest report first; the wide deal has 2004-8's dates, and its stem sorts after it.
    assert column(1) == ["CMSI 2004-8", "CMSI 2004-12", "CMSI 2004-3"]
    page.click(f"#deals thead th:has-text('{LOAN_COUNT}')")
    assert column(5) == ["970", "970", "1,225"]  # as numbers: as text "1,225" would come first
    # The wide deal's tables total 1,225 loans, not its 970: its count is marked, and sorts as its figure.
    notes = page.eval_on_selector_all("#deals tbody tr > :nth-child(5) .doubt", "n => n.map(e => e.textContent)")
    assert notes == ["does not reconcile: see the summary"]
    page.click(f"#deals thead th:has-text('{LOAN_COUNT}')")
    assert column(5) == ["1,225", "970", "970"]  # a second click sorts the other way
    assert column(1)[0] == "CMSI 2004-3"  # whole rows move
    page.click("#deals thead th:has-text('Deal')")
    assert column(1) == ["CMSI 2004-12", "CMSI 2004-3", "CMSI 2004-8"]  # as text, by the file stem
    links = page.eval_on_selector_all(
        "#deals tbody tr:first-child td.files a", "links => links.map(a => a.textContent)"
    )
    assert "PDF" in links and "HTML" in links
    context.close()


def test_on_a_phone_the_premium_and_discount_table_fits_with_its_doubts_marked(site: Path, browser):
    """The approximate balance makes every group's share doubted. Its long doubt once sat in the narrow "% of pool"
    cells: the table grew past its box on a phone and hid its WAM column. Now a short mark sits beside each share
    and the doubt's words are said once, under the table, as wide as the table."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto((site / PAGES["approximate summary"]).as_uri(), wait_until="load")
    found = page.evaluate(
        """() => { const block = document.querySelector("section.composition .block");
                   const box = block.querySelector(".scroll");
                   const share = Array.from(block.querySelectorAll("tbody td")).filter(c => c.textContent.includes("%")
                       && c.cellIndex === 4);
                   const wam = Array.from(block.querySelectorAll("thead th")).pop();
                   return {heading: block.querySelector("h3").textContent, scrolls: box.scrollWidth > box.clientWidth + 1,
                           wamRight: wam.getBoundingClientRect().right, boxRight: box.getBoundingClientRect().right,
                           marks: share.map(c => c.querySelector(".doubt") ? c.querySelector(".doubt").textContent : ""),
                           markBeside: share.map(c => c.querySelector(".doubt").getBoundingClientRect().right
                                                     <= c.getBoundingClientRect().right),
                           under: Array.from(block.querySelectorAll("ul.figure-notes li")).map(li => li.textContent)}; }"""
    )
    context.close()
    assert found["heading"] == "Premium and discount loans"
    assert not found["scrolls"] and found["wamRight"] <= found["boxRight"] <= 390  # the WAM column shows whole
    assert found["marks"] == ["doubt \u2193", "doubt \u2193"] and all(found["markBeside"])  # in the share's own cell
    assert found["under"] == [
        "doubt: Aggregate balance: stated as approximately $619.8 million, not as an exact figure"
        " (% of pool: All loans premium, All loans discount)"
    ]


HEATMAP = """() => {
  const table = document.querySelector("table.heat");
  const box = table ? table.closest(".heat-box") : null;
  const cells = table ? Array.from(table.querySelectorAll("td")) : [];
  const figures = cells.filter(c => /^<?[0-9.]+%$/.test(c.textContent.trim()));  // with its "%", as the PDF's
  return {cells: cells.length, figures: figures.length,
          smallest: Math.min(...cells.map(c => parseFloat(getComputedStyle(c).fontSize))),
          shaded: new Set(figures.map(c => getComputedStyle(c).backgroundColor)).size,
          pageWidth: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth,
          boxScrolls: box ? box.scrollWidth > box.clientWidth + 1 : null};
}"""


@pytest.mark.parametrize("name, figures", [("2004-3 email preview", 7 * 7), ("wide email preview", 13 * 7)])
def test_on_a_phone_the_emails_heatmap_figures_are_legible(site: Path, browser, name, figures):
    """The email's FICO x LTV heatmap was a picture: on a phone its figures shrank with it to about 6 px high. Now
    they are a table's text, 11 px or more, and the table (its LTV ranges down the side, the six FICO buckets and
    the total across) fits a phone's width whole; at 1280 px it shows whole too, and neither page scrolls sideways."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto((site / PAGES[name]).as_uri(), wait_until="load")
    narrow = page.evaluate(HEATMAP)
    page.set_viewport_size({"width": 1280, "height": 900})
    wide = page.evaluate(HEATMAP)
    context.close()
    for found, width in ((narrow, 390), (wide, 1280)):
        assert found["figures"] == figures, found  # every cell and total, rows and columns (12 x 6 and 6 x 6)
        assert found["smallest"] >= 11, found  # headings and labels too
        assert found["pageWidth"] <= found["viewport"] == width  # the message never scrolls sideways
        assert found["boxScrolls"] is False  # nor does the table: it shows whole
        assert found["shaded"] >= 5  # the heatmap's shades, not one plain colour


FIGURES = """() => {
  const texts = sel => Array.from(document.querySelectorAll(sel)).filter(e => e.getClientRects().length);
  const size = e => parseFloat(getComputedStyle(e).fontSize);
  const bars = texts(".bars td[class$='-name'], .bars td[class*='-share']");
  const listed = texts(".state-item");
  return {bars: bars.length, listed: listed.length, strat: texts(".strat-share").length,
          smallest: Math.min(...bars.concat(listed).map(size)),
          pageWidth: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth};
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_on_a_phone_the_emails_bars_and_map_figures_are_legible(site: Path, browser, width):
    """The email's LTV chart and state map were pictures: on a 390 px phone the bars' labels were about 7 px high,
    the map's shares about 5 px. Now the LTV buckets are bars in a table (as the top states), the shares of the map
    listed under it: text of 11 px or more at every width, and the message never scrolls sideways."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto((site / PAGES["2004-3 email preview"]).as_uri(), wait_until="load")
    found = page.evaluate(FIGURES)
    context.close()
    assert found["strat"] == 6 and found["bars"] == 2 * (5 + 6), found  # the top states and the six LTV buckets
    assert found["listed"] == 39, found  # 38 states and DC, each with its share
    assert found["smallest"] >= 11, found
    assert found["pageWidth"] <= found["viewport"] == width, found


CUE = """() => Array.from(document.querySelectorAll(".scroll-cue")).map(cue => {
  const box = cue.nextElementSibling;
  const style = getComputedStyle(box);
  const table = box.querySelector("table");
  return {table: table ? table.className : "chart " + box.querySelector("img").alt, cue: cue.textContent.trim(), shown: cue.getClientRects().length > 0,
          scrolls: box.scrollWidth > box.clientWidth + 1, attachment: style.backgroundAttachment,
          shaded: style.backgroundImage.includes("gradient")};
})"""


@pytest.mark.parametrize(
    "name, table",
    [("index", "data index"), ("2004-3 summary", "data matrix-table"), ("shelf", "metrics standings-table")],
)
def test_on_a_phone_a_table_wider_than_the_screen_says_it_scrolls(site: Path, browser, name, table):
    """A table that scrolls sideways in its own box on a phone (the index, the FICO x LTV matrix) once hid its
    right-hand figure columns with nothing to say so. Now words over it say there are more columns, and its box's
    edge is shaded (a scroll shadow: gradients, some scrolling with the table); a desktop window shows neither."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto((site / PAGES[name]).as_uri(), wait_until="load")
    narrow = [c for c in page.evaluate(CUE) if c["table"] == table]
    page.set_viewport_size({"width": 1280, "height": 900})
    wide = [c for c in page.evaluate(CUE) if c["table"] == table]
    context.close()
    assert narrow and all(c["scrolls"] for c in narrow)  # each is a table that does scroll at 390 px
    assert {c["cue"] for c in narrow} == {"Scroll for more columns \u2192"} and all(c["shown"] for c in narrow)
    assert all("local" in c["attachment"] and "scroll" in c["attachment"] and c["shaded"] for c in narrow)
    assert wide and not any(c["shown"] or c["shaded"] or c["scrolls"] for c in wide)  # a desktop shows it whole


@pytest.mark.parametrize("name", ["2004-3 summary", "2004-8 summary"])
def test_on_a_phone_a_chart_wider_than_the_screen_says_it_scrolls(site: Path, browser, name):
    """A chart kept at its drawn size scrolls in its own box on a phone (the FICO x LTV heatmap, the capital
    structure): its right-hand panel ("Subordinate classes (zoom)") began off-screen with nothing to say so."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto((site / PAGES[name]).as_uri())
    narrow = [c for c in page.evaluate(CUE) if c["table"].startswith("chart ")]
    page.set_viewport_size({"width": 1280, "height": 900})
    wide = [c for c in page.evaluate(CUE) if c["table"].startswith("chart ")]
    context.close()
    assert narrow and all(c["scrolls"] and c["shown"] for c in narrow)
    assert {c["cue"] for c in narrow} == {"Scroll for the whole chart \u2192"}
    assert wide and not any(c["shown"] or c["scrolls"] for c in wide)


@pytest.mark.parametrize("name", MATRIX_CHART_PAGES)
def test_on_a_phone_the_matrix_chart_keeps_its_labels_readable(measured, name):
    """The FICO x LTV chart shrank to a phone's width with its labels, 6.5 pt ticks drawn at 5 px. Now it keeps the
    size it was drawn at (or more) and scrolls in its own box, as the matrix table above it does; the page itself
    never scrolls sideways (test_the_page_fits_its_width_and_every_image_loads)."""
    charts = measured[name, 390]["matrix_charts"]
    assert charts, name
    for chart in charts:
        assert chart["drawn"] > 390 and chart["shown"] >= chart["drawn"], chart  # its labels at their drawn size
        assert chart["inBox"] and chart["boxScrolls"] and chart["boxRight"] <= 390, chart
