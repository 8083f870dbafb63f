"""On a phone (390 px) a pool's name in the composition tables stays on one line, and the tables still fit; the
summary email's header gives its dates room for one line.

CMSI 2004-8's premium and discount table and its additional collateral table printed "Pool" over "I", "Pool"
over "II" (and CMSI 2004-3's "All" over "loans"): the name broke at its space to make room for the figures.
Kept whole with the cells padded as before, CMSI 2004-3's premium and discount table ran 3 px past its box and
scrolled; with the key metrics' tighter padding it fits, as it did.

CMSI 2004-8's email header lists "Special hazard, fraud and bankruptcy loss limits", a label kept on one line:
its values had a third of the band, and its dates broke, "October 1," over "2004".
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


# Each of the email header's facts: its label and the number of lines its value takes.
FACTS = """() => [...document.querySelectorAll("table.facts tr")].map((row) => {
  const [label, value] = row.querySelectorAll("td");
  const range = document.createRange();
  range.selectNodeContents(value);
  const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top));
  return [label.textContent.trim(), new Set(tops).size];
})"""


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
            page.goto(sample_reports.summary("2004-8")["email.html"].as_uri(), wait_until="load")
            measured["2004-8 email"] = page.evaluate(FACTS)
        finally:
            browser.close()
    return measured


def test_a_pools_name_in_the_composition_tables_stays_on_one_line_on_a_phone(on_a_phone: dict[str, dict]):
    found = {series: on_a_phone[series] for series in ("2004-3", "2004-8")}
    names = {series: sorted(name for name, _ in found["names"]) for series, found in found.items()}
    # 2004-8: pools I, II and III head the premium and discount table, pools I and II the additional collateral
    # one; 2004-3 states both for the whole deal alone.
    assert names == {
        "2004-3": ["All loans", "All loans"],
        "2004-8": ["Pool I", "Pool I", "Pool II", "Pool II", "Pool III"],
    }
    broken = [name for each in found.values() for name, lines in each["names"] if lines != 1]
    assert broken == []


def test_the_composition_tables_fit_a_phone_without_scrolling(on_a_phone: dict[str, dict]):
    found = {series: on_a_phone[series] for series in ("2004-3", "2004-8")}
    assert {series: [round(p) for p in each["past"] if p > 0.5] for series, each in found.items()} == {
        "2004-3": [],
        "2004-8": [],
    }


def test_the_email_headers_dates_stay_on_one_line_on_a_phone(on_a_phone: dict):
    facts = dict(on_a_phone["2004-8 email"])
    assert "Special hazard, fraud and bankruptcy loss limits" in facts  # the long label is there to squeeze them
    assert {label: facts[label] for label in ("Cut-off date", "Date of report")} == {
        "Cut-off date": 1,
        "Date of report": 1,
    }
