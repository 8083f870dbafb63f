"""A figure is printed with no more precision than the filing gives it, in every format.

An approximate figure ("approximately 358 months", "approximately $619.8 million") prints with the decimals the
filing writes, marked "approx." ("approx. 358 mo", never "358.00 mo"); a change to or from one is no finer than
its sides. A net-rate threshold the filing writes "5.50%" prints 5.50%, never "5.500%". Each variant is built
here by editing a copy of a sample filing.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from html import unescape
from pathlib import Path

import jsonschema
import pytest
from deal_edits import as_series
from layouts import replaced_once
from reading import message_of, pdf_text, text_of
from shared_renders import FIXED_TIME
from workbooks import Workbook, header_row, row_of

import reporting
from reporting.deliver.write import render_deal, render_diff
from reporting.derive.diff import build_diff
from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.present.diff_workbook import diff_workbook
from reporting.present.long_table import deal_long_table
from reporting.present.summary_page import render_html
from reporting.present.terminal import deal_summary, diff_summary
from reporting.read.ingest import ingest_bytes

WAM_STATED = (
    "The weighted average remaining term to stated maturity of the mortgage loans as of May 1, 2004 was 357.95 months."
)
WAM_APPROXIMATE = "The mortgage loans had a weighted average remaining term to maturity of approximately 358 months."
BALANCE_STATED = "May 1, 2004 of $619,800,778.37."
BALANCE_ROUNDED = "May 1, 2004 of approximately $619.8 million."


def _deal(text: str, name: str) -> Deal:
    return load_filing(ingest_bytes(text.encode(), name))


def _approximate_wam(term_sheet_path: Path) -> Deal:
    return _deal(replaced_once(term_sheet_path.read_text(), WAM_STATED, WAM_APPROXIMATE), "approximate-wam.txt")


def _metric_cell(html: str, label: str) -> str:
    """The text of the key-metrics cell of ``label`` (a one-pool deal: one cell), tags and doubts left out."""
    row = re.search(rf"<th scope=\"row\">{re.escape(label)}</th>\s*<td[^>]*>(.*?)</td>", html, re.S)
    assert row, label
    return unescape(re.split(r"<", row.group(1), maxsplit=1)[0]).strip()


def _line(text: str, starts: str) -> str:
    """The first line of ``text`` that starts with ``starts`` (a table's row, above the doubts that name it)."""
    return next(line for line in text.splitlines() if line.strip().startswith(starts))


def _written(paths: list[Path], suffix: str) -> Path:
    (path,) = [p for p in paths if p.name.endswith(suffix)]
    return path


def test_an_approximate_wam_prints_as_stated_in_every_format(term_sheet_path: Path, tmp_path: Path):
    deal = _approximate_wam(term_sheet_path)
    written = render_deal(deal, tmp_path, ("html", "pdf", "email", "xlsx"), generated_at=FIXED_TIME)

    html = _written(written, "-summary.html").read_text()
    assert _metric_cell(html, "WAM") == "approx. 358 mo"
    assert "doubt: stated as approximately 358 months, not as an exact figure" in unescape(html)

    pdf = pdf_text(_written(written, ".pdf"))
    assert "approx. 358 mo" in pdf and "358.00" not in pdf

    message = message_of(_written(written, "-summary.eml"))
    assert _line(text_of(message), "WAM").endswith("approx. 358 mo (?)")

    terminal = _line(deal_summary(deal), "All loans")
    assert "approx. 358 mo" in terminal and "358.00" not in terminal

    summary, _ = Workbook.read(_written(written, ".xlsx")).sheet("Summary")
    row = row_of(summary, "WAM")
    assert summary.cell(row, 2).value == 358  # the number in the cell ...
    assert summary.cell(row, 2).number_format == '"approx. "0" mo"'  # ... to the decimals the filing gives
    assert "stated as approximately 358 months" in summary.cell(row, 3).value  # its note says so

    table = deal_long_table(deal, summarise(deal))  # the csv's and the parquet's long table
    (printed,) = table.loc[table["metric"] == "wam_months", "as_printed"]
    assert printed == "approx. 358 mo"


def test_the_stated_wam_keeps_its_two_decimals(term_sheet_path: Path):
    # the same figure stated exactly ("357.95 months") is printed as written, unmarked
    terminal = _line(deal_summary(_deal(term_sheet_path.read_text(), "stated.txt")), "All loans")
    assert "357.95 mo" in terminal and "approx." not in terminal


def test_a_rounded_balance_prints_in_the_millions_the_filing_gives(term_sheet_path: Path, tmp_path: Path):
    text = replaced_once(term_sheet_path.read_text(), BALANCE_STATED, BALANCE_ROUNDED)
    deal = _deal(text, "rounded-balance.txt")
    written = render_deal(deal, tmp_path, ("html", "email", "xlsx"), generated_at=FIXED_TIME)

    assert _metric_cell(_written(written, "-summary.html").read_text(), "Aggregate balance") == "approx. $619.8mm"
    message = message_of(_written(written, "-summary.eml"))
    assert _line(text_of(message), "Aggregate balance").endswith("approx. $619.8mm (?)")
    assert str(message["Subject"]).endswith("collateral summary: approx. $619.8mm (?), 1,225 loans, WAC 5.843%")
    assert "approx. $619.8mm" in _line(deal_summary(deal), "All loans")  # never $619,800,000.00

    summary, _ = Workbook.read(_written(written, ".xlsx")).sheet("Summary")
    cell = summary.cell(row_of(summary, "Aggregate balance"), 2)
    assert (cell.value, cell.number_format) == (619_800_000, '"approx. "$#,##0.0,,"mm"')


def test_an_approximate_share_keeps_the_decimals_written(term_sheet_path: Path, tmp_path: Path):
    # "approximately 0.87%" is 0.87%, and a WAC "approximately 5.84%" is 5.84%: never "5.840%"
    text = term_sheet_path.read_text().replace(
        "as of May 1, 2004 was 5.843%", "as of May 1, 2004 was approximately 5.84%"
    )
    (html,) = render_deal(_deal(text, "approximate-wac.txt"), tmp_path, ("html",), generated_at=FIXED_TIME)
    assert _metric_cell(html.read_text(), "WAC") == "approx. 5.84%"


def test_a_change_from_an_approximate_figure_is_no_finer_than_its_sides(term_sheet_path: Path, tmp_path: Path):
    old = _deal(term_sheet_path.read_text(), "cmsi-2004-3.txt")
    new = as_series(_approximate_wam(term_sheet_path), "2004-6", date(2004, 8, 1))
    diff = build_diff(old, new)

    wam = _line(diff_summary(diff), "WAM")
    assert "357.95 mo" in wam and "approx. 358 mo (doubt)" in wam
    assert "approx. 0 mo" in wam and "+0.05" not in wam  # 357.95 to about 358: no change the figures can show

    (html,) = render_diff(diff, tmp_path, ("html",), generated_at=FIXED_TIME)
    row = re.search(r"<th scope=\"row\">WAM[^<]*(?:<[^>]*>[^<]*)*?</tr>", html.read_text(), re.S)
    assert row and "approx. 358 mo" in row.group(0) and "approx. 0 mo" in row.group(0)
    assert "358.00" not in row.group(0) and "+0.05 mo" not in row.group(0)

    metrics, _ = Workbook.read(diff_workbook(diff, datetime(2024, 1, 2, tzinfo=UTC))).sheet("Metrics")
    row_number = row_of(metrics, "WAM")
    assert metrics.cell(row_number, 3).number_format == '"approx. "0" mo"'
    assert metrics.cell(row_number, 4).number_format == '"approx. "+0" mo";"approx. "-0" mo";"approx. "0" mo"'


def test_the_net_rate_threshold_keeps_its_written_decimals(detailed_path: Path, tmp_path: Path):
    text = detailed_path.read_text()
    assert "rates less than 5.50%" in text and text.count("5.25%.") == 2
    # pool III's threshold written with three decimals, to show the decimals come from the filing
    text = text.replace("5.25%.", "5.250%.")
    deal = _deal(text, "thresholds.txt")
    written = render_deal(deal, tmp_path, ("html", "pdf", "xlsx", "json"), generated_at=FIXED_TIME)

    html = _written(written, "-summary.html").read_text()
    thresholds = re.findall(r"<td class=\"num\">(\d+\.\d+%)</td>", html.split("Net-rate threshold", 1)[1])[:3]
    assert thresholds == ["5.50%", "4.75%", "5.250%"]
    pdf = pdf_text(_written(written, ".pdf"))
    assert "5.50%" in pdf and "5.500%" not in pdf

    composition, _ = Workbook.read(_written(written, ".xlsx")).sheet("Composition")
    top = header_row(composition, "Pool")
    formats = {composition.cell(r, 3).number_format for r in range(top + 1, top + 7)}
    assert formats == {"0.00%", "0.000%"}

    data = json.loads(_written(written, ".json").read_text())
    jsonschema.validate(data, json.loads((Path(reporting.__file__).parent / "schema/deal.schema.json").read_text()))
    places = [p["premium_discount"]["threshold_places"] for p in data["pools"] if p["premium_discount"]]
    assert places == [2, 2, 3]


def test_an_approximate_clean_up_call_and_group_wac_print_as_stated(detailed_path: Path, tmp_path: Path):
    text = detailed_path.read_text()
    text = replaced_once(text, "is less than $49,364,137.76.", "is less than approximately $49.4 million.")
    text = replaced_once(text, "were 5.544% and 6.182%", "were approximately 5.54% and approximately 6.18%")
    written = render_deal(_deal(text, "approximate.txt"), tmp_path, ("html", "xlsx"), generated_at=FIXED_TIME)

    html = unescape(_written(written, "-summary.html").read_text())
    clean_up = re.search(r"Clean-up call below</dt><dd[^>]*>([^<]*)<", html)
    assert clean_up and clean_up.group(1) == "approx. $49.4mm"  # never "$49,400,000"
    composition = html.split("Net-rate threshold", 1)[1].split("</table>", 1)[0]
    assert ">approx. 6.18%<" in composition and ">approx. 5.54%<" in composition and "6.180%" not in composition

    book = Workbook.read(_written(written, ".xlsx"))
    summary, _ = book.sheet("Summary")
    cell = summary.cell(row_of(summary, "Clean-up call below", 1), 2)
    assert (cell.value, cell.number_format) == (49_400_000, '"approx. "$#,##0.0,,"mm"')
    sheet, _ = book.sheet("Composition")
    premium = row_of(sheet, "Premium (at or above)", 2)
    assert sheet.cell(premium, 6).value == pytest.approx(0.0618)  # 6.18% as a fraction, as Excel keeps a percent
    assert sheet.cell(premium, 6).number_format == '"approx. "0.00%'


def test_thresholds_listed_together_keep_each_ones_decimals(detailed_path: Path, tmp_path: Path):
    # "less than 5.5%, 4.750% and 5.25%, respectively": each pool's threshold as that pool's figure is written
    text = detailed_path.read_text()
    start = text.index("     Pool I discount loans will consist")
    end = text.index("<PAGE>", start)
    folded = (
        "     Pool I, pool II and pool III discount loans will consist of pool I, pool II\n"
        "and pool III mortgage loans with net loan rates less than 5.5%, 4.750% and\n"
        "5.25%, respectively.\n\n"
    )
    deal = _deal(text[:start] + folded + text[end:], "listed.txt")
    splits = [deal.pool(name).premium_discount for name in ("I", "II", "III")]
    assert [(s.threshold_net_rate, s.threshold_places) for s in splits] == [(5.5, 1), (4.75, 3), (5.25, 2)]
    (html,) = render_deal(deal, tmp_path, ("html",), generated_at=FIXED_TIME)
    composition = html.read_text().split("Net-rate threshold", 1)[1].split("</table>", 1)[0]
    assert re.findall(r"<td class=\"num\">(\d+\.\d+%)</td>", composition)[:3] == ["5.5%", "4.750%", "5.25%"]


def test_the_seasoning_from_an_approximate_wam_is_as_approximate(term_sheet_path: Path):
    """359.54 less "about 358" is 1.04 to 2.04 months: it printed "1.54 mo", a precision neither figure gives."""
    deal = _approximate_wam(term_sheet_path)
    summary = summarise(deal)
    html = render_html(summary, {})
    assert _metric_cell(html, "Seasoning (WA original term - WAM)") == "approx. 2 mo"
    exact = _deal(term_sheet_path.read_text(), "exact.txt")
    assert _metric_cell(render_html(summarise(exact), {}), "Seasoning (WA original term - WAM)") == "1.59 mo"
