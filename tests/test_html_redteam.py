"""The samples as EDGAR HTML of 2001-2010 sets them, each way a filing agent's or a word processor's markup
sets a table: the same figures must be read as from the text, each table's rows, Total and checks, and no
doubt said that the text does not say; where a figure cannot be read, it is said, never misread.

Each filing is made here from a copy of a bundled sample: its paragraphs in <p>, its tables and matrix in the
markup under test (``test_html_layouts`` sets the others the plain way)."""

from __future__ import annotations

import html
import random
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sample_deals import read_sample

from reporting.model.deal import Deal, PercentMatrix, StratTable
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

sys.path.insert(0, str(Path(__file__).parent))
from test_html_layouts import _matrix, _prose, facts, html_filing  # noqa: E402

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = read_sample(TERM_SHEET, "cmsi-2004-3.txt")
esc = html.escape
Table = Callable[[StratTable], str]
Matrix = Callable[[PercentMatrix], str]


def _page(table: Table, matrix: Matrix | None = None, text: str = TERM_SHEET, deal: Deal = SAMPLE) -> str:
    """The sample as an HTML 8-K: its paragraphs in <p>, each table set by ``table``, the matrix by ``matrix``."""
    lines, parts, start = text.split("\n"), [], 0
    for item in sorted((*deal.tables, *deal.matrices), key=lambda t: t.line_range[0]):
        first, last = item.line_range[0] - 1, item.line_range[-1]
        parts.append(_prose(lines[start:first], "paragraphs and tables"))
        if isinstance(item, PercentMatrix):
            parts.append((matrix or (lambda m: _matrix(m, "paragraphs and tables")))(item))
        else:
            parts.append(table(item))
        start = last + 1 if lines[last : last + 1] and set(lines[last].strip()) <= {"="} else last
    parts.append(_prose(lines[start:], "paragraphs and tables"))
    return "<html><head><title>8-K</title></head><body>\n" + "\n".join(parts) + "\n</body></html>\n"


def _read(page: str, name: str = "cmsi-2004-3.htm") -> Deal:
    return load_filing(ingest_bytes(page.encode(), name))


def _as_the_sample(deal: Deal) -> None:
    """Every figure, table row, Total and matrix cell read as from the text; every check run and passed; no
    doubt said that the text's reading does not say."""
    assert facts(deal) == facts(SAMPLE)
    assert [(c.passed, c.name) for c in deal.checks] == [(c.passed, c.name) for c in SAMPLE.checks]
    assert deal.warnings == SAMPLE.warnings


def _figure(value: float | None, percent: bool = False) -> str:
    return "0" if value is None else f"{value:,.2f}" if percent else f"{value:,.0f}"


def _title(title: str) -> str:
    return f'<p align="center"><font size="2"><b>{esc(title)}</b></font></p>'


def _notes(table: StratTable) -> str:
    return "".join(f"<p>{esc(note)}</p>" for note in table.footnotes)


# --- a financial printer's table: <font> in every cell, a row of widths, spacer columns, "$" apart ------------

_FONT = '<font size="2" face="Times New Roman">'


def _font(text: str) -> str:
    return f"{_FONT}{text}</font>"


def _printer_table(table: StratTable, rule_row: bool = False, continued: str = "", inside: str = "") -> str:
    """As RR Donnelley and Bowne set a strat: a first row of empty cells setting the widths, a spacer column
    between the columns, each figure three cells ("$", the figure, a cell for a footnote's mark), headings
    spanning them with a rule (<hr>) in the cell, the Total in <b> under a top border (or a row of rules).
    With ``continued``, the table cut in two by a page break, that markup between its halves, the title and
    the headings repeated over the second; with ``inside``, those rows between its halves in the one table, and
    (where ``inside`` says "{headings}") its heading row again."""
    spacer = '<td width="2%">&nbsp;</td>'
    widths = '<tr><td width="40%"></td>' + (spacer + '<td width="1%"></td><td width="10%"></td><td></td>') * 2 + "</tr>"
    rule = '<hr noshade size="1">'
    head = (
        f'<tr valign="bottom"><td>{_font("<b>" + esc(table.label_header) + "</b>")}{rule}</td>'
        f'{spacer}<td colspan="3" align="center">{_font("<b>Number of<br>Loans</b>")}{rule}</td>'
        f'{spacer}<td colspan="3" align="center">{_font("<b>Aggregate Principal<br>Balances Outstanding</b>")}{rule}'
        "</td></tr>"
    )

    def figure(value: float | None, dollar: bool, top: str = "", bold: bool = False) -> str:
        shown = f"<b>{_figure(value)}</b>" if bold else _figure(value)
        sign = _font("<b>$</b>" if bold else "$") if dollar else ""
        return f'<td{top}>{sign}</td><td align="right"{top}>{_font(shown)}</td><td{top}></td>'

    rows = [
        f'<tr valign="bottom"><td>{_font(esc(r.label))}</td>{spacer}{figure(r.count, False)}'
        f"{spacer}{figure(r.balance, i == 0)}</tr>"
        for i, r in enumerate(table.rows)
    ]
    top = "" if rule_row else ' style="border-top: 1px solid #000000"'
    rules = (
        f'<tr><td></td>{spacer}<td colspan="3">{rule}</td>{spacer}<td colspan="3">{rule}</td></tr>' if rule_row else ""
    )
    total = (
        f'<tr valign="bottom"><td>{_font("<b>Total</b>")}</td>{spacer}{figure(table.total.count, False, top, True)}'
        f"{spacer}{figure(table.total.balance, True, top, True)}</tr>"
    )
    opening = '<table width="100%" border="0" cellspacing="0" cellpadding="0">'
    if inside and len(rows) > 4:
        half = len(rows) // 2
        rows = [*rows[:half], inside.replace("{headings}", head), *rows[half:]]
    if continued and len(rows) > 4:
        half = len(rows) // 2
        repeated = f'{continued}<p align="center"><font size="2"><b>{esc(table.title)} (continued)</b></font></p>'
        return (
            f"{_title(table.title)}{opening}{widths}{head}{''.join(rows[:half])}</table>{repeated}"
            f"{opening}{widths}{head}{''.join(rows[half:])}{rules}{total}</table>{_notes(table)}"
        )
    return f"{_title(table.title)}{opening}{widths}{head}{''.join(rows)}{rules}{total}</table>{_notes(table)}"


def _printer_matrix(matrix: PercentMatrix, percent_apart: bool = True) -> str:
    """The matrix as a printer sets it: the row heading spanning both heading rows, a spacer before each column,
    each figure three cells, its "%" in the third (or in the figure's own cell)."""
    spacer = '<td width="1%">&nbsp;</td>'
    columns = (*matrix.col_labels, "All loans")
    head = (
        f'<tr valign="bottom"><td rowspan="2">{_font("<b>" + esc(matrix.row_header) + "</b>")}</td>'
        f'<td colspan="{4 * len(columns)}" align="center">{_font("<b>" + esc(matrix.col_header) + "</b>")}'
        '<hr size="1" noshade></td></tr><tr valign="bottom">'
        + "".join(f'{spacer}<td colspan="3" align="center">{_font("<b>" + esc(c) + "</b>")}</td>' for c in columns)
        + "</tr>"
    )

    def figure(value: float, first: bool) -> str:
        sign = "%" if first else ""
        if percent_apart:
            return f'{spacer}<td></td><td align="right">{_font(_figure(value, True))}</td><td>{_font(sign)}</td>'
        return f'{spacer}<td></td><td align="right">{_font(_figure(value, True) + sign)}</td><td></td>'

    rows = [
        f"<tr><td>{_font(esc(label))}</td>" + "".join(figure(v, i == 0) for v in (*cells, total)) + "</tr>"
        for i, (label, cells, total) in enumerate(zip(matrix.row_labels, matrix.cells, matrix.row_totals))
    ]
    totals = (*matrix.col_totals, matrix.grand_total)
    rows.append(f"<tr><td>{_font('<b>Total</b>')}</td>" + "".join(figure(v, True) for v in totals) + "</tr>")
    return f'{_title(matrix.title)}<table width="100%" cellspacing="0">{head}{"".join(rows)}</table>'


# --- figures cut by tags, written as entities, marked with <sup> -------------------------------------------


def _plain_table(table: StratTable, label: Callable[[str], str], figure: Callable[[str, int], str]) -> str:
    """The table in cells of its own: label, count, "$" apart, balance; each label and figure as given."""
    head = (
        f"<tr><td>{esc(table.label_header)}</td><td>Number&#160;of<br>Loans</td><td></td>"
        "<td>Aggregate&nbsp;Principal<br>Balances&#xA0;Outstanding</td></tr>"
    )
    rows = [
        f"<tr><td>{label(r.label)}</td><td align=right>{figure(_figure(r.count), i)}</td>"
        f"<td>{'&#36;' if i == 0 else ''}</td><td align=right>{figure(_figure(r.balance), i + 1)}</td></tr>"
        for i, r in enumerate(table.rows)
    ]
    total = (
        f"<tr><td>Total</td><td align=right>{figure(_figure(table.total.count), 0)}</td><td>&#x24;</td>"
        f"<td align=right>{figure(_figure(table.total.balance), 1)}</td></tr>"
    )
    return f"{_title(table.title)}<table>{head}{''.join(rows)}{total}</table>{_notes(table)}"


def _cut_by_tags(figure: str, row: int) -> str:
    """A figure in pieces, as editors leave it: a <font> change, a <span> per source line, a <b> digit."""
    if len(figure) < 4:
        return f"<font size=2>{figure}</font>"
    return (
        f'<font size="2">{figure[:2]}</font><font size="2">{figure[2:]}</font>',
        f'<span style="font-size:8pt">{figure[:-3]}</span>\n<span style="font-size:8pt">{figure[-3:]}</span>',
        f"<b>{figure[:1]}</b>{figure[1:]}",
    )[row % 3]


def _entities(label: str) -> str:
    """A label as some agents write every character: "&#36;149,999&#160;and&#160;under"."""
    return esc(label).replace("$", "&#36;").replace(" ", "&#160;")


def _entity_matrix(matrix: PercentMatrix, first_mark: str = "") -> str:
    """The matrix, "%" written "&#37;"; its first figure followed by ``first_mark``."""
    columns = (*matrix.col_labels, "All loans")
    head = (
        f'<tr><td>{esc(matrix.row_header)}</td><td colspan="{len(columns)}">{esc(matrix.col_header)}</td></tr>'
        "<tr><td></td>" + "".join(f"<td>{esc(c).replace('%', '&#37;')}</td>" for c in columns) + "</tr>"
    )
    rows = [
        f"<tr><td>{esc(label)}</td>"
        + "".join(
            f"<td align=right>{_figure(v, True)}{'&#37;' if i == 0 else ''}{first_mark if i == j == 0 else ''}</td>"
            for j, v in enumerate((*cells, total))
        )
        + "</tr>"
        for i, (label, cells, total) in enumerate(zip(matrix.row_labels, matrix.cells, matrix.row_totals))
    ]
    totals = (*matrix.col_totals, matrix.grand_total)
    rows.append(
        "<tr><td>Total</td>" + "".join(f"<td align=right>{_figure(v, True)}&#37;</td>" for v in totals) + "</tr>"
    )
    return f"{_title(matrix.title)}<table>{head}{''.join(rows)}</table>"


def _sup_label(label: str) -> str:
    """ "Multi-family Dwellings*" with its mark in a <sup>."""
    return re.sub(r"\*$", "<sup>*</sup>", esc(label))


def _sup_figure(figure: str, row: int) -> str:
    """Some figures marked with a footnote's number in a <sup> in their cells: "29<sup>(1)</sup>"."""
    return f"{figure}<sup>(1)</sup>" if row in (2, 3) else figure


def _sup_matrix(matrix: PercentMatrix) -> str:
    """The matrix with its first figure marked: "0.36%<sup>(1)</sup>"."""
    return _entity_matrix(matrix, "<sup>(1)</sup>")


# --- Word's "Save as HTML" --------------------------------------------------------------------------------


def _word_cell(text: str, right: bool = False) -> str:
    align = " align=right style='text-align:right'" if right else ""
    return (
        "<td valign=bottom style='padding:0in 5.4pt 0in 5.4pt'>"
        f"<p class=MsoNormal{align}><span style='font-size:10.0pt'>{text}<o:p></o:p></span></p></td>"
    )


def _word_heading(*lines: str) -> str:
    paragraphs = "".join(
        f"<p class=MsoNormal align=center style='text-align:center'><span style='font-size:10.0pt'>{line}"
        "<o:p></o:p></span></p>"
        for line in lines
    )
    return f"<td valign=bottom style='padding:0in'>{paragraphs}</td>"


def _word_table(table: StratTable) -> str:
    """Word 2000-2003's HTML: a paragraph and a <span> in every cell, a heading a paragraph a line, an empty
    row (its paragraphs' "&nbsp;" in a conditional comment) before the Total."""
    head = (
        f"<tr>{_word_cell(esc(table.label_header))}{_word_heading('Number of', 'Loans')}"
        f"{_word_heading('Aggregate Principal', 'Balances Outstanding')}</tr>"
    )
    rows = [
        f"<tr>{_word_cell(esc(r.label))}{_word_cell(_figure(r.count), True)}"
        f"{_word_cell(('$' if i == 0 else '') + _figure(r.balance), True)}</tr>"
        for i, r in enumerate(table.rows)
    ]
    empty = "<tr>" + "<td><p class=MsoNormal><![if !supportEmptyParas]>&nbsp;<![endif]><o:p></o:p></p></td>" * 3
    total = (
        f"<tr>{_word_cell('<b>Total</b>')}{_word_cell(f'<b>{_figure(table.total.count)}</b>', True)}"
        f"{_word_cell(f'<b>${_figure(table.total.balance)}</b>', True)}</tr>"
    )
    title = f"<p class=MsoNormal align=center style='text-align:center'><b>{esc(table.title)}</b></p>"
    return (
        f"{title}<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0>{head}{''.join(rows)}{empty}</tr>"
        f"{total}</table>" + "".join(f"<p class=MsoNormal>{esc(n)}</p>" for n in table.footnotes)
    )


# --- some tables in <pre>, the others in <table> ----------------------------------------------------------


def _some_in_pre(in_pre: Callable[[int], bool]) -> str:
    """The sample with the tables ``in_pre`` picks (by their order) as their text's lines in a <pre>, the others as
    HTML tables, as filings that pasted some tables from the typewritten text have them."""
    from test_html_layouts import _table

    lines, parts, start = TERM_SHEET.split("\n"), [], 0
    items = sorted((*SAMPLE.tables, *SAMPLE.matrices), key=lambda t: t.line_range[0])
    for order, item in enumerate(items):
        first, last = item.line_range[0] - 1, item.line_range[-1]
        end = last + 1 if lines[last : last + 1] and set(lines[last].strip()) <= {"="} else last
        parts.append(_prose(lines[start:first], "paragraphs and tables"))
        if in_pre(order):
            parts.append("<pre>" + esc("\n".join(lines[first:end])) + "</pre>")
        elif isinstance(item, PercentMatrix):
            parts.append(_matrix(item, "paragraphs and tables"))
        else:
            parts.append(_table(item, "paragraphs and tables"))
        start = end
    parts.append(_prose(lines[start:], "paragraphs and tables"))
    return "<html><body>\n" + "\n".join(parts) + "\n</body></html>\n"


# A page's number centred under its last lines, a rule and a page break after it, as a printer ends each page.
_PAGE_END = '<p align="center">7</p><hr size="3" noshade><p style="page-break-before:always"></p>'

READ_AS_THE_TEXT: dict[str, Callable[[], str]] = {
    "a printer's tables: spacer columns, $ and % apart, rules in heading cells, a top-bordered Total": lambda: _page(
        _printer_table, _printer_matrix
    ),
    "a printer's tables with a row of rules over the Total and % in the figures' cells": lambda: _page(
        lambda t: _printer_table(t, rule_row=True), lambda m: _printer_matrix(m, percent_apart=False)
    ),
    "figures cut by <font>, <span> and <b> tags, and over source lines": lambda: _page(
        lambda t: _plain_table(t, esc, _cut_by_tags)
    ),
    "$, % and no-break spaces as entities (&#36; &#37; &#160; &#xA0;)": lambda: _page(
        lambda t: _plain_table(t, _entities, lambda figure, row: figure), _entity_matrix
    ),
    "footnote marks in <sup> in labels' and figures' cells": lambda: _page(
        lambda t: _plain_table(t, _sup_label, _sup_figure), _sup_matrix
    ),
    "Word's Save as HTML": lambda: _page(_word_table),
    "a page break in each long table, its title and headings repeated": lambda: _page(
        lambda t: _printer_table(t, continued='<p style="page-break-before:always">&nbsp;</p>'), _printer_matrix
    ),
    "each table nested in a layout table's cell, margins beside it": lambda: _page(
        lambda t: (
            f'<table width="100%"><tr><td width="10%">&nbsp;</td><td>{_printer_table(t)}</td><td></td></tr></table>'
        ),
        lambda m: f"<table><tr><td><table><tr><td>{_printer_matrix(m)}</td></tr></table></td></tr></table>",
    ),
    "some tables in <pre>, the others in <table>": lambda: _some_in_pre(lambda order: order % 2 == 1),
    "the other tables in <pre>": lambda: _some_in_pre(lambda order: order % 2 == 0),
}


@pytest.mark.parametrize("markup", sorted(READ_AS_THE_TEXT))
def test_html_as_printers_and_word_processors_set_it_reads_as_the_text(markup):
    _as_the_sample(_read(READ_AS_THE_TEXT[markup]()))


# --- a count and a balance in one cell -------------------------------------------------------------------


def _shared_cell(table: StratTable, gap: str, sign_apart: bool = False) -> str:
    """Each row's count and balance in one cell, set apart by ``gap`` (no-break spaces, or a line break), under
    one heading cell holding both headings so set apart; with ``sign_apart``, the "$" set apart from its figure
    by the same gap."""
    sign = f"${gap}" if sign_apart else "$"
    head = (
        f"<tr><td><b>{esc(table.label_header)}</b></td>"
        f"<td align=right><b>Number of Loans{gap}Aggregate Principal Balances Outstanding</b></td></tr>"
    )
    rows = [
        f"<tr><td>{esc(r.label)}</td><td align=right>{_figure(r.count)}{gap}{sign if i == 0 else ''}"
        f"{_figure(r.balance)}</td></tr>"
        for i, r in enumerate(table.rows)
    ]
    total = (
        f"<tr><td><b>Total</b></td><td align=right><b>{_figure(table.total.count)}{gap}"
        f"{sign}{_figure(table.total.balance)}</b></td></tr>"
    )
    return f"{_title(table.title)}<table width=100%>{head}{''.join(rows)}{total}</table>{_notes(table)}"


@pytest.mark.parametrize(
    "gap, sign_apart",
    [
        ("&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;", False),
        ("&nbsp; &nbsp; &nbsp;", False),
        ("&nbsp;&nbsp;&nbsp;&nbsp;", True),  # "73&nbsp;&nbsp;&nbsp;&nbsp;$&nbsp;&nbsp;&nbsp;&nbsp;34,980,358"
        ("<br>", False),
    ],
)
def test_a_count_and_a_balance_in_one_cell_are_each_read_under_its_heading(gap, sign_apart):
    # Read joined ("73 $34,980,358"), the year and LTV tables' counts were lost (said), every label heading too.
    _as_the_sample(_read(_page(lambda t: _shared_cell(t, gap, sign_apart))))


def test_figures_in_one_cell_beside_cells_of_one_figure_in_that_column_are_not_set_apart():
    # One row's cell holding two figures where the others hold one: not a column of pairs, left as it is.
    page = _page(lambda t: _plain_table(t, esc, lambda figure, row: figure))
    page = page.replace("<td align=right>73</td>", "<td align=right>73&nbsp;&nbsp;&nbsp;1</td>", 1)
    deal = _read(page)
    year = next(t for t in deal.tables if t.title.startswith("YEARS"))
    assert (year.rows[0].label, year.rows[0].count) != ("2003", 1)  # the 1 is no count of 2003's


# --- a page's number before its page break ----------------------------------------------------------------


def test_a_centred_page_number_ending_a_page_inside_a_table_is_no_row_of_it():
    # The number, at the margin in the text, read as a row of the table: "the line '7' has no figures".
    page = _page(lambda t: _printer_table(t, continued=_PAGE_END), _printer_matrix)
    assert page.count(_PAGE_END) == 5  # each table of more than four rows
    _as_the_sample(_read(page))


# --- a figure in prose cut by tags over two source lines --------------------------------------------------

_DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")
_DETAILED_SAMPLE = read_sample(_DETAILED, "cmsi-2004-8.txt")


@pytest.mark.parametrize("sample", ["term sheet", "detailed description"])
def test_a_figure_in_prose_cut_by_tags_after_its_comma_is_one_figure(sample):
    # "$335,</span>\n<span>095,817.07", as a browser shows it "$335, 095,817.07": read as $335, a pool's balance,
    # its largest zip code $7 and its smallest loan $54 (not doubted).
    text, deal = (TERM_SHEET, SAMPLE) if sample == "term sheet" else (_DETAILED, _DETAILED_SAMPLE)
    page = html_filing(text, deal, "paragraphs and tables")
    prose, tables = page.split("<table", 1) if "<table" in page else (page, "")
    cut, pieces = re.subn(r"(\d),(\d{3})", r"\1,</span>\n<span>\2", prose)
    assert pieces > 5  # each figure of thousands before the first table
    read = _read(cut + ("<table" + tables if tables else ""))
    assert facts(read) == facts(deal)
    assert [(c.name, c.initial_balance, c.subordination_level) for c in read.classes] == [
        (c.name, c.initial_balance, c.subordination_level) for c in deal.classes
    ]
    assert read.warnings == deal.warnings


@pytest.mark.parametrize(
    "markup, read",
    [
        ("were <b>663,</b>\n<b>154, 153 and 970</b>, respectively", "were 663, 154, 153 and 970, respectively"),
        ("were <b>5,</b>\n<b>154 and 970</b>", "were 5, 154 and 970"),
        ("of <b>$1,320,</b>\n<b>225 and $76,623,116</b>", "of $1,320,225 and $76,623,116"),
        ("as of May <b>1,</b>\n<b>2004</b>", "as of May 1, 2004"),
        ("was <b>1,</b><br><b>225</b>", "was 1,\n225"),
    ],
)
def test_only_a_figure_cut_after_its_comma_is_joined_in_prose(markup, read):
    assert read in ingest_bytes(f"<html><body><p>{markup}</p></body></html>".encode(), "x.htm").text


# --- text placed piece by piece (position:absolute), as PDF converters and some word processors write it --------

_FIGURE_PIECE = re.compile(r"[\d,.$%]+")


def _placed_page(text: str, character: float, digit: float, jitter: float, pages: bool, whole_lines: bool) -> str:
    """The text as a PDF converter writes it: each line's pieces (runs of words two spaces apart) in a <p> of its own,
    placed at a top and left edge in pixels (a figure by its right edge, its digits narrower than letters), each off
    by up to ``jitter`` pixels, in shuffled order; with ``pages``, each page in a <div> of its own, its tops from 0
    again; with ``whole_lines``, each line whole in one element that keeps its spaces."""
    jolt = random.Random(len(text))
    out = []
    for page in re.split(r"^\s*<PAGE>\s*$", text, flags=re.M) if pages else [text.replace("<PAGE>", "")]:
        out.append('<div style="position:relative;width:918px;height:1188px;">' if pages else "")
        placed = []
        for number, line in enumerate(page.split("\n")):
            pieces = [(m.start(), m.group()) for m in re.finditer(r"\S+(?: \S+)*", line)]
            if whole_lines and pieces:
                pieces = [(pieces[0][0], line.strip())]
            for column, piece in pieces:
                right = _FIGURE_PIECE.fullmatch(piece) is not None and not whole_lines
                left = (column + len(piece)) * character - len(piece) * digit if right else column * character
                top, left = 50 + 15 * number + jolt.uniform(-jitter, jitter), 72 + left + jolt.uniform(-jitter, jitter)
                kept = "pre" if whole_lines else "nowrap"
                placed.append(
                    f'<p style="position:absolute;top:{top:.1f}px;left:{left:.1f}px;white-space:{kept}">{esc(piece)}</p>'
                )
        jolt.shuffle(placed)
        out += [*placed, "</div>" if pages else ""]
    return "<html><body>\n" + "\n".join(out) + "\n</body></html>\n"


@pytest.mark.parametrize("sample", ["term sheet", "detailed description"])
@pytest.mark.parametrize(
    "character, digit, jitter, pages, whole_lines",
    [
        (7.0, 7.0, 0.0, False, False),  # a fixed-width font, placed to the pixel
        (6.3, 5.5, 1.0, True, False),  # a printer's font, figures set by their right edges, a page a <div>
        (8.0, 6.0, 1.5, False, False),
        (7.0, 7.0, 0.5, True, True),  # each line whole, its spaces kept
    ],
)
def test_text_placed_piece_by_piece_reads_as_the_text(sample, character, digit, jitter, pages, whole_lines):
    # Each piece stood on a line of its own: no table, no matrix, "stratification tables: not stated in this
    # filing", the verdict "reconciled" on the three checks left.
    text, deal = (TERM_SHEET, SAMPLE) if sample == "term sheet" else (_DETAILED, _DETAILED_SAMPLE)
    read = _read(_placed_page(text, character, digit, jitter, pages, whole_lines))
    assert facts(read) == facts(deal)
    assert [(c.passed, c.name) for c in read.checks] == [(c.passed, c.name) for c in deal.checks]
    assert [(c.name, c.initial_balance, c.subordination_level) for c in read.classes] == [
        (c.name, c.initial_balance, c.subordination_level) for c in deal.classes
    ]
    assert read.warnings == deal.warnings


@pytest.mark.parametrize(
    "markup, lines",
    [
        (  # placed out of order, a figure a pixel off its label's line
            '<p style="position:absolute;top:31px;left:300px">1,152</p><p style="position:absolute;top:10px;left:0">'
            '2003</p><p style="position:absolute;top:30px;left:0">2004</p>'
            '<p style="position:absolute;top:10px;left:315px">73</p>',
            ["2003  73", "2004  1,152"],
        ),
        (  # left open, each paragraph ended by the next, as a browser ends it
            '<p style="position:absolute;top:10px;left:0">Loans<p style="position:absolute;top:10px;left:140px">7'
            "<p>After.",
            ["Loans  7", "After."],
        ),
        (  # a text box placed whole, its paragraphs its own: no piece of a line
            '<div style="position:absolute;top:10px;left:10px"><p>The pool has 5 loans.</p><p>It has 2 pools.</p></div>'
            "<p>After.</p>",
            ["The pool has 5 loans.", "It has 2 pools.", "After."],
        ),
        (  # a table in an element placed is read as a table, in its place
            '<p>Before.</p><div style="position:absolute;top:100px;left:50px"><p>YEARS</p><table><tr><td>Year</td>'
            "<td>Number</td></tr><tr><td>2003</td><td>73</td></tr><tr><td>2004</td><td>1,152</td></tr></table></div>"
            "<p>After.</p>",
            ["Before.", "YEARS", "Year  Number", "2003  73", "2004  1,152", "After."],
        ),
        (  # a footnote's number in a <sup> in a piece, as a text filing writes it
            '<p style="position:absolute;top:10px;left:0">At least 98%<sup>2</sup> of the loans</p>',
            ["At least 98%(2) of the loans"],
        ),
        (  # a script or style in a piece is no text of it; a piece placed in another from its edges
            '<div style="position:absolute;top:1in;left:0"><script>var x = 1;</script>Balance<style>p{}</style>'
            '<span style="position:absolute;top:0;left:2in">$619,800,778</span></div>',
            ["Balance  $619,800,778"],
        ),
    ],
)
def test_pieces_placed_are_set_as_a_browser_shows_them(markup, lines):
    text = [
        line.rstrip() for line in ingest_bytes(f"<html><body>{markup}</body></html>".encode(), "x.htm").text.split("\n")
    ]
    squeezed = [re.sub(r"\s{2,}", "  ", line.strip()) for line in text]
    at = [squeezed.index(line) for line in lines]
    assert at == sorted(at)


@pytest.mark.parametrize(
    "inside",
    [
        '<tr><td colspan="9" align="center">7</td></tr><tr style="page-break-before:always"><td colspan="9">&nbsp;'
        '</td></tr><tr><td colspan="9" align="center"><b>(continued)</b></td></tr>{headings}',
        '<tr><td colspan="9" align="center">7</td></tr><tr style="page-break-before:always"><td>&nbsp;</td></tr>',
        '<tr><td colspan="9" align="center">7</td></tr>{headings}',
    ],
)
def test_a_page_number_in_a_row_across_a_table_is_no_row_of_it(inside):
    # "the line '7' has no figures in the filing: not read as a row", for each table cut by a page.
    _as_the_sample(_read(_page(lambda t: _printer_table(t, inside=inside), _printer_matrix)))


def _grouped_headings(table: StratTable) -> str:
    """The table under a heading spanning its figure columns ("Mortgage Loans"), in the row of the labels' heading,
    the figures' own headings in the row under it."""
    head = (
        f"<tr><td>{esc(table.label_header)}</td><td colspan=3 align=center>Mortgage Loans</td></tr>"
        "<tr><td></td><td>Number of<br>Loans</td><td></td><td>Aggregate Principal<br>Balances Outstanding</td></tr>"
    )
    rows = [
        f"<tr><td>{esc(r.label)}</td><td align=right>{_figure(r.count)}</td><td>{'$' if i == 0 else ''}</td>"
        f"<td align=right>{_figure(r.balance)}</td></tr>"
        for i, r in enumerate(table.rows)
    ]
    total = (
        f"<tr><td>Total</td><td align=right>{_figure(table.total.count)}</td><td>$</td>"
        f"<td align=right>{_figure(table.total.balance)}</td></tr>"
    )
    return f"{_title(table.title)}<table>{head}{''.join(rows)}{total}</table>{_notes(table)}"


@pytest.mark.parametrize(
    "table",
    [
        _grouped_headings,
        lambda t: _shared_cell(t, "&nbsp;" * 6).replace("Loans" + "&nbsp;" * 6 + "Aggregate", "Loans and Aggregate"),
    ],
    ids=["a heading over the figures beside the labels' heading", "one heading over a count and a balance in one cell"],
)
def test_the_labels_heading_beside_a_heading_spanning_the_figures_is_read_whole(table):
    # The spanning heading ran into it: "Year", "Type of", "Mortgage Loan Note" (not "... Note Rate"), unsaid.
    _as_the_sample(_read(_page(table)))


def test_a_table_of_many_cells_each_of_many_figures_apart_is_read_in_bounded_columns():
    # A hostile table: every cell six figures set apart, 40 columns of them; a dozen columns at most are set apart.
    cell = "&nbsp;&nbsp;".join(["1"] * 6)
    row = "<tr><td>x</td>" + f"<td>{cell}</td>" * 40 + "</tr>"
    text = ingest_bytes(f"<html><body><table>{row * 3}</table></body></html>".encode(), "x.htm").text
    widest = max(text.split("\n"), key=len)
    columns = re.split(r"\s{2,}", widest.strip())
    assert columns[0] == "x" and len(columns) == 1 + 12 * 6 + 28  # the dozen set apart, the others as they stand


@pytest.mark.parametrize("style", ["paragraphs and tables", "footnote numbers in <sup>"])
@pytest.mark.parametrize("sample", ["term sheet", "detailed description"])
def test_a_whole_page_in_one_element_placed_reads_as_the_text(sample, style):
    # A page laid out in one placed <div> (a word processor's page or text box): its paragraphs and tables are no
    # pieces of one line; each is read as it stands.
    text, deal = (TERM_SHEET, SAMPLE) if sample == "term sheet" else (_DETAILED, _DETAILED_SAMPLE)
    page = html_filing(text, deal, style)
    page = page.replace("<body>", '<body><div style="position:absolute;top:0px;left:48px;width:600px">', 1)
    read = _read(page.replace("</body>", "</div></body>"))
    assert facts(read) == facts(deal)
    assert read.warnings == deal.warnings
