"""Filings in wordings other typists used, found misread by a red team (Dec 3, e): each is a bundled sample edited
in the test. A FICO x LTV matrix by LTV now is named so wherever a report names it; an additional-collateral item
giving two figures has both read, or the one not read said."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from reporting.derive.diff import build_diff
from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.present.renders import DealRender, DiffRender
from reporting.read.ingest import ingest_bytes
from reporting.samples import TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
_MATRIX_LTV = "                       LOAN-TO-VALUE RATIOS AT ORIGINATION\n"


def _read(text: str, name: str) -> Deal:
    return load_filing(ingest_bytes(text.encode(), name))


def _sheets(xlsx: bytes) -> list[str]:
    workbook = zipfile.ZipFile(io.BytesIO(xlsx)).read("xl/workbook.xml").decode()
    return re.findall(r'<sheet name="([^"]+)"', workbook)


@pytest.fixture(scope="module")
def matrix_now() -> tuple[Deal, Deal]:
    """The 2004-3 term sheet as filed, and with its matrix's LTV heading 'CURRENT LOAN-TO-VALUE RATIOS'."""
    assert TERM_SHEET.count(_MATRIX_LTV) == 1
    edited = TERM_SHEET.replace(_MATRIX_LTV, "                       CURRENT LOAN-TO-VALUE RATIOS\n")
    return _read(TERM_SHEET, "cmsi-2004-3.txt"), _read(edited, "cmsi-2004-3-matrix-now.txt")


def test_a_matrix_by_ltv_now_is_named_so_in_the_workbook(matrix_now):
    # Its sheet was "FICO x LTV", as a matrix by LTV at origination is: an analyst reads its columns as that.
    sample, deal = matrix_now
    assert deal.matrices[0].title == "DISTRIBUTION BY FICO SCORES AND CURRENT LOAN-TO-VALUE RATIOS"
    assert "FICO x LTV" in _sheets(DealRender(sample).xlsx)
    sheets = _sheets(DealRender(deal).xlsx)
    assert "FICO x current LTV" in sheets and "FICO x LTV" not in sheets


def test_a_matrix_by_ltv_now_is_named_so_in_the_diff(matrix_now):
    # The diff's sheet, its FICO-below-700 mark ("derived from the FICO x LTV matrix's rows") and its email's
    # footer all named the matrix by LTV now as the one by LTV at origination.
    sample, deal = matrix_now
    both_now = DiffRender(build_diff(deal, deal))
    assert _sheets(both_now.xlsx)[-1] == "FICO x current LTV"
    email = both_now.email()
    assert "the FICO x current LTV matrix" in email.html and "FICO x LTV matrix" not in email.html
    marks = re.findall(r"derived from the (FICO x [^<]*?) matrix&#39;s rows", DiffRender(build_diff(sample, deal)).html)
    assert marks == ["FICO x LTV", "FICO x current LTV"]
    assert "FICO x LTV" in _sheets(DiffRender(build_diff(sample, sample)).xlsx)


_COUNT_AND_BALANCE = """1.    the number of such mortgage loans is 3;

      2.    such mortgage loans had an aggregate scheduled principal balance of
            $874,708;"""


def _collateral_item(item: str) -> Deal:
    """The term sheet with its collateral list's first item ``item`` (the balance's item), the count's after it."""
    assert TERM_SHEET.count(_COUNT_AND_BALANCE) == 1
    edited = f"1.    {item}\n\n      2.    the number of such mortgage loans is 3;"
    return _read(TERM_SHEET.replace(_COUNT_AND_BALANCE, edited), "cmsi-2004-3-collateral.txt")


def test_an_additional_collateral_item_with_a_balance_and_a_count_has_both_read():
    # "... had an aggregate principal balance of $874,708 and are 3 in number": the count was read, the balance
    # lost with nothing said.
    sample = _read(TERM_SHEET, "cmsi-2004-3.txt")
    deal = _collateral_item("such mortgage loans had an aggregate principal balance of $874,708 and are 3 in number;")
    read = deal.pools[0].additional_collateral
    assert (read.loan_count, read.balance, read.wa_ltv_with_collateral) == (3, 874_708, 80)
    assert deal.warnings == sample.warnings


def test_an_additional_collateral_item_whose_second_figure_is_not_read_says_so():
    # The balance read, its count ("several") not: said in the filing but not read, never lost unsaid.
    deal = _collateral_item(
        "such mortgage loans had an aggregate principal balance of $874,708 and are several in number;"
    )
    assert deal.pools[0].additional_collateral.balance == 874_708
    (said,) = [w for w in deal.warnings if w.startswith("additional collateral item 1 ")]
    assert said.endswith("its loan count is in the filing but not read")
