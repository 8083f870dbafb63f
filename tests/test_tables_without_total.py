"""A stratification table whose Total line is missing (another year's layout, a typist's slip).

Where its rows' end can be told (a rule of "=" under them, its footnotes, a blank line over the next
table's title or over prose, a page break before the next page's title), it is read, rows and columns,
and its checks against a Total are said "could not run: the filing gives no Total line". Where it cannot
(the rows run straight into a title or prose, a line's figures stand in other columns), it is said not
read, as before; never does it take in a line of the next table or of the prose.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from sample_deals import read_sample

from reporting.derive.summary import summarise
from reporting.model.deal import Deal, StratTable
from reporting.pipeline import load_filing
from reporting.present.jsonio import deal_to_json
from reporting.present.summary_page import render_html
from reporting.present.terminal import deal_summary
from reporting.read.deal_json import deal_from_json
from reporting.read.ingest import ingest_bytes
from reporting.samples import TERM_SHEET_2004_3
from reporting.validate import validate

TERM_SHEET = TERM_SHEET_2004_3.read_text(encoding="utf-8")
SAMPLE = read_sample(TERM_SHEET, "cmsi-2004-3.txt")
LINES = TERM_SHEET.split("\n")

DWELLINGS = "TYPES OF DWELLINGS SUBJECT TO MORTGAGE LOANS"
STATES = "GEOGRAPHIC DISTRIBUTION OF MORTGAGED PROPERTIES BY STATE"
NO_TOTAL = "the filing gives no Total line for this table"
NOT_READ = "was not read whole: the parser finds no Total line for it"
DWELLING_ROWS = [
    ("Detached Houses", 1069, 540_685_761),
    ("Multi-family Dwellings*", 29, 15_681_653),
    ("Townhouses", 25, 11_721_426),
    ("Condominium Units (one to four stories high)", 40, 18_265_610),
    ("Condominium Units (over four stories high)", 15, 9_413_193),
    ("Cooperative Units", 47, 24_033_135),
]
TOTAL_CHECKS = [  # could not run: no Total line to add the rows up to
    "table rows add up to the total loan count",
    "table rows add up to the total balance",
]
POOL_CHECKS = [  # run in their stead: a table covers every loan of its pool
    "table rows add up to the pool's loan count",
    "table rows add up to the pool's balance",
]


def _read(lines: list[str], name: str = "cmsi-2004-3-no-total.txt") -> Deal:
    return load_filing(ingest_bytes("\n".join(lines).encode(), name))


def _index(starts: str, after: int = 0) -> int:
    return next(i for i in range(after, len(LINES)) if LINES[i].startswith(starts))


def _title_line(title: str) -> int:
    """The filing's 1-based line of a title's first line (a title may go on in the next)."""
    first_words = " ".join(title.split()[:3])
    return next(i for i, line in enumerate(LINES) if first_words in line) + 1


def _total_of(title: str) -> int:
    """The index of the Total line of the table under ``title``."""
    return _index("Total", _title_line(title))


def _without(*indices: int) -> list[str]:
    return [line for i, line in enumerate(LINES) if i not in indices]


def _table(deal: Deal, words: str) -> StratTable:
    (table,) = [t for t in deal.tables if words in t.title]
    return table


def _figures(table: StratTable) -> list[tuple[str, int | None, float | None]]:
    return [(row.label, row.count, row.balance) for row in table.rows]


def _total(table: StratTable) -> tuple[int | None, float | None] | None:
    return (table.total.count, table.total.balance) if table.total else None


def _titles(deal: Deal) -> list[str]:
    return [t.title for t in deal.tables]


def _others_as_in_the_sample(deal: Deal, left_out: str) -> None:
    """Every other table read as in the sample: none took in a line of the table with no Total line."""
    others = [(t.title, _figures(t), _total(t)) for t in SAMPLE.tables if left_out not in t.title]
    assert [(t.title, _figures(t), _total(t)) for t in deal.tables if left_out not in t.title] == others
    assert [m.cells for m in deal.matrices] == [m.cells for m in SAMPLE.matrices]


# --- read where the rows' end can be told -------------------------------------------------------


def test_a_table_whose_total_line_is_missing_is_read_with_its_checks_said_not_run():
    # The dwelling table's Total line left out: its rule of "=" still under the rows, then its footnote.
    deal = _read(_without(_total_of(DWELLINGS)))
    dwellings = _table(deal, DWELLINGS)
    assert _figures(dwellings) == DWELLING_ROWS
    assert dwellings.label_header == "Type of Dwelling Unit"
    assert dwellings.total is None
    assert dwellings.footnotes == ("*   Multi-family dwellings are 2-family, 3-family and 4-family.",)
    assert dwellings.warnings[0].startswith(f"{NO_TOTAL}: its rows could not be checked against one; their sums")
    assert _titles(deal) == _titles(SAMPLE)
    _others_as_in_the_sample(deal, DWELLINGS)
    # Its checks against a Total could not run, each named; its rows' sums were checked against the pool's
    # stated loan count and balance (1,225 loans, $619,800,778.37) instead; the others ran as in the sample.
    title = _title_line(DWELLINGS)
    assert [(n.name, n.subject) for n in deal.not_run] == [(name, DWELLINGS) for name in TOTAL_CHECKS]
    against_pool = [c for c in deal.checks if c.name in POOL_CHECKS]
    assert [(c.name, c.subject, c.expected, c.actual, c.passed) for c in against_pool] == [
        (POOL_CHECKS[0], DWELLINGS, 1225, 1225, True),
        (POOL_CHECKS[1], DWELLINGS, 619_800_778.37, sum(b for _, _, b in DWELLING_ROWS), True),
    ]
    assert len(deal.checks) == len(SAMPLE.checks) - 4 + 2 and all(c.passed for c in deal.checks)
    assert not deal.all_checks_passed
    assert (
        deal.not_run_reason
        == f"2 could not run: the filing gives no Total line for the table {DWELLINGS!r} (line {title})"
    )
    assert not any(NOT_READ in w for w in deal.warnings)
    assert f"{DWELLINGS}: {dwellings.warnings[0]}" in deal.warnings


def test_the_table_read_with_no_total_line_is_in_every_format():
    deal = _read(_without(_total_of(DWELLINGS)))
    said = f"the filing gives no Total line for the table {DWELLINGS!r}"
    terminal = deal_summary(deal)
    assert DWELLINGS in terminal and said in terminal
    summary = summarise(deal)
    (table,) = [t for t in summary.tables if t.title.upper() == DWELLINGS]
    assert [(r.label, r.count, r.balance) for r in table.rows] == DWELLING_ROWS
    assert table.total_count is None and table.total_balance is None
    # Shares are of the rows' sum where there is no Total line (``table_base``): none is invented.
    rows_sum = sum(balance for _, _, balance in DWELLING_ROWS)
    assert [r.share for r in table.rows] == pytest.approx([b / rows_sum * 100 for _, _, b in DWELLING_ROWS])
    html = unescape(render_html(summary, {}))
    assert "Types of Dwellings Subject to Mortgage Loans" in html
    assert re.search(r"Detached Houses.{0,400}1,069.{0,200}\$540,685,761", html, re.S)
    assert NO_TOTAL in html and said in html
    # Its footer says the filing gives no Total, not a Total row of dashes that reads as figures not stated.
    footer = re.search(r"Cooperative Units.*?<tfoot>(.*?)</tfoot>", html, re.S).group(1)
    assert re.sub(r"<[^>]+>|\s+", " ", footer).split() == "Total not given by the filing".split()
    # The deal's JSON keeps the table with no Total, and its checks not run come back the same.
    again = validate(deal_from_json(deal_to_json(deal)))
    assert _figures(_table(again, DWELLINGS)) == DWELLING_ROWS and _table(again, DWELLINGS).total is None
    assert again.not_run == deal.not_run


def test_a_table_ending_at_a_blank_line_over_the_next_tables_title_is_read_on_its_own():
    # The years table's Total line and its rule of "=" left out: its last row, blank lines, the next title.
    total = _total_of("YEARS OF ORIGINATION")
    deal = _read(_without(total, total + 1))
    years = _table(deal, "YEARS OF ORIGINATION")
    assert _figures(years) == [("2003", 73, 34_980_358), ("2004", 1152, 584_820_420)]
    assert years.total is None
    _others_as_in_the_sample(deal, "YEARS OF ORIGINATION")
    assert [n.subject for n in deal.not_run] == ["YEARS OF ORIGINATION OF MORTGAGE LOANS"] * 2
    assert [c.passed for c in deal.checks if c.name in POOL_CHECKS] == [True, True]


def test_a_table_ending_at_a_page_break_before_the_next_pages_title_is_read():
    # The state table's Total line and its rule of "=" left out: its last row, then the page breaks
    # before the FICO matrix's title.
    total = _total_of(STATES)
    deal = _read(_without(total, total + 1))
    states = _table(deal, STATES)
    assert _figures(states) == _figures(_table(SAMPLE, STATES))
    assert len(states.rows) == 39 and states.rows[-1].label == "Washington" and states.total is None
    _others_as_in_the_sample(deal, STATES)
    assert [n.name for n in deal.not_run] == TOTAL_CHECKS
    assert [(c.name, c.actual, c.passed) for c in deal.checks if c.subject == STATES and c.name in POOL_CHECKS] == [
        (POOL_CHECKS[0], 1225, True),
        (POOL_CHECKS[1], 619_800_778.0, True),
    ]


def test_rows_of_a_table_with_no_total_line_that_do_not_add_up_to_the_pool_fail_their_check():
    # The dwelling table's Total line left out and its Townhouses row gone with it: with no Total to add up
    # to, the rows' sums fall short of the pool's 1,225 loans and $619,800,778.37, and the table is marked.
    townhouses = _index("Townhouses", _title_line(DWELLINGS))
    deal = _read(_without(_total_of(DWELLINGS), townhouses))
    assert [r[0] for r in _figures(_table(deal, DWELLINGS))] == [r[0] for r in DWELLING_ROWS if r[0] != "Townhouses"]
    failed = [(c.name, c.expected, c.actual) for c in deal.checks if not c.passed]
    assert failed == [
        (POOL_CHECKS[0], 1225, 1225 - 25),
        (POOL_CHECKS[1], 619_800_778.37, 619_800_778 - 11_721_426),
    ]
    assert deal.verdict.value == "failed"
    summary = summarise(deal)
    (table,) = [t for t in summary.tables if t.title.upper() == DWELLINGS]
    assert {c.name for c in table.failed} == set(POOL_CHECKS)


def test_a_table_with_its_total_line_but_no_rule_of_equals_signs_is_read_as_before():
    for title in (DWELLINGS, STATES):  # one ends at its footnote, the other at a page break
        total = _total_of(title)
        assert set(LINES[total + 1].split()) == {"=====", "============"}
        deal = _read(_without(total + 1))
        table = _table(deal, title)
        assert _figures(table) == _figures(_table(SAMPLE, title))
        assert (table.total.count, table.total.balance) == (1225, 619_800_778)
        assert [(c.name, c.passed) for c in deal.checks] == [(c.name, c.passed) for c in SAMPLE.checks]
        assert not deal.not_run and deal.all_checks_passed


# --- not read where the rows' end cannot be told --------------------------------------------------


def _said_not_read(deal: Deal, title: str) -> None:
    assert not any(title in t for t in _titles(deal))
    assert f"the table titled {title!r} (line {_title_line(title)}) {NOT_READ}" in deal.warnings
    assert [n.table_not_read for n in deal.not_run] == [(_title_line(title), title)]


def test_rows_running_straight_into_the_next_title_are_not_read():
    # The years table's Total, its rule and the blank lines under it left out: its last row runs into the
    # dwelling table's title. Where it ends cannot be told: said not read, and the next table is whole.
    total = _total_of("YEARS OF ORIGINATION")
    title = _title_line(DWELLINGS) - 1
    assert all(not LINES[i].strip() for i in range(total + 2, title))
    deal = _read(_without(*range(total - 2, title)))
    _said_not_read(deal, "YEARS OF ORIGINATION OF MORTGAGE LOANS")
    assert _figures(_table(deal, DWELLINGS)) == DWELLING_ROWS


def test_rows_running_straight_into_prose_are_not_read():
    lines = list(LINES)
    total = _total_of(DWELLINGS)
    lines[total - 2 : total + 1] = ["The Mortgaged Properties are mostly detached houses, as the table above shows."]
    deal = _read(lines)
    _said_not_read(deal, DWELLINGS)
    _others_as_in_the_sample(deal, DWELLINGS)


def test_a_line_whose_figures_stand_in_other_columns_is_never_taken_in():
    # Under the last row, a line of figures set under other columns than the table's: another table's row,
    # or a misprint. The table is not read rather than read with it, or cut short above it.
    lines = list(LINES)
    total = _total_of(DWELLINGS)
    lines[total] = "Leasehold Estates         3            1,234,567"
    deal = _read(lines)
    _said_not_read(deal, DWELLINGS)


def test_a_matrix_with_no_total_line_is_not_read():
    # With no Total line to tell a matrix of percents from a table of counts and balances: said, not read.
    (total,) = [i for i, line in enumerate(LINES) if line.startswith("Total") and "100.00%" in line]
    deal = _read(_without(total, total + 1))
    assert not deal.matrices
    title = "DISTRIBUTION BY FICO SCORES AND LOAN-TO-VALUE RATIOS AT ORIGINATION"
    # the reason now says why a matrix wants its Total line (was the reason said of any table, NOT_READ)
    why = "the parser finds no Total line under its rows, and a table of percents is not read as a matrix"
    assert any(w.startswith(f"the table titled {title!r}") and why in w for w in deal.warnings)
    assert [(t.title, _figures(t)) for t in deal.tables] == [(t.title, _figures(t)) for t in SAMPLE.tables]
