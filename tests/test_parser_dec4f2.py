"""Submissions' exhibits, HTML page breaks and no-break spaces a red team found misread (Dec 4, f2), each a
bundled sample edited in the test: a no-break space after a thousands comma, an exhibit of Computational
Materials beside the pool description, a pool description only in a PDF exhibit, and a page break inside an
HTML table."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from sample_deals import read_sample

import reporting
from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.present.jsonio import deal_to_dict, deal_to_json
from reporting.read.deal_json import deal_from_json
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


@pytest.mark.parametrize(
    "space", ["&nbsp;", "&#160;", "\u00a0", "&#8239;"], ids=["&nbsp;", "&#160;", "raw", "narrow no-break space"]
)
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
    "a paragraph's page-break-before in the head's cell": (
        "<tr><td><p style='page-break-before:always'>Citicorp Mortgage Securities, Inc.</p></td></tr>"
        "<tr><td>May 7, 2004</td></tr>"
    ),
    "Word's <br> page break in the head's cell": (
        "<tr><td><br clear=all style='page-break-before:always'>Citicorp Mortgage Securities, Inc.</td></tr>"
    ),
    "a <tbody>'s page-break-before": (
        "</tbody><tbody style='page-break-before:always'><tr><td>Citicorp Mortgage Securities, Inc.</td></tr>"
    ),
    "a <PAGE> in a cell": "<tr><td><PAGE></td></tr><tr><td>Citicorp Mortgage Securities, Inc.</td></tr>",
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
    assert len(re.findall("page-break|<PAGE>", page)) == (5 if every_table else 1)
    deal = _read(page.encode(), "cmsi-2004-3.htm")
    assert _but_lines(_whole(deal)) == _but_lines(_whole(_read(_page(_printer_table).encode(), "cmsi-2004-3.htm")))
    assert [r.label for r in deal.tables[3].rows] == [r.label for r in SAMPLE.tables[3].rows]
    assert deal.warnings == SAMPLE.warnings


# --- an EDGAR submission's exhibits: Computational Materials beside the term sheet, a PDF alone ----------------


def _years_table() -> str:
    """The sample's table of years of origination, as the term sheet prints it."""
    start = TERM_SHEET.index("                     YEARS OF ORIGINATION")
    return TERM_SHEET[start : TERM_SHEET.index("TYPES OF DWELLINGS", start)].rstrip(" ")


def _hypothetical(word: str = "Computational Materials") -> str:
    """An exhibit of a hypothetical pool: the sample's years table with other figures, as an underwriter's
    Computational Materials (or a servicing report) set it."""
    table = _years_table()
    for old, new in (
        ("73", "70"),
        ("$ 34,980,358", "$ 30,000,000"),
        ("1,152", "1,100"),
        ("584,820,420", "470,000,000"),
    ):
        table = table.replace(old, new.rjust(len(old)), 1)
    table = table.replace("1,225", "1,170").replace("$619,800,778", "$500,000,000")
    return (
        f"                       CITICORP MORTGAGE SECURITIES, INC.\n\n                       {word.upper()}\n\n"
        "     The information herein describes a hypothetical pool of mortgage loans, as of May 1, 2004, prepared\n"
        "by the underwriter; the actual mortgage loans will differ.\n\n" + table
    )


def _envelope(*documents: tuple[str, str, str], item: str = "") -> bytes:
    """A full submission of the 2004-3 term sheet's 8-K: its cover, ``item`` and signatures in the 8-K, then
    ``documents`` (type, file name, text)."""
    cover, _, rest = TERM_SHEET.partition("\n<PAGE>\n")
    signatures = rest.rpartition("\n<PAGE>\n")[2]
    parts = [("8-K", "d8k.txt", f"{cover}\n<PAGE>\n{item}{signatures}"), *documents]
    return (
        "<SEC-DOCUMENT>0001056404-04-001234.txt : 20040507\n<SEC-HEADER>0001056404-04-001234.hdr.sgml : 20040507\n"
        "ACCESSION NUMBER:\t\t0001056404-04-001234\nCONFORMED SUBMISSION TYPE:\t8-K\n</SEC-HEADER>\n"
        + "".join(
            f"<DOCUMENT>\n<TYPE>{kind}\n<SEQUENCE>{i}\n<FILENAME>{name}\n<TEXT>\n{text}\n</TEXT>\n</DOCUMENT>\n"
            for i, (kind, name, text) in enumerate(parts, 1)
        )
        + "</SEC-DOCUMENT>\n"
    ).encode()


def _body() -> str:
    """The sample's pool description: from its first page break to its signatures' page."""
    return TERM_SHEET.partition("\n<PAGE>\n")[2].rpartition("\n<PAGE>\n")[0]


_PDF = '<PDF>\nbegin 644 ex99-1.pdf\nM)5!$1BTQ+C0*)>+CS],*,2`P(&]B:@H\\/"]4>7!E+T-A=&%L;V<O4&%G97,@\n`\nend\n</PDF>'


@pytest.mark.parametrize(
    "word, why",
    [
        ("Computational Materials", "Computational Materials, not a mortgage pool description"),
        ("Monthly Servicing Report", "a monthly servicing report, not a mortgage pool description"),
    ],
)
def test_an_exhibit_of_another_kind_beside_the_term_sheet_is_left_out_and_said(word, why):
    # EX-99.2's hypothetical pool ($500,000,000, 1,170 loans) was read as one more table of the deal's pool: its
    # total failed against the pool's $619,800,778 and the verdict was "failed", a false alarm.
    alone = _envelope(("EX-99.1", "ex99-1.txt", _body()))
    data = _envelope(("EX-99.1", "ex99-1.txt", _body()), ("EX-99.2", "ex99-2.txt", _hypothetical(word)))
    deal, without = _read(data, "0001056404-04-001234.txt"), _read(alone, "0001056404-04-001234.txt")
    assert deal.verdict == without.verdict
    assert all(c.passed for c in deal.checks)
    said = f"EX-99.2 (ex99-2.txt) is {why}: left out, not read as the deal's"
    assert deal.warnings == (*without.warnings, said)
    whole, expected = _whole(deal), _whole(without)
    assert whole.pop("warnings") != expected.pop("warnings")
    assert whole == expected
    assert [t.total.balance for t in deal.tables][:1] == [619800778]


def test_a_submission_of_computational_materials_only_is_still_refused():
    from reporting.errors import FilingError

    with pytest.raises(FilingError) as refused:
        _read(_envelope(("EX-99.2", "ex99-2.txt", _hypothetical())), "0001056404-04-001234.txt")
    assert str(refused.value).endswith("Computational Materials, not a mortgage pool description")


def test_a_pool_description_only_in_a_pdf_exhibit_says_so_in_the_verdict():
    # "not verifiable: the filing states no pool figures to reconcile": the description is there, in a PDF
    # this tool does not read.
    intro = "Item 5.  Other Events.\n\n     The following are Collateral Term Sheets prepared by the underwriter.\n\n"
    data = _envelope(("EX-99.1", "ex99-1.pdf", _PDF), item=intro)
    deal = _read(data, "0001056404-04-001234.txt")
    assert not deal.pools
    assert deal.verdict_reason == (
        "not verifiable: the pool description is in EX-99.1 (ex99-1.pdf), a PDF exhibit, which is not read"
    )
    assert "EX-99.1 (ex99-1.pdf), a PDF exhibit, is not read" in deal.warnings
    data = deal_to_dict(deal)
    jsonschema.validate(data, json.loads((Path(reporting.__file__).parent / "schema/deal.schema.json").read_text()))
    assert deal_from_json(deal_to_json(deal)).verdict_reason == deal.verdict_reason


def test_a_pdf_copy_beside_the_exhibits_text_is_nothing_to_say():
    text_only = _envelope(("EX-99.1", "ex99-1.txt", _body()))
    with_copy = _envelope(("EX-99.1", "ex99-1.txt", _body()), ("EX-99.1", "ex99-1.pdf", _PDF))
    assert _whole(_read(with_copy, "s.txt")) == _whole(_read(text_only, "s.txt"))


def test_an_8k_that_only_points_to_a_pdf_exhibit_is_refused_saying_where_the_description_may_be():
    from reporting.errors import FilingError

    data = _envelope(("EX-99.1", "ex99-1.pdf", _PDF), item="Item 5.  Other Events.  See Exhibit 99.1.\n\n")
    with pytest.raises(FilingError) as refused:
        _read(data, "0001056404-04-001234.txt")
    assert str(refused.value) == (
        "0001056404-04-001234.txt: not a mortgage pool description (no collateral term sheet or detailed description"
        " found); the pool description may be in EX-99.1 (ex99-1.pdf), a PDF exhibit, which is not read"
    )


_EXHIBIT_LIST = (
    "Item 7.  Financial Statements and Exhibits.\n\n"
    "     Exhibit 99.1  Computational Materials (filed under separate cover)\n"
    "     Exhibit 99.2  Collateral Term Sheets\n\n"
)


@pytest.mark.parametrize("where", ["a text filing", "the 8-K of a submission", "the exhibit's own legend"])
def test_computational_materials_named_before_the_term_sheets_own_opening_sentence_refuse_nothing(where):
    # An 8-K listing its exhibits, Computational Materials first: the first marker was "computational materials",
    # and the whole term sheet was refused (exit 2: "Computational Materials, not a mortgage pool description"),
    # or, an exhibit's legend naming them first, the exhibit was left out. The term sheets' own opening sentence
    # ("The following are Collateral Term Sheets prepared by ...") says what the filing is, wherever it stands.
    legend = "  (Superseding any Computational Materials furnished before)\n\n"
    if where == "a text filing":
        text = TERM_SHEET.replace("Item 5.        Other Events.", _EXHIBIT_LIST + "Item 5.        Other Events.", 1)
        deal, expected = _read(text.encode(), "cmsi-2004-3.txt"), SAMPLE
    else:
        item, body = (_EXHIBIT_LIST, _body()) if where == "the 8-K of a submission" else ("", legend + _body())
        deal = _read(_envelope(("EX-99.2", "ex99-2.txt", body), item=item), "s.txt")
        expected = _read(_envelope(("EX-99.2", "ex99-2.txt", _body())), "s.txt")
    assert deal.checks_passed and len(deal.tables) == 7
    assert _but_lines(_whole(deal)) == _but_lines(_whole(expected))
