"""Corrections of a table's row, and an amendment's "As previously reported", on the 2004-3 term sheet.

A note correcting one row of a stratification table ("The number of Mortgage Loans in the State of
California shown in the table entitled '...' should read 412 rather than 421") was read as a
correction of the pool's own figure: the pool's loan count became the row's, and the row kept its old
figure with no mark. An amendment's "As previously reported, the weighted average ... was 5.843%" was
doubted as a figure the filing called wrong.
"""

from __future__ import annotations

import json
import re
import time
from html import unescape
from pathlib import Path

import layouts
import pytest
from reading import pdf_text
from workbooks import Workbook, row_of

from reporting.batch.run import run_batch
from reporting.cli import main
from reporting.derive import metrics
from reporting.model.deal import StratTable, TableRow, Verdict, provenance_of
from reporting.pipeline import load_filing
from reporting.present.long_table import read_csv
from reporting.read.ingest import ingest_bytes

FORM = "                                    FORM 8-K\n"
ITEM = "Item 5.        Other Events.\n"
STATES = "GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE"
NOTE_RATES = "DISTRIBUTION OF MORTGAGE LOANS BY NOTE RATES"
CALIFORNIA = "California                          587                          296,923,131"
FLORIDA = "Florida                              19                            9,222,058"
RATES_ROW = "6.001% - 6.500%                     182                           82,548,318"
TITLED = "shown in the table entitled\n'Geographic Distribution of Mortgaged Properties'"


def parse(text: str):
    return load_filing(ingest_bytes(text.encode(), "amended.txt"))


def filing(note: str, *swaps: tuple[str, str], amended: bool = True, text: str = layouts.TERM_SHEET) -> str:
    """The term sheet (an 8-K/A where ``amended``) with ``note`` opening its Item 5 (lines 53 on) and
    each (old, new) of ``swaps`` made in its body."""
    for old, new in swaps:
        assert text.count(old) >= 1, old
        text = text.replace(old, new)
    if amended:
        text = text.replace(FORM, "                                   FORM 8-K/A\n", 1)
    return text.replace(ITEM, f"{ITEM}\n     {note}\n", 1)


def row(deal, title: str, label: str, pool: str = "all") -> TableRow:
    table = next(t for t in deal.tables if t.title == title and t.pool == pool)
    return next(r for r in table.rows if r.label == label)


def table(deal, title: str, pool: str = "all") -> StratTable:
    return next(t for t in deal.tables if t.title == title and t.pool == pool)


def assert_pool_untouched(deal) -> None:
    """The row's correction is none of the pool's figures (it was read as the pool's loan count)."""
    whole = deal.whole_deal
    assert (whole.loan_count, whole.aggregate_balance) == (1225, 619_800_778.37)
    assert not provenance_of(whole, "loan_count").warnings and not provenance_of(whole, "aggregate_balance").warnings


WRONG_CALIFORNIA = (CALIFORNIA, CALIFORNIA.replace(" 587 ", " 578 "))


# --- a row's correction, tied to one table, one row and one column ------------------------------------


@pytest.mark.parametrize("amended", [True, False], ids=["8-K/A", "8-K"])
def test_a_rows_corrected_count_takes_the_old_ones_place_and_the_checks_use_it(amended):
    wrong = parse(filing("", WRONG_CALIFORNIA, amended=amended))
    assert row(wrong, STATES, "California").count == 578 and wrong.verdict is Verdict.FAILED  # rows add to 1,216
    note = f"The number of Mortgage Loans in the State of California {TITLED} should read 587 rather than 578."
    deal = parse(filing(note, WRONG_CALIFORNIA, amended=amended))
    california = row(deal, STATES, "California")
    assert california.count == 587 and california.balance == 296_923_131
    assert california.warnings == ("loan count corrected by the filing from 578 to 587 (lines 53-54)",)
    assert {53, 54} <= set(california.source_lines)  # the figure cites the note it comes from
    assert deal.verdict is Verdict.RECONCILED  # the rows add up to the Total with the new figure
    assert_pool_untouched(deal)
    assert f"{STATES}, row 'California': {california.warnings[0]}" in deal.warnings


@pytest.mark.parametrize(
    ("note", "swap", "title", "label", "figure", "mark"),
    [
        (  # "hereby corrected to read", no old figure: the table's is the old one
            'In the table entitled "Distribution of Mortgage Loans by Note Rates", the aggregate\n'
            "principal balance for Note Rates of 6.001% - 6.500% is hereby corrected to read $82,548,318.",
            (RATES_ROW, RATES_ROW.replace("82,548,318", "82,458,318")),
            NOTE_RATES,
            "6.001% - 6.500%",
            ("balance", 82_548_318),
            "balance corrected by the filing from $82,458,318 to $82,548,318 (lines 53-54)",
        ),
        (  # a range written with "to", the table named after its quotes
            'In the "Distribution of Mortgage Loans by Note Rates" table, the aggregate principal\n'
            "balance for 6.001% to 6.500% should read $82,548,318 rather than $82,458,318.",
            (RATES_ROW, RATES_ROW.replace("82,548,318", "82,458,318")),
            NOTE_RATES,
            "6.001% - 6.500%",
            ("balance", 82_548_318),
            "balance corrected by the filing from $82,458,318 to $82,548,318 (lines 53-54)",
        ),
        (  # no table named: Florida is a row of one table only
            "The number of mortgage loans in Florida was incorrectly stated as 91 and should be 19.",
            (FLORIDA, FLORIDA.replace(" 19 ", " 91 ")),
            STATES,
            "Florida",
            ("count", 19),
            "loan count corrected by the filing from 91 to 19 (line 53)",
        ),
        (  # "has been revised from X to Y", the title unquoted
            "In the table entitled Geographic Distribution of Mortgaged Properties by State, the\n"
            "number of mortgage loans in California has been revised from 578 to 587.",
            WRONG_CALIFORNIA,
            STATES,
            "California",
            ("count", 587),
            "loan count corrected by the filing from 578 to 587 (lines 53-54)",
        ),
        # these were a doubt ("it gives no new figure"), or not a correction at all and 578 read as the pool's count
        (
            "The number of mortgage loans in Florida was misstated as 91 and should be 19.",
            (FLORIDA, FLORIDA.replace(" 19 ", " 91 ")),
            STATES,
            "Florida",
            ("count", 19),
            "loan count corrected by the filing from 91 to 19 (line 53)",
        ),
        (
            "In the table entitled 'Geographic Distribution of Mortgaged Properties', replace 578\n"
            "with 587 as the number of mortgage loans in California.",
            WRONG_CALIFORNIA,
            STATES,
            "California",
            ("count", 587),
            "loan count corrected by the filing from 578 to 587 (lines 53-54)",
        ),
        (
            f"The figure of 578 for the number of mortgage loans in California {TITLED} should be\nreplaced by 587.",
            WRONG_CALIFORNIA,
            STATES,
            "California",
            ("count", 587),
            "loan count corrected by the filing from 578 to 587 (lines 53-55)",
        ),
        (  # no old figure: the table's is the old one
            f"The number of Mortgage Loans in the State of California {TITLED} should be 587.",
            WRONG_CALIFORNIA,
            STATES,
            "California",
            ("count", 587),
            "loan count corrected by the filing from 578 to 587 (lines 53-54)",
        ),
        (
            "As previously reported, the number of mortgage loans in California was 578;\ncorrected, it is 587.",
            WRONG_CALIFORNIA,
            STATES,
            "California",
            ("count", 587),
            "loan count corrected by the filing from 578 to 587 (lines 53-54)",
        ),
    ],
    ids=[
        "corrected-to-read",
        "range-with-to",
        "row-of-one-table",
        "revised-from-to",
        "misstated-and-should-be",
        "replace-with",
        "should-be-replaced-by",
        "should-be",
        "previously-reported-then-corrected",
    ],
)
def test_a_rows_correction_in_other_words(note, swap, title, label, figure, mark):
    deal = parse(filing(note, swap))
    corrected = row(deal, title, label)
    column, value = figure
    assert getattr(corrected, column) == value and corrected.warnings == (mark,)
    assert deal.verdict is Verdict.RECONCILED
    assert_pool_untouched(deal)


def test_a_rows_correction_the_table_already_shows_is_said_and_changes_nothing():
    # A restated table that already gives the new figure: the row says it is as the filing corrected it, and
    # the wrong figure the filing gives; it said "corrected from 578 to 587", though the table never showed 578.
    note = f"The number of Mortgage Loans in the State of California {TITLED} should read 587 rather than 578."
    deal = parse(filing(note))
    california = row(deal, STATES, "California")
    assert california.count == 587
    assert california.warnings == (
        "loan count as corrected by the filing (which gives the wrong figure as 578) (lines 53-54)",
    )
    assert deal.verdict is Verdict.RECONCILED
    assert_pool_untouched(deal)


def test_a_rows_correction_with_no_old_figure_the_table_already_shows_says_no_change():
    note = (
        'In the table entitled "Distribution of Mortgage Loans by Note Rates", the aggregate\n'
        "principal balance for Note Rates of 6.001% - 6.500% is hereby corrected to read $82,548,318."
    )
    deal = parse(filing(note))
    rates = row(deal, NOTE_RATES, "6.001% - 6.500%")
    assert rates.balance == 82_548_318 and rates.warnings == ("balance as corrected by the filing (lines 53-54)",)


def test_a_correction_naming_a_pool_corrects_that_pools_table():
    text = layouts.two_pool_term_sheet()
    i, ii = (text.index(f"POOL {name} MORTGAGE LOANS") for name in ("I", "II"))
    text = text[:ii] + text[ii:].replace(CALIFORNIA, WRONG_CALIFORNIA[1], 1)  # pool II's table only
    assert i < ii
    note = f"The number of pool II mortgage loans in California {TITLED} should read 587\nrather than 578."
    deal = parse(filing(note, text=text))
    assert row(deal, STATES, "California", pool="II").count == 587
    assert row(deal, STATES, "California", pool="II").warnings[0].startswith("loan count corrected by the filing")
    assert row(deal, STATES, "California", pool="I").warnings == ()


# --- a correction of a table's Total line ---------------------------------------------------------------

LTV = "DISTRIBUTION OF MORTGAGE LOANS BY LOAN-TO-VALUE RATIOS AT ORIGINATION"
LTV_TITLED = "shown in the table\n'Distribution of Mortgage Loans by Loan-to-Value Ratios at Origination'"
# The LTV table's Total line, after its last row (every table's Total is 1,225 loans, $619,800,778).
LTV_TOTAL = "731,849\n\n\nTotal                             1,225                         $619,800,778"
WRONG_LTV_BALANCE = (LTV_TOTAL, LTV_TOTAL.replace("$619,800,778", "$619,800,777"))
TOTAL_BALANCE_NOTE = f"The total aggregate principal balance {LTV_TITLED} should be $619,800,778, not $619,800,777."


def test_a_tables_corrected_total_takes_the_old_ones_place_and_the_checks_use_it():
    # It was not put in: the table was doubted ("it names no row of this table") and its Total stayed $619,800,777.
    wrong = parse(filing("", WRONG_LTV_BALANCE))
    assert table(wrong, LTV).total.balance == 619_800_777 and wrong.verdict is Verdict.FAILED
    deal = parse(filing(TOTAL_BALANCE_NOTE, WRONG_LTV_BALANCE))
    ltv = table(deal, LTV)
    mark = "balance corrected by the filing from $619,800,777 to $619,800,778 (lines 53-54)"
    assert (ltv.total.count, ltv.total.balance) == (1225, 619_800_778) and ltv.total.warnings == (mark,)
    assert {53, 54} <= set(ltv.total.source_lines) and ltv.warnings == ()
    assert all(r.warnings == () for r in ltv.rows)
    assert deal.verdict is Verdict.RECONCILED  # the rows add up to the corrected Total, as does the pool's balance
    assert f"{LTV}, Total line: {mark}" in deal.warnings
    assert_pool_untouched(deal)


def test_a_tables_corrected_total_count_in_other_words():
    note = f"The total number of mortgage loans {LTV_TITLED} was incorrectly reported as 1,252 and should be 1,225."
    deal = parse(filing(note, (LTV_TOTAL, LTV_TOTAL.replace("1,225", "1,252"))))
    ltv = table(deal, LTV)
    assert (ltv.total.count, ltv.total.balance) == (1225, 619_800_778)
    assert ltv.total.warnings == ("loan count corrected by the filing from 1,252 to 1,225 (lines 53-54)",)
    assert deal.verdict is Verdict.RECONCILED
    assert_pool_untouched(deal)


def test_a_tables_total_that_already_shows_the_correction_says_so():
    deal = parse(filing(TOTAL_BALANCE_NOTE))
    ltv = table(deal, LTV)
    assert ltv.total.balance == 619_800_778
    assert ltv.total.warnings == (
        "balance as corrected by the filing (which gives the wrong figure as $619,800,777) (lines 53-54)",
    )
    assert deal.verdict is Verdict.RECONCILED


def test_a_tables_total_correction_whose_figures_are_not_the_tables_doubts_the_total():
    note = f"The total aggregate principal balance {LTV_TITLED} should be $619,800,878, not $619,800,787."
    deal = parse(filing(note, WRONG_LTV_BALANCE))
    ltv = table(deal, LTV)
    why = "the table shows $619,800,777, not the $619,800,787 it says was wrong"
    assert ltv.total.balance == 619_800_777 and ltv.total.warnings == (_doubt("Total line", why, note, "lines 53-54"),)
    assert deal.verdict is Verdict.FAILED  # the Total as the table shows it, doubted: the rows do not add up to it


def test_a_state_tables_corrected_total_is_said_beside_the_california_share_computed_from_it():
    states_total = "4,984,540\n\n\nTotal                             1,225                         $619,800,778"
    note = f"The total aggregate principal balance {TITLED} should be $619,800,778,\nnot $619,800,777."
    deal = parse(filing(note, (states_total, states_total.replace("$619,800,778", "$619,800,777"))))
    assert table(deal, STATES).total.balance == 619_800_778
    mark = "balance corrected by the filing from $619,800,777 to $619,800,778 (lines 53-55)"
    assert metrics.BY_KEY["california_share"].note(deal, deal.whole_deal).doubts == (f"Total line: {mark}",)


def test_a_total_correction_of_a_table_each_pool_has_doubts_each_total():
    note = f"The total number of mortgage loans {TITLED} should read 1,252 rather than 1,225."
    deal = parse(filing(note, text=layouts.two_pool_term_sheet()))
    why = "which of 2 tables it is about cannot be told"
    for pool in ("I", "II"):
        states = table(deal, STATES, pool=pool)
        assert states.total.count == 1225 and states.total.warnings == (_doubt("Total line", why, note, "lines 53-54"),)
        assert states.warnings == () and all(r.warnings == () for r in states.rows)


@pytest.mark.parametrize(
    "note",
    [
        "The table entitled 'Geographic Distribution of Mortgaged Properties' is restated below as corrected.",
        "The table entitled 'Geographic Distribution of Mortgaged Properties' in the Form 8-K was\n"
        "incorrect; the corrected table is set forth below.",
        "The table entitled 'Geographic Distribution of Mortgaged Properties' contained a typographical\n"
        "error and is replaced in its entirety by the table below.",
    ],
    ids=["restated-below", "incorrect-corrected-below", "replaced-by-the-table-below"],
)
def test_a_table_reprinted_corrected_is_said_to_be_and_no_figure_doubted(note):
    # It was said of nothing, or doubted as a figure corrected though "no figure is changed".
    deal = parse(filing(note))
    states = table(deal, STATES)
    quoted = " ".join(note.split())
    lines = "line 53" if "\n" not in note else "lines 53-54"
    assert states.warnings == (f'restated by the filing as corrected: "{quoted}" ({lines})',)
    assert row(deal, STATES, "California").count == 587 and all(r.warnings == () for r in states.rows)
    assert deal.verdict is Verdict.RECONCILED
    assert_pool_untouched(deal)


# --- a correction that cannot be tied with certainty changes nothing, and is said --------------------


def _doubt(whose: str, why: str, sentence: str, lines: str) -> str:
    quoted = " ".join(sentence.split())
    return f'the filing corrects a figure of this {whose}, but {why}: "{quoted}" ({lines}); no figure is changed'


def test_a_correction_whose_old_figure_is_not_the_tables_doubts_the_row_and_changes_nothing():
    note = f"The number of Mortgage Loans in the State of California {TITLED} should read 412 rather than 421."
    deal = parse(filing(note))
    california = row(deal, STATES, "California")
    assert california.count == 587  # neither 421 nor 412: the table's figure stands, doubted
    assert california.warnings == (
        _doubt("row", "the table shows 587, not the 421 it says was wrong", note, "lines 53-54"),
    )
    assert_pool_untouched(deal)


def test_a_correction_naming_a_row_the_table_does_not_have_doubts_the_table():
    note = (
        'In the table entitled "Distribution of Mortgage Loans by Loan Rates", the aggregate\n'
        "principal balance for Loan Rates of 6.000% - 6.249% is hereby corrected to read $12,345,678.90."
    )
    deal = parse(filing(note))
    rates = table(deal, NOTE_RATES)
    assert rates.warnings == (_doubt("table", "it names no row of this table", note, "lines 53-54"),)
    assert all(r.warnings == () for r in rates.rows) and 12_345_678.90 not in [r.balance for r in rates.rows]
    assert_pool_untouched(deal)


def test_a_correction_of_a_rows_percentage_doubts_the_row():
    # The report computes each row's share from its balance: a corrected share changes no figure it shows.
    note = "The percentage for Florida was incorrectly stated as 3.12% and should be 3.21%."
    deal = parse(filing(note))
    florida = row(deal, STATES, "Florida")
    why = "the report computes the row's share from its balance, which this does not correct"
    assert (florida.count, florida.balance) == (19, 9_222_058)
    assert florida.warnings == (_doubt("row", why, note, "line 53"),)


@pytest.mark.parametrize(
    ("note", "why"),
    [
        (
            f"The figure for California {TITLED} should read 578 rather than 587.",
            "which of the row's figures it corrects cannot be told",
        ),
        (
            f"The number of Mortgage Loans in the State of California {TITLED} was misstated.",
            "it gives no new figure that can be read",
        ),
        (
            f"The number of Mortgage Loans in the State of California {TITLED} should read $587.",
            "which of the row's figures it corrects cannot be told",
        ),
    ],
    ids=["no-column", "no-new-figure", "a-count-in-dollars"],
)
def test_a_correction_that_does_not_tell_the_figure_doubts_the_row(note, why):
    deal = parse(filing(note))
    california = row(deal, STATES, "California")
    assert (california.count, california.balance) == (587, 296_923_131)
    assert california.warnings == (_doubt("row", why, note, "lines 53-54"),)
    assert_pool_untouched(deal)


def test_an_amendment_telling_the_earlier_reports_row_figure_doubts_the_row():
    note = "In the Form 8-K, the number of mortgage loans in California was 578."
    deal = parse(filing(note))
    california = row(deal, STATES, "California")
    assert california.count == 587
    assert california.warnings == (_doubt("row", "it gives no new figure that can be read", note, "line 53"),)
    assert_pool_untouched(deal)


def test_a_row_in_two_pools_tables_with_no_pool_named_doubts_both():
    note = "The number of mortgage loans in California should read 578 rather than 587."
    deal = parse(filing(note, text=layouts.two_pool_term_sheet()))
    why = "which of 2 tables it is about cannot be told"
    for pool in ("I", "II"):
        california = row(deal, STATES, "California", pool=pool)
        assert california.count == 587 and california.warnings == (_doubt("row", why, note, "line 53"),)


def test_a_correction_of_a_table_the_filing_does_not_have_is_a_warning_of_the_deals():
    note = (
        'In the table entitled "Distribution by Original Term", the number of mortgage loans\n'
        "for 360 months should read 1,200 rather than 1,100."
    )
    deal = parse(filing(note))
    quoted = " ".join(note.split())
    assert (
        "a sentence corrects a table's figure, but the filing has no table named 'Distribution by Original Term': "
        f'"{quoted}" (lines 53-54); no table is changed'
    ) in deal.warnings
    assert all(not t.warnings and all(not r.warnings for r in t.rows) for t in deal.tables)
    assert_pool_untouched(deal)
    assert deal.verdict is Verdict.RECONCILED


def test_a_correction_of_the_wac_that_says_tables_is_still_the_pools():
    # Only a row, a table's name or "in the ... table" make a correction a table's.
    note = (
        "The tables below are restated; the weighted average interest rate on the mortgage\nloans should read 5.843%."
    )
    deal = parse(filing(note, ("2004 was 5.843%.", "2004 was 5.84%.")))
    assert deal.whole_deal.wac == 5.843
    assert provenance_of(deal.whole_deal, "wac").warnings[0] == "corrected by the filing to 5.843% (lines 53-54)"


def test_a_long_correction_naming_a_row_thousands_of_times_parses_quickly(tmp_path: Path):
    note = "The number of mortgage loans in " + "California, New York and 6.001% - 6.500%, " * 4_000
    path = tmp_path / "hostile.txt"
    path.write_text(filing(note + "should read 5 rather than 4."))
    started = time.process_time()
    deal = load_filing(ingest_bytes(path.read_bytes(), path.name))
    assert time.process_time() - started < 5.0
    assert_pool_untouched(deal)


# --- every format says it beside the row --------------------------------------------------------------


@pytest.fixture(scope="module")
def corrected_reports(tmp_path_factory) -> Path:
    """The reports of the 8-K/A whose note corrects California's count from 578 to 587 (lines 53-54), and the
    LTV table's Total balance from $619,800,777 to $619,800,778 (lines 55-56)."""
    note = (
        f"The number of Mortgage Loans in the State of California {TITLED} should read 587 rather than 578.\n"
        f"{TOTAL_BALANCE_NOTE}"
    )
    root = tmp_path_factory.mktemp("corrected")
    (root / "filings").mkdir()
    (root / "filings" / "amended.txt").write_text(filing(note, WRONG_CALIFORNIA, WRONG_LTV_BALANCE))
    run_batch([root / "filings"], root / "out", ["html", "pdf", "xlsx", "csv", "json"])
    return root / "out"


MARK = "loan count corrected by the filing from 578 to 587 (lines 53-54)"


def _written(out: Path, suffix: str) -> Path:
    (path,) = out.glob(f"*/*{suffix}")
    return path


def test_every_format_marks_the_corrected_row(corrected_reports: Path, capsys):
    out = corrected_reports
    page = unescape(_written(out, "-summary.html").read_text())
    (html_row,) = re.findall(
        r"<tr[^>]*><th scope=\"row\">California<span[^>]*>([^<]*)</span></th><td class=\"num\">(\d+)", page
    )
    assert html_row == (f"doubt: {MARK}", "587")

    pdf = " ".join(pdf_text(_written(out, "-summary.pdf")).split())
    assert f"California doubt: {MARK} 587 $296,923,131" in pdf

    rows = read_csv(_written(out, "-long.csv"))
    california = rows[(rows["section"] == "table") & (rows["bucket"] == "California")]
    assert california["loans"].tolist() == [587] and california["flag"].tolist() == [f"doubt: {MARK}"]

    sheet, _ = Workbook.read(_written(out, "-summary.xlsx")).sheet("States")
    r = row_of(sheet, "California")
    assert sheet.cell(r, 2).value == 587 and MARK in sheet.cell(r, 1).comment.text
    assert all(sheet.cell(r, c).fill.fgColor.rgb.endswith("FFF4D6") for c in (1, 2, 3))

    deal = json.loads(_written(out, "-deal.json").read_text())
    states = next(t for t in deal["tables"] if t["title"] == STATES)
    assert [(r["count"], r["warnings"]) for r in states["rows"] if r["label"] == "California"] == [(587, [MARK])]

    assert main(["parse", str(out.parent / "filings" / "amended.txt"), "--table", "geographic"]) == 0
    assert f"  doubt: row 'California': {MARK}" in capsys.readouterr().out


TOTAL_MARK = "balance corrected by the filing from $619,800,777 to $619,800,778 (lines 55-56)"


def test_every_format_marks_the_corrected_total(corrected_reports: Path, capsys):
    # The Total was not corrected, and nothing was said beside it: only a doubt of the whole table.
    out = corrected_reports
    page = unescape(_written(out, "-summary.html").read_text())
    section = page[page.index("Distribution of Mortgage Loans by Loan-to-value") :]
    (html_total,) = re.findall(
        r"<tfoot><tr><th scope=\"row\">Total<span[^>]*>([^<]*)</span></th><td class=\"num\">([\d,]+)</td>"
        r"<td class=\"num\">([^<]*)</td>",
        section[: section.index("</table>")],
    )
    assert html_total == (f"doubt: {TOTAL_MARK}", "1,225", "$619,800,778")

    pdf = " ".join(pdf_text(_written(out, "-summary.pdf")).split())
    assert f"Total doubt: {TOTAL_MARK} 1,225 $619,800,778" in pdf

    rows = read_csv(_written(out, "-long.csv"))
    ltv = rows[(rows["section"] == "table") & (rows["table_kind"] == "ltv")]
    assert len(ltv) == 6 and set(ltv["flag"]) == {f"doubt: Total line: {TOTAL_MARK}"}
    assert ltv["pct_of_balance"].round(2).tolist()[0] == 46.63  # of the corrected Total

    sheet, _ = Workbook.read(_written(out, "-summary.xlsx")).sheet("LTV")
    stated = row_of(sheet, "Total as the filing states it")
    assert sheet.cell(stated, 3).value == 619_800_778 and TOTAL_MARK in sheet.cell(stated, 1).comment.text
    assert all(sheet.cell(stated, c).fill.fgColor.rgb.endswith("FFF4D6") for c in (1, 2, 3))

    deal = json.loads(_written(out, "-deal.json").read_text())
    ltv_table = next(t for t in deal["tables"] if t["title"] == LTV)
    assert ltv_table["total"]["balance"] == 619_800_778 and ltv_table["total"]["warnings"] == [TOTAL_MARK]

    assert main(["parse", str(out.parent / "filings" / "amended.txt"), "--table", "by loan-to-value"]) == 0
    assert f"  doubt: Total line: {TOTAL_MARK}" in capsys.readouterr().out


# --- "As previously reported" in an amendment -------------------------------------------------------

WAC_BODY = "servicing fee) as of May 1, 2004 was 5.843%."
AS_REPORTED = (
    "As previously reported, the weighted average interest rate on the mortgage loans\nas of May 1, 2004 was 5.843%."
)


def test_an_amendments_figure_as_previously_reported_is_read_plain():
    # It was doubted: "the filing says a figure for this was wrong (...As previously reported, ...)".
    deal = parse(filing(AS_REPORTED))
    assert deal.whole_deal.wac == 5.843 and provenance_of(deal.whole_deal, "wac").warnings == ()
    assert deal.verdict is Verdict.RECONCILED and len(deal.warnings) == 1  # "this filing is an amendment"


def test_an_amendments_figure_as_previously_reported_is_read_where_nothing_else_states_it():
    body = (
        "The\nweighted average interest rate on the mortgage loans (before deduction of the\n"
        "servicing fee) as of May 1, 2004 was 5.843%."
    )
    deal = parse(filing(AS_REPORTED, (body, "")))
    assert deal.whole_deal.wac == 5.843 and provenance_of(deal.whole_deal, "wac").warnings == ()
    assert provenance_of(deal.whole_deal, "wac").source_lines == (53, 54)


def test_an_amendments_figure_as_previously_reported_that_the_filing_states_otherwise_is_not_read():
    note = AS_REPORTED.replace("5.843%", "5.84%")
    deal = parse(filing(note))
    assert deal.whole_deal.wac == 5.843  # the body's own
    (doubt,) = provenance_of(deal.whole_deal, "wac").warnings
    assert doubt.startswith("the filing restates the earlier report's figure as 5.84 (lines 53-54); this filing's own")
    assert doubt.endswith("is kept and nothing is read from that sentence")


@pytest.mark.parametrize("body_wac", ["5.843%", "5.834%"])
def test_a_correction_beside_a_figure_as_previously_reported_still_corrects(body_wac):
    note = (
        f"{AS_REPORTED} The weighted average interest rate on the mortgage loans was\n"
        "incorrectly reported as 5.834%; the correct figure is 5.843%."
    )
    deal = parse(filing(note, (WAC_BODY, WAC_BODY.replace("5.843%", body_wac))))
    assert deal.whole_deal.wac == 5.843
    doubts = provenance_of(deal.whole_deal, "wac").warnings
    assert doubts[0] == "corrected by the filing from 5.834% to 5.843% (lines 54-55)"
    assert not any("restates" in d or "was wrong" in d for d in doubts)


def test_an_amendments_row_figure_as_previously_reported_is_no_pools():
    deal = parse(filing("As previously reported, the number of mortgage loans in California was 587."))
    assert_pool_untouched(deal)
    assert row(deal, STATES, "California").warnings == () and len(deal.warnings) == 1


@pytest.mark.parametrize(
    "note",
    [
        "The weighted average interest rate on the mortgage loans, misstated in 2004 as 5.84%,\nshould read 5.843%.",
        "For Series 2004-3, the weighted average interest rate on the mortgage loans should\nread 5.843%.",
    ],
)
def test_a_year_beside_no_tables_name_names_no_row(note):
    # "2004" is a row of the years-of-origination table: without a table named, the correction is the pool's.
    deal = parse(filing(note, (WAC_BODY, WAC_BODY.replace("5.843%", "5.84%"))))
    assert deal.whole_deal.wac == 5.843
    assert provenance_of(deal.whole_deal, "wac").warnings[0].startswith("corrected by the filing ")
    assert all(not r.warnings for t in deal.tables for r in t.rows)


def test_a_correction_of_the_fico_matrix_doubts_the_matrix():
    note = (
        "In the table entitled 'Distribution by FICO Scores and Loan-to-Value Ratios at Origination',\n"
        "the percentage for 700 to 749 and 65.00% and below should read 15.32% rather than 15.23%."
    )
    deal = parse(filing(note))
    (matrix,) = deal.matrices
    assert matrix.warnings[-1] == _doubt("table", "the parser does not correct a matrix's cells", note, "lines 53-54")
    assert matrix.cells[3][0] == 15.23
    assert all(not r.warnings for t in deal.tables for r in t.rows)  # "65.00% and below" of the LTV table is not it


def test_a_correction_naming_a_table_the_filing_does_not_have_doubts_the_row_it_names():
    note = (
        "In the table entitled 'Distribution by Region', the number of mortgage loans in California\n"
        "should read 578 rather than 587."
    )
    deal = parse(filing(note))
    california = row(deal, STATES, "California")
    why = "the filing has no table named 'Distribution by Region'"
    assert california.count == 587 and california.warnings == (_doubt("row", why, note, "lines 53-54"),)
