"""The 2004-3 term sheet's pool facts as EDGAR HTML of 2005-2008 sets a summary: a table of two
columns (or three, "$" in a cell of its own), a label and its value a row, some values a range
or a date. Found by a fuzz of the HTML envelope (each sample laid out as filing agents and word
processors lay out HTML, read, and compared figure by figure with the text)."""

from __future__ import annotations

import html
import re

import pytest
from facts import deal_facts, matrices_read
from sample_deals import read_sample
from test_html_layouts import facts, html_filing
from test_prose_wording import POOL_FACTS, SUMMARY_FIELDS, SUMMARY_LINES, TERM_SHEET

from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes


def _row(label: str, value: str, dollar_apart: bool) -> str:
    if not dollar_apart:
        return f"<tr><td>{html.escape(label)}</td><td align=right>{html.escape(value)}</td></tr>"
    sign, figure = ("$", value[1:]) if value.startswith("$") else ("", value)
    return f"<tr><td>{html.escape(label)}</td><td>{sign}</td><td align=right>{html.escape(figure)}</td></tr>"


def _summary_page(tables: list[list[tuple[str, str]]], dollar_apart: bool = False) -> bytes:
    """The term sheet in <pre>, its pool facts' paragraphs replaced by ``tables`` of summary rows,
    one after another with a page break between."""
    before, after = TERM_SHEET.split(POOL_FACTS)
    laid = '<hr style="page-break-after:always">'.join(
        "<table>" + "".join(_row(label, value, dollar_apart) for label, value in rows) + "</table>" for rows in tables
    )
    return f"<html><body><pre>{html.escape(before)}</pre>{laid}<pre>{html.escape(after)}</pre></body></html>".encode()


def _as_the_sample(deal, warnings: tuple[str, ...] = ()) -> None:
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.txt").whole_deal
    assert {name: getattr(deal.whole_deal, name) for name in SUMMARY_FIELDS} == {
        name: getattr(sample, name) for name in SUMMARY_FIELDS
    }
    assert deal.whole_deal.aggregate_balance == sample.aggregate_balance == 619_800_778.37
    assert deal.verdict.value == "reconciled" and deal.warnings == warnings and not deal.missing


def test_a_summary_tables_dollar_sign_in_a_cell_after_a_labels_colon_is_its_figures():
    # "Aggregate Principal Balance: | $ | 619,800,778": the "$" was set after the label's colon, apart
    # from its figure; the minimum and maximum original balances ("$ | 54,500 / $1,000,000") were lost,
    # and the balance over 80% LTV and the largest zip code's doubted.
    rows = [(f"{label}:", value) for label, value in SUMMARY_LINES]
    assert sum(value.startswith("$") for _, value in rows) == 3
    deal = load_filing(ingest_bytes(_summary_page([rows], dollar_apart=True), "cmsi-2004-3-summary.htm"))
    _as_the_sample(deal)
    assert (deal.whole_deal.original_balance_min, deal.whole_deal.original_balance_max) == (54_500, 1_000_000)


@pytest.mark.parametrize("dollar_apart", [False, True])
def test_a_summary_table_cut_in_two_by_a_page_break_reads_as_one(dollar_apart):
    # A summary's rows with a range or a date as their value ("240 to 360 months", "May 1, 2034") were
    # taken for headings and underlined; the line under such a rule, last before the page break, was
    # read on into the next page's "Range of Original Terms: 240 to 360 months": the WA original term
    # 360 months (the filing's 359.54), the 20 to 30 years' range of original terms lost.
    rows = list(SUMMARY_LINES)
    cut = 1 + next(i for i, (label, _) in enumerate(rows) if label.startswith("Weighted Average Original Term"))
    assert rows[cut][0] == "Range of Original Terms"
    deal = load_filing(ingest_bytes(_summary_page([rows[:cut], rows[cut:]], dollar_apart), "cmsi-2004-3-summary.htm"))
    _as_the_sample(deal)
    assert deal.whole_deal.wa_original_term_months == 359.54
    assert (deal.whole_deal.original_term_min_years, deal.whole_deal.original_term_max_years) == (20, 30)


def test_a_summary_tables_rows_of_ranges_and_dates_are_no_headings():
    # Each row of a label and its value stays one line of the summary: no rule of dashes under a
    # range's row ("Range of Mortgage Rates   5.250% to 7.250%") parts it from the rows below.
    page = _summary_page([list(SUMMARY_LINES)])
    text = ingest_bytes(page, "cmsi-2004-3-summary.htm").text.split("\n")
    first = text.index(next(line for line in text if line.startswith(SUMMARY_LINES[0][0])))
    block = text[first : first + len(SUMMARY_LINES)]
    assert [line.split("   ")[0] for line in block] == [label for label, _ in SUMMARY_LINES]


def test_a_summary_labels_footnote_mark_before_its_colon_stays_the_labels():
    # "Weighted Average Mortgage Rate (%)<sup>(1)</sup>:" was set "...(%):(1)   5.843": the mark where the
    # value stands, the line no summary's, and the WAC doubted as a sentence that breaks off.
    marked = "Weighted Average Mortgage Rate (%)"
    rows = [(f"{label}<sup>(1)</sup>:" if label == marked else f"{label}:", value) for label, value in SUMMARY_LINES]
    page = _summary_page([rows]).replace(b"&lt;sup&gt;(1)&lt;/sup&gt;", b"<sup>(1)</sup>")
    assert page.count(b"<sup>(1)</sup>:") == 1
    deal = load_filing(ingest_bytes(page, "cmsi-2004-3-summary.htm"))
    _as_the_sample(deal)
    assert deal.whole_deal.wac == 5.843


def test_a_summary_value_said_approximately_is_no_heading():
    # "Balance with LTV in excess of 80%: | approximately $5,368,851", the table's first row, was
    # underlined as its heading, and doubted as a sentence that breaks off.
    said_about = "Balance with LTV in excess of 80%"
    rows = [(f"{label}:", f"approximately {value}") for label, value in SUMMARY_LINES if label == said_about]
    rows += [(f"{label}:", value) for label, value in SUMMARY_LINES if label != said_about]
    assert rows[0][1] == "approximately $5,368,851" and rows[1][1] == "1,225"  # a row of a figure under it
    deal = load_filing(ingest_bytes(_summary_page([rows]), "cmsi-2004-3-summary.htm"))
    said = "All loans balance_above_80_ltv: stated as approximately $5,368,851, not as an exact figure"
    _as_the_sample(deal, warnings=(said,))  # that, and no more
    assert deal.whole_deal.balance_above_80_ltv == 5_368_851


# --- the 2004-8 detailed description's pool figures as a table of the pools' columns ---------------


def test_a_pool_column_table_with_colons_after_its_labels_gives_each_pool_its_figures(detailed_path, detailed):
    # "Number of Mortgage Loans: | 663 | 154 | ...": the colon went into each row's sentence twice
    # ("Number of Mortgage Loans:: 663"), and no pool's count, WAC or WAM was read (said missing).
    text = detailed_path.read_text()
    start, end = text.index("     The total numbers of the pool I"), text.index("All mortgage loans have original")
    pools = ("Pool I", "Pool II", "Pool III", "All Loans")
    figures = (
        ("Number of Mortgage Loans", ("663", "154", "153", "970")),
        ("Aggregate Principal Balance", ("$335,095,817", "$77,943,341", "$80,602,220", "$493,641,378")),
        ("Weighted Average Mortgage Rate", ("6.132%", "5.486%", "5.716%", "5.962%")),
        ("Weighted Average Remaining Term (months)", ("358.20", "176.90", "358.39", "329.60")),
    )

    def cells(value: str) -> str:
        sign, figure = ("$", value[1:]) if value.startswith("$") else ("", value)
        return f"<td>{sign}</td><td align=right>{figure}</td>"

    table = "<table><tr><td></td>" + "".join(f"<td colspan=2>{pool}</td>" for pool in pools) + "</tr>"
    table += "".join(f"<tr><td>{label}:</td>{''.join(map(cells, values))}</tr>" for label, values in figures)
    page = f"<html><body><pre>{html.escape(text[:start])}</pre>{table}</table><pre>     {html.escape(text[end:])}</pre>"
    deal = load_filing(ingest_bytes(f"{page}</body></html>".encode(), "cmsi-2004-8-pools.htm"))
    for pool in ("I", "II", "III", "all"):
        read, stated = deal.pool(pool), detailed.pool(pool)
        assert (read.loan_count, read.wac, read.wam_months) == (stated.loan_count, stated.wac, stated.wam_months)
        assert read.aggregate_balance == stated.aggregate_balance
    assert (deal.pool("I").loan_count, deal.pool("II").wac, deal.pool("all").wam_months) == (663, 5.486, 329.60)
    assert not deal.missing and not deal.warnings


# --- a whole text filing in a <pre>, set in a table that lays the page out --------------------------


def test_a_text_filing_in_a_pre_inside_a_layout_tables_cell_keeps_its_columns(term_sheet_path, term_sheet):
    # "<table width=100%><tr><td>&nbsp;</td><td><pre>...</pre></td></tr></table>": the <pre>'s text was
    # read as the cell's prose, its runs of spaces one space each; the FICO x LTV matrix's first figure
    # of each row went into its label, every cell read one column to the left (0.30 for 0.36), unsaid.
    path, deal = term_sheet_path, term_sheet
    pre = f"<pre>{html.escape(path.read_text())}</pre>"
    page = f'<html><body><table width="100%"><tr><td width="5%">&nbsp;</td><td>{pre}</td></tr></table></body></html>'
    read = load_filing(ingest_bytes(page.encode(), f"{path.stem}.htm"))
    assert deal_facts(read) == deal_facts(deal)
    assert matrices_read(read) == matrices_read(deal)


def _word_plain_text(text: str) -> str:
    """A text filing as Word saves it as a web page: a "plain text" paragraph (no margin) a printed line,
    each run of spaces no-break spaces but the last, a blank line a paragraph of a no-break space."""

    def line(text: str) -> str:
        spaced = re.sub(r" {2,}", lambda run: "&nbsp;" * (len(run.group()) - 1) + " ", html.escape(text))
        return f"<p class=MsoPlainText><span style='font-family:\"Courier New\"'>{spaced or '<o:p>&nbsp;</o:p>'}</span></p>"

    lines = [line(row) if row.strip() else line("") for row in text.split("\n") if row.strip() != "<PAGE>"]
    style = "<style>p.MsoPlainText {margin:0in; font-size:10.0pt; font-family:'Courier New'}</style>"
    return f"<html><head>{style}</head><body lang=EN-US>\n" + "\n".join(lines) + "\n</body></html>"


def test_a_text_filing_saved_by_word_a_paragraph_a_line_keeps_its_tables_headings(term_sheet_path, term_sheet):
    # Each line a paragraph of its own: a blank line was set between every two, the FICO x LTV matrix's
    # two lines of headings ("65.00%" / "and below") and its rules apart, and no column of it had a
    # heading the parser reads (said); its title's first line was lost, unsaid.
    page = _word_plain_text(term_sheet_path.read_text())
    assert "&nbsp;&nbsp;&nbsp;" in page and "<o:p>&nbsp;</o:p>" in page
    read = load_filing(ingest_bytes(page.encode(), "cmsi-2004-3.htm"))
    assert matrices_read(read) == matrices_read(term_sheet)
    assert read.matrices[0].col_labels[0] == "65.00% and below"
    assert deal_facts(read) == deal_facts(term_sheet)


# --- a word processor's leaders ---------------------------------------------------------------------


def test_a_labels_leader_of_ellipsis_characters_is_no_part_of_it(term_sheet_path, term_sheet):
    # Word's "…" (one character for three dots) leading from each label to its figures stayed in every
    # label ("California ………", "2003 ………"): the labels no longer those of the same rows in other deals.
    page = html_filing(term_sheet_path.read_text(), term_sheet, "paragraphs and tables")
    page, rows = re.subn(
        r"<tr><td>([^<]+)</td>(?=<td></td><td align=\"right\">)", "<tr><td>\\1 \u2026\u2026\u2026</td>", page
    )
    assert rows >= sum(len(t.rows) for t in term_sheet.tables) and "California \u2026\u2026\u2026</td>" in page
    read = load_filing(ingest_bytes(page.encode(), "cmsi-2004-3.htm"))
    assert [[row.label for row in table.rows] for table in read.tables] == [
        [row.label for row in table.rows] for table in term_sheet.tables
    ]
    assert [m.row_labels for m in read.matrices] == [m.row_labels for m in term_sheet.matrices]
    assert facts(read) == facts(term_sheet)


def test_a_text_filing_in_a_pre_with_a_br_at_each_lines_end_reads_as_the_text(term_sheet_path, term_sheet):
    # "<pre>...<br>\n...</pre>": each line's "<br>" and its own newline were two breaks (a browser shows it
    # double-spaced): the FICO x LTV matrix's column headings were lost (said), its title and the LTV
    # table's lost their first line and a footnote was dropped, unsaid. The filer meant one break.
    text = term_sheet_path.read_text()
    page = "<html><body><pre>" + html.escape(text).replace("\n", "<br>\n") + "</pre></body></html>"
    read = load_filing(ingest_bytes(page.encode(), f"{term_sheet_path.stem}.htm"))
    assert deal_facts(read) == deal_facts(term_sheet)
    assert matrices_read(read) == matrices_read(term_sheet)
    assert [t.title for t in read.tables] == [t.title for t in term_sheet.tables]
