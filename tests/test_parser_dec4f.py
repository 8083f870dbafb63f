"""HTML filings and character sets a red team found misread with nothing said (Dec 4, f), each the 2004-3 term
sheet edited in the test: rules a word processor draws in its own dashes (or a converter in box-drawing lines),
a character that prints nothing inside a figure's cell, and a page's head an HTML page sets in a table's rows over
its headings repeated after a page break."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from sample_deals import read_sample

from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import TERM_SHEET_2004_3

sys.path.insert(0, str(Path(__file__).parent))
from test_html_layouts import facts, html_filing  # noqa: E402
from test_html_redteam import _page, _printer_table  # noqa: E402

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = read_sample(TERM_SHEET, "cmsi-2004-3.txt")


def _read(data: bytes, name: str) -> Deal:
    return load_filing(ingest_bytes(data, name))


def _checks(deal: Deal) -> list[tuple[str, bool]]:
    return [(c.name, c.passed) for c in deal.checks]


# --- rules drawn in a word processor's dashes -----------------------------------------------------------------


@pytest.mark.parametrize(
    "dash, encoding",
    [("\u2014", "cp1252"), ("\u2013", "cp1252"), ("\u2500", "utf-8")],
    ids=["em dashes (Windows-1252 0x97)", "en dashes (Windows-1252 0x96)", "box-drawing lines"],
)
def test_rules_drawn_in_other_dashes_are_rules(dash, encoding):
    # Word's AutoFormat turns a typed rule "-----" into em dashes; the matrix's rules then ran into its labels
    # ("65.00% and below \u2014\u2014\u2014\u2014", "\u2014\u2014\u2014 ... 620 and less") and its six checks against the LTV table
    # were dropped, nothing said.
    drawn = re.sub(r"-{4,}", lambda m: dash * len(m[0]), TERM_SHEET)
    assert drawn.count(dash) > 800
    deal = _read(drawn.encode(encoding), "cmsi-2004-3.txt")
    matrix, sample = deal.matrices[0], SAMPLE.matrices[0]
    assert (matrix.row_labels, matrix.col_labels) == (sample.row_labels, sample.col_labels)
    assert matrix.col_labels[0] == "65.00% and below"
    assert ("matrix column '80.001%-85.000%' equals the LTV table's share", True) in _checks(deal)
    assert _checks(deal) == _checks(SAMPLE)
    assert deal.warnings == SAMPLE.warnings


def test_three_dashes_in_a_cell_are_still_a_zero_not_a_rule():
    # A zero written as three em dashes (``tables._DASH``) is no rule: only a run of four or more is drawn rule.
    from reporting.read.ingest import normalise_text

    assert normalise_text("Cooperative Units     \u2014\u2014\u2014     \u2014\u2014\u2014") == (
        "Cooperative Units     \u2014\u2014\u2014     \u2014\u2014\u2014"
    )
    assert normalise_text("State   \u2014\u2014\u2014\u2014\u2014") == "State   -----"


# --- a character that prints nothing inside a figure's cell ----------------------------------------------------


@pytest.mark.parametrize(
    "nothing", ["&#8203;", "\u200b", "&shy;", "&#xFEFF;"], ids=["zero-width space", "raw", "soft hyphen", "BOM"]
)
def test_a_figure_with_a_character_that_prints_nothing_in_its_cell_is_the_figure(nothing):
    # "1,&#8203;225" (a converter's break opportunity after each thousands comma): the cell was no figure, and
    # every table whose counts reach a thousand lost its loan counts ("no column heading reads as the rows'
    # loan counts") and its label's heading.
    plain = html_filing(TERM_SHEET, SAMPLE, "paragraphs and tables")
    page = re.sub(r'(?<=<td align="right">)[\d,.]+', lambda m: m[0].replace(",", f",{nothing}"), plain)
    assert page.count(f",{nothing}") > 150
    deal = _read(page.encode(), "cmsi-2004-3.htm")
    assert facts(deal) == facts(_read(plain.encode(), "cmsi-2004-3.htm"))
    assert [(t.rows[0].count, t.total.count) for t in deal.tables] == [
        (t.rows[0].count, t.total.count) for t in SAMPLE.tables
    ]
    assert (deal.tables[0].rows[1].count, deal.tables[0].total.count) == (1152, 1225)
    assert deal.tables[0].label_header == "Year Originated"


# --- a page's head in a table's rows, over its headings repeated -----------------------------------------------

_PAGE_HEADS = {
    "the company and the date in cells of their own": (
        "<tr><td>Citicorp Mortgage Securities, Inc.</td></tr><tr><td>May 7, 2004</td></tr>{headings}"
    ),
    "after a page break's rule and a blank row": (
        "<tr><td colspan=9><hr style='page-break-after:always'></td></tr><tr><td>&nbsp;</td></tr>"
        "<tr><td>Citicorp Mortgage Securities, Inc.</td></tr>{headings}"
    ),
    "the series alone": "<tr><td>REMIC Pass-Through Certificates, Series 2004-3</td></tr>{headings}",
}


def _labels(deal: Deal) -> list[list[tuple[str, float | None, float | None]]]:
    return [[(r.label, r.count, r.balance) for r in t.rows] for t in deal.tables]


@pytest.mark.parametrize("head", sorted(_PAGE_HEADS))
def test_a_pages_head_in_a_tables_rows_over_its_headings_again_ends_no_label(head):
    # Joined to the row above: "75.001% - 80.000% Citicorp Mortgage Securities, Inc. May 7, 2004", and the
    # matrix's checks against the LTV table dropped; "Townhouses ...", "5.501% - 6.000% ..." with nothing said.
    deal = _read(_page(lambda t: _printer_table(t, inside=_PAGE_HEADS[head])).encode(), "cmsi-2004-3.htm")
    assert _labels(deal) == _labels(SAMPLE)
    assert _checks(deal) == _checks(SAMPLE)
    split = [t for t in deal.tables if len(t.rows) > 4]
    assert len(split) == 5
    words = re.sub(r"<[^>]+>|\{headings\}|&nbsp;", " ", _PAGE_HEADS[head]).split()
    said = f"the line {' '.join(words)!r} has no figures in the filing: not read as a row"
    assert all(t.warnings == (said,) for t in split), [t.warnings for t in split]


def test_the_tables_title_again_in_its_rows_over_its_headings_is_no_label_and_nothing_to_say():
    def title_again(table) -> str:
        return _printer_table(table, inside=f"<tr><td>{table.title}</td></tr>{{headings}}")

    deal = _read(_page(title_again).encode(), "cmsi-2004-3.htm")
    assert _labels(deal) == _labels(SAMPLE)
    assert _checks(deal) == _checks(SAMPLE)
    assert [t.warnings for t in deal.tables] == [t.warnings for t in SAMPLE.tables]
