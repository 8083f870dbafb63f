"""Submissions' exhibits, HTML page breaks and no-break spaces a red team found misread (Dec 4, f2), each a
bundled sample edited in the test: a no-break space after a thousands comma, an exhibit of Computational
Materials beside the pool description, a pool description only in a PDF exhibit, and a page break inside an
HTML table."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from sample_deals import read_sample

from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.present.jsonio import deal_to_dict
from reporting.read.ingest import ingest_bytes, normalise_text
from reporting.samples import TERM_SHEET_2004_3

sys.path.insert(0, str(Path(__file__).parent))
from test_html_layouts import html_filing  # noqa: E402
from test_html_redteam import _page, _printer_table  # noqa: E402

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = read_sample(TERM_SHEET, "cmsi-2004-3.txt")


def _read(data: bytes, name: str) -> Deal:
    return load_filing(ingest_bytes(data, name))


def _whole(deal: Deal) -> dict[str, Any]:
    """The deal's whole JSON but for the file it came from."""
    data = deal_to_dict(deal)
    data.pop("source")
    return data


def _but_lines(data: Any) -> Any:
    """The JSON without the filing's line numbers (``source_lines``, ``line_range``, a check's ``actual_lines``):
    where the edit adds lines, everything else."""
    if isinstance(data, dict):
        return {k: _but_lines(v) for k, v in data.items() if not k.endswith(("_lines", "line_range"))}
    return [_but_lines(v) for v in data] if isinstance(data, list) else data


# --- a no-break space after a thousands comma -------------------------------------------------------------------

_THOUSANDS_COMMA = re.compile(r"(?<=\d),(?=\d{3})")


def _prose_only(page: str, space: str) -> str:
    parts = re.split(r"(<table.*?</table>)", page, flags=re.S)
    return "".join(p if p.startswith("<table") else _THOUSANDS_COMMA.sub(f",{space}", p) for p in parts)


@pytest.mark.parametrize("space", ["&nbsp;", "&#160;", "\u00a0"], ids=["&nbsp;", "&#160;", "raw"])
def test_a_no_break_space_after_a_thousands_comma_in_html_prose_keeps_the_figure(space):
    # "$54,&nbsp;470" read as $54 and "$1,&nbsp;000,000" as $1: the minimum balance above the maximum, seven
    # tables' totals failed against the pool and the loan count not assigned.
    plain = html_filing(TERM_SHEET, SAMPLE, "paragraphs and tables")
    page = _prose_only(plain, space)
    assert page.count(f",{space}") > 10
    deal = _read(page.encode(), "cmsi-2004-3.htm")
    assert _whole(deal) == _whole(_read(plain.encode(), "cmsi-2004-3.htm"))
    pool = deal.pools[0]
    assert (pool.original_balance_min, pool.original_balance_max) == (
        SAMPLE.pools[0].original_balance_min,
        SAMPLE.pools[0].original_balance_max,
    )
    assert pool.loan_count == 1225


def test_a_no_break_space_after_a_thousands_comma_in_a_text_filing_keeps_the_figure():
    text = _THOUSANDS_COMMA.sub(",\u00a0", TERM_SHEET)
    assert text.count(",\u00a0") > 200
    assert _whole(_read(text.encode(), "cmsi-2004-3.txt")) == _whole(SAMPLE)


def test_a_lists_items_after_a_comma_are_never_joined_into_one_figure():
    assert normalise_text("1,\u00a0225 mortgage loans") == "1,225 mortgage loans"
    assert normalise_text("from $54,\u00a0470 and $1,\u00a0000,\u00a0000") == "from $54,470 and $1,000,000"
    assert normalise_text("loans of 1, 225 and 3") == "loans of 1, 225 and 3"  # ordinary spaces: a list
    # a text set wholly in no-break spaces: its list's next items after a bare number, never one figure
    listed = "\u00a0".join("were 663, 154, 153 and 970, respectively".split())
    assert normalise_text(listed) == "were 663, 154, 153 and 970, respectively"
    assert normalise_text("years 1,\u00a02250") == "years 1, 2250"  # no thousands: four digits after the comma


# --- a page break inside an HTML table ------------------------------------------------------------------------

_BREAKS_IN_A_TABLE = {
    "a row's own page-break-before": (
        '<tr style="page-break-before:always"><td>Citicorp Mortgage Securities, Inc.</td></tr><tr><td>May 7, 2004</td></tr>'
    ),
    "a row's own page-break-after": (
        '<tr style="page-break-after: always"><td colspan=9>&nbsp;</td></tr>'
        "<tr><td>Citicorp Mortgage Securities, Inc.</td></tr><tr><td>May 7, 2004</td></tr>"
    ),
    "a rule's page-break-after in a cell": (
        "<tr><td colspan=9><hr style='page-break-after:always'></td></tr><tr><td>&nbsp;</td></tr>"
        "<tr><td>Citicorp Mortgage Securities, Inc.</td></tr>"
    ),
}


@pytest.mark.parametrize("every_table", [True, False], ids=["in every table", "in one table"])
@pytest.mark.parametrize("page_break", sorted(_BREAKS_IN_A_TABLE))
def test_a_page_break_inside_a_table_makes_the_head_after_it_the_pages(page_break, every_table):
    # No break was made: the page's head, no headings repeated under it, was joined to the row label above
    # ("Townhouses Citicorp Mortgage Securities, Inc. May 7, 2004", "Michigan Citicorp ...") with a doubt that it
    # "could end the row above", and a state unknown. After a text filing's <PAGE> the same words are furniture.
    def split(table) -> str:
        inside = _BREAKS_IN_A_TABLE[page_break] if every_table or table.title == SAMPLE.tables[3].title else ""
        return _printer_table(table, inside=inside)

    page = _page(split)
    assert page.count("page-break") == (5 if every_table else 1)
    deal = _read(page.encode(), "cmsi-2004-3.htm")
    assert _but_lines(_whole(deal)) == _but_lines(_whole(_read(_page(_printer_table).encode(), "cmsi-2004-3.htm")))
    assert [r.label for r in deal.tables[3].rows] == [r.label for r in SAMPLE.tables[3].rows]
    assert deal.warnings == SAMPLE.warnings
