"""The shelf history lists each deal's loss limits and investment-property share (Dec 4).

termsheet read them for each deal, but the shelf showed neither: a deal that set loss limits where every deal
before it had none stood in the shelf like the rest. Now the window's deals each have a row of them, as each
deal's summary writes them: "None" where the filing says there is none, "not stated" where it says nothing (a
term sheet), never a dash that could be read as either, and never $0.

The shelf: the 2004-3 term sheet, the 2004-8 detailed description, and 2004-8 with its sentences edited as
other filings word them (loss limits in dollars, investment properties capped at 5%), each as a series of its own.
"""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from deal_edits import as_series
from layouts import replaced_once
from reading import pdf_text
from shared_renders import FIXED_TIME
from workbooks import Workbook, header_row

from reporting.deliver.write import render_shelf
from reporting.derive.shelf import build_shelf
from reporting.model.deal import Deal
from reporting.model.shelf import ShelfReport
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8

LIMITS = "The special hazard, fraud and bankruptcy loss limits are $6,000,000, $12,345,678 and $100,000, respectively."


def _edited() -> Deal:
    text = DETAILED_2004_8.read_text(encoding="utf-8")
    text = replaced_once(text, "There are no special hazard, fraud or bankruptcy loss limits.", LIMITS)
    text = replaced_once(
        text,
        "None of the mortgage loans are secured by investment properties.",
        "No more than 5% of the mortgage loans are secured by investment properties.",
    )
    return load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-edited.txt"))


@pytest.fixture(scope="module")
def report(term_sheet: Deal, detailed: Deal) -> ShelfReport:
    return build_shelf(
        [
            as_series(term_sheet, "2005-1", date(2005, 1, 1)),
            as_series(detailed, "2005-2", date(2005, 2, 1)),
            as_series(_edited(), "2005-3", date(2005, 3, 1)),
        ]
    )


@pytest.fixture(scope="module")
def rendered(report: ShelfReport, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("shelf")
    return {
        p.suffix.lstrip("."): p for p in render_shelf(report, folder, ["pdf", "html", "xlsx"], generated_at=FIXED_TIME)
    }


ROWS = {  # each deal's special hazard, fraud, bankruptcy loss limits and investment share, as written
    "2005-1": (None, None, None, None),  # a term sheet: states neither
    "2005-2": ("None", "None", "None", "None"),  # "There are no ... loss limits"; "None of the mortgage loans ..."
    "2005-3": ("$6,000,000", "$12,345,678", "$100,000", "\u2264 5%"),
}


def test_each_deal_has_its_loss_limits_and_investment_share(report: ShelfReport, term_sheet: Deal):
    assert {d.label: (*d.loss_limits, d.investment) for d in report.deals} == ROWS
    assert report.terms_stated
    term_sheets = build_shelf(
        [as_series(term_sheet, "2005-1", date(2005, 1, 1)), as_series(term_sheet, "2005-2", date(2005, 2, 1))]
    )
    assert not term_sheets.terms_stated  # no deal of the window states them: no table of "not stated"


def test_the_page_lists_them_with_not_stated_said_so(rendered):
    html = rendered["html"].read_text()
    section = re.search(r'<section class="terms".*?</section>', html, re.S)
    assert section is not None
    rows = [
        [" ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)]
        for r in re.findall(r"<tr[^>]*>(.*?)</tr>", section.group(0), re.S)
    ]
    assert rows[0] == [
        "Deal",
        "Special hazard loss limit",
        "Fraud loss limit",
        "Bankruptcy loss limit",
        "Investment properties (% of balance)",
    ]
    # each deal named as the table of the window's deals names it ("CMSI 2005-1"; it read "2005-1" here)
    assert rows[1:] == [[f"CMSI {label}", *(w or "not stated" for w in row)] for label, row in ROWS.items()]
    text = " ".join(pdf_text(rendered["pdf"]).split())
    assert "CMSI 2005-1 not stated not stated not stated not stated" in text
    assert "CMSI 2005-2 None None None None CMSI 2005-3 $6,000,000 $12,345,678 $100,000 \u2264 5%" in text


def test_the_workbook_gives_them_beside_the_figures(rendered):
    sheet, _ = Workbook.read(rendered["xlsx"]).sheet("Deals")
    head = header_row(sheet, "Series")
    heads = [sheet.cell(head, c).value for c in range(1, sheet.max_column + 1)]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "2005-3")
    at = heads.index("Special hazard loss limit") + 1
    assert [sheet.cell(row, c).value for c in range(at, at + 4)] == [
        "$6,000,000",
        "$12,345,678",
        "$100,000",
        "\u2264 5%",
    ]
    first = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "2005-1")
    assert [sheet.cell(first, c).value for c in range(at, at + 4)] == ["\u2014"] * 4  # the sheet's dash: not stated


def test_a_limit_in_a_sentence_kept_out_is_in_the_filing_but_not_read(detailed: Deal):
    # two amounts for two limits with no "respectively": kept out with a warning; the bankruptcy limit not named
    text = replaced_once(
        DETAILED_2004_8.read_text(encoding="utf-8"),
        "There are no special hazard, fraud or bankruptcy loss limits.",
        "The special hazard and fraud loss limits are $6,000,000 and $12,345,678.",
    )
    unread = load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-unread.txt"))
    shelf = build_shelf(
        [as_series(detailed, "2005-1", date(2005, 1, 1)), as_series(unread, "2005-2", date(2005, 2, 1))]
    )
    assert shelf.deals[1].loss_limits == ("in the filing but not read", "in the filing but not read", None)


POOL_SHARES = (  # each pool's share, none for the whole deal (as test_analyst_facts words them)
    "No more than 5% of the pool I mortgage loans are secured by investment properties. Approximately 2.1% of "
    "the pool II mortgage loans are secured by investment properties. None of the pool III mortgage loans are "
    "secured by investment properties."
)


def test_a_share_stated_for_the_pools_only_is_not_said_not_stated(detailed: Deal, tmp_path: Path):
    # The shelf wrote "not stated" ("the filing says nothing of it") for a filing that states each pool's share,
    # where the diff of the same filing says "stated for its pools only": the analyst was told of no share at all.
    text = replaced_once(
        DETAILED_2004_8.read_text(encoding="utf-8"),
        "None of the mortgage loans are secured by investment properties.",
        POOL_SHARES,
    )
    pools = load_filing(ingest_bytes(text.encode(), "cmsi-2004-8-pools.txt"))
    assert pools.whole_deal is not None and pools.whole_deal.investment_property_max_pct is None
    shelf = build_shelf([as_series(detailed, "2005-1", date(2005, 1, 1)), as_series(pools, "2005-2", date(2005, 2, 1))])
    assert [d.investment for d in shelf.deals] == ["None", "stated for its pools only"]
    written = {p.suffix: p for p in render_shelf(shelf, tmp_path, ["pdf", "html", "xlsx"], generated_at=FIXED_TIME)}
    text = " ".join(pdf_text(written[".pdf"]).split())
    assert "CMSI 2005-2 None None None stated for its pools only" in text
    assert '"stated for its pools only", the filing states each pool\'s share' in text
    sheet, _ = Workbook.read(written[".xlsx"]).sheet("Deals")
    head = header_row(sheet, "Series")
    heads = [sheet.cell(head, c).value for c in range(1, sheet.max_column + 1)]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "2005-2")
    assert sheet.cell(row, heads.index("Investment properties (% of balance)") + 1).value == "stated for its pools only"
