"""The diff report as PDF and HTML: the key sentences on the page, a self-contained HTML,
no empty sections, "No material changes" for a deal against itself, and figures that
did not reconcile flagged where the reader looks."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
import reading
from deal_edits import with_state_balances, with_wac_raised
from shared_renders import FIXED_TIME

from reporting.deliver.write import render_diff
from reporting.derive.diff import build_diff
from reporting.model.deal import Deal
from reporting.present.charts import PairedBars, draw_paired_charts
from reporting.present.diff_report import build_report, paired_charts, render_diff_html


def pdf_text(path: Path) -> str:
    """The PDF's text with runs of whitespace as one space, so wrapped lines still match."""
    return " ".join(reading.pdf_text(path).split())


def html_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&amp;", "&").split())


def render(diff, folder: Path, formats=("pdf", "html")) -> dict[str, Path]:
    return {p.suffix.lstrip("."): p for p in render_diff(diff, folder, formats, generated_at=FIXED_TIME)}


@pytest.fixture(scope="module")
def samples(sample_reports, term_sheet: Deal, detailed: Deal):
    return build_diff(term_sheet, detailed), sample_reports.samples_diff()  # rendered once per run


@pytest.fixture(scope="module")
def edited(tmp_path_factory, term_sheet: Deal):
    # $49mm of California's balance moved to Nevada, and every rate 15 bp higher.
    new = with_wac_raised(with_state_balances(term_sheet, {"California": -49_000_000, "Nevada": 49_000_000}), 0.15)
    diff = build_diff(term_sheet, new)
    return diff, render(diff, tmp_path_factory.mktemp("edited"))


# --- 2004-3 (tables) against 2004-8 (prose only) -----------------------------------------


def test_file_names(samples):
    _, files = samples
    assert files["pdf"].name == "cmsi-2004-3-vs-cmsi-2004-8.pdf"
    assert files["html"].name == "cmsi-2004-3-vs-cmsi-2004-8.html"


def test_samples_pdf_holds_the_key_sentences_and_figures(samples):
    diff, files = samples
    text = pdf_text(files["pdf"])
    for sentence in (
        "The cap on no income verification loans rose from 6% to 24% of balance, +18 pp",
        # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
        "WAC rose from 5.843% to 5.962%, +11.9 bp",
        "Deal size fell from $619.8mm to $493.6mm, -20.4%",
        "Loan count fell from 1,225 to 970, -20.8%",
    ):
        assert sentence in text
    assert [k.sentence for k in diff.key_changes] == [s for s in (k.sentence for k in diff.key_changes) if s in text]
    # The balances as the two filings state them, and the change between them.
    assert "$619,800,778 $493,641,378 -$126,159,401 -20.4%" in text
    assert "WAC 5.843% 5.962% +11.9 bp +2.0%" in text
    assert "8 material changes, largest first" in text
    # Dates change by months: a dash says a date is not stated (an outside look found a dash between two dates)
    assert "Originated not before February 1, 2003 March 1, 2003 derived from the pools +1 mo" in text
    assert "Latest maturity May 1, 2034 October 1, 2034 derived from the pools +5 mo" in text


def test_samples_report_says_what_it_could_not_compare(samples):
    _, files = samples
    html = files["html"].read_text()
    text = html_text(html)
    assert "none is in both deals (CMSI 2004-3 states 7, CMSI 2004-8 none)" in text
    assert "geography: only CMSI 2004-3 states its loans by state" in text
    assert "capital structure: only CMSI 2004-8 states its certificate classes" in text
    # Listed, not dropped: 2004-3's tables and matrix, 2004-8's pools and classes.
    assert "Distribution of Mortgage Loans by Note Rates" in text
    assert "Distribution by FICO Scores and Loan-to-value Ratios at Origination" in text
    assert "Pools I; II; III" in text and "Certificate classes A; B-1; B-2; B-3; B-4; B-5; B-6" in text
    assert "States by balance: California 47.91%, top 5 states 73.70%" in text
    # Nothing to compare bucket by bucket, so no stratification, geography or capital section at all.
    for heading in ('id="stratifications"', 'id="geography"', 'id="capital"'):
        assert heading not in html


class Sections(HTMLParser):
    """For each <section>, the tags inside it other than its headings."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[list[str]] = []
        self.closed: list[tuple[str, list[str]]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "section":
            self.open.append([])
            self.ids.append(dict(attrs).get("aria-labelledby") or "")
        elif self.open and tag not in ("h2", "h3"):
            for inner in self.open:
                inner.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.closed.append((self.ids.pop(), self.open.pop()))


@pytest.mark.parametrize("which", ["samples", "edited"])
def test_no_empty_sections(which, request):
    _, files = request.getfixturevalue(which)
    parser = Sections()
    parser.feed(files["html"].read_text())
    assert parser.closed
    empty = [name for name, inner in parser.closed if not inner]
    assert empty == []


# --- a pair with known edits ----------------------------------------------------------


def test_known_edits_on_the_page(edited):
    diff, files = edited
    text = pdf_text(files["pdf"])
    for sentence in (
        "California fell from 47.91% to 40.00% of balance, -7.91 pp",
        "Nevada rose from 0.43% to 8.33% of balance, +7.91 pp",
        "Top 5 states fell from 73.70% to 69.96% of balance, -3.74 pp",
        # key-change sentences now name the old figure too ("from X to Y, change"), as the others do
        "WAC rose from 5.843% to 5.993%, +15 bp",
    ):
        assert sentence in text
    assert "4 material changes, largest first" in text
    assert "WAC 5.843% 5.993% +15 bp +2.6%" in text
    assert "Entered the top 10: Nevada. Left the top 10: Georgia." in text
    assert "California 47.91% 40.00% -7.91 pp" in text and "Nevada 0.43% 8.33% +7.91 pp" in text
    assert "10 Georgia (left) 1.57%" in text and "3 Nevada (entered) 8.33%" in text


def test_known_edits_mark_the_material_rows(edited):
    _, files = edited
    html = files["html"].read_text()
    rows = re.findall(r'<tr class="material">\s*<th scope="row">([^<]+)', html)
    assert {"WAC", "California", "Nevada", "Top 5 states"} <= {r.strip() for r in rows}


# --- a deal against itself --------------------------------------------------------------


def test_a_deal_against_itself_says_no_material_changes(tmp_path, detailed: Deal):
    diff = build_diff(detailed, detailed)
    files = render(diff, tmp_path)
    text = pdf_text(files["pdf"])
    assert "No material changes" in text and "material changes, largest first" not in text
    html = files["html"].read_text()
    assert '<ol class="key-list">' not in html and 'class="material"' not in html
    # The capital structure is side by side: every class, no change.
    assert "Class B-6 subordination" in text and "+0." not in text and "-0." not in text


# --- self-contained, escaped HTML ---------------------------------------------------------


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tags.append((tag, dict(attrs)))


@pytest.mark.parametrize("which", ["samples", "edited"])
def test_html_refers_to_nothing_outside_itself(which, request):
    _, files = request.getfixturevalue(which)
    html = files["html"].read_text()
    assert not re.search(r"(https?|file):", html, re.IGNORECASE)
    parser = Tags()
    parser.feed(html)
    assert not [t for t, _ in parser.tags if t in ("script", "link", "iframe", "object")]
    images = [a for t, a in parser.tags if t == "img"]
    assert all(a.get("alt") and a["src"].startswith("data:image/svg+xml;base64,") for a in images)
    if which == "edited":
        # One paired chart per table (the state table's is the largest states), two per matrix.
        assert len(images) == 7 + 2


def test_filing_text_stays_text(tmp_path, term_sheet: Deal):
    """A table title or bucket label holding markup is printed as text, never as markup."""
    hostile = "<script>alert(1)</script><img src=https://x>"
    tables = tuple(
        replace(t, title=t.title + hostile, rows=(replace(t.rows[0], label=hostile), *t.rows[1:])) if i == 0 else t
        for i, t in enumerate(term_sheet.tables)
    )
    deal = replace(term_sheet, tables=tables)
    html = render_diff_html(build_report(build_diff(deal, deal)), {}, generated_at=FIXED_TIME)
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- a figure that did not reconcile ---------------------------------------------------


def test_numbers_that_did_not_reconcile_are_flagged_prominently(tmp_path, term_sheet: Deal):
    # Texas gains $20mm but California loses only $19mm: the new state table no longer adds up.
    broken = with_state_balances(term_sheet, {"California": -19_000_000, "Texas": 20_000_000})
    html = render(build_diff(term_sheet, broken), tmp_path, ("html",))["html"].read_text()
    header = html_text(html[: html.index("</header>")])  # the band at the top of page one
    assert "CMSI 2004-3 (new): 1 of 53 reconciliation checks failed" in header
    key_changes = html_text(html[html.index('id="key-changes"') : html.index('id="pool-metrics"')])
    assert "Texas rose from 2.00% to 5.23% of balance, +3.23 pp (state table not reconciled in the new filing)" in (
        key_changes
    )
    text = html_text(html)
    assert "did not reconcile in CMSI 2004-3 (new)" in text
    assert "1 of 53 reconciliation checks failed: numbers marked as not reconciled" in text


# --- charts ------------------------------------------------------------------------------


def test_paired_charts_are_deterministic_and_described(edited):
    diff, _ = edited
    specs = paired_charts(build_report(diff))
    first = draw_paired_charts(specs, "old deal", "new deal")
    second = draw_paired_charts(specs, "old deal", "new deal")
    assert {k: c.data for k, c in first.items()} == {k: c.data for k, c in second.items()}
    states = first["diff-states"]
    assert states.alt.startswith("Paired bar chart of % of balance by state, old deal against new deal (12 buckets)")
    assert "largest change: California -7.91 pp" in states.alt


def test_a_paired_chart_draws_what_it_is_given():
    chart = PairedBars("k", "note rate", ("5.5%", "6%"), (40.0, 60.0), (55.5, 44.5))
    drawn = draw_paired_charts([chart], "A", "B")["k"]
    assert drawn.media_type == "image/svg+xml" and drawn.data.startswith(b"<?xml")
    assert "largest change: 5.5% +15.50 pp" in drawn.alt
