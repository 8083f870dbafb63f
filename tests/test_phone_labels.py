"""On a phone (390 px) a pool's name in the composition tables stays on one line, and the tables still fit.

CMSI 2004-8's premium and discount table and its additional collateral table printed "Pool" over "I", "Pool"
over "II" (and CMSI 2004-3's "All" over "loans"): the name broke at its space to make room for the figures.
Kept whole with the cells padded as before, CMSI 2004-3's premium and discount table ran 3 px past its box and
scrolled; with the key metrics' tighter padding it fits, as it did.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("TERMSHEET_CHROMIUM", "/usr/bin/chromium"))

# Each row heading of the composition tables whose rows are pools (their first column reads "Pool"), with the
# number of lines its text takes; and how far each composition table runs past the box it scrolls in.
MEASURE = """() => {
  const tables = [...document.querySelectorAll("section.composition table")];
  const pooled = tables.filter((t) => t.querySelector("thead th").textContent === "Pool");
  const names = pooled.flatMap((t) => [...t.querySelectorAll("tbody th[scope=row]")])
    .filter((cell) => cell.textContent.trim())
    .map((cell) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top));
      return [cell.textContent.trim(), new Set(tops).size];
    });
  const past = pooled.map((t) => t.getBoundingClientRect().width - t.parentElement.clientWidth);
  return {names, past};
}"""


@pytest.fixture(scope="module")
def on_a_phone(sample_reports) -> dict[str, dict]:
    playwright = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    measured = {}
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 390, "height": 900})
            for series in ("2004-3", "2004-8"):
                page.goto(sample_reports.summary(series)["summary.html"].as_uri(), wait_until="load")
                page.evaluate("document.fonts.ready.then(() => true)")
                measured[series] = page.evaluate(MEASURE)
        finally:
            browser.close()
    return measured


def test_a_pools_name_in_the_composition_tables_stays_on_one_line_on_a_phone(on_a_phone: dict[str, dict]):
    names = {series: sorted(name for name, _ in found["names"]) for series, found in on_a_phone.items()}
    # 2004-8: pools I, II and III head the premium and discount table, pools I and II the additional collateral
    # one; 2004-3 states both for the whole deal alone.
    assert names == {
        "2004-3": ["All loans", "All loans"],
        "2004-8": ["Pool I", "Pool I", "Pool II", "Pool II", "Pool III"],
    }
    broken = [name for found in on_a_phone.values() for name, lines in found["names"] if lines != 1]
    assert broken == []


def test_the_composition_tables_fit_a_phone_without_scrolling(on_a_phone: dict[str, dict]):
    assert {series: [round(p) for p in found["past"] if p > 0.5] for series, found in on_a_phone.items()} == {
        "2004-3": [],
        "2004-8": [],
    }
