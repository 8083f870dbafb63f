"""The data quality's line for a subject's passed checks says what they compared, in plain words (Dec 4).

"Filing dates: 1 passed — largest gap 27 days (tolerance 366 days)" named no check: a reader could not tell which
dates were compared, nor which figures of a table agreed. Each line now says it, in the words of the checks' kind
(``reporting.model.check_kinds``), the one place a kind of check is defined; the deal's JSON gives each check's.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import jsonschema
from reading import page_words, pdf_text
from shared_renders import FIXED_TIME

import reporting
from reporting.derive.summary import summarise
from reporting.model.deal import Deal
from reporting.present.summary_page import render_html
from reporting.validate.reconcile import validate

DATES = "the cut-off date against the date of report"
TABLE = (
    "the rows' loan count and balance added up against the Total line's; "
    "the Total line's loan count and balance against the pool's"
)
POOLS = (
    "the pools' balance and loan count added up against the whole deal's; "
    "the pools' WAC, WAM, WA original term and WA LTV, weighted by their balances, against the whole deal's"
)
MATRIX = (
    "each row's cells added up against the row's total; each column's cells added up against the column's total; "
    "the row and column totals added up against the grand total; "
    "each LTV column's total against the LTV table's share of the balance"
)


def _words(text: str) -> str:
    return " ".join(text.split())


def _passed_lines(html: str) -> str:
    start = html.index('<dl class="checks-passed">')
    return page_words(html[start : html.index("</dl>", start)])


def test_the_pdf_says_which_dates_the_filing_dates_check_compared(sample_reports):
    # Real PDF text of both samples: the cut-off date (October 1, 2004) 27 days before the date of report
    # (October 28), and the term sheet's May 1 six days before May 7.
    detailed = _words(pdf_text(sample_reports.summary("2004-8")["summary.pdf"]))
    assert f"Filing dates: 1 passed \u2014 {DATES}. Largest gap 27 days (tolerance 366 days)" in detailed
    term_sheet = _words(pdf_text(sample_reports.summary("2004-3")["summary.pdf"]))
    assert f"Filing dates: 1 passed \u2014 {DATES}. Largest gap 6 days (tolerance 366 days)" in term_sheet


def test_the_pdf_says_what_a_tables_and_the_matrixs_checks_compared(sample_reports):
    text = _words(pdf_text(sample_reports.summary("2004-3")["summary.pdf"]))
    assert f"Size of Mortgage Loans: 4 passed \u2014 {TABLE}. Largest gap $0.37" in text
    # the LTV table has a fifth check, of its buckets above 80% against the pool's stated balance above 80% LTV
    ltv = "the LTV table's rows above 80% added up against the pool's stated balance above 80% LTV"
    assert f"Ratios at Origination: 5 passed \u2014 {TABLE}; {ltv}. Largest gap $0.37" in text
    # a row's six cells and its total, each rounded to 0.01%, may be 0.035 pp apart: that allowance is the check's
    rounded = "within 0.035 pp, the row's cells and its total being given to 0.01%"
    assert f"Ratios at Origination: 20 passed \u2014 {MATRIX}. Largest gap 0.02 pp ({rounded})" in text


def test_the_html_says_what_the_pools_and_classes_checks_compared(sample_reports):
    lines = _passed_lines(sample_reports.summary("2004-8")["summary.html"].read_text())
    assert f"Pools and the whole deal: 6 passed {POOLS}. Nearest its tolerance: 0.00472 mo" in lines
    level = "the subordination level against the balances of the classes junior to it over the deal's balance"
    for name in ("A", "B-1", "B-2", "B-3", "B-4", "B-5"):
        assert f"Class {name}: 1 passed {level}. Every figure agrees exactly" in lines
    assert "Certificate classes: 1 passed the classes' balances added up against the deal's balance." in lines
    split = (
        "the premium and discount loans' balance added up against the pool's; "
        "the premium and discount loans' WAC and WAM, weighted by their balances, against the pool's"
    )
    assert lines.count(f"3 passed {split}.") == 3  # pools I, II and III


def test_every_subjects_line_says_what_was_compared(sample_reports, term_sheet: Deal, detailed: Deal):
    # Each of the samples' subjects: its line says something after "N passed" before its gap, for every one.
    for series, deal in (("2004-3", term_sheet), ("2004-8", detailed)):
        lines = _passed_lines(sample_reports.summary(series)["summary.html"].read_text())
        said = re.findall(r": \d+ passed (.*?)\. (?:Largest gap|Nearest its tolerance|Every figure)", lines)
        assert len(said) == len({c.subject for c in deal.checks}) and all(len(s) > 20 for s in said)


def test_the_words_are_the_kinds_own_in_one_place(monkeypatch, detailed: Deal):
    from reporting.model import check_kinds

    # The line is worded from the check's kind, not in the report: another kind's words show in its stead.
    dates = check_kinds.KINDS["dates"]
    assert dates.compares == DATES
    reworded = dataclasses.replace(dates, compares="the date of report against the cut-off date, in days")
    monkeypatch.setitem(check_kinds.KINDS, "dates", reworded)
    lines = _passed_lines(render_html(summarise(detailed), {}, generated_at=FIXED_TIME))
    assert "Filing dates: 1 passed the date of report against the cut-off date, in days. Largest gap 27" in lines
    assert DATES not in lines


def test_a_group_with_a_failure_says_what_its_passed_checks_compared(detailed: Deal):
    # 2004-8's pool I off by a million dollars: the pools' balance fails, and so do their WAM and WA original term
    # weighted by it (in the failures' table); the pools' line says what the three that passed compared.
    pool_one = detailed.pool("I")
    broken = dataclasses.replace(pool_one, aggregate_balance=pool_one.aggregate_balance + 1_000_000)
    deal = validate(dataclasses.replace(detailed, pools=(broken, *detailed.pools[1:])))
    lines = _passed_lines(render_html(summarise(deal), {}, generated_at=FIXED_TIME))
    passed = "the pools' loan count added up against the whole deal's; the pools' WAC and WA LTV, weighted by their"
    assert f"Pools and the whole deal: 3 passed {passed} balances, against the whole deal's. Nearest" in lines


def test_the_json_gives_each_checks_words(sample_reports):
    from reporting.model import check_kinds

    data = json.loads(sample_reports.summary("2004-3")["deal.json"].read_text())
    schema = json.loads((Path(reporting.__file__).parent / "schema" / "deal.schema.json").read_text())
    jsonschema.validate(data, schema)
    by_name = {c["name"]: c for c in data["checks"]}
    dates = by_name[check_kinds.DATES.name]
    assert (dates["kind"], dates["compares"], dates["passed"]) == ("dates", DATES, True)
    rows = by_name["table rows add up to the total balance"]
    assert (rows["kind"], rows["of"], rows["compares"]) == (
        "rows_add_up",
        "balance",
        "the rows' balance added up against the Total line's",
    )
    row = by_name["matrix row '650 to 699' adds up to its total"]
    assert row["compares"] == "each row's cells added up against the row's total" and row["of"] == "650 to 699"
    assert all(c["compares"] for c in data["checks"]) and len(data["checks"]) == 53


def test_every_kind_has_words_of_its_own():
    from reporting.model import check_kinds

    kinds = list(check_kinds.KINDS.values())
    # 17: a matrix set with LTV down its rows is checked against the LTV table by its rows, a kind of its own;
    # 18: a state's parts listed under its own row are checked against it, a kind of its own (test_state_parts.py)
    assert len(kinds) == 18 and [k.key for k in kinds] == list(check_kinds.KINDS)
    for kind in kinds:
        assert " against " in kind.compares and kind.compares == kind.compares.strip(), kind.key
    assert len({k.compares for k in kinds}) == len({k.name for k in kinds}) == len(kinds)


def test_the_workbook_gives_each_checks_words(term_sheet: Deal):
    from workbooks import Workbook, header_row

    from reporting.model import check_kinds
    from reporting.present.renders import DealRender

    sheet, _ = Workbook.read(DealRender(term_sheet).xlsx).sheet("Checks")
    top = header_row(sheet, "Subject")
    assert [sheet.cell(top, c).value for c in (8, 9, 10)] == ["Allowed for", "Compares", "Unit"]
    rows = range(top + 1, top + 1 + len(term_sheet.checks))
    compares = {(sheet.cell(r, 1).value, sheet.cell(r, 2).value): sheet.cell(r, 9).value for r in rows}
    assert compares["Filing dates", check_kinds.DATES.name] == DATES
    size = ("Size of Mortgage Loans", "table total equals the pool's loan count")
    assert compares[size] == "the Total line's loan count against the pool's"
    assert all(compares.values()) and len(compares) == 53


def test_the_terminal_says_what_each_subjects_passed_checks_compared(detailed: Deal):
    from reporting.present.terminal import deal_summary

    text = deal_summary(detailed)
    checks = text[text.index("Checks: 23 passed, 0 failed") : text.index("Verdict:")].splitlines()[1:]
    assert len(checks) == 12 and checks[-1] == f"  Filing dates: 1 passed ({DATES})"
    assert checks[0] == f"  Pools and the whole deal: 6 passed ({POOLS})"


def test_the_gap_of_a_subject_of_several_checks_says_which_check_it_is_of(sample_reports):
    # "Pools and the whole deal: 6 passed - nearest its tolerance: 0.00472 mo": months are the WAM's and the WA
    # original term's alike; the line now names the check, and a matrix's row by its label.
    detailed = _passed_lines(sample_reports.summary("2004-8")["summary.html"].read_text())
    wam = "the pools' WAM, weighted by their balances, against the whole deal's"
    assert f"Nearest its tolerance: 0.00472 mo (tolerance 0.01 mo), {wam} Pool I: 3 passed" in detailed
    wac = "the premium and discount loans' WAC, weighted by their balances, against the pool's"
    assert f"Nearest its tolerance: 0.000594 pp (tolerance 0.001 pp), {wac} Pool II" in detailed
    # one check alone is named by the words before its gap, not twice
    assert "Largest gap 27 days (tolerance 366 days)" in detailed and detailed.count(DATES) == 1
    term_sheet = _passed_lines(sample_reports.summary("2004-3")["summary.html"].read_text())
    row = "each row's cells added up against the row's total ('700 to 749')"
    rounded = "within 0.035 pp, the row's cells and its total being given to 0.01%"
    assert f"Largest gap 0.02 pp ({rounded}), {row} Filing dates" in term_sheet
    total = "Largest gap $0.37 (within $0.50, the table's Total being given in whole dollars), the Total line's balance"
    assert (
        f"Years of Origination of Mortgage Loans: 4 passed {TABLE}. {total} against the pool's Types of" in term_sheet
    )
