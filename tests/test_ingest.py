"""Every envelope a filing arrives in gives the same deal as the plain-text seed."""

from __future__ import annotations

import html
import re

import pytest
from facts import deal_facts

from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes, read_filing


def _facts(deal) -> dict:
    """The deal's facts without where they came from (the file, and the lines of it: a layout moves them)."""
    return deal_facts(deal)


@pytest.fixture(scope="module")
def seed_text(term_sheet_path) -> str:
    return term_sheet_path.read_text()


@pytest.fixture(scope="module")
def seed_facts(term_sheet) -> dict:
    return _facts(term_sheet)


def sgml_submission(text: str) -> str:
    """An EDGAR full submission: SGML header, the 8-K and an unrelated graphic document."""
    return (
        "<SEC-DOCUMENT>0000950123-04-005678.txt : 20040507\n"
        "<SEC-HEADER>0000950123-04-005678.hdr.sgml : 20040507\n"
        "ACCESSION NUMBER:\t\t0000950123-04-005678\nCONFORMED SUBMISSION TYPE:\t8-K\n"
        "FILER:\n\tCOMPANY DATA:\n\t\tCOMPANY CONFORMED NAME:\t\t\tCITICORP MORTGAGE SECURITIES INC\n"
        "</SEC-HEADER>\n"
        "<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n<FILENAME>y97231e8vk.txt\n<DESCRIPTION>FORM 8-K\n<TEXT>\n"
        f"{text}\n</TEXT>\n</DOCUMENT>\n"
        "<DOCUMENT>\n<TYPE>GRAPHIC\n<SEQUENCE>2\n<TEXT>\nbegin 644 logo.gif\nM1TE&.#EA\nend\n</TEXT>\n</DOCUMENT>\n"
        "</SEC-DOCUMENT>\n"
    )


def test_plain_text(term_sheet_path):
    filing = read_filing(term_sheet_path)
    assert (filing.envelope, filing.encoding) == ("plain", "utf-8")


def test_edgar_full_submission_picks_the_8k(seed_text, seed_facts):
    filing = ingest_bytes(sgml_submission(seed_text).encode(), "submission.txt")
    assert filing.envelope == "sgml"
    assert "begin 644" not in filing.text
    assert _facts(load_filing(filing)) == seed_facts


def test_submission_without_an_8k_is_refused():
    from reporting.errors import FilingError

    text = "<SEC-DOCUMENT>\n<DOCUMENT>\n<TYPE>10-K\n<TEXT>\nannual report\n</TEXT>\n</DOCUMENT>\n"
    with pytest.raises(FilingError, match="no 8-K document"):
        ingest_bytes(text.encode(), "x.txt")


def test_html_with_pre(seed_text, seed_facts):
    page = f"<html><head><title>8-K</title></head><body><pre>{html.escape(seed_text)}</pre></body></html>"
    filing = ingest_bytes(page.encode(), "filing.htm")
    assert filing.envelope == "html"
    assert _facts(load_filing(filing)) == seed_facts


@pytest.mark.parametrize(
    "section",
    ["<![", "<![foo[ a marked section no browser knows ]]>", "<![if !supportLists]>1.<![endif]>", "<![CDATA[ x ]]>"],
)
def test_a_marked_section_reads_as_a_browser_reads_it(seed_text, seed_facts, section):
    # Found by an outside fuzzing run: Python 3.11's HTML parser raised AssertionError on "<![" followed by
    # anything but a keyword it knows ("internal error"). A browser skips the section to its first ">".
    page = f"<html><body><pre>{html.escape(seed_text)}</pre>{section}<p>Signed.</p></body></html>"
    assert _facts(load_filing(ingest_bytes(page.encode(), "filing.htm"))) == seed_facts
    inside = f"<html><body><pre>{html.escape(seed_text)}</pre><a title='{section}'>link"  # its quote never closed
    assert _facts(load_filing(ingest_bytes(inside.encode(), "filing.htm"))) == seed_facts


@pytest.mark.parametrize(
    "header, label_header",
    [
        ("<tr><th>State</th><th>Number of Loans</th><th>Aggregate Principal Balances Outstanding</th></tr>", "State"),
        # The corner over the labels left blank, and a blank cell over the "$" column: EDGAR's habit.
        (
            "<tr><td>&nbsp;</td><td>Number of Loans</td><td>&nbsp;</td>"
            "<td>Aggregate Principal Balances Outstanding</td></tr>",
            "",
        ),
        # Headings broken over lines: a line break in a cell is a space.
        (
            "<tr><th>Mortgaged<br>Property State</th><th>Number of<br/>Loans</th>"
            "<th>Aggregate Principal<br>Balances Outstanding</th></tr>",
            "Mortgaged Property State",
        ),
    ],
)
@pytest.mark.parametrize("title_inside", [False, True], ids=["title above", "title in a row of its own"])
def test_html_tables_keep_their_layout(seed_text, header, label_header, title_inside):
    """A plain-HTML 8-K whose state table is an HTML <table>: rows, header and total come through.
    Its title stands above it, or in a row of its own inside it (spanning it, then a spacer row),
    as EDGAR HTML often has it: either way it is the title, never part of the heading."""
    prose_end = seed_text.index("GEOGRAPHIC DISTRIBUTION")
    prose = "".join(f"<p>{html.escape(p)}</p>" for p in seed_text[:prose_end].split("\n\n"))
    rows = "".join(
        f"<tr><td>{name}</td><td>{count}</td><td>$</td><td>{balance}</td></tr>"
        for name, count, balance in (
            ("California", "587", "296,923,131"),
            ("New York", "145", "75,979,640"),
            ("Other &amp; territories", "493", "246,898,007"),
        )
    )
    title = "GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE"
    above, inside = ("", f'<tr><td colspan="4"><b>{title}</b></td></tr><tr><td colspan="4">&nbsp;</td></tr>')
    if not title_inside:
        above, inside = f"<p>{title}</p>", ""
    table = (
        f"{above}<table>{inside}{header}"
        f"{rows}<tr><td>Total</td><td>1,225</td><td>$</td><td>619,800,778</td></tr></table>"
    )
    deal = load_filing(ingest_bytes(f"<html><body>{prose}{table}</body></html>".encode(), "filing.html"))
    states = next(t for t in deal.tables if "STATE" in t.title)
    assert states.title == title
    assert [(r.label, r.count, r.balance) for r in states.rows] == [
        ("California", 587, 296_923_131),
        ("New York", 145, 75_979_640),
        ("Other & territories", 493, 246_898_007),
    ]
    assert (states.total.count, states.total.balance) == (1225, 619_800_778)
    assert states.label_header == label_header  # never a figure's heading over the labels
    checked = [c for c in deal.checks if c.subject == states.title]
    assert len(checked) == 4 and all(c.passed for c in checked)  # counts and balances, rows and pool


def test_an_html_matrix_keeps_its_headings_over_the_columns_they_span(seed_text, term_sheet):
    """The FICO x LTV matrix as EDGAR HTML sets it: a title row, then "FICO score" and a heading
    spanning every figure's column ("Loan-to-value ratio"), then the columns' own headings, "$"
    and "%" in cells of their own. The spanning heading is the columns' heading, never part of
    the first column's (it was lost, then read as "Loan-to-value ratio 65.00% and below")."""
    sample = term_sheet.matrices[0]
    prose_end = seed_text.index("DISTRIBUTION BY FICO")
    prose = "".join(f"<p>{html.escape(p)}</p>" for p in seed_text[:prose_end].split("\n\n"))
    span = 2 * len(sample.col_labels) + 2

    def figures(values) -> str:
        return "".join(f"<td>{v:.2f}</td><td>%</td>" for v in values)

    rows = [
        f'<tr><td colspan="{span}"><b>{html.escape(sample.title)}</b></td></tr>',
        f'<tr><td>FICO score</td><td colspan="{span - 1}" align="center">Loan-to-value ratio</td></tr>',
        "<tr><td></td>"
        + "".join(f'<td colspan="2">{html.escape(c)}</td>' for c in (*sample.col_labels, "All loans"))
        + "</tr>",
        *(
            f"<tr><td>{html.escape(label)}</td>{figures(cells)}</tr>"
            for label, cells in zip(sample.row_labels, [(*c, t) for c, t in zip(sample.cells, sample.row_totals)])
        ),
        f"<tr><td>Total</td>{figures((*sample.col_totals, sample.grand_total))}</tr>",
    ]
    page = f"<html><body>{prose}<table>{''.join(rows)}</table></body></html>"
    matrix = load_filing(ingest_bytes(page.encode(), "filing.htm")).matrices[0]
    assert (matrix.title, matrix.row_header, matrix.col_header) == (sample.title, "FICO score", "Loan-to-value ratio")
    assert (matrix.col_labels, matrix.row_labels, matrix.cells) == (sample.col_labels, sample.row_labels, sample.cells)


def test_curly_quotes_of_a_word_processor_read_as_straight_ones(detailed_path, detailed):
    """A text filing in Windows-1252 with curly quotes (bytes 0x93, 0x94) and apostrophes (0x92):
    each pool's description and term range were lost, and a policy became "Other policy"."""
    text = detailed_path.read_text()
    curly = re.sub(r'"([^"\n]*(?:\n[^"\n]*)?)"', "\u201c\\1\u201d", text).replace("'", "\u2019")
    assert curly.count("\u201c") >= 3 and "borrower\u2019s" in curly
    deal = load_filing(ingest_bytes(curly.encode("cp1252"), "cmsi-2004-8.txt"))
    assert deal.source.encoding == "cp1252"
    assert [(p.description, p.original_term_min_years, [u.policy for u in p.underwriting]) for p in deal.pools] == [
        (p.description, p.original_term_min_years, [u.policy for u in p.underwriting]) for p in detailed.pools
    ]


def test_crlf_tabs_and_form_feeds(seed_text, seed_facts):
    mangled = seed_text.replace("\n<PAGE>\n", "\n\x0c\n").replace("\n", "\r\n").replace("        ", "\t")
    assert _facts(load_filing(ingest_bytes(mangled.encode(), "crlf.txt"))) == seed_facts


def test_cp1252_bytes(seed_text, seed_facts):
    # Curly quotes and a section sign: bytes 0x93 0x94 0xa7 are not UTF-8.
    text = seed_text.replace('("CMSI")', "(\u201cCMSI\u201d \u00a7)")
    filing = ingest_bytes(text.encode("cp1252"), "cp1252.txt")
    assert filing.encoding == "cp1252"
    assert '"CMSI" \u00a7' in filing.text  # decoded, then as a typewriter's quotes (ingest._TYPOGRAPHERS_QUOTES)
    assert _facts(load_filing(filing)) == seed_facts


def test_page_marker_and_repeated_header_inside_a_table(seed_text, seed_facts):
    """A page break in the middle of the state table, with the header printed again."""
    header = (
        "                                  Number of                 Aggregate Principal\n"
        "State                             Loans                    Balances Outstanding\n"
        "-----                             --------                 --------------------\n"
    )
    broken = seed_text.replace(
        "Idaho ", "\n<PAGE>\n\n          GEOGRAPHIC DISTRIBUTION (continued)\n\n" + header + "\nIdaho ", 1
    )
    assert broken != seed_text
    assert _facts(load_filing(ingest_bytes(broken.encode(), "paged.txt"))) == seed_facts


def test_edgar_escaped_rule_lines_and_sgml_table_tags(seed_text, seed_facts):
    escaped = "\n".join("- " + line if line.startswith("-") else line for line in seed_text.split("\n"))
    escaped = escaped.replace(
        "YEARS OF ORIGINATION OF MORTGAGE LOANS\n", "YEARS OF ORIGINATION OF MORTGAGE LOANS\n<TABLE>\n<CAPTION>\n", 1
    )
    filing = ingest_bytes(escaped.encode(), "escaped.txt")
    assert "\n- ---" not in filing.text and "<CAPTION>" not in filing.text
    assert _facts(load_filing(filing)) == seed_facts


def _submission_with_exhibit(text: str, exhibit_type: str, exhibit_first: bool) -> str:
    """A full submission whose 8-K holds the cover and whose exhibit holds the pool description."""
    cover, body = re.split(r"(?m)^(?=Item 5\.)", text, maxsplit=1)
    form = f"<DOCUMENT>\n<TYPE>8-K\n<SEQUENCE>1\n<TEXT>\n{cover}\nItem 5. See Exhibit 99.1.\n</TEXT>\n</DOCUMENT>\n"
    exhibit = f"<DOCUMENT>\n<TYPE>{exhibit_type}\n<SEQUENCE>2\n<TEXT>\n{body}\n</TEXT>\n</DOCUMENT>\n"
    documents = exhibit + form if exhibit_first else form + exhibit
    return f"<SEC-DOCUMENT>0000950123-04-005678.txt : 20040507\n{documents}</SEC-DOCUMENT>\n"


@pytest.mark.parametrize(
    "exhibit_type, exhibit_first",
    [("EX-99.1", False), ("EX-20", False), ("EX-28", False), ("EX-99.1", True)],
    ids=["in an EX-99.1", "in a 1990s EX-20", "in an early EX-28", "in an exhibit set before the 8-K"],
)
def test_a_pool_description_in_an_exhibit_is_read_with_the_8k(seed_text, seed_facts, exhibit_type, exhibit_first):
    filing = ingest_bytes(_submission_with_exhibit(seed_text, exhibit_type, exhibit_first).encode(), "submission.txt")
    assert filing.envelope == "sgml"
    assert _facts(load_filing(filing)) == seed_facts
