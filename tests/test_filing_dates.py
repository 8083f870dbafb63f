"""The date of report (the cover) against the cut-off date (the pool's): a check in every report.

A pool is measured as of its cut-off date, and its 8-K is dated within weeks of it: the cut-off date between a
year before the date of report and a month after it passes; further apart, one of the two dates is misread or
misprinted, and the check fails with the cut-off date doubted beside it. Each filing here is a copy of a sample
filing with its date of report written otherwise.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import jsonschema
import layouts
from conftest import SHARED_FILINGS
from shared_renders import FIXED_TIME
from workbooks import Workbook, header_row

import reporting
from reporting.deliver.write import render_deal
from reporting.derive.summary import summarise
from reporting.model.deal import Check, Deal, provenance_of
from reporting.pipeline import load_deal, load_filing
from reporting.present.email import plain_text
from reporting.present.long_table import deal_long_table
from reporting.present.terminal import deal_summary
from reporting.read.ingest import ingest_bytes

DATES = "cut-off date is between a year before and a month after the date of report"
TERM_SHEET_DATE = "Date of Report: May 7, 2004"  # 2004-3: cut-off date May 1, 2004
DETAILED_DATE = "Date of Report: October 28, 2004"  # 2004-8: cut-off date October 1, 2004


def _edited(text: str, old: str, new: str) -> Deal:
    assert text.count(old) == 1, old
    return load_filing(ingest_bytes(text.replace(old, new).encode(), "edited.txt"))


def _the_check(deal: Deal) -> Check:
    (check,) = [c for c in deal.checks if c.name == DATES]
    return check


def test_both_samples_pass_with_their_own_dates(term_sheet: Deal, detailed: Deal):
    # 2004-3's term sheet is dated 6 days after its cut-off date, 2004-8's description 27 days after
    for deal, report, cut_off, lines in (
        (term_sheet, date(2004, 5, 7), date(2004, 5, 1), ((17,), (63, 64))),
        (detailed, date(2004, 10, 28), date(2004, 10, 1), ((18,), (62, 63))),
    ):
        check = _the_check(deal)
        assert check.passed and check.subject == "Filing dates" and check.unit == "date"
        assert (date.fromordinal(int(check.expected)), date.fromordinal(int(check.actual))) == (report, cut_off)
        assert check.difference == (cut_off - report).days and check.tolerance == 366
        assert (check.expected_lines, check.actual_lines) == lines
        assert deal.checks_passed and not provenance_of(deal, "cut_off_date").warnings
    assert len(term_sheet.checks) == 53 and len(detailed.checks) == 23
    # the partial filings (where this checkout has them) state no cut-off date: no check of it, and no failure
    partial = SHARED_FILINGS / "partial"
    for path in sorted(partial.glob("cmsi-*-detailed.txt")) + sorted(partial.glob("cmsi-*-collateral.txt")):
        deal = load_deal(path)
        assert deal.date_of_report is not None and deal.cut_off_date is None
        assert not [c for c in deal.checks if c.name == DATES] and not any(not c.passed for c in deal.checks)


def test_a_term_sheet_dated_before_its_cut_off_date_passes():
    # a term sheet may describe the pool as of the first day of the coming month: 9 days ahead is plausible
    deal = _edited(layouts.TERM_SHEET, TERM_SHEET_DATE, "Date of Report: April 22, 2004")
    check = _the_check(deal)
    assert check.passed and check.difference == 9 and check.tolerance == 31
    assert deal.checks_passed


def test_a_date_of_report_a_year_after_the_cut_off_date_fails_in_every_report(tmp_path: Path):
    deal = _edited(layouts.TERM_SHEET, TERM_SHEET_DATE, "Date of Report: May 7, 2005")
    check = _the_check(deal)
    assert not check.passed and check.difference == -371 and check.tolerance == 366
    assert deal.verdict.value == "failed" and [c.name for c in deal.checks if not c.passed] == [DATES]
    doubt = (
        "the cut-off date (May 1, 2004) is 1 year and 6 days before the date of report (May 7, 2005): a filing is "
        "dated within weeks of its pool's cut-off date, never more than a year after it; one of the two dates is "
        "misread, or misprinted"
    )
    assert provenance_of(deal, "cut_off_date").warnings == (doubt,)
    terminal = deal_summary(deal)
    assert f"  doubt: {doubt}" in terminal
    assert f"FAILED {DATES} (Filing dates): expected May 7, 2005 (line 17), found May 1, 2004 (lines 63-64)" in terminal
    summary = summarise(deal)
    assert summary.cut_off_doubts == (doubt,)
    assert f"(!) FAILED {DATES} (Filing dates): stated May 7, 2005, found May 1, 2004" in plain_text(summary)
    (page, xlsx, js) = render_deal(deal, tmp_path, ("html", "xlsx", "json"), generated_at=FIXED_TIME)
    text = html.unescape(re.sub(r"<[^>]+>", "", page.read_text()))
    assert f"doubt: {doubt}" in text and f"FAILED: {DATES}" in text and "366 days" in text
    sheet, _ = Workbook.read(xlsx).sheet("Checks")
    top = header_row(sheet, "Subject")
    (row,) = [r for r in range(top + 1, sheet.max_row + 1) if sheet.cell(r, 2).value == DATES]
    figures = [sheet.cell(row, c).value for c in range(3, 8)]
    assert [f.date() if hasattr(f, "date") else f for f in figures] == [
        date(2005, 5, 7),
        date(2004, 5, 1),
        -371,
        366,
        "FAILED",
    ]
    # the Compares column (9) stands before the Unit (10)
    assert sheet.cell(row, 9).value == "the cut-off date against the date of report"
    assert sheet.cell(row, 10).value == "dates (difference and tolerance in days)"
    data = json.loads(js.read_text())
    jsonschema.validate(data, json.loads((Path(reporting.__file__).parent / "schema" / "deal.schema.json").read_text()))
    (said,) = [c for c in data["checks"] if c["name"] == DATES]
    assert (said["unit"], said["passed"], said["difference"]) == ("date", False, -371)
    assert date.fromordinal(int(said["expected"])) == date(2005, 5, 7)
    long = deal_long_table(deal, summary)
    (flag,) = long[(long["section"] == "metric") & (long["metric"] == "cut_off_date")]["flag"]
    assert doubt in flag
    (found,) = long[(long["section"] == "check") & (long["bucket"] == DATES)]["as_printed"]
    assert found == "failed"


def test_a_cut_off_date_after_the_date_of_report_fails():
    # 2004-8 dated a year before its own cut-off date: the year misread, or misprinted
    deal = _edited(layouts.DETAILED, DETAILED_DATE, "Date of Report: October 28, 2003")
    check = _the_check(deal)
    assert not check.passed and check.difference == 339 and check.tolerance == 31
    (doubt,) = provenance_of(deal, "cut_off_date").warnings
    assert doubt.startswith(
        "the cut-off date (October 1, 2004) is 339 days after the date of report (October 28, 2003)"
    )
    assert f"cut_off_date: {doubt}" in deal.warnings
    # five weeks ahead is more than a month: doubted too
    assert not _the_check(_edited(layouts.DETAILED, DETAILED_DATE, "Date of Report: August 26, 2004")).passed


def test_an_amendment_filed_long_after_its_cut_off_date_is_not_doubted():
    # an 8-K/A is dated when it corrects the filing: a year and more after the cut-off date is no misread
    late = "Date of Report: March 15, 2006"
    amended = _edited(layouts.amended(), DETAILED_DATE, late)
    assert amended.amendment and amended.checks_passed
    assert not [c for c in amended.checks if c.name == DATES] and provenance_of(amended, "cut_off_date").warnings == ()
    # the same date on the original filing fails
    assert not _the_check(_edited(layouts.DETAILED, DETAILED_DATE, late)).passed
    # and an amendment's cut-off date after its date of report is still doubted
    assert not _the_check(_edited(layouts.amended(), DETAILED_DATE, "Date of Report: October 28, 2003")).passed
