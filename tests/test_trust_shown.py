"""What the parser knows of each figure reaches every report (issue 12): derived figures marked, doubts beside
the number, the filing's lines on hover and on both sides of a failed check, three verdicts, amendments said."""

from __future__ import annotations

import dataclasses
import json
import re
from html import unescape
from pathlib import Path

import jsonschema
import layouts
import pandas as pd
import pytest
from reading import html_of, message_of, pdf_text, text_of
from shared_renders import FIXED_TIME

import reporting
from reporting.batch.run import run_batch
from reporting.deliver.write import render_deal
from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.pipeline import load_deal_json, load_filing
from reporting.present.summary_page import render_html
from reporting.read.ingest import ingest_bytes
from reporting.validate import validate

WAC_LINE = "and all mortgage loans (before deduction of the servicing fee) as of October 1,"


def _deal(text: str, name: str = "layout.txt") -> Deal:
    return load_filing(ingest_bytes(text.encode(), name))


def _cell(html: str, row_label: str, column: int) -> str:
    """The text and attributes of one key-metrics cell: the row headed ``row_label``, its ``column``-th value."""
    row = re.search(rf"<tr>\s*<th scope=\"row\">{re.escape(row_label)}</th>(.*?)</tr>", html, re.S)
    assert row, row_label
    return re.findall(r"<td([^>]*)>(.*?)</td>", row.group(1), re.S)[column]


@pytest.fixture(scope="module")
def detailed_pages(sample_reports) -> dict[str, Path]:
    return sample_reports.summary("2004-8")  # summary.pdf, summary.html, summary.eml, email.html (once per run)


def test_a_whole_deal_figure_the_pools_prove_is_shown_marked_derived(detailed_pages, detailed: Deal):
    html = detailed_pages["summary.html"].read_text()
    pools = sum(detailed.pool(name).balance_above_80_ltv for name in ("I", "II", "III"))
    attributes, text = _cell(html, "Balance above 80% LTV", 3)  # pools I, II, III, then all loans
    said = re.sub(r"<[^>]*>", "", text)  # the words as read: the list of pools is in a span that never breaks
    assert f"${pools:,.0f}" in said and "derived, not stated: sum of pools I, II, III" in said
    assert 'class="num derived"' in attributes
    pdf = " ".join(pdf_text(detailed_pages["summary.pdf"]).split())
    assert f"${pools:,.0f} derived, not stated: sum of pools I, II, III" in pdf
    email = html_of(message_of(detailed_pages["summary.eml"]))  # a narrow card: a mark, and what it means below
    assert '<sup class="derived-mark"' in email and "(d) derived from the pools" in email
    assert "(d) derived from the pools" in text_of(message_of(detailed_pages["summary.eml"]))


def test_a_figure_carries_its_filing_lines_on_hover(detailed_pages, detailed_path: Path):
    html = detailed_pages["summary.html"].read_text()
    attributes, _ = _cell(html, "WAC", 0)
    lines = [int(n) for n in re.findall(r"\d+", re.search(r'title="filing (lines? [^"]+)"', attributes).group(1))]
    filing = detailed_path.read_text().split("\n")
    stated = " ".join(filing[n - 1] for n in range(lines[0], lines[-1] + 1))
    assert "6.132%" in stated and "weighted average" in stated.lower()  # the WAC sentence, where pool I's is stated


def test_a_table_row_carries_its_lines(term_sheet: Deal, term_sheet_path: Path):
    html = render_html(summarise(term_sheet), {}, generated_at=FIXED_TIME)
    row = re.search(r'<tr title="filing line (\d+)"><th scope="row">California</th>', html)
    assert row and term_sheet_path.read_text().split("\n")[int(row.group(1)) - 1].strip().startswith("California")


def test_a_failed_check_cites_the_lines_of_both_sides(detailed: Deal):
    pool_one = detailed.pool("I")
    broken = dataclasses.replace(pool_one, aggregate_balance=pool_one.aggregate_balance + 1_000_000)
    deal = validate(dataclasses.replace(detailed, pools=(broken, *detailed.pools[1:]), checks=()))
    html = render_html(summarise(deal), {}, generated_at=FIXED_TIME)
    failure = re.search(r'<tr class="fail"><td>FAILED: pools add up to the deal balance</td>(.*?)</tr>', html, re.S)
    stated, found = re.findall(r'<span class="lines">([^<]+)</span>', failure.group(1))
    assert stated.startswith("line") and found.startswith("line") and stated != found


def test_a_doubt_stands_beside_its_figure(tmp_path: Path):
    lines = layouts.DETAILED.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(WAC_LINE))
    deal = _deal(layouts.break_sentences(layouts.DETAILED, [index], notes=True))
    html = render_html(summarise(deal), {}, generated_at=FIXED_TIME)
    _, text = _cell(html, "WAC", 3)
    assert "5.962%" in text and "doubt: read from a sentence joined across a page break" in text
    (eml, _) = render_deal(deal, tmp_path, ("email",), generated_at=FIXED_TIME)
    assert "doubt: read from a sentence joined across a page break" in html_of(message_of(eml))


def test_a_doubt_about_a_whole_table_stands_under_the_table(term_sheet_path: Path):
    zero_row = "$1,000,000 and over                   0                                    0"
    deal = _deal(term_sheet_path.read_text().replace(zero_row, "$1,000,000 and over"), "blank-bucket.txt")
    html = render_html(summarise(deal), {}, generated_at=FIXED_TIME)
    sections = re.findall(r"<section class=\"strat[^>]*>.*?</section>", html, re.S)
    (size,) = [s for s in sections if "Size of Mortgage Loans" in s]
    assert "doubt: the line '$1,000,000 and over' has no figures in the filing: not read as a row" in unescape(size)
    assert sum("has no figures" in s for s in sections) == 1  # beside its table only


def test_nothing_checked_is_not_verifiable_in_every_output(tmp_path: Path):
    filings = tmp_path / "filings"
    filings.mkdir()
    (filings / "cut.txt").write_text(layouts.cut_after_cover())
    out = tmp_path / "out"
    run_batch([filings], out, ["html", "pdf", "email"])
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    html = next(folder.glob("*-summary.html")).read_text()
    assert "Not verifiable:" in html and "0 of 0" not in html and "checks passed" not in html
    assert "Not verifiable:" in " ".join(pdf_text(next(folder.glob("*.pdf"))).split())
    message = message_of(next(folder.glob("*.eml")))
    assert "Not verifiable:" in html_of(message) and "Not verifiable:" in text_of(message)
    index = (out / "index.html").read_text()
    assert '<td class="num unverified"' in index and "not verifiable</td>" in index and "0 / 0" not in index


def test_an_amendment_is_said_in_every_output(tmp_path: Path):
    deal = _deal(layouts.amended(), "amended.txt")
    assert deal.amendment
    written = render_deal(deal, tmp_path, ("pdf", "html", "email"), generated_at=FIXED_TIME)
    by_name = {p.name.rsplit("-", 1)[1]: p for p in written}
    assert "Amendment: " in by_name["summary.html"].read_text()
    assert "Amendment: " in pdf_text(by_name["summary.pdf"])
    message = message_of(by_name["summary.eml"])
    assert "Amendment: " in html_of(message) and "AMENDMENT: " in text_of(message)
    filings = tmp_path / "filings"
    filings.mkdir()
    (filings / "amended.txt").write_text(layouts.amended())
    run_batch([filings], tmp_path / "out", ["html"])
    assert '<span class="tag amendment">amendment</span>' in (tmp_path / "out" / "index.html").read_text()


def test_a_figure_stated_as_approximate_says_so_beside_it_and_in_its_json(term_sheet_path: Path, tmp_path: Path):
    # "about 358 months", where the filing had 357.95: read as 358, said beside it, and the checks allow
    # half a unit of its last digit (the groups' weighted WAM, 357.95, is about 358).
    text = term_sheet_path.read_text().replace("2004 was 357.95\nmonths.", "2004 was about 358\nmonths.")
    deal = _deal(text, "approximate.txt")
    html = render_html(summarise(deal), {}, generated_at=FIXED_TIME)
    _, cell = _cell(html, "WAM", 0)
    assert "358" in cell and "doubt: stated as approximately 358 months, not as an exact figure" in unescape(cell)
    (check,) = [c for c in deal.checks if c.name == "premium/discount weighted WAM equals the pool's"]
    assert (check.expected, check.actual, check.tolerance, check.passed) == (358, 357.950068, 0.51, True)

    (written,) = render_deal(deal, tmp_path, ("json",), generated_at=FIXED_TIME)
    data = json.loads(written.read_text())
    jsonschema.validate(data, json.loads((Path(reporting.__file__).parent / "schema/deal.schema.json").read_text()))
    wam = next(p for p in data["pools"] if p["name"] == "all")["provenance"]["wam_months"]
    assert wam["approximate_within"] == 0.5 and wam["warnings"] == [
        "stated as approximately 358 months, not as an exact figure"
    ]
    again = load_deal_json(written)  # checked again from the file: the allowance travels with the figure
    assert again == deal and again.verdict.value == "reconciled"


def test_a_doubted_or_failed_figure_says_so_in_the_long_table_the_shelf_and_the_index(term_sheet_path, tmp_path):
    # An outside audit: a state table cut in two read California as 0.00%, flagged beside it in the summary
    # but shown bare in the index and the shelf workbook; the long table kept failed checks but no doubts.
    from workbooks import Workbook, header_row

    from reporting.present.long_table import read_csv

    text = term_sheet_path.read_text().replace(
        "May 1, 2004 of\n$619,800,778.37.", "May 1, 2004 of\napproximately $619,800,778.37."
    )
    text = text.replace(
        "California                          587                          296,923,131",
        "California                          587                          297,923,131",
    )
    filings = tmp_path / "filings"
    filings.mkdir()
    (filings / "doubted.txt").write_text(text)
    out = tmp_path / "out"
    run_batch([filings], out, ["html", "csv", "xlsx"])
    doubt = "doubt: stated as approximately $619,800,778.37, not as an exact figure"

    long_table = read_csv(next(out.glob("*/*-long.csv")))
    whole = long_table[(long_table["section"] == "metric") & (long_table["pool"] == "all")].set_index("metric")
    assert whole.loc["aggregate_balance", "flag"] == doubt
    assert whole.loc["california_share", "flag"].startswith("does not reconcile: ")
    assert pd.isna(whole.loc["wac", "flag"])  # nothing said of it, nothing flagged

    deals, _ = Workbook.read(out / "shelf.xlsx").sheet("Deals")
    header = header_row(deals, "Deal")
    columns = {deals.cell(header, c).value: c for c in range(1, deals.max_column + 1)}
    balance, california, wac = (
        deals.cell(header + 1, columns[name]) for name in ("Aggregate balance", "California", "WAC")
    )
    assert balance.value == 619_800_778.37 and balance.comment.text == doubt
    assert (
        california.comment.text.startswith("does not reconcile: ") and california.font.color.rgb != wac.font.color.rgb
    )
    assert wac.comment is None

    index = unescape((out / "index.html").read_text())
    cells = re.findall(
        r"<td class=\"(num[^\"]*)\"[^>]*?(?: title=\"([^\"]*)\")?>([^<]*)(?:<span class=\"doubt\" role=\"note\">([^<]*)</span>)?</td>",
        index,
    )
    by_text = {text.strip(): (cls, title, mark) for cls, title, text, mark in cells}
    # stated approximately: marked so, as the summary writes it (tests/test_approx_everywhere.py)
    assert by_text["approx. $619,800,778"] == ("num", doubt, "doubted: see the summary")
    (california_cell,) = [v for k, v in by_text.items() if k.endswith("%") and "does not reconcile" in v[2]]
    assert california_cell[0] == "num failed" and california_cell[1].startswith("does not reconcile: ")
    assert by_text["5.843%"] == ("num", "", "")


def test_a_doubted_figure_says_so_in_the_text_diff_the_diff_workbook_and_the_shelf_workbook(term_sheet_path):
    # An outside audit: the diff's HTML said "doubt" beside an approximate balance, but its text and its workbook
    # said nothing, nor did `termsheet shelf`'s workbook.
    from datetime import UTC, datetime
    from datetime import date as day

    from deal_edits import as_series
    from workbooks import Workbook, header_row, row_of

    from reporting.derive.diff import build_diff
    from reporting.derive.shelf import build_shelf
    from reporting.present.diff_workbook import diff_workbook
    from reporting.present.shelf_workbook import history_workbook
    from reporting.present.terminal import diff_summary

    text = term_sheet_path.read_text()
    old = _deal(text, "cmsi-2004-3.txt")
    approximate = text.replace("May 1, 2004 of\n$619,800,778.37.", "May 1, 2004 of\napproximately $619,800,778.37.")
    new = as_series(_deal(approximate, "approximate.txt"), "2004-6", day(2004, 8, 1))
    diff = build_diff(old, new)

    balance_line = next(line for line in diff_summary(diff).split("\n") if line.strip().startswith("Aggregate balance"))
    assert "$619,800,778 (doubt)" in balance_line and balance_line.count("(doubt)") == 1
    assert "(doubt) the parser doubted the figure" in diff_summary(diff)

    metrics_sheet, _ = Workbook.read(diff_workbook(diff, datetime(2024, 1, 2, tzinfo=UTC))).sheet("Metrics")
    row = row_of(metrics_sheet, "Aggregate balance")
    assert "the parser doubted the new deal's figure (CMSI 2004-6)" in metrics_sheet.cell(row, 6).value

    shelf = build_shelf([as_series(old, "2004-5", day(2004, 7, 1)), new])
    deals, _ = Workbook.read(history_workbook(shelf, datetime(2024, 1, 2, tzinfo=UTC))).sheet("Deals")
    top = header_row(deals, "Series")
    column = next(c for c in range(1, deals.max_column + 1) if deals.cell(top, c).value == "Aggregate balance")
    assert deals.cell(top + 2, column).comment.text == "the parser doubted it: see that deal's report"
    assert deals.cell(top + 1, column).comment is None


def test_a_table_seen_but_not_read_is_said_in_every_output_never_all_passed(term_sheet_path: Path, tmp_path: Path):
    # The state table with no Total line: lost, said only among the warnings, and every format read "all passed".
    # Its last row runs straight into a sentence (no blank line, no rule of "="): where it ends cannot be told,
    # so it is not read (one whose end can be told is read: tests/test_tables_without_total.py).
    lines = term_sheet_path.read_text().split("\n")
    (total,) = [i for i, line in enumerate(lines) if line.startswith("Total") and "Washington" in lines[i - 3]]
    title = next(i for i, line in enumerate(lines) if "GEOGRAPHIC DISTRIBUTION OF" in line) + 1
    filings = tmp_path / "filings"
    filings.mkdir()
    prose = "The Mortgaged Properties are located in 38 states and the District of Columbia, as set out above."
    (filings / "no-total.txt").write_text("\n".join(lines[: total - 2] + [prose] + lines[total + 2 :]))
    out = tmp_path / "out"
    run_batch([filings], out, ["html", "email"])
    said = f"1 could not run: the table 'GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE' (line {title}) could not be read"
    banner = f"Not every reconciliation check could run ({said})."
    html = unescape(next(out.glob("*/*-summary.html")).read_text())
    assert banner in html and "In the filing but not read: California, Top 5 states." in html
    message = message_of(next(out.glob("*/*.eml")))
    assert banner in unescape(html_of(message)) and said in text_of(message)
    index = unescape((out / "index.html").read_text())
    assert f'<span class="doubt" role="note">{said}</span>' in index and "in the filing but not read" in index
    assert "not stated in this filing" not in index
