"""The workbooks open cleanly in LibreOffice, and LibreOffice's own arithmetic agrees with the report.

LibreOffice (`soffice`, Debian's libreoffice-calc; .ci/run installs it) converts a
workbook headless to one CSV per sheet. It is told to recalculate every formula
on loading (by default it keeps the results stored in an .xlsx), so the % cells,
totals and subordination it prints are its own results of our formulas, and no
cell may come out as an error. A filing label that looks like a formula must come
out as the label. Without soffice the test is skipped with one line saying so.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest

from reporting.derive.summary import summarise
from reporting.present.renders import DealRender

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc"
)

# Recalculate .xlsx formulas on loading (Tools > Options > Calc > Formula: "Always recalculate").
RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
# CSV export: comma, double quote, UTF-8, raw values (not as shown), every sheet to its own file.
EVERY_SHEET = "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,false,false,false,-1"
ERRORS = ("#NAME?", "#DIV/0!", "#REF!", "#VALUE!", "Err:", "#N/A")


def convert(workbooks: dict[str, bytes], folder: Path) -> dict[str, dict[str, list[list[str]]]]:
    """Each workbook's sheets as LibreOffice computes them, all in one run of soffice (it takes
    seconds to start): workbook name -> sheet name -> rows of cells."""
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE)
    for name, workbook in workbooks.items():
        (folder / f"{name}.xlsx").write_bytes(workbook)
    command = [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}"]
    done = subprocess.run(
        [*command, "--convert-to", EVERY_SHEET, "--outdir", str(folder / "csv")]
        + [str(folder / f"{name}.xlsx") for name in workbooks],
        capture_output=True,
        text=True,
        timeout=180,
    )
    books = {}
    for name in workbooks:
        sheets = {p.stem.removeprefix(f"{name}-"): p for p in (folder / "csv").glob(f"{name}-*.csv")}
        assert done.returncode == 0 and sheets, done.stdout + done.stderr
        books[name] = {sheet: list(csv.reader(path.open(encoding="utf-8"))) for sheet, path in sheets.items()}
    return books


FORMULA_LABEL = '=HYPERLINK("http://evil.example/","x")'


def stored_result_wrong() -> bytes:
    """A workbook whose formula's stored result is deliberately wrong: LibreOffice must print its own,
    or the tests here would only read back the results termsheet stored."""
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Check")
    sheet.write_number(0, 0, 2)
    sheet.write_formula(0, 1, "=A1*2", None, 99)
    book.close()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def computed(tmp_path_factory, term_sheet, detailed, term_sheet_path) -> dict[str, dict[str, list[list[str]]]]:
    """The workbooks the tests below read, as LibreOffice computes them in one run."""
    from reporting.pipeline import load_filing
    from reporting.read.ingest import ingest_bytes

    text = term_sheet_path.read_text().replace("Townhouses                   ", f"{FORMULA_LABEL} ", 1)
    hostile = load_filing(ingest_bytes(text.encode(), "hostile.txt"))
    workbooks = {
        "term-sheet": DealRender(term_sheet).xlsx,
        "detailed": DealRender(detailed).xlsx,
        "hostile": DealRender(hostile).xlsx,
        "check": stored_result_wrong(),
    }
    return convert(workbooks, tmp_path_factory.mktemp("libreoffice"))


def number(cell: str) -> float:
    """A cell as LibreOffice writes it unformatted: 0.479 or, in a % cell, 47.9062%."""
    return float(cell[:-1]) / 100 if cell.endswith("%") else float(cell)


def test_libreoffice_recalculates_the_deal_workbook_to_the_reports_figures(computed, term_sheet):
    sheets = computed["term-sheet"]
    assert set(sheets) == {
        "Summary",
        "Composition",
        "Year of origination",
        "Dwelling type",
        "Units",
        "Loan size",
        "Note rate",
        "LTV",
        "States",
        "FICO x LTV",
        "Checks",
        "Source",
    }
    for name, rows in sheets.items():
        assert not [c for row in rows for c in row if c.startswith(ERRORS)], name
    summary = summarise(term_sheet)
    states = next(t for t in summary.tables if t.kind == "geography")
    by_label = {row[0]: row for row in sheets["States"]}
    for row in states.rows:
        assert number(by_label[row.label][3]) == pytest.approx(row.share / 100, abs=1e-9)  # LibreOffice's own result
    assert by_label["California"][1:3] == ["587", "296923131"]
    composition = {(row[0], row[1]): row for row in sheets["Composition"]}
    assert composition["All loans", "Discount (below)"][3] == "8697998"  # the filing's discount balance
    assert number(by_label["Total"][2]) == 619800778 and number(by_label["Total"][3]) == pytest.approx(1)
    loan_size = {row[0]: row for row in sheets["Loan size"]}
    last = next(t for t in summary.tables if t.kind == "loan_size").rows[-1]
    assert number(loan_size[last.label][4]) == pytest.approx(last.cumulative / 100, abs=1e-9)


def test_libreoffice_computes_subordination_from_the_balances(computed):
    sheets = computed["detailed"]
    classes = {row[0]: row for row in sheets["Classes"]}
    assert number(classes["A"][3]) == pytest.approx(0.02450067623897)
    assert number(classes["A"][4]) == pytest.approx(0.02450067623897, abs=1e-12)
    summary = {row[0]: row for row in sheets["Summary"]}
    assert summary["Loan count"][1:5] == ["663", "154", "153", "970"]


def test_libreoffice_shows_a_formula_in_a_label_as_the_label(computed):
    assert FORMULA_LABEL in [row[0] for row in computed["hostile"]["Dwelling type"]]


def test_libreoffice_really_recalculates(computed):
    """The workbook above stores 99 as the result of =A1*2: LibreOffice prints its own 4, so the
    figures the other tests read from the same run are LibreOffice's, not what termsheet stored."""
    assert computed["check"]["Check"] == [["2", "4"]]
