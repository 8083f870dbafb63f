"""Envelopes and layouts of real EDGAR 8-Ks the other tests lack, each made from a copy of a bundled sample:
the same figures must be read, or a figure that cannot be must be said, never misread."""

from __future__ import annotations

import html
import re

import pytest
from facts import deal_facts, rows_read, table_titled

from reporting.errors import FilingError
from reporting.model.deal import Deal, PercentMatrix, StratTable
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes

# --- HTML: a column's figures one to a line in a single cell -------------------------------------------


def _stacked_table(table: StratTable, wrap_labels: bool, total_inside: bool = False) -> str:
    """The table as some filing agents set it: its rows in one row of cells, each cell a column's
    figures one to a line ("2003<br>2004 | 73<br>1,152 | $34,980,358<br>584,820,420"), the Total under it."""

    def label(text: str) -> str:
        words = text.split()
        if wrap_labels and len(words) > 3:  # a long label over two lines, its figures' cells left as they are
            return html.escape(" ".join(words[:3])) + "<br>" + html.escape(" ".join(words[3:]))
        return html.escape(text)

    labels = "<br>".join(label(r.label) for r in table.rows)
    counts = "<br>".join(f"{r.count:,}" for r in table.rows)
    balances = "<br>".join(("$" if i == 0 else "") + f"{r.balance:,.0f}" for i, r in enumerate(table.rows))
    total = f"<tr><td>Total</td><td>{table.total.count:,}</td><td>${table.total.balance:,.0f}</td></tr>"
    if total_inside:  # the Total in the same cells, under a rule a line of its own
        labels += "<br><br>Total"
        counts += f"<br>------<br>{table.total.count:,}"
        balances += f"<br>------------<br>${table.total.balance:,.0f}"
        total = ""
    return (
        f"<p align=center><b>{html.escape(table.title)}</b></p><table>"
        f"<tr><td>{html.escape(table.label_header)}</td><td>Number of<br>Loans</td>"
        "<td>Aggregate Principal<br>Balances Outstanding</td></tr>"
        f'<tr><td>{labels}</td><td align="right">{counts}</td><td align="right">{balances}</td></tr>'
        f"{total}</table>"
    )


def _stacked_matrix(matrix: PercentMatrix) -> str:
    columns = [*zip(*[(*cells, total) for cells, total in zip(matrix.cells, matrix.row_totals)])]
    figures = "".join(
        '<td align="right">' + "<br>".join(f"{v:.2f}" + ("%" if i == 0 else "") for i, v in enumerate(c)) + "</td>"
        for c in columns
    )
    totals = "".join(f'<td align="right">{v:.2f}%</td>' for v in (*matrix.col_totals, matrix.grand_total))
    return (
        f"<p align=center><b>{html.escape(matrix.title)}</b></p><table>"
        f'<tr><td>{html.escape(matrix.row_header)}</td><td colspan="7">{html.escape(matrix.col_header)}</td></tr>'
        "<tr><td></td>" + "".join(f"<td>{html.escape(c)}</td>" for c in (*matrix.col_labels, "All loans")) + "</tr>"
        f"<tr><td>{'<br>'.join(html.escape(x) for x in matrix.row_labels)}</td>{figures}</tr>"
        f"<tr><td>Total</td>{totals}</tr></table>"
    )


def _stacked_filing(text: str, deal: Deal, wrap_labels: bool = False, total_inside: bool = False) -> str:
    """The sample's text in <p> paragraphs, each table and the matrix set stacked, as an HTML 8-K."""
    lines, parts, start = text.split("\n"), [], 0
    for item in sorted((*deal.tables, *deal.matrices), key=lambda t: t.line_range[0]):
        first, last = item.line_range[0] - 1, item.line_range[-1]
        parts.append(_paragraphs(lines[start:first]))
        if isinstance(item, PercentMatrix):
            parts.append(_stacked_matrix(item))
        else:
            parts.append(_stacked_table(item, wrap_labels, total_inside))
        start = last + 1 if lines[last : last + 1] and set(lines[last].strip()) <= {"="} else last
    parts.append(_paragraphs(lines[start:]))
    return "<html><body>\n" + "\n".join(parts) + "\n</body></html>\n"


def _paragraphs(lines: list[str]) -> str:
    chunk = "\n".join(line for line in lines if line.strip() != "<PAGE>")
    return "\n".join(
        "<p>" + html.escape(" ".join(p.split())) + "</p>" for p in re.split(r"\n\s*\n", chunk) if p.strip()
    )


@pytest.mark.parametrize("total_inside", [False, True])
def test_a_columns_figures_one_to_a_line_in_one_cell_are_the_rows_a_browser_shows(
    term_sheet_path, term_sheet, total_inside
):
    # Read joined, "73 1,152" and "$34,980,358 584,820,420" gave the year 2003 34,980,358 loans and a balance
    # of $584,820,420, and the matrix one row of the "All loans" column's figures.
    page = _stacked_filing(term_sheet_path.read_text(), term_sheet, total_inside=total_inside)
    assert "<td>2003<br>2004" in page
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-3.htm"))
    assert [rows_read(t) for t in deal.tables] == [rows_read(t) for t in term_sheet.tables]
    assert rows_read(table_titled(deal, "YEARS OF ORIGINATION"))[0] == ("2003", 73, 34980358.0)
    assert [(m.row_labels, m.cells, m.row_totals) for m in deal.matrices] == [
        (m.row_labels, m.cells, m.row_totals) for m in term_sheet.matrices
    ]
    assert deal.checks_passed and len(deal.checks) == len(term_sheet.checks)


def test_stacked_figures_beside_labels_of_more_lines_are_left_out_and_said(term_sheet_path, term_sheet):
    # "Condominium Units (one to four" / "stories high)" takes two lines beside one of figures: which figures
    # are whose cannot be told, so the table is not read, and that is said; never a row's figures given another.
    page = _stacked_filing(term_sheet_path.read_text(), term_sheet, wrap_labels=True)
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-3.htm"))
    sample_rows = {(t.title, row) for t in term_sheet.tables for row in rows_read(t)}
    assert all((t.title, row) in sample_rows for t in deal.tables for row in rows_read(t))
    assert "TYPES OF DWELLINGS SUBJECT TO MORTGAGE LOANS" not in [t.title for t in deal.tables]
    said = [w for w in deal.warnings if "TYPES OF DWELLINGS" in w]
    assert said and said[0].endswith(
        "hold several rows' figures one to a line, beside cells whose lines do not"
        " match them one for one, so which row each figure is of is not certain;"
        " left out, not misread"
    )
    years = table_titled(deal, "YEARS OF ORIGINATION")
    assert rows_read(years) == rows_read(table_titled(term_sheet, "YEARS OF ORIGINATION"))


# --- line ends -----------------------------------------------------------------------------------------


def test_crs_run_together_before_each_line_feed_end_one_line(term_sheet_path, term_sheet):
    # A CRLF file converted again ("\r\r\n" at every line's end) read as a blank line after every line: the
    # LTV table's title lost its first line and the FICO x LTV matrix was lost, nothing said.
    data = term_sheet_path.read_bytes().replace(b"\n", b"\r\r\n")
    deal = load_filing(ingest_bytes(data, "cmsi-2004-3.txt"))
    assert deal_facts(deal) == deal_facts(term_sheet)
    assert [m.cells for m in deal.matrices] == [m.cells for m in term_sheet.matrices]


# --- EDGAR full submissions as served: the 8-K, its exhibits, a PDF copy, a graphic -----------------------


def _document(kind: str, sequence: int, filename: str, text: str) -> str:
    return (
        f"<DOCUMENT>\n<TYPE>{kind}\n<SEQUENCE>{sequence}\n<FILENAME>{filename}\n<TEXT>\n{text}\n</TEXT>\n</DOCUMENT>\n"
    )


def _cover_and_body(text: str) -> tuple[str, str, str]:
    """The sample's cover (to its first <PAGE>), its pool description, and its signatures' page."""
    cover, _, rest = text.partition("\n<PAGE>\n")
    body, _, signatures = rest.rpartition("\n<PAGE>\n")
    return cover, body, signatures


def _submission(*documents: str) -> bytes:
    return (
        "<SEC-DOCUMENT>0001056404-04-001234.txt : 20040507\n<SEC-HEADER>0001056404-04-001234.hdr.sgml : 20040507\n"
        "ACCESSION NUMBER:\t\t0001056404-04-001234\nCONFORMED SUBMISSION TYPE:\t8-K\n</SEC-HEADER>\n"
        + "".join(documents)
        + "</SEC-DOCUMENT>\n"
    ).encode()


_PDF_COPY = '<PDF>\nbegin 644 ex99.pdf\nM)5!$1BTQ+C0*)>+CS],*,2`P(&]B:@H\\/"]4>7!E+T-A=&%L;V<O4&%G97,@\n`\nend\n</PDF>'


def test_a_submission_describing_two_series_is_refused_in_one_line(term_sheet_path, detailed_path):
    # The 2004-3 term sheet in EX-99.1 and the 2004-8 description in EX-99.2 of one submission were read as one
    # deal: the 2004-3 pool took 2004-8's cut-off date, trustee, paying agent, clean-up call and pool I.
    cover, body, signatures = _cover_and_body(term_sheet_path.read_text())
    other = _cover_and_body(detailed_path.read_text())[1]
    data = _submission(
        _document("8-K", 1, "y97231e8vk.txt", f"{cover}\n<PAGE>\n{signatures}"),
        _document("EX-99.1", 2, "y97231exv99w1.txt", body),
        _document("EX-99.1", 3, "y97231exv99w1.pdf", _PDF_COPY),
        _document("EX-99.2", 4, "y97231exv99w2.txt", other),
    )
    with pytest.raises(FilingError) as refused:
        load_filing(ingest_bytes(data, "0001056404-04-001234.txt"))
    assert str(refused.value) == (
        "0001056404-04-001234.txt: describes the certificates of several series (2004-3, 2004-8);"
        " termsheet reads one series a filing"
    )


def test_an_exhibit_filed_twice_as_text_and_as_html_is_read_once(term_sheet_path, term_sheet):
    # The term sheets in EX-99.1 as text and again as an HTML page of the same text: every table stood twice.
    cover, body, signatures = _cover_and_body(term_sheet_path.read_text())
    page = f"<html><body><pre>{html.escape(body)}</pre></body></html>"
    data = _submission(
        _document("8-K", 1, "y97231e8vk.txt", f"{cover}\n<PAGE>\n{signatures}"),
        _document("EX-99.1", 2, "y97231exv99w1.txt", body),
        _document("EX-99.1", 3, "y97231exv99w1.htm", page),
    )
    deal = load_filing(ingest_bytes(data, "0001056404-04-001234.txt"))
    assert [rows_read(t) for t in deal.tables] == [rows_read(t) for t in term_sheet.tables]
    assert len(deal.matrices) == 1 and deal.checks_passed and len(deal.checks) == len(term_sheet.checks)


# --- HTML: a table's headings, or each of its rows, in a table of their own -----------------------------


def _split_table(table: StratTable, how: str) -> str:
    """The table as some filing agents set it: its headings in a table of their own right over a table of its
    rows ("headings apart"), or each row in a table of its own ("a table a row"), nothing between them."""
    heads = (
        f"<tr><td>{html.escape(table.label_header)}</td><td>Number of<br>Loans</td>"
        "<td>Aggregate Principal<br>Balances Outstanding</td></tr>"
    )
    rows = [
        f'<tr><td>{html.escape(r.label)}</td><td align="right">{r.count:,}</td>'
        f'<td align="right">{"$" if i == 0 else ""}{r.balance:,.0f}</td></tr>'
        for i, r in enumerate(table.rows)
    ]
    rows.append(f"<tr><td>Total</td><td>{table.total.count:,}</td><td>${table.total.balance:,.0f}</td></tr>")
    title = f"<p align=center><b>{html.escape(table.title)}</b></p>"
    if how == "headings apart":
        return f"{title}<table>{heads}</table>\n<table>{''.join(rows)}</table>"
    return title + "\n".join(f'<table width="100%">{row}</table>' for row in [heads, *rows])


def _split_filing(text: str, deal: Deal, how: str) -> str:
    lines, parts, start = text.split("\n"), [], 0
    for item in sorted(deal.tables, key=lambda t: t.line_range[0]):
        first, last = item.line_range[0] - 1, item.line_range[-1]
        parts += [_paragraphs(lines[start:first]), _split_table(item, how)]
        start = last
    matrix = deal.matrices[0]
    parts.append(_paragraphs(lines[start : matrix.line_range[0] - 1]))  # the matrix as the text sets it
    parts.append("<pre>" + html.escape("\n".join(lines[matrix.line_range[0] - 1 : matrix.line_range[-1]])) + "</pre>")
    parts.append(_paragraphs(lines[matrix.line_range[-1] :]))
    return "<html><body>\n" + "\n".join(parts) + "\n</body></html>\n"


@pytest.mark.parametrize("how", ["headings apart", "a table a row"])
def test_a_tables_headings_or_rows_in_tables_of_their_own_are_one_table(term_sheet_path, term_sheet, how):
    # Laid out each on its own, the headings stood over no column of the rows' figures: the loan counts of
    # four tables were "not shown", and each row in a table of its own lost every count.
    page = _split_filing(term_sheet_path.read_text(), term_sheet, how)
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-3.htm"))
    assert [rows_read(t) for t in deal.tables] == [rows_read(t) for t in term_sheet.tables]
    assert [(t.total.count, t.total.balance) for t in deal.tables] == [
        (t.total.count, t.total.balance) for t in term_sheet.tables
    ]
    assert deal.checks_passed and len(deal.checks) == len(term_sheet.checks)
