"""An underwriting/documentation share the filing states approximately prints as stated, in every output.

The 2004-3 term sheet says "No more than 6% of the mortgage loans will be mortgage loans originated using a loan
underwriting policy which ... does not require verification of income". Written "No more than approximately 6%", the
share is a bound known only to the nearest percent: every report writes "≤ approx. 6%", as it writes a pool figure the
filing states approximately (tests/test_approx_everywhere.py), never the "≤ 6%" of an exact bound and never with more
places than the filing gives. Each filing is built here by editing a copy of the sample.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from deal_edits import as_series
from layouts import replaced_once
from reading import html_of, message_of, page_words, pdf_text, row_words, text_of
from shared_renders import FIXED_TIME
from workbooks import Workbook, header_row, row_of

import reporting
from reporting import api
from reporting.deliver.write import render_deal, render_diff, render_shelf
from reporting.derive.diff import build_diff
from reporting.derive.shelf import build_shelf, shelf_frame
from reporting.model.deal import Bound, Deal
from reporting.pipeline import load_filing
from reporting.present.diff_workbook import diff_workbook
from reporting.present.jsonio import deal_to_dict
from reporting.read.deal_json import deal_from_json
from reporting.read.ingest import ingest_bytes

STATED = "No more than 6% of the mortgage loans will be mortgage loans"
APPROXIMATE = "No more than approximately 6% of the mortgage loans will be mortgage loans"
POLICY = "No income verification"
AS_STATED = "\u2264 approx. 6%"  # "no more than approximately 6%"
AS_EXACT = "\u2264 6%"


def _deal(text: str, name: str) -> Deal:
    return load_filing(ingest_bytes(text.encode(), name))


@pytest.fixture(scope="module")
def exact(term_sheet_path: Path) -> Deal:
    return _deal(term_sheet_path.read_text(), "cmsi-2004-3.txt")


@pytest.fixture(scope="module")
def approximate(term_sheet_path: Path) -> Deal:
    return _deal(replaced_once(term_sheet_path.read_text(), STATED, APPROXIMATE), "cmsi-2004-3-approximate.txt")


def _written(paths: list[Path], suffix: str) -> Path:
    (path,) = [p for p in paths if p.name.endswith(suffix)]
    return path


# --- the reader -------------------------------------------------------------------------------


def test_the_share_carries_how_near_the_filing_states_it(approximate: Deal, exact: Deal):
    shares = {u.policy: u for u in approximate.whole_deal.underwriting}
    assert (shares[POLICY].bound, shares[POLICY].percent) == (Bound.NO_MORE_THAN, 6.0)
    assert shares[POLICY].approximate_within == pytest.approx(0.5)  # "6%": to the nearest percent
    # the shares the filing states exactly stay exact, in both filings
    others = [u for u in approximate.whole_deal.underwriting if u.policy != POLICY]
    assert others and all(u.approximate_within is None for u in others)
    assert all(u.approximate_within is None for u in exact.whole_deal.underwriting)


# --- the per-deal outputs -----------------------------------------------------------------------


def test_the_summary_pdf_and_workbook_mark_it_approximate(approximate: Deal, tmp_path: Path):
    written = render_deal(approximate, tmp_path, ("html", "pdf", "xlsx"), generated_at=FIXED_TIME)

    html = _written(written, "-summary.html").read_text()
    row = row_words(html, POLICY)
    assert row == AS_STATED  # one pool: one cell
    assert row_words(html, "Alternative or streamlined refinance") == "\u2264 66%"  # stated exactly: as before

    pdf = pdf_text(_written(written, ".pdf"))
    line = next(li for li in pdf.splitlines() if li.strip().startswith(POLICY))
    assert AS_STATED in line and "6.0" not in line

    summary, _ = Workbook.read(_written(written, ".xlsx")).sheet("Summary")
    cell = summary.cell(row_of(summary, POLICY), 2)
    assert cell.value == pytest.approx(0.06)  # 6%, a number an analyst can sum
    assert cell.number_format == '"\u2264 approx. "0%'  # marked, and no finer than the whole percent stated
    exact_cell = summary.cell(row_of(summary, "Alternative or streamlined refinance"), 2)
    assert "approx." not in exact_cell.number_format


def test_the_json_carries_it_and_reads_it_back(approximate: Deal, exact: Deal):
    schema = json.loads((Path(reporting.__file__).parent / "schema" / "deal.schema.json").read_text())
    data = deal_to_dict(approximate)
    jsonschema.validate(data, schema)
    (pool,) = [p for p in data["pools"] if p["name"] == "all"]
    shares = {u["policy"]: u for u in pool["underwriting"]}
    assert shares[POLICY]["approximate_within"] == pytest.approx(0.5)
    assert shares["Alternative or streamlined refinance"]["approximate_within"] is None
    again = deal_from_json(json.dumps(data))
    assert again.whole_deal.underwriting == approximate.whole_deal.underwriting

    # the schema holds the field to a number or null: a string there is not a deal's JSON
    (pool,) = [p for p in deal_to_dict(exact)["pools"] if p["name"] == "all"]
    pool["underwriting"][0]["approximate_within"] = "about"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**deal_to_dict(exact), "pools": [pool]}, schema)


# --- the diff -----------------------------------------------------------------------------------


def test_a_diff_to_the_approximate_share_is_no_finer_than_the_filing(exact: Deal, approximate: Deal, tmp_path):
    diff = build_diff(exact, as_series(approximate, "2004-6", date(2004, 8, 1)))
    (html,) = render_diff(diff, tmp_path, ("html",), generated_at=FIXED_TIME)
    row = row_words(html.read_text(), POLICY)
    # "no more than 6%" to "no more than approximately 6%": each side as stated, the change to the whole percent
    assert AS_EXACT in row and AS_STATED in row and "approx. 0 pp" in row
    assert "0.00 pp" not in row

    sheet, _ = Workbook.read(diff_workbook(diff, FIXED_TIME)).sheet("Metrics")
    at = row_of(sheet, POLICY)
    formats = [sheet.cell(at, c).number_format for c in range(2, sheet.max_column + 1)]
    assert '"\u2264 approx. "0%' in formats  # the new side, marked

    key = f"underwriting:{POLICY}:no_more_than"
    changes = api.diff_metrics(diff)
    assert changes.loc[key, ["old", "new", "old_within", "new_within"]].tolist() == [6.0, 6.0, None, 0.5]


# --- the shelf ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shelf_deals(exact: Deal, approximate: Deal) -> list[Deal]:
    """Three deals stating the share exactly, then the one stating it approximately."""
    earlier = [as_series(exact, f"2004-{i}", date(2004, i, 1)) for i in (1, 2, 3)]
    return [*earlier, as_series(approximate, "2004-4", date(2004, 4, 1))]


def test_the_shelf_gives_the_approximate_share_as_stated(shelf_deals: list[Deal], tmp_path: Path):
    report = build_shelf(shelf_deals)
    html, xlsx = render_shelf(report, tmp_path, ("html", "xlsx"), generated_at=FIXED_TIME)
    page = html.read_text()
    standings = page.split('class="metrics standings-table"', 1)[1].split("</table>", 1)[0]
    assert row_words(standings, POLICY).startswith(AS_STATED)
    # the history's tables, each a few figures wide: the one with the policy's column
    tables = [t.split("</table>", 1)[0] for t in page.split('class="data history-table"')[1:]]
    (history,) = [t for t in tables if f">{POLICY} <span" in t]
    assert AS_STATED in row_words(history, "CMSI 2004-4")  # named as the window's deals table names it
    assert AS_EXACT in row_words(history, "CMSI 2004-3") and "approx." not in row_words(history, "CMSI 2004-3")

    deals, _ = Workbook.read(xlsx).sheet("Deals")
    top = header_row(deals, "Series")
    column = [deals.cell(top, c).value for c in range(1, deals.max_column + 1)].index(POLICY) + 1
    assert deals.cell(row_of(deals, "2004-4"), column).number_format == '"\u2264 approx. "0%'
    assert "approx." not in deals.cell(row_of(deals, "2004-3"), column).number_format

    # from Python: how near each deal states it; the terminal's summary of the shelf writes it as stated
    withins = shelf_frame(report).attrs["approximate_within"][f"underwriting:{POLICY}:no_more_than"]
    assert withins == [None, None, None, 0.5]


def test_a_material_change_to_an_approximate_share_is_said_as_stated(exact: Deal, term_sheet_path: Path, tmp_path):
    """ "No more than 6%" to "no more than approximately 9%": the key change and the email give the new cap as the
    filing does, and the change to the whole percent."""
    text = replaced_once(term_sheet_path.read_text(), STATED, APPROXIMATE.replace("6%", "9%"))
    raised = as_series(_deal(text, "cmsi-2004-6.txt"), "2004-6", date(2004, 8, 1))
    diff = build_diff(exact, raised)
    (said,) = [k.sentence for k in diff.key_changes if k.metric == f"underwriting:{POLICY}:no_more_than"]
    assert "approx. 9%" in said and "9.0" not in said

    eml = _written(render_diff(diff, tmp_path, ("email",), generated_at=FIXED_TIME), ".eml")
    assert said in text_of(message_of(eml))  # the plain part's key changes
    # the HTML part's figures: the policy's name, then its old, new and change cells
    html = html_of(message_of(eml))
    row = page_words(html.split(f">{POLICY} <span", 1)[1].split("</tr>", 2)[1])
    assert row == f"{AS_EXACT} \u2264 approx. 9% approx. +3 pp"  # never "+3.00 pp"


@pytest.mark.parametrize(
    ("old", "new", "policy", "printed", "number_format"),
    [
        # a floor stated approximately
        (
            "At least 94% of the mortgage loans",
            "At least approximately 94% of the mortgage loans",
            "Full documentation, or alternative/streamlined refinance",
            "\u2265 approx. 94%",
            '"\u2265 approx. "0%',
        ),
        # a cap to a tenth of a percent: that tenth, no more
        (STATED, APPROXIMATE.replace("6%", "6.5%"), POLICY, "\u2264 approx. 6.5%", '"\u2264 approx. "0.0%'),
    ],
    ids=["floor", "tenth"],
)
def test_the_summary_gives_each_share_to_the_places_stated(
    term_sheet_path: Path, tmp_path: Path, old: str, new: str, policy: str, printed: str, number_format: str
):
    deal = _deal(replaced_once(term_sheet_path.read_text(), old, new), "cmsi-2004-3-approximate.txt")
    written = render_deal(deal, tmp_path, ("html", "xlsx"), generated_at=FIXED_TIME)
    assert row_words(_written(written, "-summary.html").read_text(), policy) == printed
    summary, _ = Workbook.read(_written(written, ".xlsx")).sheet("Summary")
    assert summary.cell(row_of(summary, policy), 2).number_format == number_format
