"""The 2004-3 term sheet as EDGAR HTML is set by word processors and filing agents: the same
facts, whatever the markup. Each filing here is the sample's text with its paragraphs in <p>
and its tables and matrix as HTML tables ("$" and "%" in cells of their own), in one of the
ways an outside probe found misread: figures lost, sentences split, titles cut."""

from __future__ import annotations

import dataclasses
import html
import re

import pytest

from reporting.model.deal import Deal, PercentMatrix, StratTable
from reporting.pipeline import load_filing
from reporting.read.html_tables import one_figure
from reporting.read.ingest import ingest_bytes


def facts(deal: Deal) -> dict:
    """What a reader compares: each pool's figures, each table's and the matrix's words and
    figures, and the verdict (not the lines they were read from, which a layout moves)."""

    def bare(value):
        if dataclasses.is_dataclass(value):
            value = dataclasses.asdict(value)
        if isinstance(value, dict):
            return {k: bare(v) for k, v in value.items() if "lines" not in k and k not in ("provenance", "warnings")}
        if isinstance(value, list | tuple):
            return [bare(v) for v in value]
        return value

    tables = [
        (t.title, t.label_header, [(r.label, r.count, r.balance) for r in t.rows], bare(t.total)) for t in deal.tables
    ]
    matrices = [(m.title, m.row_header, m.col_header, m.row_labels, m.col_labels, m.cells) for m in deal.matrices]
    pools = [{k: v for k, v in bare(p).items() if k != "derived"} for p in deal.pools]
    return {"pools": pools, "tables": tables, "matrices": matrices, "verdict": deal.verdict}


def html_filing(text: str, deal: Deal, style: str) -> str:
    """``text`` (the sample ``deal`` was read from) as an HTML page in ``style``."""
    lines = text.split("\n")
    parts, start = [], 0
    for item in sorted((*deal.tables, *deal.matrices), key=lambda t: t.line_range[0]):
        first, last = item.line_range[0] - 1, item.line_range[-1]
        parts.append(_prose(lines[start:first], style))
        parts.append(_matrix(item, style) if isinstance(item, PercentMatrix) else _table(item, style))
        start = last + 1 if lines[last : last + 1] and set(lines[last].strip()) <= {"="} else last
    parts.append(_prose(lines[start:], style))
    body = "\n".join(parts)
    if style == "end tags left out":
        body = body.replace("</td>", "").replace("</tr>", "")
    if style == "a spacer column before every row":
        body = body.replace("<tr>", '<tr><td width="2%">&nbsp;</td>')
    if style == "the whole document in a layout table":
        body = f'<table width="100%"><tr><td width="5%">&nbsp;</td><td>{body}</td></tr></table>'
    return f"<html><head><title>8-K</title></head><body>\n{body}\n</body></html>\n"


def _prose(lines: list[str], style: str) -> str:
    paragraphs = re.split(r"\n\s*\n", "\n".join(line for line in lines if line.strip() != "<PAGE>"))
    out = []
    for paragraph in (p for p in paragraphs if p.strip()):
        rows = [html.escape(line.strip()) for line in paragraph.split("\n") if line.strip()]
        if style == "curly quotes from a word processor":  # in Windows-1252 numbers, as Word wrote them
            rows = [re.sub(r"&quot;(.*?)&quot;", r"&#147;\1&#148;", row).replace("&#x27;", "&#146;") for row in rows]
        if style == "footnote numbers in <sup>":
            rows = [re.sub(r"\((\d)\)", r"<sup>\1</sup>", row) for row in rows]  # "98%(2)": "98%<sup>2</sup>"
        if style == "lines broken with <br />":
            out.append("<p>" + "<br />\n".join(rows) + "</p>")
        elif style == "a paragraph per printed line":
            out.append("\n".join(f'<p style="margin:0">{row}</p>' for row in rows) + '\n<p style="margin:0">&nbsp;</p>')
        else:
            out.append(f"<p>{' '.join(rows)}</p>")
    return "\n".join(out)


def _title(title: str, columns: int, style: str) -> tuple[str, str]:
    """What goes before the table, and its first rows: the title as the style sets it."""
    words = html.escape(title).split()
    half = " ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2 :])
    if style == "titles as captions":
        return "", f"<caption><b>{half[0]}<br>{half[1]}</b></caption>"
    if style == "a paragraph per printed line":
        return "".join(f'<p align="center" style="margin:0"><b>{h}</b></p>' for h in half), ""
    if style == "each table in a cell under its title":  # the title over two paragraphs
        return f'<table><tr><td><p align="center"><b>{half[0]}</b></p>\n<p align="center"><b>{half[1]}</b></p>', ""
    return f'<p align="center"><b>{" ".join(words)}</b></p>', ""


def _closing(style: str) -> str:
    return "</td></tr></table>" if style == "each table in a cell under its title" else ""


def _figure(value: float | None, dollar: bool, percent: bool = False) -> str:
    shown = "0" if value is None else f"{value:,.2f}" if percent else f"{value:,.0f}"
    return f'<td>{"$" if dollar else ""}</td><td align="right">{shown}</td><td>{"%" if percent else ""}</td>'


def _table(table: StratTable, style: str) -> str:
    before, caption = _title(table.title, 7, style)
    head = (
        f"<tr><td>{html.escape(table.label_header)}</td><td></td><td>Number of<br>Loans</td><td></td>"
        "<td></td><td>Aggregate Principal<br>Balances Outstanding</td><td></td></tr>"
    )
    if style == "headings over two rows":  # the label's heading spans both rows; the others' words split
        head = (
            f'<tr><td rowspan="2">{html.escape(table.label_header)}</td><td colspan="3">Number of</td>'
            '<td colspan="3">Aggregate Principal</td></tr>'
            '<tr><td colspan="3">Loans</td><td colspan="3">Balances Outstanding</td></tr>'
        )
    label = html.escape
    if style == "dollar signs set apart by a space":  # "$&nbsp;149,999 and under"
        label = lambda text: html.escape(text).replace("$", "$&nbsp;")  # noqa: E731
    rows = [
        f"<tr><td>{label(r.label)}</td>{_figure(r.count, False)}{_figure(r.balance, i == 0)}</tr>"
        for i, r in enumerate(table.rows)
    ]
    total = f"<tr><td>Total</td>{_figure(table.total.count, False)}{_figure(table.total.balance, True)}</tr>"
    if style == "a number before every row's label":  # "1. | 2003 | 73 | $ | 34,980,358": labels read "1. 2003"
        rows = [row.replace("<tr>", f"<tr><td>{i}.</td>", 1) for i, row in enumerate(rows, 1)]
        head, total = (part.replace("<tr>", "<tr><td></td>") for part in (head, total))
    if style == "totals underlined in their cells":  # "1,225<br>=====": every table was lost
        total = re.sub(r'(<td align="right">[^<]+)</td>', r"\1<br>=========</td>", total)
    notes = "".join(f"<p>{html.escape(n)}</p>" for n in table.footnotes)
    if style == "tables continued without their headings" and len(rows) > 4:
        half = len(rows) // 2
        continued = (
            f'<p>(continued on next page)</p>\n<p align="center"><b>{html.escape(table.title)} (continued)</b></p>'
        )
        return f"{before}<table>{caption}{head}{''.join(rows[:half])}</table>{continued}<table>{''.join(rows[half:])}{total}</table>{notes}"
    if style == "the footer written before the body":  # as HTML 4 has it; a browser draws it last
        return (
            f"{before}<table><thead>{head}</thead><tfoot>{total}</tfoot><tbody>{''.join(rows)}</tbody></table>{notes}"
        )
    return f"{before}<table>{caption}{head}{''.join(rows)}{total}</table>{_closing(style)}{notes}"


def _matrix(matrix: PercentMatrix, style: str) -> str:
    span = 3 * (len(matrix.col_labels) + 1)
    before, caption = _title(matrix.title, span + 1, style)
    head = [
        f'<tr><td>{html.escape(matrix.row_header)}</td><td colspan="{span}">{html.escape(matrix.col_header)}</td></tr>',
        "<tr><td></td>" + "".join(f'<td colspan="3">{html.escape(c)}</td>' for c in (*matrix.col_labels, "All loans")),
    ]
    if style == "headings over two rows":  # "65.00%" over "and below"; "All loans" spanning both rows
        words = [c.split(" ", 1) if " " in c else (c.split("-")[0] + "-", c.split("-")[1]) for c in matrix.col_labels]
        head = [
            f'<tr><td rowspan="3">{html.escape(matrix.row_header)}</td>'
            f'<td colspan="{span}">{html.escape(matrix.col_header)}</td></tr>',
            "<tr>"
            + "".join(f'<td colspan="3">{html.escape(w[0])}</td>' for w in words)
            + '<td colspan="3" rowspan="2">All loans</td></tr>',
            "<tr>" + "".join(f'<td colspan="3">{html.escape(w[1])}</td>' for w in words) + "</tr>",
        ]
    rows = [
        f"<tr><td>{html.escape(label)}</td>" + "".join(_figure(v, False, True) for v in (*cells, total)) + "</tr>"
        for label, cells, total in zip(matrix.row_labels, matrix.cells, matrix.row_totals)
    ]
    totals = (*matrix.col_totals, matrix.grand_total)
    rows.append("<tr><td>Total</td>" + "".join(_figure(v, False, True) for v in totals) + "</tr>")
    return f"{before}<table>{caption}{''.join(head)}{''.join(rows)}</table>{_closing(style)}"


STYLES = (
    "paragraphs and tables",
    "end tags left out",  # HTML 4 lets </td> and </tr> go: a whole table was lost, then every later one
    "lines broken with <br />",  # XHTML's break was read as two: every sentence split
    "a paragraph per printed line",  # and each title over two paragraphs: figures and titles lost
    "titles as captions",  # the caption was thrown away
    "each table in a cell under its title",  # a table in a cell: the cell's title was thrown away
    "the whole document in a layout table",  # refused as "not a mortgage pool description"
    "footnote numbers in <sup>",  # "98%2": the primary residence share lost
    "a spacer column before every row",  # the labels were read as figures' headings, the matrix lost its own
    "headings over two rows",  # rowspan and colspan: "State Loans"; "65.001%-and below", a column off
    "the footer written before the body",  # <tfoot> first: the Total read after the headings, tables lost
    "dollar signs set apart by a space",  # the size buckets' labels read "$ 149,999 and under"
    "totals underlined in their cells",
    # An outside audit: each table cut in two at a page, the second part under its title "(continued)" and
    # without its headings; the first part's 20 states were read as prose, and California as 0.00%.
    "tables continued without their headings",
    # An outside audit: every label of every table read "1. 2003", "4. California"; the check of the
    # balance above 80% LTV, whose buckets it could not read, was left out unsaid.
    "a number before every row's label",
)


@pytest.mark.parametrize("style", STYLES)
def test_the_term_sheet_in_html_reads_as_the_text(term_sheet_path, term_sheet, style):
    text = term_sheet_path.read_text()
    page = html_filing(text, term_sheet, style)
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-3.htm"))
    assert facts(deal) == facts(term_sheet)


def test_a_footnote_marker_in_a_figures_cell_leaves_the_figure(term_sheet_path, term_sheet):
    page = html_filing(term_sheet_path.read_text(), term_sheet, "paragraphs and tables")
    page = page.replace('<td align="right">29</td>', '<td align="right">29<sup>(1)</sup></td>', 1)
    assert "29<sup>(1)</sup>" in page
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-3.htm"))
    assert facts(deal) == facts(term_sheet)  # the row was lost, and the row after it


@pytest.mark.parametrize(
    "style",
    [
        "footnote numbers in <sup>",  # "95%2, 88%, 100% and 95%": no pool's primary residence share read
        "the whole document in a layout table",  # with no table inside it, one cell of prose: refused
        "a paragraph per printed line",
        "curly quotes from a word processor",  # no pool's description or term range; "Other policy"
    ],
)
def test_the_detailed_description_in_html_reads_as_the_text(detailed_path, detailed, style):
    page = html_filing(detailed_path.read_text(), detailed, style)
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-8.htm"))
    assert facts(deal) == facts(detailed)
    assert [(c.name, c.initial_balance, c.subordination_level) for c in deal.classes] == [
        (c.name, c.initial_balance, c.subordination_level) for c in detailed.classes
    ]


# --- from an outside review of the HTML reader: each markup, the text lines it must give --------------

REVIEWED = {
    "a table the document leaves open": (
        "<p>Intro.</p><table><tr><td>Loans</td><td>5</td><td>6</td>",
        ["Loans    5    6"],
    ),
    "a <head> never closed": (
        "<html><head><title>x</title><body><p>The pool has 5 loans.</p>",
        ["The pool has 5 loans."],
    ),
    "a <pre> left open in a cell": (
        "<table><tr><td><pre>Loans</td><td>7</td></tr></table><p>After.</p>",
        ["Loans    7", "After."],
    ),
    "figures in brackets, one digit": (
        "<table><tr><td>Name</td><td>A</td><td>B</td></tr><tr><td>Loss</td><td>(1)</td><td>(2)</td></tr>"
        "<tr><td>Gain</td><td>3</td><td>4</td></tr></table>",
        ["Loss    (1)    (2)", "Gain      3      4"],
    ),
    "a column of footnote markers": (
        "<table><tr><td></td><td></td><td>A</td><td>B</td></tr><tr><td>Label</td><td>*</td><td>5</td><td>6</td></tr>"
        "<tr><td>Other</td><td></td><td>7</td><td>8</td></tr></table>",
        ["          A    B", "Label*    5    6", "Other     7    8"],
    ),
    "two headings spanning columns in one row": (
        "<table><tr><td></td><td colspan=2>Balance</td><td colspan=2>Rate</td></tr>"
        "<tr><td>X</td><td>1</td><td>2</td><td>3</td><td>4</td></tr></table>",
        ["     Balance   Rate", "X    1    2    3    4"],
    ),
    "a heading over one column of figures": (
        "<table><tr><td></td><td>Principal Balance</td></tr><tr><td>Loans</td><td>1,000</td></tr></table>",
        ["         Principal Balance", "Loans                1,000"],
    ),
    "a dash for a zero in the first row": (
        "<table><tr><td>Type</td><td>Count</td></tr><tr><td>Fixed</td><td>&#8212;</td></tr>"
        "<tr><td>ARM</td><td>5</td></tr></table>",
        ["Type     Count", "-----    -----", "Fixed        \u2014", "ARM          5"],
    ),
    "a table in a note under a table": (
        "<table><tr><td>Type</td><td>Count</td></tr><tr><td>Loans</td><td>5</td></tr><tr><td>Total</td><td>5</td></tr>"
        "<tr><td colspan=2><table><tr><td>* a note</td></tr></table></td></tr></table>",
        ["Loans        5", "Total        5", "* a note"],
    ),
    "a caption over a cell of prose": (
        "<table><caption>A TITLE</caption><tr><td>" + "word " * 70 + "</td></tr></table>",
        ["A TITLE"],
    ),
    "a caption never closed": ("<table><caption>A TITLE<tr><td>A</td><td>1</td></tr></table>", ["A TITLE", "A    1"]),
    "an ampersand before letters": ("<p>Smith&amp;notes, AT&amp;T</p>", ["Smith&notes, AT&T"]),
    "a label spanning two rows of figures, each row's sub-label beside it": (
        "<table><tr><td colspan=2>Type</td><td>Loans</td></tr>"
        "<tr><td rowspan=2>Condominium Units</td><td>(one to four stories high)</td><td>40</td></tr>"
        "<tr><td>(over four stories high)</td><td>15</td></tr></table>",
        [
            "--------------------------------------------    -----",  # both rows are rows of figures
            "Condominium Units (one to four stories high)       40",
            "Condominium Units (over four stories high)         15",
        ],
    ),
    "a colspan in another script's digits": (
        '<table><tr><td colspan="\u00b2">A</td><td>1</td></tr></table>',
        ["A    1"],
    ),
}


@pytest.mark.parametrize("name", sorted(REVIEWED))
def test_html_markup_an_outside_review_found_misread(name):
    markup, lines = REVIEWED[name]
    page = markup if markup.startswith("<html>") else f"<html><body>{markup}</body></html>"
    text = ingest_bytes(page.encode(), "review.htm").text.split("\n")
    at = [text.index(line) for line in lines]  # each line is there, whole
    assert at == sorted(at)  # and in order


def test_a_table_and_a_pre_both_left_open_end_with_the_document():
    # Found by a random-markup run: the table left open was closed again and again, for ever.
    page = "<html><body><table><tr><td>Loans</td><td>5</td></tr><pre>more text"
    text = ingest_bytes(page.encode(), "open.htm").text
    assert "more text" in text and "Loans    5" in text


def test_a_bucket_whose_cells_are_left_empty_is_not_read_into_the_label_above(term_sheet_path, term_sheet):
    page = html_filing(term_sheet_path.read_text(), term_sheet, "paragraphs and tables")
    zero = '<tr><td>$1,000,000 and over</td><td></td><td align="right">0</td><td></td><td></td><td align="right">0</td>'
    assert page.count(zero) == 1
    page = page.replace(zero, zero.replace(">0<", ">&nbsp;<"))
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-3.htm"))
    (size,) = [t for t in deal.tables if t.title == "SIZE OF MORTGAGE LOANS"]
    assert size.rows[-1].label == "$950,000 through $999,999"  # was "... $999,999 $1,000,000 and over"
    assert size.warnings == ("the line '$1,000,000 and over' has no figures in the filing: not read as a row",)
    assert deal.verdict is term_sheet.verdict


def test_a_row_short_of_a_cell_is_named_not_read_with_its_figure_under_another_heading(term_sheet_path, term_sheet):
    page = html_filing(term_sheet_path.read_text(), term_sheet, "paragraphs and tables")
    hawaii = '<tr><td>Hawaii</td><td></td><td align="right">1</td><td></td>'
    assert page.count(hawaii) == 1
    page = page.replace(hawaii, "<tr><td>Hawaii</td>")  # its count's cells left out: the balance stands under "Loans"
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-3.htm"))
    (states,) = [t for t in deal.tables if t.title.startswith("GEOGRAPHIC")]
    assert "Hawaii" not in [r.label for r in states.rows]
    assert states.warnings[0] == "the line 'Hawaii 528,627' has 1 of the table's 2 figures: not read as a row"
    assert any(not c.passed for c in deal.checks)


def _side_by_side(left: StratTable, right: StratTable) -> str:
    """Two tables in one HTML grid, side by side, a spacer column between, as some filers set small ones."""

    def title(table: StratTable) -> str:
        return f"<td colspan=3>{html.escape(table.title)}</td>"

    def head(table: StratTable) -> str:
        return (
            f"<td>{html.escape(table.label_header)}</td><td>Number of Loans</td><td>Aggregate Principal Balances</td>"
        )

    def cells(table: StratTable, i: int) -> str:
        if i < len(table.rows):
            row = table.rows[i]
            return f"<td>{html.escape(row.label)}</td><td>{row.count:,}</td><td>{row.balance:,.0f}</td>"
        if i == len(table.rows):
            return f"<td>Total</td><td>{table.total.count:,}</td><td>{table.total.balance:,.0f}</td>"
        return "<td></td><td></td><td></td>"

    rows = [(title(left), title(right)), (head(left), head(right))]
    rows += [(cells(left, i), cells(right, i)) for i in range(max(len(left.rows), len(right.rows)) + 1)]
    return "<table>" + "".join(f"<tr>{a}<td></td>{b}</tr>" for a, b in rows) + "</table>"


def test_two_tables_side_by_side_in_one_grid_are_two_tables(term_sheet_path, term_sheet):
    # Read as one: the years table was lost and the units table's first row was labelled
    # "Year Originated Number of Loans ... 2003 73 $34,980,358 1-family", with every check passed.
    years, units = (next(t for t in term_sheet.tables if t.title.startswith(w)) for w in ("YEARS", "NUMBER OF UNITS"))
    page = html_filing(term_sheet_path.read_text(), term_sheet, "paragraphs and tables")
    blocks = re.findall(r'<p align="center"><b>[^<]*</b></p><table>.*?</table>', page, re.S)
    (years_block,) = [b for b in blocks if years.title in b]
    (units_block,) = [b for b in blocks if units.title in b]
    page = page.replace(years_block, _side_by_side(years, units)).replace(units_block, "")
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-3.htm"))
    read = {t.title: [(r.label, r.count, r.balance) for r in t.rows] for t in deal.tables}
    assert read == {t.title: [(r.label, r.count, r.balance) for r in t.rows] for t in term_sheet.tables}
    assert deal.verdict is term_sheet.verdict


@pytest.mark.parametrize("item_end", ["</li>", ""], ids=["items closed", "items left open"])
def test_an_ordered_list_reads_as_the_numbered_paragraphs_it_shows(detailed_path, detailed, item_end):
    # "the list after it is not numbered in a way the parser reads": no pool's additional collateral.
    page = html_filing(detailed_path.read_text(), detailed, "paragraphs and tables")
    items = re.findall(r"<p>\d\.\s+(.*?)</p>", page)
    assert len(items) == 4  # pools I and II: their number, balance and two loan-to-value ratios
    page = re.sub(r"(?:<p>\d\.\s+.*?</p>\s*)+", lambda m: "<ol>" + _as_items(m.group(0), item_end) + "</ol>", page)
    assert page.count("<ol>") == 1 and "<p>1." not in page
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-8.htm"))
    assert [_collateral(p) for p in deal.pools] == [_collateral(p) for p in detailed.pools]
    assert _collateral(deal.pool("I")) == (1, 660_000, 80.0, 100.0)


def _collateral(pool) -> tuple | None:
    found = pool.additional_collateral
    return found and (found.loan_count, found.balance, found.wa_ltv_with_collateral, found.wa_ltv_without_collateral)


def _as_items(paragraphs: str, item_end: str) -> str:
    return "".join(f"<li><p>{text}</p>{item_end}" for text in re.findall(r"<p>\d\.\s+(.*?)</p>", paragraphs))


def _strat_blocks(page: str, tables: tuple[StratTable, ...]) -> list[str]:
    """Each stratification table's title paragraph and table, as html_filing set them."""
    blocks = re.findall(r'<p align="center"><b>[^<]*</b></p><table>.*?</table>', page, re.S)
    return [next(b for b in blocks if html.escape(t.title) in b) for t in tables]


def test_a_long_note_in_a_row_of_its_own_under_a_table_leaves_it_a_table(term_sheet_path, term_sheet):
    # A cell of over 300 characters made the whole table prose: the state table was lost unsaid.
    page = html_filing(term_sheet_path.read_text(), term_sheet, "paragraphs and tables")
    note = "Each state is the state of the mortgaged property as of origination; " * 6
    (states,) = _strat_blocks(page, tuple(t for t in term_sheet.tables if t.title.startswith("GEOGRAPHIC")))
    page = page.replace(states, states.replace("</table>", f"<tr><td colspan=7>{note}</td></tr></table>"))
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-3.htm"))
    assert facts(deal) == facts(term_sheet)


def test_tables_one_under_another_in_one_grid_are_each_read(term_sheet_path, term_sheet):
    # One <table> holding every stratification: each table's heading row was read into its first
    # row's label ("Type of Dwelling Unit Number of Loans ... Detached Houses").
    page = html_filing(term_sheet_path.read_text(), term_sheet, "paragraphs and tables")
    blocks = _strat_blocks(page, term_sheet.tables)
    rows = []
    for table in term_sheet.tables:
        rows.append(f"<tr><td colspan=3>{html.escape(table.title)}</td></tr>")
        rows.append(
            f"<tr><td>{html.escape(table.label_header)}</td><td>Number of Loans</td><td>Aggregate Principal Balances</td></tr>"
        )
        rows += [
            f"<tr><td>{html.escape(r.label)}</td><td>{r.count:,}</td><td>{r.balance:,.0f}</td></tr>" for r in table.rows
        ]
        rows.append(f"<tr><td>Total</td><td>{table.total.count:,}</td><td>{table.total.balance:,.0f}</td></tr>")
    page = page.replace(blocks[0], "<table>" + "".join(rows) + "</table>")
    for block in blocks[1:]:
        page = page.replace(block, "")
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-3.htm"))
    read = [(t.title, t.label_header, [(r.label, r.count, r.balance) for r in t.rows]) for t in deal.tables]
    assert read == [
        (t.title, t.label_header, [(r.label, r.count, r.balance) for r in t.rows]) for t in term_sheet.tables
    ]
    assert deal.verdict is term_sheet.verdict


def test_a_group_label_spanning_down_to_the_total_row_leaves_the_total_row_a_total():
    # <td rowspan> over every row, the Total one included: "All Loans Total" was read as a row.
    markup = (
        "<table><tr><td></td><td>Type</td><td>Loans</td></tr><tr><td rowspan=3>Single family</td><td>Fixed</td>"
        "<td>5</td></tr><tr><td>Adjustable</td><td>6</td></tr><tr><td>Total</td><td>11</td></tr></table>"
    )
    lines = ingest_bytes(f"<html><body>{markup}</body></html>".encode(), "review.htm").text.split("\n")
    assert "Single family Fixed             5" in lines and "Single family Adjustable        6" in lines
    assert "Total                          11" in lines


@pytest.mark.parametrize("number", ["- 3 -", "Page 3", "3"])
@pytest.mark.parametrize(
    "rule", ['<hr style="page-break-after:always">', "<hr>"], ids=["page-break style", "bare rule"]
)
def test_a_sentence_broken_by_a_page_in_html_is_read_whole_and_said(detailed_path, detailed, number, rule):
    # The page's number in a centred paragraph, then a page break, mid-sentence: the clean-up call's
    # balance was lost unsaid ("- 3 -" read as text; a bare "3" run on into the sentence). A filing
    # agent's bare <hr> under the number is a page break too: read as text, "The class A subordination
    # level is" / "Page 3" / "2.450067623897%.*" lost its figure, unsaid.
    page = html_filing(detailed_path.read_text(), detailed, "paragraphs and tables")
    for sentence, cut in (("is less than $49,364,137.76.", "is less than"), ("level is 2.450067623897%", "level is")):
        assert page.count(sentence) == 1
        rest = sentence.removeprefix(cut).lstrip()
        page = page.replace(sentence, f'{cut}</p>\n<p align="center">{number}</p>\n{rule}\n<p>{rest}')
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-8.htm"))
    assert deal.clean_up_call_balance == detailed.clean_up_call_balance == 49_364_137.76
    assert deal.classes[0].subordination_level == detailed.classes[0].subordination_level == 2.450067623897
    warnings = " ".join(deal.warnings)
    assert "class A subordination_level: read from a sentence joined across a page break" in warnings
    assert "clean_up_call_balance: read from a sentence joined across a page break" in warnings


def test_paragraphs_in_blockquotes_with_dagger_marks_read_as_the_text(detailed_path, detailed):
    # Each paragraph in a <blockquote> of its own ran on into the next, and "2.450067623897%.&dagger;"
    # ended no sentence: class B-1 to B-5 lost their subordination levels, unsaid.
    page = html_filing(detailed_path.read_text(), detailed, "paragraphs and tables")
    page = page.replace("<p>", "<blockquote>").replace("</p>", "</blockquote>")
    assert page.count("%.*") == 6
    page = page.replace("%.*", "%.&dagger;")
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-8.htm"))
    assert facts(deal) == facts(detailed)
    levels = [(c.name, c.subordination_level) for c in deal.classes]
    assert levels == [(c.name, c.subordination_level) for c in detailed.classes]
    assert levels[1] == ("B-1", 1.200172400289)
    assert not deal.missing


def test_characters_that_print_nothing_are_no_part_of_the_words(term_sheet_path, term_sheet):
    # "mort&shy;gage loans": the policy's label and the maximum LTV were lost, unsaid.
    page = html_filing(term_sheet_path.read_text(), term_sheet, "paragraphs and tables")
    page = page.replace("mortgage loans", "mort&shy;gage&lrm; loans").replace("zip code", "zip&#8203; code")
    assert page.count("&shy;") > 10
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-3.htm"))
    assert facts(deal) == facts(term_sheet)
    assert [(u.policy, u.bound, u.percent) for p in deal.pools for u in p.underwriting] == [
        (u.policy, u.bound, u.percent) for p in term_sheet.pools for u in p.underwriting
    ]


@pytest.mark.parametrize(
    "dash", ["&#150;", "&ndash;", "&#8209;"], ids=["Windows-1252 dash", "en dash", "non-breaking hyphen"]
)
def test_class_names_set_with_another_dash_are_the_same_classes(detailed_path, detailed, dash):
    # "class B&#150;1": the six junior classes were read as one class "B".
    page = html_filing(detailed_path.read_text(), detailed, "paragraphs and tables")
    page = re.sub(r"class B-(\d)", rf"class B{dash}\1", page)
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-8.htm"))
    assert [(c.name, c.initial_balance, c.subordination_level) for c in deal.classes] == [
        (c.name, c.initial_balance, c.subordination_level) for c in detailed.classes
    ]


@pytest.mark.parametrize("sample", ["term_sheet", "detailed"])
def test_a_text_filing_set_line_by_line_in_no_break_spaces_reads_as_the_text(request, sample):
    # Some filing agents turn a text filing into HTML as it prints: each space a "&nbsp;", each
    # line ended by "<br>". A browser keeps every no-break space; read as one space a run, the
    # matrix's columns ran together and its first column was read as the rows' totals.
    path, deal = request.getfixturevalue(f"{sample}_path"), request.getfixturevalue(sample)
    lines = [html.escape(line).replace(" ", "&nbsp;") for line in path.read_text().split("\n")]
    page = "<html><body><p>" + "<br>\n".join(lines) + "</p></body></html>"
    assert "&nbsp;&nbsp;&nbsp;" in page
    assert facts(load_filing(ingest_bytes(page.encode(), f"{path.stem}.htm"))) == facts(deal)


# --- summaries as HTML tables (from an outside review of the summary reader) --------------------------


def _summary_page(detailed_path, table: str) -> str:
    """The 2004-8 detailed description in <pre>, its pool figures' sentences and its premium/discount
    paragraphs replaced by ``table``, an HTML table of a column for each pool."""
    text = detailed_path.read_text()
    start = text.index("     The total numbers of the pool I")
    end = text.index("All mortgage loans have original")
    text = text[:start] + "@@TABLE@@" + text[end:]
    start, end = (
        text.index("     Pool I discount loans will consist"),
        text.index("<PAGE>", text.index("358.37 months")),
    )
    text = text[:start] + "@@GROUPS@@" + text[end:]
    page = f"<html><body><pre>{html.escape(text)}</pre></body></html>"
    tables = table.split("@@SPLIT@@")
    return page.replace("@@TABLE@@", f"</pre>{tables[0]}<pre>").replace("@@GROUPS@@", f"</pre>{tables[1]}<pre>")


def _cells(*cells: str) -> str:
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


POOLS = ("Pool I", "Pool II", "Pool III", "All Loans")


def test_a_pool_column_tables_headings_and_cells_as_html_sets_them(detailed_path, detailed):
    # A corner cell's words, a footnote on a pool's name, a second row of headings, "$" in a cell of its
    # own and an empty cell lost a whole table ("4 values for 1 subjects"), or Pool I's balance alone.
    figures = (
        ("Number of mortgage loans", "663", "154", "153", "970"),
        ("Aggregate principal balance", "335,095,817", "77,943,341", "80,602,220", "493,641,378"),
        ("Weighted average interest rate", "6.132%", "", "5.716%", "5.962%"),
        ("Weighted average remaining term (months)", "358.20", "176.90", "358.39", "329.60"),
    )
    rows = [_cells("As of October 1, 2004", "", "Pool I<sup>(1)</sup>", "", *POOLS[1:])]
    rows.append(_cells("", "", "(30-Year)", "", "(15-Year)", "(30-Year)", ""))
    for label, *values in figures:
        dollar = "$" if label.startswith("Aggregate") else ""
        rows.append(_cells(label, dollar, values[0], "", *values[1:]))
    main = "<table>" + "".join(rows) + "</table>"
    deal = load_filing(ingest_bytes(_summary_page(detailed_path, main + "@@SPLIT@@").encode(), "pool-columns.htm"))
    for pool in ("I", "III", "all"):
        read, stated = deal.pool(pool), detailed.pool(pool)
        assert (read.loan_count, read.wac, read.wam_months) == (stated.loan_count, stated.wac, stated.wam_months)
    assert deal.pool("I").aggregate_balance == detailed.pool("I").aggregate_balance == 335_095_817.07
    assert deal.pool("II").wam_months == 176.90 and deal.pool("II").wac is None  # its cell is empty
    assert "pool II wac" in deal.missing
    assert not deal.warnings  # the table's balances round the prose's: no second statement to doubt


@pytest.mark.parametrize("heading", ["spanning the table", "in its first cell"])
def test_a_premium_and_discount_table_in_html_gives_each_group_its_rows(detailed_path, detailed, heading):
    # HTML keeps no indent: the rows under "Discount loans" were read as the pools', and a pool's WAM
    # the filing does not state was the discount loans' (355.82), with no warning.
    def group(name: str) -> str:
        return (
            f'<tr><td colspan="4"><b>{name}</b></td></tr>'
            if heading == "spanning the table"
            else _cells(f"<b>{name}</b>", "", "", "")
        )

    rows = [
        _cells("", *POOLS[:3]),
        _cells("Net loan rate threshold", "5.50%", "4.75%", "5.25%"),
        group("Discount loans"),
    ]
    rows += [_cells("Aggregate principal balance", "$25,949,684", "$1,320,225", "$4,920,460")]
    rows += [_cells("Weighted average remaining term (months)", "355.82", "176.76", "358.67"), group("Premium loans")]
    rows += [_cells("Aggregate principal balance", "$309,146,133", "$76,623,116", "$75,681,760")]
    rows += [_cells("Weighted average remaining term (months)", "358.40", "176.90", "358.37")]
    groups = "<table>" + "".join(rows) + "</table>"
    page = _summary_page(detailed_path, "@@SPLIT@@" + groups)
    deal = load_filing(ingest_bytes(page.encode(), "premium-table.htm"))
    for name in ("I", "II", "III"):
        read, stated = deal.pool(name).premium_discount, detailed.pool(name).premium_discount
        assert read.threshold_net_rate == stated.threshold_net_rate
        for kind in ("premium", "discount"):
            assert (getattr(read, kind).balance, getattr(read, kind).wam_months) == (
                getattr(stated, kind).balance,
                getattr(stated, kind).wam_months,
            )
        assert deal.pool(name).wam_months is None  # the pools' own WAMs went with their sentences
    assert deal.pool("I").premium_discount.discount.wam_months == 355.82


@pytest.mark.parametrize("dash", ["\u2013", "&#150;", "&ndash;", "&#8211;"])
def test_a_range_set_with_an_en_dash_has_the_texts_label(term_sheet_path, term_sheet, dash):
    # "5.250% – 5.500%", as a word processor sets it, kept its en dash: the same bucket had another label in
    # an HTML filing than in a text one, and the diff and the shelf match buckets by their labels.
    text = html.escape(term_sheet_path.read_text()).replace("5.250% - 5.500%", f"5.250% {dash} 5.500%")
    page = f"<html><body><pre>{text}</pre></body></html>"
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-3.htm"))
    rates = next(t for t in deal.tables if "NOTE RATES" in t.title)
    assert rates.rows[0].label == "5.250% - 5.500%"
    assert [(r.label, r.count, r.balance) for r in rates.rows] == [
        (r.label, r.count, r.balance) for r in next(t for t in term_sheet.tables if "NOTE RATES" in t.title).rows
    ]


def test_a_figure_split_over_two_source_lines_in_its_cell_is_one_figure(term_sheet_path, term_sheet):
    # "<span>619,</span>\n<span>800,778</span>", which a browser shows as "619, 800,778": the tables were laid
    # out as text, and "34, 980,358" read as two figures: "2004  584  $820,420", "$150,000 through  5  $508".
    page = html_filing(term_sheet_path.read_text(), term_sheet, "paragraphs and tables")
    page, split = re.subn(
        r'<td align="right">(\d{1,3},)(\d[\d,]*)</td>', r"<td align=right><span>\1</span>\n<span>\2</span></td>", page
    )
    assert split > 50 and "<span>619,</span>\n<span>800,778</span>" in page
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-3.htm"))
    assert facts(deal) == facts(term_sheet)
    years = next(t for t in deal.tables if t.title.startswith("YEARS"))
    assert [(r.label, r.count, r.balance) for r in years.rows] == [
        ("2003", 73, 34980358.0),
        ("2004", 1152, 584820420.0),
    ]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("619, 800,778", "619,800,778"),
        ("$1, 152", "$1,152"),
        ("1, 152, 000.50", "1,152,000.50"),
        ("Alabama, 12", "Alabama, 12"),  # a label: words before the digits
        ("2003, 2004", "2003, 2004"),  # two years, not one figure's groups
        ("12, 34", "12, 34"),  # no group of three after the comma
        ("5, 250 and 6, 000", "5, 250 and 6, 000"),  # words between: not one figure
    ],
)
def test_only_a_cell_that_is_one_figure_has_its_groups_joined(text, read):
    assert one_figure(text) == read


@pytest.mark.parametrize("headings_flush", [False, True])
def test_a_total_row_without_the_indent_of_the_rows_above_stands_under_their_headings(
    term_sheet_path, term_sheet, headings_flush
):
    # Each row of figures indented by an empty cell before its label, the Total (and the headings, set in
    # <th>) not: the label headings were lost ("Bucket" for "Year Originated") or took a figure's heading
    # ("Type of Dwelling Unit Number of Loans").
    page = html_filing(term_sheet_path.read_text(), term_sheet, "a spacer column before every row")
    indent = '<tr><td width="2%">&nbsp;</td>'
    flush = ["Total"] + [t.label_header for t in term_sheet.tables] * headings_flush
    for label in flush:
        page = page.replace(f"{indent}<td>{html.escape(label)}</td>", f"<tr><td>{html.escape(label)}</td>")
    assert page.count("<tr><td>Total</td>") >= len(term_sheet.tables)
    deal = load_filing(ingest_bytes(page.encode(), "cmsi-2004-3.htm"))
    assert [t.label_header for t in deal.tables] == [t.label_header for t in term_sheet.tables]
    assert facts(deal) == facts(term_sheet)


# A page breaking in the loan count's sentence, or a page's number before it (an outside fuzzing run).
LOAN_COUNT = "<p>The total number of mortgage loans as of May 1, 2004 was 1,225."
PAGE_BREAKS = {
    # EDGAR's <PAGE> tag in an HTML document: dropped, it left the page's number and head in the sentence,
    # and the count read 1 ("... as of May 1, / CMSI 2004-3 / 2004 was 1,225") or 18
    "<PAGE> and a running head": (
        '<p>The total number of mortgage loans as of May 1,</p>\n<p align="center">Page 18</p>\n<PAGE>\n'
        '<p align="center">CMSI 2004-3</p>\n<p>2004 was 1,225.'
    ),
    "<PAGE> and the issuer's name": (
        "<p>The total number of mortgage loans as of May 1,</p>\n<PAGE>\n"
        '<p align="center">Citicorp Mortgage Securities, Inc.</p>\n<p>2004 was 1,225.'
    ),
    # a page's number alone, with no break beside it: read with the next paragraph, "19 The total number of
    # mortgage loans", the count read 19
    "a page's number alone": f'<p align="center">19</p>\n{LOAN_COUNT}',
    # ... or in the sentence, with no break marked: "Page 18 2004 was 1,225" went on from the number
    "a page's number alone, mid-sentence": (
        "<p>The total number of mortgage loans as of May 1,</p>\n<p>Page 18</p>\n<p>2004 was 1,225."
    ),
}


@pytest.mark.parametrize("broken", PAGE_BREAKS.values(), ids=PAGE_BREAKS.keys())
def test_a_page_break_or_a_pages_number_in_html_is_no_part_of_a_sentence(term_sheet_path, term_sheet, broken):
    page = html_filing(term_sheet_path.read_text(), term_sheet, "paragraphs and tables")
    assert page.count(LOAN_COUNT) == 1
    deal = load_filing(ingest_bytes(page.replace(LOAN_COUNT, broken).encode(), "cmsi-2004-3.htm"))
    assert deal.whole_deal.loan_count == 1225
    assert deal.verdict is term_sheet.verdict and deal.all_checks_passed


def test_a_pages_number_alone_mid_sentence_keeps_the_sentence_whole(term_sheet_path, term_sheet):
    # "No more than 66% ... will be refinanced" / "Page 18" / "mortgage loans originated using alternative or
    # streamlined underwriting policies.": the policy read as "Streamlined", its refinance lost.
    page = html_filing(term_sheet_path.read_text(), term_sheet, "paragraphs and tables")
    words = "will be refinanced mortgage loans originated using"
    assert page.count(words) == 1
    broken = page.replace(words, "will be refinanced</p>\n<p>Page 18</p>\n<p>mortgage loans originated using")
    deal = load_filing(ingest_bytes(broken.encode(), "cmsi-2004-3.htm"))
    policies = [(u.policy, u.bound, u.percent) for u in deal.whole_deal.underwriting]
    assert policies == [(u.policy, u.bound, u.percent) for u in term_sheet.whole_deal.underwriting]
    assert ("Alternative or streamlined refinance", 66.0) in [
        (u.policy, u.percent) for u in deal.whole_deal.underwriting
    ]
