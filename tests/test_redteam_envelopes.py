"""Filings in the wording of other years and in envelopes the other tests lack, found misread by a red team.

Each filing is a bundled sample edited here: later filings' words for the same facts, or the sample's tables in
markup a filing agent used. The sample's figures must come out as from the sample; where one cannot, the deal
says so beside it, never a figure lost in silence.
"""

from __future__ import annotations

import html
import re

import pytest
from facts import FICO_ROWS, fico_table_lines
from sample_deals import read_sample

from reporting.model.deal import Deal, StratTable
from reporting.pipeline import load_filing
from reporting.read.ingest import ingest_bytes
from reporting.samples import DETAILED_2004_8, TERM_SHEET_2004_3

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
DETAILED = DETAILED_2004_8.read_text(encoding="utf-8")


def _read(text: str, name: str = "cmsi-redteam.txt") -> Deal:
    return load_filing(ingest_bytes(text.encode(), name))


def _pool_figures(deal: Deal) -> list[tuple]:
    """Each pool's balance and its premium, discount and additional collateral balances."""
    return [
        (
            p.name,
            p.aggregate_balance,
            p.premium_discount and p.premium_discount.premium.balance,
            p.premium_discount and p.premium_discount.discount.balance,
            p.additional_collateral and p.additional_collateral.balance,
        )
        for p in deal.pools
    ]


# --- "stated principal balance": the words of the filings after Regulation AB (2005-2007) ---------------


@pytest.mark.parametrize("stated", ["stated principal balance", "Stated Principal Balance"])
def test_a_balance_called_the_stated_principal_balance_is_the_pools_balance(stated):
    # Every pool's balance, the cut-off date, the premium and discount balances and the additional collateral
    # balances were lost: "aggregate stated principal balance" was no balance's wording (the collateral's in silence).
    text = re.sub(
        r"scheduled(\s+)principal(\s+)balance",
        lambda m: m[1].join(stated.split(" ", 1)).replace(" ", m[2]),
        DETAILED,
    )
    assert "scheduled principal" not in text
    sample = read_sample(DETAILED, "cmsi-redteam.txt")
    deal = _read(text)
    assert _pool_figures(deal) == _pool_figures(sample)
    assert _pool_figures(deal)[0] == ("I", 335_095_817.07, 309_146_133.0, 25_949_684.0, 660_000.0)
    assert deal.cut_off_date == sample.cut_off_date
    assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in sample.checks]
    assert deal.missing == () and deal.warnings == ()


def _term_sheet_with_summary(balance_label: str) -> Deal:
    """The term sheet with its paragraph of pool facts (and the balance's clause) as a summary block of lines."""
    clause = (
        " with an aggregate scheduled principal balance outstanding (after deducting principal payments due on or"
        " before May 1, 2004) as of May 1, 2004 of $619,800,778.37."
    )
    text = re.sub(r"\s+".join(map(re.escape, clause.split())).replace(r"\ with", r"\s+with", 1), ".", TERM_SHEET)
    assert "$619,800,778.37" not in text
    start, end = text.index("     The total number of mortgage loans"), text.index("     None of the mortgage loans")
    block = [
        (balance_label, "$619,800,778.37"),
        ("Number of Mortgage Loans", "1,225"),
        ("Gross WAC", "5.843%"),
        ("WA Remaining Term (months)", "357.95"),
        ("WA Original Term (months)", "359.54"),
        ("WA Original LTV", "64.5%"),
    ]
    lines = "\n".join(f"     {label + ':':<48}{figure:>18}" for label, figure in block)
    return _read(text[:start] + lines + "\n\n" + text[end:], "cmsi-2004-3-summary.txt")


@pytest.mark.parametrize(
    "label", ["Stated Principal Balance", "Total Stated Principal Balance", "Cut-off Date Stated Principal Balance"]
)
def test_a_summary_lines_stated_principal_balance_is_the_pools_balance(label):
    # "Stated Principal Balance: $619,800,778.37" was a line not read: the pool's balance missing, 8 checks not run.
    deal = _term_sheet_with_summary(label)
    sample = read_sample(TERM_SHEET, "cmsi-2004-3-summary.txt")
    assert (deal.whole_deal.aggregate_balance, deal.whole_deal.loan_count) == (619_800_778.37, 1_225)
    assert (deal.whole_deal.wac, deal.whole_deal.wam_months, deal.whole_deal.wa_ltv) == (5.843, 357.95, 64.5)
    assert deal.missing == () and deal.warnings == ()
    assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in sample.checks]


# --- an additional collateral list's item in words no item's rule reads --------------------------------

COLLATERAL_BALANCE = "such mortgage loans had an aggregate scheduled principal balance of\n            $874,708;"


@pytest.mark.parametrize(
    "item",
    [
        "such mortgage loans had a total principal balance of\n            $874,708;",
        "such mortgage loans represent $874,708;",
    ],
)
def test_an_additional_collateral_items_figure_not_read_is_said(item):
    # The balance of the loans with additional collateral was left out in silence: no warning, no doubt, the
    # summary's "Balance" a dash as for a filing that states none.
    assert TERM_SHEET.count(COLLATERAL_BALANCE) == 1
    deal = _read(TERM_SHEET.replace(COLLATERAL_BALANCE, item))
    collateral = deal.whole_deal.additional_collateral
    assert (collateral.loan_count, collateral.balance) == (3, None)  # never a figure guessed for a measure
    assert (collateral.wa_ltv_with_collateral, collateral.wa_ltv_without_collateral) == (80.0, 100.0)
    said, lines = " ".join(item.split()).rstrip(";"), "lines 120-121" if "\n" in item else "line 120"
    assert [w for w in deal.warnings if "additional collateral" in w] == [
        f"additional collateral item 2 ({said!r}, {lines}): its figure is not read (the parser does not know which"
        " measure it is)"
    ]


# --- HTML tables inside a <pre>: a text filing's page whose tables a filing agent set as HTML ------------


def _strat_as_html(table: StratTable) -> str:
    """A stratification table as an HTML table: its headings, its rows ("$" in a cell of its own), its Total."""
    head = (
        f"<tr><td>{html.escape(table.label_header)}</td><td>Number of<br>Loans</td><td></td>"
        "<td>Aggregate Principal<br>Balances Outstanding</td></tr>"
    )
    rows = "".join(
        f"<tr><td>{html.escape(r.label)}</td><td align=right>{r.count:,}</td><td>{'$' if i == 0 else ''}</td>"
        f"<td align=right>{r.balance:,.0f}</td></tr>"
        for i, r in enumerate(table.rows)
    )
    total = (
        f"<tr><td><b>Total</b></td><td align=right><b>{table.total.count:,}</b></td><td><b>$</b></td>"
        f"<td align=right><b>{table.total.balance:,.0f}</b></td></tr>"
    )
    return f"<b>{html.escape(table.title)}</b>\n<table border=0 cellpadding=0>{head}{rows}{total}</table>"


def _strat_figures(table: StratTable) -> tuple:
    return table.title, [(r.label, r.count, r.balance) for r in table.rows], (table.total.count, table.total.balance)


def _one_pre_with_html_tables(text: str, deal: Deal) -> str:
    """The filing's text in one <pre>, each stratification table in it an HTML table (the FICO matrix, in the
    sample's own SGML <TABLE> tags, as text)."""
    lines, parts, start = text.split("\n"), [], 0
    for table in sorted(deal.tables, key=lambda t: t.line_range[0]):
        first, last = table.line_range[0] - 1, table.line_range[-1]
        parts += [html.escape("\n".join(lines[start:first])), _strat_as_html(table)]
        start = last + 1 if set(lines[last].strip()) <= {"="} else last
    parts.append("\n".join(lines[start:]))  # the matrix's <TABLE>, <CAPTION>, <S> and <C> as the text has them
    return "<html><body><pre>" + "\n".join(parts) + "</pre></body></html>"


def test_html_tables_inside_a_pre_are_read_as_tables():
    # A <table> inside a <pre> was taken for a text filing's SGML <TABLE> and its cells read as lines of text:
    # every stratification table was lost ("stratification tables" missing, 35 checks gone) and their figures
    # were read as prose ("aggregate_balance: stated again as 34,980,358").
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.htm")
    page = _one_pre_with_html_tables(TERM_SHEET, sample)
    assert page.count("<table") == 7 and "<TABLE>" in page
    deal = _read(page, "cmsi-2004-3.htm")
    assert [_strat_figures(t) for t in deal.tables] == [_strat_figures(t) for t in sample.tables]
    assert [m.cells for m in deal.matrices] == [m.cells for m in sample.matrices]
    assert deal.tables[0].rows[0].balance == 34_980_358
    assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in sample.checks]
    assert deal.missing == () and deal.warnings == ()


# --- UTF-8 text with a stray Windows-1252 byte, as filings assembled from pieces have it -----------------

ZERO_ROW = "$1,000,000 and over                   0                                    0"


@pytest.mark.parametrize("stray", [b"CMSI\x92s", b"O\x92Fallon"], ids=["in the prose", "on the cover"])
def test_utf8_text_with_a_stray_windows_byte_keeps_its_utf8_characters(stray):
    # One "\x92" (Word's apostrophe) made the whole UTF-8 file read as Windows-1252: the rate bucket's en dash
    # became "\u00e2\u20ac\u201c" ("5.250% \u00e2\u20ac\u201c 5.500%", a label of no other deal), the LTV bucket's too (the matrix's
    # six checks against the LTV table left out unsaid), and the size table's row of em dashes for zeros lost.
    text = TERM_SHEET.replace("5.250% - 5.500%", "5.250% \u2013 5.500%").replace(
        "65.001% - 75.000%", "65.001% \u2013 75.000%"
    )
    text = text.replace(ZERO_ROW, ZERO_ROW.replace(" 0", " \u2014"))
    data = text.encode("utf-8").replace(stray.replace(b"\x92", b"'"), stray)
    assert data.count(b"\x92") == 1
    sample = read_sample(TERM_SHEET, "cmsi-redteam.txt")
    deal = load_filing(ingest_bytes(data, "cmsi-redteam.txt"))
    assert [_strat_figures(t) for t in deal.tables] == [_strat_figures(t) for t in sample.tables]
    assert deal.tables[4].rows[0].label == "5.250% - 5.500%"
    last = deal.tables[3].rows[-1]
    assert (last.label, last.count, last.balance) == ("$1,000,000 and over", 0, 0.0)
    assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in sample.checks]
    assert deal.warnings == ()
    assert deal.source.encoding == "utf-8 (some bytes cp1252)"


# --- certificate classes' balances in the defined terms of later filings ------------------------------

CLASS_BALANCE = re.compile(
    r"The aggregate initial principal balance of the class (\S+) certificates as of\nOctober 1, 2004 was (\$[\d,.]+)\."
)
CLASSES = [
    ("A", 481_546_830.0),
    ("B-1", 6_170_000.0),
    ("B-2", 2_469_000.0),
    ("B-3", 1_234_000.0),
    ("B-4", 987_000.0),
    ("B-5", 494_000.0),
    ("B-6", 740_547.57),
]


def _classes_written(sentence: str) -> str:
    text, count = CLASS_BALANCE.subn(sentence, DETAILED)
    assert count == 7
    return text


@pytest.mark.parametrize(
    "sentence",
    [
        r"The initial Class Principal Balance of the Class \1 Certificates as of\nOctober 1, 2004 was \2.",
        r"The initial Class Certificate Balance of the Class \1 Certificates as of\nOctober 1, 2004 was \2.",
        r"The Class \1 Certificates had an initial Certificate Principal Balance of\n\2 as of October 1, 2004.",
        r"The aggregate initial stated principal balance of the class \1 certificates as of\nOctober 1, 2004 was \2.",
    ],
)
def test_a_classs_initial_balance_in_a_later_filings_defined_terms_is_read(sentence):
    # Every class's balance was missing and class B-6 (named in no other sentence) left out of the deal unsaid.
    deal = _read(_classes_written(sentence))
    sample = read_sample(DETAILED, "cmsi-redteam.txt")
    assert [(c.name, c.initial_balance) for c in deal.classes] == CLASSES
    assert [(c.name, c.subordination_level) for c in deal.classes] == [
        (c.name, c.subordination_level) for c in sample.classes
    ]
    assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in sample.checks]
    assert deal.missing == () and deal.warnings == ()


@pytest.mark.parametrize(
    "sentence",
    [
        r"The principal balance of the class \1 certificates as of\nOctober 1, 2004 was \2.",
        r"The class \1 certificates have a face amount of \2.",
        r"The class \1 certificates were issued in an aggregate amount of \2.",
    ],
)
def test_a_classs_balance_in_words_no_rule_reads_is_said_and_the_class_kept(sentence):
    # Class B-6, whose balance sentence is its only mention, vanished from the deal: no class, no doubt, no missing.
    deal = _read(_classes_written(sentence))
    assert [(c.name, c.initial_balance) for c in deal.classes] == [(name, None) for name, _ in CLASSES]
    assert deal.missing == tuple(f"class {name} initial balance" for name, _ in CLASSES)
    said = [w for w in deal.warnings if w.startswith("class B-6 initial_balance: the filing states it in")]
    assert len(said) == 1 and "$740,547.57" in said[0] and said[0].endswith("which was not read")
    assert not deal.checks_passed  # the classes' checks could not run


# --- a pool's averages in the words of later term sheets ------------------------------------------------


def _reworded(old: str, new: str) -> str:
    pattern = re.compile(r"\s+".join(map(re.escape, old.split())))
    assert len(pattern.findall(TERM_SHEET)) == 1, old
    return pattern.sub(new, TERM_SHEET)


@pytest.mark.parametrize(
    "old, new",
    [
        ("weighted average interest rate on", "weighted average gross coupon of"),
        ("weighted average interest rate on", "weighted average current mortgage rate of"),
        ("weighted average interest rate on", "weighted average gross mortgage rate of"),
        ("weighted average remaining term to stated maturity", "weighted average stated remaining term to maturity"),
        ("weighted average remaining term to stated maturity", "weighted average remaining months to maturity"),
    ],
)
def test_a_pools_wac_or_wam_in_later_term_sheets_words_is_read(old, new):
    # Each was "in the filing but not read": the WAC (or WAM) missing, and the checks needing it not run.
    deal = _read(_reworded(old, new))
    sample = read_sample(TERM_SHEET, "cmsi-redteam.txt")
    whole = deal.whole_deal
    assert (whole.wac, whole.wam_months, whole.wa_original_term_months, whole.wa_ltv) == (5.843, 357.95, 359.54, 64.5)
    assert deal.missing == () and deal.warnings == ()
    assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in sample.checks]


# --- text an HTML page hides: none of the filing as its reader sees it ----------------------------------


def _html_term_sheet() -> str:
    """The term sheet as HTML: its paragraphs in <p>, its tables in <table> (``_strat_as_html``), the matrix in a
    <pre> as the text sets it."""
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.htm")
    lines, parts, start = TERM_SHEET.split("\n"), [], 0
    for table in sorted(sample.tables, key=lambda t: t.line_range[0]):
        first, last = table.line_range[0] - 1, table.line_range[-1]
        paragraphs = re.split(r"\n\s*\n", "\n".join(lines[start:first]))
        parts += [f"<p>{html.escape(' '.join(p.split()))}</p>" for p in paragraphs if p.strip() != "<PAGE>"]
        title, grid = _strat_as_html(table).split("\n", 1)
        parts += [f"<p align=center>{title}</p>", grid, *(f"<p>{html.escape(n)}</p>" for n in table.footnotes)]
        start = last + 1 if set(lines[last].strip()) <= {"="} else last
    parts.append("<pre>" + html.escape("\n".join(lines[start:])) + "</pre>")
    return "<html><body>\n" + "\n".join(parts) + "\n</body></html>"


WAC_SENTENCE = "<p>The total number of mortgage loans"
HIDDEN = {
    "an old sentence in a paragraph hidden": (
        WAC_SENTENCE,
        '<p style="display:none">The weighted average interest rate on the mortgage loans as of May 1, 2004 was'
        f" 6.125%.</p>{WAC_SENTENCE}",
    ),
    "an old sentence in a paragraph hidden, left open": (
        WAC_SENTENCE,
        '<P STYLE="DISPLAY: NONE">The weighted average interest rate on the mortgage loans was 6.125%.' + WAC_SENTENCE,
    ),
    "Word's hidden text beside the figure": (
        "was 5.843%",
        "was <span style='display:none;mso-hide:all'>6.125%</span>5.843%",
    ),
    "an old row hidden": (
        "<tr><td>2004</td>",
        '<tr style="display:none"><td>2002</td><td align=right>5</td><td></td><td align=right>2,000,000</td></tr>'
        "<tr><td>2004</td>",
    ),
    "an old cell hidden, left open": ("<td align=right>1,152</td>", "<td hidden>1,125<td align=right>1,152</td>"),
    "hidden text left open in a cell, ended by the cell": (
        "<td align=right>1,152</td>",
        "<td align=right>1,152<span style='display:none'> 1,125</td>",
    ),
    "an old table and sentence in a hidden division": (
        WAC_SENTENCE,
        "<div style='display:none'><table><tr><td>WAC</td><td>6.125%</td></tr><tr><td>Loans</td><td>999</td></tr>"
        "</table><p>The weighted average interest rate on the mortgage loans was 6.125%.</p></div>" + WAC_SENTENCE,
    ),
}


@pytest.mark.parametrize("hidden", sorted(HIDDEN))
def test_what_an_html_page_hides_is_not_read(hidden):
    # A paragraph a browser does not show ("display:none", Word's "mso-hide:all", the "hidden" attribute) was read:
    # its WAC, 6.125%, was the first statement and was kept over the 5.843% shown; a hidden row was a row of the table.
    plain = _html_term_sheet()
    old, new = HIDDEN[hidden]
    assert plain.count(old) == 1
    sample = _read(plain, "cmsi-2004-3.htm")
    deal = _read(plain.replace(old, new), "cmsi-2004-3.htm")
    assert deal.whole_deal.wac == 5.843
    assert [_strat_figures(t) for t in deal.tables] == [_strat_figures(t) for t in sample.tables]
    assert deal.tables[0].rows[1].count == 1_152
    assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in sample.checks]
    assert deal.warnings == sample.warnings == ()


# --- EDGAR's <R> and </R>, which mark revised text in a text filing ----------------------------------


@pytest.mark.parametrize(
    "revised",
    [
        "<R>\n2004                              1,152                          584,820,420\n</R>",
        "<R>2004                              1,152                          584,820,420</R>",
    ],
    ids=["on lines of their own", "on the row's line"],
)
def test_edgars_marks_of_revised_text_are_no_part_of_a_row(revised):
    # An amendment marks the row it revises: the bucket's label was "<R> 2004 </R>", a label of no other deal.
    row = "2004                              1,152                          584,820,420"
    assert TERM_SHEET.count(row) == 1
    sample = read_sample(TERM_SHEET, "cmsi-redteam.txt")
    deal = _read(TERM_SHEET.replace(row, revised))
    assert [_strat_figures(t) for t in deal.tables] == [_strat_figures(t) for t in sample.tables]
    assert deal.tables[0].rows[1].label == "2004"
    assert deal.warnings == ()


# --- a stratification table by FICO score in place of the FICO x LTV matrix --------------------------------


def _with_a_fico_table(rows: tuple[tuple[str, int, int], ...] = FICO_ROWS) -> str:
    """The term sheet with its FICO x LTV matrix replaced by a table of the loans by FICO score."""
    start = TERM_SHEET.index("                         DISTRIBUTION BY FICO SCORES AND")
    end = TERM_SHEET.index("                                   SIGNATURES")
    lines = [
        *fico_table_lines(rows=rows),
        "<PAGE>",
        "",
        "",
    ]
    return TERM_SHEET[:start] + "\n".join(lines) + "\n" + TERM_SHEET[end:]


def test_the_share_below_a_700_fico_from_a_table_by_fico_score():
    # Later term sheets print the loans by FICO score as a table, not a matrix: the FICO mix analysts compare
    # deals by (the long table's, the diff's and the shelf's "FICO below 700") was left out, nothing said.
    from reporting.derive.metrics import BY_KEY

    assert sum(balance for _, _, balance in FICO_ROWS) == 619_800_778
    deal = _read(_with_a_fico_table())
    (fico,) = [t for t in deal.tables if "FICO" in t.title]
    assert deal.matrices == () and deal.checks_passed and deal.warnings == ()
    below = BY_KEY["fico_below_700_share"]
    assert below.value(deal, deal.whole_deal) == pytest.approx(100 * 124_208_077 / 619_800_778)
    assert round(below.value(deal, deal.whole_deal), 2) == 20.04  # the sample's matrix: 0.91 + 2.98 + 16.15
    # The share stands on the table's balances: a check of them that fails marks it doubted.
    key = f"table:{deal.tables.index(fico)}:balance"
    assert key in below.check_keys(deal, deal.whole_deal)
    misprinted = _read(_with_a_fico_table((*FICO_ROWS[:2], ("650 to 699", 198, 100_997_827), *FICO_ROWS[3:])))
    assert [c.name for c in misprinted.checks if not c.passed and key in (c.concerns, *c.also_concerns)] == [
        "table rows add up to the total balance"
    ]


@pytest.mark.parametrize(
    "words",
    [
        "aggregate Cut-off Date Principal Balance",
        "aggregate Cut-off Date Stated Principal Balance",
        "aggregate current principal balance",
    ],
)
def test_the_pools_balance_as_its_cut_off_date_or_current_principal_balance(words):
    # "the aggregate Cut-off Date Principal Balance ... of $619,800,778.37" was in the filing but not read: the
    # pool's balance missing and the eight checks that need it not run.
    text, count = re.subn(r"aggregate\s+scheduled\s+principal\s+balance\s+outstanding", words, TERM_SHEET, count=1)
    assert count == 1
    deal = _read(text)
    sample = read_sample(TERM_SHEET, "cmsi-redteam.txt")
    assert (deal.whole_deal.aggregate_balance, deal.cut_off_date) == (619_800_778.37, sample.cut_off_date)
    assert deal.missing == () and deal.warnings == ()
    assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in sample.checks]


# --- a text filing set in an HTML table, a printed line to a row ---------------------------------------


def _a_line_a_row(cell: str) -> str:
    """The term sheet in one HTML table, each printed line of its text a row of one cell, as ``cell`` sets it."""
    lines = [line for line in TERM_SHEET.split("\n") if line.strip() != "<PAGE>"]
    rows = "".join(f"<tr>{cell.format(html.escape(line))}</tr>\n" for line in lines)
    return f"<html><body><table>\n{rows}</table></body></html>"


@pytest.mark.parametrize(
    "cell",
    [
        "<td><pre>{}</pre></td>",
        "<td style='white-space:pre'>{}</td>",
    ],
    ids=["a <pre> in each cell", "cells that keep their spaces"],
)
def test_a_text_filing_a_printed_line_to_a_tables_row_reads_as_the_text(cell):
    # Laid out as a table of one column, each line lost its spaces: the headings were read as the first row's
    # label ("Number of Aggregate Principal Year Originated Loans Balances Outstanding 2003"), or every table lost.
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.htm")
    deal = _read(_a_line_a_row(cell), "cmsi-2004-3.htm")
    assert [_strat_figures(t) for t in deal.tables] == [_strat_figures(t) for t in sample.tables]
    assert [m.cells for m in deal.matrices] == [m.cells for m in sample.matrices]
    assert deal.tables[0].rows[0].label == "2003"
    assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in sample.checks]
    assert deal.warnings == ()


def test_a_text_filing_a_printed_line_to_a_row_in_no_break_spaces_reads_as_the_text():
    page = _a_line_a_row("<td>{}</td>")
    page = re.sub(r"<td>(.*?)</td>", lambda m: "<td>" + (m[1].replace(" ", "&nbsp;") or "&nbsp;") + "</td>", page)
    sample = read_sample(TERM_SHEET, "cmsi-2004-3.htm")
    deal = _read(page, "cmsi-2004-3.htm")
    assert [_strat_figures(t) for t in deal.tables] == [_strat_figures(t) for t in sample.tables]
    assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in sample.checks]
    assert deal.warnings == ()


@pytest.mark.parametrize(
    "cut_off",
    ["<table><tr><td>1,152<span style='display:none'>1,125", "<table><tr><td><div hidden><table><tr><td>1,125"],
)
def test_a_filing_cut_off_inside_hidden_text_in_a_table_ends_with_it(cut_off):
    # The tables left open are ended at the document's end, the hidden text still unread.
    text = ingest_bytes(f"<html><body><p>Loans by year.</p>{cut_off}".encode(), "cut.htm").text
    assert "1,125" not in text and "Loans by year." in text
