"""A stratification table's footnotes, and the lines under its Total, in layouts the samples do not have.

Each filing is the 2004-3 term sheet with one table's end set as another typist might: lines of statistics
("Weighted average note rate:  5.95%", "Minimum ...", "Maximum ...") between the Total and the footnote; a
footnote marked "*", "(a)", "1." or "1"; one whose words run over two or three lines; two numbered notes;
a note set over the Total; a mark on a column heading or on a row's label. The footnote must be its table's,
word for word; the statistics read where the model holds their figure, else said beside the table, never
dropped; and every other table read exactly as the sample's. A note saying what a table's figures leave out
("Excludes loans with no FICO score") reaches the HTML, the PDF and the JSON beside its table.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from facts import assert_tables_as_the_sample, rows_read, table_titled
from reading import pdf_text
from sample_deals import read_sample
from shared_renders import FIXED_TIME

from reporting.model.deal import Deal
from reporting.pipeline import load_filing
from reporting.present.renders import DealRender
from reporting.read.ingest import ingest_bytes
from reporting.samples import TERM_SHEET_2004_3

sys.path.insert(0, str(Path(__file__).parent))
from test_html_layouts import html_filing  # noqa: E402

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = read_sample(TERM_SHEET, "cmsi-2004-3.txt")

RATES = "NOTE RATES"
LAST_RATE = "7.001% - 7.250%                       1                              902,341\n"
RATES_TOTAL = (
    "Total                             1,225                         $619,800,778\n"
    "                                  =====                         ============\n"
)
RATES_END = LAST_RATE + "\n\n" + RATES_TOTAL  # the note rate table's last row and its Total
EXCLUDES = "(1) Excludes loans with no FICO score."
DWELLINGS_NOTE = ("*   Multi-family dwellings are 2-family, 3-family and 4-family.",)


def _read(text: str) -> Deal:
    return load_filing(ingest_bytes(text.encode(), "cmsi-2004-3.txt"))


def _edited(old: str, new: str) -> str:
    assert TERM_SHEET.count(old) == 1, old
    return TERM_SHEET.replace(old, new)


def _footnotes_but(deal: Deal, words: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(t.title, t.footnotes) for t in deal.tables if words not in t.title]


def _the_samples_footnotes_but(words: str) -> list[tuple[str, tuple[str, ...]]]:
    return _footnotes_but(SAMPLE, words)


# --- statistics between the Total and the footnote -----------------------------------------------

STATISTICS = {
    "colons": (
        "Weighted average note rate:  5.95%\nMinimum note rate:  5.250%\nMaximum note rate:  7.250%\n",
        ("Minimum note rate: 5.250%", "Maximum note rate: 7.250%"),
    ),
    "units in the labels": (
        "Weighted Average Note Rate (%):     5.95\nMinimum Note Rate (%):              5.250\n"
        "Maximum Note Rate (%):              7.250\n",
        ("Minimum Note Rate (%): 5.250", "Maximum Note Rate (%): 7.250"),
    ),
    "in the figures' column, a blank line between": (
        "Weighted Average Note Rate                                          5.95%\n\n"
        "Minimum                                                             5.250%\n"
        "Maximum                                                             7.250%\n",
        ("Minimum 5.250%", "Maximum 7.250%"),
    ),
    "a page break between them and the note": (
        "Weighted average note rate:  5.95%\nMinimum note rate:  5.250%\nMaximum note rate:  7.250%\n-----------\n\n"
        "<PAGE>\n",
        ("Minimum note rate: 5.250%", "Maximum note rate: 7.250%"),
    ),
}


@pytest.mark.parametrize("layout", STATISTICS, ids=list(STATISTICS))
def test_a_footnote_under_lines_of_statistics_is_its_tables_and_each_line_is_read_or_said(layout: str):
    """Was: the footnote lost with no word (its table had none, the prose read nothing of it), and the minimum
    and maximum rates, which no figure of the model holds, dropped unsaid."""
    statistics, unread = STATISTICS[layout]
    text = _edited(RATES_END, RATES_END + "\n" + statistics + "\n" + EXCLUDES + "\n")
    deal = _read(text)
    assert_tables_as_the_sample(deal, SAMPLE)
    rates = table_titled(deal, RATES)
    assert rates.footnotes == (EXCLUDES,)
    assert _footnotes_but(deal, RATES) == _the_samples_footnotes_but(RATES)
    # the weighted average is the pool's WAC, read by the prose as before: stated again unlike the first statement
    wac = next(p for p in deal.pools[0].provenance if p.field == "wac")
    lines = text.split("\n")
    (again,) = [n for n in wac.source_lines if "5.95" in lines[n - 1]]
    assert wac.warnings == (f"stated again as 5.95 (line {again}); the first statement, 5.843 (lines 68-70), is kept",)
    said = tuple(
        f"the line {line!r} (line {next(n for n, t in enumerate(lines, 1) if ' '.join(t.split()) == line)}) under"
        " the table's Total was not read: no figure of the report is taken from it"
        for line in unread
    )
    assert rates.warnings == said
    assert all(f"{rates.title}: {w}" in deal.warnings for w in said)


def test_statistics_under_a_total_with_no_footnote_are_read_or_said_and_the_table_ends_at_its_total():
    deal = _read(_edited(RATES_END, RATES_END + "\nMinimum note rate:  5.250%\nMaximum note rate:  7.250%\n"))
    assert_tables_as_the_sample(deal, SAMPLE)
    rates = table_titled(deal, RATES)
    assert rates.footnotes == ()
    assert [w.split(" (line")[0] for w in rates.warnings] == [
        "the line 'Minimum note rate: 5.250%'",
        "the line 'Maximum note rate: 7.250%'",
    ]
    sample_rates = table_titled(SAMPLE, RATES)
    assert rates.line_range == sample_rates.line_range  # the lines under it are not its own


def test_a_bound_the_model_holds_under_a_total_is_read_and_not_said_unread():
    """ "Maximum loan-to-value ratio: 95%" under the LTV table is the pool's maximum LTV, as the prose states it."""
    ltv_end = "90.001% - 95.000%                     3                              731,849\n\n\n" + RATES_TOTAL
    deal = _read(_edited(ltv_end, ltv_end + "\nMaximum loan-to-value ratio:  95%\n\n" + EXCLUDES + "\n"))
    assert_tables_as_the_sample(deal, SAMPLE)
    ltv = table_titled(deal, "LOAN-TO-VALUE")
    assert ltv.footnotes == (EXCLUDES,)
    assert ltv.warnings == ()
    assert deal.pools[0].max_ltv == SAMPLE.pools[0].max_ltv == 95.0


# --- footnotes in other layouts --------------------------------------------------------------------

LAYOUTS = {
    "*": ("\n*   Excludes loans with no FICO score.\n", ("*   Excludes loans with no FICO score.",)),
    "(a)": ("\n(a) Excludes loans with no FICO score.\n", ("(a) Excludes loans with no FICO score.",)),
    "1.": ("\n1.  Excludes loans with no FICO score.\n", ("1.  Excludes loans with no FICO score.",)),
    "1": ("\n1   Excludes loans with no FICO score.\n", ("1   Excludes loans with no FICO score.",)),
    "under a rule": ("-----------\n" + EXCLUDES + "\n", (EXCLUDES,)),
    "two lines": (
        "\n(1) Excludes loans with no FICO score, which are shown\n    at their note rates in the table above.\n",
        ("(1) Excludes loans with no FICO score, which are shown at their note rates in the table above.",),
    ),
    "three lines": (
        "\n(1) Excludes loans with no FICO score, which are shown\n    at their note rates in the table above,\n"
        "    and loans with no stated original balance.\n",
        (
            "(1) Excludes loans with no FICO score, which are shown at their note rates in the table above,"
            " and loans with no stated original balance.",
        ),
    ),
    "1 and 2": (
        "\n1   Excludes loans with no FICO score.\n2   Rates are before the servicing fee.\n",
        ("1   Excludes loans with no FICO score.", "2   Rates are before the servicing fee."),
    ),
    "1. and 2.": (
        "\n1.  Excludes loans with no FICO score.\n2.  Rates are before the servicing fee.\n",
        ("1.  Excludes loans with no FICO score.", "2.  Rates are before the servicing fee."),
    ),
}


@pytest.mark.parametrize("layout", LAYOUTS, ids=list(LAYOUTS))
def test_a_footnote_under_the_total_in_each_layout_is_its_tables_word_for_word(layout: str):
    """Was: a note marked "1." lost; two notes numbered "1" and "2" read as one."""
    notes, expected = LAYOUTS[layout]
    deal = _read(_edited(RATES_END, RATES_END + notes))
    assert_tables_as_the_sample(deal, SAMPLE)
    rates = table_titled(deal, RATES)
    assert rates.footnotes == expected
    assert rates.warnings == ()
    assert _footnotes_but(deal, RATES) == _the_samples_footnotes_but(RATES)
    assert table_titled(deal, "TYPES OF DWELLINGS").footnotes == DWELLINGS_NOTE


TWO_LINES = "(1) Excludes loans with no FICO score, which are\n    shown at their note rates."
OVER_THE_TOTAL = {
    "blank lines around it": (LAST_RATE + "\n" + EXCLUDES + "\n\n" + RATES_TOTAL, EXCLUDES),
    "right under the last row": (LAST_RATE + EXCLUDES + "\n\n\n" + RATES_TOTAL, EXCLUDES),
    "starting with a figure": (
        LAST_RATE + "\n(1) 3 loans with no FICO score are excluded.\n\n" + RATES_TOTAL,
        "(1) 3 loans with no FICO score are excluded.",
    ),
    "Note:": (
        LAST_RATE + "\nNote: Excludes loans with no FICO score.\n\n" + RATES_TOTAL,
        "Note: Excludes loans with no FICO score.",
    ),
    "two lines, right over the Total": (
        LAST_RATE + "\n" + TWO_LINES + "\n" + RATES_TOTAL,
        "(1) Excludes loans with no FICO score, which are shown at their note rates.",
    ),
}


@pytest.mark.parametrize("layout", OVER_THE_TOTAL, ids=list(OVER_THE_TOTAL))
def test_a_footnote_set_over_the_total_is_its_tables_and_the_total_is_read(layout: str):
    """Was: with a blank line over the note, the Total line lost (the table read as one with none, its checks
    failed); with none, the note read as the end of the last row's label ("7.001% - 7.250% (1) Excludes ...")."""
    end, note = OVER_THE_TOTAL[layout]
    deal = _read(_edited(RATES_END, end))
    assert_tables_as_the_sample(deal, SAMPLE)
    rates = table_titled(deal, RATES)
    assert rates.footnotes == (note,)
    assert rates.warnings == ()
    assert _footnotes_but(deal, RATES) == _the_samples_footnotes_but(RATES)


def test_a_wrapped_labels_end_over_the_total_is_no_footnote():
    """ "(over four" / "stories high)" wrapped under its row, right over the Total: the row's label, as ever."""
    condominiums = "Cooperative Units                    47                           24,033,135\n\n\n"
    deal = _read(
        _edited(
            condominiums,
            "Cooperative Units (one to four       47                           24,033,135\nstories high)\n\n\n",
        )
    )
    dwellings = table_titled(deal, "TYPES OF DWELLINGS")
    assert dwellings.rows[-1].label == "Cooperative Units (one to four stories high)"
    assert dwellings.footnotes == DWELLINGS_NOTE
    assert (dwellings.total.count, dwellings.total.balance) == (1225, 619800778.0)


def test_a_mark_on_a_column_heading_or_a_rows_label_leaves_the_footnote_its_tables():
    notes = "\n(1) Rates are before the servicing fee.\n"
    heading = _read(
        _edited(RATES_END, RATES_END + notes).replace(
            "Note Rate                         Loans", "Note Rate(1)                      Loans"
        )
    )
    row = _read(
        _edited(RATES_END, RATES_END + notes).replace(
            "5.250% - 5.500%                      96", "5.250% - 5.500%(1)                   96"
        )
    )
    for deal in (heading, row):
        rates = table_titled(deal, RATES)
        assert rates.footnotes == ("(1) Rates are before the servicing fee.",)
        assert rates.warnings == ()
        assert [(r.count, r.balance) for r in rates.rows] == [
            (r.count, r.balance) for r in table_titled(SAMPLE, RATES).rows
        ]
        assert [rows_read(t) for t in deal.tables if RATES not in t.title] == [
            rows_read(t) for t in SAMPLE.tables if RATES not in t.title
        ]
        assert deal.checks_passed
    assert table_titled(heading, RATES).label_header == "Mortgage Loan Note Rate(1)"
    assert table_titled(row, RATES).rows[0].label == "5.250% - 5.500%(1)"


# --- in HTML ------------------------------------------------------------------------------------------

HTML_SAMPLE = html_filing(TERM_SHEET, SAMPLE, "paragraphs and tables")
HTML_RATES_END = (
    '<td align="right">902,341</td><td></td></tr><tr><td>Total</td><td></td><td align="right">1,225</td><td></td>'
    '<td>$</td><td align="right">619,800,778</td><td></td></tr></table>\n'
)
HTML_STATISTICS = {
    "in a paragraph": "<p>Weighted average note rate: 5.95%<br>Minimum note rate: 5.250%<br>"
    "Maximum note rate: 7.250%</p>\n",
    "in a table of their own": "<table><tr><td>Weighted average note rate</td><td>5.95%</td></tr>"
    "<tr><td>Minimum note rate</td><td>5.250%</td></tr><tr><td>Maximum note rate</td><td>7.250%</td></tr></table>\n",
}


@pytest.mark.parametrize("layout", HTML_STATISTICS, ids=list(HTML_STATISTICS))
def test_an_html_tables_footnote_under_statistics_is_its_own(layout: str):
    assert HTML_SAMPLE.count(HTML_RATES_END) == 1
    html = HTML_SAMPLE.replace(HTML_RATES_END, HTML_RATES_END + HTML_STATISTICS[layout] + f"<p>{EXCLUDES}</p>\n")
    deal = load_filing(ingest_bytes(html.encode(), "cmsi-2004-3.htm"))
    assert_tables_as_the_sample(deal, SAMPLE)
    rates = table_titled(deal, RATES)
    assert rates.footnotes == (EXCLUDES,)
    assert [w.split(" (line")[0] for w in rates.warnings] == [
        f"the line 'Minimum note rate{':' if 'paragraph' in layout else ''} 5.250%'",
        f"the line 'Maximum note rate{':' if 'paragraph' in layout else ''} 7.250%'",
    ]


# --- under a matrix ---------------------------------------------------------------------------------

MATRIX_END = (
    "                    ======        ======        ======        =====         =====         =====       =======\n"
)
MATRIX_NOTE = "(1) Excludes 3 loans with no FICO score (0.21% of the pool balance)."


def test_a_matrixs_footnote_is_said_beside_it():
    """Was: lost with no word (the model keeps no footnote beside a matrix, and its lines were the matrix's)."""
    deal = _read(_edited(MATRIX_END, MATRIX_END + "\n" + MATRIX_NOTE + "\n"))
    assert_tables_as_the_sample(deal, SAMPLE)
    (matrix,) = deal.matrices
    assert (matrix.footnotes, matrix.warnings) == ((MATRIX_NOTE,), ())  # the filing's note, no doubt of ours
    assert (matrix.cells, matrix.col_totals) == (SAMPLE.matrices[0].cells, SAMPLE.matrices[0].col_totals)


def test_a_matrixs_note_on_what_its_marks_stand_for_is_its_bound_note_alone():
    first = "620 and less         0.36%         0.30%         0.23%        0.02%         0.00%         0.00%         0.91%\n"
    text = _edited(first, first.replace("0.00%         0.00%  ", "*             *      "))
    deal = _read(text.replace(MATRIX_END, MATRIX_END + "\n*   Less than 0.005%\n"))
    (matrix,) = deal.matrices
    assert (matrix.bound_note, matrix.marked) == ("* Less than 0.005%", ((0, 4), (0, 5)))
    assert (matrix.footnotes, matrix.warnings) == ((), ())


# --- beside the table in every output -------------------------------------------------------------

STATED = _edited(
    RATES_END,
    RATES_END
    + "\nWeighted average note rate:  5.95%\nMinimum note rate:  5.250%\nMaximum note rate:  7.250%\n\n"
    + EXCLUDES
    + "\n",
).replace(MATRIX_END, MATRIX_END + "\n" + MATRIX_NOTE + "\n")


@pytest.fixture(scope="module")
def stated() -> DealRender:
    return DealRender(_read(STATED), generated_at=FIXED_TIME)


def _between(text: str, first: str, then: str) -> str:
    """The text from ``first`` up to ``then`` after it."""
    start = text.index(first)
    return text[start : text.index(then, start)]


def test_the_footnote_and_the_statistics_not_read_show_beside_their_table_in_the_html(stated: DealRender):
    html = stated.html
    rates = _between(html, "Distribution of Mortgage Loans by Note Rates", "Loan-To-Value")
    assert f'<p class="footnote">{EXCLUDES}</p>' in rates
    assert "Minimum note rate: 5.250%" in rates and "Maximum note rate: 7.250%" in rates
    assert html.count(EXCLUDES) == 1
    matrix = _between(html, '<h2 id="matrix-0">', "</section>")
    assert f'<p class="footnote">{MATRIX_NOTE}</p>' in matrix and html.count(MATRIX_NOTE) == 1
    assert "doubt" not in matrix  # the filing's own note, not a doubt of the parser's


def test_the_footnote_shows_beside_its_table_in_the_pdf(stated: DealRender):
    text = " ".join(pdf_text(stated.pdf).split())
    rates = _between(text, "Distribution of Mortgage Loans by Note Rates", "Loan-To-Value")
    assert EXCLUDES in rates and text.count(EXCLUDES) == 1
    assert MATRIX_NOTE in _between(text, "Distribution by FICO Scores", "Data quality")


def test_the_footnote_is_its_tables_in_the_json(stated: DealRender):
    tables = json.loads(stated.json)["tables"]
    assert [t["footnotes"] for t in tables] == [
        [EXCLUDES] if RATES in t["title"] else list(s.footnotes) for t, s in zip(tables, SAMPLE.tables)
    ]
    (matrix,) = json.loads(stated.json)["matrices"]
    assert (matrix["footnotes"], matrix["warnings"]) == ([MATRIX_NOTE], [])


def test_the_matrixs_footnote_is_under_it_in_the_workbook(stated: DealRender, tmp_path: Path):
    from openpyxl import load_workbook

    path = tmp_path / "deal.xlsx"
    path.write_bytes(stated.xlsx)
    sheet = load_workbook(path)["FICO x LTV"]
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert MATRIX_NOTE in texts


# --- a paragraph right under a note ------------------------------------------------------------------

LTV_SENTENCE = (
    "The weighted average loan-to-value ratio at origination of the\nmortgage loans as of May 1, 2004 was 64.5%. "
)


@pytest.mark.parametrize("indent", [5, 8])
def test_a_paragraph_right_under_a_note_is_prose_not_the_notes_words(indent: int):
    """Was: with no blank line between, the paragraph's lines were the note's, and its WA LTV (stated there alone)
    was said "not stated in this filing"."""
    moved = TERM_SHEET.replace(LTV_SENTENCE, "", 1)
    assert moved != TERM_SHEET
    note = DWELLINGS_NOTE[0] + "\n"
    sentence = " " * indent + "The weighted average loan-to-value ratio at origination of the mortgage\n"
    deal = _read(moved.replace(note, note + sentence + "loans as of May 1, 2004 was 64.5%.\n", 1))
    assert deal.pools[0].wa_ltv == 64.5 and "wa_ltv" not in " ".join(deal.missing)
    assert table_titled(deal, "TYPES OF DWELLINGS").footnotes == DWELLINGS_NOTE
    assert_tables_as_the_sample(deal, SAMPLE)


def test_a_notes_wrapped_lines_under_its_hanging_indent_stay_the_notes():
    note = DWELLINGS_NOTE[0] + "\n"
    wrapped = "*   Multi-family dwellings are 2-family, 3-family and 4-family.\n    Cooperative units are not.\n"
    deal = _read(_edited(note, wrapped))
    assert table_titled(deal, "TYPES OF DWELLINGS").footnotes == (
        "*   Multi-family dwellings are 2-family, 3-family and 4-family. Cooperative units are not.",
    )
