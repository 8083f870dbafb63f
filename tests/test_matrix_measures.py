"""The diff sets a FICO x LTV matrix only against one by the same LTV (Dec 4).

A matrix by the current LTV and one by the LTV at origination put the same loans in other buckets: as a table by
original balance is never paired with one by the balance now, the two are never compared; where one deal has only
the one and the other deal only the other, every format of the diff says so, beside listing each as on one side
only. Two matrices by one LTV are paired though their titles are worded otherwise. Each deal here is the 2004-3 term
sheet as filed, its matrix's title (or its columns' heading) edited in the test.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook
from reading import page_words, pdf_text
from sample_deals import read_sample
from shared_renders import FIXED_TIME

import reporting
from reporting.derive.buckets import Alignment
from reporting.derive.diff import build_diff
from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.present.terminal import diff_summary
from reporting.read.ingest import ingest_bytes
from reporting.samples import TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
# The matrix's title is two lines: "DISTRIBUTION BY FICO SCORES AND" over this one.
_MATRIX_LTV = "                       LOAN-TO-VALUE RATIOS AT ORIGINATION\n"
_CAPTION = "FICO score                                             Loan-to-value ratio\n"
ORIGINATION = "DISTRIBUTION BY FICO SCORES AND LOAN-TO-VALUE RATIOS AT ORIGINATION"


def _titled(words: str, series: str = "2004-3") -> str:
    """The term sheet, its matrix's title ending in ``words`` and the filing's series ``series``."""
    assert TERM_SHEET.count(_MATRIX_LTV) == 1 and TERM_SHEET.count("Series 2004-3") >= 1
    return TERM_SHEET.replace(_MATRIX_LTV, f"                       {words}\n").replace(
        "Series 2004-3", f"Series {series}"
    )


def _read(text: str, name: str) -> Deal:
    return load_filing(ingest_bytes(text.encode(), name))


def _sample() -> Deal:
    return read_sample(TERM_SHEET, "cmsi-2004-3.txt")


def _current() -> Deal:
    return _read(_titled("CURRENT LOAN-TO-VALUE RATIOS", "2004-9"), "cmsi-2004-9.txt")


def _pairs(old: Deal, new: Deal) -> list[tuple]:
    return [(m.title, m.alignment) for m in build_diff(old, new).matrices]


def test_a_current_ltv_matrix_is_never_compared_with_one_at_origination():
    sample, current = _sample(), _current()
    assert current.matrices[0].title == "DISTRIBUTION BY FICO SCORES AND CURRENT LOAN-TO-VALUE RATIOS"
    assert current.matrices[0].cells == sample.matrices[0].cells and current.name == "CMSI 2004-9"
    diff = build_diff(sample, current)
    assert [(m.title, m.alignment, m.instead, m.instead_by) for m in diff.matrices] == [
        (ORIGINATION, Alignment.OLD_ONLY, "FICO x current LTV", "the current LTV"),
        (current.matrices[0].title, Alignment.NEW_ONLY, "FICO x LTV", "the LTV at origination"),
    ]
    assert [n for n in diff.notes if "Ratios" in n] == [
        "Distribution by FICO Scores and Loan-to-value Ratios at Origination: only in CMSI 2004-3, by the LTV at "
        "origination; CMSI 2004-9 gives a FICO x current LTV matrix instead, by the current LTV: another measure, "
        "not compared.",
        "Distribution by FICO Scores and Current Loan-to-value Ratios: only in CMSI 2004-9, by the current LTV; "
        "CMSI 2004-3 gives a FICO x LTV matrix instead, by the LTV at origination: another measure, not compared.",
    ]
    # the other way round, the same: the old deal's current-LTV matrix against the new deal's at origination
    back = build_diff(current, sample)
    assert [(m.alignment, m.instead) for m in back.matrices] == [
        (Alignment.OLD_ONLY, "FICO x LTV"),
        (Alignment.NEW_ONLY, "FICO x current LTV"),
    ]


def test_matrices_titled_alike_whose_columns_are_headed_current_ltv_are_not_paired():
    # Both titled "... AND LOAN-TO-VALUE RATIOS"; the new deal's columns headed "Current loan-to-value ratio". Paired
    # by their title alone, the diff set the current LTVs' buckets against those at origination, cell by cell.
    assert TERM_SHEET.count(_CAPTION) == 1
    plain = _titled("LOAN-TO-VALUE RATIOS")
    headed_now = plain.replace(_CAPTION, f"FICO score{'':37}Current loan-to-value ratio\n")
    old, new = _read(plain, "cmsi-2004-3.txt"), _read(headed_now.replace("Series 2004-3", "Series 2004-9"), "b.txt")
    assert new.matrices[0].col_header == "Current loan-to-value ratio" and new.matrices[0].name == "FICO x current LTV"
    assert old.matrices[0].title == new.matrices[0].title
    diff = build_diff(old, new)
    assert [(m.alignment, m.instead) for m in diff.matrices] == [
        (Alignment.OLD_ONLY, "FICO x current LTV"),
        (Alignment.NEW_ONLY, "FICO x LTV"),
    ]
    assert any(
        "only in CMSI 2004-9, by the current LTV; CMSI 2004-3 gives a FICO x LTV matrix" in n for n in diff.notes
    )


@pytest.mark.parametrize(
    ("old_words", "new_words"),
    [
        (None, "LOAN-TO-VALUE RATIOS"),  # at origination, said or not
        ("CURRENT LOAN-TO-VALUE RATIOS", "LOAN-TO-VALUE RATIOS AT THE CUT-OFF DATE"),  # both now, worded otherwise
    ],
)
def test_matrices_by_one_ltv_titled_otherwise_are_compared(old_words, new_words):
    # Each was shown as in one deal only: no change of the FICO x LTV mix was ever reported across wordings.
    old = _sample() if old_words is None else _read(_titled(old_words), "a.txt")
    new = _read(_titled(new_words, "2004-9"), "b.txt")
    diff = build_diff(old, new)
    (matrix,) = diff.matrices
    assert matrix.alignment is Alignment.MATCHED and not matrix.instead
    assert matrix.old_cells == matrix.new_cells == old.matrices[0].cells
    assert matrix.old_cells[2][0] == 6.02  # 650 to 699, 65.00% and below
    assert {c for row in matrix.changes for c in row} == {0.0}
    assert not [n for n in diff.notes if "Ratios" in n]


def test_every_format_of_the_diff_says_the_two_matrices_are_another_measure(tmp_path):
    from reporting.deliver.write import render_diff

    diff = build_diff(_sample(), _current())
    files = render_diff(diff, tmp_path, ("pdf", "html", "email", "json", "xlsx"), generated_at=FIXED_TIME)
    by_suffix = {p.name.removeprefix("cmsi-2004-3-vs-cmsi-2004-9"): p for p in files}
    page_one = (
        "Not compared: CMSI 2004-3's FICO x LTV matrix and CMSI 2004-9's FICO x current LTV matrix, by the LTV at "
        "origination and by the current LTV: another measure."
    )
    assert page_one in " ".join(pdf_text(by_suffix[".pdf"]).split())
    html = page_words(by_suffix[".html"].read_text())
    assert page_one in html
    assert (
        "Only in CMSI 2004-9 Percent matrices Distribution by FICO Scores and Current Loan-to-value Ratios (by the current LTV)"
        in html
    )
    assert page_one in page_words(by_suffix["-email.html"].read_text())
    data = json.loads(by_suffix[".json"].read_text())
    schema = json.loads((Path(reporting.__file__).parent / "schema" / "diff.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert [m["instead"] for m in data["matrices"]] == ["FICO x current LTV", "FICO x LTV"]
    book = load_workbook(io.BytesIO(by_suffix[".xlsx"].read_bytes()))
    cells = [c.value for row in book.worksheets[0].iter_rows() for c in row if isinstance(c.value, str)]
    assert any("gives a FICO x current LTV matrix instead, by the current LTV: another measure" in c for c in cells)
    terminal = diff_summary(diff)
    assert "gives a FICO x LTV matrix instead, by the LTV at origination: another measure, not compared." in terminal


def test_a_matrix_the_other_deal_lacks_is_only_said_to_be_in_one_deal(detailed: Deal):
    # 2004-8 states no matrix: 2004-3's is in one deal only, with no word of another measure. Against a deal with a
    # matrix of no LTV at all (FICO x debt-to-income), neither: only a matrix by another LTV is said to be one.
    diff = build_diff(_sample(), detailed)
    assert [(m.alignment, m.instead) for m in diff.matrices] == [(Alignment.OLD_ONLY, "")]
    assert "Distribution by FICO Scores and Loan-to-value Ratios at Origination: only in CMSI 2004-3." in diff.notes
    dti = _read(_titled("DEBT-TO-INCOME RATIOS", "2004-9").replace(_CAPTION, f"FICO score{'':45}DTI ratio\n"), "c.txt")
    assert "LOAN-TO-VALUE" not in dti.matrices[0].title + dti.matrices[0].col_header.upper()
    other = build_diff(_sample(), dti)
    assert [(m.alignment, m.instead) for m in other.matrices] == [(Alignment.OLD_ONLY, ""), (Alignment.NEW_ONLY, "")]
    # and a current-LTV matrix against both: paired with neither, said against the one by another LTV alone
    assert [m.instead for m in build_diff(dti, _current()).matrices] == ["", ""]


def test_a_combined_ltv_matrix_is_named_so_and_compared_with_neither_other():
    # "... AND COMBINED LOAN-TO-VALUE RATIOS" (first and second liens together) was named "FICO x current LTV" in
    # every report: a third measure, paired with neither a matrix by the LTV at origination nor one by the LTV now.
    combined = _read(_titled("COMBINED LOAN-TO-VALUE RATIOS", "2004-9"), "cmsi-2004-9.txt")
    assert combined.matrices[0].name == "FICO x combined LTV"
    assert combined.matrices[0].cells == _sample().matrices[0].cells
    diff = build_diff(_sample(), combined)
    assert [(m.alignment, m.instead, m.instead_by) for m in diff.matrices] == [
        (Alignment.OLD_ONLY, "FICO x combined LTV", "the combined LTV"),
        (Alignment.NEW_ONLY, "FICO x LTV", "the LTV at origination"),
    ]
    now = _read(_titled("CURRENT LOAN-TO-VALUE RATIOS"), "cmsi-2004-3-now.txt")
    assert [(m.alignment, m.instead) for m in build_diff(now, combined).matrices] == [
        (Alignment.OLD_ONLY, "FICO x combined LTV"),
        (Alignment.NEW_ONLY, "FICO x current LTV"),
    ]
