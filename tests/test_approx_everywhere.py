"""A figure the filing states as approximate is marked so, to the decimals the filing gives, in every output.

The per-deal summary writes "approximately 5.84%" as "approx. 5.84%" (tests/test_stated_precision.py); the shelf
history (page, workbook, terminal), the output folder's index, the batch's shelf CSV and workbook, and a bound
the filing states approximately ("at least approximately 98%") follow it: never the "5.840%" or "≥ 98%" of an
exact figure. Each filing is built here by editing a copy of a sample.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest
from deal_edits import as_series, with_wac_raised
from reading import message_of, page_words, row_words, text_of
from workbooks import Workbook, header_row, row_of

from reporting import api
from reporting.batch.run import run_batch
from reporting.deliver.write import render_deal, render_diff, render_shelf
from reporting.derive.diff import build_diff
from reporting.derive.shelf import build_shelf
from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.present.diff_workbook import diff_workbook
from reporting.present.terminal import shelf_summary
from reporting.read.ingest import ingest_bytes

FIXED_TIME = datetime(2024, 1, 2, tzinfo=UTC)

# (the sample's sentence, the same said approximately)
EDITS = (
    ("as of May 1, 2004 was 5.843%", "as of May 1, 2004 was approximately 5.84%"),
    ("as of May 1, 2004 was 357.95 months", "as of May 1, 2004 was approximately 358 months"),
    ("At least 98%(2) of", "At least approximately 98%(2) of"),  # a bound stated approximately
    ("No more than $7,749,519 of", "No more than approximately $7.7 million of"),
)


def _replaced(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` (however the filing wraps its lines) written as ``new``, once."""
    pattern = re.compile(r"\s+".join(map(re.escape, old.split())))
    assert len(pattern.findall(text)) == 1, old
    return pattern.sub(new, text)


def _approximate_text(term_sheet_path: Path) -> str:
    text = term_sheet_path.read_text()
    for old, new in EDITS:
        text = _replaced(text, old, new)
    return text


def _deal(text: str, name: str) -> Deal:
    return load_filing(ingest_bytes(text.encode(), name))


@pytest.fixture(scope="module")
def approximate(term_sheet_path: Path) -> Deal:
    return _deal(_approximate_text(term_sheet_path), "cmsi-2004-3-approximate.txt")


@pytest.fixture(scope="module")
def shelf_deals(term_sheet_path: Path, approximate: Deal) -> list[Deal]:
    """Three deals stating every figure exactly, each WAC a little higher, then the approximate one: its WAC
    ("approximately 5.84%") the lowest of the four, its WAM ("approximately 358 months") the highest."""
    exact = _deal(term_sheet_path.read_text(), "cmsi-2004-3.txt")
    earlier = [as_series(with_wac_raised(exact, 0.01 * i), f"2004-{i}", date(2004, i, 1)) for i in (1, 2, 3)]
    return [*earlier, as_series(approximate, "2004-4", date(2004, 4, 1))]


# --- the shelf history -------------------------------------------------------------------------


def test_the_shelf_page_marks_the_approximate_figures(shelf_deals: list[Deal], tmp_path: Path):
    report = build_shelf(shelf_deals)
    (html_path,) = render_shelf(report, tmp_path, ("html",), generated_at=FIXED_TIME)
    html = html_path.read_text()
    words = page_words(html)
    # the sentences above the standings
    assert "WAC approx. 5.84%, lowest of the last 4 deals" in words
    assert "WAM approx. 358 mo, highest of the last 4 deals" in words
    # the standings: the focus deal's figure, and the range that ends at it
    standings = html.split('class="metrics standings-table"', 1)[1].split("</table>", 1)[0]
    wac = row_words(standings, "WAC")
    assert wac.startswith("approx. 5.84%") and "approx. 5.84% - 5.873%" in wac
    wam = row_words(standings, "WAM")
    assert wam.startswith("approx. 358 mo") and "357.95 mo - approx. 358 mo" in wam
    # the history: the approximate deal's row gives its figures as stated, the exact deals' as before
    history = html.split('class="data history-table"', 1)[1].split("</table>", 1)[0]
    focus = row_words(history, "CMSI 2004-4")  # named as the window's deals table names it (was "2004-4")
    assert "approx. 5.84%" in focus and "approx. 358 mo" in focus
    assert "5.873%" in row_words(history, "CMSI 2004-3") and "357.95 mo" in row_words(history, "CMSI 2004-3")
    assert "5.840%" not in words and "358.00 mo" not in words


def test_the_shelf_terminal_summary_marks_the_approximate_figures(shelf_deals: list[Deal]):
    said = shelf_summary(build_shelf(shelf_deals), 0, len(shelf_deals))
    assert "WAC approx. 5.84%, lowest" in said and "WAM approx. 358 mo, highest" in said
    assert "5.840%" not in said and "358.00" not in said


def test_the_shelf_workbook_gives_the_approximate_figures_as_stated(shelf_deals: list[Deal], tmp_path: Path):
    (path,) = render_shelf(build_shelf(shelf_deals), tmp_path, ("xlsx",), generated_at=FIXED_TIME)
    book = Workbook.read(path)

    standing, _ = book.sheet("Standing")
    wac = row_of(standing, "WAC")
    assert standing.cell(wac, 2).value == pytest.approx(0.0584)
    assert standing.cell(wac, 2).number_format == '"approx. "0.00%'  # never the rate's three decimals
    assert standing.cell(wac, 4).number_format == '"approx. "0.00%'  # the lowest of the window: the same figure
    wam = row_of(standing, "WAM")
    assert standing.cell(wam, 2).number_format == '"approx. "0" mo"'
    assert standing.cell(wam, 5).number_format == '"approx. "0" mo"'  # the highest

    deals, _ = book.sheet("Deals")
    top = header_row(deals, "Series")
    headings = [deals.cell(top, c).value for c in range(1, deals.max_column + 1)]
    focus = row_of(deals, "2004-4")
    wac_cell = deals.cell(focus, headings.index("WAC") + 1)
    assert wac_cell.number_format == '"approx. "0.00%'
    earlier = deals.cell(row_of(deals, "2004-3"), headings.index("WAC") + 1)
    assert earlier.number_format == "0.000%"  # an exact rate keeps its three decimals


# --- the batch: index, shelf CSV and workbook, JSON ------------------------------------------


@pytest.fixture(scope="module")
def batch_out(term_sheet_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("approximate-filings")
    (folder / "cmsi-2004-3-approximate.txt").write_text(_approximate_text(term_sheet_path))
    out = tmp_path_factory.mktemp("approximate-out")
    result = run_batch([folder], out, ["csv", "xlsx", "json", "html"], jobs=1)
    assert result.count("rendered") == 1
    return out


def test_the_index_marks_the_approximate_figures(batch_out: Path):
    html = (batch_out / "index.html").read_text()
    row = row_words(html.split('id="deals"', 1)[1], "CMSI 2004-3")
    assert "approx. 5.84%" in row and "approx. 358 mo" in row
    assert "5.840%" not in row and "358.00" not in row
    assert "$619,800,778" in row and "1,225" in row  # the figures stated exactly, as before


def _shelf_csv_rows(batch_out: Path) -> dict[str, dict[str, str]]:
    """The batch's shelf.csv, the whole deal's figure rows by metric key."""
    rows = csv.DictReader(io.StringIO((batch_out / "shelf.csv").read_text(encoding="utf-8-sig")))
    return {r["metric"]: r for r in rows if r["section"] == "metric" and r["pool"] == "all"}


def test_the_shelf_csv_carries_how_near_each_figure_is_stated(batch_out: Path):
    rows = _shelf_csv_rows(batch_out)
    assert float(rows["wac"]["approximate_within"]) == pytest.approx(0.005)  # "approximately 5.84%"
    assert rows["wac"]["as_printed"] == "approx. 5.84%"
    assert float(rows["wam_months"]["approximate_within"]) == pytest.approx(0.5)
    assert float(rows["primary_residence_min_pct"]["approximate_within"]) == pytest.approx(0.5)
    assert rows["primary_residence_min_pct"]["as_printed"] == "\u2265 approx. 98%"  # a bound stated approximately
    assert rows["largest_zip_balance"]["as_printed"] == "\u2264 approx. $7.7mm"  # never "≤ $7,700,000"
    assert rows["aggregate_balance"]["approximate_within"] == ""  # stated exactly: no approximation
    assert rows["loan_count"]["approximate_within"] == ""

    # the deal's JSON says as much, in the figure's provenance
    (path,) = batch_out.glob("*/*-deal.json")
    pool = next(p for p in json.loads(path.read_text())["pools"] if p["name"] == "all")
    assert pool["provenance"]["wac"]["approximate_within"] == pytest.approx(0.005)


def test_the_shelf_workbook_of_a_batch_gives_the_approximate_figures_as_stated(batch_out: Path):
    deals, _ = Workbook.read(batch_out / "shelf.xlsx").sheet("Deals")
    top = header_row(deals, "Deal")
    headings = [deals.cell(top, c).value for c in range(1, deals.max_column + 1)]

    def cell(label: str):
        return deals.cell(top + 1, headings.index(label) + 1)

    assert (cell("WAC").value, cell("WAC").number_format) == (pytest.approx(0.0584), '"approx. "0.00%')
    assert cell("WAM").number_format == '"approx. "0" mo"'
    assert cell("Primary residence").number_format == '"\u2265 approx. "0%'
    assert cell("Largest zip code exposure").number_format == '"\u2264 approx. "$#,##0.0,,"mm"'
    assert cell("Aggregate balance").number_format == "$#,##0"  # stated exactly


# --- a bound stated approximately, in the per-deal outputs -----------------------------------------


def test_an_approximate_bound_is_marked_in_the_summary_and_the_email(approximate: Deal, tmp_path: Path):
    written = render_deal(approximate, tmp_path, ("html", "email", "xlsx"), generated_at=FIXED_TIME)
    (html,) = [p for p in written if p.name.endswith("-summary.html")]
    assert "\u2265 approx. 98%" in row_words(html.read_text(), "Primary residence")
    assert "\u2264 approx. $7.7mm" in row_words(html.read_text(), "Largest zip code exposure")

    (eml,) = [p for p in written if p.name.endswith(".eml")]
    text = text_of(message_of(eml))
    line = next(li for li in text.splitlines() if li.startswith("Primary residence"))
    assert "\u2265 approx. 98%" in line

    (xlsx,) = [p for p in written if p.suffix == ".xlsx"]
    summary, _ = Workbook.read(xlsx).sheet("Summary")
    assert summary.cell(row_of(summary, "Primary residence"), 2).number_format == '"\u2265 approx. "0%'


# --- the diff ----------------------------------------------------------------------------------


def test_a_diff_to_an_approximate_bound_marks_it_and_its_change(term_sheet_path: Path, approximate: Deal, tmp_path):
    old = _deal(term_sheet_path.read_text(), "cmsi-2004-3.txt")
    diff = build_diff(old, as_series(approximate, "2004-6", date(2004, 8, 1)))
    (html,) = render_diff(diff, tmp_path, ("html",), generated_at=FIXED_TIME)
    row = row_words(html.read_text(), "Primary residence")
    # "at least 98%" to "at least approximately 98%": the change no finer than the filing gives it
    assert "\u2265 98%" in row and "\u2265 approx. 98%" in row and "approx. 0 pp" in row
    assert "0.00 pp" not in row

    metrics_sheet, _ = Workbook.read(diff_workbook(diff, FIXED_TIME)).sheet("Metrics")
    at = row_of(metrics_sheet, "Primary residence")
    assert metrics_sheet.cell(at, 3).number_format == '"\u2265 approx. "0%'

    # from Python: each side's precision beside its figure
    changes = api.diff_metrics(diff)
    assert changes.loc["wac", ["old", "new", "old_within", "new_within"]].tolist() == [5.843, 5.84, None, 0.005]
    assert api.metrics(approximate).attrs["approximate_within"]["wam_months"] == {"all": 0.5}


# --- a figure computed from an approximate one ---------------------------------------------------


def test_a_figure_computed_from_an_approximate_one_is_as_approximate(term_sheet_path: Path, tmp_path: Path):
    """ "approximately $619.8 million" over 1,225 loans is about $506,000, not the "$505,959" of an exact balance."""
    text = _replaced(
        term_sheet_path.read_text(), "May 1, 2004 of $619,800,778.37.", "May 1, 2004 of approximately $619.8 million."
    )
    deal = _deal(text, "approximate-balance.txt")
    (html,) = render_deal(deal, tmp_path, ("html",), generated_at=FIXED_TIME)
    page = html.read_text()
    assert row_words(page, "Average loan balance").startswith("approx. $506,000")
    assert row_words(page, "Loans above 80% LTV").startswith("approx. 0.87%")  # never more decimals than a share's

    table = api.long_table(deal)
    average = table[(table["metric"] == "average_balance") & (table["pool"] == "all")].iloc[0]
    assert average["as_printed"] == "approx. $506,000" and average["approximate_within"] > 0

    exact = api.long_table(_deal(term_sheet_path.read_text(), "exact.txt"))
    stated = exact[(exact["metric"] == "average_balance") & (exact["pool"] == "all")].iloc[0]
    assert stated["as_printed"] == "$505,960" and stated["approximate_within"] is pd.NA
